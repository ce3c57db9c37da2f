"""The offline cache of Wikidata facts: one Turtle file, in Wikidata's own vocabulary.

Shape (every triple whose subject is `wd:Q…` is a fact taken from Wikidata; the node
beside it says when and from where, so each item's facts carry the date they were taken
without RDF-star or reification, and both rdflib and pyoxigraph read the file)::

    <https://w3id.org/rskg/id/wikidata/Q7747> a prov:Entity ;
        schema:about wd:Q7747 ;
        prov:generatedAtTime "2026-11-21T12:00:00Z"^^xsd:dateTime ;
        dcterms:source <https://query.wikidata.org/sparql> .
    wd:Q7747 rdfs:label "…"@en ; schema:description "…"@en ; wdt:P31 wd:Q5 .

A refresh replaces an item's facts and its record together. The file is written in a
fixed order, so two refreshes that fetch the same facts differ only in the dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.wikidata import terms
from kg.wikidata.terms import SCHEMA

HEADER = """\
# Wikidata facts about the items that rskg's reference data links to (owl:sameAs) or
# names as candidates (rskg:candidateWikidata), in Wikidata's own vocabulary: English
# rdfs:label, skos:altLabel and schema:description, wdt:P31 (instance of), wdt:P625
# (coordinates), wdt:P580/P582/P585 (start, end, point in time).
# Written by `kg link --refresh`; never edit by hand, never add facts from memory.
# Each item's facts are the triples whose subject is wd:Q...; the node
# <https://w3id.org/rskg/id/wikidata/Q...> beside them says when they were taken
# (prov:generatedAtTime) and from which endpoint (dcterms:source).
# schema: is Wikidata's http://schema.org/, not the https://schema.org/ of rskg's graph.
"""
EMPTY_NOTE = """\
#
# EMPTY: no Wikidata facts have been taken yet. The machines this was built on reach no
# Wikidata; run `kg link --refresh` where https://query.wikidata.org/sparql is reachable.
"""
_PREDICATE_ORDER = (PROV.generatedAtTime, DCTERMS.source, RDFS.label, SKOS.altLabel,
                    SCHEMA.description, *terms.FACT_PROPERTIES)
_SIMPLE_LOCAL = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class ItemRecord:
    """The facts about one Wikidata item as one endpoint gave them at one moment."""

    qid: str
    taken: str  # xsd:dateTime in UTC, e.g. 2026-11-21T12:00:00Z
    source: str  # the endpoint's URL
    facts: tuple[tuple[URIRef, Node], ...] = ()


@dataclass(frozen=True)
class CachedItem:
    """What the cache holds about one item, read back for the report and suggestions."""

    qid: str
    taken: str
    source: str
    label: str = ""
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    instance_of: tuple[str, ...] = ()
    coordinates: tuple[str, ...] = ()
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def has_facts(self) -> bool:
        return bool(self.label or self.description or self.instance_of or self.coordinates
                    or self.dates)


def load_cache(path: Path) -> Graph:
    """The cache file as an rdflib Graph; an absent file is an empty cache, not an error,
    so a build works before anyone has run `kg link --refresh`."""
    graph = Graph()
    for prefix, iri in terms.PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    if Path(path).is_file():
        graph.parse(str(path), format="turtle")
    return graph


def replace_items(graph: Graph, records: list[ItemRecord]) -> None:
    """Put each record's facts in place of what the cache held for that item."""
    for rec in records:
        item, node = terms.item(rec.qid), terms.record(rec.qid)
        graph.remove((item, None, None))
        graph.remove((node, None, None))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, SCHEMA.about, item))
        graph.add((node, PROV.generatedAtTime, _timestamp(rec.taken)))
        graph.add((node, DCTERMS.source, URIRef(rec.source)))
        for predicate, obj in rec.facts:
            graph.add((item, predicate, obj))


def _timestamp(text: str) -> Literal:
    """An xsd:dateTime kept as written ("…Z"), not rewritten by rdflib to "+00:00"."""
    return Literal(text, datatype=XSD.dateTime, normalize=False)


