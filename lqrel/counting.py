"""The counting rules, written once (DL/T 836.1-2016, IEEE 1366-2012; docs/spec.md §5).

- An interruption is *sustained* when its whole duration is longer than the short threshold (DL/T 836.1-2016:
  3 min; IEEE 1366: 5 min; ``short_max_minutes`` overrides), else *short* (momentary, counted by MAIFI).
- The numerators of the indices (:data:`SUM_COLUMNS`) of one event piece in one period: customer-hours of
  sustained events, split by nature and flags; customer interruptions and events where the event started;
  momentary interruptions where a short event started.
- Accrual (``boundary``): ``split`` gives a period the hours of the event inside it; ``start`` gives all of
  them to the period where it began. Daily series always accrue to the start day (IEEE 1366 major event days).

:mod:`lqrel.engine` applies these on every engine; the plain pandas oracle of the tests
(``tests/oracle.py``) is written independently of them.
"""

from __future__ import annotations

#: Sums produced for every (period, group): the numerators of the indices.
SUM_COLUMNS = (
    "customer_hours",
    "customer_hours_planned",
    "customer_hours_fault",
    "customer_hours_external",
    "customer_hours_shortage",
    "customer_interruptions",
    "events",
    "momentary_interruptions",
)
#: Accrual policies: ``split`` (the hours inside each period) and ``start`` (all hours where the event began).
BOUNDARIES = ("split", "start")


def sustained(duration_s, short_max_min: float):
    """True where an interruption of ``duration_s`` [s] is sustained: longer than ``short_max_min`` [min].

    Works on numpy arrays, pandas Series and narwhals expressions alike.

    References
    ----------
    DL/T 836.1-2016 (持续停电: longer than 3 min); IEEE Std 1366-2012 (sustained: longer than 5 min).
    """
    return duration_s > short_max_min * 60


def numerators(customers, inside_h, started, is_sustained, planned, external, shortage, as_float) -> dict:
    """Each event piece's contribution to its (period, group): the numerators of the indices, written once for
    numpy arrays and narwhals expressions alike.

    ``customers`` N_i [customers], ``inside_h`` r_i the hours of the piece inside its period [h], ``started``
    whether the event began in that period, ``is_sustained`` from :func:`sustained`; ``as_float`` turns a
    boolean into 0.0/1.0 (``np.asarray`` for numpy, a cast for narwhals).
    """
    ch = customers * inside_h * as_float(is_sustained)
    counted = as_float(started & is_sustained)
    return {
        "customer_hours": ch,
        "customer_hours_planned": ch * as_float(planned),
        "customer_hours_fault": ch * as_float(~planned),
        "customer_hours_external": ch * as_float(external),
        "customer_hours_shortage": ch * as_float(shortage),
        "customer_interruptions": customers * counted,
        "events": counted,
        "momentary_interruptions": customers * as_float(started & ~is_sustained),
    }
