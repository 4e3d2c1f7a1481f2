"""Reliability indices by area, period and group (DL/T 836.1-2016, IEEE 1366-2012; docs/spec.md §3).

Symbols: r_i hours of sustained event i inside the period, N_i customers it interrupted, N_T customers served
in the area (:func:`lqrel.customers.customers_served`), T the period's hours.

=========  ==========================================  =================================
index      formula                                     unit
=========  ==========================================  =================================
SAIDI      sum(r_i N_i) / N_T                          h per customer
SAIFI      sum(N_i) / N_T (events started in period)   interruptions per customer
CAIDI      SAIDI / SAIFI                               h per interruption
ASAI       1 - SAIDI / T                               fraction
SAIDI-2    SAIDI without external events               h
SAIDI-3    SAIDI without system-shortage load shedding h
SAIDI-S/F  SAIDI over planned / fault events           h (SAIDI-S + SAIDI-F = SAIDI)
MAIFI      sum(N_i) / N_T over short events            per customer
=========  ==========================================  =================================

Grouping by town, feeder, cause or nature keeps the area's N_T as the denominator: the rows are each group's
contribution to the area's index, and they add up to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.counting import SUM_COLUMNS
from lqrel.customers import customers_served, served_lookup
from lqrel.engine import aggregate_native, areas_in, compact, open_events
from lqrel.errors import DataError, UsageError
from lqrel.params import AREAS, Params, load_params
from lqrel.periods import Period, parse_period

#: Grouping keys that split the period in time, and the calendar frequency of each.
TIME_KEYS = {"month": "M", "quarter": "Q"}
#: Grouping keys taken from event columns.
EVENT_KEYS = ("town", "feeder", "cause", "nature")
#: Columns of the result after the grouping columns.
INDEX_COLUMNS = (
    "saidi_h", "saifi", "caidi_h", "asai", "saidi_2_h", "saidi_3_h", "saidi_s_h", "saidi_f_h", "maifi",
    "customer_hours", "customer_interruptions", "events", "customers_served",
)
ALL = "all"


def _areas_served(customers: pd.DataFrame, in_events: set[str]) -> list[str]:
    present = [a for a in AREAS if (customers["area"] == a).any()]
    missing = sorted(in_events - set(present))
    if missing:
        raise DataError(code="customers_served_missing", areas=", ".join(missing))
    return present


def index_table(sums: pd.DataFrame, served: pd.Series, hours: pd.Series) -> pd.DataFrame:
    """Indices from numerator sums, denominators and period lengths (all aligned by row).

    Parameters
    ----------
    sums : pandas.DataFrame
        :data:`lqrel.counting.SUM_COLUMNS`.
    served : pandas.Series
        Customers served N_T [customers].
    hours : pandas.Series
        Period length T [h].
    """
    n = served.astype(float)
    sums = sums[list(SUM_COLUMNS)].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        saidi = sums["customer_hours"] / n
        saifi = sums["customer_interruptions"] / n
        out = pd.DataFrame(
            {
                "saidi_h": saidi,
                "saifi": saifi,
                "caidi_h": (saidi / saifi).where(saifi > 0),
                "asai": 1 - saidi / hours,
                "saidi_2_h": (sums["customer_hours"] - sums["customer_hours_external"]) / n,
                "saidi_3_h": (sums["customer_hours"] - sums["customer_hours_shortage"]) / n,
                "saidi_s_h": sums["customer_hours_planned"] / n,
                "saidi_f_h": sums["customer_hours_fault"] / n,
                "maifi": sums["momentary_interruptions"] / n,
                "customer_hours": sums["customer_hours"].astype(float),
                "customer_interruptions": sums["customer_interruptions"].astype(float),
                "events": sums["events"].astype("int64"),
                "customers_served": n,
            }
        )
    return out


def engine_events(events, engine: str | None = None):
    """Events for the aggregation engine: accepted events (converted to the compact table), a compact table,
    or a Parquet file or folder of compact events, opened by ``engine`` (default pandas)."""
    engine = engine or "pandas"
    if isinstance(events, pd.DataFrame) and "start" in events:
        events = compact(events)
    if isinstance(events, pd.DataFrame | str | Path):
        return open_events(events, engine)
    return events  # already an engine's native object (a DuckDB relation, a Dask DataFrame)


def indices(
    events,
    customers: pd.DataFrame,
    period: str | Period,
    by: Sequence[str] | str = ("area",),
    params: Params | dict | str | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Reliability indices for a period, by area (with an ``all`` row) and optional groups.

    Parameters
    ----------
    events : pandas.DataFrame, path, or an engine's frame
        Accepted events from :func:`lqrel.load_events`, a compact table (:func:`lqrel.engine.compact`), a
        Parquet file or ``year=/month=`` folder of compact events, a DuckDB relation or a Dask DataFrame.
    customers : pandas.DataFrame
        Customers served from :func:`lqrel.load_customers`.
    period : str or Period
        ``2022``, ``2022Q3``, ``2022H1``, ``2022-07`` or ``2021-10..2022-09``.
    by : sequence of str or str
        ``area`` (always included) plus at most one of ``month``/``quarter`` and any of ``town``,
        ``feeder``, ``cause``, ``nature``; a comma-separated string works too.
    params : optional
        Settings: ``boundary``, ``standard``/``short_max_minutes``, ``customers_basis``, ``timezone``.
    engine : {"pandas", "duckdb", "dask"}, optional
        Where the aggregation over event rows runs (:mod:`lqrel.engine`); pandas by default. For Dask, open a
        client first (:func:`lqrel.engine.dask_client`).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``area`` (``urban``, ``rural``, ``all``), the other grouping columns, then
        :data:`INDEX_COLUMNS`: ``saidi_h`` [h], ``saifi`` [1], ``caidi_h`` [h], ``asai`` [fraction],
        ``saidi_2_h``, ``saidi_3_h``, ``saidi_s_h``, ``saidi_f_h`` [h], ``maifi`` [1], ``customer_hours``
        [customer-hours], ``customer_interruptions`` [customers], ``events`` [count], ``customers_served``
        [customers]. The ``all`` rows use the summed numerators and denominators.

    Notes
    -----
    Formulas in the module docstring. SAIDI-S + SAIDI-F = SAIDI for every row.

    References
    ----------
    DL/T 836.1-2016 供电系统供电可靠性评价规程 第1部分: 通用要求; IEEE Std 1366-2012.
    """
    params = load_params(params)
    if isinstance(period, str | int):
        period = parse_period(period, params.timezone)
    time_key, group_keys = _grouping(by)
    subs = period.split(TIME_KEYS[time_key]) if time_key else [Period(period.label, period.start, period.end)]

    native = engine_events(events, engine)
    areas = _areas_served(customers, areas_in(native))
    sums = aggregate_native(native, subs, ["area", *group_keys], params.boundary, params.short_threshold_min)
    lookup = served_lookup(customers)
    served = {
        (p.label, a): customers_served(customers, a, p, params.customers_basis, lookup) for p in subs for a in areas
    }
    hours = {p.label: p.hours for p in subs}
    rows = _sorted_rows(_with_totals(sums, subs, areas, group_keys), subs, group_keys)
    rows["_served"] = pd.Series([
        sum(served[(p, a)] for a in areas) if area == ALL else served[(p, area)]
        for p, area in zip(rows["period"], rows["area"], strict=True)
    ], index=rows.index, dtype=float)
    rows["_hours"] = rows["period"].map(hours).astype(float)  # float even with no rows (groups of no events)
    table = index_table(rows, rows["_served"], rows["_hours"])
    lead = rows[["area"]].copy()
    if time_key:
        lead[time_key] = rows["period"]
    for k in group_keys:
        lead[k] = rows[k]
    return pd.concat([lead, table], axis=1)


