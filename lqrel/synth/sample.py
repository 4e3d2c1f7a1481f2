"""Synthetic, Linqu-shaped sample data (clearly labelled synthetic; no real customer data).

The generator draws outage events per area and year as a Poisson process whose expected customer-hours
make a chosen SAIDI (``TARGET_SAIDI_H``), so the sample has a known generating process: a downward trend from
2019 with real year-to-year noise, and (for the shipped seed, under the default targets) in 2022 the urban area
meets its limit while the rural area misses its limit but meets the reduction on 2021. Faults peak with summer
thunderstorms and include storm days; planned work falls in the spring and autumn maintenance seasons.
A few short, external, system-shortage and year-crossing events and a handful of deliberately bad rows
exercise the counting rules and validation. The same seed gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

#: Seed of the shipped sample: the first seed whose 2022 meets the urban target by the limit and the rural
#: target only by the reduction (the outcomes the sample is meant to show).
SAMPLE_SEED = 71

#: Towns of Linqu County (2 街道, 8 镇), whether the whole town is urban, and its number of 10 kV feeders.
TOWNS = (
    ("城关街道", True, 14), ("东城街道", True, 9), ("五井镇", False, 7), ("冶源镇", False, 8),
    ("寺头镇", False, 6), ("九山镇", False, 6), ("辛寨镇", False, 7), ("柳山镇", False, 7),
    ("龙岗镇", False, 6), ("上林镇", False, 6),
)
#: Customers served at the start of 2019 and yearly growth.
CUSTOMERS_2019 = {"urban": 120_000, "rural": 240_000}
GROWTH_PER_YEAR = {"urban": 0.025, "rural": 0.008}
#: SAIDI the generator aims at [h] (all events, sustained), by year.
TARGET_SAIDI_H = {
    "urban": {2019: 9.1, 2020: 8.2, 2021: 7.2, 2022: 6.75, 2023: 6.2, 2024: 5.8},
    "rural": {2019: 15.2, 2020: 13.8, 2021: 12.4, 2022: 11.1, 2023: 10.2, 2024: 9.5},
}
#: Monthly weight of fault outages (summer thunderstorms) and of planned work (spring, autumn).
FAULT_MONTH_WEIGHT = np.array([3, 3, 4, 5, 7, 12, 16, 15, 8, 5, 4, 3], dtype=float)
PLANNED_MONTH_WEIGHT = np.array([1, 1, 9, 11, 10, 3, 1, 1, 8, 11, 9, 2], dtype=float)
PLANNED_SHARE = 0.42

FAULT_CAUSES = ("雷击", "大风", "树障", "外力破坏", "设备老化", "鸟害", "用户设备故障", "上级电网故障")
FAULT_CAUSE_WEIGHT = np.array([22, 14, 14, 12, 18, 8, 7, 5], dtype=float)
EXTERNAL_CAUSES = ("用户设备故障", "上级电网故障")
PLANNED_CAUSES = ("计划检修", "配网改造", "业扩工程", "临时检修")
PLANNED_CAUSE_WEIGHT = np.array([40, 30, 18, 12], dtype=float)

HEADER = ("停电编号", "供电所", "线路名称", "地区特征", "停电性质", "停电原因", "责任归属",
          "停电开始时间", "停电结束时间", "停电用户数")


@dataclass(frozen=True)
class Feeder:
    town: str
    name: str
    area: str
    customers_share: float


def feeders(rng: np.random.Generator) -> list[Feeder]:
    """The county's 10 kV feeders: whole 街道 urban; in each 镇 one town-centre feeder (镇区) is urban."""
    out: list[tuple[str, str, str, float]] = []
    for town, urban, count in TOWNS:
        short = town[:2]
        for k in range(1, count + 1):
            if urban:
                out.append((town, f"10kV{short}{k:02d}线", "urban", rng.uniform(0.6, 1.4)))
            elif k == 1:
                out.append((town, f"10kV{short}镇区线", "urban", rng.uniform(0.5, 0.9)))
            else:
                out.append((town, f"10kV{short}{k - 1:02d}线", "rural", rng.uniform(0.6, 1.4)))
    result = []
    for area in ("urban", "rural"):
        group = [f for f in out if f[2] == area]
        total = sum(f[3] for f in group)
        result += [Feeder(t, n, a, w / total) for t, n, a, w in group]
    return result


