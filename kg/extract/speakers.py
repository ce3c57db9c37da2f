"""Who is speaking at a reporting cue: the claimant before or after a verb, the subject of
the sentence, a speaker named by role whose name may follow. What a description or a
pronoun stands for is read by `kg.extract.antecedents`; both read the `SpeakerContext`
(`kg.extract.speaker_context`) and never change it.
"""

from __future__ import annotations

import re

from kg.extract.antecedents import (
    last_body,
    last_named,
    last_of_kind,
    last_with_role,
    source_again,
)
from kg.extract.mentions import Mention
from kg.extract.speaker_context import TITLED, SpeakerContext, claimant_mentions, in_quote
from kg.text.sentences import Span

THE = re.compile(r"\s*(?:the\s+)?", re.I)
_TITLE_GAP = re.compile(r"\s*(?:the\s+)?(?:[A-Z][a-z]*\.?\s+){1,3}")


def subject_before(ctx: SpeakerContext, sent: Span, pos: int,
                    verb_end: int = -1) -> tuple[str | None, Span | None, bool]:
    """The claimant right before a verb: a mention, a pronoun or an anaphor (then None, True).
    "It" is an outlet or body only before a plain reporting verb ("It said that …"), never
    before "believes" or "thinks" (where it is usually a state)."""
    t = ctx.text
    it = ctx.rx["it"].search(t, max(sent[0], pos - 18), verb_end) if verb_end > pos else None
    if it:
        body = last_body(ctx, it.start(), sent)
        return body, (it.start(), it.start() + 2), body is None
    own = ctx.rx["its_document"].search(t, max(sent[0], pos - 40), pos)
    body = last_body(ctx, own.start(), sent) if own else None
    if own and body:
        return body, own.span(), False
    owner = ctx.rx["possessive_role"].search(t, max(sent[0], pos - 80), pos)
    if owner:  # "the ministry's spokeswoman said": the ministry named before
        named = last_named(ctx, owner.group(1), owner.start()) or last_body(
            ctx, owner.start(), sent)
        if named:
            return named, owner.span(), False
    found = [m for m in claimant_mentions(ctx)
             if sent[0] <= m.start and m.end <= pos and ctx.rx["gap"].match(t[m.end:pos])]
    if found:
        best = _affiliated_speaker(ctx, max(found, key=lambda m: m.end))
        first = min(found, key=lambda m: m.start)
        between = t[first.end:best.start]
        people = [m for m in found if ctx.types.get(m.entity_id) in ("Person", "Collective")]
        lead = min(people, key=lambda m: m.start) if people else first  # not a body a frame names
        named_role = (ctx.types.get(lead.entity_id) == "Collective"
                      and ctx.types.get(best.entity_id) == "Person")
        if (lead is not best and people
                and re.match(r"\s*,|\s+of\s+(?:the\s+)?$", t[lead.end:best.start])
                and not named_role):
            best = lead  # "X, a commentator for Y, put it", "X of the Y told": X speaks
        elif first is not best and re.match(r"\s*,\s*(?:which|who)\s", between):
            best = first  # "The X Group, which answers to the Y ministry, said": X speaks
        elif first is not best and _named_reporter(ctx, first, between):
            best = first  # "The agency X, citing an unnamed source, said": X reports it
        best = _quoted_by(ctx, _cited_by(ctx, best, pos), sent)
        return best.entity_id, (best.start, best.end), False
    definite = ctx.rx["definite"].search(t, max(sent[0], pos - 60), pos)
    if definite:
        named = (last_named(ctx, definite.group(1), definite.start())
                 or last_of_kind(ctx, definite.group(1), definite.start())
                 or last_body(ctx, definite.start(), sent))  # "Rosatom, the state company, …"
        if named:
            return named, definite.span(), False
    again = source_again(ctx, sent, pos)
    if again:  # "said a shipbroker who asked not to be named. … the broker said"
        return again
    role = next((r for r in ctx.rx["the_role"].finditer(t, max(sent[0], pos - 40), pos)
                 if re.fullmatch(r"\s*,?\s*", t[r.end():pos])), None)
    person = last_with_role(ctx, role.group(1), role.start()) if role else None
    if role and person:  # "Admiral X visited … “…,” the admiral said"
        return person, role.span(), False
    window = t[max(sent[0], pos - 40):pos]
    for name in ("pronoun", "anaphor"):
        for m in ctx.rx[name].finditer(window):
            if ctx.rx["gap"].match(window[m.end():]):
                start = pos - len(window) + m.start()
                return None, (start, start + len(m.group(0))), True
    return None, None, False


