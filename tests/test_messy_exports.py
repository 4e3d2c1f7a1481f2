"""Messy exports (issue 25): a corpus of small files, each written for one class of mess, with the outcome worked
out by hand from docs/spec.md §3, §4, §5, §5a and §7 (never from lqrel).

The CSV exports are committed in tests/data/messy/ (UTF-8 or GB18030); the XLSX exports are written here by
openpyxl from the rows below. Unless a test says otherwise the customers served are 1000 urban and 2000 rural
in every month of 2022-2024 (customers_area_2022_2024.csv), so the time-weighted denominator of any period is
1000 or 2000. Row numbers are as the user sees them: the header is line/row 1, the first data row is 2.
Every load asserts the reconciliation: accepted + rejected + duplicates = rows read, counted by hand.
The day of the run is fixed by LQREL_TODAY=2026-12-03.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import yaml

from lqrel import DataError, InputError, check_targets, load_dataset, load_events, load_params
from lqrel.cli import main

ROOT = Path(__file__).resolve().parents[1]
MESSY = ROOT / "tests" / "data" / "messy"
CUST = MESSY / "customers_area_2022_2024.csv"  # 城镇 1000, 农村 2000 every month 2022-01 .. 2024-12
TOWN_CUST = MESSY / "customers_towns_2023.csv"  # 城关街道 600 + 东城街道 400 urban, 五井镇 1200 + 冶源镇 800 rural
TODAY = "2026-12-03"
Y2023 = {"coverage": {"from": "2023-01-01", "through": "2023-12-31"}}
Y2022_23 = {"coverage": {"from": "2022-01-01", "through": "2023-12-31"}}
T = dt.datetime  # an XLSX date cell
H = ["停电编号", "供电所", "线路名称", "地区特征", "停电性质", "停电开始时间", "停电结束时间", "停电用户数"]

@pytest.fixture(autouse=True)
def english(monkeypatch):
    """This file reads the command line's English text (tests/test_language.py reads the Chinese default)."""
    monkeypatch.setenv("LQREL_LANG", "en")



@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("LQREL_TODAY", TODAY)


# ---------------------------------------------------------------------------------------------------- helpers
def load(path, params=None, rows=None, accepted=None, rejected=0, duplicates=0):
    """load_events with the reconciliation and the hand-counted totals asserted."""
    events, rejects, report = load_events(path, load_params(params or {}))
    assert len(events) + len(rejects) + report.duplicates == report.rows_read
    assert report.rows_read == rows
    assert (len(events), len(rejects), report.duplicates) == (accepted, rejected, duplicates), rejects
    return events, rejects, report


def dataset(path, params=None, customers=CUST, **kwargs):
    ds = load_dataset(load_params(params or {}), events=path, customers=customers, **kwargs)
    rep = ds.load_report
    assert len(ds.events) + len(ds.rejects) + rep.duplicates == rep.rows_read
    return ds


def saidi(ds, period, area, by=None, value=None):
    """SAIDI [h] of an area (or, with by/value, the contribution of one town or feeder of the area)."""
    if by is None:
        idx = ds.indices(period)
        sel = idx[idx["area"].astype(str) == area]
    else:
        idx = ds.indices(period, by=("area", by))
        sel = idx[(idx["area"].astype(str) == area) & (idx[by].astype(str) == value)]
    assert len(sel) == 1, idx
    return float(sel["saidi_h"].iloc[0])


def verdict(ds, year, area):
    res = check_targets(ds, year)
    return res[res["area"].astype(str) == area].iloc[0]


def cli(*args):
    """The command line run in this process from the repository folder, as ``python -m lqrel`` runs it (its
    ``main``: exit code, one line per error); LQREL_TODAY is set by :func:`fixed_today`. The process boundary
    itself is tested in tests/test_cli.py."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def params_file(tmp_path, events, customers=CUST, **extra):
    raw = {"events": str(events), "customers": str(customers), **extra}
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def refused(proc, *named):
    """Exit 2, one `lqrel: error:` line on stderr (no traceback) that names each of ``named``."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any(line.startswith("lqrel: error:") for line in lines), proc.stderr
    for name in named:
        options = name if isinstance(name, tuple) else (name,)
        assert any(o.search(proc.stderr) if isinstance(o, re.Pattern) else o in proc.stderr for o in options), (
            options, proc.stderr)


def number(n):
    """A row number standing alone (not a digit of a year or a path)."""
    return re.compile(rf"(?<![\d-]){n}(?![\d-])")


def write_xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def merge_of(report, column, name):
    found = [m for m in report.name_merges if m["column"] == column and m["name"] == name]
    assert len(found) == 1, report.name_merges
    return found[0]


def at(x):
    return pd.Timestamp(x).strftime("%Y-%m-%d %H:%M")


