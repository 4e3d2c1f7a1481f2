"""Outage-hour budget: arithmetic by hand, burn-down, and the what-if against the data it predicts."""

import pandas as pd
import pytest

from lqrel import indices
from lqrel.budget import burn_down, load_plans, what_if
from lqrel.customer_level import customer_indices, explode_customers
from lqrel.errors import InputError, UsageError
from lqrel.service import budget_span
from tests.conftest import make_dataset, make_events, monthly_customers, months_of, sample_dataset


def test_flat_budget_by_hand():
    ev = make_events([dict(start="2023-01-10 08:00", duration_h=2, customers=50, area="城镇", nature="计划停电")])
    cu = monthly_customers({"urban": 1000, "rural": 2000}, months_of(2023))
    ds = make_dataset(ev, cu, {"budget": {"allocation": "flat", "planned_share": 0.4}}, ("2023-01-01", "2023-02-28"))
    b = burn_down(ds, 2023, "2023-02-28")
    # 2022 is not covered: the reduction allowance is unknown, so the budget rests on the limit alone
    assert b.attrs["notes"] == [{"code": "reference_not_covered", "year": 2022, "from": "2023-01-01",
                                 "through": "2023-02-28"}]
    jan = b[(b["area"] == "urban") & (b["month"] == 1)].iloc[0]
    assert jan["annual_budget_ch"] == pytest.approx(7 * 1000)  # 7 h x 1000 customers
    assert jan["budget_ch"] == pytest.approx(7000 * 744 / 8760)
    assert jan["budget_planned_ch"] == pytest.approx(0.4 * 7000 * 744 / 8760)
    assert jan["actual_ch"] == pytest.approx(100) and jan["actual_planned_ch"] == pytest.approx(100)
    assert jan["remaining_ch"] == pytest.approx(6900)
    assert b[(b["area"] == "urban") & (b["month"] == 3)]["actual_ch"].isna().all()  # after as-of
    assert b[b["area"] == "rural"]["budget_ch"].sum() == pytest.approx(10 * 2000)


def test_actuals_stop_at_the_end_of_the_coverage_and_say_so():
    """Data through 28 February 2023: a budget as of 30 June shows January and February's actuals, leaves March to
    June empty (not zero) and says where the actuals end; a budget of 2024, after the data, says it has none."""
    ev = make_events([dict(start="2023-01-10 08:00", duration_h=2, customers=50, area="城镇", nature="计划停电")])
    cu = monthly_customers({"urban": 1000, "rural": 2000}, months_of(2023) + months_of(2024))
    ds = make_dataset(ev, cu, {"budget": {"allocation": "flat"}}, ("2023-01-01", "2023-02-28"))
    b = burn_down(ds, 2023, "2023-06-30")
    assert {"code": "actuals_through", "as_of": "2023-06-30", "through": "2023-02-28"} in b.attrs["notes"]
    urban = b[b["area"] == "urban"].set_index("month")
    assert urban.loc[1, "actual_ch"] == pytest.approx(100) and urban.loc[2, "actual_ch"] == 0
    assert urban.loc[3:12, "actual_ch"].isna().all()
    later = burn_down(ds, 2024, "2024-03-31")
    assert {"code": "actuals_none", "from": "2023-01-01", "through": "2023-02-28", "year": 2024,
            "as_of": "2024-03-31"} in later.attrs["notes"]
    assert later["actual_ch"].isna().all()
    assert [n["code"] for n in burn_down(ds, 2023, "2023-02-28").attrs["notes"]
            if n["code"].startswith("actuals")] == []


def test_the_budget_runs_to_the_last_covered_day_unless_told_and_refuses_a_day_outside_its_year():
    ev = make_events([dict(start="2023-01-10 08:00", duration_h=2, customers=50, area="城镇", nature="计划停电")])
    cu = monthly_customers({"urban": 1000, "rural": 2000}, months_of(2023))
    ds = make_dataset(ev, cu, None, ("2023-01-01", "2023-05-31"))
    assert budget_span(ds, None, None) == (2023, pd.Timestamp("2023-05-31"))
    assert budget_span(ds, 2023, None) == (2023, pd.Timestamp("2023-12-31"))
    assert budget_span(ds, None, "2023-04-30") == (2023, pd.Timestamp("2023-04-30"))
    for year, day in ((2023, "2024-01-01"), (2023, "2022-12-31")):
        with pytest.raises(UsageError) as caught:
            budget_span(ds, year, day)
        assert caught.value.code == "as_of_outside_year"


