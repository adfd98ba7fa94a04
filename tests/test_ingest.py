"""Reading articles: metadata from headers and manifests; clear errors for bad input."""
from __future__ import annotations

import pytest

from builder.errors import (BinaryInputError, EmptyArticleError, EncodingError, LanguageError,
                            ManifestError, TooLargeError)
from builder.ingest import MAX_ARTICLE_BYTES, apply_manifest, read_articles, read_manifest
from builder.kb import load_kb

from .conftest import SAMPLES

ENGLISH = ("Seoul's top nuclear envoy met his US counterpart in Washington on Friday to discuss "
           "the working group, the Foreign Ministry said.\n")


def read(path):
    return read_articles(path, load_kb())


def test_header_lines_become_metadata_and_leave_the_body():
    art = read(SAMPLES / "003_eee84ffccf3f646e.txt")[0]
    assert art.title.startswith("South Korean nuclear envoy to propose")
    assert art.author == "Park Han-na"
    assert art.outlet == "The Korea Herald"
    assert art.published == "2019-03-28"
    assert art.body.startswith("South Korea affirmed its stance")
    assert "Link copied" not in art.body and "Published" not in art.body
    assert art.body.rstrip().endswith("he said.")  # the trailing repeated byline is not body


def test_closing_email_gives_the_author_and_manifest_fills_the_rest():
    art = read(SAMPLES / "000_0c204476ca76d2b2.txt")[0]
    assert art.author == "Laeticia Ock" and art.published is None
    rows = read_manifest(SAMPLES / "MANIFEST.tsv")
    apply_manifest(art, rows["000_0c204476ca76d2b2.txt"])
    assert (art.published, art.outlet) == ("2018-11-14", "The Korea Herald")


def test_the_text_wins_over_the_manifest(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The Korea Herald\n\nEnvoys meet in Washington\n\nPublished : March 1, 2019 - 10:00\n\n" + ENGLISH)
    art = read(f)[0]
    apply_manifest(art, read_manifest_row("2020-01-01", "Yonhap"))
    assert art.published == "2019-03-01" and art.outlet == "The Korea Herald"


def read_manifest_row(published, publisher):
    from builder.ingest import ManifestRow

    return ManifestRow(published=published, publisher=publisher)


@pytest.mark.parametrize("content, error, words", [
    (b"", EmptyArticleError, "empty"),
    (b"   \n\n  ", EmptyArticleError, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), BinaryInputError, "binary"),
    ("Séoul envoy met counterpart".encode("cp1252") + b"\xff\xfe the of and", EncodingError, "UTF-8"),
    ("북한 외무성은 미국과의 협상을 중단할 수 있다고 밝혔다. 최선희 부상은 기자회견에서 말했다.".encode(), LanguageError, "English"),
])
def test_bad_input_gets_a_clear_error_naming_the_file(tmp_path, content, error, words):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(error) as info:
        read(f)
    message = str(info.value)
    assert str(f) in message and words in message
    assert info.value.code.startswith("E1")


def test_a_file_larger_than_an_article_is_refused(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(ENGLISH.encode() * (MAX_ARTICLE_BYTES // len(ENGLISH) + 10))
    with pytest.raises(TooLargeError, match="Split it"):
        read(f)


def test_html_articles_are_read_as_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><title>Envoys meet</title><meta property='og:site_name' content='Yonhap'>"
                 "<script>alert(1)</script></head><body><nav>Home</nav><p>" + ENGLISH + "</p></body></html>")
    art = read(f)[0]
    assert art.title == "Envoys meet" and art.outlet == "Yonhap"
    assert "alert" not in art.body and "Home" not in art.body
    assert art.body.startswith("Seoul's top nuclear envoy")


def test_jsonl_holds_many_articles(tmp_path):
    import json

    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps({"id": f"a{i}", "title": "T", "published": "2019-03-01", "body": ENGLISH})
                           for i in range(3)))
    arts = read(f)
    assert [a.article_id for a in arts] == ["a0", "a1", "a2"]
    assert all(a.published == "2019-03-01" for a in arts)


