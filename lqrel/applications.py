"""The utility's application log (业扩报装 export): load and validate it, every row accounted for.

Two layouts, told apart by their headers:

- **wide**: one row per application, with ``app_id``, ``customer_type``, ``works``, ``capacity_kw`` and a start
  and an end column per stage (``acceptance_start``, ``acceptance_end``, ... ``connection_end``; Chinese
  ``业务受理开始时间``, ``装表接电完成时间``, ...);
- **long**: one row per application and stage, with ``app_id``, ``stage`` (业务受理, 供电方案答复, ...), ``start``
  and ``end``, and the application's type, works and capacity on its rows (blank on some rows is fine; two
  different values are not).

Rows read = accepted + rejected + duplicates, as for outage logs: a rejected row keeps its row number, column,
value and a reason code (:data:`lqrel.messages.REJECTS`). In the long layout an application is accepted whole or
not at all: when one of its rows is rejected, its other rows are rejected too, naming that row, because a stage
left out would shorten the application's working days. Nothing is completed from the clock: a time without a
full date rejects the row.

Headers and values the built-in vocabulary does not know are mapped under ``applications_columns:`` (canonical ->
header or [headers]) and ``applications_values:`` (column -> {canonical value: [source values]}) in params.yaml;
``columns:`` and ``values:`` still map them too, as they did before those keys existed. Several files (a list, a
folder, a glob) are read each on its own terms and joined, rows named ``file:row``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.connection import CUSTOMER_TYPES, STAGES, TYPE_STAGES, stage_columns
from lqrel.coverage import Coverage, resolve
from lqrel.events import LoadReport
from lqrel.headers import match_headers, missing_columns_error, require_unique_headers
from lqrel.params import Params, load_params
from lqrel.parse import blank_mask, map_values, parse_datetimes, parse_numbers, text_values
from lqrel.readers import HeaderNotFound, UnsavedFormula, expand_sources, read_table, sha256, source_labels
from lqrel.rejects import RejectLog
from lqrel.vocab import (
    APPLICATION_ALIASES,
    APPLICATION_VALUE_COLUMNS,
    BOOL_VALUES,
    CUSTOMER_TYPE_VALUES,
    GRID_INVESTED_VALUES,
    STAGE_VALUES,
    WORKS_VALUES,
    lookup_table,
    unknown_value_entries,
)

#: Optional columns of the 三零/三省 service benefits (docs/spec.md §12.1): yes/no flags and counts.
BENEFIT_FLAGS = {"online": BOOL_VALUES, "grid_invested": GRID_INVESTED_VALUES, "approval": BOOL_VALUES}
BENEFIT_NUMBERS = ("site_visits", "customer_cost_yuan")
BENEFIT_COLUMNS = (*BENEFIT_FLAGS, *BENEFIT_NUMBERS)
#: Columns of the accepted applications (wide, one row per application).
APPLICATION_COLUMNS = ("app_id", "row", "customer_type", "works", "capacity_kw", "town", *BENEFIT_COLUMNS,
                       *[c for s in STAGES for c in stage_columns(s)])
WIDE_TIMES = tuple(c for s in STAGES for c in stage_columns(s))


@dataclass
class Applications:
    """A loaded application log.

    Attributes
    ----------
    apps : pandas.DataFrame
        Accepted applications, one row each: :data:`APPLICATION_COLUMNS`; ``works`` True, False or None (not
        given), ``capacity_kw`` [kW] (NaN when not given), stage times local (NaT where not recorded).
    rejects : pandas.DataFrame
        ``row``, ``column``, ``value``, ``code``, ``args``, ``reason`` (English).
    report : LoadReport
        The reconciliation of rows (in the long layout, rows are stage rows).
    coverage : Coverage
        The dates the log speaks for: declared (``--data-through``) or inferred from its months.
    layout : str
        ``wide`` or ``long``.
    """

    apps: pd.DataFrame
    rejects: pd.DataFrame
    report: LoadReport
    coverage: Coverage | None
    layout: str


def _explicit(params: Params) -> dict[str, tuple[str, ...]]:
    """Headers named for the application log: ``applications_columns`` first, then those of ``columns`` (the
    older way, still read) that are application columns."""
    older = {k: v for k, v in params.columns.items() if k in APPLICATION_ALIASES}
    return {k: (*params.applications_columns.get(k, ()), *older.get(k, ()))
            for k in dict.fromkeys([*params.applications_columns, *older])}


def _vocabulary(params: Params, column: str, builtin: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A column's vocabulary: built in, ``values:`` (the older way) and ``applications_values:``."""
    extra: dict[str, tuple[str, ...]] = {}
    for table in (params.values.get(column, {}), params.applications_values.get(column, {})):
        for canon, names in table.items():
            extra[canon] = (*extra.get(canon, ()), *names)
    return lookup_table(builtin, extra)


