"""The graph as a reconciliation service (W3C Reconciliation Service API 0.2) at /reconcile.

OpenRefine and other clients match their names against the graph's own entities:

- ``GET /reconcile`` (no ``queries``): the service manifest. Identifiers are the entities'
  IRIs relative to the data base IRI (``person/michael-pompeo`` for
  ``https://w3id.org/peninsula/id/person/michael-pompeo``); types are the ontology's classes.
- ``GET`` or ``POST /reconcile`` with ``queries={"q0": {"query": "Pompeo", "type": ...,
  "limit": 3}}``: for each query, candidates from the labels (``rdfs:label``) and other
  names (``skos:altLabel``) of the entities of that type (the types are materialised with
  their superclasses, so ``dip:Organization`` finds ministries too). Score: 100 for the
  label, 95 for another name, less for shared words; ``match`` is true only for the one
  candidate that matches a name exactly.
- ``GET /reconcile/suggest/entity?prefix=Pom`` and ``/reconcile/suggest/type?prefix=Min``:
  auto-completion.

A ``callback`` parameter wraps any answer as JSONP. Everything is read in this process from
the store's current snapshot, indexed once per snapshot.
"""
from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, request
from pyoxigraph import NamedNode

from server.store import get_store, store_generation

bp = Blueprint("reconcile", __name__, url_prefix="/reconcile")

DIP = "https://w3id.org/peninsula/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/peninsula/ontology"
DEFAULT_BASE = "https://w3id.org/peninsula/id/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_SUBCLASS = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
SKOS_ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
DIP_COUNTRY = NamedNode(DIP + "country")
DIP_HOLDS_POST = NamedNode(DIP + "holdsPost")
# The types offered first to a client, most used first (all dip: classes are accepted).
DEFAULT_TYPES = ("Person", "Envoy", "Country", "Ministry", "GovernmentBody", "Organization",
                 "InternationalOrganization", "MediaOutlet", "ResearchInstitute", "Place", "Post",
                 "Meeting", "Summit", "Event")
EXACT, ALTERNATIVE = 100.0, 95.0
DEFAULT_LIMIT, MAX_LIMIT = 10, 100
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")


class BadQuery(ValueError):
    pass


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2013", "-")
    return " ".join(re.sub(r"[-_.,;:()\"]", " ", text).lower().split())


@dataclass
class Entity:
    iri: str
    label: str
    names: list[str]  # other names (skos:altLabel)
    types: list[str]  # dip: class IRIs, most specific first
    description: str
    norm_label: str = ""
    norm_names: set = field(default_factory=set)
    tokens: set = field(default_factory=set)


@dataclass
class Index:
    base: str
    entities: list[Entity]
    classes: dict[str, str]  # dip: class IRI -> label


_cache: dict[str, tuple[str, Index]] = {}
_lock = threading.Lock()


def _literal_text(term) -> str | None:
    return getattr(term, "value", None) if type(term).__name__ == "Literal" else None


def _english_first(literals) -> str | None:
    best = None
    for lit in literals:
        lang = getattr(lit, "language", None)
        if lang in (None, "en"):
            return lit.value
        best = best or lit.value
    return best


