"""lqrel benchmarks: each prints its figures and the ratio against a baseline measured in the same run.

    python benchmarks/run.py [kernel path-parquet path-csv load xlsx report scale growth memory] [--events-kernel N]
                             [--events-load N] [--events-path N] [--events-scale N] [--events-memory N]
                             [--events-xlsx N]
                             [--repeat R] [--workdir DIR]

Figures are medians of ``--repeat`` runs (default 3) on this machine; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lqrel.counting import SUM_COLUMNS  # noqa: E402
from lqrel.engine import aggregate_native, epoch_seconds  # noqa: E402
from lqrel.periods import parse_period  # noqa: E402
from lqrel.synth.bulk import random_compact  # noqa: E402


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def duckdb_sql(frame: pd.DataFrame, periods, short_max_min: float = 3.0) -> pd.DataFrame:
    """The same numbers as one DuckDB SQL query over the same in-memory frame (the baseline)."""
    import duckdb

    bounds = [(k, epoch_seconds(p.start), epoch_seconds(p.end)) for k, p in enumerate(periods)]
    values = ", ".join(f"({k}, {s}, {e})" for k, s, e in bounds)
    short = int(short_max_min * 60)
    sql = f"""
    WITH months(k, ps, pe) AS (VALUES {values})
    SELECT k, CAST(area AS VARCHAR) AS area,
      SUM(CASE WHEN end_s - start_s > {short}
               THEN customers * GREATEST(LEAST(end_s, pe) - GREATEST(start_s, ps), 0) / 3600.0 ELSE 0 END) AS ch,
      SUM(CASE WHEN end_s - start_s > {short} AND start_s >= ps AND start_s < pe THEN customers ELSE 0 END) AS ci
    FROM frame JOIN months ON start_s < pe AND (end_s > ps OR start_s >= ps)
    GROUP BY k, area ORDER BY k, area
    """
    con = duckdb.connect()
    con.register("frame", frame)
    return con.execute(sql).df()


def bench_kernel(n: int, repeat: int) -> dict:
    frame = random_compact(n, "2022-01-01", 1, seed=1)
    months = parse_period("2022").months()
    t_lqrel, ours = median_time(lambda: aggregate_native(frame, months, ["area"]), repeat)
    t_duck, base = median_time(lambda: duckdb_sql(frame, months), repeat)
    ours = ours.assign(k=ours["period"].map({p.label: i for i, p in enumerate(months)}))
    merged = ours.merge(base, on=["k", "area"])
    rel = max(np.max(np.abs(merged["customer_hours"] - merged["ch"]) / merged["ch"]),
              np.max(np.abs(merged["customer_interruptions"] - merged["ci"]) / merged["ci"]))
    return {"events": n, "lqrel_s": t_lqrel, "duckdb_sql_s": t_duck, "ratio": t_lqrel / t_duck,
            "events_per_s": n / t_lqrel, "max_rel_diff": float(rel)}


def write_csv(n: int, path: Path) -> None:
    frame = random_compact(n, "2022-01-01", 1, seed=2)
    start = pd.to_datetime(frame["start_s"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    end = pd.to_datetime(frame["end_s"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    out = pd.DataFrame({
        "停电编号": "TD" + pd.Series(np.arange(n)).astype(str), "供电所": frame["town"], "线路名称": frame["feeder"],
        "地区特征": frame["area"].map({"urban": "城镇", "rural": "农村"}), "停电性质": frame["nature"].map(
            {"planned": "计划停电", "fault": "故障停电"}), "停电原因": frame["cause"],
        "停电开始时间": start.dt.strftime("%Y-%m-%d %H:%M:%S"), "停电结束时间": end.dt.strftime("%Y-%m-%d %H:%M:%S"),
        "停电用户数": frame["customers"]})
    out.to_csv(path, index=False, encoding="gb18030")


def write_xlsx(n: int, path: Path) -> None:
    """An outage log of ``n`` events as a spreadsheet holds it: text cells, times as date cells, counts as numbers."""
    import openpyxl

    frame = random_compact(n, "2022-01-01", 1, seed=3)
    start, end = (pd.to_datetime(frame[f"{c}_s"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai")
                  .dt.tz_localize(None).dt.to_pydatetime() for c in ("start", "end"))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("停电记录")
    ws.append(["停电编号", "供电所", "线路名称", "地区特征", "停电性质", "停电原因", "停电开始时间", "停电结束时间",
               "停电用户数"])
    area = frame["area"].map({"urban": "城镇", "rural": "农村"}).tolist()
    nature = frame["nature"].map({"planned": "计划停电", "fault": "故障停电"}).tolist()
    for i, row in enumerate(zip(frame["town"].tolist(), frame["feeder"].tolist(), area, nature,
                                frame["cause"].tolist(), start, end, frame["customers"].tolist(), strict=True)):
        ws.append([f"TD{i}", *row])
    wb.save(path)


def bench_xlsx(n: int, repeat: int, workdir: Path) -> dict:
    """An ``n``-row XLSX log: calamine's raw read of its sheet (the anchor: ``python_calamine`` opening the file
    and giving the sheet's cells as Python values, nothing else), lqrel's read step alone (``read_table`` and
    ``RawTable.cells``: the bounds scan of the sheet's XML, calamine's read, the typed columns, no validation) and
    the full ``load_events`` (the read step and every validation rule), and openpyxl's read-only read of the
    sheet's values (the reader before). Each round runs the four in turn; the figures are medians over the
    rounds (at least 7), the ratios medians of each round's ratio to that round's anchor, so that the load of a
    shared machine weighs on both sides of a ratio alike."""
    import openpyxl
    import python_calamine

    from lqrel import load_events
    from lqrel.events import _looks_like_header
    from lqrel.params import load_params
    from lqrel.readers import read_table

    path = workdir / f"log-{n}.xlsx"
    if not path.exists():
        write_xlsx(n, path)
    params = load_params(None)

    def calamine_read() -> int:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
            return len(wb.get_sheet_by_index(0).to_python())

    def read_step() -> int:
        table = read_table(path, lambda cells: _looks_like_header(cells, params))
        return len(table.cells()[0])

    def openpyxl_read() -> int:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        finally:
            wb.close()

    steps = {"calamine_read_s": calamine_read, "lqrel_read_step_s": read_step,
             "lqrel_load_events_s": lambda: load_events(path)[2].accepted, "openpyxl_read_s": openpyxl_read}
    rounds = {k: [] for k in steps}
    for _ in range(max(repeat, 7)):
        for key, step in steps.items():
            if key == "openpyxl_read_s" and len(rounds[key]) >= 3:
                continue  # 20x slower; three runs tell it
            t = time.perf_counter()
            got = step()
            rounds[key].append(time.perf_counter() - t)
            assert got in (n, n + 1), (key, got)
    ratio = {k: statistics.median(t / c for t, c in zip(rounds[k], rounds["calamine_read_s"], strict=False))
             for k in ("lqrel_read_step_s", "lqrel_load_events_s")}
    return {"rows": n, **{k: round(statistics.median(v), 3) for k, v in rounds.items()},
            "read_step_over_calamine": round(ratio["lqrel_read_step_s"], 2),
            "load_events_over_calamine": round(ratio["lqrel_load_events_s"], 2), "goal_load_events_over_calamine": 1.5,
            "rounds": len(rounds["calamine_read_s"])}


def bench_load(n: int, repeat: int) -> dict:
    import pyarrow.csv as pacsv

    from lqrel import load_events

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "events.csv"
        write_csv(n, path)
        t_lqrel, (ev, _, rep) = median_time(lambda: load_events(path), repeat)
        t_arrow, table = median_time(
            lambda: pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding="gb18030")), repeat)
        assert rep.accepted == n == table.num_rows
    return {"rows": n, "lqrel_load_events_s": t_lqrel, "pyarrow_read_csv_s": t_arrow, "ratio": t_lqrel / t_arrow}


def write_parquet_log(n: int, path: Path) -> None:
    """An outage log of ``n`` events as pandas writes it (event_id, start, end, customers, area, nature)."""
    frame = random_compact(n, "2022-01-01", 1, seed=2)
    local = {c: pd.to_datetime(frame[f"{c}_s"], unit="s", utc=True).dt.tz_convert("Asia/Shanghai")
             .dt.tz_localize(None) for c in ("start", "end")}
    pd.DataFrame({"event_id": "E" + pd.Series(np.arange(n)).astype(str), "start": local["start"],
                  "end": local["end"], "customers": frame["customers"], "area": frame["area"].astype(str),
                  "nature": frame["nature"].astype(str)}).to_parquet(path)


#: The user's path in DuckDB: read the file and one SQL query, area x month of 2022, naive local times (UTC+8).
PATH_SQL = """
WITH ev AS (SELECT epoch({start}) - 28800 AS s, epoch({end}) - 28800 AS e, {customers} AS customers,
             CASE {area} WHEN {urban} THEN 'urban' ELSE 'rural' END AS area FROM {source}),
