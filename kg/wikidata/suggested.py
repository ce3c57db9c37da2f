"""The open suggestions and the curator's rejections, as two tab-separated files of the
corpus folder.

`kg link --suggest` writes what it proposes to `reference/wikidata_suggestions.tsv` (a
cache, rewritten whole each time, never edited by hand), so that the next build can show
the candidates and their evidence on /review, and `kg link --accept` can check that the
QID a curator accepts is one that was proposed, with the label and description Wikidata
gave it. `kg link --reject` appends to `reference/wikidata_rejected.tsv` (curated data: a
person may read, edit or delete its lines): a rejected candidate, or with no QID an entity
no Wikidata item denotes, is never proposed again. Both are plain TSV with `#` comments,
so a diff of the corpus shows every decision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.wikidata.suggest import Suggestion

SUGGESTED_HEADER = """\
# Candidate Wikidata items for unlinked entities, written by `kg link --suggest`: one row
# a candidate. A cache: never edit by hand (it is rewritten whole). Decide with
# `kg link --accept ENTITY QID` or `kg link --reject ENTITY [QID]`, then `kg build`.
"""
REJECTED_HEADER = """\
# Wikidata candidates a curator rejected (`kg link --reject ENTITY [QID]`): one row a
# decision. An empty qid says that no Wikidata item denotes the entity. `kg link --suggest`
# never proposes what is here; delete a row to undo the decision.
"""
SUGGESTED_COLUMNS = ("entity", "qid", "score", "label", "description", "evidence",
                     "suggested")
REJECTED_COLUMNS = ("entity", "qid", "decided", "note")
EVIDENCE_SEPARATOR = " | "


@dataclass(frozen=True)
class Proposed:
    """One candidate of the suggestions file."""

    entity: str  # the entity's IRI
    qid: str
    score: int
    label: str
    description: str
    evidence: tuple[str, ...]
    suggested: str  # when (UTC day)


@dataclass(frozen=True)
class Rejected:
    """One decision of the rejections file; qid "" rejects the entity as a whole."""

    entity: str
    qid: str
    decided: str
    note: str

    def covers(self, entity: str, qid: str) -> bool:
        return self.entity == entity and self.qid in ("", qid)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t",
                               quoting=csv.QUOTE_NONE))


def _line(values: Iterable[str]) -> str:
    """One TSV line; tabs and line breaks inside a value become spaces."""
    return "\t".join(" ".join(str(v).split()) for v in values) + "\n"


def read_suggested(path: Path) -> list[Proposed]:
    return [Proposed(r["entity"], r["qid"], int(r["score"] or 0), r["label"],
                     r["description"], tuple(e for e in r["evidence"].split(EVIDENCE_SEPARATOR)
                                             if e), r["suggested"])
            for r in _rows(path)]


def read_rejected(path: Path) -> list[Rejected]:
    return [Rejected(r["entity"], r["qid"] or "", r["decided"], r["note"] or "")
            for r in _rows(path)]


def is_rejected(rejected: Iterable[Rejected], entity: str, qid: str) -> bool:
    return any(r.covers(entity, qid) for r in rejected)


def write_suggested(path: Path, proposed: Iterable[Proposed]) -> None:
    """The whole file anew, atomically (an interrupted run leaves the old one)."""
    text = SUGGESTED_HEADER + _line(SUGGESTED_COLUMNS)
    text += "".join(_line((p.entity, p.qid, str(p.score), p.label, p.description,
                           EVIDENCE_SEPARATOR.join(p.evidence), p.suggested))
                    for p in proposed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def from_suggestions(found: Iterable[Suggestion], rejected: list[Rejected],
                     day: str) -> list[Proposed]:
    """The rows to keep: every candidate found, but those a curator rejected."""
    return [Proposed(s.resource.iri, c.qid, c.score, c.label, c.description, c.evidence, day)
            for s in found for c in s.candidates
            if not is_rejected(rejected, s.resource.iri, c.qid)]


def append_rejected(path: Path, decision: Rejected) -> None:
    """One more line (the file and its header are made when missing); earlier lines and
    the curator's own comments stay as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    start = "" if path.is_file() else REJECTED_HEADER + _line(REJECTED_COLUMNS)
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if old and not old.endswith("\n"):
        start = "\n"
    with path.open("a", encoding="utf-8") as f:
        f.write(start + _line((decision.entity, decision.qid, decision.decided,
                               decision.note)))


def drop_suggested(path: Path, entity: str, qid: str = "") -> int:
    """Remove the rows of a decided entity (or of one of its candidates); how many."""
    kept, dropped = [], 0
    for p in read_suggested(path):
        if p.entity == entity and qid in ("", p.qid):
            dropped += 1
        else:
            kept.append(p)
    if dropped:
        write_suggested(path, kept)
    return dropped
