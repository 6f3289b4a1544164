"""``nttmart shift``: open, status, cash in/out and close with a blind count, from a shell.

Actions that need a person (opening, moving cash, closing) log that person in with their PIN,
through the same service as the till's login screen, so wrong PINs count towards the lock-out
and land in the audit trail. Input is checked before the PIN is asked for, and nothing but
that audit trail is written until the PIN is right.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from inventory.catalog import clean_text
from inventory.clock import format_wita
from inventory.errors import ConflictError, InvalidInputError, NotFoundError
from inventory.i18n import t
from inventory.money import format_rupiah, parse_rupiah
from pos.cli.state import CliState, echo_json, pass_state
from pos.context import OutletContext
from pos.models import CashMovementKind, Shift
from pos.reports import write_pdf
from pos.shifts import (
    DENOMINATIONS,
    close_shift,
    counted_total,
    move_cash,
    open_shift,
    open_shift_now,
    shift_report,
)
from pos.staff import StaffMember, authenticate

_PIN_HELP = "Read the PIN from the first line of stdin (otherwise it is asked for, hidden)."


@click.group()
def shift() -> None:
    """The till's shift: opening float, cash in/out, status and closing with a blind count."""


def _log_in(context: OutletContext, username: str, pin_stdin: bool) -> StaffMember:
    """``username`` logged in with a PIN from stdin or a hidden prompt."""
    if pin_stdin:
        pin = sys.stdin.readline().strip()
        if not pin:
            raise InvalidInputError("staff.pin_stdin_empty")
    else:
        pin = click.prompt(t("shift_cli.pin_prompt", username=username), hide_input=True)
    return authenticate(context, username, pin)


def _open_shift(context: OutletContext) -> Shift:
    found = open_shift_now(context)
    if found is None:
        raise NotFoundError("shift.none_open")
    return found


def _amount(text: str) -> int:
    amount = parse_rupiah(text)
    if amount <= 0:
        raise InvalidInputError("shift.bad_amount", amount=text)
    return amount


@shift.command("open")
@click.option("--cashier", required=True, help="Username of the cashier taking the till.")
@click.option("--float", "float_text", required=True, help="Opening float, e.g. 500.000.")
@click.option("--pin-stdin", is_flag=True, help=_PIN_HELP)
@pass_state
def shift_open(state: CliState, cashier: str, float_text: str, pin_stdin: bool) -> None:
    """Open a shift for CASHIER with the opening float in the drawer (the cashier's PIN)."""
    opening_float = parse_rupiah(float_text)
    context = state.outlet()
    existing = open_shift_now(context)
    if existing is not None:
        raise ConflictError("shift.already_open", number=existing.number, cashier=existing.cashier)
    member = _log_in(context, cashier, pin_stdin)
    opened = open_shift(context, cashier=member.username, opening_float=opening_float)
    click.echo(
        t(
            "shift_cli.opened",
            number=opened.number,
            name=member.name,
            cashier=member.username,
            amount=format_rupiah(opened.opening_float),
            at=format_wita(opened.opened_at),
        )
    )


