"""Worst feeders (issue 29 point 2): CEMI-n and CELID on a hand-made customer-level log (IEEE 1366, docs/spec.md
§3), the ranking, cause mix, planned share, last year's change and 频繁停电 status on hand-made events
(docs/spec.md §8), and the drafted action chosen by the dominant cause."""

import pandas as pd
import pytest

from lqrel.customer_level import customer_indices, event_customers_of, read_event_customers
from lqrel.errors import InputError
from lqrel.params import load_params
from lqrel.report.i18n import labels
from lqrel.report.present_feeders import action_items, action_text, localize
from lqrel.worst_feeders import CAUSE_CATEGORIES, cause_category, worst_feeders
from tests.conftest import ROOT, make_dataset, make_events, monthly_customers, months_of

# Five customers C1..C5 (N_T = 5), four sustained events and one short one (2 min <= 3 min, DL/T 836):
#   E1 feeder A, 2 h:   C1 C2 C3      E3 feeder B, 6 h:   C1 C4
#   E2 feeder A, 1 h:   C1 C2         E4 feeder A, 0.5 h: C1 C5       E5 feeder A, 2 min: C3 (short)
# Per customer (sustained only): C1 4 interruptions, 2 + 1 + 6 + 0.5 = 9.5 h, longest 6 h; C2 2, 3 h; C3 1, 2 h;
# C4 1, 6 h; C5 1, 0.5 h.
LOG = {"E1": ("A", "2023-03-01 10:00", 120, ["C1", "C2", "C3"]), "E2": ("A", "2023-04-01 10:00", 60, ["C1", "C2"]),
       "E3": ("B", "2023-05-01 10:00", 360, ["C1", "C4"]), "E4": ("A", "2023-06-01 10:00", 30, ["C1", "C5"]),
       "E5": ("A", "2023-07-01 10:00", 2, ["C3"])}


def customer_log():
    events = make_events([dict(event_id=e, feeder=f, start=s, duration_min=m, customers=len(c), area="城镇",
                               town="城关街道", cause="雷击") for e, (f, s, m, c) in LOG.items()])
    pairs = pd.DataFrame([(e, c) for e, (_, _, _, cs) in LOG.items() for c in cs], columns=["event_id", "customer_id"])
    return events, pairs


def test_cemi_and_celid_by_hand():
    events, pairs = customer_log()
    r1 = customer_indices(events, pairs, 5, "2023", n=1, t_h=5)
    assert r1["cemi"] == pytest.approx(2 / 5)  # more than 1 interruption: C1 (4), C2 (2)
    assert r1["celid_total"] == pytest.approx(2 / 5)  # more than 5 h in all: C1 (9.5), C4 (6)
    assert r1["celid_single"] == pytest.approx(2 / 5)  # one interruption over 5 h: C1 and C4 (6 h each)
    r2 = customer_indices(events, pairs, 5, "2023", n=2, t_h=8)
    assert r2["cemi"] == pytest.approx(1 / 5)  # more than 2: only C1 (C2's 2 is not more than 2)
    assert r2["celid_total"] == pytest.approx(1 / 5)  # only C1's 9.5 h
    assert r2["celid_single"] == 0  # nobody's longest is over 8 h
    r3 = customer_indices(events, pairs, 5, "2023", n=3, t_h=6)
    assert r3["cemi"] == pytest.approx(1 / 5)  # C1's 4 > 3; C3's short interruption never counts
    assert r3["celid_single"] == 0  # 6 h is not more than 6 h
    assert customer_indices(events, pairs, 5, "2023", n=4)["cemi"] == 0
    assert r1["cn"] == 5
    assert r1["ctaidi_h"] == pytest.approx((3 * 2 + 2 * 1 + 2 * 6 + 2 * 0.5) / 5)  # 21 customer-hours / 5
    assert r1["caifi"] == pytest.approx((3 + 2 + 2 + 2) / 5)


def test_feeder_counts_on_its_own_events():
    events, pairs = customer_log()
    pairs.attrs["level"] = "customer"
    ds = make_dataset(events, monthly_customers({"urban": 5}, months_of(2023)), coverage=("2023-01-01", "2023-12-31"))
    w = worst_feeders(ds, "2023", event_customers=pairs, cemi_n=1, celid_t_h=5).set_index("feeder")
    # B: E3 6 h x 2 = 12 customer-hours; A: 3 x 2 + 2 x 1 + 2 x 0.5 = 9 (the short E5 adds none)
    assert list(w.index) == ["B", "A"]
    assert w.loc["B", "customer_hours"] == pytest.approx(12) and w.loc["A", "customer_hours"] == pytest.approx(9)
    assert w.loc["A", "events"] == 3  # sustained only
    # on A alone: C1 3 interruptions (3.5 h), C2 2 (3 h), C3 1, C5 1 -> more than 1: C1, C2; over 5 h: none
    assert w.loc["A", "cemi_customers"] == 2 and w.loc["A", "celid_customers"] == 0
    # on B alone: C1 and C4 once each, 6 h each
    assert w.loc["B", "cemi_customers"] == 0 and w.loc["B", "celid_customers"] == 2
    assert w.attrs["customer_level"] == "customer"
    assert w.attrs["cemi"] == pytest.approx(2 / 5) and w.attrs["celid"] == pytest.approx(2 / 5)  # the county's


