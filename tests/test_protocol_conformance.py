"""The W3C SPARQL 1.1 protocol tests (sparql11/protocol in w3c/rdf-tests) and the rules of
the Protocol, Query Results (CSV/TSV) and Service Description specs, sent as raw HTTP to
`peninsula serve` on loopback, plus the same endpoint through SPARQLWrapper and rdflib.

Two servers run on copies of a store holding the protocol tests' data (three graphs): one
read-only, one started with an update secret (the update tests send it, as the W3C 1.2
runner sends an Authorization header with every request).
"""
from __future__ import annotations

import csv
import http.client
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph
import pytest

from .conftest import running_server

DATA = Path(__file__).parent / "data" / "protocol" / "kasei.trig"
D1, D2, D3 = (f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3))
SECRET = "w3c protocol tests secret"
AUTH = {"Authorization": f"Bearer {SECRET}"}
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
JSON_OR_XML = ("application/sparql-results+json", "application/sparql-results+xml")


def make_store(folder: Path) -> Path:
    from server.snapshots import publish

    store = pyoxigraph.Store(str(folder))
    store.load(path=str(DATA), format=pyoxigraph.RdfFormat.TRIG)
    publish(store, folder)
    del store
    (folder / "peninsula-state.json").write_text('{"version": 1, "articles": {}}', encoding="utf-8")
    return folder


class Server:
    """Raw HTTP requests to a live server (see conftest.running_server)."""

    def __init__(self, base: str):
        self.port = int(base.rsplit(":", 1)[1])

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict | None = None) -> "Reply":
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            if isinstance(body, str):
                body = body.encode("utf-8")
            conn.putrequest(method, path, skip_accept_encoding=True)
            for key, value in (headers or {}).items():
                conn.putheader(key, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()


class Reply:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    def boolean(self) -> bool:
        if self.media_type == "application/sparql-results+json":
            return json.loads(self.body)["boolean"]
        assert self.media_type == "application/sparql-results+xml", self.media_type
        return ET.fromstring(self.body).find(f"{RESULTS_NS}boolean").text == "true"

    def rows(self) -> list[dict]:
        if self.media_type == "application/sparql-results+json":
            return [{k: v["value"] for k, v in b.items()} for b in json.loads(self.body)["results"]["bindings"]]
        root = ET.fromstring(self.body)
        return [{b.get("name"): "".join(b.itertext()) for b in r} for r in root.iter(f"{RESULTS_NS}result")]


@pytest.fixture(scope="module")
def ro(tmp_path_factory):
    with running_server(make_store(tmp_path_factory.mktemp("protocol-ro") / "store")) as base:
        yield Server(base)


@pytest.fixture(scope="module")
def rw(tmp_path_factory):
    store = make_store(tmp_path_factory.mktemp("protocol-rw") / "store")
    with running_server(store, UPDATE_SECRET=SECRET) as base:
        yield Server(base)


def q(query: str, **params) -> str:
    pairs = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in params.items()
                                  for v in (vs if isinstance(vs, list) else [vs])]
    return "/sparql?" + urllib.parse.urlencode(pairs)


DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
UPDATE = {"Content-Type": "application/sparql-update"}


# --- W3C protocol tests: queries -------------------------------------------------------------------

def test_query_post_form(ro):
    r = ro.request("POST", "/sparql", "query=ASK%20%7B%7D", FORM)
    assert r.status == 200 and r.media_type in JSON_OR_XML and r.boolean() is True


def test_query_get(ro):
    r = ro.request("GET", q("ASK {}"))
    assert r.status == 200 and r.media_type in JSON_OR_XML and r.boolean() is True


def test_query_post_direct(ro):
    r = ro.request("POST", "/sparql", "ASK {}", DIRECT)
    assert r.status == 200 and r.boolean() is True


def test_query_dataset_default_graphs_get(ro):
    r = ro.request("GET", q(f"ASK {{ <{D1}> a ?type . <{D2}> a ?type }}", default_graph_uri=[D1, D2]))
    assert r.status == 200 and r.boolean() is True


def test_query_dataset_default_graphs_post(ro):
    path = "/sparql?" + urllib.parse.urlencode([("default-graph-uri", D1), ("default-graph-uri", D2)])
    r = ro.request("POST", path, f"ASK {{ <{D1}> ?p ?o . <{D2}> ?p ?o }}", DIRECT)
    assert r.status == 200 and r.boolean() is True


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_query_dataset_named_graphs(ro, method):
    query = "ASK { GRAPH ?g { ?s ?p ?o } }"
    if method == "GET":
        r = ro.request("GET", q(query, named_graph_uri=[D1, D2]))
    else:
        path = "/sparql?" + urllib.parse.urlencode([("named-graph-uri", D1), ("named-graph-uri", D2)])
        r = ro.request("POST", path, query, DIRECT)
    assert r.status == 200 and r.boolean() is True


