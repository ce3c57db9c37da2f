"""Plain SPARQL queries answered from the raw request bytes: no HTTP parser, no WSGI, no Flask.

An uncached point lookup costs the engine ~0.1 ms; gunicorn's parser, the WSGI environ
and Flask's request machinery cost several times that. The event-loop worker
(worker.py) already splits each request head just far enough to build the response
cache's key (`parse_head`); for the common shape of a query request - GET or POST to
`/sparql` with a `query`, HTTP/1.1, a `Host`, nothing the cache or gunicorn treats
specially - `Direct.answer` runs the same framework-free core the Flask view runs
(`protocol.read`, `answer_query`) and returns the response the Flask path would have
sent: the same status line, headers (in the same order) and body, the same access-log
line, and the same cache entry with `X-Cache: miss`.

Anything else - another path or method, HEAD, OPTIONS, a bare GET (service
description), Graph Store parameters, an update, a header gunicorn would refuse or that
changes the answer (`Authorization`, forwarding headers...), a body not yet buffered or
over the cap, a form that is not UTF-8 - is left to the slow path (gunicorn's parser and
the Flask application), which is unchanged. `KG_FAST_PATH=0` turns this path off.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import unquote

from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.http import HTTP_STATUS_CODES, parse_options_header
from werkzeug.sansio.utils import get_host

from server import accesslog, protocol
from server.cache import (
    BYPASS_HEADERS,
    CACHED_METHODS,
    CACHED_PATHS,
    Key,
    Note,
    ResponseCache,
    entry_for,
)
from server.dataset import Dataset
from server.errors import TEXT, EndpointError, crash_text, error_text
from server.formats import parse_accept
from server.settings import Settings
from server.sparql import Call, answer_query

PATH = b"/sparql"  # the one route answered here (`/sparql/` goes through Flask)
# a header line gunicorn takes as it is: a token name (no `_`: gunicorn drops those),
# then a value without control characters (RFC 9110 5.5, as gunicorn checks it)
_FIELD = re.compile(rb"[!#$%&'*+\-.^`|~0-9A-Za-z]+:[^\x00-\x08\x0a-\x1f\x7f]*")
_TARGET = re.compile(rb"/sparql(?:\?[\x21\x22\x24-\x7e]*)?")  # printable ASCII, no `#`
_LOG = logging.getLogger("rskg.server")  # the Flask app's logger, for the same 500s
_HOSTS_LIMIT = 256


@dataclass(slots=True)
class Head:
    """A request head split as far as the cache key and the direct path need."""

    method: bytes
    target: bytes
    start: int  # where the body begins in the buffer
    accept: bytes | None = None
    host: bytes | None = None
    ctype: bytes | None = None
    length: int | None = None
    close: bool = False  # the client asked to close after this answer
    bypass: bool = False  # a header the cache key does not capture: no cache, no direct
    plain: bool = True  # nothing gunicorn would refuse or treat specially: direct is fine


def parse_head(buf: bytes, end: int, max_line: int = 8190, max_fields: int = 100,
               max_field: int = 8190) -> Head | None:
    """The head ending at `end`, or None when neither the cache nor the direct path may
    answer it (another method, path or version, a malformed or repeated keyed header).
    The limits are gunicorn's (`limit_request_*`): past them the request is not plain."""
    lines = buf[:end].split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[2] != b"HTTP/1.1" or parts[0] not in CACHED_METHODS:
        return None
    if parts[1].partition(b"?")[0] not in CACHED_PATHS:
        return None
    head = Head(parts[0], parts[1], end + 4)
    head.plain = (len(lines[0]) <= max_line and len(lines) <= max_fields + 1
                  and _TARGET.fullmatch(head.target) is not None)
    connections = 0
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            return None  # malformed (or obsolete folding): gunicorn's parser says how
        if head.plain and (len(line) + 2 > max_field or _FIELD.fullmatch(line) is None):
            head.plain = False
        name = name.lower()
        value = value.strip(b" \t")
        if name == b"accept":
            if head.accept is not None:
                return None
            head.accept = value
        elif name == b"host":
            if head.host is not None:
                return None
            head.host = value
        elif name == b"content-type":
            if head.ctype is not None:
                return None
            head.ctype = value
        elif name == b"content-length":
            if head.length is not None or not value.isdigit():
                return None
            head.length = int(value)
        elif name == b"connection":
            connections += 1
            lowered = value.lower()
            head.close = b"close" in lowered
            if lowered not in (b"close", b"keep-alive"):  # gunicorn reads these two only
                head.plain = False
        elif name in BYPASS_HEADERS or name != name.strip() or b"_" in name:
            head.bypass = True
            head.plain = False
            return head
    if connections > 1 or head.host is None:
        head.plain = False
    return head


def parse_params(text: str) -> list[tuple[str, str]]:
    """Parameters as werkzeug reads them for `Request.args` and a urlencoded form:
    `parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")`, the same
    pairs, with the percent-decoding done in C (a query in a URL is mostly escapes, and
    urllib decodes them one Python step each: ~50 µs for a 500-character query)."""
    pairs = []
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            pairs.append((_unquote(name.replace("+", " ")), _unquote(value.replace("+", " "))))
    return pairs


def _unquote(text: str) -> str:
    """`unquote(text, errors="werkzeug.url_quote")`: for ASCII, `%XX` becomes `\\xXX` for
    `codecs.escape_decode` (backslashes doubled first, so nothing else is an escape to
    it); a `%` without two hex digits after it makes that fail, and urllib decides."""
    if "%" not in text:
        return text
    if text.isascii():
        data = text.encode("ascii").replace(b"\\", b"\\\\").replace(b"%", b"\\x")
        try:
            decoded = codecs.escape_decode(data)[0]
        except ValueError:
            pass
        else:
            return decoded.decode("utf-8", "werkzeug.url_quote")
    return unquote(text, errors="werkzeug.url_quote")


