"""Customers served, the denominator of every index (docs/spec.md §4).

The table holds one count per area and month (a count per year applies to each of its months). The
customers served in a period follow the ``customers_basis`` policy: ``time_weighted`` (DL/T 836 等效总用户数),
``average`` or ``end``.

The file is checked as a panel (docs/spec.md §5a): every town (a file with a town column) or area (a file without)
has a count in every month from the file's first month to its last, unless ``customer_changes`` declares the
months it exists; counts are whole numbers. An event town the file does not list is refused
(:func:`check_event_towns`) unless ``known_towns`` names it: a typo must not move customers between areas.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.errors import DataError, InputError
from lqrel.headers import match_headers, missing_columns_error
from lqrel.messages import Phrase
from lqrel.params import Params, load_params
from lqrel.parse import map_values, parse_numbers, per_value
from lqrel.periods import Period
from lqrel.readers import HeaderNotFound, expand_sources, read_table, source_labels
from lqrel.vocab import AREA_VALUES, CUSTOMER_ALIASES, lookup_table, normalize, vocabulary_text


def _find(header: list[str], params: Params | None = None) -> dict[str, int]:
    """Canonical customers column -> position in ``header``: the headers named under ``customers_columns``
    first, then the built-in aliases (:data:`lqrel.vocab.CUSTOMER_ALIASES`)."""
    return match_headers(header, CUSTOMER_ALIASES, params.customers_columns if params is not None else None)


def _area_table(params: Params) -> dict[str, str]:
    """The area vocabulary of the customers file: built in, ``values: area`` and ``customers_values: area``."""
    extra: dict[str, tuple[str, ...]] = {}
    for table in (params.values.get("area", {}), params.customers_values.get("area", {})):
        for canon, names in table.items():
            extra[canon] = (*extra.get(canon, ()), *names)
    return lookup_table(AREA_VALUES, extra)


def load_customers(path, params: Params | dict | str | Path | None = None) -> pd.DataFrame:
    """Read customers served per area and month.

    Parameters
    ----------
    path : str, pathlib.Path or a list of them
        One file or several (a list, a folder, a glob: :func:`read_customers`); CSV/XLSX/Parquet with columns
        ``area``, ``month`` (``YYYY-MM``) or ``year``, and ``customers`` (Chinese aliases 区域, 月份, 年份, 用户数,
        总用户数); optionally ``town`` (供电所), one row per area, month
        and town, whose counts then add up to the area's.
    params : optional
        Settings: ``customers_columns:`` (canonical -> header or [headers]) and ``customers_values:`` (``area`` ->
        {urban/rural: [source values]}; ``values: area`` is read too).

    Returns
    -------
    pandas.DataFrame
        Columns ``area`` (``urban``/``rural``), ``month`` (``pandas.Period``, monthly), ``customers``
        [customers]; one row per area and month, sorted.

    Raises
    ------
    InputError
        A missing column or a bad cell, naming file, row, column and value (a count that is not a whole number
        too); an area-month (or area, month and town) given twice; a town (or area) absent in some months between
        the file's first and last month that ``customer_changes`` does not declare, naming it and the months.
    """
    frame = read_customers(path, params)
    return area_totals(frame) if "town" in frame else frame


def area_totals(towns: pd.DataFrame) -> pd.DataFrame:
    """Customers served per area and month from the counts per town [customers]."""
    return towns.groupby(["area", "month"], as_index=False, sort=True)["customers"].sum()


def read_customers(path, params: Params | dict | str | Path | None = None) -> pd.DataFrame:
    """The customers file's rows as given: ``area``, ``month``, ``customers``, and ``town`` when the file has that
    column (see :func:`load_customers`). ``path`` may name several files (a list, a folder, a glob pattern:
    :func:`lqrel.readers.expand_sources`), each read on its own terms: a row given in two files with the same
    count is counted once; with another count it is an error naming both (``file:row``)."""
    params = load_params(params)
    files = expand_sources(path)
    labels = source_labels(files) if len(files) > 1 else [None]
    frames = [_read_file(f, params, label) for f, label in zip(files, labels, strict=True)]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if len(frames) > 1 and len({"town" in f for f in frames}) > 1:
        frame = frame.drop(columns="town")  # one file without towns: the counts per area alone
    keys = ["area", "town", "month"] if "town" in frame else ["area", "month"]
    if len(frames) > 1:  # overlapping files: the same count again is one row
        frame = frame[~frame.duplicated([*keys, "customers"], keep="first")].reset_index(drop=True)
    again = frame.duplicated(keys, keep="first")
    if again.any():
        repeat = frame[again].iloc[0]
        first = frame[(frame[keys] == repeat[keys]).all(axis=1)].iloc[0]
        where = str(files[0]) if len(files) == 1 else Phrase("files_count", {"count": len(files)}, "cli")
        raise InputError(code="customers_given_twice", file=where, row=repeat["row"],
                         what=" ".join(str(repeat[k]) for k in keys), first=first["row"])
    check_panel(frame, files[0] if len(files) == 1 else ", ".join(map(str, labels)), params)
    return frame.drop(columns="row").sort_values(keys).reset_index(drop=True)[[*keys, "customers"]]


#: The columns a customers file must have, besides a month or a year.
_REQUIRED = ("area", "customers")


def _read_file(path: Path, params: Params, label: str | None) -> pd.DataFrame:
    """One customers file's rows: ``area``, ``customers``, ``row`` (``label:row`` when ``label``), ``town`` if
    the file has it, and ``month`` (a count per year given to each of its months)."""
    try:
        table = read_table(path, lambda cells: set(_REQUIRED) <= set(_find(cells, params)), None, None)
    except HeaderNotFound as exc:
        _require(path, _find(exc.likely, params), exc.likely, exc.fields["rows"])
        raise
    found = _find(table.header, params)
    _require(path, found, table.header)
    cells, _ = table.cells()
    rows = pd.Series(table.row_numbers, dtype="int64")
    if label is not None:
        rows = pd.Series([f"{label}:{r}" for r in rows], dtype=object)

    def fail(mask: pd.Series, canon: str, what: str) -> None:
        if mask.any():
            i = int(np.flatnonzero(mask.to_numpy())[0])
            raise InputError(code=f"cell_{what}", file=str(path), row=rows[i], column=table.header[found[canon]],
                             value=repr(cells.iat[i, found[canon]]))

    _check_areas(path, cells[found["area"]], rows, table.header[found["area"]], params)
    area, _ = map_values(cells[found["area"]], _area_table(params))
    count, bad = parse_numbers(cells[found["customers"]])
    fail(bad | count.isna() | (count < 0), "customers", "customers_number")
    fail(count != count.round(), "customers", "customers_whole")
    columns = {"area": area, "customers": count, "row": rows}
    if "town" in found:
        town = per_value(cells[found["town"]], lambda v: "" if v is None else str(v).strip())
        fail(town == "", "town", "town_name")
        columns["town"] = town
    if "month" in found:
        month = per_value(cells[found["month"]], _month)  # plain values, a GB18030 file's coded cells too
        fail(month.isna(), "month", "month")
        return pd.DataFrame({**columns, "month": month.astype(pd.PeriodDtype("M"))})
    years, bad = parse_numbers(cells[found["year"]])
    fail(bad | years.isna() | (years != years.round()), "year", "year")
    frame = pd.DataFrame({**columns, "year": years.astype(int)})
    frame = frame.loc[frame.index.repeat(12)].reset_index(drop=True)
    frame["month"] = [pd.Period(year=y, month=m + 1, freq="M")
                      for y, m in zip(frame["year"], np.tile(np.arange(12), len(frame) // 12), strict=True)]
    return frame.drop(columns="year")


def _require(path: Path, found: dict[str, int], header: list[str], searched: int | None = None) -> None:
    """The customers file has an area, a customers and a month or year column: else the headers it has, the
    closest to those missing and the setting that maps them (``customers_columns``)."""
    missing = [c for c in _REQUIRED if c not in found]
    if "month" not in found and "year" not in found:
        missing.append("month (or year)")
    if missing:
        raise missing_columns_error(str(path), missing, header, CUSTOMER_ALIASES, "customers_columns",
                                    searched=searched)


def _check_areas(path: Path, cells: pd.Series, rows: pd.Series, column: str, params: Params) -> None:
    """Every area cell in the vocabulary; else the first unknown, the vocabulary and the setting that extends
    it (``customers_values``)."""
    area, bad = map_values(cells, _area_table(params))
    unknown = (bad | area.isna()).to_numpy()
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        value = "" if cells.iat[i] is None else str(cells.iat[i])
        raise InputError(code="unknown_value", file=str(path), row=rows[i], column=column, value=value,
                         known=vocabulary_text("area", AREA_VALUES), setting="customers_values",
                         example=f"customers_values: {{area: {{urban: [{value or '...'}]}}}}")


def name_key(text: object) -> str:
    """A town or feeder name in comparable form: NFKC (full-width to half-width), case folded, surrounding spaces
    stripped and inner runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def _months_text(months) -> str:
    """Months as ``2023-07, 2023-08`` (up to 12), else as runs ``2021-01..2021-06, 2022-03``."""
    months = sorted(months)
    if len(months) <= 12:
        return ", ".join(str(m) for m in months)
    runs, start, prev = [], months[0], months[0]
    for m in months[1:]:
        if m != prev + 1:
            runs.append((start, prev))
            start = m
        prev = m
    runs.append((start, prev))
    return ", ".join(str(a) if a == b else f"{a}..{b}" for a, b in runs) + f" ({len(months)} months)"


