"""``nttmart stock``: on-hand quantities and manual adjustments."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from inventory import stock as stock_service
from inventory.adjustments import adjust_stock, check_adjustment, parse_reason
from inventory.errors import InvalidInputError
from inventory.i18n import t
from inventory.money import format_rupiah
from inventory.quantity import format_quantity
from inventory.stockcount import set_shelf
from pos.cli.state import CliState, echo_json, pass_state
from pos.models import ApprovalAction
from pos.staff import Approval, approve, record_approval


@click.group()
def stock() -> None:
    """Stock on hand and adjustments."""


@stock.command("show")
@click.option("--low", is_flag=True, help="Only products under their minimum stock.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
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
@click.argument("sku", help="SKU of the product.")
@click.argument("quantity", type=int, help="Positive adds stock, negative removes it.")
@click.option(
    "--reason",
    required=True,
    help="damaged, lost, expired, sample (negative QUANTITY) or found (positive).",
)
@click.option(
    "--approver",
    help="Username of the manager approving an adjustment above "
    "[manager] adjustment_approval_above (their PIN is asked, or read with --approver-pin-stdin).",
)
@click.option("--approver-pin-stdin", is_flag=True, help="Read the approver's PIN from stdin.")
@click.option("--note", help="Details kept with the adjustment.")
@pass_state
def adjust(
    state: CliState,
    sku: str,
    quantity: int,
    reason: str,
    approver: str | None,
    approver_pin_stdin: bool,
    note: str | None,
) -> None:
    """Add (positive QUANTITY) or remove (negative) stock of SKU, with a reason.

    The same rules as the manager screen: the reason is one of the list, its sign fits the
    quantity, and an adjustment worth more than the limit needs a manager's username and PIN.
    Nothing is stored when any of this is refused.
    """
    context = state.outlet()
    chosen = parse_reason(reason)
    limit = context.settings.manager.adjustment_approval_above
    actor = context.stamp().actor
    with context.store.read() as session:
        checked = check_adjustment(
            session, code=sku, quantity=quantity, reason=chosen, approval_above=limit
        )
    approval: Approval | None = None
    if checked.needs_approval and not approver:
        raise InvalidInputError(
            "stock_cli.approval_needed",
            value=format_rupiah(checked.value),
            limit=format_rupiah(limit),
        )
    if approver:
        if approver_pin_stdin:
            pin = sys.stdin.readline().strip()
            if not pin:
                raise InvalidInputError("staff.pin_stdin_empty")
        else:
            pin = click.prompt(t("shift_cli.pin_prompt", username=approver), hide_input=True)
        approval = approve(
            context,
            username=approver,
            pin=pin,
            action=ApprovalAction.STOCK_ADJUSTMENT,
            reason=note or chosen.value,
            requested_by=actor,
        )
    with context.store.write() as session:
        result = adjust_stock(
            session,
            context.stamp(actor),
            code=sku,
            quantity=quantity,
            reason=chosen,
            approval_above=limit,
            approver=approval.approver if approval else None,
            note=note,
        )
        if approval is not None:
            record_approval(
                session, approval, subject=result.number, detail={"value": result.value}
            )
    click.echo(t("stock.adjusted", sku=result.sku, quantity=quantity, on_hand=result.on_hand))
    click.echo(t("manager_cli.adjustment_number", number=result.number))


@stock.command("shelf")
@click.argument("code", help="Barcode or SKU of the product.")
@click.argument("shelf", required=False, help="Name of the shelf (omit to clear).")
@pass_state
def shelf(state: CliState, code: str, shelf: str | None) -> None:
    """Put product CODE on SHELF (omit SHELF to clear it); partial counts go by shelf."""
    context = state.outlet()
    with context.store.write() as session:
        product = set_shelf(session, context.stamp(), code=code, shelf=shelf)
    click.echo(t("manager_cli.shelf_set", sku=product.sku, shelf=product.shelf or "-"))
