"""Punctuation, units, numbering and the forms of dates and periods, per language (family ``format``), and the
few per-language data that are not a sentence: month, quarter and half-year names, heading numerals, a Word
table's units, plotly's locale, the reports' file names.

Code outside :mod:`lqrel.messages` never compares a language code (issue 27 point 1): a list separator is
``text("list", {}, lang, "format")``, a date ``date_words("day", lang, day)``. Templates of plotly's hover
labels keep plotly's own braces doubled (``%{{y:.2f}}``), as :meth:`str.format` reads them.

A count and its noun agree in a template by a plural field (:func:`render`): ``{count:~row~rows}`` reads
``1 row`` and ``2 rows`` (``{rows:,~row~rows}``: the number with separators); a language without plurals
(Chinese) writes its measure word and the bare field.
"""

from __future__ import annotations

import numbers
import re
import string

FORMATS: dict[str, dict[str, str]] = {
    # punctuation between and after the parts of a text
    "list": {"zh": "、", "en": ", "},
    "list_days": {"zh": "、", "en": "; "},
    "list_clauses": {"zh": "；", "en": "; "},
    "list_more": {"zh": "等", "en": ", ..."},
    "list_more_terse": {"zh": "等", "en": ""},
    # a vocabulary: each canonical value and the source values read as it (城镇：城镇/城市等；农村：农村/乡村)
    "vocabulary_entry": {"zh": "{canon}：{values}", "en": "{canon}: {values}"},
    "vocabulary_more": {"zh": "等", "en": "/..."},
    "clause": {"zh": "，", "en": ", "},
    "colon": {"zh": "：", "en": ": "},
    "sentence_end": {"zh": "。", "en": "."},
    "sentence_gap": {"zh": "", "en": " "},
    "aside": {"zh": "（{text}）", "en": " ({text})"},
    "aside_own_line": {"zh": "|（{text}）", "en": " ({text})"},  # | breaks a Word title's line before it
    # numbered headings and paragraphs: 一、总体情况 / 1. Overall; （一） / 1.1; 1． / 1.
    "heading": {"zh": "{numeral}、{name}", "en": "{numeral}. {name}"},
    "subheading": {"zh": "（{number}）{name}", "en": "{number} {name}"},
    "item": {"zh": "{n}．{text}", "en": "{n}. {text}"},
    # units
    "hours": {"zh": "{value:.2f} 小时", "en": "{value:.2f} h"},
    "unit_h": {"zh": " 小时", "en": " h"},
    "unit_min": {"zh": " 分钟", "en": " min"},
    "unit_wd": {"zh": " 个工作日", "en": " working days"},
    # dates and periods (month: a name of MONTHS: 7月 / July; half and quarter: of HALVES and QUARTERS)
    "month": {"zh": "{year}年{month}", "en": "{month} {year}"},
    "day": {"zh": "{year}年{month}{day}日", "en": "{day} {month} {year}"},
    "through": {"zh": "截至{month}{day}日", "en": "through {day} {month}"},
    "month_day": {"zh": "{month}{day}日", "en": "{day:02d} {month}"},
    "year": {"zh": "{year}年", "en": "{year}"},
    "half": {"zh": "{year}年{half}", "en": "{half} of {year}"},
    "quarter": {"zh": "{year}年{quarter}", "en": "{year} {quarter}"},
    "span": {"zh": "{first}至{last}", "en": "{first} to {last}"},
    "dates_span": {"zh": "{first} 至 {last}", "en": "{first} .. {last}"},
    "month_cell": {"zh": "{year}年{month}月", "en": "{year}-{month:02d}"},
    "month_number_cell": {"zh": "{month}月", "en": "{month}"},
    "generated_at": {"zh": "{year}年{month}月{day}日 {time}（{zone}）",
                     "en": "{year}-{month:02d}-{day:02d} {time} ({zone})"},
    # charts: plotly's date formats, hover labels, the customer-hours axis
    "chart_month_axis": {"zh": "%Y年%-m月", "en": "%b %Y"},
    "chart_month_hover": {"zh": "%{{x|%Y年%-m月}}", "en": "%{{x|%b %Y}}"},
    "chart_day_hover": {"zh": "%{{x|%Y年%-m月%-d日}}", "en": "%{{x|%d %b %Y}}"},
    "hover_x_hours": {"zh": "%{{x}}：%{{y:.2f}} 小时", "en": "%{{x}}: %{{y:.2f}} h"},
    "hover_x_ch": {"zh": "%{{x}}：%{{customdata:,.0f}} 户·小时", "en": "%{{x}}: %{{customdata:,.0f}}"},
    "hover_y_ch": {"zh": "%{{y}}：%{{customdata:,.0f}} 户·小时<extra></extra>",
                   "en": "%{{y}}: %{{customdata:,.0f}}<extra></extra>"},
    "hover_ch": {"zh": "%{{customdata:,.0f}} 户·小时<extra></extra>", "en": "%{{customdata:,.0f}}<extra></extra>"},
    "ch_axis": {"zh": "停电时户数（万户·小时）", "en": "Customer-hours"},
    "ch_tick": {"zh": ",.1f", "en": ",.0f"},
    # an area inside a sentence (English in lower case)
    "area_in_sentence_urban": {"zh": "城镇", "en": "urban"},
    "area_in_sentence_rural": {"zh": "农村", "en": "rural"},
    "area_in_sentence_all": {"zh": "全县", "en": "county"},
    # the page's language (the html lang attribute)
    "html_lang": {"zh": "zh-CN", "en": "en"},
}

