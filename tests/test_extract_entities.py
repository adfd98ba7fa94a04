"""Entities as the extractor leaves them (builder/extract/__init__.py): whose ministry an
unqualified national body is. Invented text only."""
from __future__ import annotations

import pytest

from builder.extract import extract_article
from builder.model import Article
from builder.nlp import parse_article


def ministries(text: str, outlet: str | None = None) -> dict[str, str | None]:
    art = Article(article_id="t", source="t.txt", body=text, sha256="", published="2025-03-04", outlet=outlet)
    facts = extract_article(art, parse_article(art))
    return {k: r.country for k, r in facts.entities.items() if r.kind == "ministry"}


def test_the_holder_of_a_post_in_it_gives_its_country():
    got = ministries("Kenyan envoy Daniel Otieno spoke on Monday. Daniel Otieno, special representative for "
                     "trade at the Ministry of Foreign Affairs, will visit Oslo.")
    assert got == {"mofa-kenya": "kenya"}  # the national node, as if the words said whose


def test_a_body_named_with_its_country_before_gives_the_country_of_the_unqualified_one():
    got = ministries("Chile's Foreign Ministry said on Monday that talks would resume. "
                     "The Foreign Ministry added that Rojas would lead them.")
    assert got == {"mofa-chile": "chile"}  # one node


def test_a_national_outlet_gives_its_home_country():
    assert ministries("The Foreign Ministry said on Monday that talks with Norway would resume.",
                      outlet="Yonhap") == {"mofa-south-korea": "south-korea"}


def test_the_dateline_gives_it_for_an_outlet_with_no_home_country():
    assert ministries("NAIROBI (Reuters) - The Foreign Ministry said on Monday that talks with Norway "
                      "would resume.") == {"mofa-kenya": "kenya"}


@pytest.mark.parametrize("text", [
    "The Foreign Ministry said on Monday that talks with Norway would resume.",
    # two countries' ministries named before: which one the bare name is, the text does not say
    "Chile's Foreign Ministry and Peru's Foreign Ministry spoke on Monday. The Foreign Ministry later "
    "said that talks would resume.",
])
def test_nothing_when_the_article_does_not_say_whose(text):
    assert ministries(text)["mofa@t"] is None  # the article's own node, of no country


def posts(text: str, outlet: str | None = None) -> set[tuple[str, str | None]]:
    art = Article(article_id="t", source="t.txt", body=text, sha256="", published="2025-03-04", outlet=outlet)
    facts = extract_article(art, parse_article(art))
    return {(r.subject, facts.entities[r.object].country) for r in facts.relations if r.predicate == "holdsPost"}


def test_a_bare_national_ministers_title_is_the_home_governments():
    text = "Foreign Minister Amina Odhiambo will visit Oslo on Friday."
    assert posts(text, outlet="Yonhap") == {("person:amina-odhiambo", "south-korea")}
    assert posts("NAIROBI (Reuters) - " + text) == {("person:amina-odhiambo", "kenya")}
    assert posts(text) == {("person:amina-odhiambo", None)}  # no outlet, no dateline: whose, unsaid


def test_a_title_without_a_national_body_takes_no_home_country():
    assert posts("President Lars Holm will visit Oslo on Friday.", outlet="Yonhap") == {("person:lars-holm", None)}


def test_a_national_ministers_post_is_in_that_countrys_ministry():
    art = Article(article_id="t", source="t.txt", sha256="", published="2025-03-04",
                  body="Chilean Vice Foreign Minister Pablo Rojas will visit Oslo on Friday.")
    facts = extract_article(art, parse_article(art))
    post = next(facts.entities[r.object] for r in facts.relations if r.predicate == "holdsPost")
    assert post.post_org == "mofa-chile" and facts.entities["mofa-chile"].country == "chile"
