"""``nttmart hardware``: diagnostics, a test print, the virtual printer and the print queue."""

from __future__ import annotations

import threading
from pathlib import Path

import click
import serial
from rich.console import Console
from rich.table import Table
from serial.tools import list_ports

from hardware.printer import PrintError, PrinterStatus, ReceiptPrinter
from hardware.serial_scanner import ScannerState
from hardware.virtual.decoder import PrinterState
from hardware.virtual.receipt import Receipt
from hardware.virtual.server import VirtualPrinter
from inventory.clock import SystemClock, format_wita
from inventory.errors import NotFoundError
from inventory.i18n import t
from pos.cli.state import CliState, echo_json, pass_state
from pos.config import Settings
from pos.devices import (
    build_print_queue,
    build_printer,
    build_serial_scanner,
    build_test_page,
    failure_hint,
    open_customer_display,
)
from pos.print_queue import PrintOutcome, PrintQueue, PrintStatus


@click.group()
def hardware() -> None:
    """Printer, scanner, customer display and the print queue."""


def _say_failure(error: PrintError, settings: Settings) -> None:
    click.secho("  " + t(f"printer.error.{error.code.value}"), fg="red")
    hint = failure_hint(error, settings)
    if hint:
        click.echo("  " + hint.replace("\n", "\n  "))


def _print_test_page(settings: Settings, printer: ReceiptPrinter) -> bool:
    click.echo(t("hardware.check.printer", printer=printer.describe()))
    try:
        status = printer.status()
    except PrintError as error:
        _say_failure(error, settings)
        return False
    click.echo("  " + t("hardware.check.status", status=t(f"printer.status.{status.value}")))
    try:
        printer.print(
            build_test_page(settings, SystemClock()), timeout=settings.printer.print_timeout
        )
    except PrintError as error:
        _say_failure(error, settings)
        return False
    click.secho("  " + t("hardware.check.printed"), fg="green")
    return status is not PrinterStatus.PAPER_OUT


@hardware.command("check")
@click.option(
    "--seconds", default=10, show_default=True, help="How long to listen to a serial scanner."
)
@pass_state
def check(state: CliState, seconds: int) -> None:
    """List serial ports, test the printer, listen to the scanner, greet on the display."""
    settings = state.settings()
    healthy = True
    click.echo(t("hardware.check.ports"))
    ports = list(list_ports.comports())
    for port in ports:
        click.echo(f"  {port.device}  {port.description}  {port.hwid}")
    if not ports:
        click.echo("  " + t("hardware.check.no_ports"))

    printer = build_printer(settings)
    if printer is None:
        click.echo(t("hardware.check.no_printer"))
    else:
        try:
            healthy &= _print_test_page(settings, printer)
        finally:
            printer.close()

    healthy &= _check_scanner(settings, seconds)
    healthy &= _check_display(settings)
    if not healthy:
        raise SystemExit(1)


def _check_scanner(settings: Settings, seconds: int) -> bool:
    if settings.scanner.driver != "serial":
        click.echo(t("hardware.check.scanner_keyboard", driver=settings.scanner.driver))
        return True
    device = settings.scanner.serial_device
    if not Path(device).exists():
        click.secho(
            "  " + t("hardware.hint.no_serial", device=device, ports=_port_list()), fg="red"
        )
        return False
    if seconds <= 0:
        return True
    click.echo(t("hardware.check.scanner_listen", device=device, seconds=seconds))
    seen: list[str] = []
    problems: list[str] = []

    def on_state(scanner_state: ScannerState, detail: str | None) -> None:
        if scanner_state is ScannerState.DISCONNECTED and detail and detail not in problems:
            problems.append(detail)

    def on_barcode(code: str) -> None:
        seen.append(code)
        click.echo("  " + t("hardware.check.barcode", code=code))

    scanner = build_serial_scanner(settings, on_barcode, on_state)
    assert scanner is not None
    scanner.start()
    try:
        threading.Event().wait(seconds)
    finally:
        scanner.stop()
    if problems:
        click.secho(
            "  " + t("hardware.hint.no_serial", device=device, ports=_port_list()), fg="red"
        )
        return False
    click.echo("  " + t("hardware.check.barcodes_read", count=len(seen)))
    return True


def _port_list() -> str:
    from pos.devices import serial_port_names

    return serial_port_names()


def _check_display(settings: Settings) -> bool:
    if settings.display.driver == "none":
        click.echo(t("hardware.check.no_display"))
        return True
    device = settings.display.serial_device
    try:
        display = open_customer_display(settings)
    except (serial.SerialException, OSError) as error:
        click.secho(
            "  " + t("hardware.check.display_failed", device=device, detail=str(error)), fg="red"
        )
        click.echo("  " + t("hardware.hint.no_serial", device=device, ports=_port_list()))
        return False
    assert display is not None
    try:
        display.display.show(t("hardware.check.display_top"), t("hardware.check.display_bottom"))
    finally:
        display.close()
    click.echo(t("hardware.check.display_ok", device=device))
    return True


@hardware.command("test-print")
@pass_state
def test_print(state: CliState) -> None:
    """Print one test receipt on the configured printer and report its status."""
    settings = state.settings()
    printer = build_printer(settings)
    if printer is None:
        click.secho(t("printer.error.not_configured"), fg="red", err=True)
        raise SystemExit(1)
    try:
        ok = _print_test_page(settings, printer)
    finally:
        printer.close()
    if not ok:
        raise SystemExit(1)


