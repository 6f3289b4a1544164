"""The virtual printer: a raw TCP "port 9100" printer on loopback that decodes what it receives.

Start it in-process (tests, the demo, ``nttmart hardware virtual-printer``), point python-escpos's
``Network`` printer at its port, and every receipt (one per cut, or per connection on printers
without a cutter) arrives decoded in :attr:`VirtualPrinter.receipts` and, with ``out_dir``, as
``receipt-NNNN.txt`` and ``receipt-NNNN.png``. :meth:`VirtualPrinter.wait_for_receipts` lets a
test wait for "receipt N received" without sleeping. It answers ``DLE EOT`` status requests
according to :attr:`VirtualPrinter.state` (paper ok, near end or out; online; or silent).
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from hardware.virtual.decoder import Decoder, PrinterState
from hardware.virtual.picture import render_png
from hardware.virtual.receipt import Receipt

log = logging.getLogger(__name__)

_NUMBERED = re.compile(r"^receipt-(\d+)\.txt$")


class VirtualPrinter:
    """A network receipt printer simulated on 127.0.0.1."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        out_dir: Path | None = None,
        columns: int = 48,
        state: PrinterState | None = None,
        on_receipt: Callable[[Receipt], None] | None = None,
    ) -> None:
        self.host = host
        self.requested_port = port
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.columns = columns
        self.state = state or PrinterState()
        self.on_receipt = on_receipt
        self._receipts: list[Receipt] = []
        self._changed = threading.Condition()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._next_number = 1
        self.connections_accepted = 0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> VirtualPrinter:
        """Listen and serve in background threads; returns ``self``."""
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._next_number = _next_free_number(self.out_dir)
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.requested_port))
        listener.listen(8)
        self._listener = listener
        thread = threading.Thread(target=self._accept_loop, name="virtual-printer", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self, grace: float = 0.0) -> None:
        """Stop listening, give open connections ``grace`` seconds to end, then drop them."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        if grace > 0:
            deadline = time.monotonic() + grace
            with self._changed:
                self._changed.wait_for(
                    lambda: not self._connections, max(0.0, deadline - time.monotonic())
                )
        with self._changed:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> VirtualPrinter:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port it listens on (chosen by the system when started with port 0)."""
        if self._listener is None:
            return self.requested_port
        return int(self._listener.getsockname()[1])

    # -- results ---------------------------------------------------------------------------

    @property
    def receipts(self) -> list[Receipt]:
        """Every receipt received so far, in order."""
        with self._changed:
            return list(self._receipts)

    def wait_for_receipts(self, count: int, timeout: float = 5.0) -> list[Receipt]:
        """Block until at least ``count`` receipts have arrived; ``TimeoutError`` otherwise."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._receipts) >= count, timeout):
                raise TimeoutError(f"{len(self._receipts)} receipt(s) received, expected {count}")
            return list(self._receipts)

    def receipt_path(self, receipt: Receipt, suffix: str = ".txt") -> Path | None:
        """Where ``receipt`` was written (``None`` without ``out_dir``)."""
        if self.out_dir is None:
            return None
        return self.out_dir / f"receipt-{receipt.number:04d}{suffix}"

    # -- serving ---------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while True:
            listener = self._listener
            if listener is None:
                return
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            self.connections_accepted += 1
            with self._changed:
                self._connections.add(connection)
            thread = threading.Thread(
                target=self._serve, args=(connection,), name="virtual-printer-conn", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _serve(self, connection: socket.socket) -> None:
        def reply(data: bytes) -> None:
            try:
                connection.sendall(data)
            except OSError:
                log.debug("status reply not delivered", exc_info=True)

        decoder = Decoder(self._received, reply, state=self.state)
        try:
            while True:
                try:
                    data = connection.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                decoder.feed(data)
            decoder.finish()
        except Exception:  # a decoder bug must not kill the printer; the log says what
            log.exception("virtual printer could not decode the stream")
        finally:
            with self._changed:
                self._connections.discard(connection)
                self._changed.notify_all()
            connection.close()

    def _received(self, receipt: Receipt) -> None:
        with self._changed:
            receipt.number = self._next_number
            self._next_number += 1
        if self.out_dir is not None:
            text_path = self.out_dir / f"receipt-{receipt.number:04d}.txt"
            text_path.write_text(receipt.text(self.columns), encoding="utf-8")
            render_png(receipt, self.columns).save(text_path.with_suffix(".png"))
        if self.on_receipt is not None:
            self.on_receipt(receipt)
        with self._changed:
            self._receipts.append(receipt)
            self._changed.notify_all()


def _next_free_number(folder: Path) -> int:
    numbers = [int(m[1]) for p in folder.iterdir() if (m := _NUMBERED.match(p.name))]
    return max(numbers, default=0) + 1
