"""The tables of the periodic report, computed from one loaded dataset (no presentation here).

Every number in the report comes from :func:`lqrel.indices` or :mod:`lqrel.targets` through these functions:
the headline of a full, covered year is the verdict of ``lqrel check``, and a quarter or half-year shows the
year-end projection of :func:`lqrel.forecast.year_end`. Periods that run past the data coverage are clipped
to it and marked incomplete.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel import messages, targets
from lqrel.calibration import odds, own
from lqrel.forecast import year_end
from lqrel.messages import note
from lqrel.messages.formats import form
from lqrel.params import AREAS
from lqrel.periods import Period, year_period
from lqrel.report.i18n import coverage_source
from lqrel.report.present import report_sections


def _saidi_if_covered(ds, period: Period) -> dict[str, float | None]:
    """SAIDI [h] per area for a period the data fully cover; None for every area otherwise (a figure the data
    cannot speak for is not shown). Missing customers inside the coverage stay an error."""
    if ds.coverage is None or not ds.coverage.covers(period):
        return dict.fromkeys((*AREAS, "all"))
    t = ds.indices(period)
    return dict(zip(t["area"], t["saidi_h"], strict=True))


def is_full_year(period: Period) -> bool:
    """True when the period is exactly one calendar year."""
    return period.kind == "year"


def year_to_date(period: Period) -> Period:
    """From 1 January of the period's year to the period's end."""
    start = period.start.tz_localize(None).replace(month=1, day=1).tz_localize(period.start.tz)
    return Period(f"{period.start.year}YTD", start, period.end)


def last_twelve_months(period: Period) -> Period:
    """The twelve months that end with the period."""
    end = period.end
    start = (end.tz_localize(None) - pd.DateOffset(years=1)).tz_localize(end.tz)
    return Period(f"12M->{period.label}", start, end)


def last_day(period: Period) -> pd.Timestamp:
    """The last local day of a period (naive date)."""
    return (period.end - pd.Timedelta(days=1)).tz_localize(None).normalize()


def ends_year(period: Period) -> bool:
    """True when the period ends on 31 December of its first year (the year, its second half, its fourth
    quarter, December)."""
    year = year_period(period.start.year, str(period.start.tz))
    return period.end == year.end and year.start <= period.start


def is_verdict(ds, period: str | Period) -> bool:
    """Whether a report of ``period`` states the year's verdict (the period ends on 31 December and the data
    cover the whole year: a finished year states its result, docs/spec.md §7) rather than a projection of the
    year."""
    period = ds.period(period)
    return (ends_year(period) and ds.clip(period)[1] and ds.coverage is not None
            and ds.coverage.covers_year(period.start.year))


def period_projection(ds, period: Period, shown: Period, f, so_far_h: float) -> dict[str, float]:
    """The SAIDI [h] projected for the whole of a period whose data stop inside it (the half-year written on the
    data through May, docs/spec.md §12.1): its figure so far (``so_far_h``) plus the part of the year-end
    projection's remainder (``f``, :class:`lqrel.forecast.YearEnd`, its draws) that falls in the period's
    remaining months, by each month's share of the year in past years (:func:`lqrel.budget.seasonal_profile`;
    flat without history). Median and 80% interval; empty for a period that runs into the next year."""
    from lqrel.budget import seasonal_profile

    year = year_period(period.year, ds.params.timezone)
    if period.end > year.end:
        return {}
    profile = seasonal_profile(ds, period.year)
    share = profile[profile["area"] == f.area].set_index("month")["share"]
    months = {m.start.month: m.hours for m in year.months()}

    def weight(end: pd.Timestamp) -> float:
        rest = Period("rest", shown.end, end).months()
        return sum(share[m.start.month] * m.hours / months[m.start.month] for m in rest)

    draws = so_far_h + weight(period.end) / weight(year.end) * (f.samples_h - f.ytd_h)
    low, median, high = (float(v) for v in np.quantile(draws, [0.1, 0.5, 0.9]))
    return {"projected_period_saidi_h": median, "projected_period_p10_h": low, "projected_period_p90_h": high}


def headline(ds, period: str | Period) -> pd.DataFrame:
    """Per area: the period's SAIDI, year to date, same period last year and change, last 12 months, what the
    year is judged against, and the verdict (a full, covered year) or the year-end projection (otherwise).

    All figures are on the data the target is judged on (:func:`lqrel.targets.judged`: all data, or without
    major event days). A period running past the coverage is clipped to it (``complete`` false).

    Returns
    -------
    pandas.DataFrame
        ``area``, ``period_saidi_h``, ``ytd_saidi_h``, ``last_year_saidi_h``, ``change``, ``last12_saidi_h``,
        ``limit_h``, ``year_saidi_h`` (the year's SAIDI of a verdict; null for a projection), ``reference_year``,
        ``reference_saidi_h``, ``reduction_allowed_h``, ``ceiling_h``, the
        projection (``projected_year_saidi_h`` median, ``projected_p10_h`` and ``projected_p90_h`` the 80%
        interval, ``probability_met``; null for a verdict), for a period the data stop inside the whole
        period's projection ``projected_period_saidi_h``, ``projected_period_p10_h``, ``projected_period_p90_h``
        (:func:`period_projection`; null otherwise), ``met``, ``criterion`` and ``reference_change``
        (the verdict of :func:`lqrel.targets.check_targets`, with its change on the reference year; null for a
        projection), ``status`` (verdict: ``met``,
        ``not_met``, ``unknown``; projection: ``on_track``, ``at_risk``, ``off_track``, or ``uncalibrated``
        with no probability when the history has too few complete years to check the odds), ``complete``.
        ``attrs``: ``verdict`` (bool), ``as_of`` (the projection's last day), ``notes``, ``calibration`` (the
        projection's backtest on this data's complete years before the period's year, no later data,
        :meth:`lqrel.calibration.Calibration.to_dict`; None for a verdict), ``targets`` (the target settings,
        whose words every table and sentence of the headline uses), ``shown`` (the part of the period the data
        cover, which the sentences name the figures by).
    """
    period = ds.period(period)
    shown, complete = ds.clip(period)
    data = targets.judged(ds)
    year = period.start.year
    verdict = is_verdict(ds, period)
    current = data.indices(shown)
    now = dict(zip(current["area"], current["saidi_h"], strict=True))
    ytd = _saidi_if_covered(data, year_to_date(shown))
    last = _saidi_if_covered(data, shown.shift_years(-1))
    last12 = _saidi_if_covered(data, last_twelve_months(shown))
    bases, notes = targets.basis(ds, year)
    as_of = last_day(shown)
    if verdict:
        checked = targets.verdicts(ds, year)
        notes = checked.attrs["notes"]
        checked = checked.set_index("area")
    projectable = ds.coverage.start <= year_to_date(shown).start
    if not verdict and not projectable:
        notes = [*notes, {"code": "no_year_to_date", "year": year, "from": ds.coverage.first.isoformat()}]
    rows = []
    for area, b in bases.items():
        row = {"area": area, "period_saidi_h": float(now[area]), "ytd_saidi_h": ytd.get(area),
               "last_year_saidi_h": last.get(area), "change": None, "last12_saidi_h": last12.get(area),
               "limit_h": b.limit_h, "year_saidi_h": None, "reference_year": b.reference_year,
               "reference_saidi_h": b.reference_saidi_h,
               "reduction_allowed_h": b.allowed_h, "ceiling_h": b.ceiling_h, "projected_year_saidi_h": None,
               "projected_p10_h": None, "projected_p90_h": None, "probability_met": None, "met": None,
               "projected_period_saidi_h": None, "projected_period_p10_h": None, "projected_period_p90_h": None,
               "criterion": None, "reference_change": None, "status": "unknown", "complete": complete}
        if last.get(area):
            row["change"] = row["period_saidi_h"] / last[area] - 1
        if verdict:
            c = checked.loc[area]
            row.update(met=c["met"], criterion=c["criterion"], reference_change=c["change"],
                       year_saidi_h=float(c["saidi_h"]),
                       status={True: "met", False: "not_met"}.get(c["met"], "unknown"))
        elif projectable:
            f = year_end(ds, as_of, area)
            # odds unchecked on the years before this one: neither is shown
            probability, word = odds(f.probability_met, ds, before=year)
            row.update(projected_year_saidi_h=f.median_h, projected_p10_h=f.p80_h[0], projected_p90_h=f.p80_h[1],
                       probability_met=probability, status=word,
                       **({} if complete else period_projection(ds, period, shown, f, row["period_saidi_h"])))
        rows.append(row)
    out = pd.DataFrame(rows)
    calibration = own(ds, before=year).to_dict() if projectable and not verdict else None
    out.attrs.update(verdict=verdict, as_of=as_of, notes=notes, calibration=calibration, targets=ds.params.targets,
                     shown=shown)
    return out


def summary(ds, period: str | Period, head: pd.DataFrame) -> dict:
    """The report's headline as plain values (``lqrel report --json``): per area the period's SAIDI
    (``saidi_h``), the year's to date, the year's of a verdict and the projected year's, the reference year and its
    SAIDI, the limit and ceiling, ``met`` and ``criterion`` (a period ending 31 December of a covered year: the
    year's verdict, as ``lqrel check``, on ``year_saidi_h``; else null) and ``status`` and ``probability`` (a
    projection; null for a verdict), and ``calibration``: how often the projection's intervals held on this data
    (null for a verdict)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from lqrel.output import jsonable

    period = ds.period(period)
    verdict = bool(head.attrs.get("verdict"))
    now = dt.datetime.now(ZoneInfo(ds.params.timezone)).isoformat(timespec="seconds")
    return jsonable({
        "period": period.label, "generated": now, "coverage": ds.coverage.to_dict(),
        "complete": bool(head["complete"].all()),
        "basis": targets.policy(ds), "verdict": verdict,
        "headline": [{"area": r["area"], "saidi_h": r["period_saidi_h"], "ytd_saidi_h": r["ytd_saidi_h"],
                      "year_saidi_h": r["year_saidi_h"], "projected_year_saidi_h": r["projected_year_saidi_h"],
                      "reference_year": r["reference_year"], "previous_saidi_h": r["reference_saidi_h"],
                      "limit_h": r["limit_h"], "ceiling_h": r["ceiling_h"], "met": r["met"],
                      "criterion": r["criterion"], "status": r["status"], "probability": r["probability_met"]}
                     for r in head.to_dict("records")],
        "calibration": head.attrs.get("calibration"),
        "notes": [{**n, "text": note(n, "en")} for n in head.attrs.get("notes", [])],
    })


def monthly(ds, period: str | Period) -> pd.DataFrame:
    """Monthly SAIDI per area for the period's year, this year up to the period's end (within the coverage)
    and all of last year (when covered), on the data the target is judged on.

    Returns
    -------
    pandas.DataFrame
        ``area``, ``month`` (1-12), ``saidi_h`` (this year, NaN after the period), ``cumulative_h``,
        ``last_year_saidi_h``, ``last_year_cumulative_h``, ``allowance_h`` (the year's ceiling / 12) and
        ``allowance_cumulative_h`` [h]. Only urban and rural.
    """
    period = ds.period(period)
    shown, _ = ds.clip(period)
    data = targets.judged(ds)
    ytd = ds.coverage.clip(year_to_date(shown))
    this = data.indices(ytd, ("area", "month"))
    this = this[this["area"].isin(AREAS)].assign(month=lambda d: d["month"].str[5:].astype(int))
    previous = year_period(period.start.year - 1, ds.params.timezone)
    if ds.coverage.covers(previous):
        last = data.indices(previous, ("area", "month"))
        last = last[last["area"].isin(AREAS)].assign(month=lambda d: d["month"].str[5:].astype(int))
    else:
        last = pd.DataFrame({"area": [], "month": [], "saidi_h": []})
    grid = pd.DataFrame([(a, m) for a in AREAS for m in range(1, 13)], columns=["area", "month"])
    out = grid.merge(this[["area", "month", "saidi_h"]], how="left", on=["area", "month"])
    out = out.merge(last[["area", "month", "saidi_h"]].rename(columns={"saidi_h": "last_year_saidi_h"}),
                    how="left", on=["area", "month"])
    out["cumulative_h"] = out.groupby("area")["saidi_h"].cumsum().where(out["saidi_h"].notna())
    out["last_year_cumulative_h"] = out.groupby("area")["last_year_saidi_h"].cumsum()
    bases, _ = targets.basis(ds, period.start.year)
    ceilings = out["area"].map({a: b.ceiling_h for a, b in bases.items()})
    out["allowance_h"] = ceilings / 12
    out["allowance_cumulative_h"] = ceilings * out["month"] / 12
    return out


def top_groups(ds, period, key: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` groups (town or feeder) with the most customer-hours in the period (within the coverage),
    all areas together, on all data (:func:`lqrel.accountability.unit_sums`).

    Returns ``key``, ``area`` (the group's area, or ``urban+rural`` when it has both), ``customer_hours``,
    ``customer_interruptions``, ``events`` and ``contribution_saidi_h``: the group's customer-hours over the
    county's customers served [h], its share of the county's SAIDI (the rows add up to it), not its own SAIDI;
    for towns, when the customers file counts them, ``town_saidi_h``: the town's own SAIDI [h] over the
    customers it serves (:func:`lqrel.accountability.town_served`; NaN when the file does not count it in every
    month of the period).
    """
    from lqrel.accountability import town_served, unit_sums

    shown, _ = ds.clip(period)
    rows, _ = unit_sums(ds, shown, key)
    rows = rows[rows["customer_hours"] > 0].sort_values(["customer_hours", "events"], ascending=False).head(n)
    out = rows.rename(columns={"unit": key, "contribution_h": "contribution_saidi_h"})
    if key == "town" and ds.town_customers is not None:
        served = town_served(ds.town_customers, shown, ds.params.customers_basis)
        out["town_saidi_h"] = out["customer_hours"] / out["key"].map(served).astype(float)
    out = out.drop(columns="key").reset_index(drop=True)
    out.attrs["span"] = shown  # the span the figures cover, stated where they are shown
    return out


def cause_pareto(ds, period) -> pd.DataFrame:
    """Causes ranked by customer-hours with their share and cumulative share of the county's total (all data,
    within the coverage), and each cause's contribution to the county's SAIDI [h]. Events without a cause are
    grouped under an empty name. ``attrs``: ``span``, ``cause_column`` (whether the log has a cause column; without
    one, no row).
    """
    shown, _ = ds.clip(period)
    t = ds.indices(shown, ("area", "cause")).rename(columns={"saidi_h": "contribution_saidi_h"})
    t = t[(t["area"] == "all") & (t["customer_hours"] > 0)].sort_values("customer_hours", ascending=False)
    total = t["customer_hours"].sum()
    t = t.assign(share=t["customer_hours"] / total, cumulative_share=t["customer_hours"].cumsum() / total)
    out = t[["cause", "customer_hours", "events", "contribution_saidi_h", "share", "cumulative_share"]].reset_index(
        drop=True)
    has_cause = ds.has_column("cause")
    out = out if has_cause else out.iloc[:0]  # no cause column: no ranking of one blank cause
    out.attrs.update(span=shown, cause_column=has_cause)  # the span: stated where the figures are shown
    return out


def quality(report, rejects: pd.DataFrame, lang: str = "zh", coverage=None, customers_path: str = ""
            ) -> dict[str, pd.DataFrame]:
    """Data-quality tables: the reconciliation and the coverage, rejects by reason, and the rejected rows and
    warnings, with reasons and warnings in ``lang``."""
    rejects = rejects.assign(reason=[messages.text(c, a, lang) for c, a in zip(rejects["code"], rejects["args"],
                                                                              strict=True)])
    warned = report.warnings.assign(message=[messages.text(c, a, lang, "warning") for c, a in
                                             zip(report.warnings["code"], report.warnings["args"], strict=True)])
    items = [("q_file", report.source(lang)), ("q_sha256", report.sha256)]
    if customers_path:
        items.append(("q_customers_file", customers_path))
    if coverage is not None:
        items += [("q_coverage", form("dates_span", lang, first=f"{coverage.first:%Y-%m-%d}",
                                      last=f"{coverage.through:%Y-%m-%d}")),
                  ("q_coverage_source", coverage_source(coverage, short=True))]
    accepted = "q_accepted_apps" if coverage is not None and coverage.what == "applications" else "q_accepted"
    items += [("q_rows_read", report.rows_read), (accepted, report.accepted), ("q_rejected", report.rejected),
              ("q_duplicates", report.duplicates), ("q_warnings", len(report.warnings))]
    summary = pd.DataFrame(items, columns=["item", "value"])
    by_reason = rejects.groupby("reason").size().rename("count").reset_index().sort_values(
        ["count", "reason"], ascending=[False, True]
    )
    return {"summary": summary, "by_reason": by_reason, "rejects": rejects[["row", "column", "value", "reason"]],
            "warnings": warned[["row", "column", "value", "message"]]}


def policy_words(ds, lang: str = "zh") -> dict[str, str]:
    """The counting policies and target settings in words (``DL/T 836（停电超过 3 分钟计为持续停电）``, never a
    setting's code), by policy key."""
    from lqrel.report.i18n import labels

    p = ds.params
    lab = labels(lang, p.targets)
    short = f"{p.short_threshold_min:g}"
    reduction = lab["p_reduction"]
    zone = lab["pv_beijing"] if p.timezone in ("Asia/Shanghai", "Asia/Chongqing", "PRC") else p.timezone
    return {"p_standard": lab[f"pv_{p.standard}"].format(short=short),
            "p_short": short + form("unit_min", lang), "p_boundary": lab[f"pv_{p.boundary}"],
            "p_customers_basis": lab[f"pv_{p.customers_basis}"], "p_timezone": zone, "p_reduction": reduction,
            "p_target_basis": lab[f"pv_{targets.policy(ds)}"]}


def policies(ds, lang: str = "zh") -> pd.DataFrame:
    """The counting policies and target settings a report used, as (policy, value in words) rows."""
    return pd.DataFrame(list(policy_words(ds, lang).items()), columns=["policy", "value"])


def shows_connection(period: Period) -> bool:
    """办电时长 goes into the reports of a calendar month, quarter, half-year and year: the half-year and the year
    are sent to the county (seed 三), the month and the quarter are the reliability meetings' (issue 29)."""
    return period.kind in ("month", "quarter", "half", "year")


def connection_tables(ds, period: Period, lang: str = "zh") -> dict:
    """The 办电时长 tables of a report (:func:`shows_connection`) when the dataset has an application log (else
    none): ``connection_quality`` and ``connection_rejects`` (the log's reconciliation and rejected rows, reasons
    in ``lang``), ``connection_types`` and ``connection_stages`` (:func:`lqrel.connection.summarize`),
    ``connection_late`` (every late and incomplete application with its stage dates and working days, the late
    kind, the stage that made it late and the limit it missed: :mod:`lqrel.connection_late`),
    ``connection_late_types``, ``connection_late_towns`` (empty without a 供电所 column) and
    ``connection_late_months``, ``connection_open`` (in progress at the period's end, overdue first),
    ``service_benefits`` (the 三零/三省 figures, :mod:`lqrel.service_benefits`) and ``connection_facts`` (the
    period used, whether complete, the coverage, the no-works, 三零 and stage-count figures, the most overrun
    stage, the small and micro firm figure). A period the log does not reach at all has only
    ``connection_facts`` with ``outside`` true: the report says so instead of showing zeros."""
    from lqrel.connection import figures_for, most_overrun_stage
    from lqrel.connection_late import add_late
    from lqrel.report.late_list import workbook_late
    from lqrel.service_benefits import service_benefits

    if ds.applications is None or not shows_connection(period):
        return {}
    coverage = ds.applications.coverage
    if coverage is None or coverage.end <= period.start or period.end <= coverage.start:
        return {"connection_facts": {"period": period, "coverage": coverage, "outside": True}}
    settings = ds.params.connection
    result = add_late(figures_for(ds.applications, period, settings), settings)
    in_progress = result["in_progress"].sort_values(["overdue", "elapsed_wd"], ascending=False, kind="stable")
    checked = quality(ds.applications.report, ds.applications.rejects, lang, coverage)
    return {
        "connection_quality": checked["summary"],
        "connection_rejects": checked["rejects"],
        "connection_types": result["types"],
        "connection_stages": result["stages"],
        "connection_late": workbook_late(result["late"], lang, result["next_day_rule"]),
        "connection_late_types": result["late_by_type"],
        "connection_late_towns": result["late_by_town"],
        "connection_late_months": result["late_by_month"],
        "connection_open": in_progress.reset_index(drop=True),
        "service_benefits": service_benefits(result["applications"]),
        "connection_facts": {"period": result["period"], "complete": result["complete"], "outside": False,
                             "coverage": ds.applications.coverage, "no_works": result["no_works"],
                             "sanling": result["sanling"], "stage_count": result["stage_count"],
                             "overrun": most_overrun_stage(result["stages"]), "rule": settings.no_works_next_day,
                             "small_micro": result["small_micro"],
                             "input": ds.applications.report},
    }


def prepare(dataset_path: str, params_path: str, data_through: str, period: str, lang: str = "zh"):
    """The report notebook's first step: the dataset (the one ``lqrel report`` saved, or loaded from the
    settings), the period and the report's tables."""
    from lqrel.dataset import for_notebook

    ds = for_notebook(dataset_path, params_path, data_through=data_through)
    p = ds.period(period)
    return ds, p, report_tables(ds, p, lang)


def report_tables(ds, period: str | Period, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The report's tables by name: headline, indices (全量) and indices_excl (剔除, major event days
    removed) of the period within the coverage, monthly, towns, feeders, causes, med, trend, frequent,
    worst_feeders (:func:`lqrel.worst_feeders.worst_feeders` in words, :func:`lqrel.report.present_feeders.localize`),
    budget, town_accountability and town_budget (:func:`lqrel.report.town_tables.town_tables`),
    quality, by_reason, rejects, warnings (reasons and warnings in ``lang``), policies; for a half-year or a year
    with an application log, connection_types, connection_stages, connection_late, connection_open and
    connection_facts (:func:`connection_tables`); with a benchmark file, benchmark (the county's SAIDI beside its
    peers', :func:`lqrel.benchmark.peer_comparison`); and ``sections``, the report's sections in order."""
    from lqrel.benchmark import peer_comparison
    from lqrel.budget import burn_down
    from lqrel.customer_level import event_customers_of
    from lqrel.forecast import monthly_series, monthly_table, stl_trend
    from lqrel.frequent import classify, lacks_feeders
    from lqrel.med import major_event_days, without_major_events
    from lqrel.report.present_feeders import localize
    from lqrel.report.town_tables import town_tables
    from lqrel.worst_feeders import worst_feeders

    period = ds.period(period)
    shown, _ = ds.clip(period)
    connection = connection_tables(ds, period, lang)
    peers = peer_comparison(ds, period)
    q = quality(ds.load_report, ds.rejects, lang, ds.coverage, ds.customers_path)
    year = period.start.year
    as_of = last_day(shown)
    med = major_event_days(ds, year)
    med_days = med.loc[med["major"] & (med["date"] <= as_of)]
    shared = monthly_table(ds)
    trend = []
    for area in AREAS:
        series = monthly_series(ds, area, shared)
        parts = stl_trend(series[series.index <= as_of])
        if parts is not None:
            trend.append(parts.rename_axis("month").reset_index().assign(area=area))
    feeder_column = ds.has_column("feeder")
    by_feeder = ds.params.frequent_outages.level == "feeder"
    frequent = (classify(ds.events, year, as_of, ds.params, exclude_dates=set(med_days["date"]))
                if (ds.events["feeder"] != "").any() or not by_feeder else pd.DataFrame())
    frequent.attrs["feeder_column"] = not lacks_feeders(ds)  # False: no list can be drawn, and why
    worst = worst_feeders(ds, period, 10, event_customers_of(ds), frequent)
    feeders = top_groups(ds, period, "feeder", 10)
    feeders = feeders if feeder_column else feeders.iloc[:0]  # not one blank feeder holding every event
    feeders.attrs["feeder_column"] = feeder_column
    return {
        "headline": headline(ds, period),
        "indices": ds.indices(shown),
        "indices_excl": without_major_events(ds).indices(shown),
        "monthly": monthly(ds, period),
        "towns": top_groups(ds, period, "town", 10),
        "feeders": feeders,
        "causes": cause_pareto(ds, period),
        "med_daily": med[med["date"] <= as_of],
        "med": med_days[["date", "saidi_min", "t_med_min", "computed", "listed"]].reset_index(drop=True),
        "trend": pd.concat(trend, ignore_index=True) if trend else pd.DataFrame(),
        "frequent": frequent,
        "worst_feeders": localize(worst, lang),
        "budget": burn_down(ds, year, as_of),
        **town_tables(ds, period, as_of),
        "quality": q["summary"],
        "by_reason": q["by_reason"],
        "rejects": q["rejects"],
        "warnings": q["warnings"],
        "data_notes": pd.DataFrame({"note": [note(n, lang) for n in ds.data_notes()]}, dtype=object),
        "policies": policies(ds, lang),
        **connection,
        **({} if peers is None else {"benchmark": peers}),
        "sections": report_sections(bool(connection), peers is not None),
    }
