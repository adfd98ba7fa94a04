"""The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graph-store (indirect graph identification).

`?graph=<IRI>` names a named graph, `?default` the store's own default graph (which the
builder leaves empty: queries see the union of the named graphs instead). GET and HEAD read
a graph, in any graph format by Accept; PUT replaces, POST merges into and DELETE drops a
graph, only with the update secret (see server/updates.py).
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from pyoxigraph import NamedNode

from server.errors import BadRequest, EndpointError, NotAcceptable, PayloadTooLarge, QueryFailed
from server.negotiation import GRAPH_FORMATS, choose_format
from server.sparql import OUTPUT_PREFIXES, apply_change, evaluate, require_update_secret
from server.store import get_store

bp = Blueprint("graphstore", __name__)


def _target() -> str | None:
    """The graph IRI the request names, or None for the default graph."""
    graphs = request.args.getlist("graph")
    default = "default" in request.args
    if default == bool(graphs) or len(graphs) > 1:
        raise BadRequest("Name exactly one graph: ?graph=<absolute IRI> or ?default.")
    if default:
        return None
    try:
        NamedNode(graphs[0])
    except ValueError as error:
        raise BadRequest(f"Graph IRI {graphs[0]!r} is not a valid absolute IRI: {error}") from error
    return graphs[0]


@bp.route("/rdf-graph-store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    iri = _target()
    if request.method == "GET":  # HEAD too: Flask answers it with GET's headers
        return _read(iri)
    require_update_secret(f"{request.method} on the graph store was")
    if request.method == "DELETE":
        apply_change({"op": "delete", "graph": iri})
        return Response(status=204)
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"The body is {request.content_length} bytes; the graph store accepts "
                              f"at most {limit}.")
    body = request.get_data(cache=False)
    if len(body) > limit:
        raise PayloadTooLarge(f"The body is over {limit} bytes; the graph store accepts at most {limit}.")
    reply = apply_change({"op": request.method.lower(), "graph": iri, "media_type": request.mimetype,
                          "base_iri": iri or request.base_url}, body)
    return Response(status=201 if reply.get("created") else 204)


def _read(iri: str | None) -> Response:
    fmt = choose_format(request.headers.get("Accept"), GRAPH_FORMATS)
    if fmt is None:
        raise NotAcceptable("Graphs are sent as " + ", ".join(f.bare_media_type for f in GRAPH_FORMATS) + ".")
    if iri is not None and not get_store().contains_named_graph(NamedNode(iri)):
        raise EndpointError(f"There is no graph <{iri}> in the store.", status=404, title="Not Found")
    pattern = f"GRAPH <{iri}> {{ ?s ?p ?o }}" if iri else "?s ?p ?o"
    reply = evaluate({"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}", "graph_format": fmt.name,
                      "prefixes": OUTPUT_PREFIXES}, what="Reading the graph")
    if not reply.ok:
        raise QueryFailed(f"The graph could not be read: {reply.header.get('message')}")
    response = Response(reply.body, content_type=fmt.media_type)
    response.vary.add("Accept")
    return response
