"""A finished year states its verdict, never a projection (docs/spec.md §7, issue 28): every report whose period
ends on 31 December of a year the data cover (the year, its second half, its fourth quarter, December, a months
range to December), its cards, contents, summary and the ``forecast`` command. Before the fix ``lqrel forecast
--as-of 2024-12-31`` printed a projection of the finished year (urban 100% on track, rural 0% off track) while the
reports' index said 农村 未达标, and the finished year's page promised a 全年预测 in its contents."""

from __future__ import annotations

import pytest

from lqrel.cli import main
from lqrel.errors import UsageError
from lqrel.report import present
from lqrel.report.tables import headline, summary
from lqrel.service import year_end_projection
from tests.conftest import ROOT, sample_dataset
from tests.oracle import saidi_by_hand

#: Limits of the shipped settings [h] (params.yaml: urban 7, rural 10) and the allowed share of last year's SAIDI.
LIMIT_H = {"urban": 7.0, "rural": 10.0}
ALLOWED_SHARE = 0.92
ENDS_2024 = ["2024", "2024H2", "2024Q4", "2024-12", "2024-10..2024-12"]


@pytest.fixture(scope="module")
def ds():
    return sample_dataset()


@pytest.fixture(scope="module")
def expected(ds):
    """The 2024 verdict by hand: met when SAIDI(2024) is within the limit or at most 92% of SAIDI(2023)."""
    out = {}
    for area, limit in LIMIT_H.items():
        year = saidi_by_hand(ds.events, ds.customers, "2024-01-01", "2025-01-01", area)
        before = saidi_by_hand(ds.events, ds.customers, "2023-01-01", "2024-01-01", area)
        out[area] = "met" if year <= limit or year <= ALLOWED_SHARE * before else "not_met"
    assert set(out.values()) == {"met", "not_met"}  # the sample has one of each
    return out


@pytest.mark.parametrize("period", ENDS_2024)
def test_a_period_ending_on_31_december_states_the_year_s_verdict(ds, expected, period, monkeypatch):
    head = headline(ds, period)
    assert head.attrs["verdict"] is True and head.attrs["calibration"] is None
    assert dict(zip(head["area"], head["status"], strict=True)) == expected
    assert head["probability_met"].isna().all() and head["projected_year_saidi_h"].isna().all()
    doc = summary(ds, period, head)
    assert doc["verdict"] is True and all(h["probability"] is None for h in doc["headline"])
    assert {h["area"]: h["status"] for h in doc["headline"]} == expected
    # the JSON says which figure is the period's and which the year's the verdict rests on (a quarter's SAIDI
    # beside the year's verdict read as the year's in the sixth trial)
    start = {"2024": "2024-01-01", "2024H2": "2024-07-01", "2024Q4": "2024-10-01", "2024-12": "2024-12-01",
             "2024-10..2024-12": "2024-10-01"}[period]
    for h in doc["headline"]:
        assert h["saidi_h"] == pytest.approx(saidi_by_hand(ds.events, ds.customers, start, "2025-01-01", h["area"]))
        year = saidi_by_hand(ds.events, ds.customers, "2024-01-01", "2025-01-01", h["area"])
        assert h["year_saidi_h"] == pytest.approx(year) and h["ytd_saidi_h"] == pytest.approx(year)
        assert h["reference_year"] == 2023 and h["projected_year_saidi_h"] is None
    cards = present.headline_cards(head, ds.period(period), "zh")
    assert "预测" not in cards and "概率" not in cards
    assert ("未达标" in cards) and ("全年" in cards)
    shown = []
    monkeypatch.setattr(present, "_display", shown.append)
    present.intro(ds, ds.period(period), {"sections": present.report_sections(), "headline": head}, "zh")
    assert "六、趋势<" in shown[0] and "预测" not in shown[0]  # the contents promise no projection


@pytest.mark.slow  # a projection with its calibration: about 10 s
def test_a_quarter_before_december_still_projects(ds, monkeypatch):
    head = headline(ds, "2024Q3")
    assert head.attrs["verdict"] is False and head["probability_met"].notna().all()
    shown = []
    monkeypatch.setattr(present, "_display", shown.append)
    present.intro(ds, ds.period("2024Q3"), {"sections": present.report_sections(), "headline": head}, "zh")
    assert "六、趋势与全年预测" in shown[0]


def test_forecast_of_a_finished_year_points_to_its_verdict(ds, capsys, monkeypatch):
    """Projecting from 31 December of a covered year is refused and names the verdict's command; the day
    before still projects."""
    import pandas as pd

    with pytest.raises(UsageError, match=r"finished year has its verdict.*lqrel check --year 2024"):
        year_end_projection(ds, pd.Timestamp("2024-12-31"))
    table, _, _ = year_end_projection(ds, pd.Timestamp("2024-12-30"))
    assert list(table["area"]) == ["urban", "rural"]
    monkeypatch.chdir(ROOT)
    assert main(["forecast", "--as-of", "2024-12-31"]) == 2
    err = capsys.readouterr().err
    assert "lqrel check --year 2024" in err and "100%" not in err
