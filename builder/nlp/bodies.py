"""peninsula_bodies: joint bodies (working groups, task forces, joint commissions) as mentions.

A joint body is a noun phrase whose head is a body noun of `patterns/bodies.yaml` ("working
group", "task force", "consultative group", "a joint commission"). Its parties are the states
the text says set it up or share it:

- two or more countries in the phrase itself: "the Norway-Chile working group", "a
  Kenyan-Ugandan task force", "a commission between Peru and Ecuador", "their working group"
  (a possessive that coreference resolved to two or more parties);
- the subject of a verb of setting up whose object the body is: "Oslo and Santiago set up a
  commission", "agreed to a task force", "a group launched by Kenya and Uganda", "the body
  Lima and Quito created", "criticised Peru and Chile for setting up the group" (the object
  of the verb a "for" gerund hangs on), "the creation of a task force by ...";
- those who lead it: "led by the foreign ministers of Peru and Chile" (the countries of the
  role NP), "led by X and Y" (the countries of their posts).

A person stands for the country of their post (the titles layer), a ministry for its
country, a capital for its state. Mentions of one body within the article are one: a phrase
with parties of its own opens a body (or joins the one with those parties), a phrase with
none ("the working group", "the group", "the body", "the new channel") is the body of its
kind named last before it. A body with two or more parties is keyed by its kind and its
parties, so two articles name one node: "workinggroup:working-group-chile-norway". A body
noun of a joint kind with no parties given is the article's own ("workinggroup:task-force@<id>");
a "committee" or "commission" with neither parties nor a joint modifier is no joint body.
A name the mentions layer already made an organisation ("the Arctic Consultative Group")
becomes a working group, under its own key, when the text gives two or more parties.

The component runs after coreference (a party is often "their" or "the two ministers") and
adds its spans to `doc.spans["mentions"]` (label "workinggroup"), `Doc._.entities` and
`Doc._.refs`, additively: a token another layer resolved keeps its keys.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..kb import load_kb
from ..model import EntityRecord
from ..names import slug
from .layers import BODY_PARTIES, DEMONYM, GAZETTEER, MENTIONS, REFERENCES, TITLES

KIND = "workinggroup"
PARTY_ORG_KINDS = ("ministry", "government")
RELATIVE = ("that", "which", "whom", "who")  # the relative pronoun object of "the body that X set up"
# names of organisations a body noun ends: one the text gives parties becomes a joint body;
# an international organisation or a government office never does ("the UN Working Group on
# ..."), but the article's "the working group" after it is that one, not a joint body
NAMED_ORG_KINDS = ("organization", "international", "government")
CONVERTIBLE_KINDS = ("organization",)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = yaml.safe_load(resources.files("builder").joinpath("patterns/bodies.yaml").read_text(encoding="utf-8"))
    out: dict = {}
    kinds: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, kind in data["kinds"].items():
        parts = tuple(str(words).lower().split())
        kinds.setdefault(parts[-1], []).append((parts, str(kind)))
    for phrases in kinds.values():
        phrases.sort(key=lambda p: -len(p[0]))  # the longest phrase first
    out["kinds"] = kinds
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = frozenset(str(w).lower() for w in value)
    out["setup_phrasal"] = {tuple(v.split()) for v in out["setup_verbs"] if " " in v}
    out["setup_single"] = frozenset(v for v in out["setup_verbs"] if " " not in v)
    out["agenda_phrasal"] = {tuple(v.split()) for v in out.get("agenda_verbs", ()) if " " in v}
    return out


def base_forms(tok: Token) -> set[str]:
    """The lemma and the base forms of an inflected word the lemmatiser may get wrong
    ("co-chaired" -> "co-chaire")."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    out = {low, lemma}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            out.update((stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem))
    return out


def verb_matches(tok: Token, verbs: frozenset, phrasal: set) -> bool:
    """The token is one of the verbs ("launch"), or a verb with its particle ("set up")."""
    forms = base_forms(tok)
    if forms & verbs:
        return True
    return any(v in forms and any(c.dep_ == "prt" and c.lower_ == p for c in tok.children) for v, p in phrasal)


