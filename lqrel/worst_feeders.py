"""The worst feeders of a period, with what drives them and what to do (docs/spec.md §3, §8; issue 29).

Feeders are ranked by customer-hours (停电时户数, sustained interruptions, the SAIDI numerator) in the period,
within the data coverage. For each: its town and area, events, its contribution to the county's SAIDI
(customer-hours / the county's customers served N_T), the planned and fault customer-hours, the cause mix (the
causes with the most customer-hours and their shares), the same period last year and the change, its 频繁停电
status (:func:`lqrel.frequent.classify`, as of the period's last day) and the dominant cause category, which
chooses the drafted action (:data:`CAUSE_CATEGORIES`).

With an event-customer table (who each event interrupted, :func:`lqrel.customer_level.read_event_customers`),
the customer-level measures of IEEE 1366 (docs/spec.md §3, customer-level indices), counted on the feeder's
own events:

- CEMI_n: customers with more than ``n`` sustained interruptions; county CEMI_n = that count / N_T;
- CELID_t: customers whose total interruption time exceeds ``t`` hours; county CELID_t = that count / N_T.

The feeder rows give the counts (customers served per feeder are not in the input, so a feeder's own ratio
cannot be formed); the county's CEMI_n and CELID_t are in ``attrs``. Without such a table the columns are NaN
and ``attrs["customer_level"]`` is None: the report then says which input would give them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel.customer_level import customer_indices, per_customer
from lqrel.engine import aggregate_native
from lqrel.periods import Period

#: Cause categories, tried in order: (category, words in the cause text). Planned events are ``planned`` and
#: shortage events ``shortage`` whatever their cause text; a cause matching none is ``other``.
CAUSE_CATEGORIES = (
    ("customer_equipment", ("用户",)),
    ("upstream", ("上级", "主网", "变电站")),
    ("lightning", ("雷",)),
    ("trees", ("树", "竹")),
    ("birds", ("鸟", "动物")),
    ("wind", ("风",)),
    ("external", ("外力", "施工", "车辆", "撞", "盗", "挖")),
    ("equipment", ("老化", "设备", "绝缘", "缺陷", "过载")),
    ("shortage", ("限电", "电源不足")),
    ("planned", ("计划", "检修", "改造", "业扩", "工程")),
)
#: Causes shown in a feeder's cause mix.
CAUSES_SHOWN = 3
#: CEMI_n threshold (more than n interruptions) and CELID_t threshold [h], by default.
CEMI_N = 3
CELID_T_H = 8.0
COLUMNS = ("feeder", "town", "area", "customer_hours", "events", "contribution_saidi_h", "planned_customer_hours",
           "fault_customer_hours", "planned_share", "cause_mix", "last_year_customer_hours", "change", "level",
           "dominant_cause", "cemi_customers", "celid_customers")


def cause_category(cause: str, planned: bool = False, shortage: bool = False) -> str:
    """The category of one event's cause (:data:`CAUSE_CATEGORIES`): ``planned`` for a planned event,
    ``shortage`` for load shedding, else the first category whose word the cause text holds, else ``other``."""
    if planned:
        return "planned"
    if shortage:
        return "shortage"
    text = str(cause)
    return next((name for name, words in CAUSE_CATEGORIES if any(w in text for w in words)), "other")


def _sums(ds, period: Period, keys: list[str]) -> pd.DataFrame:
    """Numerator sums of the period by ``keys`` (event columns, and ``category``)."""
    table = ds.compact
    if "category" in keys:
        categories = [cause_category(c, p, s) for c, p, s in
                      zip(ds.events["cause"].astype(object), ds.events["nature"] == "planned",
                          ds.events["shortage"].astype(bool), strict=True)]
        table = table.assign(category=pd.Categorical(categories))
    p = ds.params
    return aggregate_native(table, [period], keys, p.boundary, p.short_threshold_min)


def _names(events: pd.DataFrame, column: str) -> pd.Series:
    """Per feeder, its towns or areas joined with ``+`` (urban before rural)."""
    rows = events[events["feeder"] != ""]
    return rows.groupby(rows["feeder"].astype(object))[column].agg(
        lambda v: "+".join(sorted({str(x) for x in v if str(x)}, reverse=True)))


def _cause_mix(by_cause: pd.DataFrame) -> pd.Series:
    """Per feeder, its leading causes with their shares of its customer-hours: ((cause, share), ...); a cause
    in two categories (a blank cause on planned and fault events) is one cause."""
    by_cause = by_cause.groupby([by_cause["feeder"].astype(object), by_cause["cause"].astype(object)],
                                as_index=False)["customer_hours"].sum()
    total = by_cause.groupby("feeder")["customer_hours"].transform("sum")
    shares = by_cause.assign(share=by_cause["customer_hours"] / total)
    shares = shares[shares["customer_hours"] > 0].sort_values(["feeder", "customer_hours", "cause"],
                                                              ascending=[True, False, True])
    return shares.groupby("feeder").apply(
        lambda g: tuple(zip(g["cause"].head(CAUSES_SHOWN), g["share"].head(CAUSES_SHOWN), strict=True)),
        include_groups=False)


def _frequent_levels(ds, period: Period, shown: Period, frequent: pd.DataFrame | None) -> dict[str, str]:
    """Feeder -> ``frequent`` or ``warning`` (:func:`lqrel.frequent.classify`, as of the period's last day,
    major event days excluded as the settings say); empty when the rules count another unit than feeders."""
    if ds.params.frequent_outages.level != "feeder":
        return {}
    if frequent is None:
        from lqrel.frequent import classify
        from lqrel.med import major_event_days

        as_of = (shown.end - pd.Timedelta(days=1)).tz_localize(None).normalize()
        med = major_event_days(ds, period.start.year)
        days = set(med.loc[med["major"] & (med["date"] <= as_of), "date"])
        frequent = classify(ds.events, period.start.year, as_of, ds.params, exclude_dates=days)
    return dict(zip(frequent["unit"], frequent["level"], strict=True)) if len(frequent) else {}


def _customer_counts(ds, period: Period, feeders: pd.Index, event_customers: pd.DataFrame, n: int, t_h: float
                     ) -> pd.DataFrame:
    """Per feeder, its customers with more than ``n`` interruptions and with more than ``t_h`` hours in all,
    counted on the feeder's own events."""
    per = per_customer(ds.events, event_customers, period, ds.params, by=("feeder",))
    counts = per.groupby("feeder").agg(cemi_customers=("interruptions", lambda k: int((k > n).sum())),
                                       celid_customers=("total_h", lambda h: int((h > t_h).sum())))
    return counts.reindex(feeders, fill_value=0)


