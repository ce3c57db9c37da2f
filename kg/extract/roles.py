"""Roles and affiliations the text gives a person beside the name: "X, a naval analyst at
the Baltic Security Institute, said", "defence analyst X", "Y's deputy foreign minister, X".
Word lists: names.toml (role_nouns, role_openers, affiliation_prepositions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from kg.extract.findings import RoleFinding
from kg.extract.mentions import Mention
from kg.text.patterns import alternation

PERSON_TYPES = frozenset({"Person"})
ORG_TYPES = frozenset({"Organization", "InternationalOrganization", "ArmedGroup", "MediaOutlet",
                       "ThinkTank", "GovernmentBody", "PoliticalRegime", "Collective"})


def role_pattern(cues: Mapping[str, Any]) -> re.Pattern[str]:
    nouns = alternation(cues.get("role_nouns", []))
    openers = alternation(cues.get("role_openers", []))
    preps = alternation(cues.get("affiliation_prepositions", []))
    return re.compile(
        rf",\s+(?P<role>(?:(?:{openers})\s+)*(?:[\w’'\-]+\s+){{0,3}}?(?:{nouns})s?)"
        rf"(?:\s+(?P<prep>{preps})\s+(?:the\s+)?(?P<org>[^,.;:“”\"]{{2,80}}?))?\s*(?=[,.;:]|$)",
        re.IGNORECASE)



def role_before_pattern(cues: Mapping[str, Any]) -> re.Pattern[str]:
    nouns = alternation(cues.get("role_nouns", []))
    return re.compile(rf"(?<![\w’'])((?:[A-Za-z][\w\-’']*\s+){{0,2}}(?:{nouns}))\s+$")



def _affiliation(mentions: Sequence[Mention], types: Mapping[str, str], start: int,
                 end: int) -> str | None:
    for m in mentions:
        if start <= m.start < end and types.get(m.entity_id) in ORG_TYPES | {"State"}:
            return m.entity_id
    return None



def _clean_role(role: str) -> str:
    words = role.split()
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def find_roles(text: str, cues: Mapping[str, Any], mentions: Sequence[Mention],
               types: Mapping[str, str]) -> list[RoleFinding]:
    """Roles and affiliations the text gives a person beside their name."""
    after, before = role_pattern(cues), role_before_pattern(cues)
    found: list[RoleFinding] = []
    for m in mentions:
        if types.get(m.entity_id) not in PERSON_TYPES or m.kind in ("short", "nested"):
            continue
        a = after.match(text, m.end)
        if a:
            org = (_affiliation(mentions, types, a.start("org"), a.end("org"))
                   if a.group("org") else None)
            title = a.group("role") if org else text[a.start("role"):a.end()].strip()
            span = (a.start("role"), a.end())
            found.append(RoleFinding(m.entity_id, span, _clean_role(title), org))
            continue
        b = before.search(text, max(0, m.start - 60), m.start)
        if b:
            found.append(RoleFinding(m.entity_id, b.span(1), _clean_role(b.group(1)), None))
    return found
