"""What a report run accepts before it builds anything: the periods due on a day, and a period that is not one
(checked before any path is made from it). No notebook runs here: these belong to the fast subset."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lqrel.params import load_params
from lqrel.periods import due_data_through, due_periods
from lqrel.report.runner import build_report
from lqrel.service import report_plan
from tests.conftest import sample_dataset


def test_report_rejects_bad_period_before_any_path(tmp_path):
    with pytest.raises(Exception, match="invalid period"):
        build_report(sample_dataset(), "../../etc", tmp_path)
    assert not any(tmp_path.iterdir())


def test_a_period_beyond_the_data_is_refused_before_a_kernel_starts(tmp_path, monkeypatch):
    """The sample covers 2019-2024: a report of 2026Q3 (due on the day of a run in late 2026) stops at once with
    the coverage error in the run's language, not in the notebook with its English words."""
    from lqrel.errors import DataError

    state = tmp_path / "state"
    with pytest.raises(DataError) as refused:
        build_report(sample_dataset(), "2026Q3", tmp_path / "out", state_dir=state)
    assert refused.value.code == "period_outside_coverage"
    assert refused.value.text("zh").startswith("期间 2026Q3 在数据覆盖期 2019-01-01 至 2024-12-31")
    assert not (tmp_path / "out").exists() and not state.exists()  # nothing written, no notebook kept


#: The seed's calendar written out for 2026 (docs/spec.md §12.1), by stretches of days: the reports due and the
#: last day their data may cover ("D-1": the day before the run). The last complete quarter is always due; the
#: half-year in the last week of June on the data through May (the last complete month) and again in July on
#: June's data; the previous year in January (due by 5 January, on a complete December).
CALENDAR_2026 = [
    ("2026-01-01", "2026-01-31", ["2025Q4", "2025"], "D-1"),
    ("2026-02-01", "2026-03-31", ["2025Q4"], "D-1"),
    ("2026-04-01", "2026-06-23", ["2026Q1"], "D-1"),
    ("2026-06-24", "2026-06-30", ["2026Q1", "2026H1"], "2026-05-31"),
    ("2026-07-01", "2026-07-31", ["2026Q2", "2026H1"], "D-1"),
    ("2026-08-01", "2026-09-30", ["2026Q2"], "D-1"),
    ("2026-10-01", "2026-12-31", ["2026Q3"], "D-1"),
]


def test_the_calendar_covers_every_day_of_the_year_once():
    days = [d for first, last, _, _ in CALENDAR_2026 for d in pd.date_range(first, last)]
    assert len(days) == len(set(days)) == 365 and days == list(pd.date_range("2026-01-01", "2026-12-31"))


@pytest.mark.parametrize(("first", "last", "due", "through"), CALENDAR_2026)
def test_due_on_every_day_of_a_year(first, last, due, through):
    for day in pd.date_range(first, last):
        expected = (day - pd.Timedelta(days=1)).date() if through == "D-1" else dt.date.fromisoformat(through)
        assert (due_periods(day), due_data_through(day)) == (due, expected), day.date()
        periods, parsed, through_at_most = report_plan(load_params(None), due=True, today=f"{day:%Y-%m-%d}")
        assert (periods, through_at_most) == (due, expected), day.date()
        assert [p.label for p in parsed] == due  # every label parsed before any run


@pytest.mark.parametrize(
    ("today", "due", "through"),
    [("2023-01-03", ["2022Q4", "2022"], "2023-01-02"), ("2023-04-01", ["2023Q1"], "2023-03-31"),
     ("2023-06-25", ["2023Q1", "2023H1"], "2023-05-31"), ("2023-07-03", ["2023Q2", "2023H1"], "2023-07-02"),
     ("2023-10-15", ["2023Q3"], "2023-10-14"), ("2024-06-24", ["2024Q1", "2024H1"], "2024-05-31"),
     ("2024-06-23", ["2024Q1"], "2024-06-22"), ("2024-03-01", ["2023Q4"], "2024-02-29")],
)
def test_due_periods(today, due, through):
    assert due_periods(pd.Timestamp(today)) == due
    assert due_data_through(pd.Timestamp(today)) == dt.date.fromisoformat(through)
