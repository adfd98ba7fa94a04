"""Identity across articles: one description per entity from the records of every article.

Identity is decided by the keys, not here: `builder.names.person_key` folds the variants of a
person's name (romanisation, initials, nicknames, transliterations, the order of a two-word
name) and the mentions component keys places and organisations, so every article's graph
names the same node on its own and a stored article graph never needs rewriting when another
article arrives. A person known in an article only by title and surname ("President Alvarez")
has a key of that article (`person:alvarez@<article>`): a bare surname never merges people
across articles. This pass merges what each article says about an entity (names, country,
parent body, post's organisation) and picks one preferred label: the link table's label when
the entity is linked, else the most frequent full form, hyphenated romanisations
("Choe Son-hui") before spaced ones.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .model import EntityRecord


@dataclass
class EntityDescription:
    key: str
    kind: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    country: str | None = None
    parent: str | None = None
    post_org: str | None = None
    envoy: bool = False  # person: holds an envoy post; post: is an envoy post
    wikidata: str | None = None


def _label_score(name: str, count: int, kind: str = "") -> tuple:
    words = name.split()
    has_initial = any(len(w.rstrip(".")) == 1 for w in words[1:-1])
    if kind == "post":  # the formal title ("Vice Minister of Unification") before the compressed one
        title = name.split(" (")[0]
        return (count, bool(re.search(r"\b(of|for)\b", title)), -len(name))
    return (count, "-" in name, not has_initial, -len(name))


def merge_entities(records: list[dict[str, EntityRecord]], envoy_holdings: list[tuple[str, str]],
                   link_labels: dict[str, str] | None = None) -> dict[str, EntityDescription]:
    """Merge per-article entity records into one description per key."""
    names: dict[str, Counter] = {}
    merged: dict[str, EntityDescription] = {}
    countries: dict[str, Counter] = {}
    for per_article in records:
        for key, rec in per_article.items():
            desc = merged.get(key)
            if desc is None:
                desc = merged[key] = EntityDescription(key=key, kind=rec.kind, label=rec.label)
            names.setdefault(key, Counter()).update(rec.names or {rec.label})
            if rec.country:
                countries.setdefault(key, Counter())[rec.country] += 1
            desc.parent = desc.parent or rec.parent
            desc.post_org = desc.post_org or rec.post_org
            desc.envoy = desc.envoy or rec.envoy
    for key, desc in merged.items():
        if key in countries:
            desc.country = countries[key].most_common(1)[0][0]
        counted = names.get(key, Counter())
        preferred = (link_labels or {}).get(key)
        if preferred is None:
            full = {n: c for n, c in counted.items() if len(n.split()) >= 2} if desc.kind == "person" else dict(counted)
            pool = full or dict(counted) or {desc.label: 1}
            preferred = max(pool, key=lambda n: _label_score(n, pool[n], desc.kind))
        desc.label = preferred
        desc.alt_labels = sorted(n for n in counted if n != preferred)
    posts = {k for k, d in merged.items() if d.kind == "post" and d.envoy}
    for person, post in envoy_holdings:
        if post in posts and person in merged:
            merged[person].envoy = True
    return merged
