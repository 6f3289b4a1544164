"""Small modal dialogs of the cashier app, each returning a typed result through ``dismiss``."""
