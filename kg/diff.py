"""What changed between two exports, graph by graph, for reviewing a rebuild.

Files are read with Oxigraph in the format their extension names; a Turtle or
N-Triples export has only the default graph, so compare like with like (TriG or N-Quads
to see per-graph changes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.export import FORMATS, format_for


@dataclass
class GraphChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _quads(path: Path) -> set[ox.Quad]:
    fmt = FORMATS[format_for(path, None)]
    return set(ox.parse(path=str(path), format=fmt))


def _graph(q: ox.Quad) -> str:
    return "(default graph)" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)


def _line(q: ox.Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} ."


def diff_files(old: Path, new: Path) -> dict[str, GraphChange]:
    """Added and removed quads per graph name, each list sorted."""
    before, after = _quads(old), _quads(new)
    changes: dict[str, GraphChange] = defaultdict(GraphChange)
    for q in after - before:
        changes[_graph(q)].added.append(_line(q))
    for q in before - after:
        changes[_graph(q)].removed.append(_line(q))
    for change in changes.values():
        change.added.sort()
        change.removed.sort()
    return dict(sorted(changes.items()))


def format_diff(changes: dict[str, GraphChange], show: int = 0) -> str:
    if not changes:
        return "no change"
    lines = []
    for graph, change in changes.items():
        lines.append(f"{graph}: +{len(change.added)} -{len(change.removed)}")
        lines += [f"  + {q}" for q in change.added[:show]]
        lines += [f"  - {q}" for q in change.removed[:show]]
    total_added = sum(len(c.added) for c in changes.values())
    total_removed = sum(len(c.removed) for c in changes.values())
    lines.append(f"total: +{total_added} -{total_removed} in {len(changes)} graph(s)")
    return "\n".join(lines)
