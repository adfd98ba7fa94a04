"""A page for every IRI of the graph, at the local path of the IRI, and its RDF description.

``https://w3id.org/peninsula/id/person/stephen-biegun`` is served at
``/id/person/stephen-biegun``: as HTML for a browser, and as Turtle, N-Triples, JSON-LD,
RDF/XML, TriG or N-Quads by content negotiation (``Accept`` with q-values, or
``?format=turtle``). Everything is read from the store with pyoxigraph pattern lookups;
every string from the data reaches the page through Jinja's autoescaping, and only
http(s) IRIs become links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph
from flask import Blueprint, Response, current_app, render_template, request, url_for
from pyoxigraph import NamedNode, Quad, RdfFormat

from server.errors import NotAcceptable, error_response
from server.negotiation import FORMATS_NS, GRAPH, GRAPH_FORMATS, Format, choose_format
from server.rdfterms import (DCT, DCT_TITLE, DIP, ONTOLOGY, OWL_SAMEAS, RDF_TYPE, RDFS_LABEL,
                             RDFS_SUBCLASS, SCHEMA_BODY, SKOS_ALT, SKOS_PREF, Evidence, Fact,
                             Term, dip, is_web_iri, literal_term, short_iri, wikidata_page)
from server.sparql import OUTPUT_PREFIXES
from server.store import get_store

bp = Blueprint("resources", __name__)

DEFAULT_BASE_IRI = "https://w3id.org/peninsula/id/"

HTML = Format("html", "page", "text/html; charset=utf-8", None, "")
DATASET_FORMATS = (
    Format("trig", GRAPH, "application/trig", RdfFormat.TRIG, FORMATS_NS + "TriG"),
    Format("nquads", GRAPH, "application/n-quads", RdfFormat.N_QUADS, FORMATS_NS + "N-Quads"),
)
# HTML first: a browser (text/html) or a client with no preference (*/*) gets the page.
PAGE_FORMATS = (HTML, *GRAPH_FORMATS, *DATASET_FORMATS)
PAGE_FORMATS_BY_NAME = {f.name: f for f in PAGE_FORMATS}

# Facts with evidence: what a node is, by its type.
FACT_KINDS = (("event", dip("Event")), ("position", dip("PolicyPosition")),
              ("statement", dip("Statement")))
EVIDENCE = dip("evidence")
IN_ARTICLE = dip("inArticle")
MENTIONED_IN = dip("mentionedIn")
HOLDS_POST = dip("holdsPost")

# Predicates shown in the header of a page, not again in its table of facts.
HEADER_PREDICATES = {RDF_TYPE, RDFS_LABEL, SKOS_ALT, SKOS_PREF, OWL_SAMEAS, MENTIONED_IN,
                     EVIDENCE, SCHEMA_BODY, HOLDS_POST}

# Fields of a fact card, in order: (predicate, heading).
FACT_FIELDS = (
    (dip("participant"), "participants"), (dip("startDate"), "date"),
    (dip("endDate"), "until"), (dip("timeExpression"), "when (as written)"),
    (dip("location"), "place"), (dip("status"), "status"),
    (dip("requestedBy"), "requested by"), (dip("outcome"), "outcome"),
    (dip("partOf"), "part of"), (dip("topic"), "topic"),
    (dip("holder"), "holder"), (dip("onIssue"), "issue"), (dip("approach"), "approach"),
    (dip("supports"), "supports"), (dip("opposes"), "opposes"), (dip("asOf"), "as of"),
    (dip("speaker"), "speaker"), (dip("quote"), "quote"), (dip("statedOn"), "said on"),
    (dip("confidence"), "confidence"),
)
FACT_KINDS_NAMES = {kind for kind, _ in FACT_KINDS}
FACT_FIELD_PREDICATES = {predicate for predicate, _ in FACT_FIELDS}
# Incoming links, by predicate: the heading of the section on the object's page. The
# subjects of these are facts (events, positions, statements) and are shown as cards.
INCOMING_HEADINGS = {
    dip("participant").value: "Events it takes part in",
    dip("location").value: "Events held here",
    dip("requestedBy").value: "Events requested by it",
    dip("holder").value: "Policy positions it holds",
    dip("speaker").value: "Quotes it said",
    dip("partOf").value: "Parts of this event",
    HOLDS_POST.value: "Holders of this post",
    dip("postIn").value: "Posts in this organisation",
    dip("subOrganizationOf").value: "Bodies under it",
    dip("country").value: "Entities of this country",
    dip("counterpart").value: "Named as counterpart of",
    dip("memberOf").value: "Members",
    dip("leads").value: "Led by",
    DCT + "creator": "Articles written",
    DCT + "publisher": "Articles published",
    MENTIONED_IN.value: "Entities this article mentions",
    IN_ARTICLE.value: None,  # evidence nodes: shown with the facts they support
    EVIDENCE.value: "Evidence for",
}
# Most items a section of a page lists, and most facts an RDF description includes.
SECTION_LIMIT = 200
DESCRIPTION_FACT_LIMIT = 500
INCOMING_ORDER = [HOLDS_POST.value, dip("participant").value, dip("holder").value,
                  dip("speaker").value, dip("location").value, dip("requestedBy").value,
                  dip("partOf").value]


def base_iri() -> str:
    return current_app.config.get("BASE_IRI") or DEFAULT_BASE_IRI


def local_path(iri: str) -> str | None:
    """The path on this server of a data IRI, or None if the IRI is not under the base."""
    base = base_iri()
    if iri.startswith(base) and len(iri) > len(base):
        return url_for("resources.resource", path=iri[len(base):])
    return None


class Describer:
    """Reads what a page shows about IRIs from the store, with a label cache per request."""

    def __init__(self, store):
        self.store = store
        self._labels: dict[str, str | None] = {}
        self._types: dict[str, list[NamedNode]] = {}
        self._graph_articles: dict[str, NamedNode | None] = {}

    # --- lookups ------------------------------------------------------------------

    def quads(self, s=None, p=None, o=None, g=None) -> list[Quad]:
        return list(self.store.quads_for_pattern(s, p, o, g))

    def objects(self, node, predicate) -> list:
        seen, result = set(), []
        for quad in self.store.quads_for_pattern(node, predicate, None, None):
            if quad.object not in seen:
                seen.add(quad.object)
                result.append(quad.object)
        return result

    def first(self, node, predicate):
        for quad in self.store.quads_for_pattern(node, predicate, None, None):
            return quad.object
        return None

    def types(self, node) -> list[NamedNode]:
        key = str(node)
        if key not in self._types:
            self._types[key] = [o for o in self.objects(node, RDF_TYPE) if isinstance(o, NamedNode)]
        return self._types[key]

    def label(self, node) -> str | None:
        """The English label (rdfs:label, skos:prefLabel, dcterms:title), else any label."""
        if not isinstance(node, NamedNode):
            return None
        if node.value not in self._labels:
            found = None
            for predicate in (RDFS_LABEL, SKOS_PREF, DCT_TITLE):
                for quad in self.store.quads_for_pattern(node, predicate, None, None):
                    language = getattr(quad.object, "language", None)
                    if language in (None, "", "en") or language.startswith("en-"):
                        found = quad.object.value
                        break
                    found = found or quad.object.value
                if found:
                    break
            self._labels[node.value] = found
            if found is None:
                self._labels[node.value] = self._made_up_label(node)

        return self._labels[node.value]

    def _made_up_label(self, node) -> str | None:
        """A label for nodes the data leaves unlabelled: evidence, facts, untitled articles."""
        types = self.types(node)
        if dip("Evidence") in types:
            text = self.first(node, dip("text"))
            return _shorten(text.value) if text is not None else None
        kind = self.fact_kind(node)
        if kind is not None:
            return _fact_title(self, node, kind)
        if dip("Article") in types:
            parts = [self.label(self.first(node, NamedNode(DCT + "publisher"))),
                     getattr(self.first(node, NamedNode(DCT + "issued")), "value", None)]
            return ", ".join(["Untitled article", *filter(None, parts)])
        return None

    def term(self, node) -> Term:
        """A term for a page: label and local link for data IRIs, external link for http(s)."""
        if isinstance(node, pyoxigraph.Literal):
            return literal_term(node)
        if isinstance(node, pyoxigraph.BlankNode):
            return Term("_:" + node.value)
        if not isinstance(node, NamedNode):
            return Term(str(node))
        iri = node.value
        label = self.label(node)
        path = local_path(iri)
        if path is not None:
            return Term(label or iri[len(base_iri()):], href=path, iri=iri)
        wiki = wikidata_page(iri)
        if wiki is not None:
            return Term(label or "Wikidata " + short_iri(iri)[3:], href=wiki, iri=iri,
                        external=True)
        if iri.startswith(DIP) or iri == ONTOLOGY:
            return Term(label or short_iri(iri), iri=iri)
        if is_web_iri(iri):
            return Term(label or iri, href=iri, iri=iri, external=True)
        return Term(label or iri, iri=iri)

    def specific_types(self, node) -> list[NamedNode]:
        """The node's types without those that are superclasses of another of its types."""
        types = self.types(node)
        keep = []
        for candidate in types:
            if not any(other != candidate
                       and Quad(other, RDFS_SUBCLASS, candidate, NamedNode(ONTOLOGY)) in self.store
                       for other in types):
                keep.append(candidate)
        return keep or types

    def fact_kind(self, node) -> str | None:
        types = self.types(node)
        for kind, cls in FACT_KINDS:
            if cls in types:
                return kind
        return None

    def article_of_graph(self, graph) -> NamedNode | None:
        """The article whose named graph ``graph`` is (``id:graph/article/X`` -> ``id:article/X``)."""
        if not isinstance(graph, NamedNode):
            return None
        if graph.value not in self._graph_articles:
            article = None
            prefix = base_iri() + "graph/article/"
            if graph.value.startswith(prefix):
                article = NamedNode(base_iri() + "article/" + graph.value[len(prefix):])
            self._graph_articles[graph.value] = article
        return self._graph_articles[graph.value]

    def sources(self, quads) -> list[Term]:
        """The articles whose graphs hold these quads, as links (the entities graph is not one)."""
        seen, result = set(), []
        for quad in quads:
            article = self.article_of_graph(quad.graph_name)
            if article is not None and article not in seen:
                seen.add(article)
                result.append(self.term(article))
        return result

    def evidence(self, node) -> list[Evidence]:
        items = []
        for ev in self.objects(node, EVIDENCE):
            text = self.first(ev, dip("text"))
            article = self.first(ev, IN_ARTICLE)
            start, end = self.first(ev, dip("startOffset")), self.first(ev, dip("endOffset"))
            items.append(Evidence(
                text=text.value if text is not None else "",
                article=self.term(article) if article is not None else None,
                start=_int(start), end=_int(end), iri=self.term(ev)))
        items.sort(key=lambda e: (e.article.text if e.article else "", e.start or 0))
        return items

    def fact(self, node) -> Fact:
        kind = self.fact_kind(node) or "other"
        fields = []
        for predicate, heading in FACT_FIELDS:
            values = self.objects(node, predicate)
            if values:
                terms = sorted((self.term(v) for v in values), key=lambda t: t.text)
                fields.append((heading, terms))
        date = self.first(node, dip("startDate")) or self.first(node, dip("statedOn")) \
            or self.first(node, dip("asOf"))
        return Fact(node=self.term(node), kind=kind,
                    types=[self.term(t) for t in self.specific_types(node)],
                    fields=fields, evidence=self.evidence(node),
                    sources=self.sources(self.quads(s=node, p=RDF_TYPE)),
                    sort_key=date.value if date is not None else "~")


