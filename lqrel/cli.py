"""Command line: ``lqrel indices | check | med | frequent | forecast | backtest | budget | validate | report |
synth | summary``.

Errors the user can fix print one line on stderr and exit 2 (``--debug`` shows the traceback).
Settings come from ``--params`` (default ``./params.yaml`` when it exists); ``EVENTS`` and ``--customers``
default to the files it names.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from lqrel import __version__
from lqrel.customers import customers_above_served, load_customers
from lqrel.errors import LqrelError
from lqrel.events import load_events
from lqrel.indices import indices
from lqrel.params import Params, load_params
from lqrel.periods import parse_period
from lqrel.targets import check_targets
from lqrel.vocab import CANONICAL_COLUMNS

EXIT_OK, EXIT_REJECTED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


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


def jsonable(value):
    """Plain JSON values: NaN and NA become null, numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [jsonable(r) for r in frame.astype(object).to_dict("records")]


def _print_json(obj) -> None:
    print(json.dumps(jsonable(obj), ensure_ascii=False, indent=2))


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


def _load(args, params):
    events, rejects, report = load_events(_events_path(args, params), params)
    customers = load_customers(_customers_path(args, params), params)
    report.warnings = pd.concat([report.warnings, customers_above_served(events, customers)], ignore_index=True)
    return events, rejects, report, customers


