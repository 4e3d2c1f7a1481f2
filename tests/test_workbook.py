"""The workbook of a report (lqrel.report.export.write_workbook, issue 28 point 5), opened with openpyxl as a
reader's Excel would: headers in the report's language on every sheet (the rejected rows and warnings too),
是/否 for yes/no, the number formats a 报表 uses, frozen headers, columns as wide as their text (a CJK character
twice as wide) and dates as dates. The tables are the report's, built in-process on the shipped sample (no
kernel)."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from lqrel import targets
from lqrel.report.export import HEADER_ROW, write_workbook
from lqrel.report.tables import report_tables
from tests.conftest import sample_dataset

pytestmark = pytest.mark.slow  # the report tables of a year and a quarter: about 20 s

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
FORMATS = {"hours": "0.00", "counts": "#,##0", "shares": "0.0%", "asai": "0.0000%", "change": "+0.0%;-0.0%;0.0%"}


@pytest.fixture(scope="module")
def ds():
    return sample_dataset(applications=True)


def _book(ds, tmp_path_factory, period: str, lang: str):
    tables = report_tables(ds, period, lang)
    path = tmp_path_factory.mktemp("wb") / f"{period}-{lang}.xlsx"
    write_workbook(tables, path, lang, ds.period(period), ds.coverage, ds.params.targets)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def zh(ds, tmp_path_factory):
    return _book(ds, tmp_path_factory, "2024", "zh")


@pytest.fixture(scope="module")
def en(ds, tmp_path_factory):
    return _book(ds, tmp_path_factory, "2024", "en")


def headers(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW]]


def table_rows(ws) -> list[tuple]:
    """The rows of the table under the header, up to the first empty row (the headline sheet goes on with the
    rule and its notes in sentences)."""
    rows = []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if all(c.value is None for c in row):
            break
        rows.append(row)
    return rows


def column(ws, header: str) -> list:
    """The table's cells in the column with this header."""
    i = headers(ws).index(header)
    return [row[i] for row in table_rows(ws)]


def by_area(ws, header: str) -> dict:
    areas = [c.value for c in column(ws, headers(ws)[0])]
    return dict(zip(areas, column(ws, header), strict=True))


def test_every_sheet_has_its_header_in_the_report_s_language(zh, en):
    """Chinese: every header cell holds Chinese (no column code such as ``row`` or ``reason`` left), the
    rejected rows and warnings included; English: none does."""
    assert {"无效记录", "警告", "申请无效记录"} <= set(zh.sheetnames)
    assert {"Rejected rows", "Warnings", "Rejected applications"} <= set(en.sheetnames)
    assert len(zh.sheetnames) == len(en.sheetnames) >= 15
    for ws in zh.worksheets:
        assert all(h and CJK.search(h) for h in headers(ws)), (ws.title, headers(ws))
    for ws in en.worksheets:
        assert not CJK.search(ws.title) and not any(CJK.search(h) for h in headers(ws)), (ws.title, headers(ws))
    assert headers(zh["无效记录"]) == ["行号", "列", "值", "原因"]
    assert headers(zh["警告"]) == ["行号", "列", "值", "说明"]
    assert headers(zh["申请无效记录"]) == ["行号", "列", "值", "原因"]
    assert headers(en["Rejected rows"]) == ["Row", "Column", "Value", "Reason"]


def test_yes_and_no_are_words_never_true_or_false(ds, zh, en):
    """No boolean cell anywhere (Excel shows those as TRUE/FALSE); the verdict of 2024 reads 是/否 per area as
    lqrel check judges it, and the major event days say 是/否 for how each was found."""
    for book in (zh, en):
        for ws in book.worksheets:
            assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "b"], ws.title
    met = targets.verdicts(ds, 2024).set_index("area")["met"]
    assert {met["urban"], met["rural"]} == {True, False}  # the sample has one of each: both words are seen
    words = by_area(zh["目标完成情况"], "达标")
    assert (words["城镇"].value, words["农村"].value) == tuple("是" if met[a] else "否" for a in ("urban", "rural"))
    assert {c.value for c in column(zh["目标完成情况"], "数据完整")} == {"是"}
    assert {c.value for c in column(zh["重大事件日"], "按统计方法判定")} <= {"是", "否"}
    assert {c.value for c in column(en["Targets"], "Complete")} == {"Yes"}


