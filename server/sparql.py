"""The SPARQL 1.1 protocol endpoint at /sparql (queries only; the store is read-only).

``parse_sparql_request`` is the one place that turns any of the three request forms
(GET, POST form, POST direct) into a query string, a dataset and the formats to answer
in; ``answer_query`` hands the raw string to an evaluator process (see server/evaluator.py),
which runs it with Oxigraph within the time limit and sends back the serialised answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph
from flask import Blueprint, Response, current_app, request
from pyoxigraph import NamedNode

from server.errors import (BadRequest, EndpointError, Forbidden, NotAcceptable, PayloadTooLarge,
                           QueryFailed, QueryTimedOut, UnsupportedMediaType)
from server.evaluator import EvaluatorGone, QueryTimeout, pool_for
from server.negotiation import (BOOLEAN_FORMATS, FORMATS_BY_NAME, GRAPH, GRAPH_FORMATS,
                                RESULT_FORMATS, RESULTS, Format, choose_format, parse_accept)
from server.store import StoreError, check_store
from server.updates import authorised, write

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

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
    "This is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...) sent as a query. Updates go "
    f"by POST, as an 'update' form field or as the body with Content-Type {UPDATE}, and only "
    "with the update secret; without it, change the data with `peninsula build`."
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
    boolean: Format | None = None  # ASK: the results formats that can carry a boolean


@dataclass(frozen=True)
class SparqlRequest:
    query: str | None  # None: a plain GET /sparql, answered with the service description
    dataset: ProtocolDataset | None
    formats: FormatChoice
    update: str | None = None  # a SPARQL Update (POST only); then query is None


def parse_sparql_request() -> SparqlRequest:
    """Normalise the current request into (query, dataset, formats), or raise an EndpointError."""
    params = _decode_params(request.query_string, "the URL query string")
    queries = _values(params, "query")
    updates: list[str] = []
    if len(_values(params, "version")) > 1:
        raise BadRequest("The request has more than one 'version' parameter; send one.")
    if request.method == "GET" and (request.content_length or request.headers.get("Transfer-Encoding")):
        raise BadRequest("A GET request carries no body: put the query in the URL, or POST it.")
    if request.method == "POST":
        content_type = request.mimetype
        limit = current_app.config["MAX_QUERY_BYTES"]
        charset = request.mimetype_params.get("charset")
        if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"The body is declared as {charset}; SPARQL requests are UTF-8. "
                                       "Send the body encoded as UTF-8 (charset=utf-8 or no charset).")
        if content_type == FORM:
            if _values(params, "update"):
                raise BadRequest("With a form POST, send 'update' in the body, not in the URL.")
            # Percent-encoding can triple a query's size; the decoded query is checked below.
            body = _decode_params(_read_body(3 * limit + 8192), "the form body")
            if len(_values(body, "version")) + len(_values(params, "version")) > 1:
                raise BadRequest("The request has more than one 'version' parameter; send one.")
            params += body
            queries = _values(params, "query")
            updates = _values(params, "update")
        elif content_type == DIRECT:
            if queries:
                raise BadRequest("With Content-Type application/sparql-query the query is "
                                 "the request body; do not also pass a 'query' parameter.")
            queries = [_decode_utf8(_read_body(limit), "The request body")]
        elif content_type == UPDATE:
            if queries:
                raise BadRequest("A request is a query or an update, not both.")
            updates = [_decode_utf8(_read_body(limit), "The request body")]
        else:
            raise UnsupportedMediaType(
                f"POST to /sparql with Content-Type {content_type or '(none)'} is not "
                f"supported: send {FORM} with a 'query' (or 'update') field, {DIRECT} with "
                f"the query as the body, or {UPDATE} with an update as the body."
            )
    elif _values(params, "update"):
        raise BadRequest("Updates are never accepted by GET: POST them, as an 'update' form field "
                         f"or as the body with Content-Type {UPDATE}.")
    if updates:
        if queries:
            raise BadRequest("A request is a query or an update, not both: send 'query' or 'update'.")
        if len(updates) > 1:
            raise BadRequest(f"The request has {len(updates)} 'update' parameters; send exactly one.")
        if not updates[0].strip():
            raise BadRequest("The 'update' parameter is empty: send a SPARQL update.")
        if _values(params, "default-graph-uri") or _values(params, "named-graph-uri"):
            raise BadRequest("default-graph-uri / named-graph-uri are for queries; an update takes "
                             "using-graph-uri / using-named-graph-uri.")
        for iri in _values(params, "using-graph-uri") + _values(params, "using-named-graph-uri"):
            _check_iri(iri)
        update = with_using(updates[0], tuple(_values(params, "using-graph-uri")),
                            tuple(_values(params, "using-named-graph-uri")))
        return SparqlRequest(None, None, FormatChoice(None, None), update)
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
        _check_iri(iri)
    return ProtocolDataset(default_graphs, named_graphs)


def _check_iri(iri: str) -> None:
    try:
        NamedNode(iri)
    except ValueError as error:
        raise BadRequest(f"Graph IRI {iri!r} is not a valid absolute IRI: {error}") from error


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
                            fmt if fmt.kind == GRAPH else None,
                            fmt if fmt in BOOLEAN_FORMATS else None)
    accept = request.headers.get("Accept")
    ranges = parse_accept(accept)
    choice = FormatChoice(choose_format(ranges, RESULT_FORMATS),
                          choose_format(ranges, GRAPH_FORMATS),
                          choose_format(ranges, BOOLEAN_FORMATS))
    if choice.results is None and choice.graph is None:
        raise NotAcceptable(f"Cannot answer in any of the types in Accept: {accept}. "
                            + _format_help())
    return choice


def _format_help() -> str:
    return ("SELECT results are sent as "
            + ", ".join(f.bare_media_type for f in RESULT_FORMATS)
            + "; ASK results as " + ", ".join(f.bare_media_type for f in BOOLEAN_FORMATS)
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
    """The query with strings, IRIs and comments blanked out, character for character."""
    return _IGNORABLE.sub(lambda m: " " * len(m.group()), query)


_MODIFY = re.compile(r"(?:DELETE|INSERT)(?!\s*DATA\b)\b", re.IGNORECASE)
_USING_OR_WITH = re.compile(r"\b(?:USING|WITH)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
_DELETE_WHERE = re.compile(r"DELETE\s+WHERE\b", re.IGNORECASE)


def with_using(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The update with the protocol's using-graph-uri / using-named-graph-uri applied: a
    USING / USING NAMED clause added to each DELETE/INSERT ... WHERE operation. An
    operation that names its own dataset (USING, WITH) with them is an error (protocol §2.2.3)."""
    if not using and not using_named:
        return update
    text = _keywords_only(update)
    clause = "".join(f" USING <{iri}>" for iri in using) + "".join(f" USING NAMED <{iri}>" for iri in using_named)
    # Operations are separated by ';' outside braces.
    bounds, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "{") - (ch == "}")
        if ch == ";" and depth == 0:
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, len(text)))
    inserts = []
    for a, b in bounds:
        op = text[a:b]
        body = op[_PROLOGUE.match(op).end():]
        if not (_MODIFY.match(body) or body[:4].upper() == "WITH") or _DELETE_WHERE.match(body):
            continue  # DELETE WHERE has no USING: its pattern is the template
        if _USING_OR_WITH.search(op):
            raise BadRequest("The update names its dataset (USING or WITH) and the request also sends "
                             "using-graph-uri / using-named-graph-uri: send one or the other.")
        depth = 0
        for i, ch in enumerate(op):  # the WHERE of this operation, outside its templates
            depth += (ch == "{") - (ch == "}")
            if depth == 0 and _WHERE.match(op, i) and (i == 0 or not (op[i - 1].isalnum() or op[i - 1] == "_")):
                inserts.append(a + i)
                break
    for pos in reversed(inserts):
        update = update[:pos] + clause.lstrip() + " " + update[pos:]
    return update


