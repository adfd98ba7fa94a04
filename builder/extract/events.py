"""Events, read off the frames layer: class, participants, place, time and status.

Each frame match opens one event mention; the argument reader turns its role tokens into
entities, the time layer gives its dates, and the status comes from the clause of its anchor.
Mentions of one real event are merged afterwards (`reconcile`).
"""
from __future__ import annotations

from ..model import Event
from .reading import ArticleReading


def _status(anchor) -> str | None:
    aux = {c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "'ll", "shall"}:
        return "Planned"
    if anchor.tag_ == "VBD" or (anchor.tag_ == "VBN" and aux & {"has", "have", "had"}):
        return "Held"
    return None


def read_events(reading: ArticleReading) -> list[Event]:
    doc, args = reading.doc, reading.args
    events: list[Event] = []
    for frame in doc._.frames or ():
        trigger = doc[frame.trigger]
        if reading.in_caption(trigger):
            continue
        with reading.guard("an event", trigger.sent):
            participants: list[str] = []
            for i in frame.roles.get("participant", ()):
                participants += [k for k in args.agents(doc[i]) if k not in participants]
            place = next((p for i in frame.roles.get("place", ()) if (p := args.place(doc[i]))), None)
            when = next((t for i in frame.roles.get("time", ()) if (t := args.time(doc[i]))), None)
            status = _status(doc[frame.anchor])
            if status is None:
                continue
            events.append(Event(evidence=[reading.evidence(trigger.sent)], confidence=0.7, kind=frame.event_class,
                                participants=participants, location=place,
                                start=when.start if when else None, end=when.end if when else None,
                                time_expression=when.expression if when and not when.start else None,
                                status=status, trigger=trigger.text))
    return events
