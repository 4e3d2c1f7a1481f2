"""Cell parsers: each takes a Series of raw cells and returns typed values plus a mask of cells it could not
parse, aligned to the input (pvanalytics style: masks combine with ``&`` and ``|``).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Timestamps outside this range are rejected as unparseable.
PLAUSIBLE = (pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01"))
_PLAUSIBLE_US = tuple(np.datetime64(t, "us") for t in PLAUSIBLE)  # compared with microsecond times, no cast
#: Excel's day zero (the 1900 date system, with its leap-year bug folded in).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Plausible Excel serial day numbers (1900-01-01 .. 9999-12-31).
EXCEL_SERIAL_RANGE = (1.0, 2958466.0)

#: Text that means "no value" in exports (compared case-folded, stripped).
NA_TOKENS = frozenset({"", "na", "n/a", "nan", "nat", "null", "none", "-", "--", "—", "#n/a"})

_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)$", re.IGNORECASE)
_CHINESE_DATE = re.compile(
    r"^\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*"
    r"(?:(\d{1,2})\s*[时点:：]\s*(?:(\d{1,2})\s*分?\s*)?(?:(\d{1,2})\s*秒?)?)?\s*$"
)
#: A text date whose first field is not a four-digit year: ``05/03/2024``, ``5-3-2024 14:20`` (day or month first,
#: decided per column: :func:`column_date_order`), or a year-first ``2024/3/5``, ``2024.3.5``.
_NUMERIC_DATE = re.compile(r"^(\d{1,4})(?:[-/.]|\s+)(\d{1,2})(?:[-/.]|\s+)(\d{1,4})(?=$|[\sT])")
#: A text cell that is only a number: never an Excel serial day (docs/spec.md §5), never a date, except eight digits
#: (``20240305``, year-first).
_BARE_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
#: 上午 (a.m.) and 下午 (p.m.).
_MERIDIEM = re.compile(r"上午|下午")
#: What a text the strict date rules refuse becomes: parsed by nothing (an unparseable cell).
_REFUSED = "\x00unparseable"
#: Cells that may need a day/month order (one or two digits then a date separator), found in Arrow before the
#: exact test in Python; full-width digits and separators included (read after NFKC).
_MAYBE_DAY_MONTH = r"^\s*[0-9\x{ff10}-\x{ff19}]{1,2}[\s\x{3000}]*[-/.\x{ff0d}\x{ff0f}\x{ff0e}\s\x{3000}]"
#: The ways a column's text dates are read: year-first, day-first, month-first.
DATE_ORDERS = ("ymd", "dmy", "mdy")
#: Earliest date an outage is taken from (docs/spec.md §5: an earlier date is a typo, rejected).
EARLIEST_DATE = dt.date(1990, 1, 1)
_AMPM = re.compile(r"\b([ap])\.\s?m\.?", re.IGNORECASE)
#: Text that certainly carries a whole date (year, month and day) before anything else.
_FULL_DATE = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{8})(?!\d)")
#: Words that make a timestamp relative to the clock (never completed: docs/spec.md §5, nothing invented).
_RELATIVE = re.compile(
    r"\b(?:now|today|tonight|yesterday|tomorrow)\b|现在|今天|今日|今晚|昨天|昨日|明天|明日|前天|后天|刚才",
    re.IGNORECASE)
#: Two default moments for reading which fields a text gave: a field is given when both readings agree.
_PROBE_DEFAULTS = (dt.datetime(2000, 1, 1, 0, 0, 0), dt.datetime(2001, 2, 2, 1, 1, 1))
_DATE_FIELDS = ("year", "month", "day")
_FIELDS = ("year", "month", "day", "hour", "minute", "second")


#: Every character Python's ``str.strip`` removes.
_WHITESPACE = "".join(chr(i) for i in range(0x3001) if chr(i).isspace())
#: Characters a not-available token can be made of once case folded, plus white space: a text cell holding
#: anything else is certainly not blank, so only the few cells made of these need the exact Python test.
_TOKEN_CHARS = set("".join(NA_TOKENS))
_WHITESPACE_RE2 = "".join(f"\\x{{{ord(c):x}}}" for c in _WHITESPACE)  # RE2 syntax (Arrow)


@functools.cache
def _maybe_blank() -> tuple[str, np.ndarray]:
    """The Arrow (RE2) expression of a text made only of white space and characters a not-available token can
    be made of once case folded, and the mask of the bytes such a character ends with (UTF-8). Built on first
    use, not at import: finding the characters reads every code point up to U+2FFFF (a tenth of a second that
    every command and report kernel would pay)."""
    token = sorted(chr(i) for i in range(0x30000) if chr(i).casefold() and set(chr(i).casefold()) <= _TOKEN_CHARS)
    expression = "[" + _WHITESPACE_RE2 + "".join(f"\\x{{{ord(c):x}}}" for c in token) + "]*"
    return expression, _byte_set([*_WHITESPACE, *token])
#: Text cells in the usual export form ``YYYY-MM-DD HH:MM:SS``, which need no normalizing.
_ISO_SECONDS = r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"


def is_text_column(cells: pd.Series) -> bool:
    """True for an Arrow-backed string column (the CSV fast path), whose string methods run in Arrow."""
    return isinstance(cells.dtype, pd.StringDtype) and cells.dtype.storage == "pyarrow"


def is_typed_column(cells: pd.Series) -> bool:
    """True for a column of one typed kind (a typed Parquet file): naive timestamps, or integers or floats.
    Its cells are what the general path makes of the same Python values (a datetime, a number, NaN/NaT for an
    empty cell), so every rule runs on it as a column operation."""
    dtype = cells.dtype
    if isinstance(dtype, np.dtype):
        return dtype.kind in "iuf" or (dtype.kind == "M")
    return False


def is_coded_column(cells: pd.Series) -> bool:
    """True for a categorical column of text (a dictionary-encoded Parquet column): its codes are read as they
    are, and a rule on its cells runs once per category."""
    return isinstance(cells.dtype, pd.CategoricalDtype) and isinstance(cells.dtype.categories.dtype, pd.StringDtype)


def decoded(cells: pd.Series) -> pd.Series:
    """A coded text column (:func:`is_coded_column`) as an Arrow text column, for the parsers of times and
    numbers; any other column as it is."""
    return cells.astype(cells.dtype.categories.dtype) if is_coded_column(cells) else cells


def distinct(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The column as codes into its distinct cells: ``values[codes]`` is every cell. A column of text (outage
    logs repeat their areas, natures, causes and towns) is hashed once, a coded one not at all, and a missing
    cell is ``None`` (the last value); any other column keeps one value per cell (a number 1 and a ``True``
    stay different cells)."""
    if is_coded_column(cells):
        codes, uniques = cells.cat.codes.to_numpy(), cells.dtype.categories
    elif is_text_column(cells) or pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    else:
        return np.arange(len(cells)), cells.to_numpy(dtype=object)
    values = np.empty(len(uniques) + 1, dtype=object)  # the last slot answers code -1 (missing)
    values[:-1] = np.asarray(uniques, dtype=object)
    codes = codes.astype(np.min_scalar_type(len(uniques)))  # the smallest unsigned type: -1 wraps to the top
    codes[codes > len(uniques)] = len(uniques)
    return codes, values


