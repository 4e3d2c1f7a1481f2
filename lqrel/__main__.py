"""``python -m lqrel`` and the ``lqrel`` command: signal handlers first, then the command line.

SIGINT or SIGTERM while pandas and the rest are still being imported (a second or more on a busy machine) ends
the run with the command line's own line and exit code: nothing has started yet, so nothing is left behind. The
line is in the language of ``--lang`` or ``$LQREL_LANG`` (the settings file is not read this early), else zh.
"""

import os
import signal
import sys

from lqrel.messages import language, text  # the catalogue: plain data, imported in milliseconds

#: What the command line prints and returns for each signal (:func:`lqrel.cli.main` does the same later).
_EARLY = {signal.SIGINT: ("interrupted", 130), signal.SIGTERM: ("terminated", 143)}


def _early_lines(argv: list[str]) -> dict[int, bytes]:
    """The line of each signal, in the language ``argv`` or the environment asks for."""
    flags = [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "--lang"]
    flags += [word.partition("=")[2] for word in argv if word.startswith("--lang=")]
    lang = language(flags[0] if flags else None)
    return {signum: (text(code, {}, lang, "cli") + "\n").encode() for signum, (code, _) in _EARLY.items()}


_LINES = _early_lines(sys.argv[1:])


def _before_start(signum, frame):
    os.write(2, _LINES[signum])
    os._exit(_EARLY[signum][1])


def run() -> int:
    """The ``lqrel`` command.

    A run that SIGINT or SIGTERM ended has already unwound (kernel stopped, run folder removed, its line
    printed); it leaves at once with its code. Python's own finalisation after it (threads of the kernel
    client, atexit hooks) can take a while on a busy machine, and a second Ctrl-C or a late signal in it would
    end the process by the signal, without the code the run decided (seen once in CI: exit -2 after the line).
    """
    for signum in _EARLY:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _before_start)
    from lqrel.cli import main

    code = main()
    if code in {exit_code for _, exit_code in _EARLY.values()}:
        for signum in _EARLY:
            signal.signal(signum, signal.SIG_IGN)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(run())
