"""The graph as a reconciliation service, over real HTTP: `peninsula serve` on loopback.

Checked against the Reconciliation Service API 0.2 (https://reconciliation-api.github.io/specs/0.2/):
the manifest, batched queries sent as the `queries` form field (POST) or URL parameter (GET),
and the result shapes. Then the round trip: a second Peninsula server, built from the demo
articles under another base IRI, is the service the online linker of a third build asks; and
federation: a SERVICE clause sent to one live server's /sparql reaches the other.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph
import pytest

from builder.link import LinkOptions
from builder.link_review import read_review
from builder.pipeline import build
from builder.validate import validate_file

from .conftest import SAMPLES, running_server

pytestmark = pytest.mark.slow  # builds the demo corpus and starts servers

DIP = "https://w3id.org/peninsula/ontology#"
ID = "https://w3id.org/peninsula/id/"
B_BASE = "http://b.example/id/"


class Server:
    """A live server's base URL (see conftest.running_server)."""

    def __init__(self, url: str):
        self.url = url


def get(url: str, **params):
    full = url + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(full, timeout=60) as r:
        return r.status, dict(r.headers), r.read()


def post(url: str, form: dict, headers: dict | None = None):
    data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST")
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, dict(r.headers), r.read()


@pytest.fixture(scope="module")
def servers(sample_build, tmp_path_factory):
    """(A, B): A serves the demo store; B the demo articles built under another base IRI."""
    tmp = tmp_path_factory.mktemp("reconcile")
    b_store = tmp / "b-store"
    build([SAMPLES], b_store, base=B_BASE)
    with running_server(sample_build[0]) as a, running_server(b_store) as b:
        yield Server(a), Server(b)


def reconcile(server, queries: dict, method="POST") -> dict:
    if method == "POST":
        status, headers, body = post(server.url + "/reconcile", {"queries": json.dumps(queries)})
    else:
        status, headers, body = get(server.url + "/reconcile", queries=json.dumps(queries))
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    return json.loads(body)


def check_result_shape(result: dict):
    """A reconciliation result batch entry, as the 0.2 schema has it."""
    assert set(result) >= {"result"} and isinstance(result["result"], list)
    for c in result["result"]:
        assert isinstance(c["id"], str) and isinstance(c["name"], str)
        assert isinstance(c["score"], (int, float)) and isinstance(c["match"], bool)
        assert all(isinstance(t["id"], str) and isinstance(t["name"], str) for t in c["type"])
        assert isinstance(c.get("description", ""), str)


def test_the_manifest(servers):
    a, _ = servers
    status, headers, body = get(a.url + "/reconcile")
    m = json.loads(body)
    assert "0.2" in m["versions"] and m["name"]
    assert m["identifierSpace"] == ID and m["schemaSpace"] == DIP
    types = {t["id"]: t["name"] for t in m["defaultTypes"]}
    for cls in ("Person", "Ministry", "GovernmentBody", "Meeting", "Country", "Place"):
        assert DIP + cls in types and types[DIP + cls]
    assert m["view"]["url"] == a.url + "/id/{{id}}"
    suggest = m["suggest"]["entity"]
    assert get(suggest["service_url"] + suggest["service_path"], prefix="Pom")[0] == 200
    assert headers["Access-Control-Allow-Origin"] == "*"  # OpenRefine in a browser may call it


def test_queries_by_post_and_get_with_scores_and_match(servers):
    a, _ = servers
    queries = {"q0": {"query": "Mike Pompeo", "type": DIP + "Person", "limit": 3},
               "q1": {"query": "UN"},  # another name (skos:altLabel) of the United Nations
               "q2": {"query": "Ministry of Foreign Affairs", "type": "dip:Organization"},
               "q3": {"query": "Kim", "type": "Person"}}
    for method in ("POST", "GET"):
        got = reconcile(a, queries, method)
        assert set(got) == set(queries)
        for result in got.values():
            check_result_shape(result)
        (pompeo,) = got["q0"]["result"]
        assert (pompeo["id"], pompeo["name"], pompeo["score"], pompeo["match"]) == \
            ("person/michael-pompeo", "Mike Pompeo", 100, True)
        assert pompeo["type"][0] == {"id": DIP + "Person", "name": "person"}
        un = got["q1"]["result"][0]
        assert (un["id"], un["score"], un["match"]) == ("organization/united-nations", 95, True)
        ministries = {c["id"] for c in got["q2"]["result"]}  # ministries are organizations: types are materialised
        assert {"organization/mofa-south-korea", "organization/mofa-north-korea"} <= ministries
        assert not any(c["match"] for c in got["q2"]["result"])  # no exact name: a person must choose
        kims = got["q3"]["result"]
        assert {c["name"] for c in kims} >= {"Kim Jong-un", "Kim Yong-chol"}
        assert all(c["score"] < 95 and not c["match"] for c in kims)


