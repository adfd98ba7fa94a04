"""The small knowledge base: what a name is (a country, a place, an outlet, an office).

Loaded from `data/gazetteer.tsv`. It may decide that "Yonhap" is an outlet or that "the
North" is North Korea; it never decides which posts, meetings or positions an article states.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

KINDS = {"country", "place", "outlet", "ministry", "government", "institute", "international", "organization"}

# Common Korean family names: a name that starts with one of these is written family name first,
# so its surname (for "Lee said ...") is its first word.
KOREAN_SURNAMES = frozenset(
    "Kim Lee Yi Ri Park Pak Choi Choe Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Im Han "
    "Oh O Seo Suh Shin Sin Kwon Hwang Ahn An Song Hong Moon Mun Yang Ko Go Woo U Nam Ban Roh No Ryu "
    "Yoo Yu Jeon Chun Baek Paek Hyun Hyon Heo Hur Min Ju Joo Son Sohn Kwak Thae Tae".split())


def normalise_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


_WORD = re.compile(r"\w+")


def first_word(text: str) -> str:
    """The first run of word characters, case-folded ("U.S.-led" -> "u", "Kim Jong-un" -> "kim")."""
    m = _WORD.search(normalise_quotes(text))
    return m.group(0).casefold() if m else ""


@dataclass(frozen=True)
class KBEntry:
    kind: str
    key: str
    label: str
    country: str | None
    parent: str | None
    aliases: tuple[str, ...] = field(default=())
    seat: str | None = None  # where a government body sits


class KB:
    """Name lookups over the gazetteer. Surface forms match exactly, after quote normalisation."""

    def __init__(self, rows: list[dict]):
        self.entries: dict[str, KBEntry] = {}
        self._by_name: dict[str, KBEntry] = {}
        self._demonyms: dict[str, str] = {}
        self._metonyms: dict[str, str] = {}
        self.metonym_forms: dict[str, str] = {}  # as written ("the North") -> country key
        self.demonym_forms: dict[str, str] = {}
        for row in rows:
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
            entry = KBEntry(kind=row["kind"], key=row["key"], label=row["label"],
                            country=(row.get("country") or "").strip() or None,
                            parent=(row.get("parent") or "").strip() or None, aliases=aliases,
                            seat=(row.get("seat") or "").strip() or None)
            if entry.kind not in KINDS:
                raise ValueError(f"gazetteer: unknown kind {entry.kind!r} for {entry.key}")
            self.entries[entry.key] = entry
            for name in (entry.label, *aliases):
                self._by_name.setdefault(self._norm(name), entry)
            for d in (row.get("demonyms") or "").split("|"):
                if d:
                    self._demonyms[self._norm(d)] = entry.key
                    self.demonym_forms[d] = entry.key
            for m in (row.get("metonyms") or "").split("|"):
                if m:
                    self._metonyms[self._norm(m)] = entry.key
                    self.metonym_forms[m] = entry.key
        self._by_name_folded = {n.lower(): e for n, e in reversed(list(self._by_name.items()))}
        # The first word of every name, folded: a token whose word is not here starts no name.
        self._first_words: dict[str, int] = {}  # folded first word -> most words of a name it starts
        for n in [*self._by_name, *self._metonyms, *self._demonyms]:
            w = first_word(n)
            self._first_words[w] = max(self._first_words.get(w, 0), len(n.split()))

    def words_of_names_starting(self, token_text: str) -> int:
        """The most words a KB name, metonym or demonym starting with this token has; 0: none does."""
        return self._first_words.get(first_word(token_text), 0)

    @staticmethod
    def _norm(name: str) -> str:
        name = normalise_quotes(name).strip()
        return name[4:] if name.lower().startswith("the ") else name

    def lookup(self, surface: str) -> KBEntry | None:
        found = self._by_name.get(self._norm(surface))
        if found is None and surface.isupper() and len(surface) > 4:  # datelines: "WASHINGTON, Nov. 19"
            found = self._by_name_folded.get(self._norm(surface).lower())
        return found

    def metonym(self, surface: str) -> str | None:
        """The country a name stands for when it acts ("Washington demands" -> united-states)."""
        return self._metonyms.get(self._norm(surface))

    def demonym(self, surface: str) -> str | None:
        return self._demonyms.get(self._norm(surface))

    def country_of_name(self, surface: str) -> str | None:
        """A country named by its name, alias, demonym or metonym."""
        e = self.lookup(surface)
        if e and e.kind == "country":
            return e.key
        return self.demonym(surface) or self.metonym(surface)

    def outlet_label(self, surface: str) -> str | None:
        e = self.lookup(surface.strip())
        return e.label if e and e.kind == "outlet" else None

    def is_known_name(self, surface: str) -> bool:
        n = self._norm(surface)
        return n in self._by_name or n in self._metonyms or n in self._demonyms

    def names(self) -> list[str]:
        """Every name, alias, demonym and metonym of the knowledge base, as written."""
        out = []
        for e in self.entries.values():
            out += [e.label, *e.aliases]
        return sorted(set(out) | set(self._metonyms) | set(self._demonyms))

    def label(self, key: str) -> str:
        return self.entries[key].label


@lru_cache(maxsize=1)
def load_kb() -> KB:
    text = resources.files("builder").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if l and not l.startswith("#")]
    return KB(list(csv.DictReader(lines, delimiter="\t")))
