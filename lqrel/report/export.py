"""Spreadsheet export of report tables, safe against formula injection.

A cell from an input file that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could run as a
formula when the workbook is opened; such text is written as a string with a leading apostrophe shown, and
numbers stay numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lqrel.output import neutralize, visible
from lqrel.report.i18n import SHEETS, labels
from lqrel.report.present import fmt, translate_values


def _plain(value: object, lang: str = "zh") -> object:
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


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path, lang: str = "zh") -> Path:
    """Write the named tables, one sheet each, with localized sheet names and headers.

    Only the tables listed in :data:`lqrel.report.i18n.SHEETS` are written, in that order.
    """
    from openpyxl import Workbook

    lab = labels(lang)
    wb = Workbook()
    wb.remove(wb.active)
    for name, sheet in SHEETS[lang].items():
        if name not in tables:
            continue
        frame = translate_values(tables[name], lang)
        ws = wb.create_sheet(sheet)
        ws.append([lab.get(c, c) for c in frame.columns])
        for record in frame.astype(object).itertuples(index=False):
            ws.append([_plain(v, lang) for v in record])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
    path = Path(path)
    wb.save(path)
    return path
