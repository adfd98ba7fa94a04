"""The SPARQL 1.1 protocol endpoint at /sparql (queries only; the store is read-only).

``parse_sparql_request`` is the one place that turns any of the three request forms
(GET, POST form, POST direct) into a query string, a dataset and the formats to answer
in; ``run_query`` hands the raw string to Oxigraph and serialises what it returns.
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph
from flask import Blueprint, Response, current_app, request
from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat,
                        QueryTriples, Triple)

from server.errors import (BadRequest, NotAcceptable, PayloadTooLarge, QueryFailed,
                           UnsupportedMediaType)
from server.negotiation import (FORMATS_BY_NAME, GRAPH, GRAPH_FORMATS, RESULT_FORMATS,
                                RESULTS, Format, choose_format)
from server.store import get_store

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Prefixes written into Turtle and RDF/XML answers, so they read like the project's files.
OUTPUT_PREFIXES = {
    "dip": "https://w3id.org/peninsula/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": "http://www.wikidata.org/entity/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}

NOT_AN_UPDATE_ENDPOINT = (
    "This endpoint answers SPARQL queries only; it does not accept updates "
    "(INSERT, DELETE, LOAD, CLEAR, ...): the store is opened read-only. "
    "Change the data by rebuilding it with `peninsula build`."
)


@dataclass(frozen=True)
class ProtocolDataset:
    """The RDF dataset named by default-graph-uri / named-graph-uri parameters."""

    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


@dataclass(frozen=True)
class FormatChoice:
    """The format to answer in for each kind of result; None means 406 for that kind."""

    results: Format | None
    graph: Format | None

    def for_kind(self, kind: str) -> Format | None:
        return self.results if kind == RESULTS else self.graph


@dataclass(frozen=True)
class SparqlRequest:
    query: str | None  # None: a plain GET /sparql, answered with the service description
    dataset: ProtocolDataset | None
    formats: FormatChoice


def parse_sparql_request() -> SparqlRequest:
    """Normalise the current request into (query, dataset, formats), or raise an EndpointError."""
    params = _decode_params(request.query_string, "the URL query string")
    queries = _values(params, "query")
    if request.method == "POST":
        content_type = request.mimetype
        limit = current_app.config["MAX_QUERY_BYTES"]
        if content_type == FORM:
            # Percent-encoding can triple a query's size; the decoded query is checked below.
            params += _decode_params(_read_body(3 * limit + 8192), "the form body")
            queries = _values(params, "query")
        elif content_type == DIRECT:
            if queries:
                raise BadRequest("With Content-Type application/sparql-query the query is "
                                 "the request body; do not also pass a 'query' parameter.")
            queries = [_decode_utf8(_read_body(limit), "The request body")]
        elif content_type == UPDATE:
            raise BadRequest(NOT_AN_UPDATE_ENDPOINT)
        else:
            raise UnsupportedMediaType(
                f"POST to /sparql with Content-Type {content_type or '(none)'} is not "
                f"supported: send {FORM} with a 'query' field, or {DIRECT} with the query "
                f"as the body."
            )
    if _values(params, "update"):
        raise BadRequest(NOT_AN_UPDATE_ENDPOINT)
    if len(queries) > 1:
        raise BadRequest(f"The request has {len(queries)} 'query' parameters; send exactly one.")

    dataset = _protocol_dataset(params)
    query = queries[0] if queries else None
    if query is None and (request.method == "POST" or dataset is not None):
        raise BadRequest("The request has no 'query' parameter: send a SPARQL query in 'query' "
                         "(GET or form POST), or as the body with Content-Type "
                         f"{DIRECT}.")
    if query is not None:
        if not query.strip():
            raise BadRequest("The 'query' parameter is empty: send a SPARQL query.")
        size = len(query.encode("utf-8"))
        if size > current_app.config["MAX_QUERY_BYTES"]:
            raise PayloadTooLarge(f"The query is {size} bytes; this endpoint accepts queries "
                                  f"of at most {current_app.config['MAX_QUERY_BYTES']} bytes.")
    return SparqlRequest(query, dataset, _choose_formats(params))


def _decode_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """Decode URL-encoded ``name=value`` pairs strictly: invalid UTF-8 is an error, not '?'."""
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise BadRequest(f"{where} is not valid UTF-8 (byte {error.start}); "
                         "percent-encode the query as UTF-8.") from error


def _decode_utf8(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"{what} is not valid UTF-8 (byte {error.start}); "
                         "send the query encoded as UTF-8.") from error


def _read_body(limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"The request body is {request.content_length} bytes; "
                              f"this endpoint accepts at most {limit}.")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise PayloadTooLarge(f"The request body is over {limit} bytes; "
                              f"this endpoint accepts at most {limit}.")
    return body


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def _protocol_dataset(params: list[tuple[str, str]]) -> ProtocolDataset | None:
    default_graphs = tuple(_values(params, "default-graph-uri"))
    named_graphs = tuple(_values(params, "named-graph-uri"))
    if not default_graphs and not named_graphs:
        return None
    for iri in default_graphs + named_graphs:
        try:
            NamedNode(iri)
        except ValueError as error:
            raise BadRequest(f"Graph IRI {iri!r} is not a valid absolute IRI: {error}") from error
    return ProtocolDataset(default_graphs, named_graphs)


def _choose_formats(params: list[tuple[str, str]]) -> FormatChoice:
    """Pick the answer formats: the ``format`` parameter if given, else the Accept header."""
    names = [name for name in _values(params, "format") if name]
    if len(names) > 1:
        raise BadRequest("The request has more than one 'format' parameter; send one.")
    if names:
        fmt = FORMATS_BY_NAME.get(names[0].lower())
        if fmt is None:
            raise BadRequest(f"Unknown format {names[0]!r}; use one of "
                             f"{', '.join(FORMATS_BY_NAME)}.")
        return FormatChoice(fmt if fmt.kind == RESULTS else None,
                            fmt if fmt.kind == GRAPH else None)
    accept = request.headers.get("Accept")
    choice = FormatChoice(choose_format(accept, RESULT_FORMATS),
                          choose_format(accept, GRAPH_FORMATS))
    if choice.results is None and choice.graph is None:
        raise NotAcceptable(f"Cannot answer in any of the types in Accept: {accept}. "
                            + _format_help())
    return choice


def _format_help() -> str:
    return ("SELECT and ASK results are sent as "
            + ", ".join(f.bare_media_type for f in RESULT_FORMATS)
            + "; CONSTRUCT and DESCRIBE graphs as "
            + ", ".join(f.bare_media_type for f in GRAPH_FORMATS) + ".")


# Strings, IRIs and comments, which may contain any word; removed before looking at keywords.
_IGNORABLE = re.compile("|".join((
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'(?:[^'\\\n\r]|\\.)*'",
    r'"(?:[^"\\\n\r]|\\.)*"',
    r"<[^<>\"{}|^`\\\x00-\x20]*>",
    r"#[^\n\r]*",
)), re.DOTALL)
_DATASET_CLAUSE = re.compile(r"(?<![\w:?$.-])FROM(?![\w:-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"(?:\s*(?:BASE|PREFIX\s*[^\s:]*:))*\s*", re.IGNORECASE)
_UPDATE_START = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                           re.IGNORECASE)


def _keywords_only(query: str) -> str:
    return _IGNORABLE.sub(" ", query)


def _declares_dataset(query: str) -> bool:
    """Whether the query has FROM / FROM NAMED clauses of its own."""
    return _DATASET_CLAUSE.search(_keywords_only(query)) is not None


def _looks_like_update(query: str) -> bool:
    text = _keywords_only(query)
    return _UPDATE_START.match(text, _PROLOGUE.match(text).end()) is not None


def run_query(sparql: SparqlRequest):
    """Evaluate the query with Oxigraph over the requested dataset.

    Without a protocol dataset and without FROM clauses, the default graph is the union of
    all named graphs (pyoxigraph would ignore a FROM clause if the union flag were set).
    """
    store = get_store()
    if sparql.dataset is not None:
        options = {
            "default_graph": [NamedNode(iri) for iri in sparql.dataset.default_graphs],
            "named_graphs": [NamedNode(iri) for iri in sparql.dataset.named_graphs],
        }
    elif _declares_dataset(sparql.query):
        options = {}
    else:
        options = {"use_default_graph_as_union": True}
    try:
        return store.query(sparql.query, **options)
    except SyntaxError as error:
        if _looks_like_update(sparql.query):
            raise BadRequest(NOT_AN_UPDATE_ENDPOINT) from error
        raise BadRequest(f"Malformed query: {error}") from error
    except (OSError, RuntimeError) as error:
        raise QueryFailed(f"The query could not be evaluated: {error}") from error


def serialize_result(result, formats: FormatChoice) -> Response:
    """Serialise a pyoxigraph query result in the chosen format of its kind."""
    kind = GRAPH if isinstance(result, QueryTriples) else RESULTS
    fmt = formats.for_kind(kind)
    if fmt is None:
        wanted = formats.results or formats.graph
        what = "a graph (CONSTRUCT/DESCRIBE)" if kind == GRAPH else "solutions (SELECT/ASK)"
        raise NotAcceptable(f"This query returns {what}, which cannot be sent as "
                            f"{wanted.bare_media_type}. " + _format_help())
    limit = current_app.config.get("RESULT_ROW_LIMIT")
    truncated = False
    # Evaluation is lazy: engine errors (a failing SERVICE call, ...) surface while writing.
    try:
        if kind == GRAPH:
            triples = result
            if limit is not None:
                triples = list(itertools.islice(result, limit + 1))
                truncated = len(triples) > limit
                triples = triples[:limit]
            body = pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=OUTPUT_PREFIXES)
        else:
            if limit is not None and not isinstance(result, QueryBoolean):
                result, truncated = _first_solutions(result, limit)
            body = result.serialize(format=fmt.oxigraph)
    except (OSError, RuntimeError) as error:
        raise QueryFailed(f"The query failed during evaluation: {error}") from error
    response = Response(body, content_type=fmt.media_type)
    if truncated:
        response.headers["X-Peninsula-Truncated"] = f"results cut at {limit} rows"
    return response


def _first_solutions(solutions, limit: int):
    """The first ``limit`` solutions as a new QuerySolutions, and whether any were dropped.

    pyoxigraph cannot cut a QuerySolutions short, so the kept rows are written as SPARQL
    JSON and read back, which lets pyoxigraph serialise them in any results format.
    """
    variables = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, limit + 1))
    bindings = [
        {name: _term_json(row[name]) for name in variables if row[name] is not None}
        for row in rows[:limit]
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    parsed = pyoxigraph.parse_query_results(json.dumps(document).encode("utf-8"),
                                            format=QueryResultsFormat.JSON)
    return parsed, len(rows) > limit


def _term_json(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        if term.datatype.value != XSD_STRING:
            return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        return {"type": "literal", "value": term.value}
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"Unexpected term in query results: {term!r}")


def service_description(fmt: Format) -> Response:
    """A SPARQL 1.1 service description of this endpoint (RDF, in the chosen format)."""
    formats = ", ".join(f"<{f.iri}>" for f in RESULT_FORMATS + GRAPH_FORMATS)
    turtle = f"""\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{request.base_url}#service> a sd:Service ;
    sd:endpoint <{request.base_url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [
            a sd:Graph ;
            rdfs:comment "The union of all named graphs: one per article, the entities graph and the ontology graph."@en
        ]
    ] .
"""
    triples = (quad.triple for quad in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))
    body = pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=OUTPUT_PREFIXES)
    return Response(body, content_type=fmt.media_type)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """SPARQL 1.1 protocol: query via GET, POST form or POST direct."""
    sparql = parse_sparql_request()
    if sparql.query is None:
        if sparql.formats.graph is None:
            raise NotAcceptable("The service description is an RDF graph. " + _format_help())
        return service_description(sparql.formats.graph)
    return serialize_result(run_query(sparql), sparql.formats)


@bp.after_request
def _protocol_headers(response: Response) -> Response:
    response.headers["X-Peninsula-Engine"] = "oxigraph"
    response.vary.add("Accept")
    return response
