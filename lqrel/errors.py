"""Exceptions that the command line turns into one clear line on stderr."""


class LqrelError(Exception):
    """Base class: a problem the user can fix (bad input, bad settings), not a bug.

    Raised with a catalogue code and its arguments (``InputError(code="missing_column", file=..., found=...)``),
    it renders in either language (:meth:`text`); ``str()`` is the English text, for logs and tracebacks. A plain
    message (``InputError("...")``) is English only: the catalogue family ``errors`` is where new ones go.
    """

    def __init__(self, message: str | None = None, *, code: str | None = None, **args):
        self.code, self.fields = code, args
        super().__init__(message if code is None else _render(code, args, "en"))

    def text(self, lang: str = "zh") -> str:
        """The error in ``lang`` (``zh`` or ``en``)."""
        return str(self) if self.code is None else _render(self.code, self.fields, lang)


def _render(code: str, args: dict, lang: str) -> str:
    from lqrel.messages import text

    return text(code, args, lang, "error")


class InputError(LqrelError):
    """An input file cannot be used at all (unreadable, no header, a required column missing).

    The message names the file and, where it applies, the row, column and value.
    """


class ParamsError(LqrelError):
    """``params.yaml`` (or a params dict) is malformed, has an unknown key or a value of the wrong type."""


class DataError(LqrelError):
    """The data cannot answer the question asked (e.g. customers served missing for an area and month)."""


class UsageError(LqrelError):
    """A command-line argument (or the service call standing for it) is wrong."""