@dataclass
class Row:
    """One predicate of the table of facts: its objects, each with the articles stating it."""

    predicate: Term
    values: list[tuple[Term, list[Term]]] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    facts: list[Fact] = field(default_factory=list)
    links: list[tuple[Term, list[Term]]] = field(default_factory=list)  # subject, sources
    arrow: bool = False  # the links' lists are objects (subject → object), not sources
    total: int | None = None  # how many there are, when more than the section shows


@dataclass
class Page:
    iri: str
    title: str
    kind: str
    types: list[Term]
    alt_labels: list[str]
    same_as: list[Term]
    facts: list[Row]
    self_fact: Fact | None
    posts: list[tuple[Term, list[Term], list[Term]]]  # post, organisations, sources
    sections: list[Section]
    mentioned_in: list[Term]
    article: dict | None
    graph: dict | None
    formats: list[Format]


def describe_page(d: Describer, node: NamedNode) -> Page | None:
    out_quads = d.quads(s=node)
    in_quads = d.quads(o=node)
    is_graph = d.store.contains_named_graph(node)
    if not out_quads and not in_quads and not is_graph:
        return None

    kind = d.fact_kind(node)
    types = d.types(node)
    if kind is None:
        if dip("Article") in types:
            kind = "article"
        elif is_graph and not out_quads:
            kind = "graph"
        else:
            kind = "entity"

    alt_labels = sorted({q.object.value for q in out_quads if q.predicate == SKOS_ALT})
    same_as = [d.term(o) for o in d.objects(node, OWL_SAMEAS)]

    # The table of facts: every other outgoing triple, with the articles that state it.
    by_predicate: dict[NamedNode, dict] = {}
    for quad in out_quads:
        if quad.predicate in HEADER_PREDICATES:
            continue
        if kind in FACT_KINDS_NAMES and quad.predicate in FACT_FIELD_PREDICATES:
            continue  # shown in the fact's card
        if kind == "article" and quad.predicate.value.startswith(DCT):
            continue
        by_predicate.setdefault(quad.predicate, {}).setdefault(quad.object, []).append(quad)
    rows = []
    for predicate, objects in by_predicate.items():
        row = Row(d.term(predicate))
        for obj, quads in objects.items():
            row.values.append((d.term(obj), d.sources(quads)))
        row.values.sort(key=lambda v: v[0].text)
        rows.append(row)
    rows.sort(key=lambda r: r.predicate.text)

    posts = []
    for post in d.objects(node, HOLDS_POST):
        organisations = [d.term(o) for o in d.objects(post, dip("postIn"))]
        posts.append((d.term(post), organisations, d.sources(d.quads(s=node, p=HOLDS_POST, o=post))))
    posts.sort(key=lambda p: p[0].text)

    sections = _incoming_sections(d, node, in_quads, kind)

    mentioned_in = sorted((d.term(a) for a in d.objects(node, MENTIONED_IN)),
                          key=lambda t: t.text)
    article = _article(d, node) if kind == "article" else None
    graph = _graph(d, node) if is_graph else None
    title = d.label(node)
    if not title:
        title = node.value[len(base_iri()):] if node.value.startswith(base_iri()) else node.value
    return Page(iri=node.value, title=title, kind=kind,
                types=[d.term(t) for t in d.specific_types(node)],
                alt_labels=alt_labels, same_as=same_as, facts=rows,
                self_fact=d.fact(node) if kind in FACT_KINDS_NAMES else None,
                posts=posts, sections=sections, mentioned_in=mentioned_in,
                article=article, graph=graph, formats=[f for f in PAGE_FORMATS if f is not HTML])




