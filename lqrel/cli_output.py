"""The text and JSON the ``lqrel`` commands print: tables with their units, the coverage, input and note
lines, the findings of ``lqrel validate`` and the tables of ``lqrel connect``.

Text is in the run's language (``lang``: ``zh`` or ``en``), every sentence and header from the catalogue family
``cli`` (:mod:`lqrel.messages.cli`); JSON keeps its English keys and the English texts of its notes.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from lqrel.dataset import Dataset, copies_listed, input_line
from lqrel.messages import note, shows_identifiers, text
from lqrel.messages.cli import CLI
from lqrel.messages.formats import form
from lqrel.output import jsonable, signed, text_table
from lqrel.params import Params
from lqrel.report.present import CHANGE_HOUR_COLUMNS


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a table as JSON-ready dicts."""
    return [jsonable(r) for r in frame.astype(object).to_dict("records")]


def say(code: str, lang: str, **args) -> str:
    """A line of the catalogue family ``cli`` in ``lang``."""
    return text(code, args, lang, "cli")


def defaulted(given, code: str, lang: str, **args) -> str:
    """The line saying which default a command took (``code`` of the catalogue, with ``args``) when the user gave
    none (``given`` is None), with its line break; else nothing."""
    return say(code, lang, **args) + "\n" if given is None else ""


def _raw_cell(col: str, v, lang: str):
    """A cell as it is, yes/no in words (达标/未达标 for ``met``)."""
    if isinstance(v, bool | np.bool_):
        return say(("met_" if col == "met" else "") + ("yes" if v else "no"), lang)
    return v


#: Columns of a verdict, whose empty cell is a verdict that cannot be given (无法判定), never a blank.
VERDICT_COLUMNS = ("met", "meets_limit", "meets_reduction")
#: Shares printed as whole percents (the backtest's interval coverage and misses).
SHARE_COLUMNS = ("coverage_80", "coverage_95", "below_p10", "above_p90")


def _fmt_cell(col: str, v, lang: str = "en") -> str:
    if isinstance(v, bool | np.bool_):
        return _raw_cell(col, v, lang)
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return say("met_unknown", lang) if col in VERDICT_COLUMNS else ""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if col.endswith("_min"):
        return f"{v:.2f}"
    if col == "history_years" or col in ("cases", "count"):
        return f"{v:g}"
    if col in SHARE_COLUMNS:
        return f"{v:.0%}"
    if col == "asai":
        return f"{v * 100:.4f}%"
    if col in ("change", "change_yoy"):
        return f"{v * 100:+.1f}%"
    if col in CHANGE_HOUR_COLUMNS:
        return signed(v)
    if col == "added_ch":  # customer-hours a plan adds
        return signed(v, 0, separators=True)
    if col.endswith("_h") or col in ("saifi", "maifi"):
        return f"{v:.2f}"
    if col in ("customer_hours", "customer_interruptions") or col.endswith(("_ch", "_hours", "customers_served")):
        return f"{v:,.0f}"
    if col.startswith("probability"):
        return f"{v:.0%}"
    if col == "used_share":
        return f"{v:.1%}"
    return str(v)


def fmt_table(frame: pd.DataFrame, lang: str = "en", raw: bool = False) -> str:
    """A table as text: hours 0.00, ASAI and changes in percent, counts with separators (``raw``: numbers as they
    are). In Chinese the headers, areas, natures, statuses and criteria are words and yes/no 是/否 (达标/未达标)."""
    if shows_identifiers(lang) and raw:
        return text_table(frame)
    shown = frame.astype(object).copy()
    if not shows_identifiers(lang):
        from lqrel.report.present import translate_values

        shown = translate_values(shown.rename(columns={"status_after": "status"}), lang, frame.attrs.get("targets"))
        shown = shown.rename(columns={"status": "status_after"} if "status_after" in frame else {}).astype(object)
    for col in shown.columns:
        shown[col] = [_raw_cell(col, v, lang) if raw else _fmt_cell(col, v, lang) for v in shown[col]]
    return text_table(shown.rename(columns=lambda c: c if shows_identifiers(lang) else say(f"col_{c}", lang)))


def notes_text(notes: list[dict], lang: str = "en") -> str:
    """The notes as ``Note: ...`` lines, each after a line break."""
    return "".join("\n" + say("note_line", lang, text=note(n, lang)) for n in notes)