@dataclass
class _Occurrence:
    head: int
    start: int
    end: int
    kind: str
    own: list[str]  # parties the phrase itself gives
    context: list[str]  # parties its verbs give
    joint: bool  # a joint modifier ("joint", "bilateral")
    anaphor: bool  # a generic noun ("the body") or a definite kind noun with no parties
    named: Span | None = None  # an organisation mention the phrase is
    capitalised: bool = False  # "Working Group on Arbitrary Detention": a name the mentions layer did not read


@dataclass
class _Body:
    kind: str
    parties: list[str] = field(default_factory=list)
    occurrences: list[_Occurrence] = field(default_factory=list)
    joint: bool = False
    named: Span | None = None
    capitalised: bool = False


@Language.factory("peninsula_bodies", default_config={})
def make_bodies(nlp: Language, name: str):
    return BodyFinder()


class BodyFinder:
    def __init__(self):
        self.lex = lexicon()
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        _Bodies(doc, self.lex, self.kb).run()
        return doc


class _Bodies:
    def __init__(self, doc: Doc, lex: dict, kb):
        self.doc, self.lex, self.kb = doc, lex, kb
        self.mention = {i: s for s in doc.spans[MENTIONS] for i in range(s.start, s.end)}
        # country names of the gazetteer: a pair before a body noun that the entity recogniser
        # swallowed into an organisation ("the Chile-Norway commission") still names the parties
        self.gaz_country = {i: s.id_ for s in doc.spans.get(GAZETTEER, []) if s.label_ == "country"
                            for i in range(s.start, s.end)}
        self.entities = doc._.entities if doc._.entities is not None else {}
        self.refs = doc._.refs if doc._.refs is not None else {}
        # person -> the countries of the posts the titles layer gave them
        self.person_countries: dict[str, list[str]] = {}
        for span in doc.spans[TITLES] if TITLES in doc.spans else ():
            post = span._.post
            if post is None or not post.country:
                continue
            for holder in (post.holder, *post.also):
                if holder:
                    self.person_countries.setdefault(holder, [])
                    if post.country not in self.person_countries[holder]:
                        self.person_countries[holder].append(post.country)

    # --- parties --------------------------------------------------------------------------

    def kind_of(self, key: str) -> str:
        return self.kb.kind_of(key, self.entities)

    def country_of(self, key: str) -> str | None:
        """The state an entity key stands for as a party: a country, a person's post's
        country (one only), a ministry's country."""
        kind = self.kind_of(key)
        if kind == "country":
            return key
        if kind == "person":
            countries = list(self.person_countries.get(key, ()))
            rec = self.entities.get(key)
            if not countries and rec is not None and rec.country:
                countries = [rec.country]
            return countries[0] if len(countries) == 1 else None
        if kind in PARTY_ORG_KINDS:
            rec = self.entities.get(key)
            country = rec.country if rec is not None else None
            if country is None and key in self.kb.entries:
                country = self.kb.entries[key].country
            return self.kb.country_key(country) if country and country != "*" else None
        return None

    def token_parties(self, tok: Token) -> list[str]:
        """The states one token stands for (not its conjuncts)."""
        m = self.mention.get(tok.i)
        if m is not None:
            if m.label_ in ("country", DEMONYM, "international"):  # "the EU-China working group"
                return [m.kb_id_]
            if m.label_ == "place":
                return [m._.acts_for] if m._.acts_for else []
        out = []
        for key in self.refs.get(tok.i, ()):
            country = self.country_of(key)
            if country and country not in out:
                out.append(country)
        return out

    def parties_of(self, tok: Token) -> list[str]:
        """The states a token and its conjuncts stand for; a plural role NP with countries
        of its own ("the foreign ministers of Peru and Chile", "Kenyan and Ugandan envoys")
        stands for those countries."""
        out: list[str] = []
        for t in (tok, *tok.conjuncts):
            found = self.token_parties(t)
            if not found and t.tag_ in ("NNS", "NNPS"):
                found = self.countries_in_modifiers(t)
            out += [c for c in found if c not in out]
        return out

    def countries_in_modifiers(self, tok: Token) -> list[str]:
        out: list[str] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += [x for t in (p, *p.conjuncts) for x in self.token_parties(t) if x not in out]
            elif c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < tok.i:  # "the two countries' envoys"
                out += [x for t in (c, *c.conjuncts) for x in self.token_parties(t) if x not in out]
        return out

    def own_parties(self, head: Token, start: int) -> list[str]:
        """Parties the noun phrase names: two or more states among its premodifiers, "between
        X and Y", or a possessive standing for two or more."""
        out: list[str] = []
        pre: list[str] = []
        for c in head.children:  # after a possessor: "Chile's Peru task force" names no pair
            if c.dep_ == "poss":
                start = max(start, c.right_edge.i + 1)
        for i in range(start, head.i):
            found = self.token_parties(self.doc[i])
            if not found and i not in self.mention and self.kb.country_key(self.gaz_country.get(i)):
                found = [self.kb.country_key(self.gaz_country[i])]
            for c in found:
                if c not in pre:
                    pre.append(c)
        if len(pre) >= 2:
            out += pre
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among", "of"):  # "a group of Peru, Chile and Bolivia"
                found = [x for p in c.children if p.dep_ == "pobj" for x in self.parties_of(p)]
                if len(set(found)) >= 2 or c.lower_ != "of":
                    out += [x for x in found if x not in out]
            elif c.dep_ == "poss":
                found = self.parties_of(c)
                if len(found) >= 2:
                    out += [x for x in found if x not in out]
        return out

    def context_parties(self, head: Token) -> list[str]:
        """Parties the verbs around the phrase give: who set it up, who leads it."""
        lex = self.lex
        out: list[str] = []

        def add(found):
            out.extend(x for x in found if x not in out)

        tok = head
        gov = tok.head
        if tok.dep_ == "pobj" and gov.dep_ == "prep":
            prep = gov
            gov = prep.head
            if gov.lemma_.lower() in lex["setup_nouns"] and prep.lower_ == "of":  # "the creation of a group by X"
                for c in gov.children:
                    if c.dep_ == "poss":
                        add(self.parties_of(c))
                    elif c.dep_ == "prep" and c.lower_ == "by":
                        add(p for q in c.children if q.dep_ == "pobj" for p in self.parties_of(q))
                return out
            if not (gov.lemma_.lower() == "agree" and prep.lower_ in ("to", "on")):
                return out
        if tok.dep_ in ("dobj", "pobj") and (self.is_setup(gov) or tok.dep_ == "dobj" and
                                               verb_matches(gov, lex["lead_verbs"], set())):
            add(self.subject_parties(gov))
            if self.is_setup(gov):  # "Kenya launched a task force with Uganda"
                add(p for w in (gov, tok) for c in w.children if c.dep_ == "prep" and c.lower_ == "with"
                    for q in c.children if q.dep_ == "pobj" for p in self.parties_of(q))
        elif tok.dep_ == "nsubjpass":
            for verb in (gov, *[c for c in gov.children if c.dep_ == "conj" and c.pos_ == "VERB"]):
                if self.is_setup(verb) or verb_matches(verb, lex["lead_verbs"], set()):
                    add(self.agent_parties(verb))
        for c in tok.children:  # "the body Lima and Quito set up", "a group launched by X"
            if c.dep_ in ("relcl", "acl") and (self.is_setup(c) or verb_matches(c, lex["lead_verbs"], set())):
                if not any(x.dep_ == "dobj" and x.lower_ not in RELATIVE for x in c.children):
                    add(self.subject_parties(c) or self.agent_parties(c))
        return out

    def is_setup(self, verb: Token) -> bool:
        """A verb of setting up, not negated ("agreed not to create a task force" gives no parties)."""
        if verb.pos_ not in ("VERB", "AUX") or not verb_matches(verb, self.lex["setup_single"], self.lex["setup_phrasal"]):
            return False
        chain = [verb, verb.head] if verb.dep_ in ("xcomp", "conj") else [verb]
        return not any(c.dep_ == "neg" or c.lower_ in ("never", "not") for v in chain for c in v.children)

    def agent_parties(self, verb: Token) -> list[str]:
        return [p for c in verb.children if c.dep_ == "agent" for q in c.children if q.dep_ == "pobj"
                for p in self.parties_of(q)]

    def subject_parties(self, verb: Token, depth: int = 0) -> list[str]:
        """The states the subject of a verb stands for, through control ("agreed to create"),
        conjoined verbs, and a gerund after "for" ("blamed X for setting up": X)."""
        if depth > 3:
            return []
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if subj:  # the parser may hang "Chile, Peru set up" as two subjects
            return list(dict.fromkeys(p for s in subj for p in self.parties_of(s)))
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subject_parties(verb.head, depth + 1)
        if verb.dep_ == "pcomp" and verb.head.lower_ == "for":  # "blasted Chile for setting up"
            matrix = verb.head.head
            obj = [c for c in matrix.children if c.dep_ == "dobj"]
            if obj:
                return self.parties_of(obj[0])
        return []

    # --- phrases --------------------------------------------------------------------------

    def phrase_at(self, tok: Token) -> tuple[int, str] | None:
        """(start, kind) of a body noun phrase ending at the token, if it is one."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS"):
            return None  # a plural names several bodies ("its working groups with Chile and Peru")
        doc = self.doc
        last = tok.lower_
        for words, kind in [*self.lex["kinds"].get(last, ()), *self.lex["kinds"].get(tok.lemma_.lower(), ())]:
            n = len(words)
            start = tok.i - n + 1
            if start < 0 or tok.sent.start > start:
                continue
            if all(doc[start + k].lower_ == w for k, w in enumerate(words[:-1])):
                return start, kind
        return None

    def occurrence(self, tok: Token) -> _Occurrence | None:
        lex = self.lex
        found = self.phrase_at(tok)
        generic = found is None and tok.lemma_.lower() in lex["anaphors"] and tok.tag_ == "NN"
        if found is None and not generic:
            return None
        start, kind = found if found is not None else (tok.i, "")
        m = self.mention.get(tok.i)
        named = None
        if m is not None:
            if m.label_ in NAMED_ORG_KINDS and m.end == tok.i + 1:
                named = m  # "the Arctic Consultative Group"
            else:
                return None  # a word of another name
        mods = [c for c in tok.children if c.i < start and c.dep_ in ("amod", "compound", "nmod", "npadvmod")]
        joint = any(c.lower_ in lex["joint_modifiers"] for c in mods) or \
            any(self.doc[i].lower_ in lex["joint_modifiers"] for i in range(tok.left_edge.i, start))
        own = self.own_parties(tok, tok.left_edge.i) if named is None else self.own_parties(tok, m.start)
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
                       for c in tok.children)
        if generic:
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                return None  # "the group of experts", "the body of the agreement": something else
            if not definite or own or any(
                    c.lower_ not in lex["neutral_modifiers"] and not self.token_parties(c) for c in mods):
                return None
        span_start = start  # with the plain words just before ("the new joint working group")
        while span_start > tok.left_edge.i and self.doc[span_start - 1].pos_ in ("ADJ", "NOUN") and \
                self.doc[span_start - 1].i not in self.mention and not self.refs.get(span_start - 1):
            span_start -= 1
        if named is not None:
            span_start = m.start
        capitalised = found is not None and all(self.doc[i].is_title for i in range(start, tok.i + 1))
        return _Occurrence(tok.i, span_start, tok.i + 1, kind, own, self.context_parties(tok), joint,
                           anaphor=generic, named=named, capitalised=capitalised)

    # --- the bodies of the article --------------------------------------------------------

    def run(self) -> None:
        bodies: list[_Body] = []
        for tok in self.doc:
            occ = self.occurrence(tok)
            if occ is None:
                continue
            body = self.body_for(occ, bodies)
            if body is None:
                continue
            body.occurrences.append(occ)
            body.joint = body.joint or occ.joint
            body.named = body.named or occ.named
            body.capitalised = body.capitalised or (occ.capitalised and not body.occurrences[:-1])
            for p in (*occ.own, *occ.context):
                if p not in body.parties:
                    body.parties.append(p)
        for body in bodies:
            self.write(body)
        self.pronouns()

    def pronouns(self) -> None:
        """ "it" / "its" in a clause whose subject is a joint body is the body ("the task force
        held its first session"): coreference ran before the bodies were mentions."""
        heads = {s.end - 1: s.kb_id_ for s in self.doc.spans[MENTIONS] if s.label_ == KIND}
        if not heads:
            return
        refs_spans = {s.start: s for s in self.doc.spans.get(REFERENCES, [])}
        for tok in self.doc:
            if tok.lower_ not in ("it", "its") or tok.dep_ in ("nsubj", "nsubjpass"):
                continue
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.dep_ not in ("ROOT",) and verb.head is not verb:
                verb = verb.head
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if len(subj) != 1 or subj[0].i not in heads:
                continue
            key = heads[subj[0].i]
            self.refs[tok.i] = (key,)
            span = refs_spans.get(tok.i)
            if span is not None:
                span._.referents = (key,)

    def body_for(self, occ: _Occurrence, bodies: list[_Body]) -> _Body | None:
        if occ.named is not None:
            for b in bodies:
                if b.named is not None and b.named.kb_id_ == occ.named.kb_id_:
                    return b
        if len(occ.own) >= 2:
            for b in bodies:
                if b.kind == occ.kind and sorted(b.parties) == sorted(occ.own):
                    return b
            for b in reversed(bodies):  # the body named before, its parties now given in full
                if b.kind == occ.kind and b.named is None and set(b.parties) < set(occ.own):
                    return b
            bodies.append(_Body(occ.kind))
            return bodies[-1]
        lemma = self.doc[occ.head].lemma_.lower()
        for b in reversed(bodies):
            if occ.anaphor:
                if lemma == "group" and not b.kind.endswith("group"):
                    continue  # "the group" is no commission
                return b
            if b.kind == occ.kind:
                return b
        if occ.anaphor:
            return None
        bodies.append(_Body(occ.kind))
        return bodies[-1]

    def write(self, body: _Body) -> None:
        doc, kb = self.doc, self.kb
        parties = sorted(dict.fromkeys(body.parties))
        if body.named is not None:
            if len(parties) < 2 or body.named.label_ not in CONVERTIBLE_KINDS:
                return
            key = body.named.kb_id_
            label = body.named.text
            label = label[4:] if label.lower().startswith("the ") else label
        elif len(parties) >= 2:
            key = f"{KIND}:{slug(body.kind)}-" + "-".join(slug(p.split(':')[-1]) for p in parties)
            # the parties in the order the text names them (the key sorts them)
            label = "–".join(kb.label(p) if p in kb.entries else self._label(p)
                             for p in dict.fromkeys(body.parties)) + f" {body.kind}"
        elif body.kind and (body.joint or body.kind not in self.lex["needs_parties"]) and not parties \
                and not body.capitalised:
            key = f"{KIND}:{slug(body.kind)}@{slug(doc._.article_id or 'text')}"
            label = body.kind[:1].upper() + body.kind[1:]
        else:
            return  # one party's own committee, or a generic noun alone: no joint body
        rec = self.entities.get(key)
        if rec is None:
            rec = self.entities[key] = EntityRecord(key=key, kind=KIND, label=label)
        rec.kind = KIND
        rec.names.add(label)
        if len(parties) >= 2:  # for the readers: whose body it is (layers.py, BODY_PARTIES)
            parties_of = doc.user_data.setdefault(BODY_PARTIES, {})
            parties_of[key] = tuple(dict.fromkeys([*parties_of.get(key, ()), *parties]))
        spans = list(doc.spans[MENTIONS])
        if body.named is not None:
            spans = [s for s in spans if not (s.start == body.named.start and s.end == body.named.end)]
        for occ in body.occurrences:
            if occ.named is None and self.refs.get(occ.head):
                continue  # another layer resolved the phrase
            spans.append(Span(doc, occ.start, occ.end, label=KIND, kb_id=key))
            for i in range(occ.start, occ.end):
                self.refs[i] = (key,)
        doc.spans[MENTIONS] = sorted(spans, key=lambda s: (s.start, s.end))
        self.mention = {i: s for s in doc.spans[MENTIONS] for i in range(s.start, s.end)}
        doc._.entities = self.entities
        doc._.refs = self.refs

    def _label(self, key: str) -> str:
        rec = self.entities.get(key)
        return rec.label if rec is not None else key.split(":")[-1].replace("-", " ").title()
