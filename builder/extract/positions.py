"""Policy positions: who holds which stance on which issue, backing or rejecting what.

A stance word (`builder/patterns/stances.yaml`: verbs, nouns, adjectives after a copula, each
supports / opposes / holds) governs a target: its object, clause or preposition's object.
The issues and approaches the issues layer found in the target (`doc.spans["issues"]`) are
what the position is on, follows, supports or opposes; the bodies named there are what it
supports or opposes. The polarity of each target is read along the path from the stance
word down to it: a reversing word ("halt", "a moratorium on"), another stance word of the
opposite sense, or a clause with a subject of its own in between change or drop it
("regrets that Lima vetoed a resolution tightening sanctions" does not oppose sanctions).

Holders, through the argument reader (mentions, coreference, metonymy: "Washington remains
committed to" is the United States):
- a verb's subject (through relative pronouns, coordinated and controlled verbs), or the
  agent of a passive; a pronoun subject of a clause reported by a speaker is the speaker
  when coreference left it open ("Lima says it is willing to ...");
- a stance noun's national adjective, compound or possessive ("Canadian backing for",
  "Norway's thinking on"), else the subject of the verb that governs it;
- an adjective's copula's subject ("Chile is cautious about");
- a group noun acting for a state ("Legislators in Ottawa", "Kenyan officials");
- "I" / "we" inside words someone said (a quotation, a transcript turn, a released
  statement): the speaker.

Also: a named approach with no stance word is held by its possessive or the subject of the
clause it is in ("Lima's step-by-step approach"); "has no intention of ..." opposes;
"dismissed X as ..." opposes X; in a statement, "did X only to <verb>" is the speaker
rejecting X.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Position
from ..nlp.layers import DEMONYM, ISSUES
from ..nlp.issues import load_concepts
from ..nlp.layout import generic_speaker
from .reading import ArticleReading
from .statements import statement_reader

NOT_HOLDERS = ("place", "outlet", "post", DEMONYM, "")
TARGET_KINDS = ("organization", "ministry", "government", "institute", "international", "workinggroup")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = {"who", "that", "which", "whom"}
FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
THIRD = {"he", "she", "it", "they", "his", "her", "its", "their"}
POSSESSIVE_PRONOUNS = {"its", "his", "her", "their", "our", "my", "your"}
FLIP = {"supports": "opposes", "opposes": "supports", "holds": "holds"}
# How a word takes what it acts on: its object, clause or complement, or these prepositions.
_ARGUMENT_DEPS = ("dobj", "nsubjpass", "obj", "xcomp", "ccomp", "attr", "acl", "relcl", "pcomp", "conj")
_ARGUMENT_PREPS = ("of", "to", "on", "against", "from", "over", "for", "about", "toward", "towards")


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
    for key in ("copulas", "group_nouns", "evaluative", "intention_nouns", "reversers", "reversing_nouns",
                "negated_only", "topic_verbs", "expression_verbs", "not_target_preps", "hypothetical_marks",
                "judging_verbs", "stating_verbs", "plain_stating_verbs", "obligation_modals"):
        out[key] = frozenset(str(w).lower() for w in data.get(key, []))
    values: dict[str, str] = {}
    for polarity in ("opposes", "supports"):
        for w in (data.get("value_predicates") or {}).get(polarity, []):
            values[str(w).lower()] = polarity
    out["values"] = values
    out["needs"] = {k: frozenset(str(w).lower() for w in v) for k, v in (data.get("needs") or {}).items()}
    return out


def _verb_forms(low: str) -> list[str]:
    """Base forms of an inflected verb the lemmatiser may get wrong ("hoping" -> "hop")."""
    for suffix in ("ing", "ed", "es", "s"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            return [stem + "e", stem, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem]
    return []


@lru_cache(maxsize=None)
def _own_verbs(concept: str) -> frozenset[str]:
    """The verbs of a concept's hidden labels: the actions the concept is ("dismantle" for
    the dismantlement of facilities), which never turn it around."""
    c = load_concepts().get(concept)
    return frozenset(h.split()[0] for h in c.hidden) if c is not None else frozenset()


def _compatible(a, b) -> bool:
    return a == b or a is None or b is None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("neg", "advmod", "det") or
               c.lower_ in ("nor", "neither") and c.dep_ in ("cc", "preconj", "advmod", "dep")
               for c in tok.children)


class PositionReader:
    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.doc = reading.doc
        self.lex = lexicon()
        self.spoken = statement_reader(reading).spoken
        self.concepts = list(self.doc.spans[ISSUES])
        self.positions: list[Position] = []
        # An outlet holds the stance its own stance word states ("the website blasted the plan"),
        # never one it only reports ("the agency said Lima is ready").
        self.outlets_hold = False

    # --- holders --------------------------------------------------------------------------

    def speaker_at(self, tok: Token) -> list[str]:
        for start, end, speakers in self.spoken:
            if start <= tok.idx < end:
                return speakers
        return []

    def agents_of(self, tok: Token) -> list[str]:
        """The holders a token stands for."""
        keys = [k for k in self.reading.args.agents(tok) if self.reading.kind_of(k) not in NOT_HOLDERS or
                (self.outlets_hold and self.reading.kind_of(k) == "outlet")]
        if keys:
            return keys
        m = self.reading.args.mention(tok)
        if m is not None and m.label_ == DEMONYM and tok.pos_ == "PROPN" and tok.dep_ in (*_SUBJECTS, "poss"):
            return [m.kb_id_]  # "the US is ready": a national name used as a noun is the state
        if self.outlets_hold and m is not None and m.kb_id_ and self.reading.kind_of(m.kb_id_) == "outlet":
            return [m.kb_id_]  # the argument reader gives no outlet as an actor; its own stance word does
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
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod"):
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

    def subject(self, verb: Token) -> list[str]:
        """The holders of a verb's clause."""
        t = verb
        for _ in range(5):
            if any(c.dep_ == "auxpass" for c in t.children):
                for c in t.children:
                    if c.dep_ == "agent":
                        objs = [o for o in c.children if o.dep_ == "pobj"]
                        if objs:
                            return self.agents_of(objs[0])
            subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj") or
                    (c.dep_ == "nsubjpass" and not any(x.dep_ == "auxpass" for x in t.children))]
            if subj:
                s = subj[0]
                if s.lower_ in _RELATIVE and t.dep_ == "relcl":
                    return self.agents_of(t.head)
                keys = self.agents_of(s)
                if not keys and s.lower_ in THIRD and t.dep_ == "ccomp" and \
                        t.head.lemma_.lower() in statement_reader(self.reading).lex["reported"]:
                    return self.subject(t.head)  # "Lima says it is willing to ..."
                return keys
            if t.dep_ in ("xcomp", "conj", "advcl", "acl") and t.head.i != t.i:
                participle = t.dep_ == "acl" and t.tag_ == "VBG"
                t = t.head
                # "flew to the summit hoping to ...": the parser may hang the participle on a noun
                while participle and t.dep_ in ("pobj", "prep") and t.head.i != t.i:
                    t = t.head
                continue
            break
        return []

    def noun_holder(self, noun: Token) -> list[str]:
        unknown = False  # a national adjective or a name the mentions do not know: nobody else's
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") \
                    and self.reading.args.mention(c) is None:
                unknown = True
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod"):
                m = self.reading.args.mention(c)
                if m is not None and m.label_ in (DEMONYM, "country"):
                    return [m.kb_id_]
                if m is not None and m._.acts_for:
                    return [m._.acts_for]
                if m is not None and self.reading.kind_of(m.kb_id_) not in NOT_HOLDERS and m.kb_id_:
                    return [m.kb_id_]
        for c in noun.children:
            if c.dep_ == "poss":
                keys = self.agents_of(c)
                if keys:
                    return keys
                if c.lower_ in POSSESSIVE_PRONOUNS:  # "Oslo restated its support": its = Oslo
                    verb = self.governing_verb(noun)
                    return self.subject(verb) if verb is not None else []
                return []
        verb = self.governing_verb(noun)
        if verb is not None and noun.dep_ in ("dobj", "attr") and not unknown and \
                verb.lemma_.lower() in self.lex["expression_verbs"]:
            return self.subject(verb)
        return []

    @staticmethod
    def governing_verb(tok: Token) -> Token | None:
        t = tok
        for _ in range(4):
            if t.head.i == t.i:
                return None
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                return t
        return None

    # --- stance words ---------------------------------------------------------------------

    def cue(self, tok: Token) -> tuple[str, str] | None:
        """(polarity, part of speech) when the token is a stance word in this use."""
        lex = self.lex
        lemma, low = tok.lemma_.lower(), tok.lower_
        head = tok.head
        if tok.dep_ in ("acomp", "attr", "oprd") and head.lemma_.lower() in lex["copulas"] and \
                (low in lex["adjectives"] or lemma in lex["adjectives"]):
            pol = lex["adjectives"].get(low) or lex["adjectives"][lemma]
            return (FLIP[pol] if pol != "opposes" else "holds") if _negated(head) or _negated(tok) else pol, "adj"
        if tok.tag_ == "VBN" and low in lex["adjectives"] and any(
                c.dep_ == "auxpass" and c.lemma_.lower() in lex["copulas"] for c in tok.children):
            pol = lex["adjectives"][low]  # "are fixated on", "is committed to": an adjective
            return (FLIP[pol] if pol != "opposes" else "holds") if _negated(tok) else pol, "participle"
        if tok.pos_ == "ADP" and low == "against" and tok.dep_ == "prep" and head.lemma_.lower() in lex["copulas"]:
            return ("holds" if _negated(head) else "opposes"), "adj"
        if tok.pos_ == "VERB" and lemma not in lex["verbs"]:
            lemma = next((f for f in _verb_forms(low) if f in lex["verbs"]), lemma)  # "hoping": not "hop"
        if tok.pos_ == "VERB" and lemma in lex["verbs"]:
            needs = lex["needs"].get(lemma)
            if needs and not any(c.lower_ in needs for c in tok.children):
                return None
            pol = lex["verbs"][lemma]
            if _negated(tok):
                pol = "opposes" if pol == "supports" else "holds"
            return pol, "verb"
        if tok.pos_ == "VERB" and lemma in lex["negated_only"] and (_negated(tok) or any(
                c.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
                for c in tok.children)):
            if any(c.dep_ == "dobj" and c.lemma_.lower() in lex["intention_nouns"] for c in tok.children):
                return None  # "has no intention of ...": the noun reads it
            return "opposes", "verb"  # "does not have a deadline", "will have no contact"
        if tok.pos_ == "NOUN" and lemma in lex["intention_nouns"] and any(
                c.lower_ == "no" for c in tok.children if c.dep_ == "det"):
            return "opposes", "intention"
        if tok.pos_ == "NOUN" and lemma in lex["nouns"]:
            pol = lex["nouns"][lemma]
            if any(c.lower_ == "no" for c in tok.children if c.dep_ == "det"):
                pol = "opposes" if pol == "supports" else "holds"
            return pol, "noun"
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
        """Under 'if' / 'unless': a condition, not a stance anyone holds."""
        t = tok
        for _ in range(8):
            if any(c.dep_ == "mark" and c.lower_ in self.lex["hypothetical_marks"] for c in t.children):
                return True
            if t.lower_ in self.lex["hypothetical_marks"] and t.dep_ in ("prep", "mark", "advcl", "advmod"):
                return True  # "provided that ...", "assuming ..."
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    def path_polarity(self, span: SpacySpan, cue: Token, polarity: str, holders=()) -> str:
        """The polarity the stance has toward one target concept: supports, opposes, holds, or
        "other" when the concept lies in a clause or a noun phrase with a holder of its own."""
        lex = self.lex
        own_verbs = _own_verbs(span.label_)
        if any(t.lemma_.lower() in lex["reversing_nouns"] and any(
                c.dep_ == "prep" and span.start <= c.i < span.end for c in t.children) for t in span):
            polarity = FLIP[polarity]  # "a moratorium on testing" (but "an asset freeze" is sanctions)
        t = span.root
        for _ in range(12):
            if t.i == cue.i or t.head.i == t.i:
                break
            prev, t = t, t.head
            if t.i == cue.i:
                break
            if span.start <= t.i < span.end:
                continue
            lemma = t.lemma_.lower()
            particle = next((c.lower_ for c in t.children if c.dep_ == "prt"), None)
            # only what a word acts on turns with it, not its adjuncts: "give up its arms in
            # return for sanctions relief" gives up the arms, not the relief
            argument = prev.dep_ in _ARGUMENT_DEPS or (prev.dep_ == "prep" and prev.lower_ in _ARGUMENT_PREPS)
            if lemma in own_verbs:
                continue  # the concept's own action: "dismantle the test site" is its dismantlement
            if lemma in lex["reversers"] or (particle and f"{lemma} {particle}" in lex["reversers"]):
                if argument and span.kb_id_ != "approach":  # an approach is how, not what, it is done
                    # backing a halt rejects the thing halted; rejecting a halt need not back the
                    # thing ("will not accept a freeze of the programme" may want more than a freeze)
                    polarity = "opposes" if polarity == "supports" else "holds"
            elif lemma in lex["topic_verbs"] and (prev.dep_ in ("dobj", "nsubjpass", "attr") or (
                    prev.dep_ == "prep" and prev.lower_ in ("about", "on", "over", "of"))):
                return "holds"  # what is discussed, not what is backed
            elif t.pos_ in ("VERB", "AUX") and prev.dep_ in _SUBJECTS:
                return "holds"  # the concept is the subject of the reported clause
            elif t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in t.children):
                inner = self.subject(t)
                if not inner or not set(inner) <= set(holders):
                    return "other"  # a clause of its own: its subject's stance, not the holder's
            elif t.pos_ == "NOUN" and any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and (
                    m := self.reading.args.mention(c)) is not None and m.label_ in (DEMONYM, "country"))
                    for c in t.children):
                inner = self.noun_holder(t)
                if not inner or not set(inner) <= set(holders):
                    return "other"  # "accept Lima's requests for ...": Lima's stance
            elif _negated(t) and not (t.head.i == cue.i and t.dep_ == "dobj"):  # "have no X": the cue's own
                return "holds"
            else:
                word = lex["verbs"].get(lemma) if t.pos_ == "VERB" else lex["nouns"].get(lemma) \
                    if t.pos_ == "NOUN" else lex["adjectives"].get(t.lower_)
                if word == "opposes" and argument:
                    polarity = FLIP[polarity]
        return polarity

    # --- reading --------------------------------------------------------------------------

    def asked(self) -> list[tuple[int, int]]:
        """The turns of whoever asks (Q, QUESTION, MODERATOR ...): their premises are nobody's
        stated position. The interviewee's turns (A:) are read."""
        answers = statement_reader(self.reading).lex["answer_labels"]
        return [(b.start, b.end) for b in self.doc._.blocks or ()
                if generic_speaker(b) and (b.speaker or "").lower() not in answers]

    def read(self) -> list[Position]:
        asked = self.asked()
        for sent in self.doc.sents:
            if self.reading.in_caption(sent[0]) or any(a <= sent.start_char < b for a, b in asked):
                continue
            if sent.text.rstrip().rstrip("\"”’'").endswith("?"):
                continue  # a question holds no position
            with self.reading.guard("a position", sent):
                self.read_sentence(sent)
        return self.positions

    def concepts_in(self, sent: SpacySpan, tokens: set[int]) -> list[SpacySpan]:
        return [s for s in self.concepts if sent.start <= s.start < sent.end and s.root.i in tokens]

    def entities_in(self, tokens: set[int]) -> list[tuple[str, Token]]:
        """Bodies a target names as its head ("backs the council"), not as a modifier ("a
        council resolution")."""
        out = []
        for i in sorted(tokens):
            tok = self.doc[i]
            m = self.reading.args.mention(tok)
            if m is None or m.start != i or m.root.dep_ not in ("dobj", "pobj", "nsubjpass", "conj", "attr"):
                continue
            if m.kb_id_ and self.reading.kind_of(m.kb_id_) in TARGET_KINDS and all(k != m.kb_id_ for k, _ in out):
                out.append((m.kb_id_, m.root))
        return out

    def read_sentence(self, sent: SpacySpan) -> None:
        found = []  # (cue token, target tokens, holders, polarity, kind)
        self.outlets_hold = True
        for tok in sent:
            c = self.cue(tok)
            if c is None or self.hypothetical(tok):
                continue
            polarity, kind = c
            target = self.target(tok, kind)
            if not target:
                continue
            if kind == "verb":
                holders = self.subject(tok)
            elif kind in ("noun", "intention"):
                holders = self.noun_holder(tok)
                if kind == "intention":
                    verb = self.governing_verb(tok)
                    holders = holders or (self.subject(verb) if verb is not None else [])
            elif kind == "participle":
                subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
                holders = self.agents_of(subj[0]) if subj else self.subject(tok)
            else:
                holders = self.subject(tok.head)
            if holders:
                found.append((tok, target, holders, polarity, kind))
        self.outlets_hold = False
        kept = []
        for item in found:  # a stance word inside another's target, with the same holders: the outer reads it
            tok, _, holders, _, _ = item
            if any(tok.i in other[1] and other[2] == holders for other in found if other is not item):
                continue
            kept.append(item)
        taken: set[int] = set()
        for tok, target, holders, polarity, kind in kept:
            concepts = self.concepts_in(sent, target)
            entities = self.entities_in(target)
            clause_target = any(self.doc[i].dep_ in ("xcomp", "acl", "ccomp") and self.doc[i].head.i == tok.i
                                for i in target) or kind == "intention"
            if kind == "participle":
                kind = "adj"
            dismiss_as = kind == "verb" and polarity == "opposes" and any(
                c.dep_ == "prep" and c.lower_ == "as" for c in tok.children) and any(
                c.dep_ == "dobj" for c in tok.children)
            if not concepts and not entities and not ((kind in ("noun", "intention") and clause_target)
                                                       or kind == "adj" or dismiss_as):
                continue
            taken.update(s.start for s in concepts)
            self.add_position(sent, tok, holders, polarity, concepts, entities, 0.75 if concepts else 0.6)
        self.unattached_approaches(sent, taken)
        self.evaluative(sent)
        self.judged(sent)
        self.stated(sent, taken)

    def add_position(self, sent, cue, holders, polarity, concepts, entities, confidence) -> None:
        issue = approach = None
        supports: list[str] = []
        opposes: list[str] = []
        for span in concepts:
            pol = self.path_polarity(span, cue, polarity, holders) if cue is not None else polarity
            name = span.label_
            if span.kb_id_ == "approach":
                value = f"coined:{span.id_}" if span.id_ else name
                if pol == "other":
                    continue
                if pol == "opposes":
                    opposes.append(f"issue:{name}")
                elif approach is None:
                    approach = value
                continue
            issue = issue or name
            if pol == "supports":
                supports.append(f"issue:{name}")
            elif pol == "opposes":
                opposes.append(f"issue:{name}")
        if not issue and not approach and not supports and not opposes and concepts and cue is not None and \
                all(self.path_polarity(sp, cue, polarity, holders) == "other" for sp in concepts) and not entities:
            return  # everything named belongs to someone else's clause
        for key, root in entities:
            pol = polarity
            if cue is not None:
                pol = self.path_polarity(self.doc[root.i:root.i + 1], cue, polarity, holders)
            if pol == "supports":
                supports.append(key)
            elif pol == "opposes":
                opposes.append(key)
        ev = self.reading.evidence(sent)
        for holder in holders:
            if holder in supports or holder in opposes:
                continue
            self.add(Position(evidence=[ev], confidence=confidence, holder=holder, issue=issue, approach=approach,
                              supports=[x for x in supports if x != holder], opposes=[x for x in opposes if x != holder]))

    def add(self, pos: Position) -> None:
        for p in self.positions:
            if p.holder == pos.holder and p.evidence == pos.evidence and \
                    _compatible(p.issue, pos.issue) and _compatible(p.approach, pos.approach):
                p.issue = p.issue or pos.issue
                p.approach = p.approach or pos.approach
                p.supports += [x for x in pos.supports if x not in p.supports]
                p.opposes += [x for x in pos.opposes if x not in p.opposes]
                p.confidence = max(p.confidence, pos.confidence)
                return
        self.positions.append(pos)

    def unattached_approaches(self, sent: SpacySpan, taken: set[int]) -> None:
        """A named approach no stance word governs: held by the possessive or national
        adjective of its noun, else by the subject of the clause it is in."""
        for span in self.concepts:
            if span.kb_id_ != "approach" or not (sent.start <= span.start < sent.end) or span.start in taken:
                continue
            holders: list[str] = []
            t = span.root
            for _ in range(6):
                if t.pos_ in ("NOUN", "PROPN"):
                    holders = [h for h in self.noun_holder_strict(t)]
                    if holders:
                        break
                if t.pos_ in ("VERB", "AUX"):
                    holders = self.subject(t)
                    break
                if t.head.i == t.i:
                    break
                t = t.head
            if holders:
                self.add_position(sent, None, holders, "holds", [span], [], 0.7)

    def noun_holder_strict(self, noun: Token) -> list[str]:
        """Only what the noun phrase itself says: its possessive or national adjective."""
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss"):
                m = self.reading.args.mention(c)
                if m is not None and m.label_ in (DEMONYM, "country"):
                    return [m.kb_id_]
                if c.dep_ == "poss":
                    keys = self.agents_of(c)
                    if keys:
                        return keys
        return []

    def judged(self, sent: SpacySpan) -> None:
        """'<subject> is essential / unacceptable / the only path': the subject judged by
        whoever says so."""
        lex = self.lex
        for tok in sent:
            if tok.dep_ not in ("acomp", "attr") or tok.lemma_.lower() not in lex["values"]:
                continue
            cop = tok.head
            if cop.lemma_.lower() not in lex["copulas"] or self.hypothetical(cop):
                continue
            subj = [c for c in cop.children if c.dep_ in ("nsubj", "csubj")]
            if not subj:
                continue
            polarity = lex["values"][tok.lemma_.lower()]
            if _negated(cop) or _negated(tok):
                polarity = "opposes" if polarity == "supports" else "holds"
            tokens = {t.i for t in subj[0].subtree}
            concepts = [s for s in self.concepts if s.root.i in tokens]
            if not concepts:
                continue
            holders = self.judge_of(cop)
            if holders:
                self.add_position(sent, cop, holders, polarity, concepts, [], 0.65)

    def stated(self, sent: SpacySpan, taken: set[int]) -> None:
        """'Lima says no sanctions can be eased': an issue that is an argument of the clause a
        stating verb reports is the subject's position; a negated clause rejects it."""
        lex = self.lex
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex["stating_verbs"] or _negated(verb) or \
                    self.hypothetical(verb):
                continue
            for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                args = {c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")}
                concepts = [s for s in self.concepts if s.start not in taken and s.kb_id_ == "issue" and
                            (s.root.i in args or s.root.i == clause.i or clause.i in range(s.start, s.end))]
                if not concepts:
                    continue
                holders = self.subject(verb)
                if not holders:
                    continue
                negated = _negated(clause) or any(
                    _negated(t) for s in concepts for t in s if t.pos_ in ("NOUN", "VERB", "AUX"))
                obliged = any(c.dep_ == "aux" and c.lower_ in lex["obligation_modals"] for c in clause.children)
                if verb.lemma_.lower() in lex["plain_stating_verbs"] and not (negated or obliged):
                    continue  # a report of what happens, not a position
                self.add_position(sent, None, holders, "opposes" if negated else "holds", concepts, [], 0.6)
                taken.update(s.start for s in concepts)

    def judge_of(self, cop: Token) -> list[str]:
        """Who says the clause of this copula: a governing verb of saying or believing, a
        parenthetical 'they said', or the speaker of the words it is in."""
        lex = self.lex
        head = cop.head if cop.dep_ == "ccomp" else None
        if head is not None and head.lemma_.lower() in lex["judging_verbs"]:
            return self.subject(head)
        for c in cop.children:
            if c.dep_ == "parataxis" and c.lemma_.lower() in lex["judging_verbs"]:
                return self.subject(c)
        return self.speaker_at(cop)

    def evaluative(self, sent: SpacySpan) -> None:
        """In words someone said: 'It restarted the exercises only to sour relations' - the
        speaker rejects what the clause did."""
        for tok in sent:
            # "only to <verb>" (the parser may read "to" as a preposition): read the words
            if tok.lower_ not in self.lex["evaluative"] or tok.i + 1 >= sent.end or self.doc[tok.i + 1].lower_ != "to":
                continue
            action = next((a for a in tok.ancestors if a.pos_ == "VERB" and a.i < tok.i), None)
            if action is None:
                continue
            speakers = self.speaker_at(tok)
            if not speakers:
                continue
            tokens: set[int] = set()
            for v in [action, *action.conjuncts]:
                for c in v.children:
                    if c.dep_ in ("dobj", "prep", "xcomp"):
                        tokens.update(t.i for t in c.subtree)
                tokens.add(v.i)
            concepts = [s for s in self.concepts if sent.start <= s.start < sent.end and
                        any(i in tokens for i in range(s.start, s.end))]
            if concepts:
                self.add_position(sent, None, speakers, "opposes", concepts, [], 0.65)


def read_positions(reading: ArticleReading) -> list[Position]:
    reader = None
    with reading.guard("the positions"):  # each sentence is guarded inside; this is the net
        reader = PositionReader(reading)
        reader.read()
    return reader.positions if reader is not None else []
