"""Content negotiation: the formats the endpoint speaks and the choice among them.

A query's answer is either a table of solutions (SELECT, ASK) or a graph (CONSTRUCT,
DESCRIBE); each kind has its own formats. ``best_match`` implements the Accept header
rules of RFC 9110 §12.5.1: a media range's q-value applies to the offers it matches, the
most specific matching range decides for each offer (``text/csv;q=0, */*`` refuses CSV),
and among equally acceptable offers the more specific range wins, then the server's order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pyoxigraph import QueryResultsFormat, RdfFormat

RESULTS = "results"
GRAPH = "graph"


@dataclass(frozen=True)
class Format:
    """One serialisation the endpoint can send."""

    name: str  # the value of the ``format`` request parameter
    kind: str  # RESULTS or GRAPH
    media_type: str  # the Content-Type of the response
    oxigraph: QueryResultsFormat | RdfFormat
    iri: str  # the format's name in http://www.w3.org/ns/formats/ (for service descriptions)
    aliases: tuple[str, ...] = ()  # further media types a client may ask for

    @property
    def bare_media_type(self) -> str:
        return self.media_type.split(";")[0]

    @property
    def accepted_media_types(self) -> tuple[str, ...]:
        return (self.bare_media_type, *self.aliases)


FORMATS_NS = "http://www.w3.org/ns/formats/"

# In order of preference: the first of each kind is the default for "*/*" or no Accept.
RESULT_FORMATS = (
    Format("json", RESULTS, "application/sparql-results+json", QueryResultsFormat.JSON,
           FORMATS_NS + "SPARQL_Results_JSON", ("application/json",)),
    Format("xml", RESULTS, "application/sparql-results+xml", QueryResultsFormat.XML,
           FORMATS_NS + "SPARQL_Results_XML"),
    Format("csv", RESULTS, "text/csv; charset=utf-8", QueryResultsFormat.CSV,
           FORMATS_NS + "SPARQL_Results_CSV"),
    Format("tsv", RESULTS, "text/tab-separated-values; charset=utf-8", QueryResultsFormat.TSV,
           FORMATS_NS + "SPARQL_Results_TSV"),
)
GRAPH_FORMATS = (
    Format("turtle", GRAPH, "text/turtle; charset=utf-8", RdfFormat.TURTLE,
           FORMATS_NS + "Turtle", ("application/x-turtle",)),
    Format("ntriples", GRAPH, "application/n-triples", RdfFormat.N_TRIPLES,
           FORMATS_NS + "N-Triples"),
    # pyoxigraph 0.5.13 writes JSON-LD itself, so no rdflib is needed for it.
    Format("jsonld", GRAPH, "application/ld+json", RdfFormat.JSON_LD,
           FORMATS_NS + "JSON-LD", ("application/json",)),
    Format("rdfxml", GRAPH, "application/rdf+xml", RdfFormat.RDF_XML,
           FORMATS_NS + "RDF_XML"),
)
FORMATS_BY_NAME = {f.name: f for f in RESULT_FORMATS + GRAPH_FORMATS}
# CSV and TSV have no way to write a boolean: ASK answers are JSON or XML only.
BOOLEAN_FORMATS = tuple(f for f in RESULT_FORMATS if f.name in ("json", "xml"))


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        type_, _, subtype = media_type.partition("/")
        return self.type in ("*", type_) and self.subtype in ("*", subtype)


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; an absent or empty header accepts everything.

    Malformed entries are skipped rather than refused: clients send odd headers, and the
    worst outcome of skipping is the default format.
    """
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges = []
    for item in header.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        type_, slash, subtype = media.lower().partition("/")
        if not slash or not type_ or not subtype:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(type_, subtype, q))
    return ranges


def _rank(ranges: list[MediaRange], media_type: str, exact_only: bool = False):
    """How much the client wants ``media_type``: (q, specificity), or None if not at all."""
    matching = [r for r in ranges if r.matches(media_type)
                and (r.specificity == 2 or not exact_only)]
    if not matching:
        return None
    decisive = max(matching, key=lambda r: r.specificity)
    return (decisive.q, decisive.specificity) if decisive.q > 0 else None


def _best(ranks) -> int | None:
    """Index of the highest rank; ties go to the earlier offer (the server's preference)."""
    best, best_rank = None, None
    for index, rank in enumerate(ranks):
        if rank is not None and (best_rank is None or rank > best_rank):
            best, best_rank = index, rank
    return best


def best_match(header: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them."""
    ranges = parse_accept(header)
    index = _best([_rank(ranges, offer) for offer in offers])
    return None if index is None else offers[index]


def choose_format(header, formats: Sequence[Format]) -> Format | None:
    """The format of ``formats`` that the Accept header prefers, or None (406).

    ``header`` is the Accept header, or the media ranges `parse_accept` read from it (to
    choose among several kinds of format without parsing it again). An alias
    (``application/json``) counts only when the client names it: otherwise
    ``application/sparql-results+json;q=0, */*`` would still get JSON through the alias.
    """
    ranges = header if isinstance(header, list) else parse_accept(header)
    ranks = []
    for fmt in formats:
        canonical, *aliases = fmt.accepted_media_types
        candidates = [_rank(ranges, canonical),
                      *(_rank(ranges, alias, exact_only=True) for alias in aliases)]
        candidates = [rank for rank in candidates if rank is not None]
        ranks.append(max(candidates) if candidates else None)
    index = _best(ranks)
    return None if index is None else formats[index]