# ----------------------------------------------------------------------------- 1. id reuse is not duplication
def test_c01_id_reuse_across_yearly_exports(tmp_path):
    path = MESSY / "c01_id_reuse_yearly_exports.csv"
    # two yearly exports pasted together, numbering restarting at TD0001: six outages, none a duplicate
    _, _, rep = load(path, rows=6, accepted=6)
    assert sorted(rep.reused_ids, key=lambda r: r["id"]) == [
        {"id": "TD0001", "rows": [2, 5]}, {"id": "TD0002", "rows": [3, 6]}, {"id": "TD0003", "rows": [4, 7]}]
    assert rep.duplicate_rows == [] or list(rep.duplicate_rows) == []
    ds = dataset(path, Y2022_23)
    # 2022 urban: 100 x 2 h + 50 x 1.5 h = 275 customer-hours / 1000 = 0.275 h
    assert saidi(ds, 2022, "urban") == pytest.approx(0.275, abs=1e-9)
    # 2022 rural: 200 x 3 h = 600 / 2000 = 0.3 h
    assert saidi(ds, 2022, "rural") == pytest.approx(0.3, abs=1e-9)
    # 2023 urban: 300 x 1 h + 80 x 0.5 h = 340 / 1000 = 0.34 h (TD0001 of 2023 is not dropped)
    assert saidi(ds, 2023, "urban") == pytest.approx(0.34, abs=1e-9)
    # 2023 rural: 400 x 4 h = 1600 / 2000 = 0.8 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.8, abs=1e-9)
    proc = cli("validate", path, "--params", params_file(tmp_path, path, **Y2022_23), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["rows_read"] == doc["accepted"] + doc["rejected"] + doc["duplicates"] == 6
    assert sorted(r["id"] for r in doc["reused_ids"]) == ["TD0001", "TD0002", "TD0003"]
    assert "id_reused" in json.dumps(doc["warnings"])  # also a warning, with its rows
    proc = cli("check", "--params", params_file(tmp_path, path, **Y2022_23), "--year", 2023, "--json")
    assert proc.returncode == 0, proc.stderr
    notes = [n for n in json.loads(proc.stdout)["notes"] if n["code"] == "reused_ids"]
    assert len(notes) == 1 and "TD0003" in json.dumps(notes)


def test_c02_id_reuse_two_systems_merged():
    path = MESSY / "c02_id_reuse_two_systems.csv"
    # GD0001 twice on 2023-04-03 but on two feeders (城关01 / 冶源05): two outages; GD0002 on two days
    _, _, rep = load(path, rows=4, accepted=4)
    assert sorted(rep.reused_ids, key=lambda r: r["id"]) == [{"id": "GD0001", "rows": [2, 4]},
                                                              {"id": "GD0002", "rows": [3, 5]}]
    ds = dataset(path, Y2023)
    # urban: 120 x 2 h + 40 x 0.5 h = 260 / 1000 = 0.26 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.26, abs=1e-9)
    # rural: 60 x 0.75 h + 250 x 8 h = 2045 / 2000 = 1.0225 h
    assert saidi(ds, 2023, "rural") == pytest.approx(1.0225, abs=1e-9)


def test_c03_correction_with_the_same_id_keeps_the_last():
    path = MESSY / "c03_id_correction_same_id.csv"
    # YX2301 rows 2 and 4: same feeder, same day -> one outage, the later row (the correction) kept
    _, _, rep = load(path, rows=3, accepted=2, duplicates=1)
    assert list(rep.duplicate_rows) == [2]
    assert rep.reused_ids == []
    ds = dataset(path, Y2023)
    # urban: corrected row 520 x 3.5 h = 1820 / 1000 = 1.82 h (not 500 x 1 h)
    assert saidi(ds, 2023, "urban") == pytest.approx(1.82, abs=1e-9)
    # rural: 100 x 1 h = 100 / 2000 = 0.05 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.05, abs=1e-9)


def test_c04_correction_moving_the_start_within_the_day():
    path = MESSY / "c04_id_correction_start_moved.csv"
    # YX2401 rows 2 and 4: same feeder, starts 09:00 and 07:40 on 2023-10-08 -> one outage, row 4 kept
    _, _, rep = load(path, rows=3, accepted=2, duplicates=1)
    assert list(rep.duplicate_rows) == [2]
    assert rep.reused_ids == []
    ds = dataset(path, Y2023)
    # rural: 300 x 2.5 h (07:40-10:10) = 750 / 2000 = 0.375 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.375, abs=1e-9)
    # urban: 100 x 1 h / 1000 = 0.1 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.1, abs=1e-9)


def test_c05_rejected_later_copy_never_displaces_the_valid_row():
    path = MESSY / "c05_id_correction_later_copy_rejected.csv"
    # row 4 (YX2501 again) ends before it starts: rejected, and row 2 stays the event (not a duplicate)
    _, rejects, _ = load(path, rows=3, accepted=2, rejected=1, duplicates=0)
    assert list(rejects["row"]) == [4]
    ds = dataset(path, Y2023)
    # urban: 300 x 2 h = 600 / 1000 = 0.6 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.6, abs=1e-9)
    # rural: 200 x 1 h = 200 / 2000 = 0.1 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.1, abs=1e-9)


def test_c38_correction_whose_feeder_is_respelt():
    path = MESSY / "c38_id_correction_feeder_respelt.csv"
    # YX3801 rows 2 and 3: 10kV五井03线 / 10KV五井03线 is one feeder, same day -> a correction, not id reuse
    _, _, rep = load(path, rows=3, accepted=2, duplicates=1)
    assert list(rep.duplicate_rows) == [2]
    assert rep.reused_ids == []
    # rural: 200 x 4 h (row 3, 10:00-14:00) + 100 x 1 h = 900 / 2000 = 0.45 h
    assert saidi(dataset(path, Y2023), 2023, "rural") == pytest.approx(0.45, abs=1e-9)


def test_c06_rows_identical_in_every_column():
    path = MESSY / "c06_identical_rows_no_id.csv"  # GB18030, no id column; rows 4, 5 repeat rows 2, 3
    _, _, rep = load(path, rows=5, accepted=3, duplicates=2)
    assert sorted(rep.duplicate_rows) in ([2, 3], [4, 5])  # which copy is named is not specified
    ds = dataset(path, Y2023)
    # urban: 100 x 2 h + 60 x 0.5 h = 230 / 1000 = 0.23 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.23, abs=1e-9)
    # rural: 200 x 1 h = 200 / 2000 = 0.1 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.1, abs=1e-9)


def test_x1_id_reuse_numeric_ids_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "x1_id_reuse_numeric_ids.xlsx", H, [
        [1, "城关街道", "10kV城关01线", "城镇", "故障停电", T(2022, 4, 1, 8), T(2022, 4, 1, 10), 100],
        [2, "五井镇", "10kV五井03线", "农村", "故障停电", T(2022, 8, 1, 8), T(2022, 8, 1, 9), 200],
        [1, "城关街道", "10kV城关01线", "城镇", "故障停电", T(2023, 4, 1, 8), T(2023, 4, 1, 9), 100],
        [2, "冶源镇", "10kV冶源05线", "农村", "计划停电", T(2023, 8, 2, 8), T(2023, 8, 2, 12), 300],
    ])
    # ids 1, 2 restart in the 2023 sheet: 1 is the same feeder on the same date of another year -> reuse
    _, _, rep = load(path, rows=4, accepted=4)
    assert sorted(rep.reused_ids, key=lambda r: r["id"]) == [{"id": "1", "rows": [2, 4]}, {"id": "2", "rows": [3, 5]}]
    ds = dataset(path, Y2022_23)
    # 2022 urban: 100 x 2 h = 200 / 1000 = 0.2 h; 2022 rural: 200 x 1 h / 2000 = 0.1 h
    assert saidi(ds, 2022, "urban") == pytest.approx(0.2, abs=1e-9)
    assert saidi(ds, 2022, "rural") == pytest.approx(0.1, abs=1e-9)
    # 2023 urban: 100 x 1 h / 1000 = 0.1 h; 2023 rural: 300 x 4 h = 1200 / 2000 = 0.6 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.1, abs=1e-9)
    assert saidi(ds, 2023, "rural") == pytest.approx(0.6, abs=1e-9)


# ------------------------------------------------------------------------------------ 2. probable double entries
def test_c07_double_entry_named_and_kept_by_default(tmp_path):
    path = MESSY / "c07_double_entry_keep.csv"
    # PM001 (row 2) and DD9001 (row 4): same feeder, start, end, customers under two ids
    _, _, rep = load(path, rows=4, accepted=4)
    assert rep.double_entries == [{"ids": ["PM001", "DD9001"], "rows": [2, 4], "feeder": "10kV城关01线",
                                   "start": "2023-05-10 14:00", "end": "2023-05-10 16:00", "customers": 150,
                                   "dropped_rows": []}]
    ds = dataset(path, Y2023)
    # urban, both counted: 150 x 2 h x 2 + 100 x 1 h = 700 / 1000 = 0.7 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.7, abs=1e-9)
    # rural: 300 x 4 h = 1200 / 2000 = 0.6 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.6, abs=1e-9)
    proc = cli("check", "--params", params_file(tmp_path, path, **Y2023), "--year", 2023, "--json")
    assert proc.returncode == 0, proc.stderr
    notes = [n for n in json.loads(proc.stdout)["notes"] if n["code"] == "double_entries"]
    assert len(notes) == 1 and "PM001" in json.dumps(notes, ensure_ascii=False)
    proc = cli("validate", path, "--params", params_file(tmp_path, path, **Y2023), "--json")
    assert proc.returncode == 0, proc.stderr
    assert [d["ids"] for d in json.loads(proc.stdout)["double_entries"]] == [["PM001", "DD9001"]]


