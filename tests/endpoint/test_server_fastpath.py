"""The event-loop worker's direct path (server/direct.py) answers exactly as Flask does.

The same corpus of raw requests goes, in the same order and on one keep-alive
connection each, to a server with the direct path and to one with `KG_FAST_PATH=0`
(every request through gunicorn's parser and Flask), with the response cache on and off.
Responses must be equal byte for byte except `Date`, and so must the access-log lines
(except time, process and duration). A unit test checks that the requests meant for the
direct path really are answered by it, not handed to Flask.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest
from serverkit import EXAMPLES, Server, build_store

EX = "http://example.org/fast/"
HOST = "kg.test"
JSON = "application/sparql-results+json"
SELECT = f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }} ORDER BY ?o"
LABELS = f"SELECT ?l WHERE {{ <{EX}t> ?p ?l }} ORDER BY ?l"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}"
DESCRIBE = f"DESCRIBE <{EX}t>"
ASK = f"ASK {{ <{EX}s> <{EX}p> ?o }}"


def quads() -> list[ox.Quad]:
    g1, g2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
    s, p, t = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "t")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    rows = [ox.Quad(s, p, ox.Literal(f"v{i:03d}"), g1) for i in range(120)]
    return [
        *rows,
        ox.Quad(t, label, ox.Literal("Straße \"quoted\"\ttab", language="de"), g2),
        ox.Quad(t, label, ox.Literal("line\nbreak, comma"), g2),
        ox.Quad(t, p, ox.BlankNode("b1"), g2),
        ox.Quad(t, ox.NamedNode(EX + "n"), ox.Literal("42", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), g2),
    ]


def get(params: list[tuple[str, str]] | str, *headers: str, method: str = "GET") -> bytes:
    query = params if isinstance(params, str) else urllib.parse.urlencode(params)
    target = "/sparql" + (f"?{query}" if query else "")
    return raw(f"{method} {target} HTTP/1.1", headers, b"")


def post(body: bytes | str, content_type: str, *headers: str, target: str = "/sparql") -> bytes:
    data = body.encode() if isinstance(body, str) else body
    return raw(f"POST {target} HTTP/1.1", (f"Content-Type: {content_type}", *headers), data)


def raw(line: str, headers: tuple[str, ...], body: bytes, host: bool = True) -> bytes:
    """A request: `Host: kg.test` unless `headers` name another (or `host` is False), so
    relative IRIs resolve alike on both servers."""
    own = host and not any(h.lower().startswith("host:") for h in headers)
    lines = [line, *([f"Host: {HOST}"] if own else []), *headers]
    if body or line.startswith("POST"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def form(fields: list[tuple[str, str]]) -> str:
    return urllib.parse.urlencode(fields)


# (request bytes, answered directly when the direct path is on)
CORPUS: list[tuple[str, bytes, bool]] = [
    ("select json", get([("query", SELECT)], f"Accept: {JSON}"), True),
    ("select json again", get([("query", SELECT)], f"Accept: {JSON}"), True),
    ("select csv, truncated", get([("query", SELECT)], "Accept: text/csv"), True),
    ("q-values", get([("query", LABELS)], "Accept: application/sparql-results+xml;q=0.5, "
                     "text/tab-separated-values;q=0.9, */*;q=0.1"), True),
    ("accept */*", get([("query", LABELS)], "Accept: */*"), True),
    ("no accept", get([("query", LABELS)]), True),
    ("format=xml", get([("query", LABELS), ("format", "xml")]), True),
    ("format=tsv over Accept", get([("query", LABELS), ("format", "tsv")], "Accept: text/csv"),
     True),
    ("output=csv", get([("query", LABELS), ("output", "csv")]), True),
    ("unknown format left to Accept", get([("query", LABELS), ("format", "fancy")],
                                          "Accept: text/csv"), True),
    ("ask json", get([("query", ASK)], f"Accept: {JSON}"), True),
    ("ask xml", get([("query", ASK)], "Accept: application/sparql-results+xml"), True),
    ("ask csv", get([("query", ASK), ("format", "csv")]), True),
    ("ask false tsv", get([("query", ASK.replace("?o", '"nope"'))],
                          "Accept: text/tab-separated-values"), True),
    ("construct turtle", get([("query", CONSTRUCT)], "Accept: text/turtle"), True),
    ("construct n-triples via text/plain", get([("query", CONSTRUCT)], "Accept: text/plain"),
     True),
    ("construct rdf/xml", get([("query", CONSTRUCT)], "Accept: application/rdf+xml"), True),
    ("construct json-ld by format=json", get([("query", CONSTRUCT), ("format", "json")]), True),
    ("construct trig q", get([("query", CONSTRUCT)], "Accept: application/trig;q=1, "
                             "text/turtle;q=0.2"), True),
    ("construct n-quads", get([("query", CONSTRUCT)], "Accept: application/n-quads"), True),
    ("describe turtle", get([("query", DESCRIBE)], "Accept: text/turtle"), True),
    ("describe default format", get([("query", DESCRIBE)]), True),
    ("describe with a results Accept", get([("query", DESCRIBE)], f"Accept: {JSON}"), True),
    ("post sparql-query", post(SELECT, "application/sparql-query", "Accept: text/csv"), True),
    ("post sparql-query again", post(SELECT, "application/sparql-query", "Accept: text/csv"),
     True),
    ("post charset utf-8", post(LABELS, "application/sparql-query; charset=UTF-8"), True),
    ("post charset latin-1 415", post(LABELS, "application/sparql-query; charset=latin-1"),
     True),
    ("post invalid utf-8 400", post(b"SELECT * { ?s ?p \"\xff\" }", "application/sparql-query"),
     True),
    ("post form", post(form([("query", LABELS), ("format", "csv")]),
                       "application/x-www-form-urlencoded"), True),
    ("post form with dataset", post(form([("query", "SELECT ?s WHERE { ?s ?p ?o }"),
                                          ("default-graph-uri", EX + "g2")]),
                                    "application/x-www-form-urlencoded", f"Accept: {JSON}"),
     True),
    ("post form, format in the URL", post(form([("query", ASK)]),
                                          "application/x-www-form-urlencoded",
                                          target="/sparql?format=xml"), True),
    ("post form without query 400", post(form([("nothing", "here")]),
                                         "application/x-www-form-urlencoded"), True),
    ("post form both 400", post(form([("query", ASK), ("update", "CLEAR ALL")]),
                                "application/x-www-form-urlencoded"), True),
    ("post text/plain 415", post(ASK, "text/plain"), True),
    ("default-graph-uri", get([("query", "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"),
                               ("default-graph-uri", EX + "g2")], f"Accept: {JSON}"), True),
    ("named-graph-uri", get([("query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g "
                                       "{ ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"),
                             ("named-graph-uri", EX + "g1"),
                             ("named-graph-uri", EX + "g2")]), True),
    ("bad graph IRI 400", get([("query", ASK), ("default-graph-uri", "not an iri")]), True),
    ("FROM", get([("query", f"SELECT (COUNT(*) AS ?n) FROM <{EX}g2> WHERE {{ ?s ?p ?o }}")]),
     True),
    ("FROM an unknown graph", get([("query", f"SELECT ?s FROM <{EX}none> WHERE {{ ?s ?p ?o }}")]),
     True),
    ("malformed 400", get([("query", "SELECT WHERE {")]), True),
    ("SERVICE refused 400", get([("query", "SELECT * WHERE { SERVICE <http://example.org/"
                                           "sparql> { ?s ?p ?o } }")]), True),
    ("406 by Accept", get([("query", SELECT)], "Accept: image/png"), True),
    ("406 by format", get([("query", SELECT), ("format", "turtle")]), True),
    ("two queries 400", get([("query", ASK), ("query", ASK)]), True),
    ("update by GET 400", get([("update", "CLEAR ALL")]), True),
    ("volatile", get([("query", "SELECT (RAND() < 2 AS ?x) WHERE {}")]), True),
    ("relative IRI against the Host", get([("query", "SELECT (<x> AS ?b) WHERE {}")]), True),
    ("Host with :80", get([("query", "SELECT (<x> AS ?b) WHERE {}")], "Host: kg.test:80"),
     True),
    ("Host with a port", get([("query", "SELECT (<x> AS ?b) WHERE {}")], "Host: kg.test:8123"),
     True),
    ("unicode query", get([("query", 'ASK { ?s ?p "Straße \\"quoted\\"\\ttab"@de }')]), True),
    ("bad percent-encoding", get("query=ASK%20%7B%7D%FF%20"), True),
    ("blank parameters", get("query=ASK%7B%7D&format=&default-graph-uri"), True),
    ("long GET over the app cap 414", get([("query", "ASK {}" + " " * 8010)]), True),
    ("Connection: keep-alive", get([("query", ASK)], "Connection: Keep-Alive"), True),
    # left to Flask: answered the same, not by the direct path
    ("bare GET: service description", get([]), False),
    ("Graph Store read", get([("graph", EX + "g2")], "Accept: text/turtle"), False),
    ("slash path", raw("GET /sparql/?query=ASK%7B%7D HTTP/1.1", (), b""), False),
    ("HEAD", get([("query", ASK)], method="HEAD"), False),
    ("OPTIONS preflight", raw("OPTIONS /sparql HTTP/1.1", (
        f"Host: {HOST}", "Origin: http://else.test", "Access-Control-Request-Method: POST"),
        b""), False),
    ("update without token 403", post(form([("update", "CLEAR ALL")]),
                                      "application/x-www-form-urlencoded"), False),
    ("Authorization", get([("query", ASK)], "Authorization: Bearer nope"), False),
    ("Cache-Control", get([("query", SELECT)], f"Accept: {JSON}", "Cache-Control: no-cache"),
     False),
    ("form not UTF-8", post(b"query=ASK%7B%7D&x=\xff", "application/x-www-form-urlencoded"),
     False),
    ("no Host", raw("GET /sparql?query=ASK%7B%7D HTTP/1.1", ("Accept: text/csv",), b"",
                        host=False), False),
    ("odd Connection", get([("query", ASK)], "Connection: keep-alive, TE"), False),
    ("GET with a body", raw("GET /sparql?query=ASK%7B%7D HTTP/1.1", (f"Host: {HOST}",),
                            b"xy"), False),
    ("Connection: close", get([("query", LABELS)], "Connection: close"), True),
    ("after close", get([("query", LABELS)], "Accept: text/csv"), True),
]


class RawClient:
    """One keep-alive connection; each response read whole, as bytes, by Content-Length."""

    def __init__(self, server: Server) -> None:
        self.port = int(server.base.rsplit(":", 1)[1])
        self.sock: socket.socket | None = None
        self.buf = b""

    def exchange(self, request: bytes) -> bytes:
        return self.pipeline([request])[0]

    def pipeline(self, requests: list[bytes]) -> list[bytes]:
        """Send the requests in one write, then read one response for each."""
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            self.buf = b""
        self.sock.sendall(b"".join(requests))
        return [self._response(r) for r in requests]

    def _response(self, request: bytes) -> bytes:
        head = self._until(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if request.startswith(b"HEAD "):
            length = 0
        body = self._exactly(length)
        if b"\r\nconnection: close" in head.lower():
            self.close()
        return head + body

    def _until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            self._more()
        end = self.buf.index(marker) + len(marker)
        head, self.buf = self.buf[:end], self.buf[end:]
        return head

    def _exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._more()
        body, self.buf = self.buf[:n], self.buf[n:]
        return body

    def _more(self) -> None:
        assert self.sock is not None
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("server closed the connection")
        self.buf += data

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def without_date(response: bytes) -> bytes:
    """The response without its Date, and with Flask's `Allow` list sorted (werkzeug
    builds it from a set, whose order differs between processes)."""
    head, sep, body = response.partition(b"\r\n\r\n")
    lines = [_sorted_allow(line) for line in head.split(b"\r\n")
             if not line.lower().startswith(b"date:")]
    return b"\r\n".join(lines) + sep + body


def _sorted_allow(line: bytes) -> bytes:
    if not line.lower().startswith(b"allow:"):
        return line
    return b"Allow: " + b", ".join(sorted(v.strip() for v in line[6:].split(b",")))


def sparql_log(server: Server, expected: int) -> list[dict]:
    """The /sparql access-log lines, without what differs between two runs."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in server.log_lines() if line.get("path") == "/sparql"]
        if len(lines) >= expected or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return [{k: v for k, v in line.items() if k not in ("ts", "pid", "ms")} for line in lines]


