"""A new user's trial of the command line: a customers file with Chinese months in GB18030 (an internal error),
a relative state folder for ``lqrel report`` (the notebook's kernel runs elsewhere), a log of several files named
in Chinese words. Expected values worked by hand from the tiny files below (docs/spec.md §5, §10)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lqrel.cli import main
from lqrel.customers import load_customers
from tests.test_cli_trial_findings import HEADER

#: One urban outage: 2 h x 500 customers on 10 January 2023 = 1000 customer-hours; urban users 4000 -> SAIDI 0.25 h.
URBAN = "TD1,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2023-01-10 08:00,2023-01-10 10:00,500"
#: One rural outage: 3 h x 400 customers = 1200 customer-hours; rural users 2000 -> SAIDI 0.6 h.
RURAL = "TD2,冶源镇,10kV冶源01线,农村,故障停电,雷击,内部,2023-02-10 08:00,2023-02-10 11:00,400"
#: A row without a start: rejected (row 3 of its file, after the header and RURAL).
NO_START = "TD3,冶源镇,10kV冶源01线,农村,故障停电,雷击,内部,,2023-02-11 11:00,400"
#: The ways of writing January 2022 (and every month of 2022-2023) that ``lqrel inspect`` reads as a month.
SPELLINGS = {"iso": "{y}-{m:02d}", "chinese": "{y}年{m}月", "chinese_padded": "{y}年{m:02d}月", "slash": "{y}/{m}",
             "dot": "{y}.{m:02d}"}


def customers_file(folder: Path, spelling: str, encoding: str = "utf-8") -> Path:
    """城镇 4000 and 农村 2000 users in each month of 2022-2023, the month written by ``spelling``."""
    lines = ["区域,月份,用户数"]
    for y in (2022, 2023):
        for m in range(1, 13):
            month = spelling.format(y=y, m=m)
            lines += [f"城镇,{month},4000", f"农村,{month},2000"]
    path = folder / f"用户数-{encoding}-{sum(map(ord, spelling))}.csv"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def county(folder: Path, customers: Path) -> str:
    """The tiny county: the urban outage, its customers file, the coverage 2022-2023 declared."""
    (folder / "停电记录.csv").write_text(HEADER + URBAN + "\n", encoding="utf-8")
    params = folder / "params.yaml"
    params.write_text(f"events: 停电记录.csv\ncustomers: {customers.name}\n"
                      "coverage: {from: 2022-01-01, through: 2023-12-31}\n", encoding="utf-8")
    return str(params)


def run(capsys, *args) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


# 1. A customers file's month: every spelling inspect reads loads the same, in UTF-8 and in GB18030


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_every_month_spelling_loads_the_same_customers(tmp_path, spelling, encoding):
    """48 rows: rural 2000 and urban 4000 in each of the 24 months 2022-01 .. 2023-12, sorted by area and month,
    the month a monthly period (a GB18030 file's Chinese cells came as categories, whose min failed)."""
    frame = load_customers(customers_file(tmp_path, SPELLINGS[spelling], encoding))
    months = pd.period_range("2022-01", "2023-12", freq="M")
    assert isinstance(frame["month"].dtype, pd.PeriodDtype)
    assert list(frame["area"]) == ["rural"] * 24 + ["urban"] * 24
    assert list(frame["month"]) == list(months) * 2
    assert list(frame["customers"]) == [2000] * 24 + [4000] * 24


def test_check_with_gb18030_chinese_months_gives_the_verdict_of_iso_months(tmp_path, capsys):
    """``2023年1月`` (no leading zero) in a GB18030 file: exit 0 (was 3, an internal error) and the same output as
    ``2023-01``: urban SAIDI 1000 / 4000 = 0.25 h."""
    chinese = run(capsys, "check", "--params", county(tmp_path, customers_file(tmp_path, "{y}年{m}月", "gb18030")),
                  "--year", "2023", "--lang", "zh")
    iso = run(capsys, "check", "--params", county(tmp_path, customers_file(tmp_path, "{y}-{m:02d}")),
              "--year", "2023", "--lang", "zh")
    assert chinese == iso
    urban = next(line for line in chinese.splitlines() if line.startswith("城镇"))
    assert urban.split()[1] == "0.25"


# 2. The report's state folder: absolute, whatever the working folder of the notebook's kernel


def test_relative_state_dir_is_made_absolute(tmp_path, monkeypatch):
    """``--state-dir state`` and ``LQREL_STATE_DIR=relstate`` run from tmp_path: tmp_path/state and
    tmp_path/relstate, absolute (the kernel, started in the run's folder, could not find state/runs/...)."""
    from lqrel.report.state import state_dir

    monkeypatch.chdir(tmp_path)
    assert state_dir("state") == tmp_path / "state"
    assert state_dir("state").is_absolute() and (tmp_path / "state" / "runs").is_dir()
    monkeypatch.setenv("LQREL_STATE_DIR", "relstate")
    assert state_dir() == tmp_path / "relstate" and state_dir().is_absolute()


# 3. A log of several files: named in Chinese words, and a file's rows as 文件 第 N 行


def monthly(tmp_path) -> str:
    """Two monthly files: January with the urban outage, February with the rural one and a row without a start
    (row 3 of 停电记录-2023-02.csv); the settings name the customers file."""
    folder = tmp_path / "monthly"
    folder.mkdir()
    (folder / "停电记录-2023-01.csv").write_text(HEADER + URBAN + "\n", encoding="utf-8")
    (folder / "停电记录-2023-02.csv").write_text(HEADER + RURAL + "\n" + NO_START + "\n", encoding="utf-8")
    county(tmp_path, customers_file(tmp_path, "{y}-{m:02d}"))
    return str(folder)


def test_several_files_are_named_in_chinese(tmp_path, capsys):
    """3 rows read = 2 accepted + 1 rejected; the input line names 2 个文件, not '2 files'; urban 0.25 h, rural
    1200 / 2000 = 0.60 h."""
    folder = monthly(tmp_path)
    params = str(tmp_path / "params.yaml")
    out = run(capsys, "check", folder, "--params", params, "--year", "2023", "--lang", "zh")
    assert "输入 2 个文件（停电记录-2023-01.csv、停电记录-2023-02.csv）：读取 3 行 = 接受 2 + 拒收 1 + 重复 0" in out
    assert "files" not in out
    rural = next(line for line in out.splitlines() if line.startswith("农村"))
    assert rural.split()[1] == "0.60"
    en = run(capsys, "check", folder, "--params", params, "--year", "2023", "--lang", "en")
    assert "Input 2 files: 停电记录-2023-01.csv, 停电记录-2023-02.csv: 3 rows read" in en


def test_a_files_row_reads_as_file_then_row_in_chinese(tmp_path, capsys):
    """The rejected row: '停电记录-2023-02.csv 第 3 行' in the Chinese note (was '第 停电记录-2023-02.csv:3 行'); the
    English note and the JSON keep the label '停电记录-2023-02.csv:3'."""
    folder = monthly(tmp_path)
    params = str(tmp_path / "params.yaml")
    out = run(capsys, "check", folder, "--params", params, "--year", "2023", "--lang", "zh")
    assert "不计入任何指标：停电记录-2023-02.csv 第 3 行" in out and "第 停电记录" not in out
    en = run(capsys, "check", folder, "--params", params, "--year", "2023", "--lang", "en")
    assert "rows 停电记录-2023-02.csv:3" in en
    doc = json.loads(run(capsys, "check", folder, "--params", params, "--year", "2023", "--json"))
    note = next(n for n in doc["notes"] if n["code"] == "rejected_rows")
    assert note["rows"] == ["停电记录-2023-02.csv:3"] and note["listed"] == "停电记录-2023-02.csv:3"


def test_file_row_labels_group_by_file_in_chinese():
    """Rows 17 and 20 of one file and row 3 of another, then more rows unlisted: each file once with its rows;
    rows given by number keep 第 … 行; English keeps the labels."""
    from lqrel.messages import text

    args = {"read": 10, "share": 0.5, "count": 5, "listed": "a.csv:17, a.csv:20, b.csv:3, ... (+2)"}
    assert "不计入任何指标：a.csv 第 17、20 行；b.csv 第 3 行；... (+2)（" in text("rejected_rows", args, "zh", "note")
    assert "不计入任何指标：第 5, 9 行（" in text("rejected_rows", {**args, "listed": "5, 9"}, "zh", "note")
    assert "rows a.csv:17, a.csv:20, b.csv:3, ... (+2)" in text("rejected_rows", args, "en", "note")
