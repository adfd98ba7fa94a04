"""peninsula_mentions: every mention of a person, organisation, place or country, with its key.

Sources, in order of trust: the gazetteer's spans (longest first), the entity recogniser's
PERSON / ORG / GPE / LOC / FAC entities (with the small model's usual misses mended), and
romanised Korean names found by their shape. The result is `doc.spans["mentions"]` (each
span's `label_` its kind, `kb_id_` the entity key), `Doc._.entities` (key -> EntityRecord)
and `Doc._.refs` (token -> the keys it stands for).

A place that acts for its country ("Washington demands") carries that country in
`Span._.acts_for`; an organisation or place carries its country, when known, in `Span._.country`.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..kb import KOREAN_SURNAMES, load_kb, normalise_quotes
from ..model import EntityRecord
from ..names import org_kind_from_name, person_key, slug
from .layers import DEMONYM, GAZETTEER, MENTIONS

_KOREAN_NAME = re.compile(r"\b([A-Z][a-z]{0,4}) ([A-Z][a-z]{1,5}-[a-z]{1,5}|[A-Z][a-z]{1,5} [A-Z][a-z]{1,5})\b(?![-\w])")
ORG_HEADS = re.compile(r"\b(Ministry|Department|Institute|Agency|Council|Committee|Commission|Party|Office|"
                       r"University|Center|Centre|Foundation|Administration|Assembly|Bureau|Service|Army|"
                       r"Embassy|Group|Forum|Organization|Organisation|Association|Corporation|Academy)\b")
TITLE_WORDS = {"president", "minister", "secretary", "chairman", "leader", "representative", "envoy",
               "ambassador", "director", "spokesperson", "spokesman", "spokeswoman", "adviser", "advisor",
               "general", "premier", "chief", "deputy", "vice", "senator", "professor", "dr.", "mr.", "ms.",
               "mrs.", "special", "foreign", "first", "lady", "sen.", "rep.", "gen."}


@Language.factory("peninsula_mentions", default_config={})
def make_mentions(nlp: Language, name: str):
    return MentionFinder()


class MentionFinder:
    def __init__(self):
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        found = _Mentions(doc, self.kb)
        found.from_gazetteer()
        found.korean_names()
        found.from_model()
        doc.spans[MENTIONS] = sorted(found.spans, key=lambda s: (s.start, s.end))
        doc._.entities = found.entities
        doc._.refs = {i: (s.kb_id_,) for s in found.spans if s.label_ != DEMONYM for i in range(s.start, s.end)}
        return doc


class _Mentions:
    def __init__(self, doc: Doc, kb):
        self.doc, self.kb = doc, kb
        self.spans: list[Span] = []
        self.taken: set[int] = set()
        self.entities: dict[str, EntityRecord] = {}

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
        self.register(entry.key, entry.kind, entry.label, entry.country if entry.country != "*" else None,
                      entry.parent)
        for ref in (entry.country, entry.parent):
            if ref and ref != "*":
                self.register_kb(ref)

    def add(self, start: int, end: int, kind: str, key: str) -> Span | None:
        if start >= end or any(i in self.taken for i in range(start, end)):
            return None
        span = Span(self.doc, start, end, label=kind, kb_id=key)
        self.spans.append(span)
        self.taken.update(range(start, end))
        return span

    def from_gazetteer(self) -> None:
        doc, kb = self.doc, self.kb
        for sp in sorted(doc.spans.get(GAZETTEER, []), key=lambda s: (-(s.end - s.start), s.start)):
            kind, key = sp.label_, sp.id_
            if kind == "metonym":  # "the North", "the Biden administration": the country acting
                kind = "country"
            if kind == DEMONYM:
                self.add(sp.start, sp.end, DEMONYM, key)
                continue
            entry = kb.entries.get(key)
            if entry is not None and entry.country == "*":  # "the Foreign Ministry": whose, from context
                country = self._country_near(sp.start)
                if country:
                    self.register_kb(country)
                    key = f"{entry.key}-{country}"
                    self.register(key, entry.kind, f"{entry.label} ({kb.label(country)})", country=country)
                else:
                    self.register(entry.key, entry.kind, entry.label)
            else:
                self.register_kb(key)
                name = normalise_quotes(sp.text)
                if entry is not None and kind != "place" and name in entry.aliases and not name.lower().startswith("the "):
                    self.entities[key].names.add(name)  # "DPRK": a name it is known by
            span = self.add(sp.start, sp.end, kind, key)
            if span is not None:
                acts = kb.metonym(normalise_quotes(sp.text))
                if acts and kind == "place":
                    span._.acts_for = acts
                span._.country = entry.country if entry is not None and entry.country != "*" else None

    def _country_near(self, start: int) -> str | None:
        doc = self.doc
        for j in range(start - 1, max(doc[start].sent.start, start - 4) - 1, -1):
            c = self.kb.country_of_name(normalise_quotes(doc[j].text))
            if c:
                return c
        return None

    def from_model(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "’", ",", "-"):
                end -= 1
            if ent.label_ == "PERSON":  # "Choe Son" + "-hui": the model cuts hyphenated given names
                while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_alpha and not doc[end].whitespace_:
                    end += 2
                while start < end and doc[start].lower_.rstrip(".") in TITLE_WORDS:
                    start += 1
            if start >= end:
                continue
            text = doc[start:end].text.strip()
            if "\n" in text or not text[:1].isupper():
                continue
            if ent.label_ == "PERSON":
                words = text.split()
                if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or \
                        any(ch.isdigit() for ch in text) or self.kb.is_known_name(text):
                    continue
                key = person_key(text)
                if self.add(start, end, "person", key) is not None:
                    self.register(key, "person", text)
            elif ent.label_ == "ORG" and ORG_HEADS.search(text):
                kind = org_kind_from_name(text)
                key = f"{kind}:{slug(text)}"
                span = self.add(start, end, kind, key)
                if span is not None:
                    span._.country = self._country_near(start)
                    self.register(key, kind, text, country=span._.country)
            elif ent.label_ in ("GPE", "LOC", "FAC") and len(text.split()) <= 5:
                if re.search(r"[a-z]-[A-Z]|^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$", text):
                    continue  # a Korean personal name the model took for a place
                key = f"place:{slug(text)}"
                if self.add(start, end, "place", key) is not None:
                    self.register(key, "place", text)

    def korean_names(self) -> None:
        """Romanised Korean names by their shape, whatever the model says: a family name and a
        hyphenated or two-syllable given name ("Lee Do-hoon", "Kim Yo Jong")."""
        doc = self.doc
        for m in _KOREAN_NAME.finditer(doc.text):
            if m.group(1) not in KOREAN_SURNAMES or self.kb.is_known_name(m.group(0)):
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            key = person_key(m.group(0))
            if self.add(span.start, span.end, "person", key) is not None:
                self.register(key, "person", m.group(0))
