"""Header and trailer lines of a plain-text article: what is metadata, where the body begins.

The header is read line by line until the first body line (a line ending like a sentence, a
dateline, a speaker's turn, a script cue, a numbered section): masthead lines name the outlet
("The Fjord Courier", "ANDES LEDGER | INTERVIEW": capitalised words ending in an outlet head),
document and section labels ("READOUT", "PRESS RELEASE", "World") and issuing offices are set
aside, date lines give the publication date when they hold a full date (`timeparse`), bylines
give the authors, each with the title written after the name ("By Jane Doe, Press Officer")
or, for an agency ("By AFP", "By Reuters Staff", "Source: ANA"), an outlet that stands in
only when no other is known; the headline is the first remaining line shaped like one.
Trailing lines (`(END)`, a repeated byline, an e-mail, "Reporting by ..." credits, copyright)
leave the body. The header words are data: builder/patterns/headers.yaml (with the honorifics
of builder/patterns/layout.yaml and the weekdays of builder/patterns/time.yaml).

A title-case line shaped like an outlet's name that the knowledge base does not know is a
name only when it holds no verb: the model's tagger alone (loaded once, only for such lines)
reads "Chile Opens New Coastal Radio Service" as a headline. A name alone under the headline
and above an outlet's name or a date is the byline without its "By"; an outlet's name alone
after the byline or a date line is the outlet.

`split_header`, `split_trailer` and `settle_with_dateline` are what `builder.ingest` calls.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from .kb import KB
from .lineshapes import CAPS_LABEL, dateline_at, layout_lexicon, surely_a_place, turn_label
from .names import given_name_strength
from .timeparse import MONTH_RE, MONTHS, WEEKDAYS, find_date, weekday_pattern

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MINOR = frozenset("of the and for on in at & de du da del des la le van von der bin al el".split())
_PARTICLES = frozenset("de du da del des dos la le van von der den ter bin binti al el ibn".split())
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zà-ÿ'’]*(?:[-'’][A-Za-zà-ÿ]+)*|[A-Z]\.(?:[A-Z]\.)*|[A-Z][A-Z'’]+(?:-[A-Z]+)*|Mc[A-Z][a-z]+)$")
_SEGMENT_SEP = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+")
_CLOSERS = "\"'”’)]»"
_NUMBERED = re.compile(r"^\d+[.)]\s")
_NOTE_LINE = re.compile(r"^\((?!END\))[^()]*\)$", re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"\(?\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\)?|[+-]\d{2}:?\d{2}\b|\b[A-Z]{2,4}\b(?=\s*$)|\b[A-Z]{3}\b")


@dataclass(frozen=True)
class HeaderLexicon:
    outlet_heads: frozenset
    surname_heads: frozenset
    outlet_openers: frozenset
    staff: re.Pattern
    labels: frozenset
    issuer: re.Pattern
    date_label: re.Pattern
    date_label_anywhere: re.Pattern
    chrome: re.Pattern
    script_cues: frozenset
    credit: re.Pattern
    other_credit: re.Pattern
    by: re.Pattern  # what opens a byline: "By", "BY", a credit verb ("Written by")
    honorific: re.Pattern  # an honorific before an author's name ("Dr.", "Ms")
    weekday: re.Pattern  # a weekday's name or short form in a date line ("Tue", "Thursday")


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def header_lexicon() -> HeaderLexicon:
    """The header words of builder/patterns/headers.yaml, read once per process."""
    data = yaml.safe_load(resources.files("builder").joinpath("patterns/headers.yaml").read_text(encoding="utf-8"))
    low = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
    openers = [str(w) for w in data["byline_openers"] + data["credit_verbs"]]
    return HeaderLexicon(
        outlet_heads=low("outlet_heads"), surname_heads=low("surname_heads"), outlet_openers=low("outlet_openers"),
        staff=re.compile(rf"\s+(?:{_alternation(data['staff_words'])})$", re.IGNORECASE),
        labels=low("labels"),
        issuer=re.compile(rf"^(?:{_alternation(data['issuer_openers'])})\b", re.IGNORECASE),
        date_label=re.compile(rf"^(?:{_alternation(data['date_labels'])})\s*(?:on|at)?\s*[:：]?\s*", re.IGNORECASE),
        date_label_anywhere=re.compile(rf"\b(?:{_alternation(data['date_labels'])})\b\s*(?:on|at)?\s*[:：]?", re.IGNORECASE),
        chrome=re.compile(rf"^(?:[•·*]\s*)?(?:{_alternation(data['chrome'])})$", re.IGNORECASE),
        script_cues=low("script_cues"),
        credit=re.compile(rf"^\(?(?:{_alternation(data['credit_verbs'])})\s+(?P<names>[^;|)]+)", re.IGNORECASE),
        other_credit=re.compile(rf"^\(?(?:{_alternation(data['other_credits'])})\s+[A-Z]", re.IGNORECASE),
        by=re.compile(rf"(?:^|\s)(?:{_alternation(openers + [w.upper() for w in openers])})\s+(?=[A-Z])"),
        honorific=re.compile(rf"^(?:{_alternation(layout_lexicon().honorifics)})\.?\s+(?=[A-Z])"),
        weekday=weekday_pattern())


def _words(text: str) -> list[str]:
    return text.split()


def _capitalised(text: str) -> bool:
    """Every word capitalised, a number, or a minor word ("Voice of the Andes")."""
    words = _words(text)
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR for w in words)


def _recase(text: str) -> str:
    """An all-caps name in the case it is written elsewhere ("NORDIC WIRE" -> "Nordic Wire")."""
    if not text.isupper():
        return text
    out = []
    for i, w in enumerate(text.split()):
        if w.lower() in _MINOR and i:
            out.append(w.lower())
        elif len(w) <= 3 and not re.search(r"[AEIOUY]", w) or "." in w.strip("."):
            out.append(w)  # "FM", "TV", "U.S."
        else:
            out.append(re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), w))
    return " ".join(out)


def outlet_name(text: str, kb: KB) -> str | None:
    """The outlet a short name is, when it is one: known to the KB, or shaped like an outlet's
    name (capitalised words ending in an outlet head, "Nordic Wire", or opening with one,
    "Radio Sunrise")."""
    text = text.strip().strip(".,:;")
    if not text:
        return None
    known = kb.outlet_label(text)
    if known:
        return known
    lex = header_lexicon()
    words = _words(text)
    if not 1 <= len(words) <= 6 or not _capitalised(text) or kb.lookup(text) is not None:
        return None
    head = words[-1].lower().strip(".")
    if len(words) == 2 and head in lex.surname_heads and _given_name(words[0]):
        return None  # "Jane Post": a person
    if len(words) >= 2 and (head in lex.outlet_heads or words[0].lower() in lex.outlet_openers) \
            and not _has_verb(words):
        return _recase(text)
    return None


_VERB_TAGS = frozenset({"VBZ", "VBP", "VBD", "VB", "MD", "TO"})


@lru_cache(maxsize=1)
def _tagger():
    """The model's part-of-speech tagger alone, loaded once and only when a header line is
    shaped like an outlet's name without being one the knowledge base knows."""
    import spacy

    from .nlp import MODEL, drop_unwritten_contractions

    nlp = spacy.load(MODEL, exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "senter"])
    drop_unwritten_contractions(nlp)
    return nlp


