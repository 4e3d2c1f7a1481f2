"""Chinese by default, everywhere (issue 27, points 1-2): every catalogue code in both languages with the same
placeholders; every command's text on the shipped sample in Chinese, with no English word outside the allowed
list; ``--lang en``, ``LQREL_LANG=en`` and ``language: en`` switch to English; errors in the run's language;
``--json`` keeps its English keys."""

import json
import re
import string

import pytest

from lqrel.cli import build_parser, main
from lqrel.errors import ParamsError
from lqrel.messages import CATALOGUES, LANGS
from lqrel.params import load_params
from lqrel.vocab import CANONICAL_COLUMNS, VALUE_COLUMNS
from tests.conftest import ROOT

#: ASCII words a Chinese page may hold: index abbreviations, units, the standards' names, the program's name.
ALLOWED = {"SAIDI", "SAIFI", "CAIDI", "ASAI", "MAIFI", "MED", "T_MED", "CEMI", "CELID", "kV", "h", "min", "lqrel",
           "DL", "T", "IEEE",
           # the canonical column names a user writes in params.yaml 'columns:' and --map (validate's header line)
           *CANONICAL_COLUMNS,
           # the settings keys and canonical values a user writes under 'values:' (validate's values outside the
           # vocabulary print the settings line that maps them)
           "values", *{value for table in VALUE_COLUMNS.values() for value in table}}

#: Text that is not a word: paths and file names, option names, lqrel's commands, dates, periods and ids.
NOT_WORDS = re.compile(r"\S*[/\\]\S*|\S+\.(csv|xlsx|parquet|yaml|html|json)\b|--[a-z-]+( N)?|lqrel [a-z]+|"
                       r"\d{4}(Q[1-4]|H[12])|\b[A-Z]{1,3}\d+\b|\d+[A-Za-z]+")

#: Each command of point 2 on the shipped sample (report and synth: see their own tests below).
COMMANDS = [
    ["check", "--year", "2022"], ["validate"], ["indices", "--period", "2022Q3", "--by", "area,month"],
    ["summary"], ["frequent", "--year", "2022", "--as-of", "2022-09-30"],
    ["budget", "--year", "2024", "--as-of", "2024-06-30"], ["forecast", "--as-of", "2022-06-30"],
    pytest.param(["backtest"], marks=pytest.mark.slow),  # the backtest of every year of the sample: seconds
    ["connect", "--period", "2024"], ["med", "--year", "2022"], ["rank", "--year", "2024", "--through", "2024-05-31"],
]


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("family", sorted(CATALOGUES))
def test_every_code_has_both_languages_with_the_same_placeholders(family):
    for code, texts in CATALOGUES[family].items():
        assert set(texts) == set(LANGS), (family, code)
        assert _fields(texts["zh"]) == _fields(texts["en"]), (family, code)


def english_words(text: str) -> set[str]:
    """The ASCII words of ``text`` outside the allowed list."""
    return set(re.findall(r"[A-Za-z][A-Za-z_]*", NOT_WORDS.sub(" ", text))) - ALLOWED


def test_the_word_check_can_fail():
    assert english_words("区域 saidi_h region 2022Q3 data/linqu_outages.csv --show SAIDI(小时) 10kV") == {
        "saidi_h", "region"}


