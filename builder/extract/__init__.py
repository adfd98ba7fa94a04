"""Extraction: one parsed article (a Doc with every layer) -> plain records (`ArticleFacts`).

The readers read the layers `builder.nlp` added; none of them touches RDF. `extract_article`
is a pure function of the article and its Doc: the pipeline calls it once per article, in
any process.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, ArticleFacts, EntityRecord
from ..names import person_key, slug
from ..nlp.layers import DEMONYM, MENTIONS, REFERENCES
from .bodies import BodyReader
from .events import read_events
from .positions import read_positions
from .posts import article_home, read_posts
from .reading import ArticleReading
from .reconcile import reconcile_events
from .statements import read_statements


def extract_article(article: Article, doc: Doc) -> ArticleFacts:
    reading = ArticleReading(article, doc)
    facts = ArticleFacts(article=article)
    facts.relations = read_posts(reading)
    _home_of_national_bodies(reading, facts)
    bodies = BodyReader(reading)
    mentions = read_events(reading)
    bodies.join_meetings(mentions)
    facts.events = reconcile_events(mentions, reading.warnings)
    bodies.read(facts)  # joint bodies: leads, topics; the bodies that travel with a delegation
    facts.positions = read_positions(reading)
    facts.statements = read_statements(reading)
    facts.mentions = _mention_evidence(reading)
    facts.entities = _entities_used(reading, facts)
    _national_keys(reading, facts)
    _article_metadata(reading, facts)
    facts.warnings = reading.warnings
    return facts


NATIONAL_KINDS = ("ministry", "government")


def _home_of_national_bodies(reading: ArticleReading, facts: ArticleFacts) -> None:
    """The country of a national body the words leave unqualified ("the Foreign Ministry",
    keyed for this article alone by the mentions layer), as news reports read it:

    1. the one country whose body of that kind the article names ("Kenya's Foreign Ministry
       said ... The Foreign Ministry added"): the same country's;
    2. the one country the article gives the people holding posts in it ("Otieno, a Kenyan
       envoy at the Ministry of Foreign Affairs"): a diplomat serves their own government;
    3. the home country of a national outlet (a Nairobi daily's "the Foreign Ministry");
    4. the country of the dateline's city, for an outlet with no home country ("NAIROBI
       (Wire) - The Foreign Ministry said").

    Nothing when none of these gives exactly one country; `_national_keys` then gives the
    body its country's key."""
    local = [rec for key, rec in reading.entities.items()
             if "@" in key and rec.kind in NATIONAL_KINDS and rec.country is None]
    if not local:
        return
    home = article_home(reading)
    for rec in local:
        base = rec.key.split("@", 1)[0]
        named = {r.country for k, r in reading.entities.items()
                 if k.startswith(base + "-") and r.kind == rec.kind and r.country}
        posts = {k for k, r in reading.entities.items() if r.kind == "post" and r.post_org == rec.key}
        holders = {reading.entities[r.subject].country for r in facts.relations
                   if r.predicate == "holdsPost" and r.object in posts and r.subject in reading.entities} - {None}
        for found in (named, holders, {home} - {None}):
            if len(found) == 1:
                rec.country = next(iter(found))
                break


def _national_keys(reading: ArticleReading, facts: ArticleFacts) -> None:
    """A national body the article's own key stood for, once its country is known, is that
    country's body ("mofa@a1" -> "mofa-kenya", as "Kenya's Foreign Ministry" is keyed), so
    that articles naming it bare and by its country describe one node; posts in it follow."""
    kb = reading.kb
    rename: dict[str, str] = {}
    for key, rec in list(facts.entities.items()):
        if "@" not in key or rec.kind not in NATIONAL_KINDS or not rec.country:
            continue
        base = key.split("@", 1)[0]
        new = f"{base}-{rec.country}"
        label = kb.entries[base].label if base in kb.entries else rec.label
        rename[key] = new
        rec.key, rec.label = new, f"{label} ({kb.label(rec.country)})"
        rec.names = {n for n in rec.names if n != label} | {rec.label}  # named as mentions name "Kenya's ..." 
        for pkey, post in list(facts.entities.items()):
            if post.kind == "post" and post.post_org == key and pkey.endswith("@" + key):
                rename[pkey] = pkey[: -len(key)] + new
                post.key, post.post_org = rename[pkey], new
                post.label = post.label.replace(f"({label})", f"({label}, {kb.label(rec.country)})")
    if not rename:
        return

    def swap(v):
        if isinstance(v, str):
            return rename.get(v, v)
        if isinstance(v, list):
            return [swap(x) for x in v]
        return v

    for fact in (*facts.relations, *facts.events, *facts.positions, *facts.statements):
        for name in ("subject", "object", "participants", "location", "requested_by", "requesters",
                     "holder", "supports", "opposes", "speaker", "about"):
            if hasattr(fact, name):
                setattr(fact, name, swap(getattr(fact, name)))
    for table in (facts.mentions, facts.topics):
        for old, new in rename.items():
            if old in table:
                table.setdefault(new, []).extend(x for x in table.pop(old) if x not in table.get(new, []))
    entities = {}
    for key, rec in facts.entities.items():
        rec.country, rec.parent, rec.post_org = swap(rec.country), swap(rec.parent), swap(rec.post_org)
        entities[rename.get(key, key)] = rec
    facts.entities = entities


def _mention_evidence(reading: ArticleReading) -> dict:
    """Entity key -> the sentences that name it (captions left out)."""
    out: dict = {}
    doc = reading.doc
    for span in [*doc.spans[MENTIONS], *doc.spans[REFERENCES]]:
        if span.label_ == DEMONYM or reading.in_caption(span[0]):
            continue
        keys = (span.kb_id_,) if span.kb_id_ else (span._.referents or ())
        for key in keys:
            ev = reading.evidence(span.sent)
            spans = out.setdefault(key, [])
            if ev not in spans:
                spans.append(ev)
    return out


def _entities_used(reading: ArticleReading, facts: ArticleFacts) -> dict[str, EntityRecord]:
    """The records of every entity the facts name, with the countries, parents and
    organisations those records point to."""
    used = set(facts.mentions)
    for r in facts.relations:
        used.update((r.subject, r.object))
    for e in facts.events:
        used.update(e.participants)
        used.update(x for x in (e.location, e.requested_by, *e.requesters) if x)
    for p in facts.positions:
        used.add(p.holder)
        used.update(x for x in p.supports + p.opposes if not x.startswith("issue:"))
    for s in facts.statements:
        used.add(s.speaker)
        used.update(x for x in s.about if not x.startswith("issue:"))
    entities: dict[str, EntityRecord] = {}
    todo = list(used)
    while todo:
        key = todo.pop()
        if key in entities:
            continue
        rec = reading.entities.get(key)
        if rec is None and key in reading.kb.entries:
            entry = reading.kb.entries[key]
            rec = EntityRecord(key=key, kind=entry.kind, label=entry.label, names={entry.label},
                               country=entry.country if entry.country != "*" else None, parent=entry.parent)
        if rec is None:
            continue
        entities[key] = rec
        todo += [x for x in (rec.country, rec.parent, rec.post_org) if x and x not in entities]
    return entities


def _article_metadata(reading: ArticleReading, facts: ArticleFacts) -> None:
    """The authors (persons) and the outlet (a media outlet) of the article, as entities."""
    art = facts.article
    for name in art.authors or ((art.author,) if art.author else ()):
        key = person_key(name)
        rec = facts.entities.get(key) or reading.entities.get(key) or EntityRecord(key=key, kind="person", label=name)
        rec.names.add(name)
        facts.entities[key] = rec
        if key not in facts.authors:
            facts.authors.append(key)
    facts.author = facts.authors[0] if facts.authors else None
    if art.outlet:
        entry = reading.kb.lookup(art.outlet)
        if entry is not None and entry.kind == "outlet":
            facts.entities[entry.key] = EntityRecord(key=entry.key, kind="outlet", label=entry.label,
                                                     names={entry.label}, country=entry.country)
            if entry.country and entry.country not in facts.entities and entry.country in reading.kb.entries:
                c = reading.kb.entries[entry.country]
                facts.entities[c.key] = EntityRecord(key=c.key, kind=c.kind, label=c.label, names={c.label})
            facts.outlet = entry.key
        else:
            key = f"outlet:{slug(art.outlet)}"
            facts.entities[key] = EntityRecord(key=key, kind="outlet", label=art.outlet, names={art.outlet})
            facts.outlet = key
