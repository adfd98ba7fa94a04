"""Readers: files on disk -> `Article` records.

Plain text articles like the samples, HTML pages, and JSON Lines (one article per line).
Metadata the text does not carry comes from a `MANIFEST.tsv` (columns file, published,
publisher); the text wins where both say something.

The header of a plain-text article is read line by line until the first body line (a line
ending like a sentence, a dateline, a speaker's turn, a script cue, a numbered section):
masthead lines name the outlet ("The Fjord Courier", "ANDES LEDGER | INTERVIEW": capitalised
words ending in an outlet head), document and section labels ("READOUT", "PRESS RELEASE",
"World") and issuing offices are set aside, date lines give the publication date when they
hold a full date (`timeparse`), bylines give the authors without their titles ("By Jane Doe,
Press Officer") or, for an agency ("By AFP", "By Reuters Staff", "Source: ANA"), an outlet
that stands in only when no other is known; the headline is the first remaining line shaped
like one. Trailing lines (`(END)`, a repeated byline, an e-mail, "Reporting by ..." credits,
copyright) leave the body. The header words are data: builder/patterns/headers.yaml.

Every reader raises an `InputError` subclass with the file name and what to do; nothing here
touches the NLP stack or the store.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import yaml

from .errors import (BinaryInputError, EmptyArticleError, EncodingError, InputError,
                     LanguageError, ManifestError, TooLargeError)
from .kb import KB
from .model import Article
from .timeparse import MONTH_RE, MONTHS, WEEKDAYS, find_date, parse_date

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
MAX_ARTICLE_BYTES = 2_000_000  # a long news article is ~50 kB; 2 MB is surely not one article
MANIFEST_NAME = "MANIFEST.tsv"

_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on with as was by at from he she it said has have are were "
    "will be his her its this an not but which who their they".split())
@dataclass
class ManifestRow:
    published: str | None
    publisher: str | None


def read_manifest(path: Path) -> dict[str, ManifestRow]:
    """Rows of a manifest (file, published, publisher), keyed by file name."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read the manifest ({exc})", source=str(path),
                            hint="It must be a UTF-8 TSV file with the columns file, published, publisher.")
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ManifestError("the manifest has no 'file' column in its header row", source=str(path),
                            hint="Start it with the header line: file<TAB>published<TAB>publisher.")
    rows: dict[str, ManifestRow] = {}
    for lineno, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        published = (row.get("published") or "").strip() or None
        if published and parse_date(published) is None:
            raise ManifestError(f"line {lineno}: {published!r} is not a date", source=str(path),
                                hint="Write dates as YYYY-MM-DD.")
        rows[name] = ManifestRow(
            published=parse_date(published).isoformat() if published else None,
            publisher=(row.get("publisher") or "").strip() or None)
    return rows


def decode(raw: bytes, source: str) -> str:
    """Bytes of a file -> text, refusing what is not an article's text."""
    if not raw.strip():
        raise EmptyArticleError("the file is empty", source=source, hint="Remove it or give it the article's text.")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise TooLargeError(f"the file is {len(raw):,} bytes, more than the {MAX_ARTICLE_BYTES:,} bytes an article may have",
                            source=source, hint="Split it into one file per article (or one JSON line per article).")
    if b"\x00" in raw[:8192]:
        raise BinaryInputError("the file is binary, not text", source=source,
                               hint="Give articles as UTF-8 .txt, .html or .jsonl files.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"the file is not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})",
                            source=source, hint="Re-save it as UTF-8, e.g. `iconv -f cp949 -t utf-8`.")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def check_language(body: str, source: str) -> None:
    words = re.findall(r"[^\W\d_]+", body.lower())
    if len(words) < 5:
        raise EmptyArticleError("the article has almost no words", source=source,
                                hint="Give it the article's full text.")
    english = sum(w in _ENGLISH_WORDS for w in words)
    if english / len(words) < 0.05:
        raise LanguageError("the article does not look like English text", source=source,
                            hint="Peninsula reads English articles; translate it first or leave it out.")


