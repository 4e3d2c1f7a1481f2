"""Connection time an analyst can act on (docs/spec.md §10): every connected application with its stage dates and
working days, the kind of lateness, the stage that made it late and the limit it missed; the late counts per
customer type, per 供电所 (when the log names it) and per month; the national small and micro firm figure.

Late kinds, the first that applies:

- ``incomplete``: a stage its type requires is not recorded (never on time); the stage is the first missing one;
- ``next_day_missed``: low voltage without works connected after the next day (当日申请，次日接电), even within
  its type's working-day total; the stage is the longest one;
- ``total_late``: the grid-side total over the type's limit (the stage is the one the most days over its own
  limit, else the longest one; the limit is the total's);
- ``stage_late``: the total within its limit but a stage over its own 附件2 limit (the stage the most days over
  it; the limit is that stage's).

The first three are the applications :func:`lqrel.connection.evaluate` counts not on time; ``stage_late`` ones
count on time there and are listed as late here, so that the stage's overrun is seen.
"""

from __future__ import annotations

import math

import pandas as pd

from lqrel.connection import CUSTOMER_TYPES, LOW_VOLTAGE, SANLING_MAX_KW, STAGES, stage_columns

#: Late kinds, in the order they are judged (and listed).
LATE_KINDS = ("incomplete", "next_day_missed", "total_late", "stage_late")


def _judge(kind: str, row: dict, limits_wd: dict) -> tuple[str | None, str | None, float]:
    """(late kind, the stage that made it late, the limit it missed [working days]) of one evaluated row."""
    recorded = {s: row[f"wd_{s}"] for s in STAGES if not math.isnan(row[f"wd_{s}"])}
    longest = max(recorded, key=lambda s: (recorded[s], -STAGES.index(s))) if recorded else None
    if row["missing_stages"]:
        return "incomplete", row["missing_stages"][0], math.nan
    if row["next_day"] is False:
        return "next_day_missed", longest, math.nan
    limit = limits_wd[kind]
    over = {s: wd - limit[s] for s, wd in recorded.items() if s in limit and wd > limit[s]}
    worst = max(over, key=lambda s: (over[s], -STAGES.index(s))) if over else None
    if row["total_wd"] > row["limit_wd"]:
        return "total_late", worst or longest, row["limit_wd"]
    if worst:
        return "stage_late", worst, limit[worst]
    return None, None, math.nan


def details(applications: pd.DataFrame, limits_wd: dict) -> pd.DataFrame:
    """The connected applications of :func:`lqrel.connection.summarize` (``applications``), one row each, with
    what makes each late.

    Returns
    -------
    pandas.DataFrame
        ``app_id``, ``row``, ``customer_type``, ``town`` (None when the log has no 供电所), ``month`` (YYYY-MM of
        the connection), ``connected`` (the connection's end), ``late_kind`` (one of :data:`LATE_KINDS`, None
        when on time), ``late_stage``, ``missed_limit_wd`` (NaN for ``incomplete`` and ``next_day_missed``),
        ``total_wd``, ``limit_wd``, ``missing_stages``, then per stage ``<stage>_start``,
        ``<stage>_end`` (local times, NaT where not recorded) and ``wd_<stage>`` [working days]; late ones first
        (by kind, then most working days), then the rest by connection.
    """
    judged = [_judge(kind, row, limits_wd) for kind, row in zip(applications["customer_type"],
                                                                applications.to_dict("records"), strict=True)]
    town = applications["town"] if "town" in applications else pd.Series([None] * len(applications),
                                                                         index=applications.index, dtype=object)
    month = applications["connected"].map(lambda t: f"{t:%Y-%m}" if not pd.isna(t) else None)
    out = pd.DataFrame({
        "app_id": applications["app_id"], "row": applications["row"], "customer_type": applications["customer_type"],
        "town": town.astype(object), "month": month, "connected": applications["connected"],
        "late_kind": pd.Series([j[0] for j in judged], index=applications.index, dtype=object),
        "late_stage": pd.Series([j[1] for j in judged], index=applications.index, dtype=object),
        "missed_limit_wd": [float(j[2]) for j in judged],
        "total_wd": applications["total_wd"], "limit_wd": applications["limit_wd"],
        "missing_stages": applications["missing_stages"],
    })
    for stage in STAGES:
        start, end = stage_columns(stage)
        out[start], out[end], out[f"wd_{stage}"] = applications[start], applications[end], applications[f"wd_{stage}"]
    rank = out["late_kind"].map(lambda k: LATE_KINDS.index(k) if k in LATE_KINDS else len(LATE_KINDS))
    order = pd.DataFrame({"rank": rank, "total": -out["total_wd"].fillna(0), "connected": applications["connected"]})
    return out.loc[order.sort_values(["rank", "total", "connected"], kind="stable").index].reset_index(drop=True)


