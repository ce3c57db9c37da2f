"""The federated example queries (ontology/queries/federated-*.rq) run through the real
`kg serve` server, their SERVICE IRI rewritten to a local Oxigraph server that stands in
for query.wikidata.org and is the only endpoint on the allow-list."""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query import run_query

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "ontology" / "queries").glob("federated-*.rq"))
WIKIDATA = "https://query.wikidata.org/sparql"
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "wikidata"))
sys.path.insert(0, str(ROOT / "tests" / "endpoint"))
from serverkit import Server, start_server, stop_server  # noqa: E402
from wdkit import StandIn, build_store, reference_quads, start_stand_in  # noqa: E402

# Which of our resources each query's SERVICE VALUES list must name, read from the store.
EXPECTED_ITEMS = {
    "federated-persons-wikidata-descriptions":
        "SELECT ?q WHERE { ?r a schema:Person ; owl:sameAs ?q }",
    "federated-places-wikidata-coordinates":
        "SELECT ?q WHERE { ?r geo:hasGeometry ?g . "
        "{ ?r owl:sameAs ?q } UNION { ?r rskg:candidateWikidata ?q } }",
    "federated-events-wikidata-dates":
        "SELECT ?q WHERE { ?r a schema:Event ; owl:sameAs ?q }",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("fed") / "store", reference_quads())


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandIn]:
    server = start_stand_in()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(store: Path, stand_in: StandIn, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("fed-log") / "server.log"
    running = start_server(store, log, KG_SERVICE_ALLOW=stand_in.sparql)
    yield running
    stop_server(running)


def post(server: Server, query: str) -> tuple[int, dict | str]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(server.sparql, data=data, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def rows(server: Server, path: Path, stand_in: StandIn) -> list[dict[str, str]]:
    query = path.read_text(encoding="utf-8").replace(f"<{WIKIDATA}>", f"<{stand_in.sparql}>")
    status, body = post(server, query)
    assert status == 200, body
    assert isinstance(body, dict)
    return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]


def test_there_are_federated_examples_with_titles() -> None:
    assert {p.stem for p in QUERIES} == set(EXPECTED_ITEMS)
    for path in QUERIES:
        head = path.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# title: ") and head[1].startswith("# comment: ")
        assert f"SERVICE <{WIKIDATA}>" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_service_values_name_exactly_the_reference_datas_items(path: Path, store: Path) -> None:
    text = path.read_text(encoding="utf-8")
    block = re.search(r"VALUES \?item \{([^}]*)\}", text)
    assert block is not None
    listed = set(re.findall(r"wd:(Q\d+)", block.group(1)))
    found = {str(row[0]).rsplit("/", 1)[-1] for row in run_query(store, EXPECTED_ITEMS[path.stem])}
    assert listed == found


def test_persons_joined_with_wikidata_descriptions(server: Server, stand_in: StandIn) -> None:
    path = ROOT / "ontology" / "queries" / "federated-persons-wikidata-descriptions.rq"
    got = {r["label"]: r for r in rows(server, path, stand_in)}
    assert set(got) == {"Vladimir Putin", "Bashar al-Assad", "Muammar Gaddafi", "Barack Obama"}
    assert got["Vladimir Putin"]["wikidataDescription"].startswith("TEST FIXTURE")
    assert got["Bashar al-Assad"]["wikidataLabel"] == "TEST FIXTURE mismatched label"


def test_places_joined_with_wikidata_coordinates(server: Server, stand_in: StandIn) -> None:
    path = ROOT / "ontology" / "queries" / "federated-places-wikidata-coordinates.rq"
    got = {r["label"]: r for r in rows(server, path, stand_in)}
    assert got["Damascus"]["wikidataWkt"] == "Point(36.3 33.5)"
    assert got["Damascus"]["link"] == "owl:sameAs"
    assert got["Russian naval facility in Tartus"]["link"] == "candidate"
    assert got["Russian naval facility in Tartus"]["ourWkt"].startswith("POINT(")


def test_events_joined_with_wikidata_dates(server: Server, stand_in: StandIn) -> None:
    path = ROOT / "ontology" / "queries" / "federated-events-wikidata-dates.rq"
    got = {r["label"]: r for r in rows(server, path, stand_in)}
    assert got["World War II"]["wikidataEnd"] == "1945-09-02T00:00:00Z"
    assert got["Syrian civil war"]["ourStart"] == "2011-03-15"
    assert "wikidataStart" not in got["September 11 attacks"]  # not in the sample


def test_service_off_the_allow_list_is_refused(server: Server) -> None:
    text = QUERIES[0].read_text(encoding="utf-8")  # still names query.wikidata.org
    status, body = post(server, text)
    assert status == 400
    assert "SERVICE" in str(body) and "refused" in str(body)
