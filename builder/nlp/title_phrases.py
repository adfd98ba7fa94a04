"""Title phrases: the words around a title's head noun, read off one sentence's words.

A title phrase is read around its head noun (the lexicon `builder/patterns/titles.yaml`):
to the left its modifiers ("Second Deputy"), domain words ("Finance"), the country (a
demonym, a country, a possessive: "Norway's") or the organisation ("Planning Office
Director") and tense markers ("former", "then"); to the right its suffixes ("General",
"-designate") and its remit, one prepositional phrase after another ("for Peace and
Reconciliation Affairs", "to Peru", "of State"), each read by `title_remits.RemitReader`.
Whom the phrase describes is found afterwards (`title_holders`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .layers import DEMONYM
from .title_lexicon import POSSESSIVE, Lexicon, is_given_name
from .title_mentions import ORG_KINDS, MentionRepairs

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
    stated: bool = True  # False: the sentence names the post without saying anyone holds it


def sentence_units(doc: Doc, sent: Span) -> list[Unit]:
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


def unit_index(units: list[Unit], token: int) -> int | None:
    for n, u in enumerate(units):
        if u.start == token:
            return n
        if u.start > token:
            return n
    return None


def _strip_plural(text: str, lex: Lexicon) -> str:
    if text.lower().endswith("s") and text.lower() not in lex.heads and text.lower()[:-1] in lex.heads:
        return text[:-1]
    return text


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, with a split the parser made where no sentence ends (no final
    punctuation, no line break: "... for Energy and Climate | Change Policy Rodrigo Vidal.")
    joined back."""
    final = (".", "!", "?", ":", ";")
    out: list[Span] = []
    for sent in doc.sents:
        last = out[-1][-1] if out else None
        ended = last is None or last.text in final or "\n" in last.whitespace_ or not last.is_alpha and \
            last.i > out[-1].start and doc[last.i - 1].text in final  # '... ready."'
        if ended:
            out.append(sent)
        else:
            out[-1] = doc[out[-1].start:sent.end]
    return out


