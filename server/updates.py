"""Applying the protocol's `using-graph-uri` / `using-named-graph-uri` to an update.

pyoxigraph's `Store.update` takes no dataset arguments, so the parameters are written
into the update itself: a `USING <g>` / `USING NAMED <g>` clause before the `WHERE` of
every DELETE/INSERT operation, which is exactly what the protocol says they mean. The
guard has already refused updates that carry their own USING or WITH.
"""

from __future__ import annotations

import pyoxigraph as ox

from server.errors import BadRequest
from server.tokens import tokenize


def with_using(text: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """`text` with the USING clauses; graph IRIs are validated so none can inject syntax."""
    for graph in (*default_graphs, *named_graphs):
        try:
            ox.NamedNode(graph)
        except ValueError as err:
            raise BadRequest(f"invalid graph IRI {graph!r}: {err}") from None
    clause = " ".join([*(f"USING <{g}>" for g in default_graphs),
                       *(f"USING NAMED <{g}>" for g in named_graphs)]) + " "
    cuts: list[int] = []
    depth = 0
    previous = ""
    for token in tokenize(text):
        if token.kind == "op" and token.text == "{":
            depth += 1
        elif token.kind == "op" and token.text == "}":
            depth -= 1
        elif depth == 0 and token.is_keyword("WHERE") and previous not in ("DELETE", "INSERT"):
            cuts.append(token.start)
        previous = token.text.upper() if token.kind == "name" else ""
    for at in reversed(cuts):
        text = text[:at] + clause + text[at:]
    return text
