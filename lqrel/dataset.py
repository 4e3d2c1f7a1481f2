"""One loaded dataset: what every command, report and notebook works on.

A :class:`Dataset` holds the accepted events, the rejected rows and the load report, the customers served, the
effective settings (params.yaml with the command line's ``--map``, ``--sheet``, ``--data-through`` applied) and
the data coverage (:mod:`lqrel.coverage`). It is built once, by :func:`load_dataset` (files) or
:func:`from_frames` (frames already in memory); the command line and the notebooks receive the same object and
call the same functions on it. The compact event table the engines read is built once per dataset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lqrel.coverage import Coverage, empty_outside, outside, resolve
from lqrel.customers import customers_served, extend_customers
from lqrel.errors import DataError
from lqrel.events import REJECT_COLUMNS, LoadReport, warnings_frame
from lqrel.messages import text
from lqrel.params import Params, load_params, parse_date
from lqrel.periods import Period, parse_period


@dataclass(frozen=True, eq=False)
class Dataset:
    """Events, customers served, settings and coverage, loaded once (see the module docstring).

    Attributes
    ----------
    events : pandas.DataFrame
        Accepted events (:func:`lqrel.load_events`).
    customers : pandas.DataFrame
        Customers served per area and month (:func:`lqrel.load_customers`), as given.
    params : Params
        The effective settings.
    coverage : Coverage or None
        The dates the log speaks for; None only for a log without events and without declared coverage.
    rejects : pandas.DataFrame
        Rejected rows (row, column, value, reason).
    load_report : LoadReport or None
        The reconciliation of the events file (None for frames built in memory).
    customers_path : str
        Where the customers came from ("" for a frame).
    town_customers : pandas.DataFrame or None
        Customers served per town and month (``area``, ``town``, ``month``, ``customers``) when the customers
        file gives them: each town's own SAIDI can then be shown beside its contribution.
    applications : lqrel.applications.Applications or None
        The application log (办电时长), when the report was asked to include it.
    outside_coverage : pandas.DataFrame
        The events that start outside the coverage (``row``, ``start``, ``reason``: ``gap``, ``after_through``,
        ``before_from``; :func:`lqrel.coverage.outside`). They stay in ``events``; a period is clipped to the
        coverage, so no figure reaches them.
    """

    events: pd.DataFrame
    customers: pd.DataFrame
    params: Params
    coverage: Coverage | None
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECT_COLUMNS)))
    load_report: LoadReport | None = None
    customers_path: str = ""
    town_customers: pd.DataFrame | None = None
    applications: Any = None
    outside_coverage: pd.DataFrame = field(default_factory=empty_outside)
    memo: dict = field(default_factory=dict, repr=False)

    @cached_property
    def compact(self) -> pd.DataFrame:
        """The compact event table (:func:`lqrel.engine.compact`), row for row with ``events``."""
        from lqrel.engine import compact

        return compact(self.events)

    def subset(self, keep) -> Dataset:
        """The same dataset with only the events where ``keep`` (aligned to ``events``) is true; the compact
        table is filtered alike, not rebuilt."""
        keep = pd.Series(keep, index=self.events.index).to_numpy(dtype=bool)
        out = Dataset(self.events[keep].reset_index(drop=True), self.customers, self.params, self.coverage,
                      self.rejects, self.load_report, self.customers_path, self.town_customers, self.applications,
                      self.outside_coverage)
        out.__dict__["compact"] = self.compact[keep].reset_index(drop=True)
        return out

    def has_column(self, name: str) -> bool:
        """Whether the outage log has the optional column ``name`` (canonical: ``feeder``, ``cause``...): by the
        load report's column mapping; for a log built in memory, whether any event has a value in it."""
        if self.load_report is not None:
            return name in self.load_report.columns
        return name in self.events and bool((self.events[name].astype(str) != "").any())

    def require_coverage(self) -> Coverage:
        """The coverage; a DataError when the data cannot say which dates they cover."""
        if self.coverage is None:
            raise DataError(code="no_coverage")
        return self.coverage

    def period(self, text: str | int | Period) -> Period:
        """A period from its label, in the settings' time zone."""
        return text if isinstance(text, Period) else parse_period(text, self.params.timezone)

    def clip(self, period: str | int | Period) -> tuple[Period, bool]:
        """The part of ``period`` inside the coverage and whether that is all of it (``complete``)."""
        period = self.period(period)
        coverage = self.require_coverage()
        return coverage.clip(period), coverage.covers(period)

    def indices(self, period: str | int | Period, by=("area",), engine: str | None = None) -> pd.DataFrame:
        """:func:`lqrel.indices` of this dataset for a period (not clipped: see :meth:`clip`)."""
        from lqrel.indices import indices

        return indices(self.compact, self.customers, self.period(period), by, self.params, engine)

    def customers_for(self, period: Period) -> tuple[pd.DataFrame, list[tuple[str, pd.Period, pd.Period]]]:
        """Customers served for a period that may run past the coverage (budgets, projections): months after
        ``through`` without a count take the last known month's (:func:`lqrel.customers.extend_customers`).
        Returns the table and the months filled (area, month, from month)."""
        coverage = self.require_coverage()
        last = pd.Period((period.end - pd.Timedelta(microseconds=1)).tz_localize(None), freq="M")
        if last <= coverage.last_month:
            return self.customers, []
        return extend_customers(self.customers, coverage.last_month, last)

    def served(self, area: str, period: Period, extend: bool = False) -> float:
        """Customers served N_T of an area in a period [customers] (``customers_basis``); with ``extend``,
        months after the coverage take the last known count."""
        table = self.customers_for(period)[0] if extend else self.customers
        return customers_served(table, area, period, self.params.customers_basis)

    def describe_coverage(self, period: Period | None = None, complete: bool = True, lang: str = "zh") -> str:
        """The data coverage in one line in ``lang``, saying so when ``period`` is only partly covered
        (``complete`` false)."""
        if self.coverage is None:
            line = text("coverage_unknown", {}, lang, "cli")
        else:
            line = text("coverage_line", {"coverage": self.coverage.describe(lang)}, lang, "cli")
        if period is not None and not complete:
            line += text("coverage_partial", {"label": period.label}, lang, "cli")
        return line

    def data_notes(self) -> list[dict]:
        """Notes on the data every result rests on (codes of :data:`lqrel.messages.NOTES`), each with its rows:
        ``double_entries`` (probable double entries), ``name_merges`` (names written more than one way, counted
        as one), ``reused_ids`` (an id on different outages, every row kept), ``rejected_rows`` (rows in no
        figure) and ``outside_coverage`` (events kept out of every figure; ``outside_coverage_due`` when all are
        after the scheduled run's data cut-off); only those that occur."""
        read = self.load_report.rows_read if self.load_report is not None else len(self.events) + len(self.rejects)
        return data_notes(self.load_report, self.outside_coverage, self.coverage, self.params, self.rejects, read)


