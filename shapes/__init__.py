"""SHACL shapes for Peninsula graphs, one Turtle file per concern (see README.md).

Validate one article graph merged with the entity descriptions it references:

    pyshacl.validate(data, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                     inference="none", allow_warnings=True)

The files ship as package data, so `SHAPE_FILES` works from a checkout and from a wheel.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib is imported lazily: importing the constants stays cheap
    import rdflib

__all__ = ["SHAPES_DIR", "SHAPES_NAMESPACE", "SHAPE_FILES", "load_shapes"]

SHAPES_DIR = Path(__file__).resolve().parent
SHAPES_NAMESPACE = "https://w3id.org/peninsula/shapes#"
SHAPE_FILES: list[Path] = sorted(SHAPES_DIR.glob("*.ttl"))


def load_shapes() -> "rdflib.Graph":
    """All shape files parsed into one graph (the files refer to each other's shapes)."""
    import rdflib

    graph = rdflib.Graph()
    graph.bind("dsh", SHAPES_NAMESPACE)
    for path in SHAPE_FILES:
        graph.parse(path, format="turtle")
    return graph
