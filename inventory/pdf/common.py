"""What every manager PDF shares: messages in a chosen language, styles, tables and page footer.

PDFs are built with ``invariant`` set, so the same data always gives the same bytes (no creation
time or random document id inside), which keeps them comparable and testable.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from inventory.clock import format_wita
from inventory.i18n import catalog
from inventory.money import format_rupiah


def msg(lang: str, key: str, /, **params: object) -> str:
    """Message ``key`` in ``lang`` without switching the process language (PDFs for producers
    are Indonesian whatever the till shows); falls back to English, then to the key."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def day(value: date) -> str:
    """``22/11/2026``."""
    return value.strftime("%d/%m/%Y")


def moment(value: datetime) -> str:
    """``22/11/2026 14:05`` in WITA."""
    return format_wita(value)


def percent(basis_points: int) -> str:
    """Basis points as people write a percentage: ``1500`` -> ``15%``, ``1250`` -> ``12,5%``."""
    whole, rest = divmod(abs(basis_points), 100)
    sign = "-" if basis_points < 0 else ""
    if rest == 0:
        return f"{sign}{whole}%"
    return f"{sign}{whole},{rest:02d}".rstrip("0") + "%"


def styles() -> StyleSheet1:
    """The paragraph styles of the manager's PDFs."""
    sheet = getSampleStyleSheet()
    sheet.add(ParagraphStyle("Small", parent=sheet["Normal"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("Cell", parent=sheet["Normal"], fontSize=9, leading=11))
    sheet.add(ParagraphStyle("CellRight", parent=sheet["Cell"], alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("CellBold", parent=sheet["Cell"], fontName="Helvetica-Bold"))
    sheet.add(ParagraphStyle("Head", parent=sheet["CellBold"], fontSize=8.5, leading=10))
    sheet.add(ParagraphStyle("HeadRight", parent=sheet["Head"], alignment=TA_RIGHT))
    return sheet


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped, so names with ``&`` or ``<`` print as they are)."""
    return Paragraph(escape(text), style)


def rupiah(amount: int) -> str:
    """``Rp125.000``."""
    return format_rupiah(amount)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    total_row: bool = False,
    header: bool = True,
) -> Table:
    """A ruled table, by default with a shaded header row repeated on every page; ``right``
    columns are right-aligned (numbers) and a ``total_row`` is bold."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ]
    commands += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in right]
    if total_row:
        commands.append(("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9))
    body = [list(row) for row in rows]
    if header and body:
        # Header cells wrap (long column names on narrow number columns).
        sheet = styles()
        body[0] = [
            para(cell, sheet["HeadRight" if index in right else "Head"])
            if isinstance(cell, str)
            else cell
            for index, cell in enumerate(body[0])
        ]
    result = Table(body, colWidths=list(widths), repeatRows=1 if header else 0)
    result.setStyle(TableStyle(commands))
    return result


def facts(pairs: Sequence[tuple[str, str]], width: float, *, label_width: float = 45 * mm) -> Table:
    """Label/value lines without rules (number, producer, period...) at the top of a document."""
    s = styles()
    result = Table(
        [[para(label, s["CellBold"]), para(value, s["Cell"])] for label, value in pairs],
        colWidths=[label_width, width - label_width],
    )
    result.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return result


def signatures(labels: Sequence[str], names: Sequence[str], width: float) -> Table:
    """Signature boxes side by side: a label, room to sign, the name in brackets."""
    column = width / len(labels)
    result = Table(
        [list(labels), [""] * len(labels), [f"( {name} )" for name in names]],
        colWidths=[column] * len(labels),
        rowHeights=[12, 48, 12],
    )
    result.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
            ]
        )
    )
    return result


def build(story: Sequence[Flowable], *, title: str, footer: str, wide: bool = False) -> bytes:
    """Lay ``story`` out on A4 pages (landscape when ``wide``) with a footer and page numbers."""
    buffer = io.BytesIO()
    pagesize = landscape(A4) if wide else A4

    def decorate(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(15 * mm, 8 * mm, footer)
        canvas.drawRightString(pagesize[0] - 15 * mm, 8 * mm, str(document.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="NTT Mart POS",
        invariant=1,
    )
    document.build(list(story), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def usable_width(*, wide: bool = False) -> float:
    """Width between the margins of a page laid out by :func:`build`."""
    return float((landscape(A4) if wide else A4)[0] - 30 * mm)
