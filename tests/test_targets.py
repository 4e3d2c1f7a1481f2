"""The target rule (docs/spec.md §7): all outcomes, both reduction readings, margins, coverage, the policy on major
event days. Expected values are hand calculations: 100 of 100 customers out for h hours gives SAIDI = h."""

import pytest

from lqrel.errors import DataError
from lqrel.targets import Basis, check_targets, verdict
from tests.conftest import make_dataset, make_events, monthly_customers, months_of


@pytest.mark.parametrize(
    ("saidi", "previous", "criterion"),
    [(6.0, 6.2, "limit"), (11.0, 12.0, "reduction"), (6.0, 7.0, "both"), (11.0, 11.5, "none")],
)
def test_verdict_is_met_by_limit_reduction_both_or_neither(saidi, previous, criterion):
    limit = 7.0 if criterion in ("limit", "both") else 10.0
    v = verdict(saidi, Basis(limit, previous, 0.08))
    assert v["criterion"] == criterion
    assert v["met"] == (criterion != "none")


def test_margins_and_change():
    v = verdict(11.0, Basis(10.0, 12.0, 0.08))
    assert v["change"] == pytest.approx(11 / 12 - 1)
    assert v["limit_margin_h"] == pytest.approx(-1.0)
    assert v["reduction_margin_h"] == pytest.approx(12 * 0.92 - 11)
    assert v["ceiling_h"] == pytest.approx(11.04)  # max(10, 0.92 x 12)


def test_exactly_eight_percent_meets():
    assert verdict(9.2, Basis(7.0, 10.0, 0.08))["meets_reduction"]
    assert not verdict(9.2001, Basis(7.0, 10.0, 0.08))["meets_reduction"]


def test_exactly_at_the_limit_meets_and_just_above_does_not():
    assert verdict(7.0, Basis(7.0, None))["met"] is True
    above = verdict(7.000001, Basis(7.0, 7.0))  # reference 7 h: allowed 6.44 h
    assert above["met"] is False and above["criterion"] == "none"


def test_reference_year_unknown_is_null_not_false():
    """docs/spec.md §5a: without a covered reference year the reduction criterion is unknown."""
    below = verdict(6.0, Basis(7.0, None))
    assert below["met"] is True and below["criterion"] == "limit" and below["meets_reduction"] is None
    above = verdict(11.0, Basis(10.0, None))
    assert above["met"] is None and above["criterion"] == "unknown"
    assert above["change"] is None and above["reduction_margin_h"] is None and above["ceiling_h"] == 10.0


def test_average_since_baseline():
    # (7.9 / 10)^(1/3) = 0.9244 > 0.92: not met; (7.7 / 10)^(1/3) = 0.9166: met
    assert not verdict(7.9, Basis(7.0, 10.0, 0.08, years=3))["meets_reduction"]
    v = verdict(7.7, Basis(7.0, 10.0, 0.08, years=3))
    assert v["meets_reduction"] and v["change"] == pytest.approx(0.77 ** (1 / 3) - 1)
    assert Basis(7.0, 10.0, 0.08, years=3).allowed_h == pytest.approx(7.78688)  # 10 x 0.92^3


def _events(hours_by_year: dict[int, tuple[float, float]]):
    rows = []
    for year, (urban_h, rural_h) in hours_by_year.items():
        rows.append(dict(start=f"{year}-05-01 00:00", duration_h=urban_h, customers=100, area="城镇"))
        rows.append(dict(start=f"{year}-05-01 00:00", duration_h=rural_h, customers=100, area="农村"))
    return make_events(rows)


def test_check_targets_from_events():
    ev = _events({2021: (7.2, 12.0), 2022: (6.9, 10.9)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2021, 2022))
    ds = make_dataset(ev, cust, coverage=("2021-01-01", "2022-12-31"))
    t = check_targets(ds, 2022).set_index("area")
    assert t.loc["urban", "saidi_h"] == pytest.approx(6.9)
    assert t.loc["urban", "criterion"] == "limit"
    assert t.loc["rural", "criterion"] == "reduction"
    assert t.loc["rural", "change"] == pytest.approx(10.9 / 12 - 1)
    # 2021: its reference year 2020 is outside the coverage -> unknown, never "not met"
    t = check_targets(ds, 2021).set_index("area")
    assert t["previous_saidi_h"].isna().all() and t["change"].isna().all()
    assert t["meets_reduction"].isna().all()
    assert t.loc["urban", "met"] is None and t.loc["urban", "criterion"] == "unknown"  # 7.2 h > 7 h
    assert t.loc["rural", "met"] is None


def test_a_year_the_data_do_not_cover_gets_no_verdict():
    """A log exported on 30 June: the year is not covered, whatever its first half looks like."""
    ev = _events({2021: (7.2, 12.0), 2022: (1.0, 2.0)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2021, 2022))
    inferred = make_dataset(ev, cust)  # coverage from the events' months: 2021-05-01 .. 2022-05-31
    with pytest.raises(DataError, match="2022 is not fully covered"):
        check_targets(inferred, 2022)
    declared = make_dataset(ev, cust, coverage=("2021-01-01", "2022-06-30"))
    with pytest.raises(DataError, match=r"2022 is not fully covered by the data \(coverage 2021-01-01 .. 2022-06-30"):
        check_targets(declared, 2022)


