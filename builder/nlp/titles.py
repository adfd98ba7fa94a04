"""peninsula_titles: title phrases and the post each describes.

A title phrase is read around its head noun (the lexicon `builder/patterns/titles.yaml`):
to the left its modifiers ("Second Deputy"), domain words ("Finance"), the country
(a demonym, a country, a possessive: "Norway's") or the organisation ("Planning Office
Director") and tense markers ("former", "then"); to the right its suffixes ("General",
"-designate") and its remit, one prepositional phrase after another ("for Peace and
Reconciliation Affairs", "to Peru", "of State"), the organisation ("of the Central Bank",
"at the Nansen Institute") with its acronym ("(ACS)") and country ("of Norway"). An "and"
inside a remit is part of it unless a new title, name or determiner follows, so a title stack
is one span. Each phrase is a span of `doc.spans["titles"]` with a `PostInfo` in `Span._.post`.

The holder is read off the phrase's place in the sentence: the name right after it ("TITLE
NAME", honorifics skipped), a name in apposition ("NAME, TITLE" / "TITLE, NAME,"), or the
subject or object of a predicate ("X served as TITLE", "who doubles as TITLE", "named X as
TITLE", "As TITLE, X ..."); a title conjoined to another shares its holder. When the holder is
a pronoun, surname or role NP the phrase keeps its token (`holder_token`) for the readers to
resolve after coreference.

Where the entity recogniser missed a name that a title introduces, swallowed it into an
organisation, or swallowed a title into a name, the component mends the mention layer for
that phrase (`title_mentions.MentionRepairs`): the person and organisation keys follow the
mentions' own scheme. The lexicon is read by `title_lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..kb import load_kb
from .layers import DEMONYM, TITLES, PostInfo
from .title_lexicon import Lexicon, _given_names, canonical_title, is_given_name, load_lexicon
from .title_mentions import ORG_KINDS, MentionRepairs

__all__ = ["TitleFinder", "Lexicon", "load_lexicon", "canonical_title", "is_given_name"]

POSSESSIVE = ("'s", "’s", "'", "’")
PRONOUN_POSSESSORS = ("his", "her", "their", "its", "our", "my", "your")
DETERMINERS = ("the", "a", "an", "this", "that", "these", "those", "two", "both", "three")
CONTENT_POS = ("NOUN", "PROPN", "ADJ", "NUM")


@dataclass
class Unit:
    """A word of the sentence, hyphenated words joined ("Director-General" is one unit)."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Phrase:
    start: int  # token span of the whole phrase (determiner and possessor included)
    end: int
    head_token: int
    kind: str
    head: str
    words: list[str] = field(default_factory=list)
    country: str | None = None
    org: str | None = None
    org_span: Span | None = None
    tense: str = "current"
    of_token: int | None = None
    definite: bool = False
    has_remit: bool = False
    sent_by: bool = False  # the country owns the post ("Chile's ...", "... of Chile")
    holder: str | None = None
    holder_token: int | None = None
    relation: str = "before"
    also: list[str] = field(default_factory=list)


@Language.factory("peninsula_titles", default_config={})
def make_titles(nlp: Language, name: str):
    return TitleFinder()


class TitleFinder:
    def __init__(self):
        self.lex = load_lexicon()
        self.kb = load_kb()
        _given_names()  # the given-name dictionary, loaded once with the pipeline

    def __call__(self, doc: Doc) -> Doc:
        reader = _TitleReader(doc, self.lex, self.kb)
        doc.spans[TITLES] = reader.read()
        return doc


def _units(doc: Doc, sent: Span) -> list[Unit]:
    """The sentence's words, joining "X-Y" written without spaces into one unit."""
    out: list[Unit] = []
    toks = list(sent)
    n, base = len(toks), sent.start
    i = 0
    while i < n:
        j = i + 1
        while j + 1 < n and toks[j].text == "-" and not toks[j - 1].whitespace_ and \
                not toks[j].whitespace_ and toks[j + 1].is_alpha:
            j += 2
        text = toks[i].text if j == i + 1 else "".join(t.text for t in toks[i:j])
        out.append(Unit(base + i, base + j, text))
        i = j
    return out


