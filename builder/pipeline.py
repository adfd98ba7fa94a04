"""The only orchestrator: files -> articles -> facts -> graphs -> validated -> stored.

The per-article work (`process_batch`, a few articles at a time) is a pure function of the
articles: text and metadata in, for each one named graph (N-Triples), a validation report and
small entity records out. It runs in this process or in a pool of worker processes (`jobs`). The cross-article passes
(entity identity, Wikidata links, the entities graph) run afterwards over those small
records, which the store keeps in its state file so unchanged articles are never re-read.
"""
from __future__ import annotations

import hashlib
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, PeninsulaError
from .ingest import apply_manifest, collect_files, read_articles, read_manifest, ManifestRow
from .iri import DEFAULT_BASE, ONTOLOGY_GRAPH, IRIMinter
from .kb import load_kb
from .model import Article, EntityRecord

STATE_SAVE_SECONDS = 5.0
BATCH_SIZE = 50  # articles validated in one pySHACL call (about 13 ms each instead of 100 ms alone)
PIPELINE_VERSION = "4"  # bump when extraction changes, so a rebuild re-reads every article


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
    notices: list = field(default_factory=list)  # facts a reader left out, and why (W910)


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
    notices: list = field(default_factory=list)  # (source, message): facts a reader left out
    seconds: float = 0.0
    link: object = None  # builder.link.LinkReport: what linking did, and its notices

    @property
    def ok(self) -> bool:
        return not self.failed


