"""Receipt printers: the :class:`ReceiptPrinter` interface and its python-escpos drivers.

A driver renders a :class:`~hardware.document.PrintDocument` into ESC/POS bytes
(:mod:`hardware.render`) and sends them in one write over a python-escpos transport (``Usb``,
``Serial``, ``Network``, ``File``, ``Dummy``; ``virtual`` is ``Network`` to an in-process virtual
printer). Every job runs in a worker thread under a time limit, so a stalled printer never
freezes the caller, and every failure comes back as a :class:`PrintError` with a
:class:`PrintErrorCode` that the cashier app translates. Where the transport can answer
(network, serial, USB) the printer is asked for its status with ``DLE EOT`` before and after the
job; a printer that does not answer is *unknown*, never "fine" (python-escpos's
``paper_status()`` reports paper present when nothing came back, so it is not used).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import socket
import struct
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hardware.document import PrintDocument

if TYPE_CHECKING:
    from escpos.escpos import Escpos

log = logging.getLogger(__name__)

DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"


class Driver(StrEnum):
    """How the printer is connected."""

    USB = "usb"
    SERIAL = "serial"
    NETWORK = "network"
    FILE = "file"
    DUMMY = "dummy"
    VIRTUAL = "virtual"


class PrinterStatus(StrEnum):
    """What the printer said about itself."""

    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    """The printer answered that it is offline (cover open, error)."""
    UNKNOWN = "unknown"
    """No answer within the timeout, or a transport that cannot answer (file, dummy)."""


class PrintErrorCode(StrEnum):
    """Why a job did not print; ``pos`` turns each into a message a cashier can act on."""

    UNREACHABLE = "unreachable"
    """Nothing answers at the configured address (printer off, cable, wrong host/port)."""
    NOT_FOUND = "not_found"
    """No such device (USB ids, serial port or device file)."""
    ACCESS_DENIED = "access_denied"
    BUSY = "busy"
    WRONG_ENDPOINT = "wrong_endpoint"
    NO_USB_BACKEND = "no_usb_backend"
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    CONNECTION_LOST = "connection_lost"
    """The connection broke while the job was being sent (reset, cable pulled)."""
    TIMEOUT = "timeout"
    """The job did not finish within the time limit (stalled printer)."""
    NO_REPLY = "no_reply"
    """The printer did not answer the status check (set check_status off if it never does)."""
    INVALID_DOCUMENT = "invalid_document"
    ERROR = "error"


class PrintError(Exception):
    """A job or status request that failed, with a code and the technical detail for the log."""

    def __init__(self, code: PrintErrorCode, detail: str = "", **info: Any) -> None:
        self.code = code
        self.detail = detail
        self.info = info
        super().__init__(f"{code.value}: {detail}" if detail else code.value)


@dataclass(frozen=True)
class PrinterConfig:
    """Everything a driver needs; ``pos.config`` builds it from the ``[printer]`` section."""

    driver: Driver
    profile: str = "TM-T20II"
    paper_width: int = 80
    code_page: str = "CP437"
    drawer_pin: int = 2
    usb_vendor_id: int = 0
    usb_product_id: int = 0
    usb_in_endpoint: int = 0x82
    usb_out_endpoint: int = 0x01
    serial_device: str = "/dev/ttyUSB0"
    serial_baudrate: int = 9600
    network_host: str = ""
    network_port: int = 9100
    file_path: str = "/dev/usb/lp0"
    virtual_port: int = 0
    virtual_dir: Path | None = None
    check_status: bool = True
    status_timeout: float = 1.0


class ReceiptPrinter(ABC):
    """A receipt printer: print a document, report status, kick the cash drawer."""

    last_status: PrinterStatus = PrinterStatus.UNKNOWN
    """What the printer said at the end of the last job or status request."""

    @property
    @abstractmethod
    def columns(self) -> int:
        """Characters per line (32 on 58 mm paper, 48 on 80 mm)."""

    @abstractmethod
    def print(self, document: PrintDocument, *, timeout: float) -> None:
        """Print ``document`` within ``timeout`` seconds or raise :class:`PrintError`."""

    @abstractmethod
    def status(self, *, timeout: float | None = None) -> PrinterStatus:
        """Ask the printer; raises :class:`PrintError` when it cannot even be reached."""

    @abstractmethod
    def open_drawer(self, *, timeout: float) -> None:
        """Kick the cash drawer connected to the printer."""

    @abstractmethod
    def describe(self) -> str:
        """Where the printer is, for diagnostics (``network 192.168.1.50:9100``)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release what the driver holds."""


def decode_status(printer_byte: int | None, paper_byte: int | None) -> PrinterStatus:
    """The status from the replies to ``DLE EOT 1`` (printer) and ``DLE EOT 4`` (paper).

    A reply byte has bit 1 and bit 4 set and bit 7 clear; anything else is no reply at all.
    """
    valid = [b is not None and (b & 0x93) == 0x12 for b in (printer_byte, paper_byte)]
    if paper_byte is not None and valid[1]:
        if paper_byte & 0x60:
            return PrinterStatus.PAPER_OUT
        if printer_byte is not None and valid[0] and printer_byte & 0x08:
            return PrinterStatus.OFFLINE
        if paper_byte & 0x0C:
            return PrinterStatus.PAPER_NEAR_END
        return PrinterStatus.OK if valid[0] else PrinterStatus.UNKNOWN
    if printer_byte is not None and valid[0] and printer_byte & 0x08:
        return PrinterStatus.OFFLINE
    return PrinterStatus.UNKNOWN


class _Link:
    """One open connection to the printer, for the duration of one job."""

    can_read = False

    def __init__(self, device: Escpos) -> None:
        self.device = device

    def send(self, data: bytes) -> None:
        self.device._raw(data)

    def ask(self, request: bytes, timeout: float) -> int | None:
        """Send a real-time request and return the reply byte, or ``None`` if none came."""
        return None

    def abort(self) -> None:
        """Break the connection from another thread (the time limit ran out)."""
        self.close()

    def close(self) -> None:
        try:
            self.device.close()
        except Exception:  # closing a broken link must not hide the real error
            log.debug("closing printer link failed", exc_info=True)


class _NetworkLink(_Link):
    can_read = True

    def _socket(self) -> socket.socket:
        sock = self.device.device
        assert isinstance(sock, socket.socket)
        return sock

    def send(self, data: bytes) -> None:
        sock = self._socket()
        sock.sendall(data)
        self._drain(sock)

    @staticmethod
    def _drain(sock: socket.socket) -> None:
        """Wait until the printer's TCP has acknowledged every byte (Linux ``SIOCOUTQ``).

        ``sendall`` returns once the bytes are in the local send buffer; a printer that stalls
        or resets after that would otherwise look like a success. Waiting on ``select`` wakes
        up at once on a reset or a close, and the job's time limit bounds the wait.
        """
        try:
            import fcntl
            import termios
        except ImportError:  # pragma: no cover - not Linux: trust sendall
            return
        pause = 0.001
        while True:
            problem = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if problem:
                raise OSError(problem, os.strerror(problem))
            queued = struct.unpack("i", fcntl.ioctl(sock, termios.TIOCOUTQ, b"\0\0\0\0"))[0]
            if queued == 0:
                return
            readable, _, _ = select.select([sock], [], [], pause)
            if readable:
                peeked = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                if not peeked:
                    raise ConnectionResetError(
                        errno.ECONNRESET, f"printer closed the connection, {queued} bytes unread"
                    )
                time.sleep(pause)  # the printer sent something of its own; do not spin on it
            pause = min(pause * 2, 0.05)

    def ask(self, request: bytes, timeout: float) -> int | None:
        sock = self._socket()
        sock.sendall(request)
        sock.settimeout(timeout)
        try:
            reply = sock.recv(1)
        except TimeoutError:
            return None
        if not reply:
            raise ConnectionResetError(errno.ECONNRESET, "printer closed the connection")
        return reply[0]

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._socket().shutdown(socket.SHUT_RDWR)
        self.close()


class _SerialLink(_Link):
    can_read = True

    def ask(self, request: bytes, timeout: float) -> int | None:
        port = self.device.device
        port.reset_input_buffer()
        port.write(request)
        port.timeout = timeout
        reply = port.read(1)
        return reply[0] if reply else None

    def abort(self) -> None:
        port = self.device.device
        try:
            port.cancel_write()
        except Exception:
            log.debug("cancel_write failed", exc_info=True)
        self.close()


class _UsbLink(_Link):
    can_read = True

    def ask(self, request: bytes, timeout: float) -> int | None:
        import usb.core

        milliseconds = max(1, int(timeout * 1000))
        usb_device = self.device.device
        usb_device.write(self.device.out_ep, request, milliseconds)
        try:
            reply = usb_device.read(self.device.in_ep, 16, milliseconds)
        except usb.core.USBTimeoutError:
            return None
        return int(reply[0]) if len(reply) else None


@dataclass
class _Job:
    link: _Link | None = None
    error: BaseException | None = None
    status: PrinterStatus = PrinterStatus.UNKNOWN
    done: threading.Event = field(default_factory=threading.Event)


class EscposPrinter(ReceiptPrinter):
    """A receipt printer driven through python-escpos; one connection per job."""

    def __init__(self, config: PrinterConfig) -> None:
        # python-escpos loads its printer database when imported (a few hundred milliseconds),
        # so it is imported by the first driver built, not by everything that names a printer.
        from escpos.printer import Dummy

        from hardware.render import Renderer, RenderError

        self.config = config
        try:
            self.renderer = Renderer(
                profile=config.profile,
                paper_width=config.paper_width,
                code_page=config.code_page,
                drawer_pin=config.drawer_pin,
            )
        except RenderError as error:
            raise PrintError(PrintErrorCode.INVALID_DOCUMENT, str(error)) from None
        self._lock = threading.Lock()
        self.dummy = Dummy(profile=config.profile) if config.driver is Driver.DUMMY else None
        self._virtual: Any = None
        self.last_status = PrinterStatus.UNKNOWN

    @property
    def columns(self) -> int:
        return self.renderer.columns

    def describe(self) -> str:
        c = self.config
        where = {
            Driver.USB: f"usb {c.usb_vendor_id:04x}:{c.usb_product_id:04x}",
            Driver.SERIAL: f"serial {c.serial_device} {c.serial_baudrate} baud",
            Driver.NETWORK: f"network {c.network_host}:{c.network_port}",
            Driver.FILE: f"file {c.file_path}",
            Driver.DUMMY: "dummy",
            Driver.VIRTUAL: f"virtual 127.0.0.1:{self.virtual_port or c.virtual_port}",
        }[c.driver]
        return f"{where} ({c.profile}, {c.paper_width} mm)"

    @property
    def virtual_port(self) -> int | None:
        """The port of the in-process virtual printer, once started."""
        return None if self._virtual is None else int(self._virtual.port)

    # -- the interface ---------------------------------------------------------------------

    def print(self, document: PrintDocument, *, timeout: float) -> None:
        from hardware.render import RenderError

        try:
            payload = self.renderer.render(document)
        except (RenderError, ValueError) as error:
            raise PrintError(PrintErrorCode.INVALID_DOCUMENT, str(error)) from None
        except Exception as error:  # python-escpos raises its own Error family on bad data
            raise PrintError(PrintErrorCode.INVALID_DOCUMENT, repr(error)) from None
        self._run(lambda job: self._send_checked(job, payload), timeout)

    def status(self, *, timeout: float | None = None) -> PrinterStatus:
        limit = timeout if timeout is not None else self.config.status_timeout
        job = self._run(lambda job: self._ask_status(job, limit), limit * 2 + 5.0)
        self.last_status = job.status
        return job.status

    def open_drawer(self, *, timeout: float) -> None:
        kick = self.renderer.drawer_kick()
        self._run(lambda job: self._send(job, kick), timeout)

    def close(self) -> None:
        if self._virtual is not None:
            self._virtual.stop()
            self._virtual = None

    # -- jobs ------------------------------------------------------------------------------

    def _run(self, action: Callable[[_Job], None], timeout: float) -> _Job:
        """Open a link, run ``action`` in a worker thread, and give up after ``timeout``."""
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=timeout):
            raise PrintError(PrintErrorCode.TIMEOUT, "the previous job is still running")
        try:
            job = _Job()

            def work() -> None:
                try:
                    job.link = self._open(timeout)
                    action(job)
                except BaseException as error:
                    job.error = error
                finally:
                    if job.link is not None:
                        job.link.close()
                    job.done.set()

            worker = threading.Thread(target=work, name="receipt-printer", daemon=True)
            worker.start()
            if not job.done.wait(max(0.0, deadline - time.monotonic())):
                if job.link is not None:
                    job.link.abort()
                job.done.wait(1.0)
                raise PrintError(PrintErrorCode.TIMEOUT, f"no result within {timeout:g} s")
            if job.error is not None:
                raise classify(job.error, self.config) from job.error
            return job
        finally:
            self._lock.release()

    def _send(self, job: _Job, payload: bytes) -> None:
        assert job.link is not None
        job.link.send(payload)

    def _send_checked(self, job: _Job, payload: bytes) -> None:
        link = job.link
        assert link is not None
        checking = self.config.check_status and link.can_read
        if checking:
            self._require_ready(self._query(link))
        link.send(payload)
        if checking:
            job.status = self._query(link)
            self._require_ready(job.status)
        self.last_status = job.status

    def _ask_status(self, job: _Job, timeout: float) -> None:
        assert job.link is not None
        job.status = self._query(job.link, timeout) if job.link.can_read else PrinterStatus.UNKNOWN

    def _query(self, link: _Link, timeout: float | None = None) -> PrinterStatus:
        limit = self.config.status_timeout if timeout is None else timeout
        paper = link.ask(DLE_EOT_PAPER, limit)
        printer = link.ask(DLE_EOT_PRINTER, limit) if paper is not None else None
        return decode_status(printer, paper)

    def _require_ready(self, status: PrinterStatus) -> None:
        self.last_status = status
        if status is PrinterStatus.UNKNOWN:
            raise PrintError(PrintErrorCode.NO_REPLY, "no reply to DLE EOT")
        if status is PrinterStatus.PAPER_OUT:
            raise PrintError(PrintErrorCode.PAPER_OUT, "printer reports paper out")
        if status is PrinterStatus.OFFLINE:
            raise PrintError(PrintErrorCode.OFFLINE, "printer reports offline")

    # -- transports ------------------------------------------------------------------------

    def _open(self, timeout: float) -> _Link:
        from escpos.printer import File, Network, Serial, Usb

        c = self.config
        profile = c.profile
        if c.driver is Driver.DUMMY:
            assert self.dummy is not None
            return _Link(self.dummy)
        if c.driver is Driver.FILE:
            file_printer = File(devfile=c.file_path, profile=profile)
            file_printer.open()
            return _Link(file_printer)
        if c.driver in (Driver.NETWORK, Driver.VIRTUAL):
            host, port = c.network_host, c.network_port
            if c.driver is Driver.VIRTUAL:
                host, port = "127.0.0.1", self._ensure_virtual()
            network = Network(host=host, port=port, timeout=timeout, profile=profile)
            network.open()
            # Status requests are tiny writes answered at once: Nagle's algorithm would hold
            # them back for a delayed ACK (tens of milliseconds per request).
            network.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return _NetworkLink(network)
        if c.driver is Driver.SERIAL:
            serial_printer = Serial(
                devfile=c.serial_device,
                baudrate=c.serial_baudrate,
                timeout=c.status_timeout,
                dsrdtr=False,
                profile=profile,
            )
            serial_printer.open()
            serial_printer.device.write_timeout = timeout
            return _SerialLink(serial_printer)
        if c.driver is Driver.USB:
            usb_printer = Usb(
                idVendor=c.usb_vendor_id,
                idProduct=c.usb_product_id,
                timeout=max(1, int(timeout * 1000)),
                in_ep=c.usb_in_endpoint,
                out_ep=c.usb_out_endpoint,
                profile=profile,
            )
            usb_printer.open()
            return _UsbLink(usb_printer)
        raise PrintError(PrintErrorCode.ERROR, f"unknown driver {c.driver}")  # pragma: no cover

    def _ensure_virtual(self) -> int:
        if self._virtual is None:
            from hardware.virtual.server import VirtualPrinter

            self._virtual = VirtualPrinter(
                port=self.config.virtual_port,
                out_dir=self.config.virtual_dir,
                columns=self.columns,
            ).start()
        return int(self._virtual.port)


def open_printer(config: PrinterConfig) -> EscposPrinter:
    """The driver for ``config`` (nothing is opened until the first job)."""
    return EscposPrinter(config)


def classify(error: BaseException, config: PrinterConfig | None = None) -> PrintError:
    """Turn whatever a transport raised into a :class:`PrintError` with a useful code."""
    if isinstance(error, PrintError):
        return error
    detail = f"{type(error).__name__}: {error}"
    # python-escpos wraps the OS error of open() in DeviceNotFoundError; look at the cause.
    causes: list[BaseException] = [error]
    while causes[-1].__cause__ or causes[-1].__context__:
        cause = causes[-1].__cause__ or causes[-1].__context__
        assert cause is not None
        if cause in causes:
            break
        causes.append(cause)
    info: dict[str, Any] = {}
    if config is not None:
        info = {"device": _device_name(config)}
        if config.driver is Driver.USB:
            info.update(vendor=config.usb_vendor_id, product=config.usb_product_id)
    text = " ".join(str(c) for c in causes).lower()
    for cause in causes:
        code = _code_of(cause, text)
        if code is not None:
            return PrintError(code, detail, **info)
    if "access denied" in text or "permission" in text or "errno 13" in text:
        return PrintError(PrintErrorCode.ACCESS_DENIED, detail, **info)
    if "resource busy" in text or "errno 16" in text:
        return PrintError(PrintErrorCode.BUSY, detail, **info)
    if "no backend" in text:
        return PrintError(PrintErrorCode.NO_USB_BACKEND, detail, **info)
    if "not found" in text or "no such" in text or "could not open" in text:
        return PrintError(PrintErrorCode.NOT_FOUND, detail, **info)
    return PrintError(PrintErrorCode.ERROR, detail, **info)


def _code_of(error: BaseException, text: str) -> PrintErrorCode | None:
    name = type(error).__name__
    if name == "NoBackendError":
        return PrintErrorCode.NO_USB_BACKEND
    if name == "USBTimeoutError":
        return PrintErrorCode.TIMEOUT
    if isinstance(error, ValueError) and "endpoint" in str(error).lower():
        return PrintErrorCode.WRONG_ENDPOINT
    if isinstance(error, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        return PrintErrorCode.CONNECTION_LOST
    if isinstance(error, ConnectionRefusedError):
        return PrintErrorCode.UNREACHABLE
    if isinstance(error, socket.gaierror):
        return PrintErrorCode.UNREACHABLE
    if isinstance(error, TimeoutError):
        return PrintErrorCode.TIMEOUT
    if isinstance(error, PermissionError):
        return PrintErrorCode.ACCESS_DENIED
    if isinstance(error, FileNotFoundError):
        return PrintErrorCode.NOT_FOUND
    number = getattr(error, "errno", None) or getattr(error, "backend_error_code", None)
    if number in (errno.EACCES, errno.EPERM):
        return PrintErrorCode.ACCESS_DENIED
    if number == errno.EBUSY:
        return PrintErrorCode.BUSY
    if number in (errno.ENOENT, errno.ENODEV) and "write" not in text:
        return PrintErrorCode.NOT_FOUND
    if number in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
        return PrintErrorCode.UNREACHABLE
    if number in (errno.EIO, errno.ENODEV, errno.EPIPE, errno.ECONNRESET):
        return PrintErrorCode.CONNECTION_LOST
    if name == "SerialTimeoutException":
        return PrintErrorCode.TIMEOUT
    if name == "SerialException":
        if "could not open" in text:
            return None  # decided by the text: not found, busy or access denied
        return PrintErrorCode.CONNECTION_LOST
    return None


def _device_name(config: PrinterConfig) -> str:
    if config.driver is Driver.SERIAL:
        return config.serial_device
    if config.driver is Driver.FILE:
        return config.file_path
    if config.driver is Driver.NETWORK:
        return f"{config.network_host}:{config.network_port}"
    if config.driver is Driver.USB:
        return f"{config.usb_vendor_id:04x}:{config.usb_product_id:04x}"
    return config.driver.value


def usb_endpoints(vendor: int, product: int) -> list[str] | None:
    """The endpoints a USB device offers (``0x81 IN bulk``...), or ``None`` if it cannot be seen."""
    try:
        import usb.core
        import usb.util

        device = usb.core.find(idVendor=vendor, idProduct=product)
        if device is None:
            return None
        found = []
        for configuration in device:
            for interface in configuration:
                for endpoint in interface:
                    address = endpoint.bEndpointAddress
                    direction = "IN" if address & 0x80 else "OUT"
                    kind = usb.util.endpoint_type(endpoint.bmAttributes)
                    names = {0: "control", 1: "isochronous", 2: "bulk", 3: "interrupt"}
                    found.append(f"{address:#04x} {direction} {names.get(kind, kind)}")
        return found
    except Exception:  # no pyusb backend, no permission: nothing to show
        log.debug("listing USB endpoints failed", exc_info=True)
        return None
