"""Policy positions and the issues layer, on invented text (builder/extract/positions.py,
builder/nlp/issues.py, builder/patterns/stances.yaml, the ontology's SKOS labels)."""
from __future__ import annotations

import pytest

from builder.extract import extract_article
from builder.kb import load_kb
from builder.model import Article
from builder.nlp import parse_article
from builder.nlp.issues import broader_of, load_concepts, scheme_of
from builder.nlp.layers import ISSUES


def _known(*names: str) -> bool:
    kb = load_kb()
    return all(kb.lookup(n) is not None for n in names)


def needs(*names: str):
    """Cases whose holder is a state the gazetteer must know (Norway, Chile ... come from the
    maintained gazetteer, not the curated KB)."""
    return pytest.mark.skipif(not _known(*names), reason=f"the gazetteer does not know {names} yet")


def facts_of(text: str, published: str = "2025-03-04"):
    art = Article(article_id="t", source="t.txt", body=text, sha256="", published=published)
    doc = parse_article(art)
    return doc, extract_article(art, doc)


def issues_of(text: str) -> list[tuple[str, str]]:
    doc, _ = facts_of(text)
    return [(s.text, s.label_) for s in doc.spans[ISSUES]]


def positions(text: str) -> list:
    _, facts = facts_of(text)
    return facts.positions


def labels(facts, key: str) -> set[str]:
    rec = facts.entities.get(key)
    return {n.lower() for n in ({rec.label, *rec.names} if rec else {key})}


# --- the issues layer: the ontology's labels are the patterns ---------------------------------

def test_every_issue_and_approach_of_the_ontology_is_loaded_with_labels():
    concepts = load_concepts()
    assert scheme_of("Sanctions") == "issue" and scheme_of("BigDeal") == "approach"
    assert scheme_of("PriorityApproach") == "approach"
    assert all(c.labels for c in concepts.values())
    assert broader_of("SanctionsRelief") == ["SanctionsRelief", "Sanctions"]
    assert "lift sanction" in concepts["SanctionsRelief"].hidden


@pytest.mark.parametrize("text, span, concept", [
    ("The ministers agreed that the sanctions should stay.", "sanctions", "Sanctions"),
    ("Lima wants the sanctions lifted before winter.", "sanctions lifted", "SanctionsRelief"),
    ("Quito said the sanctions were eased in May.", "sanctions were eased", "SanctionsRelief"),
    ("The envoy ruled out lifting the sanctions on the port.", "lifting the sanctions", "SanctionsRelief"),
    ("Ottawa condemned the missile launch on Friday.", "missile launch", "WeaponsTesting"),
    ("The navy fired two ballistic missiles into the sea.", "fired two ballistic missiles", "WeaponsTesting"),
    ("The agency launched a spy satellite last week.", "launched a spy satellite", "SatelliteLaunches"),
    ("Rossi raised the fate of the abductees with her host.", "abductees", "Abductions"),
    ("Both sides want an end-of-war declaration soon.", "end-of-war declaration", "EndOfWarDeclaration"),
    ("Nairobi offered humanitarian assistance to the region.", "humanitarian assistance", "HumanitarianAid"),
    ("The allies resumed joint drills near the border.", "resumed joint drills", "JointMilitaryExercises"),
    ("The engineers plan to blow up the test site.", "blow up the test site", "FacilityDismantlement"),
    ("They spoke about opening a trade office in Bergen.", "trade office", "LiaisonOffices"),
])
def test_labels_and_hidden_labels_find_their_concept(text, span, concept):
    assert (span, concept) in issues_of(text)


def test_a_coined_first_approach_is_an_approach_with_its_name():
    doc, _ = facts_of("Senators in the capital are fixated on a 'tariffs-first' doctrine.")
    coined = [s for s in doc.spans[ISSUES] if s.kb_id_ == "approach"]
    assert [(s.label_, s.id_) for s in coined] == [("PriorityApproach", "tariffs-first")]
    doc, _ = facts_of("Critics call it a climate-first strategy.")
    assert [s.id_ for s in doc.spans[ISSUES] if s.kb_id_ == "approach"] == ["climate-first"]
    doc, _ = facts_of("She finished first in the race.")
    assert [s for s in doc.spans[ISSUES] if s.kb_id_ == "approach"] == []


# --- stances: verbs, nouns, adjectives ---------------------------------------------------------

def test_a_stance_verb_supports_the_issue_it_governs():
    ps = positions("Kenyan Foreign Minister Amina Odhiambo backed the easing of sanctions on Tuesday.")
    assert [(p.issue, p.supports) for p in ps] == [("SanctionsRelief", ["issue:SanctionsRelief"])]


