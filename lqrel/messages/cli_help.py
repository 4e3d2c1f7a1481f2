"""The help of the ``lqrel`` commands and their options (part of the ``cli`` family of the catalogue)."""

from __future__ import annotations

HELP: dict[str, dict[str, str]] = {}