def article_id_for(path: Path) -> str:
    """A stable id from the file name: what the article's IRIs are minted from."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "article"
    return stem


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MINOR = frozenset("of the and for on in at & de du da del des la le van von der bin al el".split())
_PARTICLES = frozenset("de du da del des dos la le van von der den ter bin binti al el ibn".split())
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zà-ÿ'’]*(?:[-'’][A-Za-zà-ÿ]+)*|[A-Z]\.(?:[A-Z]\.)*|[A-Z][A-Z'’]+(?:-[A-Z]+)*|Mc[A-Z][a-z]+)$")
_SEGMENT_SEP = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+")
_CLOSERS = "\"'”’)]»"
_TURN_START = re.compile(r"^(?:[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*)*|Q|A)\s*(?:\([^)]*\))?\s*:\s")
_NUMBERED = re.compile(r"^\d+[.)]\s")
_NOTE_LINE = re.compile(r"^\((?!END\))[^()]*\)$", re.IGNORECASE)
_BY = re.compile(r"(?:^|\s)(?:By|BY|Written by|Reported by|Words by)\s+(?=[A-Z])")
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Ms|Mrs|Mx|Sir|Dame)\.?\s+(?=[A-Z])")
_TIME_OF_DAY = re.compile(r"\(?\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\)?|[+-]\d{2}:?\d{2}\b|\b[A-Z]{2,4}\b(?=\s*$)|\b[A-Z]{3}\b")
_WEEKDAY_WORD = re.compile(r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?", re.IGNORECASE)

# A dateline at the start of a paragraph: "OSLO, March 3 (Nordic Wire) --", "LIMA (AFP) -",
# "Nairobi, August 19 (Agency) --", "SEOUL/TOKYO --". A capitalised place (or places joined by
# "/"), then a date and an outlet in parentheses, then a dash; a place in title case needs the
# date or the outlet, an all-caps place may stand alone.
_DL_WORD = r"[A-Z][A-Za-z.'’-]*"
_DL_DATE = rf"(?:{MONTH_RE}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:\s+\d{{4}})?)"
DATELINE = re.compile(
    rf"^(?P<place>{_DL_WORD}(?:[ /]{_DL_WORD}){{0,3}})"
    rf"(?:,\s*(?!{MONTH_RE}\s+\d)(?P<region>{_DL_WORD}(?:\s{_DL_WORD})?))?"
    rf"(?:,?\s+(?P<date>{_DL_DATE}))?"
    r"(?:\s*\((?P<outlet>[^()]{1,60})\))?"
    r"\s*(?:--|—|–|-)\s+")


def dateline_at(text: str) -> re.Match | None:
    """The dateline opening `text`, when it opens with one."""
    m = DATELINE.match(text)
    if m is None:
        return None
    if not (m.group("date") or m.group("outlet")) and not m.group("place").replace("/", "").replace(" ", "").isupper():
        return None
    return m


def _dateline_place(place: str, kb: KB) -> bool:
    """A dateline's place that is surely one: written in capitals, or known to the KB."""
    entry = kb.lookup(place)
    return place.replace("/", "").replace(" ", "").isupper() or (entry is not None and entry.kind in ("place", "country"))


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


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def header_lexicon() -> HeaderLexicon:
    """The header words of builder/patterns/headers.yaml, read once per process."""
    data = yaml.safe_load(resources.files("builder").joinpath("patterns/headers.yaml").read_text(encoding="utf-8"))
    low = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
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
        other_credit=re.compile(rf"^\(?(?:{_alternation(data['other_credits'])})\s+[A-Z]", re.IGNORECASE))


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
    if len(words) == 2 and head in lex.surname_heads and _gender_detector().get_gender(words[0]) in ("male", "female"):
        return None  # "Jane Post": a person
    if len(words) >= 2 and (head in lex.outlet_heads or words[0].lower() in lex.outlet_openers):
        return _recase(text)
    return None


