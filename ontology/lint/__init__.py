"""Lint queries over the ontology: SPARQL SELECTs that must return no rows.

    python -m ontology.lint                 # run every query on peninsula.ttl; exit 1 on any row
    python -m ontology.lint FILE.ttl        # the same on another copy of the ontology

Each `*.rq` file beside this module is one rule, with a comment saying what a row means.
They run with rdflib over the ontology graph plus, for the import rule, one triple
`<imported IRI> lint:catalogFile "imports/FILE"` per entry of `catalog-v001.xml` whose file
exists (the catalog is XML, so the runner states it in RDF first).
"""
from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["LINT_DIR", "LINT_NS", "queries", "catalog_triples", "lint_graph", "run", "run_all", "main"]

LINT_DIR = Path(__file__).resolve().parent
LINT_NS = "https://w3id.org/peninsula/lint#"


def queries() -> dict[str, str]:
    """Rule name (the file's stem) -> query text, in name order."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(LINT_DIR.glob("*.rq"))}


def catalog_triples(catalog: Path):
    """`(IRI, lint:catalogFile, "path")` for each catalog entry whose file exists."""
    import rdflib

    from ..build_release import read_catalog

    for name, uri in read_catalog(catalog).items():
        if (catalog.parent / uri).is_file():
            yield rdflib.URIRef(name), rdflib.URIRef(LINT_NS + "catalogFile"), rdflib.Literal(uri)


def lint_graph(source: Path | None = None, catalog: Path | None = None):
    """The ontology graph (default: peninsula.ttl) with its catalog stated in RDF."""
    import rdflib

    from .. import CATALOG, ONTOLOGY_TTL

    graph = rdflib.Graph().parse(source or ONTOLOGY_TTL, format="turtle")
    for triple in catalog_triples(catalog or CATALOG):
        graph.add(triple)
    return graph


def run(graph, query: str) -> list[tuple]:
    """The rows a lint query returns on `graph` (none when the rule holds)."""
    return [tuple(row) for row in graph.query(query)]


def run_all(graph=None) -> dict[str, list[tuple]]:
    """Rule name -> rows, for every rule (an empty list when it holds)."""
    graph = lint_graph() if graph is None else graph
    return {name: run(graph, text) for name, text in queries().items()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    graph = lint_graph(Path(argv[0]) if argv else None)
    failed = 0
    for name, rows in run_all(graph).items():
        print(f"{name}: {'ok' if not rows else f'{len(rows)} problem(s)'}")
        for row in rows:
            print("    " + "  ".join("" if v is None else v.n3() for v in row))
        failed += bool(rows)
    return 1 if failed else 0
