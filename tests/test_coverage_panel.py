"""Issue 25, items 5, 6, 12 and part of 4: coverage a stray row cannot stretch, rows after a declared end kept
outside the coverage, the customers file as a panel, event towns the customers file does not know, and one load
path for validate and every command. Every expected value is worked out by hand in the test."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pandas as pd
import pytest

from lqrel import load_customers, load_params
from lqrel.cli import main
from lqrel.coverage import stretch
from lqrel.dataset import data_notes, load_dataset
from lqrel.errors import DataError, InputError
from lqrel.events import LoadReport
from lqrel.periods import due_periods, parse_period
from lqrel.targets import check_targets

EVENT_HEADER = "停电编号,供电所,线路名称,地区特征,停电开始时间,停电结束时间,停电用户数\n"

@pytest.fixture(autouse=True)
def english(monkeypatch):
    """This file reads the command line's English text (tests/test_language.py reads the Chinese default)."""
    monkeypatch.setenv("LQREL_LANG", "en")



def _months(first: str, last: str) -> list[str]:
    return [str(m) for m in pd.period_range(first, last, freq="M")]


def _write_events(path, rows: list[tuple]) -> None:
    """rows: (town, area, start, end, customers); ids E001, E002, ... in file order; row numbers from 2."""
    lines = [f"E{i:03d},{town},10kV{town}01线,{area},{start},{end},{n}\n"
             for i, (town, area, start, end, n) in enumerate(rows, 1)]
    path.write_text(EVENT_HEADER + "".join(lines), encoding="utf-8")


def _write_customers(path, months: list[str], counts: dict[str, int]) -> None:
    """One count per area (城镇/农村) and month, no town column."""
    lines = [f"{area},{m},{n}\n" for m in months for area, n in counts.items()]
    path.write_text("区域,月份,用户数\n" + "".join(lines), encoding="utf-8")


def _monthly(first: str, last: str, town: str = "城关", area: str = "城镇") -> list[tuple]:
    """One urban outage a month, on the 5th, 08:00-09:00, 100 customers."""
    return [(town, area, f"{m}-05 08:00", f"{m}-05 09:00", 100) for m in _months(first, last)]


def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------------------------------------------
# Item 5: inferred coverage does not bridge a run of empty months


def _starts(*texts: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts))).dt.tz_localize("Asia/Shanghai")


def test_stretch_by_hand():
    d = dt.date
    # 24 months 2023-01..2024-12 and a mistyped 2014-05: the stray stands alone beyond 103 empty months
    many = _starts("2014-05-03 10:00", *[f"{m}-10 10:00" for m in _months("2023-01", "2024-12")])
    assert stretch(many, 3) == (d(2023, 1, 1), d(2024, 12, 31))
    # Jan, Feb, Jun 2024: March-May empty (3 months >= 3) cuts; Jan-Feb (2 months) beats Jun (1 month)
    assert stretch(_starts("2024-01-02", "2024-02-02", "2024-06-02"), 3) == (d(2024, 1, 1), d(2024, 2, 29))
    # Jan and Apr 2024: Feb-Mar empty (2 months < 3) is bridged
    assert stretch(_starts("2024-01-02", "2024-04-02"), 3) == (d(2024, 1, 1), d(2024, 4, 30))
    # the same with coverage_gap_months 2: cut; two stretches of one month each, the tie goes to the latest
    assert stretch(_starts("2024-01-02", "2024-04-02"), 2) == (d(2024, 4, 1), d(2024, 4, 30))
    # Dec 2022 and Jan 2024 with a gap setting of 13: 12 empty months are fewer than 13, but 2023 has no event at
    # all, and a year without events is never inside an inferred coverage: two one-month stretches, the latest
    assert stretch(_starts("2022-12-20", "2024-01-20"), 13) == (d(2024, 1, 1), d(2024, 1, 31))
    assert stretch(_starts(), 3) is None


