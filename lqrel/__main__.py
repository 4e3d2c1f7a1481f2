"""``python -m lqrel`` and the ``lqrel`` command: signal handlers first, then the command line.

SIGINT or SIGTERM while pandas and the rest are still being imported (a second or more on a busy machine) ends
the run with the command line's own line and exit code: nothing has started yet, so nothing is left behind.
"""

import os
import signal
import sys

#: What the command line prints and returns for each signal (:func:`lqrel.cli.main` does the same later).
_EARLY = {signal.SIGINT: ("interrupted", 130), signal.SIGTERM: ("terminated", 143)}


def _before_start(signum, frame):
    word, code = _EARLY[signum]
    os.write(2, f"lqrel: {word}; the published reports are as they were\n".encode())
    os._exit(code)


def run() -> int:
    """The ``lqrel`` command."""
    for signum in _EARLY:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _before_start)
    from lqrel.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
