"""Meetings, talks, summits, visits, briefings and other events, read off the dependency parse.

A trigger (a verb such as "meet", "visit", "travel", or a noun such as "meeting", "talks",
"summit", "trip", "briefing") opens an event; its participants come from the trigger's
subject, object and "with" / "between" phrases (pronouns and surnames resolved), its place
from "in / at / to" phrases and place modifiers ("the Hanoi summit"), its time from the
date expressions attached to it, and its status from tense, modality and the verbs that
govern it ("may visit" proposed, "will meet" planned, "met" held, "were postponed",
"called off"). Mentions of the same event within an article are merged.
"""
from __future__ import annotations

import re

from ...model import Event
from . import temporal
from .context import ArticleContext, Sentence
from .lexicon import SAY_VERBS, issues_in

VERB_TRIGGERS = {"meet": "Meeting", "visit": "Visit", "travel": "Visit", "arrive": "Visit",
                 "land": "Visit", "brief": "Briefing", "demolish": "Demolition", "negotiate": "Talks",
                 "confer": "Meeting"}
# Verbs of joint deliberation: talks only when the text names both sides ("the two envoys
# reviewed ...", "discussed the matter with X"); "he discussed the issue" alone is no meeting.
JOINT_VERBS = {"discuss": "Talks", "review": "Talks", "consult": "Talks"}
NOUN_TRIGGERS = {"meeting": "Meeting", "meetings": "Meeting", "talks": "Talks", "summit": "Summit",
                 "visit": "Visit", "trip": "Visit", "session": "Meeting", "consultation": "Meeting",
                 "consultations": "Meeting", "negotiations": "Talks", "briefing": "Briefing",
                 "conference": "PressConference", "address": "Speech", "speech": "Speech",
                 "lunch": "Meeting", "luncheon": "Meeting", "dinner": "Meeting", "call": "Meeting", "encounter": "Meeting", "round": "Talks",
                 "invitation": "Talks"}
NOUN_NEEDS = {"call": ("courtesy",), "conference": ("news", "press"), "address": ("public", "first", "keynote"),
              "round": ("second", "next", "new", "follow-up", "third"), "invitation": ()}
SUPERCLASS = {"Talks": "Meeting", "WorkingGroupMeeting": "Meeting", "Summit": "Meeting"}

BODY_KINDS = {"ministry", "government", "organization", "institute", "international"}
PRESS = {"reporter", "journalist", "press", "medium", "media", "camera", "correspondent"}
POSTPONE = {"postpone", "delay", "defer", "reschedule", "push"}
CANCEL = {"cancel", "scrap", "scrub", "abandon", "nix"}
CANCEL_PHRASAL = {("call", "off")}
PROPOSE = {"may", "might", "could", "would", "seek", "try", "hope", "want", "propose", "suggest", "offer",
           "invite", "consider", "possibility", "speculation", "prospect", "idea", "invitation", "proposal",
           "talk", "push", "urge", "willing", "ready", "aim", "wish", "doubt", "if", "whether", "unless"}
PLAN = {"will", "shall", "'ll", "expect", "schedule", "due", "set", "plan", "arrange", "agree", "slate",
        "prepare", "ahead", "upcoming", "announce", "intend", "going"}
OUTCOME_VERBS = {"end", "collapse", "break", "conclude", "finish", "close", "wrap", "fail"}
REQUEST_NOUNS = {"delay", "postponement", "invitation", "request", "proposal"}
TIME_PREPS = {"on", "in", "at", "during", "till", "until", "through", "by", "from", "since", "before", "after",
              "around", "within", "over"}
PLACE_PREPS = {"in", "at", "to", "near", "inside", "outside", "for"}

_SAME_DAY = re.compile(r"\b(?:(?:that|the same) (?:day|night|evening|morning|afternoon)|"
                       r"(?:hours|minutes|moments) later)\b", re.I)
_AFTER_MIDNIGHT = re.compile(r"\b(?:after|past) midnight\b", re.I)
_TIME_WORDS = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
    r"week|month|year|today|yesterday|tomorrow|day|night|evening|morning|(?:hours|minutes|moments) later|"
    r"(?:19|20)\d\d)(?!\w)", re.I)


