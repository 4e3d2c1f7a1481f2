"""The Word 报送材料: the 公文 the county power-supply company sends the county's 发展和改革局 (the half-year by the
end of June, the year by 5 January; docs/spec.md §12).

Laid out by GB/T 9704-2012 (:mod:`lqrel.report.gongwen`): optional 发文字号, title, 主送机关, the body, 附件说明,
落款 with the 成文日期, and an attachment on data and method in plain words. The body: 总体情况, 任务指标完成情况
(the SAIDI targets in the rule's words of :mod:`lqrel.rule_text`, and 办电时长 against 附件2), the 三零/三省 service
benefits, causes, towns and feeders, major event days and frequent outages, the worst feeders with drafted
actions (:mod:`lqrel.report.word_feeders`), 存在问题 and 下一步工作
(:mod:`lqrel.report.word_drafts`). Every section is drafted from the report's tables (every number is a value of
those tables, rounded as the page rounds it) and ends with a note asking the analyst to check it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from lqrel.messages import note, text
from lqrel.messages.formats import NUMERALS, TABLE_UNITS, form, sub_number
from lqrel.output import visible
from lqrel.report import gongwen
from lqrel.report.i18n import coverage_source, day_name, labels, period_name, through_name
from lqrel.report.plain import for_readers
from lqrel.report.present import PERCENT_COLUMNS, calibration_text, fmt, med_history_text, translate_values
from lqrel.report.sentences import ceiling_phrase, connection_sentences, headline_sentence
from lqrel.report.word_drafts import drafts, shown_share
from lqrel.report.word_feeders import write_worst_feeders
from lqrel.report.word_late import late_part
from lqrel.report.word_towns import towns_part

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
#: Units a Word table adds to a header that does not state one (docs/spec.md §12.2: units in the header), besides
#: the language's (:data:`lqrel.messages.formats.TABLE_UNITS`); a percentage column's cells then drop their % sign.
PERCENT_UNITS = {"asai": "%", **{c: "%" for c in PERCENT_COLUMNS}}
#: Benefits of the 三零/三省 table, in order (their columns in :func:`lqrel.service_benefits.service_benefits`).
BENEFITS = ("zero_visit", "zero_approval", "zero_investment", "online", "zero_cost")


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "gongwen")


def document_number(number: str) -> str:
    """A 发文字号 with its year in hexagonal brackets: 临供电[2025]12号 -> 临供电〔2025〕12号."""
    return re.sub(r"[\[【［(（〔](\d{4})[\]】］)）〕]", r"〔\1〕", number.strip())


class _Writer:
    """Adds the document's paragraphs: prose with dates in the Chinese form, numbered headings, tables."""

    def __init__(self, doc, lang: str):
        self.doc, self.lang, self.sections = doc, lang, 0

    def prose(self, words: str, style: str | None = None):
        words = for_readers(words)
        words = _ISO_DATE.sub(lambda m: day_name(dt.date(int(m[1]), int(m[2]), int(m[3])), self.lang), words)
        return self.doc.add_paragraph(visible(words), style=style)

    def section(self, code: str) -> None:
        title = form("heading", self.lang, numeral=NUMERALS[self.lang][self.sections], name=_say(code, self.lang))
        self.sections += 1
        self.doc.add_heading(title, level=1)

    def subsections(self, codes: list[str]) -> list[str]:
        """Headings of the next level, numbered （一）（二）; only when there are at least two (else none)."""
        if len(codes) < 2:
            return ["" for _ in codes]
        return [form("subheading", self.lang, number=sub_number(self.sections, i, self.lang), name=_say(c, self.lang))
                for i, c in enumerate(codes)]

    def heading2(self, title: str) -> None:
        if title:
            self.doc.add_heading(title, level=2)

    def items(self, sentences: list[str]) -> None:
        """Paragraphs numbered 1. 2. when there are at least two."""
        for i, sentence in enumerate(sentences, start=1):
            self.prose(form("item", self.lang, n=i, text=sentence) if len(sentences) > 1 else sentence)

    def review(self) -> None:
        self.prose(_say("review", self.lang))

    def table(self, frame: pd.DataFrame, targets=None) -> None:
        lab = labels(self.lang, targets)
        shown = translate_values(frame, self.lang, targets)
        units = {**TABLE_UNITS[self.lang], **PERCENT_UNITS}
        header = [lab.get(c, c) for c in shown.columns]
        header = [h if c not in units or "（" in h or "(" in h else h + form("aside", self.lang, text=units[c])
                  for c, h in zip(shown.columns, header, strict=True)]
        rows = [[visible(fmt(c, v, self.lang)) for c, v in zip(shown.columns, r, strict=True)]
                for r in shown.itertuples(index=False)]
        percent = [units.get(c) == "%" for c in shown.columns]
        rows = [[v.removesuffix("%") if p else v for v, p in zip(r, percent, strict=True)] for r in rows]
        gongwen.add_table(self.doc, header, rows)


