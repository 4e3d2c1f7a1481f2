"""Connection time an analyst can act on (issue 29 points 3 and 4, docs/spec.md §10): each late application with
its late kind, the stage that made it late, the limit it missed and its stages' dates and working days; the
counts per customer type, 供电所 and month; the small and micro firm figure; the report's page (the first N and
how many more), workbook (every one) and Word document; ``lqrel connect``.

The log is a GB18030 wide export with a 供电所 column, as the utility's. Every working-day count below is done by
hand from the State Council's 2024 holiday arrangements (国务院办公厅关于2024年部分节假日安排的通知):
Labour Day 1 - 5 May off (Wed 1 to Fri 3 are weekday holidays), Sun 28 Apr and Sat 11 May are working days.
A stage's working days are the working days d with start date < d <= end date.

A  10千伏单电源 (limits: acceptance 1, scheme 5, completion 3, connection 2, total 11)
   acceptance 6 May -> 7 May: {7} = 1; scheme 7 May -> 14 May: {8, 9, 10, 11 (Sat, 调休), 13, 14} = 6 > 5;
   completion 20 -> 22 May: {21, 22} = 2; connection 22 -> 24 May: {23, 24} = 2; total 11 = 11:
   stage_late, scheme, limit 5 (without the 调休 Saturday the scheme would be 5, on time).
B  居民, works (total 3): acceptance 30 Apr -> 6 May: {6} = 1 (1 - 5 May off); connection 6 -> 9 May: {7, 8, 9}
   = 3; total 4 > 3: total_late, the longest stage (connection), limit 3.
C  居民, no works: accepted Fri 10 May, acceptance 10 -> 10 May = 0; connection 10 -> Sun 12 May: {11 (Sat,
   调休)} = 1; total 1 <= 3 but connected on the 12th, after the next calendar day (11th), and after the next
   working day (Sat 11th by 调休): next_day_missed under both rules.
D  低压非居民 (lv_other needs acceptance, scheme, connection), no scheme recorded: incomplete, scheme.
   acceptance 13 -> 14 May = 1; connection 14 -> 15 May = 1; total 2.
E  居民, no works: accepted Mon 20 May, connected Tue 21 May: next day, 1 working day: on time.
F  居民, no works: accepted Fri 17 May, connected Mon 20 May ({20} = 1 working day): after the next calendar day
   (18th), so next_day_missed under ``calendar``; the next working day after Fri 17 May is Mon 20 May, so on
   time under ``working``.
G  居民, works, connected in April: acceptance Fri 26 Apr -> Sun 28 Apr: {28 (调休)} = 1; connection 28 -> 30 Apr:
   {29, 30} = 2; total 3 = 3: on time (April).
H  三零 100 kW, works (total 7): acceptance 6 -> 7 May = 1; connection 7 -> 29 May: {8, 9, 10, 11, 13..17, 20..24,
   27, 28, 29} = 4 + 5 + 5 + 3 = 17; total 18 > 7: total_late, connection, limit 7; a small and micro firm
   over 15.
R1 connection ends before it starts; R2 路灯 is no customer type: two rejected rows.
"""

from __future__ import annotations

import html
import json
import math
import re

import openpyxl
import pandas as pd
import pytest

from lqrel.applications import load_applications
from lqrel.cli import main
from lqrel.connection import figures_for
from lqrel.connection_late import add_late
from lqrel.errors import LqrelError
from lqrel.params import load_params
from lqrel.periods import parse_period
from lqrel.report import charts, present
from lqrel.report.export import HEADER_ROW, write_workbook
from lqrel.report.tables import connection_tables, shows_connection
from tests.conftest import sample_dataset

