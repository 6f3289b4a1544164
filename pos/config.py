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
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inventory.barcodes import INSTORE_PREFIXES, VariableMeasureLayout, layouts_overlap
from inventory.errors import ConfigError
from inventory.i18n import LANGUAGES
from pos.config_file import DEFAULT_OUTLET_CODE, DEFAULT_OUTLET_NAME, ENV_PREFIX


class Section(BaseModel):
    """A config section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


class OutletSettings(Section):
    """Who this outlet is."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{2,6}$")] = DEFAULT_OUTLET_CODE
    """Outlet code, 2-6 capital letters; starts every receipt number (``BLU-20261122-0007``)."""
    number: Annotated[int, Field(ge=1, le=999)] = 1
    """Outlet number assigned by the province (1-999); part of in-store barcodes."""
    name: Annotated[str, Field(min_length=1, max_length=80)] = DEFAULT_OUTLET_NAME
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


class ManagerSettings(Section):
    """The store manager's rules: approvals, reorder list, certificate warnings, labels."""

    adjustment_approval_above: Annotated[int, Field(ge=0)] = 250_000
    """Stock adjustments worth more than this many Rupiah (at cost, else price) need an approver."""
    reorder_cover_days: Annotated[int, Field(ge=1, le=365)] = 14
    """The reorder list suggests enough stock to cover this many days of sales."""
    reorder_history_days: Annotated[int, Field(ge=7, le=365)] = 30
    """Days of past sales the reorder list averages over."""
    cert_warning_days: Annotated[int, Field(ge=1, le=730)] = 60
    """Warn about halal/PIRT/BPOM certificates expiring within this many days."""
    label_sheet: Literal["3x8", "5x13"] = "3x8"
    """Default A4 sticker layout for label sheets: 3 columns x 8 rows, or 5 x 13."""


def _integer_or_hex(value: Any) -> Any:
    """USB ids and endpoints are written in hex (``0x0416``); accept that from the environment."""
    if isinstance(value, str) and value.lower().startswith("0x"):
        try:
            return int(value, 16)
        except ValueError:
            return value
    return value


class PrinterSettings(Section):
    """The receipt printer and the cash drawer behind it."""

    driver: Literal["none", "usb", "serial", "network", "file", "dummy", "virtual"] = "none"
    """How the printer is connected; ``none`` keeps receipts in the print queue."""
    profile: str = "TM-T20II"
    """python-escpos printer profile (``TM-T20II`` for 80 mm, ``POS-5890`` for 58 mm)."""
    paper_width: Literal[58, 80] = 80
    """Paper width in mm: 58 (32 characters a line) or 80 (48)."""
    code_page: str = "CP437"
    """Character table selected at the start of every job (``AUTO`` lets python-escpos pick)."""
    drawer_pin: Literal[2, 5] = 2
    """Connector pin the cash drawer's solenoid is wired to."""
    usb_vendor_id: Annotated[int, Field(ge=0, le=0xFFFF)] = 0
    """USB vendor id (``lsusb``: the part before the colon), e.g. 0x0416."""
    usb_product_id: Annotated[int, Field(ge=0, le=0xFFFF)] = 0
    """USB product id (``lsusb``: the part after the colon), e.g. 0x5011."""
    usb_in_endpoint: Annotated[int, Field(ge=0x81, le=0x8F)] = 0x82
    """USB IN endpoint (printer to computer) for status replies."""
    usb_out_endpoint: Annotated[int, Field(ge=0x01, le=0x0F)] = 0x01
    """USB OUT endpoint (computer to printer)."""
    serial_device: str = "/dev/ttyUSB0"
    """Serial port of a serial printer."""
    serial_baudrate: Annotated[int, Field(ge=1200, le=921_600)] = 9600
    """Baud rate of a serial printer."""
    network_host: str = ""
    """Address of a network printer."""
    network_port: Annotated[int, Field(ge=1, le=65_535)] = 9100
    """Raw TCP port of a network printer."""
    file_path: str = "/dev/usb/lp0"
    """Device file (or plain file) the ``file`` driver writes to."""
    virtual_port: Annotated[int, Field(ge=0, le=65_535)] = 0
    """Loopback port of the built-in virtual printer (0: any free port)."""
    virtual_dir: Path = Path("receipts")
    """Folder where the virtual printer writes receipts; relative to the config file."""
    check_status: bool = True
    """Ask the printer for paper and online status before and after each job."""
    status_timeout: Annotated[float, Field(gt=0, le=30)] = 1.0
    """Seconds to wait for a status reply; no reply means unknown, never fine."""
    print_timeout: Annotated[float, Field(gt=0, le=120)] = 10.0
    """Seconds a job may take before it is abandoned and left in the queue."""

    _hex = field_validator(
        "usb_vendor_id", "usb_product_id", "usb_in_endpoint", "usb_out_endpoint", mode="before"
    )(_integer_or_hex)

    @model_validator(mode="after")
    def _usable(self) -> PrinterSettings:
        if self.driver == "none":
            return self
        from hardware.render import AUTO_CODE_PAGE, code_pages, profile_names

        if self.profile not in profile_names():
            raise ValueError(f"profile: unknown printer profile {self.profile!r}")
        pages = code_pages(self.profile)
        if self.code_page.upper() != AUTO_CODE_PAGE and self.code_page.upper() not in pages:
            raise ValueError(
                f"code_page: {self.code_page!r} is not on profile {self.profile} "
                f"(choose one of {', '.join(pages)} or AUTO)"
            )
        if self.driver == "usb" and not (self.usb_vendor_id and self.usb_product_id):
            raise ValueError("the usb driver needs usb_vendor_id and usb_product_id")
        if self.driver == "network" and not self.network_host:
            raise ValueError("the network driver needs network_host")
        return self


