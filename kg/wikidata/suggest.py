"""Reconciliation: candidate QIDs for unlinked resources, ranked, with the evidence.

A suggestion is a name match (ours against Wikidata's English label or aliases), found in
the cache or on an endpoint, adjusted by what else is known: the reference file already
naming the QID as a "likely" candidate, Wikidata's type agreeing or not (only "human",
wd:Q5, is checked: the one class that maps without doubt), the QID being linked to
another of our resources already. Nothing here writes a link: a curator decides
(kg.wikidata.decide).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.wikidata import normalise, terms
from kg.wikidata.cache import CachedItem
from kg.wikidata.client import EndpointError, SparqlClient
from kg.wikidata.links import Resource

NOTHING_LINKED = ("Nothing is linked until a curator who checked a candidate accepts it "
                  "(kg link --accept ENTITY QID, which writes the corpus's reference data; "
                  "kg link --reject ENTITY [QID] refuses one) and rebuilds.")
FORMS_PER_QUERY = 50
MAX_CANDIDATES = 5
REFERENCE_BONUS = 40
TYPE_AGREES, TYPE_DISAGREES, ALREADY_LINKED = 10, -20, -50


@dataclass(frozen=True)
class Candidate:
    qid: str
    score: int
    label: str
    description: str
    types: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    resource: Resource
    candidates: tuple[Candidate, ...]


@dataclass
class _Draft:
    """A candidate being assembled from several sources of evidence."""

    qid: str
    match: int = 0
    label: str = ""
    description: str = ""
    types: set[str] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)

    def add_match(self, score: int, why: str) -> None:
        self.match = max(self.match, score)
        if why not in self.evidence:
            self.evidence.append(why)


def match_score(r: Resource, theirs: str, alias: bool) -> tuple[int, str] | None:
    """How well one Wikidata name matches the resource's names, and why."""
    what = "an alias" if alias else "the label"
    if not alias and theirs == r.label:
        return 100, f"our label {r.label!r} is Wikidata's label"
    if normalise.matches([r.label], [theirs]):
        return (50 if alias else 80), f"our label {r.label!r} ~ {what} {theirs!r} on Wikidata"
    for ours in r.alt_labels:
        if normalise.matches([ours], [theirs]):
            return (30 if alias else 60), f"our alias {ours!r} ~ {what} {theirs!r} on Wikidata"
    return None


def _draft(drafts: dict[str, _Draft], qid: str) -> _Draft:
    return drafts.setdefault(qid, _Draft(qid))


def from_cache(r: Resource, cached: dict[str, CachedItem], drafts: dict[str, _Draft]) -> None:
    for item in cached.values():
        names = [(item.label, False)] * bool(item.label) + [(a, True) for a in item.alt_labels]
        for theirs, alias in names:
            found = match_score(r, theirs, alias)
            if found:
                d = _draft(drafts, item.qid)
                d.add_match(found[0], found[1] + f" (cache, taken {item.taken})")
                d.label, d.description = item.label, item.description
                d.types.update(f"wd:{terms.qid_of(t)}" for t in item.instance_of)


def search_query(forms: Iterable[str]) -> str:
    """Items whose English label or alias is exactly one of the forms (indexed on Wikidata)."""
    values = " ".join(json.dumps(f, ensure_ascii=False) + "@en" for f in forms)
    return terms.sparql_prefixes() + f"""
SELECT ?form ?item ?how ?label ?description ?type ?typeLabel WHERE {{
  VALUES ?form {{ {values} }}
  {{ ?item rdfs:label ?form . BIND("label" AS ?how) }}
  UNION {{ ?item skos:altLabel ?form . BIND("alias" AS ?how) }}
  FILTER(STRSTARTS(STR(?item), STR(wd:Q)))
  OPTIONAL {{ ?item rdfs:label ?label . FILTER(LANG(?label) = "en") }}
  OPTIONAL {{ ?item schema:description ?description . FILTER(LANG(?description) = "en") }}
  OPTIONAL {{ ?item wdt:P31 ?type .
             OPTIONAL {{ ?type rdfs:label ?typeLabel . FILTER(LANG(?typeLabel) = "en") }} }}
}} LIMIT 5000"""


def _value(row: dict, key: str) -> str:
    return row.get(key, {}).get("value", "")