def _customer_level(ds, period: Period, out: pd.DataFrame, event_customers: pd.DataFrame, n: int, t_h: float,
                    served: float) -> dict:
    """Add the feeders' CEMI and CELID counts to ``out``; the county's CEMI_n and CELID_t, the log's level and
    the event ids of the event-customer table that the outage log does not hold (left out, and named)."""
    counts = _customer_counts(ds, period, pd.Index(out["feeder"]), event_customers, n, t_h)
    out["cemi_customers"] = counts["cemi_customers"].to_numpy()
    out["celid_customers"] = counts["celid_customers"].to_numpy()
    county = customer_indices(ds.events, event_customers, served, period, ds.params, n, t_h)
    unknown = set(event_customers["event_id"]) - set(ds.events["event_id"].astype(str))
    return {"customer_level": event_customers.attrs.get("level", "customer"), "cemi": county["cemi"],
            "celid": county["celid_total"], "unknown_events": sorted(unknown)}


def _empty_list(attrs: dict) -> pd.DataFrame:
    """The list without a feeder: :data:`COLUMNS`, no row, ``attrs``."""
    text = ("feeder", "town", "area", "cause_mix", "level", "dominant_cause")
    out = pd.DataFrame({c: pd.Series(dtype=object if c in text else float) for c in COLUMNS})
    out.attrs.update(attrs)
    return out


