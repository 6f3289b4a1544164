"""The ``campaign`` report: per buyer id of a campaign, sales, money net of refunds, outlets,
and whether the campaign's minimum is met.

``params.extra["campaign"]`` names one campaign by its code; without it the report covers every
campaign with tagged sales in the period, one table each (a period without any is a report
without rows, its summary's note saying so), so a caller that passes no extra
parameters (a plain ``report NAME --from --to``) still gets every figure. Sales are the
completed sales tagged with the campaign whose business day lies in the period (and at
``params.outlet`` when given). Money is the goods total (before cash rounding, which is not the
buyer's purchase) less the goods amount of every refund of those sales the centre has received,
whenever it was made, so returning goods after the period still takes a buyer below the
minimum. The minimum is the one the sales carry from their outlets' config; if outlets
disagree, the highest applies and a note says so. ``params.extra["minimum"]`` (Rupiah)
overrides it.
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


@dataclass
class _Campaign:
    """One campaign's buyers and what its sales say about it (name, label, minimums)."""

    code: str
    buyers: dict[str, _Buyer] = field(default_factory=lambda: defaultdict(_Buyer))
    variants: list[tuple[str, str, int, int]] = field(default_factory=list)
    """``(name, buyer label, minimum, sales)`` as the sales carry them."""

    @property
    def name(self) -> str:
        return max(self.variants, key=lambda v: v[3])[0]

    @property
    def label(self) -> str:
        return max(self.variants, key=lambda v: v[3])[1]

    @property
    def minimums(self) -> list[int]:
        return sorted({v[2] for v in self.variants})


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


def _chosen(engine: Engine, params: ReportParams) -> str | None:
    code = (params.extra.get("campaign") or "").strip().upper()
    if not code:
        return None
    known = _known(engine)
    if code not in known:
        raise ReportError(
            msg(
                params.lang,
                "campaign_report.unknown",
                code=code,
                known=", ".join(known) or msg(params.lang, "campaign_report.none"),
            )
        )
    return code


def _load(engine: Engine, params: ReportParams, code: str | None) -> dict[str, _Campaign]:
    tag, sale, refund = tables.sale_campaign.c, tables.sale.c, tables.refund.c
    where = [
        sale.status == "completed",
        sale.business_day >= params.date_from,
        sale.business_day <= params.date_to,
    ]
    if code is not None:
        where.append(tag.campaign == code)
    if params.outlet:
        where.append(sale.outlet == params.outlet)
    tagged = (
        select(
            tag.campaign,
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
            tagged.c.campaign,
            tagged.c.buyer_id,
            tagged.c.outlet,
            func.count().label("sales"),
            func.sum(tagged.c.goods_total).label("bought"),
            func.coalesce(func.sum(back.c.back), 0).label("refunded"),
        )
        .select_from(tagged.outerjoin(back, back.c.sale_id == tagged.c.sale_id))
        .group_by(tagged.c.campaign, tagged.c.buyer_id, tagged.c.outlet)
    )
    about = select(
        tagged.c.campaign,
        tagged.c.campaign_name,
        tagged.c.buyer_label,
        tagged.c.minimum,
        func.count(),
    ).group_by(tagged.c.campaign, tagged.c.campaign_name, tagged.c.buyer_label, tagged.c.minimum)
    with engine.connect() as connection:
        rows = connection.execute(per_outlet).all()
        variants = connection.execute(about).all()
    campaigns: dict[str, _Campaign] = {}
    for campaign, buyer_id, outlet, sales, bought, refunded in rows:
        b = campaigns.setdefault(campaign, _Campaign(campaign)).buyers[buyer_id]
        b.sales += int(sales)
        b.bought += int(bought)
        b.refunded += int(refunded)
        b.outlets.add(outlet)
    for campaign, name, label, minimum, count in variants:
        campaigns[campaign].variants.append((name, label, int(minimum), int(count)))
    return dict(sorted(campaigns.items()))


