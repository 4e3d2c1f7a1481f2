"""The year-end projection against storms, and its calibration: on stress histories that break its
assumptions (a small version of ``benchmarks/calibration.py``) and on the user's own history, as every report
states it."""

import numpy as np
import pandas as pd
import pytest

from lqrel import forecast
from lqrel.calibration import MIN_CALIBRATION_YEARS, calibratable, coverage_table, input_hash, own
from lqrel.forecast import _History, _runs, _storms_rest, backtest, year_end
from lqrel.periods import parse_period
from lqrel.report.present import calibration_text
from lqrel.report.sentences import headline_sentence
from lqrel.report.tables import headline
from lqrel.synth.stress import GENERATORS, daily_history, stress_backtest
from tests.conftest import make_dataset, make_events, monthly_customers, months_of, sample_dataset

YEARS = (2017, 2018, 2019, 2020, 2021, 2022)


def ordinary_rows(years=YEARS) -> list[dict]:
    """Two ordinary outages a month in each area (100 of 1000 customers, 2-4 h): no day stands out."""
    rows = []
    for y in years:
        for m in range(1, 13):
            for day in (5, 20):
                for area in ("城镇", "农村"):
                    rows.append(dict(start=f"{y}-{m:02d}-{day:02d} 09:00", duration_h=2 + (m + day) % 3,
                                     customers=100, area=area))
    return rows


def dataset(extra_rows=(), params=None, years=YEARS, through=None):
    events = make_events(ordinary_rows(years) + list(extra_rows))
    customers = monthly_customers({"urban": 1000, "rural": 1000}, months_of(*years))
    last = through or f"{years[-1]}-12-31"
    return make_dataset(events, customers, params, coverage=(f"{years[0]}-01-01", last))


STORM = dict(start="2022-07-10 06:00", duration_h=10, customers=1000, area="城镇")  # 10 h of urban SAIDI


def test_a_storm_in_the_year_to_date_counts_once():
    """A storm on 10 July (a major event day: 300 min of system SAIDI against ordinary days of 12-24 min) adds its
    10 h to the year to date and nothing to the remaining months: every draw of the 30 September projection is
    the storm-free draw + 10 h (same seed). The old projection scaled the year's level up from a year to date
    holding the storm, and put the rest of the year too high."""
    base, storm = dataset(), dataset([STORM])
    a, b = year_end(base, "2022-09-30", "urban"), year_end(storm, "2022-09-30", "urban")
    assert b.ytd_h - a.ytd_h == pytest.approx(10.0, abs=1e-12)  # 1000 customers x 10 h / 1000 served
    assert np.allclose(b.samples_h - a.samples_h, 10.0, rtol=0, atol=1e-9)
    # judged without major event days (剔除), the storm is not in the year at all
    excl = {"targets": {"exclude_med": True}}
    c = year_end(dataset(params=excl), "2022-09-30", "urban")
    d = year_end(dataset([STORM], excl), "2022-09-30", "urban")
    assert np.array_equal(c.samples_h, d.samples_h)


def test_storms_still_to_come_are_drawn_from_past_storms():
    """Five past Octobers each with an 8 h storm (listed major event days). By hand from the documented model,
    as of 30 September: share of storms after the day (5 + 2 x 92/365) / (5 + 2) = 0.7863; rate (5 + 0.5) / 5
    storms a year -> 0.8650 storms to come; log-size spread pooled (4 x 0 + 2 x 0.8^2) / 6 = 0.2133, times
    (1 + 1/5) = 0.256, so a storm's mean size 8 exp(0.128) = 9.093 h; storms to come 0.8650 x 9.093 = 7.866 h."""
    hist = _History({y: pd.Series(dtype=float) for y in range(2017, 2022)}, pd.Series(dtype=float),
                    [(y, pd.Timestamp(y, 10, 15), 8.0) for y in range(2017, 2022)], 0.5)
    draws = _storms_rest(hist, pd.Timestamp(2022, 9, 30), 400_000, np.random.default_rng(1))
    assert draws.mean() == pytest.approx(7.866, rel=0.02)
    assert (draws == 0).mean() == pytest.approx(np.exp(-0.865), abs=0.06)  # Poisson-gamma: about 42-50% none
    # on a dataset: the 30 September interval reaches above the year to date + ordinary months + one storm
    listed = [f"{y}-10-15" for y in range(2017, 2022)]
    storms = [dict(start=f"{y}-10-15 06:00", duration_h=8, customers=1000, area="城镇") for y in range(2017, 2022)]
    with_storms = year_end(dataset(storms, {"major_event_days": listed}), "2022-09-30", "urban")
    without = year_end(dataset(), "2022-09-30", "urban")
    assert with_storms.ytd_h == pytest.approx(without.ytd_h)  # past storms never enter this year's level
    assert with_storms.p95_h[1] - without.p95_h[1] > 8.0
    assert with_storms.mean_h - without.mean_h == pytest.approx(7.866, rel=0.1)


