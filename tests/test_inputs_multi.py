"""A year of monthly exports as one log (issue 27, point 5): ``events:``, ``customers:`` and ``applications:`` (and
the command's file arguments) take a list, a folder or a glob; each file is read on its own terms (header row,
mapping, date order), then joined; rows are named ``file:row``; a row present in two files is counted once and
named.

Every expected figure is worked by hand from the small files written here (docs/spec.md §3, §5).
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from lqrel.applications import load_applications
from lqrel.cli import main
from lqrel.customers import load_customers
from lqrel.dataset import load_dataset
from lqrel.errors import InputError
from lqrel.events import load_events

#: Two header styles: the first written UTF-8, the second GB18030 (other words for the same columns).
HEAD_A = "停电编号,停电开始时间,停电结束时间,停电用户数,地区特征,线路"
HEAD_B = "事件编号,开始时间,复电时间,影响用户数,区域,线路名称"
#: Customers served in 2023: one count for the year (docs/spec.md §4 applies it to every month).
CUSTOMERS = "区域,年份,用户数\n城镇,2023,1000\n农村,2023,500\n"


def _stamp(month: int, day: int, hour: int) -> str:
    """A start or end as the month's file writes it: day first in May, month first in August, else ISO."""
    if month == 5:
        return f"{day:02d}/{month:02d}/2023 {hour:02d}:00"
    if month == 8:
        return f"{month:02d}/{day:02d}/2023 {hour:02d}:00"
    return f"2023-{month:02d}-{day:02d} {hour:02d}:00"


def _month_rows(month: int) -> list[list[object]]:
    """Each month: U<m>, urban, 2 h x 100 customers on the 14th; R<m>, rural, 1 h x 50 customers on the 15th."""
    return [[f"U{month}", _stamp(month, 14, 8), _stamp(month, 14, 10), 100, "城镇", "城关线"],
            [f"R{month}", _stamp(month, 15, 9), _stamp(month, 15, 10), 50, "农村", "五井线"]]


def write_year(folder):
    """Twelve monthly exports 2023-01 .. 2023-12 in ``folder``:

    - odd months UTF-8 with :data:`HEAD_A`, even months GB18030 with :data:`HEAD_B`; May day first, August month
      first (each settled by a day above 12 in its own file);
    - June an XLSX with a title row, its header on row 3 and typed times;
    - 2023-04.csv repeats R3 of 2023-03.csv (line 3) on its line 4: the same event, counted once;
    - 2023-07.csv has X7 on line 4, its end before its start: rejected;
    - a 说明.txt beside them, which a folder source does not read.
    """
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    for month in range(1, 13):
        rows = _month_rows(month)
        if month == 4:
            rows.append(_month_rows(3)[1])
        if month == 7:
            rows.append(["X7", "2023-07-20 10:00", "2023-07-20 09:00", 10, "城镇", "城关线"])
        if month == 6:
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.append(["2023年6月停电明细"])
            ws.append([])
            ws.append(HEAD_A.split(","))
            for r in rows:
                ws.append([r[0], dt.datetime.fromisoformat(r[1]), dt.datetime.fromisoformat(r[2]), *r[3:]])
            wb.save(folder / "2023-06.xlsx")
            continue
        head, encoding = (HEAD_A, "utf-8") if month % 2 else (HEAD_B, "gb18030")
        text = "\n".join([head, *(",".join(map(str, r)) for r in rows)]) + "\n"
        (folder / f"2023-{month:02d}.csv").write_bytes(text.encode(encoding))
    (folder / "说明.txt").write_text("每月导出一次\n", encoding="utf-8")
    return folder


@pytest.fixture
def year(tmp_path):
    write_year(tmp_path / "monthly")
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "params.yaml").write_text("{}\n", encoding="utf-8")
    return tmp_path


