import pandas as pd
import pytest

from lqrel.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "hours"),
    [
        ("2022", "2022-01-01", "2023-01-01", 8760),
        ("2024", "2024-01-01", "2025-01-01", 8784),
        ("2022Q3", "2022-07-01", "2022-10-01", 2208),
        ("2022H1", "2022-01-01", "2022-07-01", 4344),
        ("2024-02", "2024-02-01", "2024-03-01", 696),
        ("2021-10..2022-09", "2021-10-01", "2022-10-01", 8760),
    ],
)
def test_period_grammar_gives_local_bounds_and_hours(text, start, end, hours):
    p = parse_period(text)
    assert p.start == pd.Timestamp(start, tz="Asia/Shanghai")
    assert p.end == pd.Timestamp(end, tz="Asia/Shanghai")
    assert p.hours == hours


@pytest.mark.parametrize("text", ["../../x", "2022Q5", "22", "2022-13", "2022-05..2022-03", "2022H1..2022-05", ""])
def test_rejected(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_daylight_saving_month_has_its_true_hours():
    assert parse_period("2022-11", "America/Vancouver").hours == 721
    assert parse_period("2022-03", "America/Vancouver").hours == 743
    assert parse_period("2022", "America/Vancouver").hours == 8760


def test_split_months_and_quarters():
    p = parse_period("2021-11..2022-02")
    assert [m.label for m in p.months()] == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert [q.label for q in parse_period("2022").split("Q")] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert sum(m.hours for m in parse_period("2024").months()) == 8784
