"""The persistent print queue: printing never decides a sale (DESIGN.md invariant 2).

Every document is stored in the outlet database *before* the printer is tried, then printed once
within a time limit. A job that fails (printer off, paper out, cable pulled, stalled) stays
queued with its error code; the caller gets a :class:`PrintOutcome` whose message tells the
cashier plainly what happened, and the job can be retried or reprinted later. A reprint of a
printed job is a new job, marked as a copy (SALINAN) unless asked otherwise.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import ValidationError
from sqlmodel import col, select

from hardware.document import Align, PrintDocument, Text
from hardware.printer import PrintError, PrinterStatus, ReceiptPrinter
from inventory.clock import Clock
from inventory.db import Store
from inventory.errors import NotFoundError
from inventory.i18n import t
from pos.print_job import PrintJob, PrintJobState

log = logging.getLogger(__name__)

NOT_CONFIGURED = "not_configured"
"""The error code of a job stored while no printer is configured."""

__all__ = [
    "PrintJob",
    "PrintJobState",
    "PrintOutcome",
    "PrintQueue",
    "PrintStatus",
    "PrinterHealth",
    "PrinterState",
]


class PrintStatus(StrEnum):
    """How one attempt went."""

    PRINTED = "printed"
    FAILED = "failed"
    """The job did not print and stays queued."""


@dataclass(frozen=True)
class PrintOutcome:
    """The result of one attempt at a job."""

    job_id: str
    status: PrintStatus
    message: str | None
    """For the cashier, translated, when the job failed."""
    reason: str | None = None
    """The error code when the job failed (``paper_out``, ``unreachable``, ``not_configured``)."""


class PrinterHealth(StrEnum):
    """The printer as last seen by the queue."""

    OK = "ok"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterState:
    """The last known state of the printer, with a translated message when there is news."""

    health: PrinterHealth
    reason: str | None = None
    """Error code when failed; ``paper_near_end`` as a warning when ok."""
    message: str | None = None
    at: datetime | None = None


def failure_message(code: str) -> str:
    """What the cashier reads when a job failed with ``code``."""
    return t("print_queue.failed", reason=t(f"printer.error.{code}"))


def mark_copy(document: PrintDocument) -> PrintDocument:
    """``document`` with the copy banner (``*** SALINAN ***``) at the top."""
    banner = Text(text=t("print_queue.copy_banner"), align=Align.CENTER, bold=True)
    title = f"{document.title} ({t('print_queue.copy_word')})" if document.title else ""
    return document.model_copy(update={"ops": (banner, *document.ops), "title": title})


class PrintQueue:
    """Stores print jobs in the outlet database and sends them to the printer."""

    def __init__(
        self,
        store: Store,
        printer: ReceiptPrinter | None,
        *,
        clock: Clock,
        timeout: float = 10.0,
    ) -> None:
        self.store = store
        self.printer = printer
        self.clock = clock
        self.timeout = timeout
        # One job at a time on the printer, whichever thread asks.
        self._lock = threading.Lock()
        self._state: PrinterState | None = None

    # -- the API the cashier app calls ----------------------------------------------------

    def submit(
        self, document: PrintDocument, *, kind: str, reference: str | None = None
    ) -> PrintOutcome:
        """Store ``document`` as a job, then try to print it once within the time limit."""
        job = self._store(document, kind=kind, reference=reference)
        return self._attempt(job.id, document)

    def retry_pending(self) -> list[PrintOutcome]:
        """Try every queued job, oldest first; after a failure the rest wait for next time."""
        outcomes: list[PrintOutcome] = []
        for job in self.pending():
            if outcomes and outcomes[-1].status is PrintStatus.FAILED:
                last = outcomes[-1]
                outcomes.append(PrintOutcome(job.id, PrintStatus.FAILED, last.message, last.reason))
                continue
            outcomes.append(self._attempt(job.id, self._document(job)))
        return outcomes

    def reprint(self, job_id: str, *, copy: bool = True) -> PrintOutcome:
        """Print a job again: a new job marked as a copy (SALINAN) unless ``copy`` is false.

        A job that never printed is simply tried again: its first print is still owed.
        """
        with self.store.read() as session:
            original = session.get(PrintJob, job_id)
        if original is None:
            raise NotFoundError("print_queue.unknown_job", job=job_id)
        document = self._document(original)
        if original.state is PrintJobState.PENDING:
            return self._attempt(original.id, document)
        marked = copy and not original.is_copy
        if marked:
            document = mark_copy(document)
        job = self._store(
            document,
            kind=original.kind,
            reference=original.reference,
            is_copy=copy or original.is_copy,
            reprint_of=original.id,
        )
        return self._attempt(job.id, document)

    def pending(self) -> list[PrintJob]:
        """Jobs not printed yet, oldest first."""
        with self.store.read() as session:
            query = (
                select(PrintJob)
                .where(PrintJob.state == PrintJobState.PENDING)
                .order_by(col(PrintJob.created_at), col(PrintJob.id))
            )
            return list(session.exec(query).all())

    def last(self, kind: str | None = None) -> PrintJob | None:
        """The newest job (of ``kind``), printed or not: "reprint the last receipt"."""
        with self.store.read() as session:
            query = select(PrintJob).order_by(
                col(PrintJob.created_at).desc(), col(PrintJob.id).desc()
            )
            if kind is not None:
                query = query.where(PrintJob.kind == kind)
            return session.exec(query.limit(1)).first()

    def jobs(self, *, limit: int = 50) -> list[PrintJob]:
        """The newest ``limit`` jobs, newest first (the queue listing)."""
        with self.store.read() as session:
            query = (
                select(PrintJob)
                .order_by(col(PrintJob.created_at).desc(), col(PrintJob.id).desc())
                .limit(limit)
            )
            return list(session.exec(query).all())

    def printer_state(self) -> PrinterState:
        """The printer as last seen: ok, failed (with the reason) or unknown."""
        if self.printer is None:
            return PrinterState(
                PrinterHealth.FAILED, NOT_CONFIGURED, failure_message(NOT_CONFIGURED)
            )
        if self._state is not None:
            return self._state
        with self.store.read() as session:
            query = (
                select(PrintJob)
                .where(col(PrintJob.last_attempt_at).is_not(None))
                .order_by(col(PrintJob.last_attempt_at).desc())
                .limit(1)
            )
            latest = session.exec(query).first()
        if latest is None:
            return PrinterState(PrinterHealth.UNKNOWN)
        if latest.state is PrintJobState.PRINTED:
            return PrinterState(PrinterHealth.OK, at=latest.last_attempt_at)
        reason = latest.last_error or "error"
        return PrinterState(
            PrinterHealth.FAILED, reason, failure_message(reason), latest.last_attempt_at
        )

    # -- internals -------------------------------------------------------------------------

    def _store(
        self,
        document: PrintDocument,
        *,
        kind: str,
        reference: str | None,
        is_copy: bool = False,
        reprint_of: str | None = None,
    ) -> PrintJob:
        job = PrintJob(
            kind=kind,
            reference=reference,
            title=document.title,
            document=document.to_json(),
            is_copy=is_copy,
            reprint_of=reprint_of,
            created_at=self.clock.now(),
        )
        with self.store.write() as session:
            session.add(job)
        return job

    @staticmethod
    def _document(job: PrintJob) -> PrintDocument:
        try:
            return PrintDocument.from_json(job.document)
        except ValidationError:
            log.exception("print job %s holds an unreadable document", job.id)
            # An empty document fails to print nothing useful; keep the job visible instead.
            return PrintDocument(title=job.title, ops=(), cut=False)

    def _attempt(self, job_id: str, document: PrintDocument) -> PrintOutcome:
        code: str | None = None
        detail: str | None = None
        with self._lock:
            if self.printer is None:
                code = NOT_CONFIGURED
            else:
                try:
                    self.printer.print(document, timeout=self.timeout)
                except PrintError as error:
                    code, detail = error.code.value, error.detail
                    log.warning("print job %s failed: %s", job_id, error)
                except Exception as error:  # a driver bug must not lose the job
                    code, detail = "error", repr(error)
                    log.exception("print job %s failed unexpectedly", job_id)
            now = self.clock.now()
            with self.store.write() as session:
                job = session.get(PrintJob, job_id)
                assert job is not None
                if self.printer is not None:
                    job.attempts += 1
                    job.last_attempt_at = now
                if code is None:
                    job.state = PrintJobState.PRINTED
                    job.printed_at = now
                    job.last_error = job.last_detail = None
                else:
                    job.last_error, job.last_detail = code, detail
                session.add(job)
            self._state = self._state_after(code, now)
        if code is None:
            return PrintOutcome(job_id, PrintStatus.PRINTED, None)
        return PrintOutcome(job_id, PrintStatus.FAILED, failure_message(code), code)

    def _state_after(self, code: str | None, now: datetime) -> PrinterState:
        if code is not None:
            return PrinterState(PrinterHealth.FAILED, code, failure_message(code), now)
        status = self.printer.last_status if self.printer else PrinterStatus.UNKNOWN
        if status is PrinterStatus.PAPER_NEAR_END:
            return PrinterState(
                PrinterHealth.OK, status.value, t("printer.status.paper_near_end"), now
            )
        return PrinterState(PrinterHealth.OK, at=now)
