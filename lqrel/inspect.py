"""The mapping assistant behind ``lqrel inspect``: what an export (outage log, customers served or application
log; CSV, XLSX or Parquet) looks like to lqrel, and the settings that make it load (docs/spec.md §2, §5).

:func:`inspect_file` returns a plain :class:`Inspection`: the file kind scored from the headers the built-in aliases
and the settings know, each header with its canonical field and sample values, the header row and sheet found,
the date order of each date column (the loader's own decision, :func:`lqrel.parse.column_date_order`), the
duration unit, the vocabulary hits and misses of each coded column, the rows the real load path rejects
(:func:`lqrel.dataset.load_dataset` for an outage log) and two kinds of settings:

- ``snippet``: what is certain (headers the user mapped with ``--map``, the sheet, header row and day/month order
  found in the file), which :func:`lqrel.settings_file.write_settings` merges into a params YAML;
- ``suggestions``: what the user decides (the closest header for an unmapped required field, by
  :mod:`difflib`; the canonical value of a value outside the vocabulary, never guessed), printed as settings
  lines to confirm.

The settings keys per kind are fixed (shared with the loaders): ``columns``/``values`` (outage log),
``customers_columns``/``customers_values``, ``applications_columns``/``applications_values``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from lqrel import messages
from lqrel.errors import InputError, LqrelError
from lqrel.events import flag_table, match_columns, nature_by_keyword
from lqrel.headers import match_headers
from lqrel.params import Params
from lqrel.parse import column_date_order, decoded, is_blank, is_typed_column, stripped_text
from lqrel.readers import HEADER_SEARCH_ROWS, PARQUET_SUFFIXES, XLSX_SUFFIXES, read_cells, read_table
from lqrel.rejects import cell_text
from lqrel.vocab import (
    APPLICATION_ALIASES,
    AREA_VALUES,
    BOOL_VALUES,
    CUSTOMER_ALIASES,
    CUSTOMER_TYPE_VALUES,
    EVENT_ALIASES,
    NATURE_VALUES,
    STAGE_VALUES,
    WORKS_VALUES,
    duration_header_unit,
    lookup_table,
    normalize,
)


class InspectError(InputError):
    """A file or an option ``lqrel inspect`` cannot use, as a code of the ``inspect`` family of the catalogue."""

    def __init__(self, code: str, **args):
        super().__init__(messages.text(code, args, "en", "inspect"))
        self.inspect_code, self.inspect_args = code, args

    def text(self, lang: str = "zh") -> str:
        return messages.text(self.inspect_code, self.inspect_args, lang, "inspect")


@dataclass(frozen=True)
class Kind:
    """One kind of export: its header aliases, settings keys, coded columns and free-text columns."""

    name: str
    aliases: dict[str, tuple[str, ...]]
    columns_key: str
    values_key: str
    vocabularies: dict[str, dict[str, tuple[str, ...]]]
    free_text: tuple[str, ...] = ()


KINDS = {
    "events": Kind("events", EVENT_ALIASES, "columns", "values",
                   {"area": AREA_VALUES, "nature": NATURE_VALUES, "external": BOOL_VALUES, "shortage": BOOL_VALUES},
                   ("cause",)),
    "customers": Kind("customers", CUSTOMER_ALIASES, "customers_columns", "customers_values", {"area": AREA_VALUES}),
    "applications": Kind("applications", APPLICATION_ALIASES, "applications_columns", "applications_values",
                         {"customer_type": CUSTOMER_TYPE_VALUES, "works": WORKS_VALUES, "stage": STAGE_VALUES}),
}
#: Columns holding dates, per kind (a canonical name ending in ``_start``/``_end`` too, for applications).
DATE_FIELDS = ("start", "start_date", "end", "end_date", "month")
#: A header this close to an alias (:class:`difflib.SequenceMatcher` ratio) is offered as a suggestion.
CLOSE_RATIO = 0.5
#: Sample values shown per header.
SAMPLES = 3
#: What the user fills in a suggested settings line (rendered in their language when printed).
PLACEHOLDERS = {"header": "<header>", "urban": "<urban>"}
#: First rows named per reject reason.
FIRST_ROWS = 5


@dataclass
class Inspection:
    """What :func:`inspect_file` found in one export; ``to_dict`` for JSON (English keys)."""

    path: str
    kind: str
    scores: dict[str, int]
    sheets: list[dict] = field(default_factory=list)
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None
    #: ``{"position", "header", "field", "samples"}`` per header, in file order (``field`` None: unmapped).
    columns: list[dict] = field(default_factory=list)
    #: Required fields (or groups, ``end|duration_min|...``) no header maps to.
    missing: list[str] = field(default_factory=list)
    #: ``{"field", "header", "column", "value", "source"}`` per date column: the order (``ymd``/``dmy``/``mdy``
    #: or None), the problem (``ambiguous``/``contradictory``) and the shape of a sample.
    dates: list[dict] = field(default_factory=list)
    #: ``{"header", "unit", "source"}``: the duration column's unit (``min``/``h``/None) and where it came from.
    duration: dict | None = None
    #: ``{"field", "header", "hits": [[value, canonical, count, how]], "misses": [[value, count]], "blank",
    #: "free"}`` per coded (or free-text) column; ``{"field": "area", "areas": column}`` when the area comes from
    #: the names listed under ``areas:``.
    vocabulary: list[dict] = field(default_factory=list)
    #: ``{"rows_read", "accepted", "rejected", "duplicates", "reasons": [{"code", "args", "count", "rows"}],
    #: "error"}``: the real load's outcome.
    load: dict = field(default_factory=dict)
    #: Settings that are certain (written by ``--write``).
    snippet: dict = field(default_factory=dict)
    #: ``{"what", "field", "choices": [settings dict, ...], "header"?}``: settings the user decides.
    suggestions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def parse_maps(items, kind: Kind) -> dict[str, str]:
    """``--map canonical=header`` items as canonical -> header, the canonical checked against ``kind``."""
    maps: dict[str, str] = {}
    for item in items or ():
        key, sep, header = str(item).partition("=")
        key = key.strip()
        if not sep or not header.strip() or key not in kind.aliases:
            raise InspectError("bad_map", item=str(item), kind=messages.Phrase(f"kind.{kind.name}", {}, "inspect"),
                               fields=", ".join(kind.aliases))
        maps[key] = header.strip()
    return maps


def settings_columns(params: Params, kind: Kind) -> dict[str, tuple[str, ...]]:
    """The headers the settings name for ``kind``'s columns, as its loader tries them: the kind's own key
    (``customers_columns``, ``applications_columns``) first, then, for an application log, the application
    columns of ``columns:`` (the older way)."""
    own = dict(getattr(params, kind.columns_key, None) or {}) if kind.columns_key != "columns" else {}
    older = {k: v for k, v in params.columns.items() if k in kind.aliases} if kind.name != "customers" else {}
    return {k: (*own.get(k, ()), *older.get(k, ())) for k in dict.fromkeys([*own, *older])}


def settings_values(params: Params, kind: Kind) -> dict[str, dict[str, tuple[str, ...]]]:
    """The extra values the settings give for ``kind``'s coded columns: those of ``values:`` and of the kind's own
    key (``customers_values``, ``applications_values``) together, as the loaders read them."""
    tables = [params.values]
    if kind.values_key != "values":
        tables.append(getattr(params, kind.values_key, None) or {})
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for table in tables:
        for column, names_of in table.items():
            if column in kind.vocabularies:
                merged = out.setdefault(column, {})
                for canon, names in names_of.items():
                    merged[canon] = (*merged.get(canon, ()), *names)
    return out


def with_maps(params: Params, kind: Kind, maps: dict[str, str]) -> Params:
    """The settings with the ``--map`` headers tried first, under the kind's own key when the settings have it
    (``customers_columns``, ``applications_columns``), else under ``columns:`` (an outage or application log; a
    customers file's headers cannot be mapped without its key)."""
    key = kind.columns_key if hasattr(params, kind.columns_key) else "columns"
    if not maps or (kind.name == "customers" and key == "columns"):
        return params
    columns = dict(getattr(params, key) or {})
    for canon, header in maps.items():
        columns[canon] = (header, *[h for h in columns.get(canon, ()) if h != header])
    return params.replace(**{key: columns})


def found_fields(kind: Kind, header: list[str], params: Params, maps: dict[str, str]) -> dict[str, int]:
    """Canonical field -> header position, as the kind's loader matches them (``--map`` first)."""
    if kind.name == "events":
        return match_columns(header, with_maps(params, kind, maps))
    explicit = {k: (h,) for k, h in maps.items()}
    for canon, names in settings_columns(params, kind).items():
        explicit[canon] = (*explicit.get(canon, ()), *names)
    return match_headers(header, kind.aliases, explicit)


def required_groups(kind: Kind, found: dict[str, int], params: Params) -> list[tuple[str, ...]]:
    """The required fields of ``kind``, each a group of alternatives (one of them suffices)."""
    if kind.name == "events":
        area = params.areas.column if params.areas else "area"
        return [("start", "start_date"), ("end", "end_date", "duration_min", "duration_h", "duration"),
                ("customers",), (area,)]
    if kind.name == "customers":
        return [("area",), ("customers",), ("month", "year")]
    if "stage" in found:
        return [("app_id",), ("customer_type",), ("stage",), ("start",), ("end",)]
    return [("app_id",), ("customer_type",), ("acceptance_start",), ("connection_end",)]


def closeness(header: str, names: tuple[str, ...]) -> float:
    """How close a header is to the closest of ``names`` (compared normalised), 0..1."""
    key = normalize(header)
    return max((difflib.SequenceMatcher(None, key, normalize(n)).ratio() for n in names), default=0.0)


def _row_texts(row: list) -> list[str]:
    return ["" if is_blank(c) else stripped_text(c) for c in row]


def header_score(cells: list[str], kinds: list[Kind], params: Params, maps: dict[str, str]) -> dict[str, int]:
    """Per kind, how many of its fields the row's cells name."""
    return {k.name: len(found_fields(k, cells, params, maps if len(kinds) == 1 else {})) for k in kinds}


def find_header(rows: list[list], kinds: list[Kind], params: Params, maps: dict[str, str]) -> tuple[int, dict]:
    """Position of the header among the first :data:`HEADER_SEARCH_ROWS` rows and the kinds' scores there: the row
    naming the most fields; when no row names two, the row with the most cells close to an alias."""
    best, best_scores = None, {}
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        scores = header_score(_row_texts(row), kinds, params, maps)
        if max(scores.values(), default=0) >= 2 and (best is None or max(scores.values()) > max(best_scores.values())):
            best, best_scores = i, scores
    if best is not None:
        return best, best_scores
    names = tuple(n for k in kinds for v in k.aliases.values() for n in v)
    close = [sum(closeness(c, names) >= CLOSE_RATIO for c in _row_texts(row) if c) for row in rows[:HEADER_SEARCH_ROWS]]
    if not close or max(close) == 0:
        raise InspectError("no_header", rows=HEADER_SEARCH_ROWS)
    best = close.index(max(close))
    return best, header_score(_row_texts(rows[best]), kinds, params, maps)


def sheet_names(path: Path) -> list[str]:
    """The sheets of an XLSX workbook, in order."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def choose_sheet(path: Path, sheet, kinds: list[Kind], params: Params, maps: dict[str, str]):
    """The sheet to read (``sheet`` when given, else the one whose header names the most fields, then the one with
    the most rows), the sheets with their rows holding a value, and that sheet's rows and row numbers."""
    names = sheet_names(path)
    listed, best = [], None
    for name in names if sheet is None else [sheet]:
        rows, numbers, facts = read_cells(path, name)
        listed.append({"name": facts["sheet"], "rows": len(rows)})
        try:
            _, scores = find_header(rows, kinds, params, maps) if rows else (0, {})
        except LqrelError:
            scores = {}
        rank = (max(scores.values(), default=0), len(rows))
        if best is None or rank > best[0]:
            best = (rank, facts["sheet"], rows, numbers)
    if sheet is not None:
        listed = [{"name": n, "rows": None} for n in names]
    return best[1], listed, best[2], best[3]


def inspect_file(path: str | Path, params: Params, kind: str | None = None, maps=(), sheet=None) -> Inspection:
    """Inspect one export (see the module docstring): ``kind`` forces the kind (``events``, ``customers``,
    ``applications``), ``maps`` are ``canonical=header`` items the user confirmed, ``sheet`` an XLSX sheet."""
    path = Path(path)
    kinds = [KINDS[kind]] if kind else list(KINDS.values())
    parsed = parse_maps(maps, kinds[0]) if kind else {}
    sheets, chosen = [], None
    if path.suffix.lower() in XLSX_SUFFIXES:
        chosen, sheets, rows, numbers = choose_sheet(path, sheet, kinds, params, parsed)
    else:
        rows, numbers, _ = read_cells(path)
    at, scores = (0, header_score(_row_texts(rows[0]), kinds, params, parsed)) if (
        path.suffix.lower() in PARQUET_SUFFIXES) else find_header(rows, kinds, params, parsed)
    picked = KINDS[kind] if kind else _likeliest(scores, maps)
    if not kind and maps:
        parsed = parse_maps(maps, picked)
    table = read_table(path, lambda cells: False, numbers[at], chosen)
    cells, _ = table.cells()
    result = Inspection(str(path), picked.name, scores, sheets, table.sheet, table.header_row, table.encoding)
    found = found_fields(picked, table.header, params, parsed)
    by_position = {pos: canon for canon, pos in found.items()}
    result.columns = [{"position": i, "header": h, "field": by_position.get(i), "samples": samples(cells[i])}
                      for i, h in enumerate(table.header)]
    groups = required_groups(picked, found, params)
    result.missing = ["|".join(g) for g in groups if not set(g) & set(found)]
    _certain(result, picked, parsed, params, first_row=at == _first_filled(rows) or len(found) < 2,
             first_sheet=not sheets or chosen == sheets[0]["name"])
    result.suggestions = column_suggestions(picked, groups, found, table.header)
    if picked.name == "events" and "area" in result.missing and "town" in found:
        towns = samples(cells[found["town"]], most=20)
        result.suggestions.append({"what": "areas", "field": "area", "header": table.header[found["town"]],
                                   "values": towns, "choices": [{"areas": {"column": "town",
                                                                           "urban": [PLACEHOLDERS["urban"]]}}]})
    result.dates = date_columns(picked, found, table.header, cells, params)
    _date_settings(result, params)
    result.duration = duration_unit(found, table.header, cells, params) if picked.name == "events" else None
    if result.duration and result.duration["unit"] is None:
        result.suggestions.append({"what": "duration_unit", "field": "duration", "header": result.duration["header"],
                                   "choices": [{"duration_unit": "min"}, {"duration_unit": "h"}]})
    result.vocabulary = vocabulary(picked, found, table.header, cells, params)
    result.suggestions += value_suggestions(picked, result.vocabulary)
    result.load = trial_load(path, picked, params, parsed, result.snippet, table.sheet)
    return result


def _likeliest(scores: dict[str, int], maps) -> Kind:
    """The kind whose fields the header names most (ties: events, customers, applications), among the kinds that
    have every field of ``--map`` (when none has them all, the best of all: its ``--map`` check says why)."""
    fields = {str(m).partition("=")[0].strip() for m in maps or ()}
    fitting = [k for k in KINDS if fields <= set(KINDS[k].aliases)] or list(KINDS)
    return KINDS[max(fitting, key=lambda k: (scores[k], -list(KINDS).index(k)))]


def _first_filled(rows: list[list]) -> int:
    return next((i for i, r in enumerate(rows) if any(not is_blank(c) for c in r)), 0)


def _certain(result: Inspection, kind: Kind, maps: dict[str, str], params: Params, first_row: bool,
             first_sheet: bool) -> None:
    """The settings that are certain: the user's ``--map`` headers and, for an outage log (the only log whose
    loader reads them), the header row and sheet when they are not the first."""
    if maps:
        result.snippet[kind.columns_key] = dict(maps)
    if kind.name == "events":
        if not first_row and params.header_row is None:
            result.snippet["header_row"] = result.header_row
        if not first_sheet and params.sheet is None and result.sheet is not None:
            result.snippet["sheet"] = result.sheet


def samples(cells: pd.Series, most: int = SAMPLES) -> list[str]:
    """Up to ``most`` distinct non-blank values of a column, as the user sees them, in file order."""
    out: list[str] = []
    for value in decoded(cells).head(2000).tolist():
        if is_blank(value):
            continue
        text = cell_text(value).strip()
        if text not in out:
            out.append(text)
            if len(out) == most:
                break
    return out


def column_suggestions(kind: Kind, groups, found: dict[str, int], header: list[str]) -> list[dict]:
    """For each required group no header maps to: the closest unused header to one of its fields (a suggestion
    the user confirms), or none (``header`` None)."""
    used = set(found.values())
    out = []
    for group in groups:
        if set(group) & set(found):
            continue
        best = (0.0, None, group[0])
        for canon in group:
            for pos, h in enumerate(header):
                if pos in used or not h:
                    continue
                ratio = closeness(h, kind.aliases.get(canon, (canon,)))
                if ratio > best[0]:
                    best = (ratio, h, canon)
        ratio, h, canon = best
        if ratio < CLOSE_RATIO:
            h = None
        out.append({"what": "column", "field": canon, "header": h, "ratio": round(ratio, 2),
                    "choices": [{kind.columns_key: {canon: h if h is not None else PLACEHOLDERS["header"]}}]})
    return out


def _date_fields(kind: Kind, found: dict[str, int]) -> list[str]:
    return [c for c in found if c in DATE_FIELDS or (kind.name == "applications" and c.endswith(("_start", "_end")))]


def date_shape(value: object) -> str:
    """The shape of a date cell: its digits as ``#`` (``2024/3/5 8:30`` -> ``####/#/# #:##``), or ``Excel``
    for a typed date."""
    if isinstance(value, pd.Timestamp | pd.Period) or hasattr(value, "year") and not isinstance(value, str):
        return "Excel"
    return re.sub(r"\d", "#", cell_text(value).strip())


def date_columns(kind: Kind, found: dict[str, int], header: list[str], cells: pd.DataFrame,
                 params: Params) -> list[dict]:
    """Each date column's day/month order as the loader decides it (:func:`lqrel.parse.column_date_order`)."""
    out = []
    for canon in _date_fields(kind, found):
        column = cells[found[canon]]
        first = next((v for v in decoded(column).head(2000).tolist() if not is_blank(v)), None)
        if is_typed_column(column) or (first is not None and date_shape(first) == "Excel"):
            out.append({"field": canon, "header": header[found[canon]], "order": None, "problem": None,
                        "shape": "Excel", "settled_by": None, "examples": {}})
            continue
        decision = column_date_order(column, params.date_order)
        settled = ("setting" if params.date_order and decision.order == params.date_order and
                   any(decision.examples.values()) else "values" if decision.order in ("dmy", "mdy") else None)
        out.append({"field": canon, "header": header[found[canon]], "order": decision.order,
                    "problem": decision.problem, "shape": date_shape(first) if first is not None else "",
                    "settled_by": settled, "examples": decision.examples})
    return out


def _date_settings(result: Inspection, params: Params) -> None:
    """A day/month order the values settle is written (the same for every column); one no value settles is left
    to the user."""
    settled = {d["order"] for d in result.dates if d["settled_by"] == "values"}
    if len(settled) == 1 and params.date_order is None and result.kind == "events":
        result.snippet["date_order"] = settled.pop()
    if any(d["problem"] for d in result.dates) and not settled:
        field_ = next(d["field"] for d in result.dates if d["problem"])
        result.suggestions.append({"what": "date_order", "field": field_,
                                   "choices": [{"date_order": "dmy"}, {"date_order": "mdy"}]})


def duration_unit(found: dict[str, int], header: list[str], cells: pd.DataFrame, params: Params) -> dict | None:
    """The unit of the duration column: from its header (``停电时长(分钟)``), else ``duration_unit``, else None
    (the loader refuses the column until one is set), with the largest value as a hint."""
    for canon, unit in (("duration_min", "min"), ("duration_h", "h"), ("duration", None)):
        if canon not in found:
            continue
        name = header[found[canon]]
        if unit is not None:
            return {"header": name, "unit": unit, "source": "header" if duration_header_unit(name) else "setting"}
        if params.duration_unit is not None:
            return {"header": name, "unit": params.duration_unit, "source": "setting"}
        values = pd.to_numeric(pd.Series(decoded(cells[found[canon]]).tolist(), dtype=object), errors="coerce")
        return {"header": name, "unit": None, "source": None,
                "largest": None if values.isna().all() else float(values.max())}
    return None


def _lookup(kind: Kind, canon: str, params: Params) -> dict[str, str]:
    """Normalised source value -> canonical value for a coded column, as its loader reads it."""
    if kind.name == "events" and canon in ("external", "shortage"):
        return flag_table(canon, with_extra_values(params, kind))
    return lookup_table(kind.vocabularies[canon], settings_values(params, kind).get(canon))


def with_extra_values(params: Params, kind: Kind) -> Params:
    return params.replace(values={**params.values, **settings_values(params, kind)})


def vocabulary(kind: Kind, found: dict[str, int], header: list[str], cells: pd.DataFrame,
               params: Params) -> list[dict]:
    """Hits and misses (with counts) of each coded column's values against its vocabulary, and the most frequent
    values of each free-text column."""
    by_list = kind.name == "events" and params.areas is not None  # the area from the names under ``areas:``
    out = [{"field": "area", "areas": params.areas.column}] if by_list else []
    for canon in [c for c in (*kind.vocabularies, *kind.free_text) if c in found]:
        if canon == "area" and by_list:
            continue
        counts = Counter(stripped_text(v) for v in decoded(cells[found[canon]]).tolist() if not is_blank(v))
        blank = len(cells) - sum(counts.values())
        entry = {"field": canon, "header": header[found[canon]], "hits": [], "misses": [], "blank": blank,
                 "free": canon in kind.free_text}
        if entry["free"]:
            entry["hits"] = [[v, None, n, "text"] for v, n in counts.most_common(5)]
            out.append(entry)
            continue
        table = _lookup(kind, canon, params)
        for value, n in counts.most_common():
            canonical = table.get(normalize(value))
            how = "alias"
            if canonical is None and kind.name == "events" and canon == "nature":
                canonical, how = nature_by_keyword(value), "keyword"
            if canonical is None:
                entry["misses"].append([value, n])
            else:
                entry["hits"].append([value, canonical, n, how])
        out.append(entry)
    return out


def value_suggestions(kind: Kind, vocab: list[dict]) -> list[dict]:
    """For each value outside the vocabulary: the settings line for each canonical value it could mean; the
    user picks one (nothing is guessed)."""
    out = []
    for entry in vocab:
        if entry.get("free", True):
            continue
        canon = entry["field"]
        for value, n in entry["misses"]:
            choices = [{kind.values_key: {canon: {c: [value]}}} for c in kind.vocabularies[canon]]
            out.append({"what": "value", "field": canon, "value": value, "count": n, "choices": choices})
    return out


def trial_load(path: Path, kind: Kind, params: Params, maps: dict[str, str], snippet: dict,
               sheet: str | None = None) -> dict:
    """The real load of the file with the certain settings (the outage log through
    :func:`lqrel.dataset.load_dataset`, as ``lqrel validate``): counts and the reject reasons with their counts
    and first rows; ``error``: why it cannot load at all."""
    settings = with_maps(params, kind, maps)
    if kind.name == "events":
        settings = settings.replace(**{k: v for k, v in snippet.items() if k in ("header_row", "sheet", "date_order")})
    try:
        if kind.name == "events":
            from lqrel.dataset import load_dataset

            ds = load_dataset(settings, path, None, validate=True)
            rejects, report = ds.rejects, ds.load_report
        elif kind.name == "applications":
            from lqrel.applications import load_applications

            apps = load_applications(path, settings, sheet=sheet)
            rejects, report = apps.rejects, apps.report
        else:
            from lqrel.customers import read_customers

            rows = read_customers(path, settings)
            return {"rows_read": None, "accepted": len(rows), "rejected": 0, "duplicates": 0, "reasons": [],
                    "error": None}
    except LqrelError as exc:
        return {"rows_read": None, "accepted": None, "rejected": None, "duplicates": None, "reasons": [],
                "error": {lang: exc.text(lang) for lang in messages.LANGS}}
    return {**report.to_dict(), "reasons": reject_reasons(rejects), "error": None}


def reject_reasons(rejects: pd.DataFrame) -> list[dict]:
    """The rejected rows by reason code, most frequent first: the count, the first rows, the first row's column,
    value and arguments."""
    out = []
    for code, group in rejects.groupby("code", sort=False):
        first = group.iloc[0]
        out.append({"code": code, "args": dict(first["args"] or {}), "column": first["column"],
                    "value": first["value"], "count": len(group),
                    "rows": [int(r) for r in group["row"].head(FIRST_ROWS)]})
    return sorted(out, key=lambda r: (-r["count"], r["rows"][0]))
