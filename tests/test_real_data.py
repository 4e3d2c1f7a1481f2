"""Real files from other utilities (tests/data/real, with their source and licence), loaded through params
mappings as a new user would.

Each must reconcile: rows read = accepted + rejected + duplicates. The expected counts were checked against
the facts the files' publishers give (tests/data/real/README.md; Purdue: 9 rows without start, 58 without
restoration, 31 daylight-saving rows; BC Hydro: re-scraped duplicate ids).
"""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lqrel import indices, load_events, load_params
from tests.conftest import monthly_customers
from tests.oracle import saidi_by_hand

PARAMS = Path(__file__).parent / "params"


def reconciles(rep) -> bool:
    return rep.rows_read == rep.accepted + rep.rejected + rep.duplicates


def test_purdue_export_counts_rejects_by_reason_and_the_units_row(real_dir):
    ev, rj, rep = load_events(real_dir / "purdue" / "outage_original.xlsx", PARAMS / "purdue.yaml")
    assert rep.header_row == 6 and reconciles(rep)
    assert (rep.rows_read, rep.accepted, rep.rejected, rep.duplicates) == (1535, 1054, 481, 0)
    reasons = rj["code"].value_counts().to_dict()
    assert reasons == {"customers_missing": 415, "end_and_duration_missing": 49, "start_missing": 9,
                       "duration_over_max": 7, "start_unparseable": 1}
    # the seven outages longer than 30 days (five of them also without a customers count)
    long = rj[rj["code"] == "duration_over_max"]
    assert long["row"].tolist() == [61, 125, 128, 507, 521, 997, 1215]
    assert all(float(v.split()[0]) > 720 for v in long["value"])
    assert rj.loc[rj["code"] == "start_unparseable", "row"].tolist() == [7]  # the Units row
    # 9 without start + 49 without end or duration = the 58 rows without restoration
    dst = rep.warnings["args"].map(lambda a: a == {"column": "OUTAGE.DURATION", "minutes": 60.0})
    assert dst.sum() == 31  # read as Asia/Shanghai, the U.S. daylight-saving hour shows up
    assert int((ev["customers"] == 0).sum()) == 201  # 202 zero counts, one of them on a 30-day-plus outage


def test_purdue_daylight_saving_disappears_in_a_us_zone(real_dir):
    params = load_params(PARAMS / "purdue.yaml").replace(timezone="America/Chicago")
    _, _, rep = load_events(real_dir / "purdue" / "outage_original.xlsx", params)
    left = rep.warnings[rep.warnings["code"] == "end_duration_disagree"]
    # 25 of the 31 agree once durations are taken on absolute U.S. time. The 6 left are 2003-2005 events
    # across the old (pre-2007) daylight-saving dates: the file's durations follow today's calendar there.
    assert len(left) == 6
    assert left["value"].str[:4].astype(int).max() <= 2005


@pytest.mark.parametrize(
    ("name", "counts"),
    [("threeDays", (71, 71, 0, 0)), ("nineDays", (426, 422, 0, 4)), ("twelveDays", (609, 604, 0, 5))],
)
def test_bchydro_exports_count_every_row_in_vancouver_time_with_unique_ids(real_dir, name, counts):
    ev, rj, rep = load_events(real_dir / "bchydro" / f"{name}.csv.gz", PARAMS / "bchydro.yaml")
    assert (rep.rows_read, rep.accepted, rep.rejected, rep.duplicates) == counts
    assert str(ev["start"].dt.tz) == "America/Vancouver"
    assert ev["event_id"].is_unique
    assert 0.25 < (ev["nature"] == "planned").mean() < 0.55


def test_bchydro_utc_offsets_become_local_time(real_dir):
    ev, _, _ = load_events(real_dir / "bchydro" / "threeDays.csv.gz", PARAMS / "bchydro.yaml")
    first = ev.set_index("event_id").loc["2529684"]
    # dateOff 2024-12-23 22:40:56+00:00 is 14:40:56 in Vancouver (PST, UTC-8)
    assert str(first["start"]) == "2024-12-23 14:40:56-08:00"


