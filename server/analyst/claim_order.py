"""The claims explorer's pages sorted by claimant, source or kind (then date), within the
page budget on a large corpus.

One query that sorts every claim by a label is correct but slow on Oxigraph: ORDER BY a
string decodes it per comparison (23 s for 71,500 claims), and even a short inline key
costs a join of every claim with its key (1.4 s for the kind). So a page is read in two
steps: first how many claims of the filtered set each key has (a GROUP BY, no sort; with
no filter, the key's own pattern), put in order in Python by the key's precomputed rank
(its label in lower case, then its IRI: computed once per build, like the filter menus);
then the page's rows, from only the keys near it (a block of about 5,000 claims: see
`blocks`), sorted by rank and date in the engine. A claim with two claimants is listed
under each (so the groups may hold more rows than there are claims: the page's total is
then counted apart; for a source or a kind the counts add up to it). The plain one-query
equivalent is linked from the page ("the same order in one query") and the browser test
checks that both give the same order.

The keys and their patterns are data (queries/claim-keys.toml); the query shapes are in
queries/claims-*.rq.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from server.analyst import graph, web
from server.analyst.graph import literal, ref

BLOCK = 5000  # claims a page query sorts at least (more when one key has more)


@dataclass(frozen=True)
class Key:
    """A sort key of claims: the pattern that gives it, on the claim or its document."""

    name: str
    pattern: str
    level: str
    labelled: bool
    single: bool

    @property
    def subquery(self) -> str:
        return f"{{ SELECT ?{self.level} ?key WHERE {{ {self.pattern} }} }}"

    def term(self, value: str) -> str:
        return ref(value) if self.labelled else literal(value)


@cache
def keys() -> dict[str, Key]:
    return {name: Key(name, **spec) for name, spec in graph.table("claim-keys").items()}


def ranks(key: Key) -> dict[str, int]:
    """Every value of the key in the corpus with its place in ascending order, once per
    build: labels of a thousand claimants cost 0.2 s, too much for every request."""
    def compute() -> dict[str, int]:
        every = graph.select(graph.bind(graph.text("claims-groups-all"),
                                        {"$key": _all_pattern(key)}))
        values = [r["key"] for r in every]
        if not key.labelled:
            return {v: i for i, v in enumerate(sorted(values))}
        label = {r["key"]: r["label"] for r in graph.select(graph.bind(
            graph.text("claims-key-labels"), {"$keys": " ".join(ref(v) for v in values)}))}
        ordered = sorted(values, key=lambda v: (str(label.get(v, v)).lower(), v))
        return {v: i for i, v in enumerate(ordered)}
    return graph.per_build(f"claim ranks {key.name}", compute)  # type: ignore[no-any-return]


def several(key: Key) -> bool:
    """Whether some claim has two values of the key (two claimants), once per build: while
    none has, the counts per key add up to the number of claims, as for a single key."""
    def compute() -> bool:
        text = graph.bind(graph.text("claims-with-several-keys"), {"$key": key.pattern})
        return bool(graph.select(text))
    return graph.per_build(f"claims with several {key.name}s", compute)  # type: ignore[no-any-return]


def _all_pattern(key: Key) -> str:
    if key.level == "doc":  # the claims with their documents, and the documents' keys
        return f"{graph.table('claims-filters')['claims']} {key.subquery}"
    return key.pattern


def page(key: Key, core: str, counted: str, filtered: bool, descending: bool, at: web.Pager
         ) -> tuple[list[graph.Row], int | None, list[web.Query]]:
    """The page's claims in the key's order, then by date (?claim ?key ?notBefore, size+1
    at most), how many claims match when the counts say so (no claim has two values of
    the key: always for a single-valued key, and while no claim has two claimants), and
    the queries that found them. `core`: the filtered claims with their documents' dates;
    `counted`: the same claims, with no more than the counts need."""
    groups_text = (graph.bind(graph.text("claims-groups"), {"$core": counted, "$key": key.subquery})
                   if filtered else
                   graph.bind(graph.text("claims-groups-all"), {"$key": _all_pattern(key)}))
    queries = [web.Query(f"claims per {key.name}", groups_text),
               same_order(key, core, descending)]
    read: list[web.Query] = []
    rank = ranks(key)
    counts = sorted(((rank.get(r["key"], len(rank)), r["key"], r["claims"])
                     for r in graph.select(groups_text)), reverse=descending)
    total = sum(n for _, _, n in counts) if key.single or not several(key) else None
    found: list[graph.Row] = []
    end = at.offset + at.size + 1
    for start, stop, chosen in blocks(counts):
        if stop <= at.offset or start >= end:
            continue
        first = max(at.offset, start)
        values = " ".join(f"({key.term(v)} {r})" for r, v in chosen)
        block_q = web.Query(f"claims on this page (from a block of {len(chosen)} {key.name}s)",
                            graph.bind(graph.text("claims-page-by-key"), {
            "$core": core, "$level": f"?{key.level}", "$values": values,
            "$pattern": key.pattern, "$order": "DESC(?rank)" if descending else "?rank",
            "$limit": str(min(end, stop) - first), "$offset": str(first - start)}))
        read.append(block_q)
        found += graph.select(block_q.text)
    return found, total, read + queries


def blocks(counts: list[tuple[int, str, int]]) -> list[tuple[int, int, list[tuple[int, str]]]]:
    """The keys in order, cut into blocks of about BLOCK claims: (first row, row after the
    last, [(rank, key)]). A page reads its rows from the one or two blocks it overlaps, and
    a block's query is the same whichever page asks (only LIMIT and OFFSET change), so the
    claims of one key and date come in the same order on every page: no claim is shown
    twice or skipped where a key runs over two pages."""
    cut: list[tuple[int, int, list[tuple[int, str]]]] = []
    start = 0
    for r, value, n in counts:
        if not cut or start - cut[-1][0] >= BLOCK:
            cut.append((start, start, []))
        first, _, keys = cut[-1]
        keys.append((r, value))
        start += n
        cut[-1] = (first, start, keys)
    return cut


def same_order(key: Key, core: str, descending: bool) -> web.Query:
    return web.Query("the same order in one query (slow on a large corpus)", graph.bind(
        graph.text("claims-same-order"),
        {"$core": core, "$key": key.subquery, "$direction": "DESC" if descending else ""}))
