"""Inputs made to hurt (hardening round 2, cases 4, 5, 6 and 8): bounded resources, CSV edge cases, empty files,
Excel durations and unsaved formulas. Each failed on the code before this change: the XLSX read a million
blank rows, the YAML aliases exhausted memory, /dev/zero and a FIFO were read, a bare CR split an event, a
duplicated header was used silently, trailing separator rows were not counted, the two CSV readers took
different cell sizes, a header-only file crashed three commands, Excel durations were "non-numeric".
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import openpyxl
import pytest

from lqrel import load_events, load_params
from lqrel.cli import main
from lqrel.errors import InputError, ParamsError
from tests.conftest import ROOT

HEADER = ["停电开始时间", "停电结束时间", "停电用户数", "区域"]

@pytest.fixture(autouse=True)
def english(monkeypatch):
    """This file reads the command line's English text (tests/test_language.py reads the Chinese default)."""
    monkeypatch.setenv("LQREL_LANG", "en")



def _bomb(path, far_cell: str):
    """50 data rows and one cell far away: the sheet declares A1:<far_cell>."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(50):
        ws.append([f"2022-03-01 {i // 6:02d}:{i % 6 * 10:02d}", f"2022-03-01 {i // 6 + 1:02d}:00", 10 + i, "城镇"])
    ws[far_cell] = "x"
    wb.save(path)
    return path


@pytest.mark.parametrize("far", ["J1048576", "XFD1048576"])
def test_an_xlsx_reads_the_rows_it_holds_not_its_declared_dimension(tmp_path, far):
    """A 5 KB sheet declaring A1:J1048576 once gave 1,048,525 "blank row" rejects (16 s, 2 GB); A1:XFD1048576 ran
    out of memory. The rows the file does not hold are not rows."""
    path = _bomb(tmp_path / "bomb.xlsx", far)
    assert path.stat().st_size < 10_000
    ev, rj, rep = load_events(path)
    assert (rep.rows_read, rep.accepted, rep.rejected) == (51, 50, 1)
    assert rj["row"].tolist() == [1048576] and rj.loc[0, "reason"] == "row has more cells than the header"


def _yaml(tmp_path, text: str):
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_with_nested_aliases_are_refused_before_they_expand(tmp_path):
    """A 964-byte params.yaml of nested aliases (billion laughs) once took 283 MB at depth 6, all the memory at 7."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    path = _yaml(tmp_path, "\n".join(lines) + "\n")
    assert path.stat().st_size < 1000
    with pytest.raises(ParamsError, match=r"params.yaml, line 3: more than 10 YAML aliases"):
        load_params(path)
    # a few aliases stay allowed
    ok = _yaml(tmp_path, "targets:\n  urban: &limit {max_saidi_h: 7}\n  rural: *limit\n")
    assert load_params(ok).targets.max_saidi_h == {"urban": 7.0, "rural": 7.0}


@pytest.mark.parametrize(("text", "message"), [
    ("x: " + "[" * 500 + "]" * 500 + "\n", "line 1: settings nested deeper than 20 levels"),
    ("# " + "x" * (2 << 20) + "\n", "settings file larger than 1 MB"),
])
def test_deep_or_huge_settings_are_one_clear_error(tmp_path, text, message):
    """Deep nesting once raised a RecursionError (exit 3); a 5 MB YAML took 17 s and 411 MB."""
    with pytest.raises(ParamsError, match=message):
        load_params(_yaml(tmp_path, text))


