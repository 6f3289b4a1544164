"""One translation mechanism: both languages complete, and every key used in code exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inventory.errors import NotFoundError
from inventory.i18n import catalog, language, placeholders, t

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
