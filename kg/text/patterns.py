"""Turning a surface form into a regular expression that survives typography.

Texts mix curly and straight apostrophes, hyphen variants and no-break spaces, and a
name at the start of a sentence gains a capital ("the Kremlin" / "The Kremlin").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

APOSTROPHES = "'\u2019"
HYPHENS = "-\u2010\u2011"
POSSESSIVE = re.compile(r"['\u2019]s(?!\w)|(?<=s)['\u2019](?!\w)")


def _char_pattern(index: int, ch: str) -> str:
    if ch in APOSTROPHES:
        return f"[{APOSTROPHES}]"
    if ch in HYPHENS:
        return f"[{HYPHENS}]"
    if ch.isspace():
        return r"\s+"
    if index == 0 and ch.islower():
        return f"[{ch}{ch.upper()}]"
    return re.escape(ch)


def surface_pattern(form: str) -> re.Pattern[str]:
    """A case-sensitive whole-word pattern for `form` (first letter may be capitalised)."""
    body = "".join(_char_pattern(i, ch) for i, ch in enumerate(form))
    return re.compile(rf"(?<!\w){body}(?!\w)")


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of phrases, longest first, spaces flexible."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def possessive_at(text: str, end: int) -> bool:
    """True when the word ending at `end` carries a possessive ('s, ’s, or a bare ’ after s)."""
    return POSSESSIVE.match(text, end) is not None
