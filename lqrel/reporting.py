"""The tables of the periodic report, computed from events and customers (no presentation here).

Every number in the report comes from :func:`lqrel.indices` through these functions, so the headline of a
report equals ``lqrel indices --json`` for the same period.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lqrel.errors import DataError
from lqrel.forecast import status, year_end
from lqrel.i18n import message
from lqrel.indices import indices
from lqrel.params import AREAS, Params, load_params
from lqrel.periods import Period, parse_period, year_period
from lqrel.targets import verdict


def _saidi_or_none(events, customers, period: Period, params: Params) -> dict[str, float | None]:
    """SAIDI [h] per area for a period, None for every area when the data do not cover it."""
    try:
        t = indices(events, customers, period, ("area",), params)
    except DataError:
        return dict.fromkeys((*AREAS, "all"))
    return dict(zip(t["area"], t["saidi_h"], strict=True))


def is_full_year(period: Period) -> bool:
    """True when the period is exactly one calendar year."""
    year = year_period(period.start.year, str(period.start.tz))
    return (period.start, period.end) == (year.start, year.end)


def year_to_date(period: Period) -> Period:
    """From 1 January of the period's year to the period's end."""
    start = period.start.tz_localize(None).replace(month=1, day=1).tz_localize(period.start.tz)
    return Period(f"{period.start.year}YTD", start, period.end)


def last_twelve_months(period: Period) -> Period:
    """The twelve months that end with the period."""
    end = period.end
    start = (end.tz_localize(None) - pd.DateOffset(years=1)).tz_localize(end.tz)
    return Period(f"12M->{period.label}", start, end)


@dataclass(frozen=True)
class Headline:
    """Headline table (:func:`is_full_year` says whether its status is a verdict or a projection)."""

    table: pd.DataFrame


def headline(events: pd.DataFrame, customers: pd.DataFrame, period: str | Period, params=None) -> Headline:
    """Per area: the period's SAIDI, year to date, same period last year and change, last 12 months, the limit,
    the reduction ceiling, the projected (or actual) year and the status.

    Returns
    -------
    Headline
        ``table`` columns: ``area``, ``period_saidi_h``, ``ytd_saidi_h``, ``last_year_saidi_h``, ``change``,
        ``last12_saidi_h``, ``limit_h``, ``previous_year_saidi_h``, ``reduction_allowed_h``, for a quarter or
        half-year the projection (:func:`lqrel.forecast.year_end`: ``projected_year_saidi_h`` median,
        ``projected_p10_h`` and ``projected_p90_h`` the 80% interval, ``probability_met``), ``status``
        (``met``, ``at_risk``, ``off_track``: for a full year the verdict, else from the probability) and
        ``criterion`` (full year: ``limit``, ``reduction``, ``both``, ``none``). All SAIDI in hours.
    """
    params = load_params(params)
    if isinstance(period, str | int):
        period = parse_period(period, params.timezone)
    t = params.targets
    full = is_full_year(period)
    current = indices(events, customers, period, ("area",), params)  # errors here name the area and month
    now = dict(zip(current["area"], current["saidi_h"], strict=True))
    ytd = _saidi_or_none(events, customers, year_to_date(period), params)
    last = _saidi_or_none(events, customers, period.shift_years(-1), params)
    last12 = _saidi_or_none(events, customers, last_twelve_months(period), params)
    prev_year = _saidi_or_none(
        events, customers, parse_period(str(period.start.year - 1), params.timezone), params
    )
    as_of = (period.end - pd.Timedelta(days=1)).tz_localize(None)
    rows = []
    for area in AREAS:
        limit = t.max_saidi_h[area]
        prev = prev_year.get(area)
        allowed = prev * (1 - t.reduction) if prev else None
        projection = {"projected_year_saidi_h": None, "projected_p10_h": None, "projected_p90_h": None,
                      "probability_met": None}
        if full:
            v = verdict(now[area], limit, prev, t.reduction)
            state, criterion = ("met" if v["met"] else "off_track"), v["criterion"]
        else:
            f = year_end(events, customers, as_of, area, params)
            projection = {"projected_year_saidi_h": f.median_h, "projected_p10_h": f.p80_h[0],
                          "projected_p90_h": f.p80_h[1], "probability_met": f.probability_met}
            state, criterion = status(f.probability_met, params), ""
        change = (now[area] / last[area] - 1) if last.get(area) else None
        rows.append({
            "area": area, "period_saidi_h": now[area], "ytd_saidi_h": ytd[area],
            "last_year_saidi_h": last.get(area), "change": change, "last12_saidi_h": last12.get(area),
            "limit_h": limit, "previous_year_saidi_h": prev, "reduction_allowed_h": allowed, **projection,
            "status": state, "criterion": criterion,
        })
    return Headline(pd.DataFrame(rows))


def monthly(events: pd.DataFrame, customers: pd.DataFrame, period: str | Period, params=None) -> pd.DataFrame:
    """Monthly SAIDI per area for the period's year, this year up to the period's end and all of last year.

    Returns
    -------
    pandas.DataFrame
        ``area``, ``month`` (1-12), ``saidi_h`` (this year, NaN after the period), ``cumulative_h``,
        ``last_year_saidi_h``, ``last_year_cumulative_h``, ``allowance_h`` (limit / 12) and
        ``allowance_cumulative_h`` [h]. Only urban and rural.
    """
    params = load_params(params)
    if isinstance(period, str | int):
        period = parse_period(period, params.timezone)
    ytd = year_to_date(period)
    this = indices(events, customers, Period(ytd.label, ytd.start, ytd.end), ("area", "month"), params)
    this = this[this["area"].isin(AREAS)].assign(month=lambda d: d["month"].str[5:].astype(int))
    try:
        last = indices(events, customers, str(period.start.year - 1), ("area", "month"), params)
        last = last[last["area"].isin(AREAS)].assign(month=lambda d: d["month"].str[5:].astype(int))
    except DataError:
        last = pd.DataFrame({"area": [], "month": [], "saidi_h": []})
    grid = pd.DataFrame([(a, m) for a in AREAS for m in range(1, 13)], columns=["area", "month"])
    out = grid.merge(this[["area", "month", "saidi_h"]], how="left", on=["area", "month"])
    out = out.merge(last[["area", "month", "saidi_h"]].rename(columns={"saidi_h": "last_year_saidi_h"}),
                    how="left", on=["area", "month"])
    out["cumulative_h"] = out.groupby("area")["saidi_h"].cumsum().where(out["saidi_h"].notna())
    out["last_year_cumulative_h"] = out.groupby("area")["last_year_saidi_h"].cumsum()
    limits = out["area"].map(params.targets.max_saidi_h)
    out["allowance_h"] = limits / 12
    out["allowance_cumulative_h"] = limits * out["month"] / 12
    return out


def top_groups(events, customers, period, key: str, n: int = 10, params=None) -> pd.DataFrame:
    """The ``n`` groups (town or feeder) with the most customer-hours in the period, all areas together.

    Returns ``key``, ``area`` (the group's area, or ``urban+rural`` when it has both), ``customer_hours``,
    ``customer_interruptions``, ``events`` and ``saidi_h`` (its contribution to the county's SAIDI) [h].
    """
    t = indices(events, customers, period, ("area", key), params)
    county = t[t["area"] == "all"].set_index(key)
    areas = t[t["area"] != "all"].groupby(key)["area"].agg(lambda a: "+".join(sorted(set(a), reverse=True)))
    out = county[["customer_hours", "customer_interruptions", "events", "saidi_h"]].assign(area=areas)
    out = out[out["customer_hours"] > 0].sort_values(["customer_hours", "events"], ascending=False).head(n)
    return out.reset_index()[[key, "area", "customer_hours", "customer_interruptions", "events", "saidi_h"]]


def cause_pareto(events, customers, period, params=None) -> pd.DataFrame:
    """Causes ranked by customer-hours with their share and cumulative share of the county's total.

    Events without a cause are grouped under an empty name.
    """
    t = indices(events, customers, period, ("area", "cause"), params)
    t = t[(t["area"] == "all") & (t["customer_hours"] > 0)].sort_values("customer_hours", ascending=False)
    total = t["customer_hours"].sum()
    t = t.assign(share=t["customer_hours"] / total, cumulative_share=t["customer_hours"].cumsum() / total)
    return t[["cause", "customer_hours", "events", "saidi_h", "share", "cumulative_share"]].reset_index(drop=True)


def quality(report, rejects: pd.DataFrame, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """Data-quality tables: the reconciliation, rejects by reason, and the rejected rows and warnings, with
    reasons and warnings in ``lang``."""
    rejects = rejects.assign(reason=rejects["reason"].map(lambda r: message(r, lang)))
    warned = report.warnings.assign(message=report.warnings["message"].map(lambda m: message(m, lang)))
    summary = pd.DataFrame(
        [("q_file", report.path), ("q_sha256", report.sha256), ("q_rows_read", report.rows_read),
         ("q_accepted", report.accepted), ("q_rejected", report.rejected), ("q_duplicates", report.duplicates),
         ("q_warnings", len(report.warnings))],
        columns=["item", "value"],
    )
    by_reason = rejects.groupby("reason").size().rename("count").reset_index().sort_values(
        ["count", "reason"], ascending=[False, True]
    )
    return {"summary": summary, "by_reason": by_reason, "rejects": rejects, "warnings": warned}


def policies(params=None) -> pd.DataFrame:
    """The counting policies a report used, as (key, value) rows."""
    p = load_params(params)
    return pd.DataFrame(
        [("p_standard", p.standard), ("p_short", f"{p.short_threshold_min:g}"), ("p_boundary", p.boundary),
         ("p_customers_basis", p.customers_basis), ("p_timezone", p.timezone),
         ("p_reduction", f"{p.targets.reduction:.0%} {p.targets.reduction_mode}"
          + (f" {p.targets.baseline_year}" if p.targets.baseline_year else ""))],
        columns=["policy", "value"],
    )


@dataclass
class ReportInputs:
    """Everything a report reads, loaded once at the edge (the notebook's first cell)."""

    params: Params
    period: Period
    events: pd.DataFrame
    rejects: pd.DataFrame
    load_report: object
    customers: pd.DataFrame


def load_inputs(params_path: str, events_path: str, customers_path: str, period: str) -> ReportInputs:
    """Read settings, events and customers for a report; empty paths fall back to those in the settings."""
    from pathlib import Path

    from lqrel.customers import customers_above_served, load_customers
    from lqrel.events import load_events

    params = load_params(Path(params_path) if params_path else None)
    events_file = Path(events_path) if events_path else params.events
    customers_file = Path(customers_path) if customers_path else params.customers
    if events_file is None or customers_file is None:
        raise DataError("no events or customers file: give them or name them in params.yaml")
    events, rejects, report = load_events(events_file, params)
    customers = load_customers(customers_file, params)
    report.warnings = pd.concat([report.warnings, customers_above_served(events, customers)], ignore_index=True)
    return ReportInputs(params, parse_period(period, params.timezone), events, rejects, report, customers)


def report_tables(inp: ReportInputs, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The report's tables by name: headline, indices (全量) and indices_excl (剔除, major event days
    removed), monthly, towns, feeders, causes, med, trend, projection, frequent, budget, quality, by_reason,
    rejects, warnings (reasons and warnings in ``lang``), policies."""
    from lqrel.budget import burn_down
    from lqrel.forecast import monthly_series, monthly_table, stl_trend
    from lqrel.frequent import classify
    from lqrel.med import exclude, major_event_days

    ev, cu, p, params = inp.events, inp.customers, inp.period, inp.params
    q = quality(inp.load_report, inp.rejects, lang)
    year = p.start.year
    as_of = (p.end - pd.Timedelta(days=1)).tz_localize(None)
    med = major_event_days(ev, cu, year, params)
    med_days = med.loc[med["major"] & (med["date"] <= as_of)]
    shared = monthly_table(ev, cu, params)  # one aggregation by month for the trend and the budget profile
    trend = []
    for area in AREAS:
        series = monthly_series(ev, cu, area, params, shared)
        series = series[series.index <= as_of]
        parts = stl_trend(series)
        if parts is not None:
            trend.append(parts.rename_axis("month").reset_index().assign(area=area))
    projection = headline(ev, cu, p, params).table
    return {
        "headline": projection,
        "indices": indices(ev, cu, p, ("area",), params),
        "indices_excl": indices(exclude(ev, med_days["date"]), cu, p, ("area",), params),
        "monthly": monthly(ev, cu, p, params),
        "towns": top_groups(ev, cu, p, "town", 10, params),
        "feeders": top_groups(ev, cu, p, "feeder", 10, params),
        "causes": cause_pareto(ev, cu, p, params),
        "med_daily": med[med["date"] <= as_of],
        "med": med_days[["date", "saidi_min", "t_med_min", "computed", "listed"]].reset_index(drop=True),
        "trend": pd.concat(trend, ignore_index=True) if trend else pd.DataFrame(),
        "frequent": classify(ev, year, as_of, params, exclude_dates=set(med_days["date"]))
        if "feeder" in ev and (ev["feeder"] != "").any() else pd.DataFrame(),
        "budget": burn_down(ev, cu, year, as_of, params, shared),
        "quality": q["summary"],
        "by_reason": q["by_reason"],
        "rejects": q["rejects"],
        "warnings": q["warnings"],
        "policies": policies(params),
    }