class TestTwelveMonthlyFiles:
    def test_rows_reconcile_across_the_files_and_the_overlap_is_counted_once(self, year):
        events, rejects, report = load_events(year / "monthly")
        # 12 files x 2 events + R3 again in April + X7 in July = 26 rows: 24 accepted, 1 rejected, 1 duplicate.
        assert (report.rows_read, report.accepted, report.rejected, report.duplicates) == (26, 24, 1, 1)
        assert len(events) == 24 and sorted(events["event_id"]) == sorted(
            [f"U{m}" for m in range(1, 13)] + [f"R{m}" for m in range(1, 13)])
        # named file:row: the copy in March's file is dropped, April's (its line 4) kept
        assert report.duplicate_rows == ["2023-03.csv:3"]
        assert report.file_overlaps == [{"id": "R3", "kept": "2023-04.csv:4", "dropped": ["2023-03.csv:3"],
                                         "identical": True}]
        assert rejects["row"].tolist() == ["2023-07.csv:4"] and rejects["code"].tolist() == ["end_before_start"]
        warned = report.warnings[report.warnings["code"] == "file_overlap"]
        assert warned["row"].tolist() == ["2023-04.csv:4"] and "2023-03.csv:3" in warned["message"].iloc[0]
        # June's XLSX: its header on row 3, its events on rows 4 and 5
        assert set(events.loc[events["event_id"].isin(["U6", "R6"]), "row"]) == {"2023-06.xlsx:4", "2023-06.xlsx:5"}

    def test_each_file_is_read_on_its_own_terms(self, year):
        events, _, report = load_events(year / "monthly")
        # The date order decided per file: May day first, August month first, the others year first.
        assert report.date_orders["2023-05.csv 停电开始时间"] == "dmy"
        assert report.date_orders["2023-08.csv 开始时间"] == "mdy"
        assert report.date_orders["2023-01.csv 停电开始时间"] == "ymd"
        start = events.set_index("event_id")["start"]
        assert start["U5"] == pd.Timestamp("2023-05-14 08:00", tz="Asia/Shanghai")
        assert start["R8"] == pd.Timestamp("2023-08-15 09:00", tz="Asia/Shanghai")
        # each file's own header row and encoding
        files = {f["label"]: f for f in report.files}
        assert len(files) == 12 and "说明.txt" not in files
        assert (files["2023-06.xlsx"]["header_row"], files["2023-02.csv"]["encoding"]) == (3, "gb18030")
        assert (files["2023-04.csv"]["rows_read"], files["2023-04.csv"]["accepted"]) == (3, 3)
        assert report.columns["customers"] == "停电用户数 / 影响用户数"

    def test_saidi_of_the_year_counts_the_overlapping_event_once(self, year):
        ds = load_dataset(year / "params.yaml", events=year / "monthly", customers=year / "customers.csv")
        saidi = ds.indices("2023").set_index("area")["saidi_h"]
        # urban 12 x 2 h x 100 / 1000 = 2.4 h; rural 12 x 1 h x 50 / 500 = 1.2 h (R3 twice would give 1.3 h);
        # all (2400 + 600) / 1500 = 2.0 h
        assert saidi["urban"] == pytest.approx(2.4)
        assert saidi["rural"] == pytest.approx(1.2)
        assert saidi["all"] == pytest.approx(2.0)

    def test_validate_names_file_rows_in_its_text_json_and_rejects_file(self, year, capsys):
        args = ["validate", str(year / "monthly"), "--customers", str(year / "customers.csv"),
                "--params", str(year / "params.yaml")]
        assert main([*args, "--rejects", str(year / "rejects.csv")]) == 1  # rows were rejected
        text = capsys.readouterr().out
        assert "26" in text and "2023-07.csv:4" in text and "2023-03.csv:3" in text
        rejects = pd.read_csv(year / "rejects.csv", encoding="utf-8-sig")
        assert rejects["row"].tolist() == ["2023-07.csv:4"]
        main([*args, "--json"])
        doc = json.loads(capsys.readouterr().out)
        assert (doc["rows_read"], doc["accepted"], doc["rejected"], doc["duplicates"]) == (26, 24, 1, 1)
        assert doc["duplicate_rows"] == ["2023-03.csv:3"]
        assert doc["file_overlaps"][0]["kept"] == "2023-04.csv:4"
        assert doc["rejects"][0]["row"] == "2023-07.csv:4"

    def test_a_single_file_keeps_plain_row_numbers(self, year):
        _, rejects, report = load_events(year / "monthly" / "2023-07.csv")
        assert rejects["row"].tolist() == [4] and report.files == [] and report.rows_read == 3


