"""Peer benchmark: the user's file of published SAIDI figures of other areas, and the county's figure beside them
(docs/spec.md §3a).

A benchmark file has one row per published figure: 名称 (who: 全国, a province, a city), 年份 (the calendar year the
figure is for), 区域 (城镇, 农村 or 全口径), 用户平均停电时间(小时) (that year's SAIDI [h per customer], as
published), 来源 (where it was published: title and address) and 备注 (optional: the basis, e.g. 10 kV users).
English headers (``name``, ``year``, ``area``, ``saidi_h``, ``source``, ``note``) are read alike. A figure without
a source is refused: the report never shows a number it cannot attribute.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from lqrel.errors import InputError
from lqrel.parse import is_blank, stripped_text
from lqrel.periods import year_period
from lqrel.readers import read_table
from lqrel.vocab import AREA_VALUES, lookup_table, normalize

#: Benchmark columns and the headers recognised for each (compared after :func:`lqrel.vocab.normalize`, so
#: full-width parentheses match too).
BENCHMARK_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "名称"),
    "year": ("year", "年份"),
    "area": ("area", "区域"),
    "saidi_h": ("saidi_h", "用户平均停电时间(小时)"),
    "source": ("source", "来源"),
    "note": ("note", "备注"),
}
REQUIRED = ("name", "year", "area", "saidi_h", "source")
#: The areas a figure may be for: the county's two areas (:data:`lqrel.vocab.AREA_VALUES`) and the whole (全口径).
BENCHMARK_AREAS: dict[str, tuple[str, ...]] = {**AREA_VALUES, "all": ("all", "全口径", "全县", "全部", "合计")}
#: Columns of :func:`load_benchmark`'s frame.
COLUMNS = ("name", "year", "area", "saidi_h", "source", "note")

_HEADERS = {normalize(h): canon for canon, names in BENCHMARK_ALIASES.items() for h in names}
_AREAS = lookup_table(BENCHMARK_AREAS)


def _is_header(cells: list[str]) -> bool:
    found = {_HEADERS.get(normalize(c)) for c in cells}
    return set(REQUIRED) <= found


def empty_benchmark() -> pd.DataFrame:
    """A benchmark without figures (a file with only its header)."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "year" else "float64" if c == "saidi_h" else object)
                         for c in COLUMNS})