@pytest.mark.parametrize("mode, accepted, dups, dropped, rural", [
    # keep: QX01, YX77, ZB5 all counted: (400 x 3 + 399) x 6 h = 9594 / 2000 = 4.797 h
    ("keep", 5, 0, [], 4.797),
    # drop: the first of the group (QX01, row 2) kept: (400 + 399) x 6 h = 4794 / 2000 = 2.397 h
    ("drop", 3, 2, [4, 5], 2.397),
])
def test_c08_double_entries_keep_and_drop(mode, accepted, dups, dropped, rural):
    path = MESSY / "c08_double_entry_drop.csv"
    # group: rows 2, 4, 5 (QX01, YX77, ZB5); row 6 has 399 customers, so it is not one of them
    params = {**Y2023, "double_entries": mode}
    _, _, rep = load(path, params, rows=5, accepted=accepted, duplicates=dups)
    assert [(d["ids"], d["rows"], d["customers"], d["dropped_rows"]) for d in rep.double_entries] == [
        (["QX01", "YX77", "ZB5"], [2, 4, 5], 400, dropped)]
    assert sorted(rep.duplicate_rows) == dropped
    ds = dataset(path, params)
    assert saidi(ds, 2023, "rural") == pytest.approx(rural, abs=1e-9)
    # urban: 200 x 0.5 h = 100 / 1000 = 0.1 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.1, abs=1e-9)


@pytest.mark.parametrize("mode, accepted, dups, urban", [
    ("keep", 3, 0, 1.0),  # A1 and B7 both: 250 x 2 h x 2 = 1000 / 1000 = 1.0 h
    ("drop", 2, 1, 0.5),  # A1 only: 250 x 2 h = 500 / 1000 = 0.5 h
])
def test_x2_double_entry_xlsx(tmp_path, mode, accepted, dups, urban):
    t0, t1 = T(2023, 6, 1, 9), T(2023, 6, 1, 11)
    path = write_xlsx(tmp_path / "x2_double_entry.xlsx", H, [
        ["A1", "城关街道", "10kV城关01线", "城镇", "故障停电", t0, t1, 250],
        ["B7", "城关街道", "10kV城关01线", "城镇", "故障停电", t0, t1, 250],
        ["A2", "五井镇", "10kV五井03线", "农村", "故障停电", T(2023, 6, 2, 9), T(2023, 6, 2, 10), 100],
    ])
    params = {**Y2023, "double_entries": mode}
    _, _, rep = load(path, params, rows=3, accepted=accepted, duplicates=dups)
    assert [(d["ids"], d["rows"], d["start"], d["end"], d["dropped_rows"]) for d in rep.double_entries] == [
        (["A1", "B7"], [2, 3], "2023-06-01 09:00", "2023-06-01 11:00", [3] if mode == "drop" else [])]
    ds = dataset(path, params)
    assert saidi(ds, 2023, "urban") == pytest.approx(urban, abs=1e-9)
    # rural: 100 x 1 h = 100 / 2000 = 0.05 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.05, abs=1e-9)


def test_c37_double_entry_on_a_respelt_feeder():
    path = MESSY / "c37_double_entry_feeder_spelling.csv"  # GB18030; row 4 spells the feeder 10KV
    params = {**Y2023, "double_entries": "drop"}
    # DE01 (row 2) and XT88 (row 4): same feeder once normalised, same start, end and customers
    _, _, rep = load(path, params, rows=3, accepted=2, duplicates=1)
    assert [(d["ids"], d["rows"], d["feeder"], d["customers"], d["dropped_rows"]) for d in rep.double_entries] == [
        (["DE01", "XT88"], [2, 4], "10kV城关01线", 120, [4])]
    # drop: 120 x 3 h + 100 x 1 h = 460 / 1000 = 0.46 h
    assert saidi(dataset(path, params), 2023, "urban") == pytest.approx(0.46, abs=1e-9)
    # keep (default): 120 x 3 h x 2 + 100 x 1 h = 820 / 1000 = 0.82 h
    load(path, Y2023, rows=3, accepted=3)
    assert saidi(dataset(path, Y2023), 2023, "urban") == pytest.approx(0.82, abs=1e-9)


# ---------------------------------------------------------------------------------------- 3. names normalised
def test_c09_feeder_spelled_10kV_10KV_10kv(tmp_path):
    path = MESSY / "c09_feeder_case_kv.csv"
    events, _, rep = load(path, rows=5, accepted=5)
    m = merge_of(rep, "feeder", "10kV城关01线")  # 10kV twice (rows 2, 4), 10KV once, 10kv once: 10kV kept
    assert m["spellings"] == ["10kV城关01线", "10KV城关01线", "10kv城关01线"]
    assert m["rows"] in (4, 2)  # unclear in the contract: rows of the unit (4) or rows respelt (2)
    assert set(events["feeder"].astype(str)) == {"10kV城关01线", "10kV东城02线"}
    ds = dataset(path, Y2023)
    # the one feeder: 100 x (1 + 2 + 3 + 0.5) h = 650 / 1000 = 0.65 h
    assert saidi(ds, 2023, "urban", "feeder", "10kV城关01线") == pytest.approx(0.65, abs=1e-9)
    # urban: 650 + 100 x 1 h (东城02) = 750 / 1000 = 0.75 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.75, abs=1e-9)
    proc = cli("validate", path, "--params", params_file(tmp_path, path), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(m["column"], m["name"]) for m in doc["name_merges"]] == [("feeder", "10kV城关01线")]
    assert "name_merged" in json.dumps(doc["warnings"])


def test_c10_feeder_with_repeated_and_full_width_spaces():
    path = MESSY / "c10_feeder_inner_spaces.csv"
    events, _, rep = load(path, rows=5, accepted=5)
    # "10kV 五井03线" x2 (rows 2, 4), "10kV  五井03线" (two spaces), "10kV\u3000五井03线" (ideographic space)
    m = merge_of(rep, "feeder", "10kV 五井03线")
    assert m["spellings"] == ["10kV 五井03线", "10kV  五井03线", "10kV\u3000五井03线"]
    assert set(events["feeder"].astype(str)) == {"10kV 五井03线", "10kV冶源05线"}
    ds = dataset(path, Y2023)
    # feeder: 200 x 1 h + 200 x 2 h + 200 x 1 h + 200 x 0.5 h = 900 / 2000 = 0.45 h
    assert saidi(ds, 2023, "rural", "feeder", "10kV 五井03线") == pytest.approx(0.45, abs=1e-9)
    # rural: 900 + 100 x 1 h = 1000 / 2000 = 0.5 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.5, abs=1e-9)


def test_c11_town_with_full_width_letters_and_spaces():
    path = MESSY / "c11_town_fullwidth_letters_spaces.csv"  # GB18030
    events, _, rep = load(path, rows=7, accepted=7)
    # 高新区Ａ片 (full-width A), 高新区A片 x2, 高新区ａ片 (full-width a): A kept (most frequent)
    m = merge_of(rep, "town", "高新区A片")
    assert m["spellings"] == ["高新区Ａ片", "高新区A片", "高新区ａ片"]
    # "\u3000城关街道", "城关街道", "城关街道 ": one town, whatever the reader does with surrounding spaces
    assert set(events["town"].astype(str)) == {"高新区A片", "城关街道"}
    ds = dataset(path, Y2023)
    # 高新区A片: 100 x (1 + 2 + 3 + 0.5) h = 650 / 1000 = 0.65 h
    assert saidi(ds, 2023, "urban", "town", "高新区A片") == pytest.approx(0.65, abs=1e-9)
    # urban: 650 + 100 x 1 h x 3 (城关街道) = 950 / 1000 = 0.95 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.95, abs=1e-9)


