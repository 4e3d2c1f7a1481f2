"""The target rule (domain.md 7): all four outcomes, both reduction readings, margins."""

import pytest

from lqrel import check_targets
from lqrel.targets import verdict
from tests.conftest import make_events, monthly_customers, months_of


@pytest.mark.parametrize(
    ("saidi", "previous", "criterion"),
    [(6.0, 6.2, "limit"), (11.0, 12.0, "reduction"), (6.0, 7.0, "both"), (11.0, 11.5, "none")],
)
def test_four_outcomes(saidi, previous, criterion):
    v = verdict(saidi, 7.0 if criterion in ("limit", "both") else 10.0, previous, 0.08)
    assert v["criterion"] == criterion
    assert v["met"] == (criterion != "none")


def test_margins_and_change():
    v = verdict(11.0, 10.0, 12.0, 0.08)
    assert v["change"] == pytest.approx(11 / 12 - 1)
    assert v["limit_margin_h"] == pytest.approx(-1.0)
    assert v["reduction_margin_h"] == pytest.approx(12 * 0.92 - 11)


def test_exactly_eight_percent_meets():
    assert verdict(9.2, 7.0, 10.0, 0.08)["meets_reduction"]
    assert not verdict(9.2001, 7.0, 10.0, 0.08)["meets_reduction"]


def test_no_previous_year():
    v = verdict(11.0, 10.0, None)
    assert v["change"] is None and v["meets_reduction"] is False and v["criterion"] == "none"


def test_average_since_baseline():
    # (7.9 / 10)^(1/3) = 0.9244 > 0.92: not met; (7.7 / 10)^(1/3) = 0.9166: met
    assert not verdict(7.9, 7.0, 10.0, 0.08, years=3)["meets_reduction"]
    v = verdict(7.7, 7.0, 10.0, 0.08, years=3)
    assert v["meets_reduction"] and v["change"] == pytest.approx(0.77 ** (1 / 3) - 1)


def _events(hours_by_year: dict[int, tuple[float, float]]):
    rows = []
    for year, (urban_h, rural_h) in hours_by_year.items():
        rows.append(dict(start=f"{year}-05-01 00:00", duration_h=urban_h, customers=100, area="城镇"))
        rows.append(dict(start=f"{year}-05-01 00:00", duration_h=rural_h, customers=100, area="农村"))
    return make_events(rows)


def test_check_targets_from_events():
    # 100 of 100 customers out for the given hours: SAIDI equals those hours.
    ev = _events({2021: (7.2, 12.0), 2022: (6.9, 10.9)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2021, 2022))
    t = check_targets(ev, cust, 2022).set_index("area")
    assert t.loc["urban", "saidi_h"] == pytest.approx(6.9)
    assert t.loc["urban", "criterion"] == "limit"
    assert t.loc["rural", "criterion"] == "reduction"
    assert t.loc["rural", "change"] == pytest.approx(10.9 / 12 - 1)
    t = check_targets(ev, cust, 2021).set_index("area")
    assert t["previous_saidi_h"].isna().all() and t["change"].isna().all()
    assert not t["meets_reduction"].any()


def test_check_targets_average_since_params():
    ev = _events({2019: (10.0, 14.0), 2022: (7.7, 11.0)})
    cust = monthly_customers({"urban": 100, "rural": 100}, months_of(2019, 2020, 2021, 2022))
    params = {"targets": {"reduction_mode": "average_since", "baseline_year": 2019}}
    t = check_targets(ev, cust, 2022, params).set_index("area")
    assert t.loc["urban", "reference_year"] == 2019
    assert t.loc["urban", "meets_reduction"]  # (0.77)^(1/3) = 0.917
    assert not t.loc["rural", "meets_reduction"]  # (11/14)^(1/3) = 0.923


def test_exclude_med_policy():
    from lqrel import indices, load_customers, load_events
    from lqrel.med import without_major_events
    from tests.conftest import ROOT

    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    cu = load_customers(ROOT / "data" / "linqu_customers.csv")
    full = check_targets(ev, cu, 2022).set_index("area")
    cut = check_targets(ev, cu, 2022, {"targets": {"exclude_med": True}}).set_index("area")
    expected = indices(without_major_events(ev, cu, "2022"), cu, "2022").set_index("area")
    assert cut.loc["rural", "saidi_h"] == pytest.approx(expected.loc["rural", "saidi_h"])
    assert cut.loc["rural", "saidi_h"] < full.loc["rural", "saidi_h"]
