"""``lqrel inspect`` on customers and application files, end to end: the loaders read
``customers_columns``/``customers_values`` and ``applications_columns``/``applications_values``."""

from __future__ import annotations

import pytest
import yaml

from tests.test_inspect import TITLED, customers_file, pasted, printed_line, run, verdict


@pytest.fixture(autouse=True)
def elsewhere(monkeypatch, tmp_path):
    """Run where no params.yaml lies (the repository's would name other files)."""
    monkeypatch.chdir(tmp_path)


def test_a_customers_file_with_other_headers_and_values_to_a_verdict(capsys, tmp_path):
    log = tmp_path / "停电记录.csv"
    log.write_text(TITLED, encoding="utf-8")
    served = tmp_path / "户数.csv"
    rows = [f"{a},2024-{m:02d},{n}" for m in range(1, 13) for a, n in (("城区", 1000), ("乡镇", 500))]
    served.write_text("所属区域,统计月份,总户数\n" + "\n".join(rows) + "\n", encoding="utf-8")
    params = tmp_path / "params.yaml"
    code, out, _ = run(capsys, "inspect", served, "--kind", "customers", "--map", "area=所属区域", "--map",
                       "customers=总户数", "--write", params)
    assert code == 0 and "  所属区域（area〔区域〕）：识别 城区→城镇 12 行；未识别 乡镇 12 行；空白 0" in out
    assert "无法加载" in out  # 乡镇 is no area yet
    pasted(params, printed_line(out, "customers_values: {area: {rural: [乡镇]}}"))
    code, out, _ = run(capsys, "inspect", served, "--kind", "customers", "--params", params)
    assert "  读入 24 行，全部有效" in out
    code, out, _ = run(capsys, "inspect", log, "--params", params, "--map", "start=停电开始", "--map", "end=停电结束",
                       "--map", "area=所属区域", "--write", params)
    pasted(params, printed_line(out, "values: {area: {rural: [乡镇]}}"),
           printed_line(out, "values: {nature: {fault: [抢修]}}"))
    assert yaml.safe_load(params.read_text(encoding="utf-8"))["customers_columns"] == {"area": "所属区域",
                                                                                      "customers": "总户数"}
    # the verdict of tests/test_inspect.py's first log: the same customers served under other words
    assert verdict(capsys, params, log, served) == {"urban": (1.27, True, True), "rural": (14.94, False, None)}


def test_an_application_log_with_other_headers_and_values_loads(capsys, tmp_path):
    apps = tmp_path / "业扩.csv"
    apps.write_text("申请编号,客户分类,业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间\n"
                    "A1,居民,2024-01-02 09:00,2024-01-02 10:00,2024-01-04 09:00,2024-01-05 10:00\n"
                    "A2,小微企业,2024-01-03 09:00,2024-01-03 10:00,2024-01-07 09:00,2024-01-08 10:00\n"
                    "A3,小微企业,2024-01-04 09:00,2024-01-04 10:00,2024-01-08 09:00,2024-01-09 10:00\n",
                    encoding="utf-8")
    params = tmp_path / "params.yaml"
    code, out, _ = run(capsys, "inspect", apps, "--kind", "applications", "--map", "customer_type=客户分类",
                       "--write", params)
    assert code == 0 and "  客户分类（customer_type〔用户类别〕）：识别 居民 1 行；未识别 小微企业 2 行；空白 0" in out
    assert "  读入 3 行：接受 1，无效 2，重复 0" in out
    assert yaml.safe_load(params.read_text(encoding="utf-8")) == {"applications_columns": {"customer_type": "客户分类"},
                                                                  "applications": "业扩.csv"}
    pasted(params, printed_line(out, "applications_values: {customer_type: {lv_sanling: [小微企业]}}"))
    code, out, _ = run(capsys, "inspect", apps, "--kind", "applications", "--params", params)
    assert "  读入 3 行：接受 3，无效 0，重复 0" in out and "缺少必需字段" not in out


def test_twelve_monthly_exports_with_one_overlapping_row_to_a_verdict(capsys, tmp_path):
    """A year of monthly exports (title line, header on row 3, other header words), the February file repeating
    January's last row: inspect on the twelve writes one mapping and the common header row; the folder is the log.
    By hand: urban 12 x 1 h x 100 = 1200 / 1000 = 1.20 h; rural 12 x 2 h x 50 = 1200 / 500 = 2.40 h (the repeated
    row counted twice would give 2.60 h); both met."""
    folder = tmp_path / "monthly"
    folder.mkdir()
    head = "临朐县停电记录导出\n导出时间：2025-01-03\n事件编号,停电开始,停电结束,影响户数,所属区域\n"

    def rows(m: int) -> str:
        return (f"U{m},2024-{m:02d}-10 08:00,2024-{m:02d}-10 09:00,100,城区\n"
                f"R{m},2024-{m:02d}-20 08:00,2024-{m:02d}-20 10:00,50,乡镇\n")

    for m in range(1, 13):
        again = rows(1).splitlines()[1] + "\n" if m == 2 else ""
        (folder / f"2024-{m:02d}.csv").write_text(head + again + rows(m), encoding="utf-8")
    params = tmp_path / "params.yaml"
    code, out, _ = run(capsys, "inspect", *sorted(folder.iterdir()), "--map", "start=停电开始", "--map",
                       "end=停电结束", "--map", "area=所属区域", "--write", params)
    assert code == 0 and out.count("表头在第 3 行") == 12
    assert yaml.safe_load(params.read_text(encoding="utf-8")) == {
        "columns": {"start": "停电开始", "end": "停电结束", "area": "所属区域"}, "header_row": 3,
        "events": [f"monthly/2024-{m:02d}.csv" for m in range(1, 13)]}
    pasted(params, printed_line(out, "values: {area: {rural: [乡镇]}}"))
    assert verdict(capsys, params, folder, customers_file(tmp_path)) == {"urban": (1.2, True, True),
                                                                          "rural": (2.4, True, True)}
