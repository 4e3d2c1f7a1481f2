"""Connection time (获得电力 办电时长): grid-side working days per customer type and stage against the action
plan's 附件2 limits, the no-works next-day rule, 三零 coverage and stage counts (docs/spec.md §10).

An application belongs to the period in which it was connected (its ``connection`` stage ended). One accepted
by the period's end and not connected by then is in progress: overdue when its open stage or its total has
already run past its limit. A connected application without a stage its type requires is incomplete: never on
time, listed with the stages it lacks. A low-voltage application without works connected after the next day is
late, even within its type's working-day total.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from lqrel.periods import Period
from lqrel.workdays import WorkCalendar, calendar_for

#: Customer types, in the order of 附件2.
CUSTOMER_TYPES = ("residential", "lv_sanling", "lv_other", "hv10_single", "hv10_dual", "hv35_single", "hv35_dual")
#: Low-voltage types (380 V and below); the others are high voltage (10 (6) kV and above).
LOW_VOLTAGE = ("residential", "lv_sanling", "lv_other")
#: Grid-side stages, in process order. Residential and 三零 applications have two: acceptance (受理签约) and
#: connection (施工接电).
STAGES = ("acceptance", "scheme", "design_review", "mid_inspection", "completion_inspection", "connection")
#: Stages each type goes through (附件2: "--" marks a stage the type does not have).
TYPE_STAGES: dict[str, tuple[str, ...]] = {
    "residential": ("acceptance", "connection"),
    "lv_sanling": ("acceptance", "connection"),
    "lv_other": ("acceptance", "scheme", "connection"),
    "hv10_single": ("acceptance", "scheme", "completion_inspection", "connection"),
    "hv10_dual": STAGES,
    "hv35_single": STAGES,
    "hv35_dual": STAGES,
}
#: Grid-side limits in working days (临发改〔2021〕67号 附件2, 2020 targets, still in force): per stage where the
#: table gives one, and ``total``. Residential and 三零 applications have only a total.
LIMITS_WD: dict[str, dict[str, int]] = {
    "residential": {"total": 3},
    "lv_sanling": {"total": 7},
    "lv_other": {"acceptance": 1, "scheme": 1, "connection": 1, "total": 3},
    "hv10_single": {"acceptance": 1, "scheme": 5, "completion_inspection": 3, "connection": 2, "total": 11},
    "hv10_dual": {"acceptance": 1, "scheme": 7, "design_review": 3, "mid_inspection": 2, "completion_inspection": 3,
                  "connection": 2, "total": 18},
    "hv35_single": {"acceptance": 1, "scheme": 10, "design_review": 3, "mid_inspection": 2,
                    "completion_inspection": 3, "connection": 3, "total": 22},
    "hv35_dual": {"acceptance": 1, "scheme": 20, "design_review": 3, "mid_inspection": 2, "completion_inspection": 3,
                  "connection": 3, "total": 32},
}
#: Most stages an application may go through (action plan 二: high voltage 4, low voltage 2).
STAGE_COUNT_TARGET = {"low": 2, "high": 4}
#: 三零 applies to low-voltage non-residential applications up to this capacity [kW] (from 2021-06).
SANLING_MAX_KW = 160.0


def limits(overrides: dict[str, dict[str, int]] | None = None) -> dict[str, dict[str, int]]:
    """The published limits with the settings' overrides (``connection: {limits: {type: {stage: wd}}}``)."""
    out = {t: dict(v) for t, v in LIMITS_WD.items()}
    for kind, stages in (overrides or {}).items():
        out[kind].update(stages)
    return out


def stage_columns(stage: str) -> tuple[str, str]:
    """The start and end columns of a stage in the wide application table."""
    return f"{stage}_start", f"{stage}_end"


