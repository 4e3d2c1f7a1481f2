"""Reading tabular files (CSV, XLSX, Parquet) into raw cells, keeping each row's number as the user sees it.

A reader returns a :class:`RawTable`: the header cells, the data cells as Python objects (strings from CSV,
typed values from Excel), and the source row numbers: the spreadsheet row for XLSX, the line number for CSV,
the 1-based record number for Parquet. Nothing is parsed or dropped here; validation happens later.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.errors import InputError
from lqrel.messages import Phrase
from lqrel.parse import is_blank, stripped_text
from lqrel.sheets import SheetRows, read_sheet
from lqrel.sheets import UnsavedFormula as UnsavedFormula  # a sheet's cell type, where the loader meets it

#: How far down a sheet the header row is searched for [rows].
HEADER_SEARCH_ROWS = 50
#: Longest cell either CSV reader takes [characters]; a longer one is a clear error, on both readers alike.
MAX_CELL_CHARS = 8 << 20


def require_file(path: Path, kind: str = "kind_data_file") -> None:
    """Refuse anything but an existing regular file (a folder, a device such as /dev/zero, a pipe), before any
    byte is read: one clear error instead of a hang or running out of memory. ``kind``: the catalogue code of
    what the file should be, named in the error."""
    if not path.exists():
        raise InputError(code="file_not_found", file=str(path))
    if path.is_dir():
        raise InputError(code="is_folder", file=str(path), what=Phrase(kind, {}))
    if not path.is_file():
        raise InputError(code="not_regular_file", file=str(path), what=Phrase(kind, {}))


#: The files of a folder given as a source (:func:`expand_sources`), by suffix.
FOLDER_SUFFIXES = (".csv", ".xlsx", ".xls", ".parquet")
_GLOB_CHARS = ("*", "?", "[")


def expand_sources(source) -> list[Path]:
    """The files of a source of rows (``events:``, ``customers:``, ``applications:`` and the command's file
    arguments): a path, a folder (its .csv, .xlsx, .xls and .parquet files, sorted by name), a glob pattern
    (the files it matches, sorted by name) or a list or tuple of those, in the order given; each file once.

    Raises
    ------
    InputError
        A file that does not exist, an empty folder or a pattern matching nothing, naming it.
    """
    import glob

    items = list(source) if isinstance(source, list | tuple) else [source]
    out: list[Path] = []
    for item in items:
        text = str(item)
        path = Path(text)
        if any(c in text for c in _GLOB_CHARS) and not path.exists():
            found = sorted((Path(p) for p in glob.glob(text) if Path(p).is_file()), key=lambda p: (p.name, str(p)))
            if not found:
                raise InputError(code="glob_no_match", pattern=text)
            out += found
        elif path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
                           and not p.name.startswith(("~$", ".")))
            if not found:
                raise InputError(code="folder_empty", folder=text)
            out += found
        elif not path.exists():
            raise InputError(code="file_not_found", file=text)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def source_labels(paths: list[Path]) -> list[str]:
    """How each file of a source is named in row labels (``2024-03.csv:17``): its name, or its path where two
    files share a name."""
    names = [p.name for p in paths]
    return [str(p) if names.count(p.name) > 1 else p.name for p in paths]


CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass
class RawTable:
    """Cells of one table as read, before any parsing."""

    header: list[str]
    rows: list[list[object]]
    #: Source row numbers (a list, or an int64 array on the fast paths).
    row_numbers: list[int] | np.ndarray
    header_row: int
    encoding: str | None = None
    sheet: str | None = None
    #: The data cells as Arrow-backed text columns (``0 .. width-1``) instead of ``rows``: the CSV fast path.
    columns: pd.DataFrame | None = None
    #: SHA-256 of the file's bytes when the reader had them in hand (the fast path), else ``None``.
    sha256: str | None = None
    #: A large Parquet file's cells in batches of row groups (:class:`ParquetBatches`), instead of ``columns``.
    batches: ParquetBatches | None = None

    def cells(self) -> tuple[pd.DataFrame, list[int]]:
        """The data cells as a frame with columns ``0 .. width-1`` (short rows padded with ``None``), and the
        positions of rows with non-blank cells beyond the header's width."""
        if self.columns is None and self.batches is not None:  # the whole file at once
            self.columns = pd.concat([cells for cells, _ in self.batches], ignore_index=True)
        if self.columns is not None:
            return self.columns, []
        width = len(self.header)
        if self.sheet is not None and self.rows:  # a sheet: typed columns where its cells allow
            return _sheet_cells(self.rows, width)
        frame = pd.DataFrame([list(r[:width]) + [None] * (width - len(r)) for r in self.rows],
                             columns=range(width), dtype=object)
        if not len(frame):
            frame = pd.DataFrame(columns=range(width), dtype=object)
        extra = [i for i, r in enumerate(self.rows) if any(not is_blank(c) for c in r[width:])]
        return frame, extra


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _hex_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, file: str = "") -> tuple[str, str]:
    """Text and encoding name of CSV bytes (of ``file``, for the error): UTF-8 with BOM, UTF-8, else GB18030 (a
    superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(code="bom_not_utf8", file=file, byte=exc.start + 3) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(code="cannot_decode", file=file, byte=exc.start) from exc


def read_cells(path: Path, sheet: str | int | None = None) -> tuple[list[list[object]], list[int], dict]:
    """All rows of a file as lists of cells, with their row numbers and facts about the read.

    Raises
    ------
    InputError
        The file is missing, of an unknown type, or cannot be parsed at all.
    """
    require_file(path)
    suffix = path.suffix.lower()
    if suffix == ".gz" and Path(path.stem).suffix.lower() in CSV_SUFFIXES:
        return _read_csv(path, compressed=True)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path)
    if suffix in CSV_SUFFIXES or suffix == "":
        return _read_csv(path)
    raise InputError(code="unknown_file_type", file=str(path), suffix=suffix)


def _csv_text(path: Path, compressed: bool) -> tuple[str, str, str]:
    """A CSV file's text, encoding and delimiter (tab when the start has more tabs than commas)."""
    try:
        data = path.read_bytes()
        if compressed:
            data = gzip.decompress(data)
    except OSError as exc:
        raise InputError(code="cannot_read_file", file=str(path),
                         problem=str(getattr(exc, "strerror", None) or exc)) from exc
    except EOFError as exc:
        raise InputError(code="truncated_gzip", file=str(path)) from exc
    if b"\x00" in data[:4096]:
        raise InputError(code="not_text_file", file=str(path))
    text, encoding = decode(data, str(path))
    sample = text[:65536]
    return text, encoding, "\t" if sample.count("\t") > sample.count(",") else ","


