"""Peer benchmark (issue 29, point 5; docs/spec.md §3a): the benchmark file, the gap to the best peer per area, and
the 同类地区对比 of the report page, the Word document and the workbook.

The test files under tests/data/benchmark are made-up peers (example.org sources) shaped like the file a user
keeps: ``peers_zh.csv`` saved by Excel in GB18030 with a full-width （小时） header, ``peers_en.csv`` with English
headers. The county's figures come from the shipped sample, whose yearly SAIDI data/README.md states (2023: urban
7.09 h, rural 10.63 h).
"""

from __future__ import annotations

import math
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from lqrel.benchmark import compare, county_year, load_benchmark, peer_comparison
from lqrel.errors import InputError, LqrelError
from lqrel.params import load_params
from lqrel.report import present
from lqrel.report.export import sheet_names, write_workbook
from lqrel.report.peer_sentences import gap_sentences
from lqrel.report.present import report_sections
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx
from tests.conftest import sample_dataset

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "benchmark"
HEADER_ZH = "名称,年份,区域,用户平均停电时间(小时),来源,备注\n"
HOURS = "用户平均停电时间(小时)"
#: The start of the sentences on the county's urban and rural SAIDI.
URBAN, RURAL = "城镇用户平均停电时间", "农村用户平均停电时间"


def shown(tables: dict, section) -> str:
    """The HTML a report section displays."""
    out: list[str] = []
    original = present._display
    present._display = out.append
    try:
        section(tables)
    finally:
        present._display = original
    return "".join(out)


def write_csv(folder: Path, body: str, name: str = "b.csv") -> Path:
    path = folder / name
    path.write_text(HEADER_ZH + body, encoding="utf-8")
    return path


# --- the file -------------------------------------------------------------------------------------------------

def test_chinese_headers_in_gb18030_with_full_width_parentheses():
    b = load_benchmark(DATA / "peers_zh.csv")
    assert list(b["name"]) == ["甲县", "乙县", "甲县", "乙县", "全国"]
    assert list(b["year"]) == [2023, 2023, 2023, 2022, 2021]
    assert list(b["area"]) == ["urban", "urban", "rural", "rural", "all"]
    assert list(b["saidi_h"]) == [4.0, 6.1, 9.5, 8.0, 10.0]
    assert b["source"].iloc[0] == "《甲县供电公司2023年供电可靠性报告》 https://example.org/jia-2023"
    assert list(b["note"]) == ["测试用数字", "测试用数字", "", "较早的年份", ""]


def test_english_headers():
    b = load_benchmark(DATA / "peers_en.csv")
    assert b[["name", "year", "area", "saidi_h"]].values.tolist() == [["Peer A", 2023, "urban", 4.0],
                                                                        ["Peer B", 2023, "rural", 12.5]]
    assert list(b["source"]) == ["Test source A https://example.org/a", "Test source B https://example.org/b"]


def test_an_excel_file_with_typed_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["同类地区对比"])  # a title row above the header, as a kept sheet often has
    ws.append(["名称", "年份", "区域", "用户平均停电时间（小时）", "来源"])
    ws.append(["丙市", 2022, "农村", 7.25, "《丙市电力可靠性公报》 https://example.org/bing"])
    ws.append(["丁市", 2022, "全口径", 3, "《丁市年鉴》 https://example.org/ding"])
    wb.save(tmp_path / "peers.xlsx")
    b = load_benchmark(tmp_path / "peers.xlsx")
    assert b[["name", "year", "area", "saidi_h", "note"]].values.tolist() == [["丙市", 2022, "rural", 7.25, ""],
                                                                              ["丁市", 2022, "all", 3.0, ""]]


def test_a_figure_without_a_source_is_refused_with_its_row():
    with pytest.raises(InputError) as refused:
        load_benchmark(DATA / "no_source.csv")
    error = refused.value
    assert error.code == "benchmark_no_source"
    assert error.text("zh").startswith("no_source.csv 第 3 行，来源 列：没有来源")
    assert str(error).startswith("no_source.csv, row 3, column 来源: no source")


