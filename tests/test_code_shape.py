"""The library's functions stay short: none longer than 80 lines from ``def`` to its last line (the house
style), nested functions and methods included."""

import ast
from pathlib import Path

import lqrel

MAX_LINES = 80
LIBRARY = Path(lqrel.__file__).parent


def long_functions(root: Path, most: int = MAX_LINES) -> list[str]:
    """``file:line name (n lines)`` of each function or method under ``root`` longer than ``most`` lines."""
    out = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > most:
                    out.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name} ({lines} lines)")
    return out


def test_no_function_over_80_lines():
    offenders = long_functions(LIBRARY)
    assert not offenders, "functions over 80 lines:\n" + "\n".join(offenders)


def test_the_walk_finds_a_long_nested_function(tmp_path):
    body = "\n".join(f"            x{i} = {i}" for i in range(80))
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(f"class A:\n    def f(self):\n        def g():\n{body}\n        return g\n")
    assert long_functions(tmp_path / "pkg") == [
        "pkg/m.py:2 f (83 lines)",
        "pkg/m.py:3 g (81 lines)",
    ]
    assert long_functions(tmp_path / "pkg", most=83) == []
