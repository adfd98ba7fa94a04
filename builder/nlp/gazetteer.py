"""peninsula_gazetteer: the names the gazetteer knows, as spans with their kind and key.

A `SpanRuler` over the curated knowledge base (`builder/data/gazetteer.tsv`: countries with
aliases, demonyms and metonyms, capitals, outlets, offices). Each span's `label_` is the
kind ("country", "place", "outlet", "ministry", ..., "demonym", "metonym") and its `id_` the
entity key; the mentions component decides which spans are mentions.
"""
from __future__ import annotations

from spacy.language import Language

from .layers import GAZETTEER

METONYM = "metonym"


def kb_patterns(kb) -> list[dict]:
    """SpanRuler phrase patterns for every name, alias, demonym and metonym of the curated KB."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str, key: str) -> None:
        if (label, text) not in seen:
            seen.add((label, text))
            patterns.append({"label": label, "pattern": text, "id": key})

    for entry in kb.entries.values():
        for name in (entry.label, *entry.aliases):
            add(entry.kind, name, entry.key)
            if entry.kind == "place" and " " not in name and len(name) > 4:
                add(entry.kind, name.upper(), entry.key)  # datelines: "WASHINGTON, Nov. 19"
    for form, key in kb.metonym_forms.items():
        if kb.lookup(form) is None:
            add(METONYM, form, key)
    for form, key in kb.demonym_forms.items():
        add("demonym", form, key)
    return patterns


@Language.factory("peninsula_gazetteer", default_config={})
def make_gazetteer(nlp: Language, name: str):
    from spacy.pipeline.span_ruler import SpanRuler

    from ..kb import load_kb

    ruler = SpanRuler(nlp, name=name, spans_key=GAZETTEER, phrase_matcher_attr="ORTH")
    ruler.add_patterns(kb_patterns(load_kb()))
    return ruler
