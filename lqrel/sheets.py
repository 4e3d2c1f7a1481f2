"""Reading one sheet of a workbook (XLSX, XLSM, XLS) into rows of typed cells, within bounds.

The cells are read by python-calamine (native code): text as text, numbers as numbers (a whole number as an
``int``, as Excel stores it), date cells as ``datetime`` and time cells as ``time`` or ``timedelta`` (an Excel
serial number is a date only where the cell's format is a date's), an empty cell as ``None``. Each row keeps its
spreadsheet row number, and the rows holding no value are left out, as :mod:`lqrel.readers` expects of a sheet.

Before calamine reads an XLSX sheet, its XML is scanned for its bounds (:func:`_bounded`, a few searches of bytes per
chunk, the next chunk inflated meanwhile by ISA-L); while calamine reads (without Python's lock), a second scan
(:func:`_special`) finds the cells it would read as empty. Three things calamine does not give or would not survive:

- the bounds. calamine holds a sheet as the whole rectangle from A1 to its last cell, so one stray cell at
  ``XFD1048576`` would ask for 17 x 10^9 cells and end the process (a failed allocation in native code is an
  abort, not an exception). A sheet whose rectangle is far larger than the cells it holds (:data:`SPARSE_FACTOR`),
  or whose XML is laid out otherwise than Excel writes it, is read cell by cell by openpyxl's streaming parser
  instead (:func:`_openpyxl_rows`: only the cells present cost anything); a sheet whose XML (with the shared
  strings) is larger than :data:`MAX_SHEET_XML_BYTES` is refused;
- formulas without a saved value (a file written by a program, not by Excel): calamine reads them as empty cells;
  they become :class:`UnsavedFormula` cells, which the loader rejects with their reason;
- error values (``#DIV/0!``, ``#N/A``): calamine reads them as empty cells; they keep their text.

An XLS workbook (Excel 97-2003) is bounded by its format (65,536 rows x 256 columns) and is read by calamine alone.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

from lqrel.errors import InputError

#: Largest sheet read: the XML of the sheet and of the workbook's shared strings, as the file declares them
#: uncompressed [bytes] (about 10^6 rows of 30 cells). The scan reads exactly the declared bytes, checked by
#: their CRC, so a part that inflates beyond its declared size is refused as a damaged file.
MAX_SHEET_XML_BYTES = 1 << 30
#: An XLSX sheet whose rectangle (A1 to its last row and column) holds more than this many times its cells, and
#: more than :data:`SPARSE_FLOOR_CELLS`, is read cell by cell instead of as a rectangle.
SPARSE_FACTOR = 8
#: Rectangles up to this many cells are read by calamine whatever the cells they hold (a few hundred MB at most).
SPARSE_FLOOR_CELLS = 1 << 22
#: Bytes of sheet XML scanned at a time.
SCAN_CHUNK_BYTES = 2 << 20
#: Largest workbook part (workbook.xml, its relationships) parsed to find a sheet's XML [bytes].
MAX_INDEX_PART_BYTES = 16 << 20


class UnsavedFormula:
    """An XLSX cell holding a formula whose value was never saved (a file written by a program, not by Excel):
    the loader rejects it with a reason that says to open and save the file in Excel."""

    def __init__(self, formula: str):
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"UnsavedFormula({self.formula!r})"


def read_sheet(path: Path, sheet: str | int | None) -> tuple[list[list[object]], list[int], dict]:
    """The rows of one sheet that hold at least one value, their spreadsheet row numbers and ``{"sheet": name}``.

    ``sheet`` is a sheet's name or 1-based number (a number given as text counts when no sheet has that name);
    the first worksheet by default.

    Raises
    ------
    InputError
        Not a readable workbook, no such sheet, a damaged sheet, or a sheet beyond :data:`MAX_SHEET_XML_BYTES`.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:
        if not _failed(exc):
            raise
        raise InputError(code="workbook_unreadable", file=str(path), problem=f"{type(exc).__name__}: {exc}") from exc
    with wb:
        names = [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        name = _chosen_sheet(path, names, sheet)
        if path.suffix.lower() == ".xls":
            return (*_typed_rows(_calamine_cells(wb, path, name), {}), {"sheet": name})
        if not _bounded(path, name):
            return _openpyxl_rows(path, name)
        # calamine reads without the GIL while the special cells are found
        with ThreadPoolExecutor(1) as pool, _collector_paused():
            found = pool.submit(_special, path, name)
            cells = _calamine_cells(wb, path, name)
            special = found.result()
            rows = None if special is None else _typed_rows(cells, special)
    return _openpyxl_rows(path, name) if rows is None else (*rows, {"sheet": name})


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused while a sheet's cells become Python objects: they hold no cycles,
    and the collections their number would set off (each a walk over every object the process holds) took
    about 4% of an XLSX load. Restored after, as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _calamine_cells(wb, path: Path, name: str) -> list[list[object]]:
    """calamine's rectangle of a sheet's cells, from A1 to its last cell."""
    try:
        return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except BaseException as exc:
        if not _failed(exc):
            raise
        raise InputError(code="sheet_unreadable", file=str(path), sheet=name,
                         problem=f"{type(exc).__name__}: {exc}") from exc


def _failed(exc: BaseException) -> bool:
    """True for an error reading a file: any exception, or a panic of calamine's native code (which pyo3 raises
    as a ``PanicException``, not an ``Exception``); never for Ctrl-C or an exit."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _chosen_sheet(path: Path, names: list[str], sheet: str | int | None) -> str:
    """The name of the sheet ``sheet`` designates among the worksheets ``names`` (the first by default)."""
    if not names:
        raise InputError(code="workbook_no_worksheet", file=str(path))
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet not in names and sheet.isdigit()):
        index = int(sheet)
        if not 1 <= index <= len(names):
            raise InputError(code="no_sheet_number", file=str(path), number=index, sheets=", ".join(names))
        return names[index - 1]
    if sheet in names:
        return sheet
    raise InputError(code="no_sheet_named", file=str(path), sheet=sheet, sheets=", ".join(names))


class SheetRows(Sequence):
    """A sheet's rows kept as calamine's columns, typed when read (:func:`_typed_cell`, :func:`_typed_column`):
    ``rows[i]`` is a list of the row's cells, a slice is the same kind of view, and :meth:`columns` gives the
    cells a column at a time, typed a column at once (the rows below a header: numbers alone, date-times alone),
    never transposing rows back."""

    def __init__(self, columns: list, start: int = 0, stop: int | None = None):
        self._columns, self._start = columns, start
        self._stop = len(columns[0]) if stop is None else stop

    def __len__(self) -> int:
        return self._stop - self._start

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return SheetRows(self._columns, self._start + start, self._start + max(start, stop))
        if not -len(self) <= key < len(self):
            raise IndexError(key)
        at = self._start + key % len(self)
        return [_typed_cell(column[at]) for column in self._columns]

    def columns(self) -> list:
        """The cells of these rows, a column at a time."""
        return [cells for cells, _ in self.typed_columns()]

    def typed_columns(self) -> list[tuple[tuple | list, set]]:
        """The cells of these rows, a column at a time, each with the set of its cells' types (``NoneType`` for
        an empty cell), found while typing them, so that the reader need not look at every cell again."""
        return [_typed_column(column[self._start:self._stop]) for column in self._columns]


def _typed_rows(cells: list[list[object]], special: dict[tuple[int, int], object]):
    """calamine's rectangle of cells as the rows that hold a value (:class:`SheetRows`), and their 1-based row
    numbers."""
    for (r, c), value in special.items():
        if r < len(cells) and c < len(cells[r]):
            cells[r][c] = value
    empty = [""] * (len(cells[0]) if cells else 0)
    numbers = [i for i, row in enumerate(cells, 1) if row != empty]
    if not numbers:
        return [], []
    kept = cells if len(numbers) == len(cells) else [cells[n - 1] for n in numbers]
    return SheetRows(list(zip(*kept, strict=True))), numbers


def _typed_cell(value: object) -> object:
    """A cell from calamine as openpyxl gives it: an empty cell ``None``, a whole number ``int``, a date cell
    ``datetime`` (calamine gives a ``date`` at midnight)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _typed_column(cells: tuple[object, ...]) -> tuple[tuple[object, ...] | list[object], set]:
    """:func:`_typed_cell` of each cell of a column, by kind of cell at once (text alone, date-times alone and
    whole numbers alone are the usual columns below a header; a column with its header, empty cells, numbers and
    dates is typed by masks, not cell by cell), and the set of the typed cells' types."""
    kinds = set(map(type, cells))
    if kinds <= {str}:
        if "" not in cells:
            return cells, kinds
        typed = tuple(None if v == "" else v for v in cells)
        return typed, {type(None), *(kinds if any(v is not None for v in typed) else ())}
    if kinds <= {dt.datetime}:
        return cells, kinds
    if kinds == {float}:  # numbers alone: whole ones (counts) as int at once
        numbers = np.array(cells, dtype="float64")
        if ((numbers == np.floor(numbers)) & (np.abs(numbers) < 2**53)).all():
            return numbers.astype("int64").tolist(), {int}
    typed = _typed_by_masks(cells, kinds)
    return typed, set(map(type, typed))


