"""peninsula_gazetteer: the names the knowledge base knows, as spans with their kind and key.

Two matchers over the names of the knowledge base (`builder.kb`), their matches together in
`doc.spans["gazetteer"]`:

- a `SpanRuler` (phrase patterns on the exact text) over the curated table (outlets, offices,
  international bodies, metonyms, venues), the countries with all their names, demonyms and
  "the <demonym> side";
- a token index over the cities, capitals and subdivisions of the maintained gazetteers (some
  twenty thousand names): first token -> the names it starts. A SpanRuler would tokenise each
  name through the pipeline at load time (over a second per process); the index costs a
  dictionary lookup per token of the article.

Each span's `label_` is the kind ("country", "place", "outlet", "ministry", ..., "demonym",
"metonym") and its `id_` the entity key; the mentions component decides which spans are
mentions (an ambiguous city name needs the text's agreement there).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .layers import GAZETTEER

METONYM = "metonym"
INDEXED = ("city", "capital", "subdivision")  # entry sources matched by the token index
_PLAIN = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)*$")


def _dateline_form(entry, name: str) -> bool:
    big = entry.source in ("curated", "capital") or entry.population >= 1_000_000
    return entry.kind in ("place", "country") and big and len(name) >= 4 and not name.isupper()


def kb_patterns(kb, indexed: bool = False) -> list[dict]:
    """Phrase patterns for the names of the KB: those the SpanRuler matches (indexed=False:
    curated names, countries, demonyms, metonyms) or those the token index matches."""
    patterns: list[dict] = []
    seen: set[str] = set()

    def add(label: str, text: str, key: str) -> None:
        if text not in seen:
            seen.add(text)
            patterns.append({"label": label, "pattern": text, "id": key})
            if text.startswith("the "):  # "The Chilean side asked ...": a sentence may open with it
                add(label, "T" + text[1:], key)

    for key, forms in kb.written.items():
        entry = kb.entries[key]
        if (entry.source in INDEXED) != indexed:
            continue
        for name in forms:
            add(entry.kind, name, key)
            if name.lower().startswith("the ") and name[4:5].isupper():
                add(entry.kind, name[4:], key)  # "the Foreign Ministry" is also "Foreign Ministry"
            if _dateline_form(entry, name):
                add(entry.kind, name.upper(), key)  # datelines: "NAIROBI, March 3", "BUENOS AIRES"
    if not indexed:
        for form, key in kb.metonym_forms.items():
            if kb.lookup(form) is None:
                add(METONYM, form, key)
        for form, key in kb.demonym_forms.items():
            add("demonym", form, key)
            if len(form) >= 4 and not form.isupper():
                add("demonym", form.upper(), key)  # captions, transcript labels: "TURKISH FOREIGN MINISTER"
    return patterns


class Gazetteer:
    def __init__(self, nlp: Language, name: str):
        from spacy.pipeline.span_ruler import SpanRuler

        from ..kb import load_kb

        kb = load_kb()
        self.ruler = SpanRuler(nlp, name=name, spans_key=GAZETTEER, phrase_matcher_attr="ORTH")
        with nlp.select_pipes(disable=nlp.pipe_names):  # tokenise the patterns, nothing more
            self.ruler.add_patterns(kb_patterns(kb))
        self.index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for p in kb_patterns(kb, indexed=True):
            text = p["pattern"]
            words = tuple(text.split()) if _PLAIN.match(text) else tuple(t.text for t in nlp.tokenizer(text))
            self.index.setdefault(words[0], []).append((words, p["label"], p["id"]))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))  # the longest name first

    def __call__(self, doc: Doc) -> Doc:
        doc = self.ruler(doc)
        found = list(doc.spans[GAZETTEER])
        n = len(doc)
        for tok in doc:
            for words, label, key in self.index.get(tok.text, ()):
                end = tok.i + len(words)
                if end <= n and all(doc[tok.i + k].text == w for k, w in enumerate(words[1:], 1)):
                    found.append(Span(doc, tok.i, end, label=label, span_id=key))
                    break
        doc.spans[GAZETTEER] = found
        return doc


@Language.factory("peninsula_gazetteer", default_config={})
def make_gazetteer(nlp: Language, name: str):
    return Gazetteer(nlp, name)
