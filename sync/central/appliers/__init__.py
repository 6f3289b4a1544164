"""Every journal kind the centre understands, assembled into the default registry.

Each module of this package exposes ``HANDLERS``: one :class:`~sync.central.registry.KindHandler`
per journal kind it owns: ``inventory`` the base layer's (catalog, stock movements, audit),
``pos`` the till's (sales, refunds, shifts, cash), ``manager`` the store manager's (receiving,
consignment, counts, adjustments, transfers, units, shelves). See docs/sync.md, "Journal kinds
and the central tables" and "Adding a journal kind".
"""

from __future__ import annotations

from typing import Any

from sync.central import verifications
from sync.central.appliers import inventory, manager, pos
from sync.central.registry import KindHandler, Registry

HANDLERS: tuple[KindHandler[Any], ...] = (
    *inventory.HANDLERS,
    *pos.HANDLERS,
    *manager.HANDLERS,
    *verifications.HANDLERS,
)


def default_registry() -> Registry:
    """The registry of every kind this centre accepts."""
    return Registry(HANDLERS)
