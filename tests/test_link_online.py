"""Online linking against real HTTP services on loopback (Wikidata itself is not reachable here).

A small reconciliation service speaking the W3C Reconciliation Service API 0.2 the way
Wikidata's (wikidata.reconci.link) does — Q-ids, P31 types, descriptions — answers from a
fixed table; the item ids are made up (Q9000001xx), never real Wikidata facts. The builds are
real builds of the demo articles into on-disk stores.
"""
from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph
import pytest

from builder.cli import main
from builder.link import LinkOptions
from builder.link_review import read_review, write_review
from builder.pipeline import build
from builder.reconcile_client import ReconcileClient, ServiceUnavailable
from builder.validate import validate_file

from .conftest import SAMPLES, free_port

pytestmark = pytest.mark.slow  # builds the demo corpus

WD = "http://www.wikidata.org/entity/"
ID = "https://w3id.org/peninsula/id/"
HUMAN = [{"id": "Q5", "name": "human"}]
MANIFEST = {"versions": ["0.1", "0.2"], "name": "Wikidata (en), made up", "identifierSpace": WD,
            "schemaSpace": "http://www.wikidata.org/prop/direct/", "view": {"url": "https://www.wikidata.org/wiki/{{id}}"},
            "defaultTypes": [{"id": "Q35120", "name": "entity"}]}
ANSWERS = {
    "Kang Kyung-wha": [{"id": "Q900000101", "name": "Kang Kyung-wha", "score": 100, "match": True, "type": HUMAN,
                        "description": "South Korean diplomat and politician"}],
    "Stephen Biegun": [{"id": "Q900000102", "name": "Stephen Biegun", "score": 100, "match": True, "type": HUMAN,
                        "description": "American government official"}],
    "Lee Do-hoon": [{"id": "Q900000103", "name": "Lee Do-hoon", "score": 85, "match": False, "type": HUMAN,
                     "description": "South Korean diplomat"},
                    {"id": "Q900000113", "name": "Lee Do-hun", "score": 60, "match": False, "type": HUMAN,
                     "description": "South Korean footballer"}],
    # A person called like the airport, and the airport: only the airport may link.
    "Incheon International Airport": [
        {"id": "Q900000114", "name": "Incheon International Airport", "score": 100, "match": False, "type": HUMAN,
         "description": "fictional person"},
        {"id": "Q900000104", "name": "Incheon International Airport", "score": 100, "match": False,
         "type": [{"id": "Q644371", "name": "international airport"}], "description": "airport in South Korea"}],
    # A city called like the reporter: a person never links to a place.
    "Park Han-na": [{"id": "Q900000115", "name": "Park Han-na", "score": 100, "match": True,
                     "type": [{"id": "Q515", "name": "city"}], "description": "city in South Korea"}],
    # Both foreign ministries: the query drops "(South Korea)", the description tells them apart.
    "Ministry of Foreign Affairs": [
        {"id": "Q900000106", "name": "Ministry of Foreign Affairs", "score": 100, "match": False,
         "type": [{"id": "Q192350", "name": "ministry"}], "description": "government ministry of South Korea"},
        {"id": "Q900000107", "name": "Ministry of Foreign Affairs", "score": 100, "match": False,
         "type": [{"id": "Q192350", "name": "ministry"}], "description": "ministry of the government of North Korea"}],
    "The Korea Herald": [{"id": "Q900000105", "name": "The Korea Herald", "score": 100, "match": True,
                          "type": [{"id": "Q11032", "name": "newspaper"}],
                          "description": "English-language daily newspaper in South Korea"}],
}


class Service:
    """The reconciliation service on a free loopback port; records what it was asked."""

    def __init__(self, delay: float = 0.0, statuses: list[int] | None = None):
        self.statuses = list(statuses or [])  # HTTP statuses of the next POSTs (then 200)
        self.requests: list[tuple[float, str, dict]] = []  # (time, method, queries)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, payload):
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                outer.requests.append((time.monotonic(), "GET", {}))
                self._send(MANIFEST)

            def do_POST(self):
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                queries = json.loads(form["queries"][0])
                outer.requests.append((time.monotonic(), "POST", queries))
                status = outer.statuses.pop(0) if outer.statuses else 200
                if status != 200:
                    self.send_response(status)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(delay)
                self._send({k: {"result": ANSWERS.get(q["query"], [])[: q.get("limit", 5)]}
                            for k, q in queries.items()})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/en/api"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def posts(self):
        return [q for _, m, q in self.requests if m == "POST"]


