"""The report's generated sentences (family ``sentence``): the headline per area and the ceiling that applies,
filled by :mod:`lqrel.report.sentences` with numbers already written for the language (``{saidi}``: ``6.62小时`` /
``6.62 h``).

A sentence is assembled from clauses in order: ``hl_open`` (the period's figure), then the verdict clauses
(``hl_year``, ``hl_moved``, one ``hl_met_*``/``hl_not_met``/``hl_unknown`` ending) or the projection clauses
(``hl_change``, ``hl_ytd``, ``hl_period_projection``, one ``hl_projection*`` ending). Clauses carry their own
leading punctuation so that an absent clause leaves no trace.
"""

from __future__ import annotations

SENTENCES = {
    "area_urban": {"zh": "城镇地区", "en": "Urban areas"},
    "area_rural": {"zh": "农村地区", "en": "Rural areas"},
    "hours": {"zh": "{value:.2f}小时", "en": "{value:.2f} h"},
    "change_flat": {"zh": "持平", "en": "unchanged"},
    "change_up": {"zh": "增加 {pct:.1f}%", "en": "up {pct:.1f}%"},
    "change_down": {"zh": "下降 {pct:.1f}%", "en": "down {pct:.1f}%"},
    "since_previous": {"zh": "比{ref_year}年{change}", "en": "{change} on {ref_year}"},
    "since_average": {"zh": "自{ref_year}年以来年均{change}", "en": "{change} a year on average since {ref_year}"},
    "unknown_baseline": {"zh": "{ref_year}年为基准年，不早于所判定的{year}年", "en": "the baseline year {ref_year} is not before {year}"},
    "unknown_not_covered": {"zh": "参照年{ref_year}年数据不全", "en": "{ref_year} is not covered"},
    "ceiling_unknown": {"zh": "达标上限 {ceiling}，即目标上限（{why}，{reduction_unknown}）",
                        "en": "ceiling {ceiling}, the limit ({why}: {reduction_unknown})"},
    "ceiling_reduction": {"zh": "达标上限 {ceiling}：{ref_year}年{ref}按{cut}的允许值，高于目标上限{limit}",
                          "en": "ceiling {ceiling}: {ref_year}'s {ref} with the {cut}, above the {limit} limit"},
    "ceiling_limit": {"zh": "达标上限 {ceiling}，即目标上限（{ref_year}年{ref}按{cut}为{allowed}，更低）",
                      "en": "ceiling {ceiling}, the limit ({ref_year}'s {ref} with the {cut} is {allowed}, lower)"},
    "hl_open": {"zh": "{area}{name}用户平均停电时间 {saidi}",
                "en": "{area}: average outage time per customer in {name} {saidi}"},
    "hl_year": {"zh": "，{year}年全年 {year_saidi}", "en": "; the year {year} {year_saidi}"},
    "hl_moved": {"zh": "，{moved}", "en": ", {moved}"},
    "hl_met_limit": {"zh": "{moved}，不超过{limit}的目标上限，达标。", "en": "{moved}, within the {limit} limit: met."},
    "hl_met_reduction": {"zh": "，高于{limit}的目标上限，但{moved}，{at_least}，达标。",
                         "en": ", above the {limit} limit but {moved}, {at_least}: met."},
    "hl_not_met": {"zh": "{moved}，高于{limit}的目标上限，未达到{cut}，未达标。",
                   "en": "{moved}, above the {limit} limit and short of the {cut}: not met."},
    "hl_unknown": {"zh": "，高于{limit}的目标上限；{why}，{reduction_unknown}，暂不能判定。",
                   "en": ", above the {limit} limit; {why}, so {reduction_unknown}."},
    "hl_change": {"zh": "，比去年同期{change}", "en": ", {change} on a year before"},
    "hl_no_january": {"zh": "。数据不含年初，不做全年预测。",
                      "en": ". The data do not reach back to 1 January: no year-end projection."},
    "hl_ytd": {"zh": "，年初至今累计 {ytd}", "en": ", {ytd} since 1 January"},
    "hl_period_projection": {"zh": "，{name}全期预计 {median}（80%的可能在{low:.2f}～{high:.2f}小时之间）",
                             "en": "; {name} as a whole is projected at {median} (80% likely between {low:.2f} and "
                                   "{high:.2f} h)"},
    "hl_projection_unchecked": {
        "zh": "。按当前趋势全年预计 {median}（80%的可能在{low:.2f}～{high:.2f}小时之间），达标上限{ceiling}；"
              "历史数据不足，预测未经检验，不作达标状态判断。",
        "en": ". On the present trend the year is projected at {median} (80% likely between {low:.2f} and "
              "{high:.2f} h) against a ceiling of {ceiling}; too little history to check the projection, so no "
              "status is given."},
    "hl_projection": {
        "zh": "。按当前趋势全年预计 {median}（80%的可能在{low:.2f}～{high:.2f}小时之间），达标上限{ceiling}，"
              "达标概率 {probability}，{status}。",
        "en": ". On the present trend the year is projected at {median} (80% likely between {low:.2f} and "
              "{high:.2f} h) against a ceiling of {ceiling}; probability of meeting the target {probability}: "
              "{status}."},
}