def _looks_like_header(cells: list[str], params: Params) -> bool:
    found = match_headers(cells, APPLICATION_ALIASES, _explicit(params))
    return ("app_id" in found or "customer_type" in found) and ("acceptance_start" in found or "stage" in found)


def _require(found: dict[str, int], where: str, header: list[str], searched: int | None = None) -> None:
    needed = ["app_id", "customer_type"]
    needed += ["stage", "start", "end"] if "stage" in found else ["acceptance_start", "connection_end"]
    missing = [c for c in needed if c not in found]
    if missing:
        raise missing_columns_error(where, missing, header, APPLICATION_ALIASES, "applications_columns",
                                    searched=searched)


def load_applications(path: str | Path, params: Params | dict | str | Path | None = None,
                      data_through: dt.date | None = None, sheet: str | int | None = None,
                      through_at_most: dt.date | None = None) -> Applications:
    """Read an application log (wide or long) and validate every row.

    Parameters
    ----------
    path : str, pathlib.Path or a list of them
        CSV (UTF-8 or GB18030), XLSX or Parquet; or several (a list, a folder, a glob pattern:
        :func:`lqrel.readers.expand_sources`), an application in two files counted once (the later file's).
    params : optional
        Settings: ``applications_columns:`` and ``applications_values:`` mappings (``customer_type``, ``works``,
        ``stage``; ``columns:`` and ``values:`` are still read), time zone.
    data_through : datetime.date, optional
        The last day the log covers; else inferred (the end of the month of its latest time).
    sheet : str or int, optional
        XLSX sheet.
    through_at_most : date, optional
        Cut an inferred coverage end to this day (a scheduled run cannot have data for its own day).

    Returns
    -------
    Applications

    Raises
    ------
    InputError
        The file cannot be read, or a required column is missing.
    """
    params = load_params(params)
    files = expand_sources(path)
    if len(files) > 1:
        apps, rejects, report, layout = _load_files(files, params, sheet)
    else:
        apps, rejects, report, layout = _load_file(files[0], params, sheet)
    times = pd.concat([apps[c] for c in WIDE_TIMES], ignore_index=True).dropna()
    coverage = resolve(times, params.timezone, None, data_through, through_at_most, what="applications")
    return Applications(apps, rejects, report, coverage, layout)


