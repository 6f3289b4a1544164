"""The ``nttmart`` command: the composition root that wires settings, database and devices.

Expected failures (:class:`NttMartError`) print one clear line and exit with their code (1, or 2
for configuration errors); anything unexpected is written with its traceback to the log file and
the user sees where to find it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from importlib import import_module
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str | Callable[[], click.Command]] = {}
        self.language: str | None = None

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
            self.language = language
            help_text.localize(self, language)
        return super().make_context(info_name, args, parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            command = _load(self.lazy_commands[cmd_name])
            self.add_command(command, cmd_name)
            if self.language is not None:
                help_text.localize(command, self.language, (cmd_name,))
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Import every command (for a walk of the whole tree)."""
        for name in self.lazy_commands:
            self.get_command(None, name)

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
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _show_version(ctx) if value else None,
    help="Show the version and exit.",
)
@click.pass_context
def main(ctx: click.Context, config_option: str | None, lang: str | None) -> None:
    """NTT Mart POS: the till, stock and sync of an NTT Mart outlet."""
    state = CliState(config_option=config_option, lang=lang)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _show_version(ctx: click.Context) -> None:
    """``nttmart --version``: the installed version, in the CLI's language."""
    from importlib.metadata import version

    click.echo(t("cli.version", prog="nttmart", version=version("nttmart-pos")))
    ctx.exit()


def _central_commands() -> click.Command:
    import pos.cli.central_admin  # noqa: F401  (adds proposal and transfer-refusals to central)
    from pos.cli.central import central

    return central


# Every command of ``nttmart``, imported when it is first asked for: ``nttmart pos`` opens the
# till without loading the central service, the reports or the PDF writers (``--help`` and the
# tests load them all). ``module:attribute``, or a function that returns the command.
COMMANDS: dict[str, str | Callable[[], click.Command]] = {
    "backup": "pos.cli.admin:backup",
    "catalog": "pos.cli.catalog:catalog",
    "central": _central_commands,
    "certs": "pos.cli.shelf_tools:certs",
    "consignment": "pos.cli.consignment:consignment",
    "count": "pos.cli.count:count",
    "demo": "pos.cli.demo:demo",
    "hardware": "pos.cli.hardware:hardware",
    "init": "pos.cli.admin:init",
    "labels": "pos.cli.shelf_tools:labels",
    "migrate": "pos.cli.admin:migrate",
    "pos": "pos.cli.till:pos_command",
    "qris": "pos.cli.cashier:qris",
    "receive": "pos.cli.receive:receive",
    "reorder": "pos.cli.shelf_tools:reorder",
    "report": "pos.cli.cashier:report",
    "sales": "pos.cli.cashier:sales",
    "shift": "pos.cli.shift:shift",
    "simulate": "pos.cli.cashier:simulate",
    "staff": "pos.cli.cashier:staff",
    "stock": "pos.cli.stock:stock",
    "sync": "pos.cli.sync:sync",
    "transfer": "pos.cli.transfer:transfer",
    "units": "pos.cli.shelf_tools:units",
}
main.lazy_commands.update(COMMANDS)


def _load(target: str | Callable[[], click.Command]) -> click.Command:
    if callable(target):
        return target()
    module, _, attribute = target.partition(":")
    command = getattr(import_module(module), attribute)
    assert isinstance(command, click.Command)
    return command
