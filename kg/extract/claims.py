"""Who claims what, in which words: attributed claims and the document's own theses.

An attributed claim needs a reporting cue and a claimant the mentions resolve to a known
person or organization:
- a speech verb next to the claimant ("Baunov writes", "said Suleimanov", "he writes"),
  a prepositional cue ("according to Baunov"), a possessive frame ("In Baunov’s view") or
  a speech act ("Obama gave a defence of …"); all words come from cues.toml [reporting];
- a quotation in or across the cue's sentences is a direct quote; the rest of a sentence
  with a cue is a paraphrase when enough of it is left;
- a quotation without a cue continues the speaker of its paragraph (or of the previous
  paragraph's last sentence: "…, his goals were threefold." then "Putin’s first aim …");
- a paragraph after a line that ends in a colon and carries a cue is a block quote;
- "he"/"she" resolve to a person named since the last attribution (one who opens a
  sentence, titles allowed, first), else to the last attributed speaker of this or the
  previous paragraph; "it" and "the ministry" to the body named before;
- a speaker is found across appositives, "in <place>", "X report published …", "was
  quoted as saying", "declined to comment but said", "according to images analysed by X";
- a sentence with two speakers is cut into their clauses, and after "…, X said, as …" the
  rest is the writer's (`_parts`); "said nothing", "did not say", "than X admit" say nothing.
Where the claim first appeared comes from venue phrases ("in an essay for X and Y", "on
X’s podcast", "told X") and stays with the speaker for the rest of the document.

Everything else in the body that asserts (not a heading, a question, page furniture or a
sentence already inside an attributed claim) is a document-voice claim (claimant None).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from kg.extract.findings import ClaimFinding
from kg.extract.interviews import interview_answers
from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.quotes import Quote, find_quotes, top_level
from kg.text.sentences import Sentence, Span, is_heading, is_question, paragraphs, sentences

_APOS = "['\u2019]"
_THE = re.compile(r"\s*(?:the\s+)?", re.I)
_PLACE = r"(?-i:[A-Z])[\w’'\-]+(?:\s+(?-i:[A-Z])[\w’'\-]+){0,2}"  # "in Ankara", "in New York"
_TITLED = re.compile(r"^(?:[\d:.]+\s*(?:GMT|UTC)?\s*[–—-]\s*)?(?:[A-Z][A-Z' ]+:\s*)?"
                     r"(?:[A-Z][\w\-]*\.?\s+){0,3}$")  # "Sen. ", "14:32 GMT – Adm. "


def _words(phrases: Sequence[str]) -> str:
    """An alternation of phrases, longest first, with flexible spaces and apostrophes."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace("'", _APOS).replace("’", _APOS)
        for p in ordered
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _covered(span: Span, others: Sequence[Span]) -> int:
    """How many characters of span lie inside the union of others."""
    marks = bytearray(span[1] - span[0])
    for s, e in others:
        lo, hi = max(s, span[0]), min(e, span[1])
        if lo < hi:
            marks[lo - span[0]:hi - span[0]] = b"\x01" * (hi - lo)
    return sum(marks)


# ----------------------------------------------------------------------------- furniture
def _script_share(text: str, span: Span, script: str) -> float:
    letters = [c for c in text[span[0]:span[1]] if c.isalpha()]
    if not letters:
        return 1.0
    same = sum(1 for c in letters if unicodedata.name(c, "").startswith(script))
    return same / len(letters)


def _furniture(text: str, paras: list[Span], cues: Mapping[str, Any], language: str) -> set[int]:
    """Indices of paragraphs that are page furniture: appeals, sign-ups, notices, disclaimers."""
    conf = cues.get("furniture", {})
    patterns = [re.compile(p, re.IGNORECASE) for p in conf.get("patterns", [])]
    script = conf.get("scripts", {}).get(language.split("-")[0].lower())
    max_heading = cues.get("headings", {}).get("max_words", 20)
    found: set[int] = set()
    for i, p in enumerate(paras):
        chunk = text[p[0]:p[1]]
        foreign = bool(script) and _script_share(text, p, script) < 0.5
        if foreign or any(rx.search(chunk) for rx in patterns):
            found.add(i)
        elif (i - 1 in found and is_heading(text, paras[i - 1], max_heading)
              and len(chunk.split()) <= conf.get("box_max_words", 30)):
            found.add(i)  # the blurb under a sign-up heading
    return found


