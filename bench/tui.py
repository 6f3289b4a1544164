"""Cashier app figures with a large catalog (default 100,000 products), each against a bare
Textual app (one focused ``Input`` whose Enter handler keeps the value) measured the same way:

- scan to cart updated: 13 digits and Enter sent as one burst of key events, until the cart (and
  its table and totals, updated in the same handler) holds the product; p99 within 1.5x of the
  bare app's Enter-to-handled;
- start to ready: a fresh process until the first screen is up with its input focused (the login
  screen for the till, whose outlet then opens behind it, as ``nttmart pos`` runs it); median
  within 1.5x of the bare app's;
- the same start as the cashier gets it: ``nttmart pos`` in a pseudo-terminal until the login
  screen shows, against the bare app run in a pseudo-terminal until its field shows;
- peak memory (max RSS) of that process after the scans; within 40 MB of the bare app's.

Every figure comes from separate child processes (``python -m bench.tui child ...``) so that
imports, caches and memory of one app never help or burden the other.

Run: ``python -m bench.tui [--products N] [--scans N] [--starts N]`` (or ``python -m bench``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Nothing of the project at module level: the bare app's processes import this module, and their
# start and memory must be Textual's alone (bench.common would bring SQLAlchemy and the models).

QUICK = {"products": 2_000, "scans": 200, "starts": 3}
WARMUP = 20
SIZE = (100, 30)
CART_LINES = 25
"""Scans per cart: a new cart (untimed) after this many lines, as at a real counter."""


# -- the outlet --------------------------------------------------------------------------------


def build_outlet(folder: Path, products: int) -> Path:
    """A config and outlet database with ``products`` products, demo staff and an open shift."""
    from bench.common import fresh_store, stamp
    from inventory.catalog_io import apply_rows
    from inventory.clock import SystemClock
    from pos.config import DatabaseSettings, OutletSettings, Settings, render_config
    from pos.context import OutletContext
    from pos.demo import seed_staff, synthetic_rows
    from pos.shifts import open_shift

    config = folder / "config.toml"
    settings = Settings(
        outlet=OutletSettings(code="BEN", name="Bench"),
        database=DatabaseSettings(path=Path("outlet.db")),
        base_dir=folder,
    )
    config.write_text(render_config(settings), encoding="utf-8")
    store = fresh_store(folder / "outlet.db", code="BEN")
    with store.write() as session:
        apply_rows(session, stamp(), synthetic_rows(products))
        seed_staff(session, stamp())
    open_shift(
        OutletContext(settings=settings, store=store, clock=SystemClock()),
        cashier="kasir",
        opening_float=500_000,
    )
    store.close()
    return config


def scan_codes(products: int, count: int) -> list[str]:
    """``count`` barcodes of random synthetic products."""
    from inventory.barcodes import with_check_digit

    rng = random.Random(3)
    return [with_check_digit(f"8998{rng.randrange(1, products + 1):08d}") for _ in range(count)]


# -- the child process ---------------------------------------------------------------------------


def _bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class BareApp(App[None]):
        """A bare Textual app: one focused Input; Enter keeps the value and empties the field."""

        def __init__(self) -> None:
            super().__init__()
            self.handled: list[str] = []

        def compose(self) -> ComposeResult:
            yield Input(id="field", placeholder=BARE_MARK)

        def on_mount(self) -> None:
            self.query_one(Input).focus()

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.handled.append(event.value)
            event.input.value = ""

    return BareApp()


def _send(app: Any, text: str, *, enter: bool = True) -> None:
    """Queue ``text`` and Enter as key events in one burst, as a keyboard-wedge scanner does."""
    from textual import events

    keys = [events.Key(char, char) for char in text]
    if enter:
        keys.append(events.Key("enter", "\r"))
    for event in keys:
        event.set_sender(app)
        app._driver.send_message(event)


async def _until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(0)


def peak_rss_kb() -> int:
    """This process's own peak resident memory in KB.

    ``getrusage(RUSAGE_SELF).ru_maxrss`` will not do on Linux: it keeps the high-water mark
    across ``exec``, so a child started by the bench reports the bench's own peak (which holds a
    100,000-product catalog it has just written) whenever that is higher than its own. The
    kernel's ``VmHWM`` belongs to the process's current memory map, which ``exec`` replaces.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(kind: str, config: Path | None, scans: int, products: int) -> None:
    """Start one app, report ``ready`` on stdout, optionally time scans, report memory."""
    from textual.widgets import Input

    if kind == "bare":
        app = _bare_app()
    else:
        # As ``nttmart --config FILE pos`` builds it: the login screen first, the outlet opened
        # behind it.
        assert config is not None
        from inventory.i18n import set_language
        from pos.cli.help_text import cli_language
        from pos.cli.state import CliState
        from pos.cli.till import pos_app

        set_language(cli_language(["--config", str(config)]))
        app = pos_app(CliState(config_option=str(config), lang=None))

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await _until(lambda: isinstance(app.focused, Input))
            print(json.dumps({"ready": True}), flush=True)
            samples = await (
                _scan_bare(app, pilot, scans, products)
                if kind == "bare"
                else _scan_till(app, pilot, scans, products)
            )
            print(json.dumps({"samples_ms": samples, "maxrss_kb": peak_rss_kb()}), flush=True)

    asyncio.run(drive())


