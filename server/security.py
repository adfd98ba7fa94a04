"""Security headers on every response, and a Content-Security-Policy on HTML pages.

No page has inline script: the query page loads its scripts from /static (YASGUI and
query.js) and passes data through ``data-`` attributes; the resource pages have no script
at all. So even a string from an article that escaped escaping could not run.
"""
from __future__ import annotations

from flask import Flask, Response

# The resource pages, the browse page and error pages: no script of any kind.
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The query page: scripts from this server only (no inline script, no eval); YASGUI sets
# style attributes on elements it draws and uses data: images in its stylesheet; it sends
# queries to this server's /sparql only.
QUERY_PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                     "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                     "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response
