"""The target rule in words, from the settings in force (docs/spec.md §7): the one place that says it.

Every sentence, table header, chart legend and document that states the rule (the limits per area, the reduction,
its reading ``yoy`` or ``average_since`` with the baseline year, and whether major event days are excluded) takes
its words from :func:`rule_words`; no reduction percentage, limit in hours or 同比 is written anywhere else. Under
``average_since`` the reduction criterion is a comparison with the baseline year (较{baseline}年年均压缩{reduction}),
never 同比, which stays the word of a same-period comparison.

The function is pure: settings and a language in, words out. Without settings (``targets=None``) it gives
neutral words that state no figure (for a table shown outside a report), never the defaults'.
"""

from __future__ import annotations

#: Keys of :func:`rule_words` (label keys of :func:`lqrel.report.i18n.labels` with settings).
RULE_KEYS = (
    "rule", "rule_judged", "limits", "reduction", "reduction_at_least", "basis", "crit_limit", "crit_reduction",
    "crit_both", "crit_none", "crit_unknown", "reduction_allowed_h", "ceiling_reduction", "reduction_unknown",
    "saidi_explain", "budget_note", "verdict_note", "method_rule", "p_reduction",
)


def _number(value: float) -> str:
    """A setting's number as written: 7, 10, 6.5."""
    return f"{float(value):g}"


def percent_text(reduction: float) -> str:
    """A reduction as a percentage: 0.05 -> ``5%``, 0.075 -> ``7.5%``."""
    return f"{round(float(reduction) * 100, 6):g}%"


