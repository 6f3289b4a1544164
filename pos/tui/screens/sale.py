"""The sale screen: scan field always focused, the cart, its totals and the till's F-keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static

from inventory.errors import NttMartError
from inventory.i18n import t
from inventory.models import Product
from inventory.money import format_rupiah
from inventory.quantity import format_quantity
from pos import cart as carts
from pos import checkout, held
from pos.cart import Cart, UnitRequired
from pos.checkout import CompletedSale
from pos.print_queue import PrintOutcome, PrintStatus
from pos.receipts import tender_label
from pos.refunds import CompletedRefund
from pos.staff import Approval
from pos.tui.approval import with_approval
from pos.tui.dialogs.discount import DiscountChoice, DiscountDialog, DiscountScope
from pos.tui.dialogs.held import RecallDialog
from pos.tui.dialogs.quantity import QuantityDialog
from pos.tui.dialogs.search import SearchDialog
from pos.tui.manager.access import manager_binding, open_manager_menu, show_manager_key
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.screens.shift_keys import ShiftKeys
from pos.tui.till_app import freeze_startup_heap
from pos.tui.widgets.cart import CartTable, TotalsPanel
from pos.tui.widgets.inputs import ScanInput
from pos.tui.widgets.status_bar import StatusBar


def _key(key: str, action: str, description: str, display: str) -> Binding:
    return Binding(key, action, description, key_display=display, priority=True)


class SaleScreen(ShiftKeys):
    """Ringing up a sale. Digits and Enter scan; the F-keys do everything else."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _key("f2", "search", "tui.key.search", "F2"),
        _key("f3", "quantity", "tui.key.quantity", "F3"),
        _key("f4", "discount", "tui.key.discount", "F4"),
        _key("f5", "hold", "tui.key.hold", "F5"),
        _key("f6", "void", "tui.key.void", "F6"),
        _key("f7", "refund", "tui.key.refund", "F7"),
        _key("f8", "reprint", "tui.key.reprint", "F8"),
        _key("f9", "cash", "tui.key.cash_move", "F9"),
        _key("f10", "shift_menu", "tui.key.shift", "F10"),
        manager_binding(),
        _key("f12", "pay", "tui.key.pay", "F12"),
        _key("escape", "cancel_sale", "tui.key.cancel_sale", "Esc"),
        Binding("up", "cursor(-1)", show=False, priority=True),
        Binding("down", "cursor(1)", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        show_manager_key(self, self.pos.till)
        yield StatusBar()
        with Horizontal(id="sale-body"):
            yield CartTable(id="cart")
            yield TotalsPanel(id="totals")
        with Vertical(id="scan-area"):
            yield Static("", id="sale-message", classes="message")
            yield ScanInput(id="scan", placeholder=t("tui.sale.scan_hint"), max_length=64)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_cart()
        self.focus_scan()
        freeze_startup_heap()

    def on_screen_resume(self) -> None:
        self.focus_scan()

    def focus_scan(self) -> None:
        """Give the scan field the focus (it keeps it whenever this screen is shown)."""
        self.query_one("#scan", Input).focus()

    # -- the cart -------------------------------------------------------------------------------

    @property
    def cart(self) -> Cart:
        """The cart being rung up (a new one after each sale)."""
        till = self.pos.till
        if till.cart is None:
            assert till.cashier is not None
            till.cart = carts.new_cart(
                till.cashier.username,
                started_at=self.pos.context.clock.now(),
                shift_id=till.shift.id if till.shift else None,
            )
        return till.cart

    def selected_index(self) -> int | None:
        """The line under the cursor, or ``None`` for an empty cart."""
        if self.cart.is_empty:
            return None
        table = self.query_one(CartTable)
        return min(max(table.selected_row, 0), len(self.cart.lines) - 1)

    def refresh_cart(self, *, select: int | None = None) -> None:
        """Redraw the cart table and the totals."""
        self.query_one(CartTable).show(self.pos.till.cart, select=select)
        self.query_one(TotalsPanel).show(self.pos.till.cart, self.pos.context.settings.sale.ppn)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` above the scan field (errors ring the bell)."""
        line = self.query_one("#sale-message", Static)
        # The line has a fixed height: no layout pass, which would repaint the whole screen.
        line.update(message, layout=False)
        line.set_class(error, "error")
        if error:
            self.pos.bell()

    # -- scanning -------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # The field emptied itself on Enter (the next scan's digits may already be in it).
        if event.value.strip():
            self.scan(event.value)

    def scan(self, text: str) -> None:
        """Add what ``text`` (``[N*]barcode``) names to the cart, or say why not."""
        context = self.pos.context
        cart = self.cart
        try:
            with context.store.read() as session:
                index = carts.scan(
                    session, cart, text, layouts=context.settings.barcodes.variable_measure
                )
        except UnitRequired as required:
            self.pick_unit(required.product)
            return
        except NttMartError as error:
            self.say(str(error), error=True)
            return
        line = cart.lines[index]
        self.query_one(CartTable).append_or_update(cart, index)
        self.query_one(TotalsPanel).show(cart, context.settings.sale.ppn)
        self.say(t("tui.sale.added", name=line.name))
        self.pos.show_customer(lambda display: display.item(line.name, line.net))

    def add_product(self, product: Product) -> None:
        """Add one of ``product`` (chosen in the search)."""
        cart = self.cart
        try:
            with self.pos.context.store.read() as session:
                index = carts.add_product(session, cart, product, 1)
        except UnitRequired:
            self.pick_unit(product)
            return
        except NttMartError as error:
            self.say(str(error), error=True)
            return
        self.refresh_cart(select=index)
        self.say(t("tui.sale.added", name=cart.lines[index].name))

    def pick_unit(self, product: Product) -> None:
        """A product sold by unit: the cashier picks which unit (a scan of the unit's own code
        adds it directly)."""
        with self.pos.context.store.read() as session:
            units = carts.units_in_stock(session, product.id)
        if not units:
            self.say(t("till_units.none_left", name=product.name), error=True)
            return
        by_code = {unit.code: unit for unit in units}
        choices = [
            (
                unit.code,
                t(
                    "till_units.choice",
                    code=unit.code,
                    motif=unit.motif or "-",
                    weaver=unit.weaver or "-",
                    village=unit.village or "-",
                ),
            )
            for unit in units
        ]
        cart = self.cart

        def chosen(code: str | None) -> None:
            if code is None:
                self.focus_scan()
                return
            try:
                with self.pos.context.store.read() as session:
                    index = carts.add_unit(session, cart, by_code[code], product=product)
            except NttMartError as error:
                self.say(str(error), error=True)
                return
            self.refresh_cart(select=index)
            self.say(t("tui.sale.added", name=cart.lines[index].name))
            self.focus_scan()

        self.pos.push_screen(
            ChoiceDialog(t("till_units.choose", name=product.name), choices), chosen
        )

    def action_cursor(self, step: int) -> None:
        """Move the line selection up or down."""
        table = self.query_one(CartTable)
        if table.row_count:
            table.select(min(max(table.selected_row + step, 0), table.row_count - 1))

    # -- F-keys ---------------------------------------------------------------------------------
    # Each key pushes its dialog at once (no worker in between), so whatever is typed next goes
    # to the dialog, however fast it comes.

    def action_search(self) -> None:
        """F2: find a product by name and add it."""

        def chosen(product: Product | None) -> None:
            if product is not None:
                self.add_product(product)

        self.pos.push_screen(SearchDialog(), chosen)

    def action_quantity(self) -> None:
        """F3: change the quantity of the selected line; lowering it needs a manager, as a
        void does (the sale records what was taken off, by whose approval and why)."""
        index = self.selected_index()
        if index is None:
            self.say(t("cart.empty"), error=True)
            return
        cart = self.cart
        line = cart.lines[index]

        def chosen(quantity: int | None) -> None:
            if quantity is None:
                return
            before = line.quantity

            def changed() -> None:
                self.refresh_cart(select=index)
                if quantity < before:
                    lowered = format_quantity(quantity, line.unit)
                    self.say(t("counter.quantity.lowered", name=line.name, quantity=lowered))

            with_approval(
                self.pos,
                lambda approval: carts.set_quantity(cart, index, quantity, approval=approval),
                changed,
                detail=t(
                    "counter.quantity.approval",
                    name=line.name,
                    before=format_quantity(before, line.unit),
                    after=format_quantity(quantity, line.unit),
                ),
            )

        self.pos.push_screen(QuantityDialog(line), chosen)

    def action_discount(self) -> None:
        """F4: a discount on the selected line or on the whole sale."""
        index = self.selected_index()
        if index is None:
            self.say(t("cart.empty"), error=True)
            return
        cart = self.cart
        limit = self.pos.context.settings.sale.discount_limit_percent

        def give(choice: DiscountChoice | None, approval: Approval | None) -> None:
            assert choice is not None
            if choice.scope is DiscountScope.LINE:
                carts.set_line_discount(
                    cart, index, choice.discount, limit_percent=limit, approval=approval
                )
            else:
                carts.set_sale_discount(
                    cart, choice.discount, limit_percent=limit, approval=approval
                )

        def chosen(choice: DiscountChoice | None) -> None:
            if choice is not None:
                with_approval(
                    self.pos,
                    lambda approval: give(choice, approval),
                    lambda: self.refresh_cart(select=index),
                )

        self.pos.push_screen(DiscountDialog(cart.lines[index].name), chosen)

    def action_void(self) -> None:
        """F6: remove the selected line, with a manager's approval."""
        index = self.selected_index()
        if index is None:
            self.say(t("cart.empty"), error=True)
            return
        cart = self.cart
        line = cart.lines[index]

        def voided() -> None:
            self.refresh_cart(select=index)
            self.say(t("tui.sale.voided", name=line.name))

        with_approval(
            self.pos, lambda approval: carts.void_line(cart, index, approval=approval), voided
        )

    def action_pay(self) -> None:
        """F12: take payment; the sale is committed before the receipt prints."""
        from pos.tui.screens.payment import PaymentScreen

        if self.cart.is_empty:
            self.say(t("cart.empty"), error=True)
            return
        due = checkout.amount_due(self.cart, self.pos.context.settings.sale)
        self.pos.show_customer(lambda display: display.total(due))
        self.pos.push_screen(PaymentScreen(self.cart), self.paid)

    def paid(self, sale: CompletedSale | None) -> None:
        """After the payment screen: a committed sale prints and shows the change."""
        from pos.tui.dialogs.change import ChangeDialog

        if sale is None:
            self.focus_scan()
            return
        paid = sum(payment.tendered for payment in sale.doc.payments)
        self.pos.show_customer(lambda display: display.paid(paid, sale.change))
        self.pos.till.cart = None
        self.refresh_cart()
        self.pos.refresh_status()  # one more entry waits for the centre
        self.say(t("tui.sale.done", receipt=sale.receipt_no))
        self.print_receipt(sale)
        self.pos.push_screen(
            ChangeDialog(sale),
            lambda _: self.pos.show_customer(lambda display: display.welcome()),
        )

    def action_cancel_sale(self) -> None:
        """Esc: abandon the sale; with lines a manager approves and it is journaled."""
        cart = self.pos.till.cart
        if cart is None or cart.is_empty:
            self.say("")
            return
        context = self.pos.context

        def cancelled() -> None:
            self.pos.till.cart = None
            self.refresh_cart()
            self.say(t("tui.sale.cancelled"))

        with_approval(
            self.pos,
            lambda approval: checkout.cancel_sale(context, cart, approval=approval),
            cancelled,
        )

    def action_hold(self) -> None:
        """F5: hold the sale; on an empty cart, recall a held one."""
        context = self.pos.context
        cart = self.pos.till.cart
        if cart is not None and not cart.is_empty:
            held_sale = self.pos.attempt(lambda: held.hold(context, cart))
            if held_sale is not None:
                self.pos.till.cart = None
                self.refresh_cart()
                self.say(t("cart.held", label=held_sale.label))
            return
        waiting = held.held_sales(context)
        if not waiting:
            self.say(t("tui.recall.none"), error=True)
            return

        def chosen(held_id: str | None) -> None:
            if held_id is None:
                return
            shift = self.pos.till.shift
            recalled = self.pos.attempt(
                lambda: held.recall(context, held_id, shift_id=shift.id if shift else None)
            )
            if recalled is not None:
                self.pos.till.cart = recalled
                self.refresh_cart()
                self.say(t("tui.recall.done", count=len(recalled.lines)))

        self.pos.push_screen(RecallDialog(waiting), chosen)

    def action_refund(self) -> None:
        """F7: a refund against a receipt."""
        from pos.tui.screens.refund import RefundScreen

        till = self.pos.till
        assert till.cashier is not None and till.shift is not None
        self.pos.push_screen(
            RefundScreen(shift_id=till.shift.id, cashier=till.cashier.username), self.refunded
        )

    def refunded(self, done: CompletedRefund | None) -> None:
        """After the refund screen: say what was given back and print the slip."""
        if done is None:
            return
        doc = done.doc
        summary = t(
            "refund.done",
            number=doc.number,
            total=format_rupiah(doc.total),
            tender=tender_label(doc.tender),
        )
        self.say(summary)
        self.pos.refresh_status()
        self.pos.print_document(
            done.slip,
            kind="refund",
            reference=doc.number,
            done=lambda outcome: self.receipt_printed(doc.number, outcome, lead=summary),
        )

    def action_manager(self) -> None:
        """F11: the store manager's menu (managers and admins only)."""
        open_manager_menu(self.pos)

    def action_reprint(self) -> None:
        """F8: print the last receipt again (a copy, marked SALINAN, if it printed before)."""
        last = self.pos.print_queue.last("sale")
        if last is None:
            self.say(t("tui.print.nothing"), error=True)
            return
        receipt_no = last.reference or "-"
        self.say(t("tui.print.reprinting", receipt=receipt_no))
        self.pos.print_with(
            lambda queue: queue.reprint(last.id, copy=True),
            name=f"reprint {receipt_no}",
            done=lambda outcome: self.receipt_printed(receipt_no, outcome),
        )

    def print_receipt(self, sale: CompletedSale) -> None:
        """Send the committed sale's receipt to the printer; a failure is shown, never fatal."""

        def printed(outcome: PrintOutcome | None) -> None:
            self.receipt_printed(sale.receipt_no, outcome)

        self.pos.print_document(sale.receipt, kind="sale", reference=sale.receipt_no, done=printed)

    def receipt_printed(
        self, receipt_no: str, outcome: PrintOutcome | None, *, lead: str = ""
    ) -> None:
        """Tell the cashier whether the receipt came out (after ``lead``, if any)."""
        if outcome is not None and outcome.status is PrintStatus.PRINTED:
            self.say(" ".join(filter(None, [lead, t("tui.print.printed", receipt=receipt_no)])))
        else:
            detail = outcome.message if outcome and outcome.message else t("tui.print.broken")
            failed = t("tui.print.failed", receipt=receipt_no, detail=detail)
            self.say(" ".join(filter(None, [lead, failed])), error=True)
