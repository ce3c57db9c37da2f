"""Native Oxigraph vs `kg serve`, side by side, on the seed graph and a synthetic one.

    .venv/bin/python bench/run.py            # uncached and repeated, ~3 min
    .venv/bin/python bench/run.py --quick    # short cells
    .venv/bin/python bench/run.py --stacks   # uncached: granian vs gunicorn gthread

For each dataset the same store directory is served by both servers: native
`oxigraph serve-read-only --location <build>/oxigraph --union-default-graph` and
`kg serve --store <store>` (the real CLI, in a subprocess). Both listen on free loopback
ports; no traffic leaves 127.0.0.1. Two mixes (bench/queries/analyst/*.rq and
bench/queries/point/*.rq, `$ENTITY` filled from the graph's reference entities) run at
concurrency 1, 4 and 16 against each server in turn, with the closed-loop generator in
loadgen.py. Every request is a GET with the same Accept to both servers. Two kinds of
request: "uncached" (every request a query text never sent before, with
`Cache-Control: no-cache`: what a new request costs) and "repeated" (the same few
texts again and again: what the answer cache does). At the end, the resident memory of
each server and every process under it.

Datasets: a synthetic graph (synth.py: the seed build's shared graphs and 100 copies of
its documents, by default), loaded with `oxigraph load`, and with --seed the seed graph
itself, built with `kg build` (if the build fails validation, the same pipeline without
the SHACL step, and the run says so). Both are kept in the work directory (default
/tmp/rskg-bench) and reused while the seed build is unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.store import (
    BuildInfo,
    activate,
    new_build_dir,
    open_read_only,
    read_info,
    require_current_build,
    write_info,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen
import synth

ROOT = Path(__file__).resolve().parents[1]
QUERIES = Path(__file__).resolve().parent / "queries"
BIN = Path(sys.executable).parent
JSON_RESULTS = "application/sparql-results+json"
TURTLE = "text/turtle"
CONCURRENCY = (1, 4, 16)
ENTITIES = 12  # point lookups cycle through this many entities (x 3 queries)


# --- datasets --------------------------------------------------------------------------

@dataclass
class Dataset:
    name: str
    store: Path  # a kg store directory (current -> builds/<id>)
    note: str

    @property
    def oxigraph_dir(self) -> Path:
        return require_current_build(self.store) / "oxigraph"

    @property
    def info(self) -> BuildInfo:
        return read_info(require_current_build(self.store))


def seed_dataset(work: Path, rebuild: bool) -> Dataset:
    store = work / "seed"
    note_file = work / "seed.note"
    if rebuild or not (store / "current").is_symlink():
        shutil.rmtree(store, ignore_errors=True)
        print(f"building the seed graph: kg build --store {store}", flush=True)
        done = subprocess.run([str(BIN / "kg"), "build", "--corpus", "seeds", "--store",
                               str(store)], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode == 0:
            note = "kg build"
        else:
            tail = [line for line in done.stderr.splitlines() if line.startswith("error")]
            print(f"  kg build failed ({'; '.join(tail)[:200]}); building the same graph "
                  "without the SHACL step", flush=True)
            _build_unvalidated(store)
            note = "kg build pipeline without SHACL validation (kg build failed validation)"
        note_file.write_text(note)
    return Dataset("seed", store, note_file.read_text() if note_file.exists() else "kg build")


def _build_unvalidated(store: Path) -> None:
    code = ("import kg.build as b, kg.docbuild as d, kg.incremental as i, kg.inputs as n\n"
            "from kg.validate import ValidationReport\n"
            "from kg.config import Paths\n"
            "from pathlib import Path\n"
            "d.validate_document = n.validate_document = lambda *args: []\n"
            "i.validate_dataset = lambda ds, shapes: ValidationReport(())\n"
            f"b.run_build(Paths.for_corpus(Path('seeds'), Path({str(store)!r})), workers=1)\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def synthetic_dataset(work: Path, seed: Dataset, documents: int) -> Dataset:
    build_id = f"synth-{documents}-{seed.info.build_id}"
    store = work / f"synth-{documents}"
    current = store / "current"
    if current.is_symlink() and Path(os.readlink(current)).name == build_id:
        return Dataset(f"synthetic ({documents} docs)", store, "reused")
    shutil.rmtree(store, ignore_errors=True)
    nq = work / f"synth-{documents}.nq"
    t0 = time.monotonic()
    print(f"generating {documents} synthetic documents -> {nq}", flush=True)
    quads = synth.write(seed.store, documents, nq)
    t1 = time.monotonic()
    build = new_build_dir(store, build_id)
    print(f"loading {quads:,} quads with oxigraph load", flush=True)
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(build / "oxigraph"),
                    "--file", str(nq), "--lenient"], check=True, capture_output=True)
    t2 = time.monotonic()
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    write_info(build, BuildInfo(build_id, "synthetic", now, now, quads))
    activate(store, build)
    nq.unlink()
    print(f"  generated in {t1 - t0:.0f} s, loaded in {t2 - t1:.0f} s", flush=True)
    return Dataset(f"synthetic ({documents} docs)", store, "generated")


def entities(dataset: Dataset, n: int = ENTITIES) -> list[str]:
    store = open_read_only(require_current_build(dataset.store))
    rows = store.query(
        "SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/rskg/graph/reference> { "
        "?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "FILTER(STRSTARTS(STR(?e), 'https://w3id.org/rskg/id/entity/')) } ORDER BY ?e")
    found = [row[0].value for row in rows]  # type: ignore[index,union-attr]
    step = max(1, len(found) // n)
    return found[::step][:n]


# --- queries ---------------------------------------------------------------------------

def _accept(text: str) -> str:
    body = re.sub(r"(?m)^\s*(#.*|PREFIX.*)$", "", text).strip().upper()
    return TURTLE if body.startswith(("DESCRIBE", "CONSTRUCT")) else JSON_RESULTS


def load_mix(folder: str, pool: list[str]) -> list[loadgen.Query]:
    queries = []
    files = sorted((QUERIES / folder).glob("*.rq"))
    fills = pool if any("$ENTITY" in f.read_text() for f in files) else [""]
    for fill in fills:  # entity-major: consecutive requests ask about different things
        for path in files:
            text = path.read_text()
            if "$ENTITY" not in text and fill != fills[0]:
                continue
            queries.append(loadgen.Query(path.stem, text.replace("$ENTITY", fill),
                                         _accept(text)))
    return queries


# --- servers ---------------------------------------------------------------------------

@dataclass
class Running:
    name: str
    port: int
    path: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _wait(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer in {seconds} s: {log.read_text()[-2000:]}")


def start_native(dataset: Dataset, logs: Path) -> Running:
    port = loadgen_free_port()
    log = logs / f"native-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "oxigraph"), "serve-read-only", "--location", str(dataset.oxigraph_dir),
             "--union-default-graph", "--bind", f"127.0.0.1:{port}"],
            stdout=sink, stderr=subprocess.STDOUT)
    _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process, log)
    return Running("native", port, "/query", process, log)


def start_kg(dataset: Dataset, logs: Path, env: dict[str, str], label: str = "kg serve",
             command: list[str] | None = None) -> Running:
    """`kg serve` (the real CLI), or `command` serving the same application."""
    port = loadgen_free_port()
    log = logs / f"kg-{port}.log"
    environ = {**os.environ, "KG_STORE": str(dataset.store), "KG_PORT": str(port), **env}
    argv = [str(BIN / "kg"), "serve", "--store", str(dataset.store), "--port", str(port)]
    if command is not None:
        argv = [str(BIN / command[0]), *command[1:], "-b", f"127.0.0.1:{port}"]
    with log.open("wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT,
                                   env=environ)
    _wait(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", process, log)
    return Running(label, port, "/sparql", process, log)


def loadgen_free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- measuring -------------------------------------------------------------------------

@dataclass
class Cell:
    dataset: str
    mode: str  # uncached (distinct texts, Cache-Control: no-cache) | repeated
    mix: str
    server: str
    concurrency: int
    qps: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: dict[str, int]
    client_cpu_us: float
    cache_hits: float | None = None  # share of answers served from the cache


def _hits(log: Path, start: int) -> tuple[float | None, int]:
    """The share of cache hits among the access-log lines written since byte `start`."""
    with log.open("rb") as f:
        f.seek(start)
        data = f.read()
    total = data.count(b'"path":"/sparql"')
    hits = data.count(b'"note":"cache hit"')
    return (hits / total if total else None), start + len(data)


def measure(server: Running, dataset: str, mode: str, mix: str,
            queries: list[loadgen.Query], c: int, duration: float, warmup: float) -> Cell:
    offset = server.log.stat().st_size
    run = loadgen.run(server.port, server.path, queries, c, duration, warmup,
                      uncached=mode == "uncached")
    share = None
    if server.name != "native":
        time.sleep(0.2)  # the last log lines
        share, _ = _hits(server.log, offset)
    cell = Cell(dataset, mode, mix, server.name, c, run.qps, run.percentile(50),
                run.percentile(95), run.percentile(99), run.count, run.errors,
                run.client_cpu_us, share)
    errors = f"  ERRORS {run.errors}" if run.errors else ""
    hit = f"  hits {share:.0%}" if share is not None else ""
    print(f"  {dataset:<20} {mode:<8} {mix:<7} c={c:<2} {server.name:<16} {run.qps:9.1f} qps  "
          f"p50 {cell.p50:8.3f}  p95 {cell.p95:8.3f}  p99 {cell.p99:8.3f} ms  "
          f"(client {run.client_cpu_us:.0f} us/req){hit}{errors}", flush=True)
    return cell


def table(cells: list[Cell], baseline: str = "native") -> str:
    """Markdown: each server beside the native one, with the ratios."""
    out = ["| dataset | requests | mix | c | native QPS | native p50/p95/p99 ms | server | QPS | "
           "p50/p95/p99 ms | QPS ratio | p95 ratio | hits |",
           "|---|---|---|---|---:|---|---|---:|---|---:|---:|---:|"]
    index = {(x.dataset, x.mode, x.mix, x.concurrency, x.server): x for x in cells}
    for x in cells:
        if x.server == baseline:
            continue
        base = index.get((x.dataset, x.mode, x.mix, x.concurrency, baseline))
        if base is None:
            continue
        ratio = x.qps / base.qps if base.qps else float("nan")
        p95 = x.p95 / base.p95 if base.p95 else float("nan")
        hits = f"{x.cache_hits:.0%}" if x.cache_hits is not None else ""
        out.append(
            f"| {x.dataset} | {x.mode} | {x.mix} | {x.concurrency} | {base.qps:,.0f} | "
            f"{base.p50:.2f} / {base.p95:.2f} / {base.p99:.2f} | {x.server} | {x.qps:,.0f} | "
            f"{x.p50:.2f} / {x.p95:.2f} / {x.p99:.2f} | **{ratio:.2f}x** | {p95:.2f} | "
            f"{hits} |")
    return "\n".join(out)


STACKS = {  # label -> the command serving create_app(settings) on PORT (see --stacks)
    "kg serve": None,  # granian, ASGI (server/asgi.py)
    "gunicorn gthread": ["gunicorn", "-k", "gthread", "-w", "1", "--threads", "32",
                         "--keep-alive", "5", "bench.gunicorn_app:app"],
}


def memory(process: subprocess.Popen) -> tuple[float, int]:
    """Resident memory of a server and every process under it (MiB), and their number."""
    pids, total = [process.pid], 0
    seen = 0
    while seen < len(pids):
        pid = pids[seen]
        seen += 1
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            pids += [int(c) for c in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/statm").read_text().split()
        except OSError:
            continue
        total += int(fields[1]) * os.sysconf("SC_PAGE_SIZE")
    return total / 2**20, len(pids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short cells")
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--seed", action="store_true", help="also the seed graph alone")
    parser.add_argument("--stacks", action="store_true",
                        help="uncached only: granian (kg serve) vs gunicorn gthread")
    parser.add_argument("--work", type=Path, default=Path("/tmp/rskg-bench"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached stores")
    parser.add_argument("--duration", type=float, help="seconds measured per cell")
    args = parser.parse_args()
    duration = args.duration or (2.0 if args.quick else 5.0)
    warmup = 0.5 if args.quick else 1.0
    work = args.work.resolve()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()

    seed = seed_dataset(work, args.rebuild)
    datasets = [seed] if args.seed else []
    datasets.append(synthetic_dataset(work, seed, args.documents))
    pool = entities(seed)
    mixes = {"analyst": load_mix("analyst", pool), "point": load_mix("point", pool)}
    modes = ("uncached",) if args.stacks else ("uncached", "repeated")
    stacks = STACKS if args.stacks else {"kg serve": None}

    cells: list[Cell] = []
    memories: list[str] = []
    for dataset in datasets:
        info = dataset.info
        print(f"\n{dataset.name}: build {info.build_id}, {info.triples:,} quads "
              f"({dataset.note})", flush=True)
        servers = [start_native(dataset, logs)]
        try:
            servers += [start_kg(dataset, logs, {}, label, command)
                        for label, command in stacks.items()]
            for mode in modes:
                for mix, queries in mixes.items():
                    for c in CONCURRENCY:
                        for server in servers:
                            cells.append(measure(server, dataset.name, mode, mix, queries, c,
                                                 duration, warmup))
            for server in servers:
                mib, count = memory(server.process)
                memories.append(f"| {dataset.name} | {server.name} | {count} | {mib:,.0f} |")
                print(f"  memory {server.name}: {mib:,.0f} MiB in {count} processes")
        finally:
            for server in servers:
                server.stop()

    result = table(cells) + "\n\n| dataset | server | processes | resident MiB (all) |\n" \
        "|---|---|---:|---:|\n" + "\n".join(memories)
    print("\n" + result)
    name = "stacks" if args.stacks else ("quick" if args.quick else "full")
    out = work / f"results-{name}.json"
    out.write_text(json.dumps([asdict(c) for c in cells], indent=1))
    (work / f"results-{name}.md").write_text(result + "\n")
    cpu = os.cpu_count()
    print(f"\n{len(cells)} cells in {time.monotonic() - began:.0f} s on {cpu} CPUs; "
          f"results in {out} and {out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
