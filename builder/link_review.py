"""The review file: link candidates a person accepts or rejects (CSV, one row per candidate).

Columns: entity (the entity's IRI), label, candidate (the candidate's IRI), candidate_label,
candidate_description, score, decision. `decision` is `accept`, `reject` or empty (pending).
Builds read the decisions (accepted candidates become links, rejected ones are never proposed
again), append new candidates, and keep every existing row as it is.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from pathlib import Path

REVIEW_FILE = "link-review.csv"
COLUMNS = ("entity", "label", "candidate", "candidate_label", "candidate_description", "score", "decision")
DECISIONS = ("accept", "reject", "")


@dataclass
class ReviewRow:
    entity: str
    label: str
    candidate: str
    candidate_label: str
    candidate_description: str
    score: str
    decision: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.entity, self.candidate

    @property
    def verdict(self) -> str:
        """accept | reject | pending (decisions are read case- and space-insensitively)."""
        d = self.decision.strip().lower()
        return {"accept": "accept", "accepted": "accept", "yes": "accept", "y": "accept",
                "reject": "reject", "rejected": "reject", "no": "reject", "n": "reject"}.get(d, "pending")


class ReviewFileError(Exception):
    pass


def read_review(path: Path) -> list[ReviewRow]:
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewFileError(f"{path}: cannot read the review file ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("entity", "candidate", "decision") if c not in (reader.fieldnames or [])]
    if missing:
        raise ReviewFileError(f"{path}: the review file has no {', '.join(missing)} column; "
                              f"its header must be {','.join(COLUMNS)}")
    rows = []
    for r in reader:
        if not (r.get("entity") or "").strip():
            continue
        rows.append(ReviewRow(**{f.name: (r.get(f.name) or "").strip() for f in fields(ReviewRow)}))
    return rows


def write_review(path: Path, rows: list[ReviewRow]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([getattr(r, c) for c in COLUMNS])
    tmp.replace(path)


def decisions(rows: list[ReviewRow]) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """(entity IRI -> accepted candidate IRI, {(entity, candidate) rejected}). Of two accepted
    candidates for one entity the higher-scored wins."""
    accepted: dict[str, ReviewRow] = {}
    rejected: set[tuple[str, str]] = set()
    for r in rows:
        if r.verdict == "reject":
            rejected.add(r.key)
        elif r.verdict == "accept":
            best = accepted.get(r.entity)
            if best is None or _score(r) > _score(best):
                accepted[r.entity] = r
    return {e: r.candidate for e, r in accepted.items()}, rejected


def pending(rows: list[ReviewRow]) -> list[ReviewRow]:
    """Rows awaiting a decision: undecided, for an entity none of whose candidates is accepted."""
    settled = {r.entity for r in rows if r.verdict == "accept"}
    return [r for r in rows if r.verdict == "pending" and r.entity not in settled]


def _score(row: ReviewRow) -> float:
    try:
        return float(row.score)
    except ValueError:
        return 0.0


def format_table(rows: list[ReviewRow], width: int = 38) -> str:
    """A plain-text table of rows, for a terminal."""
    def cut(s: str, n: int) -> str:
        return s if len(s) <= n else s[: n - 1] + "…"

    head = ("#", "entity", "candidate", "candidate label", "description", "score")
    body = [(str(i), cut(r.label or r.entity, 30), cut(_short(r.candidate), 48), cut(r.candidate_label, 30),
             cut(r.candidate_description, width), r.score) for i, r in enumerate(rows, 1)]
    widths = [max(len(row[c]) for row in [head, *body]) for c in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _short(iri: str) -> str:
    wd = "http://www.wikidata.org/entity/"
    return "wd:" + iri[len(wd):] if iri.startswith(wd) else iri