def test_a_manifest_without_a_file_column_is_refused(tmp_path):
    m = tmp_path / "MANIFEST.tsv"
    m.write_text("name\tdate\nx.txt\t2019-01-01\n")
    with pytest.raises(ManifestError, match="file"):
        read_manifest(m)


def test_a_manifest_with_a_bad_date_names_the_line(tmp_path):
    m = tmp_path / "MANIFEST.tsv"
    m.write_text("file\tpublished\tpublisher\nx.txt\tyesterday\t\n")
    with pytest.raises(ManifestError, match="line 2"):
        read_manifest(m)


# Header and trailer shapes of many outlets (invented outlets, people and places).

BODY = ("The fisheries ministers of Norway and Chile met in Oslo on Tuesday to settle the quota "
        "dispute, the ministry said.\n")


def header(text, row=None):
    from builder.ingest import parse_text_article

    return apply_manifest(parse_text_article(text + BODY, "t.txt", "t", load_kb(), ""), row)


@pytest.mark.parametrize("byline, authors", [
    ("By Ingrid Berg, Press Officer", ("Ingrid Berg",)),
    ("By Ingrid Berg, Staff reporter", ("Ingrid Berg",)),
    ("Oslo Media Advisory By Ingrid Berg, Spokesperson", ("Ingrid Berg",)),
    ("By Ingrid Berg and Pablo Rojas", ("Ingrid Berg", "Pablo Rojas")),
    ("By Ingrid Berg, Pablo Rojas and Kari Dahl", ("Ingrid Berg", "Pablo Rojas", "Kari Dahl")),
    ("By INGRID BERG", ("Ingrid Berg",)),
    ("By Ana de la Cruz", ("Ana de la Cruz",)),
    ("By Ingrid Berg in Tromso", ("Ingrid Berg",)),
])
def test_a_byline_gives_the_person_and_never_the_title(byline, authors):
    art = header(f"Norway and Chile settle their quota dispute\n\n{byline}\n\n")
    assert art.authors == authors and art.author == authors[0]
    assert art.title == "Norway and Chile settle their quota dispute"


@pytest.mark.parametrize("byline, outlet", [
    ("By AFP", "AFP"),
    ("By Reuters", "Reuters"),
    ("By Reuters Staff", "Reuters"),
    ("By Yonhap", "Yonhap"),
    ("By Andes Press Service", "Andes Press Service"),
    ("By Fjord Wire Staff", "Fjord Wire"),
    ("By NORDIC NEWS AGENCY", "Nordic News Agency"),
])
def test_an_agency_byline_names_the_outlet_not_a_person(byline, outlet):
    art = header(f"Norway and Chile settle their quota dispute\n{byline}\n")
    assert art.author is None and art.authors == ()
    assert art.outlet == outlet


def test_an_agency_byline_does_not_replace_a_known_outlet():
    art = header("The Tromso Courier\nNorway and Chile settle their quota dispute\nBy Fjord Wire\n")
    assert art.outlet == "The Tromso Courier" and art.author is None
    art = header("Norway and Chile settle their quota dispute\nBy Fjord Wire\n", read_manifest_row(None, "Lakeside Times"))
    assert art.outlet == "Lakeside Times"


def test_source_and_editor_segments_name_the_agency_not_a_person():
    art = header("2025-03-04 21:04:37 | Source: ANA | Editor: ANA English Desk\n\n"
                 "Chile and Norway settle their quota dispute\n\n")
    assert art.outlet == "ANA" and art.author is None and art.published == "2025-03-04"


def test_a_byline_on_the_dateline_s_line_leaves_the_dateline_in_the_body():
    art = header("Norway and Chile settle their quota dispute\n\nBy Kari Dahl OSLO, March 3 (Fjord Wire) -- ")
    assert art.author == "Kari Dahl"
    assert art.body.startswith("OSLO, March 3 (Fjord Wire) -- The fisheries")
    assert art.outlet == "Fjord Wire"  # the dateline's agency, with no other outlet known


