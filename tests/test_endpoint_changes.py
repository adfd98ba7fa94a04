"""What the endpoint does beyond answering a query: time limits, updates with a secret, the
Graph Store protocol, CORS, and serving a new build without a restart."""
from __future__ import annotations

import os
import shutil

import pytest

from server import create_app
from server.evaluator import pool_for

from .conftest import SAMPLES

SECRET = "correct horse battery staple"
BEARER = {"Authorization": f"Bearer {SECRET}"}
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EX = "http://example.org/"


@pytest.fixture
def store_copy(sample_build, tmp_path):
    """A private copy of the demo store, which a test may change."""
    target = tmp_path / "store"
    shutil.copytree(sample_build[0], target)
    return target


def client_for(store, **config):
    return create_app({"TESTING": True, "STORE": str(store), **config}).test_client()


def count(client) -> int:
    response = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    return int(response.text.split()[1])


# --- time limit -----------------------------------------------------------------------------------

def test_a_query_over_the_time_limit_is_stopped_and_the_next_one_is_answered(sample_build):
    client = client_for(sample_build[0], QUERY_TIMEOUT=1)
    assert count(client) > 1000  # starts this process's evaluator
    pool = pool_for(str(sample_build[0]))
    runaway = pool._active.proc.pid
    response = client.get("/sparql", query_string={"query": HEAVY})
    assert response.status_code == 503
    assert "was stopped" in response.text and "1 s" in response.text
    assert not os.path.exists(f"/proc/{runaway}"), "the evaluator running it was killed: its CPU is free"
    assert count(client) > 1000  # the spare took over


# --- updates -----------------------------------------------------------------------------------------

def test_an_update_with_the_secret_is_applied_and_seen_by_the_next_query(store_copy):
    client = client_for(store_copy, UPDATE_SECRET=SECRET)
    before = count(client)
    insert = f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> 1, 2 }} }}"
    response = client.post("/sparql", data=insert, content_type="application/sparql-update", headers=BEARER)
    assert response.status_code == 200, response.text
    assert count(client) == before + 2
    response = client.post("/sparql", data={"update": f"CLEAR GRAPH <{EX}g>"}, headers=BEARER)
    assert response.status_code == 200, response.text
    assert count(client) == before


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {SECRET}"}])
def test_an_update_without_the_right_secret_is_403_and_changes_nothing(store_copy, headers):
    client = client_for(store_copy, UPDATE_SECRET=SECRET)
    before = count(client)
    response = client.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers)
    assert response.status_code == 403
    assert "Authorization: Bearer" in response.text
    assert count(client) == before


def test_updates_are_never_taken_by_get_nor_mixed_with_a_query(store_copy):
    client = client_for(store_copy, UPDATE_SECRET=SECRET)
    before = count(client)
    response = client.get("/sparql", query_string={"update": "CLEAR ALL"}, headers=BEARER)
    assert response.status_code == 400 and "never accepted by GET" in response.text
    response = client.post("/sparql", data={"update": "CLEAR ALL", "query": COUNT}, headers=BEARER)
    assert response.status_code == 400 and "not both" in response.text
    assert count(client) == before


def test_a_malformed_update_is_400_with_the_position(store_copy):
    client = client_for(store_copy, UPDATE_SECRET=SECRET)
    response = client.post("/sparql", data={"update": "INSERT DATA { <a> <b> }"}, headers=BEARER)
    assert response.status_code == 400
    assert "Malformed update" in response.text and "1:" in response.text


# --- Graph Store HTTP protocol --------------------------------------------------------------------