def evaluate(apps: pd.DataFrame, calendar: WorkCalendar | None = None, limits_wd: dict | None = None,
             no_works_next_day: str = "calendar") -> pd.DataFrame:
    """Working days of every application, stage by stage, against its type's limits.

    Parameters
    ----------
    apps : pandas.DataFrame
        Accepted applications (:func:`lqrel.applications.load_applications`): ``app_id``, ``customer_type``,
        ``works`` (True, False or None), ``capacity_kw``, and ``<stage>_start`` / ``<stage>_end`` local times.
    calendar : WorkCalendar, optional
        Working days; by default one over the applications' dates.
    limits_wd : dict, optional
        :func:`limits`; by default the published ones.
    no_works_next_day : ``calendar`` or ``working``
        A low-voltage application without works is connected in time when its connection ends by the next
        calendar day (or next working day) after the day it was accepted (当日申请，次日接电).

    Returns
    -------
    pandas.DataFrame
        ``apps`` with ``wd_<stage>`` [working days] for each recorded stage (NaN where not recorded or still
        open), ``total_wd`` (sum of the recorded stages; grid-side time only), ``limit_wd``, ``on_time`` (None
        while not connected; else total <= limit, and False for an incomplete application and for one that
        fails the next-day rule), ``stages_over`` (stages over their own limits), ``next_day`` (True/False for
        low voltage without works, else None), ``missing_stages`` (a connected application's stages that its
        type requires (:data:`TYPE_STAGES`) and the log does not record; () otherwise), ``incomplete`` (any
        missing), ``stage_count`` (stages recorded), ``connected`` (end of the connection stage).
    """
    limits_wd = limits_wd or limits()
    times = [apps[c] for s in STAGES for c in stage_columns(s)]
    calendar = calendar or calendar_for(*times)
    out = apps.copy()
    for stage in STAGES:
        start, end = stage_columns(stage)
        out[f"wd_{stage}"] = calendar.between(apps[start], apps[end])
    wd = out[[f"wd_{s}" for s in STAGES]]
    out["connected"] = apps["connection_end"]
    out["total_wd"] = wd.sum(axis=1, min_count=1).where(out["connected"].notna())
    out["limit_wd"] = out["customer_type"].map(lambda t: limits_wd[t]["total"]).astype(float)
    recorded = apps[[stage_columns(s)[0] for s in STAGES]].notna().to_numpy()
    out["missing_stages"] = pd.Series(
        [tuple(s for s, there in zip(STAGES, has, strict=True) if not there and s in TYPE_STAGES[kind]) if done
         else () for kind, has, done in zip(apps["customer_type"], recorded, out["connected"].notna(), strict=True)],
        index=apps.index, dtype=object)
    out["incomplete"] = out["missing_stages"].map(bool).astype(bool)
    out["next_day"] = next_day(apps, calendar, no_works_next_day)
    # 当日申请，次日接电 is the applicable limit of a low-voltage application without works: one connected later
    # is late even within its type's total (docs/spec.md §10); an incomplete application is never on time.
    out["on_time"] = [None if pd.isna(t) else bool(t <= lim) and not missing and nd is not False
                      for t, lim, missing, nd in zip(out["total_wd"], out["limit_wd"], out["incomplete"],
                                                     out["next_day"], strict=True)]
    out["stages_over"] = [tuple(s for s in STAGES if s in limits_wd[kind] and not math.isnan(row[f"wd_{s}"])
                                and row[f"wd_{s}"] > limits_wd[kind][s])
                          for kind, (_, row) in zip(out["customer_type"], wd.iterrows(), strict=True)]
    out["stage_count"] = apps[[stage_columns(s)[0] for s in STAGES]].notna().sum(axis=1).astype("int64")
    return out


def next_day(apps: pd.DataFrame, calendar: WorkCalendar, rule: str = "calendar") -> pd.Series:
    """当日申请，次日接电: for a connected low-voltage application without works, whether its connection ended by
    the next calendar day (``rule="calendar"``) or the next working day (``"working"``) after the day it was
    accepted; None for any other application (high voltage, works, works unknown, not connected)."""
    applies = (apps["customer_type"].isin(LOW_VOLTAGE) & apps["works"].map(lambda w: w is False)
               & apps["connection_end"].notna() & apps["acceptance_start"].notna())
    result: list[bool | None] = [None] * len(apps)
    if applies.any():
        accepted = apps.loc[applies, "acceptance_start"].dt.tz_localize(None).dt.normalize()
        due = calendar.next_working_day(accepted) if rule == "working" else accepted + pd.Timedelta(days=1)
        done = apps.loc[applies, "connection_end"].dt.tz_localize(None).dt.normalize()
        for position, d, u in zip(np.flatnonzero(applies.to_numpy()), done, due, strict=True):
            result[position] = bool(d <= u)
    return pd.Series(result, index=apps.index, dtype=object)


