"""The provenance graph: which build made the dataset, from what, with which software."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg import vocab
from kg.rdf.terms import en
from kg.vocab import RSKG


@dataclass(frozen=True)
class BuildRecord:
    """What the provenance graph says about the build that made the dataset."""

    build_id: str
    version: str
    started: str
    ended: str
    inputs: Sequence[tuple[str, str]]  # (path relative to the project, sha256)


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
