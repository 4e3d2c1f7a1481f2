"""Presentation for notebooks and reports: localized, escaped HTML tables and plotly charts.

Every string that comes from an input file (town, feeder and cause names) is HTML-escaped before it reaches
a table cell, a chart title, an axis label or hover text, so a name such as ``<img src=x onerror=...>`` shows as
text and never runs.
"""

from __future__ import annotations

import html
import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lqrel.output import visible
from lqrel.report.i18n import labels

#: Colours (plotly 7 accepts hex and rgb() with 0-255 integers).
COLOURS = {"urban": "#1f77b4", "rural": "#2ca02c", "all": "#7f7f7f", "planned": "#9467bd", "fault": "#d62728",
           "allowance": "#ff7f0e", "last_year": "#aaaaaa"}
#: Columns shown as hours with two decimals, as percentages, as whole numbers.
HOUR_COLUMNS_SUFFIX = "_h"
PERCENT_COLUMNS = {"change", "share", "cumulative_share", "probability_met"}
COUNT_COLUMNS = {"customer_hours", "customer_interruptions", "events", "customers_served", "count", "interruptions",
                 "budget_ch", "actual_ch", "cumulative_budget_ch", "cumulative_actual_ch", "remaining_ch",
                 "annual_budget_ch", "budget_planned_ch", "budget_fault_ch", "actual_planned_ch", "actual_fault_ch"}
RATE_COLUMNS = {"saifi", "maifi"}


def esc(value: object) -> str:
    """HTML-escaped text of a value (quotes too), control characters shown visibly (:func:`lqrel.output.visible`)."""
    return html.escape("" if value is None else visible(str(value)), quote=True)


def fmt(column: str, value: object, lang: str = "zh") -> str:
    """Display text of one cell: hours 2 decimals, ASAI % with 4, shares %, counts with separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return labels(lang)["yes" if value else "no"]
    if column == "asai":
        return f"{value * 100:.4f}%"
    if column in PERCENT_COLUMNS:
        return f"{value * 100:+.1f}%" if column == "change" else f"{value * 100:.1f}%"
    if isinstance(value, int | float) and column.endswith(HOUR_COLUMNS_SUFFIX):
        return f"{value:.2f}"
    if isinstance(value, int | float) and column.endswith("_min"):
        return f"{value:.1f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, tuple) and all(hasattr(v, "describe") for v in value):
        return ("；" if lang == "zh" else "; ").join(v.describe(lang) for v in value)
    if isinstance(value, int | float) and column in COUNT_COLUMNS:
        return f"{value:,.0f}"
    if isinstance(value, int | float) and column in RATE_COLUMNS:
        return f"{value:.3f}"
    return str(value)


def translate_values(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Area, nature, status and criterion codes replaced by their labels."""
    lab = labels(lang)
    out = frame.copy()
    for col in ("area", "nature", "status", "level"):
        if col in out:
            out[col] = out[col].map(lambda v: "+".join(lab.get(p, p) for p in str(v).split("+")))
    if "criterion" in out:
        out["criterion"] = out["criterion"].map(lambda v: lab.get(f"crit_{v}", v) if isinstance(v, str) and v else "")
    if "item" in out:
        out["item"] = out["item"].map(lambda v: lab.get(v, v))
    if "value" in out:  # codes among the quality values (how the coverage was found)
        out["value"] = out["value"].map(lambda v: lab.get(v, v) if isinstance(v, str) and v.startswith("q_") else v)
    if "policy" in out:
        out["policy"] = out["policy"].map(lambda v: lab.get(v, v))
    return out


