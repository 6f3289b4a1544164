"""Click's own messages (usage errors, bad values, prompts) in the CLI's language.

Click writes every message through gettext: each of its modules does ``from gettext import
gettext as _`` (and ``ngettext``) and formats the result itself. The standard library looks
translations up only in compiled ``.mo`` files, chosen by the ``LANGUAGE``/``LANG`` environment,
so instead :func:`install` gives those modules a ``_`` and ``ngettext`` that read the ``cli_click``
table of the catalogs in the language of the moment. A message without a key here stays as click
wrote it; the English catalog holds click's text unchanged, so ``--lang en`` prints exactly what
click would. Exit codes are click's (2 for a usage error): only the words change.

Only texts click looks up while it runs are mapped. Those it looks up once, when a command is
declared at import, would stay in the language of that moment: :mod:`pos.cli.help_text`
translates the type names (``file``, ``integer``) per invocation, along with the headings and
``Usage:``, and ``nttmart --version`` is the CLI's own option, not click's ``version_option``.
"""

from __future__ import annotations

from types import ModuleType

import click.core
import click.decorators
import click.exceptions
import click.parser
import click.termui
import click.types

from inventory.i18n import catalog, get_language

PREFIX = "cli_click"

# Click's English text -> catalog key.
MESSAGES: dict[str, str] = {
    "Error: {message}": "error",
    "Try '{command} {option}' for help.": "try_help",
    "Invalid value: {message}": "invalid_value",
    "Invalid value for {param_hint}: {message}": "invalid_value_for",
    "Missing argument": "missing_argument",
    "Missing option": "missing_option",
    "Missing parameter": "missing_parameter",
    "Missing command.": "missing_command",
    "No such option {name!r}.": "no_such_option",
    "No such command {name!r}.": "no_such_command",
    "Option {name!r} does not take a value.": "option_takes_no_value",
    "{value!r} is not a valid {number_type}.": "not_a_number",
    "{value} is not in the range {range}.": "not_in_range",
    "{value!r} is not a valid boolean. Recognized values: {states}": "not_a_boolean",
    "{name} {filename!r} does not exist.": "path_missing",
    "{name} {filename!r} is a file.": "path_is_file",
    "{name} {filename!r} is a directory.": "path_is_directory",
    "{name} {filename!r} is not readable.": "path_not_readable",
    "{name} {filename!r} is not writable.": "path_not_writable",
    "Could not open file {filename!r}: {message}": "file_error",
    "Aborted!": "aborted",
    "Repeat for confirmation": "repeat",
    "Error: The two entered values do not match.": "no_match",
    "Error: invalid input": "invalid_input",
}
# Click's English singular -> catalog key of a table with ``one`` and ``other``.
PLURALS: dict[str, str] = {
    "Did you mean {possibility}?": "did_you_mean",
    "Option {name!r} requires an argument.": "option_needs_value",
    "Got unexpected extra argument ({args})": "extra_arguments",
    "{value!r} is not {choice}.": "not_a_choice",
    "{value!r} does not match the format {format}.": "date_format",
}
# The modules whose ``_`` and ``ngettext`` print what a user reads.
MODULES: tuple[ModuleType, ...] = (
    click.core,
    click.decorators,
    click.exceptions,
    click.parser,
    click.termui,
    click.types,
)


def gettext(message: str) -> str:
    """``message`` (click's English) in the current language."""
    key = MESSAGES.get(message)
    if key is None:
        return message
    return catalog(get_language()).get(f"{PREFIX}.{key}", message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a click message in the current language."""
    form, english = ("one", singular) if count == 1 else ("other", plural)
    key = PLURALS.get(singular)
    if key is None:
        return english
    return catalog(get_language()).get(f"{PREFIX}.{key}.{form}", english)


def install() -> None:
    """Make click's messages follow the language of :mod:`inventory.i18n` from now on."""
    for module in MODULES:
        module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
