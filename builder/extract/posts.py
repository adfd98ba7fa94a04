"""Posts, affiliations, counterparts and leaders, read off the titles layer.

- holdsPost: a title with a post head ("Finance Minister Lars Holm", "Liv Hansen, executive
  secretary of ...", "Holm served as ambassador to Chile"), whether the article says the
  post is held now or was held before ("former", "used to be", "from 2011 to 2014"):
  `dip:holdsPost` is the post held as of the article or earlier. A designate's post
  ("-designate", "incoming", "nominated as") is not held, and is not stated.
- memberOf: an affiliation title with its organisation ("a senior fellow at the Nansen
  Institute", "an analyst at ..."), and a person named "of" an institute ("Kari Dahl of the
  Nansen Institute").
- counterpart: a relational title ("her Chilean counterpart Pablo Rojas") between its holder
  and the one it is relative to (the possessor, once coreference has resolved it); symmetric.
- leads: a verb of leading ("chaired", "led by") whose object is a body.

A post is keyed by its title and organisation when the title names no remit ("Executive
Secretary" of a secretariat), by its title and country when it does ("Special Envoy for
Arctic Affairs" of Norway), so the same post read in two articles is one node; a post whose
country and organisation the text does not give is keyed by its holder, so that two people's
unqualified posts are never merged.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Relation
from ..names import slug
from ..nlp.layers import MENTIONS, TITLES
from ..nlp.titles import load_lexicon
from .reading import ArticleReading

PERSON = "person"
ORG_KINDS = ("ministry", "government", "institute", "international", "organization", "outlet",
             "workinggroup")
AFFILIATION_ORGS = ("institute", "international", "organization", "outlet", "government", "ministry")


def _qualifier(reading: ArticleReading, key: str) -> str:
    rec = reading.entities.get(key)
    if rec is not None:
        label = rec.label
    elif key in reading.kb.entries:
        label = reading.kb.label(key)
    else:
        return ""
    return re.sub(r"\s*\(([^()]*)\)$", r", \1", label)  # "Ministry of Foreign Affairs (Kenya)" -> "..., Kenya"


def post_key(reading: ArticleReading, title: str, country: str | None, org: str | None,
             holder: str | None = None) -> tuple[str, str]:
    """The post's key and label: "Special Envoy for Arctic Affairs (Norway)"."""
    has_remit = bool(re.search(r"\b(for|of|on|to)\b", title, re.I))
    name = slug(re.sub(r"\b(the|a|an)\b", " ", load_lexicon().one_name(title), flags=re.I))
    if org and not has_remit:
        scope, qualifier = org, _qualifier(reading, org)
    elif country:
        scope, qualifier = country, _qualifier(reading, country)
    elif org:
        scope, qualifier = org, _qualifier(reading, org)
    else:
        scope, qualifier = (holder or "unknown"), ""
    label = f"{title} ({qualifier})" if qualifier else title
    return f"post:{name}@{scope}", label


class _Facts:
    """The relations read from one article, each stated once with all its evidence."""

    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.relations: list[Relation] = []
        self._index: dict[tuple, Relation] = {}

    def add(self, predicate: str, subject: str, obj: str, sent, confidence: float) -> None:
        if not subject or not obj or subject == obj:
            return
        sig = (predicate, *sorted((subject, obj))) if predicate == "counterpart" else (predicate, subject, obj)
        ev = self.reading.evidence(sent)
        rel = self._index.get(sig)
        if rel is not None:
            if ev not in rel.evidence:
                rel.evidence.append(ev)
            rel.confidence = max(rel.confidence, confidence)
            return
        rel = Relation(evidence=[ev], confidence=confidence, predicate=predicate, subject=subject, object=obj)
        self._index[sig] = rel
        self.relations.append(rel)


def _persons(reading: ArticleReading, keys) -> list[str]:
    return [k for k in keys if reading.kind_of(k) == PERSON]


def _holders(reading: ArticleReading, span) -> list[str]:
    info = span._.post
    if info.holder:
        return [info.holder, *info.also]
    doc = reading.doc
    if info.holder_token is not None:
        return _persons(reading, doc[info.holder_token]._.referents)
    if info.head_token is not None and (info.country or info.org or info.kind == "relational" or
                                        re.search(r"\b(for|of|on|to)\b", info.title)):
        # a role NP coreference resolved ("the Canadian negotiator"); a bare "the envoy" only
        # refers back to a post already read, and names none of its own
        return _persons(reading, doc[info.head_token]._.referents)
    return []


