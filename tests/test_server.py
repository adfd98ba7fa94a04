"""The SPARQL endpoint and pages, through Flask's test client, on a small on-disk store."""
from __future__ import annotations

import csv
import gc
import io
import json
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from server import create_app

DATA = Path(__file__).parent / "data" / "server" / "store.trig"
DIP = rdflib.Namespace("https://w3id.org/peninsula/ontology#")
ID = "https://w3id.org/peninsula/id/"
ARTICLE_1 = ID + "graph/article/kh-2018-11-14-envoy"
ARTICLE_2 = ID + "graph/article/kh-2019-03-28-phased"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"

PREFIXES = """PREFIX dip: <https://w3id.org/peninsula/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
ENVOYS = PREFIXES + "SELECT DISTINCT ?name WHERE { ?p a dip:Envoy ; rdfs:label ?name } ORDER BY ?name"
TITLES = PREFIXES + "SELECT ?title WHERE { ?a a dip:Article ; dcterms:title ?title } ORDER BY ?title"
LEE_CONSTRUCT = PREFIXES + """CONSTRUCT { ?p rdfs:label ?name ; dip:holdsPost ?post }
WHERE { ?p rdfs:label "Lee Do-hoon"@en ; rdfs:label ?name ; dip:holdsPost ?post }"""
LEE = rdflib.URIRef(ID + "person/lee-do-hoon")
LEE_POST = rdflib.URIRef(ID + "post/rok-special-representative-korean-peninsula")


def build_store(path: Path) -> Path:
    """Bulk-load the test TriG into an on-disk store and close it, as `peninsula build` would."""
    store = pyoxigraph.Store(str(path))
    store.bulk_load(path=DATA, format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("server") / "store")


@pytest.fixture
def app(store_path):
    return create_app({"TESTING": True, "STORE": str(store_path)})


@pytest.fixture
def client(app):
    return app.test_client()


def json_rows(response) -> list[dict[str, str]]:
    doc = response.get_json(force=True)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def names(response) -> list[str]:
    return [row["name"] for row in json_rows(response)]


# --- the three request forms ---------------------------------------------------------

def test_get_query_answers_json(client):
    response = client.get("/sparql", query_string={"query": ENVOYS})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert names(response) == ["Lee Do-hoon", "Stephen Biegun"]


def test_post_form_query(client):
    response = client.post("/sparql", data={"query": ENVOYS})
    assert response.status_code == 200
    assert names(response) == ["Lee Do-hoon", "Stephen Biegun"]


def test_post_direct_query(client):
    response = client.post("/sparql", data=ENVOYS.encode("utf-8"),
                           content_type="application/sparql-query")
    assert response.status_code == 200
    assert names(response) == ["Lee Do-hoon", "Stephen Biegun"]


def test_non_ascii_query_round_trips(client):
    query = PREFIXES + 'SELECT ?a WHERE { ?a dcterms:title ?t FILTER(CONTAINS(?t, "‘phased")) }'
    for response in (client.get("/sparql", query_string={"query": query}),
                     client.post("/sparql", data={"query": query}),
                     client.post("/sparql", data=query.encode("utf-8"),
                                 content_type="application/sparql-query; charset=utf-8")):
        assert response.status_code == 200, response.text
        assert [r["a"] for r in json_rows(response)] == [ID + "article/kh-2019-03-28-phased"]


# --- result formats --------------------------------------------------------------------

def parse_xml(body: bytes) -> list[str]:
    root = ET.fromstring(body)
    return [b.findtext(f"{SPARQL_RESULTS}literal") for b in root.iter(f"{SPARQL_RESULTS}binding")]


def parse_csv(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["name"]
    return [row[0] for row in rows[1:]]


def parse_tsv(body: bytes) -> list[str]:
    lines = body.decode("utf-8").splitlines()
    assert lines[0] == "?name"
    return [line for line in lines[1:]]


@pytest.mark.parametrize("accept, media_type, parse, expected", [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda body: [r["name"]["value"] for r in json.loads(body)["results"]["bindings"]],
     ["Lee Do-hoon", "Stephen Biegun"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", parse_xml,
     ["Lee Do-hoon", "Stephen Biegun"]),
    ("text/csv", "text/csv", parse_csv, ["Lee Do-hoon", "Stephen Biegun"]),
    ("text/tab-separated-values", "text/tab-separated-values", parse_tsv,
     ['"Lee Do-hoon"@en', '"Stephen Biegun"@en']),
])
def test_select_result_formats(client, accept, media_type, parse, expected):
    response = client.get("/sparql", query_string={"query": ENVOYS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert parse(response.data) == expected


@pytest.mark.parametrize("name, media_type", [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
])
def test_format_parameter_overrides_accept(client, name, media_type):
    response = client.get("/sparql", query_string={"query": ENVOYS, "format": name},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert b"Stephen Biegun" in response.data


def test_ask_query(client):
    response = client.get("/sparql", query_string={
        "query": PREFIXES + "ASK { ?p dip:counterpart ?q }"})
    assert response.get_json(force=True)["boolean"] is True


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_formats_parse(client, accept, rdflib_format):
    response = client.get("/sparql", query_string={"query": LEE_CONSTRUCT},
                          headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    assert (LEE, RDFS.label, rdflib.Literal("Lee Do-hoon", lang="en")) in graph
    assert (LEE, DIP.holdsPost, LEE_POST) in graph


def test_construct_defaults_to_turtle_and_describe_works(client):
    for query in (LEE_CONSTRUCT, f"DESCRIBE <{LEE}>"):
        response = client.get("/sparql", query_string={"query": query})
        assert response.status_code == 200
        assert response.mimetype == "text/turtle"
        graph = rdflib.Graph().parse(data=response.data, format="turtle")
        assert (LEE, DIP.holdsPost, LEE_POST) in graph


# --- content negotiation ---------------------------------------------------------------

@pytest.mark.parametrize("accept, media_type", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0.5, text/csv", "text/csv"),
    ("text/csv;q=0.1, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*", "text/csv"),
    ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
])
def test_accept_q_values_choose_results_format(client, accept, media_type):
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get("/sparql", query_string={"query": ENVOYS}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type


@pytest.mark.parametrize("accept, media_type", [
    ("application/sparql-results+json, application/ld+json;q=0.5", "application/ld+json"),
    ("application/n-triples;q=0.9, text/turtle;q=0.4", "application/n-triples"),
    ("application/json", "application/ld+json"),
])
def test_accept_chooses_graph_format(client, accept, media_type):
    response = client.get("/sparql", query_string={"query": LEE_CONSTRUCT},
                          headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type


def test_406_when_nothing_acceptable(client):
    response = client.get("/sparql", query_string={"query": ENVOYS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.text  # says what it can send


def test_406_when_kind_does_not_fit(client):
    response = client.get("/sparql", query_string={"query": LEE_CONSTRUCT},
                          headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "text/turtle" in response.text
    response = client.get("/sparql", query_string={"query": ENVOYS, "format": "turtle"})
    assert response.status_code == 406


def test_protocol_headers(client):
    response = client.get("/sparql", query_string={"query": ENVOYS})
    assert response.headers["X-Peninsula-Engine"] == "oxigraph"
    assert "Accept" in response.headers["Vary"]
    error = client.get("/sparql", query_string={"query": "SELECT"})
    assert error.headers["X-Peninsula-Engine"] == "oxigraph"


# --- errors ----------------------------------------------------------------------------

def test_syntax_error_is_400_with_oxigraph_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?p"})
    assert response.status_code == 400
    assert "Malformed query" in response.text
    assert "error at 1:" in response.text  # Oxigraph's position


def test_error_as_json_when_preferred(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE {"},
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and "Malformed query" in body["message"]


def test_missing_query_is_400(client):
    assert client.post("/sparql", data={"format": "json"}).status_code == 400
    response = client.get("/sparql", query_string={"default-graph-uri": ARTICLE_1})
    assert response.status_code == 400
    assert "no 'query'" in response.text


def test_two_query_parameters_are_400(client):
    response = client.get(f"/sparql?query={quote(ENVOYS)}&query={quote(TITLES)}")
    assert response.status_code == 400
    assert "2 'query' parameters" in response.text
    response = client.post(f"/sparql?query={quote(ENVOYS)}",
                           data=TITLES, content_type="application/sparql-query")
    assert response.status_code == 400


def test_unsupported_content_type_is_415(client):
    response = client.post("/sparql", data=json.dumps({"query": ENVOYS}),
                           content_type="application/json")
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_non_utf8_is_400(client):
    response = client.post("/sparql", data=b"SELECT * { ?s ?p \xff }",
                           content_type="application/sparql-query")
    assert response.status_code == 400
    assert "UTF-8" in response.text
    response = client.get("/sparql?query=SELECT%20%22%FF%22%20%7B%7D")
    assert response.status_code == 400
    assert "UTF-8" in response.text
    response = client.post("/sparql", data=b"query=SELECT%20%22%FF%22%20%7B%7D",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "PREFIX dip: <https://w3id.org/peninsula/ontology#>\n# drop it all\nDELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "LOAD <http://example.org/data.ttl>",
])
def test_update_sent_as_query_is_refused(client, update):
    response = client.post("/sparql", data={"query": update})
    assert response.status_code == 400
    assert "update" in response.text and "sent as a query" in response.text


def test_update_forms_are_refused_without_a_secret_and_store_unchanged(client):
    before = client.get("/health").get_json()["triples"]
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    for response in (client.post("/sparql", data={"update": insert}),
                     client.post("/sparql", data=insert, content_type="application/sparql-update")):
        assert response.status_code == 403
        assert "read-only" in response.text and "update secret" in response.text
    assert client.get("/health").get_json()["triples"] == before


def test_oversized_query_is_413(store_path):
    client = create_app({"TESTING": True, "STORE": str(store_path),
                         "MAX_QUERY_BYTES": 400}).test_client()
    assert len(ENVOYS) < 400
    big = ENVOYS + "\n# " + "x" * 400
    assert client.get("/sparql", query_string={"query": big}).status_code == 413
    assert client.post("/sparql", data={"query": big}).status_code == 413
    assert client.post("/sparql", data=big, content_type="application/sparql-query").status_code == 413
    assert client.get("/sparql", query_string={"query": ENVOYS}).status_code == 200


def test_path_that_is_not_a_store_gives_clear_503(tmp_path):
    (tmp_path / "notes.txt").write_text("not a database")
    client = create_app({"TESTING": True, "STORE": str(tmp_path)}).test_client()
    response = client.get("/sparql", query_string={"query": ENVOYS})
    assert response.status_code == 503
    assert "is not a Peninsula store" in response.text
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["status"] == "error"
    missing = create_app({"TESTING": True, "STORE": str(tmp_path / "nope")}).test_client()
    assert "peninsula build" in missing.get("/sparql", query_string={"query": ENVOYS}).text


# --- the dataset -----------------------------------------------------------------------

def test_default_graph_is_union_of_named_graphs(client):
    response = client.get("/sparql", query_string={"query": TITLES})
    titles = [row["title"] for row in json_rows(response)]
    assert titles == [
        "S. Korea's nuclear envoy seeks to meet US counterpart next week",
        "South Korean nuclear envoy to propose ‘phased denuke approach’ to US counterpart",
    ]
    # A join across graphs: a label from the entities graph, a post from an article graph.
    assert names(client.get("/sparql", query_string={"query": ENVOYS})) == [
        "Lee Do-hoon", "Stephen Biegun"]


def test_default_graph_uri_restricts_dataset(client):
    response = client.get("/sparql", query_string={"query": TITLES, "default-graph-uri": ARTICLE_1})
    assert [row["title"] for row in json_rows(response)] == [
        "S. Korea's nuclear envoy seeks to meet US counterpart next week"]
    # Two default graphs are merged.
    response = client.get("/sparql", query_string={
        "query": TITLES, "default-graph-uri": [ARTICLE_1, ARTICLE_2]})
    assert len(json_rows(response)) == 2


def test_named_graph_uri_restricts_graph_clause(client):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query, "named-graph-uri": ARTICLE_2})
    assert [row["g"] for row in json_rows(response)] == [ARTICLE_2]
    response = client.get("/sparql", query_string={"query": query})
    assert len(json_rows(response)) == 4  # two articles, entities, ontology


def test_from_clause_in_query_is_honoured(client):
    query = TITLES.replace("WHERE", f"FROM <{ARTICLE_2}> WHERE")
    response = client.get("/sparql", query_string={"query": query})
    assert [row["title"] for row in json_rows(response)] == [
        "South Korean nuclear envoy to propose ‘phased denuke approach’ to US counterpart"]


def test_invalid_graph_iri_is_400(client):
    response = client.get("/sparql", query_string={"query": TITLES, "default-graph-uri": "not an iri"})
    assert response.status_code == 400


def test_oxigraph_evaluates_queries(client):
    # Oxigraph canonicalises decimals; rdflib's engine would answer "2.50".
    response = client.get("/sparql", query_string={"query": "SELECT (STR(2.50) AS ?x) {}"})
    assert json_rows(response) == [{"x": "2.5"}]


def test_result_row_limit_truncates_and_says_so(store_path):
    client = create_app({"TESTING": True, "STORE": str(store_path),
                         "RESULT_ROW_LIMIT": 1}).test_client()
    response = client.get("/sparql", query_string={"query": ENVOYS})
    assert names(response) == ["Lee Do-hoon"]
    assert "1" in response.headers["X-Peninsula-Truncated"]
    csv_response = client.get("/sparql", query_string={"query": ENVOYS, "format": "csv"})
    assert parse_csv(csv_response.data) == ["Lee Do-hoon"]
    graph = client.get("/sparql", query_string={"query": LEE_CONSTRUCT, "format": "ntriples"})
    assert len(graph.text.strip().splitlines()) == 1
    whole = client.get("/sparql", query_string={"query": PREFIXES + "ASK { ?s ?p ?o }"})
    assert "X-Peninsula-Truncated" not in whole.headers


# --- service description, health, pages ------------------------------------------------

def test_get_without_query_returns_service_description(client):
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(RDF.type, sd.Service))
    assert (service, sd.endpoint, rdflib.URIRef("http://localhost/sparql")) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.resultFormat,
            rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    assert graph.value(service, sd.defaultDataset) is not None


def test_health(client):
    body = client.get("/health").get_json()
    assert body == {"status": "ok", "triples": 156, "graphs": 4}


def test_query_page_has_examples_and_no_external_assets(client, app):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    for example in app.config["EXAMPLES"]:
        assert example["title"] in html
    assert 'data-query="PREFIX dip: &lt;https://w3id.org/peninsula/ontology#&gt;' in html
    scripts = [line for line in html.splitlines() if "<script" in line]
    assert scripts and all('src="/static/' in line for line in scripts)
    assert "http://" not in html.replace("http://www.w3.org", "").replace("http://purl.org", "")
    # Namespaces are not assets: the ontology's, and the data base IRI YASGUI's links map to /id/.
    assert "https://" not in html.replace("https://w3id.org/peninsula/ontology#", "").replace(
        'data-base-iri="https://w3id.org/peninsula/id/"', "")
    script = client.get("/static/query.js").text
    assert "innerHTML" not in script and "textContent" in script


def test_every_example_query_answers_on_the_sample_store(client, app):
    for example in app.config["EXAMPLES"]:
        response = client.post("/sparql", data={"query": example["query"]})
        assert response.status_code == 200, (example["title"], response.text)
        assert json_rows(response), example["title"]


def test_meetings_example_shows_participants_place_status(client, app):
    example = next(e for e in app.config["EXAMPLES"] if e["title"].startswith("Meetings"))
    rows = json_rows(client.post("/sparql", data={"query": example["query"]}))
    proposed = next(r for r in rows if r["meeting"].endswith("/m1"))
    assert sorted(proposed["participants"].split(", ")) == ["Lee Do-hoon", "Stephen Biegun"]
    assert proposed["place"] == "Washington"
    assert proposed["status"] == "proposed"
    assert proposed["date"] == "next week"


@pytest.mark.parametrize("accept, rdflib_format", [
    (None, "turtle"), ("application/rdf+xml", "xml"),
])
def test_ontology_is_served(client, accept, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/ontology", headers=headers)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    assert (DIP.Postponed, None, None) in graph
    assert "Accept" in response.headers["Vary"]


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize("accept, media_type", [
    (BROWSER_ACCEPT, "text/html"), ("text/html", "text/html"),
    ("text/turtle", "text/turtle"), ("application/rdf+xml", "application/rdf+xml"),
    ("*/*", "text/turtle"), (None, "text/turtle"),
])
def test_ontology_is_html_for_browsers_and_rdf_for_machines(client, accept, media_type):
    response = client.get("/ontology", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    if media_type == "text/html":
        assert "<title>Peninsula ontology</title>" in response.text
        assert "script-src" not in response.headers["Content-Security-Policy"]  # no script runs
    else:
        fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml"}[media_type]
        assert (DIP.Envoy, RDF.type, OWL.Class) in rdflib.Graph().parse(data=response.data, format=fmt)


def test_ontology_html_lists_every_dip_class_and_property(client):
    graph = rdflib.Graph().parse(data=client.get("/ontology", headers={"Accept": "text/turtle"}).data,
                                 format="turtle")
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert client.get("/ontology?format=html").text == html
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(DIP))}
    assert DIP.Envoy in terms and DIP.holdsPost in terms and DIP.startOffset in terms
    missing = sorted(t for t in terms if f"<code>{t}</code>" not in html)
    assert missing == []


def test_ontology_turtle_has_one_charset(client):
    assert client.get("/ontology").headers["Content-Type"] == "text/turtle; charset=utf-8"


def test_ontology_falls_back_to_store_graph_without_package(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "ontology", types.ModuleType("ontology"))
    response = client.get("/ontology", query_string={"format": "ntriples"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format="nt")
    assert (DIP.Postponed, RDFS.label, rdflib.Literal("postponed", lang="en")) in graph


def test_server_does_not_import_nlp_or_builder(store_path):
    code = (
        "import sys\n"
        "from server import create_app\n"
        f"client = create_app({{'STORE': {str(store_path)!r}}}).test_client()\n"
        "assert client.get('/sparql', query_string={'query': 'ASK {}'}).status_code == 200\n"
        "assert client.get('/').status_code == 200\n"
        "print(sorted(m for m in ('spacy', 'builder', 'rdflib') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).parent.parent, check=True)
    assert result.stdout.strip() == "[]"
