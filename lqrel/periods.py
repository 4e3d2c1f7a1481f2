"""Reporting periods: ``2022``, ``2022Q3``, ``2022H1``, ``2022-07`` and month ranges ``2021-10..2022-09``.

A period is the half-open interval ``[start, end)`` in local time. Its length in hours is absolute time, so a
month with an autumn daylight-saving change has one hour more (docs/spec.md §3, §5).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import pandas as pd

from lqrel.errors import LqrelError

_GRAMMAR = re.compile(
    r"^(?P<year>\d{4})(?:(?P<q>Q[1-4])|(?P<h>H[12])|-(?P<month>0[1-9]|1[0-2]))?"
    r"(?:\.\.(?P<year2>\d{4})-(?P<month2>0[1-9]|1[0-2]))?$"
)


class PeriodError(LqrelError):
    """A period string outside the grammar."""


@dataclass(frozen=True)
class Period:
    """A reporting period ``[start, end)`` in local time.

    Attributes
    ----------
    label : str
        As written by the user, e.g. ``2022Q3``.
    start, end : pandas.Timestamp
        Time-zone-aware local bounds; ``end`` is excluded.
    """

    label: str
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def hours(self) -> float:
        """Length [h], absolute time (8760 in a common year, 8784 in a leap year)."""
        return (self.end - self.start) / pd.Timedelta(hours=1)

    @property
    def year(self) -> int:
        """Calendar year of the start."""
        return self.start.year

    @property
    def span_months(self) -> int:
        """Whole calendar months from start to end (12 for a year; a clipped period counts its started months)."""
        end = self.end - pd.Timedelta(microseconds=1)
        return (end.year - self.start.year) * 12 + end.month - self.start.month + 1

    @property
    def kind(self) -> str:
        """``year``, ``half``, ``quarter`` or ``month`` when the period is exactly one calendar year, half-year,
        quarter or month (whatever its label's form), else ``months``."""
        starts_month = self.start == self.start.normalize() and self.start.day == 1
        ends_month = self.end == self.end.normalize() and self.end.day == 1
        if not (starts_month and ends_month):
            return "months"
        n, first = self.span_months, self.start.month
        if n == 12 and first == 1:
            return "year"
        if n == 6 and first in (1, 7):
            return "half"
        if n == 3 and first in (1, 4, 7, 10):
            return "quarter"
        return "month" if n == 1 else "months"

    @property
    def part(self) -> int:
        """The quarter (1-4) or half (1-2) a ``quarter`` or ``half`` period is; the month (1-12) of a ``month``;
        else 0."""
        size = {"quarter": 3, "half": 6, "month": 1}.get(self.kind)
        return (self.start.month - 1) // size + 1 if size else 0

    def months(self) -> list[Period]:
        """The calendar months that make up the period."""
        return self.split("M")

    def split(self, freq: str) -> list[Period]:
        """Sub-periods by calendar month (``M``) or quarter (``Q``), clipped to this period."""
        return list(_split(self, freq))

    def shift_years(self, years: int) -> Period:
        """The same calendar span ``years`` later (negative: earlier)."""
        tz = self.start.tz
        s = self.start.tz_localize(None) + pd.DateOffset(years=years)
        e = self.end.tz_localize(None) + pd.DateOffset(years=years)
        label = parse_label_shift(self.label, years)
        return Period(label, s.tz_localize(tz), e.tz_localize(tz))

    def to_dict(self) -> dict:
        """``{"label", "start", "end", "hours"}`` with ISO local times (JSON contract of the CLI)."""
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "hours": self.hours}


def parse_label_shift(label: str, years: int) -> str:
    """Shift every four-digit year in a period label by ``years``."""
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) + years), label)


