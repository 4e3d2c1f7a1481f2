"""Year-end projection: its degenerate cases by hand, and its backtest on synthetic data of known process."""

import tempfile

import numpy as np
import pandas as pd
import pytest

from lqrel import load_params
from lqrel.dataset import load_dataset
from lqrel.errors import DataError
from lqrel.forecast import backtest, monthly_series, status, stl_trend, year_end
from lqrel.synth import write_sample
from lqrel.targets import check_targets
from tests.conftest import make_dataset, make_events, monthly_customers, months_of, sample_dataset

POLICIES = [{}, {"targets": {"exclude_med": True}},
            {"targets": {"reduction_mode": "average_since", "baseline_year": 2020}},
            {"targets": {"reduction_mode": "average_since", "baseline_year": 2020, "exclude_med": True}}]


@pytest.mark.parametrize("changes", POLICIES, ids=["yoy", "yoy-excl", "avg", "avg-excl"])
def test_projection_as_of_31_december_is_the_verdict(changes):
    """As of 31 December nothing is left to project: the projection is the year's SAIDI exactly as lqrel check
    computes it, and the chance of meeting is 1 when the verdict says met, else 0, under every policy."""
    ds = sample_dataset(changes)
    first = 2021 if changes.get("targets", {}).get("baseline_year") else 2019
    for year in range(first, 2025):
        verdicts = check_targets(ds, year).set_index("area")
        for area, v in verdicts.iterrows():
            f = year_end(ds, f"{year}-12-31", area)
            assert f.p95_h[0] == f.p95_h[1] == f.median_h == v["saidi_h"], (year, area)
            assert f.ceiling_h == v["ceiling_h"]
            assert f.probability_met == (1.0 if v["met"] else 0.0), (year, area, v["met"])


def test_no_history_scales_by_elapsed_time():
    ev = make_events([dict(start="2023-02-10 10:00", duration_h=5, customers=100, area="城镇")])
    cu = monthly_customers({"urban": 100}, months_of(2023))
    ds = make_dataset(ev, cu, coverage=("2023-01-01", "2023-06-30"))
    f = year_end(ds, "2023-06-30", "urban")
    assert f.ytd_h == pytest.approx(5.0)
    assert f.median_h == pytest.approx(5.0 / (181 / 365), rel=0.02)  # lognormal median = the point value
    assert f.history_years == () and not f.reference_known and f.ceiling_h == 7.0


def test_a_projection_uses_only_covered_data():
    ev = make_events([dict(start="2023-02-10 10:00", duration_h=5, customers=100, area="城镇")])
    cu = monthly_customers({"urban": 100}, months_of(2023))
    ds = make_dataset(ev, cu, coverage=("2023-01-01", "2023-06-30"))
    with pytest.raises(DataError, match="as-of 2023-07-31 is after the data coverage 2023-01-01 .. 2023-06-30"):
        year_end(ds, "2023-07-31", "urban")
    late = make_dataset(ev, cu, coverage=("2023-02-01", "2023-06-30"))
    with pytest.raises(DataError, match="no year to date"):
        year_end(late, "2023-06-30", "urban")


def test_intervals_are_ordered_and_probability_matches_ceiling():
    ds = sample_dataset()
    f = year_end(ds, "2022-06-30", "rural")
    assert f.p95_h[0] <= f.p80_h[0] <= f.median_h <= f.p80_h[1] <= f.p95_h[1]
    assert f.median_h >= f.ytd_h
    assert f.probability_met == pytest.approx((f.samples_h <= f.ceiling_h).mean())
    assert f.ceiling_h == pytest.approx(max(10.0, 0.92 * 12.45), abs=0.01)  # rural 2021 SAIDI 12.45 h


def test_projection_with_exclude_med_is_on_the_data_without_major_event_days():
    """The 剔除 policy projects 剔除 figures against the 剔除 ceiling: the year to date drops the events of the
    year's major event days, and the ceiling is 0.92 x the 剔除 SAIDI of the year before."""
    full, cut = sample_dataset(), sample_dataset({"targets": {"exclude_med": True}})
    a, b = year_end(full, "2022-09-30", "rural"), year_end(cut, "2022-09-30", "rural")
    prior = check_targets(cut, 2021).set_index("area").loc["rural", "saidi_h"]
    assert b.ceiling_h == pytest.approx(max(10.0, 0.92 * prior)) and b.ceiling_h < a.ceiling_h
    # the sample's one major event day of 2022 is 20 July (lqrel med --year 2022): its events leave the YTD
    day = full.events["start"].dt.strftime("%Y-%m-%d") == "2022-07-20"
    rural = full.events[day & (full.events["area"] == "rural") & (full.events["duration_h"] * 60 > 3)]  # sustained
    served = full.indices("2022-01..2022-09").set_index("area").loc["rural", "customers_served"]
    assert a.ytd_h - b.ytd_h == pytest.approx((rural["customers"] * rural["duration_h"]).sum() / served)


def test_status_thresholds():
    p = load_params(None)
    assert status(0.85, p) == "on_track" and status(0.5, p) == "at_risk" and status(0.1, p) == "off_track"
    assert status(0.8, p) == "on_track" and status(0.3, p) == "at_risk" and status(0.2999, p) == "off_track"
    assert status(0.5, load_params({"projection": {"on_track_probability": 0.5}})) == "on_track"


@pytest.mark.slow
def test_backtest_coverage_on_synthetic_data():
    """Five synthetic histories (seeds 1-5; events drawn as a Poisson process around a known trend):
    the 80% interval must cover about 80% of quarter-end projections and the 95% about 95%."""
    frames = []
    for seed in range(1, 6):
        d = tempfile.mkdtemp()
        e, c = write_sample(d, seed=seed)
        frames.append(backtest(load_dataset(None, e, c)))
    b = pd.concat(frames)
    assert len(b) == 120  # 5 seeds x 4 years with 2+ years of history x 3 quarter ends x 2 areas
    print(f"backtest: {len(b)} cases, 80% coverage {b['in80'].mean():.3f}, 95% coverage {b['in95'].mean():.3f}, "
          f"MAE {b['abs_error_h'].mean():.2f} h")
    assert 0.70 <= b["in80"].mean() <= 0.90
    assert 0.88 <= b["in95"].mean() <= 1.0
    assert b["abs_error_h"].mean() < 1.2  # hours; annual SAIDI is 6-17 h


def test_monthly_series_and_stl():
    s = monthly_series(sample_dataset(), "urban")
    assert s.index.freqstr == "MS" and len(s) == 72
    assert s["2022"].sum() == pytest.approx(6.62, abs=0.3)  # monthly SAIDI add up to about the year's
    parts = stl_trend(s)
    assert np.allclose(parts["trend"] + parts["seasonal"] + parts["resid"], parts["observed"])
    assert parts["trend"]["2019"].mean() > parts["trend"]["2024"].mean()  # the trend goes down
    assert stl_trend(s["2023":]) is None
