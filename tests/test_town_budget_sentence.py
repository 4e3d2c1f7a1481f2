"""The Word document's sentence on the 供电所 that has used the largest share of its outage-hour budget: the budget
is per area and town, so a town with customers in both areas is named with the area of the row (辛寨镇（城镇）), as the
next sentence (towns over their budget) names it (catalogue: town_in_area, zh and en)."""

from __future__ import annotations

import pandas as pd
import pytest

from lqrel.report.word_towns import ACCOUNTABILITY, towns_part


class Sentences:
    """A stand-in for the Word document's writer: the prose it is given, tables ignored."""

    def __init__(self, lang: str):
        self.lang, self.prose_said = lang, []

    def prose(self, line: str) -> None:
        self.prose_said.append(line)

    def table(self, frame) -> None:
        pass


def town_tables_by_hand(used_urban: float) -> dict:
    """辛寨镇 has customers in both areas, so a budget in each (urban 1,000, rural 2,000 customer-hours);
    五井镇 only a rural one (1,000). Used: 辛寨镇 urban ``used_urban``, rural 500; 五井镇 900."""
    accountability = pd.DataFrame([["辛寨镇", 3000.0, float("nan"), 0.5, float("nan"), float("nan")]],
                                  columns=ACCOUNTABILITY)
    accountability.attrs.update({"period": None, "county_saidi_h": 0.5})
    budget = pd.DataFrame({"area": ["urban", "rural", "rural"], "town": ["辛寨镇", "辛寨镇", "五井镇"],
                           "annual_budget_ch": [1000.0, 2000.0, 1000.0], "used_ch": [used_urban, 500.0, 900.0]})
    budget["remaining_ch"] = budget["annual_budget_ch"] - budget["used_ch"]
    budget["planned_allowance_left_ch"] = 0.0
    budget["used_share"] = budget["used_ch"] / budget["annual_budget_ch"]
    return {"town_accountability": accountability, "town_budget": budget}


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "全年停电时户数预算已用比例最高的供电所是辛寨镇（城镇）（已用 181.9%，剩余 -819 户·小时）。"),
    ("en", "The town that has used the largest share of its year's outage-hour budget is 辛寨镇 (urban) (181.9% used, "
           "-819 customer-hours left)."),
])
def test_the_town_with_most_of_its_budget_used_names_the_area_of_a_two_area_town(lang, expected):
    w = Sentences(lang)
    towns_part(w, town_tables_by_hand(1819.0))  # 辛寨镇 urban: 1,819 / 1,000 = 181.9%, 1,000 - 1,819 = -819 left
    assert w.prose_said[0] == expected


def test_the_town_with_most_of_its_budget_used_in_one_area_only_is_named_alone():
    w = Sentences("zh")
    towns_part(w, town_tables_by_hand(100.0))  # 五井镇 90% > 辛寨镇 urban 10%, rural 25%
    assert w.prose_said[0] == "全年停电时户数预算已用比例最高的供电所是五井镇（已用 90.0%，剩余 100 户·小时）。"
