"""Re-checking a store that is already built (`kg validate`).

The store is read back into memory as rdflib quads because pySHACL needs rdflib graphs;
the same per-graph validation as the build then runs on exactly what is served.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset

from kg import store
from kg.config import Paths
from kg.validate import ValidationReport, load_shapes, validate_dataset


def load_dataset(paths: Paths) -> Dataset:
    db = store.open_read_only(store.require_current_build(paths.store))
    ds = Dataset()
    ds.parse(data=db.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def check_store(paths: Paths) -> ValidationReport:
    return validate_dataset(load_dataset(paths), load_shapes(paths.shapes_file))
