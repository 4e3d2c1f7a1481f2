"""The target rule in words follows the settings (issue 25 items 8-10, docs/spec.md §6 and §7).

(a) :func:`lqrel.rule_text.rule_words` by hand: both languages, both readings, exclusion on and off, limits 6 h
and 9 h, reduction 10%. (b) The quarterly, half-year and annual reports (page, Word, workbook) and the command
line's texts under non-default settings carry the settings' values and none of the defaults' literals. (c) A
finished year states its verdict and no projection; the first year of the data builds, its reduction criterion
unknown and its major-event-day threshold absent, said so.
"""

from __future__ import annotations

import html as html_lib
import json
import re

import openpyxl
import pytest
import yaml

from lqrel.params import Targets
from lqrel.periods import parse_period
from lqrel.rule_text import percent_text, rule_words
from tests.conftest import ROOT, sample_dataset

NON_DEFAULT = {"targets": {"reduction": 0.10, "urban": {"max_saidi_h": 6}, "rural": {"max_saidi_h": 9},
                           "reduction_mode": "average_since", "baseline_year": 2020, "exclude_med": True}}


def targets(**kw) -> Targets:
    base = {"max_saidi_h": {"urban": 6.0, "rural": 9.0}, "reduction": 0.10}
    return Targets(**{**base, **kw})


# (a) the function, by hand --------------------------------------------------------------------------------------

def test_yoy_in_chinese():
    w = rule_words(targets(), "zh")
    assert w["rule"] == "用户平均停电时间不超过目标上限（城镇 6 小时、农村 9 小时），或比上年压缩不少于10%"
    assert w["rule_judged"] == w["rule"] + "；按全量数据判定"
    assert w["crit_reduction"] == "同比压缩10%"
    assert w["reduction_allowed_h"] == "同比压缩10%对应上限（小时）"
    assert w["ceiling_reduction"] == "同比压缩10%允许值"
    assert w["p_reduction"] == "比上年压缩 10%"
    assert "城镇 6 小时、农村 9 小时" in w["saidi_explain"] and "按全量数据判定" in w["saidi_explain"]
    assert "同比压缩10%" in w["budget_note"] and "全量数据" in w["budget_note"]


def test_average_since_in_chinese_never_says_tongbi():
    w = rule_words(targets(reduction_mode="average_since", baseline_year=2020, exclude_med=True), "zh")
    assert w["rule"] == "用户平均停电时间不超过目标上限（城镇 6 小时、农村 9 小时），或较2020年年均压缩不少于10%"
    assert w["rule_judged"].endswith("；按剔除重大事件日后的数据判定")
    assert w["crit_reduction"] == "较2020年年均压缩10%"
    assert w["reduction_allowed_h"] == "较2020年年均压缩10%对应上限（小时）"
    assert w["p_reduction"] == "自 2020 年起年均压缩 10%"
    assert w["method_rule"] == f"目标规则：{w['rule']}；按剔除重大事件日后的数据判定。"
    assert not any("同比" in v for v in w.values())


def test_yoy_in_english():
    w = rule_words(targets(), "en")
    assert w["rule"] == "SAIDI at most the limit (urban 6 h, rural 9 h), or at least 10% below the year before"
    assert w["rule_judged"] == w["rule"] + "; judged on all data"
    assert w["crit_reduction"] == "10% cut on the year before"
    assert w["reduction_allowed_h"] == "Allowed by the 10% cut on the year before (h)"
    assert w["p_reduction"] == "10% below the year before"


def test_average_since_in_english_with_exclusion():
    w = rule_words(targets(reduction_mode="average_since", baseline_year=2020, exclude_med=True), "en")
    assert w["rule"] == "SAIDI at most the limit (urban 6 h, rural 9 h), or at least 10% a year below 2020 on average"
    assert w["rule_judged"].endswith("; judged on data without major event days")
    assert w["crit_reduction"] == "10% average yearly cut since 2020"
    assert "year-on-year" not in " ".join(w.values()) and "year before" not in w["rule"]


def test_defaults_are_rendered_not_written():
    """The defaults come out of the same function: 8%, 7 h and 10 h only because the settings say so."""
    zh, en = rule_words(Targets(), "zh"), rule_words(Targets(), "en")
    assert "城镇 7 小时、农村 10 小时" in zh["rule"] and "比上年压缩不少于8%" in zh["rule"]
    assert "urban 7 h, rural 10 h" in en["rule"]
    assert (percent_text(0.08), percent_text(0.075), percent_text(0.1)) == ("8%", "7.5%", "10%")
    odd = rule_words(targets(max_saidi_h={"urban": 6.5, "rural": 9.25}), "zh")
    assert odd["limits"] == "城镇 6.5 小时、农村 9.25 小时"


def test_without_settings_no_figure_is_stated():
    for lang in ("zh", "en"):
        text = " ".join(rule_words(None, lang).values())
        assert not re.search(r"\d", text), text
        assert "同比" not in text