def build_index(store, base: str | None) -> Index:
    onto = NamedNode(ONTOLOGY_GRAPH)
    classes: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, RDFS_LABEL, None, onto):
        if q.subject.value.startswith(DIP) and q.subject.value[len(DIP):][:1].isupper():
            classes.setdefault(q.subject.value, q.object.value)
    for q in store.quads_for_pattern(None, RDFS_SUBCLASS, None, onto):
        parents.setdefault(q.subject.value, set()).add(getattr(q.object, "value", ""))

    def ancestors(c: str, seen=None) -> set[str]:
        seen = set() if seen is None else seen
        for p in parents.get(c, ()):
            if p not in seen:
                seen.add(p)
                ancestors(p, seen)
        return seen

    if base is None:  # the graph of entity descriptions is <base>graph/entities
        base = next((g.value[: -len("graph/entities")] for g in store.named_graphs()
                     if getattr(g, "value", "").endswith("/graph/entities")), DEFAULT_BASE)
    subjects: dict[str, list] = {}
    for q in store.quads_for_pattern(None, RDFS_LABEL, None, None):
        if q.graph_name == onto or type(q.subject).__name__ != "NamedNode":
            continue
        subjects.setdefault(q.subject.value, []).append(q.object)
    entities = []
    for iri, labels in subjects.items():
        node = NamedNode(iri)
        label = _english_first(labels)
        if not label:
            continue
        names = sorted({t for q in store.quads_for_pattern(node, SKOS_ALT, None, None)
                        if (t := _literal_text(q.object)) and t != label})
        types = {q.object.value for q in store.quads_for_pattern(node, RDF_TYPE, None, None)
                 if getattr(q.object, "value", "").startswith(DIP)}
        ordered = sorted(types, key=lambda t: (-len(ancestors(t) & types), t))
        description = classes.get(ordered[0], ordered[0][len(DIP):]) if ordered else ""
        extra = []
        for q in store.quads_for_pattern(node, DIP_COUNTRY, None, None):
            extra.append(_label_of(store, q.object))
        for q in store.quads_for_pattern(node, DIP_HOLDS_POST, None, None):
            extra.append(_label_of(store, q.object))
        extra = sorted({e for e in extra if e})
        if extra:
            description += " (" + "; ".join(extra[:3]) + ")"
        e = Entity(iri, label, names, ordered, description)
        e.norm_label = norm(label)
        e.norm_names = {norm(n) for n in names}
        e.tokens = set(e.norm_label.split()).union(*(set(n.split()) for n in e.norm_names))
        entities.append(e)
    entities.sort(key=lambda e: e.iri)
    return Index(base, entities, classes)


def _label_of(store, node) -> str | None:
    return _english_first(q.object for q in store.quads_for_pattern(node, RDFS_LABEL, None, None))


def current_index() -> Index:
    path = str(current_app.config["STORE"])
    generation = store_generation(path)
    base = current_app.config.get("BASE_IRI")
    key = f"{path}\x1f{base}"
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != generation:
            _cache[key] = (generation, build_index(get_store(), base))
        return _cache[key][1]


# --- identifiers and types ---------------------------------------------------------------

def entity_id(index: Index, iri: str) -> str:
    return iri[len(index.base):] if iri.startswith(index.base) and len(iri) > len(index.base) else iri


def resolve_type(index: Index, type_id: str) -> str:
    """A type as a client may write it: the IRI, dip:Person, or Person."""
    if type_id.startswith("dip:"):
        return DIP + type_id[4:]
    if "://" not in type_id and ":" not in type_id:
        return DIP + type_id
    return type_id


def type_json(index: Index, iri: str) -> dict:
    return {"id": iri, "name": index.classes.get(iri, iri[len(DIP):] if iri.startswith(DIP) else iri)}


# --- matching --------------------------------------------------------------------------

def score(entity: Entity, text: str) -> float:
    q = norm(text)
    if not q:
        return 0.0
    if q == entity.norm_label:
        return EXACT
    if q in entity.norm_names:
        return ALTERNATIVE
    words = set(q.split())
    best = 0.0
    for name in (entity.norm_label, *entity.norm_names):
        tokens = set(name.split())
        shared = len(words & tokens)
        if shared:
            best = max(best, 80.0 * shared / len(words | tokens))
    return round(best, 1)


