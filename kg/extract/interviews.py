"""Question-and-answer interviews and transcripts: the answers are the speaker's own words.

A text that introduces an interview ("spoke to X", "an interview with X": cues.toml
[interview]) and then alternates question paragraphs with answers gives no quotation
marks: each paragraph after a question, up to the next question, is a direct quote of the
person the introduction names right after its cue, or the one who spoke to the outlet
("She talked to the Herald"); an "A:" label is no part of the answer. An answer ends where a
paragraph names the interviewee in the third person ("X's scepticism is shared …") or
speaks of the interview ("This interview was conducted by …": [interview] notes): the
author speaks again.

A transcript labels each turn with its speaker ("PETER HOLM: …", "HOST (Lena Varga): …"):
when two paragraphs or more open with a label that names a person, each such paragraph
after its label is that person's direct quote (a turn that only asks claims nothing).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from kg.extract.mentions import Mention
from kg.text.patterns import alternation
from kg.text.sentences import Span, is_question


def _interviewee(text: str, intro: Span, mentions: Sequence[Mention],
                 types: Mapping[str, str], cues: Mapping[str, Any]) -> str | None:
    """The person right after the introduction's cue ("spoke to X")."""
    words = cues.get("interview", {}).get("introductions", [])
    if not words:
        return None
    cue = re.compile(rf"(?i)(?<!\w)(?:{alternation(words)})(?!\w)")
    people = [m for m in mentions if intro[0] <= m.start < intro[1]
              and types.get(m.entity_id) == "Person" and m.kind not in ("nested", "demonym")]
    for found in cue.finditer(text, *intro):
        after = [m for m in people if 0 <= m.start - found.end() <= 40]
        if after:
            return after[0].entity_id
        subject = _subject_of(text, found.start(), [m for m in people if m.end <= found.start()])
        if subject:
            return subject
    return None


def _subject_of(text: str, cue: int, before: Sequence[Mention]) -> str | None:
    """"X spoke to the Herald", "She talked to the Herald": the one who talks to an outlet
    is interviewed; "she" is the person the introduction named last."""
    if before and re.fullmatch(r"\s*", text[before[-1].end:cue]):
        return before[-1].entity_id
    if before and re.search(r"(?<!\w)(?:[Ss]he|[Hh]e)\s+$", text[max(0, cue - 8):cue]):
        return before[-1].entity_id
    return None


def _asks(text: str, para: Span) -> bool:
    """An interviewer's paragraph: one line that ends in a question, of up to three short
    sentences ("The navy signed a lease last year. What changed for the pilots?")."""
    chunk = text[para[0]:para[1]].strip()
    return (is_question(text, para) and "\n" not in chunk
            and len(re.findall(r"[.?!](?:\s|$)", chunk)) <= 3 and len(chunk.split()) <= 45)


def interview_answers(text: str, paras: Sequence[Span], body: Sequence[int],
                      mentions: Sequence[Mention], types: Mapping[str, str],
                      cues: Mapping[str, Any]) -> dict[int, str]:
    """Paragraph index -> interviewee id, for every answer paragraph of the text."""
    questions = [i for i in body if _asks(text, paras[i])]
    if len(questions) < 2:
        return {}
    who = _interviewee(text, (0, paras[questions[0]][0]), mentions, types, cues)
    if who is None:
        return {}
    words = cues.get("interview", {}).get("notes", [])
    notes = re.compile(rf"(?i)(?<!\w)(?:{alternation(words)})(?!\w)" if words else r"(?!x)x")
    answers: dict[int, str] = {}
    for q in questions:
        for i in [j for j in body if j > q]:
            if i in questions or notes.search(text, *paras[i]) or any(
                    m.entity_id == who and paras[i][0] <= m.start < paras[i][1]
                    for m in mentions):
                break
            answers[i] = who
    return answers


def answer_words(text: str, para: Span) -> Span:
    """An answer without its label ("A: Less than it was" -> "Less than it was")."""
    label = re.match(r"\s*A\s*[:.]\s+", text[para[0]:para[1]])
    return (para[0] + label.end(), para[1]) if label else para


_LABEL = re.compile(r"(?:[A-Z][A-Za-z.'\-]*(?:[ \u00a0][A-Z][A-Za-z.'\-]*){0,3})"
                    r"(?:\s*\([^()\n]{1,40}\))?:\s+")


def transcript_turns(text: str, paras: Sequence[Span], body: Sequence[int],
                     mentions: Sequence[Mention],
                     types: Mapping[str, str]) -> dict[int, tuple[str, Span]]:
    """Paragraph index -> (speaker id, the words after the label) for a transcript."""
    turns: dict[int, tuple[str, Span]] = {}
    for i in body:
        label = _LABEL.match(text, paras[i][0], paras[i][1])
        if not label:
            continue
        people = [m for m in mentions if label.start() <= m.start < label.end()
                  and types.get(m.entity_id) == "Person" and m.kind not in ("nested", "demonym")]
        if people:
            turns[i] = (people[-1].entity_id, (label.end(), paras[i][1]))
    return turns if len(turns) >= 2 else {}