def test_labels_take_the_rule_from_the_settings():
    from lqrel.report.i18n import labels

    lab = labels("zh", targets(reduction_mode="average_since", baseline_year=2020))
    assert lab["crit_reduction"] == "较2020年年均压缩10%" and lab["title"] == "临朐县供电可靠性报告"
    assert "{rule}" in lab["method_text"]
    with pytest.raises(ValueError):
        rule_words(Targets(), "fr")


# (b) every document under non-default settings -------------------------------------------------------------------

#: The defaults' literals in the rule's wording (a number right before them would be another figure: 6.17 h).
DEFAULT_LITERALS = [re.compile(p) for p in (r"(?<![\d.])8%", r"(?<![\d.])7 ?小时", r"(?<![\d.])10 ?小时",
                                             r"(?<![\d.])7 h\b", r"(?<![\d.])10 h\b", r"同比压缩")]
#: The settings' values as the rule's words state them.
EXPECTED = {"zh": ["10%", "2020", "城镇 6 小时", "农村 9 小时", "较2020年年均压缩10%"],
            "en": ["10%", "2020", "urban 6 h", "rural 9 h", "10% average yearly cut since 2020"]}
PERIODS = ("2022Q2", "2022H1", "2022")


def _defaults_in(text: str) -> list[str]:
    return [m.group(0) for p in DEFAULT_LITERALS for m in p.finditer(text)]


def html_visible(page: str) -> str:
    """The page's visible text: the body without scripts and styles, and the text of its charts (legend names,
    labels, titles and hover text of the plotly figures; the embedded plotly.js library left out)."""
    charts = []
    for script in re.findall(r"<script[^>]*>(.*?)</script>", page, re.S):
        if "* plotly.js v" in script:
            continue
        for raw in re.findall(r'"((?:[^"\\]|\\.)*)"', script):
            try:
                charts.append(json.loads(f'"{raw}"'))
            except ValueError:
                continue
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body)) + "\n" + "\n".join(charts)


