"""The report runner's private state, kept outside the published folder: locks, runs in progress and the
notebooks of failed runs.

The state folder is ``--state-dir``, else ``$LQREL_STATE_DIR``, else the user's cache folder (platformdirs:
``~/.cache/lqrel`` on Linux). Every file and folder in it is created by lqrel with owner-only permissions and
opened without following links (``O_NOFOLLOW``), so a link planted there or in the published folder never
makes lqrel write through it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
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


class StateError(LqrelError):
    """The state folder cannot be used safely."""


def state_dir(explicit: str | Path | None = None) -> Path:
    """The state folder (created, owner-only)."""
    if explicit:
        root = Path(explicit)
    elif os.environ.get("LQREL_STATE_DIR"):
        root = Path(os.environ["LQREL_STATE_DIR"])
    else:
        import platformdirs

        root = Path(platformdirs.user_cache_dir("lqrel"))
    for folder in (root, root / "locks", root / "runs", root / "failed"):
        private_folder(folder)
    return root


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) owner-only if missing; refuse a link or a non-folder in its place."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise StateError(code="state_not_folder", file=path)
    return path


def out_key(out_dir: Path) -> str:
    """A short name for a published folder, so that runs for different folders never share a lock."""
    return hashlib.sha256(str(out_dir).encode()).hexdigest()[:12]


@contextmanager
def _lock(path: Path):
    """Hold an exclusive lock on ``path``, opened with ``O_NOFOLLOW``: a link planted in its place is refused,
    never written through."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise StateError(code="lock_unsafe", file=path, reason=exc.strerror) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StateError(code="lock_not_file", file=path)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


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
    shutil.copyfile(notebook, target)
    kept = sorted(folder.glob(f"lqrel-report-{label}-*.ipynb"), key=lambda p: p.stat().st_mtime)
    for old in kept[:-KEEP_FAILED]:
        old.unlink(missing_ok=True)
    return target
