"""The one argument reader: which entities a token of the parse stands for.

Every fact reader asks it: the subject of "met", the object of "with", the holder of a
stance, the speaker of "said". It reads the token and

- its conjuncts ("Holm and Rojas") and appositions ("his counterpart, Pablo Rojas"; "the two
  ministers, Lars Holm and Pablo Rojas"), and "among them X, Y and Z";
- the person a title phrase describes (the titles layer: "Deputy Minister for Trade Anne
  Roy", whatever word the parser made the head), and a name compound or apposition under a
  title word ("Minister Rojas");
- whatever coreference resolved (`Token._.referents`: "she", "the pair", "Rojas");
- a relative pronoun: the noun its clause modifies ("Rojas, who met ...");
- a country for "the Chilean side", "Chile's delegation", "Kenyan officials" (the side nouns
  of frames.yaml), and for a place acting for its country ("Ottawa objected": metonymy);
- a possessor ("Holm's session").

Places: a place or country mention, a venue's city ("at the Foreign Ministry in Lima"), a
country's capital ("in Chile's capital", "in the Peruvian capital"), an apposition ("Lima,
Peru's capital"). Times: the `TimeValue` of the time-layer span a token is part of.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import nlp  # noqa: F401  (registers the layers)
from ..names import slug
from ..nlp.frames import load_frames
from ..nlp.layers import DEMONYM, MENTIONS, TIME, TITLES, TimeValue

PLACE_KINDS = ("place", "country")
RELATIVE = ("who", "whom", "which", "that")


def _capital_of(country_name: str) -> str | None:
    try:
        from countryinfo import CountryInfo

        return CountryInfo(country_name).capital()
    except Exception:  # noqa: BLE001 - an unknown country has no capital for us
        return None


class Arguments:
    def __init__(self, doc: Doc, kinds=None):
        self.doc = doc
        self.lexicon = load_frames()
        self._mention = {i: s for s in doc.spans[MENTIONS] for i in range(s.start, s.end)}
        self._time = {i: s for s in (doc.spans[TIME] if TIME in doc.spans else ()) for i in range(s.start, s.end)}
        self._holder: dict[int, str] = {}
        for span in doc.spans[TITLES] if TITLES in doc.spans else ():
            post = span._.post
            if post is not None and post.holder:
                for i in range(span.start, span.end):
                    self._holder.setdefault(i, post.holder)
        self._title_at: dict[int, object] = {}  # first token -> title span with a holder
        self._title_end: dict[int, object] = {}  # end token -> title span with a holder
        for span in doc.spans[TITLES] if TITLES in doc.spans else ():
            if span._.post is not None and span._.post.holder:
                self._title_at.setdefault(span.start, span)
                self._title_end.setdefault(span.end, span)
        self._kinds = kinds  # key -> kind, when the caller knows more entities than the Doc
        self.new_places: dict[str, str] = {}  # places the reader named that no mention did (capitals)

    # -- entities --------------------------------------------------------------------------

    def mention(self, tok: Token):
        return self._mention.get(tok.i)

    def kind(self, key: str) -> str:
        if self._kinds is not None:
            k = self._kinds(key)
            if k:
                return k
        rec = (self.doc._.entities or {}).get(key)
        return rec.kind if rec is not None else key.split(":", 1)[0] if ":" in key else ""

    def _country_of_modifier(self, tok: Token) -> str | None:
        """The country a demonym or a possessive names ("Chilean", "Chile's")."""
        m = self.mention(tok)
        if m is None:
            return None
        if m.label_ == DEMONYM or m.label_ == "country":
            return m.kb_id_
        if m.label_ == "place" and m._.acts_for:
            return m._.acts_for
        return None

    def _one(self, tok: Token, depth: int = 0) -> list[str]:
        """The entity keys one token (not its conjuncts) stands for."""
        if depth > 3:
            return []
        m = self.mention(tok)
        if m is not None and m.label_ == "place":
            return [m._.acts_for] if m._.acts_for else []
        if m is not None and m.label_ == DEMONYM:
            return []
        keys = [k for k in tok._.referents if self.kind(k) != "place"]
        if keys:
            return keys
        if tok.i in self._holder and not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
            return [self._holder[tok.i]]  # not "an adviser to President X": an indefinite is someone else
        if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl":
            return self._one(tok.head.head, depth + 1)
        for child in tok.children:  # "Minister Rojas", "counterpart Pablo Rojas": the person a title names
            if child.dep_ in ("compound", "appos", "flat") and child.pos_ == "PROPN":
                found = [k for k in self._one(child, depth + 1) if self.kind(k) == "person"]
                if found:
                    return found
        if tok.lower_ in ("each", "both", "all", "either") or tok.pos_ == "NUM":  # "each of his counterparts"
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                for p in prep.children:
                    if p.dep_ == "pobj":
                        return self.entities(p)
        if tok.lemma_.lower() in self.lexicon["side_nouns"] or tok.lower_ in self.lexicon["side_nouns"]:
            out = []  # "Norwegian and Chilean negotiators": each coordinated modifier's country
            for child in tok.children:
                if child.dep_ in ("amod", "poss", "compound", "nmod"):
                    for mod in (child, *child.conjuncts):
                        country = self._country_of_modifier(mod)
                        if country and country not in out:
                            out.append(country)
            return out
        return []

    def entities(self, tok: Token) -> list[str]:
        """Entity keys a token stands for, with its conjuncts and appositions."""
        out: list[str] = []
        todo, seen = [tok], set()
        while todo:
            t = todo.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            keys = self._one(t)
            for key in keys:
                if key not in out:
                    out.append(key)
            more = [c for c in t.children if c.dep_ == "conj" or (c.dep_ == "appos" and not keys)]
            if not keys:  # "eight members, among them Chile, Peru and Kenya"
                for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in ("among", "including")):
                    for p in prep.children:
                        if p.dep_ == "pobj":
                            more.append(p)
                            more += [c for c in p.children if c.dep_ == "appos"]
                if t.lower_ in ("them", "they") or t.pos_ == "NUM":
                    more += [c for c in t.children if c.dep_ == "appos"]
            if not keys and not more and t.tag_ in ("NNS", "NNPS"):
                more += self._apposition_after(t)
            if keys and t.i == tok.i and t.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "conj" for c in t.children):
                more += self._coordinated_before(t)
            todo += more
        if tok.dep_ in ("pobj", "dobj") and out:
            out += [k for k in self.unit_list(tok) if k not in out]
        return out

    def _unit_at(self, k: int) -> tuple[str, int] | None:
        """A title-name unit starting at token k ("Second Deputy Governor of the Central Bank
        Olav Berg", or a bare name): the person and the token after it."""
        span = self._title_at.get(k)
        if span is not None:
            m = self.mention(self.doc[span.end]) if span.end < len(self.doc) else None
            if m is not None and m.start == span.end and m.kb_id_ == span._.post.holder:
                return m.kb_id_, m.end
            return None
        m = self.mention(self.doc[k])
        if m is not None and m.start == k and m.label_ == "person":
            return m.kb_id_, m.end
        return None

    def unit_list(self, tok: Token) -> list[str]:
        """ "with TITLE NAME, TITLE NAME, and TITLE NAME": the people of a list of title-name
        units read off the titles and mentions layers, which long title stacks keep whole where
        the parse breaks the coordination. A list is "A, B and C" or "A and B": without the
        "and" it is none ("met Holm, Dahl said")."""
        doc = self.doc
        m = self.mention(tok)
        start = None
        if m is not None and m.label_ == "person":
            before = self._title_end.get(m.start)
            start = before.start if before is not None and before._.post.holder == m.kb_id_ else m.start
        else:
            for span in doc.spans[TITLES] if TITLES in doc.spans else ():
                if span.start <= tok.i < span.end and span._.post is not None and span._.post.holder:
                    start = span.start
                    break
        if start is None:
            return []
        keys, k, joined = [], start, False
        while k < len(doc):
            unit = self._unit_at(k)
            if unit is None:
                break
            keys.append(unit[0])
            k = unit[1]
            if joined or k >= len(doc):
                break
            if doc[k].text == ",":
                k += 1
            if k < len(doc) and doc[k].lower_ in ("and", "&"):
                joined, k = True, k + 1
            elif doc[k - 1].text != ",":
                break
        return keys if joined and len(keys) >= 2 else []

    def _apposition_after(self, tok: Token) -> list[Token]:
        """ "with his counterparts, Trade Adviser Rosa Diaz and Pablo Rojas": names in apposition
        to a plural noun that the parser hung elsewhere. The comma must follow the noun phrase
        at once, and a titled name or a person's name must start right after it."""
        doc, j = self.doc, tok.right_edge.i + 1
        if j + 1 >= len(doc) or doc[j].text != ",":
            return []
        k = j + 1
        for span in doc.spans[TITLES] if TITLES in doc.spans else ():
            if span.start == k and span._.post is not None and span._.post.holder:
                for i in range(span.end, min(span.end + 6, len(doc))):  # the name the title stands before
                    m = self.mention(doc[i])
                    if m is not None and m.kb_id_ == span._.post.holder:
                        return [m.root]
                return []
        m = self.mention(doc[k])
        if m is not None and m.label_ == "person" and m.start == k:
            return [m.root]
        return []

    def _coordinated_before(self, tok: Token) -> list[Token]:
        """ "TITLE NAME and TITLE NAME chaired ...": a titled name joined by "and" to the subject's
        own title stack, which the parser buried inside the stacks."""
        doc = self.doc
        m = self.mention(tok)
        if m is None or m.label_ != "person":
            return []
        start = m.start
        for span in doc.spans[TITLES] if TITLES in doc.spans else ():
            if span.end == m.start and span._.post is not None:
                start = span.start
                break
        j = start - 1
        if j < 1 or doc[j].lower_ not in ("and", "&"):
            return []
        prev = self.mention(doc[j - 1])
        if prev is None or prev.label_ != "person" or prev.end != j:
            return []
        return [prev.root]

    def agents(self, tok: Token) -> list[str]:
        """Entity keys a token and its conjuncts stand for, as actors (no places)."""
        kinds = self.lexicon["agent_kinds"]
        return [k for k in self.entities(tok) if self.kind(k) in kinds]

    # -- places ----------------------------------------------------------------------------

    def place(self, tok: Token) -> str | None:
        """The place or country a token names ("in Lima", "the Lima talks", "at the Foreign
        Ministry in Lima", "in Chile's capital", "in the Peruvian capital")."""
        return self._place(tok, 0)

    def _place(self, tok: Token, depth: int) -> str | None:
        if depth > 3:
            return None
        m = self.mention(tok)
        if m is not None and m.label_ in PLACE_KINDS:
            return m.kb_id_
        seat = self.seat(m) if m is not None else None
        if seat:  # "at the White House": a government body's seat
            return seat
        if tok.lemma_.lower() == "capital":  # "Chile's capital", "the Chilean capital", "the capital of Chile"
            for child in tok.children:
                mods = [child] if child.dep_ in ("poss", "amod", "compound", "nmod") else \
                    [p for p in child.children if p.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ == "of" else []
                for mod in mods:
                    country = self._country_of_modifier(mod)
                    if country:
                        return self.capital(country)
        if m is not None or tok.pos_ not in ("NOUN", "PROPN"):
            if m is None or m.label_ in ("person", DEMONYM):
                return None
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
                cm = self.mention(child)
                if cm is not None and cm.label_ == "place":
                    return cm.kb_id_
        for child in tok.children:  # a venue and its city: "the embassy in Lima"
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "of"):  # "the village of Tarma"
                for p in child.children:
                    if p.dep_ == "pobj":
                        found = self._place(p, depth + 1)
                        if found:
                            return found
        for child in tok.children:
            if child.dep_ == "appos":
                found = self._place(child, depth + 1)
                if found:
                    return found
        return None

    def seat(self, mention) -> str | None:
        """The place a government body sits in, when the gazetteer says ("Cheong Wa Dae" -> Seoul)."""
        from ..kb import load_kb

        entry = load_kb().entries.get(mention.kb_id_)
        return entry.seat if entry is not None and entry.seat else None

    def capital(self, country: str) -> str | None:
        """The entity key of a country's capital, when the gazetteer or the article knows it."""
        from ..kb import load_kb

        kb = load_kb()
        entry = kb.entries.get(country)
        name = _capital_of(entry.label if entry is not None else country.split(":")[-1].replace("-", " "))
        if not name:
            return None
        found = kb.lookup(name)
        if found is not None and found.kind == "place":
            return found.key
        for key, rec in (self.doc._.entities or {}).items():
            if rec.kind == "place" and (rec.label == name or name in rec.names):
                return key
        key = f"place:{slug(name)}"
        self.new_places[key] = name
        return key

    # -- times -----------------------------------------------------------------------------

    def time_span(self, tok: Token):
        return self._time.get(tok.i)

    def time(self, tok: Token) -> TimeValue | None:
        """The resolved time expression a token is part of or heads."""
        span = self._time.get(tok.i)
        if span is not None and span._.time is not None:
            return span._.time
        for t in tok.subtree:
            span = self._time.get(t.i)
            if span is not None and span._.time is not None:
                return span._.time
        return None
