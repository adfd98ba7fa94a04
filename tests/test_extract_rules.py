"""General extraction rules on short made-up articles (none of them from the corpora)."""
from __future__ import annotations

import pytest

from builder.legacy.extract import extract_article
from builder.kb import load_kb
from builder.model import Article
from builder.legacy.nlp import paragraphs, parse_paragraphs


def extract(body: str, published: str = "2021-05-12"):  # a Wednesday
    art = Article(article_id="t", source="t.txt", body=body, sha256="x", published=published)
    paras = paragraphs(body)
    return extract_article(art, load_kb(), paras, parse_paragraphs(paras))


def events(facts, kind=None):
    return [e for e in facts.events if kind is None or e.kind == kind]


def test_a_romanised_korean_name_is_a_person_even_when_the_model_misses_it():
    facts = extract("Seoul's chief negotiator, Park Min-seok, met reporters in Seoul on Monday.")
    assert "person:park-minseok" in facts.entities


def test_title_before_a_name_gives_a_post_with_its_country():
    facts = extract("Japanese Foreign Minister Taro Yamada met US Secretary of State John Miller in Tokyo on Monday.")
    posts = {(r.subject, facts.entities[r.object].label) for r in facts.relations if r.predicate == "holdsPost"}
    assert ("person:john-miller", "Secretary of State (United States)") in posts
    assert any(s == "person:taro-yamada" and "Foreign Minister" in p for s, p in posts)


def test_meeting_verb_gives_participants_place_date_and_held_status():
    facts = extract("Japanese Foreign Minister Taro Yamada met US Secretary of State John Miller in Tokyo on Monday.")
    meeting = events(facts, "Meeting")[0]
    assert set(meeting.participants) == {"person:taro-yamada", "person:john-miller"}
    assert (meeting.location, meeting.start, meeting.status) == ("tokyo", "2021-05-10", "Held")


@pytest.mark.parametrize("sentence, status", [
    ("John Miller will meet Taro Yamada in Tokyo on Friday.", "Planned"),
    ("John Miller may visit Tokyo next week to meet Taro Yamada.", "Proposed"),
    ("Talks between John Miller and Taro Yamada, which were scheduled for Friday, were postponed.", "Postponed"),
])
def test_status_comes_from_tense_and_modality(sentence, status):
    facts = extract(sentence)
    assert {e.status for e in events(facts) if "person:john-miller" in e.participants} == {status}


def test_a_speculated_meeting_is_never_recorded_as_held():
    facts = extract("There is speculation that John Miller might try to meet North Korean officials in Panmunjom.")
    assert all(e.status != "Held" for e in events(facts))


def test_the_same_day_takes_the_date_just_named():
    facts = extract("On May 3, John Miller met Taro Yamada in Tokyo. Later the same day, John Miller met Kim Su-ho.")
    later = [e for e in events(facts) if "person:kim-suho" in e.participants]
    assert later and later[0].start == "2021-05-03"


def test_a_meeting_at_a_seat_of_government_is_in_its_city():
    facts = extract("John Miller met President Moon Jae-in at Cheong Wa Dae on Tuesday.")
    assert events(facts, "Meeting")[0].location == "seoul"


def test_capital_as_subject_holds_a_position_for_its_country():
    facts = extract("Washington demands a big deal, while Pyongyang wants a phased approach with sanctions relief.")
    held = {(p.holder, p.approach) for p in facts.positions}
    assert ("united-states", "BigDeal") in held and ("north-korea", "PhasedApproach") in held


def test_he_said_goes_to_the_main_clause_subject():
    facts = extract("John Miller gave a speech after Taro Yamada praised him. \"We are ready to talk,\" he said.")
    assert [(s.speaker, s.quote) for s in facts.statements] == [("person:john-miller", "We are ready to talk")]


def test_a_role_description_names_the_person_holding_that_post():
    facts = extract("Stephen Biegun, the US special representative for North Korea, arrived in Seoul. "
                    "South Korea's special representative, Lee Do-hoon, said he would meet his US counterpart soon.")
    pairs = {(r.subject, r.object) for r in facts.relations if r.predicate == "counterpart"}
    assert ("person:lee-dohun", "person:stephen-biegun") in pairs or ("person:stephen-biegun", "person:lee-dohun") in pairs


def test_aliases_become_other_names_but_metonyms_do_not():
    facts = extract("The DPRK said Pyongyang would not return to talks, the Democratic People's Republic of Korea said.")
    names = facts.entities["north-korea"].names
    assert "DPRK" in names and "Democratic People's Republic of Korea" in names and "Pyongyang" not in names


