"""Report formats: each module has a pure `render(report) -> str`; `render` picks one by name."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xlingual.report import Report

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown", "html")


def render(report: Report, format_name: str, *, color: bool = False) -> str:
    """The report in one format; `color` (ANSI colours) applies to `text` only."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r} (known: {', '.join(FORMATS)})")
    module = importlib.import_module(f"xlingual.output.{format_name}")
    return (
        module.render(report, color=True)
        if color and format_name == "text"
        else module.render(report)
    )
