"""Reports ``reconciliation`` (shift closes against the centre, sync health, late entries,
conflicts) and ``qris`` (the provider's settlement against the tills' QRIS payments).

Thresholds come from ``params.extra`` (``late_after_minutes``, ``silent_after_minutes``, ``now``
as an ISO time) when the caller passes them (the ``[reconciliation]`` config section), else the
defaults of :class:`~sync.central.reconcile.ReconcileOptions`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from inventory.i18n import language, t
from sync.central.qris import settlement_status
from sync.central.reconcile import ReconcileOptions, reconcile
from sync.central.reports.base import (
    Column,
    Kind,
    Report,
    ReportError,
    ReportParams,
    Table,
    register,
)


def options_from(params: ReportParams) -> ReconcileOptions:
    """The thresholds and the judging moment asked for in ``params.extra``."""
    defaults = ReconcileOptions()
    extra = params.extra

    def minutes(key: str, default: timedelta) -> timedelta:
        raw = extra.get(key)
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) <= 0:
            raise ReportError(f"{key} must be a positive whole number of minutes, not {raw!r}")
        return timedelta(minutes=int(raw))

    now = defaults.now
    if "now" in extra:
        try:
            now = datetime.fromisoformat(extra["now"])
        except ValueError:
            raise ReportError(f"now must be an ISO time, not {extra['now']!r}") from None
        now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return ReconcileOptions(
        late_after=minutes("late_after_minutes", defaults.late_after),
        silent_after=minutes("silent_after_minutes", defaults.silent_after),
        now=now,
    )


def _col(key: str, kind: Kind = Kind.TEXT) -> Column:
    return Column(key, t(f"recon.col.{key}"), kind)


@register("reconciliation", "recon.title")
def build(engine: Engine, params: ReportParams) -> Report:
    """Per outlet and business day: Z reports against the centre; sync health; late; conflicts."""
    options = options_from(params)
    found = reconcile(
        engine, params.date_from, params.date_to, outlet=params.outlet, options=options
    )
    with language(params.lang):
        days = Table(
            title=t("recon.table.days"),
            columns=[
                _col("outlet"),
                _col("day", Kind.DATE),
                _col("shifts_closed", Kind.INT),
                _col("shifts_open", Kind.INT),
                _col("z_sales", Kind.INT),
                _col("centre_sales", Kind.INT),
                _col("z_net", Kind.MONEY),
                _col("centre_net", Kind.MONEY),
                _col("net_difference", Kind.MONEY),
                _col("z_cash_expected", Kind.MONEY),
                _col("centre_cash_expected", Kind.MONEY),
                _col("cash_difference", Kind.MONEY),
                _col("counted_cash", Kind.MONEY),
                _col("variance", Kind.MONEY),
            ],
            rows=[
                (
                    d.outlet,
                    d.day,
                    d.shifts_closed,
                    d.shifts_open,
                    d.z_sales,
                    d.centre_sales,
                    d.z_net,
                    d.centre_net,
                    d.net_difference,
                    d.z_cash_expected,
                    d.centre_cash_expected,
                    d.cash_difference,
                    d.counted_cash,
                    d.variance,
                )
                for d in found.days
            ],
            note=t("recon.note.days"),
        )
        tenders = Table(
            title=t("recon.table.tenders"),
            columns=[
                _col("outlet"),
                _col("day", Kind.DATE),
                _col("tender"),
                _col("z_net", Kind.MONEY),
                _col("centre_net", Kind.MONEY),
                _col("net_difference", Kind.MONEY),
            ],
            rows=[
                (d.outlet, d.day, t(f"recon.tender.{name}"), z, centre, difference)
                for d in found.days
                for name, z, centre, difference in d.tender_lines()
            ],
        )
        health = Table(
            title=t("recon.table.health"),
            columns=[
                _col("outlet"),
                _col("name"),
                _col("contiguous_seq", Kind.INT),
                _col("last_seq", Kind.INT),
                _col("gaps"),
                _col("missing", Kind.INT),
                _col("last_heard_at", Kind.DATETIME),
                _col("silent", Kind.BOOL),
                _col("late_entries", Kind.INT),
                _col("conflicts", Kind.INT),
            ],
            rows=[
                (
                    h.outlet,
                    h.name,
                    h.contiguous_seq,
                    h.last_seq,
                    h.gaps_text,
                    h.missing,
                    h.last_heard_at,
                    h.silent,
                    h.late_entries,
                    h.conflicts,
                )
                for h in found.health
            ],
        )
        late = Table(
            title=t("recon.table.late"),
            columns=[
                _col("outlet"),
                _col("day", Kind.DATE),
                _col("entries", Kind.INT),
                _col("longest_minutes", Kind.INT),
            ],
            rows=[(x.outlet, x.day, x.entries, x.longest_minutes) for x in found.late],
        )
        conflicts = Table(
            title=t("recon.table.conflicts"),
            columns=[
                _col("outlet"),
                _col("seq", Kind.INT),
                _col("first_seen_at", Kind.DATETIME),
                _col("last_seen_at", Kind.DATETIME),
                _col("times", Kind.INT),
            ],
            rows=[
                (c.outlet, c.seq, c.first_seen_at, c.last_seen_at, c.times) for c in found.conflicts
            ],
        )
        differing = sum(1 for d in found.days if d.net_difference or d.cash_difference)
        facts = [
            (t("recon.fact.days_with_difference"), str(differing)),
            (t("recon.fact.silent"), ", ".join(h.outlet for h in found.health if h.silent) or "-"),
            (t("recon.fact.late_after"), str(int(options.late_after.total_seconds() // 60))),
            (t("recon.fact.silent_after"), str(int(options.silent_after.total_seconds() // 60))),
        ]
        return Report(
            name="reconciliation",
            title=t("recon.title"),
            params=params,
            facts=facts,
            tables=[days, tenders, health, late, conflicts],
        )


@register("qris", "recon.qris_title")
def build_qris(engine: Engine, params: ReportParams) -> Report:
    """Matched QRIS payments, unmatched provider rows, unmatched QRIS payments."""
    status = settlement_status(engine, params.date_from, params.date_to, outlet=params.outlet)
    with language(params.lang):
        matched = Table(
            title=t("recon.table.matched"),
            columns=[
                _col("outlet"),
                _col("receipt_no"),
                _col("paid_at_till", Kind.DATETIME),
                _col("amount", Kind.MONEY),
                _col("till_reference"),
                _col("provider_reference"),
                _col("provider_paid_at", Kind.DATETIME),
                _col("delivered", Kind.BOOL),
            ],
            rows=[
                (
                    m.outlet,
                    m.receipt_no,
                    m.paid_at_till,
                    m.amount,
                    m.till_reference,
                    m.provider_reference,
                    m.provider_paid_at,
                    m.delivered,
                )
                for m in status.matched
            ],
            totals=("", "", None, sum(m.amount for m in status.matched), "", "", None, None),
        )
        provider = Table(
            title=t("recon.table.provider_unmatched"),
            columns=[
                _col("provider_reference"),
                _col("merchant_id"),
                _col("amount", Kind.MONEY),
                _col("provider_paid_at", Kind.DATETIME),
                _col("file"),
                _col("row", Kind.INT),
            ],
            rows=[
                (p.reference, p.merchant_id, p.amount, p.paid_at, p.file_name, p.row_no)
                for p in status.provider_unmatched
            ],
            totals=("", "", sum(p.amount for p in status.provider_unmatched), None, "", None),
        )
        payments = Table(
            title=t("recon.table.payments_unmatched"),
            columns=[
                _col("outlet"),
                _col("receipt_no"),
                _col("paid_at_till", Kind.DATETIME),
                _col("amount", Kind.MONEY),
                _col("till_reference"),
            ],
            rows=[
                (p.outlet, p.receipt_no, p.paid_at, p.amount, p.reference)
                for p in status.payments_unmatched
            ],
            totals=("", "", None, sum(p.amount for p in status.payments_unmatched), ""),
        )
        facts = [
            (t("recon.fact.matched"), str(len(status.matched))),
            (t("recon.fact.provider_unmatched"), str(len(status.provider_unmatched))),
            (t("recon.fact.payments_unmatched"), str(len(status.payments_unmatched))),
        ]
        return Report(
            name="qris",
            title=t("recon.qris_title"),
            params=params,
            facts=facts,
            tables=[matched, provider, payments],
        )
