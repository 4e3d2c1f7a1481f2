"""The outage-hour budget split to 供电所 (issue 29, points 1 and 3), worked by hand on the small county of
tests/test_accountability.py: parts that add up to the area's budget, each town's use and allowance left, a
planned outage costed against its town and the county (先算后停), and the month boundary (docs/spec.md §5, §9)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from docx import Document

from lqrel.budget import burn_down, load_plans
from lqrel.cli import main
from lqrel.errors import LqrelError
from lqrel.town_budget import town_burn_down, town_status, town_weights, town_what_if
from tests.test_accountability import county, county_files

FLAT = "budget: {allocation: flat, planned_share: 0.4, town_split: %s, town_history_years: 1}\n"
#: An outage across midnight of the last day of May: 1 h in May, 2 h in June, 100 users.
MIDNIGHT = ["TD7,城关街道,10kV城关01线,城镇,故障停电,树障,内部,2024-05-31 23:00,2024-06-01 02:00,100"]


def test_split_by_customers_adds_up_to_the_area_budget(tmp_path):
    """Rural 2024: 2023's SAIDI 300 / 3000 = 0.1 h gives a ceiling of the 10 h limit; 4000 users -> 40000
    customer-hours, split 3000 : 1000 -> 冶源镇 30000, 新城镇 10000; urban: 7 h x 1000 = 7000, all 城关街道's."""
    ds = county(tmp_path, settings=FLAT % "customers")
    monthly = town_burn_down(ds, 2024, "2024-05-31")
    year = monthly.groupby("town")["budget_ch"].sum()
    assert year.to_dict() == pytest.approx({"冶源镇": 30000, "新城镇": 10000, "城关街道": 7000})
    area = burn_down(ds, 2024, "2024-05-31")
    assert monthly.groupby("area")["budget_ch"].sum().to_dict() == pytest.approx(
        area.groupby("area")["budget_ch"].sum().to_dict())
    may = monthly[(monthly["town"] == "冶源镇") & (monthly["month"] == 5)].iloc[0]
    assert may["budget_ch"] == pytest.approx(30000 * 31 * 24 / 8784)  # flat: May's hours of a leap year
    assert may["budget_planned_ch"] == pytest.approx(0.4 * 30000 * 31 * 24 / 8784)


def test_blend_and_history_weights(tmp_path):
    """History (2023, one year): rural customer-hours all 冶源镇's (300), none 新城镇's. Blend 0.5: 冶源镇
    0.5 x 0.75 + 0.5 x 1 = 0.875 -> 35000, 新城镇 0.125 -> 5000; history alone: 40000 and 0."""
    blend = town_weights(county(tmp_path, settings=FLAT % "blend"), 2024).set_index("town")
    assert blend.loc[["冶源镇", "新城镇"], "weight"].tolist() == pytest.approx([0.875, 0.125])
    monthly = town_burn_down(county(tmp_path, settings=FLAT % "history"), 2024, "2024-05-31")
    assert monthly.groupby("town")["budget_ch"].sum()[["冶源镇", "新城镇"]].tolist() == pytest.approx([40000, 0])


def test_no_history_falls_back_on_customers_and_says_so(tmp_path):
    """2023 has no covered year before it: the split is by customers (rural: 冶源镇 alone), with a note per area."""
    w = town_weights(county(tmp_path, settings=FLAT % "blend"), 2023)
    assert w.set_index("town")["weight"].to_dict() == pytest.approx({"城关街道": 1.0, "冶源镇": 1.0})
    assert [(n["code"], n["area"]) for n in w.attrs["notes"]] == [("town_split_no_history", "rural"),
                                                                   ("town_split_no_history", "urban")]


def test_town_status_use_and_allowance_left(tmp_path):
    """冶源镇 to 31 May 2024: used 1500 (planned) of 30000: 28500 left; planned budget 0.4 x 30000 = 12000, 10500
    left; the budget to date is January-May's hours of the year."""
    ds = county(tmp_path, settings=FLAT % "customers")
    s = town_status(town_burn_down(ds, 2024, "2024-05-31")).set_index("town")
    row = s.loc["冶源镇"]
    assert (row["used_ch"], row["used_planned_ch"], row["used_fault_ch"]) == pytest.approx((1500, 1500, 0))
    assert row["remaining_ch"] == pytest.approx(28500)
    assert row["planned_allowance_left_ch"] == pytest.approx(10500)
    assert row["budget_to_date_ch"] == pytest.approx(30000 * (31 + 29 + 31 + 30 + 31) * 24 / 8784)
    assert row["used_share"] == pytest.approx(1500 / 30000)
    assert s.loc["城关街道", "used_fault_ch"] == pytest.approx(1000)
    # as of 1 May: 新城镇's outage of 2 May 09:00 is not counted yet, as the area's burn-down does not count it
    early = town_status(town_burn_down(ds, 2024, "2024-05-01")).set_index("town")
    assert early.loc["新城镇", "used_ch"] == 0 and early.loc["冶源镇", "used_ch"] == pytest.approx(1500)
    assert burn_down(ds, 2024, "2024-05-01").query("area == 'rural'")["actual_ch"].sum() == pytest.approx(1500)


