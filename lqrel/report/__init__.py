"""The periodic report: its tables built from a dataset (:mod:`~lqrel.report.tables`), their presentation
(:mod:`~lqrel.report.present`), the workbook (:mod:`~lqrel.report.export`), and the runner that executes the
notebook template (``report.ipynb``, package data) and publishes the result (:mod:`~lqrel.report.runner`)."""
