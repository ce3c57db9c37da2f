"""Kept per-document results, keyed by everything they depend on (kg.docbuild.document_key).

    STORE/results/<key[:2]>/<key>.nq     the document's graph, N-Quads
    STORE/results/<key[:2]>/<key>.json   its counts, candidates and violations
    STORE/results/<fp[:2]>/<fp>.checked.json   the reference and ontology graphs' own
                                         validation, by fingerprint of the shared inputs

Each file is written under a temporary name and renamed into place, the graph first: a
result whose .json exists is complete, whatever moment a build was killed at. Results
that no document uses any more are removed after a successful build (`sweep`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from kg.docbuild import DocResult
from kg.inputs import Checked
from kg.validate import Violation

RESULTS = "results"


def _base(store: Path, key: str) -> Path:
    return store / RESULTS / key[:2] / key


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save(store: Path, result: DocResult) -> None:
    base = _base(store, result.key)
    base.parent.mkdir(parents=True, exist_ok=True)
    _write(base.with_suffix(".nq"), result.nquads)
    meta = json.dumps(result.meta(), sort_keys=True, ensure_ascii=False)
    _write(base.with_suffix(".json"), meta.encode("utf-8"))


def graph_file(store: Path, key: str) -> Path:
    return _base(store, key).with_suffix(".nq")


def load(store: Path, key: str, with_graph: bool = False) -> DocResult | None:
    """The kept result, or None; the graph's bytes only when asked for (they can be big:
    the store loads them from the file)."""
    base = _base(store, key)
    try:
        meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        nquads = base.with_suffix(".nq").read_bytes() if with_graph else b""
    except (OSError, ValueError):
        return None
    return DocResult.from_meta(meta, nquads)


def save_checked(store: Path, fingerprint: str, checked: Checked) -> None:
    """What validating the graphs made of the shared inputs alone found, by fingerprint."""
    path = _base(store, fingerprint).with_suffix(".checked.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {name: [asdict(v) for v in found] for name, found in checked.items()}
    _write(path, json.dumps(data, sort_keys=True).encode("utf-8"))


def load_checked(store: Path, fingerprint: str) -> Checked | None:
    path = _base(store, fingerprint).with_suffix(".checked.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {name: tuple(Violation(**v) for v in found) for name, found in data.items()}


def sweep(store: Path, keep: Iterable[str]) -> None:
    """Delete the results of keys not in `keep` (documents changed or gone)."""
    wanted = set(keep)
    folder = store / RESULTS
    if not folder.is_dir():
        return
    for path in folder.glob("*/*"):
        if path.name.split(".")[0] not in wanted:
            path.unlink(missing_ok=True)
