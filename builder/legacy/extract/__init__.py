"""Extraction: one parsed article -> plain records (`ArticleFacts`), free of RDF.

`extract_article` is a pure function of the article, its parsed paragraphs and the
knowledge base; the pipeline calls it once per article, in any process.
"""
from __future__ import annotations

import re

from ...kb import KB
from ...model import Article, ArticleFacts, EntityRecord, Relation
from ..nlp import Paragraph
from .context import ArticleContext
from .events import EventReader
from .lexicon import issues_in
from ...names import person_key, slug
from .positions import PositionReader
from .posts import PostReader
from .statements import StatementReader

_ROLE = re.compile(r"\b(envoys?|representatives?|negotiators?)\b", re.I)


def extract_article(article: Article, kb: KB, paras: list[Paragraph], docs: list) -> ArticleFacts:
    ctx = ArticleContext.build(article, kb, paras, docs)
    posts = PostReader(ctx)
    relations = posts.read()
    working_groups, wg_topics, wg_leads = _working_groups(ctx, relations)
    relations += wg_leads
    events = EventReader(ctx).read()
    positions = PositionReader(ctx, working_groups).read()
    statements = StatementReader(ctx).read()
    used = {k for k in ctx.spans}
    for r in relations:
        used.update((r.subject, r.object))
    for e in events:
        used.update(e.participants)
        used.update(x for x in (e.location, e.requested_by) if x)
    for p in positions:
        used.add(p.holder)
        used.update(x for x in p.supports + p.opposes if not x.startswith("issue:"))
    for s in statements:
        used.add(s.speaker)
    # the countries, parents and organisations that described entities point to
    for key in list(used):
        rec = ctx.entities.get(key)
        while rec is not None:
            nxt = [x for x in (rec.country, rec.parent, rec.post_org) if x and x not in used]
            used.update(nxt)
            rec = ctx.entities.get(nxt[0]) if nxt else None
    for key in list(used):
        if key not in ctx.entities and key in kb.entries:
            ctx._register_kb(kb.entries[key])
    entities = {k: v for k, v in ctx.entities.items() if k in used}
    for k in list(entities):
        for ref in (entities[k].country, entities[k].parent, entities[k].post_org):
            if ref and ref in ctx.entities:
                entities.setdefault(ref, ctx.entities[ref])
    facts = ArticleFacts(article=article, entities=entities, mentions=dict(ctx.spans), relations=relations,
                         events=events, positions=positions, statements=statements, topics=wg_topics)
    _article_metadata(facts, ctx)
    return facts


def _article_metadata(facts: ArticleFacts, ctx: ArticleContext) -> None:
    """The author (a person) and the outlet (a media outlet) of the article, as entities."""
    art = facts.article
    if art.author:
        key = person_key(art.author)
        rec = facts.entities.get(key) or ctx.entities.get(key) or EntityRecord(key=key, kind="person", label=art.author)
        rec.names.add(art.author)
        facts.entities[key] = rec
        facts.author = key
    if art.outlet:
        entry = ctx.kb.lookup(art.outlet)
        if entry is not None and entry.kind == "outlet":
            ctx._register_kb(entry)
            facts.entities[entry.key] = ctx.entities[entry.key]
            if entry.country:
                facts.entities.setdefault(entry.country, ctx.entities[entry.country])
            facts.outlet = entry.key
        else:
            key = f"outlet:{slug(art.outlet)}"
            facts.entities[key] = EntityRecord(key=key, kind="outlet", label=art.outlet, names={art.outlet})
            facts.outlet = key


def _working_groups(ctx: ArticleContext, relations: list[Relation]):
    """The joint working group(s) an article talks about: one node, keyed by its parties."""
    tokens = []
    for sent in ctx.sentences:
        if sent.caption:
            continue
        doc = ctx.docs[sent.para]
        for tok in sent.span:
            if tok.lower_ == "group" and tok.i > 0 and doc[tok.i - 1].lower_ == "working" and \
                    not (tok.i > 1 and doc[tok.i - 2].lower_ in ("the", "a")) or \
                    tok.lower_ == "group" and tok.i > 0 and doc[tok.i - 1].lower_ == "working":
                tokens.append((sent, tok))
    if not tokens:
        return {}, {}, []
    envoys = {}
    for r in relations:
        if r.predicate == "holdsPost":
            post = ctx.entities.get(r.object)
            if post is not None and post.envoy and post.country:
                envoys.setdefault(post.country, r.subject)
    leaders: list[str] = []
    lead_sents = []
    parties: set[str] = set()
    for sent, tok in tokens:
        doc = ctx.docs[sent.para]
        for t in doc[max(sent.span.start, tok.i - 6):tok.i]:  # "South Korea-US working group"
            m = ctx.mention_at(sent, t)
            if m is not None and m.kind == "country" and t.i >= tok.i - 4:
                parties.add(m.key)
        for verb in sent.span:
            if verb.lemma_.lower() != "lead" or verb.pos_ != "VERB":
                continue
            agents = [c for c in verb.children if c.dep_ == "agent"]
            for a in agents:
                for obj in a.children:
                    for o in [obj, *obj.conjuncts]:
                        m = ctx.mention_at(sent, o)
                        if m is not None and m.kind == "person":
                            leaders.append(m.key)
                        elif _ROLE.search(o.text):  # "the top nuclear envoys of South Korea and the US"
                            for t in o.subtree:
                                mm = ctx.mention_at(sent, t)
                                if mm is not None and mm.kind == "country" and mm.key in envoys:
                                    leaders.append(envoys[mm.key])
            if leaders:
                lead_sents.append(sent)
    for person in leaders:
        for r in relations:
            if r.predicate == "holdsPost" and r.subject == person:
                post = ctx.entities.get(r.object)
                if post is not None and post.country:
                    parties.add(post.country)
    order = sorted(parties)
    if len(order) >= 2:
        key = "workinggroup:" + "-".join(order)
        label = "–".join(ctx.kb.label(c) for c in order) + " working group"
    else:
        key = f"workinggroup:{ctx.article.article_id}"
        label = "Working group"
    rec = ctx.register(key, "workinggroup", label)
    for c in order:
        ctx.register(c, "country", ctx.kb.label(c))
    rec.names.add(label)
    positions = {}
    topics: list[str] = []
    for sent, tok in tokens:
        positions[(sent.para, tok.i)] = key
        ctx.note_span(key, sent)
        if re.search(r"coordinat|cooperat|aimed|to maintain|to discuss", sent.text):
            topics += [i for i in issues_in(sent.text) if i not in topics]
    leads = [Relation(evidence=[ctx.evidence(s) for s in lead_sents[:1]], confidence=0.8, predicate="leads",
                      subject=p, object=key) for p in dict.fromkeys(leaders)]
    return positions, {key: topics}, leads
