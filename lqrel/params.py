"""Settings: the one place where ``params.yaml`` is read and checked.

Library functions take a :class:`Params` (or anything :func:`load_params` accepts) and never read files
behind the caller's back. Unknown keys and values of the wrong type are errors that name the key and,
for a YAML file, its line. Only ``yaml.safe_load`` semantics are used; nothing is evaluated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lqrel.errors import ParamsError
from lqrel.messages import LANGS, LibraryText, Phrase

#: Short-interruption thresholds [min]: an interruption of this length or less is short (momentary).
#: DL/T 836.1-2016 counts more than 3 minutes as sustained; IEEE 1366 uses 5 minutes.
SHORT_MAX_MINUTES = {"dlt836": 3.0, "ieee1366": 5.0}

STANDARDS = tuple(SHORT_MAX_MINUTES)
#: Largest ``max_duration_h`` accepted [h]: ten years, the longest duration the loader can represent safely.
MAX_DURATION_LIMIT_H = 87_840.0
BOUNDARIES = ("split", "start")
CUSTOMERS_BASES = ("time_weighted", "average", "end")
REDUCTION_MODES = ("yoy", "average_since")
AREAS = ("urban", "rural")


@dataclass(frozen=True)
class Targets:
    """The county's SAIDI targets (docs/spec.md §7)."""

    max_saidi_h: dict[str, float] = field(default_factory=lambda: {"urban": 7.0, "rural": 10.0})
    reduction: float = 0.08
    reduction_mode: str = "yoy"
    baseline_year: int | None = None
    exclude_med: bool = False


@dataclass(frozen=True)
class Projection:
    """Year-end projection and report status settings (lqrel.forecast)."""

    simulations: int = 4000
    history_years: int = 5
    on_track_probability: float = 0.8
    off_track_probability: float = 0.3
    seed: int = 20210067


@dataclass(frozen=True)
class Rule:
    """One frequent-outage rule: ``count`` compared by ``op`` with the interruptions in a window.

    ``window``: ``year`` (the calendar year up to the as-of date), ``rolling`` (any ``days``-long window in
    the year) or ``recent`` (the ``days`` up to the as-of date); ``nature`` limits the count to ``planned`` or
    ``fault`` interruptions.
    """

    count: int
    op: str = ">"
    window: str = "year"
    days: int | None = None
    nature: str | None = None

    def describe(self, lang: str = "en") -> str:
        """The rule in words, e.g. ``> 3 in any 60 days`` (``en``) or ``任意60天内超过3次`` (``zh``)."""
        from lqrel.messages import text

        op = {">": "gt", ">=": "ge", "==": "eq", "<=": "le", "<": "lt"}[self.op]
        return text("rule", {"op": Phrase(f"rule_op_{op}", {}, "cli"), "count": self.count,
                             "kind": Phrase(f"rule_kind_{self.nature or 'all'}", {}, "cli"),
                             "span": Phrase(f"rule_{self.window}", {"days": self.days}, "cli")}, lang, "cli")


#: Frequent-outage preset (docs/spec.md §8): frequent = more than 5 a year, more than 3 in any 60 days, or more
#: than 3 planned a year; warning = 4-5 a year, 3 in the last 50 days, 2 in the last 30 days.
FREQUENT_RULES = (Rule(5, ">", "year"), Rule(3, ">", "rolling", 60), Rule(3, ">", "year", None, "planned"))
WARNING_RULES = (Rule(4, ">=", "year"), Rule(3, ">=", "recent", 50), Rule(2, ">=", "recent", 30))


@dataclass(frozen=True)
class FrequentOutages:
    """Frequent-outage (频繁停电) rules and what they count."""

    level: str = "feeder"
    exclude_short: bool = True
    exclude_med: bool = True
    frequent: tuple[Rule, ...] = FREQUENT_RULES
    warning: tuple[Rule, ...] = WARNING_RULES


@dataclass(frozen=True)
class Budget:
    """Outage-hour budget (预算式停电管理) settings."""

    allocation: str = "seasonal"
    planned_share: float | None = None
    #: How an area's budget is split between its 供电所 (:mod:`lqrel.town_budget`): ``customers`` (by customers
    #: served), ``history`` (by past customer-hours) or ``blend`` (both, history weighted ``town_history_weight``).
    town_split: str = "blend"
    town_history_years: int = 3
    town_history_weight: float = 0.5