def _is_parquet(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in (".parquet", ".pq")


def cmd_indices(args) -> int:
    params = _settings(args)
    period = parse_period(args.period, params.timezone)
    source = _events_path(args, params)
    if _is_parquet(source):  # compact events (lqrel synth --format parquet): aggregated where they lie
        return _indices_engine(args, params, period, source)
    events, _, report, customers = _load(args, params)
    if args.engine != "pandas":
        return _indices_engine(args, params, period, events, report, customers)
    if args.exclude_med:
        from lqrel.med import without_major_events

        events = without_major_events(events, customers, period, params)
    table = indices(events, customers, period, args.by, params)
    if args.json:
        _print_json({"period": period.to_dict(), "rows": _records(table), "input": report.to_dict(),
                     "major_event_days": "removed" if args.exclude_med else "included"})
    else:
        print(f"Period {period.label}: {period.start:%Y-%m-%d %H:%M} .. {period.end:%Y-%m-%d %H:%M} "
              f"({period.hours:g} h); standard {params.standard}, short <= {params.short_threshold_min:g} min, "
              f"boundary {params.boundary}, customers {params.customers_basis}"
              + ("; major event days removed" if args.exclude_med else ""))
        print(_fmt_table(table))
        print(_input_line(report))
    return EXIT_OK


def _indices_engine(args, params, period, source, report=None, customers=None) -> int:
    """Indices with the aggregation on ``--engine`` (pandas, DuckDB or a Dask cluster)."""
    from lqrel.engine import compact, dask_client, open_events

    if args.exclude_med:
        raise UsageError("--exclude-med works on a validated log with the pandas engine")
    customers = customers if customers is not None else load_customers(_customers_path(args, params), params)
    table = compact(source) if isinstance(source, pd.DataFrame) else source

    def run():
        return indices(open_events(table, args.engine), customers, period, args.by, params, engine=args.engine)

    if args.engine == "dask":
        with dask_client(args.scheduler):
            result = run()
    else:
        result = run()
    inputs = report.to_dict() if report is not None else {"parquet": str(source)}
    if args.json:
        _print_json({"period": period.to_dict(), "rows": _records(result), "input": inputs, "engine": args.engine})
    else:
        print(f"Period {period.label} on {args.engine}")
        print(_fmt_table(result))
    return EXIT_OK


def _input_line(report) -> str:
    return (f"Input {report.path}: {report.rows_read} rows read = {report.accepted} accepted + "
            f"{report.rejected} rejected + {report.duplicates} duplicates")


def _check_text(table: pd.DataFrame, params: Params, year: int) -> str:
    t = params.targets
    head = f"Targets {year}: SAIDI <= limit, or reduction >= {t.reduction:.0%} ({t.reduction_mode})"
    return head + "\n" + _fmt_table(table)


def cmd_check(args) -> int:
    params = _settings(args)
    events, _, report, customers = _load(args, params)
    table = check_targets(events, customers, args.year, params)
    if args.json:
        _print_json({"year": args.year, "rows": _records(table), "input": report.to_dict()})
    else:
        print(_check_text(table, params, args.year))
        print(_input_line(report))
    return EXIT_OK


def cmd_validate(args) -> int:
    params = _settings(args)
    try:
        events, rejects, report = load_events(_events_path(args, params), params)
        if args.customers:
            customers = load_customers(Path(args.customers), params)
            extra = customers_above_served(events, customers)
            report.warnings = pd.concat([report.warnings, extra], ignore_index=True)
    except LqrelError as exc:
        print(f"lqrel: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.rejects:
        from lqrel.export import neutralize_frame

        neutralize_frame(rejects).to_csv(args.rejects, index=False, encoding="utf-8-sig")
    if args.json:
        _print_json({
            "file": report.path, "sha256": report.sha256, "header_row": report.header_row,
            "columns": report.columns, "encoding": report.encoding, "sheet": report.sheet,
            **report.to_dict(), "duplicate_rows": report.duplicate_rows,
            "rejects": _records(rejects), "warnings": _records(report.warnings),
        })
    else:
        print(_input_line(report))
        print(f"Header on row {report.header_row}; columns: "
              + ", ".join(f"{k} <- {v}" for k, v in report.columns.items()))
        if len(rejects):
            print("\nRejected rows by reason:")
            print(rejects["reason"].value_counts().to_string())
            print("\n" + rejects.head(args.show).to_string(index=False))
        if report.duplicate_rows:
            print(f"\nDuplicates dropped (rows): {', '.join(map(str, report.duplicate_rows[: args.show]))}")
        if len(report.warnings):
            print(f"\nWarnings ({len(report.warnings)}):")
            print(report.warnings.head(args.show).to_string(index=False))
    return EXIT_REJECTED if len(rejects) else EXIT_OK


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
    for path in paths:
        print(path)
    return EXIT_OK


def latest_full_year(events: pd.DataFrame) -> int:
    """The last calendar year whose December has events (the sample's latest complete year)."""
    starts = events["start"]
    last = starts.max()
    return int(last.year if last.month == 12 else last.year - 1)


def cmd_summary(args) -> int:
    params = _settings(args)
    events, _, report, customers = _load(args, params)
    year = args.year or latest_full_year(events)
    period = parse_period(str(year), params.timezone)
    print(f"lqrel {__version__}: reliability summary {year} ({report.path})\n")
    print(_fmt_table(indices(events, customers, period, ("area",), params)))
    print()
    print(_check_text(check_targets(events, customers, year, params), params, year))
    print(_input_line(report))
    return EXIT_OK


def latest_complete_quarter(events: pd.DataFrame) -> str:
    """The last quarter whose final month has events (the sample's latest complete quarter)."""
    last = events["start"].max()
    q = pd.Period(last.tz_localize(None), freq="Q")
    if last.month != q.end_time.month:
        q -= 1
    return f"{q.year}Q{q.quarter}"


def due_periods(today: pd.Timestamp) -> list[str]:
    """Reports due on ``today``: the last complete quarter; in July also the first half-year; in January
    also the previous year (the county reports the first half by end of June and the year by 5 January)."""
    q = pd.Period(today, freq="Q") - 1
    due = [f"{q.year}Q{q.quarter}"]
    if today.month == 7:
        due.append(f"{today.year}H1")
    if today.month == 1:
        due.append(f"{today.year - 1}")
    return due


def cmd_report(args) -> int:
    from lqrel.runner import build_report

    params = _settings(args)
    if args.due:
        today = pd.Timestamp(args.today) if args.today else pd.Timestamp.now(tz=params.timezone).tz_localize(None)
        periods = due_periods(today)
    elif args.all:
        if not (args.from_year and args.to_year) or args.from_year > args.to_year:
            raise UsageError("--all needs --from YEAR and --to YEAR (from <= to)")
        periods = [f"{y}{q}" for y in range(args.from_year, args.to_year + 1) for q in ("Q1", "Q2", "Q3", "Q4", "")]
    elif args.period:
        periods = [args.period]
    else:
        events, _, _ = load_events(_events_path(args, params), params)
        periods = [latest_complete_quarter(events)]
    for period in periods:
        parse_period(period, params.timezone)  # every label checked before any run
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    params_path = Path(args.params) if args.params else Path("params.yaml")
    failures = 0
    for i, period in enumerate(periods, 1):
        try:
            result = build_report(
                period, args.out, params_path if params_path.exists() else None, args.lang, formats,
                events_path=args.events, customers_path=args.customers, timeout_s=args.timeout,
            )
        except LqrelError as exc:
            failures += 1
            print(f"lqrel: error: {exc}", file=sys.stderr)
            continue
        shown = result.html or result.xlsx or result.ipynb
        prefix = f"[{i}/{len(periods)}] " if len(periods) > 1 else ""
        print(f"{prefix}{shown}")
    return EXIT_ERROR if failures else EXIT_OK


def _as_of(args, params: Params, year: int | None = None) -> pd.Timestamp:
    if args.as_of:
        try:
            return pd.Timestamp(args.as_of).normalize()
        except ValueError as exc:
            raise UsageError(f"--as-of {args.as_of!r}: expected YYYY-MM-DD") from exc
    if year is None:
        raise UsageError("give --as-of YYYY-MM-DD")
    return pd.Timestamp(f"{year}-12-31")


def _emit(args, doc: dict, text: str) -> int:
    if args.json:
        _print_json(doc)
    else:
        print(text)
    return EXIT_OK


def cmd_med(args) -> int:
    from lqrel.med import major_event_days

    params = _settings(args)
    events, _, _, customers = _load(args, params)
    table = major_event_days(events, customers, args.year, params)
    days = table[table["major"]]
    t_med = table["t_med_min"].iloc[0]
    text = (f"Major event days {args.year}: T_MED = {t_med:.2f} min (IEEE 1366 2.5 beta, five years before)\n"
            + (days.to_string(index=False) if len(days) else "none"))
    dated = days.assign(date=days["date"].dt.strftime("%Y-%m-%d"))
    doc = {"year": args.year, "t_med_min": t_med, "days": _records(dated)}
    return _emit(args, doc, text)


def cmd_frequent(args) -> int:
    from lqrel.frequent import classify
    from lqrel.med import med_dates

    params = _settings(args)
    events, _, _, customers = _load(args, params)
    as_of = _as_of(args, params, args.year)
    meds = med_dates(events, customers, [args.year], params)
    table = classify(events, args.year, as_of, params, exclude_dates=meds)
    shown = table.assign(rules=table["rules"].map(lambda rules: "; ".join(r.describe() for r in rules)))
    doc = {"year": args.year, "as_of": as_of.strftime("%Y-%m-%d"), "level": params.frequent_outages.level,
           "units": [dict(r, dates=r["dates"].split(", ")) for r in _records(shown)]}
    text = (f"Frequent outages {args.year} up to {as_of:%Y-%m-%d} by {params.frequent_outages.level}: "
            f"{(table['level'] == 'frequent').sum()} frequent, {(table['level'] == 'warning').sum()} warning\n"
            + (shown.to_string(index=False) if len(shown) else "none"))
    return _emit(args, doc, text)


def cmd_forecast(args) -> int:
    from lqrel.forecast import status, year_end

    params = _settings(args)
    events, _, _, customers = _load(args, params)
    as_of = _as_of(args, params)
    rows = []
    for area in ("urban", "rural"):
        f = year_end(events, customers, as_of, area, params)
        rows.append({**f.to_dict(), "status": status(f.probability_met, params)})
    table = pd.DataFrame(rows)
    text = (f"Year-end SAIDI projection from {as_of:%Y-%m-%d} (median, 80% and 95% intervals)\n"
            + _fmt_table(table.drop(columns="as_of")))
    return _emit(args, {"as_of": as_of.strftime("%Y-%m-%d"), "rows": _records(table)}, text)


def cmd_backtest(args) -> int:
    from lqrel.forecast import backtest

    params = _settings(args)
    events, _, _, customers = _load(args, params)
    table = backtest(events, customers, params)
    if table.empty:
        raise UsageError("not enough history for a backtest (two full years before a projected year)")
    summary = {"cases": len(table), "coverage_80": float(table["in80"].mean()),
               "coverage_95": float(table["in95"].mean()), "mae_h": float(table["abs_error_h"].mean())}
    text = (f"Backtest of the year-end projection from each quarter end: {summary['cases']} cases, "
            f"80% interval covered {summary['coverage_80']:.0%}, 95% covered {summary['coverage_95']:.0%}, "
            f"mean absolute error {summary['mae_h']:.2f} h\n" + table.to_string(index=False))
    doc = {**summary, "rows": _records(table.assign(as_of=table["as_of"].dt.strftime("%Y-%m-%d")))}
    return _emit(args, doc, text)


def cmd_budget(args) -> int:
    from lqrel.budget import burn_down, load_plans, what_if

    params = _settings(args)
    events, _, _, customers = _load(args, params)
    as_of = _as_of(args, params, args.year)
    year = args.year or as_of.year
    if args.what_if:
        plans, effect = what_if(events, customers, as_of, load_plans(args.what_if), params)
        text = (f"What-if from {as_of:%Y-%m-%d}: planned outages cost\n" + _fmt_table(plans) + "\n\nEffect on the "
                "year-end projection\n" + _fmt_table(effect))
        return _emit(args, {"as_of": as_of.strftime("%Y-%m-%d"), "plans": _records(plans),
                            "effect": _records(effect)}, text)
    table = burn_down(events, customers, year, as_of, params)
    text = (f"Outage-hour budget {year} up to {as_of:%Y-%m-%d} (customer-hours; budget = limit x customers served)\n"
            + _fmt_table(table))
    return _emit(args, {"year": year, "as_of": as_of.strftime("%Y-%m-%d"), "rows": _records(table)}, text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lqrel", description="Power-supply reliability indices and targets.")
    parser.add_argument("--version", action="version", version=f"lqrel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, customers=True):
        p.add_argument("events", nargs="?", help="outage log (CSV/XLSX/Parquet); default: params 'events:'")
        if customers:
            p.add_argument("--customers", help="customers served file; default: params 'customers:'")
        p.add_argument("--params", help="settings file (default ./params.yaml)")
        p.add_argument("--map", action="append", metavar="CANONICAL=HEADER", help="map a source header")
        p.add_argument("--sheet", help="XLSX sheet name or number")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument("--debug", action="store_true", help="show tracebacks")

    p = sub.add_parser("indices", help="reliability indices for a period")
    common(p)
    p.add_argument("--period", required=True, help="2022, 2022Q3, 2022H1, 2022-07 or 2021-10..2022-09")
    p.add_argument("--by", default="area", help="area plus month|quarter and town,feeder,cause,nature")
    p.add_argument("--exclude-med", action="store_true", help="remove events that began on major event days (剔除)")
    p.add_argument("--engine", choices=["pandas", "duckdb", "dask"], default="pandas",
                   help="where the aggregation runs; EVENTS may be a Parquet file or year=/month= folder")
    p.add_argument("--scheduler", help="Dask scheduler address tcp://host:8786 (default: a local 2-worker cluster)")
    p.set_defaults(func=cmd_indices)

    p = sub.add_parser("med", help="major event days of a year (IEEE 1366 2.5 beta)")
    common(p)
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_med)

    p = sub.add_parser("frequent", help="frequent-outage and warning feeders of a year")
    common(p)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--as-of", help="last day counted (default 31 December)")
    p.set_defaults(func=cmd_frequent)

    p = sub.add_parser("forecast", help="year-end SAIDI projection with intervals and the chance of meeting")
    common(p)
    p.add_argument("--as-of", required=True, help="last day of data, YYYY-MM-DD")
    p.set_defaults(func=cmd_forecast)

    p = sub.add_parser("backtest", help="projection from every past quarter end against what happened")
    common(p)
    p.set_defaults(func=cmd_backtest)

    p = sub.add_parser("budget", help="outage-hour budget burn-down, or --what-if planned outages")
    common(p)
    p.add_argument("--year", type=int)
    p.add_argument("--as-of", help="last day of data (default 31 December of --year)")
    p.add_argument("--what-if", help="CSV of planned outages (feeder or town, customers, hours)")
    p.set_defaults(func=cmd_budget)

    p = sub.add_parser("check", help="target verdicts for a year")
    common(p)
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("validate", help="reconcile the rows of an outage log; exit 1 if any are rejected")
    common(p, customers=False)
    p.add_argument("--customers", help="customers served file: also warn of events above the area's count")
    p.add_argument("--rejects", help="write the rejected rows to this CSV")
    p.add_argument("--show", type=int, default=20, help="rows shown per list")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("synth", help="write the synthetic Linqu sample")
    p.add_argument("outdir")
    p.add_argument("--years", default="2019-2024")
    p.add_argument("--seed", type=int, default=71, help="random seed (default 71: the shipped sample)")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies events and customers served")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv",
                   help="csv: the utility-style sample; parquet: compact year=/month= partitions for benchmarks")
    p.add_argument("--events", type=int, help="total events (parquet), instead of --scale")
    p.add_argument("--debug", action="store_true")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("report", help="run the report notebook and publish offline HTML (+ ipynb, xlsx)")
    common(p)
    p.add_argument("--period", help="period to report (default: the data's latest complete quarter)")
    p.add_argument("--due", action="store_true", help="the reports due today (see README: scheduling)")
    p.add_argument("--today", help="pretend today is YYYY-MM-DD (with --due)")
    p.add_argument("--all", action="store_true", help="every quarter and year from --from to --to")
    p.add_argument("--from", dest="from_year", type=int)
    p.add_argument("--to", dest="to_year", type=int)
    p.add_argument("--out", default="reports", help="output folder (default ./reports)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--formats", default="html,ipynb,xlsx")
    p.add_argument("--timeout", type=int, default=600, help="seconds a notebook cell may run")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("summary", help="indices and target verdicts of a year (default: latest full year)")
    common(p)
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return EXIT_OK
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


if __name__ == "__main__":
    sys.exit(main())
