"""The 三零/三省 service benefits (docs/spec.md §12.1): a pure function on a tiny, hand-worked log, and the loader's
service columns (online application, site visits, grid investment up to the meter, the customer's cost)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lqrel.applications import load_applications
from lqrel.service_benefits import service_benefits


def _tiny() -> pd.DataFrame:
    """Four connected applications, as :func:`lqrel.connection.evaluate` leaves them; no approval column."""
    return pd.DataFrame({
        "customer_type": ["residential", "residential", "lv_sanling", "hv10_single"],
        "total_wd": [1.0, 2.0, 9.0, 10.0],
        "limit_wd": [3.0, 3.0, 7.0, 11.0],
        "incomplete": [False, False, False, True],
        "online": [True, False, True, None],
        "site_visits": [0.0, 2.0, 0.0, float("nan")],
        "grid_invested": [True, True, True, False],
        "customer_cost_yuan": [0.0, 0.0, 0.0, 250000.0],
    })


def test_benefits_by_type_worked_by_hand():
    out = service_benefits(_tiny()).set_index("customer_type")
    assert list(out.index) == ["residential", "lv_sanling", "hv10_single", "all"]
    res = out.loc["residential"]
    # 2 applications: one online (1/2), one without a visit (1/2), visits 0 and 2 (mean 1),
    # saved 3-1 = 2 and 3-2 = 1 working days (mean 1.5, sum 3), both grid-invested and free
    assert res["applications"] == 2 and res["online"] == 1 and res["online_share"] == 0.5
    assert res["zero_visit"] == 1 and res["zero_visit_share"] == 0.5 and res["visits_mean"] == 1.0
    assert res["wd_saved_mean"] == 1.5 and res["wd_saved_total"] == 3.0
    assert res["zero_investment_share"] == 1.0 and res["zero_cost_share"] == 1.0 and res["cost_mean_yuan"] == 0.0
    # 三零 application over its limit: 7 - 9 = -2 working days "saved" (late)
    assert out.loc["lv_sanling", "wd_saved_mean"] == -2.0
    # the incomplete hv application counts in no saving; its online flag is not given: no share
    hv = out.loc["hv10_single"]
    assert math.isnan(hv["wd_saved_mean"])
    assert pd.isna(hv["online_share"]) and hv["zero_investment_share"] == 0.0 and hv["cost_mean_yuan"] == 250000.0
    everyone = out.loc["all"]
    # online: 2 of the 3 that say (the hv one is blank); visits: 2 of 3 at zero; saved (2 + 1 - 2) over 3
    assert everyone["online"] == 2 and everyone["online_share"] == pytest.approx(2 / 3)
    assert everyone["zero_visit"] == 2 and everyone["wd_saved_total"] == 1.0
    assert everyone["wd_saved_mean"] == pytest.approx(1 / 3)
    assert everyone["zero_cost"] == 3 and everyone["zero_cost_share"] == 0.75
    # of those who paid (the hv one, 250,000 yuan) the mean is theirs, not 62,500 over all four
    assert everyone["cost_paid"] == 1 and everyone["cost_paid_mean_yuan"] == 250000.0
    assert res["cost_paid"] == 0 and pd.isna(res["cost_paid_mean_yuan"])
    # no approval column in the log: the benefit has no figure and names the column that would give it
    assert everyone["zero_approval"] is None and everyone["zero_approval_share"] is None
    assert service_benefits(_tiny()).attrs["missing"] == {"zero_approval": "approval"}


def test_a_log_without_service_columns_names_every_missing_column():
    bare = _tiny().drop(columns=["online", "site_visits", "grid_invested", "customer_cost_yuan"])
    out = service_benefits(bare)
    assert set(out.attrs["missing"]) == {"zero_visit", "zero_approval", "zero_investment", "online", "zero_cost"}
    assert out.set_index("customer_type").loc["all", "wd_saved_total"] == 1.0


HEADER = ("申请编号,用户类别,有无工程,报装容量(kW),线上申请,上门次数,电网投资到表,客户投资（元）,"
          "业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间\n")


def test_the_loader_reads_the_service_columns(tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text(HEADER
                    + "A1,居民,无工程,8,是,0,是,0,2024-03-01 09:00,2024-03-01 10:00,2024-03-01 10:20,2024-03-02 09:00\n"
                    + "A2,居民,无工程,8,否,2,否,\"3,500\",2024-03-04 09:00,2024-03-04 10:00,2024-03-04 10:20,"
                      "2024-03-05 09:00\n"
                    + "A3,居民,无工程,8,也许,0,是,0,2024-03-04 09:00,2024-03-04 10:00,2024-03-04 10:20,"
                      "2024-03-05 09:00\n"
                    + "A4,居民,无工程,8,是,-1,是,0,2024-03-04 09:00,2024-03-04 10:00,2024-03-04 10:20,"
                      "2024-03-05 09:00\n", encoding="utf-8")
    loaded = load_applications(path)
    apps = loaded.apps.set_index("app_id")
    assert list(apps.index) == ["A1", "A2"]
    assert apps.loc["A1", "online"] is True and apps.loc["A2", "online"] is False
    assert apps.loc["A1", "site_visits"] == 0 and apps.loc["A2", "site_visits"] == 2
    assert apps.loc["A2", "grid_invested"] is False and apps.loc["A2", "customer_cost_yuan"] == 3500
    rejects = loaded.rejects.set_index("row")
    assert rejects.loc[4, "code"] == "flag_unknown" and rejects.loc[4, "column"] == "线上申请"
    assert rejects.loc[5, "code"] == "count_bad" and rejects.loc[5, "value"] == "-1"
    assert loaded.report.rows_read == loaded.report.accepted + loaded.report.rejected + loaded.report.duplicates


def test_a_values_mapping_names_the_words_of_a_log(tmp_path):
    """A log that writes the channel as 网上国网 / 营业厅: ``values: {online: ...}`` maps them."""
    path = tmp_path / "apps.csv"
    path.write_text("申请编号,用户类别,线上申请,业务受理开始时间,业务受理完成时间,装表接电开始时间,装表接电完成时间\n"
                    "B1,居民,网上国网,2024-03-01 09:00,2024-03-01 10:00,2024-03-01 10:20,2024-03-02 09:00\n"
                    "B2,居民,营业厅,2024-03-04 09:00,2024-03-04 10:00,2024-03-04 10:20,2024-03-05 09:00\n",
                    encoding="utf-8")
    loaded = load_applications(path, {"values": {"online": {"true": ["网上国网"], "false": ["营业厅"]}}})
    assert loaded.apps.set_index("app_id")["online"].to_dict() == {"B1": True, "B2": False}
    assert loaded.rejects.empty
