"""Joint bodies on invented text (builder/nlp/bodies.py, builder/extract/bodies.py,
builder/patterns/bodies.yaml): which phrases name one, its key across articles, who leads it,
what it is for, and the bodies that take part in a meeting with a delegation."""
from __future__ import annotations

from builder.extract import extract_article
from builder.model import Article
from builder.nlp import parse_article
from builder.nlp.layers import MENTIONS


def facts_of(text: str, published: str = "2025-03-04", article_id: str = "t"):
    art = Article(article_id=article_id, source=f"{article_id}.txt", body=text, sha256="", published=published)
    doc = parse_article(art)
    return doc, extract_article(art, doc)


def body_keys(doc) -> list[str]:
    return sorted({s.kb_id_ for s in doc.spans[MENTIONS] if s.label_ == "workinggroup"})


def leads(facts) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in facts.relations if r.predicate == "leads"}


# --- naming and keys ---------------------------------------------------------------------

def test_two_articles_name_one_body():
    a, _ = facts_of("Norway and Chile set up a joint fisheries commission in Oslo on Monday.", article_id="a")
    b, _ = facts_of("The Chile-Norway fisheries commission met in Santiago on Friday.", article_id="b")
    assert body_keys(a) == body_keys(b) == ["workinggroup:commission-chile-norway"]


def test_parties_from_between_and_possessive():
    doc, _ = facts_of("A bilateral task force between Kenya and Uganda will meet in Nairobi on Thursday.")
    assert body_keys(doc) == ["workinggroup:task-force-kenya-uganda"]
    doc, _ = facts_of("Peru and Ecuador said on Monday that their new working group would meet monthly.")
    assert body_keys(doc) == ["workinggroup:working-group-ecuador-peru"]


def test_parties_from_a_passive_setup_verb():
    doc, _ = facts_of("A consultative group on energy was launched by Canada and Mexico last year.", "2025-09-01")
    assert body_keys(doc) == ["workinggroup:consultative-group-canada-mexico"]


def test_later_mentions_are_the_same_body():
    doc, _ = facts_of("Norway and Chile launched a working group on Monday. The group will meet in Oslo. "
                      "Officials said the body would report to both foreign ministers.")
    spans = [s for s in doc.spans[MENTIONS] if s.label_ == "workinggroup"]
    assert len(spans) == 3 and {s.kb_id_ for s in spans} == {"workinggroup:working-group-chile-norway"}


def test_working_group_in_passing_is_the_articles_own():
    doc, _ = facts_of("Analysts in Lima said a working group might help.", article_id="lima-1")
    assert body_keys(doc) == ["workinggroup:working-group@lima-1"]


def test_one_partys_committee_is_no_joint_body():
    doc, _ = facts_of("Norway's parliament set up a committee on fisheries quotas on Monday.")
    assert body_keys(doc) == []


def test_a_group_of_another_kind_is_no_anaphor():
    doc, _ = facts_of("Norway and Chile launched a working group on Monday. The militant group denied any role.")
    spans = [s for s in doc.spans[MENTIONS] if s.label_ == "workinggroup"]
    assert [s.text for s in spans] == ["working group"]


# --- leads -------------------------------------------------------------------------------

def test_led_by_named_people():
    _, facts = facts_of("Norwegian Trade Minister Lars Holm and Chilean Trade Minister Pablo Rojas met in Oslo on "
                        "Monday. The Norway-Chile trade working group will be led by Holm and Rojas.")
    assert leads(facts) == {("person:lars-holm", "workinggroup:working-group-chile-norway"),
                            ("person:pablo-rojas", "workinggroup:working-group-chile-norway")}


def test_led_by_a_plural_role_np_with_its_countries():
    _, facts = facts_of("Norwegian fisheries envoy Ingrid Berg and Chilean fisheries envoy Pablo Rojas met in Oslo "
                        "on Monday. The new working group would be launched in April and led by the envoys of "
                        "Norway and Chile.")
    assert leads(facts) == {("person:ingrid-berg", "workinggroup:working-group-chile-norway"),
                            ("person:pablo-rojas", "workinggroup:working-group-chile-norway")}


def test_a_possible_lead_is_no_lead():
    _, facts = facts_of("Norway and Chile set up a joint commission on Monday. "
                        "It might be chaired by Lars Holm, officials said.")
    assert leads(facts) == set()


# --- topics and meetings -----------------------------------------------------------------

def test_purpose_phrase_gives_topics():
    _, facts = facts_of("Norway and Chile launched a working group aimed at coordinating sanctions on Monday.")
    assert facts.topics == {"workinggroup:working-group-chile-norway": ["Sanctions"]}


def test_purpose_infinitive_of_the_setup_verb_with_a_list():
    _, facts = facts_of("Peru and Ecuador agreed last month to a task force to oversee "
                        "denuclearization diplomacy, the enforcement of sanctions and refugee aid.")
    topics = facts.topics.get("workinggroup:task-force-ecuador-peru", [])
    assert "Denuclearization" in topics and "Sanctions" in topics


def test_topic_preposition():
    _, facts = facts_of("Kenya and Uganda agreed to a joint commission on sanctions in March.")
    assert facts.topics == {"workinggroup:commission-kenya-uganda": ["Sanctions"]}


