"""The report runner's private state, kept outside the published folder: locks, runs in progress, the notebooks of
failed runs and the projection's calibration cache.

The state folder is ``--state-dir``, else ``$LQREL_STATE_DIR``, else ``$XDG_STATE_HOME/lqrel``, else the user's
cache folder (platformdirs: ``~/.cache/lqrel`` on Linux) when it can be used; for a system user without a usable
home (``HOME`` unset, pointing nowhere or not writable) it is ``/var/tmp/lqrel-<uid>`` (else
``tempfile.gettempdir()/lqrel-<uid>``), created owner-only and checked to be the user's own folder, never a link
planted there. Every folder in it is the user's, owner-only (0700; an existing one is tightened), every file
owner-only (0600) and opened without following links (``O_NOFOLLOW``), so a link planted there or in the
published folder never makes lqrel write through it. The locks are :mod:`filelock`'s (``flock`` on Linux and
macOS, ``LockFileEx`` on Windows).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from lqrel.errors import LqrelError

#: Failed-run notebooks kept per period (older ones are removed).
KEEP_FAILED = 5
#: ``open`` flags that refuse a link as the last part of a path (Linux, macOS; nothing on Windows).
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
#: Where the state folder of a user without a usable home is made (``lqrel-<uid>`` in the first that exists).
SHARED_BASES = (Path("/var/tmp"),)


class StateError(LqrelError):
    """The state folder cannot be used safely."""


def state_dir(explicit: str | Path | None = None) -> Path:
    """The state folder (created, owner-only, an absolute path), as the module says."""
    if explicit:  # made absolute: the report's notebook kernel runs in another working folder
        root = Path(os.path.abspath(explicit))
    elif os.environ.get("LQREL_STATE_DIR"):
        root = Path(os.path.abspath(os.environ["LQREL_STATE_DIR"]))
    elif os.path.isabs(os.environ.get("XDG_STATE_HOME", "")):
        root = Path(os.environ["XDG_STATE_HOME"]) / "lqrel"
    else:
        root = _home_state() or _shared_state()
    for folder in (root, root / "locks", root / "runs", root / "failed", root / "calibration"):
        private_folder(folder)
    return root


def _home_state() -> Path | None:
    """The user's cache folder for lqrel, if it can be made and used; ``None`` without a usable home."""
    import platformdirs

    try:
        root = Path(platformdirs.user_cache_dir("lqrel"))
        if not root.is_absolute():
            return None
        private_folder(root)
    except (OSError, RuntimeError, KeyError):  # no home at all, or one that is not the user's to write
        return None
    return root


def _shared_state() -> Path:
    """``lqrel-<uid>`` in a shared temporary folder, made owner-only by this user; a link, a file or another user's
    folder in its place is refused (anyone may create names there)."""
    base = next((b for b in SHARED_BASES if b.is_dir()), Path(tempfile.gettempdir()))
    root = base / f"lqrel-{_uid()}"
    try:
        os.mkdir(root, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise StateError(code="state_cannot_make", file=root, reason=exc.strerror) from exc
    return private_folder(root)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) owner-only if missing; refuse a link, a non-folder or another user's folder
    in its place; tighten the user's own folder to owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise StateError(code="state_not_folder", file=path)
    if _uid() is not None and info.st_uid != _uid():
        raise StateError(code="state_other_user", file=path, uid=info.st_uid)
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path


def _uid() -> int | None:
    """The user's id (``None`` where the system has none: Windows, whose folders are per user already)."""
    return os.getuid() if hasattr(os, "getuid") else None


def private_file(path: Path) -> int:
    """A new owner-only file at ``path`` (0600), opened for writing without following a link; replaces a regular
    file of that name, refuses a link."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o600)
    except OSError as exc:
        raise StateError(code="state_cannot_write", file=path, reason=exc.strerror) from exc


def out_key(out_dir: Path) -> str:
    """A short name for a published folder, so that runs for different folders never share a lock."""
    return hashlib.sha256(str(out_dir).encode()).hexdigest()[:12]


@contextmanager
def _lock(path: Path):
    """Hold an exclusive lock on ``path`` (a :class:`filelock.FileLock`, owner-only); a second holder waits. A link
    or anything but a regular file in its place is refused, never written through: checked here, and
    filelock opens the file with ``O_NOFOLLOW``; no other user can plant one in the owner-only folder between."""
    import filelock

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise StateError(code="lock_not_file", file=path)
    lock = filelock.FileLock(path, mode=0o600)
    try:
        lock.acquire()
    except OSError as exc:
        raise StateError(code="lock_unsafe", file=path, reason=exc.strerror) from exc
    try:
        yield
    finally:
        lock.release()


def period_lock(state: Path, out_dir: Path, label: str):
    """The lock of one period of one published folder: a second run for it waits."""
    return _lock(state / "locks" / f"{out_key(out_dir)}-{label}.lock")


def index_lock(state: Path, out_dir: Path):
    """The lock of a published folder's index page."""
    return _lock(state / "locks" / f"{out_key(out_dir)}-index.lock")


def run_folder(state: Path, out_dir: Path, label: str) -> Path:
    """A new private folder for one run of ``label`` for ``out_dir`` (its dataset, build and headline)."""
    return Path(tempfile.mkdtemp(prefix=f"{out_key(out_dir)}-{label}-", dir=state / "runs"))


def tidy_runs(state: Path, out_dir: Path, label: str, keep: Path) -> None:
    """Remove the folders of earlier runs of the same period and published folder (killed before they could tidy
    up); call it holding that period's lock."""
    for folder in (state / "runs").glob(f"{out_key(out_dir)}-{label}-*"):
        if folder != keep and not folder.is_symlink() and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def keep_failed(state: Path, label: str, notebook: Path) -> Path | None:
    """Keep the executed notebook of a failed run for diagnosis (the last :data:`KEEP_FAILED` per period)."""
    if not notebook.exists():
        return None
    folder = private_folder(state / "failed" / label)
    target = folder / f"lqrel-report-{label}-{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}.ipynb"
    with open(notebook, "rb") as source, os.fdopen(private_file(target), "wb") as copy:
        shutil.copyfileobj(source, copy)
    kept = sorted(folder.glob(f"lqrel-report-{label}-*.ipynb"), key=lambda p: p.stat().st_mtime)
    for old in kept[:-KEEP_FAILED]:
        old.unlink(missing_ok=True)
    return target
