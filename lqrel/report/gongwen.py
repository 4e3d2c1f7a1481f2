"""The layout of a 公文 in a Word document (GB/T 9704-2012, docs/spec.md §12.2-§12.3): the page, the fonts and the
22-line grid, the headings per level, the footer's page numbers, tables that repeat their header and fit their
content. Text goes in through :mod:`lqrel.report.word`; nothing here knows what the document says.
"""

from __future__ import annotations

import math
import re
import unicodedata

#: Page [mm]: A4, the body area 156 mm x 225 mm (top 37 mm, binding side 28 mm).
PAGE_MM = {"width": 210, "height": 297, "top": 37, "left": 28, "bottom": 35, "right": 26}
#: Characters a line and lines a page of the body text, and the body's size [pt] (3号).
CHARS_PER_LINE, LINES_PER_PAGE, BODY_PT = 28, 22, 16
#: Where a header that does not fit its column on one line goes to its next line: before its bracketed unit
#: (停电时户数 / （户·小时）, SAIDI / （小时）), which Word and LibreOffice would otherwise break inside (（工作 / 日）)
#: or keep with a Latin word and break that word (ASA / I（%）).
_UNIT_BREAK = re.compile(r"\s*(?=[（(][^（）()]*[)）]$)")
#: The title's size [pt] (2号) and the page numbers' (4号).
TITLE_PT, PAGE_NUMBER_PT = 22, 14
#: East Asian fonts and what Word takes when a font is not installed (docs/spec.md §12.3).
FONTS = {"body": "仿宋_GB2312", "title": "方正小标宋简体", "h1": "黑体", "h2": "楷体_GB2312", "number": "宋体"}
FONT_FALLBACK = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体", "黑体": "SimHei",
                 "宋体": "SimSun"}
#: Latin letters and digits of the body.
LATIN = "Times New Roman"
#: Size of table text [pt] (五号) and the room a cell needs besides its text [pt]: its margins (2 x 5.4 pt), borders
#: and the slack of a renderer whose fallback font is wider than the estimate (:func:`display_width`).
TABLE_PT, CELL_PADDING_PT = 10.5, 18.0
#: A cell whose text is a number, a percentage or a date: right-aligned, never wrapped.
_NUMBER = re.compile(r"^[-+–]?[\d,]*\.?\d+%?$|^\d{4}-\d{2}-\d{2}$|^–$")


#: What a header does not break: a Latin word or number (SAIDI, 10), or a bracketed unit (（小时）, （户·小时）,
#: （%）).
_UNBREAKABLE = re.compile(r"[A-Za-z0-9.%/·+-]+|[（(][^（）()]*[)）]")


def twips(mm: float) -> int:
    """Millimetres in twentieths of a point."""
    return round(mm / 25.4 * 1440)


def line_pitch_twips() -> int:
    """The grid's line pitch: the body height over the lines a page (579 twips, 28.95 pt)."""
    height = PAGE_MM["height"] - PAGE_MM["top"] - PAGE_MM["bottom"]
    return int(twips(height) / LINES_PER_PAGE)


def char_spacing_twips() -> int:
    """Spacing between characters [twentieths of a point, negative: condensed] that sets
    :data:`CHARS_PER_LINE` characters of the body size in the body width (156 mm holds 27.6 characters of
    16 pt; a quarter point less each makes 28). Word, WPS and LibreOffice all honour it, where a character grid
    narrower than the font is drawn two cells a character by LibreOffice."""
    pitch_pt = body_width_pt() / CHARS_PER_LINE
    return math.floor((pitch_pt - BODY_PT) * 20) - 1


