"""What ``lqrel inspect`` prints: an :class:`lqrel.inspect.Inspection` as text in Chinese (default) or English,
every sentence from the ``inspect`` family of the catalogue (:mod:`lqrel.messages.inspect`), and the outcome of
``--write``."""

from __future__ import annotations

import sys
from pathlib import Path

from lqrel import messages
from lqrel.errors import LqrelError
from lqrel.inspect import PLACEHOLDERS, Inspection, inspect_file
from lqrel.messages.formats import form
from lqrel.output import dumps
from lqrel.params import Params
from lqrel.settings_file import files_snippet, merge_snippets, settings_line, write_settings


def say(code: str, lang: str, **args) -> str:
    return messages.text(code, args, lang, "inspect")


def _line(settings: dict, lang: str) -> str:
    """A suggested settings line, its blanks in the user's language."""
    line = settings_line(settings)
    for name, mark in PLACEHOLDERS.items():
        line = line.replace(mark, say(f"placeholder.{name}", lang))
    return line


def _field(kind: str, field: str, lang: str) -> str:
    """A field of a ``kind`` of file by its identifier, as the settings write it, and its name in ``lang`` where the
    two differ (``event_id〔事件编号〕``; :data:`lqrel.messages.cli.FIELDS`)."""
    code = f"field_{field}" if kind == "events" else f"field_{kind}.{field}"
    if code not in messages.CLI:
        return field
    name = messages.text(code, {}, lang, "cli")
    return field if name == field else say("field_named", lang, field=field, name=name)


def _listed(items, lang: str) -> str:
    items = [str(i) for i in items]
    return form("list", lang).join(items) if items else say("none", lang)


def inspection_text(found: Inspection, lang: str) -> str:
    """The whole report on one file."""
    lines = [say("file", lang, path=found.path)]
    if found.sheets:
        shown = [say("sheet_rows", lang, name=s["name"], rows=s["rows"]) if s["rows"] is not None else s["name"]
                 for s in found.sheets]
        lines.append(say("sheets", lang, sheets=_listed(shown, lang), sheet=found.sheet))
    if found.encoding:
        lines.append(say("encoding", lang, encoding=found.encoding))
    scores = [say("kind_score", lang, kind=say(f"kind.{k}", lang), score=n) for k, n in found.scores.items()]
    lines.append(say("kind", lang, kind=f"{say(f'kind.{found.kind}', lang)} ({found.kind})",
                     scores=_listed(scores, lang)))
    lines.append(say("header_row", lang, row=found.header_row))
    lines.append(say("columns_title", lang))
    for c in found.columns:
        field = _field(found.kind, c["field"], lang) if c["field"] else say("no_field", lang)
        lines.append(say("column_line", lang, header=c["header"] or f"#{c['position'] + 1}", field=field,
                         samples=_listed(c["samples"], lang)))
    if found.missing:
        missing = [" / ".join(_field(found.kind, f, lang) for f in m.split("|")) for m in found.missing]
        lines.append(say("missing", lang, fields=_listed(missing, lang)))
    lines += _dates_lines(found, lang) + _vocabulary_lines(found, lang) + _load_lines(found, lang)
    lines += settings_lines(found, lang)
    return "\n".join(lines)


def _dates_lines(found: Inspection, lang: str) -> list[str]:
    lines = [say("dates_title", lang)] if found.dates else []
    for d in found.dates:
        ex = d["examples"]
        if d["shape"] == "Excel":
            order = say("order.excel", lang)
        elif d["problem"] == "contradictory":
            order = say("problem.contradictory", lang, dmy=_listed(ex["dmy"], lang), mdy=_listed(ex["mdy"], lang))
        elif d["problem"] == "ambiguous":
            order = say("problem.ambiguous", lang, examples=_listed(ex["need"], lang))
        else:
            order = say(f"order.{d['order']}", lang)
            clause = form("clause", lang)
            if d["settled_by"] == "values":
                order += clause + say("settled.values", lang, examples=_listed(ex["dmy"] or ex["mdy"], lang))
            elif d["settled_by"] == "setting":
                order += clause + say("settled.setting", lang)
        lines.append(say("date_line", lang, header=d["header"], field=_field(found.kind, d["field"], lang),
                         shape=d["shape"] or "-", order=order))
    duration = found.duration
    if duration is not None:
        if duration["unit"] is None:
            largest = duration.get("largest")
            lines.append(say("duration.none", lang, header=duration["header"],
                             largest="-" if largest is None else f"{largest:g}"))
        else:
            lines.append(say(f"duration.{duration['source']}", lang, header=duration["header"],
                             unit=say(f"unit.{duration['unit']}", lang)))
    return lines


def _value_word(field: str, code: str, lang: str) -> str:
    """A vocabulary code of ``field`` in words (农村 for ``rural`` in Chinese; the code in English)."""
    key = f"value.{field}.{code}"
    return say(key, lang) if key in messages.CATALOGUES["inspect"] else code


def _hit(value: str, word: str, count: int, how: str, lang: str) -> str:
    """A recognised value, what it reads as (unsaid when the same words) and its rows."""
    if how == "keyword":
        return say("hit_keyword", lang, value=value, canonical=word, count=count)
    return say("hit_same" if word == value else "hit", lang, value=value, canonical=word, count=count)