HEADER = ",".join([
    "申请编号", "用户类别", "有无工程", "报装容量(kW)", "供电所", "业务受理开始时间", "业务受理完成时间",
    "供电方案答复开始时间", "供电方案答复完成时间", "竣工检验开始时间", "竣工检验完成时间",
    "装表接电开始时间", "装表接电完成时间",
])
LOG = "\n".join([
    HEADER,
    "A,10千伏单电源,有工程,630,城关供电所,2024-05-06 09:00,2024-05-07 10:00"
    ",2024-05-07 10:00,2024-05-14 16:00,2024-05-20 09:00,2024-05-22 11:00,2024-05-22 14:00,2024-05-24 15:00",
    "B,居民,有工程,8,城关供电所,2024-04-30 09:00,2024-05-06 10:00,,,,,2024-05-06 11:00,2024-05-09 16:00",
    "C,居民,无工程,6,五井供电所,2024-05-10 09:00,2024-05-10 10:00,,,,,2024-05-10 10:30,2024-05-12 11:00",
    "D,低压非居民,有工程,50,五井供电所,2024-05-13 09:00,2024-05-14 10:00,,,,,2024-05-14 11:00,2024-05-15 16:00",
    "E,居民,无工程,4,五井供电所,2024-05-20 08:00,2024-05-20 09:00,,,,,2024-05-20 09:30,2024-05-21 10:00",
    "F,居民,无工程,4,五井供电所,2024-05-17 09:00,2024-05-17 09:30,,,,,2024-05-17 10:00,2024-05-20 11:00",
    "G,居民,有工程,8,城关供电所,2024-04-26 09:00,2024-04-28 10:00,,,,,2024-04-28 11:00,2024-04-30 16:00",
    "H,三零,有工程,100,城关供电所,2024-05-06 09:00,2024-05-07 10:00,,,,,2024-05-07 11:00,2024-05-29 16:00",
    "R1,居民,有工程,8,城关供电所,2024-05-08 09:00,2024-05-08 10:00,,,,,2024-05-08 11:00,2024-05-07 16:00",
    "R2,路灯,有工程,8,城关供电所,2024-05-08 09:00,2024-05-08 10:00,,,,,2024-05-08 11:00,2024-05-09 16:00",
]) + "\n"
#: May's late applications as judged by hand (kind, stage that made it late, limit missed, total, limit).
MAY_LATE = {
    "D": ("incomplete", "scheme", None, 2, 3),
    "C": ("next_day_missed", "connection", None, 1, 3),
    "F": ("next_day_missed", "connection", None, 1, 3),
    "H": ("total_late", "connection", 7, 18, 7),
    "B": ("total_late", "connection", 3, 4, 3),
    "A": ("stage_late", "scheme", 5, 11, 11),
}


@pytest.fixture(scope="module")
def log_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("apps") / "业扩报装.csv"
    path.write_bytes(LOG.encode("gb18030"))
    return path


def late_of(log_path, period: str, settings: dict | None = None) -> dict:
    params = load_params(settings)
    apps = load_applications(log_path, params)
    return add_late(figures_for(apps, parse_period(period, params.timezone), params.connection), params.connection)


def test_each_late_kind_with_its_stage_and_limit(log_path):
    result = late_of(log_path, "2024-05")
    late = result["late"].set_index("app_id")
    assert list(result["late"]["app_id"]) == ["D", "C", "F", "H", "B", "A"]  # by kind, then most working days
    for app, (kind, stage, missed, total, limit) in MAY_LATE.items():
        row = late.loc[app]
        assert (row["late_kind"], row["late_stage"], row["total_wd"], row["limit_wd"]) == (kind, stage, total, limit)
        assert math.isnan(row["missed_limit_wd"]) if missed is None else row["missed_limit_wd"] == missed
    assert late.loc["D", "missing_stages"] == ("scheme",)
    on_time = result["details"].set_index("app_id")
    assert on_time.loc["E", "late_kind"] is None and "G" not in on_time.index  # G was connected in April


