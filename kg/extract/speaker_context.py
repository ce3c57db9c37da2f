"""What the claim extractor knows while it walks through a document, and the patterns it
reads cues with.

`SpeakerContext` holds the text, its mentions and their types, the quotations, the
compiled cue patterns (`compile_patterns`, from cues.toml [reporting] and [venue]) and the
last speaker; `kg.extract.speakers` and `kg.extract.antecedents` read it and never change
it (the claim extractor, `kg.extract.claims`, does).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.extract.mentions import Mention
from kg.text.quotes import Quote
from kg.text.sentences import Span

_APOS = "['\u2019]"
AGE = r"\d{1,3}-year-old"  # "the 61-year-old" stands for the person just named
_PLACE = (r"(?-i:[A-Z])[\w’'\-]+(?:\s+(?-i:[A-Z])[\w’'\-]+){0,2}"  # "in Ankara", "in New York"
          r"(?:\s+(?:region|province|area|city|capital))?")  # "in the Sahel region"
TITLED = re.compile(r"^(?:[\d:.]+\s*(?:GMT|UTC)?\s*[–—-]\s*)?(?:[A-Z][A-Z' ]+:\s*)?"
                    r"(?:[A-Z][A-Z\s]+(?:,\s*[A-Z][\w ]+)?\s*[–—-]\s*)?"  # "TARTUS, Syria — "
                    r"(?:[A-Z][\w\-]*\.?\s+){0,3}$")  # "Sen. ", "14:32 GMT – Adm. "


def _words(phrases: Sequence[str]) -> str:
    """An alternation of phrases, longest first, with flexible spaces and apostrophes."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace("'", _APOS).replace("’", _APOS)
        for p in ordered
    )


words_alternation = _words  # for the modules that compile patterns of their own


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
    naming = [*rep.get("naming_verbs", []), *rep.get("platform_verbs", [])]  # "posted on X that"
    by = (rf"(?:{_words(rep.get('data_participles', []))})"  # "analysed (last week) by"
          rf"(?:\s+(?:last|this|earlier|on)\s+\w+)?\s+by\s+")
    roles = _words(rep.get("attribution_roles", []))
    time = cues.get("time", {})
    time_words = [*time.get("weekdays", []), *time.get("months", []), "week", "month", "year",
                  "night", "morning", "evening"]
    return {
        "verb": re.compile(rf"(?<!\w)({_words([*rep.get('speech_verbs', []), *naming])})(?!\w)",
                           re.I),
        "participle": re.compile(
            rf"(?<!\w)({_words(rep.get('participles', []))})\s+(?:that\s+)?(?=\w)", re.I),
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
