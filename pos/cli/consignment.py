"""``nttmart consignment``: producers' stock, returns, settlements, payouts and statements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from inventory import consignment as service
from inventory import settlements
from inventory.i18n import LANGUAGES, t
from inventory.manager_common import today_wita
from inventory.manager_models import PayoutMethod, ReturnReason
from inventory.money import format_rupiah
from inventory.pdf.statement import render_statement
from inventory.quantity import format_quantity
from pos.cli.manager_args import quantity_line, write_file
from pos.cli.state import CliState, echo_json, pass_state

DATE = click.DateTime(formats=["%Y-%m-%d"])
F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def consignment() -> None:
    """Consignment (titip jual): stock per producer, returns and settlements."""


@consignment.command("summary")
@click.option("--producer", required=True, help="Producer name.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def summary(state: CliState, producer: str, as_json: bool) -> None:
    """Received, sold, returned and on hand of a producer's consignment goods."""
    context = state.outlet()
    with context.store.read() as session:
        owner = service.producer_by_name(session, producer)
        rows = service.producer_stock(session, owner.id)
    if as_json:
        echo_json(
            [
                {
                    "sku": r.sku,
                    "name": r.name,
                    "received": r.received,
                    "sold": r.sold,
                    "returned": r.returned,
                    "other": r.other,
                    "on_hand": r.closing,
                }
                for r in rows
            ]
        )
        return
    table = Table(
        t("field.sku"),
        t("field.name"),
        t("manager_cli.received"),
        t("manager_cli.sold"),
        t("manager_cli.returned"),
        t("field.on_hand"),
    )
    for r in rows:
        q = r.unit
        table.add_row(
            r.sku,
            r.name,
            format_quantity(r.received, q),
            format_quantity(r.sold, q),
            format_quantity(r.returned_total, q),
            format_quantity(r.closing, q),
        )
    Console().print(table)


@consignment.command("return")
@click.argument("lines", nargs=-1, required=True, help="Goods to return, each CODE:QTY.")
@click.option("--producer", required=True, help="Producer name.")
@click.option(
    "--reason",
    type=click.Choice([r.value for r in ReturnReason]),
    required=True,
    help="Why the goods go back.",
)
@click.option("--note", help="A note kept with the return.")
@pass_state
def return_command(
    state: CliState, lines: tuple[str, ...], producer: str, reason: str, note: str | None
) -> None:
    """Give consignment goods back to their producer: LINES are CODE:QTY."""
    context = state.outlet()
    parsed = [quantity_line(spec) for spec in lines]
    with context.store.write() as session:
        owner = service.producer_by_name(session, producer)
        result = service.return_to_producer(
            session,
            context.stamp(),
            producer_id=owner.id,
            reason=ReturnReason(reason),
            lines=parsed,
            note=note,
        )
    click.echo(t("manager_cli.returned_done", number=result.number, producer=result.producer_name))
    for sku, name, quantity in result.lines:
        click.echo(f"  {sku}  {name}  {quantity}")


def _print_settlement(statement: settlements.Settlement) -> None:
    table = Table(t("field.sku"), t("field.name"), t("manager_cli.sold"), t("manager_cli.sales"))
    for line in statement.lines:
        table.add_row(
            line.sku,
            line.name + (" *" if line.estimated else ""),
            format_quantity(line.quantity, line.unit),
            format_rupiah(line.gross),
        )
    Console().print(table)
    click.echo(f"{t('manager_cli.sales')}: {format_rupiah(statement.gross)}")
    click.echo(f"{t('manager_cli.commission')}: {format_rupiah(statement.commission)}")
    click.echo(f"{t('manager_cli.payable')}: {format_rupiah(statement.payable)}")


def _settlement_json(statement: settlements.Settlement) -> dict[str, object]:
    return {
        "number": statement.number,
        "status": statement.status.value if statement.status else None,
        "producer": statement.producer.name,
        "period_start": statement.period_start.isoformat(),
        "period_end": statement.period_end.isoformat(),
        "commission_bp": statement.commission_bp,
        "quantity": statement.quantity,
        "gross": statement.gross,
        "commission": statement.commission,
        "payable": statement.payable,
        "lines": [
            {"sku": line.sku, "quantity": line.quantity, "gross": line.gross}
            for line in statement.lines
        ],
    }


