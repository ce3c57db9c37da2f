"""Small helpers every part of the mapping uses: literals, types, anchors, dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from kg import vocab
from kg.sources import Document
from kg.text.dates import PartialDate, parse_span
from kg.vocab import GEO, OA, RSKG, SCHEMA, SEM

CONTEXT_CHARS = 32
_MATERIALIZED = (str(RSKG), str(SCHEMA), str(SEM), str(GEO), str(PROV))


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def typed_date(value: PartialDate) -> Literal:
    return Literal(value.lexical, datatype=XSD[value.xsd_type])


def xsd_date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def type_closure(ontology: Graph, local_name: str) -> list[URIRef]:
    """The class rskg:<local_name> and all its superclasses in the materialized vocabularies."""
    start = RSKG[local_name]
    if (start, RDF.type, OWL.Class) not in ontology:
        raise ValueError(f"rskg:{local_name} is not a class of the ontology")
    found = {start}
    def supers(c: URIRef, _: Graph) -> Iterable[URIRef]:
        return (o for o in ontology.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))

    for cls in ontology.transitiveClosure(supers, start):
        if isinstance(cls, URIRef) and str(cls).startswith(_MATERIALIZED):
            found.add(cls)
    return sorted(found)


def add_types(g: Graph, node: URIRef, ontology: Graph, local_name: str) -> None:
    for cls in type_closure(ontology, local_name):
        g.add((node, RDF.type, cls))


def add_dates(g: Graph, node: URIRef, value: str, source: str) -> None:
    """schema:startDate/endDate at their precision, with sem xsd:date bounds."""
    start, end = parse_span(value)
    g.add((node, SCHEMA.startDate, typed_date(start)))
    g.add((node, SEM.hasEarliestBeginTimeStamp, xsd_date(start.earliest)))
    g.add((node, SEM.hasLatestBeginTimeStamp, xsd_date(start.latest)))
    if end is not None:
        g.add((node, SCHEMA.endDate, typed_date(end)))
        g.add((node, SEM.hasEarliestEndTimeStamp, xsd_date(end.earliest)))
        g.add((node, SEM.hasLatestEndTimeStamp, xsd_date(end.latest)))
    if source:
        g.add((node, RSKG.dateSource, Literal(source)))


def add_anchor(g: Graph, annotation: URIRef, d: Document, start: int, end: int) -> None:
    """Target an annotation at text[start:end] with position and quote selectors."""
    target = URIRef(f"{annotation}/target")
    position, quote = URIRef(f"{annotation}/position"), URIRef(f"{annotation}/quote")
    text = d.text
    g.add((annotation, OA.hasTarget, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, vocab.doc(d.doc_id)))
    g.add((target, OA.hasSelector, position))
    g.add((target, OA.hasSelector, quote))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(start, datatype=XSD.integer)))
    g.add((position, OA.end, Literal(end, datatype=XSD.integer)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(text[start:end])))
    g.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS) : start])))
    g.add((quote, OA.suffix, Literal(text[end : end + CONTEXT_CHARS])))


def add_date_bounds(g: Graph, node: URIRef, value: PartialDate) -> None:
    """A start date at its precision with its sem xsd:date bounds."""
    g.add((node, SCHEMA.startDate, typed_date(value)))
    g.add((node, SEM.hasEarliestBeginTimeStamp, xsd_date(value.earliest)))
    g.add((node, SEM.hasLatestBeginTimeStamp, xsd_date(value.latest)))
