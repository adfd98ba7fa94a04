"""Identity keys for names: the same person or organisation gets the same key in every article.

Keys are article-independent, so one article's graph can be built on its own and still name
the same node as every other article. That is why name variants are folded here, in the key,
and not in a cross-article pass (an article's stored graph is never rewritten when another
article arrives). A person's key folds:

- romanisation and hyphenation of Korean given names: "Choe Son-hui", "Choe Son Hui";
  "Hae-joon" and "Hae-jun" (one vowel, two spellings);
- initials and nicknames: "Stephen E. Biegun", "Steve Biegun", "Stephen Biegun";
  "Sung Y. Kim" and "Sung Kim";
- transliterations of given names: "Sergei" / "Sergey" (`patterns/names.yaml`);
- the order of a two-word name: "Takehiro Funakoshi" / "Funakoshi Takehiro". The two words
  are put in one canonical order whatever the text's order: a Korean or Chinese family name
  first ("Kim Gunn"; "Sung Kim" -> kim-sung), else the word that is far more common as a
  given name first ("Donald Trump", "Funakoshi Takehiro" -> takehiro-funakoshi), else
  alphabetical order. Two Korean family names ("Kim Song", "Jung Pak") keep the text's order:
  the words cannot tell which is the given name.

What it never folds: different given names under one family name ("Kim Gunn", "Sung Kim",
"Kim Jong Un" are three people) or a bare surname (coreference resolves "Kim" in its article).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from .kb import KOREAN_SURNAMES, normalise_quotes


@lru_cache(maxsize=1)
def _name_data() -> dict:
    import yaml

    return yaml.safe_load(resources.files("builder").joinpath("patterns/names.yaml").read_text(encoding="utf-8"))


NICKNAMES: dict[str, str] = dict(_name_data()["nicknames"])
GIVEN_VARIANTS: dict[str, str] = dict(_name_data()["given_variants"])
CHINESE_SURNAMES = frozenset(_name_data()["chinese_surnames"])
FAMILY_FIRST = KOREAN_SURNAMES | CHINESE_SURNAMES

_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|in|un|er|"
                    r"ia|ie|iu|ua|uo|ui|ue|a|o|e|i|u)")
_PINYIN_GIVEN = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,3}}")


def is_pinyin_given_name(word: str) -> bool:
    """One to three pinyin syllables written as one word ("Xiaoming", "Yi", "Jinping")."""
    return bool(_PINYIN_GIVEN.fullmatch(word.lower()))


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalise_quotes(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def given_name_strength(word: str) -> int:
    """How common a given name is at most, in any country of gender-guesser's lists (0-13)."""
    from .kb import given_names

    return given_names().get(word.lower(), (0, 0))[0]


def _fold_given(word: str) -> str:
    w = word.lower()
    w = NICKNAMES.get(w, w)
    return GIVEN_VARIANTS.get(w, w)


def _korean_given(given: str) -> str:
    """A Korean given name, joined and folded: "oo" and "u" write one vowel ("Young-joon",
    "Young-jun")."""
    return given.lower().replace("oo", "u")


def _words(name: str) -> list[str]:
    """The name's words without initials ("Sung Y. Kim" -> Sung, Kim)."""
    return [w for w in normalise_quotes(name).replace(".", ". ").split() if not re.fullmatch(r"[A-Z]\.?", w)]


def name_order(words: list[str]) -> tuple[str, str] | None:
    """A two-word name as (given, family), whichever order the text used, or None when the
    words do not tell ("Funakoshi Takehiro" -> Takehiro, Funakoshi; "Sung Kim" -> Sung, Kim)."""
    if len(words) != 2:
        return None
    a, b = words
    a_family, b_family = a in FAMILY_FIRST, b in FAMILY_FIRST
    if a_family != b_family:
        return (b, a) if a_family else (a, b)
    if a_family:  # "Kim Song", "Jung Pak": both are family names; the words cannot tell
        return None
    sa, sb = given_name_strength(_fold_given(a)), given_name_strength(_fold_given(b))
    if sa - sb >= 2:
        return a, b
    if sb - sa >= 2:
        return b, a
    return None


def person_key(name: str) -> str:
    """'person:' + a normalised name: romanisation, hyphenation, initials, nicknames,
    transliterations and the order of two-word names folded."""
    words = _words(name)
    if not words:
        return "person:" + slug(name)
    if len(words) >= 2 and (words[0] in KOREAN_SURNAMES and (len(words) == 3 or "-" in words[-1]) and
                            "-" not in words[0]):
        given = _korean_given("".join(w.replace("-", "") for w in words[1:]))
        return f"person:{slug(words[0])}-{slug(given)}"
    if len(words) == 2 and words[1] in KOREAN_SURNAMES and "-" in words[0]:  # "Kyu-duk Noh"
        return f"person:{slug(words[1])}-{slug(_korean_given(words[0].replace('-', '')))}"
    if len(words) == 2:
        order = name_order(words)
        if order is None:
            if words[0] in FAMILY_FIRST and words[1] in FAMILY_FIRST:
                return f"person:{slug(words[0])}-{slug(words[1])}"  # as written
            return "person:" + "-".join(sorted(slug(_fold_given(w)) for w in words))
        given, family = order
        if family in FAMILY_FIRST:  # "Kim Gunn", "Sung Kim": the family name first
            return f"person:{slug(family)}-{slug(_fold_given(given))}"
        return f"person:{slug(_fold_given(given))}-{slug(family)}"
    first = _fold_given(words[0])
    return "person:" + slug(" ".join([first, *words[1:]]))


def org_kind_from_name(text: str) -> str:
    if re.search(r"\bMinistry\b|\bDepartment of\b|\bDepartment\b", text):
        return "ministry"
    if re.search(r"\b(Institute|Center|Centre|Foundation|University|Academy)\b", text):
        return "institute"
    if re.search(r"\b(Office|Council|Commission|Administration|Agency|Bureau|Embassy|Secretariat|"
                 r"Chancellery|Cabinet|Presidency|Directorate)\b", text):
        return "government"
    return "organization"


def surnames_of(name: str) -> list[str]:
    """The words a person is called by alone ("Biegun"; "Lee" for "Lee Do-hoon"; "Funakoshi"
    for "Funakoshi Takehiro" and for "Takehiro Funakoshi"; "Pak" for "Jung H. Pak", either
    word for "Jung Pak")."""
    words = _words(name)
    if len(words) < 2:
        return []
    if words[0] in KOREAN_SURNAMES and (len(words) == 3 or "-" in words[-1] or len(words) == 2):
        if len(words) == 2 and "-" not in words[-1]:
            order = name_order(words)
            if order is not None:
                return [order[1]]
            if words[1] in KOREAN_SURNAMES:
                # two family names ("Jung Pak", "Sung Kim"): a middle initial says the Western
                # order ("Jung H. Pak": Pak); without one the words cannot tell, either is used
                raw = normalise_quotes(name).replace(".", ". ").split()
                if any(re.fullmatch(r"[A-Z]\.?", w) for w in raw[1:-1]):
                    return [words[1]]
                return [words[0], words[1]]
        return [words[0]]
    if len(words) == 2:
        order = name_order(words)
        if order is not None:
            return [order[1]]
    return [words[-1]]