@lru_cache(maxsize=256)
def _has_verb_text(text: str) -> bool:
    doc = _tagger()(text)
    head = len(doc) - 1
    return any(t.tag_ in _VERB_TAGS and not (t.i == head - 1 and t.tag_ in ("VBZ", "VBP")) for t in doc[:head])


def _has_verb(words: list[str]) -> bool:
    """Words in title case or capitals that hold a finite verb or an infinitive before their
    last word: a headline ("Japan Expands Coast Guard Service", "Kenya to Host Trade
    Summit Daily"), not a name. Read by the tagger with the words after the first in lower
    case, as in running text (a short acronym keeps its capitals: "FM", "TV"). A word in -s
    right before the last is a plural noun that modifies it ("Sports Radio", "Notices
    Digest"), not a verb."""
    if len(words) < 3:
        return False
    cased = [words[0]] + [w if len(w) <= 3 and w.isupper() or "." in w else w.lower() for w in words[1:]]
    return _has_verb_text(" ".join(cased))


def agency_name(text: str, kb: KB) -> str | None:
    """The outlet an agency byline names: "AFP", "Reuters Staff", "Nordic Wire"."""
    text = text.strip()
    base = header_lexicon().staff.sub("", text).strip()
    if not base:
        return None
    named = outlet_name(base, kb)
    if named:
        return named
    if re.fullmatch(r"[A-Z][A-Z&-]{1,7}", base):  # an acronym: "AFP", "KCNA"
        return base
    return None


