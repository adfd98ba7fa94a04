"""Whether the clause of a predicate that names a post states that anyone holds it.

"Kari Dahl is the minister" states the post; "is not the minister", "could become minister",
"declined to become minister", "if she becomes minister", "Is she the minister?" state none;
"hopes to be named minister", "will serve as envoy" name one not held yet (designate); "is
no longer minister" one held before. The words are the `clause` lists of
`builder/patterns/titles.yaml`.
"""
from __future__ import annotations

from spacy.tokens import Token

from .title_lexicon import Lexicon


def clause_mood(verb: Token, lex: Lexicon, presumed: bool = False) -> str | None:
    """What a predicate's clause says of the post it names (the `clause` words of the lexicon):
    None when it states it, "unstated" (denied, asked, supposed, refused), "designate" (not
    held yet: "will serve as", "hopes to be named"), "former" ("is no longer").

    The verb's own clause counts, and the verbs it is the complement of ("does not want to
    become", "is likely to be named"); a verb it is conjoined to lends it only its modal
    ("could resign and become ..."). `presumed`: the post is presumed by the phrase ("As
    minister, she did not ..."), so only a supposition ("would", "if") unsays it."""
    words = lex.clause
    if any(t.text == "?" for t in verb.sent[-2:]):
        return "unstated"  # a question states nothing
    chain: list[tuple[Token, str]] = [(verb, "self")]
    v = verb
    while v.dep_ in ("xcomp", "acomp", "conj") and v.head.i != v.i and len(chain) < 5:
        chain.append((v.head, "conj" if v.dep_ == "conj" else "above"))
        v = v.head
    mood = None
    for t, how in chain:
        kids = list(t.children)
        auxes = [c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")]
        if how == "conj" and auxes:
            break  # the conjunct has its own tense and modality
        if any(a in words.get("modals", ()) for a in auxes):
            return "unstated"
        if any(c.dep_ == "mark" and c.lower_ in words.get("conditions", ()) for c in kids):
            return "unstated"
        if presumed or how == "conj":
            continue
        ended = [c for c in kids if c.lower_ in words.get("ended", ())]
        negated = [c for c in kids if c.dep_ == "neg" or c.lower_ in words.get("negations", ()) and c.dep_ == "advmod"]
        if ended and (negated or any(g.dep_ == "neg" for c in ended for g in c.children)):
            mood = mood or "former"  # "is no longer minister"
        elif negated:
            return "unstated"
        if how == "above" and _forms(t) & words.get("refusing", frozenset()):
            return "unstated"
        if how == "above" and _forms(t) & words.get("wishing", frozenset()):
            mood = "designate"
        if any(a in words.get("future", ()) for a in auxes):
            mood = "designate"
    return mood


def _forms(t: Token) -> set[str]:
    """The word's lemma and the stems its ending may hide (the lemmatizer reads "hopes" as
    "hop")."""
    low = t.lower_
    out = {t.lemma_.lower(), low}
    for suffix, repl in (("s", ""), ("es", ""), ("d", ""), ("ed", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.add(low[: -len(suffix)] + repl)
    return out
