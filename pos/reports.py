"""Shift reports: the X report (mid-shift) and Z report (at close) as a receipt-printer job and
as a PDF (reportlab).

Both are drawn from a :class:`~pos.shifts.ShiftReport`, whose figures come from the explicit
lists of sales, refunds and cash movements of the shift.
"""

from __future__ import annotations

from pathlib import Path

from hardware.document import Align, Columns, Op, PrintDocument, Rule, Text
from inventory.clock import format_wita
from inventory.i18n import t
from inventory.money import format_rupiah
from pos.config import Settings
from pos.receipts import tender_label
from pos.shifts import DENOMINATIONS, ShiftReport


def _title(report: ShiftReport) -> str:
    key = "report.z_title" if report.closed else "report.x_title"
    return t(key, number=report.shift.number)


def _figures(report: ShiftReport) -> list[tuple[str, int]]:
    s = report.summary
    rows = [
        (t("report.gross"), s.gross),
        (t("report.discounts"), -s.discounts),
        (t("report.rounding"), s.rounding),
        (t("report.refunds"), -s.refunds),
        (t("report.net"), s.net),
    ]
    if s.ppn:
        rows.append((t("report.ppn"), s.ppn))
    return rows


def _cash(report: ShiftReport) -> list[tuple[str, int]]:
    s = report.summary
    cash = next((x for x in s.per_tender if x.tender.value == "cash"), None)
    rows = [
        (t("report.opening_float"), s.opening_float),
        (t("report.cash_sales"), cash.sales if cash else 0),
        (t("report.cash_refunds"), -(cash.refunds if cash else 0)),
        (t("report.cash_in"), s.cash_in),
        (t("report.cash_out"), -s.cash_out),
        (t("report.cash_expected"), s.cash_expected),
    ]
    if s.cash_counted is not None and s.variance is not None:
        rows += [(t("report.cash_counted"), s.cash_counted), (t("report.variance"), s.variance)]
    return rows


def _counts(report: ShiftReport) -> list[tuple[str, int, int]]:
    rows = []
    for denomination in DENOMINATIONS:
        pieces = report.summary.counts.get(denomination.key, 0)
        if pieces:
            label = format_rupiah(denomination.value)
            if denomination.coin:
                label += f" {t('report.coin')}"
            rows.append((label, pieces, pieces * denomination.value))
    return rows


def _period(report: ShiftReport) -> tuple[str, str]:
    opened = format_wita(report.shift.opened_at)
    closed = format_wita(report.shift.closed_at) if report.shift.closed_at else "-"
    return opened, closed


def shift_report_document(report: ShiftReport, settings: Settings) -> PrintDocument:
    """The X or Z report as a receipt-printer job."""
    s = report.summary
    opened, closed = _period(report)
    ops: list[Op] = [
        Text(text=settings.outlet.name, align=Align.CENTER, bold=True),
        Text(text=_title(report), align=Align.CENTER, bold=True),
        Rule(),
        Columns(left=t("report.cashier"), right=report.cashier_name),
        Columns(left=t("report.opened"), right=opened),
        Columns(left=t("report.closed"), right=closed),
        Columns(left=t("report.sales_count"), right=str(s.sales_count)),
        Columns(left=t("report.refunds_count"), right=str(s.refunds_count)),
        Rule(),
    ]
    ops += [Columns(left=label, right=format_rupiah(value)) for label, value in _figures(report)]
    ops += [Rule(), Text(text=t("report.per_tender"), bold=True)]
    ops += [Columns(left=tender_label(x.tender), right=format_rupiah(x.net)) for x in s.per_tender]
    ops += [Rule(), Text(text=t("report.per_category"), bold=True)]
    ops += [Columns(left=x.category, right=format_rupiah(x.net)) for x in s.per_category]
    ops += [Rule(), Text(text=t("report.cash"), bold=True)]
    ops += [Columns(left=label, right=format_rupiah(value)) for label, value in _cash(report)]
    counts = _counts(report)
    if counts:
        ops += [Rule(), Text(text=t("report.count"), bold=True)]
        ops += [
            Columns(left=f"{label} x {pieces}", right=format_rupiah(amount))
            for label, pieces, amount in counts
        ]
    ops.append(Rule())
    return PrintDocument(title=_title(report), ops=tuple(ops))


def write_pdf(report: ShiftReport, settings: Settings, path: Path) -> Path:
    """Save the X or Z report as an A4 PDF at ``path`` (written whole, then renamed in place)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    s = report.summary
    opened, closed = _period(report)
    money_style = TableStyle(
        [
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )

    def table(header: list[str], rows: list[list[str]]) -> Table:
        widths = [90 * mm] + [40 * mm] * (len(header) - 1)
        return Table([header, *rows], colWidths=widths, style=money_style, hAlign="LEFT")

    story = [
        Paragraph(f"{settings.outlet.name} - {_title(report)}", styles["Title"]),
        Paragraph(settings.outlet.address or "&nbsp;", styles["Normal"]),
        Spacer(1, 4 * mm),
        table(
            [t("report.shift"), str(report.shift.number)],
            [
                [t("report.cashier"), report.cashier_name],
                [t("report.opened"), opened],
                [t("report.closed"), closed],
                [t("report.sales_count"), str(s.sales_count)],
                [t("report.refunds_count"), str(s.refunds_count)],
            ],
        ),
        Spacer(1, 4 * mm),
        table(
            [t("report.figures"), ""],
            [[label, format_rupiah(value)] for label, value in _figures(report)],
        ),
        Spacer(1, 4 * mm),
        table(
            [t("report.per_tender"), t("report.sales"), t("report.refunds"), t("report.net")],
            [
                [
                    tender_label(x.tender),
                    format_rupiah(x.sales),
                    format_rupiah(x.refunds),
                    format_rupiah(x.net),
                ]
                for x in s.per_tender
            ],
        ),
        Spacer(1, 4 * mm),
        table(
            [t("report.per_category"), t("report.sales"), t("report.refunds"), t("report.net")],
            [
                [x.category, format_rupiah(x.sales), format_rupiah(x.refunds), format_rupiah(x.net)]
                for x in s.per_category
            ],
        ),
        Spacer(1, 4 * mm),
        table(
            [t("report.cash"), ""],
            [[label, format_rupiah(value)] for label, value in _cash(report)],
        ),
    ]
    counts = _counts(report)
    if counts:
        story += [
            Spacer(1, 4 * mm),
            table(
                [t("report.count"), t("report.pieces"), t("report.amount")],
                [[label, str(pieces), format_rupiah(amount)] for label, pieces, amount in counts],
            ),
        ]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    document = SimpleDocTemplate(
        str(partial), pagesize=A4, title=_title(report), author=settings.outlet.name
    )
    document.build(story)
    partial.replace(path)
    return path