def test_number_formats(zh, ds, tmp_path_factory):
    """Hours 0.00, counts #,##0, shares 0.0%, ASAI 0.0000%, changes with their sign, the projection's
    probability in whole percent (a quarter's workbook)."""
    head, indices, causes = zh["目标完成情况"], zh["分区指标"], zh["停电原因"]
    expected = [(head, "本期 SAIDI（小时）", "hours"), (head, "目标上限（小时）", "hours"),
                (indices, "用户平均停电时间 SAIDI（小时）", "hours"), (indices, "平均供电可靠率 ASAI", "asai"),
                (indices, "停电时户数（户·小时）", "counts"), (indices, "停电户次", "counts"),
                (indices, "总用户数（户）", "counts"), (causes, "占比", "shares"), (causes, "累计占比", "shares"),
                (head, "同比变化", "change"), (head, "较参照年变化", "change")]
    for ws, header, kind in expected:
        cells = [c for c in column(ws, header) if isinstance(c.value, int | float)]
        assert cells and {c.number_format for c in cells} == {FORMATS[kind]}, (ws.title, header)
    quarter = _book(ds, tmp_path_factory, "2024Q3", "zh")["目标完成情况"]
    probabilities = [c for c in column(quarter, "达标概率") if isinstance(c.value, float)]
    assert probabilities and {c.number_format for c in probabilities} == {"0%"}


def test_headers_are_frozen(zh, en):
    for book in (zh, en):
        for ws in book.worksheets:
            assert ws.freeze_panes == f"A{HEADER_ROW + 1}", ws.title
            assert all(c.font.bold for c in ws[HEADER_ROW]), ws.title


def _shown_width(cell) -> int:
    """Characters the cell takes as Excel shows it; a CJK character counts two."""
    value = cell.value
    if isinstance(value, int | float):
        text = {"0.00": f"{value:.2f}", "#,##0": f"{value:,.0f}"}.get(cell.number_format, "")
    else:
        text = value if isinstance(value, str) else ""
    return sum(2 if CJK.match(ch) else 1 for ch in text)


def test_columns_are_as_wide_as_their_text(zh, en):
    """Every column at least as wide as its widest text or number (up to 60, where text wraps); a column of
    short words stays narrow; Chinese names count double (停电原因: up to 6 characters, 12 wide)."""
    for book in (zh, en):
        for ws in book.worksheets:
            for header in headers(ws):
                col = column(ws, header)
                letter = ws.cell(HEADER_ROW, headers(ws).index(header) + 1).column_letter
                width = ws.column_dimensions[letter].width
                need = max((_shown_width(c) for c in col), default=0)
                assert min(need, 60) <= width <= 60, (ws.title, letter, need, width)
    causes = [c.value for c in column(zh["停电原因"], "停电原因")]
    assert zh["停电原因"].column_dimensions["A"].width >= 2 * max(len(c) for c in causes) >= 12
    assert zh["分区指标"].column_dimensions["A"].width <= 10  # 城镇, 农村, 全县
    dates = zh["频繁停电"].cell(HEADER_ROW, headers(zh["频繁停电"]).index("停电日期") + 1).column_letter
    assert zh["频繁停电"].column_dimensions[dates].width == 60  # a feeder's many dates wrap


def test_dates_are_dates(zh):
    """Dates are date cells shown as yyyy-mm-dd, not text: the major event days and the applications' meter
    connection."""
    for ws, header in ((zh["重大事件日"], "日期"), (zh["超时申请"], "装表接电完成")):
        cells = column(ws, header)
        assert cells and all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in cells)