def test_x3_feeder_full_width_xlsx(tmp_path):
    def row(i, feeder, day, hours, town="五井镇", area="农村", cust=100):
        return [f"W{i}", town, feeder, area, "故障停电", T(2023, day, 1, 8),
                T(2023, day, 1, 8) + dt.timedelta(hours=hours), cust]
    path = write_xlsx(tmp_path / "x3_feeder_fullwidth.xlsx", H, [
        row(1, "１０ｋＶ五井03线", 2, 2), row(2, "10kV五井03线", 3, 1), row(3, "10kV五井03线", 4, 1),
        row(4, "10KV五井03线", 5, 4), row(5, "10kV城关01线", 5, 1, "城关街道", "城镇", 50)])
    events, _, rep = load(path, rows=5, accepted=5)
    m = merge_of(rep, "feeder", "10kV五井03线")  # 10kV五井03线 twice: kept
    assert m["spellings"] == ["１０ｋＶ五井03线", "10kV五井03线", "10KV五井03线"]
    assert set(events["feeder"].astype(str)) == {"10kV五井03线", "10kV城关01线"}
    ds = dataset(path, Y2023)
    # rural (all 五井03): 100 x (2 + 1 + 1 + 4) h = 800 / 2000 = 0.4 h
    assert saidi(ds, 2023, "rural", "feeder", "10kV五井03线") == pytest.approx(0.4, abs=1e-9)
    assert saidi(ds, 2023, "rural") == pytest.approx(0.4, abs=1e-9)
    # urban: 50 x 1 h = 50 / 1000 = 0.05 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.05, abs=1e-9)


# ---------------------------------------------------------------------------------------------------- 4. dates
START, END = "停电开始时间", "停电结束时间"


def test_c12_day_month_settled_by_a_day_above_12(tmp_path):
    path = MESSY / "c12_dates_dmy_settled.csv"
    # 25/03/2023 in both columns settles them day-first: 05/03 = 5 March, 04/11 = 4 November
    _, _, rep = load(path, rows=3, accepted=3)
    assert rep.date_orders == {START: "dmy", END: "dmy"}
    ds = dataset(path, Y2023)
    # Q1 urban: 100 x 2 h (5 March 14:20-16:20) = 200 / 1000 = 0.2 h (read month-first it would be in Q2)
    assert saidi(ds, "2023Q1", "urban") == pytest.approx(0.2, abs=1e-9)
    # Q1 rural: 200 x 1.5 h = 300 / 2000 = 0.15 h
    assert saidi(ds, "2023Q1", "rural") == pytest.approx(0.15, abs=1e-9)
    # Q4 urban: 50 x 3 h (4 November) = 150 / 1000 = 0.15 h
    assert saidi(ds, "2023Q4", "urban") == pytest.approx(0.15, abs=1e-9)
    proc = cli("validate", path, "--params", params_file(tmp_path, path), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["date_orders"] == {START: "dmy", END: "dmy"}


def test_c13_day_month_with_dashes_settled():
    path = MESSY / "c13_dates_dmy_dashes_settled.csv"  # GB18030; 17-6-2023 settles day-first
    _, _, rep = load(path, rows=3, accepted=3)
    assert rep.date_orders == {START: "dmy", END: "dmy"}
    ds = dataset(path, Y2023)
    # Q1 urban: 5 March 14:20-15:50, 100 x 1.5 h = 150 / 1000 = 0.15 h
    assert saidi(ds, "2023Q1", "urban") == pytest.approx(0.15, abs=1e-9)
    # Q2 rural: 17 June 8:00-12:00, 100 x 4 h = 400 / 2000 = 0.2 h
    assert saidi(ds, "2023Q2", "rural") == pytest.approx(0.2, abs=1e-9)
    # Q4 urban: 9 October 9:00-9:45, 200 x 0.75 h = 150 / 1000 = 0.15 h (month-first: 10 September, Q3)
    assert saidi(ds, "2023Q4", "urban") == pytest.approx(0.15, abs=1e-9)
    assert saidi(ds, "2023Q3", "urban") == pytest.approx(0.0, abs=1e-9)


def test_c14_month_day_settled_by_a_day_above_12():
    path = MESSY / "c14_dates_mdy_settled.csv"
    # 3/25/2023 settles both columns month-first: 03/05 = 5 March, 11/04 = 4 November
    _, _, rep = load(path, rows=3, accepted=3)
    assert rep.date_orders == {START: "mdy", END: "mdy"}
    ds = dataset(path, Y2023)
    # Q1 urban: 100 x 1 h = 100 / 1000 = 0.1 h
    assert saidi(ds, "2023Q1", "urban") == pytest.approx(0.1, abs=1e-9)
    # Q1 rural: 200 x 2 h = 400 / 2000 = 0.2 h
    assert saidi(ds, "2023Q1", "rural") == pytest.approx(0.2, abs=1e-9)
    # Q4 urban: 60 x 0.5 h = 30 / 1000 = 0.03 h
    assert saidi(ds, "2023Q4", "urban") == pytest.approx(0.03, abs=1e-9)


def test_c15_ambiguous_day_month_refused(tmp_path):
    path = MESSY / "c15_dates_ambiguous_refused.csv"  # 05/03, 04/02, 11/06: no day above 12 anywhere
    with pytest.raises(InputError):
        load_events(path, load_params({}))
    proc = cli("validate", path, "--params", params_file(tmp_path, path))
    refused(proc, (START, END), "date_order", ("05/03/2023", "04/02/2023", "11/06/2023"))
    # settled by the setting: every row read day-first and accepted
    load(path, {"date_order": "dmy"}, rows=3, accepted=3)


def test_c16_contradictory_day_month_refused(tmp_path):
    path = MESSY / "c16_dates_contradictory_refused.csv"  # 25/03/2023 (day-first) and 03/26/2023 (month-first)
    with pytest.raises(InputError):
        load_events(path, load_params({}))
    proc = cli("validate", path, "--params", params_file(tmp_path, path))
    refused(proc, (START, END), ("25/03/2023", "03/26/2023"))
    # with date_order: dmy the column has one reading; 03/26/2023 (month 26) is then a reject, row 3
    _, rejects, _ = load(path, {"date_order": "dmy"}, rows=3, accepted=2, rejected=1)
    assert list(rejects["row"]) == [3]


@pytest.mark.parametrize("order, expected", [
    # dmy: 01/06 = 1 June (urban 100 x 2 h), 10/02 = 10 Feb (rural 200 x 1 h), 12/12 (urban 80 x 0.5 h)
    ("dmy", {("2023Q1", "urban"): 0.0, ("2023Q1", "rural"): 200 / 2000, ("2023Q2", "urban"): 200 / 1000,
             ("2023Q4", "urban"): 40 / 1000, ("2023Q4", "rural"): 0.0}),
    # mdy: 01/06 = 6 January (urban Q1), 10/02 = 2 October (rural Q4), 12/12 the same
    ("mdy", {("2023Q1", "urban"): 200 / 1000, ("2023Q1", "rural"): 0.0, ("2023Q2", "urban"): 0.0,
             ("2023Q4", "urban"): 40 / 1000, ("2023Q4", "rural"): 200 / 2000}),
])
def test_c17_date_order_set(tmp_path, order, expected):
    path = MESSY / "c17_date_order_set.csv"  # every value ambiguous: 01/06, 10/02, 12/12
    if order == "dmy":  # once: without the setting the column is refused
        refused(cli("validate", path, "--params", params_file(tmp_path, path)), (START, END), "date_order")
    params = {**Y2023, "date_order": order}
    _, _, rep = load(path, params, rows=3, accepted=3)
    assert rep.date_orders == {START: order, END: order}
    ds = dataset(path, params)
    for (period, area), value in expected.items():
        assert saidi(ds, period, area) == pytest.approx(value, abs=1e-9), (period, area)


def test_x5_day_month_text_cells_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "x5_dates_dmy_text.xlsx", H, [
        ["X51", "城关街道", "10kV城关01线", "城镇", "故障停电", "05/03/2023 08:00", "05/03/2023 09:00", 100],
        ["X52", "五井镇", "10kV五井03线", "农村", "故障停电", "13/03/2023 10:00", "13/03/2023 12:00", 100],
        ["X53", "城关街道", "10kV城关01线", "城镇", "计划停电", "02/11/2023 08:00", "02/11/2023 10:00", 300],
    ])
    _, _, rep = load(path, rows=3, accepted=3)  # 13/03 settles both text columns day-first
    assert rep.date_orders == {START: "dmy", END: "dmy"}
    ds = dataset(path, Y2023)
    # Q1 urban: 5 March, 100 x 1 h = 0.1 h; Q1 rural: 13 March, 100 x 2 h = 200 / 2000 = 0.1 h
    assert saidi(ds, "2023Q1", "urban") == pytest.approx(0.1, abs=1e-9)
    assert saidi(ds, "2023Q1", "rural") == pytest.approx(0.1, abs=1e-9)
    # Q4 urban: 2 November, 300 x 2 h = 600 / 1000 = 0.6 h (month-first it would be 11 February)
    assert saidi(ds, "2023Q4", "urban") == pytest.approx(0.6, abs=1e-9)