def input_line(report: LoadReport, lang: str = "zh") -> str:
    """The reconciliation of the rows read, in ``lang``: rows read = accepted + rejected + duplicates."""
    return text("input_line", {"path": report.source(lang), "read": report.rows_read, "accepted": report.accepted,
                               "rejected": report.rejected, "duplicates": report.duplicates}, lang, "cli")


def row_of(value) -> int | str:
    """A source row as JSON and messages give it: its number, or ``file:row`` for a log of several files."""
    return int(value) if isinstance(value, int | np.integer) else str(value)


def _row_order(value: int | str) -> tuple:
    """Sort key of :func:`row_of` values: by number, ``file:row`` by file and then number."""
    if isinstance(value, int):
        return ("", value)
    name, _, number = value.rpartition(":")
    return (name, int(number) if number.isdigit() else 0)


def _sorted_rows(values) -> list[int | str]:
    return sorted({row_of(r) for r in values}, key=_row_order)


def listed_rows(values, limit: int = 20) -> str:
    """Source rows in order as a message lists them: ``5, 9, ... (+3)``, ``file:row`` for a log of several files."""
    return _rows_text(_sorted_rows(values), limit)


def _rows_text(rows: list[int], limit: int = 20) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f", ... (+{len(rows) - limit})" if len(rows) > limit else "")


def copies_listed(report: LoadReport, limit: int = 10, with_file: bool = False) -> str:
    """The exact repeated rows dropped (``report.duplicate_copies``), each as ``row → row`` (the row dropped, then
    the row kept that it repeats; ``file:row`` labels for a log of several files, and with ``with_file`` for one
    file too), the first ``limit`` of them."""
    name = Path(report.path).name

    def at(row) -> str:
        return f"{name}:{row}" if with_file and not isinstance(row, str) else str(row)

    copies = report.duplicate_copies
    return "; ".join(f"{at(c['row'])} → {at(c['kept'])}" for c in copies[:limit]) + (
        f"; ... (+{len(copies) - limit})" if len(copies) > limit else "")


