"""Pages for people: the query page at / and the ontology at /ontology.

Entity pages are in ``server.resources``; VoID and dumps in ``server.void``.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
from flask import Blueprint, Response, current_app, render_template, request, send_file
from pyoxigraph import NamedNode, RdfFormat

from server.errors import EndpointError, NotAcceptable
from server.negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format, choose_format
from server.sparql import OUTPUT_PREFIXES
from server.security import QUERY_PAGE_POLICY
from server.store import get_store

bp = Blueprint("pages", __name__)

ONTOLOGY_GRAPH = "https://w3id.org/peninsula/ontology"
# The ontology's HTML documentation (ontology/docs/index.html, made by pyLODE). Offered after
# the RDF formats: a browser, which names text/html, gets it; */* or no Accept gets Turtle.
ONTOLOGY_HTML = Format("html", "page", "text/html; charset=utf-8", None, "")
# pyLODE's page has its stylesheet inline and no script but a JSON-LD data block.
ONTOLOGY_DOCS_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@bp.get("/")
def query_page() -> Response:
    """The query page (YASGUI, or the plain form without it), with example queries.

    ``?example=N`` fills the form with the N-th example (1-based): the examples are links
    to it, so they work without JavaScript too.
    """
    examples = current_app.config["EXAMPLES"]
    initial = examples[0]["query"] if examples else ""
    chosen = request.args.get("example", "")
    if chosen.isdigit() and 1 <= int(chosen) <= len(examples):
        initial = examples[int(chosen) - 1]["query"]
    html = render_template("index.html", examples=examples, initial_query=initial,
                           base_iri=current_app.config.get("BASE_IRI") or "",
                           result_formats=RESULT_FORMATS, graph_formats=GRAPH_FORMATS)
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = QUERY_PAGE_POLICY
    return response


@bp.get("/ontology")
def ontology() -> Response:
    """The ontology: Turtle by default, RDF/XML, N-Triples or JSON-LD by Accept or ?format=;
    its HTML documentation when a browser asks (Accept: text/html, or ?format=html)."""
    docs = _ontology_docs()
    fmt = _ontology_format(with_html=docs is not None)
    files = _ontology_files()
    if fmt is ONTOLOGY_HTML:
        response = send_file(docs, mimetype="text/html")
        response.headers["Content-Security-Policy"] = ONTOLOGY_DOCS_POLICY
    elif fmt.oxigraph == RdfFormat.TURTLE and files.get(RdfFormat.TURTLE):
        response = send_file(files[RdfFormat.TURTLE], mimetype=fmt.bare_media_type)
    elif fmt.oxigraph == RdfFormat.RDF_XML and files.get(RdfFormat.RDF_XML):
        response = send_file(files[RdfFormat.RDF_XML], mimetype=fmt.bare_media_type)
    else:
        response = Response(pyoxigraph.serialize(_ontology_triples(files), format=fmt.oxigraph,
                                                 prefixes=OUTPUT_PREFIXES),
                            content_type=fmt.media_type)
    response.vary.add("Accept")
    return response


def _ontology_format(with_html: bool):
    offers = (*GRAPH_FORMATS, ONTOLOGY_HTML) if with_html else GRAPH_FORMATS
    name = request.args.get("format")
    if name:
        fmt = {f.name: f for f in offers}.get(name.lower())
        if fmt is None:
            raise EndpointError(f"Unknown ontology format {name!r}; use one of "
                                f"{', '.join(f.name for f in offers)}.")
        return fmt
    fmt = choose_format(request.headers.get("Accept"), offers)
    if fmt is None:
        raise NotAcceptable("The ontology is sent as "
                            + ", ".join(f.bare_media_type for f in offers) + ".")
    return fmt


def _ontology_docs() -> Path | None:
    """The ontology's HTML documentation, if the ontology package ships it."""
    try:
        import ontology
    except ImportError:
        return None
    path = getattr(ontology, "ONTOLOGY_DOCS", None)
    return Path(path) if path is not None and Path(path).is_file() else None


def _ontology_files() -> dict[RdfFormat, Path]:
    """The ontology's release files that exist, by format.

    Imported here, not at module level, so that the server starts (and answers SPARQL)
    even if the ontology package is missing or broken.
    """
    try:
        import ontology
    except ImportError:
        return {}
    candidates = {RdfFormat.TURTLE: getattr(ontology, "ONTOLOGY_TTL", None),
                  # ONTOLOGY_OWL is the RDF/XML release file that Protégé opens.
                  RdfFormat.RDF_XML: getattr(ontology, "ONTOLOGY_OWL", None)}
    return {fmt: Path(path) for fmt, path in candidates.items()
            if path is not None and Path(path).is_file()}


def _ontology_triples(files: dict[RdfFormat, Path]):
    """The ontology as triples: from a release file, else from the store's ontology graph."""
    for fmt, path in files.items():
        return (quad.triple for quad in pyoxigraph.parse(path=path, format=fmt))
    graph = NamedNode(ONTOLOGY_GRAPH)
    triples = [quad.triple for quad in get_store().quads_for_pattern(None, None, None, graph)]
    if not triples:
        raise EndpointError("The ontology is not available: neither the ontology package's "
                            "files nor an ontology graph in the store were found.",
                            status=404, title="Not Found")
    return triples
