"""The build's validation: the shapes through pySHACL, the evidence rule checked natively."""
from __future__ import annotations

import pytest

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from builder.iri import DIP
from builder.validate import check_evidence, validate_graph

# rdflib 7.6's own TriG parser uses its deprecated ConjunctiveGraph API internally.
pytestmark = pytest.mark.filterwarnings("ignore:(ConjunctiveGraph|Dataset.default_context) is deprecated:DeprecationWarning")

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


# --- the build validates compiled shapes, a batch of articles at a time ----------------------------

def _outcome(results):
    return sorted((r.severity, r.shape.rsplit("#", 1)[-1], r.focus) for r in results)


def test_the_compiled_shapes_report_exactly_what_the_shape_files_report():
    """The build hangs property shapes off their node shapes' targets (pySHACL is 6x faster
    so); on every valid, invalid and warning case the results must be the same ones."""
    from .test_shapes import INVALID, VALID, WARNING, load_case, validate as validate_with_files
    from ontology import load_ontology
    from shapes import load_shapes

    shapes, onto = load_shapes(), load_ontology()
    for path in VALID + INVALID + WARNING:
        data = load_case(path)
        files_conform, files_results = validate_with_files(data, shapes, onto)
        report = validate_graph(data)
        ours = _outcome(report.violations + report.warnings)
        theirs = sorted((r.severity, r.shape.replace("dsh:", ""), r.focus) for r in files_results)
        assert (report.conforms, ours) == (files_conform, theirs), path.name


def test_a_violation_in_a_batch_is_charged_to_its_article_alone(monkeypatch):
    """Articles are validated 50 at a time; an extractor bug in one of them must cost that
    article only, with the violation named, and the others must come out stored."""
    from builder import emit
    from builder.ingest import read_articles
    from builder.kb import load_kb
    from builder.pipeline import process_batch

    from .conftest import SAMPLES

    articles = [a for f in sorted(SAMPLES.glob("*.txt")) for a in read_articles(f, load_kb())]
    broken = articles[0].article_id
    article_graph = emit.Emitter.article_graph

    def buggy(self, facts):
        g = article_graph(self, facts)
        if facts.article.article_id == broken:  # a bug: every event loses its status
            return emit.Triples.fromkeys(t for t in g if t[1] != DIP.status)
        return g

    monkeypatch.setattr(emit.Emitter, "article_graph", buggy)
    results = {r.article_id: r for r in process_batch(articles)}
    assert results[broken].status == "invalid" and not results[broken].graph_nt
    assert str(DIP.status) in results[broken].message
    others = [r for aid, r in results.items() if aid != broken]
    assert others and all(r.status == "built" and r.graph_nt and not r.violations for r in others)


def test_the_builders_ntriples_read_back_as_the_same_triples():
    """The build writes article graphs with its own N-Triples writer; hostile text (quotes,
    backslashes, line breaks, tabs, non-ASCII) must come back unchanged through Oxigraph."""
    import pyoxigraph
    from decimal import Decimal

    from builder.emit import Triples

    s, p = URIRef("https://w3id.org/peninsula/id/x"), URIRef("https://w3id.org/peninsula/ontology#text")
    values = [Literal('He said "no" \\ then\nleft\r\tagain — 北'), Literal("Seoul", lang="en"),
              Literal("2019-02-27", datatype=XSD.date), Literal(Decimal("0.85"), datatype=XSD.decimal),
              Literal(12, datatype=XSD.integer), Literal("plain", datatype=XSD.string), URIRef("https://example.org/é")]
    triples = Triples.fromkeys((s, p, o) for o in values)
    parsed = [q.object for q in pyoxigraph.parse(triples.ntriples().encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)]
    assert [o.value for o in parsed] == [str(v) for v in values]
    assert [getattr(o, "language", None) for o in parsed[:2]] == [None, "en"]
    assert parsed[2].datatype.value == str(XSD.date) and parsed[3].datatype.value == str(XSD.decimal)
