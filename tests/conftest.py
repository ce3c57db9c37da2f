"""Shared fixtures: one real build of the seed graph into an on-disk store per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.build import BuildResult, run_build
from kg.config import Paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seed_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    store = tmp_path_factory.mktemp("seed-store")
    return Paths(store=store, seeds=ROOT / "seeds", ontology=ROOT / "ontology")


@pytest.fixture(scope="session")
def seed_build(seed_paths: Paths) -> BuildResult:
    """The seed graph, built, validated and swapped in exactly as `kg build` does it."""
    return run_build(seed_paths)


@pytest.fixture(scope="session")
def devset_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The development set of tests/fixtures/devset, built like a user's corpus."""
    sys.path.insert(0, str(ROOT))  # the scoring harness lives beside the tests
    from tests.eval.harness import make_corpus

    work = tmp_path_factory.mktemp("devset")
    make_corpus(ROOT / "tests" / "fixtures" / "devset", work / "seeds")
    paths = Paths(store=work / "store", seeds=work / "seeds", ontology=ROOT / "ontology")
    run_build(paths)
    return paths
