"""Quotation spans: what a text puts between quotation marks.

Curly double quotes “ ” pair unambiguously (and a straight " after a word closes a
curly “, as texts that mix them mean it); curly single quotes share ’ with the
apostrophe ("didn’t", "leaders’"), so a ’ only closes a pending ‘ when it is not inside a
word; straight quotes " and ' open after a space or an opening bracket and close before
one. A quotation may run over several sentences; one still open at the end of its
paragraph ends there (multi-paragraph quotes reopen in the next paragraph). Nested
quotations (‘They tricked him’ inside “…”) are kept with their depth.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.text.sentences import Span, paragraphs

_PAIRS = {"“": "”", "‘": "’", "«": "»", "„": "“"}


@dataclass(frozen=True)
class Quote:
    """A quotation: `span` includes the marks, `inner` is the quoted text only."""

    span: Span
    inner: Span
    depth: int  # 0 for a top-level quotation, 1 inside another, …


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _straight_role(text: str, i: int, start: int, end: int) -> str:
    """'open', 'close' or '' for a straight quote at i, from the characters around it."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if _is_word(before) and _is_word(after):
        return ""  # an apostrophe: don't, Putin's
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else ""
    return "close"


def _closes_single(text: str, i: int, end: int) -> bool:
    """A ’ closes a quotation unless a letter follows it (an apostrophe inside a word)."""
    return not (i + 1 < end and _is_word(text[i + 1]))


_DOUBLE = frozenset({'"', "”"})


def _close_at(stack: list[tuple[str, int]], ch: str) -> int:
    """Index in the stack of the innermost quotation that ch closes, or -1. A straight and
    a curly double mark close each other's quotation: published texts mix them
    (“… where they were," Bogdanov added)."""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == ch:
            return k
    if ch in _DOUBLE:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] in _DOUBLE:
                return k
    return -1


def _role(text: str, i: int, start: int, end: int, stack: list[tuple[str, int]]) -> str:
    """What the mark at i does here: 'open', 'close' or '' (an apostrophe, a stray mark)."""
    ch = text[i]
    if ch in "\"'":
        role = _straight_role(text, i, start, end)
        if ch == '"' and any(q == '"' for q, _ in stack):
            return "close"
        if ch == '"' and role == "close" and _close_at(stack, ch) >= 0:
            return "close"  # “… ," with a straight closing mark
        if role == "close" and _close_at(stack, ch) < 0:
            return ""
        return role
    if _close_at(stack, ch) >= 0 and (ch != "’" or _closes_single(text, i, end)):
        return "close"
    return "open" if ch in _PAIRS else ""


def _scan_paragraph(text: str, start: int, end: int) -> list[Quote]:
    found: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (expected closing mark, position of opening mark)
    for i in range(start, end):
        role = _role(text, i, start, end, stack)
        if role == "close":
            k = _close_at(stack, text[i])
            for _, pos in stack[k + 1:]:  # inner quotations left open end here
                found.append(Quote((pos, i), (pos + 1, i), len(stack) - 1))
            pos = stack[k][1]
            del stack[k:]
            found.append(Quote((pos, i + 1), (pos + 1, i), k))
        elif role == "open":
            stack.append((_PAIRS.get(text[i], text[i]), i))
    while stack:  # still open at the end of the paragraph: the quote runs to its end
        _, pos = stack.pop()
        found.append(Quote((pos, end), (pos + 1, end), len(stack)))
    return found


def find_quotes(text: str) -> list[Quote]:
    """Every quotation of the text (any depth), in order of its opening mark."""
    quotes = [q for p in paragraphs(text) for q in _scan_paragraph(text, *p)]
    return sorted(quotes, key=lambda q: (q.span[0], -q.span[1]))


def top_level(quotes: list[Quote]) -> list[Quote]:
    """Quotations not inside another one."""
    return [q for q in quotes if q.depth == 0]


def word_count(text: str, span: Span) -> int:
    return len(text[span[0]:span[1]].split())