def test_c18_full_width_digits():
    path = MESSY / "c18_dates_fullwidth_digits.csv"  # GB18030: ２０２３－０３－０５ １４：２０, ２０２３／０６／１８
    events, _, rep = load(path, rows=3, accepted=3)
    assert rep.date_orders.get(START, "ymd") == "ymd"
    assert sorted(at(s) for s in events["start"]) == ["2023-03-05 14:20", "2023-06-18 08:00", "2023-10-01 09:00"]
    ds = dataset(path, Y2023)
    # urban: 100 x 2.5 h (14:20-16:50) + 40 x 1 h = 290 / 1000 = 0.29 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.29, abs=1e-9)
    # rural: 120 x 3 h = 360 / 2000 = 0.18 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.18, abs=1e-9)


def test_c19_chinese_year_first_dates():
    path = MESSY / "c19_dates_chinese_ymd.csv"  # 2023年3月5日 14时20分 and 2023/7/9 6:05
    events, _, _ = load(path, rows=3, accepted=3)
    assert sorted(at(s) for s in events["start"]) == ["2023-03-05 14:20", "2023-07-09 06:05", "2023-12-01 08:00"]
    ds = dataset(path, Y2023)
    # urban: 100 x 2.5 h + 30 x 1 h = 280 / 1000 = 0.28 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.28, abs=1e-9)
    # rural: 200 x 2 h = 400 / 2000 = 0.2 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.2, abs=1e-9)


def test_c20_morning_and_afternoon_marks():
    path = MESSY / "c20_dates_am_pm.csv"  # GB18030
    events, _, _ = load(path, rows=4, accepted=4)
    # 下午2:30 = 14:30; 上午12:15 = 00:15; 下午12:10 = 12:10; 上午9:05 = 09:05
    assert sorted(at(s) for s in events["start"]) == [
        "2023-03-05 14:30", "2023-03-06 00:15", "2023-03-07 12:10", "2023-03-08 09:05"]
    ds = dataset(path, Y2023)
    # urban: 100 x 1.5 h (14:30-16:00) + 60 x 1.5 h (12:10-13:40) + 30 x 2 h (9:05-11:05) = 300 / 1000 = 0.3 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.3, abs=1e-9)
    # rural: 200 x 2 h (00:15-02:15) = 400 / 2000 = 0.2 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.2, abs=1e-9)


def test_c21_bare_number_in_a_csv_date_cell_is_rejected():
    path = MESSY / "c21_csv_bare_number_date.csv"  # row 3 start "44990" (Excel's serial of 2023-03-05)
    _, rejects, _ = load(path, rows=3, accepted=2, rejected=1)
    assert list(rejects["row"]) == [3]
    assert str(rejects["value"].iloc[0]).strip() == "44990"
    ds = dataset(path, Y2023)
    # urban: 100 x 2 h = 200 / 1000 = 0.2 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.2, abs=1e-9)
    # rural: row 3 not counted; 100 x 1 h = 100 / 2000 = 0.05 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.05, abs=1e-9)


def test_x4_xlsx_serials_and_date_cells(tmp_path):
    path = write_xlsx(tmp_path / "x4_xlsx_serials.xlsx", H, [
        ["S1", "城关街道", "10kV城关01线", "城镇", "故障停电", T(2023, 3, 5, 8), T(2023, 3, 5, 10, 30), 100],
        ["S2", "五井镇", "10kV五井03线", "农村", "故障停电", 44990.5, 44990.75, 50],  # numbers: serials
        ["S3", "东城街道", "10kV东城02线", "城镇", "故障停电", "2023-06-01 09:00", "2023-06-01 10:00", 40],
    ])
    events, _, _ = load(path, rows=3, accepted=3)
    # serial 44990 = 2023-03-05 (44927 = 2023-01-01, + 31 + 28 + 4); .5 = 12:00, .75 = 18:00
    assert sorted(at(s) for s in events["start"]) == ["2023-03-05 08:00", "2023-03-05 12:00", "2023-06-01 09:00"]
    ds = dataset(path, Y2023)
    # urban: 100 x 2.5 h + 40 x 1 h = 290 / 1000 = 0.29 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.29, abs=1e-9)
    # rural: 50 x 6 h = 300 / 2000 = 0.15 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.15, abs=1e-9)


def test_c22_date_before_1990_is_a_reject_not_coverage(tmp_path):
    path = MESSY / "c22_date_before_1990.csv"  # row 3: 1923-05-06 (a mistyped 2023)
    load(path, rows=3, accepted=2, rejected=1)
    proc = cli("validate", path, "--params", params_file(tmp_path, path), "--json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(r["row"], r["code"]) for r in doc["rejects"]] == [(3, "date_too_early")]
    # inferred coverage from the accepted rows only: February (E1) .. May (E3), a 2-month hole is no gap
    ds = dataset(path)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2023, 2, 1), dt.date(2023, 5, 31))
    # declared 2023, rural: 150 x 2 h = 300 / 2000 = 0.15 h
    assert saidi(dataset(path, Y2023), 2023, "rural") == pytest.approx(0.15, abs=1e-9)


def test_c23_date_in_future_is_a_reject(tmp_path):
    path = MESSY / "c23_date_in_future.csv"  # row 3: 2027-08-02, after the day of the run 2026-12-03
    load(path, rows=3, accepted=2, rejected=1)
    proc = cli("validate", path, "--params", params_file(tmp_path, path), "--json")
    assert proc.returncode == 1, proc.stderr
    assert [(r["row"], r["code"]) for r in json.loads(proc.stdout)["rejects"]] == [(3, "date_in_future")]
    ds = dataset(path)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2023, 8, 1), dt.date(2023, 8, 31))
    # declared 2023, rural: 100 x 2 h = 200 / 2000 = 0.1 h; urban 100 x 1 h / 1000 = 0.1 h
    ds = dataset(path, Y2023)
    assert saidi(ds, 2023, "rural") == pytest.approx(0.1, abs=1e-9)
    assert saidi(ds, 2023, "urban") == pytest.approx(0.1, abs=1e-9)