@shift.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def shift_status(state: CliState, as_json: bool) -> None:
    """The open shift: cashier, opened at (WITA), sales so far and the cash expected."""
    context = state.outlet()
    if open_shift_now(context) is None:
        if as_json:
            echo_json({"open": False})
        else:
            click.echo(t("shift.none_open"))
        return
    report = shift_report(context, "current")
    opened, s = report.shift, report.summary
    if as_json:
        echo_json(
            {
                "open": True,
                "shift": opened.number,
                "shift_id": opened.id,
                "cashier": opened.cashier,
                "cashier_name": report.cashier_name,
                "opened_at": opened.opened_at.isoformat(),
                "opened_at_wita": format_wita(opened.opened_at),
                "sales_count": s.sales_count,
                "refunds_count": s.refunds_count,
                "opening_float": s.opening_float,
                "cash_in": s.cash_in,
                "cash_out": s.cash_out,
                "cash_expected": s.cash_expected,
            }
        )
        return
    rows = [
        (t("shift_cli.shift"), str(opened.number)),
        (t("shift_cli.cashier"), f"{report.cashier_name} ({opened.cashier})"),
        (t("shift_cli.opened_at"), f"{format_wita(opened.opened_at)} WITA"),
        (t("shift_cli.sales_count"), str(s.sales_count)),
        (t("shift_cli.opening_float"), format_rupiah(s.opening_float)),
        (t("shift_cli.cash_in"), format_rupiah(s.cash_in)),
        (t("shift_cli.cash_out"), format_rupiah(s.cash_out)),
        (t("shift_cli.cash_expected"), format_rupiah(s.cash_expected)),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        click.echo(f"{label:<{width}}  {value}")


def _move(
    state: CliState,
    kind: CashMovementKind,
    amount_text: str,
    reason: str,
    user: str | None,
    pin_stdin: bool,
) -> None:
    amount = _amount(amount_text)
    reason = clean_text(reason, field_name="reason", max_length=200)
    context = state.outlet()
    current = _open_shift(context)
    member = _log_in(context, user or current.cashier, pin_stdin)
    move_cash(
        context,
        shift_id=current.id,
        kind=kind,
        amount=amount,
        reason=reason,
        actor=member.username,
    )
    expected = shift_report(context, "current").summary.cash_expected
    figures = {
        "amount": format_rupiah(amount),
        "reason": reason,
        "expected": format_rupiah(expected),
    }
    if kind is CashMovementKind.CASH_IN:
        click.echo(t("shift_cli.cash_in_done", **figures))
    else:
        click.echo(t("shift_cli.cash_out_done", **figures))


# "-50000" is an amount (refused with a clear message), not an unknown option.
_AMOUNT_ARGUMENT = {"ignore_unknown_options": True}
_USER_HELP = "Who does it (default: the shift's cashier); logs in with their PIN."


@shift.command("cash-in", context_settings=_AMOUNT_ARGUMENT)
@click.argument("amount", help="Amount in Rupiah.")
@click.option("--reason", required=True, help="Why the cash goes in, e.g. extra change.")
@click.option("--user", default=None, help=_USER_HELP)
@click.option("--pin-stdin", is_flag=True, help=_PIN_HELP)
@pass_state
def shift_cash_in(
    state: CliState, amount: str, reason: str, user: str | None, pin_stdin: bool
) -> None:
    """Put AMOUNT Rupiah into the drawer of the open shift."""
    _move(state, CashMovementKind.CASH_IN, amount, reason, user, pin_stdin)


@shift.command("cash-out", context_settings=_AMOUNT_ARGUMENT)
@click.argument("amount", help="Amount in Rupiah.")
@click.option("--reason", required=True, help="Why the cash goes out, e.g. deposit to the bank.")
@click.option("--user", default=None, help=_USER_HELP)
@click.option("--pin-stdin", is_flag=True, help=_PIN_HELP)
@pass_state
def shift_cash_out(
    state: CliState, amount: str, reason: str, user: str | None, pin_stdin: bool
) -> None:
    """Take AMOUNT Rupiah out of the drawer of the open shift."""
    _move(state, CashMovementKind.CASH_OUT, amount, reason, user, pin_stdin)


def parse_counts(items: tuple[str, ...]) -> dict[str, int]:
    """``("n100000=3", "c500=4")`` -> ``{"n100000": 3, "c500": 4}``, every key known once."""
    counts: dict[str, int] = {}
    for item in items:
        key, equals, pieces = item.partition("=")
        key, pieces = key.strip(), pieces.strip()
        if not equals or not key:
            raise InvalidInputError("shift_cli.bad_count_format", item=item)
        if key in counts:
            raise InvalidInputError("shift_cli.count_twice", key=key)
        if not pieces.isdigit():
            # counted_total names the key; a non-number never reaches it.
            raise InvalidInputError("shift.bad_count", key=key, pieces=pieces)
        counts[key] = int(pieces)
    counted_total(counts)  # unknown denominations are refused here, before anything happens
    return counts


@shift.command("close")
@click.option(
    "--count",
    "items",
    multiple=True,
    required=True,
    metavar="KEY=PIECES",
    help="Pieces of one denomination in the drawer, e.g. n100000=3 or c500=4 (repeat; "
    f"keys: {', '.join(d.key for d in DENOMINATIONS)}).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Save the Z report PDF."
)
@click.option("--user", default=None, help="Who closes (default: the shift's cashier); PIN.")
@click.option("--pin-stdin", is_flag=True, help=_PIN_HELP)
@pass_state
def shift_close(
    state: CliState, items: tuple[str, ...], out: Path | None, user: str | None, pin_stdin: bool
) -> None:
    """Close the open shift with a blind count and print expected, counted and variance."""
    counts = parse_counts(items)
    if out is not None and not out.parent.is_dir():
        raise InvalidInputError("shift_cli.out_folder_missing", path=str(out.parent))
    context = state.outlet()
    current = _open_shift(context)
    member = _log_in(context, user or current.cashier, pin_stdin)
    report = close_shift(context, shift_id=current.id, counts=counts, closed_by=member.username)
    s = report.summary
    click.echo(t("shift_cli.closed", number=report.shift.number, sales=s.sales_count))
    click.echo(t("shift_cli.expected", amount=format_rupiah(s.cash_expected)))
    click.echo(t("shift_cli.counted", amount=format_rupiah(s.cash_counted or 0)))
    click.echo(t("shift_cli.variance", amount=format_rupiah(s.variance or 0)))
    if out is not None:
        write_pdf(report, state.settings(), out)
        click.echo(t("report.pdf_written", path=str(out)))
