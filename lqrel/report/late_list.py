"""The late applications of 办电时长 as the report shows them (docs/spec.md §10, issue 29): the complete list for
the workbook, a short list for the page and the Word document (the first N, saying how many more the workbook
holds), the counts per customer type, 供电所 and month, the national small and micro firm figure, and the
application log's rejected rows with their reasons."""

from __future__ import annotations

import pandas as pd

from lqrel.connection import STAGES, stage_columns
from lqrel.connection_late import over_total
from lqrel.messages.formats import form
from lqrel.report.i18n import SHEETS, labels

#: Columns of the complete late list before the stages' (the workbook's sheet ``connection_late``).
LEAD = ["app_id", "row", "customer_type", "town", "month", "connected", "late_kind", "late_stage", "missed_limit_wd",
        "total_wd", "limit_wd", "missing_stages"]


def workbook_late(late: pd.DataFrame, lang: str = "zh", rule: str = "calendar") -> pd.DataFrame:
    """Every late and incomplete application (:func:`lqrel.connection_late.late`): :data:`LEAD` with the limit
    missed in words after its working days (``missed_limit``, in ``lang``: a next-day miss, whose limit is no
    count of working days, reads 当日申请、次日接电 and the ``rule``'s day, never a blank), then the start, end
    and working days of each stage some listed application recorded (``town`` only when the log has it)."""
    columns = [c for c in LEAD if c != "town" or late["town"].notna().any()]
    columns.insert(columns.index("missed_limit_wd") + 1, "missed_limit")
    for stage in STAGES:
        start, end = stage_columns(stage)
        if late[start].notna().any():
            columns += [start, end, f"wd_{stage}"]
    words = [_missed(r, lang, rule) for r in late.to_dict("records")]
    return late.assign(missed_limit=pd.Series(words, index=late.index, dtype=object))[columns].reset_index(drop=True)


def _stage_text(row: dict, lang: str) -> str:
    """One application's stages: 业务受理 05-06→05-07 (1)；供电方案答复 05-07→05-14 (6)."""
    lab = labels(lang)
    parts = []
    for stage in STAGES:
        start, end = stage_columns(stage)
        if start in row and not pd.isna(row[start]):
            until = f"{row[end]:%m-%d}" if not pd.isna(row[end]) else "…"
            days = f"{row[f'wd_{stage}']:g}" if not pd.isna(row[f"wd_{stage}"]) else "–"
            parts.append(lab["stage_span"].format(stage=lab[f"st_{stage}"], start=f"{row[start]:%m-%d}", end=until,
                                                  days=days))
    return lab["stage_joiner"].join(parts)


def _missed(row: dict, lang: str, rule: str) -> str:
    """The limit an application missed, in words."""
    lab = labels(lang)
    kind, stage = row["late_kind"], row["late_stage"]
    if kind == "incomplete":
        return lab["missed_stage_record"].format(stage=lab[f"st_{stage}"])
    if kind == "next_day_missed":
        return lab["missed_next_day"].format(rule=lab[f"connection_rule_{rule}"])
    if kind == "stage_late":
        return lab["missed_stage_limit"].format(stage=lab[f"st_{stage}"], wd=row["missed_limit_wd"])
    return lab["missed_total_limit"].format(wd=row["missed_limit_wd"])


def short_late(late: pd.DataFrame, lang: str = "zh", rule: str = "calendar") -> pd.DataFrame:
    """The late list as the page and the Word document show it: application, type, 供电所 (when the log has it),
    connected on, late kind, the stage that made it late, the limit missed in words, total and limit, and the
    stages' dates with their working days in one column."""
    records = late.to_dict("records")
    out = pd.DataFrame({
        "app_id": late["app_id"], "customer_type": late["customer_type"],
        "town": late.get("town"), "connected": late["connected"],
        "late_kind": late["late_kind"], "late_stage": late["late_stage"],
        "missed_limit": [_missed(r, lang, rule) for r in records], "total_wd": late["total_wd"],
        "limit_wd": late["limit_wd"], "stage_dates": [_stage_text(r, lang) for r in records]})
    if "town" not in late or late["town"].isna().all():
        out = out.drop(columns="town")
    return out.reset_index(drop=True)


