"""The reference graph: curated entities, events, geometry and base operations."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg import vocab
from kg.rdf.terms import add_dates, add_types, en, xsd_date
from kg.reference import Entity
from kg.text.dates import parse_partial_date
from kg.vocab import EVENT_TYPE, GEO, RSKG, SCHEMA, SEM, WD


def _add_wikidata(g: Graph, node: URIRef, e: Entity) -> None:
    if e.linked_qid:
        g.add((node, OWL.sameAs, WD[e.linked_qid]))
        g.add((node, RSKG.wikidataLinkSource, Literal(f"reference file ({e.qid_status})")))
    elif e.qid:
        g.add((node, RSKG.candidateWikidata, WD[e.qid]))
        note = f"reference file ({e.qid_status}): not linked"
        g.add((node, RSKG.wikidataLinkSource, Literal(note)))
    if e.qid_note:
        g.add((node, SKOS.note, en(e.qid_note)))


def _add_geometry(g: Graph, node: URIRef, e: Entity) -> None:
    if e.lat is None or e.lon is None:
        return
    geom = URIRef(f"{node}/geometry")
    g.add((node, GEO.hasGeometry, geom))
    g.add((geom, RDF.type, GEO.Geometry))
    g.add((geom, GEO.asWKT, Literal(f"POINT({e.lon} {e.lat})", datatype=GEO.wktLiteral)))
    if e.coord_source:
        g.add((geom, DCTERMS.source, Literal(e.coord_source)))


def _add_bbox(g: Graph, node: URIRef, e: Entity) -> None:
    if not e.bbox:
        return
    x0, y0, x1, y1 = e.bbox
    ring = f"{x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}"
    g.add((node, RSKG.boundingBox, Literal(f"POLYGON(({ring}))", datatype=GEO.wktLiteral)))


def _add_operations(g: Graph, node: URIRef, e: Entity, by_id: dict[str, Entity]) -> None:
    for op in e.operated_by:
        operator = vocab.entity(op.operator)
        statement = URIRef(f"{node}/operation/{op.operator}")
        g.add((node, RSKG.operatedBy, operator))
        g.add((node, RSKG.hasOperation, statement))
        g.add((statement, RDF.type, RSKG.BaseOperation))
        g.add((statement, RDFS.label, en(f"{by_id[op.operator].label} operates {e.label}")))
        g.add((statement, RSKG.operator, operator))
        if op.since:
            since = parse_partial_date(op.since).earliest
            g.add((statement, SEM.hasBeginTimeStamp, xsd_date(since)))
        if op.since_source:
            g.add((statement, DCTERMS.source, Literal(op.since_source)))


def _alt_labels(e: Entity) -> list[str]:
    forms = [*e.names, *e.short_names, *e.aliases]
    return sorted({f for f in forms if f != e.label})


def add_entity(g: Graph, e: Entity, ontology: Graph, by_id: dict[str, Entity]) -> None:
    node = vocab.entity(e.id, e.is_event)
    add_types(g, node, ontology, e.type)
    g.add((node, RDFS.label, en(e.label)))
    for alt in _alt_labels(e):
        g.add((node, SKOS.altLabel, en(alt)))
    if e.description:
        g.add((node, SCHEMA.description, en(e.description)))
    _add_wikidata(g, node, e)
    _add_geometry(g, node, e)
    _add_bbox(g, node, e)
    _add_operations(g, node, e, by_id)
    if e.country:
        g.add((node, SCHEMA.containedInPlace, vocab.entity(e.country)))
    if e.town:
        g.add((node, SCHEMA.containedInPlace, vocab.entity(e.town)))
    if e.date:
        add_dates(g, node, e.date, e.date_source or "curated reference data")
    if e.place:
        g.add((node, SCHEMA.location, vocab.entity(e.place)))
    if e.event_type:
        g.add((node, SEM.eventType, EVENT_TYPE[e.event_type]))
    for actor in e.actors:
        g.add((node, SEM.hasActor, vocab.entity(actor)))
    for former in e.replaces:  # an old bookmark's IRI: the server redirects it here
        g.add((node, DCTERMS.replaces, vocab.entity(former)))


def add_reference(g: Graph, entities: Sequence[Entity], ontology: Graph) -> None:
    by_id = {e.id: e for e in entities}
    for e in entities:
        add_entity(g, e, ontology, by_id)
