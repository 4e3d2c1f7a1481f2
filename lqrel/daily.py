"""Daily series: customer-hours and SAIDI per local day, accrued to the day each event started.

IEEE 1366 classifies major event days on daily SAIDI with every interruption accrued to the day it began
(domain.md 5, 6); the year-end projection works on the same series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel.params import AREAS, Params, load_params


def daily_customer_hours(events: pd.DataFrame, params: Params | dict | None = None) -> pd.DataFrame:
    """Sustained customer-hours and customer interruptions per start day and area.

    Returns
    -------
    pandas.DataFrame
        Index ``date`` (local calendar day, ``datetime64``), columns ``area`` plus ``customer_hours``
        [customer-hours] and ``customer_interruptions`` [customers]; days without events are absent.
    """
    params = load_params(params)
    sustained = events["duration_h"] * 60 > params.short_threshold_min
    ev = events[sustained]
    day = ev["start"].dt.tz_localize(None).dt.normalize()
    frame = pd.DataFrame(
        {"date": day, "area": ev["area"], "customer_hours": ev["customers"] * ev["duration_h"],
         "customer_interruptions": ev["customers"].astype(float)}
    )
    return frame.groupby(["date", "area"], sort=True).sum().reset_index()


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


def daily_saidi(
    events: pd.DataFrame,
    customers: pd.DataFrame,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    area: str = "all",
    params: Params | dict | None = None,
) -> pd.Series:
    """Daily SAIDI [min] for every day in ``[start, end)`` (zeros included), accrued to the start day.

    daily SAIDI_d = 60 x sum(r_i N_i over sustained events starting on day d) / N_T(d)

    Parameters
    ----------
    area : {"all", "urban", "rural"}
        ``all`` uses the summed customers served (a system-wide series, as IEEE 1366 uses).
    """
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D", inclusive="left")
    ch = daily_customer_hours(events, params)
    if area != "all":
        ch = ch[ch["area"] == area]
    per_day = ch.groupby("date")["customer_hours"].sum().reindex(days, fill_value=0.0)
    served = served_by_day(customers, days, area)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 60.0 * per_day / served
    out.index.name = "date"
    return out.rename("saidi_min")
