"""Finding every mention of every known entity in a text.

Decisions (documented in kg/reference/README.md):
- `names` denote the entity wherever they occur; `short_names` (a surname, "the regime")
  only after a full name of the same entity earlier in the same text, because a short
  form is only unambiguous once the text has introduced what it stands for.
- Overlapping matches keep the longest ("Assad regime" over "Assad", "President Putin"
  over "Putin"), so the data may list both. A full name of another entity inside the
  chosen span is kept as well, of kind "nested": "Tartus" in "Tartus naval base" names
  the city, "Prigozhin" in "Prigozhin-led mutiny" the man.
- A possessive is a mention of the entity; the span covers the name, the kind says
  "possessive".
- Demonyms are mentions of kind "demonym", except before a blocker such as "-language"
  ("Russian-language" names a language, not the state).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.reference import Entity
from kg.text.patterns import possessive_at, surface_pattern

# Lower is preferred when two matches have the same span.
_KIND_RANK = {"name": 0, "alias": 1, "short": 2, "demonym": 3}


@dataclass(frozen=True, order=True)
class Mention:
    """A span of the text that denotes a reference entity."""

    start: int
    end: int
    entity_id: str
    kind: str  # name | alias | short | possessive | demonym | nested


def _forms(entity: Entity) -> Iterable[tuple[str, str]]:
    for form in entity.names:
        yield form, "name" if form == entity.label else "alias"
    for form in entity.short_names:
        yield form, "short"
    for form in entity.demonyms:
        yield form, "demonym"


def _continuation(compass: Sequence[str]) -> re.Pattern[str]:
    """A capitalised word after a name, or "and North" before one ("West and North Africa")."""
    points = "|".join(map(re.escape, compass)) or "(?!x)x"
    return re.compile(rf"[ \u00a0]+(?:and[ \u00a0]+(?:{points})[ \u00a0]+)?([A-Z][a-z][\w\-]*)")


def _continued(text: str, form: str, end: int, words: frozenset[str],
               continuation: re.Pattern[str]) -> bool:
    """"West African", "West and North Africa", "Russia Today": a one-word name that a
    capitalised word carries on (not a weekday or month: "said Putin Friday") is part of a
    longer name, except in a headline written in capitals; an abbreviation ("U.S. Second
    Fleet", "US Defense Secretary") modifies the name after it and stays a mention."""
    bare = form[4:] if form.lower().startswith("the ") else form
    if " " in bare or bare.isupper() or bare.endswith("."):
        return False
    m = continuation.match(text, end)
    if not m or m.group(1).lower() in words:
        return False
    line = text[text.rfind("\n", 0, end) + 1:text.find("\n", end) % (len(text) + 1)]
    capitals = [w for w in line.split() if w[:1].isupper()]
    return len(capitals) * 2 < len(line.split())  # a headline in title case: no


def _raw_matches(
    text: str, entities: Sequence[Entity], blockers: Sequence[str],
    not_names: frozenset[str] = frozenset(), compass: Sequence[str] = (),
) -> list[Mention]:
    continuation = _continuation(compass)
    found = []
    for entity in entities:
        for form, kind in _forms(entity):
            for m in surface_pattern(form).finditer(text):
                if kind == "demonym" and text.startswith(tuple(blockers), m.end()):
                    continue
                if kind != "demonym" and _continued(text, form, m.end(), not_names,
                                                    continuation):
                    continue
                found.append(Mention(m.start(), m.end(), entity.id, kind))
    return found


def _longest_first(matches: list[Mention]) -> list[Mention]:
    """Greedy choice of non-overlapping matches, longest and most name-like first."""
    ranked = sorted(matches, key=lambda m: (m.start - m.end, _KIND_RANK.get(m.kind, 0), m.start))
    taken: list[Mention] = []
    used = bytearray(max((m.end for m in matches), default=0))
    for m in ranked:
        if not any(used[m.start : m.end]):
            taken.append(m)
            used[m.start : m.end] = b"\x01" * (m.end - m.start)
    return sorted(taken)


def _inside(m: Mention, outer: list[Mention]) -> bool:
    return any(
        o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
        and o.entity_id != m.entity_id
        for o in outer
    )


def _nested(matches: list[Mention], chosen: list[Mention]) -> list[Mention]:
    """Full names of other entities inside a chosen, longer mention, at every depth
    ("Paris" in "Paris attacks" in "the official report on the Paris attacks")."""
    taken = set(chosen)  # a set: a long text has thousands of matches
    names = [m for m in matches if m.kind in ("name", "alias") and m not in taken]
    found: list[Mention] = []
    seen: set[Mention] = set()
    level = chosen
    while True:
        inner = _longest_first([m for m in names if _inside(m, level)])
        inner = [Mention(m.start, m.end, m.entity_id, "nested") for m in inner]
        inner = [m for m in inner if m not in seen]
        if not inner:
            return found
        found += inner
        seen.update(inner)
        level = inner


def _introduced_short_names_only(mentions: list[Mention]) -> list[Mention]:
    """Drop a short-name mention that comes before any full mention of its entity."""
    first_full: dict[str, int] = {}
    for m in mentions:
        if m.kind in ("name", "alias"):
            first_full.setdefault(m.entity_id, m.start)
    return [
        m for m in mentions
        if m.kind != "short" or first_full.get(m.entity_id, m.end) < m.start
    ]


def _mark_possessives(text: str, mentions: list[Mention]) -> list[Mention]:
    return [
        Mention(m.start, m.end, m.entity_id, "possessive")
        if m.kind not in ("demonym", "nested") and possessive_at(text, m.end) else m
        for m in mentions
    ]


def find_mentions(
    text: str, entities: Sequence[Entity], demonym_blockers: Sequence[str] = (),
    calendar_words: Sequence[str] = (), compass_words: Sequence[str] = (),
) -> list[Mention]:
    """Every mention of every entity, non-overlapping, in text order; calendar words
    (weekdays, months) may follow a name without making it part of a longer one, compass
    words make "X and North Y" one name ("West and North Africa")."""
    words = frozenset(w.lower() for w in calendar_words)
    matches = _raw_matches(text, entities, demonym_blockers, words, compass_words)
    chosen = _longest_first(matches)
    kept = _introduced_short_names_only(chosen)
    return sorted(_mark_possessives(text, kept) + _nested(matches, chosen))