# ----------------------------------------------------------------------------- cues
@dataclass(frozen=True)
class Cue:
    """A reporting cue in a sentence and the claimant it names."""

    span: Span                  # the cue words: "writes", "according to", "In … view"
    claimant: str | None        # entity id, or None when it is anaphoric ("he", "this view")
    anaphoric: bool = False
    strong: bool = True         # False for a possessive frame ("In X’s view")
    extra: tuple[Span, ...] = ()   # other attribution words (claimant, frame) for counting
    addressee: str | None = None   # "told Meduza": the outlet


@dataclass
class _Context:
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


def _compile(cues: Mapping[str, Any]) -> dict[str, re.Pattern[str]]:
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
    return {
        "verb": re.compile(rf"(?<!\w)({_words(rep.get('speech_verbs', []))})(?!\w)", re.I),
        "according": re.compile(rf"(?<!\w)({_words(rep.get('according_to', []))})\s+", re.I),
        "frame": re.compile(r"(?<!\w)in\s+(?:the\s+)?$", re.I),
        "frame_noun": re.compile(rf"^{_APOS}s?\s+({frames})(?!\w)", re.I),
        "act": re.compile(
            rf"^\s+(?:{act_verbs})\s+{det}(?:\w+\s+){{0,2}}?(?:{act_nouns})\s+(?:of|for|against)(?!\w)",
            re.I),
        "anaphor": re.compile(rf"(?<!\w)({_words(rep.get('anaphoric_sources', []))})(?!\w)", re.I),
        "pronoun": re.compile(rf"(?<!\w)({_words(rep.get('pronouns', []))})(?!\w)", re.I),
        "it": re.compile(
            rf"(?<!\w)it\s+(?:also\s+|has\s+|had\s+)?(?:{_words(rep.get(org_verbs, []))})$", re.I),
        "gap": re.compile(
            rf"^\)?(?:\s+(?:in|at|from)\s+(?:the\s+)?{_PLACE})?"
            rf"(?:\s+(?:{_words(rep.get('document_nouns', []))})(?:\s+(?:published|released|issued)"
            rf"(?:\s+[a-z]+){{0,3}})?)?"  # "An LPI report published this week estimated"
            rf"(?:\s*,?\s*(?:{gap_words})\s*,?)*"
            rf"(?:\s+(?:was|were|is|are)\s+(?:quoted|reported|cited))?"  # "X was quoted as saying"
            rf"(?:\s+who\s+[^,.“”\"]{{1,80}}?)?(?:(?:\s*,[^,“”\"]{{1,120}}){{1,2}},)?\s*,?\s*$",
            re.I),
        "definite": re.compile(
            rf"(?<!\w)the\s+(?:[a-z\-]+\s+)?({_words(rep.get('definite_heads', []))})"
            rf"(?:\s+(?:{gap_words}|was\s+quoted|were\s+quoted|was\s+cited))*\s*$", re.I),
        "appositive": re.compile(r"\s*(?:\([^()]{1,12}\))?\s*,\s*(?:a|an|the|who|its|his|her)\s"
                                 r"[^,“”\"]{1,120}(?:,|(?=[.;]))"),
        "unsaid": re.compile(r"\s+(?:nothing|little|no\s+more|not\s+a\s+word)(?!\w)", re.I),
        "not": re.compile(r"(?<!\w)(?:not|n[’']t|never)\s+(?:\w+ly\s+)?(?:yet\s+)?$", re.I),
        "joint": re.compile(
            r"[,;]\s*(?:(?:while|but|and|whereas)\s+)?$|[,;]\s*(?:while|but|whereas)\s+", re.I),
        "tail": re.compile(rf"(?:\s+(?:on|in|last|this|earlier)\s+\w+)?,\s+"
                           rf"(?:{_words(rep.get('voice_tails', []))})(?!\w)", re.I),
        "coordinated": re.compile(
            rf"(?:,\s*)?(?<!\w)(?:{_words(rep.get('coordinators', []))})\s+$", re.I),
        "data_by": re.compile(
            rf"(?:[\w\-]+\s+){{1,5}}?(?:{_words(rep.get('data_participles', []))})\s+by\s+", re.I),
        "work": re.compile(
            rf"(?<!\w)(?:in|on|for)\s+{det}(?:[\w\-’']+\s+){{0,3}}?(?:{works})\s+(?:{preps})\s+",
            re.I),
        "programme": re.compile(rf"(?:{_words(ven.get('programmes', []))})(?!\w)", re.I),
    }


