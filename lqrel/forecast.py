"""Year-end SAIDI projection with uncertainty, its backtest, and the monthly series with STL trend.

Method (``year_end``), on daily SAIDI accrued to each event's start day, for one area:

* Projected year = YTD + ordinary days still to come + storms still to come. YTD is the SAIDI of 1 January to
  the as-of day exactly as the verdict computes the year (boundary policy, customers served, all data or 剔除),
  so a projection as of 31 December is the verdict.
* Ordinary days are the days that are not major event days (:mod:`lqrel.med`, IEEE 1366). History: the (up to)
  ``projection.history_years`` fully covered years before Y, their ordinary daily SAIDI. The year's ordinary
  level L has a log-normal prior from a straight line through the past years' log ordinary SAIDI (the 剔除
  figures), with an uncertain year-to-year variance (drawn per simulation: years differ by more than their
  days); this year's ordinary days so far update it (log YTD_ordinary = log L + log S_ytd). The share to
  date S_ytd and the remaining share S_rest come from a bootstrap of past ordinary days scaled by monthly
  seasonal factors; the variance of log S_ytd is the larger of the bootstrap's and the past years' own spread
  at the same date (a season that shifts), and the remaining days carry a drift of the level within the year
  (a step). See :func:`_ordinary_rest`.
* Storms (runs of consecutive major event days): one already in the year to date counts once, in YTD, and never
  inflates the remaining months; those still to come are drawn from the past storms' frequency (by season) and
  log-normal sizes (:func:`_storms_rest`). With ``targets.exclude_med`` the target leaves storms out, and so
  does the projection.
* The probability of meeting the target is the share of draws that meet it by :mod:`lqrel.targets` (limit,
  or the reduction allowance of ``yoy`` or ``average_since``), on the same data the verdict uses.

Assumptions left: customers served stay at the year-to-date count; storms to come resemble past storms in
number and size (a log-normal tail); the level's trend is straight on a log scale over the history.
``backtest`` measures the interval coverage on history (:mod:`lqrel.calibration` states it in every report,
and checks it on stress histories that break these assumptions). Only data inside the coverage is used: the
as-of day must be covered, and history years must be fully covered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lqrel import targets
from lqrel.daily import daily_customer_hours
from lqrel.errors import DataError
from lqrel.params import Params
from lqrel.periods import Period, year_period

#: Log-sd of the level when the history is too short for a trend fit (about 20% year to year).
DEFAULT_LEVEL_SIGMA = 0.2
#: Prior log-sd of the year-to-year level around the trend, and the years it is worth.
LEVEL_SIGMA_PRIOR = 0.08
LEVEL_PRIOR_YEARS = 2
#: Prior log-sd of the level's drift within a year, and the years the share spreads' priors are worth.
DRIFT_SIGMA_PRIOR = 0.05
SHARE_PRIOR_YEARS = 1
#: Prior log-sd of storm sizes and the storms it is worth; storms' size when the threshold is unknown [h].
STORM_SIGMA_PRIOR = 0.8
STORM_PRIOR_COUNT = 2
DEFAULT_STORM_H = 0.5
#: Statuses of a projection (a quarter or half-year is never a compliance verdict).
STATUSES = ("on_track", "at_risk", "off_track")


@dataclass(frozen=True)
class YearEnd:
    """Projected full-year SAIDI of one area [h] and the chance of meeting the target."""

    area: str
    as_of: pd.Timestamp
    ytd_h: float
    median_h: float
    mean_h: float
    p80_h: tuple[float, float]
    p95_h: tuple[float, float]
    ceiling_h: float
    probability_met: float
    reference_known: bool
    history_years: tuple[int, ...]
    samples_h: np.ndarray = field(repr=False)

    def to_dict(self) -> dict:
        """Plain values for JSON and tables."""
        return {"area": self.area, "as_of": self.as_of.strftime("%Y-%m-%d"), "ytd_h": self.ytd_h,
                "median_h": self.median_h, "mean_h": self.mean_h, "p10_h": self.p80_h[0],
                "p90_h": self.p80_h[1], "p2_5_h": self.p95_h[0], "p97_5_h": self.p95_h[1],
                "ceiling_h": self.ceiling_h, "probability_met": self.probability_met,
                "reference_known": self.reference_known}


@dataclass(frozen=True)
class _History:
    """What the past fully covered years say about one area: ordinary days and storms (major event days)."""

    #: Ordinary daily SAIDI [h] of each history year (every day of the year, zeros included).
    ordinary: dict[int, pd.Series]
    #: Ordinary daily customer-hours of the area on every day with any [customer-hours] (the year to date's too).
    ordinary_ch: pd.Series
    #: Storms: runs of consecutive major event days, as (history year, first day, SAIDI of the area [h]).
    storms: list[tuple[int, pd.Timestamp, float]]
    #: Median size of a storm when the history has none [h]: the major-event threshold of the projected year.
    default_storm_h: float

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.ordinary))


def _history(ds, area: str, year: int) -> _History:
    """Ordinary daily SAIDI and storms of ``area`` in the fully covered years before ``year`` (at most
    ``projection.history_years``), both accrued to start days; customers served missing in such a year is an
    error. Ordinary days are those of the data without major event days (:func:`lqrel.med.without_major_events`);
    a storm's size is the area's SAIDI of all events that began on its days. Built once per dataset, area and
    year (the projections from each day of a year share it; read only)."""
    key = ("forecast_history", area, year)
    if key not in ds.memo:
        ds.memo[key] = _built_history(ds, area, year)
    return ds.memo[key]


def _built_history(ds, area: str, year: int) -> _History:
    from lqrel.med import major_event_days, without_major_events

    coverage = ds.require_coverage()
    every = _area_daily(daily_customer_hours(ds), area)
    ordinary_ch = _area_daily(daily_customer_hours(without_major_events(ds)), area)
    ordinary, storms = {}, []
    for y in range(year - ds.params.projection.history_years, year):
        if not coverage.covers_year(y):
            continue
        served = ds.served(area, year_period(y, ds.params.timezone))
        days = pd.date_range(f"{y}-01-01", f"{y}-12-31", freq="D")
        values = ordinary_ch.reindex(days, fill_value=0.0) / served
        if values.sum() <= 0:
            continue
        ordinary[y] = values
        table = major_event_days(ds, y)
        major = pd.DatetimeIndex(table.loc[table["major"], "date"])
        for run in _runs(major):
            storms.append((y, run[0], float(every.reindex(run, fill_value=0.0).sum() / served)))
    t_med_min = major_event_days(ds, year)["t_med_min"].iloc[0]
    default = float(t_med_min) / 60 if np.isfinite(t_med_min) else DEFAULT_STORM_H
    return _History(ordinary, ordinary_ch, storms, default)


def _area_daily(ch: pd.DataFrame, area: str) -> pd.Series:
    return ch[ch["area"] == area].set_index("date")["customer_hours"]


def _runs(days: pd.DatetimeIndex) -> list[pd.DatetimeIndex]:
    """Consecutive days grouped into runs (one storm over several days is one event)."""
    if not len(days):
        return []
    days = days.sort_values()
    breaks = np.flatnonzero(np.diff(days.to_numpy()) > np.timedelta64(1, "D")) + 1
    return [days[i:j] for i, j in zip([0, *breaks], [*breaks, len(days)], strict=True)]


def _simulate_shares(history: dict[int, pd.Series], as_of: pd.Timestamp, n: int, rng) -> tuple[np.ndarray, ...]:
    """Bootstrap ``n`` years of ordinary daily shares (each history year's days over its total); returns
    (S_ytd, S_rest) per draw.

    A day of month m is a day drawn from the whole history (a large pool) scaled by the month's seasonal
    factor: mean daily share in month m / mean daily share overall.
    """
    pooled = pd.concat([v / v.sum() for v in history.values()])
    values = pooled.to_numpy()
    overall = values.mean()
    factor = {m: pooled[pooled.index.month == m].mean() / overall for m in range(1, 13)}
    days = pd.date_range(f"{as_of.year}-01-01", f"{as_of.year}-12-31", freq="D")
    ytd = np.zeros(n)
    rest = np.zeros(n)
    for month in range(1, 13):
        in_month = days[days.month == month]
        before = int((in_month <= as_of).sum())
        after = len(in_month) - before
        if before:
            ytd += factor[month] * values[rng.integers(0, len(values), (n, before))].sum(axis=1)
        if after:
            rest += factor[month] * values[rng.integers(0, len(values), (n, after))].sum(axis=1)
    return ytd, rest


def _pooled(variance: float, df: int, prior: float, prior_df: float) -> float:
    """A variance estimated from ``df`` degrees of freedom, pooled with a prior worth ``prior_df``."""
    return (df * variance + prior_df * prior) / (df + prior_df)


def _year_shares(history: dict[int, pd.Series], as_of: pd.Timestamp) -> np.ndarray:
    """Each history year's share of its ordinary SAIDI up to the as-of month and day."""
    md = (as_of.month, as_of.day)
    out = []
    for values in history.values():
        before = (values.index.month < md[0]) | ((values.index.month == md[0]) & (values.index.day <= md[1]))
        out.append(values[before].sum() / values.sum())
    return np.asarray(out)


def _ordinary_rest(history: dict[int, pd.Series], as_of: pd.Timestamp, ytd_ordinary_h: float, n: int,
                   rng) -> np.ndarray:
    """Draws of the SAIDI of the ordinary days still to come [h].

    The year's ordinary level L has a log-normal prior from a straight line through the past years' log
    ordinary SAIDI (with n >= 3 years; else their mean), whose year-to-year variance tau^2 is uncertain: each
    draw takes its own tau^2 from a scaled inverse chi-square (the residual variance pooled with a prior of
    0.08^2 worth two years). The year to date updates the level: log YTD = log L + log S_ytd, with the variance
    of log S_ytd the larger of the day bootstrap's and the spread of the past years' own shares at the same
    date (a season that shifts shows there). The remaining days are L x S_rest x exp(delta): delta is the
    level's drift within the year (a level that steps), with the variance the past years show beyond the
    bootstrap's, pooled with a prior of 0.05^2 worth one year; each draw
    takes its own scale of both share variances (a scaled inverse chi-square: few years, an uncertain spread).
    """
    years = np.array(sorted(history), dtype=float)
    logs = np.log([history[int(y)].sum() for y in years])
    target = as_of.year
    k = len(years)
    if k >= 3:
        slope, intercept = np.polyfit(years, logs, 1)
        resid = logs - (intercept + slope * years)
        df = k - 2
        spread = float((resid**2).sum() / df)
        leverage = 1 + 1 / k + (target - years.mean()) ** 2 / ((years - years.mean()) ** 2).sum()
        mu = intercept + slope * target
    else:
        df = k - 1
        spread = float(logs.var(ddof=1)) if k > 1 else 0.0
        leverage = 1 + 1 / k
        mu = logs.mean()
    scale = _pooled(spread, df, LEVEL_SIGMA_PRIOR**2, LEVEL_PRIOR_YEARS)
    tau2 = (df + LEVEL_PRIOR_YEARS) * scale / rng.chisquare(df + LEVEL_PRIOR_YEARS, n)
    prior_var = tau2 * leverage
    s_ytd, s_rest = _simulate_shares(history, as_of, n, rng)
    shares = _year_shares(history, as_of)
    boot_ytd = np.log(s_ytd[s_ytd > 0]).var(ddof=1) if (s_ytd > 0).sum() > 1 else 0.0
    boot_rest = np.log(s_rest[s_rest > 0]).var(ddof=1) if (s_rest > 0).sum() > 1 else 0.0
    seen_ytd = np.log(shares[shares > 0]).var(ddof=1) if (shares > 0).sum() > 1 else 0.0
    seen_rest = np.log(1 - shares[shares < 1]).var(ddof=1) if (shares < 1).sum() > 1 else 0.0
    share_df = max(k - 1, 0) + SHARE_PRIOR_YEARS
    draw_scale = share_df / rng.chisquare(share_df, n)  # each draw's own variance scale: few years, uncertain
    var_ytd = draw_scale * max(boot_ytd, _pooled(seen_ytd, k - 1, boot_ytd, SHARE_PRIOR_YEARS))
    seen_drift = _pooled(seen_rest, k - 1, boot_rest + DRIFT_SIGMA_PRIOR**2, SHARE_PRIOR_YEARS) - boot_rest
    drift = draw_scale * max(seen_drift, DRIFT_SIGMA_PRIOR**2 / 4)
    if ytd_ordinary_h > 0 and (s_ytd > 0).sum() > 1 and boot_ytd > 0:
        mu_ytd = np.log(ytd_ordinary_h) - np.log(s_ytd[s_ytd > 0]).mean()
        precision = 1 / prior_var + 1 / var_ytd
        mean, var = (mu / prior_var + mu_ytd / var_ytd) / precision, 1 / precision
    else:
        mean, var = np.full(n, mu), prior_var
    level = np.exp(rng.normal(mean, np.sqrt(var)))
    return level * s_rest * np.exp(rng.normal(-drift / 2, np.sqrt(drift)))


def _storms_rest(hist: _History, as_of: pd.Timestamp, n: int, rng) -> np.ndarray:
    """Draws of the SAIDI of storms (major event days) still to come in the year [h].

    The number of storms left is Poisson with a rate drawn from its gamma posterior (storms seen + 0.5 over
    the history years), times the share of storms that start after the as-of day, from the history shrunk
    towards the share of days left (a prior worth two storms). Each storm's size is log-normal: the mean and
    spread of the past storms' log sizes (the spread pooled with a prior of 0.8 worth two storms), its median
    the major-event threshold when the history has no storm.
    """
    years = len(hist.years)
    seen = [(first, size) for _, first, size in hist.storms if size > 0]
    md = (as_of.month, as_of.day)
    later = sum((d.month, d.day) > md for d, _ in seen)
    days_left = (pd.Timestamp(as_of.year, 12, 31) - as_of).days / (366 if as_of.is_leap_year else 365)
    share_left = (later + STORM_PRIOR_COUNT * days_left) / (len(seen) + STORM_PRIOR_COUNT)
    rate = rng.gamma(len(seen) + 0.5, 1 / years, n) * share_left
    count = rng.poisson(rate)
    logs = np.log([size for _, size in seen]) if seen else np.array([])
    centre = logs.mean() if len(logs) else np.log(hist.default_storm_h)
    spread = _pooled(logs.var(ddof=1) if len(logs) > 1 else 0.0, max(len(logs) - 1, 0), STORM_SIGMA_PRIOR**2,
                     STORM_PRIOR_COUNT)
    most = int(count.max()) if n else 0
    if most == 0:
        return np.zeros(n)
    sizes = np.exp(rng.normal(centre, np.sqrt(spread * (1 + 1 / max(len(logs), 1))), (n, most)))
    return (sizes * (np.arange(most) < count[:, None])).sum(axis=1)


def year_end(ds, as_of: str | pd.Timestamp, area: str, extra_customer_hours: float = 0.0) -> YearEnd:
    """Projected full-year SAIDI [h] of ``area`` given the data through the end of ``as_of``.

    Parameters
    ----------
    ds : lqrel.dataset.Dataset
        The loaded dataset.
    as_of : str or pandas.Timestamp
        Last day of data used (local date, inside the coverage); the year projected is its calendar year.
    area : {"urban", "rural"}
    extra_customer_hours : float
        Customer-hours of outages known to come (a what-if planned outage), added to every draw
        [customer-hours]; they do not change the level estimated from the year to date.

    Returns
    -------
    YearEnd
        Median, mean, 80% and 95% intervals [h] and the probability of meeting the target (on the ceiling of
        :func:`lqrel.targets.basis`; the limit alone when the reference year is not covered).

    Raises
    ------
    DataError
        The as-of day or the start of its year is outside the coverage, or customers served are missing.

    Notes
    -----
    See the module docstring for the method and its assumptions. Deterministic for a given
    ``projection.seed``.
    """
    params = ds.params
    coverage = ds.require_coverage()
    as_of = pd.Timestamp(as_of).normalize()
    year = as_of.year
    tz = params.timezone
    start = pd.Timestamp(year, 1, 1).tz_localize(tz)
    cut = (as_of + pd.Timedelta(days=1)).tz_localize(tz)
    if cut > coverage.end:
        raise DataError(code="as_of_after_coverage", as_of=f"{as_of:%Y-%m-%d}", coverage=coverage.phrase(),
                        through=f"{coverage.through:%Y-%m-%d}")
    if start < coverage.start:
        raise DataError(code="year_start_not_covered", year=year, as_of=f"{as_of:%Y-%m-%d}",
                        coverage=coverage.phrase())
    data = targets.judged(ds)
    key = ("year_to_date", cut)  # both areas of one as-of day share the aggregation
    if key not in data.memo:
        data.memo[key] = data.indices(Period("year to date", start, cut)).set_index("area")
    ytd_row = data.memo[key].loc[area]
    ytd, served = float(ytd_row["saidi_h"]), float(ytd_row["customers_served"])
    hist = _history(ds, area, year)
    rng = np.random.default_rng(params.projection.seed)
    n = params.projection.simulations
    if as_of >= pd.Timestamp(year, 12, 31):
        samples = np.full(n, ytd)
    elif not hist.ordinary:
        elapsed = (cut - start) / (year_period(year, tz).end - start)
        samples = np.maximum(ytd / elapsed * np.exp(rng.normal(0, DEFAULT_LEVEL_SIGMA, n)), ytd)
    else:
        ordinary = hist.ordinary_ch
        ytd_ordinary = float(ordinary[(ordinary.index >= pd.Timestamp(year, 1, 1)) & (ordinary.index <= as_of)].sum())
        samples = ytd + _ordinary_rest(hist.ordinary, as_of, ytd_ordinary / served, n, rng)
        if not params.targets.exclude_med:  # storms to come count only where the target counts them
            samples = samples + _storms_rest(hist, as_of, n, rng)
    samples = samples + extra_customer_hours / served  # known future outages add on top of the projection
    bases, _ = targets.basis(ds, year)
    b = bases[area]
    return YearEnd(
        area=area, as_of=as_of, ytd_h=ytd, median_h=float(np.median(samples)), mean_h=float(samples.mean()),
        p80_h=tuple(np.quantile(samples, [0.1, 0.9]).tolist()),
        p95_h=tuple(np.quantile(samples, [0.025, 0.975]).tolist()),
        ceiling_h=b.ceiling_h, probability_met=float(np.mean(b.meets(samples))),
        reference_known=b.reference_saidi_h is not None, history_years=hist.years, samples_h=samples,
    )


def status(probability_met: float, params: Params, calibrated: bool = True) -> str:
    """``on_track`` (预计达标), ``at_risk`` (存在风险) or ``off_track`` (预计未达标) from the probability of
    meeting the target (``projection`` thresholds): the words of a projection, never a verdict. ``uncalibrated``
    (no status word) when the user's history is too short to check the odds
    (:func:`lqrel.calibration.calibratable`)."""
    if not calibrated:
        return "uncalibrated"
    p = params.projection
    if probability_met >= p.on_track_probability:
        return "on_track"
    if probability_met >= p.off_track_probability:
        return "at_risk"
    return "off_track"


def backtest(ds, quarter_ends=((3, 31), (6, 30), (9, 30)), min_history: int = 2,
             before: int | None = None) -> pd.DataFrame:
    """Project every fully covered year (before ``before`` only, when given: no later data) with enough
    history from each quarter end and compare with the year's SAIDI as the verdict computes it (computed once
    per dataset).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``as_of``, ``area``, ``median_h``, the interval bounds, ``actual_h``, ``in80``, ``in95`` and
        ``abs_error_h``.
    """
    key = ("backtest", tuple(quarter_ends), min_history, before)
    if key in ds.memo:
        return ds.memo[key].copy()
    full = ("backtest", tuple(quarter_ends), min_history, None)
    if before is not None and full in ds.memo:  # the whole backtest is there: its earlier years
        out = ds.memo[full]
        out = out[out["year"] < before].reset_index(drop=True) if len(out) else out
        ds.memo[key] = out
        return out.copy()
    coverage = ds.require_coverage()
    rows = []
    for year in coverage.covered_years():
        if before is not None and year >= before:
            continue
        actual, _ = targets.year_saidi(ds, year)
        for area in actual:
            for month, day in quarter_ends:
                f = year_end(ds, pd.Timestamp(year, month, day), area)
                if len(f.history_years) < min_history:
                    continue
                rows.append({
                    "year": year, "as_of": f.as_of, "area": area, "median_h": f.median_h,
                    "p10_h": f.p80_h[0], "p90_h": f.p80_h[1], "p2_5_h": f.p95_h[0], "p97_5_h": f.p95_h[1],
                    "actual_h": actual[area],
                })
    out = pd.DataFrame(rows)
    if len(out):
        out["in80"] = (out["actual_h"] >= out["p10_h"]) & (out["actual_h"] <= out["p90_h"])
        out["in95"] = (out["actual_h"] >= out["p2_5_h"]) & (out["actual_h"] <= out["p97_5_h"])
        out["abs_error_h"] = (out["median_h"] - out["actual_h"]).abs()
    ds.memo[key] = out
    return out.copy()


def monthly_table(ds) -> pd.DataFrame:
    """Indices by area and month over every month of the coverage (one aggregation for all areas, computed
    once per dataset)."""
    if "monthly" not in ds.memo:
        coverage = ds.require_coverage()
        ds.memo["monthly"] = ds.indices(Period("coverage", coverage.start, coverage.end), ("area", "month"))
    return ds.memo["monthly"]


def monthly_series(ds, area: str, table: pd.DataFrame | None = None) -> pd.Series:
    """Monthly SAIDI [h] of an area with an explicit monthly frequency (``MS``), boundary-split like the
    indices; ``table`` is a ready :func:`monthly_table`."""
    table = monthly_table(ds) if table is None else table
    t = table[table["area"] == area]
    if t.empty:
        raise DataError(code="no_customers_served_area", area=area)
    series = pd.Series(t["saidi_h"].to_numpy(), index=pd.PeriodIndex(t["month"], freq="M").to_timestamp())
    return series.asfreq("MS")


def stl_trend(series: pd.Series) -> pd.DataFrame | None:
    """STL decomposition (statsmodels) of a monthly series: observed, trend, seasonal, residual [h].

    None with fewer than three years of months (too short to separate season from trend).
    """
    if len(series.dropna()) < 36:
        return None
    from statsmodels.tsa.seasonal import STL

    fit = STL(series.asfreq("MS"), period=12, robust=True).fit()
    return pd.DataFrame({"observed": series, "trend": fit.trend, "seasonal": fit.seasonal, "resid": fit.resid})
