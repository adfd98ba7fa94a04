"""Events: frames, the argument reader, status cues and reconciliation, on invented text.

Each case is a short invented text (other regions: Oslo, Nairobi, Lima, Ottawa ...), a
publication date, the events it must give and the events it must not give. Dates in the
texts are mostly written out ("on March 7") so the cases test the event reader, not the
time layer; the participants are named in full, so they test the event reader, not
coreference.
"""
from __future__ import annotations

import pytest

from builder.extract import extract_article
from builder.model import Article
from builder.nlp import parse_article

SUPER = {"Talks": "Meeting", "Summit": "Meeting", "WorkingGroupMeeting": "Meeting"}


def _country_known(name: str) -> bool:
    from builder.nlp import parse_text
    from builder.nlp.layers import MENTIONS

    doc = parse_text(f"{name} agreed.", "2025-03-04")
    return any(s.label_ == "country" for s in doc.spans[MENTIONS])


def _titles_known() -> bool:
    from builder.nlp import parse_text
    from builder.nlp.layers import TITLES

    doc = parse_text("President Luis Vega agreed.", "2025-03-04")
    return any(s._.post is not None and s._.post.holder for s in doc.spans[TITLES])


def _ranges_known() -> bool:
    from builder.nlp import parse_text
    from builder.nlp.layers import TIME

    doc = parse_text("Maria Lopez will visit Ottawa from March 10 to 12.", "2025-03-04")
    return any(s._.time is not None and s._.time.end for s in doc.spans[TIME])


needs_titles = pytest.mark.skipif(not _titles_known(), reason="the titles layer does not name holders yet")
needs_ranges = pytest.mark.skipif(not _ranges_known(), reason="the time layer does not read ranges yet")


def needs_countries(*names):
    """Cases whose facts name countries need the mention layer to know them as countries."""
    return pytest.mark.skipif(not all(_country_known(n) for n in names),
                              reason=f"the mention layer does not know {', '.join(names)} as countries yet")


def read(text: str, published: str = "2025-03-04"):
    art = Article(article_id="case", source="case.txt", body=text, sha256="", published=published)
    doc = parse_article(art)
    facts = extract_article(art, doc)
    assert not facts.warnings, facts.warnings
    return facts


def _label(facts, key):
    rec = facts.entities.get(key)
    return {n.lower() for n in ({rec.label} | rec.names)} if rec else {key.lower()}


def _matches(facts, ev, want: dict) -> bool:
    for field, value in want.items():
        if field == "class":
            if value not in (ev.kind, SUPER.get(ev.kind)):
                return False
        elif field in ("participants", "participants_exactly"):
            names = [_label(facts, p) for p in ev.participants]
            if not all(any(v.lower() in n for n in names) for v in value):
                return False
            if field == "participants_exactly" and len(names) != len(value):
                return False
        elif field == "place":
            if ev.location is None or value.lower() not in _label(facts, ev.location):
                return False
        elif field == "requested_by":
            if not any(value.lower() in _label(facts, r) for r in [ev.requested_by, *ev.requesters] if r):
                return False
        elif field == "outcome":
            if not ev.outcome or value.lower() not in ev.outcome.lower():
                return False
        elif field == "time_expression":
            if not ev.time_expression or value.lower() not in ev.time_expression.lower():
                return False
        elif field == "part_of":
            if ev.part_of is None or facts.events[ev.part_of].kind != value:
                return False
        elif getattr(ev, field) != value:
            return False
    return True


def check(text, published="2025-03-04", expect=(), reject=(), count=None):
    facts = read(text, published)
    shown = [(e.kind, e.status, e.participants, e.location, e.start, e.end, e.time_expression, e.requesters,
              e.outcome) for e in facts.events]
    for want in expect:
        assert any(_matches(facts, e, want) for e in facts.events), f"missing {want} in {shown}"
    for bad in reject:
        assert not any(_matches(facts, e, bad) for e in facts.events), f"unexpected {bad} in {shown}"
    if count is not None:
        assert len(facts.events) == count, shown
    return facts


