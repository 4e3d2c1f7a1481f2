"""Loader: formats, header detection, column and value mapping, every reject reason, duplicates."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from lqrel import load_events
from lqrel.errors import InputError
from lqrel.events import validate_events

HEADER = "停电编号,供电所,线路名称,地区特征,停电性质,停电开始时间,停电结束时间,停电用户数\n"
GOOD = "TD1,城关街道,10kV城关01线,城镇,故障停电,2022-03-05 14:20,2022-03-05 16:50,120\n"


def write(tmp_path, text, name="e.csv", encoding="utf-8"):
    f = tmp_path / name
    f.write_bytes(text.encode(encoding))
    return f


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    ev, rj, rep = load_events(write(tmp_path, HEADER + GOOD, encoding=encoding))
    assert len(ev) == 1 and rj.empty
    assert ev.loc[0, "town"] == "城关街道" and ev.loc[0, "feeder"] == "10kV城关01线"
    assert ev.loc[0, "duration_h"] == pytest.approx(2.5)
    assert ev.loc[0, "start"] == pd.Timestamp("2022-03-05 14:20", tz="Asia/Shanghai")
    assert rep.encoding == ("utf-8-sig" if encoding == "utf-8-sig" else "utf-8" if encoding == "utf-8" else "gb18030")


def test_title_rows_are_skipped_and_row_numbers_are_lines(tmp_path):
    bad = GOOD.replace("TD1", "TD2").replace(",120", ",abc")
    text = "临朐县供电公司停电记录\n导出时间 2023-01-05\n" + HEADER + GOOD + bad
    ev, rj, rep = load_events(write(tmp_path, text))
    assert rep.header_row == 3
    assert rj.drop(columns="args").to_dict("records") == [
        {"row": 5, "column": "停电用户数", "value": "abc", "code": "customers_non_numeric",
         "reason": "non-numeric customers"}
    ]


def test_xlsx_title_rows_sheet_and_typed_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["见第二个工作表"])
    ws2 = wb.create_sheet("2022")
    ws2.append(["2022年停电明细"])
    ws2.append([])
    ws2.append(["停电编号", "区域", "停电开始日期", "停电开始时刻", "停电时长(分钟)", "停电户数"])
    ws2.append(["A", "农村", dt.datetime(2022, 7, 1), dt.time(17, 0), 90, 30])
    ws2.append(["B", "农村", dt.datetime(2022, 7, 2), dt.time(8, 30), "=1+1", 10])
    f = tmp_path / "e.xlsx"
    wb.save(f)
    ev, rj, rep = load_events(f, {"sheet": "2022"})
    assert rep.header_row == 3 and rep.sheet == "2022"
    assert ev.loc[0, "start"] == pd.Timestamp("2022-07-01 17:00", tz="Asia/Shanghai")
    assert ev.loc[0, "end"] == pd.Timestamp("2022-07-01 18:30", tz="Asia/Shanghai")
    # A formula without a saved value is rejected with what to do about it, not read as blank or guessed.
    assert rj.loc[0, "row"] == 5
    assert rj.loc[0, "code"] == "unsaved_formula"
    assert rj.loc[0, "value"].startswith("=")
    with pytest.raises(InputError, match="no header row"):
        load_events(f)  # first sheet has no header
    with pytest.raises(InputError, match="no sheet named 'x'"):
        load_events(f, {"sheet": "x"})


def test_parquet_log_is_read_with_its_row_numbers(tmp_path):
    frame = pd.DataFrame({"start": ["2022-01-01 10:00"], "end": ["2022-01-01 11:00"], "customers": [5],
                          "area": ["urban"]})
    f = tmp_path / "e.parquet"
    frame.to_parquet(f)
    ev, rj, rep = load_events(f)
    assert len(ev) == 1 and rep.rows_read == 1 and ev.loc[0, "row"] == 1


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022年3月5日 14时20分", "2022-03-05 14:20"),
        ("2022/3/5 14:20", "2022-03-05 14:20"),
        ("2022-03-05T14:20:00", "2022-03-05 14:20"),
        ("2022-03-05 06:20:00+00:00", "2022-03-05 14:20"),
    ],
)
def test_datetime_formats(tmp_path, cell, expected):
    text = f"start,duration_min,customers,area\n{cell},10,1,urban\n"
    ev, rj, _ = load_events(write(tmp_path, text))
    assert rj.empty, rj
    assert ev.loc[0, "start"] == pd.Timestamp(expected, tz="Asia/Shanghai")


def test_a_number_in_a_csv_cell_is_not_an_excel_serial(tmp_path):
    # Changed with issue 25 (docs/spec.md §5): "44625.59722222222" in a CSV was read as the Excel serial day of
    # 2022-03-05 14:20; a bare number in a text file is now unparseable (serials come only from numeric XLSX cells).
    text = "start,duration_min,customers,area\n44625.59722222222,10,1,urban\n"
    ev, rj, _ = load_events(write(tmp_path, text))
    assert ev.empty and rj.loc[0, "code"] == "start_unparseable"


REASONS = [  # (file, column named, code, arguments)
    ("start,end,customers,area\n,2022-01-01 10:00,1,urban\n", "start", "start_missing", {}),
    ("start,end,customers,area\n2022-13-05 10:00,2022-01-01 10:00,1,urban\n", "start", "start_unparseable", {}),
    ("start,end,customers,area\nyesterday,2022-01-01 10:00,1,urban\n", "start", "start_partial", {}),
    ("start,end,customers,area\nnow,2022-01-01 10:00,1,urban\n", "start", "start_partial", {}),
    ("start,end,customers,area\n14:20,2022-01-01 10:00,1,urban\n", "start", "start_partial", {}),
    ("start,end,customers,area\n3月5日 14时20分,2022-01-01 10:00,1,urban\n", "start", "start_partial", {}),
    ("start,end,customers,area\n2022-01-01 10:00,14:20,1,urban\n", "end", "end_partial", {}),
    ("start,end,customers,area\n2022-01-01 10:00,2:20 p.m. March 5,1,urban\n", "end", "end_partial", {}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-02-01 10:01,1,urban\n", "end", "duration_over_max",
     {"max_h": 720.0}),
    ("start,duration_h,customers,area\n2022-01-01 10:00,721,1,urban\n", "duration_h", "duration_over_max",
     {"max_h": 720.0}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,90071992547409930,urban\n", "customers",
     "customers_too_large", {}),
    ("start,end,customers,area\n2022-01-01 10:00,soon,1,urban\n", "end", "end_unparseable", {}),
    ("start,end,customers,area\n2022-01-01 10:00,,1,urban\n", "end", "end_and_duration_missing", {}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 09:00,1,urban\n", "end", "end_before_start", {}),
    ("start,duration_h,customers,area\n2022-01-01 10:00,-1,1,urban\n", "duration_h", "duration_negative",
     {"column": "duration_h"}),
    ("start,duration_min,customers,area\n2022-01-01 10:00,x,1,urban\n", "duration_min", "duration_non_numeric",
     {"column": "duration_min"}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,,urban\n", "customers", "customers_missing", {}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,-3,urban\n", "customers", "customers_negative",
     {}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,2.5,urban\n", "customers",
     "customers_fractional", {}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,1,郊区\n", "area", "area_unknown", {}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,1,\n", "area", "area_missing", {}),
    ("start,end,customers,area,nature\n2022-01-01 10:00,2022-01-01 11:00,1,urban,其他\n", "nature",
     "nature_unknown", {}),
    ("start,end,customers,area,external\n2022-01-01 10:00,2022-01-01 11:00,1,urban,maybe\n", "external",
     "flag_unknown", {"column": "external"}),
    ("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,1,urban,extra\n", "", "too_many_cells", {}),
]


@pytest.mark.parametrize(("text", "column", "code", "args"), REASONS)
def test_each_reject_reason(tmp_path, text, column, code, args):
    ev, rj, rep = load_events(write(tmp_path, text))
    assert ev.empty and len(rj) == 1
    assert rj.loc[0, "row"] == 2 and rj.loc[0, "column"] == column
    assert (rj.loc[0, "code"], rj.loc[0, "args"]) == (code, args)
    assert rep.rows_read == rep.accepted + rep.rejected + rep.duplicates == 1


def test_blank_rows_are_counted_trailing_empty_lines_are_not_rows(tmp_path):
    """Lines 3, 5 (an empty line between rows) and 6 (separators only, at the end) are blank rows, rejected and
    counted; the empty lines after the last one hold no cell and are not rows."""
    text = HEADER + GOOD + ",,,,,,,\n" + GOOD.replace("TD1", "TD2") + "\n,,,\n\n\n"
    ev, rj, rep = load_events(write(tmp_path, text))
    assert len(ev) == 2 and rj["code"].tolist() == ["blank_row"] * 3 and rj["row"].tolist() == [3, 5, 6]
    assert rep.rows_read == 5
    # 50 trailing lines of separators (the usual form of this export) are 50 blank rows
    text = HEADER + GOOD + ",,,,,,,\n" * 50
    ev, rj, rep = load_events(write(tmp_path, text))
    assert (rep.rows_read, rep.accepted, rep.rejected) == (51, 1, 50)


def test_duplicates_keep_last_occurrence(tmp_path):
    later = GOOD.replace("16:50", "17:50")
    text = HEADER + GOOD + GOOD + later + GOOD.replace("TD1", "TD2")
    ev, rj, rep = load_events(write(tmp_path, text))
    assert rep.duplicates == 2 and rep.duplicate_rows == [2, 3]
    assert ev.set_index("event_id").loc["TD1", "duration_h"] == pytest.approx(3.5)


def test_a_bad_later_copy_never_displaces_the_valid_row(tmp_path):
    """docs/spec.md §5: duplicates are resolved among valid rows; a later copy that is itself rejected counts as
    rejected, not as a duplicate, and the event stays."""
    text = HEADER + GOOD + GOOD.replace(",120", ",?") + GOOD.replace("2022-03-05 14:20", "14:20")
    ev, rj, rep = load_events(write(tmp_path, text))
    assert ev["row"].tolist() == [2] and ev.loc[0, "customers"] == 120
    assert rj["row"].tolist() == [3, 4] and rep.duplicates == 0
    assert rj["code"].tolist() == ["customers_non_numeric", "start_partial"]
    # two valid copies: the later one wins and the earlier is the duplicate
    text = HEADER + GOOD + GOOD.replace(",120", ",?") + GOOD.replace(",120", ",130")
    ev, rj, rep = load_events(write(tmp_path, text))
    assert ev["row"].tolist() == [4] and ev.loc[0, "customers"] == 130
    assert rep.duplicate_rows == [2] and rj["row"].tolist() == [3]


def test_nature_and_flags_vocabulary(tmp_path):
    text = ("start,duration_h,customers,area,nature,external\n"
            "2022-01-01 10:00,1,1,城镇,临时停电,外部\n"
            "2022-01-01 10:00,1,2,城镇,系统电源不足限电,内部\n"
            "2022-01-01 10:00,1,3,城镇,,\n"
            "2022-01-01 10:00,1,4,城镇,计划检修停电,是\n")
    ev, rj, _ = load_events(write(tmp_path, text))
    assert rj.empty
    assert ev["nature"].tolist() == ["planned", "planned", "fault", "planned"]
    assert ev["external"].tolist() == [True, False, False, True]
    assert ev["shortage"].tolist() == [False, True, False, False]


def test_params_column_and_value_mapping(tmp_path):
    text = "When,Restored,Out,Region,Kind\n2022-01-01 10:00,2022-01-01 12:00,7,City,Planned work\n"
    params = {"columns": {"start": "When", "end": ["Nope", "Restored"], "customers": "Out", "area": "Region",
                          "nature": "Kind"},
              "values": {"area": {"urban": ["City"]}, "nature": {"planned": ["Planned work"]}}}
    ev, rj, _ = load_events(write(tmp_path, text), params)
    assert rj.empty and ev.loc[0, "area"] == "urban" and ev.loc[0, "nature"] == "planned"


def test_areas_from_town_lists(tmp_path):
    text = "start,duration_h,customers,town,area\n" + "".join(
        f"2022-01-01 10:00,1,1,{t},农村\n" for t in ["城关街道", "五井镇", "外县"]
    )
    f = write(tmp_path, text)
    only_urban = {"areas": {"column": "town", "urban": ["城关街道"]}}
    ev, rj, _ = load_events(f, only_urban)
    assert ev["area"].tolist() == ["urban", "rural", "rural"] and rj.empty
    both = {"areas": {"column": "town", "urban": ["城关街道"], "rural": ["五井镇"]}}
    ev, rj, _ = load_events(f, both)
    assert len(ev) == 2 and rj.loc[0, "value"] == "外县" and rj.loc[0, "code"] == "area_not_listed"
    assert rj.loc[0, "args"] == {"column": "town"}


def test_end_and_duration_disagreeing_is_a_warning(tmp_path):
    text = "start,end,duration_min,customers,area\n2022-01-01 10:00,2022-01-01 11:00,120,1,urban\n"
    ev, rj, rep = load_events(write(tmp_path, text))
    assert ev.loc[0, "duration_h"] == 1 and len(rep.warnings) == 1
    assert rep.warnings.loc[0, "code"] == "end_duration_disagree"
    assert rep.warnings.loc[0, "args"] == {"column": "duration_min", "minutes": 60.0}


def test_long_duration_is_a_warning(tmp_path):
    text = "start,duration_h,customers,area\n2022-01-01 10:00,80,1,urban\n"
    _, _, rep = load_events(write(tmp_path, text))
    assert rep.warnings.loc[0, "code"] == "duration_over_warn"
    assert rep.warnings.loc[0, "args"] == {"hours": 80.0, "limit": 72.0}


def test_missing_required_column_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match=r"e.csv: no column for customers"):
        load_events(write(tmp_path, "start,end,area\n2022-01-01,2022-01-02,urban\n"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "not a text file"), (b"a,b\n1,2\n", "no header row")],
)
def test_unusable_files(tmp_path, content, message):
    f = tmp_path / "e.csv"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_events(f)


def test_missing_file_and_unknown_type(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_events(tmp_path / "nope.csv")
    (tmp_path / "e.doc").write_text("x")
    with pytest.raises(InputError, match="unknown file type"):
        load_events(tmp_path / "e.doc")


def test_input_file_is_not_modified(tmp_path):
    f = write(tmp_path, HEADER + GOOD)
    before = f.read_bytes(), f.stat().st_mtime_ns
    load_events(f)
    assert (f.read_bytes(), f.stat().st_mtime_ns) == before


def test_daylight_saving_event_has_its_true_length(tmp_path):
    # 2022-11-06 01:30 PDT -> 01:30 PST is 1 hour of local clock time but 2 hours of absolute time
    text = "start,end,customers,area\n2022-11-06 00:30-07:00,2022-11-06 01:30-08:00,1,urban\n"
    ev, rj, _ = load_events(write(tmp_path, text), {"timezone": "America/Vancouver"})
    assert rj.empty and ev.loc[0, "duration_h"] == 2


def test_town_categories_are_the_texts_of_accepted_events_only():
    """Town, feeder and cause are categories of exactly the stripped texts of the accepted events: no text of a
    rejected row, and no empty category when no cell is blank (Arrow text, as the CSV and Parquet paths give)."""
    def frame(customers):
        return pd.DataFrame({
            "event_id": pd.Series(["A", "B", "C"], dtype="str"),
            "start": pd.Series(["2022-03-05 14:20:00"] * 3, dtype="str"),
            "end": pd.Series(["2022-03-05 16:20:00"] * 3, dtype="str"),
            "customers": pd.Series(customers, dtype="str"),
            "area": pd.Series(["城镇"] * 3, dtype="str"),
            "town": pd.Series([" 城关街道", "冶源镇", "辛寨镇"], dtype="str"),
            "row": [2, 3, 4],
        })

    events, rejects, _, _ = validate_events(frame(["5", "5", "5"]))
    assert list(events["town"].cat.categories) == ["冶源镇", "城关街道", "辛寨镇"]  # sorted by code point
    assert list(events["feeder"].cat.categories) == [""]  # no feeder column: one empty text
    events, rejects, _, _ = validate_events(frame(["5", "5", "x"]))
    assert list(rejects["row"]) == [4]
    assert list(events["town"].cat.categories) == ["冶源镇", "城关街道"]
