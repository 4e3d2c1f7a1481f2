"""Finding the canonical columns of a table in its header row: explicit names from the settings first, then the
built-in aliases (:mod:`lqrel.vocab`), compared after :func:`lqrel.vocab.normalize`."""

from __future__ import annotations

from lqrel.errors import InputError
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
            raise InputError(
                f"{where}: header '{header[pos]}' (used for {canon}) names columns "
                f"{' and '.join(column_letter(i) for i in twins)}; rename one of them or map the other header"
            )