def test_a_month_split_by_an_outage_across_midnight(tmp_path):
    """2024-05-31 23:00 to 06-01 02:00, 100 users: 100 customer-hours in May, 200 in June, for the town's budget,
    the monthly report's burn-down and the year to date through May."""
    from lqrel.report.town_tables import town_tables

    ds = county(tmp_path, MIDNIGHT, FLAT % "customers")
    monthly = town_burn_down(ds, 2024, "2024-06-30").set_index(["town", "month"])
    assert monthly.loc[("城关街道", 5), "actual_ch"] == pytest.approx(100)
    assert monthly.loc[("城关街道", 6), "actual_ch"] == pytest.approx(200)
    tables = town_tables(ds, ds.period("2024-05"), pd.Timestamp("2024-05-31"))
    may = tables["town_budget"].set_index("town")
    assert may.loc["城关街道", "month_actual_ch"] == pytest.approx(100)
    assert may.loc["城关街道", "month_budget_ch"] == pytest.approx(7000 * 744 / 8784)
    assert may.loc["城关街道", "used_ch"] == pytest.approx(1000 + 100)
    ytd = tables["town_accountability"].set_index("town")
    assert ytd.loc["城关街道", "customer_hours"] == pytest.approx(1100)
    assert "month_actual_ch" not in town_tables(ds, ds.period("2024Q2"), pd.Timestamp("2024-06-30"))["town_budget"]


def test_what_if_a_planned_outage_in_a_town(tmp_path):
    """200 users x 5 h = 1000 customer-hours planned in 冶源镇 from 31 May: its 28500 left become 27500, its
    planned allowance 10500 -> 9500; rural's 40000 - (1500 + 500) = 38000 left become 37000."""
    ds = county(tmp_path, settings=FLAT % "customers" + "projection: {simulations: 400}\n")
    plans = pd.DataFrame({"town": ["冶源镇"], "customers": [200], "hours": [5.0]})
    costs, towns, effect = town_what_if(ds, "2024-05-31", plans)
    assert costs.loc[0, "customer_hours"] == 1000 and costs.loc[0, "area"] == "rural"
    row = towns.set_index("town").loc["冶源镇"]
    assert (row["remaining_before_ch"], row["remaining_after_ch"]) == pytest.approx((28500, 27500))
    assert (row["planned_left_before_ch"], row["planned_left_after_ch"]) == pytest.approx((10500, 9500))
    assert (row["area_remaining_before_ch"], row["area_remaining_after_ch"]) == pytest.approx((38000, 37000))
    # its own SAIDI to 31 May: 1500 / 3000 = 0.5 h, with the plan (1500 + 1000) / 3000
    assert (row["own_saidi_ytd_h"], row["own_saidi_with_plan_h"]) == pytest.approx((0.5, 2500 / 3000))
    assert effect.set_index("area").loc["rural", "added_ch"] == 1000


def test_budget_what_if_per_town_on_the_command_line(tmp_path, capsys, monkeypatch):
    """A plan naming its feeder only, with --town: costed against that town (JSON ``towns``)."""
    _, _, params = county_files(tmp_path, settings=FLAT % "customers" + "projection: {simulations: 400}\n")
    plan = tmp_path / "plans.csv"
    plan.write_text("线路名称,停电用户数,停电时长(小时)\n10kV新城01线,100,4\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["budget", "--params", str(params), "--as-of", "2024-05-31", "--what-if", str(plan), "--town",
                 "新城镇", "--json"])
    doc = json.loads(capsys.readouterr().out)
    town = doc["towns"][0]
    assert code == 0 and town["town"] == "新城镇" and town["added_ch"] == 400
    assert town["remaining_before_ch"] == pytest.approx(10000 - 500)
    assert town["remaining_after_ch"] == pytest.approx(10000 - 500 - 400)
    plan.write_text("供电所,停电用户数,停电时长(小时)\n无此所,1,1\n", encoding="utf-8")
    with pytest.raises(LqrelError, match="not a town of the customers file"):
        town_what_if(county(tmp_path), "2024-05-31", load_plans(plan))


def test_the_split_is_a_setting_checked_on_load(tmp_path):
    with pytest.raises(LqrelError, match="town_split"):
        county(tmp_path, settings="budget: {town_split: evenly}\n")
    with pytest.raises(LqrelError, match="town_history_weight"):
        county(tmp_path, settings="budget: {town_history_weight: 1.5}\n")