@pytest.fixture(scope="module", params=["cache", "no cache"])
def pair(request: pytest.FixtureRequest, start: Callable[..., Server]
         ) -> Iterator[tuple[Server, Server]]:
    cache = {} if request.param == "cache" else {"KG_CACHE_BYTES": "0"}
    env = {"KG_WORKERS": "1", "KG_ROW_CAP": "50", "KG_GET_CAP": "8000", **cache}
    yield start(quads(), KG_FAST_PATH="1", **env), start(quads(), KG_FAST_PATH="0", **env)


def test_direct_answers_are_the_flask_answers(pair: tuple[Server, Server]) -> None:
    fast, slow = pair
    clients = RawClient(fast), RawClient(slow)
    try:
        for name, request, _ in CORPUS:
            mine, theirs = (without_date(c.exchange(request)) for c in clients)
            assert mine == theirs, name
        pipelined = [CORPUS[i][1] for i in (0, 10, 23, 40)]
        mine, theirs = (b"".join(map(without_date, c.pipeline(pipelined))) for c in clients)
        assert mine == theirs, "pipelined"
    finally:
        for c in clients:
            c.close()
    expected = len(slow_lines := sparql_log(slow, 0))
    assert sparql_log(fast, expected) == slow_lines


def test_plain_requests_take_the_direct_path(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In process: each request marked direct gets an answer from `Direct.answer` (None
    would send it to Flask), and each one left to Flask does not."""
    from server.app import create_app
    from server.direct import parse_head
    from server.settings import Settings

    store = build_store(tmp_path / "store", quads())
    for cache_bytes in (0, 1 << 20):
        settings = Settings.from_env({}, store=store, row_cap=50, service_allow=(),
                                     cache_bytes=cache_bytes, access_log=False,
                                     examples_dir=EXAMPLES)
        direct = create_app(settings).extensions["rskg.direct"]
        for name, request, expected in CORPUS:
            end = request.find(b"\r\n\r\n")
            head = parse_head(request, end)
            body = request[end + 4:]
            plain = (head is not None and head.plain and not head.bypass
                     and (head.method == b"POST" or not head.length))  # as the worker
            reply = direct.answer(head, body, None, None) if plain else None
            assert (reply is not None) == expected, name


def test_direct_misses_fill_the_cache(pair: tuple[Server, Server]) -> None:
    fast, _ = pair
    client = RawClient(fast)
    query = get([("query", SELECT + " # fill")], f"Accept: {JSON}")
    try:
        first, second = client.exchange(query), client.exchange(query)
    finally:
        client.close()
    if b"X-Cache" not in first:  # the cache is off
        assert b"X-Cache" not in second
        return
    assert b"X-Cache: miss" in first and b"X-Cache: hit" in second
    assert first.partition(b"\r\n\r\n")[2] == second.partition(b"\r\n\r\n")[2]
    assert json.loads(second.partition(b"\r\n\r\n")[2])["rowCap"] == 50


def test_parameters_are_read_as_werkzeug_reads_them() -> None:
    """`direct.parse_params` decodes escapes in C; the pairs must be urllib's."""
    import random

    from server.direct import parse_params

    pieces = ["%", "&", "=", "+", "a", "Z", "9", "\\", "é", "\xff", "%41", "%e2%82%ac", "%FF",
              "%5C", "%5c%78", "%2", "%zz", "%C3", "%A9", "\\x41", "%00", "%%", "%+"]
    rng = random.Random(7)
    texts = ["", "query=ASK%7B%7D", urllib.parse.urlencode({"query": SELECT, "format": "xml"})]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
              for _ in range(20_000)]
    for text in texts:
        expected = urllib.parse.parse_qsl(text, keep_blank_values=True,
                                          errors="werkzeug.url_quote")
        assert parse_params(text) == expected, text