@dataclass(frozen=True)
class ReportSettings:
    """Who the Word 报送材料 is from and for (the action plan: the company reports to the county's 发改局)."""

    organization: str = "临朐县供电公司"
    recipient: str = "临朐县发展和改革局"
    #: 发文字号 above the title (临供电〔2025〕12号); empty: no line, for the user to add.
    document_number: str = ""


@dataclass(frozen=True)
class ConnectionSettings:
    """Connection time (办电时长, docs/spec.md §10): overrides of the published 附件2 limits [working days] and the
    no-works next-day rule (``calendar``: by the next calendar day; ``working``: by the next working day), and the
    national small and micro firm figure shown beside 附件2 (国家要求小微企业办电时间, working days)."""

    limits: dict[str, dict[str, int]] = field(default_factory=dict)
    no_works_next_day: str = "calendar"
    small_micro_wd: int = 15


@dataclass(frozen=True)
class AreaMapping:
    """Area from a town (or other) column: listed names map to their area (docs/spec.md §2)."""

    column: str = "town"
    urban: tuple[str, ...] = ()
    rural: tuple[str, ...] = ()


@dataclass(frozen=True)
class Params:
    """All settings, as plain values. Build with :func:`load_params`."""

    timezone: str = "Asia/Shanghai"
    standard: str = "dlt836"
    short_max_minutes: float | None = None
    boundary: str = "split"
    customers_basis: str = "time_weighted"
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    areas: AreaMapping | None = None
    header_row: int | None = None
    sheet: str | int | None = None
    targets: Targets = field(default_factory=Targets)
    #: The outage log: a file, a folder, a glob pattern, or a tuple of those (:func:`lqrel.readers.expand_sources`).
    events: Path | tuple[Path, ...] | None = None
    #: The customers served, named as ``events``.
    customers: Path | tuple[Path, ...] | None = None
    warn_duration_h: float = 72.0
    max_duration_h: float = 720.0
    complete_partial_end: bool = False
    coverage_from: dt.date | None = None
    coverage_through: dt.date | None = None
    major_event_days: tuple[str, ...] = ()
    major_event_days_mode: str = "add"
    projection: Projection = field(default_factory=Projection)
    frequent_outages: FrequentOutages = field(default_factory=FrequentOutages)
    budget: Budget = field(default_factory=Budget)
    report: ReportSettings = field(default_factory=ReportSettings)
    #: The application log (办电时长), named as ``events``.
    applications: Path | tuple[Path, ...] | None = None
    connection: ConnectionSettings = field(default_factory=ConnectionSettings)
    #: The peer benchmark file (:mod:`lqrel.benchmark`); None: the reports have no peer comparison.
    benchmark: Path | None = None
    #: Who each event interrupted (停电编号, 用户编号 or 台区编号), named as ``events``: the customer-level indices
    #: (CEMI-n, CELID) of the worst-feeder list.
    event_customers: Path | tuple[Path, ...] | None = None
    #: Day/month order of text dates that are not year-first (``dmy`` or ``mdy``); None: decided per column from
    #: the values that settle it (a day above 12), else refused as ambiguous (docs/spec.md, messy exports).
    date_order: str | None = None
    #: Unit of a duration column whose header names none (``min`` or ``h``); None: such a column is refused.
    duration_unit: str | None = None
    #: Probable double entries (other ids, same feeder, start, end and customers): ``keep`` counts every row as the
    #: export says; ``drop`` keeps the first of each group.
    double_entries: str = "keep"
    #: Inferred coverage does not bridge a run of this many months or more without any event.
    coverage_gap_months: int = 3
    #: Event towns the customers file does not list, known to be right (their customers are in their area's count).
    known_towns: tuple[str, ...] = ()
    #: Towns or areas of the customers file that exist only in some months (merged or created):
    #: name -> (first month ``YYYY-MM`` or None, last month or None).
    customer_changes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: Headers of the customers file (canonical -> headers), as ``columns`` is for the outage log.
    customers_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Values of the customers file (``area`` -> canonical value -> source values), as ``values``.
    customers_values: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Headers of the application log (canonical -> headers); ``columns`` still maps them too.
    applications_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Values of the application log (``customer_type``, ``works``, ``stage``); ``values`` still maps them too.
    applications_values: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Language of the command line's output, its errors and help, and of the reports (``--lang`` and
    #: ``$LQREL_LANG`` come first).
    language: str = "zh"
    source: str = "defaults"

    @property
    def short_threshold_min(self) -> float:
        """Longest short interruption [min]: ``short_max_minutes`` or the standard's threshold."""
        if self.short_max_minutes is not None:
            return float(self.short_max_minutes)
        return SHORT_MAX_MINUTES[self.standard]

    def replace(self, **changes: Any) -> Params:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)


