"""Loading and validating outage logs: every input row ends as an accepted event, a rejected row with its
row number and reason, or a dropped duplicate (docs/spec.md §5).

The validation itself (:func:`validate_events`) is a pure function on a frame of raw cells, so it is tested
without files; :func:`load_events` adds reading, header detection and column mapping.
"""

from __future__ import annotations

import unicodedata
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel import event_checks as checks
from lqrel import messages
from lqrel.errors import InputError
from lqrel.event_checks import MAX_DURATION_H
from lqrel.headers import match_headers, missing_columns_error, require_unique_headers
from lqrel.params import Params, load_params
from lqrel.parse import (
    EARLIEST_DATE,
    NOT_FOUND,
    DateOrder,
    Timestamps,
    apply_each,
    blank_mask,
    column_date_order,
    combine_date_time,
    distinct,
    edge_bytes,
    is_blank,
    is_text_column,
    nat_mask,
    parse_datetimes,
    parse_durations,
    parse_numbers,
    stripped_text,
    text_values,
    today,
    value_mapper,
)
from lqrel.readers import HeaderNotFound, RawTable, expand_sources, read_table, sha256
from lqrel.rejects import RejectLog
from lqrel.vocab import (
    AREA_VALUES,
    BOOL_VALUES,
    EVENT_ALIASES,
    EVENT_VALUE_COLUMNS,
    NATURE_VALUES,
    SHORTAGE_NATURES,
    duration_header_unit,
    lookup_table,
    normalize,
    unknown_value_entries,
)

#: Columns of the accepted-events frame, in order.
EVENT_COLUMNS = (
    "event_id", "row", "start", "end", "duration_h", "customers", "area", "town", "feeder", "cause",
    "nature", "external", "shortage",
)
#: Columns of free text, kept as categories of their texts.
TEXT_COLUMNS = ("town", "feeder", "cause")
#: ``code`` and ``args``: the reason as a code with its arguments (:mod:`lqrel.messages`); ``reason`` and
#: ``message``: the same in English, for people reading a terminal or a CSV file.
REJECT_COLUMNS = ("row", "column", "value", "code", "args", "reason")
WARNING_COLUMNS = ("row", "column", "value", "code", "args", "message")

#: End and duration may disagree by this much before a warning [min].
END_DURATION_TOLERANCE_MIN = 1.0

_PLANNED_KEYWORDS = ("计划", "临时", "限电", "检修", "预安排")
_FAULT_KEYWORDS = ("故障", "事故")


@dataclass
class LoadReport:
    """What happened to every input row: the reconciliation rows_read = accepted + rejected + duplicates."""

    path: str
    sha256: str
    rows_read: int
    accepted: int
    rejected: int
    duplicates: int
    header_row: int
    columns: dict[str, str]
    encoding: str | None = None
    sheet: str | None = None
    warnings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(WARNING_COLUMNS)))
    duplicate_rows: list[int] = field(default_factory=list)
    #: The rows of ``duplicate_rows`` that repeat another row exactly (docs/spec.md §5), each with the row kept
    #: that it repeats: ``{"row", "kept"}`` (``file:row`` labels for a log of several files).
    duplicate_copies: list[dict] = field(default_factory=list)
    #: Ids on rows that are different outages (other feeder, or a start on another day), each row kept as an
    #: event: ``{"id": str, "rows": [int, ...]}`` (the rows kept with that id).
    reused_ids: list[dict] = field(default_factory=list)
    #: Probable double entries (other ids, same feeder, start, end and customers): ``{"ids", "rows", "feeder",
    #: "start", "end", "customers", "dropped_rows"}`` (``dropped_rows`` empty unless ``double_entries: drop``).
    double_entries: list[dict] = field(default_factory=list)
    #: Spellings of one name merged (compared normalised): ``{"column": "feeder" | "town" | "cause", "name": the
    #: spelling kept, "spellings": every spelling in first-seen order, "rows": events with the name}``.
    name_merges: list[dict] = field(default_factory=list)
    #: Source header of each date column -> ``ymd``, ``dmy`` or ``mdy``: how its text dates were read.
    date_orders: dict[str, str] = field(default_factory=dict)
    #: A log read from several files: each file's own facts (``file``, ``label``, its counts, ``sha256``,
    #: ``header_row``, ``columns``, ``encoding``, ``sheet``); empty for one file.
    files: list[dict] = field(default_factory=list)
    #: Rows of one id in two files that are one event (the last kept): ``{"id", "kept", "dropped", "identical"}``
    #: (``identical``: the same values, overlapping exports; else a correction).
    file_overlaps: list[dict] = field(default_factory=list)
    #: Values outside a column's vocabulary (their rows rejected), one entry per column with the vocabulary and
    #: the settings line that would map them: the arguments of the catalogue error ``unknown_values``
    #: (:func:`lqrel.vocab.unknown_value_entries`; ``messages.text(entry["code"], entry, lang, "error")``).
    unknown_values: list[dict] = field(default_factory=list)

    def source(self, lang: str = "zh") -> str:
        """The file read, as a message names it in ``lang``: its path, or for a log of several files their
        count and labels (``12 个文件：a.csv、b.csv…``, ``12 files: a.csv, b.csv, ...``)."""
        if not self.files:
            return self.path
        names = messages.form("list", lang).join(f["label"] for f in self.files)
        return messages.text("several_files", {"count": len(self.files), "names": names}, lang, "cli")

    def to_dict(self) -> dict:
        """Plain summary for JSON (``input`` block of the CLI); a log of several files adds ``files`` (each file's
        counts) and ``file_overlaps``."""
        counts = {
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
        }
        if self.files:
            counts |= {"files": [{k: f[k] for k in ("file", "label", "rows_read", "accepted", "rejected",
                                                    "duplicates")} for f in self.files],
                       "file_overlaps": self.file_overlaps}
        return counts


#: Dtypes of the accepted events' ``area`` and ``nature``: categories, as the engines read them (no conversion per
#: call); ``town``, ``feeder`` and ``cause`` are categories of their own values.
AREA_DTYPE = pd.CategoricalDtype(["rural", "urban"])
NATURE_DTYPE = pd.CategoricalDtype(["fault", "planned"])


def empty_events(timezone: str = "Asia/Shanghai") -> pd.DataFrame:
    """An accepted-events frame with no rows and the right dtypes."""
    ts = pd.Series([], dtype=f"datetime64[us, {timezone}]")
    return pd.DataFrame(
        {
            "event_id": pd.Series([], dtype="str"),
            "row": pd.Series([], dtype="int64"),
            "start": ts,
            "end": ts.copy(),
            "duration_h": pd.Series([], dtype=float),
            "customers": pd.Series([], dtype="int64"),
            "area": pd.Series([], dtype=AREA_DTYPE),
            "town": pd.Series([], dtype="str").astype("category"),
            "feeder": pd.Series([], dtype="str").astype("category"),
            "cause": pd.Series([], dtype="str").astype("category"),
            "nature": pd.Series([], dtype=NATURE_DTYPE),
            "external": pd.Series([], dtype=bool),
            "shortage": pd.Series([], dtype=bool),
        }
    )


def match_columns(header: list[str], params: Params) -> dict[str, int]:
    """Canonical event column -> position in ``header`` (:func:`lqrel.headers.match_headers` over the event
    aliases and the event columns named under ``columns:``)."""
    explicit = {k: v for k, v in params.columns.items() if k in EVENT_ALIASES}
    found = match_headers(header, EVENT_ALIASES, explicit)
    used = set(found.values())
    for pos, name in enumerate(header):  # a duration header naming its unit in another spelling
        unit = duration_header_unit(name) if pos not in used else None
        canon = {"min": "duration_min", "h": "duration_h", "": "duration"}.get(unit)
        if canon is not None and canon not in found and canon not in explicit:
            found[canon] = pos
            used.add(pos)
    return found


class ColumnRefused(InputError):
    """A column the loader cannot read one way (a duration without a unit, text dates without one day/month
    order); :func:`load_events` adds the file's name to the message."""


def settle_duration_unit(found: dict, params: Params, names: dict[str, str] | None = None) -> dict:
    """``found`` (canonical column -> anything) with a duration column without a unit (``duration``) given the
    unit of ``duration_unit``; refused (:class:`ColumnRefused`) when no setting gives it (docs/spec.md §5: a bare
    停电时长 is never assumed to be hours). A second duration column of a unit already present is left unread."""
    if "duration" not in found:
        return found
    found = dict(found)
    name = (names or {}).get("duration", "duration")
    if params.duration_unit is None:
        raise ColumnRefused(code="duration_without_unit", where="", column=name)
    target = "duration_min" if params.duration_unit == "min" else "duration_h"
    value = found.pop("duration")
    found.setdefault(target, value)
    return found


def _looks_like_header(cells: list[str], params: Params) -> bool:
    found = match_columns(cells, params)
    return ("start" in found or "start_date" in found) and len(found) >= 2


def _require(found: dict[str, int], params: Params, where: str, header: list[str],
             searched: int | None = None) -> None:
    missing = []
    if "start" not in found and "start_date" not in found:
        missing.append("start")
    if not {"end", "end_date", "duration_min", "duration_h", "duration"} & set(found):
        missing.append("end (or duration_min / duration_h)")
    if "customers" not in found:
        missing.append("customers")
    area_col = params.areas.column if params.areas else "area"
    if area_col not in found:
        missing.append(area_col)
    if missing:
        raise missing_columns_error(where, missing, header, EVENT_ALIASES, "columns", with_map=True,
                                    searched=searched)


