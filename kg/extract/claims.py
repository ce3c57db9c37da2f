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

The cues are found by `kg.extract.claim_cues`, the speaker at each by `kg.extract.speakers`
(and `kg.extract.antecedents`);
this module walks the document, joins quotations to them and cuts sentences into claims.

Everything else in the body that asserts (not a heading, a question, page furniture or a
sentence already inside an attributed claim) is a document-voice claim (claimant None).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from kg.extract.claim_cues import (
    Cue,
    addressee_verbs,
    find_venue,
    main_cue,
    resolve,
    sentence_cues,
    verb_cues,
)
from kg.extract.findings import ClaimFinding
from kg.extract.interviews import answer_words, interview_answers, transcript_turns
from kg.extract.mentions import Mention
from kg.extract.speaker_context import SpeakerContext, compile_patterns
from kg.extract.speakers import sentence_subject
from kg.reference import Entity
from kg.text.quotes import Quote, find_quotes, top_level
from kg.text.sentences import Sentence, Span, is_heading, is_question, paragraphs, sentences


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




# ----------------------------------------------------------------------------- claims
def _about(ctx: SpeakerContext, span: Span, extra: Sequence[str] = ()) -> tuple[str, ...]:
    ids = [m.entity_id for m in ctx.mentions if span[0] <= m.start and m.end <= span[1]]
    return tuple(dict.fromkeys([*ids, *extra]))


def _claim(ctx: SpeakerContext, span: Span, claimant: str, kind: str, cue: Span | None,
           frame_owners: Sequence[str] = ()) -> ClaimFinding:
    venue = ctx.venues.get(claimant)
    extra = [o for o in frame_owners if o != claimant]
    return ClaimFinding(
        span=span, claimant=claimant, kind=kind, cue=cue, about=_about(ctx, span, extra),
        first_appeared_in=venue[0] if venue else (), venue_span=venue[1] if venue else None,
    )


def _appositive(ctx: SpeakerContext, cue: Cue, subject: Span) -> Span:
    """", a researcher at the X Institute," after a speaker: attribution, not content (up to
    the verb, or to the end of the sentence after "said X")."""
    m = ctx.rx["appositive"].match(ctx.text, subject[1])
    verb = ctx.rx["verb"].fullmatch(ctx.text, *cue.span)  # not "according to X, the deal …"
    if not m or not verb or (subject[0] < cue.span[0] and not m.group(0).endswith(",")):
        return (subject[1], subject[1])
    return (subject[1], m.end())


def _attribution_around(ctx: SpeakerContext, cues: Sequence[Cue]) -> list[Span]:
    """Words that belong to the attribution, not to what is said: the listener of "told AFP"
    or "told the court in May", and the role before a body or a name ("a spokesperson for
    the Russian embassy", "the customs chief, Omar Saad,")."""
    spans: list[Span] = []
    for c in cues:
        if c.addressee:
            heard = [m for m in ctx.mentions if m.start >= c.span[1]
                     and re.fullmatch(r"\s*(?:the\s+)?", ctx.text[c.span[1]:m.start])]
            spans += [(c.span[1], heard[0].end)] if heard else []
        elif ctx.text[c.span[0]:c.span[1]].lower() in addressee_verbs(ctx):
            noun = re.match(r"\s+(?:the\s+)?[a-z]+(?=\s+(?:on|in|at|last|this|by)\s|\s*[.,;])",
                            ctx.text[c.span[1]:c.span[1] + 40])  # "told the court in May."
            spans += [(c.span[1], c.span[1] + noun.end())] if noun else []
        for s, _ in c.extra[:1]:
            role = ctx.rx["role_for"].search(ctx.text, max(0, s - 60), s) or re.search(
                r"(?<!\w)(?:the|a|an|its|their)\s+[a-z][a-z\s\-]{1,40},\s*$",
                ctx.text[max(0, s - 50):s])  # "the customs chief, Omar Saad, told"
            spans += [(s - len(role.group(0)), s)] if role else []
    return spans


def _time_adjuncts(ctx: SpeakerContext, sent: Span) -> list[Span]:
    """"on Tuesday", "last week", "in March": when something was said is no part of what."""
    return [m.span() for m in ctx.rx["time_adjunct"].finditer(ctx.text, *sent)]


