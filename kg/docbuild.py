"""One document's share of a build: extract, map to its graph, validate, serialize.

`process` is the unit of work the build maps over documents (on local cores or a Dask
cluster, kg.runner): it depends on the document and the shared inputs only (kg.inputs),
so its result is kept under a key made of both (kg.results) and reused until either
changes. The result is plain data: the graph as N-Quads bytes, the counts the summary and
the dataset description need, and what validation found, each violation located in the
text (characters) where its focus node is anchored.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import asdict, dataclass, field, replace

from rdflib import BNode, Dataset, Graph
from rdflib.namespace import SH

from kg import vocab
from kg.inputs import Context
from kg.rdf import add_document_graph
from kg.rdf.description import GraphCounts, graph_counts
from kg.sources import Document
from kg.validate import Violation, validate_document

_SPAN = re.compile(r"/doc/[^/]+/[^/]+/(\d+)-(\d+)")


@dataclass(frozen=True)
class DocResult:
    """What one document contributes to a build."""

    doc_id: str
    key: str
    nquads: bytes
    summary: dict[str, int]
    counts: GraphCounts
    event_ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    extracted_ids: tuple[str, ...] = ()  # entities the reference data lacks, by id
    violations: tuple[Violation, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """False when a violation (not a warning) keeps the document out of the store."""
        return not any(v.severity == "Violation" for v in self.violations)

    def meta(self) -> dict:
        """Everything but the graph, as JSON-ready data."""
        data = asdict(self)
        del data["nquads"]
        return data

    @classmethod
    def from_meta(cls, data: dict, nquads: bytes) -> DocResult:
        """The result from its kept JSON. A build holds one a document for the whole run,
        so the names that repeat across documents (summary keys, class IRIs, reference
        event ids) are interned: one string each, not one a document."""
        counts = data["counts"]
        return cls(
            doc_id=data["doc_id"], key=data["key"], nquads=nquads,
            summary=_interned(data["summary"]),
            counts=GraphCounts(counts["triples"], counts["entities"],
                               _interned(counts["classes"])),
            event_ids=tuple(map(sys.intern, data["event_ids"])),
            candidates=tuple(data["candidates"]),
            extracted_ids=tuple(data.get("extracted_ids", ())),
            violations=tuple(Violation(**v) for v in data["violations"]),
        )


def _interned(counts: dict[str, int]) -> dict[str, int]:
    return {sys.intern(k): v for k, v in counts.items()}


def document_key(doc: Document, fingerprint: str) -> str:
    """The key of a document's kept result: its id, bytes, metadata and the inputs."""
    meta = json.dumps(asdict(doc.meta), sort_keys=True, ensure_ascii=False)
    parts = (fingerprint, doc.doc_id, doc.sha256, meta)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def process(doc: Document, ctx: Context) -> DocResult:
    """Extract, map and validate one document (pure apart from its arguments)."""
    from kg.build import _summary, extract  # kg.build maps this function: import late

    findings = extract(doc, ctx.entities, ctx.lexicon, ctx.cues, ctx.profiles, ctx.names)
    name = vocab.doc_graph(doc.doc_id)
    g = Graph(identifier=name)  # alone in its store: pySHACL reads it faster than in a Dataset
    add_document_graph(g, findings, ctx.entities, ctx.ontology)
    violations = validate_document(str(name), g, ctx.reference, ctx.shapes, ctx.reference_keys)
    violations = [replace(v, shape=rule_name(ctx.shapes, v.shape)) for v in violations]
    return DocResult(
        doc_id=doc.doc_id,
        key=document_key(doc, ctx.fingerprint),
        nquads=Dataset(store=g.store).serialize(format="nquads", encoding="utf-8"),
        summary=_summary([findings], ctx.entities),
        counts=graph_counts(g),
        event_ids=tuple(sorted({e.event_id for e in findings.extraction.events})),
        candidates=tuple(sorted({c.text for c in findings.candidates})),
        extracted_ids=tuple(sorted(e.id for e in findings.extracted if not e.is_event)),
        violations=tuple(violations),
    )


def rule_name(shapes: Graph, shape: str) -> str:
    """A shape as a reader can find it in shapes.ttl: a blank property shape by the
    named shape it belongs to and its path."""
    if not shape.startswith("_:"):
        return shape
    node = BNode(shape[2:])
    for parent in shapes.subjects(SH.property, node):
        path = shapes.value(node, SH.path)
        return f"{rule_name(shapes, _term(parent))} (property {path})"
    for predicate in (SH["not"], SH["and"], SH["or"], SH.node, SH.qualifiedValueShape):
        for parent in shapes.subjects(predicate, node):
            return f"{rule_name(shapes, _term(parent))} (its {predicate.split('#')[-1]})"
    return shape


def _term(node: object) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def locate(v: Violation, doc: Document) -> str:
    """Where in the text a violation's focus (or value) is anchored, when it is."""
    for term in (v.focus, v.value or ""):
        found = _SPAN.search(term)
        if found:
            start, end = int(found.group(1)), int(found.group(2))
            excerpt = doc.text[start:end].replace("\n", " ")
            if len(excerpt) > 60:
                excerpt = excerpt[:57] + "..."
            return f"characters {start}-{end} (“{excerpt}”)"
    return "the document as a whole"


def format_problems(result: DocResult, doc: Document) -> str:
    """The document's violations: which document, where in its text, which rule."""
    lines = [f"{doc.meta.file}: {sum(1 for v in result.violations if v.severity == 'Violation')}"
             " violation(s) of the shapes"]
    for v in result.violations:
        if v.severity != "Violation":
            continue
        lines.append(f"  at {locate(v, doc)}")
        lines.append(f"    rule:    {v.shape}" + (f" (path {v.path})" if v.path else ""))
        lines.append(f"    message: {v.message}")
        lines.append(f"    focus:   {v.focus}" + (f"; value {v.value}" if v.value else ""))
    return "\n".join(lines)