def test_bchydro_indices_with_a_supplied_denominator(real_dir):
    ev, _, _ = load_events(real_dir / "bchydro" / "twelveDays.csv.gz", PARAMS / "bchydro.yaml")
    cust = monthly_customers({"urban": 1_000_000, "rural": 1_000_000}, ["2024-11", "2024-12", "2025-01"])
    params = load_params(PARAMS / "bchydro.yaml")
    t = indices(ev, cust, "2024-12..2025-01", by="area,month", params=params)
    for r in t[t["area"] != "all"].to_dict("records"):  # each month by hand, one event at a time
        m = pd.Period(r["month"], "M")
        assert r["saidi_h"] == pytest.approx(saidi_by_hand(ev, cust, str(m.start_time), str((m + 1).start_time),
                                                           r["area"], timezone=params.timezone), rel=1e-12)
    assert t["saidi_h"].gt(0).any()
    assert t["saidi_s_h"].add(t["saidi_f_h"]).sub(t["saidi_h"]).abs().max() < 1e-12


@pytest.mark.slow  # a big file: the real workbook read once for each of its 22 sheets
def test_oe417_every_sheet_reconciles(real_dir):
    path = real_dir / "oe417" / "DOE_Electric_Disturbance_Events.xlsx"
    base = load_params(PARAMS / "oe417.yaml")
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert len(sheets) == 22
    totals = {"rows": 0, "accepted": 0}
    for sheet in sheets:
        ev, rj, rep = load_events(path, base.replace(sheet=sheet))
        assert reconciles(rep), sheet
        assert set(rj["code"]).issubset({
            "blank_row", "start_missing", "start_unparseable", "end_unparseable", "customers_missing",
            "customers_non_numeric", "end_before_start", "area_column_missing", "end_and_duration_missing",
            "duration_over_max",
            # issue 25: a date after the day of the run is its own reject (sheet 2011 row 230 restored "2077-08-29",
            # until then a duration_over_max)
            "date_in_future",
        }), (sheet, set(rj["code"]))
        assert (ev["end"] >= ev["start"]).all(), sheet
        assert not (ev["end"].dt.year > 2023).any(), sheet  # nothing taken from today's clock
        totals["rows"] += rep.rows_read
        totals["accepted"] += rep.accepted
    assert totals["rows"] > 4000 and totals["accepted"] > 2500


def test_oe417_text_in_numeric_columns(real_dir):
    path = real_dir / "oe417" / "DOE_Electric_Disturbance_Events.xlsx"
    ev, rj, rep = load_events(path, load_params(PARAMS / "oe417.yaml").replace(sheet="2015"))
    assert (rep.rows_read, rep.accepted, rep.rejected, rep.duplicates) == (143, 84, 59, 0)
    text = rj[rj["code"] == "customers_non_numeric"]
    assert "Unknown" in set(text["value"])
    assert (ev["customers"] >= 0).all()


def test_oe417_year_less_restorations_are_never_completed_from_the_clock(real_dir):
    """2006-2010 sheets give restorations as '5:30 p.m. January 16'. Without the opt-in they are rejected; with
    ``complete_partial_end`` each becomes the first such moment after its own start, with a warning."""
    path = real_dir / "oe417" / "DOE_Electric_Disturbance_Events.xlsx"
    strict = load_params(PARAMS / "oe417.yaml").replace(sheet="2006", complete_partial_end=False)
    ev, rj, rep = load_events(path, strict)
    partial = rj[rj["code"] == "end_partial"]
    assert len(partial) == 90 and "5:30 p.m. January 16" in set(partial["value"])
    ev, rj, rep = load_events(path, strict.replace(complete_partial_end=True))
    assert (rj["code"] == "end_partial").sum() == 0
    completed = rep.warnings[rep.warnings["code"] == "end_completed"]
    assert len(completed) == 90  # every partial end; 14 of those rows are rejected for their customers count
    assert (rep.rows_read, rep.accepted, rep.rejected) == (112, 76, 36)
    # First event of 2006: began 14 January 2006 3:45 p.m., restored "5:30 p.m. January 16" (New York time).
    first = ev.sort_values("row").iloc[0]
    assert str(first["start"]) == "2006-01-14 15:45:00-05:00"
    assert str(first["end"]) == "2006-01-16 17:30:00-05:00"
    assert first["duration_h"] == pytest.approx(49.75)
    assert (ev["end"] > ev["start"]).all() and ev["end"].dt.year.isin([2006, 2007]).all()
