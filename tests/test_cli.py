"""Command line: JSON contract, exit codes, one-line errors, defaults from params.yaml."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from lqrel import load_customers, load_events
from lqrel.cli import main
from tests.conftest import ROOT
from tests.oracle import saidi_by_hand

INDEX_KEYS = {"area", "saidi_h", "saifi", "caidi_h", "asai", "saidi_2_h", "saidi_3_h", "saidi_s_h", "saidi_f_h",
              "maifi", "customer_hours", "customer_interruptions", "events", "customers_served"}
CHECK_KEYS = {"area", "saidi_h", "limit_h", "previous_saidi_h", "change", "meets_limit", "meets_reduction", "met",
              "criterion"}

@pytest.fixture(autouse=True)
def english(monkeypatch):
    """This file reads the command line's English text (tests/test_language.py reads the Chinese default)."""
    monkeypatch.setenv("LQREL_LANG", "en")



def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_indices_json_contract(capsys):
    code, out, err = run(capsys, "indices", "--period", "2022Q3", "--by", "area,month", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["period"] == {"label": "2022Q3", "start": "2022-07-01T00:00:00+08:00",
                             "end": "2022-10-01T00:00:00+08:00", "hours": 2208.0}
    assert set(doc["input"]) == {"rows_read", "accepted", "rejected", "duplicates"}
    assert all(set(r) == INDEX_KEYS | {"month"} for r in doc["rows"])
    assert [r["area"] for r in doc["rows"][:3]] == ["urban", "rural", "all"]
    assert doc["complete"] is True
    assert doc["coverage"] == {"from": "2019-01-01", "through": "2024-12-31", "inferred": True}
    # The numbers, recomputed one event and one month at a time (tests/oracle.py), not by lqrel.
    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    cu = load_customers(ROOT / "data" / "linqu_customers.csv")
    for r in doc["rows"]:
        if r["area"] != "all":
            m = pd.Period(r["month"], "M")
            expected = saidi_by_hand(ev, cu, str(m.start_time), str((m + 1).start_time), r["area"])
            assert r["saidi_h"] == pytest.approx(expected, rel=1e-12), r


def test_check_json_contract(capsys):
    code, out, _ = run(capsys, "check", "--year", "2022", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["year"] == 2022 and doc["basis"] == "all_data"
    assert doc["coverage"] == {"from": "2019-01-01", "through": "2024-12-31", "inferred": True}
    assert [r["area"] for r in doc["rows"]] == ["urban", "rural"]
    assert all(set(r) >= CHECK_KEYS for r in doc["rows"])
    # the sample's known answers (data/README.md), and SAIDI recomputed by hand
    assert [r["criterion"] for r in doc["rows"]] == ["limit", "reduction"]
    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    cu = load_customers(ROOT / "data" / "linqu_customers.csv")
    rural = doc["rows"][1]
    assert rural["saidi_h"] == pytest.approx(saidi_by_hand(ev, cu, "2022-01-01", "2023-01-01", "rural"), rel=1e-12)
    assert rural["previous_saidi_h"] == pytest.approx(saidi_by_hand(ev, cu, "2021-01-01", "2022-01-01", "rural"),
                                                      rel=1e-12)
    assert rural["ceiling_h"] == pytest.approx(0.92 * rural["previous_saidi_h"])


def test_check_refuses_a_year_the_data_do_not_cover(capsys, tmp_path):
    """A log exported on 30 June 2022 (events and customers to June): no verdict for 2022, one line, exit 2."""
    events, customers = _half_year_files(tmp_path)
    code, out, err = run(capsys, "check", str(events), "--customers", str(customers), "--year", "2022")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err == ("lqrel: error: 2022 is not fully covered by the data (coverage 2019-01-01 .. 2022-06-30 "
                   "(inferred from the events' months)): no verdict; see lqrel forecast --as-of 2022-06-30 for a "
                   "projection\n")
    # declaring the coverage does not change that; 2021 is judged as before
    code, _, err = run(capsys, "check", str(events), "--customers", str(customers), "--year", "2022",
                       "--data-through", "2022-06-30")
    assert code == 2 and "2019-01-01 .. 2022-06-30 ('from' inferred from the events' months)" in err
    code, out, _ = run(capsys, "check", str(events), "--customers", str(customers), "--year", "2021", "--json")
    assert code == 0 and [r["met"] for r in json.loads(out)["rows"]] == [True, True]
    code, out, _ = run(capsys, "summary", str(events), "--customers", str(customers))
    assert code == 0 and "summary 2021" in out and "2019-01-01 .. 2022-06-30" in out
    code, out, _ = run(capsys, "indices", str(events), "--customers", str(customers), "--period", "2022", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["complete"] is False and doc["period"]["end"] == "2022-07-01T00:00:00+08:00"


def _half_year_files(tmp_path):
    """The sample cut as a real export of 30 June 2022 would be: events and customers to June."""
    events = pd.read_csv(ROOT / "data" / "linqu_outages.csv", encoding="gb18030", dtype=str)
    customers = pd.read_csv(ROOT / "data" / "linqu_customers.csv", dtype=str)
    e, c = tmp_path / "h1.csv", tmp_path / "customers_h1.csv"
    events[events["停电开始时间"] < "2022-07"].to_csv(e, index=False, encoding="gb18030")
    customers[customers["月份"] < "2022-07"].to_csv(c, index=False)
    return e, c


def test_check_first_year_has_null_change(capsys):
    """2019 is the sample's first year: 2018 is not covered, so the reduction criterion is unknown (null), and the
    verdict is unknown where the limit is missed (urban 9.01 h, rural 14.84 h: data/README.md)."""
    _, out, _ = run(capsys, "check", "--year", "2019", "--json")
    doc = json.loads(out)
    rows = doc["rows"]
    assert all(r["change"] is None and r["previous_saidi_h"] is None and r["meets_reduction"] is None for r in rows)
    assert [(r["met"], r["criterion"]) for r in rows] == [(None, "unknown"), (None, "unknown")]
    assert {"code": "reference_not_covered", "year": 2018, "from": "2019-01-01", "through": "2024-12-31",
            "text": "reference year 2018 is not fully covered by the data (coverage 2019-01-01 .. 2024-12-31): the "
                    "reduction criterion is unknown"} in doc["notes"]


def test_validate_exit_codes(capsys, tmp_path):
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "rejected" in out  # the sample carries deliberately bad rows
    good = tmp_path / "good.csv"
    good.write_text("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,1,urban\n", encoding="utf-8")
    assert run(capsys, "validate", str(good))[0] == 0
    code, _, err = run(capsys, "validate", str(tmp_path / "missing.csv"))
    assert code == 2 and "file not found" in err


def test_validate_json_and_rejects_file(capsys, tmp_path):
    out_csv = tmp_path / "rejects.csv"
    code, out, _ = run(capsys, "validate", "--json", "--rejects", str(out_csv))
    doc = json.loads(out)
    assert doc["rows_read"] == doc["accepted"] + doc["rejected"] + doc["duplicates"]
    assert len(doc["rejects"]) == doc["rejected"] and all({"row", "column", "value", "code", "args", "reason"} == set(r)
                                                          for r in doc["rejects"])
    assert out_csv.read_text(encoding="utf-8-sig").startswith("row,column,value,code,reason")


def test_map_option_names_the_columns_and_refuses_an_unknown_field(capsys, tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("When,Till,Out,Area\n2022-01-01 10:00,2022-01-01 12:00,7,urban\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(f), "--map", "start=When", "--map", "end=Till", "--map",
                         "customers=Out", "--json")
    assert code == 0, err
    assert json.loads(out)["accepted"] == 1
    code, _, err = run(capsys, "validate", str(f), "--map", "bogus=When")
    assert code == 2 and "--map" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["indices", "--period", "../../etc"], "invalid period"),
        (["indices", "--period", "2030"], "period 2030 is outside the data coverage 2019-01-01 .. 2024-12-31"),
        (["check", "--year", "2022", "--data-through", "June"], "--data-through 'June': expected a date"),
        (["check", "--year", "2022", "--params", "nope.yaml"], "cannot read settings file"),
    ],
)
def test_errors_are_one_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_subprocess_no_traceback_and_module_entry(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("standard: dlt836\nboundry: split\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "lqrel", "check", "--year", "2022", "--params", str(bad)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert line.startswith(f"lqrel: error: {bad}, line 2: key 'boundry': unknown setting (allowed: ")
    assert "boundary" in line and "\n" not in line
    assert proc.stdout == ""


def test_summary_and_text_tables(capsys):
    code, out, _ = run(capsys, "summary")
    assert code == 0 and "summary 2024" in out and "criterion" in out and "%" in out
    code, out, _ = run(capsys, "indices", "--period", "2022", "--by", "area,cause")
    assert code == 0 and "雷击" in out


def test_synth_is_byte_for_byte(tmp_path, capsys):
    assert run(capsys, "synth", str(tmp_path))[0] == 0
    for name in ("linqu_outages.csv", "linqu_customers.csv", "linqu_applications.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


@pytest.mark.slow  # every statistics command on the sample (8 s): make test, not the edit-run loop
def test_statistics_commands_json(capsys, tmp_path):
    code, out, _ = run(capsys, "med", "--year", "2022", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["t_med_min"] > 0 and [d["date"] for d in doc["days"]] == ["2022-07-20"]
    code, out, _ = run(capsys, "frequent", "--year", "2022", "--as-of", "2022-09-30", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["level"] == "feeder" and {u["level"] for u in doc["units"]} == {"frequent", "warning"}
    assert all(len(u["dates"]) == u["interruptions"] for u in doc["units"])
    code, out, _ = run(capsys, "forecast", "--as-of", "2022-06-30", "--json")
    rows = json.loads(out)["rows"]
    assert code == 0 and [r["area"] for r in rows] == ["urban", "rural"]
    assert all(r["p2_5_h"] <= r["p10_h"] <= r["median_h"] <= r["p90_h"] <= r["p97_5_h"] for r in rows)
    plan = tmp_path / "plan.csv"
    plan.write_text("feeder,customers,hours\n10kV城关01线,1200,6\n", encoding="utf-8")
    code, out, _ = run(capsys, "budget", "--as-of", "2024-06-30", "--what-if", str(plan), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["plans"][0]["customer_hours"] == 7200
    code, out, _ = run(capsys, "budget", "--year", "2024", "--as-of", "2024-06-30", "--json")
    assert code == 0 and len(json.loads(out)["rows"]) == 24
    code, out, _ = run(capsys, "backtest", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["cases"] == len(doc["rows"]) == 24  # 2021-2024 (two years of history) x 3 x 2 areas
    rows = doc["rows"]
    assert all(r["in80"] == (r["p10_h"] <= r["actual_h"] <= r["p90_h"]) for r in rows)
    assert doc["coverage_80"] == pytest.approx(sum(r["in80"] for r in rows) / len(rows))
    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    cu = load_customers(ROOT / "data" / "linqu_customers.csv")
    actual = {(r["year"], r["area"]): r["actual_h"] for r in rows}  # the year as the verdict computes it
    assert actual[(2023, "rural")] == pytest.approx(saidi_by_hand(ev, cu, "2023-01-01", "2024-01-01", "rural"))


def test_indices_exclude_med(capsys):
    _, full, _ = run(capsys, "indices", "--period", "2022", "--json")
    _, cut, _ = run(capsys, "indices", "--period", "2022", "--json", "--exclude-med")
    full, cut = json.loads(full), json.loads(cut)
    assert cut["major_event_days"] == "removed"
    assert cut["rows"][1]["saidi_h"] < full["rows"][1]["saidi_h"]  # the 2022-07-20 storm hit rural feeders
