"""Who is speaking at a reporting cue: the claimant before or after a verb, the subject of
the sentence, the body "it" or "the ministry" stands for, the person "he"/"she" is.

`SpeakerContext` is what the claim extractor knows while it walks through a document (the
text, mentions and their types, quotations, the compiled cue patterns, the last speaker);
the functions here read it and never change it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.extract.mentions import Mention
from kg.text.quotes import Quote
from kg.text.sentences import Span, sentences

_APOS = "['\u2019]"
_SPACE = re.compile(r"\s*")
THE = re.compile(r"\s*(?:the\s+)?", re.I)
AGE = r"\d{1,3}-year-old"  # "the 61-year-old" stands for the person just named
_PLACE = (r"(?-i:[A-Z])[\w’'\-]+(?:\s+(?-i:[A-Z])[\w’'\-]+){0,2}"  # "in Ankara", "in New York"
          r"(?:\s+(?:region|province|area|city|capital))?")  # "in the Sahel region"
_TITLE_GAP = re.compile(r"\s*(?:the\s+)?(?:[A-Z][a-z]*\.?\s+){1,3}")
_TITLED = re.compile(r"^(?:[\d:.]+\s*(?:GMT|UTC)?\s*[–—-]\s*)?(?:[A-Z][A-Z' ]+:\s*)?"
                     r"(?:[A-Z][A-Z\s]+(?:,\s*[A-Z][\w ]+)?\s*[–—-]\s*)?"  # "TARTUS, Syria — "
                     r"(?:[A-Z][\w\-]*\.?\s+){0,3}$")  # "Sen. ", "14:32 GMT – Adm. "


def _words(phrases: Sequence[str]) -> str:
    """An alternation of phrases, longest first, with flexible spaces and apostrophes."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace("'", _APOS).replace("’", _APOS)
        for p in ordered
    )


@dataclass
class SpeakerContext:
    """What the extractor knows while walking through the document."""

    text: str
    mentions: Sequence[Mention]
    types: Mapping[str, str]
    cues: Mapping[str, Any]
    quotes: list[Quote]
    rx: Mapping[str, re.Pattern[str]]
    speaker: str | None = None
    speaker_paragraph: int = -10
    speaker_until: int = -1     # where the sentence of the last attribution ends
    venues: dict[str, tuple[tuple[str, ...], Span]] = field(default_factory=dict)
    claimants: list[Mention] | None = None  # claimant_mentions, once read
    mention_spans: frozenset[Span] | None = None  # where mentions are, once read


