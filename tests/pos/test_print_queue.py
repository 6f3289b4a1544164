"""The print queue: jobs are stored first, failures keep them queued, reprints are copies."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from hardware.document import PrintDocument, Text
from hardware.printer import Driver, EscposPrinter, PrinterConfig, open_printer
from hardware.virtual.server import VirtualPrinter
from inventory.clock import FixedClock
from inventory.db import Store
from inventory.errors import NotFoundError
from pos.print_queue import (
    PrinterHealth,
    PrintJob,
    PrintJobState,
    PrintQueue,
    PrintStatus,
)
from tests.hardware.conftest import receipt_document


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def printer(port: int) -> EscposPrinter:
    """A network printer at a fixed loopback port, where a virtual printer may or may not be."""
    return open_printer(
        PrinterConfig(
            driver=Driver.NETWORK, network_host="127.0.0.1", network_port=port, status_timeout=0.3
        )
    )


@pytest.fixture
def virtual(port: int, tmp_path: Path) -> Iterator[VirtualPrinter]:
    """The printer switched on."""
    with VirtualPrinter(port=port, out_dir=tmp_path / "struk") as running:
        yield running


@pytest.fixture
def queue(store: Store, printer: EscposPrinter, clock: FixedClock) -> PrintQueue:
    return PrintQueue(store, printer, clock=clock, timeout=3.0)


def job_count(store: Store) -> int:
    with store.read() as session:
        return int(session.exec(select(func.count()).select_from(PrintJob)).one())


def test_a_job_prints_and_stays_on_record(
    queue: PrintQueue, virtual: VirtualPrinter, clock: FixedClock
) -> None:
    outcome = queue.submit(receipt_document(), kind="receipt", reference="BLU-20261122-0007")
    assert (outcome.status, outcome.message) == (PrintStatus.PRINTED, None)
    (receipt,) = virtual.wait_for_receipts(1)
    assert "NTT Mart Atambua" in receipt.text()
    job = queue.last("receipt")
    assert job is not None
    assert (job.id, job.state, job.attempts) == (outcome.job_id, PrintJobState.PRINTED, 1)
    assert job.printed_at == clock.now()
    assert PrintDocument.from_json(job.document) == receipt_document()
    assert queue.pending() == []
    assert queue.printer_state().health is PrinterHealth.OK


def test_printer_off_keeps_the_job_and_says_so(
    queue: PrintQueue, store: Store, port: int, tmp_path: Path
) -> None:
    outcome = queue.submit(receipt_document(), kind="receipt", reference="BLU-20261122-0008")
    assert outcome.status is PrintStatus.FAILED
    assert outcome.reason == "unreachable"
    assert outcome.message is not None
    assert outcome.message.startswith("Struk belum tercetak: Printer tidak terjangkau")
    (job,) = queue.pending()
    assert (job.id, job.attempts, job.last_error) == (outcome.job_id, 1, "unreachable")
    state = queue.printer_state()
    assert (state.health, state.reason) == (PrinterHealth.FAILED, "unreachable")
    # The printer is switched on: the retry prints the same job.
    with VirtualPrinter(port=port) as virtual:
        (retried,) = queue.retry_pending()
        assert (retried.job_id, retried.status) == (outcome.job_id, PrintStatus.PRINTED)
        assert "BLU-20261122-0007" in virtual.wait_for_receipts(1)[0].text()
    assert queue.pending() == []
    assert job_count(store) == 1


def test_paper_out_then_a_new_roll(queue: PrintQueue, virtual: VirtualPrinter) -> None:
    virtual.state.paper = "out"
    outcome = queue.submit(receipt_document(), kind="receipt")
    assert (outcome.status, outcome.reason) == (PrintStatus.FAILED, "paper_out")
    assert outcome.message is not None and "Kertas printer habis" in outcome.message
    assert virtual.receipts == []
    virtual.state.paper = "near_end"
    assert [o.status for o in queue.retry_pending()] == [PrintStatus.PRINTED]
    state = queue.printer_state()
    assert (state.health, state.reason) == (PrinterHealth.OK, "paper_near_end")
    assert state.message is not None and "hampir habis" in state.message


def test_retry_stops_at_the_first_failure(queue: PrintQueue, clock: FixedClock) -> None:
    for number in range(3):
        queue.submit(PrintDocument(ops=(Text(text=f"Struk {number}"),)), kind="receipt")
        clock.advance(timedelta(seconds=1))
    before = [job.attempts for job in queue.pending()]
    outcomes = queue.retry_pending()
    assert [o.status for o in outcomes] == [PrintStatus.FAILED] * 3
    assert {o.reason for o in outcomes} == {"unreachable"}
    after = [job.attempts for job in queue.pending()]
    assert after == [before[0] + 1, before[1], before[2]]  # one wait, not three


def test_reprint_is_a_marked_copy(queue: PrintQueue, virtual: VirtualPrinter, store: Store) -> None:
    original = queue.submit(receipt_document(), kind="receipt", reference="BLU-20261122-0007")
    copy = queue.reprint(original.job_id)
    plain = queue.reprint(original.job_id, copy=False)
    assert copy.status is plain.status is PrintStatus.PRINTED
    first, second, third = virtual.wait_for_receipts(3)
    assert "SALINAN" not in first.text()
    assert second.lines[0].text == "*** SALINAN ***"
    assert second.lines[0].bold
    assert "SALINAN" not in third.text()
    with store.read() as session:
        marked = session.get(PrintJob, copy.job_id)
        assert marked is not None
        assert (marked.is_copy, marked.reprint_of, marked.reference) == (
            True,
            original.job_id,
            "BLU-20261122-0007",
        )
    assert job_count(store) == 3
    # A copy of a copy is not marked twice.
    queue.reprint(copy.job_id)
    assert virtual.wait_for_receipts(4)[3].text().count("SALINAN") == 1


def test_reprint_of_a_job_that_never_printed_prints_it(
    queue: PrintQueue, store: Store, port: int
) -> None:
    failed = queue.submit(receipt_document(), kind="receipt")
    with VirtualPrinter(port=port) as virtual:
        again = queue.reprint(failed.job_id)
        assert (again.job_id, again.status) == (failed.job_id, PrintStatus.PRINTED)
        assert "SALINAN" not in virtual.wait_for_receipts(1)[0].text()
    assert job_count(store) == 1


def test_reprint_of_an_unknown_job_changes_nothing(queue: PrintQueue, store: Store) -> None:
    queue.submit(receipt_document(), kind="receipt")
    with pytest.raises(NotFoundError) as raised:
        queue.reprint("no-such-job")
    assert raised.value.key == "print_queue.unknown_job"
    assert str(raised.value) == "Tidak ada pekerjaan cetak no-such-job."
    assert job_count(store) == 1


def test_without_a_printer_jobs_are_stored_and_reported(
    store: Store, clock: FixedClock, english: None
) -> None:
    queue = PrintQueue(store, None, clock=clock)
    outcome = queue.submit(receipt_document(), kind="receipt")
    assert (outcome.status, outcome.reason) == (PrintStatus.FAILED, "not_configured")
    assert outcome.message == (
        "The receipt did not print: No printer is configured. It is kept in the print queue; "
        "reprint when the printer is ready."
    )
    (job,) = queue.pending()
    assert (job.attempts, job.last_error) == (0, "not_configured")
    assert queue.printer_state().reason == "not_configured"


def test_a_stalled_printer_does_not_freeze_the_caller(store: Store, clock: FixedClock) -> None:
    with socket.socket() as stalled:  # accepts (the kernel does) but never reads nor answers
        stalled.bind(("127.0.0.1", 0))
        stalled.listen(1)
        printer = open_printer(
            PrinterConfig(
                driver=Driver.NETWORK,
                network_host="127.0.0.1",
                network_port=stalled.getsockname()[1],
                status_timeout=5.0,
            )
        )
        queue = PrintQueue(store, printer, clock=clock, timeout=1.0)
        started = time.monotonic()
        outcome = queue.submit(receipt_document(), kind="receipt")
        elapsed = time.monotonic() - started
    assert (outcome.status, outcome.reason) == (PrintStatus.FAILED, "timeout")
    assert elapsed < 2.5
    assert len(queue.pending()) == 1


def test_last_known_state_survives_a_restart(
    queue: PrintQueue, store: Store, printer: EscposPrinter, clock: FixedClock
) -> None:
    fresh = PrintQueue(store, printer, clock=clock)
    assert fresh.printer_state().health is PrinterHealth.UNKNOWN
    queue.submit(receipt_document(), kind="receipt")
    restarted = PrintQueue(store, printer, clock=clock)
    state = restarted.printer_state()
    assert (state.health, state.reason, state.at) == (
        PrinterHealth.FAILED,
        "unreachable",
        clock.now(),
    )


def test_pending_is_oldest_first_and_last_filters_by_kind(store: Store, clock: FixedClock) -> None:
    queue = PrintQueue(store, None, clock=clock)
    receipt = queue.submit(PrintDocument(title="Struk 1"), kind="receipt")
    clock.advance(timedelta(minutes=1))
    report = queue.submit(PrintDocument(title="Laporan X"), kind="x_report")
    assert [job.id for job in queue.pending()] == [receipt.job_id, report.job_id]
    last_receipt, last_any = queue.last("receipt"), queue.last()
    assert last_receipt is not None and last_receipt.id == receipt.job_id
    assert last_any is not None and last_any.id == report.job_id
    assert queue.last("z_report") is None


def test_an_outlet_database_of_0001_gains_the_queue(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from inventory.migrate import HEAD, alembic_config, current_revision, upgrade
    from tests.conftest import FROZEN_NOW

    old = Store(tmp_path / "old.db")
    with old.write_engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    assert current_revision(old) == "0001"
    backup = upgrade(old, now=FROZEN_NOW)
    assert backup is not None and backup.exists()  # a copy is taken before any upgrade
    assert current_revision(old) == HEAD
    with old.engine.connect() as connection:
        assert inspect(connection).has_table("print_job")
    old.close()
