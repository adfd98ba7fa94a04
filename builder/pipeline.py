"""The only orchestrator: files -> articles -> facts -> graphs -> validated -> stored.

The per-article work (`process_article`) is a pure function of the article: text and
metadata in, one named graph (N-Triples), a validation report and small entity records out.
It runs in this process or in a pool of worker processes (`jobs`). The cross-article passes
(entity identity, Wikidata links, the entities graph) run afterwards over those small
records, which the store keeps in its state file so unchanged articles are never re-read.
"""
from __future__ import annotations

import hashlib
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, PeninsulaError
from .ingest import apply_manifest, collect_files, read_articles, read_manifest, ManifestRow
from .iri import DEFAULT_BASE, ONTOLOGY_GRAPH, IRIMinter
from .kb import load_kb
from .model import Article, EntityRecord

STATE_SAVE_SECONDS = 5.0
PIPELINE_VERSION = "1"  # bump when extraction changes, so a rebuild re-reads every article


@dataclass
class ArticleResult:
    article_id: str
    source: str
    fingerprint: str
    status: str  # built | invalid | failed
    message: str = ""
    graph_nt: str = ""
    entities: dict = field(default_factory=dict)
    holdings: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    violations: list = field(default_factory=list)
    warnings: int = 0


@dataclass
class BuildSummary:
    built: int = 0
    skipped: int = 0
    removed: int = 0
    failed: list = field(default_factory=list)  # (source, message)
    triples: int = 0
    entities: int = 0
    events: int = 0
    positions: int = 0
    statements: int = 0
    violations: int = 0
    warnings: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def fingerprint(article: Article) -> str:
    """What decides whether an article must be rebuilt: its content, metadata and our version."""
    parts = [PIPELINE_VERSION, article.sha256, article.title or "", article.author or "",
             article.outlet or "", article.published or "", article.article_id]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _records_to_json(entities: dict[str, EntityRecord]) -> dict:
    out = {}
    for k, r in entities.items():
        d = asdict(r)
        d["names"] = sorted(r.names)
        out[k] = d
    return out


def _records_from_json(data: dict) -> dict[str, EntityRecord]:
    return {k: EntityRecord(**{**v, "names": set(v["names"])}) for k, v in data.items()}


def process_article(article: Article, base: str = DEFAULT_BASE) -> ArticleResult:
    """The per-article pure function: article in, graph and report out. Never raises."""
    from .emit import Emitter
    from .extract import extract_article
    from .link import preferred_labels
    from .nlp import paragraphs, parse_paragraphs
    from .resolve import merge_entities
    from .validate import check_evidence, validate_graph

    fp = fingerprint(article)
    try:
        kb = load_kb()
        paras = paragraphs(article.body)
        facts = extract_article(article, kb, paras, parse_paragraphs(paras))
        kinds = {k: r.kind for k, r in facts.entities.items()}
        emitter = Emitter(IRIMinter(base), kinds)
        graph = emitter.article_graph(facts)
        holdings = [(r.subject, r.object) for r in facts.relations if r.predicate == "holdsPost"]
        local = merge_entities([facts.entities], holdings, preferred_labels(
            {k: r.names for k, r in facts.entities.items()}, kinds))
        data = graph + emitter.entity_graph(local)
        report = validate_graph(data, native_evidence_check=True)
        problems = check_evidence(graph, article.body)
        violations = [str(v) for v in report.violations + problems]
        counts = {"events": len(facts.events), "positions": len(facts.positions),
                  "statements": len(facts.statements), "triples": len(graph)}
        result = ArticleResult(article.article_id, article.source, fp, "built" if not violations else "invalid",
                               graph_nt=graph.serialize(format="nt") if not violations else "",
                               entities=_records_to_json(facts.entities), holdings=holdings, counts=counts,
                               violations=violations, warnings=len(report.warnings))
        if violations:
            result.message = (f"{len(violations)} SHACL violation(s), not stored; first: {violations[0]}. "
                              "This is a bug in the extractor: please report it with the article.")
        return result
    except Exception as exc:  # one article's bug must not stop the batch
        return ArticleResult(article.article_id, article.source, fp, "failed",
                             message=f"[E900] internal error while extracting ({type(exc).__name__}: {exc}); "
                                     "the article was skipped. Please report it with the article.")


def _worker_init() -> None:
    from .nlp import configure_threads, load_pipeline

    configure_threads()
    load_pipeline()


