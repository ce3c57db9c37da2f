"""The SPARQL 1.1 Service Description, with a VoID description of the served dataset.

Answered on a GET of the endpoint without a query, so a client can learn what the
endpoint speaks (result formats, the union default graph, federation) and what it holds
(triples per named graph) before asking anything.
"""

from __future__ import annotations

import pyoxigraph as ox

from server.dataset import Live
from server.formats import RESULTS
from server.settings import Settings

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PREFIXES = {"sd": SD, "void": VOID, "dcterms": DCTERMS}

_W3C_FORMATS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
}
_W3C_RDF = ("Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG")


def _n(local: str, ns: str = SD) -> ox.NamedNode:
    return ox.NamedNode(ns + local)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def service_description(live: Live, endpoint: str, settings: Settings) -> list[ox.Triple]:
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode("dataset")
    t = [ox.Triple(service, RDF_TYPE, _n("Service")),
         ox.Triple(service, _n("endpoint"), service),
         ox.Triple(service, _n("supportedLanguage"), _n("SPARQL11Query")),
         ox.Triple(service, _n("feature"), _n("UnionDefaultGraph")),
         ox.Triple(service, _n("defaultDataset"), dataset)]
    if settings.updates_enabled:
        t.append(ox.Triple(service, _n("supportedLanguage"), _n("SPARQL11Update")))
    if settings.service_allow:
        t.append(ox.Triple(service, _n("feature"), _n("BasicFederatedQuery")))
    t += [ox.Triple(service, _n("resultFormat"), ox.NamedNode(_W3C_FORMATS[f.name]))
          for f in RESULTS]
    t += [ox.Triple(service, _n("resultFormat"),
                    ox.NamedNode(f"http://www.w3.org/ns/formats/{name}")) for name in _W3C_RDF]
    t += _dataset_triples(dataset, service, live)
    return t


def _dataset_triples(dataset: ox.BlankNode, service: ox.NamedNode, live: Live) -> list:
    default = ox.BlankNode("default")
    t = [ox.Triple(dataset, RDF_TYPE, _n("Dataset")),
         ox.Triple(dataset, RDF_TYPE, _n("Dataset", VOID)),
         ox.Triple(dataset, _n("sparqlEndpoint", VOID), service),
         ox.Triple(dataset, _n("triples", VOID), _int(live.triples())),
         ox.Triple(dataset, _n("identifier", DCTERMS), ox.Literal(live.build_id)),
         ox.Triple(dataset, _n("hasVersion", DCTERMS), ox.Literal(live.version)),
         ox.Triple(dataset, _n("defaultGraph"), default),
         ox.Triple(default, RDF_TYPE, _n("Graph")),
         ox.Triple(default, _n("triples", VOID), _int(live.triples()))]
    for i, (name, count) in enumerate(sorted(graph_sizes(live).items())):
        named = ox.BlankNode(f"ng{i}")
        graph = ox.BlankNode(f"g{i}")
        t += [ox.Triple(dataset, _n("namedGraph"), named),
              ox.Triple(named, RDF_TYPE, _n("NamedGraph")),
              ox.Triple(named, _n("name"), ox.NamedNode(name)),
              ox.Triple(named, _n("graph"), graph),
              ox.Triple(graph, RDF_TYPE, _n("Graph")),
              ox.Triple(graph, _n("triples", VOID), _int(count))]
    return t


def graph_sizes(live: Live) -> dict[str, int]:
    """Triples per named graph: from build.json when it says, else counted once per build."""
    if live.info and live.info.graphs and not live.writable:
        return dict(live.info.graphs)
    if live.writable or live.build_id not in _SIZES:
        query = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = live.store.query(query)
        assert isinstance(rows, ox.QuerySolutions)
        sizes = {row["g"].value: int(row["n"].value) for row in rows}
        if live.writable:
            return sizes
        _SIZES.clear()  # one build at a time is served
        _SIZES[live.build_id] = sizes
    return _SIZES[live.build_id]


_SIZES: dict[str, dict[str, int]] = {}
