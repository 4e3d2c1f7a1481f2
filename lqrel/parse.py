"""Cell parsers: each takes a Series of raw cells and returns typed values plus a mask of cells it could not
parse, aligned to the input (pvanalytics style: masks combine with ``&`` and ``|``).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

#: Timestamps outside this range are rejected as unparseable.
PLAUSIBLE = (pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01"))
#: Excel's day zero (the 1900 date system, with its leap-year bug folded in).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Plausible Excel serial day numbers (1900-01-01 .. 9999-12-31).
EXCEL_SERIAL_RANGE = (1.0, 2958466.0)

#: Text that means "no value" in exports (compared case-folded, stripped).
NA_TOKENS = frozenset({"", "na", "n/a", "nan", "nat", "null", "none", "-", "--", "—", "#n/a"})

_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)$", re.IGNORECASE)
_CHINESE_DATE = re.compile(
    r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*"
    r"(?:(\d{1,2})\s*[时点:：]\s*(?:(\d{1,2})\s*分?\s*)?(?:(\d{1,2})\s*秒?)?)?\s*$"
)
_SERIAL = re.compile(r"^\s*\d{5}(?:\.\d+)?\s*$")
_AMPM = re.compile(r"\b([ap])\.\s?m\.?", re.IGNORECASE)


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, white space or a not-available token (:data:`NA_TOKENS`)."""
    return _cell_kind(value) == "blank"


def cell_kinds(cells: pd.Series) -> pd.Series:
    """:func:`_cell_kind` of every cell, vectorized when the column holds only text (CSV) or nothing."""
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        text = cells.astype(object).where(cells.notna(), "").astype(str)
        blank = text.str.strip().str.casefold().isin(NA_TOKENS)
        return pd.Series(np.where(blank, "blank", "text"), index=cells.index, dtype=object)
    return cells.map(_cell_kind)


def blank_mask(cells: pd.Series) -> pd.Series:
    """True where a cell is empty: None, NaN, white space or a not-available token (:data:`NA_TOKENS`)."""
    return cell_kinds(cells) == "blank"


def _normalize_text(text: str) -> str:
    s = text.strip().replace("／", "/").replace("：", ":") if text else ""
    m = _CHINESE_DATE.match(s)
    if m:
        y, mo, d, h, mi, sec = m.groups()
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d} {int(h or 0):02d}:{int(mi or 0):02d}:{int(sec or 0):02d}"
    s = _AMPM.sub(lambda mm: mm.group(1).upper() + "M", s)
    return s


def _cell_kind(v: object) -> str:
    if v is None:
        return "blank"
    if isinstance(v, bool):
        return "other"
    if isinstance(v, dt.datetime | pd.Timestamp | np.datetime64):
        return "datetime"
    if isinstance(v, dt.date):
        return "date"
    if isinstance(v, int | float | np.integer | np.floating):
        return "blank" if v != v else "number"
    if isinstance(v, str):
        return "blank" if v.strip().casefold() in NA_TOKENS else "text"
    return "other"


