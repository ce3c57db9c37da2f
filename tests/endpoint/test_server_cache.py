"""HTTP caching against the real server: ETags that change with the build and with
everything the answer depends on, 304 on If-None-Match, and the in-process cache (hits on
repeats, byte-identical bodies, one entry per Accept, what must never be kept is not)."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from server_http import Reply, get
from serverkit import Server, build_store, w3c_quads

EX = "http://example.org/cache/"
JSON = "application/sparql-results+json"
QUERY = f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }} ORDER BY ?o"


def quads(n: int, value: str = "v") -> list[ox.Quad]:
    graph = ox.NamedNode(EX + "graph")
    return [ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"),
                    ox.Literal(f"{value}{i:03d}"), graph) for i in range(n)]


class Client:
    """One keep-alive connection, so every request reaches the same worker process."""

    def __init__(self, server: Server) -> None:
        parts = urllib.parse.urlsplit(server.base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def get(self, query: str, accept: str = JSON, **headers: str) -> Reply:
        target = "/sparql?" + urllib.parse.urlencode({"query": query})
        return self._send("GET", target, None, {"Accept": accept, **headers})

    def post(self, body: str, content_type: str, accept: str = JSON) -> Reply:
        return self._send("POST", "/sparql", body.encode(),
                          {"Accept": accept, "Content-Type": content_type})

    def _send(self, method: str, target: str, body: bytes | None,
              headers: dict[str, str]) -> Reply:
        self.conn.request(method, target, body=body, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                     payload)

    def close(self) -> None:
        self.conn.close()


@pytest.fixture(scope="module")
def cached(start: Callable[..., Server]) -> Server:
    """One worker process (so one cache), a row cap of 50, the cache on (the default)."""
    return start(w3c_quads() + quads(120), KG_WORKERS="1", KG_ROW_CAP="50")


@pytest.fixture
def client(cached: Server):
    c = Client(cached)
    yield c
    c.close()


def without(headers: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in names}


def test_repeat_is_a_hit_with_the_same_bytes(client: Client) -> None:
    query = QUERY + " # repeat"
    first, second = client.get(query), client.get(query)
    assert first.status == second.status == 200
    assert first.headers["x-cache"] == "miss"
    assert second.headers["x-cache"] == "hit"
    assert second.body == first.body
    assert without(second.headers, "x-cache", "date") == without(first.headers, "x-cache",
                                                                  "date")


def test_row_cap_and_truncation_flags_survive_a_hit(client: Client) -> None:
    query = QUERY + " # capped"
    first, second = client.get(query), client.get(query)
    assert second.headers["x-cache"] == "hit"
    for reply in (first, second):
        assert reply.headers["x-row-cap"] == "50"
        assert reply.headers["x-truncated"] == "true"
        doc = json.loads(reply.body)
        assert doc["truncated"] is True and doc["rowCap"] == 50
        assert len(doc["results"]["bindings"]) == 50
    assert second.body == first.body


def test_each_accept_is_its_own_entry(client: Client) -> None:
    query = QUERY + " # accept"
    json_miss = client.get(query, accept=JSON)
    csv_miss = client.get(query, accept="text/csv")
    json_hit = client.get(query, accept=JSON)
    csv_hit = client.get(query, accept="text/csv")
    assert (json_miss.headers["x-cache"], csv_miss.headers["x-cache"]) == ("miss", "miss")
    assert (json_hit.headers["x-cache"], csv_hit.headers["x-cache"]) == ("hit", "hit")
    assert csv_hit.content_type == "text/csv" and csv_hit.body == csv_miss.body
    assert json_hit.content_type == JSON and json_hit.body == json_miss.body
    assert csv_hit.body != json_hit.body


def test_format_parameter_is_part_of_the_key(client: Client) -> None:
    base = QUERY + " # format"
    plain = client.get(base)
    as_xml = client._send("GET", "/sparql?" + urllib.parse.urlencode(
        {"query": base, "format": "xml"}), None, {})
    assert plain.headers["x-cache"] == as_xml.headers["x-cache"] == "miss"
    assert as_xml.content_type == "application/sparql-results+xml"


def test_posts_are_cached_too(client: Client) -> None:
    query = QUERY + " # post"
    direct = [client.post(query, "application/sparql-query") for _ in range(2)]
    form_body = urllib.parse.urlencode({"query": query})
    form = [client.post(form_body, "application/x-www-form-urlencoded") for _ in range(2)]
    assert [r.headers["x-cache"] for r in direct] == ["miss", "hit"]
    assert [r.headers["x-cache"] for r in form] == ["hit", "hit"]  # the same answer
    assert direct[1].body == direct[0].body == form[0].body == form[1].body


def test_a_new_build_is_a_miss_with_the_new_data(cached: Server, client: Client) -> None:
    query = QUERY + " # rebuild"
    before = client.get(query)
    assert client.get(query).headers["x-cache"] == "hit"
    build_store(cached.store, w3c_quads() + quads(3, value="new"), build_id="cache-build-2")
    after = client.get(query)
    assert after.status == 200 and after.headers["x-cache"] == "miss"
    values = [b["o"]["value"] for b in json.loads(after.body)["results"]["bindings"]]
    assert values == ["new000", "new001", "new002"]
    assert after.body != before.body
    assert client.get(query).headers["x-cache"] == "hit"
    assert cached.health()["build"] == "cache-build-2"


@pytest.mark.parametrize("query", [
    "SELECT (NOW() AS ?now) WHERE {}",
    "SELECT (RAND() AS ?r) WHERE {}",
    "SELECT (STRUUID() AS ?u) WHERE {}",
])
def test_volatile_answers_are_not_cached(client: Client, query: str) -> None:
    replies = [client.get(query) for _ in range(2)]
    assert all(r.status == 200 and "x-cache" not in r.headers for r in replies)


def test_errors_are_not_cached(client: Client) -> None:
    replies = [client.get("SELECT WHERE {") for _ in range(2)]
    assert all(r.status == 400 and "x-cache" not in r.headers for r in replies)


def test_no_cache_request_bypasses_the_cache(client: Client) -> None:
    query = QUERY + " # bypass"
    client.get(query)
    fresh = client.get(query, **{"Cache-Control": "no-cache"})
    assert fresh.status == 200 and fresh.headers["x-cache"] == "miss"
    assert client.get(query).headers["x-cache"] == "hit"


def test_a_hit_is_logged_like_the_miss(cached: Server, client: Client) -> None:
    query = QUERY + " # logged"
    miss_reply = client.get(query)
    client.get(query)
    qhash = None
    deadline = time.monotonic() + 5  # a hit is logged just after its answer is sent
    while time.monotonic() < deadline:
        lines = [line for line in cached.log_lines() if line.get("path") == "/sparql"]
        qhash = lines[-1].get("query_hash")
        mine = [line for line in lines if line.get("query_hash") == qhash]
        if len(mine) >= 2 and lines[-1].get("note") == "cache hit":
            break
        time.sleep(0.05)
    miss, hit = mine[-2], mine[-1]
    assert miss_reply.status == 200
    assert hit["note"] == "cache hit" and "note" not in miss
    assert hit["query_hash"] == miss["query_hash"] and hit["rows"] == miss["rows"]
    assert hit["status"] == miss["status"] == 200 and hit["bytes"] == miss["bytes"]


def test_head_has_the_get_answers_headers(client: Client) -> None:
    query = QUERY + " # head"
    got = client.get(query)
    reply = client._send("HEAD", "/sparql?" + urllib.parse.urlencode({"query": query}),
                         None, {"Accept": JSON})
    assert reply.status == 200 and reply.body == b""
    assert reply.headers["etag"] == got.headers["etag"]


def test_cache_can_be_turned_off(start: Callable[..., Server]) -> None:
    server = start(quads(5), KG_WORKERS="1", KG_CACHE_BYTES="0")
    client = Client(server)
    try:
        replies = [client.get(QUERY) for _ in range(2)]
    finally:
        client.close()
    assert all(r.status == 200 and "x-cache" not in r.headers for r in replies)
    assert replies[0].body == replies[1].body


def test_if_none_match_is_a_304_without_a_body(client: Client) -> None:
    query = QUERY + " # conditional"
    first = client.get(query, **{"Cache-Control": "no-cache"})
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"
    again = client.get(query, **{"If-None-Match": tag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == tag
    other = client.get(query, **{"If-None-Match": '"something-else"'})
    assert other.status == 200 and other.body == first.body


@pytest.mark.parametrize("change", [
    {"accept": "text/csv"},
    {"query": QUERY + " # other text"},
    {"format": "xml"},
    {"default-graph-uri": EX + "graph"},
    {"named-graph-uri": EX + "graph"},
    {"Host": "other.example:80"},
])
def test_the_etag_changes_with_what_the_answer_depends_on(client: Client,
                                                           change: dict[str, str]) -> None:
    base = {"query": QUERY + " # etag"}
    tag = client.get(base["query"]).headers["etag"]
    params = {**base, **{k: v for k, v in change.items() if k not in ("accept", "Host")}}
    headers = {"Accept": change.get("accept", JSON)}
    if "Host" in change:
        headers["Host"] = change["Host"]
    reply = client._send("GET", "/sparql?" + urllib.parse.urlencode(params), None, headers)
    assert reply.status == 200 and reply.headers["etag"] != tag


def test_a_new_build_changes_the_etag(start: Callable[..., Server]) -> None:
    server = start(quads(5), KG_WORKERS="1")
    before = get(server.sparql, {"query": QUERY}, accept=JSON)
    build_store(server.store, quads(2, value="w"), build_id="etag-build-2")
    after = get(server.sparql, {"query": QUERY}, accept=JSON)
    assert before.headers["etag"] != after.headers["etag"]
    assert len(json.loads(after.body)["results"]["bindings"]) == 2


def test_updates_make_answers_uncacheable(start: Callable[..., Server]) -> None:
    server = start(quads(5), KG_UPDATE_TOKEN="t")
    reply = get(server.sparql, {"query": QUERY}, accept=JSON)
    assert reply.status == 200 and "etag" not in reply.headers and "x-cache" not in reply.headers
