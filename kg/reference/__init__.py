"""The curated reference entities and events (entities.toml) and their loader.

The facts live in the TOML file beside this module (see README.md there); this module
only turns them into typed records and checks that references between them resolve.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent
ENTITIES_FILE = DATA_DIR / "entities.toml"
WIKIDATA_LINKS_FILE = DATA_DIR / "wikidata_links.tsv"


class ReferenceError(Exception):
    """The reference data is malformed or refers to an id it does not define."""


@dataclass(frozen=True)
class Operation:
    """A time-aware "operated by" statement of a military base."""

    operator: str
    since: str = ""
    since_source: str = ""


@dataclass(frozen=True)
class Entity:
    """One `[[entity]]` table of entities.toml (an actor, place, base, work or event)."""

    id: str
    label: str
    type: str
    description: str = ""
    names: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    qid: str = ""
    qid_status: str = ""
    qid_note: str = ""
    lat: float | None = None
    lon: float | None = None
    coord_source: str = ""
    country: str = ""
    bbox: tuple[float, ...] = ()
    bbox_source: str = ""
    operated_by: tuple[Operation, ...] = ()
    date: str = ""
    date_source: str = ""
    place: str = ""
    actors: tuple[str, ...] = field(default=())
    event_type: str = ""  # a concept of ontology/event-types.ttl
    town: str = ""        # bases: id of the town it lies at; "warships left <town>" is the base
    extracted: bool = False  # found in a document, not in the reference data (unreviewed)
    # the ids (after entity/) it had before it was curated: `kg link --accept` makes
    # entity/extracted/x the reference entity x; its old IRI is then dcterms:replaces'd
    replaces: tuple[str, ...] = ()

    @property
    def is_event(self) -> bool:
        return self.type == "Event"

    @property
    def linked_qid(self) -> str:
        """The QID asserted as owl:sameAs: only one verified by two independent sources."""
        return self.qid if self.qid_status == "verified" else ""


_TUPLE_FIELDS = ("names", "short_names", "demonyms", "aliases", "bbox", "actors", "replaces")
_FORMER_ID = re.compile(r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*")


def _entity(table: dict) -> Entity:
    values = dict(table)
    for name in _TUPLE_FIELDS:
        if name in values:
            values[name] = tuple(values[name])
    values["operated_by"] = tuple(Operation(**op) for op in values.get("operated_by", ()))
    try:
        return Entity(**values)
    except TypeError as err:
        raise ReferenceError(f"entity {table.get('id', '?')!r}: {err}") from err


def _check_references(entities: tuple[Entity, ...]) -> None:
    ids = [e.id for e in entities]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ReferenceError(f"duplicate entity ids: {', '.join(dupes)}")
    known = set(ids)
    for e in entities:
        refs = [e.country, e.place, e.town, *e.actors, *(op.operator for op in e.operated_by)]
        missing = [r for r in refs if r and r not in known]
        if missing:
            raise ReferenceError(f"entity {e.id!r} refers to unknown ids: {', '.join(missing)}")
        former = [r for r in e.replaces if r in known or not _FORMER_ID.fullmatch(r)]
        if former:
            raise ReferenceError(f"entity {e.id!r} replaces {', '.join(former)}: an id of "
                                 "this file, or no id (the part of an IRI after entity/)")


def load_entities(path: Path = ENTITIES_FILE) -> tuple[Entity, ...]:
    """All reference entities, in file order, with every cross-reference resolved."""
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("entity", [])
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ReferenceError(f"{path}: {err}") from err
    entities = tuple(_entity(t) for t in tables)
    _check_references(entities)
    return entities
