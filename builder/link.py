"""Wikidata links from the offline table of verified items (`data/wikidata.tsv`).

An entity links only when its kind and its label or one of its names match a row, and the
row's check holds (Ri Yong-ho the foreign minister, not the general; Washington the US
city). No match, no link: a wrong link is worse than none.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
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


# --- the linker a build runs: offline table, review decisions, and (opt-in) a reconciliation service

@dataclass
class LinkOptions:
    """How a build links entities. `mode` "offline" (the default) uses the table and the review
    file's accepted rows only; "online" also asks the reconciliation service at `url`."""
    mode: str = "offline"
    url: str | None = None  # default: Wikidata's public reconciliation service
    review_file: "Path | None" = None  # default: <store>/link-review.csv
    cache_dir: "Path | None" = None  # default: <store>/link-cache/
    rate: float = 5.0  # requests per second, at most
    timeout: float = 10.0  # seconds per request
    batch: int = 10  # queries per request


@dataclass
class LinkReport:
    offline: int = 0  # entities linked by the offline table
    accepted: int = 0  # linked by an accepted row of the review file
    online: int = 0  # linked by a certain candidate from the service
    proposed: int = 0  # rows appended to the review file for a person to decide
    pending: int = 0  # rows of the review file awaiting a decision
    requests: int = 0  # HTTP requests sent to the service (cached answers send none)
    review_file: str = ""
    notices: list = field(default_factory=list)  # one-line messages for the user
    external: dict = field(default_factory=dict)  # key -> IRI of a link outside Wikidata


def _set_link(desc: EntityDescription, iri: str, external: dict[str, str]) -> None:
    from .link_online import WIKIDATA

    if iri.startswith(WIKIDATA) and iri[len(WIKIDATA):].startswith("Q"):
        desc.wikidata = iri[len(WIKIDATA):]
    else:
        external[desc.key] = iri


def link_entities(descriptions: dict[str, EntityDescription], holdings: list[tuple[str, str]],
                  entity_iri, store_dir, options: LinkOptions | None = None) -> LinkReport:
    """Link every entity it can; sets `.wikidata` on descriptions, returns what it did.

    1. the offline table (verified items) always; 2. the review file's accepted rows for
    entities the table leaves unlinked; 3. with `mode="online"`, the reconciliation service
    for the rest: certain candidates link (and are recorded as accepted rows), uncertain ones
    are appended as pending rows, rejected ones are never proposed again. A service that
    cannot be reached leaves a notice and the links of steps 1 and 2: the build goes on.
    """
    from pathlib import Path

    from .link_review import REVIEW_FILE, ReviewFileError, decisions, pending, read_review, write_review

    options = options or LinkOptions()
    report = LinkReport()
    store_dir = Path(store_dir)
    review_path = Path(options.review_file) if options.review_file else store_dir / REVIEW_FILE
    report.review_file = str(review_path)
    report.offline = len(link_offline(descriptions, holdings))
    try:
        rows = read_review(review_path)
    except ReviewFileError as exc:
        report.notices.append(f"{exc}; its decisions were not applied")
        rows = []
    accepted, rejected = decisions(rows)
    iri_of = {key: str(entity_iri(key, d.kind)) for key, d in descriptions.items()}
    for key, desc in descriptions.items():
        if desc.wikidata is None and iri_of[key] in accepted and (iri_of[key], accepted[iri_of[key]]) not in rejected:
            _set_link(desc, accepted[iri_of[key]], report.external)
            report.accepted += 1
    if options.mode == "online":
        new_rows = _link_online(descriptions, holdings, iri_of, rows, rejected, store_dir, options, report)
        if new_rows:
            rows += new_rows
            write_review(review_path, rows)
            report.proposed = sum(1 for r in new_rows if r.verdict == "pending")
    report.pending = len(pending(rows))
    return report


def _link_online(descriptions, holdings, iri_of, rows, rejected, store_dir, options, report) -> list:
    from .link_online import ONLINE_KINDS, REVIEW_CANDIDATES, REVIEW_SCORE, Vocabulary, build_query, \
        entity_country, score_candidates
    from .link_review import ReviewRow
    from .reconcile_client import DEFAULT_URL, ReconcileClient, ServiceUnavailable

    url = options.url or DEFAULT_URL
    client = ReconcileClient(url, options.cache_dir or store_dir / "link-cache", rate=options.rate,
                             timeout=options.timeout, batch=options.batch)
    posts_of: dict[str, list[str]] = {}
    for person, post in holdings:
        posts_of.setdefault(person, []).append(post)
    todo = [k for k, d in sorted(descriptions.items())
            if d.kind in ONLINE_KINDS and d.wikidata is None and k not in report.external]
    new_rows: list = []
    try:
        vocab = Vocabulary(client.manifest())
        countries = {k: entity_country(descriptions[k], posts_of, descriptions) for k in todo}
        queries = {k: build_query(descriptions[k], vocab, countries[k], descriptions) for k in todo}
        answers = client.reconcile(queries)
    except ServiceUnavailable as exc:
        report.requests = client.requests
        if not exc.partial:
            report.notices.append(f"online linking skipped: {exc}; the build uses the offline links only")
            return new_rows
        answers = exc.partial  # what came before the failure is used (and cached for the next build)
        report.notices.append(f"online linking stopped: {exc}; {len(answers)} of {len(todo)} entities were "
                              "looked up, the rest keep the offline links; build again to go on")
    report.requests = client.requests
    known = {r.key for r in rows}
    for key in todo:
        desc = descriptions[key]
        me = iri_of[key]
        candidates = [c for c in score_candidates(desc, answers.get(key, []), vocab, countries[key], descriptions)
                      if c.iri != me and (me, c.iri) not in rejected]
        certain = [c for c in candidates if c.certain]
        if len(certain) == 1:
            _set_link(desc, certain[0].iri, report.external)
            report.online += 1
            chosen = certain
            decision = "accept"
        else:
            chosen = [c for c in candidates if c.score >= REVIEW_SCORE][:REVIEW_CANDIDATES]
            decision = ""
        for c in chosen:
            if (me, c.iri) in known:
                continue
            known.add((me, c.iri))
            new_rows.append(ReviewRow(me, desc.label, c.iri, c.name, c.description, f"{c.score:g}", decision))
    return new_rows
