"""The CSV fast path (Arrow text columns) gives exactly what the general path (``csv`` module, Python cells) gives."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lqrel import load_events
from lqrel.errors import InputError
from lqrel.events import _looks_like_header
from lqrel.params import load_params
from lqrel.parse import is_text_column
from lqrel.readers import DECODED_DISTINCT_MAX, _python_cells, read_table
from tests.conftest import ROOT, examples

#: Hostile cells without quotes, line breaks or delimiters: padded, exotic white space, not-available tokens
#: and text made of their letters, impossible dates, numbers that are not whole, Chinese and 12-hour times.
ANY = st.one_of(
    st.text(st.characters(blacklist_characters=',\t"\r\n\x00', blacklist_categories=("Cs",)), max_size=8),
    st.sampled_from(["", " ", "NA", " nan ", "N/A", "—", "\u3000", "\x1c", "\x85NA", "None", "#N/A", "-", "note",
                     "a", "Tea", "--/", "Null", "\xa0x\x1f", "１２０", "1e3", "007", "12.5", "-5"]),
)
TIMES = st.sampled_from([
    "2022-03-05 14:20:00", "2022-03-05 16:20:00", "2022-03-06 09:00:00", "2022-02-30 10:00:00",
    "2022-01-01 24:00:00", "2022-03-05 14:20", " 2022-03-05 14:20:00", "2022/3/5 14:20", "2022年3月5日 14时20分",
    "44625.6", "3/5/2022 2:20 p.m.", "2022-03-05T14:20:00+08:00", "1899-12-31 23:00:00", "0000-01-01 00:00:00",
    "2022-03-05 14:21:30",
])
NAMES = st.sampled_from(["城关街道", " 城关街道 ", "城关街道\u3000", "\x1c冶源镇", "冶源镇\x85", "TD1", "TD2", " TD3",
                         "10kV城关线", "雷击", "", "NA", "note", "\xa0", "a b"])
COLUMNS = {  # header -> cells of that column: mostly plausible, sometimes anything
    "停电编号": NAMES, "停电开始时间": TIMES, "停电结束时间": TIMES,
    "停电用户数": st.sampled_from(["120", "0", "5", " 7 ", "1234", "-5", "12.5", "", "x"]),
    "地区特征": st.sampled_from(["城镇", "农村", "urban", " rural ", "城区", "", "NA"]),
    "供电所": NAMES, "停电性质": st.sampled_from(["故障", "计划停电", "系统电源不足限电", "临时检修", "", "x"]),
    "停电原因": NAMES, "外部原因": st.sampled_from(["外部", "否", "是", "", "maybe"]),
}
HEADER = list(COLUMNS)


@st.composite
def rectangular_csv(draw):
    """Quote-free CSV bytes that the fast path must take, and how they were written."""
    header = HEADER[draw(st.integers(0, 1)):draw(st.integers(5, len(HEADER)))]
    delimiter = draw(st.sampled_from([",", "\t"]))
    cell = {h: st.one_of(COLUMNS[h], COLUMNS[h], COLUMNS[h], ANY) for h in header}
    rows = draw(st.lists(st.tuples(*(cell[h] for h in header)).map(list), min_size=1, max_size=12))
    rows += draw(st.sampled_from([[], [rows[0]], [rows[-1], rows[0]]]))  # identical rows
    rows += [[""] * len(header)] * draw(st.integers(0, 2))  # trailing blank rows (Excel)
    titles = [["临朐县停电记录"] + [""] * (len(header) - 1)] * draw(st.integers(0, 2))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(delimiter.join(r) for r in [*titles, header, *rows]) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    return data


def _load(path: Path, fast: bool):
    if fast:
        table = read_table(path, lambda cells: _looks_like_header(cells, load_params(None)))
        assert table.columns is not None, "the fast path was not taken"
        return load_events(path)
    with mock.patch("lqrel.readers._read_csv_columns", return_value=None):
        return load_events(path)


def _assert_same(path: Path):
    # Since issue 25 a column of text dates with day and month first that no value settles (``3/5/2022 2:20
    # p.m.`` among the cells drawn) is refused as a whole: both paths must then refuse it with the same message.
    loaded = []
    for fast in (True, False):
        try:
            loaded.append(_load(path, fast))
        except InputError as exc:
            loaded.append(str(exc))
    if isinstance(loaded[0], str) or isinstance(loaded[1], str):
        assert loaded[0] == loaded[1], loaded
        return
    (events, rejects, report), (events_slow, rejects_slow, report_slow) = loaded
    pd.testing.assert_frame_equal(events, events_slow)
    pd.testing.assert_frame_equal(rejects, rejects_slow)
    pd.testing.assert_frame_equal(report.warnings, report_slow.warnings)
    assert (report.to_dict(), report.duplicate_rows, report.header_row, report.encoding, report.columns,
            report.sha256) == (report_slow.to_dict(), report_slow.duplicate_rows, report_slow.header_row,
                               report_slow.encoding, report_slow.columns, report_slow.sha256)
    assert _findings(report) == _findings(report_slow)


def _findings(report):
    """What a load report says besides the counts (issue 25): id reuse, double entries, name merges, date orders."""
    return report.reused_ids, report.double_entries, report.name_merges, report.date_orders


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(rectangular_csv(), st.booleans())
def test_fast_path_equals_general_path_on_hostile_files(example_path, data, varied):
    """``varied``: a GB18030 column with more than one distinct non-ASCII cell sends the file to be decoded
    whole, as a column of many distinct texts (free-text causes) does."""
    path = example_path("log.csv")
    path.write_bytes(data)
    with mock.patch("lqrel.readers.DECODED_DISTINCT_MAX", 1 if varied else DECODED_DISTINCT_MAX):
        _assert_same(path)


def test_fast_path_equals_general_path_on_the_sample(tmp_path):
    _assert_same(ROOT / "data" / "linqu_outages.csv")
    packed = tmp_path / "linqu_outages.csv.gz"
    packed.write_bytes(gzip.compress((ROOT / "data" / "linqu_outages.csv").read_bytes()))
    _assert_same(packed)


def test_quoted_or_ragged_files_take_the_general_path(tmp_path):
    """A quote doubled inside a cell, a short row or a blank line: the csv module reads the file."""
    params = load_params(None)
    head = "停电开始时间,停电结束时间,停电用户数,地区特征\n"
    for name, text in (("quoted.csv", head + '"2022-01-01 10:00:00",2022-01-01 11:00:00,5,"城""镇"\n'),
                       ("ragged.csv", head + "2022-01-01 10:00:00,2022-01-01 11:00:00,5\n"),
                       ("blank-line.csv", head + "\n2022-01-01 10:00:00,2022-01-01 11:00:00,5,城镇\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert read_table(path, lambda cells: _looks_like_header(cells, params)).columns is None, name
        _, _, report = load_events(path)
        assert report.rows_read == report.accepted + report.rejected + report.duplicates


#: Typed Parquet columns as a pandas or Arrow export writes them: text with nulls, naive timestamps in seconds,
#: milliseconds or microseconds (some with sub-seconds, some out of range), customers as integers, integers with
#: nulls (floats), fractions or non-finite floats. Typed columns stay typed on the fast path.
STAMPS = st.sampled_from([pd.Timestamp("2022-03-05 14:20:00"), pd.Timestamp("2022-03-05 16:20:00"),
                          pd.Timestamp("2022-03-06 09:00:00"), pd.Timestamp("1899-12-31 23:00:00"),
                          pd.Timestamp("2022-03-05 14:21:30.5"), pd.Timestamp("0999-01-01 00:00:00"), None])
PARQUET_COLUMNS = {
    "停电编号": st.one_of(NAMES, st.none()), "停电开始时间": STAMPS, "停电结束时间": STAMPS,
    "停电用户数": st.sampled_from([120, 0, 5, 1234, -5, None, 12.5, 7.0]),
    "地区特征": st.sampled_from(["城镇", "农村", "urban", " rural ", "城区", "", "NA", None]),
    "供电所": NAMES, "停电性质": st.sampled_from(["故障", "计划停电", "临时检修", "", "x", None]),
}


@st.composite
def typed_parquet(draw):
    """A Parquet table with typed columns, as pyarrow infers them from the cells."""
    import pyarrow as pa

    header = list(PARQUET_COLUMNS)[:draw(st.integers(5, len(PARQUET_COLUMNS)))]
    rows = draw(st.lists(st.tuples(*(PARQUET_COLUMNS[h] for h in header)), min_size=1, max_size=10))
    rows += draw(st.sampled_from([[], [rows[0]]]))  # identical rows
    arrays = {}
    for i, h in enumerate(header):
        values = [r[i] for r in rows]
        if h.endswith("时间"):
            exact = any(v is not None and (v.microsecond or v.year < 1000) for v in values)
            unit = "us" if exact else draw(st.sampled_from(["s", "ms"]))
            arrays[h] = pa.array([None if v is None else v.to_pydatetime() for v in values], pa.timestamp(unit))
        elif h == "停电用户数" and draw(st.booleans()):
            extra = draw(st.sampled_from([None, float("inf"), float("nan")]))  # a non-finite number now and then
            arrays[h] = pa.array([extra if v == 5 and extra is not None else v for v in values], pa.float64())
        elif h == "停电用户数":
            arrays[h] = pa.array([None if v is None else int(v) for v in values], pa.int64())
        else:
            kind = draw(st.sampled_from([pa.string(), pa.large_string(), pa.dictionary(pa.int32(), pa.string())]))
            arrays[h] = pa.array(values, pa.string()).cast(kind)
    return pa.table(arrays)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(typed_parquet(), st.booleans())
def test_parquet_fast_path_equals_general_path(example_path, table, dictionary):
    """Text columns stored with a dictionary are read as codes (categoricals), without one as Arrow text."""
    import pyarrow.parquet as pq

    path = example_path("log.parquet")
    pq.write_table(table, path, use_dictionary=dictionary)
    fast = read_table(path, lambda cells: _looks_like_header(cells, load_params(None)))
    assert fast.columns is not None, "the Parquet fast path was not taken"
    coded = [c for c in fast.columns if isinstance(fast.columns[c].dtype, pd.CategoricalDtype)]
    typed = [f for f in table.schema if "dictionary" in str(f.type)]  # Arrow's schema in the file keeps these
    text = [f for f in table.schema if str(f.type) in ("string", "large_string")]
    assert len(coded) == len(typed) + (len(text) if dictionary else 0)
    events, rejects, report = load_events(path)
    with mock.patch("lqrel.readers._read_parquet_columns", return_value=None):
        events_slow, rejects_slow, report_slow = load_events(path)
    pd.testing.assert_frame_equal(events, events_slow)
    pd.testing.assert_frame_equal(rejects, rejects_slow)
    pd.testing.assert_frame_equal(report.warnings, report_slow.warnings)
    assert (report.to_dict(), report.duplicate_rows) == (report_slow.to_dict(), report_slow.duplicate_rows)
    assert _findings(report) == _findings(report_slow)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.lists(st.sampled_from(["TD1", "TD2", "TD3", "", "城关", "row-1"]) | st.text(max_size=3),
                         min_size=1, max_size=8), min_size=1, max_size=4))
def test_shared_ids_across_batches_are_those_pandas_finds(batches):
    """A large file's ids are hashed a batch at a time beside validation (keys and sorted keys per batch, one
    DuckDB connection); the positions narrowed from all the batches' keys hold every repeated id, and the exact
    comparison on them gives pandas' duplicated(keep=False) of all the ids."""
    import duckdb

    from lqrel.events import _maybe_shared, _shared, _sorted_id_keys

    parts = [pd.Series(b, dtype="str") for b in batches]
    with duckdb.connect(config={"threads": 1}) as con:
        keyed = [_sorted_id_keys(p, con) for p in parts]
    ids = pd.concat(parts, ignore_index=True)
    expected = ids.astype(object).duplicated(keep=False).to_numpy()
    maybe = _maybe_shared(keyed)
    assert set(np.flatnonzero(expected)) <= set(maybe)
    assert np.array_equal(_shared(ids, maybe), expected)


