"""Keys under which two spellings of one name meet: Hmeimim/Khmeimim, Tartous/Tartus,
al-Assad/el-Assad/Assad, Lattakia/Latakia.

`name_key` is for matching only (never shown): ASCII, lower case, Arabic article and
leading "the" dropped, and the letter groups that English transliterations of Arabic
and Russian write in several ways folded to one. `slug` makes an IRI-safe key of a label.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_ARTICLES = re.compile(r"^(?:the|al|el|ad|ed|as|es|ash|an|ar|at|az|ez|ul)$")
# Ordered: longer groups first. Each pair folds a spelling variant to one form.
_FOLDS = (("kh", "h"), ("q", "k"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
          ("ie", "i"), ("ey", "ei"), ("iy", "i"), ("yy", "y"), ("dh", "d"), ("th", "t"),
          ("ph", "f"), ("w", "v"), ("j", "dj"))
_DOUBLE = re.compile(r"([a-z])\1+")
_WORD = re.compile(r"[a-z0-9]+")


def _fold(word: str) -> str:
    for old, new in _FOLDS:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    return re.sub(r"eh$", "ah", word)


def name_key(name: str) -> str:
    """The spelling-insensitive key of a name; "" for a name of articles only."""
    words = _WORD.findall(anyascii(name).lower().replace("'", ""))
    kept = [w for w in words if not _ARTICLES.match(w)]
    return " ".join(_fold(w) for w in kept)


def slug(name: str) -> str:
    """A lower-case, hyphenated ASCII key of a label, for IRIs: "Amina Diallo" -> amina-diallo."""
    return "-".join(_WORD.findall(anyascii(name).lower().replace("'", ""))) or "name"