def test_an_area_without_outages_in_a_covered_year_has_saidi_zero():
    ev = make_events([dict(start="2022-05-01 00:00", duration_h=3, customers=100, area="城镇")])
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2022))
    t = check_targets(make_dataset(ev, cust, coverage=("2022-01-01", "2022-12-31")), 2022)
    rural = t.set_index("area").loc["rural"]
    assert rural["saidi_h"] == 0.0 and rural["met"] is True and rural["criterion"] == "limit"
    assert {"code": "no_outage_in_year", "area": "rural", "year": 2022, "saidi_h": 0.0} in t.attrs["notes"]


def test_missing_customers_in_the_reference_year_is_an_error_not_no_data():
    ev = _events({2021: (7.2, 12.0), 2022: (6.9, 10.9)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2021, 2022))
    cust = cust[~((cust["area"] == "rural") & (cust["month"].astype(str) == "2021-05"))]
    with pytest.raises(DataError, match="customers served missing for rural 2021-05"):
        check_targets(make_dataset(ev, cust, coverage=("2021-01-01", "2022-12-31")), 2022)


def test_zero_customers_served_is_an_error_naming_area_and_month():
    ev = _events({2022: (6.9, 10.9)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2022))
    cust.loc[(cust["area"] == "urban") & (cust["month"].astype(str) == "2022-08"), "customers"] = 0
    with pytest.raises(DataError, match="customers served is 0 for urban 2022-08"):
        check_targets(make_dataset(ev, cust, coverage=("2022-01-01", "2022-12-31")), 2022)


def test_check_targets_average_since_params():
    ev = _events({2019: (10.0, 14.0), 2022: (7.7, 11.0)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2019, 2020, 2021, 2022))
    params = {"targets": {"reduction_mode": "average_since", "baseline_year": 2019}}
    ds = make_dataset(ev, cust, params, coverage=("2019-01-01", "2022-12-31"))
    t = check_targets(ds, 2022).set_index("area")
    assert t.loc["urban", "reference_year"] == 2019
    assert t.loc["urban", "meets_reduction"]  # (0.77)^(1/3) = 0.917
    assert not t.loc["rural", "meets_reduction"]  # (11/14)^(1/3) = 0.923
    assert t.loc["rural", "ceiling_h"] == pytest.approx(14 * 0.92**3)
    with pytest.raises(DataError, match="baseline year 2019 must be before the judged year 2019"):
        check_targets(ds, 2019)


def test_exclude_med_policy_judges_both_years_without_major_event_days():
    """A listed major event day in each year: with exclude_med its events leave both the judged year and the
    reference year. 2021: 12 h + 3 h storm; 2022: 10.9 h + 5 h storm (rural)."""
    rows = [dict(start="2021-05-01 00:00", duration_h=12, customers=100, area="农村"),
            dict(start="2021-07-20 00:00", duration_h=3, customers=100, area="农村"),
            dict(start="2022-05-01 00:00", duration_h=10.9, customers=100, area="农村"),
            dict(start="2022-08-02 00:00", duration_h=5, customers=100, area="农村")]
    cust = monthly_customers({"rural": 100}, months_of(2021, 2022))
    params = {"major_event_days": {"dates": ["2021-07-20", "2022-08-02"], "mode": "replace"}}
    full = check_targets(make_dataset(make_events(rows), cust, params, ("2021-01-01", "2022-12-31")), 2022)
    assert full.loc[0, "saidi_h"] == pytest.approx(15.9) and full.loc[0, "previous_saidi_h"] == pytest.approx(15)
    assert full.loc[0, "met"] is False  # 15.9 > max(10, 13.8)
    cut = check_targets(make_dataset(make_events(rows), cust, {**params, "targets": {"exclude_med": True}},
                                     ("2021-01-01", "2022-12-31")), 2022)
    assert cut.loc[0, "saidi_h"] == pytest.approx(10.9) and cut.loc[0, "previous_saidi_h"] == pytest.approx(12)
    assert cut.loc[0, "met"] is True and cut.loc[0, "criterion"] == "reduction"  # 10.9 <= 11.04


def test_a_year_exactly_at_the_limit_is_met_and_one_second_more_is_not():
    """Urban: 100 customers out for 7 h of 100 served: SAIDI 7.000 h = the limit, met. One second more:
    7.00028 h, and the year before was 7.2 h, so the reduction allowance 6.624 h does not help: not met."""
    cust = monthly_customers({"urban": 100}, months_of(2021, 2022))
    for seconds, met, criterion in ((0, True, "limit"), (1, False, "none")):
        ev = make_events([dict(start="2021-05-01 00:00", duration_h=7.2, customers=100, area="城镇"),
                          dict(start="2022-05-01 00:00:00", end=f"2022-05-01 07:00:{seconds:02d}", customers=100,
                               area="城镇")])
        v = check_targets(make_dataset(ev, cust, coverage=("2021-01-01", "2022-12-31")), 2022).iloc[0]
        assert v["saidi_h"] == pytest.approx(7.0 + seconds / 3600, rel=1e-15, abs=0)
        assert (v["met"], v["criterion"]) == (met, criterion)
        assert seconds or v["saidi_h"] == 7.0  # exactly the limit, no rounding in between