def load_benchmark(path: str | Path) -> pd.DataFrame:
    """The figures of a benchmark file (CSV in UTF-8 or GB18030, or XLSX), one row per figure.

    Returns
    -------
    pandas.DataFrame
        ``name``, ``year`` (int), ``area`` (``urban``, ``rural`` or ``all``), ``saidi_h`` (the published SAIDI
        [h per customer a year]), ``source``, ``note`` (empty when not given); ``attrs["file"]``. No rows for a
        file with only its header.

    Raises
    ------
    InputError
        The file is missing or has no header with the columns; a row has no name, no source, a year, area or
        hours that cannot be read (the error names the file, row, column and value).
    """
    path = Path(path)
    raw = read_table(path, _is_header)
    cells, _ = raw.cells()
    where = {_HEADERS[normalize(h)]: i for i, h in reversed(list(enumerate(raw.header))) if normalize(h) in _HEADERS}
    rows = []
    for position, number in enumerate(raw.row_numbers):
        values = {c: cells.iat[position, i] for c, i in where.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append(_figure(values, path.name, int(number), raw.header, where))
    out = pd.DataFrame(rows, columns=list(COLUMNS)) if rows else empty_benchmark()
    out = out.astype({"year": "int64", "saidi_h": "float64"})
    out.attrs["file"] = str(path)
    return out


def _figure(values: dict, file: str, row: int, header: list[str], where: dict[str, int]) -> dict:
    """One row of the file as a figure, or the error that names its file, row, column and value."""
    def fail(code: str, column: str) -> InputError:
        value = values[column]
        return InputError(code=code, file=file, row=row, column=header[where[column]],
                          value="" if is_blank(value) else stripped_text(value))

    text = {c: "" if is_blank(v) else stripped_text(v) for c, v in values.items()}
    if not text["name"]:
        raise fail("benchmark_no_name", "name")
    if not text["source"]:
        raise fail("benchmark_no_source", "source")
    year = _number(values["year"])
    if year is None or year != int(year) or not 1900 <= year <= 2100:
        raise fail("benchmark_bad_year", "year")
    area = _AREAS.get(normalize(text["area"]))
    if area is None:
        raise fail("benchmark_bad_area", "area")
    hours = _number(values["saidi_h"])
    if hours is None or hours < 0:
        raise fail("benchmark_bad_hours", "saidi_h")
    return {"name": text["name"], "year": int(year), "area": area, "saidi_h": hours, "source": text["source"],
            "note": text.get("note", "")}


def _number(value: object) -> float | None:
    """A cell as a finite number (text or typed), or None."""
    if isinstance(value, bool) or is_blank(value):
        return None
    try:
        number = float(value) if isinstance(value, int | float) else float(stripped_text(value).replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def compare(county_saidi_h: Mapping[str, float | None], year: int, benchmark: pd.DataFrame) -> pd.DataFrame:
    """The county's SAIDI of ``year`` beside each peer figure of the same area.

    For each area the file has figures for, the peers are the figures of ``year``, or, when the file has none for
    that year and area, those of the latest year it has for the area (``peer_year`` says which). The best peer is
    the one with the lowest SAIDI; ``gap_h`` is the county's SAIDI minus the peer's (positive: the county's
    customers were without power longer), ``gap_share`` that gap over the peer's SAIDI.

    Parameters
    ----------
    county_saidi_h : mapping
        The county's SAIDI [h] of ``year`` by area (``urban``, ``rural``, ``all``); a missing area or None: the
        county's figure is not known, and neither is the gap.
    year : int
        The calendar year of the county's figures.
    benchmark : pandas.DataFrame
        :func:`load_benchmark`.

    Returns
    -------
    pandas.DataFrame
        Per peer figure, areas in the order urban, rural, all, peers by SAIDI: ``area``, ``peer``, ``peer_year``,
        ``peer_saidi_h``, ``county_saidi_h``, ``gap_h``, ``gap_share``, ``best_peer`` (the area's best, one per
        area), ``peer_source``, ``peer_note``. ``attrs["county_year"]`` is ``year``.
    """
    parts = []
    for area in BENCHMARK_AREAS:
        peers = benchmark[benchmark["area"] == area]
        if not len(peers):
            continue
        shown_year = year if (peers["year"] == year).any() else int(peers["year"].max())
        peers = peers[peers["year"] == shown_year].sort_values("saidi_h", kind="stable")
        county = county_saidi_h.get(area)
        county = math.nan if county is None else float(county)
        gap = county - peers["saidi_h"]
        parts.append(pd.DataFrame({
            "area": area, "peer": peers["name"], "peer_year": peers["year"], "peer_saidi_h": peers["saidi_h"],
            "county_saidi_h": county, "gap_h": gap,
            "gap_share": (gap / peers["saidi_h"]).where(peers["saidi_h"] > 0),
            "best_peer": [True] + [False] * (len(peers) - 1), "peer_source": peers["source"],
            "peer_note": peers["note"]}))
    columns = ["area", "peer", "peer_year", "peer_saidi_h", "county_saidi_h", "gap_h", "gap_share", "best_peer",
               "peer_source", "peer_note"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out.attrs["county_year"] = int(year)
    return out[columns]


def county_year(ds, period) -> int | None:
    """The calendar year whose SAIDI a report of ``period`` sets beside the peers' (annual) figures: the latest
    year the data wholly cover that ends by the period's end (the period's own year in an annual report of a
    covered year; the year before in a quarterly report); None when the data cover no such year."""
    shown, _ = ds.clip(period)
    years = [y for y in ds.coverage.covered_years() if year_period(y, ds.params.timezone).end <= shown.end]
    return years[-1] if years else None


def peer_comparison(ds, period) -> pd.DataFrame | None:
    """:func:`compare` for a report of ``period``: the county's SAIDI on all data (全量: every interruption, as
    the published national figures count them) of :func:`county_year`, by area, beside the benchmark file of
    the settings (``benchmark:``). None without a benchmark file, with a file of no figures, or without a
    covered year.

    Raises
    ------
    InputError
        The configured file is missing or has a row that cannot be used (:func:`load_benchmark`).
    """
    if ds.params.benchmark is None:
        return None
    benchmark = load_benchmark(ds.params.benchmark)
    year = county_year(ds, period)
    if not len(benchmark) or year is None:
        return None
    county = ds.indices(year_period(year, ds.params.timezone))
    out = compare(dict(zip(county["area"], county["saidi_h"], strict=True)), year, benchmark)
    out.attrs["file"] = benchmark.attrs["file"]
    return out
