"""Customer-level indices, when events identify the interrupted customers (or transformers).

With an event-customer table (one row per event and customer interrupted) and CN the number of distinct
customers interrupted at least once in the period (docs/spec.md §3; IEEE 1366-2012 2.x):

- CTAIDI = sum(r_i N_i) / CN   [h]          (customer total average interruption duration)
- CAIFI  = sum(N_i) / CN                    (customer average interruption frequency)
- CEMI_n = customers with more than n sustained interruptions / N_T
- CELID_t = customers whose total (or single longest) interruption exceeds t hours / N_T

CN counts each customer once, not once per event (a known bug class). Identity: with one single customer
interrupted k times, CTAIDI = SAIDI x N_T and CAIFI = k.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel.engine import aggregate_native, compact
from lqrel.params import Params, load_params
from lqrel.periods import Period, parse_period


def explode_customers(events: pd.DataFrame, column: str, sep: str = ";") -> pd.DataFrame:
    """Event-customer table from a list column (``"c1;c2;c3"``): columns ``event_id``, ``customer_id``."""
    ids = events[["event_id", column]].copy()
    ids[column] = ids[column].astype(str).str.split(sep)
    out = ids.explode(column).rename(columns={column: "customer_id"})
    out["customer_id"] = out["customer_id"].str.strip()
    return out[out["customer_id"] != ""].reset_index(drop=True)


def customer_indices(
    events: pd.DataFrame,
    event_customers: pd.DataFrame,
    served: float,
    period: str | Period,
    params: Params | dict | None = None,
    n: int = 3,
    t_h: float = 8.0,
) -> dict[str, float]:
    """CTAIDI, CAIFI, CEMI_n and CELID_t for a period.

    Parameters
    ----------
    events : pandas.DataFrame
        Accepted events (``event_id``, times, durations, nature ...).
    event_customers : pandas.DataFrame
        ``event_id``, ``customer_id``: who each event interrupted. N_i is the number of its rows per event.
    served : float
        Customers served N_T [customers].
    period : str or Period
    n : int
        CEMI threshold: more than ``n`` interruptions.
    t_h : float
        CELID threshold [h].

    Returns
    -------
    dict
        ``cn``, ``ctaidi_h``, ``caifi``, ``cemi``, ``celid_total``, ``celid_single``, ``saidi_h``, ``saifi``.
    """
    params = load_params(params)
    if not isinstance(period, Period):
        period = parse_period(period, params.timezone)
    # each event's numerators in the period, by the one set of counting rules (lqrel.counting, via the engine)
    table = compact(events).assign(_event=np.arange(len(events)))
    sums = aggregate_native(table, [period], ["_event"], params.boundary, params.short_threshold_min)
    sums = sums.set_index("_event").reindex(range(len(events)), fill_value=0)
    customers = events["customers"].to_numpy(dtype=float)
    per_event = pd.DataFrame({
        "event_id": events["event_id"].to_numpy(),
        "hours": np.divide(sums["customer_hours"].to_numpy(dtype=float), customers,
                           out=np.zeros(len(events)), where=customers > 0),
        "counted": (sums["events"] > 0).to_numpy(),
        "touched": (sums["customer_hours"] > 0).to_numpy(),
    })
    joined = event_customers.merge(per_event, on="event_id", how="inner")
    joined = joined[joined["counted"] | joined["touched"]]
    per_customer = joined.groupby("customer_id").agg(
        interruptions=("counted", "sum"), total_h=("hours", "sum"), longest_h=("hours", "max")
    )
    interrupted = per_customer[per_customer["interruptions"] > 0]
    cn = len(interrupted)
    customer_hours = float(joined["hours"].sum())
    customer_interruptions = float(joined["counted"].sum())
    return {
        "cn": cn,
        "ctaidi_h": customer_hours / cn if cn else float("nan"),
        "caifi": customer_interruptions / cn if cn else float("nan"),
        "cemi": float((per_customer["interruptions"] > n).sum()) / served,
        "celid_total": float((per_customer["total_h"] > t_h).sum()) / served,
        "celid_single": float((per_customer["longest_h"] > t_h).sum()) / served,
        "saidi_h": customer_hours / served,
        "saifi": customer_interruptions / served,
    }
