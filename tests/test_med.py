"""Major event days: the IEEE 1366 check vector and injected storm days on a synthetic history."""

import numpy as np
import pandas as pd
import pytest

from lqrel import indices
from lqrel.med import exclude, major_event_days, threshold, without_major_events
from tests.conftest import make_dataset, make_events, monthly_customers, months_of

CHECK = [0, 0.5, 1, 2, 4, 8, 16, 0, 3, 120]


def test_med_threshold_of_the_domain_check_vector():
    """docs/spec.md §6: alpha = 1.515554, beta = 1.717384, T_MED = 333.29 min (252.58 with ddof=0)."""
    logs = np.log([v for v in CHECK if v > 0])
    assert logs.mean() == pytest.approx(1.515554, abs=1e-6)
    assert logs.std(ddof=1) == pytest.approx(1.717384, abs=1e-6)
    assert threshold(CHECK) == pytest.approx(333.29, abs=0.005)
    assert threshold(CHECK, ddof=0) == pytest.approx(252.58, abs=0.005)
    assert np.isnan(threshold([0, 0, 5]))


def _history_with_storms(storm_days):
    """Five quiet years (one 1-3 h outage of 50-150 of 10,000 customers on most days), then 2024 with storms."""
    rng = np.random.default_rng(7)
    rows = []
    for day in pd.date_range("2019-01-01", "2024-12-31", freq="D"):
        if rng.random() < 0.8:
            rows.append(dict(start=f"{day:%Y-%m-%d} 10:00", duration_h=float(rng.uniform(1, 3)),
                             customers=int(rng.integers(50, 150)), area="城镇"))
    for day in storm_days:
        rows.append(dict(start=f"{day} 15:00", duration_h=6.0, customers=4000, area="城镇"))
    return make_events(rows), monthly_customers({"urban": 10_000}, months_of(*range(2019, 2025)))


def _dataset(storm_days, params=None):
    ev, cu = _history_with_storms(storm_days)
    return make_dataset(ev, cu, params, ("2019-01-01", "2024-12-31"))


def test_injected_storm_days_are_found():
    storms = ["2024-06-12", "2024-08-03"]
    med = major_event_days(_dataset(storms), 2024)
    assert med.loc[med["major"], "date"].dt.strftime("%Y-%m-%d").tolist() == storms
    # a storm day: 4000 x 6 h x 60 / 10000 = 144 min (plus that day's ordinary outage), far above T_MED
    assert (med.loc[med["major"], "saidi_min"] >= 144).all()
    assert 1 < med["t_med_min"].iloc[0] < 144


def test_listed_days_add_or_replace():
    added = major_event_days(_dataset(["2024-06-12"], {"major_event_days": ["2024-01-02"]}), 2024)
    assert added.loc[added["major"], "date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-02", "2024-06-12"]
    replaced = major_event_days(
        _dataset(["2024-06-12"], {"major_event_days": {"dates": ["2024-01-02"], "mode": "replace"}}), 2024)
    assert replaced.loc[replaced["major"], "date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-02"]


def test_excluding_med_removes_their_events():
    ds = _dataset(["2024-06-12"])
    ev, cu = ds.events, ds.customers
    full = indices(ev, cu, "2024").set_index("area").loc["urban", "customer_hours"]
    cut = without_major_events(ds).indices("2024").set_index("area").loc["urban", "customer_hours"]
    day = ev["start"].dt.strftime("%Y-%m-%d") == "2024-06-12"
    assert full - cut == pytest.approx((ev.loc[day, "customers"] * ev.loc[day, "duration_h"]).sum())
    kept = exclude(ds, [pd.Timestamp("2024-06-12")])
    assert len(kept.events) == len(kept.compact) == len(ev) - day.sum()
