"""Data coverage: the local dates an outage log speaks for (docs/spec.md §5a).

A log cannot prove by itself that it is complete: a quiet December and a log exported in June look the same.
Each loaded log therefore has a coverage ``[from, through]`` (local calendar dates, both included), declared
(``coverage: {from, through}`` in params.yaml, ``--data-through`` on the command line) or else inferred at month
granularity: the longest stretch of months (ties: the latest) that contains no run of ``coverage_gap_months`` or
more months without any event start, and no calendar year without events; from the first day of its first month
to the last day of its last month. A stray row (a mistyped year) therefore cannot stretch the coverage. Rows
outside the coverage stay in the log and are named (:func:`outside`): ``gap`` (cut off by a run of empty months),
``after_through`` (after a declared end), ``before_from`` (before a declared start). A verdict needs its whole year
covered; every output states the coverage and whether it was inferred.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lqrel.errors import DataError
from lqrel.messages import Phrase, text
from lqrel.periods import Period, year_period


@dataclass(frozen=True)
class Coverage:
    """Local dates ``[first, through]`` the data speak for.

    Attributes
    ----------
    first, through : datetime.date
        First and last day covered (both included).
    first_inferred, through_inferred : bool
        Whether each bound was inferred from the events (month granularity) rather than declared.
    timezone : str
        Zone of the local dates.
    what : str
        What the bounds were inferred from (``events``, ``applications``), for :meth:`describe`.
    due : datetime.date or None
        The scheduled run's data cut-off (``lqrel report --due``: the day its data stop) when ``through`` was not
        declared: events after it are later than the run's data, not after a declared end. ``through`` is this
        day when the cut-off made it (:attr:`through_due`).
    """

    first: dt.date
    through: dt.date
    first_inferred: bool
    through_inferred: bool
    timezone: str = "Asia/Shanghai"
    what: str = "events"
    due: dt.date | None = None

    @property
    def through_due(self) -> bool:
        """True when ``through`` is the scheduled run's data cut-off (:attr:`due`), not inferred or declared."""
        return self.due is not None and self.through == self.due

    @property
    def inferred(self) -> bool:
        """True when either bound was inferred."""
        return self.first_inferred or self.through_inferred

    @property
    def start(self) -> pd.Timestamp:
        """First covered moment (local midnight of ``first``)."""
        return pd.Timestamp(self.first).tz_localize(self.timezone)

    @property
    def end(self) -> pd.Timestamp:
        """First moment after the coverage (local midnight after ``through``)."""
        return pd.Timestamp(self.through + dt.timedelta(days=1)).tz_localize(self.timezone)

    @property
    def last_month(self) -> pd.Period:
        """The month of ``through``."""
        return pd.Period(self.through, freq="M")

    def covers(self, period: Period) -> bool:
        """True when the whole period lies inside the coverage."""
        return self.start <= period.start and period.end <= self.end

    def covers_year(self, year: int) -> bool:
        """True when the whole calendar year lies inside the coverage."""
        return self.covers(year_period(year, self.timezone))

    def clip(self, period: Period) -> Period:
        """The part of ``period`` inside the coverage (same label).

        Raises
        ------
        DataError
            The period lies wholly outside the coverage.
        """
        start, end = max(period.start, self.start), min(period.end, self.end)
        if start >= end:
            raise DataError(code="period_outside_coverage", period=period.label, coverage=self.phrase())
        return Period(period.label, start, end)

    def covered_years(self) -> list[int]:
        """Calendar years wholly inside the coverage."""
        return [y for y in range(self.first.year, self.through.year + 1) if self.covers_year(y)]

    def latest_year(self) -> int:
        """The last calendar year fully covered.

        Raises
        ------
        DataError
            No year is fully covered.
        """
        years = self.covered_years()
        if not years:
            raise DataError(code="no_year_covered", coverage=self.phrase())
        return years[-1]

    def latest_quarter(self) -> str:
        """The label of the last quarter fully covered (``2024Q4``).

        Raises
        ------
        DataError
            No quarter is fully covered.
        """
        from lqrel.periods import parse_period

        q = pd.Period(self.through, freq="Q")
        if self.through != q.end_time.date():
            q -= 1
        label = f"{q.year}Q{q.quarter}"
        if not self.covers(parse_period(label, self.timezone)):
            raise DataError(code="no_quarter_covered", coverage=self.phrase())
        return label

    def describe(self, lang: str = "en") -> str:
        """``2019-01-01 .. 2024-12-31`` with ``(inferred ...)`` where a bound was inferred, in ``lang``."""
        return text(*self.phrase()[:2], lang, "cli")

    def phrase(self) -> Phrase:
        """The description as a catalogue phrase, rendered in the language of the message it is part of."""
        args = {"first": f"{self.first:%Y-%m-%d}", "through": f"{self.through:%Y-%m-%d}",
                "what": Phrase(f"what_{self.what}", {}, "cli")}
        if self.through_due:
            return Phrase("coverage_due" if self.first_inferred else "coverage_declared_due", args, "cli")
        if self.first_inferred and self.through_inferred:
            return Phrase("coverage_inferred", args, "cli")
        if self.inferred:
            which = "first" if self.first_inferred else "through"
            return Phrase(f"coverage_{which}_inferred", args, "cli")
        return Phrase("coverage_declared", args, "cli")

    def to_dict(self) -> dict:
        """``{"from", "through", "inferred"}`` (JSON contract of every command)."""
        return {"from": self.first.isoformat(), "through": self.through.isoformat(), "inferred": self.inferred}


