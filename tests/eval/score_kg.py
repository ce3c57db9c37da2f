#!/usr/bin/env python3
"""Score the project's knowledge graph against the hidden gold annotations.

Usage:
    python score_kg.py --gold-dir eval/gold --data DUMP.(trig|nq|ttl|nt|jsonld) [--json]
    python score_kg.py --gold-dir eval/gold --endpoint http://127.0.0.1:PORT/sparql [--json]

Options: --seeds-dir DIR (the source texts; default ../shared/seeds next to this
script, and if absent the document text is taken from the graph), --verbose
(list what was missed), --timeout SECONDS (endpoint requests).

The graph is read only through the standard vocabularies of the data contract
(schema.org, rdfs, skos, owl, oa, prov, dcterms); no project-specific term is
used. A dump is loaded with pyoxigraph (rdflib as a fallback) and queried with the
default graph as the union of all graphs, as the contract's endpoint does.

Documents. A gold document is matched to the graph's `schema:NewsArticle`
(or schema.org article subtype) whose `schema:text` equals the source text
(exactly, then after whitespace normalisation, then the text containing most gold
quotes, then the same schema:headline).

Document scope. A resource belongs to a document when any of these holds:
an annotation `oa:hasBody` it with `oa:hasTarget/oa:hasSource` the document; it
occurs in a named graph that holds the document's annotations (or, failing that,
the document's own triples); the document `schema:mentions`/`schema:about` it or it
is `prov:wasDerivedFrom`/`prov:hadPrimarySource`/`dcterms:source` the document;
it is a claim with `schema:appearance` the document, or the author/about of such
a claim.

Metrics (per document and overall; overall figures are micro-averages):
  entities   gold entities with a QID: found when an in-scope resource has
             `owl:sameAs wd:Q…` equal to it; gold entities without a QID: found
             when an in-scope resource's rdfs:label / skos:altLabel equals the gold
             label, a surface form or an alias (case-, accent-, quote-insensitive,
             leading "the " ignored). "entities" in the summary combines both.
  wd precision   of in-scope `owl:sameAs wd:` links whose resource label matches
             a gold entity that has a QID, the share whose QID is that gold QID.
  claims     a gold claim is found when an in-scope `schema:Claim` has a
             `schema:text` (or an anchor) covering >= 50% of the gold quote's
             characters (both located in the document text) AND a `schema:author`
             matching the claimant (QID or label; 'document' matches the
             document's schema:author / schema:publisher). Reported for
             attributed and document_voice claims separately.
  claimant accuracy   among gold claims matched by text, the share whose
             matching claim also has the right author.
  events     a gold event is found when an in-scope `schema:Event` (a) has a
             `schema:startDate` agreeing with the gold date, or `owl:sameAs` the
             gold QID, and (b) shares a content word with the gold label (light
             prefix stemming; generic words such as "Russia" ignored) or is
             anchored by an annotation whose text overlaps the gold evidence
             (>= 50% of the shorter span). Date agreement: for dates the text
             itself gives (date_source "text") the graph date must be at least as
             precise and equal at the gold precision; for background dates the
             two must agree at the coarser of the two precisions. A gold event
             without a date needs only (b). Matching is one-to-one (a graph event
             counts for at most one gold event; maximum bipartite matching); the
             many-to-one count is reported as "lenient_many_to_one".
  precision  attributed-claim precision: of the in-scope claims whose schema:author is
             not the document's author/publisher, the share whose span lies at least
             half inside a gold attributed claim. Event precision: of the in-scope
             events, the share that is a candidate match for some gold event.
  anchors    share of `oa:TextPositionSelector`s whose [start:end) slice of the
             source document's `schema:text` equals the sibling `oa:exact`
             (no gold needed; per document by `oa:hasSource`, overall over all
             selectors in the graph).
  quantities gold values present as typed numeric literals (isNumeric, excluding
             oa:start / oa:end) in the document's named graph(s); the whole
             dataset when the document has no named graph.

Exit status: 0 whenever the scoring ran (even on an empty graph), 2 when it could
not (bad arguments, unreadable data, unreachable endpoint).
"""
import argparse
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import warnings as _warnings
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

