"""The Peninsula ontology: where its files are, and its IRIs.

`peninsula.ttl` is the source; `peninsula.owl` (RDF/XML), `catalog-v001.xml` and
`docs/index.html` (HTML documentation) are generated from it by `python -m ontology.build_release`. The files ship as package data,
so the paths below work from a checkout and from an installed wheel alike.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib is imported lazily: importing the constants stays cheap
    import rdflib

__all__ = ["ONTOLOGY_IRI", "NAMESPACE", "ONTOLOGY_DIR", "ONTOLOGY_TTL", "ONTOLOGY_OWL", "CATALOG",
           "IMPORTS_DIR", "ONTOLOGY_DOCS", "load_ontology"]

ONTOLOGY_IRI = "https://w3id.org/peninsula/ontology"
NAMESPACE = ONTOLOGY_IRI + "#"

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "peninsula.ttl"
ONTOLOGY_OWL = ONTOLOGY_DIR / "peninsula.owl"
CATALOG = ONTOLOGY_DIR / "catalog-v001.xml"
IMPORTS_DIR = ONTOLOGY_DIR / "imports"  # files of imported ontologies, mapped by the catalog
ONTOLOGY_DOCS = ONTOLOGY_DIR / "docs" / "index.html"


def load_ontology() -> "rdflib.Graph":
    """The ontology as an rdflib graph, parsed from the Turtle source."""
    import rdflib

    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")
