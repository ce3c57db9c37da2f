"""What is refused before the engine sees a request, and the request-size limits.

pyoxigraph has no switch to turn `SERVICE` or `LOAD` off, no limit on nesting (its
recursive parser and evaluator take the whole process down on a few thousand nested
braces, or a thousand-step property path), and it reads `FROM` as it likes. So every
query and update is first read by the tokenizer in `tokens.py`, which is linear and
cannot crash, and is refused here with a 400 that says why.
"""

from __future__ import annotations

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


def inspect(text: str, allowed_services: tuple[str, ...], update: bool = False) -> Analysis:
    """Refuse what must never run; otherwise say what the operation asks of the dataset."""
    tokens = list(tokenize(text))
    _check_shape(tokens)
    return _check_words(tokens, allowed_services, update)


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