def _owners(reading: ArticleReading, span) -> list[str]:
    """Whom a relational title is relative to: "his" resolved, or the person the phrase is
    coordinated with ("Holm and his counterpart ..."), or the subject of its clause."""
    info = span._.post
    doc = reading.doc
    if info.of_token is None:
        return []
    owners = _persons(reading, doc[info.of_token]._.referents)
    if owners:
        return owners
    if doc[info.of_token].lower_ not in ("his", "her"):
        return []
    head = doc[info.head_token]
    node = head
    while node.dep_ in ("compound", "appos") and node.head.i != node.i:
        node = node.head
    named = [t for t in span.doc[span.end:span.end + 4] if t._.referents]
    for tok in (node, *(t for t in named[:1])):
        if tok.dep_ == "conj":
            owners = _persons(reading, reading.args.agents(tok.head))
            if owners:
                return owners
    verb = node.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj and node.i != subj[0].i:
        return _persons(reading, reading.args.agents(subj[0]))
    return []


def read_posts(reading: ArticleReading) -> list[Relation]:
    facts = _Facts(reading)
    for span in reading.doc.spans[TITLES]:
        info = span._.post
        if info is None or reading.in_caption(span[0]):
            continue
        with reading.guard("a post", span.sent):
            _read_title(reading, facts, span)
    with reading.guard("affiliations"):
        _affiliation_of(reading, facts)
    with reading.guard("leaders"):
        _leads(reading, facts)
    return facts.relations


def _read_title(reading: ArticleReading, facts: _Facts, span) -> None:
    info = span._.post
    if info.tense == "designate":
        return
    holders = _holders(reading, span)
    if info.kind in ("post", "envoy") and len(holders) > 1 and info.head_token is not None and \
            reading.doc[info.head_token].tag_ in ("NNS", "NNPS"):
        return  # "the envoys of Norway and Chile": whose post is for which country, the title does not say
    if info.kind in ("post", "envoy"):
        for holder in holders:
            key, label = post_key(reading, info.title, info.country, info.org, holder)
            reading.register(key, "post", label, country=info.country, post_org=info.org,
                             envoy=info.envoy or None)
            confidence = 0.9 if info.relation == "before" else 0.85
            facts.add("holdsPost", holder, key, span.sent, confidence)
            person = reading.entities.get(holder)
            if person is not None and person.country is None and info.country:
                person.country = info.country  # the country the holder represents
    elif info.kind == "affiliation" and info.org and reading.kind_of(info.org) in AFFILIATION_ORGS:
        for holder in holders:
            facts.add("memberOf", holder, info.org, span.sent, 0.85)
    elif info.kind == "relational" and info.tense == "current":
        for holder in holders:
            for owner in _owners(reading, span):
                facts.add("counterpart", owner, holder, span.sent, 0.8)


def _affiliation_of(reading: ArticleReading, facts: _Facts) -> None:
    """"Kari Dahl of the Nansen Institute": a person named with an institution."""
    doc = reading.doc
    mentions = list(doc.spans[MENTIONS])
    at = {s.start: s for s in mentions}
    for m in mentions:
        if m.label_ != PERSON or m.end + 1 >= len(doc) or doc[m.end].lower_ != "of":
            continue
        j = m.end + 1
        if doc[j].lower_ == "the":
            j += 1
        org = at.get(j)
        if org is not None and org.label_ in ("institute", "international", "organization") and \
                not reading.in_caption(doc[m.start]):
            facts.add("memberOf", m.kb_id_, org.kb_id_, doc[m.start].sent, 0.8)
            outer = _outer_body(reading, org)
            if outer is not None:  # "of the Fisheries Institute of the Nordic Academy"
                facts.add("memberOf", m.kb_id_, outer, doc[m.start].sent, 0.8)


