"""Customer-level indices, when events identify the interrupted customers (or transformers).

With an event-customer table (one row per event and customer interrupted) and CN the number of distinct
customers interrupted at least once in the period (docs/spec.md §3; the definitions of IEEE Std 1366-2012):

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
from lqrel.errors import InputError
from lqrel.params import Params, load_params
from lqrel.periods import Period, parse_period

#: Headers of the event-customer file (``event_customers:`` in params.yaml): the event id, and who it
#: interrupted, a customer (用户编号) or a transformer (台区编号, transformer level: the counts are transformers).
EVENT_ID_HEADERS = ("停电编号", "事件编号", "event_id")
UNIT_HEADERS = {"customer": ("用户编号", "户号", "客户编号", "customer_id"),
                "transformer": ("台区编号", "变压器编号", "配变编号", "transformer_id")}


def explode_customers(events: pd.DataFrame, column: str, sep: str = ";") -> pd.DataFrame:
    """Event-customer table from a list column (``"c1;c2;c3"``): columns ``event_id``, ``customer_id``."""
    ids = events[["event_id", column]].copy()
    ids[column] = ids[column].astype(str).str.split(sep)
    out = ids.explode(column).rename(columns={column: "customer_id"})
    out["customer_id"] = out["customer_id"].str.strip()
    return out[out["customer_id"] != ""].reset_index(drop=True)


def per_customer(
    events: pd.DataFrame,
    event_customers: pd.DataFrame,
    period: Period,
    params: Params,
    by: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Each interrupted customer's interruptions and hours in a period, by the counting rules of the indices
    (docs/spec.md §5): an interruption counts when the event is sustained and started in the period; its hours are
    those inside the period.

    Parameters
    ----------
    events : pandas.DataFrame
        Accepted events (``event_id`` and the columns named in ``by``).
    event_customers : pandas.DataFrame
        ``event_id``, ``customer_id``: who each event interrupted.
    by : tuple of str
        Event columns to split by (``("feeder",)``: a customer's interruptions on each feeder).

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` group and customer touched in the period: the ``by`` columns, ``customer_id``,
        ``interruptions`` (sustained, started in the period), ``total_h`` and ``longest_h`` [h].
    """
    table = compact(events).assign(_event=np.arange(len(events)))
    sums = aggregate_native(table, [period], ["_event"], params.boundary, params.short_threshold_min)
    sums = sums.set_index("_event")[["customer_hours", "events"]].reindex(range(len(events)), fill_value=0)
    customers = events["customers"].to_numpy(dtype=float)
    per_event = pd.DataFrame({
        "event_id": events["event_id"].to_numpy(),
        "hours": np.divide(sums["customer_hours"].to_numpy(dtype=float), customers,
                           out=np.zeros(len(events)), where=customers > 0),
        "counted": (sums["events"] > 0).to_numpy(),
        "touched": (sums["customer_hours"] > 0).to_numpy(),
        **{column: events[column].astype(object).to_numpy() for column in by},
    })
    joined = event_customers[["event_id", "customer_id"]].merge(per_event, on="event_id", how="inner")
    joined = joined[joined["counted"] | joined["touched"]]
    out = joined.groupby([*by, "customer_id"], sort=True).agg(
        interruptions=("counted", "sum"), total_h=("hours", "sum"), longest_h=("hours", "max"))
    return out.reset_index()


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
    per = per_customer(events, event_customers, period, params)
    cn = int((per["interruptions"] > 0).sum())
    customer_hours = float(per["total_h"].sum())
    customer_interruptions = float(per["interruptions"].sum())
    return {
        "cn": cn,
        "ctaidi_h": customer_hours / cn if cn else float("nan"),
        "caifi": customer_interruptions / cn if cn else float("nan"),
        "cemi": float((per["interruptions"] > n).sum()) / served,
        "celid_total": float((per["total_h"] > t_h).sum()) / served,
        "celid_single": float((per["longest_h"] > t_h).sum()) / served,
        "saidi_h": customer_hours / served,
        "saifi": customer_interruptions / served,
    }


def read_event_customers(source) -> pd.DataFrame:
    """The event-customer file (``event_customers:``, docs/settings.md): one row per event and customer (or
    transformer) it interrupted, headers 停电编号 and 用户编号 (or 台区编号).

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``customer_id`` (text, blanks and repeated pairs dropped); ``attrs["level"]`` is
        ``customer`` or ``transformer``, the unit the counts are in.
    """
    from lqrel.parse import stripped_text
    from lqrel.readers import HeaderNotFound, expand_sources, read_table

    def columns(header: list[str]) -> tuple[int | None, str | None, int | None]:
        names = [h.strip() for h in header]
        event = next((names.index(h) for h in EVENT_ID_HEADERS if h in names), None)
        for level, headers in UNIT_HEADERS.items():
            unit = next((names.index(h) for h in headers if h in names), None)
            if unit is not None:
                return event, level, unit
        return event, None, None

    frames, levels = [], set()
    for path in expand_sources(source):
        try:
            raw = read_table(path, lambda cells: None not in columns([stripped_text(c) for c in cells]))
        except HeaderNotFound as missing:
            raise InputError(code="event_customers_header", file=str(path), found=", ".join(missing.likely),
                             event=" / ".join(EVENT_ID_HEADERS),
                             unit=" / ".join(h for hs in UNIT_HEADERS.values() for h in hs)) from None
        event, level, unit = columns(raw.header)
        cells, _ = raw.cells()
        frames.append(pd.DataFrame({"event_id": cells[event].map(stripped_text),
                                    "customer_id": cells[unit].map(stripped_text)}))
        levels.add(level)
    out = pd.concat(frames, ignore_index=True)
    out = out[(out["event_id"] != "") & (out["customer_id"] != "")].drop_duplicates().reset_index(drop=True)
    out.attrs["level"] = "transformer" if "transformer" in levels else "customer"
    return out


def event_customers_of(ds) -> pd.DataFrame | None:
    """The event-customer table the settings name (``event_customers:``), read once per dataset; None without
    one."""
    source = ds.params.event_customers
    if source is None:
        return None
    if "event_customers" not in ds.memo:
        ds.memo["event_customers"] = read_event_customers(source)
    return ds.memo["event_customers"]
