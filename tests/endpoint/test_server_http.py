"""Malformed, abusive and slow clients, with raw sockets, against the real server.

Each case asserts the status (or that the connection was closed), how long it took, and
that a normal client beside it was served in time. The bounds are the issue's own
safety promises, not speed targets: NORMAL is how long a plain query may take beside an
attack (it takes milliseconds), CLIENT_TIMEOUT the server's limit on a slow client.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from serverkit import Server, generated_quads, w3c_quads

CLIENT_TIMEOUT = 2.0  # KG_CLIENT_TIMEOUT of this module's server
QUERY_TIMEOUT = 1.0  # KG_QUERY_TIMEOUT
RUNAWAYS = 10
NORMAL = 1.0  # seconds a plain query may take while the server is under attack
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
GET = b"GET /sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\nHost: t\r\n"


@pytest.fixture(scope="module")
def raw(start: Callable[..., Server]) -> Server:
    return start(w3c_quads() + generated_quads(), KG_CLIENT_TIMEOUT=str(CLIENT_TIMEOUT),
                 KG_QUERY_TIMEOUT=str(QUERY_TIMEOUT), KG_WORKERS=str(RUNAWAYS + 2))


def port(server: Server) -> int:
    return int(urllib.parse.urlsplit(server.base).port or 80)


def connect(server: Server, timeout: float = 10) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port(server)), timeout=timeout)
    return sock


def exchange(server: Server, data: bytes, timeout: float = 5) -> tuple[bytes, float]:
    """Send `data`, read until the server closes or `timeout`; the bytes and the time."""
    started = time.monotonic()
    with connect(server, timeout) as sock:
        sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return received, time.monotonic() - started


def statuses(received: bytes) -> list[int]:
    return [int(line.split()[1]) for line in received.split(b"\r\n")
            if line.startswith(b"HTTP/1.")]


def normal_query(server: Server) -> tuple[int, float]:
    """A plain query on a fresh connection: its status and time."""
    received, took = exchange(server, GET + b"Cache-Control: no-cache\r\n"
                              b"Connection: close\r\n\r\n")
    return (statuses(received) or [0])[0], took


def assert_served(server: Server) -> None:
    status, took = normal_query(server)
    assert status == 200 and took < NORMAL, (status, took)


CLOSE = b"Connection: close\r\n\r\n"


def chunked(size: bytes) -> bytes:
    """A chunked query whose first chunk announces `size`."""
    return (b"POST /sparql HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/sparql-query\r\n\r\n" + size +
            b"\r\nASK{}\r\n0\r\n\r\n")


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("bare CR in a field", GET + b"X-A: a\rb\r\n" + CLOSE, [400]),
    ("bare CR ends a line", GET.replace(b"\r\nHost", b"\rHost") + CLOSE, [400]),
    ("NUL in a field name", GET + b"X\x00A: a\r\n" + CLOSE, [400]),
    ("request hidden behind a bare LF", GET + b"X-A: a\nGET /health HTTP/1.1\r\nHost: t\r\n"
     + CLOSE, [400]),
    ("space before the colon", b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Length : 3\r\n"
     b"\r\nabc", [400]),
    ("two Content-Lengths", b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
     b"Content-Length: 5\r\n\r\nabcde", [400]),
    ("unknown Transfer-Encoding", b"POST /sparql HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: "
     b"xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", [400]),
    ("folded Transfer-Encoding", b"POST /sparql HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:"
     b"\r\n chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", [400]),
    ("1,000 header fields", GET + b"".join(b"X-%d: a\r\n" % i for i in range(1000)) + CLOSE,
     [431]),
    ("a 60 KB header field", GET + b"X-Big: " + b"a" * 60_000 + b"\r\n" + CLOSE, [431]),
    ("a 20 KB request line", b"GET /sparql?query=" + b"a" * 20_000 + b" HTTP/1.1\r\n"
     b"Host: t\r\n" + CLOSE, [431]),
    *[(f"chunk size {size.decode()}", chunked(size), [400])
      for size in (b"zz", b"-1", b"0x19", b"ffffffffffffffffff")],
])
def test_malformed_framing_is_a_4xx_at_once(raw: Server, name: str, data: bytes,
                                             expected: list[int]) -> None:
    received, took = exchange(raw, data)
    assert statuses(received) == expected, (name, received[:200])
    assert took < NORMAL, (name, took)
    assert_served(raw)


def test_content_length_and_chunked_answer_one_request_and_close(raw: Server) -> None:
    """RFC 9112 §6.3: chunked wins, and the connection closes, so the request smuggled
    after the chunked body's end is never answered."""
    body = b"0\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n"
    received, took = exchange(raw, b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: "
                              b"application/sparql-query\r\nContent-Length: 4\r\n"
                              b"Transfer-Encoding: chunked\r\n\r\n" + body)
    assert len(statuses(received)) == 1 and statuses(received)[0] == 400  # an empty query
    assert b'"status"' not in received and took < NORMAL


def test_bare_lf_line_ends_are_read_as_line_ends(raw: Server) -> None:
    """RFC 9112 §2.2 lets a recipient read a lone LF as a line end; hyper does, for the
    whole head alike, so a bare LF cannot split one request into two."""
    received, _ = exchange(raw, GET.replace(b"\r\n", b"\n") + b"Connection: close\n\n")
    assert statuses(received) == [200]


@contextmanager
def held(server: Server, count: int, data: bytes) -> Iterator[list[socket.socket]]:
    socks = [connect(server) for _ in range(count)]
    try:
        for sock in socks:
            sock.sendall(data)
        yield socks
    finally:
        for sock in socks:
            sock.close()


HALF_BODY = (b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query"
             b"\r\nContent-Length: 100\r\n\r\nASK")
