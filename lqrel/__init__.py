"""lqrel: power-supply reliability analytics for Linqu County (临朐县).

Public API: :func:`load_dataset` (or :func:`from_frames`) gives the one :class:`Dataset` every command and
notebook works on (events, customers served, settings, data coverage); :func:`check_targets` judges a year of
it; :func:`indices` computes the indices of events and customers; :func:`load_events`, :func:`load_customers`,
:func:`load_params` and :func:`parse_period` are the parts.
"""

import importlib
import sys
import types

__version__ = "0.1.0"

#: Public name -> the module that holds it, imported on first use (PEP 562): ``import lqrel`` stays cheap, so the
#: command line can install its signal handlers before pandas and the rest are imported.
_PUBLIC = {
    "Coverage": "lqrel.coverage", "customers_served": "lqrel.customers", "load_customers": "lqrel.customers",
    "Dataset": "lqrel.dataset", "from_frames": "lqrel.dataset", "load_dataset": "lqrel.dataset",
    "DataError": "lqrel.errors", "InputError": "lqrel.errors", "LqrelError": "lqrel.errors",
    "ParamsError": "lqrel.errors", "LoadReport": "lqrel.events", "load_events": "lqrel.events",
    "validate_events": "lqrel.events", "indices": "lqrel.indices", "Params": "lqrel.params",
    "load_params": "lqrel.params", "Period": "lqrel.periods", "parse_period": "lqrel.periods",
    "check_targets": "lqrel.targets",
}


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lqrel' has no attribute {name!r}")


class _Package(types.ModuleType):
    """The package module. ``lqrel.indices`` is the function, as with the eager imports it replaces, even once the
    submodule of the same name has been imported: Python then sets the submodule as the package's attribute, and
    this keeps the public function in its place (PEP 562's ``__getattr__`` alone would stop being asked)."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and _PUBLIC.get(name) == value.__name__ and hasattr(value, name):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


__all__ = [
    "Coverage", "DataError", "Dataset", "InputError", "LoadReport", "LqrelError", "Params", "ParamsError", "Period",
    "check_targets", "customers_served", "from_frames", "indices", "load_customers", "load_dataset", "load_events",
    "load_params", "parse_period", "validate_events", "__version__",
]
