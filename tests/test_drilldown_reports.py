"""The drilldown in the built reports (issue 29): the quarterly, annual and monthly reports of the sample, with a
test benchmark file, show the 供电所 table and budgets, the worst feeders with drafted actions, the late applications
with their stages (every one in the workbook, the page saying how many it does not show) and the peer comparison,
on the page and in the Word document. Expected figures are recomputed here from the sample's rows, not by lqrel."""

from __future__ import annotations

import re

import docx
import openpyxl
import pandas as pd
import pytest

from lqrel.report.export import HEADER_ROW
from tests.conftest import ROOT, sample_dataset
from tests.oracle import saidi_by_hand

# The shared builds of the module's three periods are read on one worker (loadgroup): two workers asking for the
# same build at once leave one waiting for the other.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("drilldown-reports")]

PEERS = ROOT / "tests" / "data" / "benchmark" / "peers_zh.csv"  # 甲县 2023: urban 4.0 h, rural 9.5 h (the best)
PERIODS = ("2023Q3", "2023", "2024-05")


@pytest.fixture(scope="module")
def sample():
    return sample_dataset({"benchmark": str(PEERS)}, applications=True)


class Built:
    """The sample's report of a period with the test benchmark file, each period one shared build (built once per
    test run by whichever worker asks first: tests/conftest.py ``shared_reports``)."""

    def __init__(self, shared_reports):
        self.get = shared_reports

    def __getitem__(self, period: str):
        results, _ = self.get(period, changes={"benchmark": str(PEERS)}, formats=("html", "docx", "xlsx"),
                              applications=True)
        return results[period]


@pytest.fixture
def built(shared_reports):
    return Built(shared_reports)


def county_by_hand(sample, start: str, end: str) -> tuple[float, float]:
    """(customer-hours, customers served) of the whole county over [start, end): each sustained event's hours
    inside the period x its customers; each month's customers (both areas) weighted by its hours in the period."""
    tz = "Asia/Shanghai"
    lo, hi = pd.Timestamp(start, tz=tz), pd.Timestamp(end, tz=tz)
    ch = sum(r.customers * max((min(r.end, hi) - max(r.start, lo)).total_seconds() / 3600, 0.0)
             for r in sample.events.itertuples() if r.duration_h * 60 > 3.0)
    counts = sample.customers.assign(month=sample.customers["month"].astype(str)).groupby("month")["customers"].sum()
    months = pd.period_range(start, pd.Timestamp(end) - pd.Timedelta(days=1), freq="M")
    hours = [(min(m.end_time.tz_localize(tz).ceil("D"), hi) - max(m.start_time.tz_localize(tz), lo)).total_seconds()
             / 3600 for m in months]
    served = sum(counts[str(m)] * h for m, h in zip(months, hours, strict=True)) / sum(hours)
    return ch, served


def sheet(path, name: str) -> pd.DataFrame:
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(min_row=HEADER_ROW, values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def word_text(path) -> str:
    d = docx.Document(path)
    cells = [c.text.replace("\n", "") for t in d.tables for row in t.rows for c in row.cells]  # headers break
    return "\n".join([p.text for p in d.paragraphs] + cells)


@pytest.mark.parametrize("period", ["2023Q3", "2023"])
def test_quarterly_and_annual_pages_show_every_drilldown_table(built, period):
    html = built[period].html.read_text(encoding="utf-8")
    for table in ("town-accountability-table", "town-budget-table", "worst-feeders-table", "connection-late-table",
                  "benchmark-table"):
        assert f'id="{table}"' in html, table
    assert "【建议草稿】" in html and "https://example.org/jia-2023" in html
    words = word_text(built[period].docx)
    for heading in ("重点线路与整治建议", "与同类地区对比"):
        assert heading in words, heading
    for header in ("本所用户平均停电时间（小时）", "对全县 SAIDI 的贡献（小时）", "整治方向（草稿）",
                   "各环节起止日期（工作日数）", "来源"):
        assert header in words, header
    assert "【建议草稿】" in words and "https://example.org/jia-2023" in words


def test_the_towns_contributions_add_up_to_the_county_by_hand(built, sample):
    ch, served = county_by_hand(sample, "2023-01-01", "2024-01-01")
    towns = sheet(built["2023"].xlsx, "供电所责任表")
    assert towns["停电时户数（户·小时）"].sum() == pytest.approx(ch, rel=1e-9)
    assert towns["对全县 SAIDI 的贡献（小时）"].sum() == pytest.approx(ch / served, rel=1e-9)


def test_the_town_budgets_add_up_to_each_areas_budget(built):
    towns = sheet(built["2023"].xlsx, "供电所预算").groupby("区域")["全年预算（户·小时）"].sum()
    area = sheet(built["2023"].xlsx, "停电时户数预算").groupby("区域")["当月预算（户·小时）"].sum()
    assert towns.to_dict() == pytest.approx(area.to_dict(), rel=1e-9)


def test_the_gap_to_the_best_peer_is_stated_per_area(built, sample):
    html = built["2023"].html.read_text(encoding="utf-8")
    for area, best in (("urban", 4.0), ("rural", 9.5)):  # 甲县 2023 in the test file
        saidi = saidi_by_hand(sample.events, sample.customers, "2023-01-01", "2024-01-01", area)
        name = {"urban": "城镇", "rural": "农村"}[area]
        assert (f"{name}用户平均停电时间（2023年 {saidi:.2f} 小时）比文件中最好的同类地区"
                f"（甲县，2023年，{best:.2f} 小时）高 {saidi - best:.2f} 小时") in html


@pytest.mark.parametrize("period", PERIODS)
def test_the_workbook_lists_every_late_application_and_the_page_says_how_many_it_leaves_out(built, period):
    html = built[period].html.read_text(encoding="utf-8")
    late = sheet(built[period].xlsx, "超时申请")
    total = int(re.search(r"本期超时申请 (\d+) 户", html).group(1))
    assert len(late) == total > 0
    assert late["申请编号"].is_unique
    shown = re.search(r'<table class="lqrel" id="connection-late-table">(.*?)</table>', html, re.S).group(1)
    rows = len(re.findall(r"<tr>", shown)) - 1
    if rows < total:
        assert f"另有 {total - rows} 户未列出" in html
    else:
        assert "户未列出" not in html


def test_the_monthly_page_is_the_meetings_page(built):
    html = built["2024-05"].html.read_text(encoding="utf-8")
    assert 'id="town-budget-month-table"' in html and "2024年5月各供电所预算与实际" in html
    assert "2024年5月停电时户数最多的 10 条线路" in html
    assert 'id="connection-late-table"' in html


def test_a_finished_years_document_states_what_was_missed_not_a_pressure_on_the_year(built):
    words = word_text(built["2023"].docx)
    assert "全年目标完成存在压力" not in words and "确保全年目标完成" not in words
    assert "未完成全年目标" in words
    over = re.search(r"已超出全年预算的供电所：(.*?)。", words).group(1).split("、")
    assert len(over) == len(set(over)), over  # a town over budget in both areas is named with each area
