"""供电所 and feeder accountability (issue 29): each unit's own SAIDI and its contribution to the county's, year to
date against the same period last year (docs/spec.md §3, §4).

For a unit u (a 供电所 or a feeder) and a period, with ``CH_u`` = sum(r_i N_i) over the unit's sustained events
(the SAIDI numerator restricted to the unit, hours inside the period, docs/spec.md §5):

- own SAIDI ``saidi_h`` = CH_u / N_u, with N_u the customers the unit itself serves (docs/spec.md §4: the customers
  file's town column, time-weighted like the county's); only a 供电所 has a count of its own: a feeder's own
  SAIDI is not computable from the data and stays empty (never estimated);
- contribution ``contribution_h`` = CH_u / N_T, N_T the county's customers served: the rows add up to the county's
  SAIDI exactly (a unit's share, not its own outage time).

The figures rest on the data the target is judged on (:func:`lqrel.targets.judged`: all data, or without major
event days), so the contributions add up to the county's SAIDI the target is judged against.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel import targets
from lqrel.customers import customers_served, name_key
from lqrel.errors import DataError, UsageError
from lqrel.indices import TIME_KEYS
from lqrel.periods import Period, year_period

#: The levels a table is made for, and the event column each groups by.
LEVELS = ("town", "feeder")


def ytd_period(ds, year: int, through=None) -> Period:
    """1 January of ``year`` to the end of ``through`` (a date; default 31 December), inside the data coverage.

    Raises
    ------
    DataError
        The coverage does not reach into that span.
    """
    whole = year_period(year, ds.params.timezone)
    end = whole.end
    if through is not None:
        day = pd.Timestamp(through).normalize() + pd.Timedelta(days=1)
        end = min(end, day.tz_localize(whole.start.tz))
    return ds.require_coverage().clip(Period(f"{year}YTD", whole.start, end))


def town_served(town_customers: pd.DataFrame | None, period: Period, basis: str) -> dict[str, float]:
    """Customers served N_u of each 供电所 in ``period`` (docs/spec.md §4, summed over its areas), keyed by
    :func:`lqrel.customers.name_key`; a town the customers file does not count in every month of the period is
    absent (no guess)."""
    if town_customers is None or town_customers.empty:
        return {}
    rows = town_customers.assign(key=town_customers["town"].map(name_key))
    out = {}
    for key, own in rows.groupby("key"):
        served = own.groupby("month", as_index=False)["customers"].sum().assign(area=key)
        try:
            out[key] = customers_served(served, key, period, basis)
        except DataError:
            continue
    return out


def with_own_town_saidi(table: pd.DataFrame, town_customers: pd.DataFrame, period: Period, basis: str,
                        time_key: str | None = None) -> pd.DataFrame:
    """Rows of :func:`lqrel.indices.indices` grouped by town, with each town's own customers served
    ``town_customers_served`` (N_u in the row's area, both areas in an ``all`` row, in the row's month or quarter
    when ``time_key`` names one; :func:`town_served`) and own SAIDI ``town_saidi_h`` = customer-hours / N_u
    (docs/spec.md §3, §4); NaN where the customers file does not count the town throughout."""
    spans = {p.label: p for p in period.split(TIME_KEYS[time_key])} if time_key else {}
    found: dict[tuple, dict[str, float]] = {}

    def served(area: str, label) -> dict[str, float]:
        if (area, label) not in found:
            rows = town_customers if area == "all" else town_customers[town_customers["area"] == area]
            found[(area, label)] = town_served(rows, spans.get(label, period), basis)
        return found[(area, label)]

    labels = table[time_key] if time_key else [None] * len(table)
    n = [served(a, label).get(name_key(t), np.nan)
         for a, label, t in zip(table["area"], labels, table["town"], strict=True)]
    out = table.assign(town_customers_served=pd.Series(n, index=table.index, dtype=float))
    return out.assign(town_saidi_h=out["customer_hours"] / out["town_customers_served"])


def unit_sums(data, period: Period, level: str) -> tuple[pd.DataFrame, float]:
    """Per unit of ``level`` in ``period``: ``key`` (the name compared by :func:`lqrel.customers.name_key` for a
    town, as given for a feeder), ``unit``, ``area`` (``urban``, ``rural`` or ``urban+rural``),
    ``customer_hours``, ``customer_interruptions``, ``events``, ``contribution_h`` (CH_u / N_T of the county);
    and the county's SAIDI [h]."""
    t = data.indices(period, ("area", level))
    county = float(data.indices(period).set_index("area").loc["all", "saidi_h"])
    rows = t[t["area"] == "all"].rename(columns={level: "unit", "saidi_h": "contribution_h"})
    areas = t[t["area"] != "all"].groupby(level)["area"].agg(lambda a: "+".join(sorted(set(a), reverse=True)))
    rows = rows.assign(area=rows["unit"].map(areas))
    rows["key"] = rows["unit"].map(name_key) if level == "town" else rows["unit"]
    columns = ["key", "unit", "area", "customer_hours", "customer_interruptions", "events", "contribution_h"]
    return rows[columns].reset_index(drop=True), county


