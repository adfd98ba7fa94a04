"""Statements on invented text (builder/extract/statements.py, builder/patterns/reporting.yaml)."""
from __future__ import annotations

import pytest

from builder.extract import extract_article
from builder.extract.quotations import quotes_in
from builder.model import Article, EntityRecord
from builder.nlp import parse_article


def facts_of(text: str, published: str = "2025-03-04"):
    art = Article(article_id="t", source="t.txt", body=text, sha256="", published=published)
    doc = parse_article(art)
    return doc, extract_article(art, doc)


def statements(text: str, published: str = "2025-03-04"):
    return facts_of(text, published)[1].statements


def said(text: str) -> list[tuple[str, str | None]]:
    return [(s.speaker, s.quote) for s in statements(text)]


def _turns_are_read() -> bool:
    doc, _ = facts_of("MINISTER INGRID BERG: We are ready.\n")
    return any(b.kind == "turn" for b in doc._.blocks)


needs_turns = pytest.mark.skipif(not _turns_are_read(), reason="the layout does not mark transcript turns yet")


# --- quotations ------------------------------------------------------------------------------------

def test_quotation_marks_of_every_kind():
    text = 'He said “we are ready” and "they are not", calling it ‘a long road ahead’ with Norway’s help.'
    got = [text[q.start:q.end] for q in quotes_in(text)]
    assert got == ["we are ready", "they are not", "a long road ahead"]
    unclosed = quotes_in("“We will go on. And on.")
    assert len(unclosed) == 1 and not unclosed[0].closed


def test_reporting_verb_after_the_quotation():
    got = said('"We are ready to sign the accord," Norwegian Trade Minister Lars Holm said on Tuesday.')
    assert got == [("person:lars-holm", "We are ready to sign the accord")]


def test_reporting_verb_before_the_quotation_and_inverted():
    assert said('Envoy Pablo Rojas said the plan was "dead on arrival."') == [("person:pablo-rojas", "dead on arrival.")]
    assert said('"The door remains open," said Deputy Minister Amina Odhiambo.') == [
        ("person:amina-odhiambo", "The door remains open")]


def test_a_quotation_standing_alone_carries_the_previous_speaker():
    text = ('"We will not pay," Finance Minister Kari Dahl told reporters in Bergen. '
            '"The fund is closed."\n\n"Nobody asked us."\n')
    got = said(text)
    assert ("person:kari-dahl", "We will not pay") in got
    assert ("person:kari-dahl", "The fund is closed.") in got
    assert ("person:kari-dahl", "Nobody asked us.") in got


def test_a_quotation_without_a_speaker_is_nobodys():
    assert said('The slogan "peace in our time" was painted on the wall.') == []


def test_quoted_as_saying_gives_the_object():
    got = said('The Nordic Wire quoted Minister Ingrid Berg as saying "the talks were useful."')
    assert got and all(s == "person:ingrid-berg" for s, _ in got)


def test_according_to():
    got = said('The accord is "a first step," according to Senator Ana Ruiz.')
    assert got == [("person:ana-ruiz", "a first step,")] or got == [("person:ana-ruiz", "a first step")]


def test_statement_date_from_the_reporting_verb():
    st = statements('"We are ready," Minister Lars Holm said on Monday.', "2025-03-05")
    assert [s.date for s in st] == ["2025-03-03"]


def test_topics_come_from_the_issues_layer():
    st = statements('"The sanctions must stay until the missile launches stop," Envoy Pablo Rojas said.')
    assert st and set(st[0].topics) == {"Sanctions", "WeaponsTesting"}


# --- reported speech ---------------------------------------------------------------------------------

def test_reported_speech_is_about_the_people_it_names():
    st = statements("Deputy Minister Amina Odhiambo said she takes no orders from Lars Holm.")
    assert [(s.speaker, s.quote, s.about) for s in st] == [("person:amina-odhiambo", None, ["person:lars-holm"])]


