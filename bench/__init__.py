"""Benchmarks of NTT Mart POS: run them all with ``python -m bench``."""
