"""The report's files besides the page: the formatted Excel 报表, the Word 报送材料 (:mod:`lqrel.report.word`) and
the headline as JSON (``lqrel report --json``).

The workbook has one sheet per table with a title row (report, period, units), headers in the report's
language (the rejected rows and warnings too), yes/no in words (是/否), number formats (hours 0.00, ASAI 0.0000%,
shares 0.0%, counts with thousands separators), dates as dates, column widths fitted to the text as shown (a CJK
character counts twice) and a frozen header. A cell from an input file that a spreadsheet would read as a formula is
written as text with a leading apostrophe (:func:`lqrel.output.neutralize`); numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.messages import text
from lqrel.output import display_width, jsonable, neutralize, visible
from lqrel.periods import Period
from lqrel.report.i18n import SHEETS, labels, period_name
from lqrel.report.present import (
    CHANGE_HOUR_COLUMNS,
    COUNT_COLUMNS,
    DATE_COLUMNS,
    PERCENT_COLUMNS,
    RATE_COLUMNS,
    fmt,
    translate_values,
)

#: Row of the header in every sheet (row 1: title, row 2: units and coverage).
HEADER_ROW = 3


def _plain(value: object, lang: str = "zh") -> object:
    if isinstance(value, bool | np.bool_):  # a spreadsheet would show TRUE/FALSE
        return text("yes" if value else "no", lang=lang, family="workbook")
    if isinstance(value, tuple):  # rules hit, and the like
        return neutralize(fmt("rules", value, lang))
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return neutralize(visible(value))


#: Columns of a relative change, shown with their sign.
CHANGE_COLUMNS = {"change", "reference_change", "change_yoy"}


def number_format(column: str) -> str | None:
    """The Excel number format of a column (None: as it comes)."""
    if column == "asai":
        return "0.0000%"
    if column in CHANGE_COLUMNS:
        return "+0.0%;-0.0%;0.0%"
    if column in PERCENT_COLUMNS:
        return {"probability_met": "0%"}.get(column, "0.0%")
    if column in CHANGE_HOUR_COLUMNS:
        return "+0.00;-0.00;0.00"
    if column.endswith("_h"):
        return "0.00"
    if column.endswith("_min"):
        return "0.0"
    if column in COUNT_COLUMNS or column.endswith("_ch"):
        return "#,##0"
    if column in RATE_COLUMNS:
        return "0.000"
    if column in DATE_COLUMNS:
        return "yyyy-mm-dd"
    return None


#: Columns of the report's tables as the workbook names them (the quality tables' own columns).
_RENAMED = {"rejects": lambda c: "q_" + c, "warnings": lambda c: "q_" + c, "connection_rejects": lambda c: "q_" + c,
            "by_reason": {"reason": "q_reason", "count": "q_count"}}
#: Widest column [characters]; a longer text wraps.
MAX_WIDTH = 60


def sheet_names(lang: str) -> dict[str, str]:
    """The workbook's sheets in order, table name -> sheet name: the report's (:data:`lqrel.report.i18n.SHEETS`)
    with the row warnings after the rejected rows."""
    out = {}
    for name, sheet in SHEETS[lang].items():
        out[name] = sheet
        if name == "rejects":
            out["warnings"] = text("sheet_warnings", lang=lang, family="workbook")
    return out


def _fit_columns(ws, raw: pd.DataFrame, frame: pd.DataFrame, headers: list[str], lang: str) -> None:
    """Number and date formats by column, and each column as wide as its widest cell as shown (the header may
    wrap onto two lines)."""
    from openpyxl.utils import get_column_letter

    for i, column in enumerate(raw.columns, start=1):
        form = number_format(str(column))
        for (cell,) in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=i, max_col=i):
            if isinstance(cell.value, dt.datetime):
                cell.number_format = form if column in DATE_COLUMNS else "yyyy-mm-dd hh:mm"
            elif form and isinstance(cell.value, int | float):
                cell.number_format = form
        shown = [display_width(fmt(str(column), v, lang) or "") for v in frame.iloc[:, i - 1].head(1000)]
        widest = max([-(-display_width(headers[i - 1]) // 2), *shown])
        ws.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 8), MAX_WIDTH)


#: The sheets of the application log (办电): their units and coverage are the log's, never the outage data's.
APPLICATION_SHEETS = frozenset(name for name in SHEETS["en"] if name.startswith("connection_"))


def units_line(name: str, tables: dict, coverage, lab: dict) -> str:
    """Row 2 of sheet ``name``: its units and the coverage of the data it comes from: the outage data's
    (``coverage``), or for an application sheet (:data:`APPLICATION_SHEETS`) the application log's (the
    ``connection_facts`` of ``tables``; none when unknown)."""
    if name in APPLICATION_SHEETS:
        units, code = lab["workbook_units_applications"], "workbook_coverage_applications"
        coverage = (tables.get("connection_facts") or {}).get("coverage")
    else:
        units, code = lab["workbook_units"], "workbook_coverage"
    if coverage is None:
        return units
    return units + lab[code].format(start=f"{coverage.first:%Y-%m-%d}", end=f"{coverage.through:%Y-%m-%d}")


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path, lang: str = "zh", period: Period | None = None,
                   coverage=None, targets=None) -> Path:
    """Write the named tables, one sheet each (:func:`sheet_names`, in that order), formatted as a 报表: title
    row, units and coverage (an application sheet's those of the application log, :func:`units_line`), localized
    header (the rule's words from ``targets``, else from the headline's ``attrs["targets"]``), yes/no in words,
    number and date formats, column widths, frozen header; the headline sheet ends with the rule in words and the
    notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    if targets is None and "headline" in tables:
        targets = tables["headline"].attrs.get("targets")
    lab = labels(lang, targets)
    wb = Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F3F5F7")
    for name, sheet in sheet_names(lang).items():
        if name not in tables:
            continue
        raw = tables[name]
        if name in _RENAMED:
            raw = raw.rename(columns=_RENAMED[name])
        frame = translate_values(raw, lang, targets)
        ws = wb.create_sheet(sheet)
        ws.append([" · ".join(p for p in (lab["title"], period_name(period, lang) if period else "", sheet) if p)])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([units_line(name, tables, coverage, lab)])
        headers = [lab.get(c, c) for c in frame.columns]
        ws.append(headers)
        for cell in ws[HEADER_ROW]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for record in frame.astype(object).itertuples(index=False):
            ws.append([_plain(v, lang) for v in record])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
        for column in ("feeder", "cause"):  # a sheet on a column the log does not have says so
            if raw.attrs.get(f"{column}_column", True) is False:
                ws.append([lab[f"no_{column}_column"]])
        _fit_columns(ws, raw, frame, headers, lang)
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
        if name == "headline" and targets is not None:  # the rule the verdicts follow, and the notes
            from lqrel.messages import note

            ws.append([])
            ws.append([lab["rule_judged"]])
            for item in raw.attrs.get("notes", []):
                ws.append([neutralize(note(item, lang))])
    path = Path(path)
    wb.save(path)
    return path


def write_outputs(tables: dict, ds, period, lang: str = "zh", xlsx_path: str = "", docx_path: str = "",
                  summary_path: str = "", document_date: str = "") -> None:
    """The report notebook's last step: the workbook, the Word 报送材料 (its 成文日期 ``document_date``,
    YYYY-MM-DD; empty: today) and the headline JSON, each where a path is given (empty: not written)."""
    from lqrel.report.tables import summary

    if xlsx_path:
        write_workbook(tables, xlsx_path, lang, period, ds.coverage, ds.params.targets)
    if docx_path:
        import datetime as dt

        from lqrel.report.word import write_docx

        write_docx(tables, ds, period, docx_path, lang, dt.date.fromisoformat(document_date) if document_date else None)
    if summary_path:
        Path(summary_path).write_text(json.dumps(jsonable(summary(ds, period, tables["headline"])),
                                                 ensure_ascii=False), encoding="utf-8")