def html_table(frame: pd.DataFrame, lang: str = "zh", table_id: str | None = None) -> str:
    """A localized HTML table; headers from the label table, every cell formatted and escaped."""
    lab = labels(lang)
    shown = translate_values(frame, lang)
    head = "".join(f"<th>{esc(lab.get(c, c))}</th>" for c in shown.columns)
    body = []
    for record, raw_status in zip(shown.itertuples(index=False), frame.get("status", [None] * len(frame)),
                                  strict=True):
        cells = []
        for col, value in zip(shown.columns, record, strict=True):
            text = fmt(col, value, lang)
            cls = ' class="num"' if isinstance(value, int | float) and not isinstance(value, bool) else (
                ' class="wrap"' if len(text) > 40 else "")
            status = f' data-status="{esc(raw_status)}"' if col == "status" else ""
            cells.append(f"<td{cls}{status}>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{esc(table_id)}"' if table_id else ""
    return (f'<table class="lqrel"{ident}><thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table>")


#: CSS of report tables and headings, embedded once by the report's setup cell.
CSS = """
<style>
table.lqrel { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 13px; }
table.lqrel th, table.lqrel td { border: 1px solid #ccc; padding: 4px 8px; }
table.lqrel th { background: #f3f5f7; text-align: left; }
table.lqrel td { white-space: nowrap; text-align: left; }
table.lqrel td.wrap { white-space: normal; min-width: 260px; max-width: 480px; }
table.lqrel td.num { text-align: right; font-variant-numeric: tabular-nums; }
td[data-status="met"], td[data-status="on_track"] { background: #e3f4e1; }
td[data-status="at_risk"], td[data-status="unknown"] { background: #fff3cd; }
td[data-status="not_met"], td[data-status="off_track"] { background: #f8d7da; }
p.lqrel-coverage { font-size: 14px; }
.lqrel-note { color: #555; font-size: 13px; }
nav.lqrel-toc a { margin-right: 1.2em; }
</style>
"""


def notes_list(notes: list[dict], lang: str = "zh", list_id: str | None = None) -> str:
    """Notes on a result (codes with arguments) as an HTML list in ``lang``; empty without notes."""
    from lqrel.messages import note

    if not notes:
        return ""
    ident = f' id="{esc(list_id)}"' if list_id else ""
    return f'<ul class="lqrel-note"{ident}>' + "".join(f"<li>{esc(note(n, lang))}</li>" for n in notes) + "</ul>"


def coverage_line(coverage, lang: str = "zh") -> str:
    """The data coverage as one HTML paragraph (first screen of every report)."""
    lab = labels(lang)
    source = lab["coverage_inferred"] if coverage.inferred else lab["coverage_declared"]
    text = lab["coverage_line"].format(start=f"{coverage.first:%Y-%m-%d}", end=f"{coverage.through:%Y-%m-%d}",
                                       source=source)
    return f'<p class="lqrel-note lqrel-coverage" id="coverage">{esc(text)}</p>'


def heading(text: str, anchor: str, level: int = 2) -> str:
    """A section heading with an anchor for the table of contents."""
    return f'<h{level} id="{esc(anchor)}">{esc(text)}</h{level}>'


def toc(sections: list[tuple[str, str]], lang: str = "zh") -> str:
    """Table of contents linking to section anchors: ``[(anchor, title), ...]``."""
    links = "".join(f'<a href="#{esc(a)}">{esc(t)}</a>' for a, t in sections)
    return f'<nav class="lqrel-toc"><strong>{esc(labels(lang)["toc"])}</strong>: {links}</nav>'


def _month_axis(fig: go.Figure, lab: dict[str, str]) -> None:
    fig.update_xaxes(title=esc(lab["month"]), tickmode="array", tickvals=list(range(1, 13)))


def _layout(fig: go.Figure, title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        title=esc(title), yaxis_title=esc(y_title), template="plotly_white", height=420,
        legend={"orientation": "h", "y": -0.15}, margin={"l": 60, "r": 20, "t": 60, "b": 60},
        font={"family": "Noto Sans CJK SC, Microsoft YaHei, SimHei, sans-serif"},
    )
    return fig


def monthly_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Monthly SAIDI bars per area against the straight-line monthly allowance (limit / 12)."""
    lab = labels(lang)
    fig = go.Figure()
    for area in ("urban", "rural"):
        d = table[table["area"] == area]
        fig.add_bar(x=d["month"], y=d["saidi_h"], name=esc(lab[area]), marker_color=COLOURS[area],
                    hovertemplate="%{x}: %{y:.2f} h<extra>" + esc(lab[area]) + "</extra>")
        fig.add_scatter(x=d["month"], y=d["allowance_h"], mode="lines", line={"dash": "dot", "color": COLOURS[area]},
                        name=esc(f"{lab[area]} {lab['allowance']}"))
    _month_axis(fig, lab)
    return _layout(fig, lab["monthly_chart"], lab["saidi_h"])


def cumulative_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Cumulative year-to-date SAIDI per area against last year and the year's target line."""
    lab = labels(lang)
    fig = go.Figure()
    for area in ("urban", "rural"):
        d = table[table["area"] == area]
        name = esc(lab[area])
        fig.add_scatter(x=d["month"], y=d["cumulative_h"], mode="lines+markers", name=f"{name} {esc(lab['this_year'])}",
                        line={"color": COLOURS[area]})
        fig.add_scatter(x=d["month"], y=d["last_year_cumulative_h"], mode="lines",
                        name=f"{name} {esc(lab['last_year'])}", line={"color": COLOURS[area], "dash": "dash"})
        fig.add_scatter(x=d["month"], y=d["allowance_cumulative_h"], mode="lines",
                        name=f"{name} {esc(lab['target_line'])}", line={"color": COLOURS["allowance"], "dash": "dot"})
    _month_axis(fig, lab)
    return _layout(fig, lab["cumulative_chart"], lab["saidi_h"])


def split_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Stacked planned (SAIDI-S) and fault (SAIDI-F) SAIDI per area."""
    lab = labels(lang)
    x = [esc(lab[a]) for a in table["area"]]
    fig = go.Figure()
    fig.add_bar(x=x, y=table["saidi_s_h"], name=esc(lab["planned"]), marker_color=COLOURS["planned"])
    fig.add_bar(x=x, y=table["saidi_f_h"], name=esc(lab["fault"]), marker_color=COLOURS["fault"])
    fig.update_layout(barmode="stack")
    return _layout(fig, lab["split_chart"], lab["saidi_h"])


def ranking_chart(table: pd.DataFrame, key: str, lang: str = "zh") -> go.Figure:
    """Horizontal bars of customer-hours for the top towns or feeders (names escaped)."""
    lab = labels(lang)
    d = table.iloc[::-1]
    names = [esc(v) for v in d[key]]
    fig = go.Figure(go.Bar(x=d["customer_hours"], y=names, orientation="h", marker_color=COLOURS["all"],
                           hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
    fig.update_yaxes(type="category")
    return _layout(fig, lab[f"{key}_chart"], "").update_xaxes(title=esc(lab["customer_hours"]))


def pareto_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Cause Pareto: customer-hours bars with the cumulative share line."""
    lab = labels(lang)
    names = [esc(v) if v else "–" for v in table["cause"]]
    fig = go.Figure()
    fig.add_bar(x=names, y=table["customer_hours"], name=esc(lab["customer_hours"]), marker_color=COLOURS["fault"],
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>")
    fig.add_scatter(x=names, y=table["cumulative_share"] * 100, yaxis="y2", mode="lines+markers",
                    name=esc(lab["cumulative_share"]), line={"color": COLOURS["all"]},
                    hovertemplate="%{x}: %{y:.1f}%<extra></extra>")
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "range": [0, 105], "ticksuffix": "%",
                              "tickvals": [0, 20, 40, 60, 80, 100], "showgrid": False})
    fig.update_xaxes(type="category")
    return _layout(fig, lab["pareto_chart"], lab["customer_hours"])


def show(fig: go.Figure, name: str) -> None:
    """Display a chart in a notebook with a stable element id (``chart-<name>``), so two runs on the same data
    give the same HTML.

    The output carries the plotly mime bundle (interactive in JupyterLab) and HTML for nbconvert that uses the
    plotly.js embedded once by :func:`setup_notebook`, with no MathJax or CDN script.
    """
    from IPython.display import display

    html = fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                       div_id=f"chart-{esc(name)}", default_width="100%", default_height=fig.layout.height or 420)
    display({"application/vnd.plotly.v1+json": json.loads(fig.to_json()), "text/html": html}, raw=True)


