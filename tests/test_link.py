"""Offline linking (the verified table) and the review file, without a network or a server."""
from __future__ import annotations

import csv

from builder.cli import main
from builder.iri import IRIMinter
from builder.link import link_entities, link_offline
from builder.link_review import COLUMNS, ReviewRow, read_review, write_review
from builder.resolve import EntityDescription

MINTER = IRIMinter()


def desc(key, kind, label, alts=(), country=None):
    return EntityDescription(key=key, kind=kind, label=label, alt_labels=list(alts), country=country)


def world(*extra):
    ds = [desc("united-states", "country", "United States"), desc("south-korea", "country", "South Korea"),
          desc("north-korea", "country", "North Korea"), *extra]
    return {d.key: d for d in ds}


def test_washington_the_city_links_to_washington_dc_and_a_person_named_washington_does_not():
    d = world(desc("place:washington", "place", "Washington", country="united-states"),
              desc("person:washington", "person", "Washington"))
    links = link_offline(d, [])
    assert links["place:washington"] == "Q61"  # Washington, D.C., not the state
    assert "person:washington" not in links


def test_a_place_named_washington_outside_the_united_states_stays_unlinked():
    d = world(desc("place:washington", "place", "Washington"))
    assert "place:washington" not in link_offline(d, [])


def test_never_a_person_to_a_place_or_a_country():
    d = world(desc("person:seoul", "person", "Seoul"), desc("person:north-korea", "person", "North Korea"),
              desc("place:mike-pompeo", "place", "Mike Pompeo"))
    links = link_offline(d, [])
    assert not {"person:seoul", "person:north-korea", "place:mike-pompeo"} & set(links)
    assert links["north-korea"] == "Q423"


def test_ri_yong_ho_links_only_as_the_foreign_minister():
    d = world(desc("person:ri-yongho", "person", "Ri Yong-ho"),
              desc("post:fm", "post", "Foreign Minister (North Korea)", country="north-korea"))
    assert "person:ri-yongho" not in link_offline(dict(d), [])
    assert link_offline(d, [("person:ri-yongho", "post:fm")])["person:ri-yongho"] == "Q12594422"


def test_names_match_on_aliases_and_spelling_variants():
    d = world(desc("person:kju", "person", "Kim Jong Un"), desc("person:mp", "person", "Michael R. Pompeo"))
    links = link_offline(d, [])
    assert (links["person:kju"], links["person:mp"]) == ("Q56226", "Q473239")


def test_unverified_entities_stay_unlinked():
    d = world(desc("person:lee-dohoon", "person", "Lee Do-hoon"), desc("person:biegun", "person", "Stephen Biegun"),
              desc("outlet:korea-herald", "outlet", "The Korea Herald", country="south-korea"))
    links = link_offline(d, [])
    assert not {"person:lee-dohoon", "person:biegun", "outlet:korea-herald"} & set(links)


def test_accepted_review_rows_link_and_rejected_ones_do_not(tmp_path):
    d = world(desc("person:lee-dohoon", "person", "Lee Do-hoon"), desc("person:biegun", "person", "Stephen Biegun"),
              desc("person:kang", "person", "Kang Kyung-wha"))
    iri = {k: str(MINTER.entity(k, v.kind)) for k, v in d.items()}
    write_review(tmp_path / "link-review.csv", [
        ReviewRow(iri["person:lee-dohoon"], "Lee Do-hoon", "http://www.wikidata.org/entity/Q900000001", "Lee Do-hoon",
                  "South Korean diplomat", "97", "accept"),
        ReviewRow(iri["person:biegun"], "Stephen Biegun", "http://www.wikidata.org/entity/Q900000002", "Stephen Biegun",
                  "", "88", "reject"),
        ReviewRow(iri["person:kang"], "Kang Kyung-wha", "http://www.wikidata.org/entity/Q900000003", "Kang Kyung-wha",
                  "", "70", ""),
    ])
    report = link_entities(d, [], MINTER.entity, tmp_path)  # offline: no network at all
    assert d["person:lee-dohoon"].wikidata == "Q900000001"
    assert d["person:biegun"].wikidata is None and d["person:kang"].wikidata is None
    assert (report.accepted, report.pending, report.offline) == (1, 1, 3)


def test_the_verified_table_wins_over_an_accepted_row(tmp_path):
    d = world(desc("person:pompeo", "person", "Mike Pompeo"))
    write_review(tmp_path / "link-review.csv", [
        ReviewRow(str(MINTER.entity("person:pompeo", "person")), "Mike Pompeo",
                  "http://www.wikidata.org/entity/Q900000009", "Mike Pompeo", "", "99", "accept")])
    link_entities(d, [], MINTER.entity, tmp_path)
    assert d["person:pompeo"].wikidata == "Q473239"


def test_a_review_file_edited_in_a_spreadsheet_is_read(tmp_path):
    """Excel writes a byte-order mark and may capitalise the decision."""
    f = tmp_path / "link-review.csv"
    f.write_text("\ufeff" + ",".join(COLUMNS) + "\r\nhttps://w3id.org/peninsula/id/person/x,X,"
                 "http://www.wikidata.org/entity/Q900000004,X,\"a, b\",91, Accept \r\n", encoding="utf-8")
    (row,) = read_review(f)
    assert row.verdict == "accept" and row.candidate_description == "a, b"


def test_link_review_lists_what_awaits_a_decision(tmp_path, capsys):
    store = tmp_path / "store"
    store.mkdir()
    assert main(["link", "review", "--store", str(store)]) == 0
    assert "nothing awaits a decision" in capsys.readouterr().out
    write_review(store / "link-review.csv", [
        ReviewRow("https://w3id.org/peninsula/id/person/park-hanna", "Park Han-na",
                  "http://www.wikidata.org/entity/Q900000005", "Park Han-na", "journalist", "64", ""),
        ReviewRow("https://w3id.org/peninsula/id/person/laeticia-ock", "Laeticia Ock",
                  "http://www.wikidata.org/entity/Q900000006", "Laeticia Ock", "", "60", "reject"),
    ])
    assert main(["link", "review", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "Park Han-na" in out and "wd:Q900000005" in out and "journalist" in out
    assert "Laeticia Ock" not in out
    assert "1 candidate(s) await a decision, 0 accepted, 1 rejected" in out
    with open(store / "link-review.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == list(COLUMNS)


def test_a_reconcile_url_without_online_linking_is_a_usage_error(tmp_path, capsys):
    assert main(["build", str(tmp_path), "--store", str(tmp_path / "s"), "--reconcile-url", "http://127.0.0.1:9/"]) == 2
    assert "--reconcile-url needs --link online" in capsys.readouterr().err
