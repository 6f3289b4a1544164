"""``nttmart stock``: on-hand quantities and manual adjustments."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from inventory import stock as stock_service
from inventory.adjustments import adjust_stock
from inventory.i18n import t
from inventory.manager_models import AdjustmentReason
from inventory.quantity import format_quantity
from inventory.stockcount import set_shelf
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


# Negative quantities ("-2") are arguments, not options.
@stock.command("adjust", context_settings={"ignore_unknown_options": True})
@click.argument("sku")
@click.argument("quantity", type=int)
@click.option(
    "--reason",
    required=True,
    help="damaged, lost, expired, sample or found (checked against the approval limit), "
    "or free text.",
)
@click.option("--approver", help="Manager approving an adjustment above the limit.")
@click.option("--note", help="Details kept with a reasoned adjustment.")
@pass_state
def adjust(
    state: CliState,
    sku: str,
    quantity: int,
    reason: str,
    approver: str | None,
    note: str | None,
) -> None:
    """Add (positive QUANTITY) or remove (negative) stock of SKU, with a reason."""
    context = state.outlet()
    if reason in {r.value for r in AdjustmentReason}:
        with context.store.write() as session:
            result = adjust_stock(
                session,
                context.stamp(),
                code=sku,
                quantity=quantity,
                reason=AdjustmentReason(reason),
                approval_above=context.settings.manager.adjustment_approval_above,
                approver=approver,
                note=note,
            )
        click.echo(t("stock.adjusted", sku=result.sku, quantity=quantity, on_hand=result.on_hand))
        click.echo(t("manager_cli.adjustment_number", number=result.number))
        return
    with context.store.write() as session:
        doc = stock_service.adjust(
            session, context.stamp(), sku=sku, quantity=quantity, reason=reason
        )
        on_hand = stock_service.on_hand(session, doc.product_id)
    click.echo(t("stock.adjusted", sku=sku, quantity=quantity, on_hand=on_hand))


@stock.command("shelf")
@click.argument("code")
@click.argument("shelf", required=False)
@pass_state
def shelf(state: CliState, code: str, shelf: str | None) -> None:
    """Put product CODE on SHELF (omit SHELF to clear it); partial counts go by shelf."""
    context = state.outlet()
    with context.store.write() as session:
        product = set_shelf(session, context.stamp(), code=code, shelf=shelf)
    click.echo(t("manager_cli.shelf_set", sku=product.sku, shelf=product.shelf or "-"))
