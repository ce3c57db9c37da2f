"""Attacks on the running server: each asserts the status, the time taken, and that the
server still answers afterwards."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from server_http import Reply, get, post_form, post_query, request
from serverkit import Server, build_store, w3c_quads

from kg.store import StoreError
from server import Settings, create_app, serve

STILL_THERE = "ASK { ?s ?p ?o }"
# Bounds on time show that work was refused or stopped rather than done (a cross join
# here runs for minutes). They are the issue's own bounds (deep nesting refused in < 1 s,
# a runaway query stopped within its limit + 1 s): safety promises, not speed targets.
# Measured here: 0.03 s and 1.06 s. SLACK covers the other refusals.
SLACK = 1.0
QUERY_TIMEOUT = 1.0  # the `server` fixture's KG_QUERY_TIMEOUT


def assert_still_answers(server: Server) -> None:
    reply = post_query(server.sparql, STILL_THERE, accept="application/sparql-results+json")
    assert reply.status == 200, reply.text
    assert json.loads(reply.body)["boolean"] is True


def timed(call: Callable[[], Reply]) -> tuple[Reply, float]:
    started = time.monotonic()
    reply = call()
    return reply, time.monotonic() - started


class Listener:
    """A loopback TCP listener that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lis = Listener()
    yield lis
    lis.close()


def test_service_to_a_loopback_listener_is_refused(server: Server, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    reply, took = timed(lambda: get(server.sparql, {"query": query}))
    assert reply.status == 400 and "SERVICE" in reply.text
    assert took < 1 + SLACK
    time.sleep(0.3)
    assert listener.connections == 0
    assert_still_answers(server)


@pytest.mark.parametrize("query", [
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE SILENT x:sparql {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE <http://127.0.0.1:{port}\\u002Fsparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "select * {{ service <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
])
def test_disguised_service_is_refused(server: Server, listener: Listener, query: str) -> None:
    reply = post_query(server.sparql, query.format(port=listener.port))
    assert reply.status == 400, reply.text
    time.sleep(0.2)
    assert listener.connections == 0


def test_the_word_service_in_a_string_is_not_refused(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?x) } # SERVICE <x>'
    assert post_query(server.sparql, query).status == 200


def test_from_a_file_reads_nothing(server: Server, tmp_path) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text("<http://example.org/secret> <http://example.org/p> \"leak\" .\n")
    query = f"SELECT * FROM <{secret.as_uri()}> FROM NAMED <{secret.as_uri()}> " \
            "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    reply, took = timed(lambda: get(server.sparql, {"query": query}))
    assert reply.status == 200 and took < 1 + SLACK
    assert json.loads(reply.body)["results"]["bindings"] == []
    assert_still_answers(server)


def test_load_is_refused(server: Server) -> None:
    reply = request("POST", server.sparql, "LOAD <file:///etc/passwd>",
                    {"Content-Type": "application/sparql-update"})
    assert reply.status in (400, 403)
    assert_still_answers(server)


def test_3000_nested_braces_is_400_fast(server: Server) -> None:
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    reply, took = timed(lambda: post_query(server.sparql, query))
    assert reply.status == 400 and "nests" in reply.text
    assert took < 1.0
    assert_still_answers(server)


def test_long_property_path_is_400(server: Server) -> None:
    query = "SELECT * WHERE { ?s <urn:p>" + "/<urn:p>" * 1500 + " ?o }"
    reply = post_query(server.sparql, query)
    assert reply.status == 400
    assert_still_answers(server)


def test_cross_join_is_stopped_with_503(server: Server) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    reply, took = timed(lambda: post_query(server.sparql, query, timeout=60))
    assert reply.status == 503, reply.text
    assert "time limit" in reply.text
    assert took < QUERY_TIMEOUT + 1.0  # stopped at the limit, not run to the end
    assert_still_answers(server)
    assert server.health()["store_open"] is True


def test_update_without_token_is_403_and_store_unchanged(server: Server) -> None:
    before = server.health()["triples"]
    for reply in (
        request("POST", server.sparql, "CLEAR ALL", {"Content-Type": "application/sparql-update"}),
        post_form(server.sparql, {"update": "DROP ALL"}),
    ):
        assert reply.status == 403
    assert server.health()["triples"] == before
    assert_still_answers(server)


def test_update_via_get_is_refused(server: Server) -> None:
    assert get(server.sparql, {"update": "CLEAR ALL"}).status == 400


def test_1_mib_body_is_413(server: Server) -> None:
    body = "ASK {}" + " " * (1 << 20)
    reply, took = timed(lambda: post_query(server.sparql, body))
    assert reply.status == 413 and took < 2 + SLACK
    assert_still_answers(server)


def test_10_kb_get_is_414_with_a_hint(server: Server) -> None:
    reply = get(server.sparql, {"query": "ASK {}" + " " * 10_000})
    assert reply.status == 414
    assert "POST" in reply.text
    assert_still_answers(server)


def test_get_just_over_the_application_cap_is_414_with_a_hint(server: Server) -> None:
    reply = request("GET", server.sparql + "?query=ASK%7B%7D" + "%20" * 2700)
    assert reply.status == 414 and "POST" in reply.text


def test_update_with_token(start: Callable[..., Server]) -> None:
    server = start(w3c_quads(), KG_UPDATE_TOKEN="s3cret")
    headers = {"Content-Type": "application/sparql-update"}
    insert = "INSERT DATA { GRAPH <http://example.org/new> { <urn:a> <urn:b> <urn:c> } }"
    assert request("POST", server.sparql, insert, headers).status == 403
    wrong = {**headers, "Authorization": "Bearer nope"}
    assert request("POST", server.sparql, insert, wrong).status == 403
    right = {**headers, "Authorization": "Bearer s3cret"}
    assert request("POST", server.sparql, insert, right).status == 200
    reply = post_query(server.sparql, "ASK { <urn:a> <urn:b> <urn:c> }")
    assert json.loads(reply.body)["boolean"] is True
    load = request("POST", server.sparql, "LOAD <http://127.0.0.1:1/x>", right)
    assert load.status == 400


def test_a_new_build_is_served_without_restart(start: Callable[..., Server]) -> None:
    server = start(w3c_quads())
    assert server.health()["build"] == "test-build"
    new = ox.Quad(ox.NamedNode("urn:new"), ox.NamedNode("urn:p"), ox.Literal("v"),
                  ox.NamedNode("urn:graph:new"))
    build_store(server.store, [*w3c_quads(), new], build_id="second-build")
    assert server.health()["build"] == "second-build"
    reply = post_query(server.sparql, "ASK { <urn:new> <urn:p> 'v' }")
    assert json.loads(reply.body)["boolean"] is True


def test_serve_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kg build"):
        serve(Settings.from_env({}, store=tmp_path / "empty"))


def test_health_without_a_build_is_503(tmp_path: Path) -> None:
    app = create_app(Settings.from_env({}, store=tmp_path / "empty"))
    reply = app.test_client().get("/health")
    assert reply.status_code == 503
    assert reply.get_json()["store_open"] is False
    query = app.test_client().get("/sparql?query=ASK%7B%7D")
    assert query.status_code == 503 and "kg build" in query.get_data(as_text=True)
