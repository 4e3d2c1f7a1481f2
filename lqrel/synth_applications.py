"""The application-log generator's names where ``lqrel.cli`` imports them today; they live in
:mod:`lqrel.synth.applications`. Delete this module once the command line imports them from :mod:`lqrel.synth`."""

from lqrel.synth.applications import APPLICATIONS_SEED, FIRST_YEAR, write_applications

__all__ = ["APPLICATIONS_SEED", "FIRST_YEAR", "write_applications"]
