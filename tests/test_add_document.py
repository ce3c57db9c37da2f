"""Generality end to end: a new document added with `kg add` is extracted on rebuild,
with no code change; its new people and outlet need only reference-data entries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import run_build
from kg.cli import main
from kg.config import Paths
from kg.query import run_query
from kg.reference import ENTITIES_FILE

ROOT = Path(__file__).resolve().parent.parent
NEW_ENTITIES = """
[[entity]]
id = "levant-monitor"
label = "Levant Monitor"
type = "MediaOutlet"
names = ["Levant Monitor", "the Monitor"]

[[entity]]
id = "maria-ivanova"
label = "Maria Ivanova"
type = "Person"
names = ["Maria Ivanova"]
short_names = ["Ivanova"]

[[entity]]
id = "omar-haddad"
label = "Omar Haddad"
type = "Person"
names = ["Omar Haddad"]
short_names = ["Haddad"]
"""


def kg_add(seeds: Path, text: str, headline: str, publisher: str, date: str) -> None:
    """`kg add` of a fixture text, as a user would run it."""
    result = CliRunner().invoke(main, [
        "add", str(ROOT / "tests/fixtures/texts" / text), "--seeds", str(seeds),
        "--headline", headline, "--publisher", publisher, "--date", date],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = tmp_path_factory.mktemp("added")
    seeds = root / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    reference = root / "entities.toml"
    reference.write_text(ENTITIES_FILE.read_text(encoding="utf-8") + NEW_ENTITIES, "utf-8")
    kg_add(seeds, "bases_report.txt", "Russia’s Syrian bases after the fall", "meduza",
           "2024-12-17")
    kg_add(seeds, "memory_column.txt", "Why Moscow shrugs off terror abroad", "meduza",
           "2025-10-01")
    paths = Paths(store=root / "store", seeds=seeds, ontology=ROOT / "ontology")
    run_build(paths, reference=reference)
    return paths


def select(paths: Paths, variables: str, where: str,
           doc_id: str = "bases_report") -> list[tuple[str, ...]]:
    doc = f"<https://w3id.org/rskg/id/doc/{doc_id}>"
    sparql = f"SELECT {variables} WHERE {{ {where.replace('DOC', doc)} }}"
    return [tuple("" if v is None else str(v) for v in r) for r in run_query(paths.store, sparql)]


def test_add_copies_the_text_byte_for_byte_and_records_it(added: Paths) -> None:
    copied = (added.seeds / "bases_report.txt").read_bytes()
    assert copied == (ROOT / "tests/fixtures/texts/bases_report.txt").read_bytes()
    assert "bases_report.txt" in (added.seeds / "SHA256SUMS").read_text(encoding="utf-8")
    assert select(added, "?d", "DOC schema:datePublished ?d") == [("2024-12-17",)]


def test_new_document_yields_attributed_quotes(added: Paths) -> None:
    claims = select(added, "?who ?kind ?text", """?c schema:appearance DOC ;
                              schema:author/rdfs:label ?who ;
                              rskg:claimKind ?kind ; schema:text ?text""")
    by = {(who, kind) for who, kind, _ in claims}
    assert ("Maria Ivanova", "direct-quote") in by
    assert ("Omar Haddad", "direct-quote") in by
    assert ("Maria Ivanova", "paraphrase") in by
    texts = " ".join(text for *_, text in claims)
    assert "Nobody wants foreign troops here." in texts
    assert "Subscribe" not in texts and "Поддержите" not in texts


def test_new_document_yields_entities_quantities_and_dated_events(added: Paths) -> None:
    mentioned = {r[0] for r in select(added, "?l", "DOC schema:mentions/rdfs:label ?l")}
    assert {"Khmeimim Air Base", "Russian naval facility in Tartus", "Levant Monitor"} <= mentioned
    values = {(v, h) for v, h in select(added, "?v ?h", """?c schema:appearance DOC ;
        rskg:hasQuantity ?q . ?q rskg:quantityValue ?v ; rskg:hedge ?h""")}
    assert ("1500", "upper-bound") in values and ("300", "approximate") in values
    events = select(added, "?a ?e ?l", """?a oa:hasBody ?e ; oa:hasTarget/oa:hasSource DOC .
                              ?e a schema:Event ; rdfs:label ?l""")
    assert any("intervention" in label.lower() for _, _, label in events)


def test_new_document_alludes_to_known_events_in_its_own_words(added: Paths) -> None:
    """No event is named in the column; three are described (described_events.py)."""
    found = select(added, "?l ?exact ?kind", """?m a rskg:Mention ; rskg:mentionKind ?kind ;
        oa:hasBody ?e ; oa:hasTarget ?t . ?t oa:hasSource DOC ; oa:hasSelector/oa:exact ?exact .
        ?e a schema:Event ; rdfs:label ?l""", doc_id="memory_column")
    events = {label: exact for label, exact, kind in found if kind == "described"}
    assert set(events) == {"Beslan school siege", "Moscow theatre hostage crisis",
                           "Russian apartment bombings"}
    assert "hostage" in events["Beslan school siege"]
    assert "rescue operation" in events["Moscow theatre hostage crisis"]
    assert "blown up" in events["Russian apartment bombings"]


@pytest.fixture(scope="module")
def uncurated(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The same report added by a user who edits nothing: a publisher the reference data
    does not know, and no entries for its people."""
    root = tmp_path_factory.mktemp("uncurated")
    seeds = root / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    kg_add(seeds, "bases_report.txt", "Russia’s Syrian bases after the fall", "Harbour Review",
           "2024-12-17")
    paths = Paths(store=root / "store", seeds=seeds, ontology=ROOT / "ontology")
    run_build(paths)
    return paths


def test_uncurated_people_and_outlet_are_in_the_graph(uncurated: Paths) -> None:
    claims = select(uncurated, "?who ?kind ?status", """?c schema:appearance DOC ;
                    rskg:claimKind ?kind ; schema:author ?a . ?a rdfs:label ?who .
                    OPTIONAL { ?a rskg:reviewStatus ?status }""")
    by = {(who, kind, status) for who, kind, status in claims}
    assert ("Maria Ivanova", "direct-quote", "awaiting-review") in by
    assert ("Omar Haddad", "direct-quote", "awaiting-review") in by
    publisher = select(uncurated, "?l", "DOC schema:publisher ?p . ?p rdfs:label ?l ; "
                       "a rskg:MediaOutlet")
    assert publisher == [("Harbour Review",)]  # `kg add` recorded the new outlet
