"""peninsula_issues: where the article names an issue or a policy approach of the ontology.

The ontology is the one source of truth: every `dip:Issue` and `dip:PolicyApproach` concept
of `ontology/peninsula.ttl` brings its labels, read once per process, and they are the
patterns (see the comment of the ontology's section 10):

- `rdfs:label`, `skos:prefLabel`, `skos:altLabel`: phrases, matched word for word in any
  case (a `PhraseMatcher` on `LOWER`) and by lemma (one on `LEMMA`, the labels lemmatised
  by the model itself, a participle staying a participle), so "missile launches" also
  finds "a missile launch";
- `skos:hiddenLabel`: a verb and its object in lemma form ("lift sanction"), matched as the
  verb governing that object in the parse, in any voice ("lifting the sanctions", "the
  sanctions were eased"), through an index keyed by the object's lemma (spaCy's
  DependencyMatcher did the same at ten times the cost); a one-word hidden label is a lemma.

One construction no label lists is matched by rule (`patterns/issues.yaml`): a coined
"<aim>-first" approach ("a deterrence-first approach", "a 'tariffs-first' doctrine"), each
coined name its own approach under `dip:PriorityApproach`.

The layer is `doc.spans["issues"]`: `label_` is the concept's local name ("SanctionsRelief"),
`kb_id_` its scheme ("issue" or "approach"), and for a coined approach `id_` is the coined
name ("deterrence-first"). Within a scheme the longest match wins; an issue may lie inside
an approach ("deterrence" in "a deterrence-first approach"), never inside a proper name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .layers import ISSUES, MENTIONS

SKOS = "http://www.w3.org/2004/02/skos/core#"
DIP = "https://w3id.org/peninsula/ontology#"
SCHEMES = {DIP + "Issue": "issue", DIP + "PolicyApproach": "approach"}
# Words between a hidden label's verb and its object that depend on the verb ("blow up site").
_PARTICLES = frozenset({"up", "down", "off", "out", "back", "away", "over", "in"})
# The object of a hidden label's verb: active, passive, or a clause's object read by the parser.
_OBJECT_DEPS = ["dobj", "nsubjpass", "obj", "attr"]


@dataclass
class Concept:
    name: str  # local name in the ontology
    scheme: str  # "issue" or "approach"
    labels: list[str] = field(default_factory=list)  # prefLabel, rdfs:label, altLabel
    hidden: list[str] = field(default_factory=list)  # hiddenLabel: verb-object lemma patterns
    broader: str | None = None


@lru_cache(maxsize=1)
def load_concepts() -> dict[str, Concept]:
    """The issue and approach concepts of the ontology with their labels (once per process)."""
    import pyoxigraph

    import ontology

    store = pyoxigraph.Store()
    with open(ontology.ONTOLOGY_TTL, "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    query = f"""
        PREFIX skos: <{SKOS}>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?c ?cls ?p ?v WHERE {{
          VALUES ?cls {{ <{DIP}Issue> <{DIP}PolicyApproach> }}
          ?c a ?cls .
          VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel skos:hiddenLabel skos:broader }}
          ?c ?p ?v .
        }}"""
    concepts: dict[str, Concept] = {}
    for row in store.query(query):
        name = row["c"].value.removeprefix(DIP)
        c = concepts.setdefault(name, Concept(name=name, scheme=SCHEMES[row["cls"].value]))
        prop, value = row["p"].value, row["v"].value
        if prop == SKOS + "hiddenLabel":
            c.hidden.append(value)
        elif prop == SKOS + "broader":
            c.broader = value.removeprefix(DIP)
        elif value not in c.labels:
            c.labels.append(value)
    for c in concepts.values():  # queries answer in no fixed order: keep the matchers stable
        c.labels.sort()
        c.hidden.sort()
    return concepts


@lru_cache(maxsize=1)
def load_lexicon() -> dict:
    text = resources.files("builder").joinpath("patterns/issues.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def scheme_of(name: str) -> str | None:
    """"issue" or "approach" for a concept's local name (None if the ontology has no such concept)."""
    c = load_concepts().get(name)
    return c.scheme if c is not None else None