def apply_each(fn, values: np.ndarray) -> np.ndarray:
    """``fn`` of each of a column's distinct values (:func:`distinct`), as an object array."""
    results = np.empty(len(values), dtype=object)
    results[:] = [fn(v) for v in values]
    return results


def per_value(cells: pd.Series, fn) -> pd.Series:
    """``fn`` of every cell, called once per distinct value of a text column (:func:`distinct`); missing text
    cells are passed as ``None``. Returns an object Series."""
    codes, values = distinct(cells)
    return pd.Series(apply_each(fn, values)[codes], index=cells.index, dtype=object)


def stripped_text(value: object) -> str:
    """A cell as stripped text, ``""`` when blank."""
    return "" if is_blank(value) else str(value).strip()


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, white space or a not-available token (:data:`NA_TOKENS`)."""
    return _cell_kind(value) == "blank"


def cell_kinds(cells: pd.Series) -> pd.Series:
    """:func:`_cell_kind` of every cell, vectorized when the column holds only text (CSV), one typed kind
    (Parquet) or nothing."""
    if is_typed_column(cells):
        kind = "datetime" if cells.dtype.kind == "M" else "number"
        return pd.Series(np.where(cells.isna().to_numpy(), "blank", kind), index=cells.index).astype(object)
    if is_text_column(cells):
        return pd.Series(np.where(_text_blank(cells), "blank", "text"), index=cells.index).astype(object)
    if is_coded_column(cells):
        return per_value(cells, _cell_kind)
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        text = cells.astype(object).where(cells.notna(), "").astype(str)
        blank = text.str.strip().str.casefold().isin(NA_TOKENS)
        return pd.Series(np.where(blank, "blank", "text"), index=cells.index, dtype=object)
    return cells.map(_cell_kind)


def text_values(cells: pd.Series, blank: pd.Series | None = None, edges: tuple | None = None) -> pd.Series:
    """Cells as stripped text, ``""`` where blank (``str`` Series); ``blank``: their :func:`blank_mask` and
    ``edges``: an Arrow text column's :func:`edge_bytes`, if known."""
    if not is_text_column(cells):
        return per_value(cells, stripped_text).astype("str")
    edges = edge_bytes(cells) if edges is None else edges
    blank = (blank_mask(cells, edges) if blank is None else blank).to_numpy(dtype=bool)
    text = cells.where(~blank, "") if blank.any() else cells.copy(deep=False)  # a clean column: no copy
    first, last, _ = edges
    maybe = np.flatnonzero(_WHITESPACE_FIRST_BYTES[first] | _WHITESPACE_LAST_BYTES[last])
    if len(maybe):  # only a text that starts or ends with a white-space byte can be padded
        edge = f"[{_WHITESPACE_RE2}]"
        part = text.iloc[maybe]
        padded = maybe[part.str.contains(f"^{edge}|{edge}$").fillna(False).to_numpy(dtype=bool)]
        if len(padded):
            text.iloc[padded] = text.iloc[padded].astype(object).map(str.strip).to_numpy()
    return text