@settings(max_examples=examples(200), deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(-1, 5), max_size=30))
def test_used_categories_found_by_counting_codes(categories, codes):
    """_only_used (the codes counted) is pandas' remove_unused_categories, missing values (-1) included."""
    from lqrel.events import _only_used

    codes = [c if c < categories else -1 for c in codes]
    values = pd.Categorical.from_codes(codes, categories=pd.Index([f"t{i}" for i in range(categories)], dtype="str"))
    expected = values.remove_unused_categories()
    got = _only_used(values)
    assert list(got.categories) == list(expected.categories)
    assert np.array_equal(got.codes, expected.codes)


def test_batches_joined_as_they_come_equal_their_concatenation():
    """_JoinedEvents writes each batch's fixed-width columns into whole-file columns and keeps ids and texts as
    pieces; the frame equals pandas' concatenation of the batches (town categories joined and sorted), also when
    a later batch brings its times in another unit."""
    from lqrel.events import EVENT_COLUMNS, _JoinedEvents, empty_events

    def batch(rows: list[int], unit: str, towns: list[str]) -> pd.DataFrame:
        frame = empty_events().reindex(range(len(rows)))
        start = pd.Series(pd.to_datetime([f"2022-03-0{1 + r % 5} 10:00:0{r % 7}" for r in rows]).as_unit(unit))
        frame = frame.assign(
            event_id=pd.Series([f"E{r}" for r in rows], dtype="str"), row=np.array(rows, dtype="int64"),
            start=start.dt.tz_localize("Asia/Shanghai"), end=(start + pd.Timedelta(hours=2)).dt.tz_localize(
                "Asia/Shanghai"), duration_h=np.full(len(rows), 2.0), customers=np.array(rows, dtype="int64") * 10,
            area=pd.Categorical(["urban" if r % 2 else "rural" for r in rows], dtype=empty_events()["area"].dtype),
            nature=pd.Categorical(["fault"] * len(rows), dtype=empty_events()["nature"].dtype),
            town=pd.Categorical(towns), feeder=pd.Categorical([""] * len(rows)), cause=pd.Categorical(towns),
            external=np.array([r % 3 == 0 for r in rows]), shortage=np.zeros(len(rows), dtype=bool))
        return frame[list(EVENT_COLUMNS)]

    batches = [batch([1, 2, 3], "us", ["冶源镇", "城关街道", "冶源镇"]), batch([5, 6], "us", ["五井镇", "城关街道"]),
               batch([9], "ns", ["辛寨镇"])]
    joined = _JoinedEvents(rows=10)
    for b in batches:
        joined.add(b)
    got = joined.frame()
    expected = pd.concat(batches, ignore_index=True)
    for col in ("town", "feeder", "cause"):
        expected[col] = pd.Series(pd.api.types.union_categoricals([b[col].array for b in batches],
                                                                   sort_categories=True))
    pd.testing.assert_frame_equal(got, expected)
    assert got["start"].dtype == expected["start"].dtype


