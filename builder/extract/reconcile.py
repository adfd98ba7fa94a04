"""One event per real event: the mentions of an article's events merged.

Mentions are taken in the order of the text; each joins the latest event it can be a mention
of, or opens a new one:

- same class family (meetings, talks and summits are one family; visits another); an
  anaphor with a specific word ("the negotiations", "the summit") only joins its own class,
  and prefers an event named by the same word;
- compatible participants: the same set; none at all in a definite anaphor ("the meeting",
  "the Geneva session"); one person who is among the event's; or countries that the
  participants' posts cover ("envoys of Norway and Chile" and the two envoys);
- compatible time and place: equal when both are given (a place inside the other's country
  counts as equal), a day inside a visit's span;
- a postponement with a new date ("moved to Sunday") matches whatever the original date was.

The merged event keeps every participant and evidence sentence; its status is the strongest
reported (Cancelled > Held > Postponed > Planned > Proposed: a postponement overrides the
plan, a meeting finally held overrides its postponement); when a postponement gives a new
date, the new date is the start and the original one is kept as the time expression
"originally <as written> (<ISO date>)"; a postponement the text gives no new date keeps the
original date as its start (status Postponed and that date read together: "put back, it was
due on Friday"). A mention with no status (an event noun in a topic
phrase) opens no event. Then: a stay ends the visit of the same person; "an N-day visit"
ends N-1 days after it starts; a meeting of two heads of state or government of different
countries is a summit; a meeting one of whose participants is on a visit at its time and
place is `part_of` that visit and takes the visit's city when it has no place of its own.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

from ..model import Event
from .events import RANK, EventMention

FAMILY = {"Meeting": "Meeting", "Talks": "Meeting", "Summit": "Meeting", "WorkingGroupMeeting": "Meeting"}
GENERIC = {"meeting", "session", "consultation", "encounter", "discussion", "gathering", "visit", "trip", "stay",
           "tour", "journey"}


def _family(kind: str) -> str:
    return FAMILY.get(kind, kind)


def _day(iso: str | None) -> date | None:
    if iso and len(iso) == 10:
        try:
            return date.fromisoformat(iso)
        except ValueError:
            return None
    return None


class _Event:
    """An event being assembled from its mentions."""

    def __init__(self, m: EventMention):
        self.record = EventMention(**{f.name: getattr(m, f.name) for f in fields(EventMention)})
        self.record.participants = list(m.participants)
        self.record.evidence = list(m.evidence)
        self.record.requesters = list(m.requesters)
        if getattr(m, "_ended_at", False) and not self.record.start:  # no event before it: its own time
            self.record.start, self.record.end = self.record.end, None
        self.lemmas = {m.lemma}
        self.time_text = getattr(m, "_time_text", None) if m.start else None
        self.sents = {getattr(m, "_sent", -1)}
        self.last_sent_no = getattr(m, "_sent_no", 0)
        self.anchors = {getattr(m, "_anchor", None), getattr(m, "_trigger", None)}
        self.country_sides = set(getattr(m, "_country_sides", None) or ())
        self.original: str | None = None  # the date a postponement moved it from
        self.original_start: str | None = None
        self.moved = False
        self.place_countries = dict(getattr(m, "_place_countries", {}) or {})
        self.body_parties = dict(getattr(m, "_body_parties", None) or {})
        if m.new_start:  # "put back from Friday to Monday": Monday, originally Friday
            r = self.record
            if r.start and r.start != m.new_start:
                self.original_start, self.original = r.start, Reconciler._as_written(m)
            r.start, r.end, r.time_expression = m.new_start, m.new_end, None
            self.moved = True


def _place_in(a: str | None, b: str | None, countries: dict) -> bool:
    """Whether place a is b or lies in b."""
    return a is not None and (a == b or countries.get(a) == b)


class Reconciler:
    def __init__(self, mentions: list[EventMention]):
        self.mentions = sorted(mentions, key=lambda m: m.position)
        self.countries: dict[str, str] = {}  # place -> its country (from the mentions)
        self.people_countries: dict[str, str] = {}
        self.warnings: list[str] = []
        for m in self.mentions:
            self.countries.update(getattr(m, "_place_countries", {}) or {})
            self.people_countries.update(m.countries)

    # -- compatibility --

    def _places_ok(self, a: str | None, b: str | None) -> bool:
        return a is None or b is None or _place_in(a, b, self.countries) or _place_in(b, a, self.countries)

    def _times_ok(self, ev: _Event, m: EventMention) -> bool:
        r = ev.record
        if m.new_start:
            return True
        if not m.start or not r.start:
            return True
        if m.start == r.start or (ev.original_start and m.start == ev.original_start):
            return True
        if r.kind == "Visit" or m.kind == "Visit":  # a day inside a visit's span
            a, b = (r.start, r.end or r.start), (m.start, m.end or m.start)
            return a[0] <= b[1] and b[0] <= a[1]
        if len(r.start) != len(m.start):  # "in March" and "on March 3"
            short, long_ = sorted((r.start, m.start), key=len)
            return long_.startswith(short)
        return False

    def _covered(self, persons: set, countries: set) -> bool:
        """Whether the posts of these people cover exactly these countries."""
        of = {self.people_countries.get(p) for p in persons}
        return None not in of and of == countries

    def _sides_only(self, ev: _Event, m: EventMention) -> bool:
        """An event named only by the countries taking part ("envoys of Chile, Peru and Kenya will
        meet"), whose people a later mention names, even a distinct one ("joined by X for talks")."""
        sides = set(ev.record.participants)
        return bool(sides) and sides <= ev.country_sides and self._covered(set(m.participants), sides)

    def _within(self, persons: set, countries: set) -> bool:
        """Whether these people all represent some of these countries."""
        of = {self.people_countries.get(p) for p in persons}
        return bool(persons) and None not in of and of <= countries

    def _participants_ok(self, ev: _Event, m: EventMention) -> bool:
        a, b = set(ev.record.participants), set(m.participants)
        if a == b:
            return bool(a) or m.anaphor or bool(m.start and m.start == ev.record.start) or \
                bool(m.new_start) or (m.location is not None and m.location == ev.record.location)
        if not b:  # "the meeting"; or a mention whose people the reader could not name, at the same time and place
            return m.anaphor or bool(m.new_start) or bool(
                m.start and m.start == ev.record.start and m.location and m.location == ev.record.location)
        if not a:  # an event whose people the reader could not name, and a definite mention of it
            return m.anaphor or ev.record.anaphor
        if len(b) == 1 and b < a or len(a) == 1 and a < b:
            return m.anaphor or ev.record.anaphor or m.kind == "Visit" or bool(m.new_start)
        if self._covered(a, b) or self._covered(b, a):
            return True
        if (m.anaphor or ev.record.anaphor) and (self._within(a, b) or self._within(b, a)):
            return True  # "envoys of Chile and Peru met ... The session was hosted by Pablo Rojas"
        if m.kind == "Visit" and a & b:
            return True
        if self._body_and_its_people(ev, m) or self._body_and_its_people(m, ev):
            return True
        return False

    def _body_and_its_people(self, x, y) -> bool:
        """ "the commission holds its first session in Lima" and "Holm will meet Rojas": a
        joint body's meeting and a meeting of people whose posts are exactly the body's
        parties (one of each) are one meeting."""
        rx = x.record if isinstance(x, _Event) else x
        ry = y.record if isinstance(y, _Event) else y
        bodies = getattr(x, "body_parties", None) if isinstance(x, _Event) else getattr(x, "_body_parties", None)
        if not bodies or set(rx.participants) != set(bodies):
            return False
        parties = set().union(*bodies.values())
        persons = [p for p in ry.participants if p in self.people_countries]
        return len(persons) == len(parties) and self._covered(set(persons), parties) and \
            all(p in persons or self.people_countries.get(p) or p in parties for p in ry.participants)

    def _class_ok(self, ev: _Event, m: EventMention) -> bool:
        if _family(ev.record.kind) != _family(m.kind):
            return False
        if m.anaphor and m.lemma not in GENERIC and ev.record.kind != m.kind and m.lemma not in ev.lemmas:
            # "the talks" may name a plain meeting, or a joint body's
            return m.kind == "Talks" and ev.record.kind in ("Meeting", "WorkingGroupMeeting")
        return True

    def _find(self, events: list[_Event], m: EventMention) -> _Event | None:
        candidates = [ev for ev in reversed(events) if self._class_ok(ev, m) and self._times_ok(ev, m)
                      and self._places_ok(ev.record.location, m.location) and self._participants_ok(ev, m)]
        if not candidates and m.anaphor and m.lemma in GENERIC:
            # "the session", "the meeting": the event of the sentence before (or this one), whoever it names
            here = getattr(m, "_sent_no", 0)
            candidates = [ev for ev in reversed(events) if self._class_ok(ev, m) and self._times_ok(ev, m)
                          and self._places_ok(ev.record.location, m.location) and here - 1 <= ev.last_sent_no <= here]
        if not candidates:
            return None
        # the event named last comes first: one opened early and named again since is as recent
        candidates.sort(key=lambda ev: -ev.last_sent_no)
        if m.anaphor:  # the latest event named by the same word, else of the class, else of the family
            for ev in candidates:
                if m.lemma in ev.lemmas:
                    return ev
            if m.lemma not in GENERIC:  # "the talks": talks before a plain meeting; "the meeting": the latest
                for ev in candidates:
                    if ev.record.kind == m.kind:
                        return ev
        return candidates[0]

    # -- merging --

    def _merge(self, ev: _Event, m: EventMention) -> None:
        r = ev.record
        people = [p for p in r.participants + m.participants]
        merged: list[str] = []
        for p in people:
            if p not in merged:
                merged.append(p)
        persons = {p for p in merged if p in self.people_countries}
        covered = {self.people_countries[p] for p in persons}
        r.participants = [p for p in merged if p not in covered or p in persons] if persons else merged
        if r.location is None or _place_in(m.location, r.location, self.countries):
            r.location = m.location or r.location
        if m.new_start:
            if r.start and r.start != m.new_start and not ev.moved:
                ev.original_start = r.start
                ev.original = f"originally {ev.time_text} ({r.start})" if ev.time_text else f"originally {r.start}"
            r.start, r.end = m.new_start, m.new_end
            r.time_expression = None
            ev.moved = True
        elif m.start:
            if ev.moved and r.start and m.start != r.start:
                ev.original_start = ev.original_start or m.start
                ev.original = ev.original or self._as_written(m)
            elif not r.start:
                r.start = m.start
                r.time_expression = None
                ev.time_text = getattr(m, "_time_text", None)
            r.end = r.end or m.end
        elif m.end and not r.end:
            r.end = m.end
        if not r.start and not r.time_expression and m.time_expression:
            r.time_expression = m.time_expression
        if m.status and (not r.status or RANK[m.status] >= RANK[r.status]):
            r.status = m.status
        r.requesters += [k for k in m.requesters if k not in r.requesters]
        r.requested_by = r.requesters[0] if r.requesters else r.requested_by
        r.outcome = r.outcome or m.outcome
        r.topics += [t for t in m.topics if t not in r.topics]  # what each mention says it is about
        r.evidence += [s for s in m.evidence if s not in r.evidence]
        r.confidence = max(r.confidence, m.confidence)
        r.heads = r.heads | m.heads
        r.duration = r.duration or m.duration
        r.anaphor = r.anaphor and m.anaphor
        if r.kind != m.kind and RANK_CLASS.get(m.kind, 0) > RANK_CLASS.get(r.kind, 0):
            r.kind = m.kind
        ev.lemmas.add(m.lemma)
        ev.sents.add(getattr(m, "_sent", -1))
        ev.last_sent_no = max(ev.last_sent_no, getattr(m, "_sent_no", 0))
        ev.anchors |= {getattr(m, "_anchor", None), getattr(m, "_trigger", None)}
        ev.country_sides |= set(getattr(m, "_country_sides", None) or ())

    @staticmethod
    def _as_written(m) -> str | None:
        expr = getattr(m, "_time_text", None)
        if expr and m.start:
            return f"originally {expr} ({m.start})"
        return f"originally {m.start}" if m.start else None

    # -- the article --

    def run(self) -> list[Event]:
        events: list[_Event] = []
        for m in self.mentions:
            try:
                self._take(events, m)
            except Exception as exc:  # noqa: BLE001 - one mention's bug costs that mention, not the article
                self.warnings.append(f"reconciling the event mention {m.trigger!r} failed ({type(exc).__name__}: {exc})")
        events = [ev for ev in events if ev.record.status]
        for ev in events:
            try:
                self._finish(ev)
            except Exception as exc:  # noqa: BLE001
                self.warnings.append(f"finishing the event {ev.record.trigger!r} failed ({type(exc).__name__}: {exc})")
        events = [ev for ev in events if ev.record.status]
        try:
            self._part_of(events)
        except Exception as exc:  # noqa: BLE001
            self.warnings.append(f"placing meetings within visits failed ({type(exc).__name__}: {exc})")
        return self._records(events)

    def _take(self, events: list[_Event], m: EventMention) -> None:
        """One mention, in the order of the text: it joins an event or opens one."""
        if m.stay:  # in the order of the text: a stay places the visit before an onward trip is read
            self._stay([ev for ev in events if ev.record.status], m)
            return
        # a distinct mention ("a separate session", "joined by X for talks") only joins the
        # mention of its own clause ("joined" and the talks it carries)
        pool = [ev for ev in events if getattr(m, "_anchor", None) in ev.anchors or self._sides_only(ev, m)] \
            if m.distinct else events
        if getattr(m, "_within_visit", False):  # "during the visit": only events inside that visit
            visit = next((ev for ev in reversed(events) if ev.record.kind == "Visit" and ev.record.status), None)
            if visit is not None:
                pool = [ev for ev in pool if ev is visit or self._inside(ev.record, visit.record)]
        target = self._find(pool, m)
        if target is not None:
            self._merge(target, m)
        elif m.status:
            ev = _Event(m)
            if m.anaphor and m.participants and (m.start or m.location):
                # "their talks in Lima on May 3" with nothing before it to refer to: an event of its
                # own, told in full; only a bare anaphor stays open to whoever a later mention names
                ev.record.anaphor = False
            events.append(ev)

    def _inside(self, r: EventMention, v: EventMention) -> bool:
        """Whether an event can lie within a visit: its day within the visit's days, its place
        within the visit's (either may be unknown)."""
        if r.start and v.start:
            end = v.end or v.start
            if not (v.start[:len(r.start)] <= r.start <= end[:len(r.start)] or r.start[:len(v.start)] == v.start):
                return False
        return self._places_ok(r.location, v.location)

    def _records(self, events: list[_Event]) -> list[Event]:
        out = []
        seen: dict[tuple, int] = {}
        for ev in events:
            r = ev.record
            rec = Event(**{f.name: getattr(r, f.name) for f in fields(Event)})
            if ev.original:
                rec.time_expression = ev.original
            # the node of an event is named by its class, first sentence, trigger and participants;
            # events one clause gives ("met in Lima on May 3 and in Quito on May 9") need apart names
            key = (rec.kind, rec.evidence[0].start if rec.evidence else None, rec.trigger, *rec.participants)
            n = seen.get(key, 0)
            seen[key] = n + 1
            if n:
                rec.trigger = f"{rec.trigger}#{n + 1}"
            out.append(rec)
        return out

    def _stay(self, events: list[_Event], s: EventMention) -> None:
        """ "will remain in Lima until Friday": the end of the visit of the same person."""
        for ev in reversed(events):
            r = ev.record
            if r.kind != "Visit" or not set(s.participants) & set(r.participants):
                continue
            if not self._places_ok(r.location, s.location):
                continue
            if s.end and not r.end and (not r.start or r.start <= s.end):
                r.end = s.end
            r.location = r.location or s.location
            r.evidence += [e for e in s.evidence if e not in r.evidence]
            return

    def _finish(self, ev: _Event) -> None:
        r = ev.record
        if r.kind == "Visit" and r.duration and not r.end:
            start = _day(r.start)
            if start is not None:
                r.end = (start + timedelta(days=r.duration - 1)).isoformat()
        if _family(r.kind) == "Meeting" and r.kind != "Summit":
            heads = [p for p in r.participants if p in r.heads]
            countries = {self.people_countries.get(p) for p in heads}
            if len(heads) >= 2 and (None in countries or len(countries) == len(heads)):
                r.kind = "Summit"
        if r.status == "Held" and r.start and r.published and r.start > r.published:
            r.status = None  # a past tense for a day still to come: the reading is wrong somewhere
        if r.end and r.start and r.end < r.start:
            r.end = None

    def _part_of(self, events: list[_Event]) -> None:
        visits = [(i, ev) for i, ev in enumerate(events) if ev.record.kind == "Visit" and ev.record.status != "Cancelled"]
        for ev in events:
            r = ev.record
            if r.kind == "Visit":
                continue
            for i, v in visits:
                vr = v.record
                if not set(vr.participants) & set(r.participants):
                    continue
                if r.location and vr.location and not (_place_in(r.location, vr.location, self.countries)
                                                        or _place_in(vr.location, r.location, self.countries)):
                    continue
                inside = False
                if r.start and vr.start:
                    end = vr.end or vr.start
                    inside = vr.start <= r.start[:len(vr.start)] and r.start[:len(end)] <= end
                    if not vr.end and r.start != vr.start:
                        inside = inside and r.location is not None and r.location == vr.location
                elif not r.start or not vr.start:
                    inside = (r.location is not None and r.location == vr.location) or bool(ev.sents & v.sents)
                if inside:
                    r.part_of = i
                    break
        # a visit the text gives no place takes the city of the meetings within it, when they agree;
        # then a meeting with no place of its own takes the visit's
        for i, v in visits:
            if v.record.location is None:
                places = {ev.record.location for ev in events if ev.record.part_of == i and ev.record.location}
                if len(places) == 1:
                    v.record.location = places.pop()
        for ev in events:
            if ev.record.part_of is not None and ev.record.location is None:
                ev.record.location = events[ev.record.part_of].record.location


# when two mentions of one event name it by different classes, the more specific one wins
RANK_CLASS = {"Meeting": 1, "Talks": 2, "WorkingGroupMeeting": 3, "Summit": 3}


def reconcile_events(mentions: list[EventMention], warnings: list[str] | None = None) -> list[Event]:
    """The article's events; what could not be reconciled is left out, with a warning."""
    rec = Reconciler(mentions)
    events = rec.run()
    if warnings is not None:
        warnings.extend(f"[W910] {w}; that event was left out. Please report it with the article." for w in rec.warnings)
    return events
