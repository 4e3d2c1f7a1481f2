"""Plain sentences generated from the report's numbers, for the first screen and the Word 报送材料.

Every number in a sentence is a value of the headline table (:func:`lqrel.report.tables.headline`), rounded as
the tables round it; nothing is computed here but the words around the numbers. Chinese (``zh``) is written as
the county's documents write it; English (``en``) says the same.
"""

from __future__ import annotations

import pandas as pd

from lqrel.periods import Period
from lqrel.report.i18n import hours, labels, percent, period_name
from lqrel.rule_text import rule_words

AREA_ZH = {"urban": "城镇地区", "rural": "农村地区"}
AREA_EN = {"urban": "Urban areas", "rural": "Rural areas"}


def _change_zh(change: float) -> str:
    if round(change * 100, 1) == 0:
        return "持平"
    return f"{'增加' if change > 0 else '下降'} {abs(change) * 100:.1f}%"


def _change_en(change: float) -> str:
    if round(change * 100, 1) == 0:
        return "unchanged"
    return f"{'up' if change > 0 else 'down'} {abs(change) * 100:.1f}%"


def _h(value: float) -> str:
    """Hours in a Chinese sentence: ``7.00小时`` (no space before the unit inside a phrase)."""
    return f"{value:.2f}小时"


def _unknown_why(ref_year: int, year: int | None, lang: str) -> str:
    """Why the reduction criterion is unknown: the reference year is not covered, or (``average_since``) the
    baseline year is not before the judged year."""
    if year is not None and ref_year >= year:
        if lang == "zh":
            return f"{ref_year}年为基准年，不早于本年"
        return f"the baseline year {ref_year} is not before {year}"
    return f"参照年{ref_year}年数据不全" if lang == "zh" else f"{ref_year} is not covered"


def ceiling_phrase(row: dict, lang: str = "zh", targets=None, year: int | None = None) -> str:
    """Which target applies: the limit, or the reduction allowance when it is higher (and why), in the words of
    the settings in force (:func:`lqrel.rule_text.rule_words` of ``targets``).

    ``row``: a headline row (``limit_h``, ``ceiling_h``, ``reference_year``, ``reference_saidi_h``,
    ``reduction_allowed_h``); ``year``: the judged year (to say why the reduction criterion is unknown)."""
    words = rule_words(targets, lang)
    cut = words["reduction"]
    limit, ceiling, allowed = row["limit_h"], row["ceiling_h"], row["reduction_allowed_h"]
    ref_year, ref = row["reference_year"], row["reference_saidi_h"]
    if lang == "zh":
        if allowed is None or ref is None:
            why = _unknown_why(ref_year, year, "zh")
            return f"达标上限 {_h(ceiling)}，即目标上限（{why}，{words['reduction_unknown']}）"
        if ceiling > limit:
            return f"达标上限 {_h(ceiling)}：{ref_year}年{_h(ref)}按{cut}的允许值，高于目标上限{_h(limit)}"
        return f"达标上限 {_h(ceiling)}，即目标上限（{ref_year}年{_h(ref)}按{cut}为{_h(allowed)}，更低）"
    if allowed is None or ref is None:
        why = _unknown_why(ref_year, year, "en")
        return f"ceiling {hours(ceiling, 'en')}, the limit ({why}: {words['reduction_unknown']})"
    if ceiling > limit:
        return (f"ceiling {hours(ceiling, 'en')}: {ref_year}'s {hours(ref, 'en')} with the {cut}, above the "
                f"{hours(limit, 'en')} limit")
    return (f"ceiling {hours(ceiling, 'en')}, the limit ({ref_year}'s {hours(ref, 'en')} with the {cut} is "
            f"{hours(allowed, 'en')}, lower)")


def _since(year: int, ref_year: int, lang: str) -> str:
    """``比2021年`` or, for an average since a baseline year, ``自2020年以来年均``."""
    if lang == "zh":
        return f"比{ref_year}年" if year - ref_year == 1 else f"自{ref_year}年以来年均"
    return f"on {ref_year}" if year - ref_year == 1 else f"a year on average since {ref_year}"


def _period_projection(row: dict, name: str, lang: str) -> str:
    """The clause projecting the whole of a period the data stop inside (docs/spec.md §12.1)."""
    median, low, high = row["projected_period_saidi_h"], row["projected_period_p10_h"], row["projected_period_p90_h"]
    if lang == "zh":
        return f"，{name}全期预计 {_h(median)}（80%的可能在{low:.2f}～{high:.2f}小时之间）"
    return (f"; {name} as a whole is projected at {hours(median, 'en')} (80% likely between {low:.2f} and "
            f"{high:.2f} h)")