@pytest.mark.parametrize("head, title", [
    ("Fjord Wire\n\nREADOUT\nMarch 3, 2025\n\nForeign Secretary Holm's Meeting with the Kenyan Envoy\n\n",
     "Foreign Secretary Holm's Meeting with the Kenyan Envoy"),
    ("Lakeside Bulletin\nNotices of the trade ministry in English translation\n\nPRESS RELEASE\nMarch 3, 2025\n\n"
     "Trade Commissioner to Visit Nairobi\n\n", "Trade Commissioner to Visit Nairobi"),
    ("THE ANDES COURIER | WORLD\nSunday, 2 March 2025\n\nChile's envoy heads to Nairobi for grain talks\n\n",
     "Chile's envoy heads to Nairobi for grain talks"),
    ("ANDES LEDGER | INTERVIEW\nMarch 3, 2025\n\n[Interview] Lima's trade envoy: the quota deal is \"not for sale\"\n\n",
     "[Interview] Lima's trade envoy: the quota deal is \"not for sale\""),
    ("FJORD WATCH\nMeeting summary | Arctic Council | 212th meeting (AM)\nMonday, 3 March 2025 | Fisheries\n\n"
     "Council hears dispute over quotas but takes no decision\n\n",
     "Council hears dispute over quotas but takes no decision"),
    ("Will Oslo and Lima finally agree?\nBy Kari Dahl\nMarch 3, 2025\n\n", "Will Oslo and Lima finally agree?"),
    ("ARCTIC FISHERIES TALKS\n\nNorway and Chile settle their quota dispute in Oslo\n\n",
     "Norway and Chile settle their quota dispute in Oslo"),
    ("Norway and Chile settle their quota dispute in Oslo\nThe deal ends a decade of rows over the catch\n\n",
     "Norway and Chile settle their quota dispute in Oslo"),
    ("OFFICE OF THE PRIME MINISTER\nOffice of the Spokesperson\n\nSTATEMENT\n\nPrime Minister's Call with the Chilean President\n\n",
     "Prime Minister's Call with the Chilean President"),
])
def test_the_headline_is_found_after_outlet_section_label_and_date_lines(head, title):
    assert header(head).title == title


def test_a_section_label_and_the_headline_on_one_line():
    art = header("Opinion | Why the Arctic quota matters\nBy Kari Dahl, former Norwegian ambassador to Chile\n\n")
    assert art.title == "Why the Arctic quota matters" and art.author_titles == {"Kari Dahl": "former Norwegian ambassador to Chile"}
    art = header("Event summary | Tromso Arctic Forum, Session 2\nNorway and Chile weigh a new quota deal\n\n")
    assert art.title == "Norway and Chile weigh a new quota deal"  # the label names the event; the headline follows


def test_a_lead_line_ending_in_a_colon_is_body_text_not_a_headline():
    art = header("Chile's envoy gave the following reply to a question from the state agency:\n\n")
    assert art.title is None and art.body.startswith("Chile's envoy gave the following reply")


def test_program_and_outlet_lines_are_not_a_headline():
    art = header("Radio Fjordland FM - Evening News Brief\n\n")
    assert art.title is None and art.outlet == "Radio Fjordland FM"


@pytest.mark.parametrize("line, published", [
    ("Published : 2021.05.22 (15:07)", "2021-05-22"),
    ("2018.10.29 (15:07)", "2018-10-29"),
    ("28 March 2019", "2019-03-28"),
    ("March 28, 2019 - 16:07", "2019-03-28"),
    ("Tue, 05 Mar 2019 10:00:00 +0900", "2019-03-05"),
    ("2019-03-28T10:00:00Z", "2019-03-28"),
    ("Issued: Friday, May 10, 2024", "2024-05-10"),
    ("Business | Africa | Last updated: 14 May 2023, 09:15 EAT", "2023-05-14"),
    ("Column | August 18, 2024", "2024-08-18"),
    ("Nairobi, April 7, 2023", "2023-04-07"),
])
def test_header_dates_in_many_spellings(line, published):
    art = header(f"Kenya and Chile settle their grain dispute\n{line}\n\n")
    assert art.published == published and art.title == "Kenya and Chile settle their grain dispute"