def _outer_body(reading: ArticleReading, org) -> str | None:
    """The body an organisation is part of, named right after it: "of the [Russian] Academy
    of Sciences". It is registered with the inner body as its part."""
    doc = reading.doc
    lex = load_lexicon()
    i = org.end
    if i + 2 >= len(doc) or doc[i].lower_ != "of" or doc[i + 1].lower_ != "the":
        return None
    j = i + 2
    words = []
    while j < len(doc) and j < i + 10 and (doc[j].text[:1].isupper() or doc[j].lower_ == "of" and words):
        words.append(doc[j])
        j += 1
    while words and words[-1].lower_ == "of":
        words.pop()
    heads = [n for n, t in enumerate(words) if t.lower_ in lex.org_heads]
    if len(words) < 2 or not heads or any(reading.args.mention(t) is not None and
                                          reading.args.mention(t).label_ not in ("demonym", "country") for t in words):
        return None
    text = doc[words[0].i:words[-1].i + 1].text
    kind = "institute" if re.search(r"Institute|Academy|University|Center|Centre", text) else "organization"
    key = f"{kind}:{slug(text)}"
    country = next((reading.args.mention(t).kb_id_ for t in words if reading.args.mention(t) is not None), None)
    reading.register(key, kind, text, country=country)
    inner = reading.entities.get(org.kb_id_)
    if inner is not None and inner.parent is None:
        inner.parent = key
    return key


@lru_cache(maxsize=1)
def _lead_lexicon():
    lex = load_lexicon()
    return lex.lead_verbs, lex.led_bodies


def _body(reading: ArticleReading, tok) -> str | None:
    """The organisation a token names: a mention, or a body noun ("the trade commission"),
    which is registered as this article's body (never merged with another article's)."""
    _, bodies = _lead_lexicon()
    m = reading.args.mention(tok)
    if m is not None:
        return m.kb_id_ if m.label_ in ORG_KINDS else None
    words = [c for c in tok.subtree if c.i <= tok.i and c.dep_ in ("compound", "amod") or c.i == tok.i]
    phrase = " ".join(t.lower_ for t in words)
    if tok.lemma_.lower() not in bodies and not any(phrase.endswith(b) for b in bodies if " " in b):
        return None
    label = " ".join(t.text[:1].upper() + t.text[1:] for t in words)
    kind = "workinggroup" if "group" in phrase else "organization"
    key = f"{kind}:{slug(label)}-{slug(reading.article.article_id)}"
    reading.register(key, kind, label)
    return key


def _subject_people(reading: ArticleReading, tok) -> list[str]:
    """Who a subject stands for, through its conjuncts and appositions and the holders of
    the titles among them ("Deputy Minister for Trade Anne Roy and Undersecretary ... Pablo
    Rojas": the parser hangs the second title anywhere in the first)."""
    doc = reading.doc
    holders, names = {}, {}
    for span in doc.spans[TITLES]:
        info = span._.post
        if info is not None and info.head_token is not None:
            holders[info.head_token] = _holders(reading, span)
            if info.holder and info.relation == "before":  # the name's tokens: its conjuncts are the subject's too
                m = reading.args.mention(doc[min(span.end, len(doc) - 1)])
                names[info.head_token] = [doc[i] for i in range(m.start, m.end)] if m is not None else []
    out: list[str] = []
    todo, seen = [tok], set()
    while todo:
        t = todo.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        for key in [*reading.args.agents(t), *holders.get(t.i, [])]:
            if key not in out:
                out.append(key)
        todo += [c for c in t.children if c.dep_ in ("conj", "appos", "compound")] + names.get(t.i, [])
    return out


def _leads(reading: ArticleReading, facts: _Facts) -> None:
    verbs, _ = _lead_lexicon()
    for tok in reading.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
            continue
        if any(c.lower_ in ("will", "would", "could", "may", "might", "to") for c in tok.children) or tok.dep_ == "xcomp":
            continue  # a body someone is to lead is not one they lead
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive:
            bodies = [c for c in tok.children if c.dep_ == "nsubjpass"]
            agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        else:
            bodies = [c for c in tok.children if c.dep_ == "dobj"]
            agents = [c for c in tok.children if c.dep_ == "nsubj"]
            if not agents and tok.dep_ == "conj":  # "X met Y and chaired Z", "co-chaired": the shared subject
                agents = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if not bodies or not agents:
            continue
        body = _body(reading, bodies[0])
        if body is None:
            continue
        for leader in _subject_people(reading, agents[0]):
            if reading.kind_of(leader) in (PERSON, "country", *ORG_KINDS) and leader != body:
                facts.add("leads", leader, body, tok.sent, 0.8)
