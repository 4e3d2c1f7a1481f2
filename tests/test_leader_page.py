"""What a county leader sees in the report page and the Word document (issue 28 point 4): plotly's toolbar
without cloud or editor buttons and in Chinese, sentences without command names or formula symbols, the clipped
half-year's 截至 in the Word title, and Word table headers that never split a Latin word or a unit."""

from __future__ import annotations

import datetime as dt
import json
import re

import docx
import plotly.graph_objects as go
import plotly.offline
import pytest
from docx.oxml.ns import qn

from lqrel.report import charts, gongwen
from lqrel.report.plain import for_readers
from lqrel.report.tables import report_tables
from lqrel.report.word import write_docx
from tests.conftest import sample_dataset

#: The mode bar's tips of the buttons a chart keeps (plotly.js's own English strings).
KEPT_TIPS = ("Download plot as a PNG", "Zoom", "Pan", "Zoom in", "Zoom out", "Autoscale", "Reset axes")


def test_chinese_charts_have_no_cloud_or_editor_button_and_a_chinese_toolbar():
    zh, en = charts.config("zh"), charts.config("en")
    assert zh["locale"] == "zh-CN" and "locale" not in en
    for conf in (zh, en):
        assert conf["displaylogo"] is False and conf["showSendToCloud"] is False
        assert not conf.get("showEditInChartStudio") and not conf.get("showLink")
        assert {"sendDataToCloud", "editInChartStudio"} <= set(conf["modeBarButtonsToRemove"])
    script = charts.locale_script()
    registered = json.loads(re.search(r"register\((\{.*\})\);", script).group(1))
    assert registered["name"] == "zh-CN" and registered["moduleType"] == "locale"
    assert registered["dictionary"]["Download plot as a PNG"] == "下载图片（PNG）"
    assert all(re.search(r"[\u4e00-\u9fff]", registered["dictionary"][tip]) for tip in KEPT_TIPS)
    plotly_js = plotly.offline.get_plotlyjs()
    assert all(f'"{tip}"' in plotly_js for tip in KEPT_TIPS)  # the tips are plotly.js's own strings
    assert registered["format"]["months"][6] == "7月"


def test_a_shown_chart_carries_the_config_of_its_language(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw: shown.append(bundle))
    for lang in ("zh", "en"):
        fig = charts._layout(go.Figure(go.Bar(x=[1], y=[2])), "t", "y", lang)
        charts.show(fig, "x")
    html_zh, html_en = (b["text/html"] for b in shown)
    assert '"locale": "zh-CN"' in html_zh and "locale" not in html_en
    assert '"showSendToCloud": false' in html_zh and '"sendDataToCloud"' in html_zh
    assert shown[0]["application/vnd.plotly.v1+json"]["config"]["locale"] == "zh-CN"


def test_shared_sentences_lose_command_names_and_symbols_for_readers():
    said = "停电记录读入 9 行，其中 2 行（22.2%）被拒收，不计入任何指标：第 3、9 行"
    assert for_readers(said + "（lqrel validate 列出每行原因）") == said
    assert for_readers("2022 年重大事件日阈值 T_MED = 28.47 分钟，只依据 3 年的历史数据") == \
        "2022 年重大事件日阈值 28.47 分钟，只依据 3 年的历史数据"
    assert for_readers("全年结果：按目标规则的达标判定（按全量数据判定），与 lqrel check 相同。") == \
        "全年结果：按目标规则的达标判定（按全量数据判定）。"
    assert for_readers("SAIDI 按 DL/T 836（2016）") == "SAIDI 按 DL/T 836（2016）"


@pytest.fixture(scope="module")
def clipped_half_year(tmp_path_factory):
    """The half-year of 2022 written on 24 June with the data through 31 May (docs/spec.md §12.1)."""
    ds = sample_dataset(applications=True, data_through=dt.date(2022, 5, 31))
    path = tmp_path_factory.mktemp("h1") / "h1.docx"
    tables = report_tables(ds, "2022H1", "zh")
    write_docx(tables, ds, ds.period("2022H1"), path, "zh", date=dt.date(2022, 6, 24))
    return docx.Document(path), tables