def blank_mask(cells: pd.Series, edges: tuple | None = None) -> pd.Series:
    """True where a cell is empty: None, NaN, white space or a not-available token (:data:`NA_TOKENS`);
    ``edges``: an Arrow text column's :func:`edge_bytes`, if known."""
    if is_typed_column(cells):
        return cells.isna()
    if is_text_column(cells):
        return pd.Series(_text_blank(cells, edges), index=cells.index)
    if is_coded_column(cells):
        codes, values = distinct(cells)
        return pd.Series(np.array([is_blank(v) for v in values], dtype=bool)[codes], index=cells.index)
    return cell_kinds(cells) == "blank"


def _text_blank(cells: pd.Series, edges: tuple | None = None) -> np.ndarray:
    """:func:`is_blank` of an Arrow text column: only a text that is empty or ends with a byte that a white-space
    or not-available token character can end with may be blank; among those one Arrow regular expression
    finds the few made only of such characters, and only those are tested in Python."""
    data = cells.array.__arrow_array__()
    blank = cells.isna().to_numpy(dtype=bool, copy=True) if data.null_count else np.zeros(len(cells), dtype=bool)
    _, last, length = edge_bytes(cells) if edges is None else edges
    expression, last_bytes = _maybe_blank()
    maybe = np.flatnonzero((length == 0) | last_bytes[last])
    if len(maybe):
        part = cells.iloc[maybe] if len(maybe) < len(cells) else cells
        hits = maybe[part.str.fullmatch(expression).fillna(False).to_numpy(dtype=bool)]
        if len(hits):
            blank[hits] = per_value(cells.iloc[hits], is_blank).to_numpy(dtype=bool)
    return blank


def _byte_set(chars, at: int = -1) -> np.ndarray:
    """A 256-entry mask of the bytes that ``chars`` (UTF-8) end with (``at`` -1) or start with (``at`` 0)."""
    mask = np.zeros(256, dtype=bool)
    mask[[c.encode()[at] for c in chars]] = True
    return mask


#: Bytes a white-space character (Python's ``str.strip``) starts with, and ends with (UTF-8).
_WHITESPACE_FIRST_BYTES = _byte_set(_WHITESPACE, at=0)
_WHITESPACE_LAST_BYTES = _byte_set(_WHITESPACE)


def _text_chunks(cells: pd.Series):
    """Each chunk of an Arrow text column as its offsets and its UTF-8 bytes (numpy views of the buffers)."""
    import pyarrow as pa

    data = cells.array.__arrow_array__()
    for chunk in (data.chunks if isinstance(data, pa.ChunkedArray) else [data]):
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            chunk = chunk.cast(pa.large_string())
        _, offsets_buf, body_buf = chunk.buffers()
        wide = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buf, dtype=wide)[chunk.offset:chunk.offset + len(chunk) + 1]
        body = np.frombuffer(body_buf, dtype=np.uint8) if body_buf is not None else np.zeros(0, dtype=np.uint8)
        yield offsets, body


