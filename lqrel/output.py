"""Values and text on their way out of lqrel: JSON-ready values, spreadsheet-safe text (no formulas), and
control characters made visible.

Text from input files may hold control characters (``\\x01``, ``\\x0b``, NUL, ESC, C1 controls). They never reach a
terminal, an HTML page, a workbook or a CSV file raw: :func:`visible` shows each C0 control and DEL as its
Unicode control picture (``\\x01`` -> ``␁``, ESC -> ``␛``, NUL -> ``␀``) and each C1 control as ``\\x9b``-style
text. JSON output escapes them instead (``\\u001b``), so the values stay exact.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata

import pandas as pd

#: Control characters: C0 (tab and newline included), DEL and C1.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"\\x{code:02x}"


def visible(text: object) -> object:
    """Text with every control character shown visibly (see the module docstring); other values unchanged."""
    if isinstance(text, str) and CONTROL.search(text):
        return CONTROL.sub(_picture, text)
    return text


def visible_lines(text: str) -> str:
    """Terminal output: control characters made visible, except the line breaks lqrel itself writes."""
    return "\n".join(CONTROL.sub(_picture, line) for line in text.split("\n"))


def signed(value: float, decimals: int = 2, separators: bool = False) -> str:
    """A change with its sign, ``+0.35`` or ``-0.12`` (a reader takes + for worse, so it is never left implicit);
    ``0.00`` without a sign when it rounds to nothing; ``separators``: thousands separated (``+1,200``)."""
    shown = f"{value:+,.{decimals}f}" if separators else f"{value:+.{decimals}f}"
    return shown[1:] if float(shown.replace(",", "")) == 0 else shown


def display_width(text: object) -> int:
    """The columns a text takes in a terminal: two for an East Asian wide or full-width character (Unicode UAX #11,
    ``W`` or ``F``: 汉字, full-width brackets and digits), none for a combining mark, one for any other."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in str(text))


#: Wide punctuation that closes (kept on the line of the text before it) or opens (kept with the text after it).
_CLOSING, _OPENING = set("，。、；：！？）」』》】”’"), set("（「『《【“‘")


def _wrap_tokens(text: str) -> list[str]:
    """The pieces a wrapped line may break between: a space, a wide character (with the wide punctuation that
    closes after it and opens before it), or a run of other characters (an option name, a path, an example such as
    ``--data-through 2022-06-30``'s parts: never split)."""
    tokens: list[str] = []
    word, opening = "", ""
    for c in text:
        if c in _CLOSING and (word or tokens):
            if word:
                tokens.append(word)
                word = ""
            tokens[-1] += c
        elif c in _OPENING:
            opening += c
        elif c.isspace() or unicodedata.east_asian_width(c) in "WF":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(opening + c)
            opening = ""
        else:
            word, opening = word + opening + c, ""
    return tokens + ([word + opening] if word or opening else [])


def wrap_display(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (:func:`display_width`: a 汉字 takes two), broken
    at a space or between wide characters, never inside a run of other characters (an option's name stays whole;
    a run longer than the line gets a line of its own)."""
    lines, line, space = [], "", ""
    for token in _wrap_tokens(text):
        if token.isspace():
            space = " " if line else ""
        elif line and display_width(line + space + token) > width:
            lines.append(line)
            line, space = token, ""
        else:
            line, space = line + space + token, ""
    return lines + ([line] if line else [])


#: A cell that reads as a number (a count with separators, hours, a percentage, a signed change, a dash for none).
NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)(e[+-]?\d+)?%?|[+-]?(nan|NaN|inf)|[–-]")


def _cells(column: pd.Series) -> list[str]:
    """A column's cells as text: numbers and dates as pandas prints them (one format for the column), other values
    as they are, none empty; control characters made visible."""
    if len(column) and column.dtype != object:
        return [visible(c.strip()) for c in column.to_string(index=False, header=False).split("\n")]
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else visible(str(v)) for v in column]


def text_table(frame: pd.DataFrame, header: bool = True, gap: int = 2) -> str:
    """A table for a terminal, its columns aligned by display width (:func:`display_width`, so a Chinese header or
    cell takes two columns a character): each column as wide as its widest cell, numbers (a numeric column, or one
    whose every cell reads as a number) right-aligned, text left-aligned, ``gap`` spaces between columns; no
    index. Every line has the same display width."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        cells = _cells(series)
        numeric = (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)) or (
            any(cells) and all(NUMBER.fullmatch(c) for c in cells if c))
        cells = ([visible(str(name))] if header else []) + cells
        columns.append((cells, max(map(display_width, cells), default=0), numeric))
    lines = []
    for i in range(len(frame) + header):
        parts = []
        for cells, width, numeric in columns:
            pad = " " * (width - display_width(cells[i]))
            parts.append(pad + cells[i] if numeric else cells[i] + pad)
        lines.append((" " * gap).join(parts))
    return "\n".join(lines)


#: Text a spreadsheet reads as a formula starts with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; other values unchanged.

    Text that is a plain number (``-35``, ``+1.5``) is left alone: a spreadsheet reads it as that number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for a CSV export of input-derived text: every text cell neutralized and its control characters
    made visible."""
    return frame.map(lambda v: neutralize(visible(v)))


def jsonable(value):
    """Plain JSON values: NaN and NA become null, numpy scalars Python numbers, timestamps ISO text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def dumps(obj, indent: int | None = 2) -> str:
    """One JSON document, Chinese kept as it is, every control character escaped (C0 by ``json``, DEL and C1
    here), so the text is safe for a terminal and the values round-trip exactly."""
    text = json.dumps(jsonable(obj), ensure_ascii=False, indent=indent)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


class VisibleStream(io.TextIOBase):
    """A text stream that shows control characters visibly (text from input files never reaches the terminal
    raw); the line breaks lqrel writes stay line breaks."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible_lines(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()