def test_the_type_filter_keeps_people_and_places_apart(servers):
    a, _ = servers
    got = reconcile(a, {"person": {"query": "Washington", "type": DIP + "Person"},
                        "place": {"query": "Washington", "type": DIP + "Place"}})
    assert got["person"]["result"] == []
    assert got["place"]["result"][0]["id"] == "place/washington" and got["place"]["result"][0]["match"]


def test_suggest_jsonp_and_errors(servers):
    a, _ = servers
    found = json.loads(get(a.url + "/reconcile/suggest/entity", prefix="kim")[2])["result"]
    assert {s["name"] for s in found} == {"Kim Jong-un", "Kim Yong-chol"}
    assert all(s["id"].startswith("person/") and s["notable"] for s in found)
    places = json.loads(get(a.url + "/reconcile/suggest/entity", prefix="wash", type="dip:Place")[2])["result"]
    assert [s["id"] for s in places] == ["place/washington"]
    types = json.loads(get(a.url + "/reconcile/suggest/type", prefix="minis")[2])["result"]
    assert types == [{"id": DIP + "Ministry", "name": "ministry"}]
    status, headers, body = get(a.url + "/reconcile", callback="handle")
    assert headers["Content-Type"].startswith("application/javascript")
    assert body.decode().startswith("/**/handle(") and json.loads(body.decode()[len("/**/handle("):-2])["versions"]
    with pytest.raises(urllib.error.HTTPError) as bad:
        get(a.url + "/reconcile", queries="{not json")
    assert bad.value.code == 400 and "not valid JSON" in json.loads(bad.value.read())["error"]


def test_round_trip_a_build_links_to_another_peninsula_server(servers, tmp_path):
    """B is the reconciliation service; A' (the demo articles again) links its unlinked entities to B's."""
    _, b = servers
    store = tmp_path / "store"
    summary = build([SAMPLES], store, link=LinkOptions(mode="online", url=b.url + "/reconcile"),
                    export_to=tmp_path / "linked.trig")
    assert not summary.link.notices
    ds = pyoxigraph.Store.read_only(str(store))
    exact = {r["x"].value[len(ID):]: r["y"].value for r in ds.query(
        "SELECT ?x ?y { GRAPH ?g { ?x <http://www.w3.org/2004/02/skos/core#exactMatch> ?y } }")}
    # Same name, same kind, the country in B's description: certain.
    for key in ("person/kang-kyungwha", "person/stephen-biegun", "person/lee-dohun",
                "organization/mofa-south-korea", "organization/korea-herald", "place/incheon-airport"):
        assert exact[key] == B_BASE + key
    assert all(b_iri == B_BASE + key for key, b_iri in exact.items())  # never another entity's IRI
    # owl:sameAs stays for Wikidata items (the shapes' contract): the 19 verified ones.
    same = list(ds.query("SELECT ?x ?y { GRAPH ?g { ?x <http://www.w3.org/2002/07/owl#sameAs> ?y } }"))
    assert len(same) == 18 and all(r["y"].value.startswith("http://www.wikidata.org/entity/Q") for r in same)
    # Without a country to check (a reporter), the candidate waits for a person.
    pending = {r.entity[len(ID):]: r for r in read_review(store / "link-review.csv") if r.verdict == "pending"}
    assert "person/park-hanna" in pending and pending["person/park-hanna"].candidate == B_BASE + "person/park-hanna"
    assert "person/park-hanna" not in exact
    assert validate_file(str(tmp_path / "linked.trig")).conforms  # the linked graph still meets the shapes


def test_federated_query_reaches_a_second_live_server(servers):
    a, b = servers
    query = f"""PREFIX dip: <{DIP}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name ?there WHERE {{
          ?here a dip:Person ; rdfs:label ?name .
          SERVICE <{b.url}/sparql> {{ ?there a dip:Person ; rdfs:label ?name }}
        }} ORDER BY ?name"""
    status, headers, body = post(a.url + "/sparql", {"query": query}, {"Accept": "application/sparql-results+json"})
    rows = json.loads(body)["results"]["bindings"]
    names = [r["name"]["value"] for r in rows]
    assert "Mike Pompeo" in names and "Kang Kyung-wha" in names
    assert all(r["there"]["value"].startswith(B_BASE) for r in rows)  # B's rows: only B has these IRIs
