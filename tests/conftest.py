"""Shared helpers: build canonical events and customers tables from plain rows."""

from __future__ import annotations

import copy
import fcntl
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import settings

from lqrel.dataset import Dataset, from_frames, load_dataset
from lqrel.events import validate_events
from lqrel.params import load_params

ROOT = Path(__file__).resolve().parents[1]
#: Counts of the loader fuzz test (tests/test_hardening.py), printed in the run's summary.
FUZZ = {"files": 0, "loaded": 0, "accepting": 0, "refused": 0}
# Report runs keep their locks, runs and failed notebooks in a private state folder: the tests' own, never the
# user's cache folder (subprocesses inherit it).
os.environ.setdefault("LQREL_STATE_DIR", tempfile.mkdtemp(prefix="lqrel-test-state-"))
#: Real files from other utilities, copied into the repository with their source and licence (README there).
REAL = ROOT / "tests" / "data" / "real"
#: Hypothesis profiles, neither with a deadline (a loaded machine must not fail a property). "full", the default
#: (make test), runs each property test's own number of examples; "fast" (make test-fast passes
#: --hypothesis-profile fast) a tenth of it, at least FAST_EXAMPLES: the edit-run loop.
FAST_EXAMPLES = 10
settings.register_profile("full", deadline=None)
settings.register_profile("fast", deadline=None, max_examples=FAST_EXAMPLES)
settings.load_profile("full")


def examples(full: int) -> int:
    """The examples a property test runs: ``full`` under the full profile, a tenth (at least
    :data:`FAST_EXAMPLES`) under the fast one. Call it in the test's ``@settings`` (evaluated at collection, after
    the profile is loaded)."""
    return max(FAST_EXAMPLES, full // 10) if settings.default.max_examples == FAST_EXAMPLES else full


def kernels_of(pid: int) -> list[int]:
    """Kernel processes that the run ``pid`` started and that still run (jupyter_client gives each kernel its
    parent's pid in ``JPY_PARENT_PID``). Read from /proc, not ``ps``: ``ps`` cuts its lines at $COLUMNS,
    which cut ``ipykernel_launcher`` off a long venv path in CI."""
    mark = f"JPY_PARENT_PID={pid}\0".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark in environ.read_bytes() + b"\0":
                found.append(int(environ.parent.name))
        except OSError:  # gone, or not ours to read
            pass
    return found


def wait_until(state, deadline_s: float = 120.0) -> None:
    """Poll ``state()`` until it holds; fail after ``deadline_s`` seconds (a deadline, never a fixed sleep)."""
    end = time.monotonic() + deadline_s
    while not state():
        assert time.monotonic() < end, f"the state was not reached in {deadline_s} s"
        time.sleep(0.05)


def make_events(rows: list[dict], params=None) -> pd.DataFrame:
    """Events from rows of canonical cells (strings as a user would type them); all must be accepted."""
    frame = pd.DataFrame(rows).astype(object)
    frame["row"] = range(2, len(frame) + 2)
    events, rejects, _, dups = validate_events(frame, load_params(params))
    assert rejects.empty, rejects
    assert not dups
    return events


def make_dataset(events: pd.DataFrame, customers: pd.DataFrame, params=None, coverage=None) -> Dataset:
    """A dataset from frames; ``coverage`` = (from, through) declared, else inferred from the events' months."""
    return from_frames(events, customers, params, coverage)


def sample_params(changes: dict | None = None):
    """The repository's params.yaml with ``changes`` merged in (one level deep: ``{"targets": {...}}`` changes
    only the keys given)."""
    raw = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    for key in ("events", "customers", "applications"):
        raw[key] = str(ROOT / raw[key])
    for key, value in (changes or {}).items():
        raw[key] = {**raw[key], **value} if isinstance(value, dict) and isinstance(raw.get(key), dict) else value
    return load_params(raw)


def sample_dataset(changes: dict | None = None, **kwargs) -> Dataset:
    """The shipped synthetic sample, loaded as the command line loads it (params.yaml with ``changes``)."""
    return load_dataset(sample_params(changes), **kwargs)


def monthly_customers(counts: dict[str, float], months: list[str]) -> pd.DataFrame:
    """Customers table with a constant count per area over the given months (YYYY-MM)."""
    rows = [(area, pd.Period(m, freq="M"), float(n)) for area, n in counts.items() for m in months]
    return pd.DataFrame(rows, columns=["area", "month", "customers"])


def months_of(*years: int) -> list[str]:
    return [f"{y}-{m:02d}" for y in years for m in range(1, 13)]


@pytest.fixture
def real_dir() -> Path:
    """The real-data folder of the repository (tests/data/real)."""
    return REAL


@pytest.fixture(scope="session")
def sample_tables():
    """The report tables (:func:`lqrel.report.tables.report_tables`, several seconds each) of the shipped sample,
    computed once per xdist worker for each request and shared by the tests that ask the same.

    ``sample_tables(period, lang="zh", changes=None, **load)`` returns ``(ds, tables)`` for
    ``ds = sample_dataset(changes, **load)``: the dataset is shared (do not change it), the tables are a deep copy
    of the cached ones (a test may change its copy).
    """
    cache = {}

    def get(period: str, lang: str = "zh", changes: dict | None = None, **load):
        from lqrel.report.tables import report_tables

        key = json.dumps({"changes": changes, "load": load}, sort_keys=True, default=str)
        if key not in cache:
            cache[key] = (sample_dataset(changes, **load), {})
        ds, tables = cache[key]
        if (period, lang) not in tables:
            tables[period, lang] = report_tables(ds, period, lang)
        return ds, copy.deepcopy(tables[period, lang])

    return get


def _shared_folder(tmp_path_factory) -> Path:
    """The folder of this test run's shared reports: one per run, seen by every xdist worker (their base
    temporary folders are siblings), never reused by a later run."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-reports"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def shared_reports(tmp_path_factory):
    """Real report builds (papermill + nbconvert, :func:`lqrel.report.runner.build_report`) of the shipped sample,
    each built once per test run and shared by every test and xdist worker that asks for the same one.

    ``shared_reports(periods, lang="zh", changes=None, formats=None, **load)`` returns ``({period: ReportResult},
    out)``: the periods built in that order into one published folder ``out`` (with its index), on
    ``sample_dataset(changes, **load)``; ``formats`` as :func:`build_report` takes them (None: the period's
    defaults). The first asker builds under a file lock, the others wait for the lock and read the result.
    The folder is shared: read it, never write into it (:func:`copy_reports` gives a private copy to change).
    """
    root = _shared_folder(tmp_path_factory)

    def get(periods, lang: str = "zh", changes: dict | None = None, formats: tuple[str, ...] | None = None, **load):
        from lqrel.report.runner import ReportResult, build_report

        periods = (periods,) if isinstance(periods, str) else tuple(periods)
        request = {"periods": periods, "lang": lang, "changes": changes, "formats": formats, "load": load}
        key = hashlib.sha1(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()[:12]
        folder = root / f"{'-'.join(periods)}-{lang}-{key}"
        done = root / f"{folder.name}.json"
        with open(root / f"{folder.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)  # a build that failed in another test
                ds = sample_dataset(changes, **load)
                built = {p: build_report(ds, p, folder / "out", lang=lang, formats=formats) for p in periods}
                done.write_text(json.dumps({p: {"folder": str(r.folder), "summary": r.summary,
                                                "files": {f: str(v) for f, v in r.files.items()}}
                                            for p, r in built.items()}), encoding="utf-8")
        results = {p: ReportResult(folder=Path(r["folder"]), files={f: Path(v) for f, v in r["files"].items()},
                                   summary=r["summary"]) for p, r in json.loads(done.read_text("utf-8")).items()}
        return results, folder / "out"

    return get


def tiny_notebook(folder: Path, source: str) -> Path:
    """A three-cell notebook for :func:`build_report`'s ``notebook=`` (its parameters cell, ``x = 1``, then
    ``source``): the cheapest real run, for tests of the build process itself (a failing cell, a timeout, a dead
    kernel, what a failure leaves behind), not of the report's content."""
    import nbformat  # here, not at the top: its import (jsonschema's format checkers) takes seconds

    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    params = ('period: str = "2022"\ndataset_path: str = ""\nlang: str = "zh"\nxlsx_path: str = ""\n'
              'summary_path: str = ""')
    nb.cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell(source)]
    path = folder / "nb.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="session")
