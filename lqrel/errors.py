"""Exceptions that the command line turns into one clear line on stderr."""


class LqrelError(Exception):
    """Base class: a problem the user can fix (bad input, bad settings), not a bug."""


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
