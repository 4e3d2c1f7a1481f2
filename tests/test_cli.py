"""Command line: JSON contract, exit codes, one-line errors, defaults from params.yaml."""

import json
import subprocess
import sys

import pytest

from lqrel import check_targets, indices, load_customers, load_events
from lqrel.cli import main
from tests.conftest import ROOT

INDEX_KEYS = {"area", "saidi_h", "saifi", "caidi_h", "asai", "saidi_2_h", "saidi_3_h", "saidi_s_h", "saidi_f_h",
              "maifi", "customer_hours", "customer_interruptions", "events", "customers_served"}
CHECK_KEYS = {"area", "saidi_h", "limit_h", "previous_saidi_h", "change", "meets_limit", "meets_reduction", "met",
              "criterion"}


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
    # The same numbers as the library.
    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    cu = load_customers(ROOT / "data" / "linqu_customers.csv")
    lib = indices(ev, cu, "2022Q3", by="area,month")
    assert [r["saidi_h"] for r in doc["rows"]] == pytest.approx(lib["saidi_h"].tolist(), rel=1e-12)


def test_check_json_contract(capsys):
    code, out, _ = run(capsys, "check", "--year", "2022", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["year"] == 2022
    assert [r["area"] for r in doc["rows"]] == ["urban", "rural"]
    assert all(set(r) >= CHECK_KEYS for r in doc["rows"])
    ev, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    lib = check_targets(ev, load_customers(ROOT / "data" / "linqu_customers.csv"), 2022)
    assert [r["criterion"] for r in doc["rows"]] == lib["criterion"].tolist()


def test_check_first_year_has_null_change(capsys):
    _, out, _ = run(capsys, "check", "--year", "2019", "--json")
    rows = json.loads(out)["rows"]
    assert all(r["change"] is None and r["previous_saidi_h"] is None and not r["meets_reduction"] for r in rows)


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
    assert len(doc["rejects"]) == doc["rejected"] and all({"row", "column", "value", "reason"} == set(r)
                                                          for r in doc["rejects"])
    assert out_csv.read_text(encoding="utf-8-sig").startswith("row,column,value,reason")


def test_map_option(capsys, tmp_path):
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
        (["indices", "--period", "2030"], "customers served missing"),
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
    for name in ("linqu_outages.csv", "linqu_customers.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


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
    assert code == 0 and doc["cases"] == 24 and 0 <= doc["coverage_80"] <= 1


def test_indices_exclude_med(capsys):
    _, full, _ = run(capsys, "indices", "--period", "2022", "--json")
    _, cut, _ = run(capsys, "indices", "--period", "2022", "--json", "--exclude-med")
    full, cut = json.loads(full), json.loads(cut)
    assert cut["major_event_days"] == "removed"
    assert cut["rows"][1]["saidi_h"] < full["rows"][1]["saidi_h"]  # the 2022-07-20 storm hit rural feeders
