"""The ``nttmart`` command: the composition root that wires settings, database and devices.

Expected failures (:class:`NttMartError`) print one clear line and exit with their code (1, or 2
for configuration errors); anything unexpected is written with its traceback to the log file and
the user sees where to find it.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from inventory.errors import NttMartError
from inventory.i18n import LANGUAGES, set_language, t
from pos.cli import click_text, help_text
from pos.cli.state import CliState

log = logging.getLogger("nttmart")
# Usage errors, bad values and prompts that click itself writes speak the CLI's language too.
click_text.install()


class NttMartGroup(click.Group):
    """A command group that turns expected errors into one readable line and an exit code.

    Before the arguments are parsed (``--help`` prints while they are, and usage errors are
    found), it chooses the language and gives every command its help text in it; click's own
    messages follow that language through :mod:`pos.cli.click_text`.
    """

    context_class = help_text.HelpContext

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if parent is None:
            language = help_text.cli_language(args)
            set_language(language)
            help_text.localize(self, language)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NttMartError as error:
            click.secho(t("cli.error", message=str(error)), fg="red", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception:
            log.exception("unexpected error in %s", " ".join(sys.argv))
            state = ctx.find_object(CliState)
            where = str(state.log_path()) if state else "the log file"
            click.secho(t("cli.unexpected", log=where), fg="red", err=True)
            ctx.exit(3)


@click.group(cls=NttMartGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_option",
    metavar="FILE",
    help="Outlet config file (default: $NTTMART_CONFIG).",
)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages (id or en).")
@click.version_option(package_name="nttmart-pos", prog_name="nttmart")
@click.pass_context
def main(ctx: click.Context, config_option: str | None, lang: str | None) -> None:
    """NTT Mart POS: the till, stock and sync of an NTT Mart outlet."""
    state = CliState(config_option=config_option, lang=lang)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _sync_commands() -> click.Group:
    from pos.cli.sync import sync

    return sync


def _central_commands() -> click.Group:
    import pos.cli.central_admin  # noqa: F401  (adds proposal and transfer-refusals to central)
    from pos.cli.central import central

    return central


def _register() -> None:
    from pos.cli import admin, cashier, catalog, demo, hardware, manager, shift, stock, till

    main.add_command(admin.init)
    main.add_command(admin.backup)
    main.add_command(admin.migrate)
    main.add_command(catalog.catalog)
    main.add_command(stock.stock)
    main.add_command(demo.demo)
    cashier.register(main)
    main.add_command(hardware.hardware)
    manager.register(main)
    main.add_command(_sync_commands())
    main.add_command(_central_commands())
    main.add_command(till.pos_command)
    main.add_command(shift.shift)


_register()
