"""The outage-hour budget split to 供电所 (issue 29; docs/spec.md §9): each area's budget of
:func:`lqrel.budget.burn_down` shared between its towns, their use month by month, and what a proposed planned
outage does to a town's and the county's year (先算后停).

Weights (``budget.town_split``; they add up to 1 within an area, so the towns' budgets add up to the area's):

- ``customers``: w_u = customers of town u in the area / the area's customers, each weighted by the hours of the
  year's months the customers file counts (the last month before the year when it counts none of them);
- ``history``: w_u = the town's customer-hours in the area / the area's, over the fully covered years among the
  ``town_history_years`` before the budget's year (the customers weights when there is no such year or no
  customer-hours in it);
- ``blend``: w_u = (1 - a) x customers + a x history, a = ``town_history_weight``.

A town's month budget = its weight x the area's month budget (the area's seasonal shape and planned share);
its use = its own customer-hours (hours inside the month, docs/spec.md §5), on the data the target is judged on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel import targets
from lqrel.accountability import unit_table
from lqrel.budget import burn_down, what_if
from lqrel.customers import name_key
from lqrel.errors import DataError, InputError
from lqrel.params import AREAS
from lqrel.periods import Period, year_period


def customer_weights(ds, year: int) -> pd.DataFrame:
    """``area``, ``town``, ``customers`` (hour-weighted customers of the year's counted months) and
    ``customers_weight`` (its share of the area's)."""
    tc = ds.town_customers
    if tc is None or tc.empty:
        raise DataError(code="town_budget_no_towns")
    tc = tc[tc["area"].isin(AREAS)]
    months = tc["month"].dt.year == year
    rows = tc[months] if months.any() else tc[tc["month"] == tc.loc[tc["month"].dt.year < year, "month"].max()]
    hours = rows["month"].map(lambda m: m.days_in_month * 24).astype(float)
    rows = rows.assign(weighted=rows["customers"] * hours, hours=hours)
    out = rows.groupby(["area", "town"], as_index=False)[["weighted", "hours"]].sum()
    out["customers"] = out["weighted"] / out.pop("hours")
    out["customers_weight"] = out["weighted"] / out.groupby("area")["weighted"].transform("sum")
    return out.drop(columns="weighted")


def history_weights(ds, year: int, towns: pd.DataFrame) -> tuple[pd.Series, list[int]]:
    """Each (area, town) of ``towns``' share of its area's customer-hours over the fully covered years among the
    ``town_history_years`` before ``year`` (aligned to ``towns``; NaN for an area without history) and those
    years."""
    data = targets.judged(ds)
    coverage = data.require_coverage()
    years = [y for y in range(year - ds.params.budget.town_history_years, year) if coverage.covers_year(y)]
    if not years:
        return pd.Series(np.nan, index=towns.index), years
    sums = []
    for y in years:
        t = data.indices(year_period(y, ds.params.timezone), ("area", "town"))
        sums.append(t[t["area"].isin(AREAS)][["area", "town", "customer_hours"]])
    hist = pd.concat(sums).assign(key=lambda d: d["town"].map(name_key))
    hist = hist.groupby(["area", "key"])["customer_hours"].sum()
    keys = pd.MultiIndex.from_arrays([towns["area"], towns["town"].map(name_key)])
    own = pd.Series(hist.reindex(keys).fillna(0).to_numpy(), index=towns.index)
    total = own.groupby(towns["area"]).transform("sum")
    return (own / total).where(total > 0), years


def town_weights(ds, year: int) -> pd.DataFrame:
    """``area``, ``town``, ``customers``, ``customers_weight``, ``history_weight`` and ``weight`` (the split of
    ``budget.town_split``; module docstring). ``attrs["notes"]``: ``town_split_no_history`` per area that had to
    fall back on the customers weights."""
    settings = ds.params.budget
    out = customer_weights(ds, year)
    history, years = history_weights(ds, year, out)
    out["history_weight"] = history
    a = {"customers": 0.0, "history": 1.0, "blend": settings.town_history_weight}[settings.town_split]
    blended = (1 - a) * out["customers_weight"] + a * out["history_weight"]
    out["weight"] = blended.fillna(out["customers_weight"])
    notes = [{"code": "town_split_no_history", "area": area, "years": settings.town_history_years}
             for area in sorted(out.loc[history.isna(), "area"].unique()) if a > 0]
    out.attrs.update(notes=notes, years=years, method=settings.town_split)
    return out


def _town_actuals(ds, year: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """Customer-hours per area, town and month of ``year`` through ``as_of`` within the coverage (as
    :func:`lqrel.budget.burn_down` cuts them): ``area``, ``key``, ``month`` (1-12), ``actual_ch``,
    ``actual_planned_ch``."""
    data = targets.judged(ds)
    coverage = data.require_coverage()
    period = year_period(year, ds.params.timezone)
    cut = min((as_of + pd.Timedelta(days=1)).tz_localize(period.start.tz), period.end, coverage.end)
    start = max(period.start, coverage.start)
    if cut <= start:
        return pd.DataFrame(columns=["area", "key", "month", "actual_ch", "actual_planned_ch"])
    t = data.indices(Period(f"{year}", start, cut), ("area", "month", "town"))
    t = t[t["area"].isin(AREAS)]
    return pd.DataFrame({"area": t["area"], "key": t["town"].map(name_key), "month": t["month"].str[5:].astype(int),
                         "actual_ch": t["customer_hours"], "actual_planned_ch": t["saidi_s_h"] * t["customers_served"]})


def town_burn_down(ds, year: int, as_of=None) -> pd.DataFrame:
    """Each town's budget and use month by month (docs/spec.md §9; weights in the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``area``, ``town``, ``month`` (1-12), ``weight``, ``budget_ch``, ``budget_planned_ch``, ``actual_ch``,
        ``actual_planned_ch``, ``actual_fault_ch`` (NaN after the as-of month or the data's end),
        ``cumulative_budget_ch``, ``cumulative_actual_ch``, ``annual_budget_ch``, ``annual_planned_ch`` and
        ``remaining_ch`` = annual budget - cumulative actual [customer-hours]. The towns' budgets add up to the
        area's of :func:`lqrel.budget.burn_down`. ``attrs["notes"]``: the area budget's notes and the split's.
    """
    as_of = pd.Timestamp(as_of or f"{year}-12-31").normalize()
    area = burn_down(ds, year, as_of)
    weights = town_weights(ds, year)
    months = area[["area", "month", "budget_ch", "budget_planned_ch", "annual_budget_ch", "actual_ch"]]
    out = weights[["area", "town", "weight"]].merge(months.rename(columns={"actual_ch": "area_actual_ch"}), on="area")
    for column in ("budget_ch", "budget_planned_ch", "annual_budget_ch"):
        out[column] = out[column] * out["weight"]
    out["annual_planned_ch"] = out.groupby(["area", "town"])["budget_planned_ch"].transform("sum")
    actual = _town_actuals(ds, year, as_of)
    out = out.assign(key=out["town"].map(name_key)).merge(actual, on=["area", "key", "month"], how="left")
    done = out.pop("area_actual_ch").notna()
    for column in ("actual_ch", "actual_planned_ch"):
        out[column] = out[column].fillna(0).where(done)
    out["actual_fault_ch"] = out["actual_ch"] - out["actual_planned_ch"]
    out = out.drop(columns="key").sort_values(["area", "town", "month"]).reset_index(drop=True)
    group = out.groupby(["area", "town"])
    out["cumulative_budget_ch"] = group["budget_ch"].cumsum()
    out["cumulative_actual_ch"] = group["actual_ch"].cumsum()
    out["remaining_ch"] = out["annual_budget_ch"] - out["cumulative_actual_ch"]
    remaining = area.groupby("area")["remaining_ch"].agg(lambda r: r.dropna().iloc[-1] if r.notna().any() else np.nan)
    out.attrs.update(notes=area.attrs.get("notes", []) + weights.attrs["notes"], as_of=as_of, year=year,
                     split=weights.attrs["method"],
                     area_remaining=remaining.to_dict(), area_annual=area.groupby("area")["annual_budget_ch"].first()
                     .to_dict())
    return out


def town_status(monthly: pd.DataFrame, month: int | None = None) -> pd.DataFrame:
    """Each town's budget status from :func:`town_burn_down`: ``area``, ``town``, ``annual_budget_ch``,
    ``budget_to_date_ch`` (the budget of the months with actuals), ``used_ch``, ``used_planned_ch``,
    ``used_fault_ch``, ``remaining_ch`` (annual - used), ``planned_allowance_left_ch`` (annual planned budget -
    planned use) and ``used_share`` (used / annual). With ``month``: that month's ``month_budget_ch`` and
    ``month_actual_ch`` too (a monthly report's burn-down)."""
    done = monthly[monthly["actual_ch"].notna()]
    keys = ["area", "town"]
    first = monthly.groupby(keys, as_index=False)[["annual_budget_ch", "annual_planned_ch"]].first()
    used = done.groupby(keys).agg(budget_to_date_ch=("budget_ch", "sum"), used_ch=("actual_ch", "sum"),
                                  used_planned_ch=("actual_planned_ch", "sum"),
                                  used_fault_ch=("actual_fault_ch", "sum"))
    out = first.merge(used.reset_index(), on=keys, how="left")
    for column in ("budget_to_date_ch", "used_ch", "used_planned_ch", "used_fault_ch"):
        out[column] = out[column].fillna(0)
    out["remaining_ch"] = out["annual_budget_ch"] - out["used_ch"]
    out["planned_allowance_left_ch"] = out.pop("annual_planned_ch") - out["used_planned_ch"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["used_share"] = (out["used_ch"] / out["annual_budget_ch"]).where(out["annual_budget_ch"] > 0)
    if month is not None:
        this = monthly[monthly["month"] == month].set_index(keys)
        index = pd.MultiIndex.from_frame(out[keys])
        out["month_budget_ch"] = this["budget_ch"].reindex(index).to_numpy()
        out["month_actual_ch"] = this["actual_ch"].reindex(index).to_numpy()
    out.attrs.update(monthly.attrs)
    return out.sort_values(["area", "used_share"], ascending=[False, False]).reset_index(drop=True)


def _plan_towns(ds, plans: pd.DataFrame, town: str | None) -> pd.DataFrame:
    """Plans with the town each falls on: its own ``town`` cell, else ``town`` (``--town``), else the town of
    the feeder's events; names as the customers file writes them; without an ``area`` cell, the town's area
    when the customers file has it in one area only."""
    if ds.town_customers is None:
        raise DataError(code="town_budget_no_towns")
    plans = plans.copy()
    if "town" not in plans:
        plans["town"] = ""
    plans["town"] = plans["town"].fillna("").astype(str)
    if town:
        plans.loc[plans["town"] == "", "town"] = town
    if "feeder" in plans:
        events = ds.events[(ds.events["feeder"] != "") & (ds.events["town"] != "")]
        known = events.groupby("feeder")["town"].agg(lambda t: t.mode().iloc[0])
        blank = plans["town"] == ""
        plans.loc[blank, "town"] = plans.loc[blank, "feeder"].map(known).fillna("")
    names = {name_key(t): t for t in ds.town_customers["town"]}
    unknown = [t for t in plans["town"] if name_key(t) not in names]
    if unknown:
        raise InputError(code="plans_unknown_town", name=repr(unknown[0]))
    plans["town"] = plans["town"].map(lambda t: names[name_key(t)])
    areas = ds.town_customers.groupby("town")["area"].agg(lambda a: a.iloc[0] if a.nunique() == 1 else None)
    if "area" not in plans:
        plans["area"] = None
    plans["area"] = plans["area"].fillna(plans["town"].map(areas))  # a town in two areas: its feeder's area
    return plans


def town_what_if(ds, as_of, plans: pd.DataFrame, town: str | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What proposed planned outages do to their 供电所's year and the county's (先算后停; docs/spec.md §9).

    Parameters
    ----------
    plans : pandas.DataFrame
        :func:`lqrel.budget.load_plans`: ``feeder`` or ``town``, ``customers``, ``hours``.
    town : str, optional
        The town of the plans that name none (``--town``).

    Returns
    -------
    costs : pandas.DataFrame
        Each plan with its ``town``, ``area`` and ``customer_hours`` [customer-hours].
    towns : pandas.DataFrame
        Per area and town planned on: ``area``, ``town``, ``town_budget_ch`` (the town's part of the area's year
        budget), ``town_used_ch`` (used to the as-of day), ``added_ch`` (the plans), ``remaining_before_ch``,
        ``remaining_after_ch``, ``planned_left_before_ch``, ``planned_left_after_ch`` (its year budget and planned
        allowance left before and after the plans) [customer-hours]; ``own_saidi_ytd_h`` and
        ``own_saidi_with_plan_h`` (the town's own SAIDI from 1 January to the as-of day over all its areas,
        :func:`lqrel.accountability.unit_table`, and with the plans' customer-hours added over its own customers
        [h]: the same on each of its rows); ``area_remaining_before_ch``, ``area_remaining_after_ch`` (the area's,
        all its towns together), and the area's projected year SAIDI ``median_before_h``, ``median_after_h`` [h].
    effect : pandas.DataFrame
        :func:`lqrel.budget.what_if`'s effect per area.
    """
    as_of = pd.Timestamp(as_of).normalize()
    plans = _plan_towns(ds, plans, town)
    costs, effect = what_if(ds, as_of, plans)
    monthly = town_burn_down(ds, as_of.year, as_of)
    status = town_status(monthly).set_index(["area", "town"])
    left = {a: r if not np.isnan(r) else monthly.attrs["area_annual"][a]
            for a, r in monthly.attrs["area_remaining"].items()}
    by_area = effect.set_index("area")
    own = unit_table(ds, as_of.year, "town", as_of).set_index("unit")
    added = costs.groupby("town")["customer_hours"].sum()
    with_plan = (own["customer_hours"] + added.reindex(own.index).fillna(0)) / own["customers_served"]
    rows = []
    for (area, name), ch in costs.groupby(["area", "town"])["customer_hours"].sum().items():
        s = status.loc[(area, name)] if (area, name) in status.index else None
        remaining = float(s["remaining_ch"]) if s is not None else np.nan  # no budget of that town in that area
        planned_left = float(s["planned_allowance_left_ch"]) if s is not None else np.nan
        e = by_area.loc[area]
        rows.append({"area": area, "town": name, "town_budget_ch": float(s["annual_budget_ch"]) if s is not None
                     else np.nan, "town_used_ch": float(s["used_ch"]) if s is not None else np.nan,
                     "added_ch": float(ch), "remaining_before_ch": remaining,
                     "remaining_after_ch": remaining - ch, "planned_left_before_ch": planned_left,
                     "planned_left_after_ch": planned_left - ch,
                     "own_saidi_ytd_h": own["saidi_h"].get(name, np.nan),
                     "own_saidi_with_plan_h": with_plan.get(name, np.nan), "area_remaining_before_ch": left[area],
                     "area_remaining_after_ch": left[area] - float(e["added_ch"]),
                     "median_before_h": e["median_before_h"], "median_after_h": e["median_after_h"]})
    return costs, pd.DataFrame(rows), effect
