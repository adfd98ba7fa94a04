"""Online linking: candidates from a reconciliation service, scored, linked when certain.

For every entity the offline table and the review file leave unlinked, the service is asked
for candidates of the entity's type (Wikidata item types for Wikidata's service, Peninsula
classes for another Peninsula server, none for an unknown vocabulary). Each candidate is
checked on its name (equal to the entity's label or one of its names), its type (agrees with
the entity's kind; a person is never linked to a place or the reverse, and a contradicted
candidate is dropped) and its country (the entity's country, or for a person the country of
a post held, named in the candidate's description). A candidate is *certain* when all three
agree, the service scores it at least `CERTAIN_SCORE` and no other candidate does the same;
it then becomes a link. Others above `REVIEW_SCORE` go to the review file for a person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .kb import load_kb
from .link import _norm
from .resolve import EntityDescription

WIKIDATA = "http://www.wikidata.org/entity/"
DIP = "https://w3id.org/peninsula/ontology#"
CERTAIN_SCORE = 90.0
REVIEW_SCORE = 40.0
REVIEW_CANDIDATES = 3  # per entity, best first
QUERY_LIMIT = 5

# Entity kinds that are looked up online (posts and working groups are too article-specific).
ONLINE_KINDS = ("person", "country", "place", "ministry", "government", "outlet", "institute",
                "international", "organization")
_ORG_KINDS = {"ministry", "government", "outlet", "institute", "international", "organization"}

# Wikidata: the type sent with the query (the service keeps its subclasses) and the item types
# a candidate may carry (its P31 values) for the type to agree. Q5 human; Q6256 country,
# Q3624078 sovereign state; Q515 city, Q5119 capital, Q1549591 big city, Q1637706 city with
# millions of inhabitants, Q200250 metropolis, Q486972 human settlement, Q2221906 geographic
# location, Q82794 geographic region, Q34763 peninsula, Q1248784 airport, Q644371 international
# airport; Q43229 organization, Q327333 government agency, Q192350 ministry, Q484652
# international organization, Q11032 newspaper, Q1153191 online newspaper, Q192283 news agency.
_WD_PLACES = {"Q515", "Q5119", "Q1549591", "Q1637706", "Q200250", "Q486972", "Q2221906", "Q82794",
              "Q34763", "Q1248784", "Q644371"}
_WD_ORGS = {"Q43229", "Q327333", "Q192350", "Q484652", "Q11032", "Q1153191", "Q192283"}
WIKIDATA_TYPES: dict[str, tuple[str | None, set[str]]] = {
    "person": ("Q5", {"Q5"}),
    "country": ("Q6256", {"Q6256", "Q3624078"}),
    "place": (None, _WD_PLACES),
    **{k: ("Q43229", _WD_ORGS) for k in _ORG_KINDS},
}
HUMAN = {WIKIDATA + "Q5", "Q5", DIP + "Person"}


@dataclass
class Candidate:
    iri: str
    name: str
    description: str
    score: float
    name_ok: bool
    type_ok: bool
    country_ok: bool

    @property
    def certain(self) -> bool:
        return self.name_ok and self.type_ok and self.country_ok and self.score >= CERTAIN_SCORE


class Vocabulary:
    """How one service names types and items: from its manifest."""

    def __init__(self, manifest: dict):
        self.identifier_space = manifest.get("identifierSpace") or ""
        type_ids = {t.get("id", "") for t in manifest.get("defaultTypes") or [] if isinstance(t, dict)}
        self.wikidata = self.identifier_space.rstrip("/") + "/" == WIKIDATA
        self.peninsula = not self.wikidata and any(t.startswith(DIP) for t in type_ids)

    def query_type(self, kind: str) -> str | None:
        if self.wikidata:
            return WIKIDATA_TYPES[kind][0]
        if self.peninsula:
            from .emit import KIND_CLASS

            return DIP + KIND_CLASS.get(kind, "Organization")
        return None

    def accepted_types(self, kind: str) -> set[str]:
        if self.wikidata:
            return WIKIDATA_TYPES[kind][1]
        sent = self.query_type(kind)
        return {sent} if sent else set()

    def item_iri(self, item_id: str) -> str:
        return item_id if "://" in item_id else self.identifier_space + item_id


def country_names(key: str) -> list[str]:
    """Ways a description names a country: its label, aliases and demonyms from the gazetteer."""
    kb = load_kb()
    entry = kb.entries.get(key)
    if entry is None:
        return []
    names = [entry.label, *(a for a in entry.aliases if not a.lower().startswith("the "))]
    names += [d for d, k in kb._demonyms.items() if k == key]
    return sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)


def entity_country(desc: EntityDescription, posts_of: dict[str, list[str]],
                   descriptions: dict[str, EntityDescription]) -> str | None:
    if desc.kind == "country":
        return desc.key
    if desc.country:
        return desc.country
    for post in posts_of.get(desc.key, []):
        if post in descriptions and descriptions[post].country:
            return descriptions[post].country
    return None


def _mentions(text: str, names: list[str]) -> bool:
    for n in names:
        flags = 0 if n.isupper() or "." in n else re.IGNORECASE  # "US" is not "us"
        if re.search(r"(?<![\w.])" + re.escape(n) + r"(?![\w])", text, flags):
            return True
    return False


def _type_ids(result: dict) -> set[str]:
    out = set()
    for t in result.get("type") or []:
        tid = t.get("id") if isinstance(t, dict) else t
        if isinstance(tid, str):
            out.add(tid)
            if tid.startswith(WIKIDATA):
                out.add(tid[len(WIKIDATA):])
    return out


def bare(label: str) -> str:
    """"Ministry of Foreign Affairs (South Korea)" -> "Ministry of Foreign Affairs"."""
    return label.split(" (")[0] if label.endswith(")") and " (" in label else label


def score_candidates(desc: EntityDescription, results: list[dict], vocab: Vocabulary, country: str | None,
                     descriptions: dict[str, EntityDescription]) -> list[Candidate]:
    """The service's candidates for one entity, checked; contradicted types dropped; best first."""
    names = {_norm(n) for n in [desc.label, *desc.alt_labels]} | {_norm(bare(n)) for n in [desc.label, *desc.alt_labels]}
    accepted = vocab.accepted_types(desc.kind)
    sent = vocab.query_type(desc.kind)
    cnames = country_names(country) if country else []
    if country and country in descriptions:
        cnames = sorted({*cnames, descriptions[country].label}, key=len, reverse=True)
    out = []
    for r in results:
        types = _type_ids(r)
        human = bool(types & HUMAN)
        if types and (human != (desc.kind == "person")):
            continue  # never a person to a place, an organisation or a country, nor the reverse
        type_ok = bool(types & accepted) or (sent is not None and sent in types)
        if types and accepted and not type_ok:
            continue  # a type the entity's kind excludes
        try:
            score = float(r.get("score") or 0)
        except (TypeError, ValueError):
            score = 0.0
        description = str(r.get("description") or "")
        if desc.kind == "country":
            country_ok = type_ok
        else:
            country_ok = bool(cnames) and _mentions(description, cnames)
        out.append(Candidate(vocab.item_iri(str(r["id"])), str(r.get("name") or ""), description, score,
                             _norm(str(r.get("name") or "")) in names, type_ok, country_ok))
    out.sort(key=lambda c: (-c.certain, -c.score, c.iri))
    return out


def build_query(desc: EntityDescription, vocab: Vocabulary, country: str | None,
                descriptions: dict[str, EntityDescription]) -> dict:
    # Wikidata's labels carry no "(South Korea)" qualifier: the country is checked apart.
    query: dict = {"query": bare(desc.label) if vocab.wikidata else desc.label, "limit": QUERY_LIMIT}
    qtype = vocab.query_type(desc.kind)
    if qtype:
        query["type"] = qtype[len(WIKIDATA):] if qtype.startswith(WIKIDATA) else qtype
    if vocab.wikidata and country and country != desc.key and descriptions.get(country) \
            and descriptions[country].wikidata:
        pid = "P27" if desc.kind == "person" else "P17"  # country of citizenship / country
        query["properties"] = [{"pid": pid, "v": descriptions[country].wikidata}]
    return query
