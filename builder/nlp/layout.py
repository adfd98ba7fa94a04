"""peninsula_layout: the lines of the body, and sentences that never cross a line break.

Runs before the parser. Each non-empty line of the body becomes a `Block`:

- "text": running text (a list item's text starts after its bullet, "o" or "•"). A dateline
  opening it ("OSLO, March 3 (Nordic Wire) --", "LIMA (AFP) -", "Lima -- ") sets `dateline_place` (the place's entity key when the knowledge base knows it) and
  `dateline_outlet` (as written); `text_start` is after the dash.
- "turn": a transcript turn or soundbite. "DEPUTY MINISTER INGRID BERG:", "QUESTION:", "Q:",
  "A:", "MODERATOR:", or after a script cue "[Soundbite] Ingrid Berg (Fisheries Minister):";
  `speaker` is the label as written, `text_start` after the colon. A label in capitals that
  names a place or a body the knowledge base knows ("NATO: ...") opens no turn.
- "cue": a script cue alone on its line ("[Anchor Lead]"); "caption": a photo caption (a line
  ending in a credit such as "(Nordic Wire)"); "headline": a numbered section heading inside
  the body ("2. Minister's Schedule"); "end": a closing mark ("(END)").

The first token of every line starts a sentence, and so does the first token after a turn's
label or a dateline: the label or the dateline is a sentence of its own, never the subject of
the first one. The tokens of a dateline or label never start one. The dateline's place is
preset as a GPE entity and its outlet as an ORG, which the entity recogniser keeps, so "LIMA"
is not read as a person. Known multi-word names (the gazetteer's) are never split across
sentences ("at Cheong | Wa Dae").

The shapes of datelines and speakers' labels are shared with the header reader
(builder/lineshapes.py); their words are data: builder/patterns/layout.yaml.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..lineshapes import CUE as _CUE
from ..lineshapes import dateline_at, known_place, layout_lexicon, turn_label
from .layers import Block

_CAPTION_CREDIT = re.compile(r"\((?:[A-Z][\w.]*(?:[-/ ][A-Z][\w.]*){0,3})\)\s*$")
_SENTENCE_END = re.compile(r"[.!?\"”’']\s*$")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}[.)]\s+\S")
_BULLET = re.compile(r"^(?:[•·▪●◦‣*–-]|o(?=\s+[A-Z]))\s+(?=\S)")  # "o Special Envoy ...", "• The minister ..."


def _place_key(place: str, kb) -> str | None:
    entry = known_place(kb, place) if "/" not in place else None
    return entry.key if entry is not None else None


def blocks_of(text: str, kb=None) -> list[Block]:
    """The non-empty lines of a body as blocks: text, turns, cues, captions, headings, ends."""
    lex = layout_lexicon()
    out: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            kind, text_start, speaker, place, outlet = "text", start, None, None, None
            m = _CUE.match(stripped)
            cue = None
            if m:  # "[Soundbite] ...": the line's own text follows the cue
                cue = m.group(1).strip()
                text_start = start + m.end()
                if text_start >= end:
                    kind = "cue"
            own = text[text_start:end]
            bullet = _BULLET.match(own) if kind == "text" else None
            if bullet:  # a list item: its own text starts after the bullet
                text_start += bullet.end()
                own = text[text_start:end]
            if kind == "text":
                if stripped.upper() in lex.end_marks:
                    kind = "end"
                elif (turn := turn_label(own, after_cue=cue is not None, kb=kb)) is not None:
                    kind, speaker = "turn", turn[0]
                    text_start += turn[1]
                elif (dl := dateline_at(own, kb)) is not None:
                    place = _place_key(dl.group("place"), kb)
                    outlet = (dl.group("outlet") or "").strip() or None
                    text_start += dl.end()
                elif _NUMBERED_HEADING.match(own) and not _SENTENCE_END.search(own):
                    kind = "headline"
                elif _CAPTION_CREDIT.search(own) and not _SENTENCE_END.search(_CAPTION_CREDIT.sub("", own).rstrip()):
                    kind = "caption"
            out.append(Block(start=start, end=end, kind=kind, text_start=text_start, speaker=speaker,
                             dateline_place=place, dateline_outlet=outlet))
        pos += len(line) + 1
    return out


def dateline_spans(text: str, block: Block, kb=None) -> dict[str, tuple[int, int]]:
    """Character spans of a text block's dateline parts: "place", "date", "outlet", "dateline"."""
    m = dateline_at(text[block.start:block.end], kb)
    if m is None:
        return {}
    out = {"dateline": (block.start, block.start + m.end())}
    for part in ("place", "date", "outlet"):
        if m.group(part):
            out[part] = (block.start + m.start(part), block.start + m.end(part))
    return out


