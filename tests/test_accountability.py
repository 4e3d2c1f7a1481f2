"""供电所 and feeder accountability (issue 29, point 1): own SAIDI, contributions that add up to the county's,
same period last year, worked by hand on a small county of three towns (docs/spec.md §3, §4)."""

from __future__ import annotations

import json
import math

import pytest

from lqrel.accountability import unit_table
from lqrel.cli import main
from lqrel.dataset import load_dataset

HEADER = "停电编号,供电所,线路名称,地区特征,停电性质,停电原因,责任归属,停电开始时间,停电结束时间,停电用户数\n"
#: 城关街道 (urban, 1000 users), 冶源镇 (rural, 3000 users), 新城镇 (rural, 1000 users, counted from 2024 only).
EVENTS = [
    "TD1,城关街道,10kV城关01线,城镇,故障停电,树障,内部,2023-02-01 08:00,2023-02-01 09:00,1000",
    "TD2,冶源镇,10kV冶源01线,农村,计划停电,计划检修,内部,2023-03-01 08:00,2023-03-01 09:00,300",
    "TD3,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2024-03-10 08:00,2024-03-10 10:00,500",
    "TD4,冶源镇,10kV冶源01线,农村,计划停电,计划检修,内部,2024-04-05 10:00,2024-04-05 12:30,600",
    "TD5,新城镇,10kV新城01线,农村,故障停电,雷击,内部,2024-05-02 09:00,2024-05-02 10:00,500",
    "TD6,冶源镇,10kV冶源02线,农村,故障停电,雷击,内部,2024-07-01 09:00,2024-07-01 19:00,3000",
]


def customers_csv(extra: list[str] | None = None) -> str:
    lines = ["区域,月份,供电所,用户数"]
    for year in (2023, 2024):
        for month in range(1, 13):
            m = f"{year}-{month:02d}"
            lines += [f"城镇,{m},城关街道,1000", f"农村,{m},冶源镇,3000"]
            if year == 2024:
                lines.append(f"农村,{m},新城镇,1000")
    return "\n".join(lines + (extra or [])) + "\n"


def county_files(tmp_path, events: list[str] | None = None, settings: str = "") -> tuple:
    """The small county as exported files and its settings (coverage 2023-01-01 .. 2024-12-31 declared)."""
    ev, cu, params = tmp_path / "停电记录.csv", tmp_path / "用户数.csv", tmp_path / "params.yaml"
    ev.write_text(HEADER + "\n".join(EVENTS + (events or [])) + "\n", encoding="utf-8")
    cu.write_text(customers_csv(), encoding="utf-8")
    params.write_text(f"events: {ev.name}\ncustomers: {cu.name}\n"
                      "coverage: {from: 2023-01-01, through: 2024-12-31}\n"
                      "customer_changes: {新城镇: {from: 2024-01}}\n" + settings, encoding="utf-8")
    return ev, cu, params


def county(tmp_path, events: list[str] | None = None, settings: str = ""):
    return load_dataset(county_files(tmp_path, events, settings)[2])


def test_own_saidi_and_contributions_by_hand(tmp_path):
    """Jan-May 2024: 城关街道 2 h x 500 = 1000 customer-hours over its 1000 users: own SAIDI 1.0 h, contribution
    1000 / 5000 county users = 0.2 h; 冶源镇 2.5 h x 600 = 1500: own 1500 / 3000 = 0.5 h, contribution 0.3 h;
    新城镇 1 h x 500 = 500: own 0.5 h, contribution 0.1 h. The contributions add up to the county's 3000 / 5000 =
    0.6 h. July's outage is after --through. Last year (Jan-May 2023, 4000 users): 城关街道 1000 -> own 1.0 h,
    contribution 0.25 h; 冶源镇 300 -> own 0.1 h, contribution 0.075 h; 新城镇 had no count: empty, with a note."""
    t = unit_table(county(tmp_path), 2024, "town", "2024-05-31").set_index("unit")
    assert list(t.index) == ["冶源镇", "城关街道", "新城镇"]  # the largest contribution first
    assert t.loc["城关街道", "customers_served"] == pytest.approx(1000)
    assert t.loc["城关街道", "customer_hours"] == pytest.approx(1000)
    assert t.loc[["城关街道", "冶源镇", "新城镇"], "saidi_h"].tolist() == pytest.approx([1.0, 0.5, 0.5])
    assert t.loc[["城关街道", "冶源镇", "新城镇"], "contribution_h"].tolist() == pytest.approx([0.2, 0.3, 0.1])
    assert t["contribution_h"].sum() == pytest.approx(0.6)
    assert t.attrs["county_saidi_h"] == pytest.approx(0.6)
    assert t.loc[["城关街道", "冶源镇"], "last_year_saidi_h"].tolist() == pytest.approx([1.0, 0.1])
    assert t.loc[["城关街道", "冶源镇", "新城镇"], "last_year_contribution_h"].tolist() == pytest.approx(
        [0.25, 0.075, 0.0])
    assert t.attrs["last_year_county_saidi_h"] == pytest.approx(0.325)
    assert math.isnan(t.loc["新城镇", "last_year_saidi_h"])
    assert t.loc["冶源镇", "change_yoy"] == pytest.approx(0.5 / 0.1 - 1)
    assert t.loc["城关街道", "change_yoy"] == pytest.approx(0.0)
    assert t.loc["城关街道", "change_h"] == pytest.approx(0.2 - 0.25)
    assert t.attrs["notes"] == [{"code": "town_customers_missing", "name": "新城镇", "from": "2023-01-01",
                                 "through": "2023-05-31"}]
    assert str(t.attrs["period"].end.date()) == "2024-06-01"


