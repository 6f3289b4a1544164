"""Certificate expiry warnings: halal, PIRT and BPOM numbers expiring soon or already expired.

A certificate belongs to a producer (covering all its products) or to one product. The manager
sees this list at login: products must not be sold under a lapsed number, and producers need
weeks to renew one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inventory.models import Certification, CertificationKind, Producer, Product


@dataclass(frozen=True, slots=True)
class CertificateWarning:
    """A certificate expiring within the warning window (``days_left`` < 0: expired)."""

    kind: CertificationKind
    number: str
    expires_on: date
    days_left: int
    producer_name: str | None
    product_sku: str | None
    product_name: str | None
    products: int
    """Active products it covers (1 for a product's own certificate)."""

    @property
    def expired(self) -> bool:
        """Already past its expiry date."""
        return self.days_left < 0


def expiring_certificates(
    session: Session, *, today: date, within_days: int
) -> list[CertificateWarning]:
    """Certificates expiring on or before ``today + within_days``, soonest (or longest
    expired) first."""
    horizon = today + timedelta(days=within_days)
    certificates = session.exec(
        select(Certification).where(
            col(Certification.expires_on).is_not(None), col(Certification.expires_on) <= horizon
        )
    ).all()
    producer_ids = {c.producer_id for c in certificates if c.producer_id}
    product_ids = {c.product_id for c in certificates if c.product_id}
    producers = {
        p.id: p for p in session.exec(select(Producer).where(col(Producer.id).in_(producer_ids)))
    }
    products = {
        p.id: p for p in session.exec(select(Product).where(col(Product.id).in_(product_ids)))
    }
    covered = dict(
        session.execute(
            sa_select(col(Product.producer_id), func.count())
            .where(col(Product.producer_id).in_(producer_ids), col(Product.active))
            .group_by(col(Product.producer_id))
        ).all()
    )
    warnings = []
    for certificate in certificates:
        assert certificate.expires_on is not None
        product = products.get(certificate.product_id or "")
        owner_id = certificate.producer_id or (product.producer_id if product else None)
        producer = producers.get(owner_id or "") or (
            session.get(Producer, owner_id) if owner_id else None
        )
        warnings.append(
            CertificateWarning(
                kind=certificate.kind,
                number=certificate.number,
                expires_on=certificate.expires_on,
                days_left=(certificate.expires_on - today).days,
                producer_name=producer.name if producer else None,
                product_sku=product.sku if product else None,
                product_name=product.name if product else None,
                products=1 if product else int(covered.get(certificate.producer_id, 0)),
            )
        )
    warnings.sort(key=lambda w: (w.expires_on, w.kind.value, w.number))
    return warnings
