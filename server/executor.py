"""The pool of executor processes the HTTP process hands queries to, and their time limit.

pyoxigraph's `query()` runs in Rust until it is done and cannot be cancelled from a
thread, so every operation on the store runs in a small pool of processes (pebble's
`ProcessPool`, made for this) and the request's thread waits for its future. When a
request's time limit passes - counted from its arrival, so waiting in the queue counts -
its future is cancelled: a queued job is dropped, and a running one has its process
killed, which pebble replaces. The request gets a 503; no other request is touched.

The pool is created on first use in each HTTP worker process (processes and threads do
not survive a fork), with the `forkserver` start method: executors start from a clean
single-threaded process, not a copy of the HTTP server's threads.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from server.errors import EndpointError, QueryTimeout

T = TypeVar("T")


class Executor:
    """`run(fn, *args, started=...)`: fn(*args) in an executor process, within the limit."""

    def __init__(self, processes: int, time_limit: float) -> None:
        self.processes = processes
        self.time_limit = time_limit
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def pool(self) -> ProcessPool:
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    context = multiprocessing.get_context("forkserver")
                    context.set_forkserver_preload(["server.engine"])  # imported once
                    self._pool = ProcessPool(max_workers=self.processes, context=context,
                                             initializer=_die_on_sigterm)
                    # stopped before multiprocessing waits for its children at exit
                    multiprocessing.util.Finalize(self, self.close, exitpriority=10)
        return self._pool

    def start(self) -> None:
        """Start the processes now, so the first requests do not wait for them."""
        futures = [self.pool().schedule(_ready) for _ in range(self.processes)]
        for future in futures:
            future.result(timeout=60)

    def run(self, fn: Callable[..., T], *args: Any, started: float) -> T:
        try:
            future = self.pool().schedule(fn, args=args)
        except RuntimeError:  # pebble's pool broke (its processes could not start): anew
            with self._lock:
                self._pool = None
            future = self.pool().schedule(fn, args=args)
        remaining = self.time_limit - (time.monotonic() - started)
        try:
            return future.result(timeout=max(remaining, 0.0))
        except TimeoutError:
            future.cancel()  # pebble kills the process if the job is running
            raise QueryTimeout(
                f"query stopped: it ran past this server's {self.time_limit:g} s time "
                "limit. Narrow it (a LIMIT, a more selective pattern) and try again.") from None
        except (ProcessExpired, CancelledError) as err:
            raise EndpointError(f"the query's executor process ended unexpectedly ({err}); "
                                "other queries are unaffected") from None

    def close(self) -> None:
        """Stop the processes (tests; a server's end stops them with it)."""
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()


def _ready() -> bool:
    return True


def _die_on_sigterm() -> None:
    """pebble stops a process with SIGTERM and a Python handler, which cannot run while
    the engine is in Rust: pebble would wait 3 s before SIGKILL, holding the lock every
    executor takes its next job under. The default action ends the process at once.
    And an executor whose server was killed outright (its forkserver then exits) ends
    too, rather than lingering with the store open."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)