def test_a_town_without_outages_is_a_row_with_zero(tmp_path):
    """新城镇 had no outage in 2024 Q1 but serves users: it is held to account with 0 h, not left out."""
    t = unit_table(county(tmp_path), 2024, "town", "2024-03-31").set_index("unit")
    assert t.loc["新城镇", "saidi_h"] == 0 and t.loc["新城镇", "contribution_h"] == 0
    assert t.loc["城关街道", "contribution_h"] == pytest.approx(1000 / 5000)


def test_feeders_have_contributions_and_no_own_saidi(tmp_path):
    """The customers file counts no feeder's users: own SAIDI empty with the reason; contributions as for towns."""
    t = unit_table(county(tmp_path), 2024, "feeder", "2024-05-31").set_index("unit")
    assert t["saidi_h"].isna().all() and t["customers_served"].isna().all()
    assert t.loc["10kV冶源01线", "contribution_h"] == pytest.approx(0.3)
    assert set(t.index) == {"10kV城关01线", "10kV冶源01线", "10kV新城01线"}  # 冶源02线's outage is in July
    assert t["contribution_h"].sum() == pytest.approx(0.6)
    assert {"code": "feeder_customers_unknown"} in t.attrs["notes"]


def test_the_whole_year_and_a_year_the_data_do_not_precede(tmp_path):
    """Without --through the year runs to the data's end: July's 10 h x 3000 = 30000 is 冶源镇's too. 2023 has no
    year before it in the data: no comparison, and a note says why."""
    ds = county(tmp_path)
    t = unit_table(ds, 2024, "town").set_index("unit")
    assert t.loc["冶源镇", "customer_hours"] == pytest.approx(1500 + 30000)
    t = unit_table(ds, 2023, "town")
    assert t["last_year_contribution_h"].isna().all()
    assert [n["code"] for n in t.attrs["notes"]] == ["last_year_not_covered"]


def test_a_customers_file_without_towns_gives_contributions_only(tmp_path):
    """The same county with users per area only: no town's own SAIDI (never a guess), contributions as before."""
    from lqrel.dataset import from_frames

    ds = county(tmp_path)
    t = unit_table(from_frames(ds.events, ds.customers, ds.params), 2024, "town", "2024-05-31").set_index("unit")
    assert t["saidi_h"].isna().all()
    assert t.loc["冶源镇", "contribution_h"] == pytest.approx(0.3)
    assert t.attrs["notes"] == [{"code": "towns_without_customers"}]


def test_rank_json_on_the_hand_case(tmp_path, capsys, monkeypatch):
    """``lqrel rank --json`` rows carry unit, saidi_h, contribution_h, customer_hours and last year's."""
    _, _, params = county_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["rank", "--params", str(params), "--year", "2024", "--through", "2024-05-31", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["level"] == "town"
    rows = {r["unit"]: r for r in doc["rows"]}
    assert {"unit", "saidi_h", "contribution_h", "customer_hours", "last_year_saidi_h", "last_year_contribution_h",
            "change_yoy", "change_h"} <= set(rows["冶源镇"])
    assert rows["冶源镇"]["saidi_h"] == pytest.approx(0.5) and rows["冶源镇"]["customer_hours"] == pytest.approx(1500)
    assert rows["城关街道"]["contribution_h"] == pytest.approx(0.2)
    assert doc["county_saidi_h"] == pytest.approx(0.6)
    assert rows["新城镇"]["last_year_saidi_h"] is None
    code = main(["rank", "--params", str(params), "--year", "2024", "--level", "feeder", "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 0 and "没有各线路的用户数" in out and "全县 SAIDI 6.60 小时" in out  # (3000 + 30000) / 5000
    assert "10kV冶源01线" in out and "对全县贡献(小时)" in out
    assert "2024-01-01 至 2024-12-31（全年）" in out  # a whole year is not called year to date
    main(["rank", "--params", str(params), "--year", "2024", "--through", "2024-05-31", "--lang", "zh"])
    assert "2024-01-01 至 2024-05-31（年初至今）" in capsys.readouterr().out


def test_rank_refuses_a_wrong_date(tmp_path, capsys):
    _, _, params = county_files(tmp_path)
    code = main(["rank", "--params", str(params), "--year", "2024", "--through", "31.05.2024", "--lang", "en"])
    assert code == 2 and "--through '31.05.2024': expected YYYY-MM-DD" in capsys.readouterr().err