@pytest.mark.slow
def test_large_log_ids_hashed_beside_validation_give_the_duplicates_pandas_finds(tmp_path):
    """A log of more than HASHED_IDS_FROM rows hashes its ids on a thread while the rows are checked, and keeps
    the keys of the valid rows only; the duplicates and rejects equal those of pandas' exact comparison."""
    from lqrel.events import HASHED_IDS_FROM

    n = HASHED_IDS_FROM + 50
    ids = [f"TD{i}" for i in range(n)]
    customers = ["5"] * n
    for a, b in ((10, 20), (300, n - 1), (1000, 1001)):  # the same id twice
        ids[b] = ids[a]
    customers[20] = "x"  # a rejected copy never displaces the valid row
    customers[7] = "-1"
    lines = ["停电编号,停电开始时间,停电结束时间,停电用户数,地区特征"]
    lines += [f"{i},2022-03-05 10:00:00,2022-03-05 12:00:00,{c},城镇" for i, c in zip(ids, customers, strict=True)]
    path = tmp_path / "large.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, rejects, report = load_events(path)
    with mock.patch("lqrel.events.HASHED_IDS_FROM", 10**9):
        events_exact, rejects_exact, report_exact = load_events(path)
    assert report.duplicate_rows == report_exact.duplicate_rows == [302, 1002]  # rows 301 and 1001 (0-based)
    assert rejects["row"].tolist() == rejects_exact["row"].tolist() == [9, 22]
    pd.testing.assert_frame_equal(events, events_exact)


