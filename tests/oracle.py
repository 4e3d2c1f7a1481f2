"""Test oracle: the aggregation over event rows (events -> customer-hours and customer interruptions per period
and group) in plain pandas, written independently of :mod:`lqrel.counting` and :mod:`lqrel.engine`, which the
tests check against it.

Counting rules (docs/spec.md §5): an event is sustained when its whole duration is longer than the short
threshold; with ``boundary="split"`` it contributes to a period only the hours inside ``[start, end)``, with
``boundary="start"`` its whole duration goes to the period where it began. Customer interruptions (the SAIFI
numerator), sustained-event counts and momentary interruptions (MAIFI) belong to the period where the event
started.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lqrel.counting import SUM_COLUMNS  # only the names of the numerators (the contract), not the rules
from lqrel.periods import Period


def contributions(events: pd.DataFrame, period: Period, boundary: str, short_max_min: float) -> pd.DataFrame:
    """Each event's contribution to one period (one row per event, aligned to ``events``).

    Parameters
    ----------
    events : pandas.DataFrame
        Accepted events (``start``, ``end``, ``duration_h`` [h], ``customers``, ``nature``, ``external``,
        ``shortage``).
    period : Period
        The period ``[start, end)``.
    boundary : {"split", "start"}
        How an event crossing the period's bounds is counted.
    short_max_min : float
        Longest short interruption [min]; longer events are sustained.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUM_COLUMNS`: ``customer_hours`` = N_i x r_i [customer-hours] with r_i the hours of a
        sustained event inside the period, the same split by nature and flags, ``customer_interruptions``
        = N_i for sustained events started in the period, ``events`` (0/1), ``momentary_interruptions`` = N_i
        for short events started in the period.
    """
    start, end = events["start"], events["end"]
    customers = events["customers"].to_numpy(dtype=float)
    started = ((start >= period.start) & (start < period.end)).to_numpy()
    sustained = (events["duration_h"] * 60 > short_max_min).to_numpy()
    if boundary == "split":
        lo = start.where(start > period.start, period.start)
        hi = end.where(end < period.end, period.end)
        inside_h = ((hi - lo) / pd.Timedelta(hours=1)).clip(lower=0).to_numpy()
    elif boundary == "start":
        inside_h = np.where(started, events["duration_h"].to_numpy(dtype=float), 0.0)
    else:
        raise ValueError(f"unknown boundary policy {boundary!r}")
    ch = customers * inside_h * sustained
    planned = (events["nature"] == "planned").to_numpy()
    return pd.DataFrame(
        {
            "customer_hours": ch,
            "customer_hours_planned": ch * planned,
            "customer_hours_fault": ch * ~planned,
            "customer_hours_external": ch * events["external"].to_numpy(dtype=bool),
            "customer_hours_shortage": ch * events["shortage"].to_numpy(dtype=bool),
            "customer_interruptions": customers * (started & sustained),
            "events": (started & sustained).astype("int64"),
            "momentary_interruptions": customers * (started & ~sustained),
        },
        index=events.index,
    )


def aggregate(
    events: pd.DataFrame,
    periods: Sequence[Period],
    keys: Sequence[str],
    boundary: str = "split",
    short_max_min: float = 3.0,
) -> pd.DataFrame:
    """Sum event contributions per period and group.

    Parameters
    ----------
    events : pandas.DataFrame
        Accepted events.
    periods : sequence of Period
        Periods to accrue to (e.g. the months of a year).
    keys : sequence of str
        Event columns to group by (e.g. ``["area", "cause"]``).

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (label), the keys, and :data:`SUM_COLUMNS`; only groups with a non-zero sum appear.

    Notes
    -----
    The plain pandas implementation: the test oracle of :mod:`lqrel.engine`, which runs the same aggregation
    on pandas, DuckDB and Dask.
    """
    keys = list(keys)
    parts = []
    for period in periods:
        touches = (events["start"] < period.end) & (
            (events["end"] > period.start) | (events["start"] >= period.start)
        )
        sub = events[touches]
        if not len(sub):
            continue
        contrib = contributions(sub, period, boundary, short_max_min)
        grouped = pd.concat([sub[keys], contrib], axis=1).groupby(keys, sort=True, dropna=False).sum()
        grouped.insert(0, "period", period.label)
        parts.append(grouped.reset_index())
    if not parts:
        empty = pd.DataFrame(columns=["period", *keys], dtype=object)
        return empty.assign(**{c: pd.Series(dtype=float) for c in SUM_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out["events"] = out["events"].astype("int64")
    nonzero = (out[list(SUM_COLUMNS)] != 0).any(axis=1)  # a group whose events add nothing is not listed
    return out[nonzero].reset_index(drop=True)


def saidi_by_hand(events: pd.DataFrame, customers: pd.DataFrame, start: str, end: str, area: str,
                  short_max_min: float = 3.0, timezone: str = "Asia/Shanghai") -> float:
    """SAIDI [h] of ``area`` over ``[start, end)`` one event and one month at a time, in plain Python: the hours
    of each sustained event inside the period x its customers, over the time-weighted customers served
    (DL/T 836.1-2016 等效总用户数: sum of each month's count x its hours in the period / the period's hours)."""
    lo, hi = pd.Timestamp(start, tz=timezone), pd.Timestamp(end, tz=timezone)
    customer_hours = 0.0
    for row in events.itertuples():
        if row.area != area or row.duration_h * 60 <= short_max_min:
            continue
        inside = (min(row.end, hi) - max(row.start, lo)).total_seconds() / 3600
        customer_hours += row.customers * max(inside, 0.0)
    counts = {(r.area, str(r.month)): r.customers for r in customers.itertuples()}
    weighted = hours = 0.0
    month = lo
    while month < hi:
        following = (month.tz_localize(None) + pd.offsets.MonthBegin(1)).tz_localize(timezone)
        h = (min(following, hi) - month).total_seconds() / 3600
        weighted += counts[(area, f"{month:%Y-%m}")] * h
        hours += h
        month = following
    return customer_hours / (weighted / hours)
