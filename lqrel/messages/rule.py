"""The target rule's words (family ``rule``), rendered from the settings by :func:`lqrel.rule_text.rule_words`.

Placeholders: ``{urban}``/``{rural}`` the limits in hours as written in the settings, ``{pct}`` the reduction as a
percentage, ``{base}`` the baseline year (``average_since``), and the parts built from them: ``{limits}``,
``{reduction}``, ``{at_least}``, ``{rule}``, ``{basis}``. Codes ``neutral_*`` are the words without settings:
they state no figure and no reading.
"""

from __future__ import annotations

_SETTINGS = {
    "limits": {"zh": "城镇 {urban} 小时、农村 {rural} 小时", "en": "urban {urban} h, rural {rural} h"},
    "reduction_yoy": {"zh": "同比压缩{pct}", "en": "{pct} cut on the year before"},
    "reduction_average": {"zh": "较{base}年年均压缩{pct}", "en": "{pct} average yearly cut since {base}"},
    "at_least_yoy": {"zh": "比上年压缩不少于{pct}", "en": "at least {pct} below the year before"},
    "at_least_average": {"zh": "较{base}年年均压缩不少于{pct}", "en": "at least {pct} a year below {base} on average"},
    "basis_all": {"zh": "全量数据", "en": "all data"},
    "basis_excluded": {"zh": "剔除重大事件日后的数据", "en": "data without major event days"},
    "rule": {"zh": "用户平均停电时间不超过目标上限（{limits}），或{at_least}",
             "en": "SAIDI at most the limit ({limits}), or {at_least}"},
    "rule_judged": {"zh": "{rule}；按{basis}判定", "en": "{rule}; judged on {basis}"},
    "crit_limit": {"zh": "低于上限", "en": "below limit"},
    "crit_reduction": {"zh": "{reduction}", "en": "{reduction}"},
    "crit_both": {"zh": "两项均满足", "en": "both"},
    "crit_none": {"zh": "均不满足", "en": "neither"},
    "crit_unknown": {"zh": "参照年数据不全，无法判断{reduction}", "en": "reference year not covered: {reduction} unknown"},
    "reduction_allowed_h": {"zh": "{reduction}对应上限（小时）", "en": "Allowed by the {reduction} (h)"},
    "ceiling_reduction": {"zh": "{reduction}允许值", "en": "{reduction}"},
    "reduction_unknown": {"zh": "无法判断{reduction}这一项", "en": "the {reduction} cannot be judged"},
    "saidi_explain": {
        "zh": "用户平均停电时间（SAIDI）：统计期内平均每个用户停电的小时数，即 Σ（每次停电时间 × 停电用户数）÷ "
              "总用户数。县里的目标：{rule}（按{basis}判定）。",
        "en": "SAIDI (average outage time per customer): the hours an average customer was without power in the "
              "period, sum(duration x customers interrupted) / customers served. The county's target: {rule} "
              "(judged on {basis})."},
    "budget_note": {
        "zh": "全年预算 = 达标上限（目标上限与{reduction}后允许值中的较大者）× 总用户数，按以往年份的季节分布分到各月，"
              "按历史比例分为预安排与故障；按{basis}计。",
        "en": "Year budget = the ceiling (the larger of the limit and the allowance of the {reduction}) x customers "
              "served, spread over the months by past years' seasonal shape and between planned and fault by the "
              "historical share; on {basis}."},
    "verdict_note": {"zh": "全年结果：状态为按目标规则的达标判定（{rule}；按{basis}判定），与 lqrel check 相同。",
                     "en": "Finished year: the status is the verdict of the target rule ({rule}; judged on {basis}), "
                           "the same as lqrel check."},
    "method_rule": {"zh": "目标规则：{rule}；按{basis}判定。", "en": "Target rule: {rule}; judged on {basis}."},
    "p_reduction_yoy": {"zh": "比上年压缩 {pct}", "en": "{pct} below the year before"},
    "p_reduction_average": {"zh": "自 {base} 年起年均压缩 {pct}", "en": "{pct} a year on average since {base}"},
}

_NEUTRAL_RULE = {"zh": "用户平均停电时间不超过目标上限，或满足压缩要求",
                 "en": "SAIDI at most the limit, or the required reduction"}
_NO_TEXT = {"zh": "", "en": ""}
_NEUTRAL = {
    "neutral_rule": _NEUTRAL_RULE,
    "neutral_rule_judged": _NEUTRAL_RULE,
    "neutral_limits": {"zh": "目标上限", "en": "limits"},
    "neutral_reduction": {"zh": "压缩要求", "en": "reduction"},
    "neutral_reduction_at_least": {"zh": "满足压缩要求", "en": "the required reduction"},
    "neutral_basis": {"zh": "目标判定口径的数据", "en": "the data the target is judged on"},
    "neutral_crit_limit": {"zh": "低于上限", "en": "below limit"},
    "neutral_crit_reduction": {"zh": "满足压缩要求", "en": "reduction"},
    "neutral_crit_both": {"zh": "两项均满足", "en": "both"},
    "neutral_crit_none": {"zh": "均不满足", "en": "neither"},
    "neutral_crit_unknown": {"zh": "参照年数据不全，无法判断压缩", "en": "reference year not covered: reduction unknown"},
    "neutral_reduction_allowed_h": {"zh": "压缩要求对应上限（小时）", "en": "Reduction allowance (h)"},
    "neutral_ceiling_reduction": {"zh": "压缩要求允许值", "en": "reduction allowance"},
    "neutral_reduction_unknown": {"zh": "无法判断压缩一项", "en": "the reduction cannot be judged"},
    "neutral_saidi_explain": {"zh": "用户平均停电时间（SAIDI）：统计期内平均每个用户停电的小时数。",
                              "en": "SAIDI (average outage time per customer): the hours an average customer was "
                                    "without power in the period."},
    "neutral_budget_note": _NO_TEXT,
    "neutral_verdict_note": _NO_TEXT,
    "neutral_method_rule": _NO_TEXT,
    "neutral_p_reduction": {"zh": "压缩要求", "en": "reduction"},
}

RULE = {**_SETTINGS, **_NEUTRAL}
