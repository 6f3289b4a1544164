"""The store manager's screens: receiving, counts, adjustments, consignment, transfers, labels."""