def data_notes(report: LoadReport | None, outside_rows: pd.DataFrame, coverage: Coverage | None,
               params: Params, rejects: pd.DataFrame | None = None, rows_read: int = 0) -> list[dict]:
    """The notes of :meth:`Dataset.data_notes` from a load report, the rejected rows (of ``rows_read``) and the
    events outside the coverage."""
    notes = []
    copies = list(getattr(report, "duplicate_copies", None) or [])
    if copies:  # one file named apart, in an aside the reports leave out; several files' rows name theirs
        several = bool(getattr(report, "files", None))
        notes.append({"code": "duplicate_copies_files" if several else "duplicate_copies", "count": len(copies),
                      "listed": copies_listed(report), "copies": copies,
                      **({} if several else {"file": Path(report.path).name})})
    doubles = list(getattr(report, "double_entries", None) or [])
    if doubles:
        rows = _sorted_rows(r for g in doubles for r in g.get("rows", []))
        dropped = _sorted_rows(r for g in doubles for r in g.get("dropped_rows", []))
        listed = "; ".join(f"{', '.join(map(str, g.get('ids', [])))} ({_rows_text(list(g.get('rows', [])), 6)})"
                           for g in doubles[:10]) + (f"; ... (+{len(doubles) - 10})" if len(doubles) > 10 else "")
        notes.append({"code": "double_entries", "count": len(doubles), "listed": listed,
                      "dropped": len(dropped), "policy": params.double_entries, "rows": rows,
                      "dropped_rows": dropped, "groups": doubles})
    merges = list(getattr(report, "name_merges", None) or [])
    if merges:
        listed = "; ".join(f"{m['name']} ← {' / '.join(m['spellings'])}" for m in merges[:10]) + (
            f"; ... (+{len(merges) - 10})" if len(merges) > 10 else "")
        notes.append({"code": "name_merges", "count": len(merges), "listed": listed, "merges": merges})
    reused = list(getattr(report, "reused_ids", None) or [])
    if reused:
        rows = _sorted_rows(r for g in reused for r in g.get("rows", []))
        listed = "; ".join(f"{g.get('id')} ({_rows_text(list(g.get('rows', [])), 6)})" for g in reused[:10]) + (
            f"; ... (+{len(reused) - 10})" if len(reused) > 10 else "")
        notes.append({"code": "reused_ids", "count": len(reused), "listed": listed, "rows": rows, "ids": reused})
    rejected = [] if rejects is None else _sorted_rows(rejects["row"])
    if rejected:
        # the share of the rows read: a verdict resting on half a log says so
        notes.append({"code": "rejected_rows", "read": rows_read, "share": len(rejected) / max(rows_read, 1),
                      "count": len(rejected), "listed": _rows_text(rejected),
                      "rows": rejected})
    if outside_rows is not None and len(outside_rows) and coverage is not None:
        rows = [row_of(r) for r in outside_rows["row"]]
        reasons = {reason: [row_of(r) for r in outside_rows.loc[outside_rows["reason"] == reason, "row"]]
                   for reason in dict.fromkeys(outside_rows["reason"])}
        after_due = coverage.due is not None and set(reasons) == {"after_through"}  # the run's cut-off, not declared
        notes.append({"code": "outside_coverage_due" if after_due else "outside_coverage", "count": len(rows),
                      "listed": _rows_text(rows), "from": coverage.first.isoformat(),
                      "through": coverage.through.isoformat(), "rows": rows, "reasons": reasons,
                      **({"due": coverage.due.isoformat()} if after_due else {})})
    return notes


def outside_records(frame: pd.DataFrame) -> list[dict]:
    """``outside_coverage`` as JSON records: ``{"row", "start" ("YYYY-MM-DD HH:MM", local), "reason"}``."""
    return [{"row": row_of(r), "start": f"{s:%Y-%m-%d %H:%M}", "reason": str(why)}
            for r, s, why in zip(frame["row"], frame["start"], frame["reason"], strict=True)]


