"""`peninsula export-owl`: the demo graph and the ontology in one RDF/XML file that the OWL
API reads as OWL 2 DL and on which HermiT infers the envoys the store materialises."""
from __future__ import annotations

import re
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from ontology import NAMESPACE, ONTOLOGY_IRI
from tests.conftest import ROOT
from tests.test_ontology import needs_java, needs_javac, owlapi_classpath, run_profile_check

pytestmark = pytest.mark.slow  # builds the sample corpus

DIP = rdflib.Namespace(NAMESPACE)
ID = "https://w3id.org/peninsula/id/"
ENVOYS = {ID + "person/lee-dohun", ID + "person/stephen-biegun"}


@pytest.fixture(scope="module")
def exported(sample_build, tmp_path_factory):
    store = sample_build[0]
    out = tmp_path_factory.mktemp("export") / "peninsula.owl"
    result = subprocess.run([sys.executable, "-m", "builder.cli", "export-owl", "--store", str(store), str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout and "Protégé" in result.stdout
    return store, out


@pytest.fixture(scope="module")
def export_graph(exported) -> rdflib.Graph:
    return rdflib.Graph().parse(exported[1], format="xml")


def store_union(store) -> set[tuple]:
    """The store's triples, every graph but the ontology's, as N-Triples strings."""
    from builder.store import open_store

    s = open_store(store, read_only=True)
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in s.quads_for_pattern(None, None, None)
            if q.graph_name != ox.NamedNode(ONTOLOGY_IRI)}


def test_export_is_one_ontology_with_the_axioms_and_the_data(export_graph):
    assert set(export_graph.subjects(RDF.type, OWL.Ontology)) == {rdflib.URIRef(ID + "export")}
    assert (DIP.Envoy, OWL.equivalentClass, None) in export_graph  # the ontology's axioms
    people = set(export_graph.subjects(RDF.type, DIP.Person))
    assert {rdflib.URIRef(e) for e in ENVOYS} <= people
    assert len(set(export_graph.subjects(RDF.type, DIP.Article))) == 2


def test_export_leaves_envoy_and_superclass_types_to_the_reasoner(exported, export_graph):
    assert (None, RDF.type, DIP.Envoy) not in export_graph
    lee = rdflib.URIRef(ID + "person/lee-dohun")
    assert set(export_graph.objects(lee, RDF.type)) == {DIP.Person}  # not dip:Agent either
    # the store itself keeps the materialised types for SPARQL without a reasoner
    union = store_union(exported[0])
    assert (f"<{lee}>", f"<{RDF.type}>", f"<{DIP.Envoy}>") in union


def test_every_store_triple_is_in_the_export_once_apart_from_types_and_dates(exported):
    union = store_union(exported[0])
    text = exported[1].read_text(encoding="utf-8")
    nt = {(str(q.subject), str(q.predicate), str(q.object))
          for q in ox.parse(path=exported[1], format=ox.RdfFormat.RDF_XML)}
    dates = 0
    for s, p, o in union:
        if p == f"<{RDF.type}>":
            continue
        if o.endswith(("#date>", "#gYearMonth>", "#gYear>")):
            dates += 1
            lexical = o.split('"')[1]
            assert (s, p, str(ox.Literal(lexical))) in nt, (s, p, o)  # an xsd:string
            continue
        assert (s, p, o) in nt, (s, p, o)
    assert dates > 0
    assert "XMLSchema#date" not in text and "XMLSchema#gYearMonth" not in text
    # offsets and confidences keep their OWL 2 datatypes
    assert "XMLSchema#integer" in text and "XMLSchema#decimal" in text


@needs_javac
def test_export_is_owl2_dl_for_the_owl_api(exported):
    result = run_profile_check(exported[1])
    assert result.returncode == 0, f"{owlapi_classpath()[1]}:\n{result.stdout}{result.stderr}"
    assert "violation" not in result.stdout


@needs_java
def test_hermit_finds_the_export_consistent_and_infers_the_envoys(exported):
    from builder.reasoner import check_ontology, classify

    started = time.perf_counter()
    report = check_ontology(ontology_path=exported[1])
    types = classify([], ontology_path=exported[1])
    print(f"HermiT on the sample export: check {report.seconds:.1f} s, check + classify "
          f"{time.perf_counter() - started:.1f} s ({report.message})")

    assert report.ok, report.message
    envoys = {iri for iri, classes in types.items() if NAMESPACE + "Envoy" in classes}
    assert envoys == ENVOYS
    assert NAMESPACE + "Agent" in types[ID + "person/lee-dohun"]  # a superclass, inferred too
    # the reasoner and the store's materialisation agree on who is an envoy
    materialised = {s.strip("<>") for s, p, o in store_union(exported[0])
                    if p == f"<{RDF.type}>" and o == f"<{NAMESPACE}Envoy>"}
    assert envoys == materialised


def test_export_owl_refuses_a_folder_that_is_not_a_store(tmp_path):
    result = subprocess.run([sys.executable, "-m", "builder.cli", "export-owl", "--store", str(tmp_path),
                             str(tmp_path / "out.owl")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "not a Peninsula store" in result.stderr
    assert not (tmp_path / "out.owl").exists()



@needs_java
def test_ontology_check_command_reasons_on_the_export(exported):
    result = subprocess.run([sys.executable, "-m", "builder.cli", "ontology", "check", str(exported[1])],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(rf"^{re.escape(str(exported[1]))}: \d+ classes, \d+ properties, \d+ individuals$", result.stdout, re.M)
    assert "HermiT: consistent" in result.stdout
