"""The reports on an outage log without its optional columns (线路名称 feeder, 停电原因 cause; README): the report's
tables are drawn, the feeder parts (feeder ranking, 频繁停电, worst feeders: page, Word document and workbook) say that
the log has no feeder column, and the cause parts that it has no cause column, in the catalogue's words, instead of
crashing or showing one blank feeder or cause. An event without a cause in a log that has the column is 未填写原因
(cause not given) in the tables, sentences and charts.

The log (three events, coverage March to September 2024 as inferred from its months):
  T1 城关街道 urban fault   2024-03-05 08:00-10:00  100 customers -> 200 customer-hours
  T2 五井镇  rural planned 2024-06-10 09:00-12:00  200 customers -> 600 customer-hours
  T3 城关街道 urban fault   2024-09-01 10:00-11:00   50 customers ->  50 customer-hours
Customers: 1,000 urban (城关街道) and 3,000 rural (五井镇) every month: N_T = 4,000.
"""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest

from lqrel.dataset import load_dataset
from lqrel.messages import text
from lqrel.params import load_params
from lqrel.report import present
from lqrel.report.export import write_workbook
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx
from lqrel.worst_feeders import COLUMNS, worst_feeders
from tests.conftest import make_dataset, make_events, monthly_customers, months_of

EVENTS = """停电编号,供电所,地区特征,停电性质,停电开始时间,停电结束时间,停电用户数
T1,城关街道,城镇,故障停电,2024-03-05 08:00,2024-03-05 10:00,100
T2,五井镇,农村,计划停电,2024-06-10 09:00,2024-06-10 12:00,200
T3,城关街道,城镇,故障停电,2024-09-01 10:00,2024-09-01 11:00,50
"""


def write_log(folder, events: str = EVENTS):
    """The log and its customers file in ``folder``; their paths."""
    customers = ["区域,月份,供电所,用户数"] + [f"城镇,2024-{m:02d},城关街道,1000" for m in range(1, 13)] + [
        f"农村,2024-{m:02d},五井镇,3000" for m in range(1, 13)]
    (folder / "events.csv").write_text(events, encoding="utf-8")
    (folder / "customers.csv").write_text("\n".join(customers) + "\n", encoding="utf-8")
    return folder / "events.csv", folder / "customers.csv"


@pytest.fixture(scope="module")
def no_feeder(tmp_path_factory):
    events, customers = write_log(tmp_path_factory.mktemp("no-feeder"))
    return load_dataset(None, events, customers)


def shown(tables: dict, section, lang: str) -> str:
    """The HTML a report section displays."""
    out: list[str] = []
    original = present._display
    present._display = out.append
    try:
        section(tables, lang)
    finally:
        present._display = original
    return "".join(out)


def test_the_dataset_knows_which_optional_columns_the_log_has(no_feeder):
    assert not no_feeder.has_column("feeder") and not no_feeder.has_column("cause")
    assert no_feeder.has_column("town")
    with_feeder = make_dataset(make_events([dict(feeder="F1", town="城关街道", start="2024-03-05 08:00",
                                                 duration_min=60, customers=10, area="城镇")]),
                               monthly_customers({"urban": 100}, months_of(2024)))
    assert with_feeder.has_column("feeder")  # a log built in memory: by its values


def test_worst_feeders_without_a_feeder_column_is_an_empty_list_not_a_crash(no_feeder):
    worst = worst_feeders(no_feeder, "2024")
    assert len(worst) == 0 and list(worst.columns) == list(COLUMNS)
    assert worst.attrs["feeder_column"] is False
    assert worst.attrs["served"] == pytest.approx(4000)  # 1,000 urban + 3,000 rural every month


