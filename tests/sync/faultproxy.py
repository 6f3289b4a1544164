"""A small asyncio TCP proxy that breaks connections on purpose, at random or on cue.

It sits between the sync client and the central server on loopback and, per HTTP request (the
first bytes a client sends after a response began), picks a fault:

- ``reset``: the connection is reset before the request reaches the server;
- ``close_halfway``: half of the request is forwarded, then both sides are closed;
- ``stall``: the request reaches the server, the answer is held back until the client gives up;
- ``cut_response``: the server's answer is cut off part-way and the connection reset, after the
  server has done the work, which is the case idempotent ingest exists for;
- ``latency``: every chunk of the exchange is delayed;
- ``hold`` (on cue only): the answer waits until :meth:`FaultProxy.release` (``holding`` is set
  meanwhile), for tests that act while a request is in flight.

Faults come from :meth:`FaultProxy.cue` first (in order), then at random with the configured
probabilities from a seeded generator.
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
from enum import StrEnum


class Fault(StrEnum):
    """What happens to one request."""

    NONE = "none"
    RESET = "reset"
    CLOSE_HALFWAY = "close_halfway"
    STALL = "stall"
    CUT_RESPONSE = "cut_response"
    LATENCY = "latency"
    HOLD = "hold"


class _Abort(Exception):
    pass


@dataclass
class _Exchange:
    fault: Fault = Fault.NONE
    awaiting_response: bool = False


@dataclass
class FaultProxy:
    """Forward ``127.0.0.1:port`` to ``upstream_port``, injecting faults."""

    upstream_port: int
    probabilities: dict[Fault, float] = field(default_factory=dict)
    seed: int = 0
    stall_seconds: float = 3.0
    latency_seconds: float = 0.02
    counts: Counter[Fault] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._cues: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.Server | None = None
        self.holding = threading.Event()
        self._released = threading.Event()
        self.port = 0

    # --- control, from any thread ----------------------------------------------------------

    def cue(self, *faults: Fault) -> None:
        """Apply ``faults`` to the next requests, in order, before any random ones."""
        with self._lock:
            self._cues.extend(faults)

    def set_probabilities(self, probabilities: dict[Fault, float]) -> None:
        """Change the random faults from now on (``{}``: none)."""
        with self._lock:
            self.probabilities = dict(probabilities)

    def release(self) -> None:
        """Let held answers go."""
        self._released.set()

    def start(self) -> FaultProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._shutdown)
        self._thread.join(10)

    # --- the proxy -------------------------------------------------------------------------

    def _choose(self) -> Fault:
        with self._lock:
            if self._cues:
                fault = self._cues.popleft()
            else:
                fault, roll = Fault.NONE, self._rng.random()
                for candidate, chance in self.probabilities.items():
                    if roll < chance:
                        fault = candidate
                        break
                    roll -= chance
            self.counts[fault] += 1
            return fault

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stopped.wait()
        self._server.close()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()

    def _shutdown(self) -> None:
        self._stopped.set()

    @staticmethod
    def _reset(writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            # Linger 0: close() sends RST instead of FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            self._reset(client_w)
            return
        exchange = _Exchange()
        upstream = asyncio.ensure_future(self._upstream(client_r, server_w, exchange))
        downstream = asyncio.ensure_future(self._downstream(server_r, client_w, exchange))
        try:
            done, pending = await asyncio.wait(
                {upstream, downstream}, return_when=asyncio.FIRST_EXCEPTION
            )
            if upstream in done and upstream.exception() is None:
                # The client finished sending: let the answer finish too.
                await downstream
            for task in pending:
                task.cancel()
        except (_Abort, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            for task in (upstream, downstream):
                task.cancel()
            aborted = any(
                t.done() and not t.cancelled() and isinstance(t.exception(), _Abort)
                for t in (upstream, downstream)
            )
            if aborted:
                self._reset(client_w)
                self._reset(server_w)
            else:
                client_w.close()
                server_w.close()

    async def _upstream(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, exchange: _Exchange
    ) -> None:
        while data := await reader.read(65536):
            if not exchange.awaiting_response:
                exchange.awaiting_response = True
                exchange.fault = self._choose()
                if exchange.fault is Fault.RESET:
                    raise _Abort
            if exchange.fault is Fault.CLOSE_HALFWAY:
                writer.write(data[: len(data) // 2])
                await writer.drain()
                raise _Abort
            if exchange.fault is Fault.LATENCY:
                await asyncio.sleep(self.latency_seconds)
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    async def _downstream(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, exchange: _Exchange
    ) -> None:
        while data := await reader.read(65536):
            exchange.awaiting_response = False
            if exchange.fault is Fault.HOLD:
                self.holding.set()
                await asyncio.get_running_loop().run_in_executor(None, self._released.wait, 60)
            if exchange.fault is Fault.STALL:
                await asyncio.sleep(self.stall_seconds)
                raise _Abort
            if exchange.fault is Fault.CUT_RESPONSE:
                writer.write(data[: self._rng.randint(0, max(0, len(data) - 1))])
                await writer.drain()
                raise _Abort
            if exchange.fault is Fault.LATENCY:
                await asyncio.sleep(self.latency_seconds)
            writer.write(data)
            await writer.drain()