def _typed_by_masks(cells: tuple[object, ...], kinds: set) -> list[object]:
    """:func:`_typed_column` of a column of several kinds of cell, one mask per kind."""
    values = np.array(cells, dtype=object)
    kind = np.fromiter(map(type, cells), dtype=object, count=len(cells))
    if str in kinds:
        values[np.equal(kind, str) & np.equal(values, "")] = None
    if float in kinds:
        at = np.flatnonzero(np.equal(kind, float))
        numbers = values[at].astype("float64")
        whole = (numbers == np.floor(numbers)) & (np.abs(numbers) < 2**53)
        values[at[whole]] = numbers[whole].astype("int64").astype(object)
    if dt.date in kinds:
        at = np.flatnonzero(np.equal(kind, dt.date))
        values[at] = [dt.datetime(v.year, v.month, v.day) for v in values[at]]
    return values.tolist()


#: A row's start tag: its number when its reference comes first (as Excel writes it), else ``b""``.
_ROW = re.compile(rb'<row(?: r="([0-9]+)")?')
#: A tag starting ``<c`` other than a cell in columns A-Z with its reference first: a cell's column letters when
#: it has its reference first (a column past Z), else ``b""`` (a cell without it, or another tag).
_NOT_NARROW = re.compile(rb'<c(?! r="[A-Z][0-9])(?: r="([A-Z]+)[0-9])?')
_CELL_REF = re.compile(rb'<c r="([A-Z]+)([0-9]+)"')
#: A formula element closing its cell with no value, or with an empty one.
_UNSAVED = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>")
#: A cell of an error value (``t="e"``) and its content.
_ERROR = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?\st="e"[^>]*>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _bounded(path: Path, name: str) -> bool:
    """True when calamine may read sheet ``name`` as a rectangle, from one scan of its XML: every row and cell
    with its reference first (as Excel writes them) and the rectangle at most :data:`SPARSE_FACTOR` times its
    cells (or :data:`SPARSE_FLOOR_CELLS`); False when the sheet is to be read cell by cell, or its XML is not
    found where the workbook says.

    Raises
    ------
    InputError
        The sheet's XML (with the shared strings) is over :data:`MAX_SHEET_XML_BYTES`, or damaged.
    """
    with _opened(path, name) as z:
        part = _sheet_part(z, name)
        if part is None:
            return False
        size = sum(i.file_size for i in z.infolist() if i.filename in (part, "xl/sharedStrings.xml"))
        if size > MAX_SHEET_XML_BYTES:
            raise InputError(code="sheet_too_large", file=str(path), sheet=name, mb=f"{size / 2**20:,.0f}",
                             limit=f"{MAX_SHEET_XML_BYTES >> 20:,}")
        last_row = last_column = 0
        try:
            for block, lo, hi in _stretches(z, part):
                rows = _ROW.findall(block, lo, hi)
                others = _NOT_NARROW.findall(block, lo, hi)
                if b"" in rows or b"" in others:
                    return False  # a row or a cell without its reference first
                narrow = block.find(b'<c r="', lo, hi) >= 0  # a cell in columns A-Z (at most Z)
                last_row = max([last_row, *map(int, rows)])
                last_column = max([last_column, *map(_column_number, set(others)), 26 if narrow else 0])
            # the cells are counted only for a rectangle past the floor (a second scan; most sheets are below it)
            rectangle = last_row * last_column
            return rectangle <= SPARSE_FLOOR_CELLS or rectangle <= SPARSE_FACTOR * sum(
                block.count(b'<c r="', lo, hi) for block, lo, hi in _stretches(z, part))
        except _Unscannable:
            return False


