"""Words: usage statistics, related words, foreign runs, part-of-speech tags."""