def test_a_stray_row_cannot_stretch_the_coverage(tmp_path):
    """Events every month 2023-01..2024-12 (rows 2..25), a mistyped 2014 row (26) and a stray 2025-09 row (27).
    Coverage 2023-01-01 .. 2024-12-31; rows 26 and 27 are named with reason gap and are in no figure:
    urban SAIDI 2024 = 12 events x 1 h x 100 customers / 1000 customers = 1.2 h; rural 0."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2023-01", "2024-12") + [("城关", "城镇", "2014-06-05 08:00", "2014-06-05 20:00", 900),
                                                        ("城关", "城镇", "2025-09-05 08:00", "2025-09-05 20:00", 900)])
    _write_customers(c, _months("2023-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    ds = load_dataset(None, e, c)
    assert ds.coverage.to_dict() == {"from": "2023-01-01", "through": "2024-12-31", "inferred": True}
    out = ds.outside_coverage
    assert out["row"].tolist() == [26, 27] and out["reason"].tolist() == ["gap", "gap"]
    assert [f"{s:%Y-%m-%d %H:%M}" for s in out["start"]] == ["2014-06-05 08:00", "2025-09-05 08:00"]
    assert len(ds.events) == 26  # kept in the log
    warned = ds.load_report.warnings
    assert warned.loc[warned["code"] == "outside_coverage_gap", "row"].tolist() == [26, 27]
    t = check_targets(ds, 2024).set_index("area")
    assert t.loc["urban", "saidi_h"] == pytest.approx(1.2) and t.loc["rural", "saidi_h"] == 0
    # 2023 is its reference: 12 x 1 h x 100 / 1000 = 1.2 h as well
    assert t.loc["urban", "previous_saidi_h"] == pytest.approx(1.2)
    with pytest.raises(DataError, match="2015 is not fully covered"):
        check_targets(ds, 2015)  # an empty year once judged "met" on a single stray row
    # the latest quarter and year are the coverage's, not the stray's
    assert ds.coverage.latest_quarter() == "2024Q4" and ds.coverage.latest_year() == 2024


def test_a_mistyped_year_does_not_block_a_scheduled_report(tmp_path):
    """lqrel report --due on 2 January 2025: the run cannot have data for its own day (through at most
    2025-01-01). The reports due, 2024Q4 and 2024, are covered; the stray 2025-09 row is after that day
    (after_through), the 2014 row beyond the gap."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2023-01", "2024-12") + [("城关", "城镇", "2014-06-05 08:00", "2014-06-05 20:00", 900),
                                                        ("城关", "城镇", "2025-09-05 08:00", "2025-09-05 20:00", 900)])
    _write_customers(c, _months("2023-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    ds = load_dataset(None, e, c, through_at_most=dt.date(2025, 1, 1))
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert ds.outside_coverage[["row", "reason"]].values.tolist() == [[26, "gap"], [27, "after_through"]]
    due = due_periods(pd.Timestamp("2025-01-02"))
    assert due == ["2024Q4", "2024"]
    assert all(ds.coverage.covers(parse_period(p)) for p in due)


def test_summary_picks_the_coverage_s_latest_year(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2023-01", "2024-12") + [("城关", "城镇", "2014-06-05 08:00", "2014-06-05 20:00", 900)])
    _write_customers(c, _months("2023-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    code, out, err = _run(capsys, "summary", str(e), "--customers", str(c))
    assert code == 0, err
    assert "summary 2024" in out and "2023-01-01 .. 2024-12-31" in out


def test_a_year_without_events_is_judged_only_on_declared_coverage(tmp_path):
    """Events every month of 2022 and of 2024, none in 2023. Inferred: two stretches of 12 months, the latest
    wins (2024); 2023 is not covered and 2024's reference year is unknown. Declared 2022-01-01 .. 2024-12-31:
    2023 is judged, SAIDI 0 in both areas, met on the limit."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2022-01", "2022-12") + _monthly("2024-01", "2024-12"))
    _write_customers(c, _months("2022-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    ds = load_dataset(None, e, c)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert ds.outside_coverage["row"].tolist() == list(range(2, 14))  # the 2022 rows
    assert set(ds.outside_coverage["reason"]) == {"gap"}
    with pytest.raises(DataError, match="2023 is not fully covered"):
        check_targets(ds, 2023)
    t = check_targets(ds, 2024).set_index("area")
    assert t.loc["urban", "saidi_h"] == pytest.approx(1.2) and t["meets_reduction"].isna().all()
    declared = load_dataset({"coverage": {"from": "2022-01-01", "through": "2024-12-31"}}, e, c)
    assert declared.outside_coverage.empty
    t = check_targets(declared, 2023).set_index("area")
    assert t["saidi_h"].tolist() == [0.0, 0.0] and t["met"].tolist() == [True, True]


def test_rows_after_a_declared_end_are_kept_outside_the_coverage(tmp_path, capsys, monkeypatch):
    """An export taken on 25 June 2024 holds June rows (2024-06-05, 2024-06-20: rows 7 and 8); the report is made
    on data through May. The June rows are kept (not rejected), outside the coverage (after_through), counted
    in validate and check's outputs, and in no figure: urban SAIDI 2024-01..05 = 5 x 1 h x 100 / 1000 = 0.5 h."""
    monkeypatch.chdir(tmp_path)
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2024-01", "2024-05") + [("城关", "城镇", "2024-06-05 08:00", "2024-06-05 09:00", 100),
                                                        ("城关", "城镇", "2024-06-20 08:00", "2024-06-20 10:00", 300)])
    _write_customers(c, _months("2023-01", "2024-06"), {"城镇": 1000, "农村": 1000})
    ds = load_dataset(None, e, c, data_through="2024-05-31")
    assert ds.coverage.to_dict() == {"from": "2024-01-01", "through": "2024-05-31", "inferred": True}
    assert ds.outside_coverage[["row", "reason"]].values.tolist() == [[7, "after_through"], [8, "after_through"]]
    assert ds.rejects.empty and len(ds.events) == 7
    shown, complete = ds.clip("2024H1")
    assert not complete and shown.end == pd.Timestamp("2024-06-01", tz="Asia/Shanghai")
    assert ds.indices(shown).set_index("area").loc["urban", "saidi_h"] == pytest.approx(0.5)

    code, out, err = _run(capsys, "validate", str(e), "--customers", str(c), "--data-through", "2024-05-31",
                          "--json")
    doc = json.loads(out)
    assert code == 0, err
    assert doc["rejected"] == 0 and doc["accepted"] == 7
    assert doc["outside_coverage"] == [{"row": 7, "start": "2024-06-05 08:00", "reason": "after_through"},
                                       {"row": 8, "start": "2024-06-20 08:00", "reason": "after_through"}]
    assert [(w["row"], w["code"]) for w in doc["warnings"]] == [(7, "outside_coverage"), (8, "outside_coverage")]
    code, out, _ = _run(capsys, "validate", str(e), "--customers", str(c), "--data-through", "2024-05-31")
    assert code == 0 and "Outside the data coverage 2024-01-01 .. 2024-05-31 (events: 2;" in out
    assert "row 7: 2024-06-05 08:00, after the coverage's end\n" in out

    # the same log through the end of 2023 for check: a year-end report of 2023 on a log that runs into 2024
    e2 = tmp_path / "e2.csv"
    _write_events(e2, _monthly("2023-01", "2023-12") + [("城关", "城镇", "2024-01-05 08:00", "2024-01-05 09:00", 100)])
    code, out, err = _run(capsys, "check", str(e2), "--customers", str(c), "--year", "2023", "--data-through",
                          "2023-12-31", "--json")
    assert code == 0, err
    doc = json.loads(out)
    note = next(n for n in doc["notes"] if n["code"] == "outside_coverage")
    assert note["rows"] == [14] and note["reasons"] == {"after_through": [14]} and note["count"] == 1
    assert "rows 14" in note["text"]
    assert doc["rows"][0]["saidi_h"] == pytest.approx(1.2)  # 12 x 1 h x 100 / 1000: the 2024 row not in it


def test_rows_before_a_declared_from(tmp_path):
    """coverage: {from: 2024-03-01}: the January and February rows (2, 3) are before_from; the inferred end is
    the last month with events, May."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, _monthly("2024-01", "2024-05"))
    _write_customers(c, _months("2024-01", "2024-05"), {"城镇": 1000, "农村": 1000})
    ds = load_dataset({"coverage": {"from": "2024-03-01"}}, e, c)
    assert (ds.coverage.first, ds.coverage.through) == (dt.date(2024, 3, 1), dt.date(2024, 5, 31))
    assert ds.outside_coverage[["row", "reason"]].values.tolist() == [[2, "before_from"], [3, "before_from"]]


# ---------------------------------------------------------------------------------------------------------------
# Item 6: the customers file as a panel; event towns the customers file does not know


def _town_customers(path, rows: list[tuple[str, str, str, str]]) -> None:
    """rows: (区域, 月份, 供电所, 用户数)."""
    path.write_text("区域,月份,供电所,用户数\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")


def _towns_file(path, b_months: list[str], c_months: list[str] = ()) -> None:
    rows = [("城镇", m, "城关街道", "1000") for m in _months("2024-01", "2024-06")]
    rows += [("农村", m, "五井镇", "500") for m in b_months]
    rows += [("农村", m, "新设镇", "200") for m in c_months]
    _town_customers(path, rows)


def test_a_town_missing_from_some_months_is_an_error_naming_it_and_the_months(tmp_path):
    f = tmp_path / "c.csv"
    _towns_file(f, _months("2024-01", "2024-03"))  # 五井镇 gone from April: rural would shrink from 500 to 0
    with pytest.raises(InputError, match=r"town '五井镇' \(rural\) has no customers in 2024-04, 2024-05, 2024-06"):
        load_customers(f)
    # a real change, declared: present exactly in its declared months inside the file's range
    # area totals: urban 2024-01..06 (6 rows) and rural 2024-01..03 (3 rows), 9 in all
    assert len(load_customers(f, {"customer_changes": {"五井镇": {"through": "2024-03"}}})) == 9
    with pytest.raises(InputError, match=r"'五井镇' \(rural\) has customers in 2024-03, outside the months of its "
                                         r"declared change"):
        load_customers(f, {"customer_changes": {"五井镇": {"through": "2024-02"}}})
    with pytest.raises(InputError, match=r"'五井镇' \(rural\) has no customers in 2024-04, 2024-05, months its "
                                         r"declared change"):
        load_customers(f, {"customer_changes": {"五井镇": {"through": "2024-05"}}})
    # a town created in April, declared from then (its through runs to the file's last month)
    _towns_file(f, _months("2024-01", "2024-06"), _months("2024-04", "2024-06"))
    with pytest.raises(InputError, match="'新设镇'.*2024-01, 2024-02, 2024-03"):
        load_customers(f)
    t = load_customers(f, {"customer_changes": {"新设镇": {"from": "2024-04"}}}).set_index(["area", "month"])
    assert t.loc[("rural", pd.Period("2024-03", "M")), "customers"] == 500
    assert t.loc[("rural", pd.Period("2024-04", "M")), "customers"] == 700


def test_an_area_missing_from_some_months_without_towns(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("区域,月份,用户数\n城镇,2024-01,1000\n农村,2024-01,500\n城镇,2024-02,1000\n城镇,2024-03,1000\n"
                 "农村,2024-03,500\n", encoding="utf-8")
    with pytest.raises(InputError, match="area rural has no customers in 2024-02"):
        load_customers(f)


def test_a_fractional_count_names_file_row_column_value(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("区域,月份,用户数\n城镇,2024-01,1000\n城镇,2024-02,1000.5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.csv, row 3, column '用户数': expected a whole number.*'1000.5'"):
        load_customers(f)


def _town_events(path, towns: list[str]) -> None:
    _write_events(path, [(t, "城镇", f"2024-0{i + 1}-05 08:00", f"2024-0{i + 1}-05 09:00", 10)
                         for i, t in enumerate(towns)])


def test_an_event_town_the_customers_file_does_not_list(tmp_path):
    """Events in 城关街道 (row 2), 城官街道 (a typo, rows 3 and 5) and ＣＧ镇 (full-width, row 4); the customers
    file lists 城关街道 and cg 镇 (same name normalised: NFKC, case folded)."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _town_events(e, ["城关街道", "城官街道", "ＣＧ镇", "城官街道"])
    _town_customers(c, [(a, m, t, "100") for m in _months("2024-01", "2024-06")
                        for a, t in [("城镇", "城关街道"), ("城镇", "cg镇")]])
    with pytest.raises(DataError, match=r"event town '城官街道' \(rows 3, 5\) is not in the customers file"):
        load_dataset(None, e, c)
    ds = load_dataset({"known_towns": ["城官街道"]}, e, c)
    assert len(ds.events) == 4


def test_with_areas_from_towns_a_typo_town_is_an_error_never_rural(tmp_path):
    """areas: {column: town, urban: [城关街道]}: every unlisted town is rural, so the typo 城官街道 would silently
    move an urban outage to rural. With a customers file that has towns it is an error naming it."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _town_events(e, ["城关街道", "城官街道"])
    _town_customers(c, [(a, m, t, n) for m in _months("2024-01", "2024-06")
                        for a, t, n in [("城镇", "城关街道", "1000"), ("农村", "五井镇", "500")]])
    params = {"areas": {"column": "town", "urban": ["城关街道"]}}
    with pytest.raises(DataError, match=r"'城官街道' \(rows 3\)"):
        load_dataset(params, e, c)


def test_cli_exits_2_naming_the_panel_gap(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _town_events(e, ["城关街道"])
    _towns_file(c, _months("2024-01", "2024-03"))
    for command in (["validate", str(e), "--customers", str(c)], ["check", str(e), "--customers", str(c),
                                                                   "--year", "2024"]):
        code, out, err = _run(capsys, *command)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "'五井镇' (rural) has no customers in 2024-04, 2024-05, 2024-06" in err


# ---------------------------------------------------------------------------------------------------------------
# Item 12: one load path


def test_validate_and_every_command_give_the_same_warnings(tmp_path, capsys, monkeypatch):
    """Row 3 interrupts 1500 customers where urban serves 1000 (customers_above_served); row 14 is a stray
    2025-09 row (outside_coverage_gap). validate --json and load_dataset (what check, indices and report use)
    give the same warnings, codes and rows."""
    monkeypatch.chdir(tmp_path)
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    rows = _monthly("2024-01", "2024-12")
    rows[1] = ("城关", "城镇", "2024-02-05 08:00", "2024-02-05 09:00", 1500)
    _write_events(e, rows + [("城关", "城镇", "2025-09-05 08:00", "2025-09-05 20:00", 900)])
    _write_customers(c, _months("2024-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    code, out, err = _run(capsys, "validate", str(e), "--customers", str(c), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert [(w["row"], w["code"]) for w in doc["warnings"]] == [(3, "customers_above_served"),
                                                                (14, "outside_coverage_gap")]
    ds = load_dataset(None, e, c)
    assert list(zip(ds.load_report.warnings["row"], ds.load_report.warnings["code"], strict=True)) == [
        (3, "customers_above_served"), (14, "outside_coverage_gap")]
    assert set(doc) >= {"reused_ids", "double_entries", "name_merges", "date_orders", "outside_coverage"}
    assert doc["outside_coverage"] == [{"row": 14, "start": "2025-09-05 08:00", "reason": "gap"}]
    assert doc["coverage"] == {"from": "2024-01-01", "through": "2024-12-31", "inferred": True}
    code, out, _ = _run(capsys, "check", str(e), "--customers", str(c), "--year", "2024", "--json")
    notes = {n["code"]: n for n in json.loads(out)["notes"]}
    assert code == 0 and notes["outside_coverage"]["rows"] == [14]
    # text: the note is printed below the verdict
    code, out, _ = _run(capsys, "check", str(e), "--customers", str(c), "--year", "2024")
    assert code == 0 and "Note: 1 event starting outside the data coverage 2024-01-01 .. 2024-12-31" in out


def test_validate_lists_rejects_when_no_row_is_accepted(tmp_path, capsys, monkeypatch):
    """validate loads through load_dataset too, but a log without any accepted row is listed, not refused."""
    monkeypatch.chdir(tmp_path)
    e = tmp_path / "e.csv"
    e.write_text(EVENT_HEADER + "E1,城关,L,城镇,soon,later,5\n", encoding="utf-8")
    code, out, err = _run(capsys, "validate", str(e), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["accepted"] == 0 and doc["rejected"] == 1 and doc["coverage"] is None
    assert doc["outside_coverage"] == []
    code, _, err = _run(capsys, "check", str(e), "--customers", str(e), "--year", "2024")
    assert code == 2 and "no row was accepted" in err


def test_data_notes_by_hand():
    """The check notes from a load report carrying double entries and reused ids (the loader's fields, given
    here by hand) and the events outside the coverage."""
    report = SimpleNamespace(
        double_entries=[{"ids": ["A1", "B7"], "rows": [4, 9], "feeder": "10kV城关01线", "start": "2024-03-01 08:00",
                         "end": "2024-03-01 10:00", "customers": 120, "dropped_rows": [9]}],
        reused_ids=[{"id": "0001", "rows": [2, 30]}])
    outside_rows = pd.DataFrame({"row": [40, 41], "start": pd.to_datetime(["2025-09-05", "2014-01-02"]),
                                 "reason": ["gap", "gap"]})
    from lqrel.coverage import Coverage

    cov = Coverage(dt.date(2023, 1, 1), dt.date(2024, 12, 31), True, True)
    notes = {n["code"]: n for n in data_notes(report, outside_rows, cov, load_params({"double_entries": "drop"}))}
    assert notes["double_entries"]["rows"] == [4, 9] and notes["double_entries"]["dropped"] == 1
    assert notes["double_entries"]["listed"] == "A1, B7 (4, 9)"
    assert notes["reused_ids"]["rows"] == [2, 30] and notes["reused_ids"]["listed"] == "0001 (2, 30)"
    assert notes["outside_coverage"]["rows"] == [40, 41] and notes["outside_coverage"]["count"] == 2
    from lqrel.messages import note

    assert note(notes["double_entries"], "en") == (
        "1 probable double entry (different ids with the same feeder, start, end and customers): A1, B7 (4, 9); "
        "rows dropped by the setting double_entries: 1")
    assert "每行各计为一次停电：0001 (2, 30)" in note(notes["reused_ids"], "zh")
    assert data_notes(SimpleNamespace(), outside_rows.iloc[:0], cov, load_params(None)) == []


@pytest.mark.skipif("reused_ids" not in getattr(LoadReport, "__dataclass_fields__", {}),
                    reason="the loader does not report reused ids yet")
def test_check_notes_name_reused_ids_and_double_entries(tmp_path, capsys, monkeypatch):
    """Rows 2 and 3 share id X1 on different days (id reuse: both kept); rows 4 and 5 have ids Y1 and Y2 and the
    same feeder, start, end and customers (a probable double entry, both counted by default)."""
    monkeypatch.chdir(tmp_path)
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    lines = [f"Z{i},城关,10kV城关01线,城镇,{m}-05 08:00,{m}-05 09:00,100\n" for i, m in
             enumerate(_months("2024-01", "2024-12"))]
    lines += ["X1,城关,10kV城关02线,城镇,2024-03-10 08:00,2024-03-10 09:00,7\n",
              "X1,城关,10kV城关02线,城镇,2024-04-10 08:00,2024-04-10 09:00,7\n",
              "Y1,城关,10kV城关03线,城镇,2024-05-10 08:00,2024-05-10 09:00,9\n",
              "Y2,城关,10kV城关03线,城镇,2024-05-10 08:00,2024-05-10 09:00,9\n"]
    e.write_text(EVENT_HEADER + "".join(lines), encoding="utf-8")
    _write_customers(c, _months("2024-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    code, out, err = _run(capsys, "check", str(e), "--customers", str(c), "--year", "2024", "--json")
    assert code == 0, err
    notes = {n["code"]: n for n in json.loads(out)["notes"]}
    assert notes["reused_ids"]["rows"] == [14, 15]
    assert notes["double_entries"]["rows"] == [16, 17] and notes["double_entries"]["dropped"] == 0
    code, out, _ = _run(capsys, "validate", str(e), "--customers", str(c), "--json")
    doc = json.loads(out)
    assert doc["reused_ids"] == [{"id": "X1", "rows": [14, 15]}]
    assert [g["ids"] for g in doc["double_entries"]] == [["Y1", "Y2"]]
