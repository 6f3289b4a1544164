"""One translation mechanism: both languages complete, and every key used in code exists."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from inventory.errors import NotFoundError
from inventory.i18n import cache_file, catalog, language, placeholders, t

ROOT = Path(__file__).resolve().parent.parent
# A message key as the first string argument of t(...) or of an error class.
KEY_USE = re.compile(
    r"""\b(?:t|[A-Z][A-Za-z]*Error)\(\s*"([a-z_]+(?:\.[a-z0-9_]+)+)\"""", re.MULTILINE
)


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = catalog("id"), catalog("en")
    assert sorted(indonesian) == sorted(english)
    for key in indonesian:
        assert placeholders(indonesian[key]) == placeholders(english[key]), key


def test_every_key_used_in_code_exists() -> None:
    used: set[str] = set()
    for package in ("pos", "inventory", "sync", "hardware"):
        for path in (ROOT / package).rglob("*.py"):
            used.update(KEY_USE.findall(path.read_text("utf-8")))
    assert used, "the key scanner found nothing"
    missing = sorted(key for key in used if key not in catalog("id"))
    assert missing == []


def test_errors_render_in_the_chosen_language() -> None:
    error = NotFoundError("catalog.unknown_barcode", code="8991234567891")
    assert str(error) == "Barcode 8991234567891 tidak dikenal."
    with language("en"):
        assert str(error) == "Unknown barcode 8991234567891."


def test_unknown_key_is_shown_not_crashed() -> None:
    assert t("no.such.key") == "no.such.key"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        catalog("fr")


@pytest.fixture
def fresh_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and catalogs read again from it (and forgotten afterwards)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    catalog.cache_clear()
    yield tmp_path
    catalog.cache_clear()


def test_parsed_catalog_is_cached_and_used_while_its_files_are_unchanged(
    fresh_catalogs: Path,
) -> None:
    parsed = dict(catalog("id"))
    cached = cache_file("id")
    assert cached.parent == fresh_catalogs / "nttmart" and cached.exists()
    stored = json.loads(cached.read_bytes())
    assert stored["messages"] == parsed
    assert any(source == "pos/locales/id/tui.toml" for source, *_ in stored["sources"])

    # A catalog read from the cache is the cached one: change a message there and see it.
    stored["messages"]["tui.login.title"] = "Dari cache"
    cached.write_text(json.dumps(stored), encoding="utf-8")
    catalog.cache_clear()
    assert catalog("id")["tui.login.title"] == "Dari cache"


def test_cache_of_changed_files_or_unreadable_is_ignored_and_rebuilt(fresh_catalogs: Path) -> None:
    parsed = dict(catalog("id"))
    cached = cache_file("id")
    stored = json.loads(cached.read_bytes())
    signature = json.loads(cached.read_bytes())["sources"]
    stored["sources"][0][2] += 1  # as if that file's size had changed since
    stored["messages"]["tui.login.title"] = "Basi"
    cached.write_text(json.dumps(stored), encoding="utf-8")
    catalog.cache_clear()
    assert catalog("id") == parsed
    assert json.loads(cached.read_bytes())["sources"] == signature  # rebuilt

    cached.write_bytes(b"\x00not a catalog")
    catalog.cache_clear()
    assert catalog("id") == parsed


def test_catalog_without_a_writable_cache_folder_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    catalog.cache_clear()
    try:
        assert catalog("en")["tui.login.title"] == "Cashier login"
    finally:
        catalog.cache_clear()