def test_a_negated_or_rejecting_verb_opposes():
    ps = positions("Chilean envoy Pablo Rojas rejected calls to lift the sanctions.")
    assert ps and ps[0].opposes == ["issue:SanctionsRelief"] and ps[0].supports == []
    ps = positions("Trade Minister Lars Holm will not support sanctions relief.")
    assert ps and ps[0].opposes == ["issue:SanctionsRelief"]


def test_a_reversing_word_between_the_stance_and_the_issue_turns_it():
    ps = positions("Foreign Minister Lars Holm urged the navy to halt missile launches.")
    assert ps and ps[0].opposes == ["issue:WeaponsTesting"]


def test_an_issue_inside_someone_elses_clause_has_no_polarity():
    ps = positions("Minister Ingrid Berg regrets that the council vetoed a plan to tighten sanctions.")
    berg = [p for p in ps if p.holder == "person:ingrid-berg"]
    assert berg and berg[0].issue == "Sanctions" and berg[0].supports == [] and berg[0].opposes == []


def test_adjectival_stance_after_a_copula():
    ps = positions("Envoy Pablo Rojas remains committed to the denuclearization of the region.")
    assert [(p.holder, p.issue, p.supports) for p in ps] == [
        ("person:pablo-rojas", "Denuclearization", ["issue:Denuclearization"])]
    ps = positions("Minister Kari Dahl is wary of any easing of sanctions.")
    assert ps and ps[0].opposes == ["issue:SanctionsRelief"]
    ps = positions("Senator Ana Ruiz is open to dialogue with the rebels.")
    assert ps and ps[0].supports == ["issue:Diplomacy"]


def test_nominal_stance_with_a_possessive_holder():
    _, facts = facts_of("Envoy Pablo Rojas welcomed Minister Ingrid Berg's support for humanitarian aid.")
    by = {p.holder: p for p in facts.positions}
    assert "person:ingrid-berg" in by and by["person:ingrid-berg"].supports == ["issue:HumanitarianAid"]


def test_a_stance_noun_of_a_verb_that_is_not_expressing_it_is_nobodys():
    ps = positions("Minister Lars Holm faced criticism over the missile launches.")
    assert [p for p in ps if p.holder == "person:lars-holm"] == []


def test_a_stance_in_a_condition_is_nobodys():
    ps = positions("Envoy Pablo Rojas will meet Lars Holm only if Holm backs sanctions relief.")
    assert [p for p in ps if p.holder == "person:lars-holm"] == []


def test_a_stance_on_nothing_the_graph_names_is_no_position():
    # a position with no issue, approach or body supported or opposed says nothing
    assert positions("Minister Ingrid Berg has no intention of sitting down with Pablo Rojas.") == []
    assert positions("Deputy Minister Pablo Rojas dismissed the summit as a photo opportunity.") == []
    assert positions("Kenyan President Joseph Mwangi is ready for the meeting in Nairobi.") == []
    assert positions("Senator Ana Ruiz is wary of any pact that resembles an alliance.") == []
    assert positions("The museum is open to the public.") == []


def test_dismissed_as_opposes_what_it_dismisses():
    ps = positions("Deputy Minister Pablo Rojas dismissed the sanctions as a stunt.")
    assert [(p.holder, p.opposes) for p in ps] == [("person:pablo-rojas", ["issue:Sanctions"])]


def test_a_named_approach_without_stance_word_is_its_possessors():
    ps = positions("Senator Ana Ruiz's step-by-step approach won few friends.")
    assert [(p.holder, p.approach) for p in ps] == [("person:ana-ruiz", "PhasedApproach")]


def test_a_coined_approach_is_written_as_its_own_concept():
    from builder.emit import Emitter
    from builder.iri import IRIMinter

    _, facts = facts_of("Trade Minister Lars Holm is fixated on a 'tariffs-first' doctrine.")
    assert [p.approach for p in facts.positions] == ["coined:tariffs-first"]
    emitter = Emitter(IRIMinter("https://example.org/id/"), {})
    g = emitter.article_graph(facts)
    labels_ = {str(o) for s, p, o in g if str(p).endswith("#label")}
    assert "tariffs-first approach" in labels_


def test_we_in_a_speakers_words_is_the_speaker():
    ps = positions('"We remain committed to the denuclearization of the region," Envoy Pablo Rojas said.')
    assert [(p.holder, p.issue) for p in ps] == [("person:pablo-rojas", "Denuclearization")]


