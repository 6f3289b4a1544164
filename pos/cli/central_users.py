"""``nttmart central user``: the web console's users (add, list, disable, enable, passwd).

Passwords are read from standard input (``--password-stdin``: the first line) or asked twice at
a hidden prompt; they never appear on the command line or in the shell history.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from inventory.clock import format_wita
from inventory.errors import InvalidInputError, NttMartError
from inventory.i18n import t
from pos.cli.state import CliState, echo_json, pass_state
from pos.config import CentralWebSettings, load_settings
from pos.config_file import config_path_from
from sync.central import migrate as central_migrate
from sync.central import users
from sync.central.db import make_engine
from sync.central.web import ConsoleOptions


def console_options(settings: CentralWebSettings) -> ConsoleOptions:
    """The web console's rules from the ``[central_web]`` config section."""
    return ConsoleOptions(
        policy=users.Policy(
            max_failures=settings.max_failures,
            lockout=timedelta(minutes=settings.lockout_minutes),
            session_lifetime=timedelta(minutes=settings.session_minutes),
            idle_timeout=timedelta(minutes=settings.idle_minutes),
        ),
        secure_cookies=settings.secure_cookies,
        silent_after=timedelta(hours=settings.silent_after_hours),
        client_max_failures=settings.client_max_failures,
        client_window=timedelta(minutes=settings.client_window_minutes),
    )


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInputError("web.user.password_empty")
        return line
    first = click.prompt(t("web.user.prompt"), hide_input=True, confirmation_prompt=False)
    second = click.prompt(t("web.user.prompt"), hide_input=True, confirmation_prompt=False)
    if first != second:
        raise InvalidInputError("web.user.password_mismatch")
    return str(first)


def _engine(state: CliState) -> Engine:
    """The migrated central database of ``[central]`` (as every ``nttmart central`` command)."""
    settings = (
        state.settings()
        if config_path_from(state.config_option) is not None
        else load_settings(None)
    )
    engine = make_engine(settings.central.resolved_url(settings.base_dir))
    if central_migrate.current_revision(engine) != central_migrate.HEAD:
        raise NttMartError("central.not_migrated")
    return engine


@click.group("user")
def user() -> None:
    """Users of the web console (/admin/): admin, viewer or outlet."""


@user.command("add")
@click.argument("username", help="Console user name.")
@click.option("--name", required=True, help="Display name (Maria Bria).")
@click.option(
    "--role",
    type=click.Choice([role.value for role in users.UserRole]),
    required=True,
    help="admin: everything; viewer: read only; outlet: one outlet, read only.",
)
@click.option("--outlet", default=None, help="Outlet code, for role outlet only.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_state
def user_add(
    state: CliState, username: str, name: str, role: str, outlet: str | None, password_stdin: bool
) -> None:
    """Add console user USERNAME (passwords: at least 10 characters)."""
    password = _read_password(password_stdin)
    added = users.add_user(
        _engine(state),
        username=username,
        name=name,
        role=role,
        outlet=outlet,
        password=password,
        now=datetime.now(UTC),
    )
    click.echo(t("web.user.added", username=added.username, role=added.role.value))


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
def user_list(state: CliState, as_json: bool) -> None:
    """List console users."""
    found = users.list_users(_engine(state))
    now = datetime.now(UTC)
    if as_json:
        echo_json(
            [
                {
                    "username": u.username,
                    "name": u.name,
                    "role": u.role.value,
                    "outlet": u.outlet,
                    "enabled": u.enabled,
                    "locked": bool(u.locked_until and u.locked_until > now),
                    "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
                }
                for u in found
            ]
        )
        return
    if not found:
        click.echo(t("web.user.none"))
        return
    table = Table(
        t("web.user.col.username"),
        t("web.user.col.name"),
        t("web.user.col.role"),
        t("web.user.col.outlet"),
        t("web.user.col.state"),
        t("web.user.col.last_login"),
    )
    for u in found:
        if not u.enabled:
            status = t("web.users.disabled")
        elif u.locked_until and u.locked_until > now:
            status = t("web.users.locked")
        else:
            status = t("web.users.active")
        table.add_row(
            u.username,
            u.name,
            u.role.value,
            u.outlet or "-",
            status,
            format_wita(u.last_login_at) if u.last_login_at else "-",
        )
    Console().print(table)


@user.command("disable")
@click.argument("username", help="Console user name.")
@pass_state
def user_disable(state: CliState, username: str) -> None:
    """Disable USERNAME: no more logins, and their sessions end now."""
    done = users.set_enabled(_engine(state), username=username, enabled=False)
    click.echo(t("web.user.disabled_done", username=done.username))


@user.command("enable")
@click.argument("username", help="Console user name.")
@pass_state
def user_enable(state: CliState, username: str) -> None:
    """Enable USERNAME again (also lifts a lock-out)."""
    done = users.set_enabled(_engine(state), username=username, enabled=True)
    click.echo(t("web.user.enabled_done", username=done.username))


@user.command("passwd")
@click.argument("username", help="Console user name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_state
def user_passwd(state: CliState, username: str, password_stdin: bool) -> None:
    """Set a new password for USERNAME (lifts a lock-out, ends their sessions)."""
    password = _read_password(password_stdin)
    done = users.set_password(
        _engine(state), username=username, password=password, now=datetime.now(UTC)
    )
    click.echo(t("web.user.password_set", username=done.username))
