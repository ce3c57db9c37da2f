"""Findings -> triples in named graphs, following docs/graph-model.md.

Types are materialized from the ontology itself: a resource of class rskg:NavalBase gets
every superclass the ontology gives it (rskg:MilitaryBase, schema:Place, geo:Feature), so
plain SPARQL works without a reasoner and the class table lives in one place, rskg.ttl.
IRIs are minted only by kg.vocab.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from kg import vocab
from kg.extract.candidates import Candidate
from kg.extract.findings import DocumentExtraction, RoleFinding
from kg.extract.mentions import Mention
from kg.rdf.claims import add_extraction
from kg.rdf.description import Publication, add_description
from kg.rdf.documents import add_document
from kg.rdf.extracted import add_extracted_entities, add_roles
from kg.rdf.provenance import BuildRecord, add_provenance
from kg.rdf.reference import add_reference
from kg.rdf.terms import typed_date
from kg.reference import Entity
from kg.sources import Document
from kg.text.dates import parse_partial_date

__all__ = ["BuildRecord", "DocumentFindings", "Publication", "add_document_graph", "assemble"]


@dataclass(frozen=True)
class DocumentFindings:
    """What extraction found in one document."""

    document: Document
    mentions: Sequence[Mention]
    candidates: Sequence[Candidate] = field(default=())
    extraction: DocumentExtraction = field(default_factory=DocumentExtraction)
    extracted: Sequence[Entity] = field(default=())   # entities the reference data lacks
    roles: Sequence[RoleFinding] = field(default=())


def add_document_graph(g: Graph, f: DocumentFindings, entities: Sequence[Entity],
                       ontology: Graph) -> None:
    """One document's graph: the document, its mentions, extracted entities, claims, events.

    It depends on nothing but the document, the reference entities and the ontology, so
    a build can make it (and keep it) document by document."""
    known = [*entities, *f.extracted]
    by_id = {e.id: e for e in known}
    add_document(g, f.document, f.mentions, known, ontology)
    add_extracted_entities(g, f.document, f.extracted, f.mentions, ontology, by_id)
    add_roles(g, f.document, f.roles, by_id)
    published = typed_date(parse_partial_date(f.document.meta.date_published))
    add_extraction(g, f.document, f.extraction, known, ontology, published)


def assemble(
    findings: Sequence[DocumentFindings],
    entities: Sequence[Entity],
    ontology: Graph,
    record: BuildRecord,
    wikidata: Graph | None = None,
    publication: Publication | None = None,
) -> Dataset:
    """The whole dataset: ontology, reference, one graph per document, the Wikidata cache,
    provenance."""
    ds = Dataset()
    ont = ds.graph(vocab.GRAPH_ONTOLOGY)
    for triple in ontology:
        ont.add(triple)
    add_reference(ds.graph(vocab.GRAPH_REFERENCE), entities, ontology)
    for f in findings:
        add_document_graph(ds.graph(vocab.doc_graph(f.document.doc_id)), f, entities, ontology)
    graphs = [vocab.GRAPH_ONTOLOGY, vocab.GRAPH_REFERENCE]
    graphs += [vocab.doc_graph(f.document.doc_id) for f in findings]
    if wikidata is not None and len(wikidata):
        cache = ds.graph(vocab.GRAPH_WIKIDATA)
        for triple in wikidata:
            cache.add(triple)
        graphs.append(vocab.GRAPH_WIKIDATA)
    if publication is not None:
        graphs.append(vocab.GRAPH_DESCRIPTION)
    add_provenance(ds.graph(vocab.GRAPH_PROVENANCE), record, graphs)
    if publication is not None:  # last: it counts every other graph
        add_description(ds, publication, [f.document for f in findings])
    return ds

