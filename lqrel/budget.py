"""Outage-hour budget (预算式停电管理, action plan task 48; docs/spec.md §9).

The year's allowed customer-hours (停电时户数) per area = the target's ceiling [h] (the largest SAIDI that meets
the target, from :mod:`lqrel.targets`: the limit, or the reduction allowance when that is higher) x the year's
customers served; spread over the months by the seasonal profile of past years (or flat, by each month's
hours), and between planned and fault outages by the historical planned share (or ``budget.planned_share``).
Actual use is tracked month by month with the remaining allowance; a planned outage is costed in
customer-hours before approval (what-if). Budget and actuals are on the data the target is judged on (all
data, or without major event days). Months after the data coverage take the last known customers count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel import targets
from lqrel.calibration import calibratable
from lqrel.errors import InputError
from lqrel.forecast import monthly_table, status, year_end
from lqrel.params import AREAS
from lqrel.periods import Period, year_period


def _past_years(ds, year: int) -> list[int]:
    """The fully covered years among the five before ``year``."""
    coverage = ds.require_coverage()
    return [y for y in range(year - 5, year) if coverage.covers_year(y)]


def seasonal_profile(ds, year: int) -> pd.DataFrame:
    """Share of each month in the annual customer-hours, averaged over the fully covered years among the five
    before ``year``, per area; without history the shares are flat (hours of the month / hours of the year).

    Returns ``area``, ``month`` (1-12), ``share`` (each area's shares add up to 1)."""
    monthly = monthly_table(ds)
    shares = []
    for y in _past_years(ds, year):
        t = monthly[monthly["month"].str.startswith(f"{y}-") & monthly["area"].isin(AREAS)]
        total = t.groupby("area")["customer_hours"].transform("sum")
        shares.append(t.assign(share=t["customer_hours"] / total, m=t["month"].str[5:].astype(int)))
    months = year_period(year, ds.params.timezone).months()
    flat = pd.Series([m.hours for m in months], index=range(1, 13)) / sum(m.hours for m in months)
    rows = []
    for area in AREAS:
        prof = flat
        if shares:
            hist = pd.concat(shares)
            found = hist[hist["area"] == area].groupby("m")["share"].mean().reindex(range(1, 13))
            if found.notna().any():
                prof = found.fillna(flat)
        prof = prof / prof.sum()
        rows += [(area, m, float(prof[m])) for m in range(1, 13)]
    return pd.DataFrame(rows, columns=["area", "month", "share"])


def planned_share(ds, year: int) -> dict[str, float]:
    """Planned customer-hours as a share of all, per area: the setting, or the fully covered years among the
    five before ``year`` (0.5 without any)."""
    if ds.params.budget.planned_share is not None:
        return dict.fromkeys(AREAS, ds.params.budget.planned_share)
    monthly = monthly_table(ds)
    past = monthly[monthly["month"].str[:4].astype(int).isin(_past_years(ds, year))]
    out = {}
    for area in AREAS:
        t = past[past["area"] == area]
        total = float(t["customer_hours"].sum())
        planned = float((t["saidi_s_h"] * t["customers_served"]).sum())
        out[area] = planned / total if total > 0 else 0.5
    return out


def burn_down(ds, year: int, as_of=None) -> pd.DataFrame:
    """Monthly budget and actual customer-hours per area, cumulative, with the remaining allowance.

    Parameters
    ----------
    ds : lqrel.dataset.Dataset
    year : int
    as_of : date, optional
        Last day of actuals (default 31 December); actuals stop at the end of the data coverage.

    Returns
    -------
    pandas.DataFrame
        ``area``, ``month`` (1-12), ``budget_ch``, ``budget_planned_ch``, ``budget_fault_ch``, ``actual_ch``,
        ``actual_planned_ch``, ``actual_fault_ch`` (NaN after the as-of month), ``cumulative_budget_ch``,
        ``cumulative_actual_ch`` and ``remaining_ch`` = annual budget - cumulative actual [customer-hours],
        ``annual_budget_ch`` = ``ceiling_h`` [h] x the year's customers served [customers].
        ``attrs["notes"]``: months whose customers count was carried forward, and the target's notes.
    """
    data = targets.judged(ds)
    coverage = data.require_coverage()
    period = year_period(year, ds.params.timezone)
    as_of = pd.Timestamp(as_of or f"{year}-12-31").normalize()
    wanted = min((as_of + pd.Timedelta(days=1)).tz_localize(period.start.tz), period.end)  # the end asked for
    cut = min(wanted, coverage.end)  # the actuals' end: the data's, when they stop first
    profile = seasonal_profile(data, year) if ds.params.budget.allocation == "seasonal" else None
    split = planned_share(data, year)
    bases, notes = targets.basis(ds, year)
    filled = data.customers_for(period)[1]
    notes = notes + [{"code": "customers_carried", "area": area, "month": str(month), "source": str(source)}
                     for area, month, source in filled]
    span = {"as_of": f"{as_of:%Y-%m-%d}", "through": f"{coverage.through:%Y-%m-%d}"}
    if cut > max(period.start, coverage.start):
        actual = data.indices(Period(f"{year}", max(period.start, coverage.start), cut), ("area", "month"))
        actual = actual[actual["area"].isin(AREAS)].assign(m=lambda d: d["month"].str[5:].astype(int))
        notes += [{"code": "actuals_through", **span}] if cut < wanted else []
    else:
        actual = pd.DataFrame(columns=["area", "m", "customer_hours", "saidi_s_h", "customers_served"])
        notes += [{"code": "actuals_none", "from": f"{coverage.first:%Y-%m-%d}", "year": year, **span}]
    rows = []
    for area, b in bases.items():
        served = data.served(area, period, extend=True)
        annual = b.ceiling_h * served
        if profile is None:
            shares = np.array([m.hours for m in period.months()]) / period.hours
        else:
            shares = profile[profile["area"] == area].sort_values("month")["share"].to_numpy()
        a = actual[actual["area"] == area].set_index("m")
        for m in range(1, 13):
            budget = annual * shares[m - 1]
            done = m in a.index
            act = a.loc[m, "customer_hours"] if done else np.nan
            act_planned = a.loc[m, "saidi_s_h"] * a.loc[m, "customers_served"] if done else np.nan
            rows.append({"area": area, "month": m, "budget_ch": budget, "budget_planned_ch": budget * split[area],
                         "budget_fault_ch": budget * (1 - split[area]), "actual_ch": act,
                         "actual_planned_ch": act_planned, "actual_fault_ch": act - act_planned,
                         "annual_budget_ch": annual, "ceiling_h": b.ceiling_h})
    out = pd.DataFrame(rows)
    out["cumulative_budget_ch"] = out.groupby("area")["budget_ch"].cumsum()
    out["cumulative_actual_ch"] = out.groupby("area")["actual_ch"].cumsum()
    out["remaining_ch"] = out["annual_budget_ch"] - out["cumulative_actual_ch"]
    out.attrs["notes"] = notes
    return out


#: Headers of a plans file (full-width brackets read as half-width, case ignored) and their fields.
PLAN_HEADERS = {"线路名称": "feeder", "线路": "feeder", "feeder": "feeder", "供电所": "town", "town": "town",
                "停电用户数": "customers", "customers": "customers", "停电时长(小时)": "hours", "停电时长(h)": "hours",
                "hours": "hours", "停电时长(分钟)": "minutes", "停电时长(min)": "minutes", "minutes": "minutes",
                "区域": "area", "area": "area", "日期": "date", "date": "date"}
#: Duration headers without a unit: refused, never read as hours.
BARE_DURATIONS = {"停电时长", "时长", "duration"}


def _header(cell: str) -> str:
    return cell.strip().replace("（", "(").replace("）", ")").lower()


def load_plans(path) -> pd.DataFrame:
    """Planned outages to cost: CSV with ``feeder`` or ``town`` (线路名称 / 供电所), ``customers`` (停电用户数), the
    duration with its unit (停电时长(小时) as ``hours``, or 停电时长(分钟) read as hours = minutes / 60; a bare
    停电时长 is refused), optional ``area`` (区域) and ``date``."""
    from pathlib import Path

    from lqrel.readers import require_file
    from lqrel.vocab import AREA_VALUES, lookup_table, normalize

    path = Path(path)
    require_file(path, "kind_plans_file")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(code="plans_unreadable", file=path, reason=exc) from exc
    raw = raw.rename(columns=lambda c: PLAN_HEADERS.get(_header(c), _header(c)))
    bare = [c for c in raw.columns if c in BARE_DURATIONS]
    if bare:  # a duration without its unit is never guessed (docs/spec.md §5)
        raise InputError(code="plans_bare_duration", file=path, column=bare[0])
    duration = "hours" if "hours" in raw else "minutes"
    if "customers" not in raw or duration not in raw or not ({"feeder", "town"} & set(raw)):
        raise InputError(code="plans_columns", file=path)
    out = raw.copy()
    for col in ("customers", duration):
        values = pd.to_numeric(out[col], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            value = out[col].iloc[i]
            raise InputError(code="plans_number", file=path, row=i + 2, column=col, value=repr(value))
        out[col] = values
    if duration == "minutes":
        out["hours"] = out.pop("minutes") / 60
    if "area" in out:
        table = lookup_table(AREA_VALUES)
        out["area"] = out["area"].map(lambda v: table.get(normalize(v)) if v else None)
    return out


def what_if(ds, as_of, plans: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cost planned outages and their effect on the year-end projection.

    Parameters
    ----------
    plans : pandas.DataFrame
        ``feeder`` or ``town``, ``customers`` [customers], ``hours`` [h], optional ``area``; a missing area is
        taken from the events of that feeder or town when they all lie in one area (a unit with outages in both
        is an error asking for the area: the plan's area is never guessed).

    Returns
    -------
    costs : pandas.DataFrame
        Each plan with ``area`` and ``customer_hours`` = customers x hours [customer-hours].
    effect : pandas.DataFrame
        Per area: ``added_ch``, ``added_saidi_h`` (added customer-hours / customers served), projected median
        SAIDI and probability of meeting the target before and after, and the status after.
    """
    events = ds.events
    as_of = pd.Timestamp(as_of).normalize()
    plans = plans.copy()
    if "area" not in plans:
        plans["area"] = None
    for key in ("feeder", "town"):
        if key in plans:  # an area only where all the unit's outages lie in one; never the likelier of two
            areas = events[events[key] != ""].groupby(key, observed=True)["area"].unique()
            both = plans["area"].isna() & plans[key].map(areas.map(len)).gt(1)
            if both.any():
                raise InputError(code="plans_area_ambiguous", name=repr(plans.loc[both, key].iloc[0]))
            plans["area"] = plans["area"].fillna(plans[key].map(areas[areas.map(len) == 1].str[0]))
    missing = plans["area"].isna()
    if missing.any():
        name = plans.loc[missing].iloc[0].get("feeder", plans.loc[missing].iloc[0].get("town"))
        raise InputError(code="plans_unknown_unit", name=repr(name))
    plans["customer_hours"] = plans["customers"] * plans["hours"]
    rows = []
    for area in AREAS:
        added = float(plans.loc[plans["area"] == area, "customer_hours"].sum())
        before = year_end(ds, as_of, area)
        after = year_end(ds, as_of, area, extra_customer_hours=added)
        rows.append({"area": area, "added_ch": added, "added_saidi_h": after.mean_h - before.mean_h,
                     "median_before_h": before.median_h, "median_after_h": after.median_h,
                     "probability_before": before.probability_met, "probability_after": after.probability_met,
                     "status_after": status(after.probability_met, ds.params, calibratable(ds))})
    return plans, pd.DataFrame(rows)
