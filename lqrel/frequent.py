"""Frequent outages (频繁停电): rule sets over the interruptions of each feeder (or town, transformer, user).

The preset (docs/spec.md §8, a setting in params.yaml ``frequent_outages``):

- frequent: more than 5 interruptions in the calendar year; more than 3 in any rolling 60 days; more than 3
  planned interruptions in the year;
- warning: 4-5 in the year (4 or more, when not frequent); 3 or more in the last 50 days; 2 or more in the
  last 30 days.

Windows: ``year`` counts from 1 January to the as-of date; ``rolling`` takes the largest count in any window
of ``days`` days inside the year up to the as-of date (a window ``[t, t + days)``); ``recent`` counts the
``days`` days up to and including the as-of date. Short interruptions and major event days are excluded by
default.
"""

from __future__ import annotations

import operator

import numpy as np
import pandas as pd

from lqrel.counting import sustained
from lqrel.errors import DataError
from lqrel.params import Params, Rule, load_params

OPS = {">": operator.gt, ">=": operator.ge, "==": operator.eq, "<=": operator.le, "<": operator.lt}
LEVEL_COLUMNS = {"feeder": "feeder", "town": "town", "transformer": "transformer", "customer": "customer_id"}


def lacks_feeders(ds) -> bool:
    """Whether frequent outages cannot be counted at all: they are counted by feeder
    (``frequent_outages.level``) and the log has no feeder column (:meth:`lqrel.dataset.Dataset.has_column`)."""
    return ds.params.frequent_outages.level == "feeder" and not ds.has_column("feeder")


def max_in_window(times: np.ndarray, days: int) -> int:
    """Largest number of timestamps in any half-open window of ``days`` days (times sorted, datetime64)."""
    if len(times) == 0:
        return 0
    width = np.timedelta64(days, "D")
    ends = np.searchsorted(times, times + width, side="left")
    return int((ends - np.arange(len(times))).max())


def rule_count(starts: pd.Series, natures: pd.Series, rule: Rule, as_of: pd.Timestamp) -> int:
    """The count a rule compares: interruptions of one unit in the rule's window [interruptions]."""
    mask = natures == rule.nature if rule.nature else pd.Series(True, index=starts.index)
    times = np.sort(starts[mask].to_numpy(dtype="datetime64[ns]"))
    end = np.datetime64(as_of + pd.Timedelta(days=1), "ns")
    times = times[times < end]
    if rule.window == "year":
        return len(times)
    if rule.window == "rolling":
        return max_in_window(times, int(rule.days))
    start = end - np.timedelta64(int(rule.days), "D")
    return int(((times >= start) & (times < end)).sum())


def classify(
    events: pd.DataFrame,
    year: int,
    as_of: str | pd.Timestamp | None = None,
    params: Params | dict | None = None,
    exclude_dates=None,
) -> pd.DataFrame:
    """Frequent and warning units of a year, with the rules each hit and the dates of its interruptions.

    Parameters
    ----------
    events : pandas.DataFrame
        Accepted events; the unit column (``feeder`` by default) identifies what is counted.
    year : int
    as_of : date, optional
        Last day counted (default: 31 December of ``year``).
    exclude_dates : iterable of dates, optional
        Major event days; interruptions that began on them are not counted when ``exclude_med`` is set.

    Returns
    -------
    pandas.DataFrame
        One row per unit that hit a rule: ``unit``, ``area``, ``level`` (``frequent`` or ``warning``),
        ``rules`` (the rules hit, described), ``interruptions`` (in the year up to as-of), ``dates`` (their
        start dates). Frequent units are not listed again as warnings.
    """
    params = load_params(params)
    cfg = params.frequent_outages
    column = LEVEL_COLUMNS[cfg.level]
    if column not in events:
        raise DataError(code="frequent_level_column", level=cfg.level, column=column)
    as_of = pd.Timestamp(as_of or f"{year}-12-31").normalize()
    local = events["start"].dt.tz_localize(None)
    keep = (local.dt.year == year) & (local < as_of + pd.Timedelta(days=1)) & (events[column] != "")
    if cfg.exclude_short:
        keep &= sustained(events["duration_h"] * 3600, params.short_threshold_min)
    if cfg.exclude_med and exclude_dates is not None:
        keep &= ~local.dt.normalize().isin(pd.DatetimeIndex(list(exclude_dates)))
    ev = events[keep].assign(_local=local[keep])
    rows = []
    for unit, group in ev.groupby(column, sort=True):
        hits = {}
        for level, rules in (("frequent", cfg.frequent), ("warning", cfg.warning)):
            hit = [r for r in rules if OPS[r.op](rule_count(group["_local"], group["nature"], r, as_of), r.count)]
            if hit:
                hits[level] = hit
        if not hits:
            continue
        level = "frequent" if "frequent" in hits else "warning"
        dates = sorted(group["_local"].dt.strftime("%Y-%m-%d"))
        rows.append({
            "unit": unit, "area": "+".join(sorted(set(group["area"]), reverse=True)), "level": level,
            "rules": tuple(hits[level]), "interruptions": len(group),
            "dates": ", ".join(dates),
        })
    out = pd.DataFrame(rows, columns=["unit", "area", "level", "rules", "interruptions", "dates"])
    return out.sort_values(["level", "interruptions", "unit"], ascending=[True, False, True]).reset_index(drop=True)
