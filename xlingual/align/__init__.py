"""Align: a source and its translation sentence by sentence (pair), and sentences across the
articles of one story (groups)."""