def notes_doc(notes: list[dict]) -> list[dict]:
    """Notes for JSON: the code, its arguments and the English text."""
    return [{**n, "text": note(n, "en")} for n in notes]


def coverage_doc(ds: Dataset) -> dict | None:
    """The data coverage for JSON (none without events)."""
    return ds.coverage.to_dict() if ds.coverage else None


def coverage_line(ds: Dataset, period=None, complete: bool = True, lang: str = "en") -> str:
    """The coverage line of a command, saying so when ``period`` is only partly covered."""
    return ds.describe_coverage(period, complete, lang)


def period_words(period, lang: str) -> str:
    """A period as its readers write it (2024年上半年, first half of 2024; :func:`lqrel.report.i18n.period_name`),
    not as ``--period`` takes it (2024H1)."""
    from lqrel.report.i18n import period_name

    return period_name(period, lang)


def indices_head(period, params: Params, without_med: bool, lang: str) -> str:
    """The head of ``lqrel indices``: the period and the settings the figures rest on."""
    return say("indices_head", lang, label=period_words(period, lang), start=f"{period.start:%Y-%m-%d %H:%M}",
               end=f"{period.end:%Y-%m-%d %H:%M}", hours=f"{period.hours:g}",
               standard=say(f"standard_{params.standard}", lang), short=f"{params.short_threshold_min:g}",
               boundary=say(f"boundary_{params.boundary}", lang),
               basis=say(f"basis_{params.customers_basis}", lang)) + (
        say("indices_med_removed", lang) if without_med else "")


def indices_output(ds: Dataset, period, shown, complete: bool, found: tuple[pd.DataFrame, list[dict]],
                   without_med: bool, lang: str) -> tuple[dict, str]:
    """``lqrel indices``: the JSON document and the text of the table ``found`` (with its notes,
    :func:`lqrel.service.grouped_indices`) for ``shown``, the part of ``period`` the data cover (the input line
    and the data's notes are added by the command, as to every command's)."""
    table, notes = found
    doc = {"period": shown.to_dict(), "complete": complete, "coverage": coverage_doc(ds), "rows": records(table),
           "notes": notes_doc(notes), "major_event_days": "removed" if without_med else "included"}
    text = (indices_head(shown, ds.params, without_med, lang) + "\n" + coverage_line(ds, period, complete, lang)
            + "\n" + fmt_table(table, lang) + notes_text(notes, lang))
    return doc, text


def check_text(table: pd.DataFrame, params: Params, year: int, lang: str = "en") -> str:
    """The target verdicts of ``year`` as text: the rule judged, the table and its notes."""
    from lqrel.rule_text import rule_words

    head = say("targets_head", lang, year=year, rule=rule_words(params.targets, lang)["rule_judged"])
    notes = notes_text(table.attrs.get("notes", []), lang)
    return head + "\n" + fmt_table(table, lang) + notes


def more(total: int, shown: int, how: str = "--show N", lang: str = "en") -> str:
    """``(first N of M; --show N lists more)`` under a list cut to ``shown`` rows, else nothing."""
    return "\n" + say("more", lang, shown=shown, total=total, how=how) if total > shown else ""


def row_table(frame: pd.DataFrame, family: str, text_column: str, lang: str) -> str:
    """Rejected rows or warnings as text: in English as loaded (the code and its sentence), in another language
    the sentence rendered from the code and its arguments (the code left to ``--json``)."""
    if shows_identifiers(lang):
        return text_table(frame.drop(columns="args"))
    sentences = [text(code, args, lang, family) for code, args in zip(frame["code"], frame["args"], strict=True)]
    shown = frame.assign(**{text_column: sentences})
    return fmt_table(shown.drop(columns=["args", "code"]), lang, raw=True)


def warnings_text(report, show: int = 20, how: str = "--show N", lang: str = "en") -> str:
    """The ``Warnings (N):`` block of a load, after a blank line, cut to ``show`` rows (``how`` lists more);
    nothing without warnings. ``lqrel validate`` and ``lqrel check`` print the same block for the same files."""
    if not len(report.warnings):
        return ""
    return ("\n" + say("warnings_head", lang, count=len(report.warnings)) + "\n"
            + row_table(report.warnings.head(show), "warning", "message", lang) + more(len(report.warnings), show, how,
                                                                                       lang))


