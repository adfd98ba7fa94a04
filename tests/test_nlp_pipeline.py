"""The component pipeline as a whole: one Doc per article, every layer present, and a bug in
one component or one reader costs that layer or that fact, never the article."""
from __future__ import annotations

import pytest

from builder.extract import extract_article
from builder.model import Article
from builder.nlp import COMPONENTS, load_pipeline, parse_articles, parse_text
from builder.nlp.layers import GAZETTEER, MENTIONS, REFERENCES, TIME, TITLES

TEXT = ("Finance Minister Lars Holm met Pablo Rojas in Lima on Monday.\n\n"
        "Holm said the talks went well.")


def article(body: str = TEXT) -> Article:
    return Article(article_id="pipe-test", source="pipe-test.txt", body=body, sha256="", published="2025-03-05")


def test_the_components_run_in_order_around_the_model():
    names = load_pipeline().pipe_names
    assert names.index("peninsula_layout") < names.index("parser")
    assert [n for n in names if n in COMPONENTS] == list(COMPONENTS)
    assert names.index("ner") < names.index(COMPONENTS[0])


def test_one_doc_per_article_over_the_body_with_every_layer():
    doc = parse_text(TEXT, published="2025-03-05")
    assert doc.text == TEXT
    for key in (GAZETTEER, MENTIONS, TITLES, REFERENCES, TIME):
        assert key in doc.spans
    assert doc._.published.isoformat() == "2025-03-05"
    # a sentence never crosses a line break
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


def test_a_failing_component_leaves_its_layer_empty_and_a_warning(monkeypatch):
    frames = load_pipeline().get_pipe("peninsula_frames")

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(frames), "__call__", lambda self, doc: broken(doc))
    doc = next(parse_articles([article()]))
    assert doc._.frames == []
    assert any("W911" in w and "peninsula_frames" in w for w in doc._.warnings)
    facts = extract_article(article(), doc)
    assert any("W911" in w for w in facts.warnings)
    assert facts.mentions  # the other layers were still read


def test_a_failing_reader_costs_one_fact_with_a_warning(monkeypatch):
    import builder.extract.posts as posts

    doc = next(parse_articles([article()]))

    def broken(*args, **kwargs):
        raise ValueError("bad post")

    monkeypatch.setattr(posts, "post_key", broken)
    from builder.nlp.layers import PostInfo

    span = doc[0:3]
    span._.post = PostInfo(title="Finance Minister", head="minister", holder="person:lars-holm")
    doc.spans[TITLES] = [span]
    facts = extract_article(article(), doc)
    assert any("W910" in w and "pipe-test" in w and "bad post" in w for w in facts.warnings)
    assert facts.mentions and not [r for r in facts.relations if r.predicate == "holdsPost"]


@pytest.mark.parametrize("body", ["\n\n", "x", "A line.\n\n\n\nAnother line."])
def test_odd_bodies_parse(body):
    doc = next(parse_articles([article(body)]))
    assert doc.text == body


def test_words_without_an_apostrophe_are_not_split_as_contractions():
    # "Im" is a Korean family name in news text, not "I'm"; "Wed" a weekday, "wed" a verb
    from builder.nlp import load_pipeline

    nlp = load_pipeline()
    words = [t.text for t in nlp.make_doc("Vice Minister Im Do-hyun arrived on Wed, and they wed in May.")]
    assert words[2] == "Im" and "Wed" in words and "wed" in words
    assert [t.text for t in nlp.make_doc("I'm sure we can't.")] == ["I", "'m", "sure", "we", "ca", "n't", "."]
