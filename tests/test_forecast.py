"""Year-end projection: its degenerate cases by hand, and its backtest on synthetic data of known process."""

import tempfile

import numpy as np
import pandas as pd
import pytest

from lqrel import load_customers, load_events
from lqrel.forecast import backtest, monthly_series, status, stl_trend, year_end
from lqrel.synth import write_sample
from tests.conftest import ROOT, make_events, monthly_customers, months_of


def _sample():
    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    return ev, load_customers(ROOT / "data" / "linqu_customers.csv")


def test_year_end_on_31_december_is_the_actual():
    ev, cu = _sample()
    f = year_end(ev, cu, "2022-12-31", "urban")
    assert f.p95_h[0] == f.p95_h[1] == f.median_h == pytest.approx(f.ytd_h)
    assert f.probability_met in (0.0, 1.0)


def test_no_history_scales_by_elapsed_time():
    ev = make_events([dict(start="2023-02-10 10:00", duration_h=5, customers=100, area="城镇")])
    cu = monthly_customers({"urban": 100}, months_of(2023))
    f = year_end(ev, cu, "2023-06-30", "urban")
    assert f.ytd_h == pytest.approx(5.0)
    assert f.median_h == pytest.approx(5.0 / (181 / 365), rel=0.02)  # lognormal median = the point value
    assert f.history_years == ()


def test_intervals_are_ordered_and_probability_matches_ceiling():
    ev, cu = _sample()
    f = year_end(ev, cu, "2022-06-30", "rural")
    assert f.p95_h[0] <= f.p80_h[0] <= f.median_h <= f.p80_h[1] <= f.p95_h[1]
    assert f.median_h >= f.ytd_h
    assert f.probability_met == pytest.approx((f.samples_h <= f.ceiling_h).mean())
    assert f.ceiling_h == pytest.approx(max(10.0, 0.92 * 12.45), abs=0.01)  # rural 2021 SAIDI 12.45 h


def test_status_thresholds():
    assert status(0.85) == "met" and status(0.5) == "at_risk" and status(0.1) == "off_track"
    assert status(0.5, {"projection": {"on_track_probability": 0.5}}) == "met"


def test_backtest_coverage_on_synthetic_data():
    """Five synthetic histories (seeds 1-5; events drawn as a Poisson process around a known trend):
    the 80% interval must cover about 80% of quarter-end projections and the 95% about 95%."""
    frames = []
    for seed in range(1, 6):
        d = tempfile.mkdtemp()
        e, c = write_sample(d, seed=seed)
        ev, _, _ = load_events(e)
        frames.append(backtest(ev, load_customers(c)))
    b = pd.concat(frames)
    assert len(b) == 120  # 5 seeds x 4 years with 2+ years of history x 3 quarter ends x 2 areas
    print(f"backtest: {len(b)} cases, 80% coverage {b['in80'].mean():.3f}, 95% coverage {b['in95'].mean():.3f}, "
          f"MAE {b['abs_error_h'].mean():.2f} h")
    assert 0.70 <= b["in80"].mean() <= 0.90
    assert 0.88 <= b["in95"].mean() <= 1.0
    assert b["abs_error_h"].mean() < 1.2  # hours; annual SAIDI is 6-17 h


def test_monthly_series_and_stl():
    ev, cu = _sample()
    s = monthly_series(ev, cu, "urban")
    assert s.index.freqstr == "MS" and len(s) == 72
    assert s["2022"].sum() == pytest.approx(6.62, abs=0.3)  # monthly SAIDI add up to about the year's
    parts = stl_trend(s)
    assert np.allclose(parts["trend"] + parts["seasonal"] + parts["resid"], parts["observed"])
    assert parts["trend"]["2019"].mean() > parts["trend"]["2024"].mean()  # the trend goes down
    assert stl_trend(s["2023":]) is None
