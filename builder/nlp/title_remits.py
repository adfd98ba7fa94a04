"""The noun phrase after a title's preposition: an organisation, a country, or the words of
the remit.

"Minister for Trade" (a remit as written), "of the Central Bank" (an organisation, made a
mention when the recogniser missed or cut it), "of Chile" (the country that sends the
holder), "at Japan's foreign ministry" (a national body owned by a country). An "and"
inside a remit is part of it unless a new title, name or determiner follows
("for Peace and Reconciliation Affairs").
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .layers import DEMONYM
from .title_lexicon import POSSESSIVE, Lexicon
from .title_mentions import ORG_KINDS, MentionRepairs
from .title_phrases import CONTENT_POS, Unit, unit_index


class RemitReader:
    def __init__(self, doc: Doc, lex: Lexicon, kb, mentions: MentionRepairs, head_kind, rank_before_name,
                 english: frozenset = frozenset()):
        self.doc, self.lex, self.kb, self.mentions = doc, lex, kb, mentions
        self.english = english  # the lemmatizer's word lists: a word in none of them may be a name
        self.head_kind = head_kind  # the phrase reader's tests of a title head and of a rank
        self.rank_before_name = rank_before_name

    def np(self, units: list[Unit], k: int):
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
            m = self.mentions.split_swallowed(m)
            end = unit_index(units, m.end)
            end = end if end is not None else len(units)
            return end, "org", m, [u.text for u in units[start:end]]
        if m is not None and m.label_ == "person":
            return start, None, None, None
        if m is not None and m.label_ in ("country", DEMONYM) and ments.starting(m.end) is not None and \
                ments.starting(m.end).label_ in ORG_KINDS:  # "of the Japanese Foreign Ministry"
            owned = ments.national(ments.starting(m.end), m.kb_id_)
            if owned._.country is None:
                owned._.country = m.kb_id_
            oe = unit_index(units, owned.end)
            oe = oe if oe is not None else len(units)
            return oe, "org", owned, [u.text for u in units[start:oe]]
        if m is not None and m.label_ in ("country", "place"):
            end = unit_index(units, m.end)
            end = end if end is not None else len(units)
            country = m.kb_id_ if m.label_ == "country" else m._.acts_for
            if end + 1 < len(units) and doc[units[end].start].text in POSSESSIVE:
                owned = ments.get(units[end + 1].start)
                if owned is not None and owned.label_ in ORG_KINDS:  # "at Japan's Ministry of ..."
                    oe = unit_index(units, owned.end)
                    oe = oe if oe is not None else len(units)
                    owned = ments.national(owned, country)
                    return oe, "org", owned, [u.text for u in units[start:oe]]
                owned = self._national_body_in_lower_case(units, end + 1, country)
                if owned is not None:  # "at Japan's foreign ministry"
                    oe = unit_index(units, owned.end)
                    oe = oe if oe is not None else len(units)
                    return oe, "org", owned, [u.text for u in units[start:oe]]
                return start, None, None, None  # "of Chile's ...": another phrase
            more = end < len(units) and doc[units[end].start].pos_ in ("NOUN", "PROPN") and \
                ments.get(units[end].start) is None and units[end].lower not in lex.honorifics and \
                not self.mentions.name_starts(units, end) and not self._titled_name(units, end)  # "for North Korea Policy": read on
            if not more and end + 1 < len(units) and units[end].lower == "and" and \
                    ments.get(units[end + 1].start) is None and self._remit_goes_on(units, end + 1):
                more = True  # "for Arctic and Northern Affairs" (but "of Chile and Peru": two countries)
            if not more:
                if m.label_ == "country":
                    return end, "country", country, [u.text for u in units[start:end]]
                return end, "place", m.kb_id_, [u.text for u in units[start:end]]
        org = self.mentions.model_org(units[k].start)
        if org is not None:
            end = unit_index(units, org.end)
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
            if self.rank_before_name(units, j):
                break  # "... for the Navy Admiral Ana Soto": the rank goes with the name
            if j > k and self._titled_name(units, j):
                break  # "... for the Arctic Ambassador Ana Vera": another title, with its name
            if mj is not None and mj.label_ in ORG_KINDS:
                lead = ments.get(units[k].start)
                if capitalised and words and mj.start == u.start and not (
                        lead is not None and lead.label_ in ("country", DEMONYM) and lead.end == mj.start):
                    # "the Asian and Oceanian Affairs Bureau": the recogniser cut the name
                    ments.remove(mj)
                    org = ments.add_org(units[k].start, mj.end, mj._.country) or mj
                    end = unit_index(units, org.end)
                    end = end if end is not None else len(units)
                    return end, "org", org, [v.text for v in units[start:end]]
                break
            if u.lower == "of" and capitalised and words and words[-1].lower() in lex.org_heads and \
                    j + 1 < len(units) and units[j + 1].text[:1].isupper() and ments.get(units[j + 1].start) is None:
                words.append(u.text)  # "Ministry of Trade", "Bank of Kenya": the body's own name
                j += 1
                continue
            if capitalised and j > k and self.mentions.name_starts(units, j):
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
        if capitalised and len(words) >= 3 and j < len(units) and self._unknown_name(units[j - 2:j]) and \
                doc[units[j].start].pos_ in ("VERB", "AUX", "PUNCT", "ADP"):
            # "... for Trade and Investment Promotion Wanjiku Kamau opened": the run ends in two
            # words no dictionary knows, before a verb or a preposition: a name
            self.mentions.add_person(units[j - 2].start, units[j - 1].end)
            words, j = words[:-2], j - 2
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

    def _titled_name(self, units: list[Unit], j: int) -> bool:
        """A title head with a name right after it starts here ("Ambassador Ana Vera")."""
        if j + 1 >= len(units) or not units[j].text[:1].isupper() or self.head_kind(units[j]) is None:
            return False
        m = self.mentions.get(units[j + 1].start)
        return m is not None and m.label_ == "person" or self.mentions.name_starts(units, j + 1)

    def _unknown_name(self, pair: list[Unit]) -> bool:
        """Two capitalised words the language's word lists do not know, nor the lexicon."""
        return len(pair) == 2 and bool(self.english) and all(
            u.text[:1].isupper() and u.text[1:].islower() and u.text.isalpha() and u.lower not in self.english and
            not self.lex.is_title_word(u.lower) and u.lower not in self.lex.org_heads and
            self.mentions.get(u.start) is None for u in pair)

    def _remit_goes_on(self, units: list[Unit], j: int) -> bool:
        """After an "and" inside a remit: is the next word more of the remit ("Peace and
        Reconciliation Affairs") or the start of something else (a title, a name, "the")?"""
        u = units[j]
        tok = self.doc[u.end - 1]
        if u.lower in self.lex.determiners or u.lower in self.lex.possessors or tok.pos_ in ("VERB", "AUX", "PRON", "ADP"):
            return False
        m = self.mentions.get(u.start)
        if m is not None and m.label_ == "person":
            return False
        if self.lex.is_title_word(u.lower) or self.mentions.name_starts(units, j):
            return False
        # the run of content words after "and" must not end in a title head
        for v in units[j:j + 5]:
            if self.head_kind(v) is not None:
                return False
            if self.doc[v.end - 1].pos_ not in CONTENT_POS:
                break
        return tok.pos_ in CONTENT_POS or u.text[:1].isupper()