@pytest.mark.parametrize(("row", "code", "column", "value"), [
    ("甲县,二〇二三,城镇,4.0,《甲》 https://example.org/a,", "benchmark_bad_year", "年份", "二〇二三"),
    ("甲县,2023.5,城镇,4.0,《甲》 https://example.org/a,", "benchmark_bad_year", "年份", "2023.5"),
    ("甲县,2023,郊区,4.0,《甲》 https://example.org/a,", "benchmark_bad_area", "区域", "郊区"),
    ("甲县,2023,城镇,约4小时,《甲》 https://example.org/a,", "benchmark_bad_hours", HOURS, "约4小时"),
    ("甲县,2023,城镇,-1,《甲》 https://example.org/a,", "benchmark_bad_hours", HOURS, "-1"),
    (",2023,城镇,4.0,《甲》 https://example.org/a,", "benchmark_no_name", "名称", ""),
])
def test_a_row_that_cannot_be_read_names_file_row_column_and_value(tmp_path, row, code, column, value):
    path = write_csv(tmp_path, "乙县,2023,农村,6.1,《乙》 https://example.org/b,\n" + row + "\n")
    with pytest.raises(InputError) as refused:
        load_benchmark(path)
    assert refused.value.code == code
    assert refused.value.fields == {"file": "b.csv", "row": 3, "column": column, "value": value}
    assert "b.csv 第 3 行" in refused.value.text("zh") and "b.csv, row 3" in str(refused.value)


