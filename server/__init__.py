"""Peninsula's web server: SPARQL 1.1 endpoint, query page and ontology, over an Oxigraph store.

The server is deliberately light: it imports neither spaCy nor ``builder``, and every
SPARQL query is evaluated by Oxigraph (pyoxigraph), never by rdflib.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from server.examples import EXAMPLES

if TYPE_CHECKING:
    from flask import Flask

DEFAULT_CONFIG: dict[str, Any] = {
    # Directory of the Oxigraph store written by `peninsula build`; opened read-only.
    "STORE": None,
    # Largest query accepted, in bytes of UTF-8 (larger requests get 413).
    "MAX_QUERY_BYTES": 1_000_000,
    # Largest body a Graph Store PUT or POST may send, in bytes.
    "MAX_UPLOAD_BYTES": 50_000_000,
    # If set, SELECT answers and CONSTRUCT/DESCRIBE graphs are cut after this many rows
    # or triples, and the response carries an X-Peninsula-Truncated header.
    "RESULT_ROW_LIMIT": None,
    # Seconds a query may run; past that its evaluator process is killed and the client gets 503.
    "QUERY_TIMEOUT": 30,
    # If set, SPARQL Update and Graph Store writes are accepted from requests carrying
    # `Authorization: Bearer <UPDATE_SECRET>`; if not, every change is refused with 403.
    "UPDATE_SECRET": None,
    # Example queries on the query page: a sequence of {"title": ..., "query": ...}.
    "EXAMPLES": EXAMPLES,
    # Data IRIs under this base get a page at /id/<rest of the IRI>.
    "BASE_IRI": "https://w3id.org/peninsula/id/",
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the Flask app.

    Configuration comes from DEFAULT_CONFIG, then from ``PENINSULA_*`` environment
    variables (``PENINSULA_STORE=/path/to/store``, ``PENINSULA_MAX_QUERY_BYTES=50000``;
    values are read as JSON where they parse, else as strings), then from ``test_config``.
    The store is not opened here: each process opens it read-only on first use.
    """
    # Imported here so that `server.snapshots`, which the builder uses, loads without Flask.
    from flask import Flask, Response, jsonify, request

    from server import errors, graphstore, pages, reconcile, resources, security, sparql, void
    from server.store import StoreError, get_store, store_summary

    app = Flask(__name__)
    app.config.from_mapping(DEFAULT_CONFIG)
    app.config.from_prefixed_env("PENINSULA")
    if test_config is not None:
        app.config.from_mapping(test_config)

    errors.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(resources.bp)
    app.register_blueprint(void.bp)
    app.register_blueprint(reconcile.bp)
    security.init_app(app)

    @app.after_request
    def _cors(response: Response) -> Response:
        """Any web page may query the endpoint (CORS); preflights learn what they may send."""
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "X-Peninsula-Truncated, Content-Disposition"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
            response.headers["Access-Control-Max-Age"] = "86400"
        return response

    @app.get("/health")
    def health() -> Response:
        """Liveness and size of the store: {status, triples, graphs}; 503 if it cannot open."""
        try:
            return jsonify(status="ok", **store_summary(get_store()))
        except StoreError as error:
            return jsonify(status="error", message=error.message), error.status

    return app
