"""``nttmart central proposal ...`` and ``nttmart central transfer-refusals``: the admins'
decisions on catalog proposals, and the transfer receipts the centre refused."""

from __future__ import annotations

import getpass

import click
from rich.console import Console
from rich.table import Table

from inventory.clock import format_wita
from inventory.i18n import t
from pos.cli.central import _now, _ready_engine, central
from pos.cli.state import CliState, echo_json, pass_state
from sync.central import proposals as service
from sync.central.transfer_refusals import list_refusals


def _admin() -> str:
    return f"cli:{getpass.getuser()}"


def _changes(proposal: service.Proposal) -> str:
    return "; ".join(f"{key}: {old} -> {new}" for key, (old, new) in proposal.changes.items())


def _status(proposal: service.Proposal) -> str:
    status = proposal.status
    if proposal.decided_by is not None:
        status = f"{status} ({proposal.decided_by})"
    if proposal.master_changed:
        status = f"{status}, {t('proposal.stale')}"
    return status


@central.group("proposal")
def proposal() -> None:
    """Outlets' edits of master catalog rows they do not own: adopt or reject them."""


@proposal.command("list")
@click.option("--status", type=click.Choice(service.STATUSES), help="Only these proposals.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def proposal_list(state: CliState, status: str | None, as_json: bool) -> None:
    """List catalog proposals with what each would change in the master."""
    found = service.list_proposals(_ready_engine(state), status=status)
    if as_json:
        echo_json([p.as_json() for p in found])
        return
    if not found:
        click.echo(t("proposal.none"))
        return
    table = Table(
        t("proposal.col.id"),
        t("proposal.col.outlet"),
        t("proposal.col.entity"),
        t("proposal.col.row"),
        t("proposal.col.changes"),
        t("proposal.col.received"),
        t("proposal.col.status"),
    )
    for p in found:
        table.add_row(
            str(p.id),
            p.outlet,
            p.entity,
            p.label,
            _changes(p),
            format_wita(p.received_at),
            _status(p),
        )
    Console().print(table)


@proposal.command("adopt")
@click.argument(
    "proposal_id",
    type=int,
    help="Number of the proposal, as listed by 'nttmart central proposal list'.",
)
@click.option("--by", default=None, help="Who decides (default: cli:<os user>).")
@click.option(
    "--force", is_flag=True, help="Adopt even though the master row changed since the proposal."
)
@pass_state
def proposal_adopt(state: CliState, proposal_id: int, by: str | None, force: bool) -> None:
    """Apply proposal PROPOSAL_ID to the master catalog as a new version every outlet pulls."""
    done = service.adopt_proposal(
        _ready_engine(state), proposal_id=proposal_id, by=by or _admin(), now=_now(), force=force
    )
    click.echo(t("proposal.adopted", id=done.id, version=done.catalog_version))


@proposal.command("reject")
@click.argument(
    "proposal_id",
    type=int,
    help="Number of the proposal, as listed by 'nttmart central proposal list'.",
)
@click.option("--reason", required=True, help="Why (kept with the decision).")
@click.option("--by", default=None, help="Who decides (default: cli:<os user>).")
@pass_state
def proposal_reject(state: CliState, proposal_id: int, reason: str, by: str | None) -> None:
    """Reject proposal PROPOSAL_ID; the master catalog stays as it is."""
    done = service.reject_proposal(
        _ready_engine(state), proposal_id=proposal_id, by=by or _admin(), reason=reason, now=_now()
    )
    click.echo(t("proposal.rejected", id=done.id, reason=done.reason))


@central.command("transfer-refusals")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def transfer_refusals(state: CliState, as_json: bool) -> None:
    """Transfer receipts stored but not applied: not from the destination, more than was sent,
    or a second receipt."""
    found = list_refusals(_ready_engine(state))
    if as_json:
        echo_json([r.as_json() for r in found])
        return
    if not found:
        click.echo(t("transfer_refusal.none"))
        return
    table = Table(
        t("transfer_refusal.col.outlet"),
        "seq",
        t("transfer_refusal.col.number"),
        t("transfer_refusal.col.reason"),
        t("transfer_refusal.col.refused"),
    )
    for r in found:
        table.add_row(
            r.outlet,
            str(r.seq),
            r.number,
            t(f"transfer_refusal.{r.reason}", **r.detail),
            format_wita(r.refused_at),
        )
    Console().print(table)
