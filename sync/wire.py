"""The wire format shared by the outlet and the centre: entries, batches, answers, content hashes.

An entry on the wire is the journal row with its payload as a JSON object::

    {"outlet": "BLU", "seq": 7, "id": "0190…", "kind": "stock.movements",
     "schema_version": 1, "created_at": "2026-11-22T06:00:00+00:00", "payload": {…}}

Its *content hash* is the SHA-256 of the canonical JSON of that object (sorted keys, compact,
UTF-8), so the centre can tell a harmless resend of ``(outlet, seq)`` from a different entry
claiming the same number, whatever the JSON formatting of the request was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from sync.journal import JournalEntry

OUTLET_PATTERN = r"^[A-Z]{2,6}$"
ENVELOPE_FIELDS = ("created_at", "id", "kind", "outlet", "payload", "schema_version", "seq")


class WireEntry(BaseModel):
    """One journal entry as sent to the centre (documents the request body)."""

    model_config = ConfigDict(extra="forbid")

    outlet: Annotated[str, Field(pattern=OUTLET_PATTERN)]
    seq: Annotated[int, Field(ge=1, le=2**62)]
    id: Annotated[str, Field(min_length=1, max_length=36)]
    kind: Annotated[str, Field(min_length=1, max_length=64)]
    schema_version: Annotated[int, Field(ge=1, le=1_000)]
    created_at: Annotated[str, Field(min_length=10, max_length=40)]
    """ISO 8601 with a UTC offset, exactly as the outlet wrote it."""
    payload: dict[str, Any]
    """The document of ``kind``, validated against the same schema the outlet wrote."""


class Batch(BaseModel):
    """``POST /v1/journal``: entries of the token's outlet, any order, each ``seq`` once."""

    model_config = ConfigDict(extra="forbid")

    entries: Annotated[list[WireEntry], Field(min_length=1)]


class Gap(BaseModel):
    """Sequence numbers the centre is missing: ``first`` to ``last`` inclusive."""

    first: int
    last: int


class PushAnswer(BaseModel):
    """The centre's answer to a batch: what it durably holds for the outlet after it."""

    outlet: str
    contiguous_seq: int
    """Every entry from 1 to this ``seq`` is durably committed at the centre."""
    last_seq: int
    """The highest ``seq`` the centre holds (above ``contiguous_seq`` only when there are gaps)."""
    gaps: list[Gap]
    """Missing ranges between ``contiguous_seq`` and ``last_seq`` (the first 100)."""
    stored: int
    """Entries of this batch stored now."""
    duplicates: int
    """Entries of this batch the centre already held, identical."""


class EntryProblem(BaseModel):
    """Why one entry of a batch was refused."""

    index: int
    """Position of the entry in the batch (0-based)."""
    seq: int | None
    """Its ``seq``, when it had a readable one."""
    field: str
    """Dotted path of the offending field (``payload.movements.0.quantity``)."""
    message: str


class ProblemAnswer(BaseModel):
    """A refused batch (HTTP 4xx): nothing of it was stored."""

    error: str
    """Machine-readable reason: ``unauthorized``, ``forbidden``, ``invalid``, ``conflict``..."""
    message: str
    problems: list[EntryProblem] = []


class CatalogItem(BaseModel):
    """One changed row of the master, in the same document shape the outlets write."""

    version: int
    """The catalog version of this change; pull again with ``since`` = the last one seen."""
    entity: Literal["producer", "category", "product"]
    origin: str | None
    """Outlet the row was born at (``None``: made at the centre)."""
    changed_by: str | None
    """Outlet whose entry made this change (``None``: the centre)."""
    doc: dict[str, Any]


class CatalogDelta(BaseModel):
    """``GET /v1/catalog`` answer."""

    since: int
    items: list[CatalogItem]
    next_since: int
    """Version to ask from next time (the last item's, or ``since`` when nothing changed)."""
    more: bool
    """More changes wait beyond this page."""
    latest: int
    """The newest catalog version at the centre."""


def dumps(data: Any) -> str:
    """Canonical JSON text: sorted keys, compact separators, UTF-8 characters as they are."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# json.dumps of one string with ensure_ascii=False, without the encoder set-up per call.
_string: Callable[[str], str] = json.encoder.encode_basestring


def entry_text(
    *,
    outlet: str,
    seq: int,
    id: str,
    kind: str,
    schema_version: int,
    created_at: str,
    payload_text: str,
) -> str:
    """The canonical JSON of a whole entry, built around an already canonical payload text.

    Equal to ``dumps(entry)`` (a test holds the two together) without parsing the payload again:
    the outlet stores payloads canonical, so sending one costs no JSON work.
    """
    return (
        f'{{"created_at":{_string(created_at)},"id":{_string(id)},"kind":{_string(kind)},'
        f'"outlet":{_string(outlet)},"payload":{payload_text},'
        f'"schema_version":{int(schema_version)},"seq":{int(seq)}}}'
    )


def content_hash(canonical_entry: str) -> str:
    """SHA-256 (hex) of an entry's canonical JSON."""
    return hashlib.sha256(canonical_entry.encode("utf-8")).hexdigest()


class JournalRow(Protocol):
    """What a journal entry needs to go on the wire (a ``JournalEntry`` or a plain row)."""

    @property
    def outlet(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def schema_version(self) -> int: ...
    @property
    def created_at(self) -> str: ...
    @property
    def payload(self) -> str: ...


def journal_entry_text(entry: JournalRow | JournalEntry) -> str:
    """The canonical wire JSON of an outlet journal row."""
    return entry_text(
        outlet=entry.outlet,
        seq=entry.seq,
        id=entry.id,
        kind=entry.kind,
        schema_version=entry.schema_version,
        created_at=entry.created_at,
        payload_text=entry.payload,
    )


def batch_body(entries: Iterable[JournalRow | JournalEntry]) -> bytes:
    """The JSON body of ``POST /v1/journal`` for ``entries``."""
    return ('{"entries":[' + ",".join(journal_entry_text(e) for e in entries) + "]}").encode()
