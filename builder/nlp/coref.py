"""peninsula_coref: what surnames, pronouns and role descriptions refer to, within an article.

A rule component over the mention and title layers (the maintained coreference libraries
need model weights that no package on the registries carries), in the manner of the
deterministic multi-pass sieve (Lee et al. 2013, "Deterministic coreference resolution based
on entity-centric, precision-ranked rules"): the most precise passes run first, each links
only what it is sure of, and later passes see the clusters earlier ones built. When two
readings stay open, nothing is linked.

Passes, in order (`Span._.via` names the rule that resolved a reference):

1. names        a surname or title + surname ("Holm", "Minister Holm", "Mr. Rojas") -> the
                person named in full before (or after); two people sharing the surname: the
                title or honorific decides, else the one named last, if no namesake was
                named in that sentence or since, else nothing. A titled surname with no full
                name ("President Alvarez") becomes a person of its own, keyed to the article:
                "person:alvarez@<article_id>" (an EntityRecord in `Doc._.entities`, labelled
                with the surname; the same surname elsewhere in the article joins it). A
                title the parser made the head of its own name stands for the name.
2. roles        definite role NPs ("the Canadian negotiator", "Norway's climate envoy", "the
                minister", "his Chilean counterpart") and person nouns ("a senior diplomat",
                "Kim's sister") become mentions; a plural role NP before the names ("chief
                negotiators of Norway and Chile") -> the people named next holding such posts
                for those countries.
3. discourse    in text order: a role NP -> the one holder of such a post named before, if no
                person whose posts the article leaves unsaid was named since; a counterpart
                NP -> the one person holding a post for its country, not its possessor;
                pronouns by gender and number (the subject of the main clause first; a known
                gender against an unknown one at the top leaves it open; never the subject
                of their own clause or, for a subject, a name inside their clause; cataphora
                in a fronted adverbial; "X, he said, ..." never X; quoted speech kept apart);
                plural anaphors ("the two", "the pair", "the trio", "both sides", "the two
                diplomats") -> the most recent group of that size named together (a
                coordination, a subject and its "with" / object / "joined by" partner, "his
                talks with X", a plural NP resolved before), never one of their own clause's
                co-arguments; "they" -> a coordination or plural NP just before, or a body as
                subject; "it"/"its" -> the country or body that is the subject of its clause
                or the clause above, if no other is named between them.
4. forward      a role NP still open, that no one named before could fill -> the one person
                named next (same or next sentence) with a title of that kind, who is not a
                co-argument of the NP's own chain; a role NP naming its country ("Norway's
                foreign minister") -> the one person of the whole article holding such a post
                for that country, named first after it.
5. speaker      "I", "my" in a transcript turn -> the turn's speaker (an "A:" answer -> the
                interviewee the introduction names most); in a first-person statement -> the
                author its opening paragraph names (`Doc._.article_speaker`, also set for a
                transcript of one speaker answering questions).
6. quotes       "I" inside a quotation -> the one speaker its sentence attributes it to.

Each resolved expression is a span of `doc.spans["references"]` with the entity keys it
refers to in `Span._.referents` (a tuple: a plural NP refers to several) and the rule in
`Span._.via`; `Doc._.refs` is extended to its tokens (for an NP: its head and its words that
are neither mentions nor pronouns). The English (pronouns, title words, gendered nouns, role
heads, group nouns, stance verbs) is in `builder/patterns/coref.yaml`.

"we": in a first-person statement whose author is a body, "we" is the body; when the author
is a person, "we" is the country the author's post is for, when the article says it (a
statement speaks for its state). In a transcript turn an official's "we" is their country
only as the subject of a stance ("we believe", "we are concerned", "our assessment"); "we
covered ..." may be their delegation or everyone in the room, and is left open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..kb import KOREAN_SURNAMES, load_kb, normalise_quotes
from ..model import EntityRecord
from ..names import slug, surnames_of
from .layers import DEMONYM, MENTIONS, REFERENCES, TITLES
from .title_lexicon import gender_detector

ORG_KINDS = ("country", "ministry", "government", "international", "organization", "institute",
             "workinggroup", "outlet")
_SUBJ = ("nsubj", "nsubjpass")
_AMBIGUOUS = object()


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("builder").joinpath("patterns/coref.yaml").read_text(encoding="utf-8")
    lex = yaml.safe_load(text)
    lex["title_words"] = set(lex["title_words"])
    lex["honorifics"] = set(lex["honorifics"])
    lex["gender_of"] = {w: g for g, words in lex["gender_nouns"].items() for w in words}
    lex["role_class"] = {w: cls for cls, words in lex["role_heads"].items() for w in words}
    lex["counterpart_heads"] = set(lex["counterpart_heads"])
    for key in ("person_plurals", "acting_place_preps", "side_plurals", "country_plurals", "speech_verbs",
                "statement_nouns", "gender_suffix_exceptions", "partner_verbs", "person_nouns", "office_nouns",
                "answer_labels", "question_labels", "institutional_we_verbs", "institutional_we_adjectives", "institutional_our_nouns"):
        lex[key] = set(lex[key])
    # what only people do, for a sentence-opening "they" (see _subject_group_before)
    lex["people_verbs"] = frozenset(lex["group_subject_verbs"]) | lex["speech_verbs"] | lex["partner_verbs"]
    return lex




def word_gender(word: str) -> str | None:
    """The gender a title or noun says ("spokeswoman" -> f, "Mr." -> m), or None."""
    lex = lexicon()
    w = word.lower().rstrip(".")
    if w in lex["gender_of"]:
        return lex["gender_of"][w]
    if w not in lex["gender_suffix_exceptions"]:
        for suffix, g in lex["gender_suffixes"].items():
            if w.endswith(suffix) and len(w) > len(suffix) + 2:
                return g
    return None


def given_name_gender(name: str, strong_only: bool = False) -> str | None:
    """The gender a person's given name suggests (gender-guesser), or None when it is unsure;
    with strong_only, only a name the detector calls male or female, not "mostly" so."""
    words = [w for w in normalise_quotes(name).split() if len(w.rstrip(".")) > 1]
    if len(words) < 2 or words[0] in KOREAN_SURNAMES:
        return None  # a family name first: the given name says little to the detector
    found = gender_detector().get_gender(words[0])
    if strong_only:
        return {"male": "m", "female": "f"}.get(found)
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(found)


@Language.factory("peninsula_coref", default_config={})
def make_coref(nlp: Language, name: str):
    return Coreference()


class Coreference:
    def __init__(self):
        self.lex = lexicon()
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        if doc._.refs is None:
            doc._.refs = {}
        if doc._.entities is None:
            doc._.entities = {}
        _Resolver(doc, self.lex, self.kb).run()
        return doc


@dataclass
class _Post:
    words: frozenset
    head: str
    country: str | None


@dataclass(eq=False)
class _Mention:
    """Something that refers: a name, a surname, a role NP, a pronoun, a plural NP."""

    start: int
    end: int
    head: int
    kind: str                      # name, surname, role, counterpart, pronoun, plural, speaker
    sent: int
    ekind: str = "person"          # person, org (a country or organisation), group
    keys: tuple = ()               # set on names and direct links
    gender: str | None = None
    number: str = "sg"
    rank: int = 0
    quote: int = -1
    via: str = ""
    country: str | None = None
    words: frozenset = frozenset()
    label: str = ""                 # names: the mention's label (country, ministry, person ...)
    size: int | None = None         # plural NPs: the number they give
    members: tuple = ()             # plural NPs: the mentions of the group they refer to
    cid: int = -1                   # cluster


@dataclass(eq=False)
class _Cluster:
    keys: set = field(default_factory=set)
    genders: set = field(default_factory=set)
    members: list = field(default_factory=list)
    soft: set = field(default_factory=set)   # what a given name suggests ("mostly" in gender-guesser)

    def agrees(self, gender: str) -> str:
        """"match", "conflict" or "unknown": what the cluster's gender says of a pronoun's. A
        gender a given name only suggests never conflicts with a pronoun."""
        if self.genders:
            return "match" if self.genders == {gender} else "conflict"
        return "match" if self.soft == {gender} else "unknown"

    @property
    def gender(self) -> str | None:
        return next(iter(self.genders)) if len(self.genders) == 1 else None

    @property
    def key(self) -> str | None:
        return next(iter(self.keys)) if len(self.keys) == 1 else None


class _Resolver:
    def __init__(self, doc: Doc, lex: dict, kb):
        self.doc, self.lex, self.kb = doc, lex, kb
        # head tokens of the titles the titles layer gives a named holder, by apposition or written
        # before the name, however the parser hung the name
        self.titled_heads = frozenset(
            info.head_token for span in doc.spans.get(TITLES, [])
            if (info := span._.post) is not None and info.holder and info.head_token is not None
            and info.relation in ("apposition", "before"))
        self.toks = list(doc)
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for n, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = n
        self.mention_span = {i: s for s in doc.spans[MENTIONS] for i in range(s.start, s.end)}
        self.taken: set[int] = set(doc._.refs)
        self.mentions: list[_Mention] = []
        self.at: dict[int, _Mention] = {}          # head token -> mention
        self.clusters: list[_Cluster] = []
        self.by_key: dict[str, int] = {}           # entity key -> cluster
        self.posts: dict[str, list[_Post]] = {}    # person key -> posts
        self.title_words: dict[str, set] = {}      # person key -> words of its titles
        self.post_vocab: set[str] = set()
        self.quote_of = self._quotes()
        self.skip_sent = self._skipped_sentences()
        self.para_of = self._paragraphs()

    # ---- setup -----------------------------------------------------------------------

    def run(self) -> None:
        self._surnames_taken_for_places()
        self._names_index()
        self._posts_index()
        self._genders()
        self._name_pass()
        self._title_heads_pass()
        self._role_pass()
        self._plural_role_pass()
        self._discourse_pass()
        self._forward_role_pass()
        self._speaker_pass()
        self._quote_speaker_pass()
        self._write()

    def _quotes(self) -> list[int]:
        """Token -> the quotation it is inside (-1: none); quotations never cross a line."""
        doc = self.doc
        quote_of = [-1] * len(doc)
        n = 0
        for line_start, line in _lines(doc._.text):
            opened = None
            for m in re.finditer(r"[\"“”]", line):
                ch = m.group(0)
                if opened is None and ch != "”":
                    opened = m.start()
                elif opened is not None and ch != "“":
                    span = doc.char_span(line_start + opened, line_start + m.end(), alignment_mode="expand")
                    if span is not None:
                        for i in range(span.start, span.end):
                            quote_of[i] = n
                        n += 1
                    opened = None
        return quote_of

    def _paragraphs(self) -> list[int]:
        """Sentence -> the line (layout block) it starts in; -1 where the layout gives none."""
        blocks = list(self.doc._.blocks or ())
        out, b = [], 0
        for sent in self.sents:
            while b < len(blocks) and blocks[b].end <= sent.start_char:
                b += 1
            out.append(b if b < len(blocks) and blocks[b].start <= sent.start_char else -1)
        return out

    def _skipped_sentences(self) -> set[int]:
        """Sentences of captions: never antecedents, never resolved."""
        out: set[int] = set()
        for block in self.doc._.blocks or ():
            if block.kind in ("caption", "cue"):
                for n, s in enumerate(self.sents):
                    if block.start <= s.start_char < block.end:
                        out.add(n)
        return out

    def cluster_of(self, m: _Mention) -> _Cluster:
        return self.clusters[m.cid]

    def _new_cluster(self, m: _Mention, key: str | None = None) -> None:
        if key is not None and key in self.by_key:
            m.cid = self.by_key[key]
        else:
            m.cid = len(self.clusters)
            self.clusters.append(_Cluster())
            if key is not None:
                self.by_key[key] = m.cid
                self.clusters[m.cid].keys.add(key)
        c = self.clusters[m.cid]
        c.members.append(m)
        if m.gender:
            c.genders.add(m.gender)

    def _add(self, m: _Mention, key: str | None = None) -> _Mention:
        m.quote = self.quote_of[m.head]
        m.rank = self._rank(self.doc[m.head])
        self.mentions.append(m)
        self.at[m.head] = m
        self._new_cluster(m, key)
        return m

    def _link(self, m: _Mention, ante: _Mention, via: str) -> bool:
        """Put m in ante's cluster, if their genders and keys agree."""
        a, b = self.cluster_of(ante), self.cluster_of(m)
        if a is b:
            m.via = m.via or via
            return True
        if len(a.keys | b.keys) > 1 or len(a.genders | b.genders) > 1:
            return False
        for x in b.members:
            x.cid = ante.cid
        a.members += b.members
        a.keys |= b.keys
        a.genders |= b.genders
        a.soft |= b.soft
        for k in b.keys:
            self.by_key[k] = ante.cid
        b.members, b.keys, b.genders = [], set(), set()
        m.via = via
        return True

    def _rank(self, tok: Token) -> int:
        """2: subject of the main clause; 1: subject of another clause; 0: anything else."""
        t = tok
        while t.dep_ in ("compound", "flat", "appos", "conj") and t.head.i != t.i:
            t = t.head
        if t.dep_ in _SUBJ:
            v = t.head
            if v.dep_ == "ROOT" or (v.dep_ == "conj" and v.head.dep_ == "ROOT"):
                return 2
            if v.dep_ == "parataxis" and v.lemma_.lower() in self.lex["speech_verbs"]:
                return 2  # "X, she said, is ...": the speaker of the sentence
            if v.dep_ == "ccomp" and v.head.dep_ == "ROOT" and v.head.lemma_.lower() in self.lex["speech_verbs"] \
                    and self._impersonal_speaker(v.head):
                return 2  # "the ministry said Holm will fly on Monday": the person the sentence is about
            return 1
        return 0

    def _impersonal_speaker(self, verb: Token) -> bool:
        """Whether a verb of saying has a body or a document as its subject ("the ministry
        said", "a release said"), not a person."""
        subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        if subj is None or subj.pos_ == "PRON":
            return False
        span = self.mention_span.get(subj.i)
        if span is not None:
            return span.label_ != "person"
        return subj.pos_ == "NOUN" and subj.lemma_.lower() not in self.lex["person_nouns"] and \
            subj.lemma_.lower() not in self.lex["role_class"]

    def _surnames_taken_for_places(self) -> None:
        """A surname the entity recogniser took for a place ("Rossi met ..." read as a GPE) is
        no place when a person of the article bears it and no gazetteer knows the name: the
        place mention is dropped, and the name pass reads the word as the surname."""
        doc = self.doc
        surnames = {s for span in doc.spans[MENTIONS] if span.label_ == "person" for s in surnames_of(span.text)}
        drop = [span for span in doc.spans[MENTIONS] if span.label_ == "place" and len(span) == 1
                and span.text in surnames and span.kb_id_ not in self.kb.entries and not self.kb.is_known_name(span.text)]
        if not drop:
            return
        doc.spans[MENTIONS] = [span for span in doc.spans[MENTIONS] if span not in drop]
        for span in drop:
            doc._.refs.pop(span.start, None)
            self.taken.discard(span.start)
            self.mention_span.pop(span.start, None)
            if doc._.entities.get(span.kb_id_) is not None and not any(
                    x.kb_id_ == span.kb_id_ for x in doc.spans[MENTIONS]):
                del doc._.entities[span.kb_id_]

    def _names_index(self) -> None:
        """The full names the mentions layer found: one mention each, one cluster per person."""
        for span in self.doc.spans[MENTIONS]:
            if span.label_ == DEMONYM:
                continue
            ekind = "person" if span.label_ == "person" else ("org" if span.label_ in ORG_KINDS or span._.acts_for else "place")
            key = span.kb_id_
            if ekind == "place":
                continue
            if span.label_ == "place" and span._.acts_for:
                if not self._acting(span):
                    continue  # "met in Oslo": the city, not its government
                key = span._.acts_for
            m = _Mention(span.start, span.end, _head_of(span), "name", self.sent_of[span.start], ekind=ekind, keys=(key,),
                         label="country" if span._.acts_for else span.label_)
            self._add(m, key)

    def _acting(self, span: Span) -> bool:
        """Whether a capital stands for its government here: as a subject ("Oslo said"), a
        possessor ("Oslo's envoy"), a partner ("talks with Oslo") or a modifier ("the Oslo
        government"); as the object of a place preposition it is the city ("met in Oslo")."""
        t = self.doc[_head_of(span)]
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ in (*_SUBJ, "poss", "compound", "nmod", "appos"):
            return True
        return t.dep_ == "pobj" and t.head.lower_ in self.lex["acting_place_preps"]

    def country_at(self, tok: Token) -> str | None:
        """The country a token names: a country, a demonym, a place acting for its country."""
        span = self.mention_span.get(tok.i)
        if span is None:
            return None
        if span.label_ in ("country", DEMONYM):
            return span.kb_id_
        if span._.acts_for:
            return span._.acts_for
        return None

    def _np_country(self, tok: Token) -> str | None:
        """The country a role NP is for: "Norway's", "Chilean", "of Chile", "the Kenyan"."""
        for c in tok.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < tok.i:
                for t in (c, *[x for x in c.subtree if x.i < tok.i]):
                    country = self.country_at(t)
                    if country:
                        return country
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "from"):
                for p in c.children:
                    if p.dep_ == "pobj" and self.country_at(p):
                        return self.country_at(p)
        return None

    def _np_words(self, tok: Token) -> frozenset:
        words = {tok.lemma_.lower()}
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and c.i not in self.mention_span:
                words.add(c.lower_)
        return frozenset(words)

    def _posts_index(self) -> None:
        """Each person's posts: the titles layer's, and the title words written beside the name."""
        def add(key: str, words, head: str, country: str | None) -> None:
            words = frozenset(w for w in words if w)
            self.posts.setdefault(key, []).append(_Post(words, head, country))
            self.title_words.setdefault(key, set()).update(words)
            self.post_vocab.update(words)

        for span in self.doc.spans.get(TITLES, []):
            info = span._.post
            if info is None or not info.holder:
                continue
            words = [w.lower() for w in re.findall(r"[\w-]+", info.title)]
            add(info.holder, [*words, info.head], info.head, info.country)
        for m in [x for x in self.mentions if x.kind == "name" and x.ekind == "person"]:
            key, doc = m.keys[0], self.doc
            root = doc[m.head]
            # "Trade Commissioner Elena Rossi", "Chilean Deputy Minister Pablo Rojas"
            pre = [c for c in root.children if c.dep_ in ("compound", "amod", "nmod") and c.i < m.start]
            if pre:
                toks = sorted({t for c in pre for t in c.subtree if t.i < m.start}, key=lambda t: t.i)
                words = [t.lower_ for t in toks if t.i not in self.mention_span and t.is_alpha]
                country = next((self.country_at(t) for t in toks if self.country_at(t)), None)
                if words:
                    add(key, words, words[-1], country)
            # "Ingrid Berg, Norway's climate envoy" / "Norway's climate envoy, Ingrid Berg"
            nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                nouns.append(root.head)
            for n in nouns:
                add(key, self._np_words(n), n.lemma_.lower(), self._np_country(n))

    def _genders(self) -> None:
        for c in self.clusters:
            for m in c.members:
                if m.kind == "name" and m.ekind == "person":
                    name = self.doc[m.start:m.end].text
                    g = given_name_gender(name, strong_only=True)
                    if g:
                        c.genders.add(g)
                    elif given_name_gender(name):
                        c.soft.add(given_name_gender(name))
        for key, words in self.title_words.items():
            for w in words:
                g = word_gender(w)
                if g and key in self.by_key:
                    self.clusters[self.by_key[key]].genders.add(g)

    # ---- 1. the article's own speaker ----------------------------------------------------

    def _first_person(self, tok: Token) -> dict | None:
        info = self.lex["pronouns"].get(tok.lower_)
        return info if info and info["person"] == 1 and tok.pos_ == "PRON" else None

    def _speaker_key(self, label: str) -> str | None:
        """The person a speaker label names ("DEPUTY MINISTER HOLM", "Ms. Berg", "LARS HOLM",
        "KARI DAHL, NORWEGIAN TRADE MINISTER (Translated)")."""
        label = re.split(r"[,(]", normalise_quotes(label))[0]
        words = [w.lower().strip(".:") for w in label.split()]
        words = [w for w in words if w and w not in self.lex["title_words"] and w not in ("of", "the", "for", "and")]
        if not words:
            return None
        found = set()
        for m in self.mentions:
            if m.ekind != "person" or not m.keys:
                continue
            if m.kind == "name":
                name = self.doc[m.start:m.end].text
                parts = {w.lower().strip(".") for w in normalise_quotes(name).split()}
                sur = {x.lower() for x in surnames_of(name)} | {normalise_quotes(name).split()[0].lower()}
            elif m.via == "titled-person":  # "DEPUTY SECRETARY HOLM:" with no full name in the article
                parts = sur = {self.doc[m.start:m.end].text.lower()}
            else:
                continue
            if set(words) <= parts and set(words) & sur:
                found.add(m.keys[0])
        return next(iter(found)) if len(found) == 1 else None

    def _interviewee(self, before: int) -> str | None:
        """The one person an interview's introduction is about: named most often before the
        first turn, more often than anyone else."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            key = self.cluster_of(m).key
            if m.start < before and m.ekind == "person" and key:
                counts[key] = counts.get(key, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
            return None
        return ranked[0][0]

    def _institutional_we(self, tok: Token) -> bool:
        """An official's "we" that speaks for their state: "we believe", "we are concerned",
        "our assessment"."""
        lex = self.lex
        if tok.lower_ in ("our",):
            return tok.head.lemma_.lower() in lex["institutional_our_nouns"]
        if tok.lower_ != "we" or tok.dep_ not in _SUBJ:
            return False
        verb = tok.head
        if verb.lemma_.lower() in lex["institutional_we_verbs"]:
            return True
        if verb.lemma_ == "be":
            return any(c.dep_ == "acomp" and c.lower_ in lex["institutional_we_adjectives"] for c in verb.children)
        return any(c.dep_ == "acomp" and c.lower_ in lex["institutional_we_adjectives"] for c in verb.children) or \
            (verb.dep_ == "ROOT" and verb.lower_ in lex["institutional_we_adjectives"])

    def _speaker_pass(self) -> None:
        doc = self.doc
        blocks = list(doc._.blocks or ())
        turns = [b for b in blocks if b.kind == "turn" and b.speaker]
        speakers = set()
        interviewee = None
        if any(b.speaker.lower().strip(".:") in self.lex["answer_labels"] for b in turns):
            interviewee = self._interviewee(doc.char_span(0, turns[0].start, alignment_mode="expand").end
                                            if turns[0].start else 0)
        for b in turns:
            label = b.speaker.lower().strip(".:")
            key = interviewee if label in self.lex["answer_labels"] else self._speaker_key(b.speaker)
            if key is None:
                continue
            speakers.add(key)
            country = self._country_of_person(key)
            toks = self._tokens_in(b.text_start, b.end)
            own = self.quote_of[toks[0].i] if toks and toks[0].text in ('"', "“") else -1  # a soundbite in quotes
            for tok in toks:
                if self.quote_of[tok.i] not in (-1, own) or tok.i in self.taken or not (info := self._first_person(tok)):
                    continue
                if info["number"] == "sg":
                    self._direct(tok, key, "speaker-turn")
                elif country and self._institutional_we(tok):
                    self._direct(tok, country, "speaker-turn-we", ekind="org")
        if turns:
            # a transcript (turns are most of it) with one speaker: the article's own
            asked = all(b.speaker.lower().strip(".:") in self.lex["question_labels"] for b in turns
                        if self._speaker_key(b.speaker) is None and b.speaker.lower().strip(".:") not in self.lex["answer_labels"])
            if len(speakers) == 1 and asked:
                doc._.article_speaker = next(iter(speakers))
            return
        self._statement_author(blocks)

    def _statement_author(self, blocks) -> None:
        """A first-person statement: the opening paragraph names its author, the rest speaks."""
        doc = self.doc
        text_blocks = [b for b in blocks if b.kind == "text"]
        first_person = [t for t in self.toks if t.lower_ in self.lex["pronouns"] and self._first_person(t)
                        and self.quote_of[t.i] < 0]
        if not first_person or not text_blocks:
            return
        first = first_person[0]
        author, people = None, set()
        for b in text_blocks:  # the first paragraph that introduces a statement and names its author
            if b.end > first.idx:
                break
            toks = self._tokens_in(b.text_start, b.end)
            if not (any(t.lower_ in self.lex["statement_nouns"] for t in toks) or doc._.text[b.start:b.end].rstrip().endswith(":")):
                continue
            named = [m for m in self.mentions if m.kind == "name" and b.text_start <= doc[m.start].idx < b.end]
            people = {m.keys[0] for m in named if m.ekind == "person"}
            bodies = {m.keys[0] for m in named if m.ekind == "org" and m.rank >= 1}
            if len(people) == 1:
                author = next(iter(people))
            elif not people and len(bodies) == 1:
                author = next(iter(bodies))
            if people or bodies:
                break
        if author is None:
            return
        doc._.article_speaker = author
        is_person = author in people
        we = self._country_of_person(author) if is_person else author
        for tok in doc[first.i:]:
            info = self._first_person(tok)
            if not info or self.quote_of[tok.i] >= 0 or tok.i in self.taken or self.sent_of[tok.i] in self.skip_sent:
                continue
            if info["number"] == "sg" and is_person:
                self._direct(tok, author, "speaker-statement")
            elif info["number"] == "pl" and we:
                self._direct(tok, we, "speaker-statement-we", ekind="org")

    def _country_of_person(self, key: str) -> str | None:
        countries = {p.country for p in self.posts.get(key, ()) if p.country}
        rec = self.doc._.entities.get(key)
        if rec is not None and rec.country:
            countries.add(rec.country)
        for span in self.doc.spans.get(TITLES, []):
            info = span._.post
            if info is None:
                continue
            holder = info.holder
            token = getattr(info, "holder_token", None)  # "she runs ...": resolved by now
            if holder is None and token is not None and token in self.at:
                holder = self.cluster_of(self.at[token]).key
            if holder != key:
                continue
            if info.country:
                countries.add(info.country)
            elif info.org:  # the post's organisation says the country: "of the Foreign Ministry of Chile"
                org = self.doc._.entities.get(info.org)
                if org is not None and org.country:
                    countries.add(org.country)
        return next(iter(countries)) if len(countries) == 1 else None

    def _tokens_in(self, start_char: int, end_char: int) -> list[Token]:
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        return list(span) if span is not None else []

    def _direct(self, tok: Token, key: str, via: str, ekind: str = "person") -> _Mention:
        m = self._add(_Mention(tok.i, tok.i + 1, tok.i, "speaker", self.sent_of[tok.i], ekind=ekind,
                               keys=(key,), via=via), key)
        self.taken.add(tok.i)
        return m

    # ---- 2. names ----------------------------------------------------------------------

    def _title_before(self, tok: Token) -> list[Token]:
        """The title words written before a surname ("Special Representative", "Mr.")."""
        out: list[Token] = []
        j = tok.i - 1
        start = self.sents[self.sent_of[tok.i]].start
        if j < start or self.doc[j].lower_.rstrip(".") not in self.lex["title_words"]:
            return out
        while j >= start:
            t = self.doc[j]
            w = t.lower_.rstrip(".")
            if w in self.lex["title_words"] or (t.is_alpha and t.text[:1].isupper() and j not in self.mention_span
                                                and j not in self.taken):
                out.insert(0, t)
                j -= 1
                continue
            break
        return out

    def _surname_at(self, tok: Token) -> tuple[str, int] | None:
        """The word a surname would be at this token ("Holm", "Thomas-Greenfield"), and its end."""
        doc = self.doc
        if not tok.text[:1].isupper():
            return None
        i = tok.i
        end = i + 1
        word = _cased(normalise_quotes(tok.text))
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and \
                not doc[end].whitespace_ and doc[end + 1].is_alpha:
            word += "-" + _cased(doc[end + 1].text)
            end += 2
        if not word[:1].isupper() or not word.replace("-", "").replace("'", "").isalpha():
            return None
        if word.lower() in self.lex["title_words"] or self.kb.is_known_name(word):
            return None
        if any(j in self.taken for j in range(i, end)):
            return None
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and nxt.i not in self.taken and \
                self.sent_of[nxt.i] == self.sent_of[i]:
            return None  # part of a longer name nobody resolved
        return word, end

    def _name_pass(self) -> None:
        doc, lex = self.doc, self.lex
        by_surname: dict[str, set[str]] = {}
        by_first: dict[str, set[str]] = {}  # family name first ("Funakoshi Takehiro"): only after a title
        first_at: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "name" and m.ekind == "person":
                name = doc[m.start:m.end].text
                words = normalise_quotes(name).split()
                surnames = surnames_of(name)
                if len(words) == 2 and "-" not in name and all(w in KOREAN_SURNAMES for w in words):
                    surnames = words  # "Jung Pak": either order is written
                if len(words) >= 3 and any(re.fullmatch(r"[A-Z]\.", w) for w in words[1:-1]):
                    surnames = [words[-1]]  # a middle initial: given names first ("Jung H. Pak")
                for s in surnames:
                    by_surname.setdefault(s, set()).add(m.keys[0])
                if len(words) >= 2 and words[0] not in surnames_of(name):
                    by_first.setdefault(words[0], set()).add(m.keys[0])
                first_at.setdefault(m.keys[0], m.start)
        titled_new: dict[str, str] = {}
        for tok in self.toks:
            if tok.i in self.taken or self.sent_of[tok.i] in self.skip_sent:
                continue
            found = self._surname_at(tok)
            if found is None:
                continue
            word, end = found
            title = self._title_before(tok)
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if not title and prev is not None and prev.text[:1].isupper() and prev.is_alpha and prev.pos_ == "PROPN" and \
                    prev.i not in self.taken and self.sent_of[prev.i] == self.sent_of[tok.i] and not tok.is_sent_start:
                continue
            words = [t.lower_.rstrip(".") for t in title]
            keys = by_surname.get(word) or (by_first.get(word) if title else None)
            if keys:
                key = self._choose_namesake(tok, keys, words, first_at)
                if key is not None:
                    self._add(_Mention(tok.i, end, tok.i, "surname", self.sent_of[tok.i],
                                       via="title-surname" if title else "surname"), key)
                    self._note_title(key, words)
                    self.taken.update(range(tok.i, end))
                continue
            if title and tok.ent_type_ == "PERSON" and tok.lower_ not in lex["person_nouns"] and end == tok.i + 1:
                titled_new.setdefault(word, f"person:{slug(word)}@{doc._.article_id or 'article'}")
        if not titled_new:
            return
        # A titled surname no full name explains: a person of its own, known in this article only.
        for tok in self.toks:
            if tok.i in self.taken or self.sent_of[tok.i] in self.skip_sent:
                continue
            found = self._surname_at(tok)
            if found is None or found[0] not in titled_new:
                continue
            word = found[0]
            key = titled_new[word]
            title = self._title_before(tok)
            words = [t.lower_.rstrip(".") for t in title]
            if not title:
                prev = doc[tok.i - 1] if tok.i > 0 else None
                if prev is not None and prev.text[:1].isupper() and prev.is_alpha and not tok.is_sent_start:
                    continue
            rec = doc._.entities.get(key)
            if rec is None:
                rec = doc._.entities[key] = EntityRecord(key=key, kind="person", label=word)
            rec.names.add(word)
            self._add(_Mention(tok.i, tok.i + 1, tok.i, "surname", self.sent_of[tok.i], ekind="person",
                               keys=(key,), via="titled-person"), key)
            self._note_title(key, words)
            self.taken.add(tok.i)

    def _note_title(self, key: str, words: list[str]) -> None:
        for w in words:
            g = word_gender(w)
            if g:
                self.clusters[self.by_key[key]].genders.add(g)
        ws = [w for w in words if w not in self.lex["honorifics"]]
        if ws:
            self.title_words.setdefault(key, set()).update(ws)

    def _choose_namesake(self, tok: Token, keys: set[str], words: list[str], first_at: dict) -> str | None:
        """Which of the people bearing a surname a bare or titled surname is."""
        lex = self.lex
        gender = next((g for w in words if (g := word_gender(w))), None)
        posts = [w for w in words if w not in lex["honorifics"]]
        cls = next((lex["role_class"][w] for w in reversed(posts) if w in lex["role_class"]), None)
        compatible, matched = [], []
        for key in sorted(keys, key=lambda k: first_at[k]):
            c = self.clusters[self.by_key[key]]
            if gender and c.gender and c.gender != gender:
                continue
            known = self.title_words.get(key, set())
            known_classes = {lex["role_class"][w] for w in known if w in lex["role_class"]}
            if posts and known and (set(posts) <= known or (cls and cls in known_classes)):
                matched.append(key)
            elif len(keys) == 1 and cls and known_classes and cls not in known_classes:
                return None  # the one namesake holds another kind of post: perhaps another person
            compatible.append(key)
        if len(matched) == 1:
            return matched[0]
        pool = matched or compatible
        if len(pool) == 1:
            return pool[0]
        if not pool:
            return None
        # the one named last, if no other namesake was named in that sentence or since
        last: dict[str, int] = {}
        for m in self.mentions:
            key = self.cluster_of(m).key
            if m.start < tok.i and key in pool:
                last[key] = max(last.get(key, -1), m.start)
        if not last:
            return None
        ordered = sorted(last, key=lambda k: -last[k])
        if len(ordered) > 1 and self.sent_of[last[ordered[1]]] >= self.sent_of[last[ordered[0]]]:
            # the one the article already calls by the bare surname, the others always named in full
            bare = {self.cluster_of(m).key for m in self.mentions if m.start < tok.i and m.via == "surname"
                    and self.cluster_of(m).key in pool}
            return next(iter(bare)) if len(bare) == 1 and not words else None
        return ordered[0]

    # ---- 3. role descriptions ---------------------------------------------------------

    def _is_title_of_name(self, tok: Token) -> bool:
        """A title written with its name ("counterpart Pablo Rojas", "Rojas, the envoy")."""
        if tok.dep_ in ("compound", "attr", "npadvmod", "oprd"):
            return True
        if tok.dep_ == "appos" and (tok.head.i in self.mention_span or tok.head.i in self.at):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "as":  # "named Holm as his envoy"
            return True
        if tok.i in self.titled_heads:  # "Chile's envoy for Peru, Ana Vidal": the titles layer paired them
            return True
        return any(c.dep_ in ("appos", "compound", "flat") and self._names_person(c) for c in tok.children)

    def _names_person(self, tok: Token) -> bool:
        """Whether a token is part of a person's name or a mention of one ("US" in "his US
        counterpart" is a country, not the name the title is written with)."""
        span = self.mention_span.get(tok.i)
        if span is not None:
            return span.label_ == "person"
        m = self.at.get(tok.i)
        return m is not None and m.ekind == "person"

    def _role_np(self, tok: Token) -> _Mention | None:
        """A definite singular NP describing a person by post ("the Canadian negotiator")."""
        lex = self.lex
        lemma = tok.lemma_.lower()
        counterpart = lemma in lex["counterpart_heads"]
        if not (counterpart or lemma in lex["role_class"]) or tok.tag_ not in ("NN", "NNP"):
            return None
        if tok.i in self.mention_span or tok.i in self.taken or self._is_title_of_name(tok):
            return None
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        country = self._np_country(tok)
        if det is not None and det.lower_ != "the":
            return None
        if tok.tag_ == "NNP" and det is None:
            return None  # "Deputy Special Representative ... Dr. Pak": a title in a name
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in lex["office_nouns"]:
            return None  # "the envoy's post": the office, not its holder
        if det is None and poss is None and country is None:
            return None
        words = self._np_words(tok)
        start = min([tok.i, *[c.left_edge.i for c in tok.children if c.i < tok.i]])
        gender = next((g for w in words if (g := word_gender(w))), None)
        return _Mention(start, tok.i + 1, tok.i, "counterpart" if counterpart else "role", self.sent_of[tok.i],
                        gender=gender, country=country, words=words)

    def _nominal(self, tok: Token) -> _Mention | None:
        """A noun phrase describing a person no pass resolves ("a senior diplomat", "his sister")."""
        if tok.lemma_.lower() not in self.lex["person_nouns"] or tok.tag_ != "NN" or tok.i in self.mention_span:
            return None
        if tok.i in self.at or tok.i in self.taken or self._is_title_of_name(tok):
            return None
        if not any(c.dep_ in ("det", "poss") for c in tok.children):
            return None
        return _Mention(tok.left_edge.i, tok.i + 1, tok.i, "nominal", self.sent_of[tok.i],
                        gender=word_gender(tok.lower_))

    def _post_matches(self, post: _Post, m: _Mention) -> bool:
        lex = self.lex
        if m.country and post.country != m.country:
            return False
        head = self.doc[m.head].lemma_.lower()
        cls = lex["role_class"].get(head)
        if cls is None or not any(lex["role_class"].get(w) == cls for w in post.words | {post.head}):
            return False
        # a modifier some post of the article carries must be in this one ("the vice minister")
        return all(w in post.words for w in m.words if w != head and w in self.post_vocab)

    def _role_pass(self) -> None:
        for tok in self.toks:
            if self.sent_of[tok.i] in self.skip_sent:
                continue
            m = self._role_np(tok)
            if m is None:
                n = self._nominal(tok)
                if n is not None:
                    self._add(n)
                continue
            self._add(m)

    def _resolve_role(self, m: _Mention) -> None:
        """The one holder of such a post named before, if nobody else could be meant."""
        holders = self._holders_before(m)
        if len(holders) == 1 and self._salient(holders[0], m):
            self._link(m, self._first_mention(holders[0]), "role-post")
        elif len(holders) > 1 and m.rank >= 1 and m.country is None:
            key = self._topic_holder(m, holders)
            if key is not None:
                self._link(m, self._first_mention(key), "role-topic")

    def _topic_holder(self, m: _Mention, holders: list[str]) -> str | None:
        """Several holders of such a post named before a subject role NP ("Minister Holm will
        visit Lima at the invitation of Minister Ruiz. The minister will leave on Monday"): the
        one the sentence before has as its main subject, when no other holder is a subject there
        and nothing else was named since."""
        prev = self._sentences_back(m.sent, 2)
        if len(prev) < 2:
            return None
        back = prev[1]
        if any(x.sent == m.sent and x.start < m.start and x.ekind == "person" for x in self.mentions):
            return None
        ms = [x for x in self._candidates(back, self.sents[back].end, True, m.quote)
              if self.cluster_of(x).key in holders]
        subjects = {self.cluster_of(x).key for x in ms if x.rank == 2}
        if len(subjects) != 1:
            return None
        key = next(iter(subjects))
        if any(self.cluster_of(x).key != key and not self._peripheral(x) for x in ms):
            return None  # "Holm met Minister Ruiz": the object is as likely meant
        gender = self.cluster_of(m).gender
        if gender and self.cluster_of(self._first_mention(key)).agrees(gender) == "conflict":
            return None
        return key

    def _first_mention(self, key: str) -> _Mention:
        return self.clusters[self.by_key[key]].members[0]

    def _salient(self, key: str, m: _Mention) -> bool:
        """No person whose posts the article leaves unsaid was named since the holder: the
        description could be theirs."""
        last = max(x.start for x in self.clusters[self.by_key[key]].members if x.start < m.start)
        for x in self.mentions:
            if last <= x.start < m.start or self.sent_of[last] == x.sent and x.start < m.start:
                c = self.cluster_of(x)
                if x.ekind == "person" and c.key != key and x.kind not in ("nominal", "role", "counterpart", "pronoun") \
                        and not self.title_words.get(c.key or ""):
                    if m.gender is None or c.gender in (None, m.gender):
                        return False
        return True

    def _holders_before(self, m: _Mention) -> list[str]:
        out = []
        for key, posts in self.posts.items():
            if key in self.by_key and any(self._post_matches(p, m) for p in posts):
                first = min((x.start for x in self.clusters[self.by_key[key]].members if x.kind == "name"), default=None)
                if first is not None and first < m.start:
                    out.append(key)
        return out

    def _title_heads_pass(self) -> None:
        """A title the parser made the head of its own name ("with Special Representative for
        Andean Affairs Ana Ruiz": "Representative" heads the phrase, the name hangs inside it)
        stands for that name, so an argument read at the title reaches the person."""
        doc, lex = self.doc, self.lex
        for tok in self.toks:
            if tok.i in self.mention_span or tok.i in self.taken or not tok.text[:1].isupper() or \
                    tok.lemma_.lower() not in lex["role_class"] and tok.lower_ not in lex["title_words"]:
                continue
            if tok.dep_ in ("compound", "amod") or tok.i in self.at:
                continue
            span = self.mention_span.get(tok.right_edge.i)
            if span is None or span.label_ != "person" or span.start <= tok.i or span.end != tok.right_edge.i + 1:
                continue
            between = doc[tok.i + 1:span.start]
            if any(not (t.text[:1].isupper() or t.lower_ in ("for", "of", "and", "the", "on", "to")) or t.is_punct
                   for t in between):
                continue
            m = self.at.get(_head_of(span))
            if m is None or m.kind != "name":
                continue
            self._add(_Mention(tok.i, tok.i + 1, tok.i, "surname", self.sent_of[tok.i], keys=m.keys,
                               via="title-of-name"), m.keys[0])
            self.taken.add(tok.i)

    def _plural_role_pass(self) -> None:
        """"Chief negotiators of Norway and Chile ..." -> the people named next holding such posts."""
        lex, doc = self.lex, self.doc
        for tok in self.toks:
            if tok.tag_ != "NNS" or lex["role_class"].get(tok.lemma_.lower()) is None or tok.i in self.mention_span:
                continue
            if any(c.dep_ == "appos" for c in tok.children):
                continue
            countries: list[str] = []
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "from", "for"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            countries += [x for t in (p, *p.conjuncts) if (x := self.country_at(t))]
                elif c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < tok.i:
                    countries += [x for t in (c, *c.conjuncts) if (x := self.country_at(t))]
            countries = list(dict.fromkeys(countries))
            if len(countries) < 2:
                continue
            s = self.sent_of[tok.i]
            window = range(tok.i + 1, self.sents[min(s + 2, len(self.sents) - 1)].end)
            cls = lex["role_class"][tok.lemma_.lower()]
            chosen: list[_Mention] = []
            for country in countries:
                best = None
                for i in window:
                    m = self.at.get(i)
                    if m is None or m.kind != "name" or m.ekind != "person" or m in chosen:
                        continue
                    posts = [p for p in self.posts.get(m.keys[0], ()) if p.country == country]
                    if not posts:
                        continue
                    if any(lex["role_class"].get(w) == cls for p in posts for w in p.words) or \
                            any(w in lex["counterpart_heads"] for p in posts for w in p.words):
                        best = m
                        break
                    best = best or m
                if best is not None:
                    chosen.append(best)
            via = "plural-role"
            if 0 < len(countries) - len(chosen) and len(chosen) >= 1:
                # the countries left: a person named there with such a post whose country the
                # article does not give, when there is exactly one per country left
                left = []
                for i in window:
                    m = self.at.get(i)
                    if m is None or m.kind != "name" or m.ekind != "person" or m in chosen or m in left:
                        continue
                    posts = self.posts.get(m.keys[0], ())
                    if posts and all(p.country is None for p in posts) and \
                            any(lex["role_class"].get(w) == cls for p in posts for w in (*p.words, p.head)):
                        left.append(m)
                if len(left) == len(countries) - len(chosen):
                    chosen = sorted([*chosen, *left], key=lambda m: m.start)
            if len(chosen) < len(countries):
                # named before: for each country, the one person holding such a post for it
                back = self._holders_of_kind(countries, cls, tok.i)
                if back:
                    chosen, via = back, "plural-role-back"
            if len(chosen) >= 2:
                start = tok.left_edge.i
                end = max([tok.i + 1, *[t.i + 1 for t in tok.subtree if t.i > tok.i and t.dep_ != "relcl"]])
                pm = _Mention(start, end, tok.i, "plural", s, ekind="group", number="pl",
                              members=tuple(chosen), via=via)
                self._add(pm)

    def _holders_of_kind(self, countries: list[str], cls: str, before: int) -> list[_Mention]:
        """For each country, the first mention of the one person named before holding a post of
        this class for it; [] unless every country has exactly one."""
        role_class = self.lex["role_class"]
        out: list[_Mention] = []
        for country in countries:
            keys = {k for k, posts in self.posts.items() if k in self.by_key and self._named_before(k, before)
                    and any(p.country == country and any(role_class.get(w) == cls for w in (*p.words, p.head))
                            for p in posts)}
            if len(keys) != 1:
                return []
            out.append(self._first_mention(next(iter(keys))))
        return out

    # ---- 4. discourse: pronouns, counterparts, plural anaphors -------------------------

    def _discourse_pass(self) -> None:
        lex = self.lex
        for tok in self.toks:
            if tok.i in self.taken or self.sent_of[tok.i] in self.skip_sent:
                continue
            m = self.at.get(tok.i)
            if m is not None and m.kind == "counterpart" and self.cluster_of(m).key is None:
                self._counterpart(m)
                continue
            if m is not None and m.kind == "role" and self.cluster_of(m).key is None:
                self._resolve_role(m)
                continue
            if m is not None:
                continue
            info = lex["pronouns"].get(tok.lower_)
            if info and tok.pos_ == "PRON" or (tok.lower_ in ("her", "his", "its", "their") and tok.tag_ == "PRP$"):
                if info["person"] != 3:
                    continue
                if info["number"] == "sg" and info["gender"] in ("m", "f"):
                    self._pronoun(tok, info)
                elif info["gender"] == "n":
                    self._it(tok, info)
                elif info["number"] == "pl":
                    self._they(tok)
                continue
            plural = self._plural_np(tok)
            if plural is not None:
                named = self._apposition_group(tok)
                if named:  # "the two ministers, Lavrov and Choe"
                    self._add(_Mention(plural["start"], tok.i + 1, tok.i, "plural", self.sent_of[tok.i], ekind="group",
                                       number="pl", members=named, via="plural-apposition"))
                elif not any(c.dep_ == "appos" for c in tok.children):
                    self._resolve_plural(tok, plural)

    def _pronoun_mention(self, tok: Token, info: dict) -> _Mention:
        m = _Mention(tok.i, tok.i + 1, tok.i, "pronoun", self.sent_of[tok.i], gender=info["gender"])
        return self._add(m)

    def _candidates(self, sent: int, before: int, person: bool, quote: int) -> list[_Mention]:
        out = []
        s = self.sents[sent]
        for i in range(s.start, min(before, s.end)):
            m = self.at.get(i)
            if m is None or m.number != "sg" or self.quote_of[m.head] != quote or m.kind == "speaker":
                continue
            if person and m.ekind == "person":
                out.append(m)
            elif not person and m.ekind == "org":
                out.append(m)
        return out

    def _pick(self, cands: list[_Mention], gender: str, single_only: bool) -> object:
        """The antecedent among one sentence's candidates: None, a mention or _AMBIGUOUS."""
        ok = [m for m in cands if self.cluster_of(m).gender in (None, gender) and len(self.cluster_of(m).keys) <= 1]
        if not ok:
            return None
        by_cluster: dict[int, _Mention] = {}
        for m in ok:  # a cluster's best mention in the sentence
            best = by_cluster.get(m.cid)
            if best is None or (m.rank, m.start) > (best.rank, best.start):
                by_cluster[m.cid] = m
        if len(by_cluster) == 1:
            return next(iter(by_cluster.values()))
        if single_only:
            return _AMBIGUOUS
        ms = list(by_cluster.values())
        # a name inside another's relative clause or apposition is not that sentence's subject
        rank = {m.cid: 0 if any(self._inside_clause_of(m, h) for h in ms if h is not m) else m.rank for m in ms}
        top = max(rank.values())
        tops = [m for m in ms if rank[m.cid] == top]
        if len(tops) > 1 or top == 0:
            return _AMBIGUOUS
        winner = tops[0]
        if self.cluster_of(winner).agrees(gender) == "unknown" and any(
                self.cluster_of(m).agrees(gender) == "match" and not self._inside_clause_of(m, winner)
                for m in by_cluster.values() if m is not winner):
            # "Kim, whom President Holm named envoy, lands on Saturday. It is his first trip":
            # a name inside a relative clause or apposition of the main subject does not compete
            return _AMBIGUOUS
        return winner

    def _peripheral(self, m: _Mention) -> bool:
        """Whether a mention sits in a prepositional phrase, a relative clause or an adverbial
        clause ("at the invitation of Ruiz", "who met Ruiz"), not among its clause's core
        arguments ("met Ruiz", "met with Ruiz", "Holm and Ruiz")."""
        t = self.doc[m.head]
        while t.head.i != t.i:
            if t.dep_ == "pobj" and t.head.lower_ not in ("with", "between", "by", "alongside"):
                return True
            if t.dep_ in ("relcl", "acl", "advcl"):
                return True
            t = t.head
        return False

    def _inside_clause_of(self, m: _Mention, host: _Mention) -> bool:
        """Whether m is inside a relative clause or an apposition attached to host's phrase."""
        t = self.doc[m.head]
        host_tok = self.doc[host.head]
        while t.head.i != t.i:
            if t.dep_ in ("relcl", "acl", "appos") and (t.head.i == host_tok.i or host.start <= t.head.i < host.end):
                return True
            t = t.head
        return False

    def _pronoun(self, tok: Token, info: dict) -> None:
        """he / she / him / her / his / hers / himself / herself."""
        gender = info["gender"]
        pm = self._pronoun_mention(tok, info)
        quote = self.quote_of[tok.i]
        s = self.sent_of[tok.i]
        found = None
        cataphor = self._cataphor(tok, gender)
        # the current sentence, before the pronoun
        cands = [m for m in self._candidates(s, tok.i, True, quote) if m is not pm]
        if tok.dep_ in _SUBJ and tok.head.dep_ == "parataxis":
            # "X, he said, is ...": not X, nor anything else in the clause the parenthetical interrupts
            interrupted = tok.head.head
            cands = [m for m in cands if self._subject_of(m) != interrupted.i
                     and _clause(self.doc[m.head]).i != interrupted.i]
        clause = _clause(tok)
        if info["case"] == "obj" and tok.tag_ == "PRP":
            # "Holm praised him", "Rossi, who stood beside her": not the subject of the clause
            cands = [m for m in cands if not (_clause(self.doc[m.head]).i == clause.i and self._subject_of(m) == clause.i)
                     and not (clause.dep_ == "relcl" and self.doc[m.head].i == clause.head.i)]
        if info["case"] == "refl":
            cands = [m for m in cands if self._subject_of(m) == clause.i]
        elif tok.dep_ in _SUBJ:
            # "With Minister Dahl, he reviewed ...": a subject is never the name in its own clause
            cands = [m for m in cands if _clause(self.doc[m.head]).i != clause.i]
        if cands:
            found = self._pick(cands, gender, single_only=tok.dep_ not in _SUBJ)
        if found is None and not self._unknown_subject_before(tok):
            found = self._pick_back(s, gender, quote)
        if cataphor is not None:
            if found is None or (found is not _AMBIGUOUS and found.cid == cataphor.cid) or \
                    not self._anyone_before_in_paragraph(tok, gender):
                # a fronted adverbial with no one before it in its paragraph points ahead
                self._link(pm, cataphor, "pronoun-cataphora")
            return
        if found is None or found is _AMBIGUOUS:
            return
        if not self._link(pm, found, "pronoun"):
            return
        self.cluster_of(pm).genders.add(gender)

    def _unknown_subject_before(self, tok: Token) -> bool:
        """Whether the pronoun's sentence has, before it, a subject written as a name that no
        layer knows ("Pak arrived ..., her first visit" with "Pak" unresolved): it may be meant."""
        sent = self.sents[self.sent_of[tok.i]]
        for t in self.doc[sent.start:tok.i]:
            if t.dep_ in _SUBJ and t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in self.mention_span \
                    and t.i not in self.at and t.i not in self.taken and not t._.referents \
                    and t.lower_.rstrip(".") not in self.lex["title_words"]:
                return True
        return False

    def _anyone_before_in_paragraph(self, tok: Token, gender: str) -> bool:
        """Whether a person the pronoun could mean is named before it in its own paragraph."""
        s = self.sent_of[tok.i]
        if self.para_of[s] < 0:
            return True
        for back in range(s, -1, -1):
            if self.para_of[back] != self.para_of[s]:
                break
            before = tok.i if back == s else self.sents[back].end
            if any(self.cluster_of(m).agrees(gender) != "conflict"
                   for m in self._candidates(back, before, True, self.quote_of[tok.i])):
                return True
        return False

    def _subject_of(self, m: _Mention) -> int:
        """The verb a mention is the subject of (-1: none)."""
        t = self.doc[m.head]
        while t.dep_ in ("compound", "flat", "appos", "conj") and t.head.i != t.i:
            t = t.head
        return t.head.i if t.dep_ in _SUBJ else -1

    def _pick_back(self, s: int, gender: str, quote: int) -> object:
        """The antecedent in the sentences before: the nearest with a candidate decides."""
        for back in self._sentences_back(s, 4)[1:]:
            if quote >= 0 and not any(self.quote_of[i] == quote for i in range(self.sents[back].start, self.sents[back].end)):
                return None
            cands = self._candidates(back, self.sents[back].end, True, quote)
            if not cands:
                continue
            found = self._pick(cands, gender, single_only=False)
            if found is None:
                continue
            if found is _AMBIGUOUS:
                return found
            if found.rank < 2:
                # an object or a modifier: only if no subject of another person just before
                for earlier in range(back - 1, max(-1, back - 3), -1):
                    more = self._candidates(earlier, self.sents[earlier].end, True, quote)
                    if any(m.rank >= 1 and m.cid != found.cid and self.cluster_of(m).gender in (None, gender)
                           and not (m.kind == "pronoun" and self.cluster_of(m).key is None) for m in more):
                        return _AMBIGUOUS
            return found
        return None

    def _cataphor(self, tok: Token, gender: str) -> _Mention | None:
        """"Throughout her stay in Nairobi, Commissioner Rossi held talks": the main subject."""
        root = self.sents[self.sent_of[tok.i]].root
        subj = next((c for c in root.children if c.dep_ in _SUBJ), None)
        if subj is None or subj.i < tok.i:
            return None
        t = tok
        while t.head.i != root.i and t.head.i != t.i:
            t = t.head
        if t.head.i != root.i or t.dep_ not in ("prep", "advcl", "npadvmod", "advmod") or t.i > subj.i:
            return None
        if max(x.i for x in t.subtree) >= subj.left_edge.i:
            return None
        m = self._entity_at(subj) or next((self.at.get(c.i) for c in subj.children if c.dep_ in ("appos",) and self.at.get(c.i)), None)
        if m is None or m.ekind != "person" or self.cluster_of(m).gender not in (None, gender):
            return None
        return m

    def _it(self, tok: Token, info: dict) -> None:
        """it / its -> a country or an organisation: the subject of its clause or of the clause
        above it, if nothing else of the kind is named between them; at the head of a sentence,
        the subject of the sentence before."""
        if tok.lower_ == "it" and (tok.dep_ not in _SUBJ or tok.head.lemma_ == "be"):
            return
        quote = self.quote_of[tok.i]
        s = self.sent_of[tok.i]
        clause = _clause(tok)
        subj = None
        while True:
            subj = next((c for c in clause.children if c.dep_ in _SUBJ), None)
            if subj is not None and subj.i != tok.i and tok not in list(subj.subtree):
                break
            subj = None
            if clause.head.i == clause.i:
                break
            clause = _clause(clause.head)
        if subj is None:
            if s == 0 or s - 1 in self.skip_sent:
                return
            root = self.sents[s - 1].root
            subj = next((c for c in root.children if c.dep_ in _SUBJ), None)
        if subj is None or subj.i > tok.i or self.quote_of[subj.i] != quote:
            return
        m = self._entity_at(subj)
        if m is None or m.ekind != "org" or len(self.cluster_of(m).keys) != 1:
            return
        speaking = tok.dep_ in _SUBJ and tok.head.lemma_.lower() in self.lex["speech_verbs"]
        for x in self.mentions:  # another country or body named between them could be meant
            if m.end <= x.start < tok.i and x.ekind == "org" and x.cid != m.cid:
                if speaking and (self.quote_of[x.head] != -1 or self.doc[x.head].dep_ not in _SUBJ):
                    continue  # "X blasted Chile ... '...,' it said": what X said, not Chile
                return
        pm = self._add(_Mention(tok.i, tok.i + 1, tok.i, "pronoun", s, ekind="org"))
        self._link(pm, m, "pronoun-it")

    def _entity_at(self, tok: Token) -> _Mention | None:
        """The mention a phrase's head stands for: its own, its name's ("Minister Holm"), the
        name that ends its title phrase ("Special Representative for X Affairs Noh")."""
        m = self.at.get(tok.i)
        if m is not None:
            return m
        if tok.i in self.mention_span:
            return self.at.get(_head_of(self.mention_span[tok.i]))
        for c in tok.children:
            if c.dep_ in ("appos", "compound", "flat") and (c.i in self.at or c.i in self.mention_span):
                return self._entity_at(c)
        if tok.lemma_.lower() in self.lex["role_class"] or tok.lower_ in self.lex["title_words"]:
            end = tok.right_edge.i
            span = self.mention_span.get(end)
            if span is not None and span.label_ == "person":
                return self.at.get(_head_of(span))
        return None

    def _they(self, tok: Token) -> None:
        """they / them / their -> the group named last, or an organisation as subject."""
        s = self.sent_of[tok.i]
        quote = self.quote_of[tok.i]
        group = self._subject_group_before(tok, s)
        if group:
            self._plural_link(tok, group, "pronoun-they")
            return
        start = self.sents[max(0, s - 1)].start
        for j in range(tok.i - 1, start - 1, -1):
            t = self.doc[j]
            if self.quote_of[j] != quote or self.sent_of[j] in self.skip_sent:
                continue
            m = self.at.get(j) or (self.at.get(j) if j in self.mention_span else None)
            if m is None and j in self.mention_span:
                m = self.at.get(_head_of(self.mention_span[j]))
            if m is not None:
                if m.kind in ("plural",) or m.number == "pl":
                    if m.members:
                        self._plural_link(tok, m.members, "pronoun-they")
                    return
                group = self._coordination(self.doc[m.head])
                if group and self._modifies_plural_noun(self.doc[m.head]):
                    return  # "envoys of Norway and Chile ..., their": the envoys, not the countries
                if group:
                    self._plural_link(tok, group, "pronoun-they")
                    return
                if m.ekind == "org" and self.doc[m.head].dep_ in _SUBJ:
                    pm = self._add(_Mention(tok.i, tok.i + 1, tok.i, "pronoun", s, ekind="org"))
                    self._link(pm, m, "pronoun-they-body")
                    return
                if m.ekind in ("person", "org"):
                    return
            elif t.tag_ in ("NNS", "NNPS") or (t.pos_ == "PRON" and t.lower_ in ("they", "them", "their")):
                return

    def _subject_group_before(self, tok: Token, s: int) -> tuple:
        """ "The two envoys discussed the plans for the port. They agreed to meet again": a
        "they" opening a sentence as the subject of its main verb continues the subject of the
        sentence before, when that subject is a group of people (a plural NP resolved to its
        members, or names coordinated), whatever plural nouns stand between them."""
        sent = self.sents[s]
        first = next((t for t in sent if not t.is_space and not t.is_punct), None)
        if s == 0 or first is None or first.i != tok.i or tok.dep_ != "nsubj" or tok.head.dep_ != "ROOT":
            return ()
        if tok.head.lemma_.lower() not in self.lex["people_verbs"]:
            return ()  # "... signed three accords. They take effect": the accords, maybe
        prev = self.sents[s - 1]
        if self.sent_of[prev.start] in self.skip_sent or self.quote_of[tok.i] != self.quote_of[prev.root.i]:
            return ()
        for subj in (c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")):
            m = self.at.get(subj.i)
            if m is not None and m.members and (m.kind == "plural" or m.number == "pl"):
                return tuple(m.members)
            group = self._coordination(subj)
            if group and all(x.ekind == "person" for x in group):
                return group
        return ()

    @staticmethod
    def _modifies_plural_noun(tok: Token) -> bool:
        """Whether a coordination is the "of" / "from" object of a plural noun ("envoys of Norway
        and Chile", "ministers from Peru and Chile") or its modifier ("Norwegian and Chilean envoys")."""
        first = tok
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        h = first.head
        if first.dep_ == "pobj" and h.lower_ in ("of", "from") and h.head.tag_ in ("NNS", "NNPS"):
            return True
        return first.dep_ in ("amod", "compound", "nmod", "poss") and h.tag_ in ("NNS", "NNPS")

    def _coordination(self, head: Token) -> tuple:
        """The mentions coordinated with this one ("Holm and Dahl"), if it is part of one."""
        first = head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        toks = [first, *first.conjuncts]
        if len(toks) < 2:
            return ()
        ms = [self._entity_at(t) for t in toks]
        if any(m is None for m in ms):
            return ()
        out: list[_Mention] = []
        for m in ms:
            out += list(m.members) if m.members else [m]
        return tuple(out) if len(out) >= 2 else ()

    def _plural_link(self, tok: Token, members: tuple, via: str) -> _Mention:
        pm = _Mention(tok.i, tok.i + 1, tok.i, "plural", self.sent_of[tok.i], ekind="group", number="pl",
                      members=members, via=via)
        return self._add(pm)

    def _plural_np(self, tok: Token) -> dict | None:
        """"the two", "the pair", "the two diplomats", "both sides", "the envoys": size and kind."""
        lex = self.lex
        low = tok.lower_
        if tok.i in self.mention_span or tok.i in self.taken:
            return None
        lemma = tok.lemma_.lower()
        if low not in lex["numbers"] and lemma not in lex["group_nouns"] and tok.tag_ != "NNS":
            return None
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
        if low in lex["numbers"] and tok.i > 0 and self.doc[tok.i - 1].lower_ == "the" and low != "both":
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            nxt2 = self.doc[tok.i + 2] if tok.i + 2 < len(self.doc) else None
            nominal = nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.pos_ == "ADJ" and nxt2 is not None
                                           and nxt2.pos_ in ("NOUN", "PROPN"))
            if not nominal and not (nxt is not None and nxt.lower_ == "of"):  # "the two", not "the two of them"
                return {"size": lex["numbers"][low], "kind": "person", "start": tok.i - 1, "classes": None}
            return None
        if low in lex["numbers"] and tok.dep_ not in ("nummod", "quantmod", "compound", "amod", "det", "preconj") \
                and tok.pos_ in ("NUM", "PRON", "DET", "NOUN"):
            if "the" in dets:
                if not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                    return {"size": lex["numbers"][low], "kind": "person", "start": tok.left_edge.i, "classes": None}
            return None
        if lemma in lex["group_nouns"] and tok.tag_ == "NN" and "the" in dets:
            return {"size": lex["group_nouns"][lemma], "kind": "person", "start": tok.left_edge.i, "classes": None}
        if tok.tag_ != "NNS" or low not in (lex["person_plurals"] | lex["side_plurals"] | lex["country_plurals"]):
            return None
        if any(c.dep_ in ("relcl",) or (c.dep_ == "prep" and c.lower_ in ("of", "from")) for c in tok.children):
            return None
        start = min([tok.i, *[c.left_edge.i for c in tok.children if c.i < tok.i]])
        if any(i in self.mention_span for i in range(start, tok.i)):
            return None  # "the Chilean officials": a plural role NP, or other people
        num = next((lex["numbers"][c.lower_] for c in tok.children if c.dep_ == "nummod" and c.lower_ in lex["numbers"]), None)
        poss = any(c.dep_ == "poss" for c in tok.children)
        if "both" in dets:
            num = 2
        elif "the" not in dets and not (poss and lemma in lex["counterpart_heads"] and
                                        (num or self._listed_after(tok))):
            return None
        kind = "country" if low in lex["country_plurals"] else ("any" if low in lex["side_plurals"] else "person")
        classes = lex["plural_role_classes"].get(low)
        if classes is None and lemma in lex["role_class"]:
            classes = [lex["role_class"][lemma]]
        owner = None
        if lemma in lex["counterpart_heads"]:  # "his two counterparts": the others of a group he was in
            owner = next((c.i for c in tok.children if c.dep_ == "poss"), None)
        return {"size": num, "kind": kind, "start": start, "classes": set(classes) if classes else None,
                "owner": owner}

    def _apposition_group(self, tok: Token) -> tuple:
        """The names in apposition to a plural NP ("the two ministers, Berg and Rojas"; the
        parser often reads the first name as a conjunct of the NP)."""
        for c in tok.children:
            if c.dep_ == "appos":
                group = self._coordination(c)
            elif c.dep_ == "conj" and c.i > tok.i and self.doc[tok.i + 1].text == ",":
                ms = [self._entity_at(t) for t in c.conjuncts if t.i != tok.i] + [self._entity_at(c)]
                group = () if any(m is None for m in ms) or len(ms) < 2 else tuple(sorted(ms, key=lambda m: m.start))
            else:
                continue
            if group and all(m.ekind == "person" for m in group):
                return group
        return self._listed_after(tok)

    def _listed_after(self, tok: Token) -> tuple:
        """Titled names listed after a plural NP and a comma, to the end of its clause ("his
        counterparts, Trade Envoy A of Chile and Director-General of the X Bureau B"), read off
        the title and mention layers where the parser loses the apposition."""
        doc = self.doc
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].text != ",":
            return ()
        titles = {sp.start: sp for sp in doc.spans.get(TITLES, [])}
        end = self.sents[self.sent_of[tok.i]].end
        i, found, pending = tok.i + 2, [], False
        while i < end:
            t = doc[i]
            if i in titles and titles[i].end > i:
                i, pending = titles[i].end, True
                continue
            span = self.mention_span.get(i)
            if span is not None and span.label_ == "person":
                m = self.at.get(_head_of(span))
                if m is None:
                    return ()
                found.append(m)
                i, pending = span.end, False
                continue
            if t.lower_ in (",", "and") and not pending:
                i += 1
                continue
            if t.text in ("(", ")") or (span is not None and doc[i - 1].text == "("):
                i += 1
                continue
            break
        if i < end and not doc[i].is_punct or pending or len(found) < 2:
            return ()
        return tuple(found)

    def _groups_in(self, s: int, before: int, quote: int = -1) -> list[tuple[int, tuple, bool]]:
        """The groups named together in a sentence: (position, member mentions, whether they
        act together: a coordinated subject, a subject and its partner, a plural NP)."""
        out: list[tuple[int, tuple, bool]] = []
        sent = self.sents[s]
        for i in range(sent.start, min(before, sent.end)):
            m = self.at.get(i)
            if m is None or self.quote_of[i] != quote or m.kind == "nominal":
                continue
            tok = self.doc[i]
            t = tok
            while t.dep_ in ("compound", "flat", "appos") and t.head.i != t.i:
                t = t.head
            if m.members:  # a plural NP; "their" only passes on a group, it does not make one act
                out.append((i, m.members, m.via != "pronoun-they"))
                poss = next((c for c in tok.children if c.dep_ == "poss"), None)
                owner = self.at.get(poss.i) if poss is not None and tok.lemma_.lower() in self.lex["counterpart_heads"] else None
                if owner is not None and self.cluster_of(owner).key and owner.ekind == "person" and \
                        owner.cid not in {x.cid for x in m.members}:
                    # "consultations with his counterparts, A and B": he and they are a group
                    out.append((i, (owner, *m.members), True))
            if t.dep_ != "conj":
                group = self._coordination(t)
                if group:
                    out.append((max(i, *[x.head for x in group]), group, t.dep_ in _SUBJ))
            if t.dep_ == "poss" and t.head.pos_ == "NOUN":
                # "Holm's talks with Rojas", "his meeting with the minister"
                owner = self._coordination(t) or (m.members or (m,))
                partners = []
                for p in t.head.children:
                    if p.dep_ == "prep" and p.lower_ in ("with", "between"):
                        for o in p.children:
                            if o.dep_ == "pobj":
                                partners += [x for c in (o, *o.conjuncts) if (x := self._entity_at(c)) is not None
                                             and c.i < before and x.ekind == "person" and x.kind != "nominal"]
                if partners:
                    group = tuple(dict.fromkeys([*owner, *partners]))
                    out.append((max(i, *[x.head for x in group]), group, True))
            if t.dep_ in _SUBJ:
                subj = self._coordination(t) or (m.members or (m,))
                partners = self._partners(t.head, before)
                if partners:
                    group = tuple(dict.fromkeys([*subj, *partners]))
                    out.append((max(i, *[x.head for x in group]), group, True))
        return sorted(out, key=lambda g: g[0])

    def _partners(self, verb: Token, before: int) -> list[_Mention]:
        """Whom a verb's subject acts with: "met Rojas", "talks with Rojas", "joined by Rojas"."""
        out: list[_Mention] = []
        for x in verb.children:  # "are to be joined by", "plans to meet": the verb the subject controls
            if x.dep_ == "xcomp" and x.pos_ in ("VERB", "AUX"):
                out += self._partners(x, before)
        partner_verb = verb.lemma_.lower() in self.lex["partner_verbs"]

        def take(t: Token) -> None:
            for x in (t, *t.conjuncts):
                m = self._entity_at(x)
                if m is not None and x.i < before and m.ekind == "person" and m.kind != "nominal":
                    out.extend(m.members or (m,))

        for c in verb.children:
            if c.dep_ == "dobj":
                if partner_verb:
                    take(c)
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("with", "between"):
                        for o in p.children:
                            if o.dep_ == "pobj":
                                take(o)
            elif (c.dep_ == "prep" and c.lower_ in ("with", "alongside", "between")) or \
                    (c.dep_ == "agent" and partner_verb):
                for o in c.children:
                    if o.dep_ == "pobj":
                        take(o)
        return out

    def _resolve_plural(self, tok: Token, plural: dict) -> None:
        s = self.sent_of[tok.i]
        size, kind, classes = plural["size"], plural["kind"], plural["classes"]
        owner = None
        if plural.get("owner") is not None:
            om = self.at.get(plural["owner"])
            owner = self.cluster_of(om).key if om is not None else None
            if owner is None:
                return
        clause = _clause(tok)
        others = {self.cluster_of(x).key for x in self.mentions if x.sent == s and x.head != tok.i
                  and _clause(self.doc[x.head]).i == clause.i}  # "the pair were received by Putin"
        # a number says which group; without one, only a group named just before
        for back in self._sentences_back(s, 6 if size else 2):
            if size is None and kind == "person" and self.para_of[back] != self.para_of[s]:
                break  # "the envoys" with no number: a group of people of its own paragraph only
            before = tok.i if back == s else self.sents[back].end
            for _, group, together in reversed(self._groups_in(back, before, self.quote_of[tok.i])):
                if kind == "any" and not together:
                    continue  # "both sides": the sides of something done together
                if owner is not None:
                    if not any(self.cluster_of(m).key == owner for m in group):
                        continue
                    group = tuple(m for m in group if self.cluster_of(m).key != owner)
                if not self._group_fits(group, size, kind, classes, others):
                    continue
                pm = _Mention(plural["start"], tok.i + 1, tok.i, "plural", s, ekind="group", number="pl",
                              members=group, via="plural-group")
                self._add(pm)
                return

    def _sentences_back(self, s: int, n: int) -> list[int]:
        """This sentence and the ones before it, n in all, counting only sentences with a verb
        (a speaker's label or a heading on its own line is not one) and no captions."""
        out: list[int] = []
        for back in range(s, -1, -1):
            if len(out) >= n:
                break
            if back in self.skip_sent:
                continue
            if back == s or any(t.pos_ in ("VERB", "AUX") for t in self.sents[back]):
                out.append(back)
        return out

    def _group_fits(self, group: tuple, size, kind: str, classes, others: set) -> bool:
        lex = self.lex
        labels = {"person" if m.ekind == "person" else ("country" if m.label == "country" else "body") for m in group}
        if kind == "person" and labels != {"person"} or kind == "country" and labels != {"country"}:
            return False
        if kind == "any" and labels not in ({"person"}, {"country"}):
            return False
        clusters = list(dict.fromkeys(m.cid for m in group))
        if size is not None and len(clusters) != size or len(clusters) < 2:
            return False
        if any(self.clusters[c].key in others for c in clusters if self.clusters[c].key):
            return False
        if classes:
            for c in clusters:
                known = {lex["role_class"].get(w) for w in self.title_words.get(self.clusters[c].key or "", ())} - {None}
                if known and not known & classes:
                    return False
        return True

    def _counterpart(self, m: _Mention) -> None:
        """"his Chilean counterpart": a person holding a post for that country, not the possessor."""
        tok = self.doc[m.head]
        if m.country is None:
            return
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        owner = self.at.get(poss.i) if poss is not None else None
        owner_key = self.cluster_of(owner).key if owner is not None else None
        if poss is not None and poss.pos_ == "PRON" and owner_key is None:
            return
        found = set()
        for key, posts in self.posts.items():
            if key != owner_key and key in self.by_key and any(p.country == m.country for p in posts):
                first = min((x.start for x in self.clusters[self.by_key[key]].members if x.kind == "name"), default=None)
                if first is not None and first < m.start:
                    found.add(key)
        if len(found) == 1:
            self._link(m, self._first_mention(next(iter(found))), "counterpart")

    def _counterpart_forward(self, m: _Mention) -> None:
        """"his Chilean counterpart" before anyone of Chile is named: the one person named in
        the next sentences holding a post for that country of the owner's kind (an envoy's
        counterpart is an envoy), not a co-argument of the NP."""
        tok = self.doc[m.head]
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        owner = self.at.get(poss.i) if poss is not None else None
        owner_key = self.cluster_of(owner).key if owner is not None else None
        if m.country is None or owner_key is None:
            return
        if any(p.country == m.country for k, ps in self.posts.items() if k != owner_key and k in self.by_key
               and self._named_before(k, m.start) for p in ps):
            return  # someone of that country named before: the backward rule's case
        role_class = self.lex["role_class"]
        owner_classes = {role_class[w] for w in self.title_words.get(owner_key, ()) if w in role_class}
        ahead = self._sentences_ahead(m.sent, 3)
        found = set()
        for key, posts in self.posts.items():
            if key == owner_key or key not in self.by_key:
                continue
            first = min((x for x in self.clusters[self.by_key[key]].members if x.kind == "name"),
                        key=lambda x: x.start, default=None)
            if first is None or first.start < m.end or first.sent not in ahead or first.quote >= 0:
                continue
            mine = [p for p in posts if p.country == m.country]
            if not mine:
                continue
            classes = {role_class[w] for p in mine for w in (*p.words, p.head) if w in role_class}
            if owner_classes and not classes & owner_classes:
                continue  # "his counterpart" of an envoy is no minister
            if self._co_argument(m, first) or self._co_argument(owner, first):
                continue
            found.add(key)
        if len(found) == 1 and not self._unheld_post(m, ahead):
            self._link(m, self._first_mention(next(iter(found))), "counterpart-forward")

    def _unheld_post(self, m: _Mention, sents: set) -> bool:
        """Whether those sentences give a post for the NP's country whose holder no name gives
        ("X, Chile's envoy" with X missed by the recogniser): that holder could be meant."""
        for span in self.doc.spans.get(TITLES, []):
            info = span._.post
            if info is None or info.country != m.country or info.holder or self.sent_of[span.start] not in sents:
                continue
            if span.start <= m.head < span.end or info.kind == "relational":
                continue
            token = getattr(info, "holder_token", None)
            if token is not None and token in self.at and self.cluster_of(self.at[token]).key:
                continue
            head = getattr(info, "head_token", None)
            if head is not None and head in self.at and self.cluster_of(self.at[head]).key:
                continue
            return True
        return False

    def _owner_classes(self, m: _Mention) -> set:
        """The kinds of post a counterpart NP's owner holds ("his counterpart": his posts)."""
        tok = self.doc[m.head]
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        owner = self.at.get(poss.i) if poss is not None else None
        key = self.cluster_of(owner).key if owner is not None else None
        role_class = self.lex["role_class"]
        return {role_class[w] for w in self.title_words.get(key or "", ()) if w in role_class}

    def _kind_agrees(self, m: _Mention, key: str) -> bool:
        """A counterpart holds a post of the owner's kind, when the article gives both."""
        owner_classes = self._owner_classes(m)
        role_class = self.lex["role_class"]
        classes = {role_class[w] for w in self.title_words.get(key, ()) if w in role_class}
        return not owner_classes or not classes or bool(owner_classes & classes)

    def _named_before(self, key: str, pos: int) -> bool:
        return any(x.kind == "name" and x.start < pos for x in self.clusters[self.by_key[key]].members)

    def _sentences_ahead(self, s: int, n: int) -> set[int]:
        """This sentence and the n after it that have a verb (captions not counted)."""
        out = {s}
        for nxt in range(s + 1, len(self.sents)):
            if len(out) > n:
                break
            if nxt in self.skip_sent:
                continue
            if any(t.pos_ in ("VERB", "AUX") for t in self.sents[nxt]):
                out.add(nxt)
        return out

    # ---- 5. role NPs resolved forward --------------------------------------------------

    def _forward_role_pass(self) -> None:
        taken_by: dict[str, int] = {}
        for m in list(self.mentions):
            if m.kind not in ("role", "counterpart") or self.cluster_of(m).key is not None:
                continue
            if m.kind == "counterpart":
                self._counterpart_forward(m)
                if self.cluster_of(m).key is not None:
                    continue
            s = m.sent
            last = min(s + 1, len(self.sents) - 1)
            own = [x for x in self.cluster_of(m).members if x is not m]
            if m.kind == "role" and self._holders_before(m):
                continue  # someone named before holds such a post: not a new person
            cls = self.lex["role_class"].get(self.doc[m.head].lemma_.lower())
            found: list[_Mention] = []
            for i in range(m.end, self.sents[last].end):
                n = self.at.get(i)
                if n is None or n.kind != "name" or n.ekind != "person" or n.quote >= 0:
                    continue
                key = n.keys[0]
                c = self.clusters[self.by_key[key]]
                if any(x.start < m.start for x in c.members):
                    continue  # named before: the post pass had its chance
                if m.country and any(p.country and p.country != m.country for p in self.posts.get(key, ())):
                    continue
                if self.cluster_of(m).gender and c.gender and c.gender != self.cluster_of(m).gender:
                    continue
                if any(self._co_argument(x, n) for x in [m, *own]):
                    continue
                if m.kind == "role" and not any(self.lex["role_class"].get(w) == cls for w in self.title_words.get(key, ())):
                    continue  # "the minister" is someone titled as one
                if m.kind == "counterpart" and not self._kind_agrees(m, key):
                    continue  # an envoy's counterpart is no minister
                if taken_by.get(key, -1) == s:
                    continue
                found.append(n)
            if m.kind == "counterpart" and m.country and self._unheld_post(m, set(range(s, last + 1))):
                continue
            if not found and m.kind == "role":
                found = self._sole_holder_after(m, own)
            if len({n.cid for n in found}) == 1 and self._link(m, found[0], "role-forward"):
                taken_by[found[0].keys[0]] = s

    def _sole_holder_after(self, m: _Mention, own: list) -> list:
        """ "Norway's foreign minister" in a lead paragraph, "Norwegian Foreign Minister Ingrid
        Berg" paragraphs later: a role NP that names its country, when exactly one person of
        the whole article holds such a post for that country and is first named after it."""
        if not m.country or m.quote >= 0:
            return []
        holders = [key for key, posts in self.posts.items()
                   if key in self.by_key and any(self._post_matches(p, m) for p in posts)]
        if len(holders) != 1:
            return []
        c = self.clusters[self.by_key[holders[0]]]
        names = [x for x in c.members if x.kind == "name"]
        if not names or min(x.start for x in names) < m.start:
            return []
        n = min(names, key=lambda x: x.start)
        if n.quote >= 0 or (self.cluster_of(m).gender and c.gender and c.gender != self.cluster_of(m).gender):
            return []
        if any(self._co_argument(x, n) for x in [m, *own]):
            return []
        return [n]

    def _co_argument(self, a: _Mention, b: _Mention) -> bool:
        """Whether two mentions are arguments of one clause (so they are two people)."""
        return _clause(self.doc[a.head]).i == _clause(self.doc[b.head]).i

    # ---- 6. quoted speakers -------------------------------------------------------------

    def _quote_speaker_pass(self) -> None:
        lex = self.lex
        quote_sents: dict[int, set] = {}
        for i, q in enumerate(self.quote_of):
            if q >= 0:
                quote_sents.setdefault(q, set()).add(self.sent_of[i])
        for tok in self.toks:
            q = self.quote_of[tok.i]
            if q < 0 or tok.i in self.taken or tok.i in self.at or self.sent_of[tok.i] in self.skip_sent:
                continue
            info = self._first_person(tok)
            if not info or info["number"] != "sg":
                continue
            sents = quote_sents.get(q, set())
            speakers = set()
            for s in sents:
                for t in self.sents[s]:
                    if t.lemma_.lower() in lex["speech_verbs"] and t.pos_ == "VERB" and self.quote_of[t.i] < 0:
                        for c in t.children:
                            if c.dep_ == "nsubj" and self.quote_of[c.i] < 0:
                                m = self.at.get(c.i)
                                key = self.cluster_of(m).key if m is not None and m.ekind == "person" else None
                                speakers.add(key)
            if len(speakers) == 1 and None not in speakers:
                key = next(iter(speakers))
                m = self._add(_Mention(tok.i, tok.i + 1, tok.i, "speaker", self.sent_of[tok.i], keys=(key,),
                                       via="quote-speaker"), key)

    # ---- output ---------------------------------------------------------------------

    def _referents(self, m: _Mention) -> tuple:
        if m.members:
            keys = []
            for x in m.members:
                k = self.cluster_of(x).key
                if k is None:
                    return ()
                if k not in keys:
                    keys.append(k)
            return tuple(keys) if len(keys) >= 2 else ()
        k = self.cluster_of(m).key
        return (k,) if k else ()

    def _write(self) -> None:
        doc = self.doc
        refs: list[Span] = []
        own: dict[int, tuple] = {}
        for m in self.mentions:
            if m.kind == "name":
                continue
            keys = self._referents(m)
            if not keys:
                continue
            span = Span(doc, m.start, m.end)
            span._.referents = keys
            span._.via = m.via or m.kind
            refs.append(span)
            own[m.head] = keys
        for span in sorted(refs, key=lambda s: (s.start, s.end)):
            for i in range(span.start, span.end):
                if i in doc._.refs or (i in own and i != span.root.i and own[i] != span._.referents):
                    continue
                if i != span.root.i and (doc[i].pos_ == "PRON" or i in self.mention_span):
                    continue
                doc._.refs[i] = span._.referents
        for i, keys in own.items():
            if i not in doc._.refs or doc._.refs[i] != keys and i not in self.mention_span:
                doc._.refs[i] = keys
        doc.spans[REFERENCES] = sorted(refs, key=lambda s: (s.start, s.end))


def _head_of(span: Span) -> int:
    """The token a name's clause role is read from: the one attached outside the name, the
    last if the parser split it ("Ulrike" as an interjection, "Lefebvre" the subject)."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    good = [t for t in outside if t.dep_ not in ("intj", "dep", "punct", "compound")]
    return (good or outside or [span.root])[-1].i


def _cased(word: str) -> str:
    """A word written in capitals, as a name is usually written ("SHERMAN" -> "Sherman")."""
    return word.title() if word.isupper() and len(word) > 1 else word


def _clause(tok: Token) -> Token:
    """The verb of the clause a token belongs to (the token itself if it is one)."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1
