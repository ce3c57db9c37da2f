"""A curator's decision on a Wikidata candidate, written into the corpus's reference data.

`kg link --accept ENTITY QID` makes the next build link the entity (owl:sameAs): an
entity of the reference data gets the QID in its `[[entity]]` table and its row of
wikidata_links.tsv; an entity found in a document becomes a reference entity (a new table
and row, its id the extracted one's last segment, so `id:entity/extracted/x` becomes
`id:entity/x`, with `replaces` naming the old IRI, which the server then redirects to
the new one). `kg link --reject ENTITY [QID]` records the refusal
(kg.wikidata.suggested). Everything written comes from the graph (label, type, the forms
the texts use), the curator's arguments and what Wikidata gave the suggestion or the
cache (label, description, coordinates); nothing is guessed. The files are edited in place
(tomlkit keeps every comment), in the corpus's own `reference/` (copied from the package
first when the corpus has none), never in the package. The new reference data is
validated against the shapes before anything is written: a decision the build would
refuse is refused now, with the same messages.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from rdflib import Graph

from kg import config, vocab
from kg.inputs import Inputs, load_context, read_inputs
from kg.rdf.terms import type_closure
from kg.reference import ReferenceError
from kg.wikidata.cache import CachedItem
from kg.wikidata.links import Resource
from kg.wikidata.suggested import Proposed

QID = re.compile(r"Q[1-9][0-9]*")
ENTITY_IRI = str(vocab.ID) + "entity/"
EXTRACTED = ENTITY_IRI + "extracted/"
PLACES = {"City", "Region", "MilitaryBase", "AirBase", "NavalBase"}
_POINT = re.compile(r"Point\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)", re.IGNORECASE)


class DecisionError(Exception):
    """A decision that cannot be recorded: the message says why and what to do."""


@dataclass(frozen=True)
class Written:
    """What a decision changed, for the command to print."""

    entity_id: str
    files: tuple[Path, ...]
    summary: str


def check_qid(qid: str) -> str:
    if not QID.fullmatch(qid):
        raise DecisionError(f"{qid!r} is not a Wikidata QID (Q followed by digits, e.g. Q7747)")
    return qid


def resolve(resources: list[Resource], given: str) -> Resource:
    """The resource an argument names: its IRI, `id:…`, `entity/…` or the part after
    `entity/` (`extracted/ivan-testov`, `kherson`)."""
    wanted = given.strip()
    if wanted.startswith("id:"):
        wanted = str(vocab.ID) + wanted[3:]
    forms = {wanted, str(vocab.ID) + wanted, ENTITY_IRI + wanted}
    found = [r for r in resources if r.iri in forms]
    if not found:
        raise DecisionError(f"unknown entity {given!r}: the current build has no resource of "
                            "that IRI (give the IRI, id:entity/…, or the part after entity/, "
                            "as /review and `kg link --suggest` show it; after editing the "
                            "corpus, `kg build` first)")
    return found[0]


def candidate(r: Resource, qid: str, proposed: list[Proposed], unsuggested: bool
              ) -> Proposed | None:
    """The suggestion being accepted; a QID nobody proposed only with --unsuggested."""
    if r.qids:
        raise DecisionError(f"{r.short} is already linked to {', '.join(r.qids)}")
    mine = [p for p in proposed if p.entity == r.iri]
    chosen = next((p for p in mine if p.qid == qid), None)
    if chosen is None and qid not in r.candidates and not unsuggested:
        offered = ", ".join(p.qid for p in mine) or "none"
        raise DecisionError(
            f"{qid} is not a candidate for {r.short} (candidates: {offered}). Run `kg link "
            "--suggest` first, or pass --unsuggested if you checked the item yourself")
    return chosen


def own_reference(paths: config.Paths) -> tuple[Path, Path]:
    """The corpus's entities.toml and wikidata_links.tsv, copied from the package first if
    the corpus reads the package's."""
    made = []
    for relative in (config.ENTITIES, config.WIKIDATA_LINKS):
        target = paths.own_file(relative)
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(paths.data_file(relative), target)
        made.append(target)
    return made[0], made[1]


def _entity_type(r: Resource, ontology: Graph) -> str:
    """The one most specific rskg class of the resource (its reference `type`)."""
    ours = {t[len(str(vocab.RSKG)):] for t in r.types if t.startswith(str(vocab.RSKG))}
    best = [t for t in ours
            if {str(c) for c in type_closure(ontology, t)} >= {str(vocab.RSKG) + o for o in ours}]
    if len(best) != 1:
        raise DecisionError(f"{r.short} has the types {', '.join(sorted(ours))}: no one of them "
                            "is the most specific; add it to reference/entities.toml by hand")
    return best[0]


def _coordinates(kind: str, item: CachedItem | None) -> tuple[str, str]:
    """lat, lon of a place from Wikidata's P625 in the corpus's cache, else nothing."""
    if kind not in PLACES or item is None or len(item.coordinates) != 1:
        return "", ""
    found = _POINT.search(item.coordinates[0])
    return (found.group(2), found.group(1)) if found else ("", "")


def _note(r: Resource, qid: str, chosen: Proposed | None, day: str) -> str:
    if chosen:
        how = (f"suggested by kg link --suggest on {chosen.suggested} (score {chosen.score}): "
               + "; ".join(chosen.evidence))
    else:
        how = ("the reference data's likely candidate" if qid in r.candidates
               else "not among the suggestions")
    return f"accepted by a curator with kg link --accept on {day}, {qid}; {how}"


