"""Each late application is counted under its first reason only (缺少环节, then 无工程未次日接电, then 合计超过时限),
so the count under 合计超过时限 is not how many were over their total limit: the counts say so, and when an
application without works is over its total as well, how many were over it in all (trial: 合计超过时限 2 户 while
5 were over their total). Working days by hand from the State Council's 2024 holidays (1 - 5 May off)."""

from __future__ import annotations

from lqrel.applications import load_applications
from lqrel.cli import main
from lqrel.connection import figures_for
from lqrel.connection_late import add_late
from lqrel.params import load_params
from lqrel.periods import parse_period
from lqrel.report.late_list import late_sentences
from tests.test_connection_late import HEADER

# B  居民, works (limit 3): acceptance 30 Apr -> 6 May {6} = 1; connection 6 -> 9 May {7, 8, 9} = 3; total 4 > 3.
# N  居民, no works: acceptance Mon 6 May -> 6 May = 0; connection 6 -> Fri 10 May {7, 8, 9, 10} = 4; total 4 > 3,
#    and connected after the next day: counted under 无工程未次日接电 only.
# E  居民, no works: accepted Mon 20 May, connected Tue 21 May: 1 working day, the next day: on time.
LOG = "\n".join([
    HEADER,
    "B,居民,有工程,8,城关供电所,2024-04-30 09:00,2024-05-06 10:00,,,,,2024-05-06 11:00,2024-05-09 16:00",
    "N,居民,无工程,6,五井供电所,2024-05-06 09:00,2024-05-06 10:00,,,,,2024-05-06 10:30,2024-05-10 16:00",
    "E,居民,无工程,4,五井供电所,2024-05-20 08:00,2024-05-20 09:00,,,,,2024-05-20 09:30,2024-05-21 10:00",
]) + "\n"


def _log(tmp_path):
    path = tmp_path / "业扩报装.csv"
    path.write_bytes(LOG.encode("gb18030"))
    return path


def test_the_late_counts_say_each_is_counted_once_and_how_many_were_over_their_total(tmp_path):
    params = load_params(None)
    result = add_late(figures_for(load_applications(_log(tmp_path), params), parse_period("2024-05"),
                                  params.connection), params.connection)
    tables = {"connection_late_types": result["late_by_type"], "connection_late": result["late"],
              "connection_facts": {"small_micro": result["small_micro"]}}
    assert late_sentences(tables, "zh")[0] == (
        "本期超时申请 2 户，每户只按首要超时原因计一次：缺少环节 0 户，无工程未次日接电 1 户，合计超过时限 1 户，"
        "以上计为未按时办结；合计未超但有环节超过本环节时限 0 户，仍计为按时办结。"
        "按电网环节合计工作日计，超过时限的共 2 户，其中 1 户已按缺少环节或无工程未次日接电计入。")
    en = late_sentences(tables, "en")[0]
    assert "each counted once under its first reason" in en and "2 applications were over their limit, 1 of" in en


def test_connect_says_each_is_counted_once_and_how_many_were_over_their_total(tmp_path, capsys):
    assert main(["connect", str(_log(tmp_path)), "--period", "2024-05"]) == 0
    out = capsys.readouterr().out
    assert ("超时申请 2 户（每户只按首要超时原因计一次：缺少环节 0 户，无工程未次日接电 1 户，合计超时 1 户，"
            "合计未超但环节超时 0 户；按合计工作日超过时限的共 2 户，其中 1 户已计入缺少环节或无工程未次日接电）"
            ) in out
    assert "超时申请按用户类别（每户只按首要超时原因计一次）：" in out