@pytest.mark.parametrize("line", ["Week of May 13-19, 2024", "Council holds its 9485th meeting",
                                  "March 28", "03.04.2019", "Sept. 31, 2020"])
def test_no_publication_date_from_what_is_not_a_full_date(line):
    art = header(f"Kenya and Chile settle their grain dispute\n{line}\n\n", read_manifest_row("2024-05-10", None))
    assert art.published == "2024-05-10"


def test_the_header_date_wins_over_the_manifest_only_when_it_is_a_full_date():
    art = header("Kenya and Chile settle their grain dispute\nMarch 3, 2025\n\n", read_manifest_row("2025-03-04", None))
    assert art.published == "2025-03-03"


def test_closing_credit_and_end_lines_leave_the_body():
    from builder.ingest import parse_text_article

    text = "Kenya and Chile settle their grain dispute\n\n" + BODY + "\nReporting by Wanjiru Kamau; Editing by Pablo Rojas\n(END)\n"
    art = parse_text_article(text, "t.txt", "t", load_kb(), "")
    assert art.author == "Wanjiru Kamau" and art.body.rstrip().endswith("the ministry said.")


def test_a_script_cue_opens_the_body():
    art = header("GRAIN ENVOYS MEET IN NAIROBI\n\n[Anchor Lead]\n\n")
    assert art.title == "GRAIN ENVOYS MEET IN NAIROBI" and art.body.startswith("[Anchor Lead]")


def test_a_headline_with_by_in_it_is_no_byline():
    art = header("TALKS STALLED BY CHILEAN OBJECTIONS TO QUOTAS\n\n")
    assert art.author is None and art.title == "TALKS STALLED BY CHILEAN OBJECTIONS TO QUOTAS"


@pytest.mark.parametrize("folder", ["samples", "dev/articles", "dev2/articles"])
def test_every_development_article_keeps_its_metadata(folder):
    """Title, date, author and outlet of the development articles, checked against the CQs'
    evidence: a regression net for the header rules, which are tested on invented text above."""
    from pathlib import Path

    from builder.ingest import collect_files

    root = Path(__file__).resolve().parents[2] / "shared" / folder
    if not root.exists():
        pytest.skip("the development corpora are not beside the checkout")
    files, manifests = collect_files([root])
    rows = {}
    for m in manifests:
        rows.update(read_manifest(m))
    for f in files:
        art = apply_manifest(read(f)[0], rows.get(f.name))
        assert art.published, f
        assert art.author is None or len(art.author.split()) >= 2, f
        assert art.title is None or not art.title.rstrip().endswith((".", ":")), f


@pytest.mark.parametrize("line, published", [
    ("Posted : 2019-03-28 16:07 Updated : 2019-03-29 09:00", "2019-03-28"),
    ("Posted on : Mar.29,2019 16:52 EAT", "2019-03-29"),
    ("Thursday 28 March 2019 10.00 GMT", "2019-03-28"),
    ("Last modified on Thu 28 Mar 2019 12.00 GMT", "2019-03-28"),
    ("Published: 29 Mar. 2019, 18:33", "2019-03-29"),
    ("Tuesday, March 5, 2019, 10:00 a.m.", "2019-03-05"),
    ("Lima | March 28th, 2019", "2019-03-28"),
    ("28/03/2019", "2019-03-28"),
])
def test_more_header_date_spellings(line, published):
    art = header(f"Kenya and Chile settle their grain dispute\n{line}\n\n")
    assert art.published == published and art.title == "Kenya and Chile settle their grain dispute"


