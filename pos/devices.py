"""The outlet's devices built from its settings: printer, print queue, scanner, customer display.

This is where ``[printer]``, ``[scanner]`` and ``[display]`` become :mod:`hardware` objects, where
printer error codes become sentences (and, for diagnostics, hints a person can follow), and where
the customer display gets its words and Rupiah amounts.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable

from hardware.display import DisplayProtocol, PoleDisplay, open_serial_display
from hardware.document import Align, Barcode, Columns, Feed, PrintDocument, QRCode, Rule, Text
from hardware.printer import (
    Driver,
    PrinterConfig,
    PrintError,
    PrintErrorCode,
    ReceiptPrinter,
    open_printer,
    usb_endpoints,
)
from hardware.serial_scanner import ScannerState, SerialScanner
from hardware.wedge import WedgeDetector
from inventory.clock import Clock, format_wita
from inventory.i18n import t
from inventory.money import format_rupiah
from pos.config import Settings
from pos.context import OutletContext
from pos.print_queue import PrintQueue


def printer_config(settings: Settings) -> PrinterConfig | None:
    """The driver configuration of ``[printer]``, or ``None`` when no printer is configured."""
    p = settings.printer
    if p.driver == "none":
        return None
    return PrinterConfig(
        driver=Driver(p.driver),
        profile=p.profile,
        paper_width=p.paper_width,
        code_page=p.code_page,
        drawer_pin=p.drawer_pin,
        usb_vendor_id=p.usb_vendor_id,
        usb_product_id=p.usb_product_id,
        usb_in_endpoint=p.usb_in_endpoint,
        usb_out_endpoint=p.usb_out_endpoint,
        serial_device=p.serial_device,
        serial_baudrate=p.serial_baudrate,
        network_host=p.network_host,
        network_port=p.network_port,
        file_path=p.file_path,
        virtual_port=p.virtual_port,
        virtual_dir=settings.virtual_printer_dir,
        check_status=p.check_status,
        status_timeout=p.status_timeout,
    )


ESCPOS_CACHE_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def keep_escpos_cache(settings: Settings) -> None:
    """Give python-escpos one folder for the pickle of its printer database, beside the outlet
    database (``cache/escpos``), unless the environment names one already.

    Without it, every process that prints parses the database again (about a quarter of a
    second) into a new temporary folder, which is left behind.
    """
    if ESCPOS_CACHE_ENV in os.environ:
        return
    folder = settings.database_path.parent / "cache" / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # python-escpos falls back to a temporary folder
    os.environ[ESCPOS_CACHE_ENV] = str(folder)


def build_printer(settings: Settings) -> ReceiptPrinter | None:
    """The configured receipt printer (nothing is opened before the first job), or ``None``."""
    config = printer_config(settings)
    if config is None:
        return None
    keep_escpos_cache(settings)
    return open_printer(config)


def build_print_queue(context: OutletContext, printer: ReceiptPrinter | None) -> PrintQueue:
    """The outlet's print queue on ``printer`` with the configured time limit."""
    return PrintQueue(
        context.store,
        printer,
        clock=context.clock,
        timeout=context.settings.printer.print_timeout,
    )


def build_wedge_detector(settings: Settings) -> WedgeDetector:
    """The keyboard-scanner detector with the configured thresholds."""
    scanner = settings.scanner
    return WedgeDetector(
        max_interval=scanner.max_key_interval_ms / 1000, min_length=scanner.min_length
    )


def build_serial_scanner(
    settings: Settings,
    on_barcode: Callable[[str], None],
    on_state: Callable[[ScannerState, str | None], None] | None = None,
) -> SerialScanner | None:
    """The serial scanner reader (not started), or ``None`` unless the scanner is serial."""
    scanner = settings.scanner
    if scanner.driver != "serial":
        return None
    return SerialScanner(
        scanner.serial_device,
        on_barcode,
        baudrate=scanner.serial_baudrate,
        suffix=scanner.suffix,
        on_state=on_state,
    )


class CustomerDisplay:
    """What the customer sees on the pole display while the cashier works."""

    def __init__(self, display: PoleDisplay, outlet_name: str) -> None:
        self.display = display
        self.outlet_name = outlet_name

    def welcome(self) -> None:
        """The outlet's name and a greeting, between sales."""
        self.display.show(self.outlet_name.center(20), t("customer_display.welcome").center(20))

    def item(self, name: str, price: int) -> None:
        """The item just scanned and its price."""
        self.display.show_pair((name, ""), ("", format_rupiah(price)))

    def total(self, amount: int) -> None:
        """The amount to pay."""
        self.display.show_pair((t("customer_display.total"), ""), ("", format_rupiah(amount)))

    def paid(self, paid: int, change: int) -> None:
        """What the customer paid and the change."""
        self.display.show_pair(
            (t("customer_display.paid"), format_rupiah(paid)),
            (t("customer_display.change"), format_rupiah(change)),
        )

    def close(self) -> None:
        """Release the display's port."""
        self.display.close()


