"""The one argument reader: which entities a token of the parse stands for.

Every fact reader asks it: the subject of "met", the object of "with", the holder of a
stance, the speaker of "said". It reads the token and its conjuncts ("Kim and Noh"), the
name inside a title stack or apposition, and whatever coreference resolved ("he", "the
two envoys", "Kim"); a capital acting for its country stands for the country.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import nlp  # noqa: F401  (registers the layers)
from ..nlp.layers import MENTIONS, TIME, TimeValue

PLACE_KINDS = ("place", "country")


class Arguments:
    def __init__(self, doc: Doc):
        self.doc = doc
        self._mention = {i: s for s in doc.spans[MENTIONS] for i in range(s.start, s.end)}
        self._time = {i: s for s in doc.spans[TIME] for i in range(s.start, s.end)}

    def mention(self, tok: Token):
        return self._mention.get(tok.i)

    def _one(self, tok: Token) -> list[str]:
        keys = list(tok._.referents)
        if not keys:
            for child in tok.children:  # "Minister Kang": the name may be a compound or apposition
                if child.dep_ in ("compound", "appos", "flat") and child._.referents:
                    keys = list(child._.referents)
                    break
        m = self.mention(tok)
        if m is not None and m.label_ == "place":
            return [m._.acts_for] if m._.acts_for else []
        return keys

    def agents(self, tok: Token) -> list[str]:
        """Entity keys a token and its conjuncts stand for, as actors."""
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            for key in self._one(t):
                if key not in out:
                    out.append(key)
        return out

    def place(self, tok: Token) -> str | None:
        """The place or country a token names ("in Seoul", "the Hanoi summit")."""
        for t in [tok, *[c for c in tok.children if c.dep_ in ("compound", "amod")]]:
            m = self.mention(t)
            if m is not None and m.label_ in PLACE_KINDS:
                return m.kb_id_
        return None

    def time(self, tok: Token) -> TimeValue | None:
        """The resolved time expression a token is part of or heads."""
        for t in [tok, *tok.subtree]:
            span = self._time.get(t.i)
            if span is not None and span._.time is not None:
                return span._.time
        return None
