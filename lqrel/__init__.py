"""lqrel: power-supply reliability analytics for Linqu County (临朐县).

Public API: :func:`load_events`, :func:`load_customers`, :func:`indices`, :func:`check_targets`,
:func:`load_params`, :func:`parse_period`.
"""

from lqrel.customers import customers_served, load_customers
from lqrel.errors import DataError, InputError, LqrelError, ParamsError
from lqrel.events import LoadReport, load_events, validate_events
from lqrel.indices import indices
from lqrel.params import Params, load_params
from lqrel.periods import Period, parse_period
from lqrel.targets import check_targets

__version__ = "0.1.0"

__all__ = [
    "DataError", "InputError", "LoadReport", "LqrelError", "Params", "ParamsError", "Period",
    "check_targets", "customers_served", "indices", "load_customers", "load_events", "load_params",
    "parse_period", "validate_events", "__version__",
]
