"""Load: read article files into Documents (plain text, Markdown, HTML), with the inline
suppression comments each article carries."""