def test_working_days_per_stage_across_the_labour_day_holidays_and_make_up_days(log_path):
    late = late_of(log_path, "2024-05")["late"].set_index("app_id")
    assert late.loc["A", ["wd_acceptance", "wd_scheme", "wd_completion_inspection", "wd_connection"]].tolist() == [
        1, 6, 2, 2]
    assert late.loc["B", ["wd_acceptance", "wd_connection"]].tolist() == [1, 3]
    assert late.loc["C", ["wd_acceptance", "wd_connection"]].tolist() == [0, 1]
    assert late.loc["H", "wd_connection"] == 17
    assert f"{late.loc['A', 'scheme_start']:%Y-%m-%d %H:%M}" == "2024-05-07 10:00"
    assert f"{late.loc['A', 'scheme_end']:%Y-%m-%d}" == "2024-05-14"
    april = late_of(log_path, "2024-04")["details"].set_index("app_id")
    assert april.loc["G", ["wd_acceptance", "wd_connection", "total_wd"]].tolist() == [1, 2, 3]
    assert april.loc["G", "late_kind"] is None


def test_no_works_next_day_is_late_even_within_the_total_and_the_working_day_rule(log_path):
    """The previous work's claim checked by hand: C and F are within their type's 3 working days but not
    connected by the next calendar day, so they are late, listed and not counted on time."""
    calendar = late_of(log_path, "2024-05")
    residential = calendar["types"].set_index("customer_type").loc["residential"]
    assert (residential["applications"], residential["on_time"]) == (4, 1)  # B late, C and F next day, E on time
    assert calendar["late_next_day"]["app_id"].tolist() == ["C", "F"]
    working = late_of(log_path, "2024-05", {"connection": {"no_works_next_day": "working"}})
    assert working["late"].set_index("app_id").loc["C", "late_kind"] == "next_day_missed"
    assert "F" not in set(working["late"]["app_id"])


def test_counts_per_type_town_and_month(log_path):
    result = late_of(log_path, "2024Q2")
    by_type = result["late_by_type"].set_index("customer_type")
    assert list(by_type.index) == ["residential", "lv_sanling", "lv_other", "hv10_single"]  # 附件2's order
    assert by_type.loc["residential", ["applications", "late", "next_day_missed", "total_late"]].tolist() == [
        5, 3, 2, 1]
    assert by_type.loc["hv10_single", ["late", "stage_late"]].tolist() == [1, 1]
    by_town = result["late_by_town"].set_index("town")
    assert by_town.loc["城关供电所", ["applications", "late"]].tolist() == [4, 3]  # A, B, H late; G on time
    assert by_town.loc["五井供电所", ["applications", "late", "incomplete"]].tolist() == [4, 3, 1]
    by_month = result["late_by_month"].set_index("month")
    assert by_month.loc["2024-04", ["applications", "late"]].tolist() == [1, 0]
    assert by_month.loc["2024-05", ["applications", "late", "incomplete", "next_day_missed", "total_late",
                                    "stage_late"]].tolist() == [7, 6, 1, 2, 2, 1]


def test_without_a_town_column_there_is_no_town_count(tmp_path):
    lines = LOG.splitlines()
    no_town = "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 4) for line in lines)
    path = tmp_path / "log.csv"
    path.write_bytes(no_town.encode("gb18030"))
    result = late_of(path, "2024-05")
    assert result["late_by_town"].empty and result["late"]["town"].isna().all() and len(result["late"]) == 6


def test_the_small_and_micro_firm_figure_is_a_setting(log_path):
    """D (50 kW, incomplete: no total to compare) and H (100 kW, 18 working days) are the small and micro
    firms."""
    assert late_of(log_path, "2024-05")["small_micro"] == {"limit_wd": 15, "applications": 2, "max_wd": 18.0,
                                                          "median_wd": 18.0, "over": 1}
    assert late_of(log_path, "2024-05", {"connection": {"small_micro_wd": 20}})["small_micro"]["over"] == 0
    with pytest.raises(LqrelError, match="small_micro_wd"):
        load_params({"connection": {"small_micro_wd": "fifteen"}})


@pytest.fixture(scope="module")
def may(log_path):
    ds = sample_dataset(applications=str(log_path))
    return ds, connection_tables(ds, ds.period("2024-05"), "zh")