def _vocabulary_lines(found: Inspection, lang: str) -> list[str]:
    lines = [say("vocab_title", lang)] if found.vocabulary else []
    for v in found.vocabulary:
        if "areas" in v:
            lines.append(say("areas_rule", lang, column=v["areas"]))
            continue
        if v["free"]:
            hits = [say("free_hit", lang, value=value, count=n) for value, _, n, _ in v["hits"]]
            lines.append(say("vocab_free", lang, header=v["header"], field=_field(found.kind, v["field"], lang),
                             hits=_listed(hits, lang), blank=v["blank"]))
            continue
        hits = [_hit(value, _value_word(v["field"], canonical, lang), n, how, lang)
                for value, canonical, n, how in v["hits"]]
        misses = [say("miss", lang, value=value, count=n) for value, n in v["misses"]]
        lines.append(say("vocab_line", lang, header=v["header"], field=_field(found.kind, v["field"], lang),
                         hits=_listed(hits, lang), misses=_listed(misses, lang), blank=v["blank"]))
    return lines


def _load_lines(found: Inspection, lang: str) -> list[str]:
    load = found.load
    lines = [say("load_title", lang)]
    if load.get("error"):
        return lines + [say("load_error", lang, error=load["error"][lang])]
    if load.get("rows_read") is None:
        return lines + [say("load_customers", lang, accepted=load["accepted"])]
    lines.append(say("load_counts", lang, **{k: load[k] for k in ("rows_read", "accepted", "rejected",
                                                                    "duplicates")}))
    for r in load["reasons"]:
        reason = messages.text(r["code"], {"column": r["column"], **r["args"]}, lang, "reject")
        lines.append(say("reject_line", lang, reason=reason, count=r["count"], rows=_listed(r["rows"], lang)))
    return lines


def settings_lines(found: Inspection, lang: str) -> list[str]:
    """The certain settings (those ``--write`` writes) and the suggestions, each as a line to paste."""
    lines = [say("certain_title", lang)] if found.snippet else [say("certain_none", lang)]
    lines += [f"  {settings_line({key: value})}" for key, value in found.snippet.items()]
    if found.suggestions:
        lines.append(say("suggest_title", lang))
    for s in found.suggestions:
        choices = [say("choice", lang, line=_line(c, lang)) for c in s["choices"]]
        if s["what"] == "column":
            by_map = "suggest_column" if found.kind == "events" else "suggest_column_settings"
            code = by_map if s["header"] else "suggest_column_none"
            lines.append(say(code, lang, field=s["field"], header=s["header"], line=_line(s["choices"][0], lang)))
            continue
        if s["what"] == "value":
            lines.append(say("suggest_value", lang, field=s["field"], value=s["value"], count=s["count"]))
        elif s["what"] == "areas":
            lines.append(say("suggest_areas", lang, header=s["header"], values=_listed(s["values"], lang)))
        elif s["what"] == "date_order":
            lines.append(say("suggest_date_order", lang, field=s["field"]))
        else:
            lines.append(say("suggest_duration_unit", lang, header=s["header"]))
        lines += choices
    return lines


def written_text(path: str, outcome: dict, clashes: list[str], suggestions: list[dict], lang: str) -> str:
    """What ``--write`` did: the file written, added to or merged (and its backup), the settings kept, the
    settings the files disagree on and the suggestions it did not write (each with its lines, one to pick)."""
    keys = _listed(outcome["written"], lang) if outcome else ""
    if not outcome or not outcome["written"]:
        lines = [say("written_nothing", lang, file=path)]
    elif outcome["rewritten"]:
        lines = [say("written_merged", lang, file=path, keys=keys, backup=outcome["backup"])]
    elif outcome.get("new"):
        lines = [say("written_new", lang, file=path, keys=keys)]
    else:
        lines = [say("written_added", lang, file=path, keys=keys)]
    if outcome and outcome["kept"]:
        kept = [say("kept_item", lang, key=k, old=settings_line({"v": old})[3:], new=settings_line({"v": new})[3:])
                for k, (old, new) in outcome["kept_values"].items()]
        lines.append(say("kept", lang, keys=_listed(kept, lang)))
    if clashes:
        lines.append(say("clash", lang, keys=_listed(clashes, lang)))
    if suggestions:
        lines.append(say("not_written", lang, count=len(suggestions)))
    for s in dict.fromkeys(" | ".join(_line(c, lang) for c in s["choices"]) for s in suggestions):
        lines.append(say("choice", lang, line=s))
    return "\n".join(lines)


def _error_line(path: str, error: str, lang: str) -> str:
    """The line a file that cannot be inspected gets, as every command's error line (``lqrel：错误：``), naming the
    file once: the error's own text names it, or the line does."""
    named = path in error or str(Path(path)) in error
    return messages.text("error_line" if named else "file_error_line", {"file": path, "error": error}, lang, "cli")


def run(args, params: Params) -> int:
    """``lqrel inspect FILE...``: each file inspected and printed (or one JSON object), then ``--write``; exit 2
    when a file cannot be inspected, else 0."""
    lang, found, failed = args.lang, [], []
    for path in args.files:
        try:
            found.append(inspect_file(path, params, args.kind, args.map or (), args.sheet))
        except LqrelError as exc:
            failed.append({"path": path, "error": exc.text(lang)})
            if not args.json:
                print(_error_line(path, exc.text(lang), lang), file=sys.stderr)
            continue
        if not args.json:
            print(inspection_text(found[-1], lang) + "\n")
    snippet, clashes = merge_snippets([f.snippet for f in found])
    if args.write and found:  # the files themselves too: the settings written load them with no argument
        snippet = {**files_snippet([(f.kind, f.path) for f in found], args.write), **snippet}
    outcome = write_settings(args.write, snippet) if args.write and snippet else {}
    if args.json:
        print(dumps({"files": [f.to_dict() for f in found], "failed": failed, "snippet": snippet,
                     "clashes": clashes, "written": outcome or None}))
    elif args.write:
        print(written_text(args.write, outcome, clashes, [s for f in found for s in f.suggestions], lang))
    return 2 if failed else 0
