"""The response cache: a worker process's recent query answers, kept as the bytes sent.

A SPARQL answer is a function of the query text, the dataset parameters, the chosen
format and the data. The key is therefore the request as the client sent it, reduced to
what the answer can depend on: method, request target (path, `query=`, `format=`,
`default-graph-uri`, ...), `Accept`, `Host` (the queries' base IRI), `Content-Type`,
and the body of a POST. Requests with anything else that could change the answer
(`Authorization`, `Cache-Control`/`Pragma` - a client asking for a fresh answer gets
one -, forwarding headers that change the scheme, chunked bodies, `Expect`) bypass the
cache. The data is pinned by the `current` symlink: every lookup reads it (one
`readlink`), and the first lookup after a new build is swapped in empties the cache.

Only what the application marks as cacheable is stored: a 200 answer to a query (never
an update, an error, a timeout, a query calling SERVICE or NOW()/RAND()/UUID()...),
with the note the access log needs (rows, query hash). Entries are whole responses
(status, headers, body) in an LRU bounded by bytes; one copy per worker process, so the
budget is per worker. A stored response is replayed byte for byte with `X-Cache: hit`
(the miss that filled it said `X-Cache: miss`).

Two paths read it: `CachingApp`, WSGI middleware around the Flask application (any WSGI
server), and the event-loop worker (worker.py), which answers a hit from the raw request
bytes before gunicorn parses anything. Both build the same key with `make_key`. Two fill
it: `CachingApp`, and the worker's direct path (direct.py) for the misses it answers
without Flask, with the same entry (`entry_for`) under the same conditions.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.store import CURRENT
from server import accesslog

CACHED_PATHS = frozenset({b"/sparql", b"/sparql/"})
CACHED_METHODS = frozenset({b"GET", b"POST"})
# request headers that may change an answer in ways the key does not capture
BYPASS_HEADERS = frozenset({
    b"authorization", b"cache-control", b"pragma", b"transfer-encoding", b"expect",
    b"upgrade", b"forwarded", b"x-forwarded-proto", b"x-forwarded-protocol",
    b"x-forwarded-ssl", b"x-forwarded-scheme", b"script_name", b"script-name",
    b"http2-settings", b"front-end-https",
})
KEYED_HEADERS = (b"accept", b"host", b"content-type")
NOTE = "rskg.cache_note"  # the environ key the application leaves its note under
Key = tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """What the application says about a cacheable answer it is returning."""

    link: str | None  # the `current` symlink the answer was computed against
    rows: int | None
    qhash: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    status: str  # "200 OK"
    headers: tuple[tuple[str, str], ...]  # as the application sent them, X-Cache: hit
    body: bytes
    rows: int | None
    qhash: str | None
    head: bytes  # the header lines, encoded once, for the raw path

    @property
    def size(self) -> int:
        return len(self.body) + len(self.head) + 256


def make_key(method: bytes, target: bytes, accept: bytes, host: bytes, content_type: bytes,
             body: bytes) -> Key:
    return (method, target, accept, host, content_type, body)


class ResponseCache:
    """An LRU of whole responses bounded by bytes, emptied when `current` moves."""

    def __init__(self, store_dir: Path, budget: int) -> None:
        self.link_path = str(store_dir / CURRENT)
        self.budget = budget
        self.max_entry = max(budget // 8, 1)
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._size = 0
        self._link: str | None = None
        self._lock = threading.Lock()
        self.generation = 0  # bumped by clear(): an answer begun before it is not kept
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.budget > 0

    def current_link(self) -> str | None:
        try:
            return os.readlink(self.link_path)
        except OSError:
            return None

    def get(self, key: Key) -> Entry | None:
        link = self.current_link()
        with self._lock:
            if link != self._link:
                self._reset(link)
                self.misses += 1
                return None
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Key, entry: Entry, link: str | None, generation: int) -> bool:
        """Keep `entry` if it was computed against the live build and fits the budget."""
        if entry.size > self.max_entry:
            return False
        with self._lock:
            if link is None or link != self._link or generation != self.generation:
                return False  # computed against a build that is no longer (or not yet) live
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old.size
            self._entries[key] = entry
            self._size += entry.size
            while self._size > self.budget and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped.size
        return True

    def clear(self) -> None:
        """Forget everything (after an update changed the store in place)."""
        with self._lock:
            self.generation += 1
            self._reset(self._link)

    def _reset(self, link: str | None) -> None:
        self._entries.clear()
        self._size = 0
        self._link = link

    def __len__(self) -> int:
        return len(self._entries)


def entry_for(status: str, headers: Iterable[tuple[str, str]], body: bytes,
              note: Note) -> Entry:
    kept = (*((k, v) for k, v in headers if k.lower() != "x-cache"), ("X-Cache", "hit"))
    head = "".join(f"{k}: {v}\r\n" for k, v in kept).encode("latin-1")
    return Entry(status, kept, body, note.rows, note.qhash, head)


def log_hit(method: str, path: str, started: float, entry: Entry) -> None:
    accesslog.log(accesslog.hit_line(method, path, started, entry.rows, entry.qhash,
                                     len(entry.body)))


# --- the WSGI path ---------------------------------------------------------------------

StartResponse = Callable[..., Any]


class CachingApp:
    """WSGI middleware: answer from the cache, or run the application and keep its answer."""

    def __init__(self, app: Callable[[dict, StartResponse], Iterable[bytes]],
                 cache: ResponseCache, body_cap: int, log: bool = True) -> None:
        self.app = app
        self.cache = cache
        self.body_cap = body_cap
        self.log = log

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("rskg.cache_checked"):  # the worker looked already: it was a miss
            key = environ.get("rskg.cache_key")
        else:
            key = self.key(environ)
            if key is not None:
                started = time.perf_counter()
                entry = self.cache.get(key)
                if entry is not None:
                    if self.log:
                        log_hit(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                                started, entry)
                    start_response(entry.status, list(entry.headers))
                    return [entry.body]
        if key is None:
            return self.app(environ, start_response)
        return self._fill(key, environ, start_response)

    def _fill(self, key: Key, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        link_before = self.cache.current_link()
        generation = self.cache.generation
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            note = environ.get(NOTE)
            if note is not None and status.startswith("200 "):
                headers = [*headers, ("X-Cache", "miss")]
                seen.update(status=status, headers=headers, note=note)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not seen:
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        note: Note = seen["note"]
        if note.link == link_before:
            self.cache.put(key, entry_for(seen["status"], seen["headers"], body, note),
                           note.link, generation)
        return [body]

    def key(self, environ: dict) -> Key | None:
        """The cache key of a WSGI request, or None when it must bypass the cache."""
        if not self.cache.enabled:
            return None
        method = environ.get("REQUEST_METHOD", "").encode("latin-1")
        if method not in CACHED_METHODS:
            return None
        raw = environ.get("RAW_URI")
        if raw is None:
            return None  # not gunicorn: the raw target is unknown, do not guess
        target = raw.encode("latin-1")
        if target.partition(b"?")[0] not in CACHED_PATHS:
            return None
        for name in BYPASS_HEADERS:
            if "HTTP_" + name.decode().upper().replace("-", "_") in environ:
                return None
        body = b""
        if method == b"POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return None
            if length <= 0 or length > self.body_cap:
                return None
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            if len(body) != length:
                return None
        return make_key(method, target, environ.get("HTTP_ACCEPT", "").encode("latin-1"),
                        environ.get("HTTP_HOST", "").encode("latin-1"),
                        environ.get("CONTENT_TYPE", "").encode("latin-1"), body)