async def _scan_bare(app: Any, pilot: Any, scans: int, products: int) -> list[float]:
    samples = []
    for i, code in enumerate(scan_codes(products, scans + WARMUP)):
        await pilot.pause()  # the screen is drawn and the app idle, as between two customers' scans
        before = len(app.handled)
        start = time.perf_counter()
        _send(app, code)
        await _until(lambda before=before: len(app.handled) > before)
        if i >= WARMUP:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


async def _scan_till(app: Any, pilot: Any, scans: int, products: int) -> list[float]:
    from textual.widgets import Input

    from pos.tui.screens.sale import SaleScreen

    # Log in (the shift is open): straight to the sale screen.
    _send(app, "kasir", enter=False)
    await pilot.pause()
    await pilot.press("tab")
    _send(app, "1234")
    await _until(lambda: isinstance(app.screen, SaleScreen) and isinstance(app.focused, Input))
    screen = app.screen
    await pilot.pause()

    def quantity() -> int:
        cart = app.till.cart
        return 0 if cart is None else sum(line.quantity for line in cart.lines)

    samples = []
    for i, code in enumerate(scan_codes(products, scans + WARMUP)):
        if app.till.cart is not None and len(app.till.cart.lines) >= CART_LINES:
            app.till.cart = None  # the next customer (untimed)
            screen.refresh_cart()
        await pilot.pause()  # the screen is drawn and the app idle, as between two scans
        before = quantity()
        start = time.perf_counter()
        _send(app, code)
        await _until(lambda before=before: quantity() > before)
        if i >= WARMUP:
            samples.append((time.perf_counter() - start) * 1000)
    assert app.bells == 0, "a bench scan was refused"
    return samples


# -- the parent ----------------------------------------------------------------------------------


def _command(kind: str, config: Path | None, scans: int, products: int) -> list[str]:
    command = [sys.executable, "-m", "bench.tui", "child", kind, "--scans", str(scans)]
    command += ["--products", str(products)]
    if config is not None:
        command += ["--config", str(config)]
    return command


def time_to_ready(kind: str, config: Path | None, products: int) -> float:
    """Seconds from starting a fresh process to the app's first screen being ready."""
    start = time.perf_counter()
    process = subprocess.Popen(
        _command(kind, config, 0, products), stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    ready = time.perf_counter() - start
    assert json.loads(line)["ready"], line
    process.stdout.read()
    process.wait(timeout=60)
    return ready


BARE_MARK = "bare-app-ready"
"""What the bare app shows once it is up (its Input's placeholder), watched for in a terminal."""


def time_in_terminal(command: list[str], mark: bytes) -> float:
    """Seconds from starting ``command`` in a fresh pseudo-terminal (as a cashier's terminal
    runs it) until ``mark`` appears on its screen; the process is then killed."""
    import os
    import pty
    import select
    import signal

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command, on the terminal's size
        os.environ.update(TERM="xterm-256color", COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))
        os.execv(command[0], command)
    seen = b""
    try:
        while mark not in seen:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                raise RuntimeError(f"{command} showed no {mark!r} within 60 s")
            seen = seen[-4096:] + os.read(fd, 65536)
        return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def _terminal_bare() -> None:
    """The bare app on a real terminal (``python -m bench.tui terminal-bare``)."""
    _bare_app().run()