def test_a_reported_stance_belongs_to_the_subject_of_the_reported_clause():
    facts = extract("John Miller argued that Washington went to Geneva hoping to agree on a road map first.")
    assert ("united-states", "ComprehensiveAgreementStepByStep") in {(p.holder, p.approach) for p in facts.positions}


def test_a_parenthetical_he_said_is_not_the_subject_it_interrupts():
    facts = extract("John Miller spoke in Geneva on Monday. Taro Yamada, he said, is \"ready to talk at any time.\"")
    assert [(s.speaker, s.quote) for s in facts.statements] == [("person:john-miller", "ready to talk at any time.")]


def test_who_led_each_side_joins_the_meeting_just_named():
    facts = extract("The delegations sat down on Oct. 5 at a hotel in Geneva. John Miller led the American team; "
                    "Pyongyang's chief negotiator was Kim Su-ho.", published="2021-11-05")
    meeting = events(facts, "Meeting")[0]
    assert set(meeting.participants) == {"person:john-miller", "person:kim-suho"}
    assert (meeting.start, meeting.status) == ("2021-10-05", "Held")


def test_the_word_talks_itself_does_not_make_talks_merely_proposed():
    facts = extract("John Miller held talks with Taro Yamada in Geneva on Monday. "
                    "Kim Su-ho is scheduled to hold talks with Taro Yamada in Tokyo on Friday.")
    status = {frozenset(e.participants): e.status for e in events(facts, "Talks")}
    assert status[frozenset({"person:john-miller", "person:taro-yamada"})] == "Held"
    assert status[frozenset({"person:kim-suho", "person:taro-yamada"})] == "Planned"


@pytest.mark.parametrize("text", [
    "Kim Su-ho flew to Tokyo on Monday. The two envoys reviewed the state of the negotiations.",
    "Kim Su-ho discussed the sanctions with Taro Yamada on Monday.",
])
def test_a_deliberation_verb_with_both_sides_named_is_held_talks(text):
    facts = extract("Kim Su-ho will hold talks with Taro Yamada. " + text if "two envoys" in text else text)
    held = [e for e in events(facts, "Talks") if e.status == "Held"]
    assert held and set(held[0].participants) >= {"person:kim-suho", "person:taro-yamada"}


def test_a_deliberation_verb_without_a_partner_is_no_meeting():
    facts = extract("John Miller discussed the sanctions at length in an interview on Monday.")
    assert not events(facts)


def test_a_place_in_a_clause_about_something_else_is_not_where_the_meeting_is():
    facts = extract("John Miller will meet Taro Yamada days after protesters blocked a bridge in Tokyo.")
    assert [e.location for e in events(facts, "Meeting")] == [None]
    facts = extract("John Miller met Taro Yamada at a hotel in Tokyo on Monday.")
    assert [e.location for e in events(facts, "Meeting")] == ["tokyo"]


def test_an_event_postponed_in_its_object_does_not_postpone_the_discussion():
    facts = extract("John Miller and Taro Yamada will discuss the summit, which was postponed last week.")
    assert {e.status for e in events(facts, "Talks")} == {"Planned"}


def test_a_one_person_mention_far_away_is_not_merged_into_a_named_meeting():
    filler = " ".join(["Analysts in the region have long debated what the sanctions achieve."] * 12)
    facts = extract("John Miller and Kim Su-ho agreed to meet again. " + filler +
                    " John Miller will go home after his consultations in Geneva.")
    meeting = [e for e in events(facts) if "person:kim-suho" in e.participants][0]
    assert meeting.location is None


VISIT = ("Kim Su-ho, South Korea's vice foreign minister, landed in Tokyo on Monday. "
         "Taro Yamada, Japan's foreign minister, ")


def test_a_meeting_placed_nowhere_is_where_the_visitor_is_with_officials_of_that_country():
    facts = extract(VISIT + "said he would meet Kim on Thursday.")
    meeting = [e for e in events(facts) if e.kind != "Visit"][0]
    assert (meeting.location, meeting.status) == ("tokyo", "Planned")
    assert facts.events[meeting.part_of].kind == "Visit"


def test_a_visit_that_is_over_does_not_place_a_meeting_to_come():
    facts = extract("Kim Su-ho, South Korea's vice foreign minister, visited Tokyo last month. "
                    "Taro Yamada, Japan's foreign minister, said he would meet Kim again.", published="2021-05-12")
    meeting = [e for e in events(facts) if e.kind != "Visit"][0]
    assert meeting.location is None


