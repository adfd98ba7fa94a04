"""Posts, read off the titles layer: who holds which post, in which organisation and country.

A post is keyed by its title and country when the title names its remit ("Special
Representative for North Korea"), and by its title and organisation otherwise ("Research
Fellow" at an institute), so the same post read in two articles is one node.
"""
from __future__ import annotations

import re

from ..model import Relation
from ..names import slug
from ..nlp.layers import TITLES
from .reading import ArticleReading


def post_key(reading: ArticleReading, title: str, country: str | None, org: str | None) -> tuple[str, str]:
    """The post's key and label."""
    has_remit = bool(re.search(r"\b(for|of)\b", title, re.I))
    org_kind = reading.kind_of(org) if org else ""
    scope = org if org and not has_remit and org_kind not in ("ministry", "government") else (country or org or "unknown")
    qualifier = None
    if org and not has_remit and org_kind not in ("ministry", "government") and org in reading.entities:
        qualifier = reading.entities[org].label
    elif country and country in reading.kb.entries:
        qualifier = reading.kb.label(country)
    elif country and country in reading.entities:
        qualifier = reading.entities[country].label
    label = f"{title} ({qualifier})" if qualifier else title
    return f"post:{slug(title)}@{scope}", label


def read_posts(reading: ArticleReading) -> list[Relation]:
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for span in reading.doc.spans[TITLES]:
        info = span._.post
        if info is None or info.holder is None or info.tense not in ("current", "former", "acting"):
            continue
        with reading.guard("a post", span.sent):
            key, label = post_key(reading, info.title, info.country, info.org)
            reading.register(key, "post", label, country=info.country, post_org=info.org, envoy=info.envoy or None)
            if ("holdsPost", info.holder, key) not in seen:
                seen.add(("holdsPost", info.holder, key))
                relations.append(Relation(evidence=[reading.evidence(span.sent)], confidence=0.85,
                                          predicate="holdsPost", subject=info.holder, object=key))
    return relations
