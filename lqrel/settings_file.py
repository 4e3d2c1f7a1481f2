"""Writing settings: the certain settings of ``lqrel inspect`` merged into a params YAML without replacing or
dropping what it holds, and a settings dict as the one line a user pastes (:mod:`lqrel.inspect`)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from lqrel.inspect import InspectError

#: The settings keys that map headers or values (``columns``, ``customers_values``, ...).
MAPPING_KEYS = ("columns", "values")


def merge_snippets(snippets: list[dict]) -> tuple[dict, list[str]]:
    """The settings of several files as one: the headers and values of a column gathered; the header row and sheet
    only when every file has the same (else each file's header is left to the loader's search); any other setting
    only when the files that set it agree. The settings left out are named."""
    merged: dict = {}
    for snippet in snippets:
        _merge_into(merged, {k: v for k, v in snippet.items() if k.endswith(MAPPING_KEYS)}, ())
    clashes = []
    for key in dict.fromkeys(k for s in snippets for k in s if not k.endswith(MAPPING_KEYS)):
        values = [s.get(key) for s in snippets if key in ("header_row", "sheet") or key in s]
        if all(v == values[0] for v in values):
            merged[key] = values[0]
        else:
            clashes.append(key)
    return merged, clashes


def files_snippet(kinds_paths: list[tuple[str, str]], settings_path: str | Path) -> dict:
    """The settings naming the files inspected, each under its kind's key (``events:``, ``customers:``,
    ``applications:``): one path, or the list of several, written relative to the settings file's folder (as the
    settings read them) where it lies below it, else absolute."""
    folder = Path(settings_path).resolve().parent
    named: dict[str, list[str]] = {}
    for kind, path in kinds_paths:
        full = Path(path).resolve()
        shown = full.relative_to(folder) if full.is_relative_to(folder) else full
        named.setdefault(kind, []).append(shown.as_posix())
    return {kind: paths[0] if len(paths) == 1 else paths for kind, paths in named.items()}


def _merge_into(target: dict, new: dict, path: tuple) -> list[str]:
    """Merge ``new`` into ``target`` without replacing anything: mappings merged key by key, a column's headers
    gathered into a list (existing first), a scalar kept when already set otherwise (named in the result)."""
    kept = []
    for key, value in new.items():
        where = (*path, str(key))
        if key not in target or target[key] is None:
            target[key] = value
        elif target[key] == value:
            continue
        elif isinstance(value, dict) and isinstance(target[key], dict):
            kept += _merge_into(target[key], value, where)
        elif len(path) >= 1 and path[0].endswith(MAPPING_KEYS):
            old = target[key] if isinstance(target[key], list) else [target[key]]
            add = value if isinstance(value, list) else [value]
            target[key] = old + [v for v in add if v not in old]
        elif target[key] != value:
            kept.append(".".join(where))
    return kept


def write_settings(path: str | Path, snippet: dict) -> dict:
    """Write or merge ``snippet`` into the params YAML at ``path``; nothing set there is replaced or dropped.

    A new file is written with a comment at the top. In an existing file the keys it lacks are appended and a
    top-level key it leaves empty (``columns: {}``) is filled in place: the rest of its text, comments included,
    stays as it was. A key it already sets is merged (headers and values gathered, a scalar set otherwise kept)
    and the file written anew: PyYAML keeps no comments, so the previous text is kept as ``<file>.bak``. Returns
    ``{"written": keys changed, "kept": settings already set otherwise (dotted keys), "kept_values": {key: (the
    file's value, the one not written)}, "rewritten": bool, "backup": path or None}`` (and ``"new": True`` for a new
    file); a merge that changes nothing leaves the file as it was."""
    path = Path(path)
    if not path.exists():
        path.write_text("# lqrel settings written by lqrel inspect --write\n" + _dump(snippet), encoding="utf-8")
        return {"written": sorted(snippet), "kept": [], "rewritten": False, "backup": None, "new": True}
    old_text = path.read_text(encoding="utf-8")
    existing = yaml.safe_load(old_text) or {}
    if not isinstance(existing, dict):
        raise InspectError("not_settings", file=str(path))
    text = _added_in_place(old_text, existing, snippet)
    if text is not None:
        path.write_text(text, encoding="utf-8")
        return {"written": sorted(snippet), "kept": [], "rewritten": False, "backup": None}
    merged = copy.deepcopy(existing)  # merged in depth: the file's own settings compared after
    kept = _merge_into(merged, snippet, ())
    written = sorted(k for k in snippet if merged.get(k) != existing.get(k))
    kept_values = {k: (_at(existing, k), _at(snippet, k)) for k in kept}
    if not written:  # every setting already there, or set otherwise and kept: the file left as it was
        return {"written": [], "kept": kept, "kept_values": kept_values, "rewritten": False, "backup": None}
    backup = path.with_name(path.name + ".bak")
    backup.write_text(old_text, encoding="utf-8")
    path.write_text(_dump(merged), encoding="utf-8")
    return {"written": written, "kept": kept, "kept_values": kept_values, "rewritten": True, "backup": str(backup)}


def _at(settings: dict, dotted: str):
    """The value at a dotted key (``columns.area``) of nested settings."""
    for part in dotted.split("."):
        settings = settings[part]
    return settings


def _added_in_place(text: str, existing: dict, snippet: dict) -> str | None:
    """``text`` with the snippet's keys added and its rest untouched, or None when a key the file sets (not
    empty) must be merged."""
    rest = {}
    for key, value in snippet.items():
        if key not in existing:
            rest[key] = value
            continue
        if existing[key] not in (None, {}, []):
            return None
        line = re.compile(rf"^{re.escape(key)}:[ \t]*(?:\{{\}}|\[\]|null|~)?[ \t]*(?:#.*)?$", re.M)
        if len(line.findall(text)) != 1:
            return None
        at = line.search(text)
        text = text[:at.start()] + _dump({key: value}).rstrip("\n") + text[at.end():]
    if rest:
        text = text.rstrip("\n") + "\n\n# added by lqrel inspect --write\n" + _dump(rest)
    return text


def _dump(settings: dict) -> str:
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, default_flow_style=False)


def settings_line(settings: dict) -> str:
    """A settings dict as one YAML line (``columns: {customers: 影响客户数}``), to paste into params.yaml."""
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, default_flow_style=True,
                          width=10_000).strip().removeprefix("{").removesuffix("}")