def _claimant_mentions(ctx: _Context) -> list[Mention]:
    kinds = set(ctx.cues.get("reporting", {}).get("claimant_types", []))
    return [m for m in ctx.mentions if ctx.types.get(m.entity_id) in kinds and m.kind != "demonym"]


def _in_quote(ctx: _Context, span: Span) -> bool:
    return any(q.inner[0] <= span[0] and span[1] <= q.inner[1] for q in ctx.quotes)


def _subject_before(ctx: _Context, sent: Span, pos: int,
                    verb_end: int = -1) -> tuple[str | None, Span | None, bool]:
    """The claimant right before a verb: a mention, a pronoun or an anaphor (then None, True).
    "It" is an outlet or body only before a plain reporting verb ("It said that …"), never
    before "believes" or "thinks" (where it is usually a state)."""
    t = ctx.text
    it = ctx.rx["it"].search(t, max(sent[0], pos - 18), verb_end) if verb_end > pos else None
    if it:
        body = _last_body(ctx, it.start(), sent)
        return body, (it.start(), it.start() + 2), body is None
    found = [m for m in _claimant_mentions(ctx)
             if sent[0] <= m.start and m.end <= pos and ctx.rx["gap"].match(t[m.end:pos])]
    if found:
        best = _affiliated_speaker(ctx, max(found, key=lambda m: m.end))
        first = min(found, key=lambda m: m.start)
        between = t[first.end:best.start]
        if (first is not best and ctx.types.get(first.entity_id) in ("Person", "Collective")
                and re.match(r"\s*,|\s+of\s+(?:the\s+)?$", between)):
            best = first  # "X, a commentator for Y, put it", "X of the Y told": X speaks
        return best.entity_id, (best.start, best.end), False
    definite = ctx.rx["definite"].search(t, max(sent[0], pos - 60), pos)
    if definite:
        named = _last_named(ctx, definite.group(1), definite.start()) or _last_body(
            ctx, definite.start(), sent)  # "Rosatom, the state company, said … The company"
        if named:
            return named, definite.span(), False
    window = t[max(sent[0], pos - 40):pos]
    for name in ("pronoun", "anaphor"):
        for m in ctx.rx[name].finditer(window):
            if ctx.rx["gap"].match(window[m.end():]):
                start = pos - len(window) + m.start()
                return None, (start, start + len(m.group(0))), True
    return None, None, False


def _last_body(ctx: _Context, before: int, sent: Span) -> str | None:
    """"It said": the organization named last in this or the previous two sentences."""
    starts = [s.start for s in sentences(ctx.text) if s.start <= sent[0]][-3:]
    lo = starts[0] if starts else sent[0]
    bodies = [m for m in _claimant_mentions(ctx) if lo <= m.start and m.end <= before
              and ctx.types.get(m.entity_id) not in ("Person", "Collective")
              and not _in_quote(ctx, (m.start, m.end))]
    return bodies[-1].entity_id if bodies else None


def _last_named(ctx: _Context, head: str, before: int) -> str | None:
    """"The ministry said": the last speaker-type mention written with that word."""
    word = re.compile(rf"(?<!\w){re.escape(head)}(?!\w)", re.I)
    named = [m for m in _claimant_mentions(ctx) if m.end <= before
             and word.search(ctx.text, m.start, m.end)]
    return named[-1].entity_id if named else None


