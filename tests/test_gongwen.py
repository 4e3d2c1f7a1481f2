"""The Word 报送材料 is a 公文 (GB/T 9704-2012, docs/spec.md §12): read back from the .docx with python-docx and its
XML. Documents are written straight from the report's tables of the shipped sample (no notebook); the page, font
and grid figures below are worked from the standard, not from the code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import docx
import pandas as pd
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lqrel.report.tables import report_tables
from lqrel.report.word import document_number, write_docx
from tests.conftest import ROOT, sample_dataset

ORGANIZATION, RECIPIENT = "临朐县供电公司", "临朐县发展和改革局"
DATE = dt.date(2023, 1, 4)
#: Text a leader must not see: paths and file names, hashes, setting keys, the tool, formula symbols, ISO dates.
FORBIDDEN = {
    "path": re.compile(r"[A-Za-z]:\\|(?:^|[^A-Za-z0-9])/[A-Za-z0-9_.-]+|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/"
                       r"|\.(?:csv|xlsx|yaml|yml|parquet|docx|html)\b"),
    "hash": re.compile(r"\b[0-9a-f]{12,}\b"),
    "setting key": re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:report|targets|connection|coverage)\.[a-z_]+\b"),
    "tool": re.compile(r"lqrel|python-docx|由系统生成", re.I),
    "formula": re.compile(r"Σ|T_MED|exp\(|÷|α|β"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
}


@pytest.fixture(scope="module")
def annual_tables(sample_tables):
    """The sample with its application log, and its 2022 report tables (conftest.sample_tables)."""
    return sample_tables("2022", "zh", applications=True)


@pytest.fixture(scope="module")
def annual(tmp_path_factory, annual_tables):
    """The 2022 document with a 发文字号 typed with square brackets, and the same without one."""
    plain, tables = annual_tables
    numbered = dataclasses.replace(plain, params=dataclasses.replace(plain.params, report=dataclasses.replace(
        plain.params.report, document_number="临供电[2023]3号")))
    folder = tmp_path_factory.mktemp("gongwen")
    with_number = write_docx(tables, numbered, numbered.period("2022"), folder / "n.docx", "zh", date=DATE)
    without = write_docx(tables, plain, plain.period("2022"), folder / "p.docx", "zh", date=DATE)
    return docx.Document(with_number), docx.Document(without)


def _text(doc) -> list[str]:
    """Every piece of text a reader sees: paragraphs, table cells, headers and footers."""
    section = doc.sections[0]
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for part in (section.footer, section.even_page_footer, section.header, section.even_page_header):
        parts += [p.text for p in part.paragraphs]
    return parts


def _east_asian(element) -> str:
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) or ""


def test_page_is_a4_with_the_standard_margins(annual):
    section = annual[0].sections[0]
    tolerance = Mm(1)
    for value, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.left_margin, 28), (section.bottom_margin, 35), (section.right_margin, 26)):
        assert abs(value - Mm(mm)) <= tolerance, (value, mm)


def test_body_is_fangsong_16pt_on_a_28_by_22_grid(annual):
    doc = annual[0]
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert "仿宋" in _east_asian(normal.element)
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    # 22 lines in the body height of 297 - 37 - 35 = 225 mm = 12756 twips: 579.8 twips a line
    assert 12756 // pitch == 22
    spacing = normal.element.find(qn("w:pPr")).find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact" and int(spacing.get(qn("w:line"))) == pitch
    # 28 characters in the body width of 156 mm = 442.2 pt: 15.79 pt a character at most, more than 15.25 pt
    # (29 would fit): 16 pt condensed by 0.21 to 0.75 pt, i.e. -4.2 to -15 twentieths of a point
    condensed = int(normal.element.find(qn("w:rPr")).find(qn("w:spacing")).get(qn("w:val")))
    assert -15 < condensed <= -5
    first_line = normal.element.find(qn("w:pPr")).find(qn("w:ind"))
    assert first_line.get(qn("w:firstLineChars")) == "200"  # two characters in


def test_title_number_and_recipient(annual):
    numbered, plain = annual
    texts = [p for p in numbered.paragraphs if p.text]
    assert texts[0].text == "临供电〔2023〕3号" and texts[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = texts[1]
    # broken between words: 临朐县供电公司关于2022年供电可靠性 / 和办电服务工作情况的报告
    assert title.text == "临朐县供电公司关于2022年供电可靠性\n和办电服务工作情况的报告"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.size == Pt(22) and "小标宋" in _east_asian(r._r) for r in title.runs)
    assert texts[2].text == f"{RECIPIENT}：" and texts[2].paragraph_format.first_line_indent in (None, 0)
    # without a number there is no such line: the title is the first text
    assert [p.text for p in plain.paragraphs if p.text][0] == title.text
    assert not any("〔" in p.text for p in plain.paragraphs)
    assert numbered.core_properties.title == title.text.replace("\n", "")
    assert numbered.core_properties.author == ORGANIZATION and numbered.core_properties.last_modified_by == ORGANIZATION


def test_document_number_brackets_are_hexagonal():
    assert document_number("临供电[2025]12号") == "临供电〔2025〕12号"
    assert document_number("临供电【2025】12号") == "临供电〔2025〕12号"
    assert document_number("临供电〔2025〕12号") == "临供电〔2025〕12号"


def test_headings_by_level(annual):
    doc = annual[1]
    body = [p for p in doc.paragraphs]
    h1 = [p for p in body if p.style.name == "Heading 1"]
    assert [p.text for p in h1[:8]] == ["一、总体情况", "二、任务指标完成情况", "三、“三零”“三省”服务成效",
                                       "四、停电原因与重点供电所、线路", "五、重大事件日与频繁停电",
                                       "六、重点线路与整治建议", "七、存在问题", "八、下一步工作"]
    assert "黑体" in _east_asian(doc.styles["Heading 1"].element)
    assert "楷体" in _east_asian(doc.styles["Heading 2"].element)
    for level in ("Heading 1", "Heading 2"):
        assert doc.styles[level].font.size == Pt(16) and doc.styles[level].font.color.rgb == (0, 0, 0)
    # a second level only with at least two items, numbered from （一）
    groups, current = [], None
    for p in body:
        if p.style.name == "Heading 1":
            current = []
            groups.append(current)
        elif p.style.name == "Heading 2":
            current.append(p.text)
    for found in groups:
        if found:
            assert len(found) >= 2 and found[0].startswith("（一）") and found[1].startswith("（二）"), found
    assert sum(bool(g) for g in groups) >= 1


def test_every_section_has_text_and_a_review_note(annual):
    doc = annual[1]
    paragraphs = doc.paragraphs
    annex = next(i for i, p in enumerate(paragraphs) if p.text == "附件")
    starts = [i for i, p in enumerate(paragraphs[:annex]) if p.style.name == "Heading 1"]
    for start, end in zip(starts, [*starts[1:], annex], strict=True):
        inside = [p.text for p in paragraphs[start + 1:end] if p.style.name == "Normal" and p.text]
        drafted = [t for t in inside if not t.startswith("【请核实")]
        assert drafted, paragraphs[start].text
        assert any(t.startswith("【请核实") for t in inside), paragraphs[start].text
    everything = "\n".join(_text(doc))
    assert "【请分析人员补充】" not in everything


def test_problems_and_next_steps_come_from_the_data(annual, annual_tables):
    doc = annual[1]
    text = [p.text for p in doc.paragraphs]
    problems = text[text.index("七、存在问题") + 1:text.index("八、下一步工作")]
    steps = text[text.index("八、下一步工作") + 1:]
    # the three feeders with the most customer-hours in 2022 are named in both
    names = "、".join(annual_tables[1]["feeders"]["feeder"].head(3))
    assert any(names in t for t in problems) and any(names in t for t in steps)


def test_signature_and_attachment_note(annual):
    doc = annual[1]
    text = [p.text for p in doc.paragraphs]
    annex = text.index("附件")
    assert "附件：数据与方法说明" in text[:annex]
    signature = [p for p in doc.paragraphs[:annex] if p.text][-2:]
    assert [p.text for p in signature] == [ORGANIZATION, "2023年1月4日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in signature)
    date_indent = signature[1]._p.find(qn("w:pPr")).find(qn("w:ind"))
    assert date_indent.get(qn("w:rightChars")) == "400"  # four characters from the right edge


def test_footer_page_numbers_odd_right_even_left(annual):
    doc = annual[0]
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                      WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        instructions = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert instructions.strip() == "PAGE"
        assert paragraph.text == "— 1 —"
        assert all(r.font.size == Pt(14) and _east_asian(r._r) == "宋体" for r in paragraph.runs)


def test_tables_repeat_headers_and_fit_their_numbers(annual):
    doc = annual[0]
    assert len(doc.tables) >= 5
    body_twips = round((210 - 28 - 26) / 25.4 * 1440)
    number = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")
    for table in doc.tables:
        first = table.rows[0]._tr.find(qn("w:trPr"))
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(w > 0 for w in widths) and sum(widths) <= body_twips + 20
        for row in table.rows[1:]:
            for cell, width in zip(row.cells, widths, strict=True):
                if number.match(cell.text):
                    run = cell.paragraphs[0].runs[0]
                    # a digit of Times New Roman is half an em: the number and 0.2 cm of padding fit its column
                    needed = len(cell.text) * run.font.size.pt / 2 * 20 + 113 * 2
                    assert needed <= width, (cell.text, width)
                    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    headers = [c.text.replace("\n", "") for t in doc.tables for c in t.rows[0].cells]  # a unit may have a line
    assert "接电户数（户）" in headers and "按时办结率（%）" in headers and "停电时户数（户·小时）" in headers


def test_no_path_hash_key_tool_or_formula_in_the_text(annual):
    for doc in annual:
        for piece in _text(doc):
            for what, pattern in FORBIDDEN.items():
                assert not pattern.search(piece), (what, piece)
        props = doc.core_properties
        assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}{props.subject}"


def _benefit_rows(doc) -> dict[str, list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "用户类别"
                 and "零上门（%）" in [c.text.replace("\n", "") for c in t.rows[0].cells])
    header = [c.text.replace("\n", "") for c in table.rows[0].cells]  # a header's unit may be on a line of its own
    return {r.cells[0].text: dict(zip(header, [c.text for c in r.cells], strict=True)) for r in table.rows[1:]}


def _by_hand(year: int, months: tuple[str, ...] = ()) -> dict:
    """Residential applications connected in the year (or those of its months), from the sample CSV itself: the
    accepted rows (ids of the bad rows start with SQX; the last row repeats one), the share without a site visit
    and the share made online."""
    log = pd.read_csv(ROOT / "data" / "linqu_applications.csv", encoding="gb18030", dtype=str)
    log = log[~log["申请编号"].str.startswith("SQX")].drop_duplicates("申请编号")
    done = log["装表接电完成时间"].fillna("")
    inside = done.str.startswith(str(year))
    if months:
        inside &= done.str[5:7].isin(months)
    res = log[inside & (log["用户类别"] == "居民")]
    return {"n": len(res), "zero_visit": (res["上门次数"] == "0").mean() * 100,
            "online": (res["线上申请"] == "是").mean() * 100}


def test_the_service_benefits_table_in_the_annual_document(annual):
    rows = _benefit_rows(annual[1])
    expected = _by_hand(2022)
    assert rows["居民"]["接电（户）"] == f"{expected['n']:,}"
    assert rows["居民"]["零上门（%）"] == f"{expected['zero_visit']:.1f}"
    assert rows["居民"]["线上申请（%）"] == f"{expected['online']:.1f}"
    text = "\n".join(p.text for p in annual[1].paragraphs)
    # the sample has no approval column: the document names the column that would give 零审批
    assert "零审批：办电记录中没有“行政审批（是/否）”一列" in text
    # 省钱: the mean cost of the customers who paid, by hand from the log (connected in 2022), not over all
    log = pd.read_csv(ROOT / "data" / "linqu_applications.csv", encoding="gb18030", dtype=str)
    done = log[log["装表接电完成时间"].fillna("").str.startswith("2022")]
    cost = done["客户投资（元）"].astype(float)
    paid = cost[cost > 0]
    assert f"其余 {len(paid)} 户客户自行投资，平均每户 {paid.mean():,.0f} 元" in text


@pytest.mark.slow
def test_the_half_year_document_has_the_benefits_and_its_data_end(tmp_path):
    ds = sample_dataset(applications=True, data_through=dt.date(2022, 5, 31))
    path = write_docx(report_tables(ds, "2022H1", "zh"), ds, ds.period("2022H1"), tmp_path / "h1.docx", "zh",
                      date=dt.date(2022, 6, 25))
    doc = docx.Document(path)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本期数据截至2022年5月31日" in text and "2022年6月25日" in text
    rows = _benefit_rows(doc)
    expected = _by_hand(2022, ("01", "02", "03", "04", "05"))
    # data through 31 May: the connections of January to May
    assert rows["居民"]["接电（户）"] == f"{expected['n']:,}"
    assert rows["居民"]["零上门（%）"] == f"{expected['zero_visit']:.1f}"
    for piece in _text(doc):
        for what, pattern in FORBIDDEN.items():
            assert not pattern.search(piece), (what, piece)


@pytest.mark.slow
def test_a_real_report_build_dates_the_document(tmp_path):
    """``lqrel report --date``: the date reaches the notebook and the 落款 (the one report built here)."""
    from lqrel.report.runner import build_report

    ds = sample_dataset(applications=True)
    result = build_report(ds, "2022", tmp_path / "out", formats=("html", "docx"), state_dir=tmp_path / "state",
                          document_date="2023-01-04")
    doc = docx.Document(result.files["docx"])
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0].replace("\n", "") == "临朐县供电公司关于2022年供电可靠性和办电服务工作情况的报告"
    annex = texts.index("附件")
    assert texts[annex - 2:annex] == [ORGANIZATION, "2023年1月4日"]
    assert _benefit_rows(doc)["居民"]["接电（户）"] == f"{_by_hand(2022)['n']:,}"


def test_the_leading_causes_are_a_problem_with_a_step(annual, annual_tables):
    """No cause of 2022 makes 30% of the customer-hours: the first three are named together, with their share."""
    causes = annual_tables[1]["causes"]
    top = causes[causes["cause"] != ""].head(3)
    assert top["share"].iloc[0] <= 0.30
    names = "、".join(top["cause"])
    text = [p.text for p in annual[1].paragraphs]
    problems = text[text.index("七、存在问题") + 1:text.index("八、下一步工作")]
    assert any(f"{names}是停电的主要原因，合计占停电时户数的 {top['share'].sum() * 100:.1f}%" in t for t in problems)
    assert any(f"针对{names}等主要停电原因" in t for t in text[text.index("八、下一步工作"):])