def infer(starts: pd.Series) -> tuple[dt.date, dt.date] | None:
    """First day of the month of the earliest start and last day of the month of the latest start (local);
    None without events."""
    if starts.empty or starts.isna().all():
        return None
    first = starts.min().tz_localize(None).to_period("M")
    last = starts.max().tz_localize(None).to_period("M")
    return first.start_time.date(), last.end_time.date()


def stretch(starts: pd.Series, gap_months: int) -> tuple[dt.date, dt.date] | None:
    """The months a log speaks for, inferred (docs/spec.md §5a): the longest stretch of months (ties: the latest)
    that contains no run of ``gap_months`` or more consecutive months without an event start and no calendar year
    without one; the first day of its first month and the last day of its last month. None without events.

    Examples: starts in 2023-01..2024-12 and one in 2014-05 (a mistyped year): 2023-01-01 .. 2024-12-31.
    Starts in 2024-01, 2024-02 and 2024-06 with ``gap_months`` 3 (March to May empty): two stretches of two and
    one months, the longer wins: 2024-01-01 .. 2024-02-29.
    """
    starts = starts.dropna()
    if starts.empty:
        return None
    months = np.unique(starts.dt.year.to_numpy(dtype="int64") * 12 + starts.dt.month.to_numpy(dtype="int64") - 1)
    years = months // 12  # months counted from year 0: month m is year m // 12, month m % 12 + 1
    # a break between consecutive event months: a run of >= gap_months empty months, or a whole year between
    cut = ((np.diff(months) - 1) >= gap_months) | (np.diff(years) >= 2)
    bounds = np.flatnonzero(cut)
    firsts = np.concatenate([[0], bounds + 1])
    lasts = np.concatenate([bounds, [len(months) - 1]])
    lengths = months[lasts] - months[firsts] + 1
    best = max(range(len(firsts)), key=lambda i: (lengths[i], months[firsts[i]]))  # ties: the latest
    first, last = int(months[firsts[best]]), int(months[lasts[best]])
    after = last + 1
    return dt.date(first // 12, first % 12 + 1, 1), dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)


def resolve(starts: pd.Series, timezone: str, first: dt.date | None = None, through: dt.date | None = None,
            through_at_most: dt.date | None = None, what: str = "events", gap_months: int | None = None
            ) -> Coverage | None:
    """The coverage of a log: declared bounds where given, the rest inferred from the event starts.

    Parameters
    ----------
    starts : pandas.Series
        Local start times of the accepted events.
    first, through : datetime.date, optional
        Declared bounds (params ``coverage``, ``--data-through``).
    through_at_most : datetime.date, optional
        An inferred ``through`` is cut to this day (a scheduled run on day D cannot have data for D itself).
    what : str
        What ``starts`` are the times of (``events``, ``applications``).
    gap_months : int, optional
        Infer with :func:`stretch` (an outage log: ``coverage_gap_months``): only the starts inside the declared
        bounds (and up to ``through_at_most``) are looked at, and a run of this many empty months is never
        bridged. None: from the month of the earliest start to that of the latest (:func:`infer`).

    Returns
    -------
    Coverage or None
        None when nothing is declared and there are no events to infer from.

    Raises
    ------
    DataError
        The declared bounds contradict each other, or a bound must be inferred and no event lies inside the
        declared one.
    """
    if gap_months is None:
        inferred = infer(starts)
    else:
        inside = starts.dropna()
        if first is not None:
            inside = inside[inside >= pd.Timestamp(first).tz_localize(timezone)]
        last_day = through if through is not None else through_at_most
        if last_day is not None:
            inside = inside[inside < pd.Timestamp(last_day + dt.timedelta(days=1)).tz_localize(timezone)]
        inferred = stretch(inside, gap_months)
        if inferred is None and not starts.dropna().empty and (first is None or through is None):
            undeclared = Phrase("not_declared", {}, "cli")
            raise DataError(code="no_event_in_coverage", first=first or undeclared, through=last_day or undeclared)
    if inferred is None and (first is None or through is None):
        if first is None and through is None:
            return None
        raise DataError(code="log_without_events")
    first_inferred, through_inferred = first is None, through is None
    first = first if first is not None else inferred[0]
    if through is None:
        through = inferred[1] if through_at_most is None else min(inferred[1], through_at_most)
    if first > through:
        raise DataError(code="coverage_reversed", first=first, through=through)
    due = through_at_most if through_inferred else None
    return Coverage(first, through, first_inferred, through_inferred, timezone, what, due)


#: Why an event lies outside the coverage (``Dataset.outside_coverage``'s ``reason``).
OUTSIDE_REASONS = ("gap", "after_through", "before_from")
OUTSIDE_COLUMNS = ("row", "start", "reason")


def outside(events: pd.DataFrame, coverage: Coverage | None, through_at_most: dt.date | None = None
            ) -> pd.DataFrame:
    """The events that start outside the coverage: columns ``row`` (source row), ``start`` (local time) and
    ``reason``: ``before_from`` (before a declared start), ``after_through`` (after a declared end, or after the
    day a scheduled run may have data for), ``gap`` (cut off from the inferred coverage by a run of months
    without events). They stay in the log; no period inside the coverage reaches them."""
    if coverage is None or events.empty:
        return empty_outside()
    start = events["start"]
    before = (start < coverage.start).to_numpy()
    after = (start >= coverage.end).to_numpy()
    mask = before | after
    if not mask.any():
        return empty_outside()
    capped = np.zeros(len(events), dtype=bool)
    if through_at_most is not None:
        capped = (start >= pd.Timestamp(through_at_most + dt.timedelta(days=1)).tz_localize(coverage.timezone)
                  ).to_numpy()
    late = capped | (not coverage.through_inferred)
    reason = np.where(before, "gap" if coverage.first_inferred else "before_from",
                      np.where(late, "after_through", "gap"))
    rows = events["row"].to_numpy() if "row" in events else np.arange(len(events)) + 2
    frame = pd.DataFrame({"row": rows[mask], "start": start[mask].reset_index(drop=True),
                          "reason": reason[mask].astype(object)})
    if frame["row"].dtype == object:  # ``file:row`` of a log of several files: already in file order
        return frame
    return frame.astype({"row": "int64"}).sort_values("row", kind="stable").reset_index(drop=True)


def empty_outside() -> pd.DataFrame:
    """An ``outside_coverage`` frame without rows."""
    return pd.DataFrame({"row": pd.Series([], dtype="int64"), "start": pd.Series([], dtype="datetime64[ns]"),
                         "reason": pd.Series([], dtype=object)})
