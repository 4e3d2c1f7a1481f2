"""A report whose data stop inside its period (lqrel report --due on 25 June builds the half-year on the data
through 31 May) names its figures by the span they cover, in the page's cards and in the Word document, as the
办电时长 section does (2024年1月至2024年5月); the whole period's name is kept for its projection. Expected values
are worked by hand on tiny logs."""

from __future__ import annotations

import datetime as dt

import docx
import pandas as pd

from lqrel import load_dataset, messages
from lqrel.messages import note
from lqrel.periods import Period, parse_period
from lqrel.report import present
from lqrel.report.sentences import headline_sentence
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx
from tests.test_coverage_panel import _monthly, _months, _write_customers, _write_events

TZ = "Asia/Shanghai"


def _clipped_h1(tmp_path):
    """One urban outage a month February to June 2024 (1 h, 100 customers), 1000 customers per area, loaded as
    a run on 25 June loads it (data through 31 May): the coverage is 1 February .. 31 May."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2024-02", "2024-06"))
    _write_customers(c, _months("2024-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    return load_dataset(None, e, c, through_at_most=dt.date(2024, 5, 31))


def test_the_headline_sentence_names_the_months_its_figure_covers_and_the_period_for_its_projection():
    """January to May of a half-year: the figure is January to May's, the projection the half-year's."""
    period = parse_period("2024H1")
    shown = Period("2024H1", pd.Timestamp("2024-01-01", tz=TZ), pd.Timestamp("2024-06-01", tz=TZ))
    row = {"area": "urban", "period_saidi_h": 2.53, "change": 0.092, "ytd_saidi_h": 2.53,
           "projected_period_saidi_h": 3.23, "projected_period_p10_h": 3.03, "projected_period_p90_h": 3.55,
           "projected_year_saidi_h": 7.12, "projected_p10_h": 5.76, "projected_p90_h": 9.16, "ceiling_h": 7.0,
           "probability_met": 0.46, "status": "at_risk"}
    zh = headline_sentence(row, period, False, "zh", shown=shown)
    assert zh.startswith("城镇地区2024年1月至2024年5月用户平均停电时间 2.53小时，比去年同期增加 9.2%，"
                         "2024年上半年全期预计 3.23小时"), zh
    en = headline_sentence(row, period, False, "en", shown=shown)
    assert "in January 2024 to May 2024 2.53 h" in en and "first half of 2024 as a whole is projected" in en
    # a whole period keeps its own name
    assert headline_sentence(row, period, False, "zh", shown=period).startswith("城镇地区2024年上半年用户")


def test_a_half_year_cut_at_may_names_february_to_may_on_the_card_and_in_the_word_document(tmp_path):
    """Urban: 4 outages x 1 h x 100 customers / 1000 = 0.40 h; the county: 400 customer-hours / 2000 = 0.20 h;
    June's outage is after the cut-off. Every sentence giving these figures names 2024年2月至2024年5月."""
    ds = _clipped_h1(tmp_path)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2024, 2, 1), dt.date(2024, 5, 31))
    tables = report_tables(ds, "2024H1", "zh")
    cards = present.headline_cards(tables["headline"], ds.period("2024H1"), "zh")
    assert "城镇地区2024年2月至2024年5月用户平均停电时间 0.40小时" in cards
    assert "2024年上半年用户平均停电时间" not in cards
    path = write_docx(tables, ds, ds.period("2024H1"), tmp_path / "r.docx", "zh", date=dt.date(2024, 6, 25))
    said = [p.text for p in docx.Document(path).paragraphs]
    assert any(p.startswith("城镇地区2024年2月至2024年5月用户平均停电时间 0.40小时") for p in said), said
    assert any(p.startswith("2024年2月至2024年5月，全县用户平均停电时间 0.20 小时") for p in said), said
    assert not any("2024年上半年用户平均停电时间" in p or "2024年上半年，全县" in p for p in said)


def test_rows_after_the_scheduled_runs_cut_off_are_said_to_be_after_it_not_after_a_declared_end(tmp_path):
    """The June outage (row 6) is after the run's data cut-off 31 May, which nobody declared: the coverage, its
    warning and its note say the end is the cut-off of the run; a declared end keeps the declared words."""
    ds = _clipped_h1(tmp_path)
    assert ds.coverage.through_due
    assert ds.coverage.describe("zh") == ("2024-02-01 至 2024-05-31（起始日按停电记录的月份推断，"
                                          "截止日为本期报送的数据截止日）")
    warned = ds.load_report.warnings
    row6 = warned[warned["row"] == 6]
    assert messages.text(row6["code"].iloc[0], row6["args"].iloc[0], "zh", "warning") == (
        "开始时间晚于本期报送的数据截止日 2024-05-31（数据覆盖期 2024-02-01 至 2024-05-31）：保留，不计入任何指标")
    [item] = [n for n in ds.data_notes() if n["code"].startswith("outside_coverage")]
    assert note(item, "zh") == ("1 条停电的开始时间晚于本期报送的数据截止日 2024-05-31（数据覆盖期 2024-02-01 至 "
                                "2024-05-31），不计入任何指标：行号 6")
    quality = report_tables(ds, "2024H1", "zh")["quality"].set_index("item")["value"]
    assert quality["q_coverage_source"] == "q_due"
    assert present.coverage_text(ds.coverage, "zh") == (
        "数据覆盖：2024-02-01 至 2024-05-31（起始日按停电事件所在月份推断，截止日为本期报送的数据截止日）")
    declared = load_dataset({"coverage": {"through": "2024-05-31"}}, tmp_path / "e.csv", tmp_path / "c.csv")
    assert not declared.coverage.through_due
    [item] = [n for n in declared.data_notes() if n["code"].startswith("outside_coverage")]
    assert "晚于声明的截止日" in note(item, "zh")