def _read_csv(path: Path, compressed: bool = False):
    """Every record of a CSV file. Lines end at LF or CR LF; a CR alone is data inside its cell (a bare CR once
    split one event into two rows). Cells up to :data:`MAX_CELL_CHARS`, as on the fast path."""
    text, encoding, delimiter = _csv_text(path, compressed)
    lone_cr = "\r" in text and text.count("\r") != text.count("\r\n")
    if lone_cr:  # hide a CR that ends no line from the csv module, which would end the record there
        mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
        text = re.sub(r"\r(?!\n)", mark, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    numbers: list[int] = []
    line = 1
    limit = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        for record in reader:
            rows.append([cell.replace(mark, "\r") for cell in record] if lone_cr else list(record))
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(code="malformed_csv", file=str(path), line=reader.line_num, problem=str(exc)) from exc
    finally:
        csv.field_size_limit(limit)
    return rows, numbers, {"encoding": encoding}


def _read_xlsx(path: Path, sheet: str | int | None):
    """The rows of one sheet that hold at least one value, with their spreadsheet row numbers
    (:func:`lqrel.sheets.read_sheet`: typed cells, bounded against sparse and oversized sheets; a formula without
    a saved value gives an :class:`UnsavedFormula`)."""
    return read_sheet(path, sheet)


def _read_parquet(path: Path):
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:
        raise InputError(code="parquet_unreadable", file=str(path), problem=f"{type(exc).__name__}: {exc}") from exc
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
    fast = _read_csv_columns(path, is_header, header_row) or _read_parquet_columns(path)
    if fast is not None:
        return fast
    rows, numbers, facts = read_cells(path, sheet)
    index = 0 if facts.get("parquet") else _header_index(path, rows, numbers, is_header, header_row)
    header = [stripped_text(c) for c in rows[index]]
    body = rows[index + 1 :]
    body_numbers = numbers[index + 1 :]
    # Trailing empty lines (no cell at all) are not rows; a trailing line of separators (",,,") is one, and is
    # counted as a blank row like any other.
    end = len(body)
    while end and not body[end - 1]:
        end -= 1
    return RawTable(
        header=header,
        rows=body[:end],
        row_numbers=body_numbers[:end],
        header_row=numbers[index],
        encoding=facts.get("encoding"),
        sheet=facts.get("sheet"),
    )


def _header_index(path: Path, rows: list[list[object]], numbers: list[int], is_header, header_row: int | None):
    """Position of the header in ``rows``: the given row number, else the first row ``is_header`` accepts."""
    if header_row is not None:
        if header_row not in numbers:
            raise InputError(code="header_row_beyond_end", file=str(path), row=header_row)
        return numbers.index(header_row)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_header(["" if is_blank(c) else str(c) for c in row]):
            return i
    if not any(any(not is_blank(c) for c in row) for row in rows):
        raise InputError(code="file_empty", file=str(path))
    raise HeaderNotFound(code="no_header", file=str(path), rows=HEADER_SEARCH_ROWS,
                         likely=_likely_header(rows[:HEADER_SEARCH_ROWS]))


class HeaderNotFound(InputError):
    """No row among the first :data:`HEADER_SEARCH_ROWS` holds the expected columns. ``likely`` is the row that
    looks most like a header (the most cells of words rather than numbers or dates), for the loader to say which
    headers it found and which setting maps them."""

    def __init__(self, *, likely: list[str], **fields):
        super().__init__(**fields)
        self.likely = likely


_NOT_A_WORD = re.compile(r"[\d\s:./\-+年月日时分秒]*")


def _likely_header(rows: list[list[object]]) -> list[str]:
    """The cells (as text) of the first row with the most cells of words (:class:`HeaderNotFound`)."""
    def words(row: list[object]) -> int:
        return sum(isinstance(c, str) and not is_blank(c) and not _NOT_A_WORD.fullmatch(c.strip()) for c in row)

    best = max(rows, key=words, default=[])
    return [stripped_text(c) for c in best]


def _read_csv_columns(path: Path, is_header, header_row: int | None) -> RawTable | None:
    """The fast path for the usual export: a CSV without blank lines or ragged rows, whose quotes (if any) each
    enclose a whole cell on one line (:func:`_whole_cell_quotes`: an export that quotes every cell), parsed (and
    decoded) by ``pyarrow.csv`` into Arrow text columns. Each line is then one record whose cells are the line
    split at the delimiter outside quotes, exactly what :mod:`csv` reads, so row numbers are line numbers; the
    encoding and delimiter are chosen as :func:`_csv_text` chooses them. ``None`` for any other file, which
    :func:`read_cells` reads instead (and explains, when it cannot).
    """
    suffix = path.suffix.lower()
    compressed = suffix == ".gz" and Path(path.stem).suffix.lower() in CSV_SUFFIXES
    if not (compressed or suffix in CSV_SUFFIXES or suffix == "") or not path.is_file():
        return None
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if compressed else raw
    except (OSError, EOFError):
        return None
    table, digest = _hashed_beside(raw, _csv_columns, data, path, is_header, header_row)
    if table is not None:
        table.sha256 = digest
    return table


def _csv_columns(data: bytes, path: Path, is_header, header_row: int | None) -> RawTable | None:
    """:func:`_read_csv_columns` of the file's (decompressed) bytes, without its hash."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    # 0x0A, 0x0D and 0x22 are never part of a multi-byte character in UTF-8 or GB18030: bytes tell lines and quotes.
    if b"\x00" in data[:4096] or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    quoted = b'"' in data
    end = len(data) - (2 if data.endswith(b"\r\n") else 1 if data.endswith(b"\n") else 0)
    head_end = data.rfind(b"\n", bom, bom + (1 << 20)) if end > bom + (1 << 20) else end
    try:
        head_text, encoding = data[bom:head_end].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        if bom:
            return None
        try:
            head_text, encoding = data[:head_end].decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            return None
    if len(head_text) < 65536 and head_end < end:
        return None  # too few characters to choose the delimiter as _csv_text does
    sample = head_text[:65536]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    if quoted and not _whole_cell_quotes(data, bom, ord(delimiter)):
        return None
    lines = head_text.split("\n", HEADER_SEARCH_ROWS + 1)
    if len(lines) <= HEADER_SEARCH_ROWS and head_end < end:
        return None
    head = [next(csv.reader([line.removesuffix("\r")], delimiter=delimiter), []) if quoted
            else line.removesuffix("\r").split(delimiter) for line in lines[:HEADER_SEARCH_ROWS + 1]]
    try:
        index = _header_index(path, head, list(range(1, len(head) + 1)), is_header, header_row)
    except InputError:
        return None
    header = [stripped_text(c) for c in head[index]]
    body_at = bom
    for _ in range(index + 1):
        body_at = data.find(b"\n", body_at, end) + 1
        if body_at == 0:
            return None  # no data rows after the header
    if len(header) < 2 or body_at >= end or _has_empty_line(data, bom, body_at):
        return None
    columns = _arrow_text_columns(memoryview(data)[body_at:end], encoding, delimiter, len(header), quoted)
    # Arrow reads an empty line as a row of empty cells: only when a first cell is empty are the bytes searched.
    if columns is None or ((columns[0].str.len() == 0).any() and _has_empty_line(data, body_at - 1, end)):
        return None
    rows = len(columns)  # every line is a row: a line of separators only is a blank row, counted
    return RawTable(header=header, rows=[], row_numbers=np.arange(index + 2, index + 2 + rows, dtype="int64"),
                    header_row=index + 1, encoding=encoding, columns=columns)


#: A Parquet file of at least this many rows in several row groups is validated a batch of row groups at a time
#: (:attr:`RawTable.batches`): the whole file's cells never sit in memory at once.
BATCHED_ROWS_FROM = 2_000_000
#: Rows per batch (whole row groups, at least one).
BATCH_ROWS = 1_000_000


def _read_parquet_columns(path: Path) -> RawTable | None:
    """Parquet on the fast path: text columns become Arrow text columns (or codes, :func:`_dictionary_columns`)
    and naive timestamp, integer and float columns stay typed (:func:`_parquet_column`), so their rules run as
    column operations; any other column (booleans, dates, zoned timestamps) keeps its Python cells, as
    :func:`read_cells` gives them. The pandas index columns are dropped, as :func:`pandas.read_parquet` drops
    them. A large file in several row groups (:data:`BATCHED_ROWS_FROM`) is given as batches. ``None`` when the
    file is not a readable Parquet file with rows."""
    import pyarrow.parquet as pq

    if path.suffix.lower() not in PARQUET_SUFFIXES or not path.is_file():
        return None
    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - read_cells names the failure
        return None
    if meta.num_rows >= BATCHED_ROWS_FROM and meta.num_row_groups > 1:
        return _parquet_batches(path, meta)
    try:
        raw = path.read_bytes()  # read once: parsed and hashed from memory
    except OSError:
        return None
    table, digest = _hashed_beside(raw, _arrow_table, raw, meta)
    del raw  # the file's bytes are not needed beside the table
    if table is None:
        return None
    table = _without_index(table)
    if table.num_rows == 0 or table.num_columns < 2:
        return None
    return RawTable(header=[stripped_text(c) for c in table.column_names], rows=[],
                    row_numbers=np.arange(1, table.num_rows + 1, dtype="int64"), header_row=0,
                    columns=_parquet_cells(table), sha256=digest)


def _arrow_table(raw: bytes, meta):
    """The Arrow table of a Parquet file's bytes (text columns with a small dictionary as codes), or ``None``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(pa.BufferReader(raw), read_dictionary=_dictionary_columns(meta))
    except Exception:  # noqa: BLE001 - read_cells names the failure
        return None


def _hashed_beside(raw: bytes, parse, *args):
    """``parse(*args)`` while the file's bytes are hashed on a thread (hashlib frees the GIL): what it gives,
    and the SHA-256 of the bytes."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        hashing = pool.submit(_hex_sha256, raw)
        return parse(*args), hashing.result()


def _has_empty_line(data: bytes, start: int, end: int) -> bool:
    """True if ``data[start:end]`` holds an empty line (two line ends in a row)."""
    return data.find(b"\n\n", start, end) >= 0 or (b"\r" in data and data.find(b"\n\r\n", start, end) >= 0)


def _without_index(table):
    """The table without the pandas index columns its writer stored."""
    index = (table.schema.pandas_metadata or {}).get("index_columns", [])
    return table.drop_columns([c for c in index if isinstance(c, str) and c in table.column_names])


def _parquet_cells(table) -> pd.DataFrame:
    """The cells of an Arrow table as the fast path gives them: columns ``0 .. width-1``."""
    columns = {}
    for i, name in enumerate(table.column_names):
        text = _parquet_column(table.column(name))
        if text is None:
            cells = table.select([name]).to_pandas()[name]
            text = cells.astype(object).where(cells.notna(), None)
        columns[i] = text
    return pd.DataFrame(columns, copy=False)


@dataclass
class ParquetBatches:
    """A large Parquet file read a batch of row groups at a time, and its cells read again by position."""

    path: Path
    #: The file's columns (without the pandas index).
    names: list[str]
    #: Row groups of each batch.
    groups: list[list[int]]
    #: First row (0-based) of each row group, and the number of rows after the last.
    starts: np.ndarray
    #: Text columns read as codes.
    coded: list[str]
    #: SHA-256 of the file's bytes, once the batches have been read through.
    sha256: str | None = None

    def __iter__(self):
        """``(cells, row_numbers)`` of each batch, as :meth:`RawTable.cells` gives the whole file's. The next batch
        is read, and the file hashed (:attr:`sha256`), on a thread while the caller works on this one (Arrow and
        hashlib free the GIL)."""
        from concurrent.futures import ThreadPoolExecutor

        import pyarrow.parquet as pq

        source = pq.ParquetFile(self.path, read_dictionary=self.coded)

        def read(groups: list[int]) -> tuple[pd.DataFrame, np.ndarray]:
            table = _without_index(source.read_row_groups(groups))
            first = int(self.starts[groups[0]]) + 1
            return _parquet_cells(table), np.arange(first, first + table.num_rows, dtype="int64")

        with ThreadPoolExecutor(2) as pool:  # one reads, one hashes: the second batch waits for no hashing
            ahead = pool.submit(read, self.groups[0])
            hashing = pool.submit(sha256, self.path)
            for k in range(len(self.groups)):
                batch = ahead.result()
                if k + 1 < len(self.groups):
                    ahead = pool.submit(read, self.groups[k + 1])
                yield batch
                del batch
            self.sha256 = hashing.result()

    def column(self, column: int) -> pd.Series:
        """All the cells of one column (``0 .. width-1``), as the batches give them: for a decision on the whole
        column (the day/month order of its text dates) before the batches are validated."""
        import pyarrow.parquet as pq

        table = pq.ParquetFile(self.path, read_dictionary=self.coded).read(columns=[self.names[column]])
        return _parquet_cells(table)[0]

    def column_at(self, column: int, positions: np.ndarray) -> pd.Series:
        """Cells of one column (``0 .. width-1``) at file positions (0-based), as the batches give them; only the
        row groups that hold those positions are read."""
        import pyarrow.parquet as pq

        group_of = np.searchsorted(self.starts, positions, side="right") - 1
        groups = np.unique(group_of)
        table = pq.ParquetFile(self.path, read_dictionary=self.coded).read_row_groups(
            groups.tolist(), columns=[self.names[column]])
        read_before = np.cumsum(np.diff(self.starts)[groups]) - np.diff(self.starts)[groups]  # rows read earlier
        within = positions - self.starts[group_of] + read_before[np.searchsorted(groups, group_of)]
        return _parquet_cells(table.take(within))[0].set_axis(range(len(positions)))


def _parquet_batches(path: Path, meta) -> RawTable | None:
    import pyarrow.parquet as pq

    names = _without_index(pq.ParquetFile(path).schema_arrow.empty_table()).column_names
    if len(names) < 2:
        return None
    sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
    groups, batch, rows = [], [], 0
    for g, size in enumerate(sizes):
        batch.append(g)
        rows += size
        if rows >= BATCH_ROWS:
            groups.append(batch)
            batch, rows = [], 0
    if batch:
        groups.append(batch)
    header = [stripped_text(c) for c in names]
    batches = ParquetBatches(path, names, groups, np.concatenate([[0], np.cumsum(sizes)]),
                             _dictionary_columns(meta))
    return RawTable(header=header, rows=[], row_numbers=np.arange(1, meta.num_rows + 1, dtype="int64"),
                    header_row=0, batches=batches)


#: A text column whose dictionary page is at most this large in every row group is read with its codes: a
#: column of few distinct texts (areas, natures, towns), not one of ids (whose dictionary overflows).
DICTIONARY_PAGE_MAX_BYTES = 64 << 10


def _dictionary_columns(metadata) -> list[str]:
    """The text columns of a Parquet file stored with a small dictionary in every row group
    (:data:`DICTIONARY_PAGE_MAX_BYTES`)."""
    names = []
    for i in range(metadata.num_columns):
        chunks = [metadata.row_group(g).column(i) for g in range(metadata.num_row_groups)]
        if chunks and all(
            c.physical_type == "BYTE_ARRAY" and c.has_dictionary_page and c.dictionary_page_offset is not None
            and 0 < c.data_page_offset - c.dictionary_page_offset <= DICTIONARY_PAGE_MAX_BYTES
            for c in chunks
        ):
            names.append(chunks[0].path_in_schema)
    return names


def _parquet_column(column) -> pd.Series | None:
    """A Parquet column for the fast path: naive timestamps (second, milli- or microsecond) as ``datetime64``
    and integers and floats as numbers, typed, as the general path would read their cells (a null is NaT or
    NaN, an empty cell); text as Arrow text cells (a null is an empty cell). ``None`` for any other type
    (booleans, dates, zoned or nanosecond timestamps) or a text cell longer than :data:`MAX_CELL_CHARS`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_dictionary(kind) and _is_text_type(kind.value_type):  # few distinct texts: kept as codes
        cells = column.to_pandas()
        return _coded_cells(cells.cat.codes.to_numpy(), cells.cat.categories)
    if pa.types.is_dictionary(kind):
        column, kind = column.cast(kind.value_type), kind.value_type
    if pa.types.is_timestamp(kind) and kind.tz is None and kind.unit in ("s", "ms", "us"):
        return column.to_pandas()
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return column.to_pandas()
    if not _is_text_type(kind):
        return None
    return _text_cells(column if pa.types.is_large_string(kind) else pc.cast(column, pa.large_string()))


def _text_cells(text) -> pd.Series | None:
    """An Arrow large-string column as the fast paths' text cells (:func:`lqrel.parse.is_text_column`; a missing
    cell is ``""``), or ``None`` when a cell is longer than :data:`MAX_CELL_CHARS` (the general reader's case)."""
    if _has_long_text(text):
        return None
    return (text.fill_null("") if text.null_count else text).to_pandas()


def _coded_cells(codes: np.ndarray, texts) -> pd.Series | None:
    """Cells given as codes into their distinct texts (``-1``: a missing cell) as the fast paths' coded cells, a
    categorical of ``str`` categories; two codes of one text become one. ``None`` when a text is longer than
    :data:`MAX_CELL_CHARS` (the general reader's case)."""
    categories = pd.Index(texts, dtype="str")
    if len(categories) and categories.str.len().max() > MAX_CELL_CHARS:
        return None
    if not categories.is_unique:
        merged, categories = pd.factorize(categories)
        codes = np.where(codes < 0, -1, merged[codes])
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories))