class _TitleReader:
    def __init__(self, doc: Doc, lex: Lexicon, kb):
        self.doc, self.lex, self.kb = doc, lex, kb
        self.mentions = MentionRepairs(doc, kb)
        self.org_alias: dict[str, str] = {}
        self._org_ents = {e.start + (1 if doc[e.start].lower_ == "the" else 0): e for e in doc.ents if e.label_ in ("ORG", "FAC")}

    # ---- the whole document ------------------------------------------------------------------

    def read(self) -> list[Span]:
        doc = self.doc
        phrases: list[Phrase] = []
        self._trim_titled_names()
        for sent in doc.sents:
            units = _units(doc, sent)
            k = 0
            while k < len(units):
                if self._is_head(units, k):
                    phrase, end_unit = self._phrase(units, k)
                    if phrase is not None:
                        phrases.append(phrase)
                        k = max(end_unit, k + 1)
                        continue
                k += 1
        self._phrase_at = {p.start: p for p in phrases}
        for phrase in phrases:
            self._holder_adjacent(phrase)
        for phrase in phrases:  # once the titles after them have their holders
            if phrase.holder is None:
                self._holder_adjacent(phrase)
        by_token = {i: p for p in phrases for i in range(p.start, p.end)}
        for phrase in phrases:
            if phrase.holder is None and phrase.holder_token is None:
                self._holder_predicate(phrase)
        for phrase in phrases:  # "As TITLE and TITLE, she ...": a conjoined title shares the holder
            tok = doc[phrase.head_token]
            if phrase.holder is None and phrase.holder_token is None and tok.dep_ == "conj":
                other = by_token.get(tok.head.i)
                if other is not None and other is not phrase:
                    phrase.holder, phrase.holder_token, phrase.relation = \
                        other.holder, other.holder_token, other.relation
                    if phrase.country is None and not phrase.org:
                        phrase.country = other.country
            self._post_noun_tense(phrase)
        self.mentions.commit()
        for key, alias in self.org_alias.items():
            rec = self.mentions.entity(key)
            if rec is not None:
                rec.names.add(alias)
        return [self._span(p) for p in phrases]

    def _span(self, p: Phrase) -> Span:
        span = Span(self.doc, p.start, p.end, label=p.kind)
        title = canonical_title(p.words)
        span._.post = PostInfo(
            title=title, head=p.head, holder=p.holder, org=p.org, country=p.country,
            envoy=p.kind == "envoy", tense=p.tense, relation=p.relation, kind=p.kind,
            holder_token=p.holder_token, of_token=p.of_token, definite=p.definite, head_token=p.head_token,
            also=tuple(p.also), gender=self.lex.gendered.get(p.head),
            plural=self._plural(p.head_token))
        return span

    # ---- the phrase --------------------------------------------------------------------------

    def _head_kind(self, unit: Unit) -> str | None:
        tok = self.doc[unit.end - 1]
        named_next = unit.end < len(self.doc) and self.mentions.starting(unit.end) is not None and \
            self.mentions.starting(unit.end).label_ == "person"
        if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "ADJ" and unit.text[:1].isupper()) and \
                not (named_next and tok.pos_ == "VERB"):  # "the fisheries ministers Lars Holm": a mistagged head
            return None
        kind = self.lex.head_kind(unit.lower)
        if kind is None and unit.lower.endswith("s"):
            kind = self.lex.head_kind(unit.lower[:-1])  # "envoys", "ministers"
        return kind

    def _plural(self, i: int) -> bool:
        """A plural head ("envoys", "counterparts"), by its form: the tagger often calls it a verb."""
        low = self.doc[i].lower_
        return low.endswith("s") and (low[:-1] in self.lex.heads or low.endswith("ies") and low[:-3] + "y" in self.lex.heads)

    def _is_head(self, units: list[Unit], k: int) -> bool:
        if self._head_kind(units[k]) is None:
            return False
        m = self.mentions.get(units[k].start)
        if m is not None and m.label_ == "person":
            return False
        # "Deputy Minister", "Chief Negotiator": the last head of a run is the title's head
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and self._head_kind(nxt) is not None and self.mentions.get(nxt.start) is None:
            return False
        if nxt is not None and units[k].lower in self.lex.modifiers and self.mentions.get(nxt.start) is None and \
                self.doc[nxt.start].pos_ in ("NOUN", "PROPN", "ADJ") and not self._name_starts(units, k + 1):
            return False  # "Deputy Prime Minister": "Deputy" modifies what follows
        if nxt is not None and nxt.lower in self.lex.modifiers and k + 2 < len(units) and \
                self._head_kind(units[k + 2]) is not None:
            return False
        return True

    def _phrase(self, units: list[Unit], h: int) -> tuple[Phrase | None, int]:
        doc, lex = self.doc, self.lex
        head_unit = units[h]
        kind = self._head_kind(head_unit)
        head_word = head_unit.lower
        if head_word not in lex.heads and head_word.endswith("s") and head_word[:-1] in lex.heads:
            head_word = head_word[:-1]
        head_text = _strip_plural(head_unit.text, doc[head_unit.end - 1])
        prefixed = lex.tense_prefix(head_word) if head_word not in lex.heads else None
        if prefixed:  # "ex-minister"
            head_word, head_text = head_word.split("-", 1)[1], head_text.split("-", 1)[1]
        parts = head_word.split("-")
        if head_word not in lex.heads and parts[0] in lex.heads and "-".join(parts[1:]) in lex.suffixes:
            head_word = parts[0]
            if parts[-1] in ("designate", "elect"):  # "Minister-designate": the post is not held yet
                head_text = head_text.split("-")[0]
        p = Phrase(start=head_unit.start, end=head_unit.end, head_token=head_unit.end - 1, kind=kind,
                   head=head_word, words=[head_text])
        if parts[-1] in ("designate", "elect"):
            p.tense = "designate"
        elif prefixed:
            p.tense = prefixed
        self._left(units, h, p)
        end = self._right(units, h + 1, p)
        if p.org_span is not None:
            p.org_span = self.mentions.localise(self.mentions.national(p.org_span, p.country), p.country)
            p.org = p.org_span.kb_id_
            rec = self.mentions.entity(p.org)
            if rec is not None and p.country is None:
                p.country = rec.country
        if p.kind == "envoy" and p.head in lex.qualified_envoys and not (
                p.has_remit or p.sent_by or any(w.lower() in lex.modifiers for w in p.words[:-1])):
            p.kind = "post"  # "Representative Jane Doe" of a parliament is no envoy
        if p.head in lex.vague and not p.has_remit and not p.org and \
                not any(w.lower() not in lex.modifiers and w.lower() != p.head for w in p.words[:-1]):
            p.kind = "role"  # "a senior official": no post named
        return p, end

    def _country_of(self, m: Span, possessive: bool) -> str | None:
        if m.label_ in ("country", DEMONYM):
            return m.kb_id_
        if m.label_ == "place":
            return m._.acts_for or (m._.country if possessive else None)
        return None

    def _left(self, units: list[Unit], h: int, p: Phrase) -> None:
        doc, lex, ments = self.doc, self.lex, self.mentions
        k = h - 1
        while k >= 0:
            u = units[k]
            low = u.lower
            m = ments.get(u.end - 1)
            if m is not None:
                if m.label_ == "person":
                    break
                mk = _unit_index(units, m.start)
                possessive = m.end < len(doc) and doc[m.end].text in POSSESSIVE
                country = self._country_of(m, possessive)
                if country:
                    p.country = p.country or country
                    p.sent_by = p.sent_by or possessive  # "Chile's representative": sent by the country
                elif m.label_ in ORG_KINDS:
                    if p.org is None:
                        p.org, p.org_span = m.kb_id_, m
                        p.country = p.country or m._.country
                elif not (m.label_ == "place" and possessive):
                    break  # a place that owns the post ("Nairobi's envoy") closes the phrase
                p.start = min(p.start, m.start)
                if mk is None:
                    break
                k = min(mk, k) - 1
                if possessive:  # "Norway's climate envoy": the possessor closes the phrase
                    p.definite = True
                    break
                continue
            if low in POSSESSIVE:
                if k == 0:
                    break
                owner = units[k - 1]
                om = ments.get(owner.end - 1)
                if om is not None and om.label_ != "person":
                    k -= 1  # the possessor mention is read on the next round
                    continue
                p.of_token = owner.end - 1  # "Holm's counterpart", "the minister's deputy"
                p.start = owner.start
                p.definite = True
                break
            if low in PRONOUN_POSSESSORS:
                p.of_token = u.start
                p.start = u.start
                p.definite = True
                break
            if low in DETERMINERS:
                p.start = u.start
                p.definite = low in ("the", "this", "that", "these", "those", "two", "both", "three")
                break
            if low == ")" and k >= 2 and units[k - 2].lower == "(":  # "Republic of Korea (ROK) Special ..."
                k -= 3
                continue
            if low in lex.tense:
                if p.tense == "current" or lex.tense[low] != "current":
                    p.tense = lex.tense[low]
                if lex.tense[low] == "acting":
                    p.words.insert(0, u.text)
                p.start = u.start
                k -= 1
                continue
            if lex.tense_prefix(low):  # "then-Foreign Minister": the rest is the title's
                p.tense = lex.tense_prefix(low)
                p.words.insert(0, u.text.split("-", 1)[1])
                p.start = u.start
                k -= 1
                continue
            if low in lex.dropped:
                p.start = u.start
                k -= 1
                continue
            tok = doc[u.end - 1]
            if tok.ent_type_ == "NORP" and m is None and (tok.ent_iob_ == "B" or tok.pos_ == "ADJ"):
                p.start = u.start  # a nationality the gazetteer does not know: neither title nor country
                k -= 1
                continue
            if tok.pos_ == "ADP" and not u.text[:1].isupper():
                break  # "under President ...": a preposition, not "Under Secretary"
            if low in lex.modifiers or self.lex.head_kind(low) or \
                    tok.pos_ in CONTENT_POS and (tok.dep_ in ("compound", "amod", "nmod", "npadvmod", "nummod") or
                                                 tok.head.i == p.head_token and tok.i == p.head_token - 1)\
                    and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL") and tok.pos_ != "NUM":
                if tok.is_sent_start and tok.pos_ == "ADJ" and low not in lex.modifiers and not u.text[:1].isupper():
                    break
                p.words.insert(0, u.text)
                p.start = u.start
                k -= 1
                continue
            break

    def _right(self, units: list[Unit], j: int, p: Phrase) -> int:
        """Suffixes and remits after the head; returns the unit index after the phrase."""
        doc, lex = self.doc, self.lex
        while j < len(units) and units[j].lower in lex.suffixes and self.mentions.get(units[j].start) is None:
            if units[j].lower in ("designate", "elect"):
                p.tense = "designate"
            p.words.append(units[j].text)
            p.end = units[j].end
            j += 1
        if p.kind in ("relational", "role"):
            return j
        while j < len(units):
            prep = units[j].lower
            if prep not in lex.remit_preps and prep not in lex.org_preps:
                break
            np_end, what, value, text = self._np(units, j + 1)
            if what is None:
                break
            if what == "org":
                if prep == "to" and p.kind == "envoy":  # "envoy to the African Union": the remit
                    p.words += [prep, *text]
                    p.has_remit = True
                    p.end = units[np_end - 1].end
                    j = self._acronym(units, np_end, p)
                    continue
                if prep not in lex.org_preps and prep != "for":
                    break
                org_span = value
                head_word = doc[org_span.end - 1].lower_
                after = np_end < len(units) and units[np_end].lower in ("of", "at")
                nxt = self._np(units, np_end + 1) if after else (None, None, None, None)
                if head_word in lex.unit_heads and nxt[1] == "org" and p.org is None:
                    # "of the European Affairs Bureau of the Ministry ...": the unit names the post
                    p.words += [prep, *text]
                    p.has_remit = True
                elif p.org is None:
                    p.org, p.org_span = org_span.kb_id_, org_span
                    p.country = p.country or org_span._.country
                elif prep in ("of", "at"):
                    pass  # a further body ("of the Central Committee of the Party"): the first is kept
                j = np_end
                p.end = units[np_end - 1].end
                j = self._acronym(units, j, p)
                continue
            if what == "country":
                if prep == "of" or prep == "in" and p.kind != "envoy":
                    p.country = p.country or value  # "the representative of Chile"
                    p.sent_by = True
                elif prep in lex.remit_preps:
                    p.words += [prep, self.kb.label(value) if value in self.kb.entries else " ".join(text)]
                    p.has_remit = True
                else:
                    break
                j = np_end
                p.end = units[np_end - 1].end
                j = self._acronym(units, j, p)
                continue
            if what == "place":
                if p.org is not None and prep == "of":
                    j = np_end  # "of the Fisheries Directorate of Norway": the body's country
                    p.end = units[np_end - 1].end
                    j = self._acronym(units, j, p)
                    continue
                what = "words"  # "Mayor of Lima"
            if what == "words" and prep == "of" and p.org_span is not None and doc[p.org_span.end - 1].ent_type_ == "ORG" and \
                    all(t.ent_iob_ == "I" and t.ent_type_ == "ORG" for t in doc[units[j].start:units[np_end - 1].end]):
                j = np_end  # "of the Fisheries Directorate of Norway": still the body's name
                p.end = units[np_end - 1].end
                j = self._acronym(units, j, p)
                continue
            if prep not in lex.remit_preps or what != "words":
                break
            p.words += [prep, *text]
            p.has_remit = True
            p.end = units[np_end - 1].end
            j = np_end
        return j

    def _acronym(self, units: list[Unit], j: int, p: Phrase) -> int:
        """"(ACS)" after an organisation: its acronym, a name it is known by."""
        if j + 2 < len(units) and units[j].lower == "(" and units[j + 2].lower == ")" and \
                re.fullmatch(r"[A-Z][A-Za-z&.]{1,9}", units[j + 1].text) and units[j + 1].text[1:].upper() == units[j + 1].text[1:]:
            m = self.mentions.get(units[j + 1].start)
            if m is None or m.label_ in ORG_KINDS or m.label_ == "country":
                if p.org and (m is None or m.kb_id_ == p.org):
                    self.org_alias[p.org] = units[j + 1].text
                p.end = units[j + 2].end
                return j + 3
        return j

    def _np(self, units: list[Unit], k: int):
        """The noun phrase after a preposition: (end unit, what, value, words).

        what: "org" (value: the organisation's mention), "country" (value: its key), "words"
        (a remit as written), or None (no phrase a title takes)."""
        doc, lex, ments = self.doc, self.lex, self.mentions
        start = k
        if k < len(units) and units[k].lower in ("the", "a", "an"):
            k += 1
        if k >= len(units):
            return k, None, None, None
        m = ments.starting(units[k].start) or ments.get(units[k].start)
        if m is not None and m.label_ in ORG_KINDS:
            m = self._split_swallowed(m)
            end = _unit_index(units, m.end)
            end = end if end is not None else len(units)
            return end, "org", m, [u.text for u in units[start:end]]
        if m is not None and m.label_ == "person":
            return start, None, None, None
        if m is not None and m.label_ in ("country", DEMONYM) and ments.starting(m.end) is not None and \
                ments.starting(m.end).label_ in ORG_KINDS:  # "of the Japanese Foreign Ministry"
            owned = ments.national(ments.starting(m.end), m.kb_id_)
            if owned._.country is None:
                owned._.country = m.kb_id_
            oe = _unit_index(units, owned.end)
            oe = oe if oe is not None else len(units)
            return oe, "org", owned, [u.text for u in units[start:oe]]
        if m is not None and m.label_ in ("country", "place"):
            end = _unit_index(units, m.end)
            end = end if end is not None else len(units)
            country = m.kb_id_ if m.label_ == "country" else m._.acts_for
            if end + 1 < len(units) and doc[units[end].start].text in POSSESSIVE:
                owned = ments.get(units[end + 1].start)
                if owned is not None and owned.label_ in ORG_KINDS:  # "at Japan's Ministry of ..."
                    oe = _unit_index(units, owned.end)
                    oe = oe if oe is not None else len(units)
                    owned = ments.national(owned, country)
                    return oe, "org", owned, [u.text for u in units[start:oe]]
                owned = self._national_body_in_lower_case(units, end + 1, country)
                if owned is not None:  # "at Japan's foreign ministry"
                    oe = _unit_index(units, owned.end)
                    oe = oe if oe is not None else len(units)
                    return oe, "org", owned, [u.text for u in units[start:oe]]
                return start, None, None, None  # "of Chile's ...": another phrase
            more = end < len(units) and doc[units[end].start].pos_ in ("NOUN", "PROPN") and \
                ments.get(units[end].start) is None and units[end].lower not in lex.honorifics and \
                not self._name_starts(units, end)  # "for North Korea Policy": a remit, read on
            if not more:
                if m.label_ == "country":
                    return end, "country", country, [u.text for u in units[start:end]]
                return end, "place", m.kb_id_, [u.text for u in units[start:end]]
        org = self._model_org(units[k].start)
        if org is not None:
            end = _unit_index(units, org.end)
            return (end if end is not None else len(units)), "org", org, [u.text for u in units[start:(end or len(units))]]
        if units[start - 1].lower == "to" and doc[units[k].start].pos_ in ("VERB", "AUX"):
            return start, None, None, None  # "... Envoy to Visit Lima": an infinitive, not a remit
        words: list[str] = []
        j = k
        capitalised = units[k].text[:1].isupper()
        while j < len(units):
            u = units[j]
            tok = doc[u.end - 1]
            mj = ments.get(u.start)
            if mj is not None and mj.label_ == "person" or u.lower in lex.honorifics:
                break
            if mj is not None and mj.label_ in ORG_KINDS:
                lead = ments.get(units[k].start)
                if capitalised and words and mj.start == u.start and not (
                        lead is not None and lead.label_ in ("country", DEMONYM) and lead.end == mj.start):
                    # "the Asian and Oceanian Affairs Bureau": the recogniser cut the name
                    ments.remove(mj)
                    org = ments.add_org(units[k].start, mj.end, mj._.country) or mj
                    end = _unit_index(units, org.end)
                    end = end if end is not None else len(units)
                    return end, "org", org, [v.text for v in units[start:end]]
                break
            if u.lower == "of" and capitalised and words and words[-1].lower() in lex.org_heads and \
                    j + 1 < len(units) and units[j + 1].text[:1].isupper() and ments.get(units[j + 1].start) is None:
                words.append(u.text)  # "Ministry of Trade", "Bank of Kenya": the body's own name
                j += 1
                continue
            if capitalised and j > k and self._name_starts(units, j):
                break
            if u.lower == "and":
                if not words or j + 1 >= len(units) or not self._remit_goes_on(units, j + 1):
                    break
                words.append(u.text)
                j += 1
                continue
            if mj is not None and mj.label_ in ("country", DEMONYM, "place"):
                words.append(u.text)
                j += 1
                continue
            if tok.pos_ in CONTENT_POS and tok.pos_ != "NUM" or (u.text[:1].isupper() and tok.pos_ not in ("ADP", "CCONJ", "PUNCT", "DET", "PRON", "AUX")):
                if tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.pos_ == "VERB" and not u.text[:1].isupper():
                    break
                words.append(u.text)
                j += 1
                continue
            break
        while words and words[-1].lower() == "and":
            words.pop()
            j -= 1
        if not words:
            return start, None, None, None
        # a capitalised phrase ending in an organisation's head the recogniser missed
        lowered = [w.lower() for w in words]
        named = lowered[-1] in lex.org_heads or "of" in lowered and lowered[lowered.index("of") - 1] in lex.org_heads
        if capitalised and named and len(words) >= 2 and units[start].lower == "the":
            owner = ments.starting(units[k].start)
            country = None
            if owner is not None and owner.label_ in ("country", DEMONYM) and owner.end < units[j - 1].end:
                country = owner.kb_id_  # "the Chinese Government": the government of China
                ments.remove(owner)
            org = ments.add_org(units[k].start, units[j - 1].end, country)
            if org is not None:
                return j, "org", org, [u.text for u in units[start:j]]
        return j, "words", None, [u.text for u in units[start:j]]

    def _national_body_in_lower_case(self, units: list[Unit], k: int, country: str | None) -> Span | None:
        """"Japan's foreign ministry": a national body of the KB written in lower case after
        its country's possessive."""
        for n in (2, 3, 1):
            part = units[k:k + n]
            if len(part) < n or not all(u.text.islower() and u.text.isalpha() for u in part) or \
                    part[-1].lower not in self.lex.org_heads:
                continue
            entry = self.kb.lookup(" ".join(u.text for u in part).title())
            if entry is not None and entry.kind in ORG_KINDS and entry.country == "*" and country:
                span = self.mentions.add(part[0].start, part[-1].end, entry.kind, entry.key, entry.label)
                return self.mentions.national(span, country) if span is not None else None
        return None

    def _remit_goes_on(self, units: list[Unit], j: int) -> bool:
        """After an "and" inside a remit: is the next word more of the remit ("Peace and
        Reconciliation Affairs") or the start of something else (a title, a name, "the")?"""
        u = units[j]
        tok = self.doc[u.end - 1]
        if u.lower in DETERMINERS or u.lower in PRONOUN_POSSESSORS or tok.pos_ in ("VERB", "AUX", "PRON", "ADP"):
            return False
        m = self.mentions.get(u.start)
        if m is not None and m.label_ == "person":
            return False
        if self.lex.is_title_word(u.lower) or self._name_starts(units, j):
            return False
        # the run of content words after "and" must not end in a title head
        for v in units[j:j + 5]:
            if self._head_kind(v) is not None:
                return False
            if self.doc[v.end - 1].pos_ not in CONTENT_POS:
                break
        return tok.pos_ in CONTENT_POS or u.text[:1].isupper()

    def _name_starts(self, units: list[Unit], j: int) -> bool:
        """A personal name the recogniser missed starts here: a given name followed by one or
        two capitalised words that end the run ("... Affairs Pablo Rojas,")."""
        u = units[j]
        tok = self.doc[u.start]
        person_here = tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B"  # the recogniser's own guess
        if not (is_given_name(u.text) or person_here) or self.lex.is_title_word(u.lower):
            return False
        run = j
        while run < len(units) and units[run].text[:1].isupper() and self.doc[units[run].start].pos_ in ("PROPN", "NOUN", "ADJ") \
                and (self.mentions.get(units[run].start) is None or self.mentions.get(units[run].start).label_ == "person"):
            run += 1
        if not 2 <= run - j <= 3:
            return False
        if any(self.lex.is_title_word(v.lower) or v.lower in self.lex.org_heads for v in units[j:run]):
            return False
        return True

    def _model_org(self, start: int) -> Span | None:
        """An organisation the entity recogniser found at this token but the mentions left out."""
        ent = self._org_ents.get(start)
        if ent is None or ent.end <= start:
            return None
        doc = self.doc
        if ent.label_ == "ORG" and doc[ent.end - 1].lower_ in self.lex.org_heads:
            return self.mentions.add_org(start, ent.end, None)
        end = ent.end
        if doc[start].lower_ in self.lex.org_heads and doc[start + 1].lower_ in ("of", "for"):
            # "the University of Andean Studies", "the Center for a New Arctic Policy": the
            # body's name runs on; a demonym inside it is part of the name
            for i in range(start, end):
                m = self.mentions.get(i)
                if m is not None and m.label_ in (DEMONYM, "country", "place") and m.end <= end:
                    self.mentions.remove(m)
                elif m is not None:
                    return None
            return self.mentions.add_org(start, end, None)
        return None

    def _split_swallowed(self, m: Span) -> Span:
        """An organisation that swallowed the name after it ("... (MFA) Kari Dahl"): the name
        is a person, the organisation ends before it."""
        doc = self.doc
        for cut in range(m.start + 1, m.end - 1):
            tail = doc[cut:m.end]
            if is_given_name(doc[cut].text) and 2 <= len(tail) <= 3 and all(t.text[:1].isupper() and t.is_alpha for t in tail) \
                    and doc[cut - 1].text in (")",) + tuple(self.lex.org_heads) or \
                    is_given_name(doc[cut].text) and 2 <= len(tail) <= 3 and doc[cut - 1].lower_ in self.lex.org_heads \
                    and all(t.text[:1].isupper() and t.is_alpha for t in tail):
                self.mentions.remove(m)
                org = self.mentions.add_org(m.start, cut, m._.country) or m
                self.mentions.add_person(cut, m.end)
                return org
        return m

    def _trim_titled_names(self) -> None:
        """A person mention that starts with title words ("Undersecretary Pablo Rojas"): the
        name is what follows them."""
        doc = self.doc
        for m in [s for s in self.mentions.spans if s.label_ == "person"]:
            if m.end < len(doc) and self.lex.head_kind(doc[m.end].lower_) and \
                    any(t.lower_ in self.lex.org_heads for t in m):
                self.mentions.remove(m)  # "Kenyan Cabinet Secretary": the body is part of the title
                continue
            cut = m.start
            while cut < m.end and (self.lex.is_title_word(self.doc[cut].lower_) or
                                   self.doc[cut].lower_.rstrip(".") in {h.rstrip(".") for h in self.lex.honorifics}):
                cut += 1
            if cut > m.start and m.end - cut >= 1 and (m.end - cut >= 2 or cut == m.start):
                self.mentions.remove(m)
                self.mentions.add_person(cut, m.end)

    # ---- the holder --------------------------------------------------------------------------

    def _holder_adjacent(self, p: Phrase) -> None:
        doc, ments = self.doc, self.mentions
        sent = doc[p.head_token].sent
        i = p.end
        while i < sent.end and doc[i].lower_ in self.lex.honorifics:
            i += 1
        m = ments.starting(i) if i < sent.end else None
        if m is None and i < sent.end:
            m = self._missed_name(i, sent)
        if m is not None and m.label_ == "person":
            p.holder, p.relation = m.kb_id_, "before"
            if self._plural(p.head_token):  # "her counterparts Pablo Rojas and Rosa Diaz"
                j = m.end
                while j + 1 < sent.end and doc[j].text in (",", "and"):
                    j += 2 if doc[j].text == "," and doc[j + 1].lower_ == "and" else 1
                    other = ments.starting(j) or self._missed_name(j, sent)
                    if other is None or other.label_ != "person":
                        break
                    p.also.append(other.kb_id_)
                    j = other.end
            return
        # "Norway's climate envoy, Ingrid Berg, said": a definite title, a comma, a name
        if p.definite and i < sent.end and doc[i].text == ",":
            m = ments.starting(i + 1) if i + 1 < sent.end else None
            if m is None and i + 1 < sent.end:
                m = self._missed_name(i + 1, sent)
            if m is not None and m.label_ == "person" and \
                    (m.end >= sent.end or doc[m.end].text in (",", ".", ";", ")") or doc[m.end].pos_ in ("VERB", "AUX")):
                p.holder, p.relation = m.kb_id_, "apposition"
                return
        # "The representative of Chile, Ambassador Ana Vera, said": a title in apposition to
        # the titled name after it
        if p.definite and i < sent.end and doc[i].text == ",":
            nxt = self._phrase_at.get(i + 1)
            if nxt is not None and nxt.holder and nxt.relation == "before":
                after = nxt.end
                while after < sent.end and self.mentions.get(after) is not None and \
                        self.mentions.get(after).kb_id_ == nxt.holder:
                    after += 1
                if after >= sent.end or doc[after].text in (",", ".", ";") or doc[after].pos_ in ("VERB", "AUX"):
                    p.holder, p.relation = nxt.holder, "apposition"
                    if nxt.country is None and nxt.org is None and p.sent_by:
                        nxt.country = p.country  # "The representative of Chile, Ambassador Ana Vera"
                    return
        # "Liv Hansen, executive secretary of ...": a name, a comma (or bracket), the title
        j = p.start - 1
        if j > sent.start and doc[j].text in (",", "("):
            m = ments.get(j - 1)
            if m is None:
                m = self._missed_name_before(j, sent)
            if m is not None and m.label_ == "person" and m.end == j:
                p.holder, p.relation = m.kb_id_, "apposition"
                return
            prev = doc[j - 1]
            if prev.pos_ == "PROPN" and prev.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "ROOT", "appos") and \
                    doc[p.head_token].dep_ == "appos" and doc[p.head_token].head.i == prev.i:
                p.holder_token, p.relation = prev.i, "apposition"  # "Rojas, a senior fellow": a surname
                return
        head = doc[p.head_token]
        if head.dep_ == "appos" and head.head.i < p.start and p.start > sent.start and \
                doc[p.start - 1].lower_ in (",", "and"):
            # "Holm, Finland's envoy ... and a former deputy minister": a second apposition
            m = ments.get(head.head.i)
            if m is not None and m.label_ == "person":
                p.holder, p.relation = m.kb_id_, "apposition"
                return
        # "Deputy Prime Minister and Finance Minister Tomas Reyes": bare titles joined before one name
        if not p.definite and i + 1 < sent.end and doc[i].lower_ == "and":
            nxt = self._phrase_at.get(i + 1)
            if nxt is not None and nxt.holder and nxt.relation == "before" and not nxt.definite and \
                    doc[p.start].text[:1].isupper():
                p.holder, p.relation = nxt.holder, "before"

    def _missed_name(self, i: int, sent: Span) -> Span | None:
        """Capitalised words right after a title that the recogniser did not take for a name."""
        doc = self.doc
        j = i
        while j < sent.end and doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].pos_ == "PROPN" \
                and self.mentions.get(j) is None and not self.lex.is_title_word(doc[j].lower_):
            j += 1
        swallowed = doc[i].ent_type_ == "ORG" and doc[i].ent_iob_ == "I" and \
            (j >= sent.end or doc[j].ent_iob_ != "I")  # "... of the Foreign Ministry Namazu Hiroyuki"
        person_here = doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B"
        if not 2 <= j - i <= 3 or not (is_given_name(doc[i].text) or swallowed or person_here):
            return None
        if j < sent.end and (doc[j].text in POSSESSIVE or doc[j].pos_ == "PROPN"):
            return None
        return self.mentions.add_person(i, j)

    def _missed_name_before(self, j: int, sent: Span, loose: bool = False) -> Span | None:
        """"Grace Wanjiku, deputy governor of ...": a name before the comma that the
        recogniser missed or took for something else."""
        doc = self.doc
        i = j
        while i > sent.start and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and \
                doc[i - 1].pos_ == "PROPN" and self.mentions.get(i - 1) is None:
            i -= 1
        while i < j and not is_given_name(doc[i].text):
            i += 1
        if not 2 <= j - i <= 3 or any(self.lex.is_title_word(t.lower_) for t in doc[i:j]):
            return None
        if not loose and i > sent.start and (doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha):
            return None  # part of a longer name or title
        return self.mentions.add_person(i, j)

    def _holder_predicate(self, p: Phrase) -> None:
        """"X served as TITLE", "who doubles as TITLE", "named X as TITLE", "As TITLE, X ..."."""
        doc, lex = self.doc, self.lex
        tok = doc[p.head_token]
        verb = None
        gap = 2 if p.start >= 3 and doc[p.start - 1].lower_ == "as" else 1 if p.definite and p.start >= 2 else 0
        if gap:
            # "named Mateo Silva as her envoy", "named Marie Tremblay its ambassador", read off
            # the words when the parse goes astray
            m = self.mentions.get(p.start - gap)
            if m is not None and m.label_ == "person" and m.start > 0:
                spec = lex.predicates.get(doc[m.start - 1].lemma_)
                if spec is not None and spec.get("holder") == "object" and doc[m.start - 1].pos_ == "VERB":
                    p.holder, p.relation = m.kb_id_, "predicate"
                    if spec.get("tense") == "designate" or any(
                            c.lower_ in ("will", "shall") for c in doc[m.start - 1].children):
                        p.tense = "designate"
                    return
        if tok.dep_ == "pobj" and tok.head.lower_ == "as":
            verb = tok.head.head
            if verb.dep_ == "conj" and verb.lemma_ not in lex.predicates and verb.head.lemma_ in lex.predicates:
                verb = verb.head  # "served as ambassador to Lima and later as ambassador to Chile"
            spec = lex.predicates.get(verb.lemma_)
            if spec is None or verb.pos_ not in ("VERB", "AUX"):
                if tok.head.i < verb.i and tok.head.i == tok.sent.start or \
                        tok.head.i < verb.i and doc[tok.head.i - 1].text in (",", ";"):
                    # "As foreign minister, she ...": the clause's subject
                    subj = _subject(verb)
                    if subj is not None:
                        self._set_holder(p, subj, "predicate")
                        p.tense = p.tense if p.tense != "current" else _by_tense(verb, lex)
                return
        elif tok.dep_ == "dobj" and p.start <= tok.head.i < p.end and tok.head.pos_ == "VERB":
            # "he has been acting assistant secretary": the parser took "acting" for the verb
            verb = tok.head
            subj = _subject(verb)
            if subj is not None:
                self._set_holder(p, subj, "predicate")
                if p.tense in ("current", "acting"):
                    p.tense = "acting" if _by_tense(verb, lex) == "current" else "former"
            return
        elif tok.dep_ in ("attr", "oprd", "acomp", "xcomp", "dobj", "ccomp") and tok.head.pos_ in ("VERB", "AUX"):
            verb = tok.head
            spec = lex.predicates.get(verb.lemma_)
            if spec is None or spec.get("as") and tok.dep_ not in ("oprd", "xcomp", "attr"):
                return
            if tok.dep_ == "dobj" and spec.get("holder") != "object":
                return
        else:
            return
        spec = lex.predicates[verb.lemma_]
        holder = None
        if spec.get("holder") == "object":
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
                holder = _subject(verb)
            else:
                objs = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i != tok.i]
                holder = objs[0] if objs else None
        else:
            holder = _subject(verb)
        if holder is None:
            return
        self._set_holder(p, holder, "predicate")
        tense = spec.get("tense", "current")
        if tense == "by_tense":
            tense = _by_tense(verb, lex)
        if any(c.lower_ in ("will", "shall", "'ll") for c in verb.children) or \
                verb.head.lemma_ in ("expect", "set", "due", "slate", "poise") and verb.dep_ == "xcomp":
            tense = "designate"
        if p.tense == "current" or tense == "designate":
            p.tense = tense

    def _set_holder(self, p: Phrase, tok: Token, relation: str) -> None:
        tok = _antecedent(tok)
        m = self.mentions.get(tok.i)
        if m is None and tok.pos_ == "PROPN":
            m = self._missed_name_before(tok.i + 1, tok.sent, loose=True)
        if m is None:
            for c in tok.children:  # "veteran diplomat Sung Kim": the name inside the phrase
                if c.dep_ in ("compound", "appos", "flat"):
                    m = self.mentions.get(c.i)
                    if m is not None:
                        break
        if m is not None and m.label_ == "person":
            p.holder = m.kb_id_
        elif m is None:
            p.holder_token = tok.i
        else:
            return
        p.relation = relation

    def _post_noun_tense(self, p: Phrase) -> None:
        """"..., a post he held until 2019": the apposition dates the post."""
        tok = self.doc[p.head_token]
        for c in tok.children:
            if c.dep_ == "appos" and c.lemma_.lower() in self.lex.post_nouns:
                for v in c.children:
                    if v.dep_ in ("relcl", "acl") and v.lemma_ in ("hold", "occupy", "fill", "have"):
                        if v.tag_ in ("VBD", "VBN") and not any(a.lower_ in ("has", "have") for a in v.children):
                            if p.tense == "current":
                                p.tense = "former"