def page(tables: dict, monkeypatch, lang: str = "zh", first: int = 20) -> str:
    """The text of the page's connection section (its HTML without tags; the chart left out)."""
    shown: list[str] = []
    monkeypatch.setattr(present, "_display", shown.append)
    monkeypatch.setattr(charts, "show", lambda *args, **kwargs: None)
    head = pd.DataFrame()
    head.attrs["verdict"] = False
    present.section_connection({**tables, "sections": ("headline", "connection"), "headline": head}, lang, first)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", "".join(shown))))


def test_monthly_and_quarterly_reports_show_connection_time(may):
    ds, tables = may
    assert all(shows_connection(ds.period(p)) for p in ("2024-05", "2024Q2", "2024H1", "2024"))
    assert list(tables["connection_late"]["app_id"]) == ["D", "C", "F", "H", "B", "A"]


def test_the_page_lists_the_first_late_applications_and_says_how_many_more(may, monkeypatch):
    _, tables = may
    text = page(tables, monkeypatch, "zh", first=4)
    assert "另有 2 户未列出，完整清单见工作簿“超时申请”工作表。" in text
    assert ("本期超时申请 6 户，每户只按首要超时原因计一次：缺少环节 1 户，无工程未次日接电 2 户，"
            "合计超过时限 2 户，以上计为未按时办结；"
            "合计未超但有环节超过本环节时限 1 户，仍计为按时办结。") in text
    assert "业务受理 05-06→05-07（1）；装表接电 05-07→05-29（17）" in text  # H, fourth
    assert "供电方案答复 05-07→05-14（6）" not in text  # A, sixth, not shown
    assert "应有供电方案答复环节记录" in text and "当日申请、次日接电（自然日）" in text
    assert "国家要求小微企业办电时间不超过 15 个工作日" in text and "超过 15 个工作日的 1 户" in text
    assert "未列出" not in page(tables, monkeypatch, "zh", first=6)
    english = page(tables, monkeypatch, "en", first=4)
    assert "2 more not listed; the complete list is in the workbook's sheet “Late applications”." in english
    assert "Acceptance 05-06→05-07 (1); Metering and connection 05-07→05-29 (17)" in english


def test_the_page_lists_rejected_rows_with_their_reasons(may, monkeypatch):
    _, tables = may
    text = page(tables, monkeypatch, "zh")
    assert "申请记录中的无效行及原因" in text
    assert re.search(r" 11 用户类别 路灯 用户类别无法识别", text)
    assert re.search(r" 10 装表接电完成时间 2024-05-07 16:00 装表接电完成时间早于", text)
    assert "另有 1 条无效记录未列出" in page(tables, monkeypatch, "zh", first=1)


