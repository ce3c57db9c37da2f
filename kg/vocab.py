"""Namespaces and the IRIs the build mints: the one place that knows IRI shapes.

IRIs are made from stable keys only (a document's file stem, a reference id, character
offsets), so the same inputs always give the same IRIs.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/rskg/"
RSKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
EVENT_TYPE = Namespace(BASE + "event-type/")
ROLE = Namespace(BASE + "role/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "rskg": str(RSKG),
    "id": str(ID),
    "rskgt": str(EVENT_TYPE),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "prov": str(PROV),
    "oa": str(OA),
    "sem": str(SEM),
    "geo": str(GEO),
    "dcterms": str(DCTERMS),
    "void": str(VOID),
    "wd": str(WD),
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}

GRAPH_ONTOLOGY = URIRef(BASE + "graph/ontology")
GRAPH_REFERENCE = URIRef(BASE + "graph/reference")
GRAPH_PROVENANCE = URIRef(BASE + "graph/provenance")
GRAPH_DESCRIPTION = URIRef(BASE + "graph/description")  # VoID / DCAT of the dataset
GRAPH_WIKIDATA = URIRef(BASE + "graph/wikidata")  # cached Wikidata facts (kg link --refresh)
GRAPH_REVIEW = URIRef(BASE + "graph/review")  # candidates (kg link --suggest), rejections
DOC_GRAPH_PREFIX = BASE + "graph/doc/"


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries typed by people."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def doc_graph(doc_id: str) -> URIRef:
    return URIRef(DOC_GRAPH_PREFIX + doc_id)


def doc(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def doc_author(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}/author"]


def mention(doc_id: str, start: int, end: int) -> URIRef:
    return ID[f"doc/{doc_id}/mention/{start}-{end}"]


def entity(entity_id: str, is_event: bool = False) -> URIRef:
    return ID[f"{'event' if is_event else 'entity'}/{entity_id}"]


def build(build_id: str) -> URIRef:
    return ID[f"build/{build_id}"]


def software(version: str) -> URIRef:
    return ID[f"software/rskg/{version}"]


def input_file(relative_path: str) -> URIRef:
    return ID[f"input/{relative_path}"]


def claim(doc_id: str, start: int, end: int) -> URIRef:
    return ID[f"doc/{doc_id}/claim/{start}-{end}"]


def annotation(doc_id: str, role: str, start: int, end: int) -> URIRef:
    """A span-keyed resource of a document ("date" phrases)."""
    return ID[f"doc/{doc_id}/{role}/{start}-{end}"]


def part(node: URIRef, name: str) -> URIRef:
    """A resource that exists only as part of another (its anchor, its cue)."""
    return URIRef(f"{node}/{name}")


def quantity(doc_id: str, start: int, end: int) -> URIRef:
    return ID[f"doc/{doc_id}/quantity/{start}-{end}"]
