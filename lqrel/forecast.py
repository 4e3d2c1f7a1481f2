"""Year-end SAIDI projection with uncertainty, its backtest, and the monthly series with STL trend.

Method (``year_end``), on daily SAIDI accrued to each event's start day:

* History: the (up to) ``projection.history_years`` full years before Y, each day's SAIDI divided by its
  year's total, so a year is a sequence of daily *shares* that add up to one.
* A simulated year draws every day from all the history's daily shares (a day bootstrap over a large pool, so
  quiet, busy and rare big days keep their real proportions), scaled by the seasonal factor of the day's
  month (its mean daily share over the overall mean). Its share up to the as-of day, S_ytd, and after it,
  S_rest, are independent.
* Level of year Y, L (what the year would total): a log-normal prior from a straight line through the past
  years' log SAIDI, extrapolated to Y (prediction variance from the residuals, at least 10%; with fewer than
  three years the last year with a 20% spread), updated by the year to date: log YTD = log L + log S_ytd,
  with log S_ytd's mean and variance from the bootstrap (inverse-variance combination). Early in the year the
  trend dominates, late in the year the year to date does.
* Projected SAIDI = YTD + L x S_rest, over ``projection.simulations`` draws (seeded). YTD is the SAIDI of
  1 January to the as-of day exactly as the verdict computes the year (boundary policy, customers served), so
  a projection as of 31 December is the verdict.
* The probability of meeting the target is the share of draws that meet it by :mod:`lqrel.targets` (limit,
  or the reduction allowance of ``yoy`` or ``average_since``); with ``targets.exclude_med`` every figure
  (year to date, history, draws) is computed without major event days, as the verdict is.

Assumptions: days are independent given the level and the month; the seasonal pattern of the past years
holds; the level moves smoothly year to year; customers served stay at the year-to-date count.
``backtest`` measures the interval coverage on history. Only data inside the coverage is used: the as-of day
must be covered, and history years must be fully covered.
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
#: Smallest log-sd of the trend prediction.
MIN_TREND_SIGMA = 0.10
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


def _history(daily: pd.Series, data, area: str, year: int) -> tuple[dict[int, pd.Series], dict[int, float]]:
    """Daily SAIDI shares (each past year's days divided by its total) and annual start-day SAIDI [h] for the
    fully covered years before ``year``; customers served missing in such a year is an error."""
    coverage = data.require_coverage()
    shares, annual = {}, {}
    for y in range(year - data.params.projection.history_years, year):
        if not coverage.covers_year(y):
            continue
        served = data.served(area, year_period(y, data.params.timezone))
        days = pd.date_range(f"{y}-01-01", f"{y}-12-31", freq="D")
        values = daily.reindex(days, fill_value=0.0) / served
        if values.sum() > 0:
            shares[y] = values / values.sum()
            annual[y] = float(values.sum())
    return shares, annual


def _simulate_shares(history: dict[int, pd.Series], as_of: pd.Timestamp, n: int, rng) -> tuple[np.ndarray, ...]:
    """Bootstrap ``n`` years of daily shares; returns (S_ytd, S_rest) per draw.

    A day of month m is a day drawn from the whole history (a large pool, so rare big days are represented)
    scaled by the month's seasonal factor: mean daily share in month m / mean daily share overall.
    """
    pooled = pd.concat(history.values())
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


def _level(annual: dict[int, float], ytd_h: float, s_ytd: np.ndarray) -> tuple[float, float]:
    """Mean and variance of log L: the trend prior updated by the year to date."""
    years = np.array(sorted(annual), dtype=float)
    logs = np.log([annual[int(y)] for y in years])
    target = years.max() + 1
    if len(years) >= 3:
        slope, intercept = np.polyfit(years, logs, 1)
        resid = logs - (intercept + slope * years)
        s = np.sqrt((resid**2).sum() / (len(years) - 2))
        sxx = ((years - years.mean()) ** 2).sum()
        s_pred = max(s * np.sqrt(1 + 1 / len(years) + (target - years.mean()) ** 2 / sxx), MIN_TREND_SIGMA)
        mu, var = intercept + slope * target, s_pred**2
    else:
        mu, var = logs[-1], DEFAULT_LEVEL_SIGMA**2
    positive = s_ytd[s_ytd > 0]
    if ytd_h > 0 and len(positive) > 1:
        log_s = np.log(positive)
        mu_ytd, var_ytd = np.log(ytd_h) - log_s.mean(), max(log_s.var(ddof=1), 1e-6)
        precision = 1 / var + 1 / var_ytd
        return (mu / var + mu_ytd / var_ytd) / precision, 1 / precision
    return mu, var


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
        raise DataError(f"as-of {as_of:%Y-%m-%d} is after the data coverage {coverage.describe()}; "
                        f"project from {coverage.through:%Y-%m-%d} or earlier")
    if start < coverage.start:
        raise DataError(f"{year} before {as_of:%Y-%m-%d} is not covered by the data (coverage "
                        f"{coverage.describe()}): no year to date to project from")
    data = targets.judged(ds)
    ytd_row = data.indices(Period("year to date", start, cut)).set_index("area").loc[area]
    ytd, served = float(ytd_row["saidi_h"]), float(ytd_row["customers_served"])
    ch = daily_customer_hours(data)
    daily = ch[ch["area"] == area].set_index("date")["customer_hours"]
    history, annual = _history(daily, data, area, year)
    rng = np.random.default_rng(params.projection.seed)
    n = params.projection.simulations
    if as_of >= pd.Timestamp(year, 12, 31):
        samples = np.full(n, ytd)
    elif not history:
        elapsed = (cut - start) / (year_period(year, tz).end - start)
        samples = np.maximum(ytd / elapsed * np.exp(rng.normal(0, DEFAULT_LEVEL_SIGMA, n)), ytd)
    else:
        s_ytd, s_rest = _simulate_shares(history, as_of, n, rng)
        mu, var = _level(annual, ytd, s_ytd)
        level = np.exp(rng.normal(mu, np.sqrt(var), n))
        samples = ytd + level * s_rest
    samples = samples + extra_customer_hours / served  # known future outages add on top of the projection
    bases, _ = targets.basis(ds, year)
    b = bases[area]
    return YearEnd(
        area=area, as_of=as_of, ytd_h=ytd, median_h=float(np.median(samples)), mean_h=float(samples.mean()),
        p80_h=tuple(np.quantile(samples, [0.1, 0.9]).tolist()),
        p95_h=tuple(np.quantile(samples, [0.025, 0.975]).tolist()),
        ceiling_h=b.ceiling_h, probability_met=float(np.mean(b.meets(samples))),
        reference_known=b.reference_saidi_h is not None, history_years=tuple(sorted(history)), samples_h=samples,
    )


def status(probability_met: float, params: Params) -> str:
    """``on_track`` (预计达标), ``at_risk`` (存在风险) or ``off_track`` (预计未达标) from the probability of
    meeting the target (``projection`` thresholds): the words of a projection, never a verdict."""
    p = params.projection
    if probability_met >= p.on_track_probability:
        return "on_track"
    if probability_met >= p.off_track_probability:
        return "at_risk"
    return "off_track"


def backtest(ds, quarter_ends=((3, 31), (6, 30), (9, 30)), min_history: int = 2) -> pd.DataFrame:
    """Project every fully covered year with enough history from each quarter end and compare with the
    year's SAIDI as the verdict computes it.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``as_of``, ``area``, ``median_h``, the interval bounds, ``actual_h``, ``in80``, ``in95`` and
        ``abs_error_h``.
    """
    coverage = ds.require_coverage()
    rows = []
    for year in coverage.covered_years():
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
    return out


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
        raise DataError(f"no customers served for {area}")
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
