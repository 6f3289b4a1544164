"""Ingest: a batch of one outlet's journal entries, checked whole, stored and applied at once.

1. :func:`check_batch` validates every entry before the database is touched: the envelope, the
   outlet (an entry of another outlet refuses the batch, 403), the kind and its payload schema
   (422 naming the entry and the field). Nothing of a refused batch is stored.
2. :func:`store_batch` runs one transaction holding the outlet's registry row lock, so batches of
   one outlet are applied one at a time whichever service process receives them. Entries the
   centre already holds with the same content hash are skipped (a resend); one with a known
   ``(outlet, seq)`` but other content refuses the batch (409) and is recorded as a conflict.
   New entries go into the raw journal (``COPY`` on PostgreSQL, ``INSERT ... ON CONFLICT DO
   NOTHING`` on SQLite) and through their kind's applier, and the outlet's contiguous ``seq``
   moves on, all in that transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

import psycopg
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DataError, IntegrityError

from sync.central import tables
from sync.central.db import insert_rows, is_postgres, lock_outlet_row
from sync.central.registry import Applied, ApplyContext, Registry
from sync.journal import canonical_dumps
from sync.wire import (
    ENVELOPE_FIELDS,
    OUTLET_PATTERN,
    EntryProblem,
    Gap,
    PushAnswer,
    WireEntry,
    content_hash,
    dumps,
    entry_text,
)

MAX_PROBLEMS = 50
MAX_GAPS = 100


class IngestRefused(Exception):
    """A batch refused as a whole; ``status`` is the HTTP status to answer with."""

    status = 400
    error = "invalid"

    def __init__(self, message: str, problems: Sequence[EntryProblem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class Unauthorized(IngestRefused):
    """No token, or a token the centre does not know."""

    status = 401
    error = "unauthorized"


class Forbidden(IngestRefused):
    """A disabled outlet, or an entry of another outlet than the token's."""

    status = 403
    error = "forbidden"


class Invalid(IngestRefused):
    """A malformed batch or entry."""

    status = 422
    error = "invalid"


class Conflicting(IngestRefused):
    """An entry whose ``(outlet, seq)`` the centre holds with other content."""

    status = 409
    error = "conflict"


class TooLarge(IngestRefused):
    """More entries or bytes than the centre accepts in one request."""

    status = 413
    error = "too_large"


@dataclass(frozen=True, slots=True)
class CheckedEntry:
    """An entry that passed every check, with its document and content hash."""

    index: int
    seq: int
    id: str
    kind: str
    schema_version: int
    created_at: datetime
    payload_text: str
    content_hash: str
    canonical: str
    doc: BaseModel