def _antecedent(tok: Token) -> Token:
    """"Holm, whom the president named ...": a relative pronoun stands for the noun its clause
    modifies (through an apposition: "Holm, a diplomat who ...")."""
    if tok.lower_ in ("who", "whom", "that", "which") and tok.head.dep_ in ("relcl", "acl"):
        noun = tok.head.head
        return noun.head if noun.dep_ == "appos" else noun
    return tok


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, through "used to be", "who" and an apposition."""
    v = verb
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "that", "which") and v.dep_ in ("relcl", "acl"):
                s = v.head
                if s.dep_ == "appos":  # "Rojas, a career diplomat who doubles as ..."
                    s = s.head
            return s
        if v.dep_ in ("xcomp", "conj", "ccomp") and v.head.i != v.i:
            v = v.head
            continue
        if v.dep_ in ("relcl", "acl"):
            s = v.head
            return s.head if s.dep_ == "appos" else s
        break
    return None


def _by_tense(verb: Token, lex: Lexicon) -> str:
    """Past (not perfect) -> former; present, perfect -> current; "used to be" -> former."""
    chain = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
    for v in chain:
        if v.lemma_ == "use" and v.tag_ == "VBD":
            return "former"
        if any(c.lower_ in lex.former_cues and c.dep_ == "advmod" for c in v.children):
            return "former"
    if verb.tag_ == "VBD" and not any(c.lower_ in ("has", "have") for c in verb.children):
        return "former"
    if verb.tag_ == "VBN" and any(c.lower_ == "had" for c in verb.children):
        return "former"
    return "current"


def _unit_index(units: list[Unit], token: int) -> int | None:
    for n, u in enumerate(units):
        if u.start == token:
            return n
        if u.start > token:
            return n
    return None


def _strip_plural(text: str, tok: Token) -> str:
    if text.lower().endswith("s") and text.lower() not in load_lexicon().heads and \
            text.lower()[:-1] in load_lexicon().heads:
        return text[:-1]
    return text
