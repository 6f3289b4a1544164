"""Opening an outlet's database: create or migrate it, and check it belongs to this outlet."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import select

from inventory.db import Store
from inventory.errors import ConfigError, NttMartError
from inventory.migrate import upgrade
from inventory.models import OutletInfo


def open_store(
    path: Path, *, outlet_code: str, outlet_name: str, now: datetime, create: bool = False
) -> Store:
    """Open (or with ``create``, make) the outlet database at ``path``, migrated to the head.

    Refuses a missing file unless ``create`` is set, and a file that belongs to another outlet.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise NttMartError("db.missing", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    try:
        upgrade(store, now=now)
        with store.read() as session:
            info = session.get(OutletInfo, outlet_code)
            other = None if info else session.exec(select(OutletInfo)).first()
        if other is not None:
            raise ConfigError(
                "db.other_outlet", path=str(path), stored=other.code, configured=outlet_code
            )
        if info is None:
            with store.write() as session:
                session.add(OutletInfo(code=outlet_code, name=outlet_name, created_at=now))
    except BaseException:
        store.close()
        raise
    return store
