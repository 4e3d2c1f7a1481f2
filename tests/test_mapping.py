"""Mapping every file kind (issue 27, points 4 and 6): ``columns:``/``values:`` for the outage log,
``customers_columns:``/``customers_values:`` for the customers file, ``applications_columns:``/
``applications_values:`` for the application log, ``--map`` for headers and values of the outage log; and errors
that say what was found (the headers, the closest of them, the vocabulary) and the setting that settles them.

Expected figures are worked by hand from the small files written here.
"""

from __future__ import annotations

import pytest

from lqrel.applications import load_applications
from lqrel.customers import load_customers
from lqrel.errors import InputError, ParamsError, UsageError
from lqrel.events import load_events
from lqrel.params import load_params
from lqrel.service import settings

TZ = "Asia/Shanghai"


class TestCustomersFileMapped:
    """A customers export with its own words: 片区 (area), 统计期 (month), 在册户数 (customers), and 城区片 for an
    urban area."""

    TEXT = "片区,统计期,在册户数\n城区片,2023-01,1200\n农村,2023-01,800\n城区片,2023-02,1210\n农村,2023-02,790\n"

    def test_without_mapping_the_error_lists_the_headers_found_and_the_closest(self, tmp_path):
        path = tmp_path / "户数.csv"
        path.write_bytes(self.TEXT.encode("gb18030"))
        with pytest.raises(InputError) as err:
            load_customers(path)
        fields = err.value.fields
        assert "片区, 统计期, 在册户数" in fields["found"]
        assert "在册户数 -> customers" in fields["close"]  # like 户数 / 用户数
        assert fields["setting"] == "customers_columns"
        assert "customers_columns:" in err.value.text("zh") and "在册户数" in err.value.text("zh")
        assert "customers_columns:" in str(err.value)

    def test_loads_after_customers_columns_and_customers_values(self, tmp_path):
        path = tmp_path / "户数.csv"
        path.write_bytes(self.TEXT.encode("gb18030"))
        columns = {"area": "片区", "month": "统计期", "customers": "在册户数"}
        # the columns mapped, the value 城区片 still unknown: the error lists the vocabulary and the setting
        with pytest.raises(InputError) as err:
            load_customers(path, {"customers_columns": columns})
        assert err.value.code == "unknown_value"
        assert (err.value.fields["row"], err.value.fields["value"]) == (2, "城区片")
        assert "urban: urban/城镇" in err.value.fields["known"] and err.value.fields["setting"] == "customers_values"
        assert "customers_values: {area: {urban: [城区片]}}" in err.value.text("zh")
        table = load_customers(path, {"customers_columns": columns,
                                      "customers_values": {"area": {"urban": ["城区片"]}}})
        got = {(a, str(m)): n for a, m, n in table[["area", "month", "customers"]].itertuples(index=False)}
        assert got == {("urban", "2023-01"): 1200, ("rural", "2023-01"): 800, ("urban", "2023-02"): 1210,
                       ("rural", "2023-02"): 790}

    def test_the_settings_keys_are_checked(self):
        with pytest.raises(ParamsError, match="customers_columns"):
            load_params({"customers_columns": {"feeder": "线路"}})  # no feeder in a customers file
        with pytest.raises(ParamsError, match="applications_values"):
            load_params({"applications_values": {"nature": {"planned": ["检修"]}}})


