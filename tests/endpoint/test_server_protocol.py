"""The SPARQL 1.1 Protocol over plain HTTP against the running server: forms, formats,
datasets, negotiation, the service description, Graph Store reads, CORS, HEAD, OPTIONS."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
from server_http import get, post_form, post_query, request
from serverkit import GEN_GRAPH, Server

DATA1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"
DATA2 = "http://kasei.us/2009/09/sparql/data/data2.rdf"
SELECT = "SELECT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> } ORDER BY ?s"
ASK = "ASK { ?s a <http://xmlns.com/foaf/0.1/Document> }"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }"
DESCRIBE = f"DESCRIBE <{DATA1}>"
SRX = "{http://www.w3.org/2005/sparql-results#}"

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


def select_rows(body: bytes, kind: str) -> list[str]:
    """The ?s column of a SELECT result in any of the four formats."""
    text = body.decode()
    if kind == "json":
        return [b["s"]["value"] for b in json.loads(text)["results"]["bindings"]]
    if kind == "xml":
        root = ET.fromstring(body)
        return [uri.text or "" for uri in root.iter(f"{SRX}uri")]
    if kind == "csv":
        return [row["s"] for row in csv.DictReader(io.StringIO(text))]
    return [line.strip("<>") for line in text.splitlines()[1:]]


@pytest.mark.parametrize("media_type", RESULT_TYPES)
def test_select_in_every_results_format(server: Server, media_type: str) -> None:
    reply = get(server.sparql, {"query": SELECT}, accept=media_type)
    assert reply.status == 200, reply.text
    assert reply.content_type == media_type
    assert select_rows(reply.body, RESULT_TYPES[media_type]) == [
        DATA1, DATA2, "http://kasei.us/2009/09/sparql/data/data3.rdf"]


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml"])
def test_ask_as_boolean(server: Server, media_type: str) -> None:
    reply = post_query(server.sparql, ASK, accept=media_type)
    assert reply.status == 200
    if media_type.endswith("json"):
        assert json.loads(reply.body)["boolean"] is True
    else:
        assert ET.fromstring(reply.body).find(f"{SRX}boolean").text == "true"


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
@pytest.mark.parametrize("media_type", RDF_TYPES)
def test_graph_results_in_every_rdf_format(server: Server, query: str, media_type: str) -> None:
    reply = post_form(server.sparql, {"query": query}, accept=media_type)
    assert reply.status == 200, reply.text
    assert reply.content_type == media_type
    parsed = rdflib.Dataset() if RDF_TYPES[media_type] in {"nquads", "trig"} else rdflib.Graph()
    parsed.parse(data=reply.body, format=RDF_TYPES[media_type])
    subjects = {str(s) for s, _, _ in parsed.triples((None, None, None))} if isinstance(
        parsed, rdflib.Graph) and not isinstance(parsed, rdflib.Dataset) else {
        str(q[0]) for q in parsed.quads((None, None, None, None))}
    assert DATA1 in subjects


def test_q_values_pick_the_preferred_format(server: Server) -> None:
    accept = "text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1"
    assert get(server.sparql, {"query": SELECT}, accept=accept).content_type == (
        "application/sparql-results+xml")
    accept = "text/turtle;q=0.2, application/n-triples"
    assert get(server.sparql, {"query": CONSTRUCT}, accept=accept).content_type == (
        "application/n-triples")


def test_format_parameter_overrides_accept(server: Server) -> None:
    reply = get(server.sparql, {"query": SELECT, "format": "csv"}, accept="text/html")
    assert reply.content_type == "text/csv"
    reply = get(server.sparql, {"query": CONSTRUCT, "format": "json"})
    assert reply.content_type == "application/ld+json"


def test_406_when_nothing_acceptable(server: Server) -> None:
    assert get(server.sparql, {"query": SELECT}, accept="image/png").status == 406
    assert get(server.sparql, {"query": CONSTRUCT}, accept="text/csv").status == 406


def test_from_restricts_the_union_default_graph(server: Server) -> None:
    plain = get(server.sparql, {"query": SELECT})
    assert len(select_rows(plain.body, "json")) == 3
    restricted = get(server.sparql, {"query": SELECT.replace("WHERE", f"FROM <{DATA1}> WHERE")})
    assert select_rows(restricted.body, "json") == [DATA1]


def test_from_named_restricts_graph_patterns(server: Server) -> None:
    query = (f"SELECT DISTINCT ?g FROM NAMED <{DATA2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    rows = json.loads(get(server.sparql, {"query": query}).body)["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [DATA2]


def test_protocol_dataset_overrides_from(server: Server) -> None:
    query = SELECT.replace("WHERE", f"FROM <{DATA1}> WHERE")
    reply = get(server.sparql, [("query", query), ("default-graph-uri", DATA2)])
    assert select_rows(reply.body, "json") == [DATA2]


def test_unknown_from_graph_is_empty(server: Server) -> None:
    query = "SELECT * FROM <http://example.org/nowhere> WHERE { ?s ?p ?o }"
    reply = get(server.sparql, {"query": query})
    assert reply.status == 200
    assert json.loads(reply.body)["results"]["bindings"] == []


def test_malformed_query_is_400_with_parser_message(server: Server) -> None:
    reply = get(server.sparql, {"query": "SELECT * WHERE { ?s ?p "})
    assert reply.status == 400
    assert "malformed query" in reply.text and "error at" in reply.text


@pytest.mark.parametrize(("method", "content_type", "status"), [
    ("PUT", "application/sparql-query", 405),
    ("DELETE", None, 405),
    ("POST", "text/plain", 415),
    ("POST", None, 415),
    ("POST", "application/sparql-query; charset=UTF-16", 415),
])
def test_protocol_errors(server: Server, method: str, content_type: str | None,
                         status: int) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    reply = request(method, server.sparql, "ASK {}", headers)
    assert reply.status == status, reply.text


def test_two_queries_is_400(server: Server) -> None:
    assert get(server.sparql, [("query", "ASK {}"), ("query", "ASK {}")]).status == 400


def test_service_description(server: Server) -> None:
    reply = get(server.sparql, accept="text/turtle")
    assert reply.status == 200
    graph = rdflib.Graph().parse(data=reply.body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    assert (None, rdflib.RDF.type, sd.Service) in graph
    assert (None, sd.feature, sd.UnionDefaultGraph) in graph
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert {DATA1, DATA2, GEN_GRAPH} <= names
    assert 303 in {o.toPython() for o in graph.objects(None, void.triples)}


def test_service_description_for_a_browser_is_turtle(server: Server) -> None:
    reply = get(server.sparql, accept="text/html")
    assert reply.status == 200 and reply.content_type == "text/turtle"


def test_cors_and_preflight(server: Server) -> None:
    reply = get(server.sparql, {"query": ASK})
    assert reply.headers["access-control-allow-origin"] == "*"
    preflight = request("OPTIONS", server.sparql, headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]


def test_head_has_headers_and_no_body(server: Server) -> None:
    reply = request("HEAD", server.sparql + "?query=ASK%7B%7D")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["content-type"].startswith("application/sparql-results+json")


def test_row_cap_is_signalled(server: Server) -> None:
    query = f"SELECT ?s WHERE {{ GRAPH <{GEN_GRAPH}> {{ ?s ?p ?o }} }}"
    reply = get(server.sparql, {"query": query})
    assert reply.status == 200
    doc = json.loads(reply.body)
    assert len(doc["results"]["bindings"]) == 100
    assert doc["truncated"] is True and doc["rowCap"] == 100
    assert reply.headers["x-truncated"] == "true"
    small = get(server.sparql, {"query": SELECT})
    assert "x-truncated" not in small.headers and "truncated" not in json.loads(small.body)


@pytest.mark.parametrize("media_type", RDF_TYPES)
def test_graph_store_read_of_one_graph(server: Server, media_type: str) -> None:
    reply = get(server.base + "/store", {"graph": DATA1}, accept=media_type)
    assert reply.status == 200, reply.text
    kind = RDF_TYPES[media_type]
    parsed = rdflib.Dataset() if kind in {"nquads", "trig"} else rdflib.Graph()
    parsed.parse(data=reply.body, format=kind)
    assert len(parsed) >= 1 if kind not in {"nquads", "trig"} else True


def test_graph_store_default_is_the_union(server: Server) -> None:
    reply = get(server.base + "/store", {"default": ""}, accept="application/n-triples")
    assert reply.status == 200
    assert len(reply.text.strip().splitlines()) == 303


def test_graph_store_unknown_graph_is_404(server: Server) -> None:
    assert get(server.base + "/store", {"graph": "http://example.org/nowhere"}).status == 404


def test_graph_store_on_the_endpoint(server: Server) -> None:
    reply = get(server.sparql, {"graph": DATA2}, accept="application/n-triples")
    assert reply.status == 200 and DATA2 in reply.text


def test_health(server: Server) -> None:
    health = server.health()
    assert health["store_open"] is True
    assert health["triples"] == 303
    assert health["build"] == "test-build"


def test_one_json_log_line_per_request(server: Server) -> None:
    get(server.sparql, {"query": "ASK { <urn:log-line-test> ?p ?o }"})
    lines = [r for r in server.log_lines() if r.get("path") == "/sparql"]
    assert lines, "no access log lines"
    last = lines[-1]
    assert {"status", "ms", "rows", "query_hash"} <= set(last)
