"""Build a report: papermill runs the notebook template (``report.ipynb``, package data of
:mod:`lqrel.report`), nbconvert exports HTML without code, checks pass, then the report is published into the
output folder in one rename (:mod:`lqrel.report.publish`).

Everything a run needs besides the published result lives in the private state folder
(:mod:`lqrel.report.state`): the lock of the period, the run's folder (the dataset handed to the notebook, the
build, the kernel's working folder) and the notebooks of the last failed runs. The kernel's connection files
and sockets go to a private temporary folder of the run, never into the installed package, so two runs for
different periods work at once and a read-only installation works. A failed or interrupted run leaves the
published report as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lqrel.errors import DataError, LqrelError
from lqrel.messages.formats import FILE_STEMS, form
from lqrel.messages.formats import file_stem as stem_of
from lqrel.periods import Period, parse_period
from lqrel.report import publish, state
from lqrel.report.i18n import LANGS, labels

#: The notebook template, package data (in the repository, a link to ``notebooks/report.ipynb``).
REPORT_NOTEBOOK = resources.files("lqrel.report") / "report.ipynb"
FORMATS = ("html", "ipynb", "xlsx", "docx", "pdf")
#: Files of a report: the page, the executed notebook and the workbook; a half-year and a year also get the Word
#: 报送材料 the county asks for (the action plan, section 三/四).
DEFAULT_FORMATS = ("html", "ipynb", "xlsx")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "chrome")
#: Longest path of a kernel's IPC socket [characters] (Unix socket paths are limited to about 107 bytes).
MAX_SOCKET_PATH = 100
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
    """Where a finished report went (``files``: format -> path), and its headline
    (:func:`lqrel.report.tables.summary`)."""

    folder: Path
    files: dict[str, Path]
    summary: dict

    @property
    def html(self) -> Path | None:
        return self.files.get("html")

    @property
    def ipynb(self) -> Path | None:
        return self.files.get("ipynb")

    @property
    def xlsx(self) -> Path | None:
        return self.files.get("xlsx")

    @property
    def docx(self) -> Path | None:
        return self.files.get("docx")

    @property
    def pdf(self) -> Path | None:
        return self.files.get("pdf")


def default_formats(period: Period) -> tuple[str, ...]:
    """The files of a report for a period: :data:`DEFAULT_FORMATS`, and the Word 报送材料 for a half-year or a
    year (the reports the county receives)."""
    return (*DEFAULT_FORMATS, "docx") if period.span_months in (6, 12) else DEFAULT_FORMATS


def file_stem(period: Period, names: str = "en") -> str:
    """The reports' file name without its suffix: ``lqrel-report-2022Q3``, or with ``names="zh"``
    ``临朐县2022年第三季度供电可靠性分析报告``."""
    from lqrel.report.i18n import period_name

    return stem_of(names, period_name(period, "zh"), period.label)


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, for PDF; None when there is none."""
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, timeout_s: int = 120) -> None:
    """Print a report page to an A4 PDF with headless Chromium (the page's print stylesheet applies)."""
    import subprocess

    binary = find_chromium()
    if binary is None:
        raise ReportError(code="pdf_needs_chromium")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
             "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000", "--window-size=700,990",
             f"--print-to-pdf={pdf}",
             html.as_uri()], capture_output=True, timeout=timeout_s)
    if proc.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise ReportError(code="pdf_failed", code_exit=proc.returncode)


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


def export_html(notebook_path: Path, title: str, lang: str = "zh") -> str:
    """Executed notebook -> HTML without code, prompts or remote assets, in the report's language
    (``<html lang="zh-CN">``)."""
    with _without_iri_grammars():
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
    body = re.sub(r'<html lang="[^"]*"', f'<html lang="{form("html_lang", lang)}"', body, count=1)
    return strip_remote_assets(body)