STATES = {
    "ok": PrinterState(),
    "near-end": PrinterState(paper="near_end"),
    "paper-out": PrinterState(paper="out"),
    "offline": PrinterState(online=False),
    "silent": PrinterState(answers=False),
}


@hardware.command("virtual-printer")
@click.option("--port", default=9100, show_default=True, help="Loopback TCP port to listen on.")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for receipt-NNNN.txt and .png.",
)
@click.option(
    "--paper",
    type=click.Choice(["58", "80"]),
    default="80",
    show_default=True,
    help="Paper width in mm.",
)
@click.option(
    "--status",
    "status_name",
    type=click.Choice(list(STATES)),
    default="ok",
    show_default=True,
    help="What it answers to status requests.",
)
@click.option("--max-receipts", type=int, default=0, help="Stop after N receipts (0: run on).")
def virtual_printer(
    port: int, out_dir: Path, paper: str, status_name: str, max_receipts: int
) -> None:
    """Run a virtual network receipt printer on 127.0.0.1:PORT until Ctrl-C."""
    columns = 32 if paper == "58" else 48
    done = threading.Event()
    count = [0]

    def received(receipt: Receipt) -> None:
        count[0] += 1
        lines = len(receipt.text(columns).splitlines())
        click.echo(
            t(
                "hardware.virtual.received",
                number=receipt.number,
                lines=lines,
                path=str(out_dir / f"receipt-{receipt.number:04d}.txt"),
            )
        )
        if max_receipts and count[0] >= max_receipts:
            done.set()

    printer = VirtualPrinter(
        port=port, out_dir=out_dir, columns=columns, state=STATES[status_name], on_receipt=received
    )
    try:
        printer.start()
    except OSError as error:
        click.secho(
            t("hardware.virtual.cannot_listen", port=port, detail=str(error)), fg="red", err=True
        )
        raise SystemExit(1) from None
    click.echo(t("hardware.virtual.listening", port=printer.port, out=str(out_dir)))
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        printer.stop(grace=2.0)  # let the client finish its status check before hanging up


@hardware.group("print-queue")
def print_queue() -> None:
    """Print jobs waiting for the printer; retry or reprint them."""


def _queue(state: CliState) -> tuple[PrintQueue, ReceiptPrinter | None]:
    context = state.outlet()
    printer = build_printer(context.settings)
    return build_print_queue(context, printer), printer


def _report(outcomes: list[PrintOutcome]) -> bool:
    for outcome in outcomes:
        if outcome.status is PrintStatus.PRINTED:
            click.secho(t("hardware.queue.printed", job=outcome.job_id), fg="green")
        else:
            click.secho(
                t("hardware.queue.failed", job=outcome.job_id, message=outcome.message or ""),
                fg="red",
            )
    return all(o.status is PrintStatus.PRINTED for o in outcomes)


@print_queue.command("list")
@click.option("--all", "show_all", is_flag=True, help="Printed jobs too (the newest 50).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def list_jobs(state: CliState, show_all: bool, as_json: bool) -> None:
    """Jobs waiting to print (oldest first), or with --all the newest jobs."""
    queue, printer = _queue(state)
    jobs = queue.jobs() if show_all else queue.pending()
    if printer is not None:
        printer.close()
    if as_json:
        echo_json([job.model_dump(mode="json", exclude={"document"}) for job in jobs])
        return
    if not jobs:
        click.echo(t("hardware.queue.empty"))
        return
    table = Table(
        t("hardware.queue.col_job"),
        t("hardware.queue.col_time"),
        t("hardware.queue.col_kind"),
        t("hardware.queue.col_title"),
        t("hardware.queue.col_state"),
        t("hardware.queue.col_error"),
    )
    for job in jobs:
        table.add_row(
            job.id,
            format_wita(job.created_at),
            job.kind,
            job.title,
            t(f"hardware.queue.state_{job.state.value}") + (" *" if job.is_copy else ""),
            t(f"printer.error.{job.last_error}") if job.last_error else "",
        )
    Console(width=160).print(table)


@print_queue.command("retry")
@pass_state
def retry(state: CliState) -> None:
    """Try to print every waiting job, oldest first."""
    queue, printer = _queue(state)
    try:
        outcomes = queue.retry_pending()
    finally:
        if printer is not None:
            printer.close()
    if not outcomes:
        click.echo(t("hardware.queue.empty"))
        return
    if not _report(outcomes):
        raise SystemExit(1)


@print_queue.command("reprint")
@click.argument("job", help="Job id, or a receipt number.")
@click.option("--no-copy", is_flag=True, help="Do not mark the reprint as a copy (SALINAN).")
@pass_state
def reprint(state: CliState, job: str, no_copy: bool) -> None:
    """Print JOB again (a job id, or a receipt number for its newest job)."""
    queue, printer = _queue(state)
    try:
        job_id = _resolve(queue, job)
        outcome = queue.reprint(job_id, copy=not no_copy)
    finally:
        if printer is not None:
            printer.close()
    if not _report([outcome]):
        raise SystemExit(1)


def _resolve(queue: PrintQueue, job: str) -> str:
    from sqlmodel import col, select

    from pos.print_queue import PrintJob

    with queue.store.read() as session:
        if session.get(PrintJob, job) is not None:
            return job
        query = (
            select(PrintJob)
            .where(PrintJob.reference == job)
            .order_by(col(PrintJob.created_at).desc())
            .limit(1)
        )
        found = session.exec(query).first()
    if found is None:
        raise NotFoundError("print_queue.unknown_job", job=job)
    return found.id
