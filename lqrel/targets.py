"""The county's target rule, and every decision around it (docs/spec.md §7; seed action plan, section 二 and 附件3
task 11).

For each area and year Y the target is met if SAIDI(Y) <= the area's limit (urban 7 h, rural 10 h), or if the
reduction criterion holds:

- ``yoy`` (default): SAIDI(Y) <= (1 - r) x SAIDI(Y-1), with r = 0.08;
- ``average_since``: (SAIDI(Y) / SAIDI(b)) ** (1 / (Y - b)) <= 1 - r for a baseline year b, that is
  SAIDI(Y) <= SAIDI(b) x (1 - r) ** (Y - b).

This module is the one owner of: the data the target is judged on (all data, or without major event days with
``targets.exclude_med``), the year SAIDI, the reference year and its SAIDI, the ceiling (the largest SAIDI that
still meets the target) and the verdict. ``lqrel check``, the report's headline, the year-end projection and the
outage-hour budget call it; none of them re-derives a part of it.

A verdict needs its year fully covered by the data (:mod:`lqrel.coverage`). A reference year that is not fully
covered leaves the reduction criterion unknown (null), never false: the target is then met when the limit holds
and unknown otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lqrel.errors import DataError
from lqrel.params import AREAS
from lqrel.periods import year_period

TARGET_COLUMNS = (
    "area", "saidi_h", "limit_h", "previous_saidi_h", "reference_year", "change", "meets_limit",
    "meets_reduction", "met", "criterion", "limit_margin_h", "reduction_margin_h", "ceiling_h",
)
#: Relative tolerance of the reduction test: (1 - r) x reference carries float rounding (0.92 x 10 is
#: 9.200000000000001), which must not decide a verdict.
REDUCTION_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Basis:
    """What one area's year is judged against.

    Attributes
    ----------
    limit_h : float
        The area's limit [h].
    reference_saidi_h : float or None
        SAIDI of the reference year [h] (Y-1, or the baseline year); None when that year is not fully covered.
    reduction : float
        Required average yearly reduction r, a fraction (0.05 for 5%).
    years : int
        Years between the reference year and Y (1 for ``yoy``).
    area, year, reference_year
        Which area and years.
    """

    limit_h: float
    reference_saidi_h: float | None = None
    reduction: float = 0.08
    years: int = 1
    area: str = ""
    year: int = 0
    reference_year: int = 0

    @property
    def allowed_h(self) -> float | None:
        """SAIDI allowed by the reduction criterion [h]: reference x (1 - r) ** years; None when unknown."""
        if self.reference_saidi_h is None:
            return None
        return self.reference_saidi_h * (1 - self.reduction) ** self.years

    @property
    def ceiling_h(self) -> float:
        """The largest SAIDI that meets the target as far as it is known [h]: max(limit, allowed); the limit
        alone when the reference year is unknown."""
        allowed = self.allowed_h
        return self.limit_h if allowed is None else max(self.limit_h, allowed)

    def meets_limit(self, saidi_h):
        """SAIDI <= limit (scalars or arrays)."""
        return np.asarray(saidi_h) <= self.limit_h

    def meets_reduction(self, saidi_h):
        """SAIDI <= allowed (scalars or arrays); None when the reference year is unknown."""
        allowed = self.allowed_h
        if allowed is None:
            return None
        return np.asarray(saidi_h) <= allowed + REDUCTION_TOLERANCE * max(1.0, allowed)

    def meets(self, saidi_h):
        """Met as far as known: limit or reduction (scalars or arrays). With the reference year unknown this is
        the limit alone, a lower bound of the chance of meeting."""
        reduction = self.meets_reduction(saidi_h)
        limit = self.meets_limit(saidi_h)
        return limit if reduction is None else limit | reduction


def verdict(saidi_h: float, basis: Basis) -> dict:
    """The target rule for one area and year.

    Returns
    -------
    dict
        ``meets_limit``; ``meets_reduction`` (None when the reference year is unknown); ``met`` (None when
        unknown: limit missed and reduction unknown); ``criterion`` (``limit``, ``reduction``, ``both``,
        ``none`` or ``unknown``); ``change`` (average yearly change, e.g. -0.1 = 10% lower; None without a
        positive reference); ``limit_margin_h`` = limit - SAIDI and ``reduction_margin_h`` = allowed - SAIDI
        [h] (positive margins have room to spare; None when unknown); ``ceiling_h``.
    """
    meets_limit = bool(basis.meets_limit(saidi_h))
    reduction = basis.meets_reduction(saidi_h)
    meets_reduction = None if reduction is None else bool(reduction)
    ref = basis.reference_saidi_h
    change = (saidi_h / ref) ** (1 / basis.years) - 1 if ref is not None and ref > 0 else None
    if meets_reduction is None:
        met, criterion = (True, "limit") if meets_limit else (None, "unknown")
    else:
        met = meets_limit or meets_reduction
        criterion = {(True, True): "both", (True, False): "limit", (False, True): "reduction"}.get(
            (meets_limit, meets_reduction), "none")
    allowed = basis.allowed_h
    return {
        "meets_limit": meets_limit,
        "meets_reduction": meets_reduction,
        "met": met,
        "criterion": criterion,
        "change": change,
        "limit_margin_h": basis.limit_h - saidi_h,
        "reduction_margin_h": None if allowed is None else allowed - saidi_h,
        "ceiling_h": basis.ceiling_h,
    }


def judged(ds):
    """The data the target is judged on: all of it, or without the events of major event days
    (``targets.exclude_med``, the 剔除 figures)."""
    if ds.params.targets.exclude_med:
        from lqrel.med import without_major_events

        return without_major_events(ds)
    return ds


def policy(ds) -> str:
    """``all_data`` (全量) or ``without_med`` (剔除): which figures the target is judged on."""
    return "without_med" if ds.params.targets.exclude_med else "all_data"


def year_saidi(ds, year: int) -> tuple[dict[str, float], list[str]]:
    """SAIDI [h] per area of a fully covered year, on the data the target is judged on, and notes (codes with
    their arguments, rendered by :func:`lqrel.messages.note`).

    An area with customers served and no outage started in the year has the SAIDI of the hours that fall into
    the year (0 if none): a year without outages is a result, with a note.

    Raises
    ------
    DataError
        The year is not fully covered, or a covered month has no customers served (or 0) for an area.
    """
    key = ("year_saidi", int(year))  # computed once per dataset (projections and backtests ask again and again)
    if key in ds.memo:
        out, notes = ds.memo[key]
        return dict(out), list(notes)
    coverage = ds.require_coverage()
    if not coverage.covers_year(year):
        raise DataError(code="year_not_covered", year=year, coverage=coverage.phrase())
    data = judged(ds)
    period = year_period(year, ds.params.timezone)
    table = data.indices(period).set_index("area")
    out, notes = {}, []
    for area in AREAS:
        if area not in table.index:
            continue
        out[area] = float(table.loc[area, "saidi_h"])
        if table.loc[area, "events"] == 0 and table.loc[area, "customer_interruptions"] == 0:
            notes.append({"code": "no_outage_in_year", "area": area, "year": year, "saidi_h": out[area]})
    ds.memo[key] = (dict(out), list(notes))
    return out, notes


def reference_year(ds, year: int) -> int:
    """The year Y is compared with: Y-1 (``yoy``) or the baseline year (``average_since``).

    Raises
    ------
    DataError
        The baseline year is not before Y.
    """
    t = ds.params.targets
    if t.reduction_mode == "average_since":
        ref = int(t.baseline_year)
        if ref >= year:
            raise DataError(code="baseline_not_before", baseline=ref, year=year)
        return ref
    return year - 1


def basis(ds, year: int) -> tuple[dict[str, Basis], list[str]]:
    """The :class:`Basis` of each area served for ``year`` (the year itself need not be covered: projections
    and budgets use it too), and notes.

    The reference year's SAIDI is known when that year is fully covered (missing customers there are an
    error, never an unknown); otherwise it is None, with a note. Under ``average_since`` a year that is not
    after the baseline year has no reduction criterion (None, with a note); :func:`check_targets` refuses it.
    """
    t = ds.params.targets
    coverage = ds.require_coverage()
    notes = []
    if t.reduction_mode == "average_since" and int(t.baseline_year) >= year:
        ref = int(t.baseline_year)
        reference = {}
        notes.append({"code": "baseline_not_before", "year": ref, "judged": int(year)})
    elif coverage.covers_year(ref := reference_year(ds, year)):
        reference, ref_notes = year_saidi(ds, ref)
        notes += ref_notes
    else:
        reference = {}
        notes.append({"code": "reference_not_covered", "year": ref, "from": coverage.first.isoformat(),
                      "through": coverage.through.isoformat()})
    if t.exclude_med:  # judged without major event days: what their thresholds rest on, when not five years
        notes += med_notes(ds, [ref, year] if ref < year and coverage.covers_year(ref) else [year])
    served = [a for a in AREAS if (ds.customers["area"] == a).any()]
    out = {area: Basis(t.max_saidi_h[area], reference.get(area), t.reduction, max(year - ref, 1), area, year, ref)
           for area in served}
    return out, notes


def med_notes(ds, years) -> list[dict]:
    """Notes on the major-event-day thresholds of ``years`` that do not rest on five years of history (fewer
    years, or none: then the 剔除 figures are the all-data figures, :func:`lqrel.med.history_note`)."""
    from lqrel.med import history_note, major_event_days

    out = []
    for y in sorted(set(years)):
        found = history_note(major_event_days(ds, int(y)), int(y))
        if found is not None and found["code"] != "med_threshold":
            out.append(found)
    return out


def check_targets(ds, year: int) -> pd.DataFrame:
    """Verdict of the target rule for each area in ``year``.

    Parameters
    ----------
    ds : lqrel.dataset.Dataset
        The loaded dataset (settings: ``targets`` limits, reduction, reduction_mode, baseline_year,
        exclude_med; the counting policies).
    year : int
        The year Y judged; it must be fully covered by the data.

    Returns
    -------
    pandas.DataFrame
        One row each for ``urban`` and ``rural`` (those with customers served), columns
        :data:`TARGET_COLUMNS`: ``previous_saidi_h`` is SAIDI of the reference year (Y-1, or the baseline
        year with ``average_since``; ``reference_year`` says which), null when that year is not covered.
        ``attrs["notes"]`` holds the notes (reference year not covered, areas without outages; with
        ``exclude_med``, a major-event-day threshold from fewer than five years of history, or none).

    Raises
    ------
    DataError
        Y is not fully covered (no verdict: see :func:`lqrel.forecast.year_end`), a covered month has no
        customers served, or the baseline year is not before Y.
    """
    reference_year(ds, year)  # a baseline year not before Y is refused here (a report states it unknown)
    return verdicts(ds, year)


def verdicts(ds, year: int) -> pd.DataFrame:
    """:func:`check_targets` without its refusal of a baseline year that is not before ``year``: the reduction
    criterion of such a year is unknown (with a note), as the report of the baseline year states it."""
    current, notes = year_saidi(ds, year)
    bases, basis_notes = basis(ds, year)
    rows = []
    for area, b in bases.items():
        saidi = current[area]
        rows.append({"area": area, "saidi_h": saidi, "limit_h": b.limit_h, "previous_saidi_h": b.reference_saidi_h,
                     "reference_year": b.reference_year, **verdict(saidi, b)})
    frame = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    for column in ("meets_limit", "meets_reduction", "met"):  # True, False or None (unknown), never numpy bools
        frame[column] = pd.Series([None if v is None else bool(v) for v in frame[column]], dtype=object)
    frame.attrs["notes"] = basis_notes + notes
    return frame
