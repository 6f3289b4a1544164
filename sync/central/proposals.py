"""Catalog proposals: an outlet's edit of a master row it does not own, for the admins to adopt
(published as a new catalog version every outlet pulls) or reject (with a reason).

Plain functions over an engine, so the CLI and a web console call the same thing. A proposal
without a row in ``central_catalog_proposal_decision`` is pending; a decision is taken once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, Table, select, update

from inventory.documents import CategoryDoc, ProducerDoc, ProductDoc
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from sync.central import tables
from sync.central.appliers.inventory import category_values, producer_values, product_values
from sync.central.registry import ApplyContext

PENDING, ADOPTED, REJECTED = "pending", "adopted", "rejected"
STATUSES = (PENDING, ADOPTED, REJECTED)
MAX_REASON = 500

_ENTITIES: dict[str, tuple[Table, type[BaseModel], Callable[[Any], dict[str, Any]]]] = {
    "producer": (tables.producer, ProducerDoc, producer_values),
    "category": (tables.category, CategoryDoc, category_values),
    "product": (tables.product, ProductDoc, product_values),
}


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposal as the admins see it, with what it would change in the master."""

    id: int
    outlet: str
    seq: int
    entity: str
    entity_id: str
    label: str
    """The row's SKU and name (product) or name."""
    received_at: datetime
    status: str
    changes: dict[str, tuple[Any, Any]]
    """Column -> (master now, proposed), only the columns that differ."""
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None
    catalog_version: int | None = None
    base_version: int | None = None
    """The master row's catalog version when the proposal arrived (unknown before c0009)."""
    master_version: int | None = None
    """The master row's catalog version now."""

    @property
    def master_changed(self) -> bool:
        """The master row changed after the proposal arrived (a pending one would undo that)."""
        return (
            self.status == PENDING
            and self.base_version is not None
            and self.master_version != self.base_version
        )

    def as_json(self) -> dict[str, Any]:
        """The proposal as plain JSON data."""
        data = asdict(self)
        data["received_at"] = self.received_at.isoformat()
        data["decided_at"] = self.decided_at.isoformat() if self.decided_at else None
        data["changes"] = {k: list(v) for k, v in self.changes.items()}
        data["master_changed"] = self.master_changed
        return data


def _values(entity: str, doc_text: str) -> tuple[BaseModel, dict[str, Any]]:
    _, schema, values_of = _ENTITIES[entity]
    doc = schema.model_validate_json(doc_text)
    return doc, values_of(doc)


def _label(entity: str, values: dict[str, Any]) -> str:
    if entity == "product":
        return f"{values['sku']} {values['name']}"
    return str(values["name"])


def _proposal(connection: Connection, row: Any) -> Proposal:
    table = _ENTITIES[row.entity][0]
    _, proposed = _values(row.entity, row.doc)
    master = connection.execute(select(table).where(table.c.id == row.entity_id)).mappings().first()
    changes = {
        key: (None if master is None else master[key], value)
        for key, value in proposed.items()
        if master is None or master[key] != value
    }
    changes.pop("version", None)  # the outlet's own edit counter, not a change of content
    return Proposal(
        id=int(row.id),
        outlet=row.outlet,
        seq=int(row.seq),
        entity=row.entity,
        entity_id=row.entity_id,
        label=_label(row.entity, proposed),
        received_at=row.received_at,
        status=row.status or PENDING,
        changes=changes,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.reason,
        catalog_version=row.catalog_version,
        base_version=row.base_version,
        master_version=None if master is None else master["catalog_version"],
    )


def _query() -> Any:
    p, d = tables.catalog_proposal, tables.catalog_proposal_decision
    return select(
        p.c.id,
        p.c.outlet,
        p.c.seq,
        p.c.entity,
        p.c.entity_id,
        p.c.doc,
        p.c.received_at,
        p.c.base_version,
        d.c.status,
        d.c.decided_at,
        d.c.decided_by,
        d.c.reason,
        d.c.catalog_version,
    ).outerjoin(d, d.c.proposal_id == p.c.id)


