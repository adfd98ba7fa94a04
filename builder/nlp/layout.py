"""peninsula_layout: the lines of the body, and sentences that never cross a line break.

Runs before the parser. Each non-empty line of the body becomes a `Block` (running text,
photo caption, script cue, transcript turn), and the first token of every line starts a
sentence: the model's splitter does not treat line breaks as boundaries, and headlines or
captions would otherwise run into the text. Known multi-word names (the gazetteer's) are
never split across sentences ("at Cheong | Wa Dae").
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .layers import Block

_CAPTION_CREDIT = re.compile(r"\((?:[A-Z][\w.]*(?:[-/ ][A-Z][\w.]*){0,3})\)\s*$")
_SENTENCE_END = re.compile(r"[.!?\"”’']\s*$")
_CUE = re.compile(r"^\[([^\]]{1,40})\]\s*")


def blocks_of(text: str) -> list[Block]:
    """The non-empty lines of a body as blocks, with captions and script cues marked."""
    out: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            kind, text_start = "text", start
            m = _CUE.match(stripped)
            if m:  # "[Soundbite] ...": the line's own text follows the cue
                text_start = start + m.end()
                if text_start >= end:
                    kind = "cue"
            own = text[text_start:end]
            if kind == "text" and _CAPTION_CREDIT.search(own) and not _SENTENCE_END.search(
                    _CAPTION_CREDIT.sub("", own).rstrip()):
                kind = "caption"
            out.append(Block(start=start, end=end, kind=kind, text_start=text_start))
        pos += len(line) + 1
    return out


@Language.factory("peninsula_layout", default_config={})
def make_layout(nlp: Language, name: str):
    return Layout(nlp)


class Layout:
    def __init__(self, nlp: Language):
        from ..kb import load_kb

        self.matcher = PhraseMatcher(nlp.vocab)
        self.matcher.add("NAME", [nlp.make_doc(n) for n in load_kb().names() if " " in n])

    def __call__(self, doc: Doc) -> Doc:
        doc._.blocks = blocks_of(doc.text)
        starts = {b.start for b in doc._.blocks} | {b.text_start for b in doc._.blocks}
        for tok in doc[1:]:
            if tok.idx in starts:
                tok.is_sent_start = True
        for _, start, end in self.matcher(doc):
            for i in range(start + 1, end):
                doc[i].is_sent_start = False
        return doc
