"""The only place that mints IRIs. Same input, same IRI: rebuilding gives the same graph."""
from __future__ import annotations

import hashlib

from rdflib import Namespace, URIRef

DIP = Namespace("https://w3id.org/peninsula/ontology#")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/peninsula/ontology")
WD = Namespace("http://www.wikidata.org/entity/")
DEFAULT_BASE = "https://w3id.org/peninsula/id/"

_ENTITY_PATHS = {"person": "person", "country": "country", "place": "place", "post": "post",
                 "outlet": "organization", "ministry": "organization", "government": "organization",
                 "institute": "organization", "international": "organization", "organization": "organization",
                 "workinggroup": "organization", "approach": "approach"}


class IRIMinter:
    """Mints data IRIs under a base (default `https://w3id.org/peninsula/id/`)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def entity(self, key: str, kind: str) -> URIRef:
        local = key.split(":", 1)[1] if ":" in key else key
        local = local.replace("@", "--")
        return self._iri(f"{_ENTITY_PATHS.get(kind, 'entity')}/{local}")

    def article(self, article_id: str) -> URIRef:
        return self._iri(f"article/{article_id}")

    def article_graph(self, article_id: str) -> URIRef:
        return self._iri(f"graph/article/{article_id}")

    def entities_graph(self) -> URIRef:
        return self._iri("graph/entities")

    def evidence(self, article_id: str, start: int, end: int) -> URIRef:
        return self._iri(f"evidence/{article_id}/{start}-{end}")

    def fact(self, kind: str, article_id: str, *parts: object) -> URIRef:
        """An event, position or statement: hashed from what identifies it within the article."""
        digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]
        return self._iri(f"{kind}/{article_id}/{digest}")

    def article_id_of_graph(self, graph: str) -> str | None:
        prefix = self.base + "graph/article/"
        return graph[len(prefix):] if graph.startswith(prefix) else None
