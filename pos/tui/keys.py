"""Footer bindings in the cashier's language: binding descriptions are message keys."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from inventory.i18n import t


def translate_bindings(node: DOMNode) -> None:
    """Render the descriptions of ``node``'s bindings (message keys) in the current language.

    Bindings are declared once per class, before the outlet's language is known, so each screen
    translates its own copy when it is created.
    """
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [_translated(binding) for binding in bindings]


def _translated(binding: Binding) -> Binding:
    if "." not in binding.description:
        return binding
    return replace(binding, description=t(binding.description))
