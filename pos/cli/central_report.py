"""``nttmart central report`` and ``nttmart central statement``: the regional reports as files.

``report NAME --from --to [--outlet] [--lang] --out FILE`` builds a registered report
(``--campaign CODE`` and ``--minimum RUPIAH`` narrow the campaign report)
(:mod:`sync.central.reports.catalog_of_reports`) and writes it as PDF, CSV or XLSX by the
file's extension; ``report list`` names them. ``statement PRODUCER_ID`` writes one producer's
statement across all outlets as PDF. Bad input (unknown report, outlet or producer, a backwards
range, an unknown extension) exits with code 2 and writes nothing; a period without data exits
with code 1 unless ``--allow-empty``, which writes the report with a note saying so.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import click
from sqlalchemy import Engine

import sync.central.reports.catalog_of_reports  # noqa: F401 - fills the registry
from inventory.errors import NttMartError
from inventory.i18n import LANGUAGES, get_language, t
from pos.cli.state import CliState, pass_state
from pos.config import Settings, load_settings
from pos.config_file import config_path_from
from sync.central import migrate as central_migrate
from sync.central.db import make_engine
from sync.central.reports import base
from sync.central.reports.base import REGISTRY, Report, ReportError, ReportParams
from sync.central.reports.common import label
from sync.central.reports.render import FORMATS, render
from sync.central.reports.statement import render_producer_statement


def _ready_engine(state: CliState) -> Engine:
    """The central database (as ``nttmart central`` opens it), migrated to the current head."""
    settings: Settings = (
        state.settings()
        if config_path_from(state.config_option) is not None
        else load_settings(None)
    )
    engine = make_engine(settings.central.resolved_url(settings.base_dir))
    if central_migrate.current_revision(engine) != central_migrate.HEAD:
        engine.dispose()
        raise NttMartError("central.not_migrated")
    return engine


class ReportInputError(NttMartError):
    """Bad input of a report command (exit code 2): nothing is written."""

    exit_code = 2


class EmptyReportError(NttMartError):
    """The period holds no data for the report (exit code 1)."""


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReportInputError("reports.cli.bad_date", option=param.opts[0], value=value) from None


def _params(
    date_from: date | None, date_to: date | None, outlet: str | None, lang: str | None
) -> ReportParams:
    if date_from is None or date_to is None:
        raise ReportInputError("reports.cli.period_required")
    if date_to < date_from:
        raise ReportInputError(
            "reports.cli.backwards", start=date_from.isoformat(), end=date_to.isoformat()
        )
    return ReportParams(date_from, date_to, outlet=outlet, lang=lang or get_language())


def _format_of(out: Path, allowed: tuple[str, ...]) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise ReportInputError(
            "reports.cli.unknown_extension", file=str(out), allowed=", ".join(allowed)
        )
    if not out.parent.is_dir():
        raise ReportInputError("reports.cli.no_folder", folder=str(out.parent))
    return fmt


def is_empty(report: Report) -> bool:
    """No table of the report has a row."""
    return not any(table.rows for table in report.tables)


_period = [
    click.option("--from", "date_from", metavar="YYYY-MM-DD", callback=_date, help="First day."),
    click.option("--to", "date_to", metavar="YYYY-MM-DD", callback=_date, help="Last day."),
    click.option("--outlet", default=None, help="Only this outlet (code)."),
    click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Language."),
    click.option("--out", type=click.Path(path_type=Path), default=None, help="Output file."),
]


def _with_period(function: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_period):
        function = option(function)
    return function


@click.command("report")
@click.argument("name", help="Name of the report, or 'list' to see them.")
@_with_period
@click.option(
    "--allow-empty", is_flag=True, help="Write the report even when the period has no data."
)
@click.option(
    "--campaign",
    "campaign",
    metavar="CODE",
    default=None,
    help="Campaign report: only this campaign (default: every campaign in the period).",
)
@click.option(
    "--minimum",
    "minimum",
    metavar="RUPIAH",
    type=click.IntRange(min=0),
    default=None,
    help="Campaign report: the minimum per buyer (default: the campaign's own).",
)
@pass_state
def report_command(
    state: CliState,
    name: str,
    date_from: date | None,
    date_to: date | None,
    outlet: str | None,
    lang: str | None,
    out: Path | None,
    allow_empty: bool,
    campaign: str | None,
    minimum: int | None,
) -> None:
    """Write report NAME (``list`` to see them) as PDF, CSV or XLSX by --out's extension."""
    if name == "list":
        for spec in sorted(REGISTRY.values(), key=lambda spec: spec.name):
            click.echo(f"{spec.name}\t{t(spec.title_key)}")
        return
    if name not in REGISTRY:
        raise ReportInputError(
            "reports.cli.unknown_report", name=name, known=", ".join(sorted(REGISTRY))
        )
    params = _params(date_from, date_to, outlet, lang)
    if (campaign is not None or minimum is not None) and name != "campaign":
        raise ReportInputError("reports.cli.campaign_only", name=name)
    if campaign is not None:
        params.extra["campaign"] = campaign
    if minimum is not None:
        params.extra["minimum"] = str(minimum)
    if out is None:
        raise ReportInputError("reports.cli.out_required")
    fmt = _format_of(out, tuple(FORMATS))
    engine = _ready_engine(state)
    try:
        report = base.get(name).build(engine, params)
    except ReportError as error:
        raise ReportInputError("reports.cli.refused", message=str(error)) from None
    finally:
        engine.dispose()
    if is_empty(report):
        if not allow_empty:
            raise EmptyReportError(
                "reports.cli.no_data",
                name=name,
                start=params.date_from.isoformat(),
                end=params.date_to.isoformat(),
            )
        note = (label(params, "note"), label(params, "no_data"))
        report = dataclasses.replace(report, facts=[*report.facts, note])
    out.write_bytes(render(report, fmt))
    click.echo(t("reports.cli.written", name=name, file=str(out)))


@click.command("statement")
@click.argument("producer_id", help="Id of the producer.")
@_with_period
@pass_state
def statement_command(
    state: CliState,
    producer_id: str,
    date_from: date | None,
    date_to: date | None,
    outlet: str | None,
    lang: str | None,
    out: Path | None,
) -> None:
    """Write PRODUCER_ID's statement across outlets (PDF, Indonesian unless --lang en)."""
    params = _params(date_from, date_to, outlet, lang or "id")
    if out is None:
        raise ReportInputError("reports.cli.out_required")
    _format_of(out, ("pdf",))
    engine = _ready_engine(state)
    try:
        pdf = render_producer_statement(engine, producer_id, params)
    except ReportError as error:
        raise ReportInputError("reports.cli.refused", message=str(error)) from None
    finally:
        engine.dispose()
    out.write_bytes(pdf)
    click.echo(t("reports.cli.written", name="statement", file=str(out)))


def register(group: click.Group) -> None:
    """Add ``report`` and ``statement`` to ``nttmart central``."""
    group.add_command(report_command)
    group.add_command(statement_command)
