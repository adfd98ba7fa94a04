"""The Oxigraph store on disk: article graphs replaced atomically, build state, dumps.

One writer process per store (RocksDB's lock). Readers never open what the writer holds:
at the end of a build the store is checkpointed into a snapshot that servers and
`peninsula query` open instead (server/snapshots.py). Each article's graph is replaced in
one SPARQL update (drop and insert in a single transaction), and an interrupted build
leaves a store that opens.
The build state (content hash and small entity records per article) lives beside the data
in `peninsula-state.json`, written atomically after the graphs it describes.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from rdflib import Graph

from server.snapshots import current_snapshot, publish

from .errors import StoreError

STATE_FILE = "peninsula-state.json"
EXPORT_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".jsonld": "JSON_LD",
                  ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".owl": "RDF_XML"}
GRAPH_FORMATS = {"TURTLE", "N_TRIPLES", "RDF_XML"}  # no named graphs: the union is written


def open_store(path: Path, read_only: bool = False):
    import pyoxigraph as ox

    try:
        if read_only:
            if not (path / STATE_FILE).exists():
                raise StoreError("this folder is not a Peninsula store", source=str(path),
                                 hint="Build one first: peninsula build ARTICLES --store DIR.")
            return ox.Store.read_only(str(current_snapshot(path)))  # never what a writer holds
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError("the store is in use by another build", source=str(path),
                             hint="Wait for the other `peninsula build` to finish, or use another --store.") from exc
        raise StoreError(f"cannot open the store ({exc})", source=str(path)) from exc


def load_state(path: Path) -> dict:
    f = path / STATE_FILE
    if not f.exists():
        return {"version": 1, "articles": {}}
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"the build state file is unreadable ({exc})", source=str(f),
                         hint="Rebuild the store from scratch into a new --store folder.") from exc


def save_state(path: Path, state: dict) -> None:
    tmp = path / (STATE_FILE + ".tmp")
    # Compact: json's C encoder does not indent, and this file is rewritten every few seconds.
    tmp.write_text(json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path / STATE_FILE)


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt")


def replace_graph(store, graph_iri: str, graph: Graph) -> None:
    """Replace one named graph in a single transaction."""
    replace_graph_nt(store, graph_iri, _ntriples(graph))


def replace_graph_nt(store, graph_iri: str, body: str) -> None:
    """Replace one named graph with N-Triples text, in a single transaction."""
    import pyoxigraph as ox

    graph = ox.NamedNode(graph_iri)
    if store.contains_named_graph(graph):
        store.update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")
    else:  # a new graph: a load is one transaction too, and a quarter faster than the update
        store.load(body.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def add_graphs_nt(store, graphs: list[tuple[str, str]]) -> None:
    """Store named graphs that the store does not hold yet, from (graph IRI, N-Triples text)
    pairs, with the store's bulk loader: half the time of a transaction per graph.

    The bulk loader writes without a transaction, which is safe here: readers see published
    snapshots only, and the build records an article in its state after its graph is
    written. Graphs the store already holds are replaced one transaction each."""
    import pyoxigraph as ox

    fresh = []
    for iri, body in graphs:
        if store.contains_named_graph(ox.NamedNode(iri)):
            replace_graph_nt(store, iri, body)
        else:
            fresh.append((iri, body))
    if not fresh:
        return
    # N-Quads from the emitter's N-Triples: every line ends in " .", and no literal holds a
    # raw line break (the emitter escapes them)
    nquads = "".join(body.replace(" .\n", f" <{iri}> .\n") for iri, body in fresh)
    try:
        store.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError):  # a graph the loader refused: one transaction each, to name it
        for iri, body in fresh:
            replace_graph_nt(store, iri, body)


def publish_snapshot(store, path: Path) -> None:
    """Let readers (the server, `peninsula query`) see the store as it is now."""
    publish(store, path)


def drop_graph(store, graph_iri: str) -> None:
    store.update(f"DROP SILENT GRAPH <{graph_iri}>")


def count_triples(store) -> int:
    return len(store)


def export(store, target: Path) -> None:
    """Write a dump whose format follows the file extension."""
    import pyoxigraph as ox

    fmt_name = EXPORT_FORMATS.get(target.suffix.lower())
    if fmt_name is None:
        raise StoreError(f"unknown dump format {target.suffix!r}", source=str(target),
                         hint="Use one of " + ", ".join(sorted(EXPORT_FORMATS)) + ".")
    fmt = getattr(ox.RdfFormat, fmt_name)
    prefixes = {"dip": "https://w3id.org/peninsula/ontology#", "id": "https://w3id.org/peninsula/id/",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
                "dcterms": "http://purl.org/dc/terms/", "owl": "http://www.w3.org/2002/07/owl#",
                "xsd": "http://www.w3.org/2001/XMLSchema#", "wd": "http://www.wikidata.org/entity/"}
    with open(target, "wb") as out:
        if fmt_name in GRAPH_FORMATS:
            triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            out.write(triples.serialize(format=fmt))
        elif fmt_name == "JSON_LD":
            store.dump(out, format=fmt)
        else:
            store.dump(out, format=fmt, prefixes=prefixes)
