"""``--help`` in the CLI's language: command and option help from the ``cli_help`` catalogs.

The English help written in the code (docstrings, ``help=``) stays the fallback; each command's
texts have catalog keys derived from its path: ``cli_help.<path>.help`` (and ``.short`` when the
code sets a short help), ``cli_help.<path>.opt.<long option>`` and ``cli_help.<path>.arg.<name>``.
The root command's keys are ``cli_help.help`` and ``cli_help.opt.<long option>``. Click's own
words around them (``Usage:``, section headings, ``[required]``, ``[OPTIONS]``, type names shown
as metavars such as ``INTEGER``) come from ``cli_help_frame``; its messages (usage errors) from
:mod:`pos.cli.click_text`.

``nttmart --help`` prints and exits while the arguments are parsed, before any command runs, so
the language is chosen from the raw arguments first: ``--lang``, then ``NTTMART_OUTLET__LANGUAGE``,
then ``[outlet] language`` of the config file; a missing or broken config file only means the
default language (the command itself reports the broken file when it loads the settings).
"""

from __future__ import annotations

import copy
import inspect
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from weakref import WeakKeyDictionary

import click

from inventory.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, t
from pos.config_file import config_path_from, peek_outlet

PREFIX = "cli_help"

# Click writes these in English whatever the language; the formatter swaps in the catalog's.
_HEADINGS = {
    "Options": "cli_help_frame.options",
    "Commands": "cli_help_frame.commands",
    "Positional arguments": "cli_help_frame.arguments",
}
_HELP_OPTION = "Show this message and exit."
_EXTRA = re.compile(r"\[([^\[\]]*)\]$")

# The English texts of the code, kept before the first translation replaces them.
_english: WeakKeyDictionary[click.Command | click.Parameter, tuple[str | None, ...]] = (
    WeakKeyDictionary()
)
# Click's placeholders in usage lines, and the type names it shows as an option's metavar
# (``--limit INTEGER``) and in a path's errors (``File 'x.csv' does not exist.``).
_USAGE_METAVARS = {
    "[OPTIONS]": "cli_help_frame.options_metavar",
    "COMMAND [ARGS]...": "cli_help_frame.command_metavar",
}
_TYPE_NAMES = {
    "text": "text",
    "integer": "integer",
    "integer range": "integer_range",
    "float": "float",
    "float range": "float_range",
    "file": "file",
    "directory": "directory",
    "path": "path",
}
_NAMED_TYPES = (click.Path, click.types.IntParamType, click.types.FloatParamType)
_usage: WeakKeyDictionary[click.Command, tuple[str | None, str | None]] = WeakKeyDictionary()
_type_names: WeakKeyDictionary[click.Parameter, tuple[str | None, str]] = WeakKeyDictionary()


def root_options(args: Sequence[str]) -> dict[str, str]:
    """``--config`` and ``--lang`` given to ``nttmart`` itself (before the subcommand's name)."""
    found: dict[str, str] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--" or not arg.startswith("-"):
            break
        name, equals, value = arg.partition("=")
        if name in ("--config", "--lang"):
            if not equals:
                if index + 1 >= len(args):
                    break
                index += 1
                value = args[index]
            found[name] = value
        index += 1
    return found