@pytest.fixture
def sample(monkeypatch):
    """The shipped sample's folder (its params.yaml names the files), no language in the environment."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("LQREL_LANG", raising=False)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_a_command_speaks_chinese_by_default(sample, capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code in (0, 1), err  # validate exits 1: the sample has rejected rows
    assert re.search(r"[\u4e00-\u9fff]", out)
    assert english_words(out) == set(), out


def test_chinese_tables_say_the_verdict_and_the_areas_in_words(sample, capsys):
    _, out, _ = run(capsys, "check", "--year", "2022")
    assert "城镇" in out and "农村" in out and "达标" in out
    assert "True" not in out and "False" not in out and "urban" not in out
    _, out, _ = run(capsys, "med", "--year", "2022")
    assert "是" in out and "否" in out  # computed 是, listed 否 for 2022-07-20


def test_english_on_request(sample, capsys, monkeypatch):
    _, out, _ = run(capsys, "check", "--year", "2022", "--lang", "en")
    assert out.startswith("Targets 2022: ") and "\nurban " in out and "True" in out
    monkeypatch.setenv("LQREL_LANG", "en")
    _, out, _ = run(capsys, "med", "--year", "2022")
    assert out.startswith("Major event days 2022")
    _, out, _ = run(capsys, "med", "--year", "2022", "--lang", "zh")  # the flag before the environment
    assert out.startswith("2022 年重大事件日")


def test_the_settings_choose_the_language(sample, capsys, tmp_path):
    params = tmp_path / "params.yaml"
    text = (ROOT / "params.yaml").read_text(encoding="utf-8").replace("language: zh", "language: en")
    text = text.replace("data/", f"{ROOT}/data/")
    params.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "med", "--year", "2022", "--params", str(params))
    assert out.startswith("Major event days 2022")


def test_an_error_is_one_line_in_the_run_s_language(sample, capsys):
    code, _, err = run(capsys, "indices", "--period", "2022Q5")
    assert code == 2
    assert err == ("lqrel：错误：无法识别的期间 '2022Q5'：应为 YYYY、YYYYQ1-4、YYYYH1-2、YYYY-MM 或 "
                   "YYYY-MM..YYYY-MM\n")
    code, _, err = run(capsys, "indices", "--period", "2022Q5", "--lang", "en")
    assert err == ("lqrel: error: invalid period '2022Q5': expected YYYY, YYYYQ1-4, YYYYH1-2, YYYY-MM or "
                   "YYYY-MM..YYYY-MM\n")


def test_a_settings_error_names_the_line_and_key_in_chinese(sample, capsys, tmp_path):
    params = tmp_path / "bad.yaml"
    params.write_text("timezone: Asia/Shanghai\nwarn_duration_h: many\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--year", "2022", "--params", str(params))
    assert code == 2
    assert err == f"lqrel：错误：{params} 第 2 行，设置项 'warn_duration_h'：应为数字，实际为 'many'\n"


def test_summary_json_is_json_with_english_keys(sample, capsys):
    code, out, _ = run(capsys, "summary", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["year"] == 2024
    assert {"coverage", "indices", "targets", "notes", "input"} <= set(doc)
    assert {row["area"] for row in doc["targets"]} == {"urban", "rural"}
    assert isinstance(doc["targets"][0]["met"], bool)


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_help_is_in_the_run_s_language(sample, capsys, monkeypatch):
    with pytest.raises(SystemExit) as done:
        main(["check", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：lqrel check ") and "数据完整覆盖的某一年的目标达标判断" in out
    assert "判断的年份（例：--year 2022）" in out and "示例：lqrel check --year 2022" in out
    monkeypatch.setenv("LQREL_LANG", "en")
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: lqrel check ") and "the year judged (e.g. --year 2022)" in out


def test_every_command_and_option_has_chinese_help():
    sub = next(a for a in build_parser("zh")._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        assert CJK.search(parser.description), name
        for action in parser._actions:
            assert CJK.search(action.help), (name, action.dest)


def test_synth_prints_the_files_it_wrote(sample, capsys, tmp_path):
    code, out, _ = run(capsys, "synth", str(tmp_path), "--years", "2023-2024")
    assert code == 0 and english_words(out) == set()
    assert out.splitlines()[0] == str(tmp_path / "linqu_outages.csv")


@pytest.mark.slow
def test_report_says_what_it_built_in_chinese(sample, capsys, tmp_path):
    code, out, err = run(capsys, "report", "--period", "2022Q3", "--out", str(tmp_path), "--formats", "html")
    assert code == 0, err
    assert re.fullmatch(r"\S+ 2022Q3 已生成 \S+lqrel-report-2022Q3\.html\n", out)
    assert english_words(out) == set()


def test_the_language_setting_is_zh_or_en():
    assert load_params(None).language == "zh"
    assert load_params({"language": "en"}).language == "en"
    with pytest.raises(ParamsError) as refused:
        load_params({"language": "fr"})
    assert str(refused.value) == "params: key 'language': expected one of zh, en, got 'fr'"
    assert refused.value.text("zh") == "params，设置项 'language'：应为 zh, en 之一，实际为 'fr'"


def test_argparse_s_own_errors_read_in_the_run_s_language(sample, capsys):
    with pytest.raises(SystemExit) as done:
        main(["check", "--year", "x"])
    assert done.value.code == 2
    assert capsys.readouterr().err.endswith("lqrel check：错误：参数 --year 的取值 'x' 无效（应为 整数）\n")
    with pytest.raises(SystemExit):
        main(["indices", "--lang", "en"])
    assert capsys.readouterr().err.endswith("lqrel indices: error: the following arguments are required: --period\n")


#: Modules outside the catalogue that may still compare a language code: none.
LANGUAGE_BRANCH_ALLOWED: set[str] = set()


def language_branches(source: str) -> list[int]:
    """Lines of ``source`` that decide on a language code: a comparison with ``"zh"`` or ``"en"`` (``lang ==
    "zh"``, ``lang in ("zh", ...)``), a ``case "zh":`` or a dict keyed by one (``{"zh": ..., "en": ...}``)."""
    import ast

    def is_code(node) -> bool:
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return any(is_code(e) for e in node.elts)
        return isinstance(node, ast.Constant) and node.value in ("zh", "en")

    hits = []
    for node in ast.walk(ast.parse(source)):
        compares = isinstance(node, ast.Compare) and any(is_code(n) for n in (node.left, *node.comparators))
        matches = isinstance(node, ast.MatchValue) and is_code(node.value)
        if compares or matches or isinstance(node, ast.Dict) and any(k is not None and is_code(k) for k in node.keys):
            hits.append(node.lineno)
    return sorted(hits)


def test_the_language_branch_check_can_fail():
    source = ('a = "、" if lang == "zh" else ", "\nb = {"zh": "小时", "en": "h"}[lang]\nif "en" != lang:\n    pass\n'
              'c = lang in ("zh",)\nd = text("hours", {}, lang, "format")\ne = period_name(p, "zh")\n'
              'match lang:\n    case "en":\n        pass\n')
    assert language_branches(source) == [1, 2, 3, 5, 9]


def test_no_module_outside_the_catalogue_branches_on_the_language():
    """Every piece of text or punctuation that differs by language comes from lqrel/messages (issue 27 point 1):
    no module outside it compares a language code or keys a dict by one."""
    found = {}
    for path in sorted((ROOT / "lqrel").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith("lqrel/messages/") or name in LANGUAGE_BRANCH_ALLOWED:
            continue
        lines = language_branches(path.read_text(encoding="utf-8"))
        if lines:
            found[name] = lines
    assert not found, (sum(len(v) for v in found.values()), found)


def test_dates_periods_and_numbering_take_the_language_s_form():
    """The forms the catalogue's ``format`` family gives (issue 27 point 1), written by hand from how a 公文 and an
    English report write them."""
    import datetime as dt

    from lqrel.periods import parse_period
    from lqrel.report.i18n import day_name, hours, period_name, through_name
    from lqrel.report.present import SECTIONS, section_title
    from lqrel.report.runner import file_stem

    assert [period_name(parse_period(p), "zh") for p in ("2022", "2022H2", "2022Q3", "2022-07")] == [
        "2022年", "2022年下半年", "2022年第三季度", "2022年7月"]
    assert [period_name(parse_period(p), "en") for p in ("2022", "2022H2", "2022Q3", "2022-07")] == [
        "2022", "second half of 2022", "2022 Q3", "July 2022"]
    day = dt.date(2025, 7, 1)
    assert [day_name(day, "zh"), through_name(day, "zh"), hours(6.617, "zh")] == ["2025年7月1日", "截至7月1日",
                                                                                    "6.62 小时"]
    assert [day_name(day, "en"), through_name(day, "en"), hours(6.617, "en")] == ["1 July 2025", "through 1 July",
                                                                                    "6.62 h"]
    assert section_title("connection", SECTIONS, "zh").startswith("十、")
    assert section_title("connection", SECTIONS, "en").startswith("10. ")
    assert file_stem(parse_period("2022H1"), "zh") == "临朐县2022年上半年供电可靠性分析报告"
    assert file_stem(parse_period("2022H1"), "en") == "lqrel-report-2022H1"


def test_an_english_chart_s_hover_has_no_chinese_colon():
    """A hover label reads ``1 Jul 2022: 12.5 min`` in English and ``2022年7月1日：12.5 分钟`` in Chinese."""
    import pandas as pd

    from lqrel.report.charts import med_chart

    daily = pd.DataFrame({"date": pd.to_datetime(["2022-07-01", "2022-07-02"]), "saidi_min": [12.5, 80.0],
                          "major": [False, True], "t_med_min": [60.0, 60.0]})
    assert med_chart(daily, "en").data[0].hovertemplate == "%{x|%d %b %Y}: %{y:.1f} min<extra></extra>"
    assert med_chart(daily, "zh").data[0].hovertemplate == "%{x|%Y年%-m月%-d日}：%{y:.1f} 分钟<extra></extra>"