def test_query_dataset_full(ro):
    path = "/sparql?" + urllib.parse.urlencode([("default-graph-uri", D3), ("named-graph-uri", D1),
                                                ("named-graph-uri", D2)])
    r = ro.request("POST", path, "SELECT ?g ?x ?s { ?x ?y ?o GRAPH ?g { ?s ?p ?o } }", DIRECT)
    assert r.status == 200
    assert sorted((row["g"], row["x"], row["s"]) for row in r.rows()) == [(D1, D3, D1), (D2, D3, D2)]


def test_query_multiple_dataset_the_protocol_dataset_overrides_from(ro):
    path = "/sparql?" + urllib.parse.urlencode([("default-graph-uri", D2)])
    r = ro.request("POST", path, f"ASK FROM <{D1}> {{ <{D1}> ?p ?o }}", DIRECT)
    assert r.status == 200 and r.boolean() is False


def test_query_content_type_select(ro):
    r = ro.request("POST", "/sparql", "SELECT (1 AS ?value) {}", DIRECT)
    assert r.status == 200 and r.media_type in JSON_OR_XML + ("text/tab-separated-values", "text/csv")


def test_query_content_type_ask(ro):
    r = ro.request("POST", "/sparql", "ASK {}", DIRECT)
    assert r.status == 200 and r.media_type in JSON_OR_XML


@pytest.mark.parametrize("query", ["DESCRIBE <http://example.org/>", "CONSTRUCT { <s> <p> 1 } WHERE {}"])
def test_query_content_type_graph(ro, query):
    r = ro.request("POST", "/sparql", query, DIRECT)
    assert r.status == 200 and r.media_type in ("application/rdf+xml", "application/rdf+json", "text/turtle")


def test_a_relative_iri_resolves_against_the_endpoint(ro):
    r = ro.request("POST", "/sparql", "CONSTRUCT { <s> <p> 1 } WHERE {}", {**DIRECT, "Accept": "application/n-triples"})
    assert r.status == 200 and f"<http://127.0.0.1:{ro.port}/s>" in r.body.decode()


def test_query_base_uri(ro):
    r = ro.request("GET", q("BASE <http://example.org/> ASK { FILTER(<x> = <http://example.org/x>) }"))
    assert r.status == 200 and r.boolean() is True


# --- W3C protocol tests: bad queries -----------------------------------------------------------------

def test_bad_query_method_is_405_with_allow(ro):
    r = ro.request("PUT", q("ASK {}"))
    assert r.status == 405 and {"GET", "POST"} <= set(r.headers["allow"].replace(" ", "").split(","))


@pytest.mark.parametrize("request_", [
    ("GET", q("ASK {}") + "&" + urllib.parse.urlencode({"query": "SELECT * {}"}), None, {}),  # two queries
    ("POST", "/sparql", "ASK {}", {"Content-Type": "text/plain"}),  # wrong media type
    ("POST", "/sparql", "query=ASK%20%7B%7D", {}),  # missing form type
    ("POST", "/sparql", "ASK {}", {}),  # missing direct type
    ("POST", "/sparql", "ASK {}".encode("utf-16"), {"Content-Type": "application/sparql-query; charset=UTF-16"}),
    ("GET", q("ASK {"), None, {}),  # syntax
    ("POST", "/sparql", "query=ASK%20%7B%7D&query=ASK%20%7B%7D", FORM),  # two queries in a form body
    ("GET", q("ASK {}", version=["1.1", "1.2"]), None, {}),  # two versions
    ("GET", q("ASK {}"), "ASK {}", DIRECT),  # a GET with a body
], ids=["multiple-queries", "wrong-media-type", "missing-form-type", "missing-direct-type", "non-utf8",
        "syntax", "multiple-queries-form", "multiple-versions", "get-with-body"])
def test_bad_query_is_4xx(ro, request_):
    method, path, body, headers = request_
    r = ro.request(method, path, body, headers)
    assert 400 <= r.status < 500, r.body
    assert r.body.strip(), "the client is told what was wrong"


def test_a_syntax_error_says_where(ro):
    r = ro.request("GET", q("SELECT * WHERE { ?s ?p }"))
    assert r.status == 400 and b"1:" in r.body


def test_unknown_parameters_and_headers_are_ignored(ro):
    r = ro.request("GET", q("ASK {}", clientRequestId="42", version="1.1"), headers={**AUTH, "X-Whatever": "1"})
    assert r.status == 200 and r.boolean() is True
    r = ro.request("POST", "/sparql", "ASK {}", {"Content-Type": "application/sparql-query; version=1.2"})
    assert r.status == 200


