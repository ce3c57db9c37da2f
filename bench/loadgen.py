"""A closed-loop HTTP/1.1 load generator cheap enough not to be what is measured.

Each simulated client is its own process (no GIL shared between clients) holding one
keep-alive connection to 127.0.0.1. Requests are encoded once, up front; a response is
read with a few `recv` calls and one header scan (Content-Length or chunked). A client
sends its next request as soon as the previous answer is complete, for a bounded time
and a bounded count. Each client reports its latencies, its failures and the CPU time it
spent, so the run can show that the generator was not the bottleneck.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"  # the only address this generator talks to


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    accept: str


def encode_get(path: str, port: int, query: Query, tag: str | None = None) -> bytes:
    """The request; with a `tag`, the query text ends with a comment naming it (so every
    request is a query the server has not seen) and asks for a fresh answer."""
    text = query.text if tag is None else f"{query.text}\n# {tag}"
    target = f"{path}?{urlencode({'query': text})}"
    fresh = "" if tag is None else "Cache-Control: no-cache\r\n"
    return (f"GET {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: {query.accept}\r\n"
            f"{fresh}Connection: keep-alive\r\n\r\n").encode()


def distinct_requests(path: str, port: int, queries: list[Query], client: int,
                      count: int) -> tuple[list[bytes], list[str]]:
    """`count` requests cycling through `queries`, each with its own text."""
    picked = [queries[j % len(queries)] for j in range(count)]
    return ([encode_get(path, port, q, f"c{client}-{j}") for j, q in enumerate(picked)],
            [q.name for q in picked])


class Connection:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buf = b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((HOST, self.port), timeout=60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        return sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def roundtrip(self, request: bytes) -> tuple[int, bytes]:
        if self.sock is None:
            self.sock = self._connect()
        try:
            self.sock.sendall(request)
            return self._read()
        except (ConnectionError, TimeoutError):
            self.close()  # a connection the server closed while idle: retry once
            self.sock = self._connect()
            self.sock.sendall(request)
            return self._read()

    def _recv(self) -> bytes:
        assert self.sock is not None
        data = self.sock.recv(262144)
        if not data:
            raise ConnectionError("server closed the connection")
        return data

    def _read(self) -> tuple[int, bytes]:
        buf = self.buf
        while (end := buf.find(b"\r\n\r\n")) < 0:
            buf += self._recv()
        head = buf[:end].lower()
        status = int(head[9:12])
        rest = buf[end + 4:]
        close = b"\r\nconnection: close" in head
        if (at := head.find(b"\r\ncontent-length:")) >= 0:
            length = int(head[at + 17:head.find(b"\r\n", at + 2) if
                              head.find(b"\r\n", at + 2) >= 0 else None])
            while len(rest) < length:
                rest += self._recv()
            body, self.buf = rest[:length], rest[length:]
        elif b"\r\ntransfer-encoding: chunked" in head:
            body = self._chunked(rest)
        else:  # no length: the body runs to the end of the connection
            chunks = [rest]
            try:
                while data := self.sock.recv(262144):  # type: ignore[union-attr]
                    chunks.append(data)
            except ConnectionError:
                pass
            body, close = b"".join(chunks), True
        if close:
            self.close()
        return status, body

    def _chunked(self, rest: bytes) -> bytes:
        parts = []
        while True:
            while (eol := rest.find(b"\r\n")) < 0:
                rest += self._recv()
            size = int(rest[:eol].split(b";")[0], 16)
            need = eol + 2 + size + 2
            while len(rest) < need:
                rest += self._recv()
            if size == 0:
                # no trailers are sent by either server: the final CRLF ends the body
                self.buf = rest[need:]
                return b"".join(parts)
            parts.append(rest[eol + 2:eol + 2 + size])
            rest = rest[need:]


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)  # seconds, measured requests
    errors: dict[str, int] = field(default_factory=dict)  # "name status" -> count
    cpu: float = 0.0  # this client's CPU seconds while measuring
    requests: int = 0
    began: float = 0.0  # time.monotonic() (system-wide) when measuring began and ended
    ended: float = 0.0


def _client(port: int, requests: list[bytes], names: list[str], offset: int,
            warmup: float, duration: float, max_requests: int, start: float,
            out: mp.Queue, distinct: tuple[str, list[Query], int, int] | None = None) -> None:
    if distinct is not None:  # built here, in the client's own process, before the start
        path, queries, client, clients = distinct
        requests, names = distinct_requests(path, port, queries, client,
                                            max(5_000, 60_000 // clients))
    conn = Connection(port)
    result = ClientResult()
    n = len(requests)
    i = offset
    now = time.perf_counter
    try:
        while time.time() < start:
            time.sleep(0.001)
        warm_end = now() + warmup
        while now() < warm_end:  # warm-up: same traffic, not recorded
            conn.roundtrip(requests[i % n])
            i += 1
        cpu0 = sum(os.times()[:2])
        result.began = time.monotonic()
        end = now() + duration
        lat = result.latencies
        while result.requests < max_requests:
            t0 = now()
            if t0 >= end:
                break
            k = i % n
            status, _body = conn.roundtrip(requests[k])
            lat.append(now() - t0)
            if status != 200:
                key = f"{names[k]} {status}"
                result.errors[key] = result.errors.get(key, 0) + 1
            result.requests += 1
            i += 1
        result.cpu = sum(os.times()[:2]) - cpu0
        result.ended = time.monotonic()
    except Exception as err:  # reported, not raised: the run goes on and says so
        result.errors[f"client {type(err).__name__}: {err}"] = 1
    finally:
        conn.close()
    out.put(result)


@dataclass
class RunResult:
    concurrency: int
    latencies: list[float]
    wall: float
    errors: dict[str, int]
    client_cpu: float

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def qps(self) -> float:
        return self.count / self.wall if self.wall else 0.0

    def percentile(self, p: float) -> float:
        """Latency in milliseconds at percentile p (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    @property
    def client_cpu_us(self) -> float:
        """The generator's own CPU microseconds per request (all clients)."""
        return self.client_cpu / self.count * 1e6 if self.count else float("nan")


def run(port: int, path: str, queries: list[Query], concurrency: int, duration: float,
        warmup: float, max_requests: int = 200_000, uncached: bool = False) -> RunResult:
    """`concurrency` clients cycle through `queries` for `duration` seconds each;
    `uncached`: every request a distinct text with `Cache-Control: no-cache`."""
    requests = [encode_get(path, port, q) for q in queries]
    names = [q.name for q in queries]
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    start = time.time() + 0.2 + 0.02 * concurrency  # all clients start together
    per_client = max(1, max_requests // concurrency)
    procs = [ctx.Process(target=_client, daemon=True,
                         args=(port, requests, names, (c * 7) % len(requests), warmup,
                               duration, per_client, start, out,
                               (path, queries, c, concurrency) if uncached else None))
             for c in range(concurrency)]
    for p in procs:
        p.start()
    results = [out.get(timeout=warmup + duration + 120) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    for r in results:
        latencies.extend(r.latencies)
        for key, count in r.errors.items():
            errors[key] = errors.get(key, 0) + count
    ran = [r for r in results if r.ended]
    wall = (max(r.ended for r in ran) - min(r.began for r in ran)) if ran else 0.0
    return RunResult(concurrency, latencies, wall, errors, sum(r.cpu for r in results))