def _agency(text: str, kb: KB) -> str | None:
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
    text = _HONORIFIC.sub("", text.strip().strip(",;:"))
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
    return _gender_detector().get_gender(word) != "unknown"


@lru_cache(maxsize=1)
def _gender_detector():
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


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


def parse_byline(line: str, kb: KB) -> Byline | None:
    """A byline: "By Jane Doe, Press Officer", "Ottawa Media Advisory By Jane Doe, Spokesperson",
    "By Jane Doe and John Roe", "By JANE DOE", "By AFP", "By Reuters Staff", "By Jane Doe
    OSLO (Nordic Wire) -- ..." (the body goes on after the dateline). The title after the name
    is not part of it; an agency byline names an outlet, never a person."""
    m = _BY.search(line)
    if m is None:
        return None
    prefix = line[:m.start()].strip()
    if prefix and not _byline_prefix(prefix, kb):
        return None
    rest_start = m.end()
    text = line[rest_start:]
    body_at = None
    for dm in re.finditer(r"\s(?=[A-Z])", text):  # a dateline after the names: the body's first words
        dl = dateline_at(text[dm.end():])
        if dl and _dateline_place(dl.group("place"), kb):
            body_at = rest_start + dm.end()
            text = text[:dm.start()]
            break
    text = re.sub(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?\s*$", "", text.strip())  # "By Jane Doe in Oslo"
    parts = [p.strip() for p in re.split(r",|\s[|/]\s|\s[-–—]\s", text) if p.strip()]
    if not parts:
        return None
    authors: list[str] = []
    outlets: list[str] = []
    for n, part in enumerate(parts):
        names = [x for x in re.split(r"\s+(?:and|&)\s+", part) if x]
        if n and not all(_given_name(x.split()[0].strip(".")) for x in names if x.split()):
            agency = _agency(part, kb)  # "By Jane Doe, Nordic Wire": the writer's outlet
            if agency:
                outlets.append(agency)
            break  # the title after the names ("Press Officer")
        for name in names:
            agency = _agency(name, kb)
            if agency:
                outlets.append(agency)
                continue
            person = _person_name(name, kb)
            if person is None:  # "By Monday Kenya and Chile had agreed": a lead sentence, no byline
                return None if n == 0 else Byline(authors, outlets, body_at)
            authors.append(person)
    if not authors and not outlets:
        return None
    return Byline(authors, outlets, body_at)


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
    left = _TIME_OF_DAY.sub(" ", _WEEKDAY_WORD.sub(" ", left))
    left = re.sub(r"[\s,;:|()\-–—]+", " ", left).strip()
    if left and not (len(_words(left)) <= 3 and _capitalised(left)):
        return None
    return day, left


_DATISH_WORDS = re.compile(rf"{MONTH_RE}|\b(?:week|of|from|to|until|through|and|the)\b|\d+(?:st|nd|rd|th)?", re.I)


def _datish(line: str) -> bool:
    """A line of dates and ranges only ("Week of May 13-19, 2024")."""
    return bool(re.search(r"\d", line)) and not re.sub(r"[\W_]+", "", _WEEKDAY_WORD.sub("", _DATISH_WORDS.sub("", line)))


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


def _split_header(lines: list[str], kb: KB) -> Header:
    """Recognise header lines at the top: outlet, section and document labels, headline and
    deck, byline, date lines, page chrome. The headline is the first line shaped like one
    once the others are set aside; a line ending in ":" or "." is body text."""
    lex = header_lexicon()
    meta: dict = {"authors": [], "agencies": []}
    headlines: list[str] = []
    nonempty = [i for i, l in enumerate(lines) if l.strip()]

    def next_is_header(i: int) -> bool:
        later = [j for j in nonempty if j > i]
        if not later:
            return False
        nxt = lines[later[0]].strip()
        return bool(parse_byline(nxt, kb) or _date_line(nxt) or lex.date_label.match(nxt))

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
            meta["authors"] += [a for a in byline.authors if a not in meta["authors"]]
            meta["agencies"] += byline.outlets
            if byline.rest is not None:
                return _finish(meta, headlines, i, lines[i].index(line) + byline.rest)
            continue
        if _TURN_START.match(line) or _NUMBERED.match(line) or dateline_at(line):
            return _finish(meta, headlines, i)
        if lex.date_label.match(line) and not _date_line(line):
            continue  # "Updated : 2 hours ago"
        dated = _date_line(line)
        if dated:
            take_date(dated[0])
            continue
        if _place_line(line, kb) and len(_words(line)) <= 4:
            continue
        segments = _segments(line)
        if len(segments) > 1 and (("|" in line) or any(
                outlet_name(s, kb) or _date_line(s) or _is_label(s) for s in segments)):
            for n, seg in enumerate(segments):
                named = outlet_name(seg, kb) if n == 0 and not headlines else None
                if named:
                    meta.setdefault("outlet", named)
                    continue
                d = _date_line(seg)
                if d:
                    take_date(d[0])
                    continue
                src = re.match(r"^(?:Source|Agency)\s*:\s*(.+)$", seg, re.IGNORECASE)
                if src and _agency(src.group(1), kb):
                    meta["agencies"].append(_agency(src.group(1), kb))
            continue
        if _is_label(line):
            headlines.clear()  # lines before a document label ("PRESS RELEASE") are the masthead's
            continue
        if lex.issuer.match(line) or _datish(line):
            continue
        named = outlet_name(line, kb)
        if named and "outlet" not in meta and not headlines:
            meta["outlet"] = named
            continue
        words = _words(line)
        if len(words) > 30 or _ends_like_sentence(line):
            return _finish(meta, headlines, i)
        if line.rstrip(_CLOSERS)[-1:] in "?!" and not next_is_header(i) and (headlines or len(words) > 15):
            return _finish(meta, headlines, i)  # a question after the headline, or a long one, is the lead
        headlines.append(line)
    return _finish(meta, headlines, len(lines))


def _finish(meta: dict, headlines: list[str], line: int, column: int = 0) -> Header:
    titles = [h for h in headlines if len(_words(h)) >= 3]
    if len(titles) > 1 and len(_words(titles[0])) <= 4 and _capitalised(titles[0]) and \
            len(_words(titles[1])) > len(_words(titles[0])):
        titles = titles[1:]  # a kicker above the headline ("FISHERIES TALKS", "Arctic Trade Watch")
    if titles:
        meta["title"] = titles[0]
    if meta["authors"]:
        meta["author"] = meta["authors"][0]
    return Header(meta, line, column)


def _split_trailer(lines: list[str], start: int, meta: dict, kb: KB) -> int:
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
        byline = parse_byline(line.rstrip(" ("), kb) if _BY.match(line) else None
        if byline is not None and byline.rest is None:
            if byline.authors:
                meta["authors"] += [a for a in byline.authors if a not in meta["authors"]]
                meta.setdefault("author", byline.authors[0])
            meta["agencies"] += byline.outlets
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


def parse_text_article(text: str, source: str, article_id: str, kb: KB, sha256: str) -> Article:
    """A plain-text article -> Article with header and trailer lines taken off the body."""
    lines = text.split("\n")
    header = _split_header(lines, kb)
    meta, first = header.meta, header.line
    last = _split_trailer(lines, first, meta, kb) if first < len(lines) else first
    if first >= last:
        raise EmptyArticleError("the file has header lines but no article text", source=source,
                                hint="Give it the article's body.")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    body = text[offsets[first] + header.column:offsets[last] - 1].strip("\n")
    check_language(body, source)
    dl = dateline_at(body.lstrip())
    if dl and dl.group("outlet"):
        meta["agencies"].append(_agency(dl.group("outlet"), kb) or dl.group("outlet").strip())
    agency = next((a for a in meta["agencies"] if a), None)
    return Article(article_id=article_id, source=source, body=body, sha256=sha256,
                   title=meta.get("title"), author=meta.get("author"), outlet=meta.get("outlet"),
                   published=meta.get("published"), authors=tuple(meta["authors"]) or (
                       (meta["author"],) if meta.get("author") else ()), agency=agency)


class _HTMLText(HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "article", "section", "tr", "figcaption"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "figure"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta" and a.get("content"):
            key = a.get("property") or a.get("name") or ""
            self.meta[key.lower()] = a["content"]
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
        elif not self._skip:
            self.parts.append(data)


def _set_author(art: Article, name, kb: KB) -> None:
    """An author given as metadata: a person, or an agency ("AFP"), which names the outlet
    when no other is known."""
    if not isinstance(name, str) or not name.strip():
        return
    name = name.strip()
    agency = _agency(name, kb)
    if agency:
        art.agency = art.agency or agency
        return
    art.author = name
    art.authors = (name,)


def parse_html_article(text: str, source: str, article_id: str, kb: KB, sha256: str) -> Article:
    parser = _HTMLText()
    parser.feed(text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", l).strip() for l in "".join(parser.parts).split("\n")]
    plain = "\n\n".join(l for l in lines if l)
    art = parse_text_article(plain, source, article_id, kb, sha256)
    m = parser.meta
    art.title = m.get("og:title") or m.get("title") or art.title or (parser.title or "").strip() or None
    _set_author(art, m.get("author") or m.get("article:author"), kb)
    art.outlet = kb.outlet_label(m.get("og:site_name", "")) or art.outlet
    published = parse_date(m.get("article:published_time", "") or m.get("date", ""))
    if published:
        art.published = published.isoformat()
    return art


def read_articles(path: Path, kb: KB) -> list[Article]:
    """Every article in one file (a .jsonl file may hold many)."""
    raw = path.read_bytes()
    source = str(path)
    sha = hashlib.sha256(raw).hexdigest()
    text = decode(raw, source)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return [parse_html_article(text, source, article_id_for(path), kb, sha)]
    if suffix == ".jsonl":
        return list(_jsonl_articles(text, path, kb))
    return [parse_text_article(text, source, article_id_for(path), kb, sha)]


def _jsonl_articles(text: str, path: Path, kb: KB):
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {lineno} is not JSON ({exc.msg})", source=str(path),
                             hint="Each line must be one JSON object with at least a 'body' or 'text' field.")
        body = rec.get("body") or rec.get("text") if isinstance(rec, dict) else None
        if not isinstance(body, str) or not body.strip():
            raise EmptyArticleError(f"line {lineno} has no 'body' or 'text'", source=str(path),
                                    hint="Give each JSON line the article's text in 'body'.")
        art_id = article_id_for(Path(str(rec.get("id") or f"{path.stem}-{lineno}")))
        sha = hashlib.sha256(line.encode("utf-8")).hexdigest()
        art = parse_text_article(unicodedata.normalize("NFC", body), where, art_id, kb, sha)
        art.title = rec.get("title") or art.title
        _set_author(art, rec.get("author"), kb)
        art.outlet = kb.outlet_label(rec.get("outlet") or "") or rec.get("outlet") or art.outlet
        d = parse_date(str(rec.get("published") or ""))
        art.published = d.isoformat() if d else art.published
        yield art


def apply_manifest(article: Article, row: ManifestRow | None) -> Article:
    """Fill what the text does not say from the manifest row; the text wins."""
    if row:
        article.published = article.published or row.published
        article.outlet = article.outlet or row.publisher
    article.outlet = article.outlet or article.agency  # an agency byline or dateline: the last resort
    return article


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Article files under the given files and folders, and the manifests found beside them."""
    files: list[Path] = []
    manifests: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.name == MANIFEST_NAME:
                    manifests.append(f)
                elif f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES:
                    files.append(f)
        else:
            files.append(p)
    return files, manifests
