"""Joint bodies: who leads them, what they are for, and the bodies that take part in meetings.

Reads the joint-body mentions of `peninsula_bodies` (label "workinggroup" in
`doc.spans["mentions"]`), the parse, the titles, the issues layer and the events; the English
is in `patterns/bodies.yaml`.

- Leads (`dip:leads`): a lead verb with the body as its passive subject, its object or the
  noun it modifies: "the task force will be led by X and Y", "launched and co-chaired by X",
  "X and Y co-chair the commission", "X, who heads the group", "a panel led by X"; and a
  leader noun of the body with the leaders in apposition: "the group's co-chairs, X and Y",
  "the head of the commission, X". The arrangement of a body being set up counts ("will be
  led by"); a possibility does not ("could be led by"), nor a negated lead. A plural role NP
  with its countries ("the foreign ministers of Peru and Chile") stands for the one person
  of each country whose post has that head noun.
- Topics (`ArticleFacts.topics`, emitted as the body's `dip:topic`): the issues of the issues
  layer in the body's purpose phrase: "a task force aimed at X", "a group meant to coordinate
  X", "a working group to coordinate X", "a commission on X", and a purpose infinitive of the
  verb that sets the body up ("Lima and Quito agreed to a task force to oversee X, Y and Z";
  list members the parser hung on that verb belong to the phrase).
- Meetings of a body: a meeting noun whose possessor or "of" object is the body ("the first
  session of the commission", "the group's inaugural meeting") has the body as participant;
  a meeting the body takes part in has the body's topics among its topics. Each mention
  keeps the parties of the bodies it names, so reconciliation can tell a meeting of the
  body from a meeting of its parties' people.
- Delegations: bodies whose officials travel with a person ("officials from the Finance
  Ministry are travelling with X", "Interior Ministry staff accompany X") take part in the
  one meeting of the article that person takes part in; so do the bodies a side includes
  ("the Chilean side will include the Trade Ministry") when one meeting of the article has a
  participant of that side. A trip elsewhere (its destination not the meeting's place) or at
  another time ties them to nothing, and neither does an article with two or more such
  meetings.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..model import ArticleFacts, Event, Relation
from ..nlp.bodies import KIND, _Bodies, lexicon, verb_matches
from ..nlp.coref import lexicon as coref_lexicon
from ..nlp.layers import BODY_PARTIES, ISSUES, MENTIONS, TITLES
from .reading import ArticleReading

MEETING_FAMILY = ("Meeting", "Talks", "WorkingGroupMeeting", "Summit")
BODY_KINDS = ("ministry", "government", "organization", "institute", "international", KIND)
_NOMINAL_DEPS = ("npadvmod", "conj", "appos", "dep", "dobj", "attr", "pobj")


class BodyReader:
    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.doc = reading.doc
        self.lex = lexicon()
        self.bodies = {i: s for s in self.doc.spans[MENTIONS] if s.label_ == KIND for i in [s.end - 1]}
        self.keys = {s.kb_id_ for s in self.bodies.values()}
        self.issues = list(self.doc.spans[ISSUES])

    def body_at(self, tok: Token) -> str | None:
        """The joint body a token names or stands for ("its" resolved to one)."""
        span = self.bodies.get(tok.i)
        if span is not None:
            return span.kb_id_
        refs = tok._.referents
        return refs[0] if len(refs) == 1 and refs[0] in self.keys else None

    # --- meetings of a body (on the event mentions, before reconciliation) ---------------

    def join_meetings(self, mentions: list) -> None:
        """A meeting noun of the body ("the first session of the group", "the group's
        meeting") has the body as participant; a meeting's agenda gives its topics."""
        at = {m.position: m for m in mentions if getattr(m, "position", None) is not None}
        parties_of = self.doc.user_data.get(BODY_PARTIES) or {}
        for tok in self.doc:
            m = at.get(tok.idx)
            if m is None or m.kind not in MEETING_FAMILY:
                continue
            with self.reading.guard("the agenda of a meeting", tok.sent):
                m.topics += [i for i in self.agenda_issues(tok) if i not in m.topics]
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            with self.reading.guard("the body of a meeting", tok.sent):
                for c in tok.children:
                    targets = [c] if c.dep_ == "poss" else \
                        [p for p in c.children if p.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ == "of" else []
                    for t in targets:
                        key = self.body_at(t)
                        if key and key not in m.participants:
                            m.participants.append(key)
        for m in mentions:  # whose body meets: for reconciliation with a meeting of its parties' people
            m._body_parties = {p: frozenset(parties_of[p]) for p in m.participants if p in parties_of}

    def agenda_issues(self, trigger: Token) -> list[str]:
        """ "the talks will cover X", "the session focused on X"; "will meet Y on Friday to
        discuss X", "held talks to review X": the issues of the issues layer there."""
        lex = self.lex
        agenda = lex["agenda_verbs"] | lex["purpose_verbs"]
        phrases: list[Token] = []
        head = trigger.head
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass") and \
                verb_matches(head, lex["agenda_verbs"], lex["agenda_phrasal"]) and not self.uncertain(head):
            phrases += [c for c in head.children if c.dep_ in ("dobj", "prep", "xcomp", "attr")]
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else head if trigger.dep_ == "dobj" else None
        if verb is not None:
            for c in verb.children:
                if c.dep_ in ("advcl", "xcomp") and c.i > trigger.i and \
                        any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) and verb_matches(c, agenda, set()) \
                        and not self.uncertain(c):
                    phrases.append(c)
        return self.issues_under(phrases)

    def issues_under(self, phrases: list[Token]) -> list[str]:
        covered: set[int] = set()
        for p in phrases:
            covered.update(t.i for t in p.subtree)
        out: list[str] = []
        for s in self.issues:
            if s.kb_id_ == "issue" and s.root.i in covered and s.label_ not in out:
                out.append(s.label_)
        return out

    # --- after reconciliation ------------------------------------------------------------

    def read(self, facts: ArticleFacts) -> None:
        for tok, key in ((self.doc[i], s.kb_id_) for i, s in sorted(self.bodies.items())):
            with self.reading.guard("a joint body's leads", tok.sent):
                self.leads(tok, key, facts)
            with self.reading.guard("a joint body's topics", tok.sent):
                topics = facts.topics.setdefault(key, [])
                topics += [i for i in self.purpose_issues(tok) if i not in topics]
        facts.topics = {k: v for k, v in facts.topics.items() if v}
        for ev in facts.events:
            for key in ev.participants:
                ev.topics += [i for i in facts.topics.get(key, ()) if i not in ev.topics]
        for tok in self.doc:
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            with self.reading.guard("the bodies of a delegation", tok.sent):
                self.delegation(tok, facts)

    # --- leads ---------------------------------------------------------------------------

    def uncertain(self, verb: Token) -> bool:
        chain = [verb]
        if verb.dep_ == "conj":  # "would be launched and led by": the first verb's auxiliaries
            chain.append(verb.head)
        for v in chain:
            for c in v.children:
                if c.dep_ == "neg" or c.lower_ in self.lex["uncertain_modals"] or \
                        c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless"):
                    return True
        return False

    def is_lead(self, tok: Token) -> bool:
        """A lead verb; also one the tagger took for a noun but that has a subject and an
        object ("X and Y co-chair the commission")."""
        if not verb_matches(tok, self.lex["lead_verbs"], set()):
            return False
        return tok.pos_ in ("VERB", "AUX") or tok.pos_ == "NOUN" and \
            {"nsubj", "dobj"} <= {c.dep_ for c in tok.children}

    def leads(self, tok: Token, key: str, facts: ArticleFacts) -> None:
        leaders: list[str] = []
        verbs: list[tuple[Token, str]] = []  # (lead verb, how the body hangs on it)
        head = tok.head
        if tok.dep_ == "nsubjpass":
            verbs += [(v, "passive") for v in (head, *[c for c in head.children if c.dep_ == "conj"]) if self.is_lead(v)]
        elif tok.dep_ == "dobj" and self.is_lead(head):
            verbs.append((head, "active"))
        elif tok.dep_ == "pobj" and head.lower_ in ("over",) and self.is_lead(head.head):  # "presides over"
            verbs.append((head.head, "active"))
        for c in tok.children:  # "a panel led by X", "the group, launched in May and led by X"
            if c.dep_ in ("acl", "relcl"):
                verbs += [(v, "passive") for v in (c, *[x for x in c.children if x.dep_ == "conj"])
                          if self.is_lead(v) and not any(x.dep_ == "dobj" for x in v.children)]
        for verb, how in verbs:
            if self.uncertain(verb):
                continue
            if how == "passive":
                agents = [q for c in verb.children if c.dep_ == "agent" for q in c.children if q.dep_ == "pobj"]
            else:
                agents = [c for c in verb.children if c.dep_ == "nsubj"] or \
                    ([c for c in verb.head.children if c.dep_ == "nsubj"] if verb.dep_ in ("conj", "xcomp") else [])
            for a in agents:
                leaders += [x for x in self.leaders_of(a) if x not in leaders]
        for noun in self.leader_nouns(tok):
            leaders += [x for x in self.appositive_people(noun) if x not in leaders]
        for leader in leaders:
            if leader == key or self.reading.kind_of(leader) not in ("person", "country", "ministry", "government",
                                                                        "organization", "international"):
                continue
            if any(r.predicate == "leads" and r.subject == leader and r.object == key for r in facts.relations):
                continue
            facts.relations.append(Relation(evidence=[self.reading.evidence(tok.sent)], confidence=0.8,
                                            predicate="leads", subject=leader, object=key))

    def leaders_of(self, tok: Token) -> list[str]:
        found = self.reading.args.agents(tok)
        if found:
            return found
        out: list[str] = []
        for t in (tok, *tok.conjuncts):
            if t.tag_ in ("NNS", "NNPS"):
                out += [x for x in self.role_holders(t) if x not in out]
        return out

    def role_holders(self, tok: Token) -> list[str]:
        """ "the foreign ministers of Peru and Chile": the one person of each country whose
        post has that head noun, when the article names exactly one."""
        finder = _Bodies(self.doc, self.lex, self.reading.kb)
        countries = finder.countries_in_modifiers(tok)
        if len(countries) < 2:
            return []
        classes = coref_lexicon()["role_class"]
        head = tok.lemma_.lower()
        cls = classes.get(head, head)
        out = []
        for country in countries:
            holders = {p.holder for s in self.doc.spans[TITLES] if (p := s._.post) is not None and p.holder
                       and p.country == country and classes.get(p.head, p.head) == cls and not p.plural}
            if len(holders) != 1:
                return []
            out.append(holders.pop())
        return out

    def leader_nouns(self, tok: Token) -> list[Token]:
        """ "the group's co-chairs", "the head of the task force"."""
        out = []
        head = tok.head
        if tok.dep_ == "poss" and head.lemma_.lower() in self.lex["leader_nouns"]:
            out.append(head)
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in self.lex["leader_nouns"]:
            out.append(head.head)
        return out

    def appositive_people(self, noun: Token) -> list[str]:
        out: list[str] = []
        for c in noun.children:
            if c.dep_ == "appos":
                out += [k for k in self.reading.args.entities(c) if self.reading.kind_of(k) == "person"]
        if not out and noun.dep_ in ("nsubj", "nsubjpass"):  # "the group's co-chairs are X and Y"
            for c in noun.head.children:
                if c.dep_ == "attr":
                    out += [k for k in self.reading.args.entities(c) if self.reading.kind_of(k) == "person"]
        return out

    # --- topics --------------------------------------------------------------------------

    def purpose_issues(self, tok: Token) -> list[str]:
        phrases: list[Token] = []
        lex = self.lex
        for c in tok.children:
            if c.dep_ in ("acl", "relcl") and (c.lemma_.lower() in lex["purpose_verbs"] or
                                               any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
                phrases.append(c)
            elif c.dep_ == "prep" and c.lower_ in lex["purpose_preps"]:
                phrases.append(c)
        phrases += [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i]
        gov = tok.head.head if tok.dep_ == "pobj" else tok.head
        if tok.dep_ in ("dobj", "pobj", "nsubjpass") and gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() != "be":
            for c in gov.children:  # "agreed to a task force to oversee X"
                if c.dep_ in ("xcomp", "advcl") and c.i > tok.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) \
                        and c.lemma_.lower() in lex["purpose_verbs"]:
                    phrases.append(c)
                    phrases += [s for s in gov.children if s.i > c.i and s.dep_ in _NOMINAL_DEPS and s.pos_ in ("NOUN", "PROPN")]
        return self.issues_under(phrases)

    # --- delegations ---------------------------------------------------------------------

    def delegation(self, verb: Token, facts: ArticleFacts) -> None:
        lex = self.lex
        lemma = verb.lemma_.lower()
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or self.uncertain(verb):
            return
        bodies: list[str] = []
        if lemma in lex["travel_verbs"] and subj.lemma_.lower() in lex["delegate_nouns"]:
            bodies += self.delegates_from(subj)
            people: list[str] = []
            for c in verb.children:
                objs = [c] if c.dep_ == "dobj" else \
                    [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ == "with" else []
                for o in objs:
                    people += [k for k in self.reading.args.agents(o) if self.reading.kind_of(k) == "person"]
            if not bodies or not people:
                return
            meetings = [ev for ev in facts.events if ev.kind in MEETING_FAMILY and ev.kind != "Summit"
                        and all(p in ev.participants for p in people)]
        elif lemma in lex["include_verbs"] and subj.lemma_.lower() in lex["side_nouns"]:
            for c in verb.children:
                if c.dep_ == "dobj":  # "will include the Trade Ministry", "includes officials from X"
                    bodies += [b for t in (c, *c.conjuncts) for b in
                               (self.delegates_from(t) if t.lemma_.lower() in lex["delegate_nouns"] else self.bodies_of(t))]
            if not bodies:
                return
            leaders = [k for c in subj.children if c.dep_ == "poss" for k in self.reading.args.agents(c)
                       if self.reading.kind_of(k) == "person"]  # "Holm's delegation"
            sides = [k for k in self.reading.args.agents(subj) if self.reading.kind_of(k) == "country"]
            if leaders:
                meetings = [ev for ev in facts.events if ev.kind in MEETING_FAMILY and ev.kind != "Summit"
                            and all(p in ev.participants for p in leaders)]
            elif len(sides) == 1:
                meetings = [ev for ev in facts.events if ev.kind in MEETING_FAMILY and ev.kind != "Summit"
                            and any(self.country_of(p) == sides[0] for p in ev.participants)]
            else:
                return
        else:
            return
        if len(meetings) != 1 or not self.same_trip(verb, meetings[0]):
            return
        ev = meetings[0]
        ev.participants += [b for b in dict.fromkeys(bodies) if b not in ev.participants]
        evidence = self.reading.evidence(verb.sent)
        if evidence not in ev.evidence:
            ev.evidence.append(evidence)

    def delegates_from(self, noun: Token) -> list[str]:
        """The bodies of "officials from X and Y", "Finance Ministry staff"."""
        out: list[str] = []
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "of"):
                out += [b for o in c.children if o.dep_ == "pobj" for b in self.bodies_of(o) if b not in out]
            elif c.dep_ in ("compound", "poss", "nmod"):
                out += [b for b in self.bodies_of(c) if b not in out]
        return out

    def bodies_of(self, tok: Token) -> list[str]:
        out = []
        for t in (tok, *tok.conjuncts):
            m = self.reading.args.mention(t)
            if m is not None and m.kb_id_ and self.reading.kind_of(m.kb_id_) in BODY_KINDS and m.kb_id_ not in out:
                out.append(m.kb_id_)
        return out

    def country_of(self, key: str) -> str | None:
        kind = self.reading.kind_of(key)
        if kind == "country":
            return key
        countries = {p.country for s in self.doc.spans[TITLES] if (p := s._.post) is not None and p.country
                     and (p.holder == key or key in p.also)}
        rec = self.reading.entities.get(key)
        if not countries and rec is not None and rec.country:
            countries = {rec.country}
        return countries.pop() if len(countries) == 1 else None

    def same_trip(self, verb: Token, ev: Event) -> bool:
        """The travel clause names no other place or time than the meeting's."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "for", "in"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        place = self.reading.args.place(o)
                        if place and ev.location and place != ev.location:
                            return False
        for t in verb.subtree:
            when = self.reading.args.time(t) if self.reading.args.time_span(t) is not None else None
            if when is not None and when.start and ev.start and when.start != ev.start:
                return False
        return True
