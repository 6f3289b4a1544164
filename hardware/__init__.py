"""Device adapters: receipt printers, scanners, customer display and cash drawer."""
