"""The checks of an outage log's rows (docs/spec.md §5), each a small pure function in the manner of pvanalytics:
cells (or the values parsed from them) in, a :class:`Flagged` out: the rows the check rejects and its reason
code. :func:`lqrel.events.validate_events` runs them in order; a row is rejected by the first check that flags
it (:class:`lqrel.rejects.RejectLog`), so a check need not exclude the rows an earlier one took.

A check on a column of few distinct cells (area, nature, the flags) takes those distinct cells: its mask is per
distinct cell, spread to the rows by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lqrel.parse import NOT_FOUND, Timestamps, apply_each, blank_mask, is_blank, nat_mask
from lqrel.readers import UnsavedFormula
from lqrel.vocab import normalize

#: Longest duration accepted from a duration column [h] (ten years): a guard against overflow, before the
#: ``max_duration_h`` setting (default 720 h) rejects anything longer than an outage can last.
MAX_DURATION_H = 87_840.0
#: Largest customers count taken [customers]: every whole number up to 2^53 is exact in the float sums.
MAX_CUSTOMERS = 2**53


@dataclass(frozen=True)
class Flagged:
    """What one check found: ``mask`` True for each row it rejects, ``code`` its reason (:mod:`lqrel.messages`),
    ``canon`` the canonical column named (None: the whole row), ``args`` the arguments of the message and
    ``values`` the value shown per row (None: the cell of ``canon``)."""

    mask: np.ndarray | pd.Series
    code: str
    canon: str | None = None
    args: dict = field(default_factory=dict)
    values: pd.Series | None = None


# Whole rows.

def too_many_cells(n_rows: int, positions: list[int]) -> Flagged:
    """Rows with cells beyond the header's width (``positions``: their positions)."""
    mask = np.zeros(n_rows, dtype=bool)
    mask[list(positions)] = True
    return Flagged(mask, "too_many_cells")


def blank_row(whole: pd.DataFrame, blank_of=blank_mask) -> Flagged:
    """Rows blank in every column of ``whole``; each column is tested only where all before were blank
    (``blank_of``: :func:`lqrel.parse.blank_mask`, or a cache of it for whole columns)."""
    blank = np.ones(len(whole), dtype=bool)
    for c in whole.columns:
        if blank.all():
            blank = blank_of(whole[c]).to_numpy().copy()
        elif blank.any():
            blank[blank] = blank_mask(whole[c][blank]).to_numpy()
    return Flagged(blank, "blank_row")


def unsaved_formula(cells: pd.Series, canon: str) -> Flagged:
    """Cells that are XLSX formulas whose value was never saved."""
    mask = np.fromiter((isinstance(v, UnsavedFormula) for v in cells.array), bool, len(cells))
    return Flagged(mask, "unsaved_formula", canon)


# Start and end times.

def time_partial(times: Timestamps, canon: str, which: str, done: pd.Series | None = None) -> Flagged:
    """Times without a whole date (``14:20``, ``3月5日``), but those ``done`` (completed from the start)."""
    mask = times.partial if done is None else times.partial & ~done
    return Flagged(mask, f"{which}_partial", canon)


def start_missing(times: Timestamps, canon: str) -> Flagged:
    """Starts blank (none given, and none unreadable)."""
    return Flagged(nat_mask(times.values) & ~times.bad, "start_missing", canon)


def time_unparseable(times: Timestamps, canon: str, which: str, done: pd.Series | None = None) -> Flagged:
    """Times that are not whole timestamps, but those ``done`` (completed from the start)."""
    mask = times.bad if done is None else times.bad & ~done
    return Flagged(mask, f"{which}_unparseable", canon)


def date_too_early(values: pd.Series, canon: str, name: str, earliest: pd.Timestamp) -> Flagged:
    """Times before ``earliest`` (1990-01-01); ``name``: the column's header, for the message."""
    return Flagged(values < earliest, "date_too_early", canon, {"column": name})


def date_in_future(values: pd.Series, canon: str, name: str, after_run: pd.Timestamp, run_day: str) -> Flagged:
    """Times from ``after_run`` on (the day after the run, ``run_day``)."""
    return Flagged(values >= after_run, "date_in_future", canon, {"column": name, "today": run_day})


# Durations.

def duration_non_numeric(bad: pd.Series, no_end: pd.Series, canon: str, name: str) -> Flagged:
    """Duration cells that are not numbers (``bad``) on rows without an end (``no_end``)."""
    return Flagged(bad & no_end, "duration_non_numeric", canon, {"column": name})


