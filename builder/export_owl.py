"""`peninsula export-owl`: the store's instance data and the ontology in one RDF/XML file
that Protégé opens and HermiT reasons on.

What the file holds:

- the ontology's axioms and annotations (from the packaged `peninsula.ttl`), but not its
  header: the file is its own ontology, `https://w3id.org/peninsula/id/export`, whose
  `rdfs:seeAlso` names the ontology version it carries;
- every triple of every graph of the store except the ontology graph (the article graphs
  and the entities graph, and anything a Graph Store client put in others), each once;
- asserted types only. The store materialises types for SPARQL without a reasoner: every
  superclass, and `dip:Envoy` for a person holding a `dip:EnvoyPost`. The export drops
  `dip:Envoy` (a defined class: HermiT infers it) and each type that is a superclass of
  another type of the same node in the ontology's told hierarchy (HermiT infers those
  too), so Protégé shows the inferred types as inferences;
- literals of datatypes outside the OWL 2 datatype map (`xsd:date`, `xsd:gYearMonth`,
  `xsd:gYear`: dates of events, positions, statements, articles) as `xsd:string` literals
  with the same lexical form. The OWL API reports such datatypes as profile violations and
  HermiT refuses them unless told to ignore them; the ontology gives those properties no
  range, so the strings are consistent with it.

Everything else (evidence offsets as `xsd:integer`, confidences as `xsd:decimal`, labels
with language tags) is in the datatype map and kept as it is. The data has no blank nodes;
the ontology's (restrictions, lists) are written as `rdf:nodeID`s.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EXPORT_IRI", "OWL2_DATATYPES", "ExportReport", "export_owl"]

EXPORT_IRI = "https://w3id.org/peninsula/id/export"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
# The datatypes of the OWL 2 datatype map (OWL 2 Structural Specification, section 4).
OWL2_DATATYPES = frozenset({_XSD + n for n in (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
    "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
    "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
    "dateTime dateTimeStamp").split()} | {_RDF + "PlainLiteral", _RDF + "XMLLiteral", _RDF + "langString",
                                         _RDFS + "Literal", _OWL + "real", _OWL + "rational"})

_DATA = "urn:peninsula:export:data"
_ONTO = "urn:peninsula:export:ontology"


def _ncname_safe(triple):
    """The triple with its blank nodes relabelled `b...`: RDF/XML writes blank node labels as
    rdf:nodeID, which must be an XML name (a label like `0abc`, possible in data put into the
    store by a client, is not)."""
    import pyoxigraph as ox

    def fix(term):
        return ox.BlankNode("b" + term.value) if isinstance(term, ox.BlankNode) else term

    return ox.Triple(fix(triple.subject), triple.predicate, fix(triple.object))


@dataclass(frozen=True)
class ExportReport:
    triples: int  # in the file, ontology included
    data_triples: int  # of the store, after the changes below
    dropped_types: int  # materialised types left out (dip:Envoy and told superclasses)
    converted_literals: int  # literals of non-OWL 2 datatypes written as xsd:string
    seconds: float


def export_owl(store_path: Path, out: Path) -> ExportReport:
    """Write the store at `store_path` with the ontology to `out` as RDF/XML (see the module)."""
    import pyoxigraph as ox

    from ontology import ONTOLOGY_IRI, ONTOLOGY_TTL

    from .store import open_store

    started = time.perf_counter()
    source = open_store(store_path, read_only=True)
    work = ox.Store()  # in memory
    data, onto = ox.NamedNode(_DATA), ox.NamedNode(_ONTO)
    ontology_graph = ox.NamedNode(ONTOLOGY_IRI)
    work.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, data)
                     for q in source.quads_for_pattern(None, None, None)
                     if q.graph_name != ontology_graph)  # one graph: each triple once
    work.load(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE, to_graph=onto)

    def count(pattern: str) -> int:
        return int(next(iter(work.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))[0].value)

    prefixes = (f"PREFIX rdfs: <{_RDFS}> PREFIX dip: <{ONTOLOGY_IRI}#> "
                f"PREFIX owl: <{_OWL}> PREFIX xsd: <{_XSD}> ")
    types_before = count(f"GRAPH <{_DATA}> {{ ?x a ?c }}")
    # dip:Envoy first: it is a subclass of dip:Person, which must stay.
    work.update(prefixes + f"DELETE WHERE {{ GRAPH <{_DATA}> {{ ?x a dip:Envoy }} }}")
    work.update(prefixes + f"""
        DELETE {{ GRAPH <{_DATA}> {{ ?x a ?super }} }}
        WHERE {{ GRAPH <{_DATA}> {{ ?x a ?super , ?sub }} FILTER(?sub != ?super)
                 GRAPH <{_ONTO}> {{ ?sub rdfs:subClassOf+ ?super }} }}""")
    dropped = types_before - count(f"GRAPH <{_DATA}> {{ ?x a ?c }}")

    allowed = ", ".join(f"<{d}>" for d in sorted(OWL2_DATATYPES))
    outside = f"FILTER(isLiteral(?o) && LANG(?o) = \"\" && DATATYPE(?o) NOT IN ({allowed}))"
    converted = count(f"GRAPH <{_DATA}> {{ ?s ?p ?o {outside} }}")
    work.update(f"""DELETE {{ GRAPH <{_DATA}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{_DATA}> {{ ?s ?p ?text }} }}
                    WHERE {{ GRAPH <{_DATA}> {{ ?s ?p ?o {outside} }} BIND(STR(?o) AS ?text) }}""")
    data_triples = count(f"GRAPH <{_DATA}> {{ ?s ?p ?o }}")

    # The ontology's header describes the ontology document, not this one.
    version = next(iter(work.query(prefixes + f"SELECT ?v {{ GRAPH <{_ONTO}> {{ <{ONTOLOGY_IRI}> owl:versionIRI ?v }} }}")),
                   None)
    work.update(f"DELETE WHERE {{ GRAPH <{_ONTO}> {{ <{ONTOLOGY_IRI}> ?p ?o }} }}")
    header = [(_RDF + "type", ox.NamedNode(_OWL + "Ontology")),
              (_RDFS + "label", ox.Literal("Peninsula knowledge graph with its ontology", language="en")),
              (_RDFS + "comment", ox.Literal(
                  "Export of a Peninsula store for OWL tools (peninsula export-owl): the instance data of "
                  "every article graph and the entities graph with their asserted types, and the axioms of "
                  "the Peninsula ontology. Dates are written as xsd:string. Start a reasoner (HermiT) to see "
                  "the inferred types, e.g. envoys.", language="en")),
              (_RDFS + "seeAlso", version[0] if version else ox.NamedNode(ONTOLOGY_IRI))]
    for predicate, obj in header:
        work.add(ox.Quad(ox.NamedNode(EXPORT_IRI), ox.NamedNode(predicate), obj, onto))

    triples = [_ncname_safe(q.triple) for g in (onto, data) for q in work.quads_for_pattern(None, None, None, g)]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    ox.serialize(triples, output=str(tmp), format=ox.RdfFormat.RDF_XML, prefixes={
        "dip": ONTOLOGY_IRI + "#", "owl": _OWL, "rdfs": _RDFS, "xsd": _XSD,
        "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
        "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#"})
    tmp.replace(out)
    return ExportReport(triples=len(triples), data_triples=data_triples, dropped_types=dropped,
                        converted_literals=converted, seconds=round(time.perf_counter() - started, 3))
