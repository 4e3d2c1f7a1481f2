"""The settings reference ``docs/settings.md`` against the settings reader (issue 27, point 7).

The keys the reader accepts are collected from ``lqrel/params.py`` itself, by asking it: a probe key is put at a
place in the settings, and the reader's refusal ("unknown setting (allowed: ...)") lists the keys allowed there;
each of those is probed in turn, as a mapping, as a list of mappings (``[]``) and as a mapping of free names
(``*``, e.g. a town under ``customer_changes``). A place where the probe is refused otherwise (a number, a
name, a date) is a leaf. No key is typed here; the reference must name every leaf and nothing else.

In the reference a key is documented by a table row whose first cell holds it in backticks (several may be
given, comma separated) or by a heading holding it in backticks: ``targets.reduction``; ``frequent_outages.
frequent[].count`` (each item of the list); ``customer_changes.<名称>.from`` (any name); and ``a.{b,c}`` is
``a.b`` and ``a.c``. Documenting a key documents the keys above it.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from lqrel import params as params_module
from lqrel.errors import LqrelError
from lqrel.params import load_params

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "settings.md"
PROBE = "no_such_setting_probe"


def settings_for(path: tuple[str, ...], value: object) -> object:
    """The settings that put ``value`` at ``path`` (``[]``: as the one item of a list; ``*``: under a free name)."""
    for segment in reversed(path):
        if segment == "[]":
            value = [value]
        elif segment == "*":
            value = {f"{PROBE}_name": value}
        else:
            value = {segment: value}
    return value


def allowed_at(path: tuple[str, ...], value: object) -> list[str] | None:
    """The keys the reader lists when refusing the probe key in ``value`` at ``path``; None if it refused
    something else (or nothing)."""
    try:
        load_params(settings_for(path, value))
    except LqrelError as refused:
        found = re.search(r"key '([^']+)': unknown setting \(allowed: ([^)]*)\)", str(refused))
        if found and found.group(1).endswith(PROBE):
            return found.group(2).split(", ")
    return None


def schema_leaves(path: tuple[str, ...] = ()) -> set[str]:
    """Every leaf key path the settings reader accepts under ``path``."""
    shapes = (({PROBE: 1}, ()), ([{PROBE: 1}], ("[]",)), ({f"{PROBE}_name": {PROBE: 1}}, ("*",)))
    for value, step in shapes:
        allowed = allowed_at(path, value)
        if allowed is not None:
            return set().union(*(schema_leaves((*path, *step, key)) for key in allowed))
    return {joined(path)}


def joined(path: tuple[str, ...]) -> str:
    return ".".join(path).replace(".[]", "[]")


def expand(token: str) -> list[str]:
    """``a.{b,c}_x`` -> ``a.b_x``, ``a.c_x``; ``<名称>`` -> ``*``."""
    token = re.sub(r"<[^>]+>", "*", token)
    parts = re.split(r"\{([^}]*)\}", token)
    choices = [[p] if i % 2 == 0 else [c.strip() for c in p.split(",")] for i, p in enumerate(parts)]
    return ["".join(pick) for pick in itertools.product(*choices)]


KEY_PATH = re.compile(r"[a-z_][a-z0-9_]*(?:\[\])?(?:\.(?:[a-z0-9_{},\s]+|<[^>]+>|\*)(?:\[\])?)*")


def documented(text: str) -> set[str]:
    """The key paths a reference documents: in the first cell of a table row or in a heading, in backticks."""
    places = [line.split("|")[1] for line in text.splitlines() if line.startswith("| `")]
    places += re.findall(r"^#+ .*$", text, flags=re.M)
    found = set()
    for place in places:
        for token in re.findall(r"`([^`]+)`", place):
            if KEY_PATH.fullmatch(token):
                found.update(expand(token))
    return found


def prefixes(path: str) -> set[str]:
    """The path and every path above it (``a[].b`` -> ``a[].b``, ``a[]``, ``a``)."""
    cuts = [m.start() for m in re.finditer(r"\.|\[\]", path)]
    return {path} | {path[:i] for i in cuts}


@pytest.fixture(scope="module")
def leaves() -> set[str]:
    return schema_leaves()


def test_the_probe_finds_the_key_sets_of_the_code(leaves):
    """A check on the check: the probe reads the reader's own key sets (its top level, ``targets`` and ``areas``
    are named sets of params.py), and reaches list items and free names."""
    assert {p.split(".")[0].split("[")[0] for p in leaves} == params_module._TOP_KEYS
    assert {p.split(".")[1] for p in leaves if p.startswith("targets.")} == params_module._TARGET_KEYS
    assert {p.split(".")[1] for p in leaves if p.startswith("areas.")} == params_module._AREA_KEYS
    assert any(p.startswith("frequent_outages.frequent[].") for p in leaves)
    assert any(p.startswith("customer_changes.*.") for p in leaves)


def test_the_reference_reader_expands_and_collects():
    text = "| `a.{b,c}_x`, `d[].e` | 1 |\n| not a key | `f` |\n## 标题 `g.<名称>.h`\n"
    assert documented(text) == {"a.b_x", "a.c_x", "d[].e", "g.*.h"}
    assert prefixes("d[].e") == {"d[].e", "d[]", "d"}


def test_every_setting_is_documented(leaves):
    documented_paths = set().union(*map(prefixes, documented(REFERENCE.read_text(encoding="utf-8"))))
    assert sorted(leaves - documented_paths) == []


def test_every_documented_setting_exists(leaves):
    known = set().union(*map(prefixes, leaves))
    extra = {p for p in documented(REFERENCE.read_text(encoding="utf-8")) if p not in known}
    assert sorted(extra) == []


def test_params_yaml_points_to_the_reference():
    first = (ROOT / "params.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert "docs/settings.md" in first
    assert "docs/settings.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def examples() -> list[tuple[str, str]]:
    """(key path, example) for every example of the reference's tables (the fourth cell, in backticks) that reads
    as settings: a mapping whose key is the documented key or one of its parents' names."""
    out = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if not line.startswith("| `") or len(cells) < 5:
            continue
        path = re.findall(r"`([^`]+)`", cells[1])[0]
        for token in re.findall(r"`([^`]+)`", cells[4]):
            try:
                value = yaml.safe_load(token)
            except yaml.YAMLError:
                continue
            if isinstance(value, dict) and len(value) == 1:
                out.append((path, token))
    return out


