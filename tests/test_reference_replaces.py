"""An entity curated from the texts says which IRI it replaces (`replaces`, written by
`kg link --accept`): the reference graph states it (dcterms:replaces), so the server can
redirect the old IRI; an id of the file itself, or no id at all, is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from kg import vocab
from kg.rdf.reference import add_reference
from kg.reference import ReferenceError, load_entities

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "rskg.ttl"
TABLES = """
[[entity]]
id = "ivan-testov"
label = "Ivan Testov"
type = "Person"
replaces = [{replaces}]

[[entity]]
id = "kherson"
label = "Kherson"
type = "City"
"""


def test_the_reference_graph_states_the_replaced_iri(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(TABLES.format(replaces='"extracted/ivan-testov"'), encoding="utf-8")
    g = Graph()
    add_reference(g, load_entities(path), Graph().parse(ONTOLOGY, format="turtle"))
    assert set(g.triples((None, DCTERMS.replaces, None))) == {
        (vocab.entity("ivan-testov"), DCTERMS.replaces, vocab.entity("extracted/ivan-testov"))}


@pytest.mark.parametrize("replaces", ['"kherson"', '"extracted/<x>"', '""'])
def test_replacing_a_live_id_or_no_id_is_refused(tmp_path: Path, replaces: str) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(TABLES.format(replaces=replaces), encoding="utf-8")
    with pytest.raises(ReferenceError, match="'ivan-testov' replaces"):
        load_entities(path)