def test_shared_ids_of_a_large_log_are_those_pandas_finds():
    """Above HASHED_IDS_FROM rows, ids shared by two rows are narrowed by 64-bit hashes (DuckDB) before the exact
    comparison: the answer is pandas' duplicated(keep=False), repeats in any position, and none when all differ."""
    from lqrel.events import HASHED_IDS_FROM, _shared

    rng = np.random.default_rng(5)
    n = HASHED_IDS_FROM + 1000
    names = np.array([f"TD{i:07d}" for i in range(n)], dtype=object)
    names[rng.choice(n, 40, replace=False)] = names[rng.choice(n, 40, replace=False)]  # 40 repeats anywhere
    names[-1] = names[0]
    ids = pd.Series(names, dtype="str")
    assert ids.dtype.storage == "pyarrow"
    expected = ids.astype(object).duplicated(keep=False).to_numpy()
    assert expected.sum() >= 42 and np.array_equal(_shared(ids), expected)
    unique = pd.Series([f"X{i}" for i in range(n)], dtype="str")
    assert not _shared(unique).any()


#: Characters that make the byte prefilters of Arrow text columns work: every white space Python strips, the
#: letters of not-available tokens (and characters whose case folding gives them), digits and Chinese.
EDGE_CHARS = st.sampled_from(
    [chr(i) for i in range(0x3001) if chr(i).isspace()]
    + list("nNaAtTuUlLoOeE/#-—Kſ") + ["\u212a", "x", "7", "城", "区", ":", " "])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.lists(st.text(EDGE_CHARS, max_size=6), min_size=0, max_size=6), min_size=1, max_size=4))
