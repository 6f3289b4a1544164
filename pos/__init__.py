"""The cashier side of an outlet: sales, tenders, shifts, staff, receipts, config and the CLI."""
