"""The virtual receipt printer: decode ESC/POS, keep receipts as text and pictures."""
