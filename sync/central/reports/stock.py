"""``stock``: stock of every product across outlets, and where it should move.

As of the end of ``date_to`` (00:00 WITA of the next day): on hand per outlet is the sum of the
central stock ledger's movements before then; in transit is what transfers sent before then
carry towards an outlet that had not confirmed them by then. Sales velocity is the net quantity
sold (sales minus refunds) in the 30 days before that instant.

Per outlet and per kabupaten (the outlets' ``kabupaten``), available = on hand + in transit and
days of cover = available / (sold in 30 days / 30), in whole days. Below
:data:`SHORTAGE_DAYS` days of cover is a shortage; above :data:`SURPLUS_DAYS`, or stock that
did not sell at all in 30 days, is a surplus. Suggested transfers bring shortage outlets up to
:data:`TARGET_DAYS` of cover from what surplus outlets hold on hand above the same target:
for each product, the largest shortage first, served from a surplus outlet of the same
kabupaten first, then from the outlet with the largest surplus. Sums are SQL aggregates; only
the per-outlet totals are combined in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from sync.central.reports.base import Column, Kind, Report, ReportParams, Table, register
from sync.central.reports.common import (
    binds,
    check_outlet,
    label,
    outlet_filter,
    without_jit,
)

VELOCITY_DAYS = 30
SHORTAGE_DAYS = 14
SURPLUS_DAYS = 60
TARGET_DAYS = 30

# On hand and sold in one pass over the ledger: one hash aggregate per (outlet, product) instead
# of two sorted ones (the extended statistics of migration c0008 let the planner see that the
# pairs are few).
_ON_HAND_AND_SOLD = """
SELECT outlet, product_id, SUM(quantity) AS on_hand,
       -COALESCE(SUM(quantity) FILTER (
           WHERE kind IN ('sale', 'refund') AND occurred_at >= :since), 0) AS sold
FROM central_stock_movement WHERE occurred_at < :end{outlet}
GROUP BY outlet, product_id
"""
_IN_TRANSIT = """
SELECT t.to_outlet AS outlet, l.product_id, SUM(l.sent) AS quantity
FROM central_transfer t JOIN central_transfer_line l ON l.transfer_id = t.id
WHERE t.sent_at IS NOT NULL AND t.sent_at < :end
  AND (t.received_at IS NULL OR t.received_at >= :end) AND l.product_id IS NOT NULL{outlet}
