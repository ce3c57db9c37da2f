"""The review queue and entity pages over entities from open-world extraction (issue #9),
served from a small fixture store: what awaits review, with its candidate and evidence,
read-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from server_http import get, request
from serverkit import Server

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "review" / "extracted.trig"
EXTRACTED = "https://w3id.org/rskg/id/entity/extracted/"


@pytest.fixture(scope="module")
def review_server(start: Callable[..., Server]) -> Server:
    return start(list(ox.parse(path=FIXTURE, format=ox.RdfFormat.TRIG)))


def test_queue_lists_extracted_entities_with_candidate_and_evidence(review_server: Server) -> None:
    page = get(f"{review_server.base}/review", accept="text/html")
    assert page.status == 200
    assert "Ivan Testov" in page.text and "Test Institute" in page.text
    assert 'href="https://www.wikidata.org/wiki/Q4115189"' in page.text
    assert "born 1970 in Tula" in page.text
    assert 'href="/doc/900_review"' in page.text
    assert "<form" not in page.text  # read-only: nothing to submit


def test_queue_json_groups_each_entity_once(review_server: Server) -> None:
    import json
    body = json.loads(get(f"{review_server.base}/review?format=json").text)
    entities = {e["entity"]: e for e in body["awaiting"]}
    assert set(entities) == {EXTRACTED + "ivan-testov", EXTRACTED + "test-institute"}
    testov = entities[EXTRACTED + "ivan-testov"]
    assert testov["candidates"] == ["http://www.wikidata.org/entity/Q4115189"]
    assert entities[EXTRACTED + "test-institute"]["candidates"] == []


def test_entity_page_says_awaiting_review_with_role_and_affiliation(
        review_server: Server) -> None:
    page = get(f"{review_server.base}/entity/extracted/ivan-testov").text
    assert "Awaiting review" in page and "Q4115189" in page and "born 1970 in Tula" in page
    assert "director" in page and 'href="/entity/extracted/test-institute"' in page
    institute = get(f"{review_server.base}/entity/extracted/test-institute").text
    assert "Awaiting review (awaiting-review)" in institute


def test_queue_refuses_writes(review_server: Server) -> None:
    assert request("POST", f"{review_server.base}/review", body="accept=1",
                   headers={"Content-Type": "application/x-www-form-urlencoded"}).status == 405
