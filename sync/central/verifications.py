"""Verified QRIS payments on their way back to the outlets: ``GET /v1/verifications``.

A match (:mod:`sync.central.qris`) is a verification. Each outlet fetches its own, by id above
the last one it applied; the token alone says which outlet is asking, so an outlet never sees
another outlet's payments. The outlet's ``payment.verified`` entry, when it arrives, records that
its books took the verification (``central_qris_match.applied_seq``).
"""

# No ``from __future__ import annotations``: FastAPI reads the endpoint's annotations, and the
# dependency is a local of :func:`router`.

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import Engine, select, update

from pos.verification import KIND_PAYMENT_VERIFIED, PaymentVerified
from sync.central import outlets, tables
from sync.central.registry import Applied, ApplyContext, KindHandler
from sync.verification_wire import VerificationDelta, VerificationItem

PAGE = 500


def verifications_since(engine: Engine, outlet: str, since: int, limit: int) -> VerificationDelta:
    """``outlet``'s verifications with an id above ``since``, oldest first (at most ``limit``)."""
    match, settlement, sale = tables.qris_match, tables.qris_settlement, tables.sale
    query = (
        select(
            match.c.id,
            match.c.payment_id,
            match.c.sale_id,
            sale.c.receipt_no,
            match.c.amount,
            match.c.provider_ref,
            settlement.c.paid_at,
            match.c.matched_at,
        )
        .join(settlement, settlement.c.id == match.c.settlement_id)
        .join(sale, sale.c.id == match.c.sale_id)
        .where(match.c.outlet == outlet, match.c.id > since, match.c.payment_id.is_not(None))
        .order_by(match.c.id)
        .limit(limit + 1)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    more = len(rows) > limit
    items = [
        VerificationItem(
            id=row.id,
            payment_id=row.payment_id,
            sale_id=row.sale_id,
            receipt_no=row.receipt_no,
            amount=row.amount,
            provider_reference=row.provider_ref,
            paid_at=row.paid_at,
            matched_at=row.matched_at,
        )
        for row in rows[:limit]
    ]
    return VerificationDelta(
        since=since, items=items, next_since=items[-1].id if items else since, more=more
    )


def router(caller: Callable[[Request], outlets.Caller], *, page: int = PAGE) -> APIRouter:
    """The endpoint, authorized by ``caller`` (the API's bearer-token dependency)."""
    routes = APIRouter()

    @routes.get("/v1/verifications", response_model=VerificationDelta)
    def verifications(
        request: Request,
        who: Annotated[outlets.Caller, Depends(caller)],
        since: Annotated[int, Query(ge=0, description="Verification id already applied.")] = 0,
        limit: Annotated[int, Query(ge=1, description="Most verifications to return.")] = page,
    ) -> VerificationDelta:
        """The caller's QRIS payments matched with the provider's settlement, after ``since``."""
        return verifications_since(request.app.state.engine, who.code, since, min(limit, page))

    return routes


def apply_payment_verified(
    context: ApplyContext, entries: Sequence[Applied[PaymentVerified]]
) -> None:
    """The outlet took a verification: remember its entry, and the reference its row now has."""
    match, payment = tables.qris_match, tables.payment
    for e in entries:
        context.connection.execute(
            update(match)
            .where(match.c.id == e.doc.verification_id, match.c.outlet == e.outlet)
            .values(applied_seq=e.seq)
        )
        context.connection.execute(
            update(payment)
            .where(
                payment.c.payment_id == e.doc.payment_id,
                payment.c.sale_id == e.doc.sale_id,
                payment.c.sale_id.in_(
                    select(tables.sale.c.id).where(tables.sale.c.outlet == e.outlet)
                ),
            )
            .values(verified=True, reference=e.doc.reference)
        )


HANDLERS: tuple[KindHandler[Any], ...] = (
    KindHandler(kind=KIND_PAYMENT_VERIFIED, schema=PaymentVerified, apply=apply_payment_verified),
)
