"""Events a sentence describes or alludes to without using one of their names.

"the speeches given by President Obama and President Putin at the UN General Assembly"
names no event, yet describes one the reference data knows; "children murdered on their
first day at school" alludes to the Beslan school siege. The rule is the knowledge-base
one of entity linking (compare a context with the entity's description), driven only by
the reference data and the cue lists, never by a text. A sentence describes event E when
E is not named in it, E had begun by the document's date, and the sentence has at least
MIN_EVIDENCE pieces of evidence for E, one of them more than a name:
- each of E's participants (actors, place) the sentence mentions (half for one the
  document names in many of its sentences);
- each word of E's label and description it contains (light stemming; names, reporting
  verbs, stop words and words shared by many events do not count: they tell events
  apart no better than "Russia");
- a cue word of E's event type ("deadlocked" for a war, "blown up" for a bombing);
- a time expression that agrees with E's date ("since June" for an event of 2015-06).
The anchor, of kind "described", spans the densest run of the words that gave the
evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kg.extract.findings import DatePhrase, Span
from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.dates import PartialDate, parse_span
from kg.text.patterns import surface_pattern
from kg.text.sentences import sentences

MIN_EVIDENCE = 3
MIN_WORD = 4          # shorter words ("day", "war") say too little on their own
MAX_SHARED = 3        # a stem in more events' descriptions than this is not telling
GAP = 40              # characters between two pieces of evidence of one run
FREQUENT = 0.1        # share of a document's sentences past which a participant counts half
MIN_FREQUENT = 3      # ... and never in a text too short for shares to mean anything
_WORD = re.compile(r"[^\W\d_]+")


def stem(word: str) -> str:
    """A light stem: "hostages"/"hostage", "executed"/"execution", "allies"/"ally"."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= MIN_WORD:
            w = w[: -len(suffix)]
            break
    return w[:6]


@dataclass(frozen=True)
class Profile:
    """What a sentence may share with one event."""

    event: Entity
    participants: frozenset[str]
    stems: frozenset[str]
    cues: re.Pattern[str] | None  # the cue words of its type, as one pattern
    cue_starts: frozenset[str]  # their first words, lower-cased: a quick "none here"
    start: PartialDate | None


def _start(event: Entity) -> PartialDate | None:
    return parse_span(event.date)[0] if event.date else None


def _stems(text: str, skip: frozenset[str]) -> set[str]:
    return {stem(w) for w in _WORD.findall(text) if len(w) >= MIN_WORD} - skip


def _cue_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for all cue words of a type, longest first ("blown up" before "blow")."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(surface_pattern(w).pattern for w in ordered))


def profiles(entities: Sequence[Entity], cues: Mapping[str, Any],
             stopwords: Sequence[str]) -> list[Profile]:
    """One profile per reference event. `cues` is cues.toml: `[event_types]` gives each
    type's cue words; the reporting verbs of `[reporting]` ("said", "reported",
    "acknowledged") are the texture of news prose, never evidence of one event, so the
    words of labels and descriptions skip them, as they skip `stopwords` and names."""
    reporting = cues.get("reporting", {}).get("speech_verbs", ())
    type_cues = cues.get("event_types", {})
    events = [e for e in entities if e.is_event]
    name_words = {w for e in entities if not e.is_event
                  for form in (*e.names, *e.short_names, *e.demonyms, *e.aliases)
                  for w in _WORD.findall(form)}
    skip = frozenset(stem(w) for w in (*name_words, *stopwords, *reporting))
    own = {e.id: _stems(f"{e.label} {e.description}", skip) for e in events}
    shared = Counter(s for stems in own.values() for s in stems)
    return [
        Profile(
            event=e,
            participants=frozenset({*e.actors, *([e.place] if e.place else [])}),
            stems=frozenset(s for s in own[e.id] if shared[s] <= MAX_SHARED),
            cues=_cue_pattern(type_cues.get(e.event_type, ())),
            cue_starts=frozenset(_WORD.findall(c)[0].lower()
                                 for c in type_cues.get(e.event_type, ()) if _WORD.search(c)),
            start=_start(e),
        )
        for e in events
    ]


def _overlaps(span: Span, others: Sequence[Span]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in others)


def _agrees(phrase: PartialDate, when: PartialDate) -> bool:
    """The phrase dates the event's start: it lies within it ("since June" for 2015-06),
    or holds it at month precision or finer ("in September 2004" for 2004-09-01); a bare
    year is too coarse to tell one event of that year from another."""
    within = when.earliest <= phrase.earliest and phrase.latest <= when.latest
    holds = (phrase.precision != "year"
             and phrase.earliest <= when.earliest and when.latest <= phrase.latest)
    return within or holds


def _contradicts(phrase: PartialDate, when: PartialDate) -> bool:
    """The phrase dates something else: before the event began, or (for an event of one
    day) more than a year after it."""
    if phrase.latest < when.earliest:
        return True
    return when.precision == "day" and (phrase.earliest - when.latest).days > 366