def _special(path: Path, name: str) -> dict[tuple[int, int], object] | None:
    """The cells of sheet ``name`` (bounded: :func:`_bounded`) that calamine reads as empty but which hold
    something (``(row, column)``, 0-based -> an :class:`UnsavedFormula` or an error value's text); ``None`` when
    a formula's cell has no reference the scan can read (the sheet is then read cell by cell)."""
    special: dict[tuple[int, int], object] = {}
    with _opened(path, name) as z:
        try:
            for block, lo, hi in _stretches(z, _sheet_part(z, name)):
                if not _special_cells(block, lo, hi, special):
                    return None
        except _Unscannable:
            return None
    return special


def _special_cells(block: bytes, lo: int, hi: int, special: dict[tuple[int, int], object]) -> bool:
    """Add the unsaved formulas and error values of ``block[lo:hi]`` to ``special``; False if a formula's cell has
    no reference the scan can read."""
    formulas = _UNSAVED.finditer(block, lo, hi) if block.find(b"<f", lo, hi) >= 0 else ()
    for m in formulas:
        ref = _CELL_REF.match(block, max(block.rfind(b"<c ", lo, m.start()), 0))
        if ref is None:
            return False
        special[_position(ref)] = UnsavedFormula("=" + _text(m.group(1) or b""))
    errors = _ERROR.finditer(block, lo, hi) if block.find(b't="e"', lo, hi) >= 0 else ()
    for m in errors:
        value = _VALUE.search(m.group(3))
        if value is not None:
            special[_position(m)] = _text(value.group(1))
    return True


