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
        #: One frame per call that rejected rows: their positions, column, value shown, code and arguments.
        self._parts: list[pd.DataFrame] = []

    @property
    def ok(self) -> pd.Series:
        """True for the rows not rejected (a copy: later rejects do not change it)."""
        return pd.Series(self._ok.copy(), index=self.frame.index)

    @property
    def code(self) -> pd.Series:
        """The reject code of each row (None: not rejected)."""
        out = np.full(len(self._ok), None, dtype=object)
        for part in self._parts:
            out[part["position"].to_numpy()] = part["code"].to_numpy()
        return pd.Series(out, index=self.frame.index, dtype=object)

    def __call__(self, mask, canon: str | None, code: str, values: pd.Series | None = None, **args) -> None:
        positions = np.flatnonzero(np.asarray(mask, dtype=bool) & self._ok)
        if not len(positions):
            return
        self._ok[positions] = False
        source = values if values is not None else self.frame.get(canon)
        shown = (source.iloc[positions].map(cell_text).to_numpy(dtype=object) if source is not None
                 else np.full(len(positions), "", dtype=object))
        column = self.names.get(canon, canon) if canon else ""
        self._parts.append(pd.DataFrame({"position": positions, "column": column, "value": shown, "code": code,
                                         "args": [args] * len(positions)}))

    def table(self) -> pd.DataFrame:
        """``row``, ``column``, ``value``, ``code``, ``args`` and ``reason`` (English) of the rejected rows, in
        file order."""
        columns = ["position", "column", "value", "code", "args"]
        rejected = pd.concat(self._parts, ignore_index=True) if self._parts else pd.DataFrame(columns=columns)
        rejected = rejected.sort_values("position", kind="stable")  # one part per rule: back to file order
        rows = self.frame["row"].to_numpy()[rejected["position"].to_numpy(dtype="int64")].astype("int64")
        out = pd.DataFrame({"row": rows, **{c: rejected[c].to_numpy(dtype=object) for c in columns[1:]}})
        out["reason"] = [messages.text(c, a, "en") for c, a in zip(out["code"], out["args"], strict=True)]
        return out