@pytest.fixture
def service():
    s = Service()
    yield s
    s.stop()


def same_as(store_dir) -> dict[str, str]:
    store = pyoxigraph.Store.read_only(str(store_dir))
    q = """SELECT ?x ?q { GRAPH ?g { ?x <http://www.w3.org/2002/07/owl#sameAs> ?q } }"""
    return {r["x"].value[len(ID):]: r["q"].value[len(WD):] for r in store.query(q)}


def test_online_links_certain_candidates_and_proposes_the_rest(tmp_path, service):
    store = tmp_path / "store"
    summary = build([SAMPLES], store, link=LinkOptions(mode="online", url=service.url, batch=10),
                    export_to=tmp_path / "linked.trig")
    links = same_as(store)
    # Certain: exact name, agreeing type, the country in the description, score >= 90.
    assert links["person/kang-kyungwha"] == "Q900000101"
    assert links["person/stephen-biegun"] == "Q900000102"  # "American": his post is a US post
    assert links["organization/korea-herald"] == "Q900000105"
    assert links["place/incheon-airport"] == "Q900000104"  # the airport, never the person of that name
    assert links["organization/mofa-south-korea"] == "Q900000106"
    assert links["organization/mofa-north-korea"] == "Q900000107"
    assert "person/park-hanna" not in links  # the city of that name is never proposed
    assert "person/lee-dohun" not in links  # score 85: a person decides
    # The offline links are all still there.
    assert links["place/washington"] == "Q61" and links["person/michael-pompeo"] == "Q473239"
    assert validate_file(str(tmp_path / "linked.trig")).conforms  # owl:sameAs only to Wikidata items
    rows = {(r.entity[len(ID):], r.candidate[len(WD):]): r for r in read_review(store / "link-review.csv")}
    assert rows[("person/lee-dohun", "Q900000103")].decision == ""
    assert rows[("person/lee-dohun", "Q900000113")].candidate_description == "South Korean footballer"
    assert rows[("person/kang-kyungwha", "Q900000101")].decision == "accept"  # recorded, so a person can undo it
    assert not any(c in ("Q900000114", "Q900000115") for _, c in rows)
    assert summary.link.online == 6 and summary.link.pending == 2
    # Batched queries as OpenRefine sends them: form field `queries`, at most 10 per request.
    posts = service.posts
    assert posts and all(len(q) <= 10 for q in posts)
    sent = {q["query"]: q for batch in posts for q in batch.values()}
    assert sent["Kang Kyung-wha"]["type"] == "Q5"
    assert sent["Kang Kyung-wha"]["properties"] == [{"pid": "P27", "v": "Q884"}]  # South Korea, linked offline
    assert "Mike Pompeo" not in sent  # linked offline: never asked
    every = [json.dumps(q, sort_keys=True) for batch in posts for q in batch.values()]
    assert len(every) == len(set(every))  # each entity asked once


def test_decisions_persist_across_builds_and_answers_come_from_the_cache(tmp_path, service):
    store = tmp_path / "store"
    online = LinkOptions(mode="online", url=service.url)
    build([SAMPLES], store, link=online)
    review = store / "link-review.csv"
    rows = read_review(review)
    for r in rows:
        if r.candidate == WD + "Q900000103":
            r.decision = "accept"  # Lee Do-hoon: a person checked it
        if r.candidate == WD + "Q900000101":
            r.decision = "reject"  # Kang Kyung-wha: a person overturns the automatic link
    write_review(review, rows)
    asked = len(service.requests)
    summary = build([SAMPLES], store, link=online)
    assert len(service.requests) == asked  # every answer came from STORE/link-cache
    links = same_as(store)
    assert links["person/lee-dohun"] == "Q900000103"
    assert "person/kang-kyungwha" not in links
    after = read_review(review)
    assert len(after) == len(rows)  # nothing proposed again, nothing lost
    assert [(r.entity, r.candidate, r.decision) for r in after] == [(r.entity, r.candidate, r.decision) for r in rows]
    assert summary.link.pending == 0  # Lee's other candidate is moot once one is accepted
    # An offline build keeps what people decided, without any network.
    service.stop()
    build([SAMPLES], store)
    links = same_as(store)
    assert links["person/lee-dohun"] == "Q900000103" and links["person/stephen-biegun"] == "Q900000102"
    assert "person/kang-kyungwha" not in links


