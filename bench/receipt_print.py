"""Printing a typical 20-line receipt: from the call to the last byte on the virtual printer.

The receipt (header, 20 item lines, totals, a CODE128 receipt-number barcode, cut) goes through
the real driver path: render with python-escpos, connect with its ``Network`` printer, status
check, send, wait for the printer's TCP to acknowledge, status check. The virtual printer on
loopback timestamps the receipt when its last byte (the cut) is decoded. Baseline, measured in
the same run: a bare socket that connects and sends the same pre-rendered bytes.

Run: ``python -m bench.receipt_print [--runs N]`` (or ``python -m bench`` for every bench).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import time

from bench.common import Timing, percentile, verdict
from hardware.document import Align, Barcode, Columns, Op, PrintDocument, Rule, Text
from hardware.printer import Driver, PrinterConfig, open_printer
from hardware.render import Renderer
from hardware.virtual.server import VirtualPrinter

QUICK = {"runs": 30}

ITEMS = [
    ("Kopi Arabika Flores Bajawa 250g", 65_000),
    ("Madu Hutan Sumba 500ml", 85_000),
    ("Kelor Bubuk Moringa 100g", 25_000),
    ("Kacang Mete Ende 250g", 55_000),
    ("Sambal Lu'at Kupang 150g", 20_000),
]


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def typical_receipt() -> PrintDocument:
    """A cash sale of 20 item lines as the till prints it."""
    ops: list[Op] = [
        Text(text="NTT Mart Kupang", align=Align.CENTER, bold=True, double=True),
        Text(text="Jl. Frans Seda No. 1, Kota Kupang", align=Align.CENTER),
        Text(text="KPG-20261122-0042  22/11/2026 14:05", align=Align.CENTER),
        Rule(),
    ]
    total = 0
    for i in range(20):
        name, price = ITEMS[i % len(ITEMS)]
        quantity = 1 + i % 3
        total += price * quantity
        ops.append(Columns(left=f"{name} x{quantity}", right=rupiah(price * quantity)))
    ops += [
        Rule(),
        Columns(left="TOTAL", right=rupiah(total), bold=True),
        Columns(left="Tunai", right=rupiah(2_000_000)),
        Columns(left="Kembalian", right=rupiah(2_000_000 - total)),
        Barcode(data="KPG-20261122-0042"),
        Text(text="Terima kasih, sampai jumpa lagi", align=Align.CENTER),
    ]
    return PrintDocument.model_validate(
        {"title": "Struk KPG-20261122-0042", "ops": ops, "open_drawer": True}
    )


def timing(samples: list[float]) -> Timing:
    return Timing(
        runs=len(samples),
        median_ms=statistics.median(samples),
        p99_ms=percentile(samples, 0.99),
        max_ms=max(samples),
    )


def run(runs: int = 300) -> None:
    """Print the receipt ``runs`` times each way and print the figures."""
    document = typical_receipt()
    payload = Renderer().render(document)
    print(f"== receipt print bench: 20-line receipt, {len(payload):,} bytes, {runs} runs each")
    with VirtualPrinter() as virtual:
        received = 0

        def driver_samples(check_status: bool) -> list[float]:
            nonlocal received
            printer = open_printer(
                PrinterConfig(
                    driver=Driver.NETWORK,
                    network_host="127.0.0.1",
                    network_port=virtual.port,
                    check_status=check_status,
                )
            )
            samples = []
            for i in range(runs + 10):
                start = time.perf_counter()
                printer.print(document, timeout=10)
                received += 1
                receipt = virtual.wait_for_receipts(received)[-1]
                if i >= 10:  # warm-up
                    samples.append((receipt.received_at - start) * 1000)
            return samples

        def bare_samples() -> list[float]:
            nonlocal received
            samples = []
            for i in range(runs + 10):
                start = time.perf_counter()
                with socket.create_connection(("127.0.0.1", virtual.port)) as bare:
                    bare.sendall(payload)
                    received += 1
                    receipt = virtual.wait_for_receipts(received)[-1]
                if i >= 10:
                    samples.append((receipt.received_at - start) * 1000)
            return samples

        render_samples = []
        for _ in range(runs):
            start = time.perf_counter()
            Renderer().render(document)
            render_samples.append((time.perf_counter() - start) * 1000)
        checked = timing(driver_samples(check_status=True))
        unchecked = timing(driver_samples(check_status=False))
        bare = timing(bare_samples())
    print(f"render only (python-escpos into Dummy): {timing(render_samples)}")
    print(f"driver, status checks on (default):  {checked}")
    print(f"driver, status checks off:           {unchecked}")
    print(f"baseline, bare socket of same bytes: {bare}")
    ratio = checked.median_ms / bare.median_ms
    print(
        f"call to last byte, median {checked.median_ms:.2f} ms vs bare {bare.median_ms:.2f} ms "
        f"(x{ratio:.1f}); target p99 < 100 ms, far below a thermal head's ~1 s per receipt: "
        f"{verdict(checked.p99_ms < 100)}"
    )


def main() -> None:
    """Command-line entry: ``python -m bench.receipt_print``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    run(args.runs)


if __name__ == "__main__":
    main()
