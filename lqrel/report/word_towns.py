"""The 供电所 part of the Word 报送材料 (issue 29): each town's own SAIDI and contribution year to date against
last year, and its outage-hour budget status (docs/spec.md §3, §9; tables of
:func:`lqrel.report.town_tables.town_tables`)."""

from __future__ import annotations

import pandas as pd

from lqrel.messages import text
from lqrel.messages.formats import form
from lqrel.output import visible
from lqrel.report.present import fmt

#: The accountability table's columns in the document, and the budget table's.
ACCOUNTABILITY = ["town", "customers_served", "town_saidi_h", "contribution_h", "last_year_town_saidi_h",
                  "change_yoy"]
BUDGET = ["area", "town", "annual_budget_ch", "used_ch", "remaining_ch", "planned_allowance_left_ch", "used_share"]


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "gongwen")


def towns_part(w, tables: dict) -> None:
    """The towns in the section on causes, towns and feeders (``w``: the document's writer,
    :class:`lqrel.report.word._Writer`): the worst town by its own SAIDI and the largest contribution in words,
    the table of every town; the town that has used most of its budget, those over it, and the budget table."""
    table = tables["town_accountability"]
    if not len(table):
        return
    lang, a = w.lang, table.attrs
    own = table.dropna(subset=["town_saidi_h"])
    top = table.iloc[0]
    if len(own):
        worst = own.loc[own["town_saidi_h"].idxmax()]
        w.prose(_say("towns_ytd", lang, start=f"{a['period'].start:%Y-%m-%d}",
                     end=f"{a['period'].end - pd.Timedelta(days=1):%Y-%m-%d}", worst=visible(worst["town"]),
                     saidi=worst["town_saidi_h"], top=visible(top["town"]), contribution=top["contribution_h"],
                     county=a["county_saidi_h"]))
    w.table(table[ACCOUNTABILITY])
    budget = tables.get("town_budget")
    if budget is not None and len(budget):
        most = budget.loc[budget["used_share"].fillna(0).idxmax()]
        w.prose(_say("towns_budget", lang, town=_town_in_area(most["town"], most["area"], budget, lang),
                     share=fmt("used_share", most["used_share"]), left=most["remaining_ch"]))
        over = budget[budget["remaining_ch"] < 0]
        if len(over):
            names = form("list", lang).join(_town_in_area(t, a, budget, lang)
                                                          for t, a in zip(over["town"], over["area"], strict=True))
            w.prose(_say("towns_over", lang, towns=names))
        w.table(budget[BUDGET])


def _town_in_area(town: str, area: str, budget: pd.DataFrame, lang: str) -> str:
    """A town's name, with the area when the town has a budget in both areas (五井镇（城镇）)."""
    if (budget["town"] == town).sum() < 2:
        return visible(town)
    return _say("town_in_area", lang, town=visible(town), area=area)