def write_docx(tables: dict, ds, period, path: str | Path, lang: str = "zh", date: dt.date | None = None) -> Path:
    """Write the 报送材料 of a period to ``path`` (.docx).

    Parameters
    ----------
    tables : dict
        :func:`lqrel.report.tables.report_tables` of the period.
    ds : lqrel.dataset.Dataset
    period : Period
    date : date, optional
        The 成文日期 (default: today in the settings' zone).
    """
    from docx import Document

    if date is None:
        from zoneinfo import ZoneInfo

        date = dt.datetime.now(ZoneInfo(ds.params.timezone)).date()
    doc = Document()
    gongwen.setup(doc)
    gongwen.page_numbers(doc)
    w = _Writer(doc, lang)
    title = _front_matter(w, tables, ds, period)
    _overall(w, tables, period)
    _targets(w, tables, ds, period)
    _benefits(w, tables, period)
    _causes(w, tables)
    _events(w, tables)
    write_worst_feeders(w, tables)
    _benchmark(w, tables)
    _closing(w, tables)
    _signature(w, ds, date)
    _annex(w, tables, ds)
    _properties(doc, title, ds.params.report.organization, date)
    path = Path(path)
    doc.save(path)
    return path


def _centred(w: _Writer, words: str, font: str, size_pt: float):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = w.doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gongwen.indent_chars(paragraph._p, first=0)
    if words:
        run = paragraph.add_run(words)
        gongwen.set_fonts(run._r, font)
        run.font.size = Pt(size_pt)
    return paragraph


def _front_matter(w: _Writer, tables: dict, ds, period) -> str:
    """发文字号 (when set), the title (its lines broken between words), 主送机关 and the opening; returns the
    title."""
    from docx.shared import Pt

    settings, lang = ds.params.report, w.lang
    if settings.document_number:
        _centred(w, document_number(settings.document_number), gongwen.FONTS["body"], gongwen.BODY_PT)
    _centred(w, "", gongwen.FONTS["body"], gongwen.BODY_PT)
    shown, complete = ds.clip(period)
    last = (shown.end - pd.Timedelta(days=1)).date()
    named = period_name(period, lang)
    if not complete:  # a period clipped by the data says so in its title, as the page does (docs/spec.md §12.1)
        named += form("aside_own_line", lang, text=through_name(last, lang))
    parts = _say("title", lang, organization=settings.organization, period=named).split("|")
    heading = _centred(w, "", gongwen.FONTS["title"], gongwen.TITLE_PT)
    for i, line in enumerate(gongwen.title_lines(parts)):
        run = heading.add_run()
        gongwen.set_fonts(run._r, gongwen.FONTS["title"])
        run.font.size = Pt(gongwen.TITLE_PT)
        if i:
            run.add_break()
        run.add_text(line)
    title = "".join(parts)
    _centred(w, "", gongwen.FONTS["body"], gongwen.BODY_PT)
    recipient = w.prose(_say("recipient", lang, recipient=settings.recipient))
    gongwen.indent_chars(recipient._p, first=0)
    opening = _say("opening", lang, period=period_name(period, lang))
    if not complete:
        opening += form("sentence_gap", lang) + _say("as_of", lang, date=day_name(last, lang))
    w.prose(opening)
    return title


