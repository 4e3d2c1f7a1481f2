"""The rejected rows of a loader: one reason per row (the first found wins), with its column, value and
arguments, as :data:`lqrel.events.REJECT_COLUMNS`. Outage logs and application logs both keep theirs here."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel import messages


def cell_text(value: object) -> str:
    """A cell as the user sees it in a reject: ``""`` for None, a whole float without ``.0`` (-5, as Excel and a
    CSV export show it), anything else as ``str``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


class RejectLog:
    """The reject code of each row of ``frame`` (positional index), with its column, value and arguments.

    ``log(mask, canon, code, values=None, **args)`` rejects the rows of ``mask`` not rejected yet, naming the
    source header of ``canon`` (``names``) and the cell of ``values`` (default ``frame[canon]``); ``args`` fill
    the message of ``code`` (:mod:`lqrel.messages`)."""

    def __init__(self, frame: pd.DataFrame, names: dict[str, str]):
        self.frame, self.names = frame, names
        self.code = pd.Series(None, index=frame.index, dtype=object)
        self._args = pd.Series(-1, index=frame.index, dtype="int64")  # a position in ``_arguments``
        self._arguments: list[dict] = []
        self._column = pd.Series(None, index=frame.index, dtype=object)
        self._value = pd.Series(None, index=frame.index, dtype=object)

    @property
    def ok(self) -> pd.Series:
        """True for the rows not rejected."""
        return self.code.isna()

    def __call__(self, mask, canon: str | None, code: str, values: pd.Series | None = None, **args) -> None:
        new = pd.Series(np.asarray(mask, dtype=bool), index=self.frame.index) & self.ok
        if not new.any():
            return
        self.code[new] = code
        self._args[new] = len(self._arguments)
        self._arguments.append(args)
        self._column[new] = self.names.get(canon, canon) if canon else ""
        source = values if values is not None else self.frame.get(canon)
        self._value[new] = source[new].map(cell_text) if source is not None else ""

    def table(self) -> pd.DataFrame:
        """``row``, ``column``, ``value``, ``code``, ``args`` and ``reason`` (English) of the rejected rows."""
        bad = self.code.notna()
        out = pd.DataFrame({"row": self.frame.loc[bad, "row"].astype("int64"), "column": self._column[bad],
                            "value": self._value[bad], "code": self.code[bad],
                            "args": [self._arguments[i] for i in self._args[bad]]}).reset_index(drop=True)
        out["reason"] = [messages.text(c, a, "en") for c, a in zip(out["code"], out["args"], strict=True)]
        return out