def check_panel(frame: pd.DataFrame, path: str | Path, params: Params) -> None:
    """The customers file as a panel (docs/spec.md §5a): each town (when the file has a town column; per area and
    town) or area has a count in every month from the file's first month to its last; a name that
    ``customer_changes`` declares (``{name: (first, last)}``, either may be None) has counts in exactly its
    declared months that lie inside the file's months.

    Raises
    ------
    InputError
        Naming the town or area, the months missing (or present outside its declared months) and the setting
        that declares a real change.
    """
    if frame.empty:
        return
    first, last = frame["month"].min(), frame["month"].max()
    span = set(pd.period_range(first, last, freq="M"))
    areas = _area_table(params)
    by_town = "town" in frame
    changes: dict[str, tuple[str, tuple[str | None, str | None]]] = {}
    for name, bounds in params.customer_changes.items():
        key = name_key(name) if by_town else areas.get(normalize(name), name_key(name))
        changes[key] = (name, bounds)
    keys = ["area", "town"] if by_town else ["area"]
    for values, group in frame.groupby(keys, sort=True):
        values = values if isinstance(values, tuple) else (values,)
        area = values[0]
        present = set(group["month"])
        declared = changes.get(name_key(values[1]) if by_town else area)
        if declared is None:
            missing = span - present
            if missing:
                name = values[1] if by_town else ("城镇" if area == "urban" else "农村")
                raise InputError(code="panel_town_missing_months" if by_town else "panel_area_missing_months",
                                 file=str(path), name=name, area=area, months=_months_text(missing),
                                 first=str(first), last=str(last))
            continue
        name, (since, until) = declared
        lo = pd.Period(since, freq="M") if since else first
        hi = pd.Period(until, freq="M") if until else last
        expected = {m for m in span if lo <= m <= hi}
        declared = {"file": str(path), "area": area, "name": values[1] if by_town else name, "since": since or "-",
                    "until": until or "-"}
        kind = "town" if by_town else "area"
        missing, extra = expected - present, present - expected
        if missing:
            raise InputError(code=f"panel_{kind}_declared_missing", months=_months_text(missing), **declared)
        if extra:
            raise InputError(code=f"panel_{kind}_declared_extra", months=_months_text(extra), **declared)


