"""Claims, quantities and what a document says about events, in the document's graph.

What a claim says is never asserted as a bare triple: the default graph is the union
of every source, so a reported view must not read as fact. Quantities hang off their
claim; an event's date as one text gives it hangs off that text's anchored date phrase.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg import vocab
from kg.extract.findings import (
    ClaimFinding,
    DocumentExtraction,
    EventFinding,
    QuantityFinding,
)
from kg.rdf.terms import add_anchor, add_date_bounds, add_types, en
from kg.reference import Entity
from kg.sources import Document
from kg.vocab import OA, RSKG, SCHEMA, SEM

LABEL_CHARS = 80


def _node(entity_id: str, by_id: dict[str, Entity]) -> URIRef:
    return vocab.entity(entity_id, by_id[entity_id].is_event)


def _anchored(g: Graph, d: Document, annotation: URIRef, span: tuple[int, int], body: URIRef,
              motivation: URIRef) -> URIRef:
    """An annotation of `body` anchored at `span`; one annotation per body and span."""
    g.add((annotation, RDF.type, OA.Annotation))
    g.add((annotation, OA.hasBody, body))
    g.add((annotation, OA.motivatedBy, motivation))
    add_anchor(g, annotation, d, *span)
    return annotation


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1] + "…"


def add_quantity(g: Graph, d: Document, q: QuantityFinding, by_id: dict[str, Entity],
                 ontology: Graph) -> URIRef:
    node = vocab.quantity(d.doc_id, *q.span)
    add_types(g, node, ontology, "Quantity")
    g.add((node, RDFS.label, en(_short(d.text[slice(*q.span)]))))
    value = (Literal(q.value, datatype=XSD.integer) if isinstance(q.value, int)
             else Literal(str(q.value), datatype=XSD.decimal))
    g.add((node, RSKG.quantityValue, value))
    g.add((node, SCHEMA.value, value))
    g.add((node, RSKG.unit, Literal(q.unit)))
    g.add((node, SCHEMA.unitText, Literal(q.unit)))
    g.add((node, RSKG.hedge, Literal(q.hedge)))
    g.add((node, RSKG.measures, en(q.measures)))
    for about in q.about:
        g.add((node, SCHEMA.about, _node(about, by_id)))
    _anchored(g, d, vocab.part(node, "anchor"), q.span, node, OA.describing)
    return node


def _claimant(d: Document, c: ClaimFinding, by_id: dict[str, Entity]) -> URIRef:
    return vocab.doc_author(d.doc_id) if c.claimant is None else _node(c.claimant, by_id)


def add_claim(g: Graph, d: Document, c: ClaimFinding, by_id: dict[str, Entity],
              ontology: Graph, published: Literal) -> None:
    node = vocab.claim(d.doc_id, *c.span)
    text = d.text[slice(*c.span)]
    add_types(g, node, ontology, "Claim")
    g.add((node, RDFS.label, en(f"Claim: {_short(text)}")))
    g.add((node, SCHEMA.author, _claimant(d, c, by_id)))
    g.add((node, SCHEMA.appearance, vocab.doc(d.doc_id)))
    g.add((node, SCHEMA.text, Literal(text)))
    g.add((node, SCHEMA.dateCreated, published))
    g.add((node, RSKG.claimKind, Literal(c.kind)))
    for about in c.about:
        g.add((node, SCHEMA.about, _node(about, by_id)))
    for venue in c.first_appeared_in:
        g.add((node, RSKG.firstAppearedIn, _node(venue, by_id)))
    _anchored(g, d, vocab.part(node, "anchor"), c.span, node, OA.describing)
    if c.cue is not None:
        g.add((node, RSKG.reportingCue, Literal(d.text[slice(*c.cue)])))
        _anchored(g, d, vocab.part(node, "cue"), c.cue, node, OA.tagging)
    if c.venue_span is not None:
        _anchored(g, d, vocab.part(node, "venue"), c.venue_span, node, OA.tagging)
    for q in c.quantities:
        g.add((node, RSKG.hasQuantity, add_quantity(g, d, q, by_id, ontology)))


def _add_role(g: Graph, d: Document, event_id: str, event: URIRef, actor: URIRef, role: str,
              actor_label: str) -> None:
    """The actor, and the role this document gives it, as a SEM role node."""
    node = vocab.part(vocab.doc(d.doc_id), f"event-role/{event_id}/{actor.split('/')[-1]}/{role}")
    g.add((event, SEM.hasActor, actor))
    g.add((event, RSKG.actorInRole, node))
    g.add((node, RDF.type, SEM.Role))
    g.add((node, RDFS.label, en(f"{actor_label} as {role}")))
    g.add((node, RDF.value, actor))
    g.add((node, SEM.roleType, vocab.ROLE[role]))


def add_event_finding(g: Graph, d: Document, e: EventFinding, by_id: dict[str, Entity]) -> None:
    """What this document says about an event: its date phrase, actors and place."""
    event = _node(e.event_id, by_id)
    if e.date_phrase is not None:
        key = vocab.annotation(d.doc_id, "date", *e.date_phrase.span)
        phrase = _anchored(g, d, vocab.part(key, e.event_id), e.date_phrase.span, event,
                           OA.describing)
        add_date_bounds(g, phrase, e.date_phrase.date)
        if not by_id[e.event_id].date:
            add_date_bounds(g, event, e.date_phrase.date)
            g.add((event, RSKG.dateSource, Literal(
                f"the text of {vocab.doc(d.doc_id)}: “{d.text[slice(*e.date_phrase.span)]}”")))
    for actor, role in e.actors:
        _add_role(g, d, e.event_id, event, _node(actor, by_id), role, by_id[actor].label)
    if e.place:
        g.add((event, SCHEMA.location, _node(e.place, by_id)))


def add_extraction(g: Graph, d: Document, found: DocumentExtraction,
                   entities: Sequence[Entity], ontology: Graph, published: Literal) -> None:
    """Claims (with their quantities), quantities outside any claim, event reports."""
    by_id = {e.id: e for e in entities}
    for c in found.claims:
        add_claim(g, d, c, by_id, ontology, published)
    in_claims = {q.span for c in found.claims for q in c.quantities}
    for q in found.quantities:
        if q.span not in in_claims:
            add_quantity(g, d, q, by_id, ontology)
    for e in found.events:
        add_event_finding(g, d, e, by_id)