def _overall(w: _Writer, tables: dict, period) -> None:
    """总体情况: the county's indices in words and the table by area; the figures named by the span they cover
    (the period clipped to the data, the headline's ``attrs["shown"]``)."""
    lang = w.lang
    period = tables["headline"].attrs.get("shown") or period
    w.section("s_overall")
    county = tables["indices"][tables["indices"]["area"] == "all"].iloc[0]
    excl = tables["indices_excl"][tables["indices_excl"]["area"] == "all"].iloc[0]
    w.prose(_say(
        "overall", lang, period=period_name(period, lang), saidi=county["saidi_h"], asai=fmt("asai", county["asai"]),
        ch=county["customer_hours"], ci=county["customer_interruptions"], events=int(county["events"]),
        s=county["saidi_s_h"], f=county["saidi_f_h"]) + _say("overall_excl", lang, saidi=excl["saidi_h"]))
    w.table(tables["indices"][["area", "saidi_h", "saifi", "caidi_h", "asai", "customer_hours", "events",
                               "customers_served"]])
    w.review()


def _targets(w: _Writer, tables: dict, ds, period) -> None:
    """任务指标完成情况: the SAIDI targets of each area in the rule's words, and 办电时长 against 附件2."""
    targets, lang = ds.params.targets, w.lang
    lab = labels(lang, targets)
    head = tables["headline"]
    verdict, covered = bool(head.attrs.get("verdict")), head.attrs.get("shown")
    facts = tables.get("connection_facts")
    w.section("s_targets")
    saidi_title, connection_title = w.subsections(["s_targets_saidi", "s_targets_connection"] if facts
                                                  else ["s_targets_saidi"]) + [""] * (0 if facts else 1)
    w.heading2(saidi_title)
    w.prose(_say("basis", lang, basis=lab["pv_without_med" if targets.exclude_med else "pv_all_data"])
            + _say("rule", lang, rule=lab["rule"]))
    end, gap = form("sentence_end", lang), form("sentence_gap", lang)
    for row in head.to_dict("records"):
        w.prose(headline_sentence(row, period, verdict, lang, targets, covered) + gap
                + ceiling_phrase(row, lang, targets, period.year) + end)
    columns = ["area", "period_saidi_h", "ytd_saidi_h", "last_year_saidi_h", "change", "ceiling_h"]
    columns += ["criterion", "status"] if verdict else ["projected_year_saidi_h", "probability_met", "status"]
    w.table(head[columns], targets)
    for item in head.attrs.get("notes", []):
        w.prose(note(item, lang) + end)
    if not verdict and head.attrs.get("calibration"):
        w.prose(calibration_text(head, lang))
    if facts:
        w.heading2(connection_title)
        if facts["outside"]:
            w.prose(lab["connection_outside"])
        else:
            w.prose(form("sentence_gap", lang).join(connection_sentences(tables, lang)))
            shown = tables["connection_types"]
            w.table(shown[shown["applications"] > 0])
            late_part(w, tables)
    w.review()


def _benefits(w: _Writer, tables: dict, period) -> None:
    """“三零”“三省”服务成效: per benefit the count and share of the period's connected applications, working days
    saved against the limits, the columns a log would need for the figures it lacks; the table by type."""
    benefits, lang = tables.get("service_benefits"), w.lang
    if benefits is None:
        return
    w.section("s_benefits")
    total = benefits[benefits["customer_type"] == "all"].iloc[0]
    missing = benefits.attrs.get("missing", {})
    period = tables.get("connection_facts", {}).get("period") or period  # the span the application log covers
    w.prose(_say("benefits_intro", lang, period=period_name(period, lang), n=int(total["applications"])))
    lines = []
    for benefit in ("zero_visit", "zero_approval", "zero_investment"):
        name = _say(f"b_{benefit}", lang)
        if benefit in missing:
            lines.append(_say("benefit_missing", lang, name=name, column=_say(f"col_{missing[benefit]}", lang)))
        else:
            lines.append(_say("benefit_line", lang, name=name, k=int(total[benefit]),
                              share=shown_share(total[f"{benefit}_share"])))
    if "online" in missing or "site_visits" in missing:
        column = missing.get("online") or missing["site_visits"]
        lines.append(_say("benefit_missing", lang, name=_say("b_online", lang), column=_say(f"col_{column}", lang)))
    else:
        lines.append(_say("saved_effort", lang, k=int(total["online"]), share=shown_share(total["online_share"]),
                          visits=total["visits_mean"]))
    if total["wd_saved_mean"] is not None and not pd.isna(total["wd_saved_mean"]):
        lines.append(_say("saved_time", lang, mean=total["wd_saved_mean"], total=total["wd_saved_total"]))
    if "zero_cost" in missing:
        lines.append(_say("benefit_missing", lang, name=_say("b_zero_cost", lang),
                          column=_say("col_customer_cost_yuan", lang)))
    else:
        paid = int(total["cost_paid"])  # the mean of those who paid: a mean over all reads as a typical customer's
        lines.append(_say("saved_money" if paid else "saved_money_all", lang, k=int(total["zero_cost"]),
                          share=shown_share(total["zero_cost_share"]), paid=paid, cost=total["cost_paid_mean_yuan"]))
    w.items(lines)
    _benefits_table(w, benefits)
    w.review()


