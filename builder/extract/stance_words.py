"""Stance words: which words state a stance, what each governs, and the polarity it has toward
each concept it governs. The English is `builder/patterns/stances.yaml`.

- `StanceWords.cue`: a verb, a noun, an adjective after a copula (or a participle used as one,
  "is committed to") that is a stance word in this use, with its polarity after negation
  ("will not accept" opposes; "does not oppose" only holds).
- `StanceWords.target`: the tokens it governs (its object, clause, complement or argument
  prepositions; never a preposition of time or place).
- `StanceWords.path_polarity`: the polarity toward one concept in the target, read word by
  word along the path from the concept up to the stance word (`self._steps`, in order; the
  first step that applies to a word decides for it): a clause nobody asserts ("a report that
  ...") says nothing of it; a concept's own action never turns it; a reversing word it is
  the argument of turns it ("wants to halt the launches"); a topic verb
  or noun makes it a subject of talk ("committed to discuss", "revive the denuclearization
  talks"); a clause or noun phrase with a holder of its own makes it that holder's ("regrets
  that Lima vetoed ...", "accepts Lima's requests for ...", though backing another's call
  adopts it); a negated word in between leaves only "holds"; an opposing word turns it.
- `StanceWords.hypothetical`: under "if" / "unless", or in the clause of a word that does not
  assert it ("doubt that", "a report that"), nothing is held.
- `StanceWords.forecast`: a clause of what will happen, not of what anyone wants.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..nlp.issues import load_concepts
from ..nlp.layers import DEMONYM
from .holders import FIRST_PLURAL, FIRST_SINGULAR, SUBJECTS, Holders
from .reading import ArticleReading

FLIP = {"supports": "opposes", "opposes": "supports", "holds": "holds"}
_WORD_LISTS = ("copulas", "group_nouns", "state_agents", "group_not_state", "evaluative", "intention_nouns",
               "reversers", "reversing_nouns", "topic_verbs", "expression_verbs", "not_target_preps",
               "hypothetical_marks", "judging_verbs", "stating_verbs", "plain_stating_verbs", "obligation_modals",
               "denial_modals", "forecast_modals", "negation_adverbs", "negation_coordinators",
               "negation_determiners", "negative_subjects", "argument_slots", "topic_slots", "unasserting_verbs", "unasserting_nouns", "topic_nouns",
               "topic_noun_slots")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("builder").joinpath("patterns/stances.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out: dict = {}
    for pos in ("verbs", "nouns", "adjectives"):
        table: dict[str, str] = {}
        for polarity in ("holds", "opposes", "supports"):  # a word listed twice: the later wins
            for w in data[pos].get(polarity, []):
                table[str(w).lower()] = polarity
        out[pos] = table
    for key in _WORD_LISTS:
        out[key] = frozenset(str(w).lower() for w in data.get(key, []))
    out["frustrated_results"] = tuple(tuple(str(w).lower().split()) for w in data.get("frustrated_results", []))
    values: dict[str, str] = {}
    for polarity in ("opposes", "supports"):
        for w in (data.get("value_predicates") or {}).get(polarity, []):
            values[str(w).lower()] = polarity
    out["values"] = values
    out["needs"] = {k: frozenset(str(w).lower() for w in v) for k, v in (data.get("needs") or {}).items()}
    # every word `StanceWords.cue` can take for a stance word, in one set it checks first
    out["stance_words"] = frozenset().union(*(out[k] for k in ("adjectives", "verbs", "nouns", "intention_nouns")),
                                            ("against",))
    return out


def denied(polarity: str) -> str:
    """A stance negated: denying support opposes; denying opposition says only that there is a
    position ("does not oppose the plan" need not back it)."""
    return "opposes" if polarity == "supports" else "holds"


def negated(tok: Token) -> bool:
    """The word is denied: "not", "never", "no", "Nor do we ...", or a verb whose subject
    is denied ("Neither Oslo nor Lima backs ...", "No country supports ...", "Nobody wants")."""
    lex = lexicon()
    if any(c.dep_ == "neg" or
           c.lower_ in lex["negation_adverbs"] and c.dep_ in ("neg", "advmod", "det") or
           c.lower_ in lex["negation_coordinators"] and c.dep_ in ("cc", "preconj", "advmod", "dep")
           for c in tok.children):
        return True
    return tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ in SUBJECTS and (c.lower_ in lex["negative_subjects"] or any(
            d.lower_ in lex["negation_coordinators"] and d.dep_ in ("preconj", "det", "cc") or
            d.lower_ in lex["negation_determiners"] and d.dep_ == "det" for d in c.children))
        for c in tok.children)


def slot(tok: Token) -> str:
    """How a token hangs on its head: its dependency label, a preposition as "prep:<word>"."""
    return f"prep:{tok.lower_}" if tok.dep_ == "prep" else tok.dep_


def verb_forms(low: str) -> list[str]:
    """Base forms of an inflected verb the lemmatiser may get wrong ("hoping" -> "hop")."""
    for suffix in ("ing", "ed", "es", "s"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            return [stem + "e", stem, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem]
    return []


@lru_cache(maxsize=None)
def own_verbs(concept: str) -> frozenset[str]:
    """The verbs of a concept's hidden labels: the actions the concept is ("dismantle" for
    the dismantlement of facilities), which never turn it around."""
    c = load_concepts().get(concept)
    return frozenset(h.split()[0] for h in c.hidden) if c is not None else frozenset()


@dataclass
class _Step:
    """One word `word` on the path from a concept up to the stance word `cue`, reached from
    `below` (the word under it on the path)."""
    span: SpacySpan
    cue: Token
    below: Token
    word: Token
    polarity: str
    holders: tuple


class StanceWords:
    def __init__(self, reading: ArticleReading, holders: Holders):
        self.reading = reading
        self.holders = holders
        self.lex = lexicon()
        # The path steps, in order (see the module's docstring); each returns None when it does
        # not apply to the word, else (polarity, stop): stop ends the walk with that polarity.
        self._steps = (self._unasserted, self._own_action, self._reversing_word, self._topic_verb, self._topic_noun,
                       self._concept_as_subject,
                       self._clause_of_another, self._noun_of_another, self._negated_word, self._opposing_word)

    # --- which words, governing what -------------------------------------------------------

    def cue(self, tok: Token) -> tuple[str, str] | None:
        """(polarity, part of speech) when the token is a stance word in this use."""
        lex = self.lex
        lemma, low = tok.lemma_.lower(), tok.lower_
        if low not in lex["stance_words"] and lemma not in lex["stance_words"] and not (
                tok.pos_ == "VERB" and any(f in lex["verbs"] for f in verb_forms(low))):
            return None  # no stance word in any use: most tokens, settled by one look-up
        head = tok.head
        no = any(c.lower_ in lex["negation_determiners"] for c in tok.children if c.dep_ == "det")
        if tok.dep_ in ("acomp", "attr", "oprd") and head.lemma_.lower() in lex["copulas"] and \
                (low in lex["adjectives"] or lemma in lex["adjectives"]):
            pol = lex["adjectives"].get(low) or lex["adjectives"][lemma]
            return denied(pol) if negated(head) or negated(tok) else pol, "adj"
        if tok.tag_ == "VBN" and low in lex["adjectives"] and any(
                c.dep_ == "auxpass" and c.lemma_.lower() in lex["copulas"] for c in tok.children):
            pol = lex["adjectives"][low]  # "are fixated on", "is committed to": an adjective
            return denied(pol) if negated(tok) else pol, "participle"
        if tok.pos_ == "ADP" and low == "against" and tok.dep_ == "prep" and head.lemma_.lower() in lex["copulas"]:
            return ("holds" if negated(head) else "opposes"), "adj"
        if tok.pos_ == "VERB" and lemma not in lex["verbs"]:
            lemma = next((f for f in verb_forms(low) if f in lex["verbs"]), lemma)  # "hoping": not "hop"
        if tok.pos_ == "VERB" and lemma in lex["verbs"]:
            needs = lex["needs"].get(lemma)
            if needs and not any(c.lower_ in needs for c in tok.children):
                return None
            pol = lex["verbs"][lemma]
            return denied(pol) if negated(tok) else pol, "verb"
        if tok.pos_ == "NOUN" and lemma in lex["intention_nouns"] and no:
            return "opposes", "intention"
        if tok.pos_ == "NOUN" and lemma in lex["nouns"]:
            pol = lex["nouns"][lemma]
            return denied(pol) if no else pol, "noun"
        return None

    def target(self, tok: Token, kind: str) -> set[int]:
        if kind == "verb":
            deps = ("dobj", "xcomp", "ccomp", "prep", "attr", "oprd", "dative", "acomp")
            if any(c.dep_ == "auxpass" for c in tok.children):
                deps += ("nsubjpass",)
        elif kind in ("noun", "intention"):
            deps = ("prep", "acl", "xcomp")
        elif kind == "participle":
            deps = ("prep", "xcomp", "ccomp")
        else:
            deps = ("prep", "xcomp", "ccomp", "pobj")
        out: set[int] = set()
        children = list(tok.children)
        if kind in ("noun", "intention"):
            # "restated his opposition to X", "pass on Norway's thinking on X": the parser may
            # hang the noun's own preposition on the verb above it
            gov = tok.head.head if tok.head.pos_ == "ADP" and tok.dep_ == "pobj" else tok.head
            children += [c for c in gov.children if c.dep_ == "prep" and c.i == tok.right_edge.i + 1]
        for c in children:
            if c.dep_ in deps and not (c.dep_ == "prep" and c.lower_ in self.lex["not_target_preps"]):
                out.update(t.i for t in c.subtree)
        if kind == "verb":  # "rejected calls to lift X": the parser may hang "to lift X" on the verb
            objs = [c for c in children if c.dep_ == "dobj"]
            for c in tok.children:
                if c.dep_ == "advcl" and objs and c.left_edge.i == objs[0].right_edge.i + 1 and \
                        any(a.lower_ == "to" for a in c.children):
                    out.update(t.i for t in c.subtree)
        return out

    def hypothetical(self, tok: Token) -> bool:
        """Under 'if' / 'unless': a condition, not a stance anyone holds; in the clause of a word
        that does not assert it ('doubt that', 'a report that'): nobody's stance either."""
        t = tok
        for _ in range(8):
            if any(c.dep_ == "mark" and c.lower_ in self.lex["hypothetical_marks"] for c in t.children):
                return True
            if t.lower_ in self.lex["hypothetical_marks"] and t.dep_ in ("prep", "mark", "advcl", "advmod"):
                return True  # "provided that ...", "assuming ..."
            if t.head.i == t.i:
                return False
            head = t.head
            if t.dep_ in ("ccomp", "acl") and head.lemma_.lower() in (
                    self.lex["unasserting_verbs"] if head.pos_ == "VERB" else self.lex["unasserting_nouns"]
                    if head.pos_ == "NOUN" else ()):
                return True
            t = t.head
        return False

    # --- clauses of what will happen, and whose ---------------------------------------------

    def forecast(self, clause: Token, holders) -> bool:
        """A clause that says what will or may happen ("the sanctions would not be lifted"),
        not what the holder wants or will do itself: a forecast modal and no obligation, with
        a subject other than the holder's side."""
        modals = {c.lower_ for c in clause.children if c.dep_ == "aux"}
        return bool(modals & self.lex["forecast_modals"]) and not modals & self.lex["obligation_modals"] and \
            clause.dep_ in ("ccomp", "conj") and not self.own_subject(clause, holders)

    def own_subject(self, clause: Token, holders) -> list[str]:
        """The reported clause's subject when it is the holder's own side: "I" / "we" (the
        holders), the holders themselves or their state ("Lima said it would not ease the
        sanctions", "the minister said Tokyo will not ease them": Japan)."""
        subj = [c for c in clause.children if c.dep_ in SUBJECTS]
        if not subj or any(c.dep_ == "auxpass" for c in clause.children):
            return []  # "the sanctions would not be lifted": nobody's own act
        if subj[0].lower_ in FIRST_SINGULAR or subj[0].lower_ in FIRST_PLURAL:
            return list(holders)
        inner = self.holders.subject(clause)
        states = {self.reading.entities[h].country for h in holders if h in self.reading.entities}
        return inner if inner and set(inner) <= set(holders) | states else []

    def reverses(self, verb: Token, span: SpacySpan) -> bool:
        """The verb, outside the concept's words, turns it around ("give up the weapons")."""
        if span.start <= verb.i < span.end:
            return False
        lemma = verb.lemma_.lower()
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        return lemma not in own_verbs(span.label_) and (
            lemma in self.lex["reversers"] or (particle is not None and f"{lemma} {particle}" in self.lex["reversers"]))

    # --- polarity along the path -----------------------------------------------------------

    def path_polarity(self, span: SpacySpan, cue: Token, polarity: str, holders=()) -> str:
        """The polarity the stance has toward one target concept: supports, opposes, holds, or
        "other" when the concept lies in a clause or a noun phrase with a holder of its own."""
        lex = self.lex
        if any(t.lemma_.lower() in lex["reversing_nouns"] and any(
                c.dep_ == "prep" and span.start <= c.i < span.end for c in t.children) for t in span):
            polarity = FLIP[polarity]  # "a moratorium on testing" (but "an asset freeze" is sanctions)
        t = span.root
        if t.pos_ in ("VERB", "AUX") and t.i != cue.i:
            if self.forecast(t, holders):
                return "holds"  # "insists the sanctions will be lifted": what will happen, not a wish
            if negated(t):  # "demands that the sanctions not be lifted": the concept's own verb denied
                polarity = denied(polarity)
        for _ in range(12):
            if t.i == cue.i or t.head.i == t.i:
                break
            below, t = t, t.head
            if t.i == cue.i:
                break
            if span.start <= t.i < span.end:
                continue
            step = _Step(span, cue, below, t, polarity, tuple(holders))
            for rule in self._steps:
                outcome = rule(step)
                if outcome is not None:
                    polarity, stop = outcome
                    if stop:
                        return polarity
                    break
        return polarity

    def _unasserted(self, s: _Step):
        """A clause nobody asserts: "rejected a report that it backs sanctions" denies the
        report, it does not reject the sanctions."""
        w = s.word
        words = self.lex["unasserting_verbs"] if w.pos_ == "VERB" else self.lex["unasserting_nouns"] \
            if w.pos_ == "NOUN" else ()
        return ("holds", True) if s.below.dep_ in ("ccomp", "acl") and w.lemma_.lower() in words else None

    def _own_action(self, s: _Step):
        """The concept's own action: "dismantle the test site" is its dismantlement."""
        return (s.polarity, False) if s.word.lemma_.lower() in own_verbs(s.span.label_) else None

    def _reversing_word(self, s: _Step):
        """Backing a halt rejects the thing halted; rejecting a halt need not back the thing
        ("will not accept a freeze of the programme" may want more than a freeze). Only what the
        word acts on turns; an approach is how a thing is done, never turned."""
        if not self.reverses(s.word, s.span):
            return None
        if slot(s.below) in self.lex["argument_slots"] and s.span.kb_id_ != "approach":
            return denied(s.polarity), False
        return s.polarity, False

    def _topic_verb(self, s: _Step):
        """What is discussed, not what is backed ("committed to discuss its arsenal")."""
        if s.word.lemma_.lower() in self.lex["topic_verbs"] and slot(s.below) in self.lex["topic_slots"]:
            return "holds", True
        return None

    def _topic_noun(self, s: _Step):
        """What talks are about: "revive the denuclearization talks" backs the talks, not the
        denuclearization."""
        if s.word.pos_ == "NOUN" and s.word.lemma_.lower() in self.lex["topic_nouns"] and \
                slot(s.below) in self.lex["topic_noun_slots"]:
            return "holds", True
        return None

    @staticmethod
    def _concept_as_subject(s: _Step):
        """The concept is the subject of the clause the stance word governs."""
        if s.word.pos_ in ("VERB", "AUX") and s.below.dep_ in SUBJECTS:
            return "holds", True
        return None

    def _clause_of_another(self, s: _Step):
        """A clause of its own: its subject's stance, not the holder's ("regrets that Lima
        vetoed a resolution tightening sanctions")."""
        if s.word.pos_ not in ("VERB", "AUX") or not any(c.dep_ in SUBJECTS for c in s.word.children):
            return None
        inner = self.holders.subject(s.word)
        return ("other", True) if not inner or not set(inner) <= set(s.holders) else None

    def _noun_of_another(self, s: _Step):
        """A noun phrase with a holder of its own: "accept Lima's requests for ..." is Lima's.
        Backing another's call or proposal adopts it: "Oslo backed Lima's call for sanctions
        relief" backs the relief too; backing Lima's opposition to it rejects it."""
        t = s.word
        if t.pos_ != "NOUN" or not any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and (
                m := self.reading.args.mention(c)) is not None and m.label_ in (DEMONYM, "country"))
                for c in t.children):
            return None
        inner = self.holders.of_noun(t)
        if inner and set(inner) <= set(s.holders):
            return None
        theirs = self.lex["nouns"].get(t.lemma_.lower())
        if s.polarity == "supports" and theirs in ("supports", "opposes") and \
                slot(s.below) in self.lex["argument_slots"] and s.cue.pos_ == "VERB" and t.head.i == s.cue.i:
            return theirs, False  # the backer backs what the call is for, rejects what the opposition is to
        return "other", True

    @staticmethod
    def _negated_word(s: _Step):
        """A negated word in between: a position, for or against unsaid ("have no X" is the
        stance word's own object, not in between)."""
        t = s.word
        if negated(t) and not (t.head.i == s.cue.i and t.dep_ == "dobj"):
            return "holds", True
        return None

    def _opposing_word(self, s: _Step):
        """An opposing stance word the concept is the argument of turns it ("backs the
        rejection of sanctions relief")."""
        t, lex = s.word, self.lex
        word = lex["verbs"].get(t.lemma_.lower()) if t.pos_ == "VERB" else \
            lex["nouns"].get(t.lemma_.lower()) if t.pos_ == "NOUN" else lex["adjectives"].get(t.lower_)
        if word == "opposes" and slot(s.below) in lex["argument_slots"]:
            return FLIP[s.polarity], False
        return None
