"""``lqrel inspect``, the mapping assistant (issue 27 point 4): from an export lqrel has never seen to a verdict.

Each end-to-end test goes as a county analyst would: ``lqrel inspect`` on the export, the suggestions confirmed
(``--map`` for headers, the printed ``values:``/``duration_unit:`` line the analyst picks pasted into the
settings), ``--write`` for what is certain, then ``lqrel check`` on the written settings, whose verdict is worked
out by hand below each log. Customers served: 1000 urban and 500 rural in every month of 2024 (a file of our own).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string

import pandas as pd
import pytest
import yaml

from lqrel import messages
from lqrel.cli import main
from lqrel.inspect import inspect_file
from lqrel.params import load_params
from lqrel.settings_file import write_settings
from lqrel.vocab import APPLICATION_ALIASES, CUSTOMER_ALIASES, EVENT_ALIASES

URBAN_SERVED, RURAL_SERVED = 1000, 500


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def elsewhere(monkeypatch, tmp_path):
    """Run where no params.yaml lies (the repository's would name other files)."""
    monkeypatch.chdir(tmp_path)


def customers_file(folder):
    """Customers served in every month of 2024: :data:`URBAN_SERVED` urban, :data:`RURAL_SERVED` rural."""
    path = folder / "customers.csv"
    rows = [f"{a},2024-{m:02d},{n}" for m in range(1, 13) for a, n in (("城镇", URBAN_SERVED), ("农村", RURAL_SERVED))]
    path.write_text("区域,月份,用户数\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def customers(tmp_path):
    return customers_file(tmp_path)


def pasted(params_file, *lines: str) -> None:
    """What an analyst does with a printed settings line: adds it to the settings file (merging a ``values:``
    line into the ``values:`` already there)."""
    settings = yaml.safe_load(params_file.read_text(encoding="utf-8")) or {}
    for line in lines:
        for key, value in yaml.safe_load(line).items():
            if isinstance(value, dict):
                target = settings.setdefault(key, {}) or {}
                for column, table in value.items():
                    target.setdefault(column, {}).update(table)
                settings[key] = target
            else:
                settings[key] = value
    params_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


def printed_line(out: str, line: str) -> str:
    """The settings line as inspect printed it (the test fails if inspect did not print it)."""
    found = [x.strip() for x in out.splitlines() if x.strip() == line]
    assert found, f"inspect did not print {line!r}:\n{out}"
    return found[0]


def verdict(capsys, params_file, log, customers) -> dict:
    """Per area: SAIDI [h], whether it is within the limit, and the verdict (met; None when the limit is missed
    and the reduction cannot be judged: 2023 is not covered, docs/spec.md §7)."""
    code, out, err = run(capsys, "check", "--year", 2024, "--params", params_file, log, "--customers", customers,
                         "--json")
    assert code == 0, err
    return {r["area"]: (round(r["saidi_h"], 6), r["meets_limit"], r["met"]) for r in json.loads(out)["rows"]}


# An export with other header words, under a title line and an export date: the header is on row 3. Areas 城区
# (a known name for urban) and 乡镇 (unknown: the analyst says rural), natures 检修停电 (planned by its keyword)
# and 抢修 (unknown: the analyst says fault); E3's count is not a number.
TITLED = """临朐县2024年停电记录导出
导出时间：2025-01-03
事件编号,停电开始,停电结束,影响户数,所属区域,停电性质,线路名称,停电原因
E1,2024-01-10 08:00,2024-01-10 10:00,100,城区,检修停电,城关线,检修
E2,2024-03-05 09:00,2024-03-05 12:00,50,乡镇,抢修,五井线,树障
E3,2024-05-20 14:00,2024-05-20 15:00,abc,乡镇,故障,五井线,雷击
E8,2024-06-18 10:00,2024-06-18 10:30,60,城区,故障,城关线,树障
E4,2024-07-11 08:00,2024-07-11 13:00,200,城区,计划停电,城关线,
E5,2024-09-01 10:00,2024-09-01 11:30,80,农村,故障,冶源线,树障
E7,2024-11-02 00:00,2024-11-03 12:00,200,乡镇,故障,五井线,外力
E6,2024-12-15 08:00,2024-12-15 09:00,40,城区,故障,城关线,外力
"""
# By hand: urban E1 2 h x 100 + E8 0.5 h x 60 + E4 5 h x 200 + E6 1 h x 40 = 1270 customer-hours / 1000 = 1.27 h,
# within the limit (7 h): met. Rural E2 3 h x 50 + E5 1.5 h x 80 + E7 36 h x 200 = 7470 / 500 = 14.94 h, over the
# limit (10 h), and 2023 is not covered: no reduction to judge, so no verdict (None). E3 (line 6) is rejected: its
# count is not a number.


def test_other_header_words_under_a_title_line_to_a_verdict(capsys, tmp_path, customers):
    log = tmp_path / "停电记录.csv"
    log.write_bytes(TITLED.encode("gb18030"))  # a GBK-family export
    code, out, _ = run(capsys, "inspect", log)
    assert code == 0
    assert "编码：gb18030" in out and "文件类型：停电记录 (events)" in out and "表头在第 3 行" in out
    assert "  影响户数 → customers〔停电用户数〕（100、50、abc）" in out  # the field by its identifier and name
    assert "  停电开始 → 无（2024-01-10 08:00、2024-03-05 09:00、2024-05-20 14:00）" in out
    # the closest headers, offered for the analyst to confirm
    for field, header in (("start", "停电开始"), ("end", "停电结束"), ("area", "所属区域")):
        assert f"字段 {field} 没有对应的表头；最接近的是「{header}」（建议，请确认）" in out
        printed_line(out, f"columns: {{{field}: {header}}}")
    assert "无法加载" in out  # nothing loads before the fields are mapped

    params = tmp_path / "county.yaml"
    code, out, _ = run(capsys, "inspect", log, "--map", "start=停电开始", "--map", "end=停电结束", "--map",
                       "area=所属区域", "--write", params)
    assert code == 0
    assert "  所属区域（area〔区域〕）：识别 城区→城镇 4 行、农村 1 行；未识别 乡镇 3 行；空白 0" in out
    assert ("停电性质（nature〔停电性质〕）：识别 故障→故障停电 5 行、检修停电→预安排停电（按关键词）1 行、"
            "计划停电→预安排停电 1 行；未识别 抢修 1 行") in out
    # the real load: E2 and E7 (乡镇) rejected for their area first, E3 for its count
    assert "  读入 8 行：接受 5，无效 3，重复 0" in out
    assert "  地区特征无法识别（应为 城镇/农村）：2 行（第 5、10 行）" in out
    assert "  停电用户数不是数字：1 行（第 6 行）" in out
    # each unknown value with the line for each thing it could mean; the analyst decides
    for line in ("values: {area: {urban: [乡镇]}}", "values: {area: {rural: [乡镇]}}",
                 "values: {nature: {fault: [抢修]}}", "values: {nature: {planned: [抢修]}}"):
        printed_line(out, line)
    assert "已写入新文件" in out and "未写入的建议 2 条" in out
    assert out.rstrip().endswith("      values: {area: {urban: [乡镇]}} | values: {area: {rural: [乡镇]}}\n"
                                 "      values: {nature: {fault: [抢修]}} | values: {nature: {planned: [抢修]}}")
    written = yaml.safe_load(params.read_text(encoding="utf-8"))
    # the file itself too, relative to the settings' folder: the settings load it with no argument
    assert written == {"columns": {"start": "停电开始", "end": "停电结束", "area": "所属区域"}, "header_row": 3,
                       "events": "停电记录.csv"}

    pasted(params, printed_line(out, "values: {area: {rural: [乡镇]}}"),
           printed_line(out, "values: {nature: {fault: [抢修]}}"))
    assert verdict(capsys, params, log, customers) == {"urban": (1.27, True, True), "rural": (14.94, False, None)}


# Day-first dates (15/01/2024 settles it), a duration without a unit (the analyst says minutes) and the usual
# header words. C8 lasts 2 min: a short interruption, outside SAIDI (docs/spec.md §5).
DAY_FIRST = """编号,开始时间,停电时长,停电户数,城乡,停电性质
C1,15/01/2024 08:00,120,100,城镇,故障
C2,03/02/2024 09:00,60,300,农村,故障
C3,20/03/2024 10:00,90,200,城镇,计划停电
C4,05/05/2024 10:00,30,100,农村,故障
C5,07/07/2024 10:00,240,500,城镇,故障
C6,09/09/2024 10:00,600,400,农村,故障
C7,11/11/2024 10:00,45,40,城镇,故障
C8,12/12/2024 10:00,2,1000,农村,故障
"""
# By hand: urban 2 h x 100 + 1.5 h x 200 + 4 h x 500 + 0.75 h x 40 = 2530 / 1000 = 2.53 h, met; rural 1 h x 300 +
# 0.5 h x 100 + 10 h x 400 = 4350 / 500 = 8.70 h, met (C8 short, not counted).


def test_day_first_dates_and_a_duration_without_unit_to_a_verdict(capsys, tmp_path, customers):
    log = tmp_path / "export.csv"
    log.write_text(DAY_FIRST, encoding="utf-8-sig")
    params = tmp_path / "params.yaml"
    code, out, _ = run(capsys, "inspect", log, "--write", params)
    assert code == 0
    assert ("  开始时间（start〔开始时间〕）：格式 ##/##/#### ##:##，日在前（日/月/年），"
            "由数据确定（有大于 12 的日，如 15/01/2024 08:00") in out
    assert "停电时长：停电时长，表头未写单位（最大值 600），需设置 duration_unit" in out
    assert "无法加载" in out  # the loader refuses a duration without a unit
    printed_line(out, "duration_unit: h")
    assert yaml.safe_load(params.read_text(encoding="utf-8")) == {"date_order": "dmy", "events": "export.csv"}
    pasted(params, printed_line(out, "duration_unit: min"))
    assert verdict(capsys, params, log, customers) == {"urban": (2.53, True, True), "rural": (8.7, True, True)}


# No area column: the area comes from the town (供电所), the urban towns listed by the analyst under ``areas:``.
BY_TOWN = """停电开始时间,停电结束时间,停电户数,供电所
2024-01-10 08:00,2024-01-10 10:00,100,城关街道
2024-03-10 08:00,2024-03-10 09:00,100,五井镇
2024-05-10 08:00,2024-05-10 11:00,100,城关街道
2024-07-10 08:00,2024-07-10 10:00,250,冶源镇
2024-09-10 08:00,2024-09-10 09:00,500,城关街道
2024-11-10 08:00,2024-11-10 12:00,100,五井镇
2024-12-10 08:00,2024-12-10 09:00,100,城关街道
"""
# By hand: urban (城关街道) 2 h x 100 + 3 h x 100 + 1 h x 500 + 1 h x 100 = 1100 / 1000 = 1.10 h; rural (every other
# town) 1 h x 100 + 2 h x 250 + 4 h x 100 = 1000 / 500 = 2.00 h; both met.


def test_an_area_from_the_towns_to_a_verdict(capsys, tmp_path, customers):
    log = tmp_path / "export.csv"
    log.write_text(BY_TOWN, encoding="utf-8")
    code, out, _ = run(capsys, "inspect", log)
    assert code == 0 and "缺少必需字段：area" in out
    assert "  也可以由 供电所 判定城乡：列出城镇的供电所，其余为农村；供电所 的取值有：城关街道、五井镇、冶源镇" in out
    printed_line(out, "areas: {column: town, urban: [<城镇的名称>]}")
    params = tmp_path / "params.yaml"
    params.write_text("areas: {column: town, urban: [城关街道]}\n", encoding="utf-8")  # the analyst's list
    code, out, _ = run(capsys, "inspect", log, "--params", params)
    assert "  地区特征：按 params.yaml 的 areas 名单由 town 判定" in out and "缺少必需字段" not in out
    assert "  读入 7 行：接受 7，无效 0，重复 0" in out
    assert verdict(capsys, params, log, customers) == {"urban": (1.1, True, True), "rural": (2.0, True, True)}


def _workbook(path, sheets: dict[str, list[list]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def test_an_xlsx_sheet_named_2024_beside_an_empty_sheet_to_a_verdict(capsys, tmp_path, customers):
    at = dt.datetime
    rows = [["停电开始时间", "停电结束时间", "停电用户数", "地区特征"],
            [at(2024, 1, 5, 8), at(2024, 1, 5, 11), 100, "城镇"],
            [at(2024, 3, 5, 8), at(2024, 3, 5, 8, 30), 200, "农村"],
            [at(2024, 5, 5, 8), at(2024, 5, 5, 14), 100, "农村"],
            [at(2024, 7, 5, 8), at(2024, 7, 5, 10), 500, "城镇"],
            [at(2024, 9, 5, 8), at(2024, 9, 5, 9), 250, "农村"],
            [at(2024, 11, 5, 8), at(2024, 11, 5, 12), 1500, "城镇"],
            [at(2024, 12, 5, 8), at(2024, 12, 5, 9), 100, "农村"]]
    # By hand: urban 3 h x 100 + 2 h x 500 + 4 h x 1500 = 7300 / 1000 = 7.30 h, over the limit (no verdict); rural
    # 0.5 h x 200 + 6 h x 100 + 1 h x 250 + 1 h x 100 = 1050 / 500 = 2.10 h, met.
    log = tmp_path / "停电记录.xlsx"
    _workbook(log, {"Sheet1": [], "2024年": rows})
    params = tmp_path / "params.yaml"
    code, out, _ = run(capsys, "inspect", log, "--write", params)
    assert code == 0
    assert "工作表：Sheet1（0 行）、2024年（8 行）；读取「2024年」" in out
    assert "  停电开始时间（start〔开始时间〕）：格式 Excel，Excel 日期单元格（无需日月顺序）" in out
    assert "  读入 7 行：接受 7，无效 0，重复 0" in out
    assert yaml.safe_load(params.read_text(encoding="utf-8")) == {"sheet": "2024年", "events": "停电记录.xlsx"}
    assert verdict(capsys, params, log, customers) == {"urban": (7.3, False, None), "rural": (2.1, True, True)}


def test_write_merges_into_settings_without_dropping_any(tmp_path):
    params = tmp_path / "params.yaml"
    original = ("# our county\ntimezone: Asia/Shanghai   # local time\ncolumns: {}\n"
                "values:\n  area: {urban: [县城区]}\ntargets:\n  urban: {max_saidi_h: 7}\n")
    params.write_text(original, encoding="utf-8")
    # a key left empty is filled in place, a new key appended: every other line and comment as it was
    outcome = write_settings(params, {"columns": {"start": "停电开始"}, "header_row": 3})
    text = params.read_text(encoding="utf-8")
    assert outcome["rewritten"] is False and "# our county" in text and "# local time" in text
    assert text.startswith("# our county\ntimezone: Asia/Shanghai   # local time\ncolumns:\n  start: 停电开始\n")
    settings = load_params(params)
    assert settings.columns == {"start": ("停电开始",)} and settings.header_row == 3
    assert settings.values == {"area": {"urban": ("县城区",)}}
    # a key already set: merged (headers gathered, the file's own header_row kept), the old text kept beside it
    outcome = write_settings(params, {"columns": {"start": "开始", "end": "停电结束"}, "header_row": 4})
    assert outcome["rewritten"] is True and outcome["kept"] == ["header_row"]
    settings = load_params(params)
    assert settings.columns == {"start": ("停电开始", "开始"), "end": ("停电结束",)} and settings.header_row == 3
    assert settings.timezone == "Asia/Shanghai" and settings.values == {"area": {"urban": ("县城区",)}}
    assert settings.targets.max_saidi_h["urban"] == 7
    assert (tmp_path / "params.yaml.bak").read_text(encoding="utf-8") == text


def test_a_customers_file_is_recognised_and_its_mapping_written_under_its_own_key(capsys, tmp_path):
    path = tmp_path / "户数.csv"
    path.write_text("所属区域,统计月份,总户数\n城镇,2024-01,1000\n农村,2024-01,500\n", encoding="utf-8")
    found = inspect_file(path, load_params(None))
    # 统计月份 is a customers-file word (月份 too); 所属区域 and 总户数 are no known header of any kind
    assert found.kind == "customers" and found.scores == {"events": 0, "customers": 1, "applications": 0}
    assert found.header_row == 1 and found.missing == ["area", "customers"]
    assert [s["choices"] for s in found.suggestions] == [[{"customers_columns": {"area": "所属区域"}}],
                                                         [{"customers_columns": {"customers": "总户数"}}]]
    params = tmp_path / "p.yaml"
    code, out, _ = run(capsys, "inspect", path, "--kind", "customers", "--map", "area=所属区域", "--map",
                       "customers=总户数", "--write", params)
    assert code == 0 and "文件类型：用户数文件 (customers)" in out and "缺少必需字段" not in out
    # customers here are the customers served (用户数), not those an outage interrupted (停电用户数)
    assert "  总户数 → customers〔用户数〕（1000、500）" in out
    assert yaml.safe_load(params.read_text(encoding="utf-8")) == {"customers_columns": {"area": "所属区域",
                                                                                        "customers": "总户数"},
                                                                  "customers": "户数.csv"}


def test_a_map_tells_the_kind_when_no_header_does(tmp_path):
    """No header names any field: the outage log by default; a ``--map`` of a customers-file field alone (month)
    makes it a customers file."""
    path = tmp_path / "户数.csv"
    path.write_text("片区,统计期,户数合计\n城镇,2024-01,1000\n", encoding="utf-8")
    assert inspect_file(path, load_params(None)).kind == "events"
    found = inspect_file(path, load_params(None), maps=["month=统计期"])
    assert found.kind == "customers" and found.snippet == {"customers_columns": {"month": "统计期"}}


def test_an_application_log_value_outside_the_vocabulary_lists_every_type(tmp_path):
    path = tmp_path / "业扩.csv"
    path.write_text("申请编号,用户类别,业务受理开始时间,装表接电完成时间\nA1,居民,2024-01-02 09:00,2024-01-05 10:00\n"
                    "A2,小微企业,2024-01-03 09:00,2024-01-08 10:00\n", encoding="utf-8")
    found = inspect_file(path, load_params(None))
    assert found.kind == "applications" and found.missing == []
    hits = {v["field"]: v for v in found.vocabulary}["customer_type"]
    assert hits["hits"] == [["居民", "residential", 1, "alias"]] and hits["misses"] == [["小微企业", 1]]
    (suggestion,) = [s for s in found.suggestions if s["what"] == "value"]
    types = ["residential", "lv_sanling", "lv_other", "hv10_single", "hv10_dual", "hv35_single", "hv35_dual"]
    assert suggestion["choices"] == [{"applications_values": {"customer_type": {t: ["小微企业"]}}} for t in types]


def test_a_parquet_export_and_json_keys(capsys, tmp_path):
    path = tmp_path / "events.parquet"
    pd.DataFrame({"停电开始时间": ["2024-01-05 08:00"], "停电结束时间": ["2024-01-05 09:00"], "停电户数": [10],
                  "地区特征": ["城镇"]}).to_parquet(path)
    code, out, _ = run(capsys, "inspect", path, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["failed"] == [] and doc["snippet"] == {}
    (found,) = doc["files"]
    assert found["kind"] == "events" and [c["field"] for c in found["columns"]] == ["start", "end", "customers", "area"]
    assert {k: found["load"][k] for k in ("rows_read", "accepted", "rejected")} == {"rows_read": 1, "accepted": 1,
                                                                                  "rejected": 0}


def test_english_on_request_and_a_bad_map_is_one_line(capsys, tmp_path):
    log = tmp_path / "export.csv"
    log.write_text(DAY_FIRST, encoding="utf-8")
    code, out, _ = run(capsys, "inspect", log, "--lang", "en")
    assert code == 0
    assert "File kind: outage log (events)" in out and "Header on row 1" in out
    assert ("  开始时间 (start): shape ##/##/#### ##:##, day first (day/month/year), settled by the values (a day "
            "above 12, e.g. 15/01/2024 08:00") in out
    assert "Suggestions (yours to confirm, never written by themselves):" in out
    code, _, err = run(capsys, "inspect", log, "--kind", "events", "--map", "nope=开始时间")
    assert code == 2 and err.count("\n") == 1 and "--map 'nope=开始时间'" in err


def test_monthly_files_write_one_mapping(capsys, tmp_path):
    """Two months of one export: their mappings written once; the header row, on row 3 in one file and row 1 in the
    other, left to the loader's search and named."""
    january, february = tmp_path / "2024-01.csv", tmp_path / "2024-02.csv"
    january.write_text(TITLED, encoding="utf-8")
    february.write_text(TITLED.split("\n", 2)[2], encoding="utf-8")
    params = tmp_path / "params.yaml"
    code, out, _ = run(capsys, "inspect", january, february, "--kind", "events", "--map", "start=停电开始", "--map",
                       "end=停电结束", "--map", "area=所属区域", "--write", params)
    assert code == 0 and out.count("表头在第 3 行") == 1 and out.count("表头在第 1 行") == 1
    assert "各文件的 header_row 不同，未写入" in out
    assert yaml.safe_load(params.read_text(encoding="utf-8")) == {
        "columns": {"start": "停电开始", "end": "停电结束", "area": "所属区域"},
        "events": ["2024-01.csv", "2024-02.csv"]}


#: Codes that only lay out their arguments (no words of their own).
LAYOUT_CODES = {"kind_score", "choice", "column_line", "field_named"}


@pytest.mark.parametrize("kind, aliases", [("events", EVENT_ALIASES), ("customers", CUSTOMER_ALIASES),
                                           ("applications", APPLICATION_ALIASES)])
def test_every_field_of_every_kind_of_file_has_a_chinese_name(kind, aliases):
    prefix = "field_" if kind == "events" else f"field_{kind}."
    for field in aliases:
        name = messages.text(prefix + field, {}, "zh", "cli")
        assert re.search(r"[\u4e00-\u9fff]", name), (kind, field)
        assert messages.text(prefix + field, {}, "en", "cli") == field  # English shows the identifier alone


def test_every_inspect_message_reads_in_both_languages():
    family = messages.CATALOGUES["inspect"]
    for code, templates in family.items():
        assert set(templates) == {"zh", "en"}, code
        fields = [{f for _, f, _, _ in string.Formatter().parse(templates[lang]) if f} for lang in ("zh", "en")]
        assert fields[0] == fields[1], code
        if code not in LAYOUT_CODES:
            assert re.search(r"[\u4e00-\u9fff]", templates["zh"]), code
            assert not re.search(r"[\u4e00-\u9fff]", templates["en"]), code