def _load_file(path: Path, params: Params, sheet: str | int | None):
    """The accepted applications, rejects, load report and layout of one file."""
    try:
        table = read_table(path, lambda cells: _looks_like_header(cells, params), None, sheet)
    except HeaderNotFound as exc:
        likely = match_headers(exc.likely, APPLICATION_ALIASES, _explicit(params))
        _require(likely, str(path), exc.likely, exc.fields["rows"])
        raise
    where = f"{path}" + (f" (sheet {table.sheet})" if table.sheet else "")
    found = match_headers(table.header, APPLICATION_ALIASES, _explicit(params))
    _require(found, where, table.header)
    require_unique_headers(found, table.header, where)
    cells, extra = table.cells()
    frame = pd.DataFrame({canon: cells[pos] for canon, pos in found.items()}, index=cells.index)
    frame = frame.reset_index(drop=True)
    frame["row"] = np.asarray(table.row_numbers, dtype="int64")
    names = {canon: table.header[pos] or f"column {pos + 1}" for canon, pos in found.items()}
    reject = RejectLog(frame, names)
    if extra:
        mask = pd.Series(False, index=frame.index)
        mask.iloc[extra] = True
        reject(mask, None, "too_many_cells")
    blank = np.ones(len(frame), dtype=bool)
    for c in cells.columns:
        blank &= blank_mask(cells[c].reset_index(drop=True)).to_numpy()
    reject(pd.Series(blank, index=frame.index), None, "blank_row")
    for canon in found:
        if frame[canon].dtype == object:
            reject(frame[canon].map(lambda v: isinstance(v, UnsavedFormula)), canon, "unsaved_formula")
    layout = "long" if "stage" in found else "wide"
    attrs = _attributes(frame, reject, params, per_row=layout == "wide")
    if layout == "wide":
        apps, duplicates = _wide(frame, attrs, reject, params, cells)
    else:
        apps, duplicates = _long(frame, attrs, reject, params)
    rejects = reject.table().sort_values("row", kind="stable").reset_index(drop=True)
    accepted_rows = len(frame) - len(rejects) - len(duplicates)
    assert accepted_rows >= 0, "row reconciliation failed"
    report = LoadReport(path=str(path), sha256=table.sha256 or sha256(path), rows_read=len(frame),
                        accepted=accepted_rows, rejected=len(rejects), duplicates=len(duplicates),
                        header_row=table.header_row, columns=names, encoding=table.encoding, sheet=table.sheet,
                        duplicate_rows=duplicates, unknown_values=unknown_value_entries(
                            list(zip(rejects["code"], rejects["column"], rejects["value"], strict=True)),
                            {f"{c}_unknown": c for c in APPLICATION_VALUE_COLUMNS}, where,
                            APPLICATION_VALUE_COLUMNS, "applications_values"))
    return apps, rejects, report, layout


def _load_files(files: list[Path], params: Params, sheet: str | int | None):
    """:func:`_load_file` of several files, joined: rows named ``file:row``; an application in two files
    (overlapping exports, or a later export with more stages done) is the last one's, the earlier rows counted
    as duplicates and named (``file_overlaps``)."""
    import hashlib

    labels = source_labels(files)
    loaded = [_load_file(f, params, sheet) for f in files]

    def name(label: str, rows) -> list[str]:
        return [f"{label}:{int(r)}" for r in rows]

    apps = pd.concat([a.assign(row=name(label, a["row"]),
                               _rows=a["app_id"].map(a.attrs.get("stage_rows", {})).fillna(1).astype(int))
                      for (a, _, _, _), label in zip(loaded, labels, strict=True)], ignore_index=True)
    rejects = pd.concat([r.assign(row=pd.Series(name(label, r["row"]), index=r.index, dtype=object))
                         for (_, r, _, _), label in zip(loaded, labels, strict=True)], ignore_index=True)
    again = apps.duplicated("app_id", keep="last")
    overlaps = []
    for app_id, group in apps[apps["app_id"].isin(apps.loc[again, "app_id"])].groupby("app_id", sort=False):
        values = group.drop(columns=["row", "_rows"]).astype(object).map(str)
        overlaps.append({"id": str(app_id), "kept": group["row"].iloc[-1], "dropped": group["row"].iloc[:-1].tolist(),
                         "identical": bool((values == values.iloc[-1]).all(axis=None))})
    dropped, dropped_rows = apps.loc[again, "row"].tolist(), int(apps.loc[again, "_rows"].sum())
    apps = apps[~again].drop(columns="_rows").reset_index(drop=True)
    reports = [r for _, _, r, _ in loaded]
    report = LoadReport(
        path=f"{len(files)} files: " + ", ".join(labels),
        sha256=hashlib.sha256("\n".join(r.sha256 for r in reports).encode()).hexdigest(),
        rows_read=sum(r.rows_read for r in reports), accepted=sum(r.accepted for r in reports) - dropped_rows,
        rejected=len(rejects), duplicates=sum(r.duplicates for r in reports) + dropped_rows,
        header_row=reports[0].header_row, columns=reports[0].columns, encoding=reports[0].encoding,
        sheet=reports[0].sheet,
        duplicate_rows=[x for r, label in zip(reports, labels, strict=True) for x in name(label, r.duplicate_rows)]
        + dropped,
        files=[{"file": str(f), "label": label, **r.to_dict(), "sha256": r.sha256, "header_row": r.header_row,
                "columns": r.columns, "encoding": r.encoding, "sheet": r.sheet}
               for f, label, r in zip(files, labels, reports, strict=True)],
        file_overlaps=overlaps, unknown_values=[u for r in reports for u in r.unknown_values])
    layout = "/".join(dict.fromkeys(layout for _, _, _, layout in loaded))
    return apps, rejects, report, layout


