"""Extraction time against document length: is one long document linear?

A document of 1, 2 and 5 times the two seed texts (joined, then repeated) is extracted the
way a build's worker does it (`kg.build.extract`, the packaged word lists), after one
warm-up extraction that reads the shared inputs (GeoNames, the cue lists); each size is
timed once, wall clock. A rule that compares every mention with every event or cue grows
with the square of the length: the seconds per kilobyte show it.

    .venv/bin/python bench/extract.py [--times 1 2 5]
"""

from __future__ import annotations

import argparse
import time
import tomllib
from pathlib import Path

from kg.build import extract
from kg.config import LEXICON, packaged
from kg.extract.described_events import profiles
from kg.extract.new_entities import load_names
from kg.extract.pipeline import load_cues
from kg.reference import load_entities
from kg.sources import Document, SourceMeta

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, nargs="+", default=[1, 2, 5])
    args = parser.parse_args()
    entities, cues, names = load_entities(), load_cues(), load_names()
    lexicon = tomllib.loads(packaged(LEXICON).read_text(encoding="utf-8"))
    event_profiles = profiles(entities, cues, lexicon.get("description_stopwords", ()))
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    meta = SourceMeta(file="long.txt", headline="Long", publisher="Bench Wire",
                      date_published="2025-05-05", language="en")

    def run(text: str) -> float:
        start = time.perf_counter()
        extract(Document("long", text, meta, "0" * 64), entities, lexicon, cues,
                event_profiles, names)
        return time.perf_counter() - start

    run(base)  # warm-up: the shared inputs
    print("| times the seeds | characters | seconds | seconds per 10 kB |")
    print("|---|---|---|---|")
    for n in args.times:
        text = "\n\n".join([base] * n)
        seconds = run(text)
        print(f"| {n} | {len(text):,} | {seconds:.2f} | {seconds / len(text) * 10_000:.2f} |")


if __name__ == "__main__":
    main()
