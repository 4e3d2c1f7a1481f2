"""Report labels in simplified Chinese (default, for the county's readers) and English, from the catalogue."""

from __future__ import annotations

from lqrel.messages.report import REPORT
from lqrel.messages.report import SHEETS as SHEET_NAMES

LANGS = ("zh", "en")

#: The report's labels by language (the catalogue family ``report``, :mod:`lqrel.messages.report`).
LABELS: dict[str, dict[str, str]] = {lang: {code: texts[lang] for code, texts in REPORT.items()} for lang in LANGS}

#: Sheet names of the report workbook (Excel allows 31 characters).
SHEETS = {lang: {key: names[lang] for key, names in SHEET_NAMES.items()} for lang in LANGS}


def labels(lang: str, targets=None) -> dict[str, str]:
    """The label table of a language (``zh`` or ``en``), with the target rule's words (criterion names, the
    reduction allowance's header and legend, the notes that state the rule) rendered from ``targets``
    (:func:`lqrel.rule_text.rule_words`; without settings: neutral words that state no figure)."""
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}; choose zh or en")
    if targets is None:
        key = None
    else:
        key = (tuple(sorted(targets.max_saidi_h.items())), targets.reduction, targets.reduction_mode,
               targets.baseline_year, bool(targets.exclude_med))
    return _labels(lang, key, targets)


_CACHE: dict = {}


def _labels(lang: str, key, targets) -> dict[str, str]:
    from lqrel.rule_text import rule_words

    if (lang, key) not in _CACHE:
        _CACHE[(lang, key)] = {**LABELS[lang], **rule_words(targets, lang)}
    return _CACHE[(lang, key)]


_QUARTERS_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def period_name(label: str, lang: str = "zh") -> str:
    """A period as readers write it: ``2022Q3`` -> 2022年第三季度 (2022 Q3), ``2022H1`` -> 2022年上半年
    (first half of 2022), ``2022`` -> 2022年, ``2022-07`` -> 2022年7月, ``2021-10..2022-09`` -> 2021年10月至
    2022年9月."""
    import re

    m = re.fullmatch(r"(\d{4})(?:Q([1-4])|H([12])|-(\d{2})(?:\.\.(\d{4})-(\d{2}))?)?", label)
    if not m:
        return label
    year, q, h, month, year2, month2 = m.groups()
    if lang == "zh":
        if q:
            return f"{year}年{_QUARTERS_ZH[int(q)]}"
        if h:
            return f"{year}年{'上' if h == '1' else '下'}半年"
        if month2:
            return f"{year}年{int(month)}月至{year2}年{int(month2)}月"
        if month:
            return f"{year}年{int(month)}月"
        return f"{year}年"
    months = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    if q:
        return f"{year} Q{q}"
    if h:
        return f"{'first' if h == '1' else 'second'} half of {year}"
    if month2:
        return f"{months[int(month)]} {year} to {months[int(month2)]} {year2}"
    if month:
        return f"{months[int(month)]} {year}"
    return year


def hours(value: float, lang: str = "zh") -> str:
    """Hours with two decimals and the unit: ``6.62 小时`` / ``6.62 h``."""
    return f"{value:.2f} 小时" if lang == "zh" else f"{value:.2f} h"


def percent(value: float) -> str:
    """A share as a percentage without decimals: ``79%``."""
    return f"{value * 100:.0f}%"
