"""Policy positions: who holds which stance on which issue, with which named approach.

A sentence that names an issue or an approach ("a big deal", "in a phased manner", "a road
map") or that criticises or backs a body (the working group) yields a position; its holder
is the subject of the verb that governs the phrase, with metonymy resolved ("Washington
demands" -> the United States, "the North" -> North Korea, "the Trump administration").
"""
from __future__ import annotations

from ...model import Position
from .context import ArticleContext, Sentence
from .lexicon import APPROACH_ISSUE, OPPOSE, SAY_VERBS, STANCE, STANCE_NOUNS, approach_in, issues_in


class PositionReader:
    def __init__(self, ctx: ArticleContext, working_groups: dict[tuple[int, int], str]):
        self.ctx = ctx
        self.working_groups = working_groups
        self.positions: list[Position] = []

    def _holder(self, sent: Sentence, tok) -> tuple[str | None, list]:
        """Walk up from a phrase to the first stance verb whose subject is an agent."""
        chain = []
        t = tok
        reported = None  # "he argued that Washington went ... hoping to fix ...": Washington holds it
        for _ in range(8):
            chain.append(t)
            if reported is None and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() not in SAY_VERBS:
                for c in t.children:
                    if c.dep_ == "nsubj":
                        key = self._agent(sent, c)
                        if key and self.ctx.kind_of(key) not in ("person", "place", "post", ""):
                            reported = key
            if reported and t.lemma_.lower() in SAY_VERBS:
                return reported, chain
            stance = t.lemma_.lower() in STANCE or any(
                c.dep_ == "acomp" and c.lemma_.lower() in STANCE for c in t.children)
            if stance and t.pos_ in ("VERB", "AUX"):
                subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
                if not subjects and t.dep_ in ("advcl", "xcomp", "conj") and t.head.i != t.i:
                    # "Washington went to Stockholm hoping to fix the end state": the clause's subject
                    subjects = [c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                for c in subjects:
                    key = self._agent(sent, c)
                    if key:
                        return key, chain
            if t.pos_ == "NOUN" and t.lemma_.lower() in STANCE_NOUNS:
                for c in t.children:
                    if c.dep_ == "poss":
                        key = self._agent(sent, c)
                        if key:
                            return key, chain
            if t.head.i == t.i:
                break
            t = t.head
        return None, chain

    def _agent(self, sent: Sentence, tok) -> str | None:
        return self.ctx.agent_of(sent, tok, ("compound", "poss"))

    def read(self) -> list[Position]:
        ctx = self.ctx
        for sent in ctx.sentences:
            if sent.caption:
                continue
            text = sent.text
            approach = approach_in(text)
            issues = issues_in(text)
            targets = [(k, tok) for (para, i), k in self.working_groups.items()
                       if para == sent.para and sent.span.start <= i < sent.span.end
                       for tok in [ctx.docs[para][i]]]
            if not approach and not issues and not targets:
                continue
            anchors = self._anchors(sent, approach, issues)
            for wg, tok in targets:
                holder, chain = self._holder(sent, tok)
                if holder and holder != wg and any(t.lemma_.lower() in OPPOSE for t in chain):
                    self._add(sent, holder, None, None, opposes=[wg])
                elif holder and holder != wg and any(t.lemma_.lower() in ("support", "back", "welcome") for t in chain):
                    self._add(sent, holder, None, None, supports=[wg])
            for anchor, this_approach, this_issue in anchors:
                holder, chain = self._holder(sent, anchor)
                if holder is None or ctx.kind_of(holder) in ("place", "post", ""):
                    continue
                negative = any(t.lemma_.lower() in OPPOSE or any(c.dep_ == "neg" for c in t.children) for t in chain)
                issue = next((i for i in issues if i != "SanctionsRelief"), None) if this_approach else this_issue
                if this_approach and issue is None:
                    issue = APPROACH_ISSUE.get(this_approach)
                supports, opposes = [], []
                if "SanctionsRelief" in issues:
                    (opposes if negative else supports).append("issue:SanctionsRelief")
                self._add(sent, holder, issue, this_approach, supports=supports, opposes=opposes,
                          confidence=0.8 if this_approach else 0.65)
        return self.positions

    def _anchors(self, sent: Sentence, approach: str | None, issues: list[str]) -> list:
        """Where each named approach is written (one position each: "Washington demands a big
        deal, while Pyongyang wants a phased approach"), else where the first issue is."""
        from .lexicon import APPROACHES, ISSUES

        doc = sent.span.doc
        out, seen = [], set()
        for pattern, name in APPROACHES:
            for m in pattern.finditer(sent.text):
                span = doc.char_span(sent.span.start_char + m.start(), sent.span.start_char + m.end(),
                                     alignment_mode="expand")
                if span is not None and not any(span.start <= i < span.end for i in seen):
                    out.append((span[0], name))
                    seen.update(range(span.start, span.end))
        if out:
            return [(tok, name, None) for tok, name in out]
        for pattern, name in ISSUES:  # no approach named: one position per issue the sentence names
            m = pattern.search(sent.text)
            if m and name in issues:
                span = doc.char_span(sent.span.start_char + m.start(), sent.span.start_char + m.end(),
                                     alignment_mode="expand")
                if span is not None and not any(span.start <= i < span.end for i in seen):
                    out.append((span[0], None, name))
                    seen.update(range(span.start, span.end))
        return out

    def _add(self, sent, holder, issue, approach, supports=(), opposes=(), confidence=0.75):
        ev = self.ctx.evidence(sent)
        for p in self.positions:
            if p.holder == holder and p.issue == issue and p.approach == approach and ev in p.evidence:
                p.supports += [s for s in supports if s not in p.supports]
                p.opposes += [o for o in opposes if o not in p.opposes]
                return
        self.positions.append(Position(evidence=[ev], confidence=confidence, holder=holder, issue=issue,
                                       approach=approach, supports=list(supports), opposes=list(opposes)))
