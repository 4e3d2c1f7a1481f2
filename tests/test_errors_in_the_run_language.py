"""A new user's trial (default language Chinese): the errors and lines that still came out in English or half
English. Each is checked on a tiny file in both languages: the Chinese text in full, the English one English.
Expected texts worked by hand from the files below (not copied from the program's output)."""

from __future__ import annotations

import json
import re

import pytest

from lqrel.cli import main
from tests.test_cli_trial_findings import EVENTS, county

CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A folder of its own, no settings file, no language in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LQREL_LANG", raising=False)
    return tmp_path


def workbook(folder) -> str:
    """An XLSX whose only sheet is 2024年, holding a header and one row."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "2024年"
    wb.active.append(["停电编号", "停电用户数"])
    wb.active.append(["TD1", 10])
    path = folder / "m2.xlsx"
    wb.save(path)
    return str(path)


# 1. a sheet that is not there: named in Chinese, with the sheets there are


def test_a_missing_sheet_is_refused_in_chinese_naming_the_sheets_there_are(here, capsys):
    book = workbook(here)
    code, _, err = run(capsys, "validate", book, "--sheet", "2023年")
    assert code == 2
    assert err == f"lqrel：错误：{book}：没有名为「2023年」的工作表（现有工作表：2024年）\n"
    _, _, err = run(capsys, "validate", book, "--sheet", "2023年", "--lang", "en")
    assert err == f"lqrel: error: {book}: no sheet named '2023年' (sheets: 2024年)\n"


def test_a_sheet_number_beyond_the_workbook_is_refused_in_chinese(here, capsys):
    book = workbook(here)
    code, _, err = run(capsys, "inspect", book, "--sheet", "5")
    assert code == 2
    assert err == f"lqrel：错误：{book}：没有第 5 个工作表（现有工作表：2024年）\n"
    _, _, err = run(capsys, "inspect", book, "--sheet", "5", "--lang", "en")
    assert err == f"lqrel: error: {book}: no sheet number 5 (sheets: 2024年)\n"


# 2. a folder where a file is expected: what the file should be, in the run's language


def test_a_folder_given_as_a_file_is_refused_all_in_chinese(here, capsys):
    folder = here / "导出"
    folder.mkdir()
    code, _, err = run(capsys, "inspect", str(folder))
    assert code == 2
    assert err == f"lqrel：错误：{folder}：是文件夹，应为CSV、XLSX 或 Parquet 文件\n"
    _, _, err = run(capsys, "inspect", str(folder), "--lang", "en")
    assert err == f"lqrel: error: {folder}: is a folder, expected a CSV, XLSX or Parquet file\n"


def test_a_folder_given_as_the_planned_outages_names_that_file_in_chinese(here):
    from lqrel.budget import load_plans
    from lqrel.errors import InputError

    with pytest.raises(InputError) as err:
        load_plans(here)
    assert err.value.text("zh") == f"{here}：是文件夹，应为计划停电的 CSV 文件"
    assert err.value.text("en") == f"{here}: is a folder, expected a CSV file of planned outages"


# 3. a YAML syntax error: file, line and column, and what is likely wrong, in Chinese


def test_an_unclosed_bracket_in_the_settings_is_named_in_chinese_where_it_opens(here, capsys):
    """``coverage: {`` — the brace is the 11th character of line 1 (8 letters, the colon, a space, the brace);
    PyYAML's own mark is the end of the file (line 2, column 1), where nothing is to be seen."""
    params = here / "params.yaml"
    params.write_text("coverage: {from: 2024-01-01\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--params", str(params), "--year", "2024")
    assert code == 2
    assert err == f"lqrel：错误：{params} 第 1 行第 11 列：YAML 格式错误（这里开始的括号或引号未闭合？）\n"
    _, _, err = run(capsys, "check", "--params", str(params), "--year", "2024", "--lang", "en")
    assert err.startswith(f"lqrel: error: {params}, line 1, column 11: malformed YAML (a bracket or quote opened "
                          "here is probably never closed; PyYAML says: expected ',' or '}', but got '<stream end>')")
    assert not CJK.search(err)


def test_a_tab_in_the_settings_indentation_is_named_in_chinese(here, capsys):
    params = here / "params.yaml"
    params.write_text("coverage:\n\tfrom: 2024-01-01\n", encoding="utf-8")
    _, _, err = run(capsys, "check", "--params", str(params), "--year", "2024")
    assert err == f"lqrel：错误：{params} 第 2 行第 1 列：YAML 格式错误（缩进里有制表符？请改用空格）\n"
    _, _, err = run(capsys, "check", "--params", str(params), "--year", "2024", "--lang", "en")
    assert "line 2, column 1: malformed YAML (probably a tab in the indentation: indent with spaces" in err


# 4. lqrel inspect: the same error prefix as every command, the file named once


def test_inspect_errors_have_the_usual_prefix_and_name_the_file_once(here, capsys):
    binary = here / "bin.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    code, _, err = run(capsys, "inspect", str(binary))
    assert code == 2
    assert err == f"lqrel：错误：{binary}：不是文本文件（二进制内容），应为 CSV\n"
    _, _, err = run(capsys, "inspect", str(binary), "--lang", "en")
    assert err == f"lqrel: error: {binary}: not a text file (binary content); expected CSV\n"


def test_inspect_names_the_file_of_an_error_that_does_not(here, capsys):
    """A --map item without '=' is refused without naming a file: the line names it, once."""
    log = here / "log.csv"
    log.write_text("停电编号,停电用户数\nTD1,10\n", encoding="utf-8")
    _, _, err = run(capsys, "inspect", str(log), "--kind", "events", "--map", "foo")
    assert err.startswith(f"lqrel：错误：{log}：--map 'foo'：") and err.count(str(log)) == 1
    _, _, err = run(capsys, "inspect", str(log), "--kind", "events", "--map", "foo", "--lang", "en")
    assert err.startswith(f"lqrel: error: {log}: --map 'foo': expected ") and err.count(str(log)) == 1
    # the kind of file by its name, not its identifier in an English article ("a events file")
    assert err.rstrip().endswith("(the fields of the outage log)")
    _, _, err = run(capsys, "inspect", str(log), "--kind", "customers", "--map", "foo")
    assert "字段是用户数文件的字段之一：" in err


def test_a_report_date_that_is_no_date_is_refused_in_chinese(here, capsys):
    from lqrel.errors import LqrelError
    from lqrel.report.runner import build_report

    with pytest.raises(LqrelError) as refused:
        build_report(None, "2024", here, document_date="2024-13-01")
    assert refused.value.text("zh") == "--date '2024-13-01'：应为 YYYY-MM-DD 格式的日期"


# 5. values outside the vocabulary: the known values by their Chinese names, no identifier in Chinese


def test_unknown_nature_lists_the_vocabulary_by_chinese_names(tmp_path, capsys):
    """A fourth outage whose nature is 抢修: the nature vocabulary (lqrel.vocab.NATURE_VALUES) in Chinese is each
    canonical value's name (故障停电, 预安排停电) with its Chinese source values, at most 8 then 等; in English the
    identifiers with the first 8 source values, then /..."""
    params = county(tmp_path, events=[*EVENTS, EVENTS[0].replace("TD1", "TD7").replace("故障停电", "抢修")])
    code, out, _ = run(capsys, "validate", "--params", params)
    assert code == 1
    assert ("已知的值：故障停电：故障/故障停电/非计划停电/事故停电；预安排停电：预安排/预安排停电/计划/计划停电/"
            "临时/临时停电/限电/限电停电等。") in out
    known = out.split("已知的值：")[1].split("。")[0]  # the settings line after it writes the identifiers
    assert "fault" not in known and "planned" not in known
    _, en, _ = run(capsys, "validate", "--params", params, "--lang", "en")
    assert ("Known: fault: fault/unplanned/forced/故障/故障停电/非计划停电/事故停电; planned: planned/scheduled/"
            "预安排/预安排停电/计划/计划停电/临时/临时停电/....") in en
    _, doc, _ = run(capsys, "validate", "--params", params, "--json")
    (entry,) = json.loads(doc)["unknown_values"]
    assert entry["known"].startswith("fault: fault/unplanned/forced/故障")  # --json keeps the identifiers


def test_unknown_area_of_the_customers_file_lists_the_areas_by_chinese_names(tmp_path):
    from lqrel.customers import load_customers
    from lqrel.errors import InputError

    path = tmp_path / "用户数.csv"
    path.write_text("区域,月份,用户数\n城镇,2024-01,4000\n郊区,2024-01,2000\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_customers(path)
    assert "已知的值：城镇：城镇/城市/市区/市中心/县城/城区；农村：农村/乡村。" in err.value.text("zh")
    assert "urban" not in err.value.text("zh").split("已知的值：")[1].split("。")[0]
    assert "Known: urban: urban/城镇/城市/市区/市中心/县城/城区; rural: rural/农村/乡村." in err.value.text("en")


def test_a_vocabulary_in_a_message_survives_pickling():
    """The load's report (with its vocabularies) goes through a pickle between processes."""
    import pickle

    from lqrel.messages import Vocabulary, vocabulary_words
    from lqrel.vocab import AREA_VALUES

    known = pickle.loads(pickle.dumps(Vocabulary("area", AREA_VALUES)))
    assert known == "urban: urban/城镇/城市/市区/市中心/县城/城区; rural: rural/农村/乡村"
    assert vocabulary_words(known.column, known.table, "zh") == "城镇：城镇/城市/市区/市中心/县城/城区；农村：农村/乡村"


# 6. the English input line: one duplicate, two duplicates


@pytest.mark.parametrize(("copies", "english", "chinese"), [
    (1, "4 rows read = 3 accepted + 0 rejected + 1 duplicate\n", "读取 4 行 = 接受 3 + 拒收 0 + 重复 1\n"),
    (2, "5 rows read = 3 accepted + 0 rejected + 2 duplicates\n", "读取 5 行 = 接受 3 + 拒收 0 + 重复 2\n")])
def test_the_english_input_line_names_duplicates_once(tmp_path, capsys, copies, english, chinese):
    """The three outages of the tiny county and ``copies`` exact copies of the first: each copy a duplicate."""
    params = county(tmp_path, events=[*EVENTS, *[EVENTS[0]] * copies])
    _, out, _ = run(capsys, "validate", "--params", params, "--lang", "en")
    assert english in out and "duplicates duplicates" not in out and "duplicate duplicate" not in out
    _, out, _ = run(capsys, "validate", "--params", params)
    assert chinese in out


def test_validate_lists_the_date_orders_read_with_the_language_s_list_mark(tmp_path, capsys):
    """Start and end written day first (15/01/2024: a day above 12 settles it): both columns read 日月年."""
    (tmp_path / "log.csv").write_text("停电编号,开始时间,结束时间,停电用户数,区域\n"
                                      "TD1,15/01/2024 08:00,15/01/2024 09:00,10,城镇\n", encoding="utf-8")
    (tmp_path / "users.csv").write_text("区域,年份,用户数\n城镇,2024,100\n农村,2024,100\n", encoding="utf-8")
    _, out, _ = run(capsys, "validate", str(tmp_path / "log.csv"), "--customers", str(tmp_path / "users.csv"))
    assert "日期读法：开始时间 日月年、结束时间 日月年" in out
    _, out, _ = run(capsys, "validate", str(tmp_path / "log.csv"), "--customers", str(tmp_path / "users.csv"),
                    "--lang", "en")
    assert "Dates read: 开始时间 dmy, 结束时间 dmy" in out
