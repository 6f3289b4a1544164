"""``nttmart catalog``: import, export, look up and search products."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from inventory import catalog as catalog_service
from inventory import stock
from inventory.catalog_io import (
    ImportRefusedError,
    ImportReport,
    export_rows,
    import_catalog,
    write_csv,
    write_xlsx,
)
from inventory.errors import InvalidInputError
from inventory.i18n import t
from inventory.models import Product
from inventory.money import format_rupiah
from inventory.quantity import format_quantity, price_unit_label
from pos.cli.state import CliState, echo_json, pass_state


@click.group()
def catalog() -> None:
    """Products, barcodes and producers of the outlet."""


def _print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        echo_json(report.as_dict())
        return
    for problem in report.rejected:
        click.echo(f"  {problem}", err=True)
    click.echo(
        t(
            "import.summary",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=len(report.rejected),
        )
    )


@catalog.command("import")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV or XLSX file to import.",
)
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows, list the rest.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_state
def import_command(state: CliState, file: Path, skip_invalid: bool, as_json: bool) -> None:
    """Import products from FILE (CSV with , or ; separators, or XLSX); updates by SKU."""
    context = state.outlet()
    try:
        with context.store.write() as session:
            report = import_catalog(session, context.stamp(), file, skip_invalid=skip_invalid)
    except ImportRefusedError as refused:
        _print_report(refused.report, as_json)
        click.secho(t("import.refused", count=len(refused.report.rejected)), fg="red", err=True)
        sys.exit(1)
    _print_report(report, as_json)


@catalog.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="File format (xlsx needs --out).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@pass_state
def export_command(state: CliState, fmt: str, out: Path | None) -> None:
    """Export the catalog in the import format (CSV to stdout unless --out)."""
    context = state.outlet()
    with context.store.read() as session:
        rows = export_rows(session)
        if fmt == "xlsx":
            if out is None:
                raise InvalidInputError("export.xlsx_needs_out")
            count = write_xlsx(rows, out)
        elif out is None:
            count = write_csv(rows, sys.stdout)
            return
        else:
            with out.open("w", encoding="utf-8-sig", newline="") as handle:
                count = write_csv(rows, handle)
    click.echo(t("export.done", count=count, path=str(out)), err=True)


def _product_data(session: Any, product: Product) -> dict[str, Any]:
    producer = catalog_service.producer_of(session, product)
    category = catalog_service.category_of(session, product)
    return {
        "sku": product.sku,
        "name": product.name,
        "price": product.price,
        "price_text": format_rupiah(product.price),
        "unit": product.unit.value,
        "price_per": price_unit_label(product.unit),
        "barcodes": catalog_service.barcodes_of(session, product.id),
        "category": category.name if category else None,
        "producer": producer.name if producer else None,
        "kabupaten": producer.kabupaten if producer else None,
        "program": producer.program.value if producer else None,
        "on_hand": stock.on_hand(session, product.id),
        "active": product.active,
    }


@catalog.command("lookup")
@click.argument("barcode", help="Barcode as scanned.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def lookup_command(state: CliState, barcode: str, as_json: bool) -> None:
    """Show the product carrying BARCODE (scale barcodes too)."""
    context = state.outlet()
    with context.store.read() as session:
        result = catalog_service.lookup_barcode(
            session, barcode, context.settings.barcodes.variable_measure
        )
        data = _product_data(session, result.product)
    data["scanned"] = result.code
    data["quantity"] = result.quantity
    data["amount"] = result.amount
    if as_json:
        echo_json(data)
        return
    click.echo(f"{data['name']}  [{data['sku']}]")
    click.echo(f"  {t('field.price')}: {data['price_text']} / {data['price_per']}")
    if result.quantity is not None:
        click.echo(
            f"  {t('field.quantity')}: {format_quantity(result.quantity, result.product.unit)}"
        )
    if result.amount is not None:
        click.echo(f"  {t('field.amount')}: {format_rupiah(result.amount)}")
    click.echo(f"  {t('field.barcodes')}: {', '.join(data['barcodes'])}")
    click.echo(f"  {t('field.producer')}: {data['producer'] or '-'} ({data['kabupaten'] or '-'})")
    click.echo(f"  {t('field.on_hand')}: {data['on_hand']}")


@catalog.command("search")
@click.argument("text", nargs=-1, required=True, help="Words to look for.")
@click.option("--limit", default=20, show_default=True, help="Show at most this many products.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def search_command(state: CliState, text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Find active products by words of their name or SKU (prefixes, any case or accent)."""
    context = state.outlet()
    with context.store.read() as session:
        found = [
            _product_data(session, p)
            for p in catalog_service.search(session, " ".join(text), limit=limit)
        ]
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo(t("catalog.search_none"))
        return
    table = Table(t("field.sku"), t("field.name"), t("field.price"), t("field.on_hand"))
    for item in found:
        table.add_row(item["sku"], item["name"], item["price_text"], str(item["on_hand"]))
    Console().print(table)