def chars_per_line(size_pt: float, spacing_twips: int) -> int:
    """Characters of ``size_pt`` with ``spacing_twips`` between them that fit the body width."""
    return int(body_width_pt() // (size_pt + spacing_twips / 20))


def set_fonts(element, east_asian: str, latin: str = LATIN) -> None:
    """Name the fonts of a run or style (``w:rPr``): Latin and East Asian, theme fonts removed (a theme font wins
    over a named one in Word)."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _font_table(doc) -> None:
    """Declare the Chinese fonts with their alternatives (``w:altName``), so Word without 方正小标宋简体 or the
    GB2312 faces sets the text in 宋体, 仿宋 or 楷体."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = doc.part.part_related_by(RT.FONT_TABLE)
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alt in FONT_FALLBACK.items():
        font = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                         '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _defaults(doc) -> None:
    """The document defaults: the body's fonts and size (the grid's character pitch is reckoned from them),
    Chinese as the East Asian language, no spacing after paragraphs."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, name in (("ascii", LATIN), ("hAnsi", LATIN), ("cs", LATIN), ("eastAsia", FONTS["body"])):
        fonts.set(qn(f"w:{attr}"), name)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")


def setup(doc) -> None:
    """A4 with the GB/T 9704 margins, the 28 x 22 grid, odd and even footers, and the styles: Normal (仿宋 3号,
    first line indented two characters, exact line pitch), Heading 1-3 (黑体, 楷体, 仿宋; black, no spacing)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt, RGBColor, Twips

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM["width"]), Mm(PAGE_MM["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE_MM["top"]), Mm(PAGE_MM["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE_MM["left"]), Mm(PAGE_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(PAGE_MM["bottom"] - 7 - 6)
    sect = section._sectPr
    for grid in sect.findall(qn("w:docGrid")):
        sect.remove(grid)
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{line_pitch_twips()}"/>'))
    doc.settings.odd_and_even_pages_header_footer = True
    _font_table(doc)
    _defaults(doc)
    normal = doc.styles["Normal"]
    set_fonts(normal.element, FONTS["body"])
    normal.font.size = Pt(BODY_PT)
    condense(normal.element)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = Twips(line_pitch_twips()), Pt(0), Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars(normal.element, first=2)
    for level, font in ((1, FONTS["h1"]), (2, FONTS["h2"]), (3, FONTS["body"])):
        style = doc.styles[f"Heading {level}"]
        set_fonts(style.element, font)
        condense(style.element)
        style.font.size, style.font.bold, style.font.italic = Pt(BODY_PT), False, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = Twips(line_pitch_twips())
        style.paragraph_format.keep_with_next = True
        indent_chars(style.element, first=2)


def condense(element, twips_: int | None = None) -> None:
    """Character spacing of a run or style (``w:spacing`` in ``w:rPr``), by default :func:`char_spacing_twips`."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = rpr.makeelement(qn("w:spacing"), {})
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(char_spacing_twips() if twips_ is None else twips_))


def indent_chars(element, first: int = 0, right: int = 0) -> None:
    """Indent a paragraph or style in characters (``w:firstLineChars``, ``w:rightChars``): the first line by
    ``first`` characters, the right edge by ``right``."""
    from docx.oxml.ns import qn

    ppr = element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = ppr.makeelement(qn("w:ind"), {})
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(first * 100))
    ind.set(qn("w:firstLine"), str(first * BODY_PT * 20))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(right * BODY_PT * 20))


def page_numbers(doc) -> None:
    """Footers "— 1 —" (a PAGE field) in 4号 宋体: odd pages on the right, even pages on the left, one character
    in from the edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                      WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = None
        from docx.shared import Pt

        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_PT)
        _number_run(paragraph, "— ")
        _field(paragraph, "PAGE")
        _number_run(paragraph, " —")


def _number_run(paragraph, text: str):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    set_fonts(run._r, FONTS["number"], FONTS["number"])
    run.font.size = Pt(PAGE_NUMBER_PT)
    return run


def _field(paragraph, instruction: str) -> None:
    """A field (``PAGE``) as begin / instruction / separate / shown value / end runs."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>', None,
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        run = _number_run(paragraph, "1" if xml is None else "")
        if xml is not None:
            run._r.append(parse_xml(xml))


def display_width(text: str) -> float:
    """Width of a text in ems of its size: a CJK character 1, a capital letter 0.8, others about
    0.6."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.8 if c.isupper() else 0.62 for c in text)


def title_lines(parts: list[str], size_pt: float = TITLE_PT) -> list[str]:
    """The title's parts packed greedily into lines of the body width (a part never split)."""
    room = body_width_pt() / (size_pt + char_spacing_twips() / 20)
    lines: list[str] = []
    for part in parts:
        if lines and display_width(lines[-1] + part) <= room:
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def column_widths_pt(header: list[str], rows: list[list[str]], size_pt: float, total_pt: float,
                     whole_words: bool = True) -> list[float] | None:
    """Column widths [pt] that keep every body cell on one line and a header's Latin words and units whole (at
    least three characters wide), the room left shared towards headers on three lines, the whole filling
    ``total_pt``; None when the cells (and, with ``whole_words``, the headers' words) do not fit at this size."""
    cells = [max([display_width(r[i]) for r in rows] or [0]) * size_pt + CELL_PADDING_PT for i in range(len(header))]
    if sum(cells) > total_pt:
        return None
    whole = [max([display_width(w) for w in _UNBREAKABLE.findall(h)] + [3.0]) * size_pt + CELL_PADDING_PT
             for h in header]
    floor = [max(c, w) for c, w in zip(cells, whole, strict=True)]
    if sum(floor) > total_pt:
        if whole_words:
            return None
        floor = cells  # the headers' words break; the cells still fit
    wanted = [max(f, display_width(h) * size_pt / 3 + CELL_PADDING_PT) for f, h in zip(floor, header, strict=True)]
    room, extra = total_pt - sum(floor), sum(wanted) - sum(floor)
    if extra <= 0:
        return [f * total_pt / sum(floor) for f in floor]
    if room <= extra:
        return [f + (w - f) * room / extra for f, w in zip(floor, wanted, strict=True)]
    return [w * total_pt / sum(wanted) for w in wanted]


def header_parts(header: str, width_pt: float, size_pt: float) -> list[str]:
    """A header as lines with a break of its own: the whole header when it fits the column, else the text and
    its unit (:data:`_UNIT_BREAK`)."""
    if display_width(header) * size_pt + CELL_PADDING_PT <= width_pt:
        return [header]
    return [part for part in _UNIT_BREAK.split(header) if part]


def header_lines(header: str, width_pt: float, size_pt: float) -> int:
    """Lines a header takes in a column ``width_pt`` wide: a line for each of its :func:`header_parts`, each
    part's units (:data:`_UNBREAKABLE`) and other characters packed greedily, a unit never split."""
    room = (width_pt - CELL_PADDING_PT) / size_pt
    total = 0
    for part in header_parts(header, width_pt, size_pt):
        pieces, at = [], 0
        for m in _UNBREAKABLE.finditer(part):
            pieces += [c for c in part[at:m.start()] if not c.isspace()] + [m.group()]
            at = m.end()
        pieces += [c for c in part[at:] if not c.isspace()]
        lines, used = 1, 0.0
        for piece in pieces:
            width = display_width(piece)
            if used and used + width > room:
                lines, used = lines + 1, 0.0
            used += width
        total += lines
    return total


def _grid_row(row, lines: int) -> None:
    """Keep a table row on the page's line grid: its height a whole number of line pitches, two lines of table
    text a pitch (so the body text after the table stays on the grid)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    pitches = max(1, math.ceil(lines / 2))
    row._tr.get_or_add_trPr().append(parse_xml(
        f'<w:trHeight {nsdecls("w")} w:val="{pitches * line_pitch_twips()}" w:hRule="exact"/>'))


def body_width_pt() -> float:
    """The body's width [pt]."""
    return (PAGE_MM["width"] - PAGE_MM["left"] - PAGE_MM["right"]) / 25.4 * 72


def add_table(doc, header: list[str], rows: list[list[str]]):
    """A table sized to its content (fixed layout, a width per column), header row repeated on every page and in
    黑体, numbers and dates right-aligned and never wrapped, text in 仿宋 五号 (smaller when the cells need it)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt, Twips

    sizes = [(TABLE_PT - step, whole) for whole in (True, False) for step in (0, 1, 2, 3)]
    size, widths = TABLE_PT, None
    for size, whole in sizes:  # 五号 with whole header words if it can, else smaller, else words broken
        widths = column_widths_pt(header, rows, size, body_width_pt(), whole)
        if widths is not None:
            break
    fitted = widths is not None
    widths = widths or [body_width_pt() / len(header)] * len(header)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(round(width * 20)))
    for i, values in enumerate([header, *rows]):
        row = table.rows[i]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        if i == 0:
            tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        _grid_row(row, max(header_lines(v, w, size) for v, w in zip(values, widths, strict=True)) if i == 0 else 1)
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.width = Pt(width)
            number = i > 0 and bool(_NUMBER.match(value))
            if i > 0 and fitted:  # the widths hold every body cell on one line

                cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:noWrap {nsdecls("w")}/>'))
            paragraph = cell.paragraphs[0]
            paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'))
            fmt = paragraph.paragraph_format
            fmt.first_line_indent, fmt.line_spacing = Pt(0), Twips(line_pitch_twips() // 2)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            indent_chars(paragraph._p, first=0)
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if i == 0 else
                                   WD_ALIGN_PARAGRAPH.RIGHT if number else WD_ALIGN_PARAGRAPH.LEFT)
            for k, part in enumerate(header_parts(value, width, size) if i == 0 else [value]):
                run = paragraph.add_run()
                if k:
                    run.add_break()
                run.add_text(part)
                set_fonts(run._r, FONTS["h1"] if i == 0 else FONTS["body"])
                condense(run._r, 0)
                run.font.size = Pt(size)
    return table
