"""What the command line prints (a family of the catalogue, :mod:`lqrel.messages`): code -> {lang: template}."""

from __future__ import annotations

CLI: dict[str, dict[str, str]] = {}
