"""Command line: ``lqrel indices | check | med | frequent | forecast | backtest | budget | rank | validate | report
| connect | synth | summary``.

Errors the user can fix print one line on stderr and exit 2 (``--debug`` shows the traceback).
Settings come from ``--params`` (default ``./params.yaml`` when it exists); ``EVENTS`` and ``--customers``
default to the files it names. Every command loads one :class:`lqrel.dataset.Dataset` and states its data
coverage (``--data-through`` declares the last day the log covers). What a command decides lives in
:mod:`lqrel.service`, what it prints in :mod:`lqrel.cli_output`, its options in :mod:`lqrel.cli_table`.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from lqrel import __version__, service
from lqrel import cli_output as out
from lqrel.cli_table import COMMANDS, parser
from lqrel.errors import LqrelError, UsageError
from lqrel.messages import LANG_VARIABLE, LANGS, language, note
from lqrel.output import VisibleStream, dumps
from lqrel.params import Params
from lqrel.periods import parse_period

EXIT_OK, EXIT_REJECTED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
#: Interrupted by SIGINT (Ctrl-C) or ended by SIGTERM: 128 + the signal number, as a shell reports it.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


def _settings(args) -> Params:
    """The run's settings: ``--params`` with ``--map``, ``--sheet`` and ``--data-through`` on top."""
    return service.settings(args.params, getattr(args, "map", None) or (), getattr(args, "sheet", None),
                            getattr(args, "data_through", None))


def _dataset(args, params: Params, **kwargs):
    """The command's one dataset: ``EVENTS`` and ``--customers``, else the files the settings name."""
    return service.open_dataset(params, args.events, args.customers, **kwargs)


def _emit(args, doc: dict, text: str, ds=None, after: str = "") -> int:
    """The JSON document with ``--json``, else the text (and ``after`` it, a last part); exit 0. With ``ds``, the
    dataset the result rests on, its input line and data notes (rows in no figure, events outside the coverage, ...)
    go under the text and into the document (``input``; ``notes`` after the result's own)."""
    if ds is not None:
        notes = ds.data_notes()
        text += "\n" + out.input_line(ds.load_report, args.lang) + out.notes_text(notes, args.lang)
        doc = {**doc, "notes": doc.get("notes", []) + out.notes_doc(notes), "input": ds.load_report.to_dict()}
    print(dumps(doc) if args.json else text + ("\n" + after if after else ""))
    return EXIT_OK


def cmd_indices(args) -> int:
    params = _settings(args)
    period = parse_period(args.period, params.timezone)
    source = service.events_path(params, args.events)
    if service.is_parquet(source):  # compact events (lqrel synth --format parquet): aggregated where they lie
        return _indices_engine(args, params, period, source)
    ds = _dataset(args, params)
    shown, complete = ds.clip(period)
    if args.engine != "pandas":
        return _indices_engine(args, params, shown, ds.compact, ds, complete)
    from lqrel.med import without_major_events

    counted = without_major_events(ds) if args.exclude_med else ds
    table = service.grouped_indices(counted.indices(shown, args.by), shown, params, ds.town_customers)
    return _emit(args, *out.indices_output(ds, period, shown, complete, table, args.exclude_med, args.lang), ds)


def _indices_engine(args, params, period, table, ds=None, complete=None) -> int:
    """Indices with the aggregation on ``--engine`` (pandas, DuckDB or a Dask cluster)."""
    from lqrel.customers import load_customers

    if args.exclude_med:
        raise UsageError(code="exclude_med_engine")
    customers = ds.customers if ds is not None else load_customers(
        service.customers_path(params, args.customers), params)
    result, notes = service.grouped_indices(
        service.engine_indices(table, customers, period, args.by, params, args.engine, args.scheduler), period,
        params, ds.town_customers if ds is not None else None)
    if ds is not None:
        inputs, coverage = ds.load_report.to_dict(), out.coverage_doc(ds)
        line = out.coverage_line(ds, period, complete, args.lang)
    else:  # compact Parquet: not validated here, so its coverage is only what the settings declare
        inputs, coverage = {"parquet": str(table)}, None
        line = out.say("coverage_unchecked", args.lang)
    head = out.say("indices_engine_head", args.lang, label=out.period_words(period, args.lang), engine=args.engine)
    return _emit(args, {"period": period.to_dict(), "complete": complete, "coverage": coverage,
                        "rows": out.records(result), "notes": out.notes_doc(notes), "input": inputs,
                        "engine": args.engine},
                 f"{head}\n{line}\n{out.fmt_table(result, args.lang)}{out.notes_text(notes, args.lang)}", ds)