def _attributes(frame: pd.DataFrame, reject: RejectLog, params: Params, per_row: bool) -> dict[str, pd.Series]:
    """App id, type, works and capacity of each row, rejecting bad values (blank type only when ``per_row``:
    in the long layout another row of the application may give it)."""
    ids = text_values(frame["app_id"], blank_mask(frame["app_id"]))
    reject(ids == "", "app_id", "app_id_missing")
    kind, bad = map_values(frame["customer_type"], _vocabulary(params, "customer_type", CUSTOMER_TYPE_VALUES))
    if per_row:
        reject(kind.isna() & ~bad, "customer_type", "customer_type_missing")
    reject(bad, "customer_type", "customer_type_unknown")
    works = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if "works" in frame:
        mapped, bad = map_values(frame["works"], _vocabulary(params, "works", WORKS_VALUES))
        reject(bad, "works", "works_unknown")
        works = mapped.map(lambda v: None if pd.isna(v) else v == "true")
    capacity = pd.Series(np.nan, index=frame.index)
    if "capacity_kw" in frame:
        capacity, bad = parse_numbers(frame["capacity_kw"])
        reject(bad, "capacity_kw", "capacity_non_numeric")
        reject(capacity < 0, "capacity_kw", "capacity_negative")
    town = text_values(frame["town"], blank_mask(frame["town"])) if "town" in frame else pd.Series(
        "", index=frame.index, dtype=object)
    return {"app_id": ids, "customer_type": kind, "works": works, "capacity_kw": capacity,
            "town": town.astype(object).where(town != "", None), **_benefit_attributes(frame, reject, params)}


def _benefit_attributes(frame: pd.DataFrame, reject: RejectLog, params: Params) -> dict[str, pd.Series]:
    """The optional 三零/三省 columns: flags True, False or None (not given), counts and costs as floats (NaN
    when not given); a value that is neither rejects the row."""
    out: dict[str, pd.Series] = {}
    for canon, values in BENEFIT_FLAGS.items():
        out[canon] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
        if canon in frame:
            mapped, bad = map_values(frame[canon], lookup_table(values, params.values.get(canon)))
            reject(bad, canon, "flag_unknown", column=reject.names.get(canon, canon))
            out[canon] = mapped.map(lambda v: None if pd.isna(v) else v == "true")
    for canon in BENEFIT_NUMBERS:
        out[canon] = pd.Series(np.nan, index=frame.index)
        if canon in frame:
            out[canon], bad = parse_numbers(frame[canon])
            reject(bad | (out[canon] < 0), canon, "count_bad", column=reject.names.get(canon, canon))
    return out


def _time(frame: pd.DataFrame, canon: str, reject: RejectLog, tz: str) -> pd.Series:
    """Parsed local times of one column, rejecting partial and unparseable cells."""
    if canon not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype=f"datetime64[us, {tz}]")
    ts = parse_datetimes(frame[canon], tz)
    column = reject.names.get(canon, canon)
    reject(ts.partial, canon, "stage_time_partial", column=column)
    reject(ts.bad, canon, "stage_time_unparseable", column=column)
    return ts.values.astype(f"datetime64[us, {tz}]")


