"""The real server: `serve()` runs gunicorn in a subprocess; queries go over HTTP."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest

from .conftest import free_port

from server.serve import serve
from server.store import StoreError

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "server" / "store.trig"
ROOT = Path(__file__).parent.parent
ENVOYS = """PREFIX dip: <https://w3id.org/peninsula/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE { ?p a dip:Envoy ; rdfs:label ?name } ORDER BY ?name"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    store_path = tmp_path_factory.mktemp("http") / "store"
    store = pyoxigraph.Store(str(store_path))
    store.bulk_load(path=DATA, format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store  # release the write lock before the server opens the store read-only

    port = free_port()
    log = tmp_path_factory.mktemp("http-log") / "server.log"
    code = f"from server.serve import serve; serve({str(store_path)!r}, port={port}, workers=2)"
    with open(log, "wb") as log_file:
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                                   stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()  # SIGTERM: gunicorn stops its workers and exits
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    # A guard against hanging forever if the server never comes up, not a speed check.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/health") as response:
                if json.load(response)["status"] == "ok":
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"server did not answer /health:\n{log.read_text()}")


def get(url: str, accept: str) -> tuple[str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        return response.headers["Content-Type"], response.read()


def test_health_over_http(base_url):
    with urllib.request.urlopen(base_url + "/health") as response:
        assert json.load(response) == {"status": "ok", "triples": 156, "graphs": 4}


def test_json_over_http(base_url):
    content_type, body = get(base_url + "/sparql?" + urllib.parse.urlencode({"query": ENVOYS}),
                             "application/sparql-results+json")
    assert content_type == "application/sparql-results+json"
    rows = json.loads(body)["results"]["bindings"]
    assert [row["name"]["value"] for row in rows] == ["Lee Do-hoon", "Stephen Biegun"]


def test_csv_over_http_form_post(base_url):
    request = urllib.request.Request(
        base_url + "/sparql", data=urllib.parse.urlencode({"query": ENVOYS}).encode(),
        headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["X-Peninsula-Engine"] == "oxigraph"
        rows = list(csv.reader(io.StringIO(response.read().decode("utf-8"))))
    assert rows == [["name"], ["Lee Do-hoon"], ["Stephen Biegun"]]


def test_long_get_query_over_http(base_url):
    # Longer than gunicorn's default request-line limit of 4094 bytes.
    query = ENVOYS + "\n#" + "x" * 5000
    content_type, body = get(base_url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                             "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 2


def test_syntax_error_over_http(base_url):
    url = base_url + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url)
    assert error.value.code == 400
    assert "Malformed query" in error.value.read().decode("utf-8")


def test_query_page_over_http(base_url):
    content_type, body = get(base_url + "/", "text/html")
    assert content_type.startswith("text/html")
    assert b"Envoys and their posts" in body
    _, script = get(base_url + "/static/query.js", "*/*")
    assert b"textContent" in script


def test_serve_refuses_a_path_that_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="No store at"):
        serve(tmp_path / "missing")