def test_meeting_of_the_body_takes_its_topics():
    _, facts = facts_of("Kenya and Uganda agreed to a task force on sanctions in March. The first meeting of the "
                        "task force will take place in Nairobi on Thursday.", "2025-06-10")
    meetings = [e for e in facts.events if "workinggroup:task-force-kenya-uganda" in e.participants]
    assert meetings and all("Sanctions" in e.topics for e in meetings)


def test_stance_on_the_body():
    _, facts = facts_of("Colombia and Ecuador launched a joint task force on Tuesday. "
                        "Venezuela denounced the task force as a provocation.")
    assert any(p.holder == "venezuela" and "workinggroup:task-force-colombia-ecuador" in p.opposes
               for p in facts.positions)


# --- delegations -------------------------------------------------------------------------

def test_officials_travelling_with_a_participant_join_the_meeting():
    _, facts = facts_of("Norwegian Foreign Minister Lars Holm will meet Chilean Foreign Minister Pablo Rojas in "
                        "Santiago on Thursday. Officials from the Finance Ministry are travelling with Holm.")
    meeting = next(e for e in facts.events if "person:pablo-rojas" in e.participants)
    assert any("finance" in p for p in meeting.participants)


def test_officials_travelling_elsewhere_join_nothing():
    _, facts = facts_of("Norwegian Foreign Minister Lars Holm will meet Chilean Foreign Minister Pablo Rojas in "
                        "Santiago on Thursday. Last year officials from the Finance Ministry travelled with Holm "
                        "to Nairobi.")
    assert not any("finance" in p for e in facts.events for p in e.participants)


def test_a_possessor_and_a_subject_compound_are_no_pair():
    doc, _ = facts_of("Chile's Peru working group met in Santiago on Monday.")
    assert not any(k.startswith("workinggroup:working-group-chile") for k in body_keys(doc))


def test_directing_a_body_is_no_lead():
    _, facts = facts_of("Norway and Chile set up a joint commission in March. "
                        "The foreign ministers directed the commission to report by June.")
    assert leads(facts) == set()


def test_a_named_body_that_two_states_set_up_is_a_joint_body():
    doc, _ = facts_of("The Andean Consultative Group that Lima and Quito set up in 2023 met again on Monday.")
    spans = [s for s in doc.spans[MENTIONS] if s.text == "Andean Consultative Group"]
    assert spans and spans[0].label_ == "workinggroup"
    assert doc._.entities[spans[0].kb_id_].kind == "workinggroup"


def test_parties_with_and_of():
    doc, _ = facts_of("Kenya launched a joint task force with Uganda on Monday.")
    assert body_keys(doc) == ["workinggroup:task-force-kenya-uganda"]
    doc, _ = facts_of("A working group of Peru, Chile and Bolivia met in La Paz on Monday.")
    assert body_keys(doc) == ["workinggroup:working-group-bolivia-chile-peru"]
    doc, _ = facts_of("A working group of experts from Chile met in Lima on Monday.")
    assert body_keys(doc) == ["workinggroup:working-group@t"]


def test_led_by_in_a_participle_after_the_body():
    _, facts = facts_of("Norwegian Trade Minister Lars Holm and Chilean Trade Minister Pablo Rojas met in Oslo on "
                        "Monday. The Norway-Chile working group, set up in May and co-led by Holm and Rojas, "
                        "meets every month.")
    assert leads(facts) == {("person:lars-holm", "workinggroup:working-group-chile-norway"),
                            ("person:pablo-rojas", "workinggroup:working-group-chile-norway")}


def test_a_side_adds_each_body_once():
    _, facts = facts_of("Kenyan Trade Secretary Amina Odhiambo will hold talks with Ugandan Trade Minister Grace "
                        "Achieng in Nairobi on Thursday. The Ugandan side will include the Finance Ministry and the "
                        "Bank of Uganda.", "2025-06-10")
    meeting = next(e for e in facts.events if "person:grace-achieng" in e.participants)
    assert len(meeting.participants) == len(set(meeting.participants))


def test_a_group_of_something_is_no_anaphor():
    doc, _ = facts_of("Norway and Chile launched a working group on Monday. "
                      "The group of experts that advises the Chilean navy criticised it.")
    spans = [s for s in doc.spans[MENTIONS] if s.label_ == "workinggroup"]
    assert [s.text for s in spans] == ["working group"]


def test_the_working_group_after_an_international_one_is_that_one():
    doc, _ = facts_of("The United Nations Working Group on Arbitrary Detention criticised Chile on Monday. "
                      "The working group said it would visit Santiago.")
    assert body_keys(doc) == []


def test_an_international_organisation_can_be_a_party():
    doc, _ = facts_of("The European Union and Chile launched a joint task force on trade rules on Monday.")
    keys = body_keys(doc)
    assert len(keys) == 1 and keys[0].startswith("workinggroup:task-force-") and "chile" in keys[0]


def test_a_body_not_set_up_has_no_parties():
    doc, _ = facts_of("Norway and Chile agreed not to create a working group on fisheries.")
    assert not any("chile" in k for k in body_keys(doc))


def test_a_plural_names_no_one_body():
    doc, _ = facts_of("Norway has working groups with Chile and Peru, officials in Oslo said.")
    assert body_keys(doc) == []