SLOW_CASES = {
    "slow heads": GET + b"X-Slow: ",
    "half-sent bodies": HALF_BODY,
    "half-sent chunked bodies": b"POST /sparql HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: "
                                b"chunked\r\n\r\n10\r\nASK",
    "idle keep-alive connections": GET + b"\r\n",
}


@pytest.mark.parametrize("case", SLOW_CASES)
def test_slow_clients_cost_only_their_connection(raw: Server, case: str) -> None:
    with held(raw, 32, SLOW_CASES[case]):
        time.sleep(0.2)
        for _ in range(5):
            assert_served(raw)


def test_trickling_bodies_cost_only_their_connection(raw: Server) -> None:
    stop = threading.Event()

    def trickle(sock: socket.socket) -> None:
        while not stop.wait(0.5):
            try:
                sock.sendall(b" ")
            except OSError:
                return

    with held(raw, 8, HALF_BODY) as socks:
        threads = [threading.Thread(target=trickle, args=(s,), daemon=True) for s in socks]
        for thread in threads:
            thread.start()
        for _ in range(5):
            assert_served(raw)
            time.sleep(0.2)
        stop.set()


def test_a_half_sent_body_is_408_after_the_client_timeout(raw: Server) -> None:
    received, took = exchange(raw, HALF_BODY, timeout=CLIENT_TIMEOUT + 3)
    assert statuses(received) == [408] and b"did not arrive" in received
    assert CLIENT_TIMEOUT - 0.1 < took < CLIENT_TIMEOUT + 1


def test_a_slow_head_is_dropped_after_the_client_timeout(raw: Server) -> None:
    received, took = exchange(raw, GET + b"X-Slow: ", timeout=CLIENT_TIMEOUT + 5)
    assert statuses(received) in ([], [408])
    assert took < CLIENT_TIMEOUT + 1.5


def test_runaway_queries_get_503_and_no_one_else_waits(raw: Server) -> None:
    """Ten runaway joins at once, and light clients beside them: every runaway is
    stopped at its limit, every light request is answered in time, nothing is lost."""
    runaway_results: list[tuple[int, float]] = []
    light_results: list[tuple[int, float]] = []
    body = urllib.parse.urlencode({"query": RUNAWAY}).encode()

    def runaway() -> None:
        received, took = exchange(raw, b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: "
                                  b"application/x-www-form-urlencoded\r\nContent-Length: "
                                  + str(len(body)).encode() + b"\r\n" + CLOSE + body, 30)
        runaway_results.append(((statuses(received) or [0])[0], took))

    def light() -> None:
        deadline = time.monotonic() + QUERY_TIMEOUT + 1.5
        while time.monotonic() < deadline:
            light_results.append(normal_query(raw))

    threads = [threading.Thread(target=runaway) for _ in range(RUNAWAYS)]
    threads += [threading.Thread(target=light) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runaway_results) == RUNAWAYS
    assert all(status == 503 and took < QUERY_TIMEOUT + 1 for status, took in runaway_results)
    assert len(light_results) >= 6
    slow = [(status, round(took, 2)) for status, took in light_results
            if status != 200 or took >= NORMAL]
    assert not slow, f"{len(slow)} of {len(light_results)} light requests slow or failed: {slow}"
    assert_served(raw)


def base_of(server: Server, host_line: bytes) -> tuple[str, str]:
    query = urllib.parse.quote("SELECT (STR(<x>) AS ?b) {}")
    received, _ = exchange(server, b"GET /sparql?query=" + query.encode() + b" HTTP/1.1\r\n"
                           + host_line + b"Accept: application/sparql-results+json\r\n"
                           + CLOSE)
    head, _, body = received.partition(b"\r\n\r\n")
    tag = next(line.split(b":", 1)[1].strip().decode() for line in head.split(b"\r\n")
               if line.lower().startswith(b"etag:"))
    return json.loads(body)["results"]["bindings"][0]["b"]["value"], tag


def test_empty_and_missing_host_resolve_against_the_servers_own_address(raw: Server) -> None:
    missing, missing_tag = base_of(raw, b"")
    empty, empty_tag = base_of(raw, b"Host:\r\n")
    named, named_tag = base_of(raw, b"Host: example.org\r\n")
    own = f"http://127.0.0.1:{port(raw)}/x"
    assert missing == empty == own and missing_tag == empty_tag
    assert named == "http://example.org/x" and named_tag != empty_tag


@pytest.mark.parametrize("target", [
    b"/sparql?query=ASK%zz%7B%7D", b"/sparql?query=ASK%7B%7D%", b"/sparql?query=%E9ASK%7B%7D",
])
def test_malformed_percent_encoding_in_the_query_string_is_400(raw: Server,
                                                               target: bytes) -> None:
    received, _ = exchange(raw, b"GET " + target + b" HTTP/1.1\r\nHost: t\r\n" + CLOSE)
    assert statuses(received) == [400] and b"encod" in received


@pytest.mark.parametrize("body", [b"query=ASK%zz%7B%7D", b"query=%FF%FE"])
def test_malformed_percent_encoding_in_a_form_is_400(raw: Server, body: bytes) -> None:
    received, _ = exchange(raw, b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: "
                           b"application/x-www-form-urlencoded\r\nContent-Length: "
                           + str(len(body)).encode() + b"\r\n" + CLOSE + body)
    assert statuses(received) == [400] and b"encod" in received


def test_accept_with_parameters_is_honoured(raw: Server) -> None:
    received, _ = exchange(raw, GET + b"Accept: application/sparql-results+json; "
                           b"charset=utf-8\r\n" + CLOSE)
    head, _, body = received.partition(b"\r\n\r\n")
    assert statuses(received) == [200]
    assert b"application/sparql-results+json" in head and json.loads(body)["boolean"] is True
