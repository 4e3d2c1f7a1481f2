"""What a report run accepts before it builds anything: the periods due on a day, and a period that is not one
(checked before any path is made from it). No notebook runs here: these belong to the fast subset."""

from __future__ import annotations

import pandas as pd
import pytest

from lqrel.periods import due_periods
from lqrel.report.runner import build_report
from tests.conftest import sample_dataset


def test_report_rejects_bad_period_before_any_path(tmp_path):
    with pytest.raises(Exception, match="invalid period"):
        build_report(sample_dataset(), "../../etc", tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("today", "due"),
    [("2023-01-03", ["2022Q4", "2022"]), ("2023-04-01", ["2023Q1"]), ("2023-07-01", ["2023Q2", "2023H1"]),
     ("2023-10-15", ["2023Q3"])],
)
def test_due_periods(today, due):
    assert due_periods(pd.Timestamp(today)) == due
