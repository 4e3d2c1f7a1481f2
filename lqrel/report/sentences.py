"""Plain sentences generated from the report's numbers, for the first screen and the Word 报送材料.

Every number in a sentence is a value of the headline table (:func:`lqrel.report.tables.headline`), rounded as
the tables round it; nothing is computed here but the words around the numbers. Chinese (``zh``) is written as
the county's documents write it; English (``en``) says the same.
"""

from __future__ import annotations

import pandas as pd

from lqrel.messages import text
from lqrel.periods import Period
from lqrel.report.i18n import labels, percent, period_name
from lqrel.rule_text import rule_words


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "sentence")


def _h(value: float, lang: str) -> str:
    """Hours inside a sentence: ``7.00小时`` (no space before the unit inside a Chinese phrase) / ``7.00 h``."""
    return _say("hours", lang, value=value)


def _change(change: float, lang: str) -> str:
    """A relative change in words: 下降 5.0% / down 5.0%, 持平 / unchanged."""
    if round(change * 100, 1) == 0:
        return _say("change_flat", lang)
    return _say("change_up" if change > 0 else "change_down", lang, pct=abs(change) * 100)


def unknown_why(ref_year: int, year: int | None, lang: str) -> str:
    """Why the reduction criterion is unknown: the reference year is not covered, or (``average_since``) the
    baseline year is not before the judged year."""
    if year is not None and ref_year >= year:
        return _say("unknown_baseline", lang, ref_year=ref_year, year=year)
    return _say("unknown_not_covered", lang, ref_year=ref_year)


def ceiling_phrase(row: dict, lang: str = "zh", targets=None, year: int | None = None) -> str:
    """Which target applies: the limit, or the reduction allowance when it is higher (and why), in the words of
    the settings in force (:func:`lqrel.rule_text.rule_words` of ``targets``).

    ``row``: a headline row (``limit_h``, ``ceiling_h``, ``reference_year``, ``reference_saidi_h``,
    ``reduction_allowed_h``); ``year``: the judged year (to say why the reduction criterion is unknown)."""
    words = rule_words(targets, lang)
    limit, ceiling, allowed = row["limit_h"], row["ceiling_h"], row["reduction_allowed_h"]
    ref_year, ref = row["reference_year"], row["reference_saidi_h"]
    if allowed is None or ref is None:
        return _say("ceiling_unknown", lang, ceiling=_h(ceiling, lang), why=unknown_why(ref_year, year, lang),
                    reduction_unknown=words["reduction_unknown"])
    args = {"ceiling": _h(ceiling, lang), "ref_year": ref_year, "ref": _h(ref, lang), "cut": words["reduction"],
            "limit": _h(limit, lang), "allowed": _h(allowed, lang)}
    return _say("ceiling_reduction" if ceiling > limit else "ceiling_limit", lang, **args)


def _moved(year: int, ref_year: int, change: float, lang: str) -> str:
    """``比2021年下降 5.0%`` or, for an average since a baseline year, ``自2020年以来年均下降 5.0%``."""
    code = "since_previous" if year - ref_year == 1 else "since_average"
    return _say(code, lang, ref_year=ref_year, change=_change(change, lang))


def _verdict_clauses(row: dict, period: Period, lang: str, words: dict) -> str:
    """The clauses after the period's figure when the row holds the year's verdict."""
    year, ref_year, change = period.year, row["reference_year"], row.get("reference_change")
    out = ""
    if row.get("year_saidi_h") is not None and period.kind != "year":  # H2 or Q4: the year as a whole
        out += _say("hl_year", lang, year=year, year_saidi=_h(row["year_saidi_h"], lang))
    moved = _moved(year, ref_year, change, lang) if change is not None else ""
    clause = _say("hl_moved", lang, moved=moved) if moved else ""
    limit = _h(row["limit_h"], lang)
    criterion = row["criterion"]
    if criterion in ("limit", "both"):
        return out + _say("hl_met_limit", lang, moved=clause, limit=limit)
    if criterion == "reduction":
        return out + _say("hl_met_reduction", lang, limit=limit, moved=moved, at_least=words["reduction_at_least"])
    if criterion == "none":
        return out + _say("hl_not_met", lang, moved=clause, limit=limit, cut=words["reduction"])
    return out + _say("hl_unknown", lang, limit=limit, why=unknown_why(ref_year, year, lang),
                      reduction_unknown=words["reduction_unknown"])