def test_query_post_form_dataset(ro):
    body = urllib.parse.urlencode([("query", f"ASK {{ <{D1}> ?p ?o }}"), ("default-graph-uri", D1)])
    r = ro.request("POST", "/sparql", body, FORM)
    assert r.status == 200 and r.boolean() is True


@pytest.mark.parametrize("accept", JSON_OR_XML)
def test_query_content_negotiation(ro, accept):
    r = ro.request("GET", q("ASK {}"), headers={"Accept": accept})
    assert r.status == 200 and r.media_type == accept


# --- W3C protocol tests: updates ----------------------------------------------------------------

DATASET_UPDATE = f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {{
  GRAPH <{D1}> {{ <{D1}> a foaf:Document }}
  GRAPH <{D2}> {{ <{D2}> a foaf:Document }}
  GRAPH <{D3}> {{ <{D3}> a foaf:Document }}
}} ;
INSERT {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ ?s a dc:BibliographicResource }} }}
WHERE {{ {{ ?s a foaf:Document }} UNION {{ GRAPH ?g {{ ?s a foaf:Document }} }} }}"""
MARKED = "ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ <{}> a <http://purl.org/dc/terms/BibliographicResource> }} }}"


@pytest.mark.parametrize("params, marked", [
    ([("using-graph-uri", D1)], {D1}),
    ([("using-graph-uri", D1), ("using-graph-uri", D2)], {D1, D2}),
    ([("using-named-graph-uri", D1), ("using-named-graph-uri", D2)], {D1, D2}),
    ([("using-graph-uri", D1), ("using-named-graph-uri", D2)], {D1, D2}),
], ids=["default-graph", "default-graphs", "named-graphs", "full"])
def test_update_dataset(rw, params, marked):
    r = rw.request("POST", "/sparql?" + urllib.parse.urlencode(params), DATASET_UPDATE, {**UPDATE, **AUTH})
    assert r.status == 200, r.body
    for doc in (D1, D2, D3):
        answer = rw.request("GET", q(MARKED.format(doc)), headers={"Accept": "application/sparql-results+xml"})
        assert answer.boolean() is (doc in marked), doc


def test_update_post_form_and_direct(rw):
    assert rw.request("POST", "/sparql", "update=CLEAR%20ALL", {**FORM, **AUTH}).status == 200
    assert rw.request("POST", "/sparql", "CLEAR ALL", {**UPDATE, **AUTH}).status == 200


def test_update_base_uri(rw):
    graph = "http://example.org/protocol-base-test/"
    r = rw.request("POST", "/sparql", f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> <test> }} }}",
                   {**UPDATE, **AUTH})
    assert r.status == 200
    rows = rw.request("GET", q(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")).rows()
    assert len(rows) == 1 and rows[0]["o"] != "test" and rows[0]["o"].startswith("http://")


@pytest.mark.parametrize("request_", [
    ("GET", "/sparql?update=CLEAR%20ALL", None, AUTH),
    ("POST", "/sparql", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", {**FORM, **AUTH}),
    ("POST", "/sparql", "CLEAR NAMED", {"Content-Type": "text/plain", **AUTH}),
    ("POST", "/sparql", "update=CLEAR%20NAMED", AUTH),
    ("POST", "/sparql", "CLEAR NAMED".encode("utf-16"), {"Content-Type": "application/sparql-update; charset=UTF-16", **AUTH}),
    ("POST", "/sparql", "update=CLEAR%20XYZ", {**FORM, **AUTH}),
    ("POST", "/sparql?" + urllib.parse.urlencode({"using-named-graph-uri": D1}),
     "update=" + urllib.parse.quote(f"WITH <{D1}> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p ?o }}"),
     {**FORM, **AUTH}),
    ("POST", "/sparql?update=CLEAR%20ALL", "", {**FORM, **AUTH}),
], ids=["get", "multiple-updates", "wrong-media-type", "missing-form-type", "non-utf8", "syntax",
        "dataset-conflict", "form-body-missing"])
def test_bad_update_is_4xx_and_changes_nothing(rw, request_):
    rw.request("POST", "/sparql", f"INSERT DATA {{ GRAPH <{D1}> {{ <{D1}> a <http://x/Keep> }} }}", {**UPDATE, **AUTH})
    method, path, body, headers = request_
    r = rw.request(method, path, body, headers)
    assert 400 <= r.status < 500 and r.body.strip()
    assert rw.request("GET", q(f"ASK {{ GRAPH <{D1}> {{ <{D1}> a <http://x/Keep> }} }}")).boolean() is True


def test_a_read_only_server_refuses_updates_with_403(ro):
    for body, headers in (("CLEAR ALL", {**UPDATE, **AUTH}), ("update=CLEAR%20ALL", FORM)):
        r = ro.request("POST", "/sparql", body, headers)
        assert r.status == 403 and b"read-only" in r.body
    assert ro.request("GET", q(f"ASK {{ GRAPH <{D1}> {{ ?s ?p ?o }} }}")).boolean() is True


# --- HTTP: HEAD, OPTIONS, CORS, Vary -------------------------------------------------------------

def test_head_options_cors_and_vary(ro):
    get = ro.request("GET", q("SELECT * { ?s ?p ?o }"), headers={"Origin": "https://example.org"})
    head = ro.request("HEAD", q("SELECT * { ?s ?p ?o }"))
    assert head.status == 200 and head.body == b"" and head.media_type == get.media_type
    assert get.headers["access-control-allow-origin"] == "*" and "Accept" in get.headers["vary"]
    pre = ro.request("OPTIONS", "/sparql", headers={"Origin": "https://example.org",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert pre.status in (200, 204) and "POST" in pre.headers["access-control-allow-methods"]


# --- result formats ---------------------------------------------------------------------------------

TRICKY = ('SELECT ?a ?b ?c ?d WHERE { VALUES (?a ?b ?c ?d) { '
          '("x,\\"y\\"\\nz" <http://example.org/é> 1.5 UNDEF) ("tab\\there"@en UNDEF 2 "2019-02-27"^^<http://www.w3.org/2001/XMLSchema#date>) } }')


def test_csv_follows_the_spec(ro):
    r = ro.request("GET", q(TRICKY), headers={"Accept": "text/csv"})
    assert r.status == 200 and r.headers["content-type"].startswith("text/csv")
    text = r.body.decode("utf-8")
    assert text.startswith("a,b,c,d\r\n"), "header without ?, CRLF line ends"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ['x,"y"\nz', "http://example.org/é", "1.5", ""]
    assert rows[2] == ["tab\there", "", "2", "2019-02-27"]


def test_tsv_follows_the_spec(ro):
    r = ro.request("GET", q(TRICKY), headers={"Accept": "text/tab-separated-values"})
    assert r.status == 200
    lines = r.body.decode("utf-8").split("\n")
    assert lines[0] == "?a\t?b\t?c\t?d" and "\r" not in r.body.decode()
    assert lines[1].split("\t") == ['"x,\\"y\\"\\nz"', "<http://example.org/é>", "1.5", ""]
    assert lines[2].split("\t") == ['"tab\\there"@en', "", "2", '"2019-02-27"^^<http://www.w3.org/2001/XMLSchema#date>']


# --- service description ----------------------------------------------------------------------------

@pytest.mark.parametrize("accept, fmt", [("text/turtle", pyoxigraph.RdfFormat.TURTLE),
                                         ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
                                         ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD)])
def test_service_description(ro, rw, accept, fmt):
    sd = "http://www.w3.org/ns/sparql-service-description#"
    for server, update in ((ro, False), (rw, True)):
        r = server.request("GET", "/sparql", headers={"Accept": accept})
        assert r.status == 200 and r.media_type == accept
        triples = [qd.triple for qd in pyoxigraph.parse(r.body, format=fmt)]
        endpoints = [t.object.value for t in triples if t.predicate.value == sd + "endpoint"]
        assert endpoints == [f"http://127.0.0.1:{server.port}/sparql"]
        languages = {t.object.value for t in triples if t.predicate.value == sd + "supportedLanguage"}
        assert (sd + "SPARQL11Query" in languages) and ((sd + "SPARQL11Update" in languages) is update)
        formats = {t.object.value for t in triples if t.predicate.value == sd + "resultFormat"}
        assert "http://www.w3.org/ns/formats/SPARQL_Results_TSV" in formats


# --- real clients ---------------------------------------------------------------------------------

def test_sparqlwrapper_queries_and_updates(rw):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    url = f"http://127.0.0.1:{rw.port}/sparql"
    update = SPARQLWrapper(url)
    update.setMethod(POST)
    update.addCustomHttpHeader("Authorization", f"Bearer {SECRET}")
    update.setQuery(f"INSERT DATA {{ GRAPH <{D3}> {{ <http://x/wrapper> <http://x/says> 'hello' }} }}")
    assert update.query().response.status == 200
    client = SPARQLWrapper(url)
    client.setReturnFormat(JSON)
    client.setQuery("SELECT ?o WHERE { <http://x/wrapper> <http://x/says> ?o }")
    assert [b["o"]["value"] for b in client.query().convert()["results"]["bindings"]] == ["hello"]


def test_rdflib_sparqlstore_reads_the_endpoint(ro):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(SPARQLStore(f"http://127.0.0.1:{ro.port}/sparql"))
    rows = list(graph.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <http://xmlns.com/foaf/0.1/Document> }} }} ORDER BY ?g"))
    assert [str(r.g) for r in rows] == [D1, D2, D3]