NS = {
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
}
PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in NS.items())
WD = "http://www.wikidata.org/entity/"
ARTICLE_TYPES = ["NewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
                 "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "Article"]


class ScoreError(Exception):
    """The scoring cannot run (bad input, unreachable endpoint)."""


class QueryFailed(Exception):
    """One query was refused; its answer counts as empty and a warning is printed."""


# ----------------------------------------------------------------------------- terms
# A term is a tuple: ("uri", iri) | ("bnode", id) | ("lit", lexical, datatype, lang)

def lit_value(t):
    return t[1] if t and t[0] == "lit" else None


# ----------------------------------------------------------------------------- backends
class OxigraphBackend:
    def __init__(self, path):
        import pyoxigraph as ox
        self.ox = ox
        fmt = {
            ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
            ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
            ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
            ".xml": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3,
        }.get(Path(path).suffix.lower())
        if fmt is None:
            raise ScoreError(f"unknown RDF file extension: {path}")
        self.store = ox.Store()
        self.store.load(path=str(path), format=fmt)

    def _conv(self, x):
        if x is None:
            return None
        if isinstance(x, self.ox.NamedNode):
            return ("uri", x.value)
        if isinstance(x, self.ox.BlankNode):
            return ("bnode", x.value)
        if isinstance(x, self.ox.Literal):
            return ("lit", x.value, x.datatype.value if x.datatype else None, x.language)
        return ("other", str(x))

    def select(self, query):
        res = self.store.query(PREFIXES + query, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        out = []
        for sol in res:
            row = {}
            for n in names:
                v = self._conv(sol[n])
                if v is not None:
                    row[n] = v
            out.append(row)
        return out


class RdflibBackend:
    def __init__(self, path):
        _warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\..*)?$")
        from rdflib import Dataset
        fmt = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".nt": "nt",
               ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
               ".n3": "n3"}.get(Path(path).suffix.lower())
        if fmt is None:
            raise ScoreError(f"unknown RDF file extension: {path}")
        self.ds = Dataset(default_union=True)
        self.ds.parse(str(path), format=fmt)

    def select(self, query):
        from rdflib import BNode, Literal, URIRef
        res = self.ds.query(PREFIXES + query)
        out = []
        for r in res:
            row = {}
            for n in res.vars:
                v = r[n]
                if v is None:
                    continue
                if isinstance(v, URIRef):
                    row[str(n)] = ("uri", str(v))
                elif isinstance(v, BNode):
                    row[str(n)] = ("bnode", str(v))
                elif isinstance(v, Literal):
                    dt = str(v.datatype) if v.datatype else (None if v.language else NS["xsd"] + "string")
                    row[str(n)] = ("lit", str(v), dt, v.language)
            out.append(row)
        return out


class EndpointBackend:
    def __init__(self, url, timeout=60):
        self.url, self.timeout = url, timeout
        try:
            self.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # fail early if unusable
        except QueryFailed as e:
            raise ScoreError(str(e)) from e

    def select(self, query):
        full = PREFIXES + query
        headers = {"Accept": "application/sparql-results+json"}
        post = urllib.request.Request(self.url, data=urllib.parse.urlencode({"query": full}).encode(),
                                      headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
        sep = "&" if "?" in self.url else "?"
        get = urllib.request.Request(self.url + sep + urllib.parse.urlencode({"query": full}), headers=headers)
        body, last, refused = None, None, False
        for req in (post, get):
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    body = json.loads(resp.read().decode("utf-8"))
                break
            except urllib.error.HTTPError as e:
                last, refused = f"endpoint answered HTTP {e.code}", True
                if e.code not in (400, 405, 415):
                    break
            except (urllib.error.URLError, OSError, ValueError) as e:
                last, refused = f"endpoint request failed: {e}", False
                break
        if body is None:
            raise (QueryFailed if refused else ScoreError)(last)
        out = []
        for b in body.get("results", {}).get("bindings", []):
            row = {}
            for n, v in b.items():
                t = v.get("type")
                if t == "uri":
                    row[n] = ("uri", v["value"])
                elif t == "bnode":
                    row[n] = ("bnode", v["value"])
                else:
                    lang = v.get("xml:lang")
                    dt = v.get("datatype") or (None if lang else NS["xsd"] + "string")
                    row[n] = ("lit", v["value"], dt, lang)
            out.append(row)
        return out


def safe_select(backend, query, warnings, what):
    try:
        return backend.select(query)
    except ScoreError:
        raise
    except Exception as e:  # a query the store cannot answer: count it as empty
        warnings.append(f"query for {what} failed: {type(e).__name__}: {e}")
        return []


# ----------------------------------------------------------------------------- text helpers
_NORM = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
         "\u00a0": " ", "\u00ab": '"', "\u00bb": '"'}


def normalize_with_map(s):
    """Quote/dash/space-normalised copy of s and the index in s of each output char."""
    out, idx = [], []
    prev_space = False
    for i, ch in enumerate(s):
        c = _NORM.get(ch, ch)
        if c.isspace():
            if prev_space:
                continue
            c, prev_space = " ", True
        else:
            prev_space = False
        out.append(c)
        idx.append(i)
    return "".join(out), idx


class DocText:
    def __init__(self, text):
        self.text = text
        self.norm, self.idx = normalize_with_map(text)
        self._cache = {}

    def locate(self, needle):
        """All (start, end) spans of needle in the text: exact, else normalised."""
        if not needle:
            return []
        if needle in self._cache:
            return self._cache[needle]
        spans = []
        pos = self.text.find(needle)
        while pos >= 0:
            spans.append((pos, pos + len(needle)))
            pos = self.text.find(needle, pos + 1)
        if not spans:
            n, _ = normalize_with_map(needle.strip())
            if n:
                pos = self.norm.find(n)
                while pos >= 0:
                    spans.append((self.idx[pos], self.idx[pos + len(n) - 1] + 1))
                    pos = self.norm.find(n, pos + 1)
        self._cache[needle] = spans
        return spans


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def norm_name(s):
    s = "".join(_NORM.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"\s+", " ", s).strip().strip(".,;:")
    if s.startswith("the "):
        s = s[4:]
    return s


