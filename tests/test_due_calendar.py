"""The seed's calendar on the data (docs/spec.md §12.1): what ``lqrel report --due --today D`` loads and what the
reports due that day show, on the shipped sample, in-process (no kernel). The days and periods themselves are
tested in tests/test_report_requests.py."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from lqrel.cli import main
from lqrel.periods import parse_period
from lqrel.report import present
from lqrel.report.tables import headline
from lqrel.service import report_plan
from tests.conftest import ROOT, sample_dataset, sample_params
from tests.oracle import saidi_by_hand

TZ = "Asia/Shanghai"


@pytest.fixture(scope="module")
def full():
    return sample_dataset()


def _title(ds, period: str, monkeypatch, lang: str = "zh") -> str:
    """The page's first cell (title, dates, coverage and the clipped-period note) as the notebook shows it."""
    shown = []
    monkeypatch.setattr(present, "_display", shown.append)
    present.intro(ds, ds.period(period), {"sections": (), "headline": headline(ds, period)}, lang)
    return shown[0]


@pytest.mark.slow  # a projection with its calibration: about 10 s
def test_on_25_june_the_half_year_is_built_on_the_data_through_may(full, monkeypatch):
    """25 June 2022: the first quarter and the half-year are due on the data through 31 May. June's events, in
    the log, are left out (after the run's last day); the half-year is clipped to 1 January .. 31 May, labelled
    截至5月31日, its SAIDI that of January to May by hand, and the year is projected from 31 May."""
    periods, _, through = report_plan(sample_params(), due=True, today="2022-06-25")
    assert (periods, through) == (["2022Q1", "2022H1"], dt.date(2022, 5, 31))
    ds = sample_dataset(through_at_most=through)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2019, 1, 1), dt.date(2022, 5, 31))
    later = full.events[full.events["start"] >= pd.Timestamp("2022-06-01", tz=TZ)]
    assert len(later) > 0 and len(ds.outside_coverage) == len(later)
    assert set(ds.outside_coverage["reason"]) == {"after_through"}
    shown, complete = ds.clip("2022H1")
    assert (shown.start, shown.end, complete) == (pd.Timestamp("2022-01-01", tz=TZ),
                                                  pd.Timestamp("2022-06-01", tz=TZ), False)
    head = headline(ds, "2022H1").set_index("area")
    assert head.attrs["verdict"] is False and head.attrs["as_of"] == pd.Timestamp("2022-05-31")
    for area in ("urban", "rural"):
        assert head.loc[area, "period_saidi_h"] == pytest.approx(
            saidi_by_hand(full.events, full.customers, "2022-01-01", "2022-06-01", area), rel=1e-12)
        assert head.loc[area, "projected_year_saidi_h"] is not None and head.loc[area, "met"] is None
        # the whole half-year projected: more than January to May, less than the year, inside its interval
        low, median, high = head.loc[area, ["projected_period_p10_h", "projected_period_saidi_h",
                                            "projected_period_p90_h"]]
        assert head.loc[area, "period_saidi_h"] < low <= median <= high < head.loc[area, "projected_year_saidi_h"]
        assert not head.loc[area, "complete"]
    title = _title(ds, "2022H1", monkeypatch)
    assert "2022年上半年（截至5月31日）</h1>" in title and "本期数据截至5月31日" in title
    assert "截至5月31日" not in _title(ds, "2022Q1", monkeypatch)  # the first quarter is whole
    assert "(through 31 May)</h1>" in _title(ds, "2022H1", monkeypatch, "en")


@pytest.mark.slow  # a projection with its calibration: about 10 s
def test_in_july_without_june_data_yet_the_half_year_stays_clipped_to_may(tmp_path, full, monkeypatch):
    """3 July 2022, the export still ending in May: the second quarter and the half-year are due on data up to
    2 July, the coverage inferred from the log ends on 31 May; both reports are clipped there and say so, the
    half-year's SAIDI is January to May, never a June filled in."""
    events = pd.read_csv(ROOT / "data" / "linqu_outages.csv", encoding="gb18030", dtype=str)
    customers = pd.read_csv(ROOT / "data" / "linqu_customers.csv", dtype=str)
    e, c = tmp_path / "export.csv", tmp_path / "customers.csv"
    events[events["停电开始时间"] < "2022-06"].to_csv(e, index=False, encoding="gb18030")
    customers[customers["月份"] < "2022-07"].to_csv(c, index=False)
    params = sample_params({"events": str(e), "customers": str(c)})
    periods, _, through = report_plan(params, due=True, today="2022-07-03")
    assert (periods, through) == (["2022Q2", "2022H1"], dt.date(2022, 7, 2))
    ds = sample_dataset({"events": str(e), "customers": str(c)}, through_at_most=through)
    assert ds.coverage.through == dt.date(2022, 5, 31) and ds.coverage.through_inferred
    for label in periods:
        assert ds.clip(label)[0].end == pd.Timestamp("2022-06-01", tz=TZ) and not ds.clip(label)[1]
        assert "截至5月31日）</h1>" in _title(ds, label, monkeypatch)
    head = headline(ds, "2022H1").set_index("area")
    assert head.loc["rural", "period_saidi_h"] == pytest.approx(
        saidi_by_hand(full.events, full.customers, "2022-01-01", "2022-06-01", "rural"), rel=1e-12)