def _fact_title(d: Describer, node, kind: str) -> str:
    """A readable name for an event, position or statement (they have no labels)."""
    if kind == "event":
        types = [d.label(t) or short_iri(t.value).split(":")[-1] for t in d.specific_types(node)]
        what = " / ".join(sorted(types)) or "event"
        who = sorted(filter(None, (d.label(p) for p in d.objects(node, dip("participant")))))
        title = what[:1].upper() + what[1:] + (" of " + ", ".join(who) if who else "")
        place = d.label(d.first(node, dip("location")))
        when = d.first(node, dip("startDate")) or d.first(node, dip("timeExpression"))
        details = [x for x in (place, when.value if when is not None else None) if x]
        return title + (f" ({', '.join(details)})" if details else "")
    if kind == "position":
        holder = d.label(d.first(node, dip("holder")))
        issue = d.label(d.first(node, dip("onIssue")))
        approach = d.label(d.first(node, dip("approach")))
        title = f"Position of {holder or 'an unnamed holder'} on {issue or 'an issue'}"
        return title + (f": {approach}" if approach else "")
    speaker = d.label(d.first(node, dip("speaker")))
    quote = d.first(node, dip("quote"))
    title = f"Statement by {speaker or 'an unnamed speaker'}"
    return title + (f": “{_shorten(quote.value, 70)}”" if quote is not None else "")