def duration_negative(values: pd.Series, no_end: pd.Series, canon: str, name: str) -> Flagged:
    """Durations below zero on rows without an end."""
    return Flagged((values < 0) & no_end, "duration_negative", canon, {"column": name})


def duration_over_ten_years(values: pd.Series, per_hour: float, no_end: pd.Series, canon: str,
                            name: str) -> Flagged:
    """Durations (``per_hour`` units an hour) over :data:`MAX_DURATION_H` on rows without an end."""
    return Flagged((values / per_hour > MAX_DURATION_H) & no_end, "duration_over_ten_years", canon,
                   {"column": name})


def end_and_duration_missing(start: pd.Series, no_end: np.ndarray, canon: str | None) -> Flagged:
    """Rows with a start but neither an end nor a duration (``no_end``)."""
    return Flagged(~nat_mask(start) & no_end, "end_and_duration_missing", canon)


def end_before_start(duration_h: pd.Series, canon: str | None) -> Flagged:
    """Rows whose end is before their start (a missing time is never below 0)."""
    return Flagged(duration_h < 0, "end_before_start", canon)


def duration_over_max(duration_h: pd.Series, max_h: float, canon: str | None) -> Flagged:
    """Outages longer than ``max_h`` [h] (the ``max_duration_h`` setting), shown as their hours."""
    mask = duration_h > max_h
    shown = pd.Series("", index=duration_h.index, dtype=object)
    shown[mask] = duration_h[mask].map(lambda h: f"{h:.1f} h")
    return Flagged(mask, "duration_over_max", canon, {"max_h": max_h}, shown)


# Customers interrupted (parsed by :func:`lqrel.parse.parse_numbers`: values, and the cells not numbers).

def customers_missing(values: pd.Series, bad: pd.Series) -> Flagged:
    """Blank customers cells."""
    return Flagged(values.isna() & ~bad, "customers_missing", "customers")


def customers_non_numeric(bad: pd.Series) -> Flagged:
    """Customers cells that are not numbers."""
    return Flagged(bad, "customers_non_numeric", "customers")


def customers_negative(values: pd.Series) -> Flagged:
    """Customers counts below zero."""
    return Flagged(values < 0, "customers_negative", "customers")


def customers_fractional(values: pd.Series) -> Flagged:
    """Customers counts that are not whole numbers."""
    counts = values.to_numpy()
    return Flagged(np.isfinite(counts) & (counts != np.round(counts)), "customers_fractional", "customers")


def customers_too_large(values: pd.Series) -> Flagged:
    """Customers counts over :data:`MAX_CUSTOMERS`."""
    return Flagged(values > MAX_CUSTOMERS, "customers_too_large", "customers")


# Columns of few distinct cells: masks per distinct cell.

def none_of(values: np.ndarray) -> np.ndarray:
    """True for each ``None`` among a few values."""
    return np.array([v is None for v in values], dtype=bool)


def area_blank(keys: np.ndarray, canon: str) -> Flagged:
    """Blank cells (normalised key ``""``) of the column the ``areas`` rule reads."""
    return Flagged(keys == "", "area_column_missing", canon, {"column": canon})


def area_not_listed(area: np.ndarray, keys: np.ndarray, canon: str) -> Flagged:
    """Cells (``keys``) the ``areas`` rule lists under neither area (``area`` None)."""
    return Flagged(none_of(area) & (keys != ""), "area_not_listed", canon, {"column": canon})


def area_missing(area: np.ndarray) -> Flagged:
    """Blank area cells (``area`` mapped by the area vocabulary: None)."""
    return Flagged(none_of(area) & ~(area == NOT_FOUND), "area_missing", "area")


def area_unknown(area: np.ndarray) -> Flagged:
    """Area cells the area vocabulary does not know."""
    return Flagged(area == NOT_FOUND, "area_unknown", "area")


def nature_unknown(mapped: np.ndarray, keyword: np.ndarray) -> Flagged:
    """Nature cells neither the vocabulary (``mapped``) nor a keyword (``keyword`` None) places."""
    return Flagged((mapped == NOT_FOUND) & none_of(keyword), "nature_unknown", "nature")


def flag_unknown(mapped: np.ndarray, canon: str, name: str) -> Flagged:
    """Cells of a yes/no column (``external``, ``shortage``) that are neither."""
    return Flagged(mapped == NOT_FOUND, "flag_unknown", canon, {"column": name})


def blank_key(value: object) -> str:
    """A cell's normalised text, ``""`` where blank (the keys of :func:`area_blank`)."""
    return "" if is_blank(value) else normalize(value)


def keys_of(values: np.ndarray) -> np.ndarray:
    """:func:`blank_key` of each distinct cell."""
    return apply_each(blank_key, values)
