"""Reporting cues in a sentence and the claimant each names: speech verbs ("said X",
"X writes"), "according to X", possessive frames ("In X's view"), speech acts ("X gave a
defence of"), and the venue where a claim first appeared ("in an essay for X")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.antecedents import definite_after, last_body, newcomer, role_after
from kg.extract.mentions import Mention
from kg.extract.speaker_context import SpeakerContext, claimant_mentions, in_quote
from kg.extract.speakers import (
    THE,
    role_subject,
    sentence_subject,
    subject_after,
    subject_before,
)
from kg.text.sentences import Span


@dataclass(frozen=True)
class Cue:
    """A reporting cue in a sentence and the claimant it names."""

    span: Span                  # the cue words: "writes", "according to", "In … view"
    claimant: str | None        # entity id, or None when it is anaphoric ("he", "this view")
    anaphoric: bool = False
    strong: bool = True         # False for a possessive frame ("In X’s view")
    extra: tuple[Span, ...] = ()   # other attribution words (claimant, frame) for counting
    addressee: str | None = None   # "told Meduza": the outlet
    role: str = ""              # "Person"/"MediaOutlet" for "Sudan's foreign minister said"



def _verb_takes_content(ctx: SpeakerContext, verb: str, end: int, sent: Span) -> bool:
    """A mental-state verb is a cue only before a clause: "believes that", not "believes in";
    a naming verb only before a quotation."""
    rep = ctx.cues.get("reporting", {})
    if verb.lower() in {v.lower() for v in rep.get("naming_verbs", [])}:  # "called it “…”"
        return re.match(r"[^“\".;]{1,90}[“\"]", ctx.text[end:sent[1]]) is not None
    if verb.lower() in {v.lower() for v in rep.get("platform_verbs", [])}:  # "posted on X that"
        return re.match(r"\s+on\s+(?:\w+\s+){1,4}?(?:that(?!\w)|\w+\s*:)", ctx.text[end:sent[1]],
                        re.I) is not None
    if verb.lower() not in {v.lower() for v in rep.get("clause_verbs", [])}:
        return True
    nxt = re.match(r"\s*([\w’']+)", ctx.text[end:sent[1]])
    blockers = {w.lower() for w in rep.get("clause_blockers", [])}
    return nxt is not None and nxt.group(1).lower() not in blockers


def verb_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    found = []
    for m in ctx.rx["verb"].finditer(ctx.text, *sent):
        if in_quote(ctx, m.span()) or not _verb_takes_content(ctx, m.group(1), m.end(), sent):
            continue
        passive = re.search(r"(?<!\w)(?:was|were|been|being|is|are)\s+$",
                            ctx.text[max(0, m.start() - 8):m.start()])
        spoken = m.group(1).lower() in ctx.cues.get("reporting", {}).get("passive_speech", [])
        agent = re.match(r"\s+by\s+", ctx.text[m.end():m.end() + 6]) if passive and spoken else None
        by = subject_after(ctx, m.end() + agent.end()) if agent else None
        if by is not None and by.end <= sent[1]:  # "The deal was announced by Minister X"
            found.append(Cue(m.span(), by.entity_id, False, True, ((by.start, by.end),)))
            continue
        if ctx.rx["asks"].match(ctx.text, m.start()) or passive or ctx.rx["asks"].search(
                ctx.text, sent[0], m.start()):
            continue  # "X asked whether (the navy had found …)", "was dismissed": no claim
        if ctx.rx["unsaid"].match(ctx.text, m.end()) or ctx.rx["not"].search(
                ctx.text, max(sent[0], m.start() - 20), m.start()):
            continue  # "Moscow has said nothing new", "did not say": no claim is made
        claimant, subj, anaphoric = subject_before(ctx, sent, m.start(), m.end())
        inverted = None if m.group(1).lower() in addressee_verbs(ctx) else subject_after(
            ctx, m.end())  # "X, told Caucasus Wire": the outlet listens
        if (subj is not None and inverted is not None and inverted.end <= sent[1]
                and re.fullmatch(r"\s*,\s*", ctx.text[subj[1]:m.start()])):
            claimant, subj, anaphoric = None, None, False  # "… west of Tal Tamr, said X": X
        if subj is not None and re.search(r"(?<!\w)than\s+(?:the\s+)?$",
                                          ctx.text[max(sent[0], subj[0] - 10):subj[0]]):
            continue  # "slower than officials admit": a comparison, not a claim of theirs
        if subj is None and ctx.rx["coordinated"].search(ctx.text, sent[0], m.start()):
            claimant, subj, anaphoric = sentence_subject(ctx, sent, m.start())
        role = role_subject(ctx, sent, m.start()) if subj is None else None
        if role:  # "Sudan's foreign minister said": the name may follow
            found.append(Cue(m.span(), None, False, True, (role[0],), None, role[1]))
            continue
        if subj is None and m.group(1).lower() in addressee_verbs(ctx):
            continue  # "…,” X, speaking through an interpreter, told Lavrov: Lavrov listens
        if subj is None:
            after = subject_after(ctx, m.end()) or role_after(ctx, m.end())
            if after is None or after.end > sent[1]:
                continue
            claimant, subj = after.entity_id, (after.start, after.end)
        found.append(Cue(m.span(), claimant, anaphoric, True, (subj,), _addressee(ctx, m)))
    return found


def addressee_verbs(ctx: SpeakerContext) -> set[str]:
    """Verbs whose object is who hears, not what is said ("told AFP")."""
    return {v.lower() for v in ctx.cues.get("reporting", {}).get("addressee_verbs", [])}


def _addressee(ctx: SpeakerContext, verb: re.Match[str]) -> str | None:
    if verb.group(1).lower() not in addressee_verbs(ctx):
        return None
    venue_types = set(ctx.cues.get("venue", {}).get("venue_types", []))
    for m in ctx.mentions:
        if m.start >= verb.end() and THE.fullmatch(ctx.text[verb.end():m.start]):
            return m.entity_id if ctx.types.get(m.entity_id) in venue_types else None
    return None


def _according_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    found = []
    for m in ctx.rx["according"].finditer(ctx.text, *sent):
        if in_quote(ctx, m.span()):
            continue
        who = subject_after(ctx, m.end()) or subject_after(ctx, m.end(), described=True)
        data = ctx.rx["data_by"].match(ctx.text, m.end())
        by = subject_after(ctx, data.end(), described=True) if data else None
        who = by or who  # "according to (AIS) data compiled by X": X, not the data's name
        if who is None:  # "According to the admiral", "according to the paper"
            who = role_after(ctx, m.end()) or definite_after(ctx, m.end())
        if who is not None:
            who_span = ((who.start, who.end),)
            found.append(Cue((m.start(), m.end(1)), who.entity_id, False, True, who_span))
        elif anaphor := ctx.rx["anaphor"].match(ctx.text, m.end()):
            end = anaphor.end()
            found.append(Cue((m.start(), m.end(1)), None, True, True, ((m.end(), end),)))
    return found


def _frame_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    """"In Baunov’s view": the owner of a possessive frame; "In his view": the last speaker."""
    found = []
    for m in claimant_mentions(ctx):
        if not (sent[0] <= m.start < sent[1]) or in_quote(ctx, (m.start, m.end)):
            continue
        before = ctx.rx["frame"].search(ctx.text, max(sent[0], m.start - 8), m.start)
        noun = ctx.rx["frame_noun"].match(ctx.text[m.end:sent[1]])
        if before and noun:
            span = (before.start(), m.end + noun.end())
            found.append(Cue(span, m.entity_id, False, False, (span,)))
    for p in ctx.rx["frame_pronoun"].finditer(ctx.text, *sent):
        if not in_quote(ctx, p.span()):  # "In his view, …": the speaker just named
            found.append(Cue(p.span(), None, True, False, (p.span(1),)))
    return found


def _act_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    """"Obama gave an eloquent defence of …": a speech act as a noun."""
    found = []
    for m in claimant_mentions(ctx):
        if not (sent[0] <= m.start < sent[1]):
            continue
        act = ctx.rx["act"].match(ctx.text[m.end:sent[1]])
        if act and not in_quote(ctx, (m.start, m.end)):
            lead = len(act.group(0)) - len(act.group(0).lstrip())
            found.append(Cue((m.end + lead, m.end + act.end()), m.entity_id, False, True,
                             ((m.start, m.end),)))
    return found


def _data_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    """"Flight data reviewed by X (, a research group,) show that …": X's finding."""
    subject = (ctx.rx["data_subject"].match(ctx.text, sent[0], sent[1])
               or ctx.rx["data_from"].match(ctx.text, sent[0], sent[1]))
    who = subject_after(ctx, subject.end(), described=True) if subject else None
    if subject is None or who is None or who.end > sent[1]:
        return []
    verb = ctx.rx["data_verb"].match(ctx.text, who.end, sent[1])
    if verb is None:
        return []
    return [Cue((subject.start(), verb.end()), who.entity_id, False, True, ((who.start, who.end),))]


