"""SPARQL endpoint throughput: Peninsula over HTTP against direct pyoxigraph and rdflib-endpoint.

    .venv/bin/python benchmarks/endpoint_throughput.py [--triples 1000000] [--data-dir DIR]
        [--append benchmarks/RESULTS.md]

In one run:
  1. Data. Builds the demo corpus (samples/) and the development corpus
     (../shared/dev/articles, if present) with `peninsula build` into a temporary store,
     exports it as N-Quads, and scales it to about --triples quads by replicating the article
     graphs with rewritten IRIs (article ids, and so event / position / statement / evidence
     IRIs, get a copy suffix; years are shifted per copy). Most entity mentions keep the
     original entity; about 70% of mentions of people, organisations and places go to a
     variant (`person/stephen-biegun-v12`) with its own description in the entities graph,
     drawn log-uniformly so that some variants are common and most are rare (posts and
     countries stay shared). The entities graph and the ontology graph appear once. The result is
     bulk-loaded into a fresh Oxigraph store, a snapshot is published for the server, and
     the same quads are kept as N-Quads for rdflib-endpoint. --data-dir caches all of it.
  2. Five kinds of query (lookup, join, aggregate, filter, CONSTRUCT; see QUERIES), each
     checked to give the same number of results on every target.
  3. Targets, each measured from a separate load-generator process (a subprocess of this
     script, one per measurement):
       direct     Store.read_only(snapshot).query(...) and serialisation in that process
                  (the engine's ceiling; no HTTP);
       peninsula  `peninsula serve --workers 2` (gunicorn + evaluator processes) over HTTP
                  on 127.0.0.1;
       rdflib     rdflib-endpoint from PyPI (its own venv, created if missing, pinned by
                  benchmarks/requirements-rdflib-endpoint.txt) serving the same N-Quads.
     The servers are started first and stay up (idle) while the others are measured, so
     that rounds can interleave the targets: each round runs every kind on every target in
     turn (only one target is measured at a time); figures are medians over the rounds, as
     the machine is shared and noisy. rdflib-endpoint, slow to load and to answer, takes part
     in the first --rdflib-rounds rounds only.
     The HTTP client is http.client with one connection per client thread (kept alive when
     the server allows it: uvicorn does, gunicorn's sync workers close after each response).
     Per query kind: a warm-up pass (each query text once; these answers are parsed and
     counted), then timed requests until --requests are done or --seconds have passed
     (checked before each request; at least one request is made). rdflib-endpoint has its
     own, smaller caps and a per-request timeout; a request over it is recorded as a
     timeout and that server is killed (it cannot stop a query) and restarted for the next
     kind.
  4. Output: a markdown table per query kind (requests, req/s, p50, p99), the ratios the
     goals are stated in, peak RSS of each server (sum over its processes, sampled), load
     times, the command and the date. --append FILE appends the report to FILE.

Every server is started in its own session and stopped by process id (the whole process
tree, collected from /proc) on exit, on errors and on Ctrl-C.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_CORPUS = ROOT.parent / "shared" / "dev" / "articles"
RDFEP_REQUIREMENTS = Path(__file__).resolve().parent / "requirements-rdflib-endpoint.txt"
DEFAULT_RDFEP_VENV = Path.home() / ".cache" / "peninsula-bench" / "rdfep-venv"
DATA_VERSION = 2  # bump when the generator changes, so cached --data-dir folders are rebuilt

ID = "https://w3id.org/peninsula/id/"
DIP = "https://w3id.org/peninsula/ontology#"
ENTITIES_GRAPH = ID + "graph/entities"
ARTICLE_GRAPH = ID + "graph/article/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"

SELECT_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"

PREFIXES = f"""PREFIX dip: <{DIP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <{XSD}>
"""

# The five kinds. {iri} is filled from the rotation of entities chosen with the data.
# No query relies on a triple that several article graphs restate (such as dip:holdsPost):
# Oxigraph's union default graph is a bag and rdflib's a set, so such a pattern would give
# different row counts (see the report). The join therefore asks for the post held by a
# participant as stated in the same article graph as the meeting, with GRAPH ?g.
QUERIES = {
    "lookup": ("select", PREFIXES + """SELECT ?label ?type WHERE {
  <{iri}> rdfs:label ?label ; a ?type .
}"""),
    "join": ("select", PREFIXES + """SELECT ?meeting ?date ?person ?name ?post ?postName WHERE {
  GRAPH ?g {
    ?meeting a dip:Meeting ; dip:participant ?person ; dip:startDate ?date .
    ?person dip:holdsPost ?post .
  }
  ?post a dip:EnvoyPost ; rdfs:label ?postName .
  ?person rdfs:label ?name .
}
ORDER BY DESC(STR(?date)) ?meeting ?person ?post
LIMIT 100"""),
    "aggregate": ("select", PREFIXES + """SELECT ?type ?status (COUNT(DISTINCT ?event) AS ?events)
       (COUNT(DISTINCT ?who) AS ?participants) WHERE {
  ?event a ?type ; dip:status ?status ; dip:participant ?who .
}
GROUP BY ?type ?status
ORDER BY DESC(?events) ?type ?status"""),
    "filter": ("select", PREFIXES + """SELECT ?event ?date ?text WHERE {
  ?event dip:startDate ?date ; dip:evidence ?evidence .
  ?evidence dip:text ?text .
  FILTER(DATATYPE(?date) = xsd:date && ?date >= "2019-01-01"^^xsd:date
         && ?date < "2020-01-01"^^xsd:date)
  FILTER(REGEX(?text, "summit|talks", "i"))
}"""),
    "construct": ("graph", """CONSTRUCT { <{iri}> ?p ?o } WHERE { <{iri}> ?p ?o }"""),
}
KINDS = list(QUERIES)
# The order targets run them in: cheap first, so rdflib-endpoint reaches the heavy ones last.
RUN_ORDER = ["lookup", "construct", "filter", "aggregate", "join"]


def query_texts(kind: str, rotation: list[str]) -> list[str]:
    _, template = QUERIES[kind]
    if "{iri}" in template:
        return [template.replace("{iri}", iri) for iri in rotation]
    return [template]


# ============================================================================ data generation

_GRAPH_OF_LINE = re.compile(r"<([^<>]*)> \.\s*$")
_SUBJECT = re.compile(r"^<([^<>]*)>")
_ENTITY_KINDS = ("person", "organization", "place", "post")  # countries stay shared


def run_build(out: Path, log) -> Path:
    """Build samples/ (+ the dev corpus) into a temporary store; return the N-Quads dump."""
    store = out / "seed-store"
    dump = out / "seed.nq"
    sources = [str(ROOT / "samples")] + ([str(DEV_CORPUS)] if DEV_CORPUS.is_dir() else [])
    cmd = [sys.executable, "-m", "builder.cli", "build", *sources, "--store", str(store), "--export", str(dump)]
    log(f"building the seed corpus: {' '.join(shlex.quote(c) for c in cmd)}")
    proc = subprocess.run(cmd, cwd=ROOT, env=_env_with_root(), capture_output=True, text=True)
    if proc.returncode not in (0, 1) or not dump.exists():  # 1: some article did not conform
        raise SystemExit(f"the seed build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    for line in proc.stdout.strip().splitlines()[-3:]:
        log("  " + line)
    shutil.rmtree(store, ignore_errors=True)
    return dump


def _env_with_root() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class ArticleTemplate:
    """One article graph as text with holes for its id, its entities and its years."""

    def __init__(self, article_id: str, lines: list[str]):
        self.article_id = article_id
        block = "".join(lines)
        token = re.compile(
            re.escape(article_id)
            + r"|<(" + re.escape(ID) + r"(?:" + "|".join(_ENTITY_KINDS) + r")/[^<>]+)>"
            + r'|"(\d{4})((?:-\d\d){0,2})"\^\^<' + re.escape(XSD) + r"(date|gYearMonth|gYear)>")
        self.parts: list = []
        self.entities: list[str] = []
        index: dict[str, int] = {}
        pos = 0
        for m in token.finditer(block):
            self.parts.append(block[pos:m.start()])
            if m.group(1):
                iri = m.group(1)
                if iri not in index:
                    index[iri] = len(self.entities)
                    self.entities.append(iri)
                self.parts.append(("e", index[iri]))
            elif m.group(2):
                self.parts.append(("y", int(m.group(2)), m.group(3), m.group(4)))
            else:
                self.parts.append(("a",))
            pos = m.end()
        self.parts.append(block[pos:])
        self.quads = len(lines)

    def render(self, suffix: str, entity_iris: list[str], shift: int) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == "a":
                out.append(self.article_id + suffix)
            elif part[0] == "e":
                out.append("<" + entity_iris[part[1]] + ">")
            else:
                _, year, rest, datatype = part
                year += shift
                if rest == "-02-29" and not _is_leap(year):
                    rest = "-02-28"
                out.append(f'"{year:04d}{rest}"^^<{XSD}{datatype}>')
        return "".join(out)


def generate(seed_dump: Path, target_quads: int, seed: int, out_nq: Path, log) -> dict:
    """Write about ``target_quads`` quads to ``out_nq``; return facts about the data."""
    by_graph: dict[str, list[str]] = {}
    for line in seed_dump.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.strip():
            continue
        m = _GRAPH_OF_LINE.search(line)
        if not m:
            raise SystemExit(f"unexpected line in {seed_dump} (not a quad): {line[:200]}")
        by_graph.setdefault(m.group(1), []).append(line)
    articles = sorted(g for g in by_graph if g.startswith(ARTICLE_GRAPH))
    templates = [ArticleTemplate(g[len(ARTICLE_GRAPH):], by_graph[g]) for g in articles]
    shared = [g for g in by_graph if not g.startswith(ARTICLE_GRAPH)]
    descriptions: dict[str, list[str]] = {}
    for line in by_graph.get(ENTITIES_GRAPH, []):
        descriptions.setdefault(_SUBJECT.match(line).group(1), []).append(line)

    per_round = sum(t.quads for t in templates)
    fixed = sum(len(by_graph[g]) for g in shared)
    rounds_estimate = max(2, round((target_quads - fixed) / max(1, per_round * 1.15)))
    rng = random.Random(seed)
    keep = 0.3  # share of mentions that keep the original entity
    variants: dict[tuple[str, int], str] = {}
    variant_lines: list[str] = []
    mentions: dict[str, int] = {}
    written = fixed
    graphs = 0
    t0 = time.perf_counter()
    with open(out_nq, "w", encoding="utf-8") as out:
        for g in shared:
            out.writelines(by_graph[g])
        copy = 0
        while written < target_quads:
            shift = (copy % 9) - 4 if copy else 0
            for t in templates:
                if written >= target_quads:
                    break
                iris = []
                for iri in t.entities:
                    # Posts stay shared, like countries: a variant person holds the original's
                    # post (many people hold one post over time), so a person holds a few posts.
                    if copy == 0 or "/post/" in iri or iri not in descriptions or rng.random() < keep:
                        iris.append(iri)
                        continue
                    v = int(math.exp(rng.random() * math.log(rounds_estimate))) + 1
                    variant = variants.get((iri, v))
                    if variant is None:
                        variant = variants[(iri, v)] = f"{iri}-v{v}"
                        for line in descriptions[iri]:
                            if f"<{OWL_SAMEAS}>" in line:
                                continue  # a variant is not the Wikidata item
                            line = line.replace(f"<{iri}>", f"<{variant}>", 1)
                            if f"<{RDFS_LABEL}>" in line or f"<{SKOS_ALT}>" in line:
                                line = re.sub(r'"@en ', f' {v}"@en ', line, count=1)
                            variant_lines.append(line)
                            written += 1
                    iris.append(variant)
                for iri in iris:
                    mentions[iri] = mentions.get(iri, 0) + 1
                out.write(t.render(f"-c{copy}" if copy else "", iris, shift))
                written += t.quads
                graphs += 1
            copy += 1
        out.writelines(variant_lines)
    log(f"generated {written:,} quads ({graphs:,} article graphs, {copy} rounds of "
        f"{len(templates)} articles, {len(variants):,} entity variants) in "
        f"{time.perf_counter() - t0:.1f} s")
    # The rotation for lookup and CONSTRUCT: people and other entities from frequent to rare.
    described = set(descriptions) | set(variants.values())  # lookups should find a label
    people = sorted((n, iri) for iri, n in mentions.items() if "/person/" in iri and iri in described)
    others = sorted((n, iri) for iri, n in mentions.items() if "/person/" not in iri and iri in described)
    pick = random.Random(seed + 1)
    rotation = [iri for _, iri in people[-6:]]  # the most mentioned people
    rotation += [iri for _, iri in pick.sample(people[:-6], min(14, max(0, len(people) - 6)))]
    rotation += [iri for _, iri in pick.sample(others, min(12, len(others)))]
    return {"quads_written": written, "article_graphs": graphs, "rounds": copy,
            "articles_per_round": len(templates), "entity_variants": len(variants),
            "rotation": rotation,
            "rotation_mentions": {iri: mentions.get(iri, 0) for iri in rotation}}


def prepare_data(args, log) -> dict:
    """Generate (or reuse) the N-Quads file and the Oxigraph store; return the data facts."""
    import pyoxigraph as ox

    from server.snapshots import current_snapshot, publish

    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    meta_path = data_dir / "meta.json"
    key = {"version": DATA_VERSION, "triples": args.triples, "seed": args.seed,
           "dev_corpus": DEV_CORPUS.is_dir()}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("key") == key and (data_dir / "data.nq").exists() and (data_dir / "store").is_dir():
            log(f"reusing the data in {data_dir} ({meta['quads']:,} quads)")
            meta["reused"] = True
            return meta
    for name in ("store", "data.nq", "meta.json"):
        target = data_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    dump = run_build(data_dir, log)
    facts = generate(dump, args.triples, args.seed, data_dir / "data.nq", log)
    store_dir = data_dir / "store"
    t0 = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(data_dir / "data.nq"), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    quads = len(store)
    publish(store, store_dir)
    del store
    (store_dir / "peninsula-state.json").write_text('{"version":1,"articles":{}}', encoding="utf-8")
    load_s = time.perf_counter() - t0
    log(f"bulk-loaded {quads:,} quads into {store_dir} in {load_s:.1f} s "
        f"(snapshot {current_snapshot(store_dir).name})")
    meta = {"key": key, "quads": quads, "oxigraph_load_s": round(load_s, 1),
            "nq_bytes": (data_dir / "data.nq").stat().st_size, **facts}
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    meta["reused"] = False
    return meta


# ============================================================================ load generator

def count_answer(body: bytes, shape: str) -> int:
    if shape == "select":
        return len(json.loads(body)["results"]["bindings"])
    return len({line for line in body.decode("utf-8").splitlines() if line.strip()})


def percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


class Timeout(Exception):
    pass


class HttpTarget:
    def __init__(self, url: str, timeout: float):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.timeout = timeout

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def prepare(self, text: str, shape: str):
        return (self.path + "?" + urllib.parse.urlencode({"query": text}),
                {"Accept": SELECT_JSON if shape == "select" else NTRIPLES})

    def run(self, conn, prepared) -> bytes:
        path, headers = prepared
        for attempt in (0, 1):
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                break
            except (socket.timeout, TimeoutError) as error:
                conn.close()
                raise Timeout() from error
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()  # a kept-alive connection the server had closed: retry once
                if attempt:
                    raise
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
        return body


class DirectTarget:
    """pyoxigraph in this process: query, then serialise as the server's evaluator does."""

    def __init__(self, store_dir: str):
        import pyoxigraph as ox

        from server.snapshots import current_snapshot

        self.ox = ox
        self.store = ox.Store.read_only(str(current_snapshot(Path(store_dir))))

    def connect(self):
        return None

    def prepare(self, text: str, shape: str):
        return text, shape

    def run(self, conn, prepared) -> bytes:
        ox = self.ox
        text, shape = prepared
        result = self.store.query(text, use_default_graph_as_union=True)
        if shape == "select":
            return result.serialize(format=ox.QueryResultsFormat.JSON)
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)


