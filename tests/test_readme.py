"""The READMEs' commands, run or checked (README issue; issue 27: Chinese first, English kept equal).

``README.md`` (Chinese) is the one whose commands run; ``README.en.md`` must hold the same set of fenced shell
commands, the same crontab entries, systemd units, Python code and settings (a test below), so running it twice
would prove nothing more. Every `lqrel` command of a fenced ``sh`` block that runs in seconds on the sample is run,
in the test's own process (``lqrel.cli.main``, as ``python -m lqrel`` runs it) from a temporary folder holding the
repository's params.yaml and data; the others (a placeholder template, a long run) are parsed by the command line's
own parser. Every ``lqrel <command> --flag`` written in the user documents must be an option of that command's
``--help``. The two set-up commands are checked with ``make -n``; the crontab line is parsed into its five time
fields and its command; the systemd unit and timer are parsed into sections and keys (and given to
``systemd-analyze`` when it is present).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lqrel.cli import build_parser, main
from lqrel.errors import LqrelError
from lqrel.params import load_params
from lqrel.periods import due_data_through, due_periods

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_EN = (ROOT / "README.en.md").read_text(encoding="utf-8")
#: The user documents whose ``lqrel <command> --flag`` must exist.
USER_DOCS = {name: (ROOT / name).read_text(encoding="utf-8")
             for name in ("README.md", "README.en.md", "docs/reference.md", "docs/settings.md", "docs/input.md",
                          "docs/input.en.md")}
#: Concrete commands of the README that are not run here, and why; each is still parsed by the parser.
NOT_RUN = {
    "lqrel report --all --from 2020 --to 2024": "builds 35 reports (minutes); test_report.py builds reports",
    "lqrel synth bench --format parquet --events 100000000": "writes 10^8 events: the scale benchmark",
    "lqrel indices bench/events --customers bench/customers.csv --period 2022 --by area,month --engine duckdb":
        "reads the 10^8-event benchmark data",
}


def fenced_blocks(text: str, lang: str) -> list[str]:
    """The bodies of the fenced blocks of a language (```sh ... ```)."""
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.M | re.S)


def shell_lines(text: str) -> list[str]:
    """The command lines of the ``sh`` blocks, as written (comments kept)."""
    return [line for block in fenced_blocks(text, "sh") for line in block.splitlines() if line.strip()]


def without_comment(line: str) -> str:
    return " ".join(shlex.split(line, comments=True))


def is_template(line: str) -> bool:
    """A syntax line with placeholders (``[--period P]``, ``...``), not a command to run."""
    return "[" in line or "..." in line


def lqrel_commands() -> list[tuple[str, int]]:
    """The concrete ``lqrel`` commands to run, with the exit code the README gives them (``# exit 1: ...``)."""
    out = []
    for line in shell_lines(README):
        command = without_comment(line)
        if command.startswith("lqrel ") and not is_template(line) and command not in NOT_RUN:
            stated = re.search(r"#\s*exit (\d+)", line)
            out.append((command, int(stated.group(1)) if stated else 0))
    return out


@pytest.fixture
def sample_folder(tmp_path, monkeypatch):
    """A temporary working folder with the repository's params.yaml and data, as a user's checkout has them."""
    shutil.copy(ROOT / "params.yaml", tmp_path / "params.yaml")
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LQREL_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def run_lqrel(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_the_readme_has_the_commands_a_user_needs():
    """The run list is not empty by accident, and every command not run is still written in the README."""
    commands = [c for c, _ in lqrel_commands()]
    for name in ("indices", "check", "summary", "validate", "connect"):
        assert any(c.startswith(f"lqrel {name} ") or c == f"lqrel {name}" for c in commands), name
    written = {without_comment(line) for line in shell_lines(README)}
    assert set(NOT_RUN) <= written, set(NOT_RUN) - written
    assert len(README.splitlines()) < 450


def test_the_english_readme_holds_the_same_commands():
    """README.en.md: the same fenced shell commands (comments aside), crontab entries, systemd units, Python code
    and settings as README.md; its sections are README.md's, each named with the Chinese title."""
    assert sorted({without_comment(x) for x in shell_lines(README_EN)}) == sorted(
        {without_comment(x) for x in shell_lines(README)})
    assert crontab_entries(README_EN) == crontab_entries(README)
    assert systemd_units(README_EN) == systemd_units(README)
    code = [[re.sub(r"\s+#.*$", "", line) for line in block.splitlines()] for block in fenced_blocks(README, "python")]
    assert code == [[re.sub(r"\s+#.*$", "", line) for line in block.splitlines()]
                    for block in fenced_blocks(README_EN, "python")]
    settings = [yaml.safe_load(block) for block in fenced_blocks(README, "yaml")]
    assert settings == [yaml.safe_load(block) for block in fenced_blocks(README_EN, "yaml")]
    chinese = re.findall(r"^## (.+)$", README, flags=re.M)
    assert {"快速开始", "准备数据", "命令", "报告与报送", "定时运行", "设置说明"} <= set(chinese)
    english = re.findall(r"^## (.+)$", README_EN, flags=re.M)
    assert len(english) == len(chinese)
    for zh, en in zip(chinese, english, strict=True):
        assert en.endswith(f"({zh})"), (zh, en)


@pytest.mark.parametrize(("command", "code"), lqrel_commands(), ids=lambda v: v if isinstance(v, str) else None)
def test_each_quick_command_runs_on_the_sample(sample_folder, command, code):
    argv = shlex.split(command)[1:]
    got, out, err = run_lqrel(argv)
    assert got == code, (got, err)
    assert "Traceback" not in err
    assert out.strip(), "no output"
    if "--json" in argv:
        json.loads(out)
    if "--rejects" in argv:
        written = sample_folder / argv[argv.index("--rejects") + 1]
        assert written.stat().st_size > 0


@pytest.mark.parametrize("command", sorted(NOT_RUN))
def test_commands_not_run_parse(command):
    """The long and large-scale examples: their command and every option value parse as the command line would."""
    build_parser().parse_args(shlex.split(command)[1:])


def test_the_large_scale_dask_template_parses():
    """The Dask line of "Performance and scale", its optional scheduler given."""
    line = next(without_comment(x) for x in shell_lines(README) if "--engine dask" in x)
    build_parser().parse_args(shlex.split(line.replace("[", "").replace("]", ""))[1:])


def test_the_python_block_runs(sample_folder):
    (block,) = fenced_blocks(README, "python")
    exec(compile(block, "README.md (python block)", "exec"), {})


# --- every `lqrel <command> --flag` of the user documents exists ---------------------------------------------

def help_options(command: str) -> set[str]:
    """The long options listed by ``lqrel <command> --help`` (the option column of argparse's help)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main([command, "--help"])
    except SystemExit as done:
        if done.code != 0:
            raise
    return set(re.findall(r"^  (?:-\w, )?(--[a-z][a-z-]*)", out.getvalue(), flags=re.M))


def written_invocations(text: str) -> list[tuple[str, list[str]]]:
    """Each ``lqrel <word> ...`` in a code span or a fenced block line, with the long options written after it."""
    pieces = re.findall(r"`([^`\n]+)`", text)
    pieces += [line for block in re.findall(r"^```\w*\n(.*?)^```", text, flags=re.M | re.S)
               for line in block.splitlines()]
    found = []
    for piece in pieces:
        for match in re.finditer(r"(?:^|[\s/])lqrel ([a-z]+)\b(.*)", piece):
            rest = re.split(r"\s(?:&&|>>|\|)\s|\s#\s", match.group(2))[0]
            found.append((match.group(1), re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest)))
    return found


def test_help_options_are_read_from_the_help():
    """The reader of --help finds the options a user sees (a check on the check)."""
    assert {"--period", "--by", "--json", "--engine", "--scheduler", "--help"} <= help_options("indices")
    assert "--period" not in help_options("check")


@pytest.mark.parametrize("doc", sorted(USER_DOCS))
def test_every_command_and_flag_written_exists(doc):
    invocations = written_invocations(USER_DOCS[doc])
    assert len(invocations) >= (5 if doc.startswith("README") else 1)
    helps: dict[str, set[str] | None] = {}
    wrong = []
    for command, flags in invocations:
        if command not in helps:
            try:
                helps[command] = help_options(command)
            except SystemExit:  # argparse refused the command: no such command
                helps[command] = None
        if helps[command] is None:
            wrong.append(f"lqrel {command}: no such command")
        else:
            wrong += [f"lqrel {command} {flag}" for flag in flags if flag not in helps[command]]
    assert not wrong, wrong


# --- the two set-up commands ----------------------------------------------------------------------------------

def make_dry_run(target: str) -> str:
    """What ``make -n target`` would run, as a user's shell would print it (not as a make inside ``make test``,
    which adds 'Entering/Leaving directory' lines)."""
    assert shutil.which("make"), "make is not installed: the README's set-up needs it"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_two_setup_commands_are_make_targets():
    setup = [without_comment(line) for line in fenced_blocks(README, "sh")[0].splitlines()]
    assert setup == ["make report", "make test"]
    report = make_dry_run("report").splitlines()
    # The README shows what `make report` prints (its first ``text`` block): the command it runs, then the path.
    shown = fenced_blocks(README, "text")[0].splitlines()
    assert report[-1] == shown[0] == ".venv/bin/lqrel report"
    assert re.fullmatch(r"/\S+/reports/(\d{4}Q[1-4])/lqrel-report-\1\.html", shown[1]), shown
    build_parser().parse_args(["report"])  # the command make runs parses with no option
    test = make_dry_run("test")
    assert ".venv/bin/ruff check ." in test
    assert re.search(r"\.venv/bin/python -m pytest -n 2 --dist loadgroup$", test, flags=re.M)


# --- scheduling: the crontab line and the systemd units -------------------------------------------------------

CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7))


def cron_values(field: str, low: int, high: int) -> set[int]:
    """The values of one crontab time field (``*``, ``a``, ``a-b``, ``*/n``, ``a-b/n`` and lists of them)."""
    values = set()
    for part in field.split(","):
        m = re.fullmatch(r"(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?", part)
        assert m, f"not a crontab field: {field!r}"
        first, last = (low, high) if m.group(1) == "*" else (int(m.group(2)), int(m.group(3) or m.group(2)))
        assert low <= first <= last <= high, f"{field!r} outside {low}-{high}"
        values |= set(range(first, last + 1, int(m.group(4) or 1)))
    return values


def crontab_entries(text: str = README) -> list[tuple[list[set[int]], str]]:
    (block,) = fenced_blocks(text, "cron")
    entries = []
    for line in block.splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split(maxsplit=5)
            assert len(parts) == 6, f"5 time fields and a command: {line!r}"
            fields = [cron_values(f, lo, hi) for f, (_, lo, hi) in zip(parts[:5], CRON_FIELDS, strict=True)]
            entries.append((fields, parts[5]))
    return entries


def test_cron_values_reads_the_forms_and_refuses_others():
    assert cron_values("1,4,7,10", 1, 12) == {1, 4, 7, 10}
    assert cron_values("*/15", 0, 59) == {0, 15, 30, 45}
    assert cron_values("1-5", 0, 7) == {1, 2, 3, 4, 5}
    for bad in ("60", "1-", "a", "5-1", ""):
        with pytest.raises(AssertionError):
            cron_values(bad, 0, 59)


def report_argv(command: str) -> list[str]:
    """The arguments after ``lqrel`` of a scheduled command line, its redirections left out."""
    words = shlex.split(command.split("&&")[-1].split(">>")[0])
    assert Path(words[0]).name == "lqrel", words
    return words[1:]


def cron_days(fields: list[set[int]], year: int) -> list[pd.Timestamp]:
    """The days of ``year`` on which a crontab entry runs (day of month and month; the day of week is ``*``)."""
    assert fields[4] == set(range(8)), "a day-of-week restriction would run on other days than the calendar's"
    return [d for d in pd.date_range(f"{year}-01-01", f"{year}-12-31") if d.day in fields[2] and d.month in fields[3]]


def test_the_crontab_lines_run_every_report_of_the_calendar_in_time():
    """The crontab runs ``--due`` at 06:00 on days that build every report of the seed's calendar
    (docs/spec.md §12.1) in time: each quarter; the half-year in the last week of June on the data through May and
    again in July on June's; the previous year in January by the 5th, after December's data are in."""
    entries = crontab_entries()
    assert len(entries) == 2
    runs = {}
    for fields, command in entries:
        assert fields[:2] == [{0}, {6}]
        assert command.startswith("cd /srv/lqrel && .venv/bin/lqrel ")
        args = build_parser().parse_args(report_argv(command))
        assert (args.command, args.due, args.out, args.state_dir) == ("report", True, "/srv/www/reliability",
                                                                      "/var/lib/lqrel")
        runs.update({day: (due_periods(day), due_data_through(day)) for day in cron_days(fields, 2026)})
    built = {label for periods, _ in runs.values() for label in periods}
    assert {"2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026H1", "2025"} <= built
    assert any(d.month == 1 and 2 <= d.day <= 5 and "2025" in p for d, (p, _) in runs.items())  # a whole Dec 31
    assert any(d.month == 6 and "2026H1" in p and t == dt.date(2026, 5, 31) for d, (p, t) in runs.items())
    assert any(d.month == 7 and "2026H1" in p and t >= dt.date(2026, 6, 30) for d, (p, t) in runs.items())
    assert report_argv(entries[0][1]) == report_argv(entries[1][1])  # one command, two schedules


#: The sections and keys the units may use (systemd.unit, systemd.service, systemd.exec, systemd.timer).
UNIT_KEYS = {
    "Unit": {"Description", "Documentation", "After", "Wants", "Requires"},
    "Service": {"Type", "WorkingDirectory", "ExecStart", "User", "Group", "Environment", "EnvironmentFile"},
    "Timer": {"OnCalendar", "Persistent", "RandomizedDelaySec", "AccuracySec", "Unit"},
    "Install": {"WantedBy", "RequiredBy"},
}
#: Keys a unit may give more than once (a timer with several schedules); their values are lists.
REPEATED_KEYS = {"OnCalendar"}
SERVICE_TYPES = {"simple", "exec", "forking", "oneshot", "dbus", "notify", "idle"}


def systemd_units(text: str = README) -> dict[str, dict[str, dict[str, str]]]:
    """The units of the README's ``ini`` block, each introduced by a ``# /etc/systemd/system/NAME`` line:
    {file name: {section: {key: value}}}; a line outside a section or without ``=`` fails."""
    (block,) = fenced_blocks(text, "ini")
    units: dict[str, dict[str, dict[str, str]]] = {}
    section = None
    for line in block.splitlines():
        if not line.strip():
            continue
        if m := re.fullmatch(r"# /etc/systemd/system/([\w@.-]+\.(?:service|timer))", line):
            units[m.group(1)] = {}
            section = None
        elif m := re.fullmatch(r"\[(\w+)\]", line):
            section = units[list(units)[-1]].setdefault(m.group(1), {})
        else:
            assert section is not None and re.fullmatch(r"[A-Za-z]+=\S.*", line), f"not a unit line: {line!r}"
            key, value = line.split("=", 1)
            if key in REPEATED_KEYS:
                section.setdefault(key, []).append(value)
            else:
                assert key not in section, f"{key} given twice"
                section[key] = value
    return units


def test_the_systemd_service_and_timer_parse_and_say_what_the_cron_lines_say():
    units = systemd_units()
    assert sorted(units) == ["lqrel-report.service", "lqrel-report.timer"]  # the timer starts the service of its name
    service, timer = units["lqrel-report.service"], units["lqrel-report.timer"]
    assert set(service) <= {"Unit", "Service", "Install"} and set(timer) <= {"Unit", "Timer", "Install"}
    for unit in units.values():
        for section, keys in unit.items():
            assert set(keys) <= UNIT_KEYS[section], (section, set(keys) - UNIT_KEYS[section])
    assert service["Service"]["Type"] in SERVICE_TYPES
    assert Path(service["Service"]["WorkingDirectory"]).is_absolute()
    exec_start = service["Service"]["ExecStart"]
    assert Path(shlex.split(exec_start)[0]).is_absolute()
    for _, cron_command in crontab_entries():
        assert report_argv(exec_start) == report_argv(cron_command)  # the same run as the crontab lines
    assert timer["Timer"]["Persistent"] in {"true", "false", "yes", "no"}
    assert timer["Install"]["WantedBy"] == "timers.target"
    # OnCalendar: the crontab lines' schedules (any year, the months and day of each, 06:00).
    schedules = []
    for calendar in timer["Timer"]["OnCalendar"]:
        m = re.fullmatch(r"\*-([\d,]+)-(\d+) (\d\d):(\d\d)", calendar)
        assert m, calendar
        schedules.append(({int(x) for x in m.group(1).split(",")}, {int(m.group(2))}, m.group(3), m.group(4)))
    assert schedules == [(fields[3], fields[2], "06", "00") for fields, _ in crontab_entries()]


def test_systemd_analyze_accepts_the_units(tmp_path):
    """``systemd-analyze`` where it is present; without it a warning says so (the parser test above always runs)."""
    if shutil.which("systemd-analyze") is None:
        warnings.warn("systemd-analyze is not installed: the units were checked by the parser test only",
                      stacklevel=1)
        return
    units = systemd_units()
    for name, sections in units.items():
        text = "".join(f"[{s}]\n" + "".join(f"{k}={v}\n" for k, vs in keys.items()
                                             for v in ([vs] if isinstance(vs, str) else vs))
                       for s, keys in sections.items())
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in units)],
                          capture_output=True, text=True, timeout=120)
    complaints = [line for line in (done.stdout + done.stderr).splitlines()
                  if not re.search(r"is not executable|No such file or directory|Failed to connect to bus", line)]
    assert not complaints, complaints
    for calendar in units["lqrel-report.timer"]["Timer"]["OnCalendar"]:
        done = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr


# --- settings ----------------------------------------------------------------------------------------------------

def test_the_settings_blocks_are_settings():
    """Every ``yaml`` block of the README is settings the reader accepts; the Word document's block names the
    county's company. Every key with its default is in docs/settings.md (tests/test_settings_reference.py checks
    it)."""
    blocks = [yaml.safe_load(block) for block in fenced_blocks(README, "yaml")]
    assert len(blocks) >= 3
    for block in blocks:
        load_params(block)
    (report,) = [block for block in blocks if "report" in block]
    assert load_params(report).report.organization == "临朐县供电公司"
    with pytest.raises(LqrelError):  # a check on the check: a wrong key is refused
        load_params({**report, "no_such_setting": 1})


def test_the_files_the_readmes_point_to_exist():
    """The documents the READMEs send a reader to exist, the settings reference among them."""
    for text, rules in ((README, "docs/input.md"), (README_EN, "docs/input.en.md")):
        paths = set(re.findall(r"`((?:docs|benchmarks|tests|data)/[\w./-]+\.md)`", text))
        assert {"docs/settings.md", rules, "docs/reference.md", "tests/README.md"} <= paths
        for path in paths:
            assert (ROOT / path).is_file(), path
    section = README.split("## 设置说明", 1)[1].split("\n## ", 1)[0]
    assert "docs/settings.md" in section
