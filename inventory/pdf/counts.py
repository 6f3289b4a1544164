"""Stock count PDFs: the count sheet counters write on, and the variance report a manager signs.

The count sheet is blind: it lists what to count, shelf by shelf, with an empty column for the
quantity, but never the quantity the system expects.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inventory.i18n import get_language
from inventory.pdf.common import (
    build,
    facts,
    moment,
    msg,
    para,
    rupiah,
    signatures,
    styles,
    table,
    usable_width,
)
from inventory.quantity import format_quantity
from inventory.stockcount import VarianceReport


def _header(report: VarianceReport, lang: str, width: float) -> Flowable:
    def m(key: str, **params: object) -> str:
        return msg(lang, f"manager_pdf.count.{key}", **params)

    scope = msg(lang, f"manager_pdf.scope.{report.scope.value}")
    if report.scope_label:
        scope = f"{scope}: {report.scope_label}"
    return facts(
        [
            (m("number"), report.number),
            (m("scope"), scope),
            (m("started"), f"{moment(report.started_at)} ({report.started_by})"),
        ],
        width,
    )


def render_count_sheet(report: VarianceReport, *, lang: str | None = None) -> bytes:
    """The blind count sheet of a count: what to count, by shelf, with room to write."""
    lang = lang or get_language()

    def m(key: str, **params: object) -> str:
        return msg(lang, f"manager_pdf.count.{key}", **params)

    s = styles()
    width = usable_width()
    rows: list[list[object]] = [
        [m("no"), m("shelf"), m("product"), m("barcode"), m("unit"), m("counted"), m("initials")]
    ]
    for index, line in enumerate(report.lines, start=1):
        rows.append(
            [
                str(index),
                line.shelf or "-",
                para(f"{line.name} ({line.sku})", s["Cell"]),
                line.barcode or "-",
                line.unit.value,
                "",
                "",
            ]
        )
    fixed = [10 * mm, 18 * mm, 30 * mm, 12 * mm, 22 * mm, 15 * mm]
    widths = [fixed[0], fixed[1], width - sum(fixed), *fixed[2:]]
    story: list[Flowable] = [
        para(m("sheet_title"), s["Title"]),
        _header(report, lang, width),
        Spacer(1, 4 * mm),
        table(rows, widths),
        Spacer(1, 3 * mm),
        para(m("sheet_note"), s["Small"]),
        Spacer(1, 8 * mm),
        signatures([m("counter")], ["...................."], width / 2),
    ]
    return build(story, title=f"{m('sheet_title')} {report.number}", footer=report.number)


def render_variance_report(report: VarianceReport, *, lang: str | None = None) -> bytes:
    """The variance list of a count, valued in Rupiah, with totals and the approval."""
    lang = lang or get_language()

    def m(key: str, **params: object) -> str:
        return msg(lang, f"manager_pdf.count.{key}", **params)

    s = styles()
    width = usable_width(wide=True)
    rows: list[list[object]] = [
        [
            m("product"),
            m("shelf"),
            m("expected"),
            m("moved"),
            m("counted"),
            m("variance"),
            m("value"),
        ]
    ]
    for line in report.lines:
        q = line.unit
        name = f"{line.name} ({line.sku})" + (" *" if line.valued_at == "price" else "")
        rows.append(
            [
                para(name, s["Cell"]),
                line.shelf or "-",
                format_quantity(line.expected, q),
                format_quantity(line.moved_since_start, q),
                "-" if line.counted is None else format_quantity(line.counted, q),
                format_quantity(line.variance, q),
                rupiah(line.value),
            ]
        )
    fixed = [25 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm, 32 * mm]
    widths = [width - sum(fixed), *fixed]
    totals = [
        [m("shortage"), rupiah(report.shortage_value)],
        [m("surplus"), rupiah(report.surplus_value)],
        [m("net"), rupiah(report.net_value)],
    ]
    story: list[Flowable] = [
        para(m("variance_title"), s["Title"]),
        _header(report, lang, width),
        Spacer(1, 4 * mm),
        table(rows, widths, right=(2, 3, 4, 5, 6)),
        para(m("valuation_note"), s["Small"]),
        para(m("formula_note"), s["Small"]),
        Spacer(1, 4 * mm),
        table(totals, [width - 45 * mm, 45 * mm], right=(1,), total_row=True, header=False),
        Spacer(1, 3 * mm),
    ]
    if report.uncounted:
        story.append(para(m("uncounted", count=len(report.uncounted)), s["Normal"]))
    if report.approver:
        story.append(para(m("approved_by", approver=report.approver), s["Normal"]))
    else:
        story.append(para(m("not_approved"), s["Normal"]))
    story += [
        Spacer(1, 8 * mm),
        signatures(
            [m("counter"), m("approver")],
            ["....................", report.approver or "...................."],
            width,
        ),
    ]
    title = f"{m('variance_title')} {report.number}"
    return build(story, title=title, footer=report.number, wide=True)
