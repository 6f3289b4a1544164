"""The reorder list as PDF: one section per producer, the manager's call list for restocking."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from inventory.i18n import get_language
from inventory.pdf.common import build, facts, moment, msg, para, styles, table, usable_width
from inventory.quantity import format_quantity
from inventory.reorder import ReorderGroup


def render_reorder(
    groups: list[ReorderGroup],
    *,
    outlet: str,
    now: datetime,
    cover_days: int,
    history_days: int,
    lang: str | None = None,
) -> bytes:
    """The reorder list of ``groups`` made at ``now`` for ``outlet``, as PDF bytes."""
    lang = lang or get_language()

    def m(key: str, **params: object) -> str:
        return msg(lang, f"manager_pdf.reorder.{key}", **params)

    s = styles()
    width = usable_width()
    story: list[Flowable] = [
        para(m("title"), s["Title"]),
        facts(
            [
                (m("outlet"), outlet),
                (m("made"), moment(now)),
                (m("rule"), m("rule_text", cover=cover_days, history=history_days)),
            ],
            width,
        ),
        Spacer(1, 4 * mm),
    ]
    if not groups:
        story.append(para(m("nothing"), s["Normal"]))
    for group in groups:
        heading = group.producer_name or m("no_producer")
        details = ", ".join(part for part in (group.kabupaten, group.phone) if part)
        rows: list[list[object]] = [
            [
                m("product"),
                m("on_hand"),
                m("minimum"),
                m("sold", days=history_days),
                m("cover"),
                m("suggested"),
            ]
        ]
        for line in group.lines:
            q = line.unit
            rows.append(
                [
                    para(f"{line.name} ({line.sku})", s["Cell"]),
                    format_quantity(line.on_hand, q),
                    format_quantity(line.min_stock, q),
                    format_quantity(line.sold, q),
                    "-" if line.days_of_cover is None else m("days", days=line.days_of_cover),
                    format_quantity(line.suggested, q),
                ]
            )
        column = 22 * mm
        block: list[Flowable] = [
            para(heading + (f" ({details})" if details else ""), s["Heading4"]),
            table(rows, [width - 5 * column, *([column] * 5)], right=(1, 2, 3, 4, 5)),
            Spacer(1, 4 * mm),
        ]
        story.append(KeepTogether(block))
    return build(story, title=m("title"), footer=f"{outlet} - {m('title')} - {moment(now)}")
