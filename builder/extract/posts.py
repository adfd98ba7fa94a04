"""Posts, affiliations, counterparts and leaders, read off the titles layer.

- holdsPost: a title with a post head ("Finance Minister Lars Holm", "Liv Hansen, executive
  secretary of ...", "Holm served as ambassador to Chile"), whether the article says the
  post is held now or was held before ("former", "used to be", "from 2011 to 2014"):
  `dip:holdsPost` is the post held as of the article or earlier. A designate's post
  ("-designate", "incoming", "nominated as", "hopes to be named") is not held, and is not
  stated; nor is a post the sentence denies or supposes (`PostInfo.stated`). A title that
  names no country or body takes the one country the holder's other posts in the article
  give ("Odhiambo, who is also deputy president"); a bare title another post of the holder
  already says ("Minister Holm" after "Foreign Minister Lars Holm") is not said again; a
  title before a surname two people of the article share names nobody. A transcript
  speaker's label ("DEPUTY SECRETARY JANE DOE:") is a post only when the article gives the
  holder's country (the header's title of the same head, the article title, other posts).
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
from ..nlp.title_clauses import clause_mood
from ..nlp.title_mentions import ORG_KINDS
from ..nlp.titles import load_lexicon
from .reading import ArticleReading

PERSON = "person"
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
             holder: str | None = None, has_remit: bool = False) -> tuple[str, str]:
    """The post's key and label: "Special Envoy for Arctic Affairs (Norway)"."""
    name = slug(re.sub(r"\b(the|a|an)\b", " ", load_lexicon().one_name(title), flags=re.I))
    if org and not has_remit:
        scope, qualifier = org, _qualifier(reading, org)
    elif country:
        scope, qualifier = country, _qualifier(reading, country)
    elif org:
        scope, qualifier = org, _qualifier(reading, org)
    else:
        scope, qualifier = (holder or "unknown"), ""
    if qualifier and qualifier.split(",")[0].lower() in title.lower():
        qualifier = ", ".join(qualifier.split(",")[1:]).strip()  # "Central Bank Governor": the body is in the title
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
        if info.relation == "before" and _shared_name(reading, doc[info.holder_token].text):
            return []  # "Special Representative Kim" with two Kims in the article: whose post is unsure
        return _persons(reading, doc[info.holder_token]._.referents)
    if info.head_token is not None and (info.country or info.org or info.kind == "relational" or info.has_remit):
        # a role NP coreference resolved ("the Canadian negotiator"); a bare "the envoy" only
        # refers back to a post already read, and names none of its own
        return _persons(reading, doc[info.head_token]._.referents)
    return []


def _shared_name(reading: ArticleReading, word: str) -> bool:
    """More than one person of the article has this word in their name."""
    word = word.lower()
    persons = [rec for rec in reading.entities.values() if rec.kind == PERSON and
               any(word in name.lower().replace("-", " ").split() for name in (rec.label, *rec.names))]
    return len(persons) > 1


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
    titles = []  # (span, holders) of the titles that state what their holders are
    for span in reading.doc.spans[TITLES]:
        info = span._.post
        if info is None or reading.in_caption(span[0]) or info.tense == "designate" or not info.stated:
            continue
        with reading.guard("a post", span.sent):
            titles.append((span, _holders(reading, span)))
    posts = [(span, holders) for span, holders in titles if span._.post.kind in ("post", "envoy")]
    countries = _holder_countries(reading, posts)
    for span, holders in titles:
        with reading.guard("a post", span.sent):
            _read_title(reading, facts, span, holders, countries, posts)
    with reading.guard("affiliations"):
        _affiliation_of(reading, facts)
    with reading.guard("leaders"):
        _leads(reading, facts)
    return facts.relations


def _holder_countries(reading: ArticleReading, posts) -> dict[str, str]:
    """The one country each holder's posts in the article give (the post's own country, or
    its organisation's), for a title that names none ("President" alone)."""
    found: dict[str, set[str]] = {}
    for span, holders in posts:
        info = span._.post
        country = info.country
        if country is None and info.org:
            org = reading.entities.get(info.org)
            country = org.country if org is not None else None
        for holder in holders:
            if country:
                found.setdefault(holder, set()).add(country)
    return {h: next(iter(cs)) for h, cs in found.items() if len(cs) == 1}