class ScannerSettings(Section):
    """The barcode scanner."""

    driver: Literal["keyboard", "serial", "none"] = "keyboard"
    """``keyboard`` (USB HID, types into the app), ``serial`` (RS-232/USB-CDC) or ``none``."""
    min_length: Annotated[int, Field(ge=1, le=64)] = 6
    """Shortest keyboard input taken as a scan."""
    max_key_interval_ms: Annotated[int, Field(ge=1, le=500)] = 40
    """Longest pause between two keys of a keyboard scan, in milliseconds."""
    serial_device: str = "/dev/ttyACM0"
    """Serial port of a serial scanner."""
    serial_baudrate: Annotated[int, Field(ge=1200, le=921_600)] = 9600
    """Baud rate of a serial scanner."""
    suffix: Literal["CR", "LF", "CRLF"] = "CR"
    """What the serial scanner sends after each barcode."""


class DisplaySettings(Section):
    """The customer pole display."""

    driver: Literal["none", "serial"] = "none"
    """``serial`` for a pole display on a serial port, ``none`` without one."""
    protocol: Literal["epson", "cd5220"] = "epson"
    """Command set: Epson ESC/POS display mode or CD5220."""
    serial_device: str = "/dev/ttyUSB1"
    """Serial port of the display."""
    serial_baudrate: Annotated[int, Field(ge=1200, le=921_600)] = 9600
    """Baud rate of the display."""


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


class ReconciliationSettings(Section):
    """Thresholds of the central reconciliation report (``nttmart central reconcile``)."""

    late_after_minutes: Annotated[int, Field(ge=1, le=525_600)] = 1_440
    """An entry received this long after it was written at the outlet counts as late."""
    silent_after_minutes: Annotated[int, Field(ge=1, le=525_600)] = 1_440
    """An outlet not heard from for this long is listed as silent."""


