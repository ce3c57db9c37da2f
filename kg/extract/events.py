"""Event mentions: which real-world event the text names, when, where and with whom.

An event mention is a mention of a reference entity of type Event: the mention finder
already knows the surface forms ("the annexation of Crimea", "the Sinai plane crash").
What the text adds is its own date, place and actors, read with simple, general rules:
- date: a date phrase inside or right next to the mention, else the nearest absolute
  date phrase of the same clause, else a relative one ("two days before") that leads
  into the mention, else a date phrase that opens the sentence ("Early Sunday morning,
  …") when its first clause names no event of its own;
- actors: a possessive right before the mention is the agent ("Turkey’s shooting down
  of …") unless "by X" follows it (then X is the agent and the possessive the patient:
  "Russia’s fighter jet shot down by Turkey"); a name right before a verbal form is the
  agent ("Russia annexed Crimea"); names inside the mention after "by" are agents, a
  place inside or right after it ("over Sinai", "in the Kursk region") is where it
  happened (unless it is what the event is "on", "about" or "against"), other names
  inside are participants. A "described" mention (described_events.py) spans evidence
  words rather than a phrase, so nothing inside it is read as a role or place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.findings import DatePhrase, EventFinding
from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.dates import parse_partial_date
from kg.text.sentences import Span, clauses, containing, sentences

PLACE_TYPES = frozenset({"City", "Region", "State", "MilitaryBase", "AirBase", "NavalBase"})
_RELATIVE = re.compile(r"(?i)\b(before|after|earlier|later)\b")
_ADJACENT = re.compile(r"^(?:\s|['’]s|\bof\b|\bthe\b|\bin\b|\bon\b)*$", re.I)
_ADVERBS = re.compile(r"^\s+(?:\w+ly\s+)?$")
_PLACE_PREP = re.compile(r"^\s+(?:over|in|at|near|into|across)\s+(?:the\s+)?$", re.I)


def _is_relative(text: str, phrase: DatePhrase) -> bool:
    return bool(_RELATIVE.search(text[phrase.span[0]:phrase.span[1]]))


def _inside(span: Span, outer: Span) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _adjacent(text: str, a: Span, b: Span) -> bool:
    """Only whitespace, a possessive or a short function word between the two spans."""
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    return lo <= hi and bool(_ADJACENT.match(text[lo:hi]))


def _date_for(text: str, span: Span, sentence: Span, phrases: Sequence[DatePhrase],
              events: Sequence[Span]) -> DatePhrase | None:
    """The date phrase the text gives for the event mentioned at span (rules in the module doc)."""
    local = [p for p in phrases if _inside(p.span, sentence)]
    for p in local:
        if _inside(p.span, span) or (_adjacent(text, p.span, span) and not _is_relative(text, p)):
            return p
    clause = containing(clauses(text, *sentence), span[0]) or sentence
    same = [p for p in local if _inside(p.span, clause)]
    absolute = [p for p in same if not _is_relative(text, p)]
    if absolute:
        return min(absolute, key=lambda p: abs(p.span[0] - span[0]))
    leading = [p for p in same if _is_relative(text, p) and p.span[1] <= span[0]]
    if leading:
        return leading[-1]
    first = clauses(text, *sentence)[0]
    opening = [p for p in local if _inside(p.span, first) and not _is_relative(text, p)]
    if opening and not _inside(span, first) and not any(_inside(e, first) for e in events):
        return opening[0]
    return None


def _overlaps_start(phrase: DatePhrase, when: str) -> bool:
    """Whether the phrase can date an event the curated data dates `when` (a day, month or
    year, or a span "start/end")."""
    first, _, last = when.partition("/")
    start, end = parse_partial_date(first), parse_partial_date(last or first)
    return phrase.date.earliest <= end.latest and start.earliest <= phrase.date.latest


def _possessive_before(text: str, span: Span, mentions: Sequence[Mention],
                       phrases: Sequence[DatePhrase]) -> Mention | None:
    for m in mentions:
        if m.kind != "possessive" or m.end > span[0] or span[0] - m.end > 80:
            continue  # the gap, less its date phrases, is a few words at most
        gap = text[m.end:span[0]]
        for p in phrases:  # "Ukraine’s 2014 Maidan Revolution"
            if m.end <= p.span[0] and p.span[1] <= span[0]:
                gap = gap.replace(text[p.span[0]:p.span[1]], " ")
        if re.fullmatch(r"['’]s?\s+(?:\w+\s+)?", gap) and len(gap) < 20:
            return m
    return None


def _by_after(text: str, span: Span, mentions: Sequence[Mention]) -> Mention | None:
    for m in mentions:
        if 0 <= m.start - span[1] <= 12 and re.fullmatch(r"\s+by\s+(?:the\s+)?",
                                                          text[span[1]:m.start], re.I):
            return m
    return None


def _subject_before(text: str, span: Span, mentions: Sequence[Mention],
                    types: dict[str, str]) -> Mention | None:
    """A name right before a verbal event form: "Russia annexed Crimea"."""
    first = text[span[0]:span[1]].split()[0] if text[span[0]:span[1]].split() else ""
    if not re.search(r"(?:ed|ent|ew|ught)$", first):
        return None
    for m in mentions:
        named = m.kind in ("name", "alias", "short")
        if m.end <= span[0] and named and _ADVERBS.match(text[m.end:span[0]]):
            return m if types.get(m.entity_id) not in ("Event",) else None
    return None


def _inner_roles(text: str, span: Span, mentions: Sequence[Mention],
                 types: dict[str, str]) -> tuple[list[tuple[str, str]], str | None]:
    actors: list[tuple[str, str]] = []
    place = None
    for m in mentions:
        if not _inside((m.start, m.end), span) or (m.start, m.end) == span:
            continue
        before = text[span[0]:m.start]
        topic = re.search(r"\b(?:on|about|against|by)\s+(?:the\s+)?$", before)
        if types.get(m.entity_id) in PLACE_TYPES and not topic:
            place = place or m.entity_id
        elif re.search(r"\bby\s+(?:[^,;]*?\band\s+)?(?:the\s+)?$", before):
            actors.append((m.entity_id, "agent"))
        elif types.get(m.entity_id) != "Event":
            actors.append((m.entity_id, "participant"))
    return actors, place


def _place_after(text: str, span: Span, mentions: Sequence[Mention],
                 types: dict[str, str]) -> str | None:
    for m in mentions:
        is_place = types.get(m.entity_id) in PLACE_TYPES
        if 0 <= m.start - span[1] <= 40 and is_place and _PLACE_PREP.match(
                text[span[1]:m.start]):  # "… in the X": a few characters on, no more
            return m.entity_id
    return None


def _actors(text: str, mention: Mention, mentions: Sequence[Mention], types: dict[str, str],
            phrases: Sequence[DatePhrase]) -> tuple[tuple[tuple[str, str], ...], str | None]:
    span = (mention.start, mention.end)
    if mention.kind == "described":  # a run of evidence words, not a phrase with roles
        actors: list[tuple[str, str]] = []
        place = None
    else:
        actors, place = _inner_roles(text, span, mentions, types)
    by = _by_after(text, span, mentions)
    owner = _possessive_before(text, span, mentions, phrases)
    if by:
        actors.append((by.entity_id, "agent"))
    if owner and types.get(owner.entity_id) in ("City", "Region") and not place:
        place = owner.entity_id
    elif owner:
        actors.append((owner.entity_id, "patient" if by else "agent"))
    subject = None if owner else _subject_before(text, span, mentions, types)
    if subject:
        actors.append((subject.entity_id, "agent"))
    place = place or _place_after(text, span, mentions, types)
    return tuple(dict.fromkeys(actors)), place


def find_events(
    text: str,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    date_phrases: Sequence[DatePhrase],
) -> list[EventFinding]:
    """One finding per mention of a reference event, in text order."""
    types = {e.id: e.type for e in entities}
    known = {e.id: e.date for e in entities if e.date}
    event_mentions = [m for m in mentions if types.get(m.entity_id) == "Event"]
    spans = [(m.start, m.end) for m in event_mentions]
    sents = [(s.start, s.end) for s in sentences(text)]
    found = []
    for m in event_mentions:
        span = (m.start, m.end)
        sentence = containing(sents, m.start) or span
        others = [s for s in spans if s != span]
        date = _date_for(text, span, sentence, date_phrases, others)
        if date is not None and m.entity_id in known and not _overlaps_start(
                date, known[m.entity_id]):
            date = None  # "this month" does not date an event the curated data puts earlier
        actors, place = _actors(text, m, mentions, types, date_phrases)
        found.append(EventFinding(m.entity_id, span, date, actors, place))
    return found
