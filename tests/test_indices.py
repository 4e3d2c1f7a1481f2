"""Hand-computed indices (every number below was worked out on paper from the rows in this file)."""

import math

import pandas as pd
import pytest

from lqrel import indices
from lqrel.errors import DataError
from tests.conftest import make_events, monthly_customers, months_of

ROWS = [
    # urban: 2 h x 100 fault, 6 h x 50 planned, 1.5 h x 200 external fault, a 2-minute blip on 300
    dict(event_id="A", start="2023-03-01 10:00", end="2023-03-01 12:00", customers=100, area="城镇", nature="故障"),
    dict(event_id="B", start="2023-04-10 08:00", end="2023-04-10 14:00", customers=50, area="城镇", nature="计划停电"),
    dict(event_id="C", start="2023-05-01 00:00", end="2023-05-01 01:30", customers=200, area="城镇", nature="故障",
         external="外部"),
    dict(event_id="D", start="2023-06-01 09:00", end="2023-06-01 09:02", customers=300, area="城镇", nature="故障"),
    # rural: 4 h x 400 shortage shedding, a 4-minute fault on 100, a fault across the new year (2 h in 2023)
    dict(event_id="E", start="2023-07-01 10:00", end="2023-07-01 14:00", customers=400, area="农村",
         nature="系统电源不足限电"),
    dict(event_id="F", start="2023-08-01 10:00", end="2023-08-01 10:04", customers=100, area="农村", nature="故障"),
    dict(event_id="G", start="2023-12-31 22:00", end="2024-01-01 02:00", customers=500, area="农村", nature="故障"),
]
CUSTOMERS = monthly_customers({"urban": 1000, "rural": 2000}, months_of(2023, 2024))


@pytest.fixture
def events():
    return make_events(ROWS)


def row(table, area, **keys):
    sel = table["area"] == area
    for k, v in keys.items():
        sel &= table[k] == v
    assert sel.sum() == 1
    return table[sel].iloc[0]


def test_urban_by_hand(events):
    t = indices(events, CUSTOMERS, "2023")
    u = row(t, "urban")
    assert u["customer_hours"] == pytest.approx(800)
    assert u["saidi_h"] == pytest.approx(0.8)
    assert u["saifi"] == pytest.approx(0.35)
    assert u["caidi_h"] == pytest.approx(0.8 / 0.35)
    assert u["asai"] == pytest.approx(1 - 0.8 / 8760)
    assert u["saidi_2_h"] == pytest.approx(0.5)
    assert u["saidi_3_h"] == pytest.approx(0.8)
    assert u["saidi_s_h"] == pytest.approx(0.3)
    assert u["saidi_f_h"] == pytest.approx(0.5)
    assert u["maifi"] == pytest.approx(0.3)
    assert u["events"] == 3
    assert u["customer_interruptions"] == 350
    assert u["customers_served"] == 1000


def test_rural_by_hand_dlt836(events):
    r = row(indices(events, CUSTOMERS, "2023"), "rural")
    ch = 1600 + 100 * 4 / 60 + 1000
    assert r["customer_hours"] == pytest.approx(ch)
    assert r["saidi_h"] == pytest.approx(ch / 2000)
    assert r["saifi"] == pytest.approx(1000 / 2000)
    assert r["saidi_3_h"] == pytest.approx((ch - 1600) / 2000)
    assert r["saidi_s_h"] == pytest.approx(0.8)
    assert r["saidi_f_h"] == pytest.approx((ch - 1600) / 2000)
    assert r["maifi"] == 0


def test_all_row_uses_summed_denominators(events):
    a = row(indices(events, CUSTOMERS, "2023"), "all")
    assert a["customers_served"] == 3000
    assert a["saidi_h"] == pytest.approx((800 + 1600 + 100 * 4 / 60 + 1000) / 3000)
    assert a["saifi"] == pytest.approx(1350 / 3000)


def test_ieee_threshold_makes_four_minutes_short(events):
    r = row(indices(events, CUSTOMERS, "2023", params={"standard": "ieee1366"}), "rural")
    assert r["saidi_h"] == pytest.approx(2600 / 2000)
    assert r["saifi"] == pytest.approx(900 / 2000)
    assert r["maifi"] == pytest.approx(100 / 2000)
    r = row(indices(events, CUSTOMERS, "2023", params={"short_max_minutes": 1}), "urban")
    assert r["maifi"] == 0 and r["saifi"] == pytest.approx(650 / 1000)


