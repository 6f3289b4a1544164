"""The console's router under ``/admin/``: login and logout, the outlets overview, every
registered report as a page with its downloads, and user administration for admins.

Who sees what:

- nobody logged in: pages redirect to the login form, downloads answer 401; no data either way;
- ``admin``: everything, and the POST actions;
- ``viewer``: everything, read only (POST actions answer 403);
- ``outlet``: only its own outlet; every report is built for that outlet, and asking for another
  outlet answers 403.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter
from sqlalchemy import Engine

from sync.central.web import auth
from sync.central.web.admin_users import add_user_routes
from sync.central.web.console import Console
from sync.central.web.login import add_login_routes
from sync.central.web.options import ConsoleOptions
from sync.central.web.pages import add_page_routes


def load_reports() -> None:
    """Fill the report registry: the catalog module imports every report module."""
    try:
        importlib.import_module("sync.central.reports.catalog_of_reports")
    except ModuleNotFoundError as missing:
        if missing.name != "sync.central.reports.catalog_of_reports":
            raise


def console_router(
    engine: Engine, options: ConsoleOptions, clock: Callable[[], datetime]
) -> APIRouter:
    """The console's routes on ``engine`` (included by ``create_app``)."""
    load_reports()
    console = Console(engine=engine, options=options, clock=clock)
    router = APIRouter(prefix=auth.PREFIX, include_in_schema=False)
    add_login_routes(router, console)
    add_page_routes(router, console)
    add_user_routes(router, console)
    return router
