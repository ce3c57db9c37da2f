"""Writing the dataset out, byte for byte the same for the same build.

TriG and N-Quads keep the named graphs; Turtle and N-Triples hold the union (or one graph
with `graph=`); JSON-LD keeps the graphs and is compacted with the published context
(ontology/context.jsonld). Quads are sorted before serialization, so two exports of the
same build, or of two builds of the same inputs, are identical (set SOURCE_DATE_EPOCH
for identical provenance times, see kg.build), and diffs between builds are meaningful.

The whole dataset is written graph by graph, straight from the store (`stream`): memory
holds one graph (one document's) at a time whatever the corpus's size, and the server
sends a download as it is made. In the union formats (Turtle, N-Triples) a triple that
two graphs share is written once per graph, which is the same RDF graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg import store, vocab
from kg.config import CONTEXT_FILE as CONTEXT_NAME
from kg.config import PACKAGED_ONTOLOGY

FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
EXTENSIONS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "ntriples",
              ".jsonld": "jsonld", ".json": "jsonld"}
MEDIA_TYPES = {"trig": "application/trig", "nquads": "application/n-quads",
               "turtle": "text/turtle", "ntriples": "application/n-triples",
               "jsonld": "application/ld+json"}
CONTEXT_FILE = PACKAGED_ONTOLOGY / CONTEXT_NAME
_XSD_STRING = str(XSD.string)


class ExportError(Exception):
    """The format cannot be told from the file name, or the graph does not exist."""


def format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError:
        raise ExportError(
            f"cannot tell the format of {path.name}: use one of {', '.join(EXTENSIONS)} "
            "or pass --format"
        ) from None


def _key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def sorted_quads(db: ox.Store, graph: str | None = None) -> list[ox.Quad]:
    """All quads, or one named graph's, in a fixed order."""
    if graph is not None:
        name = ox.NamedNode(graph)
        if not db.contains_named_graph(name):
            raise ExportError(f"no graph <{graph}> in the store")
        return sorted(db.quads_for_pattern(None, None, None, name), key=_key)
    return sorted(db, key=_key)


def _triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the quads' graphs: each triple once, in a fixed order."""
    unique = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def context(path: Path = CONTEXT_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _sorted_json(value: Any) -> Any:
    """JSON-LD with every array in a fixed order (rdflib emits them in set order)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _term(term: Any) -> Node:
    """An Oxigraph term as rdflib's N-Quads parser would make it (a simple literal without
    a datatype); converting directly costs a third of parsing the N-Quads again."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def _compacted(quads: list[ox.Quad], ctx: Any) -> dict[str, Any]:
    ds = Dataset()
    graphs: dict[Any, Graph] = {}
    for q in quads:
        name = q.graph_name
        if name not in graphs:
            graphs[name] = (ds.default_context if isinstance(name, ox.DefaultGraph)
                            else ds.graph(URIRef(name.value)))
        ds.addN([(_term(q.subject), _term(q.predicate), _term(q.object), graphs[name])])
    doc = json.loads(ds.serialize(format="json-ld", context=ctx, auto_compact=True))
    doc["@context"] = ctx
    return _sorted_json(doc)


def _jsonld(quads: list[ox.Quad], context_file: Path = CONTEXT_FILE) -> bytes:
    doc = _compacted(quads, context(context_file)["@context"])
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _graph_objects(doc: dict[str, Any]) -> list[Any]:
    """The named-graph objects of a compacted JSON-LD document of one graph."""
    body = {k: v for k, v in doc.items() if k != "@context"}
    if "@id" in body:
        return [body]
    return list(body.get("@graph", []))


def _jsonld_stream(db: ox.Store, names: list[str], context_file: Path) -> Iterator[bytes]:
    """{"@context": …, "@graph": [one object per named graph, …]}, a graph at a time."""
    ctx = context(context_file)["@context"]
    head = json.dumps(ctx, indent=1, sort_keys=True, ensure_ascii=False)
    yield ('{\n"@context": ' + head + ',\n"@graph": [\n').encode("utf-8")
    first = True
    for name in names:
        for item in _graph_objects(_compacted(sorted_quads(db, name), ctx)):
            text = json.dumps(item, indent=1, sort_keys=True, ensure_ascii=False)
            yield (("" if first else ",\n") + text).encode("utf-8")
            first = False
    yield b"\n]\n}\n"


def _drop_prefixes(data: bytes) -> bytes:
    """A Turtle/TriG chunk without its @prefix lines (the first chunk declared them)."""
    lines = data.split(b"\n")
    i = 0
    while i < len(lines) and lines[i].startswith(b"@prefix "):
        i += 1
    return b"\n".join(lines[i:])


def stream(db: ox.Store, name: str, context_file: Path = CONTEXT_FILE) -> Iterator[bytes]:
    """The whole dataset in format `name`, graph by graph, as bytes to write or send."""
    names = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
    if name == "jsonld":
        yield from _jsonld_stream(db, names, context_file)
        return
    for i, graph in enumerate(names):
        data = serialize_quads(sorted_quads(db, graph), name)
        yield data if i == 0 else _drop_prefixes(data)


def serialize_quads(quads: list[ox.Quad], name: str, graph: str | None = None,
                    context_file: Path = CONTEXT_FILE) -> bytes:
    """The bytes of an export in format `name` (a key of FORMATS)."""
    rdf_format = FORMATS[name]
    if name == "jsonld":
        return _jsonld(quads, context_file)
    if rdf_format.supports_datasets and graph is None:
        data = ox.serialize(quads, format=rdf_format, prefixes=vocab.PREFIXES)
    else:
        data = ox.serialize(_triples(quads), format=rdf_format, prefixes=vocab.PREFIXES)
    assert data is not None  # no output file given: the bytes come back
    return data


def export_bytes(store_dir: Path, name: str, graph: str | None = None,
                 context_file: Path = CONTEXT_FILE) -> bytes:
    """One format's bytes; a one-graph export in a dataset format (TriG, N-Quads,
    JSON-LD) carries the dataset description graph too, so it still says what it is."""
    db = store.open_read_only(store.require_current_build(store_dir))
    quads = sorted_quads(db, graph)
    description = str(vocab.GRAPH_DESCRIPTION)
    if graph not in (None, description) and FORMATS[name].supports_datasets:
        if db.contains_named_graph(ox.NamedNode(description)):
            quads = sorted(quads + sorted_quads(db, description), key=_key)
        return serialize_quads(quads, name, context_file=context_file)
    return serialize_quads(quads, name, graph, context_file)


DOWNLOADS = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "jsonld"}


def export(store_dir: Path, output: Path, fmt: str | None = None,
           graph: str | None = None, context_file: Path = CONTEXT_FILE) -> str:
    """Write the current build (or one graph of it) to `output`; return the format used."""
    name = format_for(output, fmt)
    tmp = output.with_name(output.name + ".part")
    if graph is None:
        db = store.open_read_only(store.require_current_build(store_dir))
        with tmp.open("wb") as f:
            for chunk in stream(db, name, context_file):
                f.write(chunk)
    else:
        tmp.write_bytes(export_bytes(store_dir, name, graph, context_file))
    tmp.replace(output)
    return name