def edge_bytes(cells: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First and last byte (UTF-8) and byte length of each text of an Arrow text column, read from the Arrow
    buffers without copying the texts (0 for an empty or null text)."""

    parts = []
    for offsets, body in _text_chunks(cells):
        if not len(body):
            body = np.zeros(1, dtype=np.uint8)
        length = np.diff(offsets)
        empty = length == 0
        first = body[np.minimum(offsets[:-1], len(body) - 1)]
        last = body[np.clip(offsets[1:] - 1, 0, len(body) - 1)]
        first[empty] = 0
        last[empty] = 0
        parts.append((first, last, length))
    if len(parts) == 1:  # one chunk: no copy
        return parts[0]
    if not parts:
        return np.zeros(0, np.uint8), np.zeros(0, np.uint8), np.zeros(0, np.int64)
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))


def _normalize_text(text: str, order: str | None = "ymd") -> str:
    """A text date in a form the parsers read one way only: NFKC (full-width digits and separators), 上午/下午
    read as a.m./p.m., the Chinese ``2022年3月5日 14时20分`` and every numeric date (year-first, or day/month
    first in ``order``) rewritten as ``YYYY-MM-DD`` plus the rest. A numeric date that ``order`` does not read (a
    day/month date without an order, an impossible day, a two-digit year) and a bare number (not an Excel serial
    in text) become :data:`_REFUSED`."""
    s = unicodedata.normalize("NFKC", text).strip() if text else ""
    meridiem = None
    found = _MERIDIEM.search(s)
    if found:
        meridiem = "AM" if found.group() == "上午" else "PM"
        s = (s[:found.start()] + " " + s[found.end():]).strip()
    m = _CHINESE_DATE.match(s)
    if m:
        y, mo, d, h, mi, sec = m.groups()
        if meridiem is not None:
            if h is None or not 1 <= int(h) <= 12:
                return _REFUSED
            h = str(int(h) % 12 + (12 if meridiem == "PM" else 0))
        if y is None:  # no year: month/day for dateutil, which reads it as partial (never this year)
            return f"{int(mo)}/{int(d)}" + (f" {int(h):02d}:{int(mi or 0):02d}:{int(sec or 0):02d}" if h else "")
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d} {int(h or 0):02d}:{int(mi or 0):02d}:{int(sec or 0):02d}"
    if len(s) == 8 and s.isdigit():  # YYYYMMDD
        s = f"{s[:4]}-{s[4:6]}-{s[6:]}"
    elif _BARE_NUMBER.match(s):
        return _REFUSED
    m = _NUMERIC_DATE.match(s)
    if m:
        a, b, c = m.groups()
        if len(a) == 4 and len(c) <= 2:
            y, mo, d = a, b, c
        elif len(c) == 4 and len(a) <= 2 and order in ("dmy", "mdy"):
            (d, mo), y = ((a, b) if order == "dmy" else (b, a)), c
        else:
            return _REFUSED
        try:
            dt.date(int(y), int(mo), int(d))
        except ValueError:
            return _REFUSED
        s = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}" + s[m.end():]
    if meridiem is not None:
        s = f"{s} {meridiem}"
    s = _AMPM.sub(lambda mm: mm.group(1).upper() + "M", s)
    return s


def day_month_kind(text: str) -> str | None:
    """For a text date with day and month first (``05/03/2024``): ``dmy`` when only a day-first reading is
    possible (its first field above 12), ``mdy`` when only month-first is (its second field above 12), ``need``
    when both are; None for any other text (year-first, not a date, or impossible both ways)."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = _MERIDIEM.sub(" ", s).strip()
    m = _NUMERIC_DATE.match(s)
    if not m:
        return None
    a, b, c = m.groups()
    if not (len(a) <= 2 and len(c) == 4):
        return None
    first, second = int(a), int(b)
    if first > 12 and 1 <= second <= 12:
        return "dmy"
    if second > 12 and 1 <= first <= 12:
        return "mdy"
    if 1 <= first <= 12 and 1 <= second <= 12:
        return "need"
    return None


@dataclass(frozen=True)
class DateOrder:
    """How a column's text dates are read (:func:`column_date_order`).

    Attributes
    ----------
    order : str or None
        ``ymd``, ``dmy`` or ``mdy``; None when the column cannot be read one way (see ``problem``).
    problem : str or None
        ``ambiguous`` (texts need a day/month order and none settles it) or ``contradictory`` (some settle it
        day-first, others month-first); None when ``order`` is known.
    examples : dict
        Up to three texts of each kind: ``need`` (either order), ``dmy`` (day first only), ``mdy`` (month first
        only).
    """

    order: str | None
    problem: str | None
    examples: dict


def column_date_order(cells: pd.Series, setting: str | None = None) -> DateOrder:
    """The one reading of a column's text dates (docs/spec.md §5): year-first when no text needs a day/month order;
    else ``setting`` (``dmy``/``mdy``, from ``date_order``) when given; else the order the values settle (a first
    field above 12: day-first; a second field above 12: month-first); both kinds, or neither: no order (the
    caller refuses the column). Only cells not in the usual ``YYYY-MM-DD HH:MM:SS`` form are looked at."""
    texts = _order_candidates(decoded(cells))
    examples: dict[str, list[str]] = {"need": [], "dmy": [], "mdy": []}
    for text in texts:
        kind = day_month_kind(text)
        if kind is not None and len(examples[kind]) < 3:
            examples[kind].append(text.strip())
        if all(len(v) >= 3 for v in examples.values()):
            break
    if not any(examples.values()):
        return DateOrder("ymd", None, examples)
    if setting is not None:
        return DateOrder(setting, None, examples)
    if examples["dmy"] and examples["mdy"]:
        return DateOrder(None, "contradictory", examples)
    if examples["dmy"] or examples["mdy"]:
        return DateOrder("dmy" if examples["dmy"] else "mdy", None, examples)
    return DateOrder(None, "ambiguous", examples)


def _order_candidates(cells: pd.Series) -> list[str]:
    """The distinct texts of a column that may need a day/month order (:data:`_MAYBE_DAY_MONTH`); a text column's
    cells in the usual form are skipped at once."""
    if is_text_column(cells):
        part = cells[~_iso_seconds(cells)] if len(cells) else cells
        if not len(part):
            return []
        part = part[_arrow_search(part, _MAYBE_DAY_MONTH)]
        return [str(v) for v in pd.unique(part.to_numpy(dtype=object))]
    if is_typed_column(cells):
        return []
    values = pd.unique(cells.to_numpy(dtype=object))
    return [v for v in values if isinstance(v, str) and re.match(r"\s*[0-9０-９]{1,2}\s*[-/.－／．\s]", v)]


def today(timezone: str) -> dt.date:
    """The day of the run: the environment variable ``LQREL_TODAY`` (``YYYY-MM-DD``) when set, else today's date
    in ``timezone``. A date after it is in the future (a typo), rejected by the loaders."""
    given = os.environ.get("LQREL_TODAY", "").strip()
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            from lqrel.errors import InputError

            raise InputError(code="today_malformed", value=given) from None
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def _cell_kind(v: object) -> str:
    if v is None:
        return "blank"
    if isinstance(v, bool):
        return "other"
    if isinstance(v, dt.datetime | pd.Timestamp | np.datetime64):
        return "datetime"
    if isinstance(v, dt.date):
        return "date"
    if isinstance(v, dt.time):
        return "time"
    if isinstance(v, int | float | np.integer | np.floating):
        return "blank" if v != v else "number"
    if isinstance(v, str):
        return "blank" if v.strip().casefold() in NA_TOKENS else "text"
    return "other"


@dataclass(frozen=True)
class Timestamps:
    """Timestamps parsed from cells (:func:`parse_datetimes`), aligned to the input.

    Attributes
    ----------
    values : pandas.Series
        ``datetime64[us, timezone]``; NaT where blank, unparseable or partial.
    bad : pandas.Series
        True where a non-blank cell is not a whole timestamp (unparseable or partial).
    partial : pandas.Series
        True where a cell is a time or date without a whole date (``14:20``, ``2:20 p.m. March 5``, ``3月5日``)
        or relative to the clock (``now``, ``昨天``): never completed from the clock.
    given : pandas.Series or None
        For partial cells: the fields the cell gave (``{"month": 3, "day": 5, "hour": 14, ...}``), or None for
        a relative word; None elsewhere. :func:`complete_after` completes them from another moment. None
        instead of a Series when no cell was read as text outside the usual form (none can be partial).
    shifted : pandas.Series
        True where a naive local time was ambiguous or did not exist (daylight-saving change) and was
        resolved (ambiguous: the daylight-saving reading; missing: shifted forward).
    """

    values: pd.Series
    bad: pd.Series
    partial: pd.Series
    given: pd.Series | None
    shifted: pd.Series


def parse_datetimes(cells: pd.Series, timezone: str, order: str | None = None) -> Timestamps:
    """Timestamps in the local zone from cells of any type.

    Accepts datetime objects (naive ones are local), ISO and common date-time strings, strings with a UTC
    offset (converted to local time), Chinese ``2022年3月5日 14时20分``, ``a.m./p.m.`` and 上午/下午, full-width
    digits, and Excel serial day numbers from numeric cells only (a number in a text cell is unparseable). A cell
    without a whole date (year, month and day) or relative to the clock is never completed from today's date: it
    is marked ``partial`` (docs/spec.md §5). Text dates with day and month first are read in ``order`` for the whole
    column, never one way in one row and the other in another.

    Parameters
    ----------
    cells : pandas.Series
        Raw cells.
    timezone : str
        IANA zone of naive values, e.g. ``Asia/Shanghai``.
    order : str, optional
        ``ymd``, ``dmy`` or ``mdy``: how texts with day and month first are read (``ymd``: they are unparseable).
        Default: the order the column's values settle (:func:`column_date_order`), else they are unparseable.

    Returns
    -------
    Timestamps
    """
    cells = decoded(cells)
    if order is None:
        order = column_date_order(cells).order
    if is_text_column(cells):  # CSV fast path: cells in the usual form parse in Arrow, the rest as below
        naive, aware, blank, partial, given = _text_datetimes(cells, order)
    elif is_typed_column(cells) and cells.dtype.kind == "M":  # typed Parquet: the values are the timestamps
        naive = cells.astype("datetime64[us]")
        aware = given = None
        blank = naive.isna().to_numpy()
        partial = np.zeros(len(cells), dtype=bool)
    else:
        naive, aware, kinds, given = _datetimes(cells, order)
        blank, partial = (kinds == "blank").to_numpy(), (kinds == "partial").to_numpy()
        given = given.where(partial, None)
    # Outside 1900-2199 a value is a typo or a number read as a year, never an outage time.
    moments = naive.to_numpy()  # datetime64[us], a view; NaT compares False
    plausible = (moments >= _PLAUSIBLE_US[0]) & (moments < _PLAUSIBLE_US[1])
    if not (plausible | blank).all():
        naive = naive.where(plausible)
    local, shifted = localize(naive, timezone)
    if aware is not None:
        aware = aware.where((aware >= PLAUSIBLE[0].tz_localize("UTC")) & (aware < PLAUSIBLE[1].tz_localize("UTC")))
    out = local if aware is None or aware.isna().all() else local.where(aware.isna(), aware.dt.tz_convert(timezone))
    partial = pd.Series(partial, index=cells.index)
    bad = pd.Series(nat_mask(out) & ~blank, index=cells.index)
    return Timestamps(out, bad, partial, given, shifted)


def _text_datetimes(cells: pd.Series, order: str | None):
    """:func:`parse_datetimes` of an Arrow text column before the plausible range and the zone: naive and aware
    (UTC, or None) timestamps, the blank and partial masks and the fields of partial cells (or None). The cells in
    the usual form parse in Arrow, the rest one by one (:func:`_datetimes`); the parts are joined as numpy
    arrays (a masked assignment to a Series costs a pandas call each, most of a small column's time)."""
    usual = _iso_seconds(cells)
    blank = np.zeros(len(cells), dtype=bool)
    partial = np.zeros(len(cells), dtype=bool)
    if usual.all():
        return _usual_datetimes(cells), None, blank, partial, None
    rest = ~usual
    naive = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[us]")
    if usual.any():
        naive[usual] = _usual_datetimes(cells[usual]).to_numpy()
    part_naive, part_aware, kinds, part_given = _datetimes(cells[rest], order)
    naive[rest] = part_naive.to_numpy(dtype="datetime64[us]")
    aware = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[us]")  # UTC
    aware[rest] = part_aware.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    kinds = kinds.to_numpy()
    blank[rest] = kinds == "blank"
    partial[rest] = kinds == "partial"
    given = np.full(len(cells), None, dtype=object)
    given[rest] = np.where(kinds == "partial", part_given.to_numpy(), None)  # fields kept for partial cells only
    return (pd.Series(naive, index=cells.index), pd.Series(aware, index=cells.index).dt.tz_localize("UTC"), blank,
            partial, pd.Series(given, index=cells.index, dtype=object))


def nat_mask(times: pd.Series) -> np.ndarray:
    """True where a datetime Series (naive or zoned) is missing (NaT), read from its integer ticks: the
    ``isna()`` of the Series without building one."""
    return times.array.asi8 == np.iinfo(np.int64).min


def localize(naive: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series]:
    """Naive local timestamps in ``timezone``; an ambiguous or missing local time (daylight-saving change) takes
    the daylight-saving reading or is shifted forward, and is flagged in the second Series."""
    local = naive.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    shifted = pd.Series(~nat_mask(naive) & nat_mask(local), index=naive.index)
    if shifted.any():
        local[shifted] = naive[shifted].dt.tz_localize(
            timezone, ambiguous=np.ones(int(shifted.sum()), dtype=bool), nonexistent="shift_forward"
        )
    return local, shifted


def given_fields(text: str) -> dict[str, int] | None:
    """The date and time fields a text gives (``{"month": 3, "day": 5, "hour": 14, "minute": 20}``), read by
    dateutil under two different default moments (a field is given when both readings agree); None when the
    text is not a date or time at all, or is relative to the clock."""
    from dateutil import parser

    if _RELATIVE.search(text):
        return None
    try:
        readings = [parser.parse(text, default=d) for d in _PROBE_DEFAULTS]
    except (ValueError, OverflowError, parser.ParserError):
        return None
    return {f: getattr(readings[0], f) for f in _FIELDS if getattr(readings[0], f) == getattr(readings[1], f)}


def complete_after(start: pd.Timestamp, given: dict[str, int]) -> pd.Timestamp | None:
    """The first moment after ``start`` (naive local) that has the ``given`` fields; the fields the text did
    not give come from ``start``, stepping the smallest missing date field (day, then month, then year) until
    the moment is after ``start``. Times not given are 0. None when no such moment is within 400 steps."""
    missing = [f for f in ("day", "month", "year") if f not in given]
    if not missing:
        return None
    step = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}[missing[0]]
    clock = {f: given.get(f, 0) for f in ("hour", "minute", "second")}
    for k in range(400):
        base = start + k * step
        fields = {f: given.get(f, getattr(base, f)) for f in _DATE_FIELDS}
        try:
            moment = pd.Timestamp(**fields, **clock)
        except ValueError:  # 31 April, 29 February in a common year: try the next step
            continue
        if moment > start:
            return moment
    return None


