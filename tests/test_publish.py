"""Publishing: the dataset description counts what SPARQL counts, exports are
byte-identical for the same inputs and round-trip, and `kg diff` reports changes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import store
from kg.build import BuildResult, run_build
from kg.cli import main
from kg.config import Paths
from kg.export import export
from kg.query import run_query

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = "https://w3id.org/rskg/graph/description"


def one(paths: Paths, sparql: str) -> str:
    (row,) = list(run_query(paths.store, sparql))
    return str(row[0])


def test_void_counts_equal_sparql_counts(seed_build: BuildResult, seed_paths: Paths) -> None:
    subsets = list(run_query(seed_paths.store, f"""
        SELECT ?g ?n ?e WHERE {{ GRAPH <{DESCRIPTION}> {{
          ?d void:subset ?s . ?s sd:name ?g ; void:triples ?n ; void:entities ?e }} }}"""))
    graphs = {str(r[0]) for r in run_query(seed_paths.store,
                                           "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")}
    assert {str(g) for g, _, _ in subsets} == graphs
    for graph, triples, entities in subsets:
        counted = one(seed_paths, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert int(triples) == int(counted), graph
        subjects = one(seed_paths,
                       f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert int(entities) == int(subjects), graph
    total = one(seed_paths,
                f"SELECT ?n {{ GRAPH <{DESCRIPTION}> {{ id:dataset void:triples ?n }} }}")
    quads = one(seed_paths, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    assert int(total) == int(quads) == seed_build.info.triples
    claims = one(seed_paths, """SELECT (SUM(?e) AS ?n) { ?s void:classPartition ?p .
                                ?p void:class schema:Claim ; void:entities ?e }""")
    assert int(claims) == int(one(seed_paths, "SELECT (COUNT(?c) AS ?n) { ?c a schema:Claim }"))


def test_description_names_sources_licence_and_endpoint(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    sources = {str(r[0]) for r in run_query(seed_paths.store,
                                             "SELECT ?s { id:dataset dcterms:source ?s }")}
    assert "https://meduza.io/en/feature/2024/12/10/a-personal-defeat-for-putin" in sources
    assert one(seed_paths, "SELECT ?e { id:dataset void:sparqlEndpoint ?e }").endswith("/sparql")
    assert one(seed_paths, "SELECT ?l { id:dataset dcterms:license ?l }").startswith("https://")


def test_two_builds_export_identical_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    outputs = []
    for run in ("a", "b"):
        paths = Paths(store=tmp_path / run, seeds=ROOT / "seeds", ontology=ROOT / "ontology")
        run_build(paths)
        for ext in ("trig", "nq", "ttl", "jsonld"):
            export(paths.store, tmp_path / f"{run}.{ext}")
        outputs.append({ext: (tmp_path / f"{run}.{ext}").read_bytes()
                        for ext in ("trig", "nq", "ttl", "jsonld")})
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(("ext", "fmt"), [("trig", "trig"), ("nq", "nquads"),
                                          ("jsonld", "json-ld")])
def test_dataset_exports_are_isomorphic_to_the_store(
    ext: str, fmt: str, seed_build: BuildResult, seed_paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / f"x.{ext}"
    export(seed_paths.store, out)
    back = Dataset()
    back.parse(out, format=fmt)
    original = Dataset()
    db = store.open_read_only(seed_build.build_dir)
    original.parse(data=db.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    for g in original.graphs():
        if len(g):
            assert isomorphic(g, back.graph(g.identifier)), g.identifier


def test_one_graph_export_and_diff(seed_build: BuildResult, seed_paths: Paths,
                                   tmp_path: Path) -> None:
    graph = "https://w3id.org/rskg/graph/doc/004_61b24789334a8fcb"
    export(seed_paths.store, tmp_path / "doc.ttl", graph=graph)
    g = Graph().parse(tmp_path / "doc.ttl")
    assert len(g) == seed_build.info.graphs[graph]
    export(seed_paths.store, tmp_path / "old.nq")
    lines = (tmp_path / "old.nq").read_text(encoding="utf-8").splitlines()
    (tmp_path / "new.nq").write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "old.nq"), str(tmp_path / "new.nq")])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "total: +0 -1 in 1 graph(s)"


def test_one_graph_trig_export_carries_the_description(
    seed_build: BuildResult, seed_paths: Paths, tmp_path: Path
) -> None:
    graph = "https://w3id.org/rskg/graph/doc/000_5406a379349fa65e"
    export(seed_paths.store, tmp_path / "doc.trig", graph=graph)
    ds = Dataset()
    ds.parse(tmp_path / "doc.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {graph, DESCRIPTION}