def _declares_dataset(query: str) -> bool:
    """Whether the query has FROM / FROM NAMED clauses of its own."""
    return _DATASET_CLAUSE.search(_keywords_only(query)) is not None


def _looks_like_update(query: str) -> bool:
    text = _keywords_only(query)
    return _UPDATE_START.match(text, _PROLOGUE.match(text).end()) is not None


def evaluation_request(sparql: SparqlRequest) -> dict:
    """What the evaluator needs: the query, its dataset, the formats and the limits.

    Without a protocol dataset and without FROM clauses, the default graph is the union of
    all named graphs (pyoxigraph would ignore a FROM clause if the union flag were set). A
    protocol dataset overrides the query's FROM clauses, as the protocol requires."""
    request_ = {"query": sparql.query, "base_iri": request.base_url,
                "results_format": sparql.formats.results.name if sparql.formats.results else None,
                "boolean_format": sparql.formats.boolean.name if sparql.formats.boolean else None,
                "graph_format": sparql.formats.graph.name if sparql.formats.graph else None,
                "row_limit": current_app.config.get("RESULT_ROW_LIMIT"), "prefixes": OUTPUT_PREFIXES}
    if sparql.dataset is not None:
        request_["default_graph"] = list(sparql.dataset.default_graphs)
        request_["named_graphs"] = list(sparql.dataset.named_graphs)
    elif not _declares_dataset(sparql.query):
        request_["union"] = True
    return request_


