"""Reading a workbook's sheet through calamine (issue 27, point 9): typed cells as openpyxl gave them, the sheet
chosen by name or number, formulas without a saved value and error values kept, the bounds (a sparse sheet and
one laid out otherwise are read cell by cell by openpyxl, an oversized one refused), XLS, and the typed columns
the loader validates as column operations equal to the same cells kept as Python objects.

Expected values are the cells as written, worked by hand; each test names what it would catch.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from unittest import mock

import openpyxl
import pandas as pd
import pytest

from lqrel import load_events
from lqrel.errors import InputError
from lqrel.parse import is_text_column, is_typed_column
from lqrel.readers import _python_cells, read_cells
from lqrel.sheets import SheetRows, UnsavedFormula

DATA = Path(__file__).parent / "data" / "sheets"


def _workbook(path: Path) -> Path:
    """An export as a county system writes it: a merged title, the header on row 2, then typed cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024年"
    ws.append(["临朐县停电明细", None, None, None, None, None])
    ws.merge_cells("A1:F1")
    ws.append(["停电开始时间", "停电结束时间", "停电用户数", "区域", "停电时长(小时)", "备注"])
    ws.append([dt.datetime(2024, 3, 5, 8, 0), dt.datetime(2024, 3, 5, 10, 30), 120, "城镇", dt.time(2, 30), 12.5])
    ws.append([dt.datetime(2024, 3, 6), dt.datetime(2024, 3, 6, 1, 0), 7, "农村", dt.timedelta(hours=26), True])
    ws["E4"].number_format = "[h]:mm"
    ws.append([45360, None, "=10*5", "城镇", None, "#DIV/0!"])  # a serial in a General cell, a formula, an error
    ws.append([])
    ws.append([45360.25, None, None, None, None, " 注 "])
    ws["A7"].number_format = "yyyy-mm-dd hh:mm"  # the same kind of number in a date cell
    wb.create_sheet("说明").append(["导出说明"])
    wb.save(path)
    return path


def test_cells_are_typed_as_written(tmp_path):
    """calamine gives a midnight date as a ``date``, a whole number as ``120.0``, an empty cell as ``""``, a formula
    without a value and an error value as ``""``: each comes back as openpyxl gave it."""
    rows, numbers, facts = read_cells(_workbook(tmp_path / "e.xlsx"))
    assert facts == {"sheet": "2024年"}
    assert numbers == [1, 2, 3, 4, 5, 7]  # row 6 is empty: not a row
    assert rows[0] == ["临朐县停电明细", None, None, None, None, None]  # the merged title, its first cell
    assert rows[2] == [dt.datetime(2024, 3, 5, 8, 0), dt.datetime(2024, 3, 5, 10, 30), 120, "城镇",
                             dt.time(2, 30), 12.5]
    assert rows[3] == [dt.datetime(2024, 3, 6, 0, 0), dt.datetime(2024, 3, 6, 1, 0), 7, "农村",
                             dt.timedelta(hours=26), True]
    assert [type(v) for v in rows[2][:3]] == [dt.datetime, dt.datetime, int]
    assert type(rows[3][0]) is dt.datetime  # not a date
    formula = rows[4][2]
    assert isinstance(formula, UnsavedFormula) and str(formula) == "=10*5"
    assert rows[4] == [45360, None, formula, "城镇", None, "#DIV/0!"]  # a serial is a number, not a date
    assert rows[5] == [dt.datetime(2024, 3, 9, 6, 0), None, None, None, None, " 注 "]  # 45360.25 as a date


def test_the_loader_rejects_the_unsaved_formula_with_its_reason(tmp_path):
    """calamine reads a formula without a saved value as an empty cell: without the scan it would be rejected as
    a missing count, or the row taken with another column's value."""
    ev, rj, rep = load_events(_workbook(tmp_path / "e.xlsx"))
    assert rep.header_row == 2 and rep.sheet == "2024年"
    assert ev["customers"].tolist() == [120, 7]
    assert rj.loc[rj["code"] == "unsaved_formula", "row"].tolist() == [5]


@pytest.mark.parametrize(("sheet", "chosen"), [(None, "2024年"), ("说明", "说明"), (2, "说明"), ("2", "说明"),
                                               ("2024年", "2024年")])