@pytest.mark.slow
def test_the_word_document_has_the_town_table(tmp_path):
    """The report's tables of 2024Q2 written as the Word 报送材料: a section on the towns with their table."""
    from lqrel.report.tables import report_tables
    from lqrel.report.word import write_docx

    ds = county(tmp_path, settings=FLAT % "customers" + "projection: {simulations: 400}\n")
    tables = report_tables(ds, "2024Q2")
    path = write_docx(tables, ds, ds.period("2024Q2"), tmp_path / "报送.docx")
    doc = Document(str(path))
    text = [p.text for p in doc.paragraphs]
    # Jan-Jun 2024: 城关街道 1000 / 1000 = 1.00 h is the longest own SAIDI; 冶源镇 1500 / 5000 = 0.30 h the largest
    # contribution, the county's 3000 / 5000 = 0.60 h
    assert any("用户平均停电时间最长的供电所是城关街道（1.00 小时）" in p and "冶源镇（0.30 小时）" in p
               and "全县的 0.60 小时" in p for p in text)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "供电所")
    header = [c.text.replace("\n", "") for c in table.rows[0].cells]  # a long header breaks before its unit
    assert "本所用户平均停电时间（小时）" in header and "对全县 SAIDI 的贡献（小时）" in header
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    # Jan-Jun 2024: 冶源镇 1500 / 3000 = 0.50 h own, 1500 / 5000 = 0.30 h contribution
    assert rows["冶源镇"][header.index("本所用户平均停电时间（小时）")] == "0.50"
    assert rows["冶源镇"][header.index("对全县 SAIDI 的贡献（小时）")] == "0.30"
    budget = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["区域", "供电所"])
    assert any(r.cells[1].text == "冶源镇" and r.cells[2].text == "30,000" for r in budget.rows[1:])


def test_the_monthly_page_and_the_workbook_show_the_town_budgets(tmp_path):
    """The May 2024 report: each town's budget status and the month's burn-down per town on the page (城关街道:
    May's budget 7000 x 744 / 8784 = 593, actual 100), the towns' table with the county's 0.62 h
    ((3000 + 100) / 5000) the contributions add up to; both tables as workbook sheets."""
    from openpyxl import load_workbook

    from lqrel.report.export import write_workbook
    from lqrel.report.present import town_accountability_html, town_budget_html
    from lqrel.report.town_tables import town_tables

    ds = county(tmp_path, MIDNIGHT, FLAT % "customers")
    tables = town_tables(ds, ds.period("2024-05"), pd.Timestamp("2024-05-31"))
    page = town_budget_html(tables["town_budget"], "zh")
    assert "2024年5月各供电所预算与实际" in page and "按用户数" in page
    month = page[page.index('id="town-budget-month-table"'):]
    row = month[month.index("<td>城关街道</td>"):].split("</tr>")[0]
    assert '<td class="num">593</td><td class="num">100</td>' in row
    assert "全县 0.62 小时" in town_accountability_html(tables["town_accountability"], "zh")
    book = load_workbook(write_workbook(tables, tmp_path / "报表.xlsx", "zh", ds.period("2024-05")))
    assert {"供电所责任表", "供电所预算"} <= set(book.sheetnames)
    sheet = book["供电所预算"]
    header = [c.value for c in sheet[3]]
    assert "预安排余额（户·小时）" in header and "本月实际（户·小时）" in header


def test_budget_per_town_on_the_command_line(tmp_path, capsys, monkeypatch):
    """``lqrel budget --town 冶源镇 --json``: its 30000 split by customers, 1500 used to 31 May, 28500 left, and its
    twelve months; an unknown town is refused in one line."""
    _, _, params = county_files(tmp_path, settings=FLAT % "customers")
    monkeypatch.chdir(tmp_path)
    code = main(["budget", "--params", str(params), "--year", "2024", "--as-of", "2024-05-31", "--town", "冶源镇",
                 "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["split"] == "customers" and [t["town"] for t in doc["towns"]] == ["冶源镇"]
    town = doc["towns"][0]
    assert (town["annual_budget_ch"], town["used_ch"], town["remaining_ch"]) == pytest.approx((30000, 1500, 28500))
    assert [r["month"] for r in doc["rows"]] == list(range(1, 13))
    assert doc["rows"][3]["actual_ch"] == pytest.approx(1500) and doc["rows"][5]["actual_ch"] is None
    code = main(["budget", "--params", str(params), "--year", "2024", "--town", "无此所", "--lang", "zh"])
    err = capsys.readouterr().err
    assert code == 2 and "不是用户数文件中的供电所" in err and err.count("\n") == 1


def test_plans_naming_towns_without_a_town_panel_cost_the_areas_only(tmp_path):
    """A customers file without towns: a plan naming its town is costed for its area as before (no town
    budget to speak of); asking for a town's budget says the file has no towns."""
    from lqrel.dataset import from_frames
    from lqrel.service import budget_what_if

    ds = county(tmp_path, settings=FLAT % "customers" + "projection: {simulations: 400}\n")
    plain = from_frames(ds.events, ds.customers, ds.params)
    plan = tmp_path / "plans.csv"
    plan.write_text("供电所,停电用户数,停电时长(小时)\n冶源镇,200,5\n", encoding="utf-8")
    costs, towns, effect = budget_what_if(plain, pd.Timestamp("2024-05-31"), str(plan))
    assert towns is None and costs.loc[0, "area"] == "rural" and costs.loc[0, "customer_hours"] == 1000
    with pytest.raises(LqrelError, match="no town column"):
        budget_what_if(plain, pd.Timestamp("2024-05-31"), str(plan), "冶源镇")
