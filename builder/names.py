"""Identity keys for names: the same person or organisation gets the same key in every article.

Keys are article-independent, so one article's graph can be built on its own and still name
the same node as every other article: "Choe Son-hui", "Choe Son Hui" and "Choe Son hui" share
a key, as do "Stephen E. Biegun", "Steve Biegun" and "Stephen Biegun".
"""
from __future__ import annotations

import re
import unicodedata

from .kb import KOREAN_SURNAMES, normalise_quotes

NICKNAMES = {"steve": "stephen", "mike": "michael", "bob": "robert", "bill": "william",
             "jim": "james", "joe": "joseph", "tom": "thomas", "dan": "daniel", "dave": "david",
             "chris": "christopher", "tony": "anthony", "rob": "robert", "ben": "benjamin",
             "sam": "samuel", "nick": "nicholas", "matt": "matthew", "andy": "andrew"}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalise_quotes(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def person_key(name: str) -> str:
    """'person:' + a normalised name: romanisation, hyphenation, initials and nicknames folded."""
    words = [w for w in normalise_quotes(name).replace(".", ". ").split()
             if not re.fullmatch(r"[A-Z]\.?", w)]
    if not words:
        return "person:" + slug(name)
    if words[0] in KOREAN_SURNAMES and len(words) >= 2 and (len(words) == 3 or "-" in words[-1]):
        given = "".join(w.replace("-", "") for w in words[1:]).lower()
        return f"person:{slug(words[0])}-{slug(given)}"
    first = NICKNAMES.get(words[0].lower(), words[0].lower())
    return "person:" + slug(" ".join([first, *words[1:]]))


def org_kind_from_name(text: str) -> str:
    if re.search(r"\bMinistry\b|\bDepartment of\b|\bDepartment\b", text):
        return "ministry"
    if re.search(r"\b(Institute|Center|Centre|Foundation|University|Academy)\b", text):
        return "institute"
    if re.search(r"\b(Office|Council|Commission|Administration|Agency|Bureau|Embassy)\b", text):
        return "government"
    return "organization"


def surnames_of(name: str) -> list[str]:
    """The word a person is called by alone ("Biegun", and "Lee" for "Lee Do-hoon")."""
    words = normalise_quotes(name).split()
    if len(words) < 2:
        return []
    if words[0] in KOREAN_SURNAMES and (len(words) == 3 or "-" in words[-1] or len(words) == 2):
        return [words[0]]
    return [words[-1]]