def _stage_problems(apps: pd.DataFrame) -> list[tuple[int, str | None, str, str]]:
    """Problems of whole applications (wide, parsed): (position, stage or None, time side, code) for a stage the
    type does not have, an end without a start, an end before its start, a missing acceptance, a connection
    that ended before the application was accepted (``connected_before_accepted``: the connection's end before
    the acceptance's start), a stage still open although the application is connected. The first problem of
    each application is listed.

    Dates contradict each other only in those two ways (docs/spec.md §10: connected before accepted, a stage ending
    before it starts). A stage that starts before the previous one ended is not a contradiction the spec names
    (stages can overlap in practice), so it is kept and its working days counted as recorded."""
    out = []
    for i, (kind, row) in enumerate(zip(apps["customer_type"], apps.itertuples(index=False), strict=True)):
        values = row._asdict()
        found = None
        for stage in STAGES:
            start, end = (values[c] for c in stage_columns(stage))
            given = not pd.isna(start) or not pd.isna(end)
            if given and kind in TYPE_STAGES and stage not in TYPE_STAGES[kind]:
                found = (i, stage, "start" if not pd.isna(start) else "end", "stage_not_of_type")
            elif pd.isna(start) and not pd.isna(end):
                found = (i, stage, "end", "stage_end_without_start")
            elif not pd.isna(start) and not pd.isna(end) and end < start:
                found = (i, stage, "end", "stage_end_before_start")
            if found:
                break
        if not found and pd.isna(values["acceptance_start"]):
            found = (i, "acceptance", "start", "acceptance_missing")
        if not found and not pd.isna(values["connection_end"]) and values["connection_end"] < values[
                "acceptance_start"]:
            found = (i, "connection", "end", "connected_before_accepted")
        if not found and not pd.isna(values["connection_end"]):
            for stage in STAGES:
                start, end = (values[c] for c in stage_columns(stage))
                if not pd.isna(start) and pd.isna(end):
                    found = (i, stage, "end", "stage_open_after_connection")
                    break
        if found:
            out.append(found)
    return out


def _wide(frame, attrs, reject, params, cells):
    tz = params.timezone
    times = {c: _time(frame, c, reject, tz) for c in WIDE_TIMES}
    apps = pd.DataFrame({**attrs, "row": frame["row"], **times})
    ok = reject.ok
    for i, stage, side, code in _stage_problems(apps[ok].reset_index(drop=True)):
        position = apps.index[ok][i]
        canon = f"{stage}_{side}"
        mask = pd.Series(apps.index == position, index=apps.index)
        reject(mask, canon, code, values=frame.get(canon),
               column=reject.names.get(canon, _stage_label(stage)))
    # Duplicates among the valid rows: identical rows, then the same application id (the later row is kept).
    valid = reject.ok
    whole = cells.reset_index(drop=True).astype(str)
    dup = pd.Series(False, index=frame.index)
    dup[valid] = whole[valid.to_numpy()].duplicated(keep="last").to_numpy()
    dup[valid & ~dup] = apps.loc[valid & ~dup, "app_id"].duplicated(keep="last")
    accepted = apps[valid & ~dup]
    return _tidy(accepted, tz), frame.loc[dup, "row"].astype(int).tolist()


