"""The `kg` commands as a user runs them: validate, query, export, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.build import BuildResult
from kg.cli import main
from kg.config import Paths
from kg.sources import read_checksums, sha256_of

ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_seed_texts_match_their_checksum_manifest() -> None:
    sums = read_checksums(ROOT / "seeds")
    assert len(sums) == 2
    for name, digest in sums.items():
        assert sha256_of((ROOT / "seeds" / name).read_bytes()) == digest


def test_validate_rechecks_the_store(seed_build: BuildResult, seed_paths: Paths) -> None:
    code, out, _ = kg("validate", "--store", str(seed_paths.store),
                      "--ontology", str(ROOT / "ontology"))
    assert code == 0 and "conforms" in out


def test_query_table_json_csv(seed_build: BuildResult, seed_paths: Paths) -> None:
    q = "SELECT ?l WHERE { ?b a rskg:AirBase ; rdfs:label ?l }"
    code, out, _ = kg("query", "--store", str(seed_paths.store), q)
    assert code == 0 and "Khmeimim Air Base" in out and "(1 row)" in out
    code, out, _ = kg("query", "--store", str(seed_paths.store), "--format", "json", q)
    bindings = json.loads(out)["results"]["bindings"]
    assert bindings == [{"l": {"type": "literal", "value": "Khmeimim Air Base", "xml:lang": "en"}}]
    code, out, _ = kg("query", "--store", str(seed_paths.store), "--format", "csv", q)
    assert out.splitlines()[:2] == ["l", "Khmeimim Air Base"]


def test_query_errors_are_clear(seed_build: BuildResult, seed_paths: Paths, tmp_path: Path) -> None:
    code, _, err = kg("query", "--store", str(seed_paths.store), "SELECT * WHERE { ?s ?p }")
    assert code == 2 and "malformed query" in err
    code, _, err = kg("query", "--store", str(tmp_path), "ASK {}")
    assert code == 1 and "kg build" in err


@pytest.mark.parametrize(("suffix", "parse_as"), [
    (".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"),
])
def test_export_formats_round_trip(
    suffix: str, parse_as: str, seed_build: BuildResult, seed_paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / f"graph{suffix}"
    code, _, _ = kg("export", "--store", str(seed_paths.store), "-o", str(out))
    assert code == 0
    if parse_as in ("turtle", "nt"):
        g = Graph().parse(out, format=parse_as)
        distinct = {(q.subject, q.predicate, q.object) for q in ox.Store.read_only(
            str(seed_build.build_dir / "oxigraph"))}
        assert len(g) == len(distinct)
        if suffix == ".ttl":
            assert out.read_text(encoding="utf-8").startswith("@prefix")
    else:
        ds = Dataset()
        ds.parse(out, format=parse_as)
        assert sum(len(g) for g in ds.graphs()) == seed_build.info.triples


def test_export_refuses_an_unknown_extension(seed_build: BuildResult, seed_paths: Paths,
                                             tmp_path: Path) -> None:
    code, _, err = kg("export", "--store", str(seed_paths.store), "-o", str(tmp_path / "x.doc"))
    assert code == 1 and "cannot tell the format" in err


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"`kg {name}" in readme, f"kg {name} is not in README.md"
