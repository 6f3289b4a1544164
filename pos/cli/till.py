"""``nttmart pos``: the cashier app on this outlet's till, with its printer and devices.

This is where the configured devices are opened (receipt printer, customer display, serial
scanner) and handed to the app. ``nttmart pos`` shows the login screen first and opens all of
that behind it (:func:`pos_app`); the demo opens its outlet first and uses
:func:`pos.tui.app.build_app`, the factory the tests use too.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from inventory.i18n import t
from pos.cli.state import CliState, pass_state
from pos.config_file import config_path_from, peek_outlet

if TYPE_CHECKING:
    from hardware.printer import ReceiptPrinter
    from pos.config import Settings
    from pos.context import OutletContext
    from pos.devices import CustomerDisplay
    from pos.tui.app import PosApp
    from pos.tui.till_app import TillParts

log = logging.getLogger(__name__)


def _open_display(settings: Settings) -> tuple[CustomerDisplay | None, str | None]:
    """The customer display, or why there is none: a missing display must not keep the till
    shut."""
    from pos.devices import open_customer_display

    try:
        return open_customer_display(settings), None
    except Exception as error:
        log.warning("customer display not available: %s", error)
        return None, t("till.no_display", detail=str(error))


def open_parts(context: OutletContext, printer: ReceiptPrinter | None = None) -> TillParts:
    """The till's printer (``printer``, or the configured one), customer display and print
    queue on the opened outlet ``context``."""
    from pos.devices import build_print_queue, build_printer
    from pos.tui.till_app import TillParts

    if printer is None:
        printer = build_printer(context.settings)
    display, warning = _open_display(context.settings)
    return TillParts(
        context=context,
        print_queue=build_print_queue(context, printer),
        display=display,
        printer=printer,
        warnings=(warning,) if warning else (),
    )


def pos_app(state: CliState, *, notice: str = "") -> PosApp:
    """The cashier app whose outlet opens behind its login screen (as ``nttmart pos`` runs it).

    The screen names the outlet from its config file; the settings are validated, the database
    opened (and migrated) and the devices found in a worker thread while the cashier types.
    """
    from pos.tui.app import PosApp
    from pos.tui.till_app import Opening

    label = peek_outlet(config_path_from(state.config_option))
    return PosApp(Opening(label, lambda: open_parts(state.outlet())), notice=notice)


def run_app(app: PosApp) -> None:
    """Run ``app`` until the cashier quits (Ctrl+Q on the login screen), then close its devices.

    Python warnings go to the log file: nothing but the app may write to the cashier's terminal.
    An outlet that could not be opened behind the login screen is reported as any command's
    error is.
    """
    logging.captureWarnings(True)
    try:
        app.run()
    finally:
        parts = app.parts
        if parts is not None:
            if parts.display is not None:
                parts.display.close()
            if parts.printer is not None:
                parts.printer.close()
    if app.open_error is not None:
        raise app.open_error


def run_till(
    context: OutletContext, *, printer: ReceiptPrinter | None = None, notice: str = ""
) -> None:
    """Open the cashier app on the already opened ``context`` (the demo does, with its virtual
    printer as ``printer``)."""
    from pos.tui.app import build_app

    parts = open_parts(context, printer)
    for warning in parts.warnings:
        click.secho(warning, fg="yellow", err=True)
    app = build_app(
        context,
        printer=parts.printer,
        print_queue=parts.print_queue,
        display=parts.display,
        notice=notice,
    )
    run_app(app)


@click.command("pos")
@pass_state
def pos_command(state: CliState) -> None:
    """Open the cashier app (the till) of this outlet."""
    run_app(pos_app(state))


def receipts_folder(data_dir: Path) -> Path:
    """Where the demo's virtual printer writes its receipts."""
    return data_dir / "receipts"
