"""Words a layout gives its speaker: transcript turns and soundbites, a line introducing a
statement, an article in its speaker's own voice. Mixed into `StatementReader`
(`statements.py`), whose `reading`, `doc`, `text`, `lex`, `spoken`, `sent_of`, `add`, `span`,
`subject_of`, `date_of`, `about_of` and `topics_in` these use.

- Turns (`Block.kind == "turn"`): the turn's words are the quote (only its quoted words when
  it says nothing else: a soundbite), its label the speaker - a name ("MEHMET DEMIR, TURKISH
  FOREIGN MINISTER"), title words and a name ("DEPUTY MINISTER CAMILA FUENTES", cut by the
  title lexicon), a title and a surname the header names in full, or the interviewee's "A:".
  Unlabelled first-person paragraphs after a turn continue it.
- 'Holm released the following statement:' / 'Holm said:' and the first-person paragraphs
  after it, until the narration resumes (a reporting verb with a third-person subject).
- An article that is its speaker's own words (coreference names the speaker in
  `Doc._.article_speaker`) with no turns and no introducing line: its first-person
  paragraphs are the speaker's.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..names import person_key
from ..nlp.title_lexicon import gender_detector, load_lexicon as title_lexicon
from .holders import NOT_AGENTS, SUBJECTS
from .quotations import Quote, clean, quotes_in

_PAREN = re.compile(r"\s*\([^)]*\)")




@lru_cache(maxsize=4096)
def _given_name(word: str) -> bool:
    return word[:1].isalpha() and len(word) > 1 and gender_detector().get_gender(word) != "unknown"


def _after_title_words(words: list[str]) -> list[str]:
    """The words of a speaker's label after its last title word, honorific or national
    adjective ("DEPUTY FOREIGN MINISTER INGRID BERG" -> INGRID BERG), by the title lexicon."""
    lex = title_lexicon()
    last = -1
    for i, w in enumerate(words):
        low = w.lower()
        if lex.is_title_word(low) or low in lex.honorifics or low in lex.dropped:
            last = i
    return words[last + 1:] if last >= 0 else words


def _title_case(word: str) -> str:
    return word if not word.isupper() else word[:1] + word[1:].lower()


class TurnReading:
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
        titled = label != name  # "NAME (TITLE):", "NAME, TITLE:"
        named = _after_title_words(words)  # "MINISTER KENJI SATO:" -> "KENJI SATO"
        if named and len(named) < len(words):
            words, name, titled = named, " ".join(named), True
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
        # "NAME (TITLE):" / "NAME, TITLE:" / "TITLE NAME:": the words beside the title are a person's name
        if titled and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            full = " ".join(w if not w.isupper() else w.capitalize() for w in words)
            key = person_key(full)
            self.reading.register(key, "person", full)
            return [key]
        return []

    def name_in_header(self, surname: str) -> str | None:
        """The full name a transcript's header gives a surname: the given names right before
        it ("REMARKS BY MINISTER INGRID M. BERG IN BERGEN"), the first a given name the
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
            words = " ... ".join(clean(self.text[q.start:q.end]) for q in quotes)
        else:
            words = clean(text)
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
                self.reading.kind_of(who) in NOT_AGENTS:
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
                text = clean(self.text[b.text_start:b.end])
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
                subj = [c for c in t.children if c.dep_ in SUBJECTS]
                if subj and subj[0].lower_ not in self.lex["first_person"]:
                    return True
        return False