def open_customer_display(settings: Settings) -> CustomerDisplay | None:
    """The configured pole display, opened, or ``None`` without one.

    Raises ``serial.SerialException`` when the port cannot be opened.
    """
    display = settings.display
    if display.driver != "serial":
        return None
    pole = open_serial_display(
        display.serial_device,
        baudrate=display.serial_baudrate,
        protocol=DisplayProtocol(display.protocol),
    )
    return CustomerDisplay(pole, settings.outlet.name)


def build_test_page(settings: Settings, clock: Clock) -> PrintDocument:
    """A page that exercises everything the printer is asked to do, with the settings printed."""
    p = settings.printer
    return PrintDocument(
        title=t("hardware.test_page.title"),
        ops=(
            Text(text=settings.outlet.name, align=Align.CENTER, bold=True, double=True),
            Text(text=t("hardware.test_page.title"), align=Align.CENTER, bold=True),
            Text(text=format_wita(clock.now(), seconds=True), align=Align.CENTER),
            Rule(),
            Columns(left=t("hardware.test_page.driver"), right=p.driver),
            Columns(left=t("hardware.test_page.profile"), right=p.profile),
            Columns(left=t("hardware.test_page.paper"), right=f"{p.paper_width} mm"),
            Columns(left=t("hardware.test_page.code_page"), right=p.code_page),
            Rule(),
            Text(text="".join(str(i % 10) for i in range(1, 49 if p.paper_width == 80 else 33))),
            Text(text=t("hardware.test_page.bold"), bold=True),
            Text(text=t("hardware.test_page.double"), double=True),
            Text(text=t("hardware.test_page.right"), align=Align.RIGHT),
            Columns(left="Kopi Arabika Flores Bajawa 250g", right=format_rupiah(65_000)),
            Barcode(data="8991234567891", symbology="EAN13"),
            Barcode(data="NTT-TEST-0001"),
            QRCode(data="https://nttmart.example/test"),
            Text(text=t("hardware.test_page.end"), align=Align.CENTER),
            Feed(lines=1),
        ),
    )


def failure_hint(error: PrintError, settings: Settings) -> str | None:
    """A concrete next step for the failures people hit most, or ``None``."""
    p = settings.printer
    code = error.code
    device = str(error.info.get("device", ""))
    if code is PrintErrorCode.ACCESS_DENIED and p.driver == "usb":
        rule = (
            f'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{p.usb_vendor_id:04x}", '
            f'ATTRS{{idProduct}}=="{p.usb_product_id:04x}", MODE="0660", GROUP="lp"'
        )
        return t("hardware.hint.usb_access", rule=rule, user=_user())
    if code is PrintErrorCode.ACCESS_DENIED:
        return t("hardware.hint.device_access", device=device, user=_user())
    if code is PrintErrorCode.BUSY:
        return t("hardware.hint.busy", device=device)
    if code is PrintErrorCode.WRONG_ENDPOINT:
        found = usb_endpoints(p.usb_vendor_id, p.usb_product_id)
        listing = ", ".join(found) if found else t("hardware.hint.none_seen")
        return t(
            "hardware.hint.endpoints",
            endpoints=listing,
            configured=f"{p.usb_in_endpoint:#04x}/{p.usb_out_endpoint:#04x}",
        )
    if code is PrintErrorCode.NOT_FOUND and p.driver == "serial":
        return t("hardware.hint.no_serial", device=device, ports=serial_port_names())
    if code is PrintErrorCode.NOT_FOUND and p.driver == "usb":
        return t("hardware.hint.no_usb", device=device)
    if code is PrintErrorCode.NOT_FOUND:
        return t("hardware.hint.no_file", device=device)
    if code is PrintErrorCode.NO_USB_BACKEND:
        return t("hardware.hint.libusb")
    if code is PrintErrorCode.UNREACHABLE:
        return t("hardware.hint.unreachable", device=device)
    if code is PrintErrorCode.NO_REPLY:
        return t("hardware.hint.no_reply")
    return None


def serial_port_names() -> str:
    """The serial ports the system lists, comma separated (or a word for none)."""
    from serial.tools import list_ports

    names = [port.device for port in list_ports.comports()]
    return ", ".join(names) if names else t("hardware.hint.none_seen")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "$USER"