def scanned(kind: str, config: Path | None, scans: int, products: int) -> dict[str, Any]:
    """Scan latencies (ms) and peak memory (KB) of one child process."""
    result = subprocess.run(
        _command(kind, config, scans, products),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    found: dict[str, Any] = lines[-1]
    return found


def run(
    products: int = 100_000, scans: int = 1_000, starts: int = 7, folder: Path | None = None
) -> None:
    """Build the outlet, then print every figure beside its bare-app baseline."""
    from bench.common import percentile, verdict

    work = Path(folder or tempfile.mkdtemp(prefix="nttmart-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"== cashier app bench: {products:,} products in {work}")
    config = build_outlet(work, products)

    bare_ready = statistics.median(time_to_ready("bare", None, products) for _ in range(starts))
    till_ready = statistics.median(time_to_ready("till", config, products) for _ in range(starts))
    ratio = till_ready / bare_ready
    print(
        f"start to ready (median of {starts} processes): till {till_ready * 1000:.0f} ms "
        f"(login screen), bare Textual app {bare_ready * 1000:.0f} ms; "
        f"ratio {ratio:.2f} (target <= 1.5: {verdict(ratio <= 1.5)})"
    )

    # The same start as the cashier runs it: ``nttmart pos`` in a terminal, command line,
    # settings, devices and all, until the login screen shows, against the bare app run the same.
    nttmart = str(Path(sys.executable).with_name("nttmart"))
    bare_cmd = [sys.executable, "-m", "bench.tui", "terminal-bare"]
    till_cmd = [nttmart, "--config", str(config), "--lang", "id", "pos"]
    bare_tty = statistics.median(
        # From its second letter: the focused field's cursor sits on the first one.
        time_in_terminal(bare_cmd, BARE_MARK[1:].encode())
        for _ in range(starts)
    )
    till_tty = statistics.median(time_in_terminal(till_cmd, b"Masuk kasir") for _ in range(starts))
    ratio = till_tty / bare_tty
    print(
        f"`nttmart pos` in a terminal to the login screen (median of {starts}): "
        f"{till_tty * 1000:.0f} ms, bare app in a terminal {bare_tty * 1000:.0f} ms; "
        f"ratio {ratio:.2f} (target <= 1.5: {verdict(ratio <= 1.5)})"
    )

    bare = scanned("bare", None, scans, products)
    till = scanned("till", config, scans, products)
    bare_p99 = percentile(bare["samples_ms"], 0.99)
    till_p99 = percentile(till["samples_ms"], 0.99)
    ratio = till_p99 / bare_p99
    print(
        f"scan to cart updated ({scans} scans, 13 digits + Enter in one burst): till median "
        f"{statistics.median(till['samples_ms']):.2f} ms, p99 {till_p99:.2f} ms; bare Enter "
        f"handled median {statistics.median(bare['samples_ms']):.2f} ms, p99 {bare_p99:.2f} ms; "
        f"p99 ratio {ratio:.2f} (target <= 1.5: {verdict(ratio <= 1.5)})"
    )

    extra_mb = (till["maxrss_kb"] - bare["maxrss_kb"]) / 1024
    print(
        f"peak memory after the scans: till {till['maxrss_kb'] / 1024:.1f} MB, bare "
        f"{bare['maxrss_kb'] / 1024:.1f} MB; difference {extra_mb:.1f} MB "
        f"(target <= 40 MB: {verdict(extra_mb <= 40)})"
    )


def main() -> None:
    """Command-line entry: ``python -m bench.tui`` (``child`` is for the bench's own use)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", nargs="?", default="run", choices=["run", "child", "terminal-bare"])
    parser.add_argument("kind", nargs="?", choices=["bare", "till"])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--scans", type=int, default=1_000)
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--dir", type=Path, default=None, help="Folder for the bench outlet.")
    args = parser.parse_args()
    if args.mode == "terminal-bare":
        _terminal_bare()
    elif args.mode == "child":
        child(args.kind, args.config, args.scans, args.products)
    else:
        run(args.products, args.scans, args.starts, args.dir)


if __name__ == "__main__":
    main()