def test_the_sheet_is_chosen_by_name_or_number(tmp_path, sheet, chosen):
    _, _, facts = read_cells(_workbook(tmp_path / "e.xlsx"), sheet)
    assert facts == {"sheet": chosen}


@pytest.mark.parametrize(("sheet", "message"), [("2023年", r"no sheet named '2023年' \(sheets: 2024年, 说明\)"),
                                                (3, r"no sheet number 3 \(sheets: 2024年, 说明\)")])
def test_an_unknown_sheet_lists_the_sheets(tmp_path, sheet, message):
    with pytest.raises(InputError, match=message):
        read_cells(_workbook(tmp_path / "e.xlsx"), sheet)


def _far_cell(path: Path, cell: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["停电开始时间", "停电用户数"])
    ws.append([dt.datetime(2024, 3, 5, 8, 0), 5])
    ws[cell] = "x"
    wb.save(path)
    return path


@pytest.mark.parametrize("cell", ["J1048576", "XFD1048576", "XFD40000"])
def test_a_sparse_sheet_is_read_cell_by_cell_never_as_a_rectangle(tmp_path, cell):
    """calamine would hold A1:XFD1048576 as 17 x 10^9 cells and end the process (a Rust allocation failure is an
    abort, not an exception): such a sheet goes to openpyxl's streaming parser, and calamine is never asked."""
    path = _far_cell(tmp_path / "far.xlsx", cell)
    with mock.patch("lqrel.sheets._calamine_cells", side_effect=AssertionError("calamine asked")):
        rows, numbers, _ = read_cells(path)
    assert numbers == [1, 2, int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
    assert rows[2][-1] == "x" and len(rows[2]) == openpyxl.utils.column_index_from_string(cell.rstrip("0123456789"))


def test_a_dense_sheet_is_read_by_calamine(tmp_path):
    """The usual export never reaches openpyxl (the point of the change)."""
    with mock.patch("lqrel.sheets._openpyxl_rows", side_effect=AssertionError("openpyxl asked")):
        rows, numbers, _ = read_cells(_workbook(tmp_path / "e.xlsx"))
    assert numbers == [1, 2, 3, 4, 5, 7]


def test_past_the_floor_the_cells_are_counted_against_the_rectangle(tmp_path):
    """With the floor lowered to 10 cells (a sheet within columns A-Z counts as 26 columns wide): 4 rows of 26
    values (a rectangle of 104 cells, all present) is dense, calamine reads it; A1 and C40 alone (a rectangle of
    40 x 26 = 1,040 cells for 2) is sparse, read cell by cell (1,040 > 8 x 2)."""
    dense = openpyxl.Workbook()
    for r in range(4):
        dense.active.append([r + c for c in range(26)])
    dense.save(tmp_path / "dense.xlsx")
    sparse = openpyxl.Workbook()
    sparse.active["A1"], sparse.active["C40"] = 1, 2
    sparse.save(tmp_path / "sparse.xlsx")
    with mock.patch("lqrel.sheets.SPARSE_FLOOR_CELLS", 10):
        with mock.patch("lqrel.sheets._openpyxl_rows", side_effect=AssertionError("openpyxl asked")):
            assert read_cells(tmp_path / "dense.xlsx")[1] == [1, 2, 3, 4]
        with mock.patch("lqrel.sheets._calamine_cells", side_effect=AssertionError("calamine asked")):
            assert read_cells(tmp_path / "sparse.xlsx")[1] == [1, 40]


def _rewritten(path: Path, edit) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_cells_without_their_reference_are_read_by_openpyxl(tmp_path):
    """A writer may leave out a cell's reference (calamine then counts columns itself, so the scan cannot bound
    the sheet): openpyxl reads it, with the same cells."""
    path = _rewritten(_workbook(tmp_path / "e.xlsx"), lambda xml: xml.replace(b'<c r="B3"', b"<c"))
    with mock.patch("lqrel.sheets._calamine_cells", side_effect=AssertionError("calamine asked")):
        rows, _, _ = read_cells(path)
    assert rows[2][:3] == [dt.datetime(2024, 3, 5, 8, 0), dt.datetime(2024, 3, 5, 10, 30), 120]


def test_an_oversized_sheet_is_refused_before_it_is_read(tmp_path):
    path = _workbook(tmp_path / "e.xlsx")
    with mock.patch("lqrel.sheets.MAX_SHEET_XML_BYTES", 1000), \
            pytest.raises(InputError, match=r"MB of sheet XML, more than 0 MB: save the sheet as CSV"):
        read_cells(path)


def test_a_damaged_sheet_is_one_clear_error(tmp_path):
    """The sheet's bytes changed after it was written (its CRC no longer matches): one line, no traceback."""
    path = _workbook(tmp_path / "e.xlsx")
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 40] ^= 0xFF  # one byte of the compressed sheet
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"e\.xlsx"):
        read_cells(path)