class QrisSettlementSettings(Section):
    """How to read the QRIS provider's settlement file (``nttmart central qris import``)."""

    reference_column: Annotated[str, Field(min_length=1)] = "reference"
    """Column holding the provider's reference of each payment (unique per payment)."""
    amount_column: Annotated[str, Field(min_length=1)] = "amount"
    """Column holding the amount in whole Rupiah (``125000`` or ``125000.00``)."""
    paid_at_column: Annotated[str, Field(min_length=1)] = "paid_at"
    """Column holding when the provider says the payment was made."""
    merchant_id_column: str = ""
    """Column holding the merchant id (NMID); empty when the file has none."""
    date_format: Annotated[str, Field(min_length=2)] = "%Y-%m-%d %H:%M:%S"
    """``strptime`` format of the paid_at column."""
    timezone: str = "Asia/Makassar"
    """Zone of paid_at values without an offset of their own (WIB files: Asia/Jakarta)."""
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] = ","
    """Field separator of the file (one character, e.g. ``;``)."""
    window_minutes: Annotated[int, Field(ge=0, le=1_440)] = 10
    """Most minutes between the till's payment time and the provider's paid_at for a match."""
    merchant_outlets: dict[str, Annotated[str, Field(pattern=r"^[A-Z]{2,6}$")]] = Field(
        default_factory=dict
    )
    """Merchant id -> outlet code: rows of a listed merchant match only that outlet's payments."""


class CentralWebSettings(Section):
    """The web console of the central service (``/admin/``): sessions and login lock-out."""

    session_minutes: Annotated[int, Field(ge=5, le=7 * 24 * 60)] = 480
    """Minutes a console login lasts at most, however active the user is."""
    idle_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 60
    """Minutes without a page view after which a console session ends."""
    max_failures: Annotated[int, Field(ge=1, le=100)] = 5
    """Wrong passwords in a row that lock a console account."""
    lockout_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 15
    """Minutes a locked console account stays locked."""
    client_max_failures: Annotated[int, Field(ge=1, le=10_000)] = 20
    """Failed logins from one address, whatever the usernames, after which it must wait."""
    client_window_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 15
    """The window those failures are counted in (the address waits until the oldest leaves)."""
    secure_cookies: bool = False
    """Mark the console's cookies ``Secure`` (sent over HTTPS only): set it to true behind the
    TLS reverse proxy of production."""
    silent_after_hours: Annotated[int, Field(ge=1, le=24 * 365)] = 24
    """An outlet not heard from for this many hours is flagged silent on the overview."""


