"""The Word 报送材料: the document the county power-supply company sends the county's 发展和改革局 (half-year by
the end of June, the year by 5 January; the action plan, section 三/四).

Title (编制单位 + period + 供电可靠性工作情况), 编制单位, 报送单位 and date, then 一、总体情况 二、目标完成情况
三、停电原因与重点供电所、线路 四、重大事件日与频繁停电, written from the report's tables (deterministic sentences:
every number is a value of those tables, rounded as the page rounds it), with the key tables as Word tables;
五、存在问题 and 六、下一步工作 list what the numbers show and leave clearly marked room for the analyst.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from lqrel.messages import note
from lqrel.output import visible
from lqrel.report.i18n import labels, period_name
from lqrel.report.present import calibration_text, fmt, generated_at, med_history_text, translate_values
from lqrel.report.sentences import ceiling_phrase, connection_sentences, headline_sentence

#: The marker of text the analyst is to complete.
TO_COMPLETE = {"zh": "【请分析人员补充】", "en": "[to be completed by the analyst]"}

_TEXT = {
    "zh": {
        "title": "{organization}{period}供电可靠性工作情况",
        "meta": "编制单位：{organization}    报送单位：{recipient}    日期：{date}",
        "coverage": "数据覆盖：{start} 至 {end}（{source}）。",
        "s1": "一、总体情况", "s2": "二、目标完成情况", "s3": "三、停电原因与重点供电所、线路",
        "s4": "四、重大事件日与频繁停电", "s5": "五、存在问题", "s6": "六、下一步工作",
        "s2_connection": "（二）办电时长",
        "overall": ("{period}，全县用户平均停电时间 {saidi:.2f} 小时，平均供电可靠率 {asai}，停电时户数 {ch:,.0f} 户·小时，"
                    "停电户次 {ci:,.0f}，持续停电 {events:,} 起；其中预安排停电 {s:.2f} 小时、故障停电 {f:.2f} 小时。"),
        "overall_excl": "剔除重大事件日后，全县用户平均停电时间 {saidi:.2f} 小时。",
        "basis": "目标按{basis}判定。",
        "rule": "目标规则：{rule}。",
        "causes": "停电时户数最多的停电原因依次为{causes}。",
        "cause_item": "{cause}（占 {share:.1f}%）",
        "towns": "停电时户数最多的供电所依次为{towns}；线路为{feeders}。表中“对全县 SAIDI 的贡献”是该所（线路）停电时户数除以全县总用户数，各行相加等于全县 SAIDI。",
        "group_item": "{name}（{ch:,.0f} 户·小时）",
        "town_own": "按各所自身用户数计算，停电时户数前十的供电所中用户平均停电时间最长的是{town}（{saidi:.2f} 小时）。",
        "med_none": "本期没有重大事件日。",
        "med": "本期有 {n} 个重大事件日：{days}。剔除这些日子开始的停电后，全县用户平均停电时间为 {saidi:.2f} 小时。",
        "med_item": "{date}（当日 {saidi:.1f} 分钟，阈值 {t:.1f} 分钟）",
        "frequent_none": "没有线路触发频繁停电或预警规则。",
        "frequent": "频繁停电线路 {n} 条：{frequent}；预警线路 {m} 条。",
        "found": "根据数据，以下情况值得关注（由系统生成，请核实）：",
        "risk": "{area}{status}（{detail}）。",
        "top_cause": "{cause}造成的停电时户数占 {share:.1f}%，为首要停电原因。",
        "planned": "预安排停电占全县用户平均停电时间的 {share:.1f}%，计划停电的时户数管控仍有压缩空间。",
        "frequent_found": "有 {n} 条线路频繁停电，需逐条分析原因。",
        "next": "下一步工作：",
    },
    "en": {
        "title": "{organization}: power-supply reliability, {period}",
        "meta": "Prepared by: {organization}    For: {recipient}    Date: {date}",
        "coverage": "Data coverage: {start} to {end} ({source}).",
        "s1": "1. Overview", "s2": "2. Targets", "s3": "3. Causes, towns and feeders",
        "s4": "4. Major event days and frequent outages", "s5": "5. Problems", "s6": "6. Next steps",
        "s2_connection": "2.2 Connection time",
        "overall": ("In {period} the county's average outage time per customer was {saidi:.2f} h, availability "
                    "{asai}, {ch:,.0f} customer-hours, {ci:,.0f} customer interruptions and {events:,} sustained "
                    "events; planned outages {s:.2f} h, faults {f:.2f} h."),
        "overall_excl": "Without major event days the county's SAIDI was {saidi:.2f} h.",
        "basis": "Targets are judged on {basis}.",
        "rule": " Target rule: {rule}.",
        "causes": "The causes with the most customer-hours: {causes}.",
        "cause_item": "{cause} ({share:.1f}%)",
        "towns": "Towns with the most customer-hours: {towns}; feeders: {feeders}. A contribution to SAIDI is the group's customer-hours over the county's customers served; the rows add up to the county's SAIDI.",
        "group_item": "{name} ({ch:,.0f} customer-hours)",
        "town_own": "Among the ten towns with the most customer-hours, counted over each town's own users, the longest average outage time is {town}'s ({saidi:.2f} h).",
        "med_none": "No major event day in this period.",
        "med": "{n} major event days: {days}. Without the outages that began on them, the county's SAIDI was {saidi:.2f} h.",
        "med_item": "{date} ({saidi:.1f} min that day, threshold {t:.1f} min)",
        "frequent_none": "No feeder hit a frequent-outage or warning rule.",
        "frequent": "{n} feeders with frequent outages: {frequent}; {m} on warning.",
        "found": "What the numbers show (generated, to be checked):",
        "risk": "{area}: {status} ({detail}).",
        "top_cause": "{cause} caused {share:.1f}% of the customer-hours, the leading cause.",
        "planned": "Planned outages made {share:.1f}% of the county's SAIDI: room to cut planned customer-hours.",
        "frequent_found": "{n} feeders had frequent outages; each needs its causes analysed.",
        "next": "Next steps:",
    },
}


def _all(table: pd.DataFrame) -> dict:
    return table[table["area"] == "all"].iloc[0].to_dict()


def _table(doc, frame: pd.DataFrame, lang: str, targets=None) -> None:
    """A Word table of a report table, headers and cells as the page shows them (the rule's words from
    ``targets``)."""
    lab = labels(lang, targets)
    shown = translate_values(frame, lang, targets)
    table = doc.add_table(rows=1, cols=len(shown.columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, shown.columns, strict=True):
        cell.text = lab.get(column, column)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for record in shown.itertuples(index=False):
        cells = table.add_row().cells
        for cell, column, value in zip(cells, shown.columns, record, strict=True):
            cell.text = visible(fmt(column, value, lang))


def write_docx(tables: dict, ds, period, path: str | Path, lang: str = "zh", today: dt.date | None = None) -> Path:
    """Write the 报送材料 of a period to ``path`` (.docx).

    Parameters
    ----------
    tables : dict
        :func:`lqrel.report.tables.report_tables` of the period.
    ds : lqrel.dataset.Dataset
    period : Period
    today : date, optional
        The document's date (default: today in the settings' zone).
    """
    doc = _document(lang)
    _front_matter(doc, ds, period, lang, today)
    _overall_section(doc, tables, period_name(period, lang), lang)
    _targets_section(doc, tables, ds, period, lang)
    _causes_section(doc, tables, lang)
    _events_section(doc, tables, lang)
    _closing_sections(doc, tables, lang)
    path = Path(path)
    doc.save(path)
    return path


def _document(lang: str):
    """An empty Word document, its normal text in SimSun (Chinese) or Calibri at 12 pt."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun" if lang == "zh" else "Calibri"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    style.font.size = Pt(12)
    return doc


