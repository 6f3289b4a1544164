"""``nttmart central``: the province's sync service, its outlet registry and its figures.

The central commands read the ``[central]`` section of ``--config FILE`` (or ``NTTMART_CONFIG``);
without a config file they use the defaults and ``NTTMART_CENTRAL__...`` environment variables.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from inventory.clock import format_wita
from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.money import format_rupiah
from pos.cli import central_qris, central_report
from pos.cli.central_users import console_options, user
from pos.cli.state import CliState, echo_json, pass_state
from pos.config import Settings, load_settings
from pos.config_file import CONFIG_ENV, config_path_from
from sync.central import migrate as central_migrate
from sync.central import outlets as registry
from sync.central.db import make_engine
from sync.central.importer import import_file
from sync.central.summary import summarize

if TYPE_CHECKING:
    from fastapi import FastAPI


def _settings(state: CliState) -> Settings:
    if config_path_from(state.config_option) is not None:
        return state.settings()
    return load_settings(None)


def _engine(state: CliState) -> Engine:
    settings = _settings(state)
    return make_engine(settings.central.resolved_url(settings.base_dir))


def _ready_engine(state: CliState) -> Engine:
    engine = _engine(state)
    if central_migrate.current_revision(engine) != central_migrate.HEAD:
        raise NttMartError("central.not_migrated")
    return engine


def _now() -> datetime:
    return datetime.now(UTC)


def app_from_environment() -> FastAPI:
    """The app for ``uvicorn --factory``: settings from ``NTTMART_CONFIG`` and the environment."""
    import gc

    from sync.central.api import create_app

    # A batch parses into tens of thousands of small objects; the default collector thresholds
    # would scan them all again and again (measured: ~40% of validation time).
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    settings = load_settings(config_path_from(None))
    central = settings.central
    engine = make_engine(central.resolved_url(settings.base_dir))
    return create_app(
        engine,
        max_batch_entries=central.max_batch_entries,
        max_batch_bytes=central.max_batch_bytes,
        catalog_page=central.catalog_page,
        console=console_options(settings.central_web),
    )


@click.group()
def central() -> None:
    """The central sync service of the province (PostgreSQL)."""


central_qris.register(central)


@central.command("migrate")
@pass_state
def migrate_command(state: CliState) -> None:
    """Create or upgrade the central database schema."""
    revision = central_migrate.upgrade(_engine(state))
    click.echo(t("central.migrated", revision=revision))


@central.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: [central] host).")
@click.option("--port", type=int, default=None, help="Port (default: [central] port, 8400).")
@click.option("--workers", type=int, default=None, help="Server processes (default: 1).")
@pass_state
def serve(state: CliState, host: str | None, port: int | None, workers: int | None) -> None:
    """Run the HTTP API (behind a TLS reverse proxy in production)."""
    import uvicorn

    settings = _settings(state)
    _ready_engine(state).dispose()
    path = config_path_from(state.config_option)
    if path is not None:
        # Worker processes build their app from the environment (app_from_environment).
        os.environ[CONFIG_ENV] = str(path.resolve())
    host = host or settings.central.host
    port = port or settings.central.port
    click.echo(t("central.serving", url=f"http://{host}:{port}"), err=True)
    uvicorn.run(
        "pos.cli.central:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers or settings.central.workers,
        log_level="info",
        proxy_headers=True,
        # A low-end or busy host can take longer than uvicorn's default 5 s to start a worker.
        timeout_worker_healthcheck=60,
    )


@central.group("outlet")
def outlet() -> None:
    """Register outlets and manage their tokens."""


@outlet.command("add")
@click.argument("code", help="Outlet code (KPG).")
@click.option("--name", required=True, help="Outlet name (NTT Mart Atambua).")
@click.option("--kabupaten", default="", help="Kabupaten/kota of the outlet.")
@pass_state
def outlet_add(state: CliState, code: str, name: str, kabupaten: str) -> None:
    """Register outlet CODE and print its token (shown only this once)."""
    token = registry.add_outlet(
        _ready_engine(state), code=code, name=name, kabupaten=kabupaten, now=_now()
    )
    click.echo(t("central.outlet_added", code=code), err=True)
    click.echo(token)


@outlet.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def outlet_list(state: CliState, as_json: bool) -> None:
    """List registered outlets."""
    found = registry.list_outlets(_ready_engine(state))
    if as_json:
        echo_json(
            [
                {
                    "code": o.code,
                    "name": o.name,
                    "kabupaten": o.kabupaten,
                    "enabled": o.enabled,
                    "last_seq": o.last_seq,
                    "contiguous_seq": o.contiguous_seq,
                    "last_heard_at": o.last_heard_at.isoformat() if o.last_heard_at else None,
                }
                for o in found
            ]
        )
        return
    table = Table(
        t("central.col.code"),
        t("central.col.name"),
        t("field.kabupaten"),
        t("central.col.enabled"),
        t("central.col.last_heard"),
    )
    for o in found:
        heard = format_wita(o.last_heard_at) if o.last_heard_at else "-"
        table.add_row(
            o.code, o.name, o.kabupaten, t("central.yes" if o.enabled else "central.no"), heard
        )
    Console().print(table)


@outlet.command("rotate-token")
@click.argument("code", help="Outlet code (KPG).")
@pass_state
def outlet_rotate(state: CliState, code: str) -> None:
    """Give outlet CODE a new token (the old one stops working) and print it once."""
    token = registry.rotate_token(_ready_engine(state), code=code, now=_now())
    click.echo(t("central.token_rotated", code=code), err=True)
    click.echo(token)


@outlet.command("disable")
@click.argument("code", help="Outlet code (KPG).")
@pass_state
def outlet_disable(state: CliState, code: str) -> None:
    """Refuse everything outlet CODE sends from now on."""
    registry.set_enabled(_ready_engine(state), code=code, enabled=False)
    click.echo(t("central.disabled", code=code))


@outlet.command("enable")
@click.argument("code", help="Outlet code (KPG).")
@pass_state
def outlet_enable(state: CliState, code: str) -> None:
    """Accept outlet CODE again."""
    registry.set_enabled(_ready_engine(state), code=code, enabled=True)
    click.echo(t("central.enabled", code=code))


@central.command("summary")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def summary(state: CliState, as_json: bool) -> None:
    """Per outlet: entries, sales, net total, last and contiguous seq, gaps, last heard."""
    rows = summarize(_ready_engine(state))
    if as_json:
        echo_json([row.as_dict() for row in rows])
        return
    table = Table(
        t("central.col.code"),
        t("central.col.entries"),
        t("central.col.sales"),
        t("central.col.net_total"),
        t("central.col.last_seq"),
        t("central.col.contiguous"),
        t("central.col.gaps"),
        t("central.col.conflicts"),
        t("central.col.last_heard"),
    )
    for row in rows:
        gaps = ", ".join(f"{g.first}-{g.last}" for g in row.gaps[:5]) or "-"
        table.add_row(
            row.code,
            str(row.entries),
            str(row.sales),
            format_rupiah(row.net_total),
            str(row.last_seq),
            str(row.contiguous_seq),
            gaps,
            str(row.open_conflicts),
            format_wita(row.last_heard_at) if row.last_heard_at else "-",
        )
    Console().print(table)


@central.command("import")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Export file of one outlet.",
)
@pass_state
def import_command(state: CliState, file: Path) -> None:
    """Ingest an outlet's export FILE (from ``nttmart sync export``); safe to repeat."""
    info, answer = import_file(_ready_engine(state), file, now=_now())
    click.echo(
        t(
            "central.imported",
            outlet=info.outlet,
            count=info.count,
            stored=answer.stored,
            duplicates=answer.duplicates,
            contiguous=answer.contiguous_seq,
        )
    )


@central.command("conflicts")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def conflicts_command(state: CliState, as_json: bool) -> None:
    """Entries refused because the centre holds other content under the same outlet and seq."""
    from sync.central.summary import conflicts

    found = conflicts(_ready_engine(state))
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo(t("central.no_conflicts"))
        return
    table = Table(t("central.col.code"), "seq", t("central.col.times"), t("central.col.last_heard"))
    for row in found:
        table.add_row(
            row["outlet"],
            str(row["seq"]),
            str(row["times"]),
            format_wita(datetime.fromisoformat(row["last_seen_at"])),
        )
    Console().print(table)


central.add_command(user)
central_report.register(central)  # ``report`` and ``statement`` (regional reports)
