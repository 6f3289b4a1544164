"""Which config file a command uses, and the few keys that are read before it is validated.

The full settings (:mod:`pos.config`) are validated with pydantic, which takes a sixth of a
second to import. The command line's language and the till's login screen (the outlet's name
in the header) are needed sooner than that, so they are read here from the TOML text alone,
environment overrides included; anything missing or unreadable falls back to the settings'
defaults, and the validation that follows reports it properly.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_PREFIX = "NTTMART_"
CONFIG_ENV = "NTTMART_CONFIG"
DEFAULT_OUTLET_CODE = "DEMO"
DEFAULT_OUTLET_NAME = "NTT Mart Demo"


def config_path_from(option: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The config file named by ``--config`` or, failing that, ``NTTMART_CONFIG``."""
    environ = os.environ if environ is None else environ
    chosen = option or environ.get(CONFIG_ENV)
    return Path(chosen) if chosen else None


def override_name(section: str, key: str) -> str:
    """The environment variable that overrides ``[section] key`` (``NTTMART_OUTLET__NAME``)."""
    return f"{ENV_PREFIX}{section.upper()}__{key.upper()}"


@dataclass(frozen=True, slots=True)
class OutletLabel:
    """How the outlet is named on screen before its settings are validated."""

    code: str = DEFAULT_OUTLET_CODE
    name: str = DEFAULT_OUTLET_NAME
    language: str | None = None
    """``[outlet] language`` as written (not checked), or ``None`` if not set."""


def peek_outlet(path: Path | None, environ: Mapping[str, str] | None = None) -> OutletLabel:
    """``[outlet]`` code, name and language of the config at ``path``, never failing."""
    environ = os.environ if environ is None else environ
    outlet: Mapping[str, object] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        section = data.get("outlet")
        if isinstance(section, dict):
            outlet = section

    def text(key: str) -> str | None:
        value = environ.get(override_name("outlet", key), outlet.get(key))
        return value if isinstance(value, str) and value else None

    return OutletLabel(
        code=text("code") or DEFAULT_OUTLET_CODE,
        name=text("name") or DEFAULT_OUTLET_NAME,
        language=text("language"),
    )
