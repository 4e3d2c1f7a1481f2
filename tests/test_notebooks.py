"""Notebooks: committed clean, kernelspec python3, literal parameters, and each one runs top to bottom."""

import ast
import json

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # notebooks run by papermill

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"report.ipynb", "explore.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")
    params = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1
    for node in ast.parse("".join(params[0]["source"])).body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant), ast.dump(node)


def test_explore_runs_on_the_sample(tmp_path):
    import papermill  # here, not at the top: its import (nbformat, jsonschema) takes seconds at collection

    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "explore.ipynb"), str(out), kernel_name="python3",
                               cwd=str(ROOT / "notebooks"), progress_bar=False, execution_timeout=300,
                               parameters={"period": "2022Q3"})
    nb = json.loads(out.read_text(encoding="utf-8"))
    assert not any(o.get("output_type") == "error" for c in nb["cells"] for o in c.get("outputs", []))
    mimes = {k for c in nb["cells"] for o in c.get("outputs", []) for k in o.get("data", {})}
    assert "application/vnd.plotly.v1+json" in mimes  # interactive charts inside JupyterLab
    saved = out.read_text(encoding="utf-8")
    assert "plotly.js v" not in saved and out.stat().st_size < 2_000_000  # plotly.js is not embedded per notebook
    headings = {"".join(c["source"]).splitlines()[0] for c in nb["cells"] if c["cell_type"] == "markdown"}
    assert {"## 5. 重大事件日", "## 6. 趋势与全年预测", "## 7. 频繁停电与停电时户数预算",
            "### 预测有多可信：在本数据上的回测"} <= headings  # the analysts read Chinese
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    drawn = sum("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)
    assert drawn == sum("".join(c["source"]).count("charts.show(") for c in nb["cells"]) >= 8  # every chart drawn