months(k, ps, pe) AS (VALUES {values})
SELECT k, area,
  SUM(CASE WHEN e - s > 180 THEN customers * GREATEST(LEAST(e, pe) - GREATEST(s, ps), 0) / 3600.0 ELSE 0 END) AS ch,
  SUM(CASE WHEN e - s > 180 AND s >= ps AND s < pe THEN customers ELSE 0 END) AS ci
FROM ev JOIN months ON s < pe AND (e > ps OR s >= ps)
GROUP BY k, area ORDER BY k, area
"""


def bench_path(kind: str, n: int, repeat: int, workdir: Path) -> dict:
    """The path a user takes: ``load_events`` then ``indices(..., by=("area", "month"))``, against pyarrow
    reading the file and against DuckDB reading the file and running one SQL query."""
    import duckdb
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from lqrel import indices, load_customers, load_events
    from lqrel.engine import compact

    path = workdir / (f"path-{n}.parquet" if kind == "parquet" else f"path-{n}.csv")
    if not path.exists():
        (write_parquet_log if kind == "parquet" else write_csv)(n, path)
    customers = load_customers(ROOT / "data" / "linqu_customers.csv")
    months = parse_period("2022").months()
    values = ", ".join(f"({k}, {epoch_seconds(p.start)}, {epoch_seconds(p.end)})" for k, p in enumerate(months))
    if kind == "parquet":
        t_read, _ = median_time(lambda: pq.read_table(path), repeat)
        sql = PATH_SQL.format(start="start", end="\"end\"", customers="customers", area="area", urban="'urban'",
                              source=f"read_parquet('{path}')", values=values)
    else:
        t_read, _ = median_time(
            lambda: pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding="gb18030")), repeat)
        utf8 = workdir / f"path-{n}.utf8.csv"  # DuckDB reads UTF-8 only: the conversion is not timed
        if not utf8.exists():
            utf8.write_text(path.read_text(encoding="gb18030"), encoding="utf-8")
        sql = PATH_SQL.format(start="停电开始时间", end="停电结束时间", customers="停电用户数", area="地区特征",
                              urban="'城镇'", values=values,
                              source=f"read_csv('{utf8}', types={{'停电开始时间': 'TIMESTAMP', "
                                     f"'停电结束时间': 'TIMESTAMP'}})")
    t_load, (events, _, report) = median_time(lambda: load_events(path), repeat)
    assert report.accepted == n, report
    by = ("area", "month")
    t_first = time.perf_counter()
    ours = indices(events, customers, "2022", by=by)
    t_first = time.perf_counter() - t_first
    t_indices, ours = median_time(lambda: indices(events, customers, "2022", by=by), repeat)
    table = compact(events)
    t_duck_mem, _ = median_time(lambda: duckdb_sql(table, months), repeat)
    t_duck_file, base = median_time(lambda: duckdb.connect().execute(sql).df(), repeat)
    ours = ours[ours["area"] != "all"].assign(k=lambda f: f["month"].map({p.label: i for i, p in enumerate(months)}))
    merged = ours.merge(base, on=["k", "area"])
    assert len(merged) == len(base) == 24, (len(merged), len(base))
    rel = float(np.max(np.abs(merged["customer_hours"] - merged["ch"]) / merged["ch"]))
    return {"kind": kind, "events": n, "load_events_s": t_load, "read_only_s": t_read,
            "load_ratio": t_load / t_read, "indices_first_s": t_first, "indices_s": t_indices,
            "duckdb_same_frame_s": t_duck_mem, "indices_ratio": t_indices / t_duck_mem,
            "indices_events_per_s": n / t_indices, "load_plus_indices_s": t_load + t_indices,
            "duckdb_file_plus_sql_s": t_duck_file, "path_ratio": (t_load + t_indices) / t_duck_file,
            "max_rel_diff": rel}


MEMORY_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
if sys.argv[1] == "lqrel":
    from lqrel import load_events
    rows = load_events(sys.argv[2])[2].accepted
else:
    import pyarrow.parquet as pq
    rows = pq.read_table(sys.argv[2]).num_rows
wall = time.perf_counter() - t
peak = [int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
print(json.dumps({{"rows": rows, "wall_s": wall, "peak_rss_bytes": peak}}))
"""


