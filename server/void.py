"""The dataset described and downloadable: VoID at /.well-known/void, dumps under /dumps/.

The VoID counts are computed with SPARQL over the store once per process and store
generation (``store_generation``), so they cost nothing after the first request. Dumps are
streamed: ``Store.dump`` writes into a pipe from a thread while the response reads it, so
a dump of any size is sent without being held in memory.
"""
from __future__ import annotations

import os
import queue
import threading
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph
from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple

from server.errors import EndpointError, NotAcceptable
from server.negotiation import GRAPH_FORMATS, choose_format, FORMATS_BY_NAME
from server.rdfterms import DCT, DIP, ONTOLOGY, RDF_TYPE, XSD
from server.snapshots import published_at
from server.sparql import OUTPUT_PREFIXES
from server.store import get_store

bp = Blueprint("data", __name__)

VOID = "http://rdfs.org/ns/void#"


def store_generation(store_path: str | os.PathLike[str] | None) -> float | None:
    """Which build of the store is being served: when its snapshot was published, or None.
    Caches are keyed on it; it is also the dumps' Last-Modified and VoID's dcterms:modified."""
    return published_at(Path(store_path)) if store_path else None


# --- VoID ----------------------------------------------------------------------------

_stats_cache: dict[tuple[str, float | None, str], dict] = {}
_stats_lock = threading.Lock()


def _one_number(store, query: str) -> int:
    for row in store.query(query, use_default_graph_as_union=True):
        return int(row[0].value)
    return 0