def test_report_tables_without_a_feeder_column_rank_no_blank_feeder(no_feeder):
    tables = report_tables(no_feeder, "2024", "zh")
    assert len(tables["feeders"]) == 0 and tables["feeders"].attrs["feeder_column"] is False
    assert len(tables["frequent"]) == 0 and tables["frequent"].attrs["feeder_column"] is False
    assert len(tables["worst_feeders"]) == 0
    towns = tables["towns"].set_index("town")["customer_hours"]
    assert towns["五井镇"] == pytest.approx(600) and towns["城关街道"] == pytest.approx(250)  # 200 + 50


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_word_and_workbook_say_the_log_has_no_feeder_column(no_feeder, tmp_path, lang):
    tables = report_tables(no_feeder, "2024", lang)
    said = text("no_feeder_column", {}, lang, "report")
    for section in (present.section_rank, present.section_frequent, present.section_worst_feeders):
        assert said in shown(tables, section, lang), section.__name__
    path = write_docx(tables, no_feeder, no_feeder.period("2024"), tmp_path / "r.docx", lang,
                      date=dt.date(2025, 1, 6))
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    assert paragraphs.count(text("no_feeder_column", {}, lang, "gongwen")) == 2  # 频繁停电, worst feeders
    towns = text("towns_no_feeder", {"towns": ""}, lang, "gongwen")
    assert any(p.startswith(towns[:8]) for p in paragraphs)  # the towns' sentence, no "feeders: –"
    book = openpyxl.load_workbook(write_workbook(tables, tmp_path / "r.xlsx", lang))
    sheets = [ws.title for ws in book if any(said in str(c) for row in ws.iter_rows(values_only=True) for c in row)]
    assert len(sheets) == 3  # the feeder ranking, 频繁停电 and worst feeders sheets


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_word_and_workbook_say_the_log_has_no_cause_column(no_feeder, tmp_path, lang):
    tables = report_tables(no_feeder, "2024", lang)
    assert len(tables["causes"]) == 0 and tables["causes"].attrs["cause_column"] is False
    said = text("no_cause_column", {}, lang, "report")
    assert said in shown(tables, present.section_rank, lang)
    path = write_docx(tables, no_feeder, no_feeder.period("2024"), tmp_path / "r.docx", lang,
                      date=dt.date(2025, 1, 6))
    assert text("no_cause_column", {}, lang, "gongwen") in [p.text for p in docx.Document(path).paragraphs]
    book = openpyxl.load_workbook(write_workbook(tables, tmp_path / "r.xlsx", lang))
    sheets = [ws.title for ws in book if any(said in str(c) for row in ws.iter_rows(values_only=True) for c in row)]
    assert len(sheets) == 1  # the causes sheet


# The same three events with a cause column, T2's cause left blank: 未填写原因 600 of 850 customer-hours (70.6%),
# 雷击 200 + 50 = 250 (29.4%).
WITH_CAUSES = """停电编号,供电所,地区特征,停电性质,停电原因,停电开始时间,停电结束时间,停电用户数
T1,城关街道,城镇,故障停电,雷击,2024-03-05 08:00,2024-03-05 10:00,100
T2,五井镇,农村,计划停电,,2024-06-10 09:00,2024-06-10 12:00,200
T3,城关街道,城镇,故障停电,雷击,2024-09-01 10:00,2024-09-01 11:00,50
"""


@pytest.mark.parametrize(("lang", "blank", "sentence"), [
    ("zh", "未填写原因", "停电时户数最多的停电原因依次为未填写原因（占 70.6%）、雷击（占 29.4%）。"),
    ("en", "cause not given", "The causes with the most customer-hours: cause not given (70.6%), 雷击 (29.4%)."),
])
def test_a_blank_cause_is_named_cause_not_given(tmp_path, lang, blank, sentence):
    from lqrel.report import charts

    events, customers = write_log(tmp_path, WITH_CAUSES)
    ds = load_dataset(None, events, customers)
    tables = report_tables(ds, "2024", lang)
    assert tables["causes"].attrs["cause_column"] is True
    page = shown(tables, present.section_rank, lang)
    assert f'<td>{blank}</td><td class="num">600</td>' in page  # the cause table's first row
    assert list(charts.pareto_chart(tables["causes"], lang).data[0].x) == [blank, "雷击"]
    path = write_docx(tables, ds, ds.period("2024"), tmp_path / "r.docx", lang, date=dt.date(2025, 1, 6))
    assert sentence in [p.text for p in docx.Document(path).paragraphs]
    book = openpyxl.load_workbook(write_workbook(tables, tmp_path / "r.xlsx", lang))
    assert any(row[0] == blank for ws in book for row in ws.iter_rows(values_only=True))


