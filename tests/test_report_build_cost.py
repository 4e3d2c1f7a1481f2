"""What a report build does not pay for: jsonschema's optional IRI format checks (the module ``rfc3987_syntax``
compiles 38 lark grammars when imported, 3 to 4 s of CPU in each process that imports nbformat). Neither the run
(papermill, nbconvert) nor its kernel (plotly.io imports nbformat) loads it; nothing else changes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lqrel.report.runner import IRI_GRAMMARS, ReportError, build_report
from tests.conftest import ROOT, sample_dataset, tiny_notebook


@pytest.mark.slow  # a fresh interpreter imports papermill and nbconvert: seconds
def test_the_run_imports_nbformat_without_the_iri_grammars_and_leaves_them_importable():
    script = ("import sys\nfrom lqrel.report.runner import _without_iri_grammars\n"
              "with _without_iri_grammars():\n    import nbformat, papermill, nbconvert\n"
              f"print({IRI_GRAMMARS!r} in sys.modules, 'jsonschema' in sys.modules)\n"
              f"import {IRI_GRAMMARS}\nprint({IRI_GRAMMARS!r} in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True", "True"]


@pytest.mark.slow  # a fresh interpreter imports jsonschema with its grammars: seconds
def test_where_jsonschema_is_loaded_already_nothing_changes():
    script = ("import sys, jsonschema\nfrom lqrel.report.runner import _without_iri_grammars\n"
              f"with _without_iri_grammars():\n    print(sys.modules.get({IRI_GRAMMARS!r}, 'absent') is None)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False"]


@pytest.mark.slow  # starts a Jupyter kernel
def test_the_kernel_loads_plotly_without_the_iri_grammars(tmp_path):
    """The kernel sets up plotly as the report's first cell does (plotly's renderers import nbformat and
    jsonschema); the grammars stay out. The notebook writes no summary, so the run ends with that error after the
    cell passed."""
    source = ("import sys\nfrom lqrel.report import present\npresent.setup_report()\n"
              "assert 'jsonschema' in sys.modules, 'no jsonschema'\n"
              f"assert sys.modules.get({IRI_GRAMMARS!r}, 'absent') is None, sys.modules.get({IRI_GRAMMARS!r})")
    nb = tiny_notebook(tmp_path, source)
    with pytest.raises(ReportError, match="wrote no headline summary"):
        build_report(sample_dataset(), "2022", tmp_path / "out", notebook=nb, formats=("ipynb",))
