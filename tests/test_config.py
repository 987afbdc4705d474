import pytest

from xlingual.config import Config, ConfigError, find_config_file, load_config


def test_defaults_without_any_file(tmp_path):
    assert load_config(start=tmp_path) == Config()


def test_pyproject_table_is_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.xlingual]\nfail-on = "warning"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config_file(nested) == tmp_path / "pyproject.toml"
    assert load_config(start=nested).fail_on == "warning"


def test_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config_file(tmp_path) is None


def test_explicit_config_overrides_discovered_and_flags_override_both(tmp_path):
    (tmp_path / "xlingual.toml").write_text('fail-on = "warning"\nembedder = "use"\n')
    explicit = tmp_path / "ci.toml"
    explicit.write_text('fail-on = "info"\n')
    config = load_config(explicit, start=tmp_path)
    assert (config.fail_on, config.embedder) == ("info", "use")
    assert config.with_overrides(fail_on="never", embedder=None).fail_on == "never"


def test_unknown_key_is_an_error_naming_file_and_key(tmp_path):
    path = tmp_path / "xlingual.toml"
    path.write_text("fail_onn = 'error'\n")
    with pytest.raises(ConfigError, match=r"xlingual.toml: unknown key 'fail_onn'"):
        load_config(start=tmp_path)


def test_invalid_values_and_toml_are_errors(tmp_path):
    path = tmp_path / "xlingual.toml"
    path.write_text("fail-on = 'sometimes'\n")
    with pytest.raises(ConfigError, match="fail-on must be one of"):
        load_config(start=tmp_path)
    path.write_text("fail-on = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(start=tmp_path)
    path.unlink()
    with pytest.raises(ConfigError, match="missing.toml: config file not found"):
        load_config(tmp_path / "missing.toml", start=tmp_path)