def rule_words(targets, lang: str = "zh") -> dict[str, str]:
    """The target rule and its criterion names in ``lang`` (``zh`` or ``en``), from ``targets``
    (:class:`lqrel.params.Targets`: ``max_saidi_h`` per area, ``reduction``, ``reduction_mode``,
    ``baseline_year``, ``exclude_med``).

    Returns
    -------
    dict
        ``rule`` (the rule in one phrase), ``rule_judged`` (with the data it is judged on), ``limits``,
        ``reduction`` (the reduction criterion's name: 同比压缩{reduction} or 较{baseline}年年均压缩{reduction}),
        ``reduction_at_least``,
        ``basis`` (全量数据 or 剔除重大事件日后的数据), the criterion names ``crit_limit``, ``crit_reduction``,
        ``crit_both``, ``crit_none``, ``crit_unknown``, the header ``reduction_allowed_h``, the legend
        ``ceiling_reduction``, ``reduction_unknown``, and the notes ``saidi_explain``, ``budget_note``,
        ``verdict_note``, ``method_rule`` and ``p_reduction`` (the policy table's reading of the reduction).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; choose zh or en")
    zh = lang == "zh"
    if targets is None:  # no settings: words that state no figure
        return _neutral(zh)
    limits = targets.max_saidi_h
    urban, rural = _number(limits["urban"]), _number(limits["rural"])
    pct = percent_text(targets.reduction)
    average = targets.reduction_mode == "average_since"
    base = targets.baseline_year
    excluded = bool(targets.exclude_med)
    if zh:
        limits_text = f"城镇 {urban} 小时、农村 {rural} 小时"
        reduction = f"较{base}年年均压缩{pct}" if average else f"同比压缩{pct}"
        at_least = f"较{base}年年均压缩不少于{pct}" if average else f"比上年压缩不少于{pct}"
        basis = "剔除重大事件日后的数据" if excluded else "全量数据"
        rule = f"用户平均停电时间不超过目标上限（{limits_text}），或{at_least}"
        words = {
            "limits": limits_text, "reduction": reduction, "reduction_at_least": at_least, "basis": basis,
            "rule": rule, "rule_judged": f"{rule}；按{basis}判定",
            "crit_limit": "低于上限", "crit_reduction": reduction, "crit_both": "两项均满足", "crit_none": "均不满足",
            "crit_unknown": f"参照年数据不全，无法判断{reduction}",
            "reduction_allowed_h": f"{reduction}对应上限（小时）", "ceiling_reduction": f"{reduction}允许值",
            "reduction_unknown": f"无法判断{reduction}这一项",
            "saidi_explain": ("用户平均停电时间（SAIDI）：统计期内平均每个用户停电的小时数，"
                              "即 Σ（每次停电时间 × 停电用户数）÷ "
                              f"总用户数。县里的目标：{rule}（按{basis}判定）。"),
            "budget_note": (f"全年预算 = 达标上限（目标上限与{reduction}后允许值中的较大者）× 总用户数，"
                            f"按以往年份的季节分布分到各月，按历史比例分为预安排与故障；按{basis}计。"),
            "verdict_note": f"全年结果：状态为按目标规则的达标判定（{rule}；按{basis}判定），与 lqrel check 相同。",
            "method_rule": f"目标规则：{rule}；按{basis}判定。",
            "p_reduction": f"自 {base} 年起年均压缩 {pct}" if average else f"比上年压缩 {pct}",
        }
    else:
        limits_text = f"urban {urban} h, rural {rural} h"
        reduction = f"{pct} average yearly cut since {base}" if average else f"{pct} cut on the year before"
        at_least = (f"at least {pct} a year below {base} on average" if average
                    else f"at least {pct} below the year before")
        basis = "data without major event days" if excluded else "all data"
        rule = f"SAIDI at most the limit ({limits_text}), or {at_least}"
        words = {
            "limits": limits_text, "reduction": reduction, "reduction_at_least": at_least, "basis": basis,
            "rule": rule, "rule_judged": f"{rule}; judged on {basis}",
            "crit_limit": "below limit", "crit_reduction": reduction, "crit_both": "both", "crit_none": "neither",
            "crit_unknown": f"reference year not covered: {reduction} unknown",
            "reduction_allowed_h": f"Allowed by the {reduction} (h)", "ceiling_reduction": reduction,
            "reduction_unknown": f"the {reduction} cannot be judged",
            "saidi_explain": ("SAIDI (average outage time per customer): the hours an average customer was without "
                              "power in the period, sum(duration x customers interrupted) / customers served. The "
                              f"county's target: {rule} (judged on {basis})."),
            "budget_note": (f"Year budget = the ceiling (the larger of the limit and the allowance of the {reduction})"
                            " x customers served, spread over the months by past years' seasonal shape and between "
                            f"planned and fault by the historical share; on {basis}."),
            "verdict_note": (f"Finished year: the status is the verdict of the target rule ({rule}; judged on "
                             f"{basis}), the same as lqrel check."),
            "method_rule": f"Target rule: {rule}; judged on {basis}.",
            "p_reduction": (f"{pct} a year on average since {base}" if average else f"{pct} below the year before"),
        }
    return words


def _neutral(zh: bool) -> dict[str, str]:
    """Rule words without settings: no figure, no reading."""
    if zh:
        rule = "用户平均停电时间不超过目标上限，或满足压缩要求"
        return {
            "rule": rule, "rule_judged": rule, "limits": "目标上限", "reduction": "压缩要求",
            "reduction_at_least": "满足压缩要求", "basis": "目标判定口径的数据",
            "crit_limit": "低于上限", "crit_reduction": "满足压缩要求", "crit_both": "两项均满足",
            "crit_none": "均不满足", "crit_unknown": "参照年数据不全，无法判断压缩",
            "reduction_allowed_h": "压缩要求对应上限（小时）", "ceiling_reduction": "压缩要求允许值",
            "reduction_unknown": "无法判断压缩一项",
            "saidi_explain": "用户平均停电时间（SAIDI）：统计期内平均每个用户停电的小时数。", "budget_note": "",
            "verdict_note": "", "method_rule": "", "p_reduction": "压缩要求",
        }
    return {"rule": "SAIDI at most the limit, or the required reduction", "rule_judged": "SAIDI at most the limit, or "
            "the required reduction", "limits": "limits", "reduction": "reduction", "reduction_at_least":
            "the required reduction", "basis": "the data the target is judged on", "crit_limit": "below limit",
            "crit_reduction": "reduction", "crit_both": "both", "crit_none": "neither",
            "crit_unknown": "reference year not covered: reduction unknown",
            "reduction_allowed_h": "Reduction allowance (h)", "ceiling_reduction": "reduction allowance",
            "reduction_unknown": "the reduction cannot be judged",
            "saidi_explain": "SAIDI (average outage time per customer): the hours an average customer was without "
                             "power in the period.", "budget_note": "", "verdict_note": "", "method_rule": "",
            "p_reduction": "reduction"}
