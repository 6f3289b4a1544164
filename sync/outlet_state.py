"""Tables of the outlet database owned by sync: catalog pull progress and catalog conflicts.

The push side needs no table of its own: the journal and ``journal_state`` (sync.journal) hold
everything. The pull side remembers the catalog version it holds, and per row the central
version and the local version it last agreed on, so an edit made at the outlet since then is
recognised and never overwritten.
"""

# No ``from __future__ import annotations``: SQLModel reads the annotations at class creation.

from datetime import datetime

from sqlmodel import Field, SQLModel

from inventory.db import UTCDateTime


class CatalogPullState(SQLModel, table=True):
    """How far this outlet has pulled the central catalog."""

    __tablename__ = "sync_catalog_state"

    outlet: str = Field(primary_key=True, max_length=8)
    catalog_version: int = 0
    last_pull_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = None


class CatalogBase(SQLModel, table=True):
    """The last agreement on one catalog row: central version and the local version matching it."""

    __tablename__ = "sync_catalog_base"

    entity: str = Field(primary_key=True, max_length=16)
    entity_id: str = Field(primary_key=True, max_length=36)
    central_version: int
    local_version: int


class CatalogConflict(SQLModel, table=True):
    """A central change not applied because the row was edited here (or clashes with a row here).

    One per row: a newer central change of the same row replaces the older one. Managers list
    them with ``nttmart sync conflicts`` and settle each with ``nttmart sync resolve``.
    """

    __tablename__ = "sync_catalog_conflict"

    entity: str = Field(primary_key=True, max_length=16)
    entity_id: str = Field(primary_key=True, max_length=36)
    central_version: int
    central_doc: str
    local_version: int
    # local_edit, sku_taken, barcode_taken, plu_taken, name_taken
    reason: str = Field(max_length=24)
    detected_at: datetime = Field(sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution: str | None = Field(default=None, max_length=16)
