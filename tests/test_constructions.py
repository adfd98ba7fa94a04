"""Construction cases: CheckList-style behaviour tests of the extractor (tests/constructions/).

Every `tests/constructions/*.yaml` file holds cases of one construction; each case is a short
invented text with a publication date, the facts it must give (`expect`), the facts it must
not give (`reject`) and optionally exact counts (`count`). See tests/constructions/README.md
for the format. This module

- loads and validates every file (a malformed file or case fails, naming the file and case),
- reads each case's text as a `.txt` article through the real pipeline: ingest
  (`parse_text_article`, the case's `published` / `publisher` applied as a manifest row
  would), `builder.nlp` (all cases of the session in one `nlp.pipe`), `builder.extract`,
- turns the `ArticleFacts` into a fact view where entities are matched by label or name
  and event classes through the ontology's superclasses,
- makes one pytest case per construction case (id = case id); `known_failure: reason`
  makes it a strict xfail, so a case that starts passing forces its marker off.

To see what a case extracts: `python -m tests.test_constructions CASE_ID [...]` (or a
file of cases, or `-` for a text on stdin); `pytest ... -k CASE_ID --runxfail` shows the
failure message of a known failure; `--unmark-passing` removes the markers of cases that
pass now; `python -m tests.test_constructions --summary` gives
cases, passing and known failures per file and the markers to change.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
import sys
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

CASES_DIR = Path(__file__).resolve().parent / "constructions"

# ---------------------------------------------------------------------------------------------
# The format
# ---------------------------------------------------------------------------------------------

STATUSES = ("Proposed", "Planned", "Held", "Postponed", "Cancelled")
ANY = "*"  # a field value meaning "set, to anything"; null means "not set"

# kind -> field -> type: "entity" (a label), "entities" (a list of labels), "text" (a
# substring), "exact" (equal, ignoring case), "date" (ISO, exact), "class", "status",
# "issue" / "approach" (ontology local names), "items" (labels or issue local names), "bool"
FIELDS: dict[str, dict[str, str]] = {
    "event": {"class": "class", "participants": "entities", "participants_exactly": "entities",
              "place": "entity", "start": "date", "end": "date", "time_expression": "text",
              "status": "status", "requested_by": "entity", "outcome": "text", "topics": "issues",
              "trigger": "exact"},
    "post": {"holder": "entity", "title": "text", "title_exactly": "exact", "country": "entity", "org": "entity",
             "envoy": "bool"},
    "relation": {"predicate": "predicate", "subject": "entity", "object": "entity"},
    "position": {"holder": "entity", "issue": "issue", "approach": "approach", "supports": "items",
                 "opposes": "items"},
    "statement": {"speaker": "entity", "quote": "text", "about": "items", "topic": "issue"},
    "article": {"title": "text", "author": "entity", "outlet": "entity", "published": "date"},
}
# entity kinds: the pattern is a label; an entity of that ontology class (or a subclass)
ENTITY_PATTERNS = {"person": "Person", "place": "Place", "country": "Country",
                   "organization": "Organization", "outlet": "MediaOutlet", "ministry": "Ministry"}
PREDICATES = ("holdsPost", "counterpart", "memberOf", "leads")
COUNT_KINDS = ("events", "posts", "positions", "statements", "relations")
CASE_KEYS = {"id", "published", "publisher", "text", "expect", "reject", "count", "known_failure",
             "known_variance", "note", "style"}
FILE_KEYS = {"construction", "capability", "cases", "note"}
KIND_CLASS = {"person": "Person", "country": "Country", "place": "Place", "post": "Post",
              "outlet": "MediaOutlet", "ministry": "Ministry", "government": "GovernmentBody",
              "institute": "ResearchInstitute", "international": "InternationalOrganization",
              "organization": "Organization", "workinggroup": "WorkingGroup"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class CaseFormatError(ValueError):
    pass


@dataclass
class Case:
    id: str
    file: str
    construction: str
    capability: str
    text: str
    published: str | None = None
    publisher: str | None = None
    expect: list = field(default_factory=list)   # [(kind, value)]
    reject: list = field(default_factory=list)
    count: dict = field(default_factory=dict)
    known_failure: str | None = None
    known_variance: str | None = None  # test_invariance: the renamed case is known to differ (why)
    error: str | None = None  # the format error, when the case is malformed

    @property
    def where(self) -> str:
        return f"{self.file} case {self.id!r}"


@lru_cache(maxsize=1)
def _ontology():
    """(event classes, class -> superclass local names, issues, approaches) from the ontology."""
    from rdflib import RDF, SKOS

    import ontology
    from builder.emit import superclasses
    from builder.iri import DIP

    sup = {str(c).rsplit("#", 1)[-1]: {str(s).rsplit("#", 1)[-1] for s in ss} for c, ss in superclasses().items()}
    events = {c for c, ss in sup.items() if "Event" in ss}
    g = ontology.load_ontology()
    issues, approaches = set(), set()
    for c in g.subjects(RDF.type, SKOS.Concept):
        schemes = {str(s).rsplit("#", 1)[-1] for s in g.objects(c, SKOS.inScheme)}
        name = str(c).rsplit("#", 1)[-1] if str(c).startswith(str(DIP)) else None
        if name and "IssueScheme" in schemes:
            issues.add(name)
        if name and "ApproachScheme" in schemes:
            approaches.add(name)
    return events, sup, issues, approaches


def _scalar(value):
    """YAML scalars as strings: dates in ISO form, numbers as written."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _check_value(kind: str, name: str, ftype: str, value):
    """The field's value normalised, or a CaseFormatError saying what is wrong."""
    if value is None:
        return None
    if ftype in ("entities", "items", "issues"):
        values = value if isinstance(value, list) else [value]
        values = [_scalar(v) for v in values]
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise CaseFormatError(f"{kind}.{name} must be a non-empty list of names, not {value!r}")
        if ftype == "issues":
            _, _, issues, _ = _ontology()
            bad = [v for v in values if v not in issues]
            if bad:
                raise CaseFormatError(f"{kind}.{name}: {bad} not issues of the ontology ({sorted(issues)})")
        return values
    if ftype == "bool":
        if not isinstance(value, bool):
            raise CaseFormatError(f"{kind}.{name} must be true or false, not {value!r}")
        return value
    value = _scalar(value)
    if not isinstance(value, str) or not value.strip():
        raise CaseFormatError(f"{kind}.{name} must be a non-empty string, not {value!r}")
    if value == ANY:
        return value
    events, _, issues, approaches = _ontology()
    if ftype == "date" and not _DATE.match(value):
        raise CaseFormatError(f"{kind}.{name} must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), not {value!r}")
    if ftype == "status" and value not in STATUSES:
        raise CaseFormatError(f"{kind}.{name} must be one of {STATUSES}, not {value!r}")
    if ftype == "class" and value not in events:
        raise CaseFormatError(f"{kind}.{name}: {value!r} is not an event class of the ontology ({sorted(events)})")
    if ftype == "issue" and value not in issues:
        raise CaseFormatError(f"{kind}.{name}: {value!r} is not an issue of the ontology ({sorted(issues)})")
    if ftype == "approach" and value not in approaches:
        raise CaseFormatError(f"{kind}.{name}: {value!r} is not an approach of the ontology ({sorted(approaches)})")
    if ftype == "predicate" and value not in PREDICATES:
        raise CaseFormatError(f"{kind}.{name} must be one of {PREDICATES}, not {value!r}")
    return value


