"""Statements: quoted and reported words with their speaker, and what they are about.

Read off the layout (blocks, turns), the parse, the argument reader (speakers through
mentions and coreference), the issues layer (topics) and the time layer (statedOn). The
English it knows is data: `builder/patterns/reporting.yaml`.

- Quotations in running text. The speaker is the subject of the reporting verb that governs
  the quotation or stands beside it, in the sentence that holds the quotation's end or its
  start ('"We are ready," Holm said'; 'Rossi called the plan "dead on arrival"'; '"...,"
  said the minister'), a pronoun or surname resolved by coreference; 'A quoted B as
  saying' gives B; 'according to B' gives B. A quotation standing alone, or continuing a
  paragraph-long quotation into the next paragraph, is the previous quotation's speaker's.
- Reported speech without quotation marks: a reporting verb with a clause ('Holm said she
  takes no orders from Rossi'), or a speech act with its object ('Lima condemned the launch').
- Transcript turns and soundbites (`Block.kind == "turn"`): the turn's words are the quote,
  its label the speaker (a name, a title and surname, or the interviewee's 'A:'); unlabelled
  first-person paragraphs after a turn continue it.
- A line introducing words that follow ('Holm released the following statement:') makes
  the unquoted first-person paragraphs after it statements by Holm.

`about`: the people and organisations the reported words name (not the speaker), and what
'said of X' names. `topics`: the issues named in the statement's words. `date`: the time
attached to the reporting verb. No statement is given to a place, an outlet or a post.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Span, Statement
from ..names import person_key
from ..nlp.layers import ISSUES, MENTIONS, REFERENCES
from .reading import ArticleReading

NOT_SPEAKERS = ("place", "outlet", "post", "demonym", "")
_RELATIVE = {"who", "that", "which", "whom"}
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Opening and closing marks of a quotation; straight double quotes open and close alike.
_OPEN = {"“": "”", '"': '"', "«": "»"}
_SINGLE = re.compile(r"(?<![\w’'])‘([^‘’\n]*?[^\s‘])’(?![\w])")
_PAREN = re.compile(r"\s*\([^)]*\)")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("builder").joinpath("patterns/reporting.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out = {k: frozenset(w.lower() for w in v) if isinstance(v, list) else v for k, v in data.items()}
    out["speech_act_needs"] = {k: frozenset(v) for k, v in (data.get("speech_act_needs") or {}).items()}
    return out


@dataclass
class Quote:
    start: int  # character offsets of the quoted words, without the marks
    end: int
    closed: bool = True  # False: the paragraph ends inside the quotation


def quotes_in(text: str, offset: int = 0) -> list[Quote]:
    """The quotations of one paragraph, as character ranges of the body."""
    out: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN:
            close = _OPEN[ch]
            j = text.find(close, i + 1)
            if ch == '"' or close != ch:
                # a curly opening mark may also be closed by a straight one
                alt = text.find('"', i + 1) if ch != '"' else -1
                if j < 0 or (0 <= alt < j):
                    j = alt if alt >= 0 else j
            if j < 0:
                out.append(Quote(offset + i + 1, offset + n, closed=False))
                break
            out.append(Quote(offset + i + 1, offset + j))
            i = j + 1
            continue
        i += 1
    for m in _SINGLE.finditer(text):  # ‘single’ quotations, never inside a double one
        a, b = offset + m.start(1), offset + m.end(1)
        if not any(q.start <= a < q.end for q in out) and " " in m.group(1):
            out.append(Quote(a, b))
    return sorted((q for q in out if q.end > q.start), key=lambda q: q.start)


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def _given_name(word: str) -> bool:
    return word[:1].isalpha() and len(word) > 1 and _gender_detector().get_gender(word) != "unknown"


def _title_case(word: str) -> str:
    return word if not word.isupper() else word[:1] + word[1:].lower()


def _clean(text: str) -> str:
    """The quoted words as a quote: trailing commas and outer spaces dropped."""
    return text.strip().rstrip(",").strip()


class StatementReader:
    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.doc = reading.doc
        self.lex = lexicon()
        self.statements: list[Statement] = []
        self.spoken: list[tuple[int, int, list[str]]] = []  # (start, end, speakers) of words said
        self.used_verbs: set[int] = set()
        self._refs = {i: s for s in self.doc.spans[REFERENCES] for i in range(s.start, s.end)}
        self._mentions = {i: s for s in self.doc.spans[MENTIONS] for i in range(s.start, s.end)}
        self.text = self.doc.text  # Doc.text and Token.sent are computed on each call: once per Doc here
        self.sent_of = [None] * len(self.doc)
        for sent in self.doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_of[i] = sent

    # --- speakers -------------------------------------------------------------------------

    def agents(self, tok: Token) -> list[str]:
        keys = [k for k in self.reading.args.agents(tok) if self.reading.kind_of(k) not in NOT_SPEAKERS]
        m = self.reading.args.mention(tok)
        if not keys and m is not None and m.label_ == "demonym" and tok.pos_ == "PROPN" and tok.dep_ in _SUBJECTS:
            return [m.kb_id_]  # "the US said": a national name used as a noun is the state
        return keys

    def subject_of(self, verb: Token, inside=lambda t: False) -> list[str]:
        """The speakers a reporting verb names: its subject, through relative pronouns,
        coordinated and subordinate verbs; for 'A quoted B as saying', B."""
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
            subj = [c for c in t.children if c.dep_ in _SUBJECTS and not inside(c)]
            if subj:
                s = subj[0]
                if s.lower_ in _RELATIVE and t.dep_ == "relcl":
                    return self.agents(t.head)
                if t.dep_ == "relcl" and s.lower_ not in _RELATIVE:
                    return self.agents(s)
                for s in subj:  # "The talks, said Rojas, were ...": the parser may give two subjects
                    agents = self.agents(s) or self.source_of(s)  # "the ministry's statement said"
                    if agents:
                        return agents
                return []
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
        """People and organisations named (by a name, not a pronoun) among the tokens."""
        out: list[str] = []
        for t in tokens:
            span = self._mentions.get(t.i) or self._refs.get(t.i)
            if span is None or not span.text[:1].isupper() or t.pos_ == "PRON":
                continue  # "I" is upper-case too
            if span.root.dep_ in ("compound", "amod", "nmod"):
                continue  # "a Security Council resolution" is about the resolution
            for key in (t._.referents or ()):
                kind = self.reading.kind_of(key)
                if kind in ("person", "organization", "ministry", "government", "institute", "international",
                            "workinggroup") and key not in out:
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
                                    if self.reading.kind_of(k) not in ("place", "outlet", "post", "")]
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

    def block_tokens(self, block):
        span = self.doc.char_span(block.text_start, block.end, alignment_mode="expand")
        return span if span is not None else []

    def first_person(self, start: int, end: int, quotes: list[Quote]) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        return any(t.lower_ in self.lex["first_person"] and not any(q.start <= t.idx < q.end for q in quotes)
                   for t in span)

    def turn_speaker(self, block) -> list[str]:
        label = (block.speaker or "").strip()
        if not label:
            return []
        if label.upper() in {a.upper() for a in self.lex["answer_labels"]}:
            who = self.doc._.article_speaker
            return [who] if who else []
        head = self.doc.char_span(block.start, block.text_start, alignment_mode="expand")
        resolved: list[str] = []
        if head is not None:
            for t in head:
                keys = [k for k in (t._.referents or ()) if self.reading.kind_of(k) == "person"]
                if keys:
                    resolved = keys[:1]
                    break
        name = _PAREN.sub("", label).split(",")[0].strip()
        words = name.split()
        if resolved:
            rec = self.reading.entities.get(resolved[0])
            if rec is None or len(rec.label.split()) > 1 or not words:
                return resolved
            full = self.name_in_header(words[-1])  # a surname only: the header may give the name
            if full:
                key = person_key(full)
                self.reading.register(key, "person", full)
                return [key]
            return resolved
        if not words or not all(w[:1].isalpha() for w in words):
            return []
        people = {k: r for k, r in self.reading.entities.items() if r.kind == "person"}
        lowered = name.lower()
        for key, rec in people.items():
            if any(n.lower() == lowered for n in rec.names):
                return [key]
        last = words[-1].lower()
        matches = [k for k, r in people.items() if any(n.split()[-1].lower() == last for n in r.names if n.split())]
        if len(matches) == 1:
            return matches
        full = self.name_in_header(words[-1])
        if full:  # "DEPUTY MINISTER BERG:" after a header naming "INGRID BERG"
            key = person_key(full)
            self.reading.register(key, "person", full)
            return [key]
        # "NAME (TITLE):" / "NAME, TITLE:": the words before the title are a person's name
        titled = label != name
        if titled and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            full = " ".join(w if not w.isupper() else w.capitalize() for w in words)
            key = person_key(full)
            self.reading.register(key, "person", full)
            return [key]
        return []

    def name_in_header(self, surname: str) -> str | None:
        """The full name a transcript's header gives a surname: the given names right before
        it ("... WENDY R. SMITH AT A PRESS AVAILABILITY"), the first a given name the
        gender-guesser knows."""
        texts = [self.reading.article.title or ""]
        blocks = self.doc._.blocks or []
        if blocks:
            texts.append(self.text[blocks[0].start:blocks[0].end])
        pattern = re.compile(r"((?:[A-Za-z][\w'’-]*\.?\s+){1,2})" + re.escape(surname) + r"\b", re.IGNORECASE)
        for text in texts:
            for m in pattern.finditer(text):
                given = m.group(1).split()
                while given and not _given_name(given[0]):
                    given = given[1:]
                if given and all(_given_name(g) or re.fullmatch(r"[A-Za-z]\.", g) for g in given):
                    return " ".join(_title_case(w) for w in [*given, surname])
        return None

    def read_turns(self, blocks) -> None:
        speaker: list[str] = []
        for block in blocks:
            if block.kind == "turn":
                with self.reading.guard("a transcript turn"):
                    speaker = self.turn_speaker(block)
                    if speaker:
                        self.turn_statement(speaker, block, 0.85)
                continue
            if block.kind != "text" or not speaker:
                speaker = [] if block.kind not in ("cue", "caption") else speaker
                continue
            quotes = quotes_in(self.text[block.text_start:block.end], block.text_start)
            if quotes or not self.first_person(block.text_start, block.end, quotes):
                speaker = []
                continue
            with self.reading.guard("a transcript turn"):
                self.turn_statement(speaker, block, 0.75)

    def turn_statement(self, speakers: list[str], block, confidence: float) -> None:
        text = self.text[block.text_start:block.end]
        quotes = quotes_in(text, block.text_start)
        outside = text
        for q in reversed(quotes):
            outside = outside[:q.start - 1 - block.text_start] + outside[q.end + 1 - block.text_start:]
        if quotes and all(q.closed for q in quotes) and not any(ch.isalnum() for ch in outside):
            # a soundbite: the quoted words are all the turn says
            words = " ... ".join(_clean(self.text[q.start:q.end]) for q in quotes)
        else:
            words = _clean(text)
        if len(words.split()) < 2:
            return
        toks = self.block_tokens(block)
        self.spoken.append((block.text_start, block.end, speakers))
        for who in speakers:
            self.add(who, self.span(block.start, block.end), words, self.about_of(None, toks, speakers),
                     self.topics_in(block.text_start, block.end), None, confidence)

    def read_introduced(self, blocks) -> None:
        """'Holm released the following statement:' and the first-person paragraphs after it."""
        intro_nouns = self.lex["intro_nouns"]
        for n, block in enumerate(blocks):
            if block.kind != "text" or not self.text[block.start:block.end].rstrip().endswith(":"):
                continue
            toks = self.block_tokens(block)
            if not len(toks):
                continue
            sent = self.sent_of[toks[-1].i]
            verb, speakers = None, []
            for t in sent:
                if t.lemma_.lower() in intro_nouns and t.pos_ == "NOUN" and \
                        any(c.lower_ == "following" for c in t.children):
                    verb = t.head if t.dep_ in ("dobj", "nsubjpass", "pobj") else None
                    while verb is not None and verb.dep_ == "prep":
                        verb = verb.head
                    break
            if verb is None and sent.root.lemma_.lower() in self.lex["reported"] and \
                    not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in sent.root.children):
                verb = sent.root  # "Holm said:"
            if verb is None:
                continue
            with self.reading.guard("an introduced statement", sent):
                speakers = self.subject_of(verb)
                if not speakers:
                    continue
                date = self.date_of(verb)
                self.continue_introduced(blocks[n + 1:], speakers, date)

    def read_own_voice(self, blocks) -> None:
        """An article that is its speaker's own words (a statement, a letter; coreference names
        the speaker in Doc._.article_speaker) with no turns and no introducing line: its
        first-person paragraphs are the speaker's statements."""
        who = self.doc._.article_speaker
        if not who or self.spoken or any(b.kind == "turn" for b in blocks) or \
                self.reading.kind_of(who) in NOT_SPEAKERS:
            return
        with self.reading.guard("the article's own voice"):
            self.continue_introduced([b for b in blocks if b.kind in ("text", "cue", "caption")], [who], None,
                                     stop_at_narration=False)

    def continue_introduced(self, following, speakers, date, stop_at_narration: bool = True) -> None:
        pending = []
        for block in following:
            if block.kind in ("cue", "caption"):
                continue
            if block.kind != "text":
                break
            quotes = quotes_in(self.text[block.text_start:block.end], block.text_start)
            first = self.first_person(block.text_start, block.end, quotes)
            if not first and stop_at_narration and self.reports_others(block):
                break  # the narration resumes
            if not first:
                pending.append(block)  # kept if a first-person paragraph follows it
                if len(pending) > 1:
                    if stop_at_narration:
                        break
                    pending = []
                continue
            for b in [*pending, block]:
                text = _clean(self.text[b.text_start:b.end])
                toks = self.block_tokens(b)
                self.spoken.append((b.text_start, b.end, speakers))
                for who in speakers:
                    self.add(who, self.span(b.start, b.end), text, self.about_of(None, toks, speakers),
                             self.topics_in(b.text_start, b.end), date, 0.8)
            pending = []

    def reports_others(self, block) -> bool:
        """A paragraph where the narration resumes: a reporting verb with a third-person subject."""
        for t in self.block_tokens(block):
            if t.pos_ == "VERB" and t.lemma_.lower() in self.lex["reported"]:
                subj = [c for c in t.children if c.dep_ in _SUBJECTS]
                if subj and subj[0].lower_ not in self.lex["first_person"]:
                    return True
        return False

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
        words = _clean(self.text[q.start:q.end])
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
                   if c.dep_ in _SUBJECTS or (clause and c.dep_ in ("dobj", "dative")))

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
                clause = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                if not ((lemma in lex["reported"] and clause) or (lemma in lex["speech_acts"] and (objs or clause))):
                    continue
                needs = lex["speech_act_needs"].get(lemma)
                if needs and not (lemma in lex["reported"] and clause) and \
                        not any(c.dep_ in needs or c.lower_ in needs for c in tok.children):
                    continue  # "called a meeting", "dismissed the minister"
                if any(c.dep_ == "neg" for c in tok.children):
                    continue
                sent = self.sent_of[tok.i]
                if any(a <= sent.start_char < b or a < sent.end_char <= b for a, b in quoted):
                    continue
                with self.reading.guard("a reported statement", sent):
                    speakers = self.subject_of(tok)
                    if not speakers:
                        continue
                    words = [t for c in (clause or objs) for t in c.subtree]  # not the addressee of 'told X that'
                    
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
