"""The report's 供电所 tables (issue 29): each town's own SAIDI and contribution to the county's year to date
against last year (:func:`lqrel.accountability.unit_table`) and its outage-hour budget status
(:mod:`lqrel.town_budget`), with a monthly report's month burn-down per town (docs/spec.md §3, §9)."""

from __future__ import annotations

import pandas as pd

from lqrel.accountability import unit_table
from lqrel.periods import Period
from lqrel.town_budget import town_burn_down, town_status

#: The accountability table's columns as the report names them (the town's own SAIDI beside its contribution).
REPORT_COLUMNS = {"unit": "town", "saidi_h": "town_saidi_h", "last_year_saidi_h": "last_year_town_saidi_h"}


def town_tables(ds, period: Period, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """``town_accountability``: every town of the year to date through ``as_of`` (``town``, ``area``,
    ``customers_served``, ``customer_hours``, ``town_saidi_h``, ``contribution_h``, ``last_year_town_saidi_h``,
    ``last_year_contribution_h``, ``change_yoy``, ``change_h``; ``attrs`` as :func:`unit_table`'s); and, when
    the customers file counts towns, ``town_budget`` (:func:`lqrel.town_budget.town_status` of the year through
    ``as_of``, with ``month_budget_ch`` and ``month_actual_ch`` of the period's month for a monthly report)."""
    year = period.start.year
    table = unit_table(ds, year, "town", as_of)
    shown = table.rename(columns=REPORT_COLUMNS).drop(columns=["customer_interruptions", "events",
                                                               "last_year_customer_hours"])
    shown.attrs = table.attrs
    out = {"town_accountability": shown}
    if ds.town_customers is not None:
        monthly = town_burn_down(ds, year, as_of)
        out["town_budget"] = town_status(monthly, period.start.month if period.kind == "month" else None)
    return out