def test_x8_date_in_future_xlsx_date_cell(tmp_path):
    path = write_xlsx(tmp_path / "x8_date_in_future.xlsx", H, [
        ["X81", "城关街道", "10kV城关01线", "城镇", "故障停电", T(2023, 10, 1, 8), T(2023, 10, 1, 9), 100],
        ["X82", "五井镇", "10kV五井03线", "农村", "故障停电", T(2032, 10, 2, 8), T(2032, 10, 2, 9), 100],
        ["X83", "冶源镇", "10kV冶源05线", "农村", "故障停电", T(2023, 10, 3, 8), T(2023, 10, 3, 10), 100],
    ])
    _, rejects, _ = load(path, rows=3, accepted=2, rejected=1)
    assert list(rejects["row"]) == [3]
    ds = dataset(path)  # the 2032 row neither stretches the coverage nor counts
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2023, 10, 1), dt.date(2023, 10, 31))
    ds = dataset(path, Y2023)
    # rural: 100 x 2 h = 200 / 2000 = 0.1 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.1, abs=1e-9)


def test_c26_rows_after_a_declared_data_end(tmp_path):
    path = MESSY / "c26_rows_after_data_end.csv"  # export taken late June, report on data through May
    load(path, rows=7, accepted=7)  # rows 7, 8 (June) are kept, not rejected
    ds = dataset(path, data_through="2023-05-31")
    assert ds.coverage.through == dt.date(2023, 5, 31)
    out = ds.outside_coverage
    assert list(out["row"]) == [7, 8]
    assert [at(s) for s in out["start"]] == ["2023-06-03 08:00", "2023-06-20 08:00"]
    assert list(out["reason"]) == ["after_through", "after_through"]
    proc = cli("indices", "--params", params_file(tmp_path, path), "--period", "2023H1", "--data-through",
               "2023-05-31", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["complete"] is False
    assert doc["input"]["rows_read"] == 7
    rows = {r["area"]: r for r in doc["rows"]}
    # urban, January-May: 100 x 1 h x 3 (R1, R3, R4) = 300 / 1000 = 0.3 h (R6 in June is not reached)
    assert rows["urban"]["saidi_h"] == pytest.approx(0.3, abs=1e-9)
    # rural, January-May: 200 x 2 h + 200 x 1 h = 600 / 2000 = 0.3 h (R7 in June is not reached)
    assert rows["rural"]["saidi_h"] == pytest.approx(0.3, abs=1e-9)
    proc = cli("check", "--params", params_file(tmp_path, path), "--year", 2023, "--data-through", "2023-05-31")
    refused(proc, "2023-05-31")


# ----------------------------------------------------------------------------------------------- 5. coverage
def test_c24_stray_2042_in_a_2023_log_does_not_block_the_verdict(tmp_path):
    path = MESSY / "c24_stray_2042_in_2023_log.csv"
    # 12 monthly urban rows + 2 rural rows + row 8 dated 2042-07-15 (after the day of the run: rejected)
    load(path, rows=15, accepted=14, rejected=1)
    proc = cli("validate", path, "--params", params_file(tmp_path, path), "--json")
    assert [(r["row"], r["code"]) for r in json.loads(proc.stdout)["rejects"]] == [(8, "date_in_future")]
    proc = cli("check", "--params", params_file(tmp_path, path), "--year", 2023, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["coverage"] == {"from": "2023-01-01", "through": "2023-12-31", "inferred": True}
    rows = {r["area"]: r for r in doc["rows"]}
    # urban: 12 x 100 x 1 h = 1200 / 1000 = 1.2 h <= 7: met on the limit; 2022 not covered -> reduction unknown
    assert rows["urban"]["saidi_h"] == pytest.approx(1.2, abs=1e-9)
    assert rows["urban"]["met"] is True and rows["urban"]["previous_saidi_h"] is None
    # rural: 2 x 500 x 4 h = 4000 / 2000 = 2.0 h <= 10: met
    assert rows["rural"]["saidi_h"] == pytest.approx(2.0, abs=1e-9)
    assert rows["rural"]["met"] is True


def test_c25_stray_2014_in_a_2023_log_is_left_outside(tmp_path):
    path = MESSY / "c25_stray_2014_in_2023_log.csv"  # GB18030; row 8 dated 2014-07-15, 1000 customers
    load(path, rows=15, accepted=15)
    ds = dataset(path)
    # 2014-07 alone, then 100+ empty months, then 2023-01..12: the longest stretch is 2023
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    out = ds.outside_coverage
    assert list(out["row"]) == [8] and list(out["reason"]) == ["gap"]
    assert at(out["start"].iloc[0]) == "2014-07-15 08:00"
    v = verdict(ds, 2023, "urban")
    # urban: 12 x 100 x 1 h = 1.2 h (the 2014 row, 1000 x 1 h, is nowhere in it); 2022 not covered
    assert v["saidi_h"] == pytest.approx(1.2, abs=1e-9)
    assert bool(v["met"]) is True and pd.isna(v["previous_saidi_h"])
    refused(cli("check", "--params", params_file(tmp_path, path), "--year", 2014), "2023-01-01")
    proc = cli("validate", path, "--params", params_file(tmp_path, path), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["outside_coverage"] == [{"row": 8, "start": "2014-07-15 08:00", "reason": "gap"}]
    assert doc["rows_read"] == doc["accepted"] + doc["rejected"] + doc["duplicates"] == 15
    proc = cli("check", "--params", params_file(tmp_path, path), "--year", 2023, "--json")
    assert proc.returncode == 0, proc.stderr
    notes = [n for n in json.loads(proc.stdout)["notes"] if n["code"] == "outside_coverage"]
    assert len(notes) == 1 and number(8).search(json.dumps(notes))


def test_c27_empty_months_at_the_start_cut_the_coverage(tmp_path):
    path = MESSY / "c27_empty_months_at_start.csv"
    # row 2: 2022-01-20 urban 1000 x 5 h; Feb, Mar, Apr 2022 empty (3 months); monthly rows May 2022 .. Dec 2023
    load(path, rows=21, accepted=21)
    ds = dataset(path)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2022, 5, 1), dt.date(2023, 12, 31))
    assert list(ds.outside_coverage["row"]) == [2] and list(ds.outside_coverage["reason"]) == ["gap"]
    v = verdict(ds, 2023, "urban")
    # urban 2023: 12 x 100 x 1 h = 1.2 h; reference 2022 not fully covered -> unknown
    assert v["saidi_h"] == pytest.approx(1.2, abs=1e-9) and pd.isna(v["previous_saidi_h"])
    refused(cli("check", "--params", params_file(tmp_path, path), "--year", 2022), "2022-05-01")
    # coverage_gap_months: 4 bridges the three empty months: 2022-01-01 .. 2023-12-31
    ds = dataset(path, {"coverage_gap_months": 4})
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    v = verdict(ds, 2023, "urban")
    # 2022: 1000 x 5 h + 8 x 100 x 1 h (May-Dec) = 5800 / 1000 = 5.8 h; 1.2 <= 0.92 x 5.8 = 5.336 -> both
    assert v["previous_saidi_h"] == pytest.approx(5.8, abs=1e-9)
    assert bool(v["meets_reduction"]) is True and v["criterion"] == "both"


def test_c28_two_empty_months_are_bridged():
    path = MESSY / "c28_two_empty_months_bridged.csv"
    # row 2: 2022-01-20 urban 1000 x 5 h; Feb, Mar 2022 empty (2 < 3); monthly rows Apr 2022 .. Dec 2023
    load(path, rows=22, accepted=22)
    ds = dataset(path)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    assert len(ds.outside_coverage) == 0
    v = verdict(ds, 2023, "urban")
    # 2022: 5000 + 9 x 100 (Apr-Dec) = 5900 / 1000 = 5.9 h; 2023: 1.2 h <= 0.92 x 5.9 = 5.428 and <= 7
    assert v["saidi_h"] == pytest.approx(1.2, abs=1e-9)
    assert v["previous_saidi_h"] == pytest.approx(5.9, abs=1e-9)
    assert bool(v["meets_limit"]) and bool(v["meets_reduction"]) and v["criterion"] == "both"


def test_c29_a_year_without_events(tmp_path):
    path = MESSY / "c29_year_without_events.csv"  # monthly urban rows in 2022 (rows 2-13) and 2024 (14-25)
    load(path, rows=24, accepted=24)
    ds = dataset(path)
    # 2022 and 2024 are 12-month stretches split by 12 empty months: tie -> the latest, 2024
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert list(ds.outside_coverage["row"]) == list(range(2, 14))
    assert set(ds.outside_coverage["reason"]) == {"gap"}
    refused(cli("check", "--params", params_file(tmp_path, path), "--year", 2023), "2024-01-01")
    # declared 2022-2024: 2023 is judged, SAIDI 0
    ds = dataset(path, {"coverage": {"from": "2022-01-01", "through": "2024-12-31"}})
    v = verdict(ds, 2023, "urban")
    # 2023: 0 h <= 7 and <= 0.92 x 1.2 (2022: 12 x 100 x 1 h / 1000) -> both
    assert v["saidi_h"] == pytest.approx(0.0, abs=1e-9) and bool(v["met"]) is True
    assert v["previous_saidi_h"] == pytest.approx(1.2, abs=1e-9) and v["criterion"] == "both"
    v = verdict(ds, 2024, "urban")
    # 2024: 1.2 h <= 7, but > 0.92 x 0 -> met on the limit only
    assert v["saidi_h"] == pytest.approx(1.2, abs=1e-9) and v["previous_saidi_h"] == pytest.approx(0.0, abs=1e-9)
    assert bool(v["meets_limit"]) is True and bool(v["meets_reduction"]) is False
    assert bool(v["met"]) is True and v["criterion"] == "limit"


def test_c36_stray_row_after_a_gap_at_the_end(tmp_path):
    path = MESSY / "c36_stray_row_after_a_gap_at_the_end.csv"
    # monthly urban rows 2022-01 .. 2023-12 (rows 2-25), then row 26 on 2024-06-12 (1000 x 2 h) after
    # five empty months (2024-01 .. 2024-05): the end of the log is cut as the start would be
    load(path, rows=25, accepted=25)
    ds = dataset(path)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    assert list(ds.outside_coverage["row"]) == [26] and list(ds.outside_coverage["reason"]) == ["gap"]
    v = verdict(ds, 2023, "urban")
    # 2023: 12 x 100 x 1 h / 1000 = 1.2 h <= 7; 2022 the same 1.2 h, and 1.2 > 0.92 x 1.2 = 1.104 -> limit only
    assert v["saidi_h"] == pytest.approx(1.2, abs=1e-9) and v["previous_saidi_h"] == pytest.approx(1.2, abs=1e-9)
    assert bool(v["meets_reduction"]) is False and bool(v["met"]) is True and v["criterion"] == "limit"
    refused(cli("check", "--params", params_file(tmp_path, path), "--year", 2024), "2023-12-31")


# ------------------------------------------------------------------------------------- 6. customers as a panel
EV_TOWNS = MESSY / "c30_events_towns_2023.csv"


def test_c30_events_with_a_complete_town_panel():
    # urban 城关 600 + 东城 400 = 1000, rural 五井 1200 + 冶源 800 = 2000 every month of 2023
    load(EV_TOWNS, rows=4, accepted=4)
    ds = dataset(EV_TOWNS, Y2023, customers=TOWN_CUST)
    # urban: 300 x 2 h + 200 x 1.5 h = 900 / 1000 = 0.9 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.9, abs=1e-9)
    # rural: 500 x 4 h + 400 x 1 h = 2400 / 2000 = 1.2 h
    assert saidi(ds, 2023, "rural") == pytest.approx(1.2, abs=1e-9)


def test_customers_town_missing_for_some_months(tmp_path):
    cust = MESSY / "customers_town_missing_months.csv"  # 五井镇 absent 2023-07 .. 2023-09
    with pytest.raises(InputError):
        dataset(EV_TOWNS, Y2023, customers=cust)
    proc = cli("check", "--params", params_file(tmp_path, EV_TOWNS, cust, **Y2023), "--year", 2023)
    refused(proc, "五井镇", "2023-07", "2023-09")


def test_customers_declared_change(tmp_path):
    cust = MESSY / "customers_new_town.csv"  # 五井镇 (600) only from 2023-07; 冶源镇 2000 all year
    proc = cli("check", "--params", params_file(tmp_path, EV_TOWNS, cust, **Y2023), "--year", 2023)
    refused(proc, "五井镇", "2023-01", "2023-06")
    ds = dataset(EV_TOWNS, {**Y2023, "customer_changes": {"五井镇": {"from": "2023-07"}}}, customers=cust)
    # rural N_T, time-weighted: 2000 + 600 x (Jul-Dec = 184 d = 4416 h) / 8760 h = 2302.4657... customers
    # rural: 500 x 4 h + 400 x 1 h = 2400 customer-hours / 2302.4657... = 1.04236... h
    assert saidi(ds, 2023, "rural") == pytest.approx(2400 / (2000 + 600 * 4416 / 8760), abs=1e-9)
    # urban: 900 / 1000 = 0.9 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.9, abs=1e-9)


def test_customers_fractional_count(tmp_path):
    cust = MESSY / "customers_fractional.csv"  # line 13: 农村,2023-06,2000.5
    with pytest.raises(InputError):
        dataset(EV_TOWNS, Y2023, customers=cust)
    proc = cli("check", "--params", params_file(tmp_path, EV_TOWNS, cust, **Y2023), "--year", 2023)
    refused(proc, "customers_fractional.csv", "2000.5", ("用户数", "customers"), number(13))


def test_customers_area_missing_a_month(tmp_path):
    cust = MESSY / "customers_area_missing_month.csv"  # 农村 has no 2023-04 row
    with pytest.raises((InputError, DataError)):
        dataset(EV_TOWNS, Y2023, customers=cust)
    proc = cli("check", "--params", params_file(tmp_path, EV_TOWNS, cust, **Y2023), "--year", 2023)
    refused(proc, ("农村", "rural"), "2023-04")


def test_c31_event_town_unknown_to_the_customers_file(tmp_path):
    path = MESSY / "c31_event_town_unknown.csv"  # GB18030; 城关街遒 (typo) on rows 3 and 5
    load(path, rows=4, accepted=4)
    with pytest.raises(DataError):
        dataset(path, Y2023, customers=TOWN_CUST)
    proc = cli("check", "--params", params_file(tmp_path, path, TOWN_CUST, **Y2023), "--year", 2023)
    refused(proc, "城关街遒", number(3), number(5))
    ds = dataset(path, {**Y2023, "known_towns": ["城关街遒"]}, customers=TOWN_CUST)
    # urban: 100 x 2 h + 300 x 1 h + 100 x 0.5 h = 550 / 1000 = 0.55 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.55, abs=1e-9)
    # rural: 200 x 4 h = 800 / 2000 = 0.4 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.4, abs=1e-9)


AREAS = {"column": "town", "urban": ["城关街道", "东城街道"]}


def test_c32_areas_from_towns_with_a_typo_town(tmp_path):
    path = MESSY / "c32_areas_from_towns_typo.csv"  # no 地区特征; 东城街遒 (typo of 东城街道) on row 3
    with pytest.raises(DataError):
        dataset(path, {**Y2023, "areas": AREAS}, customers=TOWN_CUST)
    proc = cli("check", "--params", params_file(tmp_path, path, TOWN_CUST, areas=AREAS, **Y2023), "--year", 2023)
    refused(proc, "东城街遒")
    fixed = {**Y2023, "areas": {"column": "town", "urban": ["城关街道", "东城街道", "东城街遒"]},
             "known_towns": ["东城街遒"]}
    load(path, fixed, rows=3, accepted=3)
    ds = dataset(path, fixed, customers=TOWN_CUST)
    # urban: 100 x 2 h + 400 x 3 h = 1400 / 1000 = 1.4 h (not moved to rural)
    assert saidi(ds, 2023, "urban") == pytest.approx(1.4, abs=1e-9)
    # rural: 200 x 1 h = 200 / 2000 = 0.1 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.1, abs=1e-9)


def test_x6_areas_from_towns_with_a_typo_town_xlsx(tmp_path):
    header = ["停电编号", "供电所", "线路名称", "停电性质", "停电开始时间", "停电结束时间", "停电用户数"]
    path = write_xlsx(tmp_path / "x6_areas_typo.xlsx", header, [
        ["X61", "城关街道", "10kV城关01线", "故障停电", T(2023, 2, 1, 8), T(2023, 2, 1, 10), 100],
        ["X62", "五井镇", "10kV五井03线", "故障停电", T(2023, 3, 1, 8), T(2023, 3, 1, 9), 200],
        ["X63", "城关街到", "10kV城关01线", "故障停电", T(2023, 3, 5, 8), T(2023, 3, 5, 12), 300],
    ])
    proc = cli("check", "--params", params_file(tmp_path, path, TOWN_CUST, areas=AREAS, **Y2023), "--year", 2023)
    refused(proc, "城关街到")
    fixed = {**Y2023, "areas": {"column": "town", "urban": ["城关街道", "东城街道", "城关街到"]},
             "known_towns": ["城关街到"]}
    load(path, fixed, rows=3, accepted=3)
    ds = dataset(path, fixed, customers=TOWN_CUST)
    # urban: 100 x 2 h + 300 x 4 h = 1400 / 1000 = 1.4 h
    assert saidi(ds, 2023, "urban") == pytest.approx(1.4, abs=1e-9)
    # rural: 200 x 1 h = 200 / 2000 = 0.1 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.1, abs=1e-9)


# ----------------------------------------------------------------------------------------- 7. duration units
def test_c33_duration_in_minutes():
    path = MESSY / "c33_duration_minutes.csv"  # 停电时长(分钟), no end column
    load(path, rows=4, accepted=4)
    ds = dataset(path, Y2023)
    # urban: 100 x 1.5 h + 40 x 0.75 h = 180 / 1000 = 0.18 h (the 3-minute row is short: not in SAIDI)
    assert saidi(ds, 2023, "urban") == pytest.approx(0.18, abs=1e-9)
    # rural: 200 x 4 h = 800 / 2000 = 0.4 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.4, abs=1e-9)


def test_c34_duration_in_hours():
    path = MESSY / "c34_duration_hours.csv"  # GB18030, 停电时长(小时)
    load(path, rows=3, accepted=3)
    ds = dataset(path, Y2023)
    # urban: 100 x 1.5 h + 50 x 2 h = 250 / 1000 = 0.25 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.25, abs=1e-9)
    # rural: 400 x 0.25 h = 100 / 2000 = 0.05 h
    assert saidi(ds, 2023, "rural") == pytest.approx(0.05, abs=1e-9)


@pytest.mark.parametrize("settle, urban, rural", [
    # minutes: 100 x 1.5 h + 200 x 0.5 h = 250 / 1000 = 0.25 h; rural 20 x 4 h = 80 / 2000 = 0.04 h
    ({"duration_unit": "min"}, 0.25, 0.04),
    ({"columns": {"duration_min": "停电时长"}}, 0.25, 0.04),
    # hours: 100 x 90 h + 200 x 30 h = 15000 / 1000 = 15 h; rural 20 x 240 h = 4800 / 2000 = 2.4 h
    ({"duration_unit": "h"}, 15.0, 2.4),
])
def test_c35_bare_duration_refused_then_settled(tmp_path, settle, urban, rural):
    path = MESSY / "c35_duration_bare_refused.csv"  # header 停电时长 without a unit
    with pytest.raises(InputError):
        load_events(path, load_params({}))
    if settle.get("duration_unit") == "min":  # once: without a unit the column is refused
        refused(cli("validate", path, "--params", params_file(tmp_path, path)), "停电时长", "duration_unit")
    params = {**Y2023, **settle}
    load(path, params, rows=3, accepted=3)
    ds = dataset(path, params)
    assert saidi(ds, 2023, "urban") == pytest.approx(urban, abs=1e-9)
    assert saidi(ds, 2023, "rural") == pytest.approx(rural, abs=1e-9)


def test_x7_bare_duration_column_xlsx(tmp_path):
    header = ["停电编号", "供电所", "线路名称", "地区特征", "停电性质", "停电开始时间", "停电持续时间", "停电用户数"]
    path = write_xlsx(tmp_path / "x7_duration_bare.xlsx", header, [
        ["X71", "城关街道", "10kV城关01线", "城镇", "故障停电", T(2023, 5, 1, 8), 1.5, 200],
        ["X72", "五井镇", "10kV五井03线", "农村", "故障停电", T(2023, 5, 2, 8), 3, 100],
    ])
    refused(cli("validate", path, "--params", params_file(tmp_path, path)), "停电持续时间", "duration_unit")
    params = {**Y2023, "duration_unit": "h"}
    load(path, params, rows=2, accepted=2)
    ds = dataset(path, params)
    # urban: 200 x 1.5 h = 300 / 1000 = 0.3 h; rural: 100 x 3 h = 300 / 2000 = 0.15 h
    assert saidi(ds, 2023, "urban") == pytest.approx(0.3, abs=1e-9)
    assert saidi(ds, 2023, "rural") == pytest.approx(0.15, abs=1e-9)
    # in minutes both rows would be short (1.5 and 3 min <= 3 min): no sustained interruption at all
    ds = dataset(path, {**Y2023, "duration_unit": "min"})
    assert saidi(ds, 2023, "urban") == pytest.approx(0.0, abs=1e-9)
    assert math.isclose(saidi(ds, 2023, "rural"), 0.0, abs_tol=1e-9)
