"""Receipts (struk) as print documents for 58 mm (32 columns) and 80 mm (48 columns) paper.

Built from the journal documents of a sale or refund, so a reprint shows exactly what was sold;
a reprint is marked as a copy and never kicks the drawer. :func:`render_text` lays a document
out as plain text (for the terminal, logs and tests); printers get the document itself.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from hardware.document import Align, Barcode, Columns, Op, PrintDocument, QRCode, Rule, Text
from inventory.clock import to_wita
from inventory.i18n import t
from inventory.money import format_rupiah
from inventory.quantity import Unit, format_quantity, price_unit_label
from pos.config import Settings
from pos.documents import (
    CampaignTagDoc,
    DiscountDoc,
    RefundCompleted,
    SaleCompleted,
    SaleLineDoc,
)
from pos.models import TenderKind


def tender_label(kind: TenderKind) -> str:
    """``Tunai``, ``QRIS``, ``Debit``... in the current language."""
    return t(f"tender.{kind.value}")


def _wrapped(text: str, width: int, align: Align = Align.CENTER) -> list[Op]:
    ops: list[Op] = []
    for paragraph in text.replace("\\n", "\n").splitlines():
        for line in textwrap.wrap(paragraph, width) or [""]:
            ops.append(Text(text=line, align=align))
    return ops


def _discount_label(discount: DiscountDoc) -> str:
    if discount.kind == "percent":
        whole, rest = divmod(discount.value, 100)
        percent = f"{whole}" if not rest else f"{whole},{rest:02d}".rstrip("0")
        return t("receipt.discount_percent", percent=percent)
    return t("receipt.discount")


def _quantity_text(line: SaleLineDoc) -> str:
    if line.unit is Unit.PIECE:
        return f"{line.quantity} x {format_rupiah(line.unit_price)}"
    per = price_unit_label(line.unit)
    return f"{format_quantity(line.quantity, line.unit)} x {format_rupiah(line.unit_price)}/{per}"


def _header(settings: Settings, *, ppn: bool) -> list[Op]:
    outlet = settings.outlet
    width = settings.receipt_columns
    ops: list[Op] = [Text(text=outlet.name, align=Align.CENTER, bold=True)]
    if outlet.address:
        ops += _wrapped(outlet.address, width)
    if ppn and settings.sale.npwp:
        ops.append(Text(text=t("receipt.npwp", npwp=settings.sale.npwp), align=Align.CENTER))
    return ops


def sale_receipt(doc: SaleCompleted, settings: Settings, *, copy: bool = False) -> PrintDocument:
    """The receipt of a sale; ``copy`` marks a reprint (and leaves the drawer shut)."""
    width = settings.receipt_columns
    ops: list[Op] = _header(settings, ppn=doc.ppn_mode != "none")
    local = to_wita(doc.completed_at)
    ops += [
        Rule(),
        Columns(left=t("receipt.number"), right=doc.receipt_no),
        Columns(left=local.strftime("%d/%m/%Y"), right=local.strftime("%H:%M") + " WITA"),
        Columns(left=t("receipt.cashier"), right=doc.cashier_name or doc.cashier),
    ]
    if copy:
        ops.append(Text(text=t("receipt.copy"), align=Align.CENTER, bold=True))
    ops.append(Rule())
    for line in doc.lines:
        ops.append(Text(text=line.name))
        ops.append(Columns(left="  " + _quantity_text(line), right=format_rupiah(line.gross)))
        if line.price_override_approval_id:
            ops.append(
                Text(text="  " + t("receipt.price_changed", price=format_rupiah(line.list_price)))
            )
        if line.discount is not None:
            ops.append(
                Columns(
                    left="  " + _discount_label(line.discount),
                    right=format_rupiah(-line.discount.amount),
                )
            )
    ops.append(Rule())
    ops.append(Columns(left=t("receipt.subtotal"), right=format_rupiah(doc.subtotal)))
    if doc.sale_discount is not None:
        ops.append(
            Columns(
                left=_discount_label(doc.sale_discount),
                right=format_rupiah(-doc.sale_discount.amount),
            )
        )
    if doc.ppn_mode != "none":
        ops.append(Columns(left=t("receipt.ppn"), right=format_rupiah(doc.ppn)))
    if doc.rounding:
        ops.append(Columns(left=t("receipt.rounding"), right=format_rupiah(doc.rounding)))
    ops.append(Columns(left=t("receipt.total"), right=format_rupiah(doc.total), bold=True))
    for payment in doc.payments:
        ops.append(
            Columns(left=tender_label(payment.tender), right=format_rupiah(payment.tendered))
        )
        if payment.reference:
            ops.append(Text(text="  " + t("receipt.reference", reference=payment.reference)))
    if doc.change:
        ops.append(Columns(left=t("receipt.change"), right=format_rupiah(doc.change), bold=True))
    ops += _campaign(doc.campaign, width)
    ops.append(Rule())
    ops += _footer(settings, width)
    ops.append(Barcode(data=doc.receipt_no, symbology="CODE128"))
    cash = any(p.tender is TenderKind.CASH for p in doc.payments)
    title = t("receipt.title_copy" if copy else "receipt.title", number=doc.receipt_no)
    return PrintDocument(title=title, ops=tuple(ops), open_drawer=cash and not copy)


def campaign_line(tag: CampaignTagDoc) -> str:
    """``Kampanye: Belanja Produk NTT · NIP 198503122010011005``."""
    return t("campaign.receipt_line", name=tag.name, label=tag.buyer_label, buyer=tag.buyer_id)


def _campaign(tag: CampaignTagDoc | None, width: int) -> list[Op]:
    return _wrapped(campaign_line(tag), width, Align.LEFT) if tag is not None else []


def _footer(settings: Settings, width: int) -> list[Op]:
    footer = settings.sale.receipt_footer.strip()
    return _wrapped(footer, width) if footer else []


def refund_receipt(
    doc: RefundCompleted, settings: Settings, *, copy: bool = False
) -> PrintDocument:
    """The slip of a refund: the original receipt number, lines given back, money paid out."""
    width = settings.receipt_columns
    ops: list[Op] = _header(settings, ppn=False)
    local = to_wita(doc.at)
    ops += [
        Rule(),
        Text(text=t("receipt.refund_heading"), align=Align.CENTER, bold=True),
        Columns(left=t("receipt.number"), right=doc.number),
        Columns(left=t("receipt.original"), right=doc.receipt_no),
        Columns(left=local.strftime("%d/%m/%Y"), right=local.strftime("%H:%M") + " WITA"),
        Columns(left=t("receipt.cashier"), right=doc.cashier),
        Columns(left=t("receipt.approved_by"), right=doc.approval.approver),
    ]
    if copy:
        ops.append(Text(text=t("receipt.copy"), align=Align.CENTER, bold=True))
    ops.append(Rule())
    for line in doc.lines:
        ops.append(Text(text=line.name))
        ops.append(Columns(left=f"  {line.quantity} x", right=format_rupiah(-line.amount)))
    ops.append(Rule())
    if doc.rounding:
        ops.append(Columns(left=t("receipt.rounding"), right=format_rupiah(-doc.rounding)))
    ops.append(Columns(left=t("receipt.refund_total"), right=format_rupiah(doc.total), bold=True))
    ops.append(Columns(left=tender_label(doc.tender), right=format_rupiah(doc.total)))
    if doc.reference:
        ops.append(Text(text="  " + t("receipt.reference", reference=doc.reference)))
    ops += _wrapped(t("receipt.reason", reason=doc.reason), width, Align.LEFT)
    ops += _campaign(doc.campaign, width)
    ops.append(Rule())
    ops.append(Barcode(data=doc.number, symbology="CODE128"))
    title = t("receipt.refund_title", number=doc.number)
    return PrintDocument(
        title=title, ops=tuple(ops), open_drawer=doc.tender is TenderKind.CASH and not copy
    )


def qris_slip(payload: str, amount: int, settings: Settings) -> PrintDocument:
    """A slip with the dynamic QRIS code of one payment, for customers who cannot see the
    screen."""
    ops: list[Op] = [
        Text(text=settings.outlet.name, align=Align.CENTER, bold=True),
        Text(text=t("receipt.qris_scan"), align=Align.CENTER),
        QRCode(data=payload, size=6),
        Text(text=format_rupiah(amount), align=Align.CENTER, bold=True, double=True),
    ]
    return PrintDocument(title=t("receipt.qris_title"), ops=tuple(ops))


def _fit(left: str, right: str, width: int) -> list[str]:
    room = width - len(right) - 1
    if room < 1:
        return [left[:width], right.rjust(width)]
    parts = textwrap.wrap(left, room) or [""]
    return [*parts[:-1], parts[-1].ljust(room) + " " + right]


def render_text(document: PrintDocument, width: int = 32) -> str:
    """The document laid out as plain text ``width`` columns wide (what the paper shows)."""
    lines: list[str] = []
    for op in document.ops:
        if isinstance(op, Text):
            wrapped: Iterable[str] = textwrap.wrap(op.text, width) or [""]
            for part in wrapped:
                if op.align is Align.CENTER:
                    lines.append(part.center(width).rstrip())
                elif op.align is Align.RIGHT:
                    lines.append(part.rjust(width))
                else:
                    lines.append(part)
        elif isinstance(op, Columns):
            lines += _fit(op.left, op.right, width)
        elif isinstance(op, Rule):
            lines.append(op.char * width)
        elif isinstance(op, Barcode):
            lines.append(f"|| {op.data} ||".center(width).rstrip())
        elif isinstance(op, QRCode):
            lines.append("[QR]".center(width).rstrip())
        else:
            lines += [""] * op.lines
    return "\n".join(lines) + "\n"
