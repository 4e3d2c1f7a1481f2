"""Reading tabular files (CSV, XLSX, Parquet) into raw cells, keeping each row's number as the user sees it.

A reader returns a :class:`RawTable`: the header cells, the data cells as Python objects (strings from CSV,
typed values from Excel), and the source row numbers: the spreadsheet row for XLSX, the line number for CSV,
the 1-based record number for Parquet. Nothing is parsed or dropped here; validation happens later.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lqrel.errors import InputError
from lqrel.parse import is_blank

#: How far down a sheet the header row is searched for [rows].
HEADER_SEARCH_ROWS = 50

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass
class RawTable:
    """Cells of one table as read, before any parsing."""

    header: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    header_row: int
    encoding: str | None = None
    sheet: str | None = None


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of CSV bytes: UTF-8 with BOM, UTF-8, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"starts with a UTF-8 mark but is not UTF-8 at byte {exc.start + 3}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as UTF-8 or GB18030 (byte {exc.start})") from exc


def read_cells(path: Path, sheet: str | int | None = None) -> tuple[list[list[object]], list[int], dict]:
    """All rows of a file as lists of cells, with their row numbers and facts about the read.

    Raises
    ------
    InputError
        The file is missing, of an unknown type, or cannot be parsed at all.
    """
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected a CSV, XLSX or Parquet file")
    suffix = path.suffix.lower()
    if suffix == ".gz" and Path(path.stem).suffix.lower() in CSV_SUFFIXES:
        return _read_csv(path, compressed=True)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path)
    if suffix in CSV_SUFFIXES or suffix == "":
        return _read_csv(path)
    raise InputError(f"{path}: unknown file type '{suffix}' (expected .csv, .csv.gz, .xlsx or .parquet)")


def _read_csv(path: Path, compressed: bool = False):
    try:
        data = path.read_bytes()
        if compressed:
            data = gzip.decompress(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from exc
    except EOFError as exc:
        raise InputError(f"{path}: truncated gzip file") from exc
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: not a text file (binary content); expected CSV")
    try:
        text, encoding = decode(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc
    sample = text[:65536]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    numbers: list[int] = []
    line = 1
    try:
        for record in reader:
            rows.append(list(record))
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: malformed CSV ({exc})") from exc
    return rows, numbers, {"encoding": encoding}


def _read_xlsx(path: Path, sheet: str | int | None):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet not in names and sheet.isdigit()):
            index = int(sheet)
            if not 1 <= index <= len(names):
                raise InputError(f"{path}: no sheet number {index} (sheets: {', '.join(names)})")
            ws = wb.worksheets[index - 1]
        elif sheet in names:
            ws = wb[sheet]
        else:
            raise InputError(f"{path}: no sheet named '{sheet}' (sheets: {', '.join(names)})")
        rows: list[list[object]] = []
        numbers: list[int] = []
        for number, record in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append(list(record))
            numbers.append(number)
        return rows, numbers, {"sheet": ws.title}
    finally:
        wb.close()


def _read_parquet(path: Path):
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:
        raise InputError(f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    header = [str(c) for c in frame.columns]
    rows = [header, *frame.astype(object).where(frame.notna(), None).values.tolist()]
    return rows, list(range(0, len(frame) + 1)), {"parquet": True}


def read_table(
    path: Path,
    is_header: Callable[[list[str]], bool],
    header_row: int | None = None,
    sheet: str | int | None = None,
) -> RawTable:
    """Read a file and split it at its header row.

    Parameters
    ----------
    path : pathlib.Path
        CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX or Parquet file.
    is_header : callable
        Says whether a row of cells (as strings) is the header, i.e. holds the known columns.
    header_row : int, optional
        The header's row number as the user sees it (spreadsheet row, CSV line); found when not given.
    sheet : str or int, optional
        XLSX sheet name or 1-based number; the first sheet by default.
    """
    rows, numbers, facts = read_cells(path, sheet)
    if facts.get("parquet"):
        index = 0
    elif header_row is not None:
        if header_row not in numbers:
            raise InputError(f"{path}: header_row {header_row} is beyond the end of the file")
        index = numbers.index(header_row)
    else:
        index = None
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if is_header(["" if is_blank(c) else str(c) for c in row]):
                index = i
                break
        if index is None:
            if not any(any(not is_blank(c) for c in row) for row in rows):
                raise InputError(f"{path}: the file is empty")
            raise InputError(
                f"{path}: no header row with the expected columns in the first {HEADER_SEARCH_ROWS} rows "
                "(map your headers under 'columns:' in params.yaml, or set header_row)"
            )
    header = ["" if is_blank(c) else str(c).strip() for c in rows[index]]
    body = rows[index + 1 :]
    body_numbers = numbers[index + 1 :]
    # Trailing blank rows (Excel's formatted-but-empty rows, a final newline) are not data.
    end = len(body)
    while end and all(is_blank(c) for c in body[end - 1]):
        end -= 1
    return RawTable(
        header=header,
        rows=body[:end],
        row_numbers=body_numbers[:end],
        header_row=numbers[index],
        encoding=facts.get("encoding"),
        sheet=facts.get("sheet"),
    )
