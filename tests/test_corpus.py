"""The corpus folder: `kg init`, every command run on it from another directory, `kg add`
recording a new publisher in the corpus (never in the package) and checking the new
document at once, and a document that breaks a shape left out of the build, named."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import config, store
from kg.config import Paths

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests/fixtures/texts"
NO_LIBYA = """
rskgsh:NoLibyaShape a sh:NodeShape ;
    sh:targetSubjectsOf oa:hasBody ;
    sh:property [ sh:path oa:hasBody ;
                  sh:not [ sh:hasValue <https://w3id.org/rskg/id/entity/libya> ] ;
                  sh:message "test rule: no mention may name Libya" ] .
"""


def kg(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True,
                          text=True, env={**environment, **(env or {})}, check=False)


def package_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(config.PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg init --example`, built with KG_CORPUS from an unrelated directory."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    corpus = tmp_path_factory.mktemp("c") / "my corpus"
    done = kg("init", str(corpus), "--example", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    built = kg("build", "--no-progress", cwd=elsewhere, env={"KG_CORPUS": str(corpus)})
    assert built.returncode == 0, built.stderr
    assert "2 documents" in built.stdout
    return corpus


def test_init_lays_out_the_corpus(example: Path) -> None:
    assert (example / "sources.toml").is_file() and (example / "SHA256SUMS").is_file()
    assert (example / "reference/entities.toml").read_bytes() == \
        config.packaged(config.ENTITIES).read_bytes()
    assert store.current_build(example / "kg-store") is not None
    assert len(list(example.glob("*.txt"))) == 2


def test_commands_work_from_the_corpus_folder(example: Path, tmp_path: Path) -> None:
    tsv = kg("query", "--format", "tsv", "SELECT ?d WHERE { ?d a schema:NewsArticle }",
             cwd=example)
    assert tsv.returncode == 0, tsv.stderr
    assert tsv.stdout.splitlines()[0] == "?d" and len(tsv.stdout.splitlines()) == 3
    for fmt in ("table", "json", "csv"):
        assert kg("query", "--format", fmt, "ASK { ?s ?p ?o }", cwd=example).returncode == 0
    exported = kg("export", "-o", str(tmp_path / "all.nq"), cwd=example)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "all.nq").stat().st_size > 1_000_000
    assert kg("validate", cwd=example).returncode == 0
    assert kg("link", "--endpoint", "", cwd=example).returncode == 0


def test_a_folder_that_is_no_corpus_says_what_to_run(tmp_path: Path) -> None:
    done = kg("build", cwd=tmp_path)
    assert done.returncode == 1
    assert "kg init" in done.stderr and "Traceback" not in done.stderr


def test_add_records_a_new_publisher_in_the_corpus(tmp_path: Path) -> None:
    before = package_digest()
    corpus = tmp_path / "corpus"
    assert kg("init", str(corpus), cwd=tmp_path).returncode == 0
    added = kg("add", str(TEXTS / "bases_report.txt"), "--corpus", str(corpus),
               "--headline", "Bases", "--publisher", "Harbour Review", "--date", "2024-12-17",
               cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "new publisher 'Harbour Review'" in added.stdout and "conforms" in added.stdout
    reference = (corpus / "reference/entities.toml").read_text(encoding="utf-8")
    assert "Harbour Review" not in reference  # curated data changes only by a curator's hand
    assert 'publisher = "Harbour Review"' in (corpus / "sources.toml").read_text("utf-8")
    again = kg("add", str(TEXTS / "memory_column.txt"), "--corpus", str(corpus),
               "--headline", "Column", "--publisher", "harbour review", "--date", "2025",
               cwd=tmp_path)
    assert again.returncode == 0 and "new publisher" not in again.stdout
    built = kg("build", "--corpus", str(corpus), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "(0 documents extracted" in built.stdout  # `kg add` did the work already
    publisher = kg("query", "--corpus", str(corpus), "--format", "csv",
                   "SELECT DISTINCT ?l { ?d schema:publisher/rdfs:label ?l }", cwd=tmp_path)
    assert publisher.stdout.split() == ["l", "Harbour", "Review"]
    assert package_digest() == before


def test_a_document_that_breaks_a_shape_is_named_and_left_out(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert kg("init", str(corpus), cwd=tmp_path).returncode == 0
    shapes = corpus / "ontology/shapes.ttl"  # a corpus's own rule, over the package's
    shapes.parent.mkdir()
    shapes.write_text(config.packaged("ontology/shapes.ttl").read_text(encoding="utf-8")
                      + NO_LIBYA, encoding="utf-8")
    good = kg("add", str(TEXTS / "bases_report.txt"), "--corpus", str(corpus),
              "--headline", "Bases", "--publisher", "meduza", "--date", "2024-12-17",
              cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    bad = kg("add", str(TEXTS / "talks_report.txt"), "--corpus", str(corpus),
             "--headline", "Talks", "--publisher", "meduza", "--date", "2024-12-17",
             cwd=tmp_path)
    assert bad.returncode == 3, bad.stderr
    where = (TEXTS / "talks_report.txt").read_text(encoding="utf-8").index("Libya")
    assert "talks_report.txt: 1 violation(s)" in bad.stderr
    assert f"characters {where}-{where + 5} (“Libya”)" in bad.stderr
    assert "NoLibyaShape" in bad.stderr and "no mention may name Libya" in bad.stderr

    built = kg("build", "--corpus", str(corpus), cwd=tmp_path)
    assert built.returncode == 3
    assert "talks_report.txt" in built.stderr and "left out" in built.stderr
    graphs = store.read_info(store.require_current_build(corpus / "kg-store")).graphs
    assert any(g.endswith("/doc/bases_report") for g in graphs)
    assert not any("talks_report" in g for g in graphs)
    assert Paths.for_corpus(corpus).shapes_file == shapes


def test_a_document_is_validated_with_the_reference_it_reaches_as_with_all_of_it() -> None:
    from rdflib import Graph

    from kg import vocab
    from kg.build import extract
    from kg.inputs import load_context, read_inputs
    from kg.rdf import add_document_graph
    from kg.sources import Document, SourceMeta
    from kg.validate import (
        _OxigraphCopy,
        _validate_in,
        load_shapes,
        neighbourhood,
        validate_document,
    )

    ctx = load_context(read_inputs(Paths.for_corpus(ROOT / "seeds")))
    shapes = load_shapes(config.packaged("ontology/shapes.ttl"))
    shapes.parse(data="@prefix rskgsh: <https://w3id.org/rskg/shapes#> .\n"
                 "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                 "@prefix oa: <http://www.w3.org/ns/oa#> .\n" + NO_LIBYA, format="turtle")
    text = (TEXTS / "talks_report.txt").read_text(encoding="utf-8")
    meta = SourceMeta(file="t.txt", headline="T", publisher="meduza",
                      date_published="2024-12-17", language="en")
    doc = Document("t", text, meta, "0" * 64)
    g = Graph()
    found = extract(doc, ctx.entities, ctx.lexicon, ctx.cues, ctx.profiles, ctx.names)
    add_document_graph(g, found, ctx.entities, ctx.ontology)
    name, reference = str(vocab.doc_graph("t")), str(vocab.GRAPH_REFERENCE)
    graphs = {name: g, reference: ctx.reference}
    whole = _validate_in(name, graphs, _OxigraphCopy(graphs), shapes, ctx.reference_keys)
    before = set(g)
    part = validate_document(name, g, ctx.reference, shapes, ctx.reference_keys)
    assert [v.message for v in part] == ["test rule: no mention may name Libya"]
    assert part == whole
    # pySHACL reads the document's graph in place, the reference part lent to it: the
    # graph is given back as it was, a triple it shares with the reference included
    assert set(g) == before
    shared = next(iter(neighbourhood(ctx.reference, g, steps=1)))
    g.add(shared)
    validate_document(name, g, ctx.reference, shapes, ctx.reference_keys)
    assert set(g) == before | {shared}