def broader_of(name: str) -> list[str]:
    """The concept and the concepts it is narrower than, nearest first."""
    concepts, out = load_concepts(), []
    while name and name in concepts and name not in out:
        out.append(name)
        name = concepts[name].broader
    return out


_DASH_FIRST = re.compile(r"-\s*first", re.I)  # the text any coined "X-first" label has

_LEMMA_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")


_PARTICIPLES = (("VBG",), ("VBN", "VBD"))


def _lemma_form(label: Doc) -> tuple[tuple[str, ...], tuple]:
    """A label as lemmas, with the participles that must stay participles of their kind
    ("sanctions easing" is not "sanctions eased"; "missile launches" is "a missile launch")."""
    tags = tuple(next((g for g in _PARTICIPLES if t.tag_ in g and t.lemma_ != t.lower_), None) for t in label)
    return tuple(t.lemma_ for t in label), tags


def _keeps_participles(span, forms) -> bool:
    lemmas = tuple(t.lemma_ for t in span)
    return any(lem == lemmas and all(g is None or t.tag_ in g for t, g in zip(span, tags)) for lem, tags in forms)


def _lemmatised(nlp: Language, texts: list[str]) -> list[Doc] | None:
    """The labels lemmatised by the model's own tagger and lemmatiser (None without them)."""
    enable = [p for p in _LEMMA_PIPES if p in nlp.pipe_names]
    if "lemmatizer" not in enable:
        return None
    with nlp.select_pipes(enable=enable):
        return list(nlp.pipe(texts))


@dataclass(frozen=True)
class VerbObject:
    """A hidden label "verb ... head": the verb's lemma, the words between (each a dependent
    of the verb when it is a particle, else of the head) and the concept."""
    verb: str
    between: tuple[str, ...]
    concept: str


def verb_object_matches(doc: Doc, index: dict[str, list[VerbObject]],
                        intransitive: frozenset = frozenset()) -> list[tuple[str, int, int]]:
    """(concept, start, end) for every verb governing an object of a hidden label, in the
    shapes a verb takes its object: a clause ("eased the sanctions", "sanctions were eased"),
    a small clause ("wants the sanctions lifted"), a reduced relative ("sanctions lifted last
    year") and the verb used intransitively ("the talks resumed"). One dictionary look-up per token: the index is keyed by the head."""
    out = []
    for obj in doc:
        patterns = index.get(obj.lemma_)
        if not patterns:
            continue
        head = obj.head
        verbs = []
        if head.pos_ == "VERB" and head.i != obj.i:
            if obj.dep_ in _OBJECT_DEPS:
                verbs.append(head)
            elif obj.dep_ == "nsubj" and head.tag_ in ("VBN", "VBD") and head.dep_ in ("ccomp", "xcomp", "oprd"):
                verbs.append(head)
            elif obj.dep_ == "nsubj" and head.lemma_ in intransitive and \
                    not any(c.dep_ in ("dobj", "obj") for c in head.children):
                verbs.append(head)  # the object as the subject of the verb used intransitively: "talks resumed"
        verbs += [c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.pos_ == "VERB"]
        for verb in verbs:
            for p in patterns:
                if verb.lemma_ != p.verb:
                    continue
                if all(any(c.lemma_ == w for c in (verb if w in _PARTICLES else obj).children) for w in p.between):
                    out.append((p.concept, min(verb.i, obj.i), max(verb.i, obj.i) + 1))
    return out


