"""The title lexicon (builder/patterns/titles.yaml) as the titles component reads it, and
the small word tests it shares with the posts reader: canonical title text, given names."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..kb import KOREAN_SURNAMES

POSSESSIVE = ("'s", "’s", "'", "’")
SMALL_WORDS = {"of", "for", "and", "the", "at", "on", "in", "to", "a", "an"}


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, str]
    suffixes: dict  # suffix -> the heads it follows (None: any head)
    modifiers: frozenset[str]
    dropped: frozenset[str]
    tense: dict[str, str]
    vague: frozenset[str]
    remit_preps: frozenset[str]
    org_preps: frozenset[str]
    unit_heads: frozenset[str]
    org_heads: frozenset[str]
    honorifics: frozenset[str]
    ranks: frozenset[str]
    post_nouns: frozenset[str]
    predicates: dict[str, dict]
    former_cues: frozenset[str]
    lead_verbs: frozenset[str]
    led_bodies: frozenset[str]
    synonyms: tuple = ()
    qualified_envoys: frozenset[str] = frozenset()
    gendered: dict = field(default_factory=dict)
    determiners: dict = field(default_factory=dict)  # word -> True when it opens a definite phrase
    possessors: frozenset[str] = frozenset()  # possessive pronouns ("his", "its")
    post_noun_verbs: frozenset[str] = frozenset()
    body_kinds: dict = field(default_factory=dict)  # kind -> the words a body's name of that kind ends in
    clause: dict = field(default_factory=dict)  # `clause` words: negations, modals, wishing, ... -> frozenset

    def one_name(self, title: str) -> str:
        """The name the lexicon gives a post however it is written ("Minister of Foreign
        Affairs" -> "Foreign Minister")."""
        for pattern, repl in self.synonyms:
            title = pattern.sub(repl, title)
        return title

    def head_kind(self, word: str) -> str | None:
        word = word.lower()
        if word in self.heads:
            return self.heads[word]
        parts = word.split("-")  # "minister-designate", "ambassador-at-large"
        if len(parts) > 1 and parts[0] in self.heads and self.suffix_after(parts[0], "-".join(parts[1:])):
            return self.heads[parts[0]]
        if len(parts) > 1 and self.tense_prefix(word):  # "ex-minister"
            return self.head_kind(word.split("-", 1)[1])
        return None

    def body_kind(self, name: str, words: tuple[str, ...] = ("government", "institute")) -> str | None:
        """The kind a body's name says by its head word ("... Institute of Ocean Studies":
        institute), among `words`: any word of the name for institutes, the last for the rest."""
        parts = name.lower().split()
        for kind in words:
            heads = self.body_kinds.get(kind, frozenset())
            if parts and (parts[-1] in heads or kind == "institute" and heads & set(parts)):
                return kind
        return None

    def suffix_after(self, head: str, word: str) -> bool:
        """A word that follows this head inside the title ("Director General")."""
        if word not in self.suffixes:
            return False
        heads = self.suffixes[word]
        return heads is None or head in heads

    def tense_prefix(self, word: str) -> str | None:
        """The tense a hyphenated prefix gives ("ex-minister", "then-Foreign"): former, ..."""
        prefix = word.lower().split("-", 1)[0]
        return self.tense.get(prefix) or self.tense.get(prefix + "-") if "-" in word else None

    def is_title_word(self, word: str) -> bool:
        w = word.lower()
        return self.head_kind(w) is not None or w in self.modifiers or w in self.tense


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("builder").joinpath("patterns/titles.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    heads = {w.lower(): kind for kind, words in data["heads"].items() for w in words}
    tense = {w.lower(): t for t, words in data["tense"].items() for w in words}

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key) or ())

    suffixes = {w.lower(): None if hs == "*" else frozenset(h.lower() for h in hs)
                for w, hs in (data.get("head_suffixes") or {}).items()}
    return Lexicon(heads=heads, suffixes=suffixes, modifiers=words("modifiers"), ranks=words("ranks"),
                   dropped=words("dropped"), tense=tense, vague=words("vague_heads"),
                   remit_preps=words("remit_prepositions"), org_preps=words("org_prepositions"),
                   unit_heads=words("unit_heads"), org_heads=words("org_heads"),
                   honorifics=words("honorifics"), post_nouns=words("post_nouns"),
                   predicates=data.get("predicates") or {}, former_cues=words("former_cues"),
                   lead_verbs=words("lead_verbs"), led_bodies=words("led_bodies"),
                   qualified_envoys=words("qualified_envoy_heads"),
                   determiners={w.lower(): kind == "definite" for kind, ws in (data.get("determiners") or {}).items()
                                for w in ws},
                   possessors=words("possessive_pronouns"), post_noun_verbs=words("post_noun_verbs"),
                   body_kinds={k: frozenset(w.lower() for w in ws) for k, ws in (data.get("body_kinds") or {}).items()},
                   clause={k: frozenset(w.lower() for w in ws) for k, ws in (data.get("clause") or {}).items()},
                   gendered={w.lower(): g for g, ws in (data.get("gendered_heads") or {}).items() for w in ws},
                   synonyms=tuple((re.compile(rf"^{a}$", re.I), b) for a, b in data.get("synonyms") or ()))


@lru_cache(maxsize=2)
def gender_detector(case_sensitive: bool = False):
    """gender-guesser's dictionary of given names, loaded once per process for each case mode
    (a load reads the whole dictionary: 70 ms)."""
    import gender_guesser.detector as gd

    class Detector(gd.Detector):
        # The library reads its dictionary through codecs.open, whose readline costs three
        # times a plain text file's; the lines, and so the dictionary, are the same.
        def _parse(self, filename):
            self.names = {}
            with open(filename, encoding="utf-8") as f:
                for line in f:
                    self._eat_name_line(line.strip())

    return Detector(case_sensitive=case_sensitive)


def _given_names():
    return gender_detector(case_sensitive=True)


_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.day_name) if w)


def is_given_name(word: str) -> bool:
    """A word the given-name dictionary knows (gender-guesser), or a Korean family name;
    never a month or a weekday ("May", "August")."""
    if word in KOREAN_SURNAMES:
        return True
    if not word[:1].isupper() or not word[1:].islower() or not word.isalpha() or word.lower() in _CALENDAR_WORDS:
        return False
    return _given_names().get_gender(word) != "unknown"


def canonical_title(words: list[str]) -> str:
    """The title's words in title case, small words lower case, acronyms kept."""
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in SMALL_WORDS and i:
            out.append(lw)
        elif w.isupper() and len(w) <= 6 or re.fullmatch(r"[A-Z][a-z]?[A-Z]\w*", w):
            out.append(w)  # U.S., DPRK, CNAS
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in w.split("-")))
    text = " ".join(out)
    return re.sub(r"\s+'s\b", "'s", text)
