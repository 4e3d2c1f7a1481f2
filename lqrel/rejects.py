"""The rejected rows of a loader: one reason per row (the first found wins), with its column, value and
arguments, as :data:`lqrel.events.REJECT_COLUMNS`. Outage logs and application logs both keep theirs here."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lqrel import messages


def cell_text(value: object) -> str:
    """A cell as the user sees it in a reject: ``""`` for an empty cell (None, NaN, NaT), a whole float without
    ``.0`` (-5, as Excel and a CSV export show it), anything else as ``str``."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):  # empty, also typed
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
        self._ok = np.ones(len(frame), dtype=bool)
        #: One entry per call that rejected rows: (positions, code, arguments, column, values shown).
        self._parts: list[tuple[np.ndarray, str, dict, str, np.ndarray]] = []

    @property
    def ok(self) -> pd.Series:
        """True for the rows not rejected (a copy: later rejects do not change it)."""
        return pd.Series(self._ok.copy(), index=self.frame.index)

    @property
    def code(self) -> pd.Series:
        """The reject code of each row (None: not rejected)."""
        out = np.full(len(self._ok), None, dtype=object)
        for positions, code, *_ in self._parts:
            out[positions] = code
        return pd.Series(out, index=self.frame.index, dtype=object)

    def __call__(self, mask, canon: str | None, code: str, values: pd.Series | None = None, **args) -> None:
        positions = np.flatnonzero(np.asarray(mask, dtype=bool) & self._ok)
        if not len(positions):
            return
        self._ok[positions] = False
        source = values if values is not None else self.frame.get(canon)
        shown = (source.iloc[positions].map(cell_text).to_numpy(dtype=object) if source is not None
                 else np.full(len(positions), "", dtype=object))
        self._parts.append((positions, code, args, self.names.get(canon, canon) if canon else "", shown))

    def table(self) -> pd.DataFrame:
        """``row``, ``column``, ``value``, ``code``, ``args`` and ``reason`` (English) of the rejected rows, in
        file order."""
        if self._parts:
            positions = np.concatenate([p[0] for p in self._parts])
            part = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(self._parts)])
            inner = np.concatenate([np.arange(len(p[0])) for p in self._parts])
            order = np.argsort(positions, kind="stable")
            positions, part, inner = positions[order], part[order], inner[order]
        else:
            positions = part = inner = np.array([], dtype="int64")
        parts = self._parts
        out = pd.DataFrame({"row": self.frame["row"].to_numpy()[positions].astype("int64"),
                            "column": [parts[p][3] for p in part],
                            "value": [parts[p][4][i] for p, i in zip(part, inner, strict=True)],
                            "code": [parts[p][1] for p in part],
                            "args": [parts[p][2] for p in part]})
        out["reason"] = [messages.text(c, a, "en") for c, a in zip(out["code"], out["args"], strict=True)]
        return out