_TOP_KEYS = {
    "timezone", "standard", "short_max_minutes", "boundary", "customers_basis", "columns", "values",
    "areas", "header_row", "sheet", "targets", "events", "customers", "warn_duration_h", "max_duration_h",
    "complete_partial_end", "coverage", "major_event_days", "projection", "frequent_outages", "budget", "report",
    "applications", "connection", "date_order", "duration_unit", "double_entries", "coverage_gap_months",
    "known_towns", "customer_changes", "language", "customers_columns", "customers_values", "applications_columns",
    "applications_values", "benchmark", "event_customers",
}
_TARGET_KEYS = {"urban", "rural", "reduction", "reduction_mode", "baseline_year", "exclude_med"}
_AREA_KEYS = {"column", "urban", "rural"}


#: Bounds of a settings file: its size [bytes], how deep its mappings and lists nest, and how many aliases
#: (``*name``) it may use. A settings file needs few of either; a file past them is refused before it is read
#: into objects (nested aliases once multiplied a 1 KB file into gigabytes; deep nesting overflowed the stack).
MAX_SETTINGS_BYTES = 1 << 20
MAX_SETTINGS_DEPTH = 20
MAX_SETTINGS_ALIASES = 10


def _check_shape(text: str, source: str) -> None:
    """Refuse a YAML document nested deeper than :data:`MAX_SETTINGS_DEPTH` or with more than
    :data:`MAX_SETTINGS_ALIASES` aliases, from its parse events (no objects built, no recursion)."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_SETTINGS_DEPTH:
                raise ParamsError(code="settings_too_deep", file=source, line=line, depth=MAX_SETTINGS_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_SETTINGS_ALIASES:
                raise ParamsError(code="settings_aliases", file=source, line=line, count=MAX_SETTINGS_ALIASES)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line number (1-based) of every mapping key in a YAML document, by its key path; a node reached again
    through an alias is not walked again."""
    lines: dict[tuple[str, ...], int] = {}
    seen: set[int] = set()

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode) and id(node) not in seen:
            seen.add(id(node))
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, ())
    return lines