def bench_memory(n: int, workdir: Path) -> dict:
    """Peak memory of ``load_events`` on an ``n``-row Parquet log (validation included), each in a process of
    its own, against pyarrow reading the same file."""
    path = workdir / f"path-{n}.parquet"
    if not path.exists():
        write_parquet_log(n, path)
    out = {}
    for who in ("lqrel", "pyarrow"):
        proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD.format(root=str(ROOT)), who, str(path)],
                              capture_output=True, text=True, check=True)
        out[who] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["lqrel"]["rows"] == n
    return {"rows": n, "load_events_peak_rss_gb": out["lqrel"]["peak_rss_bytes"] / 1e9,
            "load_events_s": out["lqrel"]["wall_s"], "pyarrow_peak_rss_gb": out["pyarrow"]["peak_rss_bytes"] / 1e9,
            "pyarrow_s": out["pyarrow"]["wall_s"]}


def bench_report(repeat: int) -> dict:
    import nbformat

    with tempfile.TemporaryDirectory() as d:
        empty = Path(d) / "empty.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        nb.cells = [nbformat.v4.new_code_cell("x = 1")]
        nbformat.write(nb, empty)
        bin_dir = Path(sys.executable).parent

        def floor():
            subprocess.run([str(bin_dir / "papermill"), str(empty), str(Path(d) / "out.ipynb"), "-k", "python3",
                            "--no-progress-bar"], check=True, capture_output=True)
            subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                            str(Path(d) / "out.ipynb")], check=True, capture_output=True)

        def report():
            subprocess.run([str(bin_dir / "lqrel"), "report", "--period", "2022Q3", "--out", str(Path(d) / "r")],
                           check=True, capture_output=True, cwd=ROOT)

        t_floor, _ = median_time(floor, repeat)
        t_report, _ = median_time(report, repeat)
    return {"lqrel_report_s": t_report, "papermill_nbconvert_floor_s": t_floor, "ratio": t_report / t_floor}