# -- meetings: verbs, light verbs, nouns ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Trade Commissioner Elena Rossi met Finance Minister Lars Holm in Oslo on March 3.",
    "Elena Rossi held talks with Lars Holm in Oslo on March 3.",
    "Elena Rossi sat down with Lars Holm in Oslo on March 3.",
    "Elena Rossi and Lars Holm conferred in Oslo on March 3.",
    "Elena Rossi had a meeting with Lars Holm in Oslo on March 3.",
    "On March 3, Elena Rossi held consultations in Oslo with her counterpart, Lars Holm.",
])
def test_meeting_held(text):
    check(text, expect=[{"class": "Meeting", "participants": ["Elena Rossi", "Lars Holm"], "place": "Oslo",
                         "start": "2025-03-03", "status": "Held"}], count=1)


@pytest.mark.parametrize("text", [
    "Foreign Minister Maria Lopez will meet Deputy Minister Jorge Castillo in Lima on March 7.",
    "Maria Lopez is due to meet Jorge Castillo in Lima on March 7.",
    "Maria Lopez is expected to hold talks with Jorge Castillo in Lima on March 7.",
    "Maria Lopez plans to meet Jorge Castillo in Lima on March 7.",
    "Maria Lopez is scheduled to sit down with Jorge Castillo in Lima on March 7.",
    "Maria Lopez is set to meet Jorge Castillo in Lima on March 7.",
])
def test_meeting_planned(text):
    check(text, expect=[{"class": "Meeting", "participants": ["Maria Lopez", "Jorge Castillo"], "place": "Lima",
                         "start": "2025-03-07", "status": "Planned"}],
          reject=[{"status": "Held"}])


def test_a_venue_gives_its_city():
    check("Maria Lopez met Jorge Castillo at the Foreign Ministry in Lima on March 3.",
          expect=[{"participants": ["Maria Lopez", "Jorge Castillo"], "place": "Lima", "status": "Held"}])


def test_coordinated_subjects_chairing():
    check("Deputy Minister Anne Roy and Undersecretary Jorge Castillo jointly chaired the trade commission "
          "session in Santiago on March 3.",
          expect=[{"participants": ["Anne Roy", "Jorge Castillo"], "place": "Santiago", "status": "Held",
                   "start": "2025-03-03"}])


def test_joined_by_opens_a_second_meeting():
    facts = check("On March 10 Ingrid Berg will sit down with Jorge Castillo. The two envoys will then be joined "
                  "by Kari Dahl of Norway for three-way consultations.",
                  expect=[{"participants_exactly": ["Ingrid Berg", "Jorge Castillo"], "status": "Planned"}])
    assert not any(len(e.participants) == 3 and set(e.participants) <= {"person:ingrid-berg", "person:pablo-rojas"}
                   for e in facts.events)


def test_separate_meetings_are_separate():
    check("On March 3 Elena Rossi met Lars Holm in Oslo. On March 2 Elena Rossi met Kari Dahl in Bergen.",
          expect=[{"participants_exactly": ["Elena Rossi", "Lars Holm"], "start": "2025-03-03", "place": "Oslo"},
                  {"participants_exactly": ["Elena Rossi", "Kari Dahl"], "start": "2025-03-02", "place": "Bergen"}],
          count=2)


def test_one_clause_several_places_each_with_its_day():
    check("Maria Lopez and Jorge Castillo met in Quito on January 14, in Bogota on February 2, and in Lima in "
          "February.", published="2025-03-04",
          expect=[{"place": "Quito", "start": "2025-01-14"}, {"place": "Bogota", "start": "2025-02-02"},
                  {"place": "Lima", "start": "2025-02"}],
          reject=[{"place": "Lima", "start": "2025-02-02"}])


def test_a_video_call_is_a_meeting():
    check("On February 20 Maria Lopez held a video call with Jorge Castillo.",
          expect=[{"class": "Meeting", "participants": ["Maria Lopez", "Jorge Castillo"], "status": "Held",
                   "start": "2025-02-20"}])


