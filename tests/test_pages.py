"""Entity pages, VoID, dumps and the query page, through Flask's test client on the small store."""
from __future__ import annotations

import html
import re

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from server import create_app
from server.examples import EXAMPLES

from .test_server import DATA, DIP, ID, build_store

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("pages") / "store")


@pytest.fixture
def client(store_path):
    return create_app({"TESTING": True, "STORE": str(store_path)}).test_client()


def page(client, path, accept=BROWSER_ACCEPT):
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.mimetype == "text/html"
    return response.text


def text_of(markup: str) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# --- entity pages ----------------------------------------------------------------------

def test_person_page_shows_label_posts_events_quotes_and_evidence(client):
    markup = page(client, "/id/person/lee-do-hoon")
    text = text_of(markup)
    assert "<h1>Lee Do-hoon</h1>" in markup
    assert "Also called: Lee" in text
    assert "dip:Envoy" in text
    # the post held, its ministry, and the articles that state it, linked locally
    assert "Special Representative for Korean Peninsula Peace and Security Affairs in Ministry of Foreign Affairs" in text
    assert 'href="/id/post/rok-special-representative-korean-peninsula"' in markup
    assert 'href="/id/article/kh-2018-11-14-envoy"' in markup
    # the meeting: other participant, place, status, the sentence it came from
    assert 'href="/id/person/stephen-biegun"' in markup
    assert 'href="/id/place/washington"' in markup
    assert "proposed" in text and "next week" in text
    assert "may visit Washington next week to meet with Stephen Biegun" in text
    # the quote and its sentence
    assert "Quotes it said" in text
    assert "The most important thing now is to resume US-North Korea negotiations" in text
    # counterpart (a plain fact, with the article stating it) and mentions
    assert "counterpart" in text.lower()
    assert "Mentioned in" in text


def test_post_page_lists_its_holders_and_country_page_links_wikidata(client):
    text = text_of(page(client, "/id/post/rok-special-representative-korean-peninsula"))
    assert "Holders of this post" in text and "Lee Do-hoon" in text
    assert "Ministry of Foreign Affairs" in text and "South Korea" in text
    markup = page(client, "/id/country/south-korea")
    assert 'href="https://www.wikidata.org/wiki/Q884"' in markup
    assert 'rel="noopener noreferrer"' in markup


def test_country_page_shows_positions_it_holds_with_evidence(client):
    text = text_of(page(client, "/id/country/north-korea"))
    assert "Policy positions it holds" in text
    assert "phased approach" in text and "denuclearization" in text
    assert "willing to give up nuclear weapons in a phased manner" in text
    assert "Events requested by it" in text  # the postponed talks


def test_article_page_shows_metadata_and_the_facts_it_states(client):
    text = text_of(page(client, "/id/article/kh-2019-03-28-phased"))
    assert "South Korean nuclear envoy to propose ‘phased denuke approach’ to US counterpart" in text
    assert "2019-03-28" in text and "The Korea Herald" in text and "Park Han-na" in text
    assert "Policy positions it reports" in text and "big deal" in text
    assert "Quotes it reports" in text
    assert "Posts it says are held" in text and "Stephen Biegun → US Special Representative" in text


def test_event_page_shows_participants_status_and_evidence(client):
    text = text_of(page(client, "/id/event/kh-2018-11-14-envoy/t1"))
    assert "Mike Pompeo" in text and "Kim Yong-chol" in text
    assert "postponed" in text and "last week" in text and "requested by" in text
    assert "which were postponed last week" in text


def test_long_sections_are_cut_and_say_so(client, monkeypatch):
    from server import resources

    monkeypatch.setattr(resources, "SECTION_LIMIT", 1)
    text = text_of(page(client, "/id/country/united-states"))
    # two entities of this country: a post and Washington
    assert "Entities of this country Showing 1 of 2; the SPARQL endpoint gives them all." in text