def compute_stats(store, base_iri: str) -> dict:
    """Counts over the union of all graphs (a triple stated by two articles counts once)."""
    distinct = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    base = base_iri.replace("\\", "\\\\").replace('"', '\\"')
    classes = [(row["c"].value, int(row["n"].value)) for row in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
        "GROUP BY ?c ORDER BY ?c", use_default_graph_as_union=True)]
    properties = [(row["p"].value, int(row["n"].value)) for row in store.query(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {distinct} GROUP BY ?p ORDER BY ?p",
        use_default_graph_as_union=True)]
    return {
        "triples": _one_number(store, f"SELECT (COUNT(*) AS ?n) WHERE {distinct}"),
        "quads": len(store),
        "graphs": sum(1 for _ in store.named_graphs()),
        "entities": _one_number(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                                       f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}")) }}'),
        "distinct_subjects": _one_number(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "distinct_objects": _one_number(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "classes": classes,
        "properties": properties,
    }


def dataset_stats(store, store_path, base_iri: str) -> dict:
    key = (str(store_path), store_generation(store_path), base_iri)
    with _stats_lock:
        if key not in _stats_cache:
            _stats_cache.clear()  # one generation at a time
            _stats_cache[key] = compute_stats(store, base_iri)
        return _stats_cache[key]


def _vocabulary(iri: str) -> str:
    """The vocabulary a class or property IRI belongs to (its namespace)."""
    if iri.startswith(DIP):
        return ONTOLOGY
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def void_triples(stats: dict, modified: float | None, base_iri: str) -> list[Triple]:
    me = NamedNode(url_for("data.void", _external=True))
    dataset = NamedNode(me.value + "#dataset")
    void = lambda local: NamedNode(VOID + local)  # noqa: E731
    dct = lambda local: NamedNode(DCT + local)  # noqa: E731

    def integer(n: int) -> Literal:
        return Literal(str(n), datatype=NamedNode(XSD + "integer"))

    triples = [
        Triple(me, RDF_TYPE, void("DatasetDescription")),
        Triple(me, dct("title"), Literal("Description of the Peninsula dataset", language="en")),
        Triple(me, NamedNode("http://xmlns.com/foaf/0.1/primaryTopic"), dataset),
        Triple(dataset, RDF_TYPE, void("Dataset")),
        Triple(dataset, dct("title"), Literal("Peninsula", language="en")),
        Triple(dataset, dct("description"), Literal(
            "US / South Korea / North Korea diplomacy as a knowledge graph built from news "
            "articles: posts held, meetings and their status, policy positions and quotes, "
            "each tied to the sentence it came from.", language="en")),
        Triple(dataset, void("sparqlEndpoint"), NamedNode(url_for("sparql.endpoint", _external=True))),
        Triple(dataset, void("rootResource"), NamedNode(url_for("resources.index", _external=True))),
        Triple(dataset, void("uriSpace"), Literal(base_iri)),
        Triple(dataset, void("triples"), integer(stats["triples"])),
        Triple(dataset, void("entities"), integer(stats["entities"])),
        Triple(dataset, void("distinctSubjects"), integer(stats["distinct_subjects"])),
        Triple(dataset, void("distinctObjects"), integer(stats["distinct_objects"])),
        Triple(dataset, void("classes"), integer(len(stats["classes"]))),
        Triple(dataset, void("properties"), integer(len(stats["properties"]))),
        Triple(dataset, NamedNode(VOID + "feature"),
               NamedNode("http://www.w3.org/ns/formats/TriG")),
        Triple(dataset, NamedNode(VOID + "feature"),
               NamedNode("http://www.w3.org/ns/formats/N-Quads")),
    ]
    for name in DUMPS:
        triples.append(Triple(dataset, void("dataDump"),
                              NamedNode(url_for("data.dump", name=name, _external=True))))
    if modified is not None:
        stamp = datetime.fromtimestamp(modified, tz=timezone.utc).replace(microsecond=0)
        triples.append(Triple(dataset, dct("modified"),
                              Literal(stamp.isoformat().replace("+00:00", "Z"),
                                      datatype=NamedNode(XSD + "dateTime"))))
    vocabularies = sorted({_vocabulary(iri) for iri, _ in stats["classes"] + stats["properties"]})
    for vocabulary in vocabularies:
        triples.append(Triple(dataset, void("vocabulary"), NamedNode(vocabulary)))
    for index, (cls, count) in enumerate(stats["classes"]):
        part = NamedNode(f"{me.value}#class-{index}")
        triples += [Triple(dataset, void("classPartition"), part),
                    Triple(part, void("class"), NamedNode(cls)),
                    Triple(part, void("entities"), integer(count))]
    for index, (prop, count) in enumerate(stats["properties"]):
        part = NamedNode(f"{me.value}#property-{index}")
        triples += [Triple(dataset, void("propertyPartition"), part),
                    Triple(part, void("property"), NamedNode(prop)),
                    Triple(part, void("triples"), integer(count))]
    return triples


VOID_PREFIXES = {**OUTPUT_PREFIXES, "void": VOID, "foaf": "http://xmlns.com/foaf/0.1/"}


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset: Turtle by default, or as Accept / ?format= asks."""
    name = request.args.get("format")
    if name:
        fmt = FORMATS_BY_NAME.get(name.lower())
        if fmt not in GRAPH_FORMATS:
            raise EndpointError(f"Unknown format {name!r}; use one of "
                                f"{', '.join(f.name for f in GRAPH_FORMATS)}.")
    else:
        fmt = choose_format(request.headers.get("Accept"), GRAPH_FORMATS)
        if fmt is None:
            raise NotAcceptable("The VoID description is sent as "
                                + ", ".join(f.bare_media_type for f in GRAPH_FORMATS) + ".")
    store_path = current_app.config["STORE"]
    base_iri = current_app.config.get("BASE_IRI") or "https://w3id.org/peninsula/id/"
    stats = dataset_stats(get_store(), store_path, base_iri)
    triples = void_triples(stats, store_generation(store_path), base_iri)
    body = pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=VOID_PREFIXES)
    response = Response(body, content_type=fmt.media_type)
    response.vary.add("Accept")
    return response


# --- dumps ---------------------------------------------------------------------------

DUMPS = {
    "peninsula.trig": ("application/trig", RdfFormat.TRIG),
    "peninsula.nq": ("application/n-quads", RdfFormat.N_QUADS),
    # The union of all graphs, each triple once (the default graph the endpoint queries).
    "peninsula.nt": ("application/n-triples", RdfFormat.N_TRIPLES),
}
UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"

_DONE = object()


class _Pipe:
    """A file-like object a dump thread writes into and a response reads from.

    Writes are gathered into chunks of ``chunk`` bytes; a bounded queue keeps the writer
    at most a few chunks ahead of the client. Once the reader is gone, the next write
    raises, which ends the dump.
    """

    def __init__(self, chunk: int = 1 << 16, depth: int = 8):
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.closed = threading.Event()
        self.chunk = chunk
        self.buffer = bytearray()

    def _put(self, item) -> None:
        while True:
            if self.closed.is_set():
                raise BrokenPipeError("the client stopped reading the dump")
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) >= self.chunk:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        self._put(_DONE)


def stream_from(produce, chunk: int = 1 << 16):
    """Yield the bytes ``produce(file)`` writes, produced in a thread started on first read.

    Closing the generator (the client went away) makes the producer's next write fail,
    which ends it; the thread is joined before the generator finishes closing.
    """
    pipe = _Pipe(chunk=chunk)

    def run() -> None:
        try:
            produce(pipe)
            pipe.finish()
        except BaseException as error:  # handed to the reader, which re-raises it
            try:
                pipe._put(error)
            except BrokenPipeError:
                pass

    thread = threading.Thread(target=run, name="peninsula-dump", daemon=True)
    thread.start()
    try:
        while True:
            item = pipe.queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        pipe.closed.set()
        thread.join()


def _dump_body(store, fmt: RdfFormat):
    if fmt == RdfFormat.N_TRIPLES:
        def produce(out):
            store.query(UNION_TRIPLES).serialize(out, format=RdfFormat.N_TRIPLES)
    else:
        def produce(out):
            store.dump(out, format=fmt, prefixes=OUTPUT_PREFIXES if fmt == RdfFormat.TRIG else None)

    # A generator, so nothing runs (no thread starts) until the body is first read: HEAD
    # requests cost nothing.
    def body():
        yield from stream_from(produce)

    return body()


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """The whole dataset as TriG or N-Quads (all named graphs), or N-Triples (their union)."""
    if name not in DUMPS:
        raise EndpointError(f"There is no dump {name!r}; the dumps are "
                            + ", ".join(url_for("data.dump", name=n) for n in DUMPS) + ".",
                            status=404, title="Not Found")
    media_type, fmt = DUMPS[name]
    store = get_store()
    response = Response(_dump_body(store, fmt), content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    generation = store_generation(current_app.config["STORE"])
    if generation is not None:
        response.last_modified = datetime.fromtimestamp(generation, tz=timezone.utc)
    return response
