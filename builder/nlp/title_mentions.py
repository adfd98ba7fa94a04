"""The mention layer as the titles component reads and mends it.

A title phrase is where the entity recogniser most often goes wrong: it misses the name after
a long title ("... for Economic Relations Pablo Rojas"), swallows it into an organisation
("... of the Foreign Ministry Namazu Hiroyuki"), takes a title word for part of a name, or cuts
an organisation's name. `MentionRepairs` indexes `doc.spans["mentions"]` by token and makes
the few repairs the titles need, with the keys the mentions component would give (person keys
from `names.person_key`, organisation keys `kind:slug`, a national body of the KB keyed for
its country), keeping `Doc._.entities` and `Doc._.refs` in step.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..kb import normalise_quotes
from ..model import EntityRecord
from ..names import org_kind_from_name, person_key, slug
from .layers import MENTIONS

ORG_KINDS = ("ministry", "government", "institute", "international", "organization", "outlet",
             "workinggroup")


class MentionRepairs:
    """The mention layer, indexed by token, with the few repairs the titles need."""

    def __init__(self, doc: Doc, kb):
        self.doc, self.kb = doc, kb
        self.spans: list[Span] = list(doc.spans.get(MENTIONS, []))
        self.at: dict[int, Span] = {i: s for s in self.spans for i in range(s.start, s.end)}
        self.changed = False
        self.created: set[str] = set()
        if doc._.entities is None:
            doc._.entities = {}
        if doc._.refs is None:
            doc._.refs = {}

    def get(self, i: int) -> Span | None:
        return self.at.get(i)

    def starting(self, i: int) -> Span | None:
        m = self.at.get(i)
        return m if m is not None and m.start == i else None

    def _register(self, key: str, kind: str, label: str, country: str | None = None) -> None:
        ents = self.doc._.entities
        rec = ents.get(key)
        if rec is None:
            rec = ents[key] = EntityRecord(key=key, kind=kind, label=label)
        rec.names.add(label)
        rec.country = rec.country or country

    def add(self, start: int, end: int, kind: str, key: str, label: str,
            country: str | None = None) -> Span | None:
        if any(i in self.at for i in range(start, end)):
            return None
        span = Span(self.doc, start, end, label=kind, kb_id=key)
        if kind in ORG_KINDS:
            span._.country = country
        self.spans.append(span)
        for i in range(start, end):
            self.at[i] = span
            self.doc._.refs[i] = (key,)
        self._register(key, kind, label, country)
        self.changed = True
        return span

    def remove(self, span: Span) -> None:
        self.spans = [s for s in self.spans if not (s.start == span.start and s.end == span.end)]
        for i in range(span.start, span.end):
            self.at.pop(i, None)
            self.doc._.refs.pop(i, None)
        if span.label_ == "person" and not any(s.kb_id_ == span.kb_id_ for s in self.spans):
            self.doc._.entities.pop(span.kb_id_, None)  # a name re-read without its title
        self.changed = True

    def add_person(self, start: int, end: int) -> Span | None:
        text = normalise_quotes(self.doc[start:end].text)
        if self.kb.is_known_name(text):
            return None
        return self.add(start, end, "person", person_key(text), text)

    def add_org(self, start: int, end: int, country: str | None) -> Span | None:
        text = normalise_quotes(self.doc[start:end].text)
        entry = self.kb.lookup(text)
        if entry is not None and entry.kind in ORG_KINDS:
            key, kind, label = entry.key, entry.kind, entry.label
        else:
            kind = org_kind_from_name(text)
            kind = kind if kind in ORG_KINDS else "organization"
            if kind == "organization" and text.split()[-1].lower() in ("government", "administration", "cabinet"):
                kind = "government"
            key, label = f"{kind}:{slug(text)}", text
            if country and kind in ("ministry", "government"):  # a national body: one per country
                key, label = f"{key}-{country}", f"{text} ({self.kb.label(country)})"
            self.created.add(key)
        return self.add(start, end, kind, key, label, country)

    def localise(self, span: Span, country: str | None) -> Span:
        """A national body this component read ("the Ministry of Trade"), once the title gives
        its country ("of Japan"): keyed and labelled for that country."""
        if span.kb_id_ not in self.created or not country or span.label_ not in ("ministry", "government") \
                or span._.country:
            return span
        self.remove(span)
        return self.add_org(span.start, span.end, country) or span

    def national(self, span: Span, country: str | None) -> Span:
        """A national body of the KB ("Ministry of Foreign Affairs": every country has one)
        keyed for its country once the title names the country, as the mentions key it."""
        entry = self.kb.entries.get(span.kb_id_.split("@")[0])
        if entry is None or entry.country != "*" or not country:
            return span
        label = f"{entry.label} ({self.kb.label(country)})"
        self.remove(span)
        return self.add(span.start, span.end, entry.kind, f"{entry.key}-{country}", label, country) or span

    def entity(self, key: str) -> EntityRecord | None:
        return self.doc._.entities.get(key)

    def commit(self) -> None:
        if self.changed:
            self.doc.spans[MENTIONS] = sorted(self.spans, key=lambda s: (s.start, s.end))
