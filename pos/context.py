"""The one factory of an outlet's dependencies, shared by the CLI, the app, tests and benches."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from inventory.clock import Clock, SystemClock
from inventory.db import Store
from inventory.i18n import set_language
from inventory.outlet import open_store
from inventory.stamp import Stamp
from pos.config import Settings


@dataclass
class OutletContext:
    """Everything a command or screen of one outlet needs: settings, database and clock."""

    settings: Settings
    store: Store
    clock: Clock = field(default_factory=SystemClock)

    @property
    def outlet(self) -> str:
        """The outlet code."""
        return self.settings.outlet.code

    def stamp(self, actor: str | None = None) -> Stamp:
        """Who/where/when for a change made now by ``actor`` (the OS user by default)."""
        return Stamp(outlet=self.outlet, actor=actor or f"cli:{_os_user()}", at=self.clock.now())

    def close(self) -> None:
        """Release the database."""
        self.store.close()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_outlet(
    settings: Settings, *, clock: Clock | None = None, create: bool = False
) -> OutletContext:
    """Open the outlet described by ``settings``: language set, database opened and migrated."""
    clock = clock or SystemClock()
    set_language(settings.outlet.language)
    store = open_store(
        settings.database_path,
        outlet_code=settings.outlet.code,
        outlet_name=settings.outlet.name,
        now=clock.now(),
        create=create,
    )
    return OutletContext(settings=settings, store=store, clock=clock)
