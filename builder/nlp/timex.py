"""peninsula_time: time expressions, resolved against the publication date.

Each expression is a span of `doc.spans["time"]` with a `TimeValue` in `Span._.time`: ISO
values at the precision the text gives ("on Monday" a day, "in September" a month, "from
March 3 to 5" a start and an end), or only the expression as written when the text fixes no
date ("next week").
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .layers import TIME, TimeValue


@Language.factory("peninsula_time", default_config={})
def make_time(nlp: Language, name: str):
    return TimeFinder()


class TimeFinder:
    def __call__(self, doc: Doc) -> Doc:
        from ..legacy.extract.temporal import resolve  # interim: replaced by the time grammar

        spans = []
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            root = ent.root.head
            while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i:
                root = root.head
            tense = "past" if root.tag_ == "VBD" else "future" if any(
                c.lower_ in ("will", "'ll") for c in root.children) else ""
            value = resolve(ent.text, doc._.published, tense)
            span = doc[ent.start:ent.end]
            span._.time = TimeValue(ent.text, value.start if value else None, value.end if value else None)
            spans.append(span)
        doc.spans[TIME] = spans
        return doc
