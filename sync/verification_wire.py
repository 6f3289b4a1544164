"""Wire shape of ``GET /v1/verifications``: the QRIS verifications the centre sends an outlet."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class VerificationItem(BaseModel):
    """One matched QRIS payment of the calling outlet."""

    id: int
    payment_id: str
    sale_id: str
    receipt_no: str | None = None
    amount: int
    provider_reference: str
    paid_at: datetime
    matched_at: datetime


class VerificationDelta(BaseModel):
    """``GET /v1/verifications`` answer."""

    since: int
    items: list[VerificationItem]
    next_since: int
    more: bool