def findings_text(found: dict, coverage, params: Params, show: int, lang: str = "en") -> str:
    """The text of ``lqrel validate`` on reused ids, probable double entries, name merges and the events outside
    the coverage (each with its rows)."""
    lines, outside = [], found["outside_coverage"]

    def rows_text(rows: list) -> str:
        return ", ".join(map(str, rows[:show])) + (say("rows_more", lang, count=len(rows) - show)
                                                   if len(rows) > show else "")

    def cut(items: list) -> list[str]:
        return [more(len(items), show, lang=lang).lstrip("\n")] if len(items) > show else []

    if found["reused_ids"]:
        lines += ["", say("reused_head", lang, count=len(found["reused_ids"]))]
        lines += [say("reused_line", lang, id=g["id"], rows=rows_text(list(g["rows"])))
                  for g in found["reused_ids"][:show]] + cut(found["reused_ids"])
    if found["double_entries"]:
        how = say("double_drop" if params.double_entries == "drop" else "double_keep", lang)
        lines += ["", say("double_head", lang, count=len(found["double_entries"]), how=how)]
        for g in found["double_entries"][:show]:
            dropped = say("double_dropped", lang, rows=rows_text(list(g["dropped_rows"]))) if g.get("dropped_rows") \
                else ""
            lines.append(say("double_line", lang, ids=", ".join(map(str, g["ids"])), rows=rows_text(list(g["rows"])),
                             feeder=g.get("feeder"), start=g.get("start"), end=g.get("end"),
                             customers=g.get("customers"), dropped=dropped))
        lines += cut(found["double_entries"])
    if found["name_merges"]:
        lines += ["", say("names_head", lang, count=len(found["name_merges"]))]
        lines += [say("name_line", lang, column=m["column"], name=m["name"],
                      spellings=" / ".join(map(str, m["spellings"])), rows=m["rows"])
                  for m in found["name_merges"][:show]] + cut(found["name_merges"])
    for entry in found.get("unknown_values", []):  # values outside a vocabulary: the rows are rejected above
        lines += ["", text(entry["code"], entry, lang, "error")]
    if outside:
        lines += ["", say("outside_head", lang, first=f"{coverage.first:%Y-%m-%d}",
                          through=f"{coverage.through:%Y-%m-%d}", count=len(outside))]
        due = {"after_through": "after_due"} if coverage.due is not None else {}  # the run's cut-off, not declared
        lines += [say("outside_line", lang, row=o["row"], start=o["start"],
                      reason=say(f"outside_{due.get(o['reason'], o['reason'])}", lang)) for o in outside[:show]]
        if len(outside) > show:
            lines.append("  " + say("more", lang, shown=show, total=len(outside), how="--show N"))
    return "".join(line + "\n" for line in lines)


def _connect_cell(column: str, value, lab: dict) -> str:
    """One cell of the ``lqrel connect`` text tables after :func:`lqrel.report.present.translate_values` put the
    type and stage codes into words: yes/no, shares as percentages, blanks empty."""
    if isinstance(value, bool):
        return lab["yes" if value else "no"]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column == "on_time_share":
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def late_lines(result: dict, lang: str, show: int, table) -> list[str]:
    """The late applications of ``lqrel connect`` (:func:`lqrel.connection_late.add_late`): the count by kind, the
    first ``show`` with their late kind, stage, missed limit and stages' dates and working days, then the counts
    per customer type, 供电所 (when the log has it) and month, and the small and micro firm figure."""
    from lqrel.connection_late import over_total
    from lqrel.report.late_list import short_late, small_micro_sentence
    from lqrel.report.present import translate_values

    late, kinds = result["late"], result["late_by_type"]
    out: list[str] = []
    if len(late):
        counts = {k: int(kinds[k].sum()) for k in ("incomplete", "next_day_missed", "total_late", "stage_late")}
        over = over_total(late)  # each is counted under its first kind: the total's overruns may lie elsewhere
        extra = say("connect_over_total", lang, over=over, elsewhere=over - counts["total_late"])
        out += ["", say("connect_late", lang, late=len(late), over_total=extra if over > counts["total_late"] else "",
                        **counts)]
        short = short_late(late.head(show), lang, result["next_day_rule"])
        shown = translate_values(short, lang)
        for raw, r in zip(late.head(show).to_dict("records"), shown.to_dict("records"), strict=True):
            town = say("connect_town", lang, town=r["town"]) if r.get("town") else ""
            out.append(say("connect_late_line", lang, app=r["app_id"], row=raw["row"], kind=r["customer_type"],
                            town=town, connected=f"{raw['connected']:%Y-%m-%d}", late_kind=r["late_kind"],
                            stage=r["late_stage"], missed=r["missed_limit"], total=f"{raw['total_wd']:g}",
                            limit=f"{raw['limit_wd']:g}"))
            out.append(say("connect_late_stages", lang, stages=r["stage_dates"]))
        if len(late) > show:
            out.append(say("connect_more", lang, shown=show, total=len(late)))
    for key, code in (("late_by_type", "connect_by_type"), ("late_by_town", "connect_by_town"),
                      ("late_by_month", "connect_by_month")):
        if len(result[key]):
            out += ["", say(code, lang), table(result[key])]
    return [*out, "", small_micro_sentence(result["small_micro"], lang)]