def test_consecutive_major_event_days_are_one_storm():
    days = pd.DatetimeIndex(["2021-07-01", "2021-07-02", "2021-07-03", "2021-08-10", "2021-08-12"])
    assert [len(r) for r in _runs(days)] == [3, 1, 1]
    assert _runs(pd.DatetimeIndex([])) == []


def test_stress_generators_are_deterministic_and_break_what_they_say():
    a, b = daily_history("year_effects", range(2001, 2041), 3), daily_history("year_effects", range(2001, 2041), 3)
    assert a.equals(b)
    totals = np.log(a.groupby(a.index.year)["rural"].sum())
    years = totals.index.to_numpy(dtype=float)
    resid = totals - np.polyval(np.polyfit(years, totals, 1), years)
    assert 0.2 < resid.std() < 0.45  # year effects of log-sd 0.3 (plus storms), around the trend
    heavy = daily_history("heavy_storms", range(2001, 2041), 3)["urban"]
    base = daily_history("year_effects", range(2001, 2041), 4)["urban"]
    assert heavy.max() / heavy.median() > 3 * base.max() / base.median()  # a far heavier tail
    with pytest.raises(ValueError, match="unknown generator"):
        daily_history("calm", range(2020, 2022), 1)


@pytest.mark.slow
def test_calibration_on_stress_histories_small():
    """The small version of ``python benchmarks/calibration.py`` (docs/reference.md "Statistics"): one history
    per generator, 2013-2024 (10 projected years x 3 quarter ends x 2 areas = 60 cases each). Over the 240 cases
    the 80% interval must hold 72-88% and the 95% interval 89-99%; each generator on its own 60 correlated cases
    within 60-95% and 82-100%."""
    table = pd.concat([stress_backtest(g, 1, range(2013, 2025)) for g in GENERATORS], ignore_index=True)
    per = coverage_table(table, ["generator"]).set_index("generator")
    print(per.round(3).to_string())
    assert (per["cases"] == 60).all()
    assert 0.72 <= table["in80"].mean() <= 0.88 and 0.89 <= table["in95"].mean() <= 0.99
    assert per["coverage_80"].between(0.60, 0.95).all() and per["coverage_95"].between(0.82, 1.0).all()


@pytest.mark.slow  # the backtest of the sample, twice (calibration and the recount): seconds
def test_own_calibration_counts_the_backtest_and_is_cached(tmp_path, monkeypatch):
    ds = sample_dataset()
    cal = own(ds, tmp_path)
    table = backtest(ds)
    held80 = int(((table["actual_h"] >= table["p10_h"]) & (table["actual_h"] <= table["p90_h"])).sum())
    held95 = int(((table["actual_h"] >= table["p2_5_h"]) & (table["actual_h"] <= table["p97_5_h"])).sum())
    assert (cal.cases, cal.held80, cal.held95) == (len(table), held80, held95)
    assert cal.cases == 24  # 4 years with two years of history before them x 3 quarter ends x 2 areas
    assert cal.calibrated and cal.years == (2019, 2020, 2021, 2022, 2023, 2024)
    assert sum(m["cases"] for m in cal.by_month) == 24
    # a second load of the same input reads the cache: the backtest is not run again
    monkeypatch.setattr(forecast, "backtest", lambda *a, **k: pytest.fail("backtest ran despite the cache"))
    again = sample_dataset()
    assert own(again, tmp_path) == cal
    assert input_hash(sample_dataset({"projection": {"seed": 1}})) != input_hash(again)