def _town_names(ds) -> tuple[dict[str, str], dict[str, str]]:
    """The customers file's town names and areas by comparable key."""
    tc = ds.town_customers
    if tc is None:
        return {}, {}
    keyed = tc.assign(key=tc["town"].map(name_key))
    names = keyed.drop_duplicates("key").set_index("key")["town"].to_dict()
    areas = keyed.groupby("key")["area"].agg(lambda a: "+".join(sorted(set(a), reverse=True))).to_dict()
    return names, areas


def unit_table(ds, year: int, level: str = "town", through=None) -> pd.DataFrame:
    """The accountability table of a year to date: each 供电所 (or feeder), its own SAIDI and its contribution to
    the county's, against the same period last year (docs/spec.md §3, §4; formulas in the module docstring).

    Parameters
    ----------
    ds : lqrel.dataset.Dataset
    year : int
    level : {"town", "feeder"}
    through : date, optional
        Last day counted (default 31 December); the period stops at the end of the data coverage.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``area``, ``customers_served`` (N_u [customers]; towns only), ``customer_hours`` [customer-hours],
        ``customer_interruptions``, ``events``, ``saidi_h`` (own SAIDI [h]; NaN for a feeder, or a town the
        customers file does not count), ``contribution_h`` [h] (the rows add up to the county's SAIDI),
        ``last_year_customer_hours``, ``last_year_saidi_h``, ``last_year_contribution_h`` (same span a year earlier;
        NaN when the data do not cover it), ``change_yoy`` (own SAIDI relative to last year's) and ``change_h``
        (contribution minus last year's [h]); the largest contribution first. ``attrs``: ``level``, ``period``,
        ``last_period``, ``county_saidi_h``, ``last_year_county_saidi_h``, ``notes`` (codes of the ``note``
        family: ``feeder_customers_unknown``, ``town_customers_missing``, ``towns_without_customers``,
        ``last_year_not_covered``).
    """
    if level not in LEVELS:
        raise UsageError(code="rank_level", value=repr(level))
    data = targets.judged(ds)
    period = ytd_period(ds, year, through)
    last_period = period.shift_years(-1)
    now, county = unit_sums(data, period, level)
    notes: list[dict] = []
    last_covered = ds.require_coverage().covers(last_period)
    if last_covered:
        last, last_county = unit_sums(data, last_period, level)
    else:
        last, last_county = now.iloc[:0], float("nan")
        notes.append({"code": "last_year_not_covered", "year": year - 1, "from": f"{ds.coverage.first:%Y-%m-%d}",
                      "through": f"{ds.coverage.through:%Y-%m-%d}"})
    last = last.rename(columns={"customer_hours": "last_year_customer_hours",
                                "contribution_h": "last_year_contribution_h"})
    out = now.drop(columns="unit").merge(last[["key", "unit", "area", "last_year_customer_hours",
                                               "last_year_contribution_h"]].rename(columns={"area": "last_area"}),
                                         on="key", how="outer")
    out["unit"] = out["unit"].fillna(out["key"])
    out["area"] = out["area"].fillna(out.pop("last_area"))
    if level == "town":
        out = _with_own_saidi(ds, out, period, last_period, last_covered, notes)
    else:
        out = out.assign(customers_served=np.nan, saidi_h=np.nan, last_year_saidi_h=np.nan)
        notes.append({"code": "feeder_customers_unknown"})
    out = _finish(out, last_covered)
    out.attrs.update(level=level, period=period, last_period=last_period, county_saidi_h=county,
                     last_year_county_saidi_h=last_county, notes=notes)
    return out


