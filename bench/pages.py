"""Render times of the analyst pages on a synthetic corpus (default 1,000 documents).

    .venv/bin/python bench/pages.py                  # 1,000 documents, 10 requests a page
    .venv/bin/python bench/pages.py --documents 200 --repeat 5

The corpus is run.py's: the seed graph built with `kg build`, multiplied by synth.py and
loaded with `oxigraph load`, kept in the work directory and reused until `--rebuild`.
`kg serve` (the real CLI, response cache off: `KG_CACHE_BYTES=0`, so every request is new
work) serves it on a loopback port; each page is requested twice to warm the process,
then `--repeat` times in sequence, and the wall time of each whole response is measured
at the client. The baseline, measured in the same run on the same server, is the generic
resource page that predates these pages (`/id/entity/…`) and `/health`. The last column
is the machine's load average (1 minute) when a page's requests ended: on a shared
machine, read each page against the baseline and the load of its own run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # the datasets and the server come from the endpoint bench

ID = "https://w3id.org/rskg/id/"


def pages(doc: str) -> list[tuple[str, str]]:
    """(what, path): every analyst page, on the busiest entities of the corpus."""
    putin, russia = f"{ID}entity/vladimir-putin", f"{ID}entity/russia"
    q = urllib.parse.quote
    return [
        ("baseline: /health", "/health"),
        ("baseline: generic resource page", "/id/entity/khmeimim-air-base"),
        ("reader", f"/doc/{doc}"),
        ("reader, filtered by entity", f"/doc/{doc}?kind=mention&entity={q(russia)}"),
        ("claims, first page", "/claims"),
        ("claims, page 20 by kind", "/claims?sort=kind&order=desc&page=20"),
        ("claims, page 20 by claimant", "/claims?sort=claimant&page=20"),
        ("claims, page 200 by claimant, descending", "/claims?sort=claimant&order=desc&page=200"),
        ("claims, page 20 by source, descending", "/claims?sort=source&order=desc&page=20"),
        ("claims about Putin by claimant", f"/claims?about={q(putin)}&sort=claimant"),
        ("claims, one kind", "/claims?kind=paraphrase"),
        ("claims about Putin, 2020-2025", f"/claims?about={q(putin)}&from=2020&to=2025"),
        ("entity: Russia", "/entity/russia"),
        ("entity: Khmeimim", "/entity/khmeimim-air-base"),
        ("event page", "/event/russian-intervention-in-syria"),
        ("timeline", "/timeline"),
        ("timeline, one actor", f"/timeline?actor={q(russia)}"),
        ("timeline, one source", f"/timeline?source={q(ID + 'entity/meduza')}"),
        ("timeline grouped by type", "/timeline?group=type"),
        ("timeline grouped by actor", "/timeline?group=actor"),
        ("timeline grouped by source", "/timeline?group=source"),
        ("map", "/map"),
        ("compare: Putin", f"/compare?about={q(putin)}"),
        ("review queue", "/review"),
    ]


def first_document(dataset: run.Dataset) -> str:
    store = run.open_read_only(run.require_current_build(dataset.store))
    rows = store.query("SELECT ?d WHERE { ?d a <https://w3id.org/rskg/ontology#SourceDocument> "
                       "FILTER(CONTAINS(STR(?d), '-s')) } ORDER BY ?d LIMIT 1",
                       use_default_graph_as_union=True)
    return next(iter(rows))["d"].value.rsplit("/", 1)[1]  # type: ignore[index]


def timed(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rskg-bench"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached stores")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    seed = run.seed_dataset(args.work, args.rebuild)
    dataset = run.synthetic_dataset(args.work, seed, args.documents)
    doc = first_document(dataset)
    logs = args.work / "logs"
    logs.mkdir(exist_ok=True)
    server = run.start_kg(dataset, logs, {"KG_CACHE_BYTES": "0", "KG_ACCESS_LOG": "0",
                                          "KG_WORKERS": "1"})
    base = f"http://127.0.0.1:{server.port}"
    lines = [f"{dataset.name}, {dataset.info.triples:,} quads; {args.repeat} requests a page "
             "after 2 warm-up requests; wall time of the whole response at the client", "",
             "| page | first request ms | median ms | p90 ms | max ms | KiB | load |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    try:
        for what, path in pages(doc):
            try:
                first = timed(base + path)[0] * 1000  # a fresh process computes the menus
                timed(base + path)
                times, size = [], 0
                for _ in range(args.repeat):
                    seconds, status, size = timed(base + path)
                    assert status == 200, (path, status)
                    times.append(seconds * 1000)
            except OSError as err:  # a page past the client's 120 s: say so, go on
                lines.append(f"| {what} (`{path[:60]}`) | failed: {err} | | | | | |")
                print(lines[-1], flush=True)
                continue
            times.sort()
            p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
            median = statistics.median(times)
            lines.append(f"| {what} (`{path[:60]}`) | {first:.0f} | {median:.0f} | "
                         f"{p90:.0f} | {times[-1]:.0f} | {size / 1024:.0f} | "
                         f"{os.getloadavg()[0]:.1f} |")
            print(lines[-1], flush=True)
    finally:
        server.stop()
    out = args.work / "results-pages.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:1]), f"\nwritten to {out}", sep="")


if __name__ == "__main__":
    main()
