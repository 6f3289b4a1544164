"""The one translation mechanism: message keys looked up in per-language TOML catalogs.

Indonesian (``id``) is the default language; English (``en``) is selectable. Every string a
cashier, manager or admin reads goes through :func:`t`. Each language is a folder of TOML files,
``<package>/locales/<language>/*.toml`` for every package in :data:`PACKAGES`; their nested tables'
dotted paths are the message keys, and one key may be defined in one file only.

Parsing a language's TOML files takes about 20 ms, a tenth of what the till may spend before its
login screen shows, so the parsed catalog is kept as JSON in the user's cache folder
(``$XDG_CACHE_HOME/nttmart``, else ``~/.cache/nttmart``) with the size and modification time of
every file it came from; it is used only while all of them still match, and rebuilt otherwise.
A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import json
import os
import string
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
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
    sources = _sources(language)
    signature = _signature(sources)
    cached = _read_cache(language, signature)
    if cached is not None:
        return cached
    messages: dict[str, str] = {}
    origin: dict[str, str] = {}
    for source, entry in sources:
        for key, message in _flatten(tomllib.loads(entry.read_text("utf-8"))):
            if key in messages:
                raise ValueError(f"message {key!r} is defined in {origin[key]} and {source}")
            messages[key] = message
            origin[key] = source
    _write_cache(language, signature, messages)
    return messages


def _sources(language: str) -> list[tuple[str, Traversable]]:
    """Every TOML file of ``language``, as ``(package/locales/language/name, file)``."""
    found = []
    for package in PACKAGES:
        folder = resources.files(package).joinpath("locales", language)
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.name.endswith(".toml"):
                found.append((f"{package}/locales/{language}/{entry.name}", entry))
    return found


_Signature = list[list[str | int]]


def _signature(sources: list[tuple[str, Traversable]]) -> _Signature | None:
    """Where, how big and how recent every source file is; ``None`` if one is not a file."""
    found: _Signature = []
    for source, entry in sources:
        if not isinstance(entry, Path):  # inside a zip: read it every time
            return None
        status = entry.stat()
        found.append([source, str(entry), status.st_size, status.st_mtime_ns])
    return found


def cache_file(language: str) -> Path:
    """Where the parsed catalog of ``language`` is kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nttmart" / f"messages-{language}.json"


def _read_cache(language: str, signature: _Signature | None) -> dict[str, str] | None:
    if signature is None:
        return None
    try:
        stored = json.loads(cache_file(language).read_bytes())
    except (OSError, ValueError):
        return None
    if not (isinstance(stored, dict) and stored.get("sources") == signature):
        return None
    messages = stored.get("messages")
    return messages if isinstance(messages, dict) else None


def _write_cache(language: str, signature: _Signature | None, messages: dict[str, str]) -> None:
    if signature is None:
        return
    target = cache_file(language)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: another process never reads half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary:
            temporary.write(
                json.dumps({"sources": signature, "messages": messages}).encode("utf-8")
            )
        os.replace(temporary.name, target)
    except OSError:
        return


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
