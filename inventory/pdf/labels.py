"""Label sheets: A4 sticker sheets of product labels with EAN-13 barcodes (reportlab).

Each label is laid out top-down in proportion to its size: the name (two lines on big labels),
the price, the origin and programme, the certificate numbers, and the barcode in whatever
height is left. On small stickers the certificate line is dropped before the barcode gets too
short to scan. ``skip`` leaves the first stickers of a partly used sheet empty.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.eanbc import Ean8BarcodeWidget, Ean13BarcodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from inventory.errors import InvalidInputError
from inventory.labels import LabelInfo, SheetLayout

BOLD = "Helvetica-Bold"
REGULAR = "Helvetica"
# EAN modules across the symbol including both quiet zones.
_MODULES = {13: 113, 8: 85}


def _fit(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``lines`` lines, the last cut with an ellipsis."""
    wrapped = simpleSplit(text, font, size, width) or [""]
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def _barcode(canvas: Canvas, code: str, x: float, y: float, width: float, height: float) -> None:
    """Draw EAN ``code`` centred in the box ``(x, y, width, height)``, digits underneath."""
    widget_class = Ean13BarcodeWidget if len(code) == 13 else Ean8BarcodeWidget
    bar_width = min(width / _MODULES[len(code)], 0.5 * mm)
    font_size = max(4.0, min(bar_width * 8.5, 8.0))
    widget = widget_class(
        value=code[:-1], barWidth=bar_width, barHeight=height, fontSize=font_size, fontName=REGULAR
    )
    drawing = Drawing(widget.width, height)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x + (width - widget.width) / 2, y)


def _draw_label(
    canvas: Canvas, label: LabelInfo, left: float, top: float, width: float, height: float
) -> None:
    pad = min(2 * mm, height * 0.06)
    inner = width - 2 * pad
    name_size = max(5.5, min(9.0, height / 9))
    price_size = max(8.0, min(14.0, height / 6))
    small_size = max(4.5, min(6.5, height / 13))
    big = height >= 30 * mm
    texts: list[tuple[str, float, str]] = [
        (line, name_size, BOLD)
        for line in _fit(label.name, BOLD, name_size, inner, 2 if big else 1)
    ]
    texts.append((label.price_text, price_size, BOLD))
    if label.detail:
        texts += [
            (line, small_size, REGULAR)
            for line in _fit(label.detail, REGULAR, small_size, inner, 1)
        ]
    if label.origin_text:
        texts.append((label.origin_text, small_size, REGULAR))
    optional: list[tuple[str, float, str]] = [
        (line, small_size, REGULAR)
        for line in _fit(label.certificate_text, REGULAR, small_size, inner, 2 if big else 1)
        if label.certificate_text
    ]
    minimum_bars = height * 0.35 if label.barcode else 0.0

    def used(lines: Sequence[tuple[str, float, str]]) -> float:
        return sum(size * 1.15 for _, size, _ in lines)

    while optional and height - 2 * pad - used(texts + optional) < minimum_bars:
        optional.pop()
    y = top - pad
    for text, size, font in texts + optional:
        y -= size * 1.0
        canvas.setFont(font, size)
        canvas.drawString(left + pad, y, text)
        y -= size * 0.15
    if label.barcode:
        bars = y - (top - height + pad) - 1
        if bars > 6:
            _barcode(canvas, label.barcode, left + pad, top - height + pad, inner, bars)
    else:
        canvas.setFont(REGULAR, small_size)
        canvas.drawString(left + pad, top - height + pad, label.sku)


def render_label_sheet(
    labels: Sequence[LabelInfo],
    layout: SheetLayout,
    *,
    skip: int = 0,
    outline: bool = False,
) -> bytes:
    """A4 sticker sheets with ``labels`` in order, after ``skip`` used stickers; PDF bytes.

    ``outline`` draws each sticker's edge (for plain paper and previews).
    """
    if not labels:
        raise InvalidInputError("labels.none")
    if not 0 <= skip < layout.per_sheet:
        raise InvalidInputError("labels.bad_skip", skip=skip, per_sheet=layout.per_sheet)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle("Label")
    canvas.setAuthor("NTT Mart POS")
    page_height = A4[1]
    width, height = layout.label_width * mm, layout.label_height * mm
    # Each distinct label is drawn once as a form and placed for every copy: a sheet of 24
    # copies costs one barcode drawing and the PDF stays small.
    forms: dict[str, str] = {}
    for index, label in enumerate(labels):
        key = repr(label)
        if key not in forms:
            forms[key] = f"label{len(forms)}"
            canvas.beginForm(forms[key], lowerx=0, lowery=0, upperx=width, uppery=height)
            _draw_label(canvas, label, 0, height, width, height)
            canvas.endForm()
        position = index + skip
        if position and position % layout.per_sheet == 0:
            canvas.showPage()
        x_mm, y_mm = layout.origin(position)
        left, top = x_mm * mm, page_height - y_mm * mm
        if outline:
            canvas.setStrokeColor(colors.lightgrey)
            canvas.setLineWidth(0.3)
            canvas.rect(left, top - height, width, height)
        canvas.saveState()
        canvas.translate(left, top - height)
        canvas.doForm(forms[key])
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
