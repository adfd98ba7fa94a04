"""The `peninsula` command: parses arguments, calls the library, prints, picks the exit status.

Exit status: 0 all well; 1 some article failed or did not conform (the rest was built), or a
check failed; 2 usage or input errors (bad arguments, a path that does not exist, a bad query).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import PeninsulaError

DEFAULT_STORE = Path("var/store")


def _progress(results, total):
    from tqdm import tqdm

    return tqdm(results, total=total, unit="article", desc="building", file=sys.stderr,
                disable=None, leave=False)


def cmd_build(args) -> int:
    from .pipeline import build

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"peninsula build: {p}: no such file or folder", file=sys.stderr)
        return 2
    from .link import LinkOptions

    if args.reconcile_url and args.link != "online":
        print("peninsula build: --reconcile-url needs --link online", file=sys.stderr)
        return 2
    link = LinkOptions(mode=args.link, url=args.reconcile_url, review_file=args.review_file,
                       rate=args.link_rate, timeout=args.link_timeout)
    summary = build(args.paths, args.store, manifest=args.manifest, prune=args.prune, jobs=args.jobs,
                    base=args.base, export_to=args.export, progress=_progress, link=link)
    for source, message in summary.failed:
        print(f"FAILED {source}: {message}", file=sys.stderr)
    for source, message in summary.notices:
        print(f"WARNING {source}: {message}", file=sys.stderr)
    print(f"articles: {summary.built} built, {summary.skipped} unchanged, {summary.removed} removed, "
          f"{len(summary.failed)} failed")
    print(f"graph: {summary.triples} triples, {summary.entities} entities, {summary.events} events, "
          f"{summary.positions} positions, {summary.statements} statements")
    print(f"SHACL: {summary.violations} violations, {summary.warnings} warnings; {summary.seconds:.1f} s; "
          f"store: {args.store}" + (f"; dump: {args.export}" if args.export else ""))
    rep = summary.link
    if rep is not None:
        for notice in rep.notices:
            print(f"peninsula build: {notice}", file=sys.stderr)
        print(f"links: {rep.offline} offline, {rep.accepted} accepted in review, {rep.online} online"
              + (f" ({rep.requests} requests)" if args.link == "online" else "")
              + (f"; {rep.pending} awaiting review in {rep.review_file} (see `peninsula link review`)"
                 if rep.pending else ""))
    return 0 if summary.ok else 1


def cmd_link_review(args) -> int:
    from .link_review import REVIEW_FILE, ReviewFileError, format_table, pending, read_review

    path = args.review_file or args.store / REVIEW_FILE
    if not path.exists():
        print(f"no review file at {path}: nothing awaits a decision. Candidates are proposed by "
              f"`peninsula build ARTICLES --store {args.store} --link online`.")
        return 0
    try:
        rows = read_review(path)
    except ReviewFileError as exc:
        print(f"peninsula link review: {exc}", file=sys.stderr)
        return 2
    todo = pending(rows)
    accepted = sum(1 for r in rows if r.verdict == "accept")
    rejected = sum(1 for r in rows if r.verdict == "reject")
    if todo:
        print(format_table(todo))
        print()
    print(f"{len(todo)} candidate(s) await a decision, {accepted} accepted, {rejected} rejected, in {path}.")
    if todo:
        print("Write accept or reject in the 'decision' column, then build again: accepted candidates "
              "become links (owl:sameAs for Wikidata items), rejected ones are never proposed again.")
    return 0


def cmd_serve(args) -> int:
    from server.serve import serve

    from .store import STATE_FILE

    if not (args.store / STATE_FILE).exists():
        print(f"peninsula serve: {args.store} is not a Peninsula store; build one first with "
              f"`peninsula build ARTICLES --store {args.store}`", file=sys.stderr)
        return 2
    # Flags win over PENINSULA_* environment variables, which win over the defaults.
    timeout = args.query_timeout or float(os.environ.get("PENINSULA_QUERY_TIMEOUT", "30"))
    config: dict = {"QUERY_TIMEOUT": timeout}
    if args.row_limit:
        config["RESULT_ROW_LIMIT"] = args.row_limit
    if args.update_secret_file:
        try:
            secret = args.update_secret_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"peninsula serve: cannot read the update secret from {args.update_secret_file} ({exc})",
                  file=sys.stderr)
            return 2
        if len(secret) < 16:
            print("peninsula serve: the update secret must be at least 16 characters", file=sys.stderr)
            return 2
        config["UPDATE_SECRET"] = secret
    # gunicorn's own worker timeout stays above the query limit, so a stopped query is answered.
    serve(str(args.store), host=args.host, port=args.port, workers=args.workers,
          timeout=int(timeout) + 30, config=config)
    return 0


def cmd_query(args) -> int:
    import pyoxigraph as ox

    from .store import open_store

    text = args.sparql
    if text == "-":
        text = sys.stdin.read()
    elif text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    store = open_store(args.store, read_only=True)
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        print(f"peninsula query: the query is not valid SPARQL: {exc}", file=sys.stderr)
        return 2
    if isinstance(result, (bool, ox.QueryBoolean)):
        print("true" if bool(result) else "false")
        return 0
    if isinstance(result, ox.QuerySolutions):
        fmt = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
               "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[args.format or "tsv"]
        sys.stdout.write(result.serialize(format=fmt).decode("utf-8"))
    else:
        fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD}.get(args.format or "turtle", ox.RdfFormat.TURTLE)
        sys.stdout.write(result.serialize(format=fmt).decode("utf-8"))
    return 0


def cmd_validate(args) -> int:
    from .validate import validate_file

    status = 0
    for f in args.files:
        if not f.exists():
            print(f"peninsula validate: {f}: no such file", file=sys.stderr)
            return 2
        try:
            report = validate_file(str(f))
        except Exception as exc:  # a file rdflib cannot parse
            print(f"{f}: cannot be read as RDF ({type(exc).__name__}: {exc})", file=sys.stderr)
            status = 2
            continue
        for v in report.violations:
            print(f"{f}: {v}")
        print(f"{f}: {'conforms' if report.conforms else 'does not conform'} "
              f"({len(report.violations)} violations, {len(report.warnings)} warnings)")
        if not report.conforms:
            status = max(status, 1)
    return status


def cmd_ontology_check(args) -> int:
    from .reasoner import check_ontology

    report = check_ontology(args.file)
    print(f"{args.file or 'ontology'}: {report.classes} classes, {report.properties} properties, {report.individuals} individuals")
    print(f"HermiT: {'consistent' if report.consistent else 'INCONSISTENT'}"
          + (f"; unsatisfiable: {', '.join(report.unsatisfiable)}" if report.unsatisfiable else "")
          + f" ({report.seconds:.1f} s)")
    if report.message and not report.consistent:
        print(report.message)
    return 0 if report.consistent and not report.unsatisfiable else 1


def cmd_export_owl(args) -> int:
    from .export_owl import export_owl

    if args.out.suffix.lower() not in (".owl", ".rdf", ".xml"):
        print(f"peninsula export-owl: {args.out}: the file is RDF/XML; name it .owl (or .rdf)", file=sys.stderr)
        return 2
    report = export_owl(args.store, args.out)
    print(f"wrote {args.out}: {report.triples} triples ({report.data_triples} of the store, the rest the "
          f"ontology); {report.dropped_types} materialised types left for the reasoner to infer, "
          f"{report.converted_literals} dates written as xsd:string ({report.seconds:.1f} s)")
    print("Open it in Protégé (File > Open), then Reasoner > HermiT > Start reasoner.")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="peninsula", description="Knowledge graphs of diplomatic news, served over SPARQL.")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or update the store from articles")
    b.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files or folders")
    b.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default: %(default)s)")
    b.add_argument("--manifest", type=Path, help="a MANIFEST.tsv (file, published, publisher) for the articles")
    b.add_argument("--export", type=Path, help="also write a dump: .trig, .nq, .ttl, .jsonld, .nt")
    b.add_argument("--prune", action="store_true", help="drop articles whose files are gone")
    b.add_argument("--jobs", type=int, default=1, help="worker processes (default: %(default)s)")
    b.add_argument("--base", default="https://w3id.org/peninsula/id/", help="base IRI for data")
    b.add_argument("--link", choices=["offline", "online"], default="offline",
                   help="offline: the verified table and accepted review rows (default); online: also ask "
                        "a reconciliation service for the rest")
    b.add_argument("--reconcile-url", metavar="URL",
                   help="the reconciliation service for --link online "
                        "(default: Wikidata's, https://wikidata.reconci.link/en/api)")
    b.add_argument("--review-file", type=Path, metavar="FILE",
                   help="the link review CSV (default: STORE/link-review.csv)")
    b.add_argument("--link-rate", type=float, default=5.0, metavar="N",
                   help="at most N requests per second to the service (default: %(default)s)")
    b.add_argument("--link-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="give up on a request to the service after this long (default: %(default)s)")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="serve the store over SPARQL on 127.0.0.1")
    s.add_argument("--store", type=Path, default=DEFAULT_STORE)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--query-timeout", type=float, metavar="SECONDS",
                   help="stop a query after this long and answer 503 (default: 30, or PENINSULA_QUERY_TIMEOUT)")
    s.add_argument("--row-limit", type=int, metavar="N", help="cut SELECT results after N rows")
    s.add_argument("--update-secret-file", type=Path, metavar="FILE",
                   help="accept SPARQL Update and Graph Store writes from requests with "
                        "'Authorization: Bearer <the secret in FILE>' (default: read-only)")
    s.set_defaults(func=cmd_serve)

    q = sub.add_parser("query", help="run a SPARQL query against the store, without a server")
    q.add_argument("sparql", help="the query, @FILE, or - for standard input")
    q.add_argument("--store", type=Path, default=DEFAULT_STORE)
    q.add_argument("--format", choices=["json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld"])
    q.set_defaults(func=cmd_query)

    v = sub.add_parser("validate", help="validate RDF files against Peninsula's shapes")
    v.add_argument("files", nargs="+", type=Path)
    v.set_defaults(func=cmd_validate)

    o = sub.add_parser("ontology", help="ontology tools")
    osub = o.add_subparsers(dest="ontology_command", required=True)
    oc = osub.add_parser("check", help="load the ontology and run HermiT on it")
    oc.add_argument("file", type=Path, nargs="?",
                    help="an ontology file to check instead, e.g. the output of export-owl")
    oc.set_defaults(func=cmd_ontology_check)

    ex = sub.add_parser("export-owl", help="write the store's data with the ontology as one RDF/XML file "
                                           "for Protégé and OWL reasoners")
    ex.add_argument("out", type=Path, metavar="OUT.owl", help="the file to write (RDF/XML)")
    ex.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default: %(default)s)")
    ex.set_defaults(func=cmd_export_owl)

    lk = sub.add_parser("link", help="Wikidata links: the review of proposed candidates")
    lsub = lk.add_subparsers(dest="link_command", required=True)
    lr = lsub.add_parser("review", help="list the link candidates awaiting a decision")
    lr.add_argument("--store", type=Path, default=DEFAULT_STORE)
    lr.add_argument("--review-file", type=Path, metavar="FILE",
                    help="the link review CSV (default: STORE/link-review.csv)")
    lr.set_defaults(func=cmd_link_review)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except PeninsulaError as exc:
        print(f"peninsula {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the store is consistent: run the same command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