def test_said_of_names_what_it_is_about():
    st = statements('"He is not ready yet," Professor Ana Ruiz said of Lars Holm.')
    assert st and st[0].speaker == "person:ana-ruiz" and "person:lars-holm" in st[0].about


def test_a_speech_act_with_its_object_is_a_statement():
    st = statements("Foreign Minister Pablo Rojas condemned the missile launch.")
    assert [(s.speaker, s.topics) for s in st] == [("person:pablo-rojas", ["WeaponsTesting"])]


def test_a_negated_reporting_verb_is_no_statement():
    assert statements("Minister Lars Holm did not say whether the talks would resume.") == []


def test_no_statement_by_a_place():
    assert statements('"We are ready," Oslo said.') == [] or all(
        s.speaker not in ("place:oslo",) for s in statements('"We are ready," Oslo said.'))


# --- introduced statements and transcripts -----------------------------------------------------------

def test_the_following_statement_makes_the_first_person_paragraphs_the_speakers():
    text = ("Minister Pablo Rojas gave the following reply to a question from a news agency on Friday:\n\n"
            "I have read the proposal of Lars Holm. We will not accept it, and I see no reason to meet him.\n\n"
            "Our position on the sanctions is unchanged.\n")
    st = statements(text, "2025-03-10")
    assert {s.speaker for s in st} == {"person:pablo-rojas"}
    first = [s for s in st if s.quote and s.quote.startswith("I have read")]
    assert first and "person:lars-holm" in first[0].about and first[0].date == "2025-03-07"
    assert any(s.quote and "Sanctions" in s.topics for s in st)


def test_narration_after_an_introduced_statement_ends_it():
    text = ("Minister Pablo Rojas released the following statement:\n\n"
            "We regret the decision.\n\n"
            "The ministry said the statement came after a week of talks with Lars Holm.\n")
    st = statements(text)
    assert not any(s.speaker == "person:pablo-rojas" and s.quote and "week of talks" in s.quote for s in st)


@needs_turns
def test_a_transcript_turn_is_a_statement_of_the_speaker_named_in_full_elsewhere():
    text = ("Remarks by Deputy Minister Ingrid Berg at a press availability\n\n"
            "DEPUTY MINISTER BERG: Good afternoon. We had a useful exchange on fisheries.\n\n"
            "QUESTION: Will the talks resume?\n\n"
            "DEPUTY MINISTER BERG: I am very satisfied with the talks.\n")
    st = statements(text)
    assert [s.speaker for s in st] == ["person:ingrid-berg", "person:ingrid-berg"]
    assert any("very satisfied" in (s.quote or "") for s in st)


@needs_turns
def test_a_soundbite_names_its_speaker_and_title():
    text = ("[Anchor Lead]\nThe envoys met in Lima.\n"
            "[Soundbite] Pablo Rojas (Chilean Deputy Foreign Minister): \"...ready for all outcomes...\"\n")
    st = statements(text)
    assert [(s.speaker, s.quote) for s in st] == [("person:pablo-rojas", "...ready for all outcomes...")]


@needs_turns
def test_a_turn_label_with_a_surname_takes_the_full_name_from_the_header():
    text = ("REMARKS BY DEPUTY MINISTER INGRID M. BERG AFTER THE QUOTA TALKS IN BERGEN\n\n"
            "DEPUTY MINISTER BERG: Thank you all. We agreed on a new quota.\n")
    st = statements(text)
    assert [s.speaker for s in st] == ["person:ingrid-berg"]


def test_the_attribution_verb_is_the_one_whose_subject_is_outside_the_quotation():
    st = statements('Ambassador Ana Ruiz told the assembly that the junta\'s "reckless conduct" threatened its neighbours.')
    assert [(s.speaker, s.quote, s.about) for s in st] == [("person:ana-ruiz", "reckless conduct", [])]


