"""The SHACL shapes (ontology/shapes.ttl) and the validator (kg/validate.py).

Each negative fixture under tests/fixtures/shapes/ breaks one rule of the contract or of
docs/graph-model.md; the test checks that the rule is reported on the right focus node
with a message that says what is wrong, and that nothing else is reported.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.validate import ValidationReport, Violation, load_shapes, validate_dataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "rskg.ttl"
GRAPH_MODEL = ROOT / "docs" / "graph-model.md"

ID = "https://w3id.org/rskg/id/"
SH = "https://w3id.org/rskg/shapes#"
RSKG = Namespace("https://w3id.org/rskg/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
REFERENCE = "https://w3id.org/rskg/graph/reference"
ONTOLOGY_GRAPH = "https://w3id.org/rskg/graph/ontology"
DOC_GRAPH = "https://w3id.org/rskg/graph/doc/t01"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_FILE)


def load(name: str) -> Dataset:
    ds = Dataset()
    ds.parse(FIXTURES / name, format="trig")
    return ds


def add_ontology(ds: Dataset) -> Dataset:
    ds.graph(URIRef(ONTOLOGY_GRAPH)).parse(ONTOLOGY_FILE, format="turtle")
    return ds


def find(report: ValidationReport, focus: str, shape: str) -> list[Violation]:
    return [v for v in report.violations if v.focus == focus and v.shape == shape]


# ---------------------------------------------------------------- what conforms


def test_valid_fixture_conforms(shapes: Graph) -> None:
    report = validate_dataset(load("valid.trig"), shapes)
    assert report.conforms, report.format()
    assert report.violations == ()


def test_ontology_conforms_in_its_graph(shapes: Graph) -> None:
    ds = add_ontology(Dataset())
    report = validate_dataset(ds, shapes)
    assert report.conforms, report.format()


def test_valid_fixture_with_ontology_conforms(shapes: Graph) -> None:
    report = validate_dataset(add_ontology(load("valid.trig")), shapes)
    assert report.conforms, report.format()


def test_ontology_header() -> None:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    ontology = URIRef("https://w3id.org/rskg/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in g
    changelog = (ONTOLOGY_FILE.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = re.search(r"^## (\d+\.\d+\.\d+) ", changelog, re.M)
    assert latest, "CHANGELOG.md has no version heading"
    version = latest.group(1)
    assert g.value(ontology, OWL.versionInfo) == Literal(version)
    assert g.value(ontology, OWL.versionIRI) == URIRef(f"https://w3id.org/rskg/ontology/{version}")
    assert "http://schema.org/" not in ONTOLOGY_FILE.read_text(encoding="utf-8")


def test_every_rskg_term_of_the_graph_model_is_declared() -> None:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    declared = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, kind)
    }
    used = set(re.findall(r"rskg:([A-Za-z][A-Za-z0-9]*)", GRAPH_MODEL.read_text(encoding="utf-8")))
    planned = {"claimKind", "reportingCue", "firstAppearedIn", "Quantity", "quantityValue",
               "unit", "hedge", "measures", "hasQuantity", "Claim", "Actor", "Place"}
    missing = sorted(t for t in used | planned if RSKG[t] not in declared)
    assert not missing, f"terms used but not declared in rskg.ttl: {missing}"


def test_every_reporting_shape_has_a_message(shapes: Graph) -> None:
    """Property shapes, node shapes with their own constraints, and SPARQL constraints."""
    sh = Namespace("http://www.w3.org/ns/shacl#")
    constraints = [sh.minCount, sh.maxCount, sh.datatype, sh["class"], sh.pattern, sh["in"],
                   sh.hasValue, sh["or"], sh.nodeKind, sh.languageIn, sh.uniqueLang, sh.lessThan,
                   sh.lessThanOrEquals, sh.qualifiedValueShape, sh.node, sh.minInclusive]
    reporting = {
        s for s in {*shapes.subjects(sh.path, None), *shapes.subjects(RDF.type, sh.NodeShape)}
        if any((s, c, None) in shapes for c in constraints)
    } | set(shapes.objects(None, sh.sparql))
    silent = sorted(str(s) for s in reporting if (s, sh.message, None) not in shapes)
    assert not silent, f"shapes without sh:message: {silent}"


# ---------------------------------------------------------------- what does not


@dataclass(frozen=True)
class Broken:
    fixture: str
    graph: str
    focus: str
    shape: str
    path: str | None
    message: tuple[str, ...]  # fragments the message must contain
    others: frozenset[str] = frozenset()  # other shapes that may report the same fault


BROKEN = [
    Broken("missing_label.trig", REFERENCE, ID + "entity/vladimir-putin", SH + "LabelCountShape",
           str(RDFS.label), ("exactly one rdfs:label",)),
    Broken("two_english_labels.trig", REFERENCE, ID + "entity/vladimir-putin",
           SH + "LabelLanguageShape", str(RDFS.label), ('language tag "en"', "skos:altLabel"),
           frozenset({SH + "LabelCountShape"})),
    Broken("wrong_qid.trig", REFERENCE, ID + "entity/russia", "", str(OWL.sameAs),
           ("http://www.wikidata.org/entity/Q123", "not a wiki page URL")),
    Broken("bad_offsets.trig", DOC_GRAPH, ID + "doc/t01/mention/15-21/position",
           SH + "TextPositionSelectorShape", None,
           ("[15, 21)", 'oa:exact is "Russia"', 'the document text there is " Russi"')),
    Broken("base_outside_country.trig", REFERENCE, ID + "entity/khmeimim-air-base",
           SH + "MilitaryBaseShape", None,
           ("lies outside " + ID + "entity/syria", "POINT(35.401 35.948)", "lon lat")),
    Broken("http_schema_org.trig", REFERENCE, ID + "entity/vladimir-putin",
           SH + "HttpSchemaOrgShape", "http://schema.org/description",
           ("uses http://schema.org/", "namespace is https://schema.org/")),
    Broken("wrong_date_datatype.trig", REFERENCE, ID + "event/russian-intervention-in-syria",
           SH + "StartDateShape", str(SCHEMA.startDate), ("xsd:date", "xsd:gYear")),
    Broken("inverted_date_bounds.trig", REFERENCE, ID + "event/syrian-civil-war",
           SH + "BeginBoundsOrderShape", str(SEM.hasEarliestBeginTimeStamp),
           ("inverted", "on or before sem:hasLatestBeginTimeStamp"),
           frozenset({SH + "PublishedBoundsOrderShape"})),
    Broken("inverted_date_bounds.trig", REFERENCE, ID + "doc/t02",
           SH + "PublishedBoundsOrderShape", str(RSKG.publishedNotBefore),
           ("inverted", "on or before rskg:publishedNotAfter"),
           frozenset({SH + "BeginBoundsOrderShape"})),
    Broken("term_without_definition.trig", ONTOLOGY_GRAPH, str(RSKG.Airfield), "",
           str(SKOS.definition), ("skos:definition", "English")),
]


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: f"{c.fixture}:{c.focus.rsplit('/', 1)[-1]}")
def test_negative_fixture_fails_with_the_right_message(shapes: Graph, case: Broken) -> None:
    report = validate_dataset(load(case.fixture), shapes)
    assert not report.conforms
    hits = [
        v for v in report.violations
        if v.focus == case.focus and v.path == case.path
        and (not case.shape or v.shape == case.shape)
        and all(fragment in v.message for fragment in case.message)
    ]
    assert hits, report.format()
    assert all(v.graph == case.graph and v.severity == "Violation" for v in hits)
    # the fixture breaks one thing: nothing but this rule (and its companions) reports
    expected_shapes = {h.shape for h in hits} | case.others
    assert {v.shape for v in report.violations} <= expected_shapes, report.format()


def test_wrong_qid_reports_the_offending_value(shapes: Graph) -> None:
    report = validate_dataset(load("wrong_qid.trig"), shapes)
    assert [v.value for v in report.violations] == ["https://www.wikidata.org/wiki/Q159"]


# ---------------------------------------------------------------- graph by graph


def test_document_graphs_see_the_reference_graph(shapes: Graph) -> None:
    """Without the reference graph, the publisher and the mention body have no types."""
    ds = load("valid.trig")
    ds.remove_graph(ds.graph(URIRef(REFERENCE)))
    report = validate_dataset(ds, shapes)
    assert not report.conforms
    assert {v.graph for v in report.violations} == {DOC_GRAPH}
    assert any(v.path == str(SCHEMA.publisher) for v in report.violations), report.format()
    assert find(report, ID + "entity/russia", SH + "AnnotationBodyShape"), report.format()


def test_reference_violations_are_reported_once(shapes: Graph) -> None:
    ds = load("valid.trig")
    russia = URIRef(ID + "entity/russia")
    ds.graph(URIRef(REFERENCE)).remove((russia, RDFS.label, None))
    report = validate_dataset(ds, shapes)
    hits = find(report, str(russia), SH + "LabelCountShape")
    assert [v.graph for v in hits] == [REFERENCE], report.format()
    assert len(report.violations) == 1, report.format()


def test_a_document_error_on_a_reference_resource_is_reported_in_the_document(
    shapes: Graph,
) -> None:
    """A second label added by a document graph is that document's fault."""
    ds = load("valid.trig")
    russia = URIRef(ID + "entity/russia")
    ds.graph(URIRef(DOC_GRAPH)).add((russia, RDFS.label, Literal("Russian Federation", lang="en")))
    report = validate_dataset(ds, shapes)
    assert {v.graph for v in report.violations} == {DOC_GRAPH}, report.format()
    assert find(report, str(russia), SH + "LabelCountShape")