def _with_own_saidi(ds, out: pd.DataFrame, period: Period, last_period: Period, last_covered: bool, notes: list
                    ) -> pd.DataFrame:
    """Town rows with the customers file's name and area, N_u and the own SAIDI of both years; every town the
    file counts in the period is a row (none without outages left out)."""
    names, areas = _town_names(ds)
    basis = ds.params.customers_basis
    served, served_last = town_served(ds.town_customers, period, basis), town_served(ds.town_customers,
                                                                                       last_period, basis)
    missing = sorted(set(served) - set(out["key"]))
    if missing:
        out = pd.concat([out, pd.DataFrame({"key": missing, "unit": missing})], ignore_index=True)
    out["unit"] = [names.get(k, u) for k, u in zip(out["key"], out["unit"], strict=True)]
    out["area"] = [areas.get(k, a) for k, a in zip(out["key"], out["area"], strict=True)]
    out["customers_served"] = out["key"].map(served).astype(float)
    out["saidi_h"] = out["customer_hours"].fillna(0) / out["customers_served"]
    last_ch = out["last_year_customer_hours"].fillna(0) if last_covered else out["last_year_customer_hours"]
    out["last_year_saidi_h"] = last_ch / out["key"].map(served_last).astype(float)
    if ds.town_customers is None:
        notes.append({"code": "towns_without_customers"})
        return out
    spans = [(period, served)] + ([(last_period, served_last)] if last_covered else [])
    for span, have in spans:
        bounds = {"from": f"{span.start:%Y-%m-%d}", "through": f"{span.end - pd.Timedelta(days=1):%Y-%m-%d}"}
        notes += [{"code": "town_customers_missing", "name": unit, **bounds}
                  for unit, key in zip(out["unit"], out["key"], strict=True) if key not in have]
    return out


def _finish(out: pd.DataFrame, last_known: bool) -> pd.DataFrame:
    """Zeros where a unit had no outage in a covered span, the changes, the columns in order, the largest
    contribution first."""
    for column in ("customer_hours", "customer_interruptions", "events", "contribution_h"):
        out[column] = out[column].fillna(0)
    if last_known:
        for column in ("last_year_customer_hours", "last_year_contribution_h"):
            out[column] = out[column].fillna(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change_yoy"] = (out["saidi_h"] / out["last_year_saidi_h"] - 1).where(out["last_year_saidi_h"] > 0)
    out["change_h"] = out["contribution_h"] - out["last_year_contribution_h"]
    out["events"] = out["events"].astype("int64")
    columns = ["unit", "area", "customers_served", "customer_hours", "customer_interruptions", "events", "saidi_h",
               "contribution_h", "last_year_customer_hours", "last_year_saidi_h", "last_year_contribution_h",
               "change_yoy", "change_h"]
    out = out.sort_values(["contribution_h", "customer_hours", "unit"], ascending=[False, False, True])
    return out[columns].reset_index(drop=True)