def test_the_shipped_file_has_its_header_and_only_sourced_figures():
    b = load_benchmark(ROOT / "data" / "benchmark.csv")
    assert (b["source"].str.strip() != "").all()  # load_benchmark refuses any other; none invented
    header = (ROOT / "data" / "benchmark.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "名称,年份,区域,用户平均停电时间(小时),来源,备注"


# --- the comparison, by hand --------------------------------------------------------------------------------

def test_gap_to_the_best_peer_per_area_worked_by_hand():
    """County urban 5.2 h against the 2023 peers 4.0 h (甲县) and 6.1 h (乙县): best 甲县, gap 1.2 h = 30% of
    4.0; 乙县 is 0.9 h worse than the county. Rural 2023: only 甲县 9.5 h is of the county's year (乙县's lower
    8.0 h is of 2022 and not used): gap 10.0 - 9.5 = 0.5 h. The whole: the file has only 2021 (全国 10.0 h)."""
    t = compare({"urban": 5.2, "rural": 10.0, "all": 7.0}, 2023, load_benchmark(DATA / "peers_zh.csv"))
    assert t.attrs["county_year"] == 2023
    assert t[["area", "peer", "peer_year", "best_peer"]].values.tolist() == [
        ["urban", "甲县", 2023, True], ["urban", "乙县", 2023, False], ["rural", "甲县", 2023, True],
        ["all", "全国", 2021, True]]
    assert t["gap_h"].tolist() == pytest.approx([1.2, -0.9, 0.5, -3.0])
    assert t["gap_share"].tolist() == pytest.approx([0.30, -0.9 / 6.1, 0.5 / 9.5, -0.30])
    assert t["county_saidi_h"].tolist() == [5.2, 5.2, 10.0, 7.0]
    assert t["peer_source"].iloc[1] == "《乙县统计公报2023》 https://example.org/yi-2023"


def test_without_figures_of_the_year_the_latest_year_is_used():
    """County year 2022: rural has 乙县 2022 (8.0 h); urban has no 2022, so its latest year, 2023, both peers."""
    t = compare({"urban": 5.2, "rural": 7.0}, 2022, load_benchmark(DATA / "peers_zh.csv"))
    rural = t[t["area"] == "rural"]
    assert rural[["peer", "peer_year", "gap_h"]].values.tolist() == [["乙县", 2022, pytest.approx(-1.0)]]
    assert t[t["area"] == "urban"]["peer_year"].tolist() == [2023, 2023]
    assert math.isnan(t[t["area"] == "all"]["gap_h"].iloc[0])  # the county's whole figure not given: no gap


def test_gap_sentences():
    t = compare({"urban": 5.2, "rural": 10.0, "all": 7.0}, 2023, load_benchmark(DATA / "peers_zh.csv"))
    zh = gap_sentences(t, "zh")
    assert zh[0] == URBAN + "（2023年 5.20 小时）比文件中最好的同类地区（甲县，2023年，4.00 小时）高 1.20 小时" \
                            "（30.0%）。"
    assert zh[1].startswith(RURAL + "（2023年 10.00 小时）比文件中最好的同类地区（甲县，2023年，9.50 小时）"
                                    "高 0.50 小时")
    assert zh[2] == ("全县用户平均停电时间（2023年 7.00 小时）比文件中最好的同类地区（全国，2021年，10.00 小时）"
                     "低 3.00 小时（30.0%）。（文件中没有全县 2023 年的同类数字，用的是文件中最近的 2021 年。）")
    en = gap_sentences(t, "en")
    assert en[0] == "Urban SAIDI (2023: 5.20 h) is 1.20 h (30.0%) above the best peer in the file (甲县, 2023: 4.00 h)."
    assert en[2] == ("County SAIDI (2023: 7.00 h) is 3.00 h (30.0%) below the best peer in the file (全国, 2021: "
                     "10.00 h). (The file has no 2023 figure for county; its latest, 2021, is used.)")


def test_the_section_shows_every_figure_with_its_source_escaped(tmp_path):
    path = write_csv(tmp_path, "甲县,2023,城镇,4.0,《甲县报告》 <img src=x onerror=alert(1)>,\n"
                               "乙县,2023,城镇,6.1,《乙县公报》 https://example.org/yi,\n")
    table = compare({"urban": 5.2}, 2023, load_benchmark(path))
    table.attrs["file"] = str(path)
    head = pd.DataFrame()
    head.attrs["verdict"] = True
    tables = {"headline": head, "sections": report_sections(benchmark=True), "benchmark": table}
    html = shown(tables, present.section_benchmark)
    assert '<h2 id="benchmark">' in html and "同类地区对比" in html
    assert "《乙县公报》 https://example.org/yi" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "高 1.20 小时（30.0%）" in html and "b.csv" in html


# --- the settings and the sample's reports ------------------------------------------------------------------

def test_the_setting_is_a_file_relative_to_the_settings_folder(tmp_path):
    (tmp_path / "params.yaml").write_text("benchmark: peers/b.csv\n", encoding="utf-8")
    assert load_params(tmp_path / "params.yaml").benchmark == (tmp_path / "peers" / "b.csv").absolute()
    assert load_params({}).benchmark is None
    assert load_params({"benchmark": ""}).benchmark is None
    with pytest.raises(LqrelError, match="expected the path of one file"):
        load_params({"benchmark": ["a.csv", "b.csv"]})


def test_the_county_year_is_the_last_finished_year_of_the_report():
    ds = sample_dataset({"benchmark": str(DATA / "peers_zh.csv")})
    assert county_year(ds, "2023") == 2023
    assert county_year(ds, "2024Q3") == 2023
    assert county_year(ds, "2019Q2") is None  # no year finished yet in the data
    t = peer_comparison(ds, "2024Q3")
    county = t.groupby("area")["county_saidi_h"].first()
    assert county["urban"] == pytest.approx(7.09, abs=0.005) and county["rural"] == pytest.approx(10.63, abs=0.005)
    assert peer_comparison(sample_dataset({"benchmark": str(ROOT / "data" / "benchmark.csv")}), "2023") is None


@pytest.fixture(scope="module")
def reports() -> dict:
    """The sample's quarterly and annual report tables with the test benchmark, and the annual with the shipped
    (header-only) file."""
    ds = sample_dataset({"benchmark": str(DATA / "peers_zh.csv")})
    empty = sample_dataset({"benchmark": str(ROOT / "data" / "benchmark.csv")})
    return {"ds": ds, "2024Q3": report_tables(ds, "2024Q3"), "2023": report_tables(ds, "2023"),
            "empty": report_tables(empty, "2023")}


@pytest.mark.slow
@pytest.mark.parametrize("period", ["2024Q3", "2023"])
def test_quarterly_and_annual_report_tables_hold_the_benchmark(reports, period):
    tables = reports[period]
    assert "benchmark" in tables["sections"]
    t = tables["benchmark"]
    assert t.attrs["county_year"] == 2023
    urban = t[(t["area"] == "urban") & t["best_peer"]].iloc[0]
    assert (urban["peer"], urban["peer_saidi_h"]) == ("甲县", 4.0)
    assert urban["gap_h"] == pytest.approx(7.09 - 4.0, abs=0.005)
    html = shown(tables, present.section_benchmark)
    assert "《乙县统计公报2023》 https://example.org/yi-2023" in html
    assert URBAN + "（2023年 7.09 小时）比文件中最好的同类地区（甲县，2023年，4.00 小时）高 3.09 小时" in html


@pytest.mark.slow
def test_the_shipped_header_only_file_gives_no_section_and_no_error(reports):
    tables = reports["empty"]
    assert "benchmark" not in tables and "benchmark" not in tables["sections"]
    assert shown(tables, present.section_benchmark) == ""


@pytest.mark.slow
def test_word_and_workbook_show_the_comparison_with_sources(reports, tmp_path):
    ds, tables = reports["ds"], reports["2023"]
    path = write_docx(tables, ds, ds.period("2023"), tmp_path / "y.docx", "zh")
    document = docx.Document(path)
    words = "\n".join(p.text for p in document.paragraphs)
    assert "、与同类地区对比" in words
    sentence = "1．" + URBAN + "（2023年 7.09 小时）比文件中最好的同类地区（甲县，2023年，4.00 小时）高 3.09 小时（"
    assert sentence in words
    share = float(words.split(sentence)[1].split("%")[0])
    assert (7.085 - 4.0) / 4.0 * 100 - 0.05 <= share <= (7.095 - 4.0) / 4.0 * 100 + 0.05
    assert RURAL + "（2023年 10.63 小时）比文件中最好的同类地区（甲县，2023年，9.50 小时）高 1.13 小时" in words
    rows = next([[c.text for c in r.cells] for r in t.rows] for t in document.tables
                if t.rows[0].cells[1].text == "同类地区")
    assert rows[1] == ["城镇", "甲县", "2023", "4.00", "7.09", "3.09",
                       "《甲县供电公司2023年供电可靠性报告》 https://example.org/jia-2023"]
    assert sheet_names("zh")["benchmark"] == "同类地区对比"
    book = openpyxl.load_workbook(write_workbook(tables, tmp_path / "y.xlsx", "zh"))
    sheet = [[c.value for c in r] for r in book["同类地区对比"].iter_rows(min_row=3)]
    assert sheet[0][:2] == ["区域", "同类地区"] and "来源" in sheet[0]
    assert sheet[1][sheet[0].index("来源")] == "《甲县供电公司2023年供电可靠性报告》 https://example.org/jia-2023"


def test_a_bad_benchmark_row_stops_the_report_before_its_notebook_runs(tmp_path):
    """The command's one clear error (file, row, column), not a failed notebook (a ReportError after a kernel)."""
    from lqrel.report.runner import build_report

    ds = sample_dataset({"benchmark": str(DATA / "no_source.csv")})
    with pytest.raises(InputError, match="no_source.csv, row 3, column 来源: no source"):
        build_report(ds, "2023", tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.html"))


def test_an_annual_report_with_every_optional_section_numbers_them_all():
    """Thirteen sections (办电时长 and 同类地区对比 both in): the last is numbered 十三 (the annual report once
    failed on an index past 十二)."""
    sections = report_sections(connection=True, benchmark=True)
    assert len(sections) == 13
    assert present.section_title("benchmark", sections) == "十一、同类地区对比"
    assert present.section_title("method", sections).startswith("十三、")
    assert present.section_title("method", sections, "en").startswith("13. ")
