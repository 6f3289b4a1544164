"""The store manager's commands: receiving, consignment, counts, transfers, reorder, labels."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add the manager's command groups to ``main``."""
    from pos.cli import consignment, count, receive, shelf_tools, transfer

    main.add_command(receive.receive)
    main.add_command(consignment.consignment)
    main.add_command(count.count)
    main.add_command(transfer.transfer)
    main.add_command(shelf_tools.reorder)
    main.add_command(shelf_tools.labels)
    main.add_command(shelf_tools.certs)
    main.add_command(shelf_tools.units)
