"""Everything a document's result depends on besides the document, and its fingerprint.

A kept per-document result (kg.results) is reused only while its key, a hash of the
document and of this fingerprint, is unchanged. The fingerprint covers the contents of
every shared input a document's graph depends on (ontology, event types, shapes,
reference entities, cue lists, lexicon) and the software itself: its version and the
bytes of every module and data file of the `kg` package, so that a code change
invalidates what the old code made even when the version number did not move. The
Wikidata cache and dataset.toml only feed graphs that span documents, which every build
makes anew, so they are not part of it.

The inputs travel as bytes (`Inputs.files`), not paths, so that a worker on another
machine (a Dask cluster) rebuilds the same context without sharing a file system.
"""

from __future__ import annotations

import hashlib
import tempfile
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg import __version__, config, vocab
from kg.extract.described_events import Profile, profiles
from kg.extract.new_entities import load_names
from kg.extract.pipeline import load_cues
from kg.reference import Entity, load_entities
from kg.validate import GraphKey, Violation, load_shapes, validate_document

# name in Inputs.files -> the Paths attribute that says where the build reads it
INPUT_FILES = {
    "ontology/rskg.ttl": "ontology_file",
    "ontology/event-types.ttl": "event_types_file",
    "ontology/shapes.ttl": "shapes_file",
    "reference/entities.toml": "entities_file",
    "extract/cues.toml": "cues_file",
    "extract/lexicon.toml": "lexicon_file",
    "extract/names.toml": "names_file",
}


@cache
def software_fingerprint() -> str:
    """The version and a hash of every file of the installed `kg` package."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(config.PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(config.PACKAGE_DIR)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Inputs:
    """The shared inputs of per-document work, as bytes, and their fingerprint."""

    files: dict[str, bytes]
    software: str

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256(self.software.encode())
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()


def read_inputs(paths: config.Paths, reference: Path | None = None) -> Inputs:
    """The shared inputs as the build will use them (a corpus's own copy over the
    package's); `reference` replaces the entities file (tests, tools)."""
    files = {name: getattr(paths, attr).read_bytes() for name, attr in INPUT_FILES.items()}
    if reference is not None:
        files["reference/entities.toml"] = reference.read_bytes()
    return Inputs(files, software_fingerprint())


Checked = dict[str, tuple[Violation, ...]]  # graph name -> its validation results


@dataclass(frozen=True)
class Context:
    """The inputs loaded: what extracting, mapping and validating one document needs."""

    fingerprint: str
    entities: tuple[Entity, ...]
    lexicon: dict[str, Any]
    cues: dict[str, Any]
    names: dict[str, Any]  # kg/extract/names.toml: what tells a new name's type
    profiles: tuple[Profile, ...]
    ontology: Graph
    shapes: Graph
    reference: Graph  # the reference graph, as the build writes it
    checked: Checked  # what validating the reference and the ontology graph alone found

    @property
    def reference_keys(self) -> frozenset[GraphKey]:
        return frozenset(v.key for v in self.checked[str(vocab.GRAPH_REFERENCE)])


def load_context(inputs: Inputs, checked: Checked | None = None) -> Context:
    """Parse the inputs (written to a scratch folder, so the usual loaders read them);
    `checked`: what validating the reference and ontology graphs found, when known (the
    build keeps it by fingerprint, so an unchanged reference is validated once)."""
    from kg.rdf.reference import add_reference

    with tempfile.TemporaryDirectory(prefix="kg-inputs-") as scratch:
        folder = Path(scratch)
        for name, data in inputs.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        entities = load_entities(folder / "reference/entities.toml")
        lexicon = tomllib.loads((folder / "extract/lexicon.toml").read_text(encoding="utf-8"))
        cues = load_cues(folder / "extract/cues.toml")
        names = load_names(folder / "extract/names.toml")
        ontology = Graph().parse(folder / "ontology/rskg.ttl", format="turtle")
        ontology.parse(folder / "ontology/event-types.ttl", format="turtle")
        shapes = load_shapes(folder / "ontology/shapes.ttl")
    event_profiles = tuple(profiles(entities, cues, lexicon.get("description_stopwords", ())))
    reference = Graph()
    add_reference(reference, entities, ontology)
    if checked is None:
        alone = ((vocab.GRAPH_REFERENCE, reference), (vocab.GRAPH_ONTOLOGY, ontology))
        checked = {str(name): tuple(validate_document(str(name), g, Graph(), shapes,
                                                      frozenset())) for name, g in alone}
    return Context(inputs.fingerprint, entities, lexicon, cues, names, event_profiles, ontology,
                   shapes, reference, checked)
