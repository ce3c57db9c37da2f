"""The competency questions of ontology/queries/*.rq, run against the built store through
rdflib + oxrdflib, each checked against its expected answer in queries/expected/.

Federated examples (SERVICE to Wikidata) are run against a local stand-in in
tests/test_wikidata*.py instead: these machines reach no Wikidata.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.config import Paths
from kg.query import run_query

QUERIES = Path(__file__).resolve().parent.parent / "ontology" / "queries"
LOCAL = sorted(q for q in QUERIES.glob("*.rq") if "SERVICE" not in q.read_text(encoding="utf-8"))


def answer(paths: Paths, query: Path) -> list[dict[str, str | None]]:
    result = run_query(paths.store, query.read_text(encoding="utf-8"))
    names = [str(v) for v in result.vars or []]
    return [{n: (None if r[i] is None else str(r[i])) for i, n in enumerate(names)}
            for r in result]


def matches(row: dict[str, str | None], pattern: dict[str, str | None]) -> bool:
    return all(row.get(k) == v for k, v in pattern.items())


def test_every_local_query_has_an_expected_answer() -> None:
    assert LOCAL, "no competency questions found"
    missing = [q.name for q in LOCAL if not (QUERIES / "expected" / f"{q.stem}.json").is_file()]
    assert not missing


def test_every_query_has_a_title_and_a_comment() -> None:
    for query in QUERIES.glob("*.rq"):
        head = query.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# title: ") and head[1].startswith("# comment: "), query.name


@pytest.mark.parametrize("query", LOCAL, ids=lambda q: q.stem)
def test_query_gives_its_expected_answer(
    query: Path, request: pytest.FixtureRequest
) -> None:
    """On the seed graph, or on the development set where the expected answer says so
    (questions about entities nobody curated have no answer on the curated seeds)."""
    expected = json.loads((QUERIES / "expected" / f"{query.stem}.json").read_text("utf-8"))
    if expected.get("corpus") == "devset":
        paths = request.getfixturevalue("devset_paths")
    else:
        request.getfixturevalue("seed_build")
        paths = request.getfixturevalue("seed_paths")
    rows = answer(paths, query)
    assert len(rows) >= expected.get("min_rows", 1)
    assert len(rows) <= expected.get("max_rows", len(rows))
    for pattern in expected.get("rows_include", []):
        assert any(matches(r, pattern) for r in rows), f"no row matches {pattern}"
    for pattern in expected.get("rows_exclude", []):
        assert not any(matches(r, pattern) for r in rows), f"a row matches {pattern}"