def _header_country(reading: ArticleReading, span) -> str | None:
    """The country the article's header gives a speaker's title: a title with the same head
    and a country that names nobody in the first line ("Press conference by Peru's Trade
    Minister"), or the one country the article's title names (a country or its demonym, not a
    city) when it has that head."""
    info, doc = span._.post, reading.doc
    blocks = doc._.blocks or []
    first_end = blocks[0].end if blocks else 0
    for other in doc.spans[TITLES]:
        o = other._.post
        if o is not None and o is not info and other.start_char < first_end and o.head == info.head and \
                o.country and not o.holder and o.holder_token is None:
            return o.country
    title = reading.article.title or ""
    if info.head not in title.lower().replace("-", " ").split():
        return None
    kb = reading.kb
    found = {e.key for e in map(kb.lookup, re.findall(r"[A-Z][\w-]+", title)) if e is not None and e.kind == "country"}
    found |= {kb.demonym_forms[w] for w in re.findall(r"[A-Z][\w-]+", title) if w in kb.demonym_forms}
    return next(iter(found)) if len(found) == 1 else None


def article_home(reading: ArticleReading) -> str | None:
    """The country a news report is written from, for what it leaves unqualified: a national
    outlet's home country (a Nairobi daily), else the country of the dateline's city for an
    outlet with none ("NAIROBI (Wire) -"); None when neither gives exactly one."""
    kb = reading.kb
    outlet = kb.lookup(reading.article.outlet) if reading.article.outlet else None
    if outlet is not None and outlet.kind == "outlet" and outlet.country:
        return outlet.country
    places = {b.dateline_place for b in (reading.doc._.blocks or ()) if b.dateline_place}
    countries = {kb.country_key(p) for p in places if p in kb.entries} - {None}
    return next(iter(countries)) if len(countries) == 1 else None


RANK_WORDS = ("vice", "deputy", "first", "second", "senior", "junior", "acting", "assistant")


def _national_body_of(reading: ArticleReading, info):
    """The body every country has that a minister's title is named after ("Foreign Minister",
    "First Vice Foreign Minister": the Foreign Ministry), read off the knowledge base; None
    for other titles ("President"; a portfolio the KB has no such body for)."""
    words = info.title.split()
    if len(words) < 2 or words[-1].lower() != "minister":
        return None
    words = words[:-1]
    while words and words[0].lower() in RANK_WORDS:
        words = words[1:]
    if not words:
        return None
    entry = reading.kb.lookup(" ".join([*words, "Ministry"]))
    return entry if entry is not None and entry.country == "*" else None


def _national_office(reading: ArticleReading, info) -> bool:
    """Such a title with no country in its words is, in news usage, the home government's
    ("President", with no such body, is not)."""
    return _national_body_of(reading, info) is not None


def _bare(info) -> bool:
    return not (info.country or info.org or info.has_remit)


def _subsumed(span, holder: str, posts) -> bool:
    """A bare title ("Minister Holm") whose words another post of the same holder in the
    article has ("Foreign Minister Lars Holm"): the same post, said again."""
    info = span._.post
    words = set(info.title.lower().split())
    for other, holders in posts:
        if other is not span and holder in holders and words < set(other._.post.title.lower().split()):
            return True
    return False


def _read_title(reading: ArticleReading, facts: _Facts, span, holders, countries, posts) -> None:
    info = span._.post
    if info.kind in ("post", "envoy") and len(holders) > 1 and info.head_token is not None and \
            reading.doc[info.head_token].tag_ in ("NNS", "NNPS"):
        return  # "the envoys of Norway and Chile": whose post is for which country, the title does not say
    if info.kind in ("post", "envoy"):
        for holder in holders:
            if _bare(info) and _subsumed(span, holder, posts):
                continue
            country = info.country or (countries.get(holder) if not info.org else None)
            if country is None and not info.org and _national_office(reading, info):
                person = reading.entities.get(holder)  # "Foreign Minister Amina Odhiambo" in a Nairobi daily
                country = (person.country if person is not None else None) or article_home(reading)
            if info.relation == "label" and not info.org:
                country = country or _header_country(reading, span)
                if not country:
                    continue  # "DEPUTY SECRETARY JANE DOE:" of which country, the article does not say
            key, label = post_key(reading, info.title, country, info.org, holder, info.has_remit)
            org = info.org
            body = _national_body_of(reading, info) if org is None and country else None
            if body is not None:  # "Vice Foreign Minister (Chile)": a post in Chile's Foreign Ministry
                org = f"{body.key}-{country}"
                reading.register(org, body.kind, f"{body.label} ({reading.kb.label(country)})", country=country)
            reading.register(key, "post", label, country=country, post_org=org,
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
    kind = "institute" if lex.body_kind(text, ("institute",)) else "organization"
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
    lex = load_lexicon()
    modals = lex.clause.get("modals", frozenset()) | lex.clause.get("future", frozenset())
    for tok in reading.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
            continue
        if any(c.lower_ in modals or c.tag_ == "TO" for c in tok.children) or tok.dep_ == "xcomp" or \
                clause_mood(tok, lex) in ("unstated", "designate"):
            continue  # a body someone is to lead, or did not lead, is not one they lead
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