def _long(frame, attrs, reject, params):
    tz = params.timezone
    stage, bad = map_values(frame["stage"], _vocabulary(params, "stage", STAGE_VALUES))
    reject(stage.isna() & ~bad, "stage", "stage_missing")
    reject(bad, "stage", "stage_unknown")
    start, end = _time(frame, "start", reject, tz), _time(frame, "end", reject, tz)
    reject(start.isna() & end.notna(), "end", "stage_end_without_start", column=reject.names["end"])
    reject(start.notna() & end.notna() & (end < start), "end", "stage_end_before_start", column=reject.names["end"])
    ids = attrs["app_id"]
    # Duplicates among valid rows: the same application and stage again (the later row is kept).
    dup = pd.Series(False, index=frame.index)
    valid = reject.ok
    dup[valid] = pd.DataFrame({"id": ids, "stage": stage})[valid].duplicated(keep="last")
    rows = ~dup
    # One application: its type, works and capacity agree across its rows, and a rejected row rejects it all.
    for _, group in frame[rows & (ids != "")].groupby(ids[rows & (ids != "")], sort=False):
        index = group.index
        failed = index[reject.code[index].notna()]
        if len(failed):
            first = int(frame.at[failed[0], "row"])
            reject(pd.Series(frame.index.isin(index), index=frame.index), None, "application_row_rejected",
                   first=first)
            continue
        for canon in ("customer_type", "works", "capacity_kw", "town", *BENEFIT_COLUMNS):
            values = attrs[canon][index]
            given = values[values.notna()]
            if given.astype(str).nunique() > 1:
                reject(pd.Series(frame.index.isin(index), index=frame.index), canon, "application_conflict",
                       column=reject.names.get(canon, canon))
                break
            if canon == "customer_type" and given.empty:
                reject(pd.Series(frame.index.isin(index), index=frame.index), canon, "customer_type_missing")
    keep = reject.ok & rows & (ids != "")
    records = []
    members: list[pd.Index] = []
    for app, group in frame[keep].groupby(ids[keep], sort=False):
        index = group.index
        record = {"app_id": app, "row": int(frame.loc[index, "row"].min())}
        for canon in ("customer_type", "works", "capacity_kw", "town", *BENEFIT_COLUMNS):
            given = attrs[canon][index].dropna()
            record[canon] = given.iloc[0] if len(given) else (None if canon in ("customer_type", "works", "town",
                                                                                *BENEFIT_FLAGS) else np.nan)
        for i in index:
            s0, s1 = stage_columns(stage[i])
            record[s0], record[s1] = start[i], end[i]
        records.append(record)
        members.append(index)
    apps = pd.DataFrame(records, columns=list(APPLICATION_COLUMNS))
    for c in WIDE_TIMES:
        apps[c] = _zoned(apps[c], tz)
    problems = _stage_problems(apps)
    dropped = set()
    for i, bad_stage, _side, code in problems:
        index = members[i]
        here = [j for j in index if stage[j] == bad_stage] or [index[0]]
        # a problem of a stage's end names the end column and its cell; the others the stage column
        canon = "end" if code in ("stage_end_before_start", "stage_open_after_connection",
                                  "connected_before_accepted") else "stage"
        reject(pd.Series(frame.index == here[0], index=frame.index), canon, code, column=reject.names[canon])
        reject(pd.Series(frame.index.isin(index), index=frame.index), None, "application_row_rejected",
               first=int(frame.at[here[0], "row"]))
        dropped.add(i)
    apps = apps.drop(index=sorted(dropped))
    out = _tidy(apps, tz)
    # The stage rows of each application accepted: what an application in two files counts as duplicates.
    out.attrs["stage_rows"] = {str(apps.at[i, "app_id"]): len(members[i]) for i in apps.index}
    return out, frame.loc[dup, "row"].astype(int).tolist()


def _zoned(values: pd.Series, tz: str) -> pd.Series:
    """Local times as ``datetime64[us, tz]`` (a column without any time comes out naive from records)."""
    values = pd.to_datetime(values)
    if values.dt.tz is None:
        values = values.dt.tz_localize(tz)
    return values.astype(f"datetime64[us, {tz}]")


def _stage_label(stage: str) -> str:
    return STAGE_VALUES[stage][1]


def _tidy(apps: pd.DataFrame, tz: str) -> pd.DataFrame:
    out = apps.reset_index(drop=True)
    out = out.assign(customer_type=out["customer_type"].astype(object), works=out["works"].astype(object),
                     town=out["town"].astype(object),
                     capacity_kw=out["capacity_kw"].astype(float),
                     **{c: out[c].astype(object) for c in BENEFIT_FLAGS},
                     **{c: out[c].astype(float) for c in BENEFIT_NUMBERS}, row=out["row"].astype("int64"),
                     app_id=out["app_id"].astype(str))
    for c in WIDE_TIMES:
        out[c] = _zoned(out[c], tz)
    assert set(out["customer_type"]) <= set(CUSTOMER_TYPES)
    return out[list(APPLICATION_COLUMNS)].sort_values(["row"]).reset_index(drop=True)
