"""Label comparison that forgives what is not a difference of meaning.

Case, accents, curly vs straight apostrophes, hyphens vs spaces, punctuation and a
leading "the" differ between our labels and Wikidata's without naming another thing;
a parenthetical gloss ("Islamic State (ISIS/ISIL)") is compared both with and without.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_NOT_WORD = re.compile(r"[^\w]+")
_LEADING_THE = re.compile(r"^the ")


def normalise(label: str) -> str:
    """Lower-case, accent-free, punctuation-free words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", label)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", bare.replace("’", "").replace("'", "").casefold())
    return _LEADING_THE.sub("", words.strip())


def variants(label: str) -> set[str]:
    """The normalised forms a label may match under: whole, and without parentheticals."""
    forms = {normalise(label), normalise(_PARENTHETICAL.sub("", label))}
    return {f for f in forms if f}


def all_variants(labels: Iterable[str]) -> set[str]:
    return {v for label in labels for v in variants(label)}


def matches(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """True when any of our labels and any of theirs are the same name once normalised."""
    return bool(all_variants(ours) & all_variants(theirs))
