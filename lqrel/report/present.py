"""The report's page: localized, escaped HTML tables, the first screen, and one function per section.

The report notebook calls one function of this module per cell (:func:`setup_report`, :func:`intro`,
:func:`section_headline`, ...); the HTML is built here, never in the notebook. Every string that comes from
an input file (town, feeder and cause names) is HTML-escaped and its control characters shown
(:func:`lqrel.output.visible`) before it reaches a cell, a title, an axis label or hover text, so a name such
as ``<img src=x onerror=...>`` shows as text and never runs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from lqrel.messages.formats import NUMERALS, form, month_cell
from lqrel.output import signed
from lqrel.periods import Period
from lqrel.report.escaping import esc
from lqrel.report.i18n import coverage_source, labels, month_name, percent, period_name, span_text, through_name
from lqrel.report.plain import for_readers

#: Columns shown as hours with two decimals, as percentages, as whole numbers, as rates, as dates.
HOUR_COLUMNS_SUFFIX = "_h"
PERCENT_COLUMNS = {"change", "change_yoy", "share", "cumulative_share", "probability_met", "on_time_share",
                   "gap_share", "planned_share", "used_share"}
COUNT_COLUMNS = {"customer_hours", "customer_interruptions", "events", "customers_served", "count", "interruptions",
                 "budget_ch", "actual_ch", "cumulative_budget_ch", "cumulative_actual_ch", "remaining_ch",
                 "annual_budget_ch", "budget_planned_ch", "budget_fault_ch", "actual_planned_ch", "actual_fault_ch",
                 "applications", "on_time", "last_year_customer_hours", "planned_customer_hours",
                 "fault_customer_hours", "cemi_customers", "celid_customers", "budget_to_date_ch", "used_ch",
                 "used_planned_ch", "used_fault_ch", "planned_allowance_left_ch", "month_budget_ch", "month_actual_ch"}
RATE_COLUMNS = {"saifi", "maifi"}
#: Changes in hours, shown with their sign (+0.35).
CHANGE_HOUR_COLUMNS = {"change_h", "added_saidi_h"}
DATE_COLUMNS = {"date", "dates", "connected"}
#: Section anchors, in order (their titles are the labels ``sec_<anchor>``, numbered by :func:`section_title`);
#: ``connection`` (办电时长) is in a half-year or annual report when an application log is configured;
#: ``benchmark`` (同类地区对比) when a benchmark file is configured.
SECTIONS = ("headline", "monthly", "split", "rank", "med", "trend", "frequent", "worst_feeders", "budget",
            "connection", "benchmark", "quality", "method")


def fmt(column: str, value: object, lang: str = "zh") -> str:
    """Display text of one cell: hours 2 decimals, ASAI % with 4, shares %, counts with separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return labels(lang)["yes" if value else "no"]
    if column == "asai":
        return f"{value * 100:.4f}%"
    if column in PERCENT_COLUMNS:
        if column == "probability_met":  # a simulated probability: whole percent, as the cards say it
            return percent(value)
        return f"{value * 100:+.1f}%" if column in ("change", "change_yoy") else f"{value * 100:.1f}%"
    if isinstance(value, int | float) and column.endswith(HOUR_COLUMNS_SUFFIX):
        return signed(value) if column in CHANGE_HOUR_COLUMNS else f"{value:.2f}"
    if isinstance(value, int | float) and column.endswith("_min"):  # 2 decimals, as the threshold's sentence
        return f"{value:.2f}"
    if isinstance(value, int | float) and (column.endswith("_wd") or column == "capacity_kw"):
        return f"{value:g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, tuple) and all(hasattr(v, "describe") for v in value):
        return form("list_clauses", lang).join(v.describe(lang) for v in value)
    if isinstance(value, int | float) and column in COUNT_COLUMNS:
        return f"{value:,.0f}"
    if isinstance(value, int | float) and column in RATE_COLUMNS:
        return f"{value:.3f}"
    return str(value)


