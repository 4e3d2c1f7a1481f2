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


@pytest.mark.parametrize(("text", "kind", "part", "zh", "en"), [
    ("2022", "year", 0, "2022年", "2022"),
    ("2022H2", "half", 2, "2022年下半年", "second half of 2022"),
    ("2022Q3", "quarter", 3, "2022年第三季度", "2022 Q3"),
    ("2022-07", "month", 7, "2022年7月", "July 2022"),
    ("2021-10..2022-09", "months", 0, "2021年10月至2022年9月", "October 2021 to September 2022"),
    ("2022-01..2022-03", "quarter", 1, "2022年第一季度", "2022 Q1"),  # the span decides, not the label's form
    ("2022-02..2022-04", "months", 0, "2022年2月至2022年4月", "February 2022 to April 2022"),
])
def test_a_period_is_named_from_its_span(text, kind, part, zh, en):
    """The period is parsed once; its kind and its name in words come from the object, never from re-reading
    the label."""
    from lqrel.report.i18n import period_name

    period = parse_period(text)
    assert (period.kind, period.part) == (kind, part)
    assert period_name(period, "zh") == zh
    assert period_name(period, "en") == en


def test_a_clipped_period_is_named_by_its_months():
    from lqrel.report.i18n import period_name

    period = parse_period("2022")
    clipped = type(period)(period.label, period.start, pd.Timestamp("2022-05-20", tz=period.start.tz))
    assert clipped.kind == "months"
    assert period_name(clipped, "zh") == "2022年1月至2022年5月"
