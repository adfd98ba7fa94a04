"""Titles in the speaker labels of transcript turns: "DEPUTY SECRETARY JANE DOE: ...".

A label written in capitals is no sentence the parser can read, so it is split by the lexicon
alone: the title words it opens with (up to the last head and its suffixes, then "of" / "for"
and the remit words after them) and the name that ends it (one to three words, the first a given name when
there are more than one). The name becomes a person mention (in title case: "Jane Doe"), the
title a phrase of the titles layer whose holder is that person and whose relation is "label".
Which country the post is of the label does not say: the posts reader gives the post only when
the article names the holder's country or organisation elsewhere.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..names import person_key
from .layout import label_span
from .title_lexicon import Lexicon, is_given_name
from .title_mentions import MentionRepairs
from .title_phrases import Phrase


def label_titles(doc: Doc, lex: Lexicon, mentions: MentionRepairs) -> tuple[list[Phrase], set[int]]:
    """The title phrases of the capitals labels, and the tokens of every turn label (which the
    phrase reader leaves alone)."""
    phrases: list[Phrase] = []
    labelled: set[int] = set()
    for block in doc._.blocks or ():
        if block.kind != "turn" or not block.speaker:
            continue
        span = label_span(doc, block)
        if span is None:
            continue
        labelled.update(range(span.start, span.end))
        toks = [t for t in span if t.is_alpha]
        if not toks or not all(t.text.isupper() for t in toks if t.is_alpha):
            continue
        phrase = _split(doc, lex, mentions, toks)
        if phrase is not None:
            phrases.append(phrase)
    return phrases, labelled


def _split(doc: Doc, lex: Lexicon, mentions: MentionRepairs, toks) -> Phrase | None:
    words = [t.text.lower() for t in toks]
    heads = [k for k, w in enumerate(words[:-1]) if lex.head_kind(w)]
    if not heads:
        return None
    head = heads[-1]  # "DEPUTY FOREIGN MINISTER ...": the last head before the name
    k = head + 1
    while k < len(toks) and lex.suffix_after(words[head], words[k]):
        k += 1
    end = k
    if k < len(toks) and words[k] in lex.remit_preps:  # "SECRETARY OF STATE JANE DOE"
        j = k + 1
        while j < len(toks) and not _name_from(toks, j):
            j += 1
        if j == k + 1 or j >= len(toks):
            return None
        end = j
    name = toks[end:]
    if not 1 <= len(name) <= 3 or len(name) > 1 and not is_given_name(name[0].text.title()) or \
            any(lex.is_title_word(t.lower_) or t.lower_.rstrip(".") in lex.honorifics for t in name):
        return None
    head_word = words[head]
    title_words = [t.text.title() for t in toks[:end] if t.lower_ not in lex.tense or lex.tense[t.lower_] == "acting"]
    tense = next((lex.tense[w] for w in words[:head] if w in lex.tense), "current")
    p = Phrase(start=toks[0].i, end=toks[end - 1].i + 1, head_token=toks[head].i, kind=lex.head_kind(head_word),
               head=head_word, words=title_words, tense=tense, relation="label",
               has_remit=end > head + 1 and words[head + 1] in lex.remit_preps)
    if len(name) == 1:  # "MINISTER HOLM:": the surname, for coreference to resolve
        p.holder_token = name[0].i
        return p
    text = " ".join(t.text.title() for t in name)
    m = mentions.get(name[0].i)
    if m is None:
        m = mentions.add(name[0].i, name[-1].i + 1, "person", person_key(text), text)
    if m is None or m.label_ != "person":
        return None
    rec = mentions.entity(m.kb_id_)
    if rec is not None and rec.label.isupper():
        rec.label = text  # "JANE DOE" is Jane Doe
        rec.names.add(text)
    p.holder = m.kb_id_
    return p


def _name_from(toks, j: int) -> bool:
    """A name starts here: a given name followed by one or two words ending the label."""
    return is_given_name(toks[j].text.title()) and 2 <= len(toks) - j <= 3
