"""``nttmart reorder``, ``labels``, ``certs`` and ``units``: keeping the shelves full and tidy."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from inventory import units as unit_service
from inventory.certs import expiring_certificates
from inventory.i18n import t
from inventory.labels import PRESETS, SheetLayout, labels_for, preset
from inventory.manager_common import resolve_product, today_wita
from inventory.pdf.labels import render_label_sheet
from inventory.pdf.reorder import render_reorder
from inventory.quantity import format_quantity
from inventory.receiving import receiving_document
from inventory.reorder import reorder_list, write_reorder_csv
from pos.cli.manager_args import numbering, quantity_line, write_file
from pos.cli.state import CliState, echo_json, pass_state
from pos.manager_docs import label_document


@click.command()
@click.option(
    "--days", type=int, help="Days of sales to cover (default: [manager] reorder_cover_days)."
)
@click.option(
    "--pdf", type=click.Path(dir_okay=False, path_type=Path), help="Also write the list as PDF."
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the list as CSV.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def reorder(
    state: CliState, days: int | None, pdf: Path | None, csv_path: Path | None, as_json: bool
) -> None:
    """Products under their minimum stock, per producer, with a suggested order."""
    context = state.outlet()
    settings = context.settings.manager
    cover = days or settings.reorder_cover_days
    now = context.clock.now()
    with context.store.read() as session:
        groups = reorder_list(
            session, now=now, cover_days=cover, history_days=settings.reorder_history_days
        )
    if pdf is not None:
        outlet = context.settings.outlet.name
        data = render_reorder(
            groups,
            outlet=outlet,
            now=now,
            cover_days=cover,
            history_days=settings.reorder_history_days,
        )
        write_file(pdf, data)
    if csv_path is not None:
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
            write_reorder_csv(groups, handle)
        click.echo(t("manager_cli.written", path=str(csv_path)), err=True)
    if as_json:
        echo_json(
            [
                {
                    "producer": group.producer_name,
                    "phone": group.phone,
                    "lines": [
                        {
                            "sku": line.sku,
                            "name": line.name,
                            "on_hand": line.on_hand,
                            "min_stock": line.min_stock,
                            "sold": line.sold,
                            "days_of_cover": line.days_of_cover,
                            "suggested": line.suggested,
                        }
                        for line in group.lines
                    ],
                }
                for group in groups
            ]
        )
        return
    if not groups:
        click.echo(t("manager_cli.reorder_none"))
    for group in groups:
        click.echo(group.producer_name or t("manager_cli.no_producer"))
        table = Table(
            t("field.sku"),
            t("field.name"),
            t("field.on_hand"),
            t("manager_cli.days_of_cover"),
            t("manager_cli.suggested"),
        )
        for line in group.lines:
            table.add_row(
                line.sku,
                line.name,
                format_quantity(line.on_hand, line.unit),
                "-" if line.days_of_cover is None else str(line.days_of_cover),
                format_quantity(line.suggested, line.unit),
            )
        Console().print(table)


@click.command()
@click.argument("codes", nargs=-1, help="Barcode, SKU or tenun unit code, optionally :COPIES.")
@click.option("--receiving", help="Labels for every item of this receiving document.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="PDF label sheet to write."
)
@click.option(
    "--sheet",
    type=click.Choice(sorted(PRESETS)),
    help="Sticker layout (default: [manager] label_sheet).",
)
@click.option("--rows", type=int, help="Custom layout: rows per sheet.")
@click.option("--columns", type=int, help="Custom layout: columns per sheet.")
@click.option("--margin-top", type=float, help="mm")
@click.option("--margin-bottom", type=float, help="mm")
@click.option("--margin-left", type=float, help="mm")
@click.option("--margin-right", type=float, help="mm")
@click.option("--gap-x", type=float, help="mm between columns")
@click.option("--gap-y", type=float, help="mm between rows")
@click.option("--skip", type=int, default=0, help="Stickers already used on the first sheet.")
@click.option("--outline", is_flag=True, help="Draw each sticker's edge (plain paper).")
@click.option(
    "--receipt-json",
    is_flag=True,
    help="Print one receipt-printer label job (JSON) per product instead.",
)
@pass_state
def labels(
    state: CliState,
    codes: tuple[str, ...],
    receiving: str | None,
    out: Path | None,
    sheet: str | None,
    rows: int | None,
    columns: int | None,
    margin_top: float | None,
    margin_bottom: float | None,
    margin_left: float | None,
    margin_right: float | None,
    gap_x: float | None,
    gap_y: float | None,
    skip: int,
    outline: bool,
    receipt_json: bool,
) -> None:
    """Shelf labels for CODES (barcode, SKU or tenun unit code, optionally :COPIES)."""
    context = state.outlet()
    requests = [quantity_line(spec, default=1) for spec in codes]
    with context.store.read() as session:
        if receiving:
            requests += [
                (line.sku, line.quantity) for line in receiving_document(session, receiving).lines
            ]
        found = labels_for(session, requests)
    if receipt_json:
        seen: set[str] = set()
        for label in found:
            key = label.barcode or label.sku
            if key not in seen:
                seen.add(key)
                click.echo(label_document(label).to_json())
        return
    if out is None:
        raise click.UsageError(t("manager_cli.labels_need_out"))
    base = preset(sheet or context.settings.manager.label_sheet)
    layout = SheetLayout(
        columns=base.columns if columns is None else columns,
        rows=base.rows if rows is None else rows,
        margin_top=base.margin_top if margin_top is None else margin_top,
        margin_bottom=base.margin_bottom if margin_bottom is None else margin_bottom,
        margin_left=base.margin_left if margin_left is None else margin_left,
        margin_right=base.margin_right if margin_right is None else margin_right,
        gap_x=base.gap_x if gap_x is None else gap_x,
        gap_y=base.gap_y if gap_y is None else gap_y,
    )
    write_file(out, render_label_sheet(found, layout, skip=skip, outline=outline))
    click.echo(t("manager_cli.labels_done", count=len(found), per_sheet=layout.per_sheet))


@click.group()
def certs() -> None:
    """Halal, PIRT and BPOM certificates."""


@certs.command("expiring")
@click.option("--days", type=int, help="Warning window (default: [manager] cert_warning_days).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def expiring(state: CliState, days: int | None, as_json: bool) -> None:
    """Certificates expiring within the warning window, or already expired."""
    context = state.outlet()
    within = days or context.settings.manager.cert_warning_days
    with context.store.read() as session:
        warnings = expiring_certificates(
            session, today=today_wita(context.clock.now()), within_days=within
        )
    if as_json:
        echo_json(
            [
                {
                    "kind": w.kind.value,
                    "number": w.number,
                    "expires_on": w.expires_on.isoformat(),
                    "days_left": w.days_left,
                    "producer": w.producer_name,
                    "sku": w.product_sku,
                    "products": w.products,
                }
                for w in warnings
            ]
        )
        return
    if not warnings:
        click.echo(t("manager_cli.certs_none", days=within))
    for w in warnings:
        subject = (
            f"{w.product_name} ({w.product_sku})"
            if w.product_sku
            else t("manager_cli.certs_producer_products", count=w.products)
        )
        key = "manager_cli.cert_expired" if w.expired else "manager_cli.cert_expiring"
        message = t(
            key,
            kind=w.kind.value.upper(),
            number=w.number,
            date=w.expires_on.strftime("%d/%m/%Y"),
            days=abs(w.days_left),
            producer=w.producer_name or "-",
            subject=subject,
        )
        click.secho(message, fg="red" if w.expired else "yellow")


@click.group()
def units() -> None:
    """One-of-a-kind items (tenun) tracked unit by unit."""


@units.command("add")
@click.argument("code", help="Barcode or SKU of the product.")
@click.option("--motif", help="Motif of the cloth.")
@click.option("--weaver", help="Name of the weaver.")
@click.option("--village", help="Village where it was woven.")
@click.option("--unit-code", help="The unit's own barcode (default: a new in-store EAN-13).")
@pass_state
def add(
    state: CliState,
    code: str,
    motif: str | None,
    weaver: str | None,
    village: str | None,
    unit_code: str | None,
) -> None:
    """Register one unit of product CODE already on the shelf (no stock movement)."""
    context = state.outlet()
    with context.store.write() as session:
        (unit,) = unit_service.register_units_for(
            session,
            context.stamp(),
            code=code,
            units=[
                unit_service.UnitInput(motif=motif, weaver=weaver, village=village, code=unit_code)
            ],
            numbering=numbering(context),
        )
    click.echo(t("manager_cli.unit_added", code=unit.code))


@units.command("list")
@click.argument("code", help="Barcode or SKU of the product.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def list_units(state: CliState, code: str, as_json: bool) -> None:
    """Units of product CODE with their status."""
    context = state.outlet()
    with context.store.read() as session:
        product = resolve_product(session, code)
        found = unit_service.units_of(session, product.id)
    if as_json:
        echo_json([unit_service.unit_doc(u).model_dump(mode="json") for u in found])
        return
    for u in found:
        parts = " · ".join(p for p in (u.motif, u.weaver, u.village) if p)
        click.echo(f"{u.code}  {u.status.value}  {parts}")
