"""`serve(settings)`: the Flask application on granian, a Rust HTTP server (hyper).

granian parses HTTP and holds every connection in its async runtime, so a slow request
head, an idle keep-alive connection or a client that stops half-way through its body
costs that connection only; malformed framing (bare CR, a NUL, conflicting lengths,
oversize or too many header fields) is refused by hyper with a 4xx before any Python
runs. The application is served through granian's ASGI interface, not its WSGI one,
because a WSGI application reads the body from its worker thread: eight clients sending
half a body would hold eight threads. Here `WsgiOverAsgi` reads the whole body on the
event loop first (within the body cap and the client time limit, a broken chunked body
is a 400), and only then runs the Flask application in a thread. The application in
turn hands queries to executor processes (server/executor.py).
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

from a2wsgi.wsgi import build_environ
from granian import Granian
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels

from kg.store import require_current_build
from server.settings import Settings

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
WSGIApp = Callable[[dict, Callable[..., Any]], Any]
HEAD_BUFFER = 16 * 1024  # bytes of request line and header fields at most (431 beyond)
EXTRA_THREADS = 8  # application threads beyond one per executor (pages, health, errors)


class WsgiOverAsgi:
    """The WSGI application as an ASGI one, the body read whole on the event loop first.

    One thread hop each way per request: the environ is a2wsgi's (`build_environ`), the
    call and the reading of a buffered answer happen in one pool thread, and the answer
    is sent from the loop. a2wsgi's own middleware streams the body from the thread and
    moves every response message through a queue: it cost ~0.5 ms a request more."""

    def __init__(self, app: WSGIApp, cap: int, timeout: float, threads: int) -> None:
        self.app, self.cap, self.timeout = app, cap, timeout
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="rskg-app")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return None
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.cap:
            return await _plain(send, 413, f"request body of {int(length)} bytes is over "
                                f"this server's limit of {self.cap} bytes")
        try:
            body = await asyncio.wait_for(self._read(receive), self.timeout)
        except TimeoutError:
            return await _plain(send, 408, f"the request body did not arrive within "
                                f"{self.timeout:g} s")
        except _BodyError as err:
            return await _plain(send, err.status, str(err))
        loop = asyncio.get_running_loop()
        status, headers, chunks = await loop.run_in_executor(self.pool, self._call, scope, body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if isinstance(chunks, bytes):
            return await send({"type": "http.response.body", "body": chunks})
        try:  # a streamed answer (a download): one chunk at a time from the thread
            while (chunk := await loop.run_in_executor(self.pool, next, chunks, None)) is not None:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await loop.run_in_executor(self.pool, _close, chunks)
        return None

    def _call(self, scope: Scope, body: bytes) -> tuple[int, list, bytes | Iterator[bytes]]:
        started: list = []

        def start_response(status: str, headers: list, exc_info: Any = None) -> None:
            started[:] = [int(status[:3]), [(k.lower().encode("latin-1"), v.encode("latin-1"))
                                             for k, v in headers]]

        # a2wsgi types its scope and body narrowly; this is the ASGI scope it expects
        environ = build_environ(cast(Any, scope), cast(Any, io.BytesIO(body)))
        result = self.app(cast(Any, environ), start_response)
        if isinstance(result, list | tuple):
            _close(result)
            return started[0], started[1], b"".join(result)
        return started[0], started[1], iter(result)

    async def _read(self, receive: Receive) -> bytes:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _BodyError(400, "the request body ended before it was complete, or "
                                 "its chunked framing is malformed")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.cap:
                raise _BodyError(413, f"request body over this server's limit of "
                                 f"{self.cap} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _close(result: Any) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def _plain(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def asgi_app(settings: Settings) -> ASGIApp:
    """The Flask application (create_app) as the ASGI application granian serves."""
    from server.app import create_app

    app = create_app(settings)
    app.extensions["rskg.executor"].start()
    return WsgiOverAsgi(app, settings.body_cap, settings.client_timeout,  # type: ignore[arg-type]
                        settings.workers + EXTRA_THREADS)


def granian_server(settings: Settings) -> Any:  # granian exports its server class as a variable
    return Granian(
        "server.asgi:asgi_app",  # what granian names in its logs; the loader builds it
        address=settings.host, port=settings.port, interface=Interfaces.ASGI,
        http=HTTPModes.http1, websockets=False, workers=1,
        http1_settings=HTTP1Settings(
            header_read_timeout=int(settings.client_timeout * 1000),
            max_buffer_size=HEAD_BUFFER),
        log_level=LogLevels.warning,
        respawn_failed_workers=True,
    )


def serve(settings: Settings) -> None:
    """Serve until interrupted. Raises kg.store.StoreError when there is no build yet."""
    require_current_build(settings.store)
    print(f"rskg: serving {settings.store} at {settings.url}", flush=True)
    sys.stdout.flush()
    granian_server(settings).serve(target_loader=lambda _target: asgi_app(settings))
