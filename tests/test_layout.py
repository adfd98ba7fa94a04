"""The layout layer: blocks of the body (turns, cues, captions, datelines, headings, end marks)
and sentences that start at lines, after speaker labels and after datelines (invented text)."""
from __future__ import annotations

import pytest

from builder.kb import load_kb
from builder.nlp.layout import blocks_of, generic_speaker


def blocks(text):
    return blocks_of(text, load_kb())


def own(text, block):
    return text[block.text_start:block.end]


@pytest.mark.parametrize("line, place, outlet, rest", [
    ("OSLO, March 3 (Fjord Wire) -- Norway's minister left.", "place:oslo", "Fjord Wire", "Norway's minister left."),
    ("Nairobi, August 19 (Lakeside Agency) -- Kenya said no.", "place:nairobi", "Lakeside Agency", "Kenya said no."),
    ("LIMA (AFP) - Chile's envoy arrived.", "place:lima", "AFP", "Chile's envoy arrived."),
    ("WASHINGTON, Nov. 19 (Fjord Wire) -- The envoy landed.", "washington", "Fjord Wire", "The envoy landed."),
    ("BEIJING, 3 May (ANA) — The envoy landed.", "beijing", "ANA", "The envoy landed."),
    ("QUITO/LIMA -- The envoys landed.", None, None, "The envoys landed."),
])
def test_a_dateline_opens_the_first_paragraph(line, place, outlet, rest):
    text = line + "\nThe talks go on."
    b = blocks(text)[0]
    assert b.kind == "text" and own(text, b) == rest
    assert b.dateline_outlet == outlet and b.dateline_place == place


class PlacesKB:
    """A knowledge base that knows a few places and bodies (the layer's mechanism, whatever
    the real knowledge base holds)."""

    KINDS = {"Lima": "place", "Nairobi": "place", "Kenya": "country", "NATO": "international",
             "ASEAN": "international", "Ingrid Berg": "person"}

    def lookup(self, name):
        from builder.kb import KBEntry

        kind = self.KINDS.get(name)
        return KBEntry(kind=kind, key=name.lower().replace(" ", "-"), label=name, country=None, parent=None) if kind else None


@pytest.mark.parametrize("line, place, rest", [
    ("Lima -- Chile's envoy arrived.", "lima", "Chile's envoy arrived."),
    ("Nairobi - The talks resumed.", "nairobi", "The talks resumed."),
])
def test_a_title_case_dateline_of_a_known_place_needs_no_date(line, place, rest):
    b = blocks_of(line, PlacesKB())[0]
    assert own(line, b) == rest and b.dateline_place == place


@pytest.mark.parametrize("line", [
    "Oslo and Lima -- two capitals far apart -- agreed on Monday.",
    "Lima -- a city of ten million -- hosted the talks.",
    "Quito - The talks resumed.",
    "Norway's minister, March 3 being a holiday, stayed home.",
    "The Kenyan envoy - a veteran - met Rojas.",
])
def test_running_text_with_dashes_is_no_dateline(line):
    b = blocks_of(line, PlacesKB())[0]
    assert b.text_start == b.start and b.dateline_outlet is None


@pytest.mark.parametrize("line, speaker, rest", [
    ("DEPUTY SECRETARY INGRID BERG: Good afternoon.", "DEPUTY SECRETARY INGRID BERG", "Good afternoon."),
    ("QUESTION: Will you meet again?", "QUESTION", "Will you meet again?"),
    ("Q: And the quota?", "Q", "And the quota?"),
    ("A: No change.", "A", "No change."),
    ("MODERATOR: Last question, please.", "MODERATOR", "Last question, please."),
    ("MINISTER ROJAS: We agreed.", "MINISTER ROJAS", "We agreed."),
    ("PABLO ROJAS, CHILEAN TRADE ENVOY (Translated): \"We will continue.\"", "PABLO ROJAS, CHILEAN TRADE ENVOY",
     "\"We will continue.\""),
    ("[Soundbite] Wanjiru Kamau (Kenyan Trade Minister): \"We are ready.\"", "Wanjiru Kamau (Kenyan Trade Minister)",
     "\"We are ready.\""),
    ("Ms. Berg (Norway): Norway supports the draft.", "Ms. Berg (Norway)", "Norway supports the draft."),
    ("Mr. Pablo Rojas: Chile abstains.", "Mr. Pablo Rojas", "Chile abstains."),
])
def test_transcript_turns_and_soundbites_carry_their_speaker(line, speaker, rest):
    b = blocks(line)[0]
    assert b.kind == "turn" and b.speaker == speaker and own(line, b) == rest


@pytest.mark.parametrize("line", ["NOTE: The talks were held in Oslo.", "Background: The envoys met twice.",
                                  "Oslo: the talks resume", "UPDATE: The minister has left Lima."])
def test_notes_and_headings_with_a_colon_are_not_turns(line):
    assert blocks(line)[0].kind != "turn"


@pytest.mark.parametrize("line", ["NATO: The alliance will meet in Oslo in May.", "KENYA: The talks resumed on Monday.",
                                  "ASEAN: Ministers will gather in Jakarta."])
def test_a_label_naming_a_place_or_a_body_is_no_speaker(line):
    assert blocks_of(line, PlacesKB())[0].kind != "turn"
    assert blocks_of("INGRID BERG: We agreed.", PlacesKB())[0].kind == "turn"


def test_generic_labels_are_roles_not_people():
    text = "QUESTION: Why now?\nMINISTER HOLM: Because."
    q, a = blocks(text)
    assert generic_speaker(q) and not generic_speaker(a)


def test_cues_captions_headings_and_end_marks():
    text = ("[Anchor Lead]\nThe envoys met in Quito today.\nChilean envoy Pablo Rojas (Fjord Wire)\n"
            "2. Minister's Schedule\nThe minister flies to Lima.\n(END)")
    kinds = [b.kind for b in blocks(text)]
    assert kinds == ["cue", "text", "caption", "headline", "text", "end"]


def test_sentences_start_at_lines_labels_and_datelines():
    from builder.nlp import parse_text

    text = ("LIMA, March 3 (Andes Wire) -- Chilean envoy Pablo Rojas met Kenyan minister Wanjiru Kamau.\n"
            "DEPUTY MINISTER INGRID BERG: Good afternoon. We talked.\n"
            "[Soundbite] Pablo Rojas (Chilean Envoy): \"We agreed.\"")
    doc = parse_text(text, "2025-03-04")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "LIMA, March 3 (Andes Wire) --"
    assert sents[1].startswith("Chilean envoy Pablo Rojas")
    assert "DEPUTY MINISTER INGRID BERG:" in sents and "Good afternoon." in sents
    assert sents[-1] == "\"We agreed.\""
    lima = next(t for t in doc if t.text == "LIMA")
    assert lima.ent_type_ == "GPE"  # the dateline's place is no person
    wire = next(e for e in doc.ents if "Andes" in e.text)
    assert wire.label_ == "ORG"


@pytest.mark.parametrize("line", ["o Trade Minister Claire Gagnon will visit Santiago.",
                                  "• Trade Minister Claire Gagnon will visit Santiago.",
                                  "- Trade Minister Claire Gagnon will visit Santiago."])
def test_a_list_item_s_text_starts_after_its_bullet(line):
    b = blocks(line)[0]
    assert b.kind == "text" and own(line, b) == "Trade Minister Claire Gagnon will visit Santiago."


def test_a_lower_case_o_word_is_no_bullet():
    line = "o dear, the minister said."
    assert own(line, blocks(line)[0]) == line