class TestApplicationLogMapped:
    HEAD = "工单号,客户分类,业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间\n"
    ROWS = ("B1,商业用户,2024-03-04 09:00,2024-03-04 10:00,2024-03-05 09:00,2024-03-05 10:00\n"
            "B2,居民,2024-03-06 09:00,2024-03-06 10:00,2024-03-07 09:00,2024-03-07 10:00\n")

    def test_a_type_value_mapped_by_applications_values(self, tmp_path):
        import openpyxl

        wb = openpyxl.Workbook()
        for line in (self.HEAD + self.ROWS).splitlines():
            wb.active.append(line.split(","))
        path = tmp_path / "业扩.xlsx"
        wb.save(path)
        columns = {"customer_type": "客户分类"}
        # 客户分类 is no built-in header: without the mapping the log has no type column
        with pytest.raises(InputError) as err:
            load_applications(path)
        assert err.value.fields["setting"] == "applications_columns" and "客户分类" in err.value.fields["found"]
        # mapped, 商业用户 is outside the vocabulary: rejected, and the load names the setting that maps it
        apps = load_applications(path, {"applications_columns": columns})
        assert apps.rejects["code"].tolist() == ["customer_type_unknown"]
        unknown = apps.report.unknown_values
        assert [(u["column"], u["values"], u["setting"]) for u in unknown] == [
            ("客户分类", "商业用户 ×1", "applications_values")]
        assert "lv_other" in unknown[0]["known"]
        apps = load_applications(path, {"applications_columns": columns,
                                        "applications_values": {"customer_type": {"lv_other": ["商业用户"]}}})
        kinds = dict(zip(apps.apps["app_id"], apps.apps["customer_type"], strict=True))
        assert kinds == {"B1": "lv_other", "B2": "residential"} and apps.report.rejected == 0

    def test_columns_still_maps_an_application_log(self, tmp_path):
        path = tmp_path / "apps.csv"
        path.write_text(self.HEAD + self.ROWS.replace("商业用户", "居民"), encoding="utf-8")
        apps = load_applications(path, {"columns": {"customer_type": "客户分类"}})
        assert apps.report.accepted == 2


LOG = ("停电编号,停电开始时间,停电结束时间,影响客户数,地区特征,停电性质\n"
       "E1,2023-03-01 08:00,2023-03-01 10:00,100,城镇,检修停电\n"
       "E2,2023-03-02 08:00,2023-03-02 09:00,40,农村,调度停运\n")


