"""The aggregation on any engine: pandas (in memory), DuckDB (Parquet larger than memory, one machine) and
Dask (a ``dask.distributed`` cluster), written once with narwhals.

Event rows in bulk use a compact table (:func:`compact`): times as int64 epoch seconds (absolute time, so
durations and boundary splits are plain integer arithmetic on every engine), ``customers`` int32, flags as
booleans and the text columns as categories. The result has the same columns as
:func:`lqrel.aggregate.aggregate`, the plain pandas implementation that stays the test oracle.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import narwhals as nw
import numpy as np
import pandas as pd

from lqrel.aggregate import SUM_COLUMNS
from lqrel.periods import Period

ENGINES = ("pandas", "duckdb", "dask")
#: Columns of the compact event table.
COMPACT_COLUMNS = ("start_s", "end_s", "customers", "area", "planned", "external", "shortage", "town", "feeder",
                   "cause", "nature")


def epoch_seconds(ts: pd.Series | pd.Timestamp):
    """Seconds since 1970-01-01 UTC of time-zone-aware timestamps (absolute time) [s]."""
    if isinstance(ts, pd.Timestamp):
        return int(ts.timestamp())
    return (ts.dt.tz_convert("UTC").dt.tz_localize(None) - pd.Timestamp(0)) // pd.Timedelta(seconds=1)


def compact(events: pd.DataFrame) -> pd.DataFrame:
    """Accepted events (from :func:`lqrel.load_events`) as the compact table every engine reads.

    Times are rounded down to whole seconds.
    """
    return pd.DataFrame({
        "start_s": epoch_seconds(events["start"]).astype("int64"),
        "end_s": epoch_seconds(events["end"]).astype("int64"),
        "customers": events["customers"].astype("int32"),
        "area": events["area"].astype("category"),
        "planned": (events["nature"] == "planned").to_numpy(),
        "external": events["external"].astype(bool).to_numpy(),
        "shortage": events["shortage"].astype(bool).to_numpy(),
        "town": events["town"].astype("category"),
        "feeder": events["feeder"].astype("category"),
        "cause": events["cause"].astype("category"),
        "nature": events["nature"].astype("category"),
    })


def _sums(frame, keys: Sequence[str], bucket, inside_h, started, sustained):
    """Group sums of the numerators, given expressions for the bucket, the hours inside it and the flags."""
    customers = nw.col("customers").cast(nw.Float64)
    counted = started & sustained
    out = (
        frame.with_columns(_bucket=bucket, _ch=nw.when(sustained).then(customers * inside_h).otherwise(nw.lit(0.0)),
                           _counted=counted, _momentary=started & ~sustained)
        .with_columns(
            customer_hours=nw.col("_ch"),
            customer_hours_planned=nw.when(nw.col("planned")).then(nw.col("_ch")).otherwise(nw.lit(0.0)),
            customer_hours_fault=nw.when(~nw.col("planned")).then(nw.col("_ch")).otherwise(nw.lit(0.0)),
            customer_hours_external=nw.when(nw.col("external")).then(nw.col("_ch")).otherwise(nw.lit(0.0)),
            customer_hours_shortage=nw.when(nw.col("shortage")).then(nw.col("_ch")).otherwise(nw.lit(0.0)),
            customer_interruptions=nw.when(nw.col("_counted")).then(customers).otherwise(nw.lit(0.0)),
            events=nw.col("_counted").cast(nw.Int64),
            momentary_interruptions=nw.when(nw.col("_momentary")).then(customers).otherwise(nw.lit(0.0)),
        )
    )
    return _group_sum(out, ["_bucket", *keys])


def _group_sum(frame, keys: list[str]):
    """Sums per group."""
    return frame.group_by(*keys).agg(nw.col(*SUM_COLUMNS).sum())


def _aggregate_lazy(frame, periods: Sequence[Period], keys: Sequence[str], boundary: str, short_max_min: float):
    """Two passes: events inside the period they started in go to it whole (one group-by over all rows);
    only events that cross a bound (few) are split period by period."""
    if boundary not in ("split", "start"):
        raise ValueError(f"unknown boundary policy {boundary!r}")
    bounds = [epoch_seconds(p.start) for p in periods] + [epoch_seconds(periods[-1].end)]
    s, e = nw.col("start_s"), nw.col("end_s")
    sustained = (e - s) > short_max_min * 60
    bucket = sum(((s >= b).cast(nw.Int64) for b in bounds), nw.lit(-1, nw.Int64))
    bucket_end = nw.lit(bounds[-1])
    for k in range(len(periods) - 1, -1, -1):
        bucket_end = nw.when(s < bounds[k + 1]).then(nw.lit(bounds[k + 1])).otherwise(bucket_end)
    inside_range = (s >= bounds[0]) & (s < bounds[-1])
    whole = inside_range & ((e <= bucket_end) | nw.lit(boundary == "start"))
    duration_h = (e - s).cast(nw.Float64) / 3600.0
    parts = [_sums(frame.filter(whole), keys, bucket, duration_h, nw.lit(True), sustained)]
    if boundary == "split":  # events crossing a bound (few): paired with every period they overlap, in one join
        crossing = frame.filter(~whole & (s < bounds[-1]) & (e > bounds[0]))
        table = pd.DataFrame({"_k": np.arange(len(periods), dtype="int64"), "_ps": np.array(bounds[:-1], "int64"),
                              "_pe": np.array(bounds[1:], "int64")})
        spans = nw.from_native(table, eager_only=True)
        if isinstance(crossing, nw.LazyFrame):
            spans = spans.lazy(backend=crossing.implementation)
        ps, pe = nw.col("_ps"), nw.col("_pe")
        pieces = crossing.join(spans, how="cross").filter((s < pe) & (e > ps))
        lo = nw.when(s > ps).then(s).otherwise(ps)
        hi = nw.when(e < pe).then(e).otherwise(pe)
        inside_h = nw.when(hi > lo).then(hi - lo).otherwise(nw.lit(0)).cast(nw.Float64) / 3600.0
        parts.append(_sums(pieces, keys, nw.col("_k"), inside_h, (s >= ps) & (s < pe), sustained))
    return nw.concat(parts, how="vertical")


def aggregate_native(native, periods: Sequence[Period], keys: Sequence[str], boundary: str = "split",
                     short_max_min: float = 3.0) -> pd.DataFrame:
    """:func:`lqrel.aggregate.aggregate` on a compact table held by any engine narwhals supports (a pandas
    frame, a DuckDB relation, a Dask DataFrame ...). Returns a small pandas frame."""
    keys = list(keys)
    if _is_dask(native):
        return _aggregate_dask(native, periods, keys, boundary, short_max_min)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Dask support is moving", category=FutureWarning)
        combined = _aggregate_lazy(nw.from_native(native), periods, keys, boundary, short_max_min)
        if isinstance(combined, nw.LazyFrame):
            combined = combined.collect()
        out = combined.to_pandas()
    for key in keys:  # categories become plain values, as in the pandas oracle
        out[key] = out[key].astype(object)
    out = out.groupby(["_bucket", *keys], sort=True, observed=True)[list(SUM_COLUMNS)].sum().reset_index()
    out = out[(out[list(SUM_COLUMNS)] != 0).any(axis=1)]  # as the oracle: groups adding nothing are not listed
    out.insert(0, "period", out.pop("_bucket").map({k: p.label for k, p in enumerate(periods)}))
    out["events"] = out["events"].astype("int64")
    return out[["period", *keys, *SUM_COLUMNS]].reset_index(drop=True)


def _is_dask(native) -> bool:
    return type(native).__module__.startswith("dask")


def _aggregate_dask(ddf, periods: Sequence[Period], keys: list[str], boundary: str, short_max_min: float):
    """Dask: the same kernel on every partition (a pandas frame) on the workers, then the partial sums added.

    Map-reduce keeps the task graph flat: one task per partition, whatever the number of periods.
    """
    meta = pd.DataFrame({"period": pd.Series(dtype=object), **{k: pd.Series(dtype=object) for k in keys},
                         **{c: pd.Series(dtype="int64" if c == "events" else float) for c in SUM_COLUMNS}})
    partial = ddf.map_partitions(aggregate_native, list(periods), keys, boundary, short_max_min, meta=meta).compute()
    out = partial.groupby(["period", *keys], sort=False)[list(SUM_COLUMNS)].sum().reset_index()
    order = {p.label: i for i, p in enumerate(periods)}
    out = out.assign(_p=out["period"].map(order)).sort_values(["_p", *keys]).drop(columns="_p")
    out["events"] = out["events"].astype("int64")
    return out[["period", *keys, *SUM_COLUMNS]].reset_index(drop=True)


def parquet_glob(path: Path) -> str:
    """A file, or every Parquet file under a folder (``year=/month=`` partitions)."""
    return str(path) if path.is_file() else str(path / "**" / "*.parquet")


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[object]:
    """A ``dask.distributed`` client: to ``scheduler`` (``tcp://host:8786``) or a local cluster of worker
    processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def open_events(source, engine: str = "pandas", connection=None):
    """The compact events of ``source`` (a compact pandas frame or a Parquet file/folder) as ``engine``'s native
    object: a pandas frame, a DuckDB relation or a Dask DataFrame (a client must be active for Dask)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose {', '.join(ENGINES)}")
    if isinstance(source, pd.DataFrame):
        if engine == "pandas":
            return source
        if engine == "duckdb":
            import duckdb

            con = connection or duckdb.default_connection()  # the connection narwhals joins on
            return con.from_df(source)
        import dask.dataframe as dd

        return dd.from_pandas(source, npartitions=max(1, min(8, len(source) // 1_000_000 + 1)))
    path = Path(source)
    if engine == "pandas":
        return pd.read_parquet(path, columns=list(COMPACT_COLUMNS))
    if engine == "duckdb":
        import duckdb

        con = connection or duckdb.default_connection()
        return con.read_parquet(parquet_glob(path), hive_partitioning=not path.is_file()).select(
            ", ".join(COMPACT_COLUMNS))
    import dask.dataframe as dd

    return dd.read_parquet(str(path), columns=list(COMPACT_COLUMNS))


def areas_in(native) -> set[str]:
    """Distinct areas of a compact table on any engine."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Dask support is moving", category=FutureWarning)
        frame = nw.from_native(native).select("area").unique()
        if isinstance(frame, nw.LazyFrame):
            frame = frame.collect()
        return {str(a) for a in frame.to_pandas()["area"] if a is not None and a == a}


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