def load_events(path: str | Path, params: Params | dict | str | Path | None = None):
    """Read an outage log and validate every row. A large Parquet file (``lqrel.readers.BATCHED_ROWS_FROM`` rows
    in several row groups) is validated a batch of row groups at a time, with the same result as one pass.

    Parameters
    ----------
    path : str, pathlib.Path or a list of them
        CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX or Parquet export; or several (a list, a folder, a glob
        pattern: :func:`lqrel.readers.expand_sources`), each read on its own terms and then joined
        (:func:`_load_files`: rows named ``file:row``, a row present in two files counted once).
    params : Params, dict, str or pathlib.Path, optional
        Settings (column and value mappings, time zone, area rule); see :func:`lqrel.params.load_params`.

    Returns
    -------
    events : pandas.DataFrame
        Accepted events, columns :data:`EVENT_COLUMNS`; ``start``/``end`` local time, ``duration_h`` [h],
        ``customers`` [customers] int64, ``area`` ``urban``/``rural`` and ``nature`` ``fault``/``planned``
        (categories :data:`AREA_DTYPE`, :data:`NATURE_DTYPE`), ``town``, ``feeder``, ``cause`` categories of
        their values: the dtypes the engines read without conversion.
    rejects : pandas.DataFrame
        One row per rejected input row: ``row`` (as the user sees it), ``column``, ``value``, ``reason``.
    report : LoadReport
        Reconciliation, warnings, file hash, the header row and the column mapping used.

    Raises
    ------
    InputError
        The file cannot be read at all, or a required column is missing.
    """
    params = load_params(params)
    files = expand_sources(path)
    if len(files) > 1:
        return _load_files(files, params)
    return _load_file(files[0], params)


def _load_file(path: Path, params: Params):
    """:func:`load_events` of one file."""
    try:
        table: RawTable = read_table(
            path, lambda cells: _looks_like_header(cells, params), params.header_row, params.sheet
        )
    except HeaderNotFound as exc:  # say which headers the file has, and which are close to those missing
        _require(match_columns(exc.likely, params), params, str(path), exc.likely, exc.fields["rows"])
        raise
    where = f"{path}" + (f" (sheet {table.sheet})" if table.sheet else "")
    found = match_columns(table.header, params)
    _require(found, params, where, table.header)
    require_unique_headers(found, table.header, where)
    names = {canon: table.header[pos] or f"column {pos + 1}" for canon, pos in found.items()}
    findings: dict = {}
    try:
        found = settle_duration_unit(found, params, names)
        names = {canon: table.header[pos] or f"column {pos + 1}" for canon, pos in found.items()}
        if table.batches is not None and "event_id" in found:  # a large Parquet file, a batch at a time
            orders = {canon: _date_order(table.batches.column(found[canon]), canon, params, names)
                      for canon in _date_columns(found)}
            events, rejects, warnings, dup_rows, findings = _validate_batches(table, found, names, params, orders)
        else:
            cells, extra = table.cells()
            frame = pd.DataFrame({canon: cells[pos] for canon, pos in found.items()}, index=cells.index, copy=False)
            frame["row"] = np.asarray(table.row_numbers, dtype="int64")
            events, rejects, warnings, dup_rows = validate_events(
                frame, params, column_names=names, whole_rows=cells, too_long_rows=extra, findings=findings
            )
    except ColumnRefused as exc:
        raise InputError(code=exc.code, **{**exc.fields, "where": f"{where}: "}) from None
    report = LoadReport(
        path=str(path),
        sha256=table.sha256 or (table.batches and table.batches.sha256) or sha256(path),
        rows_read=len(table.row_numbers),
        accepted=len(events),
        rejected=len(rejects),
        duplicates=len(dup_rows),
        header_row=table.header_row,
        columns=names,
        encoding=table.encoding,
        sheet=table.sheet,
        warnings=warnings,
        duplicate_rows=dup_rows,
        unknown_values=unknown_value_entries(
            list(zip(rejects["code"], rejects["column"], rejects["value"], strict=True)),
            {"area_unknown": "area", "nature_unknown": "nature"} | {h: c for c, h in names.items()}, where,
            EVENT_VALUE_COLUMNS, "values", with_map=True),
        **findings,
    )
    return events, rejects, report


def validate_events(
    frame: pd.DataFrame,
    params: Params | dict | None = None,
    column_names: dict[str, str] | None = None,
    blank_rows: pd.Series | None = None,
    whole_rows: pd.DataFrame | None = None,
    too_long_rows: list[int] | None = None,
    findings: dict | None = None,
):
    """Validate raw cells already under canonical column names.

    Parameters
    ----------
    frame : pandas.DataFrame
        Raw cells (any Python objects) under canonical column names, plus ``row`` (source row numbers).
    params : Params or dict, optional
        Settings.
    column_names : dict, optional
        Canonical column -> the source header, for messages.
    blank_rows : pandas.Series, optional
        True for rows blank in every source column (rejected as blank rows); found from ``whole_rows`` when
        that is given instead.
    whole_rows : pandas.DataFrame, optional
        All source cells, for finding blank rows and rows identical in every column; ``frame`` is used for
        the latter when absent.
    too_long_rows : list of int, optional
        Positions of rows with cells beyond the header's width (rejected).
    findings : dict, optional
        Filled with what :class:`LoadReport` says besides the counts: ``reused_ids``, ``double_entries``,
        ``name_merges`` and ``date_orders`` (keys by source header).

    Returns
    -------
    events, rejects, warnings : pandas.DataFrame
    duplicate_rows : list of int
        Source row numbers dropped as duplicates (docs/spec.md §5), in file order: among the valid rows, a row
        identical to a later one, an earlier row with the same event id as a later one that can be the same
        outage (same normalised feeder, start on the same local day), and with ``double_entries: drop`` every
        probable double entry but the first (a rejected copy is a reject, never a duplicate).

    Raises
    ------
    InputError
        A duration column without a unit and no ``duration_unit``; a column of text dates that need a day/month
        order that no value settles (or that values settle both ways) and no ``date_order``.
    """
    params = load_params(params)
    names = {c: c for c in frame.columns} | (column_names or {})
    if "duration" in frame:  # a duration without a unit: the unit of the settings, or refused
        settle_duration_unit({"duration": 0}, params, names)
        target = "duration_min" if params.duration_unit == "min" else "duration_h"
        if target in frame:
            frame = frame.drop(columns="duration")
        else:
            frame = frame.rename(columns={"duration": target})
            names = names | {target: names.get("duration", "duration")}
    events, rejects, warnings, duplicate_rows, _, found = _validate(
        frame, params, names, blank_rows, whole_rows, too_long_rows)
    if findings is not None:
        findings.update(found)
    return events, rejects, warnings, duplicate_rows


def _validate(frame, params, column_names=None, blank_rows=None, whole_rows=None, too_long_rows=None,
              duplicates: bool = True, hash_ids=None, date_orders: dict[str, str] | None = None):
    """:func:`validate_events`, for each accepted event whether its id was given, and the findings
    (:func:`validate_events`' ``findings``). With ``duplicates`` False the valid rows are all kept (a batch of a
    larger file, whose duplicates, id reuse, double entries and names are resolved across batches); ``hash_ids``,
    if given, is called with the ids of all rows (stripped text, ``""`` where blank) as soon as they are known,
    for a batch's ids to be hashed while its rows are checked; ``date_orders``: the order of each date column
    (canonical name) when already decided for the whole file.

    The rows go through the checks of :mod:`lqrel.event_checks` in order (a row rejected by the first that
    flags it): whole rows, start, end or duration, customers, area, nature and flags; then the duplicates among
    the valid rows."""
    params = load_params(params)
    names = {c: c for c in frame.columns} | (column_names or {})
    frame = frame.reset_index(drop=True)
    n = len(frame)
    # The one reading of each column of text dates (docs/spec.md §5), decided before any row is checked.
    orders = {canon: (date_orders or {}).get(canon) or _date_order(frame[canon], canon, params, names)
              for canon in _date_columns(frame)}
    reject = RejectLog(frame, names)
    blank_of = _BlankMasks()
    _reject_all(reject, _whole_row_checks(frame, blank_rows, whole_rows, too_long_rows, blank_of))
    keep = reject.ok  # rows still to validate (duplicates are resolved among valid rows, at the end)
    ids, unnamed, hashing = _read_ids(frame, blank_of, hash_ids, duplicates)
    times, warn = _check_times(frame, params, names, orders, reject, keep)
    cust = _check_customers(frame["customers"], reject)
    distinct_of = _DistinctCells(frame, [params.areas.column if params.areas else "area", "nature", "external",
                                         "shortage", *TEXT_COLUMNS])
    area = _areas(frame, params, reject, distinct_of)
    nature, external, shortage = _natures(frame, params, names, reject, distinct_of)
    valid = reject.ok
    dup, twins, copies = (_identical_rows(frame, whole_rows, valid, ids, hashing, blank_of) if duplicates
                          else (pd.Series(False, index=frame.index), None, []))
    duplicate_rows = frame.loc[dup, "row"].astype(int).tolist()
    accepted = valid & ~dup
    warn += _long_outages(frame, times, accepted, params, names)
    columns = {"event_id": _event_names(frame, ids, unnamed), "customers": cust, "area": area,
               "nature": nature, "external": external, "shortage": shortage}
    events = _accepted_events(frame, times, columns, accepted, distinct_of)
    named = ~unnamed[accepted.to_numpy()]
    findings: dict = {"date_orders": {names.get(c, c): o for c, o in orders.items()}, "duplicate_copies": copies}
    if duplicates:  # the same id, double entries and names (docs/spec.md §5), among the rows left
        events, kept, more_rows, found, more_warn = _resolve_events(events, named, twins, params, names)
        named = named[kept]
        duplicate_rows = sorted(duplicate_rows + more_rows)
        findings |= found
        warn += more_warn
    if duplicate_rows:  # a dropped copy leaves no warning behind
        dropped = set(duplicate_rows)
        warn = [w for w in warn if w[0] not in dropped]
    if not len(events):
        events = empty_events(params.timezone)
    rejects = reject.table()
    warnings = warnings_frame(warn).sort_values("row", kind="stable")
    assert len(events) + len(rejects) + len(duplicate_rows) == n, "row reconciliation failed"
    return events, rejects, warnings.reset_index(drop=True), duplicate_rows, named, findings


def _reject_all(reject: RejectLog, flagged) -> None:
    """Each check's rows rejected, in order: a row keeps the reason of the first check that flags it."""
    for f in flagged:
        reject(f.mask, f.canon, f.code, values=f.values, **f.args)