def _in_a_name(span: Span, named: dict[int, Span]) -> bool:
    """A label inside a proper name is no issue ("the Northeast Asia Cooperation Dialogue",
    "the Human Rights Council"): the span lies inside a longer mention, or is a run of proper
    nouns (a sentence's capitalised first word not counted). A label that is a name itself
    ("the Yongbyon nuclear complex") stays."""
    m = named.get(span.start)
    if m is not None and m.start <= span.start and span.end <= m.end and (m.start, m.end) != (span.start, span.end):
        return True
    # a sentence's first word is capitalised anyway ("Dialogue is essential"): its tag says nothing
    words = span[1:] if span[0].is_sent_start else span
    return len(words) > 0 and all(t.pos_ == "PROPN" for t in words) and \
        not (m is not None and (m.start, m.end) == (span.start, span.end))


@Language.factory("peninsula_issues", default_config={})
def make_issues(nlp: Language, name: str):
    return IssueFinder(nlp)


class IssueFinder:
    def __init__(self, nlp: Language):
        vocab = nlp.vocab
        self.concepts = load_concepts()
        lex = load_lexicon()
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.lemma_forms: dict[str, list] = {}
        self.words = Matcher(vocab)
        self.verb_objects: dict[str, list[VerbObject]] = {}
        names = sorted(self.concepts)
        texts = [(n, label) for n in names for label in self.concepts[n].labels]
        for n in names:
            self.lower.add(n, [nlp.make_doc(label) for m, label in texts if m == n])
        docs = _lemmatised(nlp, [label for _, label in texts])
        if docs is not None:
            for n in names:
                label_docs = [d for (m, _), d in zip(texts, docs) if m == n]
                self.lemma.add(n, label_docs)
                self.lemma_forms[n] = [_lemma_form(d) for d in label_docs]
        for n in names:
            for hidden in self.concepts[n].hidden:
                words = hidden.split()
                if len(words) == 1:
                    self.words.add(n, [[{"LEMMA": words[0]}]])
                else:
                    self.verb_objects.setdefault(words[-1], []).append(VerbObject(words[0], tuple(words[1:-1]), n))
        self.intransitive = frozenset(lex.get("intransitive_verbs", []))
        self.coined_concept = lex["coined_concept"]
        aims_not = [w.lower() for w in lex.get("coined_aims_not", [])]
        head = {"LEMMA": {"IN": list(lex["coined_heads"])}, "POS": "NOUN"}
        aim = {"IS_ALPHA": True, "LOWER": {"NOT_IN": aims_not}}
        quote = {"ORTH": {"IN": ["'", "’", "‘", '"', "“", "”"]}, "OP": "?"}
        self.coined = Matcher(vocab)
        self.coined.add("COINED", [[quote, aim, {"ORTH": "-"}, {"LOWER": "first"}, quote, head]])

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {"issue": [], "approach": []}
        strings = doc.vocab.strings
        for matcher in (self.lower, self.lemma, self.words):
            for match_id, start, end in matcher(doc):
                name = strings[match_id]
                if matcher is self.lemma and not _keeps_participles(doc[start:end], self.lemma_forms[name]):
                    continue
                found[self.concepts[name].scheme].append(Span(doc, start, end, label=name,
                                                              kb_id=self.concepts[name].scheme))
        for name, start, end in verb_object_matches(doc, self.verb_objects, self.intransitive):
            found[self.concepts[name].scheme].append(Span(doc, start, end, label=name,
                                                          kb_id=self.concepts[name].scheme))
        # the Matcher tries the coined pattern at every token; a text without "-first" has none
        for _, start, end in (self.coined(doc) if _DASH_FIRST.search(doc._.text) else ()):
            aim = next(t for t in doc[start:end] if t.is_alpha)
            coined = f"{aim.lower_}-first"
            found["approach"].append(Span(doc, start, end, label=self.coined_concept, kb_id="approach",
                                          span_id=coined))
        named = {i: m for m in doc.spans.get(MENTIONS, []) for i in range(m.start, m.end)}
        spans = [s for group in found.values() for s in filter_spans(group) if not _in_a_name(s, named)]
        doc.spans[ISSUES] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc
