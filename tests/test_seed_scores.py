"""The seed graph scored against the seeds' gold (tests/eval/gold-*.json) by the shared
scorer: the ECFR commentary's gold came with the project; the Meduza piece's was written
by someone who read only the text, not the extraction's output.

The floors are what the build reaches now (a regression guard). The issue's target is 0.95
on every figure: Meduza's events stay below it because most of the events it misses are
allusions to things the reference data does not hold and the text does not date ("his
assistance to the U.S. following the September 11 attacks"); see the README.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from kg.build import BuildResult
from kg.config import Paths
from kg.export import export

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.eval.harness import score  # noqa: E402

GOLD = {"004_61b24789334a8fcb.txt": "gold-ecfr-004.json",
        "000_5406a379349fa65e.txt": "gold-meduza-000.json"}


def test_seed_graph_against_both_golds(seed_paths: Paths, seed_build: BuildResult,
                                       tmp_path: Path) -> None:
    fixture = tmp_path / "seeds-fixture"
    (fixture / "gold").mkdir(parents=True)
    for gold in GOLD.values():
        shutil.copyfile(ROOT / "tests" / "eval" / gold, fixture / "gold" / gold)
    (fixture / "texts").symlink_to(seed_paths.seeds)
    export(seed_paths.store, tmp_path / "seeds.trig")
    docs = {d["document"]: d for d in score(fixture, tmp_path / "seeds.trig")["documents"]}
    ecfr, meduza = docs["004_61b24789334a8fcb.txt"], docs["000_5406a379349fa65e.txt"]
    for doc in (ecfr, meduza):
        assert doc["entities"]["combined"]["recall"] == 1.0
        assert doc["wikidata_precision"]["precision"] == 1.0
        assert doc["quantities"]["recall"] == 1.0
        assert doc["anchors"]["validity"] == 1.0
    assert ecfr["claims"]["all"]["recall"] == 1.0
    assert ecfr["events"]["recall"] == 1.0
    assert meduza["claims"]["attributed"]["recall"] >= 0.95
    assert meduza["claims"]["claimant_accuracy"]["accuracy"] >= 0.95
    assert meduza["events"]["recall"] >= 0.70
