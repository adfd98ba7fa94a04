"""peninsula_mentions: every mention of a person, organisation, outlet, place or country, with its key.

Sources, in order of trust (a token belongs to one mention; the first source to claim it wins):

1. the outlet of a dateline ("NAIROBI, March 3 (Nordic Wire) --"), from the layout layer;
2. the curated knowledge base's names (longest first): outlets, offices, metonyms, venues;
3. names the entity recogniser swallowed into an organisation ("... of the Federal
   Chancellery Karl Weber": the organisation and the person), and editorial brackets
   ("Premier Holm [Lars]" is Lars Holm);
4. constructions: "Chile's capital", "the Kenyan capital", "the capital of Peru" (the capital
   of that country); "the Alvarez administration" (the country of the person so named);
5. romanised Korean and Chinese names by their shape ("Lee Do-hoon", "Liu Xiaoming");
6. the maintained gazetteers' countries, cities and subdivisions; a name that is also a given
   name ("Victoria") only where the entity recogniser or a place context agrees, and none
   inside a person's name;
6b. names by where they stand, whatever the recogniser made of them: after a title or a noun
   for a person, in apposition with one, as the subject of a verb of speech, coordinated with
   a person, called later by the surname alone ("veteran diplomat Kamau Heikkinen", "the
   fisheries ministers Jerzy Girard, ..."), in capitals after a title; never a known place,
   outlet, organisation or month;
7. the entity recogniser's PERSON / ORG / GPE / LOC / FAC entities, with its usual misses
   mended: titles cut from persons, hyphenated given names rejoined, organisation names
   ending in an outlet word ("Nordic Wire") taken as outlets and those ending in a venue word
   ("the Grand Hotel") as places; never a person from a place, an outlet, a month or a
   heading word;
8. acronyms an organisation is given in brackets ("the Arctic Cooperation Secretariat (ACS)"),
   and every later use of the acronym: one key.

The result is `doc.spans["mentions"]` (each span's `label_` its kind, `kb_id_` the entity
key), `Doc._.entities` (key -> EntityRecord) and `Doc._.refs` (token -> the keys it stands
for). A place that acts for its country ("Oslo said", a capital) carries the country in
`Span._.acts_for`; places and organisations carry their country, when known, in
`Span._.country` ("Lima, Peru"; "the Grand Hotel in Lima"; "Kenya's Foreign Ministry"). A
national body every country has is keyed for its country when the words say whose
("mofa-kenya"), else for the article alone ("mofa@<article>"): never one node for every
article's unnamed "Foreign Ministry" (the extractor gives such a body the country the article
implies, `builder.extract._home_of_national_bodies`).
The words these rules read are data: `builder/patterns/mentions.yaml`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..kb import KOREAN_SURNAMES, fold_accents, load_kb, normalise_quotes
from ..model import EntityRecord
from ..names import (CHINESE_SURNAMES, is_pinyin_given_name, org_kind_from_name, person_key, slug,
                     surnames_of)
from .layers import DEMONYM, GAZETTEER, MENTIONS

METONYM = "metonym"
PLACE_LABELS = ("GPE", "LOC", "FAC")
_KOREAN_NAME = re.compile(r"\b([A-Z][a-z]{0,4}) ([A-Z][a-z]{1,5}-[a-z]{1,5}|[A-Z][a-z]{1,5} [A-Z][a-z]{1,5})\b(?![-\w])")
_CHINESE_NAME = re.compile(r"\b([A-Z][a-z]{0,5}) ([A-Z][a-z]{1,9})\b(?![-\w])")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    import yaml

    data = yaml.safe_load(resources.files("builder").joinpath("patterns/mentions.yaml").read_text(encoding="utf-8"))
    out = {k: frozenset(v) for k, v in data.items()}
    out["title_words"] = frozenset(w.lower() for w in data["title_words"])
    out["government_nouns"] = frozenset(w.lower() for w in data["government_nouns"])
    from ..kb import gazetteer_config

    out["place_before"] = frozenset(gazetteer_config()["place_context"]["before"])
    out["person_nouns"] = out["title_words"] | frozenset(w.lower() for w in data["role_nouns"])
    # The verbs whose subject speaks (the statements reader's lexicon, read here too).
    reporting = yaml.safe_load(resources.files("builder").joinpath("patterns/reporting.yaml").read_text(encoding="utf-8"))
    out["speech_verbs"] = frozenset(reporting.get("attribution", ())) | frozenset(reporting.get("reported", ()))
    return out


@lru_cache(maxsize=1)
def known_by_title() -> dict[str, list[dict]]:
    """Surname -> the well-known people of the link table a title and that surname alone may
    name (`patterns/names.yaml` known_by_title); only people the link table verifies."""
    import csv

    import yaml

    data = yaml.safe_load(resources.files("builder").joinpath("patterns/names.yaml").read_text(encoding="utf-8"))
    text = resources.files("builder").joinpath("data/wikidata.tsv").read_text(encoding="utf-8")
    linked = {r["label"] for r in csv.DictReader([l for l in text.splitlines() if l and not l.startswith("#")],
                                                 delimiter="\t") if r["kind"] == "person"}
    out: dict[str, list[dict]] = {}
    for label, info in (data.get("known_by_title") or {}).items():
        if label not in linked:
            continue
        terms = [(int(a), int(b) if b else None) for a, b in (t.split("-") for t in info["terms"])]
        for surname in surnames_of(label):
            out.setdefault(surname, []).append({"label": label, "titles": set(info["titles"]),
                                                "country": info.get("country"), "terms": terms})
    return out


class _GivenNames:
    """Any given name gender-guesser knows, in any of its countries ("Liv", "Karl", "Amina")."""

    def __init__(self):
        from ..kb import given_names

        self.table = given_names()

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.table


def outlet_shaped(name: str) -> bool:
    """A name whose last word names a media outlet ("Nordic Wire", "Andean Daily"), or ends in
    "News Agency", "Press Service" and the like (not "Central Intelligence Agency")."""
    words = normalise_quotes(name).strip().split()
    lex = lexicon()
    if len(words) < 2:
        return False
    if words[-1] in lex["outlet_heads"]:
        return True
    return words[-1] in lex["outlet_compound_heads"] and words[-2] in lex["outlet_heads"]


@Language.factory("peninsula_mentions", default_config={})
def make_mentions(nlp: Language, name: str):
    return MentionFinder(english_words(nlp))


def english_words(nlp: Language) -> frozenset:
    """The lemmatizer's word lists (nouns, verbs, adjectives, adverbs), lower case: a word in
    capitals that is one of them is no acronym ("END")."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    return frozenset(w for pos in table.keys() for w in table[pos])


class MentionFinder:
    def __init__(self, words: frozenset = frozenset()):
        self.kb = load_kb()
        self.lex = lexicon()
        self.given = _GivenNames()
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        found = _Mentions(doc, self.kb, self.lex, self.given, self.words)
        found.dateline_outlets()
        found.capitals()
        found.from_gazetteer(curated=True)
        found.swallowed_names()
        found.brackets()
        found.name_shapes()
        found.from_gazetteer(curated=False)
        found.acronyms()
        found.name_positions()
        found.from_model()
        found.administrations()
        found.acronyms()
        found.titled_names()
        found.surname_places()
        found.titled_surnames()
        found.place_countries()
        doc.spans[MENTIONS] = sorted(found.spans, key=lambda s: (s.start, s.end))
        doc._.entities = found.entities
        doc._.refs = {i: (s.kb_id_,) for s in found.spans if s.label_ != DEMONYM for i in range(s.start, s.end)}
        return doc


