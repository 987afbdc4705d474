"""Embed: sentence vectors from the multilingual models shipped in packages, cached on disk."""
