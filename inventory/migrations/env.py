"""Alembic environment: runs migrations on the connection handed over by inventory.migrate."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("metadata"),
    # SQLite alters tables by copying them; batch mode makes Alembic do that for us.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
