"""Click's own usage errors in the CLI's language: Indonesian by default, English on request."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from inventory.i18n import catalog
from pos.cli import click_text
from tests.pos.cli.conftest import Run


def test_usage_errors_are_indonesian_by_default(run: Run) -> None:
    missing = run("stock", "adjust")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines() == [
        "Penggunaan: main stock adjust [OPSI] SKU QUANTITY",
        "Ketik 'main stock adjust --help' untuk bantuan.",
        "",
        "Galat: Argumen wajib belum diisi: 'SKU'.",
    ]
    unknown = run("stock", "show", "--jsn")
    assert unknown.exit_code == 2
    assert "Galat: Opsi '--jsn' tidak dikenal. Mungkin maksud Anda '--json'?" in unknown.stderr
    choice = run("staff", "add", "ani", "--name", "Ani", "--role", "boss")
    assert choice.exit_code == 2
    assert (
        "Galat: Nilai '--role' tidak valid: 'boss' bukan salah satu dari "
        "'cashier', 'manager', 'admin'." in choice.stderr
    )
    number = run("stock", "adjust", "KOPI-250", "lima", "--reason", "found")
    assert number.exit_code == 2
    assert "Galat: Nilai 'QUANTITY' tidak valid: 'lima' bukan angka yang valid" in number.stderr
    command = run("stok")
    assert command.exit_code == 2
    assert "Penggunaan: main [OPSI] PERINTAH [ARGUMEN]..." in command.stderr
    assert "Galat: Perintah 'stok' tidak dikenal. Mungkin maksud Anda 'stock'?" in command.stderr
    for result in (missing, unknown, choice, number, command):
        assert "Error" not in result.stderr and "Usage" not in result.stderr


def test_usage_errors_are_english_with_lang_en(run: Run) -> None:
    missing = run("--lang", "en", "stock", "adjust")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines() == [
        "Usage: main stock adjust [OPTIONS] SKU QUANTITY",
        "Try 'main stock adjust --help' for help.",
        "",
        "Error: Missing argument 'SKU'.",
    ]
    unknown = run("--lang", "en", "stock", "show", "--x")
    assert unknown.exit_code == 2
    assert "Error: No such option '--x'." in unknown.stderr
    choice = run("--lang=en", "staff", "add", "ani", "--name", "Ani", "--role", "boss")
    assert choice.exit_code == 2
    assert (
        "Error: Invalid value for '--role': 'boss' is not one of "
        "'cashier', 'manager', 'admin'." in choice.stderr
    )
    from_env = run("stock", "adjust", env={"NTTMART_OUTLET__LANGUAGE": "en"})
    assert from_env.exit_code == 2 and "Error: Missing argument 'SKU'." in from_env.stderr
    # A bad --lang itself is reported in the default language.
    bad_lang = run("--lang", "fr", "stock", "show")
    assert bad_lang.exit_code == 2
    assert "Galat: Nilai '--lang' tidak valid: 'fr' bukan salah satu dari 'id', 'en'." in (
        bad_lang.stderr
    )
    # The next invocation without --lang is Indonesian again.
    again = run("stock", "show", "--x")
    assert "Galat: Opsi '--x' tidak dikenal." in again.stderr


def test_path_errors_and_metavars_use_the_catalog(tmp_path: Path, run: Run) -> None:
    missing = tmp_path / "none.csv"
    indonesian = run("catalog", "import", str(missing))
    assert indonesian.exit_code == 2
    assert f"Galat: Nilai 'FILE' tidak valid: Berkas '{missing}' tidak ditemukan." in (
        indonesian.stderr
    )
    english = run("--lang", "en", "catalog", "import", str(missing))
    assert f"Error: Invalid value for 'FILE': File '{missing}' does not exist." in english.stderr

    search = run("catalog", "search", "--help")
    assert "--limit ANGKA" in search.stdout and "[OPSI] TEXT..." in search.stdout
    assert "INTEGER" not in search.stdout and "[OPTIONS]" not in search.stdout
    english_search = run("--lang", "en", "catalog", "search", "--help")
    assert "--limit INTEGER" in english_search.stdout
    assert "Usage: main catalog search [OPTIONS] TEXT..." in english_search.stdout
    assert "--config BERKAS" in run("--help").stdout
    assert "--config FILE" in run("--lang", "en", "--help").stdout


def _click_strings() -> set[str]:
    """Every string constant of the click modules whose messages are translated."""
    found: set[str] = set()
    for module in click_text.MODULES:
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_translated_message_is_clicks_own_text() -> None:
    # A click upgrade that rewords a message would silently print it in English again.
    strings = _click_strings()
    assert sorted(set(click_text.MESSAGES) - strings) == []
    assert sorted(set(click_text.PLURALS) - strings) == []
    indonesian, english = catalog("id"), catalog("en")
    for text, key in click_text.MESSAGES.items():
        assert english[f"{click_text.PREFIX}.{key}"] == text
        assert indonesian[f"{click_text.PREFIX}.{key}"] != text, key
    for text, key in click_text.PLURALS.items():
        assert english[f"{click_text.PREFIX}.{key}.one"] == text
        assert f"{click_text.PREFIX}.{key}.other" in indonesian
    in_catalog = {key.split(".")[1] for key in english if key.startswith("cli_click.")}
    assert in_catalog == set(click_text.MESSAGES.values()) | set(click_text.PLURALS.values())


def test_click_prompts_follow_the_language(cfg: list[str], run: Run) -> None:
    # The PIN is asked twice; a mismatch is reported and asked again.
    added = run(*cfg, "staff", "add", "ani", "--name", "Ani", input="2580\n2581\n2580\n2580\n")
    assert added.exit_code == 0, added.output
    assert "Ulangi untuk konfirmasi" in added.output
    assert "Galat: kedua isian tidak sama." in added.output
    english = run(
        "--lang", "en", *cfg, "staff", "add", "budi", "--name", "Budi", input="1357\n1358\n"
    )
    assert english.exit_code == 1
    assert "Repeat for confirmation" in english.output
    assert "Error: The two entered values do not match." in english.output
    assert "Aborted!" in english.stderr  # input ran out before a second try
    stopped = run(*cfg, "staff", "add", "cici", "--name", "Cici", input="1357\n1358\n")
    assert stopped.exit_code == 1
    assert "Dibatalkan." in stopped.stderr and "Aborted" not in stopped.stderr


def test_version_is_told_in_the_language_of_the_moment(run: Run) -> None:
    assert run("--version").stdout.startswith("nttmart, versi 0.")
    assert run("--lang", "en", "--version").stdout.startswith("nttmart, version 0.")


def test_a_shared_number_type_is_named_in_the_language_of_the_moment(run: Run) -> None:
    # --seed is a plain int (click.INT, shared by every such option); --sales an IntRange.
    seed = run("simulate", "--sales", "1", "--seed", "x")
    assert seed.exit_code == 2
    assert "'x' bukan angka yang valid." in seed.stderr
    english = run("--lang", "en", "simulate", "--sales", "1", "--seed", "x")
    assert "'x' is not a valid integer." in english.stderr