def _whole_row_checks(frame: pd.DataFrame, blank_rows, whole_rows, too_long_rows, blank_of) -> list[checks.Flagged]:
    """Rows wider than the header (first: a row blank under the header but with cells beyond it is not blank),
    blank rows, and XLSX formulas without a saved value."""
    out = []
    if too_long_rows:
        out.append(checks.too_many_cells(len(frame), too_long_rows))
    if blank_rows is None and whole_rows is not None:
        out.append(checks.blank_row(whole_rows, blank_of))
    elif blank_rows is not None:
        out.append(checks.Flagged(np.asarray(blank_rows, dtype=bool), "blank_row"))
    out += [checks.unsaved_formula(frame[c], c) for c in frame.columns if c != "row" and frame[c].dtype == object]
    return out


def _read_ids(frame: pd.DataFrame, blank_of, hash_ids, duplicates: bool):
    """The ids as stripped text (``""`` exactly where blank: a text of white space only is blank; None: no id
    column), which rows have none, and a large log's ids being hashed on a thread while the rows are checked
    (DuckDB frees the GIL; None: not hashed here)."""
    n = len(frame)
    if "event_id" not in frame:
        return None, np.ones(n, dtype=bool), None
    id_blank = blank_of(frame["event_id"])
    ids = text_values(frame["event_id"], id_blank, blank_of.edges(frame["event_id"]))
    hashing = None
    if hash_ids is not None:
        hash_ids(ids)
    elif duplicates and n >= HASHED_IDS_FROM and is_text_column(ids):
        hashing = _started(_keys_repeated, ids, 1)  # one core: the other checks the rows
    return ids, id_blank.to_numpy(), hashing


@dataclass
class _Times:
    """The times of each row: ``start``, ``end`` (given or from a duration), ``duration_h`` [h], and the
    canonical column each came from (``end_where``: the column an end problem is reported in)."""

    start: pd.Series
    end: pd.Series
    duration_h: pd.Series
    start_canon: str
    end_canon: str
    end_where: str | None


def _check_times(frame, params: Params, names: dict, orders: dict, reject: RejectLog, keep: pd.Series):
    """Start, end or duration checked (:mod:`lqrel.event_checks`); the times and the warnings about them."""
    tz = params.timezone
    bounds = _date_bounds(tz)
    start_canon = "start" if "start" in frame else "start_date"
    start_ts = _timestamps(frame, "start", tz, orders.get(start_canon))
    start = start_ts.values
    _reject_all(reject, [checks.time_partial(start_ts, start_canon, "start"),
                         checks.start_missing(start_ts, start_canon),
                         checks.time_unparseable(start_ts, start_canon, "start"),
                         *_date_range_checks(start, start_canon, names, bounds)])
    end_canon = "end" if "end" in frame else "end_date"
    end_ts = _timestamps(frame, "end", tz, orders.get(end_canon))
    has_end_col = "end" in frame or "end_date" in frame
    end, completed = end_ts.values, pd.Series(False, index=frame.index)
    if has_end_col:
        # Opt-in: a partial end becomes the first such moment after its row's start (none partial: no fields).
        if params.complete_partial_end and end_ts.given is not None:
            todo = keep & end_ts.partial & start.notna() & end_ts.given.notna()
            end, completed = _complete_ends(end, start, end_ts.given, todo, tz)
        _reject_all(reject, [checks.time_partial(end_ts, end_canon, "end", completed),
                             checks.time_unparseable(end_ts, end_canon, "end", completed),
                             *_date_range_checks(end, end_canon, names, bounds)])
    dur_h, dur_canon = _check_durations(frame, names, end, reject)
    no_end = nat_mask(end) if dur_h is None else nat_mask(end) & dur_h.isna().to_numpy()
    end_where = end_canon if has_end_col else dur_canon
    _reject_all(reject, [checks.end_and_duration_missing(start, no_end, end_where)])
    warn = []
    if dur_canon is not None:  # a duration column: it gives the missing ends, and is checked against the given
        warn += _end_duration_disagree(frame, start, end, dur_h, keep, names.get(end_canon, end_canon),
                                       names.get(dur_canon, dur_canon))
        end = end.where(end.notna(), _ends_from_durations(start, dur_h))
    duration_h = _hours_between(start, end)
    _reject_all(reject, [checks.end_before_start(duration_h, end_where),
                         checks.duration_over_max(duration_h, params.max_duration_h, end_where)])
    for i in frame.index[keep & completed & reject.ok]:
        warn.append((int(frame.at[i, "row"]), names.get(end_canon, end_canon), str(frame.at[i, end_canon]),
                     "end_completed", {"end": f"{end[i]:%Y-%m-%d %H:%M:%S}"}))
    for mask, canon in ((start_ts.shifted, start_canon), (end_ts.shifted, end_canon)):
        for i in frame.index[keep & mask]:
            warn.append((int(frame.at[i, "row"]), names.get(canon, canon), str(frame.at[i, canon]), "dst_resolved",
                         {}))
    return _Times(start, end, duration_h, start_canon, end_canon, end_where), warn


def _date_range_checks(times: pd.Series, canon: str, names: dict, bounds) -> list[checks.Flagged]:
    """Times before 1990 and after the day of the run (``bounds``: :func:`_date_bounds`)."""
    earliest, run_day, after_run = bounds
    name = names.get(canon, canon)
    return [checks.date_too_early(times, canon, name, earliest),
            checks.date_in_future(times, canon, name, after_run, run_day)]


def _check_durations(frame: pd.DataFrame, names: dict, end: pd.Series, reject: RejectLog):
    """The duration columns checked where a row has no end; each row's duration [h] (the minutes column
    first; None: no duration column) and the first duration column."""
    dur_h, dur_canon = None, None
    no_end = end.isna()
    for canon, per_hour in (("duration_min", 60.0), ("duration_h", 1.0)):
        if canon not in frame:
            continue
        dur_h = pd.Series(np.nan, index=frame.index) if dur_h is None else dur_h
        values, bad = parse_durations(frame[canon], per_hour)
        name = names.get(canon, canon)
        _reject_all(reject, [checks.duration_non_numeric(bad, no_end, canon, name),
                             checks.duration_negative(values, no_end, canon, name),
                             checks.duration_over_ten_years(values, per_hour, no_end, canon, name)])
        dur_h = dur_h.fillna(values / per_hour)
        dur_canon = dur_canon or canon
    return dur_h, dur_canon


def _ends_from_durations(start: pd.Series, dur_h: pd.Series) -> pd.Series:
    """Each start plus its duration (a duration out of range gives none), rounded to the second."""
    hours = dur_h.where(dur_h.between(0, MAX_DURATION_H))
    return start + pd.to_timedelta(hours * 3600, unit="s").dt.round("s")


def _end_duration_disagree(frame, start, end, dur_h, keep, end_name: str, dur_name: str) -> list[tuple]:
    """A warning for each row whose given end and duration differ by more than
    :data:`END_DURATION_TOLERANCE_MIN`."""
    both = end.notna() & dur_h.notna() & start.notna()
    gap_min = ((end - start).dt.total_seconds() / 60 - dur_h * 60).abs()
    return [(int(frame.at[i, "row"]), end_name, str(end[i]), "end_duration_disagree",
             {"column": dur_name, "minutes": float(gap_min[i])})
            for i in frame.index[keep & both & (gap_min > END_DURATION_TOLERANCE_MIN)]]


def _check_customers(cells: pd.Series, reject: RejectLog) -> pd.Series:
    """The customers interrupted checked; their counts (NaN where missing or not a number)."""
    cust, bad = parse_numbers(cells)
    _reject_all(reject, [checks.customers_missing(cust, bad), checks.customers_non_numeric(bad),
                         checks.customers_negative(cust), checks.customers_fractional(cust),
                         checks.customers_too_large(cust)])
    return cust


def _long_outages(frame: pd.DataFrame, times: _Times, accepted: pd.Series, params: Params, names: dict):
    """Suspicious but valid: a warning for each accepted outage longer than ``warn_duration_h``."""
    return [(int(frame.at[i, "row"]), names.get(times.end_canon, "end"), str(times.end[i]), "duration_over_warn",
             {"hours": float(times.duration_h[i]), "limit": params.warn_duration_h})
            for i in frame.index[accepted & (times.duration_h > params.warn_duration_h)]]


def _identical_rows(frame, whole_rows, valid: pd.Series, ids, hashing, blank_of):
    """Duplicates among the valid rows (docs/spec.md §5): rows identical in every column, the last occurrence in
    file order kept (a rejected copy never displaces a valid row). Returns the mask of the rows dropped and,
    over the valid rows left, whether each one's id occurs on another (None: no id column)."""
    whole = whole_rows.reset_index(drop=True) if whole_rows is not None else frame.drop(columns="row")
    whole_valid = whole if valid.all() else whole[valid.to_numpy()]

    def text_of(c, rows: np.ndarray) -> pd.Series:
        if rows.all():
            return _as_text(whole_valid[c], blank_of(whole_valid[c]))
        cells = whole_valid[c][rows]
        return _as_text(cells, blank_mask(cells))

    dup = pd.Series(False, index=frame.index)
    # Identical rows have the same id: only rows whose id occurs twice can be identical (one hash of the ids).
    maybe = None
    if hashing is not None:  # a key repeated among the valid rows is repeated among all rows
        key, repeated = hashing.result()
        maybe = _positions_of(key if valid.all() else key[valid.to_numpy()], repeated)
    twins = None if ids is None else _shared(ids if valid.all() else ids[valid], maybe)  # no copy if clean
    dropped, kept = _duplicated(list(whole.columns), int(valid.sum()), text_of, twins)
    dup[valid] = dropped
    if twins is not None and dup.any():
        twins = twins[~dup[valid].to_numpy()]  # over the rows left
    return dup, twins, copies_of(frame.loc[valid, "row"].to_numpy(), dropped, kept)


def _event_names(frame: pd.DataFrame, ids: pd.Series | None, unnamed: np.ndarray) -> pd.Series:
    """Each row's event id; an event without one is named by its row (``row-12``)."""
    if ids is None:  # no id column: every event is named by its row
        ids = pd.Series("", index=frame.index, dtype="str")
    if unnamed.any():
        ids = ids.where(~unnamed, "row-" + frame["row"].where(unnamed, 0).astype(str))
    return ids