#: Byte positions of ``YYYY-MM-DD HH:MM:SS`` (:data:`_ISO_SECONDS`) that hold digits, and the separators.
_ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
_ISO_SEPARATORS = {4: ord("-"), 7: ord("-"), 10: ord(" "), 13: ord(":"), 16: ord(":")}


def _iso_seconds(cells: pd.Series) -> np.ndarray:
    """True for each Arrow text cell of the form :data:`_ISO_SECONDS`. When every text is 19 bytes long (the
    usual export) its bytes are checked in place as a 19-column array; otherwise by regular expression."""
    parts = []
    for offsets, body in _text_chunks(cells) if not cells.array.__arrow_array__().null_count else []:
        if not (np.diff(offsets) == 19).all():
            parts = []
            break
        body = body[offsets[0]:offsets[-1]].reshape(-1, 19)
        digits = body[:, _ISO_DIGITS]
        usual = ((digits >= ord("0")) & (digits <= ord("9"))).all(axis=1)
        for at, byte in _ISO_SEPARATORS.items():
            usual &= body[:, at] == byte
        parts.append(usual)
    if parts:
        return np.concatenate(parts)
    return _arrow_search(cells, f"^(?:{_ISO_SECONDS})$")


def _arrow_search(cells: pd.Series, pattern: str) -> np.ndarray:
    """True where an Arrow text cell holds a match of ``pattern`` (RE2 syntax; a null cell False): Arrow's
    regular expression, as pandas' ``str.contains`` runs a pattern RE2 reads as Python would, without pandas'
    parse of the pattern at each call (a good part of a small column's time)."""
    import pyarrow.compute as pc

    found = pc.match_substring_regex(cells.array.__arrow_array__(), pattern)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def _usual_datetimes(text: pd.Series) -> pd.Series:
    """Naive timestamps of Arrow text cells all of the form ``YYYY-MM-DD HH:MM:SS``: one Arrow cast, which
    rejects impossible dates (Feb 30, 24:00, 60 s) as ``pd.to_datetime`` does; if any is impossible, pandas
    parses the column and leaves NaT there."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values = pc.cast(pa.array(text.array), pa.timestamp("us")).to_numpy(zero_copy_only=False)  # no second pass
    except pa.ArrowInvalid:
        return pd.to_datetime(text, format="ISO8601", errors="coerce").astype("datetime64[us]")
    return pd.Series(values, index=text.index)


def _datetimes(cells: pd.Series, order: str | None = "ymd") -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Naive (local) and aware (UTC) timestamps of cells of any type, the cells' kinds (``partial`` for a time
    or date without a whole date, or a relative word) and, for partial cells, the fields they gave. Numbers are
    Excel serial days; a number in a text cell is not (docs/spec.md §5). Texts with day and month first are read in
    ``order`` (:func:`_normalize_text`)."""
    kinds = cell_kinds(cells)
    given = pd.Series(None, index=cells.index, dtype=object)
    naive = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us]")
    aware = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us, UTC]")

    times = kinds == "time"  # a time-of-day cell (XLSX) without a date
    if times.any():
        kinds[times] = "partial"
        given[times] = cells[times].map(lambda t: {"hour": t.hour, "minute": t.minute, "second": t.second})
    objs = kinds.isin(["datetime", "date"])
    if objs.any():  # one zone (or none) per column; pandas makes a value in a second zone NaT
        conv = pd.to_datetime(cells[objs], errors="coerce", utc=False)
        if isinstance(conv.dtype, pd.DatetimeTZDtype):
            aware[conv.index] = conv.dt.tz_convert("UTC")
        else:
            naive[conv.index] = conv
    nums = kinds == "number"
    if nums.any():
        days = pd.to_numeric(cells[nums], errors="coerce").astype(float)
        days = days[days.between(*EXCEL_SERIAL_RANGE)]
        # whole seconds in numpy: a nanosecond timedelta ends in 2192, before the last serial day (9999-12-31)
        seconds = (days * 86400).round().to_numpy(dtype="int64").astype("timedelta64[s]")
        naive[days.index] = EXCEL_EPOCH.to_datetime64().astype("datetime64[s]") + seconds
    texts = kinds == "text"
    if texts.any():
        normalized = [_normalize_text(str(v), order) for v in cells[texts].tolist()]
        norm = pd.Series(normalized, index=cells.index[texts.to_numpy(dtype=bool)], dtype=object)
        # the patterns searched text by text, as pandas' str.contains does on Python strings, without a pandas
        # call each (most of a small column's time)
        has_offset = np.array([_OFFSET.search(t) is not None for t in normalized], dtype=bool)
        parsed_any = pd.Series(False, index=norm.index)
        for offset in (False, True):
            part = norm[has_offset == offset]
            if not len(part):
                continue
            for values in _text_times(part, offset):
                if isinstance(values.dtype, pd.DatetimeTZDtype):
                    aware[values.index] = values.dt.tz_convert("UTC")
                else:
                    naive[values.index] = values
                parsed_any[values.index] = values.notna()
        # A text without a whole date was completed by pandas from the clock (14:20 -> today, March 5 -> this
        # year, now): undo that, and keep the fields it gave.
        rest = norm[np.array([_FULL_DATE.search(t) is None for t in normalized], dtype=bool)]  # usually none
        relative = np.array([_RELATIVE.search(t) is not None for t in rest.tolist()], dtype=bool)
        unsure = rest.index[parsed_any[rest.index].to_numpy(dtype=bool) | relative]
        if len(unsure):
            fields = norm[unsure].map(given_fields)
            whole = fields.map(lambda f: f is not None and all(k in f for k in _DATE_FIELDS))
            cut = fields.index[~whole.to_numpy(dtype=bool)]
            naive[cut] = pd.NaT
            aware[cut] = pd.NaT
            kinds[cut] = "partial"
            given[cut] = fields[cut]
    return naive, aware, kinds, given


