"""Run every benchmark and print its figures: ``python -m bench [--quick]``."""

from __future__ import annotations

import argparse
import importlib
import time

# Each module has run(**options) printing its own figures and baselines.
BENCHES = (
    "bench.catalog",
    "bench.checkout",
    "bench.tui",
    "bench.receipt_print",
    "bench.manager",
    "bench.sync_push",
    "bench.central_reports",
    "bench.campaign",
    "bench.recon",
    "bench.reports",
    "bench.console",
)


def main() -> None:
    """Run the benches named on the command line, or all of them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="Bench modules to run (default: all).")
    parser.add_argument(
        "--quick", action="store_true", help="Small sizes: a smoke run, not the real figures."
    )
    args = parser.parse_args()
    chosen = [f"bench.{n}" if not n.startswith("bench.") else n for n in args.names] or BENCHES
    for name in chosen:
        module = importlib.import_module(name)
        started = time.perf_counter()
        module.run(**(module.QUICK if args.quick else {}))
        print(f"-- {name} took {time.perf_counter() - started:.1f} s\n")


if __name__ == "__main__":
    main()
