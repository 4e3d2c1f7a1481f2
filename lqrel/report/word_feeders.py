"""重点线路与整治建议 of the Word 报送材料 (docs/spec.md §12): the feeders with the most customer-hours in a short
table, each with the short name of its drafted action (the column headed as a draft), the drafted actions by
dominant cause, what the customer-level measures say (or that the log cannot give them), and the request to check
it all.
"""

from __future__ import annotations

import pandas as pd

from lqrel.messages import text
from lqrel.messages.formats import form
from lqrel.report.i18n import labels
from lqrel.report.present_feeders import WORD_COLUMNS, WORD_ROWS, action_items

#: Causes of each feeder's mix that the document's table shows.
WORD_CAUSES = 1


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "gongwen")


def _customer_level(table, lang: str) -> str:
    """The customer-level sentence in plain words (no setting names)."""
    level, n, t = table.attrs.get("customer_level"), table.attrs["cemi_n"], f"{table.attrs['celid_t_h']:g}"
    if level is None:
        return _say("worst_customer_level_missing", lang)
    if level == "transformer":
        return text("worst_transformer_level", {"n": n, "t": t}, lang, "report")
    return _say("worst_customer_level", lang, n=n, t=t, cemi=f"{table.attrs['cemi'] * 100:.2f}%",
                celid=f"{table.attrs['celid'] * 100:.2f}%")


def write_worst_feeders(w, tables: dict) -> None:
    """The section, written with the document's writer ``w`` (:class:`lqrel.report.word._Writer`); nothing when
    the report's tables have no worst-feeder list."""
    if "worst_feeders" not in tables:
        return
    lang = w.lang
    w.section("s_worst_feeders")
    shown = tables["worst_feeders"].head(WORD_ROWS)
    if not len(shown):
        w.prose(_say("worst_feeders_none" if shown.attrs.get("feeder_column", True) else "no_feeder_column", lang))
        w.review()
        return
    county = tables["indices"]
    total = float(county.loc[county["area"] == "all", "customer_hours"].iloc[0])
    ch = float(shown["customer_hours"].sum())
    w.prose(_say("worst_feeders", lang, k=len(shown), ch=ch, share=ch / total * 100 if total else 0.0))
    w.table(_narrow(shown[list(WORD_COLUMNS)], lang))
    w.items(action_items(shown, lang))
    w.prose(_customer_level(tables["worst_feeders"], lang))
    w.review()


def _narrow(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as the page's width holds it with every cell on one line: the first cause of each mix, and
    the action's short name without the draft mark (the column's header says 草稿; the sentences below carry it)."""
    lab = labels(lang)
    sep = form("list", lang)
    return table.assign(cause_mix=[sep.join(m.split(sep)[:WORD_CAUSES]) for m in table["cause_mix"]],
                        action=[a.removeprefix(lab["draft_mark"]) for a in table["action"]])
