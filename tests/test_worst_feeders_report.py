"""The worst-feeder section of the report (issue 29 points 2 and 3): on the shipped sample it lists the month's
feeders with drafted actions and says that CEMI-n and CELID need a customer-level log; with an event-customer file
named in the settings, the report's tables, the Word 报送材料 and the workbook carry the counts and the drafts."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from lqrel import load_dataset, load_params
from lqrel.report import present
from lqrel.report.export import write_workbook
from lqrel.report.present_feeders import localize
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx
from lqrel.worst_feeders import worst_feeders
from tests.conftest import sample_dataset

HEADER = "停电编号,供电所,线路名称,地区特征,停电性质,停电原因,责任归属,停电开始时间,停电结束时间,停电用户数\n"
# Five urban customers served (C1..C5) and five rural ones without outages. 2023: feeder A 2 h (C1 C2 C3),
# 1 h (C1 C2), 0.5 h (C1 C5); feeder B 6 h (C1 C4).
# 2022: feeder A 1 h (C1).
EVENTS = [("E0", "A", "2022-03-01 10:00", "2022-03-01 11:00", "设备老化", "故障停电", ["C1"]),
          ("E1", "A", "2023-03-01 10:00", "2023-03-01 12:00", "雷击", "故障停电", ["C1", "C2", "C3"]),
          ("E2", "A", "2023-04-01 10:00", "2023-04-01 11:00", "雷击", "故障停电", ["C1", "C2"]),
          ("E3", "B", "2023-05-01 10:00", "2023-05-01 16:00", "树障", "故障停电", ["C1", "C4"]),
          ("E4", "A", "2023-06-01 10:00", "2023-06-01 10:30", "计划检修", "计划停电", ["C1", "C5"])]


def _capture(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(present, "_display", shown.append)
    return shown


def test_sample_month_section_says_cemi_needs_customer_level_data(monkeypatch):
    ds = sample_dataset()
    head = pd.DataFrame({"area": ["all"]})
    head.attrs["verdict"] = False
    tables = {"worst_feeders": localize(worst_feeders(ds, "2024-05"), "zh"), "headline": head,
              "sections": present.report_sections()}
    shown = _capture(monkeypatch)
    present.section_worst_feeders(tables, "zh")
    page = "".join(shown)
    text = re.sub(r"<[^>]+>", " ", page)
    assert "八、重点线路与整治建议" in text and 'id="worst-feeders-table"' in page
    assert "2024年5月停电时户数最多的 10 条线路" in text
    assert "频繁停电状态按2024年1月1日至5月31日统计" in text
    assert "未计算多次停电用户数（CEMI-n）和长时间停电用户数（CELID）" in text
    assert "停电编号、用户编号" in text and "台区编号" in text
    assert "event_customers" not in text  # a leader's page names no setting key
    assert "多次停电用户数 CEMI-n（户）" not in text  # no empty columns without the data
    assert text.count("【建议草稿】") == len(set(tables["worst_feeders"]["dominant_cause"]))  # one per cause
    shown.clear()
    present.section_worst_feeders(tables, "en")
    assert "CEMI-n and CELID are not computed" in "".join(shown)


def test_section_absent_without_the_table(monkeypatch):
    shown = _capture(monkeypatch)
    present.section_worst_feeders({"sections": present.report_sections()}, "zh")
    assert shown == []


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    """A small log with its event-customer file named in the settings, and its 2023 report tables."""
    folder = tmp_path_factory.mktemp("feeders")
    rows = "".join(f"{e},城关街道,{f},城镇,{n},{c},内部,{s},{t},{len(who)}\n" for e, f, s, t, c, n, who in EVENTS)
    (folder / "events.csv").write_bytes((HEADER + rows).encode("gb18030"))
    months = [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]
    served = "".join(f"{a},{m},5\n" for m in months for a in ("城镇", "农村"))
    (folder / "customers.csv").write_text("区域,月份,用户数\n" + served, encoding="utf-8")
    pairs = "".join(f"{e},{c}\n" for e, *_, who in EVENTS for c in who)
    # E9 is in no outage log: named, and counted nowhere
    (folder / "event_customers.csv").write_text("停电编号,用户编号\n" + pairs + "E9,C1\n", encoding="utf-8")
    params = load_params({"events": str(folder / "events.csv"), "customers": str(folder / "customers.csv"),
                          "event_customers": str(folder / "event_customers.csv"),
                          "coverage": {"from": "2022-01-01", "through": "2023-12-31"}})
    ds = load_dataset(params)
    return ds, report_tables(ds, "2023", "zh"), folder


def test_report_tables_carry_customer_level_counts(logged):
    _, tables, _ = logged
    w = tables["worst_feeders"].set_index("feeder")
    # A: 3 x 2 + 2 x 1 + 2 x 0.5 = 9 customer-hours; B: 2 x 6 = 12
    assert list(w.index) == ["B", "A"]
    # CEMI-3 on A: C1 has 3 interruptions on A, not more than 3 -> 0; CELID-8: nobody over 8 h on one feeder
    assert w.loc["A", "cemi_customers"] == 0 and w.loc["B", "celid_customers"] == 0
    assert w.attrs["customer_level"] == "customer"
    # county: C1 4 interruptions (> 3) and 9.5 h (> 8), of the county's 10 customers
    assert w.attrs["cemi"] == pytest.approx(1 / 10) and w.attrs["celid"] == pytest.approx(1 / 10)
    assert w.loc["A", "last_year_customer_hours"] == pytest.approx(1) and w.loc["A", "change"] == pytest.approx(8)
    assert w.loc["B", "action"] == "【建议草稿】树障清理"
    assert w.loc["A", "action"] == "【建议草稿】防雷"  # lightning 8 > planned 1


def test_page_word_and_workbook_show_the_list(logged, monkeypatch, tmp_path):
    ds, tables, _ = logged
    shown = _capture(monkeypatch)
    present.section_worst_feeders(tables, "zh")
    text = re.sub(r"<[^>]+>", " ", "".join(shown))
    assert "多次停电用户数 CEMI-n（户）" in text
    assert "全县 CEMI-3 为 10.00%，CELID-8 为 10.00%" in text
    assert "停电用户明细中有 1 个停电编号在停电记录中找不到，未计入：E9。" in text
    path = write_docx(tables, ds, ds.period("2023"), tmp_path / "r.docx", "zh")
    doc = Document(path)
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index(next(p for p in paragraphs if p.endswith("、重点线路与整治建议")))
    part = paragraphs[start:start + 6]
    # B 12 + A 9 = 21 customer-hours, all of the county's 21
    assert part[1].startswith("停电时户数最多的 2 条线路合计 21 户·小时，占全县的 100.0%")
    assert any(p.startswith("1．B（主导原因：树障）：【建议草稿】树障清理：") for p in part)
    assert "本期全县停电超过 3 次的用户占 10.00%，累计停电超过 8 小时的用户占 10.00%。" in part
    assert any(p.startswith("【请核实") for p in part)
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text.replace("\n", "") == "整治方向（草稿）")
    assert [c.text for c in table.rows[1].cells] == ["B", "城关街道", "12", "0.0", "树障\u00a0100%", "–",
                                                     "树障清理"]
    assert "event_customers" not in "\n".join(part)  # the document names no setting
    book = load_workbook(write_workbook(tables, tmp_path / "r.xlsx", "zh", ds.period("2023"), ds.coverage))
    sheet = book["重点线路"]
    header = [c.value for c in sheet[3]]
    assert "整治建议（草稿）" in header and "多次停电用户数 CEMI-n（户）" in header
    assert sheet.cell(4, header.index("整治方向（草稿）") + 1).value == "【建议草稿】树障清理"
