"""Statements: quoted and reported words with their speaker, and what they are about.

Read off the layout (blocks, turns), the parse, the argument reader (speakers through
mentions and coreference), the issues layer (topics) and the time layer (statedOn). The
English it knows is data: `builder/patterns/reporting.yaml`.

- Quotations in running text (`quotations.py` finds them). The speaker is the subject of
  the reporting verb that governs the quotation or stands beside it, in the sentence that
  holds the quotation's end or its start ('"We are ready," Holm said'; 'Rossi called the
  plan "dead on arrival"'; '"...," said the minister'), a pronoun or surname resolved by
  coreference; 'A quoted B as saying' gives B; 'according to B' gives B. A quotation
  standing alone, or continuing a paragraph-long quotation into the next paragraph, is the
  previous quotation's speaker's.
- Reported speech without quotation marks: a reporting verb with a clause ('Holm said she
  takes no orders from Rossi'), or a speech act with its object ('Lima condemned the
  launch'); a parenthetical '..., officials said' makes the sentence the officials' (and
  nobody's when they are not named), not its subject's.
- Turns, soundbites, introduced statements and an article in its speaker's own voice:
  `statement_turns.py`.

`about`: the people and organisations the reported words name (not the speaker), and what
'said of X' names. `topics`: the issues named in the statement's words. `date`: the time
attached to the reporting verb. No statement is given to a place, a post or the article's own outlet
(another outlet quoted as a source speaks: "KCNA said").
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Span, Statement
from ..nlp.layers import ISSUES, MENTIONS, REFERENCES
from .holders import NOT_AGENTS, RELATIVE, SUBJECTS, actors, parenthetical_head, participle_controller
from .quotations import Quote, clean, quotes_in
from .reading import ArticleReading
from .stance_words import negated
from .statement_turns import TurnReading


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("builder").joinpath("patterns/reporting.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out = {k: frozenset(w.lower() for w in v) if isinstance(v, list) else v for k, v in data.items()}
    out["speech_act_needs"] = {k: frozenset(v) for k, v in (data.get("speech_act_needs") or {}).items()}
    return out


ABOUT_KINDS = ("person", "organization", "ministry", "government", "institute", "international", "workinggroup")


class StatementReader(TurnReading):
    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.doc = reading.doc
        self.lex = lexicon()
        self.statements: list[Statement] = []
        self.spoken: list[tuple[int, int, list[str]]] = []  # (start, end, speakers) of words said
        self.used_verbs: set[int] = set()
        self._refs = {i: s for s in self.doc.spans[REFERENCES] for i in range(s.start, s.end)}
        self._mentions = {i: s for s in self.doc.spans[MENTIONS] for i in range(s.start, s.end)}
        self.text = self.doc._.text
        self.sent_of = [None] * len(self.doc)
        for sent in self.doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_of[i] = sent

    # --- speakers -------------------------------------------------------------------------

    def agents(self, tok: Token) -> list[str]:
        """The speakers a token stands for: agents, and an outlet other than the article's own
        ("KCNA said", "the website said": a source; the publisher reporting is no speaker)."""
        own = {self.reading.kb.lookup(x).key for x in (self.reading.article.outlet, self.reading.article.agency)
               if x and self.reading.kb.lookup(x) is not None}
        return [k for k in actors(self.reading, tok, outlets=True) if k not in own]

    def subject_of(self, verb: Token, inside=lambda t: False) -> list[str]:
        """The speakers a reporting verb names: its subject, through relative pronouns,
        coordinated and subordinate verbs, a participle after a parenthetical '..., she said,
        calling it ...' (hers); for 'A quoted B as saying', B."""
        lex = self.lex
        t = verb
        for _ in range(4):
            quoting = None  # "A quoted B as saying ...": B
            if t.lemma_.lower() == "say" and any(c.lower_ == "as" for c in t.children) and \
                    t.head.lemma_.lower() in lex["quoting"]:
                quoting = t.head
            elif t.lemma_.lower() == "say" and t.head.lower_ == "as" and t.head.head.lemma_.lower() in lex["quoting"]:
                quoting = t.head.head
            if quoting is not None:
                objs = [c for c in quoting.children if c.dep_ in ("dobj", "nsubjpass")]
                return self.agents(objs[0]) if objs else []
            subj = [c for c in t.children if c.dep_ in SUBJECTS and not inside(c)]
            if subj:
                s = subj[0]
                if s.lower_ in RELATIVE and t.dep_ == "relcl":
                    return self.agents(t.head)
                if t.dep_ == "relcl" and s.lower_ not in RELATIVE:
                    return self.agents(s)
                for s in subj:  # "The talks, said Rojas, were ...": the parser may give two subjects
                    agents = self.agents(s) or self.source_of(s)  # "the ministry's statement said"
                    if agents:
                        return agents
                return []
            said = participle_controller(t, lex["reported"])
            if said is not None:  # "..., she said, describing it as ...": hers
                t = said
                continue
            if t.dep_ in ("conj", "advcl", "xcomp", "ccomp") and t.head.i != t.i and t.dep_ != "ccomp":
                t = t.head
                continue
            break
        return []

    def according_to(self, sent: SpacySpan, inside) -> list[str]:
        """'according to B', 'according to a statement from B', '... to B's statement'."""
        for tok in sent:
            if tok.lower_ == "according" and not inside(tok):
                for to in tok.children:
                    if to.lower_ == "to":
                        for obj in to.children:
                            if obj.dep_ == "pobj":
                                return self.agents(obj) or self.source_of(obj)
        return []

    def source_of(self, noun: Token) -> list[str]:
        """Whose a statement noun is: 'a statement from / by / of B', 'B's statement'."""
        if noun.lemma_.lower() not in self.lex["intro_nouns"]:
            return []
        for c in noun.children:
            if c.dep_ == "poss":
                return self.agents(c)
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        return self.agents(obj)
        return []

    def reporting_verbs(self, sent: SpacySpan, qtoks: list[Token], inside) -> list[Token]:
        """The candidate attribution verbs of a quotation within one sentence, nearest first:
        its ancestors outside it, else the one attribution verb beside it."""
        verbs = self.lex["attribution"]
        out: list[Token] = []
        for t in qtoks:
            for a in t.ancestors:
                if not inside(a) and a.lemma_.lower() in verbs and a.pos_ in ("VERB", "AUX") and a not in out:
                    out.append(a)
        beside = [t for t in sent if not inside(t) and t.pos_ == "VERB" and t.lemma_.lower() in verbs]
        if not out and len(beside) == 1:
            out = beside
        return out

    # --- what statements are about --------------------------------------------------------

    def named_in(self, tokens) -> list[str]:
        """People and organisations named (by a name, not a pronoun) among the tokens, and
        countries named as actors in them ("said Chile had broken its word"), not as places
        ("talks in Chile") or modifiers ("Chilean fishermen")."""
        out: list[str] = []
        for t in tokens:
            span = self._mentions.get(t.i) or self._refs.get(t.i)
            if span is None or not span.text[:1].isupper() or t.pos_ == "PRON":
                continue  # "I" is upper-case too
            if span.root.dep_ in ("compound", "amod", "nmod"):
                continue  # "a Security Council resolution" is about the resolution
            root = span.root
            actor = root.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "poss") or (
                root.dep_ == "pobj" and root.head.lower_ in self.lex["about_actor_preps"])
            for key in (t._.referents or ()):
                kind = self.reading.kind_of(key)
                if (kind in ABOUT_KINDS or (kind == "country" and actor and span.label_ == "country")) and \
                        key not in out:
                    out.append(key)
        return out

    def about_of(self, verb: Token | None, words, speakers: list[str]) -> list[str]:
        out: list[str] = []
        if verb is not None:
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ in self.lex["about_preps"]:
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            out += [k for k in self.reading.args.agents(obj)
                                    if self.reading.kind_of(k) not in NOT_AGENTS]
        out += self.named_in(words)
        countries = {self.reading.entities[s].country for s in speakers if s in self.reading.entities}
        return [k for i, k in enumerate(out) if k not in speakers and k not in countries and k not in out[:i]]

    def topics_in(self, start: int, end: int) -> list[str]:
        out: list[str] = []
        for s in self.doc.spans[ISSUES]:
            if s.kb_id_ == "issue" and s.start_char >= start and s.end_char <= end and s.label_ not in out:
                out.append(s.label_)
        return out

    def date_of(self, verb: Token | None, inside=lambda t: False) -> str | None:
        if verb is None:
            return None
        for c in verb.children:
            if c.dep_ in ("prep", "npadvmod", "advmod", "tmod", "pobj") and not inside(c):
                value = self.reading.args.time(c)
                if value is not None and value.start:
                    return value.start
        return None

    # --- records --------------------------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        body = self.text
        text = body[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        return Span(start + lead, start + lead + len(text), text)

    def add(self, speaker: str, evidence: Span, quote: str | None, about: list[str], topics: list[str],
            date: str | None, confidence: float) -> None:
        for st in self.statements:
            if st.speaker == speaker and st.evidence[0] == evidence and (st.quote == quote or quote is None):
                return
            if st.speaker == speaker and quote is not None and st.quote == quote:
                return
        self.statements.append(Statement(evidence=[evidence], confidence=confidence, speaker=speaker, quote=quote,
                                         about=about, topics=topics, date=date))

    # --- the readers ----------------------------------------------------------------------

    def read(self) -> list[Statement]:
        blocks = self.doc._.blocks or []
        self.read_turns(blocks)
        self.read_introduced(blocks)
        self.read_own_voice(blocks)
        self.read_quotes(blocks)
        self.read_reported()
        return self.statements
    def read_quotes(self, blocks) -> None:
        """Quotations paragraph by paragraph. A quotation with no attribution of its own is
        the previous one's speaker's when it stands alone, in the same paragraph or in the
        paragraph right after one that ended with a quotation of that speaker."""
        carry: list[str] = []
        for block in blocks:
            if block.kind != "text":
                if block.kind != "cue":
                    carry = []
                continue
            quotes = quotes_in(self.text[block.text_start:block.end], block.text_start)
            last: list[str] = []
            for q in quotes:
                with self.reading.guard("a quotation"):
                    last = self.quote(q, quotes, last or carry) or []
            carry = last
    def quote(self, q: Quote, quotes: list[Quote], previous: list[str]) -> list[str]:
        doc = self.doc
        words = clean(self.text[q.start:q.end])
        if not words:
            return []
        qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
        if qspan is None:
            return []
        words_of = [t for t in qspan if not t.is_punct]
        if words_of and any(s.start <= words_of[0].i and words_of[-1].i < s.end for s in self.doc.spans[ISSUES]):
            return []  # the quoted words name an issue or an approach ('demands a "big deal"'): a name
        marks = [(x.start - 1, x.end + 1) for x in quotes]

        def inside(t: Token) -> bool:
            return any(a <= t.idx < b for a, b in marks)

        sents = []
        for t in (qspan[-1], qspan[0]):
            if self.sent_of[t.i] not in sents:
                sents.append(self.sent_of[t.i])
        for s in {self.sent_of[t.i] for t in qspan}:
            if s not in sents:
                sents.append(s)
        speakers, verb = [], None
        for sent in sents:
            qtoks = [t for t in sent if q.start <= t.idx < q.end]
            for verb in self.reporting_verbs(sent, qtoks, inside):
                speakers = self.subject_of(verb, inside)
                if speakers:
                    break
            else:
                verb = None
            if speakers:
                break
            speakers = self.according_to(sent, inside)
            if speakers:
                verb = None
                break
        confidence = 0.85
        covering = sorted(sents, key=lambda s: s.start)
        if not speakers:
            alone = all(inside(t) or t.is_punct or t.is_space for s in covering for t in s)
            if not (alone and previous):
                return []
            speakers, confidence = previous, 0.7
        if len(words.split()) < 2 and (verb is None or not (
                verb.lemma_.lower() in self.lex["characterizing"] or
                (words[:1].islower() and not any(ch.isdigit() for ch in words)))):
            return []  # one quoted word: a name or a title ("Aurora-2"), unless it is a word of the speaker
        if verb is not None:
            self.used_verbs.add(verb.i)
        start = covering[0].start_char
        end = max(covering[-1].end_char, q.end)
        evidence = self.span(start, end)
        complement = [t for t in qspan]
        if verb is not None:  # what the verb reports, not the rest of the sentence
            complement += [t for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd")
                           for t in c.subtree if not self.is_speaker_token(t, verb)]
        about = self.about_of(verb, complement, speakers)
        topics = self.topics_in(q.start, q.end) or self.topics_in(start, end)
        date = self.date_of(verb, inside)
        self.spoken.append((q.start, q.end, speakers))
        for who in speakers:
            self.add(who, evidence, words, about, topics, date, confidence)
        return speakers

    @staticmethod
    def is_speaker_token(t: Token, verb: Token | None) -> bool:
        """The speaker's words or the addressee's ('told the council that ...'), not what the
        statement is about."""
        if verb is None:
            return False
        clause = any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
        return any(t.i in range(c.left_edge.i, c.right_edge.i + 1) for c in verb.children
                   if c.dep_ in SUBJECTS or (clause and c.dep_ in ("dobj", "dative")))

    def parenthetical_of(self, tok: Token) -> Token | None:
        return parenthetical_head(tok, self.lex["reported"])

    def parenthetical_report(self, tok: Token) -> bool:
        """The verb's clause is reported by a verb of saying after it ('..., officials said')."""
        t = tok
        while t.dep_ in ("conj", "xcomp") and t.head.i != t.i and self.parenthetical_of(t) is None:
            t = t.head
        head = t.head
        if t.dep_ in ("ccomp", "parataxis") and head.i > t.i and head.pos_ == "VERB" and \
                head.lemma_.lower() in self.lex["reported"]:
            return True
        return any(self.parenthetical_of(c) is not None for c in t.children)

    def read_reported(self) -> None:
        """Reported speech without quotation marks, sentence by sentence."""
        lex = self.lex
        quoted = [(s.evidence[0].start, s.evidence[0].end) for s in self.statements]
        for block in self.doc._.blocks or []:
            if block.kind != "text":
                continue
            for tok in self.block_tokens(block):
                lemma = tok.lemma_.lower()
                if tok.pos_ != "VERB" or tok.i in self.used_verbs:
                    continue
                clause = [c for c in tok.children if c.dep_ == "ccomp" or
                          (c.dep_ == "xcomp" and lemma in lex["reported_infinitive"])]
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                reported = self.parenthetical_of(tok)
                if reported is not None:  # "Oslo condemned the launch, officials said"
                    clause, objs = [reported], []
                elif self.parenthetical_report(tok):
                    continue  # the officials' words, not Oslo's
                if not ((lemma in lex["reported"] and clause) or (lemma in lex["speech_acts"] and (objs or clause))):
                    continue
                needs = lex["speech_act_needs"].get(lemma)
                if needs and not (lemma in lex["reported"] and clause) and \
                        not any(c.dep_ in needs or c.lower_ in needs for c in tok.children):
                    continue  # "called a meeting", "dismissed the minister"
                if negated(tok):  # "did not say", "never said", "nobody said"
                    continue
                sent = self.sent_of[tok.i]
                if any(a <= sent.start_char < b or a < sent.end_char <= b for a, b in quoted):
                    continue
                with self.reading.guard("a reported statement", sent):
                    speakers = self.subject_of(tok)
                    if not speakers:
                        continue
                    words = [t for c in (clause or objs) for t in c.subtree  # not the addressee of 'told X that'
                             if reported is None or not tok.left_edge.i <= t.i <= tok.right_edge.i]
                    about = self.about_of(tok, words, speakers)
                    ev = self.reading.evidence(sent)
                    topics = self.topics_in(sent.start_char, sent.end_char)
                    for who in speakers:
                        self.add(who, ev, None, about, topics, self.date_of(tok), 0.7)
                    self.used_verbs.add(tok.i)
            for tok in self.block_tokens(block):  # "..., according to B": B's statement
                if tok.lower_ != "according":
                    continue
                sent = self.sent_of[tok.i]
                if any(a <= sent.start_char < b or a < sent.end_char <= b for a, b in quoted):
                    continue
                with self.reading.guard("a reported statement", sent):
                    speakers = self.according_to(sent, lambda t: False)
                    words = [t for t in sent if not (tok.i <= t.i <= tok.right_edge.i)]
                    about = self.about_of(None, words, speakers)
                    for who in speakers:
                        self.add(who, self.reading.evidence(sent), None, about,
                                 self.topics_in(sent.start_char, sent.end_char), None, 0.65)


def statement_reader(reading: ArticleReading) -> StatementReader:
    """The article's statements, read once and shared (the position reader asks who said
    which words: 'we' in a minister's quotation is the minister's side)."""
    reader = reading.__dict__.get("_statements")
    if reader is None:
        with reading.guard("the statements"):  # each fact is guarded inside; this is the net
            reader = reading.__dict__["_statements"] = StatementReader(reading)
            reader.read()
        if reader is None:  # the reader could not even start: no statements, no spoken words
            reader = reading.__dict__["_statements"] = SimpleNamespace(statements=[], spoken=[], lex=lexicon())
    return reader


def read_statements(reading: ArticleReading) -> list[Statement]:
    return statement_reader(reading).statements