def connect_text(result: dict, apps, lang: str, show: int) -> str:
    """``lqrel connect`` as text: the table per type, the stages overrun, the late applications with their
    stages (:func:`late_lines`), the incomplete and next-day lists, and the overdue applications."""
    from lqrel.connection import listing_lines
    from lqrel.report.i18n import labels
    from lqrel.report.present import coverage_text, translate_values

    lab = labels(lang)

    def table(frame: pd.DataFrame) -> str:
        out = translate_values(frame, lang).astype(object)
        for col in out.columns:
            out[col] = [_connect_cell(col, v, lab) for v in out[col]]
        return text_table(out.rename(columns=lambda c: lab.get(c, c)))

    coverage = coverage_text(apps.coverage, lang) + ("" if result["complete"] else say("connect_partial", lang))
    head = say("connect_head", lang, label=period_words(result["period"], lang))
    lines = [head, coverage, "", table(result["types"])]
    stages = result["stages"]
    limited = stages[stages["on_time"].notna() & (stages["applications"] > stages["on_time"])]
    if len(limited):
        lines += ["", say("connect_stages_over", lang),
                  table(limited.assign(over=limited["applications"] - limited["on_time"])
                        [["customer_type", "stage", "applications", "on_time", "limit_wd", "median_wd"]])]
    lines += late_lines(result, lang, show, table)
    lines += listing_lines(result, lang, show)
    overdue = result["in_progress"][result["in_progress"]["overdue"]]
    lines += ["", say("connect_open", lang, open=len(result["in_progress"]), overdue=len(overdue))]
    if len(overdue):
        lines.append(table(overdue.head(show)))
        if len(overdue) > show:
            lines.append(say("connect_more_short", lang, shown=show, total=len(overdue)))
    nw, sl, sc = result["no_works"], result["sanling"], result["stage_count"]
    lines += ["", say("connect_summary", lang, nw=nw["applications"], next_day=nw["next_day"], served=sl["served"],
                      eligible=sl["eligible"], within=sc["within"], apps=sc["applications"]),
              input_line(apps.report, lang)]
    return "\n".join(lines)


def validate_doc(ds: Dataset, found: dict) -> dict:
    """``lqrel validate --json``: the file, its reconciliation, coverage, rejects, warnings and findings."""
    report = ds.load_report
    return {
        "file": report.path, "sha256": report.sha256, "header_row": report.header_row,
        "columns": report.columns, "encoding": report.encoding, "sheet": report.sheet,
        **report.to_dict(), "duplicate_rows": report.duplicate_rows, "duplicate_copies": report.duplicate_copies,
        "coverage": coverage_doc(ds), "rejects": records(ds.rejects), "warnings": records(report.warnings),
        **{key: jsonable(value) for key, value in found.items() if key != "outside_coverage"},
        "outside_coverage": found["outside_coverage"],
    }


