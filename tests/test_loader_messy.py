"""Messy outage-log exports (issue 25, docs/spec.md §5): id reuse, double entries, name spellings, one date reading per
column, impossible dates, durations without a unit. Each case is small and its expected outcome is worked out by
hand in the test (no expected value comes from lqrel)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from lqrel import load_events
from lqrel.errors import InputError
from lqrel.events import _looks_like_header, validate_events
from lqrel.params import load_params
from lqrel.readers import read_table

TZ = "Asia/Shanghai"
HEADER = ["停电编号", "供电所", "线路名称", "地区特征", "停电性质", "停电开始时间", "停电结束时间", "停电用户数"]
CANON = ["event_id", "town", "feeder", "area", "nature", "start", "end", "customers"]


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ)


def frame(rows: list[list[object]], first_row: int = 2) -> pd.DataFrame:
    """Raw cells under canonical names, source rows numbered from ``first_row``."""
    out = pd.DataFrame(rows, columns=CANON, dtype=object)
    out["row"] = range(first_row, first_row + len(rows))
    return out


def validate(rows, params=None):
    findings: dict = {}
    events, rejects, warnings, dup = validate_events(frame(rows), params, findings=findings)
    assert len(events) + len(rejects) + len(dup) == len(rows)  # reconciliation
    return events, rejects, warnings, dup, findings


def write_csv(tmp_path, header, rows, name="log.csv"):
    path = tmp_path / name
    path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def write_xlsx(tmp_path, header, rows, name="log.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


def reconciles(report, events, rejects):
    return report.rows_read == len(events) + len(rejects) + report.duplicates == (
        report.accepted + report.rejected + report.duplicates)


# 1. Id reuse is not duplication ---------------------------------------------------------------------------------

def test_same_id_same_feeder_same_day_is_one_event_other_outages_are_reuse():
    rows = [
        # row 2: A on 城关01线, 5 Jan 2023; row 3: A again that day on the same feeder (a correction: kept)
        ["A", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 08:00", "2023-01-05 10:00", 100],
        ["A", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 09:00", "2023-01-05 11:00", 120],
        # row 4: A on another feeder a year later: another outage (a yearly numbering that restarted)
        ["A", "东城街道", "10kV东城02线", "城镇", "故障", "2024-02-01 08:00", "2024-02-01 09:00", 30],
        # rows 5 and 6: B on one feeder, on two days: two outages
        ["B", "冶源镇", "10kV冶源03线", "农村", "故障", "2023-03-01 08:00", "2023-03-01 09:00", 40],
        ["B", "冶源镇", "10kV冶源03线", "农村", "故障", "2024-03-01 08:00", "2024-03-01 09:00", 40],
        # rows 7 and 8: identical in every column: one event, row 7 the dropped copy
        ["C", "冶源镇", "10kV冶源03线", "农村", "故障", "2023-04-01 08:00", "2023-04-01 09:00", 7],
        ["C", "冶源镇", "10kV冶源03线", "农村", "故障", "2023-04-01 08:00", "2023-04-01 09:00", 7],
    ]
    events, rejects, warnings, dup, found = validate(rows)
    assert rejects.empty
    assert events["row"].tolist() == [3, 4, 5, 6, 8]
    assert dup == [2, 7]
    assert events.loc[events["row"] == 3, "customers"].item() == 120  # the correction's value
    assert found["reused_ids"] == [{"id": "A", "rows": [3, 4]}, {"id": "B", "rows": [5, 6]}]
    reused = warnings[warnings["code"] == "id_reused"]
    assert reused["row"].tolist() == [3, 4, 5, 6]
    assert reused["column"].unique().tolist() == ["event_id"]


def test_same_id_with_the_feeder_spelled_two_ways_is_one_outage():
    rows = [  # 10kV and 10KV, a full-width space: one feeder; same day: one outage, the last row kept
        ["A", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 08:00", "2023-01-05 10:00", 100],
        ["A", "城关街道", " 10KV城关01线\u3000", "城镇", "故障", "2023-01-05 23:30", "2023-01-06 01:00", 100],
    ]
    events, _, _, dup, found = validate(rows)
    assert dup == [2] and events["row"].tolist() == [3] and found["reused_ids"] == []


def test_starts_on_two_local_days_are_two_outages_even_within_24_hours():
    rows = [  # 23:00 on 5 Jan and 01:00 on 6 Jan, local time: other days, so id reuse
        ["A", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 23:00", "2023-01-05 23:30", 10],
        ["A", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-06 01:00", "2023-01-06 02:00", 10],
    ]
    events, _, _, dup, found = validate(rows)
    assert dup == [] and len(events) == 2
    assert found["reused_ids"] == [{"id": "A", "rows": [2, 3]}]


def test_a_rejected_copy_never_displaces_a_valid_row():
    rows = [
        ["D", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 08:00", "2023-01-05 10:00", 100],
        ["D", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 09:00", "2023-01-05 10:00", "abc"],
    ]
    events, rejects, _, dup, found = validate(rows)
    assert events["row"].tolist() == [2] and rejects["row"].tolist() == [3] and dup == []
    assert found["reused_ids"] == []


def test_yearly_exports_joined_keep_every_row_in_a_csv(tmp_path):
    # Two yearly exports whose numbering restarts at 1: six rows, six outages; ids 1 and 2 reused, 3 once.
    rows = [
        ["1", "城关街道", "10kV城关01线", "城镇", "故障停电", "2023-02-01 08:00", "2023-02-01 10:00", 100],
        ["2", "冶源镇", "10kV冶源03线", "农村", "计划停电", "2023-05-01 08:00", "2023-05-01 12:00", 50],
        ["3", "冶源镇", "10kV冶源03线", "农村", "故障停电", "2023-08-01 08:00", "2023-08-01 09:00", 20],
        ["1", "城关街道", "10kV城关01线", "城镇", "故障停电", "2024-02-03 08:00", "2024-02-03 09:00", 100],
        ["2", "东城街道", "10kV东城02线", "城镇", "计划停电", "2024-05-01 08:00", "2024-05-01 10:00", 80],
    ]
    events, rejects, report = load_events(write_csv(tmp_path, HEADER, rows))
    assert len(events) == 5 and rejects.empty and report.duplicates == 0
    assert report.reused_ids == [{"id": "1", "rows": [2, 5]}, {"id": "2", "rows": [3, 6]}]
    # Customer-hours by hand: 100*2 + 50*4 + 20*1 + 100*1 + 80*2 = 680
    assert (events["duration_h"] * events["customers"]).sum() == pytest.approx(680)
    assert reconciles(report, events, rejects)


# 2. Probable double entries --------------------------------------------------------------------------------------

DOUBLE = [
    # rows 2 and 3: two ids, one feeder (spelled two ways), same start, end and customers: a double entry
    ["X1", "城关街道", "10kV城关01线", "城镇", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 50],
    ["Y7", "城关街道", "10KV城关01线", "城镇", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 50],
    # row 4: same feeder and times, other customers: not a double entry
    ["Z2", "城关街道", "10kV城关01线", "城镇", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 51],
    # row 5: same times and customers, other feeder: not a double entry
    ["W3", "冶源镇", "10kV冶源03线", "农村", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 50],
]


def test_double_entries_are_named_and_counted_by_default():
    events, _, warnings, dup, found = validate(DOUBLE)
    assert len(events) == 4 and dup == []
    assert found["double_entries"] == [{
        "ids": ["X1", "Y7"], "rows": [2, 3], "feeder": "10kV城关01线", "start": "2023-05-01 08:00",
        "end": "2023-05-01 09:30", "customers": 50, "dropped_rows": []}]
    assert warnings.loc[warnings["code"] == "double_entry", "row"].tolist() == [2, 3]


def test_double_entries_drop_keeps_the_first():
    events, _, warnings, dup, found = validate(DOUBLE, {"double_entries": "drop"})
    assert events["row"].tolist() == [2, 4, 5] and dup == [3]
    assert found["double_entries"][0]["dropped_rows"] == [3]
    assert found["double_entries"][0]["ids"] == ["X1", "Y7"]
    assert warnings.loc[warnings["code"] == "double_entry", "row"].tolist() == [2]
    # Customers interrupted by hand: 50 + 51 + 50 = 151 (the 50 of row 3 not counted twice)
    assert events["customers"].sum() == 151


def test_double_entry_drop_in_a_csv_reconciles(tmp_path):
    path = write_csv(tmp_path, HEADER, DOUBLE)
    events, rejects, report = load_events(path, {"double_entries": "drop"})
    assert report.duplicates == 1 and report.duplicate_rows == [3] and len(events) == 3
    assert reconciles(report, events, rejects)


# 3. Names normalised -----------------------------------------------------------------------------------------------

def test_feeder_and_town_spellings_are_one_name_the_most_frequent_kept():
    base = ["城镇", "故障", "2023-06-0{d} 08:00", "2023-06-0{d} 09:00", 10]
    spellings = [  # (town, feeder)
        ("城关街道", "10kV城关01线"),      # row 2
        ("城关 街道", "10KV城关01线"),     # row 3
        ("城关  街道", "10kV城关01线"),    # row 4: two spaces inside: the same as one (not as none)
        ("城关街道　", "１０ｋｖ城关０１线"),  # row 5: full width; a trailing full-width space
        ("东城街道", "10kv东城02线"),     # row 6: spelled one way
    ]
    rows = []
    for d, (town, feeder) in enumerate(spellings, start=1):
        rows.append([f"E{d}", town, feeder, *[v.format(d=d) if isinstance(v, str) else v for v in base]])
    events, _, warnings, _, found = validate(rows)
    # feeder: 10kV城关01线 twice, 10KV城关01线 and the full-width once each: 10kV城关01线 kept, 4 events
    # town: 城关街道 (rows 2 and 5: the stripped text is one spelling, no merge); 城关 街道 and 城关  街道 (rows 3
    # and 4: one space, two spaces) once each: a tie, the first seen (城关 街道) kept
    assert events["feeder"].tolist() == ["10kV城关01线"] * 4 + ["10kv东城02线"]
    assert events["town"].tolist() == ["城关街道", "城关 街道", "城关 街道", "城关街道", "东城街道"]
    merges = {m["column"]: m for m in found["name_merges"]}
    assert merges["feeder"] == {"column": "feeder", "name": "10kV城关01线",
                                "spellings": ["10kV城关01线", "10KV城关01线", "１０ｋｖ城关０１线"], "rows": 4}
    assert merges["town"] == {"column": "town", "name": "城关 街道", "spellings": ["城关 街道", "城关  街道"],
                              "rows": 2}
    merged = warnings[warnings["code"] == "name_merged"]
    assert sorted(merged.loc[merged["column"] == "feeder", "row"]) == [3, 5]
    assert sorted(merged.loc[merged["column"] == "town", "row"]) == [4]


def test_names_spelled_one_way_give_no_merge(tmp_path):
    rows = [["A", "城关街道", "10kV城关01线", "城镇", "故障", "2023-01-05 08:00", "2023-01-05 10:00", 100]]
    events, rejects, report = load_events(write_csv(tmp_path, HEADER, rows))
    assert report.name_merges == [] and report.double_entries == [] and report.reused_ids == []


# 4. Dates: one reading per column ------------------------------------------------------------------------------------

DATE_HEADER = ["停电编号", "地区特征", "停电开始时间", "停电结束时间", "停电用户数"]


def test_day_first_decided_for_the_whole_column(tmp_path):
    # 25/03 settles day-first for each column: 05/03/2024 is 5 March, never 3 May (once read month-first here
    # and day-first in the next row).
    rows = [["A", "城镇", "05/03/2024 14:20", "05/03/2024 16:20", 10],
            ["B", "城镇", "25/03/2024 08:00", "25/03/2024 09:30", 20]]
    events, rejects, report = load_events(write_csv(tmp_path, DATE_HEADER, rows))
    assert rejects.empty
    assert events["start"].tolist() == [local("2024-03-05 14:20"), local("2024-03-25 08:00")]
    assert events["duration_h"].tolist() == [2.0, 1.5]
    assert report.date_orders == {"停电开始时间": "dmy", "停电结束时间": "dmy"}


def test_month_first_decided_for_the_whole_column(tmp_path):
    rows = [["A", "城镇", "03/05/2024 14:20", "03/05/2024 16:20", 10],
            ["B", "城镇", "03/25/2024 08:00", "03/25/2024 09:30", 20]]
    events, rejects, report = load_events(write_csv(tmp_path, DATE_HEADER, rows))
    assert events["start"].tolist() == [local("2024-03-05 14:20"), local("2024-03-25 08:00")]
    assert report.date_orders == {"停电开始时间": "mdy", "停电结束时间": "mdy"}


def test_ambiguous_column_is_refused_unless_date_order_is_set(tmp_path):
    rows = [["A", "城镇", "05/03/2024 14:20", "2024-03-05 16:20:00", 10],
            ["B", "城镇", "04/06/2024 08:00", "2024-06-04 09:30:00", 20]]
    path = write_csv(tmp_path, DATE_HEADER, rows)
    with pytest.raises(InputError, match=r"log\.csv.*停电开始时间.*05/03/2024 14:20.*date_order: dmy"):
        load_events(path)
    events, rejects, report = load_events(path, {"date_order": "dmy"})
    assert rejects.empty and events["start"].tolist() == [local("2024-03-05 14:20"), local("2024-06-04 08:00")]
    assert report.date_orders == {"停电开始时间": "dmy", "停电结束时间": "ymd"}  # the end column needs none
    # month-first instead: row 2 starts 3 May and ends 5 March (end before start); row 3 starts 6 April and ends
    # 4 June, 59 days later, over max_duration_h (720 h)
    events, rejects, _ = load_events(path, {"date_order": "mdy"})
    assert rejects["code"].tolist() == ["end_before_start", "duration_over_max"]


def test_contradictory_column_is_refused(tmp_path):
    rows = [["A", "城镇", "25/03/2024 14:20", "2024-03-25 16:20:00", 10],
            ["B", "城镇", "03/26/2024 08:00", "2024-03-26 09:30:00", 20]]
    with pytest.raises(InputError, match=r"停电开始时间.*25/03/2024.*03/26/2024.*date_order"):
        load_events(write_csv(tmp_path, DATE_HEADER, rows))


def test_full_width_digits_and_shangwu_xiawu(tmp_path):
    rows = [["A", "城镇", "２０２４－０３－０５ １４：２０", "2024-03-05 下午3:50", 10],
            ["B", "城镇", "2024-03-06 上午12:10", "2024年3月6日下午12时40分", 10],
            ["C", "城镇", "2024/3/7 上午9:05", "2024.3.7 10:35", 10]]
    events, rejects, report = load_events(write_csv(tmp_path, DATE_HEADER, rows))
    assert rejects.empty, rejects
    assert events["start"].tolist() == [local("2024-03-05 14:20"), local("2024-03-06 00:10"),
                                        local("2024-03-07 09:05")]
    assert events["end"].tolist() == [local("2024-03-05 15:50"), local("2024-03-06 12:40"),
                                      local("2024-03-07 10:35")]
    assert events["duration_h"].tolist() == [1.5, 12.5, 1.5]
    assert report.date_orders == {"停电开始时间": "ymd", "停电结束时间": "ymd"}


def test_a_bare_number_in_a_csv_is_not_a_serial_but_in_an_xlsx_number_cell_it_is(tmp_path):
    # 45356 is 2024-03-05 in Excel's day count (44625 = 2022-03-05, plus 365 + 366 days); .5 is noon.
    header = ["停电编号", "地区特征", "停电开始时间", "停电时长(分钟)", "停电用户数"]
    rows = [["A", "城镇", "45356.5", 60, 10]]
    events, rejects, _ = load_events(write_csv(tmp_path, header, rows))
    assert events.empty and rejects["code"].tolist() == ["start_unparseable"]
    events, rejects, _ = load_events(write_xlsx(tmp_path, header, [["A", "城镇", 45356.5, 60, 10]]))
    assert rejects.empty and events["start"].tolist() == [local("2024-03-05 12:00")]
    assert events["end"].tolist() == [local("2024-03-05 13:00")]


def test_xlsx_text_dates_decided_per_column(tmp_path):
    rows = [["A", "农村", "13/01/2024 08:00", dt.datetime(2024, 1, 13, 9, 0), 5],
            ["B", "农村", "02/01/2024 08:00", dt.datetime(2024, 1, 2, 8, 45), 5]]
    events, rejects, report = load_events(write_xlsx(tmp_path, DATE_HEADER, rows))
    assert rejects.empty
    assert events["start"].tolist() == [local("2024-01-13 08:00"), local("2024-01-02 08:00")]
    assert events["duration_h"].tolist() == [1.0, 0.75]
    assert report.date_orders["停电开始时间"] == "dmy"


def test_impossible_dates_are_rejects_with_their_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("LQREL_TODAY", "2024-06-30")
    rows = [
        ["A", "城镇", "1989-12-31 23:00", "1990-01-01 01:00", 10],  # row 2: start before 1990
        ["B", "城镇", "1990-01-01 00:00", "1990-01-01 01:00", 10],  # row 3: accepted
        ["C", "城镇", "2024-06-30 22:00", "2024-06-30 23:59", 10],  # row 4: the day of the run: accepted
        ["D", "城镇", "2024-07-01 00:00", "2024-07-01 01:00", 10],  # row 5: start after the day of the run
        ["E", "城镇", "2024-06-30 23:00", "2034-07-01 01:00", 10],  # row 6: end in the future (a typo)
        ["F", "城镇", "2042-06-01 08:00", "2042-06-01 09:00", 10],  # row 7: mistyped year
    ]
    events, rejects, report = load_events(write_csv(tmp_path, DATE_HEADER, rows))
    assert events["row"].tolist() == [3, 4]
    assert rejects[["row", "column", "code"]].values.tolist() == [
        [2, "停电开始时间", "date_too_early"], [5, "停电开始时间", "date_in_future"],
        [6, "停电结束时间", "date_in_future"], [7, "停电开始时间", "date_in_future"]]
    assert rejects.loc[1, "args"] == {"column": "停电开始时间", "today": "2024-06-30"}
    assert reconciles(report, events, rejects)


def test_impossible_dates_in_an_xlsx(tmp_path, monkeypatch):
    monkeypatch.setenv("LQREL_TODAY", "2024-06-30")
    rows = [["A", "城镇", dt.datetime(1985, 3, 1, 8), dt.datetime(1985, 3, 1, 9), 10],
            ["B", "城镇", dt.datetime(2024, 3, 1, 8), dt.datetime(2024, 3, 1, 9), 10],
            ["C", "城镇", dt.datetime(2025, 3, 1, 8), dt.datetime(2025, 3, 1, 9), 10]]
    events, rejects, _ = load_events(write_xlsx(tmp_path, DATE_HEADER, rows))
    assert events["row"].tolist() == [3]
    assert rejects["code"].tolist() == ["date_too_early", "date_in_future"]


# 7. Durations need a unit --------------------------------------------------------------------------------------------

DURATION_HEADER = ["停电编号", "地区特征", "停电开始时间", "停电时长", "停电用户数"]
DURATION_ROWS = [["A", "城镇", "2024-03-05 08:00:00", 90, 10]]


def test_a_bare_duration_is_refused_with_the_settings_that_settle_it(tmp_path):
    path = write_csv(tmp_path, DURATION_HEADER, DURATION_ROWS)
    with pytest.raises(InputError) as caught:
        load_events(path)
    message = str(caught.value)
    assert "log.csv" in message and "停电时长" in message
    assert "duration_unit: min" in message and "columns: {duration_min: 停电时长}" in message


@pytest.mark.parametrize(("params", "hours"), [
    ({"duration_unit": "min"}, 1.5),  # 90 minutes
    ({"duration_unit": "h"}, 90.0),  # 90 hours (under max_duration_h 720)
    ({"columns": {"duration_min": ["停电时长"]}}, 1.5),
])
def test_a_bare_duration_with_its_unit_set(tmp_path, params, hours):
    events, rejects, _ = load_events(write_csv(tmp_path, DURATION_HEADER, DURATION_ROWS), params)
    assert rejects.empty and events["duration_h"].tolist() == [hours]
    assert events["end"].tolist() == [local("2024-03-05 08:00") + pd.Timedelta(hours=hours)]


@pytest.mark.parametrize(("header", "hours"), [
    ("停电时长(分钟)", 1.5), ("停电时长（min）", 1.5), ("停电持续时间(分钟)", 1.5), ("停电时长(小时)", 90.0),
    ("停电时长(h)", 90.0),
])
def test_a_duration_header_with_its_unit(tmp_path, header, hours):
    path = write_csv(tmp_path, [*DURATION_HEADER[:3], header, DURATION_HEADER[4]], DURATION_ROWS)
    events, rejects, _ = load_events(path)
    assert rejects.empty and events["duration_h"].tolist() == [hours]


def test_a_bare_duration_in_an_xlsx_is_refused(tmp_path):
    header = ["停电编号", "地区特征", "停电开始时间", "停电持续时间", "停电用户数"]
    with pytest.raises(InputError, match="停电持续时间.*duration_unit: min"):
        load_events(write_xlsx(tmp_path, header, [["A", "城镇", dt.datetime(2024, 3, 5, 8), 2, 10]]))


def test_a_bare_duration_frame_through_validate_events():
    cells = pd.DataFrame({"start": ["2024-03-05 08:00:00"], "duration": ["30"], "customers": ["5"],
                          "area": ["城镇"], "row": [2]})
    with pytest.raises(InputError, match="duration_unit"):
        validate_events(cells)
    events, rejects, _, _ = validate_events(cells, {"duration_unit": "min"})
    assert rejects.empty and events["duration_h"].tolist() == [0.5]


# The batched Parquet path gives what one pass gives -------------------------------------------------------------------

def test_parquet_batches_resolve_ids_double_entries_names_and_date_order_across_batches(tmp_path):
    """Rows 1-2 are the first batch, 3-4 the second, 5-6 the third (row groups of two rows, batches of two rows).
    The text dates need a day/month order that only row 5 settles (13/02/2023: day first), so row 1's 01/02/2023
    is 1 February. Id P on rows 1 and 4 (same feeder, spelled two ways, same day): one outage, row 4 kept; id Q on
    rows 2 and 6 (other days): reused; rows 3 and 5 (ids R, S): a double entry."""
    from unittest import mock

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "停电编号": ["P", "Q", "R", "P", "S", "Q"],
        "线路名称": ["10kV城关01线", "10kV冶源03线", "10kV东城02线", "10KV城关01线", "10kV东城02线", "10kV冶源03线"],
        "地区特征": ["城镇", "农村", "城镇", "城镇", "城镇", "农村"],
        "停电开始时间": ["01/02/2023 08:00", "03/02/2023 08:00", "13/02/2023 08:00", "01/02/2023 09:00",
                   "13/02/2023 08:00", "04/02/2023 08:00"],
        "停电结束时间": ["01/02/2023 09:00", "03/02/2023 10:00", "13/02/2023 08:30", "01/02/2023 10:00",
                   "13/02/2023 08:30", "04/02/2023 09:00"],
        "停电用户数": [10, 20, 30, 11, 30, 21],
    })
    path = tmp_path / "log.parquet"
    pq.write_table(table, path, row_group_size=2)
    with mock.patch("lqrel.readers.BATCHED_ROWS_FROM", 0), mock.patch("lqrel.readers.BATCH_ROWS", 2):
        assert read_table(path, lambda cells: _looks_like_header(cells, load_params(None))).batches is not None
        events, rejects, report = load_events(path)
    one_events, one_rejects, one = load_events(path)
    pd.testing.assert_frame_equal(events, one_events)
    pd.testing.assert_frame_equal(report.warnings, one.warnings)
    assert rejects.empty and one_rejects.empty
    for r in (report, one):
        assert r.duplicate_rows == [1] and r.rows_read == 6 and r.accepted == 5
        assert r.reused_ids == [{"id": "Q", "rows": [2, 6]}]
        assert r.double_entries == [{"ids": ["R", "S"], "rows": [3, 5], "feeder": "10kV东城02线",
                                     "start": "2023-02-13 08:00", "end": "2023-02-13 08:30", "customers": 30,
                                     "dropped_rows": []}]
        assert r.date_orders == {"停电开始时间": "dmy", "停电结束时间": "dmy"}
    # row 4 kept with its own spelling, the only one left of feeder 城关01线: no merge to report
    assert events["row"].tolist() == [2, 3, 4, 5, 6]
    assert events["start"].tolist()[:1] == [local("2023-02-03 08:00")]
    assert events.loc[events["row"] == 4, "start"].item() == local("2023-02-01 09:00")


def test_rows_without_a_feeder_are_never_double_entries():
    # Same start, end and customers, other ids, but no feeder named: nothing shows they are one outage.
    rows = [["X1", "城关街道", "", "城镇", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 50],
            ["Y7", "城关街道", "", "城镇", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 50]]
    events, _, _, dup, found = validate(rows, {"double_entries": "drop"})
    assert len(events) == 2 and dup == [] and found["double_entries"] == []


def test_a_large_double_entry_group_keeps_each_warning_short():
    rows = [[f"N{i}", "城关街道", "10kV城关01线", "城镇", "故障", "2023-05-01 08:00", "2023-05-01 09:30", 50]
            for i in range(25)]
    events, _, warnings, _, found = validate(rows)
    assert len(events) == 25 and found["double_entries"][0]["rows"] == list(range(2, 27))
    double = warnings[warnings["code"] == "double_entry"]
    assert len(double) == 25
    assert double["args"].iloc[0]["rows"] == "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ... (25)"
