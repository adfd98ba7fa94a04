"""Mentions and coreference within one article.

`ArticleContext` finds every mention of a person, country, place or organisation in the
parsed paragraphs (gazetteer names first, then the model's entities, then surnames of people
already named), and resolves what pronouns, surnames, metonyms ("Washington demands") and
role descriptions point to. The extractors of posts, events, positions and statements read
facts off these mentions; none of them touches RDF.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ...kb import KB, KOREAN_SURNAMES, normalise_quotes
from ...model import Article, EntityRecord, Span
from ..nlp import Paragraph
from ...names import org_kind_from_name, person_key, slug, surnames_of

_KOREAN_NAME = re.compile(r"\b([A-Z][a-z]{0,4}) ([A-Z][a-z]{1,5}-[a-z]{1,5}|[A-Z][a-z]{1,5} [A-Z][a-z]{1,5})\b(?![-\w])")
ORG_HEADS = re.compile(r"\b(Ministry|Department|Institute|Agency|Council|Committee|Commission|Party|Office|"
                       r"University|Center|Centre|Foundation|Administration|Assembly|Bureau|Service|Army|"
                       r"Embassy|Group|Forum|Organization|Organisation|Association|Corporation|Academy)\b")
NAME_BLOCKLIST = {"Koreas", "Link", "Published", "Anchor", "Pkg", "Soundbite", "COVID-19", "Christmas"}
TITLE_WORDS = {"president", "minister", "secretary", "chairman", "leader", "representative", "envoy",
               "ambassador", "director", "spokesperson", "spokesman", "spokeswoman", "adviser", "advisor",
               "general", "premier", "chief", "deputy", "vice", "senator", "professor", "dr.", "mr.", "ms.",
               "mrs.", "special", "foreign", "first", "lady", "sen.", "rep.", "gen."}


@dataclass
class Mention:
    key: str
    kind: str  # person | country | place | outlet | ministry | government | institute | international | organization | workinggroup
    para: int
    start: int  # token index in the paragraph doc
    end: int
    text: str
    country_alt: str | None = None  # for capitals: the country they stand for when acting
    via: str = "name"  # name | surname | pronoun | metonym | role


@dataclass
class Sentence:
    index: int
    para: int
    span: object  # spaCy Span
    start: int  # body offset
    end: int
    caption: bool = False

    @cached_property
    def text(self) -> str:
        return self.span.text


@dataclass
class ArticleContext:
    article: Article
    kb: KB
    paras: list[Paragraph]
    docs: list
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    _by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)
    home_country: str | None = None
    post_holders: list[tuple[str, str]] = field(default_factory=list)  # (person, post) as read so far

    # ---- construction -------------------------------------------------------------------

    @classmethod
    def build(cls, article: Article, kb: KB, paras: list[Paragraph], docs: list) -> "ArticleContext":
        ctx = cls(article=article, kb=kb, paras=paras, docs=docs)
        for pi, (p, doc) in enumerate(zip(paras, docs)):
            for sent in doc.sents:
                text = sent.text.rstrip()
                if not text.strip():
                    continue
                start = p.start + sent.start_char
                ctx.sentences.append(Sentence(index=len(ctx.sentences), para=pi, span=sent, start=start,
                                              end=start + len(text), caption=p.caption))
        ctx._set_home_country()
        ctx._find_names()
        ctx._find_surnames()
        for sent in ctx.sentences:  # places and organisations last: "Biegun" is a surname first
            for ent in sent.span.ents:
                if ent.label_ != "PERSON":
                    ctx._model_entity(ent, sent)
        return ctx

    @property
    def published(self) -> date | None:
        return date.fromisoformat(self.article.published) if self.article.published else None

    def evidence(self, sent: Sentence) -> Span:
        text = self.article.body[sent.start:sent.end]
        return Span(sent.start, sent.end, text)

    def _add(self, m: Mention, sent: Sentence | None = None) -> Mention:
        for i in range(m.start, m.end):
            if (m.para, i) in self._by_token:
                return self._by_token[(m.para, i)]
        for i in range(m.start, m.end):
            self._by_token[(m.para, i)] = m
        self.mentions.append(m)
        return m

    def register(self, key: str, kind: str, label: str, *, country: str | None = None,
                 parent: str | None = None) -> EntityRecord:
        rec = self.entities.get(key)
        if rec is None:
            rec = self.entities[key] = EntityRecord(key=key, kind=kind, label=label)
        rec.names.add(label)
        rec.country = rec.country or country
        rec.parent = rec.parent or parent
        return rec

    def note_span(self, key: str, sent: Sentence) -> None:
        if sent.caption:
            return
        spans = self.spans.setdefault(key, [])
        ev = self.evidence(sent)
        if ev not in spans:
            spans.append(ev)

    def _register_kb(self, entry) -> None:
        self.register(entry.key, entry.kind, entry.label, country=entry.country, parent=entry.parent)
        if entry.country and entry.country in self.kb.entries:
            self._register_kb(self.kb.entries[entry.country])
        if entry.parent and entry.parent in self.kb.entries:
            self._register_kb(self.kb.entries[entry.parent])

    def _find_names(self) -> None:
        kb = self.kb
        for sent in self.sentences:
            doc, para_text = self.docs[sent.para], self.paras[sent.para].text
            # Token texts and character bounds, read once: slicing the text is much cheaper
            # than building a spaCy Span for every candidate.
            texts = [t.text for t in sent.span]
            bounds = [(t.idx, t.idx + len(t)) for t in sent.span]
            first, last = sent.span.start, sent.span.end
            i = first
            while i < last:
                the = texts[i - first].lower() == "the" and i + 1 < last
                words = kb.words_of_names_starting(texts[i + 1 - first] if the else texts[i - first])
                if not words:  # most tokens: no name of the KB starts here
                    i += 1
                    continue
                matched = False
                # a name of k words spans up to 3k tokens ("Kim Jong-un": 2 words, 4 tokens), +1 for "the"
                for n in range(min(3 * words + the, last - i), 0, -1):
                    text = para_text[bounds[i - first][0]:bounds[i + n - 1 - first][1]]
                    surface = normalise_quotes(text)
                    if not surface[:1].isupper() and not surface.lower().startswith("the "):
                        continue
                    if n > 1 and surface.isupper() and " " not in surface:
                        continue
                    if texts[i + n - 1 - first] in ("'s", "’s", "'"):
                        continue
                    entry = kb.lookup(surface)
                    country_alt = kb.metonym(surface)
                    if entry is None and country_alt and surface.lower().startswith("the "):
                        entry = kb.entries[country_alt]  # "the North", "the Trump administration"
                    if entry is None:
                        if kb.demonym(surface) and doc[i + n - 1].ent_type_ != "PERSON":
                            i += n  # "South Korean": a modifier, not a mention of the country
                            matched = True
                            break
                        continue
                    if entry.country == "*":
                        key = self.national_body(entry, sent, i)
                        self._add(Mention(key, entry.kind, sent.para, i, i + n, text), sent)
                        self.note_span(key, sent)
                        i += n
                        matched = True
                        break
                    self._register_kb(entry)
                    name = surface[4:] if surface.lower().startswith("the ") else surface
                    if not country_alt and _is_proper_name(surface, kb) and name != entry.label:
                        self.entities[entry.key].names.add(name)  # "DPRK": a name it is known by
                    self._add(Mention(entry.key, entry.kind, sent.para, i, i + n, text,
                                      country_alt=country_alt if entry.kind != "country" else None,
                                      via="name"), sent)
                    self.note_span(entry.key, sent)
                    i += n
                    matched = True
                    break
                if not matched:
                    i += 1
            self._korean_names(sent)
            for ent in sent.span.ents:
                if ent.label_ == "PERSON":
                    self._model_entity(ent, sent)

    def _korean_names(self, sent: Sentence) -> None:
        """Romanised Korean names by their shape, whatever the model says: a family name and a
        hyphenated or two-syllable given name ("Lee Do-hoon", "Kim Yo Jong")."""
        doc = self.docs[sent.para]
        for m in _KOREAN_NAME.finditer(sent.span.text):
            if m.group(1) not in KOREAN_SURNAMES:
                continue
            span = doc.char_span(sent.span.start_char + m.start(), sent.span.start_char + m.end(),
                                 alignment_mode="expand")
            if span is None or any((sent.para, i) in self._by_token for i in range(span.start, span.end)):
                continue
            name = m.group(0)
            if self.kb.is_known_name(name):
                continue
            key = person_key(name)
            self.register(key, "person", name)
            self._add(Mention(key, "person", sent.para, span.start, span.end, name), sent)
            self.note_span(key, sent)

    def _model_entity(self, ent, sent: Sentence) -> None:
        doc = ent.doc
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        while end > start and doc[end - 1].text in ("'s", "’s", "'", "’", ",", "-"):
            end -= 1
        if ent.label_ == "PERSON":  # "Choe Son" + "-hui": the model cuts hyphenated given names
            while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_alpha and \
                    not doc[end].whitespace_:
                end += 2
        if start >= end or any((sent.para, i) in self._by_token for i in range(start, end)):
            return
        span = doc[start:end]
        text = span.text.strip()
        if "\n" in text or not text[:1].isupper() or text in NAME_BLOCKLIST:
            return
        if ent.label_ == "PERSON":
            words = text.split()
            while words and words[0].lower().rstrip(".") in TITLE_WORDS:
                words.pop(0)
                start += 1
            if len(words) < 2 or len(words) > 4 or not all(w[:1].isupper() for w in words):
                return
            if any(ch.isdigit() for ch in text) or self.kb.is_known_name(" ".join(words)):
                return
            name = " ".join(words)
            key = person_key(name)
            self.register(key, "person", name)
            self._add(Mention(key, "person", sent.para, start, end, name), sent)
            self.note_span(key, sent)
        elif ent.label_ == "ORG" and not ORG_HEADS.search(text) and start > 0 and \
                doc[start - 1].lower_ in TITLE_WORDS | {"spokesperson", "secretary", "analyst", "scholar"} and \
                2 <= len(text.split()) <= 3 and all(w[:1].isupper() for w in text.split()):
            # "spokesperson Morgan Ortagus": a name after a title is a person, whatever the model says
            key = person_key(text)
            self.register(key, "person", text)
            self._add(Mention(key, "person", sent.para, start, end, text), sent)
            self.note_span(key, sent)
        elif ent.label_ == "ORG" and ORG_HEADS.search(text):
            kind = org_kind_from_name(text)
            key = f"{kind}:{slug(text)}"
            self.register(key, kind, text, country=self._country_near(sent, start))
            self._add(Mention(key, kind, sent.para, start, end, text), sent)
            self.note_span(key, sent)
        elif ent.label_ in ("GPE", "LOC", "FAC") and len(text.split()) <= 5:
            if re.search(r"[a-z]-[A-Z]|^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$", text):
                return  # a Korean personal name the model took for a place
            key = f"place:{slug(text)}"
            self.register(key, "place", text)
            self._add(Mention(key, "place", sent.para, start, end, text), sent)
            self.note_span(key, sent)

    def national_body(self, entry, sent: Sentence, token: int, country: str | None = None) -> str:
        """Key of a body every country has ("the Foreign Ministry"), for the country the context gives."""
        country = country or self._country_near(sent, token, pronouns=True) or self.home_country
        if country is None:
            self.register(entry.key, entry.kind, entry.label)
            return entry.key
        key = f"{entry.key}-{country}"
        self._register_kb(self.kb.entries[country])
        self.register(key, entry.kind, f"{entry.label} ({self.kb.label(country)})", country=country)
        return key

    def rekey_national_body(self, key: str, country: str) -> str:
        """A body first keyed without a country, once its country is known (from a post holder)."""
        entry = self.kb.entries.get(key)
        if entry is None or entry.country != "*":
            return key
        new = f"{key}-{country}"
        self._register_kb(self.kb.entries[country])
        self.register(new, entry.kind, f"{entry.label} ({self.kb.label(country)})", country=country)
        for m in self.mentions:
            if m.key == key:
                m.key = new
        self.spans.setdefault(new, []).extend(s for s in self.spans.pop(key, []) if s not in self.spans.get(new, []))
        self.entities.pop(key, None)
        return new

    def _country_near(self, sent: Sentence, token: int, pronouns: bool = False) -> str | None:
        doc = self.docs[sent.para]
        if pronouns and token > 0 and doc[token - 1].lower_ == "its":
            ref = self.resolve_pronoun(sent, doc[token - 1], person=False)
            if ref and self.kind_of(ref) == "country":
                return ref
        for j in range(token - 1, max(sent.span.start, token - 4) - 1, -1):
            c = self.kb.country_of_name(normalise_quotes(doc[j].text))
            if c:
                return c
            if j > sent.span.start:
                c = self.kb.country_of_name(normalise_quotes(doc[j - 1:j + 1].text))
                if c:
                    return c
        return None

    def _find_surnames(self) -> None:
        """Resolve "Lee", "Biegun", "Kang's" to the people the article names in full."""
        people = [(m, self.entities[m.key]) for m in self.mentions if m.kind == "person"]
        order = {id(m): (m.para, m.start) for m, _ in people}
        by_surname: dict[str, list[tuple[tuple[int, int], str]]] = {}
        for m, rec in people:
            for surname in surnames_of(m.text):
                by_surname.setdefault(surname, []).append((order[id(m)], m.key))
        for sent in self.sentences:
            doc = self.docs[sent.para]
            for tok in sent.span:
                if (sent.para, tok.i) in self._by_token:
                    continue
                word = normalise_quotes(tok.text)
                if word not in by_surname or not word[:1].isupper():
                    continue
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.text[:1].isupper() and nxt.pos_ == "PROPN" and \
                        (sent.para, nxt.i) not in self._by_token:
                    continue  # part of another, unresolved name
                here = (sent.para, tok.i)
                before = [k for pos, k in by_surname[word] if pos <= here]
                after = [k for pos, k in by_surname[word] if pos > here]
                candidates = {k for _, k in by_surname[word]}
                if len(candidates) == 1:
                    key = next(iter(candidates))
                elif before:
                    key = self._most_recent(before, here)
                else:
                    key = after[0]
                self._add(Mention(key, "person", sent.para, tok.i, tok.i + 1, tok.text, via="surname"), sent)
                self.note_span(key, sent)

    def _most_recent(self, keys: list[str], here: tuple[int, int]) -> str:
        best, best_pos = keys[-1], (-1, -1)
        for m in self.mentions:
            if m.key in keys and (m.para, m.start) <= here and (m.para, m.start) > best_pos:
                best, best_pos = m.key, (m.para, m.start)
        return best

    def _set_home_country(self) -> None:
        outlet = self.kb.lookup(self.article.outlet or "")
        if outlet and outlet.country:
            self.home_country = outlet.country
            return
        first = self.sentences[0].text if self.sentences else ""
        m = re.match(r"^[A-Za-z .]+,\s+\w+\.? \d+ \(([^)]+)\)", first)  # dateline "SEOUL, Nov. 19 (Yonhap) --"
        if m:
            e = self.kb.lookup(m.group(1))
            if e and e.country:
                self.home_country = e.country

    # ---- lookups used by the extractors ------------------------------------------------

    def mention_at(self, sent: Sentence, token) -> Mention | None:
        return self._by_token.get((sent.para, token.i))

    def mentions_in(self, sent: Sentence, tokens) -> list[Mention]:
        seen, out = set(), []
        for t in tokens:
            m = self._by_token.get((sent.para, t.i))
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                out.append(m)
        return out

    def sentence_mentions(self, sent: Sentence) -> list[Mention]:
        return sorted((m for m in self.mentions if m.para == sent.para and
                       sent.span.start <= m.start < sent.span.end), key=lambda m: m.start)

    def agent_of(self, sent: Sentence, tok, child_deps: tuple[str, ...] = ("compound",)) -> str | None:
        """The entity a token stands for as an actor: its mention or a modifier's (`child_deps`),
        a capital acting for its country, or what a pronoun refers to."""
        m = self.mention_at(sent, tok)
        if m is None:
            m = next((self.mention_at(sent, c) for c in tok.children
                      if c.dep_ in child_deps and self.mention_at(sent, c)), None)
        if m is not None:
            return self.as_agent(m) if m.kind == "place" else m.key
        if tok.lower_ in ("he", "she"):
            return self.resolve_pronoun(sent, tok, person=True)
        if tok.lower_ in ("it", "its"):
            return self.resolve_pronoun(sent, tok, person=False)
        return None

    def as_agent(self, m: Mention) -> str | None:
        """The entity a mention stands for when it acts: capitals act for their country."""
        if m.kind == "place":
            if m.country_alt:
                return m.country_alt
            return None
        return m.key

    def as_place(self, m: Mention) -> str | None:
        if m.kind in ("place", "country"):
            return m.key
        return None

    def role_holder(self, sent: Sentence, tok) -> str | None:
        """The person a role description points to: "South Korea's top nuclear envoy",
        "his US counterpart" -> the person this article says holds such a post for that country."""
        head = tok.lower_.rstrip("s")
        if head not in ("envoy", "representative", "negotiator", "counterpart", "minister", "secretary"):
            return None
        country = None
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                m = self.mention_at(sent, c)
                if m is not None and m.kind in ("country", "place"):
                    country = m.key if m.kind == "country" else m.country_alt
                else:
                    country = country or self.kb.demonym(normalise_quotes(
                        self.docs[sent.para][c.left_edge.i:c.i + 1].text)) or self.kb.country_of_name(
                        normalise_quotes(c.text))
        envoy = head in ("envoy", "representative", "negotiator", "counterpart")
        if country is None:
            if not any(c.lower_ == "the" for c in tok.children) or head == "counterpart":
                return None
            title = self.docs[sent.para][tok.left_edge.i:tok.i + 1].text.lower().replace("the ", "", 1)
            holders = {p for p, post in self.post_holders
                       if post in self.entities and self.entities[post].label.lower().startswith(title)}
            if not holders:
                return None
            here = (sent.para, tok.i)  # the holder named last: "the Special Representative"
            named = [m for m in self.mentions if m.key in holders and (m.para, m.start) < here]
            return max(named, key=lambda m: (m.para, m.start)).key if named else None
        found = []
        # "Pyongyang's foreign minister": the title as written, to tell it from a vice foreign minister
        words = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i and
                 self.mention_at(sent, c) is None and not self.kb.demonym(normalise_quotes(c.text))]
        title = " ".join([*(c.lower_ for c in sorted(words, key=lambda c: c.i)), tok.lower_])
        for person, post in self.post_holders:
            rec = self.entities.get(post)
            if rec is None or rec.country != country:
                continue
            if (envoy and rec.envoy) or (not envoy and head in rec.label.lower()):
                found.append(person)
        if len(set(found)) > 1 and not envoy and words:
            exact = [p for p, post in self.post_holders if p in found and post in self.entities and
                     self.entities[post].label.lower().split(" (")[0] == title]
            found = exact or found
        return found[0] if len(set(found)) == 1 else None

    def kind_of(self, key: str) -> str:
        rec = self.entities.get(key)
        return rec.kind if rec else ""

    def resolve_pronoun(self, sent: Sentence, token, *, person: bool) -> str | None:
        """What "he", "she", "it", "his" refer to: the nearest earlier subject of that sort.

        The subject of a parenthetical "X, he said, is ..." cannot be X: it is looked for in
        the sentences before."""
        here = (sent.para, token.i)
        if token.dep_ == "nsubj" and token.head.dep_ == "parataxis":
            here = (sent.para, sent.span.start)
        best = None
        for s in reversed(self.sentences[max(0, sent.index - 4):sent.index + 1]):
            if s.caption:
                continue
            cands = []
            for m in self.sentence_mentions(s):
                if (m.para, m.start) >= here:
                    continue
                key = m.key
                if not person and m.kind == "place" and m.country_alt:
                    key = m.country_alt  # "Pyongyang's chief negotiator ... its Foreign Ministry"
                elif (m.kind == "person") != person or (not person and m.kind == "place"):
                    continue
                head = self.docs[m.para][m.end - 1]
                role = head.dep_ if head.dep_ not in ("appos", "compound") else head.head.dep_
                holder = head if head.dep_ not in ("appos", "compound") else head.head
                if role in ("nsubj", "nsubjpass") or (not person and role == "poss"):
                    # the subject of the main clause outranks subjects of subordinate clauses
                    rank = 2 if holder.head.dep_ in ("ROOT", "conj") or holder.head.head.i == holder.head.i else 1
                else:
                    rank = 0
                cands.append((rank, m.start, key))
            if cands:
                top = max(r for r, _, _ in cands)
                if top > 0:
                    return max((c for c in cands if c[0] == top), key=lambda c: c[1])[2]
                if best is None:
                    best = max(cands, key=lambda c: c[1])[2]
        return best


def _is_proper_name(surface: str, kb: KB) -> bool:
    """A form worth keeping as another name: not "the North", "Seoul's ...", "ruling ..."."""
    if surface.lower().startswith("the "):
        entry = kb.lookup(surface)
        surface = surface[4:]
        if " " not in surface and not (entry and surface in entry.aliases):
            return False  # "the North" names the country only with its article; "the DPRK" is "DPRK"
    words = surface.split()
    owner = surface.split("'s ")[0] if "'s " in surface else None
    return (not (owner and kb.is_known_name(owner)) and all(
        w[:1].isupper() or w in ("of", "and", "for", "the") for w in words) and
        not (surface.isupper() and len(surface) > 6))