def test_rejected_as_quotes_the_subject():
    st = statements('Minister Lars Holm rejected the claim that the port was closed as "completely false."')
    assert [(s.speaker, s.quote) for s in st] == [("person:lars-holm", "completely false.")]


def test_one_quoted_word_is_a_statement_only_after_a_verb_of_calling():
    assert said('Minister Lars Holm told the council that the "Aurora-2" rocket had failed.') == [
        ("person:lars-holm", None)]
    assert said('Minister Lars Holm called the plan "reckless".') == [("person:lars-holm", "reckless")]


def test_about_comes_from_what_the_verb_reports_not_the_rest_of_the_sentence():
    st = statements('Senator Ana Ruiz opened the forum, and Minister Lars Holm said the alliance was "young and strong."')
    holm = [s for s in st if s.speaker == "person:lars-holm"]
    assert holm and holm[0].about == []


def test_according_to_a_statement_from():
    st = statements("The port will reopen in May, according to a statement from Minister Lars Holm.")
    assert [(s.speaker, s.quote) for s in st] == [("person:lars-holm", None)]
    st = statements('The port is "ready for business," according to Minister Lars Holm\'s statement.')
    assert [(s.speaker, s.quote) for s in st] == [("person:lars-holm", "ready for business")]


@needs_turns
def test_a_turn_quoting_someone_else_keeps_its_own_words():
    text = ("Remarks by Deputy Minister Ingrid Berg\n\n"
            "DEPUTY MINISTER BERG: As the treaty says, \"every party shall report\", and we will report in June.\n")
    st = statements(text)
    assert st and "we will report in June" in st[0].quote


def test_a_parenthetical_attribution_inside_the_sentence():
    assert said('The talks, said Deputy Minister Pablo Rojas, were "frank and useful."') == [
        ("person:pablo-rojas", "frank and useful.")]


def test_an_article_in_its_speakers_own_voice():
    text = ("Letter of Minister Ingrid Berg\n\n"
            "I write to the assembly about the harbour of Bergen.\n\n"
            "We will not accept any easing of sanctions before the vote.\n")
    art = Article(article_id="t", source="t.txt", body=text, sha256="", published="2025-03-04")
    doc = parse_article(art)
    doc._.article_speaker = "person:ingrid-berg"  # what coreference says of such an article
    doc._.entities.setdefault("person:ingrid-berg", EntityRecord(key="person:ingrid-berg", kind="person",
                                                                  label="Ingrid Berg"))
    facts = extract_article(art, doc)
    assert {s.speaker for s in facts.statements} == {"person:ingrid-berg"}
    assert any(p.holder == "person:ingrid-berg" and p.opposes == ["issue:SanctionsRelief"] for p in facts.positions)


def test_about_leaves_out_pronouns_and_names_that_only_modify():
    st = statements("Envoy Pablo Rojas said he regrets that Kenya vetoed a United Nations Security Council resolution.")
    assert st and st[0].about == ["kenya"]  # Kenya acts in it; "he" and the council that names the resolution do not


def test_calling_a_meeting_or_dismissing_a_minister_is_no_statement():
    assert statements("Minister Lars Holm called a meeting of the cabinet.") == []
    assert said("Minister Lars Holm called the launch a provocation.") == [("person:lars-holm", None)]
    assert statements("President Ana Ruiz dismissed Minister Lars Holm on Friday.") == []


def test_a_statement_noun_as_subject_is_its_sources():
    assert said('"The border stays closed," a statement from Minister Lars Holm said.') == [
        ("person:lars-holm", "The border stays closed")]


def test_quoted_words_that_name_an_issue_or_approach_are_a_name_not_a_statement():
    assert said('Minister Lars Holm demands a "big deal" from the junta.') == [("person:lars-holm", None)]
    assert said('Minister Lars Holm said "sanctions relief is off the table."') == [
        ("person:lars-holm", "sanctions relief is off the table.")]
