"""Spelling and form (XL3xx): non-words, words run together, glued sentences, web leftovers."""

from __future__ import annotations

from xlingual.rules.base import Rule

SPELLING_RULES: tuple[Rule, ...] = ()
