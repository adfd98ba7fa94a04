"""Validation: an article graph against the shapes (pySHACL) and its evidence against the text.

`validate_graph` returns a report as a value; it raises only when validation itself cannot
run. The data validated is one article graph plus the descriptions of the entities it
references, with the ontology mixed in, so `sh:class` checks see the materialised types.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from .iri import DIP


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    shape: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)


@lru_cache(maxsize=1)
def _shapes_and_ontology() -> tuple[Graph, Graph]:
    """The shapes, and the part of the ontology that `sh:class` needs: named class axioms and
    the types of its individuals. pySHACL's `ont_graph` mix-in copies the whole ontology into
    every data graph it validates (0.1 s per article at best, minutes when the ontology links
    its concepts both ways); this skeleton gives the same results at a fraction of the cost."""
    import ontology
    import shapes
    from rdflib import RDFS, URIRef as U

    onto = ontology.load_ontology()
    skeleton = Graph()
    for p in (RDF.type, RDFS.subClassOf):
        for s, o in onto.subject_objects(p):
            if isinstance(s, U) and isinstance(o, U):
                skeleton.add((s, p, o))
    return shapes.load_shapes(), skeleton


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _present(triples) -> bool:
    return next(iter(triples), None) is not None


def targeted_property_shapes(shacl: Graph) -> Graph:
    """The same shapes, with each property shape of a targeted node shape given that node
    shape's targets instead of hanging from it by `sh:property`.

    The two forms validate the same nodes with the same results (a property shape may carry
    targets itself, SHACL 2.1.3), but pySHACL evaluates a nested property shape once per focus
    node and a targeted one once for all of them: 6x faster on a batch of articles. Left
    alone: property shapes shared with untargeted or `sh:closed` shapes, or used in `sh:node`,
    `sh:not` or a qualified value shape. The files in shapes/ stay as written for review."""
    g = Graph()
    for t in shacl:
        g.add(t)
    for prop in set(g.objects(None, SH.property)):
        owners = set(g.subjects(SH.property, prop))
        if any((o, SH.closed, None) in g or (o, SH.deactivated, None) in g
               or not _present(v for t in _TARGETS for v in g.objects(o, t)) for o in owners):
            continue
        if _present(s for p in (SH.node, SH["not"], SH.qualifiedValueShape) for s in g.subjects(p, prop)) \
                or _present(v for t in _TARGETS for v in g.objects(prop, t)):
            continue
        for owner in owners:
            for t in _TARGETS:
                for v in g.objects(owner, t):
                    g.add((prop, t, v))
            g.remove((owner, SH.property, prop))
    return g


@lru_cache(maxsize=2)
def _compiled_shapes(without_sparql: bool) -> Graph:
    return targeted_property_shapes(_shapes_without_sparql() if without_sparql else _shapes_and_ontology()[0])


@lru_cache(maxsize=1)
def _shapes_without_sparql() -> Graph:
    """The shapes with their SPARQL-based constraints deactivated.

    Those constraints (the evidence text equals the article body between its offsets) run in
    rdflib's SPARQL engine once per evidence node: 95% of validation time. The build checks
    the same rule natively with `check_evidence`; `peninsula validate` on files keeps them."""
    from rdflib import Literal

    shacl = Graph()
    for t in _shapes_and_ontology()[0]:
        shacl.add(t)
    for shape in set(shacl.subjects(SH.sparql, None)):
        shacl.add((shape, SH.deactivated, Literal(True)))
    return shacl


def validate_graph(data: Graph, *, native_evidence_check: bool = False, in_place: bool = False) -> ValidationReport:
    """Validate one graph against Peninsula's shapes; warnings do not break conformance.

    With `native_evidence_check`, the SPARQL constraints on evidence are left to the caller's
    `check_evidence` (the build does this: same rule, a fraction of the time). With
    `in_place`, the ontology skeleton is added to `data` itself rather than to a copy."""
    from pyshacl import validate

    shacl = _compiled_shapes(native_evidence_check)
    skeleton = _shapes_and_ontology()[1]
    if in_place:
        for triple in skeleton:
            data.add(triple)
    else:
        data = data + skeleton
    _, report, _ = validate(data, shacl_graph=shacl, inference="none", allow_warnings=True, inplace=True)
    out = ValidationReport(conforms=True)
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        v = Violation(focus=str(report.value(result, SH.focusNode)),
                      path=str(report.value(result, SH.resultPath) or ""),
                      message=str(report.value(result, SH.resultMessage) or ""),
                      severity=str(severity).rsplit("#", 1)[-1],
                      shape=str(report.value(result, SH.sourceShape) or ""))
        if severity == SH.Violation:
            out.violations.append(v)
            out.conforms = False
        else:
            out.warnings.append(v)
    return out


def check_evidence(data, body: str) -> list[Violation]:
    """Every evidence text must equal the article body between its offsets.

    `data` is any iterable of triples: an rdflib Graph or the builder's emitted triples."""
    wanted = {DIP.text: "text", DIP.startOffset: "start", DIP.endOffset: "end"}
    nodes, values = set(), {}
    for s, p, o in data:
        if p == RDF.type and o == DIP.Evidence:
            nodes.add(s)
        elif p in wanted:
            values.setdefault(s, {})[wanted[p]] = o
    problems = []
    for ev in nodes:
        found = values.get(ev, {})
        text, start, end = found.get("text"), found.get("start"), found.get("end")
        if text is None or start is None or end is None or body[int(start):int(end)] != str(text):
            problems.append(Violation(focus=str(ev), path=str(DIP.text), severity="Violation",
                                      shape="evidence-offsets",
                                      message="the evidence text is not the article text between its offsets"))
    return problems


def validate_file(path: str) -> ValidationReport:
    """Validate an RDF file (any format rdflib reads; named graphs are validated as one)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(path)
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    report = validate_graph(g)
    for art in g.subjects(RDF.type, DIP.Article):
        body = g.value(art, URIRef("https://schema.org/articleBody"))
        if body is not None:
            evs = Graph()
            for ev in g.subjects(DIP.inArticle, art):
                for t in g.triples((ev, None, None)):
                    evs.add(t)
            bad = check_evidence(evs, str(body))
            report.violations += bad
            report.conforms = report.conforms and not bad
    return report
