"""The package's public names (``lqrel.load_dataset``, ``lqrel.indices`` ...): cheap to import, and each the
function or class its docstring promises, whatever was imported before (checked in a fresh interpreter)."""

import subprocess
import sys

from tests.conftest import ROOT


def _fresh(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_import_lqrel_does_not_import_pandas():
    """The command line installs its signal handlers after ``import lqrel`` and before pandas loads."""
    assert _fresh("import sys, lqrel; print('pandas' in sys.modules)") == "False"


def test_indices_stays_the_function_after_its_submodule_is_imported():
    """``lqrel.indices`` is also a submodule's name: importing the submodule (as the library itself does) once
    replaced the function with the module, and ``lqrel.indices(events, ...)`` raised 'module is not callable'."""
    code = ("import types, lqrel.indices, lqrel; from lqrel import indices; "
            "print(type(lqrel.indices).__name__, type(indices).__name__)")
    assert _fresh(code) == "function function"


def test_every_public_name_is_what_it_names_not_a_module():
    code = ("import types, lqrel, lqrel.dataset, lqrel.indices, lqrel.events, lqrel.targets; "
            "print(sorted(n for n in lqrel.__all__ if isinstance(getattr(lqrel, n), types.ModuleType)))")
    assert _fresh(code) == "[]"
