"""The mentions layer on invented text: kinds, keys, countries, and the recogniser's misses mended."""
from __future__ import annotations

import pytest

from builder.nlp import parse_text
from builder.nlp.layers import MENTIONS


def mentions(text, published="2025-03-04"):
    doc = parse_text(text, published)
    return doc, [(s.text, s.label_, s.kb_id_) for s in doc.spans[MENTIONS]]


def span(doc, text):
    return next(s for s in doc.spans[MENTIONS] if s.text == text)


def test_name_swallowed_into_an_organisation_with_its_acronym():
    doc, got = mentions("Executive Secretary of the Arctic Cooperation Secretariat (ACS) Liv Hansen spoke. "
                        "The ACS later issued a statement.")
    people = [m for m in got if m[1] == "person"]
    assert people == [("Liv Hansen", "person", "person:liv-hansen")]
    orgs = {m[2] for m in got if m[0] in ("Arctic Cooperation Secretariat", "ACS")}
    assert len(orgs) == 1  # the organisation, its bracketed acronym and the later "ACS": one key
    assert sum(1 for m in got if m[0] == "ACS") == 2


def test_name_swallowed_after_an_organisation_head():
    _, got = mentions("Deputy Director General for Europe of the Federal Chancellery Karl Weber arrived.")
    assert ("Karl Weber", "person", "person:karl-weber") in got
    assert not any(m[1] == "person" and "Chancellery" in m[0] for m in got)


def test_editorial_bracket_gives_the_given_name():
    doc, got = mentions("Premier Holm [Lars] spoke in Oslo.")
    assert ("Holm [Lars]", "person", "person:lars-holm") in got
    assert "Lars Holm" in doc._.entities["person:lars-holm"].names


def test_titles_are_cut_from_people():
    _, got = mentions("Foreign Minister Ingrid Berg met Ambassador Pablo Rojas.")
    assert {m[0] for m in got if m[1] == "person"} == {"Ingrid Berg", "Pablo Rojas"}


def test_dateline_agency_is_an_outlet_never_a_person():
    _, got = mentions("OSLO, April 1 (Nordic Wire) -- Talks resumed on Tuesday.")
    assert ("Nordic Wire", "outlet", "outlet:nordic-wire") in got
    assert not any(m[1] == "person" for m in got)


@pytest.mark.parametrize("text, capital, country", [
    ("The envoys met in Chile's capital on Monday.", "place:santiago", "chile"),
    ("The envoys met in the Kenyan capital on Monday.", "place:nairobi", "kenya"),
    ("The envoys met in the capital of Peru on Monday.", "place:lima", "peru"),
])
def test_a_countrys_capital_by_construction(text, capital, country):
    doc, got = mentions(text)
    places = [s for s in doc.spans[MENTIONS] if s.label_ == "place"]
    assert [s.kb_id_ for s in places] == [capital]
    assert places[0]._.country == country


def test_capitals_act_for_their_country_and_carry_it():
    doc, _ = mentions("Nairobi said on Monday that the talks would resume in Lima.")
    assert span(doc, "Nairobi")._.acts_for == "kenya"
    assert span(doc, "Lima")._.country == "peru"


def test_a_city_with_its_country_after_a_comma():
    doc, _ = mentions("The summit opens in Brussels, the Kingdom of Belgium, on Monday.")
    assert span(doc, "Brussels")._.country == "belgium"
    assert span(doc, "Kingdom of Belgium").kb_id_ == "belgium"


def test_the_text_moves_a_homonym_to_its_own_country():
    doc, _ = mentions("She will visit Victoria, Canada, next week.")
    v = span(doc, "Victoria")
    assert (v.kb_id_, v._.country) == ("place:victoria-canada", "canada")


def test_a_venue_takes_the_country_of_its_city():
    doc, _ = mentions("The ministers met at the Grand Hotel in Lima.")
    hotel = span(doc, "Grand Hotel")
    assert (hotel.label_, hotel._.country) == ("place", "peru")


