"""Campaigns: tagging a sale at checkout with a campaign and a buyer id.

Campaigns are defined in the outlet's config (``[[campaigns.drive]]``, see
:class:`pos.config.CampaignDefinition`). At checkout the cashier picks one that runs on the
business day and types or scans the buyer's id; :func:`campaign_tag` checks both and returns the
:class:`~pos.documents.CampaignTagDoc` that rides in the sale's journal document (and, from the
sale, in its refunds). A civil servant's NIP is checked field by field: 18 digits, a real birth
date (``yyyymmdd``), an appointment month (``yyyymm``) after the 15th birthday and not in the
future, the sex digit (1 or 2) and a sequence number other than ``000``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from inventory.errors import InvalidInputError, NotFoundError
from pos.config import NIP, CampaignDefinition, Settings
from pos.documents import CampaignTagDoc
from pos.models import SaleCampaign

NIP_LENGTH = 18
OLDEST_BIRTH_YEAR = 1940
YOUNGEST_APPOINTMENT_AGE = 15
DEFAULT_TEXT_ID = re.compile(r"[A-Za-z0-9./-]{3,40}")
# Spaces, dots and dashes people put between the NIP's fields when they write it down.
_NIP_SEPARATORS = re.compile(r"[\s.\-]+")


@dataclass(frozen=True, slots=True)
class CampaignTag:
    """What the cashier chose: a campaign code and the buyer id as typed or scanned."""

    code: str
    buyer_id: str


def running(settings: Settings, day: date) -> list[CampaignDefinition]:
    """The campaigns a sale of business ``day`` can be tagged with, in config order."""
    return [c for c in settings.campaigns.drive if c.runs_on(day)]


def find_campaign(settings: Settings, code: str, day: date) -> CampaignDefinition:
    """The campaign ``code``, refused if it is not configured or does not run on ``day``."""
    wanted = code.strip().upper()
    for campaign in settings.campaigns.drive:
        if campaign.code == wanted:
            if not campaign.runs_on(day):
                raise InvalidInputError(
                    "campaign.not_running",
                    name=campaign.name,
                    starts=campaign.starts.strftime("%d/%m/%Y"),
                    ends=campaign.ends.strftime("%d/%m/%Y"),
                )
            return campaign
    raise NotFoundError("campaign.unknown", code=code.strip())


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def check_nip(raw: str, today: date) -> str:
    """The 18 digits of the NIP ``raw`` (spaces, dots and dashes between fields removed).

    Raises :class:`InvalidInputError` naming the part that is wrong.
    """
    nip = _NIP_SEPARATORS.sub("", raw)
    if not nip:
        raise InvalidInputError("campaign.nip.empty")
    if not nip.isascii() or not nip.isdigit():
        raise InvalidInputError("campaign.nip.not_digits", nip=raw.strip())
    if len(nip) != NIP_LENGTH:
        raise InvalidInputError("campaign.nip.length", nip=nip, length=len(nip))
    born = _valid_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None or born.year < OLDEST_BIRTH_YEAR or born >= today:
        raise InvalidInputError("campaign.nip.birth", nip=nip, part=nip[0:8])
    appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
    appointed = _valid_date(appointed_year, appointed_month, 1) if appointed_month else None
    earliest = (born.year + YOUNGEST_APPOINTMENT_AGE, born.month)
    if (
        appointed is None
        or (appointed.year, appointed.month) < earliest
        or appointed > today.replace(day=1)
    ):
        raise InvalidInputError("campaign.nip.appointed", nip=nip, part=nip[8:14])
    if nip[14] not in "12":
        raise InvalidInputError("campaign.nip.sex", nip=nip, digit=nip[14])
    if nip[15:] == "000":
        raise InvalidInputError("campaign.nip.sequence", nip=nip)
    return nip


def check_buyer_id(campaign: CampaignDefinition, raw: str, today: date) -> str:
    """The buyer id ``raw`` as stored for ``campaign`` (a NIP as its 18 digits, text trimmed)."""
    if campaign.buyer_id == NIP:
        return check_nip(raw, today)
    value = raw.strip()
    if not value:
        raise InvalidInputError("campaign.buyer_empty", label=campaign.label)
    pattern = re.compile(campaign.buyer_pattern) if campaign.buyer_pattern else DEFAULT_TEXT_ID
    if len(value) > 64 or pattern.fullmatch(value) is None:
        raise InvalidInputError(
            "campaign.buyer_format", label=campaign.label, value=value, name=campaign.name
        )
    return value


def campaign_tag(settings: Settings, tag: CampaignTag, day: date) -> CampaignTagDoc:
    """The tag of a sale of business ``day``: the campaign must run that day and the buyer id
    must be valid for it. Raises :class:`InvalidInputError` / :class:`NotFoundError`."""
    campaign = find_campaign(settings, tag.code, day)
    return CampaignTagDoc(
        code=campaign.code,
        name=campaign.name,
        buyer_label=campaign.label,
        buyer_id=check_buyer_id(campaign, tag.buyer_id, day),
        minimum=campaign.minimum,
    )


def sale_tag(session: Session, sale_id: str) -> CampaignTagDoc | None:
    """The campaign tag stored with sale ``sale_id`` (``None`` if it has none)."""
    row = session.get(SaleCampaign, sale_id)
    if row is None:
        return None
    return CampaignTagDoc(
        code=row.campaign,
        name=row.campaign_name,
        buyer_label=row.buyer_label,
        buyer_id=row.buyer_id,
        minimum=row.minimum,
    )


def tag_row(sale_id: str, tag: CampaignTagDoc) -> tuple[object, ...]:
    """The ``sale_campaign`` row of ``tag`` in :data:`INSERT_SALE_CAMPAIGN` order."""
    return (sale_id, tag.code, tag.name, tag.buyer_label, tag.buyer_id, tag.minimum)


INSERT_SALE_CAMPAIGN = (
    "INSERT INTO sale_campaign (sale_id, campaign, campaign_name, buyer_label, buyer_id, minimum) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
