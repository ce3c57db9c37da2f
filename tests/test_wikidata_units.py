"""Unit tests of kg.wikidata: label normalisation, the cache file, queries, the report's
checks and the ranking of suggestions, without a store or a server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from kg.wikidata import DEFAULT_CACHE, normalise, terms
from kg.wikidata.cache import (
    EMPTY_NOTE,
    CachedItem,
    ItemRecord,
    cached_items,
    load_cache,
    replace_items,
    serialize,
    write_cache,
)
from kg.wikidata.client import retry_after, user_agent
from kg.wikidata.fetch import batches, facts_by_item, facts_query
from kg.wikidata.links import Resource, link_provenance
from kg.wikidata.report import MISMATCH, NOT_CACHED, SHARED, build_report
from kg.wikidata.suggest import search_query, suggest, tsv_row

PERSON = "https://w3id.org/rskg/ontology#Person"
SCHEMA_PERSON = "https://schema.org/Person"


def resource(name: str, label: str, qids: tuple[str, ...] = (), alt: tuple[str, ...] = (),
             candidates: tuple[str, ...] = (), types: tuple[str, ...] = ()) -> Resource:
    return Resource(f"https://w3id.org/rskg/id/entity/{name}", label, alt, types, qids,
                    candidates, ("reference file (verified)",) if qids else ())


def record(qid: str, label: str = "", alias: str = "", human: bool = False) -> ItemRecord:
    facts = [(RDFS.label, Literal(label, lang="en"))] if label else []
    facts += [(SKOS.altLabel, Literal(alias, lang="en"))] if alias else []
    facts += [(terms.INSTANCE_OF, terms.HUMAN)] if human else []
    return ItemRecord(qid, "2026-01-02T03:04:05Z", "http://127.0.0.1:1/query", tuple(facts))


def cache_of(*records: ItemRecord) -> dict[str, CachedItem]:
    graph = load_cache(Path("/nonexistent"))
    replace_items(graph, list(records))
    return cached_items(graph)


@pytest.mark.parametrize(("ours", "theirs"), [
    ("Islamic State (ISIS/ISIL)", "Islamic State"),
    ("the Kremlin", "Kremlin"),
    ("Solidarność", "Solidarnosc"),
    ("Putin’s", "Putin's"),
    ("al-Assad", "Al Assad"),
])
def test_normalised_labels_match(ours: str, theirs: str) -> None:
    assert normalise.matches([ours], [theirs])


def test_different_names_do_not_match() -> None:
    assert not normalise.matches(["Bashar al-Assad"], ["Thomas Cromwell"])


def test_shipped_cache_is_empty_and_says_so() -> None:
    text = DEFAULT_CACHE.read_text(encoding="utf-8")
    assert EMPTY_NOTE.strip() in text
    assert len(load_cache(DEFAULT_CACHE)) == 0
    assert list(ox.parse(text, format=ox.RdfFormat.TURTLE)) == []


def test_cache_round_trip_in_rdflib_and_pyoxigraph(tmp_path: Path) -> None:
    graph = load_cache(tmp_path / "absent.ttl")
    geo = Literal("Point(1.5 2.5)", datatype=terms.GEO.wktLiteral)
    replace_items(graph, [ItemRecord("Q7747", "2026-01-02T03:04:05Z", "http://x/sparql", (
        (RDFS.label, Literal('Quote "and" newline\nend', lang="en")),
        (terms.COORDINATES, geo), (terms.INSTANCE_OF, terms.HUMAN))), record("Q1")])
    path = tmp_path / "cache.ttl"
    write_cache(graph, path)
    again = load_cache(path)
    assert len(again) == len(graph)
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == len(graph)
    items = cached_items(again)
    assert items["Q7747"].coordinates == ("Point(1.5 2.5)",)
    assert items["Q7747"].taken == "2026-01-02T03:04:05Z"
    assert not items["Q1"].has_facts
    assert serialize(again) == path.read_text(encoding="utf-8")  # a fixed order


def test_refreshing_an_item_replaces_its_facts() -> None:
    graph = load_cache(Path("/nonexistent"))
    replace_items(graph, [record("Q76", "Old label")])
    replace_items(graph, [record("Q76", "New label")])
    assert cached_items(graph)["Q76"].label == "New label"
    assert len(list(graph.objects(terms.item("Q76"), RDFS.label))) == 1


@pytest.mark.parametrize("query", [facts_query(["Q1", "Q7747"]),
                                   search_query(['Say "hi"', "Solidarność"])])
def test_queries_parse(query: str) -> None:
    assert list(ox.Store().query(query)) == []


def test_facts_keep_only_known_predicates_and_no_blank_nodes() -> None:
    rows = [
        {"item": {"type": "uri", "value": str(terms.WD.Q76)},
         "p": {"type": "uri", "value": str(RDFS.label)},
         "o": {"type": "literal", "value": "Barack Obama", "xml:lang": "en"}},
        {"item": {"type": "uri", "value": str(terms.WD.Q76)},
         "p": {"type": "uri", "value": str(terms.START_TIME)},
         "o": {"type": "bnode", "value": "b0"}},
        {"item": {"type": "uri", "value": str(terms.WD.Q76)},
         "p": {"type": "uri", "value": "http://example.org/other"},
         "o": {"type": "literal", "value": "x"}},
    ]
    assert facts_by_item(rows) == {"Q76": [(RDFS.label, Literal("Barack Obama", lang="en"))]}


def test_batches_of_fifty() -> None:
    assert [len(b) for b in batches([f"Q{i}" for i in range(120)], 50)] == [50, 50, 20]


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after("7") == 7
    assert retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_user_agent_says_who_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_WIKIDATA_CONTACT", raising=False)
    assert user_agent().startswith("rskg/")
    assert "no contact configured" in user_agent()
    monkeypatch.setenv("KG_WIKIDATA_CONTACT", "ops@example.org")
    assert "ops@example.org" in user_agent()


def test_link_provenance_kinds() -> None:
    assert link_provenance("reference file (verified)") == "reference file"
    assert link_provenance("curated: hand-checked") == "curated"
    assert link_provenance("reconciled by a person") == "reconciled"


def test_report_flags_shared_mismatched_and_uncached() -> None:
    resources = [resource("a", "Alpha", ("Q1",)), resource("b", "Beta", ("Q1",)),
                 resource("c", "Gamma", ("Q3",), alt=("Gammy",)),
                 resource("d", "Delta", ("Q4",)), resource("e", "Epsilon")]
    report = build_report(resources, cache_of(record("Q1", "Alpha"), record("Q3", "Gammy"),
                                              record("Q4", "Thomas Cromwell")))
    kinds = sorted((s.kind, s.qid) for s in report.suspicions)
    assert kinds == [(MISMATCH, "Q1"), (MISMATCH, "Q4"), (SHARED, "Q1")]
    report = build_report(resources, {})
    assert {s.kind for s in report.suspicions} == {SHARED, NOT_CACHED}
    assert report.figures["entities_linked"] == 4
    assert report.figures["entities_unlinked"] == 1


def test_suggestions_rank_label_over_alias_and_penalise_linked_qids() -> None:
    tartus = resource("tartus", "Tartus", ("Q2",))
    base = resource("base", "Naval base in Tartus", alt=("Tartus naval base",),
                    candidates=("Q3",))
    person = resource("someone", "Some One", types=(PERSON, SCHEMA_PERSON))
    cached = cache_of(record("Q2", "Tartus", alias="Tartus naval base"),
                      record("Q3", "Naval base in Tartus"),
                      record("Q9", "Some One", human=True), record("Q8", "Some One"))
    found, note = suggest([tartus, base, person], cached)
    assert "offline" in note
    by_label = {s.resource.label: s.candidates for s in found}
    assert "Tartus" not in by_label  # linked resources get no suggestions
    assert [c.qid for c in by_label["Naval base in Tartus"]] == ["Q3", "Q2"]
    assert any("already owl:sameAs" in e for e in by_label["Naval base in Tartus"][1].evidence)
    assert [c.qid for c in by_label["Some One"]] == ["Q9", "Q8"]


def test_tsv_row_is_a_likely_row_of_nine_columns() -> None:
    base = resource("base", "Naval base", candidates=("Q3",))
    found, _ = suggest([base], cache_of(record("Q3", "Naval base")))
    row = tsv_row(base, found[0].candidates[0]).split("\t")
    assert len(row) == 9
    assert row[:5] == ["base", "Naval base", "organization", "Q3", "likely"]