def _person_name(text: str, kb: KB) -> str | None:
    """A person's name as a byline writes it ("Jane Doe", "JANE DOE", "Ana de la Cruz")."""
    text = header_lexicon().honorific.sub("", text.strip().strip(",;:"))
    if text.endswith(".") and len(text.split()[-1]) > 2:  # "By Jane Doe." but not "Jane H."
        text = text[:-1]
    words = _words(text)
    if not 2 <= len(words) <= 5 or kb.lookup(text) is not None:
        return None
    if words[0].lower() in _PARTICLES or words[-1].lower() in _PARTICLES:
        return None
    if any(w.lower().rstrip(".") in WEEKDAYS or w.lower().rstrip(".") in MONTHS for w in words[:1]):
        return None  # "By Monday ...", "By March ...": a time, not a name
    for w in words:
        if w.lower() not in _PARTICLES and not _NAME_TOKEN.match(w):
            return None
    return _recase(text)


@lru_cache(maxsize=4096)
def _given_name(word: str) -> bool:
    """A word that is someone's given name ("John", "Ingrid"): by gender-guesser's name lists."""
    return given_name_strength(word) > 0


def _byline_prefix(prefix: str, kb: KB) -> bool:
    """What may stand before "By" on a byline's line: a document label, maybe after a place
    ("Ottawa Media Advisory", "PRESS RELEASE"), an outlet, or a place."""
    words = _words(prefix.rstrip(" |-–—:"))
    if not words or not _capitalised(" ".join(words)):
        return False
    for n in range(1, min(3, len(words)) + 1):
        if _is_label(" ".join(words[-n:])) and len(words) - n <= 3:
            return True
    text = " ".join(words)
    return bool(outlet_name(text, kb)) or _place_line(text, kb)


@dataclass
class Byline:
    authors: list[str]
    outlets: list[str]
    rest: int | None = None  # where body text on the byline's own line begins (a dateline)
    titles: dict[str, str] = field(default_factory=dict)  # author -> the title written after the name


def parse_byline(line: str, kb: KB) -> Byline | None:
    """A byline: "By Jane Doe, Press Officer", "Ottawa Media Advisory By Jane Doe, Spokesperson",
    "By Jane Doe and John Roe", "By JANE DOE", "By AFP", "By Reuters Staff", "By Jane Doe
    OSLO (Nordic Wire) -- ..." (the body goes on after the dateline). The title after the name
    is not part of it but kept beside it (`Byline.titles`: "Jane Doe" -> "Press Officer"); an
    agency byline names an outlet, never a person."""
    m = header_lexicon().by.search(line)
    if m is None:
        return None
    prefix = line[:m.start()].strip()
    if prefix and not _byline_prefix(prefix, kb):
        return None
    rest_start = m.end()
    text = line[rest_start:]
    body_at = None
    for dm in re.finditer(r"\s(?=[A-Z])", text):  # a dateline after the names: the body's first words
        dl = dateline_at(text[dm.end():], kb)
        if dl and surely_a_place(dl.group("place"), kb):
            body_at = rest_start + dm.end()
            text = text[:dm.start()]
            break
    text = text.strip()
    if "," not in text:  # "By Jane Doe in Oslo" (but "By Jane Doe, Correspondent in Oslo" keeps its title)
        text = re.sub(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?\s*$", "", text)
    parts = [p.strip() for p in re.split(r",|\s[|/]\s|\s[-–—]\s", text) if p.strip()]
    if not parts:
        return None
    authors: list[str] = []
    outlets: list[str] = []
    titles: dict[str, str] = {}
    for n, part in enumerate(parts):
        names = [x for x in re.split(r"\s+(?:and|&)\s+", part) if x]
        if n and not all(_given_name(x.split()[0].strip(".")) for x in names if x.split()):
            title = []  # the title after the names ("Press Officer", "Senior Fellow at the ... Institute")
            for rest in parts[n:]:
                agency = agency_name(rest, kb)  # "By Jane Doe, Nordic Wire": the writer's outlet
                if agency:
                    outlets.append(agency)
                    break
                title.append(rest)
            if title and authors:
                for author in authors[-len(last) if last else -1:]:
                    titles[author] = ", ".join(title)
            break
        last = []
        for name in names:
            agency = agency_name(name, kb)
            if agency:
                outlets.append(agency)
                continue
            person = _person_name(name, kb)
            if person is None:  # "By Monday Kenya and Chile had agreed": a lead sentence, no byline
                return None if n == 0 else Byline(authors, outlets, body_at, titles)
            authors.append(person)
            last.append(person)
    if not authors and not outlets:
        return None
    return Byline(authors, outlets, body_at, titles)


def _opens_body(line: str, kb: KB) -> bool:
    """A line that is body text whatever follows: a speaker's turn or any label in capitals
    before a colon ("NOTE: ..."), a numbered section, a dateline."""
    return bool(turn_label(line, kb=kb) or CAPS_LABEL.match(line) or _NUMBERED.match(line) or dateline_at(line, kb))


def _ends_like_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS + " ")[-1:] in (".", ":", ";", ",")


