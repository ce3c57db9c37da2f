"""Build benchmark: cold and incremental `kg build` on corpora of 10 to 10,000 documents.

Each corpus is made of distinct documents that read like the seeds: every document is a
headline, a dateline sentence of its own, and 8 to 12 paragraphs drawn (with a seeded
random generator, so a size always gives the same corpus) from the two seed texts, with
metadata (publisher, date at an honest precision, language) like theirs. Per size it
prints: the cold build (wall time, peak RSS and PSS of the whole process tree, sampled from
/proc every 0.1 s), `kg add` of one new document then `kg build`, a rebuild after one document's
text changed, a rebuild after the reference data changed (every document is redone), and
the size of the store (the live build) and of the kept results. The seeds' own cold build
is the first row (timed in a run without the sampler, its memory from a second cold build).
Every number is measured in this run, with the real CLI, in a fresh
folder under --work.

    .venv/bin/python bench/build.py --sizes 10 100 1000 [--work /tmp/rskg-bench-build]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG = [sys.executable, "-m", "kg"]
PUBLISHERS = ("meduza", "ecfr")


def paragraphs() -> list[str]:
    """The seed texts' paragraphs (lines) long enough to read as one."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [p.strip() for p in path.read_text(encoding="utf-8").split("\n")
                  if len(p.strip()) > 80]
    return found


def document(n: int, pool: list[str]) -> tuple[str, str, str]:
    """(text, headline, date) of synthetic document n."""
    rng = random.Random(n)
    picked = rng.sample(pool, rng.randint(8, 12))
    year, month = 2015 + n % 10, 1 + n % 12
    headline = f"Russia in Syria: report {n}"
    dateline = f"Report {n}, filed in {year}, looks again at Russia and Syria."
    return "\n\n".join([headline, dateline, *picked]) + "\n", headline, f"{year}-{month:02d}"


def make_corpus(folder: Path, size: int) -> None:
    pool = paragraphs()
    run([*KG, "init", str(folder)])
    sources, sums = [], []
    for n in range(size):
        text, headline, date = document(n, pool)
        name = f"doc{n:05d}.txt"
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
        sources.append(f'\n[[source]]\nfile = "{name}"\nheadline = "{headline}"\n'
                       f'publisher = "{PUBLISHERS[n % 2]}"\ndate_published = "{date}"\n'
                       'language = "en"\n')
    with (folder / "sources.toml").open("a", encoding="utf-8") as f:
        f.writelines(sources)
    (folder / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")


def run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


# ------------------------------------------------------------- time and memory

def _tree_memory(root: int) -> tuple[int, int]:
    """Resident and proportional (PSS) bytes of `root` and all its descendants, from
    /proc. RSS counts a page shared by forked workers once in each process; PSS splits
    it between them, so its sum is what the tree really holds."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith(("Rss:", "Pss:")):
                        kib = int(line.split()[1]) * 1024
                        rss, pss = (rss + kib, pss) if line[0:3] == "Rss" else (rss, pss + kib)
        except OSError:
            pass
        todo += children.get(pid, [])
    return rss, pss


@dataclass
class Measured:
    seconds: float
    peak_rss: int
    peak_pss: int = 0


def measure(args: list[str], sample: bool = True) -> Measured:
    """Run a command; its wall time and (unless `sample` is false) the peak RSS of its
    process tree."""
    started = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    done = threading.Event()

    def sampling() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sampling, daemon=True)
    if sample:
        sampler.start()
    out, err = proc.communicate()
    done.set()
    if sample:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out}\n{err}")
    return Measured(time.monotonic() - started, peak, peak_pss)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ------------------------------------------------------------- the table

def bench_size(work: Path, size: int, reference: bool) -> dict[str, str]:
    corpus = work / f"corpus-{size}"
    shutil.rmtree(corpus, ignore_errors=True)
    make_corpus(corpus, size)
    build = [*KG, "build", "--corpus", str(corpus), "--no-progress"]
    cold = measure(build)
    pool = paragraphs()
    text, headline, date = document(size + 1, pool)
    new = work / f"new-{size}.txt"
    new.write_text(text, encoding="utf-8")
    added = measure([*KG, "add", str(new), "--corpus", str(corpus), "--headline", headline,
                     "--publisher", "meduza", "--date", date])
    after_add = measure(build)
    changed = corpus / "doc00000.txt"
    data = changed.read_bytes() + b"\nOne more sentence about Russia and Syria.\n"
    changed.write_bytes(data)
    sums = (corpus / "SHA256SUMS").read_text(encoding="utf-8").replace(
        next(line for line in (corpus / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
             if line.endswith("doc00000.txt")),
        f"{hashlib.sha256(data).hexdigest()}  doc00000.txt")
    (corpus / "SHA256SUMS").write_text(sums, encoding="utf-8")
    after_change = measure(build)
    row = {
        "documents": str(size),
        "cold build": f"{cold.seconds:.1f} s",
        "peak RSS (tree)": f"{cold.peak_rss / 2**20:.0f} MiB",
        "peak PSS (tree)": f"{cold.peak_pss / 2**20:.0f} MiB",
        "add one (kg add + kg build)": f"{added.seconds:.1f} + {after_add.seconds:.1f} s",
        "change one text": f"{after_change.seconds:.1f} s",
    }
    if reference:
        with (corpus / "reference/entities.toml").open("a", encoding="utf-8") as f:
            f.write('\n[[entity]]\nid = "bench-outlet"\nlabel = "Bench Outlet"\n'
                    'type = "MediaOutlet"\n')
        row["change reference data"] = f"{measure(build).seconds:.1f} s"
    else:
        row["change reference data"] = "not run"
    live = (corpus / "kg-store/current").resolve()
    row["store"] = f"{size_of(live) / 2**20:.0f} MiB"
    row["kept results"] = f"{size_of(corpus / 'kg-store/results') / 2**20:.0f} MiB"
    return row


def seeds_row(work: Path) -> dict[str, str]:
    """The seeds' cold build, timed without the memory sampler (its reads of /proc cost
    about 14 ms of CPU a sample here, an eighth of a core taken from a build that keeps
    both cores busy for a few seconds), then again in a fresh folder for its memory."""
    corpus = work / "seeds"
    measured = []
    for sample in (False, True):
        shutil.rmtree(corpus, ignore_errors=True)
        run([*KG, "init", str(corpus), "--example"])
        measured.append(measure([*KG, "build", "--corpus", str(corpus), "--no-progress"], sample))
    cold, memory = measured
    return {"documents": "2 (seeds)", "cold build": f"{cold.seconds:.1f} s",
            "peak RSS (tree)": f"{memory.peak_rss / 2**20:.0f} MiB",
            "peak PSS (tree)": f"{memory.peak_pss / 2**20:.0f} MiB",
            "store": f"{size_of((corpus / 'kg-store/current').resolve()) / 2**20:.0f} MiB"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/rskg-bench-build"))
    parser.add_argument("--reference-up-to", type=int, default=1000,
                        help="Measure the reference-data rebuild (a full rebuild) only for "
                             "sizes up to this.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [seeds_row(args.work)]
    print(rows[0], flush=True)
    for size in args.sizes:
        rows.append(bench_size(args.work, size, size <= args.reference_up_to))
        print(rows[-1], flush=True)
    columns = list(rows[1].keys()) if len(rows) > 1 else list(rows[0].keys())
    print("\n| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(row.get(c, "") for c in columns) + " |")


if __name__ == "__main__":
    main()