class EventReader:
    def __init__(self, ctx: ArticleContext):
        self.ctx = ctx
        self.events: list[Event] = []
        self._trigger_of: dict[int, tuple[int, int]] = {}  # event index -> (para, token)

    # ---- helpers -------------------------------------------------------------------------

    def _agent(self, sent: Sentence, tok) -> list[str]:
        """Entity keys a token (and its conjuncts) stands for, as participants."""
        ctx = self.ctx
        out: list[str] = []
        for t in [tok, *[c for c in tok.conjuncts]]:
            m = ctx.mention_at(sent, t)
            if m is None:
                for child in t.children:  # "Minister Kang": the name may be the compound child
                    if child.dep_ in ("compound", "appos", "poss") and ctx.mention_at(sent, child):
                        m = ctx.mention_at(sent, child)
                        if m.kind == "person":
                            break
            role = ctx.role_holder(sent, t) if m is None or m.kind in ("country", "place") else None
            if m is not None and m.kind in ("country", "place") and role is None:
                # "Republic of Korea (ROK) Foreign Minister Kang Kyung-wha": the person, not the country
                inner = [ctx.mention_at(sent, d) for d in t.subtree]
                people = [x for x in inner if x is not None and x.kind == "person"]
                if people:
                    m = people[-1]
            if role:
                out.append(role)
            elif m is not None:
                key = ctx.as_agent(m) if m.kind == "place" else m.key
                if key:
                    out.append(key)
            elif t.lower_ in ("he", "she", "him", "her", "his"):
                ref = ctx.resolve_pronoun(sent, t, person=True)
                if ref:
                    out.append(ref)
            elif t.lower_ in ("they", "them") or (t.lower_ in ("sides", "leaders", "envoys", "representatives")
                                                  and any(c.lower_ == "two" for c in t.children)):
                for ev in reversed(self.events):  # "They agreed to meet again": the parties just named
                    people = [p for p in ev.participants if ctx.kind_of(p) == "person"]
                    if len(people) >= 2 and sent.start - ev.evidence[0].start < 1200:
                        out += people
                        break
        return out

    def _place(self, sent: Sentence, tok) -> str | None:
        m = self.ctx.mention_at(sent, tok)
        if m is None:
            for child in tok.children:
                if child.dep_ in ("compound", "amod") and self.ctx.mention_at(sent, child):
                    m = self.ctx.mention_at(sent, child)
                    break
        if m is not None and m.kind in ("place", "country"):
            return m.key
        if m is not None and m.key in self.ctx.kb.entries and self.ctx.kb.entries[m.key].seat:
            seat = self.ctx.kb.entries[self.ctx.kb.entries[m.key].seat]  # "at Cheong Wa Dae": in Seoul
            self.ctx._register_kb(seat)
            return seat.key
        if tok.lower_ == "there":
            return self._last_place(sent, tok)
        if m is None and tok.pos_ == "NOUN":  # "the border village of Panmunjom"
            for d in tok.subtree:
                if d.dep_ == "pobj" and d.head.lower_ == "of" and d.head.head.i == tok.i:
                    mm = self.ctx.mention_at(sent, d)
                    if mm is not None and mm.kind in ("place", "country"):
                        return mm.key
        return None

    def _last_place(self, sent: Sentence, tok) -> str | None:
        here = (sent.para, tok.i)
        best = None
        for m in self.ctx.mentions:
            head = self.ctx.docs[m.para][m.end - 1]
            in_title = any(a.lower_ in ("representative", "envoy", "ambassador", "minister", "secretary")
                           for a in list(head.ancestors)[:4])
            if m.kind == "place" and not in_title and (m.para, m.start) < here and \
                    sent.index - 4 <= self._sent_index(m) <= sent.index:
                if best is None or (m.para, m.start) > (best.para, best.start):
                    best = m
        return best.key if best else None

    def _sent_index(self, m) -> int:
        for s in self.ctx.sentences:
            if s.para == m.para and s.span.start <= m.start < s.span.end:
                return s.index
        return -1

    @staticmethod
    def _governors(tok, limit: int = 6) -> list:
        out, t = [], tok
        while t.head.i != t.i and len(out) < limit:
            t = t.head
            out.append(t)
        return out

    def _subject(self, sent: Sentence, verb) -> list[str]:
        """Subject of a verb, inherited through "to meet", "before leaving to attend", relative clauses."""
        t = verb
        for _ in range(5):
            subs = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subs:
                if subs[0].lower_ in ("who", "that", "which") and t.dep_ == "relcl":
                    return self._agent(sent, t.head)
                return self._agent(sent, subs[0])
            if t.dep_ == "relcl":
                return self._agent(sent, t.head)
            if t.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl", "ccomp", "prep", "pobj") and t.head.i != t.i:
                t = t.head
                continue
            break
        return []

    def _time_tokens(self, sent: Sentence, anchors: list) -> list[str]:
        """Time expressions attached to the trigger or its clause."""
        doc = self.ctx.docs[sent.para]
        found: list[tuple[int, str]] = []
        for a in anchors:
            for c in a.children:
                span = None
                if c.dep_ in ("npadvmod", "tmod", "advmod", "obl") and _TIME_WORDS.search(
                        c.text if c.lower_ != "later" else doc[c.left_edge.i:c.i + 1].text):  # "Hours later"
                    span = doc[c.left_edge.i:c.right_edge.i + 1]
                elif c.dep_ == "prep" and c.lower_ in TIME_PREPS:
                    obj = [g for g in c.children if g.dep_ == "pobj"]
                    if obj and _TIME_WORDS.search(doc[obj[0].left_edge.i:obj[0].right_edge.i + 1].text):
                        span = doc[c.i:obj[0].right_edge.i + 1]
                elif c.dep_ in ("compound", "nummod", "amod") and _TIME_WORDS.search(c.text):
                    span = doc[c.left_edge.i:c.right_edge.i + 1]
                if span is not None and len(span) <= 8:
                    lo, hi = sorted((anchors[0].i, span.start))
                    between = doc[lo + 1:hi]
                    if a.i != anchors[0].i and any(t.lower_ in NOUN_TRIGGERS or t.lemma_.lower() in VERB_TRIGGERS
                                                   for t in between):
                        continue  # the date belongs to another event named in between
                    found.append((span.start, span.text))
        for ent in sent.span.ents:  # dates the model found right next to an anchor
            if ent.label_ == "DATE" and any(abs(ent.start - a.i) <= 2 or abs(ent.end - a.i) <= 1 for a in anchors[:1]):
                found.append((ent.start, ent.text))
        fallback: list[tuple[int, str]] = []
        # the model's dates in the clause, tried after the phrases attached to the event
        top = anchors[-1]
        others = [t.head if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ == "VERB" else t
                  for t in top.subtree if t.i != anchors[0].i and (
                      t.lower_ in NOUN_TRIGGERS or t.lemma_.lower() in VERB_TRIGGERS)]
        for ent in sent.span.ents:
            inside_other = any(o.left_edge.i <= ent.start and ent.end <= o.right_edge.i + 1 and
                               not (o.left_edge.i <= anchors[0].i <= o.right_edge.i) for o in others)
            if ent.label_ == "DATE" and top.left_edge.i <= ent.start and ent.end <= top.right_edge.i + 1 \
                    and _TIME_WORDS.search(ent.text) and len(ent) <= 6 and not inside_other \
                    and not _other_clause(ent.root, top):  # "his first address since X appointed him in 2018"
                fallback.append((ent.start, ent.text))
                break
        seen, out = set(), []
        for _, text in sorted(found) + fallback:
            if text not in seen:
                seen.add(text)
                out.append(text)
        return out

    def _status(self, trigger, anchors: list, sent: Sentence) -> str | None:
        """Status from the trigger's own clause: its verbs, auxiliaries, modals and negation.

        The walk goes up through infinitives ("seeking to meet") and noun phrases ("the
        prospect of talks") to the first finite verb; an event inside a time phrase ("during
        his visit", "since the summit") takes only the tense of the clause it sits in.
        """
        words: set[str] = set()
        t = trigger
        temporal_pp = False
        purpose = False  # "leaving to attend a meeting": the event comes after the clause's time
        finite = None
        for _ in range(8):
            if not (t.i == trigger.i and t.pos_ in ("NOUN", "PROPN")):
                words.add(t.lemma_.lower())  # the trigger noun itself ("talks") is no modality
            for c in t.children:
                if c.dep_ in ("aux", "auxpass", "neg", "prt", "acomp", "advmod", "amod"):
                    words.add(c.lemma_.lower())
                    words.add(c.lower_)
            if t.pos_ == "NOUN":  # a verb's subtree holds other events' clauses
                for d in t.subtree:  # "talks ..., which were postponed last week"
                    if d.dep_ == "relcl" and any(c.lower_ in ("which", "that") for c in d.children):
                        if d.lemma_.lower() in POSTPONE | CANCEL or any(
                                c.dep_ == "prt" and (d.lemma_.lower(), c.lower_) in CANCEL_PHRASAL for c in d.children):
                            words.add(d.lemma_.lower())
                            words.update(c.lower_ for c in d.children if c.dep_ == "prt")
            if t.pos_ in ("VERB", "AUX") and t.i != trigger.i or (t.i == trigger.i and t.pos_ == "VERB"):
                to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
                purpose = purpose or (to_inf and t.dep_ in ("xcomp", "advcl") and t.lemma_ not in ("seek", "try"))
                if not to_inf and t.tag_ not in ("VBG",) and not (t.tag_ == "VBN" and t.dep_ in ("xcomp",)):
                    finite = t
                    break
            if t.dep_ == "prep" and t.lower_ in ("during", "since", "after", "following", "amid", "before",
                                                   "until", "ahead", "at", "in"):
                temporal_pp = t.lower_ in ("during", "since", "after", "following", "amid")
                if temporal_pp:
                    t = t.head
                    finite = t if t.pos_ in ("VERB", "AUX") else None
                    break
            if t.head.i == t.i:
                break
            t = t.head
        aux_words = set()
        if finite is not None:
            aux_words = {c.lower_ for c in finite.children if c.dep_ in ("aux", "auxpass", "neg")}
            aux_words |= {c.lemma_.lower() for c in finite.children if c.dep_ in ("aux", "auxpass", "neg")}
            if not temporal_pp:
                words.add(finite.lemma_.lower())
                words |= aux_words
        own = {w for c in trigger.children if c.dep_ in ("amod", "advmod") for w in (c.lemma_.lower(), c.lower_)}
        if trigger.dep_ == "pobj" and trigger.head.lower_ in ("at", "during") and finite is not None and \
                finite.i == trigger.head.head.i and finite.tag_ == "VBD" and not aux_words and \
                not (words - own) & (PROPOSE | PLAN | POSTPONE | CANCEL | {"not", "no", "never", "n't"}):
            return "Held"  # "made the remarks at a hastily arranged briefing": done there, so it took place
        if words & POSTPONE or {"put", "off"} <= words or {"push", "back"} <= words:
            return "Postponed"
        if words & CANCEL or {"call", "off"} <= words:
            return "Cancelled"
        if "not" in words or "no" in words or "never" in words or "n't" in words:
            return "Proposed" if words & {"propose", "proposed"} else None
        if temporal_pp and aux_words & {"will", "would", "'ll", "shall"}:
            return "Planned"
        if "would" in words and finite is not None and finite.dep_ == "ccomp":
            return "Planned"  # reported future: "said he would discuss"
        if not temporal_pp and words & PROPOSE:
            return "Proposed"
        if words & PLAN or aux_words & {"will", "'ll", "shall"}:
            return "Planned"
        if purpose:
            return "Planned"
        if finite is not None:
            if finite.tag_ in ("VBD",) or (finite.tag_ == "VBN" and aux_words & {"have", "has", "had"}):
                return "Held"
            if finite.tag_ == "VBN" and finite.dep_ in ("acl", "relcl", "amod"):
                return "Held"
        return ""

    # ---- triggers --------------------------------------------------------------------------

    def _sentence_dates(self) -> None:
        """The full date each sentence names, for "that day", "the same day", "that night"."""
        pub = self.ctx.published
        self.dates: dict[int, str] = {}
        for sent in self.ctx.sentences:
            root = sent.span.root
            tense = "past" if root.tag_ == "VBD" else "future" if any(
                c.lower_ in ("will", "'ll") for c in root.children) else ""
            for ent in sent.span.ents:
                if ent.label_ == "DATE":
                    value = temporal.resolve(ent.text, pub, tense)
                    if value and value.start and len(value.start) == 10:
                        self.dates[sent.index] = value.start
                        break

    def _anaphoric_date(self, sent: Sentence) -> str | None:
        for i in range(sent.index - 1, max(-1, sent.index - 8), -1):
            if i in self.dates:
                return self.dates[i]
        return None

    def read(self) -> list[Event]:
        self._sentence_dates()
        for sent in self.ctx.sentences:
            if sent.caption:
                continue
            for tok in sent.span:
                kind = None
                if tok.pos_ in ("VERB",) and tok.lemma_.lower() in VERB_TRIGGERS:
                    kind = VERB_TRIGGERS[tok.lemma_.lower()]
                    if tok.lemma_.lower() == "land" and not any(c.lower_ in ("in", "at") for c in tok.children):
                        continue
                elif tok.pos_ == "VERB" and tok.lemma_.lower() in JOINT_VERBS:
                    if not self._joint(sent, tok):
                        continue
                    kind = JOINT_VERBS[tok.lemma_.lower()]
                elif tok.lemma_.lower() == "blow" and any(c.lower_ == "up" for c in tok.children):
                    kind = "Demolition"
                elif tok.lemma_.lower() == "appear" and tok.pos_ == "VERB" and any(
                        c.dep_ == "prep" and c.lower_ == "before" and any(
                            o.dep_ == "pobj" and o.lemma_.lower() in PRESS for o in c.children)
                        for c in tok.children):
                    kind = "PressConference"  # "appeared before reporters at the hotel"
                elif tok.lemma_.lower() == "sit" and any(c.lower_ == "down" for c in tok.children):
                    kind = "Meeting"  # "the delegations sat down on Oct. 5"
                elif tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in NOUN_TRIGGERS:
                    needs = NOUN_NEEDS.get(tok.lower_)
                    if needs and not any(c.lower_ in needs for c in tok.children):
                        continue
                    kind = NOUN_TRIGGERS[tok.lower_]
                    if tok.lower_ == "invitation" and not any(t.lemma_ in ("return", "meet", "visit", "hold")
                                                              for t in tok.subtree):
                        continue
                if kind:
                    self._event(sent, tok, kind)
        self._requests()
        self._delegation_heads()
        self._merge()
        self._visit_places()
        self._remarks_dates()
        self._accompanying_bodies()
        return self.events

    def _bodies(self, sent: Sentence, tok) -> list[str]:
        """Government bodies and other organisations a token and its conjuncts name."""
        out = []
        for t in [tok, *tok.conjuncts]:
            m = self.ctx.mention_at(sent, t)
            if m is not None and m.kind in BODY_KINDS:
                out.append(m.key)
        return out

    def _accompanying_bodies(self) -> None:
        """Bodies that make up a delegation take part in the meeting just named: "officials from
        X and Y are traveling with Lee", "the US side will include Z". The meeting is the latest
        one told before, nearby, with that person or with someone from that side."""
        ctx = self.ctx
        for sent in ctx.sentences:
            for verb in sent.span:
                lemma = verb.lemma_.lower()
                if verb.pos_ != "VERB" or lemma not in ("travel", "accompany", "join", "include"):
                    continue
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    continue
                bodies, people, side = [], [], None
                if lemma == "include" and subj.lemma_.lower() in ("side", "delegation", "team"):
                    side = ctx.agent_of(sent, subj) or next(  # "the Japanese side"
                        (ctx.kb.demonym(c.text) for c in subj.children if c.dep_ in ("amod", "compound")
                         and ctx.kb.demonym(c.text)), None)
                    if side is None or ctx.kind_of(side) not in ("country", ""):
                        continue
                    for c in verb.children:
                        if c.dep_ == "dobj":
                            bodies += self._bodies(sent, c)
                elif lemma != "include" and subj.lemma_.lower() in ("official", "delegate", "member", "expert"):
                    for c in subj.children:
                        if c.dep_ == "prep" and c.lower_ == "from":
                            bodies += [b for o in c.children if o.dep_ == "pobj" for b in self._bodies(sent, o)]
                        elif c.dep_ == "compound":
                            bodies += self._bodies(sent, c)
                    for c in verb.children:
                        objs = [c] if c.dep_ == "dobj" else [o for o in c.children if o.dep_ == "pobj"] \
                            if c.dep_ == "prep" and c.lower_ == "with" else []
                        for o in objs:
                            people += [k for k in self._agent(sent, o) if ctx.kind_of(k) == "person"]
                    if not people:
                        continue
                if not bodies:
                    continue
                for ev in reversed(self.events):
                    if _family(ev.kind) != "Meeting" or ev.kind == "Summit" or \
                            not any(e.start < sent.start and sent.start - e.start <= 800 for e in ev.evidence):
                        continue
                    if side is not None:
                        ok = any(side in self._home_countries(p) for p in ev.participants if ctx.kind_of(p) == "person")
                    else:
                        ok = all(p in ev.participants for p in people)
                    if ok:
                        ev.participants += [b for b in bodies if b not in ev.participants]
                        if ctx.evidence(sent) not in ev.evidence:
                            ev.evidence.append(ctx.evidence(sent))
                        break

    def _remarks_dates(self) -> None:
        """A speech, briefing or news conference the text does not date is the occasion of the
        remarks reported just before: "X said Thursday that ... Speaking at Y, X gave an address".
        The date is taken from a saying verb in the two sentences before whose speaker is a
        participant or is described rather than named ("a senior diplomat said Friday")."""
        ctx = self.ctx
        pub = ctx.published
        if pub is None:
            return
        by_start = {s.start: s for s in ctx.sentences}
        for ev in self.events:
            if ev.kind not in ("Speech", "Briefing", "PressConference") or ev.status != "Held" or ev.start:
                continue
            sent = by_start.get(ev.evidence[0].start)
            if sent is None:
                continue
            before = [s for s in ctx.sentences[:sent.index] if not s.caption][-2:]
            for prev in reversed(before):
                found = self._said_on(prev, ev.participants)
                if found:
                    value = temporal.resolve(found, pub, "past")
                    if value and value.start and len(value.start) == 10 and not value.end:
                        ev.start, ev.time_expression = value.start, ev.time_expression or found
                        if ctx.evidence(prev) not in ev.evidence:
                            ev.evidence.append(ctx.evidence(prev))
                    break

    def _said_on(self, sent: Sentence, participants: list[str]) -> str | None:
        """The date phrase of a past saying verb ("said Thursday") whose speaker may be one of
        `participants` (named as one of them, or not named at all)."""
        doc = self.ctx.docs[sent.para]
        for tok in sent.span:
            if tok.lemma_.lower() not in SAY_VERBS or tok.tag_ != "VBD":
                continue
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if not subj:
                continue
            who = self._agent(sent, subj[0])
            named = any(self.ctx.mention_at(sent, t) for t in subj[0].subtree)
            if (who and not set(who) & set(participants)) or (not who and named):
                continue
            for c in tok.children:
                if c.dep_ in ("npadvmod", "tmod") and c.ent_type_ == "DATE":
                    return doc[c.left_edge.i:c.right_edge.i + 1].text.strip(" ,;")
                if c.dep_ == "prep" and c.lower_ == "on":
                    obj = [g for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "DATE"]
                    if obj:
                        return doc[c.i:obj[0].right_edge.i + 1].text
        return None

    def _home_countries(self, person: str) -> set[str]:
        ctx = self.ctx
        return {ctx.entities[post].country for p, post in ctx.post_holders
                if p == person and post in ctx.entities and ctx.entities[post].country}

    def _place_country(self, place: str) -> str | None:
        rec = self.ctx.entities.get(place)
        if rec is not None and rec.kind == "country":
            return place
        entry = self.ctx.kb.entries.get(place)
        return (rec.country if rec is not None else None) or (entry.country if entry else None)

    def _concurrent(self, ev: Event, visit: Event) -> bool:
        """Whether a meeting can fall within a visit: dates that overlap, a visit still under way
        for a meeting to come, and, where either is undated, the two told close together."""
        if ev.start and visit.start:
            return _overlaps(ev.start, visit.start, visit.end)
        pub = self.ctx.published
        last = visit.end or visit.start
        if ev.status in ("Planned", "Proposed") and visit.status == "Held" and last and pub:
            recent = temporal.shift_days(pub.isoformat(), -3) if len(last) == 10 else pub.isoformat()[:len(last)]
            if last < recent:
                return False  # "during his visit last month": over before the meeting to come
        return _near(ev, visit, 1000)

    def _visit_places(self) -> None:
        """A meeting the text places nowhere, between a visitor and officials of the country the
        visitor is in, takes place where the visit is ("landed in Washington ... will meet his US
        counterpart on Tuesday"). Visits at other times, or in two different countries, say nothing."""
        ctx = self.ctx
        for ev in self.events:
            if ev.location or _family(ev.kind) != "Meeting" or ev.kind == "Summit" or not ev.status:
                continue
            people = [p for p in ev.participants if ctx.kind_of(p) == "person"]
            if len(people) < 2:
                continue
            found: dict[str, list[int]] = {}
            for vi, visit in enumerate(self.events):
                if visit.kind != "Visit" or not visit.location or visit.status not in ("Held", "Planned"):
                    continue
                if visit.status == "Planned" and ev.status == "Held":
                    continue
                country = self._place_country(visit.location)
                if country is None or country == visit.location or re.search(
                        r"\b(?:airport|airbase|air base)\b", ctx.entities[visit.location].label, re.I):
                    continue  # a visit to a country names no place to meet in; an airport is passed through
                visitors = [p for p in people if p in visit.participants]
                hosts = [p for p in people if p not in visitors]
                if len(visitors) != 1 or not hosts or country in self._home_countries(visitors[0]):
                    continue
                if not all(self._home_countries(h) == {country} for h in hosts):
                    continue
                if not self._concurrent(ev, visit):
                    continue
                found.setdefault(visit.location, []).append(vi)
            countries = {self._place_country(p) for p in found}
            if len(countries) != 1:
                continue
            place = max(found, key=lambda p: (len(found[p]), -min(found[p])))
            ev.location = place
            ev.part_of = ev.part_of if ev.part_of is not None else found[place][0]

    def _joint(self, sent: Sentence, verb) -> bool:
        """A deliberation verb names a meeting when both sides are in the text: a "with" partner,
        or a subject that stands for two or more people ("the two envoys", "Lee and Biegun")."""
        if self._joint_partners(sent, verb):
            return True
        subj = self._subject(sent, verb)
        return len([p for p in dict.fromkeys(subj) if self.ctx.kind_of(p) == "person"]) >= 2

    def _joint_partners(self, sent: Sentence, verb) -> list[str]:
        """Who a deliberation verb is "with", the phrase attached to the verb or to its object
        ("discussed the sanctions with X")."""
        out: list[str] = []
        for holder in [verb, *[c for c in verb.children if c.dep_ == "dobj"]]:
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ == "with":
                    for o in c.children:
                        if o.dep_ == "pobj":
                            out += self._agent(sent, o)
        return out

    def _delegation_heads(self) -> None:
        """"The delegations sat down ... X led the American team; Pyongyang's chief negotiator
        was Y": who led each side joins a just-named meeting that names nobody."""
        ctx = self.ctx
        for sent in ctx.sentences:
            heads: list[str] = []
            for tok in sent.span:
                if tok.lemma_.lower() in ("lead", "head") and tok.pos_ == "VERB" and any(
                        c.dep_ == "dobj" and c.lemma_.lower() in ("team", "delegation") for c in tok.children):
                    heads += [k for c in tok.children if c.dep_ == "nsubj" for k in self._agent(sent, c)
                              if ctx.kind_of(k) == "person"]
                if tok.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in (
                        "negotiator", "delegate") for c in tok.children):
                    heads += [k for c in tok.children if c.dep_ in ("attr", "nsubj") for k in self._agent(sent, c)
                              if ctx.kind_of(k) == "person"]
            heads = list(dict.fromkeys(heads))
            if not heads:
                continue
            for ev in reversed(self.events):
                if ev.evidence[0].start > sent.start or sent.start - ev.evidence[0].start > 600:
                    continue
                if _family(ev.kind) == "Meeting" and ev.kind != "Summit" and not any(
                        ctx.kind_of(p) == "person" for p in ev.participants):
                    ev.participants += [h for h in heads if h not in ev.participants]
                    ev.evidence.append(ctx.evidence(sent))
                    break

    def _event(self, sent: Sentence, trig, kind: str) -> None:
        ctx = self.ctx
        is_noun = trig.pos_ in ("NOUN", "PROPN")
        participants: list[str] = []
        location = None
        anchors = [trig]
        requested_by = None
        if is_noun:
            for c in trig.children:
                if c.dep_ == "poss":
                    if trig.lower_ == "invitation":
                        got = self._agent(sent, c)
                        requested_by = got[0] if got else None
                    else:
                        participants += self._agent(sent, c)
                elif c.dep_ in ("compound", "amod", "nmod"):
                    m = ctx.mention_at(sent, c)
                    if m is not None and m.kind == "place":
                        location = location or m.key
                    elif m is not None and m.kind in ("person", "country"):
                        participants.append(m.key)
                        for cc in c.children:  # "Trump-Kim summit", "US-North Korea talks"
                            mm = ctx.mention_at(sent, cc)
                            if mm is not None and mm.kind in ("person", "country"):
                                participants.append(mm.key)
                elif c.dep_ == "prep" and c.lower_ == "by":  # "joined for a luncheon by Kenji Kanasugi"
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            participants += [k for k in self._agent(sent, obj) if ctx.kind_of(k) == "person"]
                elif c.dep_ == "prep" and (c.lower_ in ("with", "between", "among") or
                                           (c.lower_ == "on" and trig.lower_ == "call")):
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            participants += self._agent(sent, obj)
                elif c.dep_ == "advmod" and c.lower_ == "there":
                    location = location or self._last_place(sent, c)
                elif c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                    for obj in c.children:
                        if obj.dep_ == "pobj" and location is None:
                            location = self._place(sent, obj)
                            if kind == "Visit" and location is None and c.lower_ == "to":
                                location = self._place(sent, obj)
            head = trig.head
            if trig.dep_ in ("dobj", "attr", "pobj", "nsubj", "nsubjpass", "conj", "appos", "npadvmod") and head.i != trig.i:
                gov = head if head.pos_ in ("VERB", "AUX") else (head.head if head.dep_ == "prep" else None)
                if gov is not None:
                    anchors.append(gov)
                    if trig.dep_ in ("dobj", "attr") or (head.dep_ == "prep" and head.lower_ in ("for", "to", "at", "in", "from")):
                        convened = gov.lemma_ == "call" and trig.dep_ == "dobj" and any(
                            c.dep_ == "det" and c.lower_ in ("a", "an") for c in trig.children) and not any(
                            c.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "attr") for c in gov.children)
                        if convened or gov.lemma_ not in ("discuss", "cover", "describe", "call", "set", "accept",
                                                          "dismiss", "review", "mark", "collapse", "say"):
                            participants += self._subject(sent, gov)
                    for c in gov.children:
                        if c.dep_ == "prep" and c.lower_ in ("in", "at") and location is None:
                            for obj in c.children:
                                if obj.dep_ == "pobj":
                                    location = self._place(sent, obj)
                        elif c.dep_ == "prep" and c.lower_ in ("with", "between") and trig.dep_ == "dobj":
                            for obj in c.children:  # "holding talks there on Monday with his counterpart"
                                if obj.dep_ == "pobj":
                                    participants += self._agent(sent, obj)
                        elif c.dep_ == "advmod" and c.lower_ == "there" and location is None:
                            location = self._last_place(sent, c)
                        elif c.dep_ == "advcl" and c.tag_ == "VBG" and location is None and not any(
                                g.dep_ in ("nsubj", "mark") for g in c.children):
                            for p in c.children:  # "Speaking at X, he gave an address": the address is at X
                                if p.dep_ == "prep" and p.lower_ in ("in", "at"):
                                    for obj in p.children:
                                        if obj.dep_ == "pobj" and location is None:
                                            location = self._place(sent, obj)
                        elif c.dep_ == "dobj" and c.i != trig.i and trig.dep_ == "dobj":
                            # "paid a courtesy call on ROK Foreign Minister Kang Kyung-wha", parsed as a second object
                            participants += [k for k in self._agent(sent, c) if ctx.kind_of(k) == "person"]
                        elif c.dep_ == "agent":  # "were joined that day for a luncheon by Kenji Kanasugi"
                            for obj in c.children:
                                if obj.dep_ == "pobj":
                                    participants += self._agent(sent, obj)
        else:
            if trig.dep_ == "conj" and trig.head.pos_ == "VERB":
                anchors.append(trig.head)  # "That night, Biegun flew ... and met ...": the time is the first verb's
            participants += self._subject(sent, trig)
            if trig.lemma_.lower() in JOINT_VERBS:
                participants += self._joint_partners(sent, trig)
            for c in trig.children:
                if c.dep_ == "dobj":
                    if kind == "Visit":
                        location = location or self._place(sent, c)
                        if location is None:
                            participants += [k for k in self._agent(sent, c) if ctx.kind_of(k) == "person"]
                    elif kind == "Demolition" or trig.lemma_.lower() in JOINT_VERBS:
                        pass  # what was demolished or discussed, not who took part
                    else:
                        participants += self._agent(sent, c)
                elif c.dep_ == "prep" and c.lower_ in ("with", "between"):
                    for obj in c.children:
                        if obj.dep_ == "pobj":
                            participants += self._agent(sent, obj)
                elif c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                    for obj in c.children:
                        if obj.dep_ == "pobj" and location is None:
                            location = self._place(sent, obj)
                elif c.dep_ == "advmod" and c.lower_ == "there":
                    location = location or self._last_place(sent, c)
            if trig.dep_ == "relcl" and trig.head.i != trig.i:  # "in Pyongyang, where he met"
                if any(c.lower_ == "where" for c in trig.children):
                    location = location or self._place(sent, trig.head)
            if kind == "Demolition":
                participants = participants[:1]
        if trig.lower_ == "invitation":
            kind = "Talks"
            for t in trig.subtree:
                if t.dep_ == "pobj" and t.head.lower_ == "to" and location is None:
                    location = self._place(sent, t)
            gov = trig.head if trig.head.pos_ == "VERB" else None
            participants = self._subject(sent, gov) if gov is not None else []
        participants = list(dict.fromkeys(p for p in participants if ctx.kind_of(p) != "place"))
        status = self._status(trig, anchors, sent)
        if status is None:
            return
        if trig.lower_ == "invitation":
            status = "Proposed"
        times = self._time_tokens(sent, anchors)
        pub = ctx.published
        tense = "future" if status in ("Planned", "Proposed") else "past" if status in ("Held", "Postponed", "Cancelled") else ""
        start = end = None
        expression = None
        for text in times:
            value = temporal.resolve(text, pub, tense)
            low = text.lower()
            if value is None and _SAME_DAY.search(text):
                same = self._anaphoric_date(sent)  # "Later the same day", "That night", "Hours later"
                if same and _AFTER_MIDNIGHT.search(sent.text):
                    same = temporal.shift_days(same, 1)  # "hours later ... after midnight": the next day
                value = temporal.TimeValue(same) if same else None
            if value is None:
                expression = expression or text
                continue
            if low.startswith(("till", "until", "through")):
                end = end or value.start
            elif start is None:
                start, end = value.start, value.end or end
            expression = expression or text
        doc = ctx.docs[sent.para]
        duration = re.search(r"\b(two|three|four|five|six|seven|\d+)-day\b",
                             doc[trig.left_edge.i:trig.right_edge.i + 1].text, re.I)
        if duration:
            n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}.get(duration.group(1).lower())
            n = n or int(duration.group(1))
            if start and not end and len(start) == 10:
                end = temporal.shift_days(start, n - 1)
            elif end and not start and len(end) == 10:
                start = temporal.shift_days(end, -(n - 1))
        if pub and start:
            today = pub.isoformat()[:len(start)]
            if status == "" and start < today:
                status = "Held"
            elif status in ("", "Held") and start > today:
                status = "Planned"
        if not status:
            status = "Held" if start and pub and start[:7] <= pub.isoformat()[:7] else None
        doc = ctx.docs[sent.para]
        clause = anchors[-1] if len(anchors) > 1 else trig
        topics = issues_in(doc[clause.left_edge.i:clause.right_edge.i + 1].text) if kind in (
            "Meeting", "Talks", "WorkingGroupMeeting", "Summit", "Briefing", "Speech", "PressConference") else []
        outcome = self._outcome(sent, trig)
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in trig.children)
        if is_noun and definite and not participants and location is None and not start and self.events:
            last = self.events[-1]  # "The talks will cover ...": the event just mentioned
            if _family(last.kind) == _family(kind) and sent.start - last.evidence[-1].start < 800:
                last.topics += [t for t in topics if t not in last.topics]
                last.outcome = last.outcome or outcome
                if ctx.evidence(sent) not in last.evidence:
                    last.evidence.append(ctx.evidence(sent))
                return
        if start and len(start) == 10:
            self.dates.setdefault(sent.index, start)  # a later "that day" refers to this one
        if not status:
            return  # the text does not say whether it happened: nothing is recorded, nothing invented
        if not participants and location is None and start is None:
            return
        if location is None:
            for d in trig.subtree:
                if d.dep_ == "pobj" and d.head.lower_ in ("in", "at") and d.i > trig.i and \
                        not any(a.dep_ == "prep" and a.lower_ in ("with", "between") for a in d.ancestors
                                if trig.i < a.i < d.i) and not _other_clause(d, trig):
                    location = self._place(sent, d)
                    if location:
                        break
        if location is None and kind == "Visit":
            location = self._last_place(sent, trig)  # "He arrived on Sunday for a three-day visit"
        people = [p for p in participants if ctx.kind_of(p) == "person"]
        if is_noun and kind in ("Talks", "Meeting") and not people and location is None and start is None:
            return  # "US-North Korea talks": the process, not a meeting
        if not is_noun and location is None:
            for d in trig.subtree:
                if d.dep_ == "pobj" and d.head.lower_ in ("in", "at") and not _other_clause(d, trig) and \
                        d.head.head.i in (trig.i, *[p.i for p in trig.subtree if p.dep_ in ("pobj", "dobj")]):
                    location = self._place(sent, d)
                    if location:
                        break
        conf = 0.85 if participants and (location or start) else 0.7
        ev = Event(evidence=[ctx.evidence(sent)], confidence=conf, kind=kind, participants=participants,
                   location=location, start=start, end=end if end != start else None,
                   time_expression=expression, status=status, outcome=outcome, trigger=trig.text,
                   requested_by=requested_by, topics=topics)
        self._trigger_of[len(self.events)] = (sent.para, trig.i)
        self.events.append(ev)
        self._nest(sent, trig, len(self.events) - 1)

    def _outcome(self, sent: Sentence, trig) -> str | None:
        if trig.dep_ not in ("nsubj", "nsubjpass") or trig.head.lemma_.lower() not in OUTCOME_VERBS:
            return None
        verb = trig.head
        doc = self.ctx.docs[sent.para]
        parts = [verb.text]
        for c in verb.children:
            if c.dep_ == "prt":
                parts.append(c.text)
            if c.dep_ == "prep" and c.lower_ in ("without", "with"):
                stop = next((t.i for t in doc[c.i:c.right_edge.i + 1] if t.ent_type_ == "DATE" or
                             (t.dep_ == "prep" and t.lower_ in ("in", "on") and t.i > c.i)), c.right_edge.i + 1)
                parts.append(doc[c.i:stop].text.rstrip(" ,"))
        return " ".join(parts) if len(parts) > 1 else None

    def _nest(self, sent: Sentence, trig, index: int) -> None:
        """A meeting inside a visit in the same sentence: part of it, sharing place and time."""
        ev = self.events[index]
        for j, other in enumerate(self.events[:index]):
            para, ti = self._trigger_of[j]
            if para != sent.para or not (sent.span.start <= ti < sent.span.end):
                continue
            inner, outer = (ev, other) if other.kind == "Visit" and ev.kind != "Visit" else \
                (other, ev) if ev.kind == "Visit" and other.kind != "Visit" else (None, None)
            if inner is None or not set(inner.participants) & set(outer.participants):
                continue
            doc = self.ctx.docs[sent.para]
            a, b = doc[ti], trig
            linked = any(x.i == b.i for x in a.ancestors) or any(x.i == a.i for x in b.ancestors)
            if not linked:
                continue  # "briefed her on the results of his visit": another event, not the frame
            inner.part_of = self.events.index(outer)
            inner.location = inner.location or outer.location
            if not inner.start and outer.start and not outer.end:
                inner.start = outer.start
            inner.time_expression = inner.time_expression or outer.time_expression
            if outer.status in ("Proposed",) and inner.status in ("Planned", "Held", ""):
                inner.status = outer.status

    def _requests(self) -> None:
        """"The North asked for a delay of the meeting": who asked for a postponed event."""
        ctx = self.ctx
        for sent in ctx.sentences:
            for tok in sent.span:
                if tok.lemma_.lower() not in ("ask", "request", "seek", "call") or tok.pos_ != "VERB":
                    continue
                objs = [t for t in tok.subtree if t.lower_ in ("delay", "postponement")]
                if not objs:
                    continue
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                if not subj:
                    continue
                who = self._agent(sent, subj[0])
                if not who:
                    continue
                for ev in reversed(self.events):
                    if ev.status == "Postponed" and ev.evidence[0].start <= sent.end and \
                            sent.start - ev.evidence[0].start < 600:
                        ev.requested_by = ev.requested_by or who[0]
                        ev.evidence.append(ctx.evidence(sent)) if ctx.evidence(sent) not in ev.evidence else None
                        break

    def _merge(self) -> None:
        """Merge mentions of one event: "the second summit between Trump and Kim" / "the Hanoi summit"."""
        merged: list[Event] = []
        remap: dict[int, int] = {}
        for i, ev in enumerate(self.events):
            target = None
            for j, other in enumerate(merged):
                if _compatible(other, ev):
                    target = j
                    break
            if target is None:
                remap[i] = len(merged)
                merged.append(ev)
                continue
            remap[i] = target
            into = merged[target]
            into.participants = list(dict.fromkeys(into.participants + ev.participants))
            into.location = into.location or ev.location
            into.start = into.start or ev.start
            into.end = into.end or ev.end
            into.time_expression = into.time_expression or ev.time_expression
            into.outcome = into.outcome or ev.outcome
            into.topics += [t for t in ev.topics if t not in into.topics]
            into.requested_by = into.requested_by or ev.requested_by
            into.status = into.status or ev.status
            into.evidence += [s for s in ev.evidence if s not in into.evidence]
            into.confidence = max(into.confidence, ev.confidence)
        for ev in merged:
            if ev.part_of is not None:
                ev.part_of = remap.get(ev.part_of)
        self.events = merged


