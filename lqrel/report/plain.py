"""Sentences shared with the command line, as a leader reads them in the page and the Word document: no command
name, settings file or formula symbol (docs/spec.md §12.2: the text never shows how it was made). The method and
the tool go to the page's collapsed 技术说明 and the document's attachment."""

from __future__ import annotations

import re

#: A bracketed aside naming a command, the settings file, an input file or a hash.
_DEVELOPER = re.compile(r"\s*[（(][^（）()]*(?:lqrel|params\.yaml|\.csv|SHA-256)[^（）()]*[）)]")
#: A clause that names a command: "，与 lqrel check 相同" / ", the same as lqrel check".
_COMMAND = re.compile(r"\s*[，,]\s*(?:与\s*lqrel\s+\w+\s*相同|the same as lqrel \w+)")
#: The major-event-day threshold's symbol (the words around it say 阈值 / threshold): before its value, before a
#: punctuation mark (with the space before it: 阈值 T_MED，-> 阈值，), or before a word.
_SYMBOL = re.compile(r"T_MED\s*=\s*|\s*T_MED\s*(?=[^\w\s=]|$)|T_MED\s*")


def for_readers(words: str) -> str:
    """``words`` without the asides and symbols meant for analysts: 阈值 T_MED = 28.47 分钟 -> 阈值 28.47 分钟,
    第 3 行（lqrel validate 列出每行原因） -> 第 3 行."""
    return _SYMBOL.sub("", _COMMAND.sub("", _DEVELOPER.sub("", words)))
