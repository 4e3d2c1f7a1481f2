"""The catalogue: every sentence lqrel shows a person, keyed by a code, in Chinese (``zh``, the default) and
English (``en``).

Program logic and tests work on codes (``("end_before_start", {})``, ``("duration_over_max", {"max_h": 720})``);
a sentence is only for people. :func:`text` renders a code in a language. Every code has both languages, which a
test checks, so no untranslated message reaches a Chinese page. The families live in their own modules: ``rows``
(why a row was rejected, remarks on accepted rows, notes on a result), ``errors`` (problems a user can fix),
``cli`` (what the commands print), ``inspect`` (the mapping assistant, ``lqrel inspect``) and ``workbook`` (the
workbook's yes/no cells and extra sheet names).
"""

from __future__ import annotations

from lqrel.messages.cli import CLI
from lqrel.messages.errors import ERRORS
from lqrel.messages.inspect import INSPECT
from lqrel.messages.rows import NOTES, REJECTS, WARNINGS
from lqrel.messages.workbook import WORKBOOK

LANGS = ("zh", "en")
CATALOGUES = {"reject": REJECTS, "warning": WARNINGS, "note": NOTES, "error": ERRORS, "cli": CLI,
              "inspect": INSPECT, "workbook": WORKBOOK}
AREA_NAMES = {"zh": {"urban": "城镇", "rural": "农村"}, "en": {"urban": "urban", "rural": "rural"}}


def text(code: str, args: dict | None = None, lang: str = "en", family: str = "reject") -> str:
    """A code with its arguments in ``lang`` (``zh`` or ``en``); area codes become the language's area names.

    Raises
    ------
    KeyError
        An unknown code (a bug: every code the library emits is in a catalogue).
    """
    args = dict(args or {})
    if "area" in args:
        args["area"] = AREA_NAMES[lang].get(args["area"], args["area"])
    return CATALOGUES[family][code][lang].format(**args)


def note(item: dict, lang: str) -> str:
    """A note (``{"code": ..., **arguments}``) in ``lang``."""
    args = dict(item)
    return text(args.pop("code"), args, lang, "note")