def as_settings(path: str, example: str) -> dict:
    """The example placed where it belongs: ``reduction: 0.1`` of ``targets.reduction`` under ``targets``."""
    value = yaml.safe_load(example)
    (key,) = value
    segments = expand(path)[0].replace("[]", "").split(".")
    above = segments[:segments.index(key)] if key in segments else []
    for segment in reversed(above):
        value = {segment: value}
    return value


@pytest.mark.parametrize(("path", "example"), examples())
def test_each_example_is_accepted(path, example):
    """Each example of the reference is settings the reader accepts."""
    if "[]" in path:  # a rule item alone is not a rule: its example is checked inside a whole rule list below
        settings = {"frequent_outages": {"frequent": [{"count": 3, **yaml.safe_load(example)}]}}
        if "days" not in settings["frequent_outages"]["frequent"][0]:
            settings["frequent_outages"]["frequent"][0]["days"] = 30
    else:
        settings = as_settings(path, example)
    load_params(settings)


def test_the_examples_are_found():
    found = examples()
    assert len(found) >= 60
    assert as_settings("targets.reduction", "reduction: 0.1") == {"targets": {"reduction": 0.1}}
    with pytest.raises(LqrelError):  # a check on the check: a wrong example is refused
        load_params(as_settings("targets.reduction", "reduction: 1.5"))


def test_the_reference_example_file_is_settings():
    """The example settings file at the end of the reference loads, the customers file's mapping with it."""
    (block,) = re.findall(r"^```yaml\n(.*?)^```", REFERENCE.read_text(encoding="utf-8"), flags=re.M | re.S)
    settings = yaml.safe_load(block)
    assert {"customers_columns", "applications_columns"} & set(settings)  # it shows the other files' mappings
    loaded = load_params(settings)
    assert (loaded.header_row, loaded.sheet, loaded.columns["customers"]) == (3, "2024年", ("影响客户数",))