def _text(xml: bytes) -> str:
    """The text of XML character data."""
    return html.unescape(xml.decode("utf-8", "replace"))


@contextmanager
def _opened(path: Path, name: str):
    """The workbook as a zip file; a damaged part (its CRC, its deflate) is an :class:`InputError`."""
    try:
        with zipfile.ZipFile(path) as z:
            yield z
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise InputError(code="sheet_unreadable", file=str(path), sheet=name,
                         problem=f"{type(exc).__name__}: {exc}") from exc


class _Unscannable(Exception):
    """The sheet's XML is not laid out as :func:`_stretches` reads it."""


def _stretches(z: zipfile.ZipFile, part: str):
    """``(block, lo, hi)``: the sheet's rows and cells (``<sheetData>``) as ``block[lo:hi]``, read a chunk at a
    time (:func:`_inflated`); each chunk ends after a cell or a row (a ``</c>`` or ``</row>``), so no cell is cut
    in two.

    Raises :class:`_Unscannable` when the sheet's tags are not those the scan knows (a namespace prefix) or a
    cell is longer than a few chunks."""
    carry, first = b"", True
    for data in _inflated(z, part):
        block = carry + data
        cut = len(block) if not data else max(block.rfind(b"</c>") + 4, block.rfind(b"</row>") + 6, 0)
        carry, lo = block[cut:], 0
        if first:
            lo, first = block.find(b"<sheetData", 0, cut), False
        if lo < 0 or len(carry) > 4 * SCAN_CHUNK_BYTES:
            raise _Unscannable(part)
        end = block.rfind(b"</sheetData>", lo, cut)
        yield block, lo, cut if end < 0 else end
        if end >= 0:
            return


def _inflated(z: zipfile.ZipFile, part: str):
    """The bytes of a part of the workbook, :data:`SCAN_CHUNK_BYTES` at most at a time, the last ``b""``; the next
    chunk is inflated in a thread while the caller scans this one.

    A deflated part (as every spreadsheet program writes them) is inflated by ISA-L (python-isal: the same
    deflate, two to three times zlib's speed), exactly the declared bytes, checked by their CRC as zipfile checks
    them; a part stored otherwise (not deflated, encrypted) is read by zipfile.

    Raises
    ------
    zipfile.BadZipFile
        The part inflates to other bytes than declared (its size or CRC), or ends early.
    """
    from isal import isal_zlib

    info = z.getinfo(part)
    raw = _deflated_bytes(z, info)
    if raw is None:
        with z.open(info) as xml:
            yield from _read_ahead(lambda: xml.read(SCAN_CHUNK_BYTES))
        return
    inflater = isal_zlib.decompressobj(-15)
    done = {"input": raw, "bytes": 0, "crc": 0}

    def chunk() -> bytes:
        try:
            data = inflater.decompress(done["input"], min(SCAN_CHUNK_BYTES, info.file_size - done["bytes"] + 1))
        except isal_zlib.error as exc:  # a damaged deflate stream
            raise zipfile.BadZipFile(f"{exc} in {part!r}") from exc
        done["input"] = inflater.unconsumed_tail
        done["bytes"] += len(data)
        done["crc"] = isal_zlib.crc32(data, done["crc"])
        if done["bytes"] > info.file_size or (not data and (
                not inflater.eof or done["bytes"] != info.file_size or done["crc"] != info.CRC)):
            raise zipfile.BadZipFile(f"Bad CRC-32 or size for file {part!r}")
        return data

    yield from _read_ahead(chunk)


