import pandas as pd
import pytest

from lqrel import load_customers
from lqrel.customers import customers_served
from lqrel.errors import DataError, InputError
from lqrel.periods import parse_period


def _table():
    rows = [("urban", pd.Period(f"2023-{m:02d}", freq="M"), 1000.0 if m <= 6 else 2000.0) for m in range(1, 13)]
    return pd.DataFrame(rows, columns=["area", "month", "customers"])


def test_time_weighted_average_end():
    t, year = _table(), parse_period("2023")
    # Jan-Jun: 181 days, Jul-Dec: 184 days
    assert customers_served(t, "urban", year, "time_weighted") == pytest.approx(
        (1000 * 181 * 24 + 2000 * 184 * 24) / 8760
    )
    assert customers_served(t, "urban", year, "average") == 1500
    assert customers_served(t, "urban", year, "end") == 2000
    assert customers_served(t, "urban", parse_period("2023Q1")) == 1000


def test_missing_month_names_area_and_month():
    t = _table()
    t = t[t["month"] != pd.Period("2023-07", freq="M")]
    with pytest.raises(DataError, match="urban 2023-07"):
        customers_served(t, "urban", parse_period("2023"))


def test_load_monthly_chinese_headers(tmp_path):
    f = tmp_path / "c.csv"
    # Both areas in both months (the file is a panel: docs/spec.md §5a); the cells in three forms.
    f.write_text("区域,月份,用户数\n城镇,2023-01,\"1,000\"\n农村,2023年2月,2000\n农村,2023-01,1990\n"
                 "城镇,2023/02,1010\n", encoding="utf-8")
    t = load_customers(f)
    assert list(t["area"]) == ["rural", "rural", "urban", "urban"]
    assert list(t["customers"]) == [1990, 2000, 1000, 1010]
    assert t["month"].iloc[1] == pd.Period("2023-02", freq="M")


def test_load_yearly_applies_to_every_month(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("area,year,customers\nurban,2023,500\n", encoding="utf-8")
    t = load_customers(f)
    assert len(t) == 12 and (t["customers"] == 500).all()


def test_bad_cell_names_file_row_column_value(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("区域,月份,用户数\n城镇,2023-01,1000\n城镇,2023-02,很多\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.csv, row 3, column '用户数'.*'很多'"):
        load_customers(f)


def test_an_area_month_given_twice_is_refused(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("区域,月份,用户数\n城镇,2023-01,1000\n城镇,2023-01,1001\n", encoding="utf-8")
    with pytest.raises(InputError, match="given twice"):
        load_customers(f)


def test_customers_above_served_warning():
    from lqrel.customers import customers_above_served
    from tests.conftest import make_events

    ev = make_events([dict(start="2023-03-01 10:00", duration_h=1, customers=1500, area="城镇"),
                      dict(start="2023-09-01 10:00", duration_h=1, customers=1500, area="城镇")])
    w = customers_above_served(ev, _table())  # 1000 users until June, 2000 after
    assert w["row"].tolist() == [2] and w.loc[0, "code"] == "customers_above_served"
    assert w.loc[0, "args"] == {"area": "urban", "served": 1000.0} and "1,000" in w.loc[0, "message"]


def test_town_column_adds_up_to_the_area(tmp_path):
    from lqrel.customers import read_customers

    f = tmp_path / "c.csv"
    f.write_text("区域,月份,供电所,用户数\n城镇,2023-01,城关所,600\n城镇,2023-01,东城所,400\n"
                 "农村,2023-01,城关所,50\n", encoding="utf-8")
    assert load_customers(f).set_index("area")["customers"].to_dict() == {"rural": 50, "urban": 1000}
    rows = read_customers(f)
    assert sorted(rows["town"]) == ["东城所", "城关所", "城关所"]
    f.write_text("区域,月份,供电所,用户数\n城镇,2023-01,城关所,600\n城镇,2023-01,城关所,400\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 3: customers for urban 城关所 2023-01 given twice"):
        load_customers(f)