def header_fields(columns: dict[str, str], lang: str) -> str:
    """The fields found and the header each was read from (``事件编号 ← 停电编号`` / ``event_id <- 停电编号``): the
    field by its name in ``lang`` (:data:`lqrel.messages.cli.FIELDS`), its identifier when it has none."""
    return form("list", lang).join(
        say("header_field", lang, field=say(f"field_{field}", lang) if f"field_{field}" in CLI else field,
            header=header) for field, header in columns.items())


def validate_text(ds: Dataset, found: dict, show: int, lang: str = "en") -> str:
    """``lqrel validate`` as text: the reconciliation, coverage and header, the rejects by reason, duplicates,
    findings and warnings, each list cut to ``show`` rows."""
    report, rejects, coverage = ds.load_report, ds.rejects, ds.coverage
    lines = [input_line(report, lang), coverage_line(ds, lang=lang),
             say("header_line", lang, row=report.header_row, columns=header_fields(report.columns, lang))]
    if found["date_orders"]:
        lines.append(say("dates_read", lang, orders=form("list", lang).join(f"{column} {say('order_' + order, lang)}"
                                                             for column, order in found["date_orders"].items())))
    if len(rejects):
        reasons = pd.Series([text(c, a, lang, "reject") for c, a in zip(rejects["code"], rejects["args"], strict=True)],
                            name="reason") if not shows_identifiers(lang) else rejects["reason"]
        by_reason = reasons.value_counts().reset_index()
        lines += ["\n" + say("rejects_by_reason", lang), text_table(by_reason, header=False),
                  "\n" + row_table(rejects.head(show), "reject", "reason", lang) + more(len(rejects), show, lang=lang)]
    if report.duplicate_rows:
        lines.append("\n" + say("duplicates_dropped", lang, rows=", ".join(map(str, report.duplicate_rows[:show]))))
    if report.duplicate_copies:
        lines.append(say("duplicates_copies", lang, rows=copies_listed(report, show, with_file=True)))
    warned = warnings_text(report, show, lang=lang)
    return ("".join(line + "\n" for line in lines) + findings_text(found, coverage, ds.params, show, lang) + warned
            + ("\n" if warned else ""))


def now(params: Params) -> str:
    """The current time for log lines: ISO 8601 with the offset of the settings' zone."""
    return pd.Timestamp.now(tz=params.timezone).isoformat(timespec="seconds")


def progress(periods: list[str], args):
    """The periods to build: with a progress bar on a terminal for several (tqdm, on stderr), else as they are."""
    if len(periods) > 1 and not args.json and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(periods, unit="report", file=sys.stderr, dynamic_ncols=True)
    return periods


def log(progress, line: str, stream) -> None:
    """One log line, written above the progress bar when there is one."""
    if hasattr(progress, "write"):
        progress.write(line, file=stream)
    else:
        print(line, file=stream)


def whatif_towns_text(towns: pd.DataFrame, lang: str) -> str:
    """The plans' effect per town (:func:`lqrel.town_budget.town_what_if`) as three tables, so that no figure of one
    kind stands beside another unnamed: per area, the town's part of the area's year budget, used, planned and
    left [customer-hours]; the area's own budget left; and, apart, the town's own SAIDI [h] (its customer-hours
    over its own customers, all its areas together)."""
    budget = towns[["area", "town", "town_budget_ch", "town_used_ch", "added_ch", "remaining_before_ch",
                    "remaining_after_ch", "planned_left_before_ch", "planned_left_after_ch"]]
    area = towns.drop_duplicates("area")[["area", "area_remaining_before_ch", "area_remaining_after_ch"]]
    own = towns.drop_duplicates("town")[["town", "own_saidi_ytd_h", "own_saidi_with_plan_h"]]
    return "".join(f"\n\n{say(head, lang)}\n{fmt_table(table, lang)}" for head, table in
                   (("whatif_towns", budget), ("whatif_area_budget", area), ("whatif_town_saidi", own)))


def whatif_output(ds: Dataset, as_of: pd.Timestamp, costs: pd.DataFrame, towns: pd.DataFrame | None,
                  effect: pd.DataFrame, lang: str = "en") -> tuple[dict, str]:
    """``lqrel budget --what-if``: the JSON document and the text: the plans costed, the effect on each 供电所's
    year budget (when known) and on the areas' year-end projections."""
    text = say("whatif_head", lang, as_of=f"{as_of:%Y-%m-%d}") + "\n" + fmt_table(costs, lang)
    if towns is not None:
        text += whatif_towns_text(towns, lang)
    text += ("\n\n" + say("whatif_effect", lang) + "\n" + fmt_table(effect, lang) + "\n"
             + coverage_line(ds, lang=lang))
    doc = {"as_of": as_of.strftime("%Y-%m-%d"), "coverage": coverage_doc(ds), "plans": records(costs),
           "effect": records(effect)}
    if towns is not None:
        doc["towns"] = records(towns)
    return doc, text