def ranking_dataset():
    rows = [  # (feeder, town, area, start, hours, customers, cause, nature)
        ("F1", "城关街道", "城镇", "2023-11-20 10:00", 2.5, 100, "雷击", "故障停电"),
        ("F1", "城关街道", "城镇", "2023-12-01 09:00", 4, 50, "计划检修", "计划停电"),
        ("F1", "城关街道", "城镇", "2023-12-10 14:00", 5, 10, "树障", "故障停电"),
        ("F2", "五井镇", "农村", "2023-02-10 08:00", 1, 200, "计划检修", "计划停电"),
        ("F2", "五井镇", "农村", "2023-05-10 08:00", 1.5, 100, "配网改造", "计划停电"),
        ("F2", "五井镇", "农村", "2023-08-10 08:00", 5, 20, "外力破坏", "故障停电"),
        ("F3", "冶源镇", "农村", "2023-06-15 11:00", 1, 40, "设备老化", "故障停电"),
        ("F4", "冶源镇", "农村", "2023-07-15 11:00", 1, 10, "其他", "故障停电"),
        ("F1", "城关街道", "城镇", "2022-07-01 10:00", 2, 100, "雷击", "故障停电"),
        ("F3", "冶源镇", "农村", "2022-06-15 11:00", 2, 40, "设备老化", "故障停电"),
    ]
    events = make_events([dict(feeder=f, town=t, area=a, start=s, duration_h=h, customers=c, cause=why, nature=n)
                          for f, t, a, s, h, c, why, n in rows])
    customers = monthly_customers({"urban": 1000, "rural": 1000}, months_of(2022, 2023))
    return make_dataset(events, customers, coverage=("2022-01-01", "2023-12-31"))


def test_ranking_cause_mix_planned_and_last_year():
    w = worst_feeders(ranking_dataset(), "2023", n=3).set_index("feeder")
    # F1: 100 x 2.5 + 50 x 4 + 10 x 5 = 500; F2: 200 + 150 + 100 = 450; F3: 40; F4 (10) is fourth, not listed
    assert list(w.index) == ["F1", "F2", "F3"]
    f1, f2, f3 = w.loc["F1"], w.loc["F2"], w.loc["F3"]
    assert f1["customer_hours"] == pytest.approx(500) and f1["contribution_saidi_h"] == pytest.approx(500 / 2000)
    assert f1["planned_customer_hours"] == pytest.approx(200) and f1["fault_customer_hours"] == pytest.approx(300)
    assert f1["planned_share"] == pytest.approx(0.4)
    assert [c for c, _ in f1["cause_mix"]] == ["雷击", "计划检修", "树障"]
    assert [s for _, s in f1["cause_mix"]] == pytest.approx([0.5, 0.4, 0.1])
    assert f2["planned_share"] == pytest.approx(350 / 450)
    assert [s for _, s in f2["cause_mix"]] == pytest.approx([200 / 450, 150 / 450, 100 / 450])
    assert (f1["town"], f1["area"], f2["town"], f2["area"]) == ("城关街道", "urban", "五井镇", "rural")
    # last year: F1 200 (-> +150%), F2 none (no change from zero), F3 80 (-> -50%)
    assert f1["last_year_customer_hours"] == pytest.approx(200) and f1["change"] == pytest.approx(1.5)
    assert f2["last_year_customer_hours"] == 0 and pd.isna(f2["change"])
    assert f3["change"] == pytest.approx(-0.5)
    # dominant category: F1 lightning 250 > planned 200 > trees 50; F2 planned 350 (two causes) > external 100
    assert (f1["dominant_cause"], f2["dominant_cause"], f3["dominant_cause"]) == ("lightning", "planned", "equipment")
    # 频繁停电 as of 31 December: F1 three in the last 50 days (a warning); F2, F3 none
    assert (f1["level"], f2["level"], f3["level"]) == ("warning", "", "")
    assert pd.isna(f1["cemi_customers"]) and w.attrs["customer_level"] is None


def test_last_year_not_covered_is_unknown_not_zero():
    ds = ranking_dataset()
    ds = make_dataset(ds.events[ds.events["start"].dt.year == 2023].reset_index(drop=True), ds.customers,
                      coverage=("2023-01-01", "2023-12-31"))
    w = worst_feeders(ds, "2023", n=2)
    assert w["last_year_customer_hours"].isna().all() and w["change"].isna().all()
    assert not w.attrs["last_year_covered"]