def test_text_blank_and_strip_on_arrow_chunks_match_python(chunks):
    """The byte prefilters (first and last UTF-8 byte) of blank_mask and text_values on Arrow text, in several
    chunks, give exactly Python's answer cell by cell: is_blank and str.strip."""
    import pyarrow as pa

    from lqrel.parse import blank_mask, is_blank, is_text_column, text_values

    cells = pd.Series(pa.chunked_array([pa.array(c, pa.large_string()) for c in chunks]).to_pandas())
    assert is_text_column(cells)
    flat = [v for c in chunks for v in c]
    assert blank_mask(cells).tolist() == [is_blank(v) for v in flat]
    assert text_values(cells).tolist() == ["" if is_blank(v) else v.strip() for v in flat]


#: The usual 19-byte form with one byte changed (a digit, a separator or a letter at any position).
ONE_BYTE_OFF = st.builds(lambda at, c: "2022-03-05 14:20:00"[:at] + c + "2022-03-05 14:20:00"[at + 1:],
                         st.integers(0, 18), st.sampled_from(list("09-: Tx")))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.lists(st.one_of(TIMES, ONE_BYTE_OFF), max_size=5), min_size=1, max_size=3))
def test_usual_time_form_found_in_bytes_as_by_the_regular_expression(chunks):
    """_iso_seconds reads 19-byte texts in place; it agrees with the regular expression, chunk by chunk."""
    import pyarrow as pa

    from lqrel.parse import _ISO_SECONDS, _iso_seconds

    cells = pd.Series(pa.chunked_array([pa.array(c, pa.large_string()) for c in chunks]).to_pandas())
    expected = cells.str.fullmatch(_ISO_SECONDS).fillna(False).to_numpy(dtype=bool)
    assert np.array_equal(_iso_seconds(cells), expected)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(typed_parquet(), st.integers(1, 4), st.integers(1, 6), st.booleans())
def test_parquet_in_batches_equals_one_pass(example_path, table, group_rows, batch_rows, dictionary):
    """A large Parquet file is validated a batch of row groups at a time (here: files of a few rows, thresholds
    lowered); events, rejects, warnings, duplicates (identical rows and shared ids across batches) and counts are
    exactly those of one pass over the whole file."""
    import pyarrow.parquet as pq

    path = example_path("log.parquet")
    pq.write_table(table, path, row_group_size=group_rows, use_dictionary=dictionary)
    with mock.patch("lqrel.readers.BATCHED_ROWS_FROM", 0), mock.patch("lqrel.readers.BATCH_ROWS", batch_rows):
        batched = read_table(path, lambda cells: _looks_like_header(cells, load_params(None)))
        assert (batched.batches is not None) == (pq.ParquetFile(path).metadata.num_row_groups > 1)
        events, rejects, report = load_events(path)
    events_one, rejects_one, report_one = load_events(path)
    pd.testing.assert_frame_equal(events, events_one)
    pd.testing.assert_frame_equal(rejects, rejects_one)
    pd.testing.assert_frame_equal(report.warnings, report_one.warnings)
    assert (report.to_dict(), report.duplicate_rows, report.sha256) == (
        report_one.to_dict(), report_one.duplicate_rows, report_one.sha256)
    assert _findings(report) == _findings(report_one)