def cli_language(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language ``nttmart ARGS`` speaks, as its settings would choose it, never failing."""
    environ = os.environ if environ is None else environ
    given = root_options(args)
    chosen = given.get("--lang")
    if chosen in LANGUAGES:
        return str(chosen)
    # NTTMART_OUTLET__LANGUAGE, else [outlet] language of the config file.
    configured = peek_outlet(config_path_from(given.get("--config"), environ), environ).language
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def walk(
    command: click.Command, path: tuple[str, ...] = (), *, load: bool = True
) -> Iterator[tuple[str, click.Command]]:
    """``(key prefix, command)`` for ``command`` and every subcommand below it; with ``load``
    false, only the commands already imported (``nttmart`` imports its commands on first use)."""
    yield ".".join((PREFIX, *path)), command
    if isinstance(command, click.Group):
        load_all = getattr(command, "load_all", None)
        if load and load_all is not None:
            load_all()
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name), load=load)


def param_key(prefix: str, param: click.Parameter) -> str:
    """The catalog key of one option's or argument's help."""
    if isinstance(param, click.Option):
        longest = max(param.opts, key=len)
        return f"{prefix}.opt.{longest.lstrip('-/')}"
    return f"{prefix}.arg.{param.name}"


def english_help(command: click.Command) -> str | None:
    """The help of ``command`` as the code writes it (what ``--help`` shows, paragraphs kept)."""
    return _english.get(command, (command.help,))[0]


def english_param_help(param: click.Parameter) -> str | None:
    """The help of an option or argument as the code writes it."""
    return _english.get(param, (_param_help(param),))[0]


def _param_help(param: click.Parameter) -> str | None:
    text = getattr(param, "help", None)
    return text if isinstance(text, str) else None


def help_entries(root: click.Command) -> Iterator[tuple[str, str]]:
    """``(key, English text)`` of every help text in the tree under ``root``."""
    for prefix, command in walk(root):
        help_text = english_help(command)
        if help_text is not None:
            yield f"{prefix}.help", clean(help_text)
        short = _english.get(command, (None, command.short_help))[1]
        if short is not None:
            yield f"{prefix}.short", clean(short)
        for param in command.params:
            text = english_param_help(param)
            if text is not None:
                yield param_key(prefix, param), clean(text)


def clean(text: str) -> str:
    """Help text as click renders it: dedented, cut at a form feed, paragraphs on one line."""
    body = inspect.cleandoc(text).partition("\f")[0]
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", body))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def localize(root: click.Command, language: str, path: tuple[str, ...] = ()) -> None:
    """Give every command under ``root`` (found at ``path`` below ``nttmart``) its help in
    ``language`` (English from the code if the catalog lacks a key) and the formatter that
    translates click's own words."""
    messages = catalog(language)
    for prefix, command in walk(root, path, load=False):
        help_text, short = _english.setdefault(command, (command.help, command.short_help))
        command.help = messages.get(f"{prefix}.help", help_text)
        command.short_help = messages.get(f"{prefix}.short", short) if short else None
        # A child context does not inherit its parent's formatter class: each command names it.
        command.context_class = HelpContext
        _localize_usage(command, messages)
        for param in command.params:
            (text,) = _english.setdefault(param, (_param_help(param),))
            if text is not None and isinstance(param, click.Option | click.Argument):
                param.help = messages.get(param_key(prefix, param), text)
            _localize_type_name(param, messages)


def _localize_usage(command: click.Command, messages: Mapping[str, str]) -> None:
    """``[OPTIONS]`` and ``COMMAND [ARGS]...`` of the usage line in the catalog's words."""
    subcommands = command.subcommand_metavar if isinstance(command, click.Group) else None
    options, group = _usage.setdefault(command, (command.options_metavar, subcommands))
    if options in _USAGE_METAVARS:
        command.options_metavar = messages.get(_USAGE_METAVARS[options], options)
    if isinstance(command, click.Group) and group in _USAGE_METAVARS:
        command.subcommand_metavar = messages.get(_USAGE_METAVARS[group], group)


def _localize_type_name(param: click.Parameter, messages: Mapping[str, str]) -> None:
    """The type's name in an option's metavar, and in a path's own errors, from the catalog."""
    metavar, name = _type_names.setdefault(param, (param.metavar, param.type.name))

    def word(type_name: str) -> str:
        return messages.get(f"cli_help_frame.type.{_TYPE_NAMES[type_name]}", type_name)

    if param.type is click.INT or param.type is click.FLOAT:
        # Shared by every parameter of its type: this one gets a copy of its own to name.
        param.type = copy.copy(param.type)
    if isinstance(param.type, _NAMED_TYPES) and name in _TYPE_NAMES:
        # Built per parameter (a path, a range) or copied above: its name is what its metavar
        # and its errors show ("'abc' bukan angka yang valid").
        param.type.name = word(name)
    if metavar is not None:
        if metavar.lower() in _TYPE_NAMES:  # spelt as a type in the code: ``--config FILE``
            param.metavar = word(metavar.lower()).upper()
    elif (
        isinstance(param, click.Option)
        and not param.is_flag
        and not isinstance(param.type, click.Path)
        and name in _TYPE_NAMES
    ):
        # Text is shared (click.STRING) and shows in no error: name the parameter instead.
        param.metavar = word(name).upper() + ("..." if param.nargs != 1 else "")


class HelpFormatter(click.HelpFormatter):
    """Click's help layout with its fixed English words taken from the catalog."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = f"{t('cli_help_frame.usage')} "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        key = _HEADINGS.get(heading)
        super().write_heading(t(key) if key else heading)

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, _frame(text)) for term, text in rows], col_max, col_spacing)


def _frame(text: str) -> str:
    if text == _HELP_OPTION:
        return t("cli_help_frame.help_option")
    match = _EXTRA.search(text)
    if match is None:
        return text
    items = "; ".join(_frame_item(item) for item in match[1].split("; "))
    return f"{text[: match.start()]}[{items}]"


def _frame_item(item: str) -> str:
    if item.startswith("default: "):
        return t("cli_help_frame.default", value=item.removeprefix("default: "))
    if item == "required":
        return t("cli_help_frame.required")
    return item


class HelpContext(click.Context):
    """A context whose help formatter speaks the CLI's language."""

    formatter_class = HelpFormatter
