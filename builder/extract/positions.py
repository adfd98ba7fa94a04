"""Policy positions: who holds which stance on which issue, backing or rejecting what.

A stance word (`stance_words.py`, the English in `builder/patterns/stances.yaml`: verbs,
nouns, adjectives after a copula, each supports / opposes / holds) governs a target: its
object, clause or preposition's object. The issues and approaches the issues layer found in
the target (`doc.spans["issues"]`) are what the position is on, follows, supports or opposes
(one position per issue: "backs easing sanctions and resuming talks" is two); the bodies
named there are what it supports or opposes. The polarity of each target is read
along the path from the stance word down to it (`StanceWords.path_polarity`).

The holder (`holders.py`): a stance verb's subject or passive agent, a stance noun's national
adjective, compound or possessive, an adjective's copula's subject, a group noun acting for a
state, "I" / "we" in someone's words (the speaker); an outlet only in its own editorial voice
(the subject or possessive of its own stance word: "the newspaper condemned the plan").

Positions stated without a stance word over the concept (a named approach alone, "X is
essential", "Lima says no sanctions can be eased", "did X only to sour relations") are read
by the clause readers of `position_clauses.py`. No position is made from a question, an
asker's turn, a condition ("if"), or when it would name no issue, approach or body.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Position
from ..nlp.layers import ISSUES
from ..nlp.layout import generic_speaker
from .holders import Holders, governing_verb
from .position_clauses import ClauseReaders
from .reading import ArticleReading
from .stance_words import StanceWords, lexicon
from .statements import statement_reader

TARGET_KINDS = ("organization", "ministry", "government", "institute", "international", "workinggroup")


def _compatible(a, b) -> bool:
    return a == b or a is None or b is None


class PositionReader(ClauseReaders):
    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.doc = reading.doc
        self.lex = lexicon()
        statements = statement_reader(reading)
        self.holders = Holders(reading, self.lex, statements.spoken, statements.lex["reported"])
        self.words = StanceWords(reading, self.holders)
        self.concepts = list(self.doc.spans[ISSUES])
        self.positions: list[Position] = []

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
        for tok in sent:
            c = self.words.cue(tok)
            if c is None or self.words.hypothetical(tok):
                continue
            polarity, kind = c
            target = self.words.target(tok, kind)
            if not target:
                continue
            holders = self.holders_of(tok, kind)
            if holders:
                found.append((tok, target, holders, polarity, kind))
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
            if not concepts and not entities:
                continue
            taken.update(s.start for s in concepts)
            self.add_position(sent, tok, holders, polarity, concepts, entities, 0.75 if concepts else 0.6)
        self.unattached_approaches(sent, taken)
        self.evaluative(sent)
        self.judged(sent)
        self.stated(sent, taken)

    def holders_of(self, tok: Token, kind: str) -> list[str]:
        """The holders of a stance word; an outlet only as its own word's subject or possessive."""
        holders = self.holders
        if kind == "verb":
            return holders.subject(tok, outlets=True)
        if kind == "noun":
            return holders.of_noun(tok, outlets=True)
        if kind == "intention":  # "has no intention of ...": the noun's holder, else the verb's subject
            verb = governing_verb(tok)
            return holders.of_noun(tok, outlets=True) or (holders.subject(verb, outlets=True) if verb is not None else [])
        if kind == "participle":
            subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
            return holders.agents_of(subj[0], outlets=True) if subj else holders.subject(tok, outlets=True)
        return holders.subject(tok.head, outlets=True)  # an adjective: its copula's subject

    def add_position(self, sent, cue, holders, polarity, concepts, entities, confidence) -> None:
        """One position per issue the stance is on (each backed, rejected, or only held), the
        approach and the bodies backed or rejected with the first."""
        approach = None
        issues: list[tuple[str, str]] = []  # (issue, polarity toward it)
        supports: list[str] = []
        opposes: list[str] = []
        for span in concepts:
            pol = self.words.path_polarity(span, cue, polarity, holders) if cue is not None else polarity
            name = span.label_
            if span.kb_id_ == "approach":
                if pol == "other":
                    continue
                if pol == "opposes":
                    opposes.append(f"issue:{name}")
                elif approach is None:
                    approach = f"coined:{span.id_}" if span.id_ else name
                continue
            if all(n != name for n, _ in issues):  # "other": the issue is in someone else's clause, held only
                issues.append((name, pol))
        for key, root in entities:
            pol = polarity
            if cue is not None:
                pol = self.words.path_polarity(self.doc[root.i:root.i + 1], cue, polarity, holders)
            if pol == "supports":
                supports.append(key)
            elif pol == "opposes":
                opposes.append(key)
        if not (issues or approach or supports or opposes):
            return  # "is ready for the meeting": a stance on nothing the graph can name says nothing
        ev = self.reading.evidence(sent)
        for holder in holders:
            if holder in supports or holder in opposes:
                continue
            for n, (name, pol) in enumerate(issues or [(None, None)]):
                own_s = [f"issue:{name}"] if pol == "supports" else []
                own_o = [f"issue:{name}"] if pol == "opposes" else []
                if n == 0:
                    own_s += [x for x in supports if x != holder]
                    own_o += [x for x in opposes if x != holder]
                self.add(Position(evidence=[ev], confidence=confidence, holder=holder, issue=name,
                                  approach=approach if n == 0 else None, supports=own_s, opposes=own_o))

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


def read_positions(reading: ArticleReading) -> list[Position]:
    reader = None
    with reading.guard("the positions"):  # each sentence is guarded inside; this is the net
        reader = PositionReader(reading)
        reader.read()
    return reader.positions if reader is not None else []
