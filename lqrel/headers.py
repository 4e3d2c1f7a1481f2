"""Finding the canonical columns of a table in its header row: explicit names from the settings first, then the
built-in aliases (:mod:`lqrel.vocab`), compared after :func:`lqrel.vocab.normalize`."""

from __future__ import annotations

from lqrel.errors import InputError
from lqrel.output import visible
from lqrel.vocab import normalize


def match_headers(header: list[str], aliases: dict[str, tuple[str, ...]],
                  explicit: dict[str, tuple[str, ...]] | None = None) -> dict[str, int]:
    """Canonical column -> position in ``header``.

    Names in ``explicit`` (from ``columns:`` or ``--map``) are tried first, in order, and may share a source
    column (``nature: cause`` and ``cause: cause``); then the built-in ``aliases``, each source column serving
    one canonical column.
    """
    positions: dict[str, int] = {}
    used: set[int] = set()
    normalized = [normalize(h) for h in header]

    def find(names: tuple[str, ...], shared: bool = False) -> int | None:
        for name in names:
            key = normalize(name)
            for i, h in enumerate(normalized):
                if h == key and (shared or i not in used):
                    return i
        return None

    explicit = explicit or {}
    for canon, names in explicit.items():
        pos = find(names, shared=True)
        if pos is not None:
            positions[canon] = pos
            used.add(pos)
    for canon, names in aliases.items():
        if canon in positions or canon in explicit:
            continue
        pos = find(names)
        if pos is not None:
            positions[canon] = pos
            used.add(pos)
    return positions


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def require_unique_headers(found: dict[str, int], header: list[str], where: str) -> None:
    """A header the loader uses must name one column: two columns with it would leave one silently unread."""
    normalized = [normalize(h) for h in header]
    for canon, pos in found.items():
        twins = [i for i, h in enumerate(normalized) if h == normalized[pos] and h]
        if len(twins) > 1:
            raise InputError(code="header_twice", file=where, header=header[pos], canonical=canon,
                             first=column_letter(twins[0]), others=", ".join(column_letter(i) for i in twins[1:]))


#: How alike a header and a known name must be to be offered as a close match (:func:`difflib.get_close_matches`).
CLOSE_MATCH_CUTOFF = 0.5


def close_headers(missing: list[str], header: list[str], aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """The headers of the file most like the names known for the ``missing`` canonical columns, each as
    ``header -> canonical`` (best first, at most three per column)."""
    import difflib

    shown = [h for h in header if h]
    by_key = {normalize(h): h for h in shown}
    out: list[str] = []
    for canon in missing:
        scores: dict[str, float] = {}
        for name in aliases.get(canon, (canon,)):
            for key in difflib.get_close_matches(normalize(name), list(by_key), n=3, cutoff=CLOSE_MATCH_CUTOFF):
                ratio = difflib.SequenceMatcher(None, normalize(name), key).ratio()
                scores[key] = max(scores.get(key, 0.0), ratio)
        best = sorted(scores, key=lambda k: -scores[k])[:3]
        out += [f"{by_key[k]} -> {canon}" for k in best if f"{by_key[k]} -> {canon}" not in out]
    return out


def missing_columns_error(where: str, missing: list[str], header: list[str], aliases: dict[str, tuple[str, ...]],
                          setting: str, with_map: bool = False, searched: int | None = None) -> InputError:
    """The error for required columns not found: the headers the file has, the closest of them to each missing
    column (:func:`close_headers`) and the setting that maps them (``columns`` / ``customers_columns`` /
    ``applications_columns``; ``with_map``: ``--map`` too, for the outage log). ``searched``: no header row was
    found in that many rows, ``header`` is the row most like one (:class:`lqrel.readers.HeaderNotFound`)."""
    found = ", ".join(visible(h) for h in header if h) or "-"  # a header cell's line break shown, not printed
    close = "; ".join(visible(c) for c in close_headers([m.split(" ")[0] for m in missing], header, aliases)) or "-"
    code = ("missing_columns" if searched is None else "no_header_columns") + ("" if with_map else "_file")
    extra = {} if searched is None else {"rows": searched}
    return InputError(code=code, file=where, missing=", ".join(missing), found=found, close=close,
                      setting=setting, **extra)
