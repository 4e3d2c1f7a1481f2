"""The aggregation over event rows on any engine: pandas (in memory), DuckDB (Parquet larger than memory, one
machine) and Dask (a ``dask.distributed`` cluster).

Event rows in bulk use a compact table (:func:`compact`): times as int64 epoch seconds (absolute time, so
durations and boundary splits are plain integer arithmetic on every engine), ``customers`` int64, flags as
booleans and the text columns as categories. The counting rules (sustained, numerators, accrual) come from
:mod:`lqrel.counting`. The result (``period``, the keys, :data:`lqrel.counting.SUM_COLUMNS`) is tested
against a plain pandas oracle (``tests/oracle.py``).

Placing each event in its periods is written twice: numpy for frames in memory (the pandas engine and every
Dask partition: a period lookup table and ``np.bincount``, block by block) and narwhals expressions for lazy
engines (DuckDB), which plan and stream the query themselves.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import narwhals as nw
import numpy as np
import pandas as pd

from lqrel.counting import BOUNDARIES, SUM_COLUMNS, numerators, sustained
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
    """Accepted events (from :func:`lqrel.load_events`) as the compact table every engine reads, row for row.

    Times are rounded down to whole seconds; ``customers`` stay int64 (never narrowed). On events as
    :func:`lqrel.load_events` returns them (categories, int64 customers, boolean flags) the columns other than
    the times and ``planned`` are views of the events' own, not copies.
    """
    return pd.DataFrame({
        "start_s": epoch_seconds(events["start"]).astype("int64"),
        "end_s": epoch_seconds(events["end"]).astype("int64"),
        "customers": events["customers"].astype("int64"),
        "area": events["area"].astype("category"),
        "planned": (events["nature"] == "planned").to_numpy(),
        "external": events["external"].astype(bool).to_numpy(),
        "shortage": events["shortage"].astype(bool).to_numpy(),
        "town": events["town"].astype("category"),
        "feeder": events["feeder"].astype("category"),
        "cause": events["cause"].astype("category"),
        "nature": events["nature"].astype("category"),
    }, copy=False)


def _sums(frame, keys: Sequence[str], bucket, inside_h, started, is_sustained):
    """Group sums of the numerators, given expressions for the bucket, the hours inside it and the flags."""
    terms = numerators(nw.col("customers").cast(nw.Float64), inside_h, started, is_sustained, nw.col("planned"),
                       nw.col("external"), nw.col("shortage"), lambda flag: flag.cast(nw.Float64))
    return frame.with_columns(_bucket=bucket, **terms).group_by("_bucket", *keys).agg(nw.col(*SUM_COLUMNS).sum())


def _search(s, bounds: list[int], leaf, lo: int = 0, hi: int | None = None):
    """Expression for ``leaf(k)``, k the period holding ``s`` (as :func:`period_of`: -1 before the first bound),
    as a balanced binary search: each row meets about log2(P) comparisons, where engines that evaluate
    ``CASE WHEN`` branches only on their rows (DuckDB) would otherwise test every bound."""
    hi = len(bounds) if hi is None else hi
    if lo == hi:
        return nw.lit(leaf(lo - 1), nw.Int64)
    mid = (lo + hi) // 2
    return nw.when(s >= bounds[mid]).then(_search(s, bounds, leaf, mid + 1, hi)).otherwise(
        _search(s, bounds, leaf, lo, mid))


def _aggregate_lazy(frame, periods: Sequence[Period], keys: Sequence[str], boundary: str, short_max_min: float):
    """Two passes: events inside the period they started in go to it whole (one group-by over all rows);
    events that cross a bound (few) are joined to the periods they overlap and split there."""
    if boundary not in BOUNDARIES:
        raise ValueError(f"unknown boundary policy {boundary!r}")
    bounds = [epoch_seconds(p.start) for p in periods] + [epoch_seconds(periods[-1].end)]
    s, e = nw.col("start_s"), nw.col("end_s")
    is_sustained = sustained(e - s, short_max_min)
    bucket = _search(s, bounds, lambda k: k)
    bucket_end = _search(s, bounds, lambda k: bounds[min(k + 1, len(bounds) - 1)])
    inside_range = (s >= bounds[0]) & (s < bounds[-1])
    whole = inside_range & ((e <= bucket_end) | nw.lit(boundary == "start"))
    duration_h = (e - s).cast(nw.Float64) / 3600.0
    parts = [_sums(frame.filter(whole), keys, bucket, duration_h, nw.lit(True), is_sustained)]
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
        parts.append(_sums(pieces, keys, nw.col("_k"), inside_h, (s >= ps) & (s < pe), is_sustained))
    return nw.concat(parts, how="vertical")


#: Rows per block of the in-memory kernel: its temporaries stay in the CPU cache and memory stays flat.
BLOCK_ROWS = 1 << 17
#: Largest (period x group) space summed with dense ``np.bincount``; larger ones are summed by hashing.
DENSE_BINS = 1 << 16


def _key_codes(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, list, int]:
    """One integer per row for the combination of ``keys`` (mixed radix of each key's codes, 0 = missing),
    each key's labels, and the number of combinations."""
    combined = np.zeros(len(frame), dtype=np.int64)
    labels, size = [], 1
    for key in keys:
        column = frame[key]
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
        else:
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
        labels.append(np.concatenate([[None], np.asarray(uniques, dtype=object)]))
        combined = combined * (len(uniques) + 1) + (codes.astype(np.int64) + 1)
        size *= len(uniques) + 1
    return combined, labels, size


def period_of(times_s: np.ndarray, bounds_s: np.ndarray) -> np.ndarray:
    """Index k of the period ``[bounds_s[k], bounds_s[k+1])`` holding each time [s]: -1 before the first bound,
    ``len(bounds_s) - 1`` from the last bound on. Same as ``np.searchsorted(bounds_s, times_s, "right") - 1``.

    A lookup table on a grid no finer than the shortest period holds at most one bound per cell, so one table
    read and one comparison place each time (a binary search per time costs several mispredicted branches).
    """
    n_periods = len(bounds_s) - 1
    step = int(np.diff(bounds_s).min())
    n_cells = (int(bounds_s[-1] - bounds_s[0]) // step) + 1
    if n_cells > 1 << 20:  # very short periods over a long span: the table would be too big
        return np.searchsorted(bounds_s, times_s, side="right") - 1
    grid = bounds_s[0] + np.arange(n_cells, dtype=np.int64) * step
    table = np.concatenate([[-1], np.searchsorted(bounds_s, grid, side="right") - 1, [n_periods]])
    cell = np.clip((times_s - bounds_s[0]) // step, -1, n_cells)
    k = table[cell + 1]
    upper = np.append(bounds_s, np.iinfo(np.int64).max)  # upper[k + 1]: the end of period k (k = -1 .. P)
    return k + (times_s >= upper[k + 1])


def _block_pieces(s, e, bounds, boundary: str):
    """The pieces of one block of events as (rows, period index, hours inside [h], started in that period).

    The first piece covers every row of the block (``rows`` is ``None``): an event inside the period it started
    in goes to it whole, any other row to the discard index ``len(bounds) - 1``. With ``boundary="split"`` an
    event crossing bounds then gives one piece per period it overlaps (docs/spec.md §5).
    """
    n_periods = len(bounds) - 1
    first = period_of(s, bounds)  # period the event started in (-1: before, P: after)
    inside = (first >= 0) & (first < n_periods)
    if boundary == "split":
        inside &= e <= bounds[np.clip(first + 1, 0, n_periods)]
    pieces = [(None, np.where(inside, first, n_periods), (e - s) / 3600.0, True)]
    if boundary == "split":
        cross = np.flatnonzero(~inside & (s < bounds[-1]) & (e > bounds[0]))
        if len(cross):
            lo_k = np.maximum(first[cross], 0)
            hi_k = np.minimum(np.searchsorted(bounds, e[cross], side="left") - 1, n_periods - 1)
            count = hi_k - lo_k + 1
            which = np.repeat(np.arange(len(cross)), count)
            k = lo_k[which] + np.arange(len(which)) - np.repeat(np.cumsum(count) - count, count)
            row = cross[which]
            lo = np.maximum(s[row], bounds[k])
            hi = np.minimum(e[row], bounds[k + 1])
            pieces.append((row, k, (hi - lo) / 3600.0, (s[row] >= bounds[k]) & (s[row] < bounds[k + 1])))
    return pieces


def _aggregate_frame(frame: pd.DataFrame, periods: Sequence[Period], keys: list[str], boundary: str,
                     short_max_min: float) -> pd.DataFrame:
    """The aggregation on an in-memory compact frame (the pandas engine, and each Dask partition) with numpy:
    periods found by table lookup, sums by ``np.bincount`` over (period, group) codes, block by block.

    Returns ``_bucket`` (period index), the keys and :data:`SUM_COLUMNS`, one row per non-empty bin.
    """
    if boundary not in BOUNDARIES:
        raise ValueError(f"unknown boundary policy {boundary!r}")
    bounds = np.array([epoch_seconds(p.start) for p in periods] + [epoch_seconds(periods[-1].end)], dtype=np.int64)
    start_s = frame["start_s"].to_numpy(dtype=np.int64)
    end_s = frame["end_s"].to_numpy(dtype=np.int64)
    customers = frame["customers"].to_numpy(dtype=np.float64)
    flags = [frame[c].to_numpy(dtype=bool) for c in ("planned", "external", "shortage")]
    group, labels, n_groups = _key_codes(frame, keys)
    n_bins = (len(periods) + 1) * n_groups  # the last period index discards rows
    dense = n_bins <= DENSE_BINS
    totals = {c: np.zeros(n_bins if dense else 0) for c in SUM_COLUMNS}
    partial = [pd.DataFrame(totals)]
    for lo in range(0, len(frame), BLOCK_ROWS):
        block = slice(lo, lo + BLOCK_ROWS)
        s, e = start_s[block], end_s[block]
        is_sustained = sustained(e - s, short_max_min)
        for rows, k, inside_h, started in _block_pieces(s, e, bounds, boundary):
            at = block if rows is None else rows + lo
            terms = numerators(customers[at], inside_h, started, is_sustained if rows is None else is_sustained[rows],
                               *(flag[at] for flag in flags), np.asarray)
            bins = k * n_groups + group[at]
            if dense:
                for c, values in terms.items():
                    totals[c] += np.bincount(bins, weights=values, minlength=n_bins)
            else:
                partial.append(pd.DataFrame({"_bin": bins, **terms}).groupby("_bin").sum())
    summed = pd.DataFrame(totals) if dense else pd.concat(partial).groupby(level=0).sum()
    summed = summed[(summed.index < len(periods) * n_groups) & (summed != 0).any(axis=1)]
    bin_index = summed.index.to_numpy(dtype=np.int64)
    out = pd.DataFrame({"_bucket": bin_index // n_groups})
    rest = bin_index % n_groups
    for key, key_labels in zip(reversed(keys), reversed(labels), strict=True):
        out[key] = key_labels[rest % len(key_labels)]
        rest //= len(key_labels)
    out = out[["_bucket", *keys]]
    for c in SUM_COLUMNS:
        out[c] = summed[c].to_numpy(dtype=np.float64)
    return out


def aggregate_native(native, periods: Sequence[Period], keys: Sequence[str], boundary: str = "split",
                     short_max_min: float = 3.0) -> pd.DataFrame:
    """Numerator sums per period and group of a compact table held by any engine: a pandas frame (numpy kernel,
    :func:`_aggregate_frame`), a Dask DataFrame (the same kernel on every partition), or anything else narwhals
    supports lazily, such as a DuckDB relation (narwhals expressions).

    Returns a small pandas frame: ``period`` (label), the keys and :data:`lqrel.counting.SUM_COLUMNS`; only
    groups with a non-zero sum appear."""
    keys = list(keys)
    if _is_dask(native):
        out = _aggregate_dask(native, periods, keys, boundary, short_max_min)
    elif isinstance(native, pd.DataFrame):
        out = _aggregate_frame(native, periods, keys, boundary, short_max_min)
    else:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Dask support is moving", category=FutureWarning)
            combined = _aggregate_lazy(nw.from_native(native), periods, keys, boundary, short_max_min)
            if isinstance(combined, nw.LazyFrame):
                combined = combined.collect()
            out = combined.to_pandas()
    for key in keys:  # categories become plain values
        out[key] = out[key].astype(object)
    out = out.groupby(["_bucket", *keys], sort=True, observed=True, dropna=False)[list(SUM_COLUMNS)].sum()
    out = out.reset_index()
    out = out[(out[list(SUM_COLUMNS)] != 0).any(axis=1)]  # groups adding nothing are not listed
    out.insert(0, "period", out.pop("_bucket").map({k: p.label for k, p in enumerate(periods)}))
    out["events"] = out["events"].round().astype("int64")
    return out[["period", *keys, *SUM_COLUMNS]].reset_index(drop=True)


def _is_dask(native) -> bool:
    return type(native).__module__.startswith("dask")


def _aggregate_dask(ddf, periods: Sequence[Period], keys: list[str], boundary: str, short_max_min: float):
    """Dask: the numpy kernel (:func:`_aggregate_frame`) on every partition on the workers, reading only the
    columns it uses; the partial sums come back to be added once, with the other engines' results
    (:func:`aggregate_native`). One task per partition, whatever the number of periods."""
    meta = pd.DataFrame({"_bucket": pd.Series(dtype="int64"), **{k: pd.Series(dtype=object) for k in keys},
                         **{c: pd.Series(dtype=float) for c in SUM_COLUMNS}})
    needed = ["start_s", "end_s", "customers", "planned", "external", "shortage", *keys]
    return ddf[needed].map_partitions(_aggregate_frame, list(periods), keys, boundary, short_max_min,
                                      meta=meta).compute()


def parquet_glob(path: Path) -> str:
    """A file, or every Parquet file under a folder (``year=/month=`` partitions)."""
    return str(path) if path.is_file() else str(path / "**" / "*.parquet")


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[object]:
    """A ``dask.distributed`` client: to ``scheduler`` (``tcp://host:8786``) or a local cluster of worker
    processes."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns off glibc's growing mmap threshold: every array
    # of a partition is then mapped afresh and page-faulted in, and the numpy kernel ran 2.5x slower there than
    # in a plain process. Arrays under 64 MiB come from the heap again (benchmarks/run.py scale).
    environ = {**dask.config.get("distributed.nanny.pre-spawn-environ"), "MALLOC_MMAP_THRESHOLD_": 1 << 26}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
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