def _sheet_cells(rows: list, width: int) -> tuple[pd.DataFrame, list[int]]:
    """:meth:`RawTable.cells` of a sheet's rows, read a column at a time (:func:`_sheet_column`): rows shorter
    than the header padded with ``None``, and the positions of rows with a value beyond the header's width."""
    typed = (rows.typed_columns() if isinstance(rows, SheetRows)
             else [(column, None) for column in itertools.zip_longest(*rows)])
    beyond = {i for column, _ in typed[width:] for i, c in enumerate(column) if c is not None and not is_blank(c)}
    typed += [((None,) * len(rows), {type(None)})] * (width - len(typed))
    return pd.DataFrame({j: _sheet_column(*typed[j]) for j in range(width)}, copy=False), sorted(beyond)


#: The kinds of cell (besides empty) a sheet's column may hold to be typed, and the type it then takes.
_TYPED_SHEET_KINDS = {frozenset({int}): "int64", frozenset({float}): "float64", frozenset({int, float}): "float64",
                      frozenset({dt.datetime}): "datetime64[us]"}


def _sheet_column(cells: tuple, kinds: set | None = None) -> pd.Series:
    """One column of a sheet's cells, typed where its cells allow, as the fast paths give them, so its rules run as
    column operations: text alone (and empty cells) as an Arrow text column, an empty cell ``""``, as the CSV
    fast path gives it (:func:`lqrel.parse.is_text_column`); naive date-times alone (no empty cell) as
    ``datetime64``; whole numbers alone as ``int64``, numbers with a fraction (and empty
    cells) as ``float64``, an empty cell ``NaN``, as a typed Parquet column (:func:`lqrel.parse.is_typed_column`).
    A column with anything else (text beside numbers, times, booleans), whole numbers beside empty cells, or a cell
    over :data:`MAX_CELL_CHARS` keeps its Python cells (:func:`_python_cells`). ``kinds``: the set of the cells'
    types, if known."""
    import pyarrow as pa

    kinds = set(map(type, cells)) if kinds is None else set(kinds)
    blank = type(None) in kinds
    kinds.discard(type(None))
    if kinds == {str}:
        text = _text_cells(pa.chunked_array([pa.array(cells, pa.large_string())]))
        if text is not None:
            return text
    typed = _TYPED_SHEET_KINDS.get(frozenset(kinds))
    if typed == "datetime64[us]" and not blank:  # naive (no reader gives a sheet's date-times a zone); an empty
        # cell stays a Python column: NaT is not a blank to every rule written for cells (a date beside a time)
        return pd.Series(pd.to_datetime(np.array(cells, dtype=object)).as_unit("us"))
    if typed in ("int64", "float64") and not (typed == "int64" and blank):
        try:
            return pd.Series(np.array(cells, dtype="float64" if blank else typed))
        except OverflowError:  # a whole number beyond int64 (a program's file)
            pass
    return _python_cells(cells)


