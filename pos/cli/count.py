"""``nttmart count``: stock counts (stok opname), from the count sheet to the approval."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from inventory import stockcount as service
from inventory.clock import format_wita
from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.manager_models import CountScope
from inventory.money import format_rupiah
from inventory.pdf.counts import render_count_sheet, render_variance_report
from inventory.quantity import format_quantity
from pos.cli.manager_args import write_file
from pos.cli.state import CliState, echo_json, pass_state


@click.group()
def count() -> None:
    """Stock counts (stok opname): start, scan or type counts, review, approve."""


@count.command("start")
@click.option("--category", help="Count one category.")
@click.option("--producer", help="Count one producer's products.")
@click.option("--shelf", help="Count one shelf.")
@click.option(
    "--sheet", type=click.Path(dir_okay=False, path_type=Path), help="Write the count sheet PDF."
)
@pass_state
def start(
    state: CliState,
    category: str | None,
    producer: str | None,
    shelf: str | None,
    sheet: Path | None,
) -> None:
    """Start a count (all products unless one scope is given); expected stock is frozen now."""
    chosen = [
        (s, v)
        for s, v in (
            (CountScope.CATEGORY, category),
            (CountScope.PRODUCER, producer),
            (CountScope.SHELF, shelf),
        )
        if v
    ]
    if len(chosen) > 1:
        raise click.UsageError(t("manager_cli.one_scope"))
    scope, value = chosen[0] if chosen else (CountScope.FULL, None)
    context = state.outlet()
    with context.store.write() as session:
        started = service.start_count(session, context.stamp(), scope=scope, value=value)
        items = len(service.variance_report(session, started.number).lines)
    click.echo(t("manager_cli.count_started", number=started.number, count=items))
    if sheet is not None:
        with context.store.read() as session:
            write_file(sheet, render_count_sheet(service.variance_report(session, started.number)))


@count.command("scan")
@click.argument("number", help="Number of the stock count.")
@click.argument("codes", nargs=-1, help="Scanned codes (none: read from stdin).")
@click.option("--counter", required=True, help="Who is counting.")
@pass_state
def scan(state: CliState, number: str, codes: tuple[str, ...], counter: str) -> None:
    """Count one item per scanned CODE; with no CODES, read one code per line from stdin
    (a scanner in keyboard mode), reporting and skipping unknown codes."""
    context = state.outlet()
    if codes:
        with context.store.write() as session:
            for code in codes:
                progress = service.scan(
                    session, context.stamp(), number=number, code=code, counter=counter
                )
                click.echo(t("manager_cli.counted", name=progress.name, counted=progress.counted))
        return
    for raw in sys.stdin:
        code = raw.strip()
        if not code:
            continue
        try:
            with context.store.write() as session:
                progress = service.scan(
                    session, context.stamp(), number=number, code=code, counter=counter
                )
        except NttMartError as error:
            click.secho(t("cli.error", message=str(error)), fg="red", err=True)
            continue
        click.echo(t("manager_cli.counted", name=progress.name, counted=progress.counted))


@count.command("set")
@click.argument("number", help="Number of the stock count.")
@click.argument("code", help="Barcode or SKU of the product.")
@click.argument("quantity", type=int, help="Quantity counted, in the product's unit.")
@click.option("--counter", required=True, help="Who is counting.")
@pass_state
def set_quantity(state: CliState, number: str, code: str, quantity: int, counter: str) -> None:
    """Add a typed QUANTITY of CODE to the count (0 means counted, none found)."""
    context = state.outlet()
    with context.store.write() as session:
        progress = service.enter_quantity(
            session, context.stamp(), number=number, code=code, counter=counter, quantity=quantity
        )
    click.echo(t("manager_cli.counted", name=progress.name, counted=progress.counted))


@count.command("clear")
@click.argument("number", help="Number of the stock count.")
@click.argument("code", help="Barcode or SKU of the product.")
@click.option("--counter", required=True, help="Who counted it.")
@pass_state
def clear(state: CliState, number: str, code: str, counter: str) -> None:
    """Forget what COUNTER counted of CODE, to count it again."""
    context = state.outlet()
    with context.store.write() as session:
        removed = service.clear_entries(
            session, context.stamp(), number=number, code=code, counter=counter
        )
    click.echo(t("manager_cli.cleared", count=removed))


def _print_variance(report: service.VarianceReport, everything: bool) -> None:
    table = Table(
        t("field.sku"),
        t("field.name"),
        t("manager_cli.expected"),
        t("manager_cli.counted_column"),
        t("manager_cli.variance"),
        t("manager_cli.value"),
    )
    for line in report.lines if everything else report.differences:
        q = line.unit
        table.add_row(
            line.sku,
            line.name,
            format_quantity(line.expected + line.moved_since_start, q),
            "-" if line.counted is None else format_quantity(line.counted, q),
            format_quantity(line.variance, q),
            format_rupiah(line.value) + (" *" if line.valued_at == "price" else ""),
        )
    Console().print(table)
    click.echo(
        t(
            "manager_cli.variance_totals",
            shortage=format_rupiah(report.shortage_value),
            surplus=format_rupiah(report.surplus_value),
            net=format_rupiah(report.net_value),
        )
    )
    if report.uncounted:
        click.echo(t("manager_cli.uncounted", count=len(report.uncounted)))


def _variance_json(report: service.VarianceReport) -> dict[str, object]:
    return {
        "number": report.number,
        "status": report.status.value,
        "approver": report.approver,
        "shortage_value": report.shortage_value,
        "surplus_value": report.surplus_value,
        "net_value": report.net_value,
        "lines": [
            {
                "sku": line.sku,
                "expected": line.expected,
                "moved_since_start": line.moved_since_start,
                "counted": line.counted,
                "variance": line.variance,
                "value": line.value,
                "valued_at": line.valued_at,
                "counters": line.counters,
            }
            for line in report.lines
        ],
    }


@count.command("variance")
@click.argument("number", help="Number of the stock count.")
@click.option("--all", "everything", is_flag=True, help="List every product, not only differences.")
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the variance report PDF.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def variance(
    state: CliState, number: str, everything: bool, pdf: Path | None, as_json: bool
) -> None:
    """The variance list of count NUMBER, valued in Rupiah (at cost, * at price)."""
    context = state.outlet()
    with context.store.read() as session:
        report = service.variance_report(session, number)
    if pdf is not None:
        write_file(pdf, render_variance_report(report))
    if as_json:
        echo_json(_variance_json(report))
    else:
        _print_variance(report, everything)


@count.command("sheet")
@click.argument("number", help="Number of the stock count.")
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="PDF file to write.",
)
@pass_state
def sheet(state: CliState, number: str, pdf: Path) -> None:
    """Write the (blind) count sheet PDF of count NUMBER."""
    context = state.outlet()
    with context.store.read() as session:
        write_file(pdf, render_count_sheet(service.variance_report(session, number)))


@count.command("approve")
@click.argument("number", help="Number of the stock count.")
@click.option("--approver", required=True, help="The manager approving the corrections.")
@click.option("--uncounted-zero", is_flag=True, help="Treat products nobody counted as zero.")
@click.option(
    "--pdf", type=click.Path(dir_okay=False, path_type=Path), help="Write the variance report PDF."
)
@pass_state
def approve(
    state: CliState, number: str, approver: str, uncounted_zero: bool, pdf: Path | None
) -> None:
    """Approve count NUMBER: its variances become count-correction movements."""
    context = state.outlet()
    with context.store.write() as session:
        report = service.approve_count(
            session,
            context.stamp(),
            number=number,
            approver=approver,
            uncounted_as_zero=uncounted_zero,
        )
    click.echo(t("manager_cli.approved", number=number, corrections=len(report.differences)))
    if pdf is not None:
        write_file(pdf, render_variance_report(report))


@count.command("cancel")
@click.argument("number", help="Number of the stock count.")
@pass_state
def cancel(state: CliState, number: str) -> None:
    """Abandon count NUMBER; stock stays as it is."""
    context = state.outlet()
    with context.store.write() as session:
        service.cancel_count(session, context.stamp(), number=number)
    click.echo(t("manager_cli.cancelled", number=number))


@count.command("list")
@pass_state
def list_command(state: CliState) -> None:
    """Counts, newest first."""
    context = state.outlet()
    with context.store.read() as session:
        for row in service.list_counts(session):
            scope = row.scope.value + (f": {row.scope_label}" if row.scope_label else "")
            click.echo(f"{row.number}  {format_wita(row.started_at)}  {scope}  {row.status.value}")