class _Sentence:
    """One sentence, read once for every event: its words (outside mentions) with their
    stems, its mentions, its time expressions, and its cue matches per event type."""

    def __init__(self, text: str, span: Span, mentions: Sequence[Mention],
                 phrases: Sequence[DatePhrase]) -> None:
        self.text = text
        self.span = span
        self.inside = [m for m in mentions if span[0] <= m.start < span[1]]
        self.covered = [(m.start, m.end) for m in self.inside]
        self.words = [(m.span(), stem(m.group())) for m in _WORD.finditer(text, *span)
                      if len(m.group()) >= MIN_WORD and not _overlaps(m.span(), self.covered)]
        self.phrases = [p for p in phrases if span[0] <= p.span[0] and p.span[1] <= span[1]]
        self.lowered = {w.lower() for w in _WORD.findall(text, *span)}
        self._cues: dict[str, list[Span]] = {}

    def cues(self, profile: Profile) -> list[Span]:
        """Where the cue words of the profile's event type occur (outside mentions)."""
        kind = profile.event.event_type
        if kind not in self._cues:
            self._cues[kind] = self._find_cues(profile)
        return self._cues[kind]

    def _find_cues(self, profile: Profile) -> list[Span]:
        if profile.cues is None or profile.cue_starts.isdisjoint(self.lowered):
            return []
        found = profile.cues.finditer(self.text, *self.span)
        return [m.span() for m in found if not _overlaps(m.span(), self.covered)]


@dataclass(frozen=True)
class _Evidence:
    event: str
    score: float
    spans: tuple[Span, ...]  # where the evidence is, names aside
    named_at: tuple[Span, ...]  # where the sentence names the event's participants


def _evidence(sentence: _Sentence, profile: Profile, weights: Mapping[str, float]) -> _Evidence:
    """How much the sentence says about the event, and where.

    Each piece counts once: a word that is both in the description and a cue of the
    type is one piece, and words inside a mention of something else count for nothing.
    """
    words = [span for span, s in sentence.words if s in profile.stems]
    cue = [c for c in sentence.cues(profile) if not _overlaps(c, words)][:1]
    when = [p.span for p in sentence.phrases
            if profile.start is not None and _agrees(p.date, profile.start)][:1]
    said = len({s for _, s in sentence.words if s in profile.stems}) + len(cue) + len(when)
    named = profile.participants & weights.keys()
    score = sum(weights[p] for p in named) + said if said else 0.0
    if profile.start is not None and sentence.phrases and all(
            _contradicts(p.date, profile.start) for p in sentence.phrases):
        score = 0.0  # every date the sentence gives is another time: it is not this event
    named_at = tuple((m.start, m.end) for m in sentence.inside if m.entity_id in named)
    return _Evidence(profile.event.id, score, tuple(sorted((*words, *cue, *when))), named_at)


def _dominates(o: _Evidence, f: _Evidence) -> bool:
    """o is better supported and f has no evidence of its own beyond names: each of f's
    words, cues and dates is one of o's."""
    return o.score > f.score and all(_overlaps(s, o.spans) for s in f.spans)


def _strongest(found: list[_Evidence]) -> list[_Evidence]:
    """Drop an event another one dominates: "deadlocked in eastern Ukraine" is the war in
    Donbas, not also the wider Russo-Ukrainian war."""
    return [f for f in found if not any(_dominates(o, f) for o in found)]


def _anchor(ev: _Evidence) -> Span:
    """The densest run of evidence (pieces at most GAP characters apart), nearest the
    participants on a tie: "allies, such as Hosni Mubarak", not an earlier "allies"."""
    runs: list[list[Span]] = []
    for s in ev.spans:
        if runs and s[0] - runs[-1][-1][1] <= GAP:
            runs[-1].append(s)
        else:
            runs.append([s])

    def distance(run: list[Span]) -> int:
        return min((abs(run[0][0] - n[0]) for n in ev.named_at), default=0)

    best = max(runs, key=lambda r: (len(r), -distance(r)))
    return best[0][0], best[-1][1]


def find_described_events(text: str, mentions: Sequence[Mention], doc_date: PartialDate,
                          phrases: Sequence[DatePhrase],
                          event_profiles: Sequence[Profile]) -> list[Mention]:
    """One "described" mention per (sentence, event) the rule above finds."""
    latest: date = doc_date.latest
    candidates = [p for p in event_profiles if p.start is None or p.start.earliest <= latest]
    spans = [(s.start, s.end) for s in sentences(text)]
    weights = _participant_weights(mentions, spans)
    taken = {(m.start, m.end) for m in mentions}
    found = []
    for span in spans:
        sentence = _Sentence(text, span, mentions, phrases)
        named = {m.entity_id for m in sentence.inside}
        here = {e: w for e, w in weights.items() if e in named}
        evidence = [_evidence(sentence, p, here) for p in candidates if p.event.id not in named]
        strongest = _strongest([e for e in evidence if e.score >= MIN_EVIDENCE])
        for ev in sorted(strongest, key=lambda e: -e.score):
            anchor = _anchor(ev)
            if anchor not in taken:  # one thing per span: the better-supported event
                taken.add(anchor)
                found.append(Mention(*anchor, ev.event, "described"))
    return sorted(found)


def _participant_weights(mentions: Sequence[Mention], spans: Sequence[Span]) -> dict[str, float]:
    """A participant the document names in over FREQUENT of its sentences (and over
    MIN_FREQUENT) counts half: it tells one event from another less than one named rarely."""
    sentences_of: dict[str, set[int]] = {}
    for m in mentions:
        i = next((k for k, (a, b) in enumerate(spans) if a <= m.start < b), -1)
        sentences_of.setdefault(m.entity_id, set()).add(i)
    limit = max(FREQUENT * len(spans), MIN_FREQUENT)
    return {e: 0.5 if len(s) > limit else 1.0 for e, s in sentences_of.items()}
