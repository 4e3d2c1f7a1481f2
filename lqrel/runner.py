"""Build a report: papermill runs ``notebooks/report.ipynb``, nbconvert exports HTML without code, checks pass,
then the new report replaces the old one in a single rename.

Layout under the output folder ``OUT`` (``OUT/P`` is a symbolic link to the current build in
``OUT/.builds``, switched in one atomic rename)::

    OUT/P/lqrel-report-P.html   the report (self-contained, offline)
    OUT/P/lqrel-report-P.ipynb  the executed notebook
    OUT/P/lqrel-report-P.xlsx   the report's tables
    OUT/_failed/                executed notebooks of failed runs, for diagnosis

A failed run leaves ``OUT/P`` as it was.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lqrel.errors import LqrelError
from lqrel.i18n import LANGS, labels
from lqrel.periods import parse_period

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS / "report.ipynb"
FORMATS = ("html", "ipynb", "xlsx")
#: Seconds a single cell may run before the report fails.
CELL_TIMEOUT_S = 600

_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.IGNORECASE)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE)
PLOTLY_MARKER = "* plotly.js v"
#: Cells left out of the HTML: notes for maintainers and the parameter cells (no output; papermill gives its
#: injected cell a random id, which would make two runs' pages differ).
HIDDEN_CELL_TAGS = {"remove-cell", "parameters", "injected-parameters"}


class ReportError(LqrelError):
    """A report run failed; the previous report is untouched."""


@dataclass(frozen=True)
class ReportResult:
    """Where a finished report went, and its headline (:func:`lqrel.reporting.summary`)."""

    folder: Path
    html: Path | None
    ipynb: Path | None
    xlsx: Path | None
    summary: dict


def strip_remote_assets(html: str) -> str:
    """Remove ``<script src="http...">`` and ``<link href="http...">`` tags (require.js, MathJax from a CDN).

    The reports use no LaTeX and no require.js: plotly.js is embedded in the page.
    """
    return _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", html))


def check_html(html: str) -> list[str]:
    """Problems that forbid publishing a report page; empty when it may be published."""
    problems = []
    if re.search(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", html, re.IGNORECASE):
        problems.append("a remote <script src> remains")
    if re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", html, re.IGNORECASE):
        problems.append("a remote stylesheet remains")
    copies = html.count(PLOTLY_MARKER)
    if copies != 1:
        problems.append(f"plotly.js embedded {copies} times (expected once)")
    if "papermill-error-cell-tag" in html or 'data-mime-type="application/vnd.jupyter.stderr"' in html:
        problems.append("an error cell or stderr output is in the page")
    if "Traceback" in html:
        problems.append("a traceback is in the page")
    return problems


def export_html(notebook_path: Path, title: str) -> str:
    """Executed notebook -> HTML without code, prompts or remote assets."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(notebook_path, as_version=4)
    nb.metadata["title"] = title
    exporter = HTMLExporter(template_name="lab")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_CELL_TAGS), enabled=True)
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    return strip_remote_assets(body)


