"""``nttmart sync``: push the journal to the centre, pull the catalog, and see how it goes."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table
from sqlmodel import select

from inventory.clock import format_wita
from inventory.errors import InvalidInputError, NttMartError
from inventory.i18n import t
from pos.cli.state import CliState, echo_json, pass_state
from pos.context import OutletContext
from sync import journal
from sync.client import SyncLock, SyncWorker, WorkerSettings, push, sync_status
from sync.exportfile import write_export
from sync.journal import JournalEntry
from sync.pull import open_conflicts, pull_catalog, resolve_conflict
from sync.transport import CentralClient
from sync.verifications import pull_verifications


@click.group()
def sync() -> None:
    """Send the outlet's journal to the centre and bring catalog changes back."""


def _client(context: OutletContext) -> CentralClient:
    settings = context.settings.sync
    return CentralClient(
        settings.central_url,
        settings.token,
        timeout=settings.timeout,
        compress=settings.compress,
    )


@sync.command("push")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@pass_state
def push_command(state: CliState, quiet: bool) -> None:
    """Send every waiting journal entry now (once), with a progress bar."""
    context = state.outlet()
    client = _client(context)
    with (
        SyncLock(context.settings.database_path),
        Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=quiet,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task(t("sync.pushing"), total=None)
        report = push(
            context.store,
            client,
            outlet=context.outlet,
            clock=context.clock,
            batch_size=context.settings.sync.batch_size,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    client.close()
    click.echo(t("sync.pushed", sent=report.sent, acked=report.acked_seq, waiting=report.waiting))


@sync.command("pull")
@pass_state
def pull_command(state: CliState) -> None:
    """Fetch catalog changes from the centre now (local edits are never overwritten)."""
    context = state.outlet()
    client = _client(context)
    with SyncLock(context.settings.database_path):
        report = pull_catalog(context.store, client, outlet=context.outlet, clock=context.clock)
        verified = pull_verifications(
            context.store, client, outlet=context.outlet, clock=context.clock
        )
    client.close()
    click.echo(
        t(
            "sync.pulled",
            applied=report.applied,
            unchanged=report.unchanged,
            conflicts=report.conflicts,
            version=report.catalog_version,
        )
    )
    if verified:
        click.echo(t("recon.verified_pulled", count=verified))


@sync.command("run")
@pass_state
def run_command(state: CliState) -> None:
    """Keep pushing and pulling until stopped (Ctrl+C or SIGTERM): the sync daemon."""
    context = state.outlet()
    settings = context.settings.sync
    worker = SyncWorker(
        context.store,
        _client(context),
        outlet=context.outlet,
        clock=context.clock,
        settings=WorkerSettings(
            batch_size=settings.batch_size,
            push_interval=settings.push_interval,
            pull_interval=settings.pull_interval,
            backoff_initial=settings.backoff_initial,
            backoff_max=settings.backoff_max,
        ),
    )

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop_event.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    click.echo(t("sync.running", outlet=context.outlet, url=settings.central_url), err=True)
    worker.run()
    worker.client.close()


@sync.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def status_command(state: CliState, as_json: bool) -> None:
    """Outlet, last and acknowledged seq, entries waiting, last success, last error."""
    context = state.outlet()
    status = sync_status(
        context.store,
        outlet=context.outlet,
        now=context.clock.now(),
        configured=bool(context.settings.sync.central_url),
    )
    if as_json:
        echo_json(status.as_dict())
        return
    state_key = "sync.online" if status.online else "sync.offline"
    if not status.configured:
        state_key = "sync.off"
    lines = [
        (t("sync.field.outlet"), status.outlet),
        (t("sync.field.state"), t(state_key)),
        (t("sync.field.last_seq"), str(status.last_seq)),
        (t("sync.field.acked_seq"), str(status.acked_seq)),
        (t("sync.field.waiting"), str(status.waiting)),
        (
            t("sync.field.last_success"),
            format_wita(status.last_success_at, seconds=True) if status.last_success_at else "-",
        ),
        (t("sync.field.last_error"), status.last_error or "-"),
        (t("sync.field.catalog_version"), str(status.catalog_version)),
        (t("sync.field.conflicts"), str(status.catalog_conflicts)),
    ]
    for label, value in lines:
        click.echo(f"{label}: {value}")


@sync.command("export")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write, e.g. on the USB stick.",
)
@click.option("--from-seq", type=int, default=None, help="First seq (default: unacknowledged).")
@pass_state
def export_command(state: CliState, out: Path, from_seq: int | None) -> None:
    """Write the unacknowledged journal to OUT, signed, for a USB stick (no link at all)."""
    context = state.outlet()
    token = context.settings.sync.token
    if not token:
        raise NttMartError("sync.no_token")
    if from_seq is not None and from_seq < 1:
        raise InvalidInputError("sync.bad_from_seq", seq=from_seq)
    with context.store.read() as session:
        start = (
            journal.state(session, context.outlet).acked_seq if from_seq is None else from_seq - 1
        )
        entries = list(
            session.exec(
                select(JournalEntry).where(JournalEntry.seq > start).order_by(JournalEntry.seq)  # type: ignore[arg-type]
            ).all()
        )
    info = write_export(
        out, outlet=context.outlet, token=token, entries=entries, created_at=context.clock.now()
    )
    click.echo(
        t(
            "sync.exported",
            count=info.count,
            first=info.from_seq or "-",
            last=info.to_seq or "-",
            path=str(out),
        )
    )


@sync.command("conflicts")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def conflicts_command(state: CliState, as_json: bool) -> None:
    """Catalog changes from the centre held back because the row was edited here."""
    context = state.outlet()
    found = open_conflicts(context.store)
    if as_json:
        echo_json(
            [
                {
                    "entity": c.entity,
                    "id": c.entity_id,
                    "reason": c.reason,
                    "central_version": c.central_version,
                    "local_version": c.local_version,
                    "central": c.central_doc,
                    "detected_at": c.detected_at.isoformat(),
                }
                for c in found
            ]
        )
        return
    if not found:
        click.echo(t("sync.no_conflicts"))
        return
    table = Table(t("sync.field.entity"), "ID", t("sync.field.reason"), t("sync.field.detected"))
    for c in found:
        table.add_row(
            c.entity, c.entity_id, t(f"sync.reason.{c.reason}"), format_wita(c.detected_at)
        )
    Console().print(table)
    click.echo(t("sync.resolve_hint"))


@sync.command("resolve")
@click.argument(
    "entity_id", help="Id of the conflicting row, as listed by 'nttmart sync conflicts'."
)
@click.option(
    "--keep", type=click.Choice(["local", "central"]), required=True, help="Which version to keep."
)
@pass_state
def resolve_command(state: CliState, entity_id: str, keep: str) -> None:
    """Settle the catalog conflict of ENTITY_ID, keeping the local or the central version."""
    context = state.outlet()
    resolve_conflict(context.store, entity_id=entity_id, keep=keep, now=context.clock.now())
    click.echo(t("sync.resolved", id=entity_id, keep=keep))
