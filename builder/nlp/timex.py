"""peninsula_time: time expressions, resolved against the publication date.

Each expression is a span of `doc.spans["time"]` with a `TimeValue` in `Span._.time`: ISO
values at the precision the text gives ("on Monday" a day, "in September" a month, "from
March 3 to 5" a start and an end), or only the expression as written when the text fixes no
date ("next week", "soon"). `TimeValue.role` says how the expression bounds an event when a
word before it says so: "until Friday" an end only, "since March" a start that is not the
event's date, "from ... to ..." a range.

The grammar is data (builder/patterns/time.yaml): token patterns compiled once into a spaCy
Matcher, each with a kind that names its resolver here. Absolute parts are read by dateutil
(`timeparse.date_fields`); what the text leaves out comes from the publication date
(`Doc._.published`) and, for a weekday or a day without a year, from the tense and modality
of the governing verb: the nearest such day before the publication date for the past, after
it for the future. "The next day", "hours later" count from the last day named before, in
the same or the previous sentence. Datelines and speaker labels (`Doc._.blocks`) hold no
time expression of the text.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
from spacy.attrs import LOWER, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..timeparse import WEEKDAYS, date_fields, month_number, time_words
from .frames import misparsed_clause_verb
from .layers import TIME, TimeValue

_FUTURE_AUX = frozenset("will 'll shall wo would could may might should can ca must".split())
_PRESENT_AUX = frozenset("is are am 's 're be being".split())
_PAST_AUX = frozenset("was were had did".split())
_PERFECT_AUX = frozenset("has have 've".split())
_RANGES = ("date_range", "date_list", "month_range", "year_range", "weekday_range")
_ANCHOR_TOKENS = frozenset({"WEEKDAY", "WEEKDAYS", "MONTH", "MAY", "YEAR", "PART_YEAR", "PART"})  # see _windows
_DEICTIC = ("relative", "weekday", "weekday_range", "anchored", "ago")  # resolved from the time of writing
_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


@dataclass(frozen=True)
class Rule:
    kind: str
    params: dict
    context: int  # leading context tokens that are not part of the expression


@dataclass(frozen=True)
class Grammar:
    matcher: Matcher
    rules: dict[str, Rule]
    numbers: dict
    roles: tuple[tuple[tuple[str, ...], str], ...]  # (words, role), longest first
    anchors: frozenset  # lower-case words one of which every expression holds
    before: int  # the most tokens a match may start before its first such word
    after: int  # ... and end after it (counting the word)


def _token_specs(name: str, tokens: dict, sets: dict) -> list[dict]:
    """The Matcher specs one element of a pattern stands for (several for "MONTH|MAY")."""
    op = None
    if name[-1:] in "?+*" and len(name) > 1:
        name, op = name[:-1], name[-1]
    alternatives = name.split("|")
    if all(a in tokens for a in alternatives):
        specs = [dict(tokens[a]) for a in alternatives]
    elif len(alternatives) == 1:
        specs = [{"LOWER": name.lower()}]
    else:
        specs = [{"LOWER": {"IN": [a.lower() for a in alternatives]}}]
    for spec in specs:
        if op:
            spec["OP"] = op
    return specs


def _expand(pattern: list[str], tokens: dict, sets: dict) -> list[list[dict]]:
    out: list[list[dict]] = [[]]
    for element in pattern:
        specs = _token_specs(str(element), tokens, sets)
        out = [p + [s] for p in out for s in specs]
    return out


def _substitute(spec, sets: dict):
    if isinstance(spec, dict):
        return {k: _substitute(v, sets) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_substitute(v, sets) for v in spec]
    if isinstance(spec, str) and spec.startswith("$"):
        value = sets[spec[1:]]
        return list(value) if isinstance(value, (list, dict)) else value
    return spec


def _grammar_data() -> dict:
    return time_words()


def load_grammar(vocab) -> Grammar:
    """The time grammar of builder/patterns/time.yaml as a Matcher over `vocab`."""
    data = _grammar_data()
    sets = data["sets"]
    tokens = {name: _substitute(spec, sets) for name, spec in data["tokens"].items()}
    matcher = Matcher(vocab)
    rules: dict[str, Rule] = {}
    for i, expr in enumerate(data["expressions"]):
        params = {k: v for k, v in expr.items() if k not in ("kind", "patterns")}
        for j, pattern in enumerate(expr["patterns"]):
            context = 0
            elements = []
            for element in pattern:
                element = str(element)
                if element.startswith("^"):
                    context += 1
                    element = element[1:]
                elements.append(element)
            key = f"TIME_{i}_{j}"
            rules[key] = Rule(expr["kind"], params, context)
            matcher.add(key, _expand(elements, tokens, sets))
    roles = sorted(((tuple(str(w).lower().split()), role) for role, words in data["roles"].items() for w in words),
                   key=lambda r: -len(r[0]))
    generic = {str(w).lower() for w in data.get("generic", ())}
    anchors = {str(w).lower() for key in ("weekday", "month", "day_part") for w in sets[key]} | {"may"}
    anchors |= {f"{w}s" for w in sets["weekday"]}
    before = after = 0
    for expr in data["expressions"]:
        for pattern in expr["patterns"]:
            first = None  # the first element every match of the pattern holds an anchor word for
            for k, element in enumerate(str(e) for e in pattern):
                alternatives = element.lstrip("^").rstrip("?+*").split("|")
                words = [w for w in alternatives if w.islower() and w.isalpha() and w not in generic]
                anchors.update(words)
                is_anchor = all(w in _ANCHOR_TOKENS or w in words for w in alternatives)
                if first is None and is_anchor and not element.endswith(("?", "*")):
                    first = k
            if first is None:
                raise ValueError(f"time.yaml: the pattern {pattern} holds no word that marks a time "
                                 "expression; take one of its words out of `generic`")
            before, after = max(before, first), max(after, len(pattern) - first)
    return Grammar(matcher, rules, dict(sets.get("number") or {}), tuple(roles), frozenset(anchors), before, after)


_YEAR_LIKE = re.compile(r"^(?:(?:early|mid|late)-)?(1[89]|20)\d\d$", re.IGNORECASE)
_YEAR_SHAPES = ("dddd", "xxx-dddd", "xxxx-dddd", "Xxx-dddd", "Xxxxx-dddd", "Xxxx-dddd")
_HASHES: dict[int, np.ndarray] = {}


def _anchor_hashes(grammar: Grammar, strings) -> np.ndarray:
    key = id(grammar)
    if key not in _HASHES:
        _HASHES[key] = np.array(sorted(strings.add(w) for w in grammar.anchors), dtype=np.uint64)
    return _HASHES[key]


def _windows(doc: Doc, grammar: Grammar) -> list[tuple[int, int]]:
    """Token ranges around the words every expression holds (a month, "ago", "today", a year):
    the matcher runs there only, not over every token of the text."""
    out: list[tuple[int, int]] = []
    if not len(doc):
        return out
    lower, shape = doc.to_array([LOWER, SHAPE]).T
    hashes = _anchor_hashes(grammar, doc.vocab.strings)
    shapes = np.array([doc.vocab.strings.add(x) for x in _YEAR_SHAPES], dtype=np.uint64)
    marked = np.isin(lower, hashes) | np.isin(shape, shapes)
    for i in np.flatnonzero(marked).tolist():
        tok = doc[i]
        if tok.lower_ in grammar.anchors or _YEAR_LIKE.match(tok.text):
            a, b = max(0, i - grammar.before), min(len(doc), i + grammar.after)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


# --- tense of the governing verb -----------------------------------------------------------

def governing_verb(tok: Token) -> Token | None:
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


@lru_cache(maxsize=1)
def _prospective() -> frozenset:
    return frozenset(w.lower() for w in _grammar_data().get("prospective", ()))


def tense(verb: Token | None, depth: int = 0) -> str:
    """"past", "future", "present" or "" (unknown) for the clause a verb heads."""
    if verb is None:
        return ""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if not auxes and verb.dep_ == "conj" and verb.tag_ in ("VB", "VBN", "VBG") and depth < 3:
        return tense(verb.head, depth + 1)  # "will leave on Monday and stay until Tuesday": one modal
    if words & _FUTURE_AUX:
        return "future"
    if verb.lemma_.lower() in _prospective():  # "was expected on Tuesday": a plan, not a report
        if not auxes and verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "relcl") and depth < 3:
            outer = tense(governing_verb(verb.head), depth + 1)  # "the vote, set for Sunday, was ..."
            return "nearest" if outer in ("past", "nearest") else "future"
        return "nearest" if words & _PAST_AUX or verb.tag_ == "VBD" or words & _PERFECT_AUX else "future"
    if "to" in words or verb.tag_ == "VB" and verb.dep_ == "xcomp":  # an infinitive: "is due to meet"
        head = governing_verb(verb.head) if verb.head.i != verb.i else None
        outer = tense(head, depth + 1) if head is not None and depth < 3 else ""
        return "future" if outer in ("future", "present", "") else "nearest"
    if words & _PAST_AUX or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        if words & _PERFECT_AUX:
            return "past"
        if words & _PRESENT_AUX:
            return "present"  # "is expected", "are scheduled"
        return "past"  # "the talks, held on Monday"
    if verb.tag_ == "VBG":
        if words & _PRESENT_AUX:
            return "future"  # "is meeting on Monday"
        if words & _PAST_AUX:
            return "past"
        head = governing_verb(verb.head) if verb.head.i != verb.i else None
        return tense(head, depth + 1) if head is not None and depth < 3 else ""
    if verb.tag_ in ("VBZ", "VBP"):
        if words & _PERFECT_AUX:
            return "past"
        return "present"
    return ""


def _direction(t: str) -> str:
    """Which way an unanchored day lies from the publication date: "past", "future", "nearest"."""
    return {"past": "past", "future": "future", "present": "future"}.get(t, "nearest")


_VERBS = ("VERB", "AUX")


def own_verb(tok: Token) -> Token | None:
    """The verb an expression is an adverbial of, when it is one: "met on Friday", "will meet
    Friday", "is due on Monday", and, since a name or a verb's object carries no time of its
    own, "met Rojas in Lima on Friday" or "will hold talks on Monday" however the parser hangs
    the phrase on the name or the object. None for a date inside a noun phrase ("a June 30
    meeting", "Sunday's launch") or on a noun that is not the verb's object ("arrives for talks
    on Monday", "weeks after a meeting on June 30"): the verb's tense does not date those."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:  # "on Monday and Tuesday"
        t = t.head
    head = t.head
    if head.i == t.i:
        return None
    if head.pos_ in _VERBS:
        return head
    if t.dep_ != "pobj" or head.pos_ != "ADP":
        return None
    for _ in range(3):  # "in Lima on Friday", "with the envoy of Chile on Friday"
        noun = head.head
        if noun.pos_ in _VERBS:
            return noun
        if noun.pos_ == "ADJ" and noun.dep_ in ("acomp", "amod") and noun.head.pos_ in _VERBS:
            return noun.head  # "is due in Lima on Monday"
        copula = misparsed_clause_verb(noun)
        if copula is not None:
            return copula  # "is due to land on Friday", the verb read as a noun after "to"
        if noun.pos_ == "PROPN" or noun.dep_ in ("dobj", "attr") and noun.head.pos_ in _VERBS:
            if noun.head.pos_ in _VERBS:
                return noun.head
            if noun.dep_ == "pobj" and noun.head.pos_ == "ADP":
                head = noun.head
                continue
        return None
    return None


def _subject_verb(tok: Token) -> Token | None:
    """The verb whose subject is the noun phrase a date sits in: "Monday's talks will focus on
    trade", "the March 3 vote was put off": the clause tells of that noun's own event."""
    noun = tok
    for _ in range(3):
        if noun.dep_ not in _INSIDE_NOUN or noun.head.i == noun.i or noun.head.pos_ not in ("NOUN", "PROPN"):
            break
        noun = noun.head
    if noun.i != tok.i and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in _VERBS:
        return noun.head
    return None


def tense_of(span: Span, role: str | None = None) -> str:
    """The tense that dates an expression whose year or week the text leaves out.

    As its verb's own adverbial (`own_verb`), or inside the verb's subject ("Monday's talks
    will focus on trade"), the verb's tense. Otherwise only an order the
    words give: under a verb in the past the thing a noun names happened before it ("condemned
    Sunday's launch", "met weeks after a June 30 meeting"), unless it comes after it ("before
    Sunday's vote"); under a future or present verb a thing it comes before lies ahead ("will
    confer ahead of Sunday's vote"). Anything else: "" (the nearest such day)."""
    verb = own_verb(span.root) or _subject_verb(span.root)
    if verb is not None:
        return tense(verb)
    outer = tense(governing_verb(span.root))
    if outer in ("past", "nearest") and role != "before":
        return outer
    if outer in ("future", "present") and role == "before":
        return "future"
    return ""


# --- calendar arithmetic -------------------------------------------------------------------

def add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + offset, 12)
    return y, m + 1


def weekday_near(pub: date, target: int, direction: str, modifier: str = "") -> date:
    ahead = (target - pub.weekday()) % 7
    back = (pub.weekday() - target) % 7
    if modifier == "next":
        return pub + timedelta(days=ahead or 7)
    if modifier in ("last", "past"):
        return pub - timedelta(days=back or 7)
    if modifier == "coming":
        return pub + timedelta(days=ahead)
    if direction == "past":
        return pub - timedelta(days=back)
    if direction == "future":
        return pub + timedelta(days=ahead)
    return pub - timedelta(days=back) if back <= ahead else pub + timedelta(days=ahead)


def year_for(month: int, pub: date, direction: str) -> int:
    """The year of a month named without one, seen from the publication date."""
    if direction == "past":
        return pub.year if month <= pub.month else pub.year - 1
    if direction == "future":
        return pub.year if month >= pub.month else pub.year + 1
    if abs(month - pub.month) <= 6:
        return pub.year
    return pub.year - 1 if month > pub.month else pub.year + 1


def _range_years(m1: int, m2: int, years: list[int], pub: date | None, direction: str, year_first: bool = False):
    """The years of a range's first and last month: as written ("from 2019 to 2020"), one year
    written for the end ("from November to February 2020": the start in 2019) or for the start
    (`year_first`: "from November 2019 to February": the end in 2020), or from the publication
    date; the end is in the next year when its month comes before the start's."""
    if len(years) >= 2:
        return years[0], years[-1]
    if years and year_first:
        return years[0], (years[0] + 1 if m2 < m1 else years[0])
    if years:
        return (years[0] - 1 if m1 > m2 else years[0]), years[0]
    if pub is None:
        return None, None
    y1 = year_for(m1, pub, direction)
    return y1, (y1 + 1 if m2 < m1 else y1)


def _iso_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# --- the component -------------------------------------------------------------------------

@Language.factory("peninsula_time", default_config={})
def make_time(nlp: Language, name: str):
    return TimeFinder(nlp)


class TimeFinder:
    def __init__(self, nlp: Language):
        self.grammar = load_grammar(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TIME] = find_times(doc, self.grammar)
        return doc


def _excluded(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of datelines and speaker labels: no time expression of the text."""
    return [(b.start, b.text_start) for b in (doc._.blocks or ()) if b.text_start > b.start]


def find_times(doc: Doc, grammar: Grammar) -> list[Span]:
    excluded = _excluded(doc)
    candidates = []
    matches = [(key, w0 + start, w0 + end) for w0, w1 in _windows(doc, grammar)
               for key, start, end in grammar.matcher(doc[w0:w1])]
    for key, start, end in matches:
        rule = grammar.rules[grammar.matcher.vocab.strings[key]]
        start += rule.context
        if start >= end:
            continue
        idx = doc[start].idx
        if any(a <= idx < b for a, b in excluded):
            continue
        while end > start + 1 and doc[end - 1].is_punct:  # "from March 30 to April 2," ends at "2"
            end -= 1
        if rule.kind == "date_list" and end < len(doc) and doc[end].pos_ in ("NOUN", "ADJ"):
            continue  # "on May 3 and 11 ministers": a number of ministers, not a day
        if doc[end - 1].lower_ in ("before", "after") and end < len(doc) and not (
                doc[end].is_punct or doc[end].is_space or doc[end].pos_ == "CCONJ"):
            continue  # "a day before the vote" dates the vote's eve, not a day named before
        candidates.append(Span(doc, start, end, label=key))
    spans = sorted(filter_spans(candidates), key=lambda s: s.start)
    pub = doc._.published
    sent_of = {}
    for n, sent in enumerate(doc.sents):
        sent_of[sent.start] = n
    quoted = _quotations(doc)
    blocks = [(b.start, b.end) for b in (doc._.blocks or ())]
    anchors: list[tuple[int, int, str]] = []  # (sentence, block, ISO day) of each day named so far
    out: list[Span] = []
    for span in spans:
        rule = grammar.rules[span.label_]
        sent_n = sent_of.get(span.sent.start, 0)
        block = next((n for n, (a, b) in enumerate(blocks) if a <= span.start_char < b), -1)
        in_quote = any(a <= span.start_char < b for a, b in quoted)
        role, words, noun, noun_role = _role(doc, span, grammar)
        if in_quote and rule.kind in _DEICTIC and rule.params.get("unit", "day") == "day":
            start, end = None, None  # "today" in a quotation is the day it was said
        else:
            try:
                start, end = resolve(span, rule, pub, grammar, anchors, sent_n, block, role or noun_role)
            except (ValueError, OverflowError, KeyError):
                start, end = None, None
        if rule.kind in _RANGES and end:
            role, words, noun, noun_role = "range", 0, None, None
        if role == "end" and start and not end:
            start, end = None, start  # "until Friday": an end only
        if words:  # the expression as written says its role: "until Friday", "since March"
            span = Span(doc, span.start - words, span.end, label=span.label_)
        items = [(span, start)]
        if rule.kind == "date_list" and start and not end:  # "on March 3 and 17": two days
            items = _list_items(span, _list_days(span, pub, _direction(tense_of(span, role or noun_role))) or [start])
        for item, day in items:
            item._.time = TimeValue(item.text, day, end, role, noun, noun_role)
            out.append(item)
            if day and len(day) == 10 and not end and role not in ("before", "after") and \
                    noun_role not in ("before", "after"):
                anchors.append((sent_n, block, day))
    return out


def _quotations(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of direct quotations, within a line."""
    return [m.span() for m in _QUOTE.finditer(doc._.text)]


def _role(doc: Doc, span: Span, grammar: Grammar) -> tuple[str | None, int, int | None, str | None]:
    """The role the words just before an expression give it and how many words they are; when
    the expression dates a noun that a role word governs ("ahead of Sunday's vote", "after a
    June 30 meeting"), that noun's token index and the role of its phrase. A date inside the
    noun phrase is the noun's own date: its role is the phrase's only when the role word is
    written right before it ("ahead of Sunday's vote", as before)."""
    if span[0].lower_ in ("from", "between"):  # a range's own opening word
        return None, 0, None, None
    root = span.root
    for words, role in grammar.roles:
        n = len(words)
        if span.start - n >= 0 and tuple(t.lower_ for t in doc[span.start - n:span.start]) == words:
            word = doc[span.start - 1]
            if root.head.i == word.i or root.head.i == root.i:
                return role, n, None, None
            if role != "start" and root.dep_ == "poss" and root.head.head.i == word.i:  # "until Sunday's vote"
                return role, n, root.head.i, role
            break
    noun_role, noun = _role_of_noun(doc, span, grammar)
    return None, 0, noun, noun_role


_INSIDE_NOUN = ("compound", "nmod", "amod", "poss", "nummod", "npadvmod")


def _role_of_noun(doc: Doc, span: Span, grammar: Grammar) -> tuple[str | None, int | None]:
    """The role of an expression inside a noun phrase that a role word governs, and the noun:
    "weeks after a June 30 meeting" (after, meeting), "before Sunday's vote" (before, vote),
    "until the March 3 deadline" (end, deadline). The noun names another event, which the
    expression dates."""
    tok = span.root
    for _ in range(4):  # up through the noun phrase: "a June 30 meeting", "their meeting in Lima on June 30"
        head = tok.head
        if head.i == tok.i or head.pos_ in _VERBS:
            return None, None
        if tok.dep_ in _INSIDE_NOUN and head.pos_ in ("NOUN", "PROPN"):
            tok = head
        elif tok.dep_ == "pobj" and head.pos_ == "ADP" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i != head.i:
            tok = head.head
        else:
            return None, None
        if tok.dep_ == "pobj":
            prep = tok.head
            for words, role in grammar.roles:
                n = len(words)
                if role != "start" and prep.i - n + 1 >= 0 and \
                        tuple(t.lower_ for t in doc[prep.i - n + 1:prep.i + 1]) == words:
                    return role, tok.i
    return None, None


def _parts(span: Span) -> tuple[list[int], list[int], list[int]]:
    """Months, days and years written in a span, in order."""
    months, days, years = [], [], []
    for t in span:
        m = month_number(t.text) if t.is_title else None
        if m:
            months.append(m)
        elif re.fullmatch(r"(?:(?:early|mid|late)-)?(1[89]|20)\d\d", t.lower_):
            years.append(int(t.text[-4:]))
        elif re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", t.text):
            days.append(int(re.match(r"\d+", t.text).group(0)))
    return months, days, years


def _list_days(span: Span, pub: date | None, direction: str) -> list[str] | None:
    """The days of a list of one month's days ("March 10 and 17"), in order, or None."""
    months, days, years = _parts(span)
    if len(months) != 1 or len(days) < 2:
        return None
    y = years[0] if years else (year_for(months[0], pub, direction) if pub else None)
    out = [_iso_day(y, months[0], d) for d in days] if y else []
    return out if out and None not in out and out == sorted(set(out)) else None


def _list_items(span: Span, days: list[str]) -> list[tuple[Span, str]]:
    """The days of a list that are not a range, one span each: "March 3" and "17"."""
    doc = span.doc
    tokens = [t for t in span if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", t.text)]
    out = []
    for n, (tok, day) in enumerate(zip(tokens, days)):
        start, end = tok.i, tok.i + 1
        if n == 0 and tok.i > span.start and doc[tok.i - 1].is_title:  # "March 3": the month with the first day
            start = tok.i - 1
        if n == len(tokens) - 1 and end < span.end and doc[end].is_title:  # "17 May": the month with the last
            end += 1
        out.append((Span(doc, start, end, label=span.label_), day))
    return out


def _year_first(span: Span) -> bool:
    """A range whose only year is written before its last month ("from November 2019 to March")."""
    months = [t.i for t in span if t.is_title and month_number(t.text)]
    years = [t.i for t in span if _YEAR_LIKE.match(t.text)]
    return len(years) == 1 and len(months) >= 2 and years[0] < months[-1]


def _rel_year(span: Span, pub: date | None) -> int | None:
    words = [t.lower_ for t in span]
    for w, off in (("last", -1), ("this", 0), ("next", 1)):
        if w in words and "year" in words and pub is not None:
            return pub.year + off
    return None


def _number(span: Span, grammar: Grammar) -> int | None:
    for t in span:
        if t.lower_ in grammar.numbers:
            return grammar.numbers[t.lower_]
        if t.like_num and t.text.isdigit():
            return int(t.text)
    return None


def resolve(span: Span, rule: Rule, pub: date | None, grammar: Grammar, anchors, sent_n: int, block: int = -1,
            role: str | None = None):
    """(start, end) ISO values of one expression, or (None, None) when the text fixes none."""
    kind, p = rule.kind, rule.params
    if kind == "vague":
        return None, None
    said = tense_of(span, role)
    direction = _direction(said)
    if kind in ("date", "month"):
        months, days, years = _parts(span)
        if not months:
            return None, None
        text = " ".join(str(x) for x in (*[calendar.month_name[m] for m in months[:1]], *days[:1], *years[:1]))
        y, m, d = date_fields(text)
        if m is None:
            return None, None
        y = y or _rel_year(span, pub) or (year_for(m, pub, direction) if pub else None)
        if y is None:
            return None, None
        if kind == "month" or d is None:
            return f"{y:04d}-{m:02d}", None
        return _iso_day(y, m, d), None
    if kind == "month_range":
        months, _, years = _parts(span)
        if len(months) < 2:
            return None, None
        m1, m2 = months[0], months[-1]
        y1, y2 = _range_years(m1, m2, years, pub, direction, _year_first(span))
        if y1 is None:
            return None, None
        return f"{y1:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}"
    if kind == "year":
        _, _, years = _parts(span)
        return (f"{years[0]:04d}", None) if years else (None, None)
    if kind == "year_range":
        _, _, years = _parts(span)
        return (f"{years[0]:04d}", f"{years[1]:04d}") if len(years) >= 2 else (None, None)
    if kind == "date_list":
        days = _list_days(span, pub, direction)
        if not days:
            return None, None
        consecutive = all(date.fromisoformat(b) - date.fromisoformat(a) == timedelta(days=1)
                          for a, b in zip(days, days[1:]))
        return (days[0], days[-1]) if consecutive else (days[0], None)
    if kind == "date_range":
        months, days, years = _parts(span)
        if not months or len(days) < 2:
            return None, None
        m1, m2 = months[0], months[-1]
        y1, y2 = _range_years(m1, m2, years, pub, direction, _year_first(span))
        if y1 is None:
            return None, None
        first, last = _iso_day(y1, m1, days[0]), _iso_day(y2, m2, days[1])
        if first is None or last is None or last < first:
            return None, None  # not a calendar range ("March 30 to 2")
        return first, last
    if pub is None and kind != "anchored":
        return None, None
    if kind in ("weekday", "weekday_range"):
        targets = [WEEKDAYS[t.lower_] for t in span if t.lower_ in WEEKDAYS and t.is_title]
        if not targets:
            return None, None
        modifier = next((t.lower_ for t in span if t.lower_ in ("last", "next", "this", "coming", "past")), "")
        first = weekday_near(pub, targets[0], direction, modifier)
        if kind == "weekday_range" and len(targets) >= 2:
            length = timedelta(days=(targets[1] - targets[0]) % 7)
            if not modifier and said in ("present", ""):  # "is in Lima from Monday to Thursday": under way
                current = weekday_near(pub, targets[0], "past")
                if current + length >= pub:
                    first = current
            elif not modifier and direction == "past" and first + length > pub:
                first -= timedelta(days=7)  # "was in Lima from Monday to Thursday": all of it before
            return first.isoformat(), (first + length).isoformat()
        return first.isoformat(), None
    if kind == "relative":
        unit, offset = p.get("unit", "day"), int(p.get("offset", 0))
        if unit == "day":
            return (pub + timedelta(days=offset)).isoformat(), None
        if unit == "month":
            y, m = add_months(pub.year, pub.month, offset)
            return f"{y:04d}-{m:02d}", None
        return f"{pub.year + offset:04d}", None
    if kind == "anchored":
        near = [day for n, blk, day in anchors if n >= sent_n - 1 or blk == block]  # the paragraph, the sentence before
        if p.get("reach") == "article":  # "earlier in the day": the article's last day named
            before = [day for _, _, day in anchors]
        elif p.get("reach") == "only" and not near and len({day for _, _, day in anchors}) == 1:
            before = [anchors[-1][2]]  # "the same day" paragraphs after the one day the article names
        else:
            before = near
        if before:
            base = date.fromisoformat(before[-1])
        elif p.get("fallback") == "published" and pub is not None:
            base = pub
        else:
            return None, None
        return (base + timedelta(days=int(p.get("offset", 0)))).isoformat(), None
    if kind == "ago":
        n = _number(span, grammar)
        unit = next((t.lower_.rstrip("s") for t in span if t.lower_.rstrip("s") in ("day", "month", "year")), None)
        if n is None or unit is None:
            return None, None
        if unit == "day":
            return (pub - timedelta(days=n)).isoformat(), None
        if unit == "month":
            y, m = add_months(pub.year, pub.month, -n)
            if p.get("today"):
                return _iso_day(y, m, min(pub.day, calendar.monthrange(y, m)[1])), None
            return f"{y:04d}-{m:02d}", None
        if p.get("today"):
            y = pub.year - n
            return _iso_day(y, pub.month, min(pub.day, calendar.monthrange(y, pub.month)[1])), None
        return f"{pub.year - n:04d}", None
    return None, None