def rank_doc(ds: Dataset, table: pd.DataFrame) -> dict:
    """``lqrel rank --json``: the period, its year-ago span, the county's SAIDI both years, the rows (``unit``,
    ``saidi_h``, ``contribution_h``, ``customer_hours``, last year's and the changes) and the notes."""
    a = table.attrs
    return jsonable({"level": a["level"], "period": a["period"].to_dict(), "last_period": a["last_period"].to_dict(),
                     "county_saidi_h": a["county_saidi_h"], "last_year_county_saidi_h": a["last_year_county_saidi_h"],
                     "coverage": coverage_doc(ds), "rows": records(table), "notes": notes_doc(a["notes"])})


def _last_day(end: pd.Timestamp) -> str:
    """The last day of a span ending (excluded) at ``end``."""
    return f"{end - pd.Timedelta(days=1):%Y-%m-%d}"


def rank_text(ds: Dataset, table: pd.DataFrame, lang: str = "en") -> str:
    """``lqrel rank``: the span compared, the county's SAIDI as the sum of the contributions, the table (the unit
    named by its level) and the notes (why a feeder has no own SAIDI)."""
    a = table.attrs
    period, last = a["period"], a["last_period"]
    basis = say("basis_without_med" if ds.params.targets.exclude_med else "basis_all_data", lang)
    head = say("rank_head", lang, level=say(f"level_{a['level']}", lang), start=f"{period.start:%Y-%m-%d}",
               end=_last_day(period.end), last_start=f"{last.start:%Y-%m-%d}", last_end=_last_day(last.end),
               basis=basis, span=say("span_year" if period.kind == "year" else "span_ytd", lang))
    lastyear = a["last_year_county_saidi_h"]
    county = say("rank_county", lang, saidi=f"{a['county_saidi_h']:.2f}",
                 last="–" if pd.isna(lastyear) else f"{lastyear:.2f}")
    shown = table.rename(columns={"unit": a["level"]})
    formula = "rank_own"
    if a["level"] == "feeder":  # no own SAIDI: the empty columns and their formula left out, the notes say why
        shown = shown.drop(columns=["customers_served", "saidi_h", "last_year_saidi_h", "change_yoy"])
        formula = "rank_contribution"
    elif not shows_identifiers(lang):  # the unit's own figures named as its own (a bare SAIDI, 总用户数: the area's)
        shown = shown.rename(columns={"saidi_h": "own_saidi_h", "customers_served": "own_customers_served"})
    return "\n".join([head, coverage_line(ds, lang=lang), county, say(formula, lang), "",
                      fmt_table(shown, lang)]) + notes_text(a["notes"], lang)


def town_budget_output(ds: Dataset, found: tuple[pd.DataFrame, pd.DataFrame], lang: str = "en") -> tuple[dict, str]:
    """``lqrel budget --town``: the JSON document and the text: each town's status (budget, used, remaining,
    planned allowance left), then its burn-down by month, and the notes."""
    status, monthly = found
    a = monthly.attrs
    head = say("budget_towns_head", lang, year=a["year"], as_of=f"{a['as_of']:%Y-%m-%d}",
               method=say(f"split_{a['split']}", lang))
    text = (head + "\n" + coverage_line(ds, lang=lang) + "\n" + fmt_table(status, lang) + "\n\n"
            + say("by_month_town", lang) + "\n"
            + fmt_table(monthly.drop(columns=["weight", "annual_budget_ch", "annual_planned_ch"]), lang)
            + notes_text(a["notes"], lang))
    doc = {"year": a["year"], "as_of": f"{a['as_of']:%Y-%m-%d}", "split": a["split"], "coverage": coverage_doc(ds),
           "towns": records(status), "rows": records(monthly), "notes": notes_doc(a["notes"])}
    return doc, text
