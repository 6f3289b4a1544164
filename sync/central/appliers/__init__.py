"""Every journal kind the centre understands, assembled into the default registry.

Each module of this package exposes ``HANDLERS``: one :class:`~sync.central.registry.KindHandler`
per journal kind it owns. Teaching the centre a new kind (the cashier app's sales, refunds,
shifts and cash movements) is a new module here whose ``HANDLERS`` joins the tuple below; its
tables are already in :mod:`sync.central.tables`. See docs/sync.md, "Adding a journal kind".
"""

from __future__ import annotations

from typing import Any

from sync.central.appliers import inventory, manager, pos
from sync.central.registry import KindHandler, Registry

HANDLERS: tuple[KindHandler[Any], ...] = (*inventory.HANDLERS, *pos.HANDLERS, *manager.HANDLERS)


def default_registry() -> Registry:
    """The registry of every kind this centre accepts."""
    return Registry(HANDLERS)