def test_graph_store_put_get_post_delete(store_copy):
    client = client_for(store_copy, UPDATE_SECRET=SECRET)
    url = f"/rdf-graph-store?graph={EX}notes"
    turtle = f"<{EX}a> <{EX}says> \"hello\" ."
    assert client.put(url, data=turtle, content_type="text/turtle", headers=BEARER).status_code == 201
    assert client.put(url, data=turtle, content_type="text/turtle", headers=BEARER).status_code == 204
    more = f"<{EX}a> <{EX}says> \"again\" ."
    assert client.post(url, data=more, content_type="application/n-triples", headers=BEARER).status_code == 204
    response = client.get(url, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.content_type == "application/n-triples"
    assert sorted(response.text.strip().splitlines()) == [
        f'<{EX}a> <{EX}says> "again" .', f'<{EX}a> <{EX}says> "hello" .']
    assert client.delete(url, headers=BEARER).status_code == 204
    assert client.get(url).status_code == 404
    assert client.delete(url, headers=BEARER).status_code == 404


def test_graph_store_reads_need_no_secret_and_writes_do(sample_build, store_copy):
    article = "https://w3id.org/peninsula/id/graph/article/003_eee84ffccf3f646e"
    reader = client_for(sample_build[0])
    response = reader.get("/rdf-graph-store", query_string={"graph": article}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and "dip:Article" in response.text
    writer = client_for(store_copy)  # no secret configured
    response = writer.delete("/rdf-graph-store", query_string={"graph": article}, headers=BEARER)
    assert response.status_code == 403 and "read-only" in response.text
    response = writer.put("/rdf-graph-store", query_string={"graph": article}, data="garbage <",
                          content_type="text/turtle")
    assert response.status_code == 403


def test_graph_store_put_of_malformed_data_is_400_and_keeps_the_graph(store_copy):
    client = client_for(store_copy, UPDATE_SECRET=SECRET)
    url = f"/rdf-graph-store?graph={EX}notes"
    client.put(url, data=f"<{EX}a> <{EX}b> <{EX}c> .", content_type="text/turtle", headers=BEARER)
    response = client.put(url, data="<a> <b", content_type="text/turtle", headers=BEARER)
    assert response.status_code == 400
    assert client.get(url, headers={"Accept": "application/n-triples"}).text.count(" .") == 1


def test_graph_store_names_exactly_one_graph(sample_build):
    client = client_for(sample_build[0])
    assert client.get("/rdf-graph-store").status_code == 400
    assert client.get(f"/rdf-graph-store?default&graph={EX}g").status_code == 400
    assert client.get("/rdf-graph-store?graph=not%20an%20iri").status_code == 400


# --- CORS, HEAD, OPTIONS, ASK formats --------------------------------------------------------------

def test_cors_head_and_options(sample_build):
    client = client_for(sample_build[0])
    get = client.get("/sparql", query_string={"query": COUNT}, headers={"Origin": "https://example.org"})
    assert get.headers["Access-Control-Allow-Origin"] == "*"
    head = client.head("/sparql", query_string={"query": COUNT})
    assert head.status_code == 200 and head.data == b"" and head.content_type == get.content_type
    preflight = client.options("/sparql", headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert {"GET", "POST", "OPTIONS", "HEAD"} <= set(preflight.headers["Allow"].replace(" ", "").split(","))


def test_ask_is_sent_as_json_or_xml_never_as_a_bare_csv_word(sample_build):
    client = client_for(sample_build[0])
    ask = "ASK { ?s ?p ?o }"
    assert client.get("/sparql", query_string={"query": ask}, headers={"Accept": "text/csv"}).status_code == 406
    response = client.get("/sparql", query_string={"query": ask}, headers={"Accept": "text/csv, */*;q=0.1"})
    assert response.status_code == 200 and response.get_json()["boolean"] is True


# --- a new build is served without a restart --------------------------------------------------------

def test_a_new_build_is_served_without_restarting(tmp_path):
    from builder.pipeline import build

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    extra = sorted(corpus.glob("*.txt"))[0]
    extra.rename(tmp_path / extra.name)  # start with one article fewer
    store = tmp_path / "store"
    build([corpus], store)
    client = client_for(store)
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def named_graphs() -> int:
        return int(client.get("/sparql", query_string={"query": graphs}, headers={"Accept": "text/csv"}).text.split()[1])

    before = named_graphs()
    (tmp_path / extra.name).rename(extra)
    build([corpus], store)  # the server above keeps running
    assert named_graphs() == before + 1


# --- a build beside a running server ---------------------------------------------------------------

@pytest.mark.slow
def test_a_build_beside_a_running_server_never_shows_half_an_article(tmp_path):
    """Queries keep being answered while a build writes the same store; every article graph a
    query sees is complete (it has the triples the build reports for it), and the build's
    result is served once it ends, without restarting the server."""
    import json
    import subprocess
    import sys
    import urllib.parse
    import urllib.request

    from builder.pipeline import build

    from .conftest import ROOT, running_server
    from .test_pipeline import _corpus_of

    corpus = _corpus_of(tmp_path, 8)  # 16 distinct articles
    first = sorted(corpus.glob("*.txt"))[:4]
    holding = tmp_path / "later"
    holding.mkdir()
    for f in sorted(corpus.glob("*.txt"))[4:]:
        f.rename(holding / f.name)
    store = tmp_path / "store"
    build([corpus], store)
    sizes = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/graph/article/')) } GROUP BY ?g"
    with running_server(store) as base:
        url = base + "/sparql?" + urllib.parse.urlencode({"query": sizes})

        def seen() -> dict[str, int]:
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request) as response:
                rows = json.load(response)["results"]["bindings"]
            return {r["g"]["value"].rsplit("/", 1)[1]: int(r["n"]["value"]) for r in rows}

        assert len(seen()) == len(first)
        for f in holding.iterdir():
            f.rename(corpus / f.name)
        builder = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", str(corpus), "--store", str(store)],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        observations = []
        while builder.poll() is None:
            observations.append(seen())
        assert builder.returncode == 0
        observations.append(seen())
    final = json.loads((store / "peninsula-state.json").read_text(encoding="utf-8"))["articles"]
    expected = {aid: entry["counts"]["triples"] for aid, entry in final.items()}
    assert observations[-1] == expected, "the new build is served without a restart"
    for view in observations:
        assert all(expected[aid] == n for aid, n in view.items()), "an article graph was seen half-written"
    assert len(observations) > 1, "queries were answered while the build ran"


def test_other_clients_are_served_while_a_query_runs_into_its_limit(sample_build, tmp_path):
    """Two gunicorn workers: while one evaluates a runaway query, the other keeps answering,
    and the runaway ends with 503 at the limit, not by killing its worker."""
    import json
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    from .conftest import running_server

    with running_server(sample_build[0], QUERY_TIMEOUT=3) as base:

        def ask(query: str) -> tuple[int, bytes]:
            url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
            try:
                with urllib.request.urlopen(url) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()

        outcome = {}
        runaway = threading.Thread(target=lambda: outcome.update(heavy=ask(HEAVY)))
        runaway.start()
        answered = []
        while runaway.is_alive():
            status, body = ask(COUNT)
            answered.append(status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000)
        runaway.join()
        assert outcome["heavy"][0] == 503 and b"was stopped" in outcome["heavy"][1]
        assert answered and all(answered), "the other worker answered every query meanwhile"
        assert ask(COUNT)[0] == 200