def _utc(value: Node | None) -> str:
    """A timestamp as "…Z" in UTC whatever form the parser normalised it to."""
    moment = value.toPython() if isinstance(value, Literal) else None
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value or "")


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate)
                  if isinstance(o, Literal) and (o.language or "").lower() in ("en", ""))


def _cached_item(graph: Graph, node: Node, item: URIRef) -> CachedItem:
    labels = _english(graph, item, RDFS.label)
    descriptions = _english(graph, item, SCHEMA.description)
    dates = {terms.qid_property(p): tuple(sorted(_utc(o) for o in graph.objects(item, p)))
             for p in terms.DATE_PROPERTIES if (item, p, None) in graph}
    return CachedItem(
        qid=terms.qid_of(item) or "",
        taken=_utc(graph.value(node, PROV.generatedAtTime)),
        source=str(graph.value(node, DCTERMS.source) or ""),
        label=labels[0] if labels else "",
        alt_labels=tuple(_english(graph, item, SKOS.altLabel)),
        description=descriptions[0] if descriptions else "",
        instance_of=tuple(sorted(str(o) for o in graph.objects(item, terms.INSTANCE_OF))),
        coordinates=tuple(sorted(str(o) for o in graph.objects(item, terms.COORDINATES))),
        dates=dates,
    )


def cached_items(graph: Graph) -> dict[str, CachedItem]:
    """Every item the cache has a record for (with or without facts), by QID."""
    found = {}
    for node, item in graph.subject_objects(SCHEMA.about):
        if isinstance(item, URIRef) and terms.qid_of(item):
            entry = _cached_item(graph, node, item)
            found[entry.qid] = entry
    return found


def _term(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        for prefix, iri in terms.PREFIXES.items():
            local = str(node)[len(iri):]
            if str(node).startswith(iri) and _SIMPLE_LOCAL.match(local):
                return f"{prefix}:{local}"
        return f"<{node}>"
    if isinstance(node, Literal) and node.datatype == XSD.dateTime:
        node = _timestamp(_utc(node))  # "…Z" however the parser normalised it
    return node.n3(graph.namespace_manager)


def _block(graph: Graph, subject: URIRef, first: Sequence[tuple[Node, Node]]) -> str:
    def order(po: tuple[Node, Node]) -> tuple[int, str, str]:
        p, o = po
        rank = _PREDICATE_ORDER.index(p) if p in _PREDICATE_ORDER else len(_PREDICATE_ORDER)
        return (rank, str(p), _term(graph, o))

    rest = sorted(((p, o) for p, o in graph.predicate_objects(subject)
                   if (p, o) not in first), key=order)
    lines = [f"{'a' if p == RDF.type else _term(graph, p)} {_term(graph, o)}"
             for p, o in [*first, *rest]]
    return f"{_term(graph, subject)} " + " ;\n    ".join(lines) + " .\n"


def _qid_key(qid: str) -> tuple[int, str]:
    return (int(qid[1:]) if qid[1:].isdigit() else 0, qid)


def serialize(graph: Graph) -> str:
    """The cache as Turtle in a fixed order: header, prefixes, then item by item."""
    qids = sorted(cached_items(graph), key=_qid_key)
    parts = [HEADER, "" if qids else EMPTY_NOTE, "\n"]
    parts += [f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(terms.PREFIXES.items())]
    for qid in qids:
        node, item = terms.record(qid), terms.item(qid)
        first = [(RDF.type, PROV.Entity), (SCHEMA.about, item)]
        parts.append("\n" + _block(graph, node, first))
        if (item, None, None) in graph:
            parts.append(_block(graph, item, []))
    return "".join(parts)


def write_cache(graph: Graph, path: Path) -> None:
    """Write atomically, so an interrupted refresh leaves the previous cache intact."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(serialize(graph), encoding="utf-8")
    tmp.replace(path)