def _participle_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    """"X has never admitted the losses, insisting that …": in a sentence with no other verb
    of speech, a participle after a comma says what the sentence's subject says."""
    found = []
    for m in ctx.rx["participle"].finditer(ctx.text, *sent):
        if in_quote(ctx, m.span()) or not re.search(r",\s*$", ctx.text[sent[0]:m.start()]):
            continue
        claimant, subj, anaphoric = sentence_subject(ctx, sent, m.start())
        if subj is not None:
            found.append(Cue(m.span(), claimant, anaphoric, True, (subj,)))
    return found


def sentence_cues(ctx: SpeakerContext, sent: Span) -> list[Cue]:
    """Every reporting cue of a sentence, in text order."""
    verbs = verb_cues(ctx, sent)
    cues = (verbs or _participle_cues(ctx, sent)) + _according_cues(ctx, sent) + _act_cues(
        ctx, sent)
    cues += _frame_cues(ctx, sent) + _data_cues(ctx, sent)
    return sorted(cues, key=lambda c: c.span)


# ----------------------------------------------------------------------------- venues
def _venue_mentions(ctx: SpeakerContext, start: int, limit: int) -> list[Mention]:
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


def find_venue(ctx: SpeakerContext, sent: Span) -> tuple[tuple[str, ...], Span] | None:
    """Where the sentence says the claim appeared: "in an essay for X and Y", "on X’s podcast"."""
    for m in ctx.rx["work"].finditer(ctx.text, *sent):
        venues = _venue_mentions(ctx, m.end(), sent[1])
        if venues and not in_quote(ctx, m.span()):
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