def check_pattern(item) -> tuple[str, object]:
    """One expect / reject item -> (kind, normalised value)."""
    if not isinstance(item, dict) or len(item) != 1:
        raise CaseFormatError(f"a fact pattern is a mapping with one kind (event, post, person, ...), not {item!r}")
    (kind, value), = item.items()
    if kind in ENTITY_PATTERNS:
        value = _scalar(value)
        if not isinstance(value, str) or not value.strip():
            raise CaseFormatError(f"{kind}: must be a name, not {value!r}")
        return kind, value
    if kind not in FIELDS:
        raise CaseFormatError(f"unknown fact kind {kind!r} (kinds: {sorted([*FIELDS, *ENTITY_PATTERNS])})")
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise CaseFormatError(f"{kind}: the fields must be a mapping, not {value!r}")
    out = {}
    for name, v in value.items():
        if name not in FIELDS[kind]:
            raise CaseFormatError(f"{kind}: unknown field {name!r} (fields: {sorted(FIELDS[kind])})")
        out[name] = _check_value(kind, name, FIELDS[kind][name], v)
    return kind, out


def _check_case(raw, file: str, construction: str, capability: str) -> Case:
    cid = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(raw, dict):
        raise CaseFormatError(f"a case must be a mapping, not {raw!r}")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise CaseFormatError(f"the case id must be lower-case words joined by hyphens, not {cid!r}")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise CaseFormatError(f"unknown keys {sorted(unknown)} (keys: {sorted(CASE_KEYS)})")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CaseFormatError("the case has no text")
    published = _scalar(raw.get("published"))
    if published is not None and not (isinstance(published, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)):
        raise CaseFormatError(f"published must be a date YYYY-MM-DD, not {published!r}")
    case = Case(id=cid, file=file, construction=construction, capability=capability, text=text,
                published=published, publisher=raw.get("publisher"))
    for key in ("expect", "reject"):
        items = raw.get(key) or []
        if not isinstance(items, list):
            raise CaseFormatError(f"{key} must be a list of fact patterns")
        for n, item in enumerate(items, start=1):
            try:
                getattr(case, key).append(check_pattern(item))
            except CaseFormatError as exc:
                raise CaseFormatError(f"{key} item {n}: {exc}") from None
    count = raw.get("count") or {}
    if not isinstance(count, dict) or any(k not in COUNT_KINDS or not isinstance(v, int) or isinstance(v, bool)
                                          for k, v in count.items()):
        raise CaseFormatError(f"count must map {COUNT_KINDS} to whole numbers, not {count!r}")
    case.count = dict(count)
    if not (case.expect or case.reject or case.count):
        raise CaseFormatError("the case checks nothing: give expect, reject or count")
    kf = raw.get("known_failure")
    if kf is not None and (not isinstance(kf, str) or not kf.strip()):
        raise CaseFormatError("known_failure must be a reason (a string)")
    case.known_failure = kf
    kv = raw.get("known_variance")
    if kv is not None and (not isinstance(kv, str) or not kv.strip()):
        raise CaseFormatError("known_variance must be a reason (a string)")
    case.known_variance = kv
    return case


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every file, in file order; malformed ones carry their `error`."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        fname = path.name
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            cases.append(Case(id=path.stem, file=fname, construction="", capability="", text="",
                              error=f"{fname}: not valid YAML: {exc}"))
            continue
        problem = None
        if not isinstance(data, dict):
            problem = "the file must be a mapping with construction, capability and cases"
        elif set(data) - FILE_KEYS:
            problem = f"unknown keys {sorted(set(data) - FILE_KEYS)} (keys: {sorted(FILE_KEYS)})"
        elif not all(isinstance(data.get(k), str) and data.get(k).strip() for k in ("construction", "capability")):
            problem = "the file must name its construction and capability"
        elif not isinstance(data.get("cases"), list) or not data["cases"]:
            problem = "the file has no list of cases"
        if problem:
            cases.append(Case(id=path.stem, file=fname, construction="", capability="", text="",
                              error=f"{fname}: {problem}"))
            continue
        for n, raw in enumerate(data["cases"], start=1):
            cid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"{path.stem}-case-{n}"
            try:
                case = _check_case(raw, fname, data["construction"], data["capability"])
            except CaseFormatError as exc:
                case = Case(id=cid, file=fname, construction=data["construction"], capability=data["capability"],
                            text="", error=f"{fname} case {cid!r}: {exc}")
            if case.id in seen:
                case = Case(id=f"{case.id}-duplicate-in-{path.stem}", file=fname, construction="", capability="",
                            text="", error=f"{fname} case {case.id!r}: the id is already used in {seen[case.id]}")
            else:
                seen[case.id] = fname
            cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------------
