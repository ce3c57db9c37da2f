"""A query time limit that really stops the work.

pyoxigraph's `query()` cannot be cancelled: it runs in Rust (with the GIL released) until
it is done. So every evaluation is registered with a monitor thread (one per worker
process, started after gunicorn forks); when a deadline passes before the handler
disarms it, the monitor writes a complete 503 response straight to the client socket
(gunicorn puts it in the WSGI environ) and ends the worker process with `os._exit`. The
gunicorn master starts a fresh worker at once. The handler buffers the whole response
before disarming, so a client never gets a cut-off body: the full result, or the 503.

One long-lived thread that polls a few times a second costs a request a lock and a dict
insert; a timer thread per request would cost a thread start, a tenth of a millisecond.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType

EXIT_TIMEOUT = 75  # the worker's exit status after a timeout (not one gunicorn halts on)
TICK = 0.05  # seconds between the monitor's looks at the deadlines


def raw_response(status: str, body: str, headers: dict[str, str]) -> bytes:
    """A complete HTTP/1.1 response, closing the connection, for a bare socket."""
    data = body.encode()
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/plain; charset=utf-8",
             f"Content-Length: {len(data)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data


class Watchdog:
    """Context manager: `with Watchdog(...) as dog: ...; dog.disarm()` before responding."""

    def __init__(self, seconds: float, sock: socket.socket | None, response: bytes,
                 on_fire: Callable[[], None] = lambda: None) -> None:
        self.deadline = time.monotonic() + seconds
        self.sock = sock
        self.response = response
        self.on_fire = on_fire

    def __enter__(self) -> Watchdog:
        if self.sock is not None:  # without the socket we could not answer: no kill
            _monitor().arm(self)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.disarm()

    def disarm(self) -> None:
        """Called once the response is ready; blocks forever if the deadline has fired."""
        if self.sock is not None:
            _monitor().disarm(self)

    def fire(self) -> None:
        """Answer 503 on the raw socket and end this worker process."""
        try:
            assert self.sock is not None
            self.sock.sendall(self.response)
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client left; the worker must end all the same
        try:
            self.on_fire()
        finally:
            os._exit(EXIT_TIMEOUT)


class _Monitor:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.armed: dict[int, Watchdog] = {}
        self.thread = threading.Thread(target=self._run, name="rskg-watchdog", daemon=True)
        self.thread.start()

    def arm(self, dog: Watchdog) -> None:
        with self.lock:
            self.armed[id(dog)] = dog

    def disarm(self, dog: Watchdog) -> None:
        with self.lock:  # held by `fire` forever: a late handler never writes
            self.armed.pop(id(dog), None)

    def _run(self) -> None:
        while True:
            time.sleep(TICK)
            now = time.monotonic()
            with self.lock:
                for dog in self.armed.values():
                    if dog.deadline <= now:
                        dog.fire()


_MONITORS: dict[int, _Monitor] = {}
_CREATING = threading.Lock()


def _monitor() -> _Monitor:
    """This process's monitor; a forked child starts its own (threads do not survive fork)."""
    pid = os.getpid()
    monitor = _MONITORS.get(pid)
    if monitor is None:
        with _CREATING:
            monitor = _MONITORS.get(pid) or _MONITORS.setdefault(pid, _Monitor())
    return monitor
