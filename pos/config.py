"""Outlet configuration: one TOML file loaded into typed settings, with environment overrides.

``--config PATH`` or ``NTTMART_CONFIG`` names the file. Any key can be overridden by an
environment variable ``NTTMART_<SECTION>__<KEY>`` (for example ``NTTMART_OUTLET__LANGUAGE=en``).
Unknown keys and bad values are refused with a :class:`ConfigError` naming the key and where it
came from (the file, or the environment variable). ``config.example.toml`` documents every key.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inventory.barcodes import INSTORE_PREFIXES, VariableMeasureLayout, layouts_overlap
from inventory.errors import ConfigError
from inventory.i18n import LANGUAGES

ENV_PREFIX = "NTTMART_"
CONFIG_ENV = "NTTMART_CONFIG"


class Section(BaseModel):
    """A config section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


class OutletSettings(Section):
    """Who this outlet is."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{2,6}$")] = "DEMO"
    """Outlet code, 2-6 capital letters; starts every receipt number (``BLU-20261122-0007``)."""
    number: Annotated[int, Field(ge=1, le=999)] = 1
    """Outlet number assigned by the province (1-999); part of in-store barcodes."""
    name: Annotated[str, Field(min_length=1, max_length=80)] = "NTT Mart Demo"
    """Name printed on receipts and shown on screen."""
    address: str = ""
    """Address printed under the name on receipts."""
    kabupaten: str = ""
    """Kabupaten/kota of the outlet."""
    language: str = "id"
    """Language of everything cashiers and managers read: ``id`` (default) or ``en``."""
    business_day_cutoff: time = time(4, 0)
    """Local (WITA) time at which one business day ends and the next begins."""

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value


class DatabaseSettings(Section):
    """Where the outlet's data lives."""

    path: Path = Path("outlet.db")
    """SQLite file of the outlet; a relative path is relative to the config file's folder."""


class BarcodeSettings(Section):
    """In-store numbering and scale barcodes."""

    instore_prefix: str = "20"
    """First two digits (20-29) of in-store EAN-13 numbers made for products without one."""
    variable_measure: list[VariableMeasureLayout] = Field(
        default_factory=lambda: [
            VariableMeasureLayout(pattern="28IIIIIWWWWWC"),
            VariableMeasureLayout(pattern="29IIIIIPPPPPC"),
        ]
    )
    """Scale-label layouts; see docs/configuration.md for the pattern letters."""

    @field_validator("instore_prefix")
    @classmethod
    def _restricted_range(cls, value: str) -> str:
        if value not in INSTORE_PREFIXES:
            raise ValueError("must be a two-digit prefix from 20 to 29")
        return value

    @model_validator(mode="after")
    def _no_overlap(self) -> BarcodeSettings:
        clash = layouts_overlap(self.instore_prefix, self.variable_measure)
        if clash:
            raise ValueError(f"barcode prefixes overlap: {clash}")
        return self


class LogSettings(Section):
    """Where tracebacks and diagnostics go (never to the cashier's screen)."""

    path: Path = Path("nttmart.log")
    """Log file; a relative path is relative to the config file's folder."""
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Lowest level written to the log file."""


class SyncSettings(Section):
    """How this outlet's journal reaches the central service, and how catalog changes come back."""

    central_url: str = ""
    """Base URL of the central service (``https://sync.nttmart.example``); empty: sync is off."""
    token: str = ""
    """This outlet's token, printed once by ``nttmart central outlet add``; keep it secret."""
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500
    """Journal entries sent per request (the centre's ``max_batch_entries`` is the ceiling)."""
    push_interval: Annotated[float, Field(gt=0)] = 10.0
    """Seconds between pushes while everything is acknowledged."""
    pull_interval: Annotated[float, Field(gt=0)] = 300.0
    """Seconds between catalog pulls."""
    timeout: Annotated[float, Field(gt=0)] = 30.0
    """Seconds to wait for the centre to answer one request."""
    backoff_initial: Annotated[float, Field(gt=0)] = 1.0
    """Seconds to wait after the first failure; doubles with every further failure."""
    backoff_max: Annotated[float, Field(gt=0)] = 300.0
    """Longest wait between two tries after failures."""
    compress: bool = True
    """Send batches gzip-compressed (much less data on a slow mobile link)."""