class TestFolderGlobList:
    def test_a_glob_reads_the_files_it_matches_in_name_order(self, year):
        # 2023-0*.csv: January to September without June's XLSX, 8 files: 16 events + R3 again + X7 = 18 rows
        events, rejects, report = load_events(str(year / "monthly" / "2023-0*.csv"))
        assert [f["label"] for f in report.files] == [f"2023-0{m}.csv" for m in (1, 2, 3, 4, 5, 7, 8, 9)]
        assert (report.rows_read, report.accepted, report.rejected, report.duplicates) == (18, 16, 1, 1)

    def test_a_list_in_params_relative_to_the_settings_file(self, year):
        (year / "p.yaml").write_text("events: [monthly/2023-03.csv, monthly/2023-04.csv]\n"
                                     "customers: customers.csv\n", encoding="utf-8")
        ds = load_dataset(year / "p.yaml", validate=True)
        # March 2 rows + April 3 rows (R3 again): 4 events, 1 duplicate
        assert (ds.load_report.rows_read, ds.load_report.accepted, ds.load_report.duplicates) == (5, 4, 1)

    def test_an_empty_folder_a_glob_matching_nothing_and_a_missing_file_are_named(self, tmp_path):
        (tmp_path / "empty").mkdir()
        (tmp_path / "empty" / "notes.txt").write_text("x", encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_events(tmp_path / "empty")
        assert err.value.code == "folder_empty" and str(tmp_path / "empty") in str(err.value)
        with pytest.raises(InputError) as err:
            load_events(str(tmp_path / "2023-*.csv"))
        assert err.value.code == "glob_no_match" and "2023-*.csv" in err.value.text("zh")
        with pytest.raises(InputError) as err:
            load_events([tmp_path / "a.csv", tmp_path / "b.csv"])
        assert err.value.code == "file_not_found" and str(tmp_path / "a.csv") in str(err.value)


class TestCustomersAndApplicationsFromSeveralFiles:
    def test_customers_files_overlapping_on_a_month_count_it_once(self, tmp_path):
        (tmp_path / "c1.csv").write_text("区域,月份,用户数\n" + "".join(
            f"城镇,2023-{m:02d},1000\n农村,2023-{m:02d},500\n" for m in range(1, 7)), encoding="utf-8")
        (tmp_path / "c2.csv").write_text("区域,月份,用户数\n" + "".join(
            f"城镇,2023-{m:02d},1000\n农村,2023-{m:02d},500\n" for m in range(6, 13)), encoding="gb18030")
        table = load_customers([tmp_path / "c1.csv", tmp_path / "c2.csv"])
        assert len(table) == 24 and table["customers"].sum() == 12 * 1500  # June once

    def test_customers_files_that_disagree_name_both_rows(self, tmp_path):
        (tmp_path / "c1.csv").write_text("区域,月份,用户数\n城镇,2023-01,1000\n", encoding="utf-8")
        (tmp_path / "c2.csv").write_text("区域,月份,用户数\n城镇,2023-01,1001\n", encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_customers(str(tmp_path / "c*.csv"))
        assert err.value.code == "customers_given_twice"
        assert (err.value.fields["row"], err.value.fields["first"]) == ("c2.csv:2", "c1.csv:2")

    def test_an_application_in_two_exports_is_counted_once(self, tmp_path):
        head = "申请编号,用户类别,业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间\n"
        a1 = "A1,居民,2024-03-04 09:00,2024-03-04 10:00,2024-03-05 09:00,2024-03-05 10:00\n"
        a2 = "A2,居民,2024-04-08 09:00,2024-04-08 10:00,2024-04-09 09:00,2024-04-09 10:00\n"
        (tmp_path / "2024-03.csv").write_text(head + a1, encoding="utf-8")
        (tmp_path / "2024-04.csv").write_text(head + a2 + a1, encoding="gb18030")
        apps = load_applications(tmp_path)
        report = apps.report
        assert (report.rows_read, report.accepted, report.rejected, report.duplicates) == (3, 2, 0, 1)
        assert sorted(apps.apps["app_id"]) == ["A1", "A2"]
        assert report.file_overlaps == [{"id": "A1", "kept": "2024-04.csv:3", "dropped": ["2024-03.csv:2"],
                                         "identical": True}]


class TestOneIdInTwoFiles:
    """docs/spec.md §5 across files: one id on one outage is one event (the later file's row kept, a correction
    named); one id on two outages is id reuse (both kept, named)."""

    def test_a_correction_is_kept_and_a_reused_id_named(self, tmp_path):
        head = "停电编号,停电开始时间,停电结束时间,停电用户数,地区特征,线路\n"
        (tmp_path / "2024-01.csv").write_text(
            head + "E1,2024-01-31 22:00,2024-02-01 02:00,100,城镇,城关线\n"
                   "E9,2024-01-10 08:00,2024-01-10 09:00,10,农村,五井线\n", encoding="utf-8")
        (tmp_path / "2024-02.csv").write_text(
            head + "E1,2024-01-31 22:00,2024-02-01 03:00,100,城镇,城关线\n"
                   "E9,2024-02-12 08:00,2024-02-12 09:00,20,农村,冶源线\n", encoding="utf-8")
        events, _, report = load_events([tmp_path / "2024-01.csv", tmp_path / "2024-02.csv"])
        # 4 rows: E1 once (the February row, 5 h), E9 twice (two outages): 3 accepted, 1 duplicate
        assert (report.rows_read, report.accepted, report.rejected, report.duplicates) == (4, 3, 0, 1)
        e1 = events[events["event_id"] == "E1"]
        assert e1["row"].tolist() == ["2024-02.csv:2"] and e1["duration_h"].tolist() == [5.0]
        assert report.file_overlaps == [{"id": "E1", "kept": "2024-02.csv:2", "dropped": ["2024-01.csv:2"],
                                         "identical": False}]
        assert report.reused_ids == [{"id": "E9", "rows": ["2024-01.csv:3", "2024-02.csv:3"]}]
        codes = dict(zip(report.warnings["row"], report.warnings["code"], strict=False))
        assert codes["2024-02.csv:2"] == "file_correction"


def test_indices_of_a_folder_on_the_command_line(year, capsys):
    """``lqrel indices FOLDER``: a folder of monthly exports is a log to load, not compact Parquet partitions."""
    assert main(["indices", str(year / "monthly"), "--customers", str(year / "customers.csv"), "--params",
                 str(year / "params.yaml"), "--period", "2023", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    saidi = {r["area"]: r["saidi_h"] for r in doc["rows"]}
    assert saidi["urban"] == pytest.approx(2.4) and saidi["rural"] == pytest.approx(1.2)
    assert doc["input"]["duplicates"] == 1 and len(doc["input"]["files"]) == 12


def test_several_files_on_the_command_line_as_a_shell_expands_a_glob(year, capsys):
    """``lqrel indices monthly/2023-*`` unquoted: the shell gives twelve paths (eleven CSV and June's XLSX), read
    as one log (the same figures as the folder: urban 2.4 h, rural 1.2 h, the overlapping row once)."""
    files = sorted(str(p) for p in (year / "monthly").glob("2023-*"))
    assert len(files) == 12
    assert main(["indices", *files, "--customers", str(year / "customers.csv"), "--params",
                 str(year / "params.yaml"), "--period", "2023", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    saidi = {r["area"]: r["saidi_h"] for r in doc["rows"]}
    assert saidi["urban"] == pytest.approx(2.4) and saidi["rural"] == pytest.approx(1.2)
    assert doc["input"]["duplicates"] == 1 and len(doc["input"]["files"]) == 12
    # one file alone is read as before: its own rows only (January: U1 and R1)
    assert main(["indices", files[0], "--customers", str(year / "customers.csv"), "--params",
                 str(year / "params.yaml"), "--period", "2023-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["input"]["accepted"] == 2


def test_a_name_spelled_two_ways_in_two_files_is_one_feeder(tmp_path):
    """docs/spec.md §5 (names compared normalised) across files: 10kV城关线 in January and 10KV城关线 in February
    are one feeder, spelled as most events spell it (January's two events against February's one)."""
    head = "停电编号,停电开始时间,停电结束时间,停电用户数,地区特征,线路\n"
    (tmp_path / "2024-01.csv").write_text(head + "A,2024-01-02 08:00,2024-01-02 09:00,5,城镇,10kV城关线\n"
                                                 "B,2024-01-09 08:00,2024-01-09 09:00,5,城镇,10kV城关线\n",
                                          encoding="utf-8")
    (tmp_path / "2024-02.csv").write_text(head + "C,2024-02-02 08:00,2024-02-02 09:00,5,城镇,10KV城关线\n",
                                          encoding="utf-8")
    events, _, report = load_events(tmp_path)
    assert events["feeder"].astype(str).tolist() == ["10kV城关线"] * 3
    assert report.name_merges == [{"column": "feeder", "name": "10kV城关线", "spellings": ["10kV城关线", "10KV城关线"],
                                   "rows": 3}]
    merged = report.warnings[report.warnings["code"] == "name_merged"]
    assert merged["row"].tolist() == ["2024-02.csv:2"] and merged["column"].tolist() == ["线路"]


@pytest.mark.parametrize(("policy", "accepted"), [("keep", 2), ("drop", 1)])
def test_a_probable_double_entry_across_files_is_named(tmp_path, policy, accepted):
    """Other ids, same feeder, start, end and customers, one row in each file (docs/spec.md §5): named with both
    rows; counted twice with ``double_entries: keep``, once with ``drop``."""
    head = "停电编号,停电开始时间,停电结束时间,停电用户数,地区特征,线路\n"
    (tmp_path / "a.csv").write_text(head + "A1,2024-01-31 22:00,2024-02-01 01:00,30,农村,五井线\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(head + "B7,2024-01-31 22:00,2024-02-01 01:00,30,农村,五井线\n", encoding="utf-8")
    events, _, report = load_events(tmp_path, {"double_entries": policy})
    assert (report.accepted, report.duplicates) == (accepted, 2 - accepted)
    (entry,) = report.double_entries
    assert (entry["ids"], entry["rows"], entry["feeder"]) == (["A1", "B7"], ["a.csv:2", "b.csv:2"], "五井线")
    assert entry["dropped_rows"] == ([] if policy == "keep" else ["b.csv:2"])
