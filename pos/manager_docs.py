"""Receipt-printer documents of the store manager: the receiving slip and a single shelf label.

The services in :mod:`inventory` return plain data; these builders turn it into the
device-independent :class:`~hardware.document.PrintDocument` the print queue takes.
"""

from __future__ import annotations

from hardware.document import Align, Barcode, Columns, Feed, PrintDocument, Rule, Text
from inventory.clock import format_wita
from inventory.i18n import t
from inventory.labels import LabelInfo
from inventory.manager_models import ReceivingMode
from inventory.money import format_rupiah
from inventory.quantity import format_quantity
from inventory.receiving import ReceivingResult


def receiving_slip(result: ReceivingResult, *, outlet_name: str) -> PrintDocument:
    """The slip of a receiving document: what came in, from whom, at what price."""
    kind = t(f"manager_docs.mode.{result.mode.value}")
    ops: list[Text | Columns | Rule | Barcode | Feed] = [
        Text(text=outlet_name, align=Align.CENTER, bold=True),
        Text(text=t("manager_docs.receiving_title"), align=Align.CENTER, bold=True),
        Text(text=kind, align=Align.CENTER),
        Text(text=result.number, align=Align.CENTER),
        Rule(),
        Columns(left=t("manager_docs.date"), right=format_wita(result.received_at)),
        Columns(left=t("manager_docs.producer"), right=result.producer_name or "-"),
        Columns(left=t("manager_docs.received_by"), right=result.actor),
        Rule(),
    ]
    for line in result.lines:
        quantity = format_quantity(line.quantity, line.unit)
        ops.append(Text(text=f"{line.name} ({line.sku})"))
        if line.unit_price is None:
            ops.append(Columns(left=f"  {quantity}", right=""))
        else:
            left = f"  {quantity} x {format_rupiah(line.unit_price)}"
            ops.append(Columns(left=left, right=format_rupiah(line.amount or 0)))
        details = []
        if line.expiry_date is not None:
            details.append(t("manager_docs.expiry", date=line.expiry_date.strftime("%d/%m/%Y")))
        if line.batch:
            details.append(t("manager_docs.batch", batch=line.batch))
        if details:
            ops.append(Text(text="  " + "  ".join(details)))
        ops += [
            Text(text=f"  {t('manager_docs.unit_code', code=code)}") for code in line.unit_codes
        ]
    ops.append(Rule())
    if result.total:
        label = (
            t("manager_docs.total_cost")
            if result.mode is ReceivingMode.PURCHASE
            else t("manager_docs.total_agreed")
        )
        ops.append(Columns(left=label, right=format_rupiah(result.total), bold=True))
    ops.append(Columns(left=t("manager_docs.lines"), right=str(len(result.lines))))
    if result.new_barcodes:
        ops.append(Rule())
        ops.append(Text(text=t("manager_docs.new_barcodes"), bold=True))
        ops += [Columns(left=sku, right=code) for sku, code in result.new_barcodes.items()]
    if result.note:
        ops.append(Text(text=result.note))
    ops += [
        Feed(lines=1),
        Columns(left=t("manager_docs.sign_producer"), right=t("manager_docs.sign_outlet")),
        Feed(lines=3),
        Columns(left="(..............)", right="(..............)"),
    ]
    return PrintDocument(
        title=f"{t('manager_docs.receiving_title')} {result.number}", ops=tuple(ops)
    )


def label_document(label: LabelInfo) -> PrintDocument:
    """One shelf label on the receipt printer: name, price, barcode, origin, certificates."""
    ops: list[Text | Barcode | Feed] = [
        Text(text=label.name, align=Align.CENTER, bold=True),
        Text(text=label.price_text, align=Align.CENTER, double=True),
    ]
    if label.detail:
        ops.append(Text(text=label.detail, align=Align.CENTER))
    if label.barcode:
        symbology = "EAN13" if len(label.barcode) == 13 else "CODE128"
        ops.append(Barcode(data=label.barcode, symbology=symbology))
    else:
        ops.append(Text(text=label.sku, align=Align.CENTER))
    if label.origin_text:
        ops.append(Text(text=label.origin_text, align=Align.CENTER))
    if label.certificate_text:
        ops.append(Text(text=label.certificate_text, align=Align.CENTER))
    return PrintDocument(title=t("manager_docs.label_title", sku=label.sku), ops=tuple(ops))
