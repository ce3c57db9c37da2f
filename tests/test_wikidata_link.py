"""`kg link` end to end: the report on the real reference data, `--refresh` against a
local Oxigraph server standing in for Wikidata (behind a proxy that answers 429 first),
the on-disk HTTP cache, and `--suggest`. Nothing here reaches the internet."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.namespace import RDF, RDFS

from kg.cli_link import link
from kg.reference import ENTITIES_FILE, WIKIDATA_LINKS_FILE
from kg.wikidata import DEFAULT_CACHE
from kg.wikidata.cache import cached_items, load_cache
from kg.wikidata.client import SparqlClient
from kg.wikidata.links import read_resources
from kg.wikidata.refresh import refresh_cache
from kg.wikidata.suggest import NOTHING_LINKED

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "wikidata"))
from wdkit import Proxy, StandIn, build_store, free_port, reference_quads, start_stand_in


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("wd") / "store", reference_quads())


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandIn]:
    server = start_stand_in()
    yield server
    server.stop()


@pytest.fixture
def proxy(stand_in: StandIn) -> Iterator[Proxy]:
    running = Proxy(stand_in.sparql).start()
    yield running
    running.stop()


def tsv_rows() -> dict[str, dict[str, str]]:
    with WIKIDATA_LINKS_FILE.open(encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}


def run(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(link, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def digest(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_every_qid_is_the_reference_datas(store: Path) -> None:
    rows = tsv_rows()
    resources = read_resources(store)
    for r in resources:
        row = rows.get(r.ref_id, {})
        expected = row.get("qid", "")
        assert r.qids == ((expected,) if row.get("status") == "verified" else ()), r.iri
        assert r.candidates == ((expected,) if row.get("status") == "likely" else ()), r.iri
        if r.qids or r.candidates:
            assert r.provenance == "reference file"
    verified = {row["qid"] for row in rows.values() if row["status"] == "verified"}
    assert {q for r in resources for q in r.qids} == verified


def test_report_on_reference_data_with_the_shipped_empty_cache(store: Path) -> None:
    before = digest(DEFAULT_CACHE)
    out, _ = run("--store", str(store), "--endpoint", "", "--format", "json")
    data = json.loads(out)
    figures = data["figures"]
    linked = figures["entities_linked"] + figures["events_linked"]
    assert linked == figures["linked_qids"] == figures["not_cached"] == figures["suspicious"]
    assert figures["qids_cached"] == 0 and figures["shared_qids"] == 0
    assert {e["id"] for e in data["events"]["linked"]} >= {"syrian-civil-war", "world-war-ii"}
    assert "wagner-group-rebellion" in {e["id"] for e in data["events"]["unlinked"]}
    text, _ = run("--store", str(store), "--endpoint", "")
    assert "no cached Wikidata facts yet" in text and "Figures" in text
    assert digest(DEFAULT_CACHE) == before


def test_refresh_waits_out_429_and_second_run_hits_the_http_cache(
        store: Path, proxy: Proxy, tmp_path: Path) -> None:
    cache, http = tmp_path / "cache.ttl", tmp_path / "http"
    args = ["--store", str(store), "--refresh", "--endpoint", proxy.url,
            "--cache", str(cache), "--http-cache", str(http), "--format", "json"]
    out, err = run(*args)
    statuses = [status for _, status, _ in proxy.seen]
    assert statuses == [429, 200]  # every QID fits one batch of 50
    assert proxy.seen[1][0] - proxy.seen[0][0] >= 1.0  # Retry-After: 1 was honoured
    assert all(agent.startswith("rskg/") for _, _, agent in proxy.seen)
    assert "Retry-After; waiting 1.0 s" in err
    items = cached_items(load_cache(cache))
    expected = {q for r in read_resources(store) for q in (*r.qids, *r.candidates)}
    assert set(items) == expected
    assert items["Q7747"].label == "Vladimir Putin"
    assert items["Q3766"].coordinates == ("Point(36.3 33.5)",)
    assert items["Q362"].dates == {"P580": ("1939-09-01T00:00:00Z",),
                                   "P582": ("1945-09-02T00:00:00Z",)}
    assert not items["Q15"].has_facts  # not in the sample: recorded as "returned nothing"
    kinds = {(s["kind"], s["qid"]) for s in json.loads(out)["suspicious"]}
    assert ("label mismatch", "Q44329") in kinds
    assert ("Wikidata returned nothing", "Q15") in kinds

    first = cache.read_text(encoding="utf-8")
    _, err = run(*args)
    assert len(proxy.seen) == 2  # nothing new reached the server
    assert "0 requests sent, 1 answered from the HTTP cache" in err
    assert cache.read_text(encoding="utf-8") == first  # same answer, same date taken


def test_refresh_batches_queries(store: Path, stand_in: StandIn, tmp_path: Path) -> None:
    proxy = Proxy(stand_in.sparql, refuse=0).start()
    done: list[int] = []
    try:
        client = SparqlClient(proxy.url, cache_dir=None)
        result = refresh_cache(read_resources(store), client, tmp_path / "c.ttl", size=10,
                               progress=done.append)
    finally:
        proxy.stop()
    assert len(proxy.seen) == len(done) == -(-len(result.records) // 10)
    assert sum(done) == len(result.records)


def test_suggest_ranks_with_evidence_and_writes_only_its_cache(
        store: Path, proxy: Proxy, tmp_path: Path) -> None:
    proxy.refuse = 0
    before = digest(ENTITIES_FILE, WIKIDATA_LINKS_FILE, DEFAULT_CACHE)
    out, err = run("--store", str(store), "--corpus", str(tmp_path), "--suggest",
                   "--endpoint", proxy.url, "--http-cache", "", "--format", "json")
    assert f"asked {proxy.url}" in err
    suggestions = {s["resource"].rsplit("/", 1)[-1]: s["candidates"]
                   for s in json.loads(out)["suggestions"]["suggestions"]}
    assert suggestions["kherson"][0]["qid"] == "Q156732"
    facility = [c["qid"] for c in suggestions["russian-naval-facility-tartus"]]
    assert facility[:2] == ["Q574818", "Q174916"]
    tartus_city = suggestions["russian-naval-facility-tartus"][1]
    assert any("already owl:sameAs of id:entity/tartus" in e for e in tartus_city["evidence"])
    assert tartus_city["tsv_row"].split("\t")[4] == "likely"
    assert "vladimir-putin" not in suggestions  # linked resources are not re-suggested
    text, _ = run("--store", str(store), "--corpus", str(tmp_path), "--suggest",
                  "--endpoint", proxy.url, "--http-cache", "")
    assert NOTHING_LINKED in text and "TSV row:" in text
    assert digest(ENTITIES_FILE, WIKIDATA_LINKS_FILE, DEFAULT_CACHE) == before
    written = (tmp_path / "reference" / "wikidata_suggestions.tsv").read_text(encoding="utf-8")
    assert "\nhttps://w3id.org/rskg/id/entity/kherson\tQ156732\t" in written
    assert not (tmp_path / "reference" / "entities.toml").exists()  # a cache, not a decision


def test_suggest_without_a_reachable_endpoint_uses_the_cache(store: Path, tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    out, err = run("--store", str(store), "--corpus", str(tmp_path), "--suggest",
                   "--endpoint", closed, "--http-cache", "", "--format", "json")
    assert "endpoint not usable" in err
    assert json.loads(out)["suggestions"]["note"] == NOTHING_LINKED


def test_refresh_with_an_unreachable_endpoint_fails_and_keeps_the_cache(
        store: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.ttl"
    cache.write_text("# kept\n", encoding="utf-8")
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    result = CliRunner().invoke(link, ["--store", str(store), "--refresh", "--endpoint",
                                       closed, "--cache", str(cache), "--http-cache", ""])
    assert result.exit_code == 1
    assert "not reachable" in result.stderr
    assert cache.read_text(encoding="utf-8") == "# kept\n"


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(link, ["--store", str(tmp_path / "none"), "--endpoint", ""])
    assert result.exit_code == 1
    assert "kg build" in result.stderr


def test_suggest_proposes_matches_for_entities_found_in_documents(
        proxy: Proxy, tmp_path: Path) -> None:
    """An entity a document named and nobody curated is reconciled like a curated one."""
    iri = ox.NamedNode("https://w3id.org/rskg/id/entity/extracted/kherson")
    graph = ox.NamedNode("https://w3id.org/rskg/graph/doc/new")
    extra = [
        ox.Quad(iri, ox.NamedNode(str(RDF.type)), ox.NamedNode("https://schema.org/Place"), graph),
        ox.Quad(iri, ox.NamedNode(str(RDFS.label)), ox.Literal("Kherson", language="en"), graph),
        ox.Quad(iri, ox.NamedNode("https://w3id.org/rskg/ontology#reviewStatus"),
                ox.Literal("awaiting-review"), graph),
    ]
    store = build_store(tmp_path / "store", [*reference_quads(), *extra])
    proxy.refuse = 0
    out, _ = run("--store", str(store), "--corpus", str(tmp_path), "--suggest",
                 "--endpoint", proxy.url, "--http-cache", "", "--format", "json")
    found = {s["resource"]: s["candidates"] for s in json.loads(out)["suggestions"]["suggestions"]}
    assert found[str(iri.value)][0]["qid"] == "Q156732"


def test_refresh_writes_the_corpus_cache_never_the_package(
        store: Path, proxy: Proxy, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    before = digest(DEFAULT_CACHE)
    run("--corpus", str(corpus), "--store", str(store), "--refresh", "--endpoint", proxy.url,
        "--http-cache", "")
    written = corpus / "reference/wikidata_cache.ttl"
    assert "Q7747" in cached_items(load_cache(written))
    assert digest(DEFAULT_CACHE) == before
