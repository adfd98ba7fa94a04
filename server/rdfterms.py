"""IRIs of the vocabulary the pages read, and how a term is shown to a person.

Everything here returns plain strings and small dataclasses; the templates escape them
(Jinja autoescape), and only ``http``/``https`` IRIs ever become links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pyoxigraph import BlankNode, Literal, NamedNode

DIP = "https://w3id.org/peninsula/ontology#"
ONTOLOGY = "https://w3id.org/peninsula/ontology"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDFS_LABEL = NamedNode(RDFS + "label")
RDFS_SUBCLASS = NamedNode(RDFS + "subClassOf")
SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOS_PREF = NamedNode(SKOS + "prefLabel")
SKOS_ALT = NamedNode(SKOS + "altLabel")
OWL_SAMEAS = NamedNode("http://www.w3.org/2002/07/owl#sameAs")
DCT = "http://purl.org/dc/terms/"
DCT_TITLE = NamedNode(DCT + "title")
SCHEMA_BODY = NamedNode("https://schema.org/articleBody")
XSD = "http://www.w3.org/2001/XMLSchema#"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def dip(local: str) -> NamedNode:
    return NamedNode(DIP + local)


# Prefixes for showing IRIs that have no label.
SHORT_PREFIXES = (
    ("dip:", DIP), ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"), ("rdfs:", RDFS),
    ("owl:", "http://www.w3.org/2002/07/owl#"), ("skos:", SKOS), ("dcterms:", DCT),
    ("schema:", "https://schema.org/"), ("xsd:", XSD), ("wd:", WIKIDATA_ENTITY),
)


def short_iri(iri: str) -> str:
    for prefix, namespace in SHORT_PREFIXES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return prefix + iri[len(namespace):]
    return iri


def is_web_iri(iri: str) -> bool:
    """Whether ``iri`` may be an href: http(s) only (never ``javascript:``, ``data:``, ...)."""
    try:
        parts = urlsplit(iri)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def wikidata_page(iri: str) -> str | None:
    """The human page of a Wikidata entity IRI (``wd:Q884`` -> its wiki page), else None."""
    if iri.startswith(WIKIDATA_ENTITY):
        qid = iri[len(WIKIDATA_ENTITY):]
        if qid[:1] in ("Q", "P") and qid[1:].isdigit():
            return "https://www.wikidata.org/wiki/" + ("Property:" if qid[0] == "P" else "") + qid
    return None


@dataclass
class Term:
    """A term as a page shows it: text, an optional link, and what it is."""

    text: str
    href: str | None = None
    iri: str | None = None  # the IRI, for the title attribute
    lang: str | None = None
    datatype: str | None = None  # short name of a non-string datatype
    external: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass
class Evidence:
    text: str
    article: Term | None
    start: int | None = None
    end: int | None = None
    iri: Term | None = None


@dataclass
class Fact:
    """An event, policy position or statement, summarised for a page."""

    node: Term
    kind: str  # "event", "position", "statement" or "other"
    types: list[Term] = field(default_factory=list)
    fields: list[tuple[str, list[Term]]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Term] = field(default_factory=list)  # articles whose graphs state it
    sort_key: str = ""


# Datatypes whose values read well without saying what they are.
PLAIN_DATATYPES = {XSD + name for name in ("string", "date", "gYear", "gYearMonth", "dateTime",
                                           "decimal", "integer", "boolean")}


def literal_term(literal: Literal) -> Term:
    datatype = literal.datatype.value if literal.datatype is not None else None
    shown_type = None
    if datatype and not literal.language and datatype not in PLAIN_DATATYPES:
        shown_type = short_iri(datatype)
    return Term(literal.value, lang=literal.language or None, datatype=shown_type)


def is_literal(term) -> bool:
    return isinstance(term, Literal)


def is_blank(term) -> bool:
    return isinstance(term, BlankNode)
