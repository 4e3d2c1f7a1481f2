"""Chinese working days (工作日): public holidays and make-up working days (调休) from the maintained
``chinese-calendar`` package, never a hand-kept list (docs/spec.md §10).

A stage's working days are the working days d with start date < d <= end date: a stage started and finished on
the same day takes 0 working days, one finished the next working day takes 1.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version

import numpy as np
import pandas as pd

from lqrel.errors import DataError


def calendar_range() -> tuple[dt.date, dt.date]:
    """First and last day the installed ``chinese-calendar`` knows the holidays of."""
    from chinese_calendar.constants import holidays

    years = [d.year for d in holidays]
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def _check_range(first: dt.date, last: dt.date) -> None:
    low, high = calendar_range()
    for day in (first, last):
        if not low <= day <= high:
            raise DataError(code="outside_holiday_calendar", day=f"{day:%Y-%m-%d}", version=version("chinesecalendar"),
                            low=f"{low:%Y-%m-%d}", high=f"{high:%Y-%m-%d}")


class WorkCalendar:
    """Working days over a range of dates, counted once: ``count[i]`` is the number of working days from the
    range's first day through its i-th day, so the working days in (a, b] are ``count[b] - count[a]``."""

    def __init__(self, first: dt.date, last: dt.date):
        from chinese_calendar import is_workday

        _check_range(first, last)
        self.first = first
        days = pd.date_range(first, last, freq="D")
        self.working = np.fromiter((is_workday(d.date()) for d in days), dtype=bool, count=len(days))
        self.count = np.cumsum(self.working)

    def _index(self, days: pd.Series) -> np.ndarray:
        return (_dates(days) - pd.Timestamp(self.first)).dt.days.to_numpy()

    def between(self, start: pd.Series, end: pd.Series) -> pd.Series:
        """Working days d with start date < d <= end date, per row [working days]; NaN where either is missing.

        ``start`` and ``end`` are timestamps (local time; only their dates count)."""
        out = pd.Series(np.nan, index=start.index)
        ok = (start.notna() & end.notna()).to_numpy()
        if ok.any():
            a, b = self._index(start[ok]), self._index(end[ok])
            out[ok] = (self.count[b] - self.count[a]).astype(float)
        return out

    def next_working_day(self, days: pd.Series) -> pd.Series:
        """The first working day after each date (a date without time, as a Timestamp)."""
        out = pd.Series(pd.NaT, index=days.index, dtype="datetime64[us]")
        ok = days.notna().to_numpy()
        if ok.any():
            position = np.searchsorted(self.count, self.count[self._index(days[ok])] + 1)
            out[ok] = pd.Timestamp(self.first) + pd.to_timedelta(position, unit="D")
        return out


def _dates(column: pd.Series) -> pd.Series:
    """Timestamps (naive or zoned) as naive local dates."""
    values = pd.to_datetime(column)
    if values.dt.tz is not None:
        values = values.dt.tz_localize(None)
    return values.dt.normalize()


def calendar_for(*columns: pd.Series) -> WorkCalendar:
    """A calendar covering every date in ``columns`` (timestamps) and a month beyond the last (for the next
    working day after it); a date the holiday calendar does not know is a :class:`DataError` naming it."""
    values = pd.concat([_dates(c) for c in columns if len(c)] or [pd.Series([], dtype="datetime64[us]")],
                       ignore_index=True).dropna()
    low, high = calendar_range()
    if not len(values):
        return WorkCalendar(low, low)
    first, last = values.min().date(), values.max().date()
    _check_range(first, last)
    return WorkCalendar(first, min(last + dt.timedelta(days=31), high))
