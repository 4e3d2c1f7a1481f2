"""``lqrel validate`` and ``lqrel check`` print the same warnings for the same file: every CSV export of the
messy-export corpus (tests/data/messy/, see tests/test_messy_exports.py), with the settings that let it load,
through both commands in this process."""

from __future__ import annotations

import pytest
import yaml

from lqrel.cli import main
from tests.conftest import ROOT

MESSY = ROOT / "tests" / "data" / "messy"
CUST = MESSY / "customers_area_2022_2024.csv"
TOWN_CUST = MESSY / "customers_towns_2023.csv"
Y2023 = {"coverage": {"from": "2023-01-01", "through": "2023-12-31"}}
#: The settings and customers a file needs to load at all (as tests/test_messy_exports.py settles them); the
#: others load with the year 2023 declared and the area customers.
SETTLED = {
    "c01": ({"coverage": {"from": "2022-01-01", "through": "2023-12-31"}}, CUST),
    "c15": ({**Y2023, "date_order": "dmy"}, CUST),
    "c16": ({**Y2023, "date_order": "dmy"}, CUST),
    "c17": ({**Y2023, "date_order": "dmy"}, CUST),
    "c30": (Y2023, TOWN_CUST),
    "c31": ({**Y2023, "known_towns": ["城关街遒"]}, TOWN_CUST),
    "c32": ({**Y2023, "areas": {"column": "town", "urban": ["城关街道", "东城街道", "东城街遒"]},
             "known_towns": ["东城街遒"]}, TOWN_CUST),
    "c35": ({**Y2023, "duration_unit": "min"}, CUST),
}
EXPORTS = sorted(MESSY.glob("c[0-9][0-9]_*.csv"))
#: The exports written with a warning in them: reused ids (c01, c02), probable double entries (c07, c08, c37),
#: names spelt several ways (c09, c10, c11) and events outside the declared year 2023 (c25, c27, c28, c29, c36).
WARNED = {"c01", "c02", "c07", "c08", "c37", "c09", "c10", "c11", "c25", "c27", "c28", "c29", "c36"}

@pytest.fixture(autouse=True)
def english(monkeypatch):
    """This file reads the command line's English text (tests/test_language.py reads the Chinese default)."""
    monkeypatch.setenv("LQREL_LANG", "en")



@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("LQREL_TODAY", "2026-12-03")


def _params(tmp_path, path):
    settings, customers = SETTLED.get(path.name[:3], (Y2023, CUST))
    target = tmp_path / "params.yaml"
    raw = {"events": str(path), "customers": str(customers), **settings}
    target.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return target


def _warnings(out: str) -> list[str]:
    """The lines of the ``Warnings (N):`` block: its head and rows, without the hint under a cut list."""
    lines = out.splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("Warnings (")]
    if not heads:
        return []
    assert len(heads) == 1, out
    block = []
    for line in lines[heads[0]:]:
        if not line.strip():
            break
        block.append(line)
    return [line for line in block if not line.startswith("(first ")]


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name[:3])
def test_validate_and_check_print_the_same_warnings(tmp_path, capsys, path):
    params = _params(tmp_path, path)
    v_code, v_out, v_err = _run(capsys, "validate", "--params", params)
    c_code, c_out, c_err = _run(capsys, "check", "--params", params, "--year", 2023)
    assert v_code in (0, 1) and c_code == 0, (v_err, c_err)
    assert v_err == c_err == ""
    assert _warnings(c_out) == _warnings(v_out)
    if path.name[:3] in WARNED:  # the comparison is not between two empty lists
        assert _warnings(c_out), c_out
    if path.name[:3] == "c07":  # rows 2 and 4: the double entry PM001 / DD9001, one warning each
        c07 = _warnings(c_out)
        assert c07[0] == "Warnings (2):" and [line.split()[0] for line in c07[2:]] == ["2", "4"]
        assert all("double_entry" in line and "PM001" in line for line in c07[2:])