def test_received_by():
    check("Maria Lopez was received by President Luis Vega in Lima on March 3.",
          expect=[{"participants": ["Maria Lopez", "Luis Vega"], "status": "Held", "place": "Lima"}])


@pytest.mark.parametrize("text", [
    "Maria Lopez received a letter from Jorge Castillo on March 3.",
    "Maria Lopez saw no reason to change course.",
    "Maria Lopez called on Chile to return to the table.",
])
def test_not_a_meeting(text):
    check(text, count=0)


# -- status cues ----------------------------------------------------------------------------

def test_the_modal_governs_every_conjunct():
    check("On March 7 Mayor Olav Berg will tour the port, address the assembly and meet Governor Kari Dahl.",
          expect=[{"class": "Meeting", "participants": ["Olav Berg", "Kari Dahl"], "status": "Planned"}],
          reject=[{"status": "Held"}])


@pytest.mark.parametrize("text,status", [
    ("The talks between Maria Lopez and Jorge Castillo on March 7 have been postponed.", "Postponed"),
    ("The talks between Maria Lopez and Jorge Castillo on March 7 were put back.", "Postponed"),
    ("The talks between Maria Lopez and Jorge Castillo on March 7 have been pushed back.", "Postponed"),
    ("The talks between Maria Lopez and Jorge Castillo on March 7 were called off.", "Cancelled"),
    ("The talks between Maria Lopez and Jorge Castillo on March 7 were cancelled.", "Cancelled"),
    ("The talks between Maria Lopez and Jorge Castillo on March 7 have been scrapped.", "Cancelled"),
])
def test_postponed_and_cancelled(text, status):
    check(text, expect=[{"participants": ["Maria Lopez", "Jorge Castillo"], "status": status}],
          reject=[{"status": "Held"}, {"status": "Planned"}])


@pytest.mark.parametrize("text", [
    "Maria Lopez may meet Jorge Castillo next month.",
    "Maria Lopez offered to meet Jorge Castillo.",
    "Maria Lopez proposed talks with Jorge Castillo.",
    "Maria Lopez said she would be willing to meet Jorge Castillo.",
    "Jorge Castillo floated the possibility of a meeting with Maria Lopez.",
])
def test_proposed(text):
    check(text, expect=[{"status": "Proposed"}], reject=[{"status": "Held"}, {"status": "Planned"}])


@pytest.mark.parametrize("text", [
    "Maria Lopez did not meet Jorge Castillo in Lima.",
    "No meeting between Maria Lopez and Jorge Castillo has been arranged.",
    "An official said no visit to the border was being arranged for Maria Lopez.",
    "Maria Lopez will meet Jorge Castillo only if the two teams meet first.",
    "Maria Lopez mocked remarks on a fourth round of talks.",
    "Maria Lopez will never visit Lima.",
])
def test_no_event(text):
    facts = read(text)
    assert not any(e.status == "Held" for e in facts.events)
    if "only if" not in text:
        assert not facts.events, [(e.kind, e.status, e.participants) for e in facts.events]


@needs_countries("Chile", "Peru")
def test_a_relative_clause_cancels_and_names_the_requester():
    check("Negotiators of Chile and Peru were to resume their talks, which had been fixed for February 25 but "
          "were scrapped at Chile's request.",
          expect=[{"status": "Cancelled", "requested_by": "Chile"}],
          reject=[{"status": "Held"}, {"status": "Planned"}])


@needs_countries("Norway", "Kenya")
def test_at_the_request_of_two_countries():
    check("The council held a closed-door session on March 3 at the request of Norway and Kenya.",
          expect=[{"status": "Held", "start": "2025-03-03", "requested_by": "Norway"},
                  {"requested_by": "Kenya"}],
          reject=[{"place": "Norway"}])


def test_at_the_invitation_of():
    check("Foreign Minister Maria Lopez will visit Ottawa from March 10 to 12 at the invitation of Foreign "
          "Minister Claire Martin.",
          expect=[{"class": "Visit", "participants": ["Maria Lopez"], "place": "Ottawa", "status": "Planned",
                   "start": "2025-03-10", "requested_by": "Claire Martin"}],
          reject=[{"participants": ["Claire Martin"]}])


