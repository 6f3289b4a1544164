"""``nttmart demo``: a ready-to-use demo outlet on SQLite with a realistic NTT catalog."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import func
from sqlmodel import select

from hardware.printer import Driver, PrinterConfig, open_printer
from hardware.render import PAPER_COLUMNS
from hardware.virtual.server import VirtualPrinter
from inventory import stock
from inventory.catalog_io import apply_rows
from inventory.i18n import t
from inventory.models import Producer, Product
from inventory.money import format_rupiah
from inventory.quantity import format_quantity
from pos import demo as demo_data
from pos.cli.state import CliState, pass_state
from pos.config import (
    DatabaseSettings,
    LogSettings,
    OutletSettings,
    Settings,
    load_settings,
    render_config,
)
from pos.context import OutletContext
from pos.demo import DEMO_STAFF, seed_staff


def default_demo_dir() -> Path:
    """Where the demo outlet lives unless ``--data-dir`` says otherwise."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nttmart" / "demo"


def demo_settings(data_dir: Path) -> Settings:
    """Settings of the demo outlet (Kupang), written to ``data_dir/config.toml`` once."""
    config_file = data_dir / "config.toml"
    if config_file.exists():
        return load_settings(config_file)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        outlet=OutletSettings(
            code="KPG",
            number=1,
            name="NTT Mart Kupang",
            address="Jl. Frans Seda No. 1, Kota Kupang",
            kabupaten="Kota Kupang",
        ),
        database=DatabaseSettings(path=Path("outlet.db")),
        log=LogSettings(path=Path("nttmart.log")),
        base_dir=data_dir.resolve(),
    )
    config_file.write_text(render_config(settings), encoding="utf-8")
    return settings


@click.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=default_demo_dir,
    show_default="~/.local/share/nttmart/demo",
    help="Folder of the demo outlet.",
)
@click.option("--products", default=0, help="Add N synthetic products (load tests).")
@click.option("--reset", is_flag=True, help="Start the demo outlet again from scratch.")
@click.option(
    "--till/--no-till",
    default=None,
    help="Open the cashier app (default when run in a terminal) or just show the catalog.",
)
@pass_state
def demo(state: CliState, data_dir: Path, products: int, reset: bool, till: bool | None) -> None:
    """Open the demo outlet (seeding it on first use) in the cashier app, with demo staff and a
    virtual receipt printer; without a terminal (or with --no-till), show its catalog."""
    if reset:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"outlet.db{suffix}").unlink(missing_ok=True)
    state.use_settings(demo_settings(data_dir))
    context = state.outlet(create=True)
    settings = context.settings
    with context.store.write() as session:
        if session.execute(select(func.count()).select_from(Product)).scalar_one() == 0:
            count = demo_data.seed(
                session,
                context.stamp("demo"),
                instore_prefix=settings.barcodes.instore_prefix,
                outlet_number=settings.outlet.number,
            )
            click.echo(t("demo.seeded", count=count, path=str(settings.database_path)))
        if products > 0:
            existing = session.execute(
                select(func.count()).select_from(Product).where(Product.sku.like("SYN-%"))  # type: ignore[attr-defined]
            ).scalar_one()
            apply_rows(
                session,
                context.stamp("demo"),
                demo_data.synthetic_rows(products, start=existing + 1),
            )
            click.echo(t("demo.synthetic", count=products))
        seed_staff(session, context.stamp("demo"))
    if till is None:
        till = sys.stdin.isatty() and sys.stdout.isatty()
    if till:
        open_demo_till(context, data_dir)
        return
    show_catalog(context.store, settings.outlet.name, config=settings.base_dir / "config.toml")


def demo_notice(receipts: Path) -> str:
    """What the login screen of the demo says: who can log in, where receipts appear."""
    staff = ", ".join(f"{member.username} / PIN {member.pin}" for member in DEMO_STAFF)
    return t("till.demo_notice", staff=staff, receipts=str(receipts))


def open_demo_till(context: OutletContext, data_dir: Path) -> None:
    """The cashier app on the demo outlet, printing to a virtual printer started here.

    Each receipt the virtual printer receives is decoded and written to ``receipts/`` as
    ``receipt-NNNN.txt`` (and ``.png``), so the demo shows what a real printer would print.
    """
    from pos.cli.till import receipts_folder, run_till

    receipts = receipts_folder(data_dir)
    paper = context.settings.printer.paper_width
    with VirtualPrinter(out_dir=receipts, columns=PAPER_COLUMNS[paper]) as virtual:
        printer = open_printer(
            PrinterConfig(
                driver=Driver.NETWORK,
                network_host="127.0.0.1",
                network_port=virtual.port,
                profile=context.settings.printer.profile,
                paper_width=paper,
                status_timeout=0.5,
            )
        )
        run_till(context, printer=printer, notice=demo_notice(receipts))
        count = len(virtual.receipts)
    click.echo(t("till.demo_done", count=count, receipts=str(receipts)))


def show_catalog(store: object, outlet_name: str, *, config: Path, limit: int = 100) -> None:
    """Print the catalog with producers, origin and stock (the demo's view until the till)."""
    from inventory.db import Store

    assert isinstance(store, Store)
    console = Console()
    with store.read() as session:
        total = session.execute(select(func.count()).select_from(Product)).scalar_one()
        rows = session.execute(
            select(Product, Producer)
            .outerjoin(Producer, Producer.id == Product.producer_id)  # type: ignore[arg-type]
            .order_by(Product.sku)
            .limit(limit)
        ).all()
        table = Table(
            t("field.sku"),
            t("field.name"),
            t("field.price"),
            t("field.on_hand"),
            t("field.producer"),
            t("field.kabupaten"),
            t("field.program"),
            title=t("demo.title", outlet=outlet_name, count=total),
        )
        for product, producer in rows:
            on_hand = stock.on_hand(session, product.id)
            low = on_hand < product.min_stock
            quantity = format_quantity(on_hand, product.unit)
            table.add_row(
                product.sku,
                product.name,
                format_rupiah(product.price),
                f"[red]{quantity}[/]" if low else quantity,
                producer.name if producer else "-",
                (producer.kabupaten or "-") if producer else "-",
                producer.program.value.upper() if producer else "-",
            )
    console.print(table)
    console.print(t("demo.next", config=str(config)))
