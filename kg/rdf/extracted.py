"""Entities a document names that the reference data does not know, and the roles the
text gives people, in that document's graph.

An extracted entity is typed and labelled as the text writes it, marked
`rskg:reviewStatus "awaiting-review"` and `prov:wasDerivedFrom` its document, so a
curator can find it (`kg link --suggest`, ontology/queries/awaiting-review.rq) and nobody
mistakes it for curated data. Its IRI comes from its name (kg.extract.new_entities), so
two documents naming one person describe one resource.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS

from kg import vocab
from kg.extract.findings import RoleFinding
from kg.extract.mentions import Mention
from kg.rdf.reference import add_entity
from kg.rdf.terms import add_anchor, en
from kg.reference import Entity
from kg.sources import Document
from kg.vocab import OA, RSKG, SCHEMA

AWAITING_REVIEW = "awaiting-review"


def add_extracted_entities(g: Graph, d: Document, new: Sequence[Entity],
                           mentions: Sequence[Mention], ontology: Graph,
                           by_id: dict[str, Entity]) -> None:
    """Each extracted entity with its type, label, other forms in this text, review status."""
    forms: dict[str, set[str]] = {}
    for m in mentions:
        forms.setdefault(m.entity_id, set()).add(d.text[m.start:m.end])
    for e in new:
        node = vocab.entity(e.id, e.is_event)
        add_entity(g, e, ontology, by_id)
        for form in sorted(forms.get(e.id, set()) - {e.label}):
            g.add((node, SKOS.altLabel, en(form)))
        g.add((node, RSKG.reviewStatus, Literal(AWAITING_REVIEW)))
        g.add((node, PROV.wasDerivedFrom, vocab.doc(d.doc_id)))


def add_roles(g: Graph, d: Document, roles: Sequence[RoleFinding],
              by_id: dict[str, Entity]) -> None:
    """A person's role and affiliation as this document gives them, anchored where it does."""
    for r in roles:
        person = vocab.entity(r.entity_id)
        node = vocab.annotation(d.doc_id, "role", *r.span)
        g.add((node, RDF.type, OA.Annotation))
        g.add((node, RDF.type, RSKG.RoleStatement))
        g.add((node, OA.hasBody, person))
        g.add((node, OA.motivatedBy, OA.describing))
        g.add((node, SCHEMA.roleName, en(r.title)))
        g.add((person, SCHEMA.jobTitle, en(r.title)))
        if r.affiliation:
            org = vocab.entity(r.affiliation, by_id[r.affiliation].is_event)
            g.add((node, SCHEMA.affiliation, org))
            g.add((person, SCHEMA.affiliation, org))
        add_anchor(g, node, d, *r.span)