def setup_notebook() -> str:
    """Make plotly charts work offline in notebooks and in exported HTML; returns the report CSS.

    Calls ``plotly.offline.init_notebook_mode(connected=False)``: plotly.js is embedded once in the output of
    the calling cell (tag it ``remove-input``, never ``remove-cell``), and each chart carries both the plotly
    mime bundle (JupyterLab) and HTML (nbconvert).
    """
    import plotly.offline

    plotly.offline.init_notebook_mode(connected=False)
    return CSS


def med_chart(daily: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Daily system SAIDI [min] with the T_MED line; major event days marked."""
    lab = labels(lang)
    fig = go.Figure()
    fig.add_scatter(x=daily["date"], y=daily["saidi_min"], mode="lines", name=esc(lab["saidi_min"]),
                    line={"color": COLOURS["all"], "width": 1})
    major = daily[daily["major"]]
    fig.add_scatter(x=major["date"], y=major["saidi_min"], mode="markers", name=esc(lab["med_marker"]),
                    marker={"color": COLOURS["fault"], "size": 10})
    t_med = daily["t_med_min"].iloc[0] if len(daily) else float("nan")
    if not math.isnan(t_med):
        fig.add_hline(y=t_med, line={"dash": "dash", "color": COLOURS["allowance"]},
                      annotation_text=esc(f"{lab['t_med']} {t_med:.1f}"))
    return _layout(fig, lab["med_chart"], lab["saidi_min"])


def trend_chart(trend: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Monthly SAIDI per area with its STL trend."""
    lab = labels(lang)
    fig = go.Figure()
    for area in ("urban", "rural"):
        d = trend[trend["area"] == area]
        fig.add_scatter(x=d["month"], y=d["observed"], mode="lines", name=esc(f"{lab[area]} {lab['observed']}"),
                        line={"color": COLOURS[area], "width": 1}, opacity=0.5)
        fig.add_scatter(x=d["month"], y=d["trend"], mode="lines", name=esc(f"{lab[area]} {lab['trend']}"),
                        line={"color": COLOURS[area], "width": 3})
    return _layout(fig, lab["trend_chart"], lab["saidi_h"])


def projection_chart(headline: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Projected year SAIDI per area: median with its 80% interval, the year to date, and the ceiling."""
    lab = labels(lang)
    fig = go.Figure()
    names = [esc(lab[a]) for a in headline["area"]]
    median = headline["projected_year_saidi_h"].astype(float)
    fig.add_bar(x=names, y=headline["ytd_saidi_h"], name=esc(lab["ytd_saidi_h"]), marker_color=COLOURS["last_year"])
    fig.add_scatter(
        x=names, y=median, mode="markers", name=esc(lab["projected_year_saidi_h"]),
        marker={"color": COLOURS["fault"], "size": 14, "symbol": "diamond"},
        error_y={"type": "data", "symmetric": False,
                 "array": (headline["projected_p90_h"].astype(float) - median).tolist(),
                 "arrayminus": (median - headline["projected_p10_h"].astype(float)).tolist()},
    )
    fig.add_scatter(x=names, y=headline["ceiling_h"].astype(float), mode="markers", name=esc(lab["ceiling"]),
                    marker={"color": COLOURS["allowance"], "size": 30, "symbol": "line-ew-open",
                            "line": {"width": 3, "color": COLOURS["allowance"]}})
    return _layout(fig, lab["projection_chart"], lab["saidi_h"])


def budget_chart(budget: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Cumulative budget against cumulative actual customer-hours per area."""
    lab = labels(lang)
    fig = go.Figure()
    for area in ("urban", "rural"):
        d = budget[budget["area"] == area]
        fig.add_scatter(x=d["month"], y=d["cumulative_budget_ch"], mode="lines",
                        name=esc(f"{lab[area]} {lab['cumulative_budget_ch']}"),
                        line={"color": COLOURS[area], "dash": "dot"})
        fig.add_scatter(x=d["month"], y=d["cumulative_actual_ch"], mode="lines+markers",
                        name=esc(f"{lab[area]} {lab['cumulative_actual_ch']}"), line={"color": COLOURS[area]})
    _month_axis(fig, lab)
    return _layout(fig, lab["budget_chart"], lab["customer_hours"])