def _projection_clauses(row: dict, name: str, lang: str) -> str:
    """The clauses after the period's figure when the year is projected (docs/spec.md §12.1)."""
    out = _say("hl_change", lang, change=_change(row["change"], lang)) if row.get("change") is not None else ""
    if row.get("projected_year_saidi_h") is None:
        return out + _say("hl_no_january", lang)
    if row.get("ytd_saidi_h") is not None and round(row["ytd_saidi_h"], 2) != round(row["period_saidi_h"], 2):
        out += _say("hl_ytd", lang, ytd=_h(row["ytd_saidi_h"], lang))
    if row.get("projected_period_saidi_h") is not None:  # the data stop inside the period: the whole of it
        out += _say("hl_period_projection", lang, name=name, median=_h(row["projected_period_saidi_h"], lang),
                    low=row["projected_period_p10_h"], high=row["projected_period_p90_h"])
    year = {"median": _h(row["projected_year_saidi_h"], lang), "low": row["projected_p10_h"],
            "high": row["projected_p90_h"], "ceiling": _h(row["ceiling_h"], lang)}
    if row.get("probability_met") is None:  # too few complete years to check the odds: no status word
        return out + _say("hl_projection_unchecked", lang, **year)
    return out + _say("hl_projection", lang, probability=percent(row["probability_met"]),
                      status=labels(lang)[row["status"]], **year)


def headline_sentence(row: dict, period: Period, verdict: bool, lang: str = "zh", targets=None,
                      shown: Period | None = None) -> str:
    """One sentence per area: the period's figure, its change, and what it means for the year (the verdict of a
    covered year whose period ends on 31 December, or the projection with its probability), the rule in the
    words of the settings in force (``targets``). The words are the catalogue's family ``sentence``
    (:mod:`lqrel.messages.sentences`).

    Parameters
    ----------
    row : dict
        A headline row (:func:`lqrel.report.tables.headline`).
    period : Period
        The report's period.
    verdict : bool
        Whether the row holds a verdict (the period ends on 31 December of a covered year) rather than a
        projection.
    shown : Period, optional
        The part of the period the data cover (the headline's ``attrs["shown"]``): when the data stop inside the
        period, the figure is named by the span it covers (2024年1月至2024年5月), as the 办电时长 section names
        its own, and the period's name is kept for the projection of the whole period.
    """
    name = period_name(period, lang)
    clipped = shown is not None and (shown.start, shown.end) != (period.start, period.end)
    covered = period_name(shown, lang) if clipped else name
    out = _say("hl_open", lang, area=_say(f"area_{row['area']}", lang), name=covered,
               saidi=_h(row["period_saidi_h"], lang))
    if verdict:
        return out + _verdict_clauses(row, period, lang, rule_words(targets, lang))
    return out + _projection_clauses(row, name, lang)


def connection_sentences(tables: dict, lang: str = "zh") -> list[str]:
    """办电时长 in sentences, from the connection tables (:func:`lqrel.report.tables.connection_tables`): the
    period's applications and share on time, the type with the lowest share, the stage most often over its own
    limit, the applications in progress and overdue, the no-works next-day rule, 三零 coverage, stage counts."""
    lab = labels(lang)
    facts, types = tables["connection_facts"], tables["connection_types"]
    period = facts["period"]
    n, k = int(types["applications"].sum()), int(types["on_time"].sum())

    def share(part: int, whole: int) -> str:
        return f"{part / whole * 100:.1f}%" if whole else lab["connection_none"]  # as the table shows it

    out = [lab["connection_summary"].format(period=period_name(period, lang), n=n, k=k, share=share(k, n))]
    rated = types[types["applications"] > 0]
    late = rated[rated["on_time"] < rated["applications"]]
    if len(late):
        worst = late.sort_values(["on_time_share", "applications"], ascending=[True, False]).iloc[0]
        out.append(lab["connection_worst"].format(kind=lab[f"ct_{worst['customer_type']}"],
                                                  share=share(int(worst["on_time"]), int(worst["applications"])),
                                                  late=int(worst["applications"] - worst["on_time"])))
    elif len(rated):
        out.append(lab["connection_all_on_time"])
    if facts["overrun"] is not None:
        kind, stage, count = facts["overrun"]
        out.append(lab["connection_overrun"].format(kind=lab[f"ct_{kind}"], stage=lab[f"st_{stage}"], count=count))
    open_ = tables["connection_open"]
    as_of = f"{period.end - pd.Timedelta(days=1):%Y-%m-%d}"
    out.append(lab["connection_open"].format(as_of=as_of, n=len(open_), overdue=int(open_["overdue"].sum())))
    nw, sl, sc = facts["no_works"], facts["sanling"], facts["stage_count"]
    rule = lab[f"connection_rule_{facts['rule']}"]
    out.append(lab["connection_no_works"].format(n=nw["applications"], k=nw["next_day"],
                                                 share=share(nw["next_day"], nw["applications"]), rule=rule))
    out.append(lab["connection_sanling"].format(n=sl["eligible"], k=sl["served"], share=share(sl["served"],
                                                                                               sl["eligible"])))
    out.append(lab["connection_stage_count"].format(k=sc["within"], share=share(sc["within"], sc["applications"])))
    return out