def reconcile_one(index: Index, query: dict) -> list[dict]:
    if not isinstance(query, dict):
        raise BadQuery("each query must be a JSON object such as {\"query\": \"Mike Pompeo\"}")
    text = query.get("query")
    if not isinstance(text, str) or not text.strip():
        raise BadQuery("each query needs a non-empty \"query\" string (properties alone are not supported)")
    wanted = query.get("type")
    if isinstance(wanted, str):
        wanted = [wanted]
    if wanted is not None and not (isinstance(wanted, list) and all(isinstance(t, str) for t in wanted)):
        raise BadQuery("\"type\" must be a type identifier or a list of them")
    types = {resolve_type(index, t) for t in wanted or []}
    try:
        limit = int(query.get("limit") or DEFAULT_LIMIT)
    except (TypeError, ValueError):
        raise BadQuery("\"limit\" must be a number") from None
    limit = max(1, min(limit, MAX_LIMIT))
    scored = []
    for e in index.entities:
        if types and not types.intersection(e.types):
            continue
        s = score(e, text)
        if s > 0:
            scored.append((s, e))
    scored.sort(key=lambda se: (-se[0], se[1].label, se[1].iri))
    exact = [e for s, e in scored if s >= ALTERNATIVE]
    out = []
    for s, e in scored[:limit]:
        out.append({"id": entity_id(index, e.iri), "name": e.label, "score": s,
                    "match": len(exact) == 1 and exact[0] is e,
                    "type": [type_json(index, t) for t in e.types], "description": e.description})
    return out


def manifest(index: Index) -> dict:
    root = request.url_root.rstrip("/")
    default_types = [type_json(index, DIP + name) for name in DEFAULT_TYPES if DIP + name in index.classes]
    return {
        "versions": ["0.2"],
        "name": "Peninsula: US, South Korea and North Korea diplomacy",
        "identifierSpace": index.base,
        "schemaSpace": DIP,
        "documentation": root + "/",
        "defaultTypes": default_types,
        "view": {"url": root + "/id/{{id}}"},
        "batchSize": 50,
        "suggest": {
            "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
        },
    }


# --- HTTP --------------------------------------------------------------------------------

def _answer(payload, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False)
    callback = request.args.get("callback")
    if callback:
        if not _CALLBACK.match(callback):
            return Response(json.dumps({"error": "callback must be a JavaScript identifier"}), status=400,
                            content_type="application/json")
        return Response(f"/**/{callback}({body});", status=status, content_type="application/javascript")
    return Response(body, status=status, content_type="application/json")


@bp.route("", methods=["GET", "POST"], strict_slashes=False)
def service() -> Response:
    index = current_index()
    raw = request.values.get("queries")
    if raw is None:
        return _answer(manifest(index))
    try:
        queries = json.loads(raw)
        if not isinstance(queries, dict):
            raise BadQuery("'queries' must be a JSON object mapping keys to queries, "
                           "e.g. {\"q0\": {\"query\": \"Mike Pompeo\"}}")
        return _answer({key: {"result": reconcile_one(index, q)} for key, q in queries.items()})
    except json.JSONDecodeError as exc:
        return _answer({"error": f"'queries' is not valid JSON: {exc}"}, 400)
    except BadQuery as exc:
        return _answer({"error": str(exc)}, 400)


def _cursor() -> int:
    try:
        return max(0, int(request.args.get("cursor") or 0))
    except ValueError:
        return 0


@bp.get("/suggest/entity")
def suggest_entity() -> Response:
    index = current_index()
    prefix = norm(request.args.get("prefix", ""))
    wanted = request.args.get("type")
    types = {resolve_type(index, wanted)} if wanted else set()
    hits = []
    if prefix:
        for e in index.entities:
            if types and not types.intersection(e.types):
                continue
            names = (e.norm_label, *e.norm_names)
            if any(n.startswith(prefix) for n in names):
                hits.append((0, e))
            elif any(w.startswith(prefix) for n in names for w in n.split()) or \
                    any((" " + prefix) in (" " + n) for n in names):
                hits.append((1, e))
    hits.sort(key=lambda he: (he[0], he[1].label))
    start = _cursor()
    return _answer({"result": [{"id": entity_id(index, e.iri), "name": e.label, "description": e.description,
                                "notable": [type_json(index, t) for t in e.types]}
                               for _, e in hits[start:start + DEFAULT_LIMIT]]})


@bp.get("/suggest/type")
def suggest_type() -> Response:
    index = current_index()
    prefix = norm(request.args.get("prefix", ""))
    hits = sorted((label, iri) for iri, label in index.classes.items()
                  if prefix and (norm(label).startswith(prefix) or norm(iri[len(DIP):]).startswith(prefix)))
    start = _cursor()
    return _answer({"result": [{"id": iri, "name": label} for label, iri in hits[start:start + DEFAULT_LIMIT]]})
