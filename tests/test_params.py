"""Settings: defaults, types, unknown keys and malformed YAML name the key and line; nothing is evaluated."""

import pytest

from lqrel import load_params
from lqrel.errors import ParamsError
from tests.conftest import ROOT


def write(tmp_path, text):
    f = tmp_path / "params.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def test_defaults_and_repository_file():
    d = load_params(None)
    assert (d.timezone, d.standard, d.short_threshold_min, d.boundary, d.customers_basis) == (
        "Asia/Shanghai", "dlt836", 3.0, "split", "time_weighted")
    assert d.targets.max_saidi_h == {"urban": 7.0, "rural": 10.0} and d.targets.reduction == 0.08
    repo = load_params(ROOT / "params.yaml")
    assert repo.events == ROOT / "data" / "linqu_outages.csv"
    assert load_params({"standard": "ieee1366"}).short_threshold_min == 5.0
    assert load_params({"standard": "ieee1366", "short_max_minutes": 1}).short_threshold_min == 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("standard: dlt836\ntargets:\n  urban: {max_saidi_h: 7}\n  rual: {max_saidi_h: 10}\n",
         "line 4: key 'targets.rual': unknown setting"),
        ("boundary: middle\n", "line 1: key 'boundary': expected one of split, start"),
        ("targets:\n  reduction: '8%'\n", "line 2: key 'targets.reduction': expected a number"),
        ("timezone: Mars/Olympus\n", "key 'timezone': unknown time zone"),
        ("standard: [dlt836\n", "malformed YAML"),
        ("columns:\n  strat: 开始\n", "key 'columns.strat': unknown setting"),
        ("targets: {reduction_mode: average_since}\n", "needs targets.baseline_year"),
        ("areas: {column: town, rural: [五井镇]}\n", "list the urban names"),
        ("header_row: 0\n", "expected a row number >= 1"),
        ("- a\n- b\n", "expected a mapping"),
        ("events: !!python/object/apply:os.system ['echo hi']\n", "malformed YAML"),
    ],
)
def test_bad_settings_are_refused_with_their_reason(tmp_path, text, message):
    with pytest.raises(ParamsError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_params(write(tmp_path, text))


def test_relative_paths_are_relative_to_the_file(tmp_path):
    p = load_params(write(tmp_path, "events: data/x.csv\n"))
    assert p.events == tmp_path / "data" / "x.csv"
