"""Names: mentions in the text, spellings of one name, which spelling is right, the style sheet."""