def build_report(
    ds,
    period: str,
    out_dir: str | Path = "reports",
    lang: str = "zh",
    formats: tuple[str, ...] = FORMATS,
    notebook: Path = REPORT_NOTEBOOK,
    timeout_s: int = CELL_TIMEOUT_S,
) -> ReportResult:
    """Run the report notebook for a period of a loaded dataset and publish it atomically.

    The notebook receives the dataset itself (saved to a private folder for the run), so it works on exactly
    the data and settings the caller validated (``--map``, ``--sheet``, ``--customers``, ``--data-through``).

    Raises
    ------
    ReportError
        The notebook failed (the executed notebook is kept under ``OUT/_failed``) or the HTML failed its
        checks; the previous report is left as it was.
    """
    import json

    import papermill

    from lqrel.dataset import save

    label = parse_period(period).label  # validates the grammar before the label reaches a path
    if lang not in LANGS:
        raise ReportError(f"unknown language {lang!r}; choose {' or '.join(LANGS)}")
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ReportError(f"unknown formats {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / label
    stem = f"lqrel-report-{label}"
    builds = out_dir / ".builds"
    builds.mkdir(exist_ok=True)
    lock = open(out_dir / f".lock-{label}", "w")  # noqa: SIM115 - held for the whole run
    fcntl.flock(lock, fcntl.LOCK_EX)  # a second run for the same period waits here
    work = Path(tempfile.mkdtemp(prefix=f"{label}-{dt.datetime.now():%Y%m%dT%H%M%S}-", dir=builds))
    work.chmod(0o755)  # readable by the intranet web server, like any published folder
    private = Path(tempfile.mkdtemp(prefix="lqrel-run-"))  # mode 0700: the dataset handed to the notebook
    try:
        executed = work / f"{stem}.ipynb"
        summary_file = private / "summary.json"
        parameters = {
            "period": label,
            "dataset_path": str(save(ds, private / "dataset.pickle")),
            "lang": lang,
            "xlsx_path": str(work / f"{stem}.xlsx") if "xlsx" in formats else "",
            "summary_path": str(summary_file),
        }
        try:
            papermill.execute_notebook(
                str(notebook), str(executed), parameters=parameters, kernel_name="python3",
                cwd=str(notebook.parent), execution_timeout=timeout_s, progress_bar=False, log_output=False,
                kernel_manager_class=_local_kernel_manager(),
            )
        except Exception as exc:  # papermill raises PapermillExecutionError, DeadKernelError, timeouts ...
            kept = _keep_failed(executed, out_dir, stem)
            where = f"; notebook kept at {kept}" if kept else ""
            raise ReportError(f"report {label} failed: {_describe(exc, executed)}{where}") from exc
        if "html" in formats:
            html = export_html(executed, f"{labels(lang)['title']} {label}")
            problems = check_html(html)
            if problems:
                kept = _keep_failed(executed, out_dir, stem)
                raise ReportError(f"report {label} failed its checks: {'; '.join(problems)}; notebook kept at {kept}")
            (work / f"{stem}.html").write_text(html, encoding="utf-8")
        if not summary_file.exists():
            kept = _keep_failed(executed, out_dir, stem)
            raise ReportError(f"report {label} failed: the notebook wrote no headline summary; notebook kept at {kept}")
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        if "ipynb" not in formats:
            executed.unlink()
        _publish(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(private, ignore_errors=True)
        lock.close()
    return ReportResult(
        folder=final,
        html=final / f"{stem}.html" if "html" in formats else None,
        ipynb=final / f"{stem}.ipynb" if "ipynb" in formats else None,
        xlsx=final / f"{stem}.xlsx" if "xlsx" in formats else None,
        summary=summary,
    )


def _local_kernel_manager():
    """A kernel manager on IPC sockets: the kernel talks only through local files, not TCP ports."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, transport="ipc", **kwargs)

    return IPCKernelManager


def _failed_cell(executed: Path) -> str | None:
    """``cell N of M`` (code cells of the template, papermill's injected cell not counted) for the cell that
    failed, timed out or was running when the kernel died."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # no notebook written yet, or a half-written one
        return None
    code = [c for c in nb.cells if c.cell_type == "code"
            and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for i, cell in enumerate(code, 1):
        state = cell.get("metadata", {}).get("papermill", {})
        timing = cell.get("metadata", {}).get("execution", {})
        # sent but never answered: the kernel died in it or it hung (cells after it stay "pending")
        unanswered = "shell.execute_reply" not in timing and state.get("status", "pending") != "pending"
        errored = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if state.get("exception") or state.get("status") in ("failed", "running") or errored or unanswered:
            return f"cell {i} of {len(code)}"
    return None


def _describe(exc: Exception, executed: Path | None = None) -> str:
    """One line: the failing cell and the error."""
    cell = _failed_cell(executed) if executed is not None else None
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        error = f"{ename}: {' '.join(str(evalue).split())}"
    else:
        lines = [line for line in str(exc).strip().splitlines() if line.strip()]
        error = f"{type(exc).__name__}: {lines[0] if lines else ''}"
    error = error[:300] + " ..." if len(error) > 300 else error
    return f"{cell}: {error}" if cell else error


def _keep_failed(executed: Path, out_dir: Path, stem: str) -> Path | None:
    if not executed.exists():
        return None
    failed = out_dir / "_failed"
    failed.mkdir(exist_ok=True)
    target = failed / f"{stem}-{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}.ipynb"
    shutil.copy2(executed, target)
    return target


def _publish(work: Path, final: Path) -> None:
    """Point ``final`` (a symbolic link) at the finished build in one atomic rename, then drop old builds.

    Readers of ``final`` see either the previous report or the new one, never a mix or a partial file.
    """
    link = final.with_name(f".{final.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(work.relative_to(final.parent))
    if final.exists() and not final.is_symlink():  # a real folder from a copy: move it aside first
        final.rename(final.with_name(f".{final.name}.old-{os.getpid()}"))
    previous = final.resolve() if final.is_symlink() else None
    os.replace(link, final)
    if previous is not None and previous != work.resolve() and previous.parent == work.parent:
        shutil.rmtree(previous, ignore_errors=True)