class _Mentions:
    def __init__(self, doc: Doc, kb, lex: dict, given, words: frozenset = frozenset()):  # noqa: C901
        self.doc, self.kb, self.lex, self.given, self.words = doc, kb, lex, given, words
        self.spans: list[Span] = []
        self.taken: dict[int, Span] = {}
        self.entities: dict[str, EntityRecord] = {}
        self.acronyms_of: dict[str, str] = {}  # "ACS" -> the key of the organisation it abbreviates
        ents = list(doc.ents)
        self.ent_of = {i: e for e in ents for i in range(e.start, e.end)}
        # Words people in this article are called by: no gazetteer name stands for one of them.
        self.person_words = {w for e in ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()}
        # Longest first; of two as long, one that opens with "the" after the other ("the South"
        # loses to "South African" in "the South African envoy").
        self.gaz = sorted(doc.spans.get(GAZETTEER, []),
                          key=lambda s: (-(s.end - s.start), s[0].lower_ == "the", s.start))
        self.gaz_starts = {s.start for s in self.gaz}
        self.gaz_place_ends = {s.end - 1 for s in self.gaz if s.label_ in ("country", "place")}
        # One pass over the tokens: where the rules below may apply (the rules then visit
        # only these tokens, not the whole Doc again).
        self.at: dict[str, list[int]] = {"(": [], "[": [], "gov": [], "title": []}
        self.by_text: dict[str, list[int]] = {}  # capitalised words -> where they stand
        titles, govs = lex["title_words"], lex["government_nouns"]
        self.text = doc._.text
        self.runs: list[tuple[int, int, bool]] = []  # runs of capitalised words (name_positions)
        run_start, run_caps = None, False
        for tok in doc:
            t = tok.text
            if t in ("(", "["):
                self.at[t].append(tok.i)
            elif t[:1].isupper():
                self.by_text.setdefault(t, []).append(tok.i)
                if tok.is_title and tok.lower_.rstrip(".") in titles:
                    self.at["title"].append(tok.i)
            elif tok.lower_ in govs:
                self.at["gov"].append(tok.i)
            # A sentence break the parser puts between two capitalised words with nothing
            # between them is its error ("... of Foreign Affairs Camila | Fuentes joined"),
            # not the run's end; initials stand between a name's words.
            title = tok.is_title and tok.is_alpha
            upper = tok.is_upper and tok.is_alpha and len(t) > 1
            word = title or upper or (run_start is not None and self._initial(tok))
            if run_start is not None and (not word or (upper and not run_caps) or (title and run_caps)):
                self.runs.append((run_start, tok.i, run_caps))
                run_start = None
            if run_start is None and (title or upper):
                run_start, run_caps = tok.i, upper and not title
        if run_start is not None:
            self.runs.append((run_start, len(doc), run_caps))
        self.ents = ents
        self.countries_named = {kb.country_key(s.id_) or kb.country_of_name(s.text) for s in self.gaz
                                if s.label_ in ("country", DEMONYM, METONYM) or
                                (s.id_ in kb.entries and kb.entries[s.id_].source == "curated")}

    # --- bookkeeping

    def register(self, key: str, kind: str, label: str, country: str | None = None,
                 parent: str | None = None) -> EntityRecord:
        rec = self.entities.get(key)
        if rec is None:
            rec = self.entities[key] = EntityRecord(key=key, kind=kind, label=label)
        rec.names.add(label)
        rec.country = rec.country or country
        rec.parent = rec.parent or parent
        return rec

    def register_kb(self, key: str) -> None:
        entry = self.kb.entries.get(key)
        if entry is None or key in self.entities:
            return
        rec = self.register(entry.key, entry.kind, entry.label, entry.country if entry.country != "*" else None,
                            entry.parent)
        folded = fold_accents(entry.label)
        if folded != entry.label:
            rec.names.add(folded)  # "Bogota" for "Bogotá"
        for ref in (entry.country, entry.parent):
            if ref and ref != "*":
                self.register_kb(ref)

    def free(self, start: int, end: int) -> bool:
        return start < end and not any(i in self.taken for i in range(start, end))

    def add(self, start: int, end: int, kind: str, key: str) -> Span | None:
        if not self.free(start, end):
            return None
        span = Span(self.doc, start, end, label=kind, kb_id=key)
        self.spans.append(span)
        for i in range(start, end):
            self.taken[i] = span
        return span

    def add_person(self, start: int, end: int, name: str) -> Span | None:
        key = person_key(name)
        span = self.add(start, end, "person", key)
        if span is not None:
            self.register(key, "person", name)
        return span

    def add_org(self, start: int, end: int, text: str) -> Span | None:
        doc = self.doc
        words = text.split()
        if outlet_shaped(text):
            kind, key = "outlet", f"outlet:{slug(text)}"
        elif words and words[-1] in self.lex["venue_heads"]:
            kind, key = "place", f"place:{slug(text)}"
        else:
            kind = org_kind_from_name(text)
            key = f"{kind}:{slug(text)}"
        entry = self.kb.lookup(text)
        if entry is not None:
            kind, key = entry.kind, entry.key
        if kind not in ("outlet", "place") and _ACRONYM.match(text) and text in self.acronyms_of:
            key = self.acronyms_of[text]  # "ACS", defined earlier in the article
            kind = self.entities[key].kind if key in self.entities else kind
            entry = None
        if entry is not None and entry.country == "*":
            key = self._national(entry, start, end)  # "the Ministry of Foreign Affairs" of whom
        span = self.add(start, end, kind, key)
        if span is not None:
            self._define_acronym(span)
            if entry is not None and key != entry.key:
                span._.country = self.entities[key].country
            elif entry is not None:
                self.register_kb(key)
                span._.country = self.kb.country_key(key)
            else:
                span._.country = self._country_near(start, end) if kind != "place" else None
                self.register(key, kind, text, country=span._.country)
            if span._.country:
                self.register_kb(span._.country)
        return span

    # --- 1. datelines

    def dateline_outlets(self) -> None:
        """The outlet of a dateline (the layout's), and any bracketed name of an outlet's shape
        or in the knowledge base ("(Nordic Wire)", "(Reuters)")."""
        doc = self.doc
        candidates = []
        for block in doc._.blocks or ():
            name = block.dateline_outlet
            if not name:
                continue
            i = self.text.find(name, block.start, block.end)
            span = doc.char_span(i, i + len(name), alignment_mode="expand") if i >= 0 else None
            if span is not None:
                candidates.append((span, name))
        for i in self.at["("]:
            tok = doc[i]
            close = next((j for j in range(tok.i + 2, min(tok.i + 6, len(doc))) if doc[j].text == ")"), None)
            if close is None:
                continue
            inner = doc[tok.i + 1:close]
            entry = self.kb.lookup(inner.text)
            if (entry is not None and entry.kind == "outlet") or \
                    (outlet_shaped(inner.text) and all(t.is_title or t.is_upper for t in inner)):
                candidates.append((inner, inner.text))
        for span, name in candidates:
            entry = self.kb.lookup(name)
            key = entry.key if entry is not None and entry.kind == "outlet" else f"outlet:{slug(name)}"
            if self.add(span.start, span.end, "outlet", key) is not None:
                if entry is not None and entry.kind == "outlet":
                    self.register_kb(key)
                else:
                    self.register(key, "outlet", normalise_quotes(name))

    # --- 2. and 6. the gazetteer

    def from_gazetteer(self, curated: bool) -> None:
        doc, kb = self.doc, self.kb
        for sp in self.gaz:
            kind, key = sp.label_, sp.id_
            entry = kb.entries.get(key)
            is_curated = kind in (METONYM, DEMONYM) or entry is None or entry.source == "curated"
            if is_curated != curated or not self.free(sp.start, sp.end):
                continue
            if self._inside_feature(sp):
                continue  # "the South China Sea": neither "the South" nor China, one sea
            if not curated and not self._gazetteer_name_holds(sp):
                continue
            if not curated and entry.source == "city" and entry.population < 1_000_000 and \
                    entry.country not in self.countries_named:
                # A mid-sized city whose country the article never names: the name may be
                # another place's ("Bali"); the place stands, its country is not claimed.
                if self.add(sp.start, sp.end, "place", key) is not None:
                    self.register(key, "place", entry.label).names.add(normalise_quotes(sp.text))
                continue
            if kind == METONYM:  # "the North", "the Chilean side": the country acting
                kind = "country"
            if kind == DEMONYM:
                if self.add(sp.start, sp.end, DEMONYM, key) is not None:
                    self.register_kb(key)
                continue
            if entry is not None and entry.country == "*":  # "the Foreign Ministry": whose, from context
                key = self._national(entry, sp.start, sp.end)
            else:
                self.register_kb(key)
                name = normalise_quotes(sp.text)
                if entry is not None and name in kb.written.get(key, ()) and not name.lower().startswith("the "):
                    self.entities[key].names.add(name)  # "DPRK", "Valparaiso": a name it is known by
            span = self.add(sp.start, sp.end, kind, key)
            if span is not None:
                acts = kb.metonym(normalise_quotes(sp.text))
                if acts and kind == "place":
                    span._.acts_for = acts
                if kind == "country":
                    span._.country = key if key in kb.entries else None
                elif key in kb.entries:
                    span._.country = kb.country_key(key)
                else:
                    span._.country = self.entities[key].country

    def _national(self, entry, start: int, end: int) -> str:
        """The key of a national body every country has ("the Foreign Ministry"): its
        country's ("mofa-kenya") when the words say whose, else this article's alone
        ("mofa@<article>"): one node shared by every article's unnamed ministry would merge
        ministries of different countries."""
        kb = self.kb
        doc = self.doc
        if start > 0 and doc[start - 1].text == "(" and end < len(doc) and doc[end].text == ")":
            # "the Ministry of Trade of Peru (MOT)": the acronym is that ministry
            sent = doc[start].sent.start
            named = [m for m in self.spans if sent <= m.start and m.end < start and
                     (m.kb_id_.startswith(entry.key + "-") or m.kb_id_.startswith(entry.key + "@"))]
            if named:
                return named[-1].kb_id_
        country = self._country_near(start, end) or self._seat_country(end)
        if country:
            self.register_kb(country)
            key = f"{entry.key}-{country}"
            self.register(key, entry.kind, f"{entry.label} ({kb.label(country)})", country=country)
        else:
            key = f"{entry.key}@{self.doc._.article_id or 'text'}"
            self.register(key, entry.kind, entry.label)
        return key

    def _inside_feature(self, sp: Span) -> bool:
        """The name lies inside a longer place the recogniser found whose last word is a
        place head ("the South China Sea", "the Taiwan Strait" around "Taiwan"), and the
        knowledge base does not know the longer name otherwise."""
        ent = self.ent_of.get(sp.start)
        if ent is None or ent.label_ not in PLACE_LABELS or self.ent_of.get(sp.end - 1) is not ent:
            return False
        if not (ent.end > sp.end and self.doc[ent.end - 1].text in self.lex["place_heads"]):
            return False
        return self.kb.lookup(self.doc[sp.start:ent.end].text) is None

    def _owner_of_body(self, sp: Span) -> bool:
        """A country named "of" right after a body every country has ("the Ministry of Trade
        of Bangladesh"): the body's owner, not part of an organisation's own name (the "of
        Uganda" of "the Bank of Uganda" is the bank's name)."""
        if sp.label_ != "country" or sp.start < 2 or self.doc[sp.start - 1].lower_ != "of":
            return False
        return any(g.end == sp.start - 1 and self.kb.entries.get(g.id_) is not None and
                   self.kb.entries[g.id_].country == "*" for g in self.gaz)

    def _gazetteer_name_holds(self, sp: Span) -> bool:
        """A name of the maintained gazetteers is a place here: not part of a person's or an
        organisation's name, a proper noun, and, if it is also a given name, agreed on by the
        entity recogniser or a place context."""
        doc = self.doc
        ents = {self.ent_of[i] for i in range(sp.start, sp.end) if i in self.ent_of}
        entry = self.kb.entries.get(sp.id_)
        big = entry is not None and (entry.source == "capital" or entry.population >= 1_000_000)
        lone = (len(sp) == 1 or (big and not any(self._given_name_first([t.text]) for t in sp))) and \
            not self.kb.is_ambiguous(sp.text) and sp.text not in self.person_words
        if any(e.label_ == "PERSON" and not (lone and e.start == sp.start and e.end == sp.end) for e in ents):
            return False  # "Split" in "Split Holm"; but "left for Dodoma" is a place the model took for a name
        for e in ents:
            if e.label_ != "ORG":
                continue
            rest = [i for i in range(e.start, e.end) if not (i in self.taken and self.taken[i].label_ == "person")
                    and doc[i].lower_ not in ("the", "to", "of", "in")]
            if rest and (rest[0] < sp.start or rest[-1] >= sp.end) and not self._owner_of_body(sp):
                return False  # "the Lima Group", "the Bank of Uganda": the organisation's, not a
                # place; but the country of "the Ministry of Trade of Bangladesh" is named
        if doc[sp.end - 1].pos_ != "PROPN" or sp.text in self.person_words:
            return False
        prev = doc[sp.start - 1] if sp.start > 0 else None
        nxt = doc[sp.end] if sp.end < len(doc) else None
        if prev is not None and prev.lower_.rstrip(".") in self.lex["title_words"] and prev.is_title:
            return False  # "President Jordan"
        if prev is not None and prev.is_title and prev.pos_ == "PROPN" and prev.text in self.given and \
                prev.i not in self.taken and not self._gazetteer_at(prev.i) and prev.lower_ not in self.words:
            return False  # "Haakon Valdivia": a given name before it makes it a surname
        if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN" and nxt.i not in self.taken and \
                not self._gazetteer_at(nxt.i) and nxt.text not in self.lex["never_people"]:
            return False  # "Victoria Lindqvist": a name goes on
        if not self.kb.is_ambiguous(sp.text):
            return True
        if any(e.label_ in PLACE_LABELS and e.start == sp.start and e.end == sp.end for e in ents):
            return True
        return self._place_context(sp)

    def _gazetteer_at(self, i: int) -> bool:
        return i in self.gaz_starts

    def _place_context(self, sp: Span) -> bool:
        doc = self.doc
        if sp.start > 0 and doc[sp.start - 1].lower_ in self.lex["place_before"]:
            return True
        if sp.end + 1 < len(doc) and doc[sp.end].text == ",":  # "Victoria, Canada"
            nxt = self._gazetteer_at(sp.end + 1) or self._gazetteer_at(sp.end + 2)
            return bool(nxt)
        return False

    def _seat_country(self, end: int) -> str | None:
        """"the Foreign Ministry in Seoul": the country of the city the body sits in."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].lower_ != "in":
            return None
        for sp in self.gaz:
            if sp.start == end + 1 and sp.label_ == "place" and sp.id_ in self.kb.entries:
                return self.kb.country_key(sp.id_)
        return None

    def _country_near(self, start: int, end: int | None = None) -> str | None:
        """The country a body belongs to, as the words say it: a possessive ("Kenya's Foreign
        Ministry", "South Korea's ..."), a national adjective or a country as a modifier ("the
        Chilean Embassy", "the Kenya Foreign Ministry"), "of <country>" after it ("the Foreign
        Ministry of Peru"). Read on the parse, and in the words right before the name when the
        parse gives nothing; a country elsewhere in the clause ("talks with Kenya at the
        Foreign Ministry") is not the owner."""
        doc, kb = self.doc, self.kb
        end = end if end is not None else start + 1
        heads = list(doc[start:end])
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            heads.append(doc[end + 1])  # "the Ministry of Trade (MOT) of Peru"
        for tok in heads:
            for c in tok.children:
                if c.i < start and c.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                    country = self._country_of_phrase(c)
                    if country:
                        return country
                elif c.i >= end and c.dep_ == "prep" and c.lower_ == "of":
                    for o in c.children:
                        if o.dep_ == "pobj":
                            country = self._country_of_phrase(o)
                            if country:
                                return country
        # the words themselves when the parse attached them elsewhere: "<body> (ACR) of (the) <country>"
        k = end + 3 if heads[-1].i == end + 1 else end
        if k + 1 < len(doc) and doc[k].lower_ == "of":
            k += 1 + (doc[k + 1].lower_ == "the")
            country = self._country_of_phrase(doc[k]) if k < len(doc) else None
            if country and any(sp.start == k for sp in self.gaz):
                return country
        j = start - 1
        if j >= 0 and doc[j].text in ("'s", "’s"):
            j -= 1
        if j >= 0:
            m = self.taken.get(j)
            if m is not None and m.label_ in ("country", DEMONYM):
                return kb.country_key(m.kb_id_) if m.kb_id_ in kb.entries else m.kb_id_
            return kb.country_of_name(normalise_quotes(doc[j].text))
        return None

    def _country_of_phrase(self, tok) -> str | None:
        """The country a modifier names: its mention, or its words ("South Korea" of "South
        Korea's"), without the possessive ending."""
        m = self.taken.get(tok.i)
        if m is not None and m.label_ in ("country", DEMONYM):
            return self.kb.country_key(m.kb_id_) if m.kb_id_ in self.kb.entries else m.kb_id_
        for sp in self.gaz:  # "the Republic of Korea", "South Korea('s)": the name the token is in
            if sp.start <= tok.i < sp.end and sp.label_ in ("country", DEMONYM, METONYM):
                return self.kb.country_key(sp.id_) if sp.id_ in self.kb.entries else sp.id_
        return self.kb.country_of_name(normalise_quotes(tok.text))

    # --- 3. names the recogniser swallowed, and editorial brackets

    def _name_at_end(self, start: int, end: int) -> int | None:
        """Where a person's name starts at the end of tokens [start, end): two or three
        capitalised words after an organisation word or a closing bracket, the first a given
        name or the whole a romanised East Asian name ("... Chancellery Karl Weber")."""
        doc = self.doc
        for n in (2, 3):
            s = end - n
            if s <= start:
                break
            words = doc[s:end]
            before = doc[s - 1]
            if not all(t.is_title and t.is_alpha for t in words if t.text != "-"):
                continue
            if not (before.text == ")" or before.text in self.lex["org_heads"] or
                    (before.is_title and before.lower_ in self.lex["title_words"]) or
                    before.i in self.gaz_place_ends):  # "Ambassador to Norway Outi Laine"
                continue
            text = words.text
            last = words[-1].text
            if last in self.lex["org_heads"] or last in self.lex["venue_heads"] or last in self.lex["place_heads"] or \
                    self.kb.is_known_name(text) or any(self._gazetteer_at(t.i) for t in words):
                continue
            if words[0].text in self.given or self._east_asian_name(text) or \
                    (n == 2 and self._given_name_first([last])):  # "... Ministry Namazu Hiroyuki"
                return s
        return None

    def swallowed_names(self) -> None:
        doc = self.doc
        for ent in self.ents:
            if ent.label_ not in ("ORG", "PERSON", "FAC", "GPE", "NORP", "WORK_OF_ART", "LAW", "EVENT"):
                continue
            end = ent.end
            while end < len(doc) and doc[end].text == "-" and end + 1 < len(doc) and not doc[end - 1].whitespace_:
                end += 2  # "... Hansen" + "-Berg"
            if ent.label_ != "PERSON" and end < len(doc) and doc[end].is_title and doc[end].is_alpha and \
                    end not in self.ent_of and doc[end].pos_ == "PROPN" and \
                    not (end + 1 < len(doc) and doc[end + 1].is_title):
                end += 1  # "... Coordinator Kurt" + "Campbell": the model stopped inside the name
            s = self._name_at_end(ent.start, end)
            if s is None:
                continue
            self.add_person(s, end, doc[s:end].text)
            org_end = s  # without "(ACS)": the acronym pass reads it
            if org_end - 3 >= ent.start and doc[org_end - 1].text == ")" and doc[org_end - 3].text == "(":
                org_end -= 3
            start = ent.start
            while start < org_end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            text = doc[start:org_end].text
            if start < org_end and any(w in self.lex["org_heads"] for w in text.split()):
                self.add_org(start, org_end, text)

        # The recogniser may also stop at the organisation and leave the name untagged.
        for ent in self.ents:
            if ent.label_ != "ORG":
                continue
            i = ent.end
            if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
                i += 3
            for n in (3, 2):
                words = doc[i:i + n]
                if len(words) < n or not all(t.is_title and t.is_alpha for t in words):
                    continue
                if any(t.i in self.ent_of for t in words):
                    continue  # the recogniser read these words itself
                if i + n < len(doc) and ((doc[i + n].is_title and doc[i + n].is_alpha) or doc[i + n].text == "-"):
                    continue
                if (words[0].text in self.given or self._east_asian_name(words.text)) and \
                        not self.kb.is_known_name(words.text) and not self._gazetteer_at(i):
                    self.add_person(i, i + n, words.text)
                    break

    def brackets(self) -> None:
        """"Premier Holm [Lars]": an editor's bracket gives the given name after the surname."""
        doc = self.doc
        for i in self.at["["]:
            tok = doc[i]
            if tok.i == 0 or tok.i + 2 >= len(doc):
                continue
            close = next((j for j in range(tok.i + 2, min(tok.i + 5, len(doc))) if doc[j].text == "]"), None)
            if close is None:
                continue
            given = doc[tok.i + 1:close]
            surname = doc[tok.i - 1]
            if not (surname.is_title and surname.is_alpha and all(t.is_title and t.is_alpha for t in given)):
                continue
            if self.kb.is_known_name(surname.text) or self.kb.is_known_name(given.text):
                continue
            if surname.lower_ in self.lex["title_words"] or surname.text in self.lex["never_people"]:
                continue
            self.add_person(surname.i, close + 1, f"{given.text} {surname.text}")

    # --- 4. constructions

    def capitals(self) -> None:
        """"Chile's capital", "the Kenyan capital", "the capital of Peru": that country's capital."""
        doc, kb = self.doc, self.kb
        for sp in self.gaz:
            country = kb.country_of_name(sp.text) if sp.label_ in ("country", DEMONYM) else None
            if not country or country not in kb.capitals:
                continue
            start, end = sp.start, None
            if sp.end + 1 < len(doc) and doc[sp.end].text in ("'s", "’s") and doc[sp.end + 1].lower_ == "capital":
                end = sp.end + 2
            elif sp.label_ == DEMONYM and sp.end < len(doc) and doc[sp.end].lower_ == "capital":
                end = sp.end + 1
                if start > 0 and doc[start - 1].lower_ == "the":
                    start -= 1
            elif sp.start >= 2 and doc[sp.start - 1].lower_ == "of" and doc[sp.start - 2].lower_ == "capital":
                start = sp.start - 2
                if start > 0 and doc[start - 1].lower_ == "the":
                    start -= 1
                end = sp.end
            if end is None:
                continue
            place = kb.capitals[country]
            span = self.add(start, end, "place", place)
            if span is not None:
                self.register_kb(place)
                span._.country = country
                span._.acts_for = None

    def administrations(self) -> None:
        """"the Alvarez administration": the government of the country whose leader is named,
        when the article says which country that person belongs to."""
        doc = self.doc
        people = [s for s in self.spans if s.label_ == "person"]
        for i in self.at["gov"]:
            tok = doc[i]
            if tok.i < 2 or tok.i in self.taken:
                continue
            j = tok.i - 1
            while j > 0 and doc[j].is_title and doc[j].is_alpha and doc[j].lower_ != "the":
                j -= 1
            if doc[j].lower_ != "the" or j == tok.i - 1:
                continue
            name = doc[j + 1:tok.i].text
            country = None
            for p in people:
                if name in surnames_of(p.text) or name == p.text:
                    country = self._country_of_person(p)
                    if country:
                        break
            if country and self.free(j, tok.i + 1):
                span = self.add(j, tok.i + 1, "country", country)
                if span is not None:
                    self.register_kb(country)
                    span._.country = country

    def _country_of_person(self, person: Span) -> str | None:
        """The country a title before the name gives ("Peruvian President Ana Alvarez",
        "Chile's Foreign Minister ...")."""
        doc = self.doc
        j = person.start - 1
        while j >= max(0, person.start - 8):
            tok = doc[j]
            m = self.taken.get(j)
            if m is not None and m.label_ in (DEMONYM, "country"):
                return m.kb_id_
            if not (tok.is_title or tok.text in ("'s", "’s", "of", "for", "the", "-")):
                return None
            j -= 1
        return None

    # --- 5. romanised East Asian names

    def _east_asian_name(self, text: str) -> bool:
        m = _KOREAN_NAME.fullmatch(text)
        if m and m.group(1) in KOREAN_SURNAMES:
            return True
        m = _CHINESE_NAME.fullmatch(text)
        return bool(m and m.group(1) in CHINESE_SURNAMES and is_pinyin_given_name(m.group(2)))

    def name_shapes(self) -> None:
        """Romanised Korean names ("Lee Do-hoon", "Kim Yo Jong") and Chinese names
        ("Liu Xiaoming") by their shape, whatever the model says, unless the model calls them
        an organisation or a place the gazetteer knows."""
        doc = self.doc
        for pattern, surnames, check in ((_KOREAN_NAME, KOREAN_SURNAMES, None),
                                         (_CHINESE_NAME, CHINESE_SURNAMES, is_pinyin_given_name)):
            for m in pattern.finditer(self.text):
                if m.group(1) not in surnames or self.kb.is_known_name(m.group(0)):
                    continue
                if check is not None and not check(m.group(2)):
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None or self._gazetteer_at(span.start) or self._gazetteer_at(span.end - 1):
                    continue
                if any(t.lower_ in self.lex["title_words"] or t.text in self.lex["never_people"] for t in span):
                    continue
                if check is not None:  # a Chinese name: the model must not call it something else
                    if any(i in self.ent_of and self.ent_of[i].label_ != "PERSON" for i in range(span.start, span.end)):
                        continue
                    if span[0].is_sent_start and span[0].lower_ in ("he", "ma", "yu", "an"):
                        continue
                self.add_person(span.start, span.end, m.group(0))

    # --- 6b. names by where they stand

    _OTHER_ENT_LABELS = frozenset(("ORG", "GPE", "LOC", "FAC", "PERSON"))

    def name_positions(self) -> None:
        """Capitalised words of a name's shape where English puts a person's name are a person,
        whatever the recogniser made of them (an organisation, a place, nothing): after a title
        or a noun for a person ("veteran diplomat Haakon Lehtola", "the fisheries ministers
        ...", "Minister of Energy and Mines Lucien Lindahl"), in apposition with one ("Kamau
        Heikkinen, a lawyer"; "the Minister, Solveig Dabrowski,"), as the subject of a verb of
        speech or of a clause that says "his" or "her", coordinated with a person, of the
        surname another mention or a later bare use gives, and before "of" and an organisation
        ("Imogen Tavares of the Nansen Institute").

        A name's shape: two or three capitalised words (initials between them: "Duarte E.
        Zielinski"), none a title, a head word of an organisation, venue, place or outlet, a
        month or a name the knowledge base knows; the first a given name gender-guesser knows,
        or the whole a romanised East Asian name ("strong"). After a title or in apposition
        with one a name may also be two words that are no English word ("Kamau Heikkinen"):
        given names gender-guesser does not know. In capitals ("EWAN CARRASCO, FOREIGN
        MINISTER"; "CHIEF NEGOTIATOR INGRID K. HOLM IN LIMA") only a strong name right after
        a title or before a comma and a title."""
        doc = self.doc
        self.person_tokens = {i for e in self.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
        self.person_tokens |= {i for s in self.spans if s.label_ == "person" for i in range(s.start, s.end)}
        for a, b, caps in self.runs:
            for s, e in (self._caps_candidates(a, b) if caps else self._suffixes(a, b)):
                strong = self._name_shaped(s, e)
                if strong is None or (caps and not strong):
                    continue
                if (self._caps_position(a, s, e) if caps else self._in_name_position(a, s, e, strong)):
                    self.add_person(s, e, doc[s:e].text)
                    self.person_tokens |= set(range(s, e))
                    break

    @staticmethod
    def _initial(tok) -> bool:
        return len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."

    def _suffixes(self, a: int, b: int):
        """The run's last three, then last two words (initials not counted, never first or last);
        not two when the word before them may be a name's too ("Akinyi Van Nygaard": no
        English word, title or head word), which leaves that name to the recogniser."""
        doc, lex = self.doc, self.lex
        while b > a and self._initial(doc[b - 1]):
            b -= 1
        starts = [i for i in range(a, b) if not self._initial(doc[i])]
        for n in (3, 2):
            if len(starts) >= n:
                if n == 2 and len(starts) >= 3:
                    t = doc[starts[-3]]
                    if not (self._english(t) or self._person_noun(t) or
                            t.i in self.taken or t.text in lex["org_heads"] or self.kb.is_known_name(t.text)):
                        return
                    if t.i in self.ent_of and self.ent_of[t.i].label_ == "PERSON" and self.ent_of[t.i].end >= b and \
                            not self._person_noun(t) and t.i - 1 >= 0 and self._person_noun(doc[t.i - 1]):
                        return  # "envoy Baraka Gareth Fournier": the recogniser's person starts there
                yield starts[-n], b

    def _caps_candidates(self, a: int, b: int):
        """In capitals: two or three words (initials between) after the run's start or a title
        word, up to a function word or the run's end."""
        doc = self.doc
        for s in range(a, b - 1):
            if s > a and not self._person_noun(doc[s - 1]):
                continue
            e, n = s, 0
            while e < b and not doc[e].is_stop and n < 3:
                n += not self._initial(doc[e])
                e += 1
            while e > s and self._initial(doc[e - 1]):
                e -= 1
            for k in (e, e - 1):
                words = [t for t in doc[s:k] if not self._initial(t)]
                if 2 <= len(words) <= 3:
                    yield s, k

    def _caps_position(self, a: int, s: int, e: int) -> bool:
        doc = self.doc
        if s > a and self._person_noun(doc[s - 1]):
            return True  # "CHIEF NEGOTIATOR INGRID K. HOLM IN LIMA"
        return s == a and e + 1 < len(doc) and doc[e].text == "," and doc[e + 1].is_upper and \
            any(self._person_noun(t) for t in doc[e + 1:e + 4] if t.is_upper)  # "EWAN CARRASCO, RUSSIAN FOREIGN MINISTER"

    def _name_shaped(self, s: int, b: int) -> bool | None:
        """True for a strong name shape, False for a weak one, None for no name."""
        doc, lex, kb = self.doc, self.lex, self.kb
        span = doc[s:b]
        if any(t.i in self.taken for t in span):
            return None
        if any(t.i in self.ent_of and self.ent_of[t.i].label_ not in self._OTHER_ENT_LABELS for t in span):
            return None  # a date, a nationality, a law: not a name the recogniser missed
        for ent in {self.ent_of[t.i] for t in span if t.i in self.ent_of}:
            before = doc[ent.start:s]
            if ent.label_ == "PERSON" and (ent.start == s or (ent.start < s and not self._remit_before(ent.start))):
                return None  # the recogniser's own person ("Sue Mi Terry", "Baraka Gareth Fournier"), read
                # in from_model, unless it took in a title's remit ("... and Mines Lucien Lindahl")
            if ent.label_ in ("GPE", "LOC") and ent.start == s and ent.end < b:
                return None  # "Asia Desk": a place the name would swallow
        if b < len(doc) and doc[b].text == "-" and not doc[b - 1].whitespace_:
            return None  # "The Korea-China-Japan summit"
        words = [t for t in span if not self._initial(t)]
        for t in words:
            w = t.text if not t.is_upper else t.text.title()
            if t.is_stop or self._person_noun(t) or w in lex["never_people"] or w in lex["org_heads"] or \
                    w in lex["venue_heads"] or w in lex["place_heads"] or w in lex["outlet_heads"]:
                return None
            if w.endswith("s") and (w[:-1].lower() in lex["person_nouns"] or w[:-1].lower() in self.words):
                return None  # "Democrats", "Ministers": a plural noun (the tagger's NNPS is no guide)
            entry = kb.lookup(w)
            if entry is not None and entry.kind in ("country", "outlet", "international") and not kb.is_ambiguous(w):
                return None
        text = span.text
        if kb.is_known_name(text) or kb.is_known_name(text.title()) or outlet_shaped(text) or \
                text in lex["person_shaped_organisations"]:
            return None
        if words[0].text in self.given or self._east_asian_name(" ".join(t.text for t in words)):
            return True
        if len(words) == 2 and words[1].text in self.given and not self._english(words[0]) and \
                words[0].text not in self.given and s in self.ent_of and self.ent_of[s].end >= b and \
                self.ent_of[s].start <= s and self.ent_of[s].label_ != "PERSON":
            return True  # "Namazu Hiroyuki": the family name first, one entity the recogniser mistyped
        if len(words) == 3 and words[1].text in self.given and s in self.ent_of and \
                not self._english(words[0]) and not (s > 0 and doc[s - 1].is_title and doc[s - 1].is_alpha and
                                                     not self._person_noun(doc[s - 1])) and \
                self.ent_of[s].end >= b and self.ent_of[s].start <= s:
            return True  # "Akinyi Van Nygaard": one entity, its second word a given name
        if len(words) == 2 and not any(self._english(t) or t.text in self.given for t in words):
            return False
        return None

    def _english(self, tok) -> bool:
        """A word of the lemmatizer's lists, in any case and number ("Mines", "Affairs")."""
        w = tok.lower_
        return w in self.words or tok.lemma_.lower() in self.words or (w.endswith("s") and w[:-1] in self.words)

    def _person_noun(self, tok) -> bool:
        return tok.lower_.rstrip(".") in self.lex["person_nouns"] or tok.lemma_.lower() in self.lex["person_nouns"]

    def _in_name_position(self, a: int, s: int, b: int, strong: bool) -> bool:
        doc = self.doc
        # after a title: in its run ("Finance Minister ..."), right before the run ("diplomat"),
        # or at the end of a title's remit ("Minister of Energy and Mines ...")
        if any(self._person_noun(t) for t in doc[a:s]) or (s > a and doc[s - 1].text in self.lex["org_heads"]):
            return True
        if self._title_before(a):
            return True
        root = self._root(s, b)
        if root.dep_ == "appos" and self._titled(root.head):
            return True  # "Japan's representative, Kiprop Nugroho,"; "ambassador to Italy, ..."
        if any(c.dep_ == "appos" and self._person_noun(c) for c in root.children) or self._appositive_title(b):
            return True  # "Kamau Heikkinen, a lawyer"
        if not strong:
            return False
        if a == s and a > 0 and doc[a - 1].text == ")" and self._org_before_bracket(a - 1):
            return True  # "the Arctic Cooperation Secretariat (ACS) Ines Zimmer"
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "about") and root.head.head.lemma_ in self.lex["speech_verbs"]:
            return True  # "said of Torstein Girard", "spoke about ..."
        if root.dep_ in ("nsubj", "nsubjpass"):
            verb = root.head
            if verb.lemma_ in self.lex["speech_verbs"]:
                return True
            for c in verb.children:
                if c.dep_ in ("attr", "acomp") and verb.lemma_ in ("be", "become") and self._person_noun(c):
                    return True  # "Lucien Girard is a lawyer"
            if any(t.dep_ == "poss" and t.lower_ in ("his", "her") and self._clause_of(t).i == verb.i
                   for t in verb.subtree if not (s <= t.i < b)):
                return True  # "Imogen Fournier will receive her counterpart", "held talks with her ..."
        if self._coordinated_with_person(root):
            return True
        surname = doc[b - 1].text
        if any(not (s <= i < b) and self._alone(i) for i in self.by_text.get(surname, ())):
            return True  # "Lucien Girard ... Girard was appointed": people are called by surname
        if any(self.ent_of.get(i) is not None and self.ent_of[i].label_ == "PERSON" and self.ent_of[i].end == b
               for i in range(s + 1, b)):
            return True  # "said Beatriz Haugland had": the recogniser's person is the name's end
        if self._mistyped_argument(a, s, b, root):
            return True
        if s >= 2 and doc[s - 1].text in ("'s", "’s") and self.taken.get(s - 2) is not None and \
                self.taken[s - 2].label_ == "country" and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj"):
            return True  # "Japan's Namazu Hiroyuki met ...": a country's person
        if b + 1 < len(doc) and doc[b].lower_ == "of":
            j = b + 1 + (doc[b + 1].lower_ == "the")
            m = self.taken.get(j)
            ent = self.ent_of.get(j)
            if (m is not None and m.label_ in ("organization", "institute", "government", "ministry")) or \
                    (ent is not None and ent.label_ == "ORG" and
                     any(t.text in self.lex["org_heads"] for t in doc[ent.start:ent.end])):
                return True  # "Imogen Tavares of the Nansen Institute"
        return False

    def _titled(self, tok) -> bool:
        """A title or a noun for a person, or a country or place in its remit ("ambassador to
        Italy", "envoy for Peru")."""
        if self._person_noun(tok):
            return True
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in ("to", "for", "of"):
            return self._person_noun(tok.head.head)
        return False

    @staticmethod
    def _clause_of(tok):
        """The nearest verb above a token."""
        t = tok.head
        while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
            t = t.head
        return t

    def _mistyped_argument(self, a: int, s: int, b: int, root) -> bool:
        """A person's name the recogniser typed as an organisation or a place: exactly its
        entity, the run of capitals no longer than the name, no article before it ("the" goes
        with organisations), and an argument of a verb or a preposition. (Companies named like
        people, "Morgan Stanley", are data: `person_shaped_organisations`.)"""
        doc = self.doc
        ent = self.ent_of.get(s)
        if ent is None or ent.label_ not in ("ORG", "GPE", "LOC", "FAC") or a != s:
            return False
        start = ent.start + (doc[ent.start].lower_ == "the")
        if start != s or ent.end != b or (s > 0 and doc[s - 1].lower_ in ("the", "a", "an")):
            return False
        if b < len(doc) and doc[b].text in ("'s", "’s") and b + 1 < len(doc) and doc[b + 1].is_title:
            return False
        return root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative")

    def _root(self, s: int, b: int):
        """The name's token whose head is outside it (the last such: "Ulrike" may hang apart)."""
        doc = self.doc
        outside = [t for t in doc[s:b] if not (s <= t.head.i < b) or t.head.i == t.i]
        return outside[-1] if outside else doc[b - 1]

    def _alone(self, i: int) -> bool:
        """A bare capitalised word used as a name (not inside a run of capitalised words)."""
        doc = self.doc
        tok = doc[i]
        if tok.pos_ != "PROPN" or (i in self.taken and self.taken[i].label_ != "person"):
            return False
        before = doc[i - 1] if i > 0 else None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if after is not None and after.is_title and after.is_alpha:
            return False
        return before is None or not (before.is_title and before.is_alpha) or self._person_noun(before) or \
            tok.is_sent_start

    def _title_before(self, a: int) -> bool:
        """The words before `a` end a title: "diplomat" / "ministers" right before, or a
        capitalised title and its remit ("Minister of Energy and")."""
        doc = self.doc
        if a == 0:
            return False
        prev = doc[a - 1]
        if self._person_noun(prev) and prev.pos_ in ("NOUN", "PROPN"):
            return True
        if prev.lower_ not in ("of", "for", "and", "the", "-", "on") and \
                not (prev.i in self.taken and self.taken[prev.i].label_ in ("country", "place")):
            return False  # "... for the DPRK Solveig H. Suh": a title's remit may end in a country
        j = a - 1
        sent_start = doc[a].sent.start
        while j >= sent_start and ((doc[j].is_title and doc[j].is_alpha) or
                                   doc[j].lower_ in ("of", "for", "and", "the", "-", "on") or
                                   (j in self.taken and self.taken[j].label_ in ("country", "place", DEMONYM))):
            if doc[j].is_title and self._person_noun(doc[j]):
                return True
            j -= 1
        return False

    def _remit_before(self, i: int) -> bool:
        """Token i continues a capitalised title phrase: the capitalised words and glue before
        it reach a title ("Director of Maritime | Policy", "Minister of Energy and | Mines")."""
        doc = self.doc
        j = i - 1
        while j >= 0 and ((doc[j].is_title and doc[j].is_alpha) or doc[j].lower_ in ("of", "for", "and", "the", "on")):
            if doc[j].is_title and self._person_noun(doc[j]):
                return True
            j -= 1
        return False

    def _org_before_bracket(self, close: int) -> bool:
        doc = self.doc
        if close < 3 or doc[close - 2].text != "(":
            return False
        m = self.taken.get(close - 3)
        ent = self.ent_of.get(close - 3)
        return (m is not None and m.label_ not in ("person", "place", "country", DEMONYM)) or \
            (ent is not None and ent.label_ == "ORG")

    def _coordinated_with_person(self, root) -> bool:
        """"Jerzy Girard, Sigurd Thornbury and Astrid Moreau": one of a coordination is a person."""
        first = root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        group = [first] + [t for t in first.subtree if t.dep_ == "conj" and self._conj_of(t, first)]
        return any(t.i in self.person_tokens for t in group if t.i != root.i)

    @staticmethod
    def _conj_of(tok, first) -> bool:
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            if tok.i == first.i:
                return True
        return False

    # --- 7. the entity recogniser

    def from_model(self) -> None:
        doc = self.doc
        for ent in self.ents:
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "’", ",", "-"):
                end -= 1
            if ent.label_ != "PERSON":
                # "the Grand Hotel in Sofia", "the Andean Desk at": the entity ran on past a
                # preposition into another mention, or ends in one
                k = next((i for i in range(start + 1, end) if i in self.taken), None)
                if k is not None and doc[k - 1].lower_ in ("in", "at", "near"):
                    end = k - 1
                while end > start and doc[end - 1].lower_ in ("in", "at", "of", "for", "and", "on", "near"):
                    end -= 1
            if ent.label_ == "PERSON":  # "Ana" + "-Maria": the model cuts hyphenated given names
                while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_alpha and not doc[end].whitespace_:
                    end += 2
                while start < end and (doc[start].lower_.rstrip(".") in self.lex["title_words"] or
                                       doc[start].text in ("-", "'s", "’s")):
                    start += 1
                while start < end and self.taken.get(start) is not None:
                    start += 1  # "Kenyan Ruto": a demonym swallowed
            if start >= end or not self.free(start, end):
                continue
            text = doc[start:end].text.strip()
            if "\n" in text or not text[:1].isupper():
                continue
            if ent.label_ == "PERSON":
                self._person_from_model(start, end, text)
            elif ent.label_ in ("ORG", "GPE") and 2 <= end - start <= 3 and self._appositive_title(end) and \
                    text.split()[0] in self.given and self.kb.lookup(text) is None and \
                    not any(w in self.lex["org_heads"] for w in text.split()):
                self._person_from_model(start, end, text)  # "Lena Dahl, a spokeswoman for ..."
            elif ent.label_ == "ORG" and start > 0 and (doc[start - 1].lower_ in self.lex["title_words"] or
                                                        doc[start - 1].text == ")" or
                                                        doc[start - 1].text in self.lex["org_heads"]) and \
                    2 <= end - start <= 3 and text.split()[0] in self.given and \
                    not any(w in self.lex["org_heads"] for w in text.split()):
                self._person_from_model(start, end, text)  # "spokesperson Lena Dahl" taken for an organisation
            elif ent.label_ in ("ORG", "NORP"):
                if "(" in text and ")" not in text:  # "the Dialogue (NEACD": the model's bracket
                    end = next(t.i for t in doc[start:end] if t.text == "(")
                    text = doc[start:end].text.strip()
                words = text.split()
                if len(words) == 1 and not _ACRONYM.match(text):
                    continue  # "the Council", "Cabinet": a bare head noun names no one body
                if len(words) == 1 and text.lower() in self.words and text not in self.acronyms_of:
                    continue  # "END", "UPDATE": an English word in capitals
                if outlet_shaped(text) or any(w in self.lex["org_heads"] for w in words) or \
                        (words and words[-1] in self.lex["venue_heads"]):
                    self.add_org(start, end, text)
                elif ent.label_ == "ORG" and _ACRONYM.match(text) and len(words) == 1:
                    self.add_org(start, end, text)
            elif ent.label_ in PLACE_LABELS and text.lower().rstrip(".") in self.lex["title_words"]:
                continue  # "MR." of a transcript label
            elif ent.label_ in PLACE_LABELS and len(text.split()) <= 5:
                if text in self.person_words and self.kb.lookup(text) is None:
                    continue  # a person's name the model took for a place
                if re.search(r"[a-z]-[A-Z]|^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$", text):
                    continue  # a Korean personal name the model took for a place
                if text.split()[0] in self.lex["never_people"] or any(ch.isdigit() for ch in text):
                    continue
                entry = self.kb.lookup(text)
                words = text.split()
                if entry is None and len(words) >= 2 and self._given_name_first(words) and \
                        words[-1] not in self.lex["place_heads"]:
                    self._person_from_model(start, end, text)  # "Jackson Mbeki" taken for a place
                    continue
                if entry is not None and entry.kind in ("place", "country"):
                    key, kind = entry.key, entry.kind
                    self.register_kb(key)
                else:
                    key, kind = f"place:{slug(text)}", "place"
                    self.register(key, "place", text)
                span = self.add(start, end, kind, key)
                if span is not None and entry is not None:
                    span._.country = self.kb.country_key(key)

    def _appositive_title(self, end: int) -> bool:
        """", a spokeswoman for", ", the deputy minister": a title noun in apposition after `end`."""
        doc = self.doc
        if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the"):
            return False
        for t in doc[end + 2:min(end + 5, len(doc))]:
            if t.lower_ in self.lex["title_words"] and t.pos_ == "NOUN":
                return True
            if not (t.pos_ in ("ADJ", "NOUN", "PROPN") or t.is_title):
                return False
        return False

    def _given_name_first(self, words: list[str]) -> bool:
        """The first word is a given name in English-speaking use ("Jackson Mbeki")."""
        return self.given.table.get(words[0].lower(), (0, 0))[1] > 0

    def _person_from_model(self, start: int, end: int, text: str) -> None:
        lex = self.lex
        words = text.split()
        if not text.isupper() and any(w.rstrip(".").isupper() and len(w.rstrip(".")) > 1 for w in words):
            return  # "USS Kentucky", "HMS Albion": a code before a name is no person's
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or any(ch.isdigit() for ch in text):
            return
        if self.kb.is_known_name(text) or outlet_shaped(text) or words[0] in lex["never_people"] or \
                text in lex["never_people"] or words[-1] in lex["org_heads"] or words[-1] in lex["venue_heads"] or \
                words[-1] in lex["place_heads"]:
            return  # "Victoria Falls", "Jordan Valley": a place named after a person is a place
        if any(self.kb.lookup(w) is not None and self.kb.lookup(w).kind in ("country", "outlet") and
               not self.kb.is_ambiguous(w) for w in words):
            return  # "Kenya Airways", "Reuters Staff"; not "Chad Miller"
        self.add_person(start, end, text)

    # --- names after a title that the recogniser missed

    def titled_names(self) -> None:
        """"Trade Adviser Ana Rojas", "Minister of Foreign Trade Rosa Quispe" with no entity on
        the name: after a capitalised title word and the capitalised words of its remit, two
        capitalised words (the first a given name, or both a romanised East Asian name) that
        no capitalised word follows."""
        doc, lex = self.doc, self.lex
        glue = ("of", "for", "and", "the", "-")
        for i in self.at["title"]:
            tok = doc[i]
            if tok.i + 2 >= len(doc):
                continue
            j = tok.i + 1
            while j < len(doc) and ((doc[j].is_title and doc[j].is_alpha) or doc[j].lower_ in glue):
                j += 1
            run_end = j  # the title phrase and any names in it end here
            for p in range(tok.i + 1, run_end - 1):
                prev = doc[p - 1]
                if not (prev.is_title or prev.text == ")") or prev.lower_ in ("and",):
                    continue
                for n in (3, 2):
                    end = p + n
                    if end > run_end:
                        continue
                    words = doc[p:end]
                    if not all(t.is_title and t.is_alpha and t.pos_ == "PROPN" for t in words):
                        continue
                    if end < len(doc) and doc[end].is_title and doc[end].is_alpha:
                        continue
                    if any(t.i in self.taken or t.i in self.ent_of for t in words):
                        continue
                    text = words.text
                    if any(t.lower_ in lex["title_words"] or t.text in lex["never_people"] or
                           t.text in lex["org_heads"] or t.text in lex["venue_heads"] or
                           t.text in lex["place_heads"] for t in words):
                        continue
                    if (words[0].text in self.given or self._east_asian_name(text)) and \
                            not self.kb.is_known_name(text):
                        self.add_person(p, end, text)
                        break

    # --- a surname taken for a place

    def surname_places(self) -> None:
        """"Valdivia said", "Gong concluded": a one-word place that is the surname of a person
        of the article, with no place context ("in Valdivia"; "Valdivia, Chile"), is that
        person's surname (coreference links it), not the city the gazetteer knows."""
        surnames = {w for sp in self.spans if sp.label_ == "person" for w in surnames_of(sp.text)}
        if not surnames:
            return
        for span in [sp for sp in self.spans if sp.label_ == "place" and len(sp) == 1 and sp.text in surnames]:
            if self._place_context(span) or (span.start > 0 and self.doc[span.start - 1].lower_ in
                                             ("in", "at", "to", "from", "near", "of", "for")):
                continue
            self.spans.remove(span)
            for i in range(span.start, span.end):
                del self.taken[i]
            if not any(sp.kb_id_ == span.kb_id_ for sp in self.spans):
                self.entities.pop(span.kb_id_, None)

    # --- a person named only by a title and a surname

    def titled_surnames(self) -> None:
        """"President Alvarez" when the article never gives Alvarez's full name: a person
        known in this article only, keyed to it (a bare surname names no one across articles),
        and every later bare "Alvarez" with it. When a full name with that surname appears,
        coreference links the surname instead."""
        doc, lex = self.doc, self.lex
        surnames = {w for s in self.spans if s.label_ == "person" for w in surnames_of(s.text)}
        surnames |= {w for s in self.spans if s.label_ == "person" for w in s.text.split()}
        found: dict[str, tuple[str, str]] = {}
        for i in self.at["title"]:
            if i + 1 >= len(doc):
                continue
            tok = doc[i + 1]
            word = tok.text
            if tok.i in self.taken:
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            named = tok.pos_ == "PROPN" or (tok.i in self.ent_of and self.ent_of[tok.i].label_ == "PERSON")
            if not (tok.is_title and tok.is_alpha and named) or (nxt is not None and nxt.is_title):
                continue  # "President Trump": the tagger may call the surname a noun, the recogniser a name
            if word in surnames or word.lower() in lex["title_words"] or word in lex["never_people"] or \
                    word in lex["org_heads"] or word in lex["venue_heads"] or self.kb.is_known_name(word) or \
                    (tok.i in self.ent_of and self.ent_of[tok.i].label_ != "PERSON"):
                continue
            known = self._known_by_title(tok.i)
            if known is not None:
                found.setdefault(word, known)
            else:
                found.setdefault(word, (f"person:{slug(word)}@{doc._.article_id or 'text'}", word))
        if not found:
            return
        for tok in (doc[i] for word in found for i in self.by_text.get(word, ())):
            key, label = found.get(tok.text, (None, None))
            named = tok.pos_ == "PROPN" or (tok.i in self.ent_of and self.ent_of[tok.i].label_ == "PERSON")
            if key is not None and tok.i not in self.taken and named and \
                    not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title):
                if self.add(tok.i, tok.i + 1, "person", key) is not None:
                    self.register(key, "person", label)

    def _known_by_title(self, i: int) -> tuple[str, str] | None:
        """"President Trump" in an article that never gives his full name: the well-known
        person of the link table whose surname this is and who bore exactly this title (the
        capitalised title words before the surname, "Vice President" is not "President") in
        the article's year, and, if a country is named before the title, of that country
        (`patterns/names.yaml` known_by_title). Anyone else stays this article's own."""
        doc = self.doc
        j = i - 1
        while j >= 0 and ((doc[j].is_title and self._person_noun(doc[j])) or doc[j].lower_ == "of"):
            j -= 1
        title = " ".join(t.text for t in doc[j + 1:i])
        if not title or doc[j + 1].lower_ == "of":
            return None
        country = None
        if j >= 0:
            k = j - 1 if doc[j].text in ("'s", "’s") else j
            m = self.taken.get(k)
            if m is not None and m.label_ in ("country", DEMONYM):
                country = self.kb.country_key(m.kb_id_) if m.kb_id_ in self.kb.entries else m.kb_id_
        year = doc._.published.year if doc._.published else None
        matches = [p for p in known_by_title().get(doc[i].text, ())
                   if title in p["titles"] and (country is None or country == p.get("country")) and
                   (year is None or any(a <= year and (b is None or year <= b) for a, b in p["terms"]))]
        if len(matches) != 1:
            return None
        return person_key(matches[0]["label"]), matches[0]["label"]

    # --- 8. acronyms

    def acronyms(self) -> None:
        """"the Arctic Cooperation Secretariat (ACS)": the bracketed acronym and its later uses
        are the organisation; an acronym used alone that the recogniser calls an organisation
        is one too."""
        doc = self.doc
        for span in list(self.spans):
            self._define_acronym(span)
        if not self.acronyms_of:
            return
        for tok in (doc[i] for acr in self.acronyms_of for i in self.by_text.get(acr, ())):
            key = self.acronyms_of.get(tok.text)
            if key is None or tok.i in self.taken:
                continue
            rec = self.entities.get(key)
            span = self.add(tok.i, tok.i + 1, rec.kind if rec else "organization", key)
            if span is not None and rec is not None:
                span._.country = rec.country

    def _define_acronym(self, span: Span) -> None:
        doc = self.doc
        if span.label_ in ("person", DEMONYM, "country", "place") or span.end + 2 >= len(doc):
            return
        if doc[span.end].text == "(" and doc[span.end + 2].text == ")" and _ACRONYM.match(doc[span.end + 1].text):
            acr = doc[span.end + 1].text
            self.acronyms_of.setdefault(acr, span.kb_id_)
            rec = self.entities.get(span.kb_id_)
            if rec is not None:
                rec.names.add(acr)

    # --- places' countries from the text

    def place_countries(self) -> None:
        """"Brussels, the Kingdom of Belgium" / "Lima, Peru": the country after a place; "the
        Grand Hotel in Lima": a venue lies in the country of the city after "in"."""
        doc = self.doc
        by_start = {s.start: s for s in self.spans}
        for span in list(self.spans):
            if span.label_ != "place":
                continue
            j = span.end
            if j < len(doc) and doc[j].text == ",":
                j += 1
                if j < len(doc) and doc[j].lower_ == "the":
                    j += 1
                nxt = by_start.get(j)
                if nxt is not None and nxt.label_ == "country":
                    known = self.kb.country_key(span.kb_id_) if span.kb_id_ in self.kb.entries else None
                    if known and nxt.text in self.kb.subdivision_names.get(known, ()):
                        # "Atlanta, Georgia": the state of the city's own country, not the country
                        name = normalise_quotes(nxt.text)
                        self._replace(nxt, "place", f"place:{slug(name)}-{known}", name, known)
                        continue
                    self._set_country(span, nxt.kb_id_)
            elif j + 1 < len(doc) and doc[j].lower_ in ("in", "at", "near") and span.kb_id_ not in self.kb.entries:
                nxt = by_start.get(j + 1)
                if nxt is not None and nxt.label_ == "place" and nxt._.country:
                    self._set_country(span, nxt._.country)

    def _replace(self, span: Span, kind: str, key: str, name: str, country: str) -> None:
        """Another reading of a mention's words: a new span with its own key and country."""
        new = Span(self.doc, span.start, span.end, label=kind, kb_id=key)
        new._.country = country
        self.spans[self.spans.index(span)] = new
        for i in range(span.start, span.end):
            self.taken[i] = new
        self.register(key, kind, name, country=country)
        self.register_kb(country)

    def _set_country(self, span: Span, country: str) -> None:
        known = self.kb.country_key(span.kb_id_) if span.kb_id_ in self.kb.entries else None
        self.register_kb(country)
        if known and known != country:
            # The text puts the place in another country than the gazetteer's city of that
            # name ("Victoria, Canada"): another place, keyed with its country.
            name = normalise_quotes(span.text)
            self._replace(span, "place", f"place:{slug(name)}-{country}", name, country)
            return
        span._.country = country
        rec = self.entities.get(span.kb_id_)
        if rec is not None and rec.country is None:
            rec.country = country
