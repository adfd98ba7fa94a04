"""The shapes of a body line that both the header reader and the layout layer must agree on.

Where the body of a plain-text article begins (`builder.headers`) and how its lines are read
as blocks (`builder.nlp.layout`) depend on the same two shapes, kept here once and free of the
NLP stack:

- a dateline opening a paragraph: "OSLO, March 3 (Nordic Wire) --", "LIMA (AFP) -",
  "Nairobi, August 19 (Agency) --", "SEOUL/TOKYO --", "Lima -- ..." (`dateline_at`);
- a speaker's label opening a transcript turn: "DEPUTY MINISTER INGRID BERG:", "Q:",
  "Ms. Berg (Norway):", after a script cue "Ingrid Berg (Fisheries Minister):" (`turn_label`).

The label words are data: builder/patterns/layout.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .timeparse import MONTH_RE

# --- datelines -------------------------------------------------------------------------------
# A capitalised place (or places joined by "/"), then a date and an outlet in parentheses, then
# a dash. A place in title case needs the date or the outlet, or must be a place the knowledge
# base knows ("Lima -- ..."); an all-caps place may stand alone.
_DL_WORD = r"[A-Z][A-Za-z.'’-]*"
_DL_DATE = rf"(?:{MONTH_RE}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:\s+\d{{4}})?)"
DATELINE = re.compile(
    rf"^(?P<place>{_DL_WORD}(?:[ /]{_DL_WORD}){{0,3}})"
    rf"(?:,\s*(?!{MONTH_RE}\s+\d)(?P<region>{_DL_WORD}(?:\s{_DL_WORD})?))?"
    rf"(?:,?\s+(?P<date>{_DL_DATE}))?"
    r"(?:\s*\((?P<outlet>[^()]{1,60})\))?"
    r"\s*(?:--|—|–|-)\s+")


def _all_caps(place: str) -> bool:
    return place.replace("/", "").replace(" ", "").isupper()


def known_place(kb, name: str):
    """The knowledge base's place or country entry for a name as a dateline writes it, or None."""
    if kb is None:
        return None
    for form in dict.fromkeys((name, name.title() if name.isupper() else name)):
        entry = kb.lookup(form)
        if entry is not None and entry.kind in ("place", "country"):
            return entry
    return None


def dateline_at(text: str, kb=None) -> re.Match | None:
    """The dateline opening `text`, when it opens with one. Without a date or an outlet the
    place must be written in capitals, or (given the knowledge base) be a place it knows, the
    dash followed by a capitalised word: "Lima -- The talks ..."."""
    m = DATELINE.match(text)
    if m is None:
        return None
    if m.group("date") or m.group("outlet") or _all_caps(m.group("place")):
        return m
    if m.group("region") is None and known_place(kb, m.group("place")) is not None \
            and text[m.end():m.end() + 1].isupper():
        return m
    return None


def surely_a_place(place: str, kb) -> bool:
    """A dateline's place that is surely one: written in capitals, or known to the KB."""
    return _all_caps(place) or known_place(kb, place) is not None


# --- speakers' labels ------------------------------------------------------------------------

@dataclass(frozen=True)
class LayoutLexicon:
    turn_labels: frozenset
    not_speakers: frozenset
    cues: frozenset
    end_marks: frozenset
    honorifics: tuple
    honorific_label: re.Pattern


@lru_cache(maxsize=1)
def layout_lexicon() -> LayoutLexicon:
    """The label words of builder/patterns/layout.yaml, read once per process."""
    data = yaml.safe_load(resources.files("builder").joinpath("patterns/layout.yaml").read_text(encoding="utf-8"))
    up = lambda key: frozenset(str(w).upper() for w in data[key])  # noqa: E731
    honorifics = tuple(str(h) for h in data["honorifics"])
    alternation = "|".join(re.escape(h) for h in honorifics)
    honorific_label = re.compile(rf"^(?P<label>(?:{alternation})\.?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}"
                                 r"(?:\s*\([^()]{1,60}\))?)\s*:\s+(?=\S)")
    return LayoutLexicon(turn_labels=up("turn_labels"), not_speakers=up("not_speakers"), cues=up("cues"),
                         end_marks=up("end_marks"), honorifics=honorifics, honorific_label=honorific_label)


CUE = re.compile(r"^\[([^\]]{1,40})\]\s*")
# "DEPUTY MINISTER INGRID BERG:", "SERGEI LAVROV, RUSSIAN FOREIGN MINISTER (Translated):"
CAPS_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z.'’-]*(?:(?:,\s*|\s+)[A-Z][A-Z.'’-]*)*)"
                        r"(?P<note>\s*\([^()]{1,60}\))?\s*:\s+(?=\S)")
# After a cue: "Ingrid Berg (Norwegian Fisheries Minister):", "Ingrid Berg, fisheries minister:"
_CUE_SPEAKER = re.compile(r"^(?P<label>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*\([^()]{1,80}\)|,[^:\"“]{1,80})?)"
                          r"\s*:\s*(?=\S)")
_ANY_LABEL = re.compile(r"^(?P<label>[A-Za-z]{1,12})\s*:\s+(?=\S)")
# kinds of the knowledge base that a label in capitals may name without naming a speaker: a
# line "NATO: ..." or "KENYA: ..." heads a paragraph about the body or the place
_NOT_SPEAKER_KINDS = ("place", "country", "international", "organization", "ministry", "government", "outlet")


def _remark(note: str | None) -> bool:
    """A parenthetical after a speaker's label that is a remark, not a title: "(Translated)"."""
    inner = (note or "").strip().strip("()").strip()
    return bool(inner) and (len(inner.split()) == 1 or inner[:1].islower())


def _names_no_speaker(label: str, kb) -> bool:
    """A label in capitals that is the name of a place or a body the knowledge base knows."""
    if kb is None:
        return False
    for form in dict.fromkeys((label, label.title())):
        entry = kb.lookup(form)
        if entry is not None:
            return entry.kind in _NOT_SPEAKER_KINDS
    return False


def turn_label(own: str, after_cue: bool = False, kb=None) -> tuple[str, int] | None:
    """(speaker as written, length of the label) when a line opens with a speaker's label."""
    lex = layout_lexicon()
    m = _ANY_LABEL.match(own)
    if m and m.group("label").upper() in lex.turn_labels:
        return m.group("label"), m.end()
    m = CAPS_LABEL.match(own)
    if m and m.group("label").upper() not in lex.not_speakers and any(c.isalpha() for c in m.group("label")) \
            and not _names_no_speaker(m.group("label"), kb):
        label = m.group("label")
        if m.group("note") and not _remark(m.group("note")):
            label += m.group("note")
        return label, m.end()
    m = lex.honorific_label.match(own)
    if m:
        return m.group("label"), m.end()
    if after_cue:
        m = _CUE_SPEAKER.match(own)
        if m:
            return m.group("label").strip(), m.end()
    return None
