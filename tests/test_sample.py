"""The shipped synthetic sample has the known answers it was built for (lqrel/synth/sample.py)."""

from lqrel import check_targets, indices, load_customers, load_events
from tests.conftest import ROOT, sample_dataset


def load():
    ev, rj, rep = load_events(ROOT / "data" / "linqu_outages.csv")
    return ev, rj, rep, load_customers(ROOT / "data" / "linqu_customers.csv")


def test_sample_validation():
    ev, rj, rep, _ = load()
    assert rep.encoding == "gb18030"
    assert rep.rows_read == rep.accepted + rep.rejected + rep.duplicates
    assert rep.rejected == 7 and rep.duplicates == 1
    assert set(rj["code"]) == {  # the deliberately bad rows of data/README.md
        "end_before_start", "customers_non_numeric", "start_unparseable", "end_and_duration_missing", "area_unknown",
        "customers_negative", "nature_unknown",
    }
    assert ev["town"].nunique() == 10


def test_2022_urban_meets_by_limit_rural_by_reduction():
    ds = sample_dataset()
    assert ds.coverage.to_dict() == {"from": "2019-01-01", "through": "2024-12-31", "inferred": True}
    t = check_targets(ds, 2022).set_index("area")
    assert t.loc["urban", "criterion"] == "limit"
    assert t.loc["rural", "criterion"] == "reduction"
    # the figures data/README.md states for the sample: urban 6.62 h, rural 10.73 h, 13.8% below 2021
    assert round(t.loc["urban", "saidi_h"], 2) == 6.62 and round(t.loc["rural", "saidi_h"], 2) == 10.73
    assert round(t.loc["rural", "change"], 3) == -0.138


def test_sample_shape():
    ev, _, _, cu = load()
    year = indices(ev, cu, "2022").set_index("area")
    assert 115_000 < year.loc["urban", "customers_served"] < 140_000
    assert 235_000 < year.loc["rural", "customers_served"] < 255_000
    assert 0 < year.loc["urban", "saidi_3_h"] < year.loc["urban", "saidi_h"]  # shortage events in 2022
    assert year.loc["all", "maifi"] > 0
    months = indices(ev, cu, "2022", by="area,month")
    fault = months[months["area"] == "all"].set_index("month")["saidi_f_h"]
    assert fault[["2022-06", "2022-07", "2022-08"]].sum() > fault[["2022-01", "2022-02", "2022-03"]].sum()
