"""A rule's documentation without importing the rules.

`xlingual rule CODE` prints a rule class's docstring. Importing the rules to get it loads numpy
and every analysis module (0.3 s); this reads the same docstring from the rule modules' source
with `ast` instead, so the command answers in about a tenth of a second.
tests/test_rule_docs.py checks that both ways give the same text for every rule.
"""

from __future__ import annotations

import ast
import inspect
from functools import cache
from pathlib import Path

_RULES = Path(__file__).resolve().parent / "rules"


def rule_documentation(code: str) -> str | None:
    """The dedented docstring of the rule class whose `code` is `code`; None if none is."""
    code = code.upper()
    for path in sorted(_RULES.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if f'"{code}"' in source:  # parse only the module that can define it
            documented = _documented(source, str(path))
            if code in documented:
                return documented[code]
    return None


@cache
def _documented(source: str, filename: str) -> dict[str, str]:
    """Code -> docstring of the rule classes defined in one module's source."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.ClassDef):
            code = _code_of(node)
            docstring = ast.get_docstring(node, clean=False)
            if code is not None and docstring is not None:
                found[code] = inspect.cleandoc(docstring)
    return found


def _code_of(node: ast.ClassDef) -> str | None:
    """The string assigned to `code` in the class body (`code = "XL201"`), if any."""
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == "code"
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            return statement.value.value
    return None
