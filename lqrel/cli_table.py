"""The ``lqrel`` commands and their options as data, from which :func:`lqrel.cli.build_parser` builds the parser.

An option is ``(flags, keywords)`` as :meth:`argparse.ArgumentParser.add_argument` takes them. A command lists
its options in order, each either the name of a shared option in :data:`SHARED` or its own. A shared option's
help may name a ``{word}`` that each command fills in (:data:`WORDS`, then the command's own ``words``), so the
examples fit the command.
"""

from __future__ import annotations

from typing import NamedTuple

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
    "events": opt("events", nargs="?", metavar="EVENTS", help="outage log, CSV/XLSX/Parquet (e.g. "
                  "data/linqu_outages.csv); default: params 'events:'"),
    "customers": opt("--customers", metavar="FILE", help="customers served (e.g. --customers "
                     "data/linqu_customers.csv); default: params 'customers:'"),
    "params": opt("--params", metavar="FILE", help="settings file (e.g. --params county.yaml); default "
                  "./params.yaml"),
    "map": opt("--map", action="append", metavar="CANONICAL=HEADER",
               help="map a source header for this run, repeatable (e.g. --map {map})"),
    "sheet": opt("--sheet", metavar="NAME|N", help="XLSX sheet by name or number (e.g. {sheet})"),
    "data-through": opt("--data-through", metavar="YYYY-MM-DD", help="{through}"),
    "json": opt("--json", action="store_true", help="print one JSON object (e.g. {json} --json)"),
    "debug": opt("--debug", action="store_true", help="show the traceback of an error instead of one line"),
    "lang": opt("--lang", default="zh", choices=["zh", "en"], help="{lang} language (e.g. --lang en); default zh"),
    "show": opt("--show", type=int, default=20, metavar="N", help="{shown} shown per list (e.g. --show 50)"),
}

#: The words the shared options' help takes unless a command gives its own.
WORDS = {
    "map": "customers=影响客户数", "sheet": "--sheet 2022 or --sheet 2", "json": "lqrel check --year 2022",
    "through": "last day the log covers (e.g. --data-through 2022-06-30); default: params 'coverage:', else the "
               "end of the month of the last event",
}

#: The options of every command that reads a log: settings, mappings, sheet, coverage, JSON, debug.
READING = ("params", "map", "sheet", "data-through", "json", "debug")
#: ... and the outage log and customers served.
LOG = ("events", "customers", *READING)

