"""Events a sentence describes without using one of their names.

"the speeches given by President Obama and President Putin at the UN General Assembly"
names no event, yet describes one the reference data knows ("Speeches of Obama and Putin
at the 2015 UN General Assembly"). The rule is the usual entity-linking one, driven only
by the reference data: a sentence describes event E when it contains the head noun of
E's label (its first word that is no name: "speeches", "measures") and mentions at least two of E's
participants (its actors and place). The head noun is the anchor, of kind "described".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.sentences import sentences

MIN_PARTICIPANTS = 2


def _head(label: str, names: frozenset[str]) -> str:
    """The label's first word that is not a name or demonym ("measures" in "Russian
    measures to punish Turkey"), lower-cased."""
    words = [w for w in re.findall(r"[^\W\d_]+", label) if w not in names]
    return words[0].lower() if words else ""


def _head_at(text: str, head: str, start: int, end: int) -> tuple[int, int] | None:
    """The first whole-word occurrence of the head word in text[start:end], inflected
    ("speeches"/"speech", "killing"/"killed", "debate"/"debating")."""
    if not head:
        return None
    stem = re.sub(r"(?:ing|ed|es|s|e)$", "", head)
    inflected = rf"(?i)(?<!\w){re.escape(stem)}(?:ing|ed|e?s|e)?(?!\w)"
    m = re.compile(inflected).search(text, start, end)
    return (m.start(), m.end()) if m else None


def find_described_events(
    text: str, mentions: Sequence[Mention], entities: Sequence[Entity]
) -> list[Mention]:
    """One "described" mention per (sentence, event) the rule above finds."""
    events = [e for e in entities if e.is_event and len(_participants(e)) >= MIN_PARTICIPANTS]
    names = frozenset(w for e in entities if not e.is_event
                      for form in (*e.names, *e.short_names, *e.demonyms) for w in form.split())
    found = []
    for s in sentences(text):
        inside = [m for m in mentions if s.start <= m.start < s.end]
        named = {m.entity_id for m in inside}
        for event in events:
            if event.id in named or len(_participants(event) & named) < MIN_PARTICIPANTS:
                continue
            span = _head_at(text, _head(event.label, names), s.start, s.end)
            if span and not any(m.start < span[1] and span[0] < m.end for m in inside):
                found.append(Mention(span[0], span[1], event.id, "described"))
    return found


def _participants(event: Entity) -> set[str]:
    return {*event.actors, *([event.place] if event.place else [])}
