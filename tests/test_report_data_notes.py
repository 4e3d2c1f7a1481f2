"""The report's data-quality section and the Word document name what the export itself got wrong: probable double
entries (both ids), ids reused by different outages, names written more than one way, events outside the coverage
(docs/spec.md §5, §5a; issue 25 items 1-3, 5). Files from the messy-export corpus (tests/data/messy)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from lqrel import load_dataset, load_params
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx

MESSY = Path(__file__).parent / "data" / "messy"
CUSTOMERS = MESSY / "customers_area_2022_2024.csv"


def _notes(name: str, lang: str, coverage=("2022-01-01", "2023-12-31"), **settings):
    params = load_params({"coverage": {"from": coverage[0], "through": coverage[1]}, **settings})
    ds = load_dataset(params, events=MESSY / name, customers=CUSTOMERS)
    tables = report_tables(ds, "2023", lang)
    return ds, tables, list(tables["data_notes"]["note"])


def test_double_entry_named_with_both_ids_and_rows_in_report_and_word(tmp_path):
    # c07: PM001 (row 2) and DD9001 (row 4): 10kV城关01线, 2023-05-10 14:00-16:00, 150 customers; kept (default)
    ds, tables, notes = _notes("c07_double_entry_keep.csv", "zh")
    assert len(notes) == 1
    assert "疑似重复录入 1 组" in notes[0] and "PM001, DD9001 (2, 4)" in notes[0]
    path = write_docx(tables, ds, ds.period("2023"), tmp_path / "r.docx", "zh")
    paragraphs = [p.text for p in Document(path).paragraphs]
    assert notes[0] in paragraphs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reused_ids_named_with_their_rows(lang):
    # c01: TD0001 rows 2 (2022-03-05) and 5 (2023-02-14), TD0002 rows 3 and 6 (other feeder), TD0003 rows 4 and 7
    _, _, notes = _notes("c01_id_reuse_yearly_exports.csv", lang)
    assert len(notes) == 1
    assert all(f"{i} ({a}, {b})" in notes[0] for i, a, b in [("TD0001", 2, 5), ("TD0002", 3, 6), ("TD0003", 4, 7)])
    assert ("3 个停电编号" if lang == "zh" else "3 event ids") in notes[0]


def test_feeder_spellings_merged_are_listed():
    # c09: 10kV城关01线 (rows 2, 4), 10KV城关01线 (row 3), 10kv城关01线 (row 5): one feeder, the most frequent spelling
    _, _, notes = _notes("c09_feeder_case_kv.csv", "zh")
    assert notes == ["1 个名称有多种写法，已按同一名称统计：10kV城关01线 ← 10kV城关01线 / 10KV城关01线 / 10kv城关01线"]


def test_events_outside_a_declared_coverage_are_counted_in_the_report():
    # c01 with coverage declared as 2023 only: rows 2, 3, 4 (2022) are outside it, kept and in no figure
    _, _, notes = _notes("c01_id_reuse_yearly_exports.csv", "en", coverage=("2023-01-01", "2023-12-31"))
    outside = [n for n in notes if "outside the data coverage" in n]
    assert len(outside) == 1 and outside[0].startswith("3 events") and outside[0].endswith("rows 2, 3, 4")


def test_rejected_rows_are_named_in_the_notes(monkeypatch):
    # c23: row 3 (G2, 2027-08-02) is after the run day 2026-12-03: rejected, and the notes name its row
    monkeypatch.setenv("LQREL_TODAY", "2026-12-03")
    _, _, notes = _notes("c23_date_in_future.csv", "en")
    assert notes == ["1 of the log's 3 rows read (33.3%) rejected, in no figure: rows 3 (lqrel validate gives each "
                     "reason)"]