def _incoming_sections(d: Describer, node, in_quads, kind: str) -> list[Section]:
    groups: dict[str, dict] = {}
    for quad in in_quads:
        groups.setdefault(quad.predicate.value, {}).setdefault(quad.subject, []).append(quad)
    order = sorted(groups, key=lambda p: (INCOMING_ORDER.index(p) if p in INCOMING_ORDER
                                          else len(INCOMING_ORDER), p))
    sections = []
    for predicate in order:
        heading = INCOMING_HEADINGS.get(predicate, "")
        if heading is None:
            continue
        if not heading:
            heading = f"Linked as “{d.term(NamedNode(predicate)).text}” from"
        section = Section(heading, total=len(groups[predicate]))
        # A page stays readable on a large graph: at most SECTION_LIMIT items a section
        # (the first by IRI; the page says how many there are and SPARQL gives them all).
        subjects = sorted(groups[predicate].items(), key=lambda item: str(item[0]))
        for subject, quads in subjects[:SECTION_LIMIT]:
            if isinstance(subject, NamedNode) and d.fact_kind(subject):
                section.facts.append(d.fact(subject))
            else:
                section.links.append((d.term(subject), d.sources(quads)))
        section.facts.sort(key=lambda f: (f.sort_key, f.node.text))
        section.links.sort(key=lambda link: link[0].text)
        sections.append(section)
    if kind == "article":
        sections = _article_sections(d, node) + sections
    return sections


