"""The worst-feeder list in the report's words (:func:`lqrel.worst_feeders.worst_feeders`): the table the page,
the workbook and the Word 报送材料 show, each feeder's drafted action (always marked as a draft), and the notes on
the customer-level measures (CEMI-n, CELID) and on last year's figures.
"""

from __future__ import annotations

import pandas as pd

from lqrel.messages.formats import as_of_words, form
from lqrel.report.i18n import labels, period_name

#: Columns of the page's table (the customer-level ones only with customer-level data); the workbook has all.
PAGE_COLUMNS = ("feeder", "town", "area", "customer_hours", "events", "contribution_saidi_h", "planned_share",
                "cause_mix", "last_year_customer_hours", "change", "frequent_status", "cemi_customers",
                "celid_customers", "dominant_cause")
#: Columns of the Word document's short table, and its rows.
WORD_COLUMNS = ("feeder", "town", "customer_hours", "planned_share", "cause_mix", "frequent_status", "action")
WORD_ROWS = 5
#: Unknown event ids named in the note.
FIRST_IDS = 10


def action_text(category: str, lang: str = "zh", full: bool = True) -> str:
    """The drafted action of a cause category, marked as a draft (【建议草稿】 / [Draft]): the sentence, or with
    ``full`` false its short name (计划停电统筹, 防雷, ...)."""
    lab = labels(lang)
    return lab["draft_mark"] + lab[f"action_{category}" if full else f"act_{category}"]


def cause_mix_text(mix, lang: str = "zh") -> str:
    """A cause mix ((cause, share), ...) in words: ``雷击 62%、树障 20%``; a blank cause is shown as 未填写原因."""
    if not isinstance(mix, tuple):
        return ""
    sep, blank = form("list", lang), labels(lang)["cause_not_given"]
    return sep.join(f"{cause or blank}\u00a0{share * 100:.0f}%" for cause, share in mix)  # a cause and its share
    # are never parted at a line's end


def localize(worst: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The worst-feeder table as the reports show it: the cause mix in words, the dominant cause's name, the
    drafted action (``action`` its short name, ``action_draft`` the sentence), ``level`` as ``frequent_status``
    in words (– for none; ``attrs`` kept)."""
    lab = labels(lang)
    out = worst.assign(
        cause_mix=[cause_mix_text(m, lang) for m in worst["cause_mix"]],
        level=[labels(lang).get(v, v) if v else "–" for v in worst["level"]],
        dominant_cause=[lab[f"cat_{c}"] for c in worst["dominant_cause"]],
        action=[action_text(c, lang, full=False) for c in worst["dominant_cause"]],
        action_draft=[action_text(c, lang) for c in worst["dominant_cause"]],
    )
    out = out.rename(columns={"level": "frequent_status"})
    out.attrs.update(worst.attrs)
    return out


def page_table(table: pd.DataFrame) -> pd.DataFrame:
    """The columns of the page's table: without the customer-level counts when there are no customer-level data."""
    columns = [c for c in PAGE_COLUMNS if table.attrs.get("customer_level") or c not in ("cemi_customers",
                                                                                        "celid_customers")]
    return table[columns]


def explain(table: pd.DataFrame, lang: str = "zh") -> str:
    """What the list is: the period, how many feeders, what the dominant cause and the drafts are, the frequent
    status's days."""
    period = table.attrs["period"]
    last = (period.end - pd.Timedelta(days=1)).tz_localize(None)
    return labels(lang)["worst_explain"].format(period=period_name(period, lang), n=len(table),
                                                year=period.start.year, as_of=as_of_words(last, lang))


def customer_level_note(table: pd.DataFrame, lang: str = "zh") -> str:
    """The customer-level measures in words: what CEMI-n and CELID count and the county's figures, the unit
    (transformers) when the log identifies only transformers, the event ids the outage log does not hold, or which
    input they need when there is none."""
    lab = labels(lang)
    level = table.attrs.get("customer_level")
    n, t = table.attrs["cemi_n"], f"{table.attrs['celid_t_h']:g}"
    if level is None:
        return lab["worst_no_customer_level"]
    unknown = table.attrs.get("unknown_events", [])
    extra = lab["worst_unknown_events"].format(n=len(unknown), ids=", ".join(unknown[:FIRST_IDS])
                                               + ("…" if len(unknown) > FIRST_IDS else "")) if unknown else ""
    if level == "transformer":
        return lab["worst_transformer_level"].format(n=n, t=t) + extra
    return lab["worst_customer_level"].format(n=n, t=t, cemi=f"{table.attrs['cemi'] * 100:.2f}%",
                                              celid=f"{table.attrs['celid'] * 100:.2f}%") + extra


def action_items(table: pd.DataFrame, lang: str = "zh") -> list[str]:
    """One line per dominant cause, in the order of the list: its feeders and the drafted action."""
    item = labels(lang)["worst_action_item"]
    sep = form("list", lang)
    groups = table.groupby("dominant_cause", sort=False)
    return [item.format(feeders=sep.join(g["feeder"]), cause=g["dominant_cause"].iloc[0],
                        action=g["action_draft"].iloc[0]) for _, g in groups]