# Running a case: the real pipeline
# ---------------------------------------------------------------------------------------------

@dataclass
class Result:
    facts: object = None  # ArticleFacts
    doc: object = None  # the parsed Doc (its layers: what the renaming tool reads names from)
    error: str | None = None  # the traceback, when reading the case failed


def article_for(case_id: str, text: str, published: str | None, publisher: str | None = None):
    """The case's text read as a .txt article, the date and publisher applied as a manifest row."""
    from builder.ingest import ManifestRow, apply_manifest, parse_text_article
    from builder.kb import load_kb

    art = parse_text_article(text, f"{case_id}.txt", case_id, load_kb(), hashlib.sha256(text.encode()).hexdigest())
    return apply_manifest(art, ManifestRow(published=published, publisher=publisher))


def run_texts(items: list[tuple[str, str, str | None, str | None]]) -> dict[str, Result]:
    """(key, text, published, publisher) -> the article's facts, all parsed in one nlp.pipe."""
    from builder.extract import extract_article
    from builder.nlp import load_pipeline, make_doc

    results: dict[str, Result] = {}
    articles = []
    for key, text, published, publisher in items:
        try:
            articles.append((key, article_for(key, text, published, publisher)))
        except Exception:  # noqa: BLE001 - the case fails with the reason
            results[key] = Result(error="reading the text as an article failed:\n" + traceback.format_exc())
    nlp = load_pipeline()
    try:
        docs = list(nlp.pipe((make_doc(nlp, a) for _, a in articles), batch_size=32))
    except Exception:  # noqa: BLE001 - one by one, so the failure is charged to its case
        docs = []
        for _, a in articles:
            try:
                docs.append(nlp(make_doc(nlp, a)))
            except Exception:  # noqa: BLE001
                docs.append(traceback.format_exc())
    for (key, art), doc in zip(articles, docs):
        if isinstance(doc, str):
            results[key] = Result(error="the pipeline failed:\n" + doc)
            continue
        try:
            results[key] = Result(facts=extract_article(art, doc), doc=doc)
        except Exception:  # noqa: BLE001
            results[key] = Result(error="extract_article failed:\n" + traceback.format_exc())
    return results


