"""A synthetic graph shaped like ours: the real build's document graphs, multiplied.

Every document graph of a built store (`graph/doc/{docid}`: the document, its author,
mentions, claims, event and date annotations, quantities) is copied N times under a
fresh document id (`{docid}-s0001`, ...), so every IRI minted from the document (the
graph, the document, its mentions, claims, ...) is new. In each copy the free texts are
shifted (the document text, headlines, labels and claim texts get a copy suffix; the
text stays a prefix, so every `oa:exact` is still `schema:text[start:end]`) and the
dates are moved by a few years, so text filters and date ranges select different
documents. The shared graphs (ontology, reference, provenance) are written once.

    .venv/bin/python bench/synth.py --store kg-store --documents 2000 -o synth.nq

The output is N-Quads, which both servers then load (bench/run.py loads it once with
`oxigraph load` into a store laid out like `kg build`'s, and both serve that directory).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.store import open_read_only, require_current_build

DOC_GRAPH = "https://w3id.org/rskg/graph/doc/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SHIFTED_TEXT = {  # predicates whose literal is free text safe to extend
    "https://schema.org/text", "https://schema.org/headline",
    "http://www.w3.org/2000/01/rdf-schema#label",
}
_DATE = re.compile(r'"(\d{4})((?:-\d\d){0,2})"\^\^<' + re.escape(XSD) + r"(date|gYear|gYearMonth)>")
_TEXT = re.compile(r'^(<[^>]*> <([^>]*)> "(?:[^"\\]|\\.)*)(".*)$')


def doc_graphs(store_dir: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The N-Quads lines of each document graph, by doc id, and those of the rest."""
    store = open_read_only(require_current_build(store_dir))
    docs: dict[str, list[str]] = {}
    shared: list[str] = []
    for graph in store.named_graphs():
        lines = _lines(store, graph)
        iri = graph.value if isinstance(graph, ox.NamedNode) else ""
        if iri.startswith(DOC_GRAPH):
            docs[iri[len(DOC_GRAPH):]] = lines
        else:
            shared.extend(lines)
    return docs, shared


def _lines(store: ox.Store, graph: ox.NamedNode | ox.BlankNode) -> list[str]:
    data = ox.serialize(store.quads_for_pattern(None, None, None, graph),
                        format=ox.RdfFormat.N_QUADS) or b""
    return data.decode("utf-8").splitlines()


class DocTemplate:
    """One document graph, split into the bulk (only the doc id changes) and the lines
    whose texts or dates change from copy to copy."""

    def __init__(self, doc_id: str, lines: list[str]) -> None:
        self.doc_id = doc_id
        bulk, special = [], []
        for line in lines:
            (special if _DATE.search(line) or self._text_predicate(line) else bulk).append(line)
        self.bulk = "\n".join(bulk) + "\n"
        self.special = special

    @staticmethod
    def _text_predicate(line: str) -> bool:
        match = _TEXT.match(line)
        return bool(match and match.group(2) in SHIFTED_TEXT)

    def copy(self, n: int) -> str:
        new_id = f"{self.doc_id}-s{n:04d}"
        years = (n % 9) - 4  # -4 .. +4
        out = [self.bulk.replace(f"/doc/{self.doc_id}", f"/doc/{new_id}")]
        for line in self.special:
            line = line.replace(f"/doc/{self.doc_id}", f"/doc/{new_id}")
            if years:
                line = _DATE.sub(lambda m: _shift(m, years), line)
            match = _TEXT.match(line)
            if match and match.group(2) in SHIFTED_TEXT:
                line = f"{match.group(1)} (synthetic copy {n}){match.group(3)}"
            out.append(line + "\n")
        return "".join(out)


def _shift(match: re.Match[str], years: int) -> str:
    year, rest, kind = int(match.group(1)) + years, match.group(2), match.group(3)
    if rest == "-02-29":
        rest = "-02-28"
    return f'"{year:04d}{rest}"^^<{XSD}{kind}>'


def generate(store_dir: Path, documents: int) -> Iterator[str]:
    """N-Quads text, a document graph at a time, `documents` document graphs in all."""
    docs, shared = doc_graphs(store_dir)
    if not docs:
        raise SystemExit(f"no document graphs in {store_dir}")
    yield "\n".join(shared) + "\n"
    templates = [DocTemplate(doc_id, lines) for doc_id, lines in sorted(docs.items())]
    for n in range(documents):
        template = templates[n % len(templates)]
        yield template.copy(n // len(templates) + 1)


def write(store_dir: Path, documents: int, output: Path) -> int:
    """Write the synthetic N-Quads to `output`; the number of lines written."""
    count = 0
    with output.open("w", encoding="utf-8") as out:
        for chunk in generate(store_dir, documents):
            out.write(chunk)
            count += chunk.count("\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("kg-store"))
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    lines = write(args.store, args.documents, args.output)
    print(f"wrote {args.output}: {args.documents} documents, {lines} quads")


if __name__ == "__main__":
    main()