def _texts(frame: pd.DataFrame, canon: str, distinct_of) -> pd.Categorical:
    """Stripped text of each cell of ``canon`` (``""`` where blank), as categories of its distinct texts."""
    if canon not in frame:  # one empty category, without a string per row
        return pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), categories=pd.Index([""], dtype="str"))
    codes, values = distinct_of(canon)
    # Only the texts of this column's rows (a missing cell's "" only when there is one).
    used = np.bincount(codes, minlength=len(values)) > 0
    texts = pd.Index(apply_each(stripped_text, values[used]), dtype="str")
    text_codes, categories = pd.factorize(texts, sort=True)  # two cells can strip to one text
    code_of = np.full(len(values), -1, dtype=np.min_scalar_type(-max(len(categories), 1)))
    code_of[used] = text_codes
    return pd.Categorical.from_codes(code_of[codes], categories=categories)


def _accepted_events(frame: pd.DataFrame, times: _Times, columns: dict, accepted: pd.Series,
                     distinct_of) -> pd.DataFrame:
    """The events of the accepted rows, columns :data:`EVENT_COLUMNS` (``columns``: ``event_id``, ``customers``
    (floats), ``area`` and ``nature`` (codes), ``external`` and ``shortage``, one per row)."""
    cust = columns["customers"]
    events = pd.DataFrame(
        {
            "event_id": columns["event_id"],
            "row": frame["row"].astype("int64"),
            "start": times.start,
            "end": times.end,
            "duration_h": times.duration_h,
            "customers": (cust if accepted.all() else cust.where(accepted, 0)).round().astype("int64"),
            "area": pd.Categorical.from_codes(columns["area"], dtype=AREA_DTYPE),
            **{c: _texts(frame, c, distinct_of) for c in TEXT_COLUMNS},
            "nature": pd.Categorical.from_codes(columns["nature"], dtype=NATURE_DTYPE),
            "external": columns["external"],
            "shortage": columns["shortage"],
        },
        copy=False,  # the columns as built: no block of equal dtypes copied together
    )
    if not accepted.all():  # the usual clean log keeps every row: no copy
        events = _rows_of(events, accepted.to_numpy())
    return events


def _date_columns(columns) -> list[str]:
    """The canonical columns the start and end are read from (``start`` or ``start_date``, ``end`` or
    ``end_date``) among ``columns``."""
    out = []
    for which in ("start", "end"):
        canon = which if which in columns else f"{which}_date" if f"{which}_date" in columns else None
        if canon is not None:
            out.append(canon)
    return out


def _date_order(cells: pd.Series, canon: str, params: Params, names: dict[str, str]) -> str:
    """How a column's text dates are read (:func:`lqrel.parse.column_date_order`); a column that cannot be read
    one way is refused (:class:`ColumnRefused`), naming it, example values and the setting that settles it."""
    decision: DateOrder = column_date_order(cells, params.date_order)
    if decision.order is not None:
        return decision.order
    name = names.get(canon, canon)
    ex = decision.examples
    if decision.problem == "contradictory":
        raise ColumnRefused(code="dates_two_orders", where="", column=name, dmy=", ".join(ex["dmy"]),
                            mdy=", ".join(ex["mdy"]))
    raise ColumnRefused(code="dates_order_unsettled", where="", column=name, examples=", ".join(ex["need"]))


def _date_bounds(tz: str) -> tuple[pd.Timestamp, str, pd.Timestamp]:
    """The earliest moment taken (1990-01-01, local), the day of the run (``YYYY-MM-DD``,
    :func:`lqrel.parse.today`) and the first moment after it (local midnight of the next day)."""
    run_day = today(tz)
    first = pd.Timestamp(EARLIEST_DATE).tz_localize(tz, nonexistent="shift_forward")
    after = (pd.Timestamp(run_day) + pd.Timedelta(days=1)).tz_localize(tz, nonexistent="shift_forward")
    return first, run_day.isoformat(), after


#: Name columns compared normalised (docs/spec.md §5), their spellings merged into one.
NAME_COLUMNS = ("town", "feeder", "cause")


def name_key(text: str) -> str:
    """A name in comparable form: NFKC (full-width to half-width), case folded, surrounding white space removed
    and inner runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def _name_codes(values: pd.Categorical) -> np.ndarray:
    """For each value of a categorical of names, a code of its :func:`name_key` (-1 where missing)."""
    keys = [name_key(c) for c in values.categories]
    key_codes = pd.factorize(pd.Index(keys, dtype=object))[0] if keys else np.zeros(0, dtype=np.int64)
    codes = values.codes
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    return np.where(codes >= 0, key_codes[np.maximum(codes, 0)], -1)


def _resolve_events(events: pd.DataFrame, named: np.ndarray, twins: np.ndarray | None, params: Params,
                    names: dict[str, str]):
    """Among the valid events (rows identical in every column already resolved), in file order (docs/spec.md §5):
    rows of one id that can be one outage (same normalised feeder, start on the same local day) are one event,
    the last kept; an id on different outages is named (``reused_ids``); rows with other ids and the same
    normalised feeder, start, end and customers are named (``double_entries``) and, with ``double_entries:
    drop``, all but the first dropped; then the spellings of each name are merged (``name_merges``).

    ``named``: whether each event's id was given; ``twins``: whether its id occurs on another event (None: no id
    column). Returns the events left, the mask of those kept, the source rows dropped, the findings and the
    warnings."""
    n = len(events)
    dup = np.zeros(n, dtype=bool)
    findings: dict = {"reused_ids": [], "double_entries": [], "name_merges": []}
    if not n:
        return events, ~dup, [], findings, []
    feeder = _name_codes(events["feeder"].array)
    warn: list[tuple[int, str, str, str, dict]] = []
    if twins is not None and twins.any():
        dup, findings["reused_ids"], warn = _same_ids(events, feeder, twins & named, names.get("event_id",
                                                                                                 "event_id"))
    drop = params.double_entries == "drop"
    groups = _double_entry_groups(events, feeder, ~dup)
    if drop:
        for g in groups:
            dup[g[1:]] = True
    findings["double_entries"], more_warn = _double_entries(events, groups, drop, names.get("feeder", ""))
    warn += more_warn
    dropped = events["row"].to_numpy()[dup].tolist()
    if dup.any():
        events = _rows_of(events, ~dup)
    # One spelling per name: the most frequent among the events, ties the first in file order.
    for col in NAME_COLUMNS:
        merged, entries, merge_warn = _merge_names(events[col].array, events["row"].to_numpy(), names.get(col, col))
        if entries:
            events[col] = merged
            findings["name_merges"] += [{"column": col, **e} for e in entries]
            warn += merge_warn
    if findings["double_entries"]:  # the feeder as the events carry it (the first row is always kept)
        position = {int(r): i for i, r in enumerate(events["row"].to_numpy())}
        for entry in findings["double_entries"]:
            entry["feeder"] = str(events["feeder"].iloc[position[entry["rows"][0]]])
    return events, ~dup, dropped, findings, warn


def _same_ids(events: pd.DataFrame, feeder: np.ndarray, shared: np.ndarray, id_name: str):
    """The events of one id (``shared``: the given ids that occur twice): one outage (a correction: the last
    kept) or id reuse (every outage kept, named). Returns the mask of the events dropped, the ``reused_ids``
    and a warning per row kept with a reused id."""
    rows = events["row"].to_numpy()
    dup = np.zeros(len(events), dtype=bool)
    at = np.flatnonzero(shared)
    local = events["start"].iloc[at].dt.tz_localize(None)
    same = pd.DataFrame({"id": events["event_id"].iloc[at].to_numpy(dtype=object), "feeder": feeder[at],
                         "day": local.dt.normalize().to_numpy()})
    dup[at] = same.duplicated(keep="last").to_numpy()
    left = same[~dup[at]].assign(row=rows[at][~dup[at]])
    reused, warn = [], []
    for event_id, group in left.groupby("id", sort=False):
        if len(group) > 1:
            kept_rows = [int(r) for r in group["row"]]
            reused.append({"id": str(event_id), "rows": kept_rows})
            shown = _listed(kept_rows)
            for r in kept_rows:
                warn.append((r, id_name, str(event_id), "id_reused", {"id": str(event_id), "rows": shown}))
    reused.sort(key=lambda e: e["rows"][0])
    return dup, reused, warn


def _double_entry_groups(events: pd.DataFrame, feeder: np.ndarray, kept: np.ndarray) -> list[np.ndarray]:
    """Probable double entries among the ``kept`` events: groups (positions in file order, the groups by their
    first) of the same feeder, start, end and customers. A row without a feeder (no feeder column, or a blank
    cell) cannot be shown to be on the same feeder as another: never one."""
    n = len(events)
    start = events["start"].array.asi8
    end = events["end"].array.asi8
    blank_feeder = np.asarray(events["feeder"].array.categories == "", dtype=bool)
    codes = events["feeder"].array.codes
    left = np.flatnonzero(kept & (codes >= 0) & ~blank_feeder[np.maximum(codes, 0)]) if len(blank_feeder) else \
        np.zeros(0, dtype=np.int64)
    customers = events["customers"].to_numpy()
    # Narrowed first to the rows whose start and end (keyed) repeat: few, and only they are compared exactly.
    maybe = left[_repeating(_row_hash(start, end) if len(left) == n else _row_hash(start[left], end[left]))]
    if not len(maybe):
        return []
    same = pd.DataFrame({"f": feeder[maybe], "s": start[maybe], "e": end[maybe], "c": customers[maybe]})
    label = same.groupby(["f", "s", "e", "c"], sort=False).ngroup().to_numpy()
    several = (np.bincount(label) > 1)[label]
    if not several.any():
        return []
    at, label = maybe[several], label[several]
    order = np.argsort(label, kind="stable")
    cuts = np.flatnonzero(np.diff(label[order])) + 1
    return sorted(np.split(at[order], cuts), key=lambda g: g[0])


def _double_entries(events: pd.DataFrame, groups: list[np.ndarray], drop: bool, feeder_name: str):
    """The ``double_entries`` of the groups (their ``feeder`` filled in once names are merged) and their
    warnings: on each row of a group, or on its first alone when the others are dropped."""
    rows = events["row"].to_numpy()
    entries, warn = [], []
    for g in groups:
        g_rows = [int(r) for r in rows[g]]
        ids = [str(i) for i in events["event_id"].iloc[g]]
        first = events.iloc[int(g[0])]
        entries.append({
            "ids": ids, "rows": g_rows, "feeder": "", "start": f"{first['start']:%Y-%m-%d %H:%M}",
            "end": f"{first['end']:%Y-%m-%d %H:%M}", "customers": int(first["customers"]),
            "dropped_rows": g_rows[1:] if drop else []})
        shown = {"rows": _listed(g_rows), "ids": _listed(ids)}
        for r in (g_rows[:1] if drop else g_rows):
            warn.append((r, feeder_name, str(first["feeder"]), "double_entry", shown))
    return entries, warn


def _row_hash(*columns: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of integer columns (multiplicative, mixed column by column): equal rows have equal
    hashes."""
    mixed = np.zeros(len(columns[0]), dtype=np.uint64)
    for column in columns:
        mixed ^= column.astype(np.int64, copy=False).view(np.uint64)
        mixed *= np.uint64(0x9E3779B97F4A7C15)
        mixed ^= mixed >> np.uint64(29)
    return mixed