def _python_cells(cells: tuple) -> pd.Series:
    """A sheet's column kept as its Python cells."""
    return pd.Series(np.array(cells, dtype=object), dtype=object)


def _has_long_text(text) -> bool:
    """True if an Arrow text column has a cell longer than :data:`MAX_CELL_CHARS` characters; the characters
    are counted only when the bytes (never fewer) are over the limit."""
    import pyarrow.compute as pc

    def longest(measure) -> int:
        return (pc.max(measure(text)).as_py() or 0) if len(text) else 0

    return longest(pc.binary_length) > MAX_CELL_CHARS and longest(pc.utf8_length) > MAX_CELL_CHARS


def _is_text_type(kind) -> bool:
    import pyarrow as pa

    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)


def _whole_cell_quotes(data: bytes, start: int, delimiter: int) -> bool:
    """True when every double quote after ``start`` encloses a whole cell on one line, which :mod:`csv` and Arrow
    read alike: an opening quote starts a cell (at the start, after the delimiter or a line break), the next quote
    closes it and ends the cell (before the delimiter, a line break or the end), so no quote is inside a cell and
    every line break is outside the quotes. A quote doubled inside a cell, a quote within unquoted text or a cell
    over two lines: False (the :mod:`csv` reader reads such a file)."""
    body = np.frombuffer(data, dtype=np.uint8)[start:]
    at = np.flatnonzero(body == ord('"'))
    if len(at) % 2:
        return False
    opening, closing = at[0::2], at[1::2]
    before = body[np.maximum(opening - 1, 0)]
    after = body[np.minimum(closing + 1, len(body) - 1)]
    starts = (opening == 0) | (before == delimiter) | (before == ord("\n"))
    ends = (closing == len(body) - 1) | (after == delimiter) | (after == ord("\n")) | (after == ord("\r"))
    breaks = np.flatnonzero(body == ord("\n"))
    return bool(starts.all() and ends.all() and (np.searchsorted(at, breaks) % 2 == 0).all())