#: The module that gives jsonschema its optional IRI format checks: it compiles 38 lark grammars when imported, 3 to
#: 4 s of CPU in every process that imports nbformat (papermill here, plotly.io in the kernel), about a third of a
#: report's CPU time, for a check neither process makes (nbformat validates the notebook under JSON Schema draft
#: 4, which has no IRI format). The run and its kernel import jsonschema without it (:func:`_without_iri_grammars`).
IRI_GRAMMARS = "rfc3987_syntax"
#: The kernel's first line (ipykernel's ``exec_lines``, run before any cell): jsonschema there without the grammars.
KERNEL_SKIP_IRI = f"import sys; sys.modules.setdefault({IRI_GRAMMARS!r}, None)"


@contextlib.contextmanager
def _without_iri_grammars():
    """Imports in the block load jsonschema without :data:`IRI_GRAMMARS` when this process has not loaded
    jsonschema yet (a ``None`` in ``sys.modules`` makes that import fail, which jsonschema expects); the module
    is importable again afterwards. Where jsonschema is already loaded nothing changes."""
    if "jsonschema" in sys.modules or IRI_GRAMMARS in sys.modules:
        yield
        return
    sys.modules[IRI_GRAMMARS] = None
    try:
        yield
    finally:
        if sys.modules.get(IRI_GRAMMARS, 0) is None:
            del sys.modules[IRI_GRAMMARS]


#: While cells run, the executed notebook is saved at most this often [s]; always at the end and on failure.
SAVE_EVERY_S = 5.0


def _engine() -> str:
    """papermill's nbclient engine registered as ``lqrel``, saving the executed notebook at most every
    :data:`SAVE_EVERY_S` seconds while cells run. papermill writes (and validates) the whole notebook at every
    cell's start and end: 39 writes of the 5 MB report notebook took 2.2 s of an 11 s report. The last save,
    at the end of the run or after a failing cell, is papermill's own, so a failed run keeps its notebook."""
    from papermill.engines import NBClientEngine, papermill_engines

    class ThrottledSaveEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            save = nb_man.save

            def throttled(**kw):
                if "nb" in kw:
                    nb_man.nb = kw["nb"]
                if (nb_man.now() - nb_man.last_save_time).total_seconds() >= SAVE_EVERY_S:
                    save()

            nb_man.save = throttled
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.save = save  # notebook_complete saves with papermill's own

    papermill_engines.register("lqrel", ThrottledSaveEngine)
    return "lqrel"


def build_report(
    ds,
    period: str | Period,
    out_dir: str | Path = "reports",
    lang: str = "zh",
    formats: tuple[str, ...] | None = None,
    notebook: Path | None = None,
    timeout_s: int = CELL_TIMEOUT_S,
    state_dir: str | Path | None = None,
    names: str = "en",
    document_date: str | None = None,
) -> ReportResult:
    """Run the report notebook for a period of a loaded dataset and publish it atomically.

    The notebook receives the dataset itself (saved to the run's private folder), so it works on exactly the
    data and settings the caller validated (``--map``, ``--sheet``, ``--customers``, ``--data-through``).

    Parameters
    ----------
    formats : tuple of str, optional
        Of :data:`FORMATS`; default :func:`default_formats` of the period. ``pdf`` prints the page with headless
        Chromium (an error when there is none).
    state_dir : path, optional
        The private state folder (:func:`lqrel.report.state.state_dir`).
    names : {"en", "zh"}
        File names: ``lqrel-report-2022Q3.html``, or ``临朐县2022年第三季度供电可靠性分析报告.html``.
    document_date : str, optional
        The Word document's 成文日期 (YYYY-MM-DD); default the build day.

    Raises
    ------
    ReportError
        The notebook failed (its executed copy is kept in the state folder) or the HTML failed its checks;
        the published report is left as it was. An interruption (KeyboardInterrupt, or the CLI's SIGTERM
        handler) removes the run's folder and propagates.
    """
    asked, formats = _checked_request(period, lang, formats, names)
    if document_date:
        try:
            dt.date.fromisoformat(document_date)
        except ValueError as exc:
            raise ReportError(code="date_invalid", value=repr(document_date)) from exc
    ds.clip(period)  # a period the data do not reach is refused here, in the run's language, before a kernel starts
    label = asked.label
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    root = state.state_dir(state_dir)
    stem = file_stem(asked, names)
    with state.period_lock(root, out_dir, label), contextlib.ExitStack() as cleanup:
        run = state.run_folder(root, out_dir, label)
        cleanup.callback(shutil.rmtree, run, True)
        state.tidy_runs(root, out_dir, label, keep=run)
        kernel_dir = _kernel_folder(run, cleanup)
        build = run / "build"
        build.mkdir()
        executed = build / f"{stem}.ipynb"
        summary_file = build / f"{stem}.json"
        parameters = {**_notebook_parameters(ds, asked, lang, formats, root, run, build, stem),
                      "document_date": document_date or ""}
        _execute(notebook or REPORT_NOTEBOOK, executed, parameters, run, kernel_dir, timeout_s, root, label)
        if not summary_file.exists():
            kept = state.keep_failed(root, label, executed)
            raise ReportError(code="report_no_summary", label=label, kept=kept)
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        _export_pages(executed, build, stem, formats, lang, asked, root, timeout_s)
        publish.publish(build, out_dir, label)
    with state.index_lock(root, out_dir):
        publish.write_index(out_dir, lang)
    final = out_dir / label
    return ReportResult(folder=final, files={f: final / f"{stem}.{f}" for f in formats}, summary=summary)