def _date_line(line: str) -> tuple | None:
    """(date, what is left) when a line or segment is a date ("Published : 2021.05.22 (15:07)",
    "Issued: Friday, May 10, 2024", "Seoul, April 7, 2023", "Posted : 2019-03-28 16:07 Updated
    : 2019-03-29 09:00"); the first date counts; what is left is a place or nothing."""
    lex = header_lexicon()
    text = line.strip()
    found = find_date(text)
    if found is None:
        return None
    day = found[0]
    while found is not None:  # every date of the line, and the labels before them
        text = text[:found[1]] + " " + text[found[2]:]
        found = find_date(text)
    left = lex.date_label_anywhere.sub(" ", text)
    left = _TIME_OF_DAY.sub(" ", lex.weekday.sub(" ", left))
    left = re.sub(r"[\s,;:|()\-–—]+", " ", left).strip()
    if left and not (len(_words(left)) <= 3 and _capitalised(left)):
        return None
    return day, left


_DATISH_WORDS = re.compile(rf"{MONTH_RE}|\b(?:week|of|from|to|until|through|and|the)\b|\d+(?:st|nd|rd|th)?", re.I)


def _datish(line: str) -> bool:
    """A line of dates and ranges only ("Week of May 13-19, 2024")."""
    return bool(re.search(r"\d", line)) and not re.sub(r"[\W_]+", "", header_lexicon().weekday.sub("", _DATISH_WORDS.sub("", line)))


def _is_label(text: str) -> bool:
    core = text.strip().strip("[]()").strip().rstrip(":").strip()
    return core.lower() in header_lexicon().labels


def _segments(line: str) -> list[str]:
    return [s.strip() for s in _SEGMENT_SEP.split(line) if s.strip()]


def _place_line(line: str, kb: KB) -> bool:
    """A line naming only a place ("Washington, D.C.", "Lima, Peru")."""
    entry = kb.lookup(line.strip().rstrip("."))
    if entry is None:
        head, _, tail = line.partition(",")
        entry = kb.lookup(head.strip())
        if entry is None or len(_words(tail)) > 2 or (tail.strip() and not _capitalised(tail.strip())):
            return False
    return entry.kind in ("place", "country")


@dataclass
class Header:
    meta: dict
    line: int  # index of the first body line
    column: int = 0  # where the body begins on that line (after a byline on the same line)


