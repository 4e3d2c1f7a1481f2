"""The benefits of the 三零 (零上门、零审批、零投资) and 三省 (省力、省时、省钱) services, from an application log
(docs/spec.md §12.1; the seed asks the half-year and annual reports for them).

Per customer type, over the applications connected in a period (the evaluated rows of
:func:`lqrel.connection.summarize`):

- 零上门: applications whose customer made no site visit (``site_visits`` = 0);
- 零审批: applications without an administrative approval of the customer's own (``approval`` false);
- 零投资: applications where the grid invested up to the meter (``grid_invested`` true);
- 省力: applications made online (``online`` true), and the mean number of site visits;
- 省时: grid-side working days saved against the type's total limit (limit minus the working days taken), mean
  and sum over the complete applications (an incomplete one's total lacks a stage); negative when late;
- 省钱: applications where the customer paid nothing up to the meter (``customer_cost_yuan`` = 0), and the
  customers' mean cost [yuan].

A share is over the applications that give the column; a column the log does not carry at all leaves its figures
empty and is named in ``attrs["missing"]`` (benefit -> column), so the document can say which column would
provide it.
"""

from __future__ import annotations

import pandas as pd

from lqrel.connection import CUSTOMER_TYPES

#: Benefit -> the column it needs.
BENEFIT_COLUMN = {"zero_visit": "site_visits", "zero_approval": "approval", "zero_investment": "grid_invested",
                  "online": "online", "zero_cost": "customer_cost_yuan"}
#: The benefit is met by the column's value (a flag's truth, or a count of zero).
_MET = {"zero_visit": lambda v: v == 0, "zero_approval": lambda v: v.eq(False), "zero_investment": lambda v: v.eq(True),
        "online": lambda v: v.eq(True), "zero_cost": lambda v: v == 0}


def _row(rows: pd.DataFrame, kind: str, present: set[str]) -> dict:
    out: dict = {"customer_type": kind, "applications": len(rows)}
    for benefit, column in BENEFIT_COLUMN.items():
        given = rows[column].dropna() if column in present else pd.Series(dtype=object)
        met = int(_MET[benefit](given).sum()) if len(given) else None
        out[benefit] = met if column in present else None
        out[f"{benefit}_share"] = met / len(given) if len(given) else None
    visits = rows["site_visits"].dropna() if "site_visits" in present else pd.Series(dtype=float)
    out["visits_mean"] = float(visits.mean()) if len(visits) else None
    cost = rows["customer_cost_yuan"].dropna() if "customer_cost_yuan" in present else pd.Series(dtype=float)
    out["cost_mean_yuan"] = float(cost.mean()) if len(cost) else None
    paid = cost[cost > 0]  # the customers who paid: their mean, not one diluted by the zero-cost majority
    out["cost_paid"] = len(paid) if len(cost) else None
    out["cost_paid_mean_yuan"] = float(paid.mean()) if len(paid) else None
    complete = rows[~rows["incomplete"].astype(bool) & rows["total_wd"].notna()]
    saved = complete["limit_wd"] - complete["total_wd"]
    out["wd_saved_mean"] = float(saved.mean()) if len(saved) else None
    out["wd_saved_total"] = float(saved.sum()) if len(saved) else None
    return out


def service_benefits(connected: pd.DataFrame) -> pd.DataFrame:
    """The 三零/三省 figures per customer type with applications, then ``all``.

    Parameters
    ----------
    connected : pandas.DataFrame
        Evaluated applications connected in the period (:func:`lqrel.connection.summarize` ``applications``):
        ``customer_type``, ``total_wd``, ``limit_wd``, ``incomplete`` and whichever of ``online``,
        ``site_visits``, ``grid_invested``, ``approval``, ``customer_cost_yuan`` the log carries (a column absent
        or empty throughout counts as not carried).

    Returns
    -------
    pandas.DataFrame
        ``customer_type``, ``applications``, for each benefit of :data:`BENEFIT_COLUMN` its count and
        ``<benefit>_share``, ``visits_mean``, ``cost_mean_yuan`` [yuan], ``cost_paid`` (applications whose
        customer paid something) and ``cost_paid_mean_yuan`` [yuan, their mean], ``wd_saved_mean`` and
        ``wd_saved_total`` [working days]. ``attrs["missing"]``: benefit -> column for the columns not carried.
    """
    present = {c for c in BENEFIT_COLUMN.values() if c in connected and connected[c].notna().any()}
    rows = [_row(connected[connected["customer_type"] == kind], kind, present) for kind in CUSTOMER_TYPES
            if (connected["customer_type"] == kind).any()]
    rows.append(_row(connected, "all", present))
    out = pd.DataFrame(rows)
    out.attrs["missing"] = {b: c for b, c in BENEFIT_COLUMN.items() if c not in present}
    return out