def worker_main(spec_path: str) -> int:
    """Measure one query kind against one target; print one JSON object."""
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    if spec["target"] == "direct":
        target = DirectTarget(spec["store"])
    else:
        target = HttpTarget(spec["url"], spec["timeout"])
    shape = spec["shape"]
    prepared = [target.prepare(t, shape) for t in spec["texts"]]
    out: dict = {"counts": [], "warmup_ms": [], "latencies_ms": [], "errors": [], "stopped_by": None}
    cpu0 = time.process_time()

    def emit() -> int:
        out["client_cpu_s"] = round(time.process_time() - cpu0, 3)
        import resource
        out["client_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(out))
        return 0

    # Warm-up pass: every query text once (at least `warmup` requests), answers counted.
    conn = target.connect()
    warm_deadline = time.perf_counter() + spec["warmup_seconds"]
    n_warm = max(len(prepared), spec["warmup"])
    for i in range(n_warm):
        if i >= len(prepared) and time.perf_counter() > warm_deadline:
            break
        t0 = time.perf_counter()
        try:
            body = target.run(conn, prepared[i % len(prepared)])
        except Timeout:
            out["stopped_by"] = "timeout"
            out["timeout_s"] = spec["timeout"]
            return emit()
        except Exception as error:  # noqa: BLE001 - reported, and the kind is abandoned
            out["errors"].append(f"{type(error).__name__}: {error}")
            out["stopped_by"] = "error"
            return emit()
        out["warmup_ms"].append((time.perf_counter() - t0) * 1000)
        if i < len(prepared):
            out["counts"].append(count_answer(body, shape))

    # Timed requests: until `requests` are done or `seconds` have passed, per thread checked
    # before each request; at least one request.
    lock = threading.Lock()
    state = {"started": 0, "stop": None}
    latencies: list[float] = []
    start = time.perf_counter()
    deadline = start + spec["seconds"]

    def loop(offset: int) -> None:
        c = conn if offset == 0 else target.connect()
        i = offset
        while True:
            with lock:
                if state["stop"]:
                    return
                if state["started"] >= spec["requests"]:
                    state["stop"] = state["stop"] or "requests"
                    return
                if state["started"] > 0 and time.perf_counter() >= deadline:
                    state["stop"] = state["stop"] or "seconds"
                    return
                state["started"] += 1
            t0 = time.perf_counter()
            try:
                target.run(c, prepared[i % len(prepared)])
            except Timeout:
                with lock:
                    state["stop"] = "timeout"
                return
            except Exception as error:  # noqa: BLE001
                with lock:
                    out["errors"].append(f"{type(error).__name__}: {error}")
                    if len(out["errors"]) >= 5:
                        state["stop"] = "errors"
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
            i += spec["concurrency"]

    threads = [threading.Thread(target=loop, args=(k,)) for k in range(spec["concurrency"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out["elapsed_s"] = time.perf_counter() - start
    out["latencies_ms"] = latencies
    out["stopped_by"] = state["stop"]
    if state["stop"] == "timeout":
        out["timeout_s"] = spec["timeout"]
    return emit()


# ============================================================================ servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (from /proc), including ones in other sessions."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """A server process in its own session, with an RSS sampler over its process tree."""

    def __init__(self, name: str, argv: list[str], env: dict, log_path: Path, port: int,
                 ready_path: str, ready_accept: str):
        self.name, self.argv, self.env, self.log_path = name, argv, env, log_path
        self.port, self.ready_path, self.ready_accept = port, ready_path, ready_accept
        self.proc: subprocess.Popen | None = None
        self.known: set[int] = set()
        self.peak_rss_kb = 0
        self.peak_processes = 0
        self._stop_sampler = threading.Event()
        self._sampler: threading.Thread | None = None
        self.ready_s = float("nan")

    def start(self, ready_timeout: float) -> float:
        """Start the server and wait until ``ready_path`` answers 200; return the seconds taken."""
        self.log = open(self.log_path, "ab")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)
        LIVE.append(self)
        self._stop_sampler.clear()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited ({self.proc.returncode}) before it was ready; "
                                 f"see {self.log_path}")
            if time.perf_counter() - t0 > ready_timeout:
                raise SystemExit(f"{self.name} not ready after {ready_timeout:.0f} s; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", self.ready_path, headers={"Accept": self.ready_accept})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    self.ready_s = time.perf_counter() - t0
                    return self.ready_s
            except OSError:
                pass
            time.sleep(0.25)

    def _sample(self) -> None:
        while not self._stop_sampler.is_set():
            if self.proc is None or self.proc.poll() is not None:
                return
            pids = process_tree(self.proc.pid)
            self.known.update(pids)
            total = sum(rss_kb(p) for p in pids)
            self.peak_rss_kb = max(self.peak_rss_kb, total)
            self.peak_processes = max(self.peak_processes, len(pids))
            self._stop_sampler.wait(0.5)

    def stop(self, kill: bool = False) -> None:
        """SIGTERM (or SIGKILL) the server, then SIGKILL whatever of its tree is left, by pid."""
        if self.proc is None:
            return
        self._stop_sampler.set()
        pids = set(process_tree(self.proc.pid)) | self.known
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=3 if kill else 15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        time.sleep(0.3)
        for pid in pids:
            if pid == self.proc.pid:
                continue
            if _alive_and_ours(pid, self.known):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if self in LIVE:
            LIVE.remove(self)
        self.log.close()
        self.proc = None


def _alive_and_ours(pid: int, known: set[int]) -> bool:
    """A pid from the server's tree that still exists and has not been reused (zombies aside)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            stat = f.read()
    except OSError:
        return False
    state = stat[stat.rfind(")") + 2:].split()[0]
    if state == "Z":
        return False
    ppid = int(stat[stat.rfind(")") + 2:].split()[1])
    return ppid in known or ppid == 1  # orphaned children of the server are re-parented to 1


LIVE: list[Server] = []


def stop_all() -> None:
    for server in list(LIVE):
        try:
            server.stop(kill=True)
        except Exception as error:  # noqa: BLE001
            print(f"warning: could not stop {server.name}: {error}", file=sys.stderr)


def ensure_rdfep_venv(venv: Path, log) -> Path:
    exe = venv / "bin" / "rdflib-endpoint"
    if exe.exists():
        return exe
    python = shutil.which("python3.11") or sys.executable
    log(f"creating the rdflib-endpoint venv in {venv} (pinned by {RDFEP_REQUIREMENTS.name})")
    t0 = time.perf_counter()
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", str(RDFEP_REQUIREMENTS)], check=True)
    log(f"  installed in {time.perf_counter() - t0:.0f} s")
    return exe


# ============================================================================ orchestration

def measure(args, workdir: Path, target: str, kind: str, texts: list[str], url: str | None,
            store: str | None, caps: dict, log) -> dict:
    spec = {"target": "direct" if target == "direct" else "http", "url": url, "store": store,
            "shape": QUERIES[kind][0], "texts": texts, "concurrency": args.concurrency, **caps}
    spec_path = workdir / f"spec-{target}-{kind}.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    # The worker's own limit: all of its requests at the per-request timeout, plus slack.
    limit = caps["warmup_seconds"] + caps["seconds"] + caps["timeout"] * (2 + len(texts)) + 60
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(spec_path)],
                          env=_env_with_root(), capture_output=True, text=True, timeout=limit)
    if proc.returncode != 0:
        raise SystemExit(f"the load generator failed on {target}/{kind}:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    lat = sorted(result["latencies_ms"])
    result["n"] = len(lat)
    result["p50"] = percentile(lat, 0.5)
    result["p99"] = percentile(lat, 0.99)
    result["rps"] = len(lat) / result["elapsed_s"] if lat and result.get("elapsed_s") else float("nan")
    result["rows"] = sum(result["counts"]) if result["counts"] else None
    del result["latencies_ms"]
    log(f"  {target:9s} {kind:9s} n={result['n']:5d} {result['rps']:9.2f} req/s  p50 {result['p50']:9.2f} ms  "
        f"p99 {result['p99']:9.2f} ms  rows {result['rows']}  stop={result['stopped_by']}"
        + (f"  errors={result['errors'][:2]}" if result["errors"] else ""))
    return result


def fmt_num(x: float, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def summarise(rounds: list[dict]) -> dict:
    """One target and kind over its rounds: medians of req/s, p50 and p99."""
    done = [r for r in rounds if r["n"]]
    out = {"rounds": len(rounds), "n": sum(r["n"] for r in rounds),
           "rows": rounds[0]["rows"], "counts": rounds[0]["counts"],
           "stopped_by": sorted({str(r["stopped_by"]) for r in rounds}),
           "errors": [e for r in rounds for e in r["errors"]],
           "timeout_s": max((r.get("timeout_s", 0) for r in rounds), default=0)}
    if done:
        rps = [r["rps"] for r in done]
        out.update(rps=statistics.median(rps), rps_min=min(rps), rps_max=max(rps),
                   p50=statistics.median(r["p50"] for r in done), p99=statistics.median(r["p99"] for r in done))
    else:
        out.update(rps=float("nan"), rps_min=float("nan"), rps_max=float("nan"), p50=float("nan"), p99=float("nan"))
    return out


TARGET_LABEL = {"direct": "direct pyoxigraph (in-process)", "peninsula": "Peninsula (HTTP)",
                "rdflib": "rdflib-endpoint (HTTP)"}


def report(args, meta: dict, results: dict, servers: dict, started: dt.datetime, elapsed: float,
           command: str, commit: str) -> str:
    summary = {t: {k: summarise(v) for k, v in kinds.items() if v} for t, kinds in results.items()}
    lines = [f"## Endpoint throughput, {started:%Y-%m-%d %H:%M} ({os.cpu_count()} cores, commit {commit})", "",
             "    " + command, "",
             f"Data: {meta['quads']:,} quads ({meta['article_graphs']:,} article graphs: {meta['rounds']} "
             f"rounds of the {meta['articles_per_round']} built articles with rewritten IRIs, "
             f"{meta['entity_variants']:,} entity variants; N-Quads {meta['nq_bytes'] / 1e6:.0f} MB); "
             f"Oxigraph bulk load + optimize {meta['oxigraph_load_s']} s"
             + (" (data cached from an earlier run)" if meta.get("reused") else "") + ".",
             "",
             f"Method: one client connection (concurrency {args.concurrency}), closed loop, on 127.0.0.1. "
             f"{args.rounds} interleaved rounds (each round runs every kind on every target, in turn, "
             f"while the servers stay up); rdflib-endpoint takes part in the first {args.rdflib_rounds}. "
             f"Per kind and round: a warm-up pass (every query text once, answers counted), then up to "
             f"{args.requests:,} requests or {args.seconds:g} s (rdflib-endpoint: {args.rdflib_requests:,} or "
             f"{args.rdflib_seconds:g} s, and {args.rdflib_timeout:g} s per request at most). "
             "req/s, p50 and p99 are medians over the rounds, req/s with its range; latency in ms; "
             "rows = answers in the warm-up pass, summed over the query texts.", ""]
    for kind in KINDS:
        if not any(kind in s_ for s_ in summary.values()):
            continue
        n_texts = len(query_texts(kind, meta["rotation"]))
        lines += [f"### {kind}" + (f" ({n_texts} query texts in rotation)" if n_texts > 1 else ""), "",
                  "| target | rounds | requests | req/s (range) | p50 ms | p99 ms | rows | stopped by |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for target in summary:
            r = summary[target].get(kind)
            if r is None:
                continue
            rows = r["rows"] if r["rows"] is not None else "-"
            stop = ", ".join(r["stopped_by"]) + (f"; {len(r['errors'])} errors" if r["errors"] else "")
            if r["n"] == 0 and "timeout" in r["stopped_by"]:
                lines.append(f"| {TARGET_LABEL[target]} | {r['rounds']} | 0 | < {1 / r['timeout_s']:.3f} | "
                             f"> {r['timeout_s'] * 1000:,.0f} | - | {rows} | no answer in {r['timeout_s']:g} s |")
                continue
            spread = (f" ({fmt_num(r['rps_min'])}-{fmt_num(r['rps_max'])})" if r["rounds"] > 1 else "")
            lines.append(f"| {TARGET_LABEL[target]} | {r['rounds']} | {r['n']:,} | {fmt_num(r['rps'])}{spread} | "
                         f"{fmt_num(r['p50'])} | {fmt_num(r['p99'])} | {rows} | {stop} |")
        lines.append("")
    mismatches = []
    for kind in KINDS:
        rows = {t: summary[t][kind]["counts"] for t in summary if kind in summary[t] and summary[t][kind]["counts"]}
        if len({json.dumps(v) for v in rows.values()}) > 1:
            mismatches.append(f"{kind}: " + ", ".join(f"{t} {sum(v)}" for t, v in rows.items()))
    lines.append("Result counts: " + ("the same on every target that answered, query text by query text."
                                      if not mismatches else "DIFFER: " + "; ".join(mismatches)))
    lines.append("")
    lines.append("Goals:")
    pen, rdf, direct = summary.get("peninsula", {}), summary.get("rdflib", {}), summary.get("direct", {})
    for kind in ("join", "aggregate"):
        if kind in pen and kind in rdf:
            # Against Peninsula's rounds that rdflib-endpoint took part in (adjacent in time).
            p, r = summarise(results["peninsula"][kind][:rdf[kind]["rounds"]]), rdf[kind]
            if r["n"] == 0 and "timeout" in r["stopped_by"]:
                bound = p["rps"] * r["timeout_s"]
                lines.append(f"- {kind}: Peninsula / rdflib-endpoint req/s > {bound:,.0f}x (rdflib-endpoint gave no "
                             f"answer in {r['timeout_s']:g} s; Peninsula {fmt_num(p['rps'])} req/s). Goal >= 5x: "
                             f"{'met' if bound >= 5 else 'not shown'}.")
            elif r["n"]:
                ratio = p["rps"] / r["rps"]
                lines.append(f"- {kind}: Peninsula / rdflib-endpoint req/s = {ratio:,.1f}x "
                             f"({fmt_num(p['rps'])} / {fmt_num(r['rps'])}, same round"
                             + (f"s; with Peninsula's median over all rounds {pen[kind]['rps'] / r['rps']:,.1f}x"
                                if pen[kind]["rounds"] > r["rounds"] else "")
                             + f"). Goal >= 5x: {'met' if ratio >= 5 else 'NOT met'}.")
    if "lookup" in results.get("peninsula", {}) and "lookup" in results.get("direct", {}):
        pairs = [(p_["p50"] - d_["p50"], p_["p99"] - d_["p99"]) for p_, d_ in
                 zip(results["peninsula"]["lookup"], results["direct"]["lookup"]) if p_["n"] and d_["n"]]
        if pairs:
            d50 = statistics.median(x for x, _ in pairs)
            lines.append(f"- lookup: Peninsula p50 - direct p50 = {d50:.2f} ms (median over rounds; per round "
                         + ", ".join(f"{x:.2f}" for x, _ in pairs) + f"). Goal <= 2 ms: {'met' if d50 <= 2 else 'NOT met'}. "
                         f"p99 difference {statistics.median(y for _, y in pairs):.2f} ms.")
    ratios = [f"{k} {pen[k]['rps'] / direct[k]['rps']:.2f}" for k in KINDS
              if k in pen and k in direct and pen[k]["n"] and direct[k]["n"]]
    if ratios:
        lines.append("- Peninsula / direct req/s: " + ", ".join(ratios) + ".")
    ratios = [f"{k} {summarise(results['peninsula'][k][:rdf[k]['rounds']])['rps'] / rdf[k]['rps']:.1f}x"
              for k in KINDS if k in pen and k in rdf and pen[k]["n"] and rdf[k]["n"]]
    if ratios:
        lines.append("- Peninsula / rdflib-endpoint req/s (same rounds): " + ", ".join(ratios) + ".")
    lines.append("")
    lines.append("Servers and client:")
    for name, s_ in servers.items():
        lines.append(f"- {name}: peak RSS {s_['peak_rss_mb']:,.0f} MB, summed over its processes (up to "
                     f"{s_['peak_processes']}; sampled every 0.5 s for the whole run); ready in "
                     + ", ".join(f"{x:.1f} s" for x in s_["ready_s"])
                     + (f" ({s_['starts']} starts: killed after a timeout)" if s_["starts"] > 1 else ""))
    for target in results:
        cpu = sum(r.get("client_cpu_s", 0) for rounds in results[target].values() for r in rounds)
        n = sum(r["n"] + len(r["warmup_ms"]) for rounds in results[target].values() for r in rounds)
        rss = max((r.get("client_maxrss_mb", 0) for rounds in results[target].values() for r in rounds), default=0)
        lines.append(f"- load generator, {target}: {cpu:.1f} s CPU for {n:,} requests"
                     + (f" (engine included); peak RSS {rss:,.0f} MB" if target == "direct"
                        else f" ({1000 * cpu / max(n, 1):.2f} ms per request)"))
    lines.append(f"- whole run: {elapsed / 60:.1f} min")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="quads to generate (default %(default)s)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data-dir", type=Path, help="cache the generated data here and reuse it (default: a temporary folder)")
    ap.add_argument("--targets", default="direct,peninsula,rdflib", help="comma-separated: direct,peninsula,rdflib")
    ap.add_argument("--kinds", default=",".join(RUN_ORDER), help="comma-separated query kinds, run in this order")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default %(default)s)")
    ap.add_argument("--concurrency", type=int, default=1, help="client threads (connections) per measurement")
    ap.add_argument("--requests", type=int, default=50000, help="timed requests per kind and round, at most")
    ap.add_argument("--seconds", type=float, default=5, help="time per kind and round, at most (checked before each request)")
    ap.add_argument("--warmup", type=int, default=20, help="warm-up requests per kind, at least one per query text")
    ap.add_argument("--rdflib-rounds", type=int, default=1, help="rounds rdflib-endpoint takes part in")
    ap.add_argument("--rdflib-requests", type=int, default=2000)
    ap.add_argument("--rdflib-seconds", type=float, default=20)
    ap.add_argument("--rdflib-timeout", type=float, default=120, help="seconds a single rdflib-endpoint request may take")
    ap.add_argument("--query-timeout", type=float, default=120, help="PENINSULA_QUERY_TIMEOUT for the server")
    ap.add_argument("--rdflib-venv", type=Path, default=DEFAULT_RDFEP_VENV)
    ap.add_argument("--append", type=Path, help="append the report to this markdown file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (data, server logs, results.json)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker_main(args.worker)

    started = dt.datetime.now()
    t_start = time.perf_counter()
    python = sys.executable
    if python.startswith(str(ROOT.parent)):
        python = os.path.relpath(python, ROOT)
    command = " ".join(shlex.quote(a) for a in [python, os.path.relpath(Path(__file__).resolve(), ROOT),
                                                 *(argv if argv is not None else sys.argv[1:])])
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t_start:7.1f}s] {msg}", flush=True)

    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    for k in kinds:
        if k not in QUERIES:
            ap.error(f"unknown query kind {k!r}; use {', '.join(QUERIES)}")
    for t in targets:
        if t not in TARGET_LABEL:
            ap.error(f"unknown target {t!r}; use {', '.join(TARGET_LABEL)}")
    log(f"{started:%Y-%m-%d %H:%M:%S}  {command}")
    workdir = Path(tempfile.mkdtemp(prefix="peninsula-endpoint-bench-"))
    if args.data_dir is None:
        args.data_dir = workdir / "data"

    def on_term(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_term)
    results: dict[str, dict[str, list]] = {t: {k: [] for k in kinds} for t in targets}
    servers: dict[str, dict] = {}
    status = 0
    try:
        meta = prepare_data(args, log)
        store_dir = str(Path(args.data_dir) / "store")
        nq = str(Path(args.data_dir) / "data.nq")
        fast = {"requests": args.requests, "seconds": args.seconds, "warmup": args.warmup,
                "warmup_seconds": 5, "timeout": args.query_timeout + 30}
        slow = {"requests": args.rdflib_requests, "seconds": args.rdflib_seconds, "warmup": 2,
                "warmup_seconds": 5, "timeout": args.rdflib_timeout}
        live: dict[str, Server] = {}
        urls: dict[str, str] = {}

        def note(name: str, server: Server) -> None:
            info = servers.setdefault(name, {"peak_rss_mb": 0.0, "peak_processes": 0, "ready_s": [], "starts": 0})
            info["peak_rss_mb"] = max(info["peak_rss_mb"], server.peak_rss_kb / 1024)
            info["peak_processes"] = max(info["peak_processes"], server.peak_processes)

        def start_rdflib() -> None:
            exe = ensure_rdfep_venv(args.rdflib_venv, log)
            port = free_port()
            # `rdflib-endpoint serve` answers SPARQL at / (the library's default path) and loads
            # the file into an in-memory Dataset(default_union=True).
            server = Server("rdflib-endpoint", [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), nq],
                            dict(os.environ), workdir / "rdflib-endpoint.log", port, "/?query=ASK%7B%7D", SELECT_JSON)
            log(f"starting rdflib-endpoint on port {port} (it parses {meta['quads']:,} quads)")
            ready = server.start(900)
            info = servers.setdefault("rdflib-endpoint", {"peak_rss_mb": 0.0, "peak_processes": 0, "ready_s": [], "starts": 0})
            info["ready_s"].append(ready)
            info["starts"] += 1
            log(f"  rdflib-endpoint ready in {ready:.1f} s")
            live["rdflib"], urls["rdflib"] = server, f"http://127.0.0.1:{port}/"

        def stop(target: str, kill: bool) -> None:
            server = live.pop(target)
            server.stop(kill=kill)
            note(server.name, server)

        # rdflib-endpoint first: its load takes long, and the servers stay up (idle) while the
        # others are measured, so that the rounds can interleave the targets.
        if "rdflib" in targets:
            start_rdflib()
        if "peninsula" in targets:
            port = free_port()
            env = _env_with_root()
            env["PENINSULA_QUERY_TIMEOUT"] = str(args.query_timeout)
            server = Server("peninsula", [sys.executable, "-m", "builder.cli", "serve", "--store", store_dir,
                                          "--port", str(port), "--workers", "2"], env,
                            workdir / "peninsula.log", port, "/health", "application/json")
            ready = server.start(60)
            servers["peninsula"] = {"peak_rss_mb": 0.0, "peak_processes": 0, "ready_s": [ready], "starts": 1}
            live["peninsula"], urls["peninsula"] = server, f"http://127.0.0.1:{port}/sparql"
            log(f"`peninsula serve --workers 2` on port {port}, ready in {ready:.1f} s")
        rdflib_gave_up: set[str] = set()
        for rnd in range(args.rounds):
            log(f"round {rnd + 1} of {args.rounds}")
            for kind in kinds:
                for target in targets:
                    if target == "rdflib":
                        if rnd >= args.rdflib_rounds or kind in rdflib_gave_up:
                            continue
                        if "rdflib" not in live:
                            start_rdflib()
                    r = measure(args, workdir, target, kind, query_texts(kind, meta["rotation"]),
                                urls.get(target), store_dir if target == "direct" else None,
                                slow if target == "rdflib" else fast, log)
                    results[target][kind].append(r)
                    if target == "rdflib" and r["stopped_by"] in ("timeout", "error", "errors"):
                        # rdflib-endpoint evaluates on its event loop and cannot drop a query: it
                        # answers nothing else until done, and ignores SIGTERM meanwhile.
                        rdflib_gave_up.add(kind)
                        stop("rdflib", kill=True)
            if "rdflib" in live and rnd + 1 >= args.rdflib_rounds:
                stop("rdflib", kill=True)  # in memory, nothing to save; frees ~2 GB
        for target in list(live):
            stop(target, kill=False)
        results = {t: {k: v for k, v in kinds_.items() if v} for t, kinds_ in results.items()}
        text = report(args, meta, results, servers, started, time.perf_counter() - t_start, command, commit)
        print()
        print(text)
        if args.append:
            with open(args.append, "a", encoding="utf-8") as f:
                f.write("\n" + text)
            log(f"appended the report to {args.append}")
        (workdir / "results.json").write_text(json.dumps({"meta": meta, "results": results, "servers": servers},
                                                         indent=1), encoding="utf-8")
    except KeyboardInterrupt:
        log("interrupted; stopping the servers")
        status = 130
    finally:
        stop_all()
        if args.keep or status:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