def _front_matter(doc, ds, period, lang: str, today: dt.date | None) -> None:
    """The title, who sends it to whom and when, and the coverage the numbers rest on."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    text, lab = _TEXT[lang], labels(lang, ds.params.targets)
    settings = ds.params.report
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(text["title"].format(organization=settings.organization,
                                             period=period_name(period, lang)))
    run.bold, run.font.size = True, Pt(18)
    date = generated_at(ds.params.timezone, lang).split(" ")[0] if today is None else (
        f"{today.year}年{today.month}月{today.day}日" if lang == "zh" else today.isoformat())
    meta = doc.add_paragraph(text["meta"].format(organization=settings.organization, recipient=settings.recipient,
                                                 date=date))
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    coverage = ds.coverage
    source = lab["coverage_inferred"] if coverage.inferred else lab["coverage_declared"]
    doc.add_paragraph(text["coverage"].format(start=f"{coverage.first:%Y-%m-%d}", end=f"{coverage.through:%Y-%m-%d}",
                                              source=source))


def _overall_section(doc, tables: dict, name: str, lang: str) -> None:
    """一、总体情况: the county's indices in words and the table by area."""
    text = _TEXT[lang]
    doc.add_heading(text["s1"], level=1)
    county, county_excl = _all(tables["indices"]), _all(tables["indices_excl"])
    doc.add_paragraph(text["overall"].format(
        period=name, saidi=county["saidi_h"], asai=fmt("asai", county["asai"]), ch=county["customer_hours"],
        ci=county["customer_interruptions"], events=int(county["events"]), s=county["saidi_s_h"],
        f=county["saidi_f_h"]))
    doc.add_paragraph(text["overall_excl"].format(saidi=county_excl["saidi_h"]))
    indices = ["area", "saidi_h", "saifi", "caidi_h", "asai", "customer_hours", "events", "customers_served"]
    _table(doc, tables["indices"][indices], lang)


