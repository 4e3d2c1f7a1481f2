"""存在问题 and 下一步工作 of the Word 报送材料, drafted from what drives the period's result (docs/spec.md §12):
an area whose target is at risk or missed, or above its limit while the verdict is open, the leading cause (or
the first three together), the feeders with the most customer-hours, the frequent-outage feeders, a large planned
share, the customer type and the connection stage most often late. Each problem has its step; the analyst
reviews both.
"""

from __future__ import annotations

import pandas as pd

from lqrel.messages import text
from lqrel.messages.formats import form
from lqrel.output import visible
from lqrel.report.i18n import hours, labels
from lqrel.report.sentences import unknown_why
from lqrel.rule_text import rule_words

#: A cause is named as the leading one above this share of the customer-hours; planned outages above this share.
LEADING_CAUSE_SHARE = 0.30
PLANNED_SHARE = 0.5
#: Feeders named as where the customer-hours concentrate.
TOP_FEEDERS = 3


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "gongwen")


def _county(tables: dict) -> dict:
    t = tables["indices"]
    return t[t["area"] == "all"].iloc[0].to_dict()


def _join(items, lang: str) -> str:
    return form("list", lang).join(items)


def _open_verdict(row: dict, year: int, targets, lang: str) -> tuple[str, str]:
    """An area above its limit whose year cannot be judged (the reduction criterion unknown: the reference year
    not covered, or the baseline not before the year): the problem with why the verdict is open, and its step."""
    words = rule_words(targets, lang)
    area = text(f"area_{row['area']}", {}, lang, "sentence")
    saidi, limit = (text("hours", {"value": row[k]}, lang, "sentence") for k in ("year_saidi_h", "limit_h"))
    ref_year = row["reference_year"]
    problem = _say("p_area_open", lang, area=area, year=year, saidi=saidi, limit=limit,
                   why=unknown_why(ref_year, year, lang), reduction_unknown=words["reduction_unknown"])
    step = "n_area_open_baseline" if ref_year >= year else "n_area_open"
    return problem, _say(step, lang, area=area, ref_year=ref_year)


def _reliability(tables: dict, lang: str) -> list[tuple[str, str]]:
    lab = labels(lang)
    out = []
    head = tables["headline"]
    for row in head.to_dict("records"):
        if (head.attrs.get("verdict") and row["met"] is None and row.get("year_saidi_h") is not None
                and row["year_saidi_h"] > row["limit_h"]):
            out.append(_open_verdict(row, head.attrs["as_of"].year, head.attrs.get("targets"), lang))
        elif row["status"] in ("not_met", "at_risk", "off_track"):
            area = text(f"area_{row['area']}", {}, lang, "sentence")
            detail = (f"{lab['probability_met']} {row['probability_met'] * 100:.0f}%"
                      if row["probability_met"] is not None else hours(row["period_saidi_h"], lang))
            if row["status"] == "not_met":  # a finished year: its verdict, not a pressure on the year
                out.append((_say("p_area_missed", lang, area=area, detail=detail),
                            _say("n_area_missed", lang, area=area)))
            else:
                out.append((_say("p_area", lang, area=area, status=lab[row["status"]], detail=detail),
                            _say("n_area", lang, area=area)))
    causes = tables["causes"][tables["causes"]["cause"] != ""]
    if len(causes) and causes["share"].iloc[0] > LEADING_CAUSE_SHARE:
        cause = visible(causes["cause"].iloc[0])
        out.append((_say("p_cause", lang, cause=cause, share=causes["share"].iloc[0] * 100),
                    _say("n_cause", lang, cause=cause)))
    elif len(causes):  # no single cause leads: the first three together
        top = causes.head(3)
        names = _join([visible(c) for c in top["cause"]], lang)
        out.append((_say("p_causes", lang, causes=names, share=top["share"].sum() * 100),
                    _say("n_causes", lang, causes=names)))
    county = _county(tables)
    feeders = tables["feeders"].head(TOP_FEEDERS)
    if len(feeders) and county["customer_hours"] > 0:
        names = _join([visible(f) for f in feeders["feeder"]], lang)
        share = feeders["customer_hours"].sum() / county["customer_hours"] * 100
        out.append((_say("p_feeders", lang, feeders=names, share=share), _say("n_feeders", lang, feeders=names)))
    frequent = tables["frequent"]
    if len(frequent) and (frequent["level"] == "frequent").any():
        hit = frequent[frequent["level"] == "frequent"]
        names = _join([visible(u) for u in hit["unit"].head(5)], lang)
        names += form("list_more_terse", lang) if len(hit) > 5 else ""
        out.append((_say("p_frequent", lang, n=len(hit), names=names), _say("n_frequent", lang)))
    if county["saidi_h"] > 0 and county["saidi_s_h"] / county["saidi_h"] > PLANNED_SHARE:
        out.append((_say("p_planned", lang, share=county["saidi_s_h"] / county["saidi_h"] * 100),
                    _say("n_planned", lang)))
    return out


def _connection(tables: dict, lang: str) -> list[tuple[str, str]]:
    facts = tables.get("connection_facts")
    if not facts or facts["outside"]:
        return []
    lab = labels(lang)
    out = []
    types = tables["connection_types"]
    late = types[(types["applications"] > 0) & (types["on_time"] < types["applications"])]
    if len(late):
        worst = late.sort_values(["on_time_share", "applications"], ascending=[True, False]).iloc[0]
        kind = lab[f"ct_{worst['customer_type']}"]
        out.append((_say("p_connection", lang, kind=kind, share=f"{worst['on_time_share'] * 100:.1f}%",
                         late=int(worst["applications"] - worst["on_time"])), None))
    if facts["overrun"] is not None:
        kind, stage, count = facts["overrun"]
        kind, stage = lab[f"ct_{kind}"], lab[f"st_{stage}"]
        out.append((_say("p_stage", lang, kind=kind, stage=stage, count=count),
                    _say("n_stage", lang, kind=kind, stage=stage)))
    elif out:  # a late type without a stage over its own limit: its total is the point
        kind = lab[f"ct_{late.sort_values('on_time_share').iloc[0]['customer_type']}"]
        out[-1] = (out[-1][0], _say("n_stage", lang, kind=kind, stage=lab["st_acceptance"]))
    return out


def drafts(tables: dict, lang: str = "zh") -> tuple[list[str], list[str]]:
    """The problems and the next steps, in that order, drafted from the report's tables; a period without a
    problem says so, and the steps always end with keeping the gains."""
    pairs = _reliability(tables, lang) + _connection(tables, lang)
    problems = [p for p, _ in pairs] or [_say("p_none", lang)]
    steps = list(dict.fromkeys(s for _, s in pairs if s))
    if "service_benefits" in tables:
        steps.append(_say("n_services", lang))
    steps.append(_say("n_keep", lang))
    return problems, steps


def shown_share(part: float | None) -> str:
    """A share as the document writes it (one decimal), or a dash."""
    return "–" if part is None or pd.isna(part) else f"{part * 100:.1f}%"
