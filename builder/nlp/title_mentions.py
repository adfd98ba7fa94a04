"""The mention layer as the titles component reads and mends it.

A title phrase is where the entity recogniser most often goes wrong: it misses the name after
a long title ("... for Economic Relations Pablo Rojas"), swallows it into an organisation
("... of the Foreign Ministry Namazu Hiroyuki"), takes a title word for part of a name, or cuts
an organisation's name. `MentionRepairs` indexes `doc.spans["mentions"]` by token and makes
the few repairs the titles need, with the keys the mentions component would give (person keys
from `names.person_key`, organisation keys `kind:slug`, a national body of the KB keyed for
its country), keeping `Doc._.entities` and `Doc._.refs` in step.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..kb import normalise_quotes
from ..model import EntityRecord
from ..names import org_kind_from_name, person_key, slug
from .layers import DEMONYM, GAZETTEER, MENTIONS
from .title_lexicon import POSSESSIVE, Lexicon, is_given_name

ORG_KINDS = ("ministry", "government", "institute", "international", "organization", "outlet",
             "workinggroup")


class MentionRepairs:
    """The mention layer, indexed by token, with the few repairs the titles need."""

    def __init__(self, doc: Doc, kb, lex: Lexicon):
        self.doc, self.kb, self.lex = doc, kb, lex
        self._org_ents = {e.start + (1 if doc[e.start].lower_ == "the" else 0): e
                          for e in doc.ents if e.label_ in ("ORG", "FAC")}  # the model's organisations
        self.spans: list[Span] = list(doc.spans.get(MENTIONS, []))
        self.at: dict[int, Span] = {i: s for s in self.spans for i in range(s.start, s.end)}
        self.changed = False
        self._demonyms: dict[int, Span] | None = None
        self.created: set[str] = set()
        if doc._.entities is None:
            doc._.entities = {}
        if doc._.refs is None:
            doc._.refs = {}

    def demonym(self, i: int) -> Span | None:
        """A demonym of the gazetteer ("Kenyan", `id_` its country) starting at this token."""
        if self._demonyms is None:
            self._demonyms = {s.start: s for s in self.doc.spans.get(GAZETTEER, []) if s.label_ == DEMONYM}
        return self._demonyms.get(i)

    def get(self, i: int) -> Span | None:
        return self.at.get(i)

    def starting(self, i: int) -> Span | None:
        m = self.at.get(i)
        return m if m is not None and m.start == i else None

    def _register(self, key: str, kind: str, label: str, country: str | None = None) -> None:
        ents = self.doc._.entities
        rec = ents.get(key)
        if rec is None:
            rec = ents[key] = EntityRecord(key=key, kind=kind, label=label)
        rec.names.add(label)
        rec.country = rec.country or country

    def add(self, start: int, end: int, kind: str, key: str, label: str,
            country: str | None = None) -> Span | None:
        if any(i in self.at for i in range(start, end)):
            return None
        span = Span(self.doc, start, end, label=kind, kb_id=key)
        if kind in ORG_KINDS:
            span._.country = country
        self.spans.append(span)
        for i in range(start, end):
            self.at[i] = span
            self.doc._.refs[i] = (key,)
        self._register(key, kind, label, country)
        self.changed = True
        return span

    def remove(self, span: Span) -> None:
        self.spans = [s for s in self.spans if not (s.start == span.start and s.end == span.end)]
        for i in range(span.start, span.end):
            self.at.pop(i, None)
            self.doc._.refs.pop(i, None)
        if span.label_ == "person" and not any(s.kb_id_ == span.kb_id_ for s in self.spans):
            self.doc._.entities.pop(span.kb_id_, None)  # a name re-read without its title
        self.changed = True

    def add_person(self, start: int, end: int) -> Span | None:
        text = normalise_quotes(self.doc[start:end].text)
        if self.kb.is_known_name(text):
            return None
        return self.add(start, end, "person", person_key(text), text)

    def title_out_of_org(self, start: int, end: int) -> None:
        """"Chair of the Pacific Fisheries Commission (PFC)" taken whole for a body: the title
        (tokens start..end, opening the name) is left out, the body is what follows "of the";
        its acronym's mentions follow the new key."""
        doc = self.doc
        m = self.at.get(start)
        if m is None or m.label_ not in ORG_KINDS or m.start != start or end + 1 >= m.end or \
                doc[end].lower_ not in self.lex.org_preps:
            return
        cut = end + 1 + (doc[end + 1].lower_ == "the")
        if cut >= m.end or not doc[cut].text[:1].isupper():
            return
        old = m.kb_id_
        same = [s for s in self.spans if s.kb_id_ == old and s is not m]
        self.remove(m)
        self.doc._.entities.pop(old, None)
        org = self.add_org(cut, m.end, m._.country)
        if org is None:
            return
        for s in same:  # "PFC"
            self.remove(s)
            self.add(s.start, s.end, org.label_, org.kb_id_, s.text, org._.country)

    def add_org(self, start: int, end: int, country: str | None) -> Span | None:
        text = normalise_quotes(self.doc[start:end].text)
        entry = self.kb.lookup(text)
        if entry is not None and entry.kind in ORG_KINDS:
            key, kind, label = entry.key, entry.kind, entry.label
        else:
            kind = org_kind_from_name(text)
            kind = kind if kind in ORG_KINDS else "organization"
            if kind == "organization" and self.lex.body_kind(text, ("government",)):
                kind = "government"
            key, label = f"{kind}:{slug(text)}", text
            if country and kind in ("ministry", "government"):  # a national body: one per country
                key, label = f"{key}-{country}", f"{text} ({self.kb.label(country)})"
            self.created.add(key)
        return self.add(start, end, kind, key, label, country)

    def localise(self, span: Span, country: str | None) -> Span:
        """A national body this component read ("the Ministry of Trade"), once the title gives
        its country ("of Japan"): keyed and labelled for that country."""
        if span.kb_id_ not in self.created or not country or span.label_ not in ("ministry", "government") \
                or span._.country:
            return span
        self.remove(span)
        return self.add_org(span.start, span.end, country) or span

    def national(self, span: Span, country: str | None) -> Span:
        """A national body of the KB ("Ministry of Foreign Affairs": every country has one)
        keyed for its country once the title names the country, as the mentions key it."""
        entry = self.kb.entries.get(span.kb_id_)
        if entry is None or entry.country != "*" or not country:
            return span
        label = f"{entry.label} ({self.kb.label(country)})"
        self.remove(span)
        return self.add(span.start, span.end, entry.kind, f"{entry.key}-{country}", label, country) or span

    def entity(self, key: str) -> EntityRecord | None:
        return self.doc._.entities.get(key)

    def commit(self) -> None:
        if self.changed:
            self.doc.spans[MENTIONS] = sorted(self.spans, key=lambda s: (s.start, s.end))

    # ---- names a title introduces ------------------------------------------------------------

    def missed_name(self, i: int, sent: Span) -> Span | None:
        """Capitalised words right after a title that the recogniser did not take for a name."""
        doc = self.doc
        j = i
        while j < sent.end and doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].pos_ == "PROPN" \
                and self.get(j) is None and not self.lex.is_title_word(doc[j].lower_):
            j += 1
        place = self.surname_place(j) if j < sent.end and j > i and is_given_name(doc[i].text) else None
        if place is not None:  # "Ambassador Haakon Valdivia": the surname is also a city's name
            self.remove(place)
            j = place.end
        swallowed = doc[i].ent_type_ == "ORG" and doc[i].ent_iob_ == "I" and \
            (j >= sent.end or doc[j].ent_iob_ != "I")  # "... of the Foreign Ministry Namazu Hiroyuki"
        person_here = doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B"
        if not 2 <= j - i <= 3 or not (is_given_name(doc[i].text) or swallowed or person_here):
            return None
        if j < sent.end and (doc[j].text in POSSESSIVE or doc[j].pos_ == "PROPN"):
            return None
        return self.add_person(i, j)

    def surname_place(self, j: int) -> Span | None:
        """A one-word place mention at j that may be a surname after a given name: a city the
        text does not use as a place (no country, not a capital acting for one), the run of
        capitalised words ending with it."""
        m = self.starting(j)
        doc = self.doc
        if m is None or m.label_ != "place" or len(m) != 1 or m._.acts_for or \
                m.end < len(doc) and (doc[m.end].pos_ == "PROPN" or doc[m.end].text in POSSESSIVE):
            return None
        return m

    def person_for_place(self, m: Span) -> Span:
        """"(ACS) Ines Zimmer": a place mention of two or three words after a title, the first a
        given name, that the gazetteer does not know: the recogniser's guess, a person."""
        if m.label_ != "place" or not 2 <= len(m) <= 3 or not is_given_name(self.doc[m.start].text) or \
                self.kb.lookup(normalise_quotes(m.text)) is not None:
            return m
        start, end = m.start, m.end
        self.remove(m)
        return self.add_person(start, end) or m

    def missed_name_before(self, j: int, sent: Span, loose: bool = False) -> Span | None:
        """"Grace Wanjiku, deputy governor of ...": a name before the comma that the
        recogniser missed or took for something else."""
        doc = self.doc
        i = j
        while i > sent.start and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and \
                doc[i - 1].pos_ == "PROPN" and self.get(i - 1) is None:
            i -= 1
        while i < j and not is_given_name(doc[i].text):
            i += 1
        if not 2 <= j - i <= 3 or any(self.lex.is_title_word(t.lower_) for t in doc[i:j]):
            return None
        if not loose and i > sent.start and (doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha):
            return None  # part of a longer name or title
        return self.add_person(i, j)

    def name_starts(self, units: list, j: int) -> bool:  # units: title_phrases.Unit
        """A personal name the recogniser missed starts here: a given name followed by one or
        two capitalised words that end the run ("... Affairs Pablo Rojas,")."""
        u = units[j]
        tok = self.doc[u.start]
        person_here = tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B"  # the recogniser's own guess
        if not (is_given_name(u.text) or person_here) or self.lex.is_title_word(u.lower):
            return False
        nxt = self.starting(units[j + 1].start) if j + 1 < len(units) else None
        if not is_given_name(u.text) and nxt is not None and nxt.label_ == "person":
            return False  # the mentions start the name after it ("... and Aquaculture Rosa Huaman")
        run = j
        while run < len(units) and units[run].text[:1].isupper() and self.doc[units[run].start].pos_ in ("PROPN", "NOUN", "ADJ") \
                and (self.get(units[run].start) is None or self.get(units[run].start).label_ == "person"):
            run += 1
        if run > j and run < len(units) and is_given_name(u.text) and self.surname_place(units[run].start) is not None:
            run += 1  # "... Chancellery Haakon Valdivia": a surname that is also a city's name
        if not 2 <= run - j <= 3:
            return False
        if any(self.lex.is_title_word(v.lower) or v.lower in self.lex.org_heads for v in units[j:run]):
            return False
        return True

    def model_org(self, start: int) -> Span | None:
        """An organisation the entity recogniser found at this token but the mentions left out."""
        ent = self._org_ents.get(start)
        if ent is None or ent.end <= start:
            return None
        doc = self.doc
        if ent.label_ == "ORG" and doc[ent.end - 1].lower_ in self.lex.org_heads:
            return self.add_org(start, ent.end, None)
        end = ent.end
        if doc[start].lower_ in self.lex.org_heads and doc[start + 1].lower_ in ("of", "for"):
            # "the University of Andean Studies", "the Center for a New Arctic Policy": the
            # body's name runs on; a demonym inside it is part of the name
            for i in range(start, end):
                m = self.get(i)
                if m is not None and m.label_ in (DEMONYM, "country", "place") and m.end <= end:
                    self.remove(m)
                elif m is not None:
                    return None
            return self.add_org(start, end, None)
        return None

    def split_swallowed(self, m: Span) -> Span:
        """An organisation that swallowed the name after it ("... (MFA) Kari Dahl"): the name
        is a person, the organisation ends before it."""
        doc = self.doc
        for cut in range(m.start + 1, m.end - 1):
            tail = doc[cut:m.end]
            if is_given_name(doc[cut].text) and 2 <= len(tail) <= 3 and all(t.text[:1].isupper() and t.is_alpha for t in tail) \
                    and doc[cut - 1].text in (")",) + tuple(self.lex.org_heads) or \
                    is_given_name(doc[cut].text) and 2 <= len(tail) <= 3 and doc[cut - 1].lower_ in self.lex.org_heads \
                    and all(t.text[:1].isupper() and t.is_alpha for t in tail):
                self.remove(m)
                org = self.add_org(m.start, cut, m._.country) or m
                self.add_person(cut, m.end)
                return org
        return m

    def trim_titled_names(self) -> None:
        """A person mention that starts with title words ("Undersecretary Pablo Rojas") or with
        the last word of a remit: the name is what follows them."""
        doc = self.doc
        for m in [s for s in self.spans if s.label_ == "person"]:
            if m.end < len(doc) and self.lex.head_kind(doc[m.end].lower_) and \
                    any(t.lower_ in self.lex.org_heads for t in m):
                self.remove(m)  # "Kenyan Cabinet Secretary": the body is part of the title
                continue
            cut = m.start
            while cut < m.end and (self.lex.is_title_word(self.doc[cut].lower_) or
                                   self.doc[cut].lower_.rstrip(".") in {h.rstrip(".") for h in self.lex.honorifics} or
                                   self.doc[cut].lower_ in self.lex.ranks):
                cut += 1
            if cut == m.start and m.end - m.start >= 3 and m.start > 0 and doc[m.start - 1].lower_ in ("and", "of", "for", "the") \
                    and not is_given_name(doc[m.start].text) and is_given_name(doc[m.start + 1].text):
                cut += 1  # "... of Fisheries and Aquaculture Rosa Huaman": the remit's last word is no name
            if cut > m.start and m.end - cut >= 1 and (m.end - cut >= 2 or cut == m.start):
                self.remove(m)
                self.add_person(cut, m.end)