def test_returning_from_a_trip_makes_the_subject_the_traveller():
    facts = extract("Kim Su-ho returned home on Saturday from a short trip to Tokyo.")
    assert events(facts, "Visit")[0].participants == ["person:kim-suho"]


def test_a_participial_speaking_at_places_the_address_and_a_campus_is_in_its_town():
    facts = extract("Speaking at Stanford University, John Miller gave his first public address as envoy.")
    assert [e.location for e in events(facts, "Speech")] == ["stanford"]


def test_a_date_in_a_since_clause_is_not_the_date_of_the_event():
    facts = extract("John Miller gave his first public address in Tokyo since the president named him in March 2020.")
    speech = events(facts, "Speech")[0]
    assert speech.start is None and speech.location == "tokyo"


def test_remarks_made_at_a_briefing_mean_the_briefing_took_place_on_the_day_they_were_made():
    facts = extract("A senior Japanese diplomat said Monday that Tokyo would not yield.\n"
                    "Taro Yamada made the remarks at a hastily arranged briefing in Tokyo for foreign reporters.")
    briefing = events(facts, "Briefing")[0]
    assert (briefing.location, briefing.start, briefing.status) == ("tokyo", "2021-05-10", "Held")


def test_an_address_takes_the_date_its_speaker_said_things_just_before():
    facts = extract("John Miller said Tuesday that the sanctions would stay. "
                    "Speaking in Tokyo, Miller gave his first public address since taking office.")
    speech = events(facts, "Speech")[0]
    assert (speech.start, speech.status) == ("2021-05-11", "Held")


def test_another_named_speakers_date_is_not_the_address_date():
    facts = extract("Taro Yamada said Tuesday that the sanctions would stay. "
                    "Speaking in Tokyo, John Miller gave his first public address since taking office.")
    assert events(facts, "Speech")[0].start is None


NEWS = ("The summit between Taro Yamada and Kim Su-ho ended in Tokyo on Monday without a deal. "
        "Hours later, Seoul's foreign minister called a news conference to dispute Tokyo's account. ")


def test_calling_a_news_conference_hours_later_is_held_by_the_caller_that_day():
    facts = extract(NEWS + "South Korean Foreign Minister Park Min-seok spoke first.\n"
                    "South Korean Vice Foreign Minister Lee Su-jin stood beside him.")
    conf = events(facts, "PressConference")[0]
    assert (conf.participants, conf.start, conf.status) == (["person:park-minseok"], "2021-05-10", "Held")


def test_hours_later_after_midnight_is_the_next_day():
    facts = extract(NEWS.replace("news conference", "news conference after midnight") +
                    "South Korean Foreign Minister Park Min-seok spoke first.")
    assert events(facts, "PressConference")[0].start == "2021-05-11"


def test_appearing_before_reporters_at_a_venue_is_a_news_conference_there():
    facts = extract("Late on Monday, South Korean Foreign Minister Park Min-seok appeared before reporters at the Melia Hotel.")
    conf = events(facts, "PressConference")[0]
    assert (conf.participants, conf.location, conf.status) == (["person:park-minseok"], "melia-hotel", "Held")


def test_calling_talks_something_is_not_taking_part_in_them():
    facts = extract("Park Min-seok called the talks between Taro Yamada and Kim Su-ho productive.")
    assert all("person:park-minseok" not in e.participants for e in events(facts))


def test_bodies_named_as_a_delegation_take_part_in_the_meeting_just_named():
    facts = extract("Japanese Foreign Minister Taro Yamada will meet US Secretary of State John Miller in Tokyo on Friday. "
                    "Officials from the State Department are traveling with Miller, "
                    "while the Japanese side will include the Ministry of Defense.")
    meeting = events(facts, "Meeting")[0]
    bodies = {facts.entities[p].label for p in meeting.participants if facts.entities[p].kind != "person"}
    assert "United States Department of State" in bodies
    assert any("Defense" in b for b in bodies)


def test_officials_travelling_with_someone_outside_the_meeting_do_not_join_it():
    facts = extract("Japanese Foreign Minister Taro Yamada will meet US Secretary of State John Miller in Tokyo on Friday. "
                    "Officials from the State Department are traveling with Kim Su-ho.")
    assert all(facts.entities[p].kind == "person" for p in events(facts, "Meeting")[0].participants)