def customers_table(years: range, scale: float = 1.0) -> pd.DataFrame:
    """Monthly customers served per area: linear growth through each year."""
    rows = []
    for area, base in CUSTOMERS_2019.items():
        for year in years:
            for month in range(1, 13):
                t = (year - 2019) + (month - 1) / 12
                rows.append(("城镇" if area == "urban" else "农村", f"{year}-{month:02d}",
                             round(base * scale * (1 + GROWTH_PER_YEAR[area]) ** t)))
    return pd.DataFrame(rows, columns=["区域", "月份", "用户数"])


def _start_time(rng, year: int, month: int, planned: bool) -> pd.Timestamp:
    days = pd.Period(f"{year}-{month:02d}").days_in_month
    day = int(rng.integers(1, days + 1))
    if planned:
        minute = int(rng.choice([7 * 60, 7 * 60 + 30, 8 * 60, 8 * 60 + 30, 9 * 60]))
    else:
        minute = int(rng.integers(0, 24 * 60))
    return pd.Timestamp(year, month, day) + pd.Timedelta(minutes=minute)


#: Planned-outage durations [h] and the quarter-hours added to them.
PLANNED_HOURS = (4, 5, 6, 6.5, 7, 8)
#: Median fault duration [h] and its log-sd; storm fault median [h].
FAULT_MEDIAN_H = {"urban": 1.7, "rural": 2.6}
FAULT_LOG_SD = 0.55
STORM_MEDIAN_H = {"urban": 3.5, "rural": 5.0}
STORM_LOG_SD = 0.4