def _outside_words(ctx: SpeakerContext, sent: Span, used: Sequence[Span]) -> int:
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
    role_cue: Cue | None = None  # "Sudan's foreign minister said": waits for a name


def _quotes_of(ctx: SpeakerContext, sent: Sentence, claimed: set[Span]) -> list[Quote]:
    """Top-level quotations that start in this sentence and are not yet claimed, and not a
    name in quotation marks ('the daily "Izvestia"': a mention spans the marks)."""
    if ctx.mention_spans is None:  # once a document: asked for every sentence
        ctx.mention_spans = frozenset((m.start, m.end) for m in ctx.mentions)
    return [q for q in top_level(ctx.quotes)
            if sent.start <= q.span[0] < sent.end and q.span not in claimed
            and q.span not in ctx.mention_spans]


def _cue_in_quote_sentences(ctx: SpeakerContext, q: Quote, sents: list[Sentence]) -> list[Cue]:
    """Cues of the sentence where a quotation ends ("“… . …,” he writes.")."""
    out: list[Cue] = []
    for s in sents:
        if s.start > q.span[0] and s.start < q.span[1] <= s.end:
            out += sentence_cues(ctx, (s.start, s.end))
    return out


def _process_sentence(ctx: SpeakerContext, sent: Sentence, sents: list[Sentence],
                      claimed: set[Span]) -> _SentenceResult:
    rep = ctx.cues.get("reporting", {})
    span = (sent.start, sent.end)
    cues = sentence_cues(ctx, span)
    cue, who = main_cue(cues, ctx, sent.paragraph)
    frames = [c.claimant for c in cues if not c.strong and c.claimant and c is not cue]
    venue = find_venue(ctx, span)
    if who and venue and who not in ctx.venues:
        ctx.venues[who] = venue
    if who and cue and cue.addressee and who not in ctx.venues:
        ctx.venues[who] = ((cue.addressee,), cue.span)
    claims: list[ClaimFinding] = []
    intros: list[Span] = []  # "X was blunt:" before a quote is attribution
    for q in _quotes_of(ctx, sent, claimed):
        q_cue, q_who = (cue, who) if who else main_cue(_cue_in_quote_sentences(ctx, q, sents), ctx,
                                                        sent.paragraph)
        colon = ctx.text[sent.start:q.span[0]].rstrip().endswith(":")
        intros += [(sent.start, q.span[0]), q.span] if colon else []
        if not q_who and colon:
            q_who = sentence_subject(ctx, (sent.start, sent.end), q.span[0])[0]  # "X was blunt:"
        right_after = colon or (bool(ctx.speaker)
                                and not ctx.text[ctx.speaker_until:q.span[0]].strip())
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
                 and (len(ctx.text[q.inner[0]:q.inner[1]].split()) >= rep.get("min_quote_words", 4)
                      or not ctx.text[sent.start:q.span[0]].strip())]  # "“We stay,” X said"
        used = list(whole)  # a partial quote ("Moscow was “in no hurry”") is part of the words
        used += [c.span for c in cues] + [s for c in cues for s in c.extra]
        used += [_appositive(ctx, c, s) for c in cues if c.strong for s in c.extra[:1]]
        used += [venue[1]] if venue else []
        used += _attribution_around(ctx, cues) + intros + _time_adjuncts(ctx, span)
        needed = rep.get("min_paraphrase_words", 6) if whole else 3  # words beside a quote
        if _outside_words(ctx, span, used) >= needed:
            claims.append(_claim(ctx, span, who, "paraphrase", cue.span if cue else None, frames))
        ctx.speaker, ctx.speaker_paragraph, ctx.speaker_until = who, sent.paragraph, sent.end
    elif claims:
        ctx.speaker_paragraph = sent.paragraph
    role = next((c for c in cues if c.role), None) if not (who or claims) else None
    return _SentenceResult(claims, bool(who) or bool(claims), role)


@dataclass
class _Waiting:
    """A sentence whose speaker is named by role only, waiting for the name."""

    sentence: Sentence
    cue: Cue
    seen: int = 0


def _named_speaker(ctx: SpeakerContext, claims: Sequence[ClaimFinding], sent: Sentence,
                   kind: str) -> str | None:
    """The claimant of this sentence's claims when the sentence names it (not "he") and it
    is the kind the role asked for: a person for a minister, an outlet for state television."""
    for c in claims:
        kinds = {"Person"} if kind == "Person" else {"MediaOutlet", "Organization"}
        named = any(m.entity_id == c.claimant and sent.start <= m.start < sent.end
                    and m.kind in ("name", "alias", "short") for m in ctx.mentions)
        if c.claimant and ctx.types.get(c.claimant) in kinds and named:
            return c.claimant
    return None


