"""The one translation mechanism: message keys looked up in per-language TOML catalogs.

Indonesian (``id``) is the default language; English (``en``) is selectable. Every string a
cashier, manager or admin reads goes through :func:`t`. Each language is a folder of TOML files,
``<package>/locales/<language>/*.toml`` for every package in :data:`PACKAGES`; their nested tables'
dotted paths are the message keys, and one key may be defined in one file only.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("id", "en")
# Packages that ship messages (``hardware`` imports nothing of the project: it reports states and
# error codes that the cashier app translates).
PACKAGES: tuple[str, ...] = ("inventory", "pos", "sync")
DEFAULT_LANGUAGE = "id"

# A process-wide setting rather than a context variable: Textual workers run in threads that
# would not inherit a context variable set at start-up.
_language = DEFAULT_LANGUAGE


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{path}.")
        else:
            yield path, str(value)


@cache
def catalog(language: str) -> dict[str, str]:
    """All messages of one language, keyed by their dotted key."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    messages: dict[str, str] = {}
    origin: dict[str, str] = {}
    for package in PACKAGES:
        folder = resources.files(package).joinpath("locales", language)
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if not entry.name.endswith(".toml"):
                continue
            source = f"{package}/locales/{language}/{entry.name}"
            for key, message in _flatten(tomllib.loads(entry.read_text("utf-8"))):
                if key in messages:
                    raise ValueError(f"message {key!r} is defined in {origin[key]} and {source}")
                messages[key] = message
                origin[key] = source
    return messages


def placeholders(message: str) -> set[str]:
    """The named ``{placeholders}`` of one message."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def set_language(language: str) -> None:
    """Choose the language of every message from now on."""
    global _language  # noqa: PLW0603 - one setting for the whole process, see above
    catalog(language)  # validates the name
    _language = language


def get_language() -> str:
    """The language messages are rendered in."""
    return _language


@contextmanager
def language(code: str) -> Iterator[None]:
    """Render messages in ``code`` inside the block, then restore the previous language."""
    previous = _language
    set_language(code)
    try:
        yield
    finally:
        set_language(previous)


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, with ``params`` filled in.

    A key missing from the current language falls back to English, then to the key itself, so a
    missing translation is visible but never crashes a checkout.
    """
    message = catalog(_language).get(key) or catalog("en").get(key)
    if message is None:
        return key
    try:
        return message.format(**params)
    except (KeyError, IndexError, ValueError):
        return message
