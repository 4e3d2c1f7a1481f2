"""The report service under a real operator (hardening round 2, cases 1, 2, 3 and 7): locks and state outside the
published folder, links never written through, kernels private to each run, two periods at once, a read-only
installation, control characters from input files, SIGINT and SIGTERM, the published folder after a failure.

Every test here failed on the code before this change (the symlinked lock truncated its target, the second of
two concurrent runs failed, a read-only installation failed, a control character stopped the report, Ctrl-C
printed a traceback, failed notebooks landed in the published folder).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lqrel.cli import main
from lqrel.report.runner import ReportError, build_report, check_html
from lqrel.report.state import StateError, out_key
from tests.conftest import ROOT, copy_reports, kernels_of, sample_dataset, tiny_notebook, wait_until

pytestmark = pytest.mark.slow  # report builds in subprocesses

PARAMS = ROOT / "params.yaml"


def _cmd(out: Path, period: str = "2022Q3", *extra: str) -> list[str]:
    return [sys.executable, "-m", "lqrel", "report", "--period", period, "--out", str(out), "--params", str(PARAMS),
            "--formats", "html", *extra]


def test_a_link_planted_as_the_lock_is_refused_never_written_through(tmp_path):
    """Case 1: a symbolic link planted where the lock lives once made the run truncate its target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    state, out = tmp_path / "state", tmp_path / "out"
    (state / "locks").mkdir(parents=True)
    (state / "locks" / f"{out_key(out.resolve())}-2022Q3.lock").symlink_to(victim)
    with pytest.raises(StateError, match="cannot open the lock safely"):
        build_report(sample_dataset(), "2022Q3", out, formats=("html",), state_dir=state)
    assert victim.read_text(encoding="utf-8") == "precious"
    # links planted in the published folder (the old lock name, the index) are replaced, never followed
    out.mkdir(exist_ok=True)
    (out / ".lock-2022Q3").symlink_to(victim)
    (out / "index.html").symlink_to(victim)
    build_report(sample_dataset(), "2022Q3", out, formats=("html",), state_dir=tmp_path / "state2")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert stat.S_ISREG(os.lstat(out / "index.html").st_mode) and "2022Q3" in (out / "index.html").read_text()


