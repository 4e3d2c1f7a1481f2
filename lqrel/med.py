"""Major event days (重大事件日), IEEE 1366 "2.5 beta" method (docs/spec.md §6).

1. Daily SAIDI [min] for the five years before the year classified (fewer if the history is shorter),
   every interruption accrued to the day it began. A threshold from fewer than five years says how many it
   rests on; a year without history has no threshold, and its 剔除 figures are the all-data figures, said so
   (:func:`history_note`), never a silent NaN.
2. Drop days with SAIDI = 0; take natural logs.
3. alpha = mean, beta = standard deviation (sample, ddof=1).
4. T_MED = exp(alpha + 2.5 beta).
5. A day of the classified year with daily SAIDI > T_MED is a major event day.

Chinese practice also keeps an explicit list (``major_event_days`` in params.yaml), which is added to the
computed days or replaces them (``mode: replace``). Indices "剔除" (major event days removed) leave out every
event that began on a major event day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel.daily import daily_saidi

#: IEEE 1366 multiplier of beta.
BETA_MULTIPLIER = 2.5
#: Years of history used for T_MED.
HISTORY_YEARS = 5


def threshold(daily_saidi_min, ddof: int = 1) -> float:
    """T_MED [min] from daily SAIDI values [min]: exp(alpha + 2.5 beta) over the non-zero days.

    Parameters
    ----------
    daily_saidi_min : array-like
        Daily SAIDI [min]; zeros and NaN are dropped.
    ddof : int
        Delta degrees of freedom of beta: 1 (sample, IEEE 1366 practice) or 0 (population).

    Returns
    -------
    float
        T_MED [min]; NaN with fewer than two non-zero days.

    References
    ----------
    IEEE Std 1366-2012, 4.5 (major event day classification). Check vector (docs/spec.md §6): 0, 0.5, 1, 2, 4, 8,
    16, 0, 3, 120 gives alpha = 1.515554, beta = 1.717384, T_MED = 333.29 min (252.58 with ddof=0).
    """
    values = np.asarray(daily_saidi_min, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    if len(values) < 2:
        return float("nan")
    logs = np.log(values)
    return float(np.exp(logs.mean() + BETA_MULTIPLIER * logs.std(ddof=ddof)))


def major_event_days(ds, year: int) -> pd.DataFrame:
    """Classify every day of ``year`` of a dataset.

    Returns
    -------
    pandas.DataFrame
        One row per day: ``date``, ``saidi_min`` (system daily SAIDI [min], start-day accrual), ``t_med_min``
        (the year's threshold [min], from the five years before; NaN without history), ``history_years``
        (the years of covered history it rests on: covered days of the five years before / 365.25, one
        decimal), ``computed`` (SAIDI > T_MED), ``listed`` (in params ``major_event_days``) and ``major`` (the
        policy's answer: computed or listed, or only listed with ``mode: replace``).
    """
    key = ("med", int(year))
    if key in ds.memo:
        return ds.memo[key]
    params = ds.params
    history = daily_saidi(ds, f"{year - HISTORY_YEARS}-01-01", f"{year}-01-01", "all")
    t_med = threshold(history.dropna())
    known = history.dropna()
    if ds.coverage is not None:  # years of history: the covered days the threshold could rest on
        dates = known.index.date
        known = known[(dates >= ds.coverage.first) & (dates <= ds.coverage.through)]
    years = round(len(known) / 365.25, 1)
    days = daily_saidi(ds, f"{year}-01-01", f"{year + 1}-01-01", "all")
    listed = set(params.major_event_days)
    out = pd.DataFrame({"date": days.index, "saidi_min": days.to_numpy(), "t_med_min": t_med,
                        "history_years": years})
    out["computed"] = out["saidi_min"] > t_med  # False where T_MED is NaN
    out["listed"] = out["date"].dt.strftime("%Y-%m-%d").isin(listed)
    out["major"] = out["listed"] if params.major_event_days_mode == "replace" else out["computed"] | out["listed"]
    ds.memo[key] = out
    return out


def history_note(table: pd.DataFrame, year: int | None = None) -> dict | None:
    """What a year's threshold rests on, as a note (``{"code": ..., **arguments}``, :func:`lqrel.messages.note`)
    from its :func:`major_event_days` table: ``med_threshold`` (five years), ``med_short_history`` (fewer, with
    how many), ``med_no_history`` (no history: no threshold, the 剔除 figures equal the all-data figures; with
    ``listed`` true when days listed in the settings are removed all the same) or ``med_no_threshold`` (history
    with fewer than two days of outages). None for an empty table."""
    if table is None or not len(table):
        return None
    year = int(table["date"].iloc[0].year) if year is None else int(year)
    t_med = float(table["t_med_min"].iloc[0])
    years = float(table["history_years"].iloc[0])
    if t_med == t_med:  # a threshold
        if years >= HISTORY_YEARS:
            return {"code": "med_threshold", "year": year, "t_med": t_med}
        return {"code": "med_short_history", "year": year, "t_med": t_med, "years": years}
    listed = bool(table["listed"].any())
    code = "med_no_history" if years == 0 else "med_no_threshold"
    return {"code": code + ("_listed" if listed else ""), "year": year, "years": years}


def med_dates(ds, years) -> set[pd.Timestamp]:
    """Major event days (local dates) of the given years."""
    out: set[pd.Timestamp] = set()
    for year in sorted(set(years)):
        table = major_event_days(ds, int(year))
        out |= set(table.loc[table["major"], "date"])
    return out


def exclude(ds, dates):
    """The dataset without the events that began on one of ``dates`` (local calendar days): the 剔除 data."""
    days = pd.DatetimeIndex(sorted(dates))
    started = ds.events["start"].dt.tz_localize(None).dt.normalize()
    return ds.subset(~started.isin(days).to_numpy())


def data_years(ds) -> range:
    """The calendar years the dataset speaks for: those its coverage touches, else those of its events."""
    if ds.coverage is not None:
        return range(ds.coverage.first.year, ds.coverage.through.year + 1)
    if ds.events.empty:
        return range(0)
    starts = ds.events["start"].dt.year
    return range(int(starts.min()), int(starts.max()) + 1)


def without_major_events(ds):
    """The dataset with every event that began on a major event day of any of its years removed (剔除): one
    dataset for every period and year, so an event of a major event day never counts in a neighbouring year
    either. Computed once per dataset."""
    if "without_med" not in ds.memo:
        ds.memo["without_med"] = exclude(ds, med_dates(ds, data_years(ds)))
    return ds.memo["without_med"]