def test_demonyms_are_mentions_keyed_by_their_country():
    doc, got = mentions("Kenyan and Norwegian officials met.")
    assert ("Kenyan", "demonym", "kenya") in got and ("Norwegian", "demonym", "norway") in got
    assert not doc._.refs.get(0)  # a demonym stands for no entity as an argument


def test_the_name_administration_is_the_country_of_the_person_named():
    doc, got = mentions("Peruvian President Ana Alvarez spoke. The Alvarez administration rejected the plan.")
    assert ("The Alvarez administration", "country", "peru") in got


def test_the_name_administration_without_a_country_is_nothing():
    _, got = mentions("The Alvarez administration rejected the plan.")
    assert not any(m[1] == "country" for m in got)


def test_foreign_ministry_takes_the_country_before_it():
    doc, got = mentions("Kenya's Foreign Ministry said the envoy would travel.")
    assert any(m[2] == "mofa-kenya" for m in got)
    assert doc._.entities["mofa-kenya"].country == "kenya"


def test_acronym_only_organisations():
    _, got = mentions("Ministers from ASEAN and NATO met the EU delegation.")
    keys = {m[2] for m in got}
    assert {"asean", "nato", "european-union"} <= keys


def test_romanised_korean_and_chinese_names_by_shape():
    _, got = mentions("Seo Ji-won met Zhou Mingyu and Han Seung Woo.")
    assert {m[0] for m in got if m[1] == "person"} == {"Seo Ji-won", "Zhou Mingyu", "Han Seung Woo"}


# Precision: invented sentences full of words that are also gazetteer names; the places each
# may give, and nothing else as a place or a country.
TRAPS = [
    ("Victoria Lindqvist said Jackson Mbeki would lead the team.", set()),
    ("The split in the coalition was a mobile problem, officials said.", set()),
    ("Reading the report took hours, and Nice work was praised.", set()),
    ("Chad Miller and Jordan Fields met the press on Monday.", set()),
    ("Senator Paris Holm and Lincoln Dahl spoke in Oslo.", {"Oslo"}),
    ("President Georgia Banda arrived in Lusaka on Tuesday.", {"Lusaka"}),
    ("Ms. Sydney Otieno met Kenyan officials in Mombasa.", {"Mombasa"}),
    ("May Holm said the March talks in Lima were useful.", {"Lima"}),
    ("The Lima Group met in Ottawa.", {"Ottawa"}),
    ("Officials from Chad and Jordan met in Amman.", {"Chad", "Jordan", "Amman"}),
]


@pytest.mark.parametrize("text, places", TRAPS)
def test_no_false_places(text, places):
    doc, got = mentions(text)
    found = {m[0] for m in got if m[1] in ("place", "country")}
    assert found == places


@pytest.mark.parametrize("text, people", [
    ("Victoria Lindqvist said Jackson Mbeki would lead the team.", {"Victoria Lindqvist", "Jackson Mbeki"}),
    ("OSLO, May 2 (Fjord Daily) -- Olav Dahl arrived on Friday.", {"Olav Dahl"}),
    ("Santiago and Lima agreed, said Pablo Rojas of the Andean Daily.", {"Pablo Rojas"}),
])
def test_no_people_from_places_outlets_or_months(text, people):
    _, got = mentions(text)
    assert {m[0] for m in got if m[1] == "person"} == people


def test_a_state_after_a_city_of_its_country_is_not_the_country():
    doc, _ = mentions("She flew to Atlanta, Georgia, and then to Tbilisi, Georgia.")
    states = [s for s in doc.spans[MENTIONS] if s.text == "Georgia"]
    assert [(s.label_, s._.country) for s in states] == [("place", "united-states"), ("country", "georgia")]


def test_a_national_body_in_a_city_belongs_to_the_citys_country():
    doc, got = mentions("The talks were held at the Foreign Ministry in Oslo on Monday.")
    assert any(m[2] == "mofa-norway" for m in got)


def test_a_national_body_whose_country_the_text_does_not_give_gets_none():
    doc, got = mentions("Japan's Foreign Ministry said so. Envoys later met at the Foreign Ministry.")
    assert [m[2] for m in got if m[1] == "ministry"] == ["mofa-japan", "mofa"]
