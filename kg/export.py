"""Writing the dataset out, byte for byte the same for the same build.

TriG and N-Quads keep the named graphs; Turtle and N-Triples hold the union (or one graph
with `graph=`); JSON-LD keeps the graphs and is compacted with the published context
(ontology/context.jsonld). Quads are sorted before serialization, so two exports of the
same build, or of two builds of the same inputs, are identical (set SOURCE_DATE_EPOCH
for identical provenance times, see kg.build), and diffs between builds are meaningful.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg import store, vocab

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
CONTEXT_FILE = Path(__file__).resolve().parent.parent / "ontology" / "context.jsonld"


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


def context() -> dict[str, Any]:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))


def _sorted_json(value: Any) -> Any:
    """JSON-LD with every array in a fixed order (rdflib emits them in set order)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(quads: list[ox.Quad]) -> bytes:
    ds = Dataset()
    ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    ctx = context()["@context"]
    doc = json.loads(ds.serialize(format="json-ld", context=ctx, auto_compact=True))
    doc["@context"] = ctx
    text = json.dumps(_sorted_json(doc), indent=1, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def serialize_quads(quads: list[ox.Quad], name: str, graph: str | None = None) -> bytes:
    """The bytes of an export in format `name` (a key of FORMATS)."""
    rdf_format = FORMATS[name]
    if name == "jsonld":
        return _jsonld(quads)
    if rdf_format.supports_datasets and graph is None:
        return ox.serialize(quads, format=rdf_format, prefixes=vocab.PREFIXES)
    return ox.serialize(_triples(quads), format=rdf_format, prefixes=vocab.PREFIXES)


def export_bytes(store_dir: Path, name: str, graph: str | None = None) -> bytes:
    """One format's bytes; a one-graph export in a dataset format (TriG, N-Quads,
    JSON-LD) carries the dataset description graph too, so it still says what it is."""
    db = store.open_read_only(store.require_current_build(store_dir))
    quads = sorted_quads(db, graph)
    description = str(vocab.GRAPH_DESCRIPTION)
    if graph not in (None, description) and FORMATS[name].supports_datasets:
        if db.contains_named_graph(ox.NamedNode(description)):
            quads = sorted(quads + sorted_quads(db, description), key=_key)
        return serialize_quads(quads, name)
    return serialize_quads(quads, name, graph)


DOWNLOADS = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "jsonld"}
EXPORTS_DIR = "exports"


def write_downloads(build: Path, db: ox.Store) -> None:
    """The whole dataset in every download format, beside the build's store.

    Written once at build time so the server streams a file (the same bytes `kg export`
    writes) instead of serializing on a request."""
    folder = build / EXPORTS_DIR
    folder.mkdir(exist_ok=True)
    quads = sorted_quads(db)
    for ext, name in DOWNLOADS.items():
        (folder / f"dataset.{ext}").write_bytes(serialize_quads(quads, name))


def export(store_dir: Path, output: Path, fmt: str | None = None,
           graph: str | None = None) -> str:
    """Write the current build (or one graph of it) to `output`; return the format used."""
    name = format_for(output, fmt)
    data = export_bytes(store_dir, name, graph)
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(output)
    return name