def _text_times(part: pd.Series, utc: bool) -> list[pd.Series]:
    """Timestamps of normalized texts: ISO 8601 first, any common form for the rest. Returns one Series (naive,
    or UTC with ``utc``), or, when texts the offset pattern missed (``+08``, a date with an offset) mix naive and
    aware values, one naive and one aware Series, read one text at a time."""
    try:
        parsed = pd.to_datetime(part, format="ISO8601", errors="coerce", utc=utc)
        retry = parsed.isna()
        if retry.any():
            parsed[retry] = pd.to_datetime(part[retry], format="mixed", errors="coerce", utc=utc)
        return [parsed]
    except (ValueError, TypeError):  # "Mixed timezones detected"
        one = [pd.to_datetime(pd.Series([text]), format="mixed", errors="coerce").iloc[0] for text in part]
        naive_ = [v if v is not pd.NaT and v.tzinfo is None else pd.NaT for v in one]
        aware_ = [v.tz_convert("UTC") if v is not pd.NaT and v.tzinfo is not None else pd.NaT for v in one]
        return [pd.Series(naive_, index=part.index, dtype="datetime64[us]"),
                pd.Series(aware_, index=part.index, dtype="datetime64[us, UTC]")]


def combine_date_time(dates: pd.Series, times: pd.Series) -> pd.Series:
    """Join a date cell and a time-of-day cell into one text cell (``YYYY-MM-DD HH:MM:SS``) for parsing.

    A blank time with a date leaves the date alone (midnight is not assumed: the result stays a bare date
    only when the time column is blank for that row). A blank date gives a blank cell.
    """

    def date_text(v: object) -> str | None:
        if _cell_kind(v) == "blank":
            return None
        if isinstance(v, dt.datetime | pd.Timestamp):
            return v.strftime("%Y-%m-%d")
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v).strip()

    def time_text(v: object) -> str | None:
        if _cell_kind(v) == "blank":
            return None
        if isinstance(v, dt.time):
            return v.strftime("%H:%M:%S")
        if isinstance(v, dt.datetime | pd.Timestamp):
            return v.strftime("%H:%M:%S")
        if isinstance(v, float | int) and 0 <= v < 1:  # Excel time fraction
            seconds = round(float(v) * 86400)
            return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        return str(v).strip()

    out = []
    for d, t in zip(map(date_text, dates.tolist()), map(time_text, times.tolist()), strict=True):
        if d is None:
            out.append(None)
        elif t is None:
            out.append("\x00missing time")  # unparseable on purpose: a time column exists but is blank
        else:
            out.append(f"{d} {t}")
    return pd.Series(out, index=dates.index, dtype=object)


