"""Wikidata's own vocabulary, as the cache and the queries to an endpoint use it.

The cache speaks Wikidata's terms (`wdt:P31`, `schema:description`, `rdfs:label`), so a
query written for query.wikidata.org reads the offline copy unchanged.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD

from kg import vocab

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = Namespace("http://schema.org/")  # Wikidata's schema.org IRIs are http:, not https:
GEO = vocab.GEO

INSTANCE_OF = WDT.P31
COORDINATES = WDT.P625
START_TIME = WDT.P580
END_TIME = WDT.P582
POINT_IN_TIME = WDT.P585
DATE_PROPERTIES = (START_TIME, END_TIME, POINT_IN_TIME)
FACT_PROPERTIES = (INSTANCE_OF, COORDINATES, *DATE_PROPERTIES)
HUMAN = WD.Q5  # Wikidata's class of people: the one type check suggestions make

PREFIXES: dict[str, str] = {
    "wd": str(WD),
    "wdt": str(WDT),
    "schema": str(SCHEMA),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "geo": str(GEO),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "id": str(vocab.ID),
}


def qid_of(iri: str) -> str | None:
    """The QID of a Wikidata entity IRI, or None for anything else (a page URL, a lexeme)."""
    text = str(iri)
    if not text.startswith(str(WD)):
        return None
    local = text[len(str(WD)):]
    return local if local[:1] == "Q" and local[1:].isdigit() else None


def item(qid: str) -> URIRef:
    return WD[qid]


def record(qid: str) -> URIRef:
    """The cache's node saying when and where the facts about one item were taken."""
    return vocab.ID[f"wikidata/{qid}"]


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def qid_property(iri: URIRef) -> str:
    """`P580` for wdt:P580: the short name the report and JSON output use."""
    return str(iri)[len(str(WDT)):]