def test_report_format_names_graph_focus_path_and_message(shapes: Graph) -> None:
    report = validate_dataset(load("wrong_date_datatype.trig"), shapes)
    text = report.format()
    assert text.startswith("1 violation(s) in 1 graph(s):")
    for fragment in (REFERENCE, ID + "event/russian-intervention-in-syria",
                     str(SCHEMA.startDate), "schema:startDate must be", '"2015-09-30"'):
        assert fragment in text
    assert ValidationReport(()).format().startswith("The dataset conforms")


def test_warnings_do_not_fail_conformance() -> None:
    warning = Violation("g", "f", None, "m", "Warning", "s", None)
    assert ValidationReport((warning,)).conforms
    violation = Violation("g", "f", None, "m", "Violation", "s", None)
    assert not ValidationReport((warning, violation)).conforms


# ---------------------------------------------------------------- speed


def _synthetic(annotations: int, wrong_every: int) -> Dataset:
    """The valid fixture with a long text and `annotations` mention annotations."""
    ds = load("valid.trig")
    g = ds.graph(URIRef(DOC_GRAPH))
    doc = URIRef(ID + "doc/t01")
    sentence = "Putin said that Russia will keep its naval facility in Tartus, Syria. "
    text = sentence * (annotations // 2 + 1)
    g.set((doc, SCHEMA.text, Literal(text)))
    g.remove((doc, RSKG.sha256, None))
    bodies = {"Russia": "entity/russia", "Syria": "entity/syria"}
    spans = [(m.start(), m.end(), m.group()) for m in re.finditer("Russia|Syria", text)]
    for n, (start, end, word) in enumerate(spans[:annotations]):
        a = URIRef(f"{ID}doc/t01/mention/{start}-{end}")
        target, position, quote = (URIRef(f"{a}/{p}") for p in ("target", "position", "quote"))
        exact = "WRONG" if wrong_every and n % wrong_every == wrong_every - 1 else word
        for triple in (
            (a, RDF.type, OA.Annotation), (a, RDF.type, RSKG.Mention),
            (a, OA.motivatedBy, OA.identifying), (a, OA.hasBody, URIRef(ID + bodies[word])),
            (a, RSKG.mentionKind, Literal("name")), (a, OA.hasTarget, target),
            (target, RDF.type, OA.SpecificResource), (target, OA.hasSource, doc),
            (target, OA.hasSelector, position), (target, OA.hasSelector, quote),
            (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, Literal(start, datatype=XSD_INTEGER)),
            (position, OA.end, Literal(end, datatype=XSD_INTEGER)),
            (quote, RDF.type, OA.TextQuoteSelector), (quote, OA.exact, Literal(exact)),
            (quote, OA.prefix, Literal(text[max(0, start - 32):start])),
            (quote, OA.suffix, Literal(text[end:end + 32])),
        ):
            g.add(triple)
    # the fixture's own mention points into the old text: drop it
    old = URIRef(ID + "doc/t01/mention/16-22")
    for node in (old, *(URIRef(f"{old}/{p}") for p in ("target", "position", "quote"))):
        g.remove((node, None, None))
    return ds


def test_2000_annotations_validate_in_seconds(shapes: Graph) -> None:
    ds = _synthetic(2000, wrong_every=500)
    started = time.perf_counter()
    report = validate_dataset(ds, shapes)
    elapsed = time.perf_counter() - started
    wrong = [v for v in report.violations if v.shape == SH + "TextPositionSelectorShape"]
    assert len(wrong) == 4, report.format()
    assert len(report.violations) == 4, report.format()
    assert elapsed < 60, f"validating 2,000 annotations took {elapsed:.1f} s"