def test_invited_to_visit_is_proposed_by_the_inviter():
    check("President Luis Vega invited Prime Minister Kari Dahl to visit Lima.",
          expect=[{"class": "Visit", "participants": ["Kari Dahl"], "status": "Proposed",
                   "requested_by": "Luis Vega"}],
          reject=[{"status": "Held"}, {"start": "2025-03-04"}])


def test_a_passive_matrix_verb_after_the_talks():
    check("The comments were released after Elena Rossi's talks with Lars Holm in Oslo on March 3.",
          expect=[{"participants": ["Elena Rossi", "Lars Holm"], "status": "Held", "place": "Oslo",
                   "start": "2025-03-03"}])


# -- time across clauses ----------------------------------------------------------------------

def test_before_sitting_down_takes_the_day():
    check("On March 3 Elena Rossi saw Finance Minister Lars Holm before sitting down with Governor Kari Dahl.",
          expect=[{"participants": ["Elena Rossi", "Lars Holm"], "start": "2025-03-03", "status": "Held"},
                  {"participants": ["Elena Rossi", "Kari Dahl"], "start": "2025-03-03", "status": "Held"}])


def test_that_afternoon_takes_the_day_before_it():
    check("Maria Lopez will fly to Lima on March 10 and hold talks with Jorge Castillo that afternoon.",
          expect=[{"class": "Visit", "participants": ["Maria Lopez"], "place": "Lima", "start": "2025-03-10",
                   "status": "Planned"},
                  {"class": "Meeting", "participants": ["Maria Lopez", "Jorge Castillo"], "start": "2025-03-10",
                   "status": "Planned", "place": "Lima"}])


# -- visits ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    pytest.param("Maria Lopez will visit Ottawa from March 10 to 12.", marks=needs_ranges),
    "Maria Lopez will travel to Ottawa on March 10 and stay until March 12.",
    "Maria Lopez will arrive in Ottawa on March 10 for a three-day visit.",
    "Maria Lopez is due to arrive in Ottawa on March 10 and will remain in the city until March 12.",
])
def test_visit_span(text):
    check(text, expect=[{"class": "Visit", "participants": ["Maria Lopez"], "place": "Ottawa",
                         "start": "2025-03-10", "end": "2025-03-12", "status": "Planned"}])


def test_headed_to_starts_a_visit():
    check("Maria Lopez headed to Quito on March 1.", expect=[{"class": "Visit", "place": "Quito",
                                                            "start": "2025-03-01", "status": "Held"}])


def test_a_meeting_within_a_visit():
    check("Maria Lopez arrived in Ottawa on March 2 for a four-day visit. On March 3 Maria Lopez met Claire "
          "Martin.",
          expect=[{"class": "Visit", "start": "2025-03-02", "end": "2025-03-05"},
                  {"class": "Meeting", "participants": ["Maria Lopez", "Claire Martin"], "place": "Ottawa",
                   "part_of": "Visit", "start": "2025-03-03"}])


@needs_countries("Peru")
def test_capital_of_a_country():
    check("Maria Lopez met Jorge Castillo in the Peruvian capital on March 3.",
          expect=[{"place": "Lima", "status": "Held"}])


# -- one event per real event ---------------------------------------------------------------

def test_one_event_reported_three_times():
    facts = check(
        "Lars Holm's March 7 session with Deputy Minister Jorge Castillo has been put back, the ministry said. "
        "A notice said the Geneva session would be rescheduled. Lars Holm had been due to fly to Geneva with "
        "envoy Kari Dahl to see Jorge Castillo.",
        # put back with no new date: the original date stays the start, read with the status
        expect=[{"class": "Meeting", "participants": ["Lars Holm", "Jorge Castillo"], "status": "Postponed",
                 "start": "2025-03-07"},
                {"class": "Visit", "participants": ["Lars Holm", "Kari Dahl"], "place": "Geneva"}],
        reject=[{"class": "Meeting", "status": "Planned"}, {"class": "Meeting", "time_expression": "originally"}])
    assert sum(e.kind in ("Meeting", "Talks") for e in facts.events) == 1


def test_moved_to_a_new_date():
    check("Maria Lopez and Jorge Castillo were to sit down on March 8. Aides said on Monday that the meeting "
          "with Jorge Castillo had been moved to March 9.",
          expect=[{"participants": ["Maria Lopez", "Jorge Castillo"], "status": "Postponed", "start": "2025-03-09",
                   "time_expression": "originally"}],
          reject=[{"start": "2025-03-08"}, {"status": "Held"}], count=1)


def test_the_outcome_goes_to_the_talks_named():
    check("Elena Rossi met Lars Holm in Oslo on March 3. The talks ended without an agreement.",
          expect=[{"participants": ["Elena Rossi", "Lars Holm"], "outcome": "without an agreement"}], count=1)


def test_concluded_with_diverging_accounts():
    check("Elena Rossi and Lars Holm concluded their negotiations in Oslo on March 3 with diverging accounts.",
          expect=[{"status": "Held", "outcome": "diverging accounts", "place": "Oslo"}])


@needs_titles
def test_two_heads_of_state_hold_a_summit():
    check("President Luis Vega met Prime Minister Kari Dahl in Lima on March 3.",
          expect=[{"class": "Summit", "participants": ["Luis Vega", "Kari Dahl"], "status": "Held"}])


@needs_titles
def test_a_summit_noun_with_its_host():
    check("President Luis Vega welcomed Prime Minister Kari Dahl and President Marta Silva to Cusco on March 1 "
          "for the first summit the pair had held in a decade.",
          expect=[{"class": "Summit", "participants": ["Luis Vega", "Kari Dahl", "Marta Silva"], "status": "Held",
                   "start": "2025-03-01"}])


def test_a_planned_summit_without_a_day():
    check("An Andean leaders' summit is due to take place in Quito at the end of this month.",
          expect=[{"class": "Summit", "place": "Quito", "status": "Planned"}],
          reject=[{"start": "2025-03-31"}, {"start": "2025-03-04"}])


def test_due_to_land_for_a_visit():
    check("Jorge Castillo, whom President Luis Vega named last month as envoy for trade, is due to land in Ottawa "
          "on March 8 for a five-day visit.",
          expect=[{"class": "Visit", "participants": ["Jorge Castillo"], "start": "2025-03-08",
                   "end": "2025-03-12", "status": "Planned"}],
          reject=[{"status": "Held"}])


def test_arrived_at_a_decision_is_no_visit():
    check("Maria Lopez arrived at a decision on March 3.", count=0)


def test_a_separate_session_is_another_meeting():
    facts = check("On March 10 Kari Dahl will be joined by Olav Berg for talks. Kari Dahl and Olav Berg are also "
                  "going to have a separate one-on-one session the same day.",
                  expect=[{"participants_exactly": ["Kari Dahl", "Olav Berg"], "status": "Planned"}])
    assert sum(e.kind in ("Meeting", "Talks") for e in facts.events) == 2


def test_a_described_event_is_no_anaphor():
    facts = check("Maria Lopez met Jorge Castillo in Lima on March 3. Years ago Jorge Castillo attended the "
                  "four-nation fisheries talks.",
                  expect=[{"participants": ["Maria Lopez", "Jorge Castillo"], "start": "2025-03-03",
                           "status": "Held"}])
    assert len(facts.events) == 2


def test_what_they_agreed_at_their_summit_was_held():
    check("Maria Lopez will carry out what President Luis Vega and Prime Minister Kari Dahl agreed at their "
          "Cusco summit on March 1.",
          expect=[{"class": "Meeting", "status": "Held", "start": "2025-03-01", "place": "Cusco"}],
          reject=[{"status": "Planned"}])


