"""``--help`` of every command in Indonesian by default, English on request, from the catalogs."""

from __future__ import annotations

from pathlib import Path

from inventory.i18n import catalog
from pos.cli import help_text, main
from tests.pos.cli.conftest import Run


def test_every_command_and_option_help_is_in_both_catalogs() -> None:
    entries = dict(help_text.help_entries(main))
    commands = [prefix for prefix, _ in help_text.walk(main)]
    # The lazily registered groups are part of the tree too.
    assert {"cli_help.central.outlet.add", "cli_help.sync.push"} <= set(commands)
    assert [p for p in commands if f"{p}.help" not in entries] == [], "commands without help"
    indonesian, english = catalog("id"), catalog("en")
    assert sorted(key for key in entries if key not in indonesian) == []
    assert sorted(key for key in entries if key not in english) == []
    # English catalog = the help written in the code; no entry for a command that is gone.
    assert {key: english[key] for key in entries} == entries
    in_catalog = {key for key in english if key.startswith(f"{help_text.PREFIX}.")}
    assert sorted(in_catalog - set(entries)) == []
    untranslated = [k for k in entries if k.endswith(".help") and indonesian[k] == english[k]]
    assert untranslated == []


def test_every_option_and_argument_has_help() -> None:
    # Click prints an empty description for an undocumented option, and lists every argument
    # (empty too) as soon as one argument of the command has help: all of them need a text.
    undocumented = [
        help_text.param_key(prefix, param)
        for prefix, command in help_text.walk(main)
        for param in command.params
        if not getattr(param, "hidden", False)
        and not (help_text.english_param_help(param) or "").strip()
    ]
    assert undocumented == []


def test_options_are_keyed_by_their_long_name() -> None:
    receive_add = main.commands["receive"].commands["add"]  # type: ignore[attr-defined]
    keys = {help_text.param_key("p", param) for param in receive_add.params}
    # --consignment and --purchase share one parameter name: their keys must differ.
    assert {"p.opt.consignment", "p.opt.purchase", "p.arg.lines"} <= keys


def test_help_is_indonesian_by_default_and_english_with_lang_en(run: Run) -> None:
    root = run("--help")
    assert root.exit_code == 0, root.output
    assert "Penggunaan: main [OPSI] PERINTAH [ARGUMEN]..." in root.stdout
    assert "Perintah:" in root.stdout and "Opsi:" in root.stdout
    assert "Berkas konfigurasi gerai" in root.stdout
    assert "Stok yang ada dan penyesuaian stok." in root.stdout
    assert "Tampilkan pesan ini lalu keluar." in root.stdout
    assert "Commands:" not in root.stdout

    adjust = run("stock", "adjust", "--help")
    assert adjust.exit_code == 0, adjust.output
    assert "Tambah (QUANTITY positif) atau kurangi (negatif) stok SKU" in adjust.stdout
    assert "Keterangan yang disimpan bersama penyesuaian." in adjust.stdout
    assert "[wajib]" in adjust.stdout

    english = run("--lang", "en", "--help")
    assert english.exit_code == 0, english.output
    assert "Usage: main [OPTIONS] COMMAND" in english.stdout
    assert "Outlet config file (default: $NTTMART_CONFIG)." in english.stdout
    assert "Stock on hand and adjustments." in english.stdout
    assert "Penggunaan" not in english.stdout

    english_adjust = run("--lang=en", "stock", "adjust", "--help")
    assert "Add (positive QUANTITY) or remove (negative) stock of SKU" in english_adjust.stdout
    assert "Details kept with the adjustment." in english_adjust.stdout
    assert "[required]" in english_adjust.stdout

    # The next invocation without --lang is Indonesian again.
    central = run("central", "outlet", "add", "--help")
    assert "Daftarkan gerai CODE dan cetak tokennya" in central.stdout
    assert "Kabupaten/kota gerai." in central.stdout
    english_central = run("--lang", "en", "central", "outlet", "add", "--help")
    assert "Register outlet CODE and print its token" in english_central.stdout


def test_help_follows_the_configured_language(tmp_path: Path, run: Run) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[outlet]\ncode = "BLU"\nlanguage = "en"\n')
    from_file = run("--config", str(config), "shift", "--help")
    assert "The till's shift: opening float" in from_file.stdout
    from_env_config = run("shift", "--help", env={"NTTMART_CONFIG": str(config)})
    assert "The till's shift: opening float" in from_env_config.stdout
    from_env = run("shift", "--help", env={"NTTMART_OUTLET__LANGUAGE": "en"})
    assert "The till's shift: opening float" in from_env.stdout
    overridden = run("--lang", "id", "--config", str(config), "shift", "--help")
    assert "Shift kasir: modal awal" in overridden.stdout


def test_help_works_with_a_missing_or_broken_config(tmp_path: Path, run: Run) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[outlet\nlanguage = "en"\n')
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00[outlet]")
    wrong_shape = tmp_path / "shape.toml"
    wrong_shape.write_text('outlet = "en"\n')
    for path in (broken, binary, wrong_shape, tmp_path / "missing.toml", tmp_path):
        result = run("--config", str(path), "stock", "adjust", "--help")
        assert result.exit_code == 0, (path, result.output)
        assert "Tambah (QUANTITY positif)" in result.stdout
        via_env = run("--help", env={"NTTMART_CONFIG": str(path)})
        assert via_env.exit_code == 0 and "Perintah:" in via_env.stdout
    # A config the settings refuse still names its language for help.
    refused = tmp_path / "refused.toml"
    refused.write_text('[outlet]\nlanguage = "en"\nmystery = 1\n')
    result = run("--config", str(refused), "stock", "--help")
    assert result.exit_code == 0 and "Stock on hand and adjustments." in result.stdout
    unknown = run("--help", env={"NTTMART_OUTLET__LANGUAGE": "fr"})
    assert unknown.exit_code == 0 and "Perintah:" in unknown.stdout


def test_root_options_stop_at_the_subcommand() -> None:
    assert help_text.root_options(["--config=a.toml", "--lang", "en", "stock", "show"]) == {
        "--config": "a.toml",
        "--lang": "en",
    }
    assert help_text.root_options(["central", "report", "--lang", "en"]) == {}
    assert help_text.root_options(["--lang"]) == {}
    assert help_text.cli_language(["--lang", "en"], environ={}) == "en"
    assert help_text.cli_language([], environ={"NTTMART_OUTLET__LANGUAGE": "en"}) == "en"
    assert help_text.cli_language([], environ={}) == "id"


def test_clean_joins_lines_and_keeps_paragraphs() -> None:
    text = "First line\n    goes on.\n\n    Second paragraph.\n    \f\n    Hidden."
    assert help_text.clean(text) == "First line goes on.\n\nSecond paragraph."