def _deflated_bytes(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The compressed bytes of a deflated, unencrypted part, read after its local header (the ZIP format's 30
    bytes, its name and its extra field); None for any other part, or a local header not where the directory
    says."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1 or not z.filename:
        return None
    with open(z.filename, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return None
        f.seek(info.header_offset + 30 + int.from_bytes(header[26:28], "little")
               + int.from_bytes(header[28:30], "little"))
        raw = f.read(info.compress_size)
    return raw if len(raw) == info.compress_size else None


def _read_ahead(read):
    """``read()``'s results until one is ``b""`` (yielded last), the next one read in a thread while the caller
    works on this one."""
    with ThreadPoolExecutor(1) as pool:
        data = b"-"
        ahead = pool.submit(read)
        while data:
            data = ahead.result()
            if data:
                ahead = pool.submit(read)
            yield data


def _position(ref: re.Match) -> tuple[int, int]:
    """0-based (row, column) of a match whose groups 1 and 2 are a cell reference's letters and digits."""
    return int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1


def _column_number(letters: bytes) -> int:
    """1-based number of a column's letters (``A`` 1, ``AA`` 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_part(z: zipfile.ZipFile, name: str) -> str | None:
    """The path inside the workbook of sheet ``name``'s XML, from the workbook's list of sheets and its
    relationships; ``None`` if it cannot be found so."""
    def parsed(part: str):
        info = z.getinfo(part)
        if info.file_size > MAX_INDEX_PART_BYTES:
            return None
        return ElementTree.fromstring(z.read(info))

    try:
        workbook, rels = parsed("xl/workbook.xml"), parsed("xl/_rels/workbook.xml.rels")
    except (KeyError, ElementTree.ParseError):
        return None
    if workbook is None or rels is None:
        return None
    ids = [next((v for k, v in s.attrib.items() if k.endswith("}id")), None)
           for s in workbook.iter() if s.tag.endswith("}sheet") and s.get("name") == name]
    targets = [r.get("Target") or "" for r in rels if ids and r.get("Id") == ids[0]]
    if not targets:
        return None
    target = targets[0]
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return part if part in z.namelist() else None


def _openpyxl_rows(path: Path, name: str):
    """The rows of a sheet that hold a value, read cell by cell by openpyxl's streaming parser: for a sparse
    sheet (only the cells present cost anything) or one laid out otherwise than Excel writes it. Each row's values
    reach as far right as its last cell; a formula without a saved value gives an :class:`UnsavedFormula`."""
    import openpyxl
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = UnsavedFormula("=" + (element.findtext(FORMULA_TAG) or ""))
            return cell

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(code="workbook_unreadable", file=str(path), problem=f"{type(exc).__name__}: {exc}") from exc
    rows: list[list[object]] = []
    numbers: list[int] = []
    try:
        ws = wb[name]
        with ws._get_source() as source:
            parser = Parser(source, ws._shared_strings, data_only=True, epoch=wb.epoch,
                            date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for number, cells in parser.parse():
                present = [c for c in cells if c["value"] is not None]
                if present:
                    values: list[object] = [None] * max(c["column"] for c in present)
                    for c in present:
                        values[c["column"] - 1] = c["value"]
                    rows.append(values)
                    numbers.append(number)
    except Exception as exc:  # a damaged sheet inside a readable workbook
        raise InputError(code="sheet_unreadable", file=str(path), sheet=name,
                         problem=f"{type(exc).__name__}: {exc}") from exc
    finally:
        wb.close()
    return rows, numbers, {"sheet": name}