SCALE_CHILD = """
import json, sys, time, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, {root!r})
from lqrel.engine import aggregate_native, open_events, dask_client
from lqrel.periods import parse_period
engine, path = sys.argv[1], sys.argv[2]
months = parse_period("2019-01..2024-12").months()  # every month of the set: all rows are read


def peak_rss_bytes():
    # VmHWM: this process's own high-water mark (ru_maxrss would carry the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024


if __name__ == "__main__":
    t = time.perf_counter()
    worker_rss = None
    if engine == "dask":
        with dask_client(workers=2) as client:
            out = aggregate_native(open_events(path, "dask"), months, ["area"])
            worker_rss = list(client.run(peak_rss_bytes).values())
    else:
        out = aggregate_native(open_events(path, engine), months, ["area"])
    wall = time.perf_counter() - t
    print(json.dumps({{"wall_s": wall, "peak_rss_bytes": peak_rss_bytes(),
                      "worker_peak_rss_bytes": worker_rss, "rows": out.to_dict("list")}}))
"""


def bench_scale(n: int, workdir: Path) -> dict:
    from lqrel.synth import write_parquet_sample

    target = workdir / f"scale-{n}"
    t = time.perf_counter()
    if not (target / "events").exists():
        write_parquet_sample(target, range(2019, 2025), events=n)
    t_write = time.perf_counter() - t
    results = {}
    for engine in ("duckdb", "dask"):
        proc = subprocess.run([sys.executable, "-c", SCALE_CHILD.format(root=str(ROOT)), engine,
                               str(target / "events")], capture_output=True, text=True, check=True)
        results[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
    a, b = (pd.DataFrame(results[e]["rows"]) for e in ("duckdb", "dask"))
    rel = float(np.max(np.abs(a[list(SUM_COLUMNS)].to_numpy(float) - b[list(SUM_COLUMNS)].to_numpy(float))
                       / np.maximum(np.abs(a[list(SUM_COLUMNS)].to_numpy(float)), 1e-300)))
    return {"events": n, "write_parquet_s": t_write, "duckdb_wall_s": results["duckdb"]["wall_s"],
            "duckdb_peak_rss_gb": results["duckdb"]["peak_rss_bytes"] / 1e9,
            "dask_wall_s": results["dask"]["wall_s"],
            "dask_worker_peak_rss_gb": [r / 1e9 for r in results["dask"]["worker_peak_rss_bytes"]],
            "dask_client_peak_rss_gb": results["dask"]["peak_rss_bytes"] / 1e9, "max_rel_diff": rel}


def bench_growth(repeat: int) -> dict:
    months = parse_period("2022").months()
    out = {}
    for n in (10**5, 10**6, 10**7):
        frame = random_compact(n, "2022-01-01", 1, seed=3)
        out[str(n)], _ = median_time(lambda frame=frame: aggregate_native(frame, months, ["area"]), repeat)
    out["ratio_1e7_over_1e6"] = out[str(10**7)] / out[str(10**6)]
    out["ratio_1e6_over_1e5"] = out[str(10**6)] / out[str(10**5)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="*",
                        default=["kernel", "path-parquet", "path-csv", "load", "xlsx", "report", "scale", "growth",
                                 "memory"])
    parser.add_argument("--events-kernel", type=int, default=10_000_000)
    parser.add_argument("--events-load", type=int, default=1_000_000)
    parser.add_argument("--events-scale", type=int, default=100_000_000)
    parser.add_argument("--events-path", type=int, default=5_000_000, help="rows of the Parquet user-path file")
    parser.add_argument("--events-memory", type=int, default=10_000_000, help="rows of the memory benchmark's file")
    parser.add_argument("--events-xlsx", type=int, default=20_000, help="rows of the XLSX benchmark's sheet")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default=str(ROOT / "bench-data"))
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(exist_ok=True)
    import os

    memory_gib = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    print(f"machine: {os.cpu_count()} cores, {memory_gib:.0f} GiB, Python {sys.version.split()[0]}")
    for name in args.which:
        t = time.perf_counter()
        if name == "kernel":
            result = bench_kernel(args.events_kernel, args.repeat)
        elif name == "path-parquet":
            result = bench_path("parquet", args.events_path, args.repeat, workdir)
        elif name == "path-csv":
            result = bench_path("csv", args.events_load, args.repeat, workdir)
        elif name == "load":
            result = bench_load(args.events_load, args.repeat)
        elif name == "xlsx":
            result = bench_xlsx(args.events_xlsx, args.repeat, workdir)
        elif name == "report":
            result = bench_report(args.repeat)
        elif name == "scale":
            result = bench_scale(args.events_scale, workdir)
        elif name == "memory":
            result = bench_memory(args.events_memory, workdir)
        elif name == "growth":
            result = bench_growth(args.repeat)
        else:
            raise SystemExit(f"unknown benchmark {name}")
        print(json.dumps({name: result, "bench_s": round(time.perf_counter() - t, 1)}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
