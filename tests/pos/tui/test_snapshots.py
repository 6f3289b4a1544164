"""A snapshot of every screen and dialog of the till at 100x30, in Indonesian (one in English).

The clock is frozen (22/11/2026 14:00 WITA), receipt numbers come from a fresh outlet, and the
text cursor does not blink, so every run draws the same SVG. After a deliberate change to a
screen, regenerate with ``pytest tests/pos/tui/test_snapshots.py --snapshot-update`` and review
the SVGs under ``__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pos.cart import new_cart, scan
from pos.checkout import TenderInput, complete_sale
from pos.context import OutletContext
from pos.models import Shift
from pos.tui import reports
from pos.tui.app import PosApp, build_app
from tests.factories import KOPI_EAN, MADU_EAN
from tests.pos.tui.conftest import SIZE, log_in, printed, start_selling, type_text

Snap = Callable[..., bool]
Script = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text cursor stays on: a blink would make the picture depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(autouse=True)
def _fixed_reports_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Z reports are saved where the dialog names the same folder on every run."""
    fixed = Path("/tmp/nttmart-snapshots/reports")
    monkeypatch.setattr(reports, "reports_dir", lambda context: fixed)
    yield


@pytest.fixture
def till(outlet: OutletContext, staff: None, products: object) -> PosApp:
    """The app with no printer configured (receipts wait in the print queue)."""
    app = build_app(outlet)
    app.animation_level = "none"
    return app


def check(snap_compare: Snap, app: PosApp, script: Script | None = None) -> None:
    """Run ``script`` on ``app`` and compare the screen with the stored snapshot."""
    assert snap_compare(app, terminal_size=SIZE, run_before=script)


async def selling(pilot: Pilot[None]) -> None:
    """Kasir logged in, shift opened with Rp200.000, two kopi (one discounted 5%) and a madu."""
    await start_selling(pilot)
    await type_text(pilot, f"2*{KOPI_EAN}", enter=True)
    await pilot.press("f4")
    await type_text(pilot, "5%", enter=True)
    await type_text(pilot, MADU_EAN, enter=True)


def sold(context: OutletContext, shift: Shift) -> str:
    """A cash sale of three kopi and a madu made through the service; its receipt number."""
    cart = new_cart("kasir", started_at=context.clock.now(), shift_id=shift.id)
    with context.store.read() as session:
        scan(session, cart, f"3*{KOPI_EAN}")
        scan(session, cart, MADU_EAN)
    return complete_sale(context, cart, [TenderInput.cash(300_000)]).receipt_no


def test_login(snap_compare: Snap, till: PosApp) -> None:
    """The login screen: username field focused, outlet and time in the header."""
    check(snap_compare, till)


def test_login_wrong_pin(snap_compare: Snap, till: PosApp) -> None:
    """A wrong PIN: the message says how many attempts are left."""

    async def script(pilot: Pilot[None]) -> None:
        await log_in(pilot, pin="0000")

    check(snap_compare, till, script)


def test_open_shift(snap_compare: Snap, till: PosApp) -> None:
    """No shift is open: the cashier types the opening float."""
    check(snap_compare, till, log_in)


def test_sale(snap_compare: Snap, till: PosApp) -> None:
    """The sale screen with three lines' worth of goods and a line discount."""
    check(snap_compare, till, selling)


def test_sale_unknown_barcode(snap_compare: Snap, till: PosApp) -> None:
    """An unknown barcode: the message above the scan field, nothing added."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await type_text(pilot, "8990000000017", enter=True)

    check(snap_compare, till, script)


def test_sale_in_english(snap_compare: Snap, english: None, till: PosApp) -> None:
    """The same sale with ``language = "en"``: header, table and footer keys in English."""
    check(snap_compare, till, selling)


def test_search(snap_compare: Snap, till: PosApp) -> None:
    """F2: typing "kopi" lists the matching products, the first highlighted."""

    async def script(pilot: Pilot[None]) -> None:
        await start_selling(pilot)
        await pilot.press("f2")
        await type_text(pilot, "kopi")

    check(snap_compare, till, script)


def test_quantity(snap_compare: Snap, till: PosApp) -> None:
    """F3 on the madu line."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f3")

    check(snap_compare, till, script)


def test_discount(snap_compare: Snap, till: PosApp) -> None:
    """F4: line or whole sale, percent or Rupiah."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f4")

    check(snap_compare, till, script)


def test_approval(snap_compare: Snap, till: PosApp) -> None:
    """F6 asks a manager to approve voiding the selected line."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f6")
        await type_text(pilot, "manajer", enter=True)

    check(snap_compare, till, script)