def test_the_speaker_of_a_statement_rejects_what_was_done_only_to_sour_relations():
    text = ("Minister Pablo Rojas released the following statement on Monday:\n\n"
            "I regret the decision. It restarted the joint drills and tightened the embargo only to sour relations.\n")
    ps = positions(text)
    rojas = [p for p in ps if p.holder == "person:pablo-rojas"]
    assert rojas and "issue:JointMilitaryExercises" in rojas[0].opposes


# --- holders that need the gazetteer's states ---------------------------------------------------

@needs("Chile")
def test_a_state_holds_an_adjectival_stance():
    _, facts = facts_of("Chile is cautious about any easing of sanctions.")
    assert facts.positions and "chile" in labels(facts, facts.positions[0].holder)
    assert facts.positions[0].opposes == ["issue:SanctionsRelief"]


@needs("Ottawa", "Canada")
def test_a_group_noun_in_a_capital_holds_for_its_state():
    _, facts = facts_of("Legislators in Ottawa are fixated on a 'tariffs-first' doctrine.")
    assert [p.approach for p in facts.positions] == ["coined:tariffs-first"]
    assert "canada" in labels(facts, facts.positions[0].holder)


@needs("Canada", "Chile")
def test_a_national_adjective_holds_a_nominal_stance():
    _, facts = facts_of("The envoy restated Canadian backing for humanitarian aid and continued "
                        "Canadian willingness to talk with Chile.")
    holders = {p.holder for p in facts.positions}
    assert holders and all("canada" in labels(facts, h) for h in holders)


@needs("Norway")
def test_a_capital_holds_for_its_state():
    _, facts = facts_of("Oslo remains committed to humanitarian aid for the region.")
    assert facts.positions and "norway" in labels(facts, facts.positions[0].holder)


def test_a_judging_predicate_is_the_stance_of_whoever_says_so():
    ps = positions("Blocking illicit revenue streams is essential, Senator Ana Ruiz said.")
    assert [(p.holder, p.opposes) for p in ps] == [("person:ana-ruiz", ["issue:SanctionsEvasion"])]
    ps = positions("Minister Lars Holm said the missile launches were unacceptable.")
    assert [(p.holder, p.opposes) for p in ps] == [("person:lars-holm", ["issue:WeaponsTesting"])]
    ps = positions('"We believe dialogue is essential," Envoy Pablo Rojas said.')
    assert [(p.holder, p.supports) for p in ps] == [("person:pablo-rojas", ["issue:Diplomacy"])]
    assert positions("Dialogue is essential.") == []  # nobody says so


def test_a_participle_hung_on_a_noun_keeps_the_clause_subject():
    ps = positions("Envoy Lars Holm travelled to the forum hoping to secure agreement on the end state before spring.")
    assert [(p.holder, p.supports) for p in ps] == [("person:lars-holm", ["issue:Denuclearization"])]


def test_not_having_a_thing_is_no_stance_on_it():
    # "have" states what there is, not what anyone wants: no position, negated or not
    assert positions("Minister Ingrid Berg said Norway does not have nuclear weapons.") == []
    assert positions("Trade Minister Lars Holm does not have a deadline for the talks.") == []
    assert positions("Peru has no sanctions on Bolivia, the envoy said.") == []
    ps = positions("Minister Ingrid Berg has no intention of resuming the talks.")
    assert [(p.holder, p.opposes) for p in ps] == [("person:ingrid-berg", ["issue:Negotiations"])]


def test_a_national_name_used_as_a_noun_subject_is_the_state():
    ps = positions("The US, she added, is prepared to take simultaneous and parallel steps on the plan.")
    assert [(p.holder, p.approach) for p in ps] == [("united-states", "SimultaneousParallelApproach")]


def test_a_label_participle_stays_a_participle_and_some_verbs_take_their_object_as_subject():
    assert ("sanctions eased", "SanctionsRelief") not in issues_of("The sanctions eased the pressure on the port.")
    assert ("talks would resume", "Negotiations") in issues_of("The spokesman said the talks would resume.")
    assert ("drills resumed", "JointMilitaryExercises") in issues_of("The drills resumed on Monday.")


def test_questions_and_the_askers_turns_hold_no_position():
    assert positions("Will Minister Lars Holm support sanctions relief?") == []
    text = ("Remarks of Minister Lars Holm\n\n"
            "QUESTION: Minister, Senator Ana Ruiz has been pushing for sanctions relief. Will you agree?\n\n"
            "MINISTER LARS HOLM: We oppose sanctions relief.\n")
    ps = positions(text)
    assert [(p.holder, p.opposes) for p in ps] == [("person:lars-holm", ["issue:SanctionsRelief"])]


