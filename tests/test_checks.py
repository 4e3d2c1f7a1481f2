"""Each row check of :mod:`lqrel.event_checks` alone, on a small hand-made frame: the rows it flags (masks
written by hand), its reason code, the column it names and the arguments of its message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lqrel import event_checks as checks
from lqrel.parse import NOT_FOUND, Timestamps
from lqrel.readers import UnsavedFormula

TZ = "Asia/Shanghai"


def mask_of(flagged: checks.Flagged) -> list[bool]:
    return [bool(v) for v in np.asarray(flagged.mask, dtype=bool)]


def times(*texts: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts)), dtype="datetime64[us]").dt.tz_localize(TZ)


def stamps(values: pd.Series, bad: list[bool], partial: list[bool]) -> Timestamps:
    false = pd.Series([False] * len(values))
    return Timestamps(values, pd.Series(bad), pd.Series(partial), None, false)


# Whole rows.

def test_too_many_cells_flags_the_rows_given():
    found = checks.too_many_cells(4, [1, 3])
    assert mask_of(found) == [False, True, False, True]
    assert (found.code, found.canon) == ("too_many_cells", None)


def test_blank_row_needs_every_column_blank():
    whole = pd.DataFrame({"a": ["", None, "x", " ", np.nan], "b": [None, "", "", "y", "N/A"]})
    found = checks.blank_row(whole)
    assert mask_of(found) == [True, True, False, False, True]
    assert found.code == "blank_row"


def test_unsaved_formula_flags_only_formula_cells():
    cells = pd.Series(["=A1", UnsavedFormula("=SUM(A1:A3)"), 3, None], dtype=object)
    found = checks.unsaved_formula(cells, "customers")
    assert mask_of(found) == [False, True, False, False]
    assert (found.code, found.canon) == ("unsaved_formula", "customers")


# Start and end.

def test_time_partial_and_unparseable_spare_completed_ends():
    ts = stamps(times(None, None, None, "2023-01-01"), bad=[True, True, False, False],
                partial=[True, False, False, False])
    done = pd.Series([True, False, False, False])
    assert mask_of(checks.time_partial(ts, "end", "end")) == [True, False, False, False]
    assert mask_of(checks.time_partial(ts, "end", "end", done)) == [False, False, False, False]
    assert mask_of(checks.time_unparseable(ts, "end", "end")) == [True, True, False, False]
    assert mask_of(checks.time_unparseable(ts, "end", "end", done)) == [False, True, False, False]
    assert checks.time_partial(ts, "start_date", "start").code == "start_partial"
    assert checks.time_unparseable(ts, "end", "end").code == "end_unparseable"


def test_start_missing_is_blank_not_unreadable():
    ts = stamps(times(None, None, "2023-05-01 08:00"), bad=[False, True, False], partial=[False, True, False])
    found = checks.start_missing(ts, "start")
    assert mask_of(found) == [True, False, False]
    assert (found.code, found.canon) == ("start_missing", "start")


def test_date_too_early_before_1990_only():
    values = times("1989-12-31 23:59", "1990-01-01 00:00", None)
    found = checks.date_too_early(values, "start", "停电时间", pd.Timestamp("1990-01-01", tz=TZ))
    assert mask_of(found) == [True, False, False]
    assert (found.code, found.args) == ("date_too_early", {"column": "停电时间"})


def test_date_in_future_from_the_day_after_the_run():
    values = times("2024-03-01 23:59", "2024-03-02 00:00", None)
    found = checks.date_in_future(values, "end", "end", pd.Timestamp("2024-03-02", tz=TZ), "2024-03-01")
    assert mask_of(found) == [False, True, False]
    assert found.args == {"column": "end", "today": "2024-03-01"}


# Durations.

NO_END = pd.Series([True, True, True, False])


def test_duration_non_numeric_only_without_an_end():
    found = checks.duration_non_numeric(pd.Series([True, False, True, True]), NO_END, "duration_min", "时长")
    assert mask_of(found) == [True, False, True, False]
    assert (found.code, found.args) == ("duration_non_numeric", {"column": "时长"})


def test_duration_negative_only_without_an_end():
    found = checks.duration_negative(pd.Series([-1.0, 0.0, np.nan, -5.0]), NO_END, "duration_h", "h")
    assert mask_of(found) == [True, False, False, False]
    assert found.code == "duration_negative"


def test_duration_over_ten_years_in_the_column_unit():
    minutes = pd.Series([87_840 * 60 + 1, 87_840 * 60, np.nan, 1e12])
    found = checks.duration_over_ten_years(minutes, 60.0, NO_END, "duration_min", "min")
    assert mask_of(found) == [True, False, False, False]
    assert found.code == "duration_over_ten_years"


def test_end_and_duration_missing_needs_a_start():
    start = times("2023-01-01", None, "2023-01-02")
    found = checks.end_and_duration_missing(start, np.array([True, True, False]), "end")
    assert mask_of(found) == [True, False, False]
    assert (found.code, found.canon) == ("end_and_duration_missing", "end")


def test_end_before_start_on_negative_hours_not_missing():
    found = checks.end_before_start(pd.Series([-0.5, 0.0, np.nan, 2.0]), "end")
    assert mask_of(found) == [True, False, False, False]
    assert found.code == "end_before_start"


def test_duration_over_max_shows_the_hours():
    found = checks.duration_over_max(pd.Series([720.0, 720.05, np.nan, 1000.0]), 720.0, "end")
    assert mask_of(found) == [False, True, False, True]
    assert list(found.values) == ["", "720.0 h", "", "1000.0 h"]
    assert (found.code, found.args) == ("duration_over_max", {"max_h": 720.0})


# Customers.

CUSTOMERS = pd.Series([12.0, np.nan, np.nan, -3.0, 2.5, 2.0**53 + 2, 0.0])
NOT_NUMBER = pd.Series([False, False, True, False, False, False, False])


@pytest.mark.parametrize(("check", "expected"), [
    (lambda: checks.customers_missing(CUSTOMERS, NOT_NUMBER), [0, 1, 0, 0, 0, 0, 0]),
    (lambda: checks.customers_non_numeric(NOT_NUMBER), [0, 0, 1, 0, 0, 0, 0]),
    (lambda: checks.customers_negative(CUSTOMERS), [0, 0, 0, 1, 0, 0, 0]),
    (lambda: checks.customers_fractional(CUSTOMERS), [0, 0, 0, 0, 1, 0, 0]),
    (lambda: checks.customers_too_large(CUSTOMERS), [0, 0, 0, 0, 0, 1, 0]),
], ids=["missing", "non_numeric", "negative", "fractional", "too_large"])
def test_customers_checks(check, expected):
    found = check()
    assert mask_of(found) == [bool(e) for e in expected]
    assert found.canon == "customers" and found.code.startswith("customers_")


# Columns of few distinct cells.

def test_area_blank_and_not_listed_from_the_areas_rule():
    keys = np.array(["城关镇", "", "新镇"], dtype=object)
    area = np.array(["urban", None, None], dtype=object)
    blank = checks.area_blank(keys, "town")
    assert mask_of(blank) == [False, True, False]
    assert (blank.code, blank.args) == ("area_column_missing", {"column": "town"})
    unlisted = checks.area_not_listed(area, keys, "town")
    assert mask_of(unlisted) == [False, False, True]
    assert unlisted.code == "area_not_listed"


def test_area_missing_and_unknown_from_the_area_column():
    area = np.array(["urban", None, NOT_FOUND, "rural"], dtype=object)
    assert mask_of(checks.area_missing(area)) == [False, True, False, False]
    assert mask_of(checks.area_unknown(area)) == [False, False, True, False]
    assert checks.area_unknown(area).code == "area_unknown"


def test_nature_unknown_when_no_keyword_places_it():
    mapped = np.array(["fault", NOT_FOUND, NOT_FOUND, None], dtype=object)
    keyword = np.array([None, "planned", None, None], dtype=object)
    found = checks.nature_unknown(mapped, keyword)
    assert mask_of(found) == [False, False, True, False]
    assert (found.code, found.canon) == ("nature_unknown", "nature")


def test_flag_unknown_neither_yes_nor_no():
    found = checks.flag_unknown(np.array(["true", NOT_FOUND, None, "false"], dtype=object), "external", "外部")
    assert mask_of(found) == [False, True, False, False]
    assert (found.code, found.canon, found.args) == ("flag_unknown", "external", {"column": "外部"})


def test_keys_of_blank_cells_are_empty():
    assert list(checks.keys_of(np.array([None, "  ", "城关镇"], dtype=object))) == ["", "", "城关镇"]