def _targets_section(doc, tables: dict, ds, period, lang: str) -> None:
    """二、目标完成情况: each area against its target, the notes and calibration, and the connection target."""
    targets = ds.params.targets
    text, lab = _TEXT[lang], labels(lang, targets)
    head = tables["headline"]
    verdict = bool(head.attrs.get("verdict"))
    doc.add_heading(text["s2"], level=1)
    basis = "without_med" if targets.exclude_med else "all_data"
    doc.add_paragraph(text["basis"].format(basis=lab[f"pv_{basis}"]) + text["rule"].format(rule=lab["rule"]))
    for row in head.to_dict("records"):
        doc.add_paragraph(headline_sentence(row, period, verdict, lang, targets))
        doc.add_paragraph(ceiling_phrase(row, lang, targets, period.year) + ("。" if lang == "zh" else "."))
    columns = ["area", "period_saidi_h", "ytd_saidi_h", "last_year_saidi_h", "change", "ceiling_h"]
    columns += ["criterion", "status"] if verdict else ["projected_year_saidi_h", "probability_met", "status"]
    _table(doc, head[columns], lang, targets)
    for item in head.attrs.get("notes", []):  # reference year not covered, thresholds of short history, ...
        doc.add_paragraph(note(item, lang) + ("。" if lang == "zh" else "."))
    if not verdict and head.attrs.get("calibration"):  # how far the projection's odds held on this data
        doc.add_paragraph(calibration_text(head, lang))
    if "connection_facts" in tables:  # the action plan's second target, when an application log is configured
        doc.add_heading(text["s2_connection"], level=2)
        if tables["connection_facts"]["outside"]:
            doc.add_paragraph(lab["connection_outside"])
        else:
            doc.add_paragraph(" ".join(connection_sentences(tables, lang)) if lang == "en"
                              else "".join(connection_sentences(tables, lang)))
            shown = tables["connection_types"]
            _table(doc, shown[shown["applications"] > 0], lang)


def _causes_section(doc, tables: dict, lang: str) -> None:
    """三、停电原因与重点供电所、线路: the leading causes, towns and feeders, the worst town's own SAIDI."""
    text = _TEXT[lang]
    doc.add_heading(text["s3"], level=1)
    causes = tables["causes"].head(3)
    if len(causes):
        items = [text["cause_item"].format(cause=c or "–", share=s * 100)
                 for c, s in zip(causes["cause"], causes["share"], strict=True)]
        doc.add_paragraph(text["causes"].format(causes=("、" if lang == "zh" else ", ").join(items)))

    def groups(frame: pd.DataFrame, key: str) -> str:
        items = [text["group_item"].format(name=visible(n), ch=c)
                 for n, c in zip(frame[key].head(3), frame["customer_hours"].head(3), strict=True)]
        return ("、" if lang == "zh" else ", ").join(items) or "–"

    doc.add_paragraph(text["towns"].format(towns=groups(tables["towns"], "town"),
                                           feeders=groups(tables["feeders"], "feeder")))
    own = tables["towns"].dropna(subset=["town_saidi_h"]) if "town_saidi_h" in tables["towns"] else []
    if len(own):
        worst = own.loc[own["town_saidi_h"].idxmax()]
        doc.add_paragraph(text["town_own"].format(town=visible(worst["town"]), saidi=worst["town_saidi_h"]))
    _table(doc, tables["towns"].head(5), lang)