def _period_options(function: F) -> F:
    """``--producer``, ``--from`` and ``--to`` of a settlement period."""
    function = click.option("--to", "end", type=DATE, required=True, help="Last day.")(function)
    function = click.option("--from", "start", type=DATE, required=True, help="First day.")(
        function
    )
    return click.option("--producer", required=True, help="Producer name.")(function)


@consignment.command("preview")
@_period_options
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the preview as a statement PDF.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def preview(
    state: CliState, producer: str, start: datetime, end: datetime, pdf: Path | None, as_json: bool
) -> None:
    """What a settlement of the period would pay; stores nothing."""
    context = state.outlet()
    with context.store.read() as session:
        owner = service.producer_by_name(session, producer)
        statement = settlements.preview_settlement(
            session,
            producer_id=owner.id,
            start=start.date(),
            end=end.date(),
            cutoff=context.settings.outlet.business_day_cutoff,
        )
    if pdf is not None:
        write_file(pdf, render_statement(statement))
    if as_json:
        echo_json(_settlement_json(statement))
    else:
        _print_settlement(statement)


@consignment.command("settle")
@_period_options
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), help="Statement PDF.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def settle(
    state: CliState, producer: str, start: datetime, end: datetime, pdf: Path | None, as_json: bool
) -> None:
    """Settle a producer's consignment sales of a period (each sale settles once)."""
    context = state.outlet()
    with context.store.write() as session:
        owner = service.producer_by_name(session, producer)
        statement = settlements.settle(
            session,
            context.stamp(),
            producer_id=owner.id,
            start=start.date(),
            end=end.date(),
            cutoff=context.settings.outlet.business_day_cutoff,
        )
    if pdf is not None:
        write_file(pdf, render_statement(statement))
    if as_json:
        echo_json(_settlement_json(statement))
        return
    click.echo(t("manager_cli.settled", number=statement.number))
    _print_settlement(statement)


@consignment.command("pay")
@click.argument("number", help="Number of the settlement.")
@click.option(
    "--method",
    type=click.Choice([m.value for m in PayoutMethod]),
    required=True,
    help="How the producer was paid.",
)
@click.option("--reference", help="Transfer or QRIS reference.")
@click.option("--date", "paid_on", type=DATE, help="Payment date (default: today).")
@pass_state
def pay(
    state: CliState, number: str, method: str, reference: str | None, paid_on: datetime | None
) -> None:
    """Record the payout of settlement NUMBER; this closes it."""
    context = state.outlet()
    stamp = context.stamp()
    day = paid_on.date() if paid_on else today_wita(stamp.at)
    with context.store.write() as session:
        statement = settlements.record_payout(
            session,
            stamp,
            number=number,
            paid_on=day,
            method=PayoutMethod(method),
            reference=reference,
        )
    click.echo(t("manager_cli.paid", number=number, amount=format_rupiah(statement.payable)))


@consignment.command("statement")
@click.argument("number", help="Number of the settlement.")
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="PDF file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="id",
    show_default=True,
    help="Language of the statement.",
)
@pass_state
def statement_command(state: CliState, number: str, pdf: Path, lang: str) -> None:
    """Write the statement PDF of settlement NUMBER (Indonesian by default)."""
    context = state.outlet()
    with context.store.read() as session:
        statement = settlements.settlement(session, number)
    write_file(pdf, render_statement(statement, lang=lang))


@consignment.command("list")
@click.option("--unpaid", is_flag=True, help="Only settlements not paid yet.")
@pass_state
def list_command(state: CliState, unpaid: bool) -> None:
    """Settlements, newest period first."""
    context = state.outlet()
    with context.store.read() as session:
        rows = settlements.list_settlements(session, unpaid_only=unpaid)
        for row in rows:
            owner = service.producer(session, row.producer_id)
            click.echo(
                f"{row.number}  {row.period_start} - {row.period_end}  {owner.name}  "
                f"{format_rupiah(row.payable)}  {row.status.value}"
            )