def _named_reporter(ctx: SpeakerContext, reporter: Mention, between: str) -> bool:
    """"X, citing Y, said": a reporter with a proper name is the claimant of what it
    reports; "state media, citing unnamed officials" leaves the claim to the sources."""
    surface = ctx.text[reporter.start:reporter.end].split()
    return bool(re.match(r"\s*,\s*(?:citing|quoting)\s", between)) and bool(
        surface) and surface[-1][:1].isupper() and ctx.types.get(reporter.entity_id) not in (
        "Collective", "State", "City")


def _cited_by(ctx: SpeakerContext, reporter: Mention, pos: int) -> Mention:
    """"Russian state media, citing an unnamed source, described …": the cited source
    speaks when the reporter has no proper name."""
    cites = re.match(r"\s*,\s*(?:citing|quoting)\s+", ctx.text[reporter.end:pos])
    if not cites or _named_reporter(ctx, reporter, cites.group(0)):
        return reporter
    at = reporter.end + cites.end()
    cited = [m for m in claimant_mentions(ctx) if m.start == at]
    return cited[0] if cited else reporter


def _quoted_by(ctx: SpeakerContext, outlet: Mention, sent: Span) -> Mention:
    """"X was quoted by TASS as saying": X speaks, TASS reports."""
    if not ctx.rx["quoted_by"].search(ctx.text, max(sent[0], outlet.start - 30), outlet.start):
        return outlet
    quoted = [m for m in claimant_mentions(ctx) if sent[0] <= m.start and m.end <= outlet.start
              and re.fullmatch(r"\s+(?:was|were)\s+(?:quoted|cited)\s+by\s+(?:the\s+)?",
                               ctx.text[m.end:outlet.start], re.I)]
    return quoted[-1] if quoted else outlet


def role_subject(ctx: SpeakerContext, sent: Span, pos: int) -> tuple[Span, str] | None:
    """"Sudan's foreign minister said", "state television reported": a speaker named by role,
    with the kind of speaker ("Person", "MediaOutlet") the text may name next."""
    for name, kind in (("role_subject", "Person"), ("outlet_subject", "MediaOutlet")):
        for m in ctx.rx[name].finditer(ctx.text, sent[0], pos):
            if ctx.rx["gap"].match(ctx.text[m.end():pos]) and not in_quote(ctx, m.span()):
                return m.span(), kind
    return None


def sentence_subject(ctx: SpeakerContext, sent: Span,
                     pos: int) -> tuple[str | None, Span | None, bool]:
    """"Gen. X declined to comment but said …": the speaker that opens the sentence (after
    a title), or the pronoun that does."""
    for m in claimant_mentions(ctx):
        if sent[0] <= m.start < pos and TITLED.match(ctx.text[sent[0]:m.start]):
            return m.entity_id, (m.start, m.end), False
    pronoun = ctx.rx["pronoun"].match(ctx.text, sent[0])
    if pronoun:
        return None, pronoun.span(), True
    return None, None, False


def _affiliated_speaker(ctx: SpeakerContext, best: Mention) -> Mention:
    """"Sergei Rudskoi of the Russian General Staff told": the person, not the body; "A
    commander of the X (XB), speaking on condition of anonymity": the unnamed source."""
    for m in claimant_mentions(ctx):
        kind = ctx.types.get(m.entity_id)
        between = ctx.text[m.end:best.start] if m.end < best.start else ""
        if (kind == "Person" and re.fullmatch(r"\s+of\s+(?:the\s+)?", between)) or (
                kind == "Collective"
                and re.fullmatch(r"\s+(?:of|at|with|from)\s+[^,;:“”\"]{1,80}", between)):
            return m
    return best


def subject_after(ctx: SpeakerContext, pos: int, described: bool = False) -> Mention | None:
    """Inversion: "…,” said Suleimanov", "said Colonel X" (a title between); after "data
    published by", also "the monitoring group X" (described: a description between)."""
    for m in claimant_mentions(ctx):
        if not 0 <= m.start - pos <= 120:  # the gap is a few words: no slice of the rest
            continue
        gap = ctx.text[pos:m.start]
        if (THE.fullmatch(gap) or _TITLE_GAP.fullmatch(gap)  # "said Colonel X"
                               or (described and ctx.rx["described"].fullmatch(gap))):
            return m
    return None