STOP = set("""a an the of in on at to for by from with and or as into onto over after before during
under against between its his her their our your this that these those is was be been are were
who whom which what when where why how not no nor but than then so via per vs""".split())
GENERIC = {"russia", "russian", "russians", "syria", "syrian", "event", "events"}


def content_words(label):
    words = set()
    for tok in re.findall(r"[^\W\d_]+", norm_name(label)):
        if len(tok) < 3 or tok in STOP or tok in GENERIC:
            continue
        words.add(tok[:5] if len(tok) >= 5 else tok)
    return words


DATE_RE = re.compile(r"^\s*(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(s):
    m = DATE_RE.match(s or "")
    if not m:
        return None
    return tuple(int(x) for x in m.groups() if x is not None)


def date_agrees(kg, gold, source):
    if kg is None:
        return False
    p = len(gold)
    if source == "text":
        return len(kg) >= p and kg[:p] == gold
    k = min(p, len(kg))
    return kg[:k] == gold[:k]


def ratio(n, d):
    return round(n / d, 4) if d else 0.0


def counter(found, total, missing=None):
    r = {"found": found, "total": total, "recall": ratio(found, total)}
    if missing is not None:
        r["missing"] = missing
    return r


# ----------------------------------------------------------------------------- graph snapshot
class Graph:
    """Everything the scorer needs, fetched with a few SPARQL queries."""

    def __init__(self, backend):
        self.warnings = []
        q = lambda query, what: safe_select(backend, query, self.warnings, what)  # noqa: E731
        self.backend = backend

        values = " ".join(f"schema:{t}" for t in ARTICLE_TYPES)
        self.doc_text = {}
        for r in q(f"SELECT DISTINCT ?d ?text WHERE {{ ?d a ?t ; schema:text ?text . VALUES ?t {{ {values} }} }}",
                   "documents"):
            if r.get("d") and lit_value(r.get("text")) is not None:
                self.doc_text.setdefault(r["d"], lit_value(r["text"]))

        self.doc_headline = defaultdict(set)
        for r in q(f"SELECT DISTINCT ?d ?h WHERE {{ ?d a ?t ; schema:headline ?h . VALUES ?t {{ {values} }} }}",
                   "headlines"):
            if r.get("d") and lit_value(r.get("h")):
                self.doc_headline[r["d"]].add(norm_name(lit_value(r["h"])))

        self.doc_people = defaultdict(set)  # doc -> publisher/author resources
        for r in q("SELECT DISTINCT ?d ?who WHERE { { ?d schema:publisher ?who } UNION { ?d schema:author ?who } }",
                   "publishers"):
            if r.get("d") and r.get("who"):
                self.doc_people[r["d"]].add(r["who"])

        self.names = defaultdict(set)
        for r in q("SELECT DISTINCT ?r ?l WHERE { { ?r rdfs:label ?l } UNION { ?r skos:altLabel ?l } }", "labels"):
            if r.get("r") and lit_value(r.get("l")):
                self.names[r["r"]].add(lit_value(r["l"]))
        self.norm_names = {k: {norm_name(x) for x in v} for k, v in self.names.items()}

        self.wd = defaultdict(set)
        for r in q(f"SELECT DISTINCT ?r ?w WHERE {{ ?r owl:sameAs ?w . FILTER(isIRI(?w) && STRSTARTS(STR(?w), \"{WD}Q\")) }}",
                   "owl:sameAs"):
            if r.get("r"):
                self.wd[r["r"]].add(r["w"][1][len(WD):])

        self.types = defaultdict(set)
        for r in q("SELECT DISTINCT ?r ?t WHERE { ?r a ?t . VALUES ?t { schema:Person schema:Organization "
                   "schema:Country schema:Place schema:Event schema:Claim } }", "types"):
            self.types[r["r"]].add(r["t"][1][len("https://schema.org/"):])

        # annotations: body -> [(source, start, end, exact)]
        self.anchors = defaultdict(list)
        for r in q("""SELECT ?a ?body ?t ?src ?start ?end ?exact WHERE {
                        ?a oa:hasBody ?body ; oa:hasTarget ?t .
                        OPTIONAL { ?t oa:hasSource ?src }
                        OPTIONAL { ?t oa:hasSelector ?ps . ?ps a oa:TextPositionSelector ;
                                   oa:start ?start ; oa:end ?end }
                        OPTIONAL { ?t oa:hasSelector ?qs . ?qs oa:exact ?exact } }""", "annotations"):
            src = r.get("src") or (r.get("t") if r.get("t") in self.doc_text else None)
            self.anchors[r["body"]].append((src, _int(r.get("start")), _int(r.get("end")), lit_value(r.get("exact"))))

        # position selectors, for anchoring validity
        sel = defaultdict(lambda: {"start": None, "end": None, "src": set(), "exact": set()})
        for r in q("""SELECT ?ps ?start ?end ?src ?exact ?exact2 ?t WHERE {
                        ?ps a oa:TextPositionSelector .
                        OPTIONAL { ?ps oa:start ?start } OPTIONAL { ?ps oa:end ?end }
                        OPTIONAL { ?ps oa:exact ?exact2 }
                        OPTIONAL { ?t oa:hasSelector ?ps .
                                   OPTIONAL { ?t oa:hasSource ?src }
                                   OPTIONAL { ?t oa:hasSelector ?qs . ?qs oa:exact ?exact } } }""",
                   "position selectors"):
            s = sel[r["ps"]]
            if r.get("start") is not None:
                s["start"] = _int(r["start"])
            if r.get("end") is not None:
                s["end"] = _int(r["end"])
            if r.get("src"):
                s["src"].add(r["src"])
            elif r.get("t") in self.doc_text:
                s["src"].add(r["t"])
            for k in ("exact", "exact2"):
                if lit_value(r.get(k)) is not None:
                    s["exact"].add(lit_value(r[k]))
        self.selectors = list(sel.values())

        self.claims = defaultdict(lambda: {"text": set(), "author": set(), "appearance": set(), "about": set()})
        for r in q("""SELECT ?c ?text ?author ?app ?about WHERE { ?c a schema:Claim .
                        OPTIONAL { ?c schema:text ?text } OPTIONAL { ?c schema:author ?author }
                        OPTIONAL { ?c schema:appearance ?app } OPTIONAL { ?c schema:about ?about } }""", "claims"):
            c = self.claims[r["c"]]
            if lit_value(r.get("text")) is not None:
                c["text"].add(lit_value(r["text"]))
            for k, v in (("author", "author"), ("appearance", "app"), ("about", "about")):
                if r.get(v):
                    c[k].add(r[v])

        self.events = defaultdict(set)
        for r in q("SELECT ?e ?date WHERE { ?e a schema:Event . OPTIONAL { ?e schema:startDate ?date } }", "events"):
            d = parse_date(lit_value(r.get("date"))) if r.get("date") else None
            self.events[r["e"]]
            if d:
                self.events[r["e"]].add(d)

        self.mentions = defaultdict(set)
        for r in q("""SELECT DISTINCT ?d ?r WHERE {
                        { ?d schema:mentions ?r } UNION { ?d schema:about ?r } UNION { ?r prov:wasDerivedFrom ?d }
                        UNION { ?r prov:hadPrimarySource ?d } UNION { ?r dcterms:source ?d } }""", "mentions"):
            if r.get("d") and r.get("r"):
                self.mentions[r["d"]].add(r["r"])

        # named graphs per document
        self.doc_graphs = defaultdict(set)
        for r in q("""SELECT DISTINCT ?g ?d WHERE { GRAPH ?g {
                        { ?t oa:hasSource ?d } UNION { ?c schema:appearance ?d } } }""", "document graphs"):
            if r.get("g") and r.get("d"):
                self.doc_graphs[r["d"]].add(r["g"])
        for r in q("SELECT DISTINCT ?g ?d WHERE { GRAPH ?g { ?d schema:text ?x } }", "document graphs (2)"):
            if r.get("g") and r.get("d") in self.doc_text and not self.doc_graphs.get(r["d"]):
                self.doc_graphs.setdefault(r["d"], set()).add(r["g"])
        self._graph_res = {}
        self._graph_nums = {}
        self._dataset_nums = None

    def graph_resources(self, g):
        if g not in self._graph_res:
            query = ("SELECT DISTINCT ?r WHERE { GRAPH " + _sparql_term(g) +
                     " { { ?r ?p ?o } UNION { ?s ?p ?r FILTER(!isLiteral(?r)) } } }")
            rows = safe_select(self.backend, query, self.warnings, "graph resources")
            self._graph_res[g] = {r["r"] for r in rows if r.get("r")}
        return self._graph_res[g]

    def graph_numbers(self, g):
        if g not in self._graph_nums:
            where = f"GRAPH {_sparql_term(g)} {{ ?s ?p ?o . FILTER(isNumeric(?o) && ?p != oa:start && ?p != oa:end) }}"
            self._graph_nums[g] = _numbers(safe_select(self.backend, f"SELECT ?o WHERE {{ {where} }}",
                                                       self.warnings, "numeric literals"))
        return self._graph_nums[g]

    def dataset_numbers(self):
        if self._dataset_nums is None:
            self._dataset_nums = _numbers(safe_select(
                self.backend,
                "SELECT ?o WHERE { ?s ?p ?o . FILTER(isNumeric(?o) && ?p != oa:start && ?p != oa:end) }",
                self.warnings, "numeric literals"))
        return self._dataset_nums


def _int(t):
    v = lit_value(t)
    try:
        return int(v) if v is not None else None
    except ValueError:
        try:
            f = float(v)
            return int(f) if f.is_integer() else None
        except ValueError:
            return None


def _numbers(rows):
    out = set()
    for r in rows:
        try:
            out.add(float(lit_value(r.get("o"))))
        except (TypeError, ValueError):
            pass
    return out


def _sparql_term(t):
    if t[0] == "uri":
        return "<" + t[1].replace(">", "%3E") + ">"
    raise ScoreError("blank-node graph names are not supported")


# ----------------------------------------------------------------------------- scoring
class GoldDoc:
    def __init__(self, path, seeds_dir):
        self.gold = json.loads(Path(path).read_text(encoding="utf-8"))
        self.name = self.gold["document"]
        self.key = Path(path).stem
        self.seed_text = None
        if seeds_dir and (Path(seeds_dir) / self.name).is_file():
            self.seed_text = (Path(seeds_dir) / self.name).read_text(encoding="utf-8")
        self.entities = {e["id"]: e for e in self.gold.get("entities", [])}
        self.events = {e["id"]: e for e in self.gold.get("events", [])}

    def entity_names(self, eid):
        e = self.entities.get(eid)
        if not e:
            return set()
        names = [e["label"]] + e.get("surface_forms", []) + e.get("aliases", [])
        return {norm_name(n) for n in names if n}


def match_documents(gdoc, graph):
    """Graph document IRIs for a gold document, and the reference text to use."""
    quotes = [c["quote"] for c in gdoc.gold.get("claims", [])]
    if gdoc.seed_text is not None:
        exact = [d for d, t in graph.doc_text.items() if t == gdoc.seed_text]
        if exact:
            return set(exact), gdoc.seed_text, True
        ns = re.sub(r"\s+", " ", gdoc.seed_text).strip()
        near = [d for d, t in graph.doc_text.items() if re.sub(r"\s+", " ", t).strip() == ns]
        if near:
            return set(near), gdoc.seed_text, False
    best, best_n = None, 0
    for d, t in graph.doc_text.items():
        n = sum(1 for qt in quotes if qt in t)
        if n > best_n:
            best, best_n = d, n
    if best is not None and quotes and best_n >= 0.5 * len(quotes):
        ref = gdoc.seed_text if gdoc.seed_text is not None else graph.doc_text[best]
        return {best}, ref, graph.doc_text[best] == ref
    # last resort: same headline (the graph may lack the text; anchors then cannot be checked)
    head = norm_name(gdoc.gold.get("headline") or "")
    by_head = {d for d, hs in graph.doc_headline.items() if head and head in hs}
    if by_head:
        same = any(graph.doc_text.get(d) == gdoc.seed_text for d in by_head)
        return by_head, gdoc.seed_text, same
    return set(), gdoc.seed_text, False


def doc_scope(graph, iris):
    scope = set()
    for body, anchors in graph.anchors.items():
        if any(a[0] in iris for a in anchors):
            scope.add(body)
    graphs = set()
    for d in iris:
        graphs |= graph.doc_graphs.get(d, set())
        scope |= graph.mentions.get(d, set())
    for g in graphs:
        scope |= graph.graph_resources(g)
    for c, info in graph.claims.items():
        if info["appearance"] & iris or c in scope:
            scope.add(c)
            scope |= info["author"] | info["about"]
    return scope, graphs


def score_document(gdoc, graph):
    iris, ref_text, same_text = match_documents(gdoc, graph)
    res = {"document": gdoc.name, "graph_documents": sorted(t[1] for t in iris)}
    if not iris:
        res["warning"] = "document not found in the graph"
    scope, graphs = doc_scope(graph, iris) if iris else (set(), set())
    res["scope"] = "named-graph" if graphs else ("annotations-only" if iris else "none")
    text = DocText(ref_text) if ref_text is not None else None
    not_entity = lambda r: bool(graph.types.get(r, set()) & {"Event", "Claim"}) or r in graph.doc_text  # noqa: E731
    scoped_entities = [r for r in scope if not not_entity(r)]
    all_entities = [r for r in set(graph.norm_names) | set(graph.wd) if not not_entity(r)]

    # -------- entities
    def entity_found(e, pool, by):
        if by == "qid":
            return any(e["wikidata"] in graph.wd.get(r, ()) for r in pool)
        names = gdoc.entity_names(e["id"])
        return any(graph.norm_names.get(r, set()) & names for r in pool)

    ents = list(gdoc.entities.values())
    q_ents = [e for e in ents if e.get("wikidata")]
    l_ents = [e for e in ents if not e.get("wikidata")]
    q_found = [e for e in q_ents if entity_found(e, scoped_entities, "qid")]
    l_found = [e for e in l_ents if entity_found(e, scoped_entities, "label")]
    found_ids = {e["id"] for e in q_found + l_found}
    core = [e for e in ents if not e.get("boilerplate")]
    label_all = [e for e in ents if entity_found(e, scoped_entities, "label")]
    wide = [e for e in ents if entity_found(e, all_entities, "qid" if e.get("wikidata") else "label")]
    res["entities"] = {
        "qid": counter(len(q_found), len(q_ents), [e["id"] for e in q_ents if e not in q_found]),
        "label": counter(len(l_found), len(l_ents), [e["id"] for e in l_ents if e not in l_found]),
        "combined": counter(len(found_ids), len(ents)),
        "combined_excluding_boilerplate": counter(sum(1 for e in core if e["id"] in found_ids), len(core)),
        "label_any_entity": counter(len(label_all), len(ents)),
        "combined_dataset_wide": counter(len(wide), len(ents)),
    }

    # -------- wikidata link precision
    pairs, wrong = set(), []
    correct = 0
    for r in scoped_entities:
        qids = graph.wd.get(r)
        if not qids:
            continue
        names = graph.norm_names.get(r, set())
        gold_q = {e["wikidata"] for e in q_ents if gdoc.entity_names(e["id"]) & names}
        if not gold_q:
            continue
        for qd in qids:
            pairs.add((r, qd))
            if qd in gold_q:
                correct += 1
            else:
                wrong.append(f"{sorted(graph.names.get(r, {''}))[0]} -> {qd} (gold {'/'.join(sorted(gold_q))})")
    res["wikidata_precision"] = {"correct": correct, "total": len(pairs), "precision": ratio(correct, len(pairs)),
                                 "wrong": wrong}
    res["_wd_pairs"] = pairs

    # -------- claims
    publisher = gdoc.gold.get("publisher")
    doc_people = set()
    for d in iris:
        doc_people |= graph.doc_people.get(d, set())

    def author_ok(a, claimant):
        if claimant == "document" or claimant == publisher:
            if a in doc_people:
                return True
            if publisher and graph.norm_names.get(a, set()) & gdoc.entity_names(publisher):
                return True
            if claimant == "document":
                return False
        e = gdoc.entities.get(claimant)
        if not e:
            return False
        if e.get("wikidata") and e["wikidata"] in graph.wd.get(a, ()):
            return True
        return bool(graph.norm_names.get(a, set()) & gdoc.entity_names(claimant))

    scoped_claims = [c for c in scope if c in graph.claims]
    claim_spans = {}
    for c in scoped_claims:
        spans = []
        if text is not None:
            for t in graph.claims[c]["text"]:
                spans += text.locate(t)
            for src, s, e_, exact in graph.anchors.get(c, []):
                if src in iris:
                    if same_text and s is not None and e_ is not None and 0 <= s < e_ <= len(text.text):
                        spans.append((s, e_))
                    elif exact:
                        spans += text.locate(exact)
        claim_spans[c] = spans
    per_kind = {"attributed": [0, 0, []], "document_voice": [0, 0, []]}
    text_matched = claimant_right = 0
    for gc in gdoc.gold.get("claims", []):
        kind = "document_voice" if gc["kind"] == "document_voice" else "attributed"
        per_kind[kind][1] += 1
        gspans = text.locate(gc["quote"]) if text is not None else []
        matched = []
        for c in scoped_claims:
            cov = max((overlap(g, k) / (g[1] - g[0]) for g in gspans for k in claim_spans[c]), default=0.0)
            if cov >= 0.5:
                matched.append(c)
        ok = any(author_ok(a, gc["claimant"]) for c in matched for a in graph.claims[c]["author"])
        if matched:
            text_matched += 1
            claimant_right += ok
        if matched and ok:
            per_kind[kind][0] += 1
        else:
            per_kind[kind][2].append(gc["id"] + ("" if not matched else " (wrong author)"))
    # attributed-claim precision: graph claims by a third party (not the document's author or
    # publisher) whose span lies mostly inside some gold attributed claim
    gold_att = []
    if text is not None:
        for gc in gdoc.gold.get("claims", []):
            if gc["kind"] != "document_voice":
                gold_att += text.locate(gc["quote"])

    def by_document(c):
        return all(author_ok(a, "document") for a in graph.claims[c]["author"]) if graph.claims[c]["author"] else True

    att_graph = [c for c in scoped_claims if not by_document(c)]
    supported = [c for c in att_graph
                 if any(k[1] > k[0] and overlap(g, k) >= 0.5 * (k[1] - k[0]) for g in gold_att for k in claim_spans[c])]
    n_all = per_kind["attributed"][1] + per_kind["document_voice"][1]
    f_all = per_kind["attributed"][0] + per_kind["document_voice"][0]
    res["claims"] = {
        "attributed": counter(*per_kind["attributed"]),
        "document_voice": counter(*per_kind["document_voice"]),
        "all": counter(f_all, n_all),
        "claimant_accuracy": {"correct": claimant_right, "matched_by_text": text_matched,
                              "accuracy": ratio(claimant_right, text_matched)},
        "attributed_precision": {"supported": len(supported), "total": len(att_graph),
                                 "precision": ratio(len(supported), len(att_graph)),
                                 "unsupported": [(sorted(graph.claims[c]["text"]) or [""])[0][:80] for c in att_graph
                                                 if c not in supported]},
    }

    # -------- events
    scoped_events = [e for e in scope if e in graph.events]
    ev_words = {e: set().union(*[content_words(n) for n in graph.names.get(e, set())] or [set()])
                for e in scoped_events}
    ev_spans = {}
    for e in scoped_events:
        spans = []
        if text is not None:
            for src, s, e_, exact in graph.anchors.get(e, []):
                if src in iris:
                    if same_text and s is not None and e_ is not None and 0 <= s < e_ <= len(text.text):
                        spans.append((s, e_))
                    elif exact:
                        spans += text.locate(exact)
        ev_spans[e] = spans
    candidates = {}
    for ge in gdoc.events.values():
        gdate = parse_date(ge["date"]) if ge.get("date") else None
        gwords = content_words(ge["label"])
        gspans = []
        if text is not None:
            for s in [ge["evidence"]] + ge.get("evidence_alt", []):
                gspans += text.locate(s)
        cands = []
        for e in scoped_events:
            when = (gdate is None or any(date_agrees(d, gdate, ge.get("date_source")) for d in graph.events[e])
                    or (ge.get("wikidata") and ge["wikidata"] in graph.wd.get(e, ())))
            if not when:
                continue
            what = bool(gwords & ev_words[e]) or any(
                overlap(g, k) >= 0.5 * min(g[1] - g[0], k[1] - k[0]) > 0 for g in gspans for k in ev_spans[e])
            if what:
                cands.append(e)
        candidates[ge["id"]] = cands
    assigned = one_to_one(candidates)
    res["events"] = counter(len(assigned), len(gdoc.events), [g for g in gdoc.events if g not in assigned])
    res["events"]["lenient_many_to_one"] = sum(1 for c in candidates.values() if c)
    matched_events = {e for c in candidates.values() for e in c}
    res["events"]["precision"] = {"matched": len(matched_events), "total": len(scoped_events),
                                  "precision": ratio(len(matched_events), len(scoped_events))}

    # -------- anchors
    valid = total = 0
    for s in graph.selectors:
        if not (s["src"] & iris):
            continue
        total += 1
        valid += _selector_valid(s, graph)
    res["anchors"] = {"valid": valid, "total": total, "validity": ratio(valid, total)}

    # -------- quantities
    if graphs:
        nums = set().union(*[graph.graph_numbers(g) for g in graphs])
        res["quantity_scope"] = "document named graph(s)"
    else:
        nums = graph.dataset_numbers() if iris else set()
        res["quantity_scope"] = "whole dataset (no named graph for this document)" if iris else "none"
    qs = gdoc.gold.get("quantities", [])
    q_hit = [q for q in qs if any(abs(float(q["value"]) - n) < 1e-9 for n in nums)]
    res["quantities"] = counter(len(q_hit), len(qs), [f"{q['value']} {q['unit']}" for q in qs if q not in q_hit])
    return res


def one_to_one(candidates):
    """Maximum bipartite matching gold id -> graph event (each graph event counts once)."""
    owner = {}

    def augment(g, seen):
        for e in candidates[g]:
            if e in seen:
                continue
            seen.add(e)
            if e not in owner or augment(owner[e], seen):
                owner[e] = g
                return True
        return False

    for g in candidates:
        augment(g, set())
    return {g: e for e, g in owner.items()}


def _selector_valid(s, graph):
    if s["start"] is None or s["end"] is None or not s["exact"]:
        return False
    for src in s["src"]:
        t = graph.doc_text.get(src)
        if t is not None and 0 <= s["start"] <= s["end"] <= len(t) and t[s["start"]:s["end"]] in s["exact"]:
            return True
    return False


def add_counts(acc, part):
    for k in ("found", "total"):
        acc[k] = acc.get(k, 0) + part[k]
    acc["recall"] = ratio(acc["found"], acc["total"])


def score(gold_dir, backend, seeds_dir):
    graph = Graph(backend)
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise ScoreError(f"no gold files in {gold_dir}")
    docs = [score_document(GoldDoc(f, seeds_dir), graph) for f in files]
    overall = {"entities": {}, "claims": {}, "events": {}, "quantities": {}}
    for sub in ("qid", "label", "combined", "combined_excluding_boilerplate", "label_any_entity",
                "combined_dataset_wide"):
        overall["entities"][sub] = {}
        for d in docs:
            add_counts(overall["entities"][sub], d["entities"][sub])
    for sub in ("attributed", "document_voice", "all"):
        overall["claims"][sub] = {}
        for d in docs:
            add_counts(overall["claims"][sub], d["claims"][sub])
    sp = sum(d["claims"]["attributed_precision"]["supported"] for d in docs)
    st = sum(d["claims"]["attributed_precision"]["total"] for d in docs)
    overall["claims"]["attributed_precision"] = {"supported": sp, "total": st, "precision": ratio(sp, st)}
    em = sum(d["events"]["precision"]["matched"] for d in docs)
    et = sum(d["events"]["precision"]["total"] for d in docs)
    c_ok = sum(d["claims"]["claimant_accuracy"]["correct"] for d in docs)
    c_n = sum(d["claims"]["claimant_accuracy"]["matched_by_text"] for d in docs)
    overall["claims"]["claimant_accuracy"] = {"correct": c_ok, "matched_by_text": c_n, "accuracy": ratio(c_ok, c_n)}
    for d in docs:
        add_counts(overall["events"], {k: d["events"][k] for k in ("found", "total")})
    overall["events"]["lenient_many_to_one"] = sum(d["events"]["lenient_many_to_one"] for d in docs)
    overall["events"]["precision"] = {"matched": em, "total": et, "precision": ratio(em, et)}
    for d in docs:
        add_counts(overall["quantities"], {k: d["quantities"][k] for k in ("found", "total")})
    # wikidata precision overall: distinct (resource, QID) pairs across documents
    pairs = set()
    for d in docs:
        pairs |= d.pop("_wd_pairs")
    wd_c = sum(d["wikidata_precision"]["correct"] for d in docs)
    wd_t = sum(d["wikidata_precision"]["total"] for d in docs)
    overall["wikidata_precision"] = {"correct": wd_c, "total": wd_t, "precision": ratio(wd_c, wd_t),
                                     "distinct_links": len(pairs)}
    valid = sum(_selector_valid(s, graph) for s in graph.selectors)
    overall["anchors"] = {"valid": valid, "total": len(graph.selectors), "validity": ratio(valid, len(graph.selectors))}
    summary = (f"extraction: entities {overall['entities']['combined']['recall']:.2f} "
               f"claims {overall['claims']['all']['recall']:.2f} "
               f"events {overall['events']['recall']:.2f} "
               f"anchors {overall['anchors']['validity']:.2f} "
               f"quantities {overall['quantities']['recall']:.2f} "
               f"wd-precision {overall['wikidata_precision']['precision']:.2f}")
    return {"documents": docs, "overall": overall, "summary": summary, "warnings": graph.warnings}


# ----------------------------------------------------------------------------- output
def fmt_c(c):
    return f"{c['recall']:.2f} ({c['found']}/{c['total']})"


def print_text(result, verbose):
    blocks = [(d["document"], d) for d in result["documents"]] + [("OVERALL", result["overall"])]
    for name, r in blocks:
        print(f"== {name}")
        if "graph_documents" in r:
            gd = ", ".join(r["graph_documents"]) or "NOT FOUND"
            print(f"   graph document: {gd}   scope: {r['scope']}")
        e = r["entities"]
        print(f"   entities  combined {fmt_c(e['combined'])}  by QID {fmt_c(e['qid'])}  by label {fmt_c(e['label'])}")
        print(f"             excl. boilerplate {fmt_c(e['combined_excluding_boilerplate'])}  "
              f"label match, all gold {fmt_c(e['label_any_entity'])}  dataset-wide {fmt_c(e['combined_dataset_wide'])}")
        w = r["wikidata_precision"]
        print(f"   wikidata link precision {w['precision']:.2f} ({w['correct']}/{w['total']})")
        c = r["claims"]
        ca = c["claimant_accuracy"]
        print(f"   claims    all {fmt_c(c['all'])}  attributed {fmt_c(c['attributed'])}  "
              f"document voice {fmt_c(c['document_voice'])}")
        print(f"             claimant accuracy {ca['accuracy']:.2f} ({ca['correct']}/{ca['matched_by_text']} matched by text)")
        ap_ = c["attributed_precision"]
        print(f"             attributed-claim precision {ap_['precision']:.2f} "
              f"({ap_['supported']}/{ap_['total']} third-party claims inside a gold attributed claim)")
        print(f"   events    {fmt_c(r['events'])}  (one-to-one; {r['events']['lenient_many_to_one']} "
              f"if one graph event may match several gold events); precision "
              f"{r['events']['precision']['precision']:.2f} ({r['events']['precision']['matched']}/"
              f"{r['events']['precision']['total']} graph events match a gold event)")
        a = r["anchors"]
        print(f"   anchors   {a['validity']:.2f} ({a['valid']}/{a['total']} position selectors valid)")
        print(f"   quantities {fmt_c(r['quantities'])}")
        if verbose and "graph_documents" in r:
            for k, v in (("entities missed (QID)", e["qid"].get("missing")),
                         ("entities missed (label)", e["label"].get("missing")),
                         ("wrong QIDs", w.get("wrong")),
                         ("attributed claims missed", c["attributed"].get("missing")),
                         ("document-voice claims missed", c["document_voice"].get("missing")),
                         ("events missed", r["events"].get("missing")),
                         ("quantities missed", r["quantities"].get("missing"))):
                if v:
                    print(f"   - {k}: {', '.join(v)}")
    for wmsg in result["warnings"]:
        print("warning:", wmsg)
    print(result["summary"])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold-dir", required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", help="RDF dump: .trig, .nq, .ttl, .nt, .jsonld")
    src.add_argument("--endpoint", help="SPARQL endpoint URL")
    ap.add_argument("--seeds-dir", default=None, help="source texts (default: ../shared/seeds next to this script)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--verbose", action="store_true", help="list missed items")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--engine", choices=["auto", "oxigraph", "rdflib"], default="auto",
                    help="library used to load --data (default: pyoxigraph, else rdflib)")
    args = ap.parse_args(argv)
    seeds = args.seeds_dir
    if seeds is None:
        cand = HERE.parent / "shared" / "seeds"
        seeds = str(cand) if cand.is_dir() else None
    try:
        if args.data:
            if not Path(args.data).is_file():
                raise ScoreError(f"no such file: {args.data}")
            if args.engine == "rdflib":
                backend = RdflibBackend(args.data)
            else:
                try:
                    backend = OxigraphBackend(args.data)
                except ImportError:
                    if args.engine == "oxigraph":
                        raise ScoreError("pyoxigraph is not installed")
                    backend = RdflibBackend(args.data)
        else:
            backend = EndpointBackend(args.endpoint, args.timeout)
        result = score(args.gold_dir, backend, seeds)
    except ScoreError as e:
        print(f"score_kg: {e}", file=sys.stderr)
        return 2
    except (SyntaxError, ValueError, OSError) as e:
        print(f"score_kg: could not read the graph: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_text(result, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
