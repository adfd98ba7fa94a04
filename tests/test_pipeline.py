"""Builds that users repeat: unchanged articles skipped, changed ones replaced, removed ones pruned,
and a bad article that never stops the batch or harms the store."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from builder.pipeline import build

from .conftest import SAMPLES


def quads(store_dir):
    store = ox.Store.read_only(str(store_dir))
    out = sorted(str(q) for q in store)
    del store
    return out


def named_quads(store_dir):
    """The store's quads without blank nodes: the ontology's get new labels in every build."""
    return [q for q in quads(store_dir) if "_:" not in q]


def graphs(store_dir):
    store = ox.Store.read_only(str(store_dir))
    out = sorted(str(g.value) for g in store.named_graphs())
    del store
    return out


def copy_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    return corpus


def test_rebuild_of_the_same_corpus_skips_and_leaves_the_store_identical(tmp_path):
    corpus = copy_corpus(tmp_path)
    first = build([corpus], tmp_path / "store")
    before = quads(tmp_path / "store")
    second = build([corpus], tmp_path / "store")
    assert (first.built, second.built, second.skipped) == (2, 0, 2)
    assert quads(tmp_path / "store") == before


def test_two_fresh_builds_give_the_same_triples(tmp_path, sample_build):
    build([SAMPLES], tmp_path / "again")
    # IRIs and literals are identical; only the ontology's blank nodes get new labels.
    assert named_quads(tmp_path / "again") == named_quads(sample_build[0])
    assert len(quads(tmp_path / "again")) == len(quads(sample_build[0]))


def test_a_changed_article_replaces_its_graph(tmp_path):
    corpus = copy_corpus(tmp_path)
    build([corpus], tmp_path / "store")
    f = corpus / "003_eee84ffccf3f646e.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("Incheon International Airport", "Gimpo Airport"),
                 encoding="utf-8")
    summary = build([corpus], tmp_path / "store")
    assert (summary.built, summary.skipped) == (1, 1)
    text = "\n".join(quads(tmp_path / "store"))
    assert "Gimpo Airport" in text and "Incheon International Airport" not in text


def test_prune_drops_articles_whose_files_are_gone(tmp_path):
    corpus = copy_corpus(tmp_path)
    build([corpus], tmp_path / "store")
    (corpus / "000_0c204476ca76d2b2.txt").unlink()
    kept = build([corpus], tmp_path / "store")
    assert any(g.endswith("/000_0c204476ca76d2b2") for g in graphs(tmp_path / "store"))
    assert kept.failed  # the manifest still lists the missing file: reported, nothing dropped
    pruned = build([corpus], tmp_path / "store", prune=True)
    assert pruned.removed == 1
    assert not any(g.endswith("/000_0c204476ca76d2b2") for g in graphs(tmp_path / "store"))
    assert any(g.endswith("/003_eee84ffccf3f646e") for g in graphs(tmp_path / "store"))


def test_a_bad_article_is_reported_and_the_rest_is_built(tmp_path):
    corpus = copy_corpus(tmp_path)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 envoy".encode("latin-1") + b"\xe9")
    summary = build([corpus], tmp_path / "store")
    assert summary.built == 2
    failed = dict(summary.failed)
    assert set(map(lambda p: p.rsplit("/", 1)[1], failed)) == {"empty.txt", "binary.txt", "latin1.txt"}
    assert all("[E1" in m for m in failed.values())


def test_a_bad_article_costs_nothing_already_stored(tmp_path):
    corpus = copy_corpus(tmp_path)
    build([corpus], tmp_path / "store")
    before = quads(tmp_path / "store")
    f = corpus / "003_eee84ffccf3f646e.txt"
    f.write_bytes(b"\xff\xfe\x00garbage")  # the file is damaged on disk
    summary = build([corpus], tmp_path / "store")
    assert summary.failed and summary.built == 0
    assert quads(tmp_path / "store") == before


def _corpus_of(tmp_path, copies: int):
    """Many distinct articles made from the demo texts (each copy names a different day)."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    rows = ["file\tpublished\tpublisher"]
    for i in range(copies):
        for src in sorted(SAMPLES.glob("*.txt")):
            name = f"{i:03d}-{src.name}"
            text = src.read_text(encoding="utf-8").replace("Wednesday", "Tuesday" if i % 2 else "Wednesday")
            (corpus / name).write_text(text + f"\n(copy {i})\n", encoding="utf-8")
            rows.append(f"{name}\t2019-03-{(i % 27) + 1:02d}\tThe Korea Herald")
    (corpus / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return corpus


@pytest.mark.slow
def test_a_killed_build_leaves_a_store_that_opens_and_a_rerun_completes_it(tmp_path):
    import json
    import signal
    import subprocess
    import sys
    import time

    corpus = _corpus_of(tmp_path, 8)
    store = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", str(corpus), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = store / "peninsula-state.json"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if len(json.loads(state.read_text())["articles"]) >= 3:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert quads(store)  # the store opens after the kill
    rerun = build([corpus], store)
    assert rerun.ok and rerun.built + rerun.skipped == 16
    build([corpus], tmp_path / "clean")
    assert named_quads(store) == named_quads(tmp_path / "clean")


@pytest.mark.slow
def test_two_jobs_build_the_same_graph_as_one(tmp_path):
    corpus = _corpus_of(tmp_path, 2)
    one = build([corpus], tmp_path / "one", jobs=1)
    two = build([corpus], tmp_path / "two", jobs=2)
    assert one.built == two.built == 4
    assert named_quads(tmp_path / "one") == named_quads(tmp_path / "two")


def test_graphs_are_added_in_bulk_and_replaced_where_the_store_has_them(tmp_path):
    """The build's writer: new graphs through the bulk loader, a graph the store holds
    replaced (not merged), every graph exactly its N-Triples."""
    from builder import store as st

    store = st.open_store(tmp_path / "store")
    old = "<http://example.org/a> <http://example.org/p> \"old\" .\n"
    st.replace_graph_nt(store, "http://example.org/g/1", old)
    st.add_graphs_nt(store, [
        ("http://example.org/g/1", "<http://example.org/a> <http://example.org/p> \"new\" .\n"),
        ("http://example.org/g/2", "<http://example.org/b> <http://example.org/p> \"line \\\"one\\\" .\\nand two\" .\n"
                                   "<http://example.org/b> <http://example.org/q> <http://example.org/c> .\n"),
    ])

    def objects(graph):
        return sorted(q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    assert objects("http://example.org/g/1") == ["new"]
    assert objects("http://example.org/g/2") == ["http://example.org/c", 'line "one" .\nand two']