def _field(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "(entry)"


def _seq_of(item: Any) -> int | None:
    if isinstance(item, dict):
        seq = item.get("seq")
        if isinstance(seq, int) and not isinstance(seq, bool):
            return seq
    return None


@dataclass
class _Problems:
    found: list[EntryProblem] = field(default_factory=list)

    def add(self, index: int, seq: int | None, where: str, message: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(EntryProblem(index=index, seq=seq, field=where, message=message))

    def add_validation(
        self, index: int, seq: int | None, error: ValidationError, prefix: str = ""
    ) -> None:
        for problem in error.errors(include_url=False):
            self.add(index, seq, prefix + _field(problem["loc"]), problem["msg"])


# NUL cannot be stored in PostgreSQL text; canonical JSON spells it \u0000.
_UNSTORABLE = re.compile(r"\\u0000")


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_OUTLET = re.compile(OUTLET_PATTERN)


class _Envelope(NamedTuple):
    outlet: str
    seq: int
    id: str
    kind: str
    schema_version: int
    created_at: str
    payload: dict[str, Any]


def _plain_envelope(item: Any) -> _Envelope | None:
    """The envelope of a well-formed entry without pydantic's cost, or ``None`` to let pydantic
    find and name what is wrong. Accepts exactly what :class:`WireEntry` accepts in strict mode.
    """
    if type(item) is not dict or len(item) != len(ENVELOPE_FIELDS):
        return None
    outlet, seq, entry_id, kind = (
        item.get("outlet"),
        item.get("seq"),
        item.get("id"),
        item.get("kind"),
    )
    version, created, payload = (
        item.get("schema_version"),
        item.get("created_at"),
        item.get("payload"),
    )
    if not (
        type(outlet) is str
        and _OUTLET.fullmatch(outlet)
        and type(seq) is int
        and 1 <= seq <= 2**62
        and type(entry_id) is str
        and 1 <= len(entry_id) <= 36
        and type(kind) is str
        and 1 <= len(kind) <= 64
        and type(version) is int
        and 1 <= version <= 1_000
        and type(created) is str
        and 10 <= len(created) <= 40
        and type(payload) is dict
        and all(type(key) is str for key in payload)
    ):
        return None
    return _Envelope(outlet, seq, entry_id, kind, version, created, payload)


def _may_hold_float(node: Any) -> bool:
    """Whether a value valid for JSON schema ``node`` may hold a float somewhere (conservative:
    an unrecognised or open-ended schema may)."""
    if node is False:
        return False
    if not isinstance(node, dict):
        return True
    if "$ref" in node:
        return False  # every definition is looked at on its own
    for key in ("anyOf", "oneOf", "allOf"):
        if any(_may_hold_float(part) for part in node.get(key, ())):
            return True
    kinds = node.get("type")
    if kinds is None:
        # No type: a union or a constant is decided above; anything else is ``Any``.
        return not ({"anyOf", "oneOf", "allOf", "enum", "const"} & node.keys())
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if kind == "number":
            return True
        if kind == "object" and (
            _may_hold_float(node.get("additionalProperties", True))
            or any(_may_hold_float(p) for p in node.get("properties", {}).values())
            or any(_may_hold_float(p) for p in node.get("patternProperties", {}).values())
        ):
            return True
        if kind == "array" and (
            _may_hold_float(node.get("items", True))
            or any(_may_hold_float(p) for p in node.get("prefixItems", ()))
        ):
            return True
        if kind not in ("object", "array", "string", "integer", "boolean", "null"):
            return True
    return False


@cache
def float_free(schema: type[BaseModel]) -> bool:
    """Whether no valid document of ``schema`` holds a float (strict mode refuses a float
    wherever the schema says integer, string, date or time).

    For such kinds the canonical payload text can be written with orjson: it spells strings,
    integers, booleans and nulls exactly as :func:`sync.wire.dumps` does and differs only in
    floats (``1e+16`` against ``1e16``, ``Infinity`` against ``null``).
    """
    full = schema.model_json_schema()
    parts = [full, *full.get("$defs", {}).values()]
    return not any(_may_hold_float(part) for part in parts)


def _validated(
    payload: dict[str, Any], schema: type[BaseModel]
) -> tuple[str, BaseModel | ValidationError]:
    """The canonical text of ``payload`` and its document, or the validation error.

    The fast text (orjson) is used only when it validates against a float-free schema, where it
    equals the standard library's text; otherwise the standard text is validated, so refusals
    and the texts of other kinds are exactly what they always were.
    """
    if float_free(schema):
        text = canonical_dumps(payload)
        try:
            return text, schema.model_validate_json(text, strict=True)
        except ValidationError:
            pass
    text = dumps(payload)
    try:
        return text, schema.model_validate_json(text, strict=True)
    except ValidationError as error:
        return text, error


def check_batch(
    body: Any, *, outlet: str, registry: Registry, max_entries: int
) -> list[CheckedEntry]:
    """Validate a parsed request body for ``outlet``; return its entries, one per ``seq``.

    Raises :class:`Forbidden` if any entry belongs to another outlet, :class:`TooLarge` for too
    many entries, :class:`Invalid` naming every bad entry and field (up to 50).
    """
    problems = _Problems()
    if not isinstance(body, dict) or set(body) != {"entries"}:
        raise Invalid("the body must be an object with one key, 'entries'")
    raw_entries = body["entries"]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise Invalid("'entries' must be a non-empty list")
    if len(raw_entries) > max_entries:
        raise TooLarge(f"{len(raw_entries)} entries; at most {max_entries} per request")
    foreign: list[EntryProblem] = []
    checked: dict[int, CheckedEntry] = {}
    for index, item in enumerate(raw_entries):
        seq = _seq_of(item)
        envelope = _plain_envelope(item)
        if envelope is None:
            try:
                valid = WireEntry.model_validate(item, strict=True)
            except ValidationError as error:
                problems.add_validation(index, seq, error)
                continue
            envelope = _Envelope(**valid.model_dump())
        if envelope.outlet != outlet:
            foreign.append(
                EntryProblem(
                    index=index,
                    seq=seq,
                    field="outlet",
                    message=f"entry of outlet {envelope.outlet}, token of outlet {outlet}",
                )
            )
            continue
        try:
            created_at = datetime.fromisoformat(envelope.created_at)
        except ValueError:
            created_at = None
        if created_at is None or created_at.tzinfo is None:
            problems.add(index, seq, "created_at", "not an ISO 8601 time with a UTC offset")
            continue
        handler = registry.get(envelope.kind)
        if handler is None:
            problems.add(index, seq, "kind", f"unknown kind {envelope.kind!r}")
            continue
        if envelope.schema_version not in handler.versions:
            problems.add(
                index, seq, "schema_version", f"version {envelope.schema_version} not understood"
            )
            continue
        payload_text, doc = _validated(envelope.payload, handler.schema)
        if isinstance(doc, ValidationError):
            problems.add_validation(index, seq, doc, prefix="payload.")
            continue
        canonical = entry_text(
            outlet=envelope.outlet,
            seq=envelope.seq,
            id=envelope.id,
            kind=envelope.kind,
            schema_version=envelope.schema_version,
            created_at=envelope.created_at,
            payload_text=payload_text,
        )
        if _UNSTORABLE.search(canonical) or not _encodable(canonical):
            problems.add(index, seq, "payload", "text with NUL or unpaired surrogate characters")
            continue
        entry = CheckedEntry(
            index=index,
            seq=envelope.seq,
            id=envelope.id,
            kind=envelope.kind,
            schema_version=envelope.schema_version,
            created_at=created_at,
            payload_text=payload_text,
            content_hash=content_hash(canonical),
            canonical=canonical,
            doc=doc,
        )
        twin = checked.get(entry.seq)
        if twin is not None and twin.content_hash != entry.content_hash:
            problems.add(index, seq, "seq", f"seq {entry.seq} appears twice with other content")
            continue
        checked.setdefault(entry.seq, entry)
    if foreign:
        raise Forbidden("the batch holds entries of another outlet", foreign)
    if problems.found:
        raise Invalid("the batch holds invalid entries; nothing was stored", problems.found)
    return sorted(checked.values(), key=lambda e: e.seq)


_EXISTING_PG = text(
    "SELECT seq, content_hash FROM central_journal WHERE outlet = :outlet AND seq = ANY(:seqs)"
)


def _existing_hashes(connection: Connection, outlet: str, seqs: list[int]) -> dict[int, str]:
    if is_postgres(connection):
        rows = connection.execute(_EXISTING_PG, {"outlet": outlet, "seqs": seqs}).all()
    else:
        journal = tables.journal
        query = select(journal.c.seq, journal.c.content_hash).where(
            journal.c.outlet == outlet, journal.c.seq.in_(bindparam("seqs", expanding=True))
        )
        rows = []
        # SQLite limits the number of bound values per statement.
        for start in range(0, len(seqs), 10_000):
            rows.extend(connection.execute(query, {"seqs": seqs[start : start + 10_000]}).all())
    return {int(seq): str(digest) for seq, digest in rows}


_JOURNAL_COLUMNS = (
    "outlet",
    "seq",
    "id",
    "kind",
    "schema_version",
    "created_at",
    "received_at",
    "content_hash",
    "payload",
)


def _insert_journal(
    connection: Connection, outlet: str, entries: Sequence[CheckedEntry], now: datetime
) -> None:
    if is_postgres(connection):
        # Straight in with COPY. ``entries`` are the ones the centre does not hold, read under
        # the outlet's row lock, which every writer of the raw journal takes first; so no row
        # can clash, and if one ever did, the unique key would refuse the whole batch (nothing
        # stored) rather than let COPY skip it. No staging table: the payload is written once.
        insert_rows(
            connection,
            tables.journal,
            _JOURNAL_COLUMNS,
            [
                (outlet, e.seq, e.id, e.kind, e.schema_version, e.created_at, now,
                 e.content_hash, e.payload_text)
                for e in entries
            ],
        )  # fmt: skip
        return
    statement = sqlite_insert(tables.journal).on_conflict_do_nothing(
        index_elements=["outlet", "seq"]
    )
    connection.execute(
        statement,
        [
            {
                "outlet": outlet,
                "seq": e.seq,
                "id": e.id,
                "kind": e.kind,
                "schema_version": e.schema_version,
                "created_at": e.created_at,
                "received_at": now,
                "content_hash": e.content_hash,
                "payload": e.payload_text,
            }
            for e in entries
        ],
    )


def _apply(
    connection: Connection,
    outlet: str,
    entries: Sequence[CheckedEntry],
    now: datetime,
    registry: Registry,
) -> None:
    by_kind: dict[str, list[Applied[Any]]] = defaultdict(list)
    for entry in entries:  # already in seq order
        by_kind[entry.kind].append(
            Applied(
                outlet=outlet,
                seq=entry.seq,
                id=entry.id,
                created_at=entry.created_at,
                doc=entry.doc,
            )
        )
    context = ApplyContext(connection=connection, outlet=outlet, now=now)
    for kind in sorted(by_kind):
        handler = registry.get(kind)
        assert handler is not None  # check_batch refused unknown kinds
        handler.apply(context, by_kind[kind])


def _contiguous_from(connection: Connection, outlet: str, contiguous: int) -> int:
    """Walk the stored seqs above ``contiguous`` until the first missing one."""
    journal = tables.journal
    while True:
        seqs = (
            connection.execute(
                select(journal.c.seq)
                .where(journal.c.outlet == outlet, journal.c.seq > contiguous)
                .order_by(journal.c.seq)
                .limit(10_000)
            )
            .scalars()
            .all()
        )
        for seq in seqs:
            if seq != contiguous + 1:
                return contiguous
            contiguous = seq
        if len(seqs) < 10_000:
            return contiguous


_GAPS = text(
    "SELECT seq, nxt FROM (SELECT seq, lead(seq) OVER (ORDER BY seq) AS nxt "
    "FROM central_journal WHERE outlet = :outlet AND seq >= :start) AS t "
    "WHERE nxt > seq + 1 ORDER BY seq LIMIT :limit"
)


def gaps_of(connection: Connection, outlet: str, contiguous: int, last_seq: int) -> list[Gap]:
    """The missing ranges of ``outlet`` between ``contiguous`` and ``last_seq`` (first 100)."""
    if last_seq <= contiguous:
        return []
    found: list[Gap] = []
    start = contiguous
    if contiguous == 0:
        first = connection.execute(
            select(tables.journal.c.seq)
            .where(tables.journal.c.outlet == outlet)
            .order_by(tables.journal.c.seq)
            .limit(1)
        ).scalar_one()
        found.append(Gap(first=1, last=first - 1))
        start = first
    rows = connection.execute(
        _GAPS, {"outlet": outlet, "start": start, "limit": MAX_GAPS - len(found)}
    ).all()
    found.extend(Gap(first=seq + 1, last=nxt - 1) for seq, nxt in rows)
    return found


def _record_conflicts(
    engine: Engine,
    outlet: str,
    clashes: Sequence[tuple[CheckedEntry, str]],
    now: datetime,
) -> None:
    rows = [
        {
            "outlet": outlet,
            "seq": entry.seq,
            "stored_hash": stored,
            "offered_hash": entry.content_hash,
            "offered_entry": entry.canonical,
            "first_seen_at": now,
            "last_seen_at": now,
            "times": 1,
        }
        for entry, stored in clashes
    ]
    with engine.begin() as connection:
        insert = pg_insert if is_postgres(connection) else sqlite_insert
        statement = insert(tables.conflict)
        statement = statement.on_conflict_do_update(
            index_elements=["outlet", "seq", "offered_hash"],
            set_={
                "last_seen_at": statement.excluded.last_seen_at,
                "times": tables.conflict.c.times + 1,
            },
        )
        connection.execute(statement, rows)


def _reason(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).splitlines()[0][:300]


def store_batch(
    engine: Engine,
    *,
    outlet: str,
    entries: Sequence[CheckedEntry],
    now: datetime,
    registry: Registry,
) -> PushAnswer:
    """Store and apply checked ``entries`` of ``outlet`` in one transaction; see the module doc."""
    clashes: list[tuple[CheckedEntry, str]] = []
    try:
        with engine.begin() as connection:
            row = lock_outlet_row(connection, outlet)
            if row is None or not row.enabled:
                raise Forbidden(f"outlet {outlet} is not enabled at the centre")
            existing = _existing_hashes(connection, outlet, [e.seq for e in entries])
            clashes = [
                (e, existing[e.seq])
                for e in entries
                if existing.get(e.seq, e.content_hash) != e.content_hash
            ]
            if clashes:
                raise Conflicting(
                    "entries conflict with what the centre holds; nothing was stored",
                    [
                        EntryProblem(
                            index=e.index,
                            seq=e.seq,
                            field="(entry)",
                            message="the centre holds another entry with this seq",
                        )
                        for e, _ in clashes[:MAX_PROBLEMS]
                    ],
                )
            new = [e for e in entries if e.seq not in existing]
            contiguous, last_seq = int(row.contiguous_seq), int(row.last_seq)
            if new:
                _insert_journal(connection, outlet, new, now)
                _apply(connection, outlet, new, now, registry)
                new_last = max(last_seq, new[-1].seq)
                if last_seq == contiguous:
                    # No gaps before: this batch alone decides how far the run goes.
                    for entry in new:
                        if entry.seq != contiguous + 1:
                            break
                        contiguous = entry.seq
                else:
                    contiguous = _contiguous_from(connection, outlet, contiguous)
                last_seq = new_last
            connection.execute(
                update(tables.outlet)
                .where(tables.outlet.c.code == outlet)
                .values(
                    contiguous_seq=contiguous,
                    last_seq=last_seq,
                    entry_count=tables.outlet.c.entry_count + len(new),
                    last_heard_at=now,
                )
            )
            gaps = gaps_of(connection, outlet, contiguous, last_seq)
    except Conflicting:
        _record_conflicts(engine, outlet, clashes, now)
        raise
    except (
        IntegrityError,
        DataError,
        OverflowError,
        # COPY runs on the driver connection, whose errors SQLAlchemy does not wrap.
        psycopg.IntegrityError,
        psycopg.DataError,
    ) as error:
        raise Invalid(
            "the batch clashes with data the centre holds; nothing was stored",
            [EntryProblem(index=-1, seq=None, field="payload", message=_reason(error))],
        ) from None
    return PushAnswer(
        outlet=outlet,
        contiguous_seq=contiguous,
        last_seq=last_seq,
        gaps=gaps,
        stored=len(new),
        duplicates=len(entries) - len(new),
    )


def journal_state(engine: Engine, outlet: str) -> PushAnswer:
    """What the centre holds of ``outlet``'s journal now (an answer with nothing stored)."""
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.outlet.c.contiguous_seq, tables.outlet.c.last_seq).where(
                tables.outlet.c.code == outlet
            )
        ).one()
        gaps = gaps_of(connection, outlet, int(row.contiguous_seq), int(row.last_seq))
    return PushAnswer(
        outlet=outlet,
        contiguous_seq=int(row.contiguous_seq),
        last_seq=int(row.last_seq),
        gaps=gaps,
        stored=0,
        duplicates=0,
    )
