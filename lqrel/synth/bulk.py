"""Large synthetic outage sets for benchmarks and engine tests: random compact events
(:mod:`lqrel.engine`'s columns) and the shipped sample scaled up into ``year=/month=`` Parquet partitions
(``lqrel synth OUTDIR --format parquet``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.engine import epoch_seconds
from lqrel.synth.sample import FAULT_MONTH_WEIGHT, PLANNED_MONTH_WEIGHT, SAMPLE_SEED, customers_table


def random_compact(n: int, start: str = "2022-01-01", years: int = 1, seed: int = 0) -> pd.DataFrame:
    """``n`` random compact events over ``years`` from ``start`` (benchmarks and engine tests)."""
    rng = np.random.default_rng(seed)
    t0 = epoch_seconds(pd.Timestamp(start, tz="Asia/Shanghai"))
    span = int(years * 365.25 * 86400)
    start_s = t0 + rng.integers(0, span, n)
    duration = np.where(rng.random(n) < 0.08, rng.integers(0, 300, n), rng.lognormal(np.log(2.5 * 3600), 0.7, n))
    towns = np.array(["城关街道", "东城街道", "五井镇", "冶源镇", "寺头镇", "九山镇", "辛寨镇", "柳山镇", "龙岗镇",
                      "上林镇"])
    causes = np.array(["雷击", "大风", "树障", "外力破坏", "设备老化", "计划检修", "配网改造"])
    planned = rng.random(n) < 0.4
    return pd.DataFrame({
        "start_s": start_s.astype("int64"),
        "end_s": (start_s + duration.astype("int64")).astype("int64"),
        "customers": rng.integers(1, 3000, n).astype("int32"),
        "area": pd.Categorical.from_codes(rng.integers(0, 2, n), ["urban", "rural"]),
        "planned": planned,
        "external": rng.random(n) < 0.05,
        "shortage": rng.random(n) < 0.01,
        "town": pd.Categorical.from_codes(rng.integers(0, len(towns), n), towns),
        "feeder": pd.Categorical.from_codes(rng.integers(0, 80, n), [f"10kV{i:02d}线" for i in range(80)]),
        "cause": pd.Categorical.from_codes(rng.integers(0, len(causes), n), causes),
        "nature": pd.Categorical.from_codes(planned.astype(int), ["fault", "planned"]),
    })


#: Events per year of the shipped sample (about), the unit ``scale`` multiplies.
EVENTS_PER_YEAR = 430


def write_parquet_sample(outdir: str | Path, years: range = range(2019, 2025), seed: int = SAMPLE_SEED,
                         scale: float = 1.0, events: int | None = None) -> tuple[Path, Path]:
    """A large synthetic set for benchmarks: compact events (:mod:`lqrel.engine`) in ``year=/month=`` Parquet
    partitions, written one month at a time so memory stays small, and the matching customers file.

    Parameters
    ----------
    scale : float
        Multiplies events and customers served of the shipped sample (SAIDI stays at its level).
    events : int, optional
        Total number of events instead of ``scale``.

    Returns
    -------
    events_dir, customers_csv : pathlib.Path
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    outdir = Path(outdir)
    events_dir = outdir / "events"
    if events is not None:
        scale = events / (EVENTS_PER_YEAR * len(years))
    rng = np.random.default_rng(seed)
    weights = (FAULT_MONTH_WEIGHT + PLANNED_MONTH_WEIGHT) / (FAULT_MONTH_WEIGHT + PLANNED_MONTH_WEIGHT).sum()
    target = int(round(EVENTS_PER_YEAR * scale * len(years))) if events is None else int(events)
    counts = rng.multinomial(target, np.tile(weights, len(years)) / len(years))
    i = 0
    for year in years:
        for month in range(1, 13):
            n = int(counts[i])
            i += 1
            if n == 0:
                continue
            start = pd.Timestamp(year, month, 1)
            days = pd.Period(start, freq="M").days_in_month / 365.25
            part = random_compact(n, str(start.date()), days, seed=int(rng.integers(0, 2**31)))
            folder = events_dir / f"year={year}" / f"month={month:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pandas(part, preserve_index=False), folder / "part-0.parquet")
    cust = customers_table(years, 1.0)
    cust["用户数"] = (cust["用户数"] * scale).round().astype("int64")
    cu_path = outdir / "customers.csv"
    cust.to_csv(cu_path, index=False, encoding="utf-8", lineterminator="\n")
    return events_dir, cu_path
