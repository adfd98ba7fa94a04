"""Run HermiT (through owlready2) on the ontology, alone or with instance data.

`check_ontology` answers "is it consistent, and is any class unsatisfiable?";
`classify` returns the classes HermiT infers for each individual (a person holding an
envoy post becomes a `dip:Envoy`). Both start a fresh owlready2 `World` per call, so
nothing leaks between runs, and both need Java on PATH (HermiT is a Java program).

owlready2 (and rdflib, for non-RDF/XML input) are imported inside the functions: the CLI
imports this module on every start and must stay quick.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PeninsulaError

__all__ = ["ReasonerReport", "ReasonerError", "InconsistentDataError", "check_ontology", "classify"]

# Formats owlready2 parses itself; anything else is converted to N-Triples with rdflib first
# (owlready2 cannot read Turtle: it fails, or silently loads nothing).
_NATIVE_SUFFIXES = {".owl", ".rdf", ".xml", ".nt"}
_RDFLIB_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".n3": "n3"}


class ReasonerError(PeninsulaError):
    """The reasoner could not run: no Java, an unreadable file, or a HermiT failure."""

    code = "E400"


class InconsistentDataError(ReasonerError):
    """Classification was asked of an inconsistent ontology (HermiT cannot classify it)."""

    code = "E401"


@dataclass(frozen=True)
class ReasonerReport:
    """What HermiT found. Counts are of the loaded (asserted) entities."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)  # IRIs of classes equivalent to owl:Nothing
    classes: int = 0
    properties: int = 0
    individuals: int = 0
    seconds: float = 0.0  # wall time: loading and reasoning (mostly JVM start-up)
    message: str = ""

    @property
    def ok(self) -> bool:
        """Consistent and without unsatisfiable classes."""
        return self.consistent and not self.unsatisfiable


def check_ontology(ontology_path: str | Path | None = None,
                   extra_rdfxml_paths: Iterable[str | Path] = ()) -> ReasonerReport:
    """Load the ontology (default: the packaged `peninsula.owl`) and any extra files into a
    fresh world, run HermiT, and report consistency and unsatisfiable classes.

    Extra files are usually instance data (RDF/XML or N-Triples; Turtle, TriG, N-Quads and
    JSON-LD are converted first). Literals of datatypes outside the OWL 2 datatype map
    (xsd:date, xsd:gYear...) are ignored by HermiT rather than rejected.
    """
    import owlready2

    started = time.perf_counter()
    with _world([_ontology_path(ontology_path), *extra_rdfxml_paths]) as world:
        classes = sum(1 for _ in world.classes())
        properties = sum(1 for _ in world.properties())
        individuals = len(_individuals(world))
        try:
            _run_hermit(world)
        except owlready2.OwlReadyInconsistentOntologyError:
            consistent, unsatisfiable = False, []
        else:
            consistent = True
            unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
    seconds = time.perf_counter() - started
    counts = f"{classes} classes, {properties} properties, {individuals} individuals"
    if not consistent:
        message = (f"inconsistent ({counts}): HermiT found a contradiction but gives no explanation. "
                   "Look for an individual typed with two disjoint classes (e.g. dip:Person and "
                   "dip:Organization), a property used outside its domain or range, or a literal "
                   "outside its datatype range")
    elif unsatisfiable:
        message = f"consistent ({counts}), but {len(unsatisfiable)} unsatisfiable classes: " + ", ".join(unsatisfiable)
    else:
        message = f"consistent ({counts}); no unsatisfiable classes"
    return ReasonerReport(consistent=consistent, unsatisfiable=unsatisfiable, classes=classes,
                          properties=properties, individuals=individuals, seconds=round(seconds, 3),
                          message=message)


