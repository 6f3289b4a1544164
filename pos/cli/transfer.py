"""``nttmart transfer``: stock sent to another outlet, and incoming transfers confirmed."""

from __future__ import annotations

from pathlib import Path

import click

from inventory import transfers as service
from inventory.clock import format_wita
from inventory.i18n import t
from inventory.quantity import format_quantity
from pos.cli.manager_args import quantity_line, write_file
from pos.cli.state import CliState, echo_json, pass_state


@click.group()
def transfer() -> None:
    """Transfers between outlets."""


@transfer.command("send")
@click.argument("lines", nargs=-1, required=True, help="Goods to send, each CODE:QTY.")
@click.option("--to", "to_outlet", required=True, help="Code of the receiving outlet (KPG).")
@click.option("--note", help="A note kept with the transfer.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the transfer document (JSON) for the receiving outlet.",
)
@pass_state
def send(
    state: CliState, lines: tuple[str, ...], to_outlet: str, note: str | None, out: Path | None
) -> None:
    """Send LINES (CODE:QTY) to another outlet; the goods are in transit until confirmed."""
    context = state.outlet()
    parsed = [quantity_line(spec) for spec in lines]
    with context.store.write() as session:
        doc = service.send_transfer(
            session, context.stamp(), to_outlet=to_outlet, lines=parsed, note=note
        )
    if out is not None:
        write_file(out, doc.model_dump_json(indent=2).encode("utf-8"))
    click.echo(t("manager_cli.transfer_sent", number=doc.number, outlet=doc.to_outlet))


@transfer.command("import")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Transfer document (JSON).",
)
@pass_state
def import_command(state: CliState, file: Path) -> None:
    """Take in a transfer document (JSON) sent to this outlet."""
    context = state.outlet()
    with context.store.write() as session:
        imported = service.import_transfer(session, context.stamp(), file.read_text("utf-8"))
    click.echo(
        t("manager_cli.transfer_imported", number=imported.number, outlet=imported.from_outlet)
    )


@transfer.command("confirm")
@click.argument("number", help="Number of the transfer.")
@click.argument("lines", nargs=-1, help="What arrived, each CODE:QTY (none: all as sent).")
@pass_state
def confirm(state: CliState, number: str, lines: tuple[str, ...]) -> None:
    """Confirm what arrived of transfer NUMBER: LINES are CODE:QTY (none: all as sent;
    products not listed arrived not at all)."""
    context = state.outlet()
    received: dict[str, int] | None = None
    if lines:
        received = {}
        for spec in lines:
            code, quantity = quantity_line(spec)
            received[code] = received.get(code, 0) + quantity
    with context.store.write() as session:
        service.confirm_transfer(session, context.stamp(), number=number, received=received)
        view = service.transfer_view(session, number)
    click.echo(t("manager_cli.transfer_confirmed", number=number))
    for line in view.lines:
        if line.difference:
            click.echo(
                t(
                    "manager_cli.transfer_difference",
                    name=line.name,
                    sent=format_quantity(line.sent, line.unit),
                    received=format_quantity(line.received or 0, line.unit),
                )
            )


@transfer.command("show")
@click.argument("number", help="Number of the transfer.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def show(state: CliState, number: str, as_json: bool) -> None:
    """Transfer NUMBER with what was sent and received."""
    context = state.outlet()
    with context.store.read() as session:
        view = service.transfer_view(session, number)
    record = view.transfer
    if as_json:
        echo_json(
            {
                "number": record.number,
                "direction": record.direction.value,
                "status": record.status.value,
                "from": record.from_outlet,
                "to": record.to_outlet,
                "lines": [
                    {"sku": line.sku, "sent": line.sent, "received": line.received}
                    for line in view.lines
                ],
            }
        )
        return
    click.echo(
        f"{record.number}  {record.from_outlet} -> {record.to_outlet}  "
        f"{format_wita(record.sent_at)}  {record.status.value}"
    )
    for line in view.lines:
        received = "-" if line.received is None else format_quantity(line.received, line.unit)
        click.echo(
            f"  {line.sku}  {line.name}  {format_quantity(line.sent, line.unit)}  {received}"
        )


@transfer.command("list")
@pass_state
def list_command(state: CliState) -> None:
    """Transfers sent and received, newest first."""
    context = state.outlet()
    with context.store.read() as session:
        for row in service.list_transfers(session):
            click.echo(
                f"{row.number}  {row.from_outlet} -> {row.to_outlet}  "
                f"{format_wita(row.sent_at)}  {row.status.value}"
            )