def _repeating(hashes: np.ndarray) -> np.ndarray:
    """Positions (ascending) of the hashes that occur more than once (one sort of the hashes; a clean log has none
    and stops there)."""
    ordered = np.sort(hashes)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.isin(hashes, repeated))


def _listed(items: list, most: int = 10) -> str:
    """Items for a message: all of them, or the first ``most`` and how many in all (a warning per row must not
    carry a list as long as the file)."""
    if len(items) <= most:
        return ", ".join(map(str, items))
    return ", ".join(map(str, items[:most])) + f", ... ({len(items)})"


def _merge_names(values: pd.Categorical, rows: np.ndarray, header: str):
    """The spellings of one name (:func:`name_key`) merged into the most frequent (ties: the first in file
    order): the new categorical (only the spellings kept), the merges ``{"name", "spellings", "rows"}`` and a
    warning per row whose spelling changed."""
    categories = values.categories
    keys = pd.Index([name_key(c) for c in categories], dtype=object)
    if keys.is_unique:  # the usual log: every name spelled one way
        return values, [], []
    codes = values.codes
    present = codes >= 0
    counts = np.bincount(codes[present], minlength=len(categories))
    first_at = np.full(len(categories), len(codes), dtype=np.int64)
    np.minimum.at(first_at, codes[present], np.flatnonzero(present))
    target = np.arange(len(categories))
    entries, warn = [], []
    for _, members in pd.Series(np.arange(len(categories))).groupby(keys.to_numpy(), sort=False):
        members = [m for m in members.to_numpy() if counts[m]]
        if len(members) < 2:
            continue
        members.sort(key=lambda m: first_at[m])
        kept = max(members, key=lambda m: (counts[m], -first_at[m]))
        target[members] = kept
        spellings = [str(categories[m]) for m in members]
        entries.append({"name": str(categories[kept]), "spellings": spellings,
                        "rows": int(counts[members].sum()), "_first": int(first_at[members[0]])})
        for m in members:
            if m != kept:
                for r in rows[codes == m]:
                    warn.append((int(r), header, str(categories[m]), "name_merged",
                                 {"column": header, "name": str(categories[kept]), "count": len(members)}))
    if not entries:
        return values, [], []
    entries.sort(key=lambda e: e.pop("_first"))
    new_codes = np.where(present, target[np.maximum(codes, 0)], -1)
    merged = pd.Categorical.from_codes(new_codes.astype(codes.dtype), categories=categories)
    return _only_used(merged), entries, warn


def _validate_batches(table: RawTable, found: dict[str, int], names: dict[str, str], params: Params,
                      orders: dict[str, str]):
    """:func:`validate_events` of a large Parquet file one batch of row groups at a time (each date column read
    in ``orders``, decided for the whole file): each batch keeps its valid rows, then the duplicates (docs/spec.md §5)
    are found across the whole file exactly as in one pass: the rows sharing an id narrowed by hashes over all
    batches, and only those rows' cells read again to compare them whole; then the same id, double entries and
    names on the joined events (:func:`_resolve_events`), as one pass does."""
    from concurrent.futures import ThreadPoolExecutor

    import duckdb

    joined = _JoinedEvents(len(table.row_numbers))
    reject_parts, warning_parts, named, keyed = [], [], [], []
    # Each batch's ids (of all its rows) hashed while its rows are checked, on one DuckDB connection and one core.
    with duckdb.connect(config={"threads": 1}) as con, ThreadPoolExecutor(1) as hashing:
        for cells, row_numbers in table.batches:
            frame = pd.DataFrame({canon: cells[pos] for canon, pos in found.items()}, copy=False)
            frame["row"] = row_numbers
            hashed = []
            events, rejects, warnings, _, given, _ = _validate(
                frame, params, column_names=names, whole_rows=cells, duplicates=False, date_orders=orders,
                hash_ids=lambda ids, hashed=hashed: hashed.append(hashing.submit(_sorted_id_keys, ids, con)))
            del frame, cells
            if len(events):
                joined.add(events)
                named.append(given)
                # The accepted rows' positions in the batch, unless all its rows were accepted.
                at = None if len(events) == len(row_numbers) else events["row"].to_numpy() - row_numbers[0]
                keyed.append((hashed[0], at))
            reject_parts.append(rejects)
            warning_parts.append(warnings)
        # The keys of each batch's accepted rows, and the sorted keys of all its rows: a key repeated among the
        # accepted rows is repeated among all.
        for k, (hashed, at) in enumerate(keyed):
            key, ordered = hashed.result()
            keyed[k] = (key if at is None else key[at], ordered)
    import pyarrow as pa

    pa.default_memory_pool().release_unused()  # the batches' Arrow buffers back to the system before joining
    # Empty parts are left out: joined with a non-empty one they would change its columns' types.
    rejects, warnings = (pd.concat([p for p in found if len(p)] or found[:1], ignore_index=True)
                         for found in (reject_parts, warning_parts))
    rows_read = len(table.row_numbers)
    findings: dict = {"date_orders": {names.get(c, c): o for c, o in orders.items()}}
    if not joined.filled:
        assert len(rejects) == rows_read, "row reconciliation failed"
        return empty_events(params.timezone), rejects, warnings, [], findings
    maybe = _maybe_shared(keyed)
    del keyed
    events = joined.frame()
    named = np.concatenate(named)
    ids = events["event_id"]
    if not named.all():  # a row without an id has none here, as in one pass
        ids = ids.where(named, "")
    twins = _shared(ids, maybe)

    def text_of(c, rows: np.ndarray) -> pd.Series:
        cells = table.batches.column_at(c, events["row"].to_numpy()[rows] - 1)
        return _as_text(cells, blank_mask(cells))

    dup, kept = _duplicated(list(range(len(table.header))), len(events), text_of, twins)
    duplicate_rows = events["row"].to_numpy()[dup].tolist()
    findings["duplicate_copies"] = copies_of(events["row"].to_numpy(), dup, kept)
    if duplicate_rows:
        events = _rows_of(events, ~dup)
        named, twins = named[~dup], twins[~dup]
    events, _, more_rows, found, more_warn = _resolve_events(events, named, twins, params, names)
    findings |= found
    duplicate_rows = sorted(duplicate_rows + more_rows)
    if more_warn:
        warnings = pd.concat([p for p in (warnings, warnings_frame(more_warn)) if len(p)], ignore_index=True)
        warnings = warnings.sort_values("row", kind="stable").reset_index(drop=True)
    if duplicate_rows:
        warnings = warnings[~warnings["row"].isin(duplicate_rows)].reset_index(drop=True)
    if not len(events):
        events = empty_events(params.timezone)
    assert len(events) + len(rejects) + len(duplicate_rows) == rows_read, "row reconciliation failed"
    return events, rejects, warnings, duplicate_rows, findings


class _JoinedEvents:
    """The accepted events of a large file's batches, joined as each batch is validated: the fixed-width columns
    are written into columns sized for the whole file, so no batch is kept to the end and copied again; the ids
    (Arrow chunks) and the town, feeder and cause codes are kept as pieces and joined at the end, the texts as
    categories of all their texts, sorted as one pass sorts them."""

    PIECES = ("event_id", *TEXT_COLUMNS)

    def __init__(self, rows: int) -> None:
        self.rows, self.filled = rows, 0
        #: Fixed-width column -> (its dtype, the writable numpy array of its whole-file values or codes, and the
        #: array that becomes the column, None for a categorical, made from its codes).
        self.whole: dict[str, tuple[object, np.ndarray, object]] = {}
        self.pieces: dict[str, list[pd.Series]] = {c: [] for c in self.PIECES}

    def add(self, events: pd.DataFrame) -> None:
        at, k = self.filled, len(events)
        for col in EVENT_COLUMNS:
            piece = events[col]
            if col not in self.pieces and col not in self.whole:
                self.whole[col] = self._allocate(piece.dtype)
                if self.whole[col] is None:  # no fixed width: joined from pieces
                    del self.whole[col]
                    self.pieces[col] = []
            if col in self.whole and self.whole[col][0] != piece.dtype:  # another type (a time unit)
                self.pieces[col] = [self._done(col, at)]
            if col in self.pieces:
                self.pieces[col].append(piece)
            else:
                self.whole[col][1][at:at + k] = _raw_values(piece)
        self.filled += k

    def _allocate(self, dtype) -> tuple[object, np.ndarray, object] | None:
        if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
            values = np.empty(self.rows, dtype=dtype)
            return dtype, values, values
        if isinstance(dtype, pd.CategoricalDtype):
            return dtype, np.empty(self.rows, dtype=pd.Categorical.from_codes([], dtype=dtype).codes.dtype), None
        if isinstance(dtype, pd.DatetimeTZDtype):
            times = pd.Series(pd.NaT, index=pd.RangeIndex(self.rows), dtype=dtype).array
            ticks = times.asi8  # a writable view of the times' ticks in pandas; if not, joined from pieces
            return (dtype, ticks, times) if ticks.flags.writeable and np.shares_memory(ticks, times.asi8) else None
        return None

    def _done(self, col: str, rows: int) -> pd.Series:
        """The first ``rows`` of a fixed-width column, without copying its values."""
        dtype, raw, values = self.whole.pop(col)
        if values is None:  # a categorical, from its codes
            return pd.Series(pd.Categorical.from_codes(raw[:rows], dtype=dtype))
        return pd.Series(values[:rows], copy=False)

    def frame(self) -> pd.DataFrame:
        """All the events added, as one frame."""
        columns = {}
        for col in EVENT_COLUMNS:
            if col in self.whole:
                columns[col] = self._done(col, self.filled)
                continue
            pieces = self.pieces.pop(col)
            if col in TEXT_COLUMNS:
                columns[col] = pd.api.types.union_categoricals([p.array for p in pieces], sort_categories=True)
            else:
                columns[col] = pd.concat(pieces, ignore_index=True)
        return pd.DataFrame(columns, copy=False)


