"""Invariants (hypothesis): customer-hours conserved when periods split, SAIDI-S + SAIDI-F = SAIDI,
row order does not matter, and every generated input row is accounted for."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lqrel import indices, validate_events
from lqrel.params import load_params
from tests.conftest import examples, monthly_customers, months_of

CUSTOMERS = monthly_customers({"urban": 5000, "rural": 9000}, months_of(2021, 2022, 2023))
YEAR_START = pd.Timestamp("2022-01-01")

event = st.fixed_dictionaries(
    {
        "offset_min": st.integers(0, 365 * 24 * 60 - 1),
        "duration_min": st.one_of(st.integers(0, 10), st.integers(0, 60 * 24 * 5)),
        "customers": st.integers(0, 3000),
        "area": st.sampled_from(["城镇", "农村"]),
        "nature": st.sampled_from(["故障", "计划停电", "临时", "系统电源不足限电", ""]),
        "external": st.sampled_from(["外部", "内部", ""]),
    }
)


def to_events(rows):
    raw = pd.DataFrame(
        {
            "start": [str(YEAR_START + pd.Timedelta(minutes=r["offset_min"])) for r in rows],
            "duration_min": [r["duration_min"] for r in rows],
            "customers": [r["customers"] for r in rows],
            "area": [r["area"] for r in rows],
            "nature": [r["nature"] for r in rows],
            "external": [r["external"] for r in rows],
        },
        dtype=object,
    )
    raw["row"] = np.arange(2, len(raw) + 2)
    events, rejects, _, _ = validate_events(raw, load_params(None))
    assert rejects.empty
    return events


FAST = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(event, min_size=1, max_size=25))
def test_customer_hours_conserved_when_split(rows):
    ev = to_events(rows)
    whole = indices(ev, CUSTOMERS, "2021-12..2023-01")
    months = indices(ev, CUSTOMERS, "2021-12..2023-01", by="area,month")
    quarters = indices(ev, CUSTOMERS, "2022", by="quarter")
    year = indices(ev, CUSTOMERS, "2022")
    for area in ("urban", "rural", "all"):
        total = whole.loc[whole["area"] == area, "customer_hours"].iloc[0]
        assert np.isclose(months.loc[months["area"] == area, "customer_hours"].sum(), total, rtol=1e-9, atol=1e-6)
        assert np.isclose(months.loc[months["area"] == area, "customer_interruptions"].sum(),
                          whole.loc[whole["area"] == area, "customer_interruptions"].iloc[0])
        assert np.isclose(quarters.loc[quarters["area"] == area, "customer_hours"].sum(),
                          year.loc[year["area"] == area, "customer_hours"].iloc[0], rtol=1e-9, atol=1e-6)


@FAST
@given(st.lists(event, min_size=1, max_size=25), st.sampled_from(["split", "start"]))
def test_planned_plus_fault_is_saidi(rows, boundary):
    ev = to_events(rows)
    t = indices(ev, CUSTOMERS, "2022", by="area,month", params={"boundary": boundary})
    assert np.allclose(t["saidi_s_h"] + t["saidi_f_h"], t["saidi_h"], rtol=1e-12, atol=1e-12)
    assert (t["saidi_2_h"] <= t["saidi_h"] + 1e-12).all() and (t["saidi_3_h"] <= t["saidi_h"] + 1e-12).all()
    assert ((t["asai"] > 0) & (t["asai"] <= 1)).all()


@FAST
@given(st.lists(event, min_size=2, max_size=25), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows, rnd):
    ev = to_events(rows)
    shuffled = ev.sample(frac=1, random_state=rnd.randint(0, 2**31)).reset_index(drop=True)
    a = indices(ev, CUSTOMERS, "2022", by="area,quarter")
    b = indices(shuffled, CUSTOMERS, "2022", by="area,quarter")
    pd.testing.assert_frame_equal(a, b, rtol=1e-12)


cell = st.one_of(
    st.none(), st.text(max_size=8), st.integers(-10, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["2022-03-05 14:20", "2022年3月5日 14时20分", "44625.5", "NA", "城镇", "农村", "故障", "计划"]),
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(cell, cell, cell, cell, cell, cell), max_size=12))
@example([(None, 106752, None, None, None, None)])  # an Excel serial day past 2192 once overflowed a timedelta
def test_every_row_is_accounted_for(rows):
    raw = pd.DataFrame(rows, columns=["event_id", "start", "end", "customers", "area", "nature"], dtype=object)
    raw["row"] = np.arange(2, len(raw) + 2)
    events, rejects, _, dups = validate_events(raw, load_params(None))
    assert len(events) + len(rejects) + len(dups) == len(raw)
    assert set(events["row"]) | set(rejects["row"]) | set(dups) == set(raw["row"])
    assert (events["end"] >= events["start"]).all()
    assert (events["customers"] >= 0).all()
