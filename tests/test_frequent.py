"""Frequent-outage rules at their exact boundaries."""

import pandas as pd
import pytest

from lqrel.errors import DataError
from lqrel.frequent import classify, max_in_window
from tests.conftest import make_events


def feeder_events(dates, nature="故障", feeder="10kV测试01线", minutes=60):
    return [dict(start=f"{d} 10:00", duration_min=minutes, customers=10, area="城镇", feeder=feeder, nature=nature)
            for d in dates]


def level(events, year=2023, as_of=None, params=None):
    out = classify(make_events(events), year, as_of, params)
    return dict(zip(out["unit"], out["level"], strict=True)), out


def test_max_in_window():
    t = pd.to_datetime(["2023-01-01", "2023-01-31", "2023-03-01", "2023-03-02"]).to_numpy()
    assert max_in_window(t, 60) == 3  # Jan 1 + 60 days = Mar 2, excluded (half-open window)
    assert max_in_window(t, 61) == 4


def test_four_in_sixty_days_is_frequent_three_is_not():
    four = feeder_events(["2023-03-01", "2023-03-20", "2023-04-10", "2023-04-29"])  # within 59 days
    assert level(four)[0] == {"10kV测试01线": "frequent"}
    spread = feeder_events(["2023-03-01", "2023-03-20", "2023-04-10", "2023-04-30"])  # 60 days apart
    lv, out = level(spread)
    assert lv == {"10kV测试01线": "warning"}  # 4 in the year is a warning, not frequent
    words = [r.describe() for r in out.loc[0, "rules"]]
    assert words == [">= 4 in the year"]
    assert [r.describe("zh") for r in out.loc[0, "rules"]] == ["一年内达到4次"]


def test_year_counts_five_vs_six():
    days = ["2023-01-05", "2023-03-10", "2023-05-15", "2023-07-20", "2023-09-25", "2023-11-30"]
    assert level(feeder_events(days[:5]))[0] == {"10kV测试01线": "warning"}  # 5: a warning (4-5 a year)
    assert level(feeder_events(days))[0] == {"10kV测试01线": "frequent"}  # 6 > 5


def test_planned_rule():
    planned = feeder_events(["2023-01-05", "2023-04-10", "2023-07-15", "2023-10-20"], nature="计划停电")
    lv, out = level(planned)
    assert lv == {"10kV测试01线": "frequent"} and [r.describe() for r in out.loc[0, "rules"]] == [
        "> 3 planned in the year"]
    three = feeder_events(["2023-01-05", "2023-04-10", "2023-07-15"], nature="计划停电")
    assert level(three)[0] == {}


def test_recent_windows_depend_on_as_of():
    two = feeder_events(["2023-06-01", "2023-06-20"])
    assert level(two, as_of="2023-06-25")[0] == {"10kV测试01线": "warning"}  # 2 in the last 30 days
    assert level(two, as_of="2023-06-30")[0] == {"10kV测试01线": "warning"}  # last 30 days: Jun 1 .. Jun 30
    assert level(two, as_of="2023-07-01")[0] == {}  # Jun 2 .. Jul 1: only one


def test_short_and_med_excluded_by_default():
    ev = feeder_events(["2023-03-01", "2023-03-05", "2023-03-09"]) + feeder_events(["2023-03-10"], minutes=2)
    assert level(ev, as_of="2023-03-31")[0] == {"10kV测试01线": "warning"}  # 3 counted, not 4
    out = classify(make_events(ev), 2023, "2023-03-10", exclude_dates=[pd.Timestamp("2023-03-05")])
    assert out.loc[0, "interruptions"] == 2 and out.loc[0, "dates"] == "2023-03-01, 2023-03-09"
    kept = classify(make_events(ev), 2023, "2023-03-31", {"frequent_outages": {"exclude_short": False}})
    assert kept.loc[0, "level"] == "frequent"  # 4 in 60 days once the short one counts


def test_custom_rules_from_params():
    params = {"frequent_outages": {"frequent": [{"count": 2, "op": ">=", "window": "rolling", "days": 60}],
                                   "warning": []}}
    assert level(feeder_events(["2023-03-01", "2023-04-01"]), params=params)[0] == {"10kV测试01线": "frequent"}


def test_dates_are_listed():
    _, out = level(feeder_events(["2023-03-01", "2023-03-20", "2023-04-10", "2023-04-29"]))
    assert out.loc[0, "dates"] == "2023-03-01, 2023-03-20, 2023-04-10, 2023-04-29"
    with pytest.raises(DataError, match="'customer_id' column"):
        classify(make_events(feeder_events(["2023-03-01"])), 2023, params={"frequent_outages": {"level": "customer"}})
