"""Synthetic daily histories that break the year-end projection's assumptions, for its backtest.

The projection (:mod:`lqrel.forecast`) assumes ordinary days independent given the year's level and month,
a seasonal pattern that holds, a level that moves smoothly, and storms whose past frequency and sizes say
what is to come. Each generator here keeps a realistic base (a downward trend, summer peak, correlated
weather spells, a few storms) and breaks one assumption hard:

``heavy_storms``
    Storms of Pareto sizes (tail index 1.3: a few storms several times a normal year's total) lasting one to
    four days, up to five a year.
``year_effects``
    Each year's level multiplied by a log-normal random effect (log-sd 0.3: a typical year +-30%).
``regime_change``
    A step in the level on one random day in the series (down to 0.55 or up to 1.6 times), so past years and
    even the year to date mislead.
``season_shift``
    The seasonal peak moves from year to year (by up to three months) and its height changes.

Every history is daily SAIDI [h] per area, turned into one accepted event per area and day (a day's
customer-hours over customers served) so that it runs through the same dataset, major event days and verdict
as a utility's log. Histories are labelled synthetic; the same seed gives the same history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

GENERATORS = ("heavy_storms", "year_effects", "regime_change", "season_shift")
#: Annual SAIDI of ordinary days in the first year [h] and the yearly change of the trend.
BASE_LEVEL_H = {"urban": 7.0, "rural": 12.0}
TREND_PER_YEAR = -0.04
#: Customers served per area (constant: the projection's subject is the outage process, not growth).
SERVED = {"urban": 120_000, "rural": 240_000}
#: Relative size of a storm in each area (rural lines suffer more).
STORM_AREA_FACTOR = {"urban": 0.7, "rural": 1.0}
#: Base monthly weight of ordinary outages (summer thunderstorm peak).
MONTH_WEIGHT = np.array([4, 4, 5, 6, 8, 12, 15, 14, 9, 6, 5, 4], dtype=float)
#: Monthly weight of storm starts (typhoon and thunderstorm season).
STORM_MONTH_WEIGHT = np.array([1, 1, 1, 2, 3, 6, 9, 9, 6, 2, 1, 1], dtype=float)


def daily_history(generator: str, years: range, seed: int) -> pd.DataFrame:
    """Daily SAIDI [h] of each area for every day of ``years`` drawn by ``generator``.

    Returns
    -------
    pandas.DataFrame
        Index: local dates; columns ``urban`` and ``rural`` [h].
    """
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}; one of {', '.join(GENERATORS)}")
    rng = np.random.default_rng(seed)
    days = pd.date_range(f"{years.start}-01-01", f"{years.stop - 1}-12-31", freq="D")
    n = len(days)
    year_index = (days.year - years.start).to_numpy()
    level = np.exp(TREND_PER_YEAR * (year_index + days.day_of_year.to_numpy() / 366))  # smooth trend
    if generator == "year_effects":
        level = level * np.exp(rng.normal(0, 0.3, len(years)))[year_index]
    if generator == "regime_change":
        step = rng.integers(int(n * 0.3), int(n * 0.8))
        level[step:] *= rng.choice([0.55, 1.6])
    season = _season(days, rng, shifting=generator == "season_shift")
    spell = _weather_spells(n, rng)
    out = {}
    common = rng.gamma(0.8, 1 / 0.8, n)  # a day bad for one area is often bad for the other
    for area, base in BASE_LEVEL_H.items():
        own = rng.gamma(0.8, 1 / 0.8, n)
        noise = np.sqrt(common * own)
        quiet = rng.random(n) < 0.08  # some days without a sustained outage
        daily = base / 365 * level * season * spell * noise / noise.mean()
        out[area] = np.where(quiet, 0.0, daily)
    storms = _storms(days, rng, heavy=generator == "heavy_storms")
    for area in out:
        out[area] = out[area] + storms * STORM_AREA_FACTOR[area] * level
    return pd.DataFrame(out, index=days)


def _season(days: pd.DatetimeIndex, rng, shifting: bool) -> np.ndarray:
    """Seasonal factor of each day (mean 1 over a year), from the monthly weights; with ``shifting``, each
    year's curve moves by a random whole number of months (-3..3) and its height by up to +-50%."""
    weight = MONTH_WEIGHT / MONTH_WEIGHT.mean()
    month = days.month.to_numpy() - 1
    if not shifting:
        return weight[month]
    out = np.empty(len(days))
    for year in np.unique(days.year):
        mask = days.year == year
        shift, height = rng.integers(-3, 4), rng.uniform(0.5, 1.5)
        curve = 1 + height * (np.roll(weight, shift) - 1)
        out[mask] = (curve / curve.mean())[month[mask]]
    return out


