"""Who a description, a role or a pronoun stands for: "the ministry", "the paper", "the
admiral", "the 61-year-old", "the broker" after "a shipbroker who asked not to be named",
"it", "he"/"she" (the person who opened a sentence since the last attribution).

Each looks back from where it stands, over the mentions the claim extractor knows
(`SpeakerContext`), never forward, and a few thousand characters at most.
"""

from __future__ import annotations

import re

from kg.extract.mentions import Mention
from kg.extract.speaker_context import (
    AGE,
    TITLED,
    SpeakerContext,
    claimant_mentions,
    in_quote,
    words_alternation,
)
from kg.text.sentences import Span, sentences

_SPACE = re.compile(r"\s*")
_LABEL = re.compile(r"\s*(?:\([^()\n]{1,40}\))?:\s")


def source_again(ctx: SpeakerContext, sent: Span,
                  pos: int) -> tuple[str | None, Span | None, bool] | None:
    """"the broker said" after "a shipbroker who asked not to be named": the unnamed source
    the text described with that noun a few sentences before."""
    the = re.search(r"(?<!\w)the\s+([a-z\-]{3,})\s*,?\s*$", ctx.text[max(sent[0], pos - 30):pos])
    if not the:
        return None
    start = max(sent[0], pos - 30) + the.start()
    noun = the.group(1).lower()
    for m in reversed(claimant_mentions(ctx)):
        if m.end <= start and start - m.end < 1500 and ctx.types.get(m.entity_id) == "Collective" \
                and ctx.text[m.start:m.end].lower().rstrip("s").endswith(noun):
            return m.entity_id, (start, start + len(the.group(0).rstrip(" ,"))), False
    return None


def last_with_role(ctx: SpeakerContext, role: str, before: int) -> str | None:
    """The person last named with a role word beside the name ("Admiral Igor Kasatonov",
    "Igor Kasatonov, the fleet's admiral"), in the last two thousand characters."""
    if re.fullmatch(AGE, role):  # "the 61-year-old": the person last named, in a few lines
        people = [m for m in claimant_mentions(ctx) if before - 600 <= m.start
                  and m.end <= before and ctx.types.get(m.entity_id) == "Person"
                  and not in_quote(ctx, (m.start, m.end))]
        return people[-1].entity_id if people else None
    rep = ctx.cues.get("reporting", {})
    forms = {role, *rep.get("role_titles", {}).get(role.lower(), [])}
    for variants in rep.get("spelling_variants", []):  # "Defense Minister" = "defence minister"
        forms |= {f.lower().replace(a, b) for f in forms for a in variants for b in variants}
    word = re.compile(rf"(?<!\w)(?:{words_alternation(sorted(forms))})(?!\w)", re.I)
    people = [m for m in claimant_mentions(ctx) if before - 2000 <= m.start and m.end <= before
              and ctx.types.get(m.entity_id) == "Person" and not in_quote(ctx, (m.start, m.end))
              and (word.search(ctx.text, max(0, m.start - 40), m.start)
                   or word.search(ctx.text, m.end, min(before, m.end + 80)))]
    return people[-1].entity_id if people else None


def role_after(ctx: SpeakerContext, pos: int) -> Mention | None:
    """"According to the admiral", "…,” said the Latvian defence minister": the person last
    named with that role, as a mention of the role's words."""
    space = _SPACE.match(ctx.text, pos)
    role = ctx.rx["the_role"].match(ctx.text, space.end() if space else pos)
    person = last_with_role(ctx, role.group(1), role.start()) if role else None
    return Mention(role.start(), role.end(), person, "alias") if role and person else None


def definite_after(ctx: SpeakerContext, pos: int) -> Mention | None:
    """"According to the paper": the body last named with that word, or of that kind."""
    m = ctx.rx["definite_after"].match(ctx.text, pos)
    named = m and (last_named(ctx, m.group(1), m.start())
                   or last_of_kind(ctx, m.group(1), m.start()))
    return Mention(m.start(), m.end(), named, "alias") if m and named else None