def test_inputs_must_be_regular_files(tmp_path):
    """/dev/zero as input once ran out of memory; a FIFO hung. Checked in a subprocess with a time limit, so a
    regression cannot hang the suite."""
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    for path, what in ((fifo, "not a regular file"), ("/dev/zero", "not a regular file")):
        proc = subprocess.run([sys.executable, "-m", "lqrel", "validate", str(path)], capture_output=True, text=True,
                              timeout=60, cwd=ROOT)
        assert proc.returncode == 2 and what in proc.stderr and proc.stderr.count("\n") == 1
    proc = subprocess.run([sys.executable, "-m", "lqrel", "validate", "--params", str(fifo)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_a_bare_cr_inside_a_cell_is_data_not_a_row_break(tmp_path):
    """200 rows written, one with a bare CR inside an unquoted cause: 201 rows were once read, two rejected."""
    lines = ["start,end,customers,area,cause"]
    lines += [f"2022-03-01 10:00,2022-03-01 11:{i % 60:02d},{i + 1},urban,c{i}" for i in range(200)]
    lines[100] = lines[100].replace(",c99", ",tree\rfall")
    path = tmp_path / "e.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode())
    ev, rj, rep = load_events(path)
    assert (rep.rows_read, rep.accepted, rep.rejected) == (200, 200, 0)
    assert ev.loc[ev["row"] == 101, "cause"].item() == "tree\rfall"


def test_a_header_used_twice_is_one_error_naming_both_columns(tmp_path):
    """Two columns with the same header: the first was used silently and every row rejected "missing start"."""
    path = tmp_path / "e.csv"
    path.write_text("停电开始时间,停电结束时间,停电开始时间,停电用户数,区域\n"
                    ",2022-03-01 12:00,2022-03-01 10:00,5,城镇\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"header '停电开始时间' \(used for start\) names columns A and C"):
        load_events(path)


@pytest.mark.parametrize("quote_elsewhere", [False, True])
def test_both_csv_readers_take_the_same_cell_sizes(tmp_path, quote_elsewhere):
    """A 1 MB cell once loaded or was refused depending on whether a '"' appeared anywhere else in the file (the
    two readers had different field limits)."""
    big = "x" * (1 << 20)
    cause = '"a, quoted cause"' if quote_elsewhere else "short"
    path = tmp_path / "e.csv"
    path.write_text(f"start,end,customers,area,cause\n2022-03-01 10:00,2022-03-01 11:00,5,urban,{big}\n"
                    f"2022-03-01 10:00,2022-03-01 12:00,6,urban,{cause}\n", encoding="utf-8")
    ev, _, rep = load_events(path)
    assert rep.accepted == 2 and len(ev.loc[0, "cause"]) == 1 << 20


def test_excel_durations_as_time_and_elapsed_hours(tmp_path):
    """Durations stored as Excel times (02:30) or [h]:mm (26:15) were once rejected as non-numeric."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["停电开始时间", "停电时长(小时)", "停电用户数", "区域"])
    ws.append(["2022-03-01 10:00", dt.time(2, 30), 5, "城镇"])
    ws.append(["2022-03-02 10:00", dt.timedelta(hours=26, minutes=15), 5, "城镇"])
    ws["B3"].number_format = "[h]:mm"
    ws.append(["2022-03-03 10:00", 1.5, 5, "城镇"])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    ev, rj, _ = load_events(path)
    assert rj.empty, rj
    assert ev["duration_h"].tolist() == [2.5, 26.25, 1.5]


def test_a_header_only_file_is_one_clear_line_from_every_command(tmp_path, capsys, monkeypatch):
    """A header-only file once gave a TypeError (report --period, exit 2), an AttributeError (report, exit 3) and
    "cannot convert float NaN to integer" (summary)."""
    monkeypatch.chdir(ROOT)
    log = tmp_path / "empty.csv"
    log.write_text("停电开始时间,停电结束时间,停电用户数,地区特征\n", encoding="utf-8")
    out = str(tmp_path / "out")
    for args in (["summary"], ["check", "--year", "2022"], ["indices", "--period", "2022"], ["validate"],
                 ["report", "--period", "2022Q1", "--out", out], ["report", "--out", out], ["med", "--year", "2022"],
                 ["forecast", "--as-of", "2022-06-30"], ["budget", "--year", "2022"]):
        code = main([args[0], str(log), *args[1:]])
        err = capsys.readouterr().err
        assert code == 2, args
        assert err.startswith(f"lqrel: error: {log}: no data rows under the header") and err.count("\n") == 1, args
    assert not os.path.exists(out)
    bad = tmp_path / "bad.csv"
    bad.write_text("停电开始时间,停电结束时间,停电用户数,地区特征\nsoon,later,x,y\n", encoding="utf-8")
    assert main(["summary", str(bad)]) == 2
    assert "no row was accepted (1 row read: 1 rejected, 0 duplicates)" in capsys.readouterr().err
