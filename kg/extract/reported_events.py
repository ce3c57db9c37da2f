"""Events a text reports in its own words: "talks in Ankara on Thursday", "the base was
handed over in 2017", "elections earlier this month".

A clause reports an event when it holds a date phrase that dates something (not a period:
"since 2017", "until 2030") and a trigger word of an event type (cues.toml
[reported_events] and [event_types]); a speech verb counts only right beside its date
("said on Monday"). The event is
- a reference event already mentioned in the clause whose date the phrase agrees with
  (it gets the clause's date as the text gives it), or
- the reference event of the same type that a participant of it, named in the clause,
  shares and whose date agrees with the phrase's: real evidence, three pieces of it; a
  weekday alone never links anything, it only dates the new event; or
- a new event of this document (`reported/{doc}/{start}-{end}`): its type, the date the
  phrase gives resolved against the document's date, the actors and place the clause
  names, and the clause as anchor and description. Its label is made of those parts
  ("Meeting: Sergei Lavrov, Hakan Fidan; Ankara; 2025-01-16"), so that a list of events reads
  as one, not as a list of half-sentences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.extract.findings import DatePhrase, EventFinding
from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.dates import PartialDate, parse_partial_date
from kg.text.patterns import alternation
from kg.text.sentences import Span, clauses, sentences

REPORTED = "reported/"
PLACE_TYPES = frozenset({"City", "Region", "State", "MilitaryBase", "AirBase", "NavalBase"})
ACTOR_TYPES = frozenset({"Person", "State", "Organization", "InternationalOrganization",
                         "ArmedGroup", "MediaOutlet", "ThinkTank", "GovernmentBody",
                         "PoliticalRegime", "Collective"})
_LABEL_CHARS = 90
_PLACE_PREP = re.compile(r"(?:\bin|\bat|\bnear|\bto|\bfrom|\boff|\bover)\s+(?:the\s+)?$", re.I)
# "MOSCOW, March 5 (Northbridge) -": the day the story was filed, not an event's date
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[A-Z][A-Z .\-']+,?\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\))?\s*[\u2014\u2013-]")
_LEAD = re.compile(r"^(?:and|but|while|when|as|after|before|then|so)\s+", re.I)


@dataclass(frozen=True)
class ReportedEvents:
    """New events of the document, what the text says of each event, and their anchors."""

    entities: tuple[Entity, ...] = ()
    findings: tuple[EventFinding, ...] = ()
    mentions: tuple[Mention, ...] = ()


def _triggers(cues: Mapping[str, Any]) -> list[tuple[str, re.Pattern[str]]]:
    """(event type, pattern) for each type, the reported-event words first."""
    table = {k: v for k, v in cues.get("reported_events", {}).items() if isinstance(v, list)
             and k not in ("period_words", "speech_only", "dating_before_period")}
    for k, v in cues.get("event_types", {}).items():
        table.setdefault(k, [])
        table[k] = [*table[k], *v]
    return [(k, re.compile(rf"(?<![\w-])(?:{alternation(v)})(?![\w-])", re.I))
            for k, v in table.items() if v]


def _is_dateline(text: str, phrase: DatePhrase) -> bool:
    line_start = text.rfind("\n", 0, phrase.span[0]) + 1
    return bool(_DATELINE_BEFORE.search(text[line_start:phrase.span[0]])
                and _DATELINE_AFTER.match(text, phrase.span[1]))


def _is_period(text: str, phrase: DatePhrase, cues: Mapping[str, Any]) -> bool:
    """"since 2017", "until 2030": a period, not an event's date; but "since mid-December,
    when three frigates sailed out" dates what the when-clause tells, and "scheduled for
    December" dates the event scheduled."""
    if re.match(r"\s*,\s*when\b|['’]s\s", text[phrase.span[1]:phrase.span[1] + 12]):
        return False  # "… when", "a day after Tuesday's attack": the attack was on Tuesday
    words = cues.get("reported_events", {}).get("period_words", [])
    start = text[phrase.span[0]:phrase.span[1]].lower()
    before = text[max(0, phrase.span[0] - 12):phrase.span[0]].lower()
    dating = alternation(cues.get("reported_events", {}).get("dating_before_period", []))
    if dating and re.search(rf"(?<!\w)(?:{dating})\s+(?:(?:for|on|in)\s+)?$",
                            text[max(0, phrase.span[0] - 24):phrase.span[0]], re.I):
        return False  # "elections scheduled for December" happen then
    return any(start.startswith(w + " ") or re.search(rf"(?<!\w){re.escape(w)}\s+$", before)
               for w in words)


def _names_a_thing(text: str, phrase: DatePhrase) -> bool:
    """"the 2018 lease": a year before a noun tells which lease, not when it was cancelled;
    another date of the sentence dates the clause first."""
    return re.fullmatch(r"\d{4}", text[phrase.span[0]:phrase.span[1]]) is not None and bool(
        re.match(r"\s+[a-z]", text[phrase.span[1]:phrase.span[1] + 3]))


