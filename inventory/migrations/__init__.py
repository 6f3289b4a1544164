"""Alembic migrations of the outlet database."""