def fingerprint(article: Article) -> str:
    """What decides whether an article must be rebuilt: its content, metadata and our version."""
    parts = [PIPELINE_VERSION, article.sha256, article.title or "", article.author or "",
             article.outlet or "", article.published or "", article.article_id, "|".join(article.authors)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _records_to_json(entities: dict[str, EntityRecord]) -> dict:
    # vars() rather than dataclasses.asdict, which deep-copies every field: 10x faster here.
    return {k: {**vars(r), "names": sorted(r.names)} for k, r in entities.items()}


def _records_from_json(data: dict) -> dict[str, EntityRecord]:
    return {k: EntityRecord(**{**v, "names": set(v["names"])}) for k, v in data.items()}


@dataclass
class _Emitted:
    """One article between emission and validation."""
    result: ArticleResult
    graph: object  # emit.Triples: the article's named graph
    body: str
    records: dict  # entity key -> EntityRecord
    emitter: object  # the article's Emitter

    def data(self):
        """The article graph with the descriptions of the entities it references, as the
        article alone would describe them: what one article is validated against."""
        merged = merge_records([self.records], [tuple(h) for h in self.result.holdings])
        data = self.emitter.entity_graph(merged)
        for triple in self.graph:
            data.add(triple)
        return data

    def subjects(self) -> set:
        return self.graph.subjects() | {self.emitter.entity(k) for k in self.records}


def _parse(articles: list[Article]) -> list:
    """Docs for the articles (the components' pipeline), or None each where parsing failed."""
    from .nlp import parse_articles

    try:
        return list(parse_articles(articles))
    except Exception:  # parsed one by one in _extract_and_emit, where a failure is charged to its article
        return [None] * len(articles)


def _extract_and_emit(article: Article, base: str, doc=None) -> _Emitted | ArticleResult:
    """Text to the article's graph; a failed result instead of raising."""
    from .emit import Emitter

    fp = fingerprint(article)
    try:
        from .extract import extract_article
        from .nlp import parse_article

        facts = extract_article(article, doc if doc is not None else parse_article(article))
        emitter = Emitter(IRIMinter(base), {k: r.kind for k, r in facts.entities.items()})
        graph = emitter.article_graph(facts)
        holdings = [(r.subject, r.object) for r in facts.relations if r.predicate == "holdsPost"]
        counts = {"events": len(facts.events), "positions": len(facts.positions),
                  "statements": len(facts.statements), "triples": len(graph)}
        result = ArticleResult(article.article_id, article.source, fp, "built",
                               entities=_records_to_json(facts.entities), holdings=holdings, counts=counts,
                               notices=list(facts.warnings))
        return _Emitted(result, graph, article.body, facts.entities, emitter)
    except Exception as exc:  # one article's bug must not stop the batch
        return _internal_error(article, fp, "extracting", exc)


def _internal_error(article: Article, fp: str, stage: str, exc: Exception) -> ArticleResult:
    return ArticleResult(article.article_id, article.source, fp, "failed",
                         message=f"[E900] internal error while {stage} ({type(exc).__name__}: {exc}); "
                                 "the article was skipped. Please report it with the article.")


def _finish(item: _Emitted, violations: list, warnings: int) -> ArticleResult:
    from .validate import check_evidence

    result = item.result
    violations = [str(v) for v in violations + check_evidence(item.graph, item.body)]
    result.violations, result.warnings = violations, warnings
    if violations:
        result.status = "invalid"
        result.message = (f"{len(violations)} SHACL violation(s), not stored; first: {violations[0]}. "
                          "This is a bug in the extractor: please report it with the article.")
    else:
        result.graph_nt = item.graph.ntriples()
    return result


def process_batch(articles: list[Article], base: str = DEFAULT_BASE) -> list[ArticleResult]:
    """The per-article pure function, over a few articles at a time: one result per article,
    in order. Never raises.

    The articles' graphs are validated together, in one pySHACL call (its fixed cost is most
    of the cost of validating one article). When that finds a violation, each article is
    validated again alone, so a violation is charged to the article that caused it and the
    others are stored. Warnings are counted per article: those on nodes its graph describes."""
    from .validate import validate_graph

    docs = _parse(articles)
    items = [_extract_and_emit(a, base, d) for a, d in zip(articles, docs)]
    emitted = [it for it in items if isinstance(it, _Emitted)]
    report = None
    if len(emitted) > 1:
        union = _batch_entities(emitted, base)  # merged across the batch, as the entities graph will be
        for it in emitted:
            for triple in it.graph:
                union.add(triple)
        try:
            report = validate_graph(union, native_evidence_check=True, in_place=True)
        except Exception:  # validated one by one below, where a failure is charged to its article
            report = None
    # The node each batch warning is about, read once for all the articles of the batch.
    warned = [_focus(w) for w in report.warnings] if report is not None and report.conforms else []
    out = []
    for article, it in zip(articles, items):
        if not isinstance(it, _Emitted):
            out.append(it)
            continue
        try:
            if report is not None and report.conforms:
                subjects = it.subjects()
                warnings = sum(1 for node in warned if node in subjects)
                out.append(_finish(it, [], warnings))
            else:
                alone = validate_graph(it.data(), native_evidence_check=True, in_place=True)
                out.append(_finish(it, alone.violations, len(alone.warnings)))
        except Exception as exc:
            out.append(_internal_error(article, it.result.fingerprint, "validating", exc))
    return out


def _batch_entities(emitted: list[_Emitted], base: str):
    """The descriptions of every entity the batch references, merged the way the entities
    graph merges them (one preferred label per entity across articles)."""
    from .emit import Emitter

    merged = merge_records([it.records for it in emitted], [tuple(h) for it in emitted for h in it.result.holdings])
    return Emitter(IRIMinter(base), {k: d.kind for k, d in merged.items()}).entity_graph(merged)


def merge_records(per_article: list[dict[str, EntityRecord]], holdings: list[tuple[str, str]]) -> dict:
    """Entity records from several articles -> one description per real entity."""
    from .link import preferred_labels
    from .resolve import merge_entities

    names: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for recs in per_article:
        for k, r in recs.items():
            names.setdefault(k, set()).update(r.names)
            kinds[k] = r.kind
    return merge_entities(per_article, holdings, preferred_labels(names, kinds))


def _focus(violation):
    from rdflib import BNode, URIRef

    return BNode(violation.focus[2:]) if violation.focus.startswith("_:") else URIRef(violation.focus)


def process_article(article: Article, base: str = DEFAULT_BASE) -> ArticleResult:
    """One article: text and metadata in, its graph, validation report and entity records out."""
    return process_batch([article], base)[0]


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
          progress: Callable[[Iterable, int], Iterable] | None = None, link=None) -> BuildSummary:
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
    # Batches of at most BATCH_SIZE, as many as a multiple of the workers, of equal size: no worker idles.
    count = jobs * -(-len(todo) // (jobs * BATCH_SIZE))
    size = max(1, -(-len(todo) // max(count, 1)))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    batch_results: Iterable[list[ArticleResult]]
    if jobs > 1 and len(batches) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
        batch_results = pool.map(process_batch, batches, [base] * len(batches))
    else:
        pool = None
        batch_results = (process_batch(b, base) for b in batches)
    results: Iterable[ArticleResult] = (r for batch in batch_results for r in batch)
    if progress is not None:
        results = progress(results, len(todo))
    last_save = time.monotonic()
    pending: list[ArticleResult] = []

    def store_pending() -> None:
        """The graphs of the articles built since the last call, in one bulk load; then their
        entries in the state, which is written after the graphs it describes."""
        st.add_graphs_nt(store, [(str(minter.article_graph(r.article_id)), r.graph_nt) for r in pending])
        for r in pending:
            known[r.article_id] = {"fingerprint": r.fingerprint, "source": r.source,
                                   "entities": r.entities, "holdings": r.holdings, "counts": r.counts}
            summary.built += 1
            summary.warnings += r.warnings
            summary.notices += [(r.source, n) for n in r.notices]
        pending.clear()

    try:
        for res in results:
            if res.status != "built":
                summary.failed.append((res.source, res.message))
                summary.violations += len(res.violations)
                continue
            pending.append(res)
            if len(pending) >= BATCH_SIZE:
                store_pending()
            if time.monotonic() - last_save > STATE_SAVE_SECONDS:
                # The state is written every few seconds: rewriting it per article is quadratic.
                # After a crash, articles stored since are simply rebuilt.
                store_pending()
                st.save_state(store_dir, state)
                last_save = time.monotonic()
        store_pending()
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
    summary.link = write_shared_graphs(store, state, minter, store_dir, link)
    st.save_state(store_dir, state)
    st.publish_snapshot(store, store_dir)  # flushes; servers switch to it on their next request
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


def write_shared_graphs(store, state: dict, minter: IRIMinter, store_dir: Path | None = None, link=None):
    """The entities graph (from every article's records) and the ontology graph; returns the
    linker's report (`link`: a `builder.link.LinkOptions`, default offline)."""
    import ontology
    from rdflib import SKOS, URIRef

    from . import store as st
    from .emit import Emitter
    from .link import link_entities

    known = state["articles"]
    holdings = [tuple(h) for v in known.values() for h in v.get("holdings", [])]
    descriptions = merge_records([_records_from_json(v["entities"]) for v in known.values()], holdings)
    report = link_entities(descriptions, holdings, minter.entity, store_dir or Path("."), link)
    emitter = Emitter(minter, {k: d.kind for k, d in descriptions.items()})
    graph = emitter.entity_graph(descriptions)
    for key, iri in report.external.items():  # links outside Wikidata (owl:sameAs is kept for Wikidata items)
        graph.add((emitter.entity(key), SKOS.exactMatch, URIRef(iri)))
    st.replace_graph(store, str(minter.entities_graph()), graph)
    onto_hash = hashlib.sha256(ontology.ONTOLOGY_TTL.read_bytes()).hexdigest()
    if state.get("ontology_sha256") != onto_hash:  # rewritten only when it changed: rebuilds stay identical
        st.replace_graph(store, str(ONTOLOGY_GRAPH), ontology.load_ontology())
        state["ontology_sha256"] = onto_hash
    state["entity_keys"] = sorted(descriptions)
    state["links"] = {**{k: d.wikidata for k, d in descriptions.items() if d.wikidata}, **report.external}
    return report
