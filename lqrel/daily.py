"""Daily series: customer-hours and SAIDI per local day, accrued to the day each event started.

IEEE 1366 classifies major event days on daily SAIDI with every interruption accrued to the day it began
(docs/spec.md §5, §6); the year-end projection works on the same series. The sums come from the one aggregation
(:mod:`lqrel.engine`) with ``boundary="start"`` over day periods, so the counting rules are those of every index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel.params import AREAS
from lqrel.periods import Period


def day_periods(first: pd.Timestamp, last: pd.Timestamp, timezone: str) -> list[Period]:
    """Local calendar days from ``first`` to ``last`` (naive dates, both included) as periods (a day across a
    daylight-saving change has its true length)."""
    bounds = pd.date_range(first, last + pd.Timedelta(days=1), freq="D").tz_localize(timezone)
    return [Period(f"{s:%Y-%m-%d}", s, e) for s, e in zip(bounds[:-1], bounds[1:], strict=True)]


def daily_customer_hours(ds) -> pd.DataFrame:
    """Sustained customer-hours and customer interruptions per start day and area of a dataset (computed once
    per dataset).

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (local calendar day, ``datetime64``), ``area``, ``customer_hours`` [customer-hours] and
        ``customer_interruptions`` [customers]; days without sustained events are absent.
    """
    if "daily" in ds.memo:
        return ds.memo["daily"]
    from lqrel.engine import aggregate_native

    columns = ["date", "area", "customer_hours", "customer_interruptions"]
    if ds.events.empty:
        out = pd.DataFrame({c: pd.Series(dtype="datetime64[us]" if c == "date" else float) for c in columns})
    else:
        local = ds.events["start"].dt.tz_localize(None).dt.normalize()
        days = day_periods(local.min(), local.max(), ds.params.timezone)
        sums = aggregate_native(ds.compact, days, ["area"], "start", ds.params.short_threshold_min)
        sums = sums[sums["customer_hours"] > 0]
        out = pd.DataFrame({"date": pd.to_datetime(sums["period"]).astype("datetime64[us]"),
                            "area": sums["area"].astype(object),
                            "customer_hours": sums["customer_hours"].to_numpy(dtype=float),
                            "customer_interruptions": sums["customer_interruptions"].to_numpy(dtype=float)})
        out = out.sort_values(["date", "area"]).reset_index(drop=True)
    ds.memo["daily"] = out
    return out


def served_by_day(customers: pd.DataFrame, days: pd.DatetimeIndex, area: str) -> pd.Series:
    """Customers served on each day [customers]: the count of the day's month (NaN where unknown).

    ``area="all"`` sums urban and rural.
    """
    table = customers.groupby(["month", "area"])["customers"].sum().unstack("area")
    if area == "all":  # every area the table serves; a month missing for one of them is unknown
        present = [a for a in AREAS if a in table]
        per_month = table[present].sum(axis=1, min_count=len(present))
    else:
        per_month = table[area] if area in table else pd.Series(dtype=float)
    months = days.to_period("M")
    return pd.Series(per_month.reindex(months).to_numpy(dtype=float), index=days)


def daily_saidi(ds, start: str | pd.Timestamp, end: str | pd.Timestamp, area: str = "all") -> pd.Series:
    """Daily SAIDI [min] of a dataset for every day in ``[start, end)`` (zeros included), accrued to the start
    day.

    daily SAIDI_d = 60 x sum(r_i N_i over sustained events starting on day d) / N_T(d)

    Parameters
    ----------
    area : {"all", "urban", "rural"}
        ``all`` uses the summed customers served (a system-wide series, as IEEE 1366 uses).
    """
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D", inclusive="left")
    ch = daily_customer_hours(ds)
    if area != "all":
        ch = ch[ch["area"] == area]
    per_day = ch.groupby("date")["customer_hours"].sum().reindex(days, fill_value=0.0)
    served = served_by_day(ds.customers, days, area)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 60.0 * per_day / served.where(served > 0)
    out.index.name = "date"
    return out.rename("saidi_min")