def test_month_lists_the_months_feeders():
    w = worst_feeders(ranking_dataset(), "2023-12")
    assert list(w["feeder"]) == ["F1"] and w.loc[0, "customer_hours"] == pytest.approx(50 * 4 + 10 * 5)
    assert w.loc[0, "dominant_cause"] == "planned"  # in December: planned 200 > trees 50


SAMPLE_CAUSES = {"雷击": "lightning", "设备老化": "equipment", "树障": "trees", "大风": "wind", "外力破坏": "external",
                 "鸟害": "birds", "用户设备故障": "customer_equipment", "上级电网故障": "upstream", "": "other",
                 "不明": "other"}


def test_cause_categories_and_drafted_actions():
    for cause, category in SAMPLE_CAUSES.items():
        assert cause_category(cause) == category, cause
    for cause in ("计划检修", "配网改造", "业扩工程", "临时检修", "雷击"):  # a planned event is planned work
        assert cause_category(cause, planned=True) == "planned"
    assert cause_category("系统电源不足限电", shortage=True) == "shortage"
    assert cause_category("系统电源不足限电") == "shortage" and cause_category("业扩工程") == "planned"
    sample = pd.read_csv(ROOT / "data" / "linqu_outages.csv", encoding="gb18030", dtype=str)
    assert "other" not in {cause_category(c) for c in sample["停电原因"]}  # every sample cause has its category
    for lang, mark in (("zh", "【建议草稿】"), ("en", "[Draft] ")):
        lab = labels(lang)
        for category in [name for name, _ in CAUSE_CATEGORIES] + ["other"]:
            assert lab[f"action_{category}"] and lab[f"act_{category}"] and lab[f"cat_{category}"]
            assert action_text(category, lang).startswith(mark + lab[f"act_{category}"])
    table = localize(worst_feeders(ranking_dataset(), "2023", n=4), "zh").set_index("feeder")
    assert table.loc["F1", "action"] == "【建议草稿】防雷"
    assert table.loc["F2", "action"] == "【建议草稿】计划停电统筹"
    assert table.loc["F3", "action"] == "【建议草稿】设备老化治理"
    assert table.loc["F4", "action"] == "【建议草稿】查明原因"
    draft = table.loc["F1", "action_draft"]
    assert draft.startswith("【建议草稿】防雷：") and "避雷器" in draft
    assert table.loc["F1", "cause_mix"] == "雷击\u00a050%、计划检修\u00a040%、树障\u00a010%"
    assert (table.loc["F1", "frequent_status"], table.loc["F2", "frequent_status"]) == ("预警", "–")
    en = localize(worst_feeders(ranking_dataset(), "2023", n=1), "en")
    assert en.loc[0, "action"] == "[Draft] Lightning protection" and en.loc[0, "dominant_cause"] == "lightning"
    items = action_items(localize(worst_feeders(ranking_dataset(), "2023", n=4), "zh"), "zh")
    assert len(items) == 4 and items[0].startswith("F1（主导原因：雷击）：【建议草稿】防雷")


def test_event_customer_file(tmp_path):
    path = tmp_path / "明细.csv"
    path.write_bytes("停电编号,用户编号\nE1,C1\nE1,C2\nE1,C2\n,C9\nE2, C1 \n".encode("gb18030"))
    got = read_event_customers(path)
    assert got.values.tolist() == [["E1", "C1"], ["E1", "C2"], ["E2", "C1"]]  # blanks and repeats dropped
    assert got.attrs["level"] == "customer"
    tx = tmp_path / "台区.csv"
    tx.write_text("台区编号,停电编号\nT7,E1\n", encoding="utf-8")
    assert read_event_customers(tx).attrs["level"] == "transformer"
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,户\nE1,C1\n", encoding="utf-8")
    with pytest.raises(InputError, match="event ids") as refused:
        read_event_customers(bad)
    assert "停电编号" in refused.value.text("zh")
    params = load_params({"event_customers": str(path)})
    ds = make_dataset(*customer_log_frames(), params, ("2023-01-01", "2023-12-31"))
    assert event_customers_of(ds).equals(got)


def customer_log_frames():
    events, _ = customer_log()
    return events, monthly_customers({"urban": 5}, months_of(2023))


def test_events_outside_the_period_are_left_out():
    events, pairs = customer_log()
    before = make_events([dict(event_id="E0", feeder="A", start="2022-03-01 10:00", duration_min=600, customers=1,
                               area="城镇", town="城关街道", cause="雷击")])
    both = pd.concat([before, events], ignore_index=True)
    r = customer_indices(both, pd.concat([pd.DataFrame({"event_id": ["E0"], "customer_id": ["C2"]}), pairs]), 5,
                         "2023", n=1, t_h=5)
    assert r["cemi"] == pytest.approx(2 / 5) and r["celid_total"] == pytest.approx(2 / 5)  # C2's 10 h of 2022 not
