"""What each ``lqrel`` command decides, callable from notebooks too: the settings of a run, which files, which
year or period by default, the coverage checks and the one dataset load (:func:`lqrel.dataset.load_dataset`).

Every function returns data (pandas objects, dicts, paths); none prints. A wrong argument raises
:class:`lqrel.errors.UsageError`, data that cannot answer the question :class:`lqrel.errors.DataError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from lqrel.dataset import Dataset, listed_rows, load_dataset, outside_records
from lqrel.errors import DataError, UsageError
from lqrel.params import Params, load_params, parse_date
from lqrel.periods import due_data_through, due_periods, every_period, parse_period
from lqrel.targets import check_targets
from lqrel.vocab import CANONICAL_COLUMNS

#: The findings of a validation listed by ``lqrel validate``, as :class:`lqrel.events.LoadReport` names them.
FINDINGS = ("reused_ids", "double_entries", "name_merges", "date_orders", "file_overlaps", "unknown_values")


def settings(params_file: str | Path | None = None, maps: Iterable[str] = (), sheet: str | None = None,
             data_through: str | None = None) -> Params:
    """The settings of a run: ``params_file`` (default ``./params.yaml`` when it exists, else the defaults),
    with the outage log's headers and values mapped for this run (``canonical=header`` and
    ``column.canonical=value`` items; the customers file and the application log are mapped by
    ``customers_columns``/``customers_values`` and ``applications_columns``/``applications_values`` in the
    settings), the XLSX sheet and the declared last day of the log (``YYYY-MM-DD``) on top."""
    path = Path(params_file) if params_file else Path("params.yaml")
    params = load_params(path) if (params_file or path.exists()) else load_params(None)
    value_maps = [item for item in maps if "." in item.partition("=")[0]]
    maps = [item for item in maps if item not in value_maps]
    if value_maps:
        params = params.replace(values=mapped_values(params.values, value_maps))
    if maps:
        columns = dict(params.columns)
        for item in maps:
            key, sep, header = item.partition("=")
            key = key.strip()
            if not sep or not header.strip() or key not in CANONICAL_COLUMNS:
                raise UsageError(code="map_invalid", item=repr(item), columns=", ".join(CANONICAL_COLUMNS))
            columns[key] = (header.strip(), *columns.get(key, ()))
        params = params.replace(columns=columns)
    if sheet is not None:
        params = params.replace(sheet=sheet)
    if data_through:
        try:
            params = params.replace(coverage_through=parse_date(data_through))
        except ValueError as exc:
            raise UsageError(code="data_through_invalid", value=repr(data_through)) from exc
    return params


def mapped_values(values: dict, items: Iterable[str]) -> dict:
    """``values`` (the outage log's value tables) with ``--map column.canonical=value`` items added: the source
    value means the canonical value of that column for this run (``--map nature.planned=检修停电``)."""
    from lqrel.vocab import EVENT_VALUE_COLUMNS

    out = {col: dict(table) for col, table in values.items()}
    for item in items:
        key, sep, value = item.partition("=")
        column, _, canon = key.strip().partition(".")
        known = EVENT_VALUE_COLUMNS.get(column, {})
        if not sep or not value.strip() or canon not in known:
            raise UsageError(code="map_value_item", item=item, columns=", ".join(EVENT_VALUE_COLUMNS),
                             canonicals=", ".join(known) if known else "-")
        table = out.setdefault(column, {})
        table[canon] = (value.strip(), *table.get(canon, ()))
    return out


def events_path(params: Params, given: str | Path | None = None) -> Path | tuple[Path, ...]:
    """The outage log: ``given``, else the one the settings name under ``events:``."""
    return _given_or_named(given, params.events, "no_events_file", params.source)


def customers_path(params: Params, given: str | Path | None = None) -> Path | tuple[Path, ...]:
    """The customers served: ``given``, else the file the settings name under ``customers:``."""
    return _given_or_named(given, params.customers, "no_customers_file", params.source)


def _given_or_named(given: str | Path | list | tuple | None, named: Path | tuple[Path, ...] | None, missing: str,
                    settings: str) -> Path | tuple[Path, ...]:
    """The file given on the command line, else the one the settings (the file ``settings``, or ``defaults``)
    name; :class:`UsageError` ``missing`` (a catalogue code) naming the settings file, or saying there is none."""
    if isinstance(given, list | tuple):  # EVENTS on the command line: none, one, or several (a shell's glob)
        paths = tuple(Path(g) for g in given)
        given = paths if len(paths) > 1 else (paths[0] if paths else None)
    if given:
        return given if isinstance(given, tuple) else Path(given)
    if named is None:
        raise _no_file(missing, settings)
    return named


def _no_file(code: str, settings: str) -> UsageError:
    """The error of a file neither given nor named in the settings file ``settings`` (``defaults``: none read)."""
    if settings == "defaults":
        return UsageError(code=code + "_no_settings")
    return UsageError(code=code, settings=settings)


def open_dataset(params: Params, events: str | Path | None = None, customers: str | Path | None = None,
                 through_at_most=None, applications: bool = False) -> Dataset:
    """The one dataset of a command: events, customers served, effective settings and coverage."""
    return load_dataset(params, events_path(params, events), customers_path(params, customers),
                        through_at_most=through_at_most, applications=applications)


def is_parquet(path: Path | tuple[Path, ...]) -> bool:
    """A compact events file or ``year=/month=`` folder (``lqrel synth --format parquet``); a folder of exports
    (a year of monthly files) or a list of files is a log to load."""
    if isinstance(path, tuple):
        return False
    if path.is_dir():
        return any(p.is_dir() and p.name.startswith("year=") for p in path.iterdir())
    return path.suffix.lower() in (".parquet", ".pq")


def engine_indices(events, customers: pd.DataFrame, period, by: str, params: Params, engine: str,
                   scheduler: str | None = None) -> pd.DataFrame:
    """Indices with the aggregation on ``engine`` (pandas, DuckDB or a Dask cluster at ``scheduler``, default a
    local one) over an events frame or a compact Parquet path."""
    from lqrel.engine import dask_client, open_events
    from lqrel.indices import indices

    def run():
        return indices(open_events(events, engine), customers, period, by, params, engine=engine)

    if engine == "dask":
        with dask_client(scheduler):
            return run()
    return run()


def grouped_indices(table: pd.DataFrame, period, params: Params, town_customers: pd.DataFrame | None = None
                    ) -> tuple[pd.DataFrame, list[dict]]:
    """The indices table as a command shows it, and its notes. Grouped by town, feeder, cause or nature a row's
    SAIDI is the group's customer-hours over its area's customers served: its contribution to the area's SAIDI
    (docs/spec.md §3; the rows add up to it), named ``saidi_contribution_h``, not ``saidi_h``; the customers
    served are the area's (``area_customers_served``), and ASAI, which a contribution does not give, is left out.
    Grouped by town alone, the town's own customers served and own SAIDI follow it when the customers file counts
    towns (:func:`lqrel.accountability.with_own_town_saidi`); otherwise a note says why they are not shown."""
    from lqrel.accountability import with_own_town_saidi
    from lqrel.indices import EVENT_KEYS, TIME_KEYS

    groups = [k for k in EVENT_KEYS if k in table]
    if not groups:
        return table, []
    # ASAI from a contribution is no availability of anything (and does not add up): left out; the customers
    # served are the area's, the denominator of every contribution
    out = table.rename(columns={"saidi_h": "saidi_contribution_h", "customers_served": "area_customers_served"}
                       ).drop(columns="asai", errors="ignore")
    notes = [{"code": "group_rows_contribution"}]
    if groups == ["town"]:
        if town_customers is None:
            return out, [*notes, {"code": "town_own_saidi_unknown"}]
        time_key = next((k for k in TIME_KEYS if k in out), None)
        own = with_own_town_saidi(out, town_customers, period, params.customers_basis, time_key)
        at = out.columns.get_loc("saidi_contribution_h") + 1
        for column in ("town_saidi_h", "town_customers_served"):
            out.insert(at, column, own[column])
    return out, notes


def judge(ds: Dataset, year: int) -> pd.DataFrame:
    """The target verdict of ``year`` (:func:`lqrel.targets.check_targets`), refused with the pointer to a
    projection when the data do not fully cover the year."""
    coverage = ds.require_coverage()
    if not coverage.covers_year(year):
        raise DataError(**uncovered_year(ds, year))
    return check_targets(ds, year)


def uncovered_year(ds: Dataset, year: int) -> dict:
    """Why the data give ``year`` no verdict, and what would (docs/spec.md §5a), as an error's ``code`` and
    arguments: the data hold nothing of the year (the covered years named); events of the year are cut off from
    the inferred coverage by quiet months (their rows named, the setting that declares it); the coverage starts
    after 1 January (no year to date, so no projection either); else it ends inside the year (the projection
    named)."""
    coverage = ds.coverage
    base = {"year": year, "coverage": coverage.phrase()}
    if not coverage.first.year <= year <= coverage.through.year:
        years = coverage.covered_years()
        if not years:
            return {"code": "year_outside_coverage_none", **base}
        return {"code": "year_outside_coverage", **base, "last": years[-1],
                "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])}
    outside = ds.outside_coverage  # cut off by quiet months (not after a declared end: the user said so)
    mine = outside[(outside["reason"] == "gap") & (outside["start"].dt.year == year)]
    if len(mine):
        return {"code": "year_not_covered_outside", **base, "count": len(mine), "rows": listed_rows(mine["row"])}
    if coverage.first > dt.date(year, 1, 1):
        return {"code": "year_not_covered_start", **base, "from": f"{coverage.first:%Y-%m-%d}"}
    return {"code": "year_not_covered_verdict", **base, "through": f"{coverage.through:%Y-%m-%d}"}


def summary_year(ds: Dataset, year: int | None = None) -> int:
    """The year of a summary, and of ``med`` and ``frequent`` given none: ``year``, else the latest the data fully
    cover (:func:`default_year`)."""
    return default_year(ds.require_coverage(), year)


def default_year(coverage, year: int | None = None) -> int:
    """``year``, else the latest calendar year ``coverage`` (a :class:`lqrel.coverage.Coverage`: the outage log's,
    or the application log's for ``connect``) fully covers: the one default year of every command."""
    return year or coverage.latest_year()


def frequent_span(ds: Dataset, year: int | None, as_of: str | None) -> tuple[int, pd.Timestamp]:
    """The year and last day ``lqrel frequent`` counts: ``year`` (else the year of ``as_of``, else
    :func:`summary_year`'s) through ``as_of`` (else its 31 December)."""
    day = as_of_day(as_of) if as_of else None
    year = year or (day.year if day is not None else summary_year(ds))
    return year, day if day is not None else as_of_day(None, year)


def forecast_day(ds: Dataset, as_of: str | None) -> pd.Timestamp:
    """The day ``lqrel forecast`` projects from: ``as_of``, else the last day the data cover (a projection is of
    the year to date, so not :func:`summary_year`'s finished year: docs/spec.md §7). Data that end on 31 December
    of a year they cover have nothing to project (:class:`UsageError` naming ``lqrel check``)."""
    if as_of:
        return as_of_day(as_of)
    coverage = ds.require_coverage()
    day = pd.Timestamp(coverage.through)
    if day == pd.Timestamp(day.year, 12, 31) and coverage.covers_year(day.year):
        raise UsageError(code="as_of_default_finished", through=f"{day:%Y-%m-%d}", year=day.year)
    return day


def budget_span(ds: Dataset, year: int | None, as_of: str | None) -> tuple[int, pd.Timestamp]:
    """The year and last day of actuals of ``lqrel budget``: ``as_of``, else 31 December of ``year``, else the
    last day the data cover (the year in progress, or the last one, looked back on); ``year`` else the year of that
    day. A day outside the year is refused (:class:`UsageError`): the budget runs from 1 January to 31 December."""
    if as_of is None and year is None:
        day = pd.Timestamp(ds.require_coverage().through)
        return day.year, day
    day = as_of_day(as_of, year)
    year = year or day.year
    if day.year != year:
        raise UsageError(code="as_of_outside_year", as_of=f"{day:%Y-%m-%d}", year=year)
    return year, day


def as_of_day(text: str | None, year: int | None = None) -> pd.Timestamp:
    """The last day counted: ``text`` (``YYYY-MM-DD``), else 31 December of ``year`` (which a caller gives when
    it has no ``text``)."""
    if text:
        try:
            return pd.Timestamp(text).normalize()
        except ValueError as exc:
            raise UsageError(code="as_of_invalid", value=repr(text)) from exc
    return pd.Timestamp(year=year, month=12, day=31)


def rank_table(ds: Dataset, year: int | None, level: str = "town", through: str | None = None) -> pd.DataFrame:
    """``lqrel rank``: each 供电所's (or feeder's) own SAIDI and contribution to the county's, year to date through
    ``through`` (``YYYY-MM-DD``; default 31 December) against the same period last year
    (:func:`lqrel.accountability.unit_table`); ``year`` else the year of ``through``, else :func:`summary_year`'s."""
    from lqrel.accountability import unit_table

    day = None
    if through:
        try:
            day = pd.Timestamp(parse_date(through))
        except ValueError as exc:
            raise UsageError(code="through_invalid", value=repr(through)) from exc
    return unit_table(ds, year or (day.year if day is not None else summary_year(ds)), level, day)


def budget_what_if(ds: Dataset, as_of: pd.Timestamp, plans_path: str, town: str | None = None):
    """``lqrel budget --what-if``: the plans costed, their effect on each 供电所's year budget (when ``town`` is
    given, or the plans name towns and the customers file counts them; else None) and on the areas' year-end projections
    (:func:`lqrel.town_budget.town_what_if`, :func:`lqrel.budget.what_if`)."""
    from lqrel.budget import load_plans, what_if
    from lqrel.town_budget import town_what_if

    plans = load_plans(plans_path)
    if town or ("town" in plans and ds.town_customers is not None):  # a log without towns: the areas only
        return town_what_if(ds, as_of, plans, town)
    costs, effect = what_if(ds, as_of, plans)
    return costs, None, effect


def town_budget(ds: Dataset, year: int, as_of: pd.Timestamp, town: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``lqrel budget --town NAME`` (``all``: every town): each town's budget status and its burn-down by month
    (:func:`lqrel.town_budget.town_status`, :func:`lqrel.town_budget.town_burn_down`)."""
    from lqrel.customers import name_key
    from lqrel.town_budget import town_burn_down, town_status

    monthly = town_burn_down(ds, year, as_of)
    if town != "all":
        monthly = monthly[monthly["town"].map(name_key) == name_key(town)]
        if monthly.empty:
            raise UsageError(code="town_unknown", town=repr(town))
    return town_status(monthly), monthly


def validation(params: Params, events: str | Path | None = None, customers: str | Path | None = None) -> Dataset:
    """A validated load for ``lqrel validate``: the customers file is ``customers``, or the settings' (as for
    every other command); without either, the customers checks are left out. A log without data rows is an
    error."""
    ds = load_dataset(params, events_path(params, events), Path(customers) if customers else params.customers,
                      validate=True)
    report = ds.load_report
    if not report.rows_read:
        raise DataError(code="no_data_rows", file=report.path, row=report.header_row)
    return ds


def findings(ds: Dataset) -> dict:
    """What a validation found beyond rejects and warnings: reused ids, probable double entries, name merges,
    date orders read (empty when none) and the events outside the coverage (``outside_coverage``)."""
    report = ds.load_report
    found = {key: getattr(report, key, None) or ([] if key != "date_orders" else {}) for key in FINDINGS}
    return {**found, "outside_coverage": outside_records(ds.outside_coverage)}


def refuse_overwriting(target: Path, inputs: Iterable[Path]) -> None:
    """An output file must not be one of the command's inputs (``validate X --rejects X`` once overwrote X)."""
    flat = [p for source in inputs for p in (source if isinstance(source, tuple) else (source,))]
    for source in flat:
        try:
            same = target.exists() and source.exists() and target.samefile(source)
        except OSError:
            same = False
        if same:
            raise UsageError(code="rejects_over_input", target=target, source=source)


def major_events(ds: Dataset, year: int) -> tuple[pd.DataFrame, dict]:
    """The day table of ``year`` (:func:`lqrel.med.major_event_days`) and the note on what T_MED rests on (five
    years, fewer, or none)."""
    from lqrel.med import history_note, major_event_days

    table = major_event_days(ds, year)
    return table, history_note(table, year)


def frequent_units(ds: Dataset, year: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """Frequent-outage and warning units of ``year`` up to ``as_of``, the major event days left out.
    ``attrs["empty"]``: the catalogue code saying why there is none (``frequent_no_feeder``: counted by feeder, and
    the log has no feeder column)."""
    from lqrel.frequent import classify, lacks_feeders
    from lqrel.med import med_dates

    table = classify(ds.events, year, as_of, ds.params, exclude_dates=med_dates(ds, [year]))
    table.attrs["empty"] = "frequent_no_feeder" if lacks_feeders(ds) else "none"
    return table


def year_end_projection(ds: Dataset, as_of: pd.Timestamp):
    """The year-end SAIDI projection of each judged area from ``as_of``, its odds only where this data's own
    calibration before the year checks them. A year the data cover to 31 December is not projected: it has its
    verdict (docs/spec.md §7; :class:`UsageError` naming ``lqrel check``).

    Returns
    -------
    table : pandas.DataFrame
        One row per area (:class:`lqrel.forecast.YearEnd` fields, ``probability_met`` and ``status``).
    calibration : lqrel.calibration.Calibration
        Cached by input, as the reports keep it.
    notes : list of dict
        The notes on the basis of the targets.
    """
    from lqrel.calibration import odds, own
    from lqrel.forecast import year_end
    from lqrel.report.state import state_dir
    from lqrel.targets import basis

    if as_of == pd.Timestamp(as_of.year, 12, 31) and ds.require_coverage().covers_year(as_of.year):
        raise UsageError(code="as_of_finished_year", as_of=f"{as_of:%Y-%m-%d}", year=as_of.year)
    areas, notes = basis(ds, as_of.year)
    rows = []
    for area in areas:
        f = year_end(ds, as_of, area)
        probability, word = odds(f.probability_met, ds, before=as_of.year)  # odds the past cannot check: none
        rows.append({**f.to_dict(), "probability_met": probability, "status": word})
    return pd.DataFrame(rows), own(ds, state_dir() / "calibration", before=as_of.year), notes


def backtest_summary(ds: Dataset) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """The projection from every past quarter end against what happened: the cases, their summary (cases,
    interval coverage, mean absolute error [h]) and the coverage by as-of month."""
    from lqrel.calibration import coverage_table
    from lqrel.forecast import backtest

    table = backtest(ds)
    if table.empty:
        raise UsageError(code="backtest_short")
    summary = {"cases": len(table), "coverage_80": float(table["in80"].mean()),
               "coverage_95": float(table["in95"].mean()), "mae_h": float(table["abs_error_h"].mean())}
    return table, summary, coverage_table(table, ["month"])


def report_plan(params: Params, period: str | None = None, due: bool = False, today: str | None = None,
                every: bool = False, from_year: int | None = None, to_year: int | None = None):
    """The periods a ``lqrel report`` run builds and the last day its data may cover.

    ``due``: the reports due ``today`` (default: today in the settings' zone), on data up to the day before (in
    the last week of June: up to 31 May, :func:`lqrel.periods.due_data_through`);
    ``every``: every quarter, half-year and year from ``from_year`` to ``to_year``; else ``period`` (none: the
    latest quarter the data fully cover, settled by :func:`report_periods`). Every label is checked here,
    before any run.

    Returns
    -------
    periods : list of str
    parsed : list of lqrel.periods.Period
    through_at_most : datetime.date or None
    """
    through_at_most = None
    if due:
        day = pd.Timestamp(today) if today else pd.Timestamp.now(tz=params.timezone).tz_localize(None)
        periods = due_periods(day)
        through_at_most = due_data_through(day)
    elif every:
        if not (from_year and to_year) or from_year > to_year:
            raise UsageError(code="all_needs_years")
        periods = every_period(from_year, to_year)
    else:
        periods = [period] if period else []
    return periods, [parse_period(p, params.timezone) for p in periods], through_at_most


def report_periods(ds: Dataset, periods: list[str]) -> list[str]:
    """The periods planned, or the latest quarter the data fully cover."""
    return periods or [ds.require_coverage().latest_quarter()]


def shows_connection(parsed: list) -> bool:
    """Whether any of the periods' reports shows connection time (then the application log is read)."""
    from lqrel.report.tables import shows_connection as shown

    return any(shown(p) for p in parsed)


def synth_sample(outdir: str | Path, years_text: str, seed: int, scale: float, fmt: str = "csv",
                 events: int | None = None) -> tuple[Path, ...]:
    """Write the synthetic Linqu sample (``years_text`` ``YYYY-YYYY``): the utility-style CSV files with the
    application log from 2020 on, or compact Parquet partitions of ``events`` events; the paths written."""
    from lqrel.synth import SAMPLE_SEED, write_parquet_sample, write_sample

    first, _, last = years_text.partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError as exc:
        raise UsageError(code="years_invalid", value=repr(years_text)) from exc
    if scale <= 0:
        raise UsageError(code="scale_not_positive")
    if fmt == "parquet":
        return tuple(write_parquet_sample(outdir, years, seed, scale, events))
    if events is not None:
        raise UsageError(code="events_needs_parquet")
    paths = tuple(write_sample(outdir, years, seed, scale))
    from lqrel.synth import APPLICATIONS_SEED, FIRST_YEAR, write_applications

    app_years = range(max(years.start, FIRST_YEAR), years.stop)  # the 附件2 limits date from 2020
    if len(app_years):
        paths = (*paths, write_applications(outdir, app_years, APPLICATIONS_SEED if seed == SAMPLE_SEED else seed))
    return paths


def connection_figures(params: Params, period: str | None, applications: str | Path | None = None):
    """Connection time of the applications connected in ``period`` (else in the latest year the application log
    fully covers, :func:`default_year`): the figures
    (:func:`lqrel.connection.figures_for`) with what makes each application late
    (:func:`lqrel.connection_late.add_late`), and the loaded log (``applications``, else the settings')."""
    from lqrel.applications import load_applications
    from lqrel.connection import figures_for
    from lqrel.connection_late import add_late

    source = Path(applications) if applications else params.applications
    if source is None:
        raise _no_file("no_applications_file", params.source)
    apps = load_applications(source, params, params.coverage_through, sheet=params.sheet)
    if apps.apps.empty:
        report = apps.report
        raise DataError(code="no_application_accepted", file=source, read=report.rows_read,
                        rejected=report.rejected, duplicates=report.duplicates)
    period = period or str(default_year(apps.coverage))  # none given: the latest year the log fully covers
    figures = figures_for(apps, parse_period(period, params.timezone), params.connection)
    return add_late(figures, params.connection), apps