def test_the_workbook_lists_every_late_and_incomplete_application_with_its_stages(may, tmp_path):
    ds, tables = may
    path = write_workbook(tables, tmp_path / "m.xlsx", "zh", ds.period("2024-05"), ds.coverage)
    ws = openpyxl.load_workbook(path)["超时申请"]
    header = [c.value for c in ws[HEADER_ROW]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert set(rows) == set(MAY_LATE)
    a = rows["A"]
    assert (a["超时类型"], a["致超时环节"], a["未达到的时限（工作日）"], a["供电方案答复（工作日）"]) == (
        "环节超时（合计未超）", "供电方案答复", 5, 6)
    assert f"{a['供电方案答复开始时间']:%Y-%m-%d %H:%M}" == "2024-05-07 10:00" and a["供电所"] == "城关供电所"
    assert rows["D"]["缺少的环节"] == "供电方案答复" and rows["D"]["超时类型"] == "缺少环节"
    months = openpyxl.load_workbook(path)["超时按月份"]
    assert [c.value for c in months[HEADER_ROW + 1]][:3] == ["2024年5月", 7, 6]


@pytest.mark.slow
def test_the_word_document_shows_the_late_list_with_stages(may, tmp_path):
    """The monthly report's Word document (report tables in-process, no kernel): the late count, the small and
    micro firm figure and the first late applications with their stages."""
    import docx

    from lqrel.report.tables import report_tables
    from lqrel.report.word import write_docx

    ds, _ = may
    tables = report_tables(ds, "2024-05", "zh")
    doc = docx.Document(write_docx(tables, ds, ds.period("2024-05"), tmp_path / "m.docx", "zh"))
    words = "\n".join(p.text for p in doc.paragraphs)
    assert "本期超时申请 6 户" in words and "国家要求小微企业办电时间不超过 15 个工作日" in words
    late = next(t for t in doc.tables if t.rows[0].cells[0].text == "申请编号")
    assert [r.cells[0].text for r in late.rows[1:]] == ["D", "C", "F", "H", "B", "A"]
    assert "供电方案答复 05-07→05-14（6）" in late.rows[6].cells[-1].text


def test_connect_lists_the_late_applications_with_their_stages(log_path, capsys):
    assert main(["connect", str(log_path), "--period", "2024-05", "--show", "2"]) == 0
    out = capsys.readouterr().out
    assert ("超时申请 6 户（每户只按首要超时原因计一次：缺少环节 1 户，无工程未次日接电 2 户，合计超时 2 户，"
            "合计未超但环节超时 1 户）") in out
    assert "D（第 5 行，低压非居民（非三零），五井供电所，2024-05-15 接电）缺少环节" in out
    assert "业务受理 05-10→05-10（0）；装表接电 05-10→05-12（1）" in out  # C
    assert "（列出前 2 户，共 6 户；--show N 列出更多）" in out
    assert "超时申请按供电所（每户只按首要超时原因计一次）：" in out
    assert main(["connect", str(log_path), "--period", "2024-05", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    a = next(x for x in doc["late"] if x["app_id"] == "A")
    assert a["late_kind"] == "stage_late" and a["stages"]["scheme"]["wd"] == 6
    assert a["stages"]["scheme"]["start"].startswith("2024-05-07T10:00")
    assert [m["month"] for m in doc["late_by_month"]] == ["2024-05"] and doc["small_micro"]["over"] == 1


def test_a_period_without_late_applications_says_so(log_path):
    """April: only G, on time; no small and micro firm connected."""
    from lqrel.report.late_list import late_sentences

    result = late_of(log_path, "2024-04")
    assert result["late"].empty
    tables = {"connection_late_types": result["late_by_type"],
              "connection_facts": {"small_micro": result["small_micro"]}}
    assert late_sentences(tables, "zh") == [
        "本期没有超时申请。", "国家要求小微企业办电时间不超过 15 个工作日（附件2 各类时限见上表）；本期没有低压小微企业"
        "（低压非居民，容量不超过 160 千瓦）接电。"]


def test_a_long_log_names_the_town_on_its_rows(tmp_path):
    """Long layout (one row per stage): the 供电所 may be blank on some rows; two different ones reject the
    application whole (application_conflict), as a type would."""
    path = tmp_path / "long.csv"
    path.write_bytes("\n".join([
        "申请编号,用户类别,有无工程,供电单位,环节,开始时间,完成时间",
        "L1,居民,有工程,城关供电所,受理签约,2024-05-06 09:00,2024-05-06 10:00",
        "L1,居民,有工程,,施工接电,2024-05-06 11:00,2024-05-10 16:00",
        "L2,居民,有工程,城关供电所,受理签约,2024-05-06 09:00,2024-05-06 10:00",
        "L2,居民,有工程,五井供电所,施工接电,2024-05-06 11:00,2024-05-07 16:00",
    ]).encode("gb18030"))
    apps = load_applications(path, load_params(None))
    assert apps.apps.set_index("app_id")["town"].to_dict() == {"L1": "城关供电所"}
    assert set(apps.rejects["code"]) == {"application_conflict"} and len(apps.rejects) == 2
    result = late_of(path, "2024-05")
    # L1: 6 May -> 10 May = {7, 8, 9, 10} = 4 working days > 3
    assert result["late_by_town"].to_dict("records") == [
        {"town": "城关供电所", "applications": 1, "late": 1, "incomplete": 0, "next_day_missed": 0, "total_late": 1,
         "stage_late": 0}]