class _Checker:
    def __init__(self, source: str, lines: dict[tuple[str, ...], int]):
        self.source = source
        self.lines = lines

    def where(self, path: tuple[str, ...]) -> Phrase:
        """The file, line (when known) and key of a setting."""
        line = self.lines.get(path)
        args = {"file": self.source, "key": ".".join(path)}
        return Phrase("setting_at_line", {**args, "line": line}) if line else Phrase("setting_at", args)

    def fail(self, path: tuple[str, ...], code: str, **args: Any) -> ParamsError:
        """The error of the setting at ``path``: ``code`` (a ``setting_*`` code of the catalogue) with ``args``."""
        return ParamsError(code="setting_invalid", where=self.where(path), problem=Phrase(code, args))

    def unknown(self, mapping: dict, allowed: set[str], path: tuple[str, ...]) -> None:
        for key in mapping:
            if str(key) not in allowed:
                raise self.fail((*path, str(key)), "setting_unknown",
                                allowed=", ".join(sorted(allowed)))

    def number(self, value: Any, path: tuple[str, ...], minimum: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, "setting_number", value=repr(value))
        if not math.isfinite(value):
            raise self.fail(path, "setting_finite", value=repr(value))
        if minimum is not None and value < minimum:
            raise self.fail(path, "setting_number_min", minimum=minimum, value=repr(value))
        return float(value)

    def boolean(self, value: Any, path: tuple[str, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, "setting_boolean", value=repr(value))
        return value

    def integer(self, value: Any, path: tuple[str, ...], minimum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, "setting_integer", value=repr(value))
        if minimum is not None and value < minimum:
            raise self.fail(path, "setting_integer_min", minimum=minimum, value=repr(value))
        return value

    def choice(self, value: Any, options: tuple[str, ...], path: tuple[str, ...]) -> str:
        if value not in options:
            raise self.fail(path, "setting_choice", options=", ".join(options), value=repr(value))
        return value

    def mapping(self, value: Any, path: tuple[str, ...]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, "setting_mapping", value=repr(value))
        return value

    def names(self, value: Any, path: tuple[str, ...]) -> tuple[str, ...]:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return (str(value),)
        if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            return tuple(str(v) for v in value)
        raise self.fail(path, "setting_names", value=repr(value))


def _build(raw: dict, source: str, lines: dict, base_dir: Path | None) -> Params:
    from lqrel.vocab import CANONICAL_COLUMNS  # late import: vocab imports nothing of ours

    c = _Checker(source, lines)
    c.unknown(raw, _TOP_KEYS, ())
    kw: dict[str, Any] = {"source": source}
    if "timezone" in raw:
        kw["timezone"] = _timezone(c, raw["timezone"])
    if "language" in raw:
        kw["language"] = c.choice(raw["language"], LANGS, ("language",))
    if "standard" in raw:
        kw["standard"] = c.choice(raw["standard"], STANDARDS, ("standard",))
    if raw.get("short_max_minutes") is not None:
        kw["short_max_minutes"] = c.number(raw["short_max_minutes"], ("short_max_minutes",), 0)
    if "boundary" in raw:
        kw["boundary"] = c.choice(raw["boundary"], BOUNDARIES, ("boundary",))
    if "customers_basis" in raw:
        kw["customers_basis"] = c.choice(raw["customers_basis"], CUSTOMERS_BASES, ("customers_basis",))
    if raw.get("columns") is not None:
        cols = c.mapping(raw["columns"], ("columns",))
        c.unknown(cols, set(CANONICAL_COLUMNS), ("columns",))
        kw["columns"] = {str(k): c.names(v, ("columns", str(k))) for k, v in cols.items()}
    if raw.get("values") is not None:
        kw["values"] = _value_tables(c, c.mapping(raw["values"], ("values",)))
    if raw.get("areas") is not None:
        kw["areas"] = _area_mapping(c, c.mapping(raw["areas"], ("areas",)))
    kw.update(_table_position(c, raw))
    if raw.get("targets") is not None:
        kw["targets"] = _targets(c, c.mapping(raw["targets"], ("targets",)))
    for key in ("events", "customers", "applications", "event_customers"):
        if raw.get(key) is not None:
            kw[key] = _sources(c, raw[key], key, base_dir)
    kw.update(_file_mappings(c, raw))
    if raw.get("benchmark") not in (None, ""):
        kw["benchmark"] = _one_file(c, raw["benchmark"], "benchmark", base_dir)
    if "warn_duration_h" in raw:
        kw["warn_duration_h"] = c.number(raw["warn_duration_h"], ("warn_duration_h",), 0)
    if "max_duration_h" in raw:
        longest = c.number(raw["max_duration_h"], ("max_duration_h",), 0)
        if longest > MAX_DURATION_LIMIT_H:
            raise c.fail(("max_duration_h",), "setting_max_duration", limit=f"{MAX_DURATION_LIMIT_H:g}",
                         value=repr(longest))
        kw["max_duration_h"] = longest
    if "complete_partial_end" in raw:
        kw["complete_partial_end"] = c.boolean(raw["complete_partial_end"], ("complete_partial_end",))
    if raw.get("coverage") is not None:
        kw.update(_coverage(c, c.mapping(raw["coverage"], ("coverage",))))
    if raw.get("major_event_days") is not None:
        kw.update(_med_list(c, raw["major_event_days"]))
    if raw.get("projection") is not None:
        kw["projection"] = _projection(c, c.mapping(raw["projection"], ("projection",)))
    if raw.get("frequent_outages") is not None:
        kw["frequent_outages"] = _frequent(c, c.mapping(raw["frequent_outages"], ("frequent_outages",)))
    if raw.get("budget") is not None:
        kw["budget"] = _budget(c, c.mapping(raw["budget"], ("budget",)))
    if raw.get("report") is not None:
        kw["report"] = _report_settings(c, c.mapping(raw["report"], ("report",)))
    if raw.get("connection") is not None:
        kw["connection"] = _connection(c, c.mapping(raw["connection"], ("connection",)))
    kw.update(_export_settings(c, raw))
    return Params(**kw)


def _one_file(c: _Checker, value: Any, key: str, base_dir: Path | None) -> Path:
    """A single file's path, relative to the settings file's folder, made absolute (the report's notebook reads
    it from a folder of its own)."""
    if not isinstance(value, str) or not value.strip():
        raise c.fail((key,), "setting_file", value=repr(value))
    path = Path(value.strip())
    return (path if path.is_absolute() or base_dir is None else base_dir / path).absolute()


def _sources(c: _Checker, value: Any, key: str, base_dir: Path | None) -> Path | tuple[Path, ...]:
    """``events``, ``customers``, ``applications``: a path (a file, a folder or a glob pattern) or a list of
    them, each relative to the settings file's folder."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise c.fail((key,), "setting_path", value=repr(value))
    paths = tuple(Path(v) if Path(v).is_absolute() or base_dir is None else base_dir / v for v in items)
    return paths if isinstance(value, list) else paths[0]


def _file_mappings(c: _Checker, raw: dict) -> dict[str, Any]:
    """``customers_columns``/``customers_values`` and ``applications_columns``/``applications_values``: the
    headers and values of the customers file and the application log, shaped as ``columns`` and ``values``."""
    from lqrel.vocab import APPLICATION_ALIASES, APPLICATION_VALUE_COLUMNS, CUSTOMER_ALIASES, CUSTOMER_VALUE_COLUMNS

    kw: dict[str, Any] = {}
    for prefix, aliases, value_columns in (("customers", CUSTOMER_ALIASES, CUSTOMER_VALUE_COLUMNS),
                                           ("applications", APPLICATION_ALIASES, APPLICATION_VALUE_COLUMNS)):
        key = f"{prefix}_columns"
        if raw.get(key) is not None:
            cols = c.mapping(raw[key], (key,))
            c.unknown(cols, set(aliases), (key,))
            kw[key] = {str(k): c.names(v, (key, str(k))) for k, v in cols.items()}
        key = f"{prefix}_values"
        if raw.get(key) is not None:
            kw[key] = _value_tables(c, c.mapping(raw[key], (key,)), value_columns, key)
    return kw


def _timezone(c: _Checker, tz: Any) -> str:
    """``timezone``: an IANA time zone name."""
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(str(tz))
    except Exception as exc:
        raise c.fail(("timezone",), "setting_timezone", value=repr(tz)) from exc
    return str(tz)


def _value_tables(c: _Checker, vals: dict, columns: dict | None = None,
                  key: str = "values") -> dict[str, dict[str, tuple[str, ...]]]:
    """``values`` (or ``key``, over the vocabularies ``columns``): per column, each canonical value and the cells
    that mean it."""
    from lqrel.vocab import VALUE_COLUMNS

    columns = VALUE_COLUMNS if columns is None else columns
    c.unknown(vals, set(columns), (key,))
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for col, table in vals.items():
        table = c.mapping(table, (key, col))
        c.unknown(table, set(columns[col]), (key, col))
        out[col] = {str(k): c.names(v, (key, col, str(k))) for k, v in table.items()}
    return out


def _area_mapping(c: _Checker, areas: dict) -> AreaMapping:
    """``areas``: the column the area is read from and its urban (and rural) names."""
    from lqrel.vocab import CANONICAL_COLUMNS

    c.unknown(areas, _AREA_KEYS, ("areas",))
    column = areas.get("column", "town")
    if column not in CANONICAL_COLUMNS:
        raise c.fail(("areas", "column"), "setting_canonical_column", value=repr(column))
    urban = c.names(areas.get("urban") or [], ("areas", "urban"))
    rural = c.names(areas.get("rural") or [], ("areas", "rural"))
    if not urban:
        raise c.fail(("areas", "urban"), "setting_urban_names")
    both = set(urban) & set(rural)
    if both:
        raise c.fail(("areas",), "setting_both_areas", names=str(sorted(both)))
    return AreaMapping(column=column, urban=urban, rural=rural)


def _table_position(c: _Checker, raw: dict) -> dict[str, Any]:
    """``header_row`` (a row number from 1) and ``sheet`` (a name or number), those given."""
    kw: dict[str, Any] = {}
    if raw.get("header_row") is not None:
        hr = raw["header_row"]
        if isinstance(hr, bool) or not isinstance(hr, int) or hr < 1:
            raise c.fail(("header_row",), "setting_header_row", value=repr(hr))
        kw["header_row"] = hr
    if raw.get("sheet") is not None:
        sheet = raw["sheet"]
        if isinstance(sheet, bool) or not isinstance(sheet, str | int):
            raise c.fail(("sheet",), "setting_sheet", value=repr(sheet))
        kw["sheet"] = sheet
    return kw


def _report_settings(c: _Checker, report: dict) -> ReportSettings:
    """``report``: the organization and recipient named in the report, each a non-empty name, and the optional
    发文字号 (``document_number``, may be empty)."""
    c.unknown(report, {"organization", "recipient", "document_number"}, ("report",))
    report = {k: "" if k == "document_number" and v is None else v for k, v in report.items()}
    for key, value in report.items():
        if not isinstance(value, str) or (not value.strip() and key != "document_number"):
            raise c.fail(("report", key), "setting_name", value=repr(value))
    return ReportSettings(**{k: v.strip() for k, v in report.items()})


DATE_ORDERS = ("dmy", "mdy")
DURATION_UNITS = ("min", "h")
DOUBLE_ENTRY_POLICIES = ("keep", "drop")


def _export_settings(c: _Checker, raw: dict) -> dict[str, Any]:
    """The settings that say how to read a messy export: date order, duration unit, double entries, the coverage
    gap, towns known without customers and the customers file's declared changes."""
    kw: dict[str, Any] = {}
    if raw.get("date_order") is not None:
        kw["date_order"] = c.choice(raw["date_order"], DATE_ORDERS, ("date_order",))
    if raw.get("duration_unit") is not None:
        kw["duration_unit"] = c.choice(raw["duration_unit"], DURATION_UNITS, ("duration_unit",))
    if "double_entries" in raw:
        kw["double_entries"] = c.choice(raw["double_entries"], DOUBLE_ENTRY_POLICIES, ("double_entries",))
    if "coverage_gap_months" in raw:
        kw["coverage_gap_months"] = c.integer(raw["coverage_gap_months"], ("coverage_gap_months",), 1)
    if raw.get("known_towns") is not None:
        kw["known_towns"] = c.names(raw["known_towns"], ("known_towns",))
    if raw.get("customer_changes") is not None:
        table = c.mapping(raw["customer_changes"], ("customer_changes",))
        changes: dict[str, tuple[str | None, str | None]] = {}
        for name, bounds in table.items():
            path = ("customer_changes", str(name))
            bounds = c.mapping(bounds, path)
            c.unknown(bounds, {"from", "through"}, path)
            months = []
            for key in ("from", "through"):
                value = bounds.get(key)
                if value is not None and not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip())):
                    raise c.fail((*path, key), "setting_month", value=repr(value))
                months.append(value.strip() if value is not None else None)
            if months == [None, None]:
                raise c.fail(path, "setting_change_bounds")
            changes[str(name)] = (months[0], months[1])
        kw["customer_changes"] = changes
    return kw