@Language.factory("peninsula_layout", default_config={})
def make_layout(nlp: Language, name: str):
    return Layout(nlp)


class Layout:
    def __init__(self, nlp: Language):
        from ..kb import load_kb

        self.kb = load_kb()
        self.matcher = PhraseMatcher(nlp.vocab)
        self.matcher.add("NAME", [nlp.make_doc(n) for n in self.kb.names() if " " in n])

    def __call__(self, doc: Doc) -> Doc:
        doc._.blocks = blocks_of(doc._.text, self.kb)
        starts = {b.start for b in doc._.blocks} | {b.text_start for b in doc._.blocks}
        for b in doc._.blocks:  # "[Soundbite] Ingrid Berg (...):": the cue, then the speaker's label
            m = _CUE.match(doc._.text[b.start:b.end]) if b.kind == "turn" else None
            if m:
                starts.add(b.start + m.end())
        for tok in doc[1:]:
            if tok.idx in starts:
                tok.is_sent_start = True
            elif tok.is_space:
                tok.is_sent_start = False
            elif tok.is_punct and tok.is_quote or tok.is_right_punct:
                if tok.nbor(-1).text in (".", "!", "?", "…"):  # '... quota."': the quote ends the sentence
                    tok.is_sent_start = False
        for _, start, end in self.matcher(doc):
            for i in range(start + 1, end):
                doc[i].is_sent_start = False
        preset: list[Span] = []
        for b in doc._.blocks:
            if b.kind == "headline":  # "2. Minister's Schedule" is one sentence
                heading = doc.char_span(b.start, b.end, alignment_mode="contract")
                for tok in heading[1:] if heading is not None else ():
                    tok.is_sent_start = False
            if b.text_start <= b.start or b.kind not in ("text", "turn"):
                continue
            if _BULLET.match(doc._.text[b.start:b.end]) and not dateline_at(doc._.text[b.text_start:b.end], self.kb):
                continue  # the bullet alone: no label tokens to keep together
            label = doc.char_span(b.start, b.text_start, alignment_mode="contract")
            if label is not None:  # a dateline or a label is one sentence
                for tok in label[1:]:
                    if tok.idx not in starts:
                        tok.is_sent_start = False
            if b.kind == "text":
                parts = dateline_spans(doc._.text, b, self.kb)
                for part, ent in (("place", "GPE"), ("outlet", "ORG")):
                    if part in parts:
                        span = doc.char_span(*parts[part], label=ent, alignment_mode="contract")
                        if span is not None and len(span):
                            preset.append(span)
        if preset:
            doc.set_ents(filter_spans(preset), default="unmodified")
        return doc


def generic_speaker(block: Block) -> bool:
    """A turn whose label names a role of the exchange, not a person ("Q", "QUESTION",
    "MODERATOR", "ANCHOR"): mentions and coreference should not read it as a name."""
    return block.kind == "turn" and (block.speaker or "").upper() in layout_lexicon().turn_labels


def label_span(doc: Doc, block: Block) -> Span | None:
    """The tokens before a block's own text: a dateline, a cue or a speaker's label."""
    if block.text_start <= block.start:
        return None
    return doc.char_span(block.start, block.text_start, alignment_mode="contract")


def dateline_of(doc: Doc) -> Span | None:
    """The tokens of the article's dateline, when its first text block opens with one."""
    from ..kb import load_kb

    for b in doc._.blocks or ():
        if b.kind == "text":
            if b.text_start > b.start and dateline_at(doc._.text[b.start:b.end], load_kb()):
                return doc.char_span(b.start, b.text_start, alignment_mode="contract")
            return None
    return None
