"""The aggregation gives the same numbers on pandas, DuckDB and Dask as the plain pandas oracle."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lqrel import engine as engine_module
from lqrel import indices, load_events
from lqrel.engine import aggregate_native, compact, dask_client, epoch_seconds, open_events, period_of
from lqrel.periods import parse_period
from lqrel.synth.bulk import random_compact
from tests.conftest import examples, monthly_customers, months_of
from tests.oracle import SUM_COLUMNS, aggregate

#: The module fixtures build reports or a log once: its tests run on one worker (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("engine")

CUSTOMERS = monthly_customers({"urban": 50_000, "rural": 90_000}, months_of(2021, 2022, 2023))


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    """A log with boundary-crossing, short and duplicate-id events, through the real loader."""
    rng = np.random.default_rng(3)
    rows = ["event_id,start,end,customers,area,town,cause,nature,external"]
    for i in range(400):
        start = pd.Timestamp("2022-01-01") + pd.Timedelta(minutes=int(rng.integers(0, 525_600)))
        minutes = int(rng.choice([1, 3, 4, 6, 90, 600, 3000, 40_000]))  # up to 27 days
        area, town = rng.choice(["城镇", "农村"]), rng.choice(["A镇", "B镇", "C街道"])
        rows.append(f"E{i},{start},{start + pd.Timedelta(minutes=minutes)},{int(rng.integers(0, 900))},{area},{town},"
                    f"{rng.choice(['雷击', '树障'])},{rng.choice(['故障', '计划停电'])},{rng.choice(['外部', '内部'])}")
    # Two corrections (the same id on the same day: one outage, the later row kept, the earlier a duplicate) and two
    # events across the year's bounds. An id on two different days would be id reuse, both rows kept (docs/spec.md §5).
    rows.insert(1, "C1,2022-03-01 10:00,2022-03-01 11:00,100,城镇,A镇,雷击,故障,内部")
    rows.insert(2, "C2,2022-07-09 08:00,2022-07-09 09:00,300,农村,B镇,树障,故障,外部")
    rows += ["C1,2022-03-01 10:00,2022-03-01 12:00,500,城镇,A镇,雷击,故障,内部",  # correction: this row is kept
             "C2,2022-07-09 08:00,2022-07-09 09:30,700,农村,B镇,树障,故障,外部",
             "X1,2021-12-31 22:00,2022-01-01 03:00,500,城镇,A镇,雷击,故障,内部",
             "X2,2022-12-31 23:00,2023-01-01 05:00,700,农村,B镇,树障,故障,外部"]
    path = tmp_path_factory.mktemp("engine") / "events.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ev, rejects, report = load_events(path)
    assert report.duplicates == 2 and rejects.empty
    return ev


def _oracle(ev, periods, keys, boundary="split"):
    return aggregate(ev, periods, keys, boundary, 3.0)


def _same(a, b):
    keys = [c for c in a.columns if c not in SUM_COLUMNS]
    a = a.sort_values(keys).reset_index(drop=True)
    b = b.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[keys].astype(str), b[keys].astype(str))
    np.testing.assert_allclose(a[list(SUM_COLUMNS)].to_numpy(float), b[list(SUM_COLUMNS)].to_numpy(float),
                               rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("boundary", ["split", "start"])
@pytest.mark.parametrize("keys", [["area"], ["area", "town"], ["area", "cause", "nature"]])
def test_pandas_and_duckdb_match_the_oracle(events, keys, boundary):
    months = parse_period("2021-12..2023-01").months()
    expected = _oracle(events, months, keys, boundary)
    for engine in ("pandas", "duckdb"):
        got = aggregate_native(open_events(compact(events), engine), months, keys, boundary, 3.0)
        _same(expected, got)


@pytest.mark.slow  # starts a Dask cluster (9 s): make test, not the edit-run loop
def test_indices_identical_on_every_engine_and_from_parquet(events, tmp_path):
    table = compact(events)
    table["year"] = pd.to_datetime(table["start_s"], unit="s").dt.year
    table.to_parquet(tmp_path / "events", partition_cols=["year"])
    base = indices(events, CUSTOMERS, "2022", by="area,month")
    for engine in ("pandas", "duckdb"):
        for source in (events, tmp_path / "events"):
            got = indices(source, CUSTOMERS, "2022", by="area,month", engine=engine)
            pd.testing.assert_frame_equal(base, got, rtol=1e-12)
    with dask_client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2  # a real cluster of worker processes
        for source in (events, tmp_path / "events"):
            got = indices(source, CUSTOMERS, "2022", by="area,month", engine="dask")
            pd.testing.assert_frame_equal(base, got, rtol=1e-12)


def test_random_events_agree_with_oracle_at_scale():
    table = random_compact(200_000, "2022-01-01", 1, seed=1)
    months = parse_period("2022").months()
    tz_start = pd.to_datetime(table["start_s"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai")
    tz_end = pd.to_datetime(table["end_s"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai")
    ev = pd.DataFrame({"start": tz_start, "end": tz_end, "duration_h": (table["end_s"] - table["start_s"]) / 3600,
                       "customers": table["customers"].astype("int64"), "area": table["area"].astype(str),
                       "nature": table["nature"].astype(str), "external": table["external"],
                       "shortage": table["shortage"]})
    _same(_oracle(ev, months, ["area"]), aggregate_native(table, months, ["area"]))
    _same(_oracle(ev, months, ["area"]), aggregate_native(open_events(table, "duckdb"), months, ["area"]))


@settings(max_examples=examples(200), deadline=None)
@given(bounds=st.lists(st.integers(-10**6, 10**6), min_size=2, max_size=30, unique=True),
       times=st.lists(st.integers(-2 * 10**6, 2 * 10**6), min_size=1, max_size=200), on_bounds=st.booleans())
def test_period_lookup_equals_binary_search(bounds, times, on_bounds):
    bounds_s = np.array(sorted(bounds), dtype=np.int64)
    times_s = np.array(times + (bounds if on_bounds else []), dtype=np.int64)  # exactly on a bound too
    expected = np.searchsorted(bounds_s, times_s, side="right") - 1
    np.testing.assert_array_equal(period_of(times_s, bounds_s), expected)


def test_period_lookup_on_real_month_bounds_across_dst():
    months = parse_period("2021-01..2022-12", "America/Vancouver").months()  # 23 h and 25 h days inside
    bounds_s = np.array([epoch_seconds(p.start) for p in months] + [epoch_seconds(months[-1].end)])
    times_s = np.concatenate([bounds_s - 1, bounds_s, bounds_s + 1, np.arange(bounds_s[0] - 7200,
                                                                             bounds_s[-1] + 7200, 997)])
    np.testing.assert_array_equal(period_of(times_s, bounds_s), np.searchsorted(bounds_s, times_s, "right") - 1)


def test_many_groups_are_summed_by_hashing_with_the_same_numbers(events, monkeypatch):
    months = parse_period("2021-12..2023-01").months()
    keys = ["area", "town", "cause"]
    monkeypatch.setattr(engine_module, "DENSE_BINS", 0)  # a province's feeder x cause space takes this path
    monkeypatch.setattr(engine_module, "BLOCK_ROWS", 37)  # and many blocks, each summed on its own
    _same(_oracle(events, months, keys), aggregate_native(compact(events), months, keys))


def test_missing_group_values_form_their_own_group_on_every_engine(events):
    ev = events.copy()
    ev.loc[ev.index[::7], "town"] = np.nan
    months = parse_period("2022").months()
    expected = _oracle(ev, months, ["area", "town"])
    assert expected["town"].isna().any()
    for engine_name in ("pandas", "duckdb"):
        _same(expected, aggregate_native(open_events(compact(ev), engine_name), months, ["area", "town"]))


def test_loaded_events_are_the_engine_table_without_conversion(events):
    """``load_events`` returns the dtypes the engines read, so the compact table of loaded events shares their
    memory (the text columns' category codes, customers and flags) instead of converting each call."""
    table = compact(events)
    for column in ("area", "town", "feeder", "cause", "nature"):
        assert isinstance(events[column].dtype, pd.CategoricalDtype), column
        assert np.shares_memory(table[column].array.codes, events[column].array.codes), column
    for column in ("customers", "external", "shortage"):
        assert np.shares_memory(table[column].to_numpy(), events[column].to_numpy()), column
    assert list(events["area"].cat.categories) == ["rural", "urban"]
    assert list(events["nature"].cat.categories) == ["fault", "planned"]
