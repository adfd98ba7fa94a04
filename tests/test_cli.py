"""The `peninsula` command: summaries, messages and exit statuses a user relies on."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLES


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "builder.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, input=stdin)


@pytest.mark.slow
def test_build_prints_a_summary_and_exits_0(tmp_path):
    r = run("build", SAMPLES, "--store", tmp_path / "store", "--export", tmp_path / "g.nq")
    assert r.returncode == 0, r.stderr
    assert "2 built" in r.stdout and "0 violations" in r.stdout and "triples" in r.stdout
    assert (tmp_path / "g.nq").stat().st_size > 1000


@pytest.mark.slow
def test_build_with_a_bad_file_exits_1_and_names_it(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SAMPLES, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x00binary")
    r = run("build", corpus, "--store", tmp_path / "store")
    assert r.returncode == 1
    assert "broken.txt" in r.stderr and "binary" in r.stderr
    assert "2 built" in r.stdout


def test_build_of_a_missing_path_exits_2(tmp_path):
    r = run("build", tmp_path / "nope", "--store", tmp_path / "store")
    assert r.returncode == 2 and "no such file" in r.stderr


def test_query_answers_from_the_store(sample_build):
    r = run("query", "PREFIX dip: <https://w3id.org/peninsula/ontology#> SELECT (COUNT(*) AS ?n) { ?p a dip:Envoy }",
            "--store", sample_build[0], "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"] == "2"


def test_query_from_stdin_and_a_syntax_error_exits_2(sample_build):
    ok = run("query", "-", "--store", sample_build[0], stdin="ASK { ?s ?p ?o }")
    assert ok.stdout.strip() == "true"
    bad = run("query", "SELEC ?x {", "--store", sample_build[0])
    assert bad.returncode == 2 and "not valid SPARQL" in bad.stderr


def test_query_on_a_folder_that_is_not_a_store_exits_2(tmp_path):
    r = run("query", "ASK {}", "--store", tmp_path)
    assert r.returncode == 2 and "not a Peninsula store" in r.stderr


def test_validate_a_dump_and_a_broken_file(sample_build, tmp_path):
    ok = run("validate", sample_build[2])
    assert ok.returncode == 0 and "conforms" in ok.stdout
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix dip: <https://w3id.org/peninsula/ontology#> .
<https://w3id.org/peninsula/id/event/x> a dip:Meeting, dip:Event ; dip:status dip:Held .""")
    r = run("validate", bad)
    assert r.returncode == 1 and "does not conform" in r.stdout


def test_serve_refuses_a_folder_that_is_not_a_store(tmp_path):
    r = run("serve", "--store", tmp_path)
    assert r.returncode == 2 and "not a Peninsula store" in r.stderr


@pytest.mark.slow
def test_ontology_check_runs_hermit():
    r = run("ontology", "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "consistent" in r.stdout