def test_runs_at_once_all_build_and_never_interleave(tmp_path):
    """Three runs started together, two of 2022Q3 and one of 2022Q2. Case 2: two runs for different periods at
    the same time once both failed ("Invalid Signature"), because the kernels' connection files shared the
    package's notebooks folder. Hardening: two runs of one period at once must not interleave (the second
    replaces the first, whole). All three succeed, each period's folder is one whole report, nothing
    half-written is left, no kernel file lands in the package, and the index lists the newest period first."""
    out = tmp_path / "out"
    procs = [subprocess.Popen(_cmd(out, p), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p in ("2022Q3", "2022Q2", "2022Q3")]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    periods = ["2022Q2", "2022Q3"]
    assert sorted(os.listdir(out)) == sorted([*periods, "index.html", *(os.readlink(out / p) for p in periods)])
    for period in periods:
        assert sorted(os.listdir(out / period)) == [f"lqrel-report-{period}.html", f"lqrel-report-{period}.json"]
        assert check_html((out / period / f"lqrel-report-{period}.html").read_text(encoding="utf-8")) == []
    assert not list((ROOT / "notebooks").glob("kernel-*")) and not list((ROOT / "lqrel").rglob("kernel-*"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("2022Q3") < index.index("2022Q2")  # newest period first


def test_a_read_only_installation_builds_reports(tmp_path):
    """Case 2: with the package in a read-only folder (as installed system-wide) a run once always failed."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "lqrel", site / "lqrel", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [site, *site.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        script = ("import sys; from lqrel.dataset import load_dataset; from lqrel.report.runner import build_report;"
                  f"r = build_report(load_dataset({str(PARAMS)!r}), '2022Q3', {str(tmp_path / 'out')!r}, "
                  "formats=('html',)); print(r.html)")
        proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(site)}, timeout=600)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == str(tmp_path / "out" / "2022Q3" / "lqrel-report-2022Q3.html")
        assert sorted(p.name for p in (site / "lqrel" / "report").iterdir() if p.name != "__pycache__") == sorted(
            p.name for p in (ROOT / "lqrel" / "report").iterdir() if p.name != "__pycache__")  # nothing written
    finally:
        for path in [site, *site.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_control_characters_from_the_input_never_stop_a_report_nor_reach_the_terminal(tmp_path):
    """Case 3: one control character in an accepted cause once stopped the whole report (openpyxl
    IllegalCharacterError) and escape sequences were echoed raw to the terminal."""
    events, customers = tmp_path / "events.csv", tmp_path / "customers.csv"
    with open(events, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["start", "end", "customers", "area", "town", "feeder", "cause"])
        writer.writerow(["2022-01-05 10:00", "2022-01-05 12:00", 100, "urban", "T\x01own", "F\x0b1", "\x1b[31mred"])
        writer.writerow(["2022-02-05 10:00", "2022-02-05 12:00", 100, "rural", "\x9bC1", "F\x7f2", "ok"])
        writer.writerow(["2022-02-06 10:00", "soon\x1b[2J", 100, "rural", "x", "y", "z"])
    customers.write_text("area,year,customers\nurban,2022,1000\nrural,2022,1000\n", encoding="utf-8")
    base = [sys.executable, "-m", "lqrel"]
    inputs = [str(events), "--customers", str(customers), "--params", str(PARAMS)]
    for args in (["indices", *inputs, "--period", "2022Q1", "--by", "cause,town"],
                 ["validate", *inputs],
                 ["validate", *inputs, "--json"],
                 ["report", *inputs, "--period", "2022Q1", "--out", str(tmp_path / "out")]):
        proc = subprocess.run(base + args, cwd=tmp_path, capture_output=True, timeout=600)
        assert proc.returncode in (0, 1), proc.stderr
        raw = [b for b in proc.stdout + proc.stderr if b < 0x20 and b != 0x0A]
        assert raw == [], args
        text = (proc.stdout + proc.stderr).decode("utf-8")
        assert not any(0x7F <= ord(c) <= 0x9F for c in text), args
    page = (tmp_path / "out" / "2022Q1" / "lqrel-report-2022Q1.html").read_text(encoding="utf-8")
    assert "\u241b[31mred" in page and "T\u2401own" in page and "\x1b" not in page  # ␛ and ␁, visible
    cells = [c.value for ws in openpyxl.load_workbook(tmp_path / "out" / "2022Q1" / "lqrel-report-2022Q1.xlsx")
             for row in ws.iter_rows() for c in row]
    assert "\u241b[31mred" in cells and not any(isinstance(v, str) and "\x1b" in v for v in cells)
    rejects = tmp_path / "rejects.csv"
    assert main(["validate", *inputs, "--rejects", str(rejects)]) == 1
    assert "soon\u241b[2J" in rejects.read_text(encoding="utf-8-sig")


def _has_imported_pandas(pid: int) -> bool:
    """The run has imported pandas (its C extensions are mapped): lqrel's handlers are installed, data loads next."""
    try:
        return "pandas/_libs" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def _runs_a_kernel(pid: int) -> bool:
    """A kernel that this run started is running."""
    return bool(kernels_of(pid))


@pytest.mark.parametrize(("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"),
                                                    (signal.SIGTERM, 143, "terminated")])
def test_sigint_and_sigterm_end_the_run_cleanly(tmp_path, sig, code, word, shared_reports):
    """Case 7: Ctrl-C once printed a 47-77 line traceback and exited by the signal. Now, at two moments (while
    loading, while the kernel runs): one line, exit 130 or 143, no kernel left, the published report as it was,
    no run folder left behind. Each moment is waited for as a state of the run, not a time. The report
    published before is a copy of the run's shared build of the same command (the sample, 2022Q3, html)."""
    out, state = copy_reports(shared_reports("2022Q3", formats=("html",))[1], tmp_path / "out"), tmp_path / "state"
    env = {**os.environ, "LQREL_STATE_DIR": str(state), "LQREL_LANG": "en"}  # the English line below
    before = (out / "2022Q3" / "lqrel-report-2022Q3.html").read_bytes()
    for moment in (_has_imported_pandas, _runs_a_kernel):
        proc = subprocess.Popen(_cmd(out), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as a terminal
        pid = proc.pid
        wait_until(lambda pid=pid, moment=moment: _has_imported_pandas(pid) and moment(pid))
        if moment is _runs_a_kernel:
            assert kernels_of(pid)  # the check below sees this run's kernel
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == code, (moment.__name__, err)
        assert err.decode().strip() == f"lqrel: {word}; the published reports are as they were"
        wait_until(lambda pid=pid: not kernels_of(pid), 30)  # no kernel left
        assert (out / "2022Q3" / "lqrel-report-2022Q3.html").read_bytes() == before
        assert sorted(os.listdir(out)) == [os.readlink(out / "2022Q3"), "2022Q3", "index.html"]
        assert not (state / "runs").exists() or os.listdir(state / "runs") == []  # none yet while loading


def test_after_a_failure_the_published_folder_holds_only_reports_and_the_index(tmp_path, monkeypatch,
                                                                               shared_reports):
    """Case 7: every failure once left a 5 MB notebook (tracebacks, server paths) under the published folder's
    _failed/, never cleaned, beside lock files and .builds/. Now the state folder keeps the last five
    (KEEP_FAILED; lowered to two here, so that three failed builds show the oldest one removed)."""
    from lqrel.report import state as report_state

    assert report_state.KEEP_FAILED == 5
    monkeypatch.setattr(report_state, "KEEP_FAILED", 2)
    out, state = copy_reports(shared_reports("2022Q3", formats=("html",))[1], tmp_path / "out"), tmp_path / "state"
    # what a failure leaves is the runner's, whatever fails: the cheapest notebook that fails in its last cell
    # (the report notebook's own failure: test_report.py::test_failed_run_keeps_previous_report)
    failing, ds = tiny_notebook(tmp_path, "raise ValueError('customers served missing')"), sample_dataset()
    before = (out / "2022Q3" / "lqrel-report-2022Q3.html").read_bytes()
    for _ in range(3):
        with pytest.raises(ReportError, match=r"cell 3 of 3: ValueError.* notebook kept at .*/failed/2022Q3/"):
            build_report(ds, "2022Q3", out, formats=("html",), state_dir=state, notebook=failing)
    assert (out / "2022Q3" / "lqrel-report-2022Q3.html").read_bytes() == before
    assert sorted(os.listdir(out)) == [os.readlink(out / "2022Q3"), "2022Q3", "index.html"]
    assert len(list((state / "failed" / "2022Q3").iterdir())) == 2
    assert os.listdir(state / "runs") == []
    # Saves are throttled while cells run; the kept notebook still ends at the failing cell, with its error.
    kept = max((state / "failed" / "2022Q3").iterdir(), key=lambda p: p.stat().st_mtime)
    notebook = json.loads(kept.read_text(encoding="utf-8"))
    assert any(o.get("output_type") == "error" for c in notebook["cells"] for o in c.get("outputs", []))


def test_validate_refuses_to_write_rejects_over_its_input(tmp_path, capsys):
    """Case 7: `validate X --rejects X` once overwrote the input with the rejects."""
    log = tmp_path / "log.csv"
    log.write_text("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,-3,urban\n", encoding="utf-8")
    before = log.read_bytes()
    assert main(["validate", str(log), "--rejects", str(log), "--lang", "en"]) == 2
    assert "that is an input file" in capsys.readouterr().err
    assert log.read_bytes() == before