# ---------------------------------------------------------------------------------------------
# The fact view: facts with entities as labels and names
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """An entity a fact points to: its key, label and every name it is known by."""

    key: str
    label: str
    names: frozenset

    def matches(self, value: str) -> bool:
        v = value.strip().lower()
        return v == self.label.lower() or v in self.names or v == self.key.lower()

    def __str__(self) -> str:
        return self.label


class FactView:
    """An article's facts as the cases see them."""

    def __init__(self, facts):
        from builder.kb import load_kb

        self.facts = facts
        self.kb = load_kb()
        self.entities = facts.entities
        rel = facts.relations
        self.events = [self._event(e) for e in facts.events]
        self.posts = []
        for r in rel:
            if r.predicate == "holdsPost":
                post = self.entities.get(r.object)
                label = post.label if post else r.object
                self.posts.append({"holder": self.ref(r.subject), "title": label,
                                   "title_exactly": re.sub(r"\s*\([^()]*\)$", "", label),
                                   "country": self.ref(post.country) if post and post.country else None,
                                   "org": self.ref(post.post_org) if post and post.post_org else None,
                                   "envoy": bool(post and post.envoy), "_post": self.ref(r.object)})
        self.relations = [{"predicate": r.predicate, "subject": self.ref(r.subject), "object": self.ref(r.object)}
                          for r in rel]
        self.positions = [{"holder": self.ref(p.holder), "issue": p.issue, "approach": p.approach,
                           "supports": [self.item(x) for x in p.supports],
                           "opposes": [self.item(x) for x in p.opposes]} for p in facts.positions]
        self.statements = [{"speaker": self.ref(s.speaker), "quote": s.quote or "",
                            "about": [self.item(x) for x in s.about], "topic": list(s.topics)}
                           for s in facts.statements]
        art = facts.article
        self.article = {"title": art.title or "", "author": self.ref(facts.author) if facts.author else None,
                        "outlet": self.ref(facts.outlet) if facts.outlet else None, "published": art.published}

    def ref(self, key: str | None) -> Ref | None:
        if key is None:
            return None
        rec = self.entities.get(key)
        if rec is not None:
            return Ref(key, rec.label, frozenset(n.lower() for n in {rec.label, *rec.names}))
        entry = self.kb.entries.get(key)
        if entry is not None:
            return Ref(key, entry.label, frozenset(n.lower() for n in {entry.label, *entry.aliases}))
        return Ref(key, key, frozenset({key.lower()}))

    def item(self, x: str) -> Ref:
        """A supports / opposes / about item: an entity, or "issue:<Name>" (matched by the name)."""
        if x.startswith("issue:"):
            name = x.split(":", 1)[1]
            return Ref(x, name, frozenset({name.lower()}))
        return self.ref(x)

    def _event(self, e) -> dict:
        _, sup, _, _ = _ontology()
        return {"class": e.kind, "classes": sup.get(e.kind, {e.kind}),
                "participants": [self.ref(k) for k in e.participants], "place": self.ref(e.location),
                "start": e.start, "end": e.end, "time_expression": e.time_expression, "status": e.status,
                "requested_by": self.ref(e.requested_by), "outcome": e.outcome, "topics": list(e.topics),
                "trigger": e.trigger}

    def entities_of(self, kind: str) -> list[Ref]:
        _, sup, _, _ = _ontology()
        cls = ENTITY_PATTERNS[kind]
        return [self.ref(k) for k, rec in self.entities.items()
                if cls in sup.get(KIND_CLASS.get(rec.kind, ""), ())]

    def counts(self) -> dict[str, int]:
        return {"events": len(self.events), "posts": len(self.posts), "positions": len(self.positions),
                "statements": len(self.statements), "relations": len(self.relations)}

    # -- rendering, for failure messages ------------------------------------------------------

    def render(self) -> str:
        def fmt(d: dict) -> str:
            parts = []
            for k, v in d.items():
                if k.startswith("_") or k == "classes" or v in (None, "", [], False):
                    continue
                if isinstance(v, list):
                    v = "[" + ", ".join(map(str, v)) + "]"
                parts.append(f"{k}={v}")
            return " ".join(parts)

        lines = [f"  article: {fmt(self.article)}"]
        lines += [f"  event: {fmt(e)}" for e in self.events] or ["  (no events)"]
        lines += [f"  post: {fmt(p)}" for p in self.posts] or ["  (no posts)"]
        lines += [f"  relation: {fmt(r)}" for r in self.relations if r["predicate"] != "holdsPost"]
        lines += [f"  position: {fmt(p)}" for p in self.positions]
        lines += [f"  statement: {fmt(s)}" for s in self.statements]
        by_kind: dict[str, list[str]] = {}
        for rec in self.entities.values():
            if rec.kind != "post":
                names = sorted(n for n in rec.names if n != rec.label)
                by_kind.setdefault(rec.kind, []).append(rec.label + (f" ({'; '.join(names)})" if names else ""))
        lines += [f"  {kind}: {', '.join(sorted(labels))}" for kind, labels in sorted(by_kind.items())]
        for w in self.facts.warnings:
            lines.append(f"  WARNING {w}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------

def _field_matches(ftype: str, want, got) -> bool:
    if want is None:  # the field must not be set
        return got in (None, "", [], False)
    if want == ANY:
        return got not in (None, "", [])
    if ftype == "entity":
        return got is not None and got.matches(want)
    if ftype == "entities":
        return all(any(g.matches(w) for g in got or ()) for w in want)
    if ftype == "items":
        return all(any(g.matches(w) for g in got or ()) for w in want)
    if ftype == "issues":
        return all(w in (got or ()) for w in want)
    if ftype == "text":
        return got is not None and want.lower() in str(got).lower()
    if ftype == "bool":
        return bool(got) == want
    if ftype == "issue" and isinstance(got, list):
        return want in got
    return got is not None and str(got).lower() == str(want).lower()


def _exactly(want: list[str], got: list[Ref]) -> bool:
    return all(any(g.matches(w) for g in got) for w in want) and all(any(g.matches(w) for w in want) for g in got)


def fact_matches(kind: str, pattern, fact) -> bool:
    for name, want in pattern.items():
        ftype = FIELDS[kind][name]
        if kind == "event" and name == "class":
            if want is not None and want != ANY and want not in fact["classes"]:
                return False
            continue
        if kind == "event" and name == "participants_exactly":
            if not _exactly(want or [], fact["participants"]):
                return False
            continue
        if not _field_matches(ftype, want, fact.get(name)):
            return False
    return True


def matching(view: FactView, kind: str, pattern) -> list:
    """The extracted facts a pattern matches (a counterpart relation either way round)."""
    if kind == "relation" and pattern.get("predicate") == "counterpart":
        swapped = {k: v for k, v in pattern.items() if k not in ("subject", "object")}
        if "subject" in pattern:
            swapped["object"] = pattern["subject"]
        if "object" in pattern:
            swapped["subject"] = pattern["object"]
        return [f for f in view.relations if fact_matches(kind, pattern, f) or fact_matches(kind, swapped, f)]
    if kind in ENTITY_PATTERNS:
        return [r for r in view.entities_of(kind) if r.matches(pattern)]
    if kind == "article":
        return [view.article] if fact_matches(kind, pattern, view.article) else []
    pool = {"event": view.events, "post": view.posts, "relation": view.relations,
            "position": view.positions, "statement": view.statements}[kind]
    return [f for f in pool if fact_matches(kind, pattern, f)]


def show_pattern(kind: str, pattern) -> str:
    if not isinstance(pattern, dict):
        return f"{kind}: {pattern}"
    inner = ", ".join(f"{k}: {'null' if v is None else v}" for k, v in pattern.items())
    return f"{kind}: {{{inner}}}"


def outcomes(case: Case, view: FactView) -> dict[str, bool]:
    """Each check of the case -> whether it holds (the keys name the check)."""
    out: dict[str, bool] = {}
    for n, (kind, pattern) in enumerate(case.expect, start=1):
        out[f"expect {n}: {show_pattern(kind, pattern)}"] = bool(matching(view, kind, pattern))
    for n, (kind, pattern) in enumerate(case.reject, start=1):
        out[f"reject {n}: {show_pattern(kind, pattern)}"] = not matching(view, kind, pattern)
    counts = view.counts()
    for kind, want in case.count.items():
        out[f"count {kind} == {want}"] = counts[kind] == want
    return out


def judge(case: Case, result: Result) -> str | None:
    """None when every check holds, else a message naming the failed checks and showing the facts."""
    if result.error:
        return f"{case.where}: {result.error}"
    view = FactView(result.facts)
    failed = [k for k, ok in outcomes(case, view).items() if not ok]
    if not failed:
        return None
    counts = view.counts()
    return (f"{case.where} ({case.construction}):\n"
            + "\n".join(f"  FAILED {k}" + (f" (got {counts[k.split()[1]]})" if k.startswith("count") else "")
                        for k in failed)
            + "\ntext:\n" + "\n".join("  | " + line for line in case.text.rstrip().split("\n"))
            + f"\npublished: {case.published}\nextracted:\n" + view.render())


# ---------------------------------------------------------------------------------------------
# pytest
# ---------------------------------------------------------------------------------------------

CASES = load_cases()
_RESULTS: dict[str, Result] = {}


def results_for(cases: list[Case]) -> dict[str, Result]:
    """The results of the cases, parsing those not run yet in one batch (cached per process)."""
    todo = [c for c in cases if c.error is None and c.id not in _RESULTS]
    if todo:
        _RESULTS.update(run_texts([(c.id, c.text, c.published, c.publisher) for c in todo]))
    return _RESULTS


def _params(cases: list[Case]):
    out = []
    for c in cases:
        marks = [pytest.mark.xfail(strict=True, reason=c.known_failure)] if c.known_failure and not c.error else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


def selected_cases(request, module_name: str) -> list[Case]:
    """The cases of the session's selected items of a module (so `-k one-case` parses one)."""
    out = []
    for item in request.session.items:
        cs = getattr(item, "callspec", None)
        if cs is not None and item.module.__name__.endswith(module_name) and isinstance(cs.params.get("case"), Case):
            out.append(cs.params["case"])
    return out


@pytest.fixture(scope="session")
def case_results(request):
    return results_for(selected_cases(request, "test_constructions"))


@pytest.mark.parametrize("case", _params(CASES))
def test_construction(case: Case, case_results):
    if case.error:
        pytest.fail(case.error, pytrace=False)
    message = judge(case, case_results.get(case.id) or results_for([case])[case.id])
    if message:
        pytest.fail(message, pytrace=False)


# ---------------------------------------------------------------------------------------------
# python -m tests.test_constructions CASE_ID|FILE.yaml|- ...: what the pipeline extracts
# ---------------------------------------------------------------------------------------------

def summary() -> int:
    """Every case run; per file: cases, passing, known failures, and what needs a marker changed."""
    results = results_for([c for c in CASES if c.error is None])
    rows, todo = [], []
    for fname in sorted({c.file for c in CASES}):
        cs = [c for c in CASES if c.file == fname]
        ok = {c.id: c.error is None and judge(c, results[c.id]) is None for c in cs}
        passing = sum(ok.values())
        known = sum(1 for c in cs if c.known_failure)
        for c in cs:
            if c.error:
                todo.append(f"  {c.id}: malformed ({c.error})")
            elif c.known_failure and ok[c.id]:
                todo.append(f"  {c.id}: passes now - remove its known_failure ({c.file})")
            elif not c.known_failure and not ok[c.id]:
                todo.append(f"  {c.id}: fails without a known_failure ({c.file})")
        rows.append((fname, len(cs), passing, known))
    width = max(len(r[0]) for r in rows)
    print(f"{'file':{width}}  cases  pass  known_failure")
    for fname, n, p, k in rows:
        print(f"{fname:{width}}  {n:5}  {p:4}  {k:13}")
    print(f"{'total':{width}}  {sum(r[1] for r in rows):5}  {sum(r[2] for r in rows):4}  {sum(r[3] for r in rows):13}")
    if todo:
        print("to do:\n" + "\n".join(todo))
    return 1 if todo else 0


def unmark_passing() -> int:
    """Remove the `known_failure` line of every case that passes now (each case's marker is the
    first `known_failure:` line after its `- id:` line in its file); prints what it removed."""
    results = results_for([c for c in CASES if c.error is None and c.known_failure])
    passing = {c.id for c in CASES if c.known_failure and c.error is None and judge(c, results[c.id]) is None}
    for path in sorted(CASES_DIR.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out, current, changed = [], None, False
        for line in lines:
            m = re.match(r"\s*- id:\s*(\S+)", line)
            if m:
                current = m.group(1).strip("'\"")
            if current in passing and re.match(r"\s+known_failure:", line):
                print(f"{path.name}: {current}")
                changed = True
                current = None
                continue
            out.append(line)
        if changed:
            path.write_text("".join(out), encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if argv == ["--summary"]:
        return summary()
    if argv == ["--unmark-passing"]:
        return unmark_passing()
    chosen: list[Case] = []
    for arg in argv:
        if arg == "-":
            chosen.append(Case(id="stdin", file="-", construction="", capability="", text=sys.stdin.read(),
                               published=None, reject=[]))
            continue
        found = [c for c in CASES if c.id == arg or c.file == arg or c.file == Path(arg).name or arg in c.id]
        if not found:
            print(f"no case matches {arg!r}", file=sys.stderr)
            return 2
        chosen += found
    results = results_for(chosen) if all(c.file != "-" for c in chosen) else \
        run_texts([(c.id, c.text, c.published, None) for c in chosen])
    status = 0
    for c in chosen:
        print(f"== {c.id} ({c.file})" + (f"  [known failure: {c.known_failure}]" if c.known_failure else ""))
        if c.error:
            print(c.error)
            status = 1
            continue
        r = results[c.id]
        if r.error:
            print(r.error)
            status = 1
            continue
        view = FactView(r.facts)
        for check, ok in outcomes(c, view).items():
            print(("  ok    " if ok else "  FAIL  ") + check)
        print(view.render())
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def test_malformed_cases_are_named_in_the_error(tmp_path):
    """The validator names the file and the case and says what is wrong."""
    (tmp_path / "good.yaml").write_text(
        "construction: x\ncapability: y\ncases:\n"
        "  - id: fine-one\n    text: The minister met the envoy.\n    expect: [{person: A}]\n"
        "  - id: bad-kind\n    text: t\n    expect: [{evnt: {class: Meeting}}]\n"
        "  - id: bad-field\n    text: t\n    expect: [{event: {klass: Meeting}}]\n"
        "  - id: bad-status\n    text: t\n    reject: [{event: {status: Done}}]\n"
        "  - id: bad-class\n    text: t\n    reject: [{event: {class: Party}}]\n"
        "  - id: no-checks\n    text: t\n"
        "  - id: fine-one\n    text: t\n    count: {events: 1}\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("cases: [\n", encoding="utf-8")
    errors = {c.id: c.error for c in load_cases(tmp_path)}
    assert errors["fine-one"] is None
    assert "good.yaml case 'bad-kind'" in errors["bad-kind"] and "unknown fact kind 'evnt'" in errors["bad-kind"]
    assert "unknown field 'klass'" in errors["bad-field"]
    assert "status must be one of" in errors["bad-status"]
    assert "not an event class" in errors["bad-class"]
    assert "checks nothing" in errors["no-checks"]
    assert "already used" in errors["fine-one-duplicate-in-good"]
    assert errors["broken"].startswith("broken.yaml: not valid YAML")
