"""What the builder reads out of the demo articles, asked of the built graph as a user would."""
from __future__ import annotations

PREFIXES = """PREFIX dip: <https://w3id.org/peninsula/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def rows(ds, query):
    return {tuple(str(v) for v in r) for r in ds.query(PREFIXES + query)}


def test_the_build_reports_what_it_built(sample_build):
    _, summary, _ = sample_build
    assert summary.ok and summary.built == 2 and summary.violations == 0
    assert summary.events >= 6 and summary.positions >= 4 and summary.statements >= 5
    assert summary.triples > 1000


def test_envoys_are_exactly_the_special_representatives(sample_dataset):
    assert rows(sample_dataset, "SELECT ?n { ?p a dip:Envoy ; rdfs:label ?n }") == {("Lee Do-hoon",), ("Stephen Biegun",)}


def test_posts_with_organisation_and_country(sample_dataset):
    got = rows(sample_dataset, """SELECT ?who ?post ?country {
        ?p rdfs:label ?who ; dip:holdsPost ?post_ . ?post_ rdfs:label ?post ; dip:country/rdfs:label ?country }""")
    labels = {(w, c) for w, p, c in got}
    assert ("Kang Kyung-wha", "South Korea") in labels
    assert ("Mike Pompeo", "United States") in labels
    assert ("Choe Son-hui", "North Korea") in labels
    assert any(w == "Lee Do-hoon" and "Korean Peninsula Peace and Security Affairs" in p for w, p, c in got)
    org = rows(sample_dataset, """SELECT ?org { ?p rdfs:label "Lee Do-hoon"@en ; dip:holdsPost/dip:postIn/rdfs:label ?org }""")
    assert any("Ministry of Foreign Affairs" in o for (o,) in org)


def test_counterparts_are_symmetric(sample_dataset):
    got = rows(sample_dataset, "SELECT ?a ?b { ?x dip:counterpart ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }")
    assert {("Lee Do-hoon", "Stephen Biegun"), ("Stephen Biegun", "Lee Do-hoon"),
            ("Mike Pompeo", "Kim Yong-chol")} <= got


def test_meeting_with_place_date_and_status(sample_dataset):
    got = rows(sample_dataset, """SELECT ?date ?place ?status { ?m a dip:Meeting ; dip:participant ?k, ?p ;
        dip:startDate ?date ; dip:location/rdfs:label ?place ; dip:status ?status .
        ?k rdfs:label "Kang Kyung-wha"@en . ?p rdfs:label "Mike Pompeo"@en }""")
    assert got == {("2019-03-29", "Washington", "https://w3id.org/peninsula/ontology#Planned")}


def test_postponed_talks_and_who_asked(sample_dataset):
    got = rows(sample_dataset, """SELECT ?who { ?e dip:status dip:Postponed ; dip:requestedBy/rdfs:label ?who ;
        dip:participant/rdfs:label "Kim Yong-chol"@en }""")
    assert got == {("North Korea",)}


def test_visit_dates_resolved_from_weekday_and_duration(sample_dataset):
    got = rows(sample_dataset, """SELECT ?s ?e { ?v a dip:Visit ; dip:participant/rdfs:label "Lee Do-hoon"@en ;
        dip:startDate ?s ; dip:endDate ?e }""")
    assert ("2019-03-28", "2019-03-30") in got


def test_unknown_dates_stay_time_expressions(sample_dataset):
    got = rows(sample_dataset, """SELECT ?t { ?v a dip:Visit ; dip:participant/rdfs:label "Lee Do-hoon"@en ;
        dip:timeExpression ?t FILTER NOT EXISTS { ?v dip:startDate ?d } }""")
    assert ("next week",) in got


def test_summit_outcome_and_merged_mentions(sample_dataset):
    got = rows(sample_dataset, """SELECT ?s ?place ?date ?outcome { ?s a dip:Summit ; dip:location/rdfs:label ?place ;
        dip:startDate ?date ; dip:outcome ?outcome ; dip:status dip:Held }""")
    assert len(got) == 1
    _, place, date, outcome = got.pop()
    assert (place, date) == ("Hanoi", "2019-02") and "without a joint agreement" in outcome


def test_positions_by_country_with_metonymy(sample_dataset):
    got = rows(sample_dataset, """SELECT ?h ?a { ?p a dip:PolicyPosition ; dip:holder ?x ; dip:approach ?a_ .
        ?x a dip:Country ; rdfs:label ?h . ?a_ rdfs:label ?a }""")
    holders = {h for h, _ in got}
    assert {"United States", "North Korea", "South Korea"} <= holders
    assert ("United States", "big deal") in got


def test_quotes_with_resolved_pronoun_speakers(sample_dataset):
    got = rows(sample_dataset, "SELECT ?who ?q { ?s a dip:Statement ; dip:speaker/rdfs:label ?who ; dip:quote ?q }")
    by = {(w, q[:30]) for w, q in got}
    assert ("Lee Do-hoon", "The most important thing now i") in by  # "..., he said."
    assert ("Woo Jung-yeop", "It is more likely that the US-") in by
    assert any(w == "Uriminzokkiri" for w, _ in got)  # "..., it said."


def test_working_group_leaders_topics_and_opponent(sample_dataset):
    leaders = rows(sample_dataset, "SELECT ?n { ?wg a dip:WorkingGroup . ?l dip:leads ?wg ; rdfs:label ?n }")
    assert leaders == {("Lee Do-hoon",), ("Stephen Biegun",)}
    topics = rows(sample_dataset, "SELECT ?t { ?wg a dip:WorkingGroup ; dip:topic ?t }")
    assert {t.rsplit("#", 1)[1] for (t,) in topics} >= {"Denuclearization", "Sanctions", "InterKoreanCooperation"}
    opp = rows(sample_dataset, "SELECT ?n { ?p dip:opposes ?wg . ?wg a dip:WorkingGroup . ?p dip:holder/rdfs:label ?n }")
    assert opp == {("Uriminzokkiri",)}


def test_every_fact_has_evidence_that_slices_the_article(sample_dataset):
    got = list(sample_dataset.query(PREFIXES + """PREFIX schema: <https://schema.org/>
        SELECT ?t ?s ?e ?body { ?x dip:evidence ?ev . ?ev dip:text ?t ; dip:startOffset ?s ; dip:endOffset ?e ;
        dip:inArticle/schema:articleBody ?body }"""))
    assert len(got) > 20
    for text, start, end, body in got:
        assert str(body)[int(start):int(end)] == str(text)
    missing = rows(sample_dataset, """SELECT ?x { VALUES ?c { dip:Meeting dip:Visit dip:Summit dip:PolicyPosition dip:Statement }
        ?x a ?c FILTER NOT EXISTS { ?x dip:evidence ?ev } }""")
    assert not missing


def test_places_outlets_and_countries_are_never_people(sample_dataset):
    people = {n for (n,) in rows(sample_dataset, "SELECT ?n { ?p a dip:Person ; rdfs:label ?n }")}
    assert not people & {"Seoul", "Washington", "Yonhap", "Uriminzokkiri", "Pyongyang", "Biegun", "Sejong Institute"}


def test_offline_wikidata_links_only_where_verified(sample_dataset):
    got = dict(rows(sample_dataset, "SELECT ?n ?q { ?x owl:sameAs ?q ; rdfs:label ?n }"))
    assert got["Mike Pompeo"].endswith("/Q473239") and got["Washington"].endswith("/Q61")
    assert got["North Korea"].endswith("/Q423")
    for unverified in ("Lee Do-hoon", "Stephen Biegun", "Kang Kyung-wha", "Uriminzokkiri", "Sejong Institute"):
        assert unverified not in got


def test_article_metadata(sample_dataset):
    got = rows(sample_dataset, """SELECT ?author ?outlet ?issued { ?a a dip:Article ; dcterms:creator/rdfs:label ?author ;
        dcterms:publisher/rdfs:label ?outlet ; dcterms:issued ?issued }""")
    assert ("Park Han-na", "The Korea Herald", "2019-03-28") in got
    assert ("Laeticia Ock", "The Korea Herald", "2018-11-14") in got
