"""Findings -> triples in named graphs, following docs/graph-model.md.

Types are materialized from the ontology itself: a resource of class rskg:NavalBase gets
every superclass the ontology gives it (rskg:MilitaryBase, schema:Place, geo:Feature), so
plain SPARQL works without a reasoner and the class table lives in one place, rskg.ttl.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import vocab
from kg.extract.candidates import Candidate
from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.sources import Document
from kg.text.dates import PartialDate, parse_partial_date, parse_span
from kg.vocab import GEO, OA, RSKG, SCHEMA, SEM, WD

CONTEXT_CHARS = 32
_MATERIALIZED = (str(RSKG), str(SCHEMA), str(SEM), str(GEO), str(PROV))


@dataclass(frozen=True)
class DocumentFindings:
    """What extraction found in one document."""

    document: Document
    mentions: Sequence[Mention]
    candidates: Sequence[Candidate] = field(default=())


@dataclass(frozen=True)
class BuildRecord:
    """What the provenance graph says about the build that made the dataset."""

    build_id: str
    version: str
    started: str
    ended: str
    inputs: Sequence[tuple[str, str]]  # (path relative to the project, sha256)


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def typed_date(value: PartialDate) -> Literal:
    return Literal(value.lexical, datatype=XSD[value.xsd_type])


def xsd_date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


# ---------------------------------------------------------------- ontology and types

def type_closure(ontology: Graph, local_name: str) -> list[URIRef]:
    """The class rskg:<local_name> and all its superclasses in the materialized vocabularies."""
    start = RSKG[local_name]
    if (start, RDF.type, OWL.Class) not in ontology:
        raise ValueError(f"rskg:{local_name} is not a class of the ontology")
    found = {start}
    for cls in ontology.transitiveClosure(lambda c, _: ontology.objects(c, RDFS.subClassOf), start):
        if isinstance(cls, URIRef) and str(cls).startswith(_MATERIALIZED):
            found.add(cls)
    return sorted(found)


def add_types(g: Graph, node: URIRef, ontology: Graph, local_name: str) -> None:
    for cls in type_closure(ontology, local_name):
        g.add((node, RDF.type, cls))


# ---------------------------------------------------------------- reference graph

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
    if e.date:
        add_dates(g, node, e.date, f"curated reference data: {e.date_source}")
    if e.place:
        g.add((node, SCHEMA.location, vocab.entity(e.place)))
    for actor in e.actors:
        g.add((node, SEM.hasActor, vocab.entity(actor)))


def add_reference(g: Graph, entities: Sequence[Entity], ontology: Graph) -> None:
    by_id = {e.id: e for e in entities}
    for e in entities:
        add_entity(g, e, ontology, by_id)


# ---------------------------------------------------------------- document graphs

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
    g: Graph, f: DocumentFindings, entities: Sequence[Entity], ontology: Graph
) -> None:
    by_id = {e.id: e for e in entities}
    _add_document_node(g, f.document, ontology)
    _add_author(g, f.document, ontology)
    for m in f.mentions:
        _add_mention(g, f.document, m, by_id)


# ---------------------------------------------------------------- provenance

def add_provenance(g: Graph, record: BuildRecord, graphs: Iterable[URIRef]) -> None:
    activity, agent = vocab.build(record.build_id), vocab.software(record.version)
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, en(f"rskg build {record.build_id}")))
    g.add((activity, PROV.startedAtTime, Literal(record.started, datatype=XSD.dateTime)))
    g.add((activity, PROV.endedAtTime, Literal(record.ended, datatype=XSD.dateTime)))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, en(f"rskg {record.version}")))
    for path, digest in record.inputs:
        used = vocab.input_file(path)
        g.add((activity, PROV.used, used))
        g.add((used, RDF.type, PROV.Entity))
        g.add((used, RDFS.label, en(path)))
        g.add((used, RSKG.sha256, Literal(digest)))
    for graph in graphs:
        g.add((graph, PROV.wasGeneratedBy, activity))


def assemble(
    findings: Sequence[DocumentFindings],
    entities: Sequence[Entity],
    ontology: Graph,
    record: BuildRecord,
) -> Dataset:
    """The whole dataset: ontology, reference, one graph per document, provenance."""
    ds = Dataset()
    ont = ds.graph(vocab.GRAPH_ONTOLOGY)
    for triple in ontology:
        ont.add(triple)
    add_reference(ds.graph(vocab.GRAPH_REFERENCE), entities, ontology)
    for f in findings:
        add_document(ds.graph(vocab.doc_graph(f.document.doc_id)), f, entities, ontology)
    graphs = [vocab.GRAPH_ONTOLOGY, vocab.GRAPH_REFERENCE]
    graphs += [vocab.doc_graph(f.document.doc_id) for f in findings]
    add_provenance(ds.graph(vocab.GRAPH_PROVENANCE), record, graphs)
    return ds