@pytest.mark.slow
def test_chart_legends_say_what_a_line_is_and_the_interval_is_drawn(clipped_half_year):
    """The rural ceiling of 2022 is the reduction allowance (2021's SAIDI less the reduction), not the limit of
    the settings: the legend says 达标上限 (the ceiling that applies), never 目标上限; the projection's 80%
    interval, named in its legend, is drawn as error bars from the 10th to the 90th percentile."""
    head = clipped_half_year[1]["headline"]
    rural = head.set_index("area").loc["rural"]
    assert rural["ceiling_h"] > rural["limit_h"]
    fig = charts.projection_chart(head, "zh")
    names = [t.name for t in fig.data]
    assert names == ["年初至今 SAIDI（小时）", "全年预测（中位数与80%区间）", "达标上限"]
    assert "95%" not in fig.layout.title.text and "80%区间" in fig.layout.title.text
    bars = fig.data[1].error_y
    assert list(bars.array) == pytest.approx(list(head["projected_p90_h"] - head["projected_year_saidi_h"]))
    assert list(bars.arrayminus) == pytest.approx(list(head["projected_year_saidi_h"] - head["projected_p10_h"]))
    assert min(bars.array) > 0 and min(bars.arrayminus) > 0
    monthly = charts.monthly_chart(clipped_half_year[1]["monthly"], "zh")
    assert {t.name for t in monthly.data} == {"城镇", "农村", "城镇 达标上限月均额度", "农村 达标上限月均额度"}
    cumulative = charts.cumulative_chart(clipped_half_year[1]["monthly"], "zh")
    assert "农村 达标上限（按月累计）" in [t.name for t in cumulative.data]


@pytest.mark.slow
def test_the_clipped_half_year_document_says_its_data_end_in_its_title(clipped_half_year):
    doc = clipped_half_year[0]
    title = next(p.text for p in doc.paragraphs if p.text.startswith("临朐县供电公司"))
    assert title.replace("\n", "") == "临朐县供电公司关于2022年上半年（截至5月31日）供电可靠性和办电服务工作情况的报告"
    assert "（截至5月31日）" in title.split("\n")[1]  # 截至 never split from its date
    assert doc.core_properties.title == title.replace("\n", "")


@pytest.mark.slow
def test_word_table_headers_never_split_a_latin_word_or_a_unit(clipped_half_year):
    """Every Latin word of a header and every bracketed unit gets a column at least as wide as itself (五号 or the
    table's size, a capital 0.8 em, a CJK character 1 em, plus the cell's margins 2 x 5.4 pt); a header too wide
    for one line has its unit on a line of its own (SAIDI / （小时）, 中位数 / （工作日）); every row is a whole
    number of line pitches."""
    seen = set()
    for table in clipped_half_year[0].tables:
        widths = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        size = table.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            lines = cell.text.split("\n")  # python-docx gives a line break (w:br) as a newline
            for line in lines:
                for word in re.findall(r"[A-Za-z]{2,}|（[^）]*）", line):
                    need = sum(1.0 if ord(ch) > 0x2E80 else 0.8 if ch.isupper() else 0.62 for ch in word) * size
                    assert need + 10.8 <= width, (word, width)
                    seen.add(word)
            assert not any(re.search(r"[A-Za-z]（", line) for line in lines), lines
            unit = re.search(r"（[^）]*）$", lines[-1])
            if unit and len(lines) == 1:  # a header on one line fits its column: its unit can not break
                need = sum(1.0 if ord(ch) > 0x2E80 else 0.62 for ch in lines[0]) * size + 10.8
                assert need <= width, (cell.text, width)
            elif unit:
                assert lines[-1] == unit.group(), lines  # the unit on a line of its own
        for row in table.rows:
            height = row._tr.find(qn("w:trPr")).find(qn("w:trHeight"))
            assert int(height.get(qn("w:val"))) % 579 == 0 and height.get(qn("w:hRule")) == "exact"
    assert {"SAIDI", "（小时）", "（%）"} <= seen
    assert gongwen.line_pitch_twips() == 579