def _raw_values(piece: pd.Series) -> np.ndarray:
    """The numbers behind a fixed-width column: its values, a categorical's codes, a zoned time's ticks."""
    if isinstance(piece.dtype, pd.CategoricalDtype):
        return piece.cat.codes.to_numpy()
    if isinstance(piece.dtype, pd.DatetimeTZDtype):
        return piece.array.asi8
    return piece.to_numpy()


def _rows_of(events: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The events of the rows ``keep``, their town, feeder and cause categories only the texts of those rows."""
    events = events[keep].reset_index(drop=True)
    for col in TEXT_COLUMNS:
        events[col] = _only_used(events[col].array)
    return events


def _only_used(values: pd.Categorical) -> pd.Categorical:
    """``values.remove_unused_categories()``, found by counting the codes (pandas hashes them: 0.04 s per 10^6
    rows against 0.01 s)."""
    codes = values.codes
    present = codes[codes >= 0] if codes.min(initial=0) < 0 else codes  # -1: a missing value
    used = np.bincount(present, minlength=len(values.categories)) > 0
    if used.all():
        return values
    new_code = np.cumsum(used) - 1
    kept = np.where(codes >= 0, new_code[codes], -1)
    return pd.Categorical.from_codes(kept, categories=values.categories[used], ordered=values.ordered)


def _codes_in(values: np.ndarray, dtype: pd.CategoricalDtype) -> np.ndarray:
    """The code of each value among ``dtype``'s categories (-1: none of them, as for a rejected row)."""
    codes = np.full(len(values), -1, dtype=np.int8)
    for code, name in enumerate(dtype.categories):
        codes[values == name] = code
    return codes


def _hours_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """``end - start`` in hours [h], NaN where either is missing: the seconds of the difference over 3600, as
    ``Series.dt.total_seconds() / 3600`` gives them, from the times' own integer ticks (no copy of them)."""
    unit = min(start.dtype.unit, end.dtype.unit, key=list(_TICKS_PER_SECOND).index)
    start, end = (t if t.dtype.unit == unit else t.dt.as_unit(unit) for t in (start, end))  # the finer unit
    hours = np.subtract(end.array.asi8, start.array.asi8) / _TICKS_PER_SECOND[unit] / 3600
    hours[nat_mask(start) | nat_mask(end)] = np.nan
    return pd.Series(hours, index=start.index)


_TICKS_PER_SECOND = {"ns": 1_000_000_000, "us": 1_000_000, "ms": 1_000, "s": 1}  # finest first


def warnings_frame(rows: list[tuple[int, str, str, str, dict]]) -> pd.DataFrame:
    """Warnings (row, column, value, code, args) as a frame with the English ``message``."""
    frame = pd.DataFrame(rows, columns=["row", "column", "value", "code", "args"])
    if frame["row"].map(lambda r: isinstance(r, int | np.integer)).all():  # else ``file:row`` labels
        frame["row"] = frame["row"].astype("int64")
    frame["message"] = [messages.text(c, a, "en", "warning") for c, a in zip(frame["code"], frame["args"], strict=True)]
    return frame[list(WARNING_COLUMNS)]


def _complete_ends(end: pd.Series, start: pd.Series, given: pd.Series, todo: pd.Series, tz: str):
    """Ends completed from their own start (``complete_partial_end``): each partial end becomes the first moment
    after its start with the fields it gave (:func:`lqrel.parse.complete_after`). Returns the ends and a mask of
    the rows completed."""
    from lqrel.parse import complete_after, localize

    done = pd.Series(False, index=end.index)
    if not todo.any():
        return end, done
    local_start = start[todo].dt.tz_localize(None)
    moments = [complete_after(s, g) for s, g in zip(local_start, given[todo], strict=True)]
    naive = pd.Series(moments, index=local_start.index, dtype="datetime64[us]")
    local, _ = localize(naive, tz)
    end = end.copy()
    end[local.index] = local
    done[local.index] = local.notna()
    return end, done


def _timestamps(frame: pd.DataFrame, which: str, tz: str, order: str | None = "ymd") -> Timestamps:
    """Parse ``which`` (start or end) from one column or from a date column plus a time column, texts with day
    and month first in ``order``."""
    if which in frame:
        cells = frame[which]
    elif f"{which}_date" in frame:
        cells = frame[f"{which}_date"]
        if f"{which}_time" in frame:
            cells = combine_date_time(cells, frame[f"{which}_time"])
    else:
        empty = pd.Series(pd.NaT, index=frame.index, dtype=f"datetime64[us, {tz}]")
        false = pd.Series(False, index=frame.index)
        return Timestamps(empty, false, false, None, false)
    return parse_datetimes(cells, tz, order or "ymd")


#: Rows from which the ids shared by two rows are narrowed by hashes (DuckDB's ``hash``, in parallel, and numpy
#: sorts on both cores: far less time and memory than pandas' hash table of Arrow strings).
HASHED_IDS_FROM = 200_000


def _shared(ids: pd.Series, maybe: np.ndarray | None = None) -> np.ndarray:
    """True for each id that occurs more than once (``duplicated(keep=False)``). For a large Arrow text column
    only the ids whose hash occurs twice are compared exactly (equal ids have equal hashes); ``maybe``: the
    positions of those ids (or more), when already found (:func:`_maybe_shared`, :func:`_keys_repeated`)."""
    if maybe is None:
        if len(ids) < HASHED_IDS_FROM or not is_text_column(ids):
            return ids.duplicated(keep=False).to_numpy()
        key, repeated = _keys_repeated(ids)
        maybe = _positions_of(key, repeated)
    out = np.zeros(len(ids), dtype=bool)
    if len(maybe):
        out[maybe] = pd.Series(_texts_at(ids, maybe)).duplicated(keep=False).to_numpy()
    return out


def _texts_at(cells: pd.Series, positions: np.ndarray) -> np.ndarray:
    """The cells at ascending ``positions`` as an object array; an Arrow column is taken from chunk by chunk
    (Arrow's take across the chunks of a large text column first spent about 0.1 s here)."""
    import pyarrow as pa

    data = cells.array.__arrow_array__() if is_text_column(cells) else None
    if not isinstance(data, pa.ChunkedArray):
        return cells.iloc[positions].to_numpy(dtype=object)
    first = np.cumsum([0] + [len(c) for c in data.chunks])
    chunk_of = np.searchsorted(first, positions, side="right") - 1
    return np.concatenate([
        data.chunk(k).take(pa.array(positions[chunk_of == k] - first[k])).to_numpy(zero_copy_only=False)
        for k in np.unique(chunk_of)
    ]).astype(object)


def _started(fn, *args) -> Future:
    """``fn(*args)`` started on a thread of its own, for work that frees the GIL (DuckDB, Arrow, numpy)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(fn, *args)
    finally:
        pool.shutdown(wait=False)  # the thread ends when fn returns


def _id_keys(ids: pd.Series, con) -> np.ndarray:
    """A 32-bit key of each id, the top half of DuckDB's 64-bit ``hash`` on ``con``, a DuckDB connection of
    this load (with DuckDB's default preserve_insertion_order: keys in the ids' order): equal ids have equal
    keys."""
    import pyarrow as pa

    data = ids.array.__arrow_array__() if is_text_column(ids) else pa.array(ids.astype(object), pa.large_string())
    try:
        con.register("ids", pa.table({"id": data}))  # the ids' own buffers
        return con.sql("SELECT (hash(id) >> 32)::UINTEGER AS k FROM ids").fetchnumpy()["k"]
    finally:
        con.unregister("ids")


def _keys_repeated(ids: pd.Series, cores: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ids' keys (:func:`_id_keys`, hashed on ``cores`` cores, default all) and the keys that occur more than
    once among them: equal ids, and by chance about n^2 / 2^33 pairs of different ones."""
    import duckdb

    with duckdb.connect(config={} if cores is None else {"threads": cores}) as con:
        key = _id_keys(ids, con)
    return key, _repeated([key])


def _sorted_id_keys(ids: pd.Series, con) -> tuple[np.ndarray, np.ndarray]:
    """The keys of a batch's ids (:func:`_id_keys` on ``con``) and the same keys sorted."""
    key = _id_keys(ids, con)
    return key, np.sort(key)


def _maybe_shared(keyed: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Positions, counted across the batches in order, of the ids whose key occurs more than once in all the
    batches' keys (:func:`_sorted_id_keys`): every id that occurs twice is among them."""
    repeated = _repeated([s for _, s in keyed], presorted=True)
    first = np.cumsum([0] + [len(k) for k, _ in keyed])
    return np.concatenate([_positions_of(k, repeated) + f for (k, _), f in zip(keyed, first, strict=False)])


def _positions_of(key: np.ndarray, repeated: np.ndarray) -> np.ndarray:
    """Positions of the keys that are among the (few) ``repeated`` keys."""
    if not len(repeated):
        return np.zeros(0, dtype=np.int64)
    marks = np.zeros(1 << 20, dtype=bool)  # the keys that may repeat, by their top 20 bits
    marks[repeated >> 12] = True
    maybe = np.flatnonzero(marks[key >> 12])
    return maybe[np.isin(key[maybe], repeated)]


def _repeated(runs: list[np.ndarray], presorted: bool = False) -> np.ndarray:
    """The 32-bit keys that occur more than once among the keys of ``runs``. Keys below and above 2^31 never
    meet, so the two halves are sorted at once on two threads (numpy sorts without the GIL); ``presorted`` runs
    (each sorted) are merged, which timsort does in one pass over them."""
    from concurrent.futures import ThreadPoolExecutor

    half = np.uint32(1 << 31)
    if presorted:
        cuts = [np.searchsorted(r, half) for r in runs]
        halves = [np.concatenate([r[:c] for r, c in zip(runs, cuts, strict=True)]),
                  np.concatenate([r[c:] for r, c in zip(runs, cuts, strict=True)])]
    else:
        key = np.concatenate(runs)
        high = key >= half
        halves = [key[~high], key[high]]
    with ThreadPoolExecutor(2) as pool:
        ordered = list(pool.map(lambda h: np.sort(h, kind="stable" if presorted else "quicksort"), halves))
    return np.concatenate([o[1:][o[1:] == o[:-1]] for o in ordered])


def _duplicated(columns: list, n_rows: int, text_of, candidates: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """``duplicated(keep="last")`` of rows given column by column as text (``text_of(column, rows)``), narrowed
    first: rows equal in every column are equal in each, so only rows with a twin in the columns seen so far
    stay candidates (few, after an id or a time), and only they are compared whole. ``candidates``: the rows
    that may have a twin, when already known (those sharing an event id). Returns the mask and, for each row
    dropped, the position of the row kept that it repeats (-1 elsewhere)."""
    out, kept = np.zeros(n_rows, dtype=bool), np.full(n_rows, -1, dtype=np.int64)
    candidates = np.ones(n_rows, dtype=bool) if candidates is None else candidates.copy()
    for c in columns:
        if candidates.sum() * 8 < n_rows:
            break
        candidates[candidates] = text_of(c, candidates).duplicated(keep=False).to_numpy()
    if columns and candidates.any():
        whole = pd.DataFrame({c: text_of(c, candidates).to_numpy() for c in columns})
        # rows equal in every column form a group; all but its last are dropped, each repeating that last one
        group = whole.groupby(list(whole.columns), sort=False, dropna=False).ngroup().to_numpy()
        last = pd.Series(np.arange(len(group))).groupby(group).transform("max").to_numpy()
        dup = last != np.arange(len(group))
        out[candidates] = dup
        at = np.flatnonzero(candidates)
        kept[at[dup]] = at[last[dup]]
    return out, kept


def copies_of(rows: np.ndarray, dup: np.ndarray, kept: np.ndarray) -> list[dict]:
    """The exact repeated rows dropped, each with the row kept that it repeats: ``{"row", "kept"}`` (source row
    numbers, ``rows`` the source row of each position of :func:`_duplicated`'s result)."""
    return [{"row": int(rows[i]), "kept": int(rows[kept[i]])} for i in np.flatnonzero(dup)]


#: Frames of fewer rows than this have their columns' distinct cells found one after another: starting two
#: threads costs more than the hashing they would share (a tenth of a small file's load).
THREAD_MIN_ROWS = 10_000


class _DistinctCells:
    """:func:`lqrel.parse.distinct` of a frame's columns; for a frame of :data:`THREAD_MIN_ROWS` rows or more, those
    of ``columns`` that are Arrow text are found up front on two threads (Arrow hashes them without the GIL)."""

    def __init__(self, frame: pd.DataFrame, columns: list[str]) -> None:
        self.frame = frame
        texts = [c for c in dict.fromkeys(columns) if c in frame and is_text_column(frame[c])]
        self._known: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if len(texts) > 1 and len(frame) >= THREAD_MIN_ROWS:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(2) as pool:
                self._known = dict(zip(texts, pool.map(lambda c: distinct(frame[c]), texts), strict=True))

    def __call__(self, canon: str) -> tuple[np.ndarray, np.ndarray]:
        known = self._known.get(canon)
        return known if known is not None else distinct(self.frame[canon])


class _BlankMasks:
    """:func:`blank_mask` of each column, computed once per Arrow column however often it is asked for, with
    the column's :func:`lqrel.parse.edge_bytes` (:meth:`edges`)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, np.ndarray, tuple]] = {}

    def __call__(self, cells: pd.Series) -> pd.Series:
        if not is_text_column(cells):
            return blank_mask(cells)
        return pd.Series(self._of(cells)[1], index=cells.index)

    def edges(self, cells: pd.Series) -> tuple | None:
        """First and last byte and byte length of each text of an Arrow text column (None for another column)."""
        return self._of(cells)[2] if is_text_column(cells) else None

    def _of(self, cells: pd.Series) -> tuple[object, np.ndarray, tuple]:
        data = cells.array.__arrow_array__()
        known = self._known.get(id(data))
        if known is None or known[0] is not data:  # the array is kept, so its id is not reused meanwhile
            edges = edge_bytes(cells)
            known = self._known[id(data)] = (data, blank_mask(cells, edges).to_numpy(dtype=bool), edges)
        return known


def _as_text(cells: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as text for comparing whole rows: ``""`` where blank, else the cell as written."""
    if is_text_column(cells):
        return cells.where(~blank, "")
    return cells.astype(object).where(~blank, "").astype(str)


def nature_by_keyword(value: object) -> str | None:
    if is_blank(value):
        return None
    s = normalize(value)
    if any(k in s for k in _FAULT_KEYWORDS):
        return "fault"
    if any(k in s for k in _PLANNED_KEYWORDS):
        return "planned"
    return None


def _areas(frame: pd.DataFrame, params: Params, reject: RejectLog, distinct_of) -> np.ndarray:
    """Area of each row as codes of :data:`AREA_DTYPE` (-1 where it has none), checked: from the ``areas``
    mapping in params when given, else from the area column; each rule once per distinct cell (``distinct_of``)."""
    if params.areas is not None:
        rule = params.areas
        col = rule.column
        codes, values = distinct_of(col)
        keys = checks.keys_of(values)
        table = {normalize(v): "urban" for v in rule.urban} | {normalize(v): "rural" for v in rule.rural}
        area = apply_each(table.get, keys)
        found = [checks.area_blank(keys, col)]
        if rule.rural:
            found.append(checks.area_not_listed(area, keys, col))
        else:
            area = np.where(checks.none_of(area) & (keys != ""), "rural", area)
        _reject_all(reject, _per_row(found, codes))
        return _codes_in(area, AREA_DTYPE)[codes]
    codes, values = distinct_of("area")
    area = apply_each(value_mapper(lookup_table(AREA_VALUES, params.values.get("area"))), values)
    _reject_all(reject, _per_row([checks.area_missing(area), checks.area_unknown(area)], codes))
    return _codes_in(np.where(area == NOT_FOUND, None, area), AREA_DTYPE)[codes]


def _per_row(found: list[checks.Flagged], codes: np.ndarray) -> list[checks.Flagged]:
    """Checks of a column's distinct cells spread to its rows (``codes``: each row's distinct cell)."""
    return [replace(f, mask=np.asarray(f.mask, dtype=bool)[codes]) for f in found]


def _natures(frame: pd.DataFrame, params: Params, names: dict, reject: RejectLog, distinct_of):
    """Nature (codes of :data:`NATURE_DTYPE`, fault where none is given), external and shortage of each row,
    checked; each rule once per distinct cell of the column."""
    n = len(frame)
    nature = np.full(n, NATURE_DTYPE.categories.get_loc("fault"), dtype=np.int8)
    shortage = np.zeros(n, dtype=bool)
    if "nature" in frame:
        codes, values = distinct_of("nature")
        mapped = apply_each(value_mapper(lookup_table(NATURE_VALUES, params.values.get("nature"))), values)
        keyword = apply_each(nature_by_keyword, values)
        _reject_all(reject, _per_row([checks.nature_unknown(mapped, keyword)], codes))
        mapped = np.where(mapped == NOT_FOUND, keyword, mapped)
        nature = _codes_in(np.where(checks.none_of(mapped), "fault", mapped), NATURE_DTYPE)[codes]
        short_names = {normalize(v) for v in SHORTAGE_NATURES}
        shortage |= apply_each(lambda v: not is_blank(v) and normalize(v) in short_names, values).astype(bool)[codes]
    external = np.zeros(n, dtype=bool)
    for canon in ("external", "shortage"):
        if canon not in frame:
            continue
        codes, values = distinct_of(canon)
        mapped = apply_each(value_mapper(flag_table(canon, params)), values)
        _reject_all(reject, _per_row([checks.flag_unknown(mapped, canon, names.get(canon, canon))], codes))
        flag = (mapped == "true")[codes]
        if canon == "external":
            external = flag
        else:
            shortage |= flag
    return nature, external, shortage


def flag_table(canon: str, params: Params) -> dict:
    """The yes/no vocabulary of ``external`` or ``shortage``; a shortage column also takes natures (the
    shortage natures yes, any other no)."""
    table = lookup_table(BOOL_VALUES, params.values.get(canon))
    if canon == "shortage":
        for v in SHORTAGE_NATURES:
            table[normalize(v)] = "true"
        for names_ in NATURE_VALUES.values():
            for v in names_:
                table.setdefault(normalize(v), "false")
    return table


#: What makes two rows of one id the same event in substance (a row present in two overlapping exports).
SUBSTANCE_COLUMNS = ("start", "end", "customers", "area", "town", "feeder", "cause", "nature", "external",
                     "shortage")


def _load_files(files: list[Path], params: Params):
    """:func:`load_events` of several files (a year of monthly exports): each read on its own terms (header row,
    column mapping, date order, duplicates within it), then joined in the order given, every row named
    ``file:row`` (:func:`lqrel.readers.source_labels`). Across files, rows of one given id that can be one outage
    (same normalised feeder, start on the same local day) are one event, the last kept (docs/spec.md §5): the
    same values (overlapping exports, ``file_overlap``) or other values (a correction, ``file_correction``), each
    named on the row kept, with the rows dropped counted as duplicates; one id on different outages in two files
    is id reuse (``reused_ids``); spellings of one name across files are merged (``name_merges``). Rows read =
    accepted + rejected + duplicates over all the files."""
    from lqrel.readers import source_labels

    labels = source_labels(files)
    loaded = [_load_file(f, params) for f in files]
    parts = [_labelled(events, rejects, report, label) for (events, rejects, report), label in
             zip(loaded, labels, strict=True)]
    events = _joined_events([p[0] for p in parts], params.timezone)
    file_of = np.repeat(np.arange(len(parts)), [len(p[0]) for p in parts])
    row_labels = events["row"].to_numpy(dtype=object)
    events["row"] = np.arange(len(events), dtype="int64")  # positions while resolving, labels after
    named = ~events["event_id"].str.startswith("row-").to_numpy(dtype=bool)
    dup, overlaps, reused, warn = _across_files(events, named, file_of, row_labels,
                                                next(iter(loaded))[2].columns.get("event_id", "event_id"))
    doubles, more = _doubles_across_files(events, dup, file_of, row_labels, params,
                                          loaded[0][2].columns.get("feeder", "feeder"))
    warn += more
    kept = events[~dup].reset_index(drop=True)
    merges = []
    for col in NAME_COLUMNS:
        merged, entries, more = _merge_names(kept[col].array, kept["row"].to_numpy(),
                                             loaded[0][2].columns.get(col, col))
        if entries:
            kept[col] = merged
            merges += [{"column": col, **e} for e in entries]
            warn += [(row_labels[r], h, v, c, a) for r, h, v, c, a in more]
    kept["row"] = row_labels[kept["row"].to_numpy()]
    if not len(kept):
        kept = empty_events(params.timezone)
    report = _joined_report(files, labels, [p[2] for p in parts], overlaps, reused, merges,
                            row_labels[dup].tolist())
    report.double_entries += doubles
    dropped = set(report.duplicate_rows)
    more_warnings = [w for w in [*(p[2].warnings for p in parts), warnings_frame(warn)] if len(w)]
    warnings = pd.concat(more_warnings, ignore_index=True) if more_warnings else warnings_frame([])
    report.warnings = warnings[~warnings["row"].isin(dropped)].reset_index(drop=True)
    rejects = pd.concat([p[1] for p in parts if len(p[1])] or [parts[0][1]], ignore_index=True)
    report.accepted, report.rejected = len(kept), len(rejects)
    assert report.accepted + report.rejected + report.duplicates == report.rows_read, "row reconciliation failed"
    return kept, rejects, report


def _labelled(events: pd.DataFrame, rejects: pd.DataFrame, report: LoadReport, label: str):
    """One file's events, rejects and report with each row named ``label:row`` (an event without an id named
    ``row-label:row``)."""
    def name(rows) -> list[str]:
        return [f"{label}:{int(r)}" for r in rows]

    events = events.copy()
    unnamed = events["event_id"] == "row-" + events["row"].astype(str)
    events["row"] = pd.Series(name(events["row"]), index=events.index, dtype=object)
    events["event_id"] = events["event_id"].where(~unnamed, "row-" + events["row"].astype(str))
    rejects = rejects.assign(row=pd.Series(name(rejects["row"]), index=rejects.index, dtype=object))
    report = replace(report, warnings=report.warnings.assign(
        row=pd.Series(name(report.warnings["row"]), index=report.warnings.index, dtype=object)),
        duplicate_rows=name(report.duplicate_rows),
        duplicate_copies=[{"row": f"{label}:{c['row']}", "kept": f"{label}:{c['kept']}"}
                          for c in report.duplicate_copies],
        reused_ids=[{**g, "rows": name(g["rows"])} for g in report.reused_ids],
        double_entries=[{**g, "rows": name(g["rows"]), "dropped_rows": name(g["dropped_rows"])}
                        for g in report.double_entries],
        date_orders={f"{label} {k}": v for k, v in report.date_orders.items()})
    return events, rejects, report


def _joined_events(parts: list[pd.DataFrame], timezone: str) -> pd.DataFrame:
    """The events of several files as one frame, the text columns categories of all their texts."""
    parts = [p for p in parts if len(p)] or [empty_events(timezone)]
    events = pd.concat(parts, ignore_index=True)
    for col in TEXT_COLUMNS:
        events[col] = pd.api.types.union_categoricals([p[col].array for p in parts], sort_categories=True)
    for col, dtype in (("area", AREA_DTYPE), ("nature", NATURE_DTYPE)):
        events[col] = events[col].astype(dtype)
    return events


def _across_files(events: pd.DataFrame, named: np.ndarray, file_of: np.ndarray, labels: np.ndarray, id_name: str):
    """The rows of one given id in more than one file (``events['row']``: positions): those that can be one
    outage are one event, the last kept; the rest is id reuse. Returns the mask of the rows dropped, the overlaps
    ``{"id", "kept", "dropped", "identical"}``, the ids reused across files ``{"id", "rows"}`` and the warnings
    (rows as labels)."""
    n = len(events)
    dup = np.zeros(n, dtype=bool)
    ids = events["event_id"].astype(object).to_numpy()
    seen = pd.DataFrame({"id": ids, "file": file_of})[named]
    spread = seen.groupby("id")["file"].nunique()
    across = np.flatnonzero(named & (pd.Series(ids).map(spread).fillna(0).to_numpy() > 1))
    if not len(across):
        return dup, [], [], []
    feeder = _name_codes(events["feeder"].array)
    day = events["start"].dt.tz_localize(None).dt.normalize().to_numpy()
    same = pd.DataFrame({"id": ids[across], "feeder": feeder[across], "day": day[across], "at": across})
    overlaps, warn = [], []
    for _, group in same.groupby(["id", "feeder", "day"], sort=False):
        at = group["at"].to_numpy()
        if len(at) < 2:
            continue
        dup[at[:-1]] = True
        rows = events.iloc[at][list(SUBSTANCE_COLUMNS)].astype(object).map(str)
        identical = bool((rows == rows.iloc[-1]).all(axis=None))
        dropped = [labels[a] for a in at[:-1]]
        overlaps.append({"id": str(ids[at[-1]]), "kept": labels[at[-1]], "dropped": dropped,
                         "identical": identical})
        warn.append((labels[at[-1]], id_name, str(ids[at[-1]]), "file_overlap" if identical else "file_correction",
                     {"id": str(ids[at[-1]]), "rows": _listed(dropped)}))
    reused = []
    left = same[~dup[same["at"].to_numpy()]]
    for event_id, group in left.groupby("id", sort=False):
        if len(group) > 1 and file_of[group["at"]].min() != file_of[group["at"]].max():
            rows = [labels[a] for a in group["at"]]
            reused.append({"id": str(event_id), "rows": rows})
            warn += [(r, id_name, str(event_id), "id_reused", {"id": str(event_id), "rows": _listed(rows)})
                     for r in rows]
    return dup, overlaps, reused, warn


def _doubles_across_files(events: pd.DataFrame, dup: np.ndarray, file_of: np.ndarray, labels: np.ndarray,
                          params: Params, feeder_name: str):
    """Probable double entries (docs/spec.md §5) whose rows are in more than one file, among the events not
    dropped (``dup``, changed in place: with ``double_entries: drop`` all but the first of each group join it).
    Returns the ``double_entries`` (rows as labels) and their warnings."""
    groups = [g for g in _double_entry_groups(events, _name_codes(events["feeder"].array), ~dup)
              if len(set(file_of[g])) > 1]
    drop = params.double_entries == "drop"
    entries, warn = _double_entries(events, groups, drop, feeder_name)
    for entry, g in zip(entries, groups, strict=True):
        entry["feeder"] = str(events["feeder"].iloc[int(g[0])])
        for key in ("rows", "dropped_rows"):
            entry[key] = [labels[r] for r in entry[key]]
        if drop:
            dup[g[1:]] = True
    return entries, [(labels[r], *rest) for r, *rest in warn]


def _joined_report(files: list[Path], labels: list[str], reports: list[LoadReport], overlaps: list[dict],
                   reused: list[dict], merges: list[dict], dropped: list[str]) -> LoadReport:
    """The load report of several files: their counts added, the rows dropped across files among the
    duplicates, the findings of each file with those across files, and each file's own facts (``files``)."""
    import hashlib

    columns: dict[str, str] = {}
    for r in reports:
        for canon, header in r.columns.items():
            known = columns.get(canon, "").split(" / ") if canon in columns else []
            columns[canon] = " / ".join(dict.fromkeys([*known, header]))
    first = reports[0]
    return LoadReport(
        path=f"{len(files)} files: " + ", ".join(labels),
        sha256=hashlib.sha256("\n".join(r.sha256 for r in reports).encode()).hexdigest(),
        rows_read=sum(r.rows_read for r in reports), accepted=0, rejected=0,
        duplicates=sum(r.duplicates for r in reports) + len(dropped), header_row=first.header_row,
        columns=columns, encoding=first.encoding, sheet=first.sheet,
        duplicate_rows=[row for r in reports for row in r.duplicate_rows] + dropped,
        duplicate_copies=[c for r in reports for c in r.duplicate_copies],
        reused_ids=[g for r in reports for g in r.reused_ids] + reused,
        double_entries=[g for r in reports for g in r.double_entries],
        name_merges=[m for r in reports for m in r.name_merges] + merges,
        date_orders={k: v for r in reports for k, v in r.date_orders.items()},
        files=[{"file": str(f), "label": label, **r.to_dict(), "sha256": r.sha256, "header_row": r.header_row,
                "columns": r.columns, "encoding": r.encoding, "sheet": r.sheet}
               for f, label, r in zip(files, labels, reports, strict=True)],
        file_overlaps=overlaps, unknown_values=[u for r in reports for u in r.unknown_values])