def split_header(lines: list[str], kb: KB) -> Header:
    """Recognise header lines at the top: outlet, section and document labels, headline and
    deck, byline, date lines, page chrome. The headline is the first line shaped like one
    once the others are set aside; a line ending in ":" or "." is body text."""
    lex = header_lexicon()
    meta: dict = {"authors": [], "agencies": [], "author_titles": {}}
    headlines: list[str] = []
    nonempty = [i for i, l in enumerate(lines) if l.strip()]
    after_credit = False  # the last header line read was a byline or a date: an outlet's name may follow it

    def next_is_header(i: int) -> bool:
        later = [j for j in nonempty if j > i]
        if not later:
            return False
        nxt = lines[later[0]].strip()
        return bool(parse_byline(nxt, kb) or _date_line(nxt) or lex.date_label.match(nxt))

    def next_is_masthead_or_date(i: int) -> bool:  # what follows a name alone that is a byline
        later = [j for j in nonempty if j > i]
        nxt = lines[later[0]].strip() if later else ""
        return bool(nxt) and bool(outlet_name(_segments(nxt)[0], kb) or _date_line(nxt) or lex.date_label.match(nxt))

    def take_date(day, strong: bool = True) -> None:
        if strong or "published" not in meta:
            meta.setdefault("published", day.isoformat())

    for i in nonempty:
        line = lines[i].strip()
        if lex.chrome.match(line) or _NOTE_LINE.match(line):
            continue
        if re.fullmatch(r"\[[^\]]{1,40}\]", line):
            if line[1:-1].strip().lower() in lex.script_cues:
                return _finish(meta, headlines, i)
            continue
        byline = parse_byline(line, kb)
        if byline is not None:
            _take_byline(meta, byline)
            after_credit = True
            if byline.rest is not None:
                return _finish(meta, headlines, i, lines[i].index(line) + byline.rest)
            continue
        if _opens_body(line, kb):
            return _finish(meta, headlines, i)
        if lex.date_label.match(line) and not _date_line(line):
            continue  # "Updated : 2 hours ago"
        dated = _date_line(line)
        if dated:
            take_date(dated[0])
            after_credit = after_credit or bool(headlines)
            continue
        if _place_line(line, kb) and len(_words(line)) <= 4:
            continue
        was_after_credit, after_credit = after_credit, False
        segments = _segments(line)
        if len(segments) > 1 and (("|" in line) or any(
                outlet_name(s, kb) or _date_line(s) or _is_label(s) for s in segments)):
            for n, seg in enumerate(segments):
                named = outlet_name(seg, kb) if n == 0 and (not headlines or was_after_credit) else None
                if named:
                    meta.setdefault("outlet", named)
                    continue
                d = _date_line(seg)
                if d:
                    take_date(d[0])
                    continue
                src = re.match(r"^(?:Source|Agency)\s*:\s*(.+)$", seg, re.IGNORECASE)
                if src and agency_name(src.group(1), kb):
                    meta["agencies"].append(agency_name(src.group(1), kb))
                elif n == 1 and len(segments) == 2 and _is_label(segments[0]) and len(_words(seg)) >= 3 \
                        and not _is_label(seg) and not outlet_name(seg, kb):
                    meta.setdefault("label_headline", seg)  # "Opinion | Why the Arctic Matters": when no headline follows
            continue
        if _is_label(line):
            headlines.clear()  # lines before a document label ("PRESS RELEASE") are the masthead's
            continue
        if lex.issuer.match(line) or _datish(line):
            continue
        named = outlet_name(line, kb)
        if named and "outlet" not in meta and (not headlines or was_after_credit):
            meta["outlet"] = named  # a masthead, or the outlet on its own line after the byline or date
            if not kb.outlet_label(line.strip(".,:;")) and not headlines:
                meta["outlet_shape_line"] = line  # shaped like an outlet's name, and first: maybe the headline
            continue
        if headlines and not meta["authors"] and _bare_name(line, kb) and next_is_masthead_or_date(i):
            _take_byline(meta, Byline([_bare_name(line, kb)], []))  # a name alone under the headline
            after_credit = True
            continue
        words = _words(line)
        if len(words) > 30 or _ends_like_sentence(line):
            return _finish(meta, headlines, i)
        if line.rstrip(_CLOSERS)[-1:] in "?!" and not next_is_header(i) and (headlines or len(words) > 15):
            return _finish(meta, headlines, i)  # a question after the headline, or a long one, is the lead
        headlines.append(line)
    return _finish(meta, headlines, len(lines))


def _take_byline(meta: dict, byline: Byline) -> None:
    meta["authors"] += [a for a in byline.authors if a not in meta["authors"]]
    meta["agencies"] += byline.outlets
    for author, title in byline.titles.items():
        meta["author_titles"].setdefault(author, title)


