"""``nttmart stock``: on-hand quantities and manual adjustments."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from inventory import stock as stock_service
from inventory.i18n import t
from inventory.quantity import format_quantity
from pos.cli.state import CliState, echo_json, pass_state


@click.group()
def stock() -> None:
    """Stock on hand and adjustments."""


@stock.command("show")
@click.option("--low", is_flag=True, help="Only products under their minimum stock.")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def show(state: CliState, low: bool, as_json: bool) -> None:
    """List products with on-hand and minimum stock (lowest first)."""
    context = state.outlet()
    with context.store.read() as session:
        rows = stock_service.stock_rows(session, low_only=low)
    if as_json:
        echo_json(
            [
                {
                    "sku": r.sku,
                    "name": r.name,
                    "unit": r.unit.value,
                    "on_hand": r.on_hand,
                    "min_stock": r.min_stock,
                    "low": r.low,
                }
                for r in rows
            ]
        )
        return
    table = Table(t("field.sku"), t("field.name"), t("field.on_hand"), t("field.min_stock"))
    for r in rows:
        on_hand = format_quantity(r.on_hand, r.unit)
        table.add_row(r.sku, r.name, f"[red]{on_hand}[/]" if r.low else on_hand, str(r.min_stock))
    Console().print(table)


@stock.command("adjust")
@click.argument("sku")
@click.argument("quantity", type=int)
@click.option("--reason", required=True, help="Why (damaged, lost, found, ...).")
@pass_state
def adjust(state: CliState, sku: str, quantity: int, reason: str) -> None:
    """Add (positive QUANTITY) or remove (negative) stock of SKU, with a reason."""
    context = state.outlet()
    with context.store.write() as session:
        doc = stock_service.adjust(
            session, context.stamp(), sku=sku, quantity=quantity, reason=reason
        )
        on_hand = stock_service.on_hand(session, doc.product_id)
    click.echo(t("stock.adjusted", sku=sku, quantity=quantity, on_hand=on_hand))