def _grouping(by: Sequence[str] | str) -> tuple[str | None, list[str]]:
    """The time key (``month``, ``quarter`` or None) and the event keys of :func:`indices`' ``by``, checked."""
    by = [b.strip() for b in by.split(",")] if isinstance(by, str) else list(by)
    unknown = [b for b in by if b not in ("area", *TIME_KEYS, *EVENT_KEYS)]
    if unknown:
        raise UsageError(code="group_by_unknown", unknown=unknown, keys=", ".join(EVENT_KEYS))
    time_keys = [b for b in by if b in TIME_KEYS]
    if len(time_keys) > 1:
        raise UsageError(code="group_by_two_times")
    group_keys = [b for b in dict.fromkeys(by) if b in EVENT_KEYS]
    return (time_keys[0] if time_keys else None), group_keys


def _with_totals(sums: pd.DataFrame, subs: list[Period], areas: list[str], group_keys: list[str]) -> pd.DataFrame:
    """The sums of the served areas, then their ``all`` rows (summed over the areas). Without groups every area
    and sub-period appears, with zeros where nothing happened."""
    if group_keys:
        base = sums[sums["area"].isin(areas)]
    else:
        grid = pd.DataFrame([(p.label, a) for p in subs for a in areas], columns=["period", "area"])
        base = grid.merge(sums, on=["period", "area"], how="left").fillna({c: 0 for c in SUM_COLUMNS})
    totals = base.groupby(["period", *group_keys], sort=False, dropna=False)[list(SUM_COLUMNS)].sum().reset_index()
    totals["area"] = ALL
    return pd.concat([base, totals], ignore_index=True)


def _sorted_rows(rows: pd.DataFrame, subs: list[Period], group_keys: list[str]) -> pd.DataFrame:
    """Rows in the order of the sub-periods, then the areas (``all`` last), then the groups."""
    area_order = {a: i for i, a in enumerate([*AREAS, ALL])}
    period_order = {p.label: i for i, p in enumerate(subs)}
    return rows.assign(
        _a=rows["area"].map(area_order), _p=rows["period"].map(period_order)
    ).sort_values(["_p", "_a", *group_keys], kind="stable").reset_index(drop=True)
