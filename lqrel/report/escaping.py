"""HTML-safe text of values from input files, shared by the report's page (:mod:`lqrel.report.present`) and its
charts (:mod:`lqrel.report.charts`)."""

from __future__ import annotations

import html

from lqrel.output import visible


def esc(value: object) -> str:
    """HTML-escaped text of a value (quotes too), control characters shown visibly (:func:`lqrel.output.visible`)."""
    return html.escape("" if value is None else visible(str(value)), quote=True)
