"""lqrel's import graph, read from the source with ``ast``: no import cycle, the layers import downwards only
(command line -> report -> core; synthetic data beside the core), and no module without a caller outside the
tests.

An edge ``a -> b`` is any import of module ``b`` in module ``a``, at module level or inside a function, absolute
or relative. ``from lqrel.report import charts`` is an edge to ``lqrel.report.charts``, not to the package's
``__init__`` that Python merely runs first; ``from lqrel.synth import write_sample`` is an edge to
``lqrel.synth`` (its ``__init__`` holds the name).
"""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lqrel"

#: Modules without a caller outside the tests for now, each with the reason it stays.
UNCALLED: dict[str, str] = {}


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of lqrel: dotted name -> (source file, whether it is a package's ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


MODULES = modules()


def _known(name: str) -> str | None:
    """The module ``name`` is, or the nearest package or module that holds it (``lqrel.x.f`` -> ``lqrel.x``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imported(tree: ast.AST, package: str = "") -> set[str]:
    """lqrel modules imported anywhere in ``tree``; ``package`` is the package relative imports start from."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {_known(alias.name) for alias in node.names if alias.name.split(".")[0] == "lqrel"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if base.split(".")[0] != "lqrel":
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in MODULES else _known(base))
    return out - {None}


def graph() -> dict[str, set[str]]:
    """Import edges between lqrel's modules (self-imports left out)."""
    edges = {}
    for name, (path, is_package) in MODULES.items():
        package = name if is_package else name.rpartition(".")[0]
        edges[name] = imported(ast.parse(path.read_text(encoding="utf-8")), package) - {name}
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as ``[a, b, ..., a]``, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def layer(module: str) -> str:
    """``cli``, ``service`` (what commands decide, for the command line and the notebooks), ``report``,
    ``synth`` or ``core``."""
    if module in ("lqrel.cli", "lqrel.cli_output", "lqrel.cli_table", "lqrel.cli_inspect", "lqrel.__main__"):
        return "cli"
    if module == "lqrel.service":
        return "service"
    if module.startswith("lqrel.report"):
        return "report"
    if module.startswith(("lqrel.synth.", "lqrel.synth_")) or module == "lqrel.synth":
        return "synth"
    return "core"


def _code_cells(notebook: Path) -> str:
    """The code cells of a notebook as one Python source, IPython magics and shell lines left out."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    lines = [line for cell in cells if cell["cell_type"] == "code"
             for line in "".join(cell["source"]).splitlines() if not line.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def outside_callers() -> dict[str, set[str]]:
    """Module -> the non-test places that import it: lqrel's other modules and notebooks, ``notebooks/``,
    ``benchmarks/``, and module names written out as strings in lqrel (imported with :mod:`importlib`)."""
    callers: dict[str, set[str]] = {m: set() for m in MODULES}
    for name, targets in graph().items():
        for target in targets:
            callers[target].add(name)
    sources = [(str(p.relative_to(ROOT)), _code_cells(p)) for p in [*ROOT.glob("notebooks/*.ipynb"),
                                                                     *PACKAGE.rglob("*.ipynb")]]
    sources += [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in ROOT.glob("benchmarks/*.py")]
    for where, source in sources:
        for target in imported(ast.parse(source)):
            callers[target].add(where)
    for name, (path, _) in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in MODULES:
                callers[node.value].add(name)
    return callers


def entry_points() -> set[str]:
    """Modules named by ``[project.scripts]`` in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {target.partition(":")[0] for target in project.get("scripts", {}).values()}


def test_graph_reads_every_kind_of_import():
    """The reader itself: function-level, relative and ``from package import module`` imports are edges."""
    tree = ast.parse("import lqrel.periods\nfrom . import counting\nfrom .report import charts\n"
                     "def f():\n    from lqrel.report.i18n import labels\n    from lqrel import engine\n"
                     "from lqrel.engine import compact\nimport numpy\n")
    assert imported(tree, "lqrel") == {"lqrel.periods", "lqrel.counting", "lqrel.report.charts",
                                       "lqrel.report.i18n", "lqrel.engine"}
    assert imported(ast.parse("from ..periods import Period"), "lqrel.report") == {"lqrel.periods"}
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_layers_import_downwards():
    """cli -> service -> report -> core, and synth (test and benchmark data) -> core: the core imports neither
    the report nor the command line nor the synthetic data; the report imports neither the command line, the
    service nor synth; the service never imports the command line."""
    allowed = {"cli": {"cli", "service", "report", "synth", "core"}, "service": {"service", "report", "synth", "core"},
               "report": {"report", "core"}, "synth": {"synth", "core"}, "core": {"core"}}
    upward = sorted((a, b) for a, targets in graph().items() for b in targets if layer(b) not in allowed[layer(a)])
    assert not upward, "imports against the layers: " + ", ".join(f"{a} -> {b}" for a, b in upward)


def test_every_module_has_a_caller_outside_the_tests():
    """Every module is imported by lqrel, a notebook or a benchmark, or is an entry point; a package's
    ``__init__`` counts as used when one of its modules is."""
    callers = outside_callers()
    used = {m for m, c in callers.items() if c} | entry_points()
    used |= {m for m in MODULES if any(u.startswith(m + ".") for u in used)}
    dead = sorted(set(MODULES) - used - set(UNCALLED))
    assert not dead, "modules nothing outside tests/ imports: " + ", ".join(dead)
    wired = sorted(set(UNCALLED) & {m for m, c in callers.items() if c})
    assert not wired, f"now imported outside tests/, delete them from UNCALLED: {wired}"