COMMANDS = (
    Command("indices", "reliability indices for a period", "lqrel indices --period 2022Q3 --by area,month", (
        *LOG,
        opt("--period", required=True, metavar="P",
            help="2022, 2022Q3, 2022H1, 2022-07 or 2021-10..2022-09 (e.g. --period 2022H1)"),
        opt("--by", default="area", metavar="KEYS",
            help="area plus month or quarter and any of town,feeder,cause,nature (e.g. --by area,town)"),
        opt("--exclude-med", action="store_true",
            help="leave out the outages that began on major event days, the 剔除 figures (e.g. --exclude-med)"),
        opt("--engine", choices=["pandas", "duckdb", "dask"], default="pandas",
            help="where the aggregation runs; EVENTS may then be a Parquet file or year=/month= folder (e.g. "
                 "--engine duckdb)"),
        opt("--scheduler", metavar="ADDRESS",
            help="Dask scheduler (e.g. --scheduler tcp://10.0.0.5:8786); default: a local 2-worker cluster"))),
    Command("med", "major event days of a year (IEEE 1366 2.5 beta)", "lqrel med --year 2022", (
        *LOG, opt("--year", type=int, required=True, help="the year classified (e.g. --year 2022)"))),
    Command("frequent", "frequent-outage and warning feeders of a year", "lqrel frequent --year 2022 --as-of "
            "2022-09-30", (
        *LOG, opt("--year", type=int, required=True, help="the year counted (e.g. --year 2022)"),
        opt("--as-of", metavar="YYYY-MM-DD", help="last day counted (e.g. --as-of 2022-09-30); default 31 "
            "December"))),
    Command("forecast", "year-end SAIDI projection with intervals and the chance of meeting the target",
            "lqrel forecast --as-of 2022-06-30", (
        *LOG, opt("--as-of", required=True, metavar="YYYY-MM-DD",
                  help="last day of data used, inside the coverage (e.g. --as-of 2022-06-30)"))),
    Command("backtest", "the projection from every past quarter end against what happened", "lqrel backtest",
            LOG),
    Command("budget", "outage-hour budget burn-down, or the cost of planned outages (--what-if)",
            "lqrel budget --year 2024 --as-of 2024-06-30", (
        *LOG, opt("--year", type=int, help="the budget's year (e.g. --year 2024)"),
        opt("--as-of", metavar="YYYY-MM-DD", help="last day of actuals (e.g. --as-of 2024-06-30); default 31 "
            "December of --year"),
        opt("--what-if", metavar="CSV", help="planned outages to cost: feeder or town, customers, hours (e.g. "
            "--what-if plans.csv)"))),
    Command("connect", "connection time (办电时长) per customer type and stage against the action plan's 附件2",
            "lqrel connect --period 2024", (
        opt("applications", nargs="?", metavar="APPLICATIONS",
            help="application log, CSV/XLSX/Parquet, wide or long (e.g. data/linqu_applications.csv); default: "
                 "params 'applications:'"),
        opt("--period", required=True, metavar="P",
            help="applications connected in 2024, 2024H1, 2024Q3, 2024-07 or 2023-10..2024-09 (e.g. --period "
                 "2024H1)"),
        *READING, "lang", "show"),
        {"map": "customer_type=客户分类", "sheet": "--sheet 2", "json": "lqrel connect --period 2024",
         "through": "last day the log covers (e.g. --data-through 2024-06-30); default: the end of the month of "
                    "its latest time", "lang": "text", "shown": "applications"}),
    Command("check", "the target verdict of a year the data fully cover", "lqrel check --year 2022", (
        *LOG, opt("--year", type=int, required=True, help="the year judged (e.g. --year 2022)"))),
    Command("validate", "reconcile the rows of an outage log; exit 1 if any are rejected",
            "lqrel validate export.xlsx --rejects rejects.csv", (
        "events", *READING,
        opt("--customers", metavar="FILE", help="customers served: also warn of events above the area's count "
            "(e.g. --customers data/linqu_customers.csv)"),
        opt("--rejects", metavar="CSV", help="write the rejected rows to this CSV, never over an input (e.g. "
            "--rejects rejects.csv)"),
        "show"), {"shown": "rows"}),
    Command("synth", "write the synthetic Linqu sample", "lqrel synth data", (
        opt("outdir", metavar="OUTDIR", help="folder to write (e.g. data)"),
        opt("--years", default="2019-2024", metavar="Y1-Y2", help="years (e.g. --years 2019-2024)"),
        opt("--seed", type=int, default=71, help="random seed (e.g. --seed 7); default 71: the shipped sample"),
        opt("--scale", type=float, default=1.0, help="multiplies events and customers served (e.g. --scale 10)"),
        opt("--format", choices=["csv", "parquet"], default="csv",
            help="csv: the utility-style sample; parquet: compact year=/month= partitions for benchmarks (e.g. "
                 "--format parquet)"),
        opt("--events", type=int, metavar="N", help="total events with --format parquet, instead of --scale (e.g. "
            "--events 100000000)"),
        "debug")),
    Command("report", "run the report notebook and publish the offline page (and workbook, notebook, Word)",
            "lqrel report --period 2022H1 --out /srv/www/reliability", (
        *LOG,
        opt("--period", metavar="P", help="period to report (e.g. --period 2022Q3); default: the latest quarter "
            "the data fully cover"),
        opt("--due", action="store_true", help="the reports due today: the last quarter; from 24 June the first "
            "half-year on the data through May, in July on June's; in January also the year (e.g. --due in cron)"),
        opt("--today", metavar="YYYY-MM-DD", help="pretend today is this day, with --due (e.g. --today "
            "2022-07-01)"),
        opt("--all", action="store_true", help="every quarter, half-year and year from --from to --to (e.g. --all "
            "--from 2020 --to 2024)"),
        opt("--from", dest="from_year", type=int, metavar="YEAR", help="first year of --all (e.g. --from 2020)"),
        opt("--to", dest="to_year", type=int, metavar="YEAR", help="last year of --all (e.g. --to 2024)"),
        opt("--out", default="reports", metavar="DIR", help="published folder (e.g. --out /srv/www/reliability); "
            "default ./reports"),
        "lang",
        opt("--formats", metavar="LIST", help="of html,ipynb,xlsx,docx,pdf (e.g. --formats html,docx); default "
            "html,ipynb,xlsx, and docx for a half-year or a year; pdf needs Chromium"),
        opt("--names", choices=["en", "zh"], default="en", help="file names: lqrel-report-2022Q3.html, or with zh "
            "临朐县2022年第三季度供电可靠性分析报告.html (e.g. --names zh)"),
        opt("--timeout", type=int, default=600, metavar="SECONDS", help="seconds a notebook cell may run (e.g. "
            "--timeout 1200)"),
        opt("--state-dir", metavar="DIR", help="private folder for locks, runs and failed notebooks (e.g. "
            "--state-dir /var/lib/lqrel); default $LQREL_STATE_DIR, else ~/.cache/lqrel")),
        {"lang": "report"}),
    Command("inspect", "how an export (outage log, customers served, application log) maps to lqrel, and the "
            "settings that make it load", "lqrel inspect 停电记录2024.xlsx --write params.yaml", (
        opt("files", nargs="+", metavar="FILES", help="exports to inspect, CSV/XLSX/Parquet (e.g. 停电记录.csv)"),
        opt("--kind", choices=["events", "customers", "applications"],
            help="the file's kind instead of the one its headers suggest (e.g. --kind customers)"),
        opt("--write", metavar="PARAMS_FILE", help="write or merge the certain settings into this YAML file, "
            "nothing there replaced; comments are kept unless a key it sets is merged, then the previous text is "
            "kept as PARAMS_FILE.bak (e.g. --write params.yaml)"),
        "params", "map", "sheet", "lang", "json", "debug"),
        {"map": "start=停电开始", "sheet": "--sheet 2024年", "json": "lqrel inspect export.csv", "lang": "output"}),
    Command("summary", "indices and target verdicts of a year", "lqrel summary --year 2022", (
        *LOG, opt("--year", type=int, help="the year (e.g. --year 2022); default: the latest fully covered"))),
)
