"""Events, read off the frames layer: class, participants, place, time, status, requester, outcome.

Each frame match (`Doc._.frames`) opens one event mention. The argument reader turns its
role tokens into entities; the time layer gives its dates (an "until" phrase ends a visit,
"from ... to ..." gives both ends, a "that afternoon" takes the day named before it, a verb
with no time of its own takes the time of the clause it is linked to); the status comes from
the cues of `patterns/status.yaml` read along the trigger's clause (see that file for the
scope rules). A negated or conditional mention is no event; a mention with no status at all
(an event noun in a topic phrase, "remarks on a round of talks") opens no event but may still
be an anaphor of one ("the talks ended without an agreement"). Mentions of one real event
are merged afterwards (`reconcile`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import yaml
from spacy.attrs import LOWER
from spacy.tokens import Token

from ..model import Event
from ..nlp.frames import NOUNS, load_frames, misparsed_infinitive, subjects
from ..nlp.layers import MENTIONS, TIME, TITLES
from .reading import ArticleReading

NONE = "none"  # the text says there is no such event
RANK = {"Proposed": 1, "Planned": 2, "Postponed": 3, "Held": 4, "Cancelled": 5}
SEQUENCE_MARKS = ("after", "before", "until", "till", "since", "once")
UP_DEPS = ("xcomp", "conj", "advcl", "pcomp", "acomp", "prep", "oprd", "dep")
_N_DAY = re.compile(r"\b(\w+)[- ](?:day|days)\b", re.I)


@lru_cache(maxsize=1)
def load_status() -> dict:
    text = resources.files("builder").joinpath("patterns/status.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def by_word(groups: dict) -> dict[str, str]:
        return {w: status for status, words in (groups or {}).items() for w in words}

    return {
        "aux": dict(data.get("aux") or {}),
        "speech_verbs": frozenset(data.get("speech_verbs") or ()),
        "reported_aux": dict(data.get("reported_aux") or {}),
        "governors": by_word(data.get("governors")),
        "particles": {v: dict(p) for v, p in (data.get("particles") or {}).items()},
        "needs_particle": frozenset(data.get("needs_particle") or ()),
        "prepositions": {v: dict(p) for v, p in (data.get("prepositions") or {}).items()},
        "nouns": by_word(data.get("nouns")),
        "modifiers": by_word(data.get("modifiers")),
        "neg_deps": frozenset((data.get("negation") or {}).get("deps", ())),
        "neg_dets": frozenset((data.get("negation") or {}).get("determiners", ())),
        "neg_adverbs": frozenset((data.get("negation") or {}).get("adverbs", ())),
        "neg_marks": frozenset((data.get("negation") or {}).get("marks", ())),
        "request_nouns": frozenset((data.get("requests") or {}).get("nouns", ())),
        "request_verbs": frozenset((data.get("requests") or {}).get("verbs", ())),
        "outcome_verbs": frozenset((data.get("outcomes") or {}).get("verbs", ())),
        "outcome_preps": frozenset((data.get("outcomes") or {}).get("prepositions", ())),
        "outcome_in": frozenset((data.get("outcomes") or {}).get("in_nouns", ())),
        "outcome_alone": frozenset((data.get("outcomes") or {}).get("alone", ())),
        "questions": bool(data.get("questions")),
        "future_marks": frozenset(data.get("future_marks") or ()),
    }


@dataclass
class EventMention(Event):
    """One mention of an event, with what reconciliation needs beyond the record."""

    frame: str = ""
    lemma: str = ""
    position: int = 0  # character offset of the trigger
    anaphor: bool = False  # "the talks", "the Geneva session", "their meeting"
    stay: bool = False  # only tells how long a visit lasts
    new_start: str | None = None  # a postponement's new date ("moved to Sunday")
    new_end: str | None = None
    duration: int | None = None  # "a four-day visit"
    heads: frozenset = frozenset()  # participants who are heads of state or government
    countries: dict = field(default_factory=dict)  # participant -> country, where the post says
    published: str | None = None
    requesters: list[str] = field(default_factory=list)
    distinct: bool = False  # "a separate session": never merged into an event named before


@dataclass
class Status:
    value: str | None = None
    cue: Token | None = None
    walk: list = field(default_factory=list)  # the verbs the status walk passed
    purpose: bool = False  # the status is the tense of a clause above a to-infinitive ("left to attend")


# -- status -------------------------------------------------------------------------------

def _strongest(values) -> str | None:
    values = [v for v in values if v]
    if NONE in values:
        return NONE
    return max(values, key=lambda v: RANK[v]) if values else None


def _verb_cue(v: Token, lex: dict, came_dep: str) -> str | None:
    """The status a governing verb or adjective gives the event it takes as complement."""
    lemma = v.lemma_.lower()
    for c in v.children:
        if c.dep_ in ("prt", "advmod") and c.lower_ in lex["particles"].get(lemma, {}):
            return lex["particles"][lemma][c.lower_]
        if c.dep_ == "prep" and c.lower_ in lex["prepositions"].get(lemma, {}) and not _dates_only(c):
            return lex["prepositions"][lemma][c.lower_]
    if lemma in lex["needs_particle"]:
        return None
    if came_dep in ("xcomp", "dobj", "nsubjpass", "nsubj", "acomp", "attr", "pcomp") or v.pos_ == "ADJ":
        value = lex["governors"].get(lemma) or lex["governors"].get(v.lower_)
        if value == "Proposed" and came_dep == "nsubj" and v.pos_ == "VERB":
            return None  # "the summit opened in Quito": an event that acts proposes nothing ("open to talks" does)
        return value
    return None


def _dates_only(prep: Token) -> bool:
    """ "called a news conference on Monday": a preposition whose object is a time is no cue
    ("called on Lima to ..." is)."""
    if prep.lower_ not in ("on", "in", "at"):  # "moved to March 9", "set for Friday" are cues
        return False
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    spans = prep.doc.spans[TIME] if TIME in prep.doc.spans else ()
    return bool(objs) and all(any(s.start <= o.i < s.end for s in spans) for o in objs)


def _aux_cue(v: Token, lex: dict) -> str | None:
    for c in v.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in lex["aux"]:
            status = lex["aux"][c.lower_]
            if c.lower_ in lex["reported_aux"] and _reported(v, lex):
                status = lex["reported_aux"][c.lower_]
            return status
    return None


def _reported(v: Token, lex: dict) -> bool:
    """Whether a clause is the complement of a speech verb ("said they would meet")."""
    tok = v
    for _ in range(4):
        if tok.dep_ == "ccomp" and tok.head.lemma_ in lex["speech_verbs"]:
            return True
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _negated(v: Token, lex: dict) -> bool:
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                d.dep_ == "det" and d.lower_ in lex["neg_dets"] for d in c.children):
            return True  # "no date has been set for the trip", "set no date for the talks"
        if c.dep_ in lex["neg_deps"] or (c.dep_ == "advmod" and c.lower_ in lex["neg_adverbs"]):
            return True
        if c.dep_ == "mark" and c.lower_ in lex["neg_marks"]:
            return True
    return False


def _tense(v: Token, came_dep: str) -> str | None:
    aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if "to" in aux:
        return None
    if v.tag_ == "VBD":
        if v.lemma_ == "be" and came_dep == "xcomp":  # "was to meet"
            return "Planned"
        return "Held"
    if v.tag_ == "VBN" and aux & {"has", "have", "had", "'s", "'ve", "'d", "was", "were"}:
        return "Held"
    if v.tag_ in ("VBZ", "VBP") and v.lemma_ == "be":
        if came_dep == "xcomp":  # "is to visit"
            return "Planned"
        if came_dep == "pobj_on":  # "is in Lima on a visit": under way
            return "Held"
    if v.tag_ == "VBG":
        if aux & {"is", "are", "am", "'s", "'re"}:
            return "Planned"
        if aux & {"was", "were"}:
            return "Held"
    return None


def _future_present(v: Token, lex: dict) -> str | None:
    """ "a day before the commission holds its session", "once the envoys meet": a present
    tense in a temporal clause tells an event still to come."""
    if not any(c.dep_ == "mark" and c.lower_ in lex["future_marks"] for c in v.children):
        return None
    if v.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in v.children):
        return "Planned"
    if v.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in v.children) and \
            not any(c.dep_ == "aux" for c in v.children):
        return "Planned"  # "before the talks are held"
    return None


def _infinitive(v: Token) -> bool:
    """A to-infinitive hanging on another verb ("left to attend", "flew in to see")."""
    return v.dep_ in ("advcl", "xcomp", "relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def _relative_clauses(trigger: Token) -> list[Token]:
    """The relative clauses about an event noun: its own, and a "which" clause the parser hung
    on a name inside its phrase ("talks between Holm and Rojas, which were postponed": "which"
    cannot stand for a person)."""
    out = [c for c in trigger.children if c.dep_ in ("relcl", "acl") and _gap_is_argument(c)]
    for tok in trigger.subtree:
        if tok.i == trigger.i or tok.pos_ != "PROPN":
            continue
        for c in tok.children:
            if c.dep_ == "relcl" and any(g.lower_ == "which" and g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                out.append(c)
    return out


def _gap_is_argument(rel: Token) -> bool:
    """Whether the noun a relative clause modifies is its subject or object ("talks, which were
    scrapped"; "the summit the leaders held"), not a setting ("talks in which they agreed")."""
    for c in rel.children:
        if c.lower_ in ("which", "that", "who") and c.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return True
        if c.dep_ == "pobj" or (c.dep_ == "prep" and any(g.lower_ in ("which", "whom") for g in c.children)):
            return False
        if c.lower_ in ("where", "when") and c.dep_ == "advmod":
            return False
    return not any(c.dep_ == "dobj" for c in rel.children) or rel.dep_ == "acl"


def read_status(trigger: Token, anchor: Token, lex: dict, argument_only: bool = False) -> Status:
    """The status of an event mention, from the cues around its trigger (see status.yaml)."""
    st = Status()
    noun_values: list[str | None] = []
    mod_values: list[str | None] = []
    rel_tenses: list[str | None] = []
    if trigger.pos_ in NOUNS and not misparsed_infinitive(trigger):
        for c in trigger.children:
            if c.dep_ == "det" and c.lower_ in lex["neg_dets"]:
                return Status(NONE, c)
            if c.dep_ in ("amod", "compound", "nmod", "advmod") and (c.lower_ in lex["modifiers"] or c.lemma_ in lex["modifiers"]):
                noun_values.append(lex["modifiers"].get(c.lower_) or lex["modifiers"].get(c.lemma_))
        mod_values, noun_values = noun_values, []
        for rel in _relative_clauses(trigger):
            for v in [rel, *rel.conjuncts]:
                if _negated(v, lex):
                    continue
                value = _verb_cue(v, lex, "dobj") or _aux_cue(v, lex)  # the event noun is the clause's gap
                if value:
                    noun_values.append(value)
                elif _tense(v, "dobj"):  # "talks that have stalled": the tense counts when nothing else does
                    rel_tenses.append(_tense(v, "dobj"))
                value = value or _tense(v, "dobj")
                if value:
                    st.walk.append(v)
                    if st.cue is None or RANK.get(value, 0) >= RANK.get(st.value or "", 0):
                        st.cue, st.value = v, value
        if anchor.i == trigger.i:  # no clause of its own: only a governing noun can say more
            tok = trigger
            for _ in range(4):
                if tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.head.head.pos_ not in NOUNS:
                    break
                noun = tok.head.head
                if any(c.dep_ == "det" and c.lower_ in lex["neg_dets"] for c in noun.children):
                    return Status(NONE, noun)
                value = lex["nouns"].get(noun.lower_) or lex["nouns"].get(noun.lemma_)
                if value:
                    noun_values.append(value)
                    st.cue = noun
                    break
                tok = noun
            return Status(_strongest(mod_values + noun_values) or _strongest(rel_tenses), st.cue, st.walk)
    # the verb walk
    v, came = anchor, trigger.dep_ if trigger.pos_ in NOUNS else "self"
    if trigger.pos_ in NOUNS and trigger.dep_ == "pobj":
        came = "pobj_on" if trigger.head.lower_ == "on" else "pobj"
    if argument_only:  # "sought to play down the trip": only a past tense of that verb says it happened
        st.walk.append(v)
        if _negated(v, lex):
            return Status(NONE, v, st.walk)
        value = _tense(v, came)
        clause_value = value if value == "Held" else None
        if mod_values and clause_value is None:
            clause_value = _strongest(mod_values)
        st.value, st.cue = _strongest([clause_value, *noun_values]) or _strongest(rel_tenses), v if value else None
        return st

    clause_value, from_tense = None, False
    for _ in range(8):
        st.walk.append(v)
        if _negated(v, lex):
            return Status(NONE, v, st.walk)
        if v.i != trigger.i:
            value = _verb_cue(v, lex, came)
            if value:
                clause_value = value
                st.cue = v
                break
        value = _aux_cue(v, lex)
        if value:
            clause_value, st.cue = value, v
            break
        if v.lemma_ == "be" and came in ("nsubj", "nsubjpass"):  # "the summit is due to take place"
            adj = next((a for a in v.children if a.dep_ == "acomp" and lex["governors"].get(a.lemma_.lower())
                        and any(x.dep_ == "xcomp" for x in a.children)), None)
            if adj is not None:
                clause_value, st.cue = lex["governors"][adj.lemma_.lower()], adj
                break
        value = _tense(v, came) or _future_present(v, lex)
        if value:
            clause_value, st.cue, from_tense = value, v, True
            st.purpose = any(w.i != v.i and _infinitive(w) for w in st.walk)
            break
        if v.dep_ in ("conj",) and v.head.pos_ in NOUNS:
            break
        if misparsed_infinitive(v):  # "is due to land": on to "due"
            came, v = "pcomp", v.head.head
            continue
        if v.dep_ == "acl" and v.head.pos_ in NOUNS and (lex["nouns"].get(v.head.lower_) or lex["nouns"].get(v.head.lemma_)):
            # "his wish to meet X", "a plan to visit Lima": the noun says what the event is
            clause_value, st.cue = lex["nouns"].get(v.head.lower_) or lex["nouns"].get(v.head.lemma_), v.head
            break
        if v.dep_ not in UP_DEPS or v.head.i == v.i:
            break
        if v.dep_ in ("conj", "advcl") and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
            break  # a clause with a subject of its own has its own tense: "but talks remain the only path"
        if v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex["neg_marks"] for c in v.children):
            return Status(NONE, v, st.walk)
        came = v.dep_
        v = v.head
        while v.dep_ == "prep" and v.head.i != v.i:  # "before sitting down with": the prep's verb
            came = "pcomp"
            v = v.head
    # the noun's own cues ("the planned visit", "talks, which were scrapped") outrank the
    # clause's plain tense; a cue of the clause and the noun's cues: the strongest
    if mod_values and (clause_value is None or from_tense):
        clause_value = _strongest(mod_values)
    st.value = _strongest([clause_value, *noun_values]) or _strongest(rel_tenses)
    return st


