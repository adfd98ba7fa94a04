"""Wikidata links from the offline table of verified items (`data/wikidata.tsv`).

An entity links only when its kind and its label or one of its names match a row, and the
row's check holds (Ri Yong-ho the foreign minister, not the general; Washington the US
city). No match, no link: a wrong link is worse than none.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .kb import normalise_quotes
from .resolve import EntityDescription

_KIND_GROUP = {"person": "person", "country": "country", "place": "place", "post": "post",
               "ministry": "organization", "government": "organization", "outlet": "organization",
               "institute": "organization", "international": "organization", "organization": "organization"}


@dataclass(frozen=True)
class LinkRow:
    kind: str
    label: str
    names: frozenset[str]
    item: str
    check: str


def _norm(name: str) -> str:
    return " ".join(normalise_quotes(name).replace("-", " ").lower().split())


@lru_cache(maxsize=1)
def load_link_table() -> tuple[LinkRow, ...]:
    text = resources.files("builder").joinpath("data/wikidata.tsv").read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if l and not l.startswith("#")]
    rows = []
    for r in csv.DictReader(lines, delimiter="\t"):
        names = {r["label"], *(a for a in (r.get("aliases") or "").split("|") if a)}
        rows.append(LinkRow(r["kind"], r["label"], frozenset(_norm(n) for n in names), r["item"],
                            (r.get("check") or "").strip()))
    return tuple(rows)


def _check(row: LinkRow, desc: EntityDescription, posts_of: dict[str, list[str]],
           descriptions: dict[str, EntityDescription]) -> bool:
    if not row.check:
        return True
    what, _, value = row.check.partition("~") if "~" in row.check else row.check.partition("=")
    if row.check.startswith("post~"):
        return any(value.lower() in descriptions[p].label.lower() for p in posts_of.get(desc.key, [])
                   if p in descriptions)
    if row.check.startswith("country="):
        return desc.country == value or desc.key == value
    return False


def link_offline(descriptions: dict[str, EntityDescription], holdings: list[tuple[str, str]]) -> dict[str, str]:
    """Key -> Wikidata item id for every entity the table verifies; also sets `.wikidata`."""
    posts_of: dict[str, list[str]] = {}
    for person, post in holdings:
        posts_of.setdefault(person, []).append(post)
    links: dict[str, str] = {}
    for key, desc in descriptions.items():
        group = _KIND_GROUP.get(desc.kind)
        names = {_norm(desc.label), *(_norm(n) for n in desc.alt_labels)}
        if desc.kind == "post":  # "Secretary of State (United States)": match the title part
            names |= {_norm(n.split(" (")[0]) for n in [desc.label, *desc.alt_labels]}
        for row in load_link_table():
            if row.kind == group and names & row.names and _check(row, desc, posts_of, descriptions):
                links[key] = row.item
                desc.wikidata = row.item
                break
    return links


def preferred_labels(keys_and_names: dict[str, set[str]], kinds: dict[str, str]) -> dict[str, str]:
    """The label an entity must have whatever articles call it: the knowledge base's for its
    entries, the link table's for people who match a row by name."""
    from .kb import load_kb

    kb = load_kb()
    out = {key: kb.entries[key].label for key in keys_and_names if key in kb.entries}
    for key, names in keys_and_names.items():
        group = _KIND_GROUP.get(kinds.get(key, ""))
        if group != "person":
            continue
        normed = {_norm(n) for n in names}
        for row in load_link_table():
            if row.kind == group and normed & row.names:
                out[key] = row.label
                break
    return out