def last_body(ctx: SpeakerContext, before: int, sent: Span) -> str | None:
    """"It said": the organization named last in this or the previous two sentences."""
    starts = [s.start for s in sentences(ctx.text) if s.start <= sent[0]][-3:]
    lo = starts[0] if starts else sent[0]
    bodies = [m for m in claimant_mentions(ctx) if lo <= m.start and m.end <= before
              and ctx.types.get(m.entity_id) not in ("Person", "Collective")
              and not in_quote(ctx, (m.start, m.end))]
    openers = [m for m in bodies if re.fullmatch(r"\W*(?:the\s+(?:[a-z\-]+\s+){0,2})?", ctx.text[
        max([s for s in starts if s <= m.start], default=lo):m.start], re.I)]
    current = [m for m in bodies if m.start >= sent[0]]  # "X said Y had …, some of which, it said"
    chosen = current or openers or bodies  # "X posted on its Telegram channel. It said": X
    return chosen[-1].entity_id if chosen else None


def last_named(ctx: SpeakerContext, head: str, before: int) -> str | None:
    """"The ministry said": the last speaker-type mention written with that word."""
    word = re.compile(rf"(?<!\w){re.escape(head)}(?!\w)", re.I)
    described = re.compile(rf",\s+(?:a|an|the)\s+[^,.;“”\"]{{0,40}}?(?<![\w-]){re.escape(head)}"
                           rf"(?![\w-])", re.I)  # "X, a ship-tracking service based in …"
    named = [m for m in claimant_mentions(ctx) if m.end <= before
             and (word.search(ctx.text, m.start, m.end) or described.match(ctx.text, m.end))]
    return named[-1].entity_id if named else None


def last_of_kind(ctx: SpeakerContext, head: str, before: int) -> str | None:
    """"The Sahel Defence Force patrols … On Monday the army said": the last body of the kind
    the word means ([reporting.definite_kinds]), in the last two thousand characters."""
    table = ctx.cues.get("reporting", {}).get("definite_kinds", {})
    kinds = {kind for kind, words in table.items() if head.lower() in words}
    named = [m for m in claimant_mentions(ctx) if before - 2000 <= m.start and m.end <= before
             and ctx.types.get(m.entity_id) in kinds and not in_quote(ctx, (m.start, m.end))]
    return named[-1].entity_id if named else None


def _labels_turn(text: str, m: Mention) -> bool:
    """"BERIDZE: …" at the start of a paragraph: the label of a transcript's turn."""
    return bool(_LABEL.match(text, m.end)) and (m.start == 0 or text[m.start - 1] == "\n")


def newcomer(ctx: SpeakerContext, before: int) -> str | None:
    """A person who opened a sentence since the last attribution ("Hélène Marchetti, a
    former attaché, was more sceptical. “…,” she told …", "The judge disagreed", after
    "Mrs Justice X"): "he"/"she" is that person, never
    the speaker of a transcript's label ("BERIDZE: … The boats, she said"), who says "I"."""
    opened: list[str] = []
    named: list[str] = []
    for s in sentences(ctx.text):
        if not (ctx.speaker_until < s.start < before):
            continue
        people = [m for m in claimant_mentions(ctx) if s.start <= m.start < min(s.end, before)
                  and ctx.types.get(m.entity_id) == "Person"
                  and m.kind in ("name", "alias", "variant", "short")
                  and not in_quote(ctx, (m.start, m.end)) and not _labels_turn(ctx.text, m)]
        opened += [m.entity_id for m in people if TITLED.match(ctx.text[s.start:m.start])
                   and not ctx.text.startswith("By ", s.start)][:1]  # not the byline
        role = ctx.rx["the_role"].match(ctx.text, s.start)  # "The judge disagreed."
        holder = last_with_role(ctx, role.group(1), s.start) if role and s.start < before else None
        opened += [holder] if holder else []
        named += [m.entity_id for m in people][:1]
    return opened[-1] if opened else (named[-1] if named else None)
