"""Build throughput against a spaCy-only pass over the same texts, in one run.

    .venv/bin/python benchmarks/build_throughput.py [--articles 1000] [--jobs 1 2] [--source DIR ...]

Generates a corpus of N distinct articles from the demo texts (and any --source folders of
.txt articles), then times, each in a fresh process so that peak memory is its own:
  spacy  --jobs J : read the articles and run the bare en_core_web_sm pipeline over each
                    body, spread over J processes the way the build spreads articles;
  build  --jobs J : `peninsula build` into a new store (Peninsula's components, extraction,
                    emission, SHACL, store).
Prints a table (articles/s, peak RSS) and the ratios the goals are stated in: build/spaCy
at each job count, and build --jobs 2 / --jobs 1. Figures are only comparable within a run.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(target: Path, n: int, sources: list[Path]) -> None:
    texts = sorted((ROOT / "samples").glob("*.txt"))
    for s in sources:
        texts += sorted(s.glob("*.txt"))
    target.mkdir(parents=True)
    rows = ["file\tpublished\tpublisher"]
    for i in range(n):
        src = texts[i % len(texts)]
        name = f"bench-{i:05d}-{src.stem}.txt"
        (target / name).write_text(src.read_text(encoding="utf-8") + f"\n(Reference {i}.)\n", encoding="utf-8")
        rows.append(f"{name}\t2019-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}\tThe Korea Herald")
    (target / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


_MODEL = []


def _parse_only(article):
    return len(_MODEL[0](article.body))


def _init():
    """The bare en_core_web_sm pipeline: what a spaCy-only pass over the articles costs."""
    import spacy

    from builder.nlp import MODEL, configure_threads

    configure_threads()
    _MODEL.append(spacy.load(MODEL))


def run_mode(mode: str, jobs: int, corpus: Path, store: Path) -> dict:
    """One configuration, in this (fresh) process; prints a JSON line."""
    from builder.nlp import configure_threads

    configure_threads()
    t0 = time.perf_counter()
    if mode == "spacy":
        from concurrent.futures import ProcessPoolExecutor

        from builder.ingest import collect_files, read_articles
        from builder.kb import load_kb

        kb = load_kb()
        files, _ = collect_files([corpus])
        articles = [a for f in files for a in read_articles(f, kb)]
        if jobs > 1:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init) as pool:
                done = sum(1 for _ in pool.map(_parse_only, articles, chunksize=4))
        else:
            _init()
            done = sum(1 for a in articles if _parse_only(a) >= 0)
    else:
        from builder.pipeline import build

        summary = build([corpus], store, jobs=jobs)
        done = summary.built
        if summary.failed:
            print(f"{len(summary.failed)} articles failed, e.g. {summary.failed[0]}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest pool worker
    return {"mode": mode, "jobs": jobs, "articles": done, "seconds": seconds,
            "peak_rss_mb": own, "worker_rss_mb": workers}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--source", type=Path, action="append", default=[], help="more .txt articles to draw from")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "JOBS", "CORPUS"), help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, jobs, corpus = args.child
        print(json.dumps(run_mode(mode, int(jobs), Path(corpus), args.store)))
        return 0

    with tempfile.TemporaryDirectory(prefix="peninsula-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.articles, args.source)
        results = []
        for jobs in args.jobs:
            for mode in ("spacy", "build"):
                out = subprocess.run([sys.executable, __file__, "--child", mode, str(jobs), str(corpus),
                                      "--store", str(Path(tmp) / f"store-{mode}-{jobs}")],
                                     capture_output=True, text=True, cwd=ROOT, check=True)
                res = json.loads(out.stdout.strip().splitlines()[-1])
                res["rate"] = res["articles"] / res["seconds"]
                results.append(res)
                print(f"{mode:6s} --jobs {jobs}: {res['articles']} articles in {res['seconds']:.1f} s = "
                      f"{res['rate']:.2f} articles/s, peak RSS {res['peak_rss_mb']:.0f} MB "
                      f"(largest worker {res['worker_rss_mb']:.0f} MB)", flush=True)
        rate = {(r["mode"], r["jobs"]): r["rate"] for r in results}
        print("\n| mode | jobs | articles | seconds | articles/s | peak RSS MB (main) | largest worker MB |\n| --- | --- | --- | --- | --- | --- | --- |")
        for r in results:
            print(f"| {r['mode']} | {r['jobs']} | {r['articles']} | {r['seconds']:.1f} | {r['rate']:.2f} | {r['peak_rss_mb']:.0f} | {r['worker_rss_mb']:.0f} |")
        for jobs in args.jobs:
            print(f"build / spaCy-only at --jobs {jobs}: {rate[('build', jobs)] / rate[('spacy', jobs)]:.2f}x (goal >= 0.7x)")
        if 1 in args.jobs and 2 in args.jobs:
            print(f"build --jobs 2 / --jobs 1: {rate[('build', 2)] / rate[('build', 1)]:.2f}x (goal >= 1.6x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