def check_event_towns(events: pd.DataFrame, towns: pd.DataFrame, params: Params, events_path: str | Path = "",
                      customers_path: str | Path = "") -> None:
    """Every event town (compared by :func:`name_key`) is a town of the customers file or listed under
    ``known_towns`` (docs/spec.md §5a: a typo must not move customers between urban and rural).

    Raises
    ------
    DataError
        Naming each unknown town, its first rows and the ways to settle it.
    """
    if "town" not in events or events.empty:
        return
    known = {name_key(t) for t in towns["town"].unique()} | {name_key(t) for t in params.known_towns}
    codes, names = pd.factorize(events["town"].astype(object), use_na_sentinel=True)  # each name once
    unknown = np.array([name_key(n) not in known and name_key(n) != "" for n in names], dtype=bool)
    bad = (codes >= 0) & unknown[np.maximum(codes, 0)]
    if not bad.any():
        return
    rows = events["row"].to_numpy() if "row" in events else np.arange(len(events)) + 2
    keys = np.array([name_key(n) for n in names], dtype=object)[codes[bad]]
    bad_rows, bad_names = rows[bad], np.asarray(names, dtype=object)[codes[bad]]
    parts = []
    for key in dict.fromkeys(keys):
        these = keys == key
        shown = ", ".join(map(str, np.sort(bad_rows[these])[:5].tolist()))
        parts.append((repr(bad_names[these][0]), shown + (f", ... (+{int(these.sum()) - 5})" if these.sum() > 5
                                                          else "")))
    listed = sorted(towns["town"].unique())
    towns_text = ", ".join(listed[:12]) + (f", ... (+{len(listed) - 12})" if len(listed) > 12 else "")
    where = f"{events_path}: " if events_path else ""
    if len(parts) == 1:
        raise DataError(code="event_town_unknown", where=where, town=parts[0][0], rows=parts[0][1],
                        customers_file=str(customers_path), towns=towns_text)
    raise DataError(code="event_towns_unknown", where=where, listed="; ".join(f"{t} ({r})" for t, r in parts),
                    customers_file=str(customers_path), towns=towns_text)


