"""The report runner's state folder (issue 27, point 8): owner-only folders (0700) and files (0600), a default that
works for a system user without a usable home, never a planted link or another user's folder, and a lock that a
second holder waits for (filelock) and that refuses a link in its place. Fast: no report is built (the service
tests in test_report_service.py build them)."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from lqrel.report import state
from lqrel.report.state import StateError, index_lock, keep_failed, period_lock, private_folder, state_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def no_state_settings(monkeypatch, tmp_path):
    """No state folder given: the default is chosen; the shared fallback's base is a folder of this test's."""
    for name in ("LQREL_STATE_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    shared = tmp_path / "var-tmp"
    shared.mkdir()
    monkeypatch.setattr(state, "SHARED_BASES", (shared,))
    return shared


def test_the_state_folders_and_files_are_owner_only(tmp_path):
    """Folders 0700, whatever the umask made of them; an existing folder of the user's, 0755, is tightened."""
    root = tmp_path / "state"
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)
    old = os.umask(0o002)
    try:
        got = state_dir(root)
    finally:
        os.umask(old)
    assert got == root
    assert {p.name: _mode(p) for p in [root, *root.iterdir()]} == {
        "state": 0o700, "locks": 0o700, "runs": 0o700, "failed": 0o700, "calibration": 0o700}
    out = tmp_path / "out"
    with period_lock(root, out, "2024Q1"):
        pass
    with index_lock(root, out):
        pass
    assert sorted(_mode(p) for p in (root / "locks").iterdir()) == [0o600, 0o600]
    notebook = tmp_path / "run.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    kept = keep_failed(root, "2024Q1", notebook)
    assert _mode(kept) == 0o600 and _mode(kept.parent) == 0o700 and kept.read_text(encoding="utf-8") == "{}"


@pytest.mark.slow  # calibrates the projection on the sample (a backtest of 2019-2021): seconds
def test_the_calibration_cache_is_owner_only(tmp_path):
    from lqrel.calibration import own
    from tests.conftest import sample_dataset

    folder = tmp_path / "calibration"
    own(sample_dataset(), folder, before=2022)
    files = list(folder.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json" and _mode(files[0]) == 0o600


def test_the_home_cache_is_the_default_when_it_can_be_used(no_state_settings, monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert state_dir() == home / ".cache" / "lqrel" and _mode(home / ".cache" / "lqrel") == 0o700


def test_xdg_state_home_comes_first(no_state_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_dir() == tmp_path / "xdg" / "lqrel"


@pytest.mark.parametrize("home", ["a file", "unset"])
def test_a_user_without_a_usable_home_gets_a_private_shared_folder(no_state_settings, monkeypatch, tmp_path, home):
    """A system user whose HOME is unset (and whose account's home is missing) or not a folder once could not
    run a report at all: the state goes to lqrel-<uid> in /var/tmp (here a test folder), owner-only."""
    if home == "unset":
        monkeypatch.delenv("HOME", raising=False)
        import pwd

        entry = pwd.getpwuid(os.getuid())
        homeless = pwd.struct_passwd((*entry[:5], str(tmp_path / "nonexistent" / "x"), entry[6]))
        monkeypatch.setattr(pwd, "getpwuid", lambda uid: homeless)
        (tmp_path / "nonexistent").write_text("not a folder", encoding="utf-8")
    else:
        (tmp_path / "home").write_text("not a folder", encoding="utf-8")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root = state_dir()
    assert root == no_state_settings / f"lqrel-{os.getuid()}"
    assert _mode(root) == 0o700 and (root / "locks").is_dir()


def test_a_link_planted_as_the_shared_folder_is_refused(no_state_settings, monkeypatch, tmp_path):
    """Anyone may create names in /var/tmp: a link there in lqrel's name (to a folder of the attacker's) is refused,
    never followed."""
    monkeypatch.setenv("HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("", encoding="utf-8")
    target = tmp_path / "attacker"
    target.mkdir()
    (no_state_settings / f"lqrel-{os.getuid()}").symlink_to(target)
    with pytest.raises(StateError, match="found a link or a file"):
        state_dir()
    assert list(target.iterdir()) == []


def test_another_users_folder_is_refused(monkeypatch, tmp_path):
    """A folder of another user's (here: the test pretends to be uid 4242) could hold their links: refused."""
    root = tmp_path / "state"
    root.mkdir()
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    with pytest.raises(StateError, match=r"belongs to another user"):
        private_folder(root)


def test_a_link_planted_as_the_lock_is_refused_never_written_through(tmp_path):
    root = state_dir(tmp_path / "state")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    (root / "locks" / f"{state.out_key(out)}-2024Q1.lock").symlink_to(victim)
    with pytest.raises(StateError, match="cannot open the lock safely"), period_lock(root, out, "2024Q1"):
        pass
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_second_holder_of_the_lock_waits(tmp_path):
    """Two runs of one period: the second waits until the first lets go (a lock that did not exclude would let it
    in at once)."""
    root, out = state_dir(tmp_path / "state"), tmp_path / "out"
    order: list[str] = []
    held = threading.Event()

    def second():
        held.wait()
        with period_lock(root, out, "2024Q1"):
            order.append("second in")

    thread = threading.Thread(target=second)
    thread.start()
    with period_lock(root, out, "2024Q1"):
        held.set()
        time.sleep(0.5)
        order.append("first out")
    thread.join(10)
    assert order == ["first out", "second in"]
    with period_lock(root, out, "2024Q2"):  # another period is another lock: no wait
        pass