#: Month names: in Chinese the number and 月, in English the name (``MONTHS_SHORT``: the abbreviation of a chart).
MONTHS = {"zh": ("", *(f"{m}月" for m in range(1, 13))),
          "en": ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")}
MONTHS_SHORT = {"zh": MONTHS["zh"],
                "en": ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
QUARTERS = {"zh": ("", "第一季度", "第二季度", "第三季度", "第四季度"), "en": ("", "Q1", "Q2", "Q3", "Q4")}
HALVES = {"zh": ("", "上半年", "下半年"), "en": ("", "first half", "second half")}
#: A heading's numeral by its place (0 the first): 一 .. 十五 / 1 .. 15.
NUMERALS = {"zh": ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"),
            "en": tuple(str(n) for n in range(1, 16))}
#: A subsection's number: its own numeral in Chinese (（一）), its section's number and its own in English (2.1).
_SUB_NUMBERS = {"zh": "{numeral}", "en": "{section}.{n}"}
#: The day a worst-feeder list runs to: the year is in the Chinese sentence already (5月31日 / 31 May 2022).
_AS_OF = {"zh": "month_day", "en": "day"}
#: Units a Word table adds to a header that does not state one (docs/spec.md §12.2), besides percentages.
TABLE_UNITS = {"zh": {"applications": "户", "on_time": "户", "events": "起", "customer_interruptions": "户次",
                      "count": "条"},
               "en": {}}
#: Whether a table writes its month column in words (2022-07 -> 2022年7月, 7 -> 7月) or keeps the values.
_MONTH_CELLS_IN_WORDS = {"zh": True, "en": False}
#: What a chart divides customer-hours by: 万 (ten thousands) in Chinese (docs/spec.md §12).
CH_SCALE = {"zh": 10_000.0, "en": 1.0}
#: plotly's configuration per language: the ``zh-CN`` locale (:mod:`lqrel.messages.plotly_locale`) in Chinese.
PLOTLY_CONFIG = {"zh": {"locale": "zh-CN"}, "en": {}}
#: The reports' file names by ``--names``: ``period`` the period in Chinese words, ``label`` its code (2022Q3).
FILE_STEMS = {"zh": "临朐县{period}供电可靠性分析报告", "en": "lqrel-report-{label}"}


#: How rows of a log of several files (``file:row`` labels, ``停电记录-2024-04.csv:17``) read where a template writes
#: ``第 {rows} 行``: the field in its words, each file's rows in words, and the separators of rows and of files
#: (``停电记录-2024-04.csv 第 17、20 行；停电记录-2024-05.csv 第 3 行``). English reads ``rows a.csv:17`` as it is.
FILE_ROWS = {"zh": {"field": re.compile(r"第 \{(\w+)\} 行"), "rows": "{file} 第 {rows} 行", "row_sep": "、",
                    "file_sep": "；"},
             "en": None}
#: A ``file:row`` label of a row list (:func:`lqrel.dataset.listed_rows`: labels joined by ``, ``).
_FILE_ROW = re.compile(r"(?P<file>.+):(?P<row>\d+)")


def file_rows(template: str, args: dict, lang: str) -> tuple[str, dict]:
    """A template and its arguments with each row field of ``file:row`` labels in the words of :data:`FILE_ROWS`
    (``第 {listed} 行`` with ``a.csv:17, a.csv:20`` reads ``a.csv 第 17、20 行``); rows given by number, and any
    other field, as they are."""
    words = FILE_ROWS[lang]
    if words is None:
        return template, args
    for found in words["field"].finditer(template):
        value = args.get(found[1])
        worded = _rows_in_words(value, words) if isinstance(value, str) else None
        if worded is not None:
            template = template.replace(found[0], "{" + found[1] + "}")
            args = {**args, found[1]: worded}
    return template, args


def _rows_in_words(value: str, words: dict) -> str | None:
    """A row list of ``file:row`` labels in words, the rows of one file together; ``None`` without a label."""
    pieces = value.split(", ")
    labels = [_FILE_ROW.fullmatch(p) for p in pieces]
    if not any(labels):
        return None
    groups: list[tuple[str | None, list[str]]] = []  # (file, its rows), or (None, [a piece that is no label])
    for piece, label in zip(pieces, labels, strict=True):
        if label and groups and groups[-1][0] == label["file"]:
            groups[-1][1].append(label["row"])
        else:
            groups.append((label["file"], [label["row"]]) if label else (None, [piece]))
    return words["file_sep"].join(words["rows"].format(file=f, rows=words["row_sep"].join(rows)) if f is not None
                                  else rows[0] for f, rows in groups)


class _PluralFormatter(string.Formatter):
    """:meth:`str.format` with plural fields: a format spec ``<number spec>~<singular>~<plural>`` writes the
    number (by its spec) and the noun that agrees with it."""

    def format_field(self, value, format_spec: str) -> str:
        if "~" not in format_spec:
            return super().format_field(value, format_spec)
        number, singular, plural = format_spec.split("~")
        return f"{format(value, number)} {singular if value == 1 else plural}"


_PLURAL = _PluralFormatter()


def render(template: str, args: dict) -> str:
    """A catalogue template with its arguments, plural fields (``{count:~row~rows}``) agreeing with their
    number."""
    return _PLURAL.vformat(template, (), args) if "~" in template else template.format(**args)


def form(code: str, lang: str, **args) -> str:
    """A ``FORMATS`` code in ``lang`` with its arguments: punctuation (``form("list", lang)``), a unit, a date or
    period form, a chart format. The one way code outside the catalogue asks for them."""
    return render(FORMATS[code][lang], args)


def date_words(code: str, lang: str, day=None, *, year: int | None = None, month: int | None = None,
               short: bool = False) -> str:
    """A date in words by a ``FORMATS`` code (``month``, ``day``, ``through``, ``month_day``): from ``day`` (a
    date) or ``year`` and ``month``; ``short`` takes a chart's month abbreviation."""
    if day is not None:
        year, month = day.year, day.month
    names = MONTHS_SHORT if short else MONTHS
    return form(code, lang, year=year, month=names[lang][month], day=getattr(day, "day", None))


def as_of_words(day, lang: str) -> str:
    """The last day of a worst-feeder list: 5月31日 / 31 May 2022."""
    return date_words(_AS_OF[lang], lang, day)


def sub_number(section: int, i: int, lang: str) -> str:
    """The number of the ``i``-th subsection (0 the first) of section ``section`` (1 the first): 一 / 2.1."""
    return _SUB_NUMBERS[lang].format(numeral=NUMERALS[lang][i], section=section, n=i + 1)


def month_cell(value, lang: str):
    """A table's month cell: 2022-07 -> 2022年7月 and 7 -> 7月 in Chinese; English keeps the value (a number stays a
    number)."""
    if not _MONTH_CELLS_IN_WORDS[lang]:
        return value
    if isinstance(value, str):
        return form("month_cell", lang, year=int(value[:4]), month=int(value[5:7]))
    if isinstance(value, numbers.Integral):
        return form("month_number_cell", lang, month=int(value))
    return value


def file_stem(names: str, period: str, label: str) -> str:
    """A report's file name without its suffix by ``--names`` (``zh``, ``en``): ``period`` the period in Chinese
    words, ``label`` its code."""
    return FILE_STEMS[names].format(period=period, label=label)