def test_link_review_after_an_online_build(tmp_path, service, capsys):
    store = tmp_path / "store"
    assert main(["build", str(SAMPLES), "--store", str(store), "--link", "online",
                 "--reconcile-url", service.url]) == 0
    out = capsys.readouterr().out
    assert "links: 18 offline, 0 accepted in review, 6 online" in out and "2 awaiting review" in out
    assert main(["link", "review", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "Lee Do-hoon" in out and "wd:Q900000103" in out and "wd:Q900000113" in out
    assert "Kang Kyung-wha" not in out  # linked with certainty: nothing to decide
    assert "2 candidate(s) await a decision, 6 accepted, 0 rejected" in out


def test_an_unreachable_service_leaves_a_one_line_notice_and_the_offline_links(tmp_path, capsys):
    store = tmp_path / "store"
    closed = f"http://127.0.0.1:{free_port()}/api"  # nothing listens there
    assert main(["build", str(SAMPLES), "--store", str(store), "--link", "online", "--reconcile-url", closed]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    notice = [line for line in err if "online linking" in line]
    assert len(notice) == 1 and f"cannot reach {closed}" in notice[0] and "offline links only" in notice[0]
    links = same_as(store)
    assert len(links) == 18 and links["place/washington"] == "Q61"
    assert not (store / "link-review.csv").exists()


def test_a_service_that_never_answers_times_out(tmp_path, capsys):
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api"
        store = tmp_path / "store"
        assert main(["build", str(SAMPLES), "--store", str(store), "--link", "online", "--reconcile-url", url,
                     "--link-timeout", "0.5"]) == 0
    err = capsys.readouterr().err
    assert "did not answer within 0.5 s" in err or "timed out" in err
    assert len(same_as(store)) == 18


def test_requests_are_batched_spaced_by_the_rate_and_cached(tmp_path, service):
    client = ReconcileClient(service.url, tmp_path / "cache", rate=4.0, batch=2)
    queries = {f"k{i}": {"query": name, "limit": 3} for i, name in enumerate(list(ANSWERS)[:6])}
    got = client.reconcile(queries)
    assert got["k0"][0]["id"] == "Q900000101" and client.requests == 3  # 6 queries, 2 per request
    times = [t for t, m, _ in service.requests if m == "POST"]
    assert all(b - a >= 0.24 for a, b in zip(times, times[1:]))  # at most 4 requests a second
    again = ReconcileClient(service.url, tmp_path / "cache", rate=4.0, batch=2)
    assert again.reconcile(queries) == got and again.requests == 0


def test_a_web_page_instead_of_a_reconciliation_service_is_reported(tmp_path):
    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"<html>hello</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ServiceUnavailable, match="did not answer with JSON"):
            ReconcileClient(f"http://127.0.0.1:{httpd.server_port}/", tmp_path).manifest()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_too_many_requests_is_retried_once_after_the_wait_the_service_asks(tmp_path):
    service = Service(statuses=[429])
    try:
        client = ReconcileClient(service.url, tmp_path / "cache")
        got = client.reconcile({"kang": {"query": "Kang Kyung-wha"}})
        assert got["kang"][0]["id"] == "Q900000101" and len(service.posts) == 2
    finally:
        service.stop()


def test_a_service_failing_half_way_keeps_what_it_answered(tmp_path, capsys):
    service = Service(statuses=[200, 500])
    try:
        store = tmp_path / "store"
        assert main(["build", str(SAMPLES), "--store", str(store), "--link", "online",
                     "--reconcile-url", service.url, "--link-rate", "0"]) == 0
        err = capsys.readouterr().err
        assert "online linking stopped" in err and "HTTP 500" in err and "build again to go on" in err
        first = same_as(store)
        asked_first = {q["query"] for q in service.posts[0].values()}
        assert ("person/kang-kyungwha" in first) == ("Kang Kyung-wha" in asked_first)
        assert len(first) >= 18
        # Build again: the first batch comes from the cache, the rest is asked now.
        assert main(["build", str(SAMPLES), "--store", str(store), "--link", "online",
                     "--reconcile-url", service.url, "--link-rate", "0"]) == 0
        assert "online linking" not in capsys.readouterr().err
        assert same_as(store)["person/kang-kyungwha"] == "Q900000101"
        assert not asked_first & {q["query"] for q in service.posts[-1].values()}
    finally:
        service.stop()