def _other_clause(tok, trig) -> bool:
    """Whether `tok` sits in a clause of its own below the trigger ("discussed ... days after
    the North blew up the office in Kaesong"): a place there is that clause's, not the event's."""
    t = tok.head
    while t.i != trig.i and t.head.i != t.i:
        if t.pos_ in ("VERB", "AUX") and t.dep_ in ("advcl", "ccomp", "relcl", "acl", "pcomp", "conj"):
            return True
        t = t.head
    return False


def _family(kind: str) -> str:
    return SUPERCLASS.get(kind, kind)


def _overlaps(day: str, start: str, end: str | None) -> bool:
    """Whether a date (at any precision) can fall within a visit from `start` to `end`."""
    n = min(len(day), len(start))
    if end is None:
        return day[:n] == start[:n] or (len(day) == len(start) == 10 and start <= day)
    return start[:n] <= day[:n] <= end[:n]


def _near(a: Event, b: Event, chars: int = 600) -> bool:
    return any(abs(x.start - y.start) <= chars for x in a.evidence for y in b.evidence)


def _compatible(a: Event, b: Event) -> bool:
    if a.kind != b.kind and not (_family(a.kind) == _family(b.kind) == "Meeting" and "Summit" not in (a.kind, b.kind)):
        return False
    if a.status and b.status and a.status != b.status:
        return False
    if a.location and b.location and a.location != b.location:
        return False
    if a.start and b.start and not (a.start.startswith(b.start) or b.start.startswith(a.start)):
        return False
    pa, pb = set(a.participants), set(b.participants)
    if pa and pb:
        people_a = {p for p in pa if p.startswith("person:")}
        people_b = {p for p in pb if p.startswith("person:")}
        if people_a and people_b and not (people_a <= people_b or people_b <= people_a):
            return False
        if people_a != people_b and not _near(a, b) and not (
                (a.start and a.start == b.start) or (a.location and a.location == b.location)):
            return False  # "his consultations" far from "they agreed to meet": not one event by name alone
        return bool(pa & pb)
    # one side names nobody: same place or same date is needed to call them one event
    if a.kind == "Summit" and a.status == b.status == "Held":
        return True  # "the second summit ... ended" / "the Hanoi summit ended": one summit
    return bool((a.location and a.location == b.location) or (a.start and a.start == b.start)) and \
        a.kind == "Summit"
