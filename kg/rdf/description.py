"""The dataset's description (VoID, DCAT, schema.org) in its own graph.

Counts are computed from the assembled dataset itself, so they equal what SPARQL counts
on the served store; the description graph counts its own triples too (each count is
one triple whatever its value, so the graph's size is known before the numbers are).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, XSD

from kg import vocab
from kg.rdf.terms import en
from kg.sources import Document
from kg.vocab import ID, RSKG, SCHEMA, VOID

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DOWNLOADS = {"ttl": "text/turtle", "trig": "application/trig",
             "nq": "application/n-quads", "jsonld": "application/ld+json"}
COUNTED_CLASSES = {"entities": None, "claims": SCHEMA.Claim, "events": SCHEMA.Event}
VOCABULARIES = (SCHEMA, "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#",
                "http://semanticweb.cs.vu.nl/2009/11/sem/",
                "http://www.opengis.net/ont/geosparql#", "http://www.w3.org/2004/02/skos/core#",
                "http://www.w3.org/2002/07/owl#", str(RSKG))


@dataclass(frozen=True)
class Publication:
    """What the build knows about where and how the dataset is published: the fields of
    ontology/dataset.toml, plus the version, build time and public URL."""

    version: str
    built: str
    public_url: str  # where `kg serve` answers; the downloads and endpoint hang off it
    title: str
    description: str
    license: str
    rights: str
    publisher: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphCounts:
    """What the description says about one graph: triples, distinct subjects (entities),
    and the instances of each counted class. Small, so a build keeps it per document."""

    triples: int
    entities: int
    classes: dict[str, int] = field(default_factory=dict)


def _count(g: Graph, cls: URIRef | None) -> int:
    """Distinct subjects (entities) or distinct instances of `cls`, as SPARQL counts them."""
    if cls is None:
        return len(set(g.subjects()))
    return len(set(g.subjects(RDF.type, cls)))


def graph_counts(g: Graph) -> GraphCounts:
    classes = {label: _count(g, cls) for label, cls in COUNTED_CLASSES.items() if cls}
    return GraphCounts(len(g), _count(g, None), classes)


def _add_subset(d: Graph, dataset: URIRef, name: URIRef, counts: GraphCounts) -> None:
    subset = ID[f"dataset/graph/{str(name).removeprefix(vocab.BASE + 'graph/')}"]
    d.add((dataset, VOID.subset, subset))
    d.add((subset, RDF.type, VOID.Dataset))
    d.add((subset, SD.name, name))
    d.add((subset, VOID.triples, Literal(counts.triples)))
    d.add((subset, VOID.entities, Literal(counts.entities)))
    for label, cls in COUNTED_CLASSES.items():
        counted = counts.classes.get(label, 0)
        if cls is not None and counted:
            part = URIRef(f"{subset}/{label}")
            d.add((subset, VOID.classPartition, part))
            d.add((part, VOID["class"], cls))
            d.add((part, VOID.entities, Literal(counted)))


def _add_distributions(d: Graph, dataset: URIRef, base: str) -> None:
    for ext, media in DOWNLOADS.items():
        dist = ID[f"dataset/download/{ext}"]
        d.add((dataset, DCAT.distribution, dist))
        d.add((dist, RDF.type, DCAT.Distribution))
        d.add((dist, DCAT.downloadURL, URIRef(f"{base}/dataset.{ext}")))
        d.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))


def _add_header(d: Graph, dataset: URIRef, p: Publication, docs: Sequence[Document]) -> None:
    for cls in (VOID.Dataset, DCAT.Dataset, SCHEMA.Dataset):
        d.add((dataset, RDF.type, cls))
    d.add((dataset, RDFS.label, en(p.title)))
    d.add((dataset, DCTERMS.title, en(p.title)))
    d.add((dataset, DCTERMS.description, en(p.description)))
    d.add((dataset, DCTERMS.license, URIRef(p.license)))
    d.add((dataset, DCTERMS.rights, en(p.rights)))
    d.add((dataset, DCTERMS.publisher, ID["agent/rskg-project"]))
    d.add((ID["agent/rskg-project"], RDF.type, SCHEMA.Organization))
    d.add((ID["agent/rskg-project"], RDFS.label, en(p.publisher)))
    d.add((dataset, OWL.versionInfo, Literal(p.version)))
    d.add((dataset, URIRef(f"{DCAT}version"), Literal(p.version)))  # DCAT 3
    d.add((dataset, DCTERMS.modified, Literal(p.built, datatype=XSD.dateTime)))
    d.add((dataset, VOID.sparqlEndpoint, URIRef(f"{p.public_url}/sparql")))
    for doc in docs:
        d.add((dataset, DCTERMS.source, vocab.doc(doc.doc_id)))
        if doc.meta.url:
            d.add((dataset, DCTERMS.source, URIRef(doc.meta.url)))
    for example in p.examples:
        d.add((dataset, VOID.exampleResource, ID[example]))
    for vocabulary in VOCABULARIES:
        d.add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))


def add_description(ds: Dataset, p: Publication, docs: Sequence[Document]) -> None:
    """Describe every graph of `ds` (and the description graph itself) in GRAPH_DESCRIPTION."""
    counts = {URIRef(str(g.identifier)): graph_counts(g) for g in ds.graphs()
              if len(g) and g.identifier != vocab.GRAPH_DESCRIPTION}
    describe(ds.graph(vocab.GRAPH_DESCRIPTION), p, docs, counts)


def describe(
    d: Graph, p: Publication, docs: Sequence[Document], counts: Mapping[URIRef, GraphCounts]
) -> None:
    """Write the description of graphs counted in `counts` (and of itself) into `d`."""
    dataset = ID["dataset"]
    _add_header(d, dataset, p, docs)
    _add_distributions(d, dataset, p.public_url)
    for name in sorted(counts, key=str):
        _add_subset(d, dataset, name, counts[name])
    own = ID["dataset/graph/description"]
    _add_subset(d, dataset, vocab.GRAPH_DESCRIPTION, GraphCounts(0, 0))  # placeholder counts
    d.add((dataset, VOID.triples, Literal(0)))
    d.set((own, VOID.triples, Literal(len(d))))
    d.set((own, VOID.entities, Literal(len(set(d.subjects())))))
    d.set((dataset, VOID.triples, Literal(sum(c.triples for c in counts.values()) + len(d))))