def test_a_short_history_gives_a_projection_without_a_status_word():
    """Two complete years (fewer than three): the odds cannot be checked on the data, so the projection has no
    probability and no status word, and the report says why."""
    ds = dataset(years=(2021, 2022, 2023), through="2023-06-30")
    assert not calibratable(ds) and MIN_CALIBRATION_YEARS == 3
    head = headline(ds, "2023Q2")
    assert list(head["status"]) == ["uncalibrated", "uncalibrated"]
    assert head["probability_met"].isna().all() and head["projected_year_saidi_h"].notna().all()
    cal = head.attrs["calibration"]
    assert cal["years"] == [2021, 2022] and not cal["calibrated"] and cal["cases"] == 0
    assert "只有 2 个完整年（少于 3 年）" in calibration_text(head, "zh")
    sentence = headline_sentence(head.iloc[0].to_dict(), parse_period("2023Q2"), False, "zh")
    assert "不作达标状态判断" in sentence and "达标概率" not in sentence
    assert "no status" in headline_sentence(head.iloc[0].to_dict(), parse_period("2023Q2"), False, "en")


def test_the_report_states_its_calibration_in_words():
    ds = sample_dataset()
    head = headline(ds, "2022Q3")
    table = backtest(ds, before=2022)  # no later data: the years before the report's
    assert set(table["year"]) == {2021} and head.attrs["calibration"]["years"] == [2019, 2020, 2021]
    n, k = len(table), int(table["in80"].sum())
    assert f"共 {n} 次预测，80% 区间覆盖实际值 {k} 次" in calibration_text(head, "zh")
    assert f"{n} projections; the 80% interval held the actual year end {k} times" in calibration_text(head, "en")
    assert set(head["status"]) <= {"on_track", "at_risk", "off_track"}
    # the sentence counts the years projected, not the complete years (2019 and 2020 are history only): the
    # second trial user read "对之前的 3 个完整年…共 6 次预测" as three years checked
    assert "之前的 3 个完整年中，前几年只作历史，对其后的 1 年（2021年）" in calibration_text(head, "zh")
    assert "of its 3 complete years the first serve as history only; projecting each year end of the 1 after " \
           "them (2021)" in calibration_text(head, "en")
    assert head.attrs["calibration"]["projected"] == [2021]


def test_a_file_at_the_old_fixed_temporary_name_neither_blocks_nor_is_written(tmp_path):
    """The cache was once written through one fixed temporary name (``calibration-<hash>.tmp``), which two runs
    at once (two periods) shared and which a planted link made fail. Each write now has a file of its own."""
    ds = sample_dataset()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / f"calibration-{input_hash(ds)}-before-2019.tmp").symlink_to(victim)
    cal = own(ds, tmp_path, before=2019)  # 2017-2018: too short a history to backtest, still written to the cache
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.is_symlink()) == [
        f"calibration-{input_hash(ds)}-before-2019.json", "victim.txt"]
    assert own(sample_dataset(), tmp_path, before=2019) == cal


def test_a_cache_written_before_the_projected_years_were_kept_is_computed_again(tmp_path):
    """A calibration cached by the previous version has no projected years; read as it was, the report would say
    0 years projected. It is computed again: before 2022 the sample projects 2021 only (2019 and 2020 are its
    history), 3 quarter ends x 2 areas = 6 cases; and the cache is rewritten with the years."""
    import json

    ds = sample_dataset()
    cache = tmp_path / f"calibration-{input_hash(ds)}-before-2022.json"
    cache.write_text(json.dumps({"years": [2019, 2020, 2021], "cases": 6, "held80": 6, "held95": 6, "mae_h": 0.1,
                                 "by_month": [], "calibrated": True}), encoding="utf-8")
    cal = own(ds, tmp_path, before=2022)
    assert (cal.projected, cal.cases) == ((2021,), 6)
    assert json.loads(cache.read_text(encoding="utf-8"))["projected"] == [2021]