def _checked_request(period: str, lang: str, formats: tuple[str, ...] | None, names: str):
    """The period (parsed once, here: the grammar is checked before the label reaches a path) and the formats of
    a report request (:func:`build_report`), checked."""
    asked = parse_period(period) if isinstance(period, str) else period
    if lang not in LANGS:
        raise ReportError(code="unknown_language", value=repr(lang), choices=" or ".join(LANGS))
    formats = tuple(formats) if formats else default_formats(asked)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ReportError(code="unknown_formats", value=sorted(unknown), choices=", ".join(FORMATS))
    if "pdf" in formats and "html" not in formats:
        raise ReportError(code="pdf_needs_html")
    if "pdf" in formats and find_chromium() is None:
        raise ReportError(code="pdf_needs_chromium")
    if names not in FILE_STEMS:
        raise ReportError(code="unknown_names", value=repr(names))
    return asked, formats


def _kernel_folder(run: Path, cleanup: contextlib.ExitStack) -> Path:
    """The private folder of the run's kernel connection files: in the run's folder, or, when that path is too
    long for a socket, a short private one removed with the run."""
    kernel_dir = run / "kernel"
    if len(str(kernel_dir / "kernel-ipc-999")) > MAX_SOCKET_PATH:  # a deep state folder: a short private one
        kernel_dir = Path(tempfile.mkdtemp(prefix="lqrel-kernel-"))
        cleanup.callback(shutil.rmtree, kernel_dir, True)
    kernel_dir.mkdir(exist_ok=True, mode=0o700)
    return kernel_dir


def _notebook_parameters(ds, period: Period, lang: str, formats: tuple[str, ...], root: Path, run: Path, build: Path,
                         stem: str) -> dict:
    """The notebook's parameters: the dataset saved in the run's folder and the files to write. The projection
    states its calibration on the years before the period's, calibrated here first unless the period is a
    verdict."""
    from lqrel.benchmark import load_benchmark
    from lqrel.calibration import own as own_calibration
    from lqrel.dataset import save
    from lqrel.report.tables import is_verdict

    if ds.params.benchmark is not None:  # a bad benchmark row is one clear error here, not a failed notebook
        load_benchmark(ds.params.benchmark)
    if not is_verdict(ds, period):
        with contextlib.suppress(DataError):  # the notebook meets the same error in its cell and reports it
            own_calibration(ds, root / "calibration", before=period.year)
    return {
        "period": period.label,
        "dataset_path": str(save(ds, run / "dataset.pickle")),
        "lang": lang,
        "xlsx_path": str(build / f"{stem}.xlsx") if "xlsx" in formats else "",
        "docx_path": str(build / f"{stem}.docx") if "docx" in formats else "",
        "summary_path": str(build / f"{stem}.json"),
    }


