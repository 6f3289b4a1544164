"""``nttmart pos``: the cashier app on this outlet's till, with its printer and devices.

This is where the configured devices are opened (receipt printer, customer display, serial
scanner) and handed to :func:`pos.tui.app.build_app`, the factory the tests and benches use too.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from hardware.printer import ReceiptPrinter
from inventory.i18n import t
from pos.cli.state import CliState, pass_state
from pos.context import OutletContext
from pos.devices import build_print_queue, build_printer, open_customer_display

log = logging.getLogger(__name__)


def run_till(
    context: OutletContext, *, printer: ReceiptPrinter | None = None, notice: str = ""
) -> None:
    """Open the cashier app on ``context`` until the cashier quits (Ctrl+Q on the login screen).

    ``printer`` replaces the configured one (the demo passes its virtual printer). Python
    warnings go to the log file: nothing but the app may write to the cashier's terminal.
    """
    from pos.tui.app import build_app

    logging.captureWarnings(True)
    if printer is None:
        printer = build_printer(context.settings)
    display = None
    try:
        display = open_customer_display(context.settings)
    except Exception as error:  # a missing display must not keep the till shut
        log.warning("customer display not available: %s", error)
        click.secho(t("till.no_display", detail=str(error)), fg="yellow", err=True)
    app = build_app(
        context,
        print_queue=build_print_queue(context, printer),
        display=display,
        notice=notice,
    )
    try:
        app.run()
    finally:
        if display is not None:
            display.close()
        if printer is not None:
            printer.close()


@click.command("pos")
@pass_state
def pos_command(state: CliState) -> None:
    """Open the cashier app (the till) of this outlet."""
    run_till(state.outlet())


def receipts_folder(data_dir: Path) -> Path:
    """Where the demo's virtual printer writes its receipts."""
    return data_dir / "receipts"
