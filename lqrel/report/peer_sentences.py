"""The peer comparison in words (docs/spec.md §3a): per area the gap between the county's SAIDI and the best peer
of the benchmark file, for the report page and the Word document alike."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from lqrel.messages import text
from lqrel.messages.formats import form
from lqrel.output import visible
from lqrel.report.i18n import labels


def _say(code: str, lang: str, **args) -> str:
    return text(code, args, lang, "report")


def explanation(table: pd.DataFrame, lang: str = "zh") -> str:
    """What the comparison's figures are: where the peers' come from (the file, by name, ``attrs["file"]``) and
    the county's year."""
    return _say("benchmark_explain", lang, file=visible(Path(table.attrs.get("file", "")).name),
                year=table.attrs["county_year"])


def gap_sentences(table: pd.DataFrame, lang: str = "zh") -> list[str]:
    """One sentence per area: the county's SAIDI against the best peer of the file (:func:`lqrel.benchmark.compare`,
    its ``best_peer`` rows), higher or lower by how many hours and what share of the peer's figure, rounded as
    the tables round them; where the peers are of another year than the county's, that year is said. An area
    whose county figure is unknown has no sentence."""
    lab = labels(lang)
    year = table.attrs["county_year"]
    out = []
    for row in table[table["best_peer"]].to_dict("records"):
        county = row["county_saidi_h"]
        if county is None or math.isnan(county):
            continue
        gap = round(row["gap_h"], 2)
        code = "benchmark_gap_above" if gap > 0 else "benchmark_gap_below" if gap < 0 else "benchmark_gap_level"
        share = row["gap_share"]
        where = lab[row["area"]]
        sentence = _say(code, lang, where=where, year=year, county=county, peer=visible(row["peer"]),
                        peer_year=row["peer_year"], best=row["peer_saidi_h"], gap=abs(gap),
                        share="–" if pd.isna(share) else f"{abs(share) * 100:.1f}%")
        if row["peer_year"] != year:
            where = form(f"area_in_sentence_{row['area']}", lang)
            sentence += form("sentence_gap", lang) + _say("benchmark_other_year", lang, year=year,
                                                                       where=where, peer_year=row["peer_year"])
        out.append(sentence)
    return out
