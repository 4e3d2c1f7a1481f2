"""environment.yml lists the same dependencies as pyproject.toml."""

import re
import tomllib

import yaml

from tests.conftest import ROOT

#: Packages whose conda-forge name differs from their PyPI name (conda-forge's ``isal`` is the C library).
CONDA_NAMES = {"python-isal": "isal"}


def _name(spec: str) -> str:
    name = re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower()
    return CONDA_NAMES.get(name, name)


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(d) for d in project["dependencies"]} | {_name(d) for d in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted
    pinned = {_name(d): d for d in project["dependencies"]}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) in pinned:
            spec = re.sub(r"\[.*?\]", "", pinned[_name(dep)]).replace(" ", "")  # conda has no extras
            conda_name = re.split(r"[<>=!~ ]", dep.strip(), maxsplit=1)[0]
            assert dep.replace(" ", "")[len(conda_name):] == spec[len(_name(dep)):], dep  # the same versions
