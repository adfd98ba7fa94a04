"""Whose a stance is: the agents a token stands for, the holders of a clause and of a stance noun.

Read by the position reader (`positions.py` and the clause readers of `position_clauses.py`);
the statement reader shares `actors` and `NOT_AGENTS` (a place, an outlet or a post neither
holds a position nor makes a statement). Everything goes through the argument reader
(mentions, coreference, metonymy: "Washington remains committed to" is the United States).

- `actors`: the agents a token names, with the one shape the argument reader leaves out: a
  national name the mentions read as a demonym used as a noun ("the US is ready").
- `Holders.agents_of`: also "I" / "we" inside someone's words (the speaker), and a group noun
  acting for a state ("Legislators in Ottawa", "Kenyan officials", "Chile's negotiators").
- `Holders.subject`: a verb's subject through relative pronouns, coordinated, controlled and
  participial verbs (a participle after a parenthetical "..., she said, calling it ...": the
  parenthetical's subject), or the agent of a passive; a pronoun subject of a clause reported by a
  speaker is the speaker when coreference left it open ("Lima says it is willing to ...").
- `Holders.of_noun`: a stance noun's national adjective, compound or possessive ("Canadian
  backing for", "Norway's thinking on"), else the subject of a verb of expressing that takes
  it ("Oslo voiced opposition to").

`outlets=True` lets an outlet hold a stance: only its own stance word's subject or
possessive (an outlet's editorial voice: "the newspaper condemned the plan", "the site's
attack on the talks"), never the subject of a clause it reports or of a verb further up.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..nlp.layers import DEMONYM
from .reading import ArticleReading

NOT_AGENTS = ("place", "outlet", "post", DEMONYM, "")
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
RELATIVE = {"who", "that", "which", "whom"}
FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
THIRD = {"he", "she", "it", "they", "his", "her", "its", "their"}
POSSESSIVE_PRONOUNS = {"its", "his", "her", "their", "our", "my", "your"}
_MODIFIERS = ("amod", "compound", "nmod")


def actors(reading: ArticleReading, tok: Token, outlets: bool = False) -> list[str]:
    """The agents a token and its conjuncts stand for (no place, post or demonym; an outlet
    only when `outlets`)."""
    if tok.pos_ == "NOUN" and _not_the_state(tok):
        return []  # "former Canadian officials", "opposition lawmakers": not the state they are of
    keys = [k for k in reading.args.agents(tok) if reading.kind_of(k) not in NOT_AGENTS or
            (outlets and reading.kind_of(k) == "outlet")]
    if outlets:  # "it said", "the website said": the outlet coreference or the name gives
        keys += [k for k in reading.args.entities(tok) if reading.kind_of(k) == "outlet" and k not in keys]
    if keys:
        return keys
    if outlets:  # "the Manila Sentinel website blasted ...": the outlet a compound names
        for c in tok.children:
            m = reading.args.mention(c)
            if c.dep_ == "compound" and m is not None and m.kb_id_ and reading.kind_of(m.kb_id_) == "outlet":
                return [m.kb_id_]
    m = reading.args.mention(tok)
    if m is not None and m.label_ == DEMONYM and tok.pos_ == "PROPN" and tok.dep_ in (*SUBJECTS, "poss"):
        return [m.kb_id_]  # "the US is ready": a national name used as a noun is the state
    if outlets and m is not None and m.kb_id_ and reading.kind_of(m.kb_id_) == "outlet":
        return [m.kb_id_]  # the argument reader gives no outlet as an actor; its own stance word does
    return []


def _not_the_state(tok: Token) -> bool:
    from .stance_words import lexicon  # the stance lexicon holds the group words

    lex = lexicon()
    return any(c.lower_ in lex["group_not_state"] for c in tok.children if c.dep_ in (
        *_MODIFIERS, "det", "nummod", "quantmod"))


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above a token (within four steps)."""
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def parenthetical_head(tok: Token, verbs: frozenset) -> Token | None:
    """For a verb of saying (lemma in `verbs`) set off after a clause, the clause's verb:
    "..., officials said" (the parser hangs "said" on the clause as a conjunct, parataxis or
    clause); None for any other verb."""
    head = tok.head
    if tok.lemma_.lower() not in verbs or tok.dep_ not in ("conj", "parataxis", "ccomp") or \
            head.i >= tok.i or head.pos_ not in ("VERB", "AUX") or \
            any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or \
            not any(c.dep_ in SUBJECTS for c in tok.children):
        return None
    marks = (",", "\u2014", "--")
    left = tok.left_edge.i  # the parser may hang the comma itself on the verb of saying
    return head if tok.doc[left].text in marks or (left > 0 and tok.doc[left - 1].text in marks) else None


