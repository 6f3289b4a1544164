"""QRIS payments verified by the centre: the ``payment.verified`` journal kind and applying a
verification to the outlet's own payment row.

The cashier confirms a QRIS payment by eye (``verified = false``). Once the centre has matched it
with the provider's settlement file, the outlet's next pull brings the verification here: the
payment row becomes ``verified`` and takes the provider's reference if it had none. Because that
changes the outlet's books, the same transaction journals a ``payment.verified`` entry
(DESIGN.md invariant 3), which tells the centre the outlet has taken the verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import Field
from sqlmodel import Session

from inventory.documents import Document, Id
from pos.models import Payment, TenderKind
from sync import journal

KIND_PAYMENT_VERIFIED = "payment.verified"


class PaymentVerified(Document):
    """``payment.verified``: a QRIS payment of this outlet matched with the provider's report."""

    verification_id: Annotated[int, Field(gt=0)]
    payment_id: Id
    sale_id: Id
    reference: Annotated[str, Field(min_length=1, max_length=120)]
    """The reference the payment row carries now (the provider's when it had none)."""
    provider_reference: Annotated[str, Field(min_length=1, max_length=120)]
    verified_at: datetime


@dataclass(frozen=True, slots=True)
class Verification:
    """One verification as the centre sends it."""

    id: int
    payment_id: str
    sale_id: str
    amount: int
    provider_reference: str


def apply_verifications(
    session: Session, items: Sequence[Verification], *, outlet: str, now: datetime
) -> int:
    """Mark the payments of ``items`` verified in the caller's write transaction.

    A payment already verified with that reference is left alone (nothing journaled), as is a
    verification naming a payment this outlet does not hold as that QRIS amount of that sale.
    Returns how many payment rows changed (each journaled).
    """
    changed = 0
    for item in items:
        payment = session.get(Payment, item.payment_id)
        if (
            payment is None
            or payment.sale_id != item.sale_id
            or payment.tender is not TenderKind.QRIS
            or payment.amount != item.amount
        ):
            continue
        reference = payment.reference or item.provider_reference
        if payment.verified and payment.reference == reference:
            continue
        payment.verified = True
        payment.reference = reference
        session.add(payment)
        session.flush()
        journal.append(
            session,
            outlet=outlet,
            kind=KIND_PAYMENT_VERIFIED,
            payload=PaymentVerified(
                verification_id=item.id,
                payment_id=payment.id,
                sale_id=payment.sale_id,
                reference=reference,
                provider_reference=item.provider_reference,
                verified_at=now,
            ),
            at=now,
        )
        changed += 1
    return changed