def classify(rdfxml_paths: Iterable[str | Path], ontology_path: str | Path | None = None) -> dict[str, set[str]]:
    """Individual IRI -> the IRIs of every named class HermiT puts it in (asserted and
    inferred, with superclasses; owl:Thing left out), for the ontology plus the given files.

    Raises InconsistentDataError if the ontology and data together are inconsistent.
    """
    import owlready2

    with _world([_ontology_path(ontology_path), *rdfxml_paths]) as world:
        try:
            _run_hermit(world)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise InconsistentDataError("the ontology and the data are inconsistent, so HermiT cannot "
                                        "classify them", hint="Run check_ontology on the same files and "
                                        "look for individuals with disjoint types.") from None
        return {ind.iri: {c.iri for c in ind.INDIRECT_is_a
                          if isinstance(c, owlready2.ThingClass) and c is not owlready2.Thing}
                for ind in _individuals(world)}


def _individuals(world) -> list:
    """Every individual typed with a class. (`World.individuals()` lists only those declared
    owl:NamedIndividual, which instance data usually is not.)"""
    rows = world.sparql("SELECT DISTINCT ?x WHERE { ?x a ?c . ?c a owl:Class . FILTER(isIRI(?x)) }")
    return [row[0] for row in rows]


def _ontology_path(path: str | Path | None) -> Path:
    if path is None:
        from ontology import ONTOLOGY_OWL

        return ONTOLOGY_OWL
    return Path(path)


@contextmanager
def _world(paths: list[str | Path]) -> Iterator:
    """A fresh owlready2 World with every file loaded; closed on exit."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerError(f"HermiT needs Java, and `{owlready2.JAVA_EXE}` is not on PATH",
                            hint="Install a Java runtime (e.g. `apt-get install default-jre-headless`).")
    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="peninsula-reasoner-") as tmp:
            for number, path in enumerate(paths):
                loadable = _loadable(Path(path), Path(tmp) / f"{number}.nt")
                try:
                    world.get_ontology(loadable.resolve().as_uri()).load()
                except owlready2.OwlReadyOntologyParsingError as error:
                    raise ReasonerError(f"owlready2 could not parse the file: {error}", source=str(path),
                                        hint="Give RDF/XML, N-Triples, Turtle, TriG, N-Quads or JSON-LD.") from None
        yield world
    finally:
        world.close()


def _loadable(path: Path, scratch: Path) -> Path:
    """`path` itself if owlready2 reads its format, else an N-Triples copy at `scratch`."""
    if not path.is_file():
        raise ReasonerError("no such file", source=str(path))
    suffix = path.suffix.lower()
    if suffix in _NATIVE_SUFFIXES:
        return path
    if suffix not in _RDFLIB_FORMATS:
        raise ReasonerError(f"unknown RDF format {suffix!r}", source=str(path),
                            hint="Use .owl/.rdf (RDF/XML), .nt, .ttl, .trig, .nq or .jsonld.")
    import rdflib

    rdf_format = _RDFLIB_FORMATS[suffix]
    # Quad formats go through a Dataset (every named graph is kept); triples into a Graph.
    graph = rdflib.Dataset() if rdf_format in ("trig", "nquads") else rdflib.Graph()
    try:
        graph.parse(path, format=rdf_format)
    except Exception as error:  # rdflib raises parser-specific exception types
        raise ReasonerError(f"could not parse as {rdf_format}: {error}", source=str(path)) from None
    union = rdflib.Graph()
    if isinstance(graph, rdflib.Dataset):
        for subject, predicate, obj, _graph in graph.quads((None, None, None, None)):
            union.add((subject, predicate, obj))
    else:
        union = graph
    union.serialize(scratch, format="nt", encoding="utf-8")
    return scratch


def _run_hermit(world) -> None:
    import owlready2

    try:
        # infer_property_values=False: only types are needed, and it is much faster.
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyJavaError as error:
        raise ReasonerError(f"HermiT failed: {error}",
                            hint="Check that the files are OWL 2 DL (e.g. open them in Protégé).") from None