def participle_controller(tok: Token, verbs: frozenset) -> Token | None:
    """For a participle set off after a parenthetical verb of saying, that verb: in "Ties remain
    good, she said, calling them 'unusually warm'", "calling" is said by whoever said, though
    the parser hangs it on the clause the parenthetical interrupts. None for anything else (a
    participle with a subject of its own, or with no parenthetical before it)."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "conj") or tok.head.i == tok.i or \
            any(c.dep_ in SUBJECTS for c in tok.children):
        return None
    head = tok.head
    said = [c for c in head.children if c.i < tok.i and c.lemma_.lower() in verbs and
            any(s.dep_ in SUBJECTS for s in c.children) and
            (c.dep_ == "parataxis" or parenthetical_head(c, verbs) is not None)]
    return said[-1] if said else None


class Holders:
    """The holders of stances in one article. `spoken`: (start, end, speakers) of the words
    someone said (from the statement reader); `reported`: lemmas of verbs reporting speech."""

    def __init__(self, reading: ArticleReading, lex: dict, spoken, reported: frozenset):
        self.reading = reading
        self.lex = lex
        self.spoken = spoken
        self.reported = reported

    def speaker_at(self, tok: Token) -> list[str]:
        for start, end, speakers in self.spoken:
            if start <= tok.idx < end:
                return speakers
        return []

    def agents_of(self, tok: Token, outlets: bool = False) -> list[str]:
        """The holders a token stands for."""
        keys = actors(self.reading, tok, outlets)
        if keys:
            return keys
        low = tok.lower_
        if low in FIRST_SINGULAR or low in FIRST_PLURAL:
            # "I" / "we" in someone's words: the speaker. "We" may be the speaker's government,
            # party or team; which one the text rarely says, so the speaker holds it.
            return self.speaker_at(tok)
        if tok.lemma_.lower() in self.lex["group_nouns"] and tok.tag_ in ("NNS", "NNPS", "NN"):
            return self.group(tok)
        return []

    def group(self, tok: Token) -> list[str]:
        """'Legislators in Ottawa', 'Kenyan officials', 'Chile's negotiators': the state."""
        if _not_the_state(tok):
            return []  # "opposition lawmakers", "former officials", "some diplomats"
        for c in tok.children:
            if c.dep_ == "poss" and tok.lemma_.lower() not in self.lex["state_agents"]:
                continue  # "Japan's allies" are other states
            if c.dep_ in (*_MODIFIERS, "poss"):
                m = self.reading.args.mention(c)
                if m is not None and m.label_ in (DEMONYM, "country"):
                    return [m.kb_id_]
                if m is not None and m._.acts_for:
                    return [m._.acts_for]
            if c.dep_ == "prep" and c.lower_ in ("in", "from", "of"):
                out = []
                for obj in (o for p in c.children if p.dep_ == "pobj" for o in (p, *p.conjuncts)):
                    m = self.reading.args.mention(obj)
                    if m is not None and (m._.acts_for or m.label_ == "country"):
                        key = m._.acts_for or m.kb_id_
                        if key not in out:
                            out.append(key)
                if out:  # "the envoys of Norway, Chile and Peru": each state
                    return out
        return []

    def subject(self, verb: Token, outlets: bool = False) -> list[str]:
        """The holders of a verb's clause."""
        t = verb
        for _ in range(5):
            if any(c.dep_ == "auxpass" for c in t.children):
                for c in t.children:
                    if c.dep_ == "agent":
                        objs = [o for o in c.children if o.dep_ == "pobj"]
                        if objs:
                            return self.agents_of(objs[0], outlets)
            subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj") or
                    (c.dep_ == "nsubjpass" and not any(x.dep_ == "auxpass" for x in t.children))]
            if subj and t.tag_ == "VBG" and t.dep_ == "pcomp" and t.head.head.pos_ == "VERB" and \
                    (m := self.reading.args.mention(subj[0])) is not None and m.label_ == "place":
                t = t.head.head  # "flew to Nairobi hoping to ...": the parser makes the place the subject
                continue
            if subj:
                s = subj[0]
                if s.lower_ in RELATIVE and t.dep_ == "relcl":
                    return self.agents_of(t.head, outlets)
                keys = self.agents_of(s, outlets)
                if not keys and s.lower_ in THIRD and t.dep_ == "ccomp" and t.head.lemma_.lower() in self.reported:
                    return self.subject(t.head)  # "Lima says it is willing to ...": never the outlet reporting it
                return keys
            said = participle_controller(t, self.reported)
            if said is not None:  # "..., she said, calling it ...": hers
                t = said
                continue
            if t.dep_ in ("xcomp", "conj", "advcl", "acl") and t.head.i != t.i:
                participle = t.dep_ == "acl" and t.tag_ == "VBG"
                t = t.head
                # "flew to the summit hoping to ...": the parser may hang the participle on a noun
                while participle and t.dep_ in ("pobj", "prep") and t.head.i != t.i:
                    t = t.head
                continue
            break
        return []

    def of_noun(self, noun: Token, strict: bool = False, outlets: bool = False) -> list[str]:
        """The holder a stance noun names: its national adjective, compound or possessive; unless
        `strict`, also a possessive pronoun's or a verb of expressing's subject ("Oslo restated its
        support", "Lima voiced opposition to"). `strict`: only what the noun phrase itself says."""
        unknown = False  # a national adjective or a name the mentions do not know: nobody else's
        for c in noun.children:
            if c.dep_ in (*_MODIFIERS, "poss") and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") \
                    and self.reading.args.mention(c) is None:
                unknown = True
        for c in noun.children:
            if c.dep_ in _MODIFIERS:
                m = self.reading.args.mention(c)
                if m is not None and m.label_ in (DEMONYM, "country"):
                    return [m.kb_id_]
                if strict or m is None:
                    continue
                if m._.acts_for:
                    return [m._.acts_for]
                if m.kb_id_ and self.reading.kind_of(m.kb_id_) not in NOT_AGENTS:
                    return [m.kb_id_]
        for c in noun.children:
            if c.dep_ == "poss":
                keys = self.agents_of(c, outlets)
                if keys or strict:
                    return keys
                if c.lower_ in POSSESSIVE_PRONOUNS:  # "Oslo restated its support": its = Oslo
                    verb = governing_verb(noun)
                    return self.subject(verb, outlets) if verb is not None else []
                return []
        if strict:
            return []
        verb = governing_verb(noun)
        if verb is not None and noun.dep_ in ("dobj", "attr") and not unknown and \
                verb.lemma_.lower() in self.lex["expression_verbs"]:
            return self.subject(verb, outlets)
        return []
