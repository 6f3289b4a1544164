"""Loading the outlet config: typed values, environment overrides and precise errors."""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path

import pytest

from inventory.errors import ConfigError
from pos.config import Settings, load_settings, render_config
from pos.config_file import config_path_from


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file() -> None:
    settings = load_settings(None, environ={})
    assert settings.outlet.language == "id"
    assert settings.outlet.business_day_cutoff == time(4, 0)
    assert [layout.pattern for layout in settings.barcodes.variable_measure] == [
        "28IIIIIWWWWWC",
        "29IIIIIPPPPPC",
    ]


def test_values_and_relative_paths(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        '[outlet]\ncode = "BLU"\nname = "NTT Mart Atambua"\nbusiness_day_cutoff = 03:30:00\n'
        '[database]\npath = "data/outlet.db"\n',
    )
    settings = load_settings(path, environ={})
    assert settings.outlet.code == "BLU"
    assert settings.outlet.business_day_cutoff == time(3, 30)
    assert settings.database_path == (tmp_path / "data" / "outlet.db").resolve()


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", '[outlet]\ncode = "BLU"\nlanguage = "id"\n')
    settings = load_settings(
        path,
        environ={
            "NTTMART_OUTLET__LANGUAGE": "en",
            "NTTMART_OUTLET__NUMBER": "12",
            "NTTMART_BARCODES__VARIABLE_MEASURE": '[{"pattern": "27IIIIIWWWWWC"}]',
            "NTTMART_CONFIG": "ignored here",
        },
    )
    assert (settings.outlet.language, settings.outlet.number) == ("en", 12)
    assert settings.barcodes.variable_measure[0].pattern == "27IIIIIWWWWWC"


def test_unknown_key_names_the_key_and_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml", '[outlet]\ncode = "BLU"\ncolour = "red"\n[printr]\nx = 1\n'
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(path, environ={})
    message = str(raised.value)
    assert str(path) in message
    assert "[outlet] colour: unknown key" in message
    assert "[printr]: unknown key" in message
    assert raised.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[outlet]\ncode = "blu"\n', "[outlet] code"),
        ("[outlet]\nnumber = 0\n", "[outlet] number"),
        ('[outlet]\nlanguage = "fr"\n', "[outlet] language: must be one of id, en"),
        ('[barcodes]\ninstore_prefix = "28"\n', "barcode prefixes overlap"),
        (
            '[[barcodes.variable_measure]]\npattern = "12345"\n',
            "[barcodes] variable_measure.0.pattern",
        ),
        ('[log]\nlevel = "LOUD"\n', "[log] level"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_settings(path, environ={})
    assert fragment in str(raised.value)


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "")
    with pytest.raises(ConfigError) as raised:
        load_settings(path, environ={"NTTMART_OUTLET__NUMBER": "lots", "NTTMART_OUTLET__SHOE": "x"})
    message = str(raised.value)
    assert "environment variable NTTMART_OUTLET__NUMBER: [outlet] number" in message
    assert "environment variable NTTMART_OUTLET__SHOE: [outlet] shoe: unknown key" in message


def test_syntax_errors_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"config\.toml"):
        load_settings(write(tmp_path / "config.toml", "[outlet\ncode = "), environ={})
    with pytest.raises(ConfigError) as missing:
        load_settings(tmp_path / "nope.toml", environ={})
    assert missing.value.key == "config.missing"


def test_config_path_option_beats_environment() -> None:
    assert config_path_from("a.toml", {"NTTMART_CONFIG": "b.toml"}) == Path("a.toml")
    assert config_path_from(None, {"NTTMART_CONFIG": "b.toml"}) == Path("b.toml")
    assert config_path_from(None, {}) is None


def test_rendered_config_loads_back(tmp_path: Path) -> None:
    settings = Settings.model_validate({"outlet": {"code": "KPG", "name": 'NTT "Mart" Kupang'}})
    path = write(tmp_path / "config.toml", render_config(settings))
    loaded = load_settings(path, environ={})
    assert loaded.outlet == settings.outlet


def test_example_config_documents_every_key_and_loads() -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    settings = load_settings(example, environ={})
    data = tomllib.loads(example.read_text("utf-8"))
    for section, model in Settings.model_fields.items():
        if model.exclude:
            continue
        assert section in data, f"[{section}] missing from config.example.toml"
        section_model = getattr(settings, section)
        assert sorted(data[section]) == sorted(type(section_model).model_fields), section


def test_sale_section_is_checked(tmp_path: Path) -> None:
    good = write(
        tmp_path / "ok.toml",
        '[sale]\nppn = "inclusive"\ncash_rounding = 500\n[printer]\npaper_width = 58\n',
    )
    settings = load_settings(good, environ={})
    assert (settings.sale.ppn, settings.sale.cash_rounding, settings.receipt_columns) == (
        "inclusive",
        500,
        32,
    )
    bad = write(
        tmp_path / "bad.toml",
        '[sale]\ncash_rounding = 300\nppn = "12%"\nqris_static = "000201010211630400FF"\ntip = 1\n',
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(bad, environ={})
    message = str(raised.value)
    assert "[sale] cash_rounding" in message and "[sale] ppn" in message
    assert "[sale] qris_static" in message and "[sale] tip: unknown key" in message


def test_central_web_section_from_file_and_environment(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "[central_web]\nlockout_minutes = 30\n")
    settings = load_settings(path, environ={"NTTMART_CENTRAL_WEB__SECURE_COOKIES": "true"})
    assert settings.central_web.lockout_minutes == 30
    assert settings.central_web.secure_cookies is True
    assert settings.central_web.max_failures == 5
    bad = write(tmp_path / "bad.toml", "[central_web]\nmax_failures = 0\nremember_me = true\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(bad, environ={})
    assert "[central_web] max_failures" in str(raised.value)
    assert "[central_web] remember_me: unknown key" in str(raised.value)
