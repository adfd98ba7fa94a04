"""The SHACL shapes, tested with data files under tests/data/shapes/.

Each case is validated the way the builder validates an article: the case's graph merged
with the shared entity descriptions (data/shapes/entities.ttl), against all shape files,
with the ontology mixed in and no inference.

- valid/*.trig|ttl: realistic article graphs; no result of any severity.
- invalid/NN-*.ttl: one contract break each; the header line `# expect: dsh:SomeShape`
  names the one shape that must report it, and no other shape may report a violation.
- warning/*.ttl: conform, with exactly the warnings their `# expect:` lines name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from ontology import NAMESPACE, load_ontology
from shapes import SHAPE_FILES, SHAPES_DIR, SHAPES_NAMESPACE, load_shapes

CASES = Path(__file__).parent / "data" / "shapes"
ENTITIES = CASES / "entities.ttl"
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.suffix in (".ttl", ".trig"))
INVALID = sorted((CASES / "invalid").glob("*.ttl"))
WARNING = sorted((CASES / "warning").glob("*.ttl"))
DSH = rdflib.Namespace(SHAPES_NAMESPACE)
# rdflib 7.6's own TriG parser uses its deprecated ConjunctiveGraph API internally.
pytestmark = pytest.mark.filterwarnings("ignore:(ConjunctiveGraph|Dataset.default_context) is deprecated:DeprecationWarning")
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
NON_CONSTRAINTS = {RDF.type, SH.property, SH.name, SH.description, SH.message, SH.severity, RDFS.comment, *TARGETS}


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation", "Warning" or "Info"
    shape: str  # dsh: local name of sh:sourceShape
    focus: str
    message: str


@pytest.fixture(scope="module")
def shapes_graph() -> rdflib.Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology_graph() -> rdflib.Graph:
    return load_ontology()


def load_case(path: Path) -> rdflib.Graph:
    """The case (all named graphs of a TriG file, merged) with the shared entities."""
    graph = rdflib.Graph().parse(ENTITIES, format="turtle")
    if path.suffix != ".trig":
        return graph.parse(path, format="turtle")
    dataset = rdflib.Dataset()
    dataset.parse(path, format="trig")
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


def validate(data: rdflib.Graph, shapes_graph, ontology_graph) -> tuple[bool, list[Result]]:
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes_graph, ont_graph=ontology_graph,
                                               inference="none", allow_warnings=True)
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        results.append(Result(severity=str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                              shape=str(shape).replace(SHAPES_NAMESPACE, "dsh:"),
                              focus=str(report.value(node, SH.focusNode)),
                              message=str(report.value(node, SH.resultMessage) or "")))
    return conforms, results


def expected_shapes(path: Path) -> set[str]:
    return set(re.findall(r"^# expect: (dsh:\w+)\s*$", path.read_text(encoding="utf-8"), re.M))


def describe(results: list[Result]) -> str:
    return "\n".join(f"  {r.severity} {r.shape} on {r.focus}: {r.message}" for r in results) or "  (none)"


# --- the shape files -----------------------------------------------------------------------------

def test_one_file_per_concern_and_all_are_listed():
    names = [p.name for p in SHAPE_FILES]
    assert names == sorted(names)
    assert {"entities.ttl", "events.ttl", "positions.ttl", "statements.ttl", "provenance.ttl"} <= set(names)
    assert all(p.parent == SHAPES_DIR for p in SHAPE_FILES)


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.name)
def test_shape_file_parses_and_describes_itself(path):
    graph = rdflib.Graph().parse(path, format="turtle")
    header = rdflib.URIRef(f"https://w3id.org/peninsula/shapes/{path.stem}")
    assert graph.value(header, rdflib.URIRef("http://purl.org/dc/terms/description")) is not None
    assert (header, rdflib.URIRef("http://purl.org/dc/terms/conformsTo"), rdflib.URIRef("https://www.w3.org/TR/shacl/")) in graph


def _all_shapes(graph: rdflib.Graph) -> set:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(graph.objects(None, SH.property)) | set(graph.objects(None, SH.node))
    shapes |= set(graph.objects(None, SH["not"])) | set(graph.objects(None, SH.qualifiedValueShape))
    for logical in (SH["or"], SH["and"], SH.xone):
        for lst in graph.objects(None, logical):
            shapes |= set(rdflib.collection.Collection(graph, lst))
    return shapes


def test_every_shape_is_named_and_explains_itself(shapes_graph):
    problems = []
    for shape in _all_shapes(shapes_graph):
        if not (isinstance(shape, rdflib.URIRef) and str(shape).startswith(SHAPES_NAMESPACE)):
            problems.append(f"{shape}: not a named dsh: shape")
            continue
        for prop in (SH.name, SH.description, SH.message):
            values = list(shapes_graph.objects(shape, prop))
            if len(values) != 1 or values[0].language != "en":
                problems.append(f"{shape}: needs exactly one {prop.fragment}@en")
    assert not problems, "\n".join(sorted(problems))


def _reporting_shapes(graph: rdflib.Graph) -> dict[str, str]:
    """dsh: name -> severity, for every shape whose failures appear in a report as its own:
    property shapes of a targeted node shape, and targeted node shapes with a constraint of
    their own."""
    reporting = {}
    for node_shape in {s for t in TARGETS for s in graph.subjects(t, None)}:
        for prop_shape in graph.objects(node_shape, SH.property):
            reporting[prop_shape] = graph.value(prop_shape, SH.severity)
        if set(graph.predicates(node_shape)) - NON_CONSTRAINTS:
            reporting[node_shape] = graph.value(node_shape, SH.severity)
    return {str(s).replace(SHAPES_NAMESPACE, "dsh:"): str(sev).rsplit("#", 1)[-1] for s, sev in reporting.items()}


def test_every_reporting_shape_states_its_severity(shapes_graph):
    severities = _reporting_shapes(shapes_graph)
    assert len(severities) > 40
    assert {s for s, sev in severities.items() if sev not in ("Violation", "Warning")} == set()


def test_shapes_only_use_terms_the_ontology_declares(shapes_graph, ontology_graph):
    declared = set(ontology_graph.subjects(RDF.type, None))
    used = {t for triple in shapes_graph for t in triple
            if isinstance(t, rdflib.URIRef) and str(t).startswith(NAMESPACE)}
    assert used - declared == set()


# --- the cases -------------------------------------------------------------------------------------

def test_there_are_enough_cases():
    assert len(VALID) >= 2 and len(INVALID) >= 12 and len(WARNING) >= 1


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_article_graph_conforms_without_any_result(path, shapes_graph, ontology_graph):
    data = load_case(path)
    assert len(data) > 150, "a realistic article graph"
    conforms, results = validate(data, shapes_graph, ontology_graph)
    assert conforms and results == [], f"{path.name}:\n{describe(results)}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_case_reports_exactly_its_violation(path, shapes_graph, ontology_graph):
    expected = expected_shapes(path)
    assert len(expected) == 1, f"{path.name}: name exactly one `# expect: dsh:Shape` in the header"
    conforms, results = validate(load_case(path), shapes_graph, ontology_graph)
    violations = [r for r in results if r.severity == "Violation"]
    assert not conforms
    assert {r.shape for r in violations} == expected, f"{path.name}, expected {expected}:\n{describe(results)}"
    assert all(r.message for r in violations), "every result carries a message for the user"


@pytest.mark.parametrize("path", WARNING, ids=lambda p: p.name)
def test_warning_case_conforms_with_exactly_its_warnings(path, shapes_graph, ontology_graph):
    expected = expected_shapes(path)
    assert expected, f"{path.name}: name the expected warnings with `# expect: dsh:Shape` lines"
    conforms, results = validate(load_case(path), shapes_graph, ontology_graph)
    assert conforms, f"{path.name}:\n{describe(results)}"
    assert {r.severity for r in results} == {"Warning"}
    assert {r.shape for r in results} == expected, f"{path.name}, expected {expected}:\n{describe(results)}"


@pytest.mark.parametrize("severity, cases", [("Violation", INVALID), ("Warning", WARNING)])
def test_every_reporting_shape_has_a_case(shapes_graph, severity, cases):
    shapes = {s for s, sev in _reporting_shapes(shapes_graph).items() if sev == severity}
    covered = set().union(*(expected_shapes(p) for p in cases))
    assert shapes - covered == set(), f"{severity} shapes without a test case"
    assert covered - shapes == set(), "cases expecting shapes that do not exist"


# --- how validation must be called ------------------------------------------------------------------

def test_validation_needs_the_ontology_mixed_in(shapes_graph):
    """Without the ontology, the controlled individuals (dip:Held, dip:Denuclearization...)
    have no type in the data, so sh:class fails: the builder must pass ont_graph."""
    conforms, results = validate(load_case(VALID[0]), shapes_graph, None)
    assert not conforms
    assert "dsh:TopicValueShape" in {r.shape for r in results}


def test_entity_shapes_need_the_entity_descriptions(shapes_graph, ontology_graph):
    """An article graph validated alone fails the class checks: the builder must merge in
    the descriptions of every entity it references (and those they reference in turn)."""
    alone = rdflib.Graph()
    for subject, predicate, obj in load_case(VALID[0]):
        alone.add((subject, predicate, obj))
    alone -= rdflib.Graph().parse(ENTITIES, format="turtle")
    conforms, results = validate(alone, shapes_graph, ontology_graph)
    assert not conforms
    assert {"dsh:EventParticipantShape", "dsh:PolicyPositionHolderShape"} <= {r.shape for r in results}