def translate_values(frame: pd.DataFrame, lang: str, targets=None) -> pd.DataFrame:
    """Area, nature, status, criterion, month, quality, customer-type and stage codes replaced by their words
    (criterion names from the target settings: ``targets``, else the frame's ``attrs["targets"]``)."""
    lab = labels(lang, targets if targets is not None else frame.attrs.get("targets"))
    out = frame.copy()
    for col in ("area", "nature", "status", "level"):
        if col in out:
            out[col] = out[col].map(lambda v: "+".join(lab.get(p, p) for p in str(v).split("+")))
    if "criterion" in out:
        out["criterion"] = out["criterion"].map(lambda v: lab.get(f"crit_{v}", v) if isinstance(v, str) and v else "")
    if "month" in out:  # 2022-07 -> 2022年7月; a month number -> 7月 (English keeps them)
        out["month"] = out["month"].map(lambda v: month_cell(v, lang))
    if "cause" in out:  # events without a cause: 未填写原因, not a blank
        out["cause"] = out["cause"].map(lambda v: v if isinstance(v, str) and v else lab["cause_not_given"])
    for col in ("item", "policy"):
        if col in out:
            out[col] = out[col].map(lambda v: lab.get(v, v))
    if "customer_type" in out:
        out["customer_type"] = out["customer_type"].map(lambda v: lab.get(f"ct_{v}", v))
    if "stage" in out:
        out["stage"] = out["stage"].map(lambda v: lab.get(f"st_{v}", v) if isinstance(v, str) else lab["st_between"])
    joiner = form("list", lang)
    for col in ("stages_over", "missing_stages"):
        if col in out:
            out[col] = out[col].map(lambda v: joiner.join(lab[f"st_{s}"] for s in v) or "–")
    if "late_stage" in out:
        out["late_stage"] = out["late_stage"].map(lambda v: lab[f"st_{v}"] if isinstance(v, str) else "–")
    if "late_kind" in out:
        out["late_kind"] = out["late_kind"].map(lambda v: lab[f"lk_{v}"] if isinstance(v, str) else "–")
    if "value" in out:  # codes among the quality values (how the coverage was found)
        out["value"] = out["value"].map(lambda v: lab.get(v, v) if isinstance(v, str) and v.startswith("q_") else v)
    return out


#: A cell text that is a date, a time or a figure: never broken across lines, in print either.
_WHOLE = re.compile(r"^[\d\s:./%+,-]{1,24}$")


