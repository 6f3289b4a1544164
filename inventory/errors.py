"""The root of expected failures: errors that carry a translatable message a person can act on."""

from __future__ import annotations

from inventory.i18n import t


class NttMartError(Exception):
    """An expected failure (bad input, unknown barcode, locked account...).

    It carries a message key and its parameters rather than a rendered string, so the same error
    reads in Indonesian or English wherever it is shown. ``str(error)`` renders it in the current
    language. Unexpected failures are ordinary exceptions and go to the log, not to the cashier.
    """

    exit_code = 1

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.params)


class NotFoundError(NttMartError):
    """Something the user named (a barcode, a SKU, a receipt) does not exist."""


class InvalidInputError(NttMartError):
    """Input that breaks a rule: a wrong check digit, a negative quantity, a malformed amount."""


class ConflictError(NttMartError):
    """The request contradicts what is stored (a duplicate barcode, a used receipt number)."""


class ConfigError(NttMartError):
    """A configuration file or environment override that cannot be used."""

    exit_code = 2
