"""Messy application logs (issue 25, class 11: connection log consistency; docs/spec.md §10).

Small 业扩报装 exports with Chinese headers, each written for one problem, with the outcome worked out by hand:
- dates that contradict each other (connected before accepted, a stage ending before it starts) reject the row,
  naming its row, column and value; a stage starting before the previous one ended is not a contradiction the
  spec names, so that application is kept and counted as recorded;
- an application connected without a stage its type requires is incomplete: never on time, listed with the
  missing stage (result tables, ``lqrel connect --json``, the listing in zh and en), left out of the median;
- a low-voltage application without works (无工程) connected after the next day is late even within its type's
  working-day total, and listed as late (calendar rule by default, working-day rule by setting);
- every row ends accepted, rejected (with its row) or a duplicate (with its row).

Working days are counted by hand from the State Council's holiday arrangements (国务院办公厅关于2024年部分节假日
安排的通知), which chinese-calendar carries; a stage's working days are those d with start date < d <= end date:
- March, June and December 2024 have no holiday: Saturdays and Sundays off (8 Mar 2024 is a Friday).
- Qingming: 4 - 6 Apr off, Sun 7 Apr works; 8 - 12 Apr and 22 - 25 Apr are ordinary weekdays.
- Labour Day: 1 - 5 May off, Sun 28 Apr and Sat 11 May work; 6 - 10 May (Mon - Fri) are ordinary weekdays.
- Mid-Autumn: 15 - 17 Sep off (15 Sep is a Sunday), Sat 14 Sep works (调休); Wed 18 Sep works.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lqrel.applications import load_applications
from lqrel.cli import main
from lqrel.connection import figures, listing_lines
from lqrel.messages import text
from lqrel.periods import parse_period

TZ = "Asia/Shanghai"
HEADER = ("申请编号,用户类别,有无工程,报装容量(kW),业务受理开始时间,业务受理完成时间,供电方案答复开始时间,"
          "供电方案答复完成时间,设计审查开始时间,设计审查完成时间,中间检查开始时间,中间检查完成时间,竣工检验开始时间,"
          "竣工检验完成时间,装表接电开始时间,装表接电完成时间")


def wide_row(app: str, kind: str, works: str, kw: str, acceptance=("", ""), scheme=("", ""),
             completion=("", ""), connection=("", "")) -> str:
    """One wide row: 业务受理, 供电方案答复, (设计审查, 中间检查 blank), 竣工检验, 装表接电."""
    return ",".join([app, kind, works, kw, *acceptance, *scheme, "", "", "", "", *completion, *connection])


# Source row numbers: the header is row 1.
MESSY = [
    HEADER,
    # row 2: connected on 1 Mar, before the application was accepted on 5 Mar (each stage on its own is fine)
    wide_row("M1", "居民", "无工程", "8", ("2024-03-05 09:00", "2024-03-05 10:00"),
             connection=("2024-03-01 09:00", "2024-03-01 10:00")),
    # row 3: the scheme reply ends (4 Mar 17:00) before it starts (5 Mar 09:00)
    wide_row("M2", "10千伏单电源", "有工程", "400", ("2024-03-04 09:00", "2024-03-04 10:00"),
             ("2024-03-05 09:00", "2024-03-04 17:00")),
    # row 4: 10 kV single supply connected without 竣工检验: incomplete. Recorded stages: acceptance (6, 6 May] = 0,
    # scheme (6, 8 May] = 7, 8 May = 2, connection (9, 10 May] = 10 May = 1: total 3, well within 11, not on time
    wide_row("M3", "10千伏单电源", "有工程", "400", ("2024-05-06 09:00", "2024-05-06 10:00"),
             ("2024-05-06 11:00", "2024-05-08 10:00"), connection=("2024-05-09 09:00", "2024-05-10 10:00")),
    # row 5: other low-voltage non-residential (with works) connected without 供电方案答复: incomplete, total 0
    wide_row("M4", "低压非居民", "有工程", "100", ("2024-06-03 09:00", "2024-06-03 10:00"),
             connection=("2024-06-04 09:00", "2024-06-04 10:00")),
    # row 6: residential without works accepted Fri 8 Mar, connected Mon 11 Mar: total 0 + 0 = 0 (within 3);
    # calendar rule: due Sat 9 Mar, late; working rule: due Mon 11 Mar (Sat 9, Sun 10 off), on time
    wide_row("M5", "居民", "无工程", "8", ("2024-03-08 10:00", "2024-03-08 11:00"),
             connection=("2024-03-11 09:00", "2024-03-11 10:00")),
    # row 7: residential without works accepted Fri 13 Sep, connected Wed 18 Sep: acceptance 0, connection
    # (14, 18 Sep] = 18 Sep only (15 - 17 Sep off) = 1, total 1 (within 3); late under both rules: the next
    # calendar day and the next working day are both Sat 14 Sep (a make-up working day)
    wide_row("M6", "居民", "无工程", "8", ("2024-09-13 16:00", "2024-09-13 16:30"),
             connection=("2024-09-14 09:00", "2024-09-18 10:00")),
    # row 8: M7 as row 13 below, exported twice: the earlier row is the duplicate
    wide_row("M7", "居民", "无工程", "8", ("2024-09-13 16:00", "2024-09-13 16:30"),
             connection=("2024-09-14 09:00", "2024-09-14 10:00")),
    # row 9: residential WITH works, Fri 8 Mar -> connection (11, 13 Mar] = 12, 13 Mar = 2: on time, no next-day rule
    wide_row("M8", "居民", "有工程", "8", ("2024-03-08 10:00", "2024-03-08 11:00"),
             connection=("2024-03-11 09:00", "2024-03-13 10:00")),
    # row 10: the scheme reply starts (9 Apr 09:00) before the acceptance ended (9 Apr 10:00): kept as recorded.
    # acceptance (8, 9 Apr] = 1, scheme (9, 12 Apr] = 10, 11, 12 = 3, completion (22, 24 Apr] = 23, 24 = 2,
    # connection (24, 25 Apr] = 1: total 7 <= 11, on time
    wide_row("M9", "10千伏单电源", "有工程", "400", ("2024-04-08 09:00", "2024-04-09 10:00"),
             ("2024-04-09 09:00", "2024-04-12 10:00"), ("2024-04-22 09:00", "2024-04-24 10:00"),
             ("2024-04-24 11:00", "2024-04-25 10:00")),
    # row 11: blank
    "," * 15,
    # row 12: open at the year's end, missing its later stages: in progress, not incomplete. Scheme open from
    # Mon 23 Dec: (23, 31 Dec] = 24, 25, 26, 27, 30, 31 Dec = 6 > its 5: overdue; elapsed 0 + 6 = 6
    wide_row("M10", "10千伏单电源", "有工程", "400", ("2024-12-20 09:00", "2024-12-20 10:00"),
             ("2024-12-23 09:00", "")),
    # row 13: residential without works, Fri 13 Sep -> Sat 14 Sep: the next day, on time (total 0 + 0)
    wide_row("M7", "居民", "无工程", "8", ("2024-09-13 16:00", "2024-09-13 16:30"),
             connection=("2024-09-14 09:00", "2024-09-14 10:00")),
]


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "业扩报装.csv"
    path.write_text("\n".join(MESSY) + "\n", encoding="gb18030")
    return path


def test_contradicting_dates_are_rejects_with_row_column_and_value(messy):
    apps = load_applications(messy)
    r = apps.rejects.set_index("row")
    got = {row: (r.loc[row, "code"], r.loc[row, "column"], r.loc[row, "value"]) for row in r.index}
    assert got == {2: ("connected_before_accepted", "装表接电完成时间", "2024-03-01 10:00"),
                   3: ("stage_end_before_start", "供电方案答复完成时间", "2024-03-04 17:00"),
                   11: ("blank_row", "", "")}
    assert r.loc[2, "reason"] == "装表接电完成时间 before the application was accepted (connected before the " \
                                 "acceptance's start)"
    assert text("connected_before_accepted", {"column": "装表接电完成时间"}, "zh") == \
        "装表接电完成时间早于业务受理开始时间（接电在受理之前）"
    # overlapping stages (row 10) are not a reject: the spec names no such rule
    assert "M9" in apps.apps["app_id"].tolist()


def test_every_row_ends_accepted_rejected_or_duplicate_with_its_row(messy):
    apps = load_applications(messy)
    report = apps.report
    accepted, rejected, duplicates = set(apps.apps["row"]), set(apps.rejects["row"]), set(report.duplicate_rows)
    assert accepted == {4, 5, 6, 7, 9, 10, 12, 13} and rejected == {2, 3, 11} and duplicates == {8}
    assert accepted | rejected | duplicates == set(range(2, 14))
    assert (report.rows_read, report.accepted, report.rejected, report.duplicates) == (12, 8, 3, 1)


def test_incomplete_and_next_day_late_by_hand(messy):
    result = figures(load_applications(messy), parse_period("2024", TZ))
    apps = result["applications"].set_index("app_id")
    assert sorted(apps.index) == ["M3", "M4", "M5", "M6", "M7", "M8", "M9"]  # connected in 2024
    assert apps["on_time"].to_dict() == {"M3": False, "M4": False, "M5": False, "M6": False, "M7": True,
                                         "M8": True, "M9": True}
    assert apps["total_wd"].to_dict() == {"M3": 3, "M4": 0, "M5": 0, "M6": 1, "M7": 0, "M8": 2, "M9": 7}
    assert apps["missing_stages"].to_dict() == {"M3": ("completion_inspection",), "M4": ("scheme",), "M5": (),
                                                "M6": (), "M7": (), "M8": (), "M9": ()}
    assert apps["next_day"].to_dict() == {"M3": None, "M4": None, "M5": False, "M6": False, "M7": True,
                                          "M8": None, "M9": None}
    incomplete = result["incomplete"]
    assert incomplete[["app_id", "row", "customer_type", "total_wd"]].values.tolist() == [
        ["M3", 4, "hv10_single", 3], ["M4", 5, "lv_other", 0]]
    assert incomplete["missing_stages"].tolist() == [("completion_inspection",), ("scheme",)]
    late = result["late_next_day"]
    assert late[["app_id", "row", "total_wd", "limit_wd"]].values.tolist() == [["M5", 6, 0, 3], ["M6", 7, 1, 3]]
    types = result["types"].set_index("customer_type")
    # residential: M5, M6, M7, M8 with totals 0, 1, 0, 2; on time M7 and M8; median 0.5, p90 the 4th of 4 = 2
    assert types.loc["residential", ["applications", "on_time", "median_wd", "p90_wd"]].tolist() == [4, 2, 0.5, 2]
    # 10 kV single: M3 (incomplete, total 3) and M9 (7): one on time; the median is of M9 alone
    assert types.loc["hv10_single", ["applications", "on_time", "median_wd", "p90_wd"]].tolist() == [2, 1, 7, 7]
    # other low voltage: only M4, incomplete: no median of complete applications
    assert types.loc["lv_other", ["applications", "on_time"]].tolist() == [1, 0]
    assert pd.isna(types.loc["lv_other", "median_wd"]) and pd.isna(types.loc["lv_other", "p90_wd"])
    assert result["no_works"] == {"applications": 3, "next_day": 1}  # M5, M6, M7; only M7 the next day
    # M10 is open at the year's end: in progress and overdue, not incomplete
    open_ = result["in_progress"].set_index("app_id")
    assert list(open_.index) == ["M10"]
    assert open_.loc["M10", ["elapsed_wd", "stage", "overdue"]].tolist() == [6, "scheme", True]


def test_the_working_day_rule_moves_only_the_friday_application(messy):
    result = figures(load_applications(messy), parse_period("2024", TZ), no_works_next_day="working")
    apps = result["applications"].set_index("app_id")
    assert apps.loc[["M5", "M6", "M7"], "on_time"].tolist() == [True, False, True]
    assert result["late_next_day"]["app_id"].tolist() == ["M6"]
    assert result["no_works"] == {"applications": 3, "next_day": 2}
    assert result["types"].set_index("customer_type").loc["residential", "on_time"] == 3


def test_the_listing_names_the_missing_stage_and_the_late_day_in_both_languages(messy):
    result = figures(load_applications(messy), parse_period("2024", TZ))
    zh = "\n".join(listing_lines(result, "zh"))
    assert "办电记录不完整 2 户" in zh
    assert "M3（第 4 行，10千伏单电源）缺少环节：竣工检验" in zh
    assert "M4（第 5 行，低压非居民（非三零））缺少环节：供电方案答复" in zh
    assert "无工程低压未在次日（受理后下一自然日）接电 2 户" in zh
    assert "M5（第 6 行，居民）2024-03-08 受理，2024-03-11 接电" in zh
    en = "\n".join(listing_lines(result, "en"))
    assert "Incomplete applications: 2" in en and "M3 (row 4, 10 kV single supply): missing Completion inspection" in en
    assert "M6 (row 7, Residential): accepted 2024-09-13, connected 2024-09-18" in en
    assert "next calendar day" in en
    assert "(first 1 of 2)" in "\n".join(listing_lines(result, "en", show=1))


def test_connect_json_lists_incomplete_and_late_applications(messy, tmp_path, capsys):
    params = tmp_path / "params.yaml"
    params.write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    assert main(["connect", str(messy), "--params", str(params), "--period", "2024", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["incomplete"] == [
        {"app_id": "M3", "row": 4, "customer_type": "hv10_single", "connected": "2024-05-10T10:00:00+08:00",
         "total_wd": 3, "missing_stages": ["completion_inspection"]},
        {"app_id": "M4", "row": 5, "customer_type": "lv_other", "connected": "2024-06-04T10:00:00+08:00",
         "total_wd": 0, "missing_stages": ["scheme"]}]
    assert [a["app_id"] for a in doc["late_next_day"]] == ["M5", "M6"]
    by_id = {a["app_id"]: a for a in doc["applications"]}
    assert by_id["M3"]["on_time"] is False and by_id["M3"]["missing_stages"] == ["completion_inspection"]
    assert by_id["M6"]["on_time"] is False and by_id["M6"]["next_day"] is False and by_id["M6"]["total_wd"] == 1
    assert doc["input"]["rows_read"] == 12 == doc["input"]["accepted"] + doc["input"]["rejected"] + doc["input"][
        "duplicates"]
    # the text output counts them late (their on_time is False) and names them
    assert main(["connect", str(messy), "--params", str(params), "--period", "2024", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert all(app in out for app in ("M3", "M4", "M5", "M6"))


LONG = """申请编号,用户类别,有无工程,报装容量(kW),环节,开始时间,完成时间
L1,居民,无工程,8,受理签约,2024-03-05 09:00,2024-03-05 10:00
L1,居民,无工程,8,施工接电,2024-03-01 09:00,2024-03-01 10:00
L2,10千伏单电源,有工程,400,业务受理,2024-05-06 09:00,2024-05-06 10:00
L2,10千伏单电源,有工程,400,供电方案答复,2024-05-06 11:00,2024-05-08 10:00
L2,10千伏单电源,有工程,400,装表接电,2024-05-09 09:00,2024-05-10 10:00
"""


def test_long_layout_connected_before_accepted_and_incomplete(tmp_path):
    """The long layout: L1's connection row (row 3) ends before its acceptance started: that row is the reject,
    naming the 完成时间 column and its cell, and L1's other row follows it; L2 lacks 竣工检验 (incomplete; its
    stages as M3 above: total 3)."""
    path = tmp_path / "long.csv"
    path.write_text(LONG, encoding="utf-8")
    apps = load_applications(path)
    r = apps.rejects.set_index("row")
    assert {row: (r.loc[row, "code"], r.loc[row, "column"], r.loc[row, "value"]) for row in r.index} == {
        2: ("application_row_rejected", "", ""), 3: ("connected_before_accepted", "完成时间", "2024-03-01 10:00")}
    assert r.loc[2, "args"] == {"first": 3}
    assert (apps.report.rows_read, apps.report.accepted, apps.report.rejected, apps.report.duplicates) == (5, 3, 2, 0)
    result = figures(apps, parse_period("2024", TZ))
    assert result["incomplete"][["app_id", "row", "total_wd"]].values.tolist() == [["L2", 4, 3]]
    assert result["incomplete"]["missing_stages"].tolist() == [("completion_inspection",)]
    assert result["applications"]["on_time"].tolist() == [False]


def test_xlsx_export_gives_the_same_answer(messy, tmp_path):
    """The same log as an XLSX sheet with a title row above the header (text cells): the same rejects by
    content, the same incomplete and late applications."""
    frame = pd.read_csv(messy, dtype=str, keep_default_na=False, encoding="gb18030")
    xlsx = tmp_path / "业扩报装.xlsx"
    with pd.ExcelWriter(xlsx) as writer:
        pd.DataFrame([["临朐县业扩报装明细"]]).to_excel(writer, header=False, index=False, startrow=0)
        frame.to_excel(writer, index=False, startrow=2)
    apps = load_applications(xlsx)
    report = apps.report
    assert report.rows_read == report.accepted + report.rejected + report.duplicates
    codes = apps.rejects.set_index("value")["code"].to_dict()
    assert codes["2024-03-01 10:00"] == "connected_before_accepted" and codes[
        "2024-03-04 17:00"] == "stage_end_before_start"
    result = figures(apps, parse_period("2024", TZ))
    assert result["incomplete"]["app_id"].tolist() == ["M3", "M4"]
    assert result["late_next_day"]["app_id"].tolist() == ["M5", "M6"]
