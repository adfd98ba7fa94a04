"""peninsula_frames: event triggers and the tokens that fill their roles.

The frames lexicon (`builder/patterns/frames.yaml`) says which words open which event and
along which dependency paths each role is read; its trigger words are compiled once per
process into one spaCy `DependencyMatcher`, and a trigger line's required paths (`with`) are
checked on the tokens it finds. Each match is a `FrameMatch` in `Doc._.frames`: the
trigger, the anchor (the verb whose clause carries tense, modality and status), and the
heads of the phrases filling each role as token indices. The event reader turns them into
entities and statuses.

How a noun trigger finds its clause: as the object or subject of a verb, that verb ("held
talks", "the talks collapsed"); as the object of a preposition on a verb, that verb ("arrived
for a visit", "spoke after the talks"); through a part noun ("a round of talks will be
held"); a noun above it of any other kind makes it a topic and its anchor stays the noun
itself ("remarks on a round of talks"), which the status reader then finds no cue for.
Roles are read from the trigger along the frame's paths, and also from the verbs that carry
a noun trigger (light verbs, carriers, light verbs in its relative clause) along the default
paths. Time expressions (`doc.spans["time"]`) go to the trigger whose clause they hang in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from .layers import TIME, FrameMatch

NOUNS = ("NOUN", "PROPN")
VERBS = ("VERB", "AUX")
# prepositions that put an event before or after the clause's own: it carries no such event
SEQUENCE = ("after", "before", "since", "until", "till", "following", "ahead")
# dependency labels along which an implicit subject is shared with the verb above
SHARED_SUBJECT = ("xcomp", "advcl", "conj", "acomp", "pcomp", "prep", "oprd")


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


@dataclass(frozen=True)
class Step:
    dep: str
    words: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> "Step":
        dep, _, words = text.partition(":")
        return cls(dep, frozenset(w for w in words.split("|") if w))

    def follow(self, token: Token) -> list[Token]:
        if self.dep == "SUBJ":
            return subjects(token)
        if self.dep == "WHERE":
            return where_antecedent(token)
        found = [c for c in token.children if c.dep_ == self.dep and (not self.words or c.lower_ in self.words)]
        if self.dep == "prep":  # "in Lima on May 3 and in Quito on May 9": coordinated phrases
            found += [c for p in token.children if p.dep_ == "prep" for c in p.conjuncts
                      if c.pos_ == "ADP" and c not in found and (not self.words or c.lower_ in self.words)]
            found += [c for c in token.children if c.dep_ == "conj" and c.pos_ == "ADP" and c not in found
                      and (not self.words or c.lower_ in self.words)]
        return found


def parse_path(text: str) -> tuple[Step, ...]:
    return tuple(Step.parse(part) for part in text.split("/"))


def follow(token: Token, path: tuple[Step, ...]) -> list[Token]:
    """The tokens reached from `token` along a dependency path."""
    frontier = [token]
    for step in path:
        frontier = [c for t in frontier for c in step.follow(t)]
    return frontier


def subjects(verb: Token) -> list[Token]:
    """The subject of a verb's clause, also when it is implicit: a conjunct, an xcomp, a
    participle or a gerund shares the subject of the verb it hangs on ("will leave on Monday
    and hold talks"; "is due to meet"; "before sitting down with"); an xcomp whose verb has
    an object takes the object ("invited Rossi to visit"); a relative clause whose subject is
    "who" / "which" / "that" takes the noun it modifies; a participle on a noun ("a forum
    hosted by ...", "officials visiting Oslo") takes that noun."""
    tok, hops = verb, 0
    if misparsed_infinitive(verb):
        tok = verb.head.head
    while hops < 8:
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") and c.dep_ != "expl"]
        if subj:
            out = []
            for s in subj:
                if s.i + 2 == tok.i and s.doc[s.i + 1].text == "-":  # "co-chaired": the prefix split off as a subject
                    out += subjects(s)
                    continue
                if s.tag_ in ("WP", "WDT") or s.lower_ in ("who", "which", "that"):
                    if tok.dep_ == "relcl":
                        out.append(tok.head)
                else:
                    out.append(s)
            return out
        if tok.dep_ == "xcomp":
            obj = [c for c in tok.head.children if c.dep_ in ("dobj",)]
            if obj:
                return obj
        if tok.dep_ == "acl" and tok.head.pos_ in NOUNS + ("PRON",):
            poss = [c for c in tok.head.children if c.dep_ == "poss"]
            if poss and tok.head.lemma_.lower() in load_frames()["intent_nouns"] and \
                    any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return poss  # "his wish to meet X", "Chile's plan to host the talks": the possessor acts
            if poss:
                return []  # "Chile's invitation to return": whoever returns, not Chile
            return [tok.head]
        if tok.dep_ not in SHARED_SUBJECT or tok.head.i == tok.i:
            return []
        tok, hops = tok.head, hops + 1
    return []


def where_antecedent(verb: Token) -> list[Token]:
    """The noun a "where" relative clause hangs on ("flew to Lima, where she met Rojas"; "the
    hotel where the talks were held"): the place of what the clause tells. A conjunct verb of
    the clause shares it ("where she met Rojas and toured the port")."""
    tok, hops = verb, 0
    while tok.dep_ == "conj" and tok.head.i != tok.i and hops < 4 and not subjects_own(tok):
        tok, hops = tok.head, hops + 1
    if tok.dep_ != "relcl" or tok.head.pos_ not in NOUNS:
        return []
    if not any(c.dep_ == "advmod" and c.lower_ == "where" for c in tok.children):
        return []
    head = tok.head
    doc = head.doc
    if TIME in doc.spans and any(s.start <= head.i < s.end for s in doc.spans[TIME]):
        # "flew to Lima on Monday, where she met Rojas": a day is no place; the parser hung the
        # clause on the time phrase after the place it tells of, the goal or setting of that verb
        verb = head
        while verb.dep_ in ("pobj", "prep") and verb.head.i != verb.i:
            verb = verb.head
        places = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "at", "into") and c.i < head.i
                  for p in c.children if p.dep_ == "pobj"]
        return places[-1:]
    return [head]