def test_recall(snap_compare: Snap, till: PosApp) -> None:
    """F5 on an empty cart lists the held sales."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f5")  # hold
        await type_text(pilot, f"4*{MADU_EAN}", enter=True)
        await pilot.press("f5", "f5")  # hold, then recall

    check(snap_compare, till, script)


def test_payment_split(snap_compare: Snap, till: PosApp) -> None:
    """F12, then Rp100.000 by debit card: what is left, and the quick cash amounts."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f12", "f4")
        await type_text(pilot, "100000", enter=True)
        await type_text(pilot, "AP1234", enter=True)

    check(snap_compare, till, script)


def test_qris(snap_compare: Snap, till: PosApp) -> None:
    """QRIS: the dynamic code for the amount, drawn in half blocks, and the reference field."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f12", "f3", "enter")

    check(snap_compare, till, script)


def test_card_reference(snap_compare: Snap, till: PosApp) -> None:
    """Debit card: the EDC approval code is required."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f12", "f4", "enter", "enter")

    check(snap_compare, till, script)


def test_change(snap_compare: Snap, till: PosApp) -> None:
    """Paid with Rp300.000: the change in large digits (no printer: the notice says so)."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("f12")
        await type_text(pilot, "300000", enter=True)
        await printed(till)

    check(snap_compare, till, script)


def test_refund(snap_compare: Snap, till: PosApp, shift: Shift) -> None:
    """F7 with a receipt found: its lines, two kopi chosen, the amount to give back."""
    receipt_no = sold(till.context, shift)

    async def script(pilot: Pilot[None]) -> None:
        await log_in(pilot)
        await pilot.press("f7")
        await type_text(pilot, receipt_no, enter=True)
        await type_text(pilot, "2", enter=True)

    check(snap_compare, till, script)


def test_cash_in_out(snap_compare: Snap, till: PosApp) -> None:
    """F9: cash in or out with a reason."""

    async def script(pilot: Pilot[None]) -> None:
        await start_selling(pilot)
        await pilot.press("f9")

    check(snap_compare, till, script)


def test_shift_menu(snap_compare: Snap, till: PosApp) -> None:
    """F10: X report, close shift, open the drawer, log out."""

    async def script(pilot: Pilot[None]) -> None:
        await start_selling(pilot)
        await pilot.press("f10")

    check(snap_compare, till, script)


def test_x_report(snap_compare: Snap, till: PosApp, shift: Shift) -> None:
    """The X report after one sale: the shift stays open."""
    sold(till.context, shift)

    async def script(pilot: Pilot[None]) -> None:
        await log_in(pilot)
        await pilot.press("f10", "enter")

    check(snap_compare, till, script)


def test_blind_count(snap_compare: Snap, till: PosApp, shift: Shift) -> None:
    """Closing: the count by denomination, without the expected amount."""
    sold(till.context, shift)

    async def script(pilot: Pilot[None]) -> None:
        await log_in(pilot)
        await pilot.press("f10", "down", "enter")
        await type_text(pilot, "4", enter=True)

    check(snap_compare, till, script)


def test_z_report(snap_compare: Snap, till: PosApp, shift: Shift) -> None:
    """After the count: expected, counted and variance, and where the PDF was saved."""
    sold(till.context, shift)

    async def script(pilot: Pilot[None]) -> None:
        await log_in(pilot)
        await pilot.press("f10", "down", "enter")
        await type_text(pilot, "4", enter=True)
        await pilot.press("f12")
        await printed(till)

    check(snap_compare, till, script)


def test_error_dialog(snap_compare: Snap, till: PosApp) -> None:
    """The one error dialog: a quit attempt while a cashier is logged in."""

    async def script(pilot: Pilot[None]) -> None:
        await start_selling(pilot)
        await pilot.press("ctrl+q")

    check(snap_compare, till, script)


def test_quantity_lower_approval(snap_compare: Snap, till: PosApp) -> None:
    """F3 to fewer kopi: the manager approves, and sees the line and both quantities."""

    async def script(pilot: Pilot[None]) -> None:
        await selling(pilot)
        await pilot.press("up", "f3")
        await type_text(pilot, "1", enter=True)

    check(snap_compare, till, script)


def test_sale_with_sync_online(snap_compare: Snap, outlet: OutletContext, till: PosApp) -> None:
    """The header with sync set up: online, entries waiting, the last success 2 minutes ago."""
    from datetime import timedelta

    from pos.config import SyncSettings
    from sync import journal

    outlet.settings = outlet.settings.model_copy(
        update={"sync": SyncSettings(central_url="http://127.0.0.1:8400", token="t")}
    )
    with outlet.store.write() as session:  # what the sync worker writes after a good push
        at = outlet.clock.now() - timedelta(minutes=2)
        journal.acknowledge(session, outlet=outlet.outlet, seq=journal.last_seq(session), at=at)
        journal.record_attempt(session, outlet=outlet.outlet, at=at, error=None)
    check(snap_compare, till, selling)