def html_table(frame: pd.DataFrame, lang: str = "zh", table_id: str | None = None, targets=None) -> str:
    """A localized HTML table in a horizontally scrolling box (phones); headers from the label table (the rule's
    words from ``targets``, else the frame's ``attrs["targets"]``), every cell formatted and escaped; numbers
    right-aligned, text left-aligned, dates unbroken."""
    targets = targets if targets is not None else frame.attrs.get("targets")
    lab = labels(lang, targets)
    shown = translate_values(frame, lang, targets)
    head = "".join(f"<th>{esc(lab.get(c, c))}</th>" for c in shown.columns)
    body = []
    for record, raw_status in zip(shown.itertuples(index=False), frame.get("status", [None] * len(frame)),
                                  strict=True):
        cells = []
        for col, value in zip(shown.columns, record, strict=True):
            text = fmt(col, value, lang)
            if isinstance(value, int | float) and not isinstance(value, bool):
                cls = ' class="num"'
            elif col in DATE_COLUMNS:
                cls = ' class="dates"'
            elif _WHOLE.match(text):  # a date, a time or a figure given as text (a rejected row's value)
                cls = ' class="whole"'
            else:
                cls = ' class="wrap"' if len(text) > 40 else ""
            status = f' data-status="{esc(raw_status)}"' if col == "status" else ""
            shown_text = (", ".join(f'<span class="day">{esc(d)}</span>' for d in text.split(", "))
                          if cls == ' class="dates"' else esc(text))  # a list of dates breaks between dates only
            cells.append(f"<td{cls}{status}>{shown_text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{esc(table_id)}"' if table_id else ""
    return (f'<div class="lqrel-scroll"><table class="lqrel"{ident}><thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table></div>")


#: The page's CSS: tables, the first screen's cards (readable at phone width), and an A4 print layout.
CSS = """
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
.lqrel-scroll { overflow-x: auto; max-width: 100%; }
table.lqrel { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 13px; table-layout: auto !important; }
table.lqrel th, table.lqrel td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }
table.lqrel th { background: #f3f5f7; text-align: left !important; }
table.lqrel td { white-space: nowrap; text-align: left !important; }
table.lqrel td.wrap { white-space: normal; min-width: 240px; max-width: 480px; }
table.lqrel td.dates { white-space: normal; min-width: 240px; max-width: 560px; word-break: keep-all;
                       overflow-wrap: normal; }
table.lqrel td.num { text-align: right !important; font-variant-numeric: tabular-nums; }
table.lqrel td.dates span.day { white-space: nowrap; }
td[data-status="met"], td[data-status="on_track"] { background: #e3f4e1; }
td[data-status="at_risk"], td[data-status="unknown"] { background: #fff3cd; }
td[data-status="uncalibrated"] { background: #eef1f5; }
td[data-status="not_met"], td[data-status="off_track"] { background: #f8d7da; }
.lqrel-note { color: #555; font-size: 13px; }
p.lqrel-coverage { font-size: 14px; color: #333; }
nav.lqrel-toc a { margin-right: 1.2em; display: inline-block; }
.lqrel-cards { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0 20px; }
.lqrel-card { flex: 1 1 300px; max-width: 640px; border: 1px solid #d0d7de; border-left: 8px solid #999;
              border-radius: 6px; padding: 12px 16px; background: #fff; box-sizing: border-box; }
.lqrel-card .card-area { font-size: 15px; color: #444; }
.lqrel-card .card-status { font-size: 28px; font-weight: 700; margin: 2px 0 6px; }
.lqrel-card .card-figure { font-size: 16px; }
.lqrel-card .card-figure b { font-size: 24px; }
.lqrel-card .card-target { font-size: 13px; color: #555; margin-top: 4px; }
.lqrel-card .card-sentence { font-size: 14px; line-height: 1.6; margin: 8px 0 0; }
.lqrel-card[data-status="met"], .lqrel-card[data-status="on_track"] { border-left-color: #2e7d32; }
.lqrel-card[data-status="met"] .card-status, .lqrel-card[data-status="on_track"] .card-status { color: #2e7d32; }
.lqrel-card[data-status="at_risk"], .lqrel-card[data-status="unknown"] { border-left-color: #e0a000; }
.lqrel-card[data-status="at_risk"] .card-status, .lqrel-card[data-status="unknown"] .card-status { color: #a06d00; }
.lqrel-card[data-status="uncalibrated"] { border-left-color: #7a8699; }
.lqrel-card[data-status="uncalibrated"] .card-status { color: #4a5568; }
.lqrel-card[data-status="not_met"], .lqrel-card[data-status="off_track"] { border-left-color: #c62828; }
.lqrel-card[data-status="not_met"] .card-status, .lqrel-card[data-status="off_track"] .card-status { color: #c62828; }
@media (max-width: 600px) {
  h1 { font-size: 22px; }
  .lqrel-card { flex-basis: 100%; }
}
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
details.lqrel-tech > summary { cursor: pointer; color: #333; font-size: 14px; }
details.lqrel-tech { color: #555; font-size: 13px; }
@media print {
  body { font-size: 10.5pt; }
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output {
    break-inside: auto !important; page-break-inside: auto !important; }
  nav.lqrel-toc, .modebar, .modebar-container { display: none !important; }
  h2 { break-before: page; }
  h2#headline, h2#method { break-before: auto; }
  .lqrel-scroll { overflow: visible; }
  table.lqrel { font-size: 8.5pt; width: 100%; }
  html, body, .jp-Notebook, .jp-Cell, .jp-OutputArea-output { overflow: visible !important; }
  table.lqrel td { white-space: normal !important; word-break: keep-all; overflow-wrap: normal; }
  table.lqrel td.num, table.lqrel td.whole, table.lqrel td:first-child, table.lqrel td[data-status] {
    white-space: nowrap !important; }
  table.lqrel td.wrap, table.lqrel td.dates { min-width: 0; max-width: none; }
  table.lqrel td.dates span.day { white-space: nowrap !important; }
  table.lqrel th { min-width: 2.5em; }
  table.lqrel tr, .lqrel-card, .plotly-graph-div { break-inside: avoid; }
  .lqrel-card { flex-basis: 45%; }
}
</style>
<script>
(function () {  /* charts take the printed page's width */
  function fit() {
    if (!window.Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach(function (d) { window.Plotly.Plots.resize(d); });
  }
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", fit);
  if (window.matchMedia) window.matchMedia("print").addListener(function (m) { if (m.matches) fit(); });
})();
</script>
"""


def notes_list(notes: list[dict], lang: str = "zh", list_id: str | None = None) -> str:
    """Notes on a result (codes with arguments) as an HTML list in ``lang``; empty without notes."""
    from lqrel.messages import note

    if not notes:
        return ""
    ident = f' id="{esc(list_id)}"' if list_id else ""
    items = "".join(f"<li>{esc(for_readers(note(n, lang)))}</li>" for n in notes)
    return f'<ul class="lqrel-note"{ident}>{items}</ul>'


def med_history_text(med_daily: pd.DataFrame | None, lang: str = "zh") -> str:
    """What the year's major-event-day threshold rests on, in words (:func:`lqrel.med.history_note`): five
    years, fewer (how many), or none (then the 剔除 figures are the all-data figures, said so); empty without a
    table."""
    from lqrel.med import history_note
    from lqrel.messages import note as render

    found = history_note(med_daily)
    return render(found, lang) + form("sentence_end", lang) if found else ""


def note(text: str, element_id: str | None = None) -> str:
    """A note paragraph, in words for readers (:func:`lqrel.report.plain.for_readers`)."""
    ident = f' id="{esc(element_id)}"' if element_id else ""
    return f'<p class="lqrel-note"{ident}>{esc(for_readers(text))}</p>'


def coverage_text(coverage, lang: str = "zh") -> str:
    """The data coverage in words: its dates and whether they were declared or inferred (from what)."""
    lab = labels(lang)
    source = lab[coverage_source(coverage)]
    return lab["coverage_line"].format(start=f"{coverage.first:%Y-%m-%d}", end=f"{coverage.through:%Y-%m-%d}",
                                       source=source)


def coverage_line(coverage, lang: str = "zh") -> str:
    """The data coverage as one HTML paragraph (first screen of every report)."""
    text = coverage_text(coverage, lang)
    return f'<p class="lqrel-note lqrel-coverage" id="coverage">{esc(text)}</p>'


def heading(text: str, anchor: str, level: int = 2) -> str:
    """A section heading with an anchor for the table of contents."""
    return f'<h{level} id="{esc(anchor)}">{esc(text)}</h{level}>'


def report_sections(connection: bool = False, benchmark: bool = False) -> tuple[str, ...]:
    """The sections of a report, in order: all of :data:`SECTIONS`, 办电时长 only with ``connection``, 同类地区对比
    only with ``benchmark``."""
    optional = {"connection": connection, "benchmark": benchmark}
    return tuple(s for s in SECTIONS if optional.get(s, True))


def section_title(anchor: str, sections: tuple[str, ...], lang: str = "zh", verdict: bool = False) -> str:
    """A section's title numbered by its place among ``sections``: 九、办电时长 / 9. Connection time. A report
    that states the year's verdict takes the section's ``sec_<anchor>_verdict`` title where there is one (the
    trend without a projection: a finished year is not projected, docs/spec.md §7)."""
    n = sections.index(anchor)
    lab = labels(lang)
    name = lab.get(f"sec_{anchor}_verdict", lab[f"sec_{anchor}"]) if verdict else lab[f"sec_{anchor}"]
    return form("heading", lang, numeral=NUMERALS[lang][n], name=name)


def section_heading(anchor: str, tables: dict, lang: str = "zh") -> str:
    """The numbered heading of a section of the report whose tables are ``tables``."""
    verdict = bool(tables["headline"].attrs["verdict"])
    return heading(section_title(anchor, tables["sections"], lang, verdict), anchor)


def toc(sections: tuple[str, ...], lang: str = "zh", verdict: bool = False) -> str:
    """Table of contents linking to the section anchors."""
    lab = labels(lang)
    links = "".join(f'<a href="#{a}">{esc(section_title(a, sections, lang, verdict))}</a>' for a in sections)
    return f'<nav class="lqrel-toc"><strong>{esc(lab["toc"])}</strong>: {links}</nav>'


def calibration_text(head: pd.DataFrame, lang: str = "zh") -> str:
    """How often the projection's intervals held on this data (``head.attrs["calibration"]``), in words; or why
    the projection carries no status word (:func:`calibration_sentence`, before the report's year)."""
    cal = head.attrs.get("calibration")
    return calibration_sentence(cal, lang) if cal else ""


def calibration_sentence(cal: dict, lang: str = "zh", year: int | None = None) -> str:
    """The projection's track record (:meth:`lqrel.calibration.Calibration.to_dict`) in words, the one sentence
    the report and ``lqrel forecast`` state: the complete years before ``year`` (the report's year when None),
    the years projected and the projections made for them, how often the intervals held; or why there is no
    status word."""
    from lqrel.calibration import MIN_CALIBRATION_YEARS

    lab = labels(lang)
    before = lab["calibration_report_year"] if year is None else form("year", lang, year=year)
    if not cal["calibrated"]:
        return lab["calibration_missing"].format(before=before, years=len(cal["years"]), min=MIN_CALIBRATION_YEARS)
    projected = cal["projected"]
    span = form("span", lang, first=form("year", lang, year=projected[0]),
                last=form("year", lang, year=projected[-1])) if len(projected) > 1 else form(
        "year", lang, year=projected[0])
    return lab["calibration_held"].format(before=before, years=len(cal["years"]), projected=len(projected),
                                          span=span, cases=cal["cases"], held80=cal["held80"], held95=cal["held95"],
                                          share80=percent(cal["held80"] / cal["cases"]),
                                          share95=percent(cal["held95"] / cal["cases"]), mae=f"{cal['mae_h']:.2f}")


def headline_cards(head: pd.DataFrame, period: Period, lang: str = "zh") -> str:
    """The first screen: per area a card with the status in large type, the year's figure against the ceiling
    that applies, and one plain sentence from the numbers (:mod:`lqrel.report.sentences`)."""
    from lqrel.report.sentences import ceiling_phrase, headline_sentence

    targets = head.attrs.get("targets")
    lab = labels(lang, targets)
    verdict, shown = bool(head.attrs.get("verdict")), head.attrs.get("shown")
    unit = form("unit_h", lang)
    cards = []
    for row in head.to_dict("records"):
        if verdict:
            year = row.get("year_saidi_h", row["period_saidi_h"])
            figure = f"{esc(lab['card_year'])} <b>{year:.2f}</b>{unit}"
        elif row.get("projected_year_saidi_h") is not None:
            figure = f"{esc(lab['card_projected'])} <b>{row['projected_year_saidi_h']:.2f}</b>{unit}"
            if row.get("probability_met") is not None:
                figure += f" · {esc(lab['card_probability'])} {row['probability_met'] * 100:.0f}%"
        else:
            figure = f"<b>{row['period_saidi_h']:.2f}</b>{unit}"
        criterion = f" · {esc(lab['crit_' + row['criterion']])}" if verdict and row.get("criterion") else ""
        cards.append(
            f'<div class="lqrel-card" data-status="{esc(row["status"])}" data-area="{esc(row["area"])}">'
            f'<div class="card-area">{esc(lab[row["area"]])}</div>'
            f'<div class="card-status">{esc(lab[row["status"]])}{criterion}</div>'
            f'<div class="card-figure">{figure}</div>'
            f'<div class="card-target">{esc(ceiling_phrase(row, lang, targets, period.year))}</div>'
            f'<p class="card-sentence">{esc(headline_sentence(row, period, verdict, lang, targets, shown))}</p></div>')
    return '<div class="lqrel-cards" id="headline-cards">' + "".join(cards) + "</div>"


def _display(html_text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html_text))


def setup_report(embed_plotly: bool = True) -> None:
    """The first cell of a notebook: the page's CSS, and plotly for offline HTML.

    With ``embed_plotly`` (the report) plotly.js is embedded once in this cell's output
    (``init_notebook_mode(connected=False)``; tag the cell ``remove-input``, never ``remove-cell``) and every
    chart works offline in the exported page. Without it (the analysts' notebook) nothing is embedded:
    JupyterLab draws the charts from their plotly data, and a saved notebook stays small.
    """
    if embed_plotly:
        import plotly.offline

        plotly.offline.init_notebook_mode(connected=False)
    from lqrel.report.charts import locale_script

    _display(CSS + locale_script())


def intro(ds, period, tables: dict, lang: str = "zh") -> None:
    """Title (the period in words), the period's dates, the data coverage, a line when the period runs past it,
    and the contents."""
    lab = labels(lang)
    shown, complete = ds.clip(period)
    last = (period.end - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    through = through_name(ds.coverage.through, lang)
    clipped = "" if complete else form("aside", lang, text=through)
    out = (f"<h1>{esc(lab['title'])} · {esc(period_name(period, lang) + clipped)}</h1>"
           + note(lab["subtitle"].format(period=period_name(period, lang), start=f"{period.start:%Y-%m-%d}",
                                         end=last))
           + coverage_line(ds.coverage, lang))
    if not complete:
        out += note(lab["incomplete_note"].format(through=through), "incomplete")
    _display(out + toc(tables["sections"], lang, bool(tables["headline"].attrs["verdict"])))


def section_headline(tables: dict, ds, period, lang: str = "zh") -> None:
    """Section 1: the first screen's cards, the targets in two tables, the notes, and the indices on all data
    (全量) and without major event days (剔除)."""
    targets = ds.params.targets
    lab = labels(lang, targets)
    head = tables["headline"]
    projection = not head.attrs["verdict"]
    now_cols = ["area", "period_saidi_h", "ytd_saidi_h", "last_year_saidi_h", "change", "last12_saidi_h", "status"]
    if head["projected_period_saidi_h"].notna().any():  # the data stop inside the period: its whole projected
        now_cols[2:2] = ["projected_period_saidi_h", "projected_period_p10_h", "projected_period_p90_h"]
    year_cols = ["area", "limit_h", "reference_year", "reference_saidi_h", "reduction_allowed_h", "ceiling_h"]
    year_cols += (["projected_year_saidi_h", "projected_p10_h", "projected_p90_h", "probability_met", "status"]
                  if projection else ["criterion", "status"])
    pr = ds.params.projection
    method = lab["projection_method"].format(on=round(pr.on_track_probability * 100),
                                             off=round(pr.off_track_probability * 100))
    indices = ["area", "saidi_h", "saifi", "caidi_h", "asai", "customer_hours", "customer_interruptions", "events",
               "customers_served"]
    policy = lab["excl_med"] if ds.params.targets.exclude_med else lab["full_data"]
    _display(section_heading("headline", tables, lang) + headline_cards(head, period, lang)
             + note(lab["saidi_explain"]) + note(lab[f"basis_{targets_basis(ds)}"])
             + html_table(head[now_cols], lang, "headline-table", targets)
             + html_table(head[year_cols], lang, "target-table", targets)
             + note(lab["projection_note"].format(method=method) if projection else lab["verdict_note"])
             + (note(calibration_text(head, lang), "calibration") if projection else "")
             + notes_list(head.attrs["notes"], lang, "headline-notes")
             + f"<h3>{esc(lab['full_data'])}</h3>" + html_table(tables["indices"][indices], lang, "indices-table")
             + f"<h3>{esc(lab['excl_med'])}</h3>" + html_table(tables["indices_excl"][indices], lang,
                                                                "indices-excl-table")
             + note(lab["excl_note"].format(policy=policy))
             + note(med_history_text(tables.get("med_daily"), lang), "med-history-headline"))


def targets_basis(ds) -> str:
    """``without_med`` or ``all_data``: the figures the target is judged on."""
    return "without_med" if ds.params.targets.exclude_med else "all_data"


def section_monthly(tables: dict, lang: str = "zh") -> None:
    """Section 2: monthly SAIDI against the monthly allowance, and the cumulative year."""
    from lqrel.report import charts

    _display(section_heading("monthly", tables, lang))
    charts.show(charts.monthly_chart(tables["monthly"], lang), "monthly")
    charts.show(charts.cumulative_chart(tables["monthly"], lang), "cumulative")


def section_split(tables: dict, lang: str = "zh") -> None:
    """Section 3: planned and fault SAIDI, SAIDI-2, SAIDI-3, MAIFI."""
    from lqrel.report import charts

    lab = labels(lang)
    split = tables["indices"][["area", "saidi_s_h", "saidi_f_h", "saidi_2_h", "saidi_3_h", "maifi"]]
    saidi = tables["indices"]["saidi_h"]
    same = split["saidi_2_h"].eq(saidi).all() and split["saidi_3_h"].eq(saidi).all()  # no flag in the period
    _display(section_heading("split", tables, lang) + html_table(split, lang, "split-table")
             + (note(lab["no_flags"]) if same else ""))
    charts.show(charts.split_chart(split, lang), "split")


def section_rank(tables: dict, lang: str = "zh") -> None:
    """Section 4: towns, feeders and causes by customer-hours, with their contributions to the county's
    SAIDI, and every town's own SAIDI year to date against last year (:func:`town_accountability_html`)."""
    from lqrel.report import charts

    lab = labels(lang)
    _display(section_heading("rank", tables, lang) + note(lab["contribution_note"]))
    charts.show(charts.ranking_chart(tables["towns"], "town", lang), "towns")
    _display(town_accountability_html(tables["town_accountability"], lang))
    if tables["feeders"].attrs.get("feeder_column", True):
        charts.show(charts.ranking_chart(tables["feeders"], "feeder", lang), "feeders")
        _display(_titled(tables["feeders"], "feeder_chart", lang)
                 + html_table(tables["feeders"], lang, "feeders-table"))
    else:
        _display(f"<p>{esc(lab['no_feeder_column'])}</p>")
    if tables["causes"].attrs.get("cause_column", True):
        charts.show(charts.pareto_chart(tables["causes"], lang), "causes")
        _display(_titled(tables["causes"], "cause_table", lang) + html_table(tables["causes"], lang, "causes-table"))
    else:
        _display(f"<p>{esc(lab['no_cause_column'])}</p>")


def _titled(table: pd.DataFrame, label: str, lang: str) -> str:
    """A table's heading with the dates it covers: the period's, where the 供电所 table above covers the year to
    date (a fourth-quarter report's feeders and causes are the quarter's)."""
    return f"<h3>{esc(labels(lang)[label] + span_text(table, lang))}</h3>"


def town_accountability_html(table: pd.DataFrame, lang: str = "zh") -> str:
    """Every 供电所 year to date against last year: its own SAIDI, its contribution and the changes, with the
    span and what each figure means (the county's SAIDI the contributions add up to)."""
    lab, a = labels(lang), table.attrs
    end = (a["period"].end - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    title = lab["town_accountability_title"].format(start=f"{a['period'].start:%Y-%m-%d}", end=end)
    return (f"<h3>{esc(title)}</h3>" + html_table(table, lang, "town-accountability-table")
            + note(lab["town_accountability_note"].format(county=f"{a['county_saidi_h']:.2f}"))
            + notes_list(a.get("notes", []), lang, "town-accountability-notes"))


def town_budget_html(table: pd.DataFrame, lang: str = "zh") -> str:
    """Each 供电所's budget status (budget, used, remaining, planned allowance left) and, in a monthly report, the
    month's budget and actual per town."""
    lab = labels(lang)
    status = ["area", "town", "annual_budget_ch", "budget_to_date_ch", "used_ch", "used_planned_ch", "used_fault_ch",
              "remaining_ch", "planned_allowance_left_ch", "used_share"]
    title = lab["town_budget_title"].format(as_of=f"{table.attrs['as_of']:%Y-%m-%d}")
    body = (f"<h3>{esc(title)}</h3>" + html_table(table[status], lang, "town-budget-table")
            + note(lab["town_budget_note"].format(method=lab[f"town_split_{table.attrs['split']}"]))
            + notes_list([n for n in table.attrs.get("notes", []) if n["code"] == "town_split_no_history"], lang,
                         "town-budget-notes"))
    if "month_budget_ch" in table:
        month = month_name(table.attrs["year"], int(table.attrs["as_of"].month), lang)
        shown = table[["area", "town", "month_budget_ch", "month_actual_ch", "budget_to_date_ch", "used_ch",
                       "remaining_ch"]]
        body += (f"<h3>{esc(lab['town_budget_month'].format(month=month))}</h3>"
                 + html_table(shown, lang, "town-budget-month-table"))
    return body


def section_med(tables: dict, lang: str = "zh") -> None:
    """Section 5: major event days, with the daily chart and the threshold."""
    from lqrel.report import charts

    lab = labels(lang)
    med = tables["med"]
    body = html_table(med, lang, "med-table") if len(med) else f"<p>{esc(lab['no_med'])}</p>"
    _display(section_heading("med", tables, lang) + note(lab["med_explain"])
             + note(med_history_text(tables["med_daily"], lang), "med-history") + body)
    charts.show(charts.med_chart(tables["med_daily"], lang), "med")


def section_trend(tables: dict, lang: str = "zh") -> None:
    """Section 6: the trend of monthly SAIDI, and the year-end projection chart for a projection."""
    from lqrel.report import charts

    lab = labels(lang)
    _display(section_heading("trend", tables, lang) + note(lab["trend_explain"]))
    if len(tables["trend"]):
        charts.show(charts.trend_chart(tables["trend"], lang), "trend")
    else:
        _display(f"<p>{esc(lab['trend_short'])}</p>")
    head = tables["headline"]
    if not head.attrs["verdict"] and head["projected_year_saidi_h"].notna().any():
        charts.show(charts.projection_chart(head, lang), "projection")


def section_frequent(tables: dict, lang: str = "zh") -> None:
    """Section 7: frequent-outage and warning feeders with the rules hit and the dates."""
    lab = labels(lang)
    fr = tables["frequent"]
    none = lab["no_frequent"] if fr.attrs.get("feeder_column", True) else lab["no_feeder_column"]
    body = html_table(fr, lang, "frequent-table") if len(fr) else f"<p>{esc(none)}</p>"
    _display(section_heading("frequent", tables, lang) + body + note(lab["frequent_note"]))


def section_worst_feeders(tables: dict, lang: str = "zh") -> None:
    """The worst feeders of the period by customer-hours (a monthly report: the month's) with their cause mix,
    planned share, last year's figure, 频繁停电 status and customer-level measures, and the action drafted from each
    one's dominant cause (:mod:`lqrel.report.present_feeders`)."""
    from lqrel.report import present_feeders as pf

    if "worst_feeders" not in tables:
        return
    lab = labels(lang)
    table = tables["worst_feeders"]
    out = section_heading("worst_feeders", tables, lang)
    if not len(table):
        none = lab["worst_none"] if table.attrs.get("feeder_column", True) else lab["no_feeder_column"]
        _display(out + f"<p>{esc(none)}</p>")
        return
    out += note(pf.explain(table, lang)) + html_table(pf.page_table(table), lang, "worst-feeders-table")
    if not table.attrs["last_year_covered"]:
        out += note(lab["worst_no_last_year"])
    out += note(pf.customer_level_note(table, lang), "customer-level-note")
    items = "".join(f"<li>{esc(t)}</li>" for t in pf.action_items(table, lang))
    _display(out + f"<h3>{esc(lab['worst_actions_title'])}</h3><ul id=\"worst-feeders-actions\">{items}</ul>")


def section_budget(tables: dict, lang: str = "zh") -> None:
    """Section 8: the outage-hour budget burn-down."""
    from lqrel.report import charts

    lab = labels(lang, tables["headline"].attrs.get("targets"))
    bd = tables["budget"]
    _display(section_heading("budget", tables, lang))
    charts.show(charts.budget_chart(bd, lang), "budget")
    cols = ["area", "month", "budget_ch", "actual_ch", "cumulative_budget_ch", "cumulative_actual_ch", "remaining_ch"]
    _display(html_table(bd[bd["actual_ch"].notna()][cols], lang, "budget-table") + note(lab["budget_note"])
             + notes_list(bd.attrs.get("notes", []), lang, "budget-notes"))
    if "town_budget" in tables:
        _display(town_budget_html(tables["town_budget"], lang))


def _parts(parts: list, lang: str) -> str:
    """HTML of (kind, content, element id) parts: ``sentence``, ``title`` (h3), ``table``, ``note``."""
    out = ""
    for kind, content, ident in parts:
        if kind == "table":
            out += html_table(content, lang, ident)
        elif kind == "title":
            out += f"<h3>{esc(content)}</h3>"
        else:
            out += note(content, ident) if kind == "note" else f'<p class="lqrel-sentence">{esc(content)}</p>'
    return out


def section_connection(tables: dict, lang: str = "zh", first: int = 20) -> None:
    """办电时长 (a month's, quarter's, half-year's or year's report with an application log; nothing otherwise):
    what it measures, the figures in sentences, the share on time per type against 附件2 with its chart, the
    stages, the late applications with their stages (the first ``first``, saying how many more the workbook
    lists; :mod:`lqrel.report.late_list`), the late counts per type, 供电所 and month, those in progress, the
    log's quality and its rejected rows with reasons."""
    from lqrel.report import charts
    from lqrel.report.late_list import late_parts, rejects_parts
    from lqrel.report.sentences import connection_sentences

    if "connection_facts" not in tables:
        return
    lab = labels(lang)
    facts = tables["connection_facts"]
    out = section_heading("connection", tables, lang) + note(lab["connection_explain"])
    if facts["coverage"] is not None:
        out += note(coverage_text(facts["coverage"], lang), "connection-coverage")
    if facts["outside"]:
        _display(out + note(lab["connection_outside"]))
        return
    if not facts["complete"]:
        out += note(lab["connection_incomplete"].format(through=f"{facts['coverage'].through:%Y-%m-%d}"))
    out += "".join(f'<p class="lqrel-sentence">{esc(t)}</p>' for t in connection_sentences(tables, lang))
    _display(out + html_table(tables["connection_types"], lang, "connection-table"))
    charts.show(charts.connection_chart(tables["connection_types"], lang), "connection")
    stages = tables["connection_stages"]
    out = html_table(stages[stages["applications"] > 0], lang, "connection-stages-table")
    out += _parts(late_parts(tables, lang, first), lang)
    open_ = tables["connection_open"]
    if len(open_):
        out += f"<h3>{esc(lab['connection_open_title'])}</h3>" + html_table(open_.head(first), lang,
                                                                             "connection-open-table")
    out += f"<h3>{esc(lab['connection_quality_title'])}</h3>" + html_table(tables["connection_quality"], lang)
    _display(out + _parts(rejects_parts(tables, lang, first), lang))


def section_benchmark(tables: dict, lang: str = "zh") -> None:
    """同类地区对比 (with a benchmark file; nothing otherwise): what the figures are, per area the gap to the best
    peer in a sentence, and the county's SAIDI beside each peer's with the peer's source (docs/spec.md §3a)."""
    from lqrel.report.peer_sentences import explanation, gap_sentences

    if "benchmark" not in tables:
        return
    table = tables["benchmark"]
    sentences = "".join(f'<p class="lqrel-sentence">{esc(t)}</p>' for t in gap_sentences(table, lang))
    _display(section_heading("benchmark", tables, lang) + note(explanation(table, lang)) + sentences
             + html_table(table, lang, "benchmark-table"))


def section_quality(tables: dict, lang: str = "zh", first: int = 20) -> None:
    """Section 9: the reconciliation, the coverage, rejects by reason with the first rows, warnings, policies."""
    lab = labels(lang)
    out = section_heading("quality", tables, lang) + html_table(tables["quality"], lang, "quality-table")
    out += html_table(tables["by_reason"].rename(columns={"reason": "q_reason", "count": "q_count"}), lang)
    notes = tables.get("data_notes")
    if notes is not None and len(notes):  # double entries, merged names, reused ids, events outside the coverage
        out += f"<h3>{esc(lab['q_data_notes'])}</h3><ul class=\"data-notes\">"
        out += "".join(f"<li>{esc(for_readers(n))}</li>" for n in notes["note"]) + "</ul>"
    if len(tables["rejects"]):
        out += f"<h3>{esc(lab['q_first_rejects'].format(n=first))}</h3>"
        out += html_table(tables["rejects"].head(first).rename(columns=lambda c: "q_" + c), lang)
    if len(tables["warnings"]):
        out += f"<h3>{esc(lab['q_first_warnings'].format(n=first))}</h3>"
        out += html_table(tables["warnings"].head(first).rename(columns=lambda c: "q_" + c), lang)
    out += f"<h3>{esc(lab['q_policies'])}</h3>" + html_table(tables["policies"], lang, "policies-table")
    _display(out)


def generated_at(timezone: str, lang: str = "zh", now: dt.datetime | None = None) -> str:
    """When the page was made, in the settings' zone: ``2026年11月27日 23:40（北京时间）``."""
    lab = labels(lang)
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(timezone))
    beijing = timezone in ("Asia/Shanghai", "Asia/Chongqing", "PRC")
    zone = lab["beijing_time"] if beijing else timezone
    return form("generated_at", lang, year=moment.year, month=moment.month, day=moment.day, time=f"{moment:%H:%M}",
                 zone=zone)


def section_method(ds, tables: dict, lang: str = "zh") -> None:
    """The last section, 技术说明, collapsed (a ``<details>`` a reader opens): the formulas with their standards, the
    policies in words, the major-event-day rule with its symbols, the version and generation time."""
    import lqrel

    lab = labels(lang, ds.params.targets)
    words = dict(zip(tables["policies"]["policy"], tables["policies"]["value"], strict=True))
    method = lab["method_text"].format(short=f"{ds.params.short_threshold_min:g}", basis=words["p_customers_basis"],
                                       rule=lab["method_rule"])
    stamp = lab["generated"].format(version=lqrel.__version__, time=generated_at(ds.params.timezone, lang))
    body = f"<p>{esc(method)}</p><p>{esc(lab['med_method'])}</p>" + f'<p id="generated">{esc(stamp)}</p>'
    _display(section_heading("method", tables, lang) + f'<details class="lqrel-tech"><summary>'
             f"{esc(lab['tech_summary'])}</summary>{body}</details>")
