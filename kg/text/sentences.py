"""Paragraphs and sentences as character spans of the original text.

Claims are anchored by offsets, so the splitter never rewrites the text: it only finds
boundaries. Web texts put one paragraph per line (or a blank line between paragraphs),
use no-break spaces, curly quotes, headings without full stops and abbreviations such
as "U.S."; a quotation may run over several sentences, so sentences end inside quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

Span = tuple[int, int]

# Abbreviations whose full stop does not end a sentence (lower-cased, without the dot).
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "sen", "rep",
    "gov", "pres", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "cf", "no", "vol", "fig",
    "approx", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
})

_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A candidate boundary: terminal punctuation, optional closing quotes or brackets.
_END = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?:\[\d{{1,3}}\])?(?=\s)")  # "said.[4] Next"
_SENTENCE_FINAL = re.compile(rf"[.!?…:;][{re.escape(_CLOSERS)}]*\s*$")


@dataclass(frozen=True)
class Sentence:
    """A sentence span and the index of the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[Span]:
    """Every non-blank line, stripped: web texts keep one paragraph per line."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = _strip(text, pos, pos + len(line))
        if end > start:
            spans.append((start, end))
        pos += len(line)
    return spans


def _word_before(text: str, dot: int) -> str:
    m = re.search(r"([\w.]+)$", text[max(0, dot - 40):dot])  # abbreviations are short
    return m.group(1).lower() if m else ""


def _is_boundary(text: str, m: re.Match[str], end: int) -> bool:
    """A full stop ends a sentence unless it closes an abbreviation or a lower-case word follows."""
    punct = m.group(0)
    if punct.startswith(".") and len(punct.rstrip(_CLOSERS)) == 1:
        word = _word_before(text, m.start())
        if word in ABBREVIATIONS or re.fullmatch(r"(?:\w\.)+\w", word):
            return False
    nxt = re.match(r"\s*(\S)", text[m.end():end])
    if not nxt:
        return False
    ch = nxt.group(1)
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or not ch.isalpha()


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside text[start:end] (one paragraph)."""
    cuts = [(m.end(), m.end()) for m in _END.finditer(text, start, end)
            if _is_boundary(text, m, end)]
    return _pieces(text, start, end, cuts)


def sentences(text: str) -> list[Sentence]:
    """All sentences of the text, in order, with their paragraph index (every extractor
    asks for them; they are split once per text)."""
    return list(_sentences(text))


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(s, e, i)
        for i, (ps, pe) in enumerate(paragraphs(text))
        for s, e in split_sentences(text, ps, pe)
    )


def is_heading(text: str, span: Span, max_words: int = 20) -> bool:
    """A short paragraph without sentence-final punctuation: a title or section heading."""
    chunk = text[span[0]:span[1]]
    return not _SENTENCE_FINAL.search(chunk) and len(chunk.split()) <= max_words


def is_question(text: str, span: Span) -> bool:
    """A sentence that asks rather than asserts."""
    return text[span[0]:span[1]].rstrip(_CLOSERS + " ").endswith("?")


_CLAUSE_BREAK = re.compile(r"\s*(?:(?<!\d),|,(?!\d)|[;:()]|\s[–—-]\s|—)\s*")


def clauses(text: str, start: int, end: int) -> list[Span]:
    """Spans of text[start:end] between commas, semicolons, colons, dashes and brackets."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text, start, end)]
    return _pieces(text, start, end, cuts)


def _pieces(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[Span]:
    """The non-blank stripped pieces of text[start:end] between the cuts, each cut being
    (where the piece before it ends, where the next one starts)."""
    spans, cur = [], start
    for piece_end, next_start in [*cuts, (end, end)]:
        s, e = _strip(text, cur, piece_end)
        if e > s:
            spans.append((s, e))
        cur = next_start
    return spans


def containing(spans: list[Span], pos: int) -> Span | None:
    """The span that contains the position, if any."""
    return next((s for s in spans if s[0] <= pos < s[1]), None)