def test_a_feeders_cause_mix_names_a_blank_cause_once():
    from lqrel.report.present_feeders import cause_mix_text

    # F1: a fault of 1 h and a planned outage of 3 h, 100 customers each, neither with a cause: 400 customer-hours,
    # all of them 'cause not given' (one cause, though the two events fall in two cause categories).
    events = make_events([dict(feeder="F1", town="城关街道", area="城镇", start=s, duration_min=m, customers=100,
                               nature=n) for s, m, n in (("2024-03-05 08:00", 60, "故障停电"),
                                                         ("2024-04-05 08:00", 180, "计划停电"))])
    ds = make_dataset(events, monthly_customers({"urban": 1000}, months_of(2024)))
    mix = worst_feeders(ds, "2024")["cause_mix"].iloc[0]
    assert mix == (("", pytest.approx(1.0)),)
    assert cause_mix_text(mix, "zh") == "未填写原因\u00a0100%"
    assert cause_mix_text((("", 0.56), ("雷击", 0.44)), "en") == "cause not given\u00a056%, 雷击\u00a044%"


@pytest.mark.parametrize(("words", "expected"), [
    ("没有重大事件日阈值 T_MED，也没有重大事件日", "没有重大事件日阈值，也没有重大事件日"),
    ("没有重大事件日阈值 T_MED：剔除的只是设置中列出的日期", "没有重大事件日阈值：剔除的只是设置中列出的日期"),
    ("2024 年重大事件日阈值 T_MED = 30.51 分钟", "2024 年重大事件日阈值 30.51 分钟"),
    ("no threshold T_MED and no major event day", "no threshold and no major event day"),
    ("so no threshold T_MED: only the days listed", "so no threshold: only the days listed"),
])
def test_the_threshold_symbol_leaves_no_stray_space_in_the_readers_words(words, expected):
    from lqrel.report.plain import for_readers

    assert for_readers(words) == expected


@pytest.mark.slow
def test_a_report_builds_from_a_log_without_feeder_column(tmp_path):
    from lqrel.report.runner import build_report

    events, customers = write_log(tmp_path)
    ds = load_dataset(None, events, customers)
    result = build_report(ds, "2024", tmp_path / "out", lang="zh", formats=("html", "docx", "xlsx"))
    page = result.files["html"].read_text(encoding="utf-8")
    assert text("no_feeder_column", {}, "zh", "report") in page
    assert result.files["docx"].exists() and result.files["xlsx"].exists()



def test_a_fourth_quarter_report_titles_its_feeders_and_causes_with_the_quarter(tmp_path):
    """The 供电所 table covers the year to date; the feeder and cause tables below it the report's period, and
    each says its dates (sixth trial: a Q4 report's quarter tables read as the year's). By hand: in Q4 only F2
    (树障, 2 h x 30 = 60 customer-hours) is out; F1's January outage (雷击) is not the quarter's."""
    events, customers = write_log(tmp_path, "停电编号,供电所,线路名称,停电原因,地区特征,停电性质,"
                                  "停电开始时间,停电结束时间,停电用户数\n"
                                  "T1,城关街道,F1,雷击,城镇,故障停电,2024-01-10 08:00,2024-01-10 09:00,100\n"
                                  "T2,城关街道,F2,树障,城镇,故障停电,2024-11-05 08:00,2024-11-05 10:00,30\n")
    ds = load_dataset(load_params({"coverage": {"from": "2024-01-01", "through": "2024-12-31"}}), events, customers)
    tables = report_tables(ds, "2024Q4", "zh")
    assert list(tables["feeders"]["feeder"]) == ["F2"] and list(tables["causes"]["cause"]) == ["树障"]
    page = shown(tables, present.section_rank, "zh")
    assert "<h3>停电时户数前十的线路（2024-10-01 至 2024-12-31）</h3>" in page
    assert "<h3>各停电原因的停电时户数（2024-10-01 至 2024-12-31）</h3>" in page
    assert "各供电所年初至今（2024-01-01 至 2024-12-31）与上年同期" in page
    assert "<h3>Customer-hours by cause (2024-10-01 .. 2024-12-31)</h3>" in shown(
        report_tables(ds, "2024Q4", "en"), present.section_rank, "en")
