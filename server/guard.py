"""What is refused before the engine sees a request, and the request-size limits.

pyoxigraph has no switch to turn `SERVICE` or `LOAD` off, no limit on nesting (its
recursive parser and evaluator take the whole process down on a few thousand nested
braces, or a thousand-step property path), and it reads `FROM` as it likes. So every
query and update is first read by the tokenizer in `tokens.py`, which is linear and
cannot crash, and is refused here with a 400 that says why.

Most queries have nothing to police: no SERVICE, LOAD or FROM anywhere in their text,
and too few brackets and operators to reach a limit. `_screen` recognises those from
the raw text with a few C-speed string scans and reads their prologue (prefixes and
query form) with one regular expression, instead of tokenizing the whole query (the
tokenizer was half of an uncached point lookup's Python time). It only ever says "the
tokenizer would find nothing to refuse, and this is what it would report"; anything it
is unsure of (a keyword's letters anywhere, even in an IRI; non-ASCII text; escapes;
RDF-star brackets) goes to the tokenizer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from server.errors import Refused, UriTooLong
from server.tokens import Token, expand_pname, tokenize, unescape_iri

MAX_NESTING = 100  # brackets of any kind; the engine dies near 2,200 braces
MAX_OPERATORS = 300  # chained operators; a 1,000-step path sequence kills the engine
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_OPEN = {"{": "}", "(": ")", "[": "]", "<<": ">>", "{|": "|}"}
_CLOSE = frozenset(_OPEN.values())
_CHAIN = frozenset({"/", "|", "^", "&&", "||", "+", "-", "*", "!", "=", "!=", "<", ">",
                    "<=", ">="})
_VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
_CHAIN_WORDS = ("UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "VALUES")
# Letters whose presence anywhere sends a query to the tokenizer: the words the guard acts
# on (SERVICE, LOAD, FROM, the volatile functions; STRUUID contains "uuid").
_WATCHED = ("service", "load", "from", "now", "rand", "uuid", "bnode")
_OPERATOR_CHARS = "/|^&+-*!=<>"
_BRACKET_CHARS = "{(["
_IRI = r"<([^<>\"{}|^`\\\x00-\x20]*)>"
_PROLOGUE_ITEM = re.compile(
    rf"\s*(?:\#[^\n]*\n|(PREFIX)\s+([A-Za-z][\w.\-]*)?:\s*{_IRI}|BASE\s*{_IRI})", re.I)
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:\-])", re.I)


@dataclass
class Analysis:
    """What the guard learned about an operation that it let through."""

    has_from: bool = False  # FROM / FROM NAMED: the query names its own dataset
    has_using: bool = False  # USING / USING NAMED / WITH in an update
    services: list[str] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)  # for Turtle output
    form: str | None = None  # SELECT | ASK | CONSTRUCT | DESCRIBE, for early negotiation
    volatile: bool = False  # NOW(), RAND(), UUID()...: the answer changes between runs

    @property
    def cacheable(self) -> bool:
        """Whether the answer is a function of the query and the data alone."""
        return not self.services and not self.volatile


def check_get_length(target_length: int, cap: int) -> None:
    if target_length > cap:
        raise UriTooLong(
            f"request target of {target_length} bytes is over this server's limit of "
            f"{cap} bytes for GET: send the query with POST instead (form-encoded, or "
            "Content-Type: application/sparql-query)"
        )


def inspect(text: str, allowed_services: tuple[str, ...], update: bool = False,
            screen: bool = True) -> Analysis:
    """Refuse what must never run; otherwise say what the operation asks of the dataset.

    `screen=False` always tokenizes (the tests compare the two)."""
    screened = _screen(text) if screen and not update else None
    if screened is not None:
        return screened
    tokens = list(tokenize(text))
    _check_shape(tokens)
    return _check_words(tokens, allowed_services, update)


def _screen(text: str) -> Analysis | None:
    """The tokenizer's verdict on a query with nothing to police, or None (see above).

    The prologue (comments, PREFIX and BASE declarations) holds no keyword, bracket or
    operator token, so only the text after it is scanned."""
    if not text.isascii() or "\\" in text or "<<" in text or "{|" in text:
        return None
    found, body_start = _prologue(text)
    if found is None:
        return None
    body = text[body_start:]
    lower = body.lower()
    if any(word in lower for word in _WATCHED):
        return None
    if sum(body.count(c) for c in _BRACKET_CHARS) > MAX_NESTING:
        return None
    chained = sum(body.count(c) for c in _OPERATOR_CHARS)
    chained += sum(lower.count(w.lower()) for w in _CHAIN_WORDS)
    return found if chained <= MAX_OPERATORS else None


def _prologue(text: str) -> tuple[Analysis | None, int]:
    """Prefixes and query form, when the query is a plain prologue and then its form;
    and where the form keyword starts."""
    found = Analysis()
    pos = 0
    while (item := _PROLOGUE_ITEM.match(text, pos)) is not None:
        if item.group(1):
            found.prefixes[item.group(2) or ""] = item.group(3)
        pos = item.end()
    form = _FORM.match(text, pos)
    if form is None:
        return None, pos
    found.form = form.group(1).upper()
    return found, pos


def _check_shape(tokens: list[Token]) -> None:
    depth = 0
    operators = 0
    for token in tokens:
        if token.kind == "op":
            if token.text in _OPEN:
                depth += 1
                if depth > MAX_NESTING:
                    raise Refused(
                        f"query nests brackets more than {MAX_NESTING} deep "
                        f"(at character {token.start}): flatten it"
                    )
            elif token.text in _CLOSE:
                depth = max(0, depth - 1)
            elif token.text in _CHAIN:
                operators += 1
        elif token.is_keyword(*_CHAIN_WORDS):
            operators += 1
        if operators > MAX_OPERATORS:
            raise Refused(
                f"query chains more than {MAX_OPERATORS} operators (paths, UNION, "
                "OPTIONAL, FILTER and expression operators): split it"
            )


def _check_words(tokens: list[Token], allowed: tuple[str, ...], update: bool) -> Analysis:
    found = Analysis()
    prefixes = found.prefixes
    for i, token in enumerate(tokens):
        if token.kind != "name":
            continue
        word = token.text.upper()
        if word == "PREFIX":
            _declare(tokens, i, prefixes)
        elif word == "LOAD":
            raise Refused("LOAD is refused: this server never fetches or reads on a "
                          "client's behalf")
        elif word == "SERVICE":
            found.services.append(_service_iri(tokens, i, prefixes, allowed))
        elif word in _FORMS and found.form is None and not update:
            found.form = word
        elif word == "FROM":
            found.has_from = True
        elif word in _VOLATILE:
            found.volatile = True
        elif update and word in ("USING", "WITH"):
            found.has_using = True
    return found


def _declare(tokens: list[Token], i: int, prefixes: dict[str, str]) -> None:
    """Record `PREFIX p: <iri>` so SERVICE p:x is read as the engine will read it."""
    if i + 2 < len(tokens) and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
        name = tokens[i + 1].text.partition(":")[0]
        prefixes[name] = unescape_iri(tokens[i + 2].text)


def _service_iri(tokens: list[Token], i: int, prefixes: dict[str, str],
                 allowed: tuple[str, ...]) -> str:
    j = i + 1
    if j < len(tokens) and tokens[j].is_keyword("SILENT"):
        j += 1
    target = tokens[j] if j < len(tokens) else None
    iri = None
    if target is not None and target.kind == "iri":
        iri = unescape_iri(target.text)
    elif target is not None and target.kind == "pname":
        iri = expand_pname(target.text, prefixes)
    if iri is None or iri not in allowed:
        shown = iri or (target.text if target else "nothing")
        permitted = ", ".join(f"<{a}>" for a in allowed) or "none (federation is disabled)"
        raise Refused(f"SERVICE {shown} is refused: the allowed SERVICE endpoints are "
                      f"{permitted}")
    return iri
