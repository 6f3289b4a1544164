"""``nttmart init``, ``backup`` and ``migrate``: setting up and safeguarding an outlet database."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import ValidationError

from inventory.db import backup_database
from inventory.errors import ConfigError, InvalidInputError
from inventory.i18n import LANGUAGES, t
from inventory.migrate import current_revision
from pos.cli.state import CliState, pass_state
from pos.config import DatabaseSettings, LogSettings, OutletSettings, Settings, render_config
from pos.context import open_outlet


@click.command()
@click.option(
    "--data-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for config.toml and the outlet database.",
)
@click.option("--outlet", "code", required=True, help="Outlet code, 2-6 capital letters (KPG).")
@click.option("--name", required=True, help="Outlet name printed on receipts.")
@click.option("--number", default=1, show_default=True, help="Province-assigned outlet number.")
@click.option("--kabupaten", default="", help="Kabupaten/kota of the outlet.")
@click.option("--address", default="", help="Address printed on receipts.")
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="id",
    show_default=True,
    help="Language of the outlet's messages.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing config.toml.")
@pass_state
def init(
    state: CliState,
    data_dir: Path,
    code: str,
    name: str,
    number: int,
    kabupaten: str,
    address: str,
    language: str,
    force: bool,
) -> None:
    """Create DATA_DIR/config.toml and the outlet database in DATA_DIR."""
    config_file = data_dir / "config.toml"
    if config_file.exists() and not force:
        raise InvalidInputError("init.exists", path=str(config_file))
    try:
        outlet = OutletSettings(
            code=code,
            number=number,
            name=name,
            address=address,
            kabupaten=kabupaten,
            language=language,
        )
    except ValidationError as invalid:
        detail = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in invalid.errors()
        )
        raise ConfigError("init.bad_value", detail=detail) from None
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        outlet=outlet,
        database=DatabaseSettings(path=Path("outlet.db")),
        log=LogSettings(path=Path("nttmart.log")),
        base_dir=data_dir.resolve(),
    )
    context = open_outlet(settings, create=True)
    context.close()
    config_file.write_text(render_config(settings), encoding="utf-8")
    click.echo(t("init.done", code=code, config=str(config_file), db=str(settings.database_path)))


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write the copy to.",
)
@pass_state
def backup(state: CliState, out: Path) -> None:
    """Write a consistent copy of the outlet database to OUT, even while the till runs."""
    settings = state.settings()
    if not settings.database_path.exists():
        raise InvalidInputError("db.missing", path=str(settings.database_path))
    if out.resolve() == settings.database_path:
        raise InvalidInputError("backup.same_file", path=str(out))
    backup_database(settings.database_path, out)
    click.echo(t("backup.done", path=str(out)))


@click.command()
@pass_state
def migrate(state: CliState) -> None:
    """Bring the outlet database to the current schema (a backup is written first)."""
    context = state.outlet()
    click.echo(t("migrate.done", revision=current_revision(context.store) or "-"))