def _arrow_text_columns(body, encoding: str, delimiter: str, width: int, quoted: bool = False,
                        transcode: bool = False) -> pd.DataFrame | None:
    """Lines of ``width`` cells split at ``delimiter`` as Arrow text columns (``quoted``: a cell may be enclosed
    in double quotes, :func:`_whole_cell_quotes`); ``None`` if a line has another number of cells or the bytes are
    not text in ``encoding``. A GB18030 file is split into cells as bytes (no delimiter, quote or line break is
    part of a GB18030 character) and decoded a column at a time (:func:`_decoded_cells`), unless ``transcode``:
    decoding the whole file first took most of the time of reading it."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(width)]
    by_column = "utf" not in encoding and not transcode
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(column_names=names,
                                           encoding="utf8" if by_column or "utf" in encoding else encoding),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"' if quoted else False,
                                             double_quote=quoted,
                                             escape_char=False, newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_binary() if by_column else pa.large_string() for n in names},
                null_values=[], strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if by_column:
        columns = [_decoded_cells(table.column(n), encoding) for n in names]
        if any(c is _VARIED for c in columns):
            del table, columns
            return _arrow_text_columns(body, encoding, delimiter, width, quoted, transcode=True)
    else:
        columns = [_text_cells(table.column(n)) for n in names]
    if any(c is None for c in columns):
        return None  # the general reader refuses it with the line, as it would without this path
    return pd.DataFrame(dict(enumerate(columns)))


#: A GB18030 column with more distinct non-ASCII cells than this is not decoded cell by cell: the whole file is
#: decoded instead (:func:`_arrow_text_columns`), which is then quicker.
DECODED_DISTINCT_MAX = 1 << 16
#: :func:`_decoded_cells` of a column with more distinct cells than :data:`DECODED_DISTINCT_MAX`.
_VARIED = object()


def _decoded_cells(column, encoding: str):
    """A column of a GB18030 file read as bytes, as the fast path's text cells. Bytes below 0x80 are ASCII in
    GB18030: a column of them (ids, times, counts) is its own text. Any other column (areas, towns, natures,
    causes: few distinct cells) is decoded once per distinct cell, as categories (:func:`_coded_cells`). ``None``
    when a cell is not text in ``encoding`` or is longer than :data:`MAX_CELL_CHARS`; :data:`_VARIED` when the
    column has more distinct cells than :data:`DECODED_DISTINCT_MAX`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.chunked_array([c.view(pa.large_string()) for c in column.chunks], pa.large_string())
    if pc.all(pc.string_is_ascii(text)).as_py() is not False:  # True, or None: no cells
        return _text_cells(text)
    coded = pc.dictionary_encode(column.combine_chunks())
    if len(coded.dictionary) > DECODED_DISTINCT_MAX:
        return _VARIED
    try:
        texts = [cell.decode(encoding) for cell in coded.dictionary.to_pylist()]
    except UnicodeDecodeError:
        return None
    return _coded_cells(coded.indices.to_numpy(), texts)
