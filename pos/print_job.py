"""The outlet's print queue table: every print job, kept until (and after) it printed."""

# No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from inventory.db import StrEnumType, UTCDateTime
from inventory.ids import new_id


class PrintJobState(StrEnum):
    """Whether a job has printed; a failed job stays ``pending`` until a retry prints it."""

    PENDING = "pending"
    PRINTED = "printed"


class PrintJob(SQLModel, table=True):
    """One document to print (receipt, refund slip, report), stored before the first attempt."""

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_state_created", "state", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(max_length=32, index=True)
    """What the document is: ``receipt``, ``refund``, ``z_report``, ``test``..."""
    reference: str | None = Field(default=None, max_length=64, index=True)
    """The business document it prints (a receipt number), if any."""
    title: str = ""
    document: str
    """The :class:`hardware.document.PrintDocument` as JSON, exactly as it will print."""
    is_copy: bool = False
    """A reprint marked as a copy (SALINAN)."""
    reprint_of: str | None = Field(default=None, foreign_key="print_job.id")
    state: PrintJobState = Field(default=PrintJobState.PENDING, sa_type=StrEnumType(PrintJobState))
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=32)
    """Error code of the last failed attempt (``paper_out``, ``unreachable``...)."""
    last_detail: str | None = None
    """Technical detail of the last failure, for diagnostics."""
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    printed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