def docx_visible(path) -> str:
    import docx

    doc = docx.Document(path)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def xlsx_visible(path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


@pytest.fixture(scope="module")
def non_default():
    return sample_dataset(NON_DEFAULT)


@pytest.fixture(params=["zh", "en"])
def built(request, shared_reports):
    """The reports of one language under the non-default settings, each built once per test run
    (conftest.shared_reports; the two languages build on both xdist workers at once): (period, lang) ->
    {"html": text, "docx": text, "xlsx": text}."""
    lang = request.param
    reports, _ = shared_reports(PERIODS, lang=lang, changes=NON_DEFAULT, formats=("html", "xlsx", "docx"))
    return {(period, lang): {"html": html_visible(r.html.read_text(encoding="utf-8")), "docx": docx_visible(r.docx),
                             "xlsx": xlsx_visible(r.xlsx)} for period, r in reports.items()}


@pytest.fixture(scope="module")
def cli_texts(tmp_path_factory):
    """``lqrel check`` and ``lqrel summary`` under the non-default settings."""
    import contextlib
    import io

    from lqrel.cli import main

    raw = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    for key in ("events", "customers"):
        raw[key] = str(ROOT / raw[key])
    raw.pop("applications", None)
    raw["targets"] = {"urban": {"max_saidi_h": 6}, "rural": {"max_saidi_h": 9}, "reduction": 0.10,
                      "reduction_mode": "average_since", "baseline_year": 2020, "exclude_med": True}
    params = tmp_path_factory.mktemp("cli") / "params.yaml"
    params.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    texts = {}
    for name, argv in (("check", ["check", "--params", str(params), "--year", "2022", "--lang", "en"]),
                       ("summary", ["summary", "--params", str(params), "--year", "2022", "--lang", "en"])):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(argv) == 0
        texts[name] = buffer.getvalue()
    return texts


@pytest.mark.slow
def test_reports_and_cli_state_the_settings_not_the_defaults(built, cli_texts, non_default):
    from lqrel.report import charts
    from lqrel.report.tables import headline

    problems = []
    for (period, lang), files in built.items():
        for kind, text in files.items():
            missing = [v for v in EXPECTED[lang] if v not in text]
            found = _defaults_in(text)
            if missing or found:
                problems.append((period, lang, kind, missing, found))
    for name, text in cli_texts.items():
        missing = [v for v in ("10%", "2020", "urban 6 h", "rural 9 h") if v not in text]
        found = _defaults_in(text) + re.findall(r"year-on-year|year before", text)
        if missing or found:
            problems.append(("2022", "en", name, missing, found))
    assert problems == []
    # the projection chart's legend names the allowance the settings give
    head = headline(non_default, "2022Q2")
    for lang in ("zh", "en"):
        legend = charts.projection_chart(head, lang).to_json()
        assert not _defaults_in(json.loads(legend)["data"][2]["text"][0])
    # a finished year's verdict: the year, the second half and the fourth quarter state it, never a projection
    for period in ("2022", "2022H2", "2022Q4"):
        h = headline(non_default, period)
        assert h.attrs["verdict"] and set(h["status"]) <= {"met", "not_met", "unknown"}
        assert h["probability_met"].isna().all() and h["projected_year_saidi_h"].isna().all()
    if ("2022", "en") in built:
        return  # the Chinese pages' own sentences, below
    zh = built["2022", "zh"]
    assert "较2020年年均压缩10%" in zh["html"] and "达标" in zh["html"] and "达标概率" not in zh["html"]
    quarter = built["2022Q2", "zh"]["html"]
    assert "只用报告年份之前的数据" in quarter  # the calibration note uses no later data


# (c) finished periods and the first year ---------------------------------------------------------------------------

@pytest.mark.slow
def test_finished_half_year_states_the_verdict_and_the_first_year_builds(tmp_path):
    from lqrel.report.runner import build_report
    from lqrel.report.tables import headline

    ds = sample_dataset({"targets": {"exclude_med": True}})
    half = build_report(ds, "2022H2", tmp_path / "h2", formats=("html", "docx"))
    page = html_visible(half.html.read_text(encoding="utf-8"))
    cards = re.findall(r'class="card-status">([^<]*)<', half.html.read_text(encoding="utf-8"))
    assert len(cards) == 2 and all(c.split(" · ")[0] in ("达标", "未达标") for c in cards), cards
    assert "达标概率" not in page and "全年预计" not in page and "100%" not in page
    assert "2022年全年" in page  # the half-year's sentence gives the year's figure it is judged on
    assert "达标概率" not in docx_visible(half.docx)
    # the first year of the data: no reference year, no history for major event days; it builds and says so
    first = headline(ds, "2019")
    assert first.attrs["verdict"] and {n["code"] for n in first.attrs["notes"]} >= {"reference_not_covered",
                                                                                    "med_no_history"}
    report = build_report(ds, "2019", tmp_path / "first", formats=("html", "docx"))
    for text in (html_visible(report.html.read_text(encoding="utf-8")), docx_visible(report.docx)):
        assert "压缩一项无法判断" in text
        assert "剔除重大事件日后的数字与全量数字相同" in text


def test_med_without_history_is_said_in_check_and_med(capsys):
    """A year with no history has no T_MED: lqrel med and lqrel check with exclude_med say that its 剔除 figures
    are the all-data figures (no NaN); a threshold from fewer than five years says how many."""
    from lqrel.med import history_note, major_event_days
    from lqrel.messages import note
    from lqrel.targets import check_targets

    ds = sample_dataset({"targets": {"exclude_med": True}})
    first = history_note(major_event_days(ds, 2019))
    assert first["code"] == "med_no_history" and first["years"] == 0
    assert "equal the all-data figures" in note(first, "en") and "与全量数字相同" in note(first, "zh")
    third = history_note(major_event_days(ds, 2021))
    assert third["code"] == "med_short_history" and third["years"] == 2.0
    assert "only 2 years of history (fewer than five)" in note(third, "en")
    assert history_note(major_event_days(ds, 2024))["code"] == "med_threshold"
    codes = [n["code"] for n in check_targets(ds, 2020).attrs["notes"]]
    assert codes.count("med_no_history") == 1 and codes.count("med_short_history") == 1
    from lqrel.cli import main

    params = ROOT / "params.yaml"
    assert main(["med", "--params", str(params), "--year", "2019", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "no threshold T_MED" in out and "equal the all-data figures" in out and "nan" not in out.lower()


def test_finished_periods_judge_the_year_and_the_baseline_year_is_stated_unknown():
    """A period ending on 31 December of a covered year is a verdict (the year's SAIDI beside the period's); an
    earlier one is a projection. Under average_since the baseline year itself has an unknown reduction
    criterion in the report (check refuses it), with the reason in words."""
    from lqrel.errors import DataError
    from lqrel.report.sentences import ceiling_phrase, headline_sentence
    from lqrel.report.tables import headline, is_verdict
    from lqrel.targets import check_targets

    ds = sample_dataset()
    assert [is_verdict(ds, p) for p in ("2022", "2022H2", "2022Q4", "2022-12", "2022Q3", "2022H1")] == [
        True, True, True, True, False, False]
    q4 = headline(ds, "2022Q4").set_index("area")
    year = check_targets(ds, 2022).set_index("area")
    assert q4.loc["rural", "year_saidi_h"] == year.loc["rural", "saidi_h"] != q4.loc["rural", "period_saidi_h"]
    assert q4.loc["rural", "status"] == "met" and q4.loc["rural", "criterion"] == "reduction"
    since = sample_dataset({"targets": {"reduction_mode": "average_since", "baseline_year": 2020}})
    with pytest.raises(DataError, match="baseline year 2020 must be before the judged year 2020"):
        check_targets(since, 2020)
    head = headline(since, "2020")
    assert [n["code"] for n in head.attrs["notes"]] == ["baseline_not_before"]
    rural = head.set_index("area").loc["rural"].to_dict() | {"area": "rural"}
    assert rural["criterion"] == "unknown"
    sentence = headline_sentence(rural, parse_period("2020"), True, "zh", since.params.targets)
    assert "2020年为基准年，不早于所判定的2020年，无法判断较2020年年均压缩8%这一项" in sentence
    assert "同比" not in sentence
    assert "数据不全" not in ceiling_phrase(rural, "zh", since.params.targets, 2020)