def headline_sentence(row: dict, period: Period, verdict: bool, lang: str = "zh", targets=None) -> str:
    """One sentence per area: the period's figure, its change, and what it means for the year (the verdict of a
    covered year whose period ends on 31 December, or the projection with its probability), the rule in the
    words of the settings in force (``targets``).

    Parameters
    ----------
    row : dict
        A headline row (:func:`lqrel.report.tables.headline`).
    period : Period
        The report's period.
    verdict : bool
        Whether the row holds a verdict (the period ends on 31 December of a covered year) rather than a
        projection.
    """
    zh = lang == "zh"
    words = rule_words(targets, lang)
    cut, at_least = words["reduction"], words["reduction_at_least"]
    area = (AREA_ZH if zh else AREA_EN)[row["area"]]
    name = period_name(period, lang)
    saidi, limit = row["period_saidi_h"], row["limit_h"]
    out = (f"{area}{name}用户平均停电时间 {_h(saidi)}" if zh else
           f"{area}: average outage time per customer in {name} {hours(saidi, 'en')}")
    if verdict:
        year, ref_year, change = period.year, row["reference_year"], row.get("reference_change")
        year_saidi = row.get("year_saidi_h")
        if year_saidi is not None and period.kind != "year":  # the year's second half or last quarter: the year
            out += (f"，{year}年全年 {_h(year_saidi)}" if zh else f"; the year {year} {hours(year_saidi, 'en')}")
        moved = ""
        if change is not None:
            moved = (f"，{_since(year, ref_year, 'zh')}{_change_zh(change)}" if zh else
                     f", {_change_en(change)} {_since(year, ref_year, 'en')}")
        criterion = row["criterion"]
        if criterion in ("limit", "both"):
            return out + (f"{moved}，不超过{_h(limit)}的目标上限，达标。" if zh else
                          f"{moved}, within the {hours(limit, 'en')} limit: met.")
        if criterion == "reduction":
            return out + (f"，高于{_h(limit)}的目标上限，但{moved[1:]}，{at_least}，达标。" if zh else
                          f", above the {hours(limit, 'en')} limit but{moved[1:]}, {at_least}: met.")
        if criterion == "none":
            return out + (f"{moved}，高于{_h(limit)}的目标上限，未达到{cut}，未达标。" if zh else
                          f"{moved}, above the {hours(limit, 'en')} limit and short of the {cut}: not met.")
        if zh:
            return out + (f"，高于{_h(limit)}的目标上限；{_unknown_why(ref_year, year, 'zh')}，"
                          f"{words['reduction_unknown']}，暂不能判定。")
        return out + (f", above the {hours(limit, 'en')} limit; {_unknown_why(ref_year, year, 'en')}, so "
                      f"{words['reduction_unknown']}.")
    if row.get("change") is not None:
        out += f"，比去年同期{_change_zh(row['change'])}" if zh else f", {_change_en(row['change'])} on a year before"
    if row.get("projected_year_saidi_h") is None:
        return out + ("。数据不含年初，不做全年预测。" if zh else
                      ". The data do not reach back to 1 January: no year-end projection.")
    if row.get("ytd_saidi_h") is not None and round(row["ytd_saidi_h"], 2) != round(saidi, 2):
        out += (f"，年初至今累计 {_h(row['ytd_saidi_h'])}" if zh else
                f", {hours(row['ytd_saidi_h'], 'en')} since 1 January")
    if row.get("projected_period_saidi_h") is not None:  # the data stop inside the period: the whole of it
        out += _period_projection(row, name, lang)
    median, low, high = row["projected_year_saidi_h"], row["projected_p10_h"], row["projected_p90_h"]
    status = labels(lang)[row["status"]]
    if row.get("probability_met") is None:  # too few complete years to check the odds: no status word
        if zh:
            return (out + f"。按当前趋势全年预计 {_h(median)}（80%的可能在{low:.2f}～{high:.2f}小时之间），"
                    f"达标上限{_h(row['ceiling_h'])}；历史数据不足，预测未经检验，不作达标状态判断。")
        return (out + f". On the present trend the year is projected at {hours(median, 'en')} (80% likely between "
                f"{low:.2f} and {high:.2f} h) against a ceiling of {hours(row['ceiling_h'], 'en')}; too little "
                "history to check the projection, so no status is given.")
    if zh:
        return (out + f"。按当前趋势全年预计 {_h(median)}（80%的可能在{low:.2f}～{high:.2f}小时之间），"
                f"达标上限{_h(row['ceiling_h'])}，达标概率 {percent(row['probability_met'])}，{status}。")
    return (out + f". On the present trend the year is projected at {hours(median, 'en')} (80% likely between "
            f"{low:.2f} and {high:.2f} h) against a ceiling of {hours(row['ceiling_h'], 'en')}; probability of "
            f"meeting the target {percent(row['probability_met'])}: {status}.")


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
