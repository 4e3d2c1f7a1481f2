"""The command line stays thin: cli.py parses arguments and prints; what a command decides lives in
lqrel/service.py, its text in lqrel/cli_output.py, its options in lqrel/cli_table.py."""

import ast

import pytest

from lqrel.cli import build_parser
from lqrel.cli_table import COMMANDS, SHARED
from tests.conftest import ROOT

CLI_MODULES = ("cli.py", "cli_output.py", "cli_table.py", "service.py")


def _lines(name: str) -> list[str]:
    return (ROOT / "lqrel" / name).read_text(encoding="utf-8").splitlines()


def test_cli_is_under_400_lines():
    assert len(_lines("cli.py")) < 400


@pytest.mark.parametrize("name", CLI_MODULES)
def test_no_function_over_80_lines(name):
    """Counted from ``def`` (decorators aside) to its last line, nested functions inside their parent."""
    tree = ast.parse("\n".join(_lines(name)))
    long = {node.name: node.end_lineno - node.lineno + 1 for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 80}
    assert not long, long


def test_the_parser_is_built_from_the_table():
    """Every command of the table is a sub-command with the options it lists, in its order."""
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == [c.name for c in COMMANDS]
    for command in COMMANDS:
        parser = sub.choices[command.name]
        flags = [a.option_strings[0] if a.option_strings else a.metavar
                 for a in parser._actions if a.dest != "help"]
        listed = [SHARED[o][0][0] if isinstance(o, str) else o[0][0] for o in command.options]
        assert [f.lower() for f in flags] == [f.lower() for f in listed], command.name


def test_a_shared_option_takes_the_command_s_example():
    """``--map`` shows the customers column for an outage command, the customer type for ``connect``."""
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    map_help = {name: next(a.help for a in sub.choices[name]._actions if "--map" in a.option_strings)
                for name in ("check", "connect")}
    assert map_help["check"].startswith("map a source header (e.g. --map customers=影响客户数) or, for the outage")
    assert map_help["connect"].startswith("map a source header (e.g. --map customer_type=客户分类) or, ")
