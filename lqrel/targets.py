"""The county's target rule (domain.md 7; seed action plan, section 二 and 附件3 task 11).

For each area and year Y the target is met if SAIDI(Y) <= the area's limit (urban 7 h, rural 10 h), or if
the reduction criterion holds:

- ``yoy`` (default): SAIDI(Y) <= (1 - r) x SAIDI(Y-1), with r = 0.08;
- ``average_since``: (SAIDI(Y) / SAIDI(b)) ** (1 / (Y - b)) <= 1 - r for a baseline year b.
"""

from __future__ import annotations

import pandas as pd

from lqrel.errors import DataError
from lqrel.indices import indices
from lqrel.params import AREAS, Params, load_params
from lqrel.periods import year_period

TARGET_COLUMNS = (
    "area", "saidi_h", "limit_h", "previous_saidi_h", "change", "meets_limit", "meets_reduction", "met",
    "criterion", "limit_margin_h", "reduction_margin_h",
)


def verdict(
    saidi_h: float,
    limit_h: float,
    reference_saidi_h: float | None,
    reduction: float = 0.08,
    years: int = 1,
) -> dict:
    """The target rule for one area and year.

    Parameters
    ----------
    saidi_h : float
        SAIDI of the year [h].
    limit_h : float
        The area's limit [h].
    reference_saidi_h : float or None
        SAIDI of the previous year (``years=1``) or of the baseline year [h]; ``None`` when unknown.
    reduction : float
        Required average yearly reduction r (0.08 = 8%).
    years : int
        Years between the reference and Y.

    Returns
    -------
    dict
        ``meets_limit``, ``meets_reduction``, ``met``, ``criterion`` (``limit``, ``reduction``, ``both`` or
        ``none``), ``change`` (average yearly change, e.g. -0.1 = 10% lower; None without a reference),
        ``limit_margin_h`` = limit - SAIDI and ``reduction_margin_h`` = allowed - SAIDI [h], with allowed =
        reference x (1 - r) ** years (positive margins have room to spare).
    """
    meets_limit = saidi_h <= limit_h
    change = None
    meets_reduction = False
    reduction_margin = None
    if reference_saidi_h is not None and reference_saidi_h > 0 and years >= 1:
        change = (saidi_h / reference_saidi_h) ** (1 / years) - 1
        allowed = reference_saidi_h * (1 - reduction) ** years
        meets_reduction = saidi_h <= allowed + 1e-12 * max(1.0, allowed)
        reduction_margin = allowed - saidi_h
    met = meets_limit or meets_reduction
    criterion = {(True, True): "both", (True, False): "limit", (False, True): "reduction"}.get(
        (meets_limit, meets_reduction), "none"
    )
    return {
        "meets_limit": bool(meets_limit),
        "meets_reduction": bool(meets_reduction),
        "met": bool(met),
        "criterion": criterion,
        "change": change,
        "limit_margin_h": limit_h - saidi_h,
        "reduction_margin_h": reduction_margin,
    }


def year_saidi(events, customers, year: int, params: Params) -> dict[str, float | None]:
    """SAIDI [h] per area for a year, None for an area without data that year."""
    period = year_period(year, params.timezone)
    if params.targets.exclude_med:  # the policy judges targets without major event days (剔除)
        from lqrel.med import without_major_events

        events = without_major_events(events, customers, period, params)
    started = events[(events["start"] >= period.start) & (events["start"] < period.end)]
    try:
        table = indices(events, customers, period, ("area",), params)
    except DataError:
        return dict.fromkeys(AREAS)
    out: dict[str, float | None] = {}
    for area in AREAS:
        row = table[table["area"] == area]
        has_events = bool((started["area"] == area).any())
        out[area] = float(row["saidi_h"].iloc[0]) if len(row) and has_events else None
    return out


def check_targets(events: pd.DataFrame, customers: pd.DataFrame, year: int, params=None) -> pd.DataFrame:
    """Verdict of the target rule for each area in ``year``.

    Parameters
    ----------
    events, customers : pandas.DataFrame
        From :func:`lqrel.load_events` and :func:`lqrel.load_customers`.
    year : int
        The year Y judged.
    params : optional
        ``targets`` (limits, reduction, reduction_mode, baseline_year, exclude_med: judge without the events
        that began on major event days) and the counting policies.

    Returns
    -------
    pandas.DataFrame
        One row each for ``urban`` and ``rural`` (those with customers served), columns
        :data:`TARGET_COLUMNS`. ``previous_saidi_h`` is SAIDI(Y-1) (or of the baseline year in
        ``average_since`` mode, with ``reference_year`` saying which); ``change`` = SAIDI(Y)/SAIDI(ref) - 1
        (per year on average for ``average_since``), null with ``meets_reduction`` false when the reference
        year has no data.
    """
    params = load_params(params)
    t = params.targets
    current = year_saidi(events, customers, year, params)
    if t.reduction_mode == "average_since":
        ref_year = int(t.baseline_year)
        if ref_year >= year:
            raise DataError(f"baseline year {ref_year} must be before the judged year {year}")
    else:
        ref_year = year - 1
    reference = year_saidi(events, customers, ref_year, params)
    rows = []
    for area in AREAS:
        saidi = current[area]
        if saidi is None and not (customers["area"] == area).any():
            continue
        if saidi is None:
            raise DataError(f"no events or customers served for {area} in {year}: cannot judge the target")
        limit = t.max_saidi_h[area]
        v = verdict(saidi, limit, reference[area], t.reduction, year - ref_year)
        rows.append(
            {"area": area, "saidi_h": saidi, "limit_h": limit, "previous_saidi_h": reference[area],
             "reference_year": ref_year, **v}
        )
    frame = pd.DataFrame(rows)
    cols = [*TARGET_COLUMNS[:4], "reference_year", *TARGET_COLUMNS[4:]]
    return frame[cols]
