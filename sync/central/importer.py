"""``nttmart central import``: an outlet's export file through the same idempotent ingest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from inventory.errors import InvalidInputError
from sync.central import outlets
from sync.central.appliers import default_registry
from sync.central.ingest import IngestRefused, check_batch, journal_state, store_batch
from sync.central.registry import Registry
from sync.exportfile import ExportInfo, read_export
from sync.wire import PushAnswer


def import_file(
    engine: Engine, path: Path, *, now: datetime, registry: Registry | None = None
) -> tuple[ExportInfo, PushAnswer]:
    """Verify the export file at ``path`` whole, then ingest it in one transaction.

    Entries the centre already holds are skipped, so importing a file twice, or a file that
    overlaps what the outlet pushed, changes nothing. Raises :class:`InvalidInputError` for a
    damaged, foreign or refused file; nothing of it is stored then.
    """
    registry = registry or default_registry()

    def key_of(code: str) -> str | None:
        found = outlets.export_key_of(engine, code)
        return None if found is None else found[0]

    export = read_export(path, key_of=key_of)
    outlet = export.info.outlet
    found = outlets.export_key_of(engine, outlet)
    if found is None or not found[1]:
        raise InvalidInputError("central.import_disabled", file=str(path), outlet=outlet)
    if not export.entries:
        return export.info, journal_state(engine, outlet)
    try:
        entries = check_batch(
            {"entries": export.entries},
            outlet=outlet,
            registry=registry,
            max_entries=len(export.entries),
        )
        answer = store_batch(engine, outlet=outlet, entries=entries, now=now, registry=registry)
    except IngestRefused as refused:
        detail = (
            "; ".join(f"seq {p.seq}: {p.field}: {p.message}" for p in refused.problems[:5])
            or refused.message
        )
        raise InvalidInputError(
            "central.import_refused", file=str(path), reason=f"{refused.message} ({detail})"
        ) from None
    return export.info, answer