@register(NAME, "campaign_report.title")
def build(engine: Engine, params: ReportParams) -> Report:
    """The campaign report over the period: ``params.extra["campaign"]`` or every campaign."""
    lang = params.lang
    code = _chosen(engine, params)
    override = _minimum_override(params)
    campaigns = _load(engine, params, code)
    everywhere = params.outlet or msg(lang, "campaign_report.all")
    period = f"{day(params.date_from)} - {day(params.date_to)}"
    summary_rows = []
    buyer_tables = []
    for campaign in campaigns.values():
        minimums = campaign.minimums
        minimum = override if override is not None else minimums[-1]
        ordered = sorted(campaign.buyers.items(), key=lambda item: (-item[1].net, item[0]))
        rows = [
            (buyer_id, b.sales, ", ".join(sorted(b.outlets)), b.bought, b.refunded, b.net,
             b.net >= minimum)
            for buyer_id, b in ordered
        ]  # fmt: skip
        buyers = campaign.buyers.values()
        meeting = sum(1 for row in rows if row[6])
        sales = sum(b.sales for b in buyers)
        bought = sum(b.bought for b in buyers)
        refunded = sum(b.refunded for b in buyers)
        outlets = sorted({o for b in buyers for o in b.outlets})
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
        summary_rows.append(
            (campaign.code, campaign.name, minimum, len(rows), meeting, sales, bought - refunded)
        )
        buyer_tables.append(
            Table(
                title=msg(
                    lang, "campaign_report.per_buyer", name=campaign.name, code=campaign.code
                ),
                columns=[
                    Column("buyer_id", campaign.label, Kind.TEXT),
                    Column("sales", msg(lang, "campaign_report.sales"), Kind.INT),
                    Column("outlets", msg(lang, "campaign_report.outlets"), Kind.TEXT),
                    Column("bought", msg(lang, "campaign_report.bought"), Kind.MONEY),
                    Column("refunded", msg(lang, "campaign_report.refunded"), Kind.MONEY),
                    Column("net", msg(lang, "campaign_report.net"), Kind.MONEY),
                    Column(
                        "met",
                        msg(lang, "campaign_report.met", minimum=format_rupiah(minimum)),
                        Kind.BOOL,
                    ),
                ],
                rows=rows,
                totals=(
                    msg(lang, "campaign_report.total"),
                    sales,
                    ", ".join(outlets),
                    bought,
                    refunded,
                    bought - refunded,
                    None,
                ),
                note=" ".join(notes),
            )
        )
    summary = Table(
        title=msg(lang, "campaign_report.summary"),
        columns=[
            Column("code", msg(lang, "campaign_report.code"), Kind.TEXT),
            Column("name", msg(lang, "campaign_report.campaign"), Kind.TEXT),
            Column("minimum", msg(lang, "campaign_report.minimum"), Kind.MONEY),
            Column("buyers", msg(lang, "campaign_report.buyers"), Kind.INT),
            Column("meeting", msg(lang, "campaign_report.meeting"), Kind.INT),
            Column("sales", msg(lang, "campaign_report.sales"), Kind.INT),
            Column("net", msg(lang, "campaign_report.net"), Kind.MONEY),
        ],
        rows=summary_rows,
        # An empty period is a report without rows (the CLI and console say so), not an error.
        note=None
        if summary_rows
        else msg(
            lang,
            "campaign_report.empty",
            code=code or msg(lang, "campaign_report.any"),
            period=period,
            outlet=everywhere,
        ),
    )
    # The period and the outlet are shown by every renderer from the report's params.
    facts: list[tuple[str, str]] = []
    title = msg(lang, "campaign_report.title")
    if len(summary_rows) == 1:
        code_, name, minimum, buyers_count, meeting, _, net = summary_rows[0]
        title = msg(lang, "campaign_report.title_of", name=name)
        facts = [
            (msg(lang, "campaign_report.campaign"), f"{name} ({code_})"),
            *facts,
            (msg(lang, "campaign_report.minimum"), format_rupiah(minimum)),
            (msg(lang, "campaign_report.buyers"), str(buyers_count)),
            (msg(lang, "campaign_report.meeting"), str(meeting)),
            (msg(lang, "campaign_report.net"), format_rupiah(net)),
        ]
    return Report(
        name=NAME, title=title, params=params, facts=facts, tables=[summary, *buyer_tables]
    )
