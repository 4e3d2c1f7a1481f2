"""The Word 报送材料's 存在问题 and 下一步工作 name an area above its limit whose year cannot be judged (the reduction
criterion unknown: the previous year is not covered), with why the verdict is open; before, such an area was left
out of both. Worked by hand on a tiny year."""

from __future__ import annotations

import datetime as dt

import docx

from lqrel import load_dataset
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx
from lqrel.report.word_drafts import drafts
from tests.test_coverage_panel import _months, _write_customers, _write_events


def _year_without_its_reference(tmp_path):
    """2024 declared covered, 2023 not: urban one 8 h outage of all its 1000 customers (8.00 h > 7 h limit),
    rural one 1 h outage of 100 of 1000 (0.10 h, within its 10 h limit)."""
    e, c = tmp_path / "e.csv", tmp_path / "c.csv"
    _write_events(e, [("城关", "城镇", "2024-03-05 08:00", "2024-03-05 16:00", 1000),
                      ("柳山", "农村", "2024-04-05 08:00", "2024-04-05 09:00", 100)])
    _write_customers(c, _months("2024-01", "2024-12"), {"城镇": 1000, "农村": 1000})
    return load_dataset({"coverage": {"from": "2024-01-01", "through": "2024-12-31"}}, e, c)


def test_an_area_above_its_limit_with_an_open_verdict_is_named_as_a_problem_with_its_reason(tmp_path):
    ds = _year_without_its_reference(tmp_path)
    tables = report_tables(ds, "2024", "zh")
    problems, steps = drafts(tables, "zh")
    expected = ("城镇地区2024年用户平均停电时间 8.00小时，高于7.00小时的目标上限；参照年2023年数据不全，"
                "无法判断同比压缩8%这一项，是否达标暂不能判定。")
    assert problems[0] == expected
    assert steps[0] == "查找城镇地区超过目标上限的原因，强化停电时户数预算管控；补齐2023年停电数据后判定是否达标。"
    assert not any("农村" in p for p in problems)  # within its limit: met, no problem
    path = write_docx(tables, ds, ds.period("2024"), tmp_path / "r.docx", "zh", date=dt.date(2025, 1, 5))
    said = [p.text for p in docx.Document(path).paragraphs]
    start = next(i for i, p in enumerate(said) if p.endswith("存在问题"))
    assert any(p.endswith(expected) for p in said[start:start + 3]), said[start:]
    en = drafts(report_tables(ds, "2024", "en"), "en")[0][0]
    assert en.startswith("Urban areas: 8.00 h in 2024, above the 7.00 h limit; 2023 is not covered"), en