def _sentence_subject(ctx: _Context, sent: Span, pos: int) -> tuple[str | None, Span | None, bool]:
    """"Gen. X declined to comment but said …": the speaker that opens the sentence (after
    a title), or the pronoun that does."""
    for m in _claimant_mentions(ctx):
        if sent[0] <= m.start < pos and _TITLED.match(ctx.text[sent[0]:m.start]):
            return m.entity_id, (m.start, m.end), False
    pronoun = ctx.rx["pronoun"].match(ctx.text, sent[0])
    if pronoun:
        return None, pronoun.span(), True
    return None, None, False


def _affiliated_speaker(ctx: _Context, best: Mention) -> Mention:
    """"Sergei Rudskoi of the Russian General Staff told": the person, not the body."""
    for m in _claimant_mentions(ctx):
        if (ctx.types.get(m.entity_id) == "Person" and m.end < best.start
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", ctx.text[m.end:best.start])):
            return m
    return best


def _subject_after(ctx: _Context, pos: int) -> Mention | None:
    """Inversion: "…,” said Suleimanov."""
    for m in _claimant_mentions(ctx):
        if m.start >= pos and _THE.fullmatch(ctx.text[pos:m.start]):
            return m
    return None


def _verb_takes_content(ctx: _Context, verb: str, end: int, sent: Span) -> bool:
    """A mental-state verb is a cue only before a clause: "believes that", not "believes in"."""
    rep = ctx.cues.get("reporting", {})
    if verb.lower() not in {v.lower() for v in rep.get("clause_verbs", [])}:
        return True
    nxt = re.match(r"\s*([\w’']+)", ctx.text[end:sent[1]])
    blockers = {w.lower() for w in rep.get("clause_blockers", [])}
    return nxt is not None and nxt.group(1).lower() not in blockers


def _verb_cues(ctx: _Context, sent: Span) -> list[Cue]:
    found = []
    for m in ctx.rx["verb"].finditer(ctx.text, *sent):
        if _in_quote(ctx, m.span()) or not _verb_takes_content(ctx, m.group(1), m.end(), sent):
            continue
        if ctx.rx["unsaid"].match(ctx.text, m.end()) or ctx.rx["not"].search(
                ctx.text, max(sent[0], m.start() - 20), m.start()):
            continue  # "Moscow has said nothing new", "did not say": no claim is made
        claimant, subj, anaphoric = _subject_before(ctx, sent, m.start(), m.end())
        if subj is not None and re.search(r"(?<!\w)than\s+(?:the\s+)?$",
                                          ctx.text[max(sent[0], subj[0] - 10):subj[0]]):
            continue  # "slower than officials admit": a comparison, not a claim of theirs
        if subj is None and ctx.rx["coordinated"].search(ctx.text, sent[0], m.start()):
            claimant, subj, anaphoric = _sentence_subject(ctx, sent, m.start())
        if subj is None and m.group(1).lower() in _addressee_verbs(ctx):
            continue  # "…,” X, speaking through an interpreter, told Lavrov: Lavrov listens
        if subj is None:
            after = _subject_after(ctx, m.end())
            if after is None or after.end > sent[1]:
                continue
            claimant, subj = after.entity_id, (after.start, after.end)
        found.append(Cue(m.span(), claimant, anaphoric, True, (subj,), _addressee(ctx, m)))
    return found


def _addressee_verbs(ctx: _Context) -> set[str]:
    return {v.lower() for v in ctx.cues.get("reporting", {}).get("addressee_verbs", [])}


def _addressee(ctx: _Context, verb: re.Match[str]) -> str | None:
    if verb.group(1).lower() not in _addressee_verbs(ctx):
        return None
    venue_types = set(ctx.cues.get("venue", {}).get("venue_types", []))
    for m in ctx.mentions:
        if m.start >= verb.end() and _THE.fullmatch(ctx.text[verb.end():m.start]):
            return m.entity_id if ctx.types.get(m.entity_id) in venue_types else None
    return None


def _according_cues(ctx: _Context, sent: Span) -> list[Cue]:
    found = []
    for m in ctx.rx["according"].finditer(ctx.text, *sent):
        if _in_quote(ctx, m.span()):
            continue
        who = _subject_after(ctx, m.end())
        data = ctx.rx["data_by"].match(ctx.text, m.end())
        if who is None and data:  # "according to satellite images analysed by X"
            who = _subject_after(ctx, data.end())
        if who is not None:
            who_span = ((who.start, who.end),)
            found.append(Cue((m.start(), m.end(1)), who.entity_id, False, True, who_span))
        elif anaphor := ctx.rx["anaphor"].match(ctx.text, m.end()):
            end = anaphor.end()
            found.append(Cue((m.start(), m.end(1)), None, True, True, ((m.end(), end),)))
    return found


def _frame_cues(ctx: _Context, sent: Span) -> list[Cue]:
    """"In Baunov’s view": the owner of a possessive frame."""
    found = []
    for m in _claimant_mentions(ctx):
        if not (sent[0] <= m.start < sent[1]) or _in_quote(ctx, (m.start, m.end)):
            continue
        before = ctx.rx["frame"].search(ctx.text, max(sent[0], m.start - 8), m.start)
        noun = ctx.rx["frame_noun"].match(ctx.text[m.end:sent[1]])
        if before and noun:
            span = (before.start(), m.end + noun.end())
            found.append(Cue(span, m.entity_id, False, False, (span,)))
    return found


def _act_cues(ctx: _Context, sent: Span) -> list[Cue]:
    """"Obama gave an eloquent defence of …": a speech act as a noun."""
    found = []
    for m in _claimant_mentions(ctx):
        if not (sent[0] <= m.start < sent[1]):
            continue
        act = ctx.rx["act"].match(ctx.text[m.end:sent[1]])
        if act and not _in_quote(ctx, (m.start, m.end)):
            lead = len(act.group(0)) - len(act.group(0).lstrip())
            found.append(Cue((m.end + lead, m.end + act.end()), m.entity_id, False, True,
                             ((m.start, m.end),)))
    return found


def sentence_cues(ctx: _Context, sent: Span) -> list[Cue]:
    """Every reporting cue of a sentence, in text order."""
    cues = _verb_cues(ctx, sent) + _according_cues(ctx, sent) + _act_cues(ctx, sent)
    cues += _frame_cues(ctx, sent)
    return sorted(cues, key=lambda c: c.span)


# ----------------------------------------------------------------------------- venues
def _venue_mentions(ctx: _Context, start: int, limit: int) -> list[Mention]:
    """Mentions of venues from start on, joined only by "and", "the", commas."""
    venue_types = set(ctx.cues.get("venue", {}).get("venue_types", []))
    out: list[Mention] = []
    pos = start
    for m in sorted(ctx.mentions):
        if m.start < pos or m.start > limit or m.kind == "nested":
            continue
        if re.fullmatch(r"[\s,]*(?:(?:and|&)\s+)?(?:the\s+)?", ctx.text[pos:m.start], re.I) is None:
            break
        if ctx.types.get(m.entity_id) not in venue_types:
            break
        out.append(m)
        pos = m.end
    return out


def _find_venue(ctx: _Context, sent: Span) -> tuple[tuple[str, ...], Span] | None:
    """Where the sentence says the claim appeared: "in an essay for X and Y", "on X’s podcast"."""
    for m in ctx.rx["work"].finditer(ctx.text, *sent):
        venues = _venue_mentions(ctx, m.end(), sent[1])
        if venues and not _in_quote(ctx, m.span()):
            return tuple(v.entity_id for v in venues), (m.start(), venues[-1].end)
    venue_types = set(ctx.cues.get("venue", {}).get("venue_types", []))
    for mention in ctx.mentions:
        if not (sent[0] <= mention.start < sent[1]) or mention.kind != "possessive":
            continue
        lead = ctx.text[max(sent[0], mention.start - 4):mention.start]
        on = re.search(r"(?<!\w)on\s+$", lead, re.I)
        prog = ctx.rx["programme"].search(ctx.text, mention.end, min(sent[1], mention.end + 60))
        if on and prog and ctx.types.get(mention.entity_id) in venue_types:
            start = mention.start - len(on.group(0))
            return (mention.entity_id,), (start, prog.end())
    return None


# ----------------------------------------------------------------------------- claims
def _about(ctx: _Context, span: Span, extra: Sequence[str] = ()) -> tuple[str, ...]:
    ids = [m.entity_id for m in ctx.mentions if span[0] <= m.start and m.end <= span[1]]
    return tuple(dict.fromkeys([*ids, *extra]))


def _newcomer(ctx: _Context, before: int) -> str | None:
    """A person who opened a sentence since the last attribution ("Hélène Marchetti, a
    former attaché, was more sceptical. “…,” she told …"): "he"/"she" is that person."""
    opened: list[str] = []
    named: list[str] = []
    for s in sentences(ctx.text):
        if not (ctx.speaker_until < s.start < before):
            continue
        people = [m for m in _claimant_mentions(ctx) if s.start <= m.start < min(s.end, before)
                  and ctx.types.get(m.entity_id) == "Person" and m.kind in ("name", "alias")
                  and not _in_quote(ctx, (m.start, m.end))]
        opened += [m.entity_id for m in people if _TITLED.match(ctx.text[s.start:m.start])][:1]
        named += [m.entity_id for m in people][:1]
    return opened[-1] if opened else (named[-1] if named else None)


def _resolve(ctx: _Context, cue: Cue, paragraph: int) -> str | None:
    if cue.claimant is not None:
        return cue.claimant
    said_by = ctx.text[cue.extra[0][0]:cue.extra[0][1]] if cue.extra else ""
    pronoun = ctx.rx["pronoun"].fullmatch(said_by)
    newcomer = _newcomer(ctx, cue.span[0]) if pronoun else None
    if newcomer:
        return newcomer
    if ctx.speaker and paragraph - ctx.speaker_paragraph <= 1:
        return ctx.speaker
    return None


def _claim(ctx: _Context, span: Span, claimant: str, kind: str, cue: Span | None,
           frame_owners: Sequence[str] = ()) -> ClaimFinding:
    venue = ctx.venues.get(claimant)
    extra = [o for o in frame_owners if o != claimant]
    return ClaimFinding(
        span=span, claimant=claimant, kind=kind, cue=cue, about=_about(ctx, span, extra),
        first_appeared_in=venue[0] if venue else (), venue_span=venue[1] if venue else None,
    )


def _main_cue(cues: list[Cue], ctx: _Context, paragraph: int) -> tuple[Cue | None, str | None]:
    """The cue naming the claimant: a strong cue before a frame; frame owners become topics."""
    for cue in [c for c in cues if c.strong] + [c for c in cues if not c.strong]:
        who = _resolve(ctx, cue, paragraph)
        if who:
            return cue, who
    return None, None


def _appositive(ctx: _Context, cue: Cue, subject: Span) -> Span:
    """", a researcher at the X Institute," after a speaker: attribution, not content (up to
    the verb, or to the end of the sentence after "said X")."""
    m = ctx.rx["appositive"].match(ctx.text, subject[1])
    verb = ctx.rx["verb"].fullmatch(ctx.text, *cue.span)  # not "according to X, the deal …"
    if not m or not verb or (subject[0] < cue.span[0] and not m.group(0).endswith(",")):
        return (subject[1], subject[1])
    return (subject[1], m.end())


def _outside_words(ctx: _Context, sent: Span, used: Sequence[Span]) -> int:
    """Words of the sentence outside quotations and attribution phrases."""
    chunk = list(ctx.text[sent[0]:sent[1]])
    for s, e in used:
        for i in range(max(s, sent[0]), min(e, sent[1])):
            chunk[i - sent[0]] = " "
    return len(re.findall(r"\w+", "".join(chunk)))


@dataclass
class _SentenceResult:
    claims: list[ClaimFinding]
    attributed: bool


def _quotes_of(ctx: _Context, sent: Sentence, claimed: set[Span]) -> list[Quote]:
    """Top-level quotations that start in this sentence and are not yet claimed."""
    return [q for q in top_level(ctx.quotes)
            if sent.start <= q.span[0] < sent.end and q.span not in claimed]


def _cue_in_quote_sentences(ctx: _Context, q: Quote, sents: list[Sentence]) -> list[Cue]:
    """Cues of the sentence where a quotation ends ("“… . …,” he writes.")."""
    out: list[Cue] = []
    for s in sents:
        if s.start > q.span[0] and s.start < q.span[1] <= s.end:
            out += sentence_cues(ctx, (s.start, s.end))
    return out


def _process_sentence(ctx: _Context, sent: Sentence, sents: list[Sentence],
                      claimed: set[Span]) -> _SentenceResult:
    rep = ctx.cues.get("reporting", {})
    span = (sent.start, sent.end)
    cues = sentence_cues(ctx, span)
    cue, who = _main_cue(cues, ctx, sent.paragraph)
    frames = [c.claimant for c in cues if not c.strong and c.claimant and c is not cue]
    venue = _find_venue(ctx, span)
    if who and venue and who not in ctx.venues:
        ctx.venues[who] = venue
    if who and cue and cue.addressee and who not in ctx.venues:
        ctx.venues[who] = ((cue.addressee,), cue.span)
    claims: list[ClaimFinding] = []
    for q in _quotes_of(ctx, sent, claimed):
        q_cue, q_who = (cue, who) if who else _main_cue(_cue_in_quote_sentences(ctx, q, sents), ctx,
                                                        sent.paragraph)
        if not q_who and ctx.text[sent.start:q.span[0]].rstrip().endswith(":"):
            q_who = _sentence_subject(ctx, (sent.start, sent.end), q.span[0])[0]  # "X was blunt:"
        right_after = bool(ctx.speaker) and not ctx.text[ctx.speaker_until:q.span[0]].strip()
        long_enough = right_after or len(ctx.text[q.inner[0]:q.inner[1]].split()) >= rep.get(
            "min_quote_words", 4)  # "“We will stay,” X said. “Nothing changes.”" goes on
        recent = ctx.speaker and sent.paragraph - ctx.speaker_paragraph <= 1
        if not q_who and long_enough and recent:
            q_who, q_cue = ctx.speaker, None
        if q_who and (long_enough or q_cue is not None):
            claimed.add(q.span)
            claims.append(_claim(ctx, q.inner, q_who, "direct-quote", q_cue.span if q_cue else None,
                                 frames))
            who = who or (q_who if q_cue is None else None)
    if who:
        whole = [q.span for q in ctx.quotes if q.span in claimed and _overlaps(q.span, span)
                 and len(ctx.text[q.inner[0]:q.inner[1]].split()) >= rep.get("min_quote_words", 4)]
        used = list(whole)  # a partial quote ("Moscow was “in no hurry”") is part of the words
        used += [c.span for c in cues] + [s for c in cues for s in c.extra]
        used += [_appositive(ctx, c, s) for c in cues if c.strong for s in c.extra[:1]]
        used += [venue[1]] if venue else []
        needed = rep.get("min_paraphrase_words", 6) if whole else 3  # words beside a quote
        if _outside_words(ctx, span, used) >= needed:
            claims.append(_claim(ctx, span, who, "paraphrase", cue.span if cue else None, frames))
        ctx.speaker, ctx.speaker_paragraph, ctx.speaker_until = who, sent.paragraph, sent.end
    elif claims:
        ctx.speaker_paragraph = sent.paragraph
    return _SentenceResult(claims, bool(who) or bool(claims))


def _parts(ctx: _Context, sent: Sentence) -> list[Sentence]:
    """A sentence as the clauses that have different speakers: "X said A, while Y have
    accused B" is two claims; "A, X said, as B" leaves B in the writer's voice."""
    span = (sent.start, sent.end)
    said = [(c, w) for c in _verb_cues(ctx, span) if (w := _resolve(ctx, c, sent.paragraph))]
    cuts: list[int] = []
    for (before, who_before), (cue, who) in pairwise(said):
        if who == who_before or not cue.extra:
            continue
        between = ctx.text[before.span[1]:cue.extra[0][0]]
        joint = list(ctx.rx["joint"].finditer(between))
        if joint:
            cuts.append(before.span[1] + joint[-1].start() + 1)
    if len(said) == 1 and said[0][0].extra and said[0][0].extra[0][0] > sent.start:
        cue = said[0][0]
        tail = ctx.rx["tail"].match(ctx.text, cue.span[1])
        if tail and re.search(r",\s*$", ctx.text[sent.start:cue.extra[0][0]]):
            cuts.append(tail.start() + 1)  # ", Moscow said, as government forces …"
    bounds = [sent.start, *sorted(cuts), sent.end]
    parts = []
    for a, b in pairwise(bounds):
        a += len(ctx.text[a:b]) - len(ctx.text[a:b].lstrip())
        if b > a:
            parts.append(Sentence(a, b, sent.paragraph))
    return parts


def _block_quote(ctx: _Context, prev: Span, para: Span, index: int) -> ClaimFinding | None:
    """A paragraph introduced by a line ending in a colon after a reporting cue."""
    if not ctx.text[prev[0]:prev[1]].rstrip().endswith(":"):
        return None
    last = [s for s in sentences(ctx.text) if prev[0] <= s.start and s.end <= prev[1]][-1:]
    if not last:
        return None
    cue, who = _main_cue(sentence_cues(ctx, (last[0].start, last[0].end)), ctx, index)
    if not who:
        return None
    ctx.speaker, ctx.speaker_paragraph = who, index
    return _claim(ctx, para, who, "direct-quote", cue.span if cue else None)


def _types(entities: Sequence[Entity]) -> dict[str, str]:
    return {e.id: e.type for e in entities}


def _document_voice(ctx: _Context, sent: Sentence, taken: list[Span]) -> ClaimFinding | None:
    span = (sent.start, sent.end)
    if is_question(ctx.text, span) or len(ctx.text[span[0]:span[1]].split()) < 3:
        return None
    if _covered(span, taken) * 2 >= span[1] - span[0]:
        return None
    return ClaimFinding(span=span, claimant=None, kind="document-voice", about=_about(ctx, span))


def find_claims(
    text: str,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    cues: Mapping[str, Any],
    doc_language: str = "en",
) -> list[ClaimFinding]:
    """Attributed and document-voice claims of a document, in text order."""
    paras = paragraphs(text)
    ctx = _Context(text, mentions, _types(entities), cues, find_quotes(text), _compile(cues))
    furniture = _furniture(text, paras, cues, doc_language)
    max_heading = cues.get("headings", {}).get("max_words", 20)
    body = [i for i, p in enumerate(paras)
            if i not in furniture and not is_heading(text, p, max_heading)]
    sents = sentences(text)
    attributed: list[ClaimFinding] = []
    voice_candidates: list[Sentence] = []
    claimed: set[Span] = set()
    answers = interview_answers(text, paras, body, mentions, ctx.types, cues)
    for i in body:
        if i in answers:
            attributed.append(_claim(ctx, paras[i], answers[i], "direct-quote", None))
            continue
        block = _block_quote(ctx, paras[i - 1], paras[i], i) if i - 1 in body else None
        if block:
            attributed.append(block)
            continue
        para_sents = [s for s in sents if s.paragraph == i]
        for s in [part for whole in para_sents for part in _parts(ctx, whole)]:
            result = _process_sentence(ctx, s, sents, claimed)
            attributed += result.claims
            if not result.attributed:
                voice_candidates.append(s)
    taken = [c.span for c in attributed]
    voice = [v for s in voice_candidates if (v := _document_voice(ctx, s, taken))]
    return sorted(attributed + voice, key=lambda c: (c.span, c.kind))