def cmd_check(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    year = service.summary_year(ds, args.year)
    table = service.judge(ds, year)
    doc = {"year": year, "coverage": out.coverage_doc(ds),
           "basis": "without_med" if params.targets.exclude_med else "all_data", "rows": out.records(table),
           "notes": out.notes_doc(table.attrs.get("notes", []))}
    text = (out.defaulted(args.year, "default_year", args.lang, year=year)
            + out.check_text(table, params, year, args.lang) + "\n" + out.coverage_line(ds, lang=args.lang))
    warned = out.warnings_text(ds.load_report, how="lqrel validate --show N", lang=args.lang)  # as validate prints
    return _emit(args, doc, text, ds, after=warned)


def cmd_summary(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    year = service.summary_year(ds, args.year)
    table = service.judge(ds, year)
    indices = ds.indices(str(year))
    doc = {"year": year, "coverage": out.coverage_doc(ds), "indices": out.records(indices),
           "targets": out.records(table),
           "notes": out.notes_doc(table.attrs.get("notes", []))}
    head = out.say("summary_head", args.lang, version=__version__, year=year, path=ds.load_report.source(args.lang))
    text = (f"{head}\n{out.coverage_line(ds, lang=args.lang)}\n\n{out.fmt_table(indices, args.lang)}\n\n"
            f"{out.check_text(table, params, year, args.lang)}")
    return _emit(args, doc, text, ds)


def cmd_validate(args) -> int:
    """Reconcile the rows of an outage log through the one load path (:func:`lqrel.service.validation`): the
    same rejects and warnings as every other command on the same files."""
    params = _settings(args)
    try:
        ds = service.validation(params, args.events, args.customers)
    except LqrelError as exc:
        print(out.say("error_line", args.lang, error=exc.text(args.lang)), file=sys.stderr)
        return EXIT_ERROR
    if args.rejects:
        from lqrel.output import neutralize_frame

        inputs = [service.events_path(params, args.events), Path(args.params or "params.yaml")]
        service.refuse_overwriting(Path(args.rejects), inputs + ([Path(args.customers)] if args.customers else []))
        columns = ["row", "column", "value", "code", "reason"]
        neutralize_frame(ds.rejects[columns]).to_csv(args.rejects, index=False, encoding="utf-8-sig")
    found = service.findings(ds)
    if args.json:
        print(dumps(out.validate_doc(ds, found)))
    else:
        print(out.validate_text(ds, found, args.show, args.lang), end="")
    return EXIT_REJECTED if len(ds.rejects) else EXIT_OK


def cmd_synth(args) -> int:
    for path in service.synth_sample(args.outdir, args.years, args.seed, args.scale, args.format, args.events):
        print(path)
    return EXIT_OK


def cmd_report(args) -> int:
    from lqrel.report.runner import build_report

    params = _settings(args)
    periods, parsed, through_at_most = service.report_plan(params, args.period, args.due, args.today, args.all,
                                                           args.from_year, args.to_year)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip()) if args.formats else None
    ds = _dataset(args, params, through_at_most=through_at_most,  # the application log only when shown
                  applications=service.shows_connection(parsed))
    results, failures = [], 0
    progress = out.progress(service.report_periods(ds, periods), args)
    for period in progress:
        entry = {"period": period, "status": "built", "html": None, "xlsx": None, "ipynb": None, "docx": None,
                 "pdf": None, "error": None, "complete": None, "headline": []}
        try:
            result = build_report(ds, period, args.out, args.lang, formats, timeout_s=args.timeout,
                                  state_dir=args.state_dir, names=args.names, document_date=args.date)
        except LqrelError as exc:
            failures += 1
            entry.update(status="failed", error=str(exc))
            if not args.json:
                out.log(progress, out.say("report_failed", args.lang, now=out.now(params), period=period,
                                          error=exc.text(args.lang)), sys.stderr)
        else:
            entry.update(**{k: str(v) for k, v in result.files.items()}, complete=result.summary["complete"],
                         headline=result.summary["headline"])
            if not args.json:
                built = result.html or next(iter(result.files.values()))
                out.log(progress, out.say("report_built", args.lang, now=out.now(params), period=period, path=built),
                        sys.stdout)
        results.append(entry)
    if args.json:
        print(dumps({"coverage": out.coverage_doc(ds), "reports": results}))
    return EXIT_ERROR if failures else EXIT_OK


def cmd_connect(args) -> int:
    from lqrel.connection import figures_json
    from lqrel.connection_late import late_json

    params = _settings(args)
    result, apps = service.connection_figures(params, args.period, args.applications)
    if args.json:
        print(dumps({**figures_json(result, apps), **late_json(result)}))
    else:
        print(out.defaulted(args.period, "default_period_applications", args.lang, period=result["period"].label)
              + out.connect_text(result, apps, args.lang, args.show))
    return EXIT_OK


def cmd_med(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    year = service.summary_year(ds, args.year)
    table, found = service.major_events(ds, year)
    days = table[table["major"]]
    t_med = table["t_med_min"].iloc[0]
    text = (out.defaulted(args.year, "default_year", args.lang, year=year)
            + out.say("med_head", args.lang, year=year, note=note(found, args.lang)) + "\n"
            + out.coverage_line(ds, lang=args.lang) + "\n"
            + (out.fmt_table(days, args.lang) if len(days) else out.say("none", args.lang)))
    doc = {"year": year, "coverage": out.coverage_doc(ds), "t_med_min": t_med if t_med == t_med else None,
           "history_years": float(table["history_years"].iloc[0]),
           "threshold_note": {**found, "text": note(found, "en")},
           "days": out.records(days.assign(date=days["date"].dt.strftime("%Y-%m-%d")))}
    return _emit(args, doc, text, ds)


def cmd_frequent(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    year, as_of = service.frequent_span(ds, args.year, args.as_of)
    table = service.frequent_units(ds, year, as_of)
    shown = table.assign(rules=table["rules"].map(lambda rules: "; ".join(r.describe() for r in rules)))
    read = table.assign(rules=table["rules"].map(lambda rules: "; ".join(r.describe(args.lang) for r in rules)))
    doc = {"year": year, "as_of": as_of.strftime("%Y-%m-%d"), "coverage": out.coverage_doc(ds),
           "level": params.frequent_outages.level,
           "units": [dict(r, dates=r["dates"].split(", ")) for r in out.records(shown)]}
    text = (out.defaulted(args.year or args.as_of, "default_year", args.lang, year=year)
            + out.say("frequent_head", args.lang, year=year, as_of=f"{as_of:%Y-%m-%d}",
                    level=out.say(f"level_{params.frequent_outages.level}", args.lang),
                    frequent=(table["level"] == "frequent").sum(), warning=(table["level"] == "warning").sum())
            + "\n" + out.coverage_line(ds, lang=args.lang) + "\n"
            + (out.fmt_table(read, args.lang, raw=True) if len(shown) else out.say(table.attrs["empty"], args.lang)))
    return _emit(args, doc, text, ds)


def cmd_forecast(args) -> int:
    from lqrel.report.present import calibration_sentence
    from lqrel.targets import policy

    params = _settings(args)
    ds = _dataset(args, params)
    as_of = service.forecast_day(ds, args.as_of)
    table, cal, notes = service.year_end_projection(ds, as_of)
    lang = args.lang
    held = calibration_sentence(cal.to_dict(), lang, as_of.year)
    text = (out.defaulted(args.as_of, "default_as_of", lang, as_of=f"{as_of:%Y-%m-%d}")
            + out.say("forecast_head", lang, as_of=f"{as_of:%Y-%m-%d}", basis=out.say(f"basis_{policy(ds)}", lang))
            + "\n" + out.coverage_line(ds, lang=lang) + "\n" + held + "\n"
            + out.fmt_table(table.drop(columns="as_of"), lang) + out.notes_text(notes, lang))
    doc = {"as_of": as_of.strftime("%Y-%m-%d"), "coverage": out.coverage_doc(ds), "basis": policy(ds),
           "calibration": cal.to_dict(), "rows": out.records(table), "notes": out.notes_doc(notes)}
    return _emit(args, doc, text, ds)


def cmd_backtest(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    table, summary, by_month = service.backtest_summary(ds)
    lang = args.lang
    text = (out.say("backtest_head", lang, cases=summary["cases"], c80=f"{summary['coverage_80']:.0%}",
                    c95=f"{summary['coverage_95']:.0%}", mae=f"{summary['mae_h']:.2f}") + "\n"
            + out.coverage_line(ds, lang=lang) + "\n\n" + out.say("by_month", lang) + "\n"
            + out.fmt_table(by_month, lang) + "\n\n" + out.fmt_table(table, lang))
    doc = {**summary, "coverage": out.coverage_doc(ds), "by_month": out.records(by_month),
           "rows": out.records(table.assign(as_of=table["as_of"].dt.strftime("%Y-%m-%d")))}
    return _emit(args, doc, text, ds)


def cmd_budget(args) -> int:
    from lqrel.budget import burn_down

    params = _settings(args)
    ds = _dataset(args, params)
    year, as_of = service.budget_span(ds, args.year, args.as_of)
    if args.what_if:
        return _emit(args, *out.whatif_output(ds, as_of, *service.budget_what_if(ds, as_of, args.what_if, args.town),
                                              args.lang), ds)
    if args.town:
        return _emit(args, *out.town_budget_output(ds, service.town_budget(ds, year, as_of, args.town), args.lang), ds)
    table = burn_down(ds, year, as_of)
    notes = table.attrs.get("notes", [])
    text = (out.defaulted(args.year or args.as_of, "default_as_of", args.lang, as_of=f"{as_of:%Y-%m-%d}")
            + out.say("budget_head", args.lang, year=year, as_of=f"{as_of:%Y-%m-%d}") + "\n"
            + out.coverage_line(ds, lang=args.lang) + "\n" + out.fmt_table(table, args.lang)
            + out.notes_text(notes, args.lang))
    return _emit(args, {"year": year, "as_of": as_of.strftime("%Y-%m-%d"), "coverage": out.coverage_doc(ds),
                        "rows": out.records(table), "notes": out.notes_doc(notes)}, text, ds)


def cmd_rank(args) -> int:
    ds = _dataset(args, _settings(args))
    table = service.rank_table(ds, args.year, args.level, args.through)
    text = out.defaulted(args.year or args.through, "default_year", args.lang, year=table.attrs["period"].start.year)
    return _emit(args, out.rank_doc(ds, table), text + out.rank_text(ds, table, args.lang), ds)


def cmd_inspect(args) -> int:
    """The mapping assistant (:mod:`lqrel.inspect`, printed by :mod:`lqrel.cli_inspect`)."""
    from lqrel.cli_inspect import run

    return run(args, service.settings(args.params))


def _option(argv: list[str], name: str) -> str | None:
    """The value of option ``name`` in ``argv`` (``--name value`` or ``--name=value``), else None."""
    for i, word in enumerate(argv):
        if word == name and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith(name + "="):
            return word.partition("=")[2]
    return None


def run_language(argv: list[str]) -> str:
    """The language of a run, known before the parser is built (its help is in it): ``--lang`` in ``argv``, else
    ``$LQREL_LANG``, else the ``language:`` of the settings file (``--params``, else ``./params.yaml``), else zh."""
    flag, setting = _option(argv, "--lang"), None
    if flag not in LANGS and os.environ.get(LANG_VARIABLE, "").strip().lower() not in LANGS:
        with contextlib.suppress(LqrelError, OSError):  # the command reports it, in the language found without it
            setting = service.settings(_option(argv, "--params")).language
    return language(flag, setting)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line from :data:`lqrel.cli_table.COMMANDS`, each option with an example, its help in ``lang``;
    each command runs its function here, ``cmd_<name>``."""
    return parser(lang, {command.name: globals()[f"cmd_{command.name}"] for command in COMMANDS}, __version__)


class Terminated(KeyboardInterrupt):  # noqa: N818 - raised by SIGTERM as KeyboardInterrupt is by SIGINT
    """SIGTERM arrived: unwind as after Ctrl-C (asyncio loops and the kernel client stop cleanly, the run's
    folder is removed) and exit 143."""


def _on_signal(signum, frame):
    """SIGINT or SIGTERM: silence the libraries' log lines about the kernel being stopped (the unwinding is
    expected, not news), then unwind as after Ctrl-C."""
    logging.disable(logging.CRITICAL)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = run_language(argv)
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    args.lang = args.lang or lang
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    in_main = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main:
        for signum in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(signum) is not signal.SIG_IGN:  # a run started to ignore SIGINT keeps ignoring it
                previous[signum] = signal.signal(signum, _on_signal)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into head & co.
        streams[1].close()
        return EXIT_OK
    except Terminated:
        print(out.say("terminated", args.lang), file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print(out.say("interrupted", args.lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    except (LqrelError, ValueError, OSError) as exc:
        if args.debug:
            raise
        error = exc.text(args.lang) if isinstance(exc, LqrelError) else exc
        print(out.say("error_line", args.lang, error=error), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line, with the way to see more
        if args.debug:
            raise
        print(out.say("internal_error", args.lang, kind=type(exc).__name__, error=exc), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        sys.stdout, sys.stderr = streams
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())
