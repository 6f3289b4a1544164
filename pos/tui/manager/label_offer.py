"""Labels from the manager screens: an A4 sheet as PDF, or single labels on the receipt printer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from inventory.i18n import t
from inventory.labels import labels_for, preset, product_label
from inventory.pdf.labels import render_label_sheet
from inventory.stamp import Stamp
from pos.manager_docs import label_document
from pos.tui.manager.base import ManagerScreen
from pos.tui.manager.choice import ChoiceDialog
from pos.tui.manager.files import output_path, save

SHEET = "sheet"
RECEIPT = "receipt"
NONE = "none"


def write_sheet(
    screen: ManagerScreen, requests: Sequence[tuple[str, int]], layout: str
) -> Path | None:
    """Labels for ``(code, copies)`` on A4 sheets of ``layout`` (``3x8``, ``5x13``) as a PDF;
    the path, or ``None`` after showing why not."""
    context = screen.pos.context

    def make(session: Session, _: Stamp) -> bytes:
        return render_label_sheet(labels_for(session, requests), preset(layout))

    data = screen.read(make)
    if data is None:
        return None
    return save(output_path(context, f"label-{layout}", "pdf"), data)


def print_single(screen: ManagerScreen, codes: Sequence[str]) -> int:
    """One label per code on the receipt printer; how many were sent."""
    found = screen.read(lambda session, _: [product_label(session, code) for code in codes])
    if found is None:
        return 0
    for label in found:
        screen.pos.print_document(label_document(label), kind="label", reference=label.sku)
    return len(found)


async def offer_labels(screen: ManagerScreen, requests: Sequence[tuple[str, int]]) -> None:
    """Ask whether to make labels for ``requests`` (products that just got a barcode)."""
    layout = screen.pos.context.settings.manager.label_sheet
    choices = [
        (SHEET, t("manager_tui.labels.offer_sheet", layout=layout)),
        (RECEIPT, t("manager_tui.labels.offer_receipt")),
        (NONE, t("manager_tui.labels.offer_none")),
    ]
    skus = ", ".join(code for code, _ in requests)
    chosen = await screen.pos.push_screen_wait(
        ChoiceDialog(
            t("manager_tui.labels.offer_title"),
            choices,
            note=t("manager_tui.labels.offer_note", skus=skus),
        )
    )
    if chosen == SHEET:
        path = write_sheet(screen, requests, layout)
        if path is not None:
            screen.say(t("manager_tui.labels.sheet_saved", path=str(path)))
    elif chosen == RECEIPT:
        sent = print_single(screen, [code for code, _ in requests])
        screen.say(t("manager_tui.labels.printing", count=sent))
