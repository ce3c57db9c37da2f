"""The gunicorn workers: an event loop that answers cache hits and plain queries from the
raw bytes, and gunicorn's threaded worker; both answer an over-long request line with a
hinted 414.

`Worker` (the default, `KG_WORKER=loop`) is one thread per process running a selector
loop over the listening socket and its kept-alive connections. When a complete request
head has arrived it is split just far enough to build the response cache's key
(`direct.parse_head`, see cache.py): a hit is answered there and then with one
`sendall`, with no HTTP parser, no WSGI environ and no Flask. A miss of the common
shape - GET or POST to `/sparql` with a `query`, nothing gunicorn or the cache treats
specially - is answered the same way by `direct.Direct` (`KG_FAST_PATH`, on by
default), which runs the Flask view's own core (`protocol.read`, `answer_query`) and
sends the bytes Flask would have sent, fills the cache and writes the access-log line
as the Flask path does; gunicorn's parser, the WSGI environ and Flask cost several
times what the engine needs for a point lookup. Anything else goes through gunicorn's
own request parser and the WSGI application. Either way requests run inline, one at a
time per process, as with one thread per worker before: a query that runs past its
time limit gets the watchdog's 503 on its socket and ends this process only
(watchdog.py), and the master starts another.

`ThreadedWorker` (`KG_WORKER=gthread`) is gunicorn's gthread worker, kept for
`--threads` > 1 and for comparison in bench/; it has no direct path.

gunicorn reads the request line itself and caps it (8,190 bytes at most); a GET query
longer than that never reaches the application, so the 414 it answers is rewritten here
to say what to do instead, as the application's own 414 does.
"""

from __future__ import annotations

import contextlib
import errno
import os
import selectors
import socket
import time
from datetime import datetime
from typing import Any

from gunicorn import SERVER, http, util
from gunicorn.http import wsgi
from gunicorn.http.errors import LimitRequestLine, NoMoreData
from gunicorn.workers import base
from gunicorn.workers.gthread import ThreadWorker

from server.cache import (
    Entry,
    ResponseCache,
    log_hit,
    make_key,
)
from server.direct import Direct, Reply, parse_head
from server.watchdog import raw_response

HINT = ("URI Too Long: the request line is over this server's limit; send the query with "
        "POST instead (form-encoded, or Content-Type: application/sparql-query)\n")
MAX_HEAD = 64 * 1024  # a head still incomplete past this goes to gunicorn's parser (431)
MAX_BUFFERED_BODY = 256 * 1024  # a POST body the fast path waits for; larger: parser
IO_TIMEOUT = 10.0  # seconds a started request may wait on its client
RECV = 65536


class _HeadWithBody:
    """The socket as gunicorn's `Response` writes to it: the head is held back and sent
    with the first body bytes, one `sendall` (one syscall, one segment) instead of two.
    Bytes go out in the order written; whatever is still held goes out at `flush`."""

    COALESCE = 256 * 1024  # a larger first write is sent after the head, not copied onto it

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.held: bytes | None = None
        self.passed = False  # once the head is out, everything passes straight through

    def sendall(self, data: bytes) -> None:
        if self.passed:
            self.sock.sendall(data)
        elif self.held is None:
            self.held = bytes(data)  # the head: gunicorn writes it first
        else:
            held, self.held, self.passed = self.held, None, True
            if len(data) <= self.COALESCE:
                self.sock.sendall(held + data)
            else:
                self.sock.sendall(held)
                self.sock.sendall(data)

    def flush(self) -> None:
        held, self.held, self.passed = self.held, None, True
        if held:
            self.sock.sendall(held)

    def __getattr__(self, name: str) -> Any:  # anything else: the socket, after the head
        self.flush()
        return getattr(self.sock, name)


def _hinted_414(client: Any, exc: BaseException) -> bool:
    if isinstance(exc, LimitRequestLine):
        with contextlib.suppress(OSError):
            client.sendall(raw_response("414 URI Too Long", HINT, {}))
        return True
    return False


class ThreadedWorker(ThreadWorker):
    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if not _hinted_414(client, exc):
            super().handle_error(req, client, addr, exc)


class _Conn:
    __slots__ = ("addr", "buf", "last", "server", "sock")

    def __init__(self, sock: socket.socket, addr: Any, server: Any) -> None:
        self.sock = sock
        self.addr = addr
        self.server = server
        self.buf = b""
        self.last = time.monotonic()


class _Date:
    """The Date header's value, formatted once a second rather than once a request."""

    def __init__(self) -> None:
        self.second = -1
        self.value = b""

    def now(self) -> bytes:
        second = int(time.time())
        if second != self.second:
            self.second = second
            self.value = util.http_date(second).encode("latin-1")
        return self.value