def _events_section(doc, tables: dict, lang: str) -> None:
    """四、重大事件日与频繁停电: the major event days, what their threshold rests on, the frequent outages."""
    text = _TEXT[lang]
    doc.add_heading(text["s4"], level=1)
    med = tables["med"]
    if len(med):
        days = [text["med_item"].format(date=f"{d:%Y-%m-%d}", saidi=s, t=t)
                for d, s, t in zip(med["date"], med["saidi_min"], med["t_med_min"], strict=True)]
        doc.add_paragraph(text["med"].format(n=len(med), days=("、" if lang == "zh" else "; ").join(days),
                                             saidi=_all(tables["indices_excl"])["saidi_h"]))
    else:
        doc.add_paragraph(text["med_none"])
    history = med_history_text(tables.get("med_daily"), lang)
    if history:  # what the threshold rests on (fewer than five years, or none: 剔除 equals 全量)
        doc.add_paragraph(history)
    frequent = tables["frequent"]
    if len(frequent):
        hit = frequent[frequent["level"] == "frequent"]
        names = ("、" if lang == "zh" else ", ").join(visible(u) for u in hit["unit"].head(10)) or "–"
        if len(hit) > 10:  # the first ten named, the rest in the workbook
            names += "等" if lang == "zh" else ", ..."
        doc.add_paragraph(text["frequent"].format(n=len(hit), frequent=names,
                                                  m=int((frequent["level"] == "warning").sum())))
    else:
        doc.add_paragraph(text["frequent_none"])


def _closing_sections(doc, tables: dict, lang: str) -> None:
    """五、存在问题 / 六、下一步工作: what the numbers show, the export's own problems, and room for the
    analyst."""
    text = _TEXT[lang]
    doc.add_heading(text["s5"], level=1)
    doc.add_paragraph(text["found"])
    for finding in findings(tables, lang):
        doc.add_paragraph(finding, style="List Bullet")
    notes = tables.get("data_notes")
    for data_note in [] if notes is None else notes["note"]:  # the export's own problems, named with their rows
        doc.add_paragraph(data_note, style="List Bullet")
    doc.add_paragraph(TO_COMPLETE[lang])
    doc.add_heading(text["s6"], level=1)
    doc.add_paragraph(TO_COMPLETE[lang])


def findings(tables: dict, lang: str = "zh") -> list[str]:
    """What the numbers show, by rules a reader can check: each area not met, at risk or off track; the leading
    cause when it makes more than 30% of the customer-hours; planned outages above half of SAIDI; feeders with
    frequent outages."""
    text, lab = _TEXT[lang], labels(lang)
    out = []
    area_names = {"zh": {"urban": "城镇地区", "rural": "农村地区"}, "en": {"urban": "Urban", "rural": "Rural"}}[lang]
    for row in tables["headline"].to_dict("records"):
        if row["status"] in ("not_met", "at_risk", "off_track", "unknown"):
            detail = (f"{lab['probability_met']} {row['probability_met'] * 100:.0f}%" if row["probability_met"] is not None
                      else f"{row['period_saidi_h']:.2f}{' 小时' if lang == 'zh' else ' h'}")
            out.append(text["risk"].format(area=area_names[row["area"]], status=lab[row["status"]], detail=detail))
    causes = tables["causes"]
    if len(causes) and causes["share"].iloc[0] > 0.30:
        out.append(text["top_cause"].format(cause=causes["cause"].iloc[0] or "–", share=causes["share"].iloc[0] * 100))
    county = _all(tables["indices"])
    if county["saidi_h"] > 0 and county["saidi_s_h"] / county["saidi_h"] > 0.5:
        out.append(text["planned"].format(share=county["saidi_s_h"] / county["saidi_h"] * 100))
    frequent = tables["frequent"]
    if len(frequent) and (frequent["level"] == "frequent").any():
        out.append(text["frequent_found"].format(n=int((frequent["level"] == "frequent").sum())))
    return out