def _settle(ctx: SpeakerContext, waiting: list[_Waiting], sent: Sentence,
            result: _SentenceResult, voice: list[Sentence]) -> list[ClaimFinding]:
    """Claims of waiting sentences whose speaker this sentence names; a sentence that waited
    two sentences or a paragraph in vain goes back to the writer's voice."""
    found: list[ClaimFinding] = []
    for w in list(waiting):
        who = _named_speaker(ctx, result.claims, sent, w.cue.role)
        if who:
            found.append(_claim(ctx, (w.sentence.start, w.sentence.end), who, "paraphrase",
                                w.cue.span))
        w.seen += 1
        if who or w.seen >= 2 or sent.paragraph - w.sentence.paragraph > 1:
            waiting.remove(w)
            if not who:
                voice.append(w.sentence)
    return found


def _parts(ctx: SpeakerContext, sent: Sentence) -> list[Sentence]:
    """A sentence as the clauses that have different speakers: "X said A, while Y have
    accused B" is two claims; "A, X said, as B" leaves B in the writer's voice."""
    span = (sent.start, sent.end)
    # a speaker named by role only is someone too ("…, state television reported, the
    # clearest sign …"): a key of its own, so that its clause is cut like a named one's
    said = [(c, w) for c in verb_cues(ctx, span)
            if (w := resolve(ctx, c, sent.paragraph) or (f"role {c.span}" if c.role else None))]
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
        if tail and re.search(r",[^,;]{0,40}$", ctx.text[sent.start:cue.extra[0][0]]):
            cuts.append(tail.start() + 1)  # ", Moscow said, as government forces …"
    bounds = [sent.start, *sorted(cuts), sent.end]
    parts = []
    for a, b in pairwise(bounds):
        a += len(ctx.text[a:b]) - len(ctx.text[a:b].lstrip())
        if b > a:
            parts.append(Sentence(a, b, sent.paragraph))
    return parts


def _block_quote(ctx: SpeakerContext, prev: Span, para: Span, index: int) -> ClaimFinding | None:
    """A paragraph introduced by a line ending in a colon after a reporting cue."""
    if not ctx.text[prev[0]:prev[1]].rstrip().endswith(":"):
        return None
    last = [s for s in sentences(ctx.text) if prev[0] <= s.start and s.end <= prev[1]][-1:]
    if not last:
        return None
    cue, who = main_cue(sentence_cues(ctx, (last[0].start, last[0].end)), ctx, index)
    if not who:
        return None
    ctx.speaker, ctx.speaker_paragraph = who, index
    return _claim(ctx, para, who, "direct-quote", cue.span if cue else None)


def _lede_speaker_named_next(ctx: SpeakerContext, claims: list[ClaimFinding],
                             sents: Sequence[Sentence], lede: Sequence[int]) -> list[ClaimFinding]:
    """"Russia is moving its jets, a defence analyst told MPs. Giving evidence, Dr X
    said …": a report's first sentence gives its speaker's role, the next one the name.
    Only in the lede and only for one person by role ("a defence analyst"), never for
    anonymous sources ("officials", "a source")."""
    first = [s for s in sents if s.paragraph in lede][:1]
    nxt = [s for s in sents if first and s.start >= first[0].end][:1]
    if not first or not nxt:
        return claims
    role = re.compile(rf"an?\s+(?:[\w\-]+\s+)?(?:{ctx.rx['lede_role'].pattern})", re.I)
    by_role = [m for m in ctx.mentions if first[0].start <= m.start < first[0].end
               and ctx.types.get(m.entity_id) == "Collective"
               and role.fullmatch(ctx.text[m.start:m.end])]
    named = [c.claimant for c in claims if nxt[0].start <= c.span[0] < nxt[0].end
             and ctx.types.get(c.claimant or "") == "Person"]
    if not by_role or not named:
        return claims
    speaker, unnamed = named[0], by_role[0].entity_id
    return [replace(c, claimant=speaker)
            if c.claimant == unnamed and first[0].start <= c.span[0] < first[0].end else c
            for c in claims]