def test_seasonal_budget_follows_history():
    ds = sample_dataset()
    b = burn_down(ds, 2024, "2024-06-30")
    urban = b[b["area"] == "urban"].set_index("month")
    assert urban["budget_ch"].sum() == pytest.approx(urban["annual_budget_ch"].iloc[0])
    assert urban.loc[7, "budget_ch"] > urban.loc[1, "budget_ch"]  # summer storms take more of the budget
    assert urban.loc[6, "cumulative_actual_ch"] == pytest.approx(
        indices(ds.events, ds.customers, "2024H1").set_index("area").loc["urban", "customer_hours"])


def test_budget_rests_on_the_target_ceiling_and_carries_customers_forward():
    """Rural 2022 of the sample: 2021 was 12.45 h, so 0.92 x 12.45 = 11.45 h is the ceiling, above the 10 h
    limit; the budget is that ceiling x the year's customers served. With the data through June and the customers
    file ending in June, July-December take June's count, and the output says so."""
    ds = sample_dataset()
    rural = burn_down(ds, 2022, "2022-12-31").query("area == 'rural'")
    reference = indices(ds.events, ds.customers, "2021").set_index("area").loc["rural", "saidi_h"]
    served = indices(ds.events, ds.customers, "2022").set_index("area").loc["rural", "customers_served"]
    assert rural["ceiling_h"].iloc[0] == pytest.approx(0.92 * reference)
    assert rural["annual_budget_ch"].iloc[0] == pytest.approx(0.92 * reference * served)
    cut = make_dataset(ds.events, ds.customers[ds.customers["month"] <= pd.Period("2022-06", "M")],
                       coverage=("2019-01-01", "2022-06-30"))
    b = burn_down(cut, 2022, "2022-06-30")
    carried = [n for n in b.attrs["notes"] if n["code"] == "customers_carried"]
    assert [(n["area"], n["month"], n["source"]) for n in carried if n["area"] == "rural"] == [
        ("rural", f"2022-{m:02d}", "2022-06") for m in range(7, 13)]
    assert b.query("area == 'rural'")["actual_ch"].notna().sum() == 6
    # time-weighted customers served of 2022 with July-December at June's count, by hand
    rural = ds.customers[ds.customers["area"] == "rural"].set_index("month")["customers"]
    counts = [rural[pd.Period(f"2022-{m:02d}", "M")] for m in range(1, 7)] + [rural[pd.Period("2022-06", "M")]] * 6
    hours = [24 * d for d in (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)]
    served_by_hand = sum(c * h for c, h in zip(counts, hours, strict=True)) / 8760
    assert b.query("area == 'rural'")["annual_budget_ch"].iloc[0] == pytest.approx(0.92 * reference * served_by_hand)


def test_what_if_reproduces_the_change_when_the_outage_is_added(tmp_path):
    ds = sample_dataset()
    ev, cu = ds.events, ds.customers
    plan = tmp_path / "plan.csv"
    plan.write_text("线路名称,停电用户数,停电时长(小时)\n10kV城关01线,1200,6\n", encoding="utf-8")
    plans, effect = what_if(ds, "2024-12-31", load_plans(plan))
    assert plans.loc[0, "area"] == "urban" and plans.loc[0, "customer_hours"] == 7200
    urban = effect.set_index("area").loc["urban"]
    predicted = urban["median_after_h"] - urban["median_before_h"]
    # now add the outage to the data and recompute the year
    added = make_events([dict(start="2024-12-10 08:00", duration_h=6, customers=1200, area="城镇",
                              feeder="10kV城关01线", nature="计划停电")])
    both = pd.concat([ev, added], ignore_index=True)
    before = indices(ev, cu, "2024").set_index("area").loc["urban", "saidi_h"]
    after = indices(both, cu, "2024").set_index("area").loc["urban", "saidi_h"]
    assert predicted == pytest.approx(after - before, rel=1e-9)
    assert urban["added_saidi_h"] == pytest.approx(after - before, rel=1e-9)
    assert effect.set_index("area").loc["rural", "added_ch"] == 0


def test_what_if_mid_year_lowers_the_probability():
    ds = sample_dataset()
    cu = ds.customers
    big = pd.DataFrame({"town": ["五井镇"], "customers": [20000.0], "hours": [8.0], "area": ["rural"]})
    _, effect = what_if(ds, "2024-06-30", big)
    r = effect.set_index("area").loc["rural"]
    assert r["median_after_h"] - r["median_before_h"] == pytest.approx(160000 / cu[cu["area"] == "rural"]
                                                                      .set_index("month").loc["2024-01":"2024-06",
                                                                                              "customers"].mean(),
                                                                      rel=1e-3)
    assert r["probability_after"] < r["probability_before"]


