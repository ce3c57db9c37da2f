"""A SPARQL tokenizer just precise enough to police queries before the engine sees them.

It never builds a syntax tree, so it cannot crash on deep nesting the way a recursive
parser does, and it costs microseconds. It only has to agree with the engine about the
few things the guard looks at: where strings, IRIs and comments are (so that a word in
them is not taken for a keyword), which words are keywords, and what an IRI or a
prefixed name denotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_PN_CHARS = r"\w\u00B7\u0300-\u036F\u203F-\u2040"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]++|{_UCHAR})*+>)
  | (?P<string>'''(?:'{{0,2}}(?:[^'\\]|\\.))*'''
               |\"\"\"(?:"{{0,2}}(?:[^"\\]|\\.))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'
               |"(?:[^"\\\r\n]|\\.)*")
  | (?P<var>[?$][{_PN_CHARS}]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF_][{_PN_CHARS}.\-]*)?:
               (?:[{_PN_CHARS}:%.\-]|{_LOCAL_ESC})*)
  | (?P<name>[A-Za-z_][{_PN_CHARS}\-]*)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|<<|>>|\{{\||\|\}}|.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    """One significant token. A tuple, not a dataclass: a query has dozens of them and
    a frozen dataclass costs a microsecond each to make."""

    kind: str  # iri | string | var | pname | name | op
    text: str
    start: int

    def is_keyword(self, *words: str) -> bool:
        return self.kind == "name" and self.text.upper() in words


_SKIPPED = frozenset({"ws", "comment"})


def tokenize(text: str) -> Iterator[Token]:
    """The significant tokens of `text` (whitespace and comments dropped).

    `finditer` walks the text in C: every position starts a match (`op` takes any
    single character), so its matches are the ones a loop of `match` calls would make,
    until a prefixed name gives its final dot back; the walk restarts at that dot."""
    pos = 0
    while True:
        for match in _TOKEN.finditer(text, pos):
            kind = match.lastgroup or "op"
            if kind in _SKIPPED:
                continue
            value = match.group()
            if kind == "pname" and value.endswith(".") and not value.endswith("\\."):
                # a prefixed name never ends with '.': that dot ends the triple
                value = value.rstrip(".")
                while value.endswith("\\"):
                    value += "."
                yield Token(kind, value, match.start())
                pos = match.start() + len(value)  # always shorter than the match
                break
            yield Token(kind, value, match.start())
        else:
            return


def unescape_iri(token: str) -> str:
    r"""The IRI an IRIREF token denotes: brackets dropped, \u and \U escapes decoded."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        body,
    )


def expand_pname(token: str, prefixes: dict[str, str]) -> str | None:
    """The IRI a prefixed name denotes, or None when its prefix is undeclared."""
    prefix, _, local = token.partition(":")
    base = prefixes.get(prefix)
    if base is None:
        return None
    return base + re.sub(r"\\(.)", r"\1", local)
