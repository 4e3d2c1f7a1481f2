"""Real files from other utilities (../shared/data/real), loaded through params mappings as a new user would.

Each must reconcile: rows read = accepted + rejected + duplicates. The expected counts were checked against
the facts in ../shared/data/real/README.md (Purdue: 9 rows without start, 58 without restoration, 31
daylight-saving rows; BC Hydro: re-scraped duplicate ids).
"""

from pathlib import Path

import openpyxl
import pytest

from lqrel import indices, load_events, load_params
from tests.conftest import monthly_customers

PARAMS = Path(__file__).parent / "params"


def reconciles(rep) -> bool:
    return rep.rows_read == rep.accepted + rep.rejected + rep.duplicates


def test_purdue(real_dir):
    ev, rj, rep = load_events(real_dir / "purdue" / "outage_original.xlsx", PARAMS / "purdue.yaml")
    assert rep.header_row == 6 and reconciles(rep)
    assert (rep.rows_read, rep.accepted, rep.rejected, rep.duplicates) == (1535, 1056, 479, 0)
    reasons = rj["reason"].value_counts().to_dict()
    assert reasons == {"missing customers": 420, "missing both end and duration": 49, "missing start": 9,
                       "unparseable start": 1}
    assert rj.loc[rj["reason"] == "unparseable start", "row"].tolist() == [7]  # the Units row
    # 9 without start + 49 without end or duration = the 58 rows without restoration
    dst = rep.warnings["message"].str.contains("differs from OUTAGE.DURATION by 60 min")
    assert dst.sum() == 31  # read as Asia/Shanghai, the U.S. daylight-saving hour shows up
    assert int((ev["customers"] == 0).sum()) == 202


def test_purdue_daylight_saving_disappears_in_a_us_zone(real_dir):
    params = load_params(PARAMS / "purdue.yaml").replace(timezone="America/Chicago")
    _, _, rep = load_events(real_dir / "purdue" / "outage_original.xlsx", params)
    left = rep.warnings[rep.warnings["message"].str.contains("differs")]
    # 25 of the 31 agree once durations are taken on absolute U.S. time. The 6 left are 2003-2005 events
    # across the old (pre-2007) daylight-saving dates: the file's durations follow today's calendar there.
    assert len(left) == 6
    assert left["value"].str[:4].astype(int).max() <= 2005


@pytest.mark.parametrize(
    ("name", "counts"),
    [("threeDays", (71, 71, 0, 0)), ("nineDays", (426, 422, 0, 4)), ("twelveDays", (609, 604, 0, 5))],
)
def test_bchydro(real_dir, name, counts):
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
    t = indices(ev, cust, "2024-12..2025-01", by="area,month", params=PARAMS / "bchydro.yaml")
    assert (t["saidi_h"] >= 0).all()
    assert t["saidi_s_h"].add(t["saidi_f_h"]).sub(t["saidi_h"]).abs().max() < 1e-12


def test_oe417_every_sheet_reconciles(real_dir):
    path = real_dir / "oe417" / "DOE_Electric_Disturbance_Events.xlsx"
    base = load_params(PARAMS / "oe417.yaml")
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert len(sheets) == 22
    totals = {"rows": 0, "accepted": 0}
    for sheet in sheets:
        ev, rj, rep = load_events(path, base.replace(sheet=sheet))
        assert reconciles(rep), sheet
        assert set(rj["reason"]).issubset({
            "blank row", "missing start", "unparseable start", "unparseable end", "missing customers",
            "non-numeric customers", "end before start", "missing town", "missing both end and duration",
        }), (sheet, set(rj["reason"]))
        totals["rows"] += rep.rows_read
        totals["accepted"] += rep.accepted
    assert totals["rows"] > 4000 and totals["accepted"] > 2500


def test_oe417_text_in_numeric_columns(real_dir):
    path = real_dir / "oe417" / "DOE_Electric_Disturbance_Events.xlsx"
    ev, rj, rep = load_events(path, load_params(PARAMS / "oe417.yaml").replace(sheet="2015"))
    assert (rep.rows_read, rep.accepted, rep.rejected, rep.duplicates) == (143, 84, 59, 0)
    text = rj[rj["reason"] == "non-numeric customers"]
    assert "Unknown" in set(text["value"])
    assert (ev["customers"] >= 0).all()