def resolve(ctx: SpeakerContext, cue: Cue, paragraph: int) -> str | None:
    if cue.claimant is not None or cue.role:
        return cue.claimant
    said_by = ctx.text[cue.extra[0][0]:cue.extra[0][1]] if cue.extra else ""
    pronoun = ctx.rx["pronoun"].fullmatch(said_by)
    opened = newcomer(ctx, cue.span[0]) if pronoun else None
    if opened:
        return opened
    if ctx.rx["document_anaphor"].fullmatch(said_by):  # "the statement said": who issued it
        issuer = last_body(ctx, cue.span[0], cue.span)
        if issuer:
            return issuer
    person = ctx.types.get(ctx.speaker or "") in ("Person", "Collective")
    if ctx.speaker and paragraph - ctx.speaker_paragraph <= 1 and (person or not pronoun):
        return ctx.speaker  # "he said" is never the ministry that spoke last
    return None


def _closes(ctx: SpeakerContext, cue: Cue) -> bool:
    """", residents and a source said (on Monday).": a speaker after a comma, then its verb
    and the end of the sentence."""
    if not cue.extra or cue.extra[0][1] > cue.span[0]:
        return False
    before = ctx.text[max(0, cue.extra[0][0] - 40):cue.extra[0][0]]
    after = ctx.text[cue.span[1]:cue.span[1] + 24]
    return re.search(r",\s*(?:[\w\-]+\s+){0,3}$", before) is not None and re.match(
        r"(?:\s+(?:on|in|last|this|earlier)\s+\w+)?\s*[.!?]", after) is not None


def _subordinate(ctx: SpeakerContext, cue: Cue) -> bool:
    """"since the group announced its exit": a cue inside a subordinate clause."""
    if not cue.extra:
        return False
    before = ctx.text[max(0, cue.extra[0][0] - 40):cue.extra[0][0]]
    return re.search(r"(?<!\w)(?:since|after|when|because|as|while|before|until|although|"
                     r"though|once|if|whereas)\s+(?:the\s+|a\s+|an\s+)?$", before, re.I) is not None


def main_cue(cues: list[Cue], ctx: SpeakerContext, paragraph: int) -> tuple[Cue | None, str | None]:
    """The cue naming the claimant: one that closes the sentence ("…, residents said.") before
    the others (what it closes is all theirs), a strong cue before a frame; frame owners
    become topics."""
    strong = [c for c in cues if c.strong]
    closing = [c for c in strong if _closes(ctx, c)]
    if not all(_subordinate(ctx, c) for c in strong if c not in closing):
        closing = []  # "X told Y that …, the presidency said": X's words, as the text has it
    for cue in closing + strong + [c for c in cues if not c.strong]:
        who = resolve(ctx, cue, paragraph)
        if who:
            return cue, who
    return None, None