def _expected_customer_hours(area: str, share: np.ndarray, served: float) -> tuple[float, float]:
    """Expected sustained customer-hours of one regular event and of the year's storm days (closed form)."""
    s2 = float((share**2).sum())  # a feeder is picked with probability equal to its share
    planned_h = float(np.mean(PLANNED_HOURS)) + 1.5 * 0.25
    fault_h = FAULT_MEDIAN_H[area] * np.exp(FAULT_LOG_SD**2 / 2)
    regular = served * s2 * (PLANNED_SHARE * 0.425 * planned_h + (1 - PLANNED_SHARE) * 0.34 * fault_h)
    n = len(share)
    storm_h = STORM_MEDIAN_H[area] * np.exp(STORM_LOG_SD**2 / 2)
    storms = 1.5 * max(3, n // 3) * served / n * 0.7 * storm_h
    return regular, storms


def _events_for(rng, year: int, area: str, fleet: list[Feeder], served: float, scale: float) -> list[dict]:
    """Events of one area-year: storm days, then a Poisson number of regular events whose expected
    customer-hours make the year's target SAIDI (so each year's SAIDI varies around it, as real years do)."""
    target_ch = TARGET_SAIDI_H[area].get(year, TARGET_SAIDI_H[area][2024]) * served
    local = [f for f in fleet if f.area == area]
    share = np.array([f.customers_share for f in local])
    rows: list[dict] = []
    fault_w = FAULT_MONTH_WEIGHT / FAULT_MONTH_WEIGHT.sum()
    planned_w = PLANNED_MONTH_WEIGHT / PLANNED_MONTH_WEIGHT.sum()

    def add(start, hours, feeder, customers, nature, cause, external=False):
        rows.append({"start": start, "hours": hours, "feeder": feeder, "customers": int(customers),
                     "nature": nature, "cause": cause, "external": external})

    # Storm days: one or two summer thunderstorms hit many feeders at once.
    for _ in range(int(rng.integers(1, 3))):
        day = pd.Timestamp(year, int(rng.choice([6, 7, 8])), int(rng.integers(1, 29)))
        hit = rng.choice(len(local), size=max(3, len(local) // 3), replace=False)
        for j in hit:
            f = local[j]
            start = day + pd.Timedelta(minutes=int(rng.integers(13 * 60, 18 * 60)))
            cust = served * f.customers_share * rng.uniform(0.4, 1.0)
            add(start, float(rng.lognormal(np.log(STORM_MEDIAN_H[area]), STORM_LOG_SD)), f, cust, "故障停电", "雷击")
    # System-shortage load shedding (the September 2021 and summer 2022 power shortages).
    for when in {2021: ("2021-09-23 09:00", "2021-09-26 18:00"), 2022: ("2022-08-15 14:00",)}.get(year, ()):
        for f in (local[int(j)] for j in rng.choice(len(local), size=2, replace=False)):
            add(pd.Timestamp(when) + pd.Timedelta(minutes=int(rng.integers(0, 60))), float(rng.choice([2, 3, 4])),
                f, served * f.customers_share * rng.uniform(0.5, 1.0), "系统电源不足限电", "系统电源不足限电")
    per_event, storms = _expected_customer_hours(area, share, served)
    for _ in range(int(rng.poisson(max(target_ch - storms, 0) / per_event))):
        planned = rng.random() < PLANNED_SHARE
        f = local[int(rng.choice(len(local), p=share))]
        month = int(rng.choice(12, p=planned_w if planned else fault_w)) + 1
        start = _start_time(rng, year, month, planned)
        feeder_customers = served * f.customers_share
        if planned:
            hours = float(rng.choice(PLANNED_HOURS)) + float(rng.integers(0, 4)) * 0.25
            cust = feeder_customers * rng.uniform(0.15, 0.7)
            cause = str(rng.choice(PLANNED_CAUSES, p=PLANNED_CAUSE_WEIGHT / PLANNED_CAUSE_WEIGHT.sum()))
            nature = "临时停电" if cause == "临时检修" else "计划停电"
            add(start, hours, f, cust, nature, cause)
        else:
            cause = str(rng.choice(FAULT_CAUSES, p=FAULT_CAUSE_WEIGHT / FAULT_CAUSE_WEIGHT.sum()))
            hours = float(rng.lognormal(np.log(FAULT_MEDIAN_H[area]), FAULT_LOG_SD))
            cust = feeder_customers * rng.uniform(0.08, 0.6)
            add(start, hours, f, cust, "故障停电", cause, external=cause in EXTERNAL_CAUSES)
            if rng.random() < 0.10:  # a reclosing blip: short interruption (<= 3 min; some 4 min, short under IEEE)
                blip = start + pd.Timedelta(days=int(rng.integers(1, 20)))
                minutes = float(rng.choice([1, 2, 3, 4]))
                if blip.year == year:
                    add(blip, minutes / 60, f, cust, "故障停电", cause)
    # One fault across the new year, so periods must split it.
    f = local[0]
    add(pd.Timestamp(year, 12, 31, 21, 40), 5.5, f, served * f.customers_share * 0.3, "故障停电", "设备老化")
    for r in rows:
        r["customers"] = max(1, round(r["customers"] * scale))
    return rows


def generate(years: range = range(2019, 2025), seed: int = SAMPLE_SEED, scale: float = 1.0):
    """Events and customers tables as a utility would export them (Chinese headers).

    Parameters
    ----------
    years : range
        Calendar years to generate.
    seed : int
        Random seed; the same seed gives the same tables.
    scale : float
        Multiplies customers served and customers per event (the number of events scales with it too,
        through ``repeat``: events are drawn ``ceil(scale)`` times for larger benchmark sets).

    Returns
    -------
    events, customers : pandas.DataFrame
    """
    rng = np.random.default_rng(seed)
    fleet = feeders(rng)
    cust = customers_table(years, 1.0)
    served: dict[tuple[str, str], float] = {}
    for a, m, n in zip(cust["区域"], cust["月份"], cust["用户数"], strict=True):
        key = ("urban" if a == "城镇" else "rural", m[:4])
        served[key] = served.get(key, 0.0) + n / 12
    copies = max(1, int(np.ceil(scale)))
    rows = []
    for _ in range(copies):
        for year in years:
            for area in ("urban", "rural"):
                rows += [dict(r, area=area) for r in
                         _events_for(rng, year, area, fleet, served[(area, str(year))], scale / copies)]
    frame = pd.DataFrame(rows).sort_values("start", kind="stable").reset_index(drop=True)
    end = frame["start"] + pd.to_timedelta((frame["hours"] * 3600).round(), unit="s")
    year_seq = frame.groupby(frame["start"].dt.year).cumcount() + 1
    events = pd.DataFrame(
        {
            "停电编号": [f"TD{y}{n:06d}" for y, n in zip(frame["start"].dt.year, year_seq, strict=True)],
            "供电所": [f.town for f in frame["feeder"]],
            "线路名称": [f.name for f in frame["feeder"]],
            "地区特征": frame["area"].map({"urban": "城镇", "rural": "农村"}),
            "停电性质": frame["nature"],
            "停电原因": frame["cause"],
            "责任归属": np.where(frame["external"], "外部", "内部"),
            "停电开始时间": frame["start"].dt.strftime("%Y-%m-%d %H:%M"),
            "停电结束时间": end.dt.strftime("%Y-%m-%d %H:%M:%S").str.replace(r":00$", "", regex=True),
            "停电用户数": frame["customers"],
        }
    )
    events = _with_bad_rows(events, rng)
    return events, by_town(cust, fleet)


def by_town(customers: pd.DataFrame, fleet: list[Feeder]) -> pd.DataFrame:
    """Split each area-month count of ``customers`` over the towns by their feeders' shares, in whole users that
    add up to the area's count (largest remainder); columns 区域, 月份, 供电所, 用户数."""
    shares: dict[str, dict[str, float]] = {}
    for f in fleet:
        area = shares.setdefault("城镇" if f.area == "urban" else "农村", {})
        area[f.town] = area.get(f.town, 0.0) + f.customers_share
    rows = []
    for a, m, n in zip(customers["区域"], customers["月份"], customers["用户数"], strict=True):
        towns = list(shares[a])
        exact = np.array([shares[a][t] for t in towns]) * n
        whole = np.floor(exact).astype(np.int64)
        whole[np.argsort(whole - exact, kind="stable")[: n - whole.sum()]] += 1
        rows += [(a, m, t, int(k)) for t, k in zip(towns, whole, strict=True)]
    return pd.DataFrame(rows, columns=["区域", "月份", "供电所", "用户数"])


def _with_bad_rows(events: pd.DataFrame, rng) -> pd.DataFrame:
    """Insert the deliberately bad rows a real export has (each one a documented validation case)."""
    def like(i: int, **changes) -> dict:
        row = events.iloc[i].to_dict()
        row.update(changes)
        return row

    n = len(events)
    picks = sorted(rng.choice(n, size=8, replace=False).tolist())
    bad = [
        like(picks[0], 停电编号="TDX000001", 停电结束时间="2020-01-01 08:00", 停电开始时间="2020-01-01 09:30"),
        like(picks[1], 停电编号="TDX000002", 停电用户数="待核实"),
        like(picks[2], 停电编号="TDX000003", 停电开始时间="2021-13-05 08:00"),
        like(picks[3], 停电编号="TDX000004", 停电结束时间=""),
        like(picks[4], 停电编号="TDX000005", 地区特征="郊区"),
        like(picks[5], 停电编号="TDX000006", 停电用户数=-35),
        like(picks[6], 停电编号="TDX000007", 停电性质="其他"),
    ]
    # A re-export of an event with a corrected end: same id, the later row is kept.
    dup = like(picks[7])
    events = events.astype({"停电用户数": object})
    out = []
    inserts = {p: r for p, r in zip(picks[:7], bad, strict=True)}
    for i, row in enumerate(events.to_dict("records")):
        out.append(row)
        if i in inserts:
            out.append(inserts[i])
        if i == picks[7]:
            out.append(dup)
    return pd.DataFrame(out, columns=list(HEADER))


def write_sample(outdir: str | Path, years: range = range(2019, 2025), seed: int = SAMPLE_SEED,
                 scale: float = 1.0) -> tuple[Path, Path]:
    """Write ``linqu_outages.csv`` (GB18030, as Excel in China saves CSV) and ``linqu_customers.csv``.

    Returns the two paths.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    events, cust = generate(years, seed, scale)
    ev_path = outdir / "linqu_outages.csv"
    cu_path = outdir / "linqu_customers.csv"
    events.to_csv(ev_path, index=False, encoding="gb18030", lineterminator="\n")
    cust.to_csv(cu_path, index=False, encoding="utf-8", lineterminator="\n")
    return ev_path, cu_path
