"""``nttmart central reconcile`` and ``nttmart central qris import|match|report``.

Reconciliation of the outlets' shift closes against the centre, and matching the QRIS
provider's settlement file with the tills' QRIS payments. Settings come from the
``[reconciliation]`` and ``[qris_settlement]`` config sections.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table as RichTable
from sqlalchemy import Engine

from inventory.clock import format_wita
from inventory.errors import NttMartError
from inventory.i18n import get_language, t
from inventory.money import format_rupiah
from pos.cli.state import CliState, echo_json, pass_state
from pos.config import Settings, load_settings
from pos.config_file import config_path_from
from sync.central import migrate as central_migrate
from sync.central.db import make_engine
from sync.central.qris import SettlementFormat, import_settlement, match_payments
from sync.central.reports.base import Kind, Report, ReportError, ReportParams
from sync.central.reports.reconciliation import build, build_qris


def _settings(state: CliState) -> Settings:
    if config_path_from(state.config_option) is not None:
        return state.settings()
    return load_settings(None)


def _engine(settings: Settings) -> Engine:
    engine = make_engine(settings.central.resolved_url(settings.base_dir))
    if central_migrate.current_revision(engine) != central_migrate.HEAD:
        raise NttMartError("central.not_migrated")
    return engine


def settlement_format(settings: Settings) -> SettlementFormat:
    """The ``[qris_settlement]`` section as the matcher takes it."""
    q = settings.qris_settlement
    return SettlementFormat(
        reference_column=q.reference_column,
        amount_column=q.amount_column,
        paid_at_column=q.paid_at_column,
        merchant_id_column=q.merchant_id_column,
        date_format=q.date_format,
        timezone=q.timezone,
        delimiter=q.delimiter,
        window_minutes=q.window_minutes,
        merchant_outlets=dict(q.merchant_outlets),
    )


def reconciliation_extra(settings: Settings) -> dict[str, str]:
    """``ReportParams.extra`` carrying the ``[reconciliation]`` thresholds."""
    r = settings.reconciliation
    return {
        "late_after_minutes": str(r.late_after_minutes),
        "silent_after_minutes": str(r.silent_after_minutes),
    }


def _params(
    date_from: datetime, date_to: datetime, outlet: str | None, extra: dict[str, str]
) -> ReportParams:
    try:
        return ReportParams(
            date_from=date_from.date(),
            date_to=date_to.date(),
            outlet=outlet,
            lang=get_language(),
            extra=extra,
        )
    except ReportError as error:
        raise NttMartError(
            "recon.backwards", date_from=date_from.date(), date_to=date_to.date()
        ) from error


def _cell(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind is Kind.MONEY:
        return format_rupiah(int(value))
    if kind is Kind.DATETIME:
        return format_wita(value)
    if kind is Kind.BOOL:
        return t("central.yes") if value else t("central.no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _json_cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _show(report: Report, as_json: bool) -> None:
    if as_json:
        echo_json(
            {
                "name": report.name,
                "facts": dict(report.facts),
                "tables": [
                    {
                        "title": table.title,
                        "columns": [c.key for c in table.columns],
                        "rows": [[_json_cell(v) for v in row] for row in table.rows],
                    }
                    for table in report.tables
                ],
            }
        )
        return
    console = Console()
    console.print(f"[bold]{report.title}[/bold]")
    for label, value in report.facts:
        console.print(f"{label}: {value}")
    for table in report.tables:
        shown = RichTable(*(c.label for c in table.columns), title=table.title)
        for row in table.rows:
            shown.add_row(*(_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)))
        if not table.rows:
            console.print(f"{table.title}: {t('recon.nothing')}")
            continue
        console.print(shown)


_from = click.option(
    "--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day."
)
_to = click.option(
    "--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day."
)


@click.command("reconcile")
@_from
@_to
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def reconcile_command(
    state: CliState, date_from: datetime, date_to: datetime, outlet: str | None, as_json: bool
) -> None:
    """Shift closes against the centre per outlet and day, sync health, late entries, conflicts."""
    settings = _settings(state)
    params = _params(date_from, date_to, outlet, reconciliation_extra(settings))
    _show(build(_engine(settings), params), as_json)


@click.group("qris")
def qris() -> None:
    """The QRIS provider's settlement file against the tills' QRIS payments."""


@qris.command("import")
@click.argument(
    "file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settlement file (CSV) of the QRIS provider.",
)
@pass_state
def import_command(state: CliState, file: Path) -> None:
    """Store the provider's settlement FILE (CSV, columns as in [qris_settlement])."""
    settings = _settings(state)
    result = import_settlement(
        _engine(settings), file, settlement_format(settings), now=datetime.now(UTC)
    )
    click.echo(
        t("recon.imported", file=file.name, rows=result.rows, stored=result.stored,
          already=result.already)
    )  # fmt: skip


@qris.command("match")
@click.option(
    "--from",
    "date_from",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day (default: no limit).",
)
@click.option(
    "--to",
    "date_to",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day (default: no limit).",
)
@pass_state
def match_command(state: CliState, date_from: datetime | None, date_to: datetime | None) -> None:
    """Match provider rows with QRIS payments; matched payments become verified."""
    settings = _settings(state)
    result = match_payments(
        _engine(settings),
        settlement_format(settings),
        now=datetime.now(UTC),
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
    )
    click.echo(
        t("recon.matched", matched=result.matched, provider=result.provider_unmatched,
          payments=result.payments_unmatched)
    )  # fmt: skip


@qris.command("report")
@_from
@_to
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def report_command(
    state: CliState, date_from: datetime, date_to: datetime, outlet: str | None, as_json: bool
) -> None:
    """Matched payments, provider rows without a payment, QRIS payments without a row."""
    settings = _settings(state)
    _show(build_qris(_engine(settings), _params(date_from, date_to, outlet, {})), as_json)


def register(group: click.Group) -> None:
    """Add ``reconcile`` and ``qris`` to the ``nttmart central`` group."""
    group.add_command(reconcile_command)
    group.add_command(qris)
