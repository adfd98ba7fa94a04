"""The pages, VoID, dumps and examples of the demo graph, from the real server over HTTP."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph
import pytest
import rdflib

from server.examples import EXAMPLES

pytestmark = pytest.mark.slow

ID = "https://w3id.org/peninsula/id/"
DIP = rdflib.Namespace("https://w3id.org/peninsula/ontology#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def get(url, accept="*/*", method="GET"):
    request = urllib.request.Request(url, headers={"Accept": accept}, method=method)
    with urllib.request.urlopen(request) as response:
        return response.status, response.headers, response.read()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["title"] for e in EXAMPLES])
def test_every_example_returns_rows_on_the_demo_graph(live_server, example):
    request = urllib.request.Request(
        live_server + "/sparql", data=urllib.parse.urlencode({"query": example["query"]}).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as response:
        rows = json.load(response)["results"]["bindings"]
    assert rows, example["title"]


def test_envoy_meetings_example_finds_lee_and_biegun(live_server):
    example = next(e for e in EXAMPLES if "two countries" in e["title"])
    url = live_server + "/sparql?" + urllib.parse.urlencode({"query": example["query"]})
    rows = json.loads(get(url, "application/sparql-results+json")[2])["results"]["bindings"]
    pairs = {(r["envoy1"]["value"], r["country1"]["value"], r["envoy2"]["value"],
              r["country2"]["value"]) for r in rows}
    assert ("Lee Do-hoon", "South Korea", "Stephen Biegun", "United States") in pairs


def test_entity_page_of_the_demo_graph(live_server):
    status, headers, body = get(live_server + "/id/person/stephen-biegun", "text/html")
    page = body.decode()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Stephen Biegun</h1>" in page
    assert "He will have a separate meeting with Biegun." in page
    assert 'href="/id/person/lee-dohun"' in page
    assert "Special Representative for North Korea (United States)" in page
    status, headers, body = get(live_server + "/id/person/stephen-biegun",
                                "application/ld+json;q=0.4, text/turtle")
    assert headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=body, format="turtle")
    biegun = rdflib.URIRef(ID + "person/stephen-biegun")
    assert (None, DIP.participant, biegun) in graph
    assert any("separate meeting with Biegun" in str(o) for o in graph.objects(None, DIP.text))


def test_article_and_country_pages(live_server):
    page = get(live_server + "/id/article/003_eee84ffccf3f646e", "text/html")[2].decode()
    assert "South Korean nuclear envoy to propose ‘phased denuke approach’ to US counterpart" in page
    assert "Park Han-na" in page and "The Korea Herald" in page and "2019-03-28" in page
    assert "Policy positions it reports" in page
    page = get(live_server + "/id/country/north-korea", "text/html")[2].decode()
    assert 'href="https://www.wikidata.org/wiki/Q423"' in page
    assert "Policy positions it holds" in page


def test_unknown_iri_is_404_over_http(live_server):
    with pytest.raises(urllib.error.HTTPError) as error:
        get(live_server + "/id/person/nobody", "text/html")
    assert error.value.code == 404
    assert "Nothing in the graph has the IRI" in error.value.read().decode()


def test_void_over_http_counts_the_demo_graph(live_server, sample_build):
    _, headers, body = get(live_server + "/.well-known/void", "text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    dataset = graph.value(predicate=rdflib.RDF.type, object=VOID.Dataset)
    store = pyoxigraph.Store.read_only(str(sample_build[0]))
    distinct = {q.triple for q in store}
    assert graph.value(dataset, VOID.triples).toPython() == len(distinct)
    classes = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
               for p in graph.objects(dataset, VOID.classPartition)}
    assert classes[DIP.Article] == 2
    assert classes[DIP.Meeting] == len({q.subject for q in store.quads_for_pattern(
        None, pyoxigraph.NamedNode(str(rdflib.RDF.type)), pyoxigraph.NamedNode(str(DIP.Meeting)))})
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(live_server + "/sparql")
    assert rdflib.URIRef(live_server + "/dumps/peninsula.trig") in set(
        graph.objects(dataset, VOID.dataDump))


def test_dumps_stream_the_whole_store_over_http(live_server, sample_build):
    store = pyoxigraph.Store.read_only(str(sample_build[0]))
    _, headers, body = get(live_server + "/dumps/peninsula.trig")
    assert headers["Content-Type"] == "application/trig"
    assert headers["Content-Disposition"] == 'attachment; filename="peninsula.trig"'
    assert set(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TRIG)) == set(store)
    _, headers, body = get(live_server + "/dumps/peninsula.nq")
    assert set(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_QUADS)) == set(store)
    _, headers, body = get(live_server + "/dumps/peninsula.nt")
    triples = list(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(triples) == len(set(triples)) == len({q.triple for q in store})
    status, headers, body = get(live_server + "/dumps/peninsula.nq", method="HEAD")
    assert status == 200 and body == b""
    assert headers["Content-Type"] == "application/n-quads"
    assert headers["Last-Modified"]