def more_note(shown: int, total: int, lang: str, code: str, sheet: str) -> str:
    """另有 K 户未列出，完整清单见工作簿“超时申请”工作表 when ``total`` exceeds ``shown``; else empty."""
    if total <= shown:
        return ""
    return labels(lang)[code].format(more=total - shown, sheet=SHEETS[lang][sheet])


def late_sentences(tables: dict, lang: str = "zh") -> list[str]:
    """The late count by kind and the national small and micro firm figure beside 附件2, in sentences."""
    types = tables["connection_late_types"]
    counts = {k: int(types[k].sum()) for k in ("incomplete", "next_day_missed", "stage_late", "total_late")}
    n = int(types["late"].sum())
    count = labels(lang)["connection_late_count"].format(n=n, **counts) if n else labels(lang)["connection_late_none"]
    over = over_total(tables["connection_late"]) if n else 0  # each is counted under its first kind only
    if over > counts["total_late"]:
        count += form("sentence_gap", lang) + labels(lang)["connection_over_total"].format(
            over=over, elsewhere=over - counts["total_late"])
    return [count, small_micro_sentence(tables["connection_facts"]["small_micro"], lang)]


def small_micro_sentence(figure: dict, lang: str = "zh") -> str:
    """国家要求小微企业办电时间不超过 N 个工作日 (the setting ``connection.small_micro_wd``) beside 附件2, with the
    period's small and micro firms (:func:`lqrel.connection_late.small_micro`)."""
    lab = labels(lang)
    if figure["applications"] and figure["max_wd"] is not None:
        return lab["connection_small_micro"].format(limit=figure["limit_wd"], n=figure["applications"],
                                                    max=f"{figure['max_wd']:g}", over=figure["over"])
    return lab["connection_small_micro_none"].format(limit=figure["limit_wd"])


def late_parts(tables: dict, lang: str = "zh", first: int = 20) -> list[tuple[str, object, str | None]]:
    """The page's part on late applications, as (kind, content, element id) for
    :func:`lqrel.report.present.section_connection` to render (``sentence``, ``title``, ``table``, ``note``):
    the counts and the small and micro firm figure, the first ``first`` late applications with their stages and
    how many more the workbook lists, the counts per customer type, 供电所 (when the log has it) and month."""
    lab = labels(lang)
    late = tables["connection_late"]
    out: list[tuple[str, object, str | None]] = [("sentence", t, None) for t in late_sentences(tables, lang)]
    if len(late):
        out += [("title", lab["connection_late_title"], None),
                ("table", short_late(late.head(first), lang, tables["connection_facts"]["rule"]),
                 "connection-late-table")]
        more = more_note(first, len(late), lang, "connection_late_more", "connection_late")
        out += [("note", more, "connection-late-more")] if more else []
    for key, title in (("connection_late_types", "connection_by_type_title"),
                       ("connection_late_towns", "connection_by_town_title"),
                       ("connection_late_months", "connection_by_month_title")):
        if len(tables[key]):
            out += [("title", lab[title], None), ("table", tables[key], key.replace("_", "-") + "-table")]
    return out


def rejects_parts(tables: dict, lang: str = "zh", first: int = 20) -> list[tuple[str, object, str | None]]:
    """The application log's rejected rows with their reasons, as :func:`late_parts`: the first ``first`` and
    how many more the workbook lists; none without any."""
    lab = labels(lang)
    rejects = tables["connection_rejects"]
    out: list[tuple[str, object, str | None]] = []
    if len(rejects):
        out += [("title", lab["connection_rejects_title"], None),
                ("table", rejects.head(first).rename(columns=lambda c: "q_" + c), "connection-rejects-table")]
        more = more_note(first, len(rejects), lang, "connection_rejects_more", "connection_rejects")
        out += [("note", more, "connection-rejects-more")] if more else []
    return out