def _connection(c: _Checker, raw: dict) -> ConnectionSettings:
    from lqrel.connection import LIMITS_WD, TYPE_STAGES

    c.unknown(raw, {"limits", "no_works_next_day", "small_micro_wd"}, ("connection",))
    limits: dict[str, dict[str, int]] = {}
    table = c.mapping(raw.get("limits") or {}, ("connection", "limits"))
    c.unknown(table, set(LIMITS_WD), ("connection", "limits"))
    for kind, stages in table.items():
        stages = c.mapping(stages, ("connection", "limits", kind))
        c.unknown(stages, {*TYPE_STAGES[kind], "total"}, ("connection", "limits", kind))
        limits[kind] = {s: c.integer(v, ("connection", "limits", kind, s), 0) for s, v in stages.items()}
    rule = raw.get("no_works_next_day", "calendar")
    small_micro = c.integer(raw.get("small_micro_wd", ConnectionSettings.small_micro_wd),
                            ("connection", "small_micro_wd"), 1)
    return ConnectionSettings(limits, c.choice(rule, ("calendar", "working"), ("connection", "no_works_next_day")),
                              small_micro)


def parse_date(value: Any) -> dt.date:
    """A calendar date from a YAML date or ``YYYY-MM-DD`` text; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date without a time, got {value!r}")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    return dt.date.fromisoformat(value.strip())


def _coverage(c: _Checker, raw: dict) -> dict[str, Any]:
    path = ("coverage",)
    c.unknown(raw, {"from", "through"}, path)
    out: dict[str, Any] = {}
    for key, name in (("from", "coverage_from"), ("through", "coverage_through")):
        if raw.get(key) is not None:
            try:
                out[name] = parse_date(raw[key])
            except ValueError as exc:
                raise c.fail((*path, key), "setting_date", value=repr(raw[key])) from exc
    if out.get("coverage_from") and out.get("coverage_through") and out["coverage_from"] > out["coverage_through"]:
        raise c.fail(path, "setting_from_after_through")
    return out


def _med_list(c: _Checker, raw: Any) -> dict[str, Any]:
    path = ("major_event_days",)
    mode = "add"
    if isinstance(raw, dict):
        c.unknown(raw, {"dates", "mode"}, path)
        mode = c.choice(raw.get("mode", "add"), ("add", "replace"), (*path, "mode"))
        raw = raw.get("dates") or []
    if not isinstance(raw, list):
        raise c.fail(path, "setting_date_list", value=repr(raw))
    dates = []
    for value in raw:
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise c.fail(path, "setting_dates", value=repr(value)) from exc
        dates.append(day.isoformat())
    return {"major_event_days": tuple(dates), "major_event_days_mode": mode}


def _projection(c: _Checker, raw: dict) -> Projection:
    path = ("projection",)
    c.unknown(raw, {f.name for f in dataclasses.fields(Projection)}, path)
    kw: dict[str, Any] = {}
    for key in ("simulations", "history_years", "seed"):
        if key in raw:
            kw[key] = c.integer(raw[key], (*path, key), 1)
    for key in ("on_track_probability", "off_track_probability"):
        if key in raw:
            value = c.number(raw[key], (*path, key), 0)
            if value > 1:
                raise c.fail((*path, key), "setting_probability", value=repr(value))
            kw[key] = value
    out = Projection(**kw)
    if out.off_track_probability > out.on_track_probability:
        raise c.fail(path, "setting_off_track")
    return out


def _rules(c: _Checker, raw: Any, path: tuple[str, ...]) -> tuple[Rule, ...]:
    if not isinstance(raw, list):
        raise c.fail(path, "setting_rules", value=repr(raw))
    rules = []
    for i, item in enumerate(raw):
        where = (*path, str(i))
        item = c.mapping(item, where)
        c.unknown(item, {"count", "op", "window", "days", "nature"}, where)
        if "count" not in item:
            raise c.fail(where, "setting_rule_count")
        window = c.choice(item.get("window", "year"), ("year", "rolling", "recent"), (*where, "window"))
        days = item.get("days")
        if window != "year":
            if days is None:
                raise c.fail(where, "setting_rule_days", window=window)
            days = c.integer(days, (*where, "days"), 1)
        nature = item.get("nature")
        if nature is not None:
            nature = c.choice(nature, ("planned", "fault"), (*where, "nature"))
        rules.append(Rule(c.integer(item["count"], (*where, "count"), 0),
                          c.choice(item.get("op", ">"), (">", ">=", "==", "<=", "<"), (*where, "op")),
                          window, days, nature))
    return tuple(rules)


def _frequent(c: _Checker, raw: dict) -> FrequentOutages:
    path = ("frequent_outages",)
    c.unknown(raw, {"level", "exclude_short", "exclude_med", "frequent", "warning"}, path)
    kw: dict[str, Any] = {}
    if "level" in raw:
        kw["level"] = c.choice(raw["level"], ("feeder", "town", "transformer", "customer"), (*path, "level"))
    for key in ("exclude_short", "exclude_med"):
        if key in raw:
            kw[key] = c.boolean(raw[key], (*path, key))
    for key in ("frequent", "warning"):
        if key in raw:
            kw[key] = _rules(c, raw[key], (*path, key))
    return FrequentOutages(**kw)


def _budget(c: _Checker, raw: dict) -> Budget:
    path = ("budget",)
    c.unknown(raw, {"allocation", "planned_share", "town_split", "town_history_years", "town_history_weight"}, path)
    kw: dict[str, Any] = {}
    if "allocation" in raw:
        kw["allocation"] = c.choice(raw["allocation"], ("seasonal", "flat"), (*path, "allocation"))
    if "town_split" in raw:
        kw["town_split"] = c.choice(raw["town_split"], ("customers", "history", "blend"), (*path, "town_split"))
    if "town_history_years" in raw:
        kw["town_history_years"] = c.integer(raw["town_history_years"], (*path, "town_history_years"), 1)
    if "town_history_weight" in raw:
        weight = c.number(raw["town_history_weight"], (*path, "town_history_weight"), 0)
        if weight > 1:
            raise c.fail((*path, "town_history_weight"), "setting_fraction", value=repr(weight))
        kw["town_history_weight"] = weight
    if raw.get("planned_share") is not None:
        share = c.number(raw["planned_share"], (*path, "planned_share"), 0)
        if share > 1:
            raise c.fail((*path, "planned_share"), "setting_fraction", value=repr(share))
        kw["planned_share"] = share
    return Budget(**kw)


def _targets(c: _Checker, raw: dict) -> Targets:
    c.unknown(raw, _TARGET_KEYS, ("targets",))
    limits = dict(Targets().max_saidi_h)
    for area in AREAS:
        if area in raw:
            spec = c.mapping(raw[area], ("targets", area))
            c.unknown(spec, {"max_saidi_h"}, ("targets", area))
            if "max_saidi_h" in spec:
                limits[area] = c.number(spec["max_saidi_h"], ("targets", area, "max_saidi_h"), 0)
    kw: dict[str, Any] = {"max_saidi_h": limits}
    if "reduction" in raw:
        r = c.number(raw["reduction"], ("targets", "reduction"), 0)
        if r >= 1:
            raise c.fail(("targets", "reduction"), "setting_reduction", value=repr(r))
        kw["reduction"] = r
    if "reduction_mode" in raw:
        kw["reduction_mode"] = c.choice(raw["reduction_mode"], REDUCTION_MODES, ("targets", "reduction_mode"))
    if raw.get("baseline_year") is not None:
        year = raw["baseline_year"]
        if isinstance(year, bool) or not isinstance(year, int):
            raise c.fail(("targets", "baseline_year"), "setting_year", value=repr(year))
        kw["baseline_year"] = year
    if "exclude_med" in raw:
        kw["exclude_med"] = c.boolean(raw["exclude_med"], ("targets", "exclude_med"))
    if kw.get("reduction_mode") == "average_since" and "baseline_year" not in kw:
        raise c.fail(("targets", "reduction_mode"), "setting_average_since")
    return Targets(**kw)


#: What a PyYAML problem most likely means (:func:`_malformed`): the first code whose words are in the problem.
YAML_HINTS = (("yaml_unclosed", ("<stream end>", "end of stream")), ("yaml_tab", ("'\\t'",)),
              ("yaml_colon", ("mapping values are not allowed",)), ("yaml_indentation", ("expected <block end>",)),
              ("yaml_tag", ("constructor for the tag",)), ("yaml_alias", ("undefined alias",)),
              ("yaml_character", ("special characters are not allowed", "unacceptable character")))


def _malformed(exc: yaml.YAMLError, file: str) -> ParamsError:
    """The error of a YAML syntax error: the file, the line and column (of the bracket or quote left open, for an
    unclosed one: PyYAML's own mark is then the end of the file), what is likely wrong (:data:`YAML_HINTS`) and
    PyYAML's own words (English only)."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    hint = next((code for code, words in YAML_HINTS if any(w in problem for w in words)), "yaml_other")
    mark = getattr(exc, "problem_mark", None)
    if hint == "yaml_unclosed" and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark
    args = {"file": file, "hint": Phrase(hint, {}), "detail": LibraryText(problem)}
    if mark is None:
        return ParamsError(code="settings_malformed", **args)
    return ParamsError(code="settings_malformed_line", line=mark.line + 1, column=mark.column + 1, **args)


def load_params(source: Params | dict | str | Path | None = None) -> Params:
    """Settings from a YAML file, a dict, an existing :class:`Params`, or the defaults (``None``).

    Parameters
    ----------
    source : Params, dict, str or pathlib.Path, optional
        A path to a YAML file (relative file paths inside it are taken relative to its folder),
        a mapping with the same keys, or a ready :class:`Params`.

    Raises
    ------
    ParamsError
        Unreadable or malformed YAML, an unknown key or a wrongly typed value; the message names the file,
        line and key.
    """
    if isinstance(source, Params):
        return source
    if source is None:
        return Params()
    if isinstance(source, dict):
        return _build(source, "params", {}, None)
    path = Path(source)
    if path.exists() and not path.is_file():
        raise ParamsError(code="settings_not_file", file=str(path))
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise ParamsError(code="settings_too_large", file=str(path), mb=MAX_SETTINGS_BYTES >> 20)
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ParamsError(code="settings_unreadable", file=str(path), reason=exc.strerror or exc) from exc
    except UnicodeDecodeError as exc:
        raise ParamsError(code="settings_not_utf8", file=str(path)) from exc
    try:
        _check_shape(text, str(path))
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _malformed(exc, str(path)) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ParamsError(code="settings_not_mapping", file=str(path))
    return _build(raw, str(path), _key_lines(text), path.parent)