def _weather_spells(n: int, rng) -> np.ndarray:
    """Multiplicative weather spells: a log AR(1) series (lag-one correlation 0.7, log-sd 0.35), mean 1."""
    phi, sd = 0.7, 0.35
    shocks = rng.normal(0, sd * np.sqrt(1 - phi**2), n)
    x = np.empty(n)
    x[0] = rng.normal(0, sd)
    for i in range(1, n):
        x[i] = phi * x[i - 1] + shocks[i]
    return np.exp(x - sd**2 / 2)


def _storms(days: pd.DatetimeIndex, rng, heavy: bool) -> np.ndarray:
    """Storm SAIDI added per day [h, before the area factor and the level]: a Poisson number of storms per year
    (2 in the base, 3 when ``heavy``), started in the storm season, each lasting 1-2 days (1-4 when heavy);
    sizes log-normal (median 1 h, log-sd 0.6), or Pareto with tail index 1.3 from 1 h when heavy."""
    out = np.zeros(len(days))
    weight = STORM_MONTH_WEIGHT / STORM_MONTH_WEIGHT.sum()
    for year in np.unique(days.year):
        idx = np.flatnonzero(days.year == year)
        for _ in range(rng.poisson(3.0 if heavy else 2.0)):
            month = rng.choice(12, p=weight)
            in_month = idx[days.month[idx] == month + 1]
            first = rng.choice(in_month)
            length = rng.integers(1, 5 if heavy else 3)
            size = (rng.pareto(1.3) + 1) if heavy else rng.lognormal(0, 0.6)
            parts = rng.dirichlet(np.ones(length)) * size
            span = np.arange(first, min(first + length, len(days)))
            out[span] += parts[: len(span)]
    return out


def history_dataset(generator: str, years: range, seed: int, params=None):
    """A :class:`lqrel.dataset.Dataset` of one synthetic history: one event per area and day carrying the day's
    customer-hours (sustained outages of at most about 4 h), validated as a log's rows are
    (:func:`lqrel.events.validate_events`), constant customers served, full coverage."""
    from lqrel.dataset import from_frames
    from lqrel.events import validate_events

    daily = daily_history(generator, years, seed)
    frames = []
    for area, values in daily.items():
        served = SERVED[area]
        hours = values.to_numpy()
        keep = hours * served >= 1.0  # under one customer-hour: no event that day
        customer_hours = hours[keep] * served
        customers = np.clip(np.ceil(customer_hours / 4.0), 1, served).astype("int64")  # outages of ~4 h
        frames.append(pd.DataFrame({"start": daily.index[keep], "duration_h": customer_hours / customers,
                                    "customers": customers, "area": area}))
    raw = pd.concat(frames, ignore_index=True).sort_values("start", kind="stable").reset_index(drop=True)
    raw["row"] = np.arange(2, len(raw) + 2, dtype="int64")
    events, rejects, _, _ = validate_events(raw, params)
    assert rejects.empty, rejects.head()
    months = pd.period_range(f"{years.start}-01", f"{years.stop - 1}-12", freq="M")
    customers = pd.DataFrame([(a, m, float(n)) for a, n in SERVED.items() for m in months],
                             columns=["area", "month", "customers"])
    return from_frames(events, customers, params, coverage=(f"{years.start}-01-01", f"{years.stop - 1}-12-31"))


def stress_backtest(generator: str, seed: int, years: range = range(2011, 2025), params=None) -> pd.DataFrame:
    """The projection's backtest on one stress history (:func:`history_dataset`), with
    ``generator`` and ``seed`` columns."""
    from lqrel.forecast import backtest

    table = backtest(history_dataset(generator, years, seed, params))
    return table.assign(generator=generator, seed=seed)
