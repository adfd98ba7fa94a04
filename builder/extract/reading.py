"""What every fact reader shares while it reads one article: the Doc, evidence, guards.

`ArticleReading` owns the article's entity records (the mentions' and the posts' the
readers add), turns sentences into evidence spans, and runs each fact inside a guard: an
exception while reading one fact costs that fact, with a warning that names the article and
the sentence, never the article.
"""
from __future__ import annotations

import traceback
from contextlib import contextmanager

from spacy.tokens import Doc

from ..kb import load_kb
from ..model import Article, EntityRecord, Span
from .arguments import Arguments


class ArticleReading:
    def __init__(self, article: Article, doc: Doc):
        self.article = article
        self.doc = doc
        self.kb = load_kb()
        self.entities: dict[str, EntityRecord] = dict(doc._.entities or {})
        self.args = Arguments(doc)
        self.warnings: list[str] = list(doc._.warnings)
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The Doc's text: the article body it was made from (Doc.text and Span.text join every
        token anew, which costs more than the reading of a fact)."""
        if self._text is None:
            body = getattr(self.article, "body", None)
            doc = self.doc
            self._text = body if isinstance(body, str) and len(doc) and len(body) == doc[-1].idx + len(doc[-1].text_with_ws) \
                else doc._.text
        return self._text

    def evidence(self, sent) -> Span:
        """The sentence (a spaCy Span) as evidence: its text exactly as in the body."""
        text = self.text[sent.start_char:sent.end_char].rstrip()
        start = sent.start_char + (len(text) - len(text.lstrip()))
        text = text.strip()
        return Span(start, start + len(text), text)

    def register(self, key: str, kind: str, label: str, **attrs) -> EntityRecord:
        rec = self.entities.get(key)
        if rec is None:
            rec = self.entities[key] = EntityRecord(key=key, kind=kind, label=label)
        rec.names.add(label)
        for name, value in attrs.items():
            if value is not None and getattr(rec, name) in (None, False):
                setattr(rec, name, value)
        return rec

    def kind_of(self, key: str) -> str:
        return self.kb.kind_of(key, self.entities)

    def in_caption(self, token) -> bool:
        for block in self.doc._.blocks or ():
            if block.start <= token.idx < block.end:
                return block.kind == "caption"
        return False

    @contextmanager
    def guard(self, what: str, sent=None):
        """Run the reading of one fact; on an exception keep a warning and go on."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - one fact's bug must not cost the article
            where = f" in the sentence at offset {sent.start_char} ({sent.text.strip()[:80]!r})" if sent is not None else ""
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self.warnings.append(
                f"[W910] article {self.article.article_id}: reading {what} failed{where} "
                f"({type(exc).__name__}: {exc} at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}); "
                "that fact was left out. Please report it with the article.")
