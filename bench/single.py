"""One worker, no cache: QPS and server CPU per uncached request, configurations alternated.

    .venv/bin/python bench/single.py                       # direct path on vs off
    .venv/bin/python bench/single.py --rounds 5 --duration 4

`kg serve` runs with `KG_CACHE_BYTES=0 KG_WORKERS=1` pinned to CPU 0 and the load
generator (one client, keep-alive GETs) to CPU 1, so the server's cost per request is
what is measured: QPS, and the CPU time of the master and its worker over the run
divided by the requests. Each round runs every configuration once, in turn, so a busy
moment on a shared machine hits them all; the medians over rounds are printed. Uses the
seed store that run.py builds (/tmp/rskg-bench/seed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen
import run

CONFIGS = {"direct path": {"KG_FAST_PATH": "1"}, "Flask path": {"KG_FAST_PATH": "0"}}
ASK = "ASK { ?s ?p ?o }"


def _cpu(pid: int) -> float:
    """User + system seconds of `pid` and its live children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for p in [pid, *map(int, children)]:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _measure(dataset: run.Dataset, logs: Path, env: dict[str, str], queries: list,
             duration: float) -> tuple[float, float]:
    env = {**env, "KG_CACHE_BYTES": "0", "KG_WORKERS": "1"}
    server = run.start_kg(dataset, logs, env)
    try:
        pids = [server.process.pid, *map(int, Path(
            f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split())]
        for pid in pids:
            os.sched_setaffinity(pid, {0})
        os.sched_setaffinity(0, {1})
        loadgen.run(server.port, server.path, queries, 1, 0.5, 0.2)  # warm up
        before = _cpu(server.process.pid)
        result = loadgen.run(server.port, server.path, queries, 1, duration, 0.0)
        cpu = _cpu(server.process.pid) - before
    finally:
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        server.stop()
    return result.qps, cpu / max(result.count, 1) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rskg-bench"))
    args = parser.parse_args()
    logs = args.work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    seed = run.seed_dataset(args.work, rebuild=False)
    pool = run.entities(seed)
    mixes = {"ASK { ?s ?p ?o }": [loadgen.Query("ask", ASK, run.JSON_RESULTS)],
             "point mix": run.load_mix("point", pool)}
    rows: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for i in range(args.rounds):
        for mix, queries in mixes.items():
            for label, env in CONFIGS.items():
                qps, us = _measure(seed, logs, env, queries, args.duration)
                rows.setdefault((mix, label), []).append((qps, us))
                print(f"round {i + 1}: {mix:<18} {label:<12} {qps:8.0f} QPS "
                      f"{us:7.0f} us server CPU/request", flush=True)
    print("\n| requests, uncached | configuration | QPS (median) | server CPU/request |")
    print("|---|---|---:|---:|")
    for (mix, label), values in rows.items():
        qps = statistics.median(v[0] for v in values)
        us = statistics.median(v[1] for v in values)
        print(f"| {mix} | {label} | {qps:,.0f} | {us:,.0f} µs |")


if __name__ == "__main__":
    sys.exit(main())