def test_plans_file_errors(tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("feeder,customers,hours\nX,10,soon\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column 'hours'.*'soon'"):
        load_plans(bad)
    ev = make_events([dict(start="2024-01-10 08:00", duration_h=2, customers=5, area="城镇", feeder="A")])
    cu = monthly_customers({"urban": 100, "rural": 100}, months_of(2024))
    with pytest.raises(InputError, match="unknown feeder or town"):
        what_if(make_dataset(ev, cu), "2024-03-31", pd.DataFrame({"feeder": ["Z"], "customers": [1.0], "hours": [1.0]}))


def test_a_plans_duration_needs_its_unit(tmp_path):
    """停电时长 without a unit is refused, never read as hours; minutes are read as minutes (a new user's plan of
    240 minutes had been costed as 240 hours)."""
    plan = tmp_path / "p.csv"
    plan.write_text("供电所,停电用户数,停电时长\n冶源镇,1200,240\n", encoding="utf-8")
    with pytest.raises(InputError, match="'停电时长' gives no unit") as refused:
        load_plans(plan)
    assert "停电时长(分钟)" in refused.value.text("zh") and "hours" not in refused.value.text("zh")
    plan.write_text("线路,停电用户数,停电时长（分钟）\n10kV城关01线,1200,240\n", encoding="utf-8")
    plans = load_plans(plan)
    assert plans.loc[0, "hours"] == 4.0 and plans.loc[0, "feeder"] == "10kV城关01线"  # 240 min = 4 h
    assert what_if(sample_dataset(), "2024-12-31", plans)[0].loc[0, "customer_hours"] == 4800  # 1200 x 4 h


def test_customer_level_identity_one_customer():
    """One single customer interrupted k times: CTAIDI = SAIDI x N_T, CAIFI = k."""
    ev = make_events([dict(event_id=f"E{i}", start=f"2023-0{i}-05 10:00", duration_h=h, customers=1, area="城镇")
                      for i, h in ((1, 2.0), (2, 3.0), (3, 0.5))])
    ec = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "customer_id": ["C7"] * 3})
    r = customer_indices(ev, ec, 500, "2023")
    assert r["cn"] == 1 and r["caifi"] == 3
    assert r["ctaidi_h"] == pytest.approx(r["saidi_h"] * 500) == pytest.approx(5.5)


def test_customer_level_counts_each_customer_once():
    ev = make_events([dict(event_id="E1", start="2023-01-05 10:00", duration_h=2, customers=2, area="城镇",
                           town="a;b"),
                      dict(event_id="E2", start="2023-02-05 10:00", duration_h=10, customers=3, area="城镇",
                           town="a;b;c")])
    ec = explode_customers(ev, "town")
    r = customer_indices(ev, ec, 100, "2023", n=1, t_h=8)
    assert r["cn"] == 3  # not 5 (once per event)
    assert r["ctaidi_h"] == pytest.approx((2 * 2 + 3 * 10) / 3)
    assert r["caifi"] == pytest.approx(5 / 3)
    assert r["cemi"] == pytest.approx(2 / 100)  # a and b: more than 1 interruption
    assert r["celid_total"] == pytest.approx(3 / 100) and r["celid_single"] == pytest.approx(3 / 100)


def test_a_plans_area_is_never_guessed_between_two():
    """Town T had outages in both areas (two urban, one rural): a plan for T without an area is refused, naming
    T (the likelier area was once taken silently); with its area given it is costed there (10 customers x 2 h =
    20 customer-hours, urban); town R had rural outages only, so its plan is rural without being told."""
    ev = make_events([dict(start="2024-01-10 08:00", duration_h=2, customers=5, area="城镇", town="T"),
                      dict(start="2024-01-11 08:00", duration_h=2, customers=5, area="城镇", town="T"),
                      dict(start="2024-01-12 08:00", duration_h=2, customers=5, area="农村", town="T"),
                      dict(start="2024-01-13 08:00", duration_h=2, customers=5, area="农村", town="R")])
    ds = make_dataset(ev, monthly_customers({"urban": 100, "rural": 100}, months_of(2024)))
    plan = pd.DataFrame({"town": ["T"], "customers": [10.0], "hours": [2.0]})
    with pytest.raises(InputError) as refused:
        what_if(ds, "2024-01-31", plan)
    assert refused.value.code == "plans_area_ambiguous" and "'T'" in refused.value.text("zh")
    costed, _ = what_if(ds, "2024-01-31", plan.assign(area=["urban"]))
    assert (costed.loc[0, "area"], costed.loc[0, "customer_hours"]) == ("urban", 20.0)
    costed, _ = what_if(ds, "2024-01-31", pd.DataFrame({"town": ["R"], "customers": [10.0], "hours": [2.0]}))
    assert costed.loc[0, "area"] == "rural"
