"""A producer's statement across all outlets, for the producer to read (Indonesian by default).

``nttmart central statement PRODUCER_ID --from --to --out FILE.pdf``: in the style of the
outlet's consignment statement (:mod:`inventory.pdf.statement`), the producer's consignment
sales of the period at every outlet, per product, the outlets' commission, what is payable,
the payouts made and what remains unpaid, with room to sign. The figures are the ``payouts``
report's for this producer.
"""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import Engine, text

from inventory.money import format_number
from inventory.pdf.common import (
    build,
    day,
    facts,
    msg,
    para,
    percent,
    rupiah,
    signatures,
    styles,
    table,
    usable_width,
)
from inventory.quantity import Unit, format_quantity
from sync.central.reports.base import ReportError, ReportParams
from sync.central.reports.common import check_outlet, label, outlets, program_label
from sync.central.reports.payouts import consignment_sales, lines, register_rows


def render_producer_statement(engine: Engine, producer_id: str, params: ReportParams) -> bytes:
    """The producer's statement over ``params``' period as PDF bytes; an unknown producer or
    outlet is a :class:`ReportError`."""
    lang = params.lang

    def m(key: str, **values: object) -> str:
        return label(params, f"statement.{key}", **values)

    def old(key: str, **values: object) -> str:
        return msg(lang, f"manager_pdf.statement.{key}", **values)

    with engine.connect() as connection:
        check_outlet(connection, params)
        producer = connection.execute(
            text(
                "SELECT id, name, program, kabupaten, kecamatan, desa, commission_bp "
                "FROM central_producer WHERE id = :id"
            ),
            {"id": producer_id},
        ).one_or_none()
        if producer is None:
            raise ReportError(label(params, "error.unknown_producer", id=producer_id))
        per_outlet = lines(connection, params, producer_id=producer_id)
        per_product = consignment_sales(
            connection, params, producer_id=producer_id, by_product=True
        )
        payouts = register_rows(connection, params, producer_id=producer_id)
        names = {code: name for code, (name, _k) in outlets(connection).items()}
        products = {
            row.id: row
            for row in connection.execute(
                text("SELECT id, sku, name, unit FROM central_product WHERE producer_id = :id"),
                {"id": producer_id},
            )
        }

    s = styles()
    width = usable_width()
    origin = ", ".join(p for p in (producer.desa, producer.kecamatan, producer.kabupaten) if p)
    period = f"{day(params.date_from)} - {day(params.date_to)}"
    story: list[Flowable] = [
        para(m("title"), s["Title"]),
        facts(
            [
                (old("producer"), producer.name),
                (old("origin"), origin or "-"),
                (old("program"), program_label(params, producer.program)),
                (old("period"), period),
                (m("commission_rate"), percent(int(producer.commission_bp))),
            ],
            width,
        ),
        Spacer(1, 5 * mm),
        para(m("per_outlet"), s["Heading4"]),
    ]
    rows: list[list[object]] = [
        [m("outlet"), old("sold"), old("sales"), m("commission"), m("payable"), m("paid")]
    ]
    for line in per_outlet:
        rows.append(
            [
                para(f"{names.get(line.outlet, line.outlet)} ({line.outlet})", s["Cell"]),
                format_number(line.quantity),
                rupiah(line.gross),
                rupiah(line.commission),
                rupiah(line.payable),
                rupiah(line.paid),
            ]
        )
    gross = sum(line.gross for line in per_outlet)
    commission = sum(line.commission for line in per_outlet)
    payable = gross - commission
    paid = sum(line.paid for line in per_outlet)
    rows.append(
        [
            old("total_sales"),
            format_number(sum(line.quantity for line in per_outlet)),
            rupiah(gross),
            rupiah(commission),
            rupiah(payable),
            rupiah(paid),
        ]
    )
    column = 26 * mm
    story.append(
        table(rows, [width - 5 * column, *([column] * 5)], right=(1, 2, 3, 4, 5), total_row=True)
    )
    story.append(Spacer(1, 4 * mm))

    story.append(para(old("sales_heading"), s["Heading4"]))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in per_product:
        totals[row.product_id][0] += int(row.quantity)
        totals[row.product_id][1] += int(row.gross)
    product_rows: list[list[object]] = [[old("no"), old("product"), old("sold"), old("sales")]]
    ordered = sorted(
        totals.items(),
        key=lambda item: products[item[0]].name.casefold() if item[0] in products else item[0],
    )
    for index, (product_id, (quantity, amount)) in enumerate(ordered, start=1):
        known = products.get(product_id)
        name = f"{known.name} ({known.sku})" if known else product_id
        shown = format_quantity(quantity, Unit(known.unit)) if known else format_number(quantity)
        product_rows.append([str(index), para(name, s["Cell"]), shown, rupiah(amount)])
    product_rows.append(["", old("total_sales"), "", rupiah(gross)])
    story.append(
        table(
            product_rows, [10 * mm, width - 85 * mm, 30 * mm, 45 * mm], right=(2, 3), total_row=True
        )
    )
    story.append(Spacer(1, 4 * mm))
    summary = [
        [old("total_sales"), rupiah(gross)],
        [m("commission_total"), rupiah(-commission)],
        [old("payable"), rupiah(payable)],
        [m("paid_total"), rupiah(-paid)],
        [m("unpaid"), rupiah(payable - paid)],
    ]
    story.append(
        table(summary, [width - 45 * mm, 45 * mm], right=(1,), total_row=True, header=False)
    )
    story.append(para(m("commission_note"), s["Small"]))
    story.append(Spacer(1, 4 * mm))
    story.append(para(m("payouts"), s["Heading4"]))
    if not payouts:
        story.append(para(m("no_payouts"), s["Normal"]))
    else:
        payout_rows: list[list[object]] = [
            [m("paid_on"), m("outlet"), m("settlement"), m("method"), m("reference"), m("amount")]
        ]
        for p in payouts:
            payout_rows.append(
                [
                    day(p.paid_on),
                    p.outlet,
                    p.number,
                    label(params, f"method.{p.method}"),
                    para(p.reference or "-", s["Cell"]),
                    rupiah(p.amount),
                ]
            )
        story.append(
            table(
                payout_rows,
                [22 * mm, 16 * mm, 43 * mm, 28 * mm, width - 139 * mm, 30 * mm],
                right=(5,),
            )
        )
    story.append(Spacer(1, 10 * mm))
    story.append(
        signatures(
            [old("sign_producer"), m("sign_admin")], [producer.name, "...................."], width
        )
    )
    return build(story, title=f"{m('title')} {producer.name}", footer=f"{producer.name} - {period}")
