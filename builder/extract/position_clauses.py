"""Positions stated without a stance word governing the concept: four clause shapes.

Each reader looks at one sentence and hands what it finds to `PositionReader.add_position`
(`positions.py`), which mixes these in; they use its `holders` (`holders.py`), `words`
(`stance_words.py`), `lex` and `concepts` (the issues layer).

- `unattached_approaches`: a named approach no stance word governs is held by the
  possessive or national adjective of its noun, else by the subject of its clause ("Lima's
  step-by-step approach").
- `judged`: "<subject> is essential / unacceptable / the only path" - the subject judged by
  whoever says so (a governing verb of saying or believing, a parenthetical "they said", or
  the speaker of the words).
- `stated`: a stating verb's clause with an issue as its argument ("Lima says no sanctions
  can be eased"): the subject's position, rejected when the clause is negated. A plain verb
  of saying reports a position only with an obligation or the holder's own refusal ("said it
  would not ease the sanctions"), never a forecast ("said the sanctions would not be lifted").
- `evaluative`: in someone's words, "did X only to <verb>" is the speaker rejecting X ("It
  restarted the exercises only to sour relations"), unless the verb says what they found out
  ("only to find ...").
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .holders import parenthetical_head
from .stance_words import denied, negated


class ClauseReaders:
    def unattached_approaches(self, sent: SpacySpan, taken: set[int]) -> None:
        for span in self.concepts:
            if span.kb_id_ != "approach" or not (sent.start <= span.start < sent.end) or span.start in taken:
                continue
            holders: list[str] = []
            t = span.root
            for _ in range(6):
                if t.pos_ in ("NOUN", "PROPN"):
                    holders = self.holders.of_noun(t, strict=True)
                    if holders:
                        break
                if t.pos_ in ("VERB", "AUX"):
                    holders = self.holders.subject(t)
                    break
                if t.head.i == t.i:
                    break
                t = t.head
            if holders:
                self.add_position(sent, None, holders, "holds", [span], [], 0.7)

    def judged(self, sent: SpacySpan) -> None:
        lex = self.lex
        for tok in sent:
            if tok.dep_ not in ("acomp", "attr") or tok.lemma_.lower() not in lex["values"]:
                continue
            cop = tok.head
            if cop.lemma_.lower() not in lex["copulas"] or self.words.hypothetical(cop):
                continue
            subj = [c for c in cop.children if c.dep_ in ("nsubj", "csubj")]
            if not subj:
                continue
            polarity = lex["values"][tok.lemma_.lower()]
            if negated(cop) or negated(tok):
                polarity = denied(polarity)
            tokens = {t.i for t in subj[0].subtree}
            concepts = [s for s in self.concepts if s.root.i in tokens]
            if not concepts:
                continue
            holders = self.judge_of(cop)
            if holders:
                self.add_position(sent, cop, holders, polarity, concepts, [], 0.65)

    def judge_of(self, cop: Token) -> list[str]:
        """Who says the clause of this copula."""
        lex = self.lex
        head = cop.head if cop.dep_ == "ccomp" else None
        if head is not None and head.lemma_.lower() in lex["judging_verbs"]:
            return self.holders.subject(head)
        for c in cop.children:
            if c.dep_ == "parataxis" and c.lemma_.lower() in lex["judging_verbs"] or \
                    parenthetical_head(c, lex["judging_verbs"]) is not None:
                return self.holders.subject(c)  # "..., they said"
        return self.holders.speaker_at(cop)

    def stated(self, sent: SpacySpan, taken: set[int]) -> None:
        lex, words = self.lex, self.words
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex["stating_verbs"] or negated(verb) or \
                    words.hypothetical(verb):
                continue
            clauses = [c for c in verb.children if c.dep_ == "ccomp"]
            reported = parenthetical_head(verb, lex["stating_verbs"])  # "Sanctions must stay, she said"
            for clause in clauses or ([reported] if reported is not None else []):
                args = {c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")}
                concepts = [s for s in self.concepts if s.start not in taken and s.kb_id_ == "issue" and
                            (s.root.i in args or s.root.i == clause.i or clause.i in range(s.start, s.end))]
                if not concepts:
                    continue
                holders = self.holders.subject(verb)
                if not holders:
                    continue
                denial = negated(clause) or any(
                    negated(t) for s in concepts for t in s if t.pos_ in ("NOUN", "VERB", "AUX"))
                modals = {c.lower_ for c in clause.children if c.dep_ == "aux"}
                obliged = bool(modals & lex["obligation_modals"]) or (denial and bool(modals & lex["denial_modals"]))
                # "said the sanctions would not be lifted": a forecast, unless the holder says
                # what it will not do itself ("said it would not ease the sanctions")
                own = words.own_subject(clause, holders)
                if verb.lemma_.lower() in lex["plain_stating_verbs"] and not (obliged or (denial and own)):
                    continue  # a report of what happens, not a position
                polarity = "holds" if not denial or words.forecast(clause, holders) else "opposes"
                for span in concepts:
                    # "said it will never give up its weapons": denying a reversal rejects nothing
                    pol = "holds" if words.reverses(clause, span) else polarity
                    self.add_position(sent, None, own or holders, pol, [span], [], 0.6)
                taken.update(s.start for s in concepts)

    def evaluative(self, sent: SpacySpan) -> None:
        for tok in sent:
            # "only to <verb>" (the parser may read "to" as a preposition): read the words
            if tok.lower_ not in self.lex["evaluative"] or tok.i + 1 >= sent.end or self.doc[tok.i + 1].lower_ != "to":
                continue
            action = next((a for a in tok.ancestors if a.pos_ == "VERB" and a.i < tok.i), None)
            if action is None:
                continue
            after = tuple(t.lemma_.lower() for t in self.doc[tok.i + 2:min(tok.i + 4, sent.end)])
            if any(after[:len(r)] == r for r in self.lex["frustrated_results"]):
                continue  # "only to find ...": what came of it, no judgement
            speakers = self.holders.speaker_at(tok)
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
