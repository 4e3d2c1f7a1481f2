"""Regression tests for the verdicts issue: each case that once gave a wrong or silent answer.

Others live beside the code they test: a half-year log refused by ``check`` (test_cli), timestamps never completed
from the clock (test_events, test_real_data), a rejected later copy never displacing a valid row (test_events),
zero or missing customers served and an area without outages (test_targets), the projection as of 31 December
(test_forecast), the scheduled run on a customers file that ends with the data (test_report).
"""

import pytest

from lqrel import indices, load_params
from lqrel.errors import DataError, ParamsError
from lqrel.report.tables import headline
from lqrel.targets import check_targets
from tests.conftest import make_dataset, make_events, monthly_customers, months_of, sample_dataset

POLICIES = {
    "yoy": {},
    "yoy-without-med": {"targets": {"exclude_med": True}},
    "average-since-2020": {"targets": {"reduction_mode": "average_since", "baseline_year": 2020}},
    "average-since-2020-without-med": {"targets": {"reduction_mode": "average_since", "baseline_year": 2020,
                                                   "exclude_med": True}},
}


@pytest.mark.slow  # the headline and check of every year of the sample, under each reading: seconds each
@pytest.mark.parametrize("policy", POLICIES)
def test_report_headline_is_the_verdict_of_check_for_every_year(policy):
    """The report's headline once re-judged with its own copy of the rule (all data, year-on-year only) and
    disagreed with check under average_since and exclude_med. Now it is check's verdict, every year."""
    ds = sample_dataset(POLICIES[policy])
    first = 2021 if "average" in policy else 2019
    for year in range(first, 2025):
        verdict = check_targets(ds, year).set_index("area")
        head = headline(ds, str(year))
        assert head.attrs["verdict"]
        for row in head.to_dict("records"):
            v = verdict.loc[row["area"]]
            assert (row["met"], row["criterion"]) == (v["met"], v["criterion"]), (year, row["area"])
            assert row["period_saidi_h"] == v["saidi_h"] and row["ceiling_h"] == v["ceiling_h"]
            assert row["reference_saidi_h"] == v["previous_saidi_h"]
            assert row["status"] == {True: "met", False: "not_met", None: "unknown"}[v["met"]]


def test_the_reading_of_the_reduction_changes_rural_2023():
    """By hand from the sample's figures (data/README.md: rural 2020 14.53 h, 2022 10.73 h, 2023 10.63 h):
    year-on-year, 10.63 > 10 and 10.63 > 0.92 x 10.73 = 9.87: not met. Averaged since 2020,
    10.63 <= 14.53 x 0.92^3 = 11.31: met by the reduction. check and the report agree on both."""
    yoy = sample_dataset()
    since = sample_dataset(POLICIES["average-since-2020"])
    a, b = check_targets(yoy, 2023).set_index("area").loc["rural"], check_targets(since, 2023).set_index("area").loc[
        "rural"]
    assert round(a["saidi_h"], 2) == 10.63 and round(a["ceiling_h"], 2) == 10.0 and a["met"] is False
    assert round(b["ceiling_h"], 2) == 11.31 and (b["met"], b["criterion"]) == (True, "reduction")
    assert headline(yoy, "2023").set_index("area").loc["rural", "status"] == "not_met"
    assert headline(since, "2023").set_index("area").loc["rural", "status"] == "met"


def test_a_customers_count_above_2_to_the_31_is_counted_exactly():
    """3,000,000,000 customers once wrapped in an int32 cast to a negative SAIDI (-1,294,967 h). By hand:
    3e9 customers x 2 h / 4e9 customers served = 1.5 h."""
    ev = make_events([dict(start="2022-05-01 00:00", duration_h=2, customers="3000000000", area="农村")])
    assert ev.loc[0, "customers"] == 3_000_000_000 and str(ev["customers"].dtype) == "int64"
    cust = monthly_customers({"rural": 4_000_000_000}, months_of(2021, 2022))
    t = indices(ev, cust, "2022").set_index("area")
    assert t.loc["rural", "saidi_h"] == 1.5
    assert t.loc["rural", "customer_hours"] == 6_000_000_000
    assert t.loc["rural", "customer_interruptions"] == 3_000_000_000
    verdict = check_targets(make_dataset(ev, cust, coverage=("2021-01-01", "2022-12-31")), 2022)
    assert verdict.loc[0, "saidi_h"] == 1.5


def test_a_quarter_with_zero_customers_served_is_an_error_not_infinity():
    ev = make_events([dict(start="2022-08-01 00:00", duration_h=2, customers=10, area="城镇")])
    cust = monthly_customers({"urban": 0}, months_of(2022))
    with pytest.raises(DataError, match=r"customers served is 0 for urban 2022-07 \(needed for period 2022Q3\)"):
        indices(ev, cust, "2022Q3")


@pytest.mark.parametrize(("text", "key"), [("short_max_minutes: .nan\n", "short_max_minutes"),
                                           ("warn_duration_h: .inf\n", "warn_duration_h"),
                                           ("targets:\n  rural: {max_saidi_h: .nan}\n", "targets.rural.max_saidi_h"),
                                           ("max_duration_h: -.inf\n", "max_duration_h")])
def test_settings_must_be_finite(tmp_path, text, key):
    """short_max_minutes: .nan once counted every event as short (SAIDI 0, met)."""
    f = tmp_path / "params.yaml"
    f.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, text.index(key.split(".")[-1])) + 1
    with pytest.raises(ParamsError, match=rf"line {line}: key '{key}': expected a finite number"):
        load_params(f)
