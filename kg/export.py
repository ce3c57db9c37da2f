"""Writing the dataset out: TriG and N-Quads keep the named graphs, Turtle and
N-Triples hold the union, JSON-LD keeps the graphs as @graph objects.

Oxigraph serializes straight from the store, so an export of any size streams to disk.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

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


class ExportError(Exception):
    """The format cannot be told from the file name, or is unknown."""


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


def _union(db: ox.Store) -> ox.Store:
    """The union of every named graph as the default graph of an in-memory store."""
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in db)
    return union


def export(store_dir: Path, output: Path, fmt: str | None = None) -> str:
    """Write the current build to `output`; return the format used."""
    name = format_for(output, fmt)
    rdf_format = FORMATS[name]
    db = store.open_read_only(store.require_current_build(store_dir))
    if rdf_format.supports_datasets:
        db.dump(output, rdf_format, prefixes=vocab.PREFIXES)
    else:
        _union(db).dump(output, rdf_format, from_graph=ox.DefaultGraph(), prefixes=vocab.PREFIXES)
    return name
