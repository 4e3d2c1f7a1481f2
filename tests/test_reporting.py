"""Report tables: hand-checked projection, full-year detection, rankings, Pareto shares, safe export."""

import re

import openpyxl
import pandas as pd
import pytest

from lqrel import load_events, messages
from lqrel.output import neutralize
from lqrel.periods import parse_period
from lqrel.report.export import HEADER_ROW, write_workbook
from lqrel.report.present import esc, fmt, html_table
from lqrel.report.tables import cause_pareto, headline, is_full_year, quality, top_groups
from tests.conftest import make_dataset, make_events, monthly_customers, months_of

CUST = monthly_customers({"urban": 100, "rural": 100}, months_of(2021, 2022))


def _events():
    # 100 of 100 customers: SAIDI equals the hours. 2021: 2 h in March, 6 h in September; 2022: 3 h in March.
    return make_events([
        dict(start="2021-03-10 08:00", duration_h=2, customers=100, area="城镇", town="A", cause="雷击"),
        dict(start="2021-09-10 08:00", duration_h=6, customers=100, area="城镇", town="A", cause="树障"),
        dict(start="2022-03-10 08:00", duration_h=3, customers=100, area="城镇", town="B", cause="雷击"),
        dict(start="2022-03-12 08:00", duration_h=1, customers=50, area="农村", town="B", cause="<b>x</b>"),
    ])


def _dataset(through="2022-12-31"):
    return make_dataset(_events(), CUST, coverage=("2021-01-01", through))


def test_headline_quarter_and_year():
    h = headline(_dataset(), "2022Q1").set_index("area")
    assert h.loc["urban", "period_saidi_h"] == pytest.approx(3.0)
    assert h.loc["urban", "last_year_saidi_h"] == pytest.approx(2.0)
    assert h.loc["urban", "change"] == pytest.approx(0.5)
    assert h.loc["urban", "reference_saidi_h"] == pytest.approx(8.0)  # 2021: 2 h + 6 h
    assert h.loc["urban", "reduction_allowed_h"] == pytest.approx(7.36)
    assert h.loc["urban", "ceiling_h"] == pytest.approx(7.36)  # above the 7 h limit
    assert h.loc["urban", "projected_p10_h"] <= h.loc["urban", "projected_year_saidi_h"] <= h.loc["urban",
                                                                                               "projected_p90_h"]
    assert h.loc["urban", "met"] is None and h.loc["urban", "criterion"] is None  # a quarter is no verdict
    # two complete years (2021, 2022) are too few to check the odds: a projection without a status word
    assert set(h["status"]) == {"uncalibrated"} and h["probability_met"].isna().all() and h["complete"].all()
    y = headline(_dataset(), "2022")
    assert y.attrs["verdict"]
    y = y.set_index("area")
    assert y.loc["urban", "criterion"] == "both" and y.loc["urban", "status"] == "met"  # 3 h <= 7 and <= 7.36
    assert y.loc["rural", "criterion"] == "limit"  # 0.5 h; 2021 rural was 0 h, so no reduction was possible
    assert y["projected_year_saidi_h"].isna().all()


def test_a_year_the_data_do_not_cover_is_a_projection_not_a_verdict():
    h = headline(_dataset("2022-06-30"), "2022")
    assert not h.attrs["verdict"] and str(h.attrs["as_of"].date()) == "2022-06-30"
    assert not h["complete"].any() and h["met"].isna().all()
    assert set(h["status"]) == {"uncalibrated"}  # one complete year: a projection, and too short for odds
    assert h.set_index("area").loc["urban", "period_saidi_h"] == pytest.approx(3.0)  # January to June


def test_is_full_year():
    assert is_full_year(parse_period("2022")) and is_full_year(parse_period("2022-01..2022-12"))
    assert not is_full_year(parse_period("2022H1")) and not is_full_year(parse_period("2022-02..2023-01"))


