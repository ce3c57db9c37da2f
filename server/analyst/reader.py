"""The document reader, /doc/{docid}: the full text with every mention, claim, event and
quantity highlighted by kind, filters by kind and entity, and the document's metadata
at the precision the graph gives it.

Highlights are drawn from the annotations' TextPositionSelectors (code points, end
exclusive), as segments between consecutive boundaries: a segment lists every
annotation that covers it, so nested and overlapping anchors stay exact. Quantities
carry no selector in the graph; their offsets are read from their IRIs
(`…/quantity/{start}-{end}`, docs/graph-model.md).
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
from dataclasses import asdict, dataclass, field

from flask import Blueprint, Response, abort, request
from markupsafe import Markup, escape

from server.analyst import graph, web
from server.analyst.graph import ID, ref

KINDS = ("mention", "event", "claim", "quantity")
_QUANTITY = re.compile(r"/quantity/(\d+)-(\d+)$")

@dataclass
class Annotation:
    id: str  # the HTML id, from the annotation's IRI: stable, bookmarkable
    iri: str
    kind: str
    start: int
    end: int
    exact: str
    body: str
    label: str
    detail: str = ""
    about: list[str] = field(default_factory=list)


def routes(bp: Blueprint) -> None:
    @bp.get("/doc/<docid>")
    def document(docid: str) -> Response | str:
        return _page(docid)


def _page(docid: str) -> Response | str:
    if not graph.LOCAL.fullmatch(docid) or "/" in docid:
        abort(404, f"no document {docid!r}: a document id is the seed file's stem")
    doc = f"{ID}doc/{docid}"
    binds = {"$graph": ref(f"https://w3id.org/rskg/graph/doc/{docid}"), "$doc": ref(doc)}
    queries = [web.Query(title, graph.bind(graph.text(name), binds)) for title, name in (
        ("document metadata", "reader-metadata"), ("where each annotation is", "reader-anchors"),
        ("mention kinds, claim kinds, claimants", "reader-details"),
        ("quantities", "reader-quantities"), ("what the claims are about", "reader-claims-about"))]
    meta_rows = graph.select(queries[0].text)
    if not meta_rows:
        abort(404, f"the graph holds no document <{doc}>")
    meta = meta_rows[0]
    text = meta.pop("text")
    anchors, details, quantities, about = (graph.select(q.text) for q in queries[1:])
    facts: dict[tuple[str, str], str] = {(r["s"], graph.short(r["p"])): r["o"] for r in details}
    wanted = {meta["publisher"], meta["affiliation"], *(r["body"] for r in anchors),
              *(v for (_, p), v in facts.items() if p == "schema:author")} - {""}
    iris = " ".join(ref(i) for i in sorted(wanted))
    labels_q = web.Query("labels", graph.query("reader-labels", iris=iris))
    queries.append(labels_q)
    labels = {r["iri"]: r for r in graph.select(labels_q.text)} if wanted else {}
    meta["publisherLabel"] = labels.get(meta["publisher"], {}).get("label", "")
    meta["affiliationLabel"] = labels.get(meta["affiliation"], {}).get("label", "")
    annotations = _annotations(doc, text, anchors, facts, labels, quantities)
    _add_about(annotations, about)
    kinds = [graph.choice(k, "kind", KINDS) for k in request.args.getlist("kind")] or list(KINDS)
    entity = graph.known(request.args.get("entity"), "entity")
    focus = request.args.get("focus", "")
    if focus and not graph.LOCAL.fullmatch(focus):
        raise graph.BadParameter(f"focus: expected an annotation of this document, got {focus!r}")
    entities = sorted({(a.label or a.body, a.body) for a in annotations
                       if a.kind in ("mention", "event")})
    shown = [a for a in annotations if a.kind in kinds
             and (entity is None or a.body == entity or entity in a.about)]
    focused = {a.id for a in annotations if focus and (_local(doc, a.iri) + "/").startswith(
        focus + "/")}
    data = {"document": doc, "docid": docid, "metadata": meta, "text": text,
            "annotations": [asdict(a) for a in shown], "kinds": kinds, "entity": entity}
    rdf = graph.bind(graph.text("reader-graph"), binds)
    if web.wants_json():
        return web.respond("reader.html", meta["headline"], data, queries, rdf)
    data["annotations"] = shown
    return web.respond("reader.html", meta["headline"], data, queries, rdf,
                       body_html=render_text(text, shown, focused), all_kinds=KINDS,
                       entities=entities, focus=focus,
                       counts={k: sum(a.kind == k for a in shown) for k in KINDS},
                       graph_iri=f"https://w3id.org/rskg/graph/doc/{docid}")



def _local(doc: str, iri: str) -> str:
    return iri[len(doc) + 1:] if iri.startswith(doc + "/") else iri


def _html_id(doc: str, iri: str) -> str:
    return "a-" + re.sub(r"[^A-Za-z0-9_-]", "-", _local(doc, iri))


def link(ann: str, entity: str | None = None, focus: str | None = None) -> str:
    """The reader of an annotation's document, that annotation highlighted (`focus`: it,
    or every annotation under a prefix of its IRI, such as a claim's) and scrolled to
    (its HTML id); with `entity`, only the highlights of that entity or event."""
    docid = ann[len(ID) + 4:].partition("/")[0]
    doc = f"{ID}doc/{docid}"
    args = {"entity": entity} if entity else {}
    args["focus"] = focus or _local(doc, ann)
    return f"/doc/{docid}?{urllib.parse.urlencode(args, safe='/:')}#{_html_id(doc, ann)}"


def _annotations(doc: str, text: str, anchors: list[graph.Row],
                 facts: dict[tuple[str, str], str], labels: dict[str, graph.Row],
                 quantities: list[graph.Row]) -> list[Annotation]:
    """The highlights; the words are text[start:end], which is what oa:exact holds."""
    found: dict[str, Annotation] = {}
    for r in anchors:
        ann, body = r["ann"], r["body"]
        label = labels.get(body, {}).get("label", "")
        claim_kind = facts.get((body, "rskg:claimKind"))
        if claim_kind:
            kind, detail = "claim", claim_kind
            claimant = labels.get(facts.get((body, "schema:author"), ""), {}).get("label")
            label = f"claim by {claimant or 'an unnamed claimant'}"
        else:
            kind = "event" if labels.get(body, {}).get("isEvent") == "true" else "mention"
            mention_kind = facts.get((ann, "rskg:mentionKind"))
            detail = f"{mention_kind} mention" if mention_kind else "date phrase"
        found[ann] = Annotation(_html_id(doc, ann), ann, kind, r["start"], r["end"],
                                text[r["start"]:r["end"]], body, label, detail)
    for q in quantities:
        match = _QUANTITY.search(q["quantity"])
        if not match or q["quantity"] in found:
            continue
        start, end = int(match[1]), int(match[2])
        hedge = f" ({q['hedge']})" if q["hedge"] and q["hedge"] != "exact" else ""
        found[q["quantity"]] = Annotation(
            _html_id(doc, q["quantity"]), q["quantity"], "quantity", start, end,
            text[start:end], q["claim"] or q["quantity"], f"{q['value']} {q['unit']}{hedge}",
            f"measures: {q['measures']}")
    return sorted(found.values(), key=lambda a: (a.start, -a.end, a.id))


def _add_about(annotations: list[Annotation], rows: list[graph.Row]) -> None:
    about: dict[str, list[str]] = {}
    for r in rows:
        about.setdefault(r["claim"], []).append(r["about"])
    for a in annotations:
        if a.kind == "claim":
            a.about = about.get(a.body, [])


def render_text(text: str, annotations: list[Annotation], focused: set[str]) -> Markup:
    """The text as HTML: one span per run of characters covered by the same annotations."""
    cuts = sorted({0, len(text), *(a.start for a in annotations), *(a.end for a in annotations)})
    starting: dict[int, list[Annotation]] = {}
    for a in annotations:
        starting.setdefault(a.start, []).append(a)
    active: list[Annotation] = []
    parts: list[str] = []
    for left, right in itertools.pairwise(cuts):
        active = [a for a in active if a.end > left] + starting.get(left, [])
        piece = escape(text[left:right])
        if not active:
            parts.append(piece)
            continue
        classes = {"seg", *(f"k-{a.kind}" for a in active)}
        classes |= {"first-claim" for a in active if a.kind == "claim" and a.start == left}
        classes |= {"last-claim" for a in active if a.kind == "claim" and a.end == right}
        if any(a.id in focused for a in active):
            classes.add("focus")
        new = [a for a in active if a.start == left]
        attrs = f' data-ann="{" ".join(a.id for a in active)}"'
        if new:
            attrs += f' id="{new[0].id}" tabindex="0"'
            attrs += f' aria-describedby="n-{new[0].id}"'
        parts.append(f'<span class="{" ".join(sorted(classes))}"{attrs}>{piece}</span>')
    return Markup("".join(parts))
