"""Devices from settings: the printer sections validated, the customer display's words."""

from __future__ import annotations

import os
import pty
import select
import tty
from pathlib import Path

import pytest

from hardware.printer import Driver
from inventory.errors import ConfigError
from pos.config import Settings, load_settings
from pos.devices import (
    ESCPOS_CACHE_ENV,
    build_print_queue,
    build_printer,
    build_serial_scanner,
    build_wedge_detector,
    keep_escpos_cache,
    open_customer_display,
    printer_config,
)


def settings_from(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text('[outlet]\ncode = "BLU"\nname = "NTT Mart Atambua"\n' + text, "utf-8")
    return load_settings(path, environ=environ or {})


def test_printer_section_becomes_a_driver_config(tmp_path: Path) -> None:
    settings = settings_from(
        tmp_path,
        '[printer]\ndriver = "usb"\nusb_vendor_id = 0x0416\nusb_product_id = 0x5011\n'
        'profile = "POS-5890"\npaper_width = 58\ndrawer_pin = 5\n',
        environ={"NTTMART_PRINTER__USB_OUT_ENDPOINT": "0x03"},
    )
    config = printer_config(settings)
    assert config is not None
    assert (config.driver, config.usb_vendor_id, config.usb_product_id) == (
        Driver.USB,
        0x0416,
        0x5011,
    )
    assert (config.usb_out_endpoint, config.paper_width, config.drawer_pin) == (3, 58, 5)
    assert config.virtual_dir == (tmp_path / "receipts").resolve()
    printer = build_printer(settings)
    assert printer is not None and printer.columns == 32


def test_no_printer_by_default(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, "")
    assert printer_config(settings) is None
    assert build_printer(settings) is None
    assert settings.scanner.driver == "keyboard"
    assert build_serial_scanner(settings, print) is None
    assert open_customer_display(settings) is None
    detector = build_wedge_detector(settings)
    assert (detector.max_interval, detector.min_length) == (0.04, 6)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            '[printer]\ndriver = "network"\nprofile = "TM-X999"\nnetwork_host = "h"\n',
            "unknown printer profile 'TM-X999'",
        ),
        (
            '[printer]\ndriver = "network"\nnetwork_host = "h"\ncode_page = "CP999"\n',
            "code_page: 'CP999' is not on profile TM-T20II",
        ),
        ('[printer]\ndriver = "usb"\n', "needs usb_vendor_id and usb_product_id"),
        ('[printer]\ndriver = "network"\n', "needs network_host"),
        ("[printer]\npaper_width = 76\n", "[printer] paper_width"),
        ("[printer]\ndrawer_pin = 3\n", "[printer] drawer_pin"),
        ('[printer]\ndriver = "bluetooth"\n', "[printer] driver"),
        ('[scanner]\nsuffix = "TAB"\n', "[scanner] suffix"),
        ('[display]\nprotocol = "vt100"\n', "[display] protocol"),
    ],
)
def test_bad_device_settings_name_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        settings_from(tmp_path, text)
    assert fragment in str(raised.value)


def test_customer_display_shows_item_total_and_change(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    tty.setraw(master)
    try:
        settings = settings_from(
            tmp_path, f'[display]\ndriver = "serial"\nserial_device = "{os.ttyname(slave)}"\n'
        )
        display = open_customer_display(settings)
        assert display is not None
        display.welcome()
        display.item("Madu Hutan Sumba 500ml", 85_000)
        display.total(150_000)
        display.paid(200_000, 50_000)
        display.close()
        shown = b""
        while select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 4096)
    finally:
        os.close(master)
        os.close(slave)
    frames = shown.split(b"\x0c\x0b")[1:]
    lines = [frame.split(b"\x1f$\x01\x02") for frame in frames]
    assert lines == [
        [b"  NTT Mart Atambua  ", b"   Selamat datang   "],
        [b"Madu Hutan Sumba 500", b"            Rp85.000"],
        [b"TOTAL               ", b"           Rp150.000"],
        [b"BAYAR      Rp200.000", b"KEMBALI     Rp50.000"],
    ]


def test_print_queue_uses_the_configured_time_limit(tmp_path: Path) -> None:
    from pos.context import open_outlet

    settings = settings_from(tmp_path, "[printer]\nprint_timeout = 2.5\n")
    context = open_outlet(settings, create=True)
    try:
        queue = build_print_queue(context, None)
        assert queue.timeout == 2.5
        assert queue.printer is None
    finally:
        context.close()


def test_escpos_keeps_its_printer_database_beside_the_outlet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ESCPOS_CACHE_ENV)
    settings = settings_from(tmp_path, '[printer]\ndriver = "dummy"\n')
    assert build_printer(settings) is not None
    folder = tmp_path / "cache" / "escpos"
    assert os.environ[ESCPOS_CACHE_ENV] == str(folder) and folder.is_dir()
    # Already named (by the environment, or by an earlier printer): left as it is.
    (tmp_path / "elsewhere").mkdir()
    keep_escpos_cache(settings_from(tmp_path / "elsewhere", ""))
    assert os.environ[ESCPOS_CACHE_ENV] == str(folder)