def _month(value: object) -> pd.Period | None:
    if value is None:
        return None
    try:
        if hasattr(value, "year") and hasattr(value, "month"):
            return pd.Period(year=value.year, month=value.month, freq="M")
        text = str(value).strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
        return pd.Period(text, freq="M") if text else None
    except (ValueError, TypeError):
        return None


def served_lookup(customers: pd.DataFrame) -> dict[tuple[str, pd.Period], float]:
    """The customers table as ``{(area, month): customers served}``, built once for many
    :func:`customers_served` calls (one per period and area of an index table)."""
    return dict(zip(zip(customers["area"], customers["month"], strict=True),
                    customers["customers"].astype(float), strict=True))


def customers_served(customers: pd.DataFrame, area: str, period: Period, basis: str = "time_weighted",
                     lookup: dict[tuple[str, pd.Period], float] | None = None) -> float:
    """Customers served in ``area`` during ``period`` [customers].

    Notes
    -----
    With ``users_m`` the count of month m and ``h_m`` the hours of month m inside the period (T = sum h_m):

    - ``time_weighted`` (default, DL/T 836.1-2016 等效总用户数): sum(users_m * h_m) / T
    - ``average``: mean of users_m over the months touched
    - ``end``: users of the period's last month

    ``lookup`` is :func:`served_lookup` of ``customers``, when the caller has it.

    Raises
    ------
    DataError
        A month of the period has no count for the area, or a count of 0 (names area and month: an index
        cannot be divided by nothing, and a silently smaller denominator would inflate it).
    """
    lookup = served_lookup(customers) if lookup is None else lookup
    counts, hours = [], []
    for m in period.months():
        key = pd.Period(m.start.tz_localize(None), freq="M")
        count = lookup.get((area, key))
        if count is None:
            raise DataError(code="served_missing", area=area, month=str(key), period=period.label)
        if not count > 0:
            raise DataError(code="served_zero", area=area, month=str(key), period=period.label, count=f"{count:g}")
        counts.append(count)
        hours.append(m.hours)
    counts_a, hours_a = np.array(counts), np.array(hours)
    if basis == "time_weighted":
        return float((counts_a * hours_a).sum() / hours_a.sum())
    if basis == "average":
        return float(counts_a.mean())
    if basis == "end":
        return float(counts_a[-1])
    raise ValueError(f"unknown customers basis {basis!r}")


def extend_customers(customers: pd.DataFrame, through: pd.Period, until: pd.Period
                     ) -> tuple[pd.DataFrame, list[tuple[str, pd.Period, pd.Period]]]:
    """Customers served with the months after ``through`` (the last month of data) up to ``until`` filled in
    where the table has no count: each takes the area's last known count at or before ``through`` (docs/spec.md
    §5a; budgets and projections need the rest of the year).

    Returns
    -------
    customers : pandas.DataFrame
        The table with the filled months added.
    filled : list of (area, month, source month)
        Which months were filled and from which month, for the output to say so.
    """
    rows, filled = [], []
    for area, table in customers.groupby("area", sort=False):
        known = table[table["month"] <= through].sort_values("month")
        if known.empty:
            continue
        source = known.iloc[-1]
        have = set(table["month"])
        month = through + 1
        while month <= until:
            if month not in have:
                rows.append({"area": area, "month": month, "customers": source["customers"]})
                filled.append((str(area), month, source["month"]))
            month += 1
    if not rows:
        return customers, []
    out = pd.concat([customers, pd.DataFrame(rows)], ignore_index=True)
    return out.sort_values(["area", "month"]).reset_index(drop=True), filled


def customers_above_served(events: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Warnings (code ``customers_above_served``) for events that interrupt more customers than their area serves
    in that month; the loader's warning columns."""
    from lqrel.events import warnings_frame

    month = events["start"].dt.tz_localize(None).dt.to_period("M")
    served = customers.set_index(["area", "month"])["customers"]
    keys = pd.MultiIndex.from_arrays([events["area"], month])
    limit = served.reindex(keys).to_numpy()
    over = events["customers"].to_numpy() > np.nan_to_num(limit, nan=np.inf)
    rows = events.loc[over]
    return warnings_frame([
        (r if isinstance(r, str) else int(r), "customers", str(c), "customers_above_served",
         {"area": a, "served": float(n)})
        for r, c, a, n in zip(rows["row"], rows["customers"], rows["area"], limit[over], strict=True)])
