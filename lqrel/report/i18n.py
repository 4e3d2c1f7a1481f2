"""Report labels in simplified Chinese (default, for the county's readers) and English, from the catalogue."""

from __future__ import annotations

import pandas as pd

from lqrel.messages.report import REPORT
from lqrel.messages.report import SHEETS as SHEET_NAMES
from lqrel.periods import Period

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


_MONTHS_EN = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def month_name(year: int, month: int, lang: str = "zh") -> str:
    """A calendar month in words: 2022年7月 / July 2022."""
    return f"{year}年{month}月" if lang == "zh" else f"{_MONTHS_EN[month]} {year}"


def day_name(day, lang: str = "zh") -> str:
    """A day in words, as a 公文 writes it: 2025年7月1日 / 1 July 2025."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {_MONTHS_EN[day.month]} {day.year}"


def through_name(day, lang: str = "zh") -> str:
    """The last day of the data of a period, as a clipped report's title says it: 截至5月31日 / through 31 May
    (docs/spec.md §12.1)."""
    return f"截至{day.month}月{day.day}日" if lang == "zh" else f"through {day.day} {_MONTHS_EN[day.month]}"


def period_name(period: Period, lang: str = "zh") -> str:
    """A period as readers write it, from its span (:attr:`lqrel.periods.Period.kind`): 2022年第三季度 (2022 Q3),
    2022年上半年 (first half of 2022), 2022年, 2022年7月 (July 2022), 2021年10月至2022年9月 (October 2021 to
    September 2022)."""
    year, part, zh = period.year, period.part, lang == "zh"
    if period.kind == "year":
        return f"{year}年" if zh else str(year)
    if period.kind == "half":
        return f"{year}年{'上' if part == 1 else '下'}半年" if zh else f"{'first' if part == 1 else 'second'} half of {year}"
    if period.kind == "quarter":
        return f"{year}年{_QUARTERS_ZH[part]}" if zh else f"{year} Q{part}"
    if period.kind == "month":
        return month_name(year, part, lang)
    last = period.end - pd.Timedelta(microseconds=1)
    first_name, last_name = month_name(year, period.start.month, lang), month_name(last.year, last.month, lang)
    return f"{first_name}至{last_name}" if zh else f"{first_name} to {last_name}"


def hours(value: float, lang: str = "zh") -> str:
    """Hours with two decimals and the unit: ``6.62 小时`` / ``6.62 h``."""
    return f"{value:.2f} 小时" if lang == "zh" else f"{value:.2f} h"


def percent(value: float) -> str:
    """A share as a percentage without decimals: ``79%``."""
    return f"{value * 100:.0f}%"