@pytest.mark.parametrize("byline, authors, outlet", [
    ("By Pablo Rojas and Lucia Flores | AP", ("Pablo Rojas", "Lucia Flores"), "The Associated Press"),
    ("By Kari Dahl / The Fjord Daily", ("Kari Dahl",), "The Fjord Daily"),
    ("By Dr. Amina Odhiambo", ("Amina Odhiambo",), None),
    ("Written by Lucia Flores", ("Lucia Flores",), None),
    ("By Kari Dahl and AFP", ("Kari Dahl",), "AFP"),
    ("By Kari Dahl, Correspondent in Nairobi", ("Kari Dahl",), None),
])
def test_bylines_with_outlets_honorifics_and_credits(byline, authors, outlet):
    art = header(f"Norway and Chile settle their quota dispute\n{byline}\n")
    assert art.authors == authors and art.outlet == outlet


def test_a_question_headline_before_the_body():
    art = header("Can Oslo and Lima still agree on quotas?\n\n")
    assert art.title == "Can Oslo and Lima still agree on quotas?"
    art = header("Kenya and Chile settle their grain dispute\n\nWhat will the accord change?\n\n")
    assert art.title == "Kenya and Chile settle their grain dispute" and art.body.startswith("What will")


def test_a_closing_credit_of_two_reporters_names_both():
    from builder.ingest import parse_text_article

    text = "Kenya and Chile settle their grain dispute\n\n" + BODY + "\nReporting by Wanjiru Kamau and Pablo Rojas; Editing by Kari Dahl\n"
    art = parse_text_article(text, "t.txt", "t", load_kb(), "")
    assert art.authors == ("Wanjiru Kamau", "Pablo Rojas") and art.author == "Wanjiru Kamau"


def test_metadata_authors_are_split_and_their_titles_kept(tmp_path):
    import json

    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"id": "a", "author": "Ingrid Berg and Pablo Rojas", "body": BODY}) + "\n"
                 + json.dumps({"id": "b", "author": "Amina Odhiambo, Staff Writer", "body": BODY}) + "\n")
    a, b = read(f)
    assert a.authors == ("Ingrid Berg", "Pablo Rojas") and a.author == "Ingrid Berg"
    assert b.authors == ("Amina Odhiambo",) and b.author_titles == {"Amina Odhiambo": "Staff Writer"}


def test_editing_credits_leave_the_body_without_an_author():
    from builder.ingest import parse_text_article

    text = "Kenya and Chile settle their grain dispute\n\n" + BODY + "\n(Editing by Pablo Rojas)\n"
    art = parse_text_article(text, "t.txt", "t", load_kb(), "")
    assert art.author is None and art.body.rstrip().endswith("the ministry said.")


@pytest.mark.parametrize("lead", ["By Monday Kenya and Chile had agreed on the quota.",
                                  "By March the two envoys had met three times in Lima.",
                                  "By then, Rojas had left Quito for Lima."])
def test_a_lead_sentence_opening_with_by_is_no_byline(lead):
    art = header(f"Kenya and Chile settle their grain dispute\n\n{lead}\n\n")
    assert art.author is None and art.authors == () and art.body.startswith(lead)


def test_an_agency_given_as_the_author_in_metadata_is_the_outlet(tmp_path):
    import json

    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"id": "a", "author": "AFP", "body": BODY}) + "\n"
                 + json.dumps({"id": "b", "author": "Ingrid Berg", "body": BODY}) + "\n")
    a, b = (apply_manifest(x, None) for x in read(f))
    assert a.author is None and a.outlet == "AFP"
    assert b.author == "Ingrid Berg"
    page = tmp_path / "page.html"
    page.write_text("<html><head><meta name='author' content='Fjord Wire Staff'></head><body><p>" + BODY
                    + "</p></body></html>")
    art = apply_manifest(read(page)[0], None)
    assert art.author is None and art.outlet == "Fjord Wire"


@pytest.mark.parametrize("byline, author, outlet", [
    ("By Emily Post", "Emily Post", None),
    ("By Dana Ledger", "Dana Ledger", None),
    ("By Andes Ledger", None, "Andes Ledger"),
    ("By Asia Times", None, "Asia Times"),
])
def test_a_given_name_before_an_outlet_head_that_is_a_family_name_is_a_person(byline, author, outlet):
    art = header(f"Norway and Chile settle their quota dispute\n{byline}\n")
    assert (art.author, art.outlet) == (author, outlet)