def _benefits_table(w: _Writer, benefits: pd.DataFrame) -> None:
    lang = w.lang
    lab = labels(lang)
    shown = [b for b in BENEFITS if b not in benefits.attrs.get("missing", {})]
    header = [_say("h_type", lang), _say("h_applications", lang),
              *[_say("h_share", lang, name=_say(f"b_{b}", lang)) for b in shown], _say("h_saved", lang)]
    rows = []
    for r in benefits.to_dict("records"):
        name = _say("all_types", lang) if r["customer_type"] == "all" else lab[f"ct_{r['customer_type']}"]
        cells = ["–" if pd.isna(r[f"{b}_share"]) else f"{r[f'{b}_share'] * 100:.1f}" for b in shown]
        saved = "–" if r["wd_saved_mean"] is None or pd.isna(r["wd_saved_mean"]) else f"{r['wd_saved_mean']:.1f}"
        rows.append([name, f"{r['applications']:,}", *cells, saved])
    gongwen.add_table(w.doc, header, rows)


def _causes(w: _Writer, tables: dict) -> None:
    """停电原因与重点供电所、线路: the leading causes, towns and feeders, the worst town's own SAIDI."""
    lang = w.lang
    w.section("s_causes")
    causes = tables["causes"].head(3)
    sep = form("list", lang)
    if not tables["causes"].attrs.get("cause_column", True):
        w.prose(_say("no_cause_column", lang))
    elif len(causes):
        blank = labels(lang)["cause_not_given"]
        items = [_say("cause_item", lang, cause=visible(c) or blank, share=s * 100)
                 for c, s in zip(causes["cause"], causes["share"], strict=True)]
        w.prose(_say("causes", lang, causes=sep.join(items)))

    def groups(frame: pd.DataFrame, key: str) -> str:
        items = [_say("group_item", lang, name=visible(n), ch=c)
                 for n, c in zip(frame[key].head(3), frame["customer_hours"].head(3), strict=True)]
        return sep.join(items) or "–"

    feeders = groups(tables["feeders"], "feeder") if tables["feeders"].attrs.get("feeder_column", True) else None
    w.prose(_say("towns", lang, towns=groups(tables["towns"], "town"), feeders=feeders) if feeders else
            _say("towns_no_feeder", lang, towns=groups(tables["towns"], "town")))
    if "town_accountability" in tables:  # every town, year to date, its own SAIDI and its budget
        towns_part(w, tables)
    else:
        w.table(tables["towns"].head(5))
    w.review()


def _events(w: _Writer, tables: dict) -> None:
    """重大事件日与频繁停电: the major event days, what their threshold rests on, the frequent outages."""
    lang = w.lang
    w.section("s_events")
    med = tables["med"]
    if len(med):
        days = [_say("med_item", lang, date=f"{d:%Y-%m-%d}", saidi=s, t=t)
                for d, s, t in zip(med["date"], med["saidi_min"], med["t_med_min"], strict=True)]
        excl = tables["indices_excl"]
        w.prose(_say("med", lang, n=len(med), days=form("list_days", lang).join(days),
                                       saidi=excl[excl["area"] == "all"].iloc[0]["saidi_h"]))
    else:
        w.prose(_say("med_none", lang))
    history = med_history_text(tables.get("med_daily"), lang)
    if history:
        w.prose(history)
    frequent = tables["frequent"]
    if len(frequent):
        hit = frequent[frequent["level"] == "frequent"]
        names = form("list", lang).join(visible(u) for u in hit["unit"].head(10)) or "–"
        if len(hit) > 10:
            names += form("list_more", lang)
        w.prose(_say("frequent", lang, n=len(hit), frequent=names, m=int((frequent["level"] == "warning").sum())))
    else:
        w.prose(_say("frequent_none" if frequent.attrs.get("feeder_column", True) else "no_feeder_column", lang))
    w.review()


