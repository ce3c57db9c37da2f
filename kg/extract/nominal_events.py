"""A reference event named by a noun of its kind beside one of its actors.

"his ouster", "Assad's departure", "the toppling of Assad", "the collapse of Bashar
al-Assad's regime" name the fall of the Assad regime without any of its names. The
evidence is two pieces that must meet in one phrase: a noun of the event's type (cues.toml
[event_nominals]) and an actor of the event, as its possessor ("Assad's departure"), its
object ("the toppling of Assad", "the collapse of Assad's regime") or a "his"/"her" whose
person the text named last, within the paragraph. The link is made only when exactly one
reference event of that type has that actor and it had begun by the document's date: a
wrong link is worse than none, so "the departure of Sergei Lavrov" links nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.dates import PartialDate, parse_span
from kg.text.patterns import alternation
from kg.text.sentences import Span, paragraphs


def _events_of(entities: Sequence[Entity], kind: str, actor: str,
               doc_date: PartialDate) -> list[Entity]:
    """Reference events of this type with this actor that had begun by the document."""
    found = []
    for e in entities:
        if not e.is_event or e.extracted or e.event_type != kind or actor not in e.actors:
            continue
        start = parse_span(e.date)[0] if e.date else None
        if start is None or start.earliest <= doc_date.latest:
            found.append(e)
    return found


def _person_before(text: str, mentions: Sequence[Mention], types: Mapping[str, str],
                   at: int) -> Mention | None:
    """The person named last before `at` in the same paragraph: who "his" is."""
    para = next(((a, b) for a, b in paragraphs(text) if a <= at < b), (0, at))
    people = [m for m in mentions if para[0] <= m.start and m.end <= at
              and types.get(m.entity_id) == "Person"]
    return people[-1] if people else None


def _actor_at(text: str, mentions: Sequence[Mention], types: Mapping[str, str],
              noun: re.Match[str], possessed: str) -> tuple[Mention, Span] | None:
    """The actor the noun is said of, and the phrase: "X's <noun>", "<noun> of (the) X('s
    regime)", "his <noun>"."""
    near = [m for m in mentions if noun.start() - 60 <= m.end and m.start <= noun.end() + 60]
    for m in near:  # a long text has thousands of mentions: only those a few words away
        if m.end <= noun.start() and re.fullmatch(r"[’']s\s+", text[m.end:noun.start()]):
            return m, (m.start, noun.end())  # "Assad's departure"
        if m.start >= noun.end() and re.fullmatch(r"\s+of\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?",
                                                  text[noun.end():m.start]):
            tail = re.match(rf"[’']s\s+(?:{possessed})(?!\w)", text[m.end:m.end + 30])
            return m, (noun.start(), m.end + len(tail.group(0) if tail else ""))
    pronoun = re.search(r"(?<!\w)(?:his|her)\s+$", text[max(0, noun.start() - 5):noun.start()],
                        re.I)
    person = _person_before(text, mentions, types, noun.start()) if pronoun else None
    if pronoun and person:
        return person, (noun.start() - len(pronoun.group(0)), noun.end())  # "his ouster"
    return None


def nominal_events(text: str, mentions: Sequence[Mention], entities: Sequence[Entity],
                   doc_date: PartialDate, cues: Mapping[str, Any]) -> list[Mention]:
    """One "described" mention per phrase that names a reference event this way."""
    types = {e.id: e.type for e in entities}
    taken = [(m.start, m.end) for m in mentions if types.get(m.entity_id) == "Event"]
    found: list[Mention] = []
    possessed = alternation(cues.get("event_nominal_possessions", {}).get("words", [])) or "(?!x)x"
    for kind, nouns in cues.get("event_nominals", {}).items():
        pattern = re.compile(rf"(?<![\w-])(?:{alternation(list(nouns))})(?![\w-])", re.I)
        for noun in pattern.finditer(text):
            said_of = _actor_at(text, mentions, types, noun, possessed)
            if said_of is None:
                continue
            actor, span = said_of
            events = _events_of(entities, kind, actor.entity_id, doc_date)
            if len(events) == 1 and not any(a < span[1] and span[0] < b for a, b in taken):
                found.append(Mention(span[0], span[1], events[0].id, "described"))
                taken.append(span)
    return sorted(found)
