"""Calibration of the year-end projection on stress histories that break its assumptions.

    python benchmarks/calibration.py [--seeds N] [--years FIRST LAST] [--workers W] [--generators a,b]

For each generator of :mod:`lqrel.synth.stress` and each seed, a synthetic history of daily SAIDI (2011-2024 by
default: 12 projected years x 3 quarter ends x 2 areas = 72 quarter-end cases per seed) is backtested with
``lqrel.forecast.backtest``; the table gives, per generator and per as-of month, how often the 80% and 95%
intervals held the actual year end (goal: 75-85% and 92-98%), the shares outside the 80% interval on each
side, and the mean absolute error [h]. See docs/reference.md "Statistics".
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lqrel.calibration import coverage_table  # noqa: E402
from lqrel.synth.stress import GENERATORS, stress_backtest  # noqa: E402


def _one(job: tuple[str, int, int, int]) -> pd.DataFrame:
    generator, seed, first, last = job
    return stress_backtest(generator, seed, range(first, last + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--years", type=int, nargs=2, default=(2011, 2024))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--generators", default=",".join(GENERATORS))
    args = ap.parse_args(argv)
    jobs = [(g, s, *args.years) for g in args.generators.split(",") for s in range(1, args.seeds + 1)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        table = pd.concat(pool.map(_one, jobs), ignore_index=True)
    pd.set_option("display.width", 140)
    fmt = {"coverage_80": "{:.1%}".format, "coverage_95": "{:.1%}".format, "below_p10": "{:.1%}".format,
           "above_p90": "{:.1%}".format, "mae_h": "{:.2f}".format}
    years = args.years[1] - args.years[0] + 1
    print(f"Projection calibration on stress histories: {args.seeds} seeds x {years} years per generator "
          f"({time.perf_counter() - t0:.0f} s)\n")
    print(coverage_table(table, ["generator"]).to_string(index=False, formatters=fmt))
    print("\nBy as-of month (31 March, 30 June, 30 September):\n")
    print(coverage_table(table, ["generator", "month"]).to_string(index=False, formatters=fmt))
    both = coverage_table(table.assign(all="all"), ["all"])
    print(f"\nAll generators: {both['cases'].iloc[0]} cases, 80% held {both['coverage_80'].iloc[0]:.1%}, "
          f"95% held {both['coverage_95'].iloc[0]:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