def late(table: pd.DataFrame) -> pd.DataFrame:
    """The late applications of :func:`details` (every kind, the incomplete ones included)."""
    return table[table["late_kind"].notna()].reset_index(drop=True)


def over_total(table: pd.DataFrame) -> int:
    """How many applications of ``table`` (:func:`details` or :func:`late`) have a grid-side total over their
    type's limit, whatever kind they are counted under (an application is counted under its first kind only:
    one without works connected after the next day is ``next_day_missed`` even when its total is over too)."""
    return int((table["total_wd"] > table["limit_wd"]).sum())


def by(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Applications, late ones and each late kind per ``key`` (``customer_type``, ``town`` or ``month``) of
    :func:`details`. Rows without the key (no 供电所) are left out."""
    rows = []
    groups = list(table[table[key].notna()].groupby(key, sort=True))
    if key == "customer_type":  # in the order of 附件2
        groups.sort(key=lambda item: CUSTOMER_TYPES.index(item[0]))
    for value, group in groups:
        kinds = group["late_kind"]
        rows.append({key: value, "applications": len(group), "late": int(kinds.notna().sum()),
                     **{k: int((kinds == k).sum()) for k in LATE_KINDS}})
    columns = [key, "applications", "late", *LATE_KINDS]
    return pd.DataFrame(rows, columns=columns)


def small_micro(applications: pd.DataFrame, limit_wd: float) -> dict:
    """The national small and micro firm figure beside 附件2: the low-voltage non-residential applications up to
    160 kW connected in the period (``applications``), the longest and median grid-side total of the complete
    ones, and how many took longer than ``limit_wd`` working days (the setting ``connection.small_micro_wd``,
    :class:`lqrel.params.ConnectionSettings`)."""
    firms = applications[applications["customer_type"].isin([t for t in LOW_VOLTAGE if t != "residential"])
                         & (applications["capacity_kw"] <= SANLING_MAX_KW)]
    totals = firms.loc[~firms["incomplete"], "total_wd"].dropna()
    return {"limit_wd": limit_wd, "applications": len(firms),
            "max_wd": float(totals.max()) if len(totals) else None,
            "median_wd": float(totals.median()) if len(totals) else None,
            "over": int((totals > limit_wd).sum())}


def add_late(result: dict, settings) -> dict:
    """:func:`lqrel.connection.figures` with what makes each application late (:func:`details`): ``details``,
    ``late`` (every late and incomplete application), ``late_by_type``, ``late_by_town`` (empty when the log has
    no 供电所), ``late_by_month`` and ``small_micro`` (:func:`small_micro` against the settings' figure)."""
    from lqrel.connection import limits

    table = details(result["applications"], limits(settings.limits))
    return {**result, "details": table, "late": late(table), "late_by_type": by(table, "customer_type"),
            "late_by_town": by(table, "town"), "late_by_month": by(table, "month"),
            "small_micro": small_micro(result["applications"], settings.small_micro_wd)}


def late_json(result: dict) -> dict:
    """The late part of ``lqrel connect --json`` (:func:`add_late`): ``late`` (each late application: id, row, type,
    供电所, month, connected, kind, stage, missed limit, total and limit, missing stages, and ``stages``: each
    recorded stage's start, end and working days), ``late_by_type``, ``late_by_town``, ``late_by_month`` and
    ``small_micro``."""
    from lqrel.output import jsonable

    def records(frame: pd.DataFrame) -> list[dict]:
        return [jsonable(r) for r in frame.astype(object).to_dict("records")]

    late_rows = []
    for row in result["late"].to_dict("records"):
        stages = {s: {"start": row[f"{s}_start"], "end": row[f"{s}_end"], "wd": row[f"wd_{s}"]}
                  for s in STAGES if not pd.isna(row[f"{s}_start"])}
        late_rows.append(jsonable({
            **{k: row[k] for k in ("app_id", "row", "customer_type", "town", "month", "connected", "late_kind",
                                   "late_stage", "missed_limit_wd", "total_wd", "limit_wd")},
            "missing_stages": list(row["missing_stages"]), "stages": stages}))
    return {"late": late_rows, "late_by_type": records(result["late_by_type"]),
            "late_by_town": records(result["late_by_town"]), "late_by_month": records(result["late_by_month"]),
            "small_micro": jsonable(result["small_micro"])}