def test_a_reversing_noun_inside_an_issues_words_turns_it_only_when_it_governs_it():
    ps = positions("Minister Lars Holm backs a moratorium on testing.")
    assert [(p.issue, p.opposes) for p in ps] == [("WeaponsTesting", ["issue:WeaponsTesting"])]
    ps = positions("Minister Lars Holm backs the asset freeze.")
    assert [(p.issue, p.supports) for p in ps] == [("Sanctions", ["issue:Sanctions"])]


def test_stressing_the_importance_of_backs_and_the_threat_of_rejects():
    assert [(p.supports) for p in positions("Minister Lars Holm emphasized the importance of dialogue.")] == [
        ["issue:Diplomacy"]]
    assert [(p.opposes) for p in positions("Minister Lars Holm highlighted the threat of missile launches.")] == [
        ["issue:WeaponsTesting"]]


def test_no_issue_inside_a_proper_name():
    assert issues_of("Envoy Lars Holm attended the Nordic Security Dialogue in Bergen.") == []
    assert ("human rights abuses", "HumanRights") in issues_of("The Human Rights Council met on human rights abuses.")


def test_rejecting_a_halt_says_only_that_the_holder_has_a_position():
    ps = positions("Minister Lars Holm has repeatedly rejected calls to give up the nuclear weapons.")
    assert [(p.issue, p.supports, p.opposes) for p in ps] == [("NuclearProgram", [], [])]
    ps = positions("Minister Lars Holm will not accept a freeze of the missile program as a first step.")
    assert [(p.issue, p.supports, p.opposes) for p in ps] == [("NuclearProgram", [], [])]
    ps = positions("Senator Ana Ruiz urged the junta to dismantle its nuclear weapons programme.")
    assert [(p.issue, p.opposes) for p in ps] == [("NuclearProgram", ["issue:NuclearProgram"])]


def test_a_concepts_own_action_does_not_turn_it_around():
    ps = positions("Senator Ana Ruiz urged the junta to dismantle the enrichment facility.")
    assert [(p.issue, p.supports) for p in ps] == [("FacilityDismantlement", ["issue:FacilityDismantlement"])]


def test_the_agent_of_a_passive_and_coordinated_subjects_hold():
    ps = positions("Sanctions relief was rejected by Minister Lars Holm on Monday.")
    assert [(p.holder, p.opposes) for p in ps] == [("person:lars-holm", ["issue:SanctionsRelief"])]
    ps = positions("Minister Lars Holm and Senator Ana Ruiz oppose sanctions relief.")
    assert {p.holder for p in ps} == {"person:lars-holm", "person:ana-ruiz"}


def test_a_group_noun_of_several_states_is_each_state():
    ps = positions("The envoys of Japan, China and Russia condemned the missile launches.")
    assert {p.holder for p in ps} == {"japan", "china", "russia"}


def test_an_outlet_holds_what_its_own_stance_word_states_never_what_it_reports():
    ps = positions("Reuters blasted the government for lifting the sanctions.")
    assert [(p.holder, p.opposes) for p in ps] == [("reuters", ["issue:SanctionsRelief"])]
    ps = positions("Reuters said the sanctions must stay.")
    assert [p for p in ps if p.holder == "reuters"] == []


def test_a_reversing_verb_turns_only_what_it_acts_on():
    ps = positions("Envoy Pablo Rojas says he is willing to give up the missiles step by step, "
                   "in return for sanctions relief.")
    assert [(p.approach, p.supports) for p in ps] == [("PhasedApproach", ["issue:SanctionsRelief"])]


def test_provided_that_is_a_condition_too():
    ps = positions("Envoy Pablo Rojas said Lima would sign, provided that Lars Holm also delivers on his pledge to denuclearize.")
    assert [p for p in ps if p.holder == "person:lars-holm"] == []


def test_an_infinitive_the_parser_hangs_on_the_stance_verb_is_still_its_target():
    ps = positions("Kenyan Foreign Minister Grace Wanjiru rejected calls to lift the sanctions on the port of Mombasa.")
    assert [(p.holder, p.opposes) for p in ps] == [("person:grace-wanjiru", ["issue:SanctionsRelief"])]


def test_a_plain_report_is_no_position_an_obligation_or_a_denial_is():
    assert positions("Minister Lars Holm said the talks would resume on Friday.") == []
    assert [p.issue for p in positions("Minister Lars Holm said the sanctions must stay.")] == ["Sanctions"]
    assert [p.opposes for p in positions("Minister Lars Holm says no sanctions can be eased before May.")] == [
        ["issue:SanctionsRelief"]]
