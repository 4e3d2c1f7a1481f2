"""A synthetic Linqu application log (业扩报装 export), 2020-2024: ``data/linqu_applications.csv``.

Shaped like a 营销系统 export: one row per application, Chinese headers, GB18030, a start and a completion time
per stage. Grid-side working days per stage are drawn around a share of the stage's 附件2 limit and laid on the
Chinese working-day calendar (holidays and 调休 from ``chinese-calendar``), so a stage started before National
Day or the Spring Festival ends many calendar days later in the same number of working days; customers take
calendar days of their own between stages. The export is taken at the end of the last year: later times are not
in it, and those applications are in progress. Known answers are in ``data/README.md``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from lqrel.connection import LIMITS_WD, LOW_VOLTAGE, TYPE_STAGES
from lqrel.vocab import STAGE_NAMES
from lqrel.workdays import WorkCalendar

#: Seed of the shipped application log.
APPLICATIONS_SEED = 2021
#: First year of a generated log: the 附件2 limits are the 2020 targets.
FIRST_YEAR = 2020
#: Applications per year by type (三零 from 2021-06: low-voltage businesses up to 160 kW move to it).
VOLUME = {"residential": 420, "lv_sanling": 0, "lv_other": 150, "hv10_single": 45, "hv10_dual": 9,
          "hv35_single": 3, "hv35_dual": 1}
SANLING_VOLUME = 130
#: Mean share of each stage's limit a stage takes [working days / limit]; hv10_dual's 2021 scheme stage ran late
#: (a design backlog): the known miss of the sample.
STAGE_LOAD = 0.45
LATE = {("hv10_dual", 2021, "scheme"): 6.0}
#: Chinese names as the export writes them.
TYPE_NAMES = {"residential": "居民", "lv_sanling": "低压非居民（三零）", "lv_other": "低压非居民",
              "hv10_single": "10千伏单电源", "hv10_dual": "10千伏双电源", "hv35_single": "35千伏及以上单电源",
              "hv35_dual": "35千伏及以上双电源"}
#: Stage names as the export writes them (residential and 三零 applications use 受理签约 / 施工接电).
HEADER_STAGE = {stage: names[0] for stage, names in STAGE_NAMES.items()}
#: The service columns (三零/三省): online application, the customer's site visits, whether the grid invested up to the
#: meter, the customer's own cost. Drawn from their own generator, so the stage times stay those of the seed.
SERVICE_HEADER = ["线上申请", "上门次数", "电网投资到表", "客户投资（元）"]
HEADER = ["申请编号", "用户类别", "有无工程", "报装容量(kW)", *SERVICE_HEADER,
          *[f"{HEADER_STAGE[s]}{side}" for s in STAGE_NAMES for side in ("开始时间", "完成时间")]]
#: Share of online applications in 2020 and its rise a year; share of grid investment up to the meter, by type.
ONLINE_2020 = {"residential": 0.55, "lv_sanling": 0.7, "lv_other": 0.45}
ONLINE_RISE = 0.08
GRID_INVESTED = {"residential": 0.97, "lv_sanling": 0.97, "lv_other": 0.3}


def _working_day(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The n-th working day after ``day`` (``day`` itself when n is 0)."""
    i = (pd.Timestamp(day) - pd.Timestamp(calendar.first)).days
    if n == 0:
        return day
    j = int(np.searchsorted(calendar.count, calendar.count[i] + n))
    return calendar.first + dt.timedelta(days=j)


def _at(day: dt.date, rng, early: int = 8, late: int = 17) -> pd.Timestamp:
    return pd.Timestamp(day) + pd.Timedelta(minutes=int(rng.integers(early * 60, late * 60)))


