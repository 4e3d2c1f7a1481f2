"""Shared helpers: build canonical events and customers tables from plain rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lqrel.events import validate_events
from lqrel.params import load_params

ROOT = Path(__file__).resolve().parents[1]
#: Counts of the loader fuzz test (tests/test_hardening.py), printed in the run's summary.
FUZZ = {"files": 0, "loaded": 0, "refused": 0}
REAL = ROOT.parent / "shared" / "data" / "real"


def make_events(rows: list[dict], params=None) -> pd.DataFrame:
    """Events from rows of canonical cells (strings as a user would type them); all must be accepted."""
    frame = pd.DataFrame(rows).astype(object)
    frame["row"] = range(2, len(frame) + 2)
    events, rejects, _, dups = validate_events(frame, load_params(params))
    assert rejects.empty, rejects
    assert not dups
    return events


def monthly_customers(counts: dict[str, float], months: list[str]) -> pd.DataFrame:
    """Customers table with a constant count per area over the given months (YYYY-MM)."""
    rows = [(area, pd.Period(m, freq="M"), float(n)) for area, n in counts.items() for m in months]
    return pd.DataFrame(rows, columns=["area", "month", "customers"])


def months_of(*years: int) -> list[str]:
    return [f"{y}-{m:02d}" for y in years for m in range(1, 13)]


@pytest.fixture
def real_dir() -> Path:
    """The shared real-data folder; tests fail loudly (not skip) when it is missing, since CI has it."""
    assert REAL.is_dir(), f"real data folder missing: {REAL} (CI and developers have ../shared/data/real)"
    return REAL


def pytest_terminal_summary(terminalreporter):
    if FUZZ["files"]:
        terminalreporter.write_line(
            f"loader fuzz: {FUZZ['files']} generated files, {FUZZ['loaded']} loaded and reconciled, "
            f"{FUZZ['refused']} refused with one clear error line"
        )
