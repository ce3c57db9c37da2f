"""Shared fixtures: one real build of the seed graph into an on-disk store per session."""

from __future__ import annotations

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