def parse_datetimes(cells: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Timestamps in the local zone from cells of any type.

    Accepts datetime objects (naive ones are local), ISO and common date-time strings, strings with a UTC
    offset (converted to local time), Chinese ``2022年3月5日 14时20分``, ``a.m./p.m.`` and Excel serial day
    numbers.

    Parameters
    ----------
    cells : pandas.Series
        Raw cells.
    timezone : str
        IANA zone of naive values, e.g. ``Asia/Shanghai``.

    Returns
    -------
    values : pandas.Series
        ``datetime64[us, timezone]``; NaT where blank or unparseable.
    bad : pandas.Series
        True where a non-blank cell could not be parsed.
    shifted : pandas.Series
        True where a naive local time was ambiguous or did not exist (daylight-saving change) and was
        resolved (ambiguous: the daylight-saving reading; missing: shifted forward).
    """
    kinds = cell_kinds(cells)
    # Excel serial day numbers exported as text (five digits: 1927-2173).
    serial_text = (kinds == "text") & cells.astype(object).where(kinds == "text", "").astype(str).str.match(_SERIAL)
    if serial_text.any():
        cells = cells.copy()
        cells[serial_text] = cells[serial_text].map(float)
        kinds[serial_text] = "number"
    naive = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us]")
    aware = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us, UTC]")

    objs = kinds.isin(["datetime", "date"])
    if objs.any():
        conv = pd.to_datetime(cells[objs].map(lambda v: pd.Timestamp(v)), errors="coerce", utc=False)
        for idx, value in conv.items():
            if value is pd.NaT:
                continue
            if value.tzinfo is not None:
                aware[idx] = value.tz_convert("UTC")
            else:
                naive[idx] = value
    nums = kinds == "number"
    if nums.any():
        days = pd.to_numeric(cells[nums], errors="coerce").astype(float)
        ok = days.between(*EXCEL_SERIAL_RANGE)
        naive[nums] = (EXCEL_EPOCH + pd.to_timedelta(days.where(ok) * 86400, unit="s")).dt.round("s")
    texts = kinds == "text"
    if texts.any():
        norm = cells[texts].map(lambda v: _normalize_text(str(v)))
        has_offset = norm.str.contains(_OFFSET)
        if (~has_offset).any():
            part = norm[~has_offset]
            parsed = pd.to_datetime(part, format="ISO8601", errors="coerce")
            retry = parsed.isna()
            if retry.any():
                parsed[retry] = pd.to_datetime(part[retry], format="mixed", errors="coerce")
            naive[part.index] = parsed
        if has_offset.any():
            part = norm[has_offset]
            parsed = pd.to_datetime(part, format="ISO8601", errors="coerce", utc=True)
            retry = parsed.isna()
            if retry.any():
                parsed[retry] = pd.to_datetime(part[retry], format="mixed", errors="coerce", utc=True)
            aware[part.index] = parsed

    # Outside 1900-2199 a value is a typo or a number read as a year, never an outage time.
    naive = naive.where((naive >= PLAUSIBLE[0]) & (naive < PLAUSIBLE[1]))
    aware = aware.where((aware >= PLAUSIBLE[0].tz_localize("UTC")) & (aware < PLAUSIBLE[1].tz_localize("UTC")))
    local = naive.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    shifted = naive.notna() & local.isna()
    if shifted.any():
        local[shifted] = naive[shifted].dt.tz_localize(
            timezone, ambiguous=np.ones(int(shifted.sum()), dtype=bool), nonexistent="shift_forward"
        )
    out = local.where(aware.isna(), aware.dt.tz_convert(timezone))
    bad = out.isna() & (kinds != "blank")
    return out, bad, shifted


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
    kinds = cell_kinds(cells)
    text = cells.astype(object).where(cells.notna(), "").astype(str)
    cleaned = text.str.strip().str.replace(r"(?<=\d),(?=\d{3}\b)", "", regex=True)
    values = pd.to_numeric(cleaned.where(kinds.isin(["number", "text"])), errors="coerce").astype(float)
    values = values.where(np.isfinite(values))
    bad = values.isna() & (kinds != "blank")
    return values, bad


#: In a ``values:`` mapping, the source value that stands for every value not listed.
OTHER = "*"


def map_values(cells: pd.Series, table: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Canonical values of cells through a normalized lookup table; mask of non-blank cells not found.

    A key ``"*"`` (:data:`OTHER`) in the table maps every other non-blank value.
    """
    from lqrel.vocab import normalize_series

    blank = blank_mask(cells)
    keys = normalize_series(cells.astype(object).where(~blank, ""))
    mapped = keys.map(table)
    if OTHER in table:  # "*": every other non-blank value
        mapped = mapped.where(mapped.notna() | blank, table[OTHER])
    bad = mapped.isna() & ~blank
    return mapped.astype(object).where(~blank, None), bad
