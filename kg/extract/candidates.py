"""Names that look like proper nouns but match no known entity.

They are reported by the build (never silently dropped) so that a person can add them
to the reference data. A capitalised word at the start of a sentence is only a candidate
when the same word is also capitalised mid-sentence somewhere in the text: otherwise it
is most likely an ordinary word that happens to open a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.mentions import Mention

# A word; a hyphen joins only a capitalised part ("Russia-West", not "Russian-language").
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019]|[-\u2010\u2011](?=\w)(?![a-z\u00df-\u00ff])|\.(?=\w))*")
_SENTENCE_END = ".!?:\n"
_OPENERS = " \t\u00a0\"'“‘«([\u2014"
_CLOSERS = ")]\"'”’»"
_GAP = re.compile(r"[ \u00a0](?:&[ \u00a0])?")  # "Tanker & Trade" is one name
_DATELINE = re.compile(r"(?:^|\n)[A-Z][A-Z .\-']+\s+[\u2014\u2013-]+\s+$")
_CONTRACTION = re.compile(r"['\u2019](?:s|m|re|ve|ll|d)?$")


@dataclass(frozen=True, order=True)
class Candidate:
    """A capitalised span that no reference entity covers."""

    start: int
    end: int
    text: str


def _masked(text: str, mentions: Sequence[Mention]) -> str:
    chars = list(text)
    for m in mentions:
        chars[m.start : m.end] = "\0" * (m.end - m.start)
    return "".join(chars)


def sentence_initial(text: str, start: int) -> bool:
    """True at the start of a text, line or sentence, looking past quotes and brackets."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if _DATELINE.search(text, max(0, start - 40), start):
        return True  # "DAMASCUS — Two Russian frigates …": the story starts after the dateline
    while i >= 0 and text[i] in _CLOSERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _clean(word: str) -> str:
    """The word without a trailing possessive or contraction."""
    return _CONTRACTION.sub("", word)


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _capitalised(word: str, particles: frozenset[str]) -> bool:
    """A capitalised word, or a particle joined to one ("al-Sham", "el-Sisi")."""
    head, _, rest = word.replace("\u2010", "-").replace("\u2011", "-").partition("-")
    return word[0].isupper() or (head in particles and rest[:1].isupper())


def _runs(
    text: str, connectors: frozenset[str], particles: frozenset[str] = frozenset()
) -> list[list[re.Match[str]]]:
    """Maximal sequences of capitalised words, allowing lower-case connectors inside."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []
    for m in _WORD.finditer(text):
        gap = text[(pending or current)[-1].end() : m.start()] if current else "x"
        adjacent = bool(current) and _GAP.fullmatch(gap) is not None
        capitalised = _capitalised(m.group(), particles)
        if capitalised and adjacent:
            current += [*pending, m]
        elif m.group() in connectors and adjacent:
            pending.append(m)
            continue
        else:
            if current:
                runs.append(current)
            current = [m] if capitalised else []
        pending = []
    if current:
        runs.append(current)
    return runs


def _keep(
    text: str, run: list[re.Match[str]], mid_caps: set[str], stop: frozenset[str]
) -> list[re.Match[str]]:
    """The run without stop words at its ends; a lone sentence-opening word is dropped."""
    while run and (_clean(run[0].group()) in stop or re.fullmatch(r"[a-z]+", run[0].group())):
        run = run[1:]  # "Since the Kestrel": neither "Since" nor "the" is the name
    while run and (_clean(run[-1].group()) in stop or re.fullmatch(r"[a-z]+", run[-1].group())):
        run = run[:-1]  # "Tartous on Tuesday": neither the weekday nor the "on" is the name
    if len(run) == 1:
        word = _clean(run[0].group())
        opening = sentence_initial(text, run[0].start())
        lowered = word[:1].lower() + word[1:]  # "Al-Sharaa" opening a sentence, "al-Sharaa" inside
        if opening and word not in mid_caps and lowered not in mid_caps and not _is_acronym(word):
            return []
    return run


def find_candidates(
    text: str,
    mentions: Sequence[Mention],
    not_names: Sequence[str] = (),
    connectors: Sequence[str] = (),
    known_forms: Sequence[str] = (),
    particles: Sequence[str] = (),
) -> list[Candidate]:
    """Proper-noun-like spans outside every mention, in text order.

    A span equal to a known surface form (a demonym blocked in this context, say) is
    not an unknown name, so `known_forms` are skipped.
    """
    masked = _masked(text, mentions)
    runs = _runs(masked, frozenset(connectors), frozenset(particles))
    mid_caps = {
        _clean(r[0].group()) for r in runs if not sentence_initial(masked, r[0].start())
    } | {_clean(m.group()) for r in runs for m in r[1:]}
    known = frozenset(known_forms)
    found = []
    for run in runs:
        kept = _keep(masked, run, mid_caps, frozenset(not_names))
        if kept:
            start, end = kept[0].start(), kept[-1].end()
            span = _clean(text[start:end])
            if span not in known and len(span) > 1:
                found.append(Candidate(start, start + len(span), span))
    return found
