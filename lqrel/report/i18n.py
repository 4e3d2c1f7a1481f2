"""Report labels in simplified Chinese (default, for the county's readers) and English, from the catalogue."""

from __future__ import annotations

import pandas as pd

from lqrel.messages.formats import HALVES, QUARTERS, date_words, form
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


def month_name(year: int, month: int, lang: str = "zh") -> str:
    """A calendar month in words: 2022年7月 / July 2022."""
    return date_words("month", lang, year=year, month=month)


def day_name(day, lang: str = "zh") -> str:
    """A day in words, as a 公文 writes it: 2025年7月1日 / 1 July 2025."""
    return date_words("day", lang, day)


def through_name(day, lang: str = "zh") -> str:
    """The last day of the data of a period, as a clipped report's title says it: 截至5月31日 / through 31 May
    (docs/spec.md §12.1)."""
    return date_words("through", lang, day)


def period_name(period: Period, lang: str = "zh") -> str:
    """A period as readers write it, from its span (:attr:`lqrel.periods.Period.kind`): 2022年第三季度 (2022 Q3),
    2022年上半年 (first half of 2022), 2022年, 2022年7月 (July 2022), 2021年10月至2022年9月 (October 2021 to
    September 2022)."""
    year, part = period.year, period.part
    if period.kind == "year":
        return form("year", lang, year=year)
    if period.kind == "half":
        return form("half", lang, year=year, half=HALVES[lang][part])
    if period.kind == "quarter":
        return form("quarter", lang, year=year, quarter=QUARTERS[lang][part])
    if period.kind == "month":
        return month_name(year, part, lang)
    last = period.end - pd.Timedelta(microseconds=1)
    first_name, last_name = month_name(year, period.start.month, lang), month_name(last.year, last.month, lang)
    return form("span", lang, first=first_name, last=last_name)


def coverage_source(coverage, short: bool = False) -> str:
    """The label code of where a coverage's dates come from: declared, inferred from the events' (applications')
    months, or its end the scheduled run's data cut-off (``lqrel report --due``, :attr:`Coverage.through_due`);
    ``short``: the data-quality table's shorter words (``q_``)."""
    prefix = "q_" if short else "coverage_"
    apps = "_apps" if coverage.what == "applications" else ""
    if coverage.through_due:
        return f"{prefix}due{apps}" if coverage.first_inferred else f"{prefix}declared_due"
    return f"{prefix}inferred{apps}" if coverage.inferred else f"{prefix}declared"


def hours(value: float, lang: str = "zh") -> str:
    """Hours with two decimals and the unit: ``6.62 小时`` / ``6.62 h``."""
    return form("hours", lang, value=value)


def percent(value: float) -> str:
    """A share as a percentage without decimals: ``79%``."""
    return f"{value * 100:.0f}%"


def span_text(table: pd.DataFrame, lang: str) -> str:
    """The dates a ranking covers, after its chart's or table's title (the report's period; a 供电所 table beside it
    may cover the year to date): nothing for a table that does not say (``attrs["span"]``)."""
    span = table.attrs.get("span")
    if span is None:
        return ""
    end = (span.end - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    return labels(lang)["chart_span"].format(start=f"{span.start:%Y-%m-%d}", end=end)
