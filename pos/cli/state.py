"""Per-invocation state of the CLI: the config named on the command line, loaded on demand."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from inventory.errors import ConfigError
from inventory.i18n import set_language
from pos.config_file import config_path_from

if TYPE_CHECKING:
    # Imported when first used: the settings' validation and the database layer take half a
    # second to load, which ``--help`` and the till's login screen do not wait for.
    from pos.config import Settings
    from pos.context import OutletContext


@dataclass
class CliState:
    """What every subcommand can ask for: settings and the opened outlet."""

    config_option: str | None
    lang: str | None
    _settings: Settings | None = field(default=None, init=False)
    _outlet: OutletContext | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.lang:
            set_language(self.lang)

    def settings(self) -> Settings:
        """The outlet settings; a missing config is a :class:`ConfigError` (exit code 2)."""
        if self._settings is None:
            path = config_path_from(self.config_option)
            if path is None:
                raise ConfigError("config.none")
            from pos.config import load_settings

            settings = load_settings(path)
            if self.lang:
                settings.outlet.language = self.lang
            set_language(settings.outlet.language)
            _log_to(settings.log_path, settings.log.level)
            self._settings = settings
        return self._settings

    def use_settings(self, settings: Settings) -> None:
        """Use ``settings`` instead of a config file (the demo does)."""
        if self.lang:
            settings.outlet.language = self.lang
        set_language(settings.outlet.language)
        _log_to(settings.log_path, settings.log.level)
        self._settings = settings

    def outlet(self, *, create: bool = False) -> OutletContext:
        """The opened outlet (database migrated, language set)."""
        if self._outlet is None:
            from pos.context import open_outlet

            self._outlet = open_outlet(self.settings(), create=create)
        return self._outlet

    def log_path(self) -> Path | None:
        """The log file, once settings are known."""
        return None if self._settings is None else self._settings.log_path

    def close(self) -> None:
        """Release the database at the end of the command."""
        if self._outlet is not None:
            self._outlet.close()
            self._outlet = None


def _log_to(path: Path, level: str) -> None:
    root = logging.getLogger()
    if any(getattr(h, "nttmart", False) for h in root.handlers):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return
    handler.nttmart = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


def echo_json(data: Any) -> None:
    """Print ``data`` as JSON (UTF-8, indented) for scripts."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


pass_state = click.make_pass_decorator(CliState)