def _execute(notebook, executed: Path, parameters: dict, run: Path, kernel_dir: Path, timeout_s: int, root: Path,
             label: str) -> None:
    """The report notebook run by papermill into ``executed``, its kernel's files in ``kernel_dir``; a failure
    keeps the executed copy in the state folder and raises :class:`ReportError`."""
    with _without_iri_grammars():
        import papermill

    with resources.as_file(notebook) as template, _runtime_dir(kernel_dir):
        try:
            papermill.execute_notebook(
                str(template), str(executed), parameters=parameters, kernel_name="python3", cwd=str(run),
                engine_name=_engine(),
                execution_timeout=timeout_s, progress_bar=False, log_output=False,
                kernel_manager_class=_local_kernel_manager(kernel_dir),
            )
        except Exception as exc:  # papermill raises PapermillExecutionError, DeadKernelError, timeouts ...
            kept = state.keep_failed(root, label, executed)
            reason = _describe(exc, executed)
            if kept:
                raise ReportError(code="report_failed_kept", label=label, reason=reason, kept=kept) from exc
            raise ReportError(code="report_failed", label=label, reason=reason) from exc


def _export_pages(executed: Path, build: Path, stem: str, formats: tuple[str, ...], lang: str, period: Period,
                  root: Path, timeout_s: int) -> None:
    """The HTML page (checked: a page failing its checks keeps the notebook and raises :class:`ReportError`) and
    the PDF printed from it, as ``formats`` ask; the executed notebook removed unless asked for."""
    if "html" in formats:
        from lqrel.report.i18n import period_name

        html = export_html(executed, f"{labels(lang)['title']} · {period_name(period, lang)}", lang)
        problems = check_html(html)
        if problems:
            kept = state.keep_failed(root, period.label, executed)
            raise ReportError(code="report_checks_failed", label=period.label, problems="; ".join(problems),
                              kept=kept)
        (build / f"{stem}.html").write_text(html, encoding="utf-8")
    if "pdf" in formats:
        print_pdf(build / f"{stem}.html", build / f"{stem}.pdf", timeout_s)
    if "ipynb" not in formats:
        executed.unlink()


@contextlib.contextmanager
def _runtime_dir(folder: Path):
    """Jupyter's runtime folder (kernel connection files) set to the run's private folder for the run."""
    before = os.environ.get("JUPYTER_RUNTIME_DIR")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JUPYTER_RUNTIME_DIR", None)
        else:
            os.environ["JUPYTER_RUNTIME_DIR"] = before


def _local_kernel_manager(folder: Path):
    """A kernel manager on IPC sockets in ``folder``: the kernel talks only through private local files, not TCP
    ports, never writes into the working folder or the installed package, and its own output (log lines, the
    noise of a kernel stopped mid-message) goes to ``folder/kernel.log``, never to the operator's terminal."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, transport="ipc", ip=str(folder / "kernel"), **kwargs)

        async def start_kernel(self, **kw):
            log = open(folder / "kernel.log", "ab")  # noqa: SIM115 - the kernel process holds it, closed below
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", log)
            kw["extra_arguments"] = [*kw.get("extra_arguments", []), f"--IPKernelApp.exec_lines={KERNEL_SKIP_IRI}"]
            try:
                return await super().start_kernel(**kw)
            finally:
                log.close()  # the child keeps its own descriptor

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
        progress = cell.get("metadata", {}).get("papermill", {})
        timing = cell.get("metadata", {}).get("execution", {})
        # sent but never answered: the kernel died in it or it hung (cells after it stay "pending")
        unanswered = "shell.execute_reply" not in timing and progress.get("status", "pending") != "pending"
        errored = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if progress.get("exception") or progress.get("status") in ("failed", "running") or errored or unanswered:
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
