"""A county analyst's trial of the command line (fourth round): a town's row in ``lqrel indices --by town``,
tables aligned by display width, signed changes, the town's budget in ``lqrel budget --what-if --town``, a dropped
duplicate row named, the limit of a next-day miss in the workbook. Expected values worked by hand from the tiny
files below (docs/spec.md §3, §4, §9, §10)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lqrel.cli import main

HEADER = "停电编号,供电所,线路名称,地区特征,停电性质,停电原因,责任归属,停电开始时间,停电结束时间,停电用户数\n"
#: 2024 Q1: 城关街道 2 h x 500 = 1000 customer-hours, 东城街道 1 h x 600 = 600, 冶源镇 3 h x 400 = 1200.
EVENTS = [
    "TD1,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2024-01-10 08:00,2024-01-10 10:00,500",
    "TD2,东城街道,10kV东城01线,城镇,故障停电,树障,内部,2024-02-01 08:00,2024-02-01 09:00,600",
    "TD3,冶源镇,10kV冶源01线,农村,计划停电,计划检修,内部,2024-03-05 08:00,2024-03-05 11:00,400",
]
#: Users each month of 2024: 城关街道 1000 and 东城街道 3000 (urban 4000), 冶源镇 2000 (rural).
TOWNS = {"城关街道": ("城镇", 1000), "东城街道": ("城镇", 3000), "冶源镇": ("农村", 2000)}


def county(tmp_path, with_towns: bool = True, events: list[str] | None = None, first_year: int = 2024) -> str:
    """The tiny county's files and settings (the same users every month from ``first_year`` to 2024, the coverage
    from its 1 January); the settings file's path."""
    lines = ["区域,月份,供电所,用户数" if with_towns else "区域,月份,用户数"]
    for month in [f"{y}-{m:02d}" for y in range(first_year, 2025) for m in range(1, 13)]:
        if with_towns:
            lines += [f"{area},{month},{town},{n}" for town, (area, n) in TOWNS.items()]
        else:
            lines += [f"城镇,{month},4000", f"农村,{month},2000"]
    (tmp_path / "用户数.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "停电记录.csv").write_text(HEADER + "\n".join(events or EVENTS) + "\n", encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text("events: 停电记录.csv\ncustomers: 用户数.csv\n"
                      f"coverage: {{from: {first_year}-01-01, through: 2024-12-31}}\n", encoding="utf-8")
    return str(params)


def run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return code, out


# 1. lqrel indices --by town: the contribution and the town's own SAIDI, each named


def test_indices_by_town_names_contribution_and_own_saidi(tmp_path, capsys):
    """Urban: 城关街道 1000 / 4000 urban users = 0.25 h contribution, 1000 / its 1000 users = 1.0 h own SAIDI;
    东城街道 600 / 4000 = 0.15 h, own 600 / 3000 = 0.2 h (0.25 + 0.15 = the urban SAIDI 1600 / 4000 = 0.4 h).
    Rural: 冶源镇 1200 / 2000 = 0.6 h both. County rows: 城关街道 1000 / 6000 users, own still 1.0 h."""
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--by", "town", "--json")
    rows = {(r["area"], r["town"]): r for r in json.loads(out)["rows"]}
    expected = {("urban", "城关街道"): (0.25, 1000, 1.0), ("urban", "东城街道"): (0.15, 3000, 0.2),
                ("rural", "冶源镇"): (0.6, 2000, 0.6), ("all", "城关街道"): (1000 / 6000, 1000, 1.0)}
    for key, (contribution, users, own) in expected.items():
        r = rows[key]
        assert "saidi_h" not in r  # not the town's SAIDI: renamed saidi_contribution_h
        assert r["saidi_contribution_h"] == pytest.approx(contribution)
        assert r["town_customers_served"] == pytest.approx(users)
        assert r["town_saidi_h"] == pytest.approx(own)
        # the customers beside a contribution are the area's (urban 4000, rural 2000, county 6000), named so; no
        # ASAI, which a contribution does not give (sixth trial: 99.9983% read as the town's availability)
        assert r["area_customers_served"] == {"urban": 4000, "rural": 2000, "all": 6000}[key[0]]
        assert "asai" not in r and "customers_served" not in r
    assert [n["code"] for n in json.loads(out)["notes"]] == ["group_rows_contribution"]