@functools.lru_cache(maxsize=4096)
def _split(period: Period, freq: str) -> tuple[Period, ...]:
    """:meth:`Period.split`, computed once per period and frequency (an index table asks for the months of the
    same periods once per area and group)."""
    tz = period.start.tz
    first = pd.Period(period.start.tz_localize(None), freq=freq)
    last = pd.Period((period.end - pd.Timedelta(microseconds=1)).tz_localize(None), freq=freq)
    out = []
    for p in pd.period_range(first, last, freq=freq):
        s = max(p.start_time.tz_localize(tz), period.start)
        e = min((p + 1).start_time.tz_localize(tz), period.end)
        label = str(p) if freq == "M" else f"{p.year}Q{p.quarter}"
        out.append(Period(label, s, e))
    return tuple(out)


def parse_period(text: str | int, timezone: str = "Asia/Shanghai") -> Period:
    """Parse a period string.

    Parameters
    ----------
    text : str or int
        ``YYYY``, ``YYYYQn``, ``YYYYHn``, ``YYYY-MM`` or ``YYYY-MM..YYYY-MM`` (months inclusive).
    timezone : str
        Local zone of the bounds.

    Raises
    ------
    PeriodError
        Anything else (the string never reaches a file path).
    """
    label = str(text).strip()
    m = _GRAMMAR.match(label)
    if not m or (m["year2"] and not m["month"]):
        raise PeriodError(code="period_invalid", value=repr(str(text)[:40]))
    year = int(m["year"])
    if m["q"]:
        q = int(m["q"][1])
        start, months = pd.Timestamp(year, 3 * q - 2, 1), 3
    elif m["h"]:
        h = int(m["h"][1])
        start, months = pd.Timestamp(year, 6 * h - 5, 1), 6
    elif m["month"]:
        start = pd.Timestamp(year, int(m["month"]), 1)
        months = 1
        if m["year2"]:
            last = pd.Timestamp(int(m["year2"]), int(m["month2"]), 1)
            months = (last.year - start.year) * 12 + last.month - start.month + 1
            if months < 1:
                raise PeriodError(code="period_reversed", value=repr(label))
    else:
        start, months = pd.Timestamp(year, 1, 1), 12
    end = start + pd.DateOffset(months=months)
    return Period(label, start.tz_localize(timezone), end.tz_localize(timezone))


#: The days of June on which the half-year report is due on data through 31 May (the last week of June: the
#: county reports the first half by the end of June, before June's data are complete; docs/spec.md §12.1).
HALF_YEAR_DRAFT_DAYS = range(24, 31)


def due_periods(today: pd.Timestamp) -> list[str]:
    """Reports due on ``today`` (docs/spec.md §12.1): the last complete quarter; in the last week of June also the
    first half-year (on the data through May, :func:`due_data_through`), and in July its final version on June's
    data; in January also the previous year (due by 5 January, on a complete December)."""
    q = pd.Period(today, freq="Q") - 1
    due = [f"{q.year}Q{q.quarter}"]
    if today.month == 7 or (today.month == 6 and today.day in HALF_YEAR_DRAFT_DAYS):
        due.append(f"{today.year}H1")
    if today.month == 1:
        due.append(f"{today.year - 1}")
    return due


def due_data_through(today: pd.Timestamp) -> dt.date:
    """The last day the data of a run on ``today`` may cover: the day before (a run on day D has no data for D);
    in the last week of June the last day of May (the half-year report is written on the last complete month,
    and none of the reports due then ends later)."""
    if today.month == 6 and today.day in HALF_YEAR_DRAFT_DAYS:
        return dt.date(today.year, 5, 31)
    return (today - pd.Timedelta(days=1)).date()


def every_period(first_year: int, last_year: int) -> list[str]:
    """Every quarter, half-year and year from ``first_year`` to ``last_year``, in time order (each year: Q1, Q2,
    H1, Q3, Q4, H2, the year)."""
    return [f"{y}{p}" for y in range(first_year, last_year + 1) for p in ("Q1", "Q2", "H1", "Q3", "Q4", "H2", "")]


def year_period(year: int, timezone: str = "Asia/Shanghai") -> Period:
    """The calendar year as a :class:`Period`."""
    return parse_period(f"{int(year):04d}", timezone)