class Worker(base.Worker):
    """One thread, a selector loop; cache hits answered from the raw request bytes."""

    def init_process(self) -> None:
        self._checked: tuple[Any, ...] | None = None
        self.selector = selectors.DefaultSelector()
        self.conns: dict[int, _Conn] = {}
        self.date = _Date()
        super().init_process()  # loads the application, then calls run()

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if not _hinted_414(client, exc):
            super().handle_error(req, client, addr, exc)

    # --- the loop ----------------------------------------------------------------------

    def run(self) -> None:
        extensions = getattr(self.wsgi, "extensions", {})
        cache = extensions.get("rskg.cache")
        self.cache: ResponseCache | None = cache if cache is not None and cache.enabled else None
        settings = extensions.get("rskg.settings")
        self.log_hits = bool(getattr(settings, "access_log", True))
        self.body_cap = int(getattr(settings, "body_cap", 0))
        direct = extensions.get("rskg.direct")
        # a TLS listener or a SCRIPT_NAME changes the base IRI and paths: Flask's to work out
        plain_env = not self.cfg.is_ssl and not os.environ.get("SCRIPT_NAME")
        self.direct: Direct | None = direct if plain_env else None
        for listener in self.sockets:
            listener.setblocking(False)
            self.selector.register(listener, selectors.EVENT_READ, None)
        last_sweep = time.monotonic()
        while self.alive:
            for key, _ in self.selector.select(1.0):
                if key.data is None:
                    self._accept(key.fileobj)  # type: ignore[arg-type]
                else:
                    self._readable(key.data)
            now = time.monotonic()
            if now - last_sweep >= 0.5:
                last_sweep = now
                self.notify()
                if not self.is_parent_alive():
                    break
                self._close_idle(now - max(self.cfg.keepalive, 1))
        for listener in self.sockets:
            with contextlib.suppress(OSError, KeyError):
                self.selector.unregister(listener)
        for conn in list(self.conns.values()):
            self._close(conn)

    def is_parent_alive(self) -> bool:
        if self.ppid != os.getppid():
            self.log.info("Parent changed, shutting down: %s", self)
            return False
        return True

    def _accept(self, listener: socket.socket) -> None:
        try:
            sock, addr = listener.accept()
        except (BlockingIOError, InterruptedError):
            return  # another worker took it
        except OSError as err:
            if err.errno in (errno.ECONNABORTED, errno.EPROTO, errno.EMFILE, errno.ENFILE):
                return
            raise
        sock.settimeout(IO_TIMEOUT)  # poll-backed: recv after readiness never blocks
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = _Conn(sock, addr, listener.getsockname())
        self.conns[sock.fileno()] = conn
        self.selector.register(sock, selectors.EVENT_READ, conn)

    def _close(self, conn: _Conn) -> None:
        self.conns.pop(conn.sock.fileno(), None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.selector.unregister(conn.sock)
        util.close(conn.sock)

    def _close_idle(self, before: float) -> None:
        """Close kept-alive connections quiet since `before` (none with a request waiting:
        after a long query, others may have sent theirs without being read yet)."""
        for conn in [c for c in self.conns.values() if c.last < before and not c.buf]:
            try:
                waiting = conn.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                waiting = b""
            except OSError:
                waiting = b""
            else:
                if not waiting:  # the client closed its end
                    self._close(conn)
                    continue
            if waiting:
                conn.last = time.monotonic()
            else:
                self._close(conn)

    def _readable(self, conn: _Conn) -> None:
        try:
            data = conn.sock.recv(RECV)
        except (BlockingIOError, InterruptedError, TimeoutError):
            return
        except OSError:
            self._close(conn)
            return
        if not data:
            self._close(conn)
            return
        conn.buf += data
        conn.last = time.monotonic()
        self._serve(conn)

    def _serve(self, conn: _Conn) -> None:
        """Answer every complete request buffered on `conn` (pipelined ones in order)."""
        while conn.buf and self.alive:
            end = conn.buf.find(b"\r\n\r\n")
            if end < 0 and len(conn.buf) < MAX_HEAD:
                return  # wait for the rest of the head
            self._checked = None  # set by _fast for this request only
            served = self._fast(conn, end) if end >= 0 else False
            if served is None:
                return  # wait for the rest of the body
            if served is False and not self._slow(conn):
                self._close(conn)
                return
            if conn.sock.fileno() < 0:
                return
        if not self.alive:
            self._close(conn)

    # --- the fast path: cache hits, then plain queries without Flask ------------------

    def _fast(self, conn: _Conn, end: int) -> bool | None:
        """True: answered (from the cache, or directly); False: for the slow path; None:
        more body to come.

        On False, `self._checked` may hold the key (or None: must not be cached) for the
        slow path, so the middleware does not build it and look it up a second time.
        """
        cache, direct = self.cache, self.direct
        if cache is None and direct is None:
            return False
        buf = conn.buf
        cfg = self.cfg
        head = parse_head(buf, end, cfg.limit_request_line, cfg.limit_request_fields,
                          cfg.limit_request_field_size)
        if head is None:
            return False
        if head.bypass:
            if cache is not None:
                self._checked = (None,)
            return False
        body = b""
        start = head.start
        if head.method == b"POST":
            if not head.length or head.length > MAX_BUFFERED_BODY:
                return False
            if len(buf) < start + head.length:
                return None
            body = buf[start:start + head.length]
        elif head.length:
            return False
        key = None
        if cache is not None:
            key = make_key(head.method, head.target, head.accept or b"", head.host or b"",
                           head.ctype or b"", body)
            started = time.perf_counter()
            entry = cache.get(key)
            if entry is not None:
                conn.buf = buf[start + len(body):]
                self._send_hit(conn, entry, head.close)
                if self.log_hits:
                    log_hit(head.method.decode(),
                            head.target.partition(b"?")[0].decode("latin-1"), started, entry)
                return True
            self._checked = (key,)
        if direct is None or not head.plain or len(body) > self.body_cap:
            return False
        reply = direct.answer(head, body, conn.sock, key)
        if reply is None:
            return False
        conn.buf = buf[start + len(body):]
        self._send_reply(conn, reply, head.close)
        return True

    def _send_hit(self, conn: _Conn, entry: Entry, close: bool) -> None:
        self._send(conn, entry.status, entry.head, entry.body, close)

    def _send_reply(self, conn: _Conn, reply: Reply, close: bool) -> None:
        """A direct answer, closing the connection when gunicorn's `Response` would."""
        if self.nr + 1 >= self.max_requests and self.alive:
            self.log.info("Autorestarting worker after current request.")
            self.alive = False
        close = close or not self.alive or not self.cfg.keepalive
        self._send(conn, reply.status, reply.head_lines(), reply.body, close)

    def _send(self, conn: _Conn, status: str, lines: bytes, body: bytes, close: bool) -> None:
        head = b"".join((
            b"HTTP/1.1 ", status.encode("latin-1"), b"\r\nServer: ", SERVER.encode(),
            b"\r\nDate: ", self.date.now(),
            b"\r\nConnection: close\r\n" if close else b"\r\nConnection: keep-alive\r\n",
            lines, b"\r\n"))
        try:
            if len(body) <= _HeadWithBody.COALESCE:
                conn.sock.sendall(head + body)
            else:
                conn.sock.sendall(head)
                conn.sock.sendall(body)
        except OSError:
            self._close(conn)
            return
        self.nr += 1
        if close:
            self._close(conn)

    # --- the slow path: gunicorn's parser and the application --------------------------

    def _slow(self, conn: _Conn) -> bool:
        """Parse one request with gunicorn and run the application; True: keep alive."""
        checked, self._checked = self._checked, None
        parser = http.get_parser(self.cfg, conn.sock, conn.addr)
        parser.unreader.unread(conn.buf)
        conn.buf = b""
        req = None
        try:
            req = next(parser)
            keep = self._handle(req, conn, checked)
            if keep and parser.finish_body(deadline=time.monotonic() + IO_TIMEOUT):
                conn.buf = parser.unreader.take_buffered()
                conn.last = time.monotonic()
                return True
            return False
        except NoMoreData:
            return False
        except StopIteration:
            return False
        except OSError as err:
            if err.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN, None):
                self.log.exception("Socket error processing request.")
            return False
        except BaseException as err:  # gunicorn answers (400, 414, 500...)
            self.handle_error(req, conn.sock, conn.addr, err)
            return False

    def _handle(self, req: Any, conn: _Conn, checked: tuple[Any, ...] | None) -> bool:
        environ: dict = {}
        resp = None
        try:
            self.cfg.pre_request(self, req)
            request_start = datetime.now()
            resp, environ = wsgi.create(req, conn.sock, conn.addr, conn.server, self.cfg)
            if checked is not None:
                environ["rskg.cache_checked"] = True
                environ["rskg.cache_key"] = checked[0]
            self.nr += 1
            if self.nr >= self.max_requests:
                if self.alive:
                    self.log.info("Autorestarting worker after current request.")
                    self.alive = False
                resp.force_close()
            if not self.alive or not self.cfg.keepalive:
                resp.force_close()
            respiter = self.wsgi(environ, resp.start_response)
            try:
                if isinstance(respiter, environ["wsgi.file_wrapper"]):
                    resp.write_file(respiter)
                    resp.close()
                else:
                    out = resp.sock = _HeadWithBody(conn.sock)
                    try:
                        for item in respiter:
                            resp.write(item)
                        resp.close()
                    finally:
                        resp.sock = conn.sock
                        out.flush()
            finally:
                self.log.access(resp, req, environ, datetime.now() - request_start)
                if hasattr(respiter, "close"):
                    respiter.close()
            return not resp.should_close()
        except (Exception, SystemExit):
            if resp is not None and resp.headers_sent:
                self.log.exception("Error handling request")
                raise StopIteration() from None
            raise
        finally:
            try:
                self.cfg.post_request(self, req, environ, resp)
            except Exception:
                self.log.exception("Exception in post_request hook")
