"""A county analyst's trial of the command line (fifth round): what the projection's track record counted, English
that agrees with its number, Chinese field and value names in ``validate`` and ``inspect``, whole option names in
``--help``, the year a command takes by itself, the application log's coverage in the workbook. Expected values
worked by hand from the tiny files below (docs/spec.md §7, §10)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from lqrel.cli import main
from tests.test_cli_trial_findings import county

#: One urban and one rural outage in each quarter of 2021-2024 (2 h x 100 customers each).
QUARTERLY = [f"TD{y}{q}{a},城关街道,10kV城关01线,{area},故障停电,雷击,内部,{y}-{3 * q - 1:02d}-10 08:00,"
             f"{y}-{3 * q - 1:02d}-10 10:00,100"
             for y in range(2021, 2025) for q in range(1, 5) for a, area in enumerate(("城镇", "农村"))]


def run(capsys, *args) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


# 1. lqrel forecast: the track record names the years projected and the projections made for them


def test_forecast_track_record_names_the_years_projected(tmp_path, capsys):
    """From 30 June 2024: the complete years before 2024 are 2021, 2022 and 2023 (3). A year is projected only
    with two years of history before it: 2023 alone (2021 and 2022 are history). Each of its quarter ends
    (31 March, 30 June, 30 September) for each of the two areas: 1 x 3 x 2 = 6 projections. The old line read
    '以往 6 次季末预测' beside no year at all."""
    params = county(tmp_path, events=QUARTERLY, first_year=2021)
    out = run(capsys, "forecast", "--params", params, "--as-of", "2024-06-30", "--lang", "zh")
    assert "只用2024年之前的数据" in out
    assert "之前的 3 个完整年中，前几年只作历史，对其后的 1 年（2023年）" in out
    assert "预测各区域的年底，共 6 次预测" in out
    en = run(capsys, "forecast", "--params", params, "--as-of", "2024-06-30", "--lang", "en")
    assert "before 2024: of its 3 complete years" in en and "after them (2023) for every area" in en
    assert "6 projections" in en


# 2. English agrees with its number: 1 row, 2 rows


def test_english_counts_agree_with_their_number(tmp_path, capsys):
    """The three 2024 outages of the tiny county plus one row without a start (rejected): 4 rows read = 3
    accepted + 1 rejected + 0 duplicates; the note on the rejected row speaks of 1 row, not '1 rows'."""
    from tests.test_cli_trial_findings import EVENTS

    broken = "TD9,冶源镇,10kV冶源01线,农村,故障停电,雷击,内部,,2024-03-06 11:00,400"
    params = county(tmp_path, events=[*EVENTS, broken])
    out = run(capsys, "check", "--params", params, "--year", "2024", "--lang", "en")
    assert "4 rows read = 3 accepted + 1 rejected + 0 duplicates" in out
    assert "1 of the log's 4 rows read (25.0%) rejected, in no figure: rows 5" in out and "1 rows" not in out
    two = county(tmp_path, events=[*EVENTS, broken, broken.replace("TD9", "TD8")])
    assert "2 of the log's 5 rows read (40.0%) rejected" in run(capsys, "check", "--params", two, "--year", "2024",
                                                              "--lang", "en")


def test_plural_fields_by_hand():
    """The catalogue's plural field: the number (with its own format) and the noun that agrees with it; Chinese
    has no plural and keeps its measure word."""
    from lqrel.messages import text
    from lqrel.messages.formats import render

    assert render("{n:~row~rows} read", {"n": 1}) == "1 row read"
    assert render("{n:,~row~rows} read", {"n": 12345}) == "12,345 rows read"
    assert render("{y:g~year~years}", {"y": 1.0}) == "1 year"
    assert render("{n:~day~days}", {"n": 0}) == "0 days"
    assert text("rule_rolling", {"days": 1}, "en", "cli") == "in any 1 day"
    assert text("input_line", {"path": "a.csv", "read": 1, "accepted": 1, "rejected": 0, "duplicates": 1},
                "zh", "cli") == "输入 a.csv：读取 1 行 = 接受 1 + 拒收 0 + 重复 1"


# 3. lqrel validate names the fields in Chinese, the header each was read from beside it


def test_validate_names_fields_in_chinese_with_the_header_found(tmp_path, capsys):
    """The tiny county's log has the headers 停电编号 … 停电用户数: in Chinese each field by its name (事件编号,
    开始时间, 内部/外部) beside the header it was read from; --json keeps the identifiers, English may too."""
    params = county(tmp_path)
    out = run(capsys, "validate", "--params", params, "--lang", "zh")
    line = next(line for line in out.splitlines() if line.startswith("表头在第 1 行"))
    assert "事件编号 ← 停电编号" in line and "开始时间 ← 停电开始时间" in line and "内部/外部 ← 责任归属" in line
    assert "区域 ← 地区特征" in line and "线路 ← 线路名称" in line
    assert not any(word in line for word in ("event_id", "start", "customers", "external", "<-"))
    doc = json.loads(run(capsys, "validate", "--params", params, "--json"))
    assert doc["columns"]["event_id"] == "停电编号" and doc["columns"]["external"] == "责任归属"
    assert "event_id <- 停电编号" in run(capsys, "validate", "--params", params, "--lang", "en")


# 4. lqrel inspect names the vocabulary's codes in Chinese


def test_inspect_names_recognised_values_in_chinese(tmp_path, capsys):
    """The tiny county's log: 城镇 2 rows and 农村 1 (their own words, said once), 故障停电 2 rows and 计划停电 1
    (预安排停电 in the vocabulary's words), 内部 3 rows. English and --json keep the codes (urban, planned, false)."""
    county(tmp_path)
    log = str(tmp_path / "停电记录.csv")
    out = run(capsys, "inspect", log, "--lang", "zh")
    assert "地区特征（area〔区域〕）：识别 城镇 2 行、农村 1 行；" in out
    assert "停电性质（nature〔停电性质〕）：识别 故障停电 2 行、计划停电→预安排停电 1 行；" in out
    assert "责任归属（external〔内部/外部〕）：识别 内部 3 行；" in out
    assert not any(f"→{code}" in out for code in ("urban", "rural", "fault", "planned", "false", "true"))
    en = run(capsys, "inspect", log, "--lang", "en")
    assert "城镇->urban x2, 农村->rural x1" in en and "计划停电->planned x1" in en and "内部->false x3" in en
    doc = json.loads(run(capsys, "inspect", log, "--json"))
    hits = {hit[0]: hit[1] for v in doc["files"][0]["vocabulary"] for hit in v.get("hits", [])}
    assert hits["城镇"] == "urban" and hits["计划停电"] == "planned" and hits["内部"] == "false"


# 5. --help keeps every option's name whole


def _help(capsys, *args) -> str:
    with pytest.raises(SystemExit) as done:
        main([*args, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_never_splits_an_option_name(capsys, monkeypatch, lang):
    """At 80 columns each command's help breaks its lines between words or 汉字, never inside an option's name
    (argparse's wrapping broke '--as-' / 'of 2022-06-30' at the hyphen). An option whole on its lines appears
    as often in them as in the text with the line breaks taken out; no line is wider than the terminal."""
    from lqrel.cli import build_parser
    from lqrel.output import display_width

    monkeypatch.setenv("COLUMNS", "80")
    commands = build_parser(lang)._subparsers._group_actions[0].choices
    for name, command in commands.items():
        out = _help(capsys, name, "--lang", lang)
        lines = [line.strip() for line in out.splitlines()]
        joined = "".join(lines)
        for flag in {flag for action in command._actions for flag in action.option_strings if len(flag) > 2}:
            assert sum(line.count(flag) for line in lines) == joined.count(flag), (name, flag)
        assert max(display_width(line) for line in out.splitlines()) <= 80, name


def test_wrap_display_by_hand():
    """Eight columns: 汉字 take two each, so four to a line; an ASCII run stays whole, a space is a break."""
    from lqrel.output import wrap_display

    assert wrap_display("停电用户数文件", 8) == ["停电用户", "数文件"]
    assert wrap_display("例：--as-of 2022", 8) == ["例：", "--as-of", "2022"]
    assert wrap_display("默认（例：a）", 8) == ["默认", "（例：", "a）"]


# 6. med, frequent, forecast and connect without a year or date: the default summary takes, said


def test_commands_without_a_year_take_summarys_default(tmp_path, capsys):
    """Data 2021-01-01 .. 2024-06-30 (--data-through): the latest fully covered year is 2023 (2024 stops in June),
    the year summary takes. med and frequent take 2023 (frequent through 31 December 2023) and say so; forecast
    projects the year to date, from the last day the data cover, 2024-06-30 (a finished year has its verdict,
    docs/spec.md §7), and budget runs to that day too. An explicit --year still rules."""
    params = county(tmp_path, events=QUARTERLY, first_year=2021)
    through = ("--params", params, "--data-through", "2024-06-30", "--lang", "zh")
    summary = json.loads(run(capsys, "summary", *through, "--json"))
    assert summary["year"] == 2023
    med = run(capsys, "med", *through)
    assert med.splitlines()[0] == "未指定 --year：取数据完整覆盖的最近一年，2023 年"
    assert med.splitlines()[1].startswith("2023 年重大事件日")
    assert json.loads(run(capsys, "med", *through, "--json"))["year"] == 2023
    frequent = json.loads(run(capsys, "frequent", *through, "--json"))
    assert (frequent["year"], frequent["as_of"]) == (2023, "2023-12-31")
    assert run(capsys, "frequent", *through).startswith("未指定 --year：取数据完整覆盖的最近一年，2023 年\n")
    assert json.loads(run(capsys, "frequent", *through, "--as-of", "2022-06-30", "--json"))["year"] == 2022
    forecast = run(capsys, "forecast", *through)
    assert forecast.splitlines()[0] == "未指定 --as-of：取数据覆盖的最后一天，2024-06-30"
    assert "自 2024-06-30 起的年末 SAIDI 预测" in forecast
    # budget, like forecast, runs to the last day the data cover (a budget's year is the one in progress); a day
    # outside --year is refused, naming the year
    budget = run(capsys, "budget", *through)
    assert budget.splitlines()[0] == "未指定 --as-of：取数据覆盖的最后一天，2024-06-30"
    assert budget.splitlines()[1].startswith("2024 年停电时户数预算（截至 2024-06-30")
    assert (json.loads(run(capsys, "budget", *through, "--json"))["as_of"]) == "2024-06-30"
    assert main(["budget", *through, "--year", "2023", "--as-of", "2024-03-31"]) == 2
    assert "--as-of 2024-03-31 不在 2023 年内" in capsys.readouterr().err
    # check and rank as well (sixth trial: they alone stopped, asking for --year); rank through a day: its year
    check = run(capsys, "check", *through)
    assert check.splitlines()[0] == "未指定 --year：取数据完整覆盖的最近一年，2023 年"
    assert check.splitlines()[1].startswith("2023 年目标")
    assert json.loads(run(capsys, "check", *through, "--json"))["year"] == 2023
    assert run(capsys, "rank", *through).startswith("未指定 --year：取数据完整覆盖的最近一年，2023 年\n")
    ranked = json.loads(run(capsys, "rank", *through, "--through", "2024-05-31", "--json"))
    assert (ranked["period"]["start"][:10], ranked["period"]["end"][:10]) == ("2024-01-01", "2024-06-01")
    assert "未指定" not in run(capsys, "rank", *through, "--through", "2024-05-31")
    explicit = run(capsys, "med", *through, "--year", "2022")
    assert explicit.startswith("2022 年重大事件日") and "未指定" not in explicit


def test_forecast_on_data_ending_with_a_finished_year_says_why(tmp_path, capsys):
    """Data through 31 December 2024, the whole year covered: nothing to project, the error names lqrel check."""
    params = county(tmp_path, events=QUARTERLY, first_year=2021)
    assert main(["forecast", "--params", params, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "数据覆盖到 2024-12-31" in err and "lqrel check --year 2024" in err


def test_connect_without_a_period_takes_the_latest_year_the_log_covers(tmp_path, capsys):
    """Applications connected in January and December 2023 and March 2024, the log read through 31 March 2024:
    2023 is the latest year it fully covers; its two applications are counted, and the line says the year."""
    path = tmp_path / "办电记录.csv"
    path.write_text("\n".join([
        "申请编号,用户类别,有无工程,报装容量(kW),供电所,业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间",
        "K1,居民,无工程,6,城关供电所,2023-01-09 09:00,2023-01-09 10:00,2023-01-09 10:30,2023-01-10 11:00",
        "K2,居民,无工程,4,城关供电所,2023-12-04 08:00,2023-12-04 09:00,2023-12-04 09:30,2023-12-05 10:00",
        "K3,居民,无工程,4,城关供电所,2024-03-04 08:00,2024-03-04 09:00,2024-03-04 09:30,2024-03-05 10:00",
    ]) + "\n", encoding="utf-8")
    args = ("connect", str(path), "--params", county(tmp_path), "--data-through", "2024-03-31", "--lang", "zh")
    out = run(capsys, *args)
    assert out.splitlines()[0] == "未指定 --period：取业扩申请记录完整覆盖的最近一年，2023 年"
    doc = json.loads(run(capsys, *args, "--json"))
    assert doc["period"]["label"] == "2023" and sorted(a["app_id"] for a in doc["applications"]) == ["K1", "K2"]


# 7. The workbook's 办电 sheets state the application log's coverage, not the outage data's


def test_workbook_application_sheets_state_the_application_logs_coverage(tmp_path):
    """Outage data 2019-01-01 .. 2024-12-31, application log 2020-01-01 .. 2024-05-31: an outage sheet's second
    row names the first span, a 办电 sheet's the second (and working days, not SAIDI); without the log's coverage
    a 办电 sheet names none, never the outage data's."""
    import datetime as dt

    import openpyxl
    import pandas as pd

    from lqrel.coverage import Coverage
    from lqrel.report.export import write_workbook

    outages = Coverage(dt.date(2019, 1, 1), dt.date(2024, 12, 31), False, False)
    apps = Coverage(dt.date(2020, 1, 1), dt.date(2024, 5, 31), False, False, what="applications")
    indices = pd.DataFrame({"area": ["urban"], "saidi_h": [1.5]})
    types = pd.DataFrame({"customer_type": ["residential"], "applications": [2], "on_time": [2]})
    tables = {"indices": indices, "connection_types": types, "connection_facts": {"coverage": apps}}
    book = openpyxl.load_workbook(write_workbook(tables, tmp_path / "a.xlsx", "zh", coverage=outages))
    assert "数据覆盖：2019-01-01 至 2024-12-31" in book["分区指标"]["A2"].value
    second = book["办电时长"]["A2"].value
    assert "业扩申请记录覆盖：2020-01-01 至 2024-05-31" in second and "工作日" in second
    assert "2019-01-01" not in second and "2024-12-31" not in second and "SAIDI" not in second
    bare = openpyxl.load_workbook(write_workbook({"connection_types": types}, tmp_path / "b.xlsx", "en",
                                                 coverage=outages))
    assert "2019-01-01" not in bare["Connection time"]["A2"].value


# 7. every command that reads the outage log names the rows in no figure (sixth trial: indices left out an event
# beyond the coverage, saying only that the period was partly covered)


@pytest.mark.parametrize("command", [
    ["indices", "--period", "2024"], ["check", "--year", "2024"], ["summary", "--year", "2024"],
    ["med", "--year", "2024"], ["frequent", "--year", "2024"], ["budget", "--year", "2024"],
    ["forecast", "--as-of", "2024-06-30"], ["rank", "--year", "2024"]])
def test_every_command_on_the_log_names_the_rows_in_no_figure(tmp_path, capsys, command):
    """The tiny county's three outages of 2024 (row 2-4), one row whose count is a word (row 5, rejected) and one
    outage of February 2025, after the declared coverage (row 6, kept out of every figure): each command's text and
    JSON name both rows, under the reconciliation of the rows read (5 = 4 accepted + 1 rejected)."""
    from tests.test_cli_trial_findings import EVENTS

    extra = ["TD8,冶源镇,10kV冶源01线,农村,故障停电,雷击,内部,2024-04-01 08:00,2024-04-01 09:00,五十",
             "TD9,冶源镇,10kV冶源01线,农村,故障停电,雷击,内部,2025-02-01 08:00,2025-02-01 09:00,300"]
    params = county(tmp_path, events=[*EVENTS, *extra])
    text = run(capsys, *command, "--params", params, "--lang", "zh")
    assert "读取 5 行 = 接受 4 + 拒收 1 + 重复 0" in text
    assert "停电记录读入 5 行，其中 1 行（20.0%）被拒收，不计入任何指标：第 5 行" in text
    assert "1 条停电的开始时间在数据覆盖期 2024-01-01 至 2024-12-31 之外" in text and "行号 6" in text
    doc = json.loads(run(capsys, *command, "--params", params, "--json"))
    assert doc["input"]["rejected"] == 1
    assert {n["code"] for n in doc["notes"]} >= {"rejected_rows", "outside_coverage"}


# 8. a year without a verdict: the error says why and what would give one (sixth trial: it pointed to a forecast
# that had nothing to project, and never named the event cut off by a quiet summer)

HEADER_M = "停电起始时间,复电时间,停电户数,所属供电所,城乡\n"
CUSTOMERS_M = "区域,年份,用户数\n城镇,2024,1000\n农村,2024,2000\n"


def _export(tmp_path, rows: list[str]) -> tuple[str, str]:
    (tmp_path / "停电.csv").write_text(HEADER_M + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "户数.csv").write_text(CUSTOMERS_M, encoding="utf-8")
    return str(tmp_path / "停电.csv"), str(tmp_path / "户数.csv")


def test_an_outage_cut_off_by_quiet_months_is_named_and_a_declared_coverage_gives_the_verdict(tmp_path, capsys):
    """Outages in January, March, June and November 2024 (rows 2-5); July-October empty, so the inferred coverage
    ends in June and row 5 lies outside it: no verdict, row 5 named with the setting that declares the coverage.
    Declared through 31 December: urban (2 h x 100 + 1 h x 50) / 1000 = 0.25 h, rural (2.5 h x 200 + 1.5 h x 400)
    / 2000 = 0.55 h, both under their limits: 达标."""
    log, customers = _export(tmp_path, [
        "2024-01-10 08:00,2024-01-10 10:00,100,城关街道,城镇", "2024-03-05 09:30,2024-03-05 12:00,200,五井镇,农村",
        "2024-06-20 14:00,2024-06-20 15:30,400,五井镇,农村", "2024-11-02 08:00,2024-11-02 09:00,50,城关街道,城镇"])
    assert main(["check", log, "--customers", customers, "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "2024 年有 1 条停电（第 5 行）在覆盖期之外" in err
    assert "coverage: {from: 2024-01-01, through: 2024-12-31}" in err
    assert "lqrel forecast" not in err
    doc = json.loads(run(capsys, "check", log, "--customers", customers, "--year", "2024", "--data-through",
                         "2024-12-31", "--json"))
    assert {r["area"]: round(r["saidi_h"], 9) for r in doc["rows"]} == {"urban": 0.25, "rural": 0.55}
    assert all(r["met"] is True for r in doc["rows"])
    # declared through 30 June (an export taken in July holding a later row): row 5 is after the declared end, as
    # the user said, so the year is simply not over: the projection is named, not the quiet months
    assert main(["check", log, "--customers", customers, "--year", "2024", "--data-through", "2024-06-30"]) == 2
    err = capsys.readouterr().err
    assert "lqrel forecast --as-of 2024-06-30" in err and "隔着连续多月无停电" not in err


def test_a_year_outside_the_data_and_a_log_starting_in_june_say_what_would_give_a_verdict(tmp_path, capsys):
    """Outages June-December 2024 only, through 31 December declared: the coverage starts on 1 June (the first
    outage's month), so 2024 has no year to date: no verdict and no projection, the coverage setting named.
    1990 is outside the data altogether: the fully covered years are named (none here)."""
    log, customers = _export(tmp_path, [f"2024-{m:02d}-05 08:00,2024-{m:02d}-05 09:00,10,五井镇,农村"
                                        for m in range(6, 13)])
    args = ["--customers", customers, "--data-through", "2024-12-31"]
    assert main(["check", log, *args, "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "数据从 2024-06-01 开始" in err and "不含 2024 年年初" in err and "coverage: {from: 2024-01-01" in err
    assert main(["check", log, *args, "--year", "1990"]) == 2
    assert "不含 1990 年，也没有完整覆盖的年份" in capsys.readouterr().err
    assert main(["check", log, *args, "--year", "1990", "--lang", "en"]) == 2
    assert "holds nothing of 1990, and no year is fully covered" in capsys.readouterr().err


# 9. inspect --write names the files it inspected: the written settings load them with no argument (sixth trial:
# a file with nothing to map got no settings file, and the next step failed on a file that did not exist)


def test_inspect_write_names_the_files_so_check_needs_only_the_settings(tmp_path, capsys):
    """The log and customers file of test 8 need no mapping; inspect --write still writes the settings, naming
    both files relative to the settings' folder, and check reads them from there: urban 0.25 h, rural 0.55 h."""
    log, customers = _export(tmp_path, [
        "2024-01-10 08:00,2024-01-10 10:00,100,城关街道,城镇", "2024-03-05 09:30,2024-03-05 12:00,200,五井镇,农村",
        "2024-06-20 14:00,2024-06-20 15:30,400,五井镇,农村", "2024-11-02 08:00,2024-11-02 09:00,50,城关街道,城镇"])
    settings = tmp_path / "county" / "params.yaml"
    settings.parent.mkdir()
    settings.write_text("coverage: {from: 2024-01-01, through: 2024-12-31}\n", encoding="utf-8")
    out = run(capsys, "inspect", log, customers, "--write", str(settings))
    assert "确定的设置：无需新增" in out
    assert yaml.safe_load(settings.read_text(encoding="utf-8")) == {
        "coverage": {"from": dt.date(2024, 1, 1), "through": dt.date(2024, 12, 31)},
        "events": str(tmp_path / "停电.csv"), "customers": str(tmp_path / "户数.csv")}  # outside its folder: whole
    doc = json.loads(run(capsys, "check", "--params", str(settings), "--year", "2024", "--json"))
    assert {r["area"]: round(r["saidi_h"], 9) for r in doc["rows"]} == {"urban": 0.25, "rural": 0.55}
    beside = tmp_path / "params.yaml"
    run(capsys, "inspect", log, "--write", str(beside))
    assert yaml.safe_load(beside.read_text(encoding="utf-8")) == {"events": "停电.csv"}


def test_frequent_on_a_log_without_feeders_says_why_there_is_none(tmp_path, capsys):
    """The log of test 8 has no feeder column; frequent outages are counted by feeder (the default level)."""
    log, customers = _export(tmp_path, [
        "2024-01-10 08:00,2024-01-10 10:00,100,城关街道,城镇", "2024-01-12 08:00,2024-01-12 10:00,100,城关街道,城镇"])
    out = run(capsys, "frequent", log, "--customers", customers, "--year", "2024", "--data-through", "2024-12-31")
    assert "无：频繁停电按线路统计（frequent_outages.level），而停电记录没有线路列（线路、线路名称）" in out
    assert json.loads(run(capsys, "frequent", log, "--customers", customers, "--year", "2024", "--data-through",
                          "2024-12-31", "--json"))["units"] == []


def test_inspect_write_leaves_a_settings_file_alone_when_it_names_another_file_and_says_so(tmp_path, capsys):
    """The settings already name another customers file: inspect --write of a new one changes nothing (the file,
    comments included, as it was; no backup) and says which line it kept, with both values (seventh trial: it
    said 已合并 and rewrote the file without its comments while check went on reading the old file)."""
    _, customers = _export(tmp_path, ["2024-01-10 08:00,2024-01-10 10:00,100,城关街道,城镇"])
    settings = tmp_path / "p.yaml"
    before = "# the county's settings\ncustomers: old/户数.csv\n"
    settings.write_text(before, encoding="utf-8")
    out = run(capsys, "inspect", customers, "--write", str(settings))
    assert settings.read_text(encoding="utf-8") == before and not (tmp_path / "p.yaml.bak").exists()
    assert "没有确定的设置需要写入" in out
    assert "未改（要改用本次的值，请手动修改这些行）：customers：文件中为 old/户数.csv，本次为 户数.csv" in out


def test_inspect_offers_no_command_line_map_for_a_customers_file(tmp_path, capsys):
    """A commands' --map maps the outage log; for a customers file inspect offers the settings line, or its own
    --map with --write (seventh trial: 或运行时加 --map area=所属区域 sent check looking for area in the log)."""
    path = tmp_path / "户数.csv"
    path.write_text("所属区域,统计月份,户数\n城镇,2024-01,100\n农村,2024-01,50\n", encoding="utf-8")
    out = run(capsys, "inspect", str(path))
    assert "      customers_columns: {area: 所属区域}" in out
    assert "或 lqrel inspect 加 --map area=所属区域 --write 写入设置（其他命令的 --map 只用于停电记录）" in out
    assert "或运行时加 --map" not in out


def test_the_period_is_named_as_readers_write_it(tmp_path, capsys):
    """indices and connect name the period in words (2024年上半年), not as --period takes it (2024H1)."""
    params = county(tmp_path)
    assert run(capsys, "indices", "--params", params, "--period", "2024H1").startswith("期间 2024年上半年：2024-01-01")
    assert run(capsys, "indices", "--params", params, "--period", "2024Q1", "--lang", "en").startswith(
        "Period 2024 Q1: 2024-01-01")