def evaluate(evaluation: dict, what: str = "The query"):
    """Send a request to this process's evaluator, within the time limit; its reply.

    A timeout becomes 503 and a dead evaluator 500, each saying what happened."""
    timeout = float(current_app.config["QUERY_TIMEOUT"])
    check_store(current_app.config["STORE"])
    try:
        return pool_for(str(current_app.config["STORE"])).ask(evaluation, timeout)
    except QueryTimeout:
        raise QueryTimedOut(f"{what} ran for {timeout:g} s, this endpoint's limit, and was stopped. "
                            "Make it more specific (a LIMIT, fewer unbound patterns), or ask the "
                            "operator for a longer limit (PENINSULA_QUERY_TIMEOUT).") from None
    except EvaluatorGone:
        raise QueryFailed(f"{what} stopped the process evaluating it (it may have needed more "
                          "memory than the server has); it was not answered.") from None


def answer_query(sparql: SparqlRequest) -> Response:
    """Evaluate the query in this process's evaluator, within the time limit, and answer."""
    reply = evaluate(evaluation_request(sparql))
    header = reply.header
    if not reply.ok:
        error = header.get("error")
        if error == "syntax":
            if _looks_like_update(sparql.query):
                raise BadRequest(NOT_AN_UPDATE_ENDPOINT)
            raise BadRequest(f"Malformed query: {header['message']}")
        if error == "format":
            kind = header.get("kind")
            wanted = sparql.formats.results or sparql.formats.graph
            what = {"graph": "a graph (CONSTRUCT/DESCRIBE)", "boolean": "a boolean (ASK)"}.get(
                kind, "solutions (SELECT)")
            raise NotAcceptable(f"This query returns {what}, which cannot be sent as "
                                f"{wanted.bare_media_type}. " + _format_help())
        if error == "store":
            raise StoreError(header["message"])
        raise QueryFailed(f"The query could not be evaluated: {header['message']}")
    fmt = FORMATS_BY_NAME[header["format"]]
    response = Response(reply.body, content_type=fmt.media_type)
    if header.get("truncated"):
        limit = current_app.config.get("RESULT_ROW_LIMIT")
        response.headers["X-Peninsula-Truncated"] = f"results cut at {limit} rows"
    return response


def require_update_secret(what: str) -> None:
    """403 unless updates are enabled and the request carries the update secret."""
    secret = current_app.config.get("UPDATE_SECRET")
    if not secret:
        raise Forbidden(f"{what} refused: this endpoint is read-only. An operator can enable "
                        "changes by starting the server with an update secret "
                        "(PENINSULA_UPDATE_SECRET or `peninsula serve --update-secret-file`); "
                        "otherwise change the data with `peninsula build`.")
    if not authorised(request.headers.get("Authorization"), secret):
        raise Forbidden(f"{what} refused: send the update secret as `Authorization: Bearer <secret>`.")


def apply_change(change: dict, body: bytes = b"") -> dict:
    """Run a change in a writer process; the errors it reports become HTTP errors."""
    timeout = float(current_app.config["QUERY_TIMEOUT"])
    try:
        reply = write(str(current_app.config["STORE"]), change, body, timeout)
    except QueryTimeout:
        raise QueryTimedOut(f"The change ran for {timeout:g} s, this endpoint's limit, and was "
                            "stopped; nothing was changed.") from None
    if reply.get("ok"):
        return reply
    error, message = reply.get("error"), reply.get("message", "")
    if error == "syntax":
        raise BadRequest(f"Malformed {'update' if change['op'] == 'update' else 'data'}: {message}")
    if error == "busy":
        raise StoreError(f"The store is being written by another process (a build?): {message}. "
                         "Retry when it is done.")
    if error == "missing":
        raise EndpointError(message, status=404, title="Not Found")
    if error == "format":
        raise UnsupportedMediaType(message)
    raise QueryFailed(f"The change could not be applied: {message}")


def answer_update(sparql: SparqlRequest) -> Response:
    """SPARQL 1.1 Update, for holders of the update secret."""
    require_update_secret("The update was")
    reply = apply_change({"op": "update", "update": sparql.update, "base_iri": request.base_url})
    return Response(f"Update applied; the store holds {reply['triples']} triples.\n",
                    content_type="text/plain; charset=utf-8")


def service_description(fmt: Format) -> Response:
    """A SPARQL 1.1 service description of this endpoint (RDF, in the chosen format)."""
    formats = ", ".join(f"<{f.iri}>" for f in RESULT_FORMATS + GRAPH_FORMATS)
    # Updates are offered only to holders of the secret, but they exist: say so when enabled.
    update_language = ", sd:SPARQL11Update" if current_app.config.get("UPDATE_SECRET") else ""
    turtle = f"""\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{request.base_url}#service> a sd:Service ;
    sd:endpoint <{request.base_url}> ;
    sd:supportedLanguage sd:SPARQL11Query{update_language} ;
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
    if sparql.update is not None:
        return answer_update(sparql)
    if sparql.query is None:
        if sparql.formats.graph is None:
            raise NotAcceptable("The service description is an RDF graph. " + _format_help())
        return service_description(sparql.formats.graph)
    return answer_query(sparql)


@bp.after_request
def _protocol_headers(response: Response) -> Response:
    response.headers["X-Peninsula-Engine"] = "oxigraph"
    response.vary.add("Accept")
    return response
