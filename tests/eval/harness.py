"""Build a fixture set of texts into a fresh store and score it against its gold.

A fixture set is a folder with `texts/*.txt`, `gold/*.json` (the format of the ECFR gold)
and `sources.toml` (publisher *names*, as a user would give them to `kg add`). The texts are
copied into a temporary corpus with their checksums, built with the real `run_build`,
exported as TriG and scored by `score_kg.py`, exactly as a user would score their own.

    python -m tests.eval.harness tests/fixtures/devset [--verbose]
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from kg.build import run_build
from kg.config import Paths
from kg.export import export

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCORER = HERE / "score_kg.py"


def make_corpus(fixture: Path, seeds: Path) -> None:
    """The fixture's texts and metadata as a seeds folder with its checksum manifest."""
    seeds.mkdir(parents=True, exist_ok=True)
    lines = []
    for text in sorted((fixture / "texts").glob("*.txt")):
        shutil.copyfile(text, seeds / text.name)
        lines.append(f"{hashlib.sha256(text.read_bytes()).hexdigest()}  {text.name}\n")
    (seeds / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
    shutil.copyfile(fixture / "sources.toml", seeds / "sources.toml")


def build_and_export(fixture: Path, work: Path) -> Path:
    seeds, store, out = work / "seeds", work / "store", work / "graph.trig"
    make_corpus(fixture, seeds)
    run_build(Paths(store=store, seeds=seeds, ontology=ROOT / "ontology"))
    export(store, out)
    return out


def score(fixture: Path, data: Path, verbose: bool = False) -> dict[str, Any]:
    """The scorer's JSON result for the fixture's gold against an exported graph."""
    args = [sys.executable, str(SCORER), "--gold-dir", str(fixture / "gold"), "--data", str(data),
            "--seeds-dir", str(fixture / "texts"), "--json"]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"score_kg.py failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    if verbose:
        verbose_args = [a for a in args if a != "--json"] + ["--verbose"]
        print(subprocess.run(verbose_args, capture_output=True, text=True).stdout)
    return result


def score_fixture(fixture: Path, verbose: bool = False, keep: Path | None = None) -> dict[str, Any]:
    if keep is not None:
        return score(fixture, build_and_export(fixture, keep), verbose)
    with tempfile.TemporaryDirectory() as tmp:
        return score(fixture, build_and_export(fixture, Path(tmp)), verbose)


def main() -> None:
    fixture = Path(sys.argv[1])
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    result = score_fixture(fixture, "--verbose" in sys.argv, keep)
    print(summary(result))


def summary(result: dict[str, Any]) -> str:
    """One line of the figures the issue sets floors on."""
    o = result["overall"]
    c = o["claims"]
    return (f"entities {o['entities']['combined']['recall']:.2f} "
            f"wd-precision {o['wikidata_precision']['precision']} "
            f"attributed {c['attributed']['recall']:.2f} "
            f"claimant-accuracy {c['claimant_accuracy']['accuracy']} "
            f"attributed-precision {c['attributed_precision']['precision']} "
            f"voice {c['document_voice']['recall']:.2f} "
            f"events {o['events']['recall'] if 'recall' in o['events'] else o['events']} "
            f"quantities {o['quantities']['recall']:.2f}")


if __name__ == "__main__":
    main()
