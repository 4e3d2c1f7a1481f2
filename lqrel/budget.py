"""Outage-hour budget (预算式停电管理, action plan task 48; domain.md 9).

The year's allowed customer-hours (停电时户数) per area = limit SAIDI [h] x customers served; spread over the
months by the seasonal profile of past years (or flat, by each month's hours), and between planned and fault
outages by the historical planned share (or ``budget.planned_share``). Actual use is tracked month by month
with the remaining allowance; a planned outage is costed in customer-hours before approval (what-if).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel.customers import customers_served
from lqrel.errors import DataError, InputError
from lqrel.forecast import status, year_end
from lqrel.indices import indices
from lqrel.params import AREAS, Params, load_params
from lqrel.periods import year_period


def seasonal_profile(events, customers, year: int, params: Params, monthly: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """Share of each month in the annual customer-hours, averaged over up to five years before ``year``,
    per area; months without history fall back to flat (hours of the month / hours of the year).

    ``monthly`` is a ready :func:`lqrel.forecast.monthly_table` (else the indices are computed here)."""
    shares = []
    for y in range(year - 5, year):
        if monthly is not None:
            t = monthly[monthly["month"].str.startswith(f"{y}-")]
            if len(t[t["area"] == "all"]) != 12:
                continue
        else:
            try:
                t = indices(events, customers, str(y), ("area", "month"), params)
            except DataError:
                continue
        t = t[t["area"].isin(AREAS)]
        total = t.groupby("area")["customer_hours"].transform("sum")
        shares.append(t.assign(share=t["customer_hours"] / total, m=t["month"].str[5:].astype(int)))
    months = year_period(year, params.timezone).months()
    flat = pd.Series([m.hours for m in months], index=range(1, 13)) / sum(m.hours for m in months)
    rows = []
    for area in AREAS:
        if shares:
            hist = pd.concat(shares)
            prof = hist[hist["area"] == area].groupby("m")["share"].mean().reindex(range(1, 13))
            prof = prof.fillna(flat) if prof.notna().any() else flat
        else:
            prof = flat
        prof = prof / prof.sum()
        rows += [(area, m, float(prof[m])) for m in range(1, 13)]
    return pd.DataFrame(rows, columns=["area", "month", "share"])


def planned_share(events, customers, year: int, params: Params) -> dict[str, float]:
    """Planned customer-hours as a share of all, per area: the setting, or the five years before ``year``."""
    if params.budget.planned_share is not None:
        return dict.fromkeys(AREAS, params.budget.planned_share)
    out = {}
    for area in AREAS:
        planned = total = 0.0
        for y in range(year - 5, year):
            try:
                t = indices(events, customers, str(y), ("area",), params).set_index("area")
            except DataError:
                continue
            planned += t.loc[area, "saidi_s_h"] * t.loc[area, "customers_served"]
            total += t.loc[area, "customer_hours"]
        out[area] = planned / total if total > 0 else 0.5
    return out


def burn_down(events, customers, year: int, as_of=None, params=None, monthly: pd.DataFrame | None = None
              ) -> pd.DataFrame:
    """Monthly budget and actual customer-hours per area, cumulative, with the remaining allowance.

    Returns
    -------
    pandas.DataFrame
        ``area``, ``month`` (1-12), ``budget_ch``, ``budget_planned_ch``, ``budget_fault_ch``, ``actual_ch``,
        ``actual_planned_ch``, ``actual_fault_ch`` (NaN after the as-of month), ``cumulative_budget_ch``,
        ``cumulative_actual_ch`` and ``remaining_ch`` = annual budget - cumulative actual [customer-hours].
        The annual budget is the limit [h] x the year's customers served [customers].
    """
    params = load_params(params)
    as_of = pd.Timestamp(as_of or f"{year}-12-31").normalize()
    period = year_period(year, params.timezone)
    profile = (seasonal_profile(events, customers, year, params, monthly)
               if params.budget.allocation == "seasonal" else None)
    split = planned_share(events, customers, year, params)
    end_month = as_of.month if as_of.year == year else 12
    actual = indices(events, customers, f"{year}-01..{year}-{end_month:02d}", ("area", "month"), params)
    actual = actual[actual["area"].isin(AREAS)].assign(m=lambda d: d["month"].str[5:].astype(int))
    rows = []
    for area in AREAS:
        served = customers_served(customers, area, period, params.customers_basis)
        annual = params.targets.max_saidi_h[area] * served
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
                         "annual_budget_ch": annual})
    out = pd.DataFrame(rows)
    out["cumulative_budget_ch"] = out.groupby("area")["budget_ch"].cumsum()
    out["cumulative_actual_ch"] = out.groupby("area")["actual_ch"].cumsum()
    out["remaining_ch"] = out["annual_budget_ch"] - out["cumulative_actual_ch"]
    return out


def load_plans(path) -> pd.DataFrame:
    """Planned outages to cost: CSV with ``feeder`` or ``town`` (线路名称 / 供电所), ``customers`` (停电用户数),
    ``hours`` (停电时长(小时)), optional ``area`` (区域) and ``date``."""
    from pathlib import Path

    from lqrel.vocab import AREA_VALUES, lookup_table, normalize

    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: cannot read planned outages ({exc})") from exc
    aliases = {"线路名称": "feeder", "线路": "feeder", "供电所": "town", "停电用户数": "customers",
               "停电时长(小时)": "hours", "停电时长": "hours", "区域": "area", "日期": "date"}
    raw = raw.rename(columns=lambda c: aliases.get(c.strip(), c.strip()))
    if "customers" not in raw or "hours" not in raw or not ({"feeder", "town"} & set(raw)):
        raise InputError(f"{path}: expected columns feeder or town, customers, hours")
    out = raw.copy()
    for col in ("customers", "hours"):
        values = pd.to_numeric(out[col], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            value = out[col].iloc[i]
            raise InputError(f"{path}, row {i + 2}, column '{col}': expected a number >= 0 (value {value!r})")
        out[col] = values
    if "area" in out:
        table = lookup_table(AREA_VALUES)
        out["area"] = out["area"].map(lambda v: table.get(normalize(v)) if v else None)
    return out


def what_if(events, customers, as_of, plans: pd.DataFrame, params=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cost planned outages and their effect on the year-end projection.

    Parameters
    ----------
    plans : pandas.DataFrame
        ``feeder`` or ``town``, ``customers`` [customers], ``hours`` [h], optional ``area``; a missing area is
        taken from the events of that feeder or town.

    Returns
    -------
    costs : pandas.DataFrame
        Each plan with ``area`` and ``customer_hours`` = customers x hours [customer-hours].
    effect : pandas.DataFrame
        Per area: ``added_ch``, ``added_saidi_h`` (added customer-hours / customers served), projected median
        SAIDI and probability of meeting the target before and after, and the status after.
    """
    params = load_params(params)
    as_of = pd.Timestamp(as_of).normalize()
    plans = plans.copy()
    if "area" not in plans:
        plans["area"] = None
    for key in ("feeder", "town"):
        if key in plans:
            known = events[events[key] != ""].groupby(key)["area"].agg(lambda a: a.mode().iloc[0])
            plans["area"] = plans["area"].fillna(plans[key].map(known))
    missing = plans["area"].isna()
    if missing.any():
        name = plans.loc[missing].iloc[0].get("feeder", plans.loc[missing].iloc[0].get("town"))
        raise InputError(f"planned outage on {name!r}: unknown feeder or town; give its area")
    plans["customer_hours"] = plans["customers"] * plans["hours"]
    rows = []
    for area in AREAS:
        added = float(plans.loc[plans["area"] == area, "customer_hours"].sum())
        before = year_end(events, customers, as_of, area, params)
        after = year_end(events, customers, as_of, area, params, extra_customer_hours=added)
        rows.append({"area": area, "added_ch": added, "added_saidi_h": after.mean_h - before.mean_h,
                     "median_before_h": before.median_h, "median_after_h": after.median_h,
                     "probability_before": before.probability_met, "probability_after": after.probability_met,
                     "status_after": status(after.probability_met, params)})
    return plans, pd.DataFrame(rows)
