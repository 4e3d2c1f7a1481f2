"""The report's plotly charts, in the reader's language.

Chinese charts read as Chinese documents do: months as 1月..12月 and dates as 2022年7月, customer-hours in 万
(ten thousands), hover labels with their units, no plotly logo and no link to plotly's cloud or editor; the mode
bar's tips are in Chinese (:func:`locale_script`) and it is hidden in print (CSS in :mod:`lqrel.report.present`).
Every string from an input file is HTML-escaped (and its control characters shown) before it reaches a title, an
axis label or hover text.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go

from lqrel.messages.formats import CH_SCALE, MONTHS_SHORT, PLOTLY_CONFIG, date_words, form
from lqrel.report.escaping import esc
from lqrel.report.i18n import labels, span_text

#: Colours (plotly 7 accepts hex and rgb() with 0-255 integers).
COLOURS = {"urban": "#1f77b4", "rural": "#2ca02c", "all": "#7f7f7f", "planned": "#9467bd", "fault": "#d62728",
           "allowance": "#ff7f0e", "last_year": "#aaaaaa"}
#: The mode bar's buttons a reader of the page has no use for (selection tools, spike lines) and those that would
#: send the chart to plotly's cloud or its editor.
_NO_BUTTONS = ["sendDataToCloud", "editInChartStudio", "select2d", "lasso2d", "toggleSpikelines",
               "hoverClosestCartesian", "hoverCompareCartesian"]
#: plotly's configuration for every chart: no logo, no link to plotly's cloud or editor, the mode bar only on hover
#: (and never in print) with its tips in Chinese (the ``zh-CN`` locale registered by
#: :func:`lqrel.report.present.setup_report`).
CONFIG = {"displaylogo": False, "displayModeBar": "hover", "responsive": True, "showSendToCloud": False,
          "modeBarButtonsToRemove": _NO_BUTTONS}


def locale_script() -> str:
    """A ``<script>`` that registers plotly's ``zh-CN`` locale (:mod:`lqrel.messages.plotly_locale`) once plotly.js
    is loaded; nothing happens where the page has no plotly.js (JupyterLab draws charts with its own)."""
    from lqrel.messages.plotly_locale import PLOTLY_ZH_CN

    return ("<script>if (window.Plotly && window.Plotly.register) { window.Plotly.register("
            + json.dumps(PLOTLY_ZH_CN, ensure_ascii=False) + "); }</script>")


def config(lang: str = "zh") -> dict:
    """plotly's configuration of a chart in ``lang``: :data:`CONFIG`, with the ``zh-CN`` locale in Chinese."""
    return {**CONFIG, **PLOTLY_CONFIG[lang]}


def _months(fig: go.Figure, lang: str) -> None:
    lab = labels(lang)
    fig.update_xaxes(title=esc(lab["month"]), tickmode="array", tickvals=list(range(1, 13)),
                     ticktext=list(MONTHS_SHORT[lang][1:]))


def _dates(fig: go.Figure, lang: str, day: bool = False) -> str:
    """Date axis in the language; returns the hover format of a date."""
    fig.update_xaxes(tickformat=form("chart_month_axis", lang))
    return form("chart_day_hover" if day else "chart_month_hover", lang)


def _unit(lang: str) -> str:
    return form("unit_h", lang)


def _ch(values: pd.Series, lang: str) -> tuple[pd.Series, str, str]:
    """Customer-hours for an axis: in 万 for Chinese, as they are otherwise (:data:`CH_SCALE`); the axis title and
    tick format."""
    scale = CH_SCALE[lang]
    return values / scale if scale != 1 else values, form("ch_axis", lang), form("ch_tick", lang)