def in_progress(apps: pd.DataFrame, as_of: pd.Timestamp, calendar: WorkCalendar | None = None,
                limits_wd: dict | None = None) -> pd.DataFrame:
    """Applications accepted by ``as_of`` (exclusive: the first moment after the period) and not connected by
    then: working days elapsed so far (completed stages plus the open stage up to the day before ``as_of``),
    the open stage (None while waiting on the customer between stages), and ``overdue`` when the open stage or
    the total has already run past its limit.

    Returns ``app_id``, ``customer_type``, ``elapsed_wd``, ``stage``, ``overdue``, sorted by elapsed days."""
    limits_wd = limits_wd or limits()
    open_ = apps[(apps["acceptance_start"] < as_of)
                 & (apps["connection_end"].isna() | (apps["connection_end"] >= as_of))]
    columns = ["app_id", "customer_type", "elapsed_wd", "stage", "overdue"]
    if open_.empty:
        return pd.DataFrame(columns=columns)
    calendar = calendar or calendar_for(*[open_[c] for s in STAGES for c in stage_columns(s)],
                                        pd.Series([as_of]))
    last_day = pd.Series(as_of - pd.Timedelta(days=1), index=open_.index)
    elapsed = pd.Series(0.0, index=open_.index)
    stage_now = pd.Series([None] * len(open_), index=open_.index, dtype=object)
    stage_over = pd.Series(False, index=open_.index)
    for stage in STAGES:
        start, end = stage_columns(stage)
        began = open_[start].notna() & (open_[start] < as_of)
        finished = began & open_[end].notna() & (open_[end] < as_of)
        running = began & ~finished
        done_wd = calendar.between(open_[start], open_[end]).where(finished, 0.0)
        run_wd = calendar.between(open_[start], last_day).where(running, 0.0)
        elapsed += done_wd.fillna(0.0) + run_wd.fillna(0.0)
        stage_now[running] = stage
        stage_limit = open_["customer_type"].map(lambda t, s=stage: limits_wd[t].get(s, np.inf))
        stage_over |= running & (run_wd > stage_limit)
    total_limit = open_["customer_type"].map(lambda t: limits_wd[t]["total"])
    out = pd.DataFrame({"app_id": open_["app_id"], "customer_type": open_["customer_type"], "elapsed_wd": elapsed,
                        "stage": pd.Series(list(stage_now), index=open_.index, dtype=object),
                        "overdue": stage_over | (elapsed > total_limit)})
    return out.sort_values(["elapsed_wd", "app_id"], ascending=[False, True]).reset_index(drop=True)


def p90(values: pd.Series) -> float:
    """90th percentile by nearest rank: the smallest value with at least 90% of the values at or below it."""
    values = values.dropna().sort_values().to_numpy()
    if not len(values):
        return float("nan")
    return float(values[math.ceil(0.9 * len(values)) - 1])