def _outside_warnings(frame: pd.DataFrame, coverage: Coverage, column: str) -> pd.DataFrame:
    """One warning per event outside the coverage: ``outside_coverage`` (after a declared end, before a declared
    start) or ``outside_coverage_gap`` (beyond a run of months without events)."""
    bounds = {"from": coverage.first.isoformat(), "through": coverage.through.isoformat()}
    due = {"due": coverage.due.isoformat()} if coverage.due is not None else {}
    codes = {"gap": "outside_coverage_gap", "after_through": "outside_coverage_due" if due else "outside_coverage"}
    return warnings_frame([
        (row_of(r), column, f"{s:%Y-%m-%d %H:%M}", codes.get(why, "outside_coverage"),
         {**bounds, **(due if codes.get(why) == "outside_coverage_due" else {}), "reason": str(why)})
        for r, s, why in zip(frame["row"], frame["start"], frame["reason"], strict=True)])


def from_frames(events: pd.DataFrame, customers: pd.DataFrame, params: Params | dict | str | Path | None = None,
                coverage: Coverage | tuple | None = None, rejects: pd.DataFrame | None = None,
                load_report: LoadReport | None = None, customers_path: str = "") -> Dataset:
    """A dataset from frames already in memory.

    Parameters
    ----------
    events, customers : pandas.DataFrame
        From :func:`lqrel.load_events` and :func:`lqrel.load_customers` (or built the same way).
    params : optional
        Settings (:func:`lqrel.load_params`).
    coverage : Coverage or (from, through), optional
        Declared coverage (dates or ``YYYY-MM-DD``; either may be None); else ``coverage`` in the settings,
        else inferred from the events' months (:func:`lqrel.coverage.stretch`: a run of ``coverage_gap_months``
        empty months is not bridged; the events beyond it are in ``outside_coverage``).
    """
    params = load_params(params)
    if isinstance(coverage, Coverage):
        resolved = coverage
    else:
        first, through = coverage if coverage is not None else (params.coverage_from, params.coverage_through)
        first = parse_date(first) if first is not None else None
        through = parse_date(through) if through is not None else None
        resolved = resolve(events["start"], params.timezone, first, through, gap_months=params.coverage_gap_months)
    if rejects is None:
        rejects = pd.DataFrame(columns=list(REJECT_COLUMNS))
    return Dataset(events, customers, params, resolved, rejects, load_report, customers_path,
                   outside_coverage=outside(events, resolved))


def load_dataset(params: Params | dict | str | Path | None = None, events: str | Path | None = None,
                 customers: str | Path | None = None, data_through: dt.date | str | None = None,
                 through_at_most: dt.date | None = None, applications: str | Path | bool | None = None,
                 validate: bool = False) -> Dataset:
    """Read and validate an outage log and its customers served: the one way every command, ``lqrel validate``
    and every notebook loads data, so the same files give the same rejects and warnings (codes and rows).

    It reads the log (:func:`lqrel.load_events`: rejects, duplicates, reused ids, double entries, name merges,
    date orders), reads the customers file as a panel (:func:`lqrel.customers.read_customers`), checks the event
    towns against it (:func:`lqrel.customers.check_event_towns`), resolves the coverage (declared, else the
    longest stretch without a run of ``coverage_gap_months`` empty months) and names the events outside it
    (``outside_coverage``), and adds the warnings ``customers_above_served``, ``outside_coverage`` and
    ``outside_coverage_gap`` to the load report.

    Parameters
    ----------
    params : Params, dict, str or pathlib.Path, optional
        Settings (with ``--map``/``--sheet`` already applied by the caller); ``events:``/``customers:`` name
        the files unless given here.
    events, customers : path, optional
        Files overriding those in the settings.
    data_through : date or ``YYYY-MM-DD``, optional
        Last day the log covers (``--data-through``), overriding ``coverage.through``.
    through_at_most : date, optional
        Cut an *inferred* coverage end to this day (a scheduled run cannot have data for its own day); events
        after it are outside the coverage (``after_through``).
    applications : path or bool, optional
        Also load an application log (办电时长): this file, or with True the one named under ``applications:``
        (none when the settings name none). Its coverage is declared by the same ``data_through`` or inferred
        from its own months.
    validate : bool
        For ``lqrel validate``: the customers file is optional (only ``customers`` is used, not the settings'
        file; without one, the dataset has an empty customers table and the checks that need it are not made),
        and a log without any accepted row is returned, not refused, so that its rejects can be listed.

    Raises
    ------
    InputError, ParamsError, DataError
        One clear message naming the file, row, column, value or setting; a log without any accepted event
        is such an error too (except with ``validate``).
    """
    from lqrel.customers import customers_above_served
    from lqrel.events import load_events

    params = load_params(params)
    if data_through is not None:
        params = params.replace(coverage_through=parse_date(data_through))
    events_file = _source(events) if events else params.events
    customers_file = _source(customers) if customers else (None if validate else params.customers)
    if events_file is None:
        raise DataError(code="dataset_no_events_file")
    if customers_file is None and not validate:
        raise DataError(code="dataset_no_customers_file")
    accepted, rejects, report = load_events(events_file, params)
    if accepted.empty and not validate:  # a header-only file, or nothing valid: every command stops here
        if not report.rows_read:
            raise DataError(code="dataset_no_data_rows", file=report.path)
        raise DataError(code="no_row_accepted", file=report.path, rows_read=report.rows_read,
                        rejected=report.rejected, duplicates=report.duplicates)
    served, towns = _customers_served(customers_file, accepted, params, events_file)
    declared_both = params.coverage_from is not None and params.coverage_through is not None
    if accepted.empty and not declared_both:
        coverage = None  # validate of a log without accepted rows: nothing to infer from
    else:
        coverage = resolve(accepted["start"], params.timezone, params.coverage_from, params.coverage_through,
                           through_at_most, gap_months=params.coverage_gap_months)
    beyond = outside(accepted, coverage, through_at_most)
    extra = [customers_above_served(accepted, served)] if customers_file is not None else []
    if len(beyond):
        extra.append(_outside_warnings(beyond, coverage, report.columns.get("start", "start")))
    if extra:
        report.warnings = pd.concat([report.warnings, *extra], ignore_index=True)
    apps = _applications(applications, params, through_at_most)
    return Dataset(accepted, served, params, coverage, rejects, report, _source_text(customers_file), towns, apps,
                   beyond)