def test_an_xls_workbook_is_read(tmp_path):
    """tests/data/sheets/export_2024.xls, written by xlwt 1.3 (Excel 97-2003): a merged title, the header on row 2,
    date cells, counts (one written as 30.0), an empty cause, and a General number under the data."""
    rows, numbers, facts = read_cells(DATA / "export_2024.xls")
    assert facts == {"sheet": "2024年"} and numbers == [1, 2, 3, 4, 5, 6]
    assert rows[2] == [dt.datetime(2024, 3, 5, 8, 0), dt.datetime(2024, 3, 5, 10, 30), 120, "城镇", "树障"]
    assert rows[3] == [dt.datetime(2024, 3, 6, 0, 0), dt.datetime(2024, 3, 6, 1, 0), 7, "农村", None]
    assert rows[5] == [45360.5, None, None, None, None]
    ev, rj, rep = load_events(DATA / "export_2024.xls")
    assert rep.header_row == 2 and ev["customers"].tolist() == [120, 7, 30]
    assert ev["duration_h"].tolist() == [2.5, 1.0, 0.5]


def _typed_export(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["停电编号", "停电开始时间", "停电结束时间", "停电用户数", "区域", "停电时长(小时)"])
    ws.append(["TD1", dt.datetime(2024, 3, 5, 8, 0), dt.datetime(2024, 3, 5, 10, 30), 120, "城镇", None])
    ws.append(["TD2", dt.datetime(2024, 3, 6), None, 7, "农村", 1.5])
    ws.append(["TD3", dt.datetime(2024, 3, 7, 9, 15), dt.datetime(2024, 3, 7, 9, 45), 30, "城镇", None])
    ws.append(["TD4", dt.datetime(2024, 3, 7, 9, 15), dt.datetime(2024, 3, 7, 9, 5), 3, "城镇", None])
    wb.save(path)
    return path


def test_typed_columns_load_as_the_same_cells_kept_as_python_objects(tmp_path):
    """A sheet's columns of date-times alone, whole numbers alone and numbers with empty cells are typed columns
    (validated as column operations; date-times beside an empty cell are not: NaT is not blank to every rule);
    the events, rejects, warnings and counts equal those of the same cells kept as Python objects. A planted
    difference (a typed column's empty cell read as 0) would show here."""
    from lqrel.readers import read_table

    path = _typed_export(tmp_path / "t.xlsx")
    table = read_table(path, lambda cells: "停电编号" in cells)
    cells, extra = table.cells()
    assert extra == []
    assert [str(cells[c].dtype) for c in (1, 2, 3, 5)] == ["datetime64[us]", "object", "int64", "float64"]
    assert all(is_typed_column(cells[c]) for c in (1, 3, 5)) and is_text_column(cells[0])
    assert cells[2].tolist()[1] is None  # date-times beside an empty cell stay Python cells
    assert cells[5].isna().tolist() == [True, False, True, True]
    typed = load_events(path)
    with mock.patch("lqrel.readers._sheet_column", side_effect=lambda cells, kinds=None: _python_cells(cells)):
        python = load_events(path)
    pd.testing.assert_frame_equal(typed[0], python[0])
    pd.testing.assert_frame_equal(typed[1], python[1])
    pd.testing.assert_frame_equal(typed[2].warnings, python[2].warnings)
    assert typed[2].to_dict() == python[2].to_dict()
    assert typed[0]["event_id"].tolist() == ["TD1", "TD2", "TD3"]  # TD4 ends before it starts
    assert typed[0]["customers"].tolist() == [120, 7, 30]