def _article(d: Describer, node) -> dict:
    def one(predicate):
        value = d.first(node, predicate)
        return d.term(value) if value is not None else None

    body = d.first(node, SCHEMA_BODY)
    return {"title": one(DCT_TITLE), "issued": one(NamedNode(DCT + "issued")),
            "publisher": one(NamedNode(DCT + "publisher")),
            "creator": one(NamedNode(DCT + "creator")),
            "identifier": one(NamedNode(DCT + "identifier")),
            "body": body.value if body is not None else None,
            "graph": d.term(NamedNode(base_iri() + "graph/article/" + _article_id(d, node)))}


def _article_id(d: Describer, node) -> str:
    return node.value[len(base_iri() + "article/"):]


def _article_sections(d: Describer, node) -> list[Section]:
    """What the article states: the facts in its named graph, by kind, and posts held."""
    graph = NamedNode(base_iri() + "graph/article/" + _article_id(d, node))
    found = {kind: [] for kind, _ in FACT_KINDS}
    for kind, cls in FACT_KINDS:
        for quad in d.store.quads_for_pattern(None, RDF_TYPE, cls, graph):
            found[kind].append(d.fact(quad.subject))
    sections = []
    for kind, heading in (("event", "Events it reports"), ("position", "Policy positions it reports"),
                          ("statement", "Quotes it reports")):
        if found[kind]:
            facts = sorted(found[kind], key=lambda f: (f.sort_key, f.node.text))
            sections.append(Section(heading, facts=facts))
    posts = Section("Posts it says are held", arrow=True)
    for quad in d.store.quads_for_pattern(None, HOLDS_POST, None, graph):
        posts.links.append((d.term(quad.subject), [d.term(quad.object)]))
    counterpart = Section("Counterparts it names", arrow=True)
    for quad in d.store.quads_for_pattern(None, dip("counterpart"), None, graph):
        counterpart.links.append((d.term(quad.subject), [d.term(quad.object)]))
    for section in (posts, counterpart):
        if section.links:
            section.links.sort(key=lambda link: link[0].text)
            sections.append(section)
    return sections


def _graph(d: Describer, node) -> dict:
    size = sum(1 for _ in d.store.quads_for_pattern(None, None, None, node))
    article = d.article_of_graph(node)
    return {"quads": size, "article": d.term(article) if article is not None else None}


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


# --- the RDF description ---------------------------------------------------------------

def description_quads(d: Describer, node: NamedNode) -> list[Quad]:
    """A bounded description of ``node``, with the graphs its quads are in.

    Its own quads (as subject or object, in every graph); the quads of the facts it takes
    part in (events, positions, statements that name it) and of the evidence of those facts
    and of its own; and the labels of every IRI mentioned. An article graph's IRI describes
    as the graph's content.
    """
    quads: dict[Quad, None] = {}

    def add(found):
        for quad in found:
            quads.setdefault(quad, None)

    own = d.quads(s=node)
    incoming = d.quads(o=node)
    add(own)
    add(incoming)
    if d.store.contains_named_graph(node):
        add(d.store.quads_for_pattern(None, None, None, node))
    related = list(dict.fromkeys(q.subject for q in incoming if isinstance(q.subject, NamedNode)
                                 and d.fact_kind(q.subject)))[:DESCRIPTION_FACT_LIMIT]
    for fact in related:
        add(d.quads(s=fact))
    evidence_of = [node, *related]
    for subject in dict.fromkeys(evidence_of):
        for ev in d.objects(subject, EVIDENCE):
            add(d.quads(s=ev))
    mentioned = {t for q in list(quads) for t in (q.subject, q.object)
                 if isinstance(t, NamedNode) and t != node}
    for iri in mentioned:
        add(d.quads(s=iri, p=RDFS_LABEL))
    return list(quads)