def _source(given) -> Path | tuple[Path, ...]:
    """Files given as an argument: a path (a file, a folder or a glob pattern) or a list of them."""
    return tuple(Path(p) for p in given) if isinstance(given, list | tuple) else Path(given)


def _source_text(source) -> str:
    """Files as a dataset names them: a path, or the paths of a list joined."""
    if source is None:
        return ""
    return ", ".join(map(str, source)) if isinstance(source, tuple) else str(source)


def _customers_served(customers_file: Path | None, accepted: pd.DataFrame, params: Params, events_file: Path):
    """The customers served per area and month, and the town panel (None: the file has no towns), read from
    ``customers_file``; the event towns checked against the panel. Without a file (``lqrel validate``): an
    empty table and no panel."""
    from lqrel.customers import area_totals, check_event_towns, read_customers

    if customers_file is None:
        served = pd.DataFrame({"area": pd.Series([], dtype=object), "month": pd.Series([], dtype="period[M]"),
                               "customers": pd.Series([], dtype=float)})
        return served, None
    rows = read_customers(customers_file, params)
    towns = rows if "town" in rows else None
    served = area_totals(rows) if towns is not None else rows
    if towns is not None:
        check_event_towns(accepted, towns, params, events_file, customers_file)
    return served, towns


def _applications(applications: str | Path | bool | None, params: Params, through_at_most: dt.date | None):
    """The application log of :func:`load_dataset`'s ``applications`` (True: the one the settings name), or
    None."""
    source = params.applications if applications is True else (applications or None)
    if source is None:
        return None
    from lqrel.applications import load_applications

    return load_applications(source, params, params.coverage_through, through_at_most=through_at_most)


def save(ds: Dataset, path: str | Path) -> Path:
    """Write a dataset for a notebook run (``lqrel report`` hands the notebook the dataset it validated).

    The file is a pickle: write it only into a private folder and open only files written by :func:`save`.
    """
    import pickle

    path = Path(path)
    with open(path, "wb") as f:
        pickle.dump(ds, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def open_saved(path: str | Path) -> Dataset:
    """A dataset written by :func:`save`."""
    import pickle

    with open(path, "rb") as f:
        ds = pickle.load(f)  # noqa: S301 - our own file, in the run's private folder
    if not isinstance(ds, Dataset):
        raise DataError(code="not_a_dataset", file=str(path))
    return ds


def for_notebook(dataset_path: str = "", params_path: str = "", events_path: str = "", customers_path: str = "",
                 data_through: str = "") -> Dataset:
    """The dataset of a notebook run: the one ``lqrel report`` saved (``dataset_path``), or, for an analyst
    running the notebook by hand, :func:`load_dataset` with the notebook's parameters (empty means: as in the
    settings file), with the application log the settings name, as ``lqrel report`` loads it."""
    if dataset_path:
        return open_saved(dataset_path)
    return load_dataset(params_path or None, events_path or None, customers_path or None, data_through or None,
                        applications=True)