def _layout(fig: go.Figure, title: str, y_title: str, lang: str) -> go.Figure:
    fig.update_layout(
        title=esc(title), yaxis_title=esc(y_title), template="plotly_white", height=420,
        legend={"orientation": "h", "y": -0.18}, margin={"l": 60, "r": 20, "t": 60, "b": 70},
        font={"family": "Noto Sans CJK SC, Microsoft YaHei, SimHei, sans-serif"},
        separators=".,", hoverlabel={"namelength": -1}, meta={"lang": lang},
    )
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    return fig


def monthly_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Monthly SAIDI bars per area against the straight-line monthly allowance (the ceiling / 12)."""
    lab = labels(lang)
    fig = go.Figure()
    for area in ("urban", "rural"):
        d = table[table["area"] == area]
        name = esc(lab[area])
        fig.add_bar(x=d["month"], y=d["saidi_h"], name=name, marker_color=COLOURS[area],
                    hovertemplate="%{y:.2f}" + _unit(lang) + f"<extra>{name}</extra>")
        fig.add_scatter(x=d["month"], y=d["allowance_h"], mode="lines", line={"dash": "dot", "color": COLOURS[area]},
                        name=esc(f"{lab[area]} {lab['allowance']}"),
                        hovertemplate="%{y:.2f}" + _unit(lang) + "<extra></extra>")
    _months(fig, lang)
    return _layout(fig, lab["monthly_chart"], lab["saidi_h"], lang)


def cumulative_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Cumulative year-to-date SAIDI per area against last year and the year's target line."""
    lab = labels(lang)
    fig = go.Figure()
    hover = "%{y:.2f}" + _unit(lang) + "<extra></extra>"
    for area in ("urban", "rural"):
        d = table[table["area"] == area]
        name = esc(lab[area])
        fig.add_scatter(x=d["month"], y=d["cumulative_h"], mode="lines+markers", name=f"{name} {esc(lab['this_year'])}",
                        line={"color": COLOURS[area]}, hovertemplate=hover)
        fig.add_scatter(x=d["month"], y=d["last_year_cumulative_h"], mode="lines",
                        name=f"{name} {esc(lab['last_year'])}", line={"color": COLOURS[area], "dash": "dash"},
                        hovertemplate=hover)
        fig.add_scatter(x=d["month"], y=d["allowance_cumulative_h"], mode="lines",
                        name=f"{name} {esc(lab['target_line'])}", line={"color": COLOURS["allowance"], "dash": "dot"},
                        hovertemplate=hover)
    _months(fig, lang)
    return _layout(fig, lab["cumulative_chart"], lab["saidi_h"], lang)


def split_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Stacked planned (SAIDI-S) and fault (SAIDI-F) SAIDI per area."""
    lab = labels(lang)
    x = [esc(lab[a]) for a in table["area"]]
    fig = go.Figure()
    hover = form("hover_x_hours", lang)
    fig.add_bar(x=x, y=table["saidi_s_h"], name=esc(lab["planned"]), marker_color=COLOURS["planned"],
                hovertemplate=hover + f"<extra>{esc(lab['planned'])}</extra>")
    fig.add_bar(x=x, y=table["saidi_f_h"], name=esc(lab["fault"]), marker_color=COLOURS["fault"],
                hovertemplate=hover + f"<extra>{esc(lab['fault'])}</extra>")
    fig.update_layout(barmode="stack")
    return _layout(fig, lab["split_chart"], lab["saidi_h"], lang)


def ranking_chart(table: pd.DataFrame, key: str, lang: str = "zh") -> go.Figure:
    """Horizontal bars of customer-hours for the top towns or feeders (names escaped)."""
    lab = labels(lang)
    d = table.iloc[::-1]
    names = [esc(v) for v in d[key]]
    values, title, tick = _ch(d["customer_hours"], lang)
    hover = form("hover_y_ch", lang)
    fig = go.Figure(go.Bar(x=values, y=names, orientation="h", marker_color=COLOURS["all"],
                           customdata=d["customer_hours"], hovertemplate=hover))
    fig.update_yaxes(type="category")
    fig.update_xaxes(title=esc(title), tickformat=tick, exponentformat="none")
    return _layout(fig, lab[f"{key}_chart"] + span_text(table, lang), "", lang)


def pareto_chart(table: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Cause Pareto: customer-hours bars with the cumulative share line."""
    lab = labels(lang)
    names = [esc(v) if v else lab["cause_not_given"] for v in table["cause"]]
    values, title, tick = _ch(table["customer_hours"], lang)
    fig = go.Figure()
    bar_hover = form("hover_x_ch", lang)
    fig.add_bar(x=names, y=values, name=esc(title), marker_color=COLOURS["fault"], customdata=table["customer_hours"],
                hovertemplate=bar_hover + "<extra></extra>")
    fig.add_scatter(x=names, y=table["cumulative_share"] * 100, yaxis="y2", mode="lines+markers",
                    name=esc(lab["cumulative_share"]), line={"color": COLOURS["all"]},
                    hovertemplate="%{x}: %{y:.1f}%<extra></extra>")
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "range": [0, 105], "ticksuffix": "%",
                              "tickvals": [0, 20, 40, 60, 80, 100], "showgrid": False})
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=tick, selector={"overlaying": None})
    return _layout(fig, lab["pareto_chart"] + span_text(table, lang), title, lang)


