"""Command line: ``lqrel indices | check | med | frequent | forecast | backtest | budget | validate | report |
connect | synth | summary``.

Errors the user can fix print one line on stderr and exit 2 (``--debug`` shows the traceback).
Settings come from ``--params`` (default ``./params.yaml`` when it exists); ``EVENTS`` and ``--customers``
default to the files it names. Every command loads one :class:`lqrel.dataset.Dataset` and states its data
coverage (``--data-through`` declares the last day the log covers).
"""

from __future__ import annotations

import argparse
import io
import logging
import signal
import sys
import threading
from pathlib import Path

import pandas as pd

from lqrel import __version__
from lqrel.dataset import Dataset, load_dataset
from lqrel.errors import DataError, LqrelError
from lqrel.messages import note
from lqrel.output import dumps, jsonable, visible_lines
from lqrel.params import Params, load_params, parse_date
from lqrel.periods import due_periods, every_period, parse_period
from lqrel.targets import check_targets
from lqrel.vocab import CANONICAL_COLUMNS

EXIT_OK, EXIT_REJECTED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
#: Interrupted by SIGINT (Ctrl-C) or ended by SIGTERM: 128 + the signal number, as a shell reports it.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class UsageError(LqrelError):
    """A command-line argument is wrong."""


def _settings(args) -> Params:
    path = Path(args.params) if args.params else Path("params.yaml")
    params = load_params(path) if (args.params or path.exists()) else load_params(None)
    if getattr(args, "map", None):
        columns = dict(params.columns)
        for item in args.map:
            key, sep, header = item.partition("=")
            key = key.strip()
            if not sep or not header.strip() or key not in CANONICAL_COLUMNS:
                raise UsageError(
                    f"--map {item!r}: expected canonical=header with canonical one of {', '.join(CANONICAL_COLUMNS)}"
                )
            columns[key] = (header.strip(), *columns.get(key, ()))
        params = params.replace(columns=columns)
    if getattr(args, "sheet", None) is not None:
        params = params.replace(sheet=args.sheet)
    if getattr(args, "data_through", None):
        try:
            params = params.replace(coverage_through=parse_date(args.data_through))
        except ValueError as exc:
            raise UsageError(f"--data-through {args.data_through!r}: expected a date YYYY-MM-DD") from exc
    return params


def _events_path(args, params: Params) -> Path:
    if args.events:
        return Path(args.events)
    if params.events is None:
        raise UsageError("no EVENTS file given and params.yaml names none under 'events:'")
    return params.events


def _customers_path(args, params: Params) -> Path:
    if args.customers:
        return Path(args.customers)
    if params.customers is None:
        raise UsageError("no --customers file given and params.yaml names none under 'customers:'")
    return params.customers


def _records(frame: pd.DataFrame) -> list[dict]:
    return [jsonable(r) for r in frame.astype(object).to_dict("records")]


def _print_json(obj) -> None:
    print(dumps(obj))


def _fmt_cell(col: str, v) -> str:
    if v is None or (not isinstance(v, str | bool) and pd.isna(v)):
        return ""
    if col == "asai":
        return f"{v * 100:.4f}%"
    if col == "change":
        return f"{v * 100:+.1f}%"
    if col.endswith("_h") or col in ("saifi", "maifi"):
        return f"{v:.2f}"
    if col in ("customer_hours", "customer_interruptions", "customers_served") or col.endswith("_ch"):
        return f"{v:,.0f}"
    if col.startswith("probability"):
        return f"{v:.0%}"
    return str(v)


def _fmt_table(frame: pd.DataFrame) -> str:
    shown = frame.astype(object).copy()
    for col in shown.columns:
        shown[col] = [_fmt_cell(col, v) for v in shown[col]]
    return shown.to_string(index=False)


def _dataset(args, params: Params, through_at_most=None) -> Dataset:
    """The one dataset of a command: events, customers served, effective settings and coverage."""
    return load_dataset(params, _events_path(args, params), _customers_path(args, params),
                        through_at_most=through_at_most)


def _notes_text(notes: list[dict]) -> str:
    return "".join(f"\nNote: {note(n, 'en')}" for n in notes)


def _notes_doc(notes: list[dict]) -> list[dict]:
    """Notes for JSON: the code, its arguments and the English text."""
    return [{**n, "text": note(n, "en")} for n in notes]


def _coverage_doc(ds: Dataset) -> dict | None:
    return ds.coverage.to_dict() if ds.coverage else None


