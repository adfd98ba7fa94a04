"""peninsula_frames: event triggers and the tokens that fill their roles.

The frames lexicon (`builder/patterns/frames.yaml`) says which words open which event and
along which dependency paths each role is read; its triggers are compiled into one spaCy
`DependencyMatcher`. Each match is a `FrameMatch` in `Doc._.frames`, with the heads of the
phrases filling each role as token indices; the event reader turns them into entities.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from .layers import FrameMatch


def _as_list(value) -> list:
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
        return [c for c in token.children if c.dep_ == self.dep and (not self.words or c.lower_ in self.words)]


def parse_path(text: str) -> tuple[Step, ...]:
    return tuple(Step.parse(part) for part in text.split("/"))


def follow(token: Token, path: tuple[Step, ...]) -> list[Token]:
    """The tokens reached from `token` along a dependency path."""
    frontier = [token]
    for step in path:
        frontier = [c for t in frontier for c in step.follow(t)]
    return frontier


@lru_cache(maxsize=1)
def load_frames() -> dict:
    text = resources.files("builder").joinpath("patterns/frames.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    defaults = {role: [parse_path(p) for p in paths] for role, paths in data.get("default_roles", {}).items()}
    frames = {}
    for name, spec in data["frames"].items():
        roles = dict(defaults)
        roles.update({role: [parse_path(p) for p in paths] for role, paths in (spec.get("roles") or {}).items()})
        frames[name] = {"class": spec.get("class", name), "triggers": spec["triggers"], "roles": roles}
    return {"light_verbs": frozenset(data.get("light_verbs", [])), "defaults": defaults, "frames": frames}


def trigger_patterns(name: str, trigger: dict) -> list[dict]:
    """A DependencyMatcher pattern for one trigger of a frame."""
    attrs = {"LEMMA": {"IN": _as_list(trigger["lemma"])}, "POS": {"IN": _as_list(trigger["pos"])}}
    pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": attrs}]
    for n, (dep, words) in enumerate((trigger.get("with") or {}).items()):
        pattern.append({"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": f"with{n}",
                        "RIGHT_ATTRS": {"DEP": dep, "LOWER": {"IN": _as_list(words)}}})
    return pattern


@Language.factory("peninsula_frames", default_config={})
def make_frames(nlp: Language, name: str):
    return FrameFinder(nlp)


class FrameFinder:
    def __init__(self, nlp: Language):
        self.lexicon = load_frames()
        self.matcher = DependencyMatcher(nlp.vocab)
        for name, frame in self.lexicon["frames"].items():
            self.matcher.add(name, [trigger_patterns(name, t) for t in frame["triggers"]])

    def __call__(self, doc: Doc) -> Doc:
        frames, seen = [], set()
        for match_id, tokens in self.matcher(doc):
            name = doc.vocab.strings[match_id]
            trigger = doc[tokens[0]]
            if (name, trigger.i) in seen:
                continue
            seen.add((name, trigger.i))
            frames.append(self.frame(name, trigger))
        doc._.frames = sorted(frames, key=lambda f: f.trigger)
        return doc

    def frame(self, name: str, trigger: Token) -> FrameMatch:
        spec = self.lexicon["frames"][name]
        anchor = trigger
        sources = [trigger]
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass") and \
                trigger.head.lemma_ in self.lexicon["light_verbs"]:
            anchor = trigger.head  # "held talks": the verb carries the clause and more roles
            sources.append(anchor)
        elif trigger.pos_ in ("NOUN", "PROPN"):
            anchor = trigger.head if trigger.head.pos_ in ("VERB", "AUX") else trigger
        roles: dict[str, tuple[int, ...]] = {}
        for role, paths in spec["roles"].items():
            found: list[int] = []
            for source in sources:
                for path in (paths if source is trigger else self.lexicon["defaults"].get(role, [])):
                    found += [t.i for t in follow(source, path) if t.i != trigger.i and t.i not in found]
            if found:
                roles[role] = tuple(found)
        return FrameMatch(frame=name, event_class=spec["class"], trigger=trigger.i, anchor=anchor.i, roles=roles)
