"""Synthetic data, clearly labelled synthetic (no real customer data), apart from the library's core.

:mod:`lqrel.synth.sample`
    The shipped Linqu sample: outage log and customers served (``data/``, ``lqrel synth``, ``make sample``).
:mod:`lqrel.synth.applications`
    The shipped application log (业扩报装, ``data/linqu_applications.csv``).
:mod:`lqrel.synth.bulk`
    Large sets for benchmarks and engine tests: random compact events, the sample scaled up into Parquet.
:mod:`lqrel.synth.stress`
    Daily histories that break the year-end projection's assumptions, for its calibration benchmark.

The names the command line uses are re-exported here.
"""

from lqrel.synth.applications import APPLICATIONS_SEED, FIRST_YEAR, write_applications
from lqrel.synth.bulk import write_parquet_sample
from lqrel.synth.sample import SAMPLE_SEED, write_sample

__all__ = ["APPLICATIONS_SEED", "FIRST_YEAR", "SAMPLE_SEED", "write_applications", "write_parquet_sample",
           "write_sample"]