def test_on_3_january_the_year_is_a_verdict_on_a_complete_december(monkeypatch):
    """3 January 2025: the fourth quarter and the year 2024 are due on data up to 2 January; the sample ends on
    31 December, so the year is whole and its report states the verdict (no clipping label)."""
    periods, _, through = report_plan(sample_params(), due=True, today="2025-01-03")
    assert (periods, through) == (["2024Q4", "2024"], dt.date(2025, 1, 2))
    ds = sample_dataset(through_at_most=through)
    assert ds.coverage.through == dt.date(2024, 12, 31)
    assert headline(ds, "2024").attrs["verdict"] is True
    assert "截至" not in _title(ds, "2024", monkeypatch)
    assert parse_period("2024").end == ds.clip("2024")[0].end


def _due_run(tmp_path, capsys, monkeypatch, today: str):
    """``lqrel report --due --today TODAY`` on the sample (params.yaml's files, data to 2024): its --json
    document and the published folder."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    base = ["report", "--due", "--formats", "html", "--json", "--out", str(out), "--state-dir", str(tmp_path / "s")]
    assert main([*base, "--today", today]) == 0
    return json.loads(capsys.readouterr().out), out


@pytest.mark.slow  # builds two reports (one day of the calendar; 3 January below, on the other xdist worker)
def test_due_run_on_25_june_builds_the_first_quarter_and_the_half_year_through_may(tmp_path, capsys, monkeypatch):
    """On 2023-06-25: the first quarter, whole, and the half-year from the data through 31 May, its page titled
    截至5月31日."""
    doc, out = _due_run(tmp_path, capsys, monkeypatch, "2023-06-25")
    assert doc["coverage"]["through"] == "2023-05-31"
    assert [(r["period"], r["status"], r["complete"]) for r in doc["reports"]] == [("2023Q1", "built", True),
                                                                                  ("2023H1", "built", False)]
    page = (out / "2023H1" / "lqrel-report-2023H1.html").read_text(encoding="utf-8")
    assert "2023年上半年（截至5月31日）" in page and "本期数据截至5月31日" in page
    assert all(h["met"] is None and h["status"] != "met" for h in doc["reports"][1]["headline"])


@pytest.mark.slow  # builds two reports
def test_due_run_on_3_january_builds_the_fourth_quarter_and_the_year_as_a_verdict(tmp_path, capsys, monkeypatch):
    """On 2025-01-03: the fourth quarter and the year 2024, complete, the year a verdict."""
    doc, _ = _due_run(tmp_path, capsys, monkeypatch, "2025-01-03")
    assert doc["coverage"]["through"] == "2024-12-31"
    assert [(r["period"], r["complete"]) for r in doc["reports"]] == [("2024Q4", True), ("2024", True)]
    assert {h["status"] for h in doc["reports"][1]["headline"]} == {"met", "not_met"}


def test_the_whole_half_year_projected_by_hand():
    """A log from January 2023 only (no past year: each month's share of the year is its share of the hours),
    data through 31 May, the year-end draws 10, 20 and 30 h on 4 h to date, the half-year 3 h so far. June is
    720 of the 5136 hours from 1 June to 31 December, so the half-year's draws are 3 + 720/5136 x (6, 16, 26)
    [h]: median 5.2430 h, the 10% and 90% quantiles 3 + 720/5136 x 8 and 3 + 720/5136 x 24."""
    from types import SimpleNamespace

    import numpy as np

    from lqrel.report.tables import period_projection
    from tests.conftest import make_dataset, make_events, monthly_customers, months_of

    ev = make_events([dict(start="2023-01-10 08:00", duration_h=2, customers=50, area="城镇")])
    ds = make_dataset(ev, monthly_customers({"urban": 1000, "rural": 2000}, months_of(2023)), None,
                      ("2023-01-01", "2023-05-31"))
    f = SimpleNamespace(area="urban", samples_h=np.array([10.0, 20.0, 30.0]), ytd_h=4.0)
    h1 = ds.period("2023H1")
    got = period_projection(ds, h1, ds.clip(h1)[0], f, 3.0)
    r = 720 / 5136
    assert got == pytest.approx({"projected_period_saidi_h": 3 + r * 16, "projected_period_p10_h": 3 + r * 8,
                                 "projected_period_p90_h": 3 + r * 24}, rel=1e-12)
    assert got["projected_period_saidi_h"] == pytest.approx(5.2430, abs=5e-5)
    # a period ending on 31 December takes the whole remainder; one running into the next year is not projected
    q4 = ds.period("2023-04..2023-12")
    assert period_projection(ds, q4, ds.clip(q4)[0], f, 0.0)["projected_period_saidi_h"] == pytest.approx(16)
    assert period_projection(ds, ds.period("2023-05..2024-04"), ds.clip(ds.period("2023-05..2024-04"))[0], f,
                             0.0) == {}