def compile_patterns(cues: Mapping[str, Any]) -> dict[str, re.Pattern[str]]:
    rep = cues.get("reporting", {})
    ven = cues.get("venue", {})
    frames = _words(rep.get("possessive_frames", []))
    act_verbs = _words(rep.get("speech_act_verbs", []))
    act_nouns = _words(rep.get("speech_act_nouns", []))
    works = _words(ven.get("works", []))
    preps = _words(ven.get("work_prepositions", []))
    det = r"(?:(?:a|an|the|his|her|its|their)\s+)?"
    gap_words = r"\w+ly|also|has|have|had|further|then|too|once|later|earlier|again|now|still"
    org_verbs = "organization_pronoun_verbs"
    naming = rep.get("naming_verbs", [])
    by = (rf"(?:{_words(rep.get('data_participles', []))})"  # "analysed (last week) by"
          rf"(?:\s+(?:last|this|earlier|on)\s+\w+)?\s+by\s+")
    roles = _words(rep.get("attribution_roles", []))
    time = cues.get("time", {})
    time_words = [*time.get("weekdays", []), *time.get("months", []), "week", "month", "year",
                  "night", "morning", "evening"]
    return {
        "verb": re.compile(rf"(?<!\w)({_words([*rep.get('speech_verbs', []), *naming])})(?!\w)",
                           re.I),
        "according": re.compile(rf"(?<!\w)({_words(rep.get('according_to', []))})\s+", re.I),
        "frame": re.compile(r"(?<!\w)in\s+(?:the\s+)?$", re.I),
        "frame_pronoun": re.compile(rf"(?<!\w)in\s+(his|her|their)\s+(?:{frames})(?!\w)", re.I),
        "frame_noun": re.compile(rf"^{_APOS}s?\s+({frames})(?!\w)", re.I),
        "act": re.compile(
            rf"^\s+(?:{act_verbs})\s+{det}(?:\w+\s+){{0,2}}?(?:{act_nouns})\s+(?:of|for|against)(?!\w)",
            re.I),
        "anaphor": re.compile(rf"(?<!\w)({_words(rep.get('anaphoric_sources', []))})(?!\w)", re.I),
        "document_anaphor": re.compile(
            rf"(?:the|an?)\s+(?:(?:{_words(rep.get('document_adjectives', []))})\s+)?"
            rf"(?:{_words(rep.get('document_nouns', []))})", re.I),  # "an earlier statement"
        "its_document": re.compile(  # "Its editorial argued": the body named last
            rf"(?<!\w)(?:its|their)\s+(?:(?:{_words(rep.get('document_adjectives', []))})\s+)?"
            rf"(?:{_words(rep.get('document_nouns', []))})\s*$", re.I),
        "pronoun": re.compile(rf"(?<!\w)({_words(rep.get('pronouns', []))})(?!\w)", re.I),
        "it": re.compile(
            rf"(?<!\w)it\s+(?:also\s+|has\s+|had\s+)?(?:{_words(rep.get(org_verbs, []))})$", re.I),
        "gap": re.compile(
            rf"^\)?(?:\s+(?-i:[A-Z]{{2,4}})(?=,))?"  # post-nominal letters: "X KC, for Y, told"
            rf"(?:\s+(?:{_words(rep.get('outlet_nouns', []))}))?"
            rf"(?:\s+(?:in|at|from)\s+(?:the\s+)?{_PLACE})?"
            rf"(?:(?:[’']s\s+(?:(?:{_words(rep.get('document_adjectives', []))})\s+)?|\s+)"
            rf"(?:{_words(rep.get('document_nouns', []))})(?:\s+(?:published|released|issued)"
            rf"(?:\s+[a-z]+){{0,3}})?)?"  # "An LPI report published this week estimated"
            rf"(?:\s*,?\s*(?:{gap_words})\s*,?)*"
            rf"(?:\s+(?:was|were|is|are)\s+(?:quoted|reported|cited))?"  # "X was quoted as saying"
            rf"(?:\s+who\s+[^,.“”\"]{{1,80}}?)?(?:(?:\s*,[^,“”\"]{{1,120}}){{1,2}},)?"
            rf"(?:\s+(?:was|were|is|are)\s+(?:quoted|reported|cited)|\s+(?:{gap_words}))*"
            rf"(?:(?<=,)\s+(?:which|who))?\s*,?\s*$",  # "X, a newsletter, which said"
            re.I),
        "described": re.compile(  # "published by the open-source group X"
            rf"\s*the\s+(?:[\w\-]+\s+){{0,2}}?(?:{_words(rep.get('definite_heads', []))})\s+"),
        "definite": re.compile(
            rf"(?<!\w)the\s+(?:[a-z\-]+\s+)?({_words(rep.get('definite_heads', []))})"
            rf"(?:\s+(?:{gap_words}|was\s+quoted|were\s+quoted|was\s+cited))*\s*$", re.I),
        "appositive": re.compile(r"\s*(?:\([^()]{1,12}\))?(?:\s+(?-i:[A-Z]{2,4}))?\s*,\s*"
                                 r"(?:a|an|the|who|its|his|her|for|representing"
                                 r"|(?-i:[a-z]+)\s+(?:of|at|for))\s"  # ", head of the X,"
                                 r"[^,“”\"]{1,120}(?:,|(?=[.;]))"),
        "unsaid": re.compile(  # "said nothing new", not "said nothing had been decided"
            r"\s+(?:nothing|little|no\s+more|not\s+a\s+word)(?!\w)(?!\s+(?:had|has|have|was|"
            r"were|is|are|would|will|could|can|should|must|remains|remained|changed)\b)", re.I),
        "asks": re.compile(
            rf"(?:{_words(rep.get('question_verbs', []))})\s+(?:[\w\-]+\s+){{0,3}}?"
            rf"(?:whether|if|why|how|what|when|where|who|which)(?!\w)", re.I),
        "quoted_by": re.compile(r"(?:was|were)\s+(?:quoted|cited)\s+by\s+(?:the\s+)?$", re.I),
        "lede_role": re.compile(rf"{_words(rep.get('lede_roles', []))}", re.I),
        "definite_after": re.compile(
            rf"\s*the\s+({_words(rep.get('definite_heads', []))})(?![\w-])", re.I),
        "the_role": re.compile(  # "“…,” the admiral said", "said the Latvian defence minister"
            rf"(?<!\w)the\s+(?:(?-i:[A-Z])[a-z]+\s+)?({_words(rep.get('person_roles', []))}"
            rf"|{AGE})(?!\w)",  # "says the 61-year-old"
            re.I),
        "possessive_role": re.compile(
            rf"(?<!\w)the\s+({_words(rep.get('definite_heads', []))})[’']s\s+"
            rf"(?:[\w\-]+\s+)?(?:{roles})\s*$", re.I),
        "role_for": re.compile(  # "a spokesperson for the (Russian embassy)"
            rf"(?:a|an|the)\s+(?:[\w\-]+\s+)?(?:{roles})\s+(?:for|of|at)\s+(?:the\s+)?$", re.I),
        "not": re.compile(r"(?<!\w)(?:not|n[’']t|never)\s+(?:\w+ly\s+)?(?:yet\s+)?$", re.I),
        "joint": re.compile(
            r"[,;]\s*(?:(?:while|but|and|whereas)\s+)?$|[,;]\s*(?:while|but|whereas)\s+", re.I),
        "tail": re.compile(rf"(?:\s+(?:on|in|last|this|earlier)\s+\w+)?,\s+"
                           rf"(?:{_words(rep.get('voice_tails', []))})(?!\w)", re.I),
        "coordinated": re.compile(
            rf"(?:,\s*)?(?<!\w)(?:{_words(rep.get('coordinators', []))})\s+$", re.I),
        "data_by": re.compile(rf"(?:[\w\-]+\s+){{1,5}}?{by}", re.I),
        "data_subject": re.compile(  # "Radar images from last week, reviewed by X"
            rf"(?:the\s+)?(?:[\w\-]+\s+){{1,4}}?(?:from\s+(?:last\s+)?[\w\-]+(?:\s+\d{{4}})?,?\s+)?{by}",
            re.I),
        "data_from": re.compile(  # "Satellite pictures from X, a firm, show"
            rf"(?:the\s+)?(?:[\w\-]+\s+){{0,3}}?(?:{_words(rep.get('data_nouns', []))})"
            rf"\s+from\s+", re.I),
        "data_verb": re.compile(
            rf"(?:\s*\([^()]{{1,12}}\))?(?:\s*,[^,“”\"]{{1,100}},|,)?\s+"
            rf"(?:{_words(rep.get('data_verbs', []))})(?!\w)", re.I),
        "role_subject": re.compile(
            rf"(?<!\w)(?:(?-i:[A-Z])[\w\-]+[’']s|its|their)\s+(?:[\w\-]+\s+){{0,2}}?"
            rf"({_words(rep.get('person_roles', []))})(?!\w)", re.I),
        "outlet_subject": re.compile(
            rf"(?<!\w)(?:(?:the|its|(?-i:[A-Z])[\w\-]+(?:[’']s)?)\s+)?"
            rf"({_words(rep.get('outlet_subjects', []))})(?!\w)", re.I),
        "work": re.compile(
            rf"(?<!\w)(?:in|on|for)\s+{det}(?:[\w\-’']+\s+){{0,3}}?(?:{works})\s+(?:{preps})\s+",
            re.I),
        "time_adjunct": re.compile(  # "on Tuesday", "last week", "in March 3"
            rf"(?<!\w)(?:on|in|last|this|earlier|late|early)\s+(?:{_words(time_words)})"
            rf"(?:\s+\d{{1,2}}(?!\d))?(?!\w)", re.I),
        "programme": re.compile(rf"(?:{_words(ven.get('programmes', []))})(?!\w)", re.I),
    }


