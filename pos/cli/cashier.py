"""``nttmart staff``, ``report``, ``qris``, ``simulate`` and ``sales``: the till from a shell."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from inventory.clock import business_day, format_wita
from inventory.errors import InvalidInputError
from inventory.i18n import t
from inventory.money import format_rupiah
from pos import qris as qris_service
from pos import staff as staff_service
from pos.cli.state import CliState, echo_json, pass_state
from pos.models import Role, TenderKind
from pos.receipts import render_text, tender_label
from pos.reports import shift_report_document, write_pdf
from pos.sales import day_summary
from pos.shifts import ShiftReport, shift_report
from pos.simulate import simulate as run_simulation


def _pin(pin: str | None, pin_stdin: bool) -> str:
    if pin_stdin:
        line = sys.stdin.readline().strip()
        if not line:
            raise InvalidInputError("staff.pin_stdin_empty")
        return line
    if pin is not None:
        return pin
    value: str = click.prompt(t("staff.pin_prompt"), hide_input=True, confirmation_prompt=True)
    return value


@click.group()
def staff() -> None:
    """Cashiers, managers and admins, and their PINs."""


@staff.command("add")
@click.argument("username", help="Login name of the staff member.")
@click.option("--name", required=True, help="Full name shown on screen and receipts.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default="cashier",
    help="What the new member of staff may do.",
)
@click.option("--pin", help="4-8 digits (visible in the process list: prefer --pin-stdin).")
@click.option("--pin-stdin", is_flag=True, help="Read the PIN from the first line of stdin.")
@pass_state
def staff_add(
    state: CliState, username: str, name: str, role: str, pin: str | None, pin_stdin: bool
) -> None:
    """Add a member of staff who logs in with USERNAME and a PIN."""
    secret = _pin(pin, pin_stdin)
    context = state.outlet()
    with context.store.write() as session:
        member = staff_service.add_staff(
            session, context.stamp(), username=username, name=name, role=role, pin=secret
        )
    click.echo(t("staff.added", username=member.username, role=member.role.value))


@staff.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def staff_list(state: CliState, as_json: bool) -> None:
    """Everyone who can log in (or could, before being disabled)."""
    context = state.outlet()
    now = context.clock.now()
    with context.store.read() as session:
        members = staff_service.list_staff(session)
    if as_json:
        echo_json(
            [
                {
                    "username": m.username,
                    "name": m.name,
                    "role": m.role.value,
                    "disabled": m.disabled,
                    "locked_until": m.locked_until.isoformat()
                    if m.locked_until and m.locked_until > now
                    else None,
                }
                for m in members
            ]
        )
        return
    if not members:
        click.echo(t("staff.none"))
        return
    table = Table("username", t("field.name"), "role", "status")
    for m in members:
        if m.disabled:
            status = t("staff.status_disabled")
        elif m.locked_until and m.locked_until > now:
            status = t("staff.status_locked", until=format_wita(m.locked_until))
        else:
            status = t("staff.status_active")
        table.add_row(m.username, m.name, m.role.value, status)
    Console().print(table)


@staff.command("disable")
@click.argument("username", help="Login name of the staff member.")
@pass_state
def staff_disable(state: CliState, username: str) -> None:
    """Stop USERNAME from logging in or approving."""
    context = state.outlet()
    with context.store.write() as session:
        member = staff_service.disable_staff(session, context.stamp(), username)
    click.echo(t("staff.disabled_done", username=member.username))


@staff.command("reset-pin")
@click.argument("username", help="Login name of the staff member.")
@click.option("--pin", help="The new PIN, 4-8 digits.")
@click.option("--pin-stdin", is_flag=True, help="Read the new PIN from stdin.")
@pass_state
def staff_reset_pin(state: CliState, username: str, pin: str | None, pin_stdin: bool) -> None:
    """Give USERNAME a new PIN and unlock the account."""
    secret = _pin(pin, pin_stdin)
    context = state.outlet()
    with context.store.write() as session:
        member = staff_service.reset_pin(session, context.stamp(), username, secret)
    click.echo(t("staff.pin_reset", username=member.username))


@click.group()
def report() -> None:
    """Shift reports: X (open shift, nothing closed) and Z (a closed shift)."""


def _show(context_report: ShiftReport, state: CliState, out: Path | None, as_json: bool) -> None:
    settings = state.settings()
    if out is not None:
        write_pdf(context_report, settings, out)
    if as_json:
        echo_json(
            {
                "shift": context_report.shift.number,
                "shift_id": context_report.shift.id,
                "closed": context_report.closed,
                **context_report.summary.model_dump(mode="json"),
            }
        )
    else:
        document = shift_report_document(context_report, settings)
        click.echo(render_text(document, settings.receipt_columns), nl=False)
    if out is not None:
        click.echo(t("report.pdf_written", path=str(out)), err=as_json)


@report.command("x")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Also save a PDF.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def report_x(state: CliState, out: Path | None, as_json: bool) -> None:
    """The X report of the open shift (changes nothing)."""
    _show(shift_report(state.outlet(), "current"), state, out, as_json)


@report.command("z")
@click.option("--shift", "ref", default="last", show_default=True, help="last, number or id.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Save as PDF.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def report_z(state: CliState, ref: str, out: Path | None, as_json: bool) -> None:
    """The Z report of a closed shift (default: the last one closed)."""
    _show(shift_report(state.outlet(), ref), state, out, as_json)


@click.group()
def qris() -> None:
    """QRIS payloads."""


@qris.command("inspect")
@click.argument("payload", help="The QRIS payload text.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def qris_inspect(payload: str, as_json: bool) -> None:
    """Check PAYLOAD (CRC included) and print its tags, nested templates too."""
    parsed = qris_service.parse(payload)
    rows = [
        {
            "tag": f"{parent}.{field.tag}" if parent else field.tag,
            "name": qris_service.tag_name(field.tag, parent),
            "value": field.value,
        }
        for _, field, parent in parsed.walk()
    ]
    if as_json:
        echo_json(rows)
        return
    for depth, field, parent in parsed.walk():
        name = qris_service.tag_name(field.tag, parent)
        value = "" if field.children else field.value
        click.echo(f"{'  ' * depth}{field.tag} {name}: {value}".rstrip())


@click.command()
@click.option(
    "--sales",
    "count",
    type=click.IntRange(min=1),
    required=True,
    help="Number of sales to ring up.",
)
@click.option("--seed", type=int, default=None, help="Same seed, same baskets.")
@click.option(
    "--campaign-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Share of sales tagged with a running NIP campaign of the config (made-up buyers).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def simulate(
    state: CliState, count: int, seed: int | None, campaign_rate: float, as_json: bool
) -> None:
    """Ring up COUNT random sales through the real checkout, in shifts, without a screen."""
    result = run_simulation(state.outlet(), sales=count, seed=seed, campaign_rate=campaign_rate)
    data = {
        "sales": result.sales,
        "refunds": result.refunds,
        "shifts_opened": result.shifts,
        "total": result.total,
        "refunded": result.refunded,
        "seconds": round(result.seconds, 3),
        "sales_per_second": round(result.sales_per_second, 1),
        "per_tender": dict(sorted(result.per_tender.items())),
        "campaign_tagged": result.tagged,
    }
    if as_json:
        echo_json(data)
        return
    click.echo(
        t(
            "simulate.done",
            sales=result.sales,
            refunds=result.refunds,
            total=format_rupiah(result.total),
            seconds=f"{result.seconds:.1f}",
            rate=f"{result.sales_per_second:.1f}",
        )
    )


@click.group()
def sales() -> None:
    """Sales figures."""


@sales.command("summary")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Business day (default: today).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def sales_summary(state: CliState, day: object, as_json: bool) -> None:
    """Count, gross, refunds, net and per-tender totals of one business day (default: today)."""
    context = state.outlet()
    chosen: date = (
        day.date()  # type: ignore[attr-defined]
        if day is not None
        else business_day(context.clock.now(), context.settings.outlet.business_day_cutoff)
    )
    with context.store.read() as session:
        summary = day_summary(session, chosen)
    if as_json:
        echo_json(summary.as_json())
        return
    table = Table(t("report.summary_title", date=chosen.isoformat()), "", show_header=True)
    table.add_row(t("report.sales_count"), str(summary.count))
    table.add_row(t("report.gross"), format_rupiah(summary.gross))
    table.add_row(t("report.discounts"), format_rupiah(-summary.discounts))
    table.add_row(t("report.refunds"), format_rupiah(-summary.refunds))
    table.add_row(t("report.net"), format_rupiah(summary.net))
    for tender, amount in summary.per_tender.items():
        table.add_row(tender_label(TenderKind(tender)), format_rupiah(amount))
    Console().print(table)
