"""Errors a client sees: a status code and a message that says what to do.

Every error response is plain text unless the client prefers ``application/json``, in
which case it is ``{"status": ..., "error": ..., "message": ...}``.
"""
from __future__ import annotations

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

from server.negotiation import best_match


class EndpointError(Exception):
    """A request the server refuses or cannot answer, with the HTTP status to send."""

    status = 400
    title = "Bad Request"

    def __init__(self, message: str, status: int | None = None, title: str | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title


class BadRequest(EndpointError):
    """The request is malformed: missing or repeated query, bad syntax, bad encoding."""


class Forbidden(EndpointError):
    """The request would change the data and does not carry the update secret."""

    status, title = 403, "Forbidden"


class NotAcceptable(EndpointError):
    status, title = 406, "Not Acceptable"


class UnsupportedMediaType(EndpointError):
    status, title = 415, "Unsupported Media Type"


class PayloadTooLarge(EndpointError):
    status, title = 413, "Content Too Large"


class QueryTimedOut(EndpointError):
    """The query ran past the endpoint's time limit and was stopped."""

    status, title = 503, "Query Timeout"


class QueryFailed(EndpointError):
    """The engine accepted the query but failed while evaluating it."""

    status, title = 500, "Query Evaluation Failed"


def error_response(status: int, title: str, message: str) -> Response:
    """Render an error as plain text, or as JSON for a client that prefers it."""
    if best_match(request.headers.get("Accept"), ["text/plain", "application/json"]) == (
        "application/json"
    ):
        body = json.dumps({"status": status, "error": title, "message": message})
        return Response(body, status=status, mimetype="application/json")
    return Response(f"{status} {title}: {message}\n", status=status,
                    content_type="text/plain; charset=utf-8")


def init_app(app: Flask) -> None:
    """Register the handlers that turn exceptions into error responses."""

    @app.errorhandler(EndpointError)
    def _endpoint_error(error: EndpointError) -> Response:
        return error_response(error.status, error.title, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        response = error_response(error.code or 500, error.name, error.description or "")
        # Keep headers such as Allow on 405.
        for key, value in error.get_headers():
            if key.lower() != "content-type":
                response.headers[key] = value
        return response