def _absorb(row: dict, by_form: dict[str, list[Resource]],
            drafts: dict[str, dict[str, _Draft]], endpoint: str) -> None:
    qid = terms.qid_of(_value(row, "item"))
    if not qid:
        return
    form, alias = _value(row, "form"), _value(row, "how") == "alias"
    for r in by_form.get(form, []):
        found = match_score(r, form, alias)
        if found is None:
            continue
        d = _draft(drafts[r.iri], qid)
        d.add_match(found[0], f"{found[1]} ({endpoint})")
        d.label = d.label or _value(row, "label")
        d.description = d.description or _value(row, "description")
        if _value(row, "type"):
            label = _value(row, "typeLabel")
            d.types.add(f"wd:{terms.qid_of(_value(row, 'type'))}" + (f" ({label})" if label
                                                                     else ""))


def from_endpoint(resources: list[Resource], client: SparqlClient,
                  drafts: dict[str, dict[str, _Draft]],
                  progress: Callable[[int], None] | None = None) -> None:
    """Exact label/alias look-ups of every name of every resource, batched."""
    by_form: dict[str, list[Resource]] = {}
    for r in resources:
        for name in r.names:
            by_form.setdefault(name, []).append(r)
    forms = sorted(by_form)
    for i in range(0, len(forms), FORMS_PER_QUERY):
        batch = forms[i:i + FORMS_PER_QUERY]
        answer = client.select(search_query(batch))
        for row in answer.json.get("results", {}).get("bindings", []):
            _absorb(row, by_form, drafts, client.endpoint)
        if progress:
            progress(len(batch))


def _finish(r: Resource, d: _Draft, linked_to: dict[str, list[str]]) -> Candidate:
    score, evidence = d.match, list(d.evidence)
    if d.qid in r.candidates:
        score += REFERENCE_BONUS
        evidence.append("the reference file names it as a candidate (status likely)")
    is_human = any(t.startswith("wd:Q5 ") or t == "wd:Q5" for t in d.types)
    if d.types and (r.kind == "person") == is_human:
        score += TYPE_AGREES
        evidence.append("Wikidata's type agrees (human)" if is_human
                        else "not a human on Wikidata, nor ours")
    elif d.types:
        score += TYPE_DISAGREES
        evidence.append(f"type disagrees: ours is a {r.kind}, Wikidata's is "
                        f"{'human' if is_human else 'not human'}")
    others = [o for o in linked_to.get(d.qid, []) if o != r.short]
    if others:
        score += ALREADY_LINKED
        evidence.append(f"already owl:sameAs of {', '.join(others)}")
    return Candidate(d.qid, score, d.label, d.description, tuple(sorted(d.types)),
                     tuple(evidence))


def rank(r: Resource, drafts: dict[str, _Draft],
         linked_to: dict[str, list[str]]) -> tuple[Candidate, ...]:
    finished = [_finish(r, d, linked_to) for d in drafts.values()]
    for qid in r.candidates:  # a reference candidate no name matched still deserves a line
        if qid not in drafts:
            finished.append(Candidate(qid, REFERENCE_BONUS, "", "", (), (
                "the reference file names it as a candidate (status likely); "
                "no name match found",)))
    ordered = sorted(finished, key=lambda c: (-c.score, len(c.qid), c.qid))
    return tuple(ordered[:MAX_CANDIDATES])


def suggest(resources: list[Resource], cached: dict[str, CachedItem],
            client: SparqlClient | None = None,
            progress: Callable[[int], None] | None = None) -> tuple[list[Suggestion], str]:
    """Ranked candidates for every resource without owl:sameAs, and a note on the endpoint."""
    unlinked = [r for r in resources if not r.qids]
    linked_to: dict[str, list[str]] = {}
    for r in resources:
        for q in r.qids:
            linked_to.setdefault(q, []).append(r.short)
    drafts: dict[str, dict[str, _Draft]] = {r.iri: {} for r in unlinked}
    for r in unlinked:
        from_cache(r, cached, drafts[r.iri])
    note = "no endpoint asked (offline): suggestions from the cache only"
    if client is not None:
        try:
            from_endpoint(unlinked, client, drafts, progress)
            note = f"asked {client.endpoint}"
        except EndpointError as err:
            note = f"endpoint not usable, suggestions from the cache only: {err}"
    return [Suggestion(r, rank(r, drafts[r.iri], linked_to)) for r in unlinked], note


def tsv_row(r: Resource, c: Candidate) -> str:
    """The wikidata_links.tsv row a person could add: status "likely", since Wikidata
    itself is one source; "verified" needs a second, independent one."""
    note = f"suggested by kg link --suggest (score {c.score}): {'; '.join(c.evidence)}"
    return "\t".join([r.ref_id, r.label, r.kind, c.qid, "likely", "", "", "", note])
