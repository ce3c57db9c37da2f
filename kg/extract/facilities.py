"""Military facilities named another way: "Hmeimim base" or "Tartous naval facility" for
a curated base (its bare place name with another head), and a town named where its clause
speaks of ships, jets, troops or a base ("warships left Tartus"): the base at that town
(reference field `town`). Word lists: names.toml (heads, facility_context, town_markers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.normalise import name_key
from kg.text.patterns import alternation
from kg.text.sentences import clauses, containing, sentences


def facility_heads(cues: Mapping[str, Any]) -> list[str]:
    heads = cues.get("heads", {})
    return [*heads.get("AirBase", []), *heads.get("NavalBase", []), *heads.get("MilitaryBase", [])]



def without_facility_head(label: str, cues: Mapping[str, Any]) -> str:
    """"Tartous naval facility" -> "Tartous"; a label without such a head is returned as is."""
    heads = alternation(facility_heads(cues))
    bare = re.sub(rf"(?i)\s+(?:{heads})$", "", label)
    bare = re.sub(rf"(?i)^(?:the\s+)?(?:russian\s+)?(?:{heads})\s+(?:in|at|of)\s+", "", bare)
    return bare.strip()



def base_keys(entities: Sequence[Entity], cues: Mapping[str, Any]) -> dict[str, str]:
    """Each curated base under the bare place names of its forms ("Khmeimim airbase" ->
    hmeimim), so that another spelling with another head finds it."""
    keys: dict[str, str] = {}
    for e in entities:
        if e.type in ("MilitaryBase", "AirBase", "NavalBase"):
            for form in (e.label, *e.names, *e.aliases):
                bare = without_facility_head(form, cues)
                if bare != form or (e.names and form == e.names[-1]):
                    keys.setdefault(name_key(bare), e.id)
    return keys



def _beside_facility(text: str, town: Mention, mentions: Sequence[Mention],
                     facilities: frozenset[str] | set[str]) -> bool:
    """"whether Hmeimim and Tartous can be held": a town joined to a facility by "and", "or"
    or a comma is named for its facility too."""
    join = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)", re.IGNORECASE)
    return any(m.entity_id in facilities and (
        (m.end <= town.start and join.fullmatch(text, m.end, town.start))
        or (town.end <= m.start and join.fullmatch(text, town.end, m.start)))
        for m in mentions)


def town_facilities(text: str, mentions: Sequence[Mention], towns: Mapping[str, str],
                     cues: Mapping[str, Any], bases: frozenset[str] = frozenset()) -> list[Mention]:
    """Mentions of a town that, by their clause, denote the facility at that town."""
    context = re.compile(rf"(?<!\w)(?:{alternation(cues.get('facility_context', []))})",
                         re.IGNORECASE)
    marker = re.compile(rf"(?:{alternation(cues.get('town_markers', []))})\s+$", re.IGNORECASE)
    out = []
    for m in mentions:
        if m.entity_id not in towns or m.kind == "nested":
            out.append(m)
            continue
        sent = next(((s.start, s.end) for s in sentences(text) if s.start <= m.start < s.end),
                    (0, len(text)))
        clause = containing(clauses(text, *sent), m.start) or sent
        near = text[clause[0]:m.start] + " " + text[m.end:clause[1]]
        paired = _beside_facility(text, m, mentions, bases | set(towns.values()))
        if (context.search(near) or paired) and not marker.search(
                text[max(0, m.start - 30):m.start]):
            out.append(Mention(m.start, m.end, towns[m.entity_id], "metonym"))
        else:
            out.append(m)
    return out