def worst_feeders(ds, period: str | Period, n: int = 10, event_customers: pd.DataFrame | None = None,
                  frequent: pd.DataFrame | None = None, cemi_n: int = CEMI_N, celid_t_h: float = CELID_T_H
                  ) -> pd.DataFrame:
    """The ``n`` feeders with the most customer-hours in a period (within the coverage), with their cause mix,
    planned and fault customer-hours, last year's figure, 频繁停电 status and dominant cause.

    Parameters
    ----------
    ds : lqrel.dataset.Dataset
    period : str or Period
    n : int
        Feeders listed.
    event_customers : pandas.DataFrame, optional
        ``event_id``, ``customer_id``: who each event interrupted; ``attrs["level"]`` ``customer`` or
        ``transformer``. Without it the customer-level columns are NaN.
    frequent : pandas.DataFrame, optional
        :func:`lqrel.frequent.classify` of the period's year as of its last day (computed when not given).
    cemi_n : int
        CEMI threshold: more than ``cemi_n`` sustained interruptions.
    celid_t_h : float
        CELID threshold: more than ``celid_t_h`` hours of interruption in all [h].

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``customer_hours`` [customer-hours] and its ``planned_`` and ``fault_`` parts,
        ``planned_share``, ``events`` (sustained, started in the period), ``contribution_saidi_h`` (customer-hours
        / the county's N_T [h]), ``cause_mix`` (tuple of (cause, share of the feeder's customer-hours), the
        leading :data:`CAUSES_SHOWN`), ``last_year_customer_hours`` (same period a year earlier; NaN when the
        data do not cover it) and ``change`` (ratio - 1; NaN without a figure or from zero), ``level``
        (``frequent``, ``warning`` or ``""``), ``dominant_cause`` (the category with the most customer-hours),
        ``cemi_customers`` and ``celid_customers`` (NaN without customer-level data). ``attrs``:
        ``customer_level`` (None, ``customer`` or ``transformer``), ``cemi_n``, ``celid_t_h``, ``cemi`` and
        ``celid`` (the county's CEMI_n and CELID_t on all its events, NaN without data), ``served`` (N_T),
        ``period`` (the period within the coverage), ``last_year_covered``, ``unknown_events`` (event ids of
        the event-customer table not in the log: they count nowhere), ``feeder_column`` (whether the log has a
        feeder column: without one the list is empty).
    """
    period = ds.period(period)
    shown, _ = ds.clip(period)
    by_cause = _sums(ds, shown, ["feeder", "cause", "category"])
    by_cause = by_cause[by_cause["feeder"] != ""]
    totals = by_cause.groupby("feeder")[["customer_hours", "customer_hours_planned", "customer_hours_fault",
                                         "events"]].sum()
    totals = totals[totals["customer_hours"] > 0].sort_values(["customer_hours", "events"], ascending=False).head(n)
    served = float(ds.indices(shown).set_index("area").loc["all", "customers_served"])
    before = shown.shift_years(-1)
    attrs = {"customer_level": None, "cemi_n": cemi_n, "celid_t_h": celid_t_h, "cemi": np.nan, "celid": np.nan,
             "served": served, "period": shown, "last_year_covered": ds.coverage.covers(before), "unknown_events": [],
             "feeder_column": ds.has_column("feeder")}
    if totals.empty:  # no feeder column, or no feeder with customer-hours: an empty list, not a crash
        return _empty_list(attrs)
    out = pd.DataFrame({"feeder": totals.index, "customer_hours": totals["customer_hours"].to_numpy(),
                        "events": totals["events"].to_numpy(dtype="int64")})
    out["town"] = out["feeder"].map(_names(ds.events, "town"))
    out["area"] = out["feeder"].map(_names(ds.events, "area"))
    out["contribution_saidi_h"] = out["customer_hours"] / served
    out["planned_customer_hours"] = totals["customer_hours_planned"].to_numpy()
    out["fault_customer_hours"] = totals["customer_hours_fault"].to_numpy()
    out["planned_share"] = out["planned_customer_hours"] / out["customer_hours"]
    out["cause_mix"] = out["feeder"].map(_cause_mix(by_cause[by_cause["feeder"].isin(out["feeder"])]))
    if attrs["last_year_covered"]:
        last = _sums(ds, before, ["feeder"]).set_index("feeder")["customer_hours"]
        out["last_year_customer_hours"] = out["feeder"].map(last).fillna(0.0)
    else:
        out["last_year_customer_hours"] = np.nan
    base = out["last_year_customer_hours"]
    out["change"] = (out["customer_hours"] / base.where(base > 0) - 1).astype(float)
    levels = _frequent_levels(ds, period, shown, frequent)
    out["level"] = [levels.get(f, "") for f in out["feeder"]]
    dominant = by_cause.groupby(["feeder", "category"], observed=True)["customer_hours"].sum()
    dominant = dominant[dominant > 0].reset_index().sort_values(["customer_hours", "category"], ascending=[False, True])
    out["dominant_cause"] = out["feeder"].map(dominant.drop_duplicates("feeder").set_index("feeder")["category"])
    if event_customers is not None:
        attrs.update(_customer_level(ds, shown, out, event_customers, cemi_n, celid_t_h, served))
    else:
        out["cemi_customers"] = out["celid_customers"] = np.nan
    out = out[list(COLUMNS)].reset_index(drop=True)
    out.attrs.update(attrs)
    return out