@pytest.mark.parametrize("head, title, outlet", [
    # a title-case headline ending in a word outlets end in, with a verb: the headline
    ("Chile Opens New Coastal Radio Service\nSANTIAGO, May 4 - ", "Chile Opens New Coastal Radio Service", None),
    ("Norway to Expand Arctic Patrol Service\nTROMSO - ", "Norway to Expand Arctic Patrol Service", None),
    # ... and the dateline's outlet is the outlet
    ("Norway Widens Arctic Patrol Service\nTROMSO, May 4 (Fjord Wire) - ", "Norway Widens Arctic Patrol Service", "Fjord Wire"),
    # with no verb it is still only shaped like a name: the headline when the dateline names another outlet
    ("Kenya Coast Guard Review Service\nMOMBASA, May 4 (Rift Wire) - ", "Kenya Coast Guard Review Service", "Rift Wire"),
    # a masthead with no headline under it stays the outlet
    ("The Tromso Courier\nTROMSO, May 4 (Fjord Wire) - ", None, "The Tromso Courier"),
    ("Nordic Sea News Agency\nOSLO, May 4 (NSNA) - ", None, "Nordic Sea News Agency"),
    ("Lakeside Sports Radio\nKISUMU - ", None, "Lakeside Sports Radio"),
])
def test_a_headline_ending_in_an_outlet_word_is_no_masthead(head, title, outlet):
    art = header(head)
    assert (art.title, art.outlet) == (title, outlet)


@pytest.mark.parametrize("head, author, outlet", [
    ("Chile courts Kenyan investors\nBy Ana Soto\nAndes Daily\n\n", "Ana Soto", "Andes Daily"),
    ("Chile courts Kenyan investors\nBy Ana Soto\nMarch 3, 2025\nANDES DAILY | BUSINESS\n\n", "Ana Soto", "Andes Daily"),
    ("Peru's new fisheries chief promises open waters\nDiego Salazar\nPacific Coast Times\n\n", "Diego Salazar", "Pacific Coast Times"),
    ("Peru's new fisheries chief promises open waters\nDiego Salazar\nMay 4, 2025\n\n", "Diego Salazar", None),
    ("Chile courts Kenyan investors\nUpdated March 4, 2025\nAndes Morning Times\n\n", None, "Andes Morning Times"),
])
def test_an_outlet_alone_on_its_line_after_the_byline_is_the_outlet(head, author, outlet):
    art = header(head)
    assert (art.author, art.outlet) == (author, outlet)
    assert art.title and art.title.startswith(("Chile courts", "Peru's new"))


@pytest.mark.parametrize("head", ["Chile courts Kenyan investors\nAndes Fisheries Board\nAndes Daily\n\n",
                                  "An hour with Kenya's trade minister\nAmina Odhiambo\n\n"])
def test_a_name_alone_is_a_byline_only_with_a_given_name_and_an_outlet_or_date_after_it(head):
    art = header(head)
    assert art.author is None and art.authors == ()


@pytest.mark.parametrize("byline, titles", [
    ("By Ingrid Berg, Press Officer", {"Ingrid Berg": "Press Officer"}),
    ("By Kari Dahl, Correspondent in Nairobi", {"Kari Dahl": "Correspondent in Nairobi"}),
    ("By Ingrid Berg in Tromso", {}),
    ("By Kari Dahl, Senior Fellow, Nansen Polar Institute", {"Kari Dahl": "Senior Fellow, Nansen Polar Institute"}),
    ("By Kari Dahl, Staff Reporter, Fjord Wire", {"Kari Dahl": "Staff Reporter"}),
])
def test_a_byline_keeps_the_title_after_the_name_beside_it(byline, titles):
    art = header(f"Norway and Chile settle their quota dispute\n{byline}\n")
    assert art.author_titles == titles