class CentralSettings(Section):
    """The central sync service of the province (``nttmart central ...``)."""

    database_url: str = "sqlite:///central.db"
    """SQLAlchemy URL of the central database: ``postgresql+psycopg://user@host/db`` in
    production; a ``sqlite:///FILE`` URL (relative to this file's folder) for a one-machine demo."""
    host: str = "127.0.0.1"
    """Address ``nttmart central serve`` listens on (put a TLS reverse proxy in front)."""
    port: Annotated[int, Field(ge=1, le=65_535)] = 8400
    """Port ``nttmart central serve`` listens on."""
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    """Server processes; they share nothing but the database."""
    max_batch_entries: Annotated[int, Field(ge=1, le=100_000)] = 2_000
    """Most journal entries accepted in one request (more: HTTP 413)."""
    max_batch_bytes: Annotated[int, Field(ge=1_024)] = 16 * 1024 * 1024
    """Most bytes of one request body, after gzip decompression (more: HTTP 413)."""
    catalog_page: Annotated[int, Field(ge=1, le=100_000)] = 1_000
    """Most catalog changes returned by one ``GET /v1/catalog``."""

    def resolved_url(self, base_dir: Path) -> str:
        """The database URL with a relative SQLite file resolved against ``base_dir``."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            path = Path(self.database_url.removeprefix(prefix))
            if str(path) and not path.is_absolute():
                return f"{prefix}{(base_dir / path).resolve()}"
        return self.database_url


class Settings(Section):
    """Everything an outlet machine is configured with."""

    outlet: OutletSettings = Field(default_factory=OutletSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    barcodes: BarcodeSettings = Field(default_factory=BarcodeSettings)
    log: LogSettings = Field(default_factory=LogSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    central: CentralSettings = Field(default_factory=CentralSettings)

    # Folder the relative paths above are resolved against (the config file's folder).
    base_dir: Path = Field(default=Path(), exclude=True)

    @property
    def database_path(self) -> Path:
        """The outlet database file, resolved."""
        return (self.base_dir / self.database.path).resolve()

    @property
    def log_path(self) -> Path:
        """The log file, resolved."""
        return (self.base_dir / self.log.path).resolve()


_ENV_NAME = re.compile(rf"^{ENV_PREFIX}(?P<section>[A-Z0-9_]+?)__(?P<key>[A-Z0-9_]+)$")


def _env_overrides(environ: Mapping[str, str]) -> dict[tuple[str, str], tuple[str, Any]]:
    """``{(section, key): (variable name, value)}`` for every ``NTTMART_<SECTION>__<KEY>``."""
    found: dict[tuple[str, str], tuple[str, Any]] = {}
    for name, raw in environ.items():
        match = _ENV_NAME.match(name)
        if not match:
            continue
        value: Any = raw
        if raw[:1] in "[{":
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                value = raw
        found[(match["section"].lower(), match["key"].lower())] = (name, value)
    return found


def _describe(error: Mapping[str, Any]) -> str:
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _key_name(loc: tuple[Any, ...]) -> str:
    if len(loc) >= 2:
        rest = ".".join(str(part) for part in loc[1:])
        return f"[{loc[0]}] {rest}"
    return f"[{loc[0]}]" if loc else "(top level)"


def load_settings(path: Path | None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file at ``path`` (or defaults when ``None``) and apply env overrides.

    Raises :class:`ConfigError` (exit code 2) naming the file and every bad or unknown key.
    """
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    source = str(path) if path is not None else "(built-in defaults)"
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError("config.missing", file=source) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError("config.syntax", file=source, detail=str(error)) from None
    overrides = _env_overrides(environ)
    for (section, key), (_, value) in overrides.items():
        table = data.setdefault(section, {})
        if not isinstance(table, dict):
            continue
        table[key] = value
    base_dir = Path(path).resolve().parent if path is not None else Path.cwd()
    try:
        return Settings.model_validate({**data, "base_dir": base_dir})
    except ValidationError as invalid:
        problems = []
        for problem in invalid.errors():
            loc = tuple(problem["loc"])
            where = source
            if len(loc) >= 2 and (str(loc[0]), str(loc[1])) in overrides:
                where = f"environment variable {overrides[(str(loc[0]), str(loc[1]))][0]}"
            if problem["type"] == "extra_forbidden":
                problems.append(f"{where}: {_key_name(loc)}: unknown key")
            else:
                problems.append(f"{where}: {_key_name(loc)}: {_describe(problem)}")
        raise ConfigError("config.invalid", file=source, problems="\n  ".join(problems)) from None


def config_path_from(option: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The config file named by ``--config`` or, failing that, ``NTTMART_CONFIG``."""
    environ = os.environ if environ is None else environ
    chosen = option or environ.get(CONFIG_ENV)
    return Path(chosen) if chosen else None


def render_config(settings: Settings) -> str:
    """A TOML config file for ``settings`` as ``nttmart init`` writes it."""
    outlet = settings.outlet
    lines = [
        "# NTT Mart POS outlet configuration. Every key is explained in config.example.toml.",
        "",
        "[outlet]",
        f"code = {json.dumps(outlet.code)}",
        f"number = {outlet.number}",
        f"name = {json.dumps(outlet.name, ensure_ascii=False)}",
        f"address = {json.dumps(outlet.address, ensure_ascii=False)}",
        f"kabupaten = {json.dumps(outlet.kabupaten, ensure_ascii=False)}",
        f"language = {json.dumps(outlet.language)}",
        f'business_day_cutoff = "{outlet.business_day_cutoff.strftime("%H:%M")}"',
        "",
        "[database]",
        f"path = {json.dumps(settings.database.path.as_posix())}",
        "",
        "[log]",
        f"path = {json.dumps(settings.log.path.as_posix())}",
        f"level = {json.dumps(settings.log.level)}",
        "",
    ]
    return "\n".join(lines)