def test_sheet_rows_read_as_rows_and_as_columns():
    rows = SheetRows([("a", "b", "c", ""), (1.0, 2.5, None, 4.0)])
    assert len(rows) == 4 and rows[0] == ["a", 1] and rows[-1] == [None, 4] and rows[2] == ["c", None]
    body = rows[1:3]
    assert isinstance(body, SheetRows) and list(body) == [["b", 2.5], ["c", None]]
    assert body.columns() == [("b", "c"), [2.5, None]]
    assert len(rows[3:1]) == 0
    with pytest.raises(IndexError):
        rows[4]


def test_a_date_column_beside_a_time_column_with_an_empty_date(tmp_path):
    """Dates and times in two columns, one date empty (OE-417's layout): typed as ``datetime64`` the empty date
    was a NaT that the joining of date and time could not read (the load stopped with a ValueError)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["停电编号", "区域", "停电开始日期", "停电开始时刻", "停电时长(分钟)", "停电户数"])
    ws.append(["A", "农村", dt.datetime(2022, 7, 1), dt.time(17, 0), 90, 30])
    ws.append(["B", "农村", None, dt.time(8, 30), 60, 10])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    ev, rj, rep = load_events(path)
    assert ev["event_id"].tolist() == ["A"] and rj["row"].tolist() == [3]
    assert ev.loc[0, "end"] == pd.Timestamp("2022-07-01 18:30", tz="Asia/Shanghai")


def test_the_collector_is_left_as_it_was(tmp_path):
    """The cyclic garbage collector is paused while calamine's cells become Python objects, and left as it was:
    on after a read, and still off for a caller that had turned it off."""
    import gc

    path = _workbook(tmp_path / "e.xlsx")
    assert gc.isenabled()
    read_cells(path)
    assert gc.isenabled()
    gc.disable()
    try:
        read_cells(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_scan_reads_exactly_the_declared_bytes_of_a_deflated_part(tmp_path):
    """The scan inflates a deflated part itself (ISA-L): the bytes zipfile reads, and a part that inflates to more
    or fewer bytes than the directory declares, or to other bytes (its CRC), is refused as damaged."""
    from lqrel.sheets import _inflated

    path = _workbook(tmp_path / "e.xlsx")
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(part).compress_type == zipfile.ZIP_DEFLATED
        assert b"".join(_inflated(z, part)) == z.read(part)
        info = z.getinfo(part)
        for attribute, value in (("file_size", info.file_size - 1), ("file_size", info.file_size + 1),
                                 ("CRC", info.CRC ^ 1)):
            with mock.patch.object(info, attribute, value), pytest.raises(zipfile.BadZipFile):
                b"".join(_inflated(z, part))


def test_a_stored_part_is_read_by_zipfile(tmp_path):
    """A workbook whose parts are stored, not deflated (some programs write them so), reads the same."""
    path = _workbook(tmp_path / "e.xlsx")
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as out:
        for name in z.namelist():
            out.writestr(name, z.read(name))
    (rows, numbers, facts), (rows_stored, numbers_stored, facts_stored) = read_cells(path), read_cells(stored)
    assert [list(map(repr, r)) for r in rows_stored] == [list(map(repr, r)) for r in rows] and rows
    assert (numbers_stored, facts_stored) == (numbers, facts)


def test_a_column_is_typed_with_the_types_of_its_typed_cells():
    """calamine's cells typed a column at once, with the set of types the reader then needs not find again."""
    from lqrel.sheets import _typed_column

    when = dt.datetime(2024, 3, 5, 8, 0)
    assert _typed_column(("a", "", "b")) == (("a", None, "b"), {str, type(None)})
    assert _typed_column(("", "")) == ((None, None), {type(None)})
    assert _typed_column(("a", "b")) == (("a", "b"), {str})
    assert _typed_column((120.0, 7.0)) == ([120, 7], {int})
    assert _typed_column((1.5, 7.0)) == ([1.5, 7], {float, int})
    assert _typed_column((when, "")) == ([when, None], {dt.datetime, type(None)})
    assert _typed_column((dt.date(2024, 3, 5), 2.0)) == ([dt.datetime(2024, 3, 5), 2], {dt.datetime, int})
    assert _typed_column((when, when)) == ((when, when), {dt.datetime})
