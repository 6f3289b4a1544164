"""Jinja2 templates and the stylesheet of the web console (package data)."""