def _bare_name(line: str, kb: KB) -> str | None:
    """A line that is only a person's name, opening with a given name ("Carlos Mendoza"): under
    the headline and above an outlet's name or a date, the byline without its "By"."""
    name = _person_name(line, kb)
    if name is None or len(_words(name)) > 3 or not _given_name(_words(name)[0].strip(".")):
        return None
    return name


def _finish(meta: dict, headlines: list[str], line: int, column: int = 0) -> Header:
    titles = [h for h in headlines if len(_words(h)) >= 3]
    if len(titles) > 1 and len(_words(titles[0])) <= 4 and _capitalised(titles[0]) and \
            len(_words(titles[1])) > len(_words(titles[0])):
        titles = titles[1:]  # a kicker above the headline ("FISHERIES TALKS", "Arctic Trade Watch")
    if titles:
        meta["title"] = titles[0]
    elif meta.get("label_headline"):
        meta["title"] = meta["label_headline"]
    if meta["authors"]:
        meta["author"] = meta["authors"][0]
    return Header(meta, line, column)


def settle_with_dateline(meta: dict, body: str, kb: KB) -> None:
    """What the body's dateline says of the header: its outlet is an agency (the outlet when
    no other is known), and a first header line of four words or more taken for a masthead
    only by its shape ("Norway Widens Arctic Patrol Service") is the headline when nothing
    else is and the dateline names another outlet (not its initials)."""
    dl = dateline_at(body.lstrip(), kb)
    if not (dl and dl.group("outlet")):
        return
    written = dl.group("outlet").strip()
    agency = agency_name(written, kb) or written
    meta["agencies"].append(agency)
    shaped = meta.get("outlet_shape_line")
    if shaped and "title" not in meta and len(_words(shaped)) >= 4 and meta.get("outlet") not in (agency, written) \
            and not _initials_of(written, shaped):
        meta["title"] = shaped
        del meta["outlet"]


def _initials_of(acronym: str, name: str) -> bool:
    """An acronym made of a name's capitalised words ("ESNA", "Eastern Star News Agency")."""
    initials = "".join(w[0] for w in _words(name) if w[:1].isupper())
    return acronym.isupper() and acronym.replace(".", "") == initials.upper()


def split_trailer(lines: list[str], start: int, meta: dict, kb: KB) -> int:
    """Recognise closing lines (e-mail, `(END)`, repeated byline, "Reporting by ..." credits);
    return the end index."""
    lex = header_lexicon()
    end = len(lines)
    while end > start + 1:
        line = lines[end - 1].strip()
        if not line:
            end -= 1
            continue
        if line.upper() == "(END)" or lex.chrome.match(line) or re.match(r"^(?:©|\(c\)|Copyright\b)", line, re.IGNORECASE):
            end -= 1
            continue
        byline = parse_byline(line.rstrip(" ("), kb) if lex.by.match(line) else None
        if byline is not None and byline.rest is None:
            _take_byline(meta, byline)
            if byline.authors:
                meta.setdefault("author", byline.authors[0])
            end -= 1
            continue
        if lex.other_credit.match(line):  # "Editing by ...": a credit, but not the author's
            end -= 1
            continue
        credit = lex.credit.match(line)
        if credit:
            names = [n for n in re.split(r",|\s+(?:and|&)\s+", credit.group("names")) if n.strip()]
            people = [p for p in (_person_name(n, kb) for n in names) if p]
            if people:
                meta.setdefault("author", people[0])
                if not meta["authors"]:  # "Reporting by Jane Doe and John Roe": both
                    meta["authors"] += people
            end -= 1
            continue
        email = _EMAIL.search(line)
        if email and len(_words(line)) <= 6:
            local = email.group(0).split("@")[0]
            if re.fullmatch(r"[a-z]+\.[a-z]+", local, re.IGNORECASE):
                meta.setdefault("author", " ".join(p.capitalize() for p in local.split(".")))
            rest = line[email.end():].strip(" )")
            if rest and kb.outlet_label(rest):
                meta.setdefault("outlet", kb.outlet_label(rest))
            end -= 1
            continue
        break
    return end


