"""Re-checking a store that is already built (`kg validate`).

The store is read back graph by graph (pySHACL needs rdflib graphs), so memory holds one
document's graph and the reference graph at a time, and each graph is validated as the
build validated it: a document's with the reference resources it reaches, the others
alone.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from kg import store
from kg.config import Paths
from kg.validate import (
    UNVALIDATED_GRAPHS,
    ValidationReport,
    Violation,
    load_shapes,
    validate_document,
)
from kg.vocab import GRAPH_REFERENCE


def _graph(db: ox.Store, name: str) -> Graph:
    data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return Graph().parse(data=data, format="nt")


def check_store(paths: Paths) -> ValidationReport:
    db = store.open_read_only(store.require_current_build(paths.store))
    shapes = load_shapes(paths.shapes_file)
    names = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
    reference_name = str(GRAPH_REFERENCE)
    reference = _graph(db, reference_name) if reference_name in names else Graph()
    found: list[Violation] = validate_document(reference_name, reference, Graph(), shapes,
                                               frozenset())
    keys = frozenset(v.key for v in found)
    for name in names:
        if name != reference_name and name not in UNVALIDATED_GRAPHS:
            found += validate_document(name, _graph(db, name), reference, shapes, keys)
    return ValidationReport(tuple(found))