def test_top_groups_and_pareto():
    towns = top_groups(_dataset(), "2022", "town")
    assert towns["town"].tolist() == ["B"] and towns.loc[0, "customer_hours"] == pytest.approx(350)
    assert towns.loc[0, "area"] == "urban+rural"
    pareto = cause_pareto(_dataset(), "2022")
    assert pareto["cause"].tolist() == ["雷击", "<b>x</b>"]
    assert pareto["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert pareto["share"].tolist() == pytest.approx([300 / 350, 50 / 350])


def test_html_table_escapes_and_formats():
    t = pd.DataFrame({"cause": ["<script>alert(1)</script>"], "saidi_h": [1.23456], "asai": [0.99912345],
                      "customer_hours": [12345.6]})
    out = html_table(t, "en")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert ">1.23<" in out and ">99.9123%<" in out and ">12,346<" in out
    assert esc('"a" & <b>') == "&quot;a&quot; &amp; &lt;b&gt;"
    assert fmt("change", -0.053) == "-5.3%"


def test_workbook_neutralizes_formulas(tmp_path):
    assert neutralize("=1+1") == "'=1+1" and neutralize("@SUM(A1)") == "'@SUM(A1)" and neutralize(5) == 5
    t = pd.DataFrame({"town": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@a", "\tb", "ok"],
                      "customer_hours": [1.5, 2, 3, 4, 5, 6]})
    path = write_workbook({"towns": t}, tmp_path / "t.xlsx", "zh")
    ws = openpyxl.load_workbook(path)["供电所排名"]
    cells = [c for row in ws.iter_rows(min_row=HEADER_ROW + 1) for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert [c.value for c in cells[1::2]] == [1.5, 2, 3, 4, 5, 6]  # numbers stay numbers
    assert cells[0].value == "'=HYPERLINK(\"http://x\")"


def test_every_reject_reason_and_warning_reads_in_chinese(tmp_path):
    rows = [
        "停电开始时间,停电结束时间,停电时长(分钟),停电用户数,地区特征,停电性质,是否外部",
        ",,,,,,",  # blank row
        "2022-01-01 10:00,2022-01-01 11:00,,5,城镇,故障,否,extra",  # more cells than the header
        ",2022-01-01 11:00,,5,城镇,故障,否",  # missing start
        "soon,2022-01-01 11:00,,5,城镇,故障,否",  # unparseable start
        "2022-01-01 10:00,later,,5,城镇,故障,否",  # unparseable end
        "2022-01-01 10:00,,abc,5,城镇,故障,否",  # non-numeric duration
        "2022-01-01 10:00,,-5,5,城镇,故障,否",  # negative duration
        "2022-01-01 10:00,,99999999,5,城镇,故障,否",  # duration over ten years
        "2022-01-01 10:00,,,5,城镇,故障,否",  # missing both end and duration
        "2022-01-01 10:00,2022-01-01 09:00,,5,城镇,故障,否",  # end before start
        "2022-01-01 10:00,2022-01-01 11:00,,,城镇,故障,否",  # missing customers
        "2022-01-01 10:00,2022-01-01 11:00,,many,城镇,故障,否",  # non-numeric customers
        "2022-01-01 10:00,2022-01-01 11:00,,-5,城镇,故障,否",  # negative customers
        "2022-01-01 10:00,2022-01-01 11:00,,5.5,城镇,故障,否",  # customers not whole
        "2022-01-01 10:00,2022-01-01 11:00,,5,城镇,天灾,否",  # unknown nature
        "2022-01-01 10:00,2022-01-01 11:00,,5,城镇,故障,也许",  # unknown external value
        "2022-01-01 10:00,2022-01-01 11:00,,5,,故障,否",  # missing area
        "2022-01-01 10:00,2022-01-01 11:00,,5,郊区,故障,否",  # unknown area
        "14:20,2022-01-01 11:00,,5,城镇,故障,否",  # start without a full date
        "2022-01-01 10:00,今天 11:00,,5,城镇,故障,否",  # end without a full date
        "2022-01-01 10:00,2022-03-01 11:00,,5,城镇,故障,否",  # over max_duration_h
        "2022-01-01 10:00,2022-01-01 11:00,,90071992547409930,城镇,故障,否",  # customers too large
        "2022-01-01 10:00,2022-01-01 11:00,30,5,城镇,故障,否",  # warning: end and duration disagree
        "2022-01-01 10:00,2022-01-06 11:00,,5,城镇,故障,否",  # warning: over 72 h
    ]
    path = tmp_path / "log.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, rejects, report = load_events(path)
    assert len(rejects) == 22 and len(report.warnings) == 2
    assert len(set(rejects["code"])) == 22  # each row a different reason
    tables = quality(report, rejects, "zh")
    texts = [*tables["rejects"]["reason"], *tables["by_reason"]["reason"], *tables["warnings"]["message"]]
    untranslated = [t for t in texts if not re.search(r"[\u4e00-\u9fff]", re.sub(r"城镇/农村|是/否|外部/内部", "", t))]
    assert not untranslated
    assert quality(report, rejects, "en")["rejects"]["reason"].tolist() == rejects["reason"].tolist()


def test_the_quality_table_writes_the_coverage_in_the_run_s_language(tmp_path):
    """The data-quality table's coverage: 2022-01-01 至 2022-12-31 in Chinese, the two dots in English."""
    import datetime as dt

    from lqrel.coverage import Coverage

    path = tmp_path / "log.csv"
    path.write_text("停电编号,停电开始时间,停电结束时间,停电用户数,区域\nT1,2022-03-01 08:00,2022-03-01 09:00,5,城镇\n",
                    encoding="utf-8")
    _, rejects, report = load_events(path)
    cover = Coverage(first=dt.date(2022, 1, 1), through=dt.date(2022, 12, 31), first_inferred=False,
                     through_inferred=False, timezone="Asia/Shanghai", what="events")
    for lang, said in (("zh", "2022-01-01 至 2022-12-31"), ("en", "2022-01-01 .. 2022-12-31")):
        summary = quality(report, rejects, lang, cover)["summary"].set_index("item")
        assert summary.loc["q_coverage", "value"] == said


@pytest.mark.parametrize("family", ["reject", "warning", "note"])
def test_every_message_code_reads_in_both_languages(family):
    """No untranslated message can reach the Chinese report: every code of every family renders in zh with
    Chinese characters and in en without them, from sample arguments for its placeholders."""
    import string

    sample = {"column": "停电时长(分钟)", "max_h": 720.0, "minutes": 60.0, "hours": 80.5, "limit": 72.0,
              "end": "2022-01-01 11:00:00", "from": "2022-01-01", "through": "2022-12-31", "area": "urban",
              "served": 800.0, "year": 2021, "saidi_h": 0.0, "month": "2022-07", "source": "2022-06",
              "first": 12, "t_med": 28.47, "years": 3.0, "judged": 2020, "today": "2026-12-03",
              "rows": "2, 5", "listed": "2, 5", "count": 2, "dropped": 0, "ids": "A1, B7", "id": "A1",
              "name": "10kV 1", "file": "log.csv", "as_of": "2022-06-30", "read": 9, "share": 0.222,
              "due": "2022-05-31"}
    for code, templates in messages.CATALOGUES[family].items():
        assert set(templates) == {"zh", "en"}, code
        fields = {f for _, f, _, _ in string.Formatter().parse(templates["en"]) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(templates["zh"]) if f}, code
        args = {f: sample[f] for f in fields}
        zh, en = messages.text(code, args, "zh", family), messages.text(code, args, "en", family)
        assert re.search(r"[\u4e00-\u9fff]", re.sub(r"城镇/农村|是/否|外部/内部|停电时长\(分钟\)", "", zh)), code
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"城镇/农村|是/否|外部/内部|停电时长\(分钟\)", "", en)), code


def test_town_table_gives_each_towns_own_saidi_beside_its_contribution():
    import dataclasses

    towns = pd.DataFrame([(a, t, pd.Period(m, freq="M"), n) for m in months_of(2021, 2022)
                          for a, t, n in [("urban", "A", 60), ("urban", "B", 40), ("rural", "B", 10),
                                          ("rural", "C", 90)]],
                         columns=["area", "town", "month", "customers"])
    ds = dataclasses.replace(_dataset(), town_customers=towns)
    t = top_groups(ds, "2022", "town").set_index("town")
    # 2022: B has 3 h x 100 (urban) + 1 h x 50 (rural) = 350 customer-hours; the county serves 200 users,
    # B serves 40 + 10 = 50 users: contribution 350 / 200 = 1.75 h, B's own SAIDI 350 / 50 = 7 h.
    assert t.loc["B", "contribution_saidi_h"] == pytest.approx(1.75)
    assert t.loc["B", "town_saidi_h"] == pytest.approx(7.0)
    ds = dataclasses.replace(ds, town_customers=towns[towns["town"] != "B"])
    assert pd.isna(top_groups(ds, "2022", "town").loc[0, "town_saidi_h"])  # not counted: no own figure
