"""The specification is the repository's own ``docs/spec.md``: every citation of it in the library, the notebooks,
the tests, the docs, the benchmarks and the README names a section heading that exists, and nothing cites a
specification outside the repository (a fresh clone has nothing beside it)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "docs" / "spec.md"
SIGN = "\N{SECTION SIGN}"
#: A citation's section: a number, an optional letter (5a) and an optional subsection (12.1).
CITED = re.compile(SIGN + r"(\d+[a-z]?(?:\.\d+)?)(?![\w])")
HEADING = re.compile(r"^#{2,3} (\d+[a-z]?(?:\.\d+)?)\.? ", re.MULTILINE)
#: The sections of the external specification the citations were rewritten from, plus the 公文 section (12).
FIXED_SECTIONS = {"1", "2", "3", "4", "5", "5a", "6", "7", "8", "9", "10", "11", "12"}
OUTSIDE = ("domain" + ".md", "documents" + ".md")  # split: the rewriting script leaves this file alone
#: A path to the folder beside the repository that held the spec before (a fresh clone has no such folder).
OUTSIDE_PATH = re.compile(r"(?:\.\./|/work/)shared\b")


def headings() -> set[str]:
    return set(HEADING.findall(SPEC.read_text(encoding="utf-8")))


def unresolved(text: str, known: set[str]) -> list[str]:
    """The sections cited in ``text`` that are not headings of the specification."""
    return [s for s in CITED.findall(text) if s not in known]


def readable(path: Path) -> str:
    """A file's text as a reader sees it: for a notebook, the sources of its cells."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)


def scanned(*tops: str) -> dict[str, str]:
    """Relative path -> text of the files of ``tops`` (folders, or README.md) that can cite the specification."""
    out = {}
    for top in tops:
        base = ROOT / top
        paths = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in paths:
            if path.suffix in {".py", ".md", ".ipynb"} and ".ipynb_checkpoints" not in path.parts:
                out[str(path.relative_to(ROOT))] = readable(path)
    return out


ALL = ("lqrel", "notebooks", "tests", "docs", "benchmarks", "README.md")
THIS = str(Path(__file__).resolve().relative_to(ROOT))


def test_the_specification_keeps_the_section_numbers_citations_use():
    assert FIXED_SECTIONS - headings() == set()


def test_every_citation_names_a_section_of_the_specification():
    known = headings()
    files = scanned(*ALL)
    cited = {name: CITED.findall(text) for name, text in files.items()}
    assert sum(map(len, cited.values())) >= 40  # the library, tests and README cite it (64 citations when written)
    assert {name: bad for name, text in files.items() if (bad := unresolved(text, known))} == {}


def test_a_citation_of_a_missing_section_is_found():
    text = f"see docs/spec.md {SIGN}5a, {SIGN}99 and {SIGN}12.9; {SIGN}3"
    assert unresolved(text, headings()) == ["99", "12.9"]


@pytest.mark.parametrize("top", ALL)
def test_nothing_cites_a_specification_outside_the_repository(top):
    found = {name: word for name, text in scanned(top).items() for word in OUTSIDE if word in text and name != THIS}
    assert found == {}


@pytest.mark.parametrize("top", ["lqrel", "notebooks", "tests"])
def test_code_and_tests_use_no_files_beside_the_repository(top):
    found = {name: m.group() for name, text in scanned(top).items()
             if name != THIS and (m := OUTSIDE_PATH.search(text))}
    assert found == {}