def misparsed_infinitive(tok: Token) -> bool:
    """ "is due to land": the small parser reads "to" as a preposition and the verb as its noun."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.pos_ == "ADJ" \
        and not any(c.dep_ == "det" for c in tok.children)


def misparsed_clause_verb(tok: Token) -> Token | None:
    """The verb above a misparsed infinitive's adjective ("is" in "is due to land"), if any."""
    if not misparsed_infinitive(tok):
        return None
    adj = tok.head.head
    return adj.head if adj.dep_ in ("acomp", "amod") and adj.head.pos_ in VERBS else None


@lru_cache(maxsize=1)
def load_frames() -> dict:
    text = resources.files("builder").joinpath("patterns/frames.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    defaults = {role: [parse_path(p) for p in paths] for role, paths in data.get("default_roles", {}).items()}
    frames = {}
    for name, spec in data["frames"].items():
        roles = dict(defaults)
        roles.update({role: [parse_path(p) for p in (paths or [])] for role, paths in (spec.get("roles") or {}).items()})
        frames[name] = {"class": spec.get("class", name), "triggers": spec["triggers"], "roles": roles,
                        "stay": bool(spec.get("stay"))}
    sets = {k: frozenset(data.get(k, [])) for k in ("light_verbs", "carriers", "sideline_nouns", "part_nouns",
                                                    "agent_kinds", "not_heads", "side_nouns", "event_predicates",
                                                    "distinct_modifiers", "anaphor_modifiers", "distinct_carriers",
                                                    "distinct_adverbs", "bare_light_verbs")}
    carrier = dict(defaults)
    carrier.update({role: [parse_path(p) for p in paths] for role, paths in (data.get("carrier_roles") or {}).items()})
    return {**sets, "heads_of_state": tuple(data.get("heads_of_state", [])), "defaults": defaults,
            "carrier_roles": carrier, "frames": frames, "same_day": frozenset(data.get("same_day", [])),
            "this_day": frozenset(data.get("this_day", [])), "deictic": tuple(data.get("deictic", [])),
            # one pattern; a phrase after "the" counts from a time the text told ("the next day")
            "ahead_times": re.compile("|".join(rf"(?<!\bthe )\b{re.escape(w)}\b" for w in data.get("ahead_times", []))
                                      or r"(?!)"),
            "whole_words": _inflections(data.get("whole_words") or {}),
            "remark_nouns": frozenset(data.get("remark_nouns", [])),
            "saying_events": frozenset(data.get("saying_events", [])),
            "delegation_nouns": frozenset(data.get("delegation_nouns", [])),
            "lead_verbs": frozenset(data.get("lead_verbs", [])),
            "visit_nouns": frozenset(data.get("visit_nouns", [])),
            "sequence_verbs": frozenset(data.get("sequence_verbs", [])),
            "deictic_arrivals": frozenset(data.get("deictic_arrivals", [])),
            "vague_times": frozenset(data.get("vague_times", [])),
            "intent_nouns": frozenset(data.get("intent_nouns", [])),
            "return_verbs": frozenset(data.get("return_verbs", [])),
            "light_inflected": frozenset(f for w in data.get("light_verbs", []) for f in
                                         (w, w + "s", w + "ed", w + "d", w + "ing", w[:-1] + "ing" if w.endswith("e") else w)),
            "numbers": dict(data.get("numbers") or {})}


def _one_of(values: list[str]):
    """A matcher value: the value itself when there is one (compared in C), else a set."""
    return values[0] if len(values) == 1 else {"IN": values}


def trigger_lemmas(trigger: dict) -> list[str]:
    lemmas = _as_list(trigger["lemma"])
    return lemmas + [w[:1].upper() + w[1:] for w in lemmas]  # a proper noun keeps its capital as lemma


def trigger_paths(trigger: dict) -> list[tuple[tuple[Step, ...], frozenset[str]]]:
    """The dependency paths a trigger line requires ("prep:before/pobj": [reporters]): each
    step a child of the one before, the last one among the words listed."""
    return [(parse_path(dep), frozenset(_as_list(words))) for dep, words in (trigger.get("with") or {}).items()]


def has_path(token: Token, steps: tuple[Step, ...], words: frozenset[str]) -> bool:
    """Whether a chain of children of `token` follows the steps, its last word among `words`
    (the DependencyMatcher's `>` operator, step by step)."""
    frontier = [token]
    for k, step in enumerate(steps):
        allowed = words if k == len(steps) - 1 else step.words
        frontier = [c for t in frontier for c in t.children
                    if c.dep_ == step.dep and (not allowed or c.lower_ in allowed)]
        if not frontier:
            return False
    return True


@Language.factory("peninsula_frames", default_config={})
def make_frames(nlp: Language, name: str):
    from spacy.attrs import ORTH

    for word in load_frames()["whole_words"]:  # "co-chaired" stays one verb for the parser
        for form in (word, word[:1].upper() + word[1:]):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return FrameFinder(nlp)


class FrameFinder:
    """Finds the triggers of the frames lexicon with one DependencyMatcher.

    The trigger words are matched together, one pattern per set of parts of speech, and told
    apart afterwards by their lemma; a trigger line's dependency paths (`with`) are then
    checked on the few tokens found. The matcher's cost grows with its token patterns, each
    tried on every token, most of all with sets of values: a pattern node per path word cost
    four times the rest of the component."""

    def __init__(self, nlp: Language):
        self.lexicon = load_frames()
        self.matcher = DependencyMatcher(nlp.vocab)
        self.triggers: list[tuple[str, dict]] = []  # in the lexicon's order: the first that matches wins
        self.paths: dict[int, list] = {}  # place of a trigger line -> the paths it requires
        self.unless: dict[int, list] = {}  # ... -> the paths whose words rule it out
        self.words: dict[str, dict[tuple[str, str], list[int]]] = {}  # key of a word group -> (lemma, pos) -> places
        self.verb_lemmas: dict[str, tuple[str, dict]] = {}
        groups: dict[tuple[str, ...], dict[tuple[str, str], list[int]]] = {}
        for name, frame in self.lexicon["frames"].items():
            for trigger in frame["triggers"]:
                place = len(self.triggers)
                self.triggers.append((name, trigger))
                pos = tuple(sorted(_as_list(trigger["pos"])))
                for lemma in trigger_lemmas(trigger):
                    for p in pos:
                        groups.setdefault(pos, {}).setdefault((lemma, p), []).append(place)
                if trigger.get("unless"):
                    self.unless[place] = self._unless(trigger)
                if trigger.get("with"):
                    self.paths[place] = trigger_paths(trigger)
                elif "VERB" in pos:
                    for lemma in _as_list(trigger["lemma"]):
                        self.verb_lemmas.setdefault(lemma, (name, trigger))
        for pos, by_word in groups.items():
            key = "words:" + "|".join(pos)
            self.words[key] = by_word
            self.matcher.add(key, [[{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {
                "LEMMA": _one_of(sorted({lemma for lemma, _ in by_word})), "POS": _one_of(list(pos))}}]])

    def __call__(self, doc: Doc) -> Doc:
        whole = self.lexicon["whole_words"]
        for tok in doc:  # "co-chaired": the lemmatizer does not know the word; its base is the lemma
            if "-" in tok.text and tok.lower_ in whole:
                tok.lemma_ = whole[tok.lower_]
        candidates: dict[int, set[int]] = {}
        for match_id, tokens in self.matcher(doc):
            tok = doc[tokens[0]]
            places = self.words[doc.vocab.strings[match_id]].get((tok.lemma_, tok.pos_), [])
            candidates.setdefault(tok.i, set()).update(places)
        found: dict[int, tuple[str, dict]] = {}
        for i, places in candidates.items():
            tok = doc[i]
            for place in sorted(places):  # the first trigger line that matches wins
                name, trigger = self.triggers[place]
                if not all(has_path(tok, steps, words) for steps, words in self.paths.get(place, ())):
                    continue
                if any(c.dep_ in _as_list(trigger.get("without")) for c in tok.children):
                    continue
                if any(t.lemma_.lower() in words for path, words in self.unless.get(place, ()) for t in follow(tok, path)):
                    continue
                found[i] = (name, trigger)
                break
        for tok in doc:  # "is due to land": a verb trigger the parser took for a noun
            if tok.i not in found and misparsed_infinitive(tok) and tok.lemma_ in self.verb_lemmas:
                found[tok.i] = self.verb_lemmas[tok.lemma_]
        triggers = set(found)
        time_at = self._time_attachments(doc, triggers)
        frames = [self.frame(doc[i], name, trigger, time_at) for i, (name, trigger) in sorted(found.items())]
        doc._.frames = frames
        return doc

    @staticmethod
    def _unless(trigger: dict) -> list:
        return [(parse_path(path), set(words)) for path, words in (trigger.get("unless") or {}).items()]

    # -- the clause of a trigger --------------------------------------------------------------

    def anchor(self, trigger: Token) -> tuple[Token, list[Token]]:
        """The verb whose clause carries the trigger's status, and the verbs whose roles the
        trigger takes (light verbs and carriers)."""
        lex = self.lexicon
        if trigger.pos_ not in NOUNS:
            return trigger, []
        tok = trigger
        while tok.dep_ == "conj" and tok.head.pos_ in NOUNS:  # "talks and a dinner"
            tok = tok.head
        sources: list[Token] = []
        for _ in range(6):
            head = tok.head
            if head.i == tok.i:
                return trigger, sources
            if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "oprd") and head.pos_ in VERBS:
                if tok.dep_ in ("nsubj", "nsubjpass"):  # "talks due to take place in Lima"
                    sources += [x for x in head.children if x.dep_ == "xcomp" and _light(x, lex)
                                and not subjects_own(x)]
                    # "the summit is due to take place in Quito": the xcomp of the copula's adjective
                    sources += [x for a in head.children if a.dep_ == "acomp" for x in a.children
                                if x.dep_ == "xcomp" and _light(x, lex) and not subjects_own(x)]
                if _light(head, lex) or (tok.dep_ == "attr" and head.lemma_ == "be"):
                    sources.append(head)
                    sources += [c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"
                                and _light(c, lex) and not subjects_own(c)]
                return head, sources
            if tok.dep_ == "pobj" and head.dep_ == "prep":
                above = head.head
                if above.pos_ in VERBS:
                    # "arrived for a visit" carries it; "joined them after the speech" does not
                    if (above.lemma_ in lex["carriers"] or _light(above, lex)) and head.lower_ not in SEQUENCE:
                        sources.append(above)
                    return above, sources
                if above.pos_ in NOUNS and (above.lower_ in lex["part_nouns"] or above.lemma_ in lex["part_nouns"]):
                    tok = above
                    continue
                return trigger, sources
            if tok.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_ in lex["sequence_verbs"]:
                # "held a lunch with X followed by a session with Y": the first one's clause
                part, above = head.head, head.head.head
                if part.dep_ == "acl" and above.pos_ in NOUNS:
                    tok = above
                    continue
                if part.dep_ == "advcl" and above.pos_ in VERBS:
                    if _light(above, lex):
                        sources.append(above)
                    return above, sources
            if tok.dep_ == "compound" and head.pos_ in NOUNS and head.lemma_ in lex["part_nouns"]:
                tok = head
                continue
            return trigger, sources
        return trigger, sources

    def frame(self, trigger: Token, name: str, spec: dict, time_at: dict[int, list[int]]) -> FrameMatch:
        frame = self.lexicon["frames"][name]
        anchor, carriers = self.anchor(trigger)
        roles: dict[str, tuple[int, ...]] = {}
        for role, paths in frame["roles"].items():
            found: list[int] = []
            for path in paths:
                found += [t.i for t in follow(trigger, path) if t.i != trigger.i and t.i not in found]
            for verb in carriers if paths else ():
                for path in self.lexicon["carrier_roles"].get(role, []):
                    found += [t.i for t in follow(verb, path) if t.i != trigger.i and t.i not in found]
            # relative clauses on a noun trigger whose verb is a light verb: "the summit the
            # two leaders held", "talks that Rojas hosted"
            if trigger.pos_ in NOUNS:
                rels = [c for c in trigger.children if c.dep_ in ("relcl", "acl") and _light(c, self.lexicon)]
                for rel in rels if paths else ():
                    for path in self.lexicon["defaults"].get(role, []):
                        found += [t.i for t in follow(rel, path) if t.i != trigger.i and t.i not in found]
            if found:
                roles[role] = tuple(found)
        # "the summit ended in Hanoi", "the talks opened in Lima": a verb whose subject is the
        # event says where it is
        if trigger.pos_ in NOUNS and trigger.dep_ in ("nsubj", "nsubjpass") and anchor.i != trigger.i \
                and anchor.lemma_ in self.lexicon["event_predicates"] and "place" in frame["roles"]:
            found = list(roles.get("place", ()))
            for path in self.lexicon["carrier_roles"].get("place", []):
                found += [t.i for t in follow(anchor, path) if t.i != trigger.i and t.i not in found]
            if found:
                roles["place"] = tuple(found)
        times: list[int] = []
        # "the talks followed their session in Quito on May 20": the day is the session's
        own = [trigger, *carriers] if anchor.lemma_ in self.lexicon["sequence_verbs"] and \
            trigger.dep_ in ("nsubj", "nsubjpass") else [trigger, anchor, *carriers]
        copula = misparsed_clause_verb(trigger)
        if copula is not None:
            own.append(copula)  # "is due to land on Monday": the day hangs on "is"
        for tok in own:
            times += [i for i in time_at.get(tok.i, ()) if i not in times]
        if trigger.pos_ in NOUNS:
            for rel in (c for c in trigger.children if c.dep_ in ("relcl", "acl")):
                times += [i for i in time_at.get(rel.i, ()) if i not in times]
        if times:
            roles["time"] = tuple(times)
        return FrameMatch(frame=name, event_class=spec.get("class", frame["class"]), trigger=trigger.i,
                          anchor=anchor.i, roles=roles, needs=tuple(_as_list(spec.get("needs"))),
                          carriers=tuple(v.i for v in carriers))

    @staticmethod
    def _time_attachments(doc: Doc, triggers: set[int]) -> dict[int, list[int]]:
        """Token index of the verb or trigger each time expression hangs in -> the time spans'
        first tokens."""
        out: dict[int, list[int]] = {}
        for span in doc.spans[TIME] if TIME in doc.spans else ():
            tok = span.root
            for _ in range(12):
                if tok.i in triggers and not (span.start <= tok.i < span.end):
                    break
                if tok.pos_ in VERBS and not (span.start <= tok.i < span.end):
                    break
                if tok.head.i == tok.i:
                    break
                tok = tok.head
            out.setdefault(tok.i, []).append(span.start)
        return out


def _inflections(words: dict) -> dict[str, str]:
    """Every form of the whole words -> its base ("co-chaired" -> "co-chair")."""
    out = {}
    for base, irregular in words.items():
        stem = base[:-1] if base.endswith("e") else base
        for form in (base, base + "s", stem + "ed", stem + "ing", *(irregular or [])):
            out[form] = base
    return out


def _light(tok: Token, lex: dict) -> bool:
    """A light verb, by lemma or, for whole words the lemmatizer mangles ("co-chaired"), by the
    lemma of its last part."""
    if tok.lemma_ in lex["bare_light_verbs"]:  # "called a news conference", not "called the talks a success"
        return tok.pos_ == "VERB" and not any(c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "dative") for c in tok.children)
    return tok.lemma_ in lex["light_verbs"] or ("-" in tok.lower_ and tok.lower_.rsplit("-", 1)[1] in lex["light_inflected"])


def subjects_own(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
