"""xlingual: a multilingual translation-quality checker.

Public API: `check(paths_or_documents, config=None) -> Report`,
`check_pair(source_text, translation_text) -> Report` and `check_pairs(pairs) -> Report` (many
pairs, each checked on its own, embedded in one batch), and `render(report, format_name)` for
any report format (text, json, sarif, github, junit, markdown, html). Imported lazily so that
the command line starts fast; nothing heavy loads until a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlingual.version import __version__

if TYPE_CHECKING:
    from xlingual.api import check, check_pair, check_pairs
    from xlingual.config import Config
    from xlingual.load.documents import Document
    from xlingual.output import render
    from xlingual.report import Report

_EXPORTS = {
    "check": "xlingual.api",
    "check_pair": "xlingual.api",
    "check_pairs": "xlingual.api",
    "Report": "xlingual.report",
    "Config": "xlingual.config",
    "Document": "xlingual.load.documents",
    "render": "xlingual.output",
}

__all__ = [
    "Config",
    "Document",
    "Report",
    "__version__",
    "check",
    "check_pair",
    "check_pairs",
    "render",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'xlingual' has no attribute {name!r}")