GROUP BY t.to_outlet, l.product_id
"""


@dataclass
class Place:
    """One product at one outlet (or, summed, in one kabupaten)."""

    on_hand: int = 0
    in_transit: int = 0
    sold: int = 0

    @property
    def available(self) -> int:
        return self.on_hand + self.in_transit

    @property
    def cover_days(self) -> int | None:
        """Whole days the available stock lasts at the 30-day rate; None without sales."""
        if self.sold <= 0:
            return None
        return max(self.available, 0) * VELOCITY_DAYS // self.sold

    @property
    def status(self) -> str:
        """``shortage``, ``surplus`` or ``ok`` by the rule in the module docstring."""
        cover = self.cover_days
        if cover is None:
            return "surplus" if self.available > 0 else "ok"
        if cover < SHORTAGE_DAYS:
            return "shortage"
        if cover > SURPLUS_DAYS:
            return "surplus"
        return "ok"

    @property
    def target(self) -> int:
        """Stock for :data:`TARGET_DAYS` of cover at the 30-day rate (rounded up)."""
        return -(-max(self.sold, 0) * TARGET_DAYS // VELOCITY_DAYS)

    @property
    def spare(self) -> int:
        """What a surplus outlet can send: on hand above its target (never what is on the way)."""
        return max(0, min(self.on_hand, self.available - self.target))

    @property
    def missing(self) -> int:
        """What a shortage outlet needs to reach its target."""
        return max(0, self.target - self.available)


@dataclass(frozen=True)
class Transfer:
    """A suggested transfer of ``quantity`` of a product between two outlets."""

    product_id: str
    from_outlet: str
    to_outlet: str
    quantity: int


def places(connection: Connection, params: ReportParams) -> dict[tuple[str, str], Place]:
    """(outlet, product_id) -> on hand, in transit and sold in the 30 days before the end."""
    values = binds(params)
    values["since"] = values["end"] - timedelta(days=VELOCITY_DAYS)
    found: dict[tuple[str, str], Place] = {}
    without_jit(connection)
    statement = text(_ON_HAND_AND_SOLD.format(outlet=outlet_filter(params, "outlet")))
    for outlet, product_id, on_hand, sold in connection.execute(statement, values):
        found[(outlet, product_id)] = Place(on_hand=int(on_hand), sold=int(sold))
    statement = text(_IN_TRANSIT.format(outlet=outlet_filter(params, "t.to_outlet")))
    for outlet, product_id, quantity in connection.execute(statement, values):
        place = found.get((outlet, product_id))
        if place is None:
            place = found[(outlet, product_id)] = Place()
        place.in_transit = int(quantity)
    return {key: place for key, place in found.items() if place.available or place.sold}


def suggest(found: dict[tuple[str, str], Place], kabupaten_of: dict[str, str]) -> list[Transfer]:
    """Transfers from surplus to shortage outlets, by the rule in the module docstring."""
    by_product: dict[str, list[tuple[str, Place]]] = defaultdict(list)
    for (outlet, product_id), place in found.items():
        by_product[product_id].append((outlet, place))
    result: list[Transfer] = []
    for product_id in sorted(by_product):
        entries = by_product[product_id]
        spare = {o: p.spare for o, p in entries if p.status == "surplus" and p.spare > 0}
        needs = sorted(
            ((o, p.missing) for o, p in entries if p.status == "shortage" and p.missing > 0),
            key=lambda item: (-item[1], item[0]),
        )
        for outlet, needed in needs:
            missing = needed
            while missing > 0 and any(spare.values()):
                home = kabupaten_of.get(outlet, "")
                source = min(
                    (o for o, q in spare.items() if q > 0),
                    key=lambda o: (kabupaten_of.get(o, "") != home, -spare[o], o),
                )
                quantity = min(missing, spare[source])
                spare[source] -= quantity
                missing -= quantity
                result.append(Transfer(product_id, source, outlet, quantity))
    return result


def _products(connection: Connection) -> dict[str, Any]:
    rows = connection.execute(text("SELECT id, sku, name, unit FROM central_product"))
    return {row.id: row for row in rows}


@register("stock", "reports.stock.title")
def build(engine: Engine, params: ReportParams) -> Report:
    """The stock across outlets report (see the module docstring)."""

    def m(key: str, **values: object) -> str:
        return label(params, f"stock.{key}", **values)

    with engine.connect() as connection:
        known = check_outlet(connection, params)
        found = places(connection, params)
        products = _products(connection)
    kabupaten_of = {code: kabupaten or "-" for code, (_name, kabupaten) in known.items()}
    # Labels and product names once, not once per row (a month of the province has 13,000 rows).
    status_text = {key: m(f"status_{key}") for key in ("shortage", "surplus", "ok")}
    described = {product_id: (row.sku, row.name, row.unit) for product_id, row in products.items()}

    def sku_name(product_id: str) -> tuple[str, str, str]:
        return described.get(product_id) or (product_id, product_id, "")

    def figures(place: Place) -> list[Any]:
        status = status_text[place.status]
        return [place.on_hand, place.in_transit, place.sold, place.cover_days, status]

    outlet_rows = [
        [*sku_name(product_id), outlet, *figures(place)]
        for (outlet, product_id), place in sorted(
            found.items(), key=lambda item: (sku_name(item[0][1])[0], item[0][0])
        )
    ]
    quantity_columns = [
        Column("on_hand", m("on_hand"), Kind.QUANTITY),
        Column("in_transit", m("in_transit"), Kind.QUANTITY),
        Column("sold_30", m("sold_30"), Kind.QUANTITY),
        Column("cover_days", m("cover_days"), Kind.INT),
        Column("status", m("status")),
    ]
    per_outlet = Table(
        title=m("per_outlet"),
        columns=[
            Column("sku", m("sku")),
            Column("product", m("product")),
            Column("unit", m("unit")),
            Column("outlet", m("outlet")),
            *quantity_columns,
        ],
        rows=outlet_rows,
    )

    regions: dict[tuple[str, str], Place] = defaultdict(Place)
    for (outlet, product_id), place in found.items():
        region = regions[(kabupaten_of.get(outlet, "-"), product_id)]
        region.on_hand += place.on_hand
        region.in_transit += place.in_transit
        region.sold += place.sold
    region_rows = [
        [kabupaten, *sku_name(product_id), *figures(place)]
        for (kabupaten, product_id), place in sorted(
            regions.items(), key=lambda item: (item[0][0], sku_name(item[0][1])[0])
        )
    ]
    per_kabupaten = Table(
        title=m("per_kabupaten"),
        columns=[
            Column("kabupaten", m("kabupaten")),
            Column("sku", m("sku")),
            Column("product", m("product")),
            Column("unit", m("unit")),
            *quantity_columns,
        ],
        rows=region_rows,
        note=m("rule", shortage=SHORTAGE_DAYS, surplus=SURPLUS_DAYS, days=VELOCITY_DAYS),
    )

    transfers = suggest(found, kabupaten_of)
    suggestions = Table(
        title=m("suggested"),
        columns=[
            Column("sku", m("sku")),
            Column("product", m("product")),
            Column("from_outlet", m("from_outlet")),
            Column("from_kabupaten", m("from_kabupaten")),
            Column("to_outlet", m("to_outlet")),
            Column("to_kabupaten", m("to_kabupaten")),
            Column("quantity", m("quantity"), Kind.QUANTITY),
        ],
        rows=[
            [
                *sku_name(t.product_id)[:2],
                t.from_outlet,
                kabupaten_of.get(t.from_outlet, "-"),
                t.to_outlet,
                kabupaten_of.get(t.to_outlet, "-"),
                t.quantity,
            ]
            for t in transfers
        ],
        note=m("suggest_rule", target=TARGET_DAYS),
    )
    facts = [
        (m("as_of"), params.date_to.strftime("%d/%m/%Y") + " 24:00 WITA"),
        (m("shortages"), str(sum(1 for p in found.values() if p.status == "shortage"))),
        (m("surpluses"), str(sum(1 for p in found.values() if p.status == "surplus"))),
        (m("transfers"), str(len(transfers))),
    ]
    return Report(
        name="stock",
        title=m("title"),
        params=params,
        facts=facts,
        tables=[per_kabupaten, suggestions, per_outlet],
    )
