"""The review graph: the candidate Wikidata items `kg link --suggest` proposed, with the
evidence for each, and the curator's rejections, for the review queue (/review) and the
entity pages.

It spans documents and is made anew by every build from two files of the corpus
(kg.wikidata.suggested), so a suggestion or a decision never redoes a document. Only
entities the build holds and has not linked get candidates: a suggestion left over for an
entity since accepted, renamed or gone names nothing. A candidate stays
`rskg:candidateWikidata` (no identity asserted); its evidence is one
`rskg:candidateEvidence` that names the QID, since one entity may have several.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.vocab import RSKG, WD
from kg.wikidata.suggested import Proposed, Rejected, is_rejected


def add_review(g: Graph, proposed: Iterable[Proposed], rejected: list[Rejected],
               open_entities: set[str]) -> None:
    """Candidates of the entities in `open_entities` (held, unlinked) not rejected; a note
    on each rejection of such an entity."""
    for p in proposed:
        if p.entity not in open_entities or is_rejected(rejected, p.entity, p.qid):
            continue
        node = URIRef(p.entity)
        g.add((node, RSKG.candidateWikidata, WD[p.qid]))
        said = f" ({p.label}: {p.description})" if p.description else f" ({p.label})"
        why = "; ".join(p.evidence) or "no evidence recorded"
        g.add((node, RSKG.candidateEvidence, Literal(
            f"{p.qid}{said if p.label else ''}, score {p.score}, suggested on "
            f"{p.suggested}: {why}")))
    for r in rejected:
        if r.entity not in open_entities:
            continue
        what = f"{r.qid} is not this entity" if r.qid else "no Wikidata item denotes this entity"
        note = f"; {r.note}" if r.note else ""
        g.add((URIRef(r.entity), SKOS.editorialNote, Literal(
            f"A curator decided on {r.decided} that {what} (kg link --reject){note}",
            lang="en")))