def _benchmark(w: _Writer, tables: dict) -> None:
    """与同类地区对比 (with a benchmark file): what the figures are, the gap to the best peer per area, and the
    county's SAIDI beside each peer's with its source (docs/spec.md §3a)."""
    from lqrel.report.peer_sentences import explanation, gap_sentences

    table = tables.get("benchmark")
    if table is None:
        return
    w.section("s_benchmark")
    w.prose(explanation(table, w.lang))
    w.items(gap_sentences(table, w.lang))
    w.table(table[["area", "peer", "peer_year", "peer_saidi_h", "county_saidi_h", "gap_h", "peer_source"]])
    w.review()


def _closing(w: _Writer, tables: dict) -> None:
    """存在问题 and 下一步工作, drafted from what drives the result."""
    problems, steps = drafts(tables, w.lang)
    w.section("s_problems")
    w.items(problems)
    w.review()
    w.section("s_next")
    w.items(steps)
    w.review()


def _signature(w: _Writer, ds, date: dt.date) -> None:
    """附件说明, then the 落款: the organisation centred over the 成文日期, the date four characters from the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lang = w.lang
    w.prose("")
    w.prose(_say("attachments", lang))
    w.prose("")
    w.prose("")
    organization, day = ds.params.report.organization, day_name(date, lang)
    offset = max(0, round((gongwen.display_width(day) - gongwen.display_width(organization)) / 2))
    for words, right in ((organization, 4 + offset), (day, 4)):
        paragraph = w.prose(words)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        gongwen.indent_chars(paragraph._p, first=0, right=right)


def _annex(w: _Writer, tables: dict, ds) -> None:
    """附件: the data the figures rest on, the method in plain words, the data's own problems."""
    from docx.enum.text import WD_BREAK

    lang = w.lang
    lab = labels(lang, ds.params.targets)
    w.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    label = w.doc.add_heading(_say("annex_label", lang), level=1)
    gongwen.indent_chars(label._p, first=0)
    _centred(w, _say("annex_title", lang), gongwen.FONTS["title"], gongwen.TITLE_PT)
    _centred(w, "", gongwen.FONTS["body"], gongwen.BODY_PT)
    w.doc.add_heading(_say("annex_data", lang), level=1)
    coverage, load = ds.coverage, ds.load_report
    w.prose(_say("annex_coverage", lang, start=day_name(coverage.first, lang), end=day_name(coverage.through, lang),
                 source=lab[coverage_source(coverage)],
                 rows=load.rows_read, accepted=load.accepted, rejected=load.rejected, duplicates=load.duplicates))
    if ds.applications is not None:
        app = ds.applications.report
        w.prose(_say("annex_applications", lang, rows=app.rows_read, accepted=app.accepted, rejected=app.rejected,
                     duplicates=app.duplicates))
    w.doc.add_heading(_say("annex_method", lang), level=1)
    from lqrel.report.tables import policy_words

    w.prose(_say("annex_saidi", lang, standard=policy_words(ds, lang)["p_standard"]))
    w.prose(lab["method_rule"])
    w.prose(_say("annex_med", lang))
    if not tables["headline"].attrs.get("verdict"):
        w.prose(_say("annex_projection", lang))
    if "connection_facts" in tables:
        w.prose(_say("annex_connection", lang))
    w.doc.add_heading(_say("annex_quality", lang), level=1)
    notes = tables.get("data_notes")
    for data_note in [] if notes is None or not len(notes) else notes["note"]:
        w.prose(data_note)
    if notes is None or not len(notes):
        w.prose(_say("annex_none", lang))


def _properties(doc, title: str, organization: str, date: dt.date) -> None:
    """The document's properties: its title, the organisation as author, no trace of the tool."""
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, organization, organization
    props.comments = props.subject = props.keywords = props.category = ""
    moment = dt.datetime(date.year, date.month, date.day)
    props.created = props.modified = moment
    props.revision = 1
