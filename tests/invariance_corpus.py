"""Invariance on a development set: rename every person and place, build both, compare.

    python -m tests.invariance_corpus ../shared/dev [--seed N] [--keep DIR] [--verbose]

The set is a folder with `articles/` (the articles and their MANIFEST.tsv) and `cq/` (the
competency questions). Every article and question file is renamed with one consistent map
(`tests.rename.Renaming` over the whole set, so a person named in three articles is one
person under the new name too) into a temporary folder, the manifest copied. Both sets are
built with `peninsula build`, and for each the number of events, held posts (`dip:holdsPost`), positions and
statements and the question score (`../shared/cq/run_cq.py`) are printed, with the
articles whose figures and the questions whose results changed. The exit status is 1 when any figure differs.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTS = {
    "events": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dip:Event }",
    "posts": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?post WHERE { ?p dip:holdsPost ?post } }",
    "positions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dip:PolicyPosition }",
    "statements": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dip:Statement }",
}
PREFIX = "PREFIX dip: <https://w3id.org/peninsula/ontology#>\n"
# the same per article (per named graph), to say where the figures differ
BY_ARTICLE = {
    "events": "SELECT ?g (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a dip:Event } } GROUP BY ?g",
    "posts": "SELECT ?g (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?p ?post WHERE { GRAPH ?g { ?p dip:holdsPost ?post } } } GROUP BY ?g",
    "positions": "SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a dip:PolicyPosition } } GROUP BY ?g",
    "statements": "SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a dip:Statement } } GROUP BY ?g",
}


def _peninsula() -> str:
    exe = Path(sys.executable).parent / "peninsula"
    return str(exe) if exe.exists() else "peninsula"


def rename_set(src: Path, dst: Path, seed: int = 0):
    """The set's articles and questions renamed into dst/articles and dst/cq; the map."""
    from builder.ingest import read_articles
    from builder.kb import load_kb
    from builder.nlp import load_pipeline, make_doc
    from tests.rename import Renaming

    art_dir, cq_dir = src / "articles", src / "cq"
    files = sorted(p for p in art_dir.iterdir() if p.suffix.lower() in (".txt", ".html", ".htm", ".jsonl"))
    cqs = sorted(cq_dir.glob("*.rq"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    kb, nlp = load_kb(), load_pipeline()
    docs = []
    for p in files:
        arts = read_articles(p, kb)
        docs.append(nlp(make_doc(nlp, arts[0])) if len(arts) == 1 else None)
    renaming = Renaming(texts, [q.read_text(encoding="utf-8") for q in cqs], seed=seed, docs=docs)
    (dst / "articles").mkdir(parents=True, exist_ok=True)
    (dst / "cq").mkdir(parents=True, exist_ok=True)
    for p, text in zip(files, texts):
        (dst / "articles" / p.name).write_text(renaming.text(text), encoding="utf-8")
    for name in ("MANIFEST.tsv",):
        if (art_dir / name).exists():
            shutil.copy(art_dir / name, dst / "articles" / name)
    for q in cqs:
        (dst / "cq" / q.name).write_text(renaming.cq(q.read_text(encoding="utf-8")), encoding="utf-8")
    return renaming


def build_and_score(articles: Path, cq: Path, out: Path, run_cq: Path) -> dict:
    """Build the articles into out/, count the facts, score the questions."""
    import pyoxigraph as ox

    out.mkdir(parents=True, exist_ok=True)
    trig = out / "graph.trig"
    build = subprocess.run([_peninsula(), "build", str(articles), "--store", str(out / "store"), "--export", str(trig)],
                           capture_output=True, text=True, env=os.environ.copy())
    (out / "build.log").write_text(build.stdout + build.stderr, encoding="utf-8")
    figures: dict = {"build_rc": build.returncode}
    if not trig.exists():
        figures["error"] = f"the build wrote no graph (see {out / 'build.log'})"
        return figures
    store = ox.Store()  # in memory; the default graph is the union of the named graphs
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    for kind, q in COUNTS.items():
        figures[kind] = int(next(iter(store.query(PREFIX + q, use_default_graph_as_union=True)))["n"].value)
    per: dict = {}
    for kind, q in BY_ARTICLE.items():
        for row in store.query(PREFIX + q):
            per.setdefault(row["g"].value.rstrip("/").rsplit("/", 1)[-1], {})[kind] = int(row["n"].value)
    figures["articles"] = per
    score = subprocess.run([sys.executable, str(run_cq), "--data", str(trig), str(cq)], capture_output=True, text=True)
    (out / "score.txt").write_text(score.stdout + score.stderr, encoding="utf-8")
    lines = score.stdout.strip().split("\n")
    figures["cq"] = lines[-1] if lines else "(no score)"
    figures["questions"] = {m.group(2): m.group(1) for line in lines
                            if (m := re.match(r"(PASS|FAIL) ([^:]+):", line))}
    return figures


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.invariance_corpus", description=__doc__.split("\n")[0])
    ap.add_argument("set", type=Path, help="a development set: a folder with articles/ and cq/")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="write the renamed set and the builds here (kept)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print the map")
    args = ap.parse_args(argv)
    src = args.set.resolve()
    run_cq = src.parent / "cq" / "run_cq.py"
    if not (src / "articles").is_dir() or not (src / "cq").is_dir() or not run_cq.exists():
        print(f"{src}: expected articles/ and cq/ in it and ../cq/run_cq.py beside it", file=sys.stderr)
        return 2
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="invariance-"))
    try:
        renaming = rename_set(src, work / "renamed", seed=args.seed)
        if args.verbose:
            print(renaming.describe())
        print(f"{src.name}: {len(renaming.map)} forms renamed, "
              f"{len(renaming.kept_countries)} countries kept for unrenameable forms")
        orig = build_and_score(src / "articles", src / "cq", work / "original", run_cq)
        new = build_and_score(work / "renamed" / "articles", work / "renamed" / "cq", work / "renamed-build", run_cq)
        differ = False
        print(f"{'':12} {'original':>24} {'renamed':>24}")
        for key in (*COUNTS, "cq"):
            a, b = orig.get(key, orig.get("error")), new.get(key, new.get("error"))
            mark = "" if a == b else "   <- differs"
            differ |= a != b
            print(f"{key:12} {str(a):>24} {str(b):>24}{mark}")
        pa, pb = orig.get("articles", {}), new.get("articles", {})
        for art in sorted(set(pa) | set(pb)):
            da, db = pa.get(art, {}), pb.get(art, {})
            diff = [f"{k} {da.get(k, 0)} -> {db.get(k, 0)}" for k in COUNTS if da.get(k, 0) != db.get(k, 0)]
            if diff:
                print(f"  {art}: " + ", ".join(diff))
        qa, qb = orig.get("questions", {}), new.get("questions", {})
        for q in sorted(set(qa) | set(qb)):
            if qa.get(q) != qb.get(q):
                print(f"  {q}: {qa.get(q)} -> renamed {qb.get(q)}")
        if args.keep:
            print(f"(the renamed set and both builds are in {work})")
        return 1 if differ else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
