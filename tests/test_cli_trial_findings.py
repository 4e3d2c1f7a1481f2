"""A county analyst's trial of the command line (fourth round): a town's row in ``lqrel indices --by town``,
tables aligned by display width, signed changes, the town's budget in ``lqrel budget --what-if --town``, a dropped
duplicate row named, the limit of a next-day miss in the workbook. Expected values worked by hand from the tiny
files below (docs/spec.md §3, §4, §9, §10)."""

from __future__ import annotations

import json

import pytest

from lqrel.cli import main

HEADER = "停电编号,供电所,线路名称,地区特征,停电性质,停电原因,责任归属,停电开始时间,停电结束时间,停电用户数\n"
#: 2024 Q1: 城关街道 2 h x 500 = 1000 customer-hours, 东城街道 1 h x 600 = 600, 冶源镇 3 h x 400 = 1200.
EVENTS = [
    "TD1,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2024-01-10 08:00,2024-01-10 10:00,500",
    "TD2,东城街道,10kV东城01线,城镇,故障停电,树障,内部,2024-02-01 08:00,2024-02-01 09:00,600",
    "TD3,冶源镇,10kV冶源01线,农村,计划停电,计划检修,内部,2024-03-05 08:00,2024-03-05 11:00,400",
]
#: Users each month of 2024: 城关街道 1000 and 东城街道 3000 (urban 4000), 冶源镇 2000 (rural).
TOWNS = {"城关街道": ("城镇", 1000), "东城街道": ("城镇", 3000), "冶源镇": ("农村", 2000)}


def county(tmp_path, with_towns: bool = True, events: list[str] | None = None) -> str:
    """The tiny county's files and settings; the settings file's path."""
    lines = ["区域,月份,供电所,用户数" if with_towns else "区域,月份,用户数"]
    for month in range(1, 13):
        if with_towns:
            lines += [f"{area},2024-{month:02d},{town},{n}" for town, (area, n) in TOWNS.items()]
        else:
            lines += [f"城镇,2024-{month:02d},4000", f"农村,2024-{month:02d},2000"]
    (tmp_path / "用户数.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "停电记录.csv").write_text(HEADER + "\n".join(events or EVENTS) + "\n", encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text("events: 停电记录.csv\ncustomers: 用户数.csv\n"
                      "coverage: {from: 2024-01-01, through: 2024-12-31}\n", encoding="utf-8")
    return str(params)


def run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return code, out


# 1. lqrel indices --by town: the contribution and the town's own SAIDI, each named


def test_indices_by_town_names_contribution_and_own_saidi(tmp_path, capsys):
    """Urban: 城关街道 1000 / 4000 urban users = 0.25 h contribution, 1000 / its 1000 users = 1.0 h own SAIDI;
    东城街道 600 / 4000 = 0.15 h, own 600 / 3000 = 0.2 h (0.25 + 0.15 = the urban SAIDI 1600 / 4000 = 0.4 h).
    Rural: 冶源镇 1200 / 2000 = 0.6 h both. County rows: 城关街道 1000 / 6000 users, own still 1.0 h."""
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--by", "town", "--json")
    rows = {(r["area"], r["town"]): r for r in json.loads(out)["rows"]}
    expected = {("urban", "城关街道"): (0.25, 1000, 1.0), ("urban", "东城街道"): (0.15, 3000, 0.2),
                ("rural", "冶源镇"): (0.6, 2000, 0.6), ("all", "城关街道"): (1000 / 6000, 1000, 1.0)}
    for key, (contribution, users, own) in expected.items():
        r = rows[key]
        assert "saidi_h" not in r  # not the town's SAIDI: renamed saidi_contribution_h
        assert r["saidi_contribution_h"] == pytest.approx(contribution)
        assert r["town_customers_served"] == pytest.approx(users)
        assert r["town_saidi_h"] == pytest.approx(own)
    assert [n["code"] for n in json.loads(out)["notes"]] == ["group_rows_contribution"]


def test_indices_by_town_text_labels_each_figure(tmp_path, capsys):
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--by", "town",
                 "--lang", "zh")
    header = next(line for line in out.splitlines() if line.startswith("区域"))
    assert "对本区域SAIDI的贡献(小时)" in header and "本所自身SAIDI(小时)" in header and "本所用户数" in header
    assert " SAIDI(小时)" not in header  # no bare SAIDI column on a town row
    row = next(line for line in out.splitlines() if line.startswith("城镇") and "东城街道" in line).split()
    assert row[2:5] == ["0.15", "3,000", "0.20"]
    assert "是该组对所在区域指标的贡献" in out


def test_indices_by_town_without_town_counts_says_why(tmp_path, capsys):
    _, out = run(capsys, "indices", "--params", county(tmp_path, with_towns=False), "--period", "2024Q1",
                 "--by", "town", "--json")
    doc = json.loads(out)
    assert [n["code"] for n in doc["notes"]] == ["group_rows_contribution", "town_own_saidi_unknown"]
    r = next(r for r in doc["rows"] if (r["area"], r["town"]) == ("urban", "东城街道"))
    assert "town_saidi_h" not in r and r["saidi_contribution_h"] == pytest.approx(0.15)


def test_indices_by_town_and_month_use_the_months_users(tmp_path, capsys):
    """January alone: 城关街道 1000 / 4000 = 0.25 h, own 1.0 h; February: no row for it (no outage)."""
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--by", "town,month",
                 "--json")
    rows = [r for r in json.loads(out)["rows"] if r["area"] == "urban" and r["town"] == "城关街道"]
    assert [(r["month"], r["saidi_contribution_h"], r["town_saidi_h"]) for r in rows] == [
        ("2024-01", pytest.approx(0.25), pytest.approx(1.0))]


def test_indices_by_area_keeps_saidi_h(tmp_path, capsys):
    """Without a group the rows are the areas' own SAIDI: urban 1600 / 4000 = 0.4 h, under its old key."""
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--json")
    doc = json.loads(out)
    assert {r["area"]: r["saidi_h"] for r in doc["rows"]} == pytest.approx(
        {"urban": 0.4, "rural": 0.6, "all": 2800 / 6000})
    assert doc["notes"] == []
