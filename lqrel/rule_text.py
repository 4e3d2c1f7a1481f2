"""The target rule in words, from the settings in force (docs/spec.md §7): the one place that says it.

Every sentence, table header, chart legend and document that states the rule (the limits per area, the reduction,
its reading ``yoy`` or ``average_since`` with the baseline year, and whether major event days are excluded) takes
its words from :func:`rule_words`; no reduction percentage, limit in hours or 同比 is written anywhere else. Under
``average_since`` the reduction criterion is a comparison with the baseline year (较{baseline}年年均压缩{reduction}),
never 同比, which stays the word of a same-period comparison.

The words themselves are the catalogue's family ``rule`` (:mod:`lqrel.messages.rule`); this function chooses
and fills them. It is pure: settings and a language in, words out. Without settings (``targets=None``) it gives
neutral words that state no figure (for a table shown outside a report), never the defaults'.
"""

from __future__ import annotations

from lqrel.messages import LANGS, text

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
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose zh or en")
    if targets is None:  # no settings: words that state no figure
        return {key: text(f"neutral_{key}", {}, lang, "rule") for key in RULE_KEYS}
    reading = "average" if targets.reduction_mode == "average_since" else "yoy"
    args = {"urban": _number(targets.max_saidi_h["urban"]), "rural": _number(targets.max_saidi_h["rural"]),
            "pct": percent_text(targets.reduction), "base": targets.baseline_year}

    def say(code: str) -> str:
        return text(code, args, lang, "rule")

    args["limits"] = say("limits")
    args["reduction"] = say(f"reduction_{reading}")
    args["at_least"] = say(f"at_least_{reading}")
    args["basis"] = say("basis_excluded" if targets.exclude_med else "basis_all")
    args["rule"] = say("rule")
    words = {"limits": args["limits"], "reduction": args["reduction"], "reduction_at_least": args["at_least"],
             "basis": args["basis"], "rule": args["rule"], "p_reduction": say(f"p_reduction_{reading}")}
    return {key: words[key] if key in words else say(key) for key in RULE_KEYS}
