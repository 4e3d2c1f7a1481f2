"""Hostile and broken input, runs interrupted or run twice at once, and what outputs may never do."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lqrel import load_events
from lqrel.errors import LqrelError
from lqrel.readers import sha256
from lqrel.report.runner import ReportError, build_report, check_html
from tests.conftest import FUZZ, ROOT, copy_reports, kernels_of, sample_dataset, tiny_notebook, wait_until

HEADERS = ["停电开始时间", "停电结束时间", "停电用户数", "区域", "供电所", "线路名称", "停电性质", "停电原因",
           "start", "end", "customers", "area", "town", "feeder", "nature", "cause", "duration_min",
           "停电时长(小时)", "编号", "备注", "Unnamed", "", "金额"]
CELLS = st.one_of(
    st.none(), st.text(max_size=12), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([
        "2022-03-05 14:20", "2022/3/5 14:20", "2022年3月5日 14时20分", "44625.6", "05/03/2022", "14:20",
        "2022-03-05T14:20:00+08:00", "城镇", "农村", "urban", "故障", "计划停电", "外部", "NA", "-", "=1+1",
        "1,234", "−5", "０８：００", "\u200b", "\r", "\t", '"', "2022-02-30 10:00", "9999-12-31 23:59",
    ]),
)


#: Valid cells by header, for rows a real export would hold (so that the fuzz also reaches accepted events).
VALID = {
    "start": ["2022-03-05 14:20", "2022/3/5 08:00", "2022年3月5日 14时20分", "2022-03-05T14:20:00+08:00", "44625.6"],
    "end": ["2022-03-06 10:00", "2022/3/6 09:30:15", "2022年3月6日 9时", "2022-03-06T02:00:00Z"],
    "customers": [0, 1, 37, "1,234", 250000],
    "area": ["城镇", "农村", "urban", "rural", " 城镇 "],
    "nature": ["故障", "计划停电", None, "临时检修"],
    "duration": [0, 2, 45, "90", 3.5],
}
COLUMN_KIND = {"停电开始时间": "start", "start": "start", "停电结束时间": "end", "end": "end",
               "停电用户数": "customers", "customers": "customers", "停电户数": "customers", "区域": "area",
               "area": "area", "地区特征": "area", "停电性质": "nature", "nature": "nature", "duration_min": "duration",
               "停电时长(小时)": "duration"}


def _plausible_row(draw, header):
    """A row of valid cells for its columns, with at most one cell replaced by a random one."""
    row = [draw(st.sampled_from(VALID[COLUMN_KIND[h]])) if h in COLUMN_KIND else draw(CELLS) for h in header]
    if row and draw(st.booleans()):
        row[draw(st.integers(0, len(row) - 1))] = draw(CELLS)
    return row


def _csv_bytes(header, rows, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    try:
        return buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return buf.getvalue().encode("utf-8")


@st.composite
def files(draw):
    kind = draw(st.sampled_from(["csv"] * 8 + ["empty", "header-only", "truncated", "wrong-encoding", "binary",
                                                "xlsx"]))
    if draw(st.booleans()):  # a header lqrel recognises, in any order, with extra columns
        required = draw(st.sampled_from([
            ["停电开始时间", "停电结束时间", "停电用户数", "区域"], ["start", "end", "customers", "area"],
            ["start", "duration_min", "customers", "area"], ["停电开始时间", "停电时长(小时)", "停电户数", "地区特征"],
        ]))
        others = [h for h in HEADERS if h not in required]  # a header twice is refused: tested apart
        header = draw(st.permutations(required + draw(st.lists(st.sampled_from(others), max_size=4, unique=True))))
    else:
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=9))
    if draw(st.booleans()):
        rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    else:
        rows = [_plausible_row(draw, header) for _ in range(draw(st.integers(1, 8)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    if kind == "empty":
        return "e.csv", b""
    if kind == "header-only":
        return "e.csv", _csv_bytes(header, [], encoding)
    if kind == "truncated":
        data = _csv_bytes(header, rows, encoding)
        return "e.csv", data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    if kind == "wrong-encoding":
        return "e.csv", _csv_bytes(header, rows, "utf-16")
    if kind == "binary":
        return "e.csv", bytes(draw(st.lists(st.integers(0, 255), min_size=1, max_size=64)))
    if kind == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(header)
        for row in rows:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else
                       v if not isinstance(v, float) or v == v and abs(v) < 1e300 else None for v in row])
        buf = io.BytesIO()
        wb.save(buf)
        return "e.xlsx", buf.getvalue()
    return "e.csv", _csv_bytes(header, rows, encoding)


@pytest.mark.slow
@pytest.mark.xdist_group("fuzz")  # its count is read by test_fuzz_count_reported on the same worker
@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(files())
# found by the fuzz: a two-digit offset (+08) beside naive times once crashed the parser ("Mixed timezones")
@example(("e.csv", b"start,end,customers,area\n2022-03-05T14:20:00+08,2022-03-06 10:00,1,urban\n"
          b"2022-03-05 14:20,2022-03-06 10:00,1,urban\n"))
# found by the fuzz: a quoted line break in the row most like a header reached the one-line error message
@example(("e.csv", "停电开始时间".encode() + b'\r\n;,"0\n;"\r\n'))
def test_fuzz_loader_never_crashes(example_path, case):
    name, data = case
    path = example_path(name)
    path.write_bytes(data)
    FUZZ["files"] += 1
    try:
        events, rejects, report = load_events(path)
    except LqrelError as exc:
        FUZZ["refused"] += 1
        message = str(exc)
        assert message and "\n" not in message and str(path) in message
        return
    FUZZ["loaded"] += 1
    FUZZ["accepting"] += bool(len(events))
    assert report.rows_read == report.accepted + report.rejected + report.duplicates
    assert len(events) == report.accepted and len(rejects) == report.rejected
    assert (events["end"] >= events["start"]).all() and (events["customers"] >= 0).all()
    assert (events["duration_h"] <= 720).all() and events["start"].dt.year.between(1900, 2199).all()


@pytest.mark.slow  # with the fuzz test, whose count it reads
@pytest.mark.xdist_group("fuzz")  # on the fuzz test's worker, after it (make test: --dist loadgroup)
def test_fuzz_count_reported():
    """Runs after the fuzz test (file order, on the same worker: make test distributes by file): at least 2,000
    generated files went through the loader, and enough of them had accepted events for the checks on accepted
    events to mean something."""
    print(f"fuzz: {FUZZ['files']} generated files, {FUZZ['loaded']} loaded and reconciled "
          f"({FUZZ['accepting']} with accepted events), {FUZZ['refused']} refused with one clear line")
    assert FUZZ["files"] >= 2000
    assert FUZZ["accepting"] >= 0.1 * FUZZ["files"]


def test_xlsx_merged_title_formula_values_and_text_dates(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["临朐县停电明细（合并标题）", None, None, None])
    ws.merge_cells("A1:D1")
    ws.append(["停电开始时间", "停电结束时间", "停电用户数", "区域"])
    ws.append(["2022-03-05 08:00", "2022-03-05 10:00", "=10*5", "城镇"])  # dates as text, a formula
    ws.append([pd.Timestamp("2022-03-06 08:00").to_pydatetime(), "2022年3月6日 9时", 7, "农村"])
    f = tmp_path / "e.xlsx"
    wb.save(f)
    # Give the formula the value a spreadsheet program would have cached.
    with zipfile.ZipFile(f) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>10*5</f><v></v>" in sheet or "<f>10*5</f><v/>" in sheet or "<f>10*5</f>" in sheet
    sheet = sheet.replace("<f>10*5</f><v></v>", "<f>10*5</f>").replace("<f>10*5</f><v/>", "<f>10*5</f>")
    sheet = sheet.replace("<f>10*5</f>", "<f>10*5</f><v>50</v>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(f, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    ev, rj, rep = load_events(f)
    assert rep.header_row == 2 and rj.empty
    assert ev["customers"].tolist() == [50, 7]  # the formula's value, not its text
    assert ev["duration_h"].tolist() == [2.0, 1.0]


def test_read_only_input_is_never_modified(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    f = data / "e.csv"
    f.write_text("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,1,urban\n", encoding="utf-8")
    before = (sha256(f), f.stat().st_mtime_ns)
    f.chmod(0o444)
    data.chmod(0o555)
    try:
        ev, _, _ = load_events(f)
        assert len(ev) == 1
        assert sorted(p.name for p in data.iterdir()) == ["e.csv"]  # nothing written beside it
        assert (sha256(f), f.stat().st_mtime_ns) == before
    finally:
        data.chmod(0o755)


@pytest.mark.slow  # starts a Jupyter kernel
def test_cell_past_timeout_names_the_cell(tmp_path):
    nb = tiny_notebook(tmp_path, "import time\ntime.sleep(60)")
    start = time.monotonic()
    with pytest.raises(ReportError, match=r"cell 3 of 3: .*(Timeout|timed out)"):
        build_report(sample_dataset(), "2022", tmp_path / "out", notebook=nb, timeout_s=3, formats=("ipynb",))
    assert time.monotonic() - start < 45
    assert not (tmp_path / "out" / "2022").exists()


@pytest.mark.slow  # starts a Jupyter kernel
def test_dead_kernel_names_the_cell(tmp_path):
    nb = tiny_notebook(tmp_path, "import os\nos._exit(1)")
    with pytest.raises(ReportError, match=r"cell 3 of 3: DeadKernelError"):
        build_report(sample_dataset(), "2022", tmp_path / "out", notebook=nb, timeout_s=60, formats=("ipynb",))


def _report_cmd(out: Path):
    return [sys.executable, "-m", "lqrel", "report", "--period", "2022Q3", "--out", str(out), "--params",
            str(ROOT / "params.yaml")]


def _assert_whole_report(folder: Path):
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["lqrel-report-2022Q3.html", "lqrel-report-2022Q3.ipynb", "lqrel-report-2022Q3.json",
                     "lqrel-report-2022Q3.xlsx"]
    assert check_html((folder / "lqrel-report-2022Q3.html").read_text(encoding="utf-8")) == []
    openpyxl.load_workbook(folder / "lqrel-report-2022Q3.xlsx")


def _has_reached(moment: str, pid: int, runs: list[Path]) -> bool:
    """Whether the run ``pid``, whose run folders are ``runs``, has reached ``moment`` (a state, not a time)."""
    if moment == "pandas imported":  # its C extensions are mapped: lqrel is loading the data
        try:
            return "pandas/_libs" in Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            return False
    if moment == "dataset saved":
        return any((run / "dataset.pickle").exists() for run in runs)
    if moment == "kernel runs":
        return bool(kernels_of(pid))
    if moment == "workbook written":  # by the notebook's last cells, into the run's build folder
        return any(run.glob("build/*.xlsx") for run in runs)
    return moment == "at once"


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_old_or_new_report(tmp_path, shared_reports):
    """SIGKILL to a run and its kernel at five moments of the run, each waited for as a state with a deadline:
    the published report is the old one or a whole new one. The report published before is a copy of the run's
    shared build of the sample's 2022Q3 page (its HTML and summary only, so that the old and a new report differ
    in their files as well as their bytes)."""
    out = copy_reports(shared_reports("2022Q3", formats=("html",))[1], tmp_path / "reports")
    state = tmp_path / "state"
    env = {**os.environ, "LQREL_STATE_DIR": str(state)}
    folder = out / "2022Q3"
    old_html, old_files = (folder / "lqrel-report-2022Q3.html").read_bytes(), sorted(os.listdir(folder))
    (state / "runs").mkdir(parents=True)
    for moment in ("at once", "pandas imported", "dataset saved", "kernel runs", "workbook written"):
        earlier = set((state / "runs").iterdir())
        proc = subprocess.Popen(_report_cmd(out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, env=env)

        def reached(proc=proc, moment=moment, earlier=earlier):
            assert proc.poll() is None, f"the run ended before '{moment}'"
            return _has_reached(moment, proc.pid, sorted(set((state / "runs").iterdir()) - earlier))

        wait_until(reached)
        kernels = kernels_of(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)  # the run
        for kernel in kernels:  # and its kernel
            with contextlib.suppress(ProcessLookupError):
                os.kill(kernel, signal.SIGKILL)
        proc.wait()
        html = (folder / "lqrel-report-2022Q3.html").read_bytes()
        if html != old_html:  # a whole new report, never a part of one
            _assert_whole_report(folder)
        else:
            assert sorted(os.listdir(folder)) == old_files
    # a later run still succeeds and tidies what the killed ones left: the published folder holds the report and
    # its index, nothing else
    assert subprocess.run(_report_cmd(out), cwd=ROOT, capture_output=True, env=env).returncode == 0
    _assert_whole_report(folder)
    assert sorted(os.listdir(out)) == [os.readlink(folder), "2022Q3", "index.html"]


@pytest.mark.slow
def test_two_runs_give_the_same_page(tmp_path, shared_reports):
    import re

    first = shared_reports("2022Q3", formats=("html",))[0]["2022Q3"]  # the run's shared build: the first run
    second = build_report(sample_dataset(), "2022Q3", tmp_path / "r1", formats=("html",))
    pages = [re.sub(r'id="generated">[^<]*<', 'id="generated"><', r.html.read_text(encoding="utf-8"))
             for r in (first, second)]
    assert pages[0] == pages[1]


def test_csv_and_xlsx_exports_neutralize_formulas(tmp_path):
    from lqrel.cli import main

    f = tmp_path / "e.csv"
    f.write_text("start,end,customers,area\n2022-01-01 10:00,2022-01-01 11:00,=HYPERLINK(\"x\"),urban\n"
                 "2022-01-01 10:00,2022-01-01 11:00,-35,urban\n", encoding="utf-8")
    out = tmp_path / "rejects.csv"
    assert main(["validate", str(f), "--rejects", str(out)]) == 1
    values = pd.read_csv(out, dtype=str, encoding="utf-8-sig")["value"].tolist()
    assert values == ["'=HYPERLINK(\"x\")", "-35"]  # text neutralized, numbers stay numbers


def test_random_bytes_in_a_real_export_still_reconcile(tmp_path):
    """Overwrite random single-byte characters of 40 lines of the shipped sample with other printable bytes (so
    the file still decodes as GB18030, as a damaged but readable export would): every row is still accounted
    for, the damaged rows are rejected or changed, and the rest load."""
    raw = (ROOT / "data" / "linqu_outages.csv").read_bytes().split(b"\n")
    rng = random.Random(5)
    damaged = rng.sample(range(1, len(raw) - 1), 40)
    for i in damaged:
        line = bytearray(raw[i])
        ascii_at = [j for j, b in enumerate(line) if 0x20 <= b < 0x7F]
        for j in rng.sample(ascii_at, 3):
            line[j] = rng.randrange(0x40, 0x7F)  # a valid lone byte, and a valid GB18030 trail byte
        raw[i] = bytes(line)
    f = tmp_path / "corrupt.csv"
    f.write_bytes(b"\n".join(raw))
    ev, rj, rep = load_events(f)
    assert rep.encoding == "gb18030"
    assert rep.rows_read == rep.accepted + rep.rejected + rep.duplicates == len(raw) - 2
    # at most the 40 damaged rows join the sample's 7 bad rows and 1 duplicate
    assert 7 < rep.rejected <= 47 and rep.accepted >= rep.rows_read - 40 - 7 - 1
    clean, _, _ = load_events(ROOT / "data" / "linqu_outages.csv")
    untouched = set(clean["row"]) - {i + 1 for i in damaged}  # file line i is row i + 1
    assert untouched <= set(ev["row"])  # every undamaged good row still loads