Trigger = tuple[str, re.Pattern[str]]


def _trigger(text: str, clause: Span, phrase: DatePhrase, triggers: Sequence[Trigger],
             speech: re.Pattern[str], opening: bool = False) -> tuple[str, Span] | None:
    """The event type and trigger span of the clause, nearest the date phrase; a speech
    verb counts beside its date, or anywhere when the date opens the sentence ("In
    December 2018 the newspaper reported")."""
    best: tuple[int, str, Span] | None = None
    for kind, rx in triggers:
        for m in rx.finditer(text, *clause):
            if phrase.span[0] <= m.start() < phrase.span[1]:
                continue
            is_speech = speech.fullmatch(m.group(0)) is not None  # "said", not "announced"
            gap = text[m.end():phrase.span[0]] if m.end() <= phrase.span[0] else "x"
            if is_speech and not opening and not re.fullmatch(
                    r"(?:\s+(?:the\s+)?(?:reporters|journalists|[A-Z][\w\-]*))?"  # "told AFP"
                    r"\s*(?:on|in|at|last|this|earlier)?\s*", gap):
                continue
            distance = min(abs(m.start() - phrase.span[1]), abs(phrase.span[0] - m.end()))
            if best is None or distance < best[0]:
                best = (distance, kind, m.span())
    return (best[1], best[2]) if best else None


def _opens(text: str, sentence: Span, phrase: DatePhrase) -> bool:
    return re.fullmatch(r"\W*(?:on|in|at)?\s*", text[sentence[0]:phrase.span[0]], re.I) is not None


def _windows(text: str, sentence: Span, phrase: DatePhrase) -> list[Span]:
    """Where to look for what the date phrase dates (see _clause_windows); a date that opens
    the sentence ("On July 30, 2018, three journalists …, were killed") dates all of it."""
    spans = _clause_windows(text, sentence, phrase)
    if _opens(text, sentence, phrase):
        spans.append(sentence)
    return spans


def _clause_windows(text: str, sentence: Span, phrase: DatePhrase) -> list[Span]:
    """Where to look for what the date phrase dates, nearest first: its clause, then with
    one or two clauses before it ("…, landed at X, east of Y, on Thursday"), then with the
    clause after it ("mid-December, when three frigates sailed out")."""
    parts = clauses(text, *sentence)
    i = next((k for k, c in enumerate(parts) if c[0] <= phrase.span[0] < c[1]), None)
    if i is None:
        return [sentence]
    spans = [parts[i]]
    spans += [(parts[j][0], parts[i][1]) for j in (i - 1, i - 2) if j >= 0]
    spans += [(parts[i][0], parts[j][1]) for j in (i + 1, i + 2) if j < len(parts)]
    return spans


_CONJUNCT = re.compile(r"\s(?:and|while|but|or)\s+((?:[A-Z][\w’'\-]*\s+){1,4})(?:(?:in|on)\s+)?")
_VERB_CONJUNCT = re.compile(r"\s(?:and|but|then|and\s+then)\s+()(?=[a-z])")


def _gapped(text: str, clause: Span, phrase: DatePhrase, starts: set[int]) -> Span:
    """"Norway joined in 1949 and Estonia in 2004": a conjunct that repeats the verb before
    it without saying it is an event of its own; "left X on 2 May and reached Y 11 days
    later": each verb with a date of its own is one. Each date's event is anchored on its
    part."""
    cuts = [m for m in _CONJUNCT.finditer(text, *clause) if {m.end(1), m.end()} & starts]
    cuts += [m for m in _VERB_CONJUNCT.finditer(text, *clause)
             if any(clause[0] <= d < m.start() for d in starts)
             and any(m.end() <= d < clause[1] for d in starts)]
    cuts.sort(key=lambda m: m.start())
    before = [m for m in cuts if m.end(1) <= phrase.span[0]]
    after = [m for m in cuts if m.start() >= phrase.span[1]]
    start = before[-1].start(1) if before else clause[0]
    end = after[0].start() if after else clause[1]
    return start, end


def _anchor(text: str, clause: Span) -> Span:
    start, end = clause
    while start < end and (text[start].isspace() or text[start] in "-\u2013\u2014,;:"):
        start += 1
    lead = _LEAD.match(text, start)
    if lead:
        start = lead.end()
    while end > start and text[end - 1] in ".;:,”\"’'":
        end -= 1
    return start, end


def _flat(text: str, span: Span) -> str:
    return " ".join(text[span[0]:span[1]].split())


def _label(kind: str, actors: Sequence[tuple[str, str]], place: str | None,
           phrase: DatePhrase, labels: Mapping[str, str]) -> str:
    """"Meeting: Sergei Lavrov, Hakan Fidan; Ankara; 2025-01-16": the event type, then who,
    where and when as the text gives them (three actors at most)."""
    who = [labels[a] for a, _ in actors if a in labels]
    parts = [", ".join(who[:3]) + (", …" if len(who) > 3 else "")]
    parts += [labels.get(place, "") if place else "", phrase.date.lexical]
    name = kind.replace("-", " ").capitalize()
    label = f"{name}: " + "; ".join(p for p in parts if p)
    return label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + "…"


