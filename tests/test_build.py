"""The build end to end on the seed documents: a validated, anchored, linked graph."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import store
from kg.build import BuildFailed, BuildResult, run_build
from kg.config import Paths
from kg.query import run_query
from kg.reference import WIKIDATA_LINKS_FILE

ROOT = Path(__file__).resolve().parent.parent


def rows(paths: Paths, sparql: str) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in r) for r in run_query(paths.store, sparql)]


def test_summary_counts(seed_build: BuildResult) -> None:
    s = seed_build.info.summary
    assert s["documents"] == 2
    assert s["entities_linked"] > 30 and s["entities_unlinked"] > 0
    assert s["mentions"] > 300
    assert s["claims_attributed"] > 10 and s["claims_own_voice"] > 10
    assert s["events"] > 20 and s["quantities"] >= 5
    assert seed_build.info.triples == sum(seed_build.info.graphs.values())


def test_one_named_graph_per_document_plus_reference_ontology_provenance(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    graphs = {r[0] for r in rows(seed_paths, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs >= {
        "https://w3id.org/rskg/graph/ontology",
        "https://w3id.org/rskg/graph/reference",
        "https://w3id.org/rskg/graph/provenance",
        "https://w3id.org/rskg/graph/doc/000_5406a379349fa65e",
        "https://w3id.org/rskg/graph/doc/004_61b24789334a8fcb",
    }


def test_bases_have_geometry_are_in_syria_and_operated_by_russia(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    found = rows(seed_paths, """
        SELECT ?label ?wkt ?country ?since WHERE {
          ?base a rskg:MilitaryBase , schema:Place ; rdfs:label ?label ;
                geo:hasGeometry/geo:asWKT ?wkt ;
                schema:containedInPlace/owl:sameAs wd:Q858 ;
                schema:containedInPlace/rdfs:label ?country ;
                rskg:operatedBy/owl:sameAs wd:Q159 ;
                rskg:hasOperation ?op .
          ?op rskg:operator/owl:sameAs wd:Q159 .
          OPTIONAL { ?op sem:hasBeginTimeStamp ?since }
        } ORDER BY ?label""")
    by_label = {r[0]: r for r in found}
    assert set(by_label) == {"Khmeimim Air Base", "Russian naval facility in Tartus"}
    assert by_label["Khmeimim Air Base"][1] == "POINT(35.945 35.41167)"
    assert by_label["Khmeimim Air Base"][3] == "2015-09-30"
    assert by_label["Russian naval facility in Tartus"][1] == "POINT(35.874 34.915)"
    assert by_label["Russian naval facility in Tartus"][3] == ""  # no start date is known


def test_every_qid_is_a_verified_one_of_the_reference_file(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    with WIKIDATA_LINKS_FILE.open(encoding="utf-8") as f:
        table = csv.DictReader(f, delimiter="\t")
        verified = {r["qid"] for r in table if r["status"] == "verified"}
    used = {r[0] for r in rows(seed_paths, "SELECT DISTINCT ?q { ?s owl:sameAs ?q }")}
    assert used, "no Wikidata links at all"
    assert {q.removeprefix("http://www.wikidata.org/entity/") for q in used} <= verified


def test_every_selector_exact_equals_the_text_slice(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    found = rows(seed_paths, """
        SELECT ?exact ?start ?end ?text WHERE {
          ?t oa:hasSource ?doc ; oa:hasSelector ?p , ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact . ?doc schema:text ?text }""")
    assert len(found) > 300
    texts = {text for *_, text in found}
    assert len(texts) == 2
    for exact, start, end, text in found:
        assert text[int(start):int(end)] == exact


def test_documents_keep_the_seed_text_byte_for_byte(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    for doc_id, text in rows(seed_paths, """
            SELECT ?id ?text { ?d a schema:NewsArticle ; schema:text ?text .
            BIND(STRAFTER(STR(?d), "/doc/") AS ?id) }"""):
        assert text.encode("utf-8") == (ROOT / "seeds" / f"{doc_id}.txt").read_bytes()


def test_sources_are_honest_no_author_name_dates_at_their_precision(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    found = dict(rows(seed_paths, """
        SELECT ?headline ?date { ?d schema:headline ?headline ; schema:datePublished ?date }"""))
    assert found["What can we expect from Russia in Syria?"] == "2015"
    authors = rows(seed_paths, """
        SELECT ?label { ?d a schema:NewsArticle ; schema:author ?a . ?a a rskg:UnnamedAuthor ;
        rdfs:label ?label }""")
    assert len(authors) == 2
    assert all(label.startswith("Unnamed author of") for (label,) in authors)


def test_two_builds_give_the_same_triples_outside_provenance(
    seed_build: BuildResult, tmp_path: Path
) -> None:
    paths = Paths(store=tmp_path, seeds=ROOT / "seeds", ontology=ROOT / "ontology")
    again = run_build(paths)

    def quads(build: Path) -> set[str]:
        db = store.open_read_only(build)
        timed = ("graph/provenance", "graph/description")  # the only graphs with build times
        return {str(q) for q in db if not q.graph_name.value.endswith(timed)}

    assert quads(seed_build.build_dir) == quads(again.build_dir)


def test_failed_build_leaves_the_last_good_store_untouched(
    seed_build: BuildResult, tmp_path: Path
) -> None:
    paths = Paths(store=tmp_path / "store", seeds=ROOT / "seeds", ontology=ROOT / "ontology")
    good = run_build(paths)
    reference = tmp_path / "entities.toml"
    text = (ROOT / "kg/reference/entities.toml").read_text(encoding="utf-8")
    reference.write_text(text.replace("lat = 35.41167", "lat = 48.85"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        run_build(paths, reference=reference)
    assert "khmeimim-air-base" in failed.value.report.format()
    assert store.current_build(paths.store) == good.build_dir
    assert len(list(store.builds_dir(paths.store).iterdir())) == 1


def test_cli_build_failure_prints_violations_and_exits_nonzero(tmp_path: Path) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", ontology)
    ttl = (ontology / "rskg.ttl").read_text(encoding="utf-8")
    (ontology / "rskg.ttl").write_text(
        ttl.replace('rdfs:label "military base"@en', 'rdfs:label "military base"@en, "base"@en'),
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--store", str(tmp_path / "s"),
         "--ontology", str(ontology), "--seeds", str(ROOT / "seeds")],
        capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "focus:" in result.stderr and "MilitaryBase" in result.stderr
    assert "last good store" in result.stderr
    assert store.current_build(tmp_path / "s") is None


def test_wikidata_cache_is_loaded_into_its_own_graph(tmp_path: Path) -> None:
    cache = tmp_path / "cache.ttl"
    cache.write_text(
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
        "@prefix schema: <http://schema.org/> .\n"
        '# test fixture, not a Wikidata fact\nwd:Q858 schema:description "test-only"@en .\n',
        encoding="utf-8")
    paths = Paths(store=tmp_path / "s", seeds=ROOT / "seeds", ontology=ROOT / "ontology")
    run_build(paths, wikidata_cache=cache)
    found = rows(paths, """SELECT ?g ?d { GRAPH ?g { wd:Q858 <http://schema.org/description> ?d }
                           ?e owl:sameAs wd:Q858 }""")
    assert found == [("https://w3id.org/rskg/graph/wikidata", "test-only")]


def test_every_event_has_a_type_of_the_skos_vocabulary(
    seed_build: BuildResult, seed_paths: Paths
) -> None:
    untyped = rows(seed_paths, """SELECT ?e { GRAPH <https://w3id.org/rskg/graph/reference> {
        ?e a schema:Event } FILTER NOT EXISTS { ?e sem:eventType ?t . ?t a skos:Concept ;
        skos:inScheme <https://w3id.org/rskg/event-type/> } }""")
    assert untyped == []
    cameo = dict(rows(seed_paths, """SELECT ?e ?code { ?e sem:eventType/skos:notation ?code }"""))
    assert cameo["https://w3id.org/rskg/id/event/annexation-of-crimea"] == "192"
