"""The text and JSON the ``lqrel`` commands print: tables with their units, the coverage, input and note
lines, the findings of ``lqrel validate`` and the tables of ``lqrel connect``."""

from __future__ import annotations

import sys

import pandas as pd

from lqrel.dataset import Dataset
from lqrel.messages import note
from lqrel.output import jsonable, visible_lines
from lqrel.params import Params


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a table as JSON-ready dicts."""
    return [jsonable(r) for r in frame.astype(object).to_dict("records")]


def _fmt_cell(col: str, v) -> str:
    if v is None or (not isinstance(v, str | bool) and pd.isna(v)):
        return ""
    if col == "asai":
        return f"{v * 100:.4f}%"
    if col == "change":
        return f"{v * 100:+.1f}%"
    if col.endswith("_h") or col in ("saifi", "maifi"):
        return f"{v:.2f}"
    if col in ("customer_hours", "customer_interruptions", "customers_served") or col.endswith("_ch"):
        return f"{v:,.0f}"
    if col.startswith("probability"):
        return f"{v:.0%}"
    return str(v)


def fmt_table(frame: pd.DataFrame) -> str:
    """A table as text: hours 0.00, ASAI and changes in percent, counts with separators."""
    shown = frame.astype(object).copy()
    for col in shown.columns:
        shown[col] = [_fmt_cell(col, v) for v in shown[col]]
    return shown.to_string(index=False)


def notes_text(notes: list[dict]) -> str:
    """The notes as ``Note: ...`` lines in English, each after a line break."""
    return "".join(f"\nNote: {note(n, 'en')}" for n in notes)


def notes_doc(notes: list[dict]) -> list[dict]:
    """Notes for JSON: the code, its arguments and the English text."""
    return [{**n, "text": note(n, "en")} for n in notes]


def coverage_doc(ds: Dataset) -> dict | None:
    """The data coverage for JSON (none without events)."""
    return ds.coverage.to_dict() if ds.coverage else None


def coverage_line(ds: Dataset, period=None, complete: bool = True) -> str:
    """The coverage line of a command, saying so when ``period`` is only partly covered."""
    line = ds.describe_coverage()
    if period is not None and not complete:
        line += f"; {period.label} is only partly covered: figures for the covered part (incomplete)"
    return line


def input_line(report, lang: str = "en") -> str:
    """The reconciliation of the rows read: accepted + rejected + duplicates."""
    if lang == "zh":
        return (f"输入 {report.path}：读取 {report.rows_read} 行 = 接受 {report.accepted} + 拒收 {report.rejected}"
                f" + 重复 {report.duplicates}")
    return (f"Input {report.path}: {report.rows_read} rows read = {report.accepted} accepted + "
            f"{report.rejected} rejected + {report.duplicates} duplicates")


def check_text(table: pd.DataFrame, params: Params, year: int) -> str:
    """The target verdicts of ``year`` as text: the rule judged, the table and its notes."""
    from lqrel.rule_text import rule_words

    head = f"Targets {year}: {rule_words(params.targets, 'en')['rule_judged']}"
    notes = notes_text(table.attrs.get("notes", []))
    return head + "\n" + fmt_table(table) + notes


def more(total: int, shown: int, how: str = "--show N") -> str:
    """``(first N of M; --show N lists more)`` under a list cut to ``shown`` rows, else nothing."""
    return f"\n(first {shown} of {total}; {how} lists more)" if total > shown else ""


def warnings_text(report, show: int = 20, how: str = "--show N") -> str:
    """The ``Warnings (N):`` block of a load, after a blank line, cut to ``show`` rows (``how`` lists more);
    nothing without warnings. ``lqrel validate`` and ``lqrel check`` print the same block for the same files."""
    if not len(report.warnings):
        return ""
    return (f"\nWarnings ({len(report.warnings)}):\n" + report.warnings.drop(columns="args").head(show).to_string(
        index=False) + more(len(report.warnings), show, how))


def findings_text(found: dict, coverage, params: Params, show: int) -> str:
    """The text of ``lqrel validate`` on reused ids, probable double entries, name merges and the events outside
    the coverage (each with its rows)."""
    lines, outside = [], found["outside_coverage"]

    def rows_text(rows: list) -> str:
        return ", ".join(map(str, rows[:show])) + (f", ... (+{len(rows) - show})" if len(rows) > show else "")

    if found["reused_ids"]:
        lines += ["", f"Ids reused by different outages (ids: {len(found['reused_ids'])}; every row kept as an "
                      "event):"]
        lines += [f"  {g['id']}: rows {rows_text(list(g['rows']))}" for g in found["reused_ids"][:show]]
        lines += [more(len(found["reused_ids"]), show).lstrip("\n")] if len(found["reused_ids"]) > show else []
    if found["double_entries"]:
        how = ("the first of each group kept, double_entries: drop" if params.double_entries == "drop" else
               "every row counted as the export says, double_entries: keep")
        lines += ["", f"Probable double entries (groups: {len(found['double_entries'])}; {how}):"]
        for g in found["double_entries"][:show]:
            dropped = f"; dropped rows {rows_text(list(g['dropped_rows']))}" if g.get("dropped_rows") else ""
            lines.append(f"  ids {', '.join(map(str, g['ids']))}: rows {rows_text(list(g['rows']))}, feeder "
                         f"{g.get('feeder')}, {g.get('start')} .. {g.get('end')}, {g.get('customers')} customers"
                         f"{dropped}")
        if len(found["double_entries"]) > show:
            lines.append(more(len(found["double_entries"]), show).lstrip("\n"))
    if found["name_merges"]:
        lines += ["", f"Names merged (names: {len(found['name_merges'])}; compared without case, width and extra "
                      "spaces):"]
        lines += [f"  {m['column']} {m['name']} <- {' / '.join(map(str, m['spellings']))} ({m['rows']} rows)"
                  for m in found["name_merges"][:show]]
        lines += [more(len(found["name_merges"]), show).lstrip("\n")] if len(found["name_merges"]) > show else []
    if outside:
        reasons = {"gap": "beyond a run of months without events", "after_through": "after the coverage's end",
                   "before_from": "before the coverage's start"}
        lines += ["", f"Outside the data coverage {coverage.first:%Y-%m-%d} .. {coverage.through:%Y-%m-%d} "
                      f"(events: {len(outside)}; kept, in no figure):"]
        lines += [f"  row {o['row']}: {o['start']}, {reasons[o['reason']]} ({o['reason']})" for o in outside[:show]]
        if len(outside) > show:
            lines.append(f"  (first {show} of {len(outside)}; --show N lists more)")
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


def connect_text(result: dict, apps, lang: str, show: int) -> str:
    """``lqrel connect`` as text: the table per type, the stages overrun, late and overdue applications."""
    from lqrel.report.i18n import labels
    from lqrel.report.present import coverage_text, translate_values

    lab = labels(lang)
    zh = lang == "zh"
    shown = result["period"]

    def table(frame: pd.DataFrame) -> str:
        out = translate_values(frame, lang).astype(object)
        for col in out.columns:
            out[col] = [_connect_cell(col, v, lab) for v in out[col]]
        return visible_lines(out.rename(columns=lambda c: lab.get(c, c)).to_string(index=False))

    head = (f"{shown.label} 办电时长（电网环节工作日，按装表接电完成时间归期）" if zh else
            f"{shown.label} connection time (grid-side working days; an application counts in the period it was "
            "connected)")
    coverage = coverage_text(apps.coverage, lang)
    if not result["complete"]:
        coverage += ("；本期只覆盖了一部分，数字为覆盖部分" if zh else
                     "; the period is only partly covered: figures for that part")
    lines = [head, coverage, "", table(result["types"])]
    late = result["applications"][result["applications"]["on_time"] == False]  # noqa: E712 - None is not late
    over = result["applications"][result["applications"]["stages_over"].map(len) > 0]
    stages = result["stages"]
    limited = stages[stages["on_time"].notna() & (stages["applications"] > stages["on_time"])]
    if len(limited):
        lines += ["", "超过环节时限：" if zh else "Stages over their own limit:",
                  table(limited.assign(over=limited["applications"] - limited["on_time"])
                        [["customer_type", "stage", "applications", "on_time", "limit_wd", "median_wd"]])]
    if len(late) or len(over):
        rows = pd.concat([late, over]).drop_duplicates("app_id")
        lines += ["", (f"超时申请 {len(late)} 户（合计超时限、无工程未次日接电或缺少环节），环节超时 {len(over)} 户："
                       if zh else
                       f"Late applications: {len(late)} (over the total limit, no works and not connected by the "
                       f"next day, or a stage missing), {len(over)} with a stage over its limit:"),
                  table(rows[["app_id", "customer_type", "total_wd", "limit_wd", "stages_over"]].head(show))]
        if len(rows) > show:
            lines.append(f"（列出前 {show} 户，共 {len(rows)} 户；--show N 列出更多）" if zh else
                         f"(first {show} of {len(rows)}; --show N lists more)")
    from lqrel.connection import listing_lines

    lines += listing_lines(result, lang, show)
    overdue = result["in_progress"][result["in_progress"]["overdue"]]
    lines += ["", (f"期末在办 {len(result['in_progress'])} 户，其中已超时 {len(overdue)} 户" if zh else
                   f"In progress at the period's end: {len(result['in_progress'])}, overdue: {len(overdue)}")]
    if len(overdue):
        lines.append(table(overdue.head(show)))
        if len(overdue) > show:
            lines.append(f"（列出前 {show} 户，共 {len(overdue)} 户）" if zh else f"(first {show} of {len(overdue)})")
    nw, sl, sc = result["no_works"], result["sanling"], result["stage_count"]
    lines += ["", (f"无工程低压：{nw['applications']} 户，次日接电 {nw['next_day']} 户；"
                   f"三零：符合条件（低压非居民、不超过160千瓦）{sl['eligible']} 户，实行三零 {sl['served']} 户；"
                   f"办电环节不超过目标（高压4个、低压2个）：{sc['within']} / {sc['applications']} 户" if zh else
                   f"Low voltage without works: {nw['applications']}, connected the next day: {nw['next_day']}; "
                   f"zero-visit service: {sl['served']} of {sl['eligible']} eligible (LV non-residential up to "
                   f"160 kW); within the stage-count target (HV 4, LV 2): {sc['within']} of {sc['applications']}"),
              input_line(apps.report, lang)]
    return "\n".join(lines)


def validate_doc(ds: Dataset, found: dict) -> dict:
    """``lqrel validate --json``: the file, its reconciliation, coverage, rejects, warnings and findings."""
    report = ds.load_report
    return {
        "file": report.path, "sha256": report.sha256, "header_row": report.header_row,
        "columns": report.columns, "encoding": report.encoding, "sheet": report.sheet,
        **report.to_dict(), "duplicate_rows": report.duplicate_rows,
        "coverage": coverage_doc(ds), "rejects": records(ds.rejects), "warnings": records(report.warnings),
        **{key: jsonable(value) for key, value in found.items() if key != "outside_coverage"},
        "outside_coverage": found["outside_coverage"],
    }


def validate_text(ds: Dataset, found: dict, show: int) -> str:
    """``lqrel validate`` as text: the reconciliation, coverage and header, the rejects by reason, duplicates,
    findings and warnings, each list cut to ``show`` rows."""
    report, rejects, coverage = ds.load_report, ds.rejects, ds.coverage
    lines = [input_line(report),
             f"Data coverage {coverage.describe()}" if coverage else "Data coverage: unknown (no events)",
             f"Header on row {report.header_row}; columns: "
             + ", ".join(f"{k} <- {v}" for k, v in report.columns.items())]
    if found["date_orders"]:
        lines.append("Dates read: " + ", ".join(f"{column} {order}" for column, order in found["date_orders"].items()))
    if len(rejects):
        lines += ["\nRejected rows by reason:", rejects["reason"].value_counts().to_string(),
                  "\n" + rejects.drop(columns="args").head(show).to_string(index=False) + more(len(rejects), show)]
    if report.duplicate_rows:
        lines.append(f"\nDuplicates dropped (rows): {', '.join(map(str, report.duplicate_rows[:show]))}")
    warned = warnings_text(report, show)
    return ("".join(line + "\n" for line in lines) + findings_text(found, coverage, ds.params, show) + warned
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