def summarize(evaluated: pd.DataFrame, period: Period, limits_wd: dict | None = None) -> dict[str, pd.DataFrame]:
    """The period's figures from :func:`evaluate`: applications connected in ``[period.start, period.end)``.

    Returns
    -------
    dict
        ``types`` (``customer_type``, ``applications``, ``on_time``, ``on_time_share``, ``median_wd``,
        ``p90_wd``, ``limit_wd``; every type, zero where none was connected; the median and 90th percentile
        are of the complete applications only: an incomplete one's total lacks a stage), ``stages``
        (``customer_type``, ``stage``, ``applications``, ``on_time`` (None where the stage has no limit of its
        own), ``limit_wd``, ``median_wd``), ``applications`` (the evaluated rows connected in the period),
        ``incomplete`` (those without a stage their type requires: ``app_id``, ``row``, ``customer_type``,
        ``connected``, ``total_wd``, ``missing_stages``), ``late_next_day`` (low voltage without works connected
        after the next day: ``app_id``, ``row``, ``customer_type``, ``accepted``, ``connected``, ``total_wd``,
        ``limit_wd``), ``no_works`` (``applications``, ``next_day``), ``sanling`` (``eligible``: low-voltage
        non-residential applications up to 160 kW; ``served``: those served as 三零), ``stage_count``
        (``within``, ``applications``).
    """
    limits_wd = limits_wd or limits()
    done = evaluated[(evaluated["connected"] >= period.start) & (evaluated["connected"] < period.end)]
    types = []
    for kind in CUSTOMER_TYPES:
        rows = done[done["customer_type"] == kind]
        on_time = int(rows["on_time"].sum()) if len(rows) else 0
        totals = rows.loc[~rows["incomplete"], "total_wd"]
        types.append({"customer_type": kind, "applications": len(rows), "on_time": on_time,
                      "on_time_share": on_time / len(rows) if len(rows) else None,
                      "median_wd": float(totals.median()) if len(totals) else None,
                      "p90_wd": p90(totals) if len(totals) else None,
                      "limit_wd": limits_wd[kind]["total"]})
    stages = []
    for kind in CUSTOMER_TYPES:
        rows = done[done["customer_type"] == kind]
        for stage in TYPE_STAGES[kind]:
            wd = rows[f"wd_{stage}"].dropna()
            limit = limits_wd[kind].get(stage)
            stages.append({"customer_type": kind, "stage": stage, "applications": len(wd),
                           "on_time": int((wd <= limit).sum()) if limit is not None else None,
                           "limit_wd": limit, "median_wd": float(wd.median()) if len(wd) else None})
    no_works = done[done["next_day"].notna()]
    low = done["customer_type"].isin(LOW_VOLTAGE)
    target = np.where(low, STAGE_COUNT_TARGET["low"], STAGE_COUNT_TARGET["high"])
    eligible = done[done["customer_type"].isin(("lv_sanling", "lv_other")) & (done["capacity_kw"] <= SANLING_MAX_KW)]
    return {
        "types": pd.DataFrame(types),
        "stages": pd.DataFrame(stages),
        "applications": done.reset_index(drop=True),
        "incomplete": done.loc[done["incomplete"], ["app_id", "row", "customer_type", "connected", "total_wd",
                                                    "missing_stages"]].reset_index(drop=True),
        "late_next_day": done.loc[done["next_day"].eq(False), ["app_id", "row", "customer_type", "acceptance_start",
                                                               "connected", "total_wd", "limit_wd"]]
        .rename(columns={"acceptance_start": "accepted"}).reset_index(drop=True),
        "no_works": {"applications": len(no_works), "next_day": int(no_works["next_day"].sum())},
        "sanling": {"eligible": len(eligible), "served": int((eligible["customer_type"] == "lv_sanling").sum())},
        "stage_count": {"within": int((done["stage_count"].to_numpy() <= target).sum()), "applications": len(done)},
    }


def most_overrun_stage(stages: pd.DataFrame) -> tuple[str, str, int] | None:
    """The (type, stage) whose own limit was overrun by the most applications, with that count; None when no
    stage was overrun."""
    limited = stages[stages["on_time"].notna()]
    over = limited["applications"] - limited["on_time"]
    if over.empty or over.max() <= 0:
        return None
    i = over.idxmax()
    return str(stages.at[i, "customer_type"]), str(stages.at[i, "stage"]), int(over[i])


def as_of_end(period: Period, through: dt.date | None) -> pd.Timestamp:
    """The moment in-progress applications are judged at: the period's end, or the end of the data coverage
    when that comes first."""
    if through is None:
        return period.end
    return min(period.end, pd.Timestamp(through + dt.timedelta(days=1)).tz_localize(period.start.tz))