def med_chart(daily: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Daily system SAIDI [min] with the T_MED line; major event days marked."""
    lab = labels(lang)
    fig = go.Figure()
    when, colon = _dates(fig, lang, day=True), form("colon", lang)
    unit = form("unit_min", lang)
    fig.add_scatter(x=daily["date"], y=daily["saidi_min"], mode="lines", name=esc(lab["saidi_min"]),
                    line={"color": COLOURS["all"], "width": 1},
                    hovertemplate=when + colon + "%{y:.1f}" + unit + "<extra></extra>")
    major = daily[daily["major"]]
    fig.add_scatter(x=major["date"], y=major["saidi_min"], mode="markers", name=esc(lab["med_marker"]),
                    marker={"color": COLOURS["fault"], "size": 10},
                    hovertemplate=when + colon + "%{y:.1f}" + unit + "<extra></extra>")
    t_med = daily["t_med_min"].iloc[0] if len(daily) else float("nan")
    if not math.isnan(t_med):
        fig.add_hline(y=t_med, line={"dash": "dash", "color": COLOURS["allowance"]},
                      annotation_text=esc(f"{lab['t_med']} {t_med:.1f}"))
    return _layout(fig, lab["med_chart"], lab["saidi_min"], lang)


def trend_chart(trend: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Monthly SAIDI per area with its trend (STL)."""
    lab = labels(lang)
    fig = go.Figure()
    when, colon = _dates(fig, lang), form("colon", lang)
    for area in ("urban", "rural"):
        d = trend[trend["area"] == area]
        fig.add_scatter(x=d["month"], y=d["observed"], mode="lines", name=esc(f"{lab[area]} {lab['observed']}"),
                        line={"color": COLOURS[area], "width": 1}, opacity=0.5,
                        hovertemplate=when + colon + "%{y:.2f}" + _unit(lang) + "<extra></extra>")
        fig.add_scatter(x=d["month"], y=d["trend"], mode="lines", name=esc(f"{lab[area]} {lab['trend']}"),
                        line={"color": COLOURS[area], "width": 3},
                        hovertemplate=when + colon + "%{y:.2f}" + _unit(lang) + "<extra></extra>")
    return _layout(fig, lab["trend_chart"], lab["saidi_h"], lang)


def projection_chart(headline: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Projected year SAIDI per area: median with its 80% interval, the year to date, and the ceiling that
    applies, labelled with which it is (the limit, or the reduction allowance when higher, in the words of the
    settings in ``headline.attrs["targets"]``)."""
    lab = labels(lang, headline.attrs.get("targets"))
    fig = go.Figure()
    names = [esc(lab[a]) for a in headline["area"]]
    median = headline["projected_year_saidi_h"].astype(float)
    unit, colon = _unit(lang), form("colon", lang)
    fig.add_bar(x=names, y=headline["ytd_saidi_h"], name=esc(lab["ytd_saidi_h"]), marker_color=COLOURS["last_year"],
                hovertemplate="%{x}" + colon + "%{y:.2f}" + unit + "<extra></extra>")
    fig.add_scatter(
        x=names, y=median, mode="markers", name=esc(lab["projection_interval"]),
        marker={"color": COLOURS["fault"], "size": 14, "symbol": "diamond"},
        error_y={"type": "data", "symmetric": False,
                 "array": (headline["projected_p90_h"].astype(float) - median).tolist(),
                 "arrayminus": (median - headline["projected_p10_h"].astype(float)).tolist()},
        hovertemplate="%{x}" + colon + "%{y:.2f}" + unit + "<extra></extra>",
    )
    which = [lab["ceiling_reduction"] if c > lim else lab["ceiling_limit"]
             for c, lim in zip(headline["ceiling_h"], headline["limit_h"], strict=True)]
    fig.add_scatter(x=names, y=headline["ceiling_h"].astype(float), mode="markers+text", name=esc(lab["ceiling"]),
                    text=[esc(f"{w} {c:.2f}") for w, c in zip(which, headline["ceiling_h"], strict=True)],
                    textposition="middle right",
                    marker={"color": COLOURS["allowance"], "size": 30, "symbol": "line-ew-open",
                            "line": {"width": 3, "color": COLOURS["allowance"]}},
                    hovertemplate="%{text}" + unit + "<extra></extra>")
    return _layout(fig, lab["projection_chart"], lab["saidi_h"], lang)


def budget_chart(budget: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Cumulative budget against cumulative actual customer-hours per area."""
    lab = labels(lang)
    fig = go.Figure()
    for area in ("urban", "rural"):
        d = budget[budget["area"] == area]
        planned, title, tick = _ch(d["cumulative_budget_ch"], lang)
        actual, _, _ = _ch(d["cumulative_actual_ch"], lang)
        hover = form("hover_ch", lang)
        fig.add_scatter(x=d["month"], y=planned, mode="lines", name=esc(f"{lab[area]} {lab['cumulative_budget_ch']}"),
                        line={"color": COLOURS[area], "dash": "dot"}, customdata=d["cumulative_budget_ch"],
                        hovertemplate=hover)
        fig.add_scatter(x=d["month"], y=actual, mode="lines+markers",
                        name=esc(f"{lab[area]} {lab['cumulative_actual_ch']}"), line={"color": COLOURS[area]},
                        customdata=d["cumulative_actual_ch"], hovertemplate=hover)
    _months(fig, lang)
    fig.update_yaxes(tickformat=tick)
    return _layout(fig, lab["budget_chart"], title, lang)


def connection_chart(types: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Working days by customer type: the median and 90th percentile of the grid-side total of the applications
    connected in the period, against the type's limit (附件2); types without an application are left out."""
    lab = labels(lang)
    d = types[types["applications"] > 0].iloc[::-1]
    names = [esc(lab[f"ct_{t}"]) for t in d["customer_type"]]
    unit, sep = form("unit_wd", lang), form("colon", lang)
    fig = go.Figure()
    for column, colour in (("median_wd", COLOURS["urban"]), ("p90_wd", "#9ecae1")):
        name = esc(lab[column])
        fig.add_bar(x=d[column], y=names, orientation="h", name=name, marker_color=colour,
                    hovertemplate="%{y}" + sep + "%{x:g}" + unit + f"<extra>{name}</extra>")
    limit = esc(lab["limit_wd"])
    fig.add_scatter(x=d["limit_wd"], y=names, mode="markers", name=limit,
                    marker={"symbol": "line-ns-open", "size": 22, "line": {"width": 3}, "color": COLOURS["fault"]},
                    hovertemplate="%{y}" + sep + "%{x:g}" + unit + f"<extra>{limit}</extra>")
    fig.update_yaxes(type="category")
    fig.update_xaxes(title=esc(lab["total_wd"]), rangemode="tozero")
    fig.update_layout(barmode="group")
    return _layout(fig, lab["connection_chart"], "", lang)


def show(fig: go.Figure, name: str) -> None:
    """Display a chart in a notebook with a stable element id (``chart-<name>``), so two runs on the same data
    give the same HTML.

    The output carries the plotly mime bundle (interactive in JupyterLab) and HTML for nbconvert that uses the
    plotly.js embedded once by :func:`lqrel.report.present.setup_report`, with no MathJax or CDN script.
    """
    from IPython.display import display

    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    conf = config(meta.get("lang", "zh"))
    html = fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False, config=conf,
                       div_id=f"chart-{esc(name)}", default_width="100%", default_height=fig.layout.height or 420)
    display({"application/vnd.plotly.v1+json": {**json.loads(fig.to_json()), "config": conf}, "text/html": html},
            raw=True)


def backtest_chart(backtest: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """The projection's backtest (:func:`lqrel.forecast.backtest`): for every past quarter end, the projected
    median with its 80% interval, and the actual year end, filled where the interval held it and hollow where
    it missed."""
    lab = labels(lang)
    fig = go.Figure()
    unit = _unit(lang)
    for area in ("urban", "rural"):
        d = backtest[backtest["area"] == area]
        if d.empty:
            continue
        offset = pd.Timedelta(days=-12 if area == "urban" else 12)  # the two areas side by side
        x = d["as_of"] + offset
        name = esc(lab[area])
        fig.add_scatter(x=x, y=d["median_h"], mode="markers", name=esc(f"{lab[area]} {lab['projection_interval']}"),
                        marker={"color": COLOURS[area], "size": 7, "symbol": "diamond"},
                        error_y={"type": "data", "symmetric": False, "array": (d["p90_h"] - d["median_h"]).tolist(),
                                 "arrayminus": (d["median_h"] - d["p10_h"]).tolist(), "color": COLOURS[area]},
                        hovertemplate="%{y:.2f}" + unit + f"<extra>{name}</extra>")
        fig.add_scatter(x=x, y=d["actual_h"], mode="markers", name=esc(f"{lab[area]} {lab['actual_year']}"),
                        marker={"color": COLOURS[area], "size": 11, "line": {"width": 2, "color": COLOURS[area]},
                                "symbol": ["circle" if held else "circle-open" for held in d["in80"]]},
                        hovertemplate="%{y:.2f}" + unit + f"<extra>{name}</extra>")
    _dates(fig, lang, day=True)
    return _layout(fig, lab["backtest_chart"], lab["saidi_h"], lang)


def coverage_chart(backtest: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """How often the 80% and 95% intervals held the actual year end, by as-of date, against their nominal
    levels (dotted)."""
    from lqrel.calibration import coverage_table

    lab = labels(lang)
    table = coverage_table(backtest, ["month"])
    days = {3: (3, 31), 6: (6, 30), 9: (9, 30), 12: (12, 31)}
    names = [date_words("month_day", lang, pd.Timestamp(2000, *days[m]), short=True) for m in table["month"]]
    fig = go.Figure()
    for column, nominal, colour in (("coverage_80", 0.80, "#555555"), ("coverage_95", 0.95, "#aaaaaa")):
        text = [f"{v:.0%} ({n})" for v, n in zip(table[column], table["cases"], strict=True)]
        fig.add_bar(x=names, y=table[column], name=esc(lab[column]), marker_color=colour, text=text,
                    textposition="outside", hovertemplate="%{y:.0%}<extra></extra>")
        fig.add_hline(y=nominal, line={"dash": "dot", "color": colour})
    fig.update_yaxes(tickformat=".0%", range=[0, 1.1])
    return _layout(fig, lab["coverage_chart"], lab["share_held"], lang)