def test_unknown_iri_is_a_404_page(client):
    response = client.get("/id/person/nobody-at-all", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "https://w3id.org/peninsula/id/person/nobody-at-all" in response.text
    response = client.get("/id/person/nobody-at-all", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and response.mimetype == "text/plain"


def test_browse_page_links_every_entity_kind(client):
    text = text_of(markup := page(client, "/id/"))
    for heading in ("Countries", "People", "Organisations", "Posts", "Places", "Articles"):
        assert heading in text
    assert 'href="/id/person/stephen-biegun"' in markup
    assert 'href="/id/article/kh-2018-11-14-envoy"' in markup


# --- content negotiation -----------------------------------------------------------------

@pytest.mark.parametrize("accept, media_type, rdflib_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/html;q=0.2, text/turtle;q=0.9, application/ld+json;q=0.5", "text/turtle", "turtle"),
    ("text/turtle;q=0.3, application/ld+json", "application/ld+json", "json-ld"),
])
def test_entity_description_by_accept(client, accept, media_type, rdflib_format):
    response = client.get("/id/person/lee-do-hoon", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    lee = rdflib.URIRef(ID + "person/lee-do-hoon")
    assert (lee, RDFS.label, rdflib.Literal("Lee Do-hoon", lang="en")) in graph
    assert (lee, DIP.holdsPost, rdflib.URIRef(ID + "post/rok-special-representative-korean-peninsula")) in graph
    # the events it takes part in, with their evidence, and the labels of what they name
    meeting = rdflib.URIRef(ID + "event/kh-2018-11-14-envoy/m1")
    assert (meeting, DIP.participant, lee) in graph
    assert (meeting, DIP.status, DIP.Proposed) in graph
    evidence = graph.value(meeting, DIP.evidence)
    assert "may visit Washington next week" in str(graph.value(evidence, DIP.text))
    assert (rdflib.URIRef(ID + "place/washington"), RDFS.label, None) in graph
    # bounded: nothing about the unrelated talks of Pompeo and Kim Yong-chol
    assert (rdflib.URIRef(ID + "event/kh-2018-11-14-envoy/t1"), None, None) not in graph


def test_trig_and_nquads_keep_the_graphs(client):
    response = client.get("/id/person/stephen-biegun", headers={"Accept": "application/trig"})
    assert response.mimetype == "application/trig"
    dataset = rdflib.Dataset()
    dataset.parse(data=response.data, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert ID + "graph/entities" in graphs and ID + "graph/article/kh-2018-11-14-envoy" in graphs
    response = client.get("/id/person/stephen-biegun?format=nquads")
    assert response.mimetype == "application/n-quads"
    assert f"<{ID}graph/article/kh-2019-03-28-phased>" in response.text


def test_browsers_and_no_preference_get_html_and_406_otherwise(client):
    assert client.get("/id/person/lee-do-hoon").mimetype == "text/html"
    assert client.get("/id/person/lee-do-hoon", headers={"Accept": "*/*"}).mimetype == "text/html"
    response = client.get("/id/person/lee-do-hoon", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text
    assert client.get("/id/person/lee-do-hoon?format=png").status_code == 400


def test_pages_link_their_rdf_alternates(client):
    response = client.get("/id/person/lee-do-hoon")
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]
    assert '<link rel="alternate" type="text/turtle" href="?format=turtle">' in response.text


# --- escaping and the content security policy ----------------------------------------------

HOSTILE_TRIG = """
@prefix dip: <https://w3id.org/peninsula/ontology#> .
@prefix id: <https://w3id.org/peninsula/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
id:graph\\/entities {
  id:person\\/mallory a dip:Person ;
    rdfs:label "<script>alert(1)</script>"@en ;
    <http://www.w3.org/2004/02/skos/core#altLabel> "\\"><img src=x onerror=alert(1)>"@en ;
    owl:sameAs <javascript:alert(1)> ;
    dip:country <data:text/html,hello> .
}
id:graph\\/article\\/a1 {
  id:statement\\/a1\\/s1 a dip:Statement ; dip:speaker id:person\\/mallory ;
    dip:quote "{{7*7}} <b>bold</b> javascript:alert(1)" .
}
"""


def test_hostile_literals_and_iris_are_escaped_and_never_links(tmp_path):
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(HOSTILE_TRIG.encode(), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    client = create_app({"TESTING": True, "STORE": str(tmp_path / "store")}).test_client()
    for path in ("/id/person/mallory", "/id/statement/a1/s1", "/id/"):
        markup = page(client, path)
        assert "<script" not in markup
        assert "<img" not in markup and "<b>" not in markup
        assert 'href="javascript:' not in markup and 'href="data:' not in markup
    markup = page(client, "/id/person/mallory")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "{{7*7}}" in markup and "49" not in text_of(markup)
    assert "javascript:alert(1)" in text_of(markup)  # shown as text


def test_html_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/id/person/lee-do-hoon").headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    query_policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in query_policy
    assert "unsafe-eval" not in query_policy
    assert "'unsafe-inline'" not in query_policy.split("script-src")[1].split(";")[0]
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"
    # every script on the query page is a file of this server
    markup = client.get("/").text
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", markup) == []


# --- VoID ----------------------------------------------------------------------------------

def union_triples() -> set:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(DATA, format="trig")
    return set(dataset.triples((None, None, None)))


def test_void_counts_match_the_data(client):
    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    dataset = graph.value(predicate=RDF.type, object=VOID.Dataset)
    triples = union_triples()
    assert graph.value(dataset, VOID.triples).toPython() == len(triples)
    assert graph.value(dataset, VOID.distinctSubjects).toPython() == len({t[0] for t in triples})
    assert graph.value(dataset, VOID.distinctObjects).toPython() == len({t[2] for t in triples})
    assert graph.value(dataset, VOID.entities).toPython() == len(
        {t[0] for t in triples if str(t[0]).startswith(ID)})
    classes = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
               for p in graph.objects(dataset, VOID.classPartition)}
    assert classes[DIP.Person] == 5 and classes[DIP.Meeting] == 2 and classes[DIP.Article] == 2
    properties = {graph.value(p, VOID.property): graph.value(p, VOID.triples).toPython()
                  for p in graph.objects(dataset, VOID.propertyPartition)}
    assert properties[DIP.holdsPost] == 2  # stated by both articles, counted once
    assert sum(properties.values()) == len(triples)
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("http://localhost/sparql")
    dumps = set(map(str, graph.objects(dataset, VOID.dataDump)))
    assert "http://localhost/dumps/peninsula.trig" in dumps and "http://localhost/dumps/peninsula.nq" in dumps
    vocabularies = set(map(str, graph.objects(dataset, VOID.vocabulary)))
    assert "https://w3id.org/peninsula/ontology" in vocabularies
    assert "http://purl.org/dc/terms/" in vocabularies


def test_void_modified_is_the_state_file_time_and_formats_negotiate(store_path, tmp_path):
    import shutil
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    (copy / "peninsula-state.json").write_text("{}")
    client = create_app({"TESTING": True, "STORE": str(copy)}).test_client()
    response = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert response.mimetype == "application/ld+json"
    graph = rdflib.Graph().parse(data=response.data, format="json-ld")
    dataset = graph.value(predicate=RDF.type, object=VOID.Dataset)
    modified = graph.value(dataset, DCTERMS.modified)
    assert modified is not None and str(modified.datatype).endswith("#dateTime")


def test_query_page_links_void_dumps_and_browse(client):
    markup = client.get("/").text
    for href in ("/.well-known/void", "/dumps/peninsula.trig", "/dumps/peninsula.nq", "/id/"):
        assert f'href="{href}"' in markup


# --- dumps -----------------------------------------------------------------------------------

def test_trig_dump_is_the_whole_store(client, store_path):
    response = client.get("/dumps/peninsula.trig")
    assert response.status_code == 200
    assert response.mimetype == "application/trig"
    assert response.headers["Content-Disposition"] == 'attachment; filename="peninsula.trig"'
    quads = list(pyoxigraph.parse(response.data, format=pyoxigraph.RdfFormat.TRIG))
    assert len(set(quads)) == 156
    graphs = {q.graph_name.value for q in quads}
    assert ID + "graph/entities" in graphs and "https://w3id.org/peninsula/ontology" in graphs


def test_nquads_and_union_ntriples_dumps(client):
    response = client.get("/dumps/peninsula.nq")
    assert response.mimetype == "application/n-quads"
    assert len(set(pyoxigraph.parse(response.data, format=pyoxigraph.RdfFormat.N_QUADS))) == 156
    response = client.get("/dumps/peninsula.nt")
    assert response.mimetype == "application/n-triples"
    triples = set(pyoxigraph.parse(response.data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(triples) == len(union_triples())


def test_dump_head_and_unknown_dump(client):
    response = client.head("/dumps/peninsula.trig")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["Content-Disposition"] == 'attachment; filename="peninsula.trig"'
    assert client.get("/dumps/peninsula.xlsx").status_code == 404


def test_a_client_that_stops_reading_ends_the_dump(store_path):
    import threading

    from server.void import stream_from

    store = pyoxigraph.Store.read_only(str(store_path))
    whole = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    produce = lambda out: store.dump(out, format=pyoxigraph.RdfFormat.N_QUADS)  # noqa: E731
    assert b"".join(stream_from(produce, chunk=1024)) == whole
    chunks = stream_from(produce, chunk=1024)
    first = next(chunks)
    assert len(first) >= 1024 and whole.startswith(first)
    chunks.close()  # as when the client disconnects: the dump thread stops
    assert not [t for t in threading.enumerate() if t.name == "peninsula-dump"]


# --- query page, YASGUI and examples ------------------------------------------------------------

def test_query_page_bundles_yasgui_and_keeps_the_plain_form(client):
    markup = client.get("/").text
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in markup
    assert 'href="/static/vendor/yasgui/yasgui.min.css"' in markup
    assert '<form id="query-form" action="/sparql" method="post">' in markup
    script = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert script.status_code == 200 and b"Yasgui" in script.data
    assert client.get("/static/vendor/yasgui/yasgui.min.css").status_code == 200
    notice = client.get("/static/vendor/yasgui/NOTICE").text
    assert "@zazuko/yasgui 4.6.2" in notice and "MIT License" in notice


def test_example_links_fill_the_form_without_javascript(client):
    markup = client.get("/?example=2").text
    textarea = markup.split('<textarea id="query"')[1].split("</textarea>")[0]
    assert html.unescape(textarea.split(">", 1)[1]) == EXAMPLES[1]["query"]
    assert 'href="/?example=2"' in markup


def test_the_examples_cover_what_the_graph_answers(client):
    titles = " ".join(e["title"] for e in EXAMPLES).lower()
    for topic in ("envoys of two countries", "positions by issue", "quotes by speaker",
                  "posts by ministry"):
        assert topic in titles
    example = next(e for e in EXAMPLES if "two countries" in e["title"])
    rows = client.post("/sparql", data={"query": example["query"]}).get_json()["results"]["bindings"]
    assert [(r["envoy1"]["value"], r["country1"]["value"], r["envoy2"]["value"],
             r["country2"]["value"]) for r in rows] == [
        ("Lee Do-hoon", "South Korea", "Stephen Biegun", "United States")]
    example = next(e for e in EXAMPLES if "ministry" in e["title"])
    rows = client.post("/sparql", data={"query": example["query"]}).get_json()["results"]["bindings"]
    assert {(r["ministry"]["value"], r["holders"]["value"]) for r in rows} == {
        ("Ministry of Foreign Affairs", "Lee Do-hoon"), ("US Department of State", "Stephen Biegun")}


def test_link_helper_only_links_web_iris():
    from server.rdfterms import is_web_iri, wikidata_page
    assert is_web_iri("https://w3id.org/peninsula/id/x")
    for iri in ("javascript:alert(1)", "data:text/html,x", "JaVaScRiPt:alert(1)", "urn:x:y", "http:x"):
        assert not is_web_iri(iri)
    assert wikidata_page("http://www.wikidata.org/entity/Q884") == "https://www.wikidata.org/wiki/Q884"
    assert wikidata_page("http://www.wikidata.org/entity/Q884/../x") is None
