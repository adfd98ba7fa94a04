"""The build's validation: the shapes through pySHACL, the evidence rule checked natively."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from builder.iri import DIP
from builder.validate import check_evidence, validate_graph

BODY = "Lee Do-hoon met Stephen Biegun in Washington on Friday."
EV = URIRef("https://w3id.org/peninsula/id/evidence/a/0-11")


def evidence_graph(text: str, start: int, end: int) -> Graph:
    g = Graph()
    g.add((EV, RDF.type, DIP.Evidence))
    g.add((EV, DIP.text, Literal(text)))
    g.add((EV, DIP.startOffset, Literal(start, datatype=XSD.integer)))
    g.add((EV, DIP.endOffset, Literal(end, datatype=XSD.integer)))
    return g


def test_evidence_that_slices_the_body_passes():
    assert check_evidence(evidence_graph(BODY[0:11], 0, 11), BODY) == []


def test_evidence_with_shifted_offsets_is_caught():
    problems = check_evidence(evidence_graph(BODY[0:11], 1, 12), BODY)
    assert len(problems) == 1 and "between its offsets" in problems[0].message


def test_evidence_with_other_text_is_caught_even_when_lengths_agree():
    assert check_evidence(evidence_graph("Kim Jong-un", 0, 11), BODY)


def test_the_build_validation_still_reports_shape_violations(sample_build):
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(sample_build[2])
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    assert validate_graph(g, native_evidence_check=True).conforms
    meeting = next(g.subjects(RDF.type, DIP.Meeting))
    g.remove((meeting, DIP.status, None))  # an event without a status breaks the contract
    report = validate_graph(g, native_evidence_check=True)
    assert not report.conforms and any(str(DIP.status) == v.path for v in report.violations)