# -- the reader ---------------------------------------------------------------------------

class EventReader:
    def __init__(self, reading: ArticleReading):
        self.reading = reading
        self.doc = reading.doc
        self.args = reading.args
        self.frames = load_frames()
        self.lex = load_status()
        self.published = self.doc._.published.isoformat() if self.doc._.published else None
        spans = sorted(self.doc.spans[TIME], key=lambda s: s.start) if TIME in self.doc.spans else []
        self.times = spans
        self.heads, self.countries = self._heads_of_state()
        self._sent_no = {sent.start: n for n, sent in enumerate(self.doc.sents)}
        self._verb_days: dict[int, str] | None = None
        self._dateline: str | None = None
        self._text = reading.text

    def _heads_of_state(self):
        heads, countries = set(), {}
        for span in self.doc.spans[TITLES] if TITLES in self.doc.spans else ():
            post = span._.post
            if post is None:
                continue
            if not post.holder and post.country and post.head_token is not None and not post.plural \
                    and post.stated and post.tense == "current":
                # "Chile's chief negotiator" that coreference resolved to one person: that person's country
                refs = self.doc[post.head_token]._.referents
                if len(refs) == 1 and refs[0].startswith("person:"):
                    countries.setdefault(refs[0], post.country)
            if not post.holder:
                continue
            if post.country:
                countries.setdefault(post.holder, post.country)
            title = post.title.lower()
            words = set(re.findall(r"[a-z]+", title))
            if words & self.frames["not_heads"] or post.tense == "former":
                continue
            if any(title == h or title.endswith(" " + h) for h in self.frames["heads_of_state"]):
                heads.add(post.holder)
        return frozenset(heads), countries

    # -- times --

    def _time_value(self, span):
        """The TimeValue of a time span, a "that afternoon" given the day before it."""
        value = span._.time
        if value is None:
            return None
        text = span.text.lower().strip()
        if value.start is None and value.end is None and text in self.frames["this_day"] and self.published:
            return type(value)(value.expression, self.published, None)
        if value.start is None and self._same_day(span):
            for prev in reversed(self.times):
                if prev.start >= span.start:
                    continue
                pv = prev._.time
                if pv is not None and pv.start and len(pv.start) == 10 and not self._same_day(prev):
                    return type(value)(value.expression, pv.start, None)
        return value

    def _vague_time(self, *toks: Token) -> str | None:
        """ "to meet him as soon as possible", "talks at an early date": a time the text gives
        without a date, kept as written (the phrases of frames.yaml `vague_times`)."""
        vague = self.frames["vague_times"]
        for tok in toks:
            for c in tok.children:
                if c.dep_ in ("advmod", "prep", "npadvmod"):
                    text = self.doc[c.left_edge.i:c.right_edge.i + 1].text
                    if text.lower() in vague:
                        return text
        return None

    def _same_day(self, span) -> bool:
        text = span.text.lower().strip()
        return any(text == w or text.endswith(" " + w) or text.startswith(w + " ") for w in self.frames["same_day"])

    @staticmethod
    def _prep_of(span) -> str:
        first = span[0]
        if first.pos_ == "ADP":
            return first.lower_
        root = span.root
        if root.dep_ == "pobj" and root.head.pos_ == "ADP":
            return root.head.lower_
        return ""

    def _time_roles(self, frame, mention: EventMention, decision: Token | None = None) -> None:
        """The event's time from the frame's time role. `decision`: the verb that calls the event
        off or puts it back ("the talks were postponed on Friday"); a time on that verb is the
        day of the decision, not of the event, and is not the event's."""
        start = end = expr = None
        for i in frame.roles.get("time", ()):
            span = self.args.time_span(self.doc[i])
            if span is None:
                continue
            if decision is not None and self._on_verb(span.root, decision, self.doc[frame.trigger]):
                continue
            value = self._time_value(span)
            if value is None:
                continue
            prep = self._prep_of(span)
            root = span.root
            if root.dep_ == "advmod" and root.head.pos_ == "ADP" and root.head.lower_ in SEQUENCE_MARKS + ("following",):
                continue  # "shortly after midnight", "soon after landing": how far from another time
            role = getattr(value, "role", None)  # the time layer says how the expression bounds the event
            if getattr(value, "noun", None) == frame.trigger:  # "after Monday's meeting": the meeting's own date
                role, prep = None, ""
            if role in ("since", "by", "before", "after"):
                continue
            if role == "end" or (role is None and prep in ("until", "till", "through")):
                if mention.kind == "Visit":
                    end = end or value.end or value.start
                continue
            if role is None and prep in ("by", "before", "after", "ahead", "since", "within", "over", "for"):
                continue
            if self._days_in(span.text) and not value.start:  # "a three-day visit": a duration
                continue
            if role is None and prep == "to" and mention.kind == "Visit":
                end = end or value.end or value.start
                continue
            if start is None and expr is None:
                start, expr = value.start, value.expression
                mention._time_text = span.text
                if value.end:
                    end = value.end
        if start and expr and self._in_quote(self.doc[frame.trigger]) and \
                any(re.search(rf"\b{re.escape(w)}\b", expr.lower()) for w in self.frames["deictic"]):
            start = end = None  # "'We met today,' she said last week": today is the day she said it
        if start is None:  # a phrase of vague_times rather than the one word of it the time layer marked
            expr = self._vague_time(self.doc[frame.trigger], self.doc[frame.anchor]) or expr
        mention.start = start
        mention.end = end
        mention.time_expression = expr if start is None else None

    @staticmethod
    def _on_verb(tok: Token, verb: Token, noun: Token) -> bool:
        """Whether `tok` hangs in `verb`'s clause outside the phrase of the event noun `noun`."""
        for _ in range(8):
            if tok.i == noun.i:
                return False
            if tok.i == verb.i:
                return True
            if tok.head.i == tok.i or tok.pos_ == "VERB" and tok.dep_ in ("relcl", "acl"):
                return False
            tok = tok.head
        return False

    # -- roles --

    def _participants(self, frame, roles=("participant", "partner", "person_partner")) -> list[str]:
        out: list[str] = []
        for role in roles:
            for i in frame.roles.get(role, ()):
                tok = self.doc[i]
                if role == "person_partner":  # "discussed tariffs with Rojas"; not "relations with Chile"
                    out += [k for k in self.args.agents(tok) if self.args.kind(k) == "person" and k not in out]
                    continue
                if tok.dep_ == "compound":  # a name before the event noun: people, or countries in a list
                    mention = self.args.mention(tok)
                    if mention is None or mention.label_ not in ("person", "country"):
                        continue
                    if mention.label_ == "country" and not self._listed(mention):
                        continue  # "the Singapore summit": the place
                keys = self.args.agents(tok)
                if not keys:
                    keys = self._of_countries(tok)
                out += [k for k in keys if k not in out]
        return out

    def _listed(self, mention) -> bool:
        """Whether a name before an event noun is one of a list ("the Chile-Peru talks", "the
        Chile and Peru talks"), not a lone place name."""
        doc = self.doc
        before = doc[mention.start - 1] if mention.start > 0 else None
        after = doc[mention.end] if mention.end < len(doc) else None
        return any(t is not None and t.text in ("-", "–", "/") for t in (before, after)) or \
            any(c.dep_ == "conj" for c in mention.root.children) or mention.root.dep_ == "conj"

    def _distributive(self, trigger: Token, frame) -> bool:
        """ "separate meetings with A, B and C", "talks with each of his counterparts": one
        meeting per partner."""
        if trigger.pos_ not in NOUNS or trigger.tag_ not in ("NNS", "NNPS"):
            return False
        if any(c.lower_ in ("separate", "individual", "respective") for c in trigger.children if c.dep_ == "amod"):
            return True
        return any(self.doc[i].lower_ == "each" for i in frame.roles.get("partner", ()))

    def _sideline(self, trigger: Token) -> bool:
        """ "on the sidelines of the forum": the forum is the setting, not the event read."""
        head = trigger.head
        return trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in self.frames["sideline_nouns"]

    def _of_countries(self, tok: Token) -> list[str]:
        """"negotiators of Norway and Chile": the countries a side noun is "of"."""
        if tok.lemma_.lower() not in self.frames["side_nouns"] and tok.lower_ not in self.frames["side_nouns"]:
            return []
        out = []
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for p in prep.children:
                if p.dep_ == "pobj":
                    out += [k for k in self.args.entities(p) if self.args.kind(k) == "country"]
        return out

    def _place(self, frame) -> list[str]:
        places: list[str] = []
        for i in frame.roles.get("place", ()):
            tok = self.doc[i]
            if tok.lemma_.lower() in self.lex["request_nouns"]:  # "at the request of Chile" names no place
                continue
            if self._in_topic(tok):
                mention = self.args.mention(tok)
                key = mention.kb_id_ if mention is not None and mention.label_ == "place" and \
                    self._topic_place_ok(tok) else None
            elif tok.lower_ == "there":
                key = self._last_place_before(tok)
            elif tok.dep_ in ("compound", "nmod"):  # "the Lima talks", "the Singapore summit"; not "the Chile-Peru talks"
                mention = self.args.mention(tok)
                key = mention.kb_id_ if mention is not None and (
                    mention.label_ == "place" or (mention.label_ == "country" and not self._listed(mention))) else None
                if key is None and mention is not None:  # "a White House summit": the body's seat
                    key = self.args.seat(mention)
            else:
                key = self.args.place(tok)
                for new_key, label in getattr(self.args, "new_places", {}).items():
                    self.reading.register(new_key, "place", label)
            if key and key not in places:
                places.append(key)
        if not places:
            places = self._participle_places(frame)
        return places

    def _participle_places(self, frame) -> list[str]:
        """ "Speaking at the university in Lima, Rossi gave a lecture": a bare participle on the
        event's verb (no subject, no conjunction of its own) happens with it, at its place."""
        doc, out = self.doc, []
        for i in (frame.anchor, *frame.carriers):
            for p in doc[i].children:
                if p.dep_ != "advcl" or p.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux")
                                                              for c in p.children):
                    continue
                for prep in (c for c in p.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                    for tok in (c for c in prep.children if c.dep_ == "pobj"):
                        key = self.args.place(tok)
                        if key and key not in out:
                            out.append(key)
        return out

    @staticmethod
    def _in_topic(tok: Token) -> bool:
        """ "a forum on fisheries in Lima": a place inside an "on" / "about" phrase of the event.
        Only a bare topic noun ("fisheries"), never a determined one ("the crisis in Tarma": a
        place of the crisis), may pass its place on."""
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            return False
        topic = tok.head.head
        if topic.dep_ != "pobj" or topic.head.lower_ not in ("on", "about"):
            return False
        return True

    def _topic_place_ok(self, tok: Token) -> bool:
        topic = tok.head.head
        return topic.pos_ == "NOUN" and self.args.mention(topic) is None and \
            not any(c.dep_ in ("det", "poss", "nummod") for c in topic.children)

    def _in_quote(self, tok: Token) -> bool:
        """Whether a token stands inside quotation marks within its paragraph line."""
        text = self._text  # Doc.text joins every token anew: read it once per article
        line_start = text.rfind("\n", 0, tok.idx) + 1
        before = text[line_start:tok.idx]
        opened = before.count("“") - before.count("”")
        if opened > 0:
            return True
        return before.count('"') % 2 == 1

    def _country_of_place(self, key: str) -> str | None:
        rec = self.reading.entities.get(key)
        if rec is not None and rec.country:
            return rec.country
        entry = self.reading.kb.entries.get(key)
        return entry.country if entry is not None and entry.country not in (None, "*") else None

    def _last_place_before(self, tok: Token) -> str | None:
        """ "there": the last place named as a place before it ("flew to Lima ... talks there"),
        that is after "in", "to", "for", "at" or as a visit's object, not a country named as an actor."""
        best = None
        for span in self.doc.spans[MENTIONS]:
            if span.end > tok.i:
                break
            if span.label_ not in ("place", "country"):
                continue
            root = span.root
            if (root.dep_ == "pobj" and root.head.lower_ in ("in", "to", "for", "at", "into", "inside")) or \
                    (root.dep_ == "dobj" and root.head.lemma_ in ("visit", "tour", "reach")):
                best = span.kb_id_
        return best

    def _requesters(self, trigger: Token, scope: list[Token]) -> list[str]:
        lex, args = self.lex, self.args
        out: list[str] = []

        def add(keys):
            out.extend(k for k in keys if k not in out)

        for t in scope:
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "upon", "following")):
                for n in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in lex["request_nouns"]):
                    for c in n.children:
                        if c.dep_ == "poss":
                            add(args.agents(c))
                        if c.dep_ == "prep" and c.lower_ in ("of", "from", "by"):
                            for p in c.children:
                                if p.dep_ == "pobj":
                                    found = args.agents(p)
                                    add(found or self._among_them(n))
            for c in t.children:  # "scrapped after Chile objected", "a session requested by Kenya"
                if c.dep_ == "advcl" and c.lemma_ in lex["request_verbs"] and \
                        any(m.dep_ == "mark" and m.lower_ in ("after", "because", "as", "when", "since") for m in c.children):
                    for s in subjects(c):
                        add(args.agents(s))
                if c.dep_ in ("acl", "relcl") and c.lemma_ in lex["request_verbs"]:
                    for a in (x for x in c.children if x.dep_ == "agent"):
                        for p in a.children:
                            if p.dep_ == "pobj":
                                add(args.agents(p))
        return out

    def _argument_only(self, trigger: Token, anchor: Token, frame) -> bool:
        """Whether an event noun is only an argument of a verb that says nothing of its status
        ("criticised the trip", "sought to play down the visit"): not a light verb, a carrier,
        a status cue, an outcome or a verb whose subject the event is."""
        if trigger.pos_ not in NOUNS or anchor.i == trigger.i or anchor.i in frame.carriers:
            return False
        lemma, lex = anchor.lemma_.lower(), self.lex
        if lemma in ("be", "have") or lemma in self.frames["light_verbs"] or lemma in self.frames["carriers"]:
            return False
        if lemma in lex["governors"] or lemma in lex["particles"] or lemma in lex["prepositions"] or \
                lemma in lex["outcome_verbs"] or lemma in self.frames["event_predicates"]:
            return False
        if trigger.dep_ != "dobj":  # "spoke after the talks", "the talks will focus on": the clause's status
            return False
        return not misparsed_infinitive(trigger)

    def _among_them(self, noun: Token) -> list[str]:
        """ "asked for by several members, among them Chile and Peru": the names
        after "among them", wherever the parser hung them."""
        for tok in noun.sent:
            if tok.lower_ in ("among", "including") and tok.i > noun.i:
                them = [p for p in tok.children if p.dep_ == "pobj" and p.lower_ in ("them", "whom", "which")]
                if them:
                    head = tok.head
                    names = self.args.agents(head) if head.i != noun.i else []
                    if not names:  # "among them Chile, Peru": the names after it
                        nxt = tok.doc[them[0].i + 1] if them[0].i + 1 < len(tok.doc) else None
                        names = self.args.agents(nxt) if nxt is not None else []
                    return names
        return []

    def _outcome(self, trigger: Token, anchor: Token) -> str | None:
        lex = self.lex
        if anchor.i == trigger.i or anchor.lemma_ not in lex["outcome_verbs"]:
            return None
        if trigger.dep_ not in ("nsubj", "dobj", "nsubjpass"):
            return None
        parts = [anchor]
        parts += [c for c in anchor.children if c.dep_ == "prt"]
        phrases = []
        for c in anchor.children:
            if c.dep_ == "prep" and (c.lower_ in lex["outcome_preps"] or (
                    c.lower_ == "in" and any(p.lemma_ in lex["outcome_in"] for p in c.children if p.dep_ == "pobj"))):
                phrases.append(c)
        if not phrases and anchor.lemma_ not in lex["outcome_alone"]:
            return None
        words = " ".join([*(t.text for t in sorted(parts, key=lambda t: t.i)),
                          *(self.doc[p.left_edge.i:p.right_edge.i + 1].text for p in phrases)])
        return words.strip() or None

    def _duration(self, trigger: Token) -> int | None:
        if trigger.pos_ not in NOUNS:
            return None
        left = [t for t in trigger.lefts]
        if not left:
            return None
        return self._days_in(self.doc[left[0].left_edge.i:trigger.i].text)

    def _days_in(self, text: str) -> int | None:
        """The number of days in "a four-day", "a 3-day" (a duration), else None ("the next day")."""
        for m in _N_DAY.finditer(text):
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else self.frames["numbers"].get(word)
            if n and n > 0:
                return n
        return None

    def _has_needs(self, frame) -> bool:
        return all(any(self._has(frame, role) for role in need.split("|")) for need in frame.needs)

    def _has(self, frame, role: str) -> bool:
        if role == "group":  # two agents or more take part: "the two envoys", "Holm and Rojas"
            return len(self._participants(frame, ("participant",))) >= 2
        if role == "person_partner":
            return bool(self._participants(frame, ("person_partner",)))
        toks = [self.doc[i] for i in frame.roles.get(role, ())]
        if role == "time":
            return any(self.args.time(t) is not None for t in toks)
        if role == "place":
            return any(self.args.place(t) or t.lower_ == "there" for t in toks)
        return any(self.args.agents(t) or self._of_countries(t) for t in toks)

    def _anaphor(self, trigger: Token) -> bool:
        """ "the talks", "the Geneva session", "their meeting": a mention of an event named before."""
        if trigger.pos_ not in NOUNS:
            return False
        definite = any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or
                       (c.dep_ == "poss" and c.pos_ == "PRON") for c in trigger.children)
        if not definite:
            return False
        for c in trigger.children:
            if c.dep_ in ("amod", "compound", "nmod", "nummod"):
                m = self.args.mention(c)
                if m is not None and m.label_ in ("place", "person", "country"):
                    continue
                if c.lower_ in self.frames["anaphor_modifiers"] or self.args.time_span(c) is not None:
                    continue
                if self._modifier_of_earlier_event(c, trigger):
                    continue  # "high-level talks between X and Y ... the high-level meeting"
                return False
        return True

    def _modifier_of_earlier_event(self, modifier: Token, trigger: Token) -> bool:
        """Whether an event noun before `trigger` in the article bears the same modifier."""
        words = " ".join(t.lower_ for t in modifier.subtree)
        return any(f.trigger < trigger.i and any(
            c.dep_ in ("amod", "compound", "nmod") and " ".join(t.lower_ for t in c.subtree) == words
            for c in self.doc[f.trigger].children) for f in self.doc._.frames or ())

    def _ahead_in_roles(self, frame) -> bool:
        """Whether the frame's own time (a noun's: "her trip next month") lies after the publication."""
        for i in frame.roles.get("time", ()):
            span = self.args.time_span(self.doc[i])
            if span is not None and self._ahead(span.text):
                return True
        return False

    def _ahead(self, expression: str) -> bool:
        return self.frames["ahead_times"].search(expression.lower()) is not None

    def _generic(self, trigger: Token, anchor: Token, m: EventMention) -> bool:
        """ "to move forward on denuclearization talks", "progress in nuclear negotiations": a
        bare plural or mass event noun hanging on a verb by a preposition that is no carrier,
        with nobody, no place, no time and no one asking for it, names a kind of event, not one."""
        if trigger.pos_ not in NOUNS or trigger.dep_ != "pobj" or m.anaphor or anchor.i == trigger.i:
            return False
        if any(c.dep_ in ("det", "poss", "nummod", "predet") for c in trigger.children):
            return False
        if trigger.head.head.i != anchor.i or anchor.lemma_.lower() in self.frames["carriers"]:
            return False
        return not (m.participants or m.location or m.start or m.end or m.time_expression or m.requesters)

    def _distinct(self, trigger: Token, anchor: Token | None = None) -> bool:
        if trigger.pos_ not in NOUNS or (anchor is not None and anchor.i != trigger.i):
            # "agreed to meet again", "held talks again": a new occurrence
            verb = trigger if trigger.pos_ not in NOUNS else anchor
            if any(c.dep_ == "advmod" and c.lower_ in self.frames["distinct_adverbs"] for c in verb.children):
                return True
        return trigger.pos_ in NOUNS and any(
            c.dep_ in ("amod", "det", "compound") and c.lower_ in self.frames["distinct_modifiers"]
            for c in trigger.children)

    def _new_time(self, cue: Token) -> tuple[str | None, str | None]:
        """The new date a postponement gives ("moved to Sunday", "rescheduled for March 5", "put
        back to a date that aides now give as the 9th")."""
        for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("to", "until", "till", "for")):
            for span in self.times:
                if prep.left_edge.i <= span.start and span.end - 1 <= prep.right_edge.i:
                    value = self._time_value(span)
                    if value is not None and value.start:
                        return value.start, value.end
        for c in cue.children:
            if c.dep_ == "npadvmod":
                span = self.args.time_span(c)
                if span is not None:
                    value = self._time_value(span)
                    if value is not None and value.start:
                        return value.start, value.end
        return None, None

    def read(self) -> list[EventMention]:
        reading, doc = self.reading, self.doc
        self._carrier_verbs = {i for f in doc._.frames or () for i in f.carriers}
        mentions: list[EventMention] = []
        for frame in doc._.frames or ():
            trigger = doc[frame.trigger]
            if reading.in_caption(trigger):
                continue
            sent = trigger.sent  # found once: Token.sent walks the Doc
            with reading.guard("an event", sent):
                mentions += self.read_frame(frame, sent)
        self._carry_times(mentions)
        self._same_days(mentions)
        with reading.guard("delegation heads"):
            self._add_delegation_heads(mentions)
        with reading.guard("an event pronoun"):
            mentions += self._pronoun_mentions(mentions)
        return mentions

    def _block_of(self, offset: int) -> int:
        for n, block in enumerate(self.doc._.blocks or ()):
            if block.start <= offset < block.end:
                return n
        return -1

    def _delegation_heads(self, blocks: set[int]) -> list[tuple[int, str, str]]:
        """ "Holm led the Norwegian team", "Chile's chief negotiator was Pablo Rojas": who
        stands for a country's side in these paragraphs, as (paragraph, country, person)."""
        out, args, lex = [], self.args, self.frames
        nouns = lex["delegation_nouns"]
        all_blocks = self.doc._.blocks or ()

        def side_country(tok: Token) -> str | None:
            if tok.lemma_.lower() not in nouns and tok.lower_ not in nouns:
                return None
            for c in tok.children:
                if c.dep_ in ("amod", "poss", "compound", "nmod"):
                    country = args._country_of_modifier(c)
                    if country:
                        return country
            return None

        def persons(tok: Token) -> list[str]:
            return [k for k in args.entities(tok) if args.kind(k) == "person"]

        for n in sorted(b for b in blocks if b >= 0):
            span = self.doc.char_span(all_blocks[n].start, all_blocks[n].end, alignment_mode="expand")
            for tok in span if span is not None else ():
                if tok.pos_ == "VERB" and tok.lemma_ in lex["lead_verbs"]:
                    for obj in (c for c in tok.children if c.dep_ == "dobj"):
                        country = side_country(obj)
                        if country:
                            out += [(n, country, p) for s in subjects(tok) for p in persons(s)]
                elif tok.lemma_ == "be" and tok.pos_ in ("AUX", "VERB"):
                    sides = [c for c in tok.children if c.dep_ in ("nsubj", "attr")]
                    for side in sides:
                        country = side_country(side)
                        if country:
                            out += [(n, country, p) for o in sides if o.i != side.i for p in persons(o)]
        return out

    def _add_delegation_heads(self, mentions: list[EventMention]) -> None:
        """An event told by the countries taking part ("the delegations sat down") takes the
        people its paragraph names as heading their sides ("X led the Chilean team")."""
        sided = [m for m in mentions if getattr(m, "_country_sides", None)]
        if not sided:
            return
        where = [(m, self._block_of(m.position)) for m in sided]
        heads = self._delegation_heads({b for _, b in where})
        if not heads:
            return
        for m, block in where:
            for b, country, person in heads:
                if b != block or country not in m._country_sides or person in m.participants:
                    continue
                if any(self.countries.get(p) == country for p in m.participants if p != country):
                    continue  # the side already has its people
                m.participants.append(person)
                m.countries[person] = country

    def _pronoun_mentions(self, mentions: list[EventMention]) -> list[EventMention]:
        """ "It was dropped after Lima objected": a pronoun subject of a postponing or cancelling
        verb stands for the main event of the sentence before (the event noun nearest the root)."""
        doc, out = self.doc, []
        strings = doc.vocab.strings
        wanted = {strings.add("it"), strings.add("this")}
        lowers = doc.to_array([LOWER])  # one array read, not a Token object per word
        for i in (n for n, lower in enumerate(lowers.tolist()) if lower in wanted):
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            verb = tok.head
            status = _verb_cue(verb, self.lex, tok.dep_) if verb.pos_ == "VERB" else None
            if status not in ("Cancelled", "Postponed") or _negated(verb, self.lex):
                continue
            here = self._sent_no.get(tok.sent.start, 0)
            before = [m for m in mentions if getattr(m, "_sent_no", -1) == here - 1 and not m.stay]
            if not before:
                continue
            target = min(before, key=lambda m: (self._depth(doc[m._trigger]), m.position))
            m = self._copy(target)
            m.evidence = [self.reading.evidence(tok.sent)]
            m.participants, m.start, m.end, m.time_expression, m.outcome = [], None, None, None, None
            m.status, m.anaphor, m.distinct, m.position = status, True, False, tok.idx
            m._sent, m._sent_no, m._anchor, m._trigger = tok.sent.start, here, verb.i, tok.i
            m._same_day, m._time_text = False, None
            m.requesters = self._requesters(tok, [verb])
            m.requested_by = m.requesters[0] if m.requesters else None
            if status == "Postponed":
                m.new_start, m.new_end = self._new_time(verb)
            out.append(m)
        return out

    @staticmethod
    def _depth(tok: Token) -> int:
        n = 0
        while tok.head.i != tok.i and n < 20:
            tok, n = tok.head, n + 1
        return n

    def _remarks_day(self, verb: Token) -> str | None:
        """ "made the remarks at a briefing", "the comments were released after the talks": the
        day of the last saying the article dates before it ("said Friday")."""
        if not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in self.frames["remark_nouns"] for c in verb.children):
            return None
        best = None
        for tok in self.doc[:verb.i]:
            if tok.lemma_ in self.lex["speech_verbs"] and tok.pos_ == "VERB":
                day = self._verb_day(tok)
                if day:
                    best = day
        return best

    def _then_day(self, m: EventMention, mentions: list[EventMention]) -> str | None:
        """ "X meets Y on Monday; they will then be received by Z": "then" goes on from the
        event before it in the paragraph, on its day (when that event has one single day)."""
        anchor = self.doc[m._anchor]
        if not any(c.dep_ == "advmod" and c.lower_ == "then" for c in anchor.children):
            return None
        block = self._block_of(m.position)
        before = [x for x in mentions if x.position < m.position and not x.stay and x.kind != "Visit"
                  and self._block_of(x.position) == block]
        if not before:
            return None
        prev = max(before, key=lambda x: x.position)
        if prev.start and len(prev.start) == 10 and (not prev.end or prev.end == prev.start):
            return prev.start
        return None

    def _speakers_day(self, m: EventMention) -> str | None:
        """ "X said Thursday that ... X gave a speech at ...": a speech, briefing or news
        conference already given, with no time of its own, is the saying the article dates; it
        takes the day of the last dated speech verb before it whose subject is one of its people."""
        if m.kind not in self.frames["saying_events"] or m.status != "Held" or not m.participants:
            return None
        people, best = set(m.participants), None
        for tok in self.doc[:m._trigger]:
            if tok.pos_ == "VERB" and tok.lemma_ in self.lex["speech_verbs"]:
                day = self._verb_day(tok)
                if day and any(set(self.args.agents(s)) & people for s in subjects(tok)):
                    best = day
        return best

    def _verb_day(self, verb: Token) -> str | None:
        """The day a time expression hanging directly on this verb gives ("named X on Friday")."""
        if self._verb_days is None:  # once per article: verb index -> the first such day
            self._verb_days = {}
            for span in self.times:
                root = span.root
                head = root.head if root.dep_ in ("npadvmod", "tmod") else \
                    root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.lower_ in ("on", "in") else None
                if head is None or head.i in self._verb_days:
                    continue
                value = self._time_value(span)
                if value is not None and value.start and len(value.start) == 10 and getattr(value, "role", None) is None:
                    self._verb_days[head.i] = value.start
        return self._verb_days.get(verb.i)

    @staticmethod
    def _same_days(mentions: list[EventMention]) -> None:
        """ "also set to hold a separate session the same day": the day of the last dated
        event of its family before it (else the day the time layer gave)."""
        family = {"Talks": "Meeting", "Summit": "Meeting", "WorkingGroupMeeting": "Meeting"}
        ordered = sorted(mentions, key=lambda m: m.position)
        for n, m in enumerate(ordered):
            if not getattr(m, "_same_day", False):
                continue
            fam = family.get(m.kind, m.kind)
            for prev in reversed(ordered[:n]):
                if prev.start and len(prev.start) == 10 and not getattr(prev, "_same_day", False) \
                        and family.get(prev.kind, prev.kind) == fam and prev.position < m.position:
                    m.start, m.end = prev.start, None
                    break

    def read_frame(self, frame, sent=None) -> list[EventMention]:
        doc = self.doc
        trigger, anchor = doc[frame.trigger], doc[frame.anchor]
        spec = self.frames["frames"][frame.frame]
        if not self._has_needs(frame):
            return []
        st = read_status(trigger, anchor, self.lex, self._argument_only(trigger, anchor, frame))
        if st.value == NONE:
            return []
        sent = sent if sent is not None else trigger.sent
        if self.lex["questions"] and self._text[sent.start_char:sent.end_char].rstrip().rstrip('"”’\'').endswith("?"):
            return []  # "Will there be a third round?" asserts no round
        if st.value is None and trigger.pos_ in NOUNS and anchor.i == trigger.i:
            if not self._ahead_in_roles(frame):
                return []  # an event noun in a topic phrase ("the substance of the discussions"): no mention
            st = Status("Planned", None, st.walk)  # "ahead of her trip to Lima next month": still to come
        participants = self._participants(frame)
        if frame.event_class == "Visit" and not participants and self._returned_from(trigger, anchor):
            # "returned on Saturday from a trip to Lima": whoever came back made the trip
            participants = [k for s_ in subjects(anchor) for k in self.args.agents(s_)]
        places = self._place(frame)
        if not places and trigger.lemma_ in self.frames["deictic_arrivals"] and self._dateline_place():
            places = [self._dateline_place()]  # "is due to land on Saturday": here, where the report is filed
        kind = frame.event_class
        if kind == "Meeting" and any(self.args.kind(p) == "workinggroup" for p in participants):
            kind = "WorkingGroupMeeting"
        m = EventMention(evidence=[self.reading.evidence(sent)],
                         confidence=0.8 if trigger.pos_ not in NOUNS else 0.7, kind=kind,
                         participants=participants, location=places[0] if places else None,
                         status=st.value, trigger=trigger.text, frame=frame.frame, lemma=trigger.lemma_.lower(),
                         position=trigger.idx, anaphor=self._anaphor(trigger), stay=spec["stay"],
                         distinct=self._distinct(trigger, anchor),
                         published=self.published)
        # where reconciliation and the time carrying below need the parse
        m._sent, m._anchor, m._trigger, m._time_text = sent.start, anchor.i, trigger.i, None
        m._sent_no = self._sent_no.get(sent.start, 0)
        m._within_visit = self._within_visit(anchor) or self._within_visit(trigger)
        m._place_countries = {p: c for p in places if (c := self._country_of_place(p))}
        m._country_sides = {p for p in participants if self.args.kind(p) == "country"}
        decision = st.cue if st.value in ("Cancelled", "Postponed") and st.cue is not None and \
            st.cue.pos_ == "VERB" and trigger.pos_ in NOUNS and st.cue.i != trigger.i else None
        self._time_roles(frame, m, decision)
        if spec["stay"]:
            for i in frame.roles.get("until", ()):
                span = self.args.time_span(doc[i])
                value = self._time_value(span) if span is not None else None
                if value is not None and (value.end or value.start):
                    m.end = value.end or value.start
                    m.start = None
        if m.anaphor and m.start and anchor.lemma_ in self.lex["outcome_verbs"] and trigger.dep_ in ("nsubj", "nsubjpass"):
            m.end, m.start = m.start, None  # "the talks broke down on Tuesday": when it ended
            m._ended_at = True
        if kind == "Visit" and self._returned_from(trigger, anchor) and m.start:
            m.end, m.start = m.start, None  # "returned on Saturday from a trip to Lima": the trip's last day
        if st.value == "Postponed" and st.cue is not None:
            m.new_start, m.new_end = self._new_time(st.cue)
        scope = [trigger, anchor, *[doc[i] for i in frame.carriers], *st.walk]
        m.requesters = self._requesters(trigger, scope)
        # the subject of a request verb that governs the event asked for it ("invited Rossi to visit")
        if st.cue is not None and st.cue.lemma_ in self.lex["request_verbs"] and st.cue.i != trigger.i \
                and st.value != "Held":  # "called the talks a success" asked for nothing
            for s in subjects(st.cue):
                m.requesters += [k for k in self.args.agents(s) if k not in m.requesters and k not in participants]
        if st.cue is not None and st.cue.pos_ in NOUNS:  # "Chile asked for a delay of the talks"
            verb = st.cue.head.head if st.cue.dep_ == "pobj" else st.cue.head
            if verb.pos_ == "VERB" and verb.lemma_ in self.lex["request_verbs"]:
                for s_ in subjects(verb):
                    m.requesters += [k for k in self.args.agents(s_) if k not in m.requesters]
        for noun in (trigger.head if trigger.dep_ == "acl" else None,  # "his wish to meet X"
                     st.cue if st.cue is not None and st.cue.pos_ in NOUNS else None):  # "Chile's proposal for talks"
            if noun is not None and noun.lemma_.lower() in self.lex["request_nouns"]:
                for c in noun.children:
                    if c.dep_ == "poss":
                        m.requesters += [k for k in self.args.agents(c) if k not in m.requesters]
        m.requested_by = m.requesters[0] if m.requesters else None
        if self._generic(trigger, anchor, m):
            return []
        m.outcome = self._outcome(trigger, anchor)
        m.duration = self._duration(trigger) if kind == "Visit" else None
        m.heads = frozenset(p for p in participants if p in self.heads)
        m.countries = {p: self.countries[p] for p in participants if p in self.countries}
        if m.status == "Held" and m.start and self.published and m.start > self.published:
            # "left to attend the forum on Friday": a purpose is an intention, Planned while its day
            # is still to come; any other past tense about a future date is a misreading
            m.status = "Planned" if st.purpose and len(m.start) == 10 else None
        elif m.status == "Held" and self._ahead(m.time_expression or m._time_text or ""):
            # "put forward before his visit next week": ahead of the publication; the clause's
            # past tense is the telling's, and a noun after "before" / "ahead of" is still to come
            sequence = trigger.dep_ == "pobj" and (trigger.head.lower_ in SEQUENCE_MARKS or (
                trigger.head.lower_ == "of" and trigger.head.head.lower_ == "ahead"))
            m.status = "Planned" if st.purpose or sequence else None
        if self._sideline(trigger):
            return []  # "on the sidelines of the forum": a setting; the forum is not what the clause reports
        if any(doc[i].lemma_ in self.frames["distinct_carriers"] for i in frame.carriers) or (
                trigger.lemma_ in self.frames["distinct_carriers"] and trigger.i in self._carrier_verbs):
            m.distinct = True  # "joined by Dahl for three-way talks": a meeting of its own; "joined them": the same
        m._same_day = bool(m._time_text) and any(
            m._time_text.lower() == w or m._time_text.lower().endswith(" " + w) for w in self.frames["same_day"])
        if self._distributive(trigger, frame) and not spec["stay"]:
            sides = self._participants(frame, ("participant",))
            partners = [p for p in self._participants(frame, ("partner",)) if p not in sides]
            if len(partners) >= 2:
                out = []
                for partner in partners:
                    copy = self._copy(m)
                    copy.participants = [*sides, partner]
                    copy.distinct = True
                    copy.position = m.position + len(out)  # keep them apart and in order
                    out.append(copy)
                return out
        # one clause, several places each with its own day: "met in Lima on May 3 and in Quito on May 9"
        days = self._day_list(frame)
        if len(places) >= 2 and len(days) == len(places):
            out = []
            for place, day in zip(places, days):
                copy = self._copy(m)
                copy.location, copy.start, copy.end, copy.time_expression = place, day.start, day.end, None
                copy._time_text = None
                copy.distinct = True
                out.append(copy)
            return out
        return [m]

    def _returned_from(self, trigger: Token, anchor: Token) -> bool:
        """ "returned from a trip to Lima": a visit noun that a verb of coming back comes from."""
        return trigger.pos_ in NOUNS and trigger.dep_ == "pobj" and trigger.head.lower_ == "from" and \
            anchor.lemma_ in self.frames["return_verbs"]

    def _dateline_place(self) -> str | None:
        if self._dateline is None:
            self._dateline = next((b.dateline_place for b in self.doc._.blocks or () if b.dateline_place), "")
        return self._dateline or None

    def _within_visit(self, tok: Token) -> bool:
        """ "During the visit, Kim also met ...": the clause happens within a visit told before."""
        return any(p.dep_ == "prep" and p.lower_ in ("during", "throughout") and
                   any(o.dep_ == "pobj" and o.lemma_.lower() in self.frames["visit_nouns"] for o in p.children)
                   for p in tok.children)

    @staticmethod
    def _copy(m: EventMention) -> EventMention:
        copy = EventMention(**{f: getattr(m, f) for f in m.__dataclass_fields__})
        copy.participants, copy.evidence, copy.requesters = list(m.participants), list(m.evidence), list(m.requesters)
        for attr in ("_sent", "_anchor", "_trigger", "_time_text", "_place_countries", "_same_day", "_sent_no",
                     "_country_sides", "_ended_at", "_within_visit"):
            setattr(copy, attr, getattr(m, attr, None))
        return copy

    def _day_list(self, frame) -> list:
        out = []
        for i in frame.roles.get("time", ()):
            span = self.args.time_span(self.doc[i])
            value = self._time_value(span) if span is not None else None
            if value is not None and value.start and self._prep_of(span) in ("on", "in", ""):
                out.append(value)
        return out

    def _carry_times(self, mentions: list[EventMention]) -> None:
        """A mention with no time of its own takes the time of the clause it is linked to in
        its sentence ("saw the minister this morning before sitting down with the governor";
        "will leave on Monday, hold talks that afternoon")."""
        by_anchor = {}
        for m in mentions:
            if m.start:
                by_anchor.setdefault(m._anchor, m)
                by_anchor.setdefault(m._trigger, m)
        for m in mentions:
            if m.start or m.time_expression or m.stay:
                continue
            said = self._remarks_day(self.doc[m._anchor]) or self._speakers_day(m) or self._then_day(m, mentions)
            if said:
                m.start = said
                continue
            tok = self.doc[m._anchor]
            for _ in range(6):
                if tok.dep_ not in ("conj", "advcl", "pcomp", "xcomp", "prep") or tok.head.i == tok.i:
                    break
                if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in tok.children):
                    break  # "two days after the talks failed": another time than the clause above
                tok = tok.head
                src = by_anchor.get(tok.i)
                own = self._verb_day(tok)
                if src is None and own:  # "named X on Friday, wrapping up a summit": the verb's own day
                    m.start = own
                    break
                if src is not None and src is not m and src.start and len(src.start) == 10 and \
                        (not src.end or src.end == src.start):  # a visit of several days fixes no day for what is in it
                    m.start = src.start
                    m.end = src.end if m.kind == src.kind else None
                    break


def read_events(reading: ArticleReading) -> list[EventMention]:
    return EventReader(reading).read()