def claimant_mentions(ctx: SpeakerContext) -> list[Mention]:
    """Mentions of what may speak, in text order; read once a document (asked per cue)."""
    if ctx.claimants is None:
        kinds = set(ctx.cues.get("reporting", {}).get("claimant_types", []))
        ctx.claimants = [m for m in ctx.mentions
                         if ctx.types.get(m.entity_id) in kinds and m.kind != "demonym"]
    return ctx.claimants


def in_quote(ctx: SpeakerContext, span: Span) -> bool:
    return any(q.inner[0] <= span[0] and span[1] <= q.inner[1] for q in ctx.quotes)


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
        named = _last_named(ctx, owner.group(1), owner.start()) or last_body(
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
        named = (_last_named(ctx, definite.group(1), definite.start())
                 or _last_of_kind(ctx, definite.group(1), definite.start())
                 or last_body(ctx, definite.start(), sent))  # "Rosatom, the state company, …"
        if named:
            return named, definite.span(), False
    again = _source_again(ctx, sent, pos)
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


def _source_again(ctx: SpeakerContext, sent: Span,
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
    word = re.compile(rf"(?<!\w)(?:{_words(sorted(forms))})(?!\w)", re.I)
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
    named = m and (_last_named(ctx, m.group(1), m.start())
                   or _last_of_kind(ctx, m.group(1), m.start()))
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


def _last_named(ctx: SpeakerContext, head: str, before: int) -> str | None:
    """"The ministry said": the last speaker-type mention written with that word."""
    word = re.compile(rf"(?<!\w){re.escape(head)}(?!\w)", re.I)
    named = [m for m in claimant_mentions(ctx) if m.end <= before
             and word.search(ctx.text, m.start, m.end)]
    return named[-1].entity_id if named else None


def _last_of_kind(ctx: SpeakerContext, head: str, before: int) -> str | None:
    """"The Sahel Defence Force patrols … On Monday the army said": the last body of the kind
    the word means ([reporting.definite_kinds]), in the last two thousand characters."""
    table = ctx.cues.get("reporting", {}).get("definite_kinds", {})
    kinds = {kind for kind, words in table.items() if head.lower() in words}
    named = [m for m in claimant_mentions(ctx) if before - 2000 <= m.start and m.end <= before
             and ctx.types.get(m.entity_id) in kinds and not in_quote(ctx, (m.start, m.end))]
    return named[-1].entity_id if named else None


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
        if sent[0] <= m.start < pos and _TITLED.match(ctx.text[sent[0]:m.start]):
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


_LABEL = re.compile(r"\s*(?:\([^()\n]{1,40}\))?:\s")


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
        opened += [m.entity_id for m in people if _TITLED.match(ctx.text[s.start:m.start])
                   and not ctx.text.startswith("By ", s.start)][:1]  # not the byline
        role = ctx.rx["the_role"].match(ctx.text, s.start)  # "The judge disagreed."
        holder = last_with_role(ctx, role.group(1), s.start) if role and s.start < before else None
        opened += [holder] if holder else []
        named += [m.entity_id for m in people][:1]
    return opened[-1] if opened else (named[-1] if named else None)