def _turn_claims(ctx: SpeakerContext, turn: tuple[str, Span], index: int,
                 sents: Sequence[Sentence]) -> list[ClaimFinding]:
    """A transcript turn is its speaker's words, but a sentence in it that reports someone
    else ("When X met Y, he admitted that …", "Z told us that …") is that someone's claim;
    the speaker's own sentences around it stay direct quotes of the speaker."""
    who, words = turn
    ctx.speaker, ctx.speaker_paragraph, ctx.speaker_until = who, index, words[0]
    runs: list[list[Span]] = [[]]
    claims: list[ClaimFinding] = []
    for s in [s for s in sents if words[0] < s.end and s.start < words[1]]:
        span = (max(s.start, words[0]), s.end)  # the first sentence without the label
        cue, other = main_cue(sentence_cues(ctx, span), ctx, index)
        if other and other != who and cue is not None and cue.claimant != who:
            claims.append(_claim(ctx, span, other, "paraphrase", cue.span))
            runs.append([])
        else:
            runs[-1].append(span)
        ctx.speaker = who
    for run in [r for r in runs if r]:
        span = (run[0][0], run[-1][1])
        if not is_question(ctx.text, span):
            claims.append(_claim(ctx, span, who, "direct-quote", None))
    ctx.speaker, ctx.speaker_paragraph, ctx.speaker_until = who, index, words[1]
    return claims


def _headline_claims(ctx: SpeakerContext, sents: list[Sentence],
                     claimed: set[Span]) -> list[ClaimFinding]:
    """"Tartus base to close, Kremlin says": a headline's claim when the headline names who
    says it; a headline without a speaker is nobody's (no writer's voice either)."""
    found: list[ClaimFinding] = []
    for s in [s for s in sents if s.paragraph == 0]:
        result = _process_sentence(ctx, s, sents, claimed)
        found += [c for c in result.claims if c.claimant and c.kind == "paraphrase"]
    ctx.speaker, ctx.speaker_paragraph, ctx.speaker_until = None, -10, -1  # the body starts anew
    return found


def _types(entities: Sequence[Entity]) -> dict[str, str]:
    return {e.id: e.type for e in entities}


def _document_voice(ctx: SpeakerContext, sent: Sentence, taken: list[Span]) -> ClaimFinding | None:
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
    ctx = SpeakerContext(text, mentions, _types(entities), cues, find_quotes(text),
                         compile_patterns(cues))
    furniture = _furniture(text, paras, cues, doc_language)
    max_heading = cues.get("headings", {}).get("max_words", 20)
    body = [i for i, p in enumerate(paras)
            if i not in furniture and not is_heading(text, p, max_heading)]
    sents = sentences(text)
    attributed: list[ClaimFinding] = []
    voice_candidates: list[Sentence] = []
    claimed: set[Span] = set()
    waiting: list[_Waiting] = []
    if paras and 0 not in body and 0 not in furniture:
        attributed += _headline_claims(ctx, sents, claimed)
    answers = interview_answers(text, paras, body, mentions, ctx.types, cues)
    turns = transcript_turns(text, paras, body, mentions, ctx.types)
    for i in body:
        if i in turns:  # "PETER HOLM: …": his words, unless he only asks
            attributed += _turn_claims(ctx, turns[i], i, sents)
            continue
        if i in answers:
            attributed.append(_claim(ctx, answer_words(text, paras[i]), answers[i],
                                     "direct-quote", None))
            continue
        block = _block_quote(ctx, paras[i - 1], paras[i], i) if i - 1 in body else None
        if block:
            attributed.append(block)
            continue
        para_sents = [s for s in sents if s.paragraph == i]
        for s in [part for whole in para_sents for part in _parts(ctx, whole)]:
            result = _process_sentence(ctx, s, sents, claimed)
            attributed += result.claims
            attributed += _settle(ctx, waiting, s, result, voice_candidates)
            if result.role_cue:
                waiting.append(_Waiting(s, result.role_cue))
            elif not result.attributed:
                voice_candidates.append(s)
    voice_candidates += [w.sentence for w in waiting]
    attributed = _lede_speaker_named_next(ctx, attributed, sents, body[:1])
    taken = [c.span for c in attributed]
    voice = [v for s in voice_candidates if (v := _document_voice(ctx, s, taken))]
    return sorted(attributed + voice, key=lambda c: (c.span, c.kind))
