"""The knowledge base and the gazetteer layer: countries, capitals, cities, subdivisions from
the maintained packages, the curated table first, ambiguous names marked (invented text)."""
from __future__ import annotations

import pytest

from builder.kb import load_kb
from builder.nlp import parse_text
from builder.nlp.layers import GAZETTEER


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("name, key, country", [
    ("Oslo", "place:oslo", "norway"), ("Nairobi", "place:nairobi", "kenya"), ("Lima", "place:lima", "peru"),
    ("Ottawa", "place:ottawa", "canada"), ("Kyiv", "place:kyiv", "ukraine"), ("Kiev", "place:kyiv", "ukraine"),
    ("Bogota", "place:bogota", "colombia"),  # accents folded
    ("Texas", "place:texas", "united-states"), ("Ontario", "place:ontario", "canada"),  # the province, not the city
    ("Aceh", "place:aceh", "indonesia"), ("Papua", "place:papua", "indonesia"),  # Indonesian provinces, and
    ("Bali", "place:bali", "indonesia"),  # the island province, not a town of that name in Rajasthan
    ("Seoul", "seoul", "south-korea"),  # the curated entry wins
])
def test_places_and_their_countries(kb, name, key, country):
    e = kb.lookup(name)
    assert (e.key, e.country) == (key, country)


@pytest.mark.parametrize("name, key", [
    ("Norway", "norway"), ("Kingdom of Norway", "norway"), ("Republic of Chile", "chile"),
    ("Holland", "netherlands"), ("Czech Republic", "czechia"), ("Britain", "united-kingdom"),
])
def test_country_names_official_and_alternate(kb, name, key):
    e = kb.lookup(name)
    assert (e.kind, e.key) == ("country", key)


@pytest.mark.parametrize("demonym, country", [
    ("Chilean", "chile"), ("Kenyan", "kenya"), ("Norwegian", "norway"), ("Canadian", "canada"),
    ("Peruvian", "peru"), ("Dutch", "netherlands"), ("South Korean", "south-korea"),
])
def test_demonyms_name_their_country(kb, demonym, country):
    assert kb.demonym(demonym) == country


def test_a_demonym_two_countries_share_names_neither(kb):
    assert kb.demonym("Congolese") is None


def test_capitals_act_for_their_country(kb):
    assert kb.metonym("Oslo") == "norway" and kb.metonym("Nairobi") == "kenya"
    assert kb.capitals["chile"] == "place:santiago"
    assert kb.metonym("Mombasa") is None  # a city that is not the capital acts for no one


@pytest.mark.parametrize("name", ["Victoria", "Jackson", "Sydney", "Chad", "Jordan", "Georgia"])
def test_given_names_are_ambiguous(kb, name):
    assert kb.is_ambiguous(name)


@pytest.mark.parametrize("name", ["Oslo", "Nairobi", "Lima", "Ottawa", "Norway", "Seoul"])
def test_place_names_are_not_ambiguous(kb, name):
    assert not kb.is_ambiguous(name)


def test_no_codes_or_commas_as_names(kb):
    for bad in ("NO", "KEN", "Korea, Republic of", "CL"):
        e = kb.lookup(bad)
        assert e is None or e.source == "curated", bad


def test_the_gazetteer_layer_marks_names_with_kind_and_key():
    doc = parse_text("NAIROBI, March 3 -- Kenyan and Chilean envoys met in Valparaiso and later "
                     "flew to Ottawa, the Canadian side said.", "2025-03-04")
    got = {(s.text, s.label_, s.id_) for s in doc.spans[GAZETTEER]}
    assert ("NAIROBI", "place", "place:nairobi") in got  # a dateline in capitals
    assert ("Kenyan", "demonym", "kenya") in got
    assert ("Valparaiso", "place", "place:valparaiso") in got
    assert ("Ottawa", "place", "place:ottawa") in got
    assert ("the Canadian side", "metonym", "canada") in got


def test_the_curated_table_wins_over_the_gazetteers():
    doc = parse_text("The Foreign Ministry in Seoul said the UN Security Council would meet.", "2025-03-04")
    got = {s.text: (s.label_, s.id_) for s in doc.spans[GAZETTEER]}
    assert got["Seoul"] == ("place", "seoul")
    assert got["UN Security Council"] == ("international", "un-security-council")


def test_the_built_knowledge_base_is_cached_per_version_of_its_inputs(tmp_path, monkeypatch):
    import builder.kb as kbmod

    monkeypatch.setenv("PENINSULA_CACHE", str(tmp_path))
    built, given = kbmod._load.__wrapped__()  # builds, then writes the cache
    path = kbmod._cache_path()
    assert path.parent == tmp_path and path.exists()
    again, _ = kbmod._load.__wrapped__()  # reads it
    assert len(again.entries) == len(built.entries) and again.lookup("Nairobi").key == "place:nairobi"
    assert given and "ingrid" in given