def test_batch_keys_follow_accepted_rows_past_a_reject(tmp_path):
    """A batch's ids are hashed before its rows are checked; the keys of its accepted rows are then taken at those
    rows' positions. Rows 1-3 form the first batch, rows 4-6 the second; row 4 is rejected (negative customers)
    and row 5 repeats row 1's id with other cells, so row 1 is the dropped duplicate (the last occurrence is kept,
    docs/spec.md §5), whatever comes before it in its batch. All other ids occur once."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = ["TD1", "TD2", "TD3", "TD4", "TD1", "TD6"]
    customers = [10, 20, 30, -1, 50, 60]
    # Since issue 25 one id is one outage only on the same feeder and day: row 5 starts on row 1's day (a
    # correction), as days 1, 2, 3, 4, 1, 6.
    days = [1, 2, 3, 4, 1, 6]
    table = pa.table({
        "停电编号": ids,
        "停电开始时间": pa.array([pd.Timestamp(f"2022-03-0{d} 10:00") for d in days], pa.timestamp("s")),
        "停电结束时间": pa.array([pd.Timestamp(f"2022-03-0{d} 12:00") for d in days], pa.timestamp("s")),
        "停电用户数": customers, "地区特征": ["城镇"] * 6})
    path = tmp_path / "log.parquet"
    pq.write_table(table, path, row_group_size=3)
    with mock.patch("lqrel.readers.BATCHED_ROWS_FROM", 0), mock.patch("lqrel.readers.BATCH_ROWS", 3):
        assert read_table(path, lambda cells: _looks_like_header(cells, load_params(None))).batches is not None
        events, rejects, report = load_events(path)
    assert rejects["row"].tolist() == [4]
    assert report.duplicate_rows == [1]
    assert events["event_id"].tolist() == ["TD2", "TD3", "TD1", "TD6"]
    assert events["customers"].tolist() == [20, 30, 50, 60]



#: Cells a sheet holds besides text: numbers, dates and times as openpyxl reads them back, booleans, empty cells.
SHEET_VALUES = st.sampled_from([
    None, 5, 120, 12.5, 44625.6, True, dt.datetime(2022, 3, 5, 14, 20), dt.datetime(2022, 3, 5, 16, 20, 30),
    dt.datetime(1899, 12, 31, 23, 0), dt.date(2022, 3, 5), dt.time(14, 20)])


def _sheet_safe(text: str) -> bool:
    """openpyxl writes this text as a text cell (no XML-illegal character, not a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return not ILLEGAL_CHARACTERS_RE.search(text) and not text.startswith("=")


@st.composite
def sheet_rows(draw):
    """A header and rows of cells for one sheet: each column either text alone (it becomes an Arrow text column)
    or text mixed with numbers, dates, times, booleans and empty cells (it keeps its Python cells)."""
    header = HEADER[draw(st.integers(0, 1)):draw(st.integers(5, len(HEADER)))]
    cell = {}
    for h in header:
        text = st.one_of(COLUMNS[h], COLUMNS[h], ANY).filter(_sheet_safe)
        cell[h] = text if draw(st.booleans()) else st.one_of(text, SHEET_VALUES)
    rows = draw(st.lists(st.tuples(*(cell[h] for h in header)).map(list), min_size=1, max_size=10))
    rows += draw(st.sampled_from([[], [rows[0]]]))  # identical rows
    return header, rows


@settings(max_examples=examples(80), deadline=None, suppress_health_check=list(HealthCheck))
@given(sheet_rows())
def test_sheet_text_columns_equal_the_general_path(example_path, sheet):
    """A sheet's columns of text alone are validated as the CSV's Arrow text columns; events, rejects, warnings,
    duplicates and counts are exactly those of the same sheet with every column kept as Python cells."""
    import openpyxl

    header, rows = sheet
    path = example_path("log.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [header, *rows]:
        ws.append(r)
    wb.save(path)
    table = read_table(path, lambda cells: _looks_like_header(cells, load_params(None)))
    cells, _ = table.cells()
    text_only = [c for c in cells.columns if pd.api.types.infer_dtype(
        pd.Series([r[c] if c < len(r) else None for r in table.rows], dtype=object), skipna=True) == "string"]
    assert [c for c in cells.columns if is_text_column(cells[c])] == text_only
    loaded = _loaded_or_refused(path)
    with mock.patch("lqrel.readers._sheet_column", side_effect=lambda cells, kinds=None: _python_cells(cells)):
        loaded_py = _loaded_or_refused(path)
    if isinstance(loaded, str) or isinstance(loaded_py, str):  # a column refused (issue 25): by both, alike
        assert loaded == loaded_py
        return
    (events, rejects, report), (events_py, rejects_py, report_py) = loaded, loaded_py
    pd.testing.assert_frame_equal(events, events_py)
    pd.testing.assert_frame_equal(rejects, rejects_py)
    pd.testing.assert_frame_equal(report.warnings, report_py.warnings)
    assert (report.to_dict(), report.duplicate_rows) == (report_py.to_dict(), report_py.duplicate_rows)
    assert _findings(report) == _findings(report_py)


def _loaded_or_refused(path: Path):
    """``load_events(path)``, or the message of its refusal (since issue 25 a column of text dates that no value
    settles in one day/month order is refused whole)."""
    try:
        return load_events(path)
    except InputError as exc:
        return str(exc)


def test_datetime_objects_become_local_timestamps_at_once():
    """Datetime, date and Timestamp cells (a sheet's, a Python frame's) are converted as one column operation:
    a naive value is local time, a date is its midnight, a zoned value (one zone per column) is converted to
    local time, a time of day alone is partial; text and empty cells beside them as before. Values by hand."""
    import zoneinfo

    from lqrel.parse import parse_datetimes

    naive = pd.Series([dt.datetime(2022, 3, 5, 14, 20), dt.date(2022, 3, 6), pd.Timestamp("2022-03-07 08:00:05"),
                       None, "2022-03-08 09:30:00", dt.time(14, 20)], dtype=object)
    got = parse_datetimes(naive, "Asia/Shanghai")
    assert [None if v is pd.NaT else str(v) for v in got.values] == [
        "2022-03-05 14:20:00+08:00", "2022-03-06 00:00:00+08:00", "2022-03-07 08:00:05+08:00", None,
        "2022-03-08 09:30:00+08:00", None]
    assert got.partial.tolist() == [False] * 5 + [True]
    assert got.bad.tolist() == [False] * 5 + [True]
    kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")  # UTC+05:30
    zoned = pd.Series([dt.datetime(2022, 3, 5, 9, 50, tzinfo=kolkata), None,
                       pd.Timestamp("2022-03-05 23:59:59", tz="Asia/Kolkata")], dtype=object)
    got = parse_datetimes(zoned, "Asia/Shanghai")
    assert [None if v is pd.NaT else str(v) for v in got.values] == [
        "2022-03-05 12:20:00+08:00", None, "2022-03-06 02:29:59+08:00"]
    assert got.bad.tolist() == [False, False, False]


#: A cell as an export may write it: plain, enclosed in quotes (the delimiter may then be inside), or quoted in
#: a way only the csv module reads (a quote doubled inside, a quote within text, a space before or after the
#: quotes). The flag says whether the quoting is whole-cell.
def _quoted_cell(text: str, delimiter: str, how: str) -> tuple[str, bool]:
    return {"plain": (text, True), "quoted": (f'"{text}"', True), "with delimiter": (f'"{text}{delimiter}x"', True),
            "doubled": (f'"{text}""x"', False), "inside": (f'{text}"x', False), "space before": (f' "{text}"', False),
            "space after": (f'"{text}" ', False), "text after": (f'"{text}"x', False),
            "two lines": (f'"{text}\nx"', False)}[how]


WHOLE = ["plain", "quoted", "with delimiter"]
OTHER = ["doubled", "inside", "space before", "space after", "text after", "two lines"]


@st.composite
def quoted_csv(draw):
    """CSV bytes with quoted cells (header and data), and whether every quote encloses a whole cell."""
    header = HEADER[draw(st.integers(0, 1)):draw(st.integers(5, len(HEADER)))]
    delimiter = draw(st.sampled_from([",", "\t"]))
    rows = draw(st.lists(st.tuples(*(st.one_of(COLUMNS[h], COLUMNS[h], ANY) for h in header)).map(list),
                         min_size=1, max_size=10))
    rows += draw(st.sampled_from([[], [rows[0]]]))  # identical rows
    other = draw(st.sampled_from([None, *OTHER]))  # quoted whole-cell only, or with one other kind of quoting
    how = st.sampled_from(WHOLE if other is None else [*WHOLE, other, other])
    whole = True
    lines = []
    for k, r in enumerate([header, *rows]):
        cells = []
        for text in r:  # a header cell keeps its text: plain or quoted
            cell, ok = _quoted_cell(text, delimiter, draw(st.sampled_from(["plain", "quoted"]) if k == 0 else how))
            cells.append(cell)
            whole &= ok
        lines.append(delimiter.join(cells))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + newline
    encoding = draw(st.sampled_from(["utf-8", "gb18030"]))
    try:
        return text.encode(encoding), whole
    except UnicodeEncodeError:
        return text.encode("utf-8"), whole


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(quoted_csv())
def test_quoted_cells_take_the_fast_path_and_equal_the_general_path(example_path, made):
    """A file whose quotes each enclose a whole cell (an export quoting every cell, or cells holding the delimiter)
    is read by Arrow; its events, rejects, warnings and counts equal the csv module's. Any other quoting is left to
    the csv module."""
    from lqrel.readers import _read_csv_columns

    data, whole = made
    path = example_path("log.csv")
    path.write_bytes(data)
    fast = _read_csv_columns(path, lambda cells: _looks_like_header(cells, load_params(None)), None)
    assert (fast is not None) == whole
    if whole:
        _assert_same(path)


def _gb18030_log(towns: list[str]) -> bytes:
    """A GB18030 log, one row per town: ASCII ids, times and counts, Chinese towns, areas and natures."""
    lines = ["停电编号,供电所,地区特征,停电性质,停电开始时间,停电结束时间,停电用户数"]
    lines += [f"TD{k},{town},{'城镇' if k % 2 else '农村'},故障,2022-03-05 14:20:00,2022-03-05 16:20:00,{k % 90 + 10}"
              for k, town in enumerate(towns)]
    return ("\n".join(lines) + "\n").encode("gb18030")


def test_gb18030_cells_decoded_a_column_at_a_time(tmp_path):
    """A GB18030 file is split into cells as bytes: its ASCII columns are text as they stand, its Chinese columns
    are decoded once per distinct cell (categories), and the events equal the csv module's."""
    path = tmp_path / "log.csv"
    path.write_bytes(_gb18030_log(["城关街道", " 冶源镇", "城关街道", "", "\u3000"]))
    table = read_table(path, lambda cells: _looks_like_header(cells, load_params(None)))
    ids, towns, areas, natures = (table.columns[c] for c in range(4))
    assert table.encoding == "gb18030" and is_text_column(ids) and ids.tolist() == ["TD0", "TD1", "TD2", "TD3", "TD4"]
    assert towns.dtype == "category" and sorted(towns.cat.categories) == sorted(["城关街道", " 冶源镇", "", "\u3000"])
    assert towns.tolist() == ["城关街道", " 冶源镇", "城关街道", "", "\u3000"]
    assert natures.cat.categories.tolist() == ["故障"] and areas.tolist() == ["农村", "城镇", "农村", "城镇", "农村"]
    _assert_same(path)
    # More distinct Chinese cells than are decoded one by one: the whole file is decoded, the cells are text.
    with mock.patch("lqrel.readers.DECODED_DISTINCT_MAX", 2):
        table = read_table(path, lambda cells: _looks_like_header(cells, load_params(None)))
        assert is_text_column(table.columns[1]) and table.columns[1].tolist() == towns.tolist()
        _assert_same(path)


def test_gb18030_bytes_that_are_not_text_leave_the_fast_path(tmp_path):
    """A lead byte without its second byte in a Chinese column, past the first MiB that chose the encoding: the
    fast path declines the file and the general reader names the byte, as it does for any file it cannot
    decode."""
    good = _gb18030_log(["城关街道", "冶源镇"] * 10_000)
    assert len(good) > 1 << 20
    row = "TD-bad,城关\x00,城镇,x,2022-03-05 14:20:00,,1\n".encode("gb18030").replace(b"\x00", b"\x81")
    bad = good + row
    path = tmp_path / "log.csv"
    path.write_bytes(bad)
    from lqrel.readers import _read_csv_columns

    assert _read_csv_columns(path, lambda cells: _looks_like_header(cells, load_params(None)), None) is None
    with pytest.raises(InputError, match="cannot decode as UTF-8 or GB18030"):
        load_events(path)
    path.write_bytes(good)  # the same file without the stray byte takes the fast path
    assert _read_csv_columns(path, lambda cells: _looks_like_header(cells, load_params(None)), None) is not None


def test_coded_cells_give_one_category_per_text():
    """Two codes whose texts are equal (two byte strings decoded alike) become one category; -1 stays missing."""
    from lqrel.readers import _coded_cells

    cells = _coded_cells(np.array([0, 1, 2, -1, 2], dtype=np.int8), ["城关", "冶源", "城关"])
    assert cells.cat.categories.tolist() == ["城关", "冶源"]
    assert cells.cat.codes.tolist() == [0, 1, 0, -1, 0]