def serialize_description(quads: list[Quad], fmt: Format) -> bytes:
    if fmt.oxigraph.supports_datasets and fmt in DATASET_FORMATS:
        return pyoxigraph.serialize(quads, format=fmt.oxigraph, prefixes=OUTPUT_PREFIXES)
    triples = list(dict.fromkeys(q.triple for q in quads))
    return pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=OUTPUT_PREFIXES)


# --- routes ------------------------------------------------------------------------------

def _requested_format() -> Format:
    name = request.args.get("format")
    if name:
        fmt = PAGE_FORMATS_BY_NAME.get(name.lower())
        if fmt is None:
            raise NotAcceptable(f"Unknown format {name!r}; use one of "
                                f"{', '.join(PAGE_FORMATS_BY_NAME)}.", status=400,
                                title="Bad Request")
        return fmt
    accept = request.headers.get("Accept")
    fmt = choose_format(accept, PAGE_FORMATS)
    if fmt is None:
        raise NotAcceptable(f"Cannot send this resource as any type in Accept: {accept}. "
                            "It is available as "
                            + ", ".join(f.bare_media_type for f in PAGE_FORMATS) + ".")
    return fmt


def _node_for_path(d: Describer, path: str) -> NamedNode | None:
    """The IRI a local path stands for: base + path (the path as Flask decoded it)."""
    candidates = [base_iri() + path, base_iri() + quote(path, safe="/:@!$&'()*+,;=-._~")]
    for candidate in dict.fromkeys(candidates):
        try:
            node = NamedNode(candidate)
        except ValueError:
            continue
        if (next(iter(d.store.quads_for_pattern(node, None, None, None)), None) is not None
                or next(iter(d.store.quads_for_pattern(None, None, node, None)), None) is not None
                or d.store.contains_named_graph(node)):
            return node
    return None


@bp.get("/id/<path:path>")
def resource(path: str) -> Response:
    fmt = _requested_format()
    d = Describer(get_store())
    node = _node_for_path(d, path)
    if node is None:
        message = (f"Nothing in the graph has the IRI {base_iri() + path}. Browse the "
                   f"entities at {url_for('resources.index')} or ask the SPARQL endpoint.")
        if fmt is HTML:
            response = Response(render_template("not_found.html", iri=base_iri() + path,
                                                message=message), status=404,
                                content_type=HTML.media_type)
        else:
            response = error_response(404, "Not Found", message)
        response.vary.add("Accept")
        return response
    if fmt is HTML:
        page = describe_page(d, node)
        response = Response(render_template("resource.html", page=page, d=d),
                            content_type=HTML.media_type)
    else:
        body = serialize_description(description_quads(d, node), fmt)
        response = Response(body, content_type=fmt.media_type)
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f'<{request.base_url}?format={f.name}>; rel="alternate"; type="{f.bare_media_type}"'
        for f in PAGE_FORMATS if f is not HTML)
    return response


INDEX_KINDS = (("Countries", dip("Country")), ("People", dip("Person")),
               ("Organisations", dip("Organization")), ("Posts", dip("Post")),
               ("Places", dip("Place")), ("Articles", dip("Article")))


@bp.get("/id/")
def index() -> Response:
    """Every entity and article, by kind, linking to its page."""
    d = Describer(get_store())
    entities_graph = NamedNode(base_iri() + "graph/entities")
    listed: set = set()
    groups = []
    for heading, cls in INDEX_KINDS:
        graph = None if cls == dip("Article") else entities_graph
        nodes = {q.subject for q in d.store.quads_for_pattern(None, RDF_TYPE, cls, graph)
                 if isinstance(q.subject, NamedNode)} - listed
        if heading == "Places":
            nodes -= {q.subject for q in d.store.quads_for_pattern(None, RDF_TYPE, dip("Country"), None)}
        listed |= nodes
        terms = sorted((d.term(n) for n in nodes), key=lambda t: t.text.casefold())
        if terms:
            groups.append((heading, terms))
    html = render_template("browse.html", groups=groups)
    return Response(html, content_type=HTML.media_type)
