"""The late applications in the Word 报送材料 (docs/spec.md §10, §12): after the 办电时长 table, the late count by
kind, the national small and micro firm figure beside 附件2, and the first late applications with their stages
(the rest counted, the complete list in the workbook)."""

from __future__ import annotations

from lqrel.report.late_list import late_sentences, more_note, short_late

#: Columns of the Word document's late list (a 公文 page is narrower than the report's).
WORD_COLUMNS = ["app_id", "customer_type", "late_kind", "late_stage", "missed_limit", "total_wd", "stage_dates"]


def late_part(w, tables: dict, first: int = 10) -> None:
    """Write the late part with the document's writer ``w`` (:class:`lqrel.report.word._Writer`): sentences, the
    first ``first`` late applications as a table, and how many more the workbook lists."""
    for sentence in late_sentences(tables, w.lang):
        w.prose(sentence)
    late = tables["connection_late"]
    if not len(late):
        return
    w.table(short_late(late.head(first), w.lang, tables["connection_facts"]["rule"])[WORD_COLUMNS])
    more = more_note(first, len(late), w.lang, "connection_late_more", "connection_late")
    if more:
        w.prose(more)
