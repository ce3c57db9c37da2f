"""Real SPARQL clients against the running server: SPARQLWrapper, rdflib's SPARQLStore, curl."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from serverkit import Server
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper

DATA1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"
FOAF_DOC = "http://xmlns.com/foaf/0.1/Document"
SELECT = f"SELECT ?s WHERE {{ ?s a <{FOAF_DOC}> }}"


def wrapper(server: Server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(server: Server, method: str) -> None:
    result = wrapper(server, SELECT, JSON, method).queryAndConvert()
    values = {b["s"]["value"] for b in result["results"]["bindings"]}
    assert DATA1 in values and len(values) == 3


def test_sparqlwrapper_select_xml_csv_tsv(server: Server) -> None:
    xml = wrapper(server, SELECT, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 3
    csv_text = wrapper(server, SELECT, CSV).queryAndConvert().decode()
    assert csv_text.splitlines()[0] == "s" and DATA1 in csv_text
    tsv_text = wrapper(server, SELECT, TSV).queryAndConvert().decode()
    assert tsv_text.splitlines()[0] == "?s" and f"<{DATA1}>" in tsv_text


def test_sparqlwrapper_ask(server: Server) -> None:
    assert wrapper(server, f"ASK {{ <{DATA1}> a ?t }}", JSON).queryAndConvert()["boolean"]
    dom = wrapper(server, "ASK { <urn:none> ?p ?o }", XML).queryAndConvert()
    assert dom.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "n3"])
def test_sparqlwrapper_construct_and_describe(server: Server, fmt: str) -> None:
    for query in (f"CONSTRUCT WHERE {{ ?s a <{FOAF_DOC}> }}", f"DESCRIBE <{DATA1}>"):
        graph = wrapper(server, query, fmt).queryAndConvert()
        if isinstance(graph, bytes | str):  # SPARQLWrapper leaves some formats unparsed
            graph = rdflib.Graph().parse(data=graph, format="turtle" if fmt == "n3" else fmt)
        assert (rdflib.URIRef(DATA1), rdflib.RDF.type, rdflib.URIRef(FOAF_DOC)) in graph


def test_rdflib_sparqlstore_json(server: Server) -> None:
    graph = rdflib.Graph(SPARQLStore(server.sparql, returnFormat="json"))
    rows = list(graph.query(SELECT))
    assert {str(r[0]) for r in rows} >= {DATA1}
    assert graph.query(f"ASK {{ <{DATA1}> a ?t }}").askAnswer is True


def test_rdflib_sparqlstore_graph_operations(server: Server) -> None:
    """Its default Accept (SPARQL XML or RDF/XML) serves CONSTRUCT and triples()."""
    graph = rdflib.Graph(SPARQLStore(server.sparql))
    constructed = graph.query(f"CONSTRUCT WHERE {{ <{DATA1}> ?p ?o }}").graph
    assert len(constructed) == 1
    triples = list(graph.triples((rdflib.URIRef(DATA1), None, None)))
    assert len(triples) == 1


def test_rdflib_sparqlstore_xml(server: Server) -> None:
    graph = rdflib.Graph(SPARQLStore(server.sparql))  # its default: SPARQL XML results
    assert len(list(graph.query(SELECT))) == 3
    assert len(graph) == 303  # SELECT (COUNT(*) ...) over the union default graph


curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@curl
@pytest.mark.parametrize("args", [
    ["--get", "--data-urlencode", f"query={SELECT}"],
    ["--data-urlencode", f"query={SELECT}"],
    ["-H", "Content-Type: application/sparql-query", "--data-binary", SELECT],
])
def test_curl_three_ways_to_send_a_query(server: Server, args: list[str]) -> None:
    out = subprocess.run(["curl", "-sS", "-f", "-H", "Accept: application/sparql-results+json",
                          *args, server.sparql], capture_output=True, check=True, timeout=30)
    assert len(json.loads(out.stdout)["results"]["bindings"]) == 3


@curl
def test_curl_sees_error_statuses(server: Server) -> None:
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--get",
                          "--data-urlencode", "query=SELECT {", server.sparql],
                         capture_output=True, check=True, timeout=30)
    assert out.stdout == b"400"
