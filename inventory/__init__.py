"""The base layer of an outlet: local database, money, catalog, barcodes and the stock ledger."""