def parse_numbers(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Floats from cells; thousands separators and surrounding spaces are allowed.

    Returns the values (NaN where blank or unparseable) and a mask of non-blank cells that are not numbers.
    """
    cells = decoded(cells)
    if is_text_column(cells):  # CSV fast path: plain digit strings convert in Arrow, the rest as below
        import pyarrow as pa
        import pyarrow.compute as pc

        data = cells.array.__arrow_array__()
        digits = pc.and_(pc.ascii_is_decimal(data), pc.less_equal(pc.binary_length(data), 15))  # [0-9]{1,15}
        digits = digits.fill_null(False).to_numpy(zero_copy_only=False)
        if digits.all():  # the usual column: one cast, no masks
            values = pc.cast(data, pa.int64()).to_numpy().astype(float)
            return pd.Series(values, index=cells.index), pd.Series(False, index=cells.index)
        values = pd.Series(np.nan, index=cells.index)
        bad = pd.Series(False, index=cells.index)
        values[digits] = cells[digits].astype("int64").astype(float)
        if (~digits).any():
            values[~digits], bad[~digits] = parse_numbers(cells[~digits].astype(object))
        return values, bad
    if is_typed_column(cells) and cells.dtype.kind in "iu":  # typed integers: Arrow gives a column with nulls
        return cells.astype(float), pd.Series(False, index=cells.index)  # as floats, so none is missing here
    if is_typed_column(cells) and cells.dtype.kind == "f":  # typed Parquet: the values are the numbers
        values = cells.astype(float)
        if not np.isfinite(values.to_numpy()).all():
            values = values.where(np.isfinite(values))
        return values, values.isna() & cells.notna()
    kinds = cell_kinds(cells)
    text = cells.astype(object).where(cells.notna(), "").astype(str)
    cleaned = text.str.strip().str.replace(r"(?<=\d),(?=\d{3}\b)", "", regex=True)
    values = pd.to_numeric(cleaned.where(kinds.isin(["number", "text"])), errors="coerce").astype(float)
    values = values.where(np.isfinite(values))
    bad = values.isna() & (kinds != "blank")
    return values, bad


def parse_durations(cells: pd.Series, per_hour: float) -> tuple[pd.Series, pd.Series]:
    """Durations in the column's unit (``per_hour`` units an hour: 60 for minutes, 1 for hours) from numbers,
    and from Excel durations: a ``[h]:mm`` cell (a timedelta) or a time-of-day cell (``02:30`` read as 2.5 h).

    Returns the values (NaN where blank or unparseable) and a mask of non-blank cells that are not durations.
    """
    def hours(v: object) -> float | None:
        if isinstance(v, dt.timedelta):
            return v.total_seconds() / 3600
        if isinstance(v, dt.time):
            return v.hour + v.minute / 60 + v.second / 3600
        return None

    clock = cells.map(hours) if cells.dtype == object else pd.Series(None, index=cells.index, dtype=object)
    timed = clock.notna()
    if not timed.any():
        return parse_numbers(cells)
    values, bad = parse_numbers(cells.where(~timed, None))
    values[timed] = clock[timed].astype(float) * per_hour
    bad[timed] = False
    return values, bad


#: In a ``values:`` mapping, the source value that stands for every value not listed.
OTHER = "*"
#: What :func:`value_mapper` answers for a non-blank value the table does not list.
NOT_FOUND = "\x00not found"


def value_mapper(table: dict[str, str]):
    """The canonical value of one cell through a normalized lookup table: ``None`` for a blank cell,
    :data:`NOT_FOUND` for a value the table does not list. A key ``"*"`` (:data:`OTHER`) maps every other
    non-blank value."""
    from lqrel.vocab import normalize

    unknown = NOT_FOUND if table.get(OTHER) is None else table[OTHER]

    def canonical(value: object) -> object:
        return None if is_blank(value) else table.get(normalize(value), unknown)

    return canonical


def map_values(cells: pd.Series, table: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Canonical values of cells through a normalized lookup table (:func:`value_mapper`); mask of non-blank
    cells not found."""
    mapped = per_value(cells, value_mapper(table))
    bad = pd.Series(mapped.to_numpy() == NOT_FOUND, index=cells.index) if len(mapped) else mapped.notna()
    return mapped.where(~bad, None), bad