def test_separate_meetings_with_a_list_are_one_each():
    facts = check("On the sidelines of the forum, Elena Rossi held separate meetings with Lars Holm, Kari Dahl and "
                  "Olav Berg on March 3.",
                  expect=[{"participants_exactly": ["Elena Rossi", "Lars Holm"], "start": "2025-03-03"},
                          {"participants_exactly": ["Elena Rossi", "Kari Dahl"], "start": "2025-03-03"},
                          {"participants_exactly": ["Elena Rossi", "Olav Berg"], "start": "2025-03-03"}])
    assert not any(len(e.participants) > 2 for e in facts.events)


def test_the_same_day_is_the_day_of_the_last_meeting():
    check("Elena Rossi flew in on March 2. On March 3 Elena Rossi met Lars Holm in Oslo. Kari Dahl and Olav Berg "
          "also held a separate session the same day.",
          expect=[{"participants_exactly": ["Kari Dahl", "Olav Berg"], "start": "2025-03-03", "status": "Held"}])


def test_a_clause_with_its_own_subject_keeps_its_own_tense():
    check("Maria Lopez said Chile is ready, but that negotiations remain the only path.", count=0)


def test_called_on_to_return_to_talks_is_a_proposal():
    check("The ministers called on Lima to return to talks.", reject=[{"status": "Held"}])


def test_the_session_is_the_meeting_of_the_sentence_before():
    check("Olav Berg and Kari Dahl met in Oslo on March 3. Lars Holm chaired the session.",
          expect=[{"participants": ["Olav Berg", "Kari Dahl", "Lars Holm"], "start": "2025-03-03", "place": "Oslo"}],
          count=1)


@needs_titles
def test_apposition_to_a_plural_noun_hung_elsewhere():
    check("On March 3 Lars Holm sat down with his counterparts, Trade Adviser Rosa Diaz and Elena Rossi.",
          expect=[{"participants": ["Lars Holm", "Rosa Diaz", "Elena Rossi"], "status": "Held"}])


def test_joined_for_a_luncheon_is_a_meeting_of_its_own():
    facts = check("Lars Holm met Elena Rossi on March 3. Lars Holm and Elena Rossi were joined that day for a "
                  "working luncheon by Kari Dahl.",
                  expect=[{"participants_exactly": ["Lars Holm", "Elena Rossi"], "start": "2025-03-03"},
                          {"participants": ["Lars Holm", "Elena Rossi", "Kari Dahl"], "status": "Held"}])
    assert len(facts.events) == 2


def test_a_lone_country_before_the_event_noun_is_its_place():
    facts = check("Luis Vega recalled their Singapore summit in 2018.", published="2025-03-04")
    assert not any("singapore" in p for e in facts.events for p in e.participants)


def test_a_stay_places_the_visit_before_the_onward_trip():
    check("Maria Lopez arrived on March 2 for a three-day visit. Maria Lopez is scheduled to stay in Ottawa "
          "through March 4 before flying to Boston for consultations.",
          expect=[{"class": "Visit", "place": "Ottawa", "start": "2025-03-02", "end": "2025-03-04"},
                  {"class": "Visit", "place": "Boston", "status": "Planned"}])


def test_a_which_clause_hung_on_a_name_belongs_to_the_talks():
    check("Lars Holm and Elena Rossi will discuss the prospect of talks between Minister Kari Dahl and Olav Berg, "
          "which were postponed last week. Norway requested a postponement of the meeting.",
          expect=[{"participants": ["Kari Dahl", "Olav Berg"], "status": "Postponed", "requested_by": "Norway"}]
          if _country_known("Norway") else
          [{"participants": ["Kari Dahl", "Olav Berg"], "status": "Postponed"}])


def test_co_chaired_by_two_titled_officials():
    check("On June 10 Deputy Minister Ana Castro and Assistant Secretary Pedro Vidal co-chaired the third meeting "
          "of the fisheries council in Lima.",
          expect=[{"participants": ["Ana Castro", "Pedro Vidal"], "place": "Lima", "start": "2025-06-10",
                   "status": "Held"}], published="2025-08-18")


def test_joined_them_adds_to_the_meeting():
    check("Lars Holm and Elena Rossi met in Oslo on March 3. Kari Dahl joined the two ministers.",
          expect=[{"participants": ["Lars Holm", "Elena Rossi"], "start": "2025-03-03"}],
          reject=[{"participants_exactly": ["Kari Dahl"]}])