def _is_parquet(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in (".parquet", ".pq")


def cmd_indices(args) -> int:
    params = _settings(args)
    period = parse_period(args.period, params.timezone)
    source = _events_path(args, params)
    if _is_parquet(source):  # compact events (lqrel synth --format parquet): aggregated where they lie
        return _indices_engine(args, params, period, source)
    ds = _dataset(args, params)
    shown, complete = ds.clip(period)
    if args.engine != "pandas":
        return _indices_engine(args, params, shown, ds.compact, ds, complete)
    data = ds
    if args.exclude_med:
        from lqrel.med import without_major_events

        data = without_major_events(ds)
    table = data.indices(shown, args.by)
    if args.json:
        _print_json({"period": shown.to_dict(), "complete": complete, "coverage": _coverage_doc(ds),
                     "rows": _records(table), "input": ds.load_report.to_dict(),
                     "major_event_days": "removed" if args.exclude_med else "included"})
    else:
        print(f"Period {shown.label}: {shown.start:%Y-%m-%d %H:%M} .. {shown.end:%Y-%m-%d %H:%M} "
              f"({shown.hours:g} h); standard {params.standard}, short <= {params.short_threshold_min:g} min, "
              f"boundary {params.boundary}, customers {params.customers_basis}"
              + ("; major event days removed" if args.exclude_med else ""))
        print(_coverage_text(ds, period, complete))
        print(_fmt_table(table))
        print(_input_line(ds.load_report))
    return EXIT_OK


def _coverage_text(ds: Dataset, period=None, complete: bool = True) -> str:
    line = ds.describe_coverage()
    if period is not None and not complete:
        line += f"; {period.label} is only partly covered: figures for the covered part (incomplete)"
    return line


def _indices_engine(args, params, period, table, ds=None, complete=None) -> int:
    """Indices with the aggregation on ``--engine`` (pandas, DuckDB or a Dask cluster)."""
    from lqrel.customers import load_customers
    from lqrel.engine import dask_client, open_events
    from lqrel.indices import indices

    if args.exclude_med:
        raise UsageError("--exclude-med works on a validated log with the pandas engine")
    customers = ds.customers if ds is not None else load_customers(_customers_path(args, params), params)

    def run():
        return indices(open_events(table, args.engine), customers, period, args.by, params, engine=args.engine)

    if args.engine == "dask":
        with dask_client(args.scheduler):
            result = run()
    else:
        result = run()
    if ds is not None:
        inputs, coverage = ds.load_report.to_dict(), _coverage_doc(ds)
    else:  # compact Parquet: not validated here, so its coverage is only what the settings declare
        inputs, coverage = {"parquet": str(table)}, None
    if args.json:
        _print_json({"period": period.to_dict(), "complete": complete, "coverage": coverage, "rows": _records(result),
                     "input": inputs, "engine": args.engine})
    else:
        print(f"Period {period.label} on {args.engine}")
        print(_coverage_text(ds, period, complete) if ds is not None
              else "Data coverage: not checked (compact Parquet input; validate the log with lqrel validate)")
        print(_fmt_table(result))
    return EXIT_OK


def _input_line(report, lang: str = "en") -> str:
    if lang == "zh":
        return (f"输入 {report.path}：读取 {report.rows_read} 行 = 接受 {report.accepted} + 拒收 {report.rejected}"
                f" + 重复 {report.duplicates}")
    return (f"Input {report.path}: {report.rows_read} rows read = {report.accepted} accepted + "
            f"{report.rejected} rejected + {report.duplicates} duplicates")


def _check_text(table: pd.DataFrame, params: Params, year: int) -> str:
    from lqrel.rule_text import rule_words

    head = f"Targets {year}: {rule_words(params.targets, 'en')['rule_judged']}"
    notes = _notes_text(table.attrs.get("notes", []))
    return head + "\n" + _fmt_table(table) + notes


def _judge(ds: Dataset, year: int) -> pd.DataFrame:
    """check_targets, with the pointer to a projection when the year is not covered."""
    coverage = ds.require_coverage()
    if not coverage.covers_year(year):
        raise DataError(f"{year} is not fully covered by the data (coverage {coverage.describe()}): no verdict; "
                        f"see lqrel forecast --as-of {coverage.through:%Y-%m-%d} for a projection")
    return check_targets(ds, year)


def cmd_check(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    table = _judge(ds, args.year)
    if args.json:
        _print_json({"year": args.year, "coverage": _coverage_doc(ds), "basis": "without_med"
                     if params.targets.exclude_med else "all_data", "rows": _records(table),
                     "notes": _notes_doc(table.attrs.get("notes", []) + ds.data_notes()),
                     "input": ds.load_report.to_dict()})
    else:
        print(_check_text(table, params, args.year))
        print(_coverage_text(ds))
        print(_input_line(ds.load_report))
        if ds.data_notes():  # the data's notes (double entries, reused ids, events outside the coverage)
            print(_notes_text(ds.data_notes()).lstrip("\n"))
    return EXIT_OK


def _refuse_overwriting_inputs(target: Path, args, params: Params) -> None:
    """An output file must not be one of the command's inputs (``validate X --rejects X`` once overwrote X)."""
    inputs = [_events_path(args, params), Path(args.params or "params.yaml")]
    if getattr(args, "customers", None):
        inputs.append(Path(args.customers))
    for source in inputs:
        try:
            same = target.exists() and source.exists() and target.samefile(source)
        except OSError:
            same = False
        if same:
            raise UsageError(f"--rejects {target}: that is an input file ({source}); choose another path")


def cmd_validate(args) -> int:
    """Reconcile the rows of an outage log through the one load path (:func:`lqrel.dataset.load_dataset`): the
    same rejects and warnings as every other command on the same files. The customers file is ``--customers``, or
    the settings' (as for every other command); without either, the customers checks are left out."""
    params = _settings(args)
    events = _events_path(args, params)
    customers = Path(args.customers) if args.customers else params.customers  # as every other command
    try:
        ds = load_dataset(params, events, customers, validate=True)
    except LqrelError as exc:
        print(f"lqrel: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report, rejects, coverage = ds.load_report, ds.rejects, ds.coverage
    if not report.rows_read:
        print(f"lqrel: error: {report.path}: no data rows under the header (row {report.header_row})",
              file=sys.stderr)
        return EXIT_ERROR
    from lqrel.dataset import outside_records

    if args.rejects:
        from lqrel.output import neutralize_frame

        _refuse_overwriting_inputs(Path(args.rejects), args, params)
        columns = ["row", "column", "value", "code", "reason"]
        neutralize_frame(rejects[columns]).to_csv(args.rejects, index=False, encoding="utf-8-sig")
    found = {key: getattr(report, key, None) or ([] if key != "date_orders" else {})
             for key in ("reused_ids", "double_entries", "name_merges", "date_orders")}
    outside = outside_records(ds.outside_coverage)
    if args.json:
        _print_json({
            "file": report.path, "sha256": report.sha256, "header_row": report.header_row,
            "columns": report.columns, "encoding": report.encoding, "sheet": report.sheet,
            **report.to_dict(), "duplicate_rows": report.duplicate_rows,
            "coverage": coverage.to_dict() if coverage else None,
            "rejects": _records(rejects), "warnings": _records(report.warnings),
            **{key: jsonable(value) for key, value in found.items()}, "outside_coverage": outside,
        })
        return EXIT_REJECTED if len(rejects) else EXIT_OK
    print(_input_line(report))
    print(f"Data coverage {coverage.describe()}" if coverage else "Data coverage: unknown (no events)")
    print(f"Header on row {report.header_row}; columns: "
          + ", ".join(f"{k} <- {v}" for k, v in report.columns.items()))
    if found["date_orders"]:
        print("Dates read: " + ", ".join(f"{column} {order}" for column, order in found["date_orders"].items()))
    if len(rejects):
        print("\nRejected rows by reason:")
        print(rejects["reason"].value_counts().to_string())
        print("\n" + rejects.drop(columns="args").head(args.show).to_string(index=False)
              + _more(len(rejects), args.show))
    if report.duplicate_rows:
        print(f"\nDuplicates dropped (rows): {', '.join(map(str, report.duplicate_rows[: args.show]))}")
    print(_validate_findings(found, outside, coverage, params, args.show), end="")
    if len(report.warnings):
        print(f"\nWarnings ({len(report.warnings)}):")
        print(report.warnings.drop(columns="args").head(args.show).to_string(index=False)
              + _more(len(report.warnings), args.show))
    return EXIT_REJECTED if len(rejects) else EXIT_OK


def _more(total: int, shown: int) -> str:
    """``(first N of M; --show N lists more)`` under a list cut to ``shown`` rows, else nothing."""
    return f"\n(first {shown} of {total}; --show N lists more)" if total > shown else ""


def _validate_findings(found: dict, outside: list[dict], coverage, params: Params, show: int) -> str:
    """The text of ``lqrel validate`` on reused ids, probable double entries, name merges and the events outside
    the coverage (each with its rows)."""
    lines = []

    def rows_text(rows: list) -> str:
        return ", ".join(map(str, rows[:show])) + (f", ... (+{len(rows) - show})" if len(rows) > show else "")

    if found["reused_ids"]:
        lines += ["", f"Ids reused by different outages (ids: {len(found['reused_ids'])}; every row kept as an "
                      "event):"]
        lines += [f"  {g['id']}: rows {rows_text(list(g['rows']))}" for g in found["reused_ids"][:show]]
        lines += [_more(len(found["reused_ids"]), show).lstrip("\n")] if len(found["reused_ids"]) > show else []
    if found["double_entries"]:
        how = ("the first of each group kept, double_entries: drop" if params.double_entries == "drop" else
               "every row counted as the export says, double_entries: keep")
        lines += ["", f"Probable double entries (groups: {len(found['double_entries'])}; {how}):"]
        for g in found["double_entries"][:show]:
            dropped = f"; dropped rows {rows_text(list(g['dropped_rows']))}" if g.get("dropped_rows") else ""
            lines.append(f"  ids {', '.join(map(str, g['ids']))}: rows {rows_text(list(g['rows']))}, feeder "
                         f"{g.get('feeder')}, {g.get('start')} .. {g.get('end')}, {g.get('customers')} customers"
                         f"{dropped}")
        if len(found["double_entries"]) > show:
            lines.append(_more(len(found["double_entries"]), show).lstrip("\n"))
    if found["name_merges"]:
        lines += ["", f"Names merged (names: {len(found['name_merges'])}; compared without case, width and extra "
                      "spaces):"]
        lines += [f"  {m['column']} {m['name']} <- {' / '.join(map(str, m['spellings']))} ({m['rows']} rows)"
                  for m in found["name_merges"][:show]]
        lines += [_more(len(found["name_merges"]), show).lstrip("\n")] if len(found["name_merges"]) > show else []
    if outside:
        reasons = {"gap": "beyond a run of months without events", "after_through": "after the coverage's end",
                   "before_from": "before the coverage's start"}
        lines += ["", f"Outside the data coverage {coverage.first:%Y-%m-%d} .. {coverage.through:%Y-%m-%d} "
                      f"(events: {len(outside)}; kept, in no figure):"]
        lines += [f"  row {o['row']}: {o['start']}, {reasons[o['reason']]} ({o['reason']})" for o in outside[:show]]
        if len(outside) > show:
            lines.append(f"  (first {show} of {len(outside)}; --show N lists more)")
    return "".join(line + "\n" for line in lines)


def cmd_synth(args) -> int:
    from lqrel.synth import write_sample

    first, _, last = args.years.partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError as exc:
        raise UsageError(f"--years {args.years!r}: expected YYYY-YYYY") from exc
    if args.scale <= 0:
        raise UsageError("--scale must be positive")
    if args.format == "parquet":
        from lqrel.synth import write_parquet_sample

        paths = write_parquet_sample(args.outdir, years, args.seed, args.scale, args.events)
    else:
        if args.events is not None:
            raise UsageError("--events goes with --format parquet")
        paths = write_sample(args.outdir, years, args.seed, args.scale)
        from lqrel.synth import SAMPLE_SEED
        from lqrel.synth_applications import APPLICATIONS_SEED, FIRST_YEAR, write_applications

        app_years = range(max(years.start, FIRST_YEAR), years.stop)  # the 附件2 limits date from 2020
        if len(app_years):
            seed = APPLICATIONS_SEED if args.seed == SAMPLE_SEED else args.seed
            paths = (*paths, write_applications(args.outdir, app_years, seed))
    for path in paths:
        print(path)
    return EXIT_OK


def cmd_summary(args) -> int:
    params = _settings(args)
    ds = _dataset(args, params)
    year = args.year or ds.require_coverage().latest_year()
    table = _judge(ds, year)
    indices = ds.indices(str(year))
    notes = table.attrs.get("notes", []) + ds.data_notes()
    if args.json:
        _print_json({"year": year, "coverage": _coverage_doc(ds), "indices": _records(indices),
                     "targets": _records(table), "notes": _notes_doc(notes), "input": ds.load_report.to_dict()})
        return EXIT_OK
    print(f"lqrel {__version__}: reliability summary {year} ({ds.load_report.path})")
    print(_coverage_text(ds) + "\n")
    print(_fmt_table(indices))
    print()
    print(_check_text(table, params, year))
    print(_input_line(ds.load_report))
    if ds.data_notes():  # the data's notes (rejected rows, double entries, reused ids, events outside the coverage)
        print(_notes_text(ds.data_notes()).lstrip("\n"))
    return EXIT_OK


def cmd_report(args) -> int:
    from lqrel.report.runner import build_report

    params = _settings(args)
    through_at_most = None
    if args.due:
        today = pd.Timestamp(args.today) if args.today else pd.Timestamp.now(tz=params.timezone).tz_localize(None)
        periods = due_periods(today)
        through_at_most = (today - pd.Timedelta(days=1)).date()  # a run on day D has no data for D
    elif args.all:
        if not (args.from_year and args.to_year) or args.from_year > args.to_year:
            raise UsageError("--all needs --from YEAR and --to YEAR (from <= to)")
        periods = every_period(args.from_year, args.to_year)
    else:
        periods = [args.period] if args.period else []
    from lqrel.report.tables import shows_connection

    parsed = [parse_period(period, params.timezone) for period in periods]  # every label checked before any run
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip()) if args.formats else None
    connection = any(shows_connection(p) for p in parsed)  # the application log is read only when shown
    ds = load_dataset(params, _events_path(args, params), _customers_path(args, params),
                      through_at_most=through_at_most, applications=connection)
    periods = periods or [ds.require_coverage().latest_quarter()]
    results, failures = [], 0
    progress = _progress(periods, args)
    for period in progress:
        entry = {"period": period, "status": "built", "html": None, "xlsx": None, "ipynb": None, "docx": None,
                 "pdf": None, "error": None, "complete": None, "headline": []}
        try:
            result = build_report(ds, period, args.out, args.lang, formats, timeout_s=args.timeout,
                                  state_dir=args.state_dir, names=args.names)
        except LqrelError as exc:
            failures += 1
            entry.update(status="failed", error=str(exc))
            if not args.json:
                _log(progress, f"{_now(params)} {period} failed: lqrel: error: {exc}", sys.stderr)
        else:
            entry.update(**{k: str(v) for k, v in result.files.items()}, complete=result.summary["complete"],
                         headline=result.summary["headline"])
            if not args.json:
                _log(progress, f"{_now(params)} {period} built {result.html or next(iter(result.files.values()))}",
                     sys.stdout)
        results.append(entry)
    if args.json:
        _print_json({"coverage": _coverage_doc(ds), "reports": results})
    return EXIT_ERROR if failures else EXIT_OK


def _now(params: Params) -> str:
    """The current time for log lines: ISO 8601 with the offset of the settings' zone."""
    return pd.Timestamp.now(tz=params.timezone).isoformat(timespec="seconds")


def _progress(periods: list[str], args):
    """The periods to build: with a progress bar on a terminal for several (tqdm, on stderr), else as they are."""
    if len(periods) > 1 and not args.json and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(periods, unit="report", file=sys.stderr, dynamic_ncols=True)
    return periods


def _log(progress, line: str, stream) -> None:
    """One log line, written above the progress bar when there is one."""
    if hasattr(progress, "write"):
        progress.write(line, file=stream)
    else:
        print(line, file=stream)


def _as_of(args, params: Params, year: int | None = None) -> pd.Timestamp:
    if args.as_of:
        try:
            return pd.Timestamp(args.as_of).normalize()
        except ValueError as exc:
            raise UsageError(f"--as-of {args.as_of!r}: expected YYYY-MM-DD") from exc
    if year is None:
        raise UsageError("give --as-of YYYY-MM-DD")
    return pd.Timestamp(f"{year}-12-31")


def cmd_connect(args) -> int:
    from lqrel.applications import load_applications
    from lqrel.connection import figures_for, figures_json

    params = _settings(args)
    source = Path(args.applications) if args.applications else params.applications
    if source is None:
        raise UsageError("no APPLICATIONS file given and params.yaml names none under 'applications:'")
    apps = load_applications(source, params, params.coverage_through, sheet=params.sheet)
    if apps.apps.empty:
        report = apps.report
        raise DataError(f"{source}: no application was accepted ({report.rows_read} rows read: {report.rejected} "
                        f"rejected, {report.duplicates} duplicates)")
    period = parse_period(args.period, params.timezone)
    result = figures_for(apps, period, params.connection)
    if args.json:
        _print_json(figures_json(result, apps))
        return EXIT_OK
    print(_connect_text(result, apps, args.lang, args.show))
    return EXIT_OK


def _connect_cell(column: str, value, lab: dict) -> str:
    """One cell of the ``lqrel connect`` text tables after :func:`lqrel.report.present.translate_values` put the
    type and stage codes into words: yes/no, shares as percentages, blanks empty."""
    if isinstance(value, bool):
        return lab["yes" if value else "no"]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column == "on_time_share":
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _connect_text(result: dict, apps, lang: str, show: int) -> str:
    """``lqrel connect`` as text: the table per type, the stages overrun, late and overdue applications."""
    from lqrel.report.i18n import labels
    from lqrel.report.present import coverage_text, translate_values

    lab = labels(lang)
    zh = lang == "zh"
    shown = result["period"]

    def table(frame: pd.DataFrame) -> str:
        out = translate_values(frame, lang).astype(object)
        for col in out.columns:
            out[col] = [_connect_cell(col, v, lab) for v in out[col]]
        return visible_lines(out.rename(columns=lambda c: lab.get(c, c)).to_string(index=False))

    head = (f"{shown.label} 办电时长（电网环节工作日，按装表接电完成时间归期）" if zh else
            f"{shown.label} connection time (grid-side working days; an application counts in the period it was "
            "connected)")
    coverage = coverage_text(apps.coverage, lang)
    if not result["complete"]:
        coverage += ("；本期只覆盖了一部分，数字为覆盖部分" if zh else
                     "; the period is only partly covered: figures for that part")
    lines = [head, coverage, "", table(result["types"])]
    late = result["applications"][result["applications"]["on_time"] == False]  # noqa: E712 - None is not late
    over = result["applications"][result["applications"]["stages_over"].map(len) > 0]
    stages = result["stages"]
    limited = stages[stages["on_time"].notna() & (stages["applications"] > stages["on_time"])]
    if len(limited):
        lines += ["", "超过环节时限：" if zh else "Stages over their own limit:",
                  table(limited.assign(over=limited["applications"] - limited["on_time"])
                        [["customer_type", "stage", "applications", "on_time", "limit_wd", "median_wd"]])]
    if len(late) or len(over):
        rows = pd.concat([late, over]).drop_duplicates("app_id")
        lines += ["", (f"超时申请 {len(late)} 户（合计超时限、无工程未次日接电或缺少环节），环节超时 {len(over)} 户："
                       if zh else
                       f"Late applications: {len(late)} (over the total limit, no works and not connected by the "
                       f"next day, or a stage missing), {len(over)} with a stage over its limit:"),
                  table(rows[["app_id", "customer_type", "total_wd", "limit_wd", "stages_over"]].head(show))]
        if len(rows) > show:
            lines.append(f"（列出前 {show} 户，共 {len(rows)} 户；--show N 列出更多）" if zh else
                         f"(first {show} of {len(rows)}; --show N lists more)")
    from lqrel.connection import listing_lines

    lines += listing_lines(result, lang, show)
    overdue = result["in_progress"][result["in_progress"]["overdue"]]
    lines += ["", (f"期末在办 {len(result['in_progress'])} 户，其中已超时 {len(overdue)} 户" if zh else
                   f"In progress at the period's end: {len(result['in_progress'])}, overdue: {len(overdue)}")]
    if len(overdue):
        lines.append(table(overdue.head(show)))
        if len(overdue) > show:
            lines.append(f"（列出前 {show} 户，共 {len(overdue)} 户）" if zh else f"(first {show} of {len(overdue)})")
    nw, sl, sc = result["no_works"], result["sanling"], result["stage_count"]
    lines += ["", (f"无工程低压：{nw['applications']} 户，次日接电 {nw['next_day']} 户；"
                   f"三零：符合条件（低压非居民、不超过160千瓦）{sl['eligible']} 户，实行三零 {sl['served']} 户；"
                   f"办电环节不超过目标（高压4个、低压2个）：{sc['within']} / {sc['applications']} 户" if zh else
                   f"Low voltage without works: {nw['applications']}, connected the next day: {nw['next_day']}; "
                   f"zero-visit service: {sl['served']} of {sl['eligible']} eligible (LV non-residential up to "
                   f"160 kW); within the stage-count target (HV 4, LV 2): {sc['within']} of {sc['applications']}"),
              _input_line(apps.report, lang)]
    return "\n".join(lines)


def _emit(args, doc: dict, text: str) -> int:
    if args.json:
        _print_json(doc)
    else:
        print(text)
    return EXIT_OK


def cmd_med(args) -> int:
    from lqrel.med import history_note, major_event_days

    params = _settings(args)
    ds = _dataset(args, params)
    table = major_event_days(ds, args.year)
    days = table[table["major"]]
    t_med = table["t_med_min"].iloc[0]
    found = history_note(table, args.year)  # what T_MED rests on: five years, fewer (how many), or none
    text = (f"Major event days {args.year} (IEEE 1366 2.5 beta): {note(found, 'en')}\n"
            + _coverage_text(ds) + "\n" + (days.to_string(index=False) if len(days) else "none"))
    dated = days.assign(date=days["date"].dt.strftime("%Y-%m-%d"))
    doc = {"year": args.year, "coverage": _coverage_doc(ds), "t_med_min": t_med if t_med == t_med else None,
           "history_years": float(table["history_years"].iloc[0]),
           "threshold_note": {**found, "text": note(found, "en")},
           "days": _records(dated)}
    return _emit(args, doc, text)


def cmd_frequent(args) -> int:
    from lqrel.frequent import classify
    from lqrel.med import med_dates

    params = _settings(args)
    ds = _dataset(args, params)
    as_of = _as_of(args, params, args.year)
    meds = med_dates(ds, [args.year])
    table = classify(ds.events, args.year, as_of, params, exclude_dates=meds)
    shown = table.assign(rules=table["rules"].map(lambda rules: "; ".join(r.describe() for r in rules)))
    doc = {"year": args.year, "as_of": as_of.strftime("%Y-%m-%d"), "coverage": _coverage_doc(ds),
           "level": params.frequent_outages.level,
           "units": [dict(r, dates=r["dates"].split(", ")) for r in _records(shown)]}
    text = (f"Frequent outages {args.year} up to {as_of:%Y-%m-%d} by {params.frequent_outages.level}: "
            f"{(table['level'] == 'frequent').sum()} frequent, {(table['level'] == 'warning').sum()} warning\n"
            + _coverage_text(ds) + "\n" + (shown.to_string(index=False) if len(shown) else "none"))
    return _emit(args, doc, text)


def cmd_forecast(args) -> int:
    from lqrel.calibration import MIN_CALIBRATION_YEARS, odds, own
    from lqrel.forecast import year_end
    from lqrel.report.state import state_dir
    from lqrel.targets import basis, policy

    params = _settings(args)
    ds = _dataset(args, params)
    as_of = _as_of(args, params)
    rows = []
    for area in basis(ds, as_of.year)[0]:
        f = year_end(ds, as_of, area)
        # odds the data before the year cannot check are not given
        probability, word = odds(f.probability_met, ds, before=as_of.year)
        rows.append({**f.to_dict(), "probability_met": probability, "status": word})
    table = pd.DataFrame(rows)
    cal = own(ds, state_dir() / "calibration", before=as_of.year)  # cached by input, as the reports keep it
    if cal.calibrated:
        held = (f"Calibration on this data before {as_of.year}: {cal.cases} past quarter-end projections, the 80% "
                f"interval held "
                f"{cal.held80}, the 95% interval {cal.held95}")
    else:
        held = (f"Not calibrated: {len(cal.years)} complete years before {as_of.year} (at least "
                f"{MIN_CALIBRATION_YEARS} needed to check "
                "the odds), so no probability or status")
    notes = basis(ds, as_of.year)[1]
    text = (f"Year-end SAIDI projection from {as_of:%Y-%m-%d} (median, 80% and 95% intervals; a projection, "
            f"not a verdict; on {'data without major event days' if policy(ds) == 'without_med' else 'all data'})\n"
            + _coverage_text(ds) + "\n" + held + "\n" + _fmt_table(table.drop(columns="as_of"))
            + _notes_text(notes))
    return _emit(args, {"as_of": as_of.strftime("%Y-%m-%d"), "coverage": _coverage_doc(ds), "basis": policy(ds),
                        "calibration": cal.to_dict(), "rows": _records(table), "notes": _notes_doc(notes)}, text)


def cmd_backtest(args) -> int:
    from lqrel.calibration import coverage_table
    from lqrel.forecast import backtest

    params = _settings(args)
    ds = _dataset(args, params)
    table = backtest(ds)
    if table.empty:
        raise UsageError("not enough history for a backtest (two full years before a projected year)")
    summary = {"cases": len(table), "coverage_80": float(table["in80"].mean()),
               "coverage_95": float(table["in95"].mean()), "mae_h": float(table["abs_error_h"].mean())}
    by_month = coverage_table(table, ["month"])
    text = (f"Backtest of the year-end projection from each quarter end: {summary['cases']} cases, "
            f"80% interval covered {summary['coverage_80']:.0%}, 95% covered {summary['coverage_95']:.0%}, "
            f"mean absolute error {summary['mae_h']:.2f} h\n" + _coverage_text(ds) + "\n\nBy as-of month\n"
            + _fmt_table(by_month) + "\n\n" + table.to_string(index=False))
    doc = {**summary, "coverage": _coverage_doc(ds), "by_month": _records(by_month),
           "rows": _records(table.assign(as_of=table["as_of"].dt.strftime("%Y-%m-%d")))}
    return _emit(args, doc, text)


def cmd_budget(args) -> int:
    from lqrel.budget import burn_down, load_plans, what_if

    params = _settings(args)
    ds = _dataset(args, params)
    as_of = _as_of(args, params, args.year)
    year = args.year or as_of.year
    if args.what_if:
        plans, effect = what_if(ds, as_of, load_plans(args.what_if))
        text = (f"What-if from {as_of:%Y-%m-%d}: planned outages cost\n" + _fmt_table(plans) + "\n\nEffect on the "
                "year-end projection\n" + _fmt_table(effect) + "\n" + _coverage_text(ds))
        return _emit(args, {"as_of": as_of.strftime("%Y-%m-%d"), "coverage": _coverage_doc(ds),
                            "plans": _records(plans), "effect": _records(effect)}, text)
    table = burn_down(ds, year, as_of)
    notes = table.attrs.get("notes", [])
    text = (f"Outage-hour budget {year} up to {as_of:%Y-%m-%d} (customer-hours; budget = the target's ceiling x "
            f"customers served)\n" + _coverage_text(ds) + "\n" + _fmt_table(table)
            + _notes_text(notes))
    return _emit(args, {"year": year, "as_of": as_of.strftime("%Y-%m-%d"), "coverage": _coverage_doc(ds),
                        "rows": _records(table), "notes": _notes_doc(notes)}, text)


def build_parser() -> argparse.ArgumentParser:
    """The command line, each option with an example."""
    parser = argparse.ArgumentParser(
        prog="lqrel", description="Power-supply reliability indices, targets and reports (DL/T 836, IEEE 1366).",
        epilog="Example: lqrel check --year 2022   (uses ./params.yaml and the files it names)")
    parser.add_argument("--version", action="version", version=f"lqrel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str, func):
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=f"Example: {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    def reading(p, map_example: str, sheet_example: str, through_help: str, json_example: str):
        """The options of every command that reads a log: settings, mappings, sheet, coverage, JSON, debug."""
        p.add_argument("--params", metavar="FILE", help="settings file (e.g. --params county.yaml); default "
                       "./params.yaml")
        p.add_argument("--map", action="append", metavar="CANONICAL=HEADER",
                       help=f"map a source header for this run, repeatable (e.g. --map {map_example})")
        p.add_argument("--sheet", metavar="NAME|N", help=f"XLSX sheet by name or number (e.g. {sheet_example})")
        p.add_argument("--data-through", metavar="YYYY-MM-DD", help=through_help)
        p.add_argument("--json", action="store_true", help=f"print one JSON object (e.g. {json_example} --json)")
        p.add_argument("--debug", action="store_true", help="show the traceback of an error instead of one line")

    def common(p, customers=True):
        p.add_argument("events", nargs="?", metavar="EVENTS",
                       help="outage log, CSV/XLSX/Parquet (e.g. data/linqu_outages.csv); default: params 'events:'")
        if customers:
            p.add_argument("--customers", metavar="FILE",
                           help="customers served (e.g. --customers data/linqu_customers.csv); default: params "
                                "'customers:'")
        reading(p, "customers=影响客户数", "--sheet 2022 or --sheet 2",
                "last day the log covers (e.g. --data-through 2022-06-30); default: params 'coverage:', else the "
                "end of the month of the last event", "lqrel check --year 2022")

    p = command("indices", "reliability indices for a period", "lqrel indices --period 2022Q3 --by area,month",
                cmd_indices)
    common(p)
    p.add_argument("--period", required=True, metavar="P",
                   help="2022, 2022Q3, 2022H1, 2022-07 or 2021-10..2022-09 (e.g. --period 2022H1)")
    p.add_argument("--by", default="area", metavar="KEYS",
                   help="area plus month or quarter and any of town,feeder,cause,nature (e.g. --by area,town)")
    p.add_argument("--exclude-med", action="store_true",
                   help="leave out the outages that began on major event days, the 剔除 figures (e.g. "
                        "--exclude-med)")
    p.add_argument("--engine", choices=["pandas", "duckdb", "dask"], default="pandas",
                   help="where the aggregation runs; EVENTS may then be a Parquet file or year=/month= folder "
                        "(e.g. --engine duckdb)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler (e.g. --scheduler tcp://10.0.0.5:8786); default: a local 2-worker cluster")

    p = command("med", "major event days of a year (IEEE 1366 2.5 beta)", "lqrel med --year 2022", cmd_med)
    common(p)
    p.add_argument("--year", type=int, required=True, help="the year classified (e.g. --year 2022)")

    p = command("frequent", "frequent-outage and warning feeders of a year", "lqrel frequent --year 2022 --as-of "
                "2022-09-30", cmd_frequent)
    common(p)
    p.add_argument("--year", type=int, required=True, help="the year counted (e.g. --year 2022)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="last day counted (e.g. --as-of 2022-09-30); default 31 "
                   "December")

    p = command("forecast", "year-end SAIDI projection with intervals and the chance of meeting the target",
                "lqrel forecast --as-of 2022-06-30", cmd_forecast)
    common(p)
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD",
                   help="last day of data used, inside the coverage (e.g. --as-of 2022-06-30)")

    p = command("backtest", "the projection from every past quarter end against what happened", "lqrel backtest",
                cmd_backtest)
    common(p)

    p = command("budget", "outage-hour budget burn-down, or the cost of planned outages (--what-if)",
                "lqrel budget --year 2024 --as-of 2024-06-30", cmd_budget)
    common(p)
    p.add_argument("--year", type=int, help="the budget's year (e.g. --year 2024)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="last day of actuals (e.g. --as-of 2024-06-30); default "
                   "31 December of --year")
    p.add_argument("--what-if", metavar="CSV", help="planned outages to cost: feeder or town, customers, hours "
                   "(e.g. --what-if plans.csv)")

    p = command("connect", "connection time (办电时长) per customer type and stage against the action plan's 附件2",
                "lqrel connect --period 2024", cmd_connect)
    p.add_argument("applications", nargs="?", metavar="APPLICATIONS",
                   help="application log, CSV/XLSX/Parquet, wide or long (e.g. data/linqu_applications.csv); "
                        "default: params 'applications:'")
    p.add_argument("--period", required=True, metavar="P",
                   help="applications connected in 2024, 2024H1, 2024Q3, 2024-07 or 2023-10..2024-09 (e.g. "
                        "--period 2024H1)")
    reading(p, "customer_type=客户分类", "--sheet 2",
            "last day the log covers (e.g. --data-through 2024-06-30); default: the end of the month of its latest "
            "time", "lqrel connect --period 2024")
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="text language (e.g. --lang en); default zh")
    p.add_argument("--show", type=int, default=20, metavar="N", help="applications shown per list (e.g. --show 50)")

    p = command("check", "the target verdict of a year the data fully cover", "lqrel check --year 2022", cmd_check)
    common(p)
    p.add_argument("--year", type=int, required=True, help="the year judged (e.g. --year 2022)")

    p = command("validate", "reconcile the rows of an outage log; exit 1 if any are rejected",
                "lqrel validate export.xlsx --rejects rejects.csv", cmd_validate)
    common(p, customers=False)
    p.add_argument("--customers", metavar="FILE", help="customers served: also warn of events above the area's "
                   "count (e.g. --customers data/linqu_customers.csv)")
    p.add_argument("--rejects", metavar="CSV", help="write the rejected rows to this CSV, never over an input "
                   "(e.g. --rejects rejects.csv)")
    p.add_argument("--show", type=int, default=20, metavar="N", help="rows shown per list (e.g. --show 50)")

    p = command("synth", "write the synthetic Linqu sample", "lqrel synth data", cmd_synth)
    p.add_argument("outdir", metavar="OUTDIR", help="folder to write (e.g. data)")
    p.add_argument("--years", default="2019-2024", metavar="Y1-Y2", help="years (e.g. --years 2019-2024)")
    p.add_argument("--seed", type=int, default=71, help="random seed (e.g. --seed 7); default 71: the shipped "
                   "sample")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies events and customers served (e.g. "
                   "--scale 10)")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv",
                   help="csv: the utility-style sample; parquet: compact year=/month= partitions for benchmarks "
                        "(e.g. --format parquet)")
    p.add_argument("--events", type=int, metavar="N", help="total events with --format parquet, instead of "
                   "--scale (e.g. --events 100000000)")
    p.add_argument("--debug", action="store_true", help="show the traceback of an error instead of one line")

    p = command("report", "run the report notebook and publish the offline page (and workbook, notebook, Word)",
                "lqrel report --period 2022H1 --out /srv/www/reliability", cmd_report)
    common(p)
    p.add_argument("--period", metavar="P", help="period to report (e.g. --period 2022Q3); default: the latest "
                   "quarter the data fully cover")
    p.add_argument("--due", action="store_true", help="the reports due today: the last quarter, in July also the "
                   "first half-year, in January also the year (e.g. --due in cron)")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="pretend today is this day, with --due (e.g. --today "
                   "2022-07-01)")
    p.add_argument("--all", action="store_true", help="every quarter, half-year and year from --from to --to "
                   "(e.g. --all --from 2020 --to 2024)")
    p.add_argument("--from", dest="from_year", type=int, metavar="YEAR", help="first year of --all (e.g. --from "
                   "2020)")
    p.add_argument("--to", dest="to_year", type=int, metavar="YEAR", help="last year of --all (e.g. --to 2024)")
    p.add_argument("--out", default="reports", metavar="DIR", help="published folder (e.g. --out "
                   "/srv/www/reliability); default ./reports")
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="report language (e.g. --lang en); default "
                   "zh")
    p.add_argument("--formats", metavar="LIST", help="of html,ipynb,xlsx,docx,pdf (e.g. --formats html,docx); "
                   "default html,ipynb,xlsx, and docx for a half-year or a year; pdf needs Chromium")
    p.add_argument("--names", choices=["en", "zh"], default="en", help="file names: lqrel-report-2022Q3.html, or "
                   "with zh 临朐县2022年第三季度供电可靠性分析报告.html (e.g. --names zh)")
    p.add_argument("--timeout", type=int, default=600, metavar="SECONDS", help="seconds a notebook cell may run "
                   "(e.g. --timeout 1200)")
    p.add_argument("--state-dir", metavar="DIR", help="private folder for locks, runs and failed notebooks (e.g. "
                   "--state-dir /var/lib/lqrel); default $LQREL_STATE_DIR, else ~/.cache/lqrel")

    p = command("summary", "indices and target verdicts of a year", "lqrel summary --year 2022", cmd_summary)
    common(p)
    p.add_argument("--year", type=int, help="the year (e.g. --year 2022); default: the latest fully covered")
    return parser


class Terminated(KeyboardInterrupt):  # noqa: N818 - raised by SIGTERM as KeyboardInterrupt is by SIGINT
    """SIGTERM arrived: unwind as after Ctrl-C (asyncio loops and the kernel client stop cleanly, the run's
    folder is removed) and exit 143."""


def _on_signal(signum, frame):
    """SIGINT or SIGTERM: silence the libraries' log lines about the kernel being stopped (the unwinding is
    expected, not news), then unwind as after Ctrl-C."""
    logging.disable(logging.CRITICAL)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


class _Visible(io.TextIOBase):
    """A text stream that shows control characters visibly (text from input files never reaches the terminal
    raw); the line breaks lqrel writes stay line breaks."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible_lines(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(sys.stdout), _Visible(sys.stderr)
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
        print("lqrel: terminated; the published reports are as they were", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("lqrel: interrupted; the published reports are as they were", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (LqrelError, ValueError, OSError) as exc:
        if args.debug:
            raise
        print(f"lqrel: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line, with the way to see more
        if args.debug:
            raise
        print(f"lqrel: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        sys.stdout, sys.stderr = streams
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())
