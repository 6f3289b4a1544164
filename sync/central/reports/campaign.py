"""The ``campaign`` report: per buyer id of one campaign, sales, money net of refunds, outlets,
and whether the campaign's minimum is met.

``params.extra["campaign"]`` names the campaign by its code. Sales are the completed sales
tagged with it whose business day lies in the period (and at ``params.outlet`` when given);
money is the goods total (before cash rounding, which is not the buyer's purchase) less the
goods amount of every refund of those sales the centre has received, whenever it was made, so
returning goods after the period still takes a buyer below the minimum. The minimum is the one
the sales carry from their outlets' config; if outlets disagree, the highest applies and a note
says so. ``params.extra["minimum"]`` (Rupiah) overrides it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from inventory.money import format_rupiah
from inventory.pdf.common import day, msg
from sync.central import tables
from sync.central.reports.base import (
    Column,
    Kind,
    Report,
    ReportError,
    ReportParams,
    Table,
    register,
)

NAME = "campaign"


@dataclass
class _Buyer:
    sales: int = 0
    bought: int = 0
    refunded: int = 0
    outlets: set[str] = field(default_factory=set)

    @property
    def net(self) -> int:
        return self.bought - self.refunded


def _known(engine: Engine) -> list[str]:
    c = tables.sale_campaign.c
    with engine.connect() as connection:
        return list(
            connection.execute(select(c.campaign).distinct().order_by(c.campaign)).scalars()
        )


def _minimum_override(params: ReportParams) -> int | None:
    raw = params.extra.get("minimum")
    if raw is None or raw == "":
        return None
    digits = raw.strip().removeprefix("Rp").replace(".", "")
    if not digits.isdigit():
        raise ReportError(msg(params.lang, "campaign_report.bad_minimum", value=raw))
    return int(digits)


@register(NAME, "campaign_report.title")
def build(engine: Engine, params: ReportParams) -> Report:
    """The campaign report of ``params.extra["campaign"]`` over the period."""
    lang = params.lang
    code = (params.extra.get("campaign") or "").strip().upper()
    known = _known(engine)
    if not code:
        raise ReportError(
            msg(
                lang,
                "campaign_report.choose",
                known=", ".join(known) or msg(lang, "campaign_report.none"),
            )
        )
    if code not in known:
        raise ReportError(
            msg(
                lang,
                "campaign_report.unknown",
                code=code,
                known=", ".join(known) or msg(lang, "campaign_report.none"),
            )
        )
    override = _minimum_override(params)
    tag, sale, refund = tables.sale_campaign.c, tables.sale.c, tables.refund.c
    where = [
        tag.campaign == code,
        sale.status == "completed",
        sale.business_day >= params.date_from,
        sale.business_day <= params.date_to,
    ]
    if params.outlet:
        where.append(sale.outlet == params.outlet)
    tagged = (
        select(
            tag.buyer_id,
            sale.outlet,
            sale.id.label("sale_id"),
            sale.goods_total,
            tag.campaign_name,
            tag.buyer_label,
            tag.minimum,
        )
        .join(tables.sale, sale.id == tag.sale_id)
        .where(and_(*where))
        .cte("tagged")
    )
    back = (
        select(refund.sale_id, func.sum(refund.goods_amount).label("back"))
        .where(refund.sale_id.in_(select(tagged.c.sale_id)))
        .group_by(refund.sale_id)
        .subquery("back")
    )
    per_outlet = (
        select(
            tagged.c.buyer_id,
            tagged.c.outlet,
            func.count().label("sales"),
            func.sum(tagged.c.goods_total).label("bought"),
            func.coalesce(func.sum(back.c.back), 0).label("refunded"),
        )
        .select_from(tagged.outerjoin(back, back.c.sale_id == tagged.c.sale_id))
        .group_by(tagged.c.buyer_id, tagged.c.outlet)
    )
    about = select(
        tagged.c.campaign_name, tagged.c.buyer_label, tagged.c.minimum, func.count()
    ).group_by(tagged.c.campaign_name, tagged.c.buyer_label, tagged.c.minimum)
    with engine.connect() as connection:
        rows = connection.execute(per_outlet).all()
        variants = connection.execute(about).all()
    if not rows:
        raise ReportError(
            msg(
                lang,
                "campaign_report.empty",
                code=code,
                period=f"{day(params.date_from)} - {day(params.date_to)}",
                outlet=params.outlet or msg(lang, "campaign_report.all"),
            )
        )
    buyers: dict[str, _Buyer] = defaultdict(_Buyer)
    for buyer_id, outlet, sales, bought, refunded in rows:
        b = buyers[buyer_id]
        b.sales += int(sales)
        b.bought += int(bought)
        b.refunded += int(refunded)
        b.outlets.add(outlet)
    # The most used name and label; the highest minimum any outlet configured.
    variants = sorted(variants, key=lambda v: -int(v[3]))
    name = variants[0][0] if variants else code
    label = variants[0][1] if variants else msg(lang, "campaign_report.buyer")
    minimums = sorted({int(v[2]) for v in variants})
    minimum = override if override is not None else (minimums[-1] if minimums else 0)
    ordered = sorted(buyers.items(), key=lambda item: (-item[1].net, item[0]))
    table_rows = [
        (buyer_id, b.sales, ", ".join(sorted(b.outlets)), b.bought, b.refunded, b.net,
         b.net >= minimum)
        for buyer_id, b in ordered
    ]  # fmt: skip
    meeting = sum(1 for row in table_rows if row[6])
    total_sales = sum(b.sales for b in buyers.values())
    bought = sum(b.bought for b in buyers.values())
    refunded = sum(b.refunded for b in buyers.values())
    outlets = sorted({o for b in buyers.values() for o in b.outlets})
    notes = []
    if override is None and len(minimums) > 1:
        notes.append(
            msg(
                lang,
                "campaign_report.minimums_differ",
                minimums=", ".join(format_rupiah(m) for m in minimums),
                used=format_rupiah(minimum),
            )
        )
    notes.append(msg(lang, "campaign_report.refund_note"))
    buyers_table = Table(
        title=msg(lang, "campaign_report.per_buyer", name=name),
        columns=[
            Column("buyer_id", label, Kind.TEXT),
            Column("sales", msg(lang, "campaign_report.sales"), Kind.INT),
            Column("outlets", msg(lang, "campaign_report.outlets"), Kind.TEXT),
            Column("bought", msg(lang, "campaign_report.bought"), Kind.MONEY),
            Column("refunded", msg(lang, "campaign_report.refunded"), Kind.MONEY),
            Column("net", msg(lang, "campaign_report.net"), Kind.MONEY),
            Column(
                "met", msg(lang, "campaign_report.met", minimum=format_rupiah(minimum)), Kind.BOOL
            ),
        ],
        rows=table_rows,
        totals=(
            msg(lang, "campaign_report.total"),
            total_sales,
            ", ".join(outlets),
            bought,
            refunded,
            bought - refunded,
            None,
        ),
        note=" ".join(notes),
    )
    summary = Table(
        title=msg(lang, "campaign_report.summary"),
        columns=[
            Column("buyers", msg(lang, "campaign_report.buyers"), Kind.INT),
            Column("meeting", msg(lang, "campaign_report.meeting"), Kind.INT),
            Column("minimum", msg(lang, "campaign_report.minimum"), Kind.MONEY),
            Column("sales", msg(lang, "campaign_report.sales"), Kind.INT),
            Column("net", msg(lang, "campaign_report.net"), Kind.MONEY),
        ],
        rows=[(len(buyers), meeting, minimum, total_sales, bought - refunded)],
    )
    period = f"{day(params.date_from)} - {day(params.date_to)}"
    facts = [
        (msg(lang, "campaign_report.campaign"), f"{name} ({code})"),
        (msg(lang, "campaign_report.period"), period),
        (msg(lang, "campaign_report.outlet"), params.outlet or msg(lang, "campaign_report.all")),
        (msg(lang, "campaign_report.minimum"), format_rupiah(minimum)),
        (msg(lang, "campaign_report.buyers"), str(len(buyers))),
        (msg(lang, "campaign_report.meeting"), str(meeting)),
        (msg(lang, "campaign_report.net"), format_rupiah(bought - refunded)),
    ]
    return Report(
        name=NAME,
        title=msg(lang, "campaign_report.title_of", name=name),
        params=params,
        facts=facts,
        tables=[summary, buyers_table],
    )