def list_proposals(engine: Engine, *, status: str | None = None) -> list[Proposal]:
    """Proposals, oldest first; only those with ``status`` (pending, adopted, rejected) if given."""
    if status is not None and status not in STATUSES:
        raise InvalidInputError("proposal.bad_status", status=status, valid=", ".join(STATUSES))
    d = tables.catalog_proposal_decision
    query = _query().order_by(tables.catalog_proposal.c.id)
    if status == PENDING:
        query = query.where(d.c.status.is_(None))
    elif status is not None:
        query = query.where(d.c.status == status)
    with engine.connect() as connection:
        return [_proposal(connection, row) for row in connection.execute(query).all()]


def _pending(connection: Connection, proposal_id: int) -> Any:
    row = connection.execute(_query().where(tables.catalog_proposal.c.id == proposal_id)).first()
    if row is None:
        raise NotFoundError("proposal.unknown", id=proposal_id)
    if row.status is not None:
        raise ConflictError(
            "proposal.decided", id=proposal_id, status=row.status, by=row.decided_by
        )
    return row


def _decided_by(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise InvalidInputError("proposal.no_admin")
    return cleaned[:120]


def adopt_proposal(
    engine: Engine, *, proposal_id: int, by: str, now: datetime, force: bool = False
) -> Proposal:
    """Write the proposed document over the master row, as a new catalog version (every outlet
    pulls it), and record the decision. Refuses an unknown or already decided proposal, and,
    unless ``force``, one whose master row changed after it arrived (adopting it would undo
    that change: the admin decides knowingly, or rejects it)."""
    admin = _decided_by(by)
    with engine.begin() as connection:
        row = _pending(connection, proposal_id)
        table = _ENTITIES[row.entity][0]
        if row.base_version is not None and not force:
            master = connection.execute(
                select(table.c.catalog_version, table.c.changed_by)
                .where(table.c.id == row.entity_id)
                .with_for_update()
            ).first()
            if master is not None and master.catalog_version != row.base_version:
                raise ConflictError(
                    "proposal.master_changed",
                    id=proposal_id,
                    base=row.base_version,
                    now=master.catalog_version,
                    by=master.changed_by or "-",
                )
        _, values = _values(row.entity, row.doc)
        context = ApplyContext(connection=connection, outlet=row.outlet, now=now)
        version = context.next_catalog_versions(1)
        changed = connection.execute(
            update(table)
            .where(table.c.id == row.entity_id)
            .values(**values, catalog_version=version, changed_by=row.outlet, updated_at=now)
        ).rowcount
        if changed != 1:
            raise NotFoundError("proposal.no_master_row", id=proposal_id, entity=row.entity)
        connection.execute(
            tables.catalog_proposal_decision.insert().values(
                proposal_id=proposal_id,
                status=ADOPTED,
                decided_at=now,
                decided_by=admin,
                reason=None,
                catalog_version=version,
            )
        )
        return _proposal(connection, _fetch(connection, proposal_id))


def reject_proposal(
    engine: Engine, *, proposal_id: int, by: str, reason: str, now: datetime
) -> Proposal:
    """Record that the admins rejected the proposal, and why; the master stays as it is."""
    admin = _decided_by(by)
    cleaned = " ".join((reason or "").split())
    if not cleaned:
        raise InvalidInputError("proposal.no_reason")
    if len(cleaned) > MAX_REASON:
        raise InvalidInputError("proposal.reason_too_long", max=MAX_REASON)
    with engine.begin() as connection:
        _pending(connection, proposal_id)
        connection.execute(
            tables.catalog_proposal_decision.insert().values(
                proposal_id=proposal_id,
                status=REJECTED,
                decided_at=now,
                decided_by=admin,
                reason=cleaned,
                catalog_version=None,
            )
        )
        return _proposal(connection, _fetch(connection, proposal_id))


def _fetch(connection: Connection, proposal_id: int) -> Any:
    return connection.execute(_query().where(tables.catalog_proposal.c.id == proposal_id)).one()