class PhraseReader:
    """Reads the title phrase around each head noun of a sentence."""

    def __init__(self, doc: Doc, lex: Lexicon, kb, mentions: MentionRepairs, english: frozenset = frozenset()):
        from .title_remits import RemitReader

        self.doc, self.lex, self.kb, self.mentions = doc, lex, kb, mentions
        self.org_alias: dict[str, str] = {}  # organisation key -> the acronym the text gives it
        self.sentences = sentences(doc)
        self.sentence_at = {i: s for s in self.sentences for i in range(s.start, s.end)}
        self.remits = RemitReader(doc, lex, kb, mentions, self.head_kind, self.rank_before_name, english)

    def read(self, skip: set[int] = frozenset()) -> list[Phrase]:
        """The title phrases of the Doc, none with its head among the tokens in `skip`."""
        phrases: list[Phrase] = []
        for sent in self.sentences:
            units = sentence_units(self.doc, sent)
            k, floor = 0, 0
            while k < len(units):
                if units[k].start not in skip and self.is_head(units, k):
                    phrase, end_unit = self.phrase(units, k, floor)
                    if phrase is not None:
                        phrases.append(phrase)
                        k = max(end_unit, k + 1)
                        floor = k  # the next phrase starts after this one ("... (DPRK) Ambassador Sung Kim")
                        continue
                k += 1
        return phrases

    def head_kind(self, unit: Unit) -> str | None:
        kind = self.lex.head_kind(unit.lower)
        if kind is None and unit.lower.endswith("s"):
            kind = self.lex.head_kind(unit.lower[:-1])  # "envoys", "ministers"
        if kind is None:  # most units: no title head in any use
            return None
        tok, doc = self.doc[unit.end - 1], self.doc
        nxt = self.mentions.starting(unit.end) if unit.end < len(doc) else None
        named_next = nxt is not None and nxt.label_ == "person" or nxt is None and unit.end + 1 < len(doc) and \
            is_given_name(doc[unit.end].text) and doc[unit.end + 1].text[:1].isupper()  # a name the recogniser missed
        if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "ADJ" and unit.text[:1].isupper()) and \
                not (named_next and tok.pos_ == "VERB"):  # "the fisheries ministers Lars Holm": a mistagged head
            return None
        return kind

    def plural(self, i: int) -> bool:
        """A plural head ("envoys", "counterparts"), by its form: the tagger often calls it a verb."""
        low = self.doc[i].lower_
        return low.endswith("s") and (low[:-1] in self.lex.heads or low.endswith("ies") and low[:-3] + "y" in self.lex.heads)

    def is_head(self, units: list[Unit], k: int) -> bool:
        if self.head_kind(units[k]) is None:
            return False
        m = self.mentions.get(units[k].start)
        if m is not None and m.label_ == "person":
            return False
        # "Deputy Minister", "Chief Negotiator": the last head of a run is the title's head
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and self.rank_before_name(units, k + 1):
            return True  # "Army chief General Peter Njoroge": a rank, then the name
        if nxt is not None and self.head_kind(nxt) is not None and self.mentions.get(nxt.start) is None:
            return False
        if nxt is not None and units[k].lower in self.lex.modifiers and self.mentions.get(nxt.start) is None and \
                self.doc[nxt.start].pos_ in ("NOUN", "PROPN", "ADJ") and not self.mentions.name_starts(units, k + 1):
            return False  # "Deputy Prime Minister": "Deputy" modifies what follows
        if nxt is not None and nxt.lower in self.lex.modifiers and k + 2 < len(units) and \
                self.head_kind(units[k + 2]) is not None:
            return False
        return True

    def rank_before_name(self, units: list[Unit], j: int) -> bool:
        """A rank written out ("General", "Lieutenant General") with a name after it."""
        k = j
        while k < len(units) and units[k].lower in self.lex.ranks and units[k].text[:1].isupper():
            k += 1
        if k == j or k >= len(units):
            return False
        m = self.mentions.get(units[k].start)
        return m is not None and m.label_ == "person" or self.mentions.name_starts(units, k)

    def phrase(self, units: list[Unit], h: int, floor: int = 0) -> tuple[Phrase | None, int]:
        lex = self.lex
        head_unit = units[h]
        self.mentions.title_out_of_org(head_unit.start, head_unit.end)
        kind = self.head_kind(head_unit)
        head_word = head_unit.lower
        if head_word not in lex.heads and head_word.endswith("s") and head_word[:-1] in lex.heads:
            head_word = head_word[:-1]
        head_text = _strip_plural(head_unit.text, lex)
        prefixed = lex.tense_prefix(head_word) if head_word not in lex.heads else None
        if prefixed:  # "ex-minister"
            head_word, head_text = head_word.split("-", 1)[1], head_text.split("-", 1)[1]
        parts = head_word.split("-")
        not_yet = lex.tense.get(parts[-1]) == "designate" and len(parts) > 1
        if head_word not in lex.heads and parts[0] in lex.heads and lex.suffix_after(parts[0], "-".join(parts[1:])):
            head_word = parts[0]
            if not_yet:  # "Minister-designate": the post is not held yet
                head_text = head_text.split("-")[0]
        p = Phrase(start=head_unit.start, end=head_unit.end, head_token=head_unit.end - 1, kind=kind,
                   head=head_word, words=[head_text])
        if not_yet:
            p.tense = "designate"
        elif prefixed:
            p.tense = prefixed
        self._left(units, h, p, floor)
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

    def _left(self, units: list[Unit], h: int, p: Phrase, floor: int = 0) -> None:
        doc, lex, ments = self.doc, self.lex, self.mentions
        k = h - 1
        while k >= floor:
            u = units[k]
            low = u.lower
            m = ments.get(u.end - 1)
            if m is not None:
                if m.label_ == "person":
                    break
                mk = unit_index(units, m.start)
                possessive = m.end < len(doc) and doc[m.end].text in POSSESSIVE
                country = self._country_of(m, possessive)
                if country:
                    p.country = p.country or country
                    p.sent_by = p.sent_by or possessive  # "Chile's representative": sent by the country
                elif m.label_ in ORG_KINDS:
                    if p.org is None:
                        p.org, p.org_span = m.kb_id_, m
                        p.country = p.country or m._.country
                        if not possessive and m.end == p.start and doc[m.start].lower_ != "the":
                            p.words[0:0] = [t.text for t in m]  # "Central Bank Governor": the body's name is in the title
                elif m.label_ == "place" and not possessive and m.end == p.start and \
                        doc[m.start].lower_ != "the":
                    p.words[0:0] = [t.text for t in m]  # "Arctic Envoy", "Asia Director": the region is the remit
                elif not (m.label_ == "place" and possessive):
                    break  # a place that owns the post ("Nairobi's envoy") closes the phrase
                p.start = min(p.start, m.start)
                if mk is None:
                    break
                k = min(mk, k) - 1
                if possessive:  # "Norway's climate envoy": the possessor closes the phrase
                    p.definite = True
                    if mk is not None and mk - 1 >= floor and units[mk - 1].lower in lex.tense:
                        self._tense_word(units[mk - 1], p)  # "then Norway's envoy": a post held before
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
            if low in lex.possessors:
                p.of_token = u.start
                p.start = u.start
                p.definite = True
                break
            if low in lex.determiners:
                p.start = u.start
                p.definite = lex.determiners[low]
                break
            if low == ")" and k >= 2 and units[k - 2].lower == "(":  # "Republic of Korea (ROK) Special ..."
                k -= 3
                continue
            if low in lex.tense:
                self._tense_word(u, p)
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
            g = ments.demonym(u.start)
            if g is not None:  # a demonym the gazetteer knows and the mentions left out
                p.country = p.country or g.id_
                p.start = u.start
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

    def _tense_word(self, u: Unit, p: Phrase) -> None:
        """A word that dates the post ("former", "then", "acting") joins the phrase."""
        t = self.lex.tense[u.lower]
        if p.tense == "current" or t != "current":
            p.tense = t
        if t == "acting":
            p.words.insert(0, u.text)
        p.start = u.start

    def _right(self, units: list[Unit], j: int, p: Phrase) -> int:
        """Suffixes and remits after the head; returns the unit index after the phrase."""
        doc, lex = self.doc, self.lex
        while j < len(units) and lex.suffix_after(p.head, units[j].lower) and self.mentions.get(units[j].start) is None:
            if lex.tense.get(units[j].lower) == "designate":
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
            np_end, what, value, text = self.remits.np(units, j + 1)
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
                nxt = self.remits.np(units, np_end + 1) if after else (None, None, None, None)
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
            j = self._remit_list(units, self._acronym(units, np_end, p), p)  # "for the Horn of Africa (HOA)"
        return j

    def _remit_list(self, units: list[Unit], j: int, p: Phrase) -> int:
        """", Central Europe and the Caucasus" after a remit ("for the Baltic States"): the rest of a list
        the remit opened, when the list ends in "and"; a name or title after the comma is no
        part of it ("for the Arctic, Olav Lund,")."""
        items, k = [], j
        while k + 1 < len(units) and units[k].lower == ",":
            end, what, _, text = self.remits.np(units, k + 1)
            if what not in ("words", "place", "country") or end <= k + 1:
                return j
            items.append(text)
            k = end
            if "and" in (w.lower() for w in text):
                break  # "..., Industry and Tourism": the list's last item
        if items and k + 1 < len(units) and units[k].lower == "and" and "and" not in (w.lower() for w in items[-1]):
            end, what, _, text = self.remits.np(units, k + 1)
            if what not in ("words", "place", "country") or end <= k + 1:
                return j
            items.append(["and", *text])
            k = end
        if not items or "and" not in (w.lower() for w in items[-1]):
            return j
        for text in items:
            if text[0].lower() != "and":
                p.words[-1] += ","  # "Baltic States, Central Europe and the Caucasus"
            p.words += text
        p.end = units[k - 1].end
        return k

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