def _agrees(phrase: PartialDate, when: str) -> bool:
    """The reference event's start and the phrase's date overlap at the phrase's precision."""
    start = parse_partial_date(when.split("/")[0])
    return start.earliest <= phrase.latest and phrase.earliest <= start.latest


def _may_date(phrase: PartialDate, when: str) -> bool:
    """A date phrase dates a reference event named beside it only if it can be its start:
    "the war in Ukraine … told the committee on Tuesday" does not date the war."""
    return not when or _agrees(phrase, when)


def _reference_match(clause_mentions: Sequence[Mention], kind: str, phrase: DatePhrase,
                     references: Sequence[Entity], weekday: bool) -> str | None:
    """A reference event of the same type, sharing a participant, dated alike."""
    if weekday:
        return None
    named = {m.entity_id for m in clause_mentions}
    for e in references:
        if e.event_type == kind and e.date and named & {*e.actors, e.place} and _agrees(
                phrase.date, e.date):
            return e.id
    return None


def _actors(text: str, anchor: Span, trigger: Span, clause_mentions: Sequence[Mention],
            types: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    actors: list[tuple[str, str]] = []
    for m in clause_mentions:
        if types.get(m.entity_id) not in ACTOR_TYPES:
            continue
        role = "agent" if m.end <= trigger[0] else "participant"
        if (m.entity_id, role) not in actors and m.entity_id not in [a for a, _ in actors]:
            actors.append((m.entity_id, role))
    return tuple(actors)


def _place(text: str, clause_mentions: Sequence[Mention], types: Mapping[str, str]) -> str | None:
    for m in clause_mentions:
        before = text[max(0, m.start - 12):m.start]
        if types.get(m.entity_id) in PLACE_TYPES and _PLACE_PREP.search(before):
            return m.entity_id
    return None


def find_reported_events(
    text: str,
    doc_id: str,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    phrases: Sequence[DatePhrase],
    known: Sequence[EventFinding],
    cues: Mapping[str, Any],
) -> ReportedEvents:
    """The events the text reports with a date (rules in the module doc)."""
    triggers = _triggers(cues)
    speech = re.compile(alternation(cues.get("reported_events", {}).get("speech_only", [])), re.I)
    weekdays = re.compile(alternation(cues.get("time", {}).get("weekdays", [])), re.I)
    types = {e.id: e.type for e in entities}
    labels = {e.id: e.label for e in entities}
    references = [e for e in entities if e.is_event and not e.extracted]
    dates = {e.id: e.date for e in references}
    dated = {f.date_phrase.span for f in known if f.date_phrase}
    new: list[Entity] = []
    findings: list[EventFinding] = []
    anchors: list[Mention] = []
    used: set[Span] = set()
    for s in sentences(text):
        in_sentence = [p for p in phrases if s.start <= p.span[0] < s.end]
        for phrase in sorted(in_sentence, key=lambda p: _names_a_thing(text, p)):
            if phrase.span in dated or _is_period(text, phrase, cues) or _is_dateline(text, phrase):
                continue
            opening = _opens(text, (s.start, s.end), phrase)
            found = next(((c, t) for c in _windows(text, (s.start, s.end), phrase)
                          if (t := _trigger(text, c, phrase, triggers, speech,
                                            opening and c == (s.start, s.end)))), None)
            if found is None:
                continue
            clause, (kind, trigger) = found
            anchor = _anchor(text, _gapped(text, clause, phrase, {p.span[0] for p in in_sentence}))
            if anchor in used:
                continue
            used.add(anchor)
            inside = [m for m in mentions if clause[0] <= m.start and m.end <= clause[1]]
            events = [m for m in inside if types.get(m.entity_id) == "Event"
                      and _may_date(phrase.date, dates.get(m.entity_id, ""))]
            weekday = weekdays.search(text, *phrase.span) is not None
            event_id = events[0].entity_id if events else _reference_match(
                inside, kind, phrase, references, weekday)
            actors = _actors(text, anchor, trigger, inside, types)
            place = _place(text, inside, types)
            if event_id is None:
                event_id = f"{REPORTED}{doc_id}/{anchor[0]}-{anchor[1]}"
                new.append(Entity(id=event_id, type="Event", event_type=kind, extracted=True,
                                  label=_label(kind, actors, place, phrase, labels),
                                  description=_flat(text, anchor)))
            findings.append(EventFinding(event_id, anchor, phrase, actors, place))
            if not events:
                anchors.append(Mention(anchor[0], anchor[1], event_id, "reported"))
    return ReportedEvents(tuple(new), tuple(findings), tuple(anchors))