def accept(paths: config.Paths, r: Resource, qid: str, chosen: Proposed | None,
           item: CachedItem | None, day: str) -> Written:
    """Write the link into the corpus's reference data (validated first)."""
    entities_file, links_file = own_reference(paths)
    doc = tomlkit.parse(entities_file.read_text(encoding="utf-8"))
    tables = doc.get("entity", [])
    note = _note(r, qid, chosen, day)
    if r.iri.startswith(EXTRACTED):
        entity_id = r.iri[len(EXTRACTED):]
        if "/" in entity_id or any(t["id"] == entity_id for t in tables):
            raise DecisionError(f"the reference data already has an entity {entity_id!r}: "
                                f"link {r.short} to it by hand in {entities_file}")
        ontology = Graph().parse(paths.ontology_file, format="turtle")
        kind = _entity_type(r, ontology)
        lat, lon = _coordinates(kind, item)
        text = _new_table(entity_id, r, kind, qid, note, chosen, item, (lat, lon))
        new_entities = entities_file.read_text(encoding="utf-8").rstrip("\n") + "\n" + text
    elif r.iri.startswith(ENTITY_IRI) and any(t["id"] == r.ref_id for t in tables):
        entity_id, lat, lon = r.ref_id, "", ""
        table = next(t for t in tables if t["id"] == entity_id)
        earlier = str(table.get("qid_note", ""))
        table["qid"], table["qid_status"] = qid, "verified"
        table["qid_note"] = note + (f"; earlier note: {earlier}" if earlier else "")
        new_entities = tomlkit.dumps(doc)
    else:
        raise DecisionError(f"{r.short} is neither an entity of the reference data nor one "
                            "found in a document (events are linked in entities.toml by hand)")
    row = [entity_id, r.label, r.kind, qid, "verified", lat, lon, "", note]
    new_links = _with_row(links_file.read_text(encoding="utf-8"), row)
    _validate(paths, new_entities)
    entities_file.write_text(new_entities, encoding="utf-8")
    links_file.write_text(new_links, encoding="utf-8")
    return Written(entity_id, (entities_file, links_file),
                   f"{r.short} -> wd:{qid} (id:entity/{entity_id}, status verified)")


def _new_table(entity_id: str, r: Resource, kind: str, qid: str, note: str,
               chosen: Proposed | None, item: CachedItem | None,
               point: tuple[str, str]) -> str:
    table = tomlkit.table()
    table["id"], table["label"], table["type"] = entity_id, r.label, kind
    table["replaces"] = [r.iri[len(ENTITY_IRI):]]  # its old IRI leads here
    description = (chosen.description if chosen else "") or (item.description if item else "")
    if description:
        table["description"] = description
    table["names"] = [r.label]
    forms = [f for f in r.alt_labels if f != r.label]
    if forms:  # as the extraction read them: only after the full name in the same text
        table["short_names"] = forms
    theirs = (chosen.label if chosen else "") or (item.label if item else "")
    if theirs and theirs.casefold() != r.label.casefold():
        table["aliases"] = [theirs]
    table["qid"], table["qid_status"], table["qid_note"] = qid, "verified", note
    if point[0]:
        table["lat"], table["lon"] = float(point[0]), float(point[1])
        table["coord_source"] = f"Wikidata P625 of {qid}, from the corpus's Wikidata cache"
    header = f"\n# Accepted from the texts with kg link --accept ({r.short})\n"
    return header + tomlkit.dumps({"entity": [table]})


def _with_row(tsv: str, row: list[str]) -> str:
    """The TSV with the entity's row appended, or updated: its QID, status and note
    (the earlier note kept after it); coordinates and date stay as they were."""
    lines = tsv.splitlines(keepends=True)
    for i, old in enumerate(lines):
        cells = old.rstrip("\n").split("\t")
        if cells[0] == row[0] and len(cells) == len(row):
            earlier = cells[8]
            cells[3], cells[4] = row[3], row[4]
            cells[8] = row[8] + (f"; earlier note: {earlier}" if earlier else "")
            lines[i] = _tsv_line(cells)
            return "".join(lines)
    return tsv + ("" if not tsv or tsv.endswith("\n") else "\n") + _tsv_line(row)


def _tsv_line(cells: list[str]) -> str:
    return "\t".join(" ".join(v.split()) for v in cells) + "\n"


def _validate(paths: config.Paths, entities: str) -> None:
    """Load the new reference data as the build does; refuse what it would refuse."""
    current = read_inputs(paths)
    files = {**current.files, "reference/entities.toml": entities.encode("utf-8")}
    try:
        ctx = load_context(Inputs(files, current.software))
    except ReferenceError as err:
        raise DecisionError(f"the reference data would be malformed: {err}") from None
    found = [v for vs in ctx.checked.values() for v in vs if v.severity == "Violation"]
    if found:
        shown = "; ".join(f"{v.focus}: {v.message.rstrip('.')}" for v in found[:5])
        raise DecisionError(f"the build would refuse this reference data ({len(found)} "
                            f"violations): {shown}. Nothing was written; edit "
                            "reference/entities.toml by hand") from None