def test_events_of_one_clause_get_nodes_of_their_own():
    facts = read("Maria Lopez and Jorge Castillo met in Quito on January 14 and in Bogota on February 2.")
    keys = [(e.kind, e.evidence[0].start, e.trigger, *e.participants) for e in facts.events]
    assert len(facts.events) == 2 and len(set(keys)) == 2


def test_a_participle_takes_the_day_of_its_verb():
    check("President Luis Vega named a new envoy on March 1, wrapping up a summit with Prime Minister Kari Dahl.",
          expect=[{"participants": ["Luis Vega", "Kari Dahl"], "start": "2025-03-01", "status": "Held"}])


@needs_titles
def test_two_stacked_titles_joined_by_and_chair_together():
    check("On June 10 Deputy Minister for Fisheries Policy Ana Castro and Acting Assistant Secretary of Trade for "
          "Ocean Policy Pedro Vidal co-chaired the third meeting of the council in Lima.",
          expect=[{"participants": ["Ana Castro", "Pedro Vidal"], "place": "Lima", "status": "Held"}],
          published="2025-08-18")


def test_it_was_dropped_cancels_the_main_event_before():
    check("The two ministers had planned a joint press conference after their meeting in Lima. It was dropped "
          "after Maria Lopez objected to the agenda.",
          expect=[{"class": "PressConference", "status": "Cancelled", "requested_by": "Maria Lopez"}],
          reject=[{"class": "PressConference", "status": "Planned"}])


def test_there_is_the_last_place_named_as_a_place():
    check("Before leaving for Ottawa on March 4, Maria Lopez said she would discuss trade between Chile and Peru "
          "during her three-day visit there.",
          expect=[{"class": "Visit", "place": "Ottawa"}], reject=[{"place": "Peru"}, {"place": "Chile"}])


def test_remarks_made_at_a_briefing_take_the_day_of_the_saying():
    check("Trade Minister Maria Lopez said on March 3 that talks would resume. Maria Lopez made the remarks at a "
          "briefing in Lima for foreign diplomats.",
          expect=[{"class": "Briefing", "start": "2025-03-03", "place": "Lima", "status": "Held"}])


@needs_countries("Chile", "Peru", "Kenya")
def test_request_of_members_among_them():
    check("The council met in Oslo on March 3 at the request of six of its members, among them Chile, Peru and "
          "Kenya.",
          expect=[{"requested_by": "Chile"}, {"requested_by": "Peru"}, {"requested_by": "Kenya"}])


def test_a_visit_span_fixes_no_day_for_its_meetings():
    check("Maria Lopez will visit Ottawa from March 10 to 12 to hold consultations with Claire Martin.",
          reject=[{"class": "Meeting", "start": "2025-03-10"}])


def test_a_visit_takes_the_city_of_the_meeting_within_it():
    check("Maria Lopez arrived on March 2 for a four-day visit. On March 3 Maria Lopez met Claire Martin in Ottawa.",
          expect=[{"class": "Visit", "place": "Ottawa", "start": "2025-03-02"},
                  {"class": "Meeting", "place": "Ottawa", "part_of": "Visit"}])


def test_a_summit_that_collapsed_in_a_month_is_dated_by_it():
    check("Lars Holm said the Bergen summit collapsed in February.",
          expect=[{"class": "Summit", "start": "2025-02", "status": "Held", "outcome": "collapsed"}])


def test_an_event_noun_as_the_object_of_another_verb():
    check("The ministry sought to play down the trip of Maria Lopez.", reject=[{"status": "Proposed"}])
    check("Jorge Castillo will criticise the summit.", reject=[{"status": "Planned"}])


def test_returned_from_a_trip_ends_it():
    check("Maria Lopez returned home on March 1 from a short trip to Ottawa.",
          expect=[{"class": "Visit", "place": "Ottawa", "end": "2025-03-01", "status": "Held"}],
          reject=[{"start": "2025-03-01"}])
