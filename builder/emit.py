"""The only place that maps records to RDF terms.

`article_graph` turns one article's facts into its named graph; `entity_graph` turns the
merged entity descriptions into the entities graph, written once. Types are materialised
with every `dip:` superclass (read from the ontology), so clients without a reasoner get the
answers a reasoner would give, `dip:Envoy` included.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from .iri import DIP, WD, IRIMinter
from .model import ArticleFacts, Span
from .resolve import EntityDescription

SCHEMA = Namespace("https://schema.org/")

KIND_CLASS = {"person": "Person", "country": "Country", "place": "Place", "post": "Post",
              "outlet": "MediaOutlet", "ministry": "Ministry", "government": "GovernmentBody",
              "institute": "ResearchInstitute", "international": "InternationalOrganization",
              "organization": "Organization", "workinggroup": "WorkingGroup"}


@lru_cache(maxsize=1)
def superclasses() -> dict[URIRef, tuple[URIRef, ...]]:
    """Each dip: class -> itself and all its dip: superclasses, from the ontology."""
    import ontology

    g = ontology.load_ontology()
    direct: dict[URIRef, set[URIRef]] = {}
    for s, o in g.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and str(o).startswith(str(DIP)):
            direct.setdefault(s, set()).add(o)
    closure: dict[URIRef, tuple[URIRef, ...]] = {}
    for cls in {c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(DIP))}:
        seen, todo = [cls], [cls]
        while todo:
            for sup in sorted(direct.get(todo.pop(), ())):
                if sup not in seen:
                    seen.append(sup)
                    todo.append(sup)
        closure[cls] = tuple(seen)
    return closure


class Triples(dict):
    """An article's triples, each once, in the order they were written.

    The build makes hundreds of thousands of triples and needs only to validate them (added
    once to the batch's rdflib graph) and write them as N-Triples: a plain insertion-ordered
    set costs a fraction of an rdflib Graph, whose every `add` updates several indexes."""

    def add(self, triple) -> None:
        self[triple] = None

    def subjects(self) -> set:
        return {s for s, _, _ in self}

    def ntriples(self) -> str:
        """The triples as N-Triples text."""
        return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in self)


def _nt(term) -> str:
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return term.n3()  # IRIs (checked by rdflib) and blank nodes


def typed(g: Graph | Triples, node: URIRef, cls: str) -> None:
    for c in superclasses().get(DIP[cls], (DIP[cls],)):
        g.add((node, RDF.type, c))


def date_literal(value: str) -> Literal:
    """An ISO value at the precision the text gave: date, year-month or year."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


def confidence_literal(value: float) -> Literal:
    return Literal(Decimal(str(round(min(max(value, 0.0), 1.0), 2))), datatype=XSD.decimal)


class Emitter:
    def __init__(self, minter: IRIMinter, kinds: dict[str, str]):
        self.iri = minter
        self.kinds = kinds  # entity key -> kind, for every entity that may be referenced

    def entity(self, key: str) -> URIRef:
        if key.startswith("issue:"):
            return DIP[key.split(":", 1)[1]]
        return self.iri.entity(key, self.kinds.get(key, "organization"))

    def approach(self, g: Triples, value: str) -> URIRef:
        """An approach of the ontology by its local name; a coined one ("coined:tariffs-first",
        see builder/nlp/issues.py) is a concept of its own, narrower than dip:PriorityApproach."""
        if not value.startswith("coined:"):
            return DIP[value]
        name = value.split(":", 1)[1]
        node = self.iri.entity(f"approach:{name}", "approach")
        typed(g, node, "PolicyApproach")
        g.add((node, RDF.type, SKOS.Concept))
        label = Literal(f"{name} approach", lang="en")
        g.add((node, RDFS.label, label))
        g.add((node, SKOS.prefLabel, label))
        g.add((node, SKOS.broader, DIP.PriorityApproach))
        return node

    def article_graph(self, facts: ArticleFacts) -> Triples:
        """The named graph of one article: what it states, each fact with its evidence."""
        art = facts.article
        aid = art.article_id
        g = Triples()
        a = self.iri.article(aid)
        typed(g, a, "Article")
        g.add((a, DCTERMS.identifier, Literal(aid)))
        if art.title:
            g.add((a, DCTERMS.title, Literal(art.title)))
        if art.published:
            g.add((a, DCTERMS.issued, date_literal(art.published)))
        if facts.author:
            g.add((a, DCTERMS.creator, self.entity(facts.author)))
        if facts.outlet:
            g.add((a, DCTERMS.publisher, self.entity(facts.outlet)))
        g.add((a, SCHEMA.articleBody, Literal(art.body)))

        def evidence(node: URIRef, spans: list[Span]) -> None:
            for sp in spans:
                ev = self.iri.evidence(aid, sp.start, sp.end)
                g.add((node, DIP.evidence, ev))
                typed(g, ev, "Evidence")
                g.add((ev, DIP.inArticle, a))
                g.add((ev, DIP.text, Literal(sp.text)))
                g.add((ev, DIP.startOffset, Literal(sp.start, datatype=XSD.integer)))
                g.add((ev, DIP.endOffset, Literal(sp.end, datatype=XSD.integer)))

        for key in facts.mentions:
            if facts.mentions[key]:
                g.add((self.entity(key), DIP.mentionedIn, a))
        for r in facts.relations:
            s, o = self.entity(r.subject), self.entity(r.object)
            g.add((s, DIP[r.predicate], o))
            if r.predicate == "counterpart":
                g.add((o, DIP.counterpart, s))
        for key, issues in facts.topics.items():
            for issue in issues:
                g.add((self.entity(key), DIP.topic, DIP[issue]))
        event_nodes = []
        for ev in facts.events:
            node = self.iri.fact("event", aid, ev.kind, ev.evidence[0].start, ev.trigger, *ev.participants)
            event_nodes.append(node)
        for ev, node in zip(facts.events, event_nodes):
            typed(g, node, ev.kind)
            for p in ev.participants:
                g.add((node, DIP.participant, self.entity(p)))
            if ev.location:
                g.add((node, DIP.location, self.entity(ev.location)))
            if ev.start:
                g.add((node, DIP.startDate, date_literal(ev.start)))
            if ev.end:
                g.add((node, DIP.endDate, date_literal(ev.end)))
            if ev.time_expression:
                g.add((node, DIP.timeExpression, Literal(ev.time_expression)))
            if ev.status:
                g.add((node, DIP.status, DIP[ev.status]))
            for issue in ev.topics:
                g.add((node, DIP.topic, DIP[issue]))
            for req in dict.fromkeys([*([ev.requested_by] if ev.requested_by else []), *ev.requesters]):
                g.add((node, DIP.requestedBy, self.entity(req)))
            if ev.outcome:
                g.add((node, DIP.outcome, Literal(ev.outcome)))
            if ev.part_of is not None and 0 <= ev.part_of < len(event_nodes) and event_nodes[ev.part_of] != node:
                g.add((node, DIP.partOf, event_nodes[ev.part_of]))
            g.add((node, DIP.confidence, confidence_literal(ev.confidence)))
            evidence(node, ev.evidence)
        for p in facts.positions:
            node = self.iri.fact("position", aid, p.holder, p.issue, p.approach, p.evidence[0].start)
            typed(g, node, "PolicyPosition")
            g.add((node, DIP.holder, self.entity(p.holder)))
            if p.issue:
                g.add((node, DIP.onIssue, DIP[p.issue]))
            if p.approach:
                g.add((node, DIP.approach, self.approach(g, p.approach)))
            for x in p.supports:
                g.add((node, DIP.supports, self.entity(x)))
            for x in p.opposes:
                g.add((node, DIP.opposes, self.entity(x)))
            if art.published:
                g.add((node, DIP.asOf, date_literal(art.published)))
            g.add((node, DIP.confidence, confidence_literal(p.confidence)))
            evidence(node, p.evidence)
        for st in facts.statements:
            node = self.iri.fact("statement", aid, st.speaker, st.quote, st.evidence[0].start)
            typed(g, node, "Statement")
            g.add((node, DIP.speaker, self.entity(st.speaker)))
            if st.quote:
                g.add((node, DIP.quote, Literal(st.quote)))
            for issue in st.topics:
                g.add((node, DIP.topic, DIP[issue]))
            for x in st.about:
                g.add((node, DIP.about, self.entity(x)))
            if st.date:
                g.add((node, DIP.statedOn, date_literal(st.date)))
            g.add((node, DIP.confidence, confidence_literal(st.confidence)))
            evidence(node, st.evidence)
        return g

    def describe(self, g: Graph, d: EntityDescription) -> None:
        """The description of one entity (types, label, names, links), for the entities graph."""
        node = self.entity(d.key)
        cls = "EnvoyPost" if d.kind == "post" and d.envoy else KIND_CLASS.get(d.kind, "Organization")
        typed(g, node, cls)
        if d.kind == "person" and d.envoy:
            typed(g, node, "Envoy")
        g.add((node, RDFS.label, Literal(d.label, lang="en")))
        for alt in d.alt_labels:
            g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        if d.country and d.country != d.key:
            g.add((node, DIP.country, self.entity(d.country)))
            if d.kind in ("ministry", "government"):
                g.add((node, DIP.subOrganizationOf, self.entity(d.country)))
        if d.parent and d.parent != d.key:
            g.add((node, DIP.subOrganizationOf, self.entity(d.parent)))
        if d.kind == "post" and d.post_org:
            g.add((node, DIP.postIn, self.entity(d.post_org)))
        if d.wikidata:
            g.add((node, OWL.sameAs, WD[d.wikidata]))

    def entity_graph(self, descriptions: dict[str, EntityDescription]) -> Graph:
        g = Graph()
        for key in sorted(descriptions):
            self.describe(g, descriptions[key])
        return g
