"""The consignment statement a producer takes home: sales, commission, payout and stock.

Written in Indonesian by default (``lang``), in plain words, with the sums a producer can check
by hand: each product's quantity sold and sales, the total, the outlet's commission and what is
paid; then the movement of their goods in the outlet over the period, and room to sign.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inventory.models import Program
from inventory.pdf.common import (
    build,
    day,
    facts,
    moment,
    msg,
    para,
    percent,
    rupiah,
    signatures,
    styles,
    table,
    usable_width,
)
from inventory.quantity import format_quantity
from inventory.settlements import Settlement


def _origin(settlement: Settlement) -> str:
    producer = settlement.producer
    parts = [producer.desa, producer.kecamatan, producer.kabupaten]
    return ", ".join(part for part in parts if part) or "-"


def render_statement(settlement: Settlement, *, lang: str = "id") -> bytes:
    """The statement of ``settlement`` (or of a preview, marked as such) as PDF bytes."""

    def m(key: str, **params: object) -> str:
        return msg(lang, f"manager_pdf.statement.{key}", **params)

    s = styles()
    width = usable_width()
    producer = settlement.producer
    number = settlement.number or m("preview")
    program = "-" if producer.program is Program.NONE else producer.program.value.upper()
    header = [
        (m("number"), number),
        (m("producer"), producer.name),
        (m("origin"), _origin(settlement)),
        (m("program"), program),
        (m("period"), f"{day(settlement.period_start)} - {day(settlement.period_end)}"),
    ]
    if settlement.settled_at is not None:
        header.append((m("settled_at"), f"{moment(settlement.settled_at)} ({settlement.actor})"))
    story: list[Flowable] = [
        para(m("title"), s["Title"]),
        para(f"{settlement.outlet_name} ({settlement.outlet_code})", s["Heading3"]),
        facts(header, width),
        Spacer(1, 5 * mm),
        para(m("sales_heading"), s["Heading4"]),
    ]

    rows: list[list[object]] = [[m("no"), m("product"), m("sold"), m("sales")]]
    for index, line in enumerate(settlement.lines, start=1):
        name = f"{line.name} ({line.sku})" + (" *" if line.estimated else "")
        rows.append(
            [
                str(index),
                para(name, s["Cell"]),
                format_quantity(line.quantity, line.unit),
                rupiah(line.gross),
            ]
        )
    units = {line.unit for line in settlement.lines}
    total_quantity = format_quantity(settlement.quantity, units.pop()) if len(units) == 1 else ""
    rows.append(["", m("total_sales"), total_quantity, rupiah(settlement.gross)])
    widths = [10 * mm, width - 85 * mm, 30 * mm, 45 * mm]
    story.append(table(rows, widths, right=(2, 3), total_row=True))
    if settlement.estimated:
        story.append(para(m("estimated_note"), s["Small"]))
    story.append(Spacer(1, 4 * mm))
    summary = [
        [m("total_sales"), rupiah(settlement.gross)],
        [m("commission", rate=percent(settlement.commission_bp)), rupiah(-settlement.commission)],
        [m("payable"), rupiah(settlement.payable)],
    ]
    story.append(
        table(summary, [width - 45 * mm, 45 * mm], right=(1,), total_row=True, header=False)
    )
    story.append(Spacer(1, 4 * mm))

    payout = settlement.payout
    if payout is None:
        story.append(para(m("unpaid"), s["Normal"]))
    else:
        method = msg(lang, f"manager_pdf.method.{payout.method.value}")
        story.append(
            para(
                m(
                    "paid",
                    date=day(payout.paid_on),
                    method=method,
                    reference=payout.reference or "-",
                ),
                s["Normal"],
            )
        )
    story.append(Spacer(1, 5 * mm))

    if settlement.stock:
        story.append(para(m("stock_heading"), s["Heading4"]))
        stock_rows: list[list[object]] = [
            [m("product"), m("opening"), m("received"), m("sold"), m("returned"), m("closing")]
        ]
        for row in settlement.stock:
            values = (row.opening, row.received, row.sold, row.returned_total, row.closing)
            stock_rows.append(
                [
                    para(f"{row.name} ({row.sku})", s["Cell"]),
                    *(format_quantity(value, row.unit) for value in values),
                ]
            )
        column = 25 * mm
        story.append(
            table(stock_rows, [width - 5 * column, *([column] * 5)], right=(1, 2, 3, 4, 5))
        )
        story.append(para(m("stock_note"), s["Small"]))
        story.append(Spacer(1, 10 * mm))

    story.append(
        signatures(
            [m("sign_producer"), m("sign_manager")],
            [producer.name, "...................."],
            width,
        )
    )
    title = f"{m('title')} {number}"
    return build(story, title=title, footer=f"{settlement.outlet_name} - {number}")