class Settings(Section):
    """Everything an outlet machine is configured with."""

    outlet: OutletSettings = Field(default_factory=OutletSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    barcodes: BarcodeSettings = Field(default_factory=BarcodeSettings)
    log: LogSettings = Field(default_factory=LogSettings)
    sale: SaleSettings = Field(default_factory=lambda: SaleSettings())  # noqa: PLW0108 - defined below
    manager: ManagerSettings = Field(default_factory=ManagerSettings)
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    scanner: ScannerSettings = Field(default_factory=ScannerSettings)
    display: DisplaySettings = Field(default_factory=DisplaySettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    central: CentralSettings = Field(default_factory=CentralSettings)
    campaigns: CampaignSettings = Field(default_factory=lambda: CampaignSettings())  # noqa: PLW0108 - defined below
    reconciliation: ReconciliationSettings = Field(default_factory=ReconciliationSettings)
    qris_settlement: QrisSettlementSettings = Field(default_factory=QrisSettlementSettings)
    central_web: CentralWebSettings = Field(default_factory=CentralWebSettings)

    # Folder the relative paths above are resolved against (the config file's folder).
    base_dir: Path = Field(default=Path(), exclude=True)

    @property
    def database_path(self) -> Path:
        """The outlet database file, resolved."""
        return (self.base_dir / self.database.path).resolve()

    @property
    def receipt_columns(self) -> int:
        """Characters per receipt line for the printer's paper: 32 on 58 mm, 48 on 80 mm."""
        return 32 if self.printer.paper_width == 58 else 48

    @property
    def log_path(self) -> Path:
        """The log file, resolved."""
        return (self.base_dir / self.log.path).resolve()

    @property
    def virtual_printer_dir(self) -> Path:
        """The virtual printer's receipt folder, resolved."""
        return (self.base_dir / self.printer.virtual_dir).resolve()


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


class SaleSettings(Section):
    """Rules of the till: discounts, cash rounding, PPN, receipts and QRIS."""

    discount_limit_percent: Annotated[int, Field(ge=0, le=100)] = 10
    """Largest discount (percent of the line or of the sale) a cashier gives without approval."""
    cash_rounding: Annotated[int, Field(ge=1, le=1000)] = 100
    """Cash amounts are rounded to a multiple of this many Rupiah (1 = no rounding)."""
    cash_rounding_mode: Literal["nearest", "down"] = "down"
    """``down`` (in the customer's favour) or ``nearest`` (halves up)."""
    ppn: Literal["none", "inclusive"] = "none"
    """``none`` (non-PKP outlet) or ``inclusive``: prices include PPN 12% on a base of 11/12."""
    npwp: Annotated[str, Field(pattern=r"^[0-9.\-]*$", max_length=24)] = ""
    """Tax number printed on receipts when PPN is charged."""
    receipt_footer: Annotated[str, Field(max_length=400)] = "Terima kasih. Bangga produk NTT!"
    """Text printed at the bottom of every receipt; ``\\n`` starts a new line."""
    qris_static: str = ""
    """The merchant's static QRIS payload (EMVCo merchant-presented); empty disables QRIS."""

    @field_validator("cash_rounding")
    @classmethod
    def _sensible_step(cls, value: int) -> int:
        if value not in (1, 50, 100, 200, 500, 1000):
            raise ValueError("must be one of 1, 50, 100, 200, 500, 1000")
        return value

    @field_validator("qris_static")
    @classmethod
    def _valid_qris(cls, value: str) -> str:
        value = value.strip()
        if value:
            from pos.qris import QrisError, parse

            try:
                parse(value)
            except QrisError as error:
                raise ValueError(str(error)) from None
        return value


# SaleSettings is defined after Settings (sections are appended at the end of this module).


NIP: Literal["nip"] = "nip"


class CampaignDefinition(BaseModel):
    """One campaign a sale can be tagged with at checkout (``[[campaigns.drive]]``)."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{1,19}$")]
    """Short code, 2-20 capitals, digits, ``-`` or ``_`` (what reports select it by)."""
    name: Annotated[str, Field(min_length=1, max_length=40)]
    """Name printed on the receipt and shown at the till."""
    starts: date
    """First business day a sale can be tagged with it."""
    ends: date
    """Last business day (inclusive)."""
    minimum: Annotated[int, Field(ge=0)] = 0
    """Rupiah each buyer must reach (net of refunds) for the campaign report's "met"."""
    buyer_id: Literal["nip", "text"] = NIP
    """``nip``: an 18-digit civil servant's NIP, checked digit by digit; ``text``: any id that
    matches ``buyer_pattern``."""
    buyer_label: Annotated[str, Field(max_length=12)] = ""
    """What the id is called on screen and receipt; empty: ``NIP`` or ``ID``."""
    buyer_pattern: Annotated[str, Field(max_length=200)] = ""
    """For ``text`` ids: a regular expression the whole id must match (empty: 3-40 letters,
    digits, ``.``, ``/`` or ``-``)."""

    @field_validator("buyer_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        if value:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a regular expression: {error}") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CampaignDefinition:
        if self.ends < self.starts:
            raise ValueError(
                f"campaign {self.code}: ends {self.ends} is before starts {self.starts}"
            )
        if self.buyer_pattern and self.buyer_id == NIP:
            raise ValueError(f'campaign {self.code}: buyer_pattern is only for buyer_id = "text"')
        return self

    @property
    def label(self) -> str:
        """``NIP``, ``ID`` or the configured label."""
        return self.buyer_label or ("NIP" if self.buyer_id == NIP else "ID")

    def runs_on(self, day: date) -> bool:
        """Whether a sale of business ``day`` can be tagged with this campaign."""
        return self.starts <= day <= self.ends


class CampaignSettings(Section):
    """Campaigns sales can be tagged with at checkout (defined per outlet in this file)."""

    drive: list[CampaignDefinition] = Field(default_factory=list)
    """One ``[[campaigns.drive]]`` table per campaign; see config.example.toml."""

    @field_validator("drive")
    @classmethod
    def _unique_codes(cls, value: list[CampaignDefinition]) -> list[CampaignDefinition]:
        seen: set[str] = set()
        for campaign in value:
            if campaign.code in seen:
                raise ValueError(f"campaign code {campaign.code} is defined twice")
            seen.add(campaign.code)
        return value


# Sections defined after Settings are resolved once all are defined.
Settings.model_rebuild()