def test_indices_by_town_text_labels_each_figure(tmp_path, capsys):
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--by", "town",
                 "--lang", "zh")
    header = next(line for line in out.splitlines() if line.startswith("区域"))
    assert "对本区域SAIDI的贡献(小时)" in header and "本所自身SAIDI(小时)" in header and "本所用户数" in header
    assert " SAIDI(小时)" not in header  # no bare SAIDI column on a town row
    row = next(line for line in out.splitlines() if line.startswith("城镇") and "东城街道" in line).split()
    assert row[2:5] == ["0.15", "3,000", "0.20"]
    assert "是该组对所在区域指标的贡献" in out


def test_indices_by_town_without_town_counts_says_why(tmp_path, capsys):
    _, out = run(capsys, "indices", "--params", county(tmp_path, with_towns=False), "--period", "2024Q1",
                 "--by", "town", "--json")
    doc = json.loads(out)
    assert [n["code"] for n in doc["notes"]] == ["group_rows_contribution", "town_own_saidi_unknown"]
    r = next(r for r in doc["rows"] if (r["area"], r["town"]) == ("urban", "东城街道"))
    assert "town_saidi_h" not in r and r["saidi_contribution_h"] == pytest.approx(0.15)


def test_indices_by_town_and_month_use_the_months_users(tmp_path, capsys):
    """January alone: 城关街道 1000 / 4000 = 0.25 h, own 1.0 h; February: no row for it (no outage)."""
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--by", "town,month",
                 "--json")
    rows = [r for r in json.loads(out)["rows"] if r["area"] == "urban" and r["town"] == "城关街道"]
    assert [(r["month"], r["saidi_contribution_h"], r["town_saidi_h"]) for r in rows] == [
        ("2024-01", pytest.approx(0.25), pytest.approx(1.0))]


def test_indices_by_area_keeps_saidi_h(tmp_path, capsys):
    """Without a group the rows are the areas' own SAIDI: urban 1600 / 4000 = 0.4 h, under its old key."""
    _, out = run(capsys, "indices", "--params", county(tmp_path), "--period", "2024Q1", "--json")
    doc = json.loads(out)
    assert {r["area"]: r["saidi_h"] for r in doc["rows"]} == pytest.approx(
        {"urban": 0.4, "rural": 0.6, "all": 2800 / 6000})
    assert doc["notes"] == []


# 2. Terminal tables aligned by display width


def _columns_start(line: str, cells: list[str]) -> list[int]:
    """The display column each cell starts at in ``line`` (a 汉字 counts two)."""
    from lqrel.output import display_width

    starts, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        starts.append(display_width(line[:at]))
        at += len(cell)
    return starts


def test_display_width_by_hand():
    from lqrel.output import display_width

    assert display_width("城关街道") == 8
    assert display_width("SAIDI(小时)") == 11  # 5 + 1 + 2 x 2 + 1
    assert display_width("（１）") == 6  # full-width brackets and digit
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_text_table_aligns_chinese_and_ascii_by_display_width():
    """区域 (4 columns wide) over 城镇 and all; 供电所 (6) over 城关街道 (8) and x; SAIDI(小时) (11) over 0.15 and
    12.30, right-aligned: every line 4 + 2 + 8 + 2 + 11 = 27 columns, the columns starting at 0, 6 and 16."""
    import pandas as pd

    from lqrel.output import display_width, text_table

    frame = pd.DataFrame({"区域": ["城镇", "all"], "供电所": ["城关街道", "x"], "SAIDI(小时)": ["0.15", "12.30"]})
    lines = text_table(frame).split("\n")
    assert [display_width(line) for line in lines] == [27, 27, 27]
    assert _columns_start(lines[0], ["区域", "供电所", "SAIDI(小时)"]) == [0, 6, 16]
    assert _columns_start(lines[1], ["城镇", "城关街道"]) == [0, 6]
    assert lines[1].endswith(" 0.15") and display_width(lines[1][: lines[1].index("0.15")]) == 27 - 4
    assert lines[2] == "all" + " " * 3 + "x" + " " * 9 + " " * 6 + "12.30"


