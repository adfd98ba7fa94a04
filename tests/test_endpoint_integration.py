"""The demo graph served by the real server (gunicorn on loopback), asked over HTTP."""
from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.slow

ENVOYS = """PREFIX dip: <https://w3id.org/peninsula/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?p a dip:Envoy ; rdfs:label ?name } ORDER BY ?name"""


def ask(base, query, accept, method="GET"):
    if method == "GET":
        req = urllib.request.Request(base + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    else:
        req = urllib.request.Request(base + "/sparql", data=query.encode(), method="POST",
                                     headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.headers, resp.read().decode("utf-8")


def test_envoys_over_http_as_json(live_server):
    headers, body = ask(live_server, ENVOYS, "application/sparql-results+json")
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == ["Lee Do-hoon", "Stephen Biegun"]
    assert headers["X-Peninsula-Engine"] == "oxigraph"


def test_envoys_over_http_as_csv_by_post(live_server):
    _, body = ask(live_server, ENVOYS, "text/csv", method="POST")
    assert [r["name"] for r in csv.DictReader(io.StringIO(body))] == ["Lee Do-hoon", "Stephen Biegun"]


def test_meetings_as_turtle_construct(live_server):
    from rdflib import Graph

    q = """PREFIX dip: <https://w3id.org/peninsula/ontology#>
    CONSTRUCT { ?m dip:participant ?p } WHERE { ?m a dip:Meeting ; dip:participant ?p }"""
    _, body = ask(live_server, q, "text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) >= 6


def test_a_bad_query_is_a_400_with_the_reason(live_server):
    with pytest.raises(urllib.error.HTTPError) as info:
        ask(live_server, "SELECT ?x WHERE {", "application/sparql-results+json")
    assert info.value.code == 400


def test_the_query_page_is_served(live_server):
    with urllib.request.urlopen(live_server + "/", timeout=10) as resp:
        page = resp.read().decode()
    assert "<textarea" in page and "dip:Envoy" in page
