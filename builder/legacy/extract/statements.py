"""Statements: quoted words with their speaker, and reported statements (threats, criticism).

The speaker of a quote is the subject of the reporting verb in its sentence ("..., Kang told
reporters"; "..., he said", the pronoun resolved), or, for a quote that stands alone, the
speaker of the quote just before it in the paragraph, or of a "NAME (TITLE):" soundbite cue.
"""
from __future__ import annotations

import re

from ...model import Span, Statement
from . import temporal
from .context import ArticleContext, Sentence
from .lexicon import REPORTED, SAY_VERBS, issues_in

_QUOTES = re.compile(r"“([^”]{2,1500})”|\"([^\"]{2,1500})\"|(?<![\w])‘([^’]{2,300})’(?![\w])")


class StatementReader:
    def __init__(self, ctx: ArticleContext):
        self.ctx = ctx
        self.statements: list[Statement] = []

    def _speaker_of(self, sent: Sentence, quote_ranges: list[tuple[int, int]]) -> str | None:
        """Subject of a reporting verb outside the quotes of the sentence."""
        ctx = self.ctx
        para_start = ctx.paras[sent.para].start

        def inside(tok) -> bool:
            pos = para_start + tok.idx
            return any(a <= pos < b for a, b in quote_ranges)

        for tok in sent.span:
            if inside(tok) or tok.pos_ not in ("VERB",) or tok.lemma_.lower() not in SAY_VERBS:
                continue
            t = tok
            for _ in range(3):
                subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and not inside(c)]
                if subj:
                    key = self._agent(sent, subj[0])
                    if key:
                        return key
                    break
                if t.dep_ in ("advcl", "xcomp", "conj") and t.head.i != t.i:
                    t = t.head
                    continue
                break
        return None

    def _agent(self, sent: Sentence, tok) -> str | None:
        return self.ctx.agent_of(sent, tok, ("compound", "appos"))

    def read(self) -> list[Statement]:
        ctx = self.ctx
        body = ctx.article.body
        by_para: dict[int, list[Sentence]] = {}
        for s in ctx.sentences:
            by_para.setdefault(s.para, []).append(s)
        for pi, para in enumerate(ctx.paras):
            if para.caption:
                continue
            sents = by_para.get(pi, [])
            quotes = []
            for m in _QUOTES.finditer(para.text):
                g = next(i for i in (1, 2, 3) if m.group(i) is not None)
                quotes.append((para.start + m.start(g), para.start + m.end(g)))
            ranges = [(a - 1, b + 1) for a, b in quotes]
            last_speaker = None
            cue = re.match(r"^([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})\s*\([^)]*\)\s*:", para.text)
            for a, b in quotes:
                text = body[a:b].strip().rstrip(",").strip()
                covering = [s for s in sents if s.start < b and s.end > a]
                if not covering or not text:
                    continue
                speaker = None
                alone = body[covering[0].start:a - 1].strip() == "" and len(text.split()) >= 4
                nxt = [s for s in sents if s.index == covering[-1].index + 1] if alone else []
                for s in covering + nxt:
                    speaker = self._speaker_of(s, ranges)
                    if speaker:
                        if s not in covering:
                            covering.append(s)
                        break
                if speaker is None and cue:
                    m = ctx.mention_at(covering[0], ctx.docs[pi][0])
                    speaker = m.key if m is not None else None
                if speaker is None and alone:
                    speaker = last_speaker
                if speaker is None or ctx.kind_of(speaker) in ("place", "post", ""):
                    continue
                if len(text.split()) < 2 and not self._reporting_sentence(covering):
                    continue
                last_speaker = speaker
                start, end = covering[0].start, max(s.end for s in covering)
                self._add(Statement(evidence=[Span(start, end, body[start:end])], confidence=0.85 if not alone else 0.7,
                                    speaker=speaker, quote=text, topics=issues_in(text)))
        self._reported()
        return self.statements

    def _reporting_sentence(self, sents) -> bool:
        return any(t.lemma_.lower() in SAY_VERBS for s in sents for t in s.span)

    def _reported(self) -> None:
        ctx = self.ctx
        for sent in ctx.sentences:
            if sent.caption or "“" in sent.text or '"' in sent.text:
                continue
            for tok in sent.span:
                if tok.pos_ != "VERB" or tok.lemma_.lower() not in REPORTED:
                    continue
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                if not subj:
                    continue
                speaker = self._agent(sent, subj[0])
                if not speaker or ctx.kind_of(speaker) in ("place", "post", ""):
                    continue
                date = None
                for c in tok.subtree:
                    if c.ent_type_ == "DATE" and c.head.lower_ in ("on", "in") :
                        span = sent.span.doc[c.left_edge.i:c.right_edge.i + 1]
                        v = temporal.resolve(span.text, ctx.published, "past")
                        date = v.start if v else None
                        break
                self._add(Statement(evidence=[ctx.evidence(sent)], confidence=0.7, speaker=speaker,
                                    topics=issues_in(sent.text), date=date))

    def _add(self, st: Statement) -> None:
        for s in self.statements:
            if s.speaker == st.speaker and s.quote == st.quote and s.evidence == st.evidence:
                return
        self.statements.append(st)
