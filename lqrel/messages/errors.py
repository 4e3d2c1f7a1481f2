"""Errors a user can fix (a family of the catalogue, :mod:`lqrel.messages`): code -> {lang: template}.

Raised as ``InputError(code="...", file=..., ...)`` (:mod:`lqrel.errors`); the command line renders them in the
run's language.
"""

from __future__ import annotations

ERRORS: dict[str, dict[str, str]] = {}
