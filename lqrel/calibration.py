"""How often the year-end projection's intervals held: on the user's own history (stated in every report) and
on stress histories that break the projection's assumptions (:mod:`lqrel.synth.stress`).

A projection's status (预计达标 / 存在风险 / 预计未达标) is a probability turned into words, and a probability is
only worth what its intervals' calibration is worth. :func:`own` backtests the projection on the dataset's own
complete years (every past quarter end against the year's verdict figure); with fewer than
:data:`MIN_CALIBRATION_YEARS` complete years the odds are not calibrated and the projection carries no status
word.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

#: Complete years of history needed before a projection's odds count as calibrated on the user's data.
MIN_CALIBRATION_YEARS = 3


@dataclass(frozen=True)
class Calibration:
    """The backtest of the projection on one dataset, in counts a reader can check."""

    #: Complete (fully covered) years of the dataset.
    years: tuple[int, ...]
    #: Quarter-end projections backtested, and how many of them the 80% and 95% intervals held.
    cases: int
    held80: int
    held95: int
    #: Mean absolute error of the median [h] (None without cases).
    mae_h: float | None
    #: Per as-of month: ``{"month", "cases", "held80", "held95"}``.
    by_month: tuple[dict, ...]
    #: The years whose year end was projected (those with enough history before them: not the first years).
    projected: tuple[int, ...] = ()

    @property
    def calibrated(self) -> bool:
        """True when the history has :data:`MIN_CALIBRATION_YEARS` complete years and the backtest has cases."""
        return len(self.years) >= MIN_CALIBRATION_YEARS and self.cases > 0

    def to_dict(self) -> dict:
        return {**asdict(self), "years": list(self.years), "by_month": list(self.by_month),
                "projected": list(self.projected), "calibrated": self.calibrated}

    @classmethod
    def from_dict(cls, doc: dict) -> Calibration:
        """The calibration of :meth:`to_dict`. Raises ``KeyError`` for a document written before the projected
        years were kept (a cache of an earlier version: computed again)."""
        return cls(tuple(doc["years"]), doc["cases"], doc["held80"], doc["held95"], doc["mae_h"],
                   tuple(doc["by_month"]), tuple(doc["projected"]))


def complete_years(ds, before: int | None = None) -> list[int]:
    """The dataset's fully covered years, those before ``before`` only when given (a report of year Y uses no
    data of Y or later to judge its projection's odds)."""
    years = ds.require_coverage().covered_years()
    return [y for y in years if before is None or y < before]


def calibratable(ds, before: int | None = None) -> bool:
    """Whether the dataset has the :data:`MIN_CALIBRATION_YEARS` complete years (before ``before`` when given) a
    backtest of its projections needs (then a projection carries a status word; else it is shown without
    one)."""
    return len(complete_years(ds, before)) >= MIN_CALIBRATION_YEARS


def odds(probability_met: float, ds, before: int | None = None) -> tuple[float | None, str]:
    """The probability of meeting the target and the status word a projection shows: both when the data (its
    complete years before ``before``, when given) can check the odds (:func:`calibratable`), else no
    probability and ``uncalibrated``."""
    from lqrel.forecast import status

    calibrated = calibratable(ds, before)
    return (probability_met if calibrated else None), status(probability_met, ds.params, calibrated)


def summarize(backtest: pd.DataFrame, years: tuple[int, ...]) -> Calibration:
    """A :class:`Calibration` from a :func:`lqrel.forecast.backtest` table."""
    if backtest.empty:
        return Calibration(tuple(years), 0, 0, 0, None, ())
    months = backtest.assign(month=backtest["as_of"].dt.month).groupby("month")
    by_month = tuple({"month": int(m), "cases": len(g), "held80": int(g["in80"].sum()), "held95": int(g["in95"].sum())}
                     for m, g in months)
    return Calibration(tuple(years), len(backtest), int(backtest["in80"].sum()), int(backtest["in95"].sum()),
                       float(backtest["abs_error_h"].mean()), by_month,
                       tuple(sorted(int(y) for y in set(backtest["year"]))))


def input_hash(ds) -> str:
    """SHA-256 of what a backtest depends on: the accepted events, the customers served, the coverage and the
    settings."""
    digest = hashlib.sha256()
    for frame in (ds.events, ds.customers):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        digest.update(",".join(map(str, frame.columns)).encode())
    digest.update(repr(ds.coverage).encode())
    digest.update(repr(ds.params).encode())
    return digest.hexdigest()


def own(ds, cache_dir: str | Path | None = None, before: int | None = None) -> Calibration:
    """The projection's calibration on the dataset's own history (computed once per dataset; with
    ``cache_dir``, kept there by :func:`input_hash`, so a scheduled report reruns it only when the input or the
    settings change).

    ``before``: only the complete years before it are backtested (a report of year Y states the record of its
    projection on earlier years only: no later data). With fewer than :data:`MIN_CALIBRATION_YEARS` complete
    years nothing is backtested.
    """
    key = "calibration" if before is None else ("calibration", int(before))
    if key in ds.memo:
        return ds.memo[key]
    from lqrel.forecast import backtest

    suffix = "" if before is None else f"-before-{int(before)}"
    cache = Path(cache_dir) / f"calibration-{input_hash(ds)}{suffix}.json" if cache_dir else None
    years = tuple(complete_years(ds, before))
    result = None
    if cache is not None and cache.exists():
        with contextlib.suppress(KeyError):  # a cache of an earlier version is computed again
            result = Calibration.from_dict(json.loads(cache.read_text(encoding="utf-8")))
    if result is None:
        table = backtest(ds, before=before) if calibratable(ds, before) else pd.DataFrame()
        result = summarize(table, years)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # a file of this run's own (owner-only, created new, never through a link): two runs at once (two
            # periods) never write into one temporary file
            handle, tmp = tempfile.mkstemp(prefix=cache.name, suffix=".tmp", dir=cache.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(result.to_dict()))
            os.replace(tmp, cache)
    ds.memo[key] = result
    return result


def coverage_table(backtest: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Coverage of the intervals and error per group of a backtest table: ``cases``, ``coverage_80``,
    ``coverage_95``, ``below_p10`` and ``above_p90`` (shares of actual year ends outside the 80% interval on each
    side) and ``mae_h`` [h]."""
    frame = backtest.assign(month=backtest["as_of"].dt.month,
                            below=backtest["actual_h"] < backtest["p10_h"],
                            above=backtest["actual_h"] > backtest["p90_h"])
    return frame.groupby(by).agg(cases=("in80", "size"), coverage_80=("in80", "mean"),
                                 coverage_95=("in95", "mean"), below_p10=("below", "mean"),
                                 above_p90=("above", "mean"), mae_h=("abs_error_h", "mean")).reset_index()
