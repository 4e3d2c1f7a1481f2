"""The ``lqrel`` commands and their options as data, from which :func:`lqrel.cli.build_parser` builds the parser.

Every help text is a code of the catalogue (:mod:`lqrel.messages.cli_help`), rendered in the run's language.
An option is ``(flags, keywords)`` as :meth:`argparse.ArgumentParser.add_argument` takes them. A command lists
its options in order, each either the name of a shared option in :data:`SHARED` or its own. A shared option's
help may name a ``{word}`` that each command fills in (:data:`WORDS`, then the command's own ``words``), so the
examples fit the command.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import sys
from collections.abc import Callable
from typing import NamedTuple

from lqrel.messages import Phrase, text
from lqrel.output import display_width, wrap_display

Option = tuple[tuple[str, ...], dict]


def opt(*flags: str, **keywords) -> Option:
    """An option: its flags and the keywords of ``add_argument``."""
    return flags, keywords


class Command(NamedTuple):
    """One command: its name, help (also its description), example (the epilog) and options in order."""

    name: str
    help: str
    example: str
    options: tuple[str | Option, ...]
    words: dict = {}


SHARED: dict[str, Option] = {
    "events": opt("events", nargs="*", metavar="EVENTS", help="help_events"),
    "customers": opt("--customers", metavar="FILE", help="help_customers"),
    "params": opt("--params", metavar="FILE", help="help_params"),
    "map": opt("--map", action="append", metavar="CANONICAL=HEADER",
               help="help_map"),
    "sheet": opt("--sheet", metavar="NAME|N", help="help_sheet"),
    "data-through": opt("--data-through", metavar="YYYY-MM-DD", help="help_data_through"),
    "json": opt("--json", action="store_true", help="help_json"),
    "debug": opt("--debug", action="store_true", help="help_debug"),
    "lang": opt("--lang", choices=["zh", "en"], help="help_lang"),
    "show": opt("--show", type=int, default=20, metavar="N", help="help_show"),
}

#: The words the shared options' help takes unless a command gives its own.
WORDS = {
    "map": "word_map", "sheet": "word_sheet", "json": "word_json",
    "through": "word_through", "lang": "word_lang",
}

#: The options of every command that reads a log: settings, mappings, sheet, coverage, JSON, debug, language.
READING = ("params", "map", "sheet", "data-through", "json", "debug", "lang")
#: ... and the outage log and customers served.
LOG = ("events", "customers", *READING)

COMMANDS = (
    Command("indices", "cmd_indices", "lqrel indices --period 2022Q3 --by area,month", (
        *LOG,
        opt("--period", required=True, metavar="P",
            help="help_indices_period"),
        opt("--by", default="area", metavar="KEYS",
            help="help_indices_by"),
        opt("--exclude-med", action="store_true",
            help="help_indices_exclude_med"),
        opt("--engine", choices=["pandas", "duckdb", "dask"], default="pandas",
            help="help_indices_engine"),
        opt("--scheduler", metavar="ADDRESS",
            help="help_indices_scheduler"))),
    Command("med", "cmd_med", "lqrel med --year 2022", (
        *LOG, opt("--year", type=int, help="help_med_year"))),
    Command("frequent", "cmd_frequent", "lqrel frequent --year 2022 --as-of "
            "2022-09-30", (
        *LOG, opt("--year", type=int, help="help_frequent_year"),
        opt("--as-of", metavar="YYYY-MM-DD", help="help_frequent_as_of"))),
    Command("forecast", "cmd_forecast",
            "lqrel forecast --as-of 2022-06-30", (
        *LOG, opt("--as-of", metavar="YYYY-MM-DD",
                  help="help_forecast_as_of"))),
    Command("backtest", "cmd_backtest", "lqrel backtest",
            LOG),
    Command("budget", "cmd_budget",
            "lqrel budget --year 2024 --as-of 2024-06-30", (
        *LOG, opt("--year", type=int, help="help_budget_year"),
        opt("--as-of", metavar="YYYY-MM-DD", help="help_budget_as_of"),
        opt("--what-if", metavar="CSV", help="help_budget_what_if"),
        opt("--town", metavar="NAME", help="help_budget_town"))),
    Command("rank", "cmd_rank", "lqrel rank --year 2024 --level town --through 2024-05-31", (
        *LOG, opt("--year", type=int, help="help_rank_year"),
        opt("--level", choices=["town", "feeder"], default="town", help="help_rank_level"),
        opt("--through", metavar="YYYY-MM-DD", help="help_rank_through"))),
    Command("connect", "cmd_connect",
            "lqrel connect --period 2024", (
        opt("applications", nargs="?", metavar="APPLICATIONS",
            help="help_connect_applications"),
        opt("--period", metavar="P",
            help="help_connect_period"),
        *READING, "show"),
        {"map": "word_connect_map", "sheet": "word_connect_sheet", "json": "word_connect_json",
         "through": "word_connect_through", "lang": "word_connect_lang", "shown": "word_connect_shown"}),
    Command("check", "cmd_check", "lqrel check --year 2022", (
        *LOG, opt("--year", type=int, help="help_check_year"))),
    Command("validate", "cmd_validate",
            "lqrel validate export.xlsx --rejects rejects.csv", (
        "events", *READING,
        opt("--customers", metavar="FILE", help="help_validate_customers"),
        opt("--rejects", metavar="CSV", help="help_validate_rejects"),
        "show"), {"shown": "word_validate_shown"}),
    Command("synth", "cmd_synth", "lqrel synth data", (
        opt("outdir", metavar="OUTDIR", help="help_synth_outdir"),
        opt("--years", default="2019-2024", metavar="Y1-Y2", help="help_synth_years"),
        opt("--seed", type=int, default=71, help="help_synth_seed"),
        opt("--scale", type=float, default=1.0, help="help_synth_scale"),
        opt("--format", choices=["csv", "parquet"], default="csv",
            help="help_synth_format"),
        opt("--events", type=int, metavar="N", help="help_synth_events"),
        "debug", "lang")),
    Command("report", "cmd_report",
            "lqrel report --period 2022H1 --out /srv/www/reliability", (
        *LOG,
        opt("--period", metavar="P", help="help_report_period"),
        opt("--due", action="store_true", help="help_report_due"),
        opt("--today", metavar="YYYY-MM-DD", help="help_report_today"),
        opt("--all", action="store_true", help="help_report_all"),
        opt("--from", dest="from_year", type=int, metavar="YEAR", help="help_report_from"),
        opt("--to", dest="to_year", type=int, metavar="YEAR", help="help_report_to"),
        opt("--out", default="reports", metavar="DIR", help="help_report_out"),
        opt("--formats", metavar="LIST", help="help_report_formats"),
        opt("--names", choices=["en", "zh"], default="en", help="help_report_names"),
        opt("--date", metavar="YYYY-MM-DD", help="help_report_date"),
        opt("--timeout", type=int, default=600, metavar="SECONDS", help="help_report_timeout"),
        opt("--state-dir", metavar="DIR", help="help_report_state_dir")),
        {"lang": "word_report_lang"}),
    Command("inspect", "cmd_inspect", "lqrel inspect 停电记录2024.xlsx --write params.yaml", (
        opt("files", nargs="+", metavar="FILES", help="help_inspect_files"),
        opt("--kind", choices=["events", "customers", "applications"], help="help_inspect_kind"),
        opt("--write", metavar="PARAMS_FILE", help="help_inspect_write"),
        "params", "map", "sheet", "lang", "json", "debug"),
        {"map": "word_inspect_map", "sheet": "word_inspect_sheet", "json": "word_inspect_json"}),
    Command("summary", "cmd_summary", "lqrel summary --year 2022", (
        *LOG, opt("--year", type=int, help="help_summary_year"))),
)


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "cli")


def _formatter(lang: str, base: type = argparse.HelpFormatter):
    """argparse's help layout with its ``usage:`` in ``lang``, its lines wrapped by display width and never inside
    an option's name (:func:`lqrel.output.wrap_display`), as wide as the terminal (at most :data:`HELP_WIDTH`) with
    an option's help beside its name up to :data:`HELP_POSITION` columns in."""

    class Localized(base):
        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, _say("usage", lang) if prefix is None else prefix)

        def _format_usage(self, usage, actions, groups, prefix):
            wide = display_width(prefix or "") - len(prefix or "")  # argparse counts 用法： as three columns
            self._width -= wide
            try:
                return super()._format_usage(usage, actions, groups, prefix)
            finally:
                self._width += wide

        def _split_lines(self, text, width):
            return wrap_display(self._whitespace_matcher.sub(" ", text).strip(), width)

        def _fill_text(self, text, width, indent):
            paragraphs = text.splitlines() if raw else [self._whitespace_matcher.sub(" ", text).strip()]
            return "\n".join(indent + line for paragraph in paragraphs  # a raw text keeps its own line breaks
                             for line in wrap_display(paragraph, width - len(indent)) or [""])

    raw = issubclass(base, argparse.RawDescriptionHelpFormatter)
    width = max(min(shutil.get_terminal_size().columns, HELP_WIDTH) - 2, 40)
    return functools.partial(Localized, width=width, max_help_position=min(HELP_POSITION, width // 3))


#: The widest help (terminal columns) and the furthest column an option's help starts at beside its name.
HELP_WIDTH, HELP_POSITION = 120, 32


#: argparse's own messages (English, Python 3.11+) and their catalogue codes, so its errors read in the language.
ARGPARSE_ERRORS = (
    ("args_required", r"the following arguments are required: (?P<names>.+)"),
    ("args_unrecognized", r"unrecognized arguments: (?P<words>.+)"),
    ("args_invalid_choice", r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
    ("args_expected_one", r"argument (?P<name>\S+): expected one argument"),
    ("args_invalid_value", r"argument (?P<name>\S+): invalid (?P<kind>int|float) value: (?P<value>.+)"),
)


def _parser_class(lang: str) -> type:
    """An ArgumentParser whose errors (``lqrel check: error: ...``) read in ``lang``."""

    class Localized(argparse.ArgumentParser):
        def error(self, message: str):
            for code, pattern in ARGPARSE_ERRORS:
                if found := re.fullmatch(pattern, message):
                    args = found.groupdict()
                    if "kind" in args:  # int or float
                        args["kind"] = Phrase(f"kind_{args['kind']}", {}, "cli")
                    message = _say(code, lang, **args)
                    break
            self.print_usage(sys.stderr)
            self.exit(2, _say("args_error", lang, prog=self.prog, message=message) + "\n")

    return Localized


def _localized(p: argparse.ArgumentParser, lang: str) -> argparse.ArgumentParser:
    """A parser with its section titles and ``-h`` in ``lang``."""
    p._positionals.title, p._optionals.title = _say("positionals", lang), _say("options", lang)
    p.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_say("help_help", lang))
    return p


def parser(lang: str, functions: dict[str, Callable], version: str) -> argparse.ArgumentParser:
    """The command line of :data:`COMMANDS` with its help in ``lang``; each command runs ``functions[name]``."""
    top = _localized(_parser_class(lang)(
        prog="lqrel", description=_say("parser_description", lang), epilog=_say("parser_epilog", lang),
        add_help=False, formatter_class=_formatter(lang)), lang)
    top.add_argument("--version", action="version", version=f"lqrel {version}", help=_say("help_version", lang))
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        about = _say(command.help, lang)
        p = _localized(sub.add_parser(command.name, help=about, description=about, add_help=False,
                                      epilog=_say("example", lang, example=command.example),
                                      formatter_class=_formatter(lang, argparse.RawDescriptionHelpFormatter)), lang)
        p.set_defaults(func=functions[command.name])
        words = {key: _say(code, lang) for key, code in {**WORDS, **command.words}.items()}
        for option in command.options:
            flags, keywords = SHARED[option] if isinstance(option, str) else option
            if "help" in keywords:
                keywords = {**keywords, "help": text(keywords["help"], words, lang, "cli")}
            p.add_argument(*flags, **keywords)
    return top
