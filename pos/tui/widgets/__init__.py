"""Widgets of the cashier app, grouped by the screen area they fill."""