class NotPlain(Exception):
    """Raised while reading a request the direct path leaves to the slow path."""


class RawRequest:
    """A `protocol.RequestView` over a parsed head and its body, built as werkzeug
    builds the same attributes from gunicorn's environ (`Request.args`, `.form`...)."""

    def __init__(self, head: Head, body: bytes) -> None:
        self.head = head
        self.body = body
        self.method = head.method.decode()
        self.query_string = head.target.partition(b"?")[2].decode()
        self.full_path = f"{PATH.decode()}?{self.query_string}"
        self.content_type = None if head.ctype is None else head.ctype.decode("latin-1")
        self.content_length = head.length

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return ImmutableMultiDict(parse_params(self.query_string))

    @cached_property
    def form(self) -> ImmutableMultiDict:
        if self.method != "POST" or self.mimetype != protocol.FORM:
            return ImmutableMultiDict()
        try:
            text = self.body.decode()
        except UnicodeDecodeError:
            raise NotPlain from None  # werkzeug reads an empty form: leave it to Flask
        return ImmutableMultiDict(parse_params(text))

    @cached_property
    def _options(self) -> tuple[str, dict[str, str]]:
        return parse_options_header(self.content_type or "")

    @property
    def mimetype(self) -> str:
        return self._options[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        return self._options[1]

    def get_data(self, cache: bool = True) -> bytes:
        return self.body


@dataclass(slots=True)
class Reply:
    """A response as gunicorn would write it after its own Server/Date/Connection."""

    status: str  # "200 OK", as werkzeug words it
    headers: list[tuple[str, str]]
    body: bytes
    code: int = 200

    def head_lines(self) -> bytes:
        return "".join(f"{k}: {v}\r\n" for k, v in self.headers).encode("latin-1")


class Direct:
    """The `/sparql` view for plain queries, without Flask; see the module docstring."""

    def __init__(self, settings: Settings, dataset: Dataset, cache: ResponseCache,
                 cors: dict[str, str], timeout_response: bytes) -> None:
        self.settings = settings
        self.dataset = dataset
        self.cache = cache if cache.enabled else None
        self.cors = [(k, v.strip(" \t")) for k, v in cors.items()]  # as gunicorn sends them
        self.timeout_response = timeout_response
        self._bases: dict[bytes, str] = {}

    def answer(self, head: Head, body: bytes, sock: Any, key: Key | None) -> Reply | None:
        """The response to a plain request, or None: the slow path must answer it.

        `key` is the cache key the worker looked up and missed (None: not cacheable
        or no cache); a cacheable answer is stored under it as `CachingApp` would."""
        started = time.perf_counter()
        cache = self.cache if key is not None else None
        link_before = cache.current_link() if cache is not None else None
        generation = cache.generation if cache is not None else 0
        req = RawRequest(head, body)
        qhash = rows = None
        try:
            op = protocol.read(req, self.settings)
            if op is None or op.kind != "query":
                return None  # service description, Graph Store, update: Flask's
            live = self.dataset.live()
            qhash = accesslog.query_hash(op.text)
            outcome = answer_query(op, live, self._call(req, head, sock, started, qhash))
        except NotPlain:
            return None
        except EndpointError as err:
            reply = self._reply(err.status, TEXT, error_text(err), err.headers)
        except Exception as err:
            _LOG.exception("unexpected error")
            reply = self._reply(500, TEXT, crash_text(err), {})
        else:
            rows = outcome.rows
            reply = self._reply(200, outcome.content_type, outcome.body, outcome.headers)
            if cache is not None and outcome.cacheable:
                reply.headers.append(("X-Cache", "miss"))
                note = Note(live.link, rows, qhash)
                if note.link == link_before:
                    cache.put(key, entry_for(reply.status, reply.headers, reply.body, note),  # type: ignore[arg-type]
                              note.link, generation)
        if self.settings.access_log:
            accesslog.log(accesslog.line(req.method, PATH.decode(), reply.code, started,
                                         rows, qhash, len(reply.body)))
        return reply

    def _call(self, req: RawRequest, head: Head, sock: Any, started: float,
              qhash: str | None) -> Call:
        accept = None if head.accept is None else head.accept.decode("latin-1")
        return Call(
            settings=self.settings,
            accept=parse_accept(accept),
            requested_format=protocol.requested_format(req),
            base_iri=self._base_iri(head.host or b""),
            sock=sock,
            timeout_response=self.timeout_response,
            on_timeout=accesslog.timeout_logger(req.method, PATH.decode(), started, qhash),
        )

    def _base_iri(self, host: bytes) -> str:
        """`app._base_iri` for a plain request: http, no script root, the one path."""
        base = self._bases.get(host)
        if base is None:
            base = f"http://{get_host('http', host.decode('latin-1'))}{PATH.decode()}"
            if len(self._bases) < _HOSTS_LIMIT:
                self._bases[host] = base
        return base

    def _reply(self, code: int, content_type: str, body: bytes,
               headers: dict[str, str]) -> Reply:
        """Headers in the order the Flask path sends them: werkzeug's Content-Type and
        Content-Length, the outcome's or error's own, then CORS (`after_request`)."""
        status = f"{code} {HTTP_STATUS_CODES.get(code, 'UNKNOWN').upper()}"
        return Reply(status, [("Content-Type", content_type),
                              ("Content-Length", str(len(body))), *headers.items(),
                              *self.cors], body, code)
