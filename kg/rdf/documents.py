"""A document's graph: the document, its author, and every mention anchored in it."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg import vocab
from kg.extract.mentions import Mention
from kg.rdf.terms import add_anchor, add_types, en, typed_date
from kg.reference import Entity
from kg.sources import Document
from kg.text.dates import parse_partial_date
from kg.vocab import OA, RSKG, SCHEMA


def _add_document_node(g: Graph, d: Document, ontology: Graph) -> URIRef:
    node, meta = vocab.doc(d.doc_id), d.meta
    add_types(g, node, ontology, "SourceDocument")
    g.add((node, RDFS.label, en(meta.headline)))
    g.add((node, SCHEMA.headline, en(meta.headline)))
    g.add((node, SCHEMA.publisher, vocab.entity(meta.publisher)))
    if meta.url:
        g.add((node, SCHEMA.url, URIRef(meta.url)))
    published = parse_partial_date(meta.date_published)
    g.add((node, SCHEMA.datePublished, typed_date(published)))
    earliest = meta.date_not_before or published.earliest.isoformat()
    latest = meta.date_not_after or published.latest.isoformat()
    g.add((node, RSKG.publishedNotBefore, Literal(earliest, datatype=XSD.date)))
    g.add((node, RSKG.publishedNotAfter, Literal(latest, datatype=XSD.date)))
    if meta.date_note:
        g.add((node, RSKG.dateSource, Literal(meta.date_note)))
    g.add((node, SCHEMA.inLanguage, Literal(meta.language)))
    g.add((node, SCHEMA.text, Literal(d.text)))
    g.add((node, RSKG.sha256, Literal(d.sha256)))
    return node


def _add_author(g: Graph, d: Document, ontology: Graph) -> None:
    """The document's author: named where the metadata names one, else an unnamed person."""
    node, meta = vocab.doc_author(d.doc_id), d.meta
    g.add((vocab.doc(d.doc_id), SCHEMA.author, node))
    add_types(g, node, ontology, "Person" if meta.author else "UnnamedAuthor")
    label = meta.author or f"Unnamed author of “{meta.headline}”"
    g.add((node, RDFS.label, en(label)))
    g.add((node, SCHEMA.affiliation, vocab.entity(meta.publisher)))
    if meta.author_title:
        g.add((node, SCHEMA.jobTitle, en(meta.author_title)))
    if meta.author_note:
        g.add((node, SKOS.note, en(meta.author_note)))


def _add_mention(g: Graph, d: Document, m: Mention, by_id: dict[str, Entity]) -> None:
    node = vocab.mention(d.doc_id, m.start, m.end)
    body = vocab.entity(m.entity_id, by_id[m.entity_id].is_event)
    g.add((node, RDF.type, OA.Annotation))
    g.add((node, RDF.type, RSKG.Mention))
    g.add((node, OA.motivatedBy, OA.identifying))
    g.add((node, OA.hasBody, body))
    g.add((node, RSKG.mentionKind, Literal(m.kind)))
    g.add((vocab.doc(d.doc_id), SCHEMA.mentions, body))
    add_anchor(g, node, d, m.start, m.end)


def add_document(
    g: Graph,
    document: Document,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    ontology: Graph,
) -> None:
    by_id = {e.id: e for e in entities}
    _add_document_node(g, document, ontology)
    _add_author(g, document, ontology)
    for m in mentions:
        _add_mention(g, document, m, by_id)