def example_path(tmp_path_factory):
    """``example_path(name)``: a new file path in one folder of the worker's temporary tree at each call, for the
    property tests that write a file per example (a numbered folder per example, ``mktemp(numbered=True)``, lists
    every earlier one to find its number: 5 s for the fuzz's 2,000 files, and more for each test after it)."""
    folder, count = tmp_path_factory.mktemp("examples"), itertools.count()
    return lambda name: folder / f"{next(count)}-{name}"


def copy_reports(out: Path, dest: Path) -> Path:
    """A private copy of a shared published folder (its period links kept as links), for a test that changes it."""
    shutil.copytree(out, dest, symlinks=True)
    return dest


def pytest_terminal_summary(terminalreporter):
    if FUZZ["files"]:
        terminalreporter.write_line(
            f"loader fuzz: {FUZZ['files']} generated files, {FUZZ['loaded']} loaded and reconciled "
            f"({FUZZ['accepting']} with accepted events), {FUZZ['refused']} refused with one clear error line"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """With ``LQREL_TEST_TIMELINE=FILE``: one line per test (worker, start and end [s since the epoch], the CPU
    seconds of the worker and of the processes it started and waited for (kernels, commands, Chromium), node id)
    appended to FILE, to see where a parallel run's time goes and where it waits (tests/README.md "Test time")."""
    path = os.environ.get("LQREL_TEST_TIMELINE")
    start, cpu = time.time(), _cpu_s()
    yield
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}\t{start:.3f}\t{time.time():.3f}\t"
                      f"{_cpu_s() - cpu:.3f}\t{item.nodeid}\n")


def _cpu_s() -> float:
    """User and system CPU seconds of this process and of its children that ended and were waited for."""
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def pytest_collection_modifyitems(config, items):
    """The tests marked slow first (file order kept within each part): a parallel run hands the tests out in this
    order, so its last minutes are spent on the many short tests, which even out the workers, rather than on a
    report build that one worker starts while the other has nothing left (30 s of the run's end before)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
