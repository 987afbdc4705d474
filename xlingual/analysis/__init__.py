"""Analysis: what the rules read besides the alignment: names, numbers, words."""