class TestOutageLogMapped:
    def test_missing_column_lists_the_headers_found_and_a_close_match(self, tmp_path):
        path = tmp_path / "停电.csv"
        path.write_text(LOG, encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_events(path)
        fields = err.value.fields
        assert fields["missing"] == "customers" and fields["setting"] == "columns"
        assert fields["found"] == "停电编号, 停电开始时间, 停电结束时间, 影响客户数, 地区特征, 停电性质"
        assert "影响客户数 -> customers" in fields["close"]  # like 影响用户数
        assert "--map" in err.value.text("zh") and "columns:" in err.value.text("en")

    def test_map_headers_and_values_on_the_command_line(self, tmp_path):
        path = tmp_path / "停电.csv"
        path.write_text(LOG, encoding="utf-8")
        params = settings(None, ["customers=影响客户数"])
        events, rejects, report = load_events(path, params)
        # 调度停运 is in no vocabulary and names no keyword: rejected, and the load says how to map it
        assert events["event_id"].tolist() == ["E1"] and rejects["code"].tolist() == ["nature_unknown"]
        (unknown,) = report.unknown_values
        assert (unknown["column"], unknown["values"], unknown["setting"]) == ("停电性质", "调度停运 ×1", "values")
        assert "planned: planned/scheduled/预安排" in unknown["known"]
        assert unknown["map_example"] == "nature.fault=调度停运"
        params = settings(None, ["customers=影响客户数", "nature.planned=检修停电", "nature.planned=调度停运"])
        assert params.values["nature"]["planned"] == ("调度停运", "检修停电")
        events, rejects, _ = load_events(path, params)
        assert rejects.empty
        assert dict(zip(events["event_id"], events["nature"].astype(str), strict=True)) == {
            "E1": "planned", "E2": "planned"}
        # the value map wins over the keyword (检修 would read planned): the mapping is applied, not guessed
        events, _, _ = load_events(path, settings(None, ["customers=影响客户数", "nature.fault=检修停电"]))
        assert events.set_index("event_id").loc["E1", "nature"] == "fault"

    def test_a_bad_value_map_says_what_is_expected(self):
        with pytest.raises(UsageError) as err:
            settings(None, ["nature.unplanned=检修停电"])
        assert err.value.code == "map_value_item" and "fault, planned" in str(err.value)
        with pytest.raises(UsageError):
            settings(None, ["feeder.x=10kV"])

    def test_unknown_values_message_renders_in_both_languages(self, tmp_path):
        from lqrel import messages

        path = tmp_path / "停电.csv"
        path.write_text(LOG, encoding="utf-8")
        _, _, report = load_events(path, {"columns": {"customers": "影响客户数"}})
        (entry,) = report.unknown_values
        zh, en = (messages.text(entry["code"], entry, lang, "error") for lang in ("zh", "en"))
        assert "调度停运" in zh and "values:" in zh and "--map nature.fault=调度停运" in zh
        assert "Known: fault: fault/unplanned" in en


def test_saidi_of_a_mapped_log_by_hand(tmp_path):
    """E1 2 h x 100 urban, E2 1 h x 40 rural (调度停运 mapped planned); 1000 urban and 400 rural customers in March:
    SAIDI urban 0.2 h, rural 0.1 h over March."""
    from lqrel.dataset import load_dataset

    (tmp_path / "停电.csv").write_text(LOG, encoding="utf-8")
    (tmp_path / "户数.csv").write_text("片区,统计期,在册户数\n城镇,2023-03,1000\n农村,2023-03,400\n",
                                      encoding="utf-8")
    params = {"columns": {"customers": "影响客户数"}, "values": {"nature": {"planned": ["调度停运"]}},
              "customers_columns": {"area": "片区", "month": "统计期", "customers": "在册户数"}}
    ds = load_dataset(params, tmp_path / "停电.csv", tmp_path / "户数.csv")
    table = ds.indices("2023-03").set_index("area")
    assert table.loc["urban", "saidi_h"] == pytest.approx(0.2)
    assert table.loc["rural", "saidi_h"] == pytest.approx(0.1)
    assert table.loc["rural", "saidi_s_h"] == pytest.approx(0.1)  # planned


def test_every_input_message_reads_in_both_languages():
    """The family of :mod:`lqrel.messages.inputs`: both languages, the same placeholders, Chinese in zh and none
    in en (from arguments without Chinese), merged into the catalogue's error and warning families."""
    import re
    import string

    from lqrel import messages
    from lqrel.messages.inputs import INPUT_ERRORS, INPUT_WARNINGS

    for family, codes in (("error", INPUT_ERRORS), ("warning", INPUT_WARNINGS)):
        for code, templates in codes.items():
            assert set(templates) == {"zh", "en"}, code
            fields = {f.split("!")[0] for _, f, _, _ in string.Formatter().parse(templates["en"]) if f}
            assert fields == {f.split("!")[0] for _, f, _, _ in string.Formatter().parse(templates["zh"]) if f}
            args = {f: "x" for f in fields}
            assert re.search(r"[\u4e00-\u9fff]", messages.text(code, args, "zh", family)), code
            assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"月份|年份|供电所", "", messages.text(
                code, args, "en", family))), code


def test_validate_json_names_the_values_to_map(tmp_path, capsys):
    import json

    from lqrel.cli import main

    (tmp_path / "停电.csv").write_text(LOG, encoding="utf-8")
    (tmp_path / "params.yaml").write_text("columns: {customers: 影响客户数}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "停电.csv"), "--params", str(tmp_path / "params.yaml"), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(u["column"], u["values"], u["map_example"]) for u in doc["unknown_values"]] == [
        ("停电性质", "调度停运 ×1", "nature.fault=调度停运")]
    # the same line on the command line settles it: nothing rejected
    assert main(["validate", str(tmp_path / "停电.csv"), "--params", str(tmp_path / "params.yaml"), "--json",
                 "--map", "nature.fault=调度停运"]) == 0
    assert json.loads(capsys.readouterr().out)["unknown_values"] == []