def _application(rng, calendar, kind: str, accepted: dt.date, year: int) -> dict:
    """One application's stage times: each stage starts when the previous one ended (plus the customer's own
    calendar days between scheme and completion inspection) and takes a drawn number of working days."""
    limits = LIMITS_WD[kind]
    low = kind in LOW_VOLTAGE
    works = bool(rng.random() < {"residential": 0.25, "lv_sanling": 0.45, "lv_other": 0.6}.get(kind, 1.0))
    if kind == "residential":
        capacity = float(rng.choice([4, 6, 8, 10, 12, 16, 20]))
    elif kind == "lv_sanling":
        capacity = float(rng.integers(10, 161))
    elif kind == "lv_other":
        capacity = float(rng.integers(60, 320)) if year >= 2021 else float(rng.integers(10, 320))
    else:
        capacity = float(rng.choice([315, 400, 630, 800, 1000, 1250, 2000, 3150, 5000]))
    times: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}
    day, clock = accepted, _at(accepted, rng)
    for stage in TYPE_STAGES[kind]:
        if low and not works:  # 当日申请，次日接电: same or next day, now and then later
            wd = int(rng.random() < 0.35) if stage == "connection" else 0
            wd += int(rng.random() < 0.06) * int(rng.integers(1, 4))
        else:
            limit = limits.get(stage, max(1, limits["total"] // len(TYPE_STAGES[kind])))
            mean = STAGE_LOAD * limit * LATE.get((kind, year, stage), 1.0)
            wd = int(rng.poisson(mean))
        end_day = _working_day(calendar, day, wd)
        start = clock
        end = max(_at(end_day, rng), start + pd.Timedelta(minutes=30))
        times[stage] = (start, end)
        gap = int(rng.integers(10, 60)) if stage == "scheme" and not low else 0  # the customer builds
        day = (end + pd.Timedelta(days=gap)).date()
        clock = max(end + pd.Timedelta(minutes=20), _at(day, rng)) if gap else end + pd.Timedelta(minutes=20)
        day = clock.date()
    return {"kind": kind, "works": works, "capacity": capacity, "times": times}


def _service(rng, kind: str, year: int) -> dict[str, str]:
    """The service columns of one application: online more often each year, no site visit for most online
    applications, the grid investing up to the meter for residential and 三零 customers, a cost of the
    customer's own otherwise."""
    online = bool(rng.random() < min(0.95, ONLINE_2020.get(kind, 0.35) + ONLINE_RISE * (year - FIRST_YEAR)))
    visits = int(rng.random() < 0.1) if online else int(rng.integers(1, 3))
    if kind not in LOW_VOLTAGE:
        visits += int(rng.integers(0, 2))
    grid = bool(rng.random() < GRID_INVESTED.get(kind, 0.0))
    if grid:
        cost = 0
    elif kind in LOW_VOLTAGE:
        cost = int(rng.integers(30, 500)) * 100
    else:
        cost = int(rng.integers(100, 2000)) * 1000
    return {"线上申请": "是" if online else "否", "上门次数": str(visits), "电网投资到表": "是" if grid else "否",
            "客户投资（元）": str(cost)}


def generate(years: range = range(2020, 2025), seed: int = APPLICATIONS_SEED) -> pd.DataFrame:
    """The application log as the export writes it (Chinese headers, text cells), with a few deliberately bad
    rows; the export is taken at the end of the last year."""
    rng = np.random.default_rng(seed)
    calendar = WorkCalendar(dt.date(years.start, 1, 1), dt.date(years.stop, 12, 31))  # a year beyond, for the tail
    export = pd.Timestamp(years.stop, 1, 1)
    apps = []
    for year in years:
        days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
        for kind, n in VOLUME.items():
            count = int(rng.poisson(n))
            if kind == "lv_sanling":  # from June 2021
                count = 0 if year < 2021 else int(rng.poisson(SANLING_VOLUME * (7 / 12 if year == 2021 else 1)))
            for _ in range(count):
                when = days[int(rng.integers(len(days)))]
                if kind == "lv_sanling" and when < pd.Timestamp(2021, 6, 1):
                    when = pd.Timestamp(2021, 6, 1) + pd.Timedelta(days=int(rng.integers(0, 214)))
                apps.append(_application(rng, calendar, kind, when.date(), year))
    apps.sort(key=lambda a: a["times"]["acceptance"][0])
    service = np.random.default_rng(seed + 1)
    rows = []
    for n, app in enumerate(apps, start=1):
        start = app["times"]["acceptance"][0]
        row = {"申请编号": f"SQ{start:%Y}{n:05d}", "用户类别": TYPE_NAMES[app["kind"]],
               "有无工程": "有工程" if app["works"] else "无工程", "报装容量(kW)": f"{app['capacity']:g}",
               **_service(service, app["kind"], start.year)}
        for stage in STAGE_NAMES:
            s, e = app["times"].get(stage, (None, None))
            row[f"{HEADER_STAGE[stage]}开始时间"] = "" if s is None or s >= export else f"{s:%Y-%m-%d %H:%M}"
            row[f"{HEADER_STAGE[stage]}完成时间"] = "" if e is None or e >= export else f"{e:%Y-%m-%d %H:%M}"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=HEADER)
    return _with_bad_rows(frame)


def _with_bad_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Append the validation cases of ``data/README.md``: each a different reject reason, and one duplicate."""
    def like(i: int, **changes) -> dict:
        row = frame.iloc[i].to_dict()
        row.update(changes)
        return row

    hv = frame.index[frame["用户类别"] == "10千伏单电源"][5]
    res = frame.index[frame["用户类别"] == "居民"][7]
    bad = [
        like(res, 申请编号="SQX0001", 用户类别="商业"),  # unknown customer type
        like(res, 申请编号="SQX0002", 装表接电完成时间="2020-01-01 08:00"),  # connection ends before it starts
        like(res, 申请编号="SQX0003", 业务受理开始时间="", 业务受理完成时间=""),  # no acceptance
        like(res, 申请编号="SQX0004", 供电方案答复开始时间="2022-03-01 09:00",
             供电方案答复完成时间="2022-03-02 09:00"),  # a stage residential applications do not have
        like(hv, **{"申请编号": "SQX0005", "报装容量(kW)": "-400"}),  # negative capacity
        like(hv, 申请编号="SQX0006", 竣工检验开始时间="", 竣工检验完成时间="2022-05-06 10:00"),  # end without start
        like(hv, 申请编号="SQX0007", 装表接电完成时间="5月6日 10:00"),  # no year: never completed from the clock
    ]
    out = pd.concat([frame, pd.DataFrame(bad, columns=HEADER), frame.iloc[[hv]]], ignore_index=True)
    return out


def write_applications(outdir: str | Path, years: range = range(2020, 2025), seed: int = APPLICATIONS_SEED) -> Path:
    """Write ``linqu_applications.csv`` (GB18030) into ``outdir``; returns its path."""
    path = Path(outdir) / "linqu_applications.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    generate(years, seed).to_csv(path, index=False, encoding="gb18030", lineterminator="\n")
    return path
