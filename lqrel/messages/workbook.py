"""What the workbook (the Excel 报表 of a report, :mod:`lqrel.report.export`) writes besides the report's labels:
the words of a yes/no cell and the names of sheets the page does not title (a family of the catalogue,
:mod:`lqrel.messages`): code -> {lang: text}."""

from __future__ import annotations

WORKBOOK: dict[str, dict[str, str]] = {
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "sheet_warnings": {"zh": "警告", "en": "Warnings"},
}
