"""lqrel: power-supply reliability analytics for Linqu County (临朐县).

Public API: :func:`load_dataset` (or :func:`from_frames`) gives the one :class:`Dataset` every command and
notebook works on (events, customers served, settings, data coverage); :func:`check_targets` judges a year of
it; :func:`indices` computes the indices of events and customers; :func:`load_events`, :func:`load_customers`,
:func:`load_params` and :func:`parse_period` are the parts.
"""

from lqrel.coverage import Coverage
from lqrel.customers import customers_served, load_customers
from lqrel.dataset import Dataset, from_frames, load_dataset
from lqrel.errors import DataError, InputError, LqrelError, ParamsError
from lqrel.events import LoadReport, load_events, validate_events
from lqrel.indices import indices
from lqrel.params import Params, load_params
from lqrel.periods import Period, parse_period
from lqrel.targets import check_targets

__version__ = "0.1.0"

__all__ = [
    "Coverage", "DataError", "Dataset", "InputError", "LoadReport", "LqrelError", "Params", "ParamsError", "Period",
    "check_targets", "customers_served", "from_frames", "indices", "load_customers", "load_dataset", "load_events",
    "load_params", "parse_period", "validate_events", "__version__",
]
