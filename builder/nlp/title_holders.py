"""Whom a title phrase describes, read off the phrase's place in the sentence.

The name right after it ("TITLE NAME", honorifics skipped), a name in apposition ("NAME,
TITLE" / "TITLE, NAME,"), or the subject or object of a predicate ("X served as TITLE", "who
doubles as TITLE", "named X as TITLE", "As TITLE, X ..."); a title conjoined to another
shares its holder. When the holder is a pronoun, surname or role NP the phrase keeps its
token (`holder_token`) for the readers to resolve after coreference.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .title_clauses import clause_mood
from .title_lexicon import POSSESSIVE, Lexicon
from .title_mentions import ORG_KINDS, MentionRepairs
from .title_phrases import Phrase, PhraseReader


ADVERBIAL = ("pobj", "pcomp", "prep", "advcl", "agent", "npadvmod")  # dependencies of adverbials


class HolderFinder:
    def __init__(self, doc: Doc, lex: Lexicon, mentions: MentionRepairs, phrases: PhraseReader):
        self.doc, self.lex, self.mentions, self.phrases = doc, lex, mentions, phrases
        self._phrase_at: dict[int, Phrase] = {}

    def find(self, phrases: list[Phrase]) -> None:
        doc = self.doc
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
            if phrase.holder is None and phrase.holder_token is None and phrase.stated and tok.dep_ == "conj":
                other = by_token.get(tok.head.i)
                if other is not None and other is not phrase:
                    phrase.holder, phrase.holder_token, phrase.relation = \
                        other.holder, other.holder_token, other.relation
                    phrase.stated = other.stated
                    if other.tense in ("designate", "former") and phrase.tense == "current":
                        phrase.tense = other.tense
                    if phrase.country is None and not phrase.org:
                        phrase.country = other.country
            self._post_noun_tense(phrase)

    # ---- the holder --------------------------------------------------------------------------

    def _holder_adjacent(self, p: Phrase) -> None:
        doc, ments = self.doc, self.mentions
        sent = self.phrases.sentence_at[p.head_token]  # "(EACB) Joseph ...": the parser's split joined back
        i = p.end
        while i < sent.end and (doc[i].lower_ in self.lex.honorifics or
                                doc[i].lower_ in self.lex.ranks and doc[i].text[:1].isupper()):
            i += 1  # "Dr.", "General"
        m = ments.starting(i) if i < sent.end else None
        if m is not None and m.label_ == "place":
            m = ments.person_for_place(m)
        if m is None and i < sent.end:
            m = self.mentions.missed_name(i, sent)
        if m is not None and m.label_ == "person":
            p.holder, p.relation = m.kb_id_, "before"
            self._country_after_name(p, m)
            if self.phrases.plural(p.head_token):  # "her counterparts Pablo Rojas and Rosa Diaz"
                j = m.end
                while j + 1 < sent.end and doc[j].text in (",", "and"):
                    j += 2 if doc[j].text == "," and doc[j + 1].lower_ == "and" else 1
                    other = ments.starting(j) or self.mentions.missed_name(j, sent)
                    if other is None or other.label_ != "person":
                        break
                    p.also.append(other.kb_id_)
                    j = other.end
            return
        if m is None and i < sent.end and self._surname_at(i, sent) and not p.definite:
            # "Minister Holm said": a surname alone, the person coreference finds for it
            p.holder_token, p.relation = i, "before"
            return
        # "Norway's climate envoy, Ingrid Berg, said": a definite title, a comma, a name; "A
        # spokesperson for the ministry, Elena Diaz, said": an indefinite one opening the
        # sentence, the name closed by a comma
        if i + 1 < sent.end and doc[i].text == "," and (p.definite or p.start == sent.start):
            m = ments.starting(i + 1)
            if m is None:
                m = self.mentions.missed_name(i + 1, sent)
            closed = m is not None and m.end < sent.end and doc[m.end].text == ","
            if m is not None and m.label_ == "person" and \
                    (p.definite or closed) and \
                    (m.end >= sent.end or doc[m.end].text in (",", ".", ";", ")") or doc[m.end].pos_ in ("VERB", "AUX")) and \
                    (not apart(doc[p.head_token], doc[m.end - 1]) or closed and _source_phrase(doc[p.head_token])):
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
                m = self.mentions.missed_name_before(j, sent)
            if m is not None and m.label_ == "person" and m.end == j and not (
                    apart(doc[m.end - 1], doc[p.head_token]) and self._opens_a_clause(p, sent)):
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
        # "Deputy Prime Minister and Finance Minister Tomas Reyes": bare titles joined before one
        # name; "Special Envoy for the Arctic Ambassador Ana Vera": one title right after another
        joined = i + 1 < sent.end and doc[i].lower_ == "and"
        if (joined and not p.definite or not joined and i < sent.end and i == p.end):
            nxt = self._phrase_at.get(i + 1 if joined else i)
            if nxt is not None and nxt.holder and nxt.relation == "before" and not nxt.definite and \
                    doc[p.head_token].text[:1].isupper():
                p.holder, p.relation = nxt.holder, "before"

    def _opens_a_clause(self, p: Phrase, sent) -> bool:
        """The title after "NAME," starts the main clause ("After a call with Pablo Rojas, the
        minister said"): its head is a subject, or a verb follows the phrase. Otherwise the
        name in the adverbial keeps its apposition, however the parser hung the title ("a call
        with Pablo Rojas, then Peru's envoy to Chile.")."""
        doc = self.doc
        if doc[p.head_token].dep_ in ("nsubj", "nsubjpass", "csubj", "ROOT"):
            return True
        k = p.end
        while k < sent.end and doc[k].text == ",":
            k += 1
        return k < sent.end and doc[k].pos_ in ("VERB", "AUX")

    def _country_after_name(self, p: Phrase, m) -> None:
        """"Foreign Minister Lars Holm of Norway": the country after the name is the post's."""
        doc = self.doc
        if p.country or m.end + 1 >= len(doc) or doc[m.end].lower_ != "of":
            return
        c = self.mentions.starting(m.end + 1)
        if c is not None and c.label_ == "country" and (c.end >= len(doc) or doc[c.end].text not in POSSESSIVE):
            p.country, p.sent_by = c.kb_id_, True

    def _surname_at(self, i: int, sent) -> bool:
        """One capitalised name word that no mention covers, not a title word, not followed by
        another name word ("President Alvarez said")."""
        doc, t = self.doc, self.doc[i]
        if t.pos_ != "PROPN" or not t.is_alpha or not t.text[:1].isupper() or t.text.isupper() or \
                self.mentions.get(i) is not None or self.lex.is_title_word(t.lower_) or \
                t.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "NORP"):
            return False
        return i + 1 >= sent.end or not (doc[i + 1].pos_ == "PROPN" or doc[i + 1].text in POSSESSIVE)

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
            if m is None and doc[p.start - gap].pos_ == "PROPN":
                m = self.mentions.missed_name_before(p.start - gap + 1, self.phrases.sentence_at[p.start], loose=True)
            # the verb before the name and the words that describe it ("named veteran diplomat X")
            left = min(m.start, doc[m.end - 1].left_edge.i) if m is not None else 0
            if m is not None and m.label_ == "person" and left > 0:
                verb = doc[left - 1]
                spec = lex.predicates.get(verb.lemma_)
                if spec is not None and spec.get("holder") == "object" and verb.pos_ == "VERB":
                    if self._apply_mood(p, clause_mood(verb, lex)):
                        p.holder, p.relation = m.kb_id_, "predicate"
                        if spec.get("tense") == "designate":
                            p.tense = "designate"
                        self._appointer(p, verb)
                    return
        if tok.dep_ == "pobj" and tok.head.lower_ == "as":
            verb = tok.head.head
            if verb.dep_ == "conj" and verb.lemma_ not in lex.predicates and verb.head.lemma_ in lex.predicates:
                verb = verb.head  # "served as ambassador to Lima and later as ambassador to Chile"
            spec = lex.predicates.get(verb.lemma_)
            if spec is None or verb.pos_ not in ("VERB", "AUX"):
                if tok.head.i < verb.i and tok.head.i == tok.sent.start or \
                        tok.head.i < verb.i and doc[tok.head.i - 1].text in (",", ";"):
                    # "As foreign minister, she ...": the clause's subject; the phrase presumes
                    # the post whatever the clause says, unless the clause only supposes it
                    # ("As president, he would ...")
                    subj = _subject(verb)
                    if subj is not None and self._apply_mood(p, clause_mood(verb, lex, presumed=True)):
                        self._set_holder(p, subj, "predicate")
                        p.tense = p.tense if p.tense != "current" else _by_tense(verb, lex)
                return
        elif tok.dep_ == "dobj" and p.start <= tok.head.i < p.end and tok.head.pos_ == "VERB":
            # "he has been acting assistant secretary": the parser took "acting" for the verb
            verb = tok.head
            subj = _subject(verb)
            if subj is not None and self._apply_mood(p, clause_mood(verb, lex)):
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
        tense = spec.get("tense", "current")
        if tense == "by_tense":
            tense = _by_tense(verb, lex)
        if p.tense == "current" or tense == "designate":
            p.tense = tense
        if self._apply_mood(p, clause_mood(verb, lex)):
            self._set_holder(p, holder, "predicate")
            if spec.get("holder") == "object":
                self._appointer(p, verb)

    def _appointer(self, p: Phrase, verb: Token) -> None:
        """"Canada named X its Arctic envoy", "Kenya appointed X as ambassador to Peru": a
        country or body that appoints gives the post its country or organisation."""
        if p.country or p.org or any(c.dep_ == "auxpass" for c in verb.children):
            return
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        m = self.mentions.get(subj.i) if subj is not None else None
        if m is None:
            return
        if m.label_ == "country" or m.label_ == "place" and m._.acts_for:
            p.country = m.kb_id_ if m.label_ == "country" else m._.acts_for
            p.sent_by = True
        elif m.label_ in ORG_KINDS:
            p.org = m.kb_id_
            p.country = m._.country

    def _apply_mood(self, p: Phrase, mood: str | None) -> bool:
        """Apply what the predicate's clause says of the post; False when it states none."""
        if mood == "unstated":
            p.stated = False
            return False
        if mood in ("designate", "former"):
            p.tense = mood
        return True

    def _set_holder(self, p: Phrase, tok: Token, relation: str) -> None:
        tok = _antecedent(tok)
        m = self.mentions.get(tok.i)
        if m is None and tok.pos_ == "PROPN":
            m = self.mentions.missed_name_before(tok.i + 1, self.phrases.sentence_at[tok.i], loose=True)
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
                    if v.dep_ in ("relcl", "acl") and v.lemma_ in self.lex.post_noun_verbs:
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


def _source_phrase(head: Token) -> bool:
    """A title that is the object of "by" or "from" ("made by Chile's envoy, Ana Vidal, after
    ..."): the name closed by commas right after it is its apposition, however the parser hung it."""
    return head.dep_ == "pobj" and head.head.lower_ in ("by", "from")


def apart(a: Token, b: Token) -> bool:
    """`a` sits in a prepositional phrase or an adverbial clause that `b` is outside of: "After a
    call with Pablo Rojas, the minister said" (Rojas and the minister are not one person)."""
    t = a
    for _ in range(8):
        if b in t.subtree:
            return False
        if t.dep_ in ADVERBIAL or t.head.i == t.i:
            return t.dep_ in ADVERBIAL
        t = t.head
    return False