def read_inputs(paths: list[Path], manifest: Path | None, summary: BuildSummary) -> list[Article]:
    """Every article under the paths, with manifest metadata; unreadable files reported."""
    kb = load_kb()
    files, manifests = collect_files(paths)
    rows: dict[Path, ManifestRow] = {}
    manifest_files = ([manifest] if manifest else []) + manifests
    for mf in manifest_files:
        try:
            table = read_manifest(mf)
        except PeninsulaError as exc:
            summary.failed.append((str(mf), str(exc)))
            continue
        for name, row in table.items():
            target = (mf.parent / name) if mf in manifests else None
            candidates = [f for f in files if f.name == name and (target is None or f.resolve() == target.resolve())]
            if not candidates:
                if target is not None and not target.exists():
                    summary.failed.append((str(mf), f"[E111] the manifest lists {name!r}, but there is no such file "
                                                     f"beside it. Remove the row or add the file."))
                continue
            for f in candidates:
                rows.setdefault(f, row)
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for f in files:
        if not f.exists():
            summary.failed.append((str(f), "[E106] no such file. Check the path."))
            continue
        try:
            for art in read_articles(f, kb):
                apply_manifest(art, rows.get(f))
                if art.article_id in seen:
                    raise InputError(f"another file ({seen[art.article_id]}) has the same article id "
                                     f"{art.article_id!r}", source=str(f), hint="Rename one of the files.")
                seen[art.article_id] = str(f)
                articles.append(art)
        except PeninsulaError as exc:
            summary.failed.append((str(f), str(exc)))
        except OSError as exc:
            summary.failed.append((str(f), f"[E107] cannot read the file ({exc.strerror}). Check its permissions."))
    return articles


def build(paths: list[Path], store_dir: Path, *, manifest: Path | None = None, prune: bool = False,
          jobs: int = 1, base: str = DEFAULT_BASE, export_to: Path | None = None,
          progress: Callable[[Iterable, int], Iterable] | None = None) -> BuildSummary:
    """Build (or update) the store from articles; see the module docstring."""
    from . import store as st

    t0 = time.perf_counter()
    summary = BuildSummary()
    articles = read_inputs(paths, manifest, summary)
    store = st.open_store(store_dir)
    state = st.load_state(store_dir)
    known = state.setdefault("articles", {})
    minter = IRIMinter(base)

    todo = [a for a in articles if known.get(a.article_id, {}).get("fingerprint") != fingerprint(a)]
    summary.skipped = len(articles) - len(todo)
    results: Iterable[ArticleResult]
    if jobs > 1 and len(todo) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
        results = pool.map(process_article, todo, [base] * len(todo), chunksize=4)
    else:
        pool = None
        results = (process_article(a, base) for a in todo)
    if progress is not None:
        results = progress(results, len(todo))
    last_save = time.monotonic()
    try:
        for res in results:
            if res.status != "built":
                summary.failed.append((res.source, res.message))
                summary.violations += len(res.violations)
                continue
            st.replace_graph_nt(store, str(minter.article_graph(res.article_id)), res.graph_nt)
            known[res.article_id] = {"fingerprint": res.fingerprint, "source": res.source,
                                     "entities": res.entities, "holdings": res.holdings, "counts": res.counts}
            summary.built += 1
            summary.warnings += res.warnings
            if time.monotonic() - last_save > STATE_SAVE_SECONDS:
                # The state is written after the graphs it describes, every few seconds: rewriting it
                # per article is quadratic. After a crash, articles stored since are simply rebuilt.
                st.save_state(store_dir, state)
                last_save = time.monotonic()
    finally:
        if pool is not None:
            pool.shutdown()
    if prune:
        present = {a.article_id for a in articles}
        failed_sources = {s for s, _ in summary.failed}
        for aid in sorted(set(known) - present):
            if known[aid].get("source") in failed_sources:
                continue  # still there, only unreadable now: keep what we had
            st.drop_graph(store, str(minter.article_graph(aid)))
            del known[aid]
            summary.removed += 1
    write_shared_graphs(store, state, minter)
    st.save_state(store_dir, state)
    store.flush()
    for entry in known.values():
        c = entry.get("counts", {})
        summary.events += c.get("events", 0)
        summary.positions += c.get("positions", 0)
        summary.statements += c.get("statements", 0)
    summary.entities = len(state.get("entity_keys", []))
    summary.triples = len(store)
    if export_to is not None:
        st.export(store, export_to)
    del store
    summary.seconds = time.perf_counter() - t0
    return summary


def write_shared_graphs(store, state: dict, minter: IRIMinter) -> None:
    """The entities graph (from every article's records) and the ontology graph."""
    import ontology
    from . import store as st
    from .emit import Emitter
    from .link import link_offline, preferred_labels
    from .resolve import merge_entities

    known = state["articles"]
    per_article = [_records_from_json(v["entities"]) for v in known.values()]
    holdings = [tuple(h) for v in known.values() for h in v.get("holdings", [])]
    names: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for recs in per_article:
        for k, r in recs.items():
            names.setdefault(k, set()).update(r.names)
            kinds[k] = r.kind
    descriptions = merge_entities(per_article, holdings, preferred_labels(names, kinds))
    link_offline(descriptions, holdings)
    emitter = Emitter(minter, {k: d.kind for k, d in descriptions.items()})
    st.replace_graph(store, str(minter.entities_graph()), emitter.entity_graph(descriptions))
    onto_hash = hashlib.sha256(ontology.ONTOLOGY_TTL.read_bytes()).hexdigest()
    if state.get("ontology_sha256") != onto_hash:  # rewritten only when it changed: rebuilds stay identical
        st.replace_graph(store, str(ONTOLOGY_GRAPH), ontology.load_ontology())
        state["ontology_sha256"] = onto_hash
    state["entity_keys"] = sorted(descriptions)
    state["links"] = {k: d.wikidata for k, d in descriptions.items() if d.wikidata}
