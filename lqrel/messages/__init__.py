"""The catalogue: every sentence lqrel shows a person, keyed by a code, in Chinese (``zh``, the default) and
English (``en``).

Program logic and tests work on codes (``("end_before_start", {})``, ``("duration_over_max", {"max_h": 720})``);
a sentence is only for people. :func:`text` renders a code in a language. Every code has both languages, which a
test checks, so no untranslated message reaches a Chinese page. The families live in their own modules: ``rows``
(why a row was rejected, remarks on accepted rows, notes on a result), ``errors`` (problems a user can fix),
``cli`` (what the commands print), ``inspect`` (the mapping assistant, ``lqrel inspect``), ``report`` (the
reports' labels), ``rule`` (the target rule's words, :mod:`lqrel.rule_text`), ``sentence`` (the report's generated
sentences), ``gongwen`` (the Word 报送材料), ``workbook`` (the workbook's yes/no cells and extra sheet
names) and ``format`` (punctuation, units, numbering, dates and periods: :mod:`lqrel.messages.formats`);
``inputs`` adds the errors and warnings about input files (merged into ``error`` and ``warning``).
"""

from __future__ import annotations

import os
from typing import NamedTuple

from lqrel.messages.cli import CLI
from lqrel.messages.errors import ERRORS
from lqrel.messages.formats import FORMATS, file_rows, form, render
from lqrel.messages.gongwen import GONGWEN
from lqrel.messages.inputs import INPUT_ERRORS, INPUT_WARNINGS
from lqrel.messages.inspect import INSPECT
from lqrel.messages.report import REPORT
from lqrel.messages.rows import NOTES, REJECTS, WARNINGS
from lqrel.messages.rule import RULE
from lqrel.messages.sentences import SENTENCES
from lqrel.messages.workbook import WORKBOOK

assert not set(ERRORS) & set(INPUT_ERRORS), "an error code in both errors.py and inputs.py"
assert not set(WARNINGS) & set(INPUT_WARNINGS), "a warning code in both rows.py and inputs.py"
LANGS = ("zh", "en")
CATALOGUES = {"reject": REJECTS, "warning": {**WARNINGS, **INPUT_WARNINGS}, "note": NOTES,
              "error": {**ERRORS, **INPUT_ERRORS}, "cli": CLI, "inspect": INSPECT, "report": REPORT,
              "gongwen": GONGWEN, "workbook": WORKBOOK, "rule": RULE,
              "sentence": SENTENCES, "format": FORMATS}
AREA_NAMES = {"zh": {"urban": "城镇", "rural": "农村"}, "en": {"urban": "urban", "rural": "rural"}}


#: The environment variable that chooses the language of a script's runs (``zh`` or ``en``).
LANG_VARIABLE = "LQREL_LANG"


class Phrase(NamedTuple):
    """A part of a message that is itself a code (``where`` of a settings error: the file, line and key), rendered
    in the language of the message around it."""

    code: str
    args: dict
    family: str = "error"


class LibraryText(str):
    """A library's own English words inside a message (PyYAML's problem): kept in the languages whose readers take
    the identifiers (:data:`SHOWS_IDENTIFIERS`), left out of the others' sentences (:func:`text` renders it empty)."""


class Vocabulary(str):
    """A vocabulary inside a message (``known`` of ``unknown_values``): each canonical value of ``column`` with (up
    to ``most`` of) the source values read as it. As a ``str`` (``--json``, logs) it is the English text, the
    identifiers as the settings write them (``urban: urban/城镇/...``); :func:`text` renders it in the message's
    language (:func:`vocabulary_words`)."""

    def __new__(cls, column: str, table: dict[str, tuple[str, ...]], most: int = 8):
        self = super().__new__(cls, vocabulary_words(column, table, "en", most))
        self.column, self.table, self.most = column, table, most
        return self

    def __reduce__(self):
        return Vocabulary, (self.column, self.table, self.most)


def vocabulary_words(column: str, table: dict[str, tuple[str, ...]], lang: str, most: int = 8) -> str:
    """A vocabulary in ``lang``: each canonical value by its name (``value.COLUMN.CODE`` of the ``inspect`` family:
    the identifier in English, a word in Chinese) with up to ``most`` of its source values; a language that does
    not show identifiers shows only the source values that are not English words (all of them if none is left)."""
    def english(value: str) -> bool:
        return value.isascii() and any(c.isalpha() for c in value)

    entries = []
    for canon, values in table.items():
        shown = [v for v in values if shows_identifiers(lang) or not english(v)] or list(values)
        names = "/".join(shown[:most]) + (form("vocabulary_more", lang) if len(shown) > most else "")
        name = INSPECT.get(f"value.{column}.{canon}", {}).get(lang, canon)
        entries.append(form("vocabulary_entry", lang, canon=name, values=names))
    return form("list_clauses", lang).join(entries)


def language(flag: str | None = None, setting: str | None = None) -> str:
    """The language of a run: ``flag`` (``--lang``), else ``$LQREL_LANG``, else ``setting`` (params
    ``language:``), else ``zh``. An unknown value in the environment is ignored (the command line refuses its own)."""
    env = os.environ.get(LANG_VARIABLE, "").strip().lower()
    for choice in (flag, env, setting):
        if choice in LANGS:
            return choice
    return "zh"


#: Languages whose terminal tables show the identifiers of ``--json`` as they are (column names, reason codes)
#: rather than words: English, whose readers are the scripts' authors; every other language shows words.
SHOWS_IDENTIFIERS = frozenset({"en"})


def shows_identifiers(lang: str) -> bool:
    """True when a terminal table in ``lang`` keeps the ``--json`` identifiers (:data:`SHOWS_IDENTIFIERS`)."""
    return lang in SHOWS_IDENTIFIERS


def text(code: str, args: dict | None = None, lang: str = "en", family: str = "reject") -> str:
    """A code with its arguments in ``lang`` (``zh`` or ``en``); area codes become the language's area names and
    :class:`Phrase` arguments their text in ``lang``; a count and its noun agree
    (:func:`lqrel.messages.formats.render`); rows of a log of several files (``file:row``) read in the language's
    words (:func:`lqrel.messages.formats.file_rows`).

    Raises
    ------
    KeyError
        An unknown code (a bug: every code the library emits is in a catalogue).
    """
    args = {k: _argument(v, lang) for k, v in (args or {}).items()}
    if "area" in args:
        args["area"] = AREA_NAMES[lang].get(args["area"], args["area"])
    return render(*file_rows(CATALOGUES[family][code][lang], args, lang))


def _argument(value, lang: str):
    """An argument of a message in ``lang``: a :class:`Phrase` as its text, a :class:`Vocabulary` in the language's
    words, a :class:`LibraryText` only where the language shows identifiers; any other value as it is."""
    if isinstance(value, Phrase):
        return text(value.code, value.args, lang, value.family)
    if isinstance(value, Vocabulary):
        return vocabulary_words(value.column, value.table, lang, value.most)
    if isinstance(value, LibraryText):
        return value if shows_identifiers(lang) else ""
    return value


def note(item: dict, lang: str) -> str:
    """A note (``{"code": ..., **arguments}``) in ``lang``."""
    args = dict(item)
    return text(args.pop("code"), args, lang, "note")