@pytest.mark.parametrize("command", [["indices", "--period", "2024Q1", "--by", "town"], ["check", "--year", "2024"],
                                     ["rank", "--year", "2024", "--through", "2024-03-31"]])
def test_command_tables_align_in_chinese(tmp_path, capsys, command):
    """The table under each command's head: every line as wide as its header line, each header's column where its
    first row's cell is (the area words 城镇 under 区域)."""
    from lqrel.output import display_width

    _, out = run(capsys, *command, "--params", county(tmp_path), "--lang", "zh")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] in (["区域"], ["供电所"]))
    rows = [line for line in lines[at + 1:] if line.split()[:1] in (["城镇"], ["农村"], ["城关街道"], ["东城街道"],
                                                                    ["冶源镇"], ["全县"])]
    table = [lines[at], *rows]
    assert len(table) >= 3, lines
    assert len({display_width(line) for line in table}) == 1, table
    slots = _slots(table)  # the runs of display columns where some line has a character
    heads = table[0].split()
    assert len(slots) == len(heads), (slots, heads)
    for (start, end), head, at in zip(slots, heads, _columns_start(table[0], heads), strict=True):
        assert start <= at and at + display_width(head) <= end, (head, start, end)


def _slots(lines: list[str]) -> list[tuple[int, int]]:
    """The display-column spans (start, end) of a text table's columns: maximal runs of columns where at least one
    line has a character other than a space."""
    from lqrel.output import display_width

    used: set[int] = set()
    for line in lines:
        col = 0
        for ch in line:
            width = display_width(ch)
            if ch != " ":
                used.update(range(col, col + width))
            col += width
    spans: list[tuple[int, int]] = []
    for col in sorted(used):
        if spans and spans[-1][1] == col:
            spans[-1] = (spans[-1][0], col + 1)
        else:
            spans.append((col, col + 1))
    return spans


APPLICATIONS = "\n".join([
    "申请编号,用户类别,有无工程,报装容量(kW),供电所,业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间",
    # Accepted Mon 20 May 2024, connected Wed 22 May: after the next day (21st), 2 working days {21, 22} <= 3.
    "K1,居民,无工程,6,五井供电所,2024-05-20 09:00,2024-05-20 10:00,2024-05-20 10:30,2024-05-22 11:00",
    # Accepted Mon 20 May, connected Tue 21 May: the next day, on time.
    "K2,居民,无工程,4,城关供电所,2024-05-20 08:00,2024-05-20 09:00,2024-05-20 09:30,2024-05-21 10:00",
]) + "\n"


def applications(tmp_path) -> str:
    path = tmp_path / "办电记录.csv"
    path.write_text(APPLICATIONS, encoding="utf-8")
    return str(path)


def test_connect_tables_align_in_chinese(tmp_path, capsys):
    """``lqrel connect``'s tables (per customer type, late by type, by 供电所, by month) were printed without the
    width of 汉字: each now lines up as the indices table does."""
    from lqrel.output import display_width

    _, out = run(capsys, "connect", applications(tmp_path), "--params", county(tmp_path), "--period", "2024-05",
                 "--lang", "zh")
    lines = out.splitlines()
    blocks, block = [], []
    for line in lines + [""]:  # the tables: runs of lines after a head line, up to a blank line
        if line.strip() and "：" not in line and "（" not in line[:2]:
            block.append(line)
        else:
            if len(block) >= 2:
                blocks.append(block)
            block = []
    assert len(blocks) >= 3, out
    for table in blocks:
        assert len({display_width(line) for line in table}) == 1, table
        assert len(_slots(table)) == len(table[0].split()), table