def test_exactly_threshold_is_short():
    ev = make_events([dict(start="2023-01-05 10:00", end="2023-01-05 10:03", customers=10, area="城镇")])
    r = row(indices(ev, CUSTOMERS, "2023"), "urban")
    assert r["maifi"] == pytest.approx(0.01) and r["saifi"] == 0


def test_boundary_split_and_leap_year(events):
    r = row(indices(events, CUSTOMERS, "2024"), "rural")
    assert r["customer_hours"] == pytest.approx(1000)  # 2 h of G inside 2024
    assert r["saifi"] == 0 and r["events"] == 0  # the interruption belongs to 2023, where G started
    assert math.isnan(r["caidi_h"])
    assert r["asai"] == pytest.approx(1 - 0.5 / 8784)  # 2024 is a leap year


def test_boundary_start_policy(events):
    r = row(indices(events, CUSTOMERS, "2023", params={"boundary": "start"}), "rural")
    assert r["customer_hours"] == pytest.approx(1600 + 100 * 4 / 60 + 2000)
    assert row(indices(events, CUSTOMERS, "2024", params={"boundary": "start"}), "rural")["customer_hours"] == 0


def test_by_month_denominators_and_split(events):
    t = indices(events, CUSTOMERS, "2023-12..2024-01", by="area,month")
    dec, jan = row(t, "rural", month="2023-12"), row(t, "rural", month="2024-01")
    assert dec["customer_hours"] == pytest.approx(1000) and jan["customer_hours"] == pytest.approx(1000)
    assert dec["asai"] == pytest.approx(1 - 0.5 / 744)
    assert list(t["month"].unique()) == ["2023-12", "2024-01"]
    assert len(t) == 6  # urban, rural, all for each month, zeros included


def test_by_cause_rows_add_up_to_area(events):
    t = indices(events, CUSTOMERS, "2023", by="area,nature")
    total = row(indices(events, CUSTOMERS, "2023"), "urban")["saidi_h"]
    assert t[t["area"] == "urban"]["saidi_h"].sum() == pytest.approx(total)
    assert row(t, "urban", nature="planned")["saidi_h"] == pytest.approx(0.3)


def test_quarter_grouping(events):
    t = indices(events, CUSTOMERS, "2023", by="quarter")
    assert list(t["quarter"].unique()) == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert row(t, "urban", quarter="2023Q2")["customer_hours"] == pytest.approx(600)


def test_missing_customers_month_is_named(events):
    short = CUSTOMERS[CUSTOMERS["month"] != pd.Period("2023-05", freq="M")]
    with pytest.raises(DataError, match=r"(urban|rural) 2023-05"):
        indices(events, short, "2023")


def test_zero_events_gives_zero_indices():
    ev = make_events([dict(start="2020-01-05 10:00", end="2020-01-05 11:00", customers=10, area="城镇")])
    t = indices(ev, CUSTOMERS, "2023Q2")
    assert (t["saidi_h"] == 0).all() and (t["asai"] == 1).all()


@pytest.mark.parametrize(
    ("saidi_h", "asai_pct"),
    [(7.0, 99.9201), (10.0, 99.8858), (9.10, 99.896), (7.83, 99.911)],
)
def test_asai_reference_figures(saidi_h, asai_pct):
    """docs/spec.md §3 reference pairs (7 h, 10 h, China national 2022 and 2023): ASAI = 1 - SAIDI / 8760."""
    hours = 8760
    ev = make_events([dict(start="2023-02-01 00:00", end="2023-02-01 00:00", customers=1, area="城镇")])
    ev.loc[0, "end"] = ev.loc[0, "start"] + pd.Timedelta(hours=saidi_h)
    ev.loc[0, "duration_h"] = saidi_h
    cust = monthly_customers({"urban": 1}, months_of(2023))
    asai = row(indices(ev, cust, "2023"), "urban")["asai"]
    assert asai * 100 == pytest.approx(asai_pct, abs=0.0006)
    assert asai == pytest.approx(1 - saidi_h / hours)


@pytest.mark.parametrize("by", ["town", "cause", "area,month,feeder"])
def test_groups_of_a_period_without_events_are_no_rows_not_an_error(events, by):
    """2023-09 holds none of the rows above: every group is absent (no group had an outage), the area rows of an
    ungrouped call are zeros. This raised TypeError (an empty column's text dtype divided by hours)."""
    table = indices(events, CUSTOMERS, "2023-09", by=by)
    assert len(table) == 0
    assert {"saidi_h", "saifi", "asai"} <= set(table.columns)
    plain = indices(events, CUSTOMERS, "2023-09")
    assert list(plain["saidi_h"]) == [0.0, 0.0, 0.0] and list(plain["asai"]) == [1.0, 1.0, 1.0]