def figures(applications, period: Period, limits_wd: dict | None = None, no_works_next_day: str = "calendar"
            ) -> dict:
    """Everything ``lqrel connect`` and the report say about a period: :func:`summarize` of the applications
    connected in the part of ``period`` the log covers, the applications in progress at its end, the period
    used and whether it is the whole one.

    Parameters
    ----------
    applications : lqrel.applications.Applications
    period : Period

    Raises
    ------
    DataError
        The period lies wholly outside the log's coverage.
    """
    limits_wd = limits_wd or limits()
    shown = applications.coverage.clip(period) if applications.coverage else period
    complete = applications.coverage.covers(period) if applications.coverage else False
    evaluated = evaluate(applications.apps, None, limits_wd, no_works_next_day)
    out = summarize(evaluated, shown, limits_wd)
    out["in_progress"] = in_progress(applications.apps, shown.end, None, limits_wd)
    out["period"], out["complete"], out["next_day_rule"] = shown, complete, no_works_next_day
    return out


def figures_for(applications, period: Period, settings) -> dict:
    """:func:`figures` under the settings' limits and no-works rule (params ``connection:``,
    :class:`lqrel.params.ConnectionSettings`)."""
    return figures(applications, period, limits(settings.limits), settings.no_works_next_day)


def figures_json(result: dict, applications) -> dict:
    """The JSON object of ``lqrel connect`` (README: "Connection time")."""
    from lqrel.output import jsonable

    def records(frame: pd.DataFrame) -> list[dict]:
        return [jsonable(r) for r in frame.astype(object).to_dict("records")]

    apps = []
    for row in result["applications"].to_dict("records"):
        apps.append(jsonable({
            "app_id": row["app_id"], "customer_type": row["customer_type"], "works": row["works"],
            "capacity_kw": row["capacity_kw"],
            "stages": {s: int(row[f"wd_{s}"]) for s in STAGES if not pd.isna(row[f"wd_{s}"])},
            "total_wd": int(row["total_wd"]), "limit_wd": int(row["limit_wd"]), "on_time": row["on_time"],
            "stages_over": list(row["stages_over"]), "next_day": row["next_day"],
            "missing_stages": list(row["missing_stages"]),
        }))
    return {
        "period": result["period"].to_dict(), "complete": result["complete"],
        "coverage": applications.coverage.to_dict() if applications.coverage else None,
        "rows": records(result["types"]), "stages": records(result["stages"]), "applications": apps,
        "incomplete": records(result["incomplete"].assign(
            missing_stages=result["incomplete"]["missing_stages"].map(list))),
        "late_next_day": records(result["late_next_day"]),
        "in_progress": records(result["in_progress"]), "no_works": result["no_works"],
        "sanling": result["sanling"], "stage_count": result["stage_count"],
        "input": applications.report.to_dict(),
    }


def listing_lines(result: dict, lang: str = "zh", show: int = 20) -> list[str]:
    """The applications :func:`figures` counts late for a reason the late table's columns do not show, in ``zh``
    or ``en``, for ``lqrel connect``: the incomplete ones with the stages they lack, and the low-voltage ones
    without works connected after the next day (late even within their type's total). At most ``show`` of
    each; [] when there are none."""
    from lqrel.connection_labels import CONNECTION_LABELS
    from lqrel.messages import text

    def say(code: str, **args) -> str:
        return text(code, args, lang, "cli")

    lab = CONNECTION_LABELS[lang]
    out: list[str] = []
    incomplete, late = result["incomplete"], result["late_next_day"]
    if len(incomplete):
        out += ["", say("connect_incomplete", count=len(incomplete))]
        for r in incomplete.head(show).itertuples(index=False):
            stages = say("list_joiner").join(lab[f"st_{s}"] for s in r.missing_stages)
            out.append(say("connect_incomplete_line", app=r.app_id, row=r.row, kind=lab[f"ct_{r.customer_type}"],
                           stages=stages))
        if len(incomplete) > show:
            out.append(say("connect_more_short", shown=show, total=len(incomplete)))
    if len(late):
        day = say(f"next_day_{result.get('next_day_rule', 'calendar')}")
        out += ["", say("connect_next_day", day=day, count=len(late))]
        for r in late.head(show).itertuples(index=False):
            out.append(say("connect_next_day_line", app=r.app_id, row=r.row, kind=lab[f"ct_{r.customer_type}"],
                           accepted=f"{r.accepted:%Y-%m-%d}", connected=f"{r.connected:%Y-%m-%d}"))
        if len(late) > show:
            out.append(say("connect_more_short", shown=show, total=len(late)))
    return out