def test_validate_reasons_align_in_chinese(tmp_path, capsys):
    """The rejected rows counted by reason (a Chinese reason, then its count): the counts in one column."""
    from lqrel.output import display_width

    bad = ["TD8,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2024-01-12 08:00,2024-01-12 07:00,500",
           "TD9,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2024-01-13 08:00,2024-01-13 09:00,很多"]
    code = main(["validate", "--params", county(tmp_path, events=EVENTS + bad), "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    at = lines.index("拒收行（按原因）：")
    block = lines[at + 1:at + 3]
    assert [line.split()[-1] for line in block] == ["1", "1"]
    assert len({display_width(line) for line in block}) == 1, block


# 3. Changes in hours carry their sign


def test_signed_by_hand():
    from lqrel.output import signed

    assert [signed(0.35), signed(-0.12), signed(0.004), signed(-0.004), signed(0.0)] == [
        "+0.35", "-0.12", "0.00", "0.00", "0.00"]
    assert signed(1200.4, 0, separators=True) == "+1,200"


def test_report_and_workbook_sign_a_change_in_hours():
    from lqrel.report.export import number_format
    from lqrel.report.present import fmt

    assert fmt("change_h", 0.35) == "+0.35" and fmt("change_h", -0.35) == "-0.35"
    assert fmt("contribution_h", 0.35) == "0.35"  # a level, not a change: no sign
    positive, negative, zero = number_format("change_h").split(";")
    assert positive.startswith("+") and negative.startswith("-") and zero == "0.00"


def _column(lines: list[str], head: str) -> dict[str, str]:
    """The cells of the text table's column ``head`` (lines[0] is the header), by the row's first cell."""

    (start, end), = [(a, b) for a, b in _slots(lines) if head in _cut(lines[0], a, b)]
    return {line.split()[0]: _cut(line, start, end).strip() for line in lines[1:]}


def _cut(line: str, start: int, end: int) -> str:
    """The characters of ``line`` between display columns ``start`` and ``end``."""
    from lqrel.output import display_width

    out, col = "", 0
    for ch in line:
        if start <= col < end:
            out += ch
        col += display_width(ch)
    return out


def test_rank_shows_the_sign_of_a_change(tmp_path, capsys):
    """Q1 2023: 城关街道 3 h x 1000 = 3000 customer-hours, contribution 3000 / 6000 = 0.5 h; nothing elsewhere.
    Q1 2024 (EVENTS): 城关街道 1000 / 6000 = 0.1667 h, 东城街道 600 / 6000 = 0.1 h, 冶源镇 1200 / 6000 = 0.2 h.
    Changes: 城关街道 0.1667 - 0.5 = -0.33 h, 东城街道 +0.10 h, 冶源镇 +0.20 h."""
    last = "TD0,城关街道,10kV城关01线,城镇,故障停电,雷击,内部,2023-01-10 08:00,2023-01-10 11:00,1000"
    params = county(tmp_path, events=[last, *EVENTS], first_year=2023)
    _, out = run(capsys, "rank", "--params", params, "--year", "2024", "--through", "2024-03-31", "--lang", "zh")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["供电所"])
    table = lines[at:at + 4]
    assert _column(table, "贡献变化(小时)") == {"城关街道": "-0.33", "东城街道": "+0.10", "冶源镇": "+0.20"}


# 4. budget --what-if --town: the town's budget part, per area, apart from its own SAIDI


def _what_if(tmp_path, capsys, *extra) -> str:
    """Budget by customers, flat over the year, 40 % planned; the limits 7 h urban and 10 h rural are the ceilings
    (no year before 2024 in the data, so no reduction allowance). A plan in 东城街道: 300 users x 2 h = 600."""
    params = tmp_path / "params.yaml"
    params.write_text(Path(county(tmp_path)).read_text(encoding="utf-8")
                      + "targets: {urban: {max_saidi_h: 7}, rural: {max_saidi_h: 10}}\n"
                      "budget: {town_split: customers, allocation: flat, planned_share: 0.4}\n"
                      "projection: {simulations: 400}\n", encoding="utf-8")
    plans = tmp_path / "plans.csv"
    plans.write_text("供电所,停电用户数,停电时长(小时)\n东城街道,300,2\n", encoding="utf-8")
    return run(capsys, "budget", "--params", str(params), "--as-of", "2024-03-31", "--what-if", str(plans),
               "--town", "东城街道", *extra)[1]


def test_what_if_town_budget_by_hand(tmp_path, capsys):
    """Urban budget 7 h x 4000 users = 28000; 东城街道's part 3000 / 4000 of it = 21000, its planned part 40 % =
    8400. Used to 31 March: 东城街道 600 (a fault), so 20400 left, 19800 after the plan; planned allowance 8400,
    7800 after. Urban left: 28000 - (1000 + 600) = 26400, 25800 after. Own SAIDI: 600 / 3000 users = 0.2 h, with the
    plan 1200 / 3000 = 0.4 h."""
    town = json.loads(_what_if(tmp_path, capsys, "--json"))["towns"][0]
    expected = {"area": "urban", "town": "东城街道", "town_budget_ch": 21000, "town_used_ch": 600, "added_ch": 600,
                "remaining_before_ch": 20400, "remaining_after_ch": 19800, "planned_left_before_ch": 8400,
                "planned_left_after_ch": 7800, "area_remaining_before_ch": 26400, "area_remaining_after_ch": 25800,
                "own_saidi_ytd_h": 0.2, "own_saidi_with_plan_h": 0.4}
    assert {k: town[k] for k in expected} == pytest.approx(expected)


def test_what_if_town_text_keeps_budget_and_own_saidi_apart(tmp_path, capsys):
    out = _what_if(tmp_path, capsys, "--lang", "zh")
    lines = out.splitlines()
    budget = lines.index(next(line for line in lines if line.startswith("各供电所在所在区域分得的全年预算")))
    assert lines[budget + 1].split() == ["区域", "供电所", "本所分得全年预算", "本所已用", "增加时户数",
                                         "本所计划前剩余", "本所计划后剩余", "本所计划前预安排余额",
                                         "本所计划后预安排余额"]
    assert lines[budget + 2].split() == ["城镇", "东城街道", "21,000", "600", "+600", "20,400", "19,800", "8,400",
                                         "7,800"]
    area = lines.index(next(line for line in lines if line.startswith("所在区域全年预算剩余")))
    assert lines[area + 2].split() == ["城镇", "26,400", "25,800"]
    own = lines.index(next(line for line in lines if line.startswith("供电所自身 SAIDI")))
    assert lines[own + 2].split() == ["东城街道", "0.20", "0.40"]
    for line in lines:  # no header puts a SAIDI beside a budget figure
        mixed = "SAIDI" in line and ("预算" in line or "剩余" in line)
        assert not mixed or line.startswith(("供电所自身", "对各区域")), line


# 5. A dropped exact repeated row named with the row it repeats


#: Row 2 and row 4 (row 1 is the header) are the same outage written twice, every cell alike: the last copy is
#: kept (docs/spec.md §5), so row 2 is dropped as a copy of row 4; row 3 is another outage.
REPEATED = [EVENTS[0], EVENTS[1], EVENTS[0]]


def test_validate_names_both_rows_of_a_dropped_copy(tmp_path, capsys):
    params = county(tmp_path, events=REPEATED)
    code = main(["validate", "--params", params, "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 0
    assert "去掉的重复行：2" in out
    assert "其中与另一行完全相同（去掉的行 → 与之相同而保留的行）：停电记录.csv:2 → 停电记录.csv:4" in out
    main(["validate", "--params", params, "--json"])
    assert json.loads(capsys.readouterr().out)["duplicate_copies"] == [{"row": 2, "kept": 4}]


def test_check_and_report_data_notes_name_a_dropped_copy(tmp_path, capsys):
    from lqrel.dataset import load_dataset
    from lqrel.messages import note
    from lqrel.report.plain import for_readers

    params = county(tmp_path, events=REPEATED)
    _, out = run(capsys, "check", "--params", params, "--year", "2024", "--lang", "zh")
    assert ("说明：停电记录中有 1 行与另一行完全相同，已去掉，该次停电只计一次；去掉的行 → 与之相同而保留的行：2 → 4"
            "（文件 停电记录.csv）") in out
    _, out = run(capsys, "check", "--params", params, "--year", "2024", "--json")
    found = [n for n in json.loads(out)["notes"] if n["code"] == "duplicate_copies"]
    assert found[0]["copies"] == [{"row": 2, "kept": 4}] and found[0]["file"] == "停电记录.csv"
    # the report's data notes are the dataset's, in the report's language, the file left to the analyst's output
    notes = [note(n, "zh") for n in load_dataset(params).data_notes()]
    assert [for_readers(n) for n in notes] == [
        "停电记录中有 1 行与另一行完全相同，已去掉，该次停电只计一次；去掉的行 → 与之相同而保留的行：2 → 4"]


def test_a_copy_in_a_log_of_two_files_is_named_by_its_file(tmp_path, capsys):
    params = county(tmp_path)
    (tmp_path / "补录.csv").write_text(HEADER + "\n".join([EVENTS[2], EVENTS[2].replace("TD3", "TD4"), EVENTS[2]])
                                       + "\n", encoding="utf-8")
    main(["validate", str(tmp_path / "停电记录.csv"), str(tmp_path / "补录.csv"), "--params", params, "--json"])
    copies = json.loads(capsys.readouterr().out)["duplicate_copies"]
    assert [(c["row"].rpartition(":")[2], c["kept"].rpartition(":")[2]) for c in copies] == [("2", "4")]
    assert "补录" in copies[0]["row"] and "补录" in copies[0]["kept"]
    _, out = run(capsys, "check", str(tmp_path / "停电记录.csv"), str(tmp_path / "补录.csv"), "--params", params,
                 "--year", "2024", "--lang", "zh")
    assert (f"与同一文件中另一行完全相同，已去掉，该次停电只计一次；去掉的行 → 与之相同而保留的行："
            f"{copies[0]['row']} → {copies[0]['kept']}") in out


def test_a_copy_in_a_large_parquet_log_read_in_batches(tmp_path, monkeypatch):
    """A Parquet log read a batch at a time (here from 1 row, 2 rows a batch, one row a group): rows count from
    1 (no header row), so row 1 is dropped as a copy of row 3."""
    import pandas as pd

    from lqrel import events, readers
    from lqrel.events import load_events

    monkeypatch.setattr(readers, "BATCHED_ROWS_FROM", 1)
    monkeypatch.setattr(readers, "BATCH_ROWS", 2)
    frame = pd.DataFrame([line.split(",") for line in REPEATED], columns=HEADER.strip().split(","))
    path = tmp_path / "停电记录.parquet"
    frame.to_parquet(path, row_group_size=1, index=False)
    batched = []
    validate = events._validate_batches
    monkeypatch.setattr(events, "_validate_batches", lambda *a, **k: batched.append(1) or validate(*a, **k))
    _, _, report = load_events(path)
    assert batched and report.duplicate_rows == [1] and report.duplicate_copies == [{"row": 1, "kept": 3}]


# 6. The workbook's late list gives the limit of a next-day miss


@pytest.mark.parametrize(("rule", "day"), [("calendar", "自然日"), ("working", "工作日")])
def test_workbook_late_sheet_shows_the_next_day_limit(tmp_path, rule, day):
    """K1, low voltage without works, accepted Mon 20 May 2024 and connected Wed 22 May: after the next calendar
    day (21st) and after the next working day (Tue 21st), so late under either rule; its limit is the next day,
    not a count of working days: the sheet says 当日申请、次日接电 with the rule's day instead of a blank."""
    import openpyxl

    from lqrel.dataset import load_dataset
    from lqrel.report.export import HEADER_ROW, write_workbook
    from lqrel.report.tables import connection_tables

    params = Path(county(tmp_path))
    applications(tmp_path)
    params.write_text(params.read_text(encoding="utf-8") + "applications: 办电记录.csv\n"
                      f"connection: {{no_works_next_day: {rule}}}\n", encoding="utf-8")
    ds = load_dataset(params, applications=True)
    tables = connection_tables(ds, ds.period("2024-05"), "zh")
    path = write_workbook({"connection_late": tables["connection_late"]}, tmp_path / "m.xlsx", "zh")
    ws = openpyxl.load_workbook(path)["超时申请"]
    header = [c.value for c in ws[HEADER_ROW]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert [(r["申请编号"], r["超时类型"], r["未达到的时限"]) for r in rows] == [
        ("K1", "无工程未次日接电", f"当日申请、次日接电（{day}）")]
    assert header.index("未达到的时限") == header.index("未达到的时限（工作日）") + 1


# ---- second trial (fourth session): a verdict that cannot be given, and the med and backtest tables ----

def _rows_of(out: str, first: str) -> list[list[str]]:
    """The rows of a terminal table whose lines start with ``first``, split on runs of spaces."""
    return [line.split() for line in out.splitlines() if line.startswith(first)]


def test_a_verdict_that_cannot_be_given_says_so_not_a_blank(capsys):
    """2019 is the sample's first year: the reference year 2018 is not covered, so whether SAIDI fell by the
    required share cannot be judged; urban 9.01 h is over its 7 h limit, so the limit alone does not make it met:
    达到压缩 and 达标 are 无法判定 (README: "无法判定", not 未达标), never an empty cell."""
    code, out = run(capsys, "check", "--year", "2019", "--lang", "zh")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("区域"))
    urban = next(line for line in out.splitlines() if line.startswith("城镇"))
    assert re.search(r"不超上限\s+达到压缩\s+达标\s+达标依据", header)  # in this order, then the cells:
    assert re.search(r"\s否\s+无法判定\s+无法判定\s+参照年数据不全", urban)


def test_major_event_days_print_minutes_with_two_decimals_in_chinese_units(capsys):
    """T_MED 29.60 min (the title's figure) and each day's SAIDI to 0.01 min, in 分钟; 4 years of history as 4."""
    _, out = run(capsys, "med", "--year", "2023", "--lang", "zh")
    assert "当日SAIDI(分钟)" in out and "T_MED(分钟)" in out and "(min)" not in out
    for row in _rows_of(out, "2023-"):
        assert row[2] == "29.60" and row[3] == "4" and len(row[1].split(".")[1]) == 2


def test_the_rankings_say_the_span_they_cover():
    """A quarterly report's section 四 shows the 供电所 table year to date beside rankings of the quarter: each
    ranking chart now names its dates (2023Q3: 1 July to 30 September), so two rankings of different spans are
    never read as one."""
    from lqrel.report import charts
    from lqrel.report.tables import cause_pareto, top_groups
    from tests.conftest import sample_dataset

    ds = sample_dataset()
    q3 = ds.period("2023Q3")
    towns, feeders, causes = top_groups(ds, q3, "town"), top_groups(ds, q3, "feeder"), cause_pareto(ds, q3)
    title = charts.ranking_chart(towns, "town", "zh").layout.title.text
    assert title == "停电时户数前十的供电所（2023-07-01 至 2023-09-30）"
    assert charts.ranking_chart(feeders, "feeder", "zh").layout.title.text.endswith("（2023-07-01 至 2023-09-30）")
    assert charts.pareto_chart(causes, "en").layout.title.text == "Cause Pareto (2023-07-01 .. 2023-09-30)"


def test_rank_names_a_units_own_figures_as_its_own(capsys):
    """rank's SAIDI and customers are the unit's own (in indices --by town the same words meant the area's): the
    Chinese headers say 自身SAIDI and 本单元用户数; a feeder has no own SAIDI, so its page gives only the formula of
    the contribution."""
    _, out = run(capsys, "rank", "--year", "2023", "--lang", "zh")
    header = next(line for line in out.splitlines() if line.startswith("供电所 "))
    assert re.search(r"本单元用户数\s.*\s自身SAIDI\(小时\)\s", header) and " SAIDI(小时)" not in header
    assert "总用户数" not in header
    _, out = run(capsys, "rank", "--year", "2023", "--level", "feeder", "--lang", "zh")
    assert "对全县贡献 = 本单元停电时户数 ÷ 全县用户数" in out and "自身SAIDI =" not in out
