"""Publishing finished reports into the published folder, atomically, and its index page.

Layout of the published folder ``OUT`` (nothing else is written there)::

    OUT/index.html                  every published report, newest period first, with its status
    OUT/P -> .P-<stamp>             a symbolic link to the current version of period P, switched in one rename
    OUT/.P-<stamp>/lqrel-report-P.html, .xlsx, .ipynb, .json   a finished report

A version folder is copied in under a ``.partial`` name and renamed once complete, so readers of ``OUT/P`` see
the previous report or the new one, never a mix. No file is written through a link lqrel did not create: the
only links in ``OUT`` are the period links, replaced by ``rename``, and leftovers of a killed run (``.partial``
folders, a half-made link) are removed by the next run of the same period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import shutil
import stat
from pathlib import Path

from lqrel.errors import LqrelError
from lqrel.messages.formats import form
from lqrel.periods import Period, PeriodError, parse_period

INDEX = "index.html"


class PublishError(LqrelError):
    """The published folder holds something lqrel will not replace."""


def _version_of(out_dir: Path, label: str, name: str) -> Path | None:
    """The version folder ``name`` of ``label`` directly in ``out_dir`` (a real folder, not a link), else None."""
    if not re.fullmatch(rf"\.{re.escape(label)}-\d{{8}}T\d{{12}}", name):
        return None
    path = out_dir / name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return path if stat.S_ISDIR(info.st_mode) else None


def publish(build: Path, out_dir: Path, label: str) -> Path:
    """Copy a finished build into ``out_dir`` and point ``out_dir/label`` at it in one rename; remove the
    version it replaced and leftovers of killed runs. Call it holding the period's lock. Returns the version."""
    for name in os.listdir(out_dir):  # leftovers of a killed run of this period
        if name.startswith(f".{label}-") and name.endswith(".partial"):
            shutil.rmtree(out_dir / name, ignore_errors=True)
        elif name.startswith(f".{label}.link-"):
            (out_dir / name).unlink(missing_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    version = out_dir / f".{label}-{stamp}"
    partial = version.with_name(version.name + ".partial")
    try:
        shutil.copytree(build, partial)
        partial.chmod(0o755)  # readable by the intranet web server, like any published folder
        os.rename(partial, version)
    except BaseException:  # an interruption included: no half-copied folder stays behind
        shutil.rmtree(partial, ignore_errors=True)
        raise
    final = out_dir / label
    try:
        info = os.lstat(final)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISLNK(info.st_mode):
        shutil.rmtree(version, ignore_errors=True)
        raise PublishError(code="publish_not_link", file=final)
    link = out_dir / f".{label}.link-{os.getpid()}"
    link.symlink_to(version.name)
    os.replace(link, final)
    for name in os.listdir(out_dir):  # the version replaced, and any a killed run left unlinked
        old = _version_of(out_dir, label, name)
        if old is not None and old != version:
            shutil.rmtree(old, ignore_errors=True)
    return version


def _published(out_dir: Path) -> list[tuple[Period, Path]]:
    """(period, version folder) of every period link in ``out_dir``."""
    found = []
    for name in os.listdir(out_dir):
        path = out_dir / name
        if not path.is_symlink():
            continue
        try:
            period = parse_period(name)
        except PeriodError:
            continue
        version = _version_of(out_dir, period.label, os.readlink(path))
        if version is not None:
            found.append((period, version))
    return found


def write_index(out_dir: Path, lang: str = "zh") -> Path:
    """Write ``out_dir/index.html``: every published report, newest period first, with the period in words, when
    it was made, each area's status and links to its files. Written under a temporary name and renamed; call it
    holding the index lock."""
    from lqrel.report.i18n import labels, period_name

    lab = labels(lang)
    rows = []
    for period, version in sorted(_published(out_dir), key=lambda item: (-item[0].start.value, item[0].end.value)):
        label = period.label
        files = {p.suffix[1:]: p.name for p in sorted(version.iterdir()) if p.is_file()}
        summary = {}
        with contextlib.suppress(OSError, ValueError, KeyError):  # a report without its headline is still listed
            summary = json.loads((version / files["json"]).read_text(encoding="utf-8"))
        statuses = form("list_clauses", lang).join(
            f"{lab.get(h['area'], h['area'])} {lab.get(h['status'], h['status'])}" for h in summary.get("headline", []))
        links = [f'<a href="{html.escape(label)}/{html.escape(files[ext])}">{ext.upper()}</a>'
                 for ext in ("html", "docx", "xlsx", "pdf") if ext in files]
        generated = summary.get("generated", "")[:16].replace("T", " ")
        rows.append(f"<tr><td>{html.escape(period_name(period, lang))}</td><td>{' · '.join(links)}</td>"
                    f"<td>{html.escape(statuses)}</td><td>{html.escape(generated)}</td></tr>")
    title = html.escape(lab["index_title"])
    page = (f'<!DOCTYPE html><html lang="{form("html_lang", lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}'
            f"</title><style>body{{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em}}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}</style>"
            f"</head><body><h1>{title}</h1><table><thead><tr>"
            f"<th>{html.escape(lab['index_period'])}</th><th>{html.escape(lab['index_files'])}</th>"
            f"<th>{html.escape(lab['status'])}</th><th>{html.escape(lab['index_generated'])}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></body></html>\n")
    target = out_dir / INDEX
    temp = out_dir / f".{INDEX}.tmp-{os.getpid()}"
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(temp, target)
    return target
