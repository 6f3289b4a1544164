"""``nttmart receive``: goods coming in (barang masuk), bought or on consignment."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from inventory.clock import format_wita
from inventory.consignment import producer_by_name
from inventory.i18n import t
from inventory.labels import labels_for, preset
from inventory.manager_models import ReceivingMode
from inventory.money import format_rupiah
from inventory.pdf.labels import render_label_sheet
from inventory.quantity import format_quantity
from inventory.receiving import ReceivingResult, list_receivings, receiving_document
from inventory.receiving import receive as receive_goods
from pos.cli.manager_args import numbering, receiving_line, write_file
from pos.cli.state import CliState, echo_json, pass_state
from pos.manager_docs import receiving_slip


@click.group()
def receive() -> None:
    """Receive goods from producers and look at receiving documents."""


def _as_dict(result: ReceivingResult) -> dict[str, object]:
    return {
        "number": result.number,
        "mode": result.mode.value,
        "producer": result.producer_name,
        "received_at": result.received_at.isoformat(),
        "total": result.total,
        "new_barcodes": result.new_barcodes,
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "amount": line.amount,
                "expiry_date": line.expiry_date.isoformat() if line.expiry_date else None,
                "batch": line.batch,
                "barcode": line.barcode,
            }
            for line in result.lines
        ],
    }


def _show(result: ReceivingResult) -> None:
    click.echo(f"{result.number}  {format_wita(result.received_at)}  {result.producer_name or '-'}")
    table = Table(
        t("field.sku"), t("field.name"), t("field.quantity"), t("field.price"), t("field.amount")
    )
    for line in result.lines:
        table.add_row(
            line.sku,
            line.name,
            format_quantity(line.quantity, line.unit),
            "-" if line.unit_price is None else format_rupiah(line.unit_price),
            "-" if line.amount is None else format_rupiah(line.amount),
        )
    Console().print(table)
    if result.total:
        click.echo(f"{t('manager_cli.total')}: {format_rupiah(result.total)}")
    for sku, code in result.new_barcodes.items():
        click.echo(t("manager_cli.new_barcode", sku=sku, code=code))


@receive.command("add")
@click.argument(
    "lines", nargs=-1, required=True, help="Goods received, each CODE:QTY[:PRICE[:EXPIRY[:BATCH]]]."
)
@click.option(
    "--consignment", "mode", flag_value="consignment", help="Goods on consignment (titip jual)."
)
@click.option(
    "--purchase",
    "mode",
    flag_value="purchase",
    default=True,
    help="Goods bought outright (default).",
)
@click.option("--producer", help="Producer name (required for consignment).")
@click.option("--note", help="A note kept with the document.")
@click.option(
    "--labels",
    "labels_pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a label sheet PDF for everything received.",
)
@click.option(
    "--slip-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the receiving slip print job (JSON).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def add(
    state: CliState,
    lines: tuple[str, ...],
    mode: str,
    producer: str | None,
    note: str | None,
    labels_pdf: Path | None,
    slip_json: Path | None,
    as_json: bool,
) -> None:
    """Receive LINES, each CODE:QTY[:PRICE[:EXPIRY[:BATCH]]].

    CODE is a barcode or SKU, QTY a whole number in the product's unit, PRICE the unit cost
    (bought) or agreed consignment price in Rupiah, EXPIRY a date (2027-06-30).
    """
    context = state.outlet()
    inputs = [receiving_line(spec) for spec in lines]
    with context.store.write() as session:
        producer_id = producer_by_name(session, producer).id if producer else None
        result = receive_goods(
            session,
            context.stamp(),
            mode=ReceivingMode(mode),
            lines=inputs,
            producer_id=producer_id,
            note=note,
            numbering=numbering(context),
        )
    if labels_pdf is not None:
        with context.store.read() as session:
            sheet = labels_for(session, [(line.sku, line.quantity) for line in result.lines])
        write_file(
            labels_pdf, render_label_sheet(sheet, preset(context.settings.manager.label_sheet))
        )
    if slip_json is not None:
        slip = receiving_slip(result, outlet_name=context.settings.outlet.name)
        write_file(slip_json, slip.to_json().encode("utf-8"))
    if as_json:
        echo_json(_as_dict(result))
    else:
        _show(result)


@receive.command("show")
@click.argument("number", help="Number of the receiving document.")
@click.option(
    "--slip-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the slip print job (JSON) again.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def show(state: CliState, number: str, slip_json: Path | None, as_json: bool) -> None:
    """Show receiving document NUMBER."""
    context = state.outlet()
    with context.store.read() as session:
        result = receiving_document(session, number)
    if slip_json is not None:
        slip = receiving_slip(result, outlet_name=context.settings.outlet.name)
        write_file(slip_json, slip.to_json().encode("utf-8"))
    if as_json:
        echo_json(_as_dict(result))
    else:
        _show(result)


@receive.command("list")
@click.option("--limit", default=20, show_default=True, help="Show at most this many documents.")
@pass_state
def list_command(state: CliState, limit: int) -> None:
    """The latest receiving documents."""
    context = state.outlet()
    with context.store.read() as session:
        for row in list_receivings(session, limit=limit):
            click.echo(
                f"{row.number}  {format_wita(row.received_at)}  {row.mode.value}  {row.actor}"
            )
