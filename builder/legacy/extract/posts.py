"""Posts, affiliations and counterparts, read from titles and appositions.

- a title before a name: "US Special Representative for North Korea Stephen Biegun",
  "Foreign Minister Kang Kyung-wha", "the North's Vice Foreign Minister Choe Son-hui";
- an apposition after a name: "Lee Do-hoon, special representative for ... at the Ministry of
  Foreign Affairs,"; "Woo Jung-yeop, a research fellow at the Sejong Institute in Seoul";
- an apposition before a name: "Seoul's special representative for ..., Lee Do-hoon,";
- counterparts: "Mike Pompeo and his North Korean counterpart Kim Yong-chol".

A post is keyed by its title and country when the title names its remit ("Special
Representative for North Korea"), and by its title and organisation otherwise ("Research
Fellow" at the Sejong Institute), so the same post read in two articles is one node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...kb import normalise_quotes
from ...model import EntityRecord, Relation
from .context import ArticleContext, Mention, Sentence
from ...names import slug

TITLE_HEADS = {
    "representative", "envoy", "ambassador", "ambassador-at-large", "negotiator", "minister", "secretary",
    "president", "leader", "chairman", "chairwoman", "director", "spokesperson", "spokesman", "spokeswoman",
    "adviser", "advisor", "fellow", "analyst", "researcher", "professor", "premier", "commander",
    "counselor", "coordinator", "lawmaker", "chief", "head", "senator", "governor", "mayor", "vice-chairman",
    "scholar", "specialist", "expert", "secretary-general",
}
ENVOY_HEADS = {"representative", "envoy", "ambassador", "ambassador-at-large", "negotiator"}
MODIFIERS_DROPPED = {"top", "senior", "new", "current", "powerful", "veteran", "then", "the", "a", "an"}
DISQUALIFIERS = {"former", "ex", "late", "then-", "previous", "outgoing", "would-be", "acting"}
SMALL_WORDS = {"of", "for", "and", "the", "at", "on", "in", "to"}
IMPLIED_ORG = [  # titles that name their ministry: ministry key (national body) by title pattern
    (re.compile(r"\bforeign minister\b", re.I), "mofa"),
    (re.compile(r"\bsecretary of state\b", re.I), "state-department"),
    (re.compile(r"\bunification minister\b", re.I), "unification-ministry"),
]


@dataclass
class Title:
    text: str
    country: str | None
    org: str | None
    envoy: bool


def _is_head(word: str) -> bool:
    return word.lower().rstrip(".,") in TITLE_HEADS


def canonical_title(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in SMALL_WORDS and i:
            out.append(lw)
        elif w.isupper() and len(w) <= 5:
            out.append(w)  # U.S., DPRK
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


class PostReader:
    def __init__(self, ctx: ArticleContext):
        self.ctx = ctx
        self.relations: list[Relation] = []
        self._seen: set[tuple] = set()
        self.person_country: dict[str, str] = {}

    # ---- title phrases -------------------------------------------------------------------

    def parse_title(self, sent: Sentence, tokens: list, holder: str | None) -> Title | None:
        """Tokens of a title phrase -> the title, its country and organisation, or None."""
        ctx = self.ctx
        country = org = None
        words: list[str] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            m = ctx.mention_at(sent, t)
            low = t.lower_
            if low in DISQUALIFIERS or low.startswith(("former", "ex-", "then-")):
                return None
            if m is not None and m.kind in ("ministry", "government", "institute", "international",
                                             "organization", "outlet") and words and \
                    tokens[i - 1].lower_ in ("at", "of", "in", "the", "'s", "’s", "its"):
                org = m.key
                break
            if m is not None and not words and org is None and m.kind in (
                    "ministry", "government", "institute", "international", "organization", "outlet"):
                org = m.key  # "State Department spokesperson", "White House press secretary"
                i = self._skip_mention(tokens, i, m)
                continue
            if m is not None and m.kind in ("country", "place") and words and \
                    m.end < len(tokens) + tokens[0].i and tokens[0].doc[m.end].text in ("'s", "’s"):
                country = country or (m.key if m.kind == "country" else m.country_alt)
                i = self._skip_mention(tokens, i, m)  # "at Japan's Ministry of Foreign Affairs"
                if words and words[-1].lower() in ("at", "of", "in"):
                    words.pop()
                continue
            if m is not None and m.kind in ("country", "place") and not words:
                country = country or ctx.as_agent(m) or (m.key if m.kind == "country" else None)
                i = self._skip_mention(tokens, i, m)
                continue
            if not words and ctx.kb.demonym(normalise_quotes(t.text)):
                country = country or ctx.kb.demonym(normalise_quotes(t.text))
                i += 1
                continue
            if not words and i + 1 < len(tokens) and ctx.kb.demonym(normalise_quotes(f"{t.text} {tokens[i + 1].text}")):
                country = ctx.kb.demonym(normalise_quotes(f"{t.text} {tokens[i + 1].text}"))
                i += 2
                continue
            if low in ("'s", "’s") or (low in MODIFIERS_DROPPED and not words) or (low in ("his", "her", "its", "their") and not words):
                if low == "its" and not words:
                    ref = ctx.resolve_pronoun(sent, t, person=False)
                    if ref and ctx.kind_of(ref) == "country":
                        country = country or ref
                i += 1
                continue
            if t.is_punct and t.text not in ("-", "."):
                break
            words.append(t.text)
            i += 1
        # Drop trailing prepositions and places ("... in Seoul") after the organisation.
        while words and (words[-1].lower() in SMALL_WORDS or words[-1].lower() in ("its", "his", "her", "their")):
            words.pop()
        words = [w for w in words if w.lower() not in MODIFIERS_DROPPED]
        if not words or not any(_is_head(w) for w in words[:6]):
            return None
        text_words = self._join_hyphens(words)
        text = canonical_title(text_words)
        if len(text) > 90:
            return None
        lowered = text.lower()
        envoy = any(w.lower() in ENVOY_HEADS for w in text_words) or "nuclear envoy" in lowered
        if org is None:
            for pattern, body in IMPLIED_ORG:
                if pattern.search(text):
                    entry = ctx.kb.entries.get(body)
                    if entry is not None:
                        if entry.country == "*":
                            c = country or (self.person_country.get(holder) if holder else None) or ctx.home_country
                            org = ctx.national_body(entry, sent, tokens[0].i, country=c) if c else None
                        else:
                            ctx._register_kb(entry)
                            org = entry.key
        if org is not None:
            rec = ctx.entities.get(org)
            if rec and rec.country is None and country:
                org = ctx.rekey_national_body(org, country)
                rec = ctx.entities.get(org)
            country = country or (rec.country if rec else None)
        return Title(text=text, country=country, org=org, envoy=envoy)

    @staticmethod
    def _skip_mention(tokens, i, m: Mention) -> int:
        while i < len(tokens) and m.start <= tokens[i].i < m.end:
            i += 1
        return i

    @staticmethod
    def _join_hyphens(words: list[str]) -> list[str]:
        out: list[str] = []
        for w in words:
            if w == "-" and out:
                out[-1] += "-"
            elif out and out[-1].endswith("-"):
                out[-1] += w
            else:
                out.append(w)
        return out

    # ---- recording -----------------------------------------------------------------------

    def hold(self, person: str, title: Title, sent: Sentence, confidence: float) -> None:
        ctx = self.ctx
        if title.country is None:
            title.country = self.person_country.get(person) or (
                ctx.entities[title.org].country if title.org and title.org in ctx.entities else None)
        if title.country:
            self.person_country.setdefault(person, title.country)
        has_remit = bool(re.search(r"\b(for|of)\b", title.text, re.I))
        if title.org and not has_remit and not re.search(r"minister|secretary", title.text, re.I):
            scope = title.org
        else:
            scope = title.country or title.org or "unknown"
        key = f"post:{slug(title.text)}@{scope}"
        qualifier = None
        org_rec = ctx.entities.get(title.org) if title.org else None
        if org_rec and not has_remit and org_rec.kind not in ("ministry", "government"):
            qualifier = org_rec.label
        elif title.country and title.country in ctx.kb.entries:
            qualifier = ctx.kb.label(title.country)
        label = f"{title.text} ({qualifier})" if qualifier else title.text
        rec = ctx.entities.get(key)
        if rec is None:
            rec = ctx.entities[key] = EntityRecord(key=key, kind="post", label=label)
        rec.names.add(label)
        rec.country = rec.country or title.country
        rec.post_org = rec.post_org or title.org
        rec.envoy = rec.envoy or title.envoy
        ctx.note_span(key, sent)
        if title.country:
            ctx.register(title.country, "country", ctx.kb.label(title.country))
        self._relation("holdsPost", person, key, sent, confidence)
        ctx.post_holders.append((person, key))

    def _relation(self, predicate: str, subject: str, obj: str, sent: Sentence, confidence: float) -> None:
        if subject == obj:
            return

        def signature(p: str, s: str, o: str) -> tuple:
            return (p, *sorted((s, o))) if p == "counterpart" else (p, s, o)  # counterparts are symmetric

        sig = signature(predicate, subject, obj)
        ev = self.ctx.evidence(sent)
        for r in self.relations:
            if signature(r.predicate, r.subject, r.object) == sig:
                if ev not in r.evidence:
                    r.evidence.append(ev)
                r.confidence = max(r.confidence, confidence)
                return
        self.relations.append(Relation(evidence=[ev], confidence=confidence, predicate=predicate,
                                       subject=subject, object=obj))

    # ---- patterns ------------------------------------------------------------------------

    def read(self) -> list[Relation]:
        ctx = self.ctx
        for sent in ctx.sentences:
            if sent.caption:
                continue
            for m in ctx.sentence_mentions(sent):
                if m.kind != "person":
                    continue
                self._title_before(sent, m)
                self._apposition_after(sent, m)
                self._counterpart(sent, m)
        self._role_counterparts()
        return self.relations

    def _role_counterparts(self) -> None:
        """"South Korea's top nuclear envoy ... his US counterpart": both read from posts."""
        ctx = self.ctx
        for sent in ctx.sentences:
            if sent.caption:
                continue
            for tok in sent.span:
                if tok.lower_ != "counterpart" or ctx.mention_at(sent, tok) is not None:
                    continue
                nxt = ctx.docs[sent.para][tok.i + 1] if tok.i + 1 < len(ctx.docs[sent.para]) else None
                if nxt is not None and ctx.mention_at(sent, nxt) is not None:
                    continue  # named right after: handled by _counterpart
                target = ctx.role_holder(sent, tok)
                if not target or not any(c.lower_ in ("his", "her") for c in tok.children):
                    continue
                root = sent.span.root
                subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
                if not subj:
                    continue
                m = ctx.mention_at(sent, subj[0])
                owner = m.key if m is not None and m.kind == "person" else ctx.role_holder(sent, subj[0])
                if owner and owner != target:
                    self._relation("counterpart", owner, target, sent, 0.7)

    def _title_before(self, sent: Sentence, m: Mention) -> None:
        doc = self.ctx.docs[sent.para]
        j = m.start - 1
        if j >= sent.span.start and doc[j].text == ",":
            j -= 1  # "Seoul's special representative for ..., Lee Do-hoon"
            comma = True
        else:
            comma = False
        tokens = []
        while j >= sent.span.start and len(tokens) < 14:
            t = doc[j]
            other = self.ctx.mention_at(sent, t)
            if other is not None and other.kind == "person":
                break
            if t.pos_ in ("VERB", "AUX", "PRON") and t.lower_ not in ("its", "his", "her") or \
                    (t.is_punct and t.text not in ("-", "’s", "'s")) or t.lower_ in ("with", "by", "to", "from", "as", "between", "than", "and") and not comma:
                break
            if t.pos_ == "ADP" and t.lower_ not in ("for", "of", "at", "on") or t.pos_ == "CCONJ" and not comma:
                break
            tokens.insert(0, t)
            j -= 1
            if t.lower_ in ("the", "a", "an"):
                break
        if not tokens or not _is_head(tokens[-1].text) and not any(_is_head(t.text) for t in tokens):
            return
        if not comma and not _is_head(tokens[-1].text) and not re.search(
                r"\b(of|for)\b", " ".join(t.text for t in tokens)):
            return
        if not comma and tokens[-1].text[:1].islower() and len(tokens) == 1 and tokens[-1].lower_ not in TITLE_HEADS:
            return
        title = self.parse_title(sent, tokens, m.key)
        if title:
            self.hold(m.key, title, sent, 0.9 if not comma else 0.85)

    def _apposition_after(self, sent: Sentence, m: Mention) -> None:
        doc = self.ctx.docs[sent.para]
        j = m.end
        if j >= sent.span.end or doc[j].text != ",":
            return
        tokens = []
        j += 1
        while j < sent.span.end and len(tokens) < 30:
            t = doc[j]
            if t.text in (",", ";", ".", "(", ")", "—", "--", ":") or t.pos_ in ("VERB", "AUX") and \
                    t.dep_ not in ("amod", "compound") and t.lower_ != "ambassador-at-large":
                break  # a verb ends the apposition, but not a modifier ("a visiting scholar")
            other = self.ctx.mention_at(sent, t)
            if other is not None and other.kind == "person":
                break
            tokens.append(t)
            j += 1
        if not tokens:
            return
        # Several titles joined by "and": "the US deputy secretary of state and special representative"
        parts, current = [], []
        for k, t in enumerate(tokens):
            if t.lower_ == "and" and current and any(_is_head(x.text) for x in current) and \
                    any(_is_head(x.text) for x in tokens[k + 1:k + 4]):
                parts.append(current)
                current = []
            else:
                current.append(t)
        parts.append(current)
        lead_country = None
        for part in parts:
            if not part:
                continue
            title = self.parse_title(sent, part, m.key)
            if title is None:
                continue
            title.country = title.country or lead_country
            lead_country = title.country
            self.hold(m.key, title, sent, 0.85)

    def _counterpart(self, sent: Sentence, m: Mention) -> None:
        """"X and his Y counterpart Z" / "his counterpart, Z" / "Z ... his counterpart"."""
        doc = self.ctx.docs[sent.para]
        j = m.start - 1
        if j >= sent.span.start and doc[j].text == ",":
            j -= 1
        window = []
        while j >= sent.span.start and len(window) < 5:
            window.insert(0, doc[j])
            if doc[j].lower_ in ("his", "her", "their"):
                break
            j -= 1
        if not window or window[0].lower_ not in ("his", "her") or not any(
                t.lower_ in ("counterpart", "counterparts") for t in window):
            return
        other = None
        doc = self.ctx.docs[sent.para]
        for k in range(window[0].i - 1, max(sent.span.start, window[0].i - 10) - 1, -1):
            near = self.ctx.mention_at(sent, doc[k])
            if near is not None and near.kind == "person":
                other = near.key  # "Mike Pompeo and his North Korean counterpart Kim Yong-chol"
                break
        other = other or self.ctx.resolve_pronoun(sent, window[0], person=True)
        if other and other != m.key:
            self._relation("counterpart", other, m.key, sent, 0.8)
